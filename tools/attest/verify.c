// SPDX-License-Identifier: MIT
/*
 * tools/attest/verify.c - the checks of verify.h, in the order
 * docs/attestation.md lists them:
 *
 *   1. the quote parses and its signature verifies with the pinned key
 *      (TDX: libseam, a key whose certificate is the pinned one; TPM:
 *      tpm2quote.c, the pinned AK)
 *   2. the nonce is bound (TDX: REPORTDATA, zero-padded; TPM: extraData)
 *   3. TDX: MRTD (and any RTMR given on the command line) as expected, MRTD
 *      as the reference says; TPM: the quoted PCR values, if given, hash to
 *      pcrDigest
 *   4. the event log is well formed (evlog.c), has the SHA-384 bank, names
 *      only the registers the firmware extends, replays exactly to the
 *      quoted registers (TDX: RTMR[0..3]; TPM: pcrDigest over the selected
 *      PCRs, each bank replayed), and each TETD event's digest is what its
 *      data says it is, in every bank the log carries
 *   5. its RTMR[0] (unless the policy waives it), RTMR[1] and RTMR[3]
 *      events are the reference's (TPM: in PCR 1, 9 and 2, both banks), and
 *      on the TPM path the quoted PCRs are the reference's
 *   6. its agents and zone satisfy the policy
 * A failing quote stops there (nothing else in it can be trusted); every
 * other failure is reported and the checks go on, so the verdict lists
 * every reason at once. Steps 4 (the events), 5 and 6 are the same code
 * for both kinds of evidence: only the register names in the messages
 * differ ("RTMR3" on a TD, "PCR2" on the TPM path).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "hex.h"
#include "verify.h"

/* The TPM path's PCR for each CC MR index (regs.h, fw/tpm.c), and the PCRs
 * a boot log may name (fw/eventlog.h EVLOG_MAX_MR: 0..15; 16..23 are the
 * debug, DRTM and application PCRs). */
#define BOOT_PCRS 16u

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
	int tpm;                        /* a TCG2 log: PCRIndex is a PCR */
	const struct evlog_event *mr[CC_MR_COUNT][256];   /* per register, log order */
	unsigned n[CC_MR_COUNT];
	unsigned overflow[CC_MR_COUNT];
	int bank;                       /* SHA-384 */
	int bank256;                    /* TPM: SHA-256, or -1 */
	/* TPM: each bank's replay, and the selected PCRs' replayed values */
	struct evlog_replay rp[EVLOG_MAX_BANKS];
	int have_rp[EVLOG_MAX_BANKS];
	uint8_t val[TPM2Q_MAX_PCRS][TPM2Q_MAX_HASH];
};

/* The register a CC MR index stands for, as messages name it. */
static const char *reg(const struct logview *v, unsigned mr, char buf[16])
{
	if (v->tpm)
		snprintf(buf, 16, "PCR%u", tetd_pcr_of_mr(mr));
	else
		snprintf(buf, 16, "RTMR%u", mr - 1);
	return buf;
}

/* The banks whose digests the checks read: the SHA-384 bank (the RTMRs'
 * and, for TETA/TETR, the agent's own hash), on the TPM path also the
 * SHA-256 bank. Messages name the bank only on the TPM path. */
struct bank {
	int idx;
	uint16_t alg;
	unsigned size;
	const char *label;              /* "" or " sha384" */
	const char *hash;               /* "SHA-384" */
};

static unsigned banks_of(const struct logview *v, struct bank b[2])
{
	unsigned n = 0;

	b[n++] = (struct bank){ v->bank, TPM_ALG_SHA384, 48, v->tpm ? " sha384" : "", "SHA-384" };
	if (v->tpm && v->bank256 >= 0)
		b[n++] = (struct bank){ v->bank256, TPM_ALG_SHA256, 32, " sha256", "SHA-256" };
	return n;
}

static int is_label(const struct evlog_event *e, const char *label)
{
	return e->data_len == strlen(label) && !memcmp(e->data, label, e->data_len);
}

/* Sort the log's events by the register they extend; an event in a
 * register the firmware does not extend is a reason. */
static void index_events(struct verify_result *r, struct logview *v)
{
	for (unsigned i = 0; i < v->l.nevents; i++) {
		const struct evlog_event *e = &v->l.ev[i];
		unsigned mr = 0;

		if (e->type == EV_NO_ACTION)
			continue;
		if (v->tpm) {
			for (unsigned m = CC_MR_RTMR0; m < CC_MR_COUNT; m++)
				if (tetd_pcr_of_mr(m) == e->pcr)
					mr = m;
			if (!mr) {
				reason(r, "event log: event %u extends PCR %u, which the firmware does not "
				       "extend (PCRs %u, %u, %u, %u stand for RTMR0..3)", e->index, e->pcr,
				       tetd_pcr_of_mr(1), tetd_pcr_of_mr(2), tetd_pcr_of_mr(3), tetd_pcr_of_mr(4));
				continue;
			}
		} else if (e->pcr == CC_MR_MRTD || e->pcr >= CC_MR_COUNT) {
			reason(r, "event log: event %u extends MR index %u, which names %s", e->index,
			       e->pcr, e->pcr ? "no RTMR (1..4 are RTMR0..3)"
					      : "MRTD (not extended by events)");
			continue;
		} else {
			mr = e->pcr;
		}
		if (v->n[mr] < sizeof(v->mr[0]) / sizeof(v->mr[0][0]))
			v->mr[mr][v->n[mr]++] = e;
		else
			v->overflow[mr]++;
	}
}

/* TDX: the log replays exactly to the quoted RTMR[0..3]. */
static void check_replay_td(struct verify_result *r, struct logview *v)
{
	struct evlog_replay rp;
	char msg[EVLOG_MSG_LEN], g[HEX48_LEN], w[HEX48_LEN];

	if (evlog_replay(&v->l, (unsigned)v->bank, &rp, msg, sizeof(msg))) {
		reason(r, "event log: %s", msg);
		return;
	}
	for (unsigned i = 0; i < TDX_NUM_RTMRS; i++)
		if (memcmp(rp.value[i + 1], r->info.body.rtmr[i], 48))
			reason(r, "RTMR%u: the event log replays to %s, the quote has %s (%u events)",
			       i, hex48(rp.value[i + 1], g), hex48(r->info.body.rtmr[i], w),
			       v->n[i + 1] + v->overflow[i + 1]);
}

/* What the TETD events say about themselves, in every bank: the command
 * line's digest is the hash of its text; RTMR[3] holds TETA/TETR events,
 * then one TETZ, each digest what its data says. Collects the agents and
 * the zone for the reference and policy checks. */
static void check_log_content(struct verify_result *r, struct logview *v)
{
	char g[HEX48_LEN], w[HEX48_LEN], rn[16];
	struct bank bk[2];
	unsigned nb = banks_of(v, bk);

	/* RTMR[1]: anything but the two labelled payload events is a text the
	 * firmware hashed itself (the command line). */
	for (unsigned k = 0; k < v->n[CC_MR_RTMR1]; k++) {
		const struct evlog_event *e = v->mr[CC_MR_RTMR1][k];
		uint8_t d[EVLOG_MAX_DIGEST];

		if (is_label(e, "tetd:kernel") || is_label(e, "tetd:initrd"))
			continue;
		for (unsigned b = 0; b < nb; b++) {
			evlog_hash(bk[b].alg, e->data, e->data_len, d);
			if (memcmp(d, e->digest[bk[b].idx], bk[b].size))
				reason(r, "%s log event %u: its%s digest is not the %s of its data (the "
				       "command line)", reg(v, CC_MR_RTMR1, rn), e->index, bk[b].label,
				       bk[b].hash);
		}
	}

	/* RTMR[3]: TETA/TETR events, then one TETZ. */
	unsigned loaded = 0, refused = 0;
	reg(v, CC_MR_RTMR3, rn);
	for (unsigned k = 0; k < v->n[CC_MR_RTMR3]; k++) {
		const struct evlog_event *e = v->mr[CC_MR_RTMR3][k];
		const uint8_t *dg = e->digest[v->bank];
		struct evlog_decoded d;
		struct verify_agent *a;
		uint8_t h[48];

		evlog_decode(e, &d);
		if (d.kind == EVLOG_DATA_BAD) {
			reason(r, "%s log event %u: %s", rn, e->index, d.why);
			continue;
		}
		if (e->type != EV_EVENT_TAG || (d.kind != EVLOG_DATA_AGENT &&
						d.kind != EVLOG_DATA_REJECT && d.kind != EVLOG_DATA_ZONE)) {
			reason(r, "%s log event %u: not a TETD agent or zone event (type 0x%x)", rn,
			       e->index, e->type);
			continue;
		}
		if (r->have_zone) {
			reason(r, "%s log event %u: an event after the zone event (log event %u)", rn,
			       e->index, r->zone_event);
			continue;
		}
		/* The SHA-256 bank (TPM): the hash of the event data as logged. */
		if (v->tpm && v->bank256 >= 0) {
			uint8_t d256[32];

			measure_sha256(e->data, e->data_len, d256);
			if (memcmp(d256, e->digest[v->bank256], 32))
				reason(r, "%s log event %u (%s): its sha256 digest is not the SHA-256 of "
				       "its event data", rn, e->index,
				       d.kind == EVLOG_DATA_ZONE ? "zone" :
				       d.kind == EVLOG_DATA_AGENT ? "agent" : "refused agent");
		}
		if (d.kind == EVLOG_DATA_ZONE) {
			measure_sha384(&d.u.zone, sizeof(d.u.zone), h);
			if (memcmp(h, dg, 48))
				reason(r, "%s log event %u (zone): its%s digest is not the SHA-384 of "
				       "its data", rn, e->index, bk[0].label);
			r->have_zone = 1;
			r->zone_event = e->index;
			r->zone = d.u.zone;
			continue;
		}
		if (r->nagents == VERIFY_MAX_AGENTS) {
			reason(r, "%s log event %u: more than %d agent events", rn, e->index,
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
				reason(r, "%s log event %u (agent '%s'): its%s digest %s is not the "
				       "agent's sha384 %s", rn, e->index, a->agent.name, bk[0].label,
				       hex48(dg, g), hex48(a->agent.sha384, w));
		} else {
			a->reject = d.u.reject;
			refused++;
			if (memcmp(dg, a->reject.sha384, 48))
				reason(r, "%s log event %u (refused agent): its%s digest is not the "
				       "event's sha384", rn, e->index, bk[0].label);
		}
	}
	if (v->overflow[CC_MR_RTMR3])
		reason(r, "%s: %u more events than this verifier examines", rn,
		       v->overflow[CC_MR_RTMR3]);
	if (!r->have_zone)
		reason(r, "%s: the log has no zone event (TETZ)", rn);
	else if (r->zone.agents_loaded != loaded || r->zone.agents_rejected != refused)
		reason(r, "zone event (log event %u) counts %u loaded and %u refused agents, the log "
		       "has %u and %u agent events", r->zone_event, r->zone.agents_loaded,
		       r->zone.agents_rejected, loaded, refused);
}

/* Events in the log under PCR pcr (EV_NO_ACTION aside). */
static unsigned events_in(const struct logview *v, unsigned pcr)
{
	unsigned n = 0;

	for (unsigned i = 0; i < v->l.nevents; i++)
		n += v->l.ev[i].pcr == pcr && v->l.ev[i].type != EV_NO_ACTION;
	return n;
}

/* TPM: each selected bank replayed to the selected PCRs; pcrDigest must be
 * their hash (with the signing scheme's hash, in selection order); every
 * PCR the log extends must be quoted. */
static void check_replay_tpm(struct verify_result *r, struct logview *v)
{
	char msg[EVLOG_MSG_LEN], an[16], g[2 * TPM2Q_MAX_HASH + 1], w[2 * TPM2Q_MAX_HASH + 1];
	uint8_t d[TPM2Q_MAX_HASH];
	uint32_t told = 0;
	int ok = 1;

	for (unsigned i = 0; i < r->npcrs; i++) {
		const struct tpm2q_pcr *p = &r->pcr[i];
		int b = evlog_bank_of(&v->l, p->alg);
		unsigned sz = tpm2q_hash_size(p->alg);

		if (b < 0) {
			const char *bn = tpm2q_alg_name(p->alg, an);

			if (!(told & (1u << (p->alg & 31))))
				reason(r, "event log: no %s bank, and the quote selects %s PCRs (%s)", bn,
				       bn, r->selection);
			told |= 1u << (p->alg & 31);
			ok = 0;
			continue;
		}
		if (p->pcr >= BOOT_PCRS) {
			reason(r, "the quote selects %s PCR %u: only PCRs 0..%u are boot PCRs an event "
			       "log accounts for (16..23 are debug, DRTM and application PCRs)",
			       tpm2q_alg_name(p->alg, an), p->pcr, BOOT_PCRS - 1);
			ok = 0;
			continue;
		}
		if (!v->have_rp[b]) {
			if (evlog_replay(&v->l, (unsigned)b, &v->rp[b], msg, sizeof(msg))) {
				reason(r, "event log: %s", msg);
				v->have_rp[b] = -1;
			} else {
				v->have_rp[b] = 1;
			}
		}
		if (v->have_rp[b] < 0) {
			ok = 0;
			continue;
		}
		memcpy(v->val[i], v->rp[b].value[p->pcr], sz);
	}
	if (ok && tpm2q_pcr_digest(r->sig.hash, r->pcr, r->npcrs,
				   (const uint8_t (*)[TPM2Q_MAX_HASH])v->val, d) == 0) {
		if (!memcmp(d, r->att.pcr_digest, r->att.digest_len)) {
			r->replay_ok = 1;
			if (!r->pcrs_known) {
				memcpy(r->pcr_value, v->val, sizeof(v->val[0]) * r->npcrs);
				r->pcrs_known = 2;
			}
		} else if (r->pcrs_known) {
			/* The quoted values are authentic: say which differ. */
			for (unsigned i = 0; i < r->npcrs; i++) {
				unsigned sz = tpm2q_hash_size(r->pcr[i].alg);

				if (memcmp(v->val[i], r->pcr_value[i], sz)) {
					hex_encode(v->val[i], sz, g);
					hex_encode(r->pcr_value[i], sz, w);
					reason(r, "PCR%u %s: the event log replays to %s, the quote has %s "
					       "(%u events)", r->pcr[i].pcr, tpm2q_alg_name(r->pcr[i].alg, an),
					       g, w, events_in(v, r->pcr[i].pcr));
				}
			}
		} else {
			char counts[128] = "";

			for (unsigned m = CC_MR_RTMR0; m < CC_MR_COUNT; m++)
				snprintf(counts + strlen(counts), sizeof(counts) - strlen(counts),
					 "%sPCR%u %u", m > CC_MR_RTMR0 ? ", " : "", tetd_pcr_of_mr(m),
					 events_in(v, tetd_pcr_of_mr(m)));
			hex_encode(d, r->att.digest_len, g);
			hex_encode(r->att.pcr_digest, r->att.digest_len, w);
			reason(r, "pcrDigest: the event log's replay of %s hashes to %s, the quote has "
			       "%s (log events: %s; --pcr-values names the PCR that differs)",
			       r->selection, g, w, counts);
		}
	}
	/* Events the quote does not cover are not attested by it. */
	for (unsigned m = CC_MR_RTMR0; m < CC_MR_COUNT; m++) {
		unsigned n = v->n[m] + v->overflow[m], covered = 0;

		for (unsigned i = 0; i < r->npcrs && !covered; i++)
			covered = r->pcr[i].pcr == tetd_pcr_of_mr(m) &&
				  evlog_bank_of(&v->l, r->pcr[i].alg) >= 0;
		if (n && !covered)
			reason(r, "PCR%u: the log has %u event%s there (RTMR%u's), but the quote selects "
			       "PCR %u in no bank the log has (%s): %s not attested", tetd_pcr_of_mr(m), n,
			       n == 1 ? "" : "s", m - 1, tetd_pcr_of_mr(m), r->selection,
			       n == 1 ? "it is" : "they are");
	}
}

/* ------------------------------------------------------ the reference */

/* One register's events against the reference's list. */
struct want_event {
	const char *desc;
	uint32_t type;
	const void *data;
	size_t len;
	const uint8_t *digest;
	const uint8_t *digest256;       /* TPM path: the SHA-256 bank's */
};

static void check_events(struct verify_result *r, const struct logview *v, unsigned mr,
			 const struct want_event *want, unsigned nwant, const char *context)
{
	unsigned n = v->n[mr] + v->overflow[mr];
	char g[2 * EVLOG_MAX_DIGEST + 1], w[2 * EVLOG_MAX_DIGEST + 1], a[160], b[160], rn[16];
	struct bank bk[2];
	unsigned nb = banks_of(v, bk);

	reg(v, mr, rn);
	if (n != nwant) {
		char list[128] = "";

		for (unsigned i = 0; i < nwant; i++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 i ? ", " : "", want[i].desc);
		reason(r, "%s: the reference expects %u event%s (%s), the log has %u", rn,
		       nwant, nwant == 1 ? "" : "s", list, n);
	}
	for (unsigned i = 0; i < nwant && i < v->n[mr]; i++) {
		const struct evlog_event *e = v->mr[mr][i];

		if (e->type != want[i].type || e->data_len != want[i].len ||
		    memcmp(e->data, want[i].data, want[i].len)) {
			const char *tn = evlog_type_name(e->type);

			reason(r, "%s event %u (log event %u): expected %s %s (%s), log has %s %s",
			       rn, i + 1, e->index, evlog_type_name(want[i].type),
			       show(want[i].data, want[i].len, a, sizeof(a)), want[i].desc,
			       tn ? tn : "type", show(e->data, e->data_len, b, sizeof(b)));
			continue;
		}
		for (unsigned k = 0; k < nb; k++) {
			const uint8_t *dg = e->digest[bk[k].idx];
			const uint8_t *wd = bk[k].alg == TPM_ALG_SHA384 ? want[i].digest
								       : want[i].digest256;

			if (!wd || !memcmp(dg, wd, bk[k].size))
				continue;
			hex_encode(wd, bk[k].size, w);
			hex_encode(dg, bk[k].size, g);
			reason(r, "%s event %u (log event %u, %s): %s expected %s%s, log has %s", rn, i + 1,
			       e->index, want[i].desc, bk[k].alg == TPM_ALG_SHA384 ? "sha384" : "sha256",
			       w, context, g);
		}
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
		       "--nonce has %zu bytes: the command line%s differ%s from it",
		       ref->nonce_bytes, in->nonce_len, v->tpm ? "" : " and the TD HOB",
		       v->tpm ? "s" : "");
	if (v->tpm) {
		/* Plain QEMU has no TD HOB: nothing extends PCR 1. */
		unsigned n = v->n[CC_MR_RTMR0] + v->overflow[CC_MR_RTMR0];

		if (n)
			reason(r, "PCR%u: the reference expects no events there (no TD HOB outside a "
			       "TD), the log has %u (log event %u first)", tetd_pcr_of_mr(CC_MR_RTMR0), n,
			       v->mr[CC_MR_RTMR0][0]->index);
	} else if (pol->check_rtmr0) {
		struct want_event w0 = { "td-hob", EV_PLATFORM_CONFIG_FLAGS, "tetd:td-hob", 11,
					 ref->hob_sha384, NULL };

		snprintf(ctx, sizeof(ctx), " (the TD HOB for %llu MiB and %u vCPU%s)",
			 (unsigned long long)(ref->mem >> 20), ref->smp, ref->smp == 1 ? "" : "s");
		check_events(r, v, CC_MR_RTMR0, &w0, 1, ctx);
	}
	if (cl) {
		uint8_t cd[48], cd256[32];
		int t = v->tpm && ref->has_tpm;

		measure_sha384(cl, strlen(cl), cd);
		measure_sha256(cl, strlen(cl), cd256);
		struct want_event w1[3] = {
			{ "kernel", EV_IPL, "tetd:kernel", 11, ref->kernel_sha384,
			  t ? ref->kernel_sha256 : NULL },
			{ "initrd", EV_IPL, "tetd:initrd", 11, ref->initrd_sha384,
			  t ? ref->initrd_sha256 : NULL },
			{ "cmdline", EV_IPL, cl, strlen(cl), cd, t ? cd256 : NULL },
		};
		snprintf(ctx, sizeof(ctx), " (%s)", rn);
		check_events(r, v, CC_MR_RTMR1, w1, 3, ctx);
		free(cl);
	} else {
		reason(r, "out of memory");
	}
	check_agents_ref(r, ref, rn);
}

/* TPM: the quoted PCR values (authenticated by pcrDigest) against the
 * reference's: PCR 9 (kernel, initrd, command line) and PCR 2 (agents and
 * zone, for an allowed seed source) in each bank the quote selects. */
static void check_pcrs_ref(const struct verify_input *in, struct verify_result *r,
			   const struct policy *pol)
{
	static const unsigned want_pcr[2] = { MEASURE_PCR_RTMR1, MEASURE_PCR_RTMR3 };
	const struct reference *ref = in->ref;
	struct reference_tpm t;
	char g[2 * TPM2Q_MAX_HASH + 1], w[2 * TPM2Q_MAX_HASH + 1], an[16];

	if (!ref->has_tpm) {
		reason(r, "reference %s has no TPM values (\"tpm\"): written by an older "
		       "tetd-measure", in->ref_name ? in->ref_name : "");
		return;
	}
	r->did_pcrs_ref = 1;
	reference_tpm(ref, in->nonce_hex, &t);
	for (unsigned k = 0; k < 2; k++) {
		int quoted = 0;

		for (unsigned i = 0; i < r->npcrs; i++)
			quoted |= r->pcr[i].pcr == want_pcr[k] && (r->pcr[i].alg == TPM_ALG_SHA256 ||
								   r->pcr[i].alg == TPM_ALG_SHA384);
		if (!quoted)
			reason(r, "the quote selects PCR %u (%s) in neither the sha256 nor the sha384 "
			       "bank (%s): it does not attest them", want_pcr[k],
			       k ? "RTMR3: agents, zone" : "RTMR1: kernel, initrd, command line",
			       r->selection);
	}
	if (!r->pcrs_known)
		return;
	for (unsigned i = 0; i < r->npcrs; i++) {
		const struct tpm2q_pcr *p = &r->pcr[i];
		int b = p->alg == TPM_ALG_SHA256 ? REF_TPM_SHA256 :
			p->alg == TPM_ALG_SHA384 ? REF_TPM_SHA384 : -1;
		unsigned sz = tpm2q_hash_size(p->alg);
		const char *bn = tpm2q_alg_name(p->alg, an);

		if (b < 0)
			continue;
		hex_encode(r->pcr_value[i], sz, g);
		if (p->pcr == MEASURE_PCR_RTMR1 && t.cmdline_known &&
		    memcmp(r->pcr_value[i], t.pcr9[b], sz)) {
			hex_encode(t.pcr9[b], sz, w);
			reason(r, "PCR%u %s: expected %s (reference %s), the quote has %s", p->pcr, bn, w,
			       in->ref_name ? in->ref_name : "", g);
		}
		if (p->pcr == MEASURE_PCR_RTMR3) {
			uint32_t match = 0;

			for (uint32_t s = 1; s <= MEASURE_SEEDS; s++)
				if (!memcmp(r->pcr_value[i], t.pcr2[b][s], sz))
					match = s;
			if (match && !(pol->seed_sources & (1u << match))) {
				reason(r, "PCR%u %s: the quote has the reference's value for seed source %s, "
				       "which the policy does not allow", p->pcr, bn,
				       evlog_seed_name(match));
			} else if (!match) {
				hex_encode(t.pcr2[b][TETD_SEED_RDSEED], sz, w);
				reason(r, "PCR%u %s: the quote has %s, none of the reference's values for "
				       "the allowed seed sources (e.g. %s with rdseed)", p->pcr, bn, g, w);
			}
		}
	}
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

/* TDX: the quote, its key, REPORTDATA, MRTD and the given RTMRs. -1: the
 * quote itself fails (stop). */
static int quote_tdx(const struct verify_input *in, struct verify_result *r)
{
	char msg[SEAM_MSG_LEN], g[2 * TDX_REPORTDATA_LEN + 1];
	uint8_t nonce[TDX_REPORTDATA_LEN] = { 0 };
	X509 *pinned, *carried;

	if (seam_quote_verify(in->quote, in->quote_len, &r->info, msg, sizeof(msg))) {
		reason(r, "quote: %s", msg);
		return -1;
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
	return 0;
}

/* TPM: TPMS_ATTEST and TPMT_SIGNATURE parse, the pinned AK signed them,
 * extraData is the nonce, and the quoted PCR values (if given) are the
 * ones pcrDigest covers. -1: the quote itself fails (stop). */
static int quote_tpm(const struct verify_input *in, struct verify_result *r)
{
	const char *akn = in->ak_name ? in->ak_name : "--ak-pub";
	char msg[TPM2Q_MSG_LEN], why[TPM2Q_MSG_LEN], an[16];
	char g[2 * TPM2Q_MAX_HASH + 1], w[2 * TPM2Q_MAX_HASH + 1];
	EVP_PKEY *ak = tpm2q_key_pem(in->ak_pem, in->ak_pem_len);
	unsigned hs;
	int ret = -1;

	r->tpm = 1;
	if (!ak) {
		reason(r, "AK: %s is not a PEM public key (RSA or EC)", akn);
		return -1;
	}
	tpm2q_key_desc(ak, r->ak_desc);
	if (tpm2q_attest_parse(in->quote, in->quote_len, &r->att, msg, sizeof(msg))) {
		reason(r, "quote: TPMS_ATTEST: %s", msg);
		goto out;
	}
	if (tpm2q_sig_parse(in->tpm_sig, in->tpm_sig_len, &r->sig, msg, sizeof(msg))) {
		reason(r, "quote: TPMT_SIGNATURE: %s", msg);
		goto out;
	}
	if (tpm2q_sig_verify(&r->sig, ak, in->quote, in->quote_len, why, sizeof(why))) {
		reason(r, "quote: %s (%s, %s)", why, akn, r->ak_desc);
		goto out;
	}
	ret = 0;
	r->quote_ok = 1;
	r->npcrs = tpm2q_selected(&r->att, r->pcr);
	tpm2q_sel_str(&r->att, r->selection, sizeof(r->selection));
	if (r->att.extra_len != in->nonce_len || memcmp(r->att.extra, in->nonce, in->nonce_len)) {
		hex_encode(r->att.extra, r->att.extra_len, g);
		reason(r, "extraData does not bind the nonce %s: quote has %s", in->nonce_hex,
		       r->att.extra_len ? g : "none");
	}
	hs = tpm2q_hash_size(r->sig.hash);
	if (r->att.digest_len != hs) {
		/* The TPM hashes the PCRs with the signing scheme's hash. */
		reason(r, "quote: pcrDigest has %u bytes, the signing hash %s makes %u: no PCR value "
		       "can be checked against it", r->att.digest_len, tpm2q_alg_name(r->sig.hash, an),
		       hs);
		r->npcrs = 0;
		ret = -1;
		goto out;
	}
	if (!r->npcrs)
		reason(r, "quote: it selects no PCRs (%s): it attests nothing but the nonce",
		       r->selection);
	if (in->pcr_values) {
		const char *pn = in->pcr_values_name ? in->pcr_values_name : "--pcr-values";
		uint8_t d[TPM2Q_MAX_HASH];

		if (tpm2q_pcr_values_parse(in->pcr_values, in->pcr_values_len, &r->att, r->pcr_value,
					   msg, sizeof(msg))) {
			reason(r, "PCR values (%s): %s", pn, msg);
		} else if (tpm2q_pcr_digest(r->sig.hash, r->pcr, r->npcrs,
					    (const uint8_t (*)[TPM2Q_MAX_HASH])r->pcr_value, d) ||
			   memcmp(d, r->att.pcr_digest, hs)) {
			hex_encode(d, hs, g);
			hex_encode(r->att.pcr_digest, hs, w);
			reason(r, "PCR values (%s) hash to %s, the quote's pcrDigest is %s: they are not "
			       "the values this quote signed", pn, g, w);
		} else {
			r->pcrs_known = 1;
		}
	}
out:
	EVP_PKEY_free(ak);
	return ret;
}

unsigned verify_run(const struct verify_input *in, struct verify_result *r)
{
	struct policy defpol;
	const struct policy *pol = in->policy;
	int tpm = in->kind == VERIFY_TPM;

	memset(r, 0, sizeof(*r));
	if (!pol) {
		policy_default(&defpol);
		pol = &defpol;
	}
	if (tpm ? quote_tpm(in, r) : quote_tdx(in, r))
		return r->nreasons;
	if (!in->evlog) {
		if (in->ref) {
			r->did_ref = 1;
			if (!tpm)
				check_reference_regs(in, r, pol);
			else if (r->pcrs_known || !in->pcr_values)
				check_pcrs_ref(in, r, pol);
			if (tpm && !r->pcrs_known && !in->pcr_values)
				reason(r, "no PCR values to compare with the reference: give the event log "
				       "or the quoted PCR values");
		}
		return r->nreasons;
	}

	struct logview *v = calloc(1, sizeof(*v));
	char lmsg[EVLOG_MSG_LEN];

	if (!v) {
		reason(r, "out of memory");
		return r->nreasons;
	}
	v->tpm = tpm;
	r->did_log = 1;
	if (evlog_parse(&v->l, in->evlog, in->evlog_len, lmsg, sizeof(lmsg))) {
		reason(r, "event log: %s", lmsg);
	} else if ((v->bank = evlog_bank_of(&v->l, TPM_ALG_SHA384)) < 0) {
		reason(r, "event log: no SHA-384 bank (%s)", tpm ? "the firmware's TCG2 log always "
		       "has one" : "the RTMRs are SHA-384 registers");
	} else {
		r->log_ok = 1;
		r->nevents = v->l.nevents;
		v->bank256 = evlog_bank_of(&v->l, TPM_ALG_SHA256);
		index_events(r, v);
		if (tpm)
			check_replay_tpm(r, v);
		else
			check_replay_td(r, v);
		check_log_content(r, v);
	}
	if (in->ref) {
		r->did_ref = 1;
		if (r->log_ok)
			check_reference(in, r, v, pol);
		if (tpm)
			check_pcrs_ref(in, r, pol);
		else if (!r->log_ok)
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
