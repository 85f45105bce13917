/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_fwcfg_dir.c - fw/fwcfg_dir.c: look-ups in fw_cfg file
 * directory blobs built here byte by byte (docs/specs/fw_cfg.rst: a
 * big-endian u32 count, then 64-byte entries: BE u32 size, BE u16 select,
 * u16 reserved, 56-byte NUL-padded name). Every blob is placed at the very
 * end of an exact-size heap allocation so ASan flags any read past it.
 */
#include "unit_util.h"
#include "fwcfg.h"

struct ent {
	const char *name; /* copied with memcpy, up to 56 bytes, no NUL added when 56 */
	size_t name_len;
	uint32_t size;
	uint16_t sel;
};

/* Build count + entries; extra trailing bytes; returns malloc'd blob. */
static uint8_t *build(uint32_t count, const struct ent *e, unsigned n, size_t extra, size_t *len)
{
	*len = 4 + 64 * (size_t)n + extra;
	uint8_t *b = malloc(*len);
	assert_non_null(b);
	memset(b, 0, *len);
	b[0] = (uint8_t)(count >> 24), b[1] = (uint8_t)(count >> 16);
	b[2] = (uint8_t)(count >> 8), b[3] = (uint8_t)count;
	for (unsigned i = 0; i < n; i++) {
		uint8_t *p = b + 4 + 64 * i;
		p[0] = (uint8_t)(e[i].size >> 24), p[1] = (uint8_t)(e[i].size >> 16);
		p[2] = (uint8_t)(e[i].size >> 8), p[3] = (uint8_t)e[i].size;
		p[4] = (uint8_t)(e[i].sel >> 8), p[5] = (uint8_t)e[i].sel;
		p[6] = 0xa5, p[7] = 0x5a; /* reserved: must be ignored */
		size_t nl = e[i].name_len ? e[i].name_len : strlen(e[i].name);
		memcpy(p + 8, e[i].name, nl);
	}
	return b;
}

#define E(n, sz, s) { n, 0, sz, s }

static const struct ent std_dir[] = {
	E("bootorder", 0x10, 0x0020),
	E("etc/e820", 0x01020304, 0x0a0b),
	E("etc/e820x", 0x11, 0x0a0c),
	E("etc/acpi/tables", 0x20000, 0x0022),
	E("genroms/linuxboot_dma.bin", 0x600, 0x0023),
};
#define NSTD (sizeof(std_dir) / sizeof(std_dir[0]))

static void test_found_with_be_fields(void **state)
{
	(void)state;
	size_t len;
	uint8_t *b = build(NSTD, std_dir, NSTD, 0, &len);
	uint16_t sel = 0;
	uint32_t size = 0;
	assert_int_equal(fwcfg_dir_lookup(b, len, "etc/e820", &sel, &size), 0);
	assert_int_equal(sel, 0x0a0b);
	assert_int_equal(size, 0x01020304);
	assert_int_equal(fwcfg_dir_lookup(b, len, "bootorder", &sel, &size), 0);
	assert_int_equal(sel, 0x0020);
	assert_int_equal(size, 0x10);
	/* the last entry: its end is the end of the allocation */
	assert_int_equal(fwcfg_dir_lookup(b, len, "genroms/linuxboot_dma.bin", &sel, &size), 0);
	assert_int_equal(sel, 0x0023);
	assert_int_equal(size, 0x600);
	free(b);
}

static void test_not_found_leaves_outputs(void **state)
{
	(void)state;
	size_t len;
	uint8_t *b = build(NSTD, std_dir, NSTD, 0, &len);
	uint16_t sel = 0xdead;
	uint32_t size = 0xbeefcafe;
	assert_int_equal(fwcfg_dir_lookup(b, len, "etc/table-loader", &sel, &size), -1);
	assert_int_equal(fwcfg_dir_lookup(b, len, "ETC/E820", &sel, &size), -1);
	assert_int_equal(sel, 0xdead);
	assert_int_equal(size, 0xbeefcafe);
	free(b);
}

static void test_prefix_names(void **state)
{
	(void)state;
	size_t len;
	uint8_t *b = build(NSTD, std_dir, NSTD, 0, &len);
	uint16_t sel;
	uint32_t size;
	/* a prefix of an existing name is not that name */
	assert_int_equal(fwcfg_dir_lookup(b, len, "etc/e82", &sel, &size), -1);
	assert_int_equal(fwcfg_dir_lookup(b, len, "etc/acpi", &sel, &size), -1);
	assert_int_equal(fwcfg_dir_lookup(b, len, "etc/acpi/", &sel, &size), -1);
	/* a longer name whose prefix exists */
	assert_int_equal(fwcfg_dir_lookup(b, len, "etc/acpi/tables2", &sel, &size), -1);
	/* "etc/e820x" listed after "etc/e820": each finds its own */
	assert_int_equal(fwcfg_dir_lookup(b, len, "etc/e820x", &sel, &size), 0);
	assert_int_equal(sel, 0x0a0c);
	free(b);

	/* order reversed: the longer name first must not shadow the shorter */
	static const struct ent rev[] = { E("etc/e820x", 1, 0x30), E("etc/e820", 2, 0x31) };
	b = build(2, rev, 2, 0, &len);
	assert_int_equal(fwcfg_dir_lookup(b, len, "etc/e820", &sel, &size), 0);
	assert_int_equal(sel, 0x31);
	assert_int_equal(size, 2);
	free(b);
}

static void test_first_duplicate_wins(void **state)
{
	(void)state;
	static const struct ent dup[] = { E("a", 1, 0x40), E("a", 2, 0x41) };
	size_t len;
	uint8_t *b = build(2, dup, 2, 0, &len);
	uint16_t sel;
	uint32_t size;
	assert_int_equal(fwcfg_dir_lookup(b, len, "a", &sel, &size), 0);
	assert_int_equal(sel, 0x40);
	free(b);
}

static void test_count_vs_blob(void **state)
{
	(void)state;
	uint16_t sel;
	uint32_t size;
	size_t len;
	/* count one larger than the entries present: malformed */
	uint8_t *b = build(NSTD + 1, std_dir, NSTD, 0, &len);
	assert_int_equal(fwcfg_dir_lookup(b, len, "etc/e820", &sel, &size), -2);
	free(b);
	/* ... even with 63 spare bytes (not a whole entry) */
	b = build(NSTD + 1, std_dir, NSTD, 63, &len);
	assert_int_equal(fwcfg_dir_lookup(b, len, "etc/e820", &sel, &size), -2);
	free(b);
	/* huge counts: no overflow in the bound check */
	static const uint32_t huge[] = { 0xffffffffu, 0x80000000u, 0x04000000u, 0x04000001u };
	for (unsigned i = 0; i < 4; i++) {
		b = build(huge[i], std_dir, NSTD, 0, &len);
		assert_int_equal(fwcfg_dir_lookup(b, len, "etc/e820", &sel, &size), -2);
		free(b);
	}
	/* count smaller than the blob: only count entries are searched */
	b = build(2, std_dir, NSTD, 0, &len);
	assert_int_equal(fwcfg_dir_lookup(b, len, "etc/e820", &sel, &size), 0);
	assert_int_equal(fwcfg_dir_lookup(b, len, "etc/e820x", &sel, &size), -1);
	free(b);
	/* count 0 */
	b = build(0, std_dir, NSTD, 0, &len);
	assert_int_equal(fwcfg_dir_lookup(b, len, "bootorder", &sel, &size), -1);
	free(b);
	/* the passed length, not the allocation, is the bound */
	b = build(NSTD, std_dir, NSTD, 0, &len);
	assert_int_equal(fwcfg_dir_lookup(b, len - 1, "etc/e820", &sel, &size), -2);
	free(b);
	/* blobs shorter than the count field */
	uint8_t tiny[3] = { 0, 0, 0 };
	for (size_t l = 0; l < 4; l++) {
		uint8_t *t = malloc(l ? l : 1);
		memcpy(t, tiny, l);
		assert_int_equal(fwcfg_dir_lookup(t, l, "x", &sel, &size), -2);
		free(t);
	}
	/* exactly the count field, count 0: valid, empty */
	uint8_t *z = calloc(1, 4);
	assert_int_equal(fwcfg_dir_lookup(z, 4, "x", &sel, &size), -1);
	z[3] = 1;
	assert_int_equal(fwcfg_dir_lookup(z, 4, "x", &sel, &size), -2);
	free(z);
}

static void test_bad_names(void **state)
{
	(void)state;
	size_t len;
	uint8_t *b = build(NSTD, std_dir, NSTD, 0, &len);
	uint16_t sel;
	uint32_t size;
	assert_int_equal(fwcfg_dir_lookup(b, len, "", &sel, &size), -2);
	char n56[57], n55[56];
	memset(n56, 'q', 56), n56[56] = '\0';
	memset(n55, 'q', 55), n55[55] = '\0';
	assert_int_equal(fwcfg_dir_lookup(b, len, n56, &sel, &size), -2);
	assert_int_equal(fwcfg_dir_lookup(b, len, n55, &sel, &size), -1);
	free(b);
}

static void test_56_char_names(void **state)
{
	(void)state;
	char n56[56], n55[56];
	memset(n56, 'f', 56);
	memset(n55, 'f', 55), n55[55] = '\0';
	/* one entry whose name fills all 56 bytes with no NUL, last in the blob */
	struct ent e[] = { { "short", 0, 1, 0x50 }, { n56, 56, 2, 0x51 } };
	size_t len;
	uint8_t *b = build(2, e, 2, 0, &len);
	uint16_t sel;
	uint32_t size;
	/* its 55-byte prefix must not match (byte 55 is 'f', not NUL) */
	assert_int_equal(fwcfg_dir_lookup(b, len, n55, &sel, &size), -1);
	assert_int_equal(fwcfg_dir_lookup(b, len, "short", &sel, &size), 0);
	assert_int_equal(sel, 0x50);
	free(b);
	/* a 55-byte name with its NUL in the last byte is found */
	struct ent e2[] = { { n55, 55, 3, 0x52 } };
	b = build(1, e2, 1, 0, &len);
	assert_int_equal(fwcfg_dir_lookup(b, len, n55, &sel, &size), 0);
	assert_int_equal(sel, 0x52);
	assert_int_equal(size, 3);
	free(b);
}

static void test_name_with_garbage_after_nul(void **state)
{
	(void)state;
	/* "abc\0junk": matches "abc" (the comparison stops at the NUL) */
	struct ent e[] = { { "abc\0junk", 8, 7, 0x60 } };
	size_t len;
	uint8_t *b = build(1, e, 1, 0, &len);
	uint16_t sel;
	uint32_t size;
	assert_int_equal(fwcfg_dir_lookup(b, len, "abc", &sel, &size), 0);
	assert_int_equal(size, 7);
	assert_int_equal(fwcfg_dir_lookup(b, len, "abc\0junk", &sel, &size), 0); /* C string "abc" */
	assert_int_equal(fwcfg_dir_lookup(b, len, "ab", &sel, &size), -1);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found_with_be_fields),
		cmocka_unit_test(test_not_found_leaves_outputs),
		cmocka_unit_test(test_prefix_names),
		cmocka_unit_test(test_first_duplicate_wins),
		cmocka_unit_test(test_count_vs_blob),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_56_char_names),
		cmocka_unit_test(test_name_with_garbage_after_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
