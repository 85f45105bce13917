/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_agent_vol.c - tetdg-early/agent_vol.c. A volume built
 * from the three agents opens and lists them with OpenSSL-checked SHA-384s;
 * the build's own volume.bin (tools/tetd-agent) is that same volume byte
 * for byte. Header and table defects reject the volume with the expected
 * reason; entry defects (re-signed so the table checksum holds) reject only
 * that entry while the others stay valid; an erased CFV reads as "no
 * agents"; truncation and random damage never crash.
 */
#include "unit_util.h"
#include <openssl/evp.h>
#include "agent_vol.h"

#define HDR sizeof(struct tetd_avol_header)
#define ENT sizeof(struct tetd_avol_entry)

static const char *const names[3] = { "echo", "kintegrity", "keyvault" };
static uint8_t *elf[3];
static uint32_t elf_len[3];
static uint8_t *vol; /* TETD_CFV_SIZE bytes, 0xFF past the volume */
static size_t vol_len;

static int setup(void **state)
{
	(void)state;
	char file[64], err[256];
	for (int i = 0; i < 3; i++) {
		size_t n;
		snprintf(file, sizeof(file), "%s.elf", names[i]);
		elf[i] = unit_read_agent(file, &n);
		elf_len[i] = (uint32_t)n;
	}
	vol = malloc(0x100000);
	memset(vol, 0xff, 0x100000);
	vol_len = agent_vol_build(vol, 0x100000, 3, (const void *const *)elf, elf_len, names, err,
				  sizeof(err));
	if (!vol_len)
		fail_msg("agent_vol_build: %s", err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++)
		free(elf[i]);
	free(vol);
	return 0;
}

static struct tetd_avol_header *hdr(uint8_t *v) { return (struct tetd_avol_header *)v; }
static struct tetd_avol_entry *ent(uint8_t *v, int i) { return (struct tetd_avol_entry *)(v + HDR + ENT * i); }

static void resign(uint8_t *v)
{
	agent_vol_table_digest(v, hdr(v)->count, hdr(v)->table_sha256);
}

static void test_good(void **state)
{
	(void)state;
	struct agent_vol v;
	char err[256];
	assert_int_equal(agent_vol_open(&v, vol, 0x100000, err, sizeof(err)), AGENT_VOL_OK);
	assert_int_equal(v.hdr.count, 3);
	assert_int_equal(v.hdr.total_size, vol_len);
	uint64_t prev_end = HDR + 3 * ENT;
	for (uint32_t i = 0; i < 3; i++) {
		struct agent_vol_entry e;
		uint8_t md[48];
		unsigned mdlen;
		if (agent_vol_entry(&v, i, &e, err, sizeof(err)))
			fail_msg("entry %u: %s", i, err);
		assert_string_equal(e.name, names[i]);
		assert_int_equal(e.size, elf_len[i]);
		assert_int_equal(e.offset % 8, 0);
		assert_true(e.offset >= prev_end && e.offset - prev_end < 8);
		prev_end = e.offset + e.size;
		assert_memory_equal(e.elf, elf[i], elf_len[i]);
		assert_int_equal(EVP_Digest(elf[i], elf_len[i], md, &mdlen, EVP_sha384(), NULL), 1);
		assert_memory_equal(e.sha384, md, 48);
	}
	assert_int_equal(prev_end, vol_len);
	assert_int_equal(agent_vol_entry(&v, 3, &(struct agent_vol_entry){ 0 }, err, sizeof(err)), -1);
	assert_strstr(err, "entry 3 does not exist");

	/* exactly the length it declares is enough; one byte less is not */
	assert_int_equal(agent_vol_open(&v, vol, vol_len, err, sizeof(err)), AGENT_VOL_OK);
	assert_int_equal(agent_vol_open(&v, vol, vol_len - 1, err, sizeof(err)), AGENT_VOL_BAD);
	assert_strstr(err, "exceeds the");

	/* an empty volume is valid */
	uint8_t small[HDR];
	assert_int_equal(agent_vol_build(small, sizeof(small), 0, NULL, NULL, NULL, err, sizeof(err)), HDR);
	assert_int_equal(agent_vol_open(&v, small, sizeof(small), err, sizeof(err)), AGENT_VOL_OK);
	assert_int_equal(v.hdr.count, 0);
}

/* The build's volume.bin is what agent_vol_build makes from the ELFs that
 * image/agents.conf lists, in its order. */
static void test_build_output(void **state)
{
	(void)state;
	char line[128], file[64], err[256];
	const char *names_conf[TETD_AVOL_MAX_AGENTS];
	static char name_buf[TETD_AVOL_MAX_AGENTS][TETD_AGENT_NAME_LEN];
	uint8_t *elfs[TETD_AVOL_MAX_AGENTS];
	uint32_t lens[TETD_AVOL_MAX_AGENTS];
	uint32_t n = 0;
	FILE *f = fopen(UNIT_AGENTS_CONF, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) && n < TETD_AVOL_MAX_AGENTS) {
		char *h = strchr(line, '#');
		if (h)
			*h = 0;
		if (sscanf(line, "%31s", name_buf[n]) != 1)
			continue;
		size_t len;
		snprintf(file, sizeof(file), "%s.elf", name_buf[n]);
		elfs[n] = unit_read_agent(file, &len);
		lens[n] = (uint32_t)len;
		names_conf[n] = name_buf[n];
		n++;
	}
	fclose(f);
	assert_true(n > 0);
	uint8_t *want = malloc(0x100000);
	size_t want_len = agent_vol_build(want, 0x100000, n, (const void *const *)elfs, lens,
					  names_conf, err, sizeof(err));
	assert_true(want_len > 0);
	size_t got_len;
	uint8_t *b = unit_read_agent("volume.bin", &got_len);
	assert_int_equal(got_len, want_len);
	assert_memory_equal(b, want, want_len);
	free(b);
	free(want);
	for (uint32_t i = 0; i < n; i++)
		free(elfs[i]);
}

static void test_erased(void **state)
{
	(void)state;
	struct agent_vol v;
	char err[128];
	uint8_t ff[4096];
	memset(ff, 0xff, sizeof(ff));
	assert_int_equal(agent_vol_open(&v, ff, sizeof(ff), err, sizeof(err)), AGENT_VOL_ERASED);
	assert_strstr(err, "erased flash");
	assert_int_equal(agent_vol_open(&v, ff, 8, err, sizeof(err)), AGENT_VOL_ERASED);
	assert_int_equal(agent_vol_open(&v, ff, 7, err, sizeof(err)), AGENT_VOL_BAD);
	assert_strstr(err, "too short");
	memset(ff, 0, sizeof(ff));
	assert_int_equal(agent_vol_open(&v, ff, sizeof(ff), err, sizeof(err)), AGENT_VOL_BAD);
	assert_strstr(err, "bad volume magic");
}

typedef void (*vmut)(uint8_t *v);
#define VM(name) static void name(uint8_t *v)
VM(h_magic) { v[7] = 'X'; }
VM(h_version) { hdr(v)->version = 2; resign(v); }
VM(h_hsize) { hdr(v)->header_size = 48; resign(v); }
VM(h_esize) { hdr(v)->entry_size = 100; resign(v); }
VM(h_count) { hdr(v)->count = 17; }
VM(h_flags) { hdr(v)->flags = 4; resign(v); }
VM(h_total_small) { hdr(v)->total_size = HDR + ENT; resign(v); }
VM(h_total_big) { hdr(v)->total_size = 0x100001; resign(v); }
VM(h_checksum) { ent(v, 1)->size ^= 1; }
VM(h_digest) { hdr(v)->table_sha256[5] ^= 0x40; }

static void test_header_defects(void **state)
{
	(void)state;
	static const struct {
		const char *what;
		vmut fn;
		const char *expect;
	} cases[] = {
		{ "magic", h_magic, "bad volume magic" },
		{ "version", h_version, "volume version 2, expected 1" },
		{ "header size", h_hsize, "volume header size 48, expected 64" },
		{ "entry size", h_esize, "volume entry size 100, expected 96" },
		{ "count", h_count, "volume lists 17 agents, at most 16" },
		{ "flags", h_flags, "volume flags 0x4" },
		{ "total small", h_total_small, "smaller than its header and table" },
		{ "total big", h_total_big, "volume total size 0x100001 exceeds the 0x100000 bytes" },
		{ "table changed", h_checksum, "checksum mismatch" },
		{ "digest changed", h_digest, "checksum mismatch" },
	};
	uint8_t *v = malloc(0x100000);
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct agent_vol av;
		char err[256];
		memcpy(v, vol, 0x100000);
		cases[i].fn(v);
		if (agent_vol_open(&av, v, 0x100000, err, sizeof(err)) != AGENT_VOL_BAD)
			fail_msg("case '%s': accepted", cases[i].what);
		if (!strstr(err, cases[i].expect))
			fail_msg("case '%s': \"%s\" does not contain \"%s\"", cases[i].what, err,
				 cases[i].expect);
	}
	free(v);
}

VM(e_blob) { v[ent(v, 1)->offset + 100] ^= 1; }
VM(e_unaligned) { ent(v, 1)->offset += 4; resign(v); }
VM(e_in_table) { ent(v, 1)->offset = HDR + 8; resign(v); }
VM(e_past_end) { ent(v, 1)->size = 0xfffffff0; resign(v); }
VM(e_empty) { ent(v, 1)->size = 0; resign(v); }
VM(e_overlap) { ent(v, 1)->offset = ent(v, 0)->offset + 8; resign(v); }
VM(e_dup_name) { memset(ent(v, 1)->name, 0, 32); memcpy(ent(v, 1)->name, "echo", 4); resign(v); }
VM(e_bad_name) { ent(v, 1)->name[0] = 'K'; resign(v); }
VM(e_unterminated) { memset(ent(v, 1)->name, 'k', 32); resign(v); }
VM(e_reserved) { ent(v, 1)->reserved[7] = 1; resign(v); }
VM(e_digest) { ent(v, 1)->sha384[0] ^= 1; resign(v); }

static void test_entry_defects(void **state)
{
	(void)state;
	static const struct {
		const char *what;
		vmut fn;
		const char *expect;
		int also_bad; /* another entry that must fail too (-1: none) */
	} cases[] = {
		{ "corrupt ELF", e_blob, "entry 1 (kintegrity): SHA-384 mismatch", -1 },
		{ "unaligned", e_unaligned, "is not 8-byte aligned", -1 },
		{ "in the table", e_in_table, "lies in the header or entry table", -1 },
		{ "past the end", e_past_end, "extends past the volume end", -1 },
		{ "empty", e_empty, "entry 1 (kintegrity): empty", -1 },
		{ "overlap", e_overlap, "entry 1 (kintegrity): overlaps entry 0", 0 },
		{ "duplicate name", e_dup_name, "entry 1 (echo): duplicate name (entry 0)", -1 },
		{ "bad name", e_bad_name, "entry 1 name has invalid byte 0x4b at 0", -1 },
		{ "unterminated", e_unterminated, "entry 1 name is not NUL-terminated", -1 },
		{ "reserved", e_reserved, "reserved bytes are not zero", -1 },
		{ "stored digest", e_digest, "SHA-384 mismatch", -1 },
	};
	uint8_t *v = malloc(0x100000);
	for (unsigned c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct agent_vol av;
		char err[256];
		memcpy(v, vol, 0x100000);
		cases[c].fn(v);
		if (agent_vol_open(&av, v, 0x100000, err, sizeof(err)) != AGENT_VOL_OK)
			fail_msg("case '%s': volume rejected: %s", cases[c].what, err);
		for (uint32_t i = 0; i < 3; i++) {
			struct agent_vol_entry e;
			int r = agent_vol_entry(&av, i, &e, err, sizeof(err));
			if (i == 1) {
				if (r != -1)
					fail_msg("case '%s': entry 1 accepted", cases[c].what);
				if (!strstr(err, cases[c].expect))
					fail_msg("case '%s': \"%s\" does not contain \"%s\"", cases[c].what, err,
						 cases[c].expect);
			} else if ((int)i == cases[c].also_bad) {
				assert_int_equal(r, -1);
			} else if (r != 0) {
				fail_msg("case '%s': entry %u should still load: %s", cases[c].what, i, err);
			}
		}
	}
	free(v);
}

static void test_build_errors(void **state)
{
	(void)state;
	char err[256];
	uint8_t *out = malloc(0x100000);
	const void *e17[17];
	uint32_t s17[17];
	const char *n17[17];
	for (int i = 0; i < 17; i++)
		e17[i] = elf[0], s17[i] = elf_len[0], n17[i] = "echo";
	assert_int_equal(agent_vol_build(out, 0x100000, 17, e17, s17, n17, err, sizeof(err)), 0);
	assert_strstr(err, "17 agents, a volume holds at most 16");
	assert_int_equal(agent_vol_build(out, 1000, 3, (const void *const *)elf, elf_len, names, err,
					 sizeof(err)), 0);
	assert_strstr(err, "room for 1000");
	const char *bad[3] = { "echo", "Bad", "keyvault" };
	assert_int_equal(agent_vol_build(out, 0x100000, 3, (const void *const *)elf, elf_len, bad, err,
					 sizeof(err)), 0);
	assert_strstr(err, "agent 1 name has invalid byte 0x42 at 0");
	const char *longn[1] = { "abcdefghijklmnopqrstuvwxyz0123456" };
	assert_int_equal(agent_vol_build(out, 0x100000, 1, (const void *const *)elf, elf_len, longn, err,
					 sizeof(err)), 0);
	assert_strstr(err, "name longer than 31");
	uint32_t zero[1] = { 0 };
	assert_int_equal(agent_vol_build(out, 0x100000, 1, (const void *const *)elf, zero, names, err,
					 sizeof(err)), 0);
	assert_strstr(err, "empty file");
	free(out);
}

static void fuzz_one(const uint8_t *v, size_t len)
{
	struct agent_vol av;
	char err[128];
	if (agent_vol_open(&av, v, len, err, sizeof(err)) != AGENT_VOL_OK)
		return;
	assert_true(av.hdr.total_size <= len);
	for (uint32_t i = 0; i < av.hdr.count; i++) {
		struct agent_vol_entry e;
		if (agent_vol_entry(&av, i, &e, err, sizeof(err)) == 0) {
			assert_true(e.elf >= v && e.elf + e.size <= v + av.hdr.total_size);
			assert_true(e.name[0] != '\0');
		}
	}
}

static void test_truncation_and_damage(void **state)
{
	(void)state;
	unit_seed("agent_vol damage");
	for (size_t len = 0; len <= vol_len; len += (len < 2048 ? 1 : 509)) {
		uint8_t *b = malloc(len ? len : 1);
		memcpy(b, vol, len);
		fuzz_one(b, len);
		free(b);
	}
	uint8_t *v = malloc(vol_len);
	for (int it = 0; it < 3000; it++) {
		memcpy(v, vol, vol_len);
		int n = 1 + (int)unit_rand_below(4);
		for (int k = 0; k < n; k++)
			v[unit_rand_below(HDR + 3 * ENT)] ^= (uint8_t)(1 + unit_rand_below(255));
		if (unit_rand_below(2) && hdr(v)->count <= TETD_AVOL_MAX_AGENTS)
			resign(v); /* get past the checksum to the entry checks */
		fuzz_one(v, vol_len);
	}
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_build_output),
		cmocka_unit_test(test_erased),
		cmocka_unit_test(test_header_defects),
		cmocka_unit_test(test_entry_defects),
		cmocka_unit_test(test_build_errors),
		cmocka_unit_test(test_truncation_and_damage),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
