// SPDX-License-Identifier: MIT
/*
 * tests/unit/test_seam_report.c - TDG.MR.REPORT output checked byte by
 * byte at offsets written literally from the REFERENCES.md table (not taken
 * from our structs), hashes and MAC recomputed here, and tamper detection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "seam.h"

static struct seam_td td;

static int setup(void **state)
{
	struct seam_td_config cfg = {
		.attributes = 0x1122334455667788ull,
		.xfam = 0x00000000000602e7ull,
		.gpaw = 48,
		.max_vcpus = 2,
	};
	uint8_t d[48];

	(void)state;
	memset(cfg.mrconfigid, 0xa1, 48);
	memset(cfg.mrowner, 0xa2, 48);
	memset(cfg.mrownerconfig, 0xa3, 48);
	if (seam_td_init(&td, &cfg) || seam_td_finalize(&td))
		return -1;
	for (uint64_t i = 0; i < 4; i++) {
		memset(d, (int)(0x10 + i), sizeof(d));
		if (seam_rtmr_extend(&td.rtmr, i, d))
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	seam_td_destroy(&td);
	return 0;
}

static uint64_t le64_at(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void sha384(const uint8_t *p, size_t n, uint8_t out[48])
{
	unsigned int len;

	assert_int_equal(EVP_Digest(p, n, out, &len, EVP_sha384(), NULL), 1);
}

static void build(uint8_t rep[1024])
{
	uint8_t rd[64];

	for (int i = 0; i < 64; i++)
		rd[i] = (uint8_t)(0xc0 + i);
	_Static_assert(sizeof(struct tdx_report) == 1024, "size");
	seam_report_build(&td, rd, (struct tdx_report *)rep);
}

static void test_layout_offsets(void **state)
{
	uint8_t rep[1024], h[48], mrseam[48];
	static const uint8_t z[64];

	(void)state;
	build(rep);
	/* REPORTMACSTRUCT: type 0..3, CPUSVN 16..31, REPORTDATA 128..191 */
	assert_int_equal(rep[0], 0x81);
	assert_int_equal(rep[1], 0);
	assert_int_equal(rep[2], 0);
	assert_int_equal(rep[3], 0);
	assert_memory_equal(rep + 4, z, 12);
	assert_memory_equal(rep + 16, z, 16);
	for (int i = 0; i < 64; i++)
		assert_int_equal(rep[128 + i], 0xc0 + i);
	assert_memory_equal(rep + 192, z, 32);
	/* TEE_TCB_INFO 256..494 (VALID, TEE_TCB_SVN at +8, MRSEAM at +24),
	 * reserved 495..511 */
	assert_int_equal(le64_at(rep + 256), 0x1fe);
	assert_memory_equal(rep + 264, seam_tee_tcb_svn, 16);
	seam_report_mrseam(mrseam);
	assert_memory_equal(rep + 280, mrseam, 48);
	assert_memory_equal(rep + 328, z, 48);      /* MRSIGNERSEAM */
	assert_memory_equal(rep + 376, z, 8);       /* SEAM ATTRIBUTES */
	assert_memory_equal(rep + 495, z, 17);
	/* TDINFO: ATTRIBUTES 512, XFAM 520, MRTD 528, MRCONFIGID 576,
	 * MROWNER 624, MROWNERCONFIG 672, RTMR0..3 720/768/816/864,
	 * SERVTD_HASH 912 */
	assert_int_equal(le64_at(rep + 512), 0x1122334455667788ull);
	assert_int_equal(le64_at(rep + 520), 0x602e7);
	assert_memory_equal(rep + 528, td.mrtd.value, 48);
	for (int i = 0; i < 48; i++) {
		assert_int_equal(rep[576 + i], 0xa1);
		assert_int_equal(rep[624 + i], 0xa2);
		assert_int_equal(rep[672 + i], 0xa3);
	}
	assert_memory_equal(rep + 720, td.rtmr.r[0], 48);
	assert_memory_equal(rep + 768, td.rtmr.r[1], 48);
	assert_memory_equal(rep + 816, td.rtmr.r[2], 48);
	assert_memory_equal(rep + 864, td.rtmr.r[3], 48);
	assert_memory_equal(rep + 912, z, 48);
	assert_memory_equal(rep + 960, z, 64);
	/* TEE_TCB_INFO hash 32..79 over bytes 256..494; TDINFO hash 80..127
	 * over 512..1023 */
	sha384(rep + 256, 239, h);
	assert_memory_equal(rep + 32, h, 48);
	sha384(rep + 512, 512, h);
	assert_memory_equal(rep + 80, h, 48);
}

static void test_mac(void **state)
{
	uint8_t rep[1024], mac[32];
	unsigned int len = 0;

	(void)state;
	build(rep);
	/* MAC 224..255 = HMAC-SHA-256(report key, bytes 0..223) */
	assert_non_null(HMAC(EVP_sha256(), td.report_key, 32, rep, 224, mac, &len));
	assert_int_equal(len, 32);
	assert_memory_equal(rep + 224, mac, 32);
	assert_int_equal(seam_report_verify(&td, (struct tdx_report *)rep), 0);
}

/* Every byte of the report is covered: MAC, a hash, or must-be-zero. */
static void test_tamper_every_byte(void **state)
{
	uint8_t rep[1024];

	(void)state;
	build(rep);
	for (int i = 0; i < 1024; i++) {
		rep[i] ^= 0x01;
		if (!seam_report_verify(&td, (struct tdx_report *)rep))
			fail_msg("byte %d is not covered", i);
		rep[i] ^= 0x01;
	}
	assert_int_equal(seam_report_verify(&td, (struct tdx_report *)rep), 0);
}

/* A report from another TD (other key) does not verify here. */
static void test_foreign_key(void **state)
{
	struct seam_td_config cfg = { .gpaw = 52, .max_vcpus = 1 };
	struct seam_td other;
	uint8_t rep[1024];

	(void)state;
	build(rep);
	assert_int_equal(seam_td_init(&other, &cfg), 0);
	assert_int_not_equal(seam_report_verify(&other, (struct tdx_report *)rep), 0);
	seam_td_destroy(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_offsets),
		cmocka_unit_test(test_mac),
		cmocka_unit_test(test_tamper_every_byte),
		cmocka_unit_test(test_foreign_key),
	};

	return cmocka_run_group_tests_name("seam_report", tests, setup, teardown);
}
