// SPDX-License-Identifier: MIT
/*
 * tools/attest/evidence.c - synthetic evidence (evidence.h): the TD model,
 * report and quote are libseam's (tetdh/seam), the log writer is the
 * firmware's (fw/eventlog.c), the TPM structures' layout tpm2quote.h's;
 * nothing here re-implements the first two. The TPM side plays the TPM:
 * PCRs extended from zero, TPMS_ATTEST marshalled big-endian, signed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <tetd/agent.h>
#include <tetd/zone.h>

#include "eventlog.h"
#include "evidence.h"
#include "regs.h"
#include "seam.h"

int evidence_quote(const char *state_dir, const uint8_t mrtd[48],
		   const struct evidence_event *ev, unsigned n, const uint8_t *nonce,
		   size_t nonce_len, uint8_t **quote, size_t *quote_len, char *msg, size_t msglen)
{
	struct seam_td_config cfg = { .gpaw = TDX_GPAW_48, .max_vcpus = 1, .xfam = 3,
				      .state_dir = state_dir };
	struct seam_td td;
	struct tdx_report rep;
	uint8_t rd[TDX_REPORTDATA_LEN] = { 0 };
	struct seam_qe *qe;
	int ret = -1;

	if (nonce_len > sizeof(rd) || seam_td_init(&td, &cfg)) {
		snprintf(msg, msglen, "cannot make the TD model");
		return -1;
	}
	/* The TD as after TDH.MR.FINALIZE of an image with this MRTD. */
	memcpy(td.mrtd.value, mrtd, 48);
	td.mrtd.finalized = 1;
	for (unsigned i = 0; i < n; i++) {
		if (ev[i].type == EV_NO_ACTION)
			continue;
		if (ev[i].mr < 1 || ev[i].mr > TDX_NUM_RTMRS ||
		    seam_rtmr_extend(&td.rtmr, ev[i].mr - 1, ev[i].digest) != TDX_SUCCESS) {
			snprintf(msg, msglen, "event %u: MR index %u is not an RTMR", i + 1, ev[i].mr);
			goto out;
		}
	}
	memcpy(rd, nonce, nonce_len);
	seam_report_build(&td, rd, &rep);
	qe = seam_qe_open(state_dir, msg, msglen);
	if (!qe)
		goto out;
	if (seam_quote_build(qe, &rep, quote, quote_len))
		snprintf(msg, msglen, "seam_quote_build failed");
	else
		ret = 0;
	seam_qe_close(qe);
out:
	seam_td_destroy(&td);
	return ret;
}

int evidence_log(const struct evidence_event *ev, unsigned n, size_t cap, uint8_t **log)
{
	struct evlog l;
	uint8_t *buf = malloc(cap);

	if (!buf || evlog_init(&l, buf, cap)) {
		free(buf);
		return -1;
	}
	for (unsigned i = 0; i < n; i++)
		if (evlog_append(&l, ev[i].mr, ev[i].type, ev[i].digest, ev[i].data, ev[i].len)) {
			free(buf);
			return -1;
		}
	*log = buf;
	return 0;
}

char *evidence_cert(const char *state_dir, char *msg, size_t msglen)
{
	struct seam_qe *qe = seam_qe_open(state_dir, msg, msglen);
	const char *pem;
	char *out;
	size_t len;

	if (!qe)
		return NULL;
	pem = seam_qe_cert_pem(qe, &len);
	out = malloc(len + 1);
	if (out) {
		memcpy(out, pem, len);
		out[len] = 0;
	}
	seam_qe_close(qe);
	return out;
}

/* Append one event: digest = SHA-384 of what (the measured bytes' stand-in)
 * or the given digest (tagged events), digest256 as the firmware makes it. */
static void add(struct evidence_event *ev, unsigned *k, uint32_t mr, uint32_t type,
		const void *data, uint32_t len, const void *what, size_t wlen, const uint8_t *d384)
{
	struct evidence_event *e = &ev[(*k)++];

	memset(e, 0, sizeof(*e));
	e->mr = mr;
	e->type = type;
	e->data = data;
	e->len = len;
	if (d384)
		memcpy(e->digest, d384, 48);
	else
		measure_sha384(what, wlen, e->digest);
	evidence_digest256(e, what, wlen);
}

unsigned evidence_boot_events(struct evidence_event *ev, unsigned n, int td, const char *cmdline)
{
	static struct tetd_agent_event ag[4];
	static uint8_t tagged[4][8 + sizeof(struct tetd_agent_event)];
	static uint8_t zone[8 + sizeof(struct tetd_zone_event)];
	static char os[4096][32];
	unsigned k = 0;

	if (td)
		add(ev, &k, CC_MR_RTMR0, EV_PLATFORM_CONFIG_FLAGS, "tetd:td-hob", 11, "hob", 3, NULL);
	add(ev, &k, CC_MR_RTMR1, EV_IPL, "tetd:kernel", 11, "kernel", 6, NULL);
	add(ev, &k, CC_MR_RTMR1, EV_IPL, "tetd:initrd", 11, "initrd", 6, NULL);
	add(ev, &k, CC_MR_RTMR1, EV_IPL, cmdline, (uint32_t)strlen(cmdline), cmdline,
	    strlen(cmdline), NULL);
	for (unsigned i = 0; k < n - 5; i++) {
		snprintf(os[i], 32, "os:event-%u", i);
		add(ev, &k, CC_MR_RTMR2, EV_IPL, os[i], (uint32_t)strlen(os[i]), os[i], strlen(os[i]),
		    NULL);
	}
	for (unsigned i = 0; i < 4; i++) {
		snprintf(ag[i].name, sizeof(ag[i].name), "agent%u", i);
		ag[i].id = i + 1;
		ag[i].version = TETD_AGENT_VERSION(1, 0, 0);
		ag[i].modes = TETD_MODE_EXCLUSIVE;
		measure_sha384(ag[i].name, strlen(ag[i].name), ag[i].sha384);
		measure_tagged(TETD_TAG_AGENT, &ag[i], sizeof(ag[i]), tagged[i]);
		add(ev, &k, CC_MR_RTMR3, EV_EVENT_TAG, tagged[i], sizeof(tagged[i]), NULL, 0,
		    ag[i].sha384);
	}
	struct tetd_zone_event z = { 0xc00000, 0x400000, TETD_ZONE_VERSION, 4, 0, TETD_SEED_RDSEED,
				     0x11000 + 4 * 0x10000 };
	uint8_t zd[48];

	measure_sha384(&z, sizeof(z), zd);
	measure_tagged(TETD_TAG_ZONE, &z, sizeof(z), zone);
	add(ev, &k, CC_MR_RTMR3, EV_EVENT_TAG, zone, sizeof(zone), NULL, 0, zd);
	return k;
}

/* ------------------------------------------------------------ the TPM path */


void evidence_digest256(struct evidence_event *e, const void *what, size_t len)
{
	if (e->type == EV_EVENT_TAG)
		measure_sha256(e->data, e->len, e->digest256);
	else
		measure_sha256(what, len, e->digest256);
}

int evidence_tpm_log(const struct evidence_event *ev, unsigned n, uint8_t **log, size_t *len)
{
	size_t cap = 4096;
	struct evlog l;
	uint8_t *buf;

	for (unsigned i = 0; i < n; i++)
		cap += 128 + ev[i].len;
	buf = malloc(cap);
	if (!buf || evlog_init_banks(&l, buf, cap, EVLOG_BANK_SHA256 | EVLOG_BANK_SHA384)) {
		free(buf);
		return -1;
	}
	for (unsigned i = 0; i < n; i++) {
		unsigned pcr = ev[i].mr < CC_MR_COUNT ? tetd_pcr_of_mr(ev[i].mr) : ev[i].mr;

		if (evlog_append2(&l, pcr, ev[i].type, ev[i].digest, ev[i].digest256, ev[i].data,
				  ev[i].len)) {
			free(buf);
			return -1;
		}
	}
	*log = buf;
	*len = l.used;
	return 0;
}

int evidence_tpm_pcrs(const struct evidence_event *ev, unsigned n, const struct tpm2q_attest *a,
		      uint8_t (*values)[TPM2Q_MAX_HASH])
{
	static uint8_t p256[32][32], p384[32][48];
	struct tpm2q_pcr sel[TPM2Q_MAX_PCRS];
	unsigned ns = tpm2q_selected(a, sel);

	memset(p256, 0, sizeof(p256));
	memset(p384, 0, sizeof(p384));
	for (unsigned i = 0; i < n; i++) {
		unsigned pcr = ev[i].mr < CC_MR_COUNT ? tetd_pcr_of_mr(ev[i].mr) : ev[i].mr;

		if (ev[i].type == EV_NO_ACTION || pcr >= 32)
			continue;
		measure_extend256(p256[pcr], ev[i].digest256);
		measure_extend(p384[pcr], ev[i].digest);
	}
	for (unsigned i = 0; i < ns; i++) {
		if (sel[i].alg == TPM_ALG_SHA256)
			memcpy(values[i], p256[sel[i].pcr], 32);
		else if (sel[i].alg == TPM_ALG_SHA384)
			memcpy(values[i], p384[sel[i].pcr], 48);
		else
			return -1;
	}
	return 0;
}

struct wr {
	uint8_t *p;
	size_t cap, n;
};

static void put(struct wr *w, const void *p, size_t k)
{
	if (w->n + k <= w->cap)
		memcpy(w->p + w->n, p, k);
	w->n += k;
}

static void put_be(struct wr *w, uint64_t v, unsigned k)
{
	uint8_t b[8];

	for (unsigned i = 0; i < k; i++)
		b[i] = (uint8_t)(v >> (8 * (k - 1 - i)));
	put(w, b, k);
}

static void put_2b(struct wr *w, const uint8_t *p, uint16_t k)
{
	put_be(w, k, 2);
	put(w, p, k);
}

size_t evidence_tpm_attest(const struct tpm2q_attest *a, uint8_t *out, size_t cap)
{
	struct wr w = { out, cap, 0 };

	put_be(&w, TPM2Q_GENERATED_VALUE, 4);
	put_be(&w, TPM2Q_ST_ATTEST_QUOTE, 2);
	put_2b(&w, a->signer, a->signer_len);
	put_2b(&w, a->extra, a->extra_len);
	put_be(&w, a->clock, 8);
	put_be(&w, a->reset_count, 4);
	put_be(&w, a->restart_count, 4);
	put_be(&w, a->safe, 1);
	put_be(&w, a->firmware_version, 8);
	put_be(&w, a->nsel, 4);
	for (unsigned i = 0; i < a->nsel; i++) {
		put_be(&w, a->sel[i].alg, 2);
		put_be(&w, a->sel[i].size_of_select, 1);
		for (unsigned k = 0; k < a->sel[i].size_of_select; k++)
			put_be(&w, (a->sel[i].pcrs >> (8 * k)) & 0xff, 1);
	}
	put_2b(&w, a->pcr_digest, a->digest_len);
	return w.n <= cap ? w.n : 0;
}

static const EVP_MD *md_of(uint16_t hash)
{
	switch (hash) {
	case TPM_ALG_SHA256: return EVP_sha256();
	case TPM_ALG_SHA384: return EVP_sha384();
	case 0x000Du: return EVP_sha512();
	case 0x0004u: return EVP_sha1();
	default: return NULL;
	}
}

int evidence_tpm_sign(EVP_PKEY *key, uint16_t alg, uint16_t hash, const uint8_t *msg, size_t n,
		      uint8_t **sig, size_t *siglen)
{
	const EVP_MD *md = md_of(hash);
	uint8_t dg[EVP_MAX_MD_SIZE], raw[1024], *out = NULL;
	size_t rl = sizeof(raw);
	unsigned dl = 0;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(key, NULL);
	int ok = md && c && EVP_Digest(msg, n, dg, &dl, md, NULL) == 1 &&
		 EVP_PKEY_sign_init(c) == 1 && EVP_PKEY_CTX_set_signature_md(c, md) == 1;

	if (ok && alg != TPM2Q_ALG_ECDSA)
		ok = EVP_PKEY_CTX_set_rsa_padding(c, alg == TPM2Q_ALG_RSAPSS ? RSA_PKCS1_PSS_PADDING
									   : RSA_PKCS1_PADDING) == 1 &&
		     (alg != TPM2Q_ALG_RSAPSS ||
		      EVP_PKEY_CTX_set_rsa_pss_saltlen(c, RSA_PSS_SALTLEN_DIGEST) == 1);
	ok = ok && EVP_PKEY_sign(c, raw, &rl, dg, dl) == 1;
	EVP_PKEY_CTX_free(c);
	if (!ok)
		return -1;
	out = malloc(16 + 2 * sizeof(raw));
	if (!out)
		return -1;
	struct wr w = { out, 16 + 2 * sizeof(raw), 0 };

	put_be(&w, alg, 2);
	put_be(&w, hash, 2);
	if (alg == TPM2Q_ALG_ECDSA) {
		/* r and s at the curve's size, as a TPM returns them */
		const uint8_t *p = raw;
		ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)rl);
		int sz = (EVP_PKEY_get_bits(key) + 7) / 8;
		uint8_t r[72], s[72];

		if (!es || sz > 66 || BN_bn2binpad(ECDSA_SIG_get0_r(es), r, sz) != sz ||
		    BN_bn2binpad(ECDSA_SIG_get0_s(es), s, sz) != sz) {
			ECDSA_SIG_free(es);
			free(out);
			return -1;
		}
		ECDSA_SIG_free(es);
		put_2b(&w, r, (uint16_t)sz);
		put_2b(&w, s, (uint16_t)sz);
	} else {
		put_2b(&w, raw, (uint16_t)rl);
	}
	*sig = out;
	*siglen = w.n;
	return 0;
}

int evidence_tpm_quote(EVP_PKEY *key, uint16_t alg, uint16_t hash, struct tpm2q_attest *a,
		       const struct evidence_event *ev, unsigned n, uint8_t **attest,
		       size_t *attest_len, uint8_t **sig, size_t *siglen)
{
	static uint8_t values[TPM2Q_MAX_PCRS][TPM2Q_MAX_HASH];
	struct tpm2q_pcr sel[TPM2Q_MAX_PCRS];
	unsigned ns = tpm2q_selected(a, sel);
	size_t cap = 1024;

	if (evidence_tpm_pcrs(ev, n, a, values) ||
	    tpm2q_pcr_digest(hash, sel, ns, (const uint8_t (*)[TPM2Q_MAX_HASH])values, a->pcr_digest))
		return -1;
	a->digest_len = (uint16_t)tpm2q_hash_size(hash);
	*attest = malloc(cap);
	if (!*attest || !(*attest_len = evidence_tpm_attest(a, *attest, cap)) ||
	    evidence_tpm_sign(key, alg, hash, *attest, *attest_len, sig, siglen)) {
		free(*attest);
		*attest = NULL;
		return -1;
	}
	return 0;
}

char *evidence_key_pem(EVP_PKEY *key)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p, *out = NULL;
	long n;

	if (b && PEM_write_bio_PUBKEY(b, key) == 1 && (n = BIO_get_mem_data(b, &p)) > 0 &&
	    (out = malloc((size_t)n + 1))) {
		memcpy(out, p, (size_t)n);
		out[n] = 0;
	}
	BIO_free(b);
	return out;
}
