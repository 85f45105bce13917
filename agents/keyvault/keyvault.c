/* SPDX-License-Identifier: MIT */
/*
 * agents/keyvault/keyvault.c - keys the kernel never sees. Both are
 * derived at init from the agent's seed (env->seed, itself derived by the
 * firmware from the zone key) and live only in zone memory:
 *   MAC key          = HMAC-SHA-256(seed, "keyvault")
 *   Ed25519 key seed = HMAC-SHA-256(seed, "keyvault ed25519") (RFC 8032
 *                      private key; its public key is computed at init)
 *   fn 1: HMAC-SHA-256(MAC key, input) - 32 bytes
 *   fn 2: the public identifier SHA-256(MAC key) - 32 bytes; never the key
 *   fn 3: Ed25519 signature over exactly the input (RFC 8032 5.1.6) - 64 bytes
 *   fn 4: the Ed25519 public key - 32 bytes
 */
#include "agent.h"
#include "ed25519.h"

#define KV_FN_MAC    1
#define KV_FN_ID     2
#define KV_FN_SIGN   3
#define KV_FN_PUBKEY 4

TETD_AGENT("keyvault", 3, TETD_AGENT_VERSION(1, 1, 0),
	   TETD_MODE_EXCLUSIVE | TETD_MODE_COLLABORATIVE, 0x4000, 0, 0);

static uint8_t key[SHA256_DIGEST_SIZE];
static uint8_t sign_seed[ED25519_SEED_SIZE];
static uint8_t sign_pub[ED25519_PUBLIC_KEY_SIZE];

static int mac(struct tetd_call *c)
{
	uint8_t out[SHA256_DIGEST_SIZE];
	if (agent_call_check(c) != TETD_OK)
		return TETD_E_INVAL;
	hmac_sha256(key, sizeof(key), c->in, c->in_len, out);
	return agent_call_reply(c, out, sizeof(out));
}

static int identify(struct tetd_call *c)
{
	uint8_t id[SHA256_DIGEST_SIZE];
	if (agent_call_check(c) != TETD_OK)
		return TETD_E_INVAL;
	sha256(key, sizeof(key), id);
	return agent_call_reply(c, id, sizeof(id));
}

static int sign(struct tetd_call *c)
{
	uint8_t sig[ED25519_SIGNATURE_SIZE];
	if (agent_call_check(c) != TETD_OK)
		return TETD_E_INVAL;
	if (c->out_len < sizeof(sig)) { /* refuse before spending a signature */
		c->out_len = 0;
		return TETD_E_NOSPC;
	}
	ed25519_sign(sign_seed, sign_pub, c->in, c->in_len, sig);
	return agent_call_reply(c, sig, sizeof(sig));
}

static int public_key(struct tetd_call *c)
{
	if (agent_call_check(c) != TETD_OK)
		return TETD_E_INVAL;
	return agent_call_reply(c, sign_pub, sizeof(sign_pub));
}

static const struct agent_fn kv_fns[] = {
	{ KV_FN_MAC, mac },
	{ KV_FN_ID, identify },
	{ KV_FN_SIGN, sign },
	{ KV_FN_PUBKEY, public_key },
};

int agent_init(struct tetd_agent_env *env)
{
	static const char label[] = "keyvault";
	static const char sign_label[] = "keyvault ed25519";
	uint8_t id[SHA256_DIGEST_SIZE];

	hmac_sha256(env->seed, sizeof(env->seed), label, sizeof(label) - 1, key);
	hmac_sha256(env->seed, sizeof(env->seed), sign_label, sizeof(sign_label) - 1, sign_seed);
	ed25519_public_key(sign_seed, sign_pub);
	int r = agent_register_fns(kv_fns, sizeof(kv_fns) / sizeof(kv_fns[0]));
	if (r != TETD_OK)
		return r;
	sha256(key, sizeof(key), id);
	agent_printf("keyvault: key ready, id %02x%02x%02x%02x%02x%02x%02x%02x..., "
		     "ed25519 %02x%02x%02x%02x%02x%02x%02x%02x...",
		     id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7], sign_pub[0],
		     sign_pub[1], sign_pub[2], sign_pub[3], sign_pub[4], sign_pub[5], sign_pub[6],
		     sign_pub[7]);
	return TETD_OK;
}
