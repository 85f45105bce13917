// SPDX-License-Identifier: MIT
/*
 * tests/unit/test_tetdg_table.c - the tetdg driver's TETD table validator
 * (tetdg/tetdg_table.c, the same file the kernel module builds), on the
 * host: every table the firmware's builder (tetdg-early/acpi_tetd.c) makes
 * is accepted; each rule of docs/tetdg.md "What the driver checks" is
 * broken once and refused with its own message; every truncation is
 * refused; random damage (checksum repaired) never crashes it (ASan) and
 * what it accepts keeps the invariants the driver relies on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "acpi_tetd.h"
#include "tetdg_table.h"

static uint8_t tbl[TETDG_TABLE_MAX_LEN + 64];
static size_t tbl_len;
static char err[256];

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void fix_checksum(uint8_t *t, size_t len)
{
	uint8_t s = 0;
	t[9] = 0;
	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + t[i]);
	t[9] = (uint8_t)(0 - s);
}

/* The firmware's own builder, with n agents like tetdg-early's loader fills them. */
static void build(uint32_t platform, uint32_t isolation, unsigned n, unsigned rejected)
{
	static const char *const names[] = { "echo", "kintegrity", "keyvault" };
	struct tetd_acpi_agent ag[TETD_AVOL_MAX_AGENTS];
	memset(ag, 0, sizeof(ag));
	for (unsigned i = 0; i < n && i < TETD_AVOL_MAX_AGENTS; i++) {
		if (i < 3)
			snprintf(ag[i].name, sizeof(ag[i].name), "%s", names[i]);
		else
			snprintf(ag[i].name, sizeof(ag[i].name), "agent_%u-x", i);
		ag[i].index = i;
		ag[i].id = i + 1;
		ag[i].version = TETD_AGENT_VERSION(1, i, 7);
		ag[i].modes = i == 1 ? TETD_MODE_EXCLUSIVE : TETD_MODE_MASK;
		ag[i].caps = i == 1 ? TETD_CAP_INTROSPECT : 0;
		ag[i].state = i == 2 ? TETD_ZONE_AGENT_FAILED : TETD_ZONE_AGENT_READY;
		ag[i].call_buf_gpa = 0x890000 + 4096ull * i;
		if (ag[i].state == TETD_ZONE_AGENT_READY) {
			ag[i].fn_count = 1 + i % 3;
			for (unsigned j = 0; j < ag[i].fn_count; j++)
				ag[i].fn_ids[j] = j + 1;
		}
		memset(ag[i].sha384, 0xA0 + (int)i, sizeof(ag[i].sha384));
	}
	const uint8_t *t = acpi_tetd_build(platform, isolation, 0xC00000, 0x400000, ag, n, rejected);
	tbl_len = (size_t)t[4] | (size_t)t[5] << 8 | (size_t)t[6] << 16 | (size_t)t[7] << 24;
	memset(tbl, 0, sizeof(tbl));
	memcpy(tbl, t, tbl_len);
}

static int check(void)
{
	return tetdg_table_check(tbl, tbl_len, err, sizeof(err));
}

static void test_builder_tables_pass(void **state)
{
	(void)state;
	build(TETD_PLATFORM_QEMU, TETD_ISOLATION_NONE, 3, 0);
	assert_int_equal(check(), 0);
	assert_string_equal(err, "");
	const struct tetd_acpi_body *b = tetdg_table_body(tbl);
	assert_int_equal(b->agent_count, 3);
	assert_string_equal(tetdg_table_agent(tbl, 1)->name, "kintegrity");
	assert_int_equal(tetdg_table_agent(tbl, 2)->sha384[47], 0xA2);

	build(TETD_PLATFORM_TETDH, TETD_ISOLATION_ENFORCED, 3, 1);
	assert_int_equal(check(), 0);
	build(TETD_PLATFORM_TDX, TETD_ISOLATION_NONE, 0, 2);
	assert_int_equal(check(), 0);
	assert_int_equal(tbl_len, TETDG_TABLE_MIN_LEN);
	build(TETD_PLATFORM_TETDH, TETD_ISOLATION_ENFORCED, TETD_AVOL_MAX_AGENTS, 0);
	assert_int_equal(check(), 0);
	assert_int_equal(tbl_len, TETDG_TABLE_MAX_LEN);
	/* unaligned copy: the structs are packed, the validator reads bytes */
	static uint8_t odd[TETDG_TABLE_MAX_LEN + 1];
	memcpy(odd + 1, tbl, tbl_len);
	assert_int_equal(tetdg_table_check(odd + 1, tbl_len, err, sizeof(err)), 0);
}

/* One rule broken: a field set to a value, the checksum repaired. */
struct defect {
	const char *what;
	unsigned off, width;  /* width 1, 4 or 8; 0 = custom (see below) */
	uint64_t val;
	const char *msg;      /* substring of the expected message */
};

#define A(i, f) (76u + 184u * (i) + (f))
static const struct defect defects[] = {
	{ "revision 2", 8, 1, 2, "revision 2" },
	{ "platform 0", 36, 4, 0, "platform 0 unknown" },
	{ "platform 4", 36, 4, 4, "platform 4 unknown" },
	{ "isolation 2", 40, 4, 2, "isolation 2 unknown" },
	{ "qemu claims enforced", 40, 4, 1, "platform qemu claims an enforced zone" },
	{ "zone size 0", 52, 8, 0, "zone 0xc00000+0x0" },
	{ "zone unaligned", 44, 8, 0xC00800, "not a non-empty page range" },
	{ "zone size unaligned", 52, 8, 0x400001, "not a non-empty page range" },
	{ "zone wraps", 44, 8, 0xfffffffffffff000ull, "not a non-empty page range" },
	{ "agent_size 200", 64, 4, 200, "agent_size 200, expected 184" },
	{ "agent_count 17", 60, 4, 17, "agent_count 17 > 16" },
	{ "agent_count 2 of 3 entries", 60, 4, 2, "but 2 agents make" },
	{ "agent_count 4 of 3 entries", 60, 4, 4, "but 4 agents make" },
	{ "too many rejected", 68, 4, 14, "3 agents loaded and 14 rejected" },
	{ "body reserved", 72, 4, 1, "body reserved field" },
	{ "name empty", A(0, 0), 1, 0, "agent 0: name: byte 0" },
	{ "name upper case", A(1, 1), 1, 'I', "agent 1: name: byte 1 (0x49)" },
	{ "name junk after NUL", A(0, 20), 1, 'x', "agent 0: name: byte 20" },
	{ "index", A(1, 32), 4, 5, "agent 1 (kintegrity): index 5, expected 1" },
	{ "id 0", A(2, 36), 4, 0, "agent 2 (keyvault): id 0" },
	{ "modes 0", A(0, 44), 4, 0, "agent 0 (echo): modes 0x0" },
	{ "modes 4", A(0, 44), 4, 4, "agent 0 (echo): modes 0x4" },
	{ "caps 4", A(1, 48), 4, 4, "unknown caps 0x4" },
	{ "state 0", A(0, 52), 4, 0, "state 0 (need 1 ready or 2 failed)" },
	{ "state 3", A(2, 52), 4, 3, "state 3" },
	{ "call buffer 0", A(0, 56), 8, 0, "call buffer 0x0 is not a 4 KiB page" },
	{ "call buffer unaligned", A(1, 56), 8, 0x891008, "call buffer 0x891008 is not" },
	{ "call buffer wraps", A(1, 56), 8, 0xfffffffffffff000ull, "is not a 4 KiB page" },
	{ "call buffer in the zone", A(1, 56), 8, 0xC01000, "inside the zone" },
	{ "call buffer at zone end - 1 page", A(1, 56), 8, 0xFFF000, "inside the zone" },
	{ "fn_count 17", A(1, 64), 4, 17, "fn_count 17 > 16" },
	{ "fn id 0", A(1, 68 + 4), 4, 0, "fn_ids[1] is 0" },
	{ "fn id twice", A(1, 68 + 4), 4, 1, "function 1 listed twice" },
	{ "fn id beyond count", A(0, 68 + 4 * 15), 4, 9, "fn_ids[15] = 9 beyond fn_count 1" },
	{ "agent reserved", A(2, 132), 4, 1, "agent 2 (keyvault): reserved field" },
	{ "duplicate id", A(2, 36), 4, 1, "agents 0 and 2 share id 0x1" },
	{ "duplicate call buffer", A(2, 56), 8, 0x890000, "agents 0 and 2 share call buffer" },
	{ "name not terminated", 0, 0, 1, "agent 0: name not NUL-terminated" },
	{ "duplicate name", 0, 0, 2, "agents 0 and 1 share the name echo" },
	{ "signature", 0, 0, 3, "signature is not TETD" },
	{ "checksum", 0, 0, 4, "checksum" },
	{ "header length", 0, 0, 5, "header length" },
	{ "too short for the body", 0, 0, 6, "too short for the 76-byte header and body" },
};

static void apply(const struct defect *d)
{
	build(TETD_PLATFORM_QEMU, TETD_ISOLATION_NONE, 3, 0);
	switch (d->width) {
	case 1: tbl[d->off] = (uint8_t)d->val; break;
	case 4: put32(tbl + d->off, (uint32_t)d->val); break;
	case 8: put64(tbl + d->off, d->val); break;
	case 0:
		switch (d->val) {
		case 1: memset(tbl + A(0, 0), 'e', 32); break;
		case 2: memcpy(tbl + A(1, 0), "echo\0\0\0\0\0\0\0", 11); break;
		case 3: tbl[3] = 'X'; break;
		case 4: tbl[100] ^= 1; return;              /* checksum left stale */
		case 5: put32(tbl + 4, (uint32_t)tbl_len + 1); break;
		case 6: tbl_len = 60; put32(tbl + 4, 60); break;
		}
		break;
	}
	fix_checksum(tbl, tbl_len);
}

static void test_each_rule(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(defects) / sizeof(defects[0]); i++) {
		const struct defect *d = &defects[i];
		apply(d);
		int r = check();
		if (r != -1 || !strstr(err, d->msg)) {
			fail_msg("defect '%s': result %d, message '%s', expected '%s'", d->what, r,
				 err, d->msg);
		}
	}
}

static void test_enforced_platforms(void **state)
{
	(void)state;
	/* tetdh and tdx may report either isolation value; qemu only none */
	build(TETD_PLATFORM_TDX, TETD_ISOLATION_ENFORCED, 3, 0);
	assert_int_equal(check(), 0);
	build(TETD_PLATFORM_TETDH, TETD_ISOLATION_NONE, 3, 0);
	assert_int_equal(check(), 0);
}

static void test_truncation(void **state)
{
	(void)state;
	build(TETD_PLATFORM_TETDH, TETD_ISOLATION_ENFORCED, 3, 1);
	size_t full = tbl_len;
	for (size_t n = 0; n < full; n++) {
		/* as handed over (header says more) ... */
		assert_int_equal(tetdg_table_check(tbl, n, err, sizeof(err)), -1);
		assert_true(err[0] != '\0');
		/* ... and with the header made consistent with the cut */
		if (n >= 36) {
			static uint8_t cut[TETDG_TABLE_MAX_LEN];
			memcpy(cut, tbl, n);
			put32(cut + 4, (uint32_t)n);
			fix_checksum(cut, n);
			assert_int_equal(tetdg_table_check(cut, n, err, sizeof(err)), -1);
		}
	}
	assert_int_equal(tetdg_table_check(tbl, full, err, sizeof(err)), 0);
}

static void test_error_buffer(void **state)
{
	(void)state;
	char small[8];
	build(TETD_PLATFORM_QEMU, TETD_ISOLATION_NONE, 3, 0);
	tbl[3] = 'X';
	assert_int_equal(tetdg_table_check(tbl, tbl_len, NULL, 0), -1);
	memset(small, 'z', sizeof(small));
	assert_int_equal(tetdg_table_check(tbl, tbl_len, small, sizeof(small)), -1);
	assert_int_equal(small[7], '\0');
	assert_string_equal(small, "signatu");
}

static uint64_t rng = 0x7e7d6e7ull;
static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void test_random_damage(void **state)
{
	(void)state;
	const char *seed = getenv("TETD_TEST_SEED");
	if (seed)
		rng = strtoull(seed, NULL, 0);
	uint64_t seed0 = rng;
	unsigned accepted = 0;
	for (int iter = 0; iter < 20000; iter++) {
		build(TETD_PLATFORM_TETDH, TETD_ISOLATION_ENFORCED, 1 + (unsigned)(rnd() % 16), 0);
		unsigned flips = 1 + (unsigned)(rnd() % 3);
		for (unsigned k = 0; k < flips; k++) {
			size_t off = 10 + rnd() % (tbl_len - 10);   /* keep the signature/length */
			tbl[off] ^= (uint8_t)(1u << (rnd() % 8));
		}
		fix_checksum(tbl, tbl_len);
		if (check() != 0)
			continue;
		accepted++;
		/* what the driver relies on after acceptance */
		const struct tetd_acpi_body *b = tetdg_table_body(tbl);
		assert_true(b->agent_count <= TETD_AVOL_MAX_AGENTS);
		for (uint32_t i = 0; i < b->agent_count; i++) {
			const struct tetd_acpi_agent *a = tetdg_table_agent(tbl, i);
			assert_non_null(memchr(a->name, 0, sizeof(a->name)));
			assert_true(a->fn_count <= TETD_AGENT_MAX_CALLS);
			assert_int_equal(a->index, i);
		}
	}
	/* flips in the version, OEM fields or digests are harmless: some pass */
	print_message("random damage: %u of 20000 damaged tables accepted (seed 0x%llx)\n",
		      accepted, (unsigned long long)seed0);
	assert_true(accepted > 0);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(tetdg_platform_name(TETD_PLATFORM_QEMU), "qemu");
	assert_string_equal(tetdg_platform_name(TETD_PLATFORM_TETDH), "tetdh");
	assert_string_equal(tetdg_platform_name(TETD_PLATFORM_TDX), "tdx");
	assert_string_equal(tetdg_platform_name(9), "unknown");
	assert_string_equal(tetdg_isolation_name(TETD_ISOLATION_NONE), "none");
	assert_string_equal(tetdg_isolation_name(TETD_ISOLATION_ENFORCED), "enforced");
	assert_string_equal(tetdg_state_name(TETD_ZONE_AGENT_FAILED), "failed");
	assert_string_equal(tetdg_modes_name(TETD_MODE_MASK), "exclusive,collaborative");
	assert_string_equal(tetdg_modes_name(TETD_MODE_COLLABORATIVE), "collaborative");
	assert_string_equal(tetdg_caps_name(0), "-");
	assert_string_equal(tetdg_caps_name(TETD_CAP_MASK), "introspect,admin");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builder_tables_pass),
		cmocka_unit_test(test_each_rule),
		cmocka_unit_test(test_enforced_platforms),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_error_buffer),
		cmocka_unit_test(test_random_damage),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
