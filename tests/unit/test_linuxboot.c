/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_linuxboot.c - fw/linuxboot.c: bzImage setup headers
 * built here field by field (Documentation/arch/x86/boot.rst), every
 * rejection with its message, the canonical form (docs/measurements.md),
 * the zero page (arch/x86/include/uapi/asm/bootparam.h offsets, written
 * here as numbers), and the real Debian kernel when `make kernel` has
 * unpacked it (TETD_UNIT_KERNEL overrides the path).
 */
#include "unit_util.h"
#include <openssl/evp.h>
#include "linuxboot.h"

#define SETUP_SECTS 4
#define SETUP_LEN ((SETUP_SECTS + 1) * 512)
#define PM_LEN 0x200000ull /* 2 MiB of "kernel" */

/* A good 2.15 header, like the Debian 6.1 kernel's. */
static void make_setup(uint8_t *s)
{
	memset(s, 0, SETUP_LEN);
	for (unsigned i = 0; i < 0x1f1; i++)
		s[i] = (uint8_t)(i * 7 + 1); /* boot sector junk, must be ignored */
	s[0x1f1] = SETUP_SECTS;                          /* setup_sects */
	unit_put16(s + 0x1f2, 0);                        /* root_flags */
	unit_put32(s + 0x1f4, (uint32_t)(PM_LEN / 16));  /* syssize */
	unit_put16(s + 0x1fa, 0xffff);                   /* vid_mode */
	unit_put16(s + 0x1fe, 0xaa55);                   /* boot_flag */
	s[0x200] = 0xeb;                                 /* jump: short jmp */
	s[0x201] = 0x6a;                                 /* header ends at 0x26c */
	memcpy(s + 0x202, "HdrS", 4);
	unit_put16(s + 0x206, 0x020f);                   /* version */
	unit_put16(s + 0x20e, 0x3400);                   /* kernel_version */
	s[0x211] = 0x01;                                 /* loadflags: LOADED_HIGH */
	unit_put32(s + 0x214, 0x100000);                 /* code32_start */
	unit_put16(s + 0x224, 0x5be0);                   /* heap_end_ptr (file default) */
	unit_put32(s + 0x22c, 0x7fffffff);               /* initrd_addr_max */
	unit_put32(s + 0x230, 0x200000);                 /* kernel_alignment */
	s[0x234] = 1;                                    /* relocatable_kernel */
	s[0x235] = 21;                                   /* min_alignment */
	unit_put16(s + 0x236, 0x7f);                     /* xloadflags */
	unit_put32(s + 0x238, 0x7ff);                    /* cmdline_size */
	unit_put64(s + 0x258, 0x1000000);                /* pref_address */
	unit_put32(s + 0x260, 0x3378000);                /* init_size */
	unit_put32(s + 0x264, 0x5eb0);                   /* handover_offset */
	unit_put32(s + 0x268, 0x1234);                   /* kernel_info_offset */
	for (unsigned i = 0x26c; i < SETUP_LEN; i++)
		s[i] = (uint8_t)(i * 13 + 5); /* setup code */
}

static uint8_t *S; /* SETUP_LEN bytes, heap: ASan sees reads past it */

static int setup(void **state)
{
	(void)state;
	S = malloc(SETUP_LEN);
	make_setup(S);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(S);
	return 0;
}

static void expect_reject(const uint8_t *s, size_t len, uint64_t pm_len, const char *substr)
{
	struct bzimage_info bi;
	const char *why = NULL;
	/* an exact-size copy: ASan catches any read past len */
	uint8_t *copy = malloc(len ? len : 1);
	memcpy(copy, s, len);
	assert_int_equal(bzimage_parse(copy, len, pm_len, &bi, &why), -1);
	free(copy);
	assert_non_null(why);
	assert_strstr(why, substr);
}

static void test_parse_good(void **state)
{
	(void)state;
	struct bzimage_info bi;
	const char *why = "untouched";
	assert_int_equal(bzimage_parse(S, SETUP_LEN, PM_LEN, &bi, &why), 0);
	assert_int_equal(bi.version, 0x020f);
	assert_int_equal(bi.setup_size, SETUP_LEN);
	assert_int_equal(bi.hdr_end, 0x26c);
	assert_int_equal(bi.pm_size, PM_LEN);
	assert_int_equal(bi.pref_address, 0x1000000);
	assert_int_equal(bi.init_size, 0x3378000);
	assert_int_equal(bi.kernel_alignment, 0x200000);
	assert_int_equal(bi.relocatable, 1);
	assert_int_equal(bi.cmdline_size, 0x7ff);
	assert_int_equal(bi.initrd_addr_max, 0x7fffffff);
	/* more protected-mode bytes than syssize (a signature appended): fine */
	assert_int_equal(bzimage_parse(S, SETUP_LEN, PM_LEN + 4096, &bi, &why), 0);
	/* setup_sects == 0 means 4 */
	S[0x1f1] = 0;
	assert_int_equal(bzimage_parse(S, SETUP_LEN, PM_LEN, &bi, &why), 0);
	assert_int_equal(bi.setup_size, 5 * 512);
	/* boundary values that are still valid */
	S[0x1f1] = SETUP_SECTS;
	unit_put16(S + 0x206, 0x020c);
	unit_put32(S + 0x230, 0x40000000);
	unit_put32(S + 0x260, (uint32_t)PM_LEN);
	unit_put64(S + 0x258, 0x100000000ull - PM_LEN);
	S[0x201] = 0x62; /* hdr_end 0x264 */
	S[0x234] = 0;
	assert_int_equal(bzimage_parse(S, SETUP_LEN, PM_LEN, &bi, &why), 0);
	assert_int_equal(bi.hdr_end, 0x264);
	assert_int_equal(bi.relocatable, 0);
	assert_int_equal(bi.kernel_alignment, 0x40000000);
	S[0x201] = 0x8e; /* hdr_end 0x290 */
	assert_int_equal(bzimage_parse(S, SETUP_LEN, PM_LEN, &bi, &why), 0);
	assert_int_equal(bi.hdr_end, 0x290);
}

static void test_reject_no_hdrs(void **state)
{
	(void)state;
	S[0x205] = 'Z';
	expect_reject(S, SETUP_LEN, PM_LEN, "HdrS");
	S[0x205] = 'S';
	/* too short to hold the signature at all */
	for (size_t len = 0; len < 0x206; len += 0x41)
		expect_reject(S, len, PM_LEN, "HdrS");
	expect_reject(S, 0x205, PM_LEN, "HdrS");
	/* signature there but the header cut short */
	expect_reject(S, 0x206, PM_LEN, "truncated");
	expect_reject(S, 0x263, PM_LEN, "truncated");
}

static void test_reject_boot_flag(void **state)
{
	(void)state;
	unit_put16(S + 0x1fe, 0x55aa);
	expect_reject(S, SETUP_LEN, PM_LEN, "boot_flag");
}

static void test_reject_old_protocol(void **state)
{
	(void)state;
	unit_put16(S + 0x206, 0x020b);
	expect_reject(S, SETUP_LEN, PM_LEN, "2.12");
	unit_put16(S + 0x206, 0x0100);
	expect_reject(S, SETUP_LEN, PM_LEN, "2.12");
}

static void test_reject_truncated_setup(void **state)
{
	(void)state;
	/* setup_sects says 5 sectors + boot sector; only 4 + 1 given */
	S[0x1f1] = SETUP_SECTS + 1;
	expect_reject(S, SETUP_LEN, PM_LEN, "setup_sects");
	S[0x1f1] = 0xff;
	expect_reject(S, SETUP_LEN, PM_LEN, "setup_sects");
	/* exact length but one byte short */
	S[0x1f1] = SETUP_SECTS;
	expect_reject(S, SETUP_LEN - 1, PM_LEN, "setup_sects");
}

static void test_reject_truncated_pm(void **state)
{
	(void)state;
	expect_reject(S, SETUP_LEN, PM_LEN - 1, "syssize");
	expect_reject(S, SETUP_LEN, 0, "syssize");
	unit_put32(S + 0x1f4, 0xffffffff); /* 64 GiB claimed */
	expect_reject(S, SETUP_LEN, PM_LEN, "syssize");
	unit_put32(S + 0x1f4, 0);
	expect_reject(S, SETUP_LEN, PM_LEN, "syssize is zero");
}

static void test_reject_no_64bit(void **state)
{
	(void)state;
	unit_put16(S + 0x236, 0x7e);
	expect_reject(S, SETUP_LEN, PM_LEN, "XLF_KERNEL_64");
}

static void test_reject_not_loaded_high(void **state)
{
	(void)state;
	S[0x211] = 0xe0; /* loader bits only */
	expect_reject(S, SETUP_LEN, PM_LEN, "loaded-high");
}

static void test_reject_kernel_alignment(void **state)
{
	(void)state;
	static const uint32_t bad[] = { 0, 3, 0x200001, 0x300000, 0x80000000u, 0xffffffffu };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unit_put32(S + 0x230, bad[i]);
		expect_reject(S, SETUP_LEN, PM_LEN, "kernel_alignment");
	}
}

static void test_reject_init_size(void **state)
{
	(void)state;
	unit_put32(S + 0x260, (uint32_t)PM_LEN - 1);
	expect_reject(S, SETUP_LEN, PM_LEN, "init_size");
	unit_put32(S + 0x260, 0);
	expect_reject(S, SETUP_LEN, PM_LEN, "init_size");
}

static void test_reject_pref_address(void **state)
{
	(void)state;
	unit_put64(S + 0x258, 0x100000000ull);
	expect_reject(S, SETUP_LEN, PM_LEN, "pref_address");
	unit_put64(S + 0x258, 0xffffffffffff0000ull);
	expect_reject(S, SETUP_LEN, PM_LEN, "pref_address");
	/* below 4 GiB but init_size runs past it */
	unit_put64(S + 0x258, 0x100000000ull - 0x3378000 + 0x1000);
	expect_reject(S, SETUP_LEN, PM_LEN, "pref_address");
	/* unaligned */
	unit_put64(S + 0x258, 0x1000010);
	expect_reject(S, SETUP_LEN, PM_LEN, "pref_address");
}

static void test_reject_header_length(void **state)
{
	(void)state;
	static const uint8_t bad[] = { 0x00, 0x50, 0x61, 0x8f, 0xff };
	for (unsigned i = 0; i < sizeof(bad); i++) {
		S[0x201] = bad[i];
		expect_reject(S, SETUP_LEN, PM_LEN, "header length");
	}
}

/* ---- canonical form ---- */

/* The field list of docs/measurements.md, applied independently. */
static void doc_canonicalize(uint8_t *d, uint32_t hdr_end)
{
	d[0x210] = 0;
	d[0x211] &= 0x1f;
	static const struct { unsigned off, n; } f[] = {
		{ 0x218, 8 }, { 0x224, 2 }, { 0x226, 2 }, { 0x228, 4 }, { 0x250, 8 },
	};
	for (unsigned i = 0; i < 5; i++)
		if (f[i].off != 0x250 || hdr_end >= 0x258)
			memset(d + f[i].off, 0, f[i].n);
}

static void test_canonicalize_exact_fields(void **state)
{
	(void)state;
	uint8_t *a = malloc(SETUP_LEN), *b = malloc(SETUP_LEN);
	for (int iter = 0; iter < 64; iter++) {
		unit_rand_fill(a, SETUP_LEN);
		memcpy(b, a, SETUP_LEN);
		struct bzimage_info bi = { .hdr_end = 0x26c };
		bzimage_canonicalize(b, &bi);
		for (unsigned i = 0; i < SETUP_LEN; i++) {
			uint8_t want = a[i];
			if (i == 0x210 || (i >= 0x218 && i < 0x220) || (i >= 0x224 && i < 0x22c) ||
			    (i >= 0x250 && i < 0x258))
				want = 0;
			else if (i == 0x211)
				want = a[i] & 0x1f;
			if (b[i] != want)
				fail_msg("canonical byte 0x%x is 0x%02x, want 0x%02x (was 0x%02x)", i, b[i], want,
					 a[i]);
		}
		/* matches the documented recipe */
		memcpy(b, a, SETUP_LEN);
		bzimage_canonicalize(b, &bi);
		doc_canonicalize(a, bi.hdr_end);
		assert_memory_equal(a, b, SETUP_LEN);
	}
	/* a header that ends before setup_data (protocol < 2.09 layout):
	 * the bytes at 0x250 belong to the setup code and stay */
	unit_rand_fill(a, SETUP_LEN);
	memset(a + 0x250, 0x77, 8);
	memcpy(b, a, SETUP_LEN);
	struct bzimage_info bi = { .hdr_end = 0x257 };
	bzimage_canonicalize(b, &bi);
	assert_memory_equal(b + 0x250, a + 0x250, 8);
	assert_int_equal(b[0x210], 0);
	/* idempotent */
	memcpy(a, b, SETUP_LEN);
	bzimage_canonicalize(b, &bi);
	assert_memory_equal(a, b, SETUP_LEN);
	free(a);
	free(b);
}

/* What QEMU's x86_load_linux() writes into the header it hands over. */
static void qemu_patch(uint8_t *s)
{
	s[0x210] = 0xb0;                       /* type_of_loader: QEMU */
	s[0x211] |= 0x80;                      /* CAN_USE_HEAP */
	unit_put16(s + 0x224, 0xfe00);         /* heap_end_ptr */
	unit_put32(s + 0x228, 0x20000);        /* cmd_line_ptr */
	unit_put32(s + 0x218, 0x7fa00000);     /* ramdisk_image */
	unit_put32(s + 0x21c, 0x00456789);     /* ramdisk_size */
	unit_put64(s + 0x250, 0x9000);         /* setup_data (DTB / RNG seed) */
	s[0x226] = 1, s[0x227] = 2;            /* ext_loader_* */
}

static void test_canonical_invariant_under_loader_patching(void **state)
{
	(void)state;
	uint8_t *p = malloc(SETUP_LEN);
	memcpy(p, S, SETUP_LEN);
	qemu_patch(p);
	struct bzimage_info bi;
	const char *why;
	assert_int_equal(bzimage_parse(p, SETUP_LEN, PM_LEN, &bi, &why), 0);
	bzimage_canonicalize(p, &bi);
	uint8_t *c = malloc(SETUP_LEN);
	memcpy(c, S, SETUP_LEN);
	bzimage_canonicalize(c, &bi);
	assert_memory_equal(p, c, SETUP_LEN);
	free(p);
	free(c);
}

/* ---- zero page ---- */

static struct memmap mm;

static void small_memmap(void)
{
	memmap_init(&mm);
	assert_int_equal(memmap_add(&mm, 0, 0x9fc00, E820_RAM), 0);
	assert_int_equal(memmap_add(&mm, 0x9fc00, 0x400, E820_RESERVED), 0);
	assert_int_equal(memmap_add(&mm, 0x100000, 0x7ff00000, E820_RAM), 0);
	assert_int_equal(memmap_add(&mm, 0x800000, 0x80000, E820_RESERVED), 0);
	assert_int_equal(memmap_add(&mm, 0x100000000ull, 0x80000000ull, E820_RAM), 0);
	assert_int_equal(mm.n, 6); /* the reservation splits the 1M..2G RAM */
}

static void test_bootparams(void **state)
{
	(void)state;
	small_memmap();
	qemu_patch(S); /* whatever the VMM wrote must not leak through */
	struct bzimage_info bi;
	const char *why = NULL;
	assert_int_equal(bzimage_parse(S, SETUP_LEN, PM_LEN, &bi, &why), 0);
	struct bootparams_args a = {
		.cmdline_pa = 0x831000,
		.initrd_pa = 0x123456000ull,
		.initrd_size = 0x100001000ull,
		.rsdp_pa = 0x808000,
		.setup_data_pa = 0x833000,
		.mm = &mm,
	};
	uint8_t *bp = malloc(BP_SIZE);
	memset(bp, 0xee, BP_SIZE);
	assert_int_equal(bootparams_build(bp, S, &bi, &a, &why), 0);

	/* the expected page, built independently */
	uint8_t *w = calloc(1, BP_SIZE);
	memcpy(w + 0x1f1, S + 0x1f1, 0x26c - 0x1f1);
	w[0x210] = 0xff;                                 /* type_of_loader: undefined */
	w[0x211] = S[0x211] & 0x1f;                      /* loader bits cleared */
	unit_put16(w + 0x224, 0);                        /* heap_end_ptr */
	w[0x226] = 0, w[0x227] = 0;
	unit_put32(w + 0x228, 0x831000);                 /* cmd_line_ptr */
	unit_put32(w + 0x218, 0x23456000);               /* ramdisk_image (low) */
	unit_put32(w + 0x21c, 0x00001000);               /* ramdisk_size (low) */
	unit_put32(w + 0x0c0, 0x1);                      /* ext_ramdisk_image */
	unit_put32(w + 0x0c4, 0x1);                      /* ext_ramdisk_size */
	unit_put64(w + 0x250, 0x833000);                 /* setup_data */
	unit_put64(w + 0x070, 0x808000);                 /* acpi_rsdp_addr */
	w[0x1e8] = 6;                                    /* e820_entries */
	for (unsigned i = 0; i < mm.n; i++) {
		uint8_t *e = w + 0x2d0 + 20 * i;
		unit_put64(e, mm.e[i].addr);
		unit_put64(e + 8, mm.e[i].size);
		unit_put32(e + 16, mm.e[i].type);
	}
	for (unsigned i = 0; i < BP_SIZE; i++)
		if (bp[i] != w[i])
			fail_msg("zero page byte 0x%x is 0x%02x, want 0x%02x", i, bp[i], w[i]);
	/* spot checks of the layout against the struct offsets */
	assert_int_equal(unit_le64(bp + 0x2d0 + 20 * 2), 0x100000);
	assert_int_equal(unit_le64(bp + 0x2d0 + 20 * 2 + 8), 0x700000);
	assert_int_equal(unit_le32(bp + 0x2d0 + 20 * 3 + 16), E820_RESERVED);
	assert_int_equal(bp[0x1ef], 0); /* sentinel */

	/* no initrd: ramdisk fields stay zero (the patched values are gone) */
	a.initrd_size = 0;
	a.setup_data_pa = 0;
	assert_int_equal(bootparams_build(bp, S, &bi, &a, &why), 0);
	assert_int_equal(unit_le64(bp + 0x218), 0);
	assert_int_equal(unit_le64(bp + 0x0c0), 0);
	assert_int_equal(unit_le64(bp + 0x250), 0);
	/* initrd below 4 GiB: ext_ fields zero */
	a.initrd_pa = 0x7f000000;
	a.initrd_size = 0x345678;
	assert_int_equal(bootparams_build(bp, S, &bi, &a, &why), 0);
	assert_int_equal(unit_le32(bp + 0x218), 0x7f000000);
	assert_int_equal(unit_le32(bp + 0x21c), 0x345678);
	assert_int_equal(unit_le32(bp + 0x0c0), 0);
	assert_int_equal(unit_le32(bp + 0x0c4), 0);
	free(w);
	free(bp);
}

static void test_bootparams_errors(void **state)
{
	(void)state;
	small_memmap();
	struct bzimage_info bi;
	const char *why = NULL;
	assert_int_equal(bzimage_parse(S, SETUP_LEN, PM_LEN, &bi, &why), 0);
	struct bootparams_args a = { .cmdline_pa = 0x100000000ull, .rsdp_pa = 0x808000, .mm = &mm };
	uint8_t *bp = malloc(BP_SIZE);
	why = NULL;
	assert_int_equal(bootparams_build(bp, S, &bi, &a, &why), -1);
	assert_strstr(why, "command line");
	a.cmdline_pa = 0xfffff000;
	assert_int_equal(bootparams_build(bp, S, &bi, &a, &why), 0);
	assert_int_equal(unit_le32(bp + 0x228), 0xfffff000);

	/* a full 128-entry map fits exactly */
	struct memmap *big = malloc(sizeof(*big));
	memmap_init(big);
	for (unsigned i = 0; i < MEMMAP_MAX; i++)
		assert_int_equal(memmap_add(big, 0x2000ull * i, 0x1000, i & 1 ? E820_RESERVED : E820_RAM), 0);
	assert_int_equal(big->n, 128);
	a.mm = big;
	assert_int_equal(bootparams_build(bp, S, &bi, &a, &why), 0);
	assert_int_equal(bp[0x1e8], 128);
	assert_int_equal(unit_le64(bp + 0x2d0 + 20 * 127), 0x2000ull * 127);
	assert_int_equal(unit_le32(bp + 0x2d0 + 20 * 127 + 16), E820_RESERVED);
	/* one more than the zero page holds */
	big->n = BP_E820_MAX + 1;
	why = NULL;
	assert_int_equal(bootparams_build(bp, S, &bi, &a, &why), -1);
	assert_strstr(why, "memory map");
	big->n = 0xffffffffu;
	assert_int_equal(bootparams_build(bp, S, &bi, &a, &why), -1);
	free(big);
	free(bp);
}

/* ---- the real kernel ---- */

static const char *kernel_path(void)
{
	const char *p = getenv("TETD_UNIT_KERNEL");
	return p ? p : UNIT_KERNEL_PATH;
}

static void sha384_ossl(const void *p, size_t n, uint8_t out[48])
{
	unsigned olen;
	assert_int_equal(EVP_Digest(p, n, out, &olen, EVP_sha384(), NULL), 1);
}

static void test_real_kernel(void **state)
{
	(void)state;
	size_t len;
	uint8_t *k = unit_read_file(kernel_path(), &len);
	if (!k) {
		unit_skip("%s not present (make kernel)", kernel_path());
	}
	size_t setup_size = ((k[0x1f1] ? k[0x1f1] : 4) + 1) * 512u;
	assert_true(len > setup_size);
	/* setup handed over as QEMU's fw_cfg does: exactly setup_size bytes */
	uint8_t *setup = malloc(setup_size);
	memcpy(setup, k, setup_size);
	struct bzimage_info bi;
	const char *why = NULL;
	if (bzimage_parse(setup, setup_size, len - setup_size, &bi, &why) != 0)
		fail_msg("real kernel rejected: %s", why);
	assert_int_equal(bi.version, unit_le16(k + 0x206));
	assert_true(bi.version >= 0x020c);
	assert_int_equal(bi.setup_size, setup_size);
	assert_int_equal(bi.pm_size, (uint64_t)unit_le32(k + 0x1f4) * 16);
	assert_true(bi.pm_size <= len - setup_size);
	assert_int_equal(bi.init_size, unit_le32(k + 0x260));
	assert_int_equal(bi.pref_address, unit_le64(k + 0x258));
	assert_int_equal(bi.kernel_alignment, unit_le32(k + 0x230));
	assert_int_equal(bi.hdr_end, 0x202 + k[0x201]);

	/* the firmware's digest: canonical header + rest of setup + kernel */
	uint8_t hdr[BP_HDR_MAX_END];
	memcpy(hdr, setup, sizeof(hdr));
	bzimage_canonicalize(hdr, &bi);
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	uint8_t fw_d[48], doc_d[48], raw_d[48];
	unsigned olen;
	assert_int_equal(EVP_DigestInit_ex(c, EVP_sha384(), NULL), 1);
	EVP_DigestUpdate(c, hdr, sizeof(hdr));
	EVP_DigestUpdate(c, setup + sizeof(hdr), setup_size - sizeof(hdr));
	EVP_DigestUpdate(c, k + setup_size, len - setup_size);
	EVP_DigestFinal_ex(c, fw_d, &olen);
	EVP_MD_CTX_free(c);

	/* the verifier's: docs/measurements.md recipe on the whole file */
	sha384_ossl(k, len, raw_d);
	uint8_t *doc = malloc(len);
	memcpy(doc, k, len);
	doc_canonicalize(doc, bi.hdr_end);
	sha384_ossl(doc, len, doc_d);
	char h1[97], h2[97];
	unit_hex(doc_d, 48, h1);
	unit_hex(raw_d, 48, h2);
	printf("# %s: canonical sha384 %s\n#   (file sha384 %s)\n", kernel_path(), h1, h2);
	assert_memory_equal(fw_d, doc_d, 48);
	/* only loader-written fields differ from the file; when they are all
	 * zero in the file the canonical digest is the file's digest */
	for (size_t i = 0; i < len; i++)
		if (doc[i] != k[i])
			assert_true(i == 0x210 || i == 0x211 || (i >= 0x218 && i < 0x220) ||
				    (i >= 0x224 && i < 0x22c) || (i >= 0x250 && i < 0x258));
	if (memcmp(doc, k, len) == 0)
		assert_memory_equal(doc_d, raw_d, 48);

	/* after QEMU's patching the firmware still gets the same digest */
	qemu_patch(setup);
	assert_int_equal(bzimage_parse(setup, setup_size, len - setup_size, &bi, &why), 0);
	memcpy(hdr, setup, sizeof(hdr));
	bzimage_canonicalize(hdr, &bi);
	memcpy(doc, hdr, sizeof(hdr));
	memcpy(doc + sizeof(hdr), k + sizeof(hdr), len - sizeof(hdr));
	sha384_ossl(doc, len, fw_d);
	assert_memory_equal(fw_d, doc_d, 48);

	/* and a zero page for it */
	small_memmap();
	struct bootparams_args a = { .cmdline_pa = 0x831000, .rsdp_pa = 0x808000, .mm = &mm };
	uint8_t *bp = malloc(BP_SIZE);
	assert_int_equal(bootparams_build(bp, setup, &bi, &a, &why), 0);
	assert_memory_equal(bp + 0x202, "HdrS", 4);
	assert_int_equal(bp[0x210], 0xff);
	free(bp);
	free(doc);
	free(setup);
	free(k);
}

int main(void)
{
	unit_seed("test_linuxboot");
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_parse_good),
		T(test_reject_no_hdrs),
		T(test_reject_boot_flag),
		T(test_reject_old_protocol),
		T(test_reject_truncated_setup),
		T(test_reject_truncated_pm),
		T(test_reject_no_64bit),
		T(test_reject_not_loaded_high),
		T(test_reject_kernel_alignment),
		T(test_reject_init_size),
		T(test_reject_pref_address),
		T(test_reject_header_length),
		T(test_canonicalize_exact_fields),
		T(test_canonical_invariant_under_loader_patching),
		T(test_bootparams),
		T(test_bootparams_errors),
		T(test_real_kernel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
