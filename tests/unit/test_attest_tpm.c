/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_attest_tpm.c - TPM 2.0 quote evidence (the TPM path on
 * plain QEMU: tools/attest/tpm2quote.c, verify.c's TPM checks, the
 * reference's "tpm" section):
 *   - the TPMS_ATTEST parser on valid blobs (marshalled here, and a real
 *     swtpm quote) and malformed ones: every truncation, every field's bad
 *     values with its reason, 20000 random mutations (no crash; whatever
 *     parses re-marshals to the same bytes)
 *   - the TPMT_SIGNATURE parser likewise; signature checks with RSASSA,
 *     RSAPSS and ECDSA (P-256, P-384) keys: good, a changed message or
 *     signature, another key, the wrong key type, SHA-1
 *   - the quoted PCR values file (tpm2_quote -o, both formats)
 *   - verify_run on evidence built without a boot (the firmware's TCG2 log
 *     writer, PCRs replayed from zero, a quote signed here): a good boot
 *     passes its reference; each way it can be wrong fails with its reason
 *     (nonce, signature, AK, pcrDigest with and without the quoted values,
 *     a removed or swapped event, an agent, an extra agent, the command
 *     line, PCR 1, unmapped PCRs, selections the log cannot replay, SHA-256
 *     digests, coverage, the reference's PCR values)
 *   - the reference file's "tpm" section: written, read back, refused when
 *     edited; optional for the TD path
 *   - a real boot's evidence (tests/unit/data/attest-tpm: swtpm's quote of
 *     a TPM-path boot, its log and the reference values of that image)
 */
#include "unit_util.h"

#include <tetd/layout.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>

#include "evidence.h"
#include "hex.h"
#include "reference.h"
#include "tpm2quote.h"
#include "verify.h"

#define NONCE_HEX "a1b2c3d4e5f60718"

static EVP_PKEY *rsa, *rsa2, *ec256, *ec384;
static char *rsa_pem, *rsa2_pem, *ec256_pem, *ec384_pem;

static int setup(void **state)
{
	(void)state;
	unit_seed("test_attest_tpm");
	rsa = EVP_RSA_gen(2048);
	rsa2 = EVP_RSA_gen(2048);
	ec256 = EVP_EC_gen("P-256");
	ec384 = EVP_EC_gen("P-384");
	if (!rsa || !rsa2 || !ec256 || !ec384)
		return -1;
	rsa_pem = evidence_key_pem(rsa);
	rsa2_pem = evidence_key_pem(rsa2);
	ec256_pem = evidence_key_pem(ec256);
	ec384_pem = evidence_key_pem(ec384);
	return rsa_pem && rsa2_pem && ec256_pem && ec384_pem ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(rsa2);
	EVP_PKEY_free(ec256);
	EVP_PKEY_free(ec384);
	free(rsa_pem);
	free(rsa2_pem);
	free(ec256_pem);
	free(ec384_pem);
	return 0;
}

/* ---- a quote's fields ---- */

static void attest_base(struct tpm2q_attest *a)
{
	memset(a, 0, sizeof(*a));
	a->signer_len = 34;
	a->signer[1] = 0x0b;
	for (unsigned i = 2; i < 34; i++)
		a->signer[i] = (uint8_t)i;
	a->extra_len = (uint16_t)(strlen(NONCE_HEX) / 2);
	hex_decode(NONCE_HEX, strlen(NONCE_HEX), a->extra, a->extra_len);
	a->clock = 123456;
	a->reset_count = 3;
	a->restart_count = 1;
	a->safe = 1;
	a->firmware_version = 0x2019102300163636ull;
	a->nsel = 2;
	a->sel[0] = (struct tpm2q_sel){ TPM_ALG_SHA256, 3, 1u << 2 | 1u << 9 };
	a->sel[1] = (struct tpm2q_sel){ TPM_ALG_SHA384, 3, 1u << 2 | 1u << 9 };
	a->digest_len = 32;
	memset(a->pcr_digest, 0x5a, 32);
}

static size_t marshal(const struct tpm2q_attest *a, uint8_t *out, size_t cap)
{
	size_t n = evidence_tpm_attest(a, out, cap);

	assert_true(n > 0);
	return n;
}

static void expect_parse_fail(const uint8_t *p, size_t n, const char *want)
{
	struct tpm2q_attest a;
	char msg[TPM2Q_MSG_LEN] = "";

	assert_int_equal(tpm2q_attest_parse(p, n, &a, msg, sizeof(msg)), -1);
	if (!strstr(msg, want))
		fail_msg("parse reason \"%s\" does not say \"%s\"", msg, want);
}

static void test_attest_valid(void **state)
{
	struct tpm2q_attest a, b;
	uint8_t buf[512], again[512];
	char msg[TPM2Q_MSG_LEN], sel[160];
	struct tpm2q_pcr p[TPM2Q_MAX_PCRS];
	size_t n;

	(void)state;
	attest_base(&a);
	n = marshal(&a, buf, sizeof(buf));
	/* magic, type, signer, extra, clockInfo, fw, count, 2 x 6, digest */
	assert_int_equal(n, 4 + 2 + 36 + 10 + 17 + 8 + 4 + 12 + 34);
	assert_int_equal(tpm2q_attest_parse(buf, n, &b, msg, sizeof(msg)), 0);
	assert_int_equal(b.signer_len, 34);
	assert_memory_equal(b.signer, a.signer, 34);
	assert_int_equal(b.extra_len, 8);
	assert_memory_equal(b.extra, a.extra, 8);
	assert_true(b.clock == 123456 && b.reset_count == 3 && b.restart_count == 1 && b.safe == 1);
	assert_true(b.firmware_version == 0x2019102300163636ull);
	assert_int_equal(b.nsel, 2);
	assert_int_equal(b.sel[1].alg, TPM_ALG_SHA384);
	assert_int_equal(b.sel[1].pcrs, 1u << 2 | 1u << 9);
	assert_int_equal(b.digest_len, 32);
	assert_int_equal(marshal(&b, again, sizeof(again)), n);
	assert_memory_equal(again, buf, n);
	/* The order pcrDigest covers: selections in order, PCRs ascending. */
	assert_int_equal(tpm2q_selected(&b, p), 4);
	assert_true(p[0].alg == TPM_ALG_SHA256 && p[0].pcr == 2 && p[1].pcr == 9 &&
		    p[2].alg == TPM_ALG_SHA384 && p[3].pcr == 9);
	tpm2q_sel_str(&b, sel, sizeof(sel));
	assert_string_equal(sel, "sha256:2,9+sha384:2,9");
	/* A handle as qualifiedSigner, no extraData, an empty selection. */
	a.signer_len = 4;
	a.extra_len = 0;
	a.nsel = 0;
	n = marshal(&a, buf, sizeof(buf));
	assert_int_equal(tpm2q_attest_parse(buf, n, &b, msg, sizeof(msg)), 0);
	tpm2q_sel_str(&b, sel, sizeof(sel));
	assert_string_equal(sel, "(no PCRs)");
}

/* Every prefix is refused, saying where; so is a byte too many. */
static void test_attest_truncations(void **state)
{
	struct tpm2q_attest a, b;
	uint8_t buf[512];
	char msg[TPM2Q_MSG_LEN];
	size_t n;

	(void)state;
	attest_base(&a);
	n = marshal(&a, buf, sizeof(buf));
	for (size_t k = 0; k < n; k++) {
		msg[0] = 0;
		assert_int_equal(tpm2q_attest_parse(buf, k, &b, msg, sizeof(msg)), -1);
		assert_true(msg[0]);
		if (k)
			assert_non_null(strstr(msg, "truncated"));
	}
	expect_parse_fail(buf, 0, "the quote is empty");
	expect_parse_fail(buf, 3, "magic at offset 0: needs 4 bytes, 3 left (truncated)");
	expect_parse_fail(buf, 50, "extraData at offset 42: size 8, but 6 bytes left (truncated)");
	expect_parse_fail(buf, n - 1, "pcrDigest at offset");
	buf[n] = 0;
	expect_parse_fail(buf, n + 1, "1 bytes after the end of the TPMS_ATTEST (offset 127)");
}

/* Each field's bad values, each with its reason. */
static void test_attest_fields(void **state)
{
	struct tpm2q_attest a;
	uint8_t buf[512];
	size_t n;

	(void)state;
	attest_base(&a);
	n = marshal(&a, buf, sizeof(buf));
	buf[0] = 0xfe;
	expect_parse_fail(buf, n, "magic is 0xfe544347, not TPM_GENERATED_VALUE");
	buf[0] = 0xff;
	buf[5] = 0x17;                              /* TPM_ST_ATTEST_CERTIFY */
	expect_parse_fail(buf, n, "type is 0x8017, not TPM_ST_ATTEST_QUOTE (0x8018)");
	buf[5] = 0x18;
	buf[6] = 0, buf[7] = 67;                    /* qualifiedSigner size */
	expect_parse_fail(buf, n, "qualifiedSigner at offset 6: size 67 is larger than the "
			  "structure allows (66)");
	attest_base(&a);
	a.signer_len = 33;                          /* SHA-256 name one byte short */
	n = marshal(&a, buf, sizeof(buf));
	expect_parse_fail(buf, n, "qualifiedSigner at offset 6: 33 bytes are neither a handle nor "
			  "a name (nameAlg sha256 and its digest)");
	a.signer_len = 34;
	a.signer[1] = 0x99;
	n = marshal(&a, buf, sizeof(buf));
	expect_parse_fail(buf, n, "nameAlg 0x0099");
	attest_base(&a);
	a.signer_len = 0;
	n = marshal(&a, buf, sizeof(buf));
	expect_parse_fail(buf, n, "0 bytes are neither a handle nor a name");
	attest_base(&a);
	n = marshal(&a, buf, sizeof(buf));
	buf[42] = 0, buf[43] = 67;                  /* extraData size */
	expect_parse_fail(buf, n, "extraData at offset 42: size 67 is larger than the structure "
			  "allows (66)");
	a.safe = 2;
	n = marshal(&a, buf, sizeof(buf));
	expect_parse_fail(buf, n, "clockInfo.safe at offset 68 is 2, not YES (1) or NO (0)");
	attest_base(&a);
	n = marshal(&a, buf, sizeof(buf));
	buf[80] = 17;                               /* pcrSelect.count (low byte) */
	expect_parse_fail(buf, n, "pcrSelect.count at offset 77 is 17, more than 16 banks");
	buf[77] = 0x80, buf[80] = 2;
	expect_parse_fail(buf, n, "pcrSelect.count at offset 77 is 2147483650");
	attest_base(&a);
	a.sel[1].alg = TPM_ALG_SHA256;
	n = marshal(&a, buf, sizeof(buf));
	expect_parse_fail(buf, n, "pcrSelect[1] at offset 87: bank sha256 is selected twice");
	a.sel[1].alg = 0x0001;                      /* TPM_ALG_RSA */
	n = marshal(&a, buf, sizeof(buf));
	expect_parse_fail(buf, n, "pcrSelect[1] at offset 87: hash 0x0001 is not a hash algorithm");
	attest_base(&a);
	a.sel[0].size_of_select = 0;
	a.sel[0].pcrs = 0;
	n = marshal(&a, buf, sizeof(buf));
	expect_parse_fail(buf, n, "pcrSelect[0] at offset 81: sizeofSelect 0 is not in 1..4");
	attest_base(&a);
	n = marshal(&a, buf, sizeof(buf));
	buf[83] = 5;
	expect_parse_fail(buf, n, "sizeofSelect 5 is not in 1..4");
	attest_base(&a);
	a.digest_len = 0;
	n = marshal(&a, buf, sizeof(buf));
	expect_parse_fail(buf, n, "pcrDigest at offset 93 is empty");
	attest_base(&a);
	n = marshal(&a, buf, sizeof(buf));
	buf[93] = 0, buf[94] = 65;
	expect_parse_fail(buf, n, "pcrDigest at offset 93: size 65 is larger than the structure "
			  "allows (64)");
}

/* Random damage never crashes the parser; whatever it accepts is exactly
 * what re-marshalling its result gives (no byte ignored). */
static void test_attest_mutations(void **state)
{
	struct tpm2q_attest a, b;
	uint8_t good[512], buf[600], again[600];
	char msg[TPM2Q_MSG_LEN];
	size_t n = 0;
	unsigned accepted = 0;

	(void)state;
	attest_base(&a);
	n = marshal(&a, good, sizeof(good));
	for (unsigned it = 0; it < 20000; it++) {
		size_t len = n;

		memcpy(buf, good, n);
		switch (unit_rand_below(4)) {
		case 0:                                     /* flip bytes */
			for (unsigned k = 0, m = 1 + (unsigned)unit_rand_below(4); k < m; k++)
				buf[unit_rand_below(n)] ^= (uint8_t)(1 + unit_rand_below(255));
			break;
		case 1:                                     /* a length field's byte */
			buf[6 + unit_rand_below(2)] = (uint8_t)unit_rand64();
			buf[42 + unit_rand_below(2)] = (uint8_t)unit_rand64();
			break;
		case 2:                                     /* cut */
			len = unit_rand_below(n + 1);
			break;
		default: {                                  /* insert or append */
			size_t at = unit_rand_below(n + 1), k = 1 + unit_rand_below(8);

			memmove(buf + at + k, buf + at, n - at);
			unit_rand_fill(buf + at, k);
			len = n + k;
		}
		}
		msg[0] = 0;
		if (tpm2q_attest_parse(buf, len, &b, msg, sizeof(msg))) {
			assert_true(msg[0]);
			continue;
		}
		accepted++;
		assert_int_equal(evidence_tpm_attest(&b, again, sizeof(again)), len);
		assert_memory_equal(again, buf, len);
	}
	print_message("# %u of 20000 mutations parsed (and re-marshalled identically)\n", accepted);
}

/* ---- signatures ---- */

static void sign(EVP_PKEY *k, uint16_t alg, uint16_t hash, const uint8_t *m, size_t n,
		 struct tpm2q_sig *s, uint8_t **raw, size_t *rawlen)
{
	char msg[TPM2Q_MSG_LEN];

	assert_int_equal(evidence_tpm_sign(k, alg, hash, m, n, raw, rawlen), 0);
	if (tpm2q_sig_parse(*raw, *rawlen, s, msg, sizeof(msg)))
		fail_msg("sig_parse: %s", msg);
}

static void expect_verify(const struct tpm2q_sig *s, EVP_PKEY *k, const uint8_t *m, size_t n,
			  const char *want)
{
	char why[TPM2Q_MSG_LEN] = "";
	int rc = tpm2q_sig_verify(s, k, m, n, why, sizeof(why));

	if (!want) {
		if (rc)
			fail_msg("signature refused: %s", why);
		return;
	}
	assert_int_equal(rc, -1);
	if (!strstr(why, want))
		fail_msg("reason \"%s\" does not say \"%s\"", why, want);
}

static void test_signatures(void **state)
{
	static const struct { EVP_PKEY **k; uint16_t alg, hash; } good[] = {
		{ &rsa, TPM2Q_ALG_RSASSA, TPM_ALG_SHA256 },
		{ &rsa, TPM2Q_ALG_RSASSA, TPM_ALG_SHA384 },
		{ &rsa, TPM2Q_ALG_RSAPSS, TPM_ALG_SHA256 },
		{ &ec256, TPM2Q_ALG_ECDSA, TPM_ALG_SHA256 },
		{ &ec384, TPM2Q_ALG_ECDSA, TPM_ALG_SHA384 },
		{ &ec384, TPM2Q_ALG_ECDSA, 0x000D },     /* SHA-512 */
	};
	const uint8_t m[] = "a TPMS_ATTEST stand-in";
	struct tpm2q_sig s;
	uint8_t *raw;
	size_t rl;
	char kd[32];

	(void)state;
	for (unsigned i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		sign(*good[i].k, good[i].alg, good[i].hash, m, sizeof(m), &s, &raw, &rl);
		assert_int_equal(s.alg, good[i].alg);
		expect_verify(&s, *good[i].k, m, sizeof(m), NULL);
		/* another message */
		expect_verify(&s, *good[i].k, m, sizeof(m) - 1, "signature does not verify with "
			      "the pinned AK");
		/* a changed signature byte */
		if (s.alg == TPM2Q_ALG_ECDSA)
			s.s[s.s_len / 2] ^= 1;
		else
			s.rsa[s.len / 2] ^= 1;
		expect_verify(&s, *good[i].k, m, sizeof(m), "does not verify");
		free(raw);
	}
	/* Another key of the same kind; the other kind. */
	sign(rsa, TPM2Q_ALG_RSASSA, TPM_ALG_SHA256, m, sizeof(m), &s, &raw, &rl);
	expect_verify(&s, rsa2, m, sizeof(m), "the rsassa-sha256 signature does not verify with "
		      "the pinned AK");
	expect_verify(&s, ec256, m, sizeof(m), "signed with rsassa, but the pinned AK is an "
		      "EC prime256v1 key");
	free(raw);
	sign(ec256, TPM2Q_ALG_ECDSA, TPM_ALG_SHA256, m, sizeof(m), &s, &raw, &rl);
	expect_verify(&s, rsa, m, sizeof(m), "signed with ecdsa, but the pinned AK is an RSA 2048 key");
	expect_verify(&s, ec384, m, sizeof(m), "does not verify");
	free(raw);
	/* SHA-1 is refused outright; an RSA signature of the wrong size. */
	sign(rsa, TPM2Q_ALG_RSASSA, 0x0004, m, sizeof(m), &s, &raw, &rl);
	expect_verify(&s, rsa, m, sizeof(m), "signed with hash sha1; this verifier accepts sha256, "
		      "sha384 and sha512");
	free(raw);
	sign(rsa, TPM2Q_ALG_RSASSA, TPM_ALG_SHA256, m, sizeof(m), &s, &raw, &rl);
	s.len = 255;
	expect_verify(&s, rsa, m, sizeof(m), "the rsassa signature has 255 bytes, the pinned AK "
		      "makes 256");
	free(raw);
	assert_string_equal(tpm2q_key_desc(ec384, kd), "EC secp384r1");
}

static void expect_sig_fail(const uint8_t *p, size_t n, const char *want)
{
	struct tpm2q_sig s;
	char msg[TPM2Q_MSG_LEN] = "";

	assert_int_equal(tpm2q_sig_parse(p, n, &s, msg, sizeof(msg)), -1);
	if (!strstr(msg, want))
		fail_msg("reason \"%s\" does not say \"%s\"", msg, want);
}

static void test_signature_parser(void **state)
{
	const uint8_t m[] = "x";
	struct tpm2q_sig s;
	uint8_t *raw, buf[1200];
	size_t rl;
	char msg[TPM2Q_MSG_LEN];

	(void)state;
	for (int kind = 0; kind < 2; kind++) {
		sign(kind ? ec256 : rsa, kind ? TPM2Q_ALG_ECDSA : TPM2Q_ALG_RSASSA, TPM_ALG_SHA256, m,
		     1, &s, &raw, &rl);
		for (size_t k = 0; k < rl; k++) {
			msg[0] = 0;
			assert_int_equal(tpm2q_sig_parse(raw, k, &s, msg, sizeof(msg)), -1);
			assert_true(msg[0]);
		}
		memcpy(buf, raw, rl);
		buf[rl] = 7;
		expect_sig_fail(buf, rl + 1, "1 bytes after the end of the TPMT_SIGNATURE");
		free(raw);
	}
	expect_sig_fail(buf, 0, "the signature is empty");
	expect_sig_fail((const uint8_t *)"\x00\x10\x00\x0b", 4, "sigAlg is TPM_ALG_NULL: the quote is "
			"not signed");
	expect_sig_fail((const uint8_t *)"\x00\x1a\x00\x0b", 4, "sigAlg 0x001a is not RSASSA");
	expect_sig_fail((const uint8_t *)"\x00\x14\x00\x99\x00\x00", 6, "signature.hash 0x0099 is "
			"not a hash algorithm");
	expect_sig_fail((const uint8_t *)"\x00\x14\x00\x0b\x00\x00", 6, "the RSA signature is empty");
	expect_sig_fail((const uint8_t *)"\x00\x14\x00\x0b\x02\x01", 6, "signature (RSA) at offset 4: "
			"size 513 is larger than the structure allows (512)");
	expect_sig_fail((const uint8_t *)"\x00\x18\x00\x0b\x00\x00\x00\x01\x01", 9, "ECDSA signature "
			"with an empty R");
	expect_sig_fail((const uint8_t *)"\x00\x18\x00\x0b\x00\x43", 6, "signatureR at offset 4: size "
			"67 is larger than the structure allows (66)");
	for (unsigned it = 0; it < 5000; it++) {
		size_t n = unit_rand_below(80);

		unit_rand_fill(buf, n);
		if (n > 2 && unit_rand_below(2))
			buf[0] = 0, buf[1] = (uint8_t)(unit_rand_below(2) ? 0x14 : 0x18);
		msg[0] = 0;
		if (tpm2q_sig_parse(buf, n, &s, msg, sizeof(msg)))
			assert_true(msg[0]);
	}
}

/* ---- the quoted PCR values (tpm2_quote -o) ---- */

static void test_pcr_values(void **state)
{
	struct tpm2q_attest a;
	uint8_t vals[TPM2Q_MAX_PCRS][TPM2Q_MAX_HASH], got[TPM2Q_MAX_PCRS][TPM2Q_MAX_HASH];
	uint8_t raw[4 * 48], ser[136 + 532];
	char msg[TPM2Q_MSG_LEN];
	size_t o = 0;

	(void)state;
	attest_base(&a);
	for (unsigned i = 0; i < 4; i++) {
		unsigned sz = i < 2 ? 32 : 48;

		memset(vals[i], 0x10 + i, sz);
		memcpy(raw + o, vals[i], sz);
		o += sz;
	}
	/* "values": the digests back to back */
	assert_int_equal(tpm2q_pcr_values_parse(raw, o, &a, got, msg, sizeof(msg)), 0);
	assert_memory_equal(got[3], vals[3], 48);
	assert_int_equal(tpm2q_pcr_values_parse(raw, o - 1, &a, got, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "neither tpm2_quote's serialized format nor the 160 bytes of "
				    "the 4 selected PCR values"));
	/* "serialized": tpm2-tools' TPML_PCR_SELECTION, a count, TPML_DIGESTs */
	memset(ser, 0, sizeof(ser));
	ser[0] = 2;
	for (unsigned b = 0; b < 2; b++) {
		uint8_t *s = ser + 4 + 8 * b;

		s[0] = (uint8_t)a.sel[b].alg;
		s[2] = 3;
		s[3] = 0x04, s[4] = 0x02;
	}
	ser[132] = 1;
	ser[136] = 4;
	for (unsigned i = 0; i < 4; i++) {
		uint8_t *d = ser + 140 + 66 * i;

		d[0] = i < 2 ? 32 : 48;
		memcpy(d + 2, vals[i], d[0]);
	}
	memset(got, 0, sizeof(got));
	assert_int_equal(tpm2q_pcr_values_parse(ser, sizeof(ser), &a, got, msg, sizeof(msg)), 0);
	assert_memory_equal(got[0], vals[0], 32);
	assert_memory_equal(got[3], vals[3], 48);
	ser[5] = 1;                                  /* another bank */
	assert_int_equal(tpm2q_pcr_values_parse(ser, sizeof(ser), &a, got, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "its selection 0 (0x010b, PCR mask 0x204) is not the quote's "
				    "(sha256, 0x204)"));
	ser[5] = 0;
	ser[140 + 66] = 48;
	assert_int_equal(tpm2q_pcr_values_parse(ser, sizeof(ser), &a, got, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "the value of sha256 PCR 9 has 48 bytes, expected 32"));
	ser[140 + 66] = 32;
	ser[136] = 5;
	assert_int_equal(tpm2q_pcr_values_parse(ser, sizeof(ser), &a, got, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "digest list 0 holds 5 values, expected 4"));
}

/* ---- verify_run on TPM evidence ---- */

struct agent {
	const char *name;
	uint32_t id;
	const char *bytes;
};

struct scenario {
	struct agent agent[8];
	unsigned nagents;
	const char *cmdline;
	uint32_t seed;
	uint64_t used;
	int hob_event, pcr5_event, bad_agent256;
};

static void base(struct scenario *s)
{
	static const struct agent a[3] = {
		{ "echo", 1, "echo elf" }, { "kintegrity", 2, "kintegrity elf" },
		{ "keyvault", 3, "keyvault elf" },
	};
	memset(s, 0, sizeof(*s));
	memcpy(s->agent, a, sizeof(a));
	s->nagents = 3;
	s->cmdline = "console=ttyS0 quiet";
	s->seed = TETD_SEED_JITTER;          /* TCG's CPU has neither RDSEED nor RDRAND */
	s->used = 0x11000 + 3 * 0xd000;
}

struct built {
	struct evidence_event ev[32];
	unsigned n;
	uint8_t tagged[32][MEASURE_TAGGED_MAX];
};

static void add(struct built *b, uint32_t mr, uint32_t type, const void *data, uint32_t len,
		const char *what, const uint8_t *d384)
{
	struct evidence_event *e = &b->ev[b->n++];

	memset(e, 0, sizeof(*e));
	e->mr = mr;
	e->type = type;
	e->data = data;
	e->len = len;
	if (d384)
		memcpy(e->digest, d384, 48);
	else
		measure_sha384(what, strlen(what), e->digest);
	evidence_digest256(e, what, what ? strlen(what) : 0);
}

static void agent_event(const struct agent *a, struct tetd_agent_event *e)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", a->name);
	e->id = a->id;
	e->version = TETD_AGENT_VERSION(1, 0, 0);
	e->modes = TETD_MODE_EXCLUSIVE;
	measure_sha384(a->bytes, strlen(a->bytes), e->sha384);
}

/* The TPM path's events: what fw/payload.c and tetdg-early measure. */
static void build(const struct scenario *s, struct built *b)
{
	memset(b, 0, sizeof(*b));
	if (s->hob_event)
		add(b, CC_MR_RTMR0, EV_PLATFORM_CONFIG_FLAGS, "tetd:td-hob", 11, "hob", NULL);
	add(b, CC_MR_RTMR1, EV_IPL, "tetd:kernel", 11, "kernel", NULL);
	add(b, CC_MR_RTMR1, EV_IPL, "tetd:initrd", 11, "initrd", NULL);
	add(b, CC_MR_RTMR1, EV_IPL, s->cmdline, (uint32_t)strlen(s->cmdline), s->cmdline, NULL);
	for (unsigned i = 0; i < s->nagents; i++) {
		struct tetd_agent_event e;
		uint8_t *t = b->tagged[b->n];

		agent_event(&s->agent[i], &e);
		measure_tagged(TETD_TAG_AGENT, &e, sizeof(e), t);
		add(b, CC_MR_RTMR3, EV_EVENT_TAG, t, 8 + sizeof(e), NULL, e.sha384);
		if (s->bad_agent256 && i == 1)
			b->ev[b->n - 1].digest256[0] ^= 1;
	}
	struct tetd_zone_event z = { TETD_ZONE_GPA, TETD_ZONE_SIZE, TETD_ZONE_VERSION, s->nagents, 0,
				     s->seed, s->used };
	uint8_t d[48], *t = b->tagged[b->n];

	measure_sha384(&z, sizeof(z), d);
	measure_tagged(TETD_TAG_ZONE, &z, sizeof(z), t);
	add(b, CC_MR_RTMR3, EV_EVENT_TAG, t, 8 + sizeof(z), NULL, d);
	if (s->pcr5_event)
		add(b, 5, EV_IPL, "nowhere", 7, "nowhere", NULL);
}

/* The reference tetd-measure would write for the good image, read back. */
static void reference_for(const struct scenario *s, struct reference *ref)
{
	struct measure_input in = { .image_path = "tetd.fd", .kernel_path = "vmlinuz",
				    .cmdline = s->cmdline, .nonce = MEASURE_NONCE_NONE,
				    .mem = "512M", .smp = "2" };
	static struct measure_result r;
	char *buf = NULL, msg[512];
	size_t len;
	uint8_t img[48] = { 0 };
	FILE *f;

	memset(&r, 0, sizeof(r));
	r.mem = 512ull << 20;
	r.smp = 2;
	measure_sha384("hob", 3, r.hob_sha384);
	measure_extend(r.rtmr0, r.hob_sha384);
	measure_sha384("kernel", 6, r.kernel_sha384);
	measure_sha384("initrd", 6, r.initrd_sha384);
	measure_sha256("kernel", 6, r.kernel_sha256);
	measure_sha256("initrd", 6, r.initrd_sha256);
	r.cmdline_known = 1;
	r.cmdline = (char *)s->cmdline;
	measure_sha384(s->cmdline, strlen(s->cmdline), r.cmdline_sha384);
	measure_extend(r.rtmr1, r.kernel_sha384);
	measure_extend(r.rtmr1, r.initrd_sha384);
	measure_extend(r.rtmr1, r.cmdline_sha384);
	r.nentries = s->nagents;
	for (unsigned i = 0; i < s->nagents; i++) {
		r.entry[i].loaded = 1;
		agent_event(&s->agent[i], &r.entry[i].agent);
	}
	r.zone = (struct tetd_zone_event){ TETD_ZONE_GPA, TETD_ZONE_SIZE, TETD_ZONE_VERSION,
					   s->nagents, 0, 0, s->used };
	for (uint32_t sd = 1; sd <= MEASURE_SEEDS; sd++) {
		struct tetd_zone_event z = r.zone;

		z.seed_source = sd;
		measure_sha384(&z, sizeof(z), r.zone_sha384[sd]);
		for (unsigned i = 0; i < r.nentries; i++)
			measure_extend(r.rtmr3[sd], r.entry[i].agent.sha384);
		measure_extend(r.rtmr3[sd], r.zone_sha384[sd]);
	}
	f = open_memstream(&buf, &len);
	reference_write(f, &in, &r, img);
	fclose(f);
	if (reference_read(buf, len, ref, msg, sizeof(msg)))
		fail_msg("reference_read: %s", msg);
	free(buf);
}

/* Quote the quoted events, log the logged ones, verify against ref/pol. */
struct run {
	const struct built *quoted, *logged;
	const struct reference *ref;
	const struct policy *pol;
	EVP_PKEY *key;                  /* signs (default rsa) */
	const char *ak_pem;             /* pinned (default rsa's) */
	uint16_t alg, hash;             /* signature scheme (default RSASSA-SHA256) */
	const char *quote_nonce, *nonce;
	const char *sel;                /* "tpm2q_sel" selection: see selection() */
	int values;                     /* give the quoted PCR values (values format) */
	int flip_sig, flip_attest;      /* byte offset + 1 to flip */
	int no_log, drop256;            /* drop256: a log without the SHA-256 bank */
	unsigned digest_len;            /* override pcrDigest's size */
	const struct built *valued;     /* the quoted values are these events' */
	const uint8_t *log_override;
	size_t log_override_len;
};

/* "a": sha256:2,9+sha384:2,9; "b": sha384:2,9; "c": sha256:9 only;
 * "d": sha256:2,9,17; "e": sha384:2,9+sha256:2,9 (tools/tpm-quote's order
 * can be either) */
static void selection(struct tpm2q_attest *a, const char *sel)
{
	const uint32_t p29 = 1u << 2 | 1u << 9;

	switch (sel ? sel[0] : 'a') {
	case 'b':
		a->nsel = 1;
		a->sel[0] = (struct tpm2q_sel){ TPM_ALG_SHA384, 3, p29 };
		break;
	case 'c':
		a->nsel = 1;
		a->sel[0] = (struct tpm2q_sel){ TPM_ALG_SHA256, 3, 1u << 9 };
		break;
	case 'd':
		a->nsel = 1;
		a->sel[0] = (struct tpm2q_sel){ TPM_ALG_SHA256, 3, p29 | 1u << 17 };
		break;
	case 'e':
		a->nsel = 2;
		a->sel[0] = (struct tpm2q_sel){ TPM_ALG_SHA384, 3, p29 };
		a->sel[1] = (struct tpm2q_sel){ TPM_ALG_SHA256, 3, p29 };
		break;
	default:
		a->nsel = 2;
		a->sel[0] = (struct tpm2q_sel){ TPM_ALG_SHA256, 3, p29 };
		a->sel[1] = (struct tpm2q_sel){ TPM_ALG_SHA384, 3, p29 };
	}
}

static struct verify_result RES;

static unsigned verify(const struct run *rn)
{
	struct tpm2q_attest a;
	uint8_t nonce[64], *msg, *sig, *log = NULL, vals[TPM2Q_MAX_PCRS][TPM2Q_MAX_HASH];
	uint8_t raw[TPM2Q_MAX_PCRS * 64];
	size_t mlen, slen, llen, nlen, o = 0;
	struct tpm2q_pcr sel[TPM2Q_MAX_PCRS];
	struct verify_input vi = { .kind = VERIFY_TPM };
	const char *qn = rn->quote_nonce ? rn->quote_nonce : NONCE_HEX;
	const char *vn = rn->nonce ? rn->nonce : NONCE_HEX;
	EVP_PKEY *key = rn->key ? rn->key : rsa;

	attest_base(&a);
	a.extra_len = (uint16_t)(strlen(qn) / 2);
	hex_decode(qn, strlen(qn), a.extra, a.extra_len);
	selection(&a, rn->sel);
	assert_int_equal(evidence_tpm_quote(key, rn->alg ? rn->alg : TPM2Q_ALG_RSASSA,
					    rn->hash ? rn->hash : TPM_ALG_SHA256, &a, rn->quoted->ev,
					    rn->quoted->n, &msg, &mlen, &sig, &slen), 0);
	if (rn->digest_len) {
		/* Re-marshal with another pcrDigest size, and sign that. */
		free(sig);
		a.digest_len = (uint16_t)rn->digest_len;
		mlen = evidence_tpm_attest(&a, msg, 1024);
		assert_int_equal(evidence_tpm_sign(key, rn->alg ? rn->alg : TPM2Q_ALG_RSASSA,
						   rn->hash ? rn->hash : TPM_ALG_SHA256, msg, mlen,
						   &sig, &slen), 0);
	}
	if (rn->flip_sig)
		sig[rn->flip_sig - 1] ^= 1;
	if (rn->flip_attest)
		msg[rn->flip_attest - 1] ^= 1;
	if (rn->values) {
		unsigned ns = tpm2q_selected(&a, sel);

		const struct built *vb = rn->valued ? rn->valued : rn->quoted;

		assert_int_equal(evidence_tpm_pcrs(vb->ev, vb->n, &a, vals), 0);
		for (unsigned i = 0; i < ns; i++) {
			memcpy(raw + o, vals[i], tpm2q_hash_size(sel[i].alg));
			o += tpm2q_hash_size(sel[i].alg);
		}
	}
	if (rn->drop256) {
		/* The firmware's writer with one bank (SHA-384), under the PCRs. */
		static struct built one;

		one = rn->logged ? *rn->logged : *rn->quoted;
		for (unsigned i = 0; i < one.n; i++)
			one.ev[i].mr = tetd_pcr_of_mr(one.ev[i].mr);
		assert_int_equal(evidence_log(one.ev, one.n, 8192, &log), 0);
		llen = 8192;
	} else {
		assert_int_equal(evidence_tpm_log(rn->logged ? rn->logged->ev : rn->quoted->ev,
						  rn->logged ? rn->logged->n : rn->quoted->n, &log,
						  &llen), 0);
	}
	nlen = strlen(vn) / 2;
	hex_decode(vn, 2 * nlen, nonce, nlen);
	vi.quote = msg;
	vi.quote_len = mlen;
	vi.tpm_sig = sig;
	vi.tpm_sig_len = slen;
	vi.ak_pem = rn->ak_pem ? rn->ak_pem : rsa_pem;
	vi.ak_pem_len = strlen(vi.ak_pem);
	vi.ak_name = "ak.pub.pem";
	if (rn->values) {
		vi.pcr_values = raw;
		vi.pcr_values_len = o;
		vi.pcr_values_name = "quote.pcrs";
	}
	vi.nonce = nonce;
	vi.nonce_len = nlen;
	vi.nonce_hex = vn;
	if (!rn->no_log) {
		vi.evlog = rn->log_override ? rn->log_override : log;
		vi.evlog_len = rn->log_override ? rn->log_override_len : llen;
	}
	vi.ref = rn->ref;
	vi.ref_name = "ref.json";
	vi.policy = rn->pol;
	unsigned n = verify_run(&vi, &RES);
	free(msg);
	free(sig);
	free(log);
	for (unsigned i = 0; i < RES.nreasons; i++)
		print_message("#   reason: %s\n", RES.reason[i]);
	return n;
}

static void expect(const char *want)
{
	for (unsigned i = 0; i < RES.nreasons; i++)
		if (strstr(RES.reason[i], want))
			return;
	fail_msg("no reason says \"%s\" (%u reasons)", want, RES.nreasons);
}

static struct scenario S;
static struct built BS, BT;
static struct reference REF;
static struct policy POL;

/* The default policy refuses TSC-jitter seeds; TCG boots have them. */
static const struct policy *jitter_ok(void)
{
	policy_default(&POL);
	POL.seed_sources |= 1u << TETD_SEED_JITTER;
	return &POL;
}

static void test_tpm_pass(void **state)
{
	(void)state;
	base(&S);
	build(&S, &BS);
	reference_for(&S, &REF);
	struct run rn = { .quoted = &BS, .ref = &REF, .pol = jitter_ok() };
	assert_int_equal(verify(&rn), 0);
	assert_true(RES.tpm && RES.quote_ok && RES.log_ok && RES.replay_ok && RES.did_ref &&
		    RES.did_pcrs_ref);
	assert_int_equal(RES.pcrs_known, 2);
	assert_int_equal(RES.npcrs, 4);
	assert_int_equal(RES.nagents, 3);
	assert_string_equal(RES.agent[2].agent.name, "keyvault");
	assert_string_equal(RES.selection, "sha256:2,9+sha384:2,9");
	assert_string_equal(RES.ak_desc, "RSA 2048");
	/* The PCR values are the reference's (tetd-measure's PCR 9 and 2). */
	struct reference_tpm t;
	reference_tpm(&REF, NONCE_HEX, &t);
	assert_memory_equal(RES.pcr_value[1], t.pcr9[REF_TPM_SHA256], 32);
	assert_memory_equal(RES.pcr_value[2], t.pcr2[REF_TPM_SHA384][TETD_SEED_JITTER], 48);
	/* With the quoted values too; other selection orders; other schemes. */
	rn.values = 1;
	assert_int_equal(verify(&rn), 0);
	assert_int_equal(RES.pcrs_known, 1);
	rn.sel = "e";
	assert_int_equal(verify(&rn), 0);
	rn.sel = "b";
	assert_int_equal(verify(&rn), 0);
	rn.sel = NULL;
	rn.values = 0;
	rn.alg = TPM2Q_ALG_RSAPSS;
	assert_int_equal(verify(&rn), 0);
	rn.alg = TPM2Q_ALG_ECDSA;
	rn.key = ec256;
	rn.ak_pem = ec256_pem;
	assert_int_equal(verify(&rn), 0);
	rn.key = ec384;
	rn.ak_pem = ec384_pem;
	rn.hash = TPM_ALG_SHA384;
	assert_int_equal(verify(&rn), 0);
	/* Without the log: the quoted values against the reference. */
	struct run nl = { .quoted = &BS, .ref = &REF, .pol = jitter_ok(), .no_log = 1, .values = 1 };
	assert_int_equal(verify(&nl), 0);
	assert_true(RES.did_pcrs_ref && !RES.did_log);
	nl.values = 0;
	assert_int_equal(verify(&nl), 1);
	expect("no PCR values to compare with the reference: give the event log or the quoted "
	       "PCR values");
	reference_free(&REF);
}

static void test_tpm_nonce_signature_key(void **state)
{
	(void)state;
	base(&S);
	build(&S, &BS);
	struct run rn = { .quoted = &BS, .pol = jitter_ok(), .quote_nonce = "00112233" };
	assert_int_equal(verify(&rn), 1);
	expect("extraData does not bind the nonce a1b2c3d4e5f60718: quote has 00112233");
	assert_true(RES.quote_ok);
	/* A forged signature: a byte of it, or of the signed message. */
	rn.quote_nonce = NULL;
	rn.flip_sig = 6 + 100;
	assert_int_equal(verify(&rn), 1);
	expect("quote: the rsassa-sha256 signature does not verify with the pinned AK (ak.pub.pem, "
	       "RSA 2048)");
	assert_false(RES.quote_ok);
	rn.flip_sig = 0;
	rn.flip_attest = 60;                       /* a byte of extraData */
	assert_int_equal(verify(&rn), 1);
	expect("signature does not verify");
	/* Signed by another AK than the pinned one. */
	rn.flip_attest = 0;
	rn.ak_pem = rsa2_pem;
	assert_int_equal(verify(&rn), 1);
	expect("does not verify with the pinned AK");
	rn.ak_pem = "not a key";
	assert_int_equal(verify(&rn), 1);
	expect("AK: ak.pub.pem is not a PEM public key (RSA or EC)");
	/* A malformed quote or signature stops there, saying why. */
	rn.ak_pem = NULL;
	rn.flip_attest = 1;
	assert_int_equal(verify(&rn), 1);
	expect("quote: TPMS_ATTEST: magic is 0xfe544347, not TPM_GENERATED_VALUE");
	rn.flip_attest = 0;
	rn.flip_sig = 2;                           /* RSASSA -> 0x0015 */
	assert_int_equal(verify(&rn), 1);
	expect("quote: TPMT_SIGNATURE: sigAlg 0x0015 is not RSASSA");
	/* pcrDigest not of the signing hash's size. */
	rn.flip_sig = 0;
	rn.digest_len = 20;
	assert_int_equal(verify(&rn), 1);
	expect("quote: pcrDigest has 20 bytes, the signing hash sha256 makes 32");
}

/* pcrDigest against the log's replay; with the quoted values, per PCR. */
static void test_tpm_log_tampering(void **state)
{
	(void)state;
	base(&S);
	build(&S, &BS);
	BT = BS;
	memmove(&BT.ev[4], &BT.ev[5], (BT.n - 5) * sizeof(BT.ev[0]));  /* drop kintegrity */
	BT.n--;
	struct run rn = { .quoted = &BS, .logged = &BT, .pol = jitter_ok() };
	assert_true(verify(&rn) > 0);
	expect("pcrDigest: the event log's replay of sha256:2,9+sha384:2,9 hashes to ");
	expect("(log events: PCR1 0, PCR9 3, PCR8 0, PCR2 3; --pcr-values names the PCR that "
	       "differs)");
	assert_false(RES.replay_ok);
	rn.values = 1;
	assert_true(verify(&rn) > 0);
	expect("PCR2 sha256: the event log replays to ");
	expect("PCR2 sha384: the event log replays to ");
	expect(", the quote has ");
	expect("(3 events)");
	for (unsigned i = 0; i < RES.nreasons; i++)
		assert_null(strstr(RES.reason[i], "PCR9"));
	BT = BS;
	struct evidence_event t = BT.ev[3];                            /* echo <-> kintegrity */
	BT.ev[3] = BT.ev[4];
	BT.ev[4] = t;
	assert_true(verify(&rn) > 0);
	expect("PCR2 sha384: the event log replays to ");
	BT = BS;
	t = BT.ev[0];                                                  /* kernel <-> initrd */
	BT.ev[0] = BT.ev[1];
	BT.ev[1] = t;
	assert_true(verify(&rn) > 0);
	expect("PCR9 sha256: the event log replays to ");
	/* Quoted values that are not this quote's: refused, and the log's
	 * replay still decides. */
	rn.logged = NULL;
	BT = BS;
	BT.ev[0].digest[0] ^= 1;
	rn.valued = &BT;
	assert_int_equal(verify(&rn), 1);
	expect("PCR values (quote.pcrs) hash to ");
	expect(", the quote's pcrDigest is ");
	expect(": they are not the values this quote signed");
	assert_true(RES.replay_ok && RES.pcrs_known == 2);
}

static void test_tpm_log_structure(void **state)
{
	(void)state;
	/* An event in a PCR the firmware does not extend. */
	base(&S);
	S.pcr5_event = 1;
	build(&S, &BS);
	struct run rn = { .quoted = &BS, .pol = jitter_ok() };
	assert_true(verify(&rn) > 0);
	expect("event log: event 8 extends PCR 5, which the firmware does not extend (PCRs 1, 9, 8, "
	       "2 stand for RTMR0..3)");
	/* A SHA-256 digest that is not the hash of a TETD event's data. */
	base(&S);
	S.bad_agent256 = 1;
	build(&S, &BS);
	assert_true(verify(&rn) > 0);
	expect("PCR2 log event 5 (agent): its sha256 digest is not the SHA-256 of its event data");
	/* The quote selects a bank the log lacks; PCRs past 15; a PCR the log
	 * extends is not quoted. */
	base(&S);
	build(&S, &BS);
	rn.drop256 = 1;
	assert_true(verify(&rn) > 0);
	expect("event log: no sha256 bank, and the quote selects sha256 PCRs (sha256:2,9+sha384:2,9)");
	rn.drop256 = 0;
	rn.sel = "d";
	assert_true(verify(&rn) > 0);
	expect("the quote selects sha256 PCR 17: only PCRs 0..15 are boot PCRs an event log accounts "
	       "for");
	rn.sel = "c";
	assert_true(verify(&rn) > 0);
	expect("PCR2: the log has 4 events there (RTMR3's), but the quote selects PCR 2 in no bank "
	       "the log has (sha256:9): they are not attested");
	/* A log without the SHA-384 bank; a malformed log. */
	rn.sel = NULL;
	const uint16_t alg = TPM_ALG_SHA256;
	struct evlog_writer w;
	assert_int_equal(evlog_writer_init(&w, &alg, 1), 0);
	assert_int_equal(evlog_writer_add_hashed(&w, 9, EV_IPL, "x", 1), 0);
	rn.log_override = w.buf;
	rn.log_override_len = w.len;
	assert_true(verify(&rn) > 0);
	expect("event log: no SHA-384 bank (the firmware's TCG2 log always has one)");
	rn.log_override_len = w.len - 1;
	assert_true(verify(&rn) > 0);
	expect("event log: event 1 at offset ");
	assert_true(RES.quote_ok && !RES.log_ok);
	evlog_writer_free(&w);
}

static void test_tpm_reference(void **state)
{
	(void)state;
	base(&S);
	reference_for(&S, &REF);
	struct run rn = { .quoted = &BS, .ref = &REF, .pol = jitter_ok() };

	/* One byte of an agent's ELF changed. */
	S.agent[1].bytes = "kintegrity elg";
	build(&S, &BS);
	assert_true(verify(&rn) > 0);
	expect("agent 'kintegrity' (log event 5): sha384 expected ");
	expect("PCR2 sha256: the quote has ");
	expect("PCR2 sha384: the quote has ");
	expect("none of the reference's values for the allowed seed sources (e.g. ");
	for (unsigned i = 0; i < RES.nreasons; i++)
		assert_null(strstr(RES.reason[i], "PCR9"));

	/* An extra agent in the image (the reference's), not in the boot. */
	base(&S);
	S.agent[3] = (struct agent){ "extra", 9, "extra elf" };
	S.nagents = 4;
	reference_free(&REF);
	reference_for(&S, &REF);
	base(&S);
	build(&S, &BS);
	assert_true(verify(&rn) > 0);
	expect("agent 'extra' (reference volume entry 3, loaded) is missing from the log");
	expect("PCR2 sha384: the quote has ");
	reference_free(&REF);

	/* Another command line. */
	base(&S);
	reference_for(&S, &REF);
	S.cmdline = "console=ttyS0";
	build(&S, &BS);
	assert_true(verify(&rn) > 0);
	expect("PCR9 event 3 (log event 3): expected EV_IPL \"console=ttyS0 quiet\" (cmdline), log "
	       "has EV_IPL \"console=ttyS0\"");
	expect("PCR9 sha256: expected ");
	expect("PCR9 sha384: expected ");
	expect("(reference ref.json), the quote has ");

	/* A TD HOB event in PCR 1: not on plain QEMU. */
	base(&S);
	S.hob_event = 1;
	build(&S, &BS);
	assert_true(verify(&rn) > 0);
	expect("PCR1: the reference expects no events there (no TD HOB outside a TD), the log has 1 "
	       "(log event 1 first)");
	expect("PCR1: the log has 1 event there (RTMR0's), but the quote selects PCR 1 in no bank "
	       "the log has (sha256:2,9+sha384:2,9): it is not attested");

	/* The kernel's SHA-256 differs (only that bank). */
	base(&S);
	build(&S, &BS);
	BS.ev[0].digest256[3] ^= 1;
	assert_true(verify(&rn) > 0);
	expect("PCR9 event 1 (log event 1, kernel): sha256 expected ");
	expect("(reference ref.json), log has ");

	/* A seed source the policy does not allow. */
	base(&S);
	build(&S, &BS);
	rn.pol = NULL;
	assert_true(verify(&rn) > 0);
	expect("policy: zone event (log event 7): seed source tsc-jitter is not allowed (allowed: "
	       "rdseed, rdrand)");
	expect("PCR2 sha256: the quote has the reference's value for seed source tsc-jitter, which "
	       "the policy does not allow");

	/* A quote that does not cover the agents' PCR. */
	rn.pol = jitter_ok();
	rn.sel = "c";
	assert_true(verify(&rn) > 0);
	expect("the quote selects PCR 2 (RTMR3: agents, zone) in neither the sha256 nor the sha384 "
	       "bank (sha256:9): it does not attest them");

	/* A reference without the TPM section (an older tetd-measure's). */
	rn.sel = NULL;
	REF.has_tpm = 0;
	assert_true(verify(&rn) > 0);
	expect("reference ref.json has no TPM values (\"tpm\"): written by an older tetd-measure");
	reference_free(&REF);
}

/* ---- the reference file's "tpm" section ---- */

static char *ref_text(const struct scenario *s)
{
	struct reference ref;
	struct measure_input in = { .image_path = "tetd.fd", .kernel_path = "vmlinuz",
				    .cmdline = s->cmdline, .nonce = MEASURE_NONCE_SUFFIX,
				    .nonce_bytes = 8, .mem = "512M", .smp = "2" };
	static struct measure_result r;
	char *buf = NULL;
	size_t len;
	uint8_t img[48] = { 0 };
	FILE *f;

	(void)ref;
	memset(&r, 0, sizeof(r));
	measure_extend(r.rtmr0, r.hob_sha384);
	measure_sha256("kernel", 6, r.kernel_sha256);
	r.nentries = 1;
	r.entry[0].loaded = 1;
	agent_event(&s->agent[0], &r.entry[0].agent);
	r.zone = (struct tetd_zone_event){ 1, 2, 3, 1, 0, 0, 4 };
	for (uint32_t sd = 1; sd <= MEASURE_SEEDS; sd++) {
		struct tetd_zone_event z = r.zone;

		z.seed_source = sd;
		measure_sha384(&z, sizeof(z), r.zone_sha384[sd]);
		measure_extend(r.rtmr3[sd], r.entry[0].agent.sha384);
		measure_extend(r.rtmr3[sd], r.zone_sha384[sd]);
	}
	f = open_memstream(&buf, &len);
	reference_write(f, &in, &r, img);
	fclose(f);
	return buf;
}

/* Replace the first occurrence of from (after the key at) with to. */
static char *edit(const char *text, const char *at, const char *from, const char *to)
{
	const char *p = strstr(text, at), *q;
	char *out;

	assert_non_null(p);
	q = strstr(p + strlen(at), from);
	assert_non_null(q);
	out = malloc(strlen(text) + strlen(to) + 1);
	memcpy(out, text, (size_t)(q - text));
	strcpy(out + (q - text), to);
	strcat(out, q + strlen(from));
	return out;
}

static void expect_ref_fail(const char *text, const char *want)
{
	static struct reference ref;
	char msg[512] = "";

	assert_int_equal(reference_read(text, strlen(text), &ref, msg, sizeof(msg)), -1);
	if (!strstr(msg, want))
		fail_msg("reference reason \"%s\" does not say \"%s\"", msg, want);
}

static void test_reference_tpm_section(void **state)
{
	static struct reference ref;
	char msg[512], *t, *e;
	const char *p;

	(void)state;
	base(&S);
	t = ref_text(&S);
	assert_int_equal(reference_read(t, strlen(t), &ref, msg, sizeof(msg)), 0);
	assert_true(ref.has_tpm);
	reference_free(&ref);
	/* A "suffix" reference: PCR 9 and the command line's SHA-256 wait for
	 * the verifier's nonce. */
	assert_non_null(strstr(t, "\"cmdline\": null"));
	assert_non_null(strstr(t, "\"9\": null"));
	/* Optional: a file without it reads (the TD path does not need it). */
	p = strstr(t, ",\n  \"tpm\"");
	assert_non_null(p);
	e = malloc(strlen(t) + 1);
	memcpy(e, t, (size_t)(p - t));
	strcpy(e + (p - t), strstr(p, ",\n  \"events\""));
	assert_int_equal(reference_read(e, strlen(e), &ref, msg, sizeof(msg)), 0);
	assert_false(ref.has_tpm);
	reference_free(&ref);
	free(e);
	/* Edited values are refused, each with its reason. */
	e = edit(t, "\"pcr_map\"", "\"rtmr3\": 2", "\"rtmr3\": 3");
	expect_ref_fail(e, "reference: tpm.pcr_map.rtmr3 is 3; the firmware extends RTMR3's events "
			"into PCR 2");
	free(e);
	e = edit(t, "\"tpm\"", "\"qemu\"", "\"tetdh\"");
	expect_ref_fail(e, "reference: tpm.platform \"tetdh\", expected \"qemu\"");
	free(e);
	p = strstr(t, "\"agents\": [\"") + strlen("\"agents\": [\"");
	e = malloc(strlen(t) + 2);
	memcpy(e, t, (size_t)(p - t));
	e[p - t] = '0';                             /* 65 hex digits */
	strcpy(e + (p - t) + 1, p);
	expect_ref_fail(e, "reference: tpm.sha256.agents[0] is not 32 bytes of hex");
	free(e);
	e = strdup(t);
	e[p - t] = p[0] == '0' ? '1' : '0';         /* one hex digit of the digest */
	expect_ref_fail(e, "reference: tpm.sha256.agents[0] is not the SHA-256 of the event "
			"rtmr3.agents[0] describes");
	free(e);
	e = edit(t, "\"zone\": {\"rdseed\": \"", "\": \"", "\": \"ff");
	expect_ref_fail(e, "reference: tpm.sha256.zone.rdrand is not 32 bytes of hex");
	free(e);
	e = edit(t, "\"sha256\": {\"2\"", "\"9\": null", "\"9\": \"00\"");
	expect_ref_fail(e, "reference: with a suffix nonce, tpm.pcrs.sha256.9 must be null");
	free(e);
	e = edit(t, "\"tpm\"", "\"platform\": \"qemu\",", "\"platform\": \"qemu\", \"x\": 1,");
	expect_ref_fail(e, "reference: tpm: unknown key \"x\"");
	free(e);
	e = edit(t, "\"sha384\": {\"2\"", "\"rdrand\": \"", "\"rdrand\": \"0");
	expect_ref_fail(e, "tpm.pcrs.sha384.2.rdrand is not 48 bytes of hex");
	free(e);
	free(t);
}

/* ---- a real boot: swtpm's quote of a TPM-path boot ---- */

static uint8_t *data_file(const char *name, size_t *len)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", UNIT_ATTEST_TPM_DATA, name);
	return unit_read_file(path, len);
}

static void test_real_boot(void **state)
{
	size_t ml, sl, al, pl, ll, nl, rl, ol;
	uint8_t *m = data_file("quote.msg", &ml), *s = data_file("quote.sig", &sl);
	char *ak = (char *)data_file("ak.pub.pem", &al), *nh = (char *)data_file("nonce", &nl);
	uint8_t *pv = data_file("quote.pcrs", &pl), *log = data_file("tpmlog.bin", &ll);
	char *rt = (char *)data_file("reference.json", &rl);
	char *pt = (char *)data_file("policy.json", &ol);
	static struct reference ref;
	static struct policy pol;
	uint8_t nonce[64];
	char msg[512];
	struct verify_input vi = { .kind = VERIFY_TPM };

	(void)state;
	assert_true(m && s && ak && nh && pv && log && rt && pt);
	while (nl && (nh[nl - 1] == '\n'))
		nh[--nl] = 0;
	assert_int_equal(hex_decode(nh, nl, nonce, nl / 2), 0);
	if (reference_read(rt, rl, &ref, msg, sizeof(msg)) || policy_read(pt, ol, &pol, msg, sizeof(msg)))
		fail_msg("%s", msg);
	vi.quote = m, vi.quote_len = ml;
	vi.tpm_sig = s, vi.tpm_sig_len = sl;
	vi.ak_pem = ak, vi.ak_pem_len = al, vi.ak_name = "ak.pub.pem";
	vi.pcr_values = pv, vi.pcr_values_len = pl, vi.pcr_values_name = "quote.pcrs";
	vi.nonce = nonce, vi.nonce_len = nl / 2, vi.nonce_hex = nh;
	vi.evlog = log, vi.evlog_len = ll;
	vi.ref = &ref, vi.ref_name = "reference.json";
	vi.policy = &pol;
	verify_run(&vi, &RES);
	for (unsigned i = 0; i < RES.nreasons; i++)
		print_message("#   reason: %s\n", RES.reason[i]);
	assert_int_equal(RES.nreasons, 0);
	assert_true(RES.replay_ok && RES.pcrs_known == 1 && RES.did_pcrs_ref);
	assert_int_equal(RES.sig.alg, TPM2Q_ALG_RSASSA);
	print_message("# real boot: %s, %u agents, seed %s\n", RES.selection, RES.nagents,
		      evlog_seed_name(RES.zone.seed_source));
	/* Every truncation of the real quote and signature is refused. */
	for (size_t k = 0; k < ml; k++) {
		vi.quote_len = k;
		assert_true(verify_run(&vi, &RES) >= 1 && !RES.quote_ok);
	}
	vi.quote_len = ml;
	for (size_t k = 0; k < sl; k++) {
		vi.tpm_sig_len = k;
		assert_true(verify_run(&vi, &RES) >= 1 && !RES.quote_ok);
	}
	reference_free(&ref);
	free(m), free(s), free(ak), free(nh), free(pv), free(log), free(rt), free(pt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attest_valid),
		cmocka_unit_test(test_attest_truncations),
		cmocka_unit_test(test_attest_fields),
		cmocka_unit_test(test_attest_mutations),
		cmocka_unit_test(test_signature_parser),
		cmocka_unit_test(test_signatures),
		cmocka_unit_test(test_pcr_values),
		cmocka_unit_test(test_tpm_pass),
		cmocka_unit_test(test_tpm_nonce_signature_key),
		cmocka_unit_test(test_tpm_log_tampering),
		cmocka_unit_test(test_tpm_log_structure),
		cmocka_unit_test(test_tpm_reference),
		cmocka_unit_test(test_reference_tpm_section),
		cmocka_unit_test(test_real_boot),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
