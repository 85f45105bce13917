// SPDX-License-Identifier: MIT
/*
 * tools/attest/reference.c - the reference-values file (reference.h):
 * written by tetd-measure, read back strictly by tetd-attest.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <tetd/layout.h>
#include <tetd/tcg.h>

#include "evlog.h"
#include "hex.h"
#include "json.h"
#include "reference.h"

int version_parse(const char *s, uint32_t *v)
{
	unsigned long part[3];
	char *end;

	for (int i = 0; i < 3; i++) {
		if (*s < '0' || *s > '9')
			return -1;
		part[i] = strtoul(s, &end, 10);
		if (end - s > 5 || (i < 2 && *end != '.') || (i == 2 && *end))
			return -1;
		s = end + (i < 2);
	}
	if (part[0] > 255 || part[1] > 255 || part[2] > 65535)
		return -1;
	*v = TETD_AGENT_VERSION(part[0], part[1], part[2]);
	return 0;
}

void version_str(uint32_t v, char out[24])
{
	snprintf(out, 24, "%u.%u.%u", TETD_AGENT_VERSION_MAJOR(v), TETD_AGENT_VERSION_MINOR(v),
		 TETD_AGENT_VERSION_PATCH(v));
}

/* ---------------------------------------------------------- writing */

static void put_hex(FILE *f, const uint8_t *p, size_t n)
{
	char h[2 * 64 + 1];

	hex_encode(p, n, h);
	fprintf(f, "\"%s\"", h);
}

static const char *nonce_mode_name(enum measure_nonce m)
{
	return m == MEASURE_NONCE_SUFFIX ? "suffix" : m == MEASURE_NONCE_FIXED ? "fixed" : "none";
}

/* A map seed name -> digest; v[s] at v + s * stride, n bytes each. */
static void put_seed_map_n(FILE *f, const uint8_t *v, size_t stride, size_t n)
{
	fputc('{', f);
	for (uint32_t s = 1; s <= MEASURE_SEEDS; s++) {
		fprintf(f, "%s\"%s\": ", s > 1 ? ", " : "", evlog_seed_name(s));
		put_hex(f, v + s * stride, n);
	}
	fputc('}', f);
}

static void put_seed_map(FILE *f, const uint8_t v[MEASURE_SEEDS + 1][48])
{
	put_seed_map_n(f, v[0], 48, 48);
}

/* ---------------------------------------------------------- the TPM path */

void reference_tpm(const struct reference *ref, const char *nonce_hex, struct reference_tpm *t)
{
	uint8_t ev[MEASURE_TAGGED_MAX];
	size_t n;
	char *cl;

	memset(t, 0, sizeof(*t));
	for (unsigned i = 0; i < ref->nentries; i++) {
		const struct measure_entry *e = &ref->entry[i];

		n = e->loaded ? measure_tagged(TETD_TAG_AGENT, &e->agent, sizeof(e->agent), ev)
			      : measure_tagged(TETD_TAG_AGENT_REJECTED, &e->reject, sizeof(e->reject), ev);
		measure_sha256(ev, n, t->agent_sha256[i]);
	}
	for (uint32_t s = 1; s <= MEASURE_SEEDS; s++) {
		struct tetd_zone_event z = ref->zone;
		uint8_t d384[48];

		z.seed_source = s;
		n = measure_tagged(TETD_TAG_ZONE, &z, sizeof(z), ev);
		measure_sha256(ev, n, t->zone_sha256[s]);
		measure_sha384(&z, sizeof(z), d384);
		for (unsigned i = 0; i < ref->nentries; i++) {
			const struct measure_entry *e = &ref->entry[i];

			measure_extend256(t->pcr2[REF_TPM_SHA256][s], t->agent_sha256[i]);
			measure_extend(t->pcr2[REF_TPM_SHA384][s], e->loaded ? e->agent.sha384
									       : e->reject.sha384);
		}
		measure_extend256(t->pcr2[REF_TPM_SHA256][s], t->zone_sha256[s]);
		measure_extend(t->pcr2[REF_TPM_SHA384][s], d384);
	}
	cl = reference_cmdline(ref, nonce_hex);
	if (cl) {
		uint8_t d384[48];

		t->cmdline_known = 1;
		measure_sha256(cl, strlen(cl), t->cmdline_sha256);
		measure_sha384(cl, strlen(cl), d384);
		measure_extend256(t->pcr9[REF_TPM_SHA256], ref->kernel_sha256);
		measure_extend256(t->pcr9[REF_TPM_SHA256], ref->initrd_sha256);
		measure_extend256(t->pcr9[REF_TPM_SHA256], t->cmdline_sha256);
		measure_extend(t->pcr9[REF_TPM_SHA384], ref->kernel_sha384);
		measure_extend(t->pcr9[REF_TPM_SHA384], ref->initrd_sha384);
		measure_extend(t->pcr9[REF_TPM_SHA384], d384);
		free(cl);
	}
}

void reference_of_result(const struct measure_input *in, const struct measure_result *r,
			  struct reference *ref)
{
	memset(ref, 0, sizeof(*ref));
	memcpy(ref->kernel_sha384, r->kernel_sha384, 48);
	memcpy(ref->initrd_sha384, r->initrd_sha384, 48);
	memcpy(ref->kernel_sha256, r->kernel_sha256, 32);
	memcpy(ref->initrd_sha256, r->initrd_sha256, 32);
	ref->cmdline_text = (char *)in->cmdline;
	ref->nonce = in->nonce;
	ref->nonce_bytes = in->nonce_bytes;
	ref->nonce_hex = (char *)in->nonce_hex;
	ref->nentries = r->nentries;
	memcpy(ref->entry, r->entry, sizeof(ref->entry));
	ref->zone = r->zone;
	ref->has_tpm = 1;
}

static void put_pcr_bank(FILE *f, const struct reference_tpm *t, int bank, size_t n)
{
	fprintf(f, "{\"%u\": ", MEASURE_PCR_RTMR3);
	put_seed_map_n(f, t->pcr2[bank][0], 48, n);
	fprintf(f, ", \"%u\": ", MEASURE_PCR_RTMR1);
	if (t->cmdline_known)
		put_hex(f, t->pcr9[bank], n);
	else
		fprintf(f, "null");
	fputc('}', f);
}

static void put_tpm(FILE *f, const struct measure_input *in, const struct measure_result *r)
{
	static struct reference refbuf;
	struct reference *ref = &refbuf;
	struct reference_tpm t;

	reference_of_result(in, r, ref);
	reference_tpm(ref, NULL, &t);
	fprintf(f, ",\n  \"tpm\": {\n    \"platform\": \"qemu\",\n    \"pcr_map\": {");
	for (unsigned mr = CC_MR_RTMR0; mr < CC_MR_COUNT; mr++)
		fprintf(f, "%s\"rtmr%u\": %u", mr > CC_MR_RTMR0 ? ", " : "", mr - 1, tetd_pcr_of_mr(mr));
	fprintf(f, "},\n    \"sha256\": {\"kernel\": ");
	put_hex(f, r->kernel_sha256, 32);
	fprintf(f, ", \"initrd\": ");
	put_hex(f, r->initrd_sha256, 32);
	fprintf(f, ", \"cmdline\": ");
	if (t.cmdline_known)
		put_hex(f, t.cmdline_sha256, 32);
	else
		fprintf(f, "null");
	fprintf(f, ",\n      \"agents\": [");
	for (unsigned i = 0; i < r->nentries; i++) {
		fprintf(f, "%s", i ? ", " : "");
		put_hex(f, t.agent_sha256[i], 32);
	}
	fprintf(f, "],\n      \"zone\": ");
	put_seed_map_n(f, t.zone_sha256[0], 32, 32);
	fprintf(f, "},\n    \"pcrs\": {\n      \"sha256\": ");
	put_pcr_bank(f, &t, REF_TPM_SHA256, 32);
	fprintf(f, ",\n      \"sha384\": ");
	put_pcr_bank(f, &t, REF_TPM_SHA384, 48);
	fprintf(f, "\n    }\n  }");
}

static void put_event(FILE *f, unsigned *idx, unsigned mr, const char *type, const char *desc)
{
	fprintf(f, "%s\n    {\"index\": %u, \"mr\": %u, \"register\": \"RTMR%u\", \"type\": \"%s\", "
		"\"desc\": ", *idx > 1 ? "," : "", *idx, mr, mr - 1, type);
	json_put_cstr(f, desc);
	fprintf(f, ", \"sha384\": ");
	(*idx)++;
}

void reference_write(FILE *f, const struct measure_input *in, const struct measure_result *r,
		     const uint8_t image_sha384[48])
{
	char v[24];
	unsigned idx = 1;

	fprintf(f, "{\n  \"schema\": \"%s\",\n  \"generator\": \"tetd-measure\",\n"
		"  \"platform\": \"tetdh\",\n", REFERENCE_SCHEMA);
	fprintf(f, "  \"inputs\": {\n    \"image\": {\"file\": ");
	json_put_cstr(f, in->image_path);
	fprintf(f, ", \"size\": %zu, \"sha384\": ", in->image_len);
	put_hex(f, image_sha384, 48);
	fprintf(f, "},\n    \"kernel\": {\"file\": ");
	json_put_cstr(f, in->kernel_path);
	fprintf(f, ", \"size\": %zu},\n    \"initrd\": ", in->kernel_len);
	if (in->have_initrd) {
		fprintf(f, "{\"file\": ");
		json_put_cstr(f, in->initrd_path);
		fprintf(f, ", \"size\": %llu}", (unsigned long long)in->initrd_size);
	} else {
		fprintf(f, "null");
	}
	fprintf(f, ",\n    \"memory\": ");
	json_put_cstr(f, in->mem);
	fprintf(f, ", \"smp\": ");
	json_put_cstr(f, in->smp);
	fprintf(f, "\n  },\n  \"mrtd\": ");
	put_hex(f, r->mrtd, 48);

	fprintf(f, ",\n  \"rtmr0\": {\n    \"vm\": {\"memory\": %llu, \"vcpus\": %u},\n"
		"    \"td_hob\": {\"gpa\": %llu, \"size\": %zu, \"sha384\": ",
		(unsigned long long)r->mem, r->smp, (unsigned long long)r->hob_gpa, r->hob_len);
	put_hex(f, r->hob_sha384, 48);
	fprintf(f, "},\n    \"payload\": {\"kernel_gpa\": %llu, \"initrd_gpa\": %llu, "
		"\"cmdline_gpa\": %llu, \"cmdline_size\": %llu},\n    \"value\": ",
		(unsigned long long)r->kernel_gpa, (unsigned long long)r->initrd_gpa,
		(unsigned long long)r->cmdline_gpa, (unsigned long long)r->cmdline_size);
	put_hex(f, r->rtmr0, 48);

	fprintf(f, "\n  },\n  \"rtmr1\": {\n    \"kernel\": ");
	put_hex(f, r->kernel_sha384, 48);
	fprintf(f, ",\n    \"initrd\": ");
	put_hex(f, r->initrd_sha384, 48);
	fprintf(f, ",\n    \"cmdline\": {\"text\": ");
	json_put_cstr(f, in->cmdline);
	fprintf(f, ", \"nonce\": \"%s\"", nonce_mode_name(in->nonce));
	if (in->nonce == MEASURE_NONCE_SUFFIX)
		fprintf(f, ", \"nonce_bytes\": %u", in->nonce_bytes);
	if (in->nonce == MEASURE_NONCE_FIXED) {
		fprintf(f, ", \"nonce_hex\": ");
		json_put_cstr(f, in->nonce_hex);
	}
	fprintf(f, ", \"sha384\": ");
	if (r->cmdline_known)
		put_hex(f, r->cmdline_sha384, 48);
	else
		fprintf(f, "null");
	fprintf(f, "},\n    \"value\": ");
	if (r->cmdline_known)
		put_hex(f, r->rtmr1, 48);
	else
		fprintf(f, "null");

	fprintf(f, "\n  },\n  \"rtmr3\": {\n    \"agents\": [");
	for (unsigned i = 0; i < r->nentries; i++) {
		const struct measure_entry *e = &r->entry[i];

		fprintf(f, "%s\n      {\"status\": \"%s\", ", i ? "," : "",
			e->loaded ? "loaded" : "rejected");
		if (e->loaded) {
			version_str(e->agent.version, v);
			fprintf(f, "\"name\": ");
			json_put_cstr(f, e->agent.name);
			fprintf(f, ", \"id\": %u, \"version\": \"%s\", \"modes\": %u, \"caps\": %u, "
				"\"sha384\": ", e->agent.id, v, e->agent.modes, e->agent.caps);
			put_hex(f, e->agent.sha384, 48);
			fprintf(f, ", \"elf_size\": %llu, \"zone_bytes\": %llu}",
				(unsigned long long)e->elf_size, (unsigned long long)e->zone_bytes);
		} else {
			fprintf(f, "\"index\": %u, \"name\": ", e->reject.index);
			json_put_cstr(f, e->reject.name);
			fprintf(f, ", \"sha384\": ");
			put_hex(f, e->reject.sha384, 48);
			fprintf(f, ", \"reason\": ");
			json_put_cstr(f, e->reject.reason);
			fputc('}', f);
		}
	}
	fprintf(f, "%s],\n    \"zone\": {\"gpa\": %llu, \"size\": %llu, \"version\": %u, "
		"\"agents_loaded\": %u, \"agents_rejected\": %u, \"used\": %llu,\n"
		"      \"sha384\": ", r->nentries ? "\n    " : "",
		(unsigned long long)r->zone.zone_gpa, (unsigned long long)r->zone.zone_size,
		r->zone.zone_version, r->zone.agents_loaded, r->zone.agents_rejected,
		(unsigned long long)r->zone.used);
	put_seed_map(f, r->zone_sha384);
	fprintf(f, "},\n    \"value\": ");
	put_seed_map(f, r->rtmr3);
	fprintf(f, "\n  }");
	put_tpm(f, in, r);

	/* Informational: the events in log order (docs/measurements.md). */
	fprintf(f, ",\n  \"events\": [");
	put_event(f, &idx, CC_MR_RTMR0, "EV_PLATFORM_CONFIG_FLAGS", "td-hob");
	put_hex(f, r->hob_sha384, 48);
	fputc('}', f);
	put_event(f, &idx, CC_MR_RTMR1, "EV_IPL", "kernel");
	put_hex(f, r->kernel_sha384, 48);
	fputc('}', f);
	put_event(f, &idx, CC_MR_RTMR1, "EV_IPL", "initrd");
	put_hex(f, r->initrd_sha384, 48);
	fputc('}', f);
	put_event(f, &idx, CC_MR_RTMR1, "EV_IPL", "cmdline");
	if (r->cmdline_known)
		put_hex(f, r->cmdline_sha384, 48);
	else
		fprintf(f, "null");
	fputc('}', f);
	for (unsigned i = 0; i < r->nentries; i++) {
		const struct measure_entry *e = &r->entry[i];
		char d[64];

		snprintf(d, sizeof(d), "%s %s", e->loaded ? "agent" : "agent-rejected",
			 e->loaded ? e->agent.name : e->reject.name);
		put_event(f, &idx, CC_MR_RTMR3, "EV_EVENT_TAG", d);
		put_hex(f, e->loaded ? e->agent.sha384 : e->reject.sha384, 48);
		fputc('}', f);
	}
	put_event(f, &idx, CC_MR_RTMR3, "EV_EVENT_TAG", "zone");
	put_seed_map(f, r->zone_sha384);
	fprintf(f, "}\n  ]\n}\n");
}

/* ---------------------------------------------------------- reading */

struct rd {
	char *msg;
	size_t msglen;
	int failed;
};

__attribute__((format(printf, 2, 3)))
static int rfail(struct rd *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->failed) {
		va_start(ap, fmt);
		vsnprintf(r->msg, r->msglen, fmt, ap);
		va_end(ap);
		r->failed = 1;
	}
	return -1;
}

static const struct json *need(struct rd *r, const struct json *o, const char *what,
			       const char *key, enum json_type t)
{
	const struct json *j = json_get(o, key);

	if (!j) {
		rfail(r, "reference: %s has no \"%s\"", what, key);
		return NULL;
	}
	if (j->type != t) {
		rfail(r, "reference: %s.%s is %s, expected %s (line %u)", what, key,
		      json_type_name(j->type), json_type_name(t), j->line);
		return NULL;
	}
	return j;
}

static int need_hex(struct rd *r, const struct json *o, const char *what, const char *key,
		    uint8_t *out, size_t n)
{
	const struct json *j = need(r, o, what, key, JSON_STRING);

	if (!j)
		return -1;
	if (hex_decode(j->text, j->len, out, n))
		return rfail(r, "reference: %s.%s is not %zu bytes of hex (line %u)", what, key,
			     n, j->line);
	return 0;
}

static int need_u64(struct rd *r, const struct json *o, const char *what, const char *key,
		    uint64_t *out, uint64_t max)
{
	const struct json *j = need(r, o, what, key, JSON_NUMBER);

	if (!j)
		return -1;
	if (json_u64(j, out) || *out > max)
		return rfail(r, "reference: %s.%s is not an integer in 0..%llu (line %u)", what,
			     key, (unsigned long long)max, j->line);
	return 0;
}

static int need_u32(struct rd *r, const struct json *o, const char *what, const char *key,
		    uint32_t *out)
{
	uint64_t v;

	if (need_u64(r, o, what, key, &v, UINT32_MAX))
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int keys(struct rd *r, const struct json *o, const char *what, const char *const k[])
{
	if (r->failed)
		return -1;
	if (json_only_keys(o, k, what, r->msg, r->msglen)) {
		r->failed = 1;
		return -1;
	}
	return 0;
}

/* A seed-name map of n-byte digests into out + s * stride. */
static int need_seed_map_n(struct rd *r, const struct json *o, const char *what, const char *key,
			   uint8_t *out, size_t stride, size_t n)
{
	static const char *const k[] = { "rdseed", "rdrand", "tsc-jitter", NULL };
	char w[80];
	const struct json *m = need(r, o, what, key, JSON_OBJECT);

	snprintf(w, sizeof(w), "reference: %s.%s", what, key);
	if (!m || keys(r, m, w, k))
		return -1;
	for (uint32_t s = 1; s <= MEASURE_SEEDS; s++)
		if (need_hex(r, m, w + 11, evlog_seed_name(s), out + s * stride, n))
			return -1;
	return 0;
}

static int need_seed_map(struct rd *r, const struct json *o, const char *what, const char *key,
			 uint8_t out[MEASURE_SEEDS + 1][48])
{
	return need_seed_map_n(r, o, what, key, out[0], 48, 48);
}

/* A digest that is null exactly when the command line waits for the
 * verifier's nonce ("suffix"); else n bytes of hex equal to want. */
static int need_cmd_digest(struct rd *r, const struct json *o, const char *what, const char *key,
			   int known, const uint8_t *want, size_t n, const char *says)
{
	const struct json *j = json_get(o, key);
	uint8_t v[48];

	if (!known) {
		if (!j || j->type != JSON_NULL)
			return rfail(r, "reference: with a suffix nonce, %s.%s must be null (the "
				     "verifier's nonce completes it)", what, key);
		return 0;
	}
	if (need_hex(r, o, what, key, v, n))
		return -1;
	if (memcmp(v, want, n))
		return rfail(r, "reference: %s.%s is not %s", what, key, says);
	return 0;
}

/* got: 48-byte slots (need_seed_map_n's), want: its own stride. */
static int same_seed_map(struct rd *r, const uint8_t *got, const uint8_t *want, size_t stride,
			 size_t n, const char *what, const char *says)
{
	for (uint32_t s = 1; s <= MEASURE_SEEDS; s++)
		if (memcmp(got + s * 48, want + s * stride, n))
			return rfail(r, "reference: %s.%s is not %s", what, evlog_seed_name(s), says);
	return 0;
}

/* "tpm": the payload's SHA-256 digests are read; everything else must be
 * what reference_tpm derives from the rest of the file. */
static int read_tpm(struct rd *r, const struct json *o, struct reference *ref)
{
	static const char *const kt[] = { "platform", "pcr_map", "sha256", "pcrs", NULL };
	static const char *const km[] = { "rtmr0", "rtmr1", "rtmr2", "rtmr3", NULL };
	static const char *const k256[] = { "kernel", "initrd", "cmdline", "agents", "zone", NULL };
	static const char *const kp[] = { "sha256", "sha384", NULL };
	static const char *const bank_name[2] = { "sha256", "sha384" };
	struct reference_tpm t;
	uint8_t seeds[MEASURE_SEEDS + 1][48];
	const struct json *j, *m, *d, *a, *p;
	char w[64];

	if (keys(r, o, "reference: tpm", kt) || !(j = need(r, o, "tpm", "platform", JSON_STRING)))
		return -1;
	if (strcmp(j->text, "qemu"))
		return rfail(r, "reference: tpm.platform \"%s\", expected \"qemu\"", j->text);
	if (!(m = need(r, o, "tpm", "pcr_map", JSON_OBJECT)) || keys(r, m, "reference: tpm.pcr_map", km))
		return -1;
	for (unsigned mr = CC_MR_RTMR0; mr < CC_MR_COUNT; mr++) {
		uint32_t pcr;

		if (need_u32(r, m, "tpm.pcr_map", km[mr - 1], &pcr))
			return -1;
		if (pcr != tetd_pcr_of_mr(mr))
			return rfail(r, "reference: tpm.pcr_map.%s is %u; the firmware extends RTMR%u's "
				     "events into PCR %u", km[mr - 1], pcr, mr - 1, tetd_pcr_of_mr(mr));
	}
	if (!(d = need(r, o, "tpm", "sha256", JSON_OBJECT)) || keys(r, d, "reference: tpm.sha256", k256) ||
	    need_hex(r, d, "tpm.sha256", "kernel", ref->kernel_sha256, 32) ||
	    need_hex(r, d, "tpm.sha256", "initrd", ref->initrd_sha256, 32))
		return -1;
	reference_tpm(ref, NULL, &t);
	if (need_cmd_digest(r, d, "tpm.sha256", "cmdline", t.cmdline_known, t.cmdline_sha256, 32,
			    "the SHA-256 of the command line rtmr1.cmdline names"))
		return -1;
	if (!(a = need(r, d, "tpm.sha256", "agents", JSON_ARRAY)))
		return -1;
	if (a->n != ref->nentries)
		return rfail(r, "reference: tpm.sha256.agents has %zu digests, rtmr3.agents %u "
			     "entries", a->n, ref->nentries);
	for (size_t i = 0; i < a->n; i++) {
		uint8_t v[32];

		if (a->item[i]->type != JSON_STRING ||
		    hex_decode(a->item[i]->text, a->item[i]->len, v, 32))
			return rfail(r, "reference: tpm.sha256.agents[%zu] is not 32 bytes of hex (line "
				     "%u)", i, a->item[i]->line);
		if (memcmp(v, t.agent_sha256[i], 32))
			return rfail(r, "reference: tpm.sha256.agents[%zu] is not the SHA-256 of the "
				     "event rtmr3.agents[%zu] describes", i, i);
	}
	if (need_seed_map_n(r, d, "tpm.sha256", "zone", seeds[0], 48, 32) ||
	    same_seed_map(r, seeds[0], t.zone_sha256[0], 32, 32, "tpm.sha256.zone",
			  "the SHA-256 of the zone event it describes"))
		return -1;
	if (!(p = need(r, o, "tpm", "pcrs", JSON_OBJECT)) || keys(r, p, "reference: tpm.pcrs", kp))
		return -1;
	for (int b = 0; b < 2; b++) {
		const char *kb[3];
		char k2[8], k9[8];
		size_t n = b == REF_TPM_SHA256 ? 32 : 48;
		const struct json *bk;

		snprintf(k2, sizeof(k2), "%u", MEASURE_PCR_RTMR3);
		snprintf(k9, sizeof(k9), "%u", MEASURE_PCR_RTMR1);
		kb[0] = k2, kb[1] = k9, kb[2] = NULL;
		snprintf(w, sizeof(w), "reference: tpm.pcrs.%s", bank_name[b]);
		if (!(bk = need(r, p, "tpm.pcrs", bank_name[b], JSON_OBJECT)) || keys(r, bk, w, kb))
			return -1;
		if (need_seed_map_n(r, bk, w + 11, k2, seeds[0], 48, n) ||
		    same_seed_map(r, seeds[0], t.pcr2[b][0], 48, n, w + 11,
				  "the replay of the agent and zone events in this bank") ||
		    need_cmd_digest(r, bk, w + 11, k9, t.cmdline_known, t.pcr9[b], n,
				    "the replay of kernel, initrd and cmdline in this bank"))
			return -1;
	}
	ref->has_tpm = 1;
	return 0;
}

static int read_entry(struct rd *r, const struct json *a, unsigned i, struct measure_entry *e)
{
	static const char *const kl[] = { "status", "name", "id", "version", "modes", "caps",
					   "sha384", "elf_size", "zone_bytes", NULL };
	static const char *const kr[] = { "status", "index", "name", "sha384", "reason", NULL };
	char what[48];
	const struct json *st, *name, *ver;

	snprintf(what, sizeof(what), "rtmr3.agents[%u]", i);
	if (a->type != JSON_OBJECT)
		return rfail(r, "reference: %s is %s, expected an object", what,
			     json_type_name(a->type));
	memset(e, 0, sizeof(*e));
	if (!(st = need(r, a, what, "status", JSON_STRING)) ||
	    !(name = need(r, a, what, "name", JSON_STRING)))
		return -1;
	if (!strcmp(st->text, "loaded")) {
		char w[64];

		snprintf(w, sizeof(w), "reference: %s", what);
		if (keys(r, a, w, kl))
			return -1;
		e->loaded = 1;
		if (name->len >= TETD_AGENT_NAME_LEN)
			return rfail(r, "reference: %s.name is longer than %u bytes", what,
				     TETD_AGENT_NAME_LEN - 1);
		memcpy(e->agent.name, name->text, name->len);
		if (tetd_agent_name_bad(e->agent.name) >= 0)
			return rfail(r, "reference: %s.name \"%s\" breaks the agent name rule", what,
				     name->text);
		if (!(ver = need(r, a, what, "version", JSON_STRING)))
			return -1;
		if (version_parse(ver->text, &e->agent.version))
			return rfail(r, "reference: %s.version \"%s\" is not MAJOR.MINOR.PATCH", what,
				     ver->text);
		if (need_u32(r, a, what, "id", &e->agent.id) ||
		    need_u32(r, a, what, "modes", &e->agent.modes) ||
		    need_u32(r, a, what, "caps", &e->agent.caps) ||
		    need_hex(r, a, what, "sha384", e->agent.sha384, 48) ||
		    need_u64(r, a, what, "elf_size", &e->elf_size, UINT32_MAX) ||
		    need_u64(r, a, what, "zone_bytes", &e->zone_bytes, TETD_ZONE_SIZE))
			return -1;
		return 0;
	}
	if (!strcmp(st->text, "rejected")) {
		char w[64];
		const struct json *why;

		snprintf(w, sizeof(w), "reference: %s", what);
		if (keys(r, a, w, kr))
			return -1;
		if (name->len >= TETD_AGENT_NAME_LEN)
			return rfail(r, "reference: %s.name is longer than %u bytes", what,
				     TETD_AGENT_NAME_LEN - 1);
		memcpy(e->reject.name, name->text, name->len);
		if (!(why = need(r, a, what, "reason", JSON_STRING)))
			return -1;
		if (why->len >= TETD_REJECT_REASON_LEN)
			return rfail(r, "reference: %s.reason is longer than %u bytes", what,
				     TETD_REJECT_REASON_LEN - 1);
		memcpy(e->reject.reason, why->text, why->len);
		return need_u32(r, a, what, "index", &e->reject.index) ||
		       need_hex(r, a, what, "sha384", e->reject.sha384, 48) ? -1 : 0;
	}
	return rfail(r, "reference: %s.status is \"%s\", expected \"loaded\" or \"rejected\"",
		     what, st->text);
}

/* Every stored register equals the replay of the digests beside it. */
static int self_check(struct rd *r, struct reference *ref, const uint8_t *stored_cmdline,
		      const uint8_t *stored_rtmr1)
{
	uint8_t v[48] = { 0 };

	measure_extend(v, ref->hob_sha384);
	if (memcmp(v, ref->rtmr0, 48))
		return rfail(r, "reference: rtmr0.value is not the replay of rtmr0.td_hob.sha384");
	if (stored_cmdline) {
		char *cl = reference_cmdline(ref, NULL);
		uint8_t d[48];

		if (!cl)
			return rfail(r, "out of memory");
		measure_sha384(cl, strlen(cl), d);
		free(cl);
		if (memcmp(d, stored_cmdline, 48))
			return rfail(r, "reference: rtmr1.cmdline.sha384 is not the SHA-384 of the "
				     "command line it names");
		memset(v, 0, 48);
		measure_extend(v, ref->kernel_sha384);
		measure_extend(v, ref->initrd_sha384);
		measure_extend(v, d);
		if (memcmp(v, stored_rtmr1, 48))
			return rfail(r, "reference: rtmr1.value is not the replay of kernel, initrd "
				     "and cmdline");
	}
	if (ref->zone.agents_loaded + ref->zone.agents_rejected != ref->nentries)
		return rfail(r, "reference: rtmr3.zone counts %u loaded + %u rejected agents, "
			     "rtmr3.agents lists %u", ref->zone.agents_loaded,
			     ref->zone.agents_rejected, ref->nentries);
	for (uint32_t s = 1; s <= MEASURE_SEEDS; s++) {
		struct tetd_zone_event z = ref->zone;
		uint8_t d[48];

		z.seed_source = s;
		measure_sha384(&z, sizeof(z), d);
		if (memcmp(d, ref->zone_sha384[s], 48))
			return rfail(r, "reference: rtmr3.zone.sha384.%s is not the SHA-384 of the "
				     "zone event it describes", evlog_seed_name(s));
		memset(v, 0, 48);
		for (unsigned i = 0; i < ref->nentries; i++)
			measure_extend(v, ref->entry[i].loaded ? ref->entry[i].agent.sha384
							       : ref->entry[i].reject.sha384);
		measure_extend(v, d);
		if (memcmp(v, ref->rtmr3[s], 48))
			return rfail(r, "reference: rtmr3.value.%s is not the replay of the agents "
				     "and the zone event", evlog_seed_name(s));
	}
	return 0;
}

int reference_read(const char *text, size_t len, struct reference *ref, char *msg,
		   size_t msglen)
{
	static const char *const ktop[] = { "schema", "generator", "platform", "inputs", "mrtd",
					    "rtmr0", "rtmr1", "rtmr3", "tpm", "events", NULL };
	static const char *const k0[] = { "vm", "td_hob", "payload", "value", NULL };
	static const char *const kvm[] = { "memory", "vcpus", NULL };
	static const char *const khob[] = { "gpa", "size", "sha384", NULL };
	static const char *const k1[] = { "kernel", "initrd", "cmdline", "value", NULL };
	static const char *const kcl[] = { "text", "nonce", "nonce_bytes", "nonce_hex", "sha384",
					   NULL };
	static const char *const k3[] = { "agents", "zone", "value", NULL };
	static const char *const kz[] = { "gpa", "size", "version", "agents_loaded",
					  "agents_rejected", "used", "sha384", NULL };
	struct rd r = { msg, msglen, 0 };
	struct json *root = json_parse(text, len, msg, msglen);
	const struct json *j, *o, *p, *cl;
	uint8_t cmd_sha[48], rtmr1[48];
	int have_cmd = 0, ret = -1;
	uint64_t u;

	memset(ref, 0, sizeof(*ref));
	if (!root) {
		char m[JSON_MSG_LEN];

		snprintf(m, sizeof(m), "%s", msg);
		snprintf(msg, msglen, "reference: not JSON: %s", m);
		return -1;
	}
	if (root->type != JSON_OBJECT) {
		rfail(&r, "reference: the file is %s, expected an object", json_type_name(root->type));
		goto out;
	}
	if (keys(&r, root, "reference", ktop))
		goto out;
	if (!(j = need(&r, root, "the file", "schema", JSON_STRING)))
		goto out;
	if (strcmp(j->text, REFERENCE_SCHEMA)) {
		rfail(&r, "reference: schema \"%s\", this verifier reads \"%s\"", j->text,
		      REFERENCE_SCHEMA);
		goto out;
	}
	if (!(j = need(&r, root, "the file", "platform", JSON_STRING)))
		goto out;
	if (strcmp(j->text, "tetdh")) {
		rfail(&r, "reference: platform \"%s\", expected \"tetdh\"", j->text);
		goto out;
	}
	if (need_hex(&r, root, "the file", "mrtd", ref->mrtd, 48))
		goto out;

	if (!(o = need(&r, root, "the file", "rtmr0", JSON_OBJECT)) ||
	    keys(&r, o, "reference: rtmr0", k0) ||
	    !(p = need(&r, o, "rtmr0", "vm", JSON_OBJECT)) || keys(&r, p, "reference: rtmr0.vm", kvm) ||
	    need_u64(&r, p, "rtmr0.vm", "memory", &ref->mem, UINT64_MAX) ||
	    need_u64(&r, p, "rtmr0.vm", "vcpus", &u, 1024) ||
	    !(p = need(&r, o, "rtmr0", "td_hob", JSON_OBJECT)) ||
	    keys(&r, p, "reference: rtmr0.td_hob", khob) ||
	    need_hex(&r, p, "rtmr0.td_hob", "sha384", ref->hob_sha384, 48) ||
	    need_hex(&r, o, "rtmr0", "value", ref->rtmr0, 48))
		goto out;
	ref->smp = (unsigned)u;

	if (!(o = need(&r, root, "the file", "rtmr1", JSON_OBJECT)) ||
	    keys(&r, o, "reference: rtmr1", k1) ||
	    need_hex(&r, o, "rtmr1", "kernel", ref->kernel_sha384, 48) ||
	    need_hex(&r, o, "rtmr1", "initrd", ref->initrd_sha384, 48) ||
	    !(cl = need(&r, o, "rtmr1", "cmdline", JSON_OBJECT)) ||
	    keys(&r, cl, "reference: rtmr1.cmdline", kcl) ||
	    !(j = need(&r, cl, "rtmr1.cmdline", "text", JSON_STRING)))
		goto out;
	ref->cmdline_text = strdup(j->text);
	if (!(j = need(&r, cl, "rtmr1.cmdline", "nonce", JSON_STRING)))
		goto out;
	if (!strcmp(j->text, "none")) {
		ref->nonce = MEASURE_NONCE_NONE;
	} else if (!strcmp(j->text, "suffix")) {
		ref->nonce = MEASURE_NONCE_SUFFIX;
		if (need_u64(&r, cl, "rtmr1.cmdline", "nonce_bytes", &u, MEASURE_NONCE_MAX))
			goto out;
		ref->nonce_bytes = (unsigned)u;
	} else if (!strcmp(j->text, "fixed")) {
		ref->nonce = MEASURE_NONCE_FIXED;
		if (!(j = need(&r, cl, "rtmr1.cmdline", "nonce_hex", JSON_STRING)))
			goto out;
		ref->nonce_hex = strdup(j->text);
	} else {
		rfail(&r, "reference: rtmr1.cmdline.nonce is \"%s\", expected \"none\", \"suffix\" "
		      "or \"fixed\"", j->text);
		goto out;
	}
	if (!ref->cmdline_text || (ref->nonce == MEASURE_NONCE_FIXED && !ref->nonce_hex)) {
		rfail(&r, "out of memory");
		goto out;
	}
	j = json_get(cl, "sha384");
	if (ref->nonce == MEASURE_NONCE_SUFFIX) {
		if (!j || j->type != JSON_NULL || !(j = json_get(o, "value")) ||
		    j->type != JSON_NULL) {
			rfail(&r, "reference: with a suffix nonce, rtmr1.cmdline.sha384 and "
			      "rtmr1.value must be null (the verifier's nonce completes them)");
			goto out;
		}
	} else {
		if (need_hex(&r, cl, "rtmr1.cmdline", "sha384", cmd_sha, 48) ||
		    need_hex(&r, o, "rtmr1", "value", rtmr1, 48))
			goto out;
		have_cmd = 1;
	}

	if (!(o = need(&r, root, "the file", "rtmr3", JSON_OBJECT)) ||
	    keys(&r, o, "reference: rtmr3", k3) ||
	    !(j = need(&r, o, "rtmr3", "agents", JSON_ARRAY)))
		goto out;
	if (j->n > MEASURE_MAX_ENTRIES) {
		rfail(&r, "reference: rtmr3.agents has %zu entries; a volume holds at most %u",
		      j->n, TETD_AVOL_MAX_AGENTS);
		goto out;
	}
	for (size_t i = 0; i < j->n; i++)
		if (read_entry(&r, j->item[i], (unsigned)i, &ref->entry[i]))
			goto out;
	ref->nentries = (unsigned)j->n;
	if (!(p = need(&r, o, "rtmr3", "zone", JSON_OBJECT)) ||
	    keys(&r, p, "reference: rtmr3.zone", kz) ||
	    need_u64(&r, p, "rtmr3.zone", "gpa", &ref->zone.zone_gpa, UINT64_MAX) ||
	    need_u64(&r, p, "rtmr3.zone", "size", &ref->zone.zone_size, UINT64_MAX) ||
	    need_u32(&r, p, "rtmr3.zone", "version", &ref->zone.zone_version) ||
	    need_u32(&r, p, "rtmr3.zone", "agents_loaded", &ref->zone.agents_loaded) ||
	    need_u32(&r, p, "rtmr3.zone", "agents_rejected", &ref->zone.agents_rejected) ||
	    need_u64(&r, p, "rtmr3.zone", "used", &ref->zone.used, UINT64_MAX) ||
	    need_seed_map(&r, p, "rtmr3.zone", "sha384", ref->zone_sha384) ||
	    need_seed_map(&r, o, "rtmr3", "value", ref->rtmr3))
		goto out;
	if (self_check(&r, ref, have_cmd ? cmd_sha : NULL, have_cmd ? rtmr1 : NULL))
		goto out;
	/* Optional: files from before the TPM path lack it; the TD path does
	 * not need it. */
	if ((o = json_get(root, "tpm"))) {
		if (o->type != JSON_OBJECT) {
			rfail(&r, "reference: tpm is %s, expected an object (line %u)",
			      json_type_name(o->type), o->line);
			goto out;
		}
		if (read_tpm(&r, o, ref))
			goto out;
	}
	ret = 0;
out:
	json_free(root);
	if (ret)
		reference_free(ref);
	return ret;
}

void reference_free(struct reference *ref)
{
	free(ref->cmdline_text);
	free(ref->nonce_hex);
	ref->cmdline_text = ref->nonce_hex = NULL;
}

char *reference_cmdline(const struct reference *ref, const char *nonce_hex)
{
	switch (ref->nonce) {
	case MEASURE_NONCE_NONE:
		return measure_cmdline(ref->cmdline_text, NULL);
	case MEASURE_NONCE_FIXED:
		return measure_cmdline(ref->cmdline_text, ref->nonce_hex);
	case MEASURE_NONCE_SUFFIX:
		return nonce_hex ? measure_cmdline(ref->cmdline_text, nonce_hex) : NULL;
	}
	return NULL;
}
