// SPDX-License-Identifier: MIT
/*
 * tests/unit/test_tetdg_zone.c - the host-testable parts of tetdg-early's
 * zone handling: the RNG's continuous health test and source selection,
 * and the ACPI TETD table (layout a driver parses, checksum, limits).
 * The page tables and the dispatcher need the real address space: the
 * boot tests (tests/integration) cover them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "acpi.h"
#include "acpi_tetd.h"
#include "rng.h"

/* rng.c reports its fallback on the console: capture it. */
static char console_buf[512];
void cprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(console_buf, sizeof(console_buf), fmt, ap);
	va_end(ap);
}

static void test_health(void **state)
{
	(void)state;
	assert_int_equal(rng_word_healthy(0x1234, 0, 0), 0);
	assert_int_equal(rng_word_healthy(0x1234, 0x1233, 1), 0);
	assert_int_equal(rng_word_healthy(0, 5, 1), -1);            /* stuck at 0 */
	assert_int_equal(rng_word_healthy(~0ull, 5, 1), -1);        /* stuck at 1 */
	assert_int_equal(rng_word_healthy(0x77, 0x77, 1), -1);      /* repeat */
	assert_int_equal(rng_word_healthy(0x77, 0x77, 0), 0);       /* first word */
}

static void test_fill(void **state)
{
	uint8_t a[64], b[64], zero[64] = { 0 };
	(void)state;
	uint32_t sa = rng_fill(a, sizeof(a));
	uint32_t sb = rng_fill(b, sizeof(b));
	assert_true(sa >= TETD_SEED_RDSEED && sa <= TETD_SEED_JITTER);
	assert_int_equal(sa, sb);
	assert_memory_not_equal(a, zero, sizeof(a));
	assert_memory_not_equal(a, b, sizeof(a));
	assert_string_not_equal(rng_source_name(sa), "?");
	assert_string_equal(rng_source_name(99), "?");
	/* an odd length is filled completely (no trailing zeros) */
	uint8_t c[13];
	memset(c, 0, sizeof(c));
	rng_fill(c, sizeof(c));
	assert_memory_not_equal(c + 8, zero, 5);
}

static uint32_t le32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t le64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static void make_agents(struct tetd_acpi_agent *a, unsigned n)
{
	memset(a, 0, n * sizeof(*a));
	for (unsigned i = 0; i < n; i++) {
		snprintf(a[i].name, sizeof(a[i].name), "agent%u", i);
		a[i].index = i;
		a[i].id = 0x100 + i;
		a[i].version = TETD_AGENT_VERSION(1, 2, 3);
		a[i].state = TETD_ZONE_AGENT_READY;
		a[i].call_buf_gpa = 0x890000 + 4096ull * i;
		a[i].fn_count = 2;
		a[i].fn_ids[0] = 1;
		a[i].fn_ids[1] = 7;
		memset(a[i].sha384, 0xA0 + i, 48);
	}
}

static void test_table_layout(void **state)
{
	struct tetd_acpi_agent ag[3];
	(void)state;
	make_agents(ag, 3);
	const uint8_t *t = acpi_tetd_build(TETD_PLATFORM_TETDH, TETD_ISOLATION_ENFORCED,
					   0xC00000, 0x400000, ag, 3, 1);
	uint32_t len = le32(t + 4);
	assert_memory_equal(t, "TETD", 4);
	assert_int_equal(len, 36 + 40 + 3 * 184);
	assert_int_equal(t[8], TETD_ACPI_REVISION);
	uint8_t sum = 0;
	for (uint32_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + t[i]);
	assert_int_equal(sum, 0);
	/* the offsets image/initramfs/init and the driver read */
	assert_int_equal(le32(t + 36), TETD_PLATFORM_TETDH);
	assert_int_equal(le32(t + 40), TETD_ISOLATION_ENFORCED);
	assert_int_equal(le64(t + 44), 0xC00000);
	assert_int_equal(le64(t + 52), 0x400000);
	assert_int_equal(le32(t + 60), 3);
	assert_int_equal(le32(t + 64), 184);
	assert_int_equal(le32(t + 68), 1);
	const uint8_t *e = t + 76 + 2 * 184;
	assert_string_equal((const char *)e, "agent2");
	assert_int_equal(le32(e + 32), 2);                 /* index */
	assert_int_equal(le32(e + 36), 0x102);             /* id */
	assert_int_equal(le32(e + 40), TETD_AGENT_VERSION(1, 2, 3));
	assert_int_equal(le32(e + 52), TETD_ZONE_AGENT_READY);
	assert_int_equal(le64(e + 56), 0x890000 + 2 * 4096);
	assert_int_equal(le32(e + 64), 2);                 /* fn_count */
	assert_int_equal(le32(e + 68), 1);
	assert_int_equal(le32(e + 72), 7);
	assert_int_equal(e[136], 0xA2);                    /* sha384 */
	assert_int_equal(e[183], 0xA2);
}

static void test_table_limits(void **state)
{
	static struct tetd_acpi_agent ag[TETD_AVOL_MAX_AGENTS + 4];
	(void)state;
	make_agents(ag, TETD_AVOL_MAX_AGENTS + 4);
	const uint8_t *t = acpi_tetd_build(TETD_PLATFORM_QEMU, TETD_ISOLATION_NONE, 0xC00000,
					   0x400000, ag, TETD_AVOL_MAX_AGENTS + 4, 0);
	assert_int_equal(le32(t + 60), TETD_AVOL_MAX_AGENTS);
	assert_int_equal(le32(t + 4), ACPI_TETD_MAX_LEN);
	/* no agents: header and body only, still checksummed */
	t = acpi_tetd_build(TETD_PLATFORM_QEMU, TETD_ISOLATION_NONE, 0xC00000, 0x400000, ag, 0, 2);
	assert_int_equal(le32(t + 4), 76);
	assert_int_equal(acpi_checksum(t, 76), 0);
	assert_int_equal(le32(t + 68), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_health),
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_table_layout),
		cmocka_unit_test(test_table_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
