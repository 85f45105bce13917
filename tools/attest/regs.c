// SPDX-License-Identifier: MIT
/*
 * tools/attest/regs.c - SHA-384 and SHA-256, the RTMR and PCR extends,
 * tagged event data and the nonce-carrying command line (regs.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "regs.h"

void measure_sha384(const void *p, size_t n, uint8_t out[48])
{
	unsigned len = 0;

	if (EVP_Digest(p, n, out, &len, EVP_sha384(), NULL) != 1 || len != 48)
		abort();                    /* libcrypto without SHA-384: nothing to verify with */
}

void measure_extend(uint8_t reg[48], const uint8_t digest[48])
{
	uint8_t cat[96];

	memcpy(cat, reg, 48);
	memcpy(cat + 48, digest, 48);
	measure_sha384(cat, sizeof(cat), reg);
}

void measure_sha256(const void *p, size_t n, uint8_t out[32])
{
	unsigned len = 0;

	if (EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) != 1 || len != 32)
		abort();
}

void measure_extend256(uint8_t reg[32], const uint8_t digest[32])
{
	uint8_t cat[64];

	memcpy(cat, reg, 32);
	memcpy(cat + 32, digest, 32);
	measure_sha256(cat, sizeof(cat), reg);
}

size_t measure_tagged(uint32_t tag, const void *ev, uint32_t len, uint8_t *out)
{
	if (len > MEASURE_TAGGED_MAX - 8)
		abort();
	/* little-endian, as the firmware stores them */
	for (int i = 0; i < 4; i++) {
		out[i] = (uint8_t)(tag >> (8 * i));
		out[4 + i] = (uint8_t)(len >> (8 * i));
	}
	memcpy(out + 8, ev, len);
	return 8 + (size_t)len;
}

char *measure_cmdline(const char *base, const char *nonce_hex)
{
	size_t n = strlen(base) + (nonce_hex ? strlen(MEASURE_NONCE_KEY) + strlen(nonce_hex) : 0);
	char *s = malloc(n + 1);

	if (!s)
		return NULL;
	snprintf(s, n + 1, "%s%s%s", base, nonce_hex ? MEASURE_NONCE_KEY : "",
		 nonce_hex ? nonce_hex : "");
	return s;
}
