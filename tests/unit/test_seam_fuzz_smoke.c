// SPDX-License-Identifier: MIT
/*
 * tests/unit/test_seam_fuzz_smoke.c - a short, deterministic run of both
 * fuzz harnesses (tests/fuzz/) inside `make test`, built with gcc's
 * AddressSanitizer and UBSan over the library sources: 2000 mutations of
 * the synthetic image through the TDVF harness, 2000 random register and
 * memory states through the TDCALL harness. `make fuzz-seam` runs the
 * real libFuzzer campaigns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#define LLVMFuzzerTestOneInput fuzz_tdvf_one
#include "../fuzz/fuzz_tdvf.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_tdcall_one
#include "../fuzz/fuzz_tdcall.c"
#undef LLVMFuzzerTestOneInput

#include "seam_testlib.h"

#define RUNS 2000

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* Exact-size heap copy, so ASan sees any read past the input. */
static void run(int (*fn)(const uint8_t *, size_t), const uint8_t *p, size_t n)
{
	uint8_t *copy = malloc(n ? n : 1);

	memcpy(copy, p, n);
	fn(copy, n);
	free(copy);
}

static void test_tdvf_smoke(void **state)
{
	uint8_t *img = ti_build(1), *buf = malloc(TI_SIZE);
	struct seam_tdvf t;
	int ok = 0;

	(void)state;
	for (int i = 0; i < RUNS; i++) {
		size_t len = TI_SIZE;

		memcpy(buf, img, TI_SIZE);
		for (int m = 1 + (int)(rnd() % 4); m > 0; m--) {
			uint64_t r = rnd();
			size_t pos;

			switch (r % 3) { /* descriptor, footer block, anywhere */
			case 0: pos = TI_SIZE - TI_DESC_FROM_END + (r >> 8) % 208; break;
			case 1: pos = TI_FOOTER_BLOCK + (r >> 8) % 96; break;
			default: pos = (r >> 8) % TI_SIZE; break;
			}
			buf[pos] = (uint8_t)(r >> 40);
		}
		if (rnd() % 8 == 0)
			len = rnd() % TI_SIZE;
		run(fuzz_tdvf_one, buf, len);
		ok += seam_tdvf_parse(buf, len, &t, NULL, 0) == SEAM_TDVF_OK;
	}
	/* both accepted and rejected images were exercised */
	assert_true(ok > RUNS / 20 && ok < RUNS - RUNS / 20);
	free(buf);
	free(img);
}

static void test_tdcall_smoke(void **state)
{
	uint8_t buf[1024];

	(void)state;
	for (int i = 0; i < RUNS; i++) {
		size_t len = 5 + (size_t)(rnd() % (sizeof(buf) - 5));

		for (size_t k = 0; k < len; k++)
			buf[k] = (uint8_t)rnd();
		for (size_t c = 0; c < 4; c++) { /* make the leaves plausible */
			size_t off = 5 + c * 89;

			if (off + 89 <= len) {
				buf[off] = (uint8_t)(rnd() % 10);
				memset(buf + off + 1, 0, 7);
				buf[off + 88] |= 0x20;
			}
		}
		run(fuzz_tdcall_one, buf, len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tdvf_smoke),
		cmocka_unit_test(test_tdcall_smoke),
	};

	return cmocka_run_group_tests_name("seam_fuzz_smoke", tests, NULL, NULL);
}
