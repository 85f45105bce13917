// SPDX-License-Identifier: MIT
/*
 * tools/attest/verify.c - the checks of verify.h, in the order
 * docs/attestation.md lists them:
 *
 *   1. the quote parses and its signature verifies (libseam) with a key
 *      whose certificate is the pinned one
 *   2. REPORTDATA is the nonce, zero-padded
 *   3. MRTD (and any RTMR given on the command line) as expected; MRTD as
 *      the reference says
 *   4. the event log is well formed (evlog.c), has the SHA-384 bank, names
 *      only RTMRs, replays exactly to the quoted RTMR[0..3], and each TETD
 *      event's digest is what its data says it is
 *   5. its RTMR[0] (unless the policy waives it), RTMR[1] and RTMR[3]
 *      events are the reference's
 *   6. its agents and zone satisfy the policy
 * A failing quote stops there (nothing else in it can be trusted); every
 * other failure is reported and the checks go on, so the verdict lists
 * every reason at once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "hex.h"
#include "verify.h"

__attribute__((format(printf, 2, 3)))
static void reason(struct verify_result *r, const char *fmt, ...)
{
	va_list ap;

	if (r->nreasons >= VERIFY_MAX_REASONS) {
		r->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(r->reason[r->nreasons], VERIFY_REASON_LEN, fmt, ap);
	va_end(ap);
	/* One line each, whatever names or reasons the log carried. */
	for (char *c = r->reason[r->nreasons]; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	r->nreasons++;
}

/* Bytes as a quoted string for a message: non-printables as '?', long
 * ones cut in the middle. */
static const char *show(const void *p, size_t n, char *buf, size_t cap)
{
	const uint8_t *s = p;
	size_t o = 0, max = cap - 8;

	buf[o++] = '"';
	for (size_t i = 0; i < n && o < cap - 6; i++) {
		if (n > max && i == max / 2) {
			memcpy(buf + o, "...", 3);
			o += 3;
			i = n - (max - max / 2 - 4);
		}
		buf[o++] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
	}
	buf[o++] = '"';
	buf[o] = 0;
	return buf;
}

static X509 *pem_cert(const void *pem, size_t len)
{
	BIO *bio = BIO_new_mem_buf(pem, (int)len);
	X509 *c = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;

	BIO_free(bio);
	return c;
}

static void check_reg(struct verify_result *r, const char *name, const uint8_t *got,
		      const uint8_t *want, const char *whose)
{
	char g[HEX48_LEN], w[HEX48_LEN];

	if (!memcmp(got, want, 48))
		return;
	reason(r, "%s: expected %s%s, quote has %s", name, hex48(want, w), whose, hex48(got, g));
}

static const char *seed_label(uint32_t s, char buf[16])
{
	const char *n = evlog_seed_name(s);

	if (n)
		return n;
	snprintf(buf, 16, "%u (unknown)", s);
	return buf;
}

/* ------------------------------------------------------ the event log */

struct logview {
	struct tcg_log l;
	const struct evlog_event *mr[CC_MR_COUNT][256];   /* per register, log order */
	unsigned n[CC_MR_COUNT];
	unsigned overflow[CC_MR_COUNT];
	int bank;
};

static int is_label(const struct evlog_event *e, const char *label)
{
	return e->data_len == strlen(label) && !memcmp(e->data, label, e->data_len);
}

/* Structure and self-consistency of the log, without any reference. */
static void check_log(struct verify_result *r, struct logview *v)
{
	struct evlog_replay rp;
	char msg[EVLOG_MSG_LEN], g[HEX48_LEN], w[HEX48_LEN];

	for (unsigned i = 0; i < v->l.nevents; i++) {
		const struct evlog_event *e = &v->l.ev[i];

		if (e->type == EV_NO_ACTION)
			continue;
		if (e->pcr == CC_MR_MRTD || e->pcr >= CC_MR_COUNT) {
			reason(r, "event log: event %u extends MR index %u, which names %s", e->index,
			       e->pcr, e->pcr ? "no RTMR (1..4 are RTMR0..3)"
					      : "MRTD (not extended by events)");
			continue;
		}
		if (v->n[e->pcr] < sizeof(v->mr[0]) / sizeof(v->mr[0][0]))
			v->mr[e->pcr][v->n[e->pcr]++] = e;
		else
			v->overflow[e->pcr]++;
	}
	if (evlog_replay(&v->l, (unsigned)v->bank, &rp, msg, sizeof(msg))) {
		reason(r, "event log: %s", msg);
		return;
	}
	for (unsigned i = 0; i < TDX_NUM_RTMRS; i++)
		if (memcmp(rp.value[i + 1], r->info.body.rtmr[i], 48))
			reason(r, "RTMR%u: the event log replays to %s, the quote has %s (%u events)",
			       i, hex48(rp.value[i + 1], g), hex48(r->info.body.rtmr[i], w),
			       v->n[i + 1] + v->overflow[i + 1]);

	/* RTMR[1]: anything but the two labelled payload events is a text the
	 * firmware hashed itself (the command line). */
	for (unsigned k = 0; k < v->n[CC_MR_RTMR1]; k++) {
		const struct evlog_event *e = v->mr[CC_MR_RTMR1][k];
		uint8_t d[48];

		if (is_label(e, "tetd:kernel") || is_label(e, "tetd:initrd"))
			continue;
		measure_sha384(e->data, e->data_len, d);
		if (memcmp(d, e->digest[v->bank], 48))
			reason(r, "RTMR1 log event %u: its digest is not the SHA-384 of its data "
			       "(the command line)", e->index);
	}

	/* RTMR[3]: TETA/TETR events, then one TETZ. */
	unsigned loaded = 0, refused = 0;
	for (unsigned k = 0; k < v->n[CC_MR_RTMR3]; k++) {
		const struct evlog_event *e = v->mr[CC_MR_RTMR3][k];
		const uint8_t *dg = e->digest[v->bank];
		struct evlog_decoded d;
		struct verify_agent *a;
		uint8_t h[48];

		evlog_decode(e, &d);
		if (d.kind == EVLOG_DATA_BAD) {
			reason(r, "RTMR3 log event %u: %s", e->index, d.why);
			continue;
		}
		if (e->type != EV_EVENT_TAG || (d.kind != EVLOG_DATA_AGENT &&
						d.kind != EVLOG_DATA_REJECT && d.kind != EVLOG_DATA_ZONE)) {
			reason(r, "RTMR3 log event %u: not a TETD agent or zone event (type 0x%x)",
			       e->index, e->type);
			continue;
		}
		if (r->have_zone) {
			reason(r, "RTMR3 log event %u: an event after the zone event (log event %u)",
			       e->index, r->zone_event);
			continue;
		}
		if (d.kind == EVLOG_DATA_ZONE) {
			measure_sha384(&d.u.zone, sizeof(d.u.zone), h);
			if (memcmp(h, dg, 48))
				reason(r, "RTMR3 log event %u (zone): its digest is not the SHA-384 of "
				       "its data", e->index);
			r->have_zone = 1;
			r->zone_event = e->index;
			r->zone = d.u.zone;
			continue;
		}
		if (r->nagents == VERIFY_MAX_AGENTS) {
			reason(r, "RTMR3 log event %u: more than %d agent events", e->index,
			       VERIFY_MAX_AGENTS);
			continue;
		}
		a = &r->agent[r->nagents++];
		memset(a, 0, sizeof(*a));
		a->event = e->index;
		a->loaded = d.kind == EVLOG_DATA_AGENT;
		if (a->loaded) {
			a->agent = d.u.agent;
			loaded++;
			if (memcmp(dg, a->agent.sha384, 48))
				reason(r, "RTMR3 log event %u (agent '%s'): its digest %s is not the "
				       "agent's sha384 %s", e->index, a->agent.name, hex48(dg, g),
				       hex48(a->agent.sha384, w));
		} else {
			a->reject = d.u.reject;
			refused++;
			if (memcmp(dg, a->reject.sha384, 48))
				reason(r, "RTMR3 log event %u (refused agent): its digest is not the "
				       "event's sha384", e->index);
		}
	}
	if (v->overflow[CC_MR_RTMR3])
		reason(r, "RTMR3: %u more events than this verifier examines",
		       v->overflow[CC_MR_RTMR3]);
	if (!r->have_zone)
		reason(r, "RTMR3: the log has no zone event (TETZ)");
	else if (r->zone.agents_loaded != loaded || r->zone.agents_rejected != refused)
		reason(r, "zone event (log event %u) counts %u loaded and %u refused agents, the log "
		       "has %u and %u agent events", r->zone_event, r->zone.agents_loaded,
		       r->zone.agents_rejected, loaded, refused);
}

/* ------------------------------------------------------ the reference */

/* One register's events against the reference's list. */
struct want_event {
	const char *desc;
	uint32_t type;
	const void *data;
	size_t len;
	const uint8_t *digest;
};

static void check_events(struct verify_result *r, const struct logview *v, unsigned mr,
			 const struct want_event *want, unsigned nwant, const char *context)
{
	unsigned n = v->n[mr] + v->overflow[mr];
	char g[HEX48_LEN], w[HEX48_LEN], a[160], b[160];

	if (n != nwant) {
		char list[128] = "";

		for (unsigned i = 0; i < nwant; i++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 i ? ", " : "", want[i].desc);
		reason(r, "RTMR%u: the reference expects %u event%s (%s), the log has %u", mr - 1,
		       nwant, nwant == 1 ? "" : "s", list, n);
	}
	for (unsigned i = 0; i < nwant && i < v->n[mr]; i++) {
		const struct evlog_event *e = v->mr[mr][i];
		const uint8_t *dg = e->digest[v->bank];

		if (e->type != want[i].type || e->data_len != want[i].len ||
		    memcmp(e->data, want[i].data, want[i].len)) {
			const char *tn = evlog_type_name(e->type);

			reason(r, "RTMR%u event %u (log event %u): expected %s %s (%s), log has %s %s",
			       mr - 1, i + 1, e->index, evlog_type_name(want[i].type),
			       show(want[i].data, want[i].len, a, sizeof(a)), want[i].desc,
			       tn ? tn : "type", show(e->data, e->data_len, b, sizeof(b)));
			continue;
		}
		if (memcmp(dg, want[i].digest, 48))
			reason(r, "RTMR%u event %u (log event %u, %s): sha384 expected %s%s, log has %s",
			       mr - 1, i + 1, e->index, want[i].desc, hex48(want[i].digest, w),
			       context, hex48(dg, g));
	}
}

static const char *entry_name(const struct measure_entry *e)
{
	return e->loaded ? e->agent.name : e->reject.name;
}

static void compare_agent(struct verify_result *r, const struct verify_agent *a,
			  const struct measure_entry *e, const char *rn)
{
	char g[HEX48_LEN], w[HEX48_LEN], vg[24], vw[24], t[160];

	if (a->loaded != e->loaded) {
		if (a->loaded)
			reason(r, "agent '%s' (log event %u): loaded, but the reference expects the "
			       "loader to refuse it (%s)", a->agent.name, a->event,
			       show(e->reject.reason, strlen(e->reject.reason), t, sizeof(t)));
		else
			reason(r, "agent '%s' (log event %u): refused by the loader (%s), the "
			       "reference expects it loaded", a->reject.name, a->event,
			       show(a->reject.reason, strlen(a->reject.reason), t, sizeof(t)));
		return;
	}
	if (!a->loaded) {
		if (a->reject.index != e->reject.index ||
		    strcmp(a->reject.reason, e->reject.reason) ||
		    memcmp(a->reject.sha384, e->reject.sha384, 48))
			reason(r, "refused agent '%s' (log event %u): volume entry %u, sha384 %s, "
			       "reason %s; the reference has entry %u, sha384 %s, reason \"%s\"",
			       a->reject.name, a->event, a->reject.index, hex48(a->reject.sha384, g),
			       show(a->reject.reason, strlen(a->reject.reason), t, sizeof(t)),
			       e->reject.index, hex48(e->reject.sha384, w), e->reject.reason);
		return;
	}
	if (memcmp(a->agent.sha384, e->agent.sha384, 48))
		reason(r, "agent '%s' (log event %u): sha384 expected %s (%s), log has %s",
		       a->agent.name, a->event, hex48(e->agent.sha384, w), rn,
		       hex48(a->agent.sha384, g));
	if (a->agent.version != e->agent.version) {
		version_str(a->agent.version, vg);
		version_str(e->agent.version, vw);
		reason(r, "agent '%s' (log event %u): version expected %s (%s), log has %s",
		       a->agent.name, a->event, vw, rn, vg);
	}
	if (a->agent.id != e->agent.id)
		reason(r, "agent '%s' (log event %u): id expected 0x%x (%s), log has 0x%x",
		       a->agent.name, a->event, e->agent.id, rn, a->agent.id);
	if (a->agent.modes != e->agent.modes || a->agent.caps != e->agent.caps)
		reason(r, "agent '%s' (log event %u): modes/caps expected 0x%x/0x%x (%s), log has "
		       "0x%x/0x%x", a->agent.name, a->event, e->agent.modes, e->agent.caps, rn,
		       a->agent.modes, a->agent.caps);
}

static void check_agents_ref(struct verify_result *r, const struct reference *ref,
			     const char *rn)
{
	int matched[MEASURE_MAX_ENTRIES] = { 0 };
	int last = -1;

	for (unsigned i = 0; i < r->nagents; i++) {
		const struct verify_agent *a = &r->agent[i];
		const char *name = a->loaded ? a->agent.name : a->reject.name;
		int j = -1;

		for (unsigned k = 0; k < ref->nentries; k++)
			if (!strcmp(entry_name(&ref->entry[k]), name)) {
				j = (int)k;
				break;
			}
		if (j < 0) {
			reason(r, "unexpected agent '%s' (log event %u): the reference's agent volume "
			       "has no such agent", name, a->event);
			continue;
		}
		if (matched[j]) {
			reason(r, "agent '%s' appears again (log event %u)", name, a->event);
			continue;
		}
		matched[j] = 1;
		if (j < last)
			reason(r, "agent '%s' (log event %u) comes after '%s' in the log, before it in "
			       "the reference's volume order", name, a->event,
			       entry_name(&ref->entry[last]));
		else
			last = j;
		compare_agent(r, a, &ref->entry[j], rn);
	}
	for (unsigned k = 0; k < ref->nentries; k++)
		if (!matched[k])
			reason(r, "agent '%s' (reference volume entry %u, %s) is missing from the log",
			       entry_name(&ref->entry[k]), k,
			       ref->entry[k].loaded ? "loaded" : "refused");
	if (r->have_zone) {
		const struct tetd_zone_event *z = &r->zone, *w = &ref->zone;
		unsigned ev = r->zone_event;

		if (z->zone_gpa != w->zone_gpa || z->zone_size != w->zone_size)
			reason(r, "zone event (log event %u): zone 0x%llx+0x%llx, the reference has "
			       "0x%llx+0x%llx", ev, (unsigned long long)z->zone_gpa,
			       (unsigned long long)z->zone_size, (unsigned long long)w->zone_gpa,
			       (unsigned long long)w->zone_size);
		if (z->zone_version != w->zone_version)
			reason(r, "zone event (log event %u): version expected %u (%s), log has %u",
			       ev, w->zone_version, rn, z->zone_version);
		if (z->agents_loaded != w->agents_loaded || z->agents_rejected != w->agents_rejected)
			reason(r, "zone event (log event %u): %u loaded and %u refused agents expected "
			       "(%s), log has %u and %u", ev, w->agents_loaded, w->agents_rejected,
			       rn, z->agents_loaded, z->agents_rejected);
		if (z->used != w->used)
			reason(r, "zone event (log event %u): used expected %llu bytes (%s), log has "
			       "%llu", ev, (unsigned long long)w->used, rn,
			       (unsigned long long)z->used);
	}
}

static void check_reference(const struct verify_input *in, struct verify_result *r,
			    const struct logview *v, const struct policy *pol)
{
	const struct reference *ref = in->ref;
	char ctx[160], rn[96];
	char *cl = reference_cmdline(ref, in->nonce_hex);

	snprintf(rn, sizeof(rn), "reference %s", in->ref_name ? in->ref_name : "");
	if (ref->nonce == MEASURE_NONCE_SUFFIX && in->nonce_len != ref->nonce_bytes)
		reason(r, "the reference was computed for a %u-byte nonce on the command line, "
		       "--nonce has %zu bytes: the command line and the TD HOB differ from it",
		       ref->nonce_bytes, in->nonce_len);
	if (pol->check_rtmr0) {
		struct want_event w0 = { "td-hob", EV_PLATFORM_CONFIG_FLAGS, "tetd:td-hob", 11,
					 ref->hob_sha384 };

		snprintf(ctx, sizeof(ctx), " (the TD HOB for %llu MiB and %u vCPU%s)",
			 (unsigned long long)(ref->mem >> 20), ref->smp, ref->smp == 1 ? "" : "s");
		check_events(r, v, CC_MR_RTMR0, &w0, 1, ctx);
	}
	if (cl) {
		uint8_t cd[48];

		measure_sha384(cl, strlen(cl), cd);
		struct want_event w1[3] = {
			{ "kernel", EV_IPL, "tetd:kernel", 11, ref->kernel_sha384 },
			{ "initrd", EV_IPL, "tetd:initrd", 11, ref->initrd_sha384 },
			{ "cmdline", EV_IPL, cl, strlen(cl), cd },
		};
		snprintf(ctx, sizeof(ctx), " (%s)", rn);
		check_events(r, v, CC_MR_RTMR1, w1, 3, ctx);
		free(cl);
	} else {
		reason(r, "out of memory");
	}
	check_agents_ref(r, ref, rn);
}

/* Without a usable log: the registers themselves against the reference. */
static void check_reference_regs(const struct verify_input *in, struct verify_result *r,
				 const struct policy *pol)
{
	const struct reference *ref = in->ref;
	const struct tdx_quote_body *q = &r->info.body;
	char *cl = reference_cmdline(ref, in->nonce_hex);
	char g[HEX48_LEN], w[HEX48_LEN];
	int any = 0;

	if (pol->check_rtmr0)
		check_reg(r, "RTMR0", q->rtmr[0], ref->rtmr0, " (reference)");
	if (cl) {
		uint8_t v[48] = { 0 }, d[48];

		measure_sha384(cl, strlen(cl), d);
		measure_extend(v, ref->kernel_sha384);
		measure_extend(v, ref->initrd_sha384);
		measure_extend(v, d);
		check_reg(r, "RTMR1", q->rtmr[1], v, " (reference)");
		free(cl);
	}
	for (uint32_t s = 1; s <= MEASURE_SEEDS; s++)
		if ((pol->seed_sources & (1u << s)) && !memcmp(q->rtmr[3], ref->rtmr3[s], 48))
			any = 1;
	if (!any)
		reason(r, "RTMR3: the quote has %s, none of the reference's values for the allowed "
		       "seed sources (e.g. %s with rdseed)", hex48(q->rtmr[3], g),
		       hex48(ref->rtmr3[TETD_SEED_RDSEED], w));
}

/* ------------------------------------------------------ the policy */

static void check_policy(struct verify_result *r, const struct policy *p)
{
	char g[HEX48_LEN], vs[24], t[160], sl[16];

	if (r->have_zone && !(r->zone.seed_source < 32 && evlog_seed_name(r->zone.seed_source) &&
			      (p->seed_sources & (1u << r->zone.seed_source)))) {
		char allowed[64] = "";

		for (uint32_t s = 1; s <= MEASURE_SEEDS; s++)
			if (p->seed_sources & (1u << s))
				snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed),
					 "%s%s", allowed[0] ? ", " : "", evlog_seed_name(s));
		reason(r, "policy: zone event (log event %u): seed source %s is not allowed "
		       "(allowed: %s)", r->zone_event, seed_label(r->zone.seed_source, sl),
		       allowed[0] ? allowed : "none");
	}
	for (unsigned i = 0; i < r->nagents; i++) {
		const struct verify_agent *a = &r->agent[i];
		const struct policy_agent *pa;

		if (!a->loaded) {
			if (!p->allow_rejected_agents)
				reason(r, "policy: the firmware refused volume entry %u ('%s', log event "
				       "%u): %s; refused agents are not allowed", a->reject.index,
				       a->reject.name, a->event,
				       show(a->reject.reason, strlen(a->reject.reason), t, sizeof(t)));
			continue;
		}
		pa = policy_agent(p, a->agent.name);
		if (!pa) {
			if (!p->allow_unknown_agents)
				reason(r, "policy: unexpected agent '%s' (log event %u): the policy does "
				       "not name it and allows no other agents", a->agent.name,
				       a->event);
			continue;
		}
		version_str(a->agent.version, vs);
		if (pa->nversions) {
			unsigned k = 0;
			char list[POLICY_MAX_VALUES * 20] = "";

			while (k < pa->nversions && pa->version[k] != a->agent.version)
				k++;
			if (k == pa->nversions) {
				for (unsigned m = 0; m < pa->nversions; m++) {
					char v[24];

					version_str(pa->version[m], v);
					snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
						 m ? ", " : "", v);
				}
				reason(r, "policy: agent '%s' (log event %u) has version %s, not one of "
				       "%s", a->agent.name, a->event, vs, list);
			}
		}
		if (pa->has_min && a->agent.version < pa->min_version) {
			char m[24];

			version_str(pa->min_version, m);
			reason(r, "policy: agent '%s' (log event %u) has version %s, below the "
			       "minimum %s", a->agent.name, a->event, vs, m);
		}
		if (pa->nsha) {
			unsigned k = 0;

			while (k < pa->nsha && memcmp(pa->sha384[k], a->agent.sha384, 48))
				k++;
			if (k == pa->nsha)
				reason(r, "policy: agent '%s' (log event %u) has sha384 %s, not one the "
				       "policy allows", a->agent.name, a->event,
				       hex48(a->agent.sha384, g));
		}
	}
	for (unsigned k = 0; k < p->nagents; k++) {
		const struct policy_agent *pa = &p->agent[k];
		const struct verify_agent *found = NULL;

		if (!pa->required)
			continue;
		for (unsigned i = 0; i < r->nagents && !found; i++)
			if (!strcmp(r->agent[i].loaded ? r->agent[i].agent.name
						       : r->agent[i].reject.name, pa->name))
				found = &r->agent[i];
		if (!found)
			reason(r, "policy: required agent '%s' is not in the log", pa->name);
		else if (!found->loaded)
			reason(r, "policy: required agent '%s' was refused by the firmware (log event "
			       "%u): %s", pa->name, found->event,
			       show(found->reject.reason, strlen(found->reject.reason), t, sizeof(t)));
	}
}

/* ------------------------------------------------------ all of it */

unsigned verify_run(const struct verify_input *in, struct verify_result *r)
{
	struct policy defpol;
	const struct policy *pol = in->policy;
	char msg[SEAM_MSG_LEN], g[2 * TDX_REPORTDATA_LEN + 1];
	uint8_t nonce[TDX_REPORTDATA_LEN] = { 0 };
	X509 *pinned, *carried;

	memset(r, 0, sizeof(*r));
	if (!pol) {
		policy_default(&defpol);
		pol = &defpol;
	}
	if (seam_quote_verify(in->quote, in->quote_len, &r->info, msg, sizeof(msg))) {
		reason(r, "quote: %s", msg);
		return r->nreasons;
	}
	r->quote_ok = 1;
	pinned = pem_cert(in->cert_pem, in->cert_pem_len);
	carried = pem_cert(r->info.cert_pem, r->info.cert_pem_len);
	if (!pinned || !carried || X509_cmp(carried, pinned))
		reason(r, "quote: signed by a key whose certificate is not the pinned one (%s)",
		       in->cert_name ? in->cert_name : "--cert");
	X509_free(pinned);
	X509_free(carried);
	memcpy(nonce, in->nonce, in->nonce_len < sizeof(nonce) ? in->nonce_len : sizeof(nonce));
	if (memcmp(r->info.body.reportdata, nonce, sizeof(nonce))) {
		hex_encode(r->info.body.reportdata, TDX_REPORTDATA_LEN, g);
		reason(r, "REPORTDATA does not bind the nonce %s: quote has %s", in->nonce_hex, g);
	}
	if (in->mrtd) {
		r->did_mrtd = 1;
		check_reg(r, "MRTD", r->info.body.mrtd, in->mrtd, "");
	}
	if (in->ref) {
		char whose[160];

		r->did_mrtd = 1;
		snprintf(whose, sizeof(whose), " (reference %s)", in->ref_name ? in->ref_name : "");
		check_reg(r, "MRTD", r->info.body.mrtd, in->ref->mrtd, whose);
	}
	for (int i = 0; i < TDX_NUM_RTMRS; i++) {
		char name[8];

		snprintf(name, sizeof(name), "RTMR%d", i);
		if (in->rtmr[i])
			check_reg(r, name, r->info.body.rtmr[i], in->rtmr[i], "");
	}
	if (!in->evlog) {
		if (in->ref) {
			r->did_ref = 1;
			check_reference_regs(in, r, pol);
		}
		return r->nreasons;
	}

	struct logview *v = calloc(1, sizeof(*v));
	char lmsg[EVLOG_MSG_LEN];

	if (!v) {
		reason(r, "out of memory");
		return r->nreasons;
	}
	r->did_log = 1;
	if (evlog_parse(&v->l, in->evlog, in->evlog_len, lmsg, sizeof(lmsg))) {
		reason(r, "event log: %s", lmsg);
	} else if ((v->bank = evlog_bank_of(&v->l, TPM_ALG_SHA384)) < 0) {
		reason(r, "event log: no SHA-384 bank (the RTMRs are SHA-384 registers)");
	} else {
		r->log_ok = 1;
		r->nevents = v->l.nevents;
		check_log(r, v);
	}
	if (in->ref) {
		r->did_ref = 1;
		if (r->log_ok)
			check_reference(in, r, v, pol);
		else
			check_reference_regs(in, r, pol);
	}
	if (r->log_ok) {
		r->did_policy = in->policy != NULL;
		check_policy(r, pol);
	}
	evlog_free(&v->l);
	free(v);
	return r->nreasons;
}
