// SPDX-License-Identifier: MIT
/*
 * tools/attest/tetd-attest.c - the relying party's verifier of the evidence
 * a TETD boot produces, checked against the verifier's own inputs. Two
 * kinds of evidence:
 *
 *   TD (tetdh): a TDX (v4) quote from tetdh's simulated quoting key and
 *   optionally the CCEL event log of the same boot
 *     --cert PEM        the quoting key's certificate to trust (pinned)
 *     --mrtd, --rtmr    expected register values
 *   TPM (plain QEMU with swtpm): a TPM 2.0 quote as tpm2_quote writes it
 *   (QUOTE: the TPMS_ATTEST, -m) and optionally the boot's TCG2 event log
 *     --ak-pub PEM      the attestation key's public key to trust (pinned)
 *     --signature SIG   the TPMT_SIGNATURE (-s)
 *     --pcr-values FILE the quoted PCR values (-o), to name the PCR that
 *                       differs from the log's replay
 * and for both
 *   --nonce HEX       the nonce sent (REPORTDATA / extraData must be it)
 *   --eventlog FILE   the event log: must replay exactly to the quote
 *   --reference FILE  tools/tetd-measure's reference values: MRTD and the
 *                     RTMR[0], RTMR[1] and RTMR[3] events of the image (TPM:
 *                     the same events in PCR 9 and 2, and the PCR values)
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
"       tetd-attest --ak-pub PEM --signature SIG --nonce HEX\n"
"                   [--pcr-values FILE] [--eventlog LOG] [--reference JSON]\n"
"                   [--policy JSON] [--json] QUOTE.MSG\n"
"\n"
"Verify a TD's evidence (a TDX v4 quote from tetdh's simulated quoting key)\n"
"or a TPM's (a TPM2 quote from the TPM path on plain QEMU), and the boot's\n"
"event log against reference values and a policy (docs/attestation.md).\n"
"  --cert PEM        TD: the quoting key's certificate to trust (from\n"
"                    `tetdh --state DIR --qe-cert`)\n"
"  --ak-pub PEM      TPM: the attestation key's public key to trust (PEM, as\n"
"                    tpm2_createak -f pem writes it; tools/tpm-quote's\n"
"                    ak.pub.pem). Trusted because it is given here: no EK\n"
"                    certificate and no AK-to-EK binding is checked\n"
"  --signature SIG   TPM: the quote's TPMT_SIGNATURE (tpm2_quote -s)\n"
"  --pcr-values FILE TPM: the quoted PCR values (tpm2_quote -o, serialized or\n"
"                    values format); with a log, names the PCR that differs\n"
"  --nonce HEX       the nonce this verifier sent (1..64 bytes); REPORTDATA\n"
"                    must be exactly it, zero-padded to 64 bytes (TD), or\n"
"                    extraData exactly it (TPM); required\n"
"  --mrtd HEX        TD: expected MRTD (48 bytes)\n"
"  --rtmr N=HEX      TD: expected RTMR[N] (N in 0..3, 48 bytes); may repeat\n"
"  --eventlog LOG    the event log (TD: the CCEL log, raw, fill allowed; TPM:\n"
"                    binary_bios_measurements): it must be well formed and\n"
"                    replay exactly to the quoted registers\n"
"  --reference JSON  tools/tetd-measure's output: MRTD and the RTMR0, RTMR1\n"
"                    and RTMR3 events must be the reference's (TPM: the same\n"
"                    events in PCR 9 and 2, and the quoted PCR values)\n"
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

#define TF(x) ((x) ? "true" : "false")

static void put_hexn(const uint8_t *p, size_t n)
{
	char h[2 * TPM2Q_MAX_NAME + 1];

	hex_encode(p, n, h);
	printf("\"%s\"", h);
}

/* The TPM quote's facts and what the AK's trust rests on. */
static void print_tpm_json(const struct verify_result *r, const char *ak_name)
{
	char an[16], hn[16];

	printf(",\"tpm\":{\"ak\":{\"file\":");
	json_put_cstr(stdout, ak_name);
	printf(",\"key\":");
	json_put_cstr(stdout, r->ak_desc);
	printf(",\"trust\":\"pinned\",\"ek_certificate_checked\":false,"
	       "\"ak_ek_binding_checked\":false}");
	if (r->quote_ok) {
		printf(",\"signature\":\"%s-%s\",\"qualified_signer\":",
		       tpm2q_alg_name(r->sig.alg, an), tpm2q_alg_name(r->sig.hash, hn));
		put_hexn(r->att.signer, r->att.signer_len);
		printf(",\"extra_data\":");
		put_hexn(r->att.extra, r->att.extra_len);
		printf(",\"clock\":%llu,\"reset_count\":%u,\"restart_count\":%u,\"safe\":%s,"
		       "\"firmware_version\":\"0x%016llx\",\"selection\":",
		       (unsigned long long)r->att.clock, r->att.reset_count, r->att.restart_count,
		       TF(r->att.safe), (unsigned long long)r->att.firmware_version);
		json_put_cstr(stdout, r->selection);
		printf(",\"pcr_digest\":");
		put_hexn(r->att.pcr_digest, r->att.digest_len);
		printf(",\"pcrs_from\":%s,\"pcrs\":{", r->pcrs_known == 1 ? "\"pcr-values\"" :
		       r->pcrs_known == 2 ? "\"eventlog\"" : "null");
		for (unsigned b = 0, firstb = 1; r->pcrs_known && b < r->att.nsel; b++) {
			printf("%s\"%s\":{", firstb ? "" : ",", tpm2q_alg_name(r->att.sel[b].alg, an));
			firstb = 0;
			for (unsigned i = 0, first = 1; i < r->npcrs; i++) {
				if (r->pcr[i].alg != r->att.sel[b].alg)
					continue;
				printf("%s\"%u\":", first ? "" : ",", r->pcr[i].pcr);
				put_hexn(r->pcr_value[i], tpm2q_hash_size(r->pcr[i].alg));
				first = 0;
			}
			printf("}");
		}
		printf("}");
	}
	printf("}");
}

static void print_json(const struct verify_result *r, const char *ak_name)
{
	char h[HEX48_LEN], v[24];

	printf("{\"verdict\":\"%s\",\"reasons\":[", r->nreasons ? "fail" : "pass");
	for (unsigned i = 0; i < r->nreasons; i++) {
		if (i)
			putchar(',');
		json_put_cstr(stdout, r->reason[i]);
	}
	printf("],\"reasons_dropped\":%u,\"evidence\":\"%s\"", r->dropped, r->tpm ? "tpm" : "tdx");
	if (r->tpm)
		printf(",\"checks\":{\"quote\":%s,\"pcr_values\":%s,\"eventlog\":%s,\"replay\":%s,"
		       "\"reference\":%s,\"pcrs_reference\":%s,\"policy\":%s}", TF(r->quote_ok),
		       TF(r->pcrs_known == 1), TF(r->did_log), TF(r->replay_ok), TF(r->did_ref),
		       TF(r->did_pcrs_ref), TF(r->did_policy));
	else
		printf(",\"checks\":{\"quote\":%s,\"mrtd\":%s,\"eventlog\":%s,\"reference\":%s,"
		       "\"policy\":%s}", TF(r->quote_ok), TF(r->did_mrtd), TF(r->did_log),
		       TF(r->did_ref), TF(r->did_policy));
	if (r->tpm)
		print_tpm_json(r, ak_name);
	if (r->quote_ok && !r->tpm) {
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

/* The TPM path's text lines: what the AK's trust rests on, the quote's
 * facts, the quoted PCRs when known. */
static void print_tpm_text(const struct verify_result *r, const char *ak_name)
{
	char an[16], hn[16], h[2 * TPM2Q_MAX_HASH + 1];

	printf("  ak: %s (%s), trusted because pinned (--ak-pub); not checked: EK certificate, "
	       "AK-to-EK binding\n", ak_name, r->ak_desc[0] ? r->ak_desc : "unreadable");
	if (!r->quote_ok)
		return;
	printf("  quote: %s-%s, %s, clock %llu ms, resets %u, restarts %u, %s, firmware 0x%016llx\n",
	       tpm2q_alg_name(r->sig.alg, an), tpm2q_alg_name(r->sig.hash, hn), r->selection,
	       (unsigned long long)r->att.clock, r->att.reset_count, r->att.restart_count,
	       r->att.safe ? "safe" : "not safe", (unsigned long long)r->att.firmware_version);
	for (unsigned i = 0; r->pcrs_known && i < r->npcrs; i++) {
		hex_encode(r->pcr_value[i], tpm2q_hash_size(r->pcr[i].alg), h);
		printf("  pcr %s %u: %s\n", tpm2q_alg_name(r->pcr[i].alg, an), r->pcr[i].pcr, h);
	}
}

int main(int argc, char **argv)
{
	cli_prog = "tetd-attest";
	const char *cert_path = NULL, *nonce_hex = NULL, *quote_path = NULL;
	const char *log_path = NULL, *ref_path = NULL, *pol_path = NULL;
	const char *ak_path = NULL, *sig_path = NULL, *pcrs_path = NULL;
	uint8_t nonce[TDX_REPORTDATA_LEN] = { 0 }, mrtd[TDX_SHA384_LEN];
	uint8_t rtmr[TDX_NUM_RTMRS][TDX_SHA384_LEN];
	int want_mrtd = 0, want_rtmr[TDX_NUM_RTMRS] = { 0 }, json = 0, nlen, tpm;
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
		} else if (!strcmp(a, "--ak-pub") && has_val) {
			ak_path = argv[++i];
		} else if (!strcmp(a, "--signature") && has_val) {
			sig_path = argv[++i];
		} else if (!strcmp(a, "--pcr-values") && has_val) {
			pcrs_path = argv[++i];
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
	tpm = ak_path != NULL;
	if (tpm && cert_path)
		die("--cert (a TD quote) and --ak-pub (a TPM quote) exclude each other");
	if (!quote_path || (!cert_path && !ak_path) || !nonce_hex)
		die("need --cert PEM (TD) or --ak-pub PEM and --signature SIG (TPM), --nonce HEX and "
		    "a QUOTE file (see --help)");
	if (tpm && !sig_path)
		die("--ak-pub needs --signature SIG (the TPMT_SIGNATURE tpm2_quote -s wrote)");
	if (!tpm && (sig_path || pcrs_path))
		die("--signature and --pcr-values are for a TPM quote (--ak-pub)");
	if (tpm && (want_mrtd || want_rtmr[0] || want_rtmr[1] || want_rtmr[2] || want_rtmr[3]))
		die("--mrtd and --rtmr are TD registers; a TPM quote has PCRs (use --reference)");
	if ((nlen = unhex(nonce_hex, nonce, sizeof(nonce))) < 0)
		die("--nonce takes 1..64 bytes of hex");
	if (pol_path && !log_path)
		die("--policy needs --eventlog (the agents are in the log)");
	if (tpm && ref_path && !log_path && !pcrs_path)
		die("--reference with a TPM quote needs --eventlog or --pcr-values (the quote holds "
		    "only a digest of the PCRs)");

	in.kind = tpm ? VERIFY_TPM : VERIFY_TDX;
	in.quote = read_file(quote_path, &in.quote_len);
	if (tpm) {
		EVP_PKEY *k;

		in.ak_pem = (const char *)read_file(ak_path, &in.ak_pem_len);
		in.ak_name = ak_path;
		if (!(k = tpm2q_key_pem(in.ak_pem, in.ak_pem_len)))
			die("%s: not a PEM public key (RSA or EC)", ak_path);
		EVP_PKEY_free(k);
		in.tpm_sig = read_file(sig_path, &in.tpm_sig_len);
		if (pcrs_path) {
			in.pcr_values = read_file(pcrs_path, &in.pcr_values_len);
			in.pcr_values_name = pcrs_path;
		}
	} else {
		in.cert_pem = (const char *)read_file(cert_path, &in.cert_pem_len);
		in.cert_name = cert_path;
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
		if (tpm && !ref.has_tpm)
			die("%s: no \"tpm\" section (an older tetd-measure wrote it): run tetd-measure "
			    "again for the TPM path's values", ref_path);
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
		print_json(&res, ak_path);
	} else {
		char h[HEX48_LEN];

		if (res.nreasons)
			printf("tetd-attest: FAIL: %u reason%s\n", res.nreasons + res.dropped,
			       res.nreasons + res.dropped > 1 ? "s" : "");
		else if (tpm)
			printf("tetd-attest: PASS: TPM quote signed by the pinned AK, nonce bound%s%s%s%s%s\n",
			       res.pcrs_known == 1 ? ", PCR values as quoted" : "",
			       res.did_log ? ", event log replays to the quoted PCRs" : "",
			       res.did_ref && res.did_log ? ", events as referenced" : "",
			       res.did_pcrs_ref ? ", PCRs as referenced" : "",
			       res.did_policy ? ", policy holds" : "");
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
		if (tpm) {
			print_tpm_text(&res, ak_path);
		} else if (res.quote_ok) {
			printf("  mrtd:  %s\n", hex48(res.info.body.mrtd, h));
			for (int i = 0; i < TDX_NUM_RTMRS; i++)
				printf("  rtmr%d: %s\n", i, hex48(res.info.body.rtmr[i], h));
		}
	}
	reference_free(&ref);
	free((void *)in.quote);
	free((void *)in.cert_pem);
	free((void *)in.ak_pem);
	free((void *)in.tpm_sig);
	free((void *)in.pcr_values);
	free((void *)in.evlog);
	return res.nreasons ? 1 : 0;
}
