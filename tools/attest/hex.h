/* SPDX-License-Identifier: MIT */
/*
 * tools/attest/hex.h - hex encoding for the attestation tools: digests are
 * lower-case hex in every output and input (JSON, command line).
 */
#ifndef TOOLS_HEX_H
#define TOOLS_HEX_H
#include <stddef.h>
#include <stdint.h>

static inline int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly 2n hex digits (either case) into out[0..n): 0, else -1. */
static inline int hex_decode(const char *s, size_t slen, uint8_t *out, size_t n)
{
	if (slen != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* out: 2n + 1 bytes. */
static inline void hex_encode(const uint8_t *p, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[p[i] >> 4];
		out[2 * i + 1] = d[p[i] & 15];
	}
	out[2 * n] = 0;
}

/* A 48-byte digest as hex, in a caller's buffer (for messages). */
#define HEX48_LEN 97
static inline const char *hex48(const uint8_t p[48], char out[HEX48_LEN])
{
	hex_encode(p, 48, out);
	return out;
}
#endif
