/* SPDX-License-Identifier: MIT */
/*
 * fw/hmac.h - HMAC-SHA-256 and HMAC-SHA-384 (RFC 2104, FIPS 198-1) over
 * fw/sha2.c. The one HMAC for all freestanding code: the firmware (zone
 * and per-agent seed derivation) and the agent SDK build this same file.
 */
#ifndef FW_HMAC_H
#define FW_HMAC_H
#include <stddef.h>
#include <stdint.h>
#include "sha2.h"

struct hmac_sha256_ctx {
	struct sha256_ctx inner, outer;
};

struct hmac_sha384_ctx {
	struct sha512_ctx inner, outer;
};

/* Keys of any length; longer than the block size are hashed first. */
void hmac_sha256_init(struct hmac_sha256_ctx *c, const void *key, size_t klen);
void hmac_sha256_update(struct hmac_sha256_ctx *c, const void *data, size_t len);
void hmac_sha256_final(struct hmac_sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE]);
void hmac_sha256(const void *key, size_t klen, const void *data, size_t len,
		 uint8_t out[SHA256_DIGEST_SIZE]);

void hmac_sha384_init(struct hmac_sha384_ctx *c, const void *key, size_t klen);
void hmac_sha384_update(struct hmac_sha384_ctx *c, const void *data, size_t len);
void hmac_sha384_final(struct hmac_sha384_ctx *c, uint8_t out[SHA384_DIGEST_SIZE]);
void hmac_sha384(const void *key, size_t klen, const void *data, size_t len,
		 uint8_t out[SHA384_DIGEST_SIZE]);

/* Overwrite secret bytes so the compiler cannot drop the stores. */
void secure_wipe(void *p, size_t n);

/* Constant-time comparison: 0 when equal (MACs, digests of secrets). */
int ct_memcmp(const void *a, const void *b, size_t n);
#endif
