// SPDX-License-Identifier: MIT
/*
 * tests/unit/test_tetdh_layout_smoke.c - a short, deterministic run of the
 * tetdh layout fuzz harness (tests/fuzz/fuzz_tetdh_layout.c) inside
 * `make test`, built with gcc's AddressSanitizer and UBSan: the unit
 * tests' synthetic TDVF image (seam_testlib.h) with a Linux boot header,
 * then 1500 mutations of its metadata, the kernel header and the sizes.
 * The harness aborts on any broken invariant; this checks that both
 * tetdh's refusals and complete TD HOBs were reached. `make fuzz-seam`
 * runs the real libFuzzer campaign.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#define LLVMFuzzerTestOneInput fuzz_tetdh_layout_one
#include "../fuzz/fuzz_tetdh_layout.c"
#undef LLVMFuzzerTestOneInput

#include "seam_testlib.h"

#define RUNS   1500
#define TAIL   4096u                   /* image bytes in an input */
#define HDR    30u                     /* the fixed header's size */
#define KHEAD  1024u

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static void put(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The input format of fuzz_tetdh_layout.c: header, image tail, kernel
 * head, command line. Returns its length. */
static size_t build(uint8_t *buf, const uint8_t *img)
{
	static const char cl[] = "console=ttyS0 quiet";
	uint8_t *k;
	size_t n = HDR;

	put(buf, 1 * GiB, 8);                    /* -m */
	put(buf + 8, 14 * MiB, 8);               /* kernel */
	put(buf + 16, 2 * MiB, 8);               /* initrd */
	put(buf + 24, TI_SIZE, 4);               /* image */
	put(buf + 28, 1, 2);                     /* -smp 2 */
	put(buf + n, TAIL, 4);
	memcpy(buf + n + 4, img + TI_SIZE - TAIL, TAIL);
	n += 4 + TAIL;
	put(buf + n, KHEAD, 4);
	k = buf + n + 4;
	memset(k, 0, KHEAD);                     /* boot.rst setup header */
	memcpy(k + 0x202, "HdrS", 4);
	put(k + 0x206, 0x020f, 2);
	put(k + 0x22c, 0x7fffffff, 4);
	put(k + 0x258, 0x1000000, 8);
	put(k + 0x260, 0x3378000, 4);
	n += 4 + KHEAD;
	put(buf + n, sizeof(cl) - 1, 4);
	memcpy(buf + n + 4, cl, sizeof(cl) - 1);
	return n + 4 + sizeof(cl) - 1;
}

/* Exact-size heap copy, so ASan sees any read past the input. */
static void run(const uint8_t *p, size_t n)
{
	uint8_t *copy = malloc(n ? n : 1);

	memcpy(copy, p, n);
	fuzz_tetdh_layout_one(copy, n);
	free(copy);
}

static void test_tetdh_layout_smoke(void **state)
{
	uint8_t *img = ti_build(1);
	static uint8_t base[HDR + 3 * 4 + TAIL + KHEAD + 64], buf[sizeof(base)];
	size_t len = build(base, img);
	unsigned long ok0;

	(void)state;
	run(base, len);
	assert_int_equal(fuzz_runs_complete, 1);    /* the seed builds a TD HOB */
	ok0 = fuzz_runs_complete;
	for (int i = 0; i < RUNS; i++) {
		size_t n = len;

		memcpy(buf, base, len);
		for (int m = 1 + (int)(rnd() % 3); m > 0; m--) {
			uint64_t r = rnd();
			size_t pos;

			switch (r % 4) { /* header, descriptor, footer, kernel header */
			case 0: pos = (r >> 8) % HDR; break;
			case 1: pos = HDR + 4 + TAIL - TI_DESC_FROM_END + (r >> 8) % 208; break;
			case 2: pos = HDR + 4 + TAIL - 128 + (r >> 8) % 96; break;
			default: pos = HDR + 8 + TAIL + 0x1f0 + (r >> 8) % 0x80; break;
			}
			buf[pos] = (uint8_t)(r >> 40);
		}
		if (rnd() % 16 == 0)
			n = (size_t)(rnd() % len);
		run(buf, n);
	}
	print_message("%lu of %d mutated inputs built a TD HOB\n",
		      fuzz_runs_complete - ok0, RUNS);
	/* both complete builds and refusals were exercised */
	assert_true(fuzz_runs_complete - ok0 > RUNS / 20);
	assert_true(fuzz_runs_complete - ok0 < RUNS - RUNS / 20);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tetdh_layout_smoke),
	};

	return cmocka_run_group_tests_name("tetdh_layout_smoke", tests, NULL, NULL);
}
