// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/fuzz_attest_evlog.c - libFuzzer target for the verifier's
 * event-log path (tools/attest/evlog.c, verify.c): any bytes as a TCG
 * crypto-agile log, parsed strictly, every event decoded, every bank
 * replayed; a log that parses is then checked by verify_run against a
 * genuine quote (built once at start with libseam, tools/attest/evidence.c)
 * under the default policy - replay, RTMR event structure, TETA/TETR/TETZ
 * consistency, seed policy - the code that reads the log's claims.
 *
 *   make fuzz-attest        (clang -fsanitize=fuzzer,address,undefined)
 *
 * Checked, abort() on violation: an accepted log's events lie inside the
 * input, in order, without overlap; a refusal always says why; the
 * verifier's reasons are NUL-terminated lines. Seeds: the real tetdh boot's
 * log (tests/unit/data/attest-boot), mkevidence's multi-bank and tdx logs.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evidence.h"
#include "evlog.h"
#include "verify.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "violated: %s\n", #c); abort(); } } while (0)

static uint8_t *quote;
static size_t quote_len;
static char *cert;
static const uint8_t nonce[4] = { 1, 2, 3, 4 };

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char dir[] = "/tmp/fuzz-attest.XXXXXX", msg[256];
	struct evidence_event ev[2] = {
		{ 1, EV_PLATFORM_CONFIG_FLAGS, { 1 }, "tetd:td-hob", 11, { 0 } },
		{ 4, EV_EVENT_TAG, { 2 }, "x", 1, { 0 } },
	};
	uint8_t mrtd[48] = { 0 };

	(void)argc; (void)argv;
	if (!mkdtemp(dir) ||
	    evidence_quote(dir, mrtd, ev, 2, nonce, sizeof(nonce), &quote, &quote_len, msg,
			   sizeof(msg)) || !(cert = evidence_cert(dir, msg, sizeof(msg)))) {
		fprintf(stderr, "fuzz_attest_evlog: no quote: %s\n", msg);
		abort();
	}
	/* The quoting key was only needed for that one quote. */
	DIR *d = opendir(dir);
	for (struct dirent *e; d && (e = readdir(d));) {
		char p[sizeof(dir) + 256];

		if (e->d_name[0] != '.') {
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
	}
	if (d)
		closedir(d);
	rmdir(dir);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tcg_log l;
	char msg[EVLOG_MSG_LEN] = "";
	static struct verify_result res;

	if (evlog_parse(&l, data, size, msg, sizeof(msg))) {
		CHECK(msg[0]);
		evlog_free(&l);
		return 0;
	}
	size_t prev = l.header_size;
	for (unsigned i = 0; i < l.nevents; i++) {
		struct evlog_decoded d;

		CHECK(l.ev[i].offset == prev && l.ev[i].offset + l.ev[i].size <= size);
		prev = l.ev[i].offset + l.ev[i].size;
		evlog_decode(&l.ev[i], &d);
		CHECK(d.kind != EVLOG_DATA_BAD || d.why[0]);
	}
	CHECK(l.end == prev);
	for (unsigned b = 0; b < l.nbanks; b++) {
		struct evlog_replay rp;

		CHECK(evlog_replay(&l, b, &rp, msg, sizeof(msg)) == 0 || !l.bank[b].replayable);
	}
	evlog_free(&l);

	struct verify_input in = { .quote = quote, .quote_len = quote_len, .cert_pem = cert,
				   .cert_pem_len = strlen(cert), .nonce = nonce,
				   .nonce_len = sizeof(nonce), .nonce_hex = "01020304",
				   .evlog = data, .evlog_len = size };
	verify_run(&in, &res);
	CHECK(res.quote_ok);
	for (unsigned i = 0; i < res.nreasons; i++)
		CHECK(memchr(res.reason[i], 0, VERIFY_REASON_LEN) && !strchr(res.reason[i], '\n'));
	return 0;
}
