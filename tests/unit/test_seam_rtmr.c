// SPDX-License-Identifier: MIT
/*
 * tests/unit/test_seam_rtmr.c - RTMR extend: known-answer vectors computed
 * with Python hashlib (new = SHA-384(old || digest)), and the index rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "seam.h"

/* python3: d1 = sha384(b"abc"); r1 = sha384(bytes(48) + d1);
 *          r2 = sha384(r1 + bytes(range(1, 49))) */
#define D1 "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed" \
	   "8086072ba1e7cc2358baeca134c825a7"
#define R1 "93732e3733514a841c982cfa75ea76ab55fe011acb9cd980ef4523913c65be1b" \
	   "0998e04d77f8c174f81a82151619ca40"
#define R2 "f9f29b3d0c821dcafe37fc6d773e6ac23c2e28cfe09952ef3aaed35d75fdc83c" \
	   "3693fde7b6b40a7a48782cf1225d1577"

static void unhex(const char *s, uint8_t *out)
{
	for (size_t i = 0; i < 48; i++)
		sscanf(s + 2 * i, "%2hhx", &out[i]);
}

static void test_extend_vector(void **state)
{
	struct seam_rtmr r = { 0 };
	uint8_t d1[48], d2[48], want[48];

	(void)state;
	unhex(D1, d1);
	for (int i = 0; i < 48; i++)
		d2[i] = (uint8_t)(i + 1);
	for (uint64_t idx = 0; idx < 4; idx++) {
		assert_int_equal(seam_rtmr_extend(&r, idx, d1), TDX_SUCCESS);
		unhex(R1, want);
		assert_memory_equal(r.r[idx], want, 48);
	}
	assert_int_equal(seam_rtmr_extend(&r, 2, d2), TDX_SUCCESS);
	unhex(R2, want);
	assert_memory_equal(r.r[2], want, 48);
	unhex(R1, want); /* the others are untouched */
	assert_memory_equal(r.r[1], want, 48);
	assert_memory_equal(r.r[3], want, 48);
}

static void test_bad_index(void **state)
{
	struct seam_rtmr r = { 0 }, zero = { 0 };
	uint8_t d[48] = { 1 };

	(void)state;
	assert_int_equal(seam_rtmr_extend(&r, 4, d),
			 TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX);
	assert_int_equal(seam_rtmr_extend(&r, ~0ull, d),
			 TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX);
	assert_int_equal(seam_rtmr_extend(&r, 1ull << 32, d),
			 TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX);
	assert_memory_equal(&r, &zero, sizeof(r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_extend_vector),
		cmocka_unit_test(test_bad_index),
	};

	return cmocka_run_group_tests_name("seam_rtmr", tests, NULL, NULL);
}
