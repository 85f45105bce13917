// SPDX-License-Identifier: MIT
/*
 * tools/attest/mkevidence.c - evidence for benchmarks and tests, without a
 * boot (not a user tool; built as $(O)/tools/attest/mkevidence):
 *
 *   mkevidence tdx STATE NONCE EVENTS QUOTE LOG
 *       a tetdh-model quote (libseam, quoting key in STATE, which also
 *       gets qe-cert.pem) and its EVENTS-event CCEL log (fw/eventlog.c):
 *       TD HOB, kernel, initrd, command line (with tetd.nonce=NONCE),
 *       operating-system events in RTMR2, four agents and the zone in
 *       RTMR3; prints the MRTD it quotes
 *   mkevidence tpm EVENTS LOG EXTENDS
 *       a SHA-256 TCG2 log of EVENTS events over PCRs 8..15, and the
 *       tpm2_pcrextend arguments that make a TPM match it, one per line
 *   mkevidence tcg2 EVENTS LOG EXTENDS
 *       the TCG2 log the firmware writes with a TPM (SHA-256 and SHA-384):
 *       kernel, initrd, command line in PCR 9, operating-system events in
 *       PCR 8, four agents and the zone in PCR 2 (EVENTS in all), and the
 *       tpm2_pcrextend arguments (both banks) that make a TPM match it
 *   mkevidence tpmquote OUTDIR NONCE EVENTS
 *       that log and a TPM2 quote of it made without a TPM (an RSA AK made
 *       here): OUTDIR/ak.pub.pem, quote.msg, quote.sig, quote.pcrs, tcg2.bin
 *   mkevidence multibank LOG
 *       a log with SHA-1, SHA-256, SHA-384 and SHA-512 banks, a
 *       StartupLocality event, other EV_NO_ACTION events and TETD's tagged
 *       events: for comparing decoders (tpm2_eventlog)
 * Exit status: 0, or 2 with a message.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rsa.h>

#include <tetd/tcg.h>
#include <tetd/zone.h>

#include "evidence.h"
#include "cli.h"
#include "evlog.h"
#include "hex.h"
#include "regs.h"
#include "tpm2quote.h"

#define die cli_die

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(p, 1, n, f) != n || fclose(f))
		die("%s: cannot write", path);
}

static unsigned count(const char *s, unsigned min, unsigned max)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*end || end == s || v < min || v > max)
		die("EVENTS must be %u..%u", min, max);
	return (unsigned)v;
}

static int tdx(char **a)
{
	const char *state = a[0], *nonce_hex = a[1];
	unsigned n = count(a[2], 10, 4000), k;
	uint8_t nonce[64], mrtd[48], *quote, *log;
	size_t nlen = strlen(nonce_hex) / 2, qlen;
	struct evidence_event *ev = calloc(n, sizeof(*ev));
	char msg[256], h[HEX48_LEN], path[4096];
	char *cmdline, *cert;

	if (!ev || nlen > 64 || hex_decode(nonce_hex, strlen(nonce_hex), nonce, nlen))
		die("NONCE must be 1..64 bytes of hex");
	measure_sha384("mkevidence mrtd", 15, mrtd);
	cmdline = measure_cmdline("console=ttyS0", nonce_hex);
	k = evidence_boot_events(ev, n, 1, cmdline);
	if (evidence_quote(state, mrtd, ev, k, nonce, nlen, &quote, &qlen, msg, sizeof(msg)))
		die("quote: %s", msg);
	if (evidence_log(ev, k, 128 * 1024, &log))
		die("the log does not fit 128 KiB");
	write_file(a[3], quote, qlen);
	write_file(a[4], log, 128 * 1024);
	cert = evidence_cert(state, msg, sizeof(msg));
	if (!cert)
		die("certificate: %s", msg);
	snprintf(path, sizeof(path), "%s/qe-cert.pem", state);
	write_file(path, cert, strlen(cert));
	printf("%s\n", hex48(mrtd, h));
	return 0;
}

/* The firmware's TCG2 log of a boot (SHA-256 and SHA-384, PCRs 9, 8, 2),
 * and the tpm2_pcrextend arguments that make a TPM match it. */
static int tcg2(char **a)
{
	unsigned n = count(a[0], 10, 4000), k;
	struct evidence_event *ev = calloc(n, sizeof(*ev));
	FILE *ext = fopen(a[2], "w");
	uint8_t *log;
	size_t len;

	if (!ev || !ext)
		die("cannot start");
	k = evidence_boot_events(ev, n, 0, "console=ttyS0 quiet");
	if (evidence_tpm_log(ev, k, &log, &len))
		die("cannot write the log");
	for (unsigned i = 0; i < k; i++) {
		char h256[65], h384[97];

		hex_encode(ev[i].digest256, 32, h256);
		hex_encode(ev[i].digest, 48, h384);
		fprintf(ext, "%u:sha256=%s,sha384=%s\n", tetd_pcr_of_mr(ev[i].mr), h256, h384);
	}
	if (fclose(ext))
		die("%s: cannot write", a[2]);
	write_file(a[1], log, len);
	return 0;
}

/* A TPM quote without a TPM (an RSA-2048 AK made here, RSASSA-SHA256) of
 * sha256:2,8,9+sha384:2,8,9 over that log's events, with the nonce:
 * OUT/ak.pub.pem, quote.msg, quote.sig, quote.pcrs ("values" format),
 * tcg2.bin. */
static int tpmquote(char **a)
{
	const char *out = a[0], *nonce_hex = a[1];
	unsigned n = count(a[2], 10, 4000), k;
	struct evidence_event *ev = calloc(n, sizeof(*ev));
	static struct tpm2q_attest at;
	static uint8_t values[TPM2Q_MAX_PCRS][TPM2Q_MAX_HASH];
	struct tpm2q_pcr sel[TPM2Q_MAX_PCRS];
	EVP_PKEY *key = EVP_RSA_gen(2048);
	uint8_t *msg, *sig, *log;
	size_t mlen, slen, llen, nlen = strlen(nonce_hex) / 2;
	char path[4096], *pem;
	FILE *f;

	if (!ev || !key || nlen > 64 || nlen == 0 ||
	    hex_decode(nonce_hex, strlen(nonce_hex), at.extra, nlen))
		die("NONCE must be 1..64 bytes of hex");
	at.extra_len = (uint16_t)nlen;
	at.signer_len = 34;
	at.signer[1] = 0x0b;                    /* a SHA-256 name */
	at.clock = 6272;
	at.reset_count = 2;
	at.safe = 1;
	at.firmware_version = 0x2019102300163636ull;
	at.nsel = 2;
	at.sel[0] = (struct tpm2q_sel){ TPM_ALG_SHA256, 3, 1u << 2 | 1u << 8 | 1u << 9 };
	at.sel[1] = (struct tpm2q_sel){ TPM_ALG_SHA384, 3, 1u << 2 | 1u << 8 | 1u << 9 };
	k = evidence_boot_events(ev, n, 0, "console=ttyS0 quiet");
	if (evidence_tpm_quote(key, TPM2Q_ALG_RSASSA, TPM_ALG_SHA256, &at, ev, k, &msg, &mlen, &sig,
			       &slen) ||
	    evidence_tpm_log(ev, k, &log, &llen) || evidence_tpm_pcrs(ev, k, &at, values) ||
	    !(pem = evidence_key_pem(key)))
		die("cannot make the quote");
#define OUT(name) (snprintf(path, sizeof(path), "%s/%s", out, name), path)
	write_file(OUT("quote.msg"), msg, mlen);
	write_file(OUT("quote.sig"), sig, slen);
	write_file(OUT("tcg2.bin"), log, llen);
	write_file(OUT("ak.pub.pem"), pem, strlen(pem));
	f = fopen(OUT("quote.pcrs"), "wb");
	for (unsigned i = 0, ns = tpm2q_selected(&at, sel); f && i < ns; i++)
		fwrite(values[i], 1, tpm2q_hash_size(sel[i].alg), f);
	if (!f || fclose(f))
		die("%s: cannot write", path);
#undef OUT
	EVP_PKEY_free(key);
	return 0;
}

static int tpm(char **a)
{
	unsigned n = count(a[0], 1, 100000);
	const uint16_t alg = TPM_ALG_SHA256;
	struct evlog_writer w;
	FILE *ext = fopen(a[2], "w");

	if (!ext || evlog_writer_init(&w, &alg, 1))
		die("cannot start the log");
	for (unsigned i = 0; i < n; i++) {
		char data[40], h[65];
		uint8_t d[32];
		const uint8_t *dp[1] = { d };
		uint32_t pcr = 8 + i % 8;

		snprintf(data, sizeof(data), "tpm:event-%u", i);
		evlog_hash(alg, data, strlen(data), d);
		if (evlog_writer_add(&w, pcr, 0x5u /* EV_ACTION */, dp, data, (uint32_t)strlen(data)))
			die("out of memory");
		hex_encode(d, 32, h);
		fprintf(ext, "%u:sha256=%s\n", pcr, h);
	}
	if (fclose(ext))
		die("%s: cannot write", a[2]);
	write_file(a[1], w.buf, w.len);
	evlog_writer_free(&w);
	return 0;
}

static int multibank(char **a)
{
	const uint16_t algs[] = { TPM_ALG_SHA1, TPM_ALG_SHA256, TPM_ALG_SHA384, TPM_ALG_SHA512 };
	uint8_t loc[17] = "StartupLocality", zone[8 + sizeof(struct tetd_zone_event)];
	uint8_t agent[8 + sizeof(struct tetd_agent_event)];
	struct tetd_agent_event ag = { .name = "echo", .id = 1, .version = 0x01000000,
				       .modes = 3 };
	struct tetd_zone_event z = { 0xc00000, 0x400000, 1, 1, 0, TETD_SEED_RDRAND, 0x1d000 };
	uint32_t t = TETD_TAG_AGENT, s = sizeof(ag);
	struct evlog_writer w;
	uint8_t zero[4][64] = { { 0 } };
	const uint8_t *zp[4] = { zero[0], zero[1], zero[2], zero[3] };

	loc[16] = 3;
	memcpy(agent, &t, 4);
	memcpy(agent + 4, &s, 4);
	memcpy(agent + 8, &ag, sizeof(ag));
	t = TETD_TAG_ZONE, s = sizeof(z);
	memcpy(zone, &t, 4);
	memcpy(zone + 4, &s, 4);
	memcpy(zone + 8, &z, sizeof(z));
	if (evlog_writer_init(&w, algs, 4) ||
	    evlog_writer_add(&w, 0, EV_NO_ACTION, zp, loc, sizeof(loc)) ||
	    evlog_writer_add_hashed(&w, 0, EV_POST_CODE, "POST CODE", 9) ||
	    evlog_writer_add_hashed(&w, 0, 0x8u /* EV_S_CRTM_VERSION */, "\x01\x00", 2) ||
	    evlog_writer_add_hashed(&w, 1, EV_PLATFORM_CONFIG_FLAGS, "tetd:td-hob", 11) ||
	    evlog_writer_add_hashed(&w, 2, EV_IPL, "tetd:kernel", 11) ||
	    evlog_writer_add_hashed(&w, 2, EV_IPL, "console=ttyS0 quiet", 19) ||
	    evlog_writer_add(&w, 3, EV_NO_ACTION, zp, "other no-action", 15) ||
	    evlog_writer_add_hashed(&w, 4, EV_EVENT_TAG, agent, sizeof(agent)) ||
	    evlog_writer_add_hashed(&w, 4, EV_EVENT_TAG, zone, sizeof(zone)) ||
	    evlog_writer_add_hashed(&w, 7, EV_SEPARATOR, "\0\0\0\0", 4) ||
	    evlog_writer_add_hashed(&w, 5, 0x80000007u /* EV_EFI_ACTION */, "Calling EFI", 11) ||
	    evlog_writer_add_hashed(&w, 7, EV_EVENT_TAG, "\x01\x02\x03\x04\x02\x00\x00\x00zz", 10))
		die("cannot write the log");
	write_file(a[0], w.buf, w.len);
	evlog_writer_free(&w);
	return 0;
}

int main(int argc, char **argv)
{
	cli_prog = "mkevidence";
	if (argc == 7 && !strcmp(argv[1], "tdx"))
		return tdx(argv + 2);
	if (argc == 5 && !strcmp(argv[1], "tpm"))
		return tpm(argv + 2);
	if (argc == 5 && !strcmp(argv[1], "tcg2"))
		return tcg2(argv + 2);
	if (argc == 5 && !strcmp(argv[1], "tpmquote"))
		return tpmquote(argv + 2);
	if (argc == 3 && !strcmp(argv[1], "multibank"))
		return multibank(argv + 2);
	fprintf(stderr, "usage: mkevidence tdx STATE NONCE EVENTS QUOTE LOG\n"
		"       mkevidence tpm EVENTS LOG EXTENDS\n"
		"       mkevidence tcg2 EVENTS LOG EXTENDS\n"
		"       mkevidence tpmquote OUTDIR NONCE EVENTS\n"
		"       mkevidence multibank LOG\n");
	return 2;
}
