/* SPDX-License-Identifier: MIT */
/*
 * tetdg-early/rng.h - randomness for the zone seed: RDSEED, else RDRAND,
 * else (never on TDX, where both exist) a SHA-384 condensed TSC-jitter
 * fallback that is reported as weak. Every hardware word passes a
 * continuous health test first.
 */
#ifndef TETDG_RNG_H
#define TETDG_RNG_H
#include <stddef.h>
#include <stdint.h>

/* Hardware-word health test (pure, host-testable): 0 if w is acceptable
 * after prev (not all-zero/all-one, not a repeat), -1 otherwise. */
int rng_word_healthy(uint64_t w, uint64_t prev, int have_prev);

/* Fill out with n random bytes; returns the TETD_SEED_* source used. */
uint32_t rng_fill(void *out, size_t n);
const char *rng_source_name(uint32_t source);
#endif
