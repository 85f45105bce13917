/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_eventlog.c - fw/eventlog.c: the Spec ID event field by
 * field (TCG PC Client Platform Firmware Profile, section 10.4.5.1
 * TCG_EfiSpecIDEvent inside a TCG_PCClientPCREvent), TCG_PCR_EVENT2
 * layout, the replay against an independent OpenSSL SHA-384 chain, the
 * full-buffer behaviour, and a cross-check with tpm2-tools' tpm2_eventlog;
 * the same for a two-bank log (SHA-256 + SHA-384, the TPM path): the Spec
 * ID's algorithm list, both digests per event in ascending algorithm
 * order, both replays.
 */
#include "unit_util.h"
#include <openssl/evp.h>
#include <sys/wait.h>
#include <unistd.h>
#include "eventlog.h"

static void ossl_sha384(const void *p, size_t n, uint8_t out[48])
{
	unsigned olen = 0;
	assert_int_equal(EVP_Digest(p, n, out, &olen, EVP_sha384(), NULL), 1);
	assert_int_equal(olen, 48);
}

/* MR := SHA-384(MR || digest) */
static void ossl_extend(uint8_t mr[48], const uint8_t d[48])
{
	uint8_t cat[96];
	memcpy(cat, mr, 48);
	memcpy(cat + 48, d, 48);
	ossl_sha384(cat, 96, mr);
}

static void ossl_sha256(const void *p, size_t n, uint8_t out[32])
{
	unsigned olen = 0;
	assert_int_equal(EVP_Digest(p, n, out, &olen, EVP_sha256(), NULL), 1);
	assert_int_equal(olen, 32);
}

static void ossl_extend256(uint8_t mr[32], const uint8_t d[32])
{
	uint8_t cat[64];
	memcpy(cat, mr, 32);
	memcpy(cat + 32, d, 32);
	ossl_sha256(cat, 64, mr);
}

static int all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

static void test_specid_event(void **state)
{
	(void)state;
	enum { CAP = 4096 };
	uint8_t *buf = malloc(CAP);
	assert_non_null(buf);
	memset(buf, 0x00, CAP);
	struct evlog l;
	assert_int_equal(evlog_init(&l, buf, CAP), 0);

	/* TCG_PCClientPCREvent header (SHA-1 layout) */
	assert_int_equal(unit_le32(buf + 0), 0);         /* PCRIndex */
	assert_int_equal(unit_le32(buf + 4), 0x00000003); /* EventType: EV_NO_ACTION */
	assert_true(all_bytes(buf + 8, 20, 0));          /* SHA-1 digest: zero */
	assert_int_equal(unit_le32(buf + 28), 33);        /* EventSize */
	/* TCG_EfiSpecIDEvent */
	static const uint8_t sig[16] = { 'S', 'p', 'e', 'c', ' ', 'I', 'D', ' ',
					 'E', 'v', 'e', 'n', 't', '0', '3', 0 };
	assert_memory_equal(buf + 32, sig, 16);
	assert_int_equal(unit_le32(buf + 48), 0);         /* platformClass: client */
	assert_int_equal(buf[52], 0);                     /* specVersionMinor */
	assert_int_equal(buf[53], 2);                     /* specVersionMajor */
	assert_int_equal(buf[54], 0);                     /* specErrata */
	assert_int_equal(buf[55], 2);                     /* uintnSize: UINT64 */
	assert_int_equal(unit_le32(buf + 56), 1);         /* numberOfAlgorithms */
	assert_int_equal(unit_le16(buf + 60), 0x000C);    /* TPM_ALG_SHA384 */
	assert_int_equal(unit_le16(buf + 62), 48);        /* digestSize */
	assert_int_equal(buf[64], 0);                     /* vendorInfoSize */
	assert_int_equal(evlog_specid_size(), 65);
	assert_int_equal(l.used, 65);
	assert_int_equal(l.events, 0);
	assert_int_equal(l.mr_used, 0);
	assert_ptr_equal(l.base, buf);
	assert_int_equal(l.cap, CAP);
	/* the rest of the buffer is erased to 0xff */
	assert_true(all_bytes(buf + 65, CAP - 65, 0xff));
	/* replay starts from zero */
	assert_true(all_bytes(&l.replay[0][0], sizeof(l.replay), 0));
	free(buf);
}

static void test_init_too_small(void **state)
{
	(void)state;
	uint8_t buf[80];
	struct evlog l;
	memset(buf, 0x11, sizeof(buf));
	assert_int_equal(evlog_init(&l, buf, 64), -1);
	assert_true(all_bytes(buf, sizeof(buf), 0x11)); /* nothing written */
	uint8_t d[48] = { 0 };
	assert_int_equal(evlog_append(&l, 1, 0xd, d, "x", 1), -1); /* no base */
	assert_true(all_bytes(buf, sizeof(buf), 0x11));
	/* exactly the Spec ID event fits; then no event does */
	assert_int_equal(evlog_init(&l, buf, 65), 0);
	assert_int_equal(buf[65], 0x11);
	assert_int_equal(evlog_append(&l, 1, 0xd, d, "", 0), -1);
	assert_true(all_bytes(buf + 65, sizeof(buf) - 65, 0x11));
}

static void test_event2_layout(void **state)
{
	(void)state;
	enum { CAP = 1024 };
	uint8_t *buf = malloc(CAP);
	struct evlog l;
	assert_int_equal(evlog_init(&l, buf, CAP), 0);
	uint8_t d[48];
	for (int i = 0; i < 48; i++)
		d[i] = (uint8_t)(0xa0 + i);
	static const char data[] = "tetd:kernel";
	assert_int_equal(evlog_append(&l, 2, 0x0000000D, d, data, 11), 0);
	const uint8_t *e = buf + 65;
	assert_int_equal(unit_le32(e + 0), 2);          /* PCRIndex */
	assert_int_equal(unit_le32(e + 4), 0x0000000D); /* EventType EV_IPL */
	assert_int_equal(unit_le32(e + 8), 1);          /* TPML_DIGEST_VALUES.count */
	assert_int_equal(unit_le16(e + 12), 0x000C);    /* hashAlg SHA-384 */
	assert_memory_equal(e + 14, d, 48);             /* digest */
	assert_int_equal(unit_le32(e + 62), 11);        /* EventSize */
	assert_memory_equal(e + 66, data, 11);          /* Event */
	assert_int_equal(l.used, 65 + 66 + 11);
	assert_int_equal(l.events, 1);
	assert_int_equal(l.mr_used, 1u << 2);
	assert_true(all_bytes(buf + l.used, CAP - l.used, 0xff));

	/* an event without data follows immediately */
	size_t at = l.used;
	assert_int_equal(evlog_append(&l, 7, 0x80000001, d, "", 0), 0);
	assert_int_equal(unit_le32(buf + at), 7);
	assert_int_equal(unit_le32(buf + at + 4), 0x80000001);
	assert_int_equal(unit_le32(buf + at + 62), 0);
	assert_int_equal(l.used, at + 66);
	assert_int_equal(l.mr_used, (1u << 2) | (1u << 7));
	assert_int_equal(buf[l.used], 0xff);

	/* out-of-range register: refused, nothing written */
	size_t used = l.used;
	assert_int_equal(evlog_append(&l, EVLOG_MAX_MR, 0xd, d, "", 0), -1);
	assert_int_equal(evlog_append(&l, 0xffffffffu, 0xd, d, "", 0), -1);
	assert_int_equal(l.used, used);
	assert_int_equal(l.events, 2);
	assert_true(all_bytes(buf + used, CAP - used, 0xff));
	free(buf);
}

static void test_replay_matches_openssl(void **state)
{
	(void)state;
	enum { CAP = 64 * 1024 };
	uint8_t *buf = malloc(CAP);
	struct evlog l;
	assert_int_equal(evlog_init(&l, buf, CAP), 0);
	uint8_t want[EVLOG_MAX_MR][48];
	memset(want, 0, sizeof(want));
	uint32_t used_mask = 0;
	for (int i = 0; i < 200; i++) {
		uint32_t mr = (uint32_t)unit_rand_below(EVLOG_MAX_MR);
		uint32_t type = unit_rand_below(5) == 0 ? 0x3 /* EV_NO_ACTION */ : 0xd;
		uint8_t data[64], d[48];
		uint32_t len = (uint32_t)unit_rand_below(sizeof(data));
		unit_rand_fill(data, len);
		ossl_sha384(data, len, d);
		assert_int_equal(evlog_append(&l, mr, type, d, data, len), 0);
		if (type != 0x3) { /* EV_NO_ACTION is logged, never extended */
			ossl_extend(want[mr], d);
			used_mask |= 1u << mr;
		}
	}
	assert_int_equal(l.events, 200);
	assert_int_equal(l.mr_used, used_mask);
	for (int mr = 0; mr < EVLOG_MAX_MR; mr++)
		assert_memory_equal(l.replay[mr], want[mr], 48);

	/* and the log itself replays to the same values (parse it back) */
	uint8_t again[EVLOG_MAX_MR][48];
	memset(again, 0, sizeof(again));
	size_t off = 65;
	unsigned n = 0;
	while (off < l.used) {
		uint32_t mr = unit_le32(buf + off), type = unit_le32(buf + off + 4);
		assert_int_equal(unit_le32(buf + off + 8), 1);
		assert_int_equal(unit_le16(buf + off + 12), 0x000C);
		if (type != 0x3)
			ossl_extend(again[mr], buf + off + 14);
		off += 66 + unit_le32(buf + off + 62);
		n++;
	}
	assert_int_equal(off, l.used);
	assert_int_equal(n, 200);
	assert_memory_equal(again, want, sizeof(want));
	free(buf);
}

static void test_buffer_full(void **state)
{
	(void)state;
	/* room for the Spec ID event and exactly two 10-byte events (76 each) */
	enum { CAP = 65 + 2 * 76, GUARD = 256 };
	uint8_t *mem = malloc(CAP + GUARD);
	memset(mem, 0x5a, CAP + GUARD);
	struct evlog l;
	assert_int_equal(evlog_init(&l, mem, CAP), 0);
	assert_true(all_bytes(mem + CAP, GUARD, 0x5a)); /* erase stops at cap */
	uint8_t d[48];
	memset(d, 0x42, sizeof(d));
	assert_int_equal(evlog_append(&l, 1, 0xd, d, "0123456789", 10), 0);
	/* one byte too many */
	assert_int_equal(evlog_append(&l, 1, 0xd, d, "0123456789A", 11), -1);
	assert_int_equal(l.used, 65 + 76);
	assert_true(all_bytes(mem + l.used, CAP - l.used, 0xff));
	uint8_t replay1[48];
	memcpy(replay1, l.replay[1], 48);
	/* exactly filling the buffer is fine */
	assert_int_equal(evlog_append(&l, 1, 0xd, d, "0123456789", 10), 0);
	assert_int_equal(l.used, CAP);
	/* now nothing fits, not even an empty event; a failed append does
	 * not touch the replay either */
	memcpy(replay1, l.replay[1], 48);
	assert_int_equal(evlog_append(&l, 1, 0xd, d, "", 0), -1);
	assert_int_equal(evlog_append(&l, 1, 0xd, d, mem, 0xffffffffu), -1);
	assert_int_equal(evlog_append(&l, 1, 0xd, d, mem, 0xffffffbeu), -1);
	assert_int_equal(l.used, CAP);
	assert_int_equal(l.events, 2);
	assert_memory_equal(l.replay[1], replay1, 48);
	assert_true(all_bytes(mem + CAP, GUARD, 0x5a));
	free(mem);
}

/* ---- tpm2_eventlog cross-check ---- */

static const char *find_tool(void)
{
	static const char *const paths[] = { "/usr/bin/tpm2_eventlog", "/usr/local/bin/tpm2_eventlog" };
	for (unsigned i = 0; i < 2; i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

static void test_tpm2_eventlog(void **state)
{
	(void)state;
	const char *tool = find_tool();
	if (!tool) {
		unit_skip("tpm2_eventlog not installed (Debian package tpm2-tools)");
	}
	enum { CAP = 4096 };
	uint8_t *buf = malloc(CAP);
	struct evlog l;
	assert_int_equal(evlog_init(&l, buf, CAP), 0);
	static const char *const ev[3] = { "tetd:kernel", "tetd:initrd", "tetd:cmdline" };
	static const uint32_t mr[3] = { 1, 2, 2 };
	uint8_t d[3][48];
	char hex[3][97];
	for (int i = 0; i < 3; i++) {
		uint8_t content[32];
		unit_rand_fill(content, sizeof(content));
		ossl_sha384(content, sizeof(content), d[i]);
		unit_hex(d[i], 48, hex[i]);
		assert_int_equal(evlog_append(&l, mr[i], 0xd, d[i], ev[i], (uint32_t)strlen(ev[i])), 0);
	}
	char path[] = "/tmp/tetd-evlog-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	/* the log as a CCEL consumer reads it: the used part */
	assert_int_equal(write(fd, buf, l.used), (ssize_t)l.used);
	close(fd);

	char cmd[256], out[65536];
	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", tool, path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	int st = pclose(p);
	unlink(path);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("tpm2_eventlog failed (status 0x%x):\n%s", st, out);
	for (int i = 0; i < 3; i++)
		assert_strstr(out, hex[i]);
	assert_strstr(out, "EV_NO_ACTION");
	assert_strstr(out, "Spec ID Event03");
	assert_strstr(out, "sha384");
	/* its own replay of PCRs 1 and 2 equals ours */
	char r1[97], r2[97];
	unit_hex(l.replay[1], 48, r1);
	unit_hex(l.replay[2], 48, r2);
	assert_strstr(out, r1);
	assert_strstr(out, r2);
	free(buf);
}

/* ---- two banks: SHA-256 and SHA-384 (the TPM path) ---- */

#define BOTH (EVLOG_BANK_SHA256 | EVLOG_BANK_SHA384)

static void test_two_banks_specid(void **state)
{
	(void)state;
	enum { CAP = 512 };
	uint8_t buf[CAP];
	struct evlog l;
	assert_int_equal(evlog_init_banks(&l, buf, CAP, BOTH), 0);
	assert_int_equal(unit_le32(buf + 4), 0x00000003);
	assert_int_equal(unit_le32(buf + 28), 37);     /* EventSize: 33 + one more algorithm */
	assert_int_equal(unit_le32(buf + 56), 2);      /* numberOfAlgorithms */
	assert_int_equal(unit_le16(buf + 60), 0x000B); /* SHA-256 first (ascending id) */
	assert_int_equal(unit_le16(buf + 62), 32);
	assert_int_equal(unit_le16(buf + 64), 0x000C);
	assert_int_equal(unit_le16(buf + 66), 48);
	assert_int_equal(buf[68], 0);                  /* vendorInfoSize */
	assert_int_equal(l.used, 69);
	assert_int_equal(l.banks, BOTH);
	assert_true(all_bytes(buf + 69, CAP - 69, 0xff));
	/* SHA-384 is never left out; unknown banks are refused */
	assert_int_equal(evlog_init_banks(&l, buf, CAP, EVLOG_BANK_SHA256), -1);
	assert_int_equal(evlog_init_banks(&l, buf, CAP, BOTH | 4u), -1);
	assert_int_equal(evlog_init_banks(&l, buf, 68, BOTH), -1);
	assert_int_equal(evlog_init_banks(&l, buf, 69, BOTH), 0);
}

static void test_two_banks_event(void **state)
{
	(void)state;
	enum { CAP = 1024 };
	uint8_t buf[CAP], d384[48], d256[32];
	struct evlog l;
	for (int i = 0; i < 48; i++)
		d384[i] = (uint8_t)(0xa0 + i);
	for (int i = 0; i < 32; i++)
		d256[i] = (uint8_t)(0x10 + i);
	assert_int_equal(evlog_init_banks(&l, buf, CAP, BOTH), 0);
	/* a log with the SHA-256 bank needs that digest */
	assert_int_equal(evlog_append(&l, 9, 0xd, d384, "x", 1), -1);
	assert_int_equal(evlog_append2(&l, 9, 0xd, d384, NULL, "x", 1), -1);
	assert_int_equal(l.used, 69);
	assert_int_equal(evlog_append2(&l, 9, 0xd, d384, d256, "tetd:kernel", 11), 0);
	const uint8_t *e = buf + 69;
	assert_int_equal(unit_le32(e + 0), 9);
	assert_int_equal(unit_le32(e + 4), 0xd);
	assert_int_equal(unit_le32(e + 8), 2);         /* digests.count */
	assert_int_equal(unit_le16(e + 12), 0x000B);
	assert_memory_equal(e + 14, d256, 32);
	assert_int_equal(unit_le16(e + 46), 0x000C);
	assert_memory_equal(e + 48, d384, 48);
	assert_int_equal(unit_le32(e + 96), 11);
	assert_memory_equal(e + 100, "tetd:kernel", 11);
	assert_int_equal(l.used, 69 + 100 + 11);
	assert_true(all_bytes(buf + l.used, CAP - l.used, 0xff));
	/* a SHA-384-only log ignores a SHA-256 digest it is given */
	assert_int_equal(evlog_init(&l, buf, CAP), 0);
	assert_int_equal(evlog_append2(&l, 9, 0xd, d384, d256, "", 0), 0);
	assert_int_equal(unit_le32(buf + 65 + 8), 1);
	assert_int_equal(l.used, 65 + 66);
}

static void test_two_banks_replay(void **state)
{
	(void)state;
	enum { CAP = 64 * 1024 };
	uint8_t *buf = malloc(CAP);
	struct evlog l;
	assert_int_equal(evlog_init_banks(&l, buf, CAP, BOTH), 0);
	uint8_t want384[EVLOG_MAX_MR][48], want256[EVLOG_MAX_MR][32];
	memset(want384, 0, sizeof(want384));
	memset(want256, 0, sizeof(want256));
	for (int i = 0; i < 200; i++) {
		uint32_t mr = (uint32_t)unit_rand_below(EVLOG_MAX_MR);
		uint32_t type = unit_rand_below(5) == 0 ? 0x3 : 0xd;
		uint8_t data[64], d384[48], d256[32];
		uint32_t len = (uint32_t)unit_rand_below(sizeof(data));
		unit_rand_fill(data, len);
		ossl_sha384(data, len, d384);
		ossl_sha256(data, len, d256);
		assert_int_equal(evlog_append2(&l, mr, type, d384, d256, data, len), 0);
		if (type != 0x3) {
			ossl_extend(want384[mr], d384);
			ossl_extend256(want256[mr], d256);
		}
	}
	for (int mr = 0; mr < EVLOG_MAX_MR; mr++) {
		assert_memory_equal(l.replay[mr], want384[mr], 48);
		assert_memory_equal(l.replay256[mr], want256[mr], 32);
	}
	/* parse it back: both digests of every event */
	uint8_t again256[EVLOG_MAX_MR][32];
	memset(again256, 0, sizeof(again256));
	size_t off = 69;
	while (off < l.used) {
		uint32_t mr = unit_le32(buf + off), type = unit_le32(buf + off + 4);
		assert_int_equal(unit_le32(buf + off + 8), 2);
		if (type != 0x3)
			ossl_extend256(again256[mr], buf + off + 14);
		off += 100 + unit_le32(buf + off + 96);
	}
	assert_int_equal(off, l.used);
	assert_memory_equal(again256, want256, sizeof(want256));
	free(buf);
}

static void test_two_banks_tpm2_eventlog(void **state)
{
	(void)state;
	const char *tool = find_tool();
	if (!tool) {
		unit_skip("tpm2_eventlog not installed (Debian package tpm2-tools)");
	}
	enum { CAP = 4096 };
	uint8_t *buf = malloc(CAP);
	struct evlog l;
	assert_int_equal(evlog_init_banks(&l, buf, CAP, BOTH), 0);
	static const char *const ev[3] = { "tetd:kernel", "tetd:initrd", "console=ttyS0" };
	static const uint32_t pcr[3] = { 9, 9, 2 };
	for (int i = 0; i < 3; i++) {
		uint8_t d384[48], d256[32];
		ossl_sha384(ev[i], strlen(ev[i]), d384);
		ossl_sha256(ev[i], strlen(ev[i]), d256);
		assert_int_equal(evlog_append2(&l, pcr[i], 0xd, d384, d256, ev[i], (uint32_t)strlen(ev[i])), 0);
	}
	char path[] = "/tmp/tetd-evlog2-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, l.used), (ssize_t)l.used);
	close(fd);
	char cmd[256], out[65536];
	snprintf(cmd, sizeof(cmd), "%s %s 2>/dev/null", tool, path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	int st = pclose(p);
	unlink(path);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("tpm2_eventlog failed (status 0x%x):\n%s", st, out);
	assert_strstr(out, "numberOfAlgorithms: 2");
	/* its replay of both banks equals ours */
	for (unsigned k = 0; k < 2; k++) {
		unsigned r = k ? 2 : 9;
		char h256[65], h384[97];
		unit_hex(l.replay256[r], 32, h256);
		unit_hex(l.replay[r], 48, h384);
		assert_strstr(out, h256);
		assert_strstr(out, h384);
	}
	free(buf);
}

int main(void)
{
	unit_seed("test_eventlog");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_specid_event),
		cmocka_unit_test(test_init_too_small),
		cmocka_unit_test(test_event2_layout),
		cmocka_unit_test(test_replay_matches_openssl),
		cmocka_unit_test(test_buffer_full),
		cmocka_unit_test(test_tpm2_eventlog),
		cmocka_unit_test(test_two_banks_specid),
		cmocka_unit_test(test_two_banks_event),
		cmocka_unit_test(test_two_banks_replay),
		cmocka_unit_test(test_two_banks_tpm2_eventlog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
