/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_attest_evlog.c - tools/attest/evlog.c, the strict event-log
 * reader: logs the firmware's own writer (fw/eventlog.c) produces, with
 * 0xff and 0x00 fill, multi-bank logs, an unknown algorithm skipped by its
 * declared size, StartupLocality, the log of a real tetdh boot
 * (tests/unit/data/attest-boot), the decoder of TETD's tagged events; and
 * a malformed corpus - truncations at every byte, bad counts, huge sizes,
 * bad digest counts, every Spec ID field - each refused with its reason;
 * then random mutations (no crash under ASan/UBSan, every refusal says why).
 */
#include "unit_util.h"
#include <openssl/evp.h>

#include "eventlog.h"   /* fw/: the firmware's writer */
#include "evlog.h"      /* tools/attest: the reader under test */
#include "regs.h"

#ifndef UNIT_ATTEST_DATA
#define UNIT_ATTEST_DATA "tests/unit/data/attest-boot"
#endif

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

/* A firmware-written log: td-hob, kernel, initrd, cmdline, an agent, a zone. */
struct fwlog {
	uint8_t buf[8192];
	struct evlog w;           /* fw's writer state (its replay) */
	size_t used;
};

static void make_fwlog(struct fwlog *f, uint8_t fill)
{
	static const char *data[] = { "tetd:td-hob", "tetd:kernel", "tetd:initrd",
				      "console=ttyS0 tetd.nonce=00" };
	static const uint32_t mr[] = { 1, 2, 2, 2 }, type[] = { EV_PLATFORM_CONFIG_FLAGS, EV_IPL,
							       EV_IPL, EV_IPL };
	uint8_t d[48], ev[8 + sizeof(struct tetd_agent_event)];
	struct tetd_agent_event a = { .name = "echo", .id = 1, .version = 0x01000000, .modes = 3 };
	struct tetd_zone_event z = { 0xc00000, 0x400000, 1, 1, 0, TETD_SEED_RDRAND, 0x1d000 };
	uint8_t zev[8 + sizeof(z)];
	uint32_t tag, size;

	assert_int_equal(evlog_init(&f->w, f->buf, sizeof(f->buf)), 0);
	for (unsigned i = 0; i < 4; i++) {
		measure_sha384(data[i], strlen(data[i]), d);
		assert_int_equal(evlog_append(&f->w, mr[i], type[i], d, data[i],
					      (uint32_t)strlen(data[i])), 0);
	}
	measure_sha384("echo elf", 8, a.sha384);
	tag = TETD_TAG_AGENT, size = sizeof(a);
	memcpy(ev, &tag, 4), memcpy(ev + 4, &size, 4), memcpy(ev + 8, &a, sizeof(a));
	assert_int_equal(evlog_append(&f->w, 4, EV_EVENT_TAG, a.sha384, ev, sizeof(ev)), 0);
	tag = TETD_TAG_ZONE, size = sizeof(z);
	memcpy(zev, &tag, 4), memcpy(zev + 4, &size, 4), memcpy(zev + 8, &z, sizeof(z));
	measure_sha384(&z, sizeof(z), d);
	assert_int_equal(evlog_append(&f->w, 4, EV_EVENT_TAG, d, zev, sizeof(zev)), 0);
	f->used = f->w.used;
	memset(f->buf + f->used, fill, sizeof(f->buf) - f->used);
}

static void expect_fail(const uint8_t *b, size_t n, const char *want)
{
	struct tcg_log l;
	char msg[EVLOG_MSG_LEN] = "";

	if (evlog_parse(&l, b, n, msg, sizeof(msg)) == 0) {
		evlog_free(&l);
		fail_msg("accepted a log that should fail with \"%s\"", want);
	}
	evlog_free(&l);
	if (!strstr(msg, want))
		fail_msg("reason \"%s\" does not say \"%s\"", msg, want);
}

static void test_firmware_log(void **state)
{
	(void)state;
	static struct fwlog f;
	struct tcg_log l;
	struct evlog_replay rp;
	char msg[EVLOG_MSG_LEN];

	for (int fill = 0; fill < 2; fill++) {
		make_fwlog(&f, fill ? 0x00 : 0xff);
		assert_int_equal(evlog_parse(&l, f.buf, sizeof(f.buf), msg, sizeof(msg)), 0);
		assert_int_equal(l.nevents, 6);
		assert_int_equal(l.end, f.used);
		assert_int_equal(l.fill, fill ? 0x00 : 0xff);
		assert_int_equal(l.nbanks, 1);
		assert_int_equal(l.bank[0].alg, TPM_ALG_SHA384);
		assert_int_equal(l.bank[0].size, 48);
		assert_int_equal(l.uintn_size, 2);
		assert_int_equal(l.ev[0].pcr, 1);
		assert_int_equal(l.ev[0].type, EV_PLATFORM_CONFIG_FLAGS);
		assert_int_equal(l.ev[0].index, 1);
		assert_int_equal(l.ev[0].offset, l.header_size);
		assert_int_equal(evlog_replay(&l, 0, &rp, msg, sizeof(msg)), 0);
		assert_int_equal(rp.used, (1u << 1) | (1u << 2) | (1u << 4));
		for (unsigned mr = 1; mr <= 4; mr++)
			assert_memory_equal(rp.value[mr], f.w.replay[mr], 48);
		evlog_free(&l);
		/* Exactly the events, no fill: also a log. */
		assert_int_equal(evlog_parse(&l, f.buf, f.used, msg, sizeof(msg)), 0);
		assert_int_equal(l.nevents, 6);
		assert_int_equal(l.end, f.used);
		evlog_free(&l);
	}
}

static void test_decode(void **state)
{
	(void)state;
	static struct fwlog f;
	struct tcg_log l;
	struct evlog_decoded d;
	char msg[EVLOG_MSG_LEN];

	make_fwlog(&f, 0xff);
	assert_int_equal(evlog_parse(&l, f.buf, sizeof(f.buf), msg, sizeof(msg)), 0);
	evlog_decode(&l.ev[0], &d);
	assert_int_equal(d.kind, EVLOG_DATA_TEXT);
	evlog_decode(&l.ev[4], &d);
	assert_int_equal(d.kind, EVLOG_DATA_AGENT);
	assert_string_equal(d.u.agent.name, "echo");
	assert_int_equal(d.u.agent.version, 0x01000000);
	evlog_decode(&l.ev[5], &d);
	assert_int_equal(d.kind, EVLOG_DATA_ZONE);
	assert_int_equal(d.u.zone.seed_source, TETD_SEED_RDRAND);
	assert_int_equal(d.u.zone.used, 0x1d000);

	/* Malformed TETD data: wrong sizes, a bad name. */
	struct evlog_event e = l.ev[4];
	uint8_t bad[8 + 96];
	memcpy(bad, e.data, sizeof(bad));
	put32(bad + 4, 80);
	e.data = bad;
	evlog_decode(&e, &d);
	assert_int_equal(d.kind, EVLOG_DATA_BAD);
	assert_non_null(strstr(d.why, "taggedEventDataSize 80"));
	e.data_len = 8 + 80;
	evlog_decode(&e, &d);
	assert_int_equal(d.kind, EVLOG_DATA_BAD);
	assert_non_null(strstr(d.why, "TETA event: 80 bytes of data, expected 96"));
	memcpy(bad, l.ev[4].data, sizeof(bad));
	bad[8] = 'E';                               /* "Echo": capital */
	e.data_len = sizeof(bad);
	evlog_decode(&e, &d);
	assert_int_equal(d.kind, EVLOG_DATA_BAD);
	assert_non_null(strstr(d.why, "agent name has byte 0x45 at 0"));
	e.data_len = 5;
	evlog_decode(&e, &d);
	assert_int_equal(d.kind, EVLOG_DATA_BAD);
	/* An unknown tag is just a tagged event. */
	memcpy(bad, l.ev[4].data, sizeof(bad));
	put32(bad, 0x58585858);
	e.data_len = sizeof(bad);
	evlog_decode(&e, &d);
	assert_int_equal(d.kind, EVLOG_DATA_TAGGED);
	/* Binary data that is not text. */
	e.type = EV_IPL;
	e.data = (const uint8_t *)"\x01\x02";
	e.data_len = 2;
	evlog_decode(&e, &d);
	assert_int_equal(d.kind, EVLOG_DATA_RAW);
	evlog_free(&l);
}

/* Every bank replays as an independent OpenSSL chain says; an unknown
 * algorithm is skipped by its declared size and not replayed. */
static void test_multibank_and_unknown_alg(void **state)
{
	(void)state;
	const uint16_t algs[] = { TPM_ALG_SHA1, TPM_ALG_SHA256, TPM_ALG_SHA384, TPM_ALG_SHA512 };
	struct evlog_writer w;
	struct tcg_log l;
	struct evlog_replay rp;
	char msg[EVLOG_MSG_LEN];
	uint8_t want[4][64] = { { 0 } };
	const EVP_MD *md[] = { EVP_sha1(), EVP_sha256(), EVP_sha384(), EVP_sha512() };

	assert_int_equal(evlog_writer_init(&w, algs, 4), 0);
	for (unsigned i = 0; i < 10; i++) {
		char data[16];

		snprintf(data, sizeof(data), "event %u", i);
		assert_int_equal(evlog_writer_add_hashed(&w, 7, EV_IPL, data, (uint32_t)strlen(data)), 0);
		for (unsigned b = 0; b < 4; b++) {
			uint8_t d[64], cat[128];
			unsigned n = (unsigned)EVP_MD_size(md[b]), o;

			EVP_Digest(data, strlen(data), d, &o, md[b], NULL);
			memcpy(cat, want[b], n);
			memcpy(cat + n, d, n);
			EVP_Digest(cat, 2 * n, want[b], &o, md[b], NULL);
		}
	}
	assert_int_equal(evlog_parse(&l, w.buf, w.len, msg, sizeof(msg)), 0);
	assert_int_equal(l.nbanks, 4);
	for (unsigned b = 0; b < 4; b++) {
		assert_int_equal(evlog_replay(&l, b, &rp, msg, sizeof(msg)), 0);
		assert_int_equal(rp.used, 1u << 7);
		assert_memory_equal(rp.value[7], want[b], l.bank[b].size);
	}
	evlog_free(&l);

	/* Rewrite bank 0 (SHA-1) as algorithm 0x1234 of the same size. */
	uint8_t *b = malloc(w.len);
	memcpy(b, w.buf, w.len);
	put16(b + 32 + 28, 0x1234);
	size_t off = 32 + 28 + 4 * 4 + 1;           /* the first event */
	for (unsigned i = 0; i < 10; i++) {
		uint32_t dl;

		assert_int_equal(b[off + 12], 0x04);
		put16(b + off + 12, 0x1234);
		size_t p = off + 12 + (2 + 20) + (2 + 32) + (2 + 48) + (2 + 64);
		memcpy(&dl, b + p, 4);
		off = p + 4 + dl;
	}
	assert_int_equal(evlog_parse(&l, b, w.len, msg, sizeof(msg)), 0);
	assert_int_equal(l.bank[0].alg, 0x1234);
	assert_false(l.bank[0].replayable);
	assert_int_equal(evlog_replay(&l, 0, &rp, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "0x1234"));
	assert_int_equal(evlog_replay(&l, 2, &rp, msg, sizeof(msg)), 0);
	assert_memory_equal(rp.value[7], want[2], 48);
	evlog_free(&l);
	free(b);
	evlog_writer_free(&w);
}

static void test_locality(void **state)
{
	(void)state;
	const uint16_t alg = TPM_ALG_SHA256;
	struct evlog_writer w;
	struct tcg_log l;
	struct evlog_replay rp;
	char msg[EVLOG_MSG_LEN];
	uint8_t loc[17] = "StartupLocality", zero[32] = { 0 }, v[32] = { 0 }, d[32], cat[64];
	const uint8_t *zp[1] = { zero };
	unsigned n;

	loc[16] = 3;
	assert_int_equal(evlog_writer_init(&w, &alg, 1), 0);
	assert_int_equal(evlog_writer_add(&w, 0, EV_NO_ACTION, zp, loc, 17), 0);
	assert_int_equal(evlog_writer_add_hashed(&w, 0, EV_POST_CODE, "x", 1), 0);
	assert_int_equal(evlog_parse(&l, w.buf, w.len, msg, sizeof(msg)), 0);
	assert_true(l.has_locality);
	assert_int_equal(l.locality, 3);
	assert_int_equal(evlog_replay(&l, 0, &rp, msg, sizeof(msg)), 0);
	v[31] = 3;
	EVP_Digest("x", 1, d, &n, EVP_sha256(), NULL);
	memcpy(cat, v, 32), memcpy(cat + 32, d, 32);
	EVP_Digest(cat, 64, v, &n, EVP_sha256(), NULL);
	assert_memory_equal(rp.value[0], v, 32);
	evlog_free(&l);
	evlog_writer_free(&w);
	/* One after PCR 0 was extended, a second one, one elsewhere: refused. */
	assert_int_equal(evlog_writer_init(&w, &alg, 1), 0);
	assert_int_equal(evlog_writer_add_hashed(&w, 0, EV_POST_CODE, "x", 1), 0);
	assert_int_equal(evlog_writer_add(&w, 0, EV_NO_ACTION, zp, loc, 17), 0);
	expect_fail(w.buf, w.len, "StartupLocality after PCR 0 was extended");
	evlog_writer_free(&w);
	assert_int_equal(evlog_writer_init(&w, &alg, 1), 0);
	assert_int_equal(evlog_writer_add(&w, 0, EV_NO_ACTION, zp, loc, 17), 0);
	assert_int_equal(evlog_writer_add(&w, 0, EV_NO_ACTION, zp, loc, 17), 0);
	expect_fail(w.buf, w.len, "a second StartupLocality");
	evlog_writer_free(&w);
	assert_int_equal(evlog_writer_init(&w, &alg, 1), 0);
	assert_int_equal(evlog_writer_add(&w, 1, EV_NO_ACTION, zp, loc, 17), 0);
	expect_fail(w.buf, w.len, "must be 17 bytes in PCR 0");
	evlog_writer_free(&w);
}

/* The log a real tetdh boot printed: 8 events; it replays to the RTMRs the
 * TDREPORT of that boot had (tests/unit/data/attest-boot/boot.txt). */
static void test_real_boot(void **state)
{
	(void)state;
	char path[512], line[512], msg[EVLOG_MSG_LEN];
	uint8_t want[4][48];
	size_t len;
	unsigned got = 0;
	struct tcg_log l;
	struct evlog_replay rp;
	struct evlog_decoded d;

	snprintf(path, sizeof(path), "%s/boot.txt", UNIT_ATTEST_DATA);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned i;
		char hex[128];

		if (sscanf(line, "rtmr%u %127s", &i, hex) == 2 && i < 4) {
			assert_int_equal(unit_unhex(hex, want[i], 48), 48);
			got |= 1u << i;
		}
	}
	fclose(f);
	assert_int_equal(got, 0xf);
	snprintf(path, sizeof(path), "%s/evlog.raw", UNIT_ATTEST_DATA);
	uint8_t *b = unit_read_file(path, &len);
	assert_non_null(b);
	assert_int_equal(evlog_parse(&l, b, len, msg, sizeof(msg)), 0);
	assert_int_equal(l.nevents, 8);
	assert_int_equal(l.fill, 0xff);
	assert_int_equal(evlog_replay(&l, 0, &rp, msg, sizeof(msg)), 0);
	for (unsigned i = 0; i < 4; i++)
		assert_memory_equal(rp.value[i + 1], want[i], 48);
	unsigned agents = 0, zones = 0;
	for (unsigned i = 0; i < l.nevents; i++) {
		evlog_decode(&l.ev[i], &d);
		agents += d.kind == EVLOG_DATA_AGENT;
		zones += d.kind == EVLOG_DATA_ZONE;
		if (d.kind == EVLOG_DATA_AGENT)
			assert_memory_equal(d.u.agent.sha384, l.ev[i].digest[0], 48);
	}
	assert_int_equal(agents, 3);
	assert_int_equal(zones, 1);
	evlog_free(&l);
	free(b);
}

/* ---- the malformed corpus ---- */

static void test_truncations(void **state)
{
	(void)state;
	static struct fwlog f;
	size_t bounds[16];
	unsigned nb = 0;
	struct tcg_log l;
	char msg[EVLOG_MSG_LEN];

	make_fwlog(&f, 0xff);
	assert_int_equal(evlog_parse(&l, f.buf, f.used, msg, sizeof(msg)), 0);
	bounds[nb++] = l.header_size;
	for (unsigned i = 0; i < l.nevents; i++)
		bounds[nb++] = l.ev[i].offset + l.ev[i].size;
	evlog_free(&l);
	for (size_t n = 0; n < f.used; n++) {
		int at_boundary = 0;

		for (unsigned i = 0; i < nb; i++)
			at_boundary |= bounds[i] == n;
		if (at_boundary) {
			/* A shorter but whole log: the replay check catches it. */
			assert_int_equal(evlog_parse(&l, f.buf, n, msg, sizeof(msg)), 0);
			evlog_free(&l);
			continue;
		}
		if (evlog_parse(&l, f.buf, n, msg, sizeof(msg)) == 0)
			fail_msg("a log cut at byte %zu was accepted", n);
		evlog_free(&l);
		assert_true(strlen(msg) > 10);
		if (n < 32)
			assert_non_null(strstr(msg, "header event"));
		else if (n >= l.header_size && n > 65)
			assert_non_null(strstr(msg, "event "));
	}
}

struct corrupt {
	const char *what;
	size_t off;          /* from the start of the buffer */
	unsigned width;      /* 1, 2 or 4 */
	uint32_t value;
	const char *want;
};

static void test_corpus(void **state)
{
	(void)state;
	static struct fwlog f;
	size_t e1;                                  /* first event */
	make_fwlog(&f, 0xff);
	e1 = 32 + 33;
	const struct corrupt c[] = {
		{ "header PCR", 0, 4, 1, "header event: PCRIndex is 1" },
		{ "header type", 4, 4, EV_IPL, "header event: EventType is 0xd" },
		{ "header digest", 9, 1, 1, "SHA-1 digest field is not zero" },
		{ "header size huge", 28, 4, 0xffffffff, "header event: EventSize 4294967295 runs past" },
		{ "header size small", 28, 4, 20, "too small for one algorithm" },
		{ "signature", 32 + 3, 1, 'X', "not \"Spec ID Event03\"" },
		{ "platform class", 32 + 16, 4, 7, "platformClass 7" },
		{ "spec major", 32 + 21, 1, 1, "spec version 1.0, expected 2.0" },
		{ "uintn", 32 + 23, 1, 3, "uintnSize 3" },
		{ "no algorithms", 32 + 24, 4, 0, "numberOfAlgorithms 0" },
		{ "huge algorithm count", 32 + 24, 4, 0xffffffff, "numberOfAlgorithms 4294967295" },
		{ "count beyond the event", 32 + 24, 4, 5, "5 algorithms do not fit" },
		{ "alg size zero", 32 + 30, 2, 0, "digest size 0" },
		{ "alg size too big", 32 + 30, 2, 65, "digest size 65" },
		{ "known alg wrong size", 32 + 30, 2, 32, "sha384 has digest size 32, expected 48" },
		{ "TPM_ALG_NULL", 32 + 28, 2, 0x10, "not a hash" },
		{ "vendor info size", 32 + 32, 1, 9, "EventSize is 33, its fields take 42" },
		{ "digest count zero", e1 + 8, 4, 0, "0 digests, the Spec ID event declares 1" },
		{ "digest count two", e1 + 8, 4, 2, "2 digests" },
		{ "digest count huge", e1 + 8, 4, 0xffffffff, "4294967295 digests" },
		{ "undeclared algorithm", e1 + 12, 2, TPM_ALG_SHA256, "sha256, which the Spec ID event does not declare" },
		{ "event size huge", e1 + 62, 4, 0xffffffff, "EventSize 4294967295 runs past the end" },
		{ "event size past the end", e1 + 62, 4, 9000, "EventSize 9000 runs past the end" },
		{ "register index", e1, 4, 32, "register index 32 is out of range" },
		{ "register index -1", e1, 4, 0xfffffffe, "register index 4294967294" },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		uint8_t *b = malloc(sizeof(f.buf));

		memcpy(b, f.buf, sizeof(f.buf));
		if (c[i].width == 1)
			b[c[i].off] = (uint8_t)c[i].value;
		else if (c[i].width == 2)
			put16(b + c[i].off, (uint16_t)c[i].value);
		else
			put32(b + c[i].off, c[i].value);
		print_message("# corpus: %s\n", c[i].what);
		expect_fail(b, sizeof(f.buf), c[i].want);
		free(b);
	}

	/* Garbage after the last event that is not fill. */
	uint8_t *b = malloc(sizeof(f.buf));
	memcpy(b, f.buf, sizeof(f.buf));
	b[sizeof(f.buf) - 1] = 0xf0;
	expect_fail(b, sizeof(f.buf), "register index 4294967295");
	memcpy(b, f.buf, sizeof(f.buf));
	memset(b + f.used, 0, 100);                   /* zeros, then 0xff: neither */
	expect_fail(b, sizeof(f.buf), "0 digests");
	free(b);

	/* Two banks, the same algorithm twice in one event. */
	const uint16_t algs[] = { TPM_ALG_SHA256, TPM_ALG_SHA384 };
	struct evlog_writer w;
	assert_int_equal(evlog_writer_init(&w, algs, 2), 0);
	assert_int_equal(evlog_writer_add_hashed(&w, 1, EV_IPL, "x", 1), 0);
	size_t ev = 32 + 28 + 8 + 1;
	put16(w.buf + ev + 12 + 34, TPM_ALG_SHA256);
	expect_fail(w.buf, w.len, "algorithm sha256 appears twice");
	evlog_writer_free(&w);

	/* The Spec ID event declaring an algorithm twice. */
	const uint16_t dup[] = { TPM_ALG_SHA384, TPM_ALG_SHA384 };
	assert_int_equal(evlog_writer_init(&w, dup, 2), 0);
	expect_fail(w.buf, w.len, "sha384 is declared twice");
	evlog_writer_free(&w);

	/* Too short for anything. */
	expect_fail(f.buf, 10, "shorter than its 32-byte header event");
	expect_fail(f.buf, 0, "the log is 0 bytes");
}

/* Random mutations of valid logs: never a crash (ASan/UBSan watch), every
 * refusal with a reason, every acceptance consistent. */
static void test_mutations(void **state)
{
	(void)state;
	static struct fwlog f;
	uint8_t *b = malloc(sizeof(f.buf));
	unsigned accepted = 0, refused = 0;

	unit_seed("test_attest_evlog mutations");
	make_fwlog(&f, 0xff);
	for (unsigned it = 0; it < 20000; it++) {
		struct tcg_log l;
		struct evlog_replay rp;
		char msg[EVLOG_MSG_LEN] = "";
		size_t n = f.used + 64;

		memcpy(b, f.buf, sizeof(f.buf));
		for (unsigned k = 1 + (unsigned)unit_rand_below(4); k; k--) {
			size_t off = n ? unit_rand_below(n) : 0;

			switch (unit_rand_below(4)) {
			case 0: b[off] ^= (uint8_t)(1u << unit_rand_below(8)); break;
			case 1: b[off] = (uint8_t)unit_rand64(); break;
			case 2: if (off + 4 <= n) put32(b + off, (uint32_t)unit_rand64()); break;
			case 3: n = off; break;
			}
		}
		if (evlog_parse(&l, b, n, msg, sizeof(msg)) == 0) {
			accepted++;
			assert_true(l.end <= n);
			for (unsigned i = 0; i < l.nevents; i++) {
				struct evlog_decoded d;

				assert_true(l.ev[i].offset + l.ev[i].size <= n);
				evlog_decode(&l.ev[i], &d);
			}
			for (unsigned bk = 0; bk < l.nbanks; bk++)
				(void)evlog_replay(&l, bk, &rp, msg, sizeof(msg));
		} else {
			refused++;
			assert_true(msg[0] != 0);
		}
		evlog_free(&l);
	}
	print_message("# mutations: %u accepted, %u refused\n", accepted, refused);
	assert_true(refused > 1000);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_firmware_log),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_multibank_and_unknown_alg),
		cmocka_unit_test(test_locality),
		cmocka_unit_test(test_real_boot),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
