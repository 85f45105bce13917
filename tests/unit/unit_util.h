/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/unit_util.h - small helpers shared by the cmocka unit tests:
 * a seeded PRNG (TETD_TEST_SEED overrides the seed; the seed in use is
 * printed so a failure can be replayed), hex parsing/formatting, whole-file
 * reads (and of the built agents), little-endian field access.
 */
#ifndef TETD_UNIT_UTIL_H
#define TETD_UNIT_UTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* A failing cmocka assertion longjmps past the test's frees: leak reports
 * would only add noise to a real failure. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}

static uint64_t unit_rng_state;

static inline uint64_t unit_rand64(void)
{
	/* splitmix64 */
	uint64_t z = (unit_rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform-ish in [0, n), n > 0. */
static inline uint64_t unit_rand_below(uint64_t n)
{
	return unit_rand64() % n;
}

static inline void unit_rand_fill(void *buf, size_t n)
{
	uint8_t *p = buf;
	while (n >= 8) {
		uint64_t v = unit_rand64();
		memcpy(p, &v, 8);
		p += 8, n -= 8;
	}
	if (n) {
		uint64_t v = unit_rand64();
		memcpy(p, &v, n);
	}
}

static inline void unit_seed(const char *who)
{
	const char *s = getenv("TETD_TEST_SEED");
	uint64_t seed = s ? strtoull(s, NULL, 0) : 0x7e7d5eedull;
	unit_rng_state = seed;
	printf("# %s: TETD_TEST_SEED=0x%llx\n", who, (unsigned long long)seed);
}

/* Parse hex (spaces ignored) into out; returns the number of bytes. */
static inline size_t unit_unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;
	for (; *hex; hex++) {
		int v;
		char c = *hex;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			if (n < cap)
				out[n] = (uint8_t)(hi << 4 | v);
			n++;
			hi = -1;
		}
	}
	return n;
}

static inline void unit_hex(const uint8_t *p, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[p[i] >> 4];
		out[2 * i + 1] = d[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Whole file into a malloc'd buffer; NULL if it cannot be read. */
static inline uint8_t *unit_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0) {
		fclose(f);
		return NULL;
	}
	long sz = ftell(f);
	rewind(f);
	uint8_t *b = sz >= 0 ? malloc((size_t)sz + 1) : NULL;
	if (!b || fread(b, 1, (size_t)sz, f) != (size_t)sz) {
		free(b);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = (size_t)sz;
	return b;
}

#ifdef UNIT_AGENT_DIR
/*
 * A built agent ELF or the volume (agents/agents.mk builds them before the
 * tests): $TETD_UNIT_AGENTS/<file>, default UNIT_AGENT_DIR. Missing is a
 * failure, not a skip: make always builds them first.
 */
static inline uint8_t *unit_read_agent(const char *file, size_t *len)
{
	const char *dir = getenv("TETD_UNIT_AGENTS");
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir ? dir : UNIT_AGENT_DIR, file);
	uint8_t *b = unit_read_file(path, len);
	if (!b)
		fail_msg("cannot read %s (make agents)", path);
	return b;
}
#endif

static inline uint16_t unit_le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t unit_le32(const uint8_t *p) { return (uint32_t)unit_le16(p) | (uint32_t)unit_le16(p + 2) << 16; }
static inline uint64_t unit_le64(const uint8_t *p) { return (uint64_t)unit_le32(p) | (uint64_t)unit_le32(p + 4) << 32; }
static inline void unit_put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static inline void unit_put32(uint8_t *p, uint32_t v) { unit_put16(p, (uint16_t)v), unit_put16(p + 2, (uint16_t)(v >> 16)); }
static inline void unit_put64(uint8_t *p, uint64_t v) { unit_put32(p, (uint32_t)v), unit_put32(p + 4, (uint32_t)(v >> 32)); }

/*
 * Skip the current test with a reason. (cmocka 1.1.5 prints a TAP skip as
 * "not ok N # SKIP"; tests/cmocka-tap, which `make unit` runs every binary
 * through, turns that into "ok N # SKIP".)
 */
#define unit_skip(...)                                                               \
	do {                                                                         \
		printf("# SKIP ");                                                   \
		printf(__VA_ARGS__);                                                 \
		printf("\n");                                                        \
		skip();                                                              \
	} while (0)

/* assert_string_contains: cmocka 1.1 has no substring assertion. */
#define assert_strstr(hay, needle)                                                   \
	do {                                                                         \
		const char *h_ = (hay), *n_ = (needle);                              \
		if (!h_ || !strstr(h_, n_))                                          \
			fail_msg("\"%s\" does not contain \"%s\"", h_ ? h_ : "(null)", n_); \
	} while (0)

#endif
