// SPDX-License-Identifier: MIT
/*
 * tools/attest/tetd-attest.c - the relying party's verifier of TD evidence:
 * a TDX (v4) quote from tetdh's simulated quoting key, optionally the CCEL
 * event log of the same boot, checked against the verifier's own inputs:
 *
 *   --cert PEM        the quoting key's certificate to trust (pinned)
 *   --nonce HEX       the nonce sent to the TD (REPORTDATA must be it)
 *   --mrtd, --rtmr    expected register values
 *   --eventlog FILE   the event log: must replay exactly to the quoted RTMRs
 *   --reference FILE  tools/tetd-measure's reference values: MRTD, and the
 *                     RTMR[0], RTMR[1] and RTMR[3] events of the image
 *   --policy FILE     which agents, versions, digests, seed sources
 *
 * Every check and its failure message: tools/attest/verify.c and
 * docs/attestation.md. Output: one verdict line (`tetd-attest: PASS: ...`
 * / `tetd-attest: FAIL: N reasons`), every failure reason on its own line
 * ("  reason: ..."), on success the attested agents and zone, then the
 * quoted registers; --json prints one JSON object instead. Exit 0 only
 * when every check holds, 1 when the evidence fails, 2 on usage or I/O
 * errors (including a malformed reference or policy file).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "cli.h"
#include "hex.h"
#include "json.h"
#include "policy.h"
#include "reference.h"
#include "verify.h"

#define FILE_MAX (16 * 1024 * 1024)

static void usage(FILE *f)
{
	fprintf(f,
"usage: tetd-attest --cert PEM --nonce HEX [--mrtd HEX] [--rtmr N=HEX]...\n"
"                   [--eventlog LOG] [--reference JSON] [--policy JSON]\n"
"                   [--json] QUOTE\n"
"\n"
"Verify a TDX v4 quote from tetdh's simulated quoting key, and the boot's\n"
"event log against reference values and a policy (docs/attestation.md).\n"
"  --cert PEM        the quoting key's certificate to trust (from\n"
"                    `tetdh --state DIR --qe-cert`); required\n"
"  --nonce HEX       the nonce this verifier sent (1..64 bytes); REPORTDATA\n"
"                    must be exactly it, zero-padded to 64 bytes; required\n"
"  --mrtd HEX        expected MRTD (48 bytes)\n"
"  --rtmr N=HEX      expected RTMR[N] (N in 0..3, 48 bytes); may repeat\n"
"  --eventlog LOG    the CCEL event log (raw, fill allowed): it must be well\n"
"                    formed and replay exactly to the quoted RTMRs\n"
"  --reference JSON  tools/tetd-measure's output: MRTD and the RTMR0, RTMR1\n"
"                    and RTMR3 events must be the reference's\n"
"  --policy JSON     required agents, allowed versions/digests, unknown and\n"
"                    refused agents, seed sources (needs --eventlog)\n"
"  --json            one JSON object instead of text\n"
"Exit status: 0 every check holds, 1 the evidence fails (every reason is\n"
"printed), 2 usage or I/O error.\n");
}

#define die cli_die

static uint8_t *read_file(const char *path, size_t *len)
{
	return cli_read_file(path, FILE_MAX, len);
}

/* Hex string to bytes; returns the byte count or -1. */
static int unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n % 2 || n / 2 > max || hex_decode(s, n, out, n / 2))
		return -1;
	return (int)(n / 2);
}

/* A NUL-padded field from the log, safe for a terminal line. */
static const char *printable(char *out, const char *in, size_t n)
{
	size_t i = 0;

	for (; i + 1 < n && in[i]; i++)
		out[i] = (unsigned char)in[i] >= 0x20 && in[i] != 0x7f ? in[i] : '?';
	out[i] = 0;
	return out;
}

static void print_agents_text(const struct verify_result *r)
{
	char h[HEX48_LEN], v[24];

	for (unsigned i = 0; i < r->nagents; i++) {
		const struct verify_agent *a = &r->agent[i];

		if (!a->loaded) {
			char n[TETD_AGENT_NAME_LEN], why[TETD_REJECT_REASON_LEN];

			printf("  refused: volume entry %u '%s': %s (log event %u)\n", a->reject.index,
			       printable(n, a->reject.name, sizeof(n)),
			       printable(why, a->reject.reason, sizeof(why)), a->event);
			continue;
		}
		version_str(a->agent.version, v);
		printf("  agent: %s v%s id 0x%x modes 0x%x caps 0x%x sha384 %s (log event %u)\n",
		       a->agent.name, v, a->agent.id, a->agent.modes, a->agent.caps,
		       hex48(a->agent.sha384, h), a->event);
	}
	if (r->have_zone) {
		const char *sn = evlog_seed_name(r->zone.seed_source);

		printf("  zone: 0x%llx+0x%llx, %u agents loaded, %u refused, %llu bytes used, seed "
		       "%s (log event %u)\n", (unsigned long long)r->zone.zone_gpa,
		       (unsigned long long)r->zone.zone_size, r->zone.agents_loaded,
		       r->zone.agents_rejected, (unsigned long long)r->zone.used,
		       sn ? sn : "unknown", r->zone_event);
	}
}

static void print_json(const struct verify_result *r)
{
	char h[HEX48_LEN], v[24];

	printf("{\"verdict\":\"%s\",\"reasons\":[", r->nreasons ? "fail" : "pass");
	for (unsigned i = 0; i < r->nreasons; i++) {
		if (i)
			putchar(',');
		json_put_cstr(stdout, r->reason[i]);
	}
	printf("],\"reasons_dropped\":%u", r->dropped);
	printf(",\"checks\":{\"quote\":%s,\"mrtd\":%s,\"eventlog\":%s,\"reference\":%s,"
	       "\"policy\":%s}", r->quote_ok ? "true" : "false", r->did_mrtd ? "true" : "false",
	       r->did_log ? "true" : "false", r->did_ref ? "true" : "false",
	       r->did_policy ? "true" : "false");
	if (r->quote_ok) {
		printf(",\"mrtd\":\"%s\",\"rtmr\":[", hex48(r->info.body.mrtd, h));
		for (int i = 0; i < TDX_NUM_RTMRS; i++)
			printf("%s\"%s\"", i ? "," : "", hex48(r->info.body.rtmr[i], h));
		printf("]");
	}
	if (r->log_ok) {
		printf(",\"events\":%u,\"agents\":[", r->nevents);
		for (unsigned i = 0, first = 1; i < r->nagents; i++) {
			const struct verify_agent *a = &r->agent[i];

			if (!a->loaded)
				continue;
			version_str(a->agent.version, v);
			printf("%s{\"name\":\"%s\",\"id\":%u,\"version\":\"%s\",\"modes\":%u,"
			       "\"caps\":%u,\"sha384\":\"%s\",\"event\":%u}", first ? "" : ",",
			       a->agent.name, a->agent.id, v, a->agent.modes, a->agent.caps,
			       hex48(a->agent.sha384, h), a->event);
			first = 0;
		}
		printf("],\"refused\":[");
		for (unsigned i = 0, first = 1; i < r->nagents; i++) {
			const struct verify_agent *a = &r->agent[i];

			if (a->loaded)
				continue;
			printf("%s{\"index\":%u,\"name\":", first ? "" : ",", a->reject.index);
			json_put_str(stdout, a->reject.name, strnlen(a->reject.name, 32));
			printf(",\"reason\":");
			json_put_str(stdout, a->reject.reason, strnlen(a->reject.reason, 96));
			printf(",\"event\":%u}", a->event);
			first = 0;
		}
		printf("]");
		if (r->have_zone) {
			const char *sn = evlog_seed_name(r->zone.seed_source);

			printf(",\"zone\":{\"gpa\":%llu,\"size\":%llu,\"version\":%u,"
			       "\"agents_loaded\":%u,\"agents_rejected\":%u,\"used\":%llu,"
			       "\"seed_source\":%u,\"seed\":%s%s%s,\"event\":%u}",
			       (unsigned long long)r->zone.zone_gpa,
			       (unsigned long long)r->zone.zone_size, r->zone.zone_version,
			       r->zone.agents_loaded, r->zone.agents_rejected,
			       (unsigned long long)r->zone.used, r->zone.seed_source, sn ? "\"" : "",
			       sn ? sn : "null", sn ? "\"" : "", r->zone_event);
		}
	}
	printf("}\n");
}

int main(int argc, char **argv)
{
	cli_prog = "tetd-attest";
	const char *cert_path = NULL, *nonce_hex = NULL, *quote_path = NULL;
	const char *log_path = NULL, *ref_path = NULL, *pol_path = NULL;
	uint8_t nonce[TDX_REPORTDATA_LEN] = { 0 }, mrtd[TDX_SHA384_LEN];
	uint8_t rtmr[TDX_NUM_RTMRS][TDX_SHA384_LEN];
	int want_mrtd = 0, want_rtmr[TDX_NUM_RTMRS] = { 0 }, json = 0, nlen;
	struct verify_input in = { 0 };
	static struct verify_result res;
	static struct reference ref;
	static struct policy pol;
	char msg[512];

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int has_val = i + 1 < argc;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--json")) {
			json = 1;
		} else if (!strcmp(a, "--cert") && has_val) {
			cert_path = argv[++i];
		} else if (!strcmp(a, "--nonce") && has_val) {
			nonce_hex = argv[++i];
		} else if (!strcmp(a, "--mrtd") && has_val) {
			if (unhex(argv[++i], mrtd, sizeof(mrtd)) != TDX_SHA384_LEN)
				die("--mrtd takes 48 bytes of hex");
			want_mrtd = 1;
		} else if (!strcmp(a, "--rtmr") && has_val) {
			const char *s = argv[++i];
			int n = s[0] - '0';
			if (n < 0 || n >= TDX_NUM_RTMRS || s[1] != '=' ||
			    unhex(s + 2, rtmr[n], TDX_SHA384_LEN) != TDX_SHA384_LEN)
				die("--rtmr takes N=HEX with N in 0..3 and 48 bytes of hex");
			want_rtmr[n] = 1;
		} else if (!strcmp(a, "--eventlog") && has_val) {
			log_path = argv[++i];
		} else if (!strcmp(a, "--reference") && has_val) {
			ref_path = argv[++i];
		} else if (!strcmp(a, "--policy") && has_val) {
			pol_path = argv[++i];
		} else if (a[0] == '-') {
			die("unknown option or missing value: %s (see --help)", a);
		} else if (!quote_path) {
			quote_path = a;
		} else {
			die("more than one quote given (see --help)");
		}
	}
	if (!quote_path || !cert_path || !nonce_hex)
		die("need --cert PEM, --nonce HEX and a QUOTE file (see --help)");
	if ((nlen = unhex(nonce_hex, nonce, sizeof(nonce))) < 0)
		die("--nonce takes 1..64 bytes of hex");
	if (pol_path && !log_path)
		die("--policy needs --eventlog (the agents are in the log)");

	in.quote = read_file(quote_path, &in.quote_len);
	in.cert_pem = (const char *)read_file(cert_path, &in.cert_pem_len);
	in.cert_name = cert_path;
	{
		BIO *bio = BIO_new_mem_buf(in.cert_pem, (int)in.cert_pem_len);
		X509 *c = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;

		BIO_free(bio);
		if (!c)
			die("%s: not a PEM certificate", cert_path);
		X509_free(c);
	}
	in.nonce = nonce;
	in.nonce_len = (size_t)nlen;
	in.nonce_hex = nonce_hex;
	in.mrtd = want_mrtd ? mrtd : NULL;
	for (int i = 0; i < TDX_NUM_RTMRS; i++)
		in.rtmr[i] = want_rtmr[i] ? rtmr[i] : NULL;
	if (log_path)
		in.evlog = read_file(log_path, &in.evlog_len);
	if (ref_path) {
		size_t len;
		char *t = (char *)read_file(ref_path, &len);

		if (reference_read(t, len, &ref, msg, sizeof(msg)))
			die("%s: %s", ref_path, msg);
		free(t);
		in.ref = &ref;
		in.ref_name = ref_path;
	}
	if (pol_path) {
		size_t len;
		char *t = (char *)read_file(pol_path, &len);

		if (policy_read(t, len, &pol, msg, sizeof(msg)))
			die("%s: %s", pol_path, msg);
		free(t);
		in.policy = &pol;
	}

	verify_run(&in, &res);

	if (json) {
		print_json(&res);
	} else {
		char h[HEX48_LEN];

		if (res.nreasons)
			printf("tetd-attest: FAIL: %u reason%s\n", res.nreasons + res.dropped,
			       res.nreasons + res.dropped > 1 ? "s" : "");
		else
			printf("tetd-attest: PASS: quote signed by the pinned key, nonce bound%s%s%s%s\n",
			       res.did_mrtd ? ", MRTD as expected" : "",
			       res.did_log ? ", event log replays to the RTMRs" : "",
			       res.did_ref ? ", events as referenced" : "",
			       res.did_policy ? ", policy holds" : "");
		for (unsigned i = 0; i < res.nreasons; i++)
			printf("  reason: %s\n", res.reason[i]);
		if (res.dropped)
			printf("  reason: ... and %u more\n", res.dropped);
		if (!res.nreasons && res.log_ok)
			print_agents_text(&res);
		if (res.quote_ok) {
			printf("  mrtd:  %s\n", hex48(res.info.body.mrtd, h));
			for (int i = 0; i < TDX_NUM_RTMRS; i++)
				printf("  rtmr%d: %s\n", i, hex48(res.info.body.rtmr[i], h));
		}
	}
	reference_free(&ref);
	free((void *)in.quote);
	free((void *)in.cert_pem);
	free((void *)in.evlog);
	return res.nreasons ? 1 : 0;
}
