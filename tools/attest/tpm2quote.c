// SPDX-License-Identifier: MIT
/*
 * tools/attest/tpm2quote.c - TPM 2.0 quote evidence (tpm2quote.h): strict
 * parsers of TPMS_ATTEST and TPMT_SIGNATURE, the signature check and the
 * pcrDigest composition (TPM 2.0 Library Part 1, 18.4: the digest of the
 * selected PCRs in selection order, with the signing scheme's hash), and
 * the reader of tpm2_quote's PCR values file.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "tpm2quote.h"

#define TPM_ALG_SHA1    0x0004u
#define TPM_ALG_SHA256  0x000Bu
#define TPM_ALG_SHA384  0x000Cu
#define TPM_ALG_SHA512  0x000Du
#define TPM_ALG_SM3_256 0x0012u

__attribute__((format(printf, 3, 4)))
static int fail(char *msg, size_t msglen, const char *fmt, ...)
{
	va_list ap;

	if (msg && msglen) {
		va_start(ap, fmt);
		vsnprintf(msg, msglen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

unsigned tpm2q_hash_size(uint16_t alg)
{
	switch (alg) {
	case TPM_ALG_SHA1: return 20;
	case TPM_ALG_SHA256: return 32;
	case TPM_ALG_SHA384: return 48;
	case TPM_ALG_SHA512: return 64;
	case TPM_ALG_SM3_256: return 32;
	default: return 0;
	}
}

const char *tpm2q_alg_name(uint16_t alg, char buf[16])
{
	switch (alg) {
	case TPM_ALG_SHA1: return "sha1";
	case TPM_ALG_SHA256: return "sha256";
	case TPM_ALG_SHA384: return "sha384";
	case TPM_ALG_SHA512: return "sha512";
	case TPM_ALG_SM3_256: return "sm3_256";
	case TPM2Q_ALG_RSASSA: return "rsassa";
	case TPM2Q_ALG_RSAPSS: return "rsapss";
	case TPM2Q_ALG_ECDSA: return "ecdsa";
	case TPM2Q_ALG_NULL: return "null";
	}
	snprintf(buf, 16, "0x%04x", alg);
	return buf;
}

static const EVP_MD *hash_md(uint16_t alg)
{
	switch (alg) {
	case TPM_ALG_SHA1: return EVP_sha1();
	case TPM_ALG_SHA256: return EVP_sha256();
	case TPM_ALG_SHA384: return EVP_sha384();
	case TPM_ALG_SHA512: return EVP_sha512();
	default: return NULL;
	}
}

/* ------------------------------------------------------------ reading */

/* A cursor over big-endian TPM marshalling; each getter fails (and names
 * the field) when fewer bytes are left than it needs. */
struct rd {
	const uint8_t *p;
	size_t n, off;
	char *msg;
	size_t msglen;
};

static int need(struct rd *r, size_t k, const char *field)
{
	if (r->n - r->off < k)
		return fail(r->msg, r->msglen, "%s at offset %zu: needs %zu bytes, %zu left "
			    "(truncated)", field, r->off, k, r->n - r->off);
	return 0;
}

static int get8(struct rd *r, const char *field, uint8_t *v)
{
	if (need(r, 1, field))
		return -1;
	*v = r->p[r->off++];
	return 0;
}

static int get16(struct rd *r, const char *field, uint16_t *v)
{
	if (need(r, 2, field))
		return -1;
	*v = (uint16_t)(r->p[r->off] << 8 | r->p[r->off + 1]);
	r->off += 2;
	return 0;
}

static int get32(struct rd *r, const char *field, uint32_t *v)
{
	uint16_t hi, lo;

	if (need(r, 4, field) || get16(r, field, &hi) || get16(r, field, &lo))
		return -1;
	*v = (uint32_t)hi << 16 | lo;
	return 0;
}

static int get64(struct rd *r, const char *field, uint64_t *v)
{
	uint32_t hi, lo;

	if (need(r, 8, field) || get32(r, field, &hi) || get32(r, field, &lo))
		return -1;
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

/* A TPM2B: u16 size (at most max) then that many bytes. */
static int get2b(struct rd *r, const char *field, uint8_t *out, uint16_t *len, size_t max)
{
	size_t at = r->off;

	if (get16(r, field, len))
		return -1;
	if (*len > max)
		return fail(r->msg, r->msglen, "%s at offset %zu: size %u is larger than the "
			    "structure allows (%zu)", field, at, *len, max);
	if (r->n - r->off < *len)
		return fail(r->msg, r->msglen, "%s at offset %zu: size %u, but %zu bytes left "
			    "(truncated)", field, at, *len, r->n - r->off);
	memcpy(out, r->p + r->off, *len);
	r->off += *len;
	return 0;
}

static int the_end(struct rd *r, const char *what)
{
	if (r->off != r->n)
		return fail(r->msg, r->msglen, "%zu bytes after the end of the %s (offset %zu)",
			    r->n - r->off, what, r->off);
	return 0;
}

int tpm2q_attest_parse(const uint8_t *p, size_t n, struct tpm2q_attest *a, char *msg,
		       size_t msglen)
{
	struct rd r = { p, n, 0, msg, msglen };
	uint32_t magic, count;
	uint16_t type;
	char an[16];
	size_t at;

	memset(a, 0, sizeof(*a));
	if (!n)
		return fail(msg, msglen, "the quote is empty");
	if (get32(&r, "magic", &magic))
		return -1;
	if (magic != TPM2Q_GENERATED_VALUE)
		return fail(msg, msglen, "magic is 0x%08x, not TPM_GENERATED_VALUE (0xff544347): "
			    "not a structure the TPM generated", magic);
	if (get16(&r, "type", &type))
		return -1;
	if (type != TPM2Q_ST_ATTEST_QUOTE)
		return fail(msg, msglen, "type is 0x%04x, not TPM_ST_ATTEST_QUOTE (0x8018)", type);
	at = r.off;
	if (get2b(&r, "qualifiedSigner", a->signer, &a->signer_len, TPM2Q_MAX_NAME))
		return -1;
	/* A TPM2B_NAME is a handle (4 bytes) or nameAlg || digest. */
	if (a->signer_len != 4) {
		uint16_t alg = a->signer_len >= 2 ? (uint16_t)(a->signer[0] << 8 | a->signer[1]) : 0;
		unsigned hs = tpm2q_hash_size(alg);

		if (a->signer_len < 2 || !hs || a->signer_len != 2 + hs)
			return fail(msg, msglen, "qualifiedSigner at offset %zu: %u bytes are neither "
				    "a handle nor a name (nameAlg %s and its digest)", at,
				    a->signer_len, a->signer_len >= 2 ? tpm2q_alg_name(alg, an) : "-");
	}
	if (get2b(&r, "extraData", a->extra, &a->extra_len, TPM2Q_MAX_DATA) ||
	    get64(&r, "clockInfo.clock", &a->clock) ||
	    get32(&r, "clockInfo.resetCount", &a->reset_count) ||
	    get32(&r, "clockInfo.restartCount", &a->restart_count))
		return -1;
	at = r.off;
	if (get8(&r, "clockInfo.safe", &a->safe))
		return -1;
	if (a->safe > 1)
		return fail(msg, msglen, "clockInfo.safe at offset %zu is %u, not YES (1) or NO (0)",
			    at, a->safe);
	if (get64(&r, "firmwareVersion", &a->firmware_version))
		return -1;
	at = r.off;
	if (get32(&r, "pcrSelect.count", &count))
		return -1;
	if (count > TPM2Q_MAX_BANKS)
		return fail(msg, msglen, "pcrSelect.count at offset %zu is %u, more than %d banks",
			    at, count, TPM2Q_MAX_BANKS);
	a->nsel = count;
	for (uint32_t i = 0; i < count; i++) {
		struct tpm2q_sel *s = &a->sel[i];
		char f[40];

		at = r.off;
		snprintf(f, sizeof(f), "pcrSelect[%u].hash", i);
		if (get16(&r, f, &s->alg))
			return -1;
		if (!tpm2q_hash_size(s->alg))
			return fail(msg, msglen, "pcrSelect[%u] at offset %zu: hash %s is not a hash "
				    "algorithm", i, at, tpm2q_alg_name(s->alg, an));
		for (uint32_t j = 0; j < i; j++)
			if (a->sel[j].alg == s->alg)
				return fail(msg, msglen, "pcrSelect[%u] at offset %zu: bank %s is "
					    "selected twice", i, at, tpm2q_alg_name(s->alg, an));
		snprintf(f, sizeof(f), "pcrSelect[%u].sizeofSelect", i);
		if (get8(&r, f, &s->size_of_select))
			return -1;
		if (s->size_of_select < 1 || s->size_of_select > TPM2Q_MAX_SELECT)
			return fail(msg, msglen, "pcrSelect[%u] at offset %zu: sizeofSelect %u is not "
				    "in 1..%d", i, at, s->size_of_select, TPM2Q_MAX_SELECT);
		snprintf(f, sizeof(f), "pcrSelect[%u].pcrSelect", i);
		if (need(&r, s->size_of_select, f))
			return -1;
		for (unsigned k = 0; k < s->size_of_select; k++)
			s->pcrs |= (uint32_t)r.p[r.off + k] << (8 * k);
		r.off += s->size_of_select;
	}
	at = r.off;
	if (get2b(&r, "pcrDigest", a->pcr_digest, &a->digest_len, TPM2Q_MAX_HASH))
		return -1;
	if (!a->digest_len)
		return fail(msg, msglen, "pcrDigest at offset %zu is empty", at);
	return the_end(&r, "TPMS_ATTEST");
}

int tpm2q_sig_parse(const uint8_t *p, size_t n, struct tpm2q_sig *s, char *msg, size_t msglen)
{
	struct rd r = { p, n, 0, msg, msglen };
	char an[16];

	memset(s, 0, sizeof(*s));
	if (!n)
		return fail(msg, msglen, "the signature is empty");
	if (get16(&r, "sigAlg", &s->alg))
		return -1;
	if (s->alg == TPM2Q_ALG_NULL)
		return fail(msg, msglen, "sigAlg is TPM_ALG_NULL: the quote is not signed");
	if (s->alg != TPM2Q_ALG_RSASSA && s->alg != TPM2Q_ALG_RSAPSS && s->alg != TPM2Q_ALG_ECDSA)
		return fail(msg, msglen, "sigAlg %s is not RSASSA (0x0014), RSAPSS (0x0016) or "
			    "ECDSA (0x0018)", tpm2q_alg_name(s->alg, an));
	if (get16(&r, "signature.hash", &s->hash))
		return -1;
	if (!tpm2q_hash_size(s->hash))
		return fail(msg, msglen, "signature.hash %s is not a hash algorithm",
			    tpm2q_alg_name(s->hash, an));
	if (s->alg == TPM2Q_ALG_ECDSA) {
		if (get2b(&r, "signatureR", s->r, &s->r_len, TPM2Q_MAX_ECC) ||
		    get2b(&r, "signatureS", s->s, &s->s_len, TPM2Q_MAX_ECC))
			return -1;
		if (!s->r_len || !s->s_len)
			return fail(msg, msglen, "ECDSA signature with an empty %s",
				    s->r_len ? "S" : "R");
	} else {
		if (get2b(&r, "signature (RSA)", s->rsa, &s->len, TPM2Q_MAX_RSA))
			return -1;
		if (!s->len)
			return fail(msg, msglen, "the RSA signature is empty");
	}
	return the_end(&r, "TPMT_SIGNATURE");
}

/* ------------------------------------------------------------ keys, signatures */

EVP_PKEY *tpm2q_key_pem(const void *pem, size_t len)
{
	BIO *bio = len <= 0x7fffffff ? BIO_new_mem_buf(pem, (int)len) : NULL;
	EVP_PKEY *k = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;
	int id = k ? EVP_PKEY_get_base_id(k) : 0;

	BIO_free(bio);
	if (k && id != EVP_PKEY_RSA && id != EVP_PKEY_EC) {
		EVP_PKEY_free(k);
		k = NULL;
	}
	return k;
}

const char *tpm2q_key_desc(EVP_PKEY *k, char buf[32])
{
	char g[24] = "";
	size_t gl = 0;

	if (EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA) {
		snprintf(buf, 32, "RSA %d", EVP_PKEY_get_bits(k));
		return buf;
	}
	if (EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, g, sizeof(g), &gl) != 1)
		snprintf(g, sizeof(g), "?");
	snprintf(buf, 32, "EC %s", g);
	return buf;
}

int tpm2q_sig_verify(const struct tpm2q_sig *sig, EVP_PKEY *key, const uint8_t *msg, size_t n,
		     char *why, size_t whylen)
{
	const EVP_MD *md = hash_md(sig->hash);
	int rsa = sig->alg != TPM2Q_ALG_ECDSA, kid = EVP_PKEY_get_base_id(key);
	uint8_t dg[EVP_MAX_MD_SIZE], *der = NULL;
	unsigned dlen = 0;
	EVP_PKEY_CTX *c = NULL;
	const uint8_t *sp = sig->rsa;
	size_t slen = sig->len;
	char an[16], hn[16], kd[32];
	int ok = 0;

	if (!md || sig->hash == TPM_ALG_SHA1)
		return fail(why, whylen, "signed with hash %s; this verifier accepts sha256, sha384 "
			    "and sha512", tpm2q_alg_name(sig->hash, an));
	if ((rsa && kid != EVP_PKEY_RSA) || (!rsa && kid != EVP_PKEY_EC))
		return fail(why, whylen, "signed with %s, but the pinned AK is an %s key",
			    tpm2q_alg_name(sig->alg, an), tpm2q_key_desc(key, kd));
	if (rsa && (int)sig->len != EVP_PKEY_get_size(key))
		return fail(why, whylen, "the %s signature has %u bytes, the pinned AK makes %d",
			    tpm2q_alg_name(sig->alg, an), sig->len, EVP_PKEY_get_size(key));
	if (EVP_Digest(msg, n, dg, &dlen, md, NULL) != 1)
		return fail(why, whylen, "hash failure");
	if (!rsa) {
		ECDSA_SIG *es = ECDSA_SIG_new();
		BIGNUM *br = BN_bin2bn(sig->r, sig->r_len, NULL), *bs = BN_bin2bn(sig->s, sig->s_len, NULL);
		int dl;

		if (!es || !br || !bs || ECDSA_SIG_set0(es, br, bs) != 1) {
			BN_free(br);
			BN_free(bs);
			ECDSA_SIG_free(es);
			return fail(why, whylen, "out of memory");
		}
		dl = i2d_ECDSA_SIG(es, &der);
		ECDSA_SIG_free(es);
		if (dl <= 0)
			return fail(why, whylen, "cannot encode the ECDSA signature");
		sp = der;
		slen = (size_t)dl;
	}
	c = EVP_PKEY_CTX_new(key, NULL);
	if (c && EVP_PKEY_verify_init(c) == 1 && EVP_PKEY_CTX_set_signature_md(c, md) == 1 &&
	    (!rsa || EVP_PKEY_CTX_set_rsa_padding(c, sig->alg == TPM2Q_ALG_RSAPSS ?
						   RSA_PKCS1_PSS_PADDING : RSA_PKCS1_PADDING) == 1) &&
	    (sig->alg != TPM2Q_ALG_RSAPSS ||
	     EVP_PKEY_CTX_set_rsa_pss_saltlen(c, RSA_PSS_SALTLEN_AUTO) == 1))
		ok = EVP_PKEY_verify(c, sp, slen, dg, dlen) == 1;
	EVP_PKEY_CTX_free(c);
	OPENSSL_free(der);
	if (!ok)
		return fail(why, whylen, "the %s-%s signature does not verify with the pinned AK",
			    tpm2q_alg_name(sig->alg, an), tpm2q_alg_name(sig->hash, hn));
	return 0;
}

/* ------------------------------------------------------------ PCRs */

unsigned tpm2q_selected(const struct tpm2q_attest *a, struct tpm2q_pcr out[TPM2Q_MAX_PCRS])
{
	unsigned n = 0;

	for (unsigned i = 0; i < a->nsel; i++)
		for (unsigned k = 0; k < 8u * a->sel[i].size_of_select; k++)
			if (a->sel[i].pcrs & (1u << k))
				out[n++] = (struct tpm2q_pcr){ a->sel[i].alg, (uint8_t)k };
	return n;
}

void tpm2q_sel_str(const struct tpm2q_attest *a, char *out, size_t cap)
{
	size_t o = 0;
	char an[16];

	out[0] = 0;
	for (unsigned i = 0; i < a->nsel && o < cap; i++) {
		int first = 1;

		o += (size_t)snprintf(out + o, cap - o, "%s%s:", i ? "+" : "",
				      tpm2q_alg_name(a->sel[i].alg, an));
		for (unsigned k = 0; k < 32 && o < cap; k++)
			if (a->sel[i].pcrs & (1u << k)) {
				o += (size_t)snprintf(out + o, cap - o, "%s%u", first ? "" : ",", k);
				first = 0;
			}
	}
	if (!a->nsel)
		snprintf(out, cap, "(no PCRs)");
}

int tpm2q_pcr_digest(uint16_t alg, const struct tpm2q_pcr *sel, unsigned n,
		     const uint8_t (*values)[TPM2Q_MAX_HASH], uint8_t out[TPM2Q_MAX_HASH])
{
	const EVP_MD *md = hash_md(alg);
	EVP_MD_CTX *c = md ? EVP_MD_CTX_new() : NULL;
	unsigned len = 0;
	int ok;

	ok = c && EVP_DigestInit_ex(c, md, NULL) == 1;
	for (unsigned i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(c, values[i], tpm2q_hash_size(sel[i].alg)) == 1;
	ok = ok && EVP_DigestFinal_ex(c, out, &len) == 1;
	EVP_MD_CTX_free(c);
	return ok ? 0 : -1;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* tpm2-tools' in-memory layouts (x86-64): TPMS_PCR_SELECTION is 8 bytes
 * (hash, sizeofSelect, pcrSelect[4], padding), TPML_PCR_SELECTION 4 + 16 * 8,
 * TPM2B_DIGEST 2 + 64, TPML_DIGEST 4 + 8 * 66. */
#define SER_SEL      8u
#define SER_SELLIST  (4u + TPM2Q_MAX_BANKS * SER_SEL)
#define SER_2B       (2u + TPM2Q_MAX_HASH)
#define SER_PERLIST  8u
#define SER_DIGLIST  (4u + SER_PERLIST * SER_2B)

static int values_serialized(const uint8_t *p, size_t n, const struct tpm2q_attest *a,
			     const struct tpm2q_pcr *sel, unsigned nsel,
			     uint8_t (*values)[TPM2Q_MAX_HASH], char *msg, size_t msglen)
{
	uint32_t count = le32(p), lists = le32(p + SER_SELLIST);
	unsigned k = 0;
	char an[16], an2[16];

	if (count != a->nsel)
		return fail(msg, msglen, "its selection has %u banks, the quote's %u", count, a->nsel);
	for (unsigned i = 0; i < count; i++) {
		const uint8_t *s = p + 4 + SER_SEL * i;
		uint16_t alg = (uint16_t)(s[0] | s[1] << 8);
		uint32_t bits = 0;

		if (s[2] > TPM2Q_MAX_SELECT)
			return fail(msg, msglen, "its selection %u has sizeofSelect %u", i, s[2]);
		for (unsigned b = 0; b < s[2]; b++)
			bits |= (uint32_t)s[3 + b] << (8 * b);
		if (alg != a->sel[i].alg || bits != a->sel[i].pcrs)
			return fail(msg, msglen, "its selection %u (%s, PCR mask 0x%x) is not the "
				    "quote's (%s, 0x%x)", i, tpm2q_alg_name(alg, an), bits,
				    tpm2q_alg_name(a->sel[i].alg, an2), a->sel[i].pcrs);
	}
	if ((size_t)lists * SER_DIGLIST != n - SER_SELLIST - 4 || lists != (nsel + 7) / 8)
		return fail(msg, msglen, "%u digest lists in %zu bytes, for %u selected PCRs", lists,
			    n, nsel);
	for (unsigned l = 0; l < lists; l++) {
		const uint8_t *dl = p + SER_SELLIST + 4 + (size_t)l * SER_DIGLIST;
		uint32_t c = le32(dl);

		if (c != (nsel - k < SER_PERLIST ? nsel - k : SER_PERLIST))
			return fail(msg, msglen, "digest list %u holds %u values, expected %u", l, c,
				    nsel - k < SER_PERLIST ? nsel - k : SER_PERLIST);
		for (unsigned i = 0; i < c; i++, k++) {
			const uint8_t *d = dl + 4 + SER_2B * i;
			unsigned size = (unsigned)(d[0] | d[1] << 8), want = tpm2q_hash_size(sel[k].alg);

			if (size != want)
				return fail(msg, msglen, "the value of %s PCR %u has %u bytes, expected "
					    "%u", tpm2q_alg_name(sel[k].alg, an), sel[k].pcr, size,
					    want);
			memcpy(values[k], d + 2, size);
		}
	}
	return 0;
}

int tpm2q_pcr_values_parse(const uint8_t *p, size_t n, const struct tpm2q_attest *a,
			   uint8_t (*values)[TPM2Q_MAX_HASH], char *msg, size_t msglen)
{
	struct tpm2q_pcr sel[TPM2Q_MAX_PCRS];
	unsigned nsel = tpm2q_selected(a, sel);
	size_t raw = 0, o = 0;

	for (unsigned i = 0; i < nsel; i++)
		raw += tpm2q_hash_size(sel[i].alg);
	if (n >= SER_SELLIST + 4 && (n - SER_SELLIST - 4) % SER_DIGLIST == 0 && n != raw)
		return values_serialized(p, n, a, sel, nsel, values, msg, msglen);
	if (n != raw)
		return fail(msg, msglen, "%zu bytes are neither tpm2_quote's serialized format nor "
			    "the %zu bytes of the %u selected PCR values", n, raw, nsel);
	for (unsigned i = 0; i < nsel; i++) {
		unsigned s = tpm2q_hash_size(sel[i].alg);

		memcpy(values[i], p + o, s);
		o += s;
	}
	return 0;
}
