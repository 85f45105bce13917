// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/fuzz_attest_tpm.c - libFuzzer target for the verifier's TPM
 * quote path (tools/attest/tpm2quote.c, verify.c): any bytes as
 *   - a TPMS_ATTEST (tpm2_quote -m): parsed strictly; what parses must
 *     re-marshal to exactly the input (no byte ignored or invented), and
 *     its selection must stay within bounds
 *   - a TPMT_SIGNATURE (-s): parsed; what parses is checked against a
 *     P-256 and an RSA key (never verifies, never crashes)
 *   - the quoted PCR values (-o) of a genuine quote, in either format
 *   - the TCG2 event log (if it parses) of a genuine quote (built once at start: an EC
 *     P-256 AK, the events of mkevidence's TPM boot, sha256:2,8,9 +
 *     sha384:2,8,9): verify_run's TPM checks - per-bank replay, pcrDigest,
 *     PCR map, the TETD events in both banks - under the default policy
 *
 *   make fuzz-attest        (clang -fsanitize=fuzzer,address,undefined)
 *
 * Checked, abort() on violation: a refusal always says why; an accepted
 * TPMS_ATTEST round-trips; the verifier's reasons are NUL-terminated
 * lines and a quote that verifies is reported as such. Seeds:
 * mkevidence tpmquote's quote, signature, values and log (the same boot).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/ec.h>
#include <openssl/rsa.h>

#include "evidence.h"
#include "tpm2quote.h"
#include "verify.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "violated: %s\n", #c); abort(); } } while (0)

static EVP_PKEY *ec, *rsa;
static char *ec_pem;
static uint8_t *quote, *sig;
static size_t quote_len, sig_len;
static struct tpm2q_attest genuine;
static const uint8_t nonce[4] = { 0xa1, 0xb2, 0xc3, 0xd4 };

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static struct evidence_event ev[10];
	unsigned n;

	(void)argc; (void)argv;
	ec = EVP_EC_gen("P-256");
	rsa = EVP_RSA_gen(2048);
	ec_pem = ec ? evidence_key_pem(ec) : NULL;
	n = evidence_boot_events(ev, 10, 0, "console=ttyS0 quiet");
	memcpy(genuine.extra, nonce, sizeof(nonce));
	genuine.extra_len = sizeof(nonce);
	genuine.signer_len = 4;
	genuine.nsel = 2;
	genuine.sel[0] = (struct tpm2q_sel){ 0x000B, 3, 1u << 2 | 1u << 8 | 1u << 9 };
	genuine.sel[1] = (struct tpm2q_sel){ 0x000C, 3, 1u << 2 | 1u << 8 | 1u << 9 };
	if (!ec || !rsa || !ec_pem ||
	    evidence_tpm_quote(ec, TPM2Q_ALG_ECDSA, 0x000B, &genuine, ev, n, &quote, &quote_len, &sig,
			       &sig_len)) {
		fprintf(stderr, "fuzz_attest_tpm: no genuine quote\n");
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tpm2q_attest a;
	static struct tpm2q_sig s;
	static struct tpm2q_pcr sel[TPM2Q_MAX_PCRS];
	static uint8_t again[2048], values[TPM2Q_MAX_PCRS][TPM2Q_MAX_HASH];
	static struct verify_result res;
	char msg[TPM2Q_MSG_LEN] = "", selstr[4096];

	if (tpm2q_attest_parse(data, size, &a, msg, sizeof(msg))) {
		CHECK(msg[0]);
	} else {
		unsigned n = tpm2q_selected(&a, sel);

		CHECK(a.nsel <= TPM2Q_MAX_BANKS && n <= TPM2Q_MAX_PCRS);
		CHECK(a.signer_len <= TPM2Q_MAX_NAME && a.extra_len <= TPM2Q_MAX_DATA &&
		      a.digest_len >= 1 && a.digest_len <= TPM2Q_MAX_HASH);
		CHECK(evidence_tpm_attest(&a, again, sizeof(again)) == size);
		CHECK(!memcmp(again, data, size));
		tpm2q_sel_str(&a, selstr, sizeof(selstr));
		CHECK(memchr(selstr, 0, sizeof(selstr)));
	}

	msg[0] = 0;
	if (tpm2q_sig_parse(data, size, &s, msg, sizeof(msg))) {
		CHECK(msg[0]);
	} else {
		char why[TPM2Q_MSG_LEN] = "";

		CHECK(s.len <= TPM2Q_MAX_RSA && s.r_len <= TPM2Q_MAX_ECC && s.s_len <= TPM2Q_MAX_ECC);
		/* Signs the genuine quote? Not with these bytes. */
		CHECK(tpm2q_sig_verify(&s, s.alg == TPM2Q_ALG_ECDSA ? ec : rsa, data, size, why,
				       sizeof(why)) == -1 && why[0]);
	}

	msg[0] = 0;
	if (tpm2q_pcr_values_parse(data, size, &genuine, values, msg, sizeof(msg)))
		CHECK(msg[0]);

	/* The verifier's TPM checks on what parses as a log (the refusal of
	 * one that does not is evlog.c's, fuzz_attest_evlog's part). */
	struct tcg_log l;
	int is_log = evlog_parse(&l, data, size, msg, sizeof(msg)) == 0;

	evlog_free(&l);
	if (!is_log)
		return 0;
	struct verify_input in = { .kind = VERIFY_TPM, .quote = quote, .quote_len = quote_len,
				   .tpm_sig = sig, .tpm_sig_len = sig_len, .ak_pem = ec_pem,
				   .ak_pem_len = strlen(ec_pem), .ak_name = "ak.pub.pem",
				   .nonce = nonce, .nonce_len = sizeof(nonce), .nonce_hex = "a1b2c3d4",
				   .evlog = data, .evlog_len = size };
	verify_run(&in, &res);
	CHECK(res.quote_ok && res.tpm);
	for (unsigned i = 0; i < res.nreasons; i++)
		CHECK(memchr(res.reason[i], 0, VERIFY_REASON_LEN) && !strchr(res.reason[i], '\n'));
	CHECK(!res.replay_ok || res.pcrs_known == 2);
	return 0;
}
