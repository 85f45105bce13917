/* SPDX-License-Identifier: MIT */
/*
 * fw/hmac.c - HMAC-SHA-256 / HMAC-SHA-384 (RFC 2104) on fw/sha2.c, plus
 * the two helpers every user of a key needs: a wipe the compiler keeps and
 * a constant-time compare. Key pads are wiped after use: the callers hold
 * zone-derived secrets, and stack residue outlives the call.
 */
#include "hmac.h"
#include "fwstring.h"

void secure_wipe(void *p, size_t n)
{
	memset(p, 0, n);
	/* The asm "reads" p, so the stores above are not dead. */
	__asm__ volatile("" : : "r"(p) : "memory");
}

int ct_memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	uint8_t d = 0;
	for (size_t i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d != 0;
}

/* ---- HMAC-SHA-256: block 64 ---- */

void hmac_sha256_init(struct hmac_sha256_ctx *c, const void *key, size_t klen)
{
	uint8_t k[64], pad[64];
	memset(k, 0, sizeof(k));
	if (klen > sizeof(k))
		sha256(key, klen, k);
	else if (klen)
		memcpy(k, key, klen);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	sha256_init(&c->inner);
	sha256_update(&c->inner, pad, sizeof(pad));
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	sha256_init(&c->outer);
	sha256_update(&c->outer, pad, sizeof(pad));
	secure_wipe(k, sizeof(k));
	secure_wipe(pad, sizeof(pad));
}

void hmac_sha256_update(struct hmac_sha256_ctx *c, const void *data, size_t len)
{
	sha256_update(&c->inner, data, len);
}

void hmac_sha256_final(struct hmac_sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE])
{
	uint8_t ih[SHA256_DIGEST_SIZE];
	sha256_final(&c->inner, ih);
	sha256_update(&c->outer, ih, sizeof(ih));
	sha256_final(&c->outer, out);
	secure_wipe(ih, sizeof(ih));
	secure_wipe(c, sizeof(*c));
}

void hmac_sha256(const void *key, size_t klen, const void *data, size_t len,
		 uint8_t out[SHA256_DIGEST_SIZE])
{
	struct hmac_sha256_ctx c;
	hmac_sha256_init(&c, key, klen);
	hmac_sha256_update(&c, data, len);
	hmac_sha256_final(&c, out);
}

/* ---- HMAC-SHA-384: block 128 ---- */

void hmac_sha384_init(struct hmac_sha384_ctx *c, const void *key, size_t klen)
{
	uint8_t k[128], pad[128];
	memset(k, 0, sizeof(k));
	if (klen > sizeof(k))
		sha384(key, klen, k);
	else if (klen)
		memcpy(k, key, klen);
	for (int i = 0; i < 128; i++)
		pad[i] = k[i] ^ 0x36;
	sha384_init(&c->inner);
	sha384_update(&c->inner, pad, sizeof(pad));
	for (int i = 0; i < 128; i++)
		pad[i] = k[i] ^ 0x5c;
	sha384_init(&c->outer);
	sha384_update(&c->outer, pad, sizeof(pad));
	secure_wipe(k, sizeof(k));
	secure_wipe(pad, sizeof(pad));
}

void hmac_sha384_update(struct hmac_sha384_ctx *c, const void *data, size_t len)
{
	sha384_update(&c->inner, data, len);
}

void hmac_sha384_final(struct hmac_sha384_ctx *c, uint8_t out[SHA384_DIGEST_SIZE])
{
	uint8_t ih[SHA384_DIGEST_SIZE];
	sha384_final(&c->inner, ih);
	sha384_update(&c->outer, ih, sizeof(ih));
	sha384_final(&c->outer, out);
	secure_wipe(ih, sizeof(ih));
	secure_wipe(c, sizeof(*c));
}

void hmac_sha384(const void *key, size_t klen, const void *data, size_t len,
		 uint8_t out[SHA384_DIGEST_SIZE])
{
	struct hmac_sha384_ctx c;
	hmac_sha384_init(&c, key, klen);
	hmac_sha384_update(&c, data, len);
	hmac_sha384_final(&c, out);
}
