/* SPDX-License-Identifier: MIT */
/*
 * fw/tpm2.c - TPM 2.0 command marshalling and response parsing (see
 * tpm2.h). Every read from a response goes through a bounded cursor: a
 * read past the end marks the cursor bad instead of touching memory, and
 * every parser ends by requiring that the whole response was consumed.
 */
#include "tpm2.h"
#include "fwstring.h"

size_t tpm2_digest_size(uint16_t alg)
{
	switch (alg) {
	case TPM2_ALG_SHA1: return 20;
	case TPM2_ALG_SHA256: return 32;
	case TPM2_ALG_SHA384: return 48;
	case TPM2_ALG_SHA512: return 64;
	case TPM2_ALG_SM3: return 32;
	default: return 0;
	}
}

const char *tpm2_alg_name(uint16_t alg)
{
	switch (alg) {
	case TPM2_ALG_SHA1: return "sha1";
	case TPM2_ALG_SHA256: return "sha256";
	case TPM2_ALG_SHA384: return "sha384";
	case TPM2_ALG_SHA512: return "sha512";
	case TPM2_ALG_SM3: return "sm3_256";
	default: return "unknown";
	}
}

/* ---- marshalling ---- */

struct wr {
	uint8_t *p;
	size_t cap, off;
	int bad;
};

__attribute__((noinline)) static void w8(struct wr *w, uint8_t v)
{
	if (w->bad || w->cap - w->off < 1) {
		w->bad = 1;
		return;
	}
	w->p[w->off++] = v;
}
static void w16(struct wr *w, uint16_t v)
{
	w8(w, (uint8_t)(v >> 8)), w8(w, (uint8_t)v);
}
static void w32(struct wr *w, uint32_t v)
{
	w16(w, (uint16_t)(v >> 16)), w16(w, (uint16_t)v);
}
static void wbytes(struct wr *w, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		w8(w, s[i]);
}

static void begin(struct wr *w, uint8_t *buf, size_t cap, uint16_t tag, uint32_t cc)
{
	w->p = buf, w->cap = cap, w->off = 0, w->bad = 0;
	w16(w, tag);
	w32(w, 0); /* commandSize, patched by end() */
	w32(w, cc);
}

static size_t end(struct wr *w)
{
	if (w->bad)
		return 0;
	uint32_t n = (uint32_t)w->off;
	w->p[2] = (uint8_t)(n >> 24), w->p[3] = (uint8_t)(n >> 16);
	w->p[4] = (uint8_t)(n >> 8), w->p[5] = (uint8_t)n;
	return w->off;
}

/* TPMS_PCR_SELECTION for one PCR (3 octets: PCR 0..23). */
static void w_pcr_select(struct wr *w, uint16_t alg, uint32_t pcr)
{
	w16(w, alg);
	w8(w, 3);
	for (unsigned i = 0; i < 3; i++)
		w8(w, pcr / 8 == i ? (uint8_t)(1u << (pcr % 8)) : 0);
}

size_t tpm2_cmd_startup(uint8_t *buf, size_t cap, uint16_t su)
{
	struct wr w;
	begin(&w, buf, cap, TPM2_ST_NO_SESSIONS, TPM2_CC_STARTUP);
	w16(&w, su);
	return end(&w);
}

size_t tpm2_cmd_get_pcrs(uint8_t *buf, size_t cap)
{
	struct wr w;
	begin(&w, buf, cap, TPM2_ST_NO_SESSIONS, TPM2_CC_GET_CAPABILITY);
	w32(&w, TPM2_CAP_PCRS);
	w32(&w, 0);              /* property: ignored for TPM_CAP_PCRS */
	w32(&w, TPM2_MAX_BANKS); /* propertyCount */
	return end(&w);
}

size_t tpm2_cmd_pcr_extend(uint8_t *buf, size_t cap, uint32_t pcr, const struct tpm2_digest *d,
			   unsigned n)
{
	struct wr w;
	if (pcr >= TPM2_NUM_PCRS || n == 0 || n > TPM2_MAX_BANKS)
		return 0;
	for (unsigned i = 0; i < n; i++)
		if (!tpm2_digest_size(d[i].alg) || !d[i].d)
			return 0;
	begin(&w, buf, cap, TPM2_ST_SESSIONS, TPM2_CC_PCR_EXTEND);
	w32(&w, pcr);              /* pcrHandle: PCR n is handle n */
	/* Authorization area: one password session with an empty password
	 * (PCRs 0..15 have an empty authValue; Part 1, 19.6.2). */
	w32(&w, 4 + 2 + 1 + 2);    /* authorizationSize */
	w32(&w, TPM2_RS_PW);
	w16(&w, 0);                /* nonceCaller: empty */
	w8(&w, 0);                 /* sessionAttributes */
	w16(&w, 0);                /* hmac (password): empty */
	w32(&w, n);                /* TPML_DIGEST_VALUES.count */
	for (unsigned i = 0; i < n; i++) {
		w16(&w, d[i].alg);
		wbytes(&w, d[i].d, tpm2_digest_size(d[i].alg));
	}
	return end(&w);
}

size_t tpm2_cmd_pcr_read(uint8_t *buf, size_t cap, uint16_t alg, uint32_t pcr)
{
	struct wr w;
	if (pcr >= TPM2_NUM_PCRS || !tpm2_digest_size(alg))
		return 0;
	begin(&w, buf, cap, TPM2_ST_NO_SESSIONS, TPM2_CC_PCR_READ);
	w32(&w, 1); /* TPML_PCR_SELECTION.count */
	w_pcr_select(&w, alg, pcr);
	return end(&w);
}

/* ---- parsing ---- */

struct rd {
	const uint8_t *p;
	size_t n, off;
	int bad;
};

__attribute__((noinline)) static int have(struct rd *r, size_t k)
{
	if (r->bad || r->n - r->off < k) {
		r->bad = 1;
		return 0;
	}
	return 1;
}
__attribute__((noinline)) static uint8_t r8(struct rd *r)
{
	return have(r, 1) ? r->p[r->off++] : 0;
}
static uint16_t r16(struct rd *r)
{
	uint16_t hi = r8(r);
	return (uint16_t)(hi << 8 | r8(r));
}
static uint32_t r32(struct rd *r)
{
	uint32_t hi = r16(r);
	return hi << 16 | r16(r);
}
static const uint8_t *rbytes(struct rd *r, size_t k)
{
	if (!have(r, k))
		return NULL;
	const uint8_t *s = r->p + r->off;
	r->off += k;
	return s;
}

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

/* After the body: truncated or trailing bytes are both malformed. */
static int finish(const struct rd *r, const char **why)
{
	if (r->bad)
		return fail(why, "response truncated: shorter than its contents");
	if (r->off != r->n)
		return fail(why, "response has bytes after its contents");
	return 0;
}

int tpm2_rsp_header(const uint8_t *rsp, size_t len, uint16_t tag, uint32_t *rc, const char **why)
{
	struct rd r = { rsp, len, 0, 0 };
	if (len < TPM2_HDR_SIZE)
		return fail(why, "response shorter than the 10-byte header");
	uint16_t t = r16(&r);
	uint32_t size = r32(&r);
	uint32_t code = r32(&r);
	if (size != len)
		return fail(why, "responseSize differs from the bytes received");
	if (code != TPM2_RC_SUCCESS) {
		/* Part 1, 18.4: a failed command returns only the header. */
		if (t != TPM2_ST_NO_SESSIONS || len != TPM2_HDR_SIZE)
			return fail(why, "error response is not a bare TPM_ST_NO_SESSIONS header");
	} else if (t != tag) {
		return fail(why, "response tag does not match the command's");
	}
	*rc = code;
	return 0;
}

/* Header, and if it reports success, a cursor on the parameters. */
static int open_rsp(struct rd *r, const uint8_t *rsp, size_t len, uint16_t tag, uint32_t *rc,
		    const char **why)
{
	uint32_t code;
	if (tpm2_rsp_header(rsp, len, tag, &code, why) != 0)
		return -1;
	*rc = code;
	r->p = rsp, r->n = len, r->off = TPM2_HDR_SIZE, r->bad = 0;
	return 0;
}

int tpm2_rsp_startup(const uint8_t *rsp, size_t len, uint32_t *rc, const char **why)
{
	struct rd r;
	uint32_t code;
	if (open_rsp(&r, rsp, len, TPM2_ST_NO_SESSIONS, &code, why) != 0)
		return -1;
	if (code == TPM2_RC_SUCCESS && finish(&r, why) != 0)
		return -1;
	*rc = code;
	return 0;
}

int tpm2_rsp_get_pcrs(const uint8_t *rsp, size_t len, struct tpm2_banks *banks, uint32_t *rc,
		      const char **why)
{
	struct rd r;
	uint32_t code;
	struct tpm2_banks b;
	if (open_rsp(&r, rsp, len, TPM2_ST_NO_SESSIONS, &code, why) != 0)
		return -1;
	if (code != TPM2_RC_SUCCESS) {
		*rc = code;
		return 0;
	}
	memset(&b, 0, sizeof(b));
	uint8_t more = r8(&r);
	uint32_t cap = r32(&r);
	uint32_t count = r32(&r);
	if (r.bad)
		return finish(&r, why);
	if (more > 1)
		return fail(why, "moreData is neither YES nor NO");
	if (more)
		return fail(why, "TPM has more PCR banks than it reported at once");
	if (cap != TPM2_CAP_PCRS)
		return fail(why, "capability in the response is not TPM_CAP_PCRS");
	if (count > TPM2_MAX_BANKS)
		return fail(why, "more PCR banks than the 8 accepted");
	for (uint32_t i = 0; i < count; i++) {
		uint16_t alg = r16(&r);
		uint8_t nsel = r8(&r);
		if (nsel > TPM2_PCR_SELECT_MAX)
			return fail(why, "PCR selection of more than 4 octets (32 PCRs)");
		const uint8_t *sel = rbytes(&r, nsel);
		if (!sel)
			return finish(&r, why);
		for (unsigned j = 0; j < b.n; j++)
			if (b.b[j].alg == alg)
				return fail(why, "PCR bank listed twice");
		uint32_t bits = 0;
		for (unsigned k = 0; k < nsel; k++)
			bits |= (uint32_t)sel[k] << (8 * k);
		b.b[b.n].alg = alg;
		b.b[b.n].pcrs = bits;
		b.n++;
	}
	if (finish(&r, why) != 0)
		return -1;
	*banks = b;
	*rc = code;
	return 0;
}

/* TPMS_AUTH_RESPONSE: nonceTPM, sessionAttributes, hmac. */
static void skip_auth_response(struct rd *r, const char **why, int *err)
{
	uint16_t nn = r16(r);
	if (nn > TPM2_MAX_AUTH) {
		*err = fail(why, "session nonce longer than 64 bytes");
		return;
	}
	rbytes(r, nn);
	r8(r);
	uint16_t nh = r16(r);
	if (nh > TPM2_MAX_AUTH) {
		*err = fail(why, "session HMAC longer than 64 bytes");
		return;
	}
	rbytes(r, nh);
}

int tpm2_rsp_pcr_extend(const uint8_t *rsp, size_t len, uint32_t *rc, const char **why)
{
	struct rd r;
	uint32_t code;
	int err = 0;
	if (open_rsp(&r, rsp, len, TPM2_ST_SESSIONS, &code, why) != 0)
		return -1;
	if (code == TPM2_RC_SUCCESS) {
		/* No response parameters; one session in, one session out. */
		uint32_t psize = r32(&r);
		if (!r.bad && psize != 0)
			return fail(why, "TPM2_PCR_Extend response has parameters");
		skip_auth_response(&r, why, &err);
		if (err || finish(&r, why) != 0)
			return -1;
	}
	*rc = code;
	return 0;
}

int tpm2_rsp_pcr_read(const uint8_t *rsp, size_t len, uint16_t alg, uint32_t pcr, uint8_t *out,
		      uint32_t *rc, const char **why)
{
	struct rd r;
	uint32_t code;
	size_t dsize = tpm2_digest_size(alg);
	if (!dsize || pcr >= TPM2_NUM_PCRS)
		return fail(why, "PCR read of an unknown bank or PCR");
	if (open_rsp(&r, rsp, len, TPM2_ST_NO_SESSIONS, &code, why) != 0)
		return -1;
	if (code != TPM2_RC_SUCCESS) {
		*rc = code;
		return 0;
	}
	r32(&r); /* pcrUpdateCounter */
	uint32_t nsel = r32(&r);
	if (!r.bad && nsel != 1)
		return fail(why, "PCR_Read returned a selection of other than one bank");
	uint16_t a = r16(&r);
	uint8_t sz = r8(&r);
	if (!r.bad && (a != alg || sz > TPM2_PCR_SELECT_MAX))
		return fail(why, "PCR_Read returned another bank than asked for");
	const uint8_t *sel = rbytes(&r, sz);
	if (sel) {
		uint32_t bits = 0;
		for (unsigned k = 0; k < sz; k++)
			bits |= (uint32_t)sel[k] << (8 * k);
		if (bits != 1u << pcr)
			return fail(why, "PCR_Read did not return the PCR asked for (bank not allocated?)");
	}
	uint32_t nd = r32(&r);
	if (!r.bad && nd != 1)
		return fail(why, "PCR_Read returned other than one digest");
	uint16_t ds = r16(&r);
	if (!r.bad && ds != dsize)
		return fail(why, "PCR_Read digest size does not match the bank");
	const uint8_t *d = rbytes(&r, dsize);
	if (finish(&r, why) != 0)
		return -1;
	memcpy(out, d, dsize);
	*rc = code;
	return 0;
}
