/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_tpm2.c - fw/tpm2.c: command bytes against hand-computed
 * ones (TPM 2.0 Library Part 3: TPM2_Startup 9.3, TPM2_GetCapability
 * 30.2, TPM2_PCR_Read 22.4, TPM2_PCR_Extend 22.2; all big-endian), and the
 * response parsers on valid responses (one captured from swtpm) and on
 * malformed ones: truncated, wrong tag, size field larger or smaller than
 * the bytes, trailing bytes, error codes, bad counts and sizes. A parser
 * that refuses must also leave its outputs alone.
 */
#include "unit_util.h"
#include "tpm2.h"

static size_t hex(const char *h, uint8_t *out, size_t cap)
{
	size_t n = unit_unhex(h, out, cap);
	assert_true(n <= cap);
	return n;
}

/* The same, with responseSize set to the byte count: for malformed bodies
 * that must be refused for what is in the body, not for the header. */
static size_t hexsz(const char *h, uint8_t *out, size_t cap)
{
	size_t n = hex(h, out, cap);
	assert_true(n >= 6);
	out[2] = (uint8_t)(n >> 24), out[3] = (uint8_t)(n >> 16);
	out[4] = (uint8_t)(n >> 8), out[5] = (uint8_t)n;
	return n;
}

/* ---- commands ---- */

static void test_cmd_startup(void **state)
{
	(void)state;
	uint8_t b[64], want[64];
	size_t n = hex("8001 0000000c 00000144 0000", want, sizeof(want));
	assert_int_equal(tpm2_cmd_startup(b, sizeof(b), TPM2_SU_CLEAR), n);
	assert_memory_equal(b, want, n);
	/* too small a buffer: 0, never a partial command claimed as valid */
	assert_int_equal(tpm2_cmd_startup(b, 11, TPM2_SU_CLEAR), 0);
	assert_int_equal(tpm2_cmd_startup(b, 12, TPM2_SU_CLEAR), 12);
}

static void test_cmd_get_pcrs(void **state)
{
	(void)state;
	uint8_t b[64], want[64];
	size_t n = hex("8001 00000016 0000017a 00000005 00000000 00000008", want, sizeof(want));
	assert_int_equal(tpm2_cmd_get_pcrs(b, sizeof(b)), n);
	assert_memory_equal(b, want, n);
	assert_int_equal(tpm2_cmd_get_pcrs(b, n - 1), 0);
}

static void test_cmd_pcr_read(void **state)
{
	(void)state;
	uint8_t b[64], want[64];
	/* one selection: SHA-384, 3 octets, PCR 9 = octet 1 bit 1 */
	size_t n = hex("8001 00000014 0000017e 00000001 000c 03 000200", want, sizeof(want));
	assert_int_equal(tpm2_cmd_pcr_read(b, sizeof(b), TPM2_ALG_SHA384, 9), n);
	assert_memory_equal(b, want, n);
	n = hex("8001 00000014 0000017e 00000001 000b 03 000080", want, sizeof(want));
	assert_int_equal(tpm2_cmd_pcr_read(b, sizeof(b), TPM2_ALG_SHA256, 23), n);
	assert_memory_equal(b, want, n);
	assert_int_equal(tpm2_cmd_pcr_read(b, sizeof(b), TPM2_ALG_SHA256, 24), 0);
	assert_int_equal(tpm2_cmd_pcr_read(b, sizeof(b), 0x0099, 1), 0);
}

static void test_cmd_pcr_extend(void **state)
{
	(void)state;
	uint8_t d256[32], d384[48], b[256], want[256];
	for (int i = 0; i < 32; i++)
		d256[i] = (uint8_t)(0x20 + i);
	for (int i = 0; i < 48; i++)
		d384[i] = (uint8_t)(0x80 + i);
	struct tpm2_digest d[2] = { { TPM2_ALG_SHA256, d256 }, { TPM2_ALG_SHA384, d384 } };
	/* tag SESSIONS, size 115, CC 0x182, handle PCR 9, authorizationSize 9,
	 * TPM_RS_PW, empty nonce, attributes 0, empty password, 2 digests */
	size_t n = hex("8002 00000073 00000182 00000009 00000009 40000009 0000 00 0000 00000002"
		       "000b 202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
		       "000c 808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
		       "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
		       want, sizeof(want));
	assert_int_equal(n, 115);
	assert_int_equal(tpm2_cmd_pcr_extend(b, sizeof(b), 9, d, 2), n);
	assert_memory_equal(b, want, n);
	/* one bank */
	assert_int_equal(tpm2_cmd_pcr_extend(b, sizeof(b), 2, &d[1], 1), 115 - 34);
	static const uint8_t one[4] = { 0, 0, 0, 1 }; /* TPML_DIGEST_VALUES.count */
	assert_memory_equal(b + 27, one, 4);
	/* refused: PCR out of range, no digest, unknown algorithm, no room */
	assert_int_equal(tpm2_cmd_pcr_extend(b, sizeof(b), 24, d, 2), 0);
	assert_int_equal(tpm2_cmd_pcr_extend(b, sizeof(b), 9, d, 0), 0);
	struct tpm2_digest bad = { 0x0042, d256 };
	assert_int_equal(tpm2_cmd_pcr_extend(b, sizeof(b), 9, &bad, 1), 0);
	struct tpm2_digest nul = { TPM2_ALG_SHA256, NULL };
	assert_int_equal(tpm2_cmd_pcr_extend(b, sizeof(b), 9, &nul, 1), 0);
	assert_int_equal(tpm2_cmd_pcr_extend(b, 114, 9, d, 2), 0);
}

/* ---- responses ---- */

static void test_rsp_header(void **state)
{
	(void)state;
	uint8_t r[64];
	uint32_t rc = 0xdead;
	const char *why = NULL;
	size_t n = hex("8001 0000000a 00000000", r, sizeof(r));
	assert_int_equal(tpm2_rsp_header(r, n, TPM2_ST_NO_SESSIONS, &rc, &why), 0);
	assert_int_equal(rc, 0);
	/* shorter than a header */
	rc = 0xdead;
	assert_int_equal(tpm2_rsp_header(r, 9, TPM2_ST_NO_SESSIONS, &rc, &why), -1);
	assert_int_equal(rc, 0xdead);
	assert_non_null(why);
	/* size field larger / smaller than the bytes */
	n = hex("8001 0000000b 00000000 00", r, sizeof(r));
	assert_int_equal(tpm2_rsp_header(r, 10, TPM2_ST_NO_SESSIONS, &rc, &why), -1);
	n = hex("8001 00000009 00000000 00", r, sizeof(r));
	assert_int_equal(tpm2_rsp_header(r, n, TPM2_ST_NO_SESSIONS, &rc, &why), -1);
	n = hex("8001 ffffffff 00000000", r, sizeof(r));
	assert_int_equal(tpm2_rsp_header(r, n, TPM2_ST_NO_SESSIONS, &rc, &why), -1);
	/* wrong tag: TPM 1.2 (0x00c4), and the other TPM 2.0 tag */
	n = hex("00c4 0000000a 00000000", r, sizeof(r));
	assert_int_equal(tpm2_rsp_header(r, n, TPM2_ST_NO_SESSIONS, &rc, &why), -1);
	n = hex("8002 0000000a 00000000", r, sizeof(r));
	assert_int_equal(tpm2_rsp_header(r, n, TPM2_ST_NO_SESSIONS, &rc, &why), -1);
	/* an error is a bare NO_SESSIONS header, whatever the command's tag */
	n = hex("8001 0000000a 00000101", r, sizeof(r));
	assert_int_equal(tpm2_rsp_header(r, n, TPM2_ST_SESSIONS, &rc, &why), 0);
	assert_int_equal(rc, 0x101);
	n = hex("8002 0000000a 00000101", r, sizeof(r));
	assert_int_equal(tpm2_rsp_header(r, n, TPM2_ST_SESSIONS, &rc, &why), -1);
	n = hex("8001 0000000c 00000101 0000", r, sizeof(r));
	assert_int_equal(tpm2_rsp_header(r, n, TPM2_ST_NO_SESSIONS, &rc, &why), -1);
}

static void test_rsp_startup(void **state)
{
	(void)state;
	uint8_t r[64];
	uint32_t rc = 0xdead;
	const char *why = NULL;
	size_t n = hex("8001 0000000a 00000000", r, sizeof(r));
	assert_int_equal(tpm2_rsp_startup(r, n, &rc, &why), 0);
	assert_int_equal(rc, TPM2_RC_SUCCESS);
	n = hex("8001 0000000a 00000100", r, sizeof(r));
	assert_int_equal(tpm2_rsp_startup(r, n, &rc, &why), 0);
	assert_int_equal(rc, TPM2_RC_INITIALIZE);
	/* success with a parameter it does not have */
	n = hex("8001 0000000c 00000000 0000", r, sizeof(r));
	rc = 0xdead;
	assert_int_equal(tpm2_rsp_startup(r, n, &rc, &why), -1);
	assert_int_equal(rc, 0xdead);
	assert_string_equal(why, "response has bytes after its contents");
}

/* Captured from swtpm 0.7 (libtpms): sha1, sha256, sha384, sha512
 * implemented; sha256 and sha384 allocated (swtpm_setup --pcr-banks). */
#define CAP_PCRS_OK "8001 0000002b 00000000 00 00000005 00000004" \
		    "0004 03 000000  000b 03 ffffff  000c 03 ffffff  000d 03 000000"

static void test_rsp_get_pcrs(void **state)
{
	(void)state;
	uint8_t r[128];
	struct tpm2_banks b, untouched;
	uint32_t rc = 0xdead;
	const char *why = NULL;
	size_t n = hex(CAP_PCRS_OK, r, sizeof(r));
	assert_int_equal(n, 43);
	assert_int_equal(tpm2_rsp_get_pcrs(r, n, &b, &rc, &why), 0);
	assert_int_equal(rc, 0);
	assert_int_equal(b.n, 4);
	assert_int_equal(b.b[0].alg, TPM2_ALG_SHA1);
	assert_int_equal(b.b[0].pcrs, 0);
	assert_int_equal(b.b[1].alg, TPM2_ALG_SHA256);
	assert_int_equal(b.b[1].pcrs, 0xffffff);
	assert_int_equal(b.b[2].alg, TPM2_ALG_SHA384);
	assert_int_equal(b.b[2].pcrs, 0xffffff);
	assert_int_equal(b.b[3].pcrs, 0);
	/* octet order: octet k holds PCRs 8k..8k+7 */
	n = hex("8001 00000019 00000000 00 00000005 00000001 000b 03 010280", r, sizeof(r));
	assert_int_equal(tpm2_rsp_get_pcrs(r, n, &b, &rc, &why), 0);
	assert_int_equal(b.b[0].pcrs, 1u | 1u << 9 | 1u << 23);
	/* an error code: parsed, rc set */
	n = hex("8001 0000000a 000001c4", r, sizeof(r));
	assert_int_equal(tpm2_rsp_get_pcrs(r, n, &b, &rc, &why), 0);
	assert_int_equal(rc, 0x1c4);

	static const char *const bad[] = {
		/* (responseSize is fixed up: each is refused for its body) */
		/* truncated inside the list */
		"8001 00000018 00000000 00 00000005 00000002 000b 03 ffffff 00",
		/* count says 2, one given */
		"8001 00000015 00000000 00 00000005 00000002 000b 03 ffffff",
		/* 9 banks announced */
		"8001 00000015 00000000 00 00000005 00000009 000b 03 ffffff",
		/* count 0xffffffff */
		"8001 00000015 00000000 00 00000005 ffffffff 000b 03 ffffff",
		/* a 5-octet selection */
		"8001 00000017 00000000 00 00000005 00000001 000b 05 ffffffffff",
		/* selection size past the end */
		"8001 00000015 00000000 00 00000005 00000001 000b ff ffffff",
		/* the same bank twice */
		"8001 0000001b 00000000 00 00000005 00000002 000b 03 ffffff 000b 03 ffffff",
		/* moreData YES, and a moreData that is not a boolean */
		"8001 00000015 00000000 01 00000005 00000001 000b 03 ffffff",
		"8001 00000015 00000000 02 00000005 00000001 000b 03 ffffff",
		/* another capability */
		"8001 00000015 00000000 00 00000006 00000001 000b 03 ffffff",
		/* a trailing byte */
		"8001 00000016 00000000 00 00000005 00000001 000b 03 ffffff 00",
		/* header only on success */
		"8001 0000000a 00000000",
		/* wrong tag */
		"8002 00000015 00000000 00 00000005 00000001 000b 03 ffffff",
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = hexsz(bad[i], r, sizeof(r));
		memset(&b, 0xa5, sizeof(b));
		memcpy(&untouched, &b, sizeof(b));
		rc = 0xdead;
		why = NULL;
		if (tpm2_rsp_get_pcrs(r, n, &b, &rc, &why) != -1)
			fail_msg("malformed response %u accepted: %s", i, bad[i]);
		assert_non_null(why);
		assert_int_equal(rc, 0xdead);
		assert_memory_equal(&b, &untouched, sizeof(b));
	}
}

static void test_rsp_pcr_extend(void **state)
{
	(void)state;
	uint8_t r[256];
	uint32_t rc = 0xdead;
	const char *why = NULL;
	/* swtpm's answer: parameterSize 0, empty nonce, continueSession, empty hmac */
	size_t n = hex("8002 00000013 00000000 00000000 0000 01 0000", r, sizeof(r));
	assert_int_equal(tpm2_rsp_pcr_extend(r, n, &rc, &why), 0);
	assert_int_equal(rc, 0);
	/* a 32-byte nonce and HMAC are fine too */
	memset(r, 0, sizeof(r));
	n = hex("8002 00000053 00000000 00000000 0020", r, sizeof(r));
	r[n + 32] = 1;                     /* attributes */
	r[n + 33] = 0, r[n + 34] = 0x20;   /* hmac size */
	assert_int_equal(tpm2_rsp_pcr_extend(r, 0x53, &rc, &why), 0);
	/* TPM_RC_LOCALITY: parsed, rc set */
	n = hex("8001 0000000a 00000907", r, sizeof(r));
	assert_int_equal(tpm2_rsp_pcr_extend(r, n, &rc, &why), 0);
	assert_int_equal(rc, 0x907);

	static const char *const bad[] = {
		"8002 00000012 00000000 00000000 0000 01 00",    /* truncated hmac size */
		"8002 0000000e 00000000 00000000",               /* no session */
		"8002 00000017 00000000 00000004 00000000 0000 01 0000", /* parameters */
		"8002 00000013 00000000 00000000 0041 01 0000",  /* nonce 65 bytes */
		"8002 00000013 00000000 00000000 0000 01 ffff",  /* hmac 65535 bytes */
		"8002 00000014 00000000 00000000 0000 01 0000 00", /* trailing byte */
		"8001 00000013 00000000 00000000 0000 01 0000",  /* NO_SESSIONS tag */
	};
	static const char *const bad_size[] = {
		"8002 00000014 00000000 00000000 0000 01 0000",  /* size > bytes */
		"8002 00000012 00000000 00000000 0000 01 0000",  /* size < bytes */
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = hexsz(bad[i], r, sizeof(r));
		rc = 0xdead;
		why = NULL;
		if (tpm2_rsp_pcr_extend(r, n, &rc, &why) != -1)
			fail_msg("malformed response %u accepted: %s", i, bad[i]);
		assert_non_null(why);
		assert_int_equal(rc, 0xdead);
	}
	for (unsigned i = 0; i < sizeof(bad_size) / sizeof(bad_size[0]); i++) {
		n = hex(bad_size[i], r, sizeof(r));
		why = NULL;
		assert_int_equal(tpm2_rsp_pcr_extend(r, n, &rc, &why), -1);
		assert_string_equal(why, "responseSize differs from the bytes received");
	}
	/* the reasons are the intended ones */
	n = hexsz("8002 00000000 00000000 00000000 0041 01 0000", r, sizeof(r));
	assert_int_equal(tpm2_rsp_pcr_extend(r, n, &rc, &why), -1);
	assert_string_equal(why, "session nonce longer than 64 bytes");
	n = hexsz("8002 00000000 00000000 00000000 0000 01 00", r, sizeof(r));
	assert_int_equal(tpm2_rsp_pcr_extend(r, n, &rc, &why), -1);
	assert_string_equal(why, "response truncated: shorter than its contents");
}

static void test_rsp_pcr_read(void **state)
{
	(void)state;
	uint8_t r[256], d[48], want[48];
	uint32_t rc = 0xdead;
	const char *why = NULL;
	for (int i = 0; i < 48; i++)
		want[i] = (uint8_t)(0x40 + i);
	char h[512];
	char dh[97];
	unit_hex(want, 48, dh);
	snprintf(h, sizeof(h), "8001 0000004e 00000000 0000002a 00000001 000c 03 000200 00000001 0030 %s", dh);
	size_t n = hex(h, r, sizeof(r));
	assert_int_equal(n, 78);
	assert_int_equal(tpm2_rsp_pcr_read(r, n, TPM2_ALG_SHA384, 9, d, &rc, &why), 0);
	assert_int_equal(rc, 0);
	assert_memory_equal(d, want, 48);
	/* asked for another PCR or bank than the answer has */
	memset(d, 0x11, sizeof(d));
	assert_int_equal(tpm2_rsp_pcr_read(r, n, TPM2_ALG_SHA384, 8, d, &rc, &why), -1);
	assert_int_equal(tpm2_rsp_pcr_read(r, n, TPM2_ALG_SHA256, 9, d, &rc, &why), -1);
	assert_int_equal(d[0], 0x11);
	/* bank not allocated: empty selection, no digest */
	n = hex("8001 0000001c 00000000 0000002a 00000001 000c 03 000000 00000000", r, sizeof(r));
	assert_int_equal(tpm2_rsp_pcr_read(r, n, TPM2_ALG_SHA384, 9, d, &rc, &why), -1);
	/* digest size of another bank */
	snprintf(h, sizeof(h), "8001 0000003e 00000000 0000002a 00000001 000c 03 000200 00000001 0020 %.64s", dh);
	n = hex(h, r, sizeof(r));
	assert_int_equal(tpm2_rsp_pcr_read(r, n, TPM2_ALG_SHA384, 9, d, &rc, &why), -1);
	/* digest cut short */
	snprintf(h, sizeof(h), "8001 0000004d 00000000 0000002a 00000001 000c 03 000200 00000001 0030 %.94s", dh);
	n = hex(h, r, sizeof(r));
	assert_int_equal(tpm2_rsp_pcr_read(r, n, TPM2_ALG_SHA384, 9, d, &rc, &why), -1);
	/* two digests */
	snprintf(h, sizeof(h), "8001 00000080 00000000 0000002a 00000001 000c 03 000200 00000002 0030 %s 0030 %s", dh, dh);
	n = hex(h, r, sizeof(r));
	assert_int_equal(tpm2_rsp_pcr_read(r, n, TPM2_ALG_SHA384, 9, d, &rc, &why), -1);
	assert_int_equal(d[0], 0x11);
	/* error code */
	n = hex("8001 0000000a 000001c4", r, sizeof(r));
	assert_int_equal(tpm2_rsp_pcr_read(r, n, TPM2_ALG_SHA384, 9, d, &rc, &why), 0);
	assert_int_equal(rc, 0x1c4);
	/* unknown bank or PCR asked for */
	assert_int_equal(tpm2_rsp_pcr_read(r, n, 0x0042, 9, d, &rc, &why), -1);
	assert_int_equal(tpm2_rsp_pcr_read(r, n, TPM2_ALG_SHA384, 24, d, &rc, &why), -1);
}

/* Random bytes never crash a parser nor get accepted with a wrong size
 * field (the fuzz target explores further; this runs in every `make unit`). */
static void test_random_responses(void **state)
{
	(void)state;
	uint8_t r[160], d[64];
	struct tpm2_banks b;
	uint32_t rc;
	const char *why;
	for (int i = 0; i < 20000; i++) {
		size_t n = (size_t)unit_rand_below(sizeof(r) + 1);
		unit_rand_fill(r, n);
		if (n >= 6 && unit_rand_below(2)) { /* a consistent size field, often */
			r[2] = 0, r[3] = 0, r[4] = (uint8_t)(n >> 8), r[5] = (uint8_t)n;
			r[0] = 0x80, r[1] = (uint8_t)(unit_rand_below(2) ? 1 : 2);
		}
		int ok = tpm2_rsp_get_pcrs(r, n, &b, &rc, &why) == 0;
		if (ok)
			assert_true(n >= 10 && (r[2] << 24 | r[3] << 16 | r[4] << 8 | r[5]) == (int)n);
		tpm2_rsp_pcr_extend(r, n, &rc, &why);
		tpm2_rsp_pcr_read(r, n, TPM2_ALG_SHA256, (uint32_t)unit_rand_below(24), d, &rc, &why);
		tpm2_rsp_startup(r, n, &rc, &why);
	}
}

int main(void)
{
	unit_seed("test_tpm2");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmd_startup),
		cmocka_unit_test(test_cmd_get_pcrs),
		cmocka_unit_test(test_cmd_pcr_read),
		cmocka_unit_test(test_cmd_pcr_extend),
		cmocka_unit_test(test_rsp_header),
		cmocka_unit_test(test_rsp_startup),
		cmocka_unit_test(test_rsp_get_pcrs),
		cmocka_unit_test(test_rsp_pcr_extend),
		cmocka_unit_test(test_rsp_pcr_read),
		cmocka_unit_test(test_random_responses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
