/* SPDX-License-Identifier: MIT */
/*
 * fw/sha2.h - SHA-256, SHA-384 and SHA-512 (FIPS 180-4). The one
 * implementation for all freestanding code: firmware, tetdg-early, agents.
 */
#ifndef FW_SHA2_H
#define FW_SHA2_H
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA384_DIGEST_SIZE 48
#define SHA512_DIGEST_SIZE 64

struct sha256_ctx {
	uint32_t h[8];
	uint64_t bytes;
	uint8_t buf[64];
	size_t fill;
};

struct sha512_ctx {
	uint64_t h[8];
	uint64_t bytes; /* messages beyond 2^64 bytes are not supported */
	uint8_t buf[128];
	size_t fill;
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE]);
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);

void sha384_init(struct sha512_ctx *c);
void sha512_init(struct sha512_ctx *c);
void sha512_update(struct sha512_ctx *c, const void *data, size_t len);
#define sha384_update sha512_update
void sha384_final(struct sha512_ctx *c, uint8_t out[SHA384_DIGEST_SIZE]);
void sha512_final(struct sha512_ctx *c, uint8_t out[SHA512_DIGEST_SIZE]);
void sha384(const void *data, size_t len, uint8_t out[SHA384_DIGEST_SIZE]);
void sha512(const void *data, size_t len, uint8_t out[SHA512_DIGEST_SIZE]);
#endif
