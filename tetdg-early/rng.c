// SPDX-License-Identifier: MIT
/*
 * tetdg-early/rng.c - the zone's randomness (see rng.h).
 *
 * RDSEED gives conditioned entropy directly (preferred for a key); RDRAND
 * is a DRBG output reseeded from the same source. Either may transiently
 * fail (CF=0): retry a bounded number of times, as Intel's DRNG guide
 * advises. A word that repeats the previous one, or is all zeros/ones,
 * fails the continuous test and that instruction is abandoned for the
 * rest of the boot. The jitter fallback exists for plain QEMU CPU models
 * without either instruction; it is announced on the console and recorded
 * in the zone event so a verifier can refuse it.
 */
#include <tetd/tdcall.h>
#include <tetd/zone.h>

#include "console.h"
#include "fwstring.h"
#include "io.h"
#include "sha2.h"
#include "rng.h"

#define RETRIES 100

int rng_word_healthy(uint64_t w, uint64_t prev, int have_prev)
{
	if (w == 0 || w == ~0ull)
		return -1;
	if (have_prev && w == prev)
		return -1;
	return 0;
}

static int rdseed64(uint64_t *v)
{
	for (int i = 0; i < RETRIES; i++) {
		unsigned char ok;
		__asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return 0;
		__asm__ volatile("pause");
	}
	return -1;
}

static int rdrand64(uint64_t *v)
{
	for (int i = 0; i < RETRIES; i++) {
		unsigned char ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return 0;
	}
	return -1;
}

static int hw_fill(int (*insn)(uint64_t *), uint8_t *out, size_t n)
{
	uint64_t prev = 0, w;
	int have = 0;

	for (size_t i = 0; i < n; i += 8) {
		if (insn(&w) || rng_word_healthy(w, prev, have))
			return -1;
		prev = w;
		have = 1;
		size_t k = n - i < 8 ? n - i : 8;
		memcpy(out + i, &w, k);
	}
	return 0;
}

/* 4096 TSC deltas around cache-missing memory walks per 48-byte block,
 * condensed with SHA-384: timing noise, not a certified source. */
static void jitter_fill(uint8_t *out, size_t n)
{
	static volatile uint8_t scratch[64 * 1024];
	uint8_t block[48];
	uint64_t ctr = 0;

	for (size_t i = 0; i < n; i += sizeof(block)) {
		struct sha512_ctx c;
		sha384_init(&c);
		sha512_update(&c, &ctr, sizeof(ctr));
		for (int j = 0; j < 4096; j++) {
			uint64_t t0 = rdtsc();
			scratch[(t0 * 2654435761u) % sizeof(scratch)] += (uint8_t)t0;
			uint64_t d = rdtsc() - t0;
			sha512_update(&c, &d, sizeof(d));
		}
		sha384_final(&c, block);
		size_t k = n - i < sizeof(block) ? n - i : sizeof(block);
		memcpy(out + i, block, k);
		ctr++;
	}
	memset(block, 0, sizeof(block));
}

uint32_t rng_fill(void *out, size_t n)
{
	uint32_t r[4];

	tetd_cpuid(7, r);
	if ((r[1] & (1u << 18)) && !hw_fill(rdseed64, out, n))
		return TETD_SEED_RDSEED;
	tetd_cpuid(1, r);
	if ((r[2] & (1u << 30)) && !hw_fill(rdrand64, out, n))
		return TETD_SEED_RDRAND;
	cprintf("tetd: warning: zone seed: no healthy RDSEED/RDRAND, using TSC jitter (weak)\n");
	jitter_fill(out, n);
	return TETD_SEED_JITTER;
}

const char *rng_source_name(uint32_t source)
{
	switch (source) {
	case TETD_SEED_RDSEED: return "rdseed";
	case TETD_SEED_RDRAND: return "rdrand";
	case TETD_SEED_JITTER: return "tsc-jitter";
	default: return "?";
	}
}
