// SPDX-License-Identifier: MIT
/*
 * tests/unit/test_seam_quote.c - the simulated quoting key and TDX v4
 * quotes: key file creation and reuse, sign + verify round trip with the
 * body checked at REFERENCES.md offsets, and rejection of any changed byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "seam.h"

static char dir[64];
static struct seam_td td;
static struct seam_qe *qe;

static int setup(void **state)
{
	struct seam_td_config cfg = { .attributes = TDX_ATTR_SEPT_VE_DISABLE,
				      .xfam = 0xe7, .gpaw = 48, .max_vcpus = 1 };
	uint8_t d[48];
	char msg[SEAM_MSG_LEN];

	(void)state;
	strcpy(dir, "/tmp/seam-quote-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	strcat(dir, "/state"); /* not there yet: seam_qe_open creates it */
	if (seam_td_init(&td, &cfg) || seam_td_finalize(&td))
		return -1;
	memset(d, 0x5a, sizeof(d));
	seam_rtmr_extend(&td.rtmr, 3, d);
	qe = seam_qe_open(dir, msg, sizeof(msg));
	if (!qe)
		fprintf(stderr, "seam_qe_open: %s\n", msg);
	return qe ? 0 : -1;
}

/* Remove DIR/qe.pem and DIR. */
static int remove_state(const char *d)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/qe.pem", d);
	return unlink(path) || rmdir(d) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	seam_qe_close(qe);
	seam_td_destroy(&td);
	if (remove_state(dir))
		return -1;
	dir[strlen(dir) - strlen("/state")] = 0;
	return rmdir(dir);
}

static uint8_t *make_quote(size_t *len)
{
	struct tdx_report rep;
	uint8_t rd[64], *q = NULL;

	for (int i = 0; i < 64; i++)
		rd[i] = (uint8_t)(255 - i);
	seam_report_build(&td, rd, &rep);
	assert_int_equal(seam_quote_build(qe, &rep, &q, len), 0);
	return q;
}

static void test_key_file(void **state)
{
	char path[128], msg[SEAM_MSG_LEN];
	struct seam_qe *again;
	size_t a, b;
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/qe.pem", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	/* reopened: same key and certificate */
	again = seam_qe_open(dir, msg, sizeof(msg));
	assert_non_null(again);
	assert_string_equal(seam_qe_cert_pem(again, &a), seam_qe_cert_pem(qe, &b));
	assert_int_equal(a, b);
	seam_qe_close(again);
	/* a group/world-readable key file is refused */
	assert_int_equal(chmod(path, 0644), 0);
	assert_null(seam_qe_open(dir, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "0600"));
	assert_int_equal(chmod(path, 0600), 0);
	assert_null(seam_qe_open(NULL, msg, sizeof(msg)));
}

static void test_round_trip(void **state)
{
	struct seam_quote_info info;
	size_t len, pem_len;
	uint8_t *q = make_quote(&len);
	const char *pem = seam_qe_cert_pem(qe, &pem_len);
	char msg[SEAM_MSG_LEN];

	(void)state;
	assert_int_equal(seam_quote_verify(q, len, &info, msg, sizeof(msg)), 0);
	/* header: version 4, key type 2, TEE 0x81, Intel QE vendor id at 12 */
	assert_int_equal(q[0] | q[1] << 8, 4);
	assert_int_equal(q[2] | q[3] << 8, 2);
	assert_int_equal(q[4], 0x81);
	assert_int_equal(q[12], 0x93);
	assert_int_equal(q[27], 0x07);
	/* body at 48: TDATTRIBUTES 120, XFAM 128, MRTD 136, RTMR3 472,
	 * REPORTDATA 520..583 (REFERENCES.md offsets within the body) */
	assert_int_equal(q[48 + 120 + 3], 0x10); /* SEPT_VE_DISABLE, bit 28 */
	assert_int_equal(q[48 + 128], 0xe7);
	assert_memory_equal(q + 48 + 136, td.mrtd.value, 48);
	assert_memory_equal(q + 48 + 472, td.rtmr.r[3], 48);
	for (int i = 0; i < 64; i++)
		assert_int_equal(q[48 + 520 + i], 255 - i);
	assert_memory_equal(info.body.mrtd, td.mrtd.value, 48);
	assert_memory_equal(info.body.rtmr[3], td.rtmr.r[3], 48);
	/* signature data: length, then cert type 5 and the PEM we pin */
	assert_int_equal(q[632] | q[633] << 8, len - 636);
	assert_int_equal(q[636 + 128], 5);
	assert_int_equal(info.cert_pem_len, pem_len);
	assert_memory_equal(info.cert_pem, pem, pem_len);
	free(q);
}

/* Any single changed byte of header, body, signature, key or certificate
 * data makes verification fail. */
static void test_tamper(void **state)
{
	size_t len;
	uint8_t *q = make_quote(&len);

	(void)state;
	for (size_t i = 0; i < len; i++) {
		q[i] ^= 0x20;
		if (!seam_quote_verify(q, len, NULL, NULL, 0))
			fail_msg("quote byte %zu of %zu is not covered", i, len);
		q[i] ^= 0x20;
	}
	assert_int_equal(seam_quote_verify(q, len, NULL, NULL, 0), 0);
	free(q);
}

static void test_lengths(void **state)
{
	size_t len;
	uint8_t *q = make_quote(&len), *big = calloc(1, len + 1);
	char msg[SEAM_MSG_LEN];

	(void)state;
	for (size_t n = 0; n < len; n += (n < 800 ? 1 : 37))
		assert_int_not_equal(seam_quote_verify(q, n, NULL, msg, sizeof(msg)), 0);
	memcpy(big, q, len);
	assert_int_not_equal(seam_quote_verify(big, len + 1, NULL, msg, sizeof(msg)), 0);
	assert_non_null(strstr(msg, "signature data length"));
	free(big);
	free(q);
}

/* Another host's key signs valid-looking quotes: only pinning tells. */
static void test_other_key(void **state)
{
	char other[80], msg[SEAM_MSG_LEN];
	struct seam_quote_info info;
	struct tdx_report rep;
	struct seam_qe *o;
	uint8_t rd[64] = { 0 }, *q;
	size_t len, pem_len;
	const char *pem;

	(void)state;
	snprintf(other, sizeof(other), "%s-other", dir);
	o = seam_qe_open(other, msg, sizeof(msg));
	assert_non_null(o);
	seam_report_build(&td, rd, &rep);
	assert_int_equal(seam_quote_build(o, &rep, &q, &len), 0);
	assert_int_equal(seam_quote_verify(q, len, &info, msg, sizeof(msg)), 0);
	pem = seam_qe_cert_pem(qe, &pem_len);
	assert_false(info.cert_pem_len == pem_len &&
		     !memcmp(info.cert_pem, pem, pem_len));
	free(q);
	seam_qe_close(o);
	assert_int_equal(remove_state(other), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_tamper),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_other_key),
	};

	return cmocka_run_group_tests_name("seam_quote", tests, setup, teardown);
}
