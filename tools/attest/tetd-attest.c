// SPDX-License-Identifier: MIT
/*
 * tools/attest/tetd-attest.c - the relying party's verifier of TD evidence.
 *
 * Today: a TDX (v4) quote from tetdh's simulated quoting key. Checks, each
 * reported with its own reason on failure:
 *   - the quote parses strictly and its ECDSA signature verifies with the
 *     key of the certificate it carries (libseam's seam_quote_verify: one
 *     home for the quote format);
 *   - that certificate is the one the verifier pins (--cert; from
 *     `tetdh --state DIR --qe-cert`), so a quote signed by any other key
 *     fails even when its signature is self-consistent;
 *   - REPORTDATA binds the verifier's nonce (--nonce: the nonce bytes, then
 *     zeros to 64 bytes);
 *   - optionally MRTD and RTMRs equal expected values (--mrtd, --rtmr N=HEX).
 * Event-log replay and agent policy join these checks with reference
 * values from the image (see docs/attestation.md once it exists).
 *
 * Output: one verdict line (`tetd-attest: PASS` / `tetd-attest: FAIL: N
 * reasons`), every failure reason on its own line, then the quoted
 * registers; --json prints one JSON object instead. Exit 0 only when every
 * check holds, 1 when evidence fails, 2 on usage or I/O errors.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "seam.h"

#define MAX_REASONS 16
#define FILE_MAX    (1024 * 1024)

struct verdict {
	char reasons[MAX_REASONS][256];
	unsigned n;
};

__attribute__((format(printf, 2, 3)))
static void reason(struct verdict *v, const char *fmt, ...)
{
	va_list ap;

	if (v->n >= MAX_REASONS)
		return;
	va_start(ap, fmt);
	vsnprintf(v->reasons[v->n++], sizeof(v->reasons[0]), fmt, ap);
	va_end(ap);
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: tetd-attest --cert PEM --nonce HEX [--mrtd HEX] [--rtmr N=HEX]...\n"
"                   [--json] QUOTE\n"
"\n"
"Verify a TDX v4 quote from tetdh's simulated quoting key.\n"
"  --cert PEM    the quoting key's certificate to trust (from\n"
"                `tetdh --state DIR --qe-cert`); required\n"
"  --nonce HEX   the nonce this verifier sent (1..64 bytes); REPORTDATA\n"
"                must be exactly it, zero-padded to 64 bytes; required\n"
"  --mrtd HEX    expected MRTD (48 bytes)\n"
"  --rtmr N=HEX  expected RTMR[N] (N in 0..3, 48 bytes); may repeat\n"
"  --json        one JSON object instead of text\n"
"Exit status: 0 every check holds, 1 the evidence fails (every reason is\n"
"printed), 2 usage or I/O error.\n");
}

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tetd-attest: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;

	if (!f)
		die("%s: %s", path, strerror(errno));
	buf = malloc(FILE_MAX + 1);
	if (!buf)
		die("out of memory");
	*len = fread(buf, 1, FILE_MAX + 1, f);
	if (ferror(f))
		die("%s: read error", path);
	fclose(f);
	if (*len > FILE_MAX)
		die("%s: larger than %d bytes", path, FILE_MAX);
	return buf;
}

/* Hex string to bytes; returns the byte count or -1. */
static int unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n % 2 || n / 2 > max)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1 ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i]) ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i + 1]))
			return -1;
		out[i] = (uint8_t)v;
	}
	return (int)(n / 2);
}

static void hex(char *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static X509 *pem_cert(const void *pem, size_t len)
{
	BIO *bio = BIO_new_mem_buf(pem, (int)len);
	X509 *c = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;

	BIO_free(bio);
	return c;
}

static void check_reg(struct verdict *v, const char *name, const uint8_t *got,
		      const uint8_t *want)
{
	char g[2 * TDX_SHA384_LEN + 1], w[2 * TDX_SHA384_LEN + 1];

	if (!memcmp(got, want, TDX_SHA384_LEN))
		return;
	hex(g, got, TDX_SHA384_LEN);
	hex(w, want, TDX_SHA384_LEN);
	reason(v, "%s: expected %s, quote has %s", name, w, g);
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

int main(int argc, char **argv)
{
	const char *cert_path = NULL, *nonce_hex = NULL, *quote_path = NULL;
	uint8_t nonce[TDX_REPORTDATA_LEN] = { 0 }, mrtd[TDX_SHA384_LEN];
	uint8_t rtmr[TDX_NUM_RTMRS][TDX_SHA384_LEN];
	int want_mrtd = 0, want_rtmr[TDX_NUM_RTMRS] = { 0 }, json = 0;
	struct seam_quote_info info;
	struct verdict v = { .n = 0 };
	char msg[256] = "";

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
	if (unhex(nonce_hex, nonce, sizeof(nonce)) < 0)
		die("--nonce takes 1..64 bytes of hex");

	size_t qlen, clen;
	uint8_t *q = read_file(quote_path, &qlen);
	uint8_t *cpem = read_file(cert_path, &clen);
	X509 *pinned = pem_cert(cpem, clen);
	if (!pinned)
		die("%s: not a PEM certificate", cert_path);

	int sig_ok = seam_quote_verify(q, qlen, &info, msg, sizeof(msg)) == 0;
	if (!sig_ok) {
		reason(&v, "quote: %s", msg);
	} else {
		X509 *carried = pem_cert(info.cert_pem, info.cert_pem_len);
		if (!carried || X509_cmp(carried, pinned))
			reason(&v, "quote: signed by a key whose certificate is not "
				   "the pinned one (%s)", cert_path);
		X509_free(carried);
		if (memcmp(info.body.reportdata, nonce, sizeof(nonce))) {
			char g[2 * TDX_REPORTDATA_LEN + 1];
			hex(g, info.body.reportdata, TDX_REPORTDATA_LEN);
			reason(&v, "REPORTDATA does not bind the nonce %s: quote has %s",
			       nonce_hex, g);
		}
		if (want_mrtd)
			check_reg(&v, "MRTD", info.body.mrtd, mrtd);
		for (int i = 0; i < TDX_NUM_RTMRS; i++) {
			char name[8];
			snprintf(name, sizeof(name), "RTMR%d", i);
			if (want_rtmr[i])
				check_reg(&v, name, info.body.rtmr[i], rtmr[i]);
		}
	}

	char h[2 * TDX_SHA384_LEN + 1];
	if (json) {
		printf("{\"verdict\":\"%s\",\"reasons\":[", v.n ? "fail" : "pass");
		for (unsigned i = 0; i < v.n; i++) {
			if (i)
				putchar(',');
			json_str(v.reasons[i]);
		}
		printf("]");
		if (sig_ok) {
			hex(h, info.body.mrtd, TDX_SHA384_LEN);
			printf(",\"mrtd\":\"%s\",\"rtmr\":[", h);
			for (int i = 0; i < TDX_NUM_RTMRS; i++) {
				hex(h, info.body.rtmr[i], TDX_SHA384_LEN);
				printf("%s\"%s\"", i ? "," : "", h);
			}
			printf("]");
		}
		printf("}\n");
	} else {
		if (v.n)
			printf("tetd-attest: FAIL: %u reason%s\n", v.n, v.n > 1 ? "s" : "");
		else
			printf("tetd-attest: PASS: quote signed by the pinned key, "
			       "nonce bound%s\n", want_mrtd ? ", MRTD as expected" : "");
		for (unsigned i = 0; i < v.n; i++)
			printf("  reason: %s\n", v.reasons[i]);
		if (sig_ok) {
			hex(h, info.body.mrtd, TDX_SHA384_LEN);
			printf("  mrtd:  %s\n", h);
			for (int i = 0; i < TDX_NUM_RTMRS; i++) {
				hex(h, info.body.rtmr[i], TDX_SHA384_LEN);
				printf("  rtmr%d: %s\n", i, h);
			}
		}
	}
	X509_free(pinned);
	free(q);
	free(cpem);
	return v.n ? 1 : 0;
}
