/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_attest_verify.c - every check of tetd-attest
 * (tools/attest/verify.c) on evidence built without a boot: quotes from
 * libseam's TDX-module model whose RTMRs are the replay of the events, and
 * the CCEL log of the same events from the firmware's writer
 * (tools/attest/evidence.c). A good boot passes; then each way evidence can
 * be wrong - an agent's bytes, an extra, missing or reordered agent, the
 * command line, a stale nonce, a forged signature, another quoting key, an
 * event removed or two swapped, malformed or inconsistent events, MRTD -
 * and each way a policy can refuse, fails with its own reason.
 */
#include "unit_util.h"
#include <unistd.h>

#include "evidence.h"
#include "hex.h"
#include "reference.h"
#include "verify.h"

#define NONCE_HEX "a1b2c3d4"

static char state_dir[64], other_dir[64];
static char *cert, *other_cert;

/* ---- the scenario: one boot's events ---- */

struct agent {
	const char *name;
	uint32_t id, version;
	const char *bytes;          /* its "ELF": the digest is SHA-384 of this */
	int refused;
};

struct scenario {
	struct agent agent[24];
	unsigned nagents;
	const char *cmdline;        /* before the nonce */
	const char *hob;            /* what the TD HOB digest is of */
	uint32_t seed;
	uint64_t used;
	uint8_t mrtd[48];
	const char *quote_nonce;    /* REPORTDATA */
	/* events to add or break, after the normal ones */
	int no_zone, event_after_zone, mr0_event, mr5_event;
	int bad_agent_digest, bad_zone_digest, bad_cmdline_digest, zone_count_off;
};

static void base(struct scenario *s)
{
	static const struct agent a[3] = {
		{ "echo", 1, TETD_AGENT_VERSION(1, 0, 0), "echo elf", 0 },
		{ "kintegrity", 2, TETD_AGENT_VERSION(1, 0, 0), "kintegrity elf", 0 },
		{ "keyvault", 3, TETD_AGENT_VERSION(1, 0, 0), "keyvault elf", 0 },
	};
	memset(s, 0, sizeof(*s));
	memcpy(s->agent, a, sizeof(a));
	s->nagents = 3;
	s->cmdline = "console=ttyS0";
	s->hob = "hob for 512M x2";
	s->seed = TETD_SEED_RDRAND;
	s->used = 0x11000 + 3 * 0xd000;
	measure_sha384("mrtd", 4, s->mrtd);
	s->quote_nonce = NONCE_HEX;
}

struct built {
	struct evidence_event ev[64];
	unsigned n;
	uint8_t tagged[64][8 + 184];
	char cmd[256];
};

static void add(struct built *b, uint32_t mr, uint32_t type, const void *data, uint32_t len,
		const uint8_t *digest)
{
	struct evidence_event *e = &b->ev[b->n++];

	e->mr = mr;
	e->type = type;
	e->data = data;
	e->len = len;
	if (digest)
		memcpy(e->digest, digest, 48);
	else
		measure_sha384(data, len, e->digest);
}

/* The next event's data: the firmware's tagged event (tools/attest/regs.c). */
static const void *tagged(struct built *b, uint32_t tag, const void *ev, uint32_t len)
{
	measure_tagged(tag, ev, len, b->tagged[b->n]);
	return b->tagged[b->n];
}

static void agent_event(const struct agent *a, struct tetd_agent_event *e,
			struct tetd_agent_reject_event *r, unsigned index)
{
	memset(e, 0, sizeof(*e));
	memset(r, 0, sizeof(*r));
	snprintf(e->name, sizeof(e->name), "%s", a->name);
	e->id = a->id;
	e->version = a->version;
	e->modes = TETD_MODE_EXCLUSIVE;
	measure_sha384(a->bytes, strlen(a->bytes), e->sha384);
	snprintf(r->name, sizeof(r->name), "%s", a->name);
	r->index = index;
	memcpy(r->sha384, e->sha384, 48);
	snprintf(r->reason, sizeof(r->reason), "segment 1 overlaps segment 0");
}

static void build(const struct scenario *s, struct built *b)
{
	uint8_t d[48];
	unsigned loaded = 0, refused = 0;

	memset(b, 0, sizeof(*b));
	snprintf(b->cmd, sizeof(b->cmd), "%s tetd.nonce=%s", s->cmdline, NONCE_HEX);
	measure_sha384(s->hob, strlen(s->hob), d);
	add(b, 1, EV_PLATFORM_CONFIG_FLAGS, "tetd:td-hob", 11, d);
	if (s->mr0_event)
		add(b, 0, EV_POST_CODE, "mrtd?", 5, NULL);
	measure_sha384("kernel", 6, d);
	add(b, 2, EV_IPL, "tetd:kernel", 11, d);
	measure_sha384("initrd", 6, d);
	add(b, 2, EV_IPL, "tetd:initrd", 11, d);
	add(b, 2, EV_IPL, b->cmd, (uint32_t)strlen(b->cmd), NULL);
	if (s->bad_cmdline_digest)
		b->ev[b->n - 1].digest[0] ^= 1;
	for (unsigned i = 0; i < s->nagents; i++) {
		struct tetd_agent_event e;
		struct tetd_agent_reject_event r;

		agent_event(&s->agent[i], &e, &r, i);
		if (s->agent[i].refused) {
			add(b, 4, EV_EVENT_TAG, tagged(b, TETD_TAG_AGENT_REJECTED, &r, sizeof(r)),
			    8 + sizeof(r), r.sha384);
			refused++;
		} else {
			add(b, 4, EV_EVENT_TAG, tagged(b, TETD_TAG_AGENT, &e, sizeof(e)), 8 + sizeof(e),
			    e.sha384);
			if (s->bad_agent_digest && i == 1)
				b->ev[b->n - 1].digest[5] ^= 1;
			loaded++;
		}
	}
	if (!s->no_zone) {
		struct tetd_zone_event z = { 0xc00000, 0x400000, TETD_ZONE_VERSION,
					     loaded + (unsigned)s->zone_count_off, refused, s->seed,
					     s->used };

		measure_sha384(&z, sizeof(z), d);
		if (s->bad_zone_digest)
			d[0] ^= 1;
		add(b, 4, EV_EVENT_TAG, tagged(b, TETD_TAG_ZONE, &z, sizeof(z)), 8 + sizeof(z), d);
	}
	if (s->event_after_zone) {
		struct tetd_agent_event e;
		struct tetd_agent_reject_event r;

		agent_event(&s->agent[0], &e, &r, 9);
		add(b, 4, EV_EVENT_TAG, tagged(b, TETD_TAG_AGENT, &e, sizeof(e)), 8 + sizeof(e),
		    e.sha384);
	}
	if (s->mr5_event)
		add(b, 5, EV_IPL, "nowhere", 7, NULL);
}

/* The reference a tetd-measure run on the good image would write. */
static void reference_for(const struct scenario *s, struct reference *ref)
{
	struct measure_input in = { .image_path = "tetd.fd", .kernel_path = "vmlinuz",
				    .cmdline = s->cmdline, .nonce = MEASURE_NONCE_SUFFIX,
				    .nonce_bytes = 4, .mem = "512M", .smp = "2" };
	static struct measure_result r;
	unsigned loaded = 0, refused = 0;
	char *buf = NULL, msg[512];
	size_t len;
	uint8_t img[48] = { 0 };
	FILE *f;

	memset(&r, 0, sizeof(r));
	memcpy(r.mrtd, s->mrtd, 48);
	r.mem = 512ull << 20;
	r.smp = 2;
	measure_sha384(s->hob, strlen(s->hob), r.hob_sha384);
	measure_extend(r.rtmr0, r.hob_sha384);
	measure_sha384("kernel", 6, r.kernel_sha384);
	measure_sha384("initrd", 6, r.initrd_sha384);
	r.nentries = s->nagents;
	for (unsigned i = 0; i < s->nagents; i++) {
		r.entry[i].loaded = !s->agent[i].refused;
		agent_event(&s->agent[i], &r.entry[i].agent, &r.entry[i].reject, i);
		loaded += r.entry[i].loaded;
		refused += !r.entry[i].loaded;
	}
	r.zone = (struct tetd_zone_event){ 0xc00000, 0x400000, TETD_ZONE_VERSION, loaded, refused,
					   0, s->used };
	for (uint32_t sd = 1; sd <= MEASURE_SEEDS; sd++) {
		struct tetd_zone_event z = r.zone;

		z.seed_source = sd;
		measure_sha384(&z, sizeof(z), r.zone_sha384[sd]);
		for (unsigned i = 0; i < r.nentries; i++)
			measure_extend(r.rtmr3[sd], r.entry[i].loaded ? r.entry[i].agent.sha384
								      : r.entry[i].reject.sha384);
		measure_extend(r.rtmr3[sd], r.zone_sha384[sd]);
	}
	f = open_memstream(&buf, &len);
	reference_write(f, &in, &r, img);
	fclose(f);
	if (reference_read(buf, len, ref, msg, sizeof(msg)))
		fail_msg("reference_read: %s", msg);
	free(buf);
}

/* Evidence for the "quoted" events, a log of the "logged" ones (usually
 * the same), verified against ref and pol. */
struct run {
	const struct built *quoted, *logged;
	const struct reference *ref;
	const struct policy *pol;
	const char *nonce;              /* the verifier's */
	const char *cert;
	const uint8_t *mrtd;
	int no_log, flip_quote;         /* byte offset + 1 of a quote byte to flip */
	size_t log_len;                 /* cut the log */
	const uint8_t *log_override;
	size_t log_override_len;
};

static unsigned verify(const struct run *rn, const struct scenario *s, struct verify_result *res)
{
	uint8_t nonce[64], *quote, *log = NULL;
	size_t qlen, nlen;
	char msg[256];
	struct verify_input vi = { 0 };
	const char *vn = rn->nonce ? rn->nonce : NONCE_HEX;

	nlen = strlen(s->quote_nonce) / 2;
	assert_int_equal(hex_decode(s->quote_nonce, 2 * nlen, nonce, nlen), 0);
	if (evidence_quote(state_dir, s->mrtd, rn->quoted->ev, rn->quoted->n, nonce, nlen, &quote,
			   &qlen, msg, sizeof(msg)))
		fail_msg("evidence_quote: %s", msg);
	if (rn->flip_quote)
		quote[rn->flip_quote - 1] ^= 1;
	assert_int_equal(evidence_log(rn->logged ? rn->logged->ev : rn->quoted->ev,
				      rn->logged ? rn->logged->n : rn->quoted->n, 16384, &log), 0);
	nlen = strlen(vn) / 2;
	assert_int_equal(hex_decode(vn, 2 * nlen, nonce, nlen), 0);
	vi.quote = quote;
	vi.quote_len = qlen;
	vi.cert_pem = rn->cert ? rn->cert : cert;
	vi.cert_pem_len = strlen(vi.cert_pem);
	vi.cert_name = "qe-cert.pem";
	vi.nonce = nonce;
	vi.nonce_len = nlen;
	vi.nonce_hex = vn;
	vi.mrtd = rn->mrtd;
	if (!rn->no_log) {
		vi.evlog = rn->log_override ? rn->log_override : log;
		vi.evlog_len = rn->log_override ? rn->log_override_len :
			       rn->log_len ? rn->log_len : 16384;
	}
	vi.ref = rn->ref;
	vi.ref_name = "ref.json";
	vi.policy = rn->pol;
	unsigned n = verify_run(&vi, res);
	free(quote);
	free(log);
	for (unsigned i = 0; i < res->nreasons; i++)
		print_message("#   reason: %s\n", res->reason[i]);
	return n;
}

static void expect(const struct verify_result *r, const char *want)
{
	for (unsigned i = 0; i < r->nreasons; i++)
		if (strstr(r->reason[i], want))
			return;
	fail_msg("no reason says \"%s\" (%u reasons)", want, r->nreasons);
}

static struct scenario S;
static struct built BS, BT;
static struct reference REF;
static struct verify_result RES;

static int setup(void **state)
{
	char msg[256];

	(void)state;
	snprintf(state_dir, sizeof(state_dir), "/tmp/tetd-attest-test.XXXXXX");
	snprintf(other_dir, sizeof(other_dir), "/tmp/tetd-attest-other.XXXXXX");
	if (!mkdtemp(state_dir) || !mkdtemp(other_dir))
		return -1;
	cert = evidence_cert(state_dir, msg, sizeof(msg));
	other_cert = evidence_cert(other_dir, msg, sizeof(msg));
	return cert && other_cert ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[200];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s %s", state_dir, other_dir);
	free(cert);
	free(other_cert);
	return system(cmd) ? -1 : 0;
}

/* A good boot, against its reference: nothing to say. */
static void test_pass(void **state)
{
	(void)state;
	base(&S);
	build(&S, &BS);
	reference_for(&S, &REF);
	struct run rn = { .quoted = &BS, .ref = &REF, .mrtd = S.mrtd };
	assert_int_equal(verify(&rn, &S, &RES), 0);
	assert_true(RES.quote_ok && RES.log_ok && RES.did_ref && RES.did_mrtd);
	assert_int_equal(RES.nagents, 3);
	assert_string_equal(RES.agent[1].agent.name, "kintegrity");
	assert_int_equal(RES.zone.seed_source, TETD_SEED_RDRAND);
	/* Without a log the registers are checked against the reference. */
	rn.no_log = 1;
	assert_int_equal(verify(&rn, &S, &RES), 0);
	reference_free(&REF);
}

static void test_agent_changed(void **state)
{
	(void)state;
	base(&S);
	reference_for(&S, &REF);
	S.agent[1].bytes = "kintegrity elg";                  /* one byte */
	build(&S, &BS);
	struct run rn = { .quoted = &BS, .ref = &REF };
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "agent 'kintegrity' (log event 6): sha384 expected ");
	reference_free(&REF);
}

static void test_agent_extra_missing_order(void **state)
{
	(void)state;
	base(&S);
	reference_for(&S, &REF);
	S.agent[3] = (struct agent){ "extra", 9, TETD_AGENT_VERSION(1, 0, 0), "extra elf", 0 };
	S.nagents = 4;
	build(&S, &BS);
	struct run rn = { .quoted = &BS, .ref = &REF };
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "unexpected agent 'extra' (log event 8): the reference's agent volume has no such agent");
	expect(&RES, "zone event (log event 9): 3 loaded and 0 refused agents expected");

	/* The reference has one more agent than the boot. */
	reference_free(&REF);
	reference_for(&S, &REF);
	base(&S);
	build(&S, &BS);
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "agent 'extra' (reference volume entry 3, loaded) is missing from the log");
	reference_free(&REF);

	/* Reordered. */
	base(&S);
	reference_for(&S, &REF);
	struct agent t = S.agent[0];
	S.agent[0] = S.agent[1];
	S.agent[1] = t;
	build(&S, &BS);
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "agent 'echo' (log event 6) comes after 'kintegrity' in the log, before it in "
		     "the reference's volume order");
	reference_free(&REF);
}

static void test_cmdline_and_nonce(void **state)
{
	(void)state;
	base(&S);
	reference_for(&S, &REF);
	S.cmdline = "console=ttyS0 quiet";
	build(&S, &BS);
	struct run rn = { .quoted = &BS, .ref = &REF };
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "RTMR1 event 3 (log event 4): expected EV_IPL \"console=ttyS0 tetd.nonce=a1b2c3d4\" "
		     "(cmdline), log has EV_IPL \"console=ttyS0 quiet tetd.nonce=a1b2c3d4\"");
	base(&S);
	build(&S, &BS);
	/* A stale nonce: the TD answered another verifier's. */
	S.quote_nonce = "00112233";
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "REPORTDATA does not bind the nonce a1b2c3d4: quote has 00112233");
	/* The reference's nonce length differs from the verifier's. */
	S.quote_nonce = NONCE_HEX "00";
	rn.nonce = NONCE_HEX "00";
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "the reference was computed for a 4-byte nonce on the command line, --nonce has 5");
	reference_free(&REF);
}

static void test_quote_forgery(void **state)
{
	(void)state;
	base(&S);
	build(&S, &BS);
	/* A byte of the signature (after the 632 signed bytes and the length). */
	struct run rn = { .quoted = &BS, .flip_quote = 632 + 4 + 10 + 1 };
	assert_int_equal(verify(&rn, &S, &RES), 1);
	expect(&RES, "quote: ");
	expect(&RES, "signature");
	assert_false(RES.quote_ok);
	/* A byte of the body: RTMR0. */
	rn.flip_quote = 48 + 328 + 1;
	assert_int_equal(verify(&rn, &S, &RES), 1);
	expect(&RES, "signature");
	/* Signed by another key (its own certificate inside): not the pinned one. */
	rn.flip_quote = 0;
	rn.cert = other_cert;
	assert_int_equal(verify(&rn, &S, &RES), 1);
	expect(&RES, "quote: signed by a key whose certificate is not the pinned one (qe-cert.pem)");
	/* MRTD. */
	uint8_t m[48];
	memcpy(m, S.mrtd, 48);
	m[3] ^= 1;
	rn.cert = NULL;
	rn.mrtd = m;
	assert_int_equal(verify(&rn, &S, &RES), 1);
	expect(&RES, "MRTD: expected ");
}

/* The log against its own quote: an event removed, two swapped, cut. */
static void test_log_tampering(void **state)
{
	(void)state;
	base(&S);
	build(&S, &BS);
	BT = BS;
	memmove(&BT.ev[5], &BT.ev[6], (BT.n - 6) * sizeof(BT.ev[0]));  /* drop kintegrity */
	BT.n--;
	struct run rn = { .quoted = &BS, .logged = &BT };
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "RTMR3: the event log replays to ");
	expect(&RES, ", the quote has ");
	BT = BS;
	struct evidence_event t = BT.ev[4];
	BT.ev[4] = BT.ev[5];
	BT.ev[5] = t;
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "RTMR3: the event log replays to ");
	BT = BS;
	t = BT.ev[1];                                             /* kernel <-> initrd */
	BT.ev[1] = BT.ev[2];
	BT.ev[2] = t;
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "RTMR1: the event log replays to ");
	/* Cut in the middle of an event: malformed, said so. */
	rn.logged = NULL;
	rn.log_len = 65 + 77 + 30;
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "event log: event 2 at offset 142");
}

static void test_log_inconsistent(void **state)
{
	(void)state;
	struct run rn = { .quoted = &BS };

	base(&S);
	S.mr0_event = 1;
	build(&S, &BS);
	BT = BS;                                 /* the quote cannot have MR 0 */
	memmove(&BT.ev[1], &BT.ev[2], (BT.n - 2) * sizeof(BT.ev[0]));
	BT.n--;
	rn.quoted = &BT;
	rn.logged = &BS;
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "event log: event 2 extends MR index 0, which names MRTD");
	base(&S);
	S.mr5_event = 1;
	build(&S, &BS);
	BT = BS;
	BT.n--;                                  /* the quote cannot have MR 5 */
	rn.quoted = &BT;
	rn.logged = &BS;
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "extends MR index 5, which names no RTMR");
	rn.quoted = &BS;
	rn.logged = NULL;
	base(&S);
	S.bad_agent_digest = 1;
	build(&S, &BS);
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "RTMR3 log event 6 (agent 'kintegrity'): its digest ");
	base(&S);
	S.bad_zone_digest = 1;
	build(&S, &BS);
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "RTMR3 log event 8 (zone): its digest is not the SHA-384 of its data");
	base(&S);
	S.bad_cmdline_digest = 1;
	build(&S, &BS);
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "RTMR1 log event 4: its digest is not the SHA-384 of its data");
	base(&S);
	S.zone_count_off = 1;
	build(&S, &BS);
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "zone event (log event 8) counts 4 loaded and 0 refused agents, the log has 3 and 0");
	base(&S);
	S.no_zone = 1;
	build(&S, &BS);
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "RTMR3: the log has no zone event (TETZ)");
	base(&S);
	S.event_after_zone = 1;
	build(&S, &BS);
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "RTMR3 log event 9: an event after the zone event (log event 8)");

	/* A log without the SHA-384 bank. */
	const uint16_t alg = TPM_ALG_SHA256;
	struct evlog_writer w;
	assert_int_equal(evlog_writer_init(&w, &alg, 1), 0);
	assert_int_equal(evlog_writer_add_hashed(&w, 1, EV_IPL, "x", 1), 0);
	base(&S);
	build(&S, &BS);
	rn.log_override = w.buf;
	rn.log_override_len = w.len;
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "event log: no SHA-384 bank");
	evlog_writer_free(&w);
}

static void test_rtmr0_and_vm(void **state)
{
	(void)state;
	base(&S);
	reference_for(&S, &REF);
	S.hob = "hob for 1G x2";                   /* the VM ran with another -m */
	build(&S, &BS);
	struct run rn = { .quoted = &BS, .ref = &REF };
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "RTMR0 event 1 (log event 1, td-hob): sha384 expected ");
	expect(&RES, "(the TD HOB for 512 MiB and 2 vCPUs)");
	static struct policy p;
	policy_default(&p);
	p.check_rtmr0 = 0;
	rn.pol = &p;
	assert_int_equal(verify(&rn, &S, &RES), 0);
	reference_free(&REF);
	/* No log: the registers themselves; RTMR3 for an allowed seed. */
	base(&S);
	reference_for(&S, &REF);
	build(&S, &BS);
	rn.pol = NULL;
	rn.no_log = 1;
	assert_int_equal(verify(&rn, &S, &RES), 0);
	S.seed = TETD_SEED_JITTER;
	build(&S, &BS);
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "RTMR3: the quote has ");
	reference_free(&REF);
}

static void test_policy(void **state)
{
	(void)state;
	static struct policy p;
	char msg[512];
	struct run rn = { .quoted = &BS, .pol = &p };

	base(&S);
	S.seed = TETD_SEED_JITTER;
	build(&S, &BS);
	rn.pol = NULL;                            /* the default policy */
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "policy: zone event (log event 8): seed source tsc-jitter is not allowed "
		     "(allowed: rdseed, rdrand)");

	base(&S);
	build(&S, &BS);
	rn.pol = &p;
	const char *pol1 = "{\"schema\":\"tetd-policy/1\",\"agents\":{"
			   "\"echo\":{\"versions\":[\"2.0.0\"]},"
			   "\"kintegrity\":{\"min_version\":\"1.0.1\"},"
			   "\"vault2\":{},"
			   "\"opt\":{\"required\":false}}}";
	assert_int_equal(policy_read(pol1, strlen(pol1), &p, msg, sizeof(msg)), 0);
	assert_true(verify(&rn, &S, &RES) >= 4);
	expect(&RES, "policy: agent 'echo' (log event 5) has version 1.0.0, not one of 2.0.0");
	expect(&RES, "policy: agent 'kintegrity' (log event 6) has version 1.0.0, below the minimum 1.0.1");
	expect(&RES, "policy: unexpected agent 'keyvault' (log event 7): the policy does not name it");
	expect(&RES, "policy: required agent 'vault2' is not in the log");
	for (unsigned i = 0; i < RES.nreasons; i++)
		assert_null(strstr(RES.reason[i], "'opt'"));

	char pol2[1024], h[97];
	uint8_t d[48];
	measure_sha384("echo elf", 8, d);
	hex_encode(d, 48, h);
	snprintf(pol2, sizeof(pol2), "{\"schema\":\"tetd-policy/1\",\"allow_unknown_agents\":true,"
		 "\"agents\":{\"echo\":{\"sha384\":[\"%s\"]},\"keyvault\":{\"sha384\":[\"%s\"]}}}",
		 h, h);
	assert_int_equal(policy_read(pol2, strlen(pol2), &p, msg, sizeof(msg)), 0);
	assert_int_equal(verify(&rn, &S, &RES), 1);
	expect(&RES, "policy: agent 'keyvault' (log event 7) has sha384 ");

	/* A refused agent: the reference expects it; the policy decides. */
	base(&S);
	S.agent[2].refused = 1;
	reference_for(&S, &REF);
	build(&S, &BS);
	rn.ref = &REF;
	rn.pol = NULL;
	assert_int_equal(verify(&rn, &S, &RES), 1);
	expect(&RES, "policy: the firmware refused volume entry 2 ('keyvault', log event 7): "
		     "\"segment 1 overlaps segment 0\"; refused agents are not allowed");
	policy_default(&p);
	p.allow_rejected_agents = 1;
	rn.pol = &p;
	assert_int_equal(verify(&rn, &S, &RES), 0);
	const char *pol3 = "{\"schema\":\"tetd-policy/1\",\"allow_rejected_agents\":true,"
			   "\"agents\":{\"keyvault\":{}},\"allow_unknown_agents\":true}";
	assert_int_equal(policy_read(pol3, strlen(pol3), &p, msg, sizeof(msg)), 0);
	assert_int_equal(verify(&rn, &S, &RES), 1);
	expect(&RES, "policy: required agent 'keyvault' was refused by the firmware (log event 7)");
	/* The log loads it where the reference expects a refusal. */
	base(&S);
	build(&S, &BS);
	rn.pol = NULL;
	assert_true(verify(&rn, &S, &RES) > 0);
	expect(&RES, "agent 'keyvault' (log event 7): loaded, but the reference expects the loader "
		     "to refuse it");
	reference_free(&REF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pass),
		cmocka_unit_test(test_agent_changed),
		cmocka_unit_test(test_agent_extra_missing_order),
		cmocka_unit_test(test_cmdline_and_nonce),
		cmocka_unit_test(test_quote_forgery),
		cmocka_unit_test(test_log_tampering),
		cmocka_unit_test(test_log_inconsistent),
		cmocka_unit_test(test_rtmr0_and_vm),
		cmocka_unit_test(test_policy),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
