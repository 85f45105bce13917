/* SPDX-License-Identifier: MIT */
/*
 * agents/keyvault/keyvault.c - a MAC key the kernel never sees. The key is
 * derived at init from the agent's seed (env->seed, itself derived by the
 * firmware from the zone key): key = HMAC-SHA-256(seed, "keyvault"). It
 * lives only in zone memory.
 *   fn 1: HMAC-SHA-256(key, input) - 32 bytes
 *   fn 2: the public identifier SHA-256(key) - 32 bytes; never the key
 */
#include "agent.h"

#define KV_FN_MAC 1
#define KV_FN_ID  2

TETD_AGENT("keyvault", 3, TETD_AGENT_VERSION(1, 0, 0),
	   TETD_MODE_EXCLUSIVE | TETD_MODE_COLLABORATIVE, 0x4000, 0, 0);

static uint8_t key[SHA256_DIGEST_SIZE];

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

static const struct agent_fn kv_fns[] = {
	{ KV_FN_MAC, mac },
	{ KV_FN_ID, identify },
};

int agent_init(struct tetd_agent_env *env)
{
	static const char label[] = "keyvault";
	uint8_t id[SHA256_DIGEST_SIZE];

	hmac_sha256(env->seed, sizeof(env->seed), label, sizeof(label) - 1, key);
	int r = agent_register_fns(kv_fns, sizeof(kv_fns) / sizeof(kv_fns[0]));
	if (r != TETD_OK)
		return r;
	sha256(key, sizeof(key), id);
	agent_printf("keyvault: key ready, id %02x%02x%02x%02x%02x%02x%02x%02x...", id[0], id[1],
		     id[2], id[3], id[4], id[5], id[6], id[7]);
	return TETD_OK;
}
