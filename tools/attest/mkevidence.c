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

#include <tetd/tcg.h>
#include <tetd/zone.h>

#include "evidence.h"
#include "cli.h"
#include "evlog.h"
#include "hex.h"
#include "regs.h"

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
	unsigned n = count(a[2], 10, 4000), k = 0;
	uint8_t nonce[64], mrtd[48], *quote, *log;
	size_t nlen = strlen(nonce_hex) / 2, qlen;
	struct evidence_event *ev = calloc(n, sizeof(*ev));
	static struct tetd_agent_event ag[4];
	static uint8_t tagged[4][8 + sizeof(struct tetd_agent_event)];
	static uint8_t zone[8 + sizeof(struct tetd_zone_event)];
	char (*os)[32] = calloc(n, 32), msg[256], h[HEX48_LEN], path[4096];
	char *cmdline, *cert;

	if (!ev || !os || nlen > 64 || hex_decode(nonce_hex, strlen(nonce_hex), nonce, nlen))
		die("NONCE must be 1..64 bytes of hex");
	measure_sha384("mkevidence mrtd", 15, mrtd);
	cmdline = measure_cmdline("console=ttyS0", nonce_hex);
	ev[k] = (struct evidence_event){ CC_MR_RTMR0, EV_PLATFORM_CONFIG_FLAGS, {0}, "tetd:td-hob", 11 };
	measure_sha384("hob", 3, ev[k++].digest);
	ev[k] = (struct evidence_event){ CC_MR_RTMR1, EV_IPL, {0}, "tetd:kernel", 11 };
	measure_sha384("kernel", 6, ev[k++].digest);
	ev[k] = (struct evidence_event){ CC_MR_RTMR1, EV_IPL, {0}, "tetd:initrd", 11 };
	measure_sha384("initrd", 6, ev[k++].digest);
	ev[k] = (struct evidence_event){ CC_MR_RTMR1, EV_IPL, {0}, cmdline, (uint32_t)strlen(cmdline) };
	measure_sha384(cmdline, strlen(cmdline), ev[k++].digest);
	for (unsigned i = 0; k < n - 5; i++) {
		snprintf(os[i], 32, "os:event-%u", i);
		ev[k] = (struct evidence_event){ CC_MR_RTMR2, EV_IPL, {0}, os[i], (uint32_t)strlen(os[i]) };
		measure_sha384(os[i], strlen(os[i]), ev[k++].digest);
	}
	for (unsigned i = 0; i < 4; i++) {
		uint32_t tag = TETD_TAG_AGENT, size = sizeof(ag[i]);

		snprintf(ag[i].name, sizeof(ag[i].name), "agent%u", i);
		ag[i].id = i + 1;
		ag[i].version = TETD_AGENT_VERSION(1, 0, 0);
		ag[i].modes = TETD_MODE_EXCLUSIVE;
		measure_sha384(ag[i].name, strlen(ag[i].name), ag[i].sha384);
		memcpy(tagged[i], &tag, 4);
		memcpy(tagged[i] + 4, &size, 4);
		memcpy(tagged[i] + 8, &ag[i], size);
		ev[k] = (struct evidence_event){ CC_MR_RTMR3, EV_EVENT_TAG, {0}, tagged[i], sizeof(tagged[i]) };
		memcpy(ev[k++].digest, ag[i].sha384, 48);
	}
	struct tetd_zone_event z = { 0xc00000, 0x400000, TETD_ZONE_VERSION, 4, 0, TETD_SEED_RDSEED,
				     0x11000 + 4 * 0x10000 };
	uint32_t tag = TETD_TAG_ZONE, size = sizeof(z);
	memcpy(zone, &tag, 4);
	memcpy(zone + 4, &size, 4);
	memcpy(zone + 8, &z, size);
	ev[k] = (struct evidence_event){ CC_MR_RTMR3, EV_EVENT_TAG, {0}, zone, sizeof(zone) };
	measure_sha384(&z, sizeof(z), ev[k++].digest);

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
	if (argc == 3 && !strcmp(argv[1], "multibank"))
		return multibank(argv + 2);
	fprintf(stderr, "usage: mkevidence tdx STATE NONCE EVENTS QUOTE LOG\n"
		"       mkevidence tpm EVENTS LOG EXTENDS\n"
		"       mkevidence multibank LOG\n");
	return 2;
}
