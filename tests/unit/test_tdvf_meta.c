/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_tdvf_meta.c - the TDVF descriptor and GUIDed footer
 * table of fw/tdvf_meta.c, read back the way a VMM reads them (QEMU
 * hw/i386/pc_sysfw_ovmf.c + hw/i386/tdvf.c) by a small parser written
 * here: footer GUID 48 bytes before the image end, the table walked
 * backwards, the TDVF entry's offset counted back from the end, then the
 * sections. Done twice: on a synthetic 2 MiB image with fw/tdvf_meta.c's
 * data placed where include/tetd/layout.h says, and on the built image
 * (image/out/tetd.fd, `make fw`; TETD_UNIT_FD overrides) when present.
 */
#include "unit_util.h"
#include <uuid/uuid.h>
#include <tetd/layout.h>
#include <tetd/tdvf.h>

/* fw/tdvf_meta.c's objects (its descriptor type is private to it) */
extern const struct tdvf_descriptor tetd_tdvf_metadata;
extern const struct tetd_footer_block tetd_footer;

/* Textual GUIDs from include/tetd/tdvf.h's comments, to EFI byte order. */
static void efi_guid(const char *text, uint8_t out[16])
{
	uuid_t u;
	assert_int_equal(uuid_parse(text, u), 0);
	/* RFC 4122 bytes are big-endian; EFI stores Data1..Data3 little-endian */
	out[0] = u[3], out[1] = u[2], out[2] = u[1], out[3] = u[0];
	out[4] = u[5], out[5] = u[4];
	out[6] = u[7], out[7] = u[6];
	memcpy(out + 8, u + 8, 8);
}

#define GUID_FOOTER "96b582de-1fb2-45f7-baea-a366c55a082d"
#define GUID_TDVF   "e47a6535-984a-4798-865e-4685a7bf8ec2"
#define GUID_ZONE   "3f1f8c2a-6c1e-4d8b-9a57-2b7e4d0c9e11"

struct parsed {
	int have_tdvf, have_zone;
	uint32_t tdvf_offset;
	uint64_t zone_base, zone_size;
	unsigned nentries;
	const uint8_t *desc;
	size_t desc_off;
};

/* The VMM's walk. Returns NULL on success, else what is wrong. */
static const char *parse_image(const uint8_t *img, size_t size, struct parsed *p)
{
	uint8_t gf[16], gt[16], gz[16];
	efi_guid(GUID_FOOTER, gf);
	efi_guid(GUID_TDVF, gt);
	efi_guid(GUID_ZONE, gz);
	memset(p, 0, sizeof(*p));
	if (size < 64)
		return "image too small";
	const uint8_t *g = img + size - 48;
	if (memcmp(g, gf, 16) != 0)
		return "no footer GUID 48 bytes before the end";
	uint16_t table_len = unit_le16(g - 2);
	if (table_len < 18 || (size_t)(table_len - 18) > (size_t)(g - 2 - img))
		return "footer table length out of range";
	const uint8_t *table = g - 2 - (table_len - 18), *ptr = g - 2;
	while (ptr > table) {
		if (ptr - table < 18)
			return "trailing bytes in the table";
		const uint8_t *eg = ptr - 16;
		uint16_t len = unit_le16(ptr - 18);
		if (len < 18 || len > ptr - table)
			return "bad entry length";
		const uint8_t *data = ptr - len;
		size_t dlen = len - 18u;
		if (!memcmp(eg, gt, 16)) {
			if (dlen != 4 || p->have_tdvf)
				return "bad TDVF metadata entry";
			p->have_tdvf = 1;
			p->tdvf_offset = unit_le32(data);
		} else if (!memcmp(eg, gz, 16)) {
			if (dlen != 16 || p->have_zone)
				return "bad TETD zone entry";
			p->have_zone = 1;
			p->zone_base = unit_le64(data);
			p->zone_size = unit_le64(data + 8);
		}
		p->nentries++;
		ptr -= len;
	}
	if (!p->have_tdvf)
		return "no TDVF metadata entry";
	if (p->tdvf_offset < 16 || p->tdvf_offset > size)
		return "TDVF offset out of range";
	p->desc_off = size - p->tdvf_offset;
	p->desc = img + p->desc_off;
	return NULL;
}

struct want_section {
	uint32_t data_offset, raw_size;
	uint64_t addr, mem_size;
	uint32_t type, attr;
};

/* What include/tetd/layout.h says the image holds, in MRTD order. */
static const struct want_section want[] = {
	{ TETD_BFV_OFFSET, TETD_BFV_SIZE, TETD_BFV_BASE, TETD_BFV_SIZE, TDVF_SECTION_BFV, TDVF_ATTR_MR_EXTEND },
	{ TETD_CFV_OFFSET, TETD_CFV_SIZE, TETD_CFV_BASE, TETD_CFV_SIZE, TDVF_SECTION_CFV, 0 },
	{ 0, 0, TETD_FWRAM_BASE, TETD_FWRAM_SIZE, TDVF_SECTION_TEMP_MEM, 0 },
	{ 0, 0, TETD_TDHOB_GPA, TETD_TDHOB_SIZE, TDVF_SECTION_TD_HOB, 0 },
	{ 0, 0, TETD_ZONE_GPA, TETD_ZONE_SIZE, TDVF_SECTION_TEMP_MEM, 0 },
	{ 0, 0, TETD_PAYLOAD_GPA, TETD_PAYLOAD_SIZE, TDVF_SECTION_PAYLOAD, 0 },
};
#define NWANT (sizeof(want) / sizeof(want[0]))

static void check_image(const uint8_t *img, size_t size)
{
	struct parsed p;
	const char *err = parse_image(img, size, &p);
	if (err)
		fail_msg("footer table: %s", err);
	assert_int_equal(p.nentries, 2);
	/* the descriptor is where layout.h puts it */
	assert_int_equal(p.desc_off, TETD_TDVF_DESC_GPA - TETD_IMAGE_BASE);
	const uint8_t *d = p.desc;
	assert_int_equal(unit_le32(d), 0x46564454);      /* "TDVF" */
	assert_memory_equal(d, "TDVF", 4);
	uint32_t len = unit_le32(d + 4), n = unit_le32(d + 12);
	assert_int_equal(unit_le32(d + 8), 1);           /* version */
	assert_int_equal(n, NWANT);
	assert_int_equal(len, 16 + 32 * n);
	assert_true(len <= TETD_TDVF_DESC_MAX);
	assert_true(p.desc_off + len <= size);

	unsigned hobs = 0;
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *s = d + 16 + 32 * i;
		uint32_t off = unit_le32(s), raw = unit_le32(s + 4);
		uint64_t addr = unit_le64(s + 8), msz = unit_le64(s + 16);
		uint32_t type = unit_le32(s + 24), attr = unit_le32(s + 28);
		if (off != want[i].data_offset || raw != want[i].raw_size || addr != want[i].addr ||
		    msz != want[i].mem_size || type != want[i].type || attr != want[i].attr)
			fail_msg("section %u: off 0x%x raw 0x%x addr 0x%llx size 0x%llx type %u attr 0x%x "
				 "differs from layout.h",
				 i, off, raw, (unsigned long long)addr, (unsigned long long)msz, type, attr);
		/* the rules QEMU's tdvf.c and the TDVF spec apply */
		assert_true(type <= TDVF_SECTION_TYPE_MAX);
		assert_int_equal(attr & ~TDVF_ATTR_MASK, 0);
		assert_int_equal(addr & 0xfff, 0);
		assert_int_equal(msz & 0xfff, 0);
		assert_true(msz >= raw);
		assert_true((uint64_t)off + raw <= size);
		if (type == TDVF_SECTION_TEMP_MEM || type == TDVF_SECTION_TD_HOB ||
		    type == TDVF_SECTION_PAYLOAD) {
			assert_int_equal(raw, 0);
			assert_int_equal(attr & TDVF_ATTR_MR_EXTEND, 0);
		}
		if (type == TDVF_SECTION_BFV || type == TDVF_SECTION_CFV) {
			/* flash-backed: mapped at the image base, below 4 GiB */
			assert_int_equal(addr, TETD_IMAGE_BASE + off);
			assert_int_equal(raw, msz);
		}
		if (type == TDVF_SECTION_BFV) {
			/* MRTD covers the code, this metadata and the reset vector */
			assert_true(TETD_TDVF_DESC_GPA >= addr && (uint64_t)TETD_TDVF_DESC_GPA + len <= addr + msz);
			assert_true(TETD_FOOTER_GPA >= addr && (uint64_t)TETD_RESET_GPA + 16 - addr <= msz);
		}
		hobs += type == TDVF_SECTION_TD_HOB;
		/* no two sections share guest memory */
		for (unsigned j = 0; j < i; j++) {
			const uint8_t *t = d + 16 + 32 * j;
			uint64_t a2 = unit_le64(t + 8), s2 = unit_le64(t + 16);
			assert_false(addr < a2 + s2 && a2 < addr + msz);
		}
	}
	assert_int_equal(hobs, 1);

	/* the TETD zone entry names exactly the zone's TempMem section */
	assert_true(p.have_zone);
	assert_int_equal(p.zone_base, TETD_ZONE_GPA);
	assert_int_equal(p.zone_size, TETD_ZONE_SIZE);
	int found = 0;
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *s = d + 16 + 32 * i;
		if (unit_le32(s + 24) == TDVF_SECTION_TEMP_MEM && unit_le64(s + 8) == p.zone_base &&
		    unit_le64(s + 16) == p.zone_size)
			found++;
	}
	assert_int_equal(found, 1);
}

static void test_guid_byte_order(void **state)
{
	(void)state;
	static const uint8_t f[16] = TDVF_FOOTER_GUID_BYTES, t[16] = TDVF_METADATA_GUID_BYTES,
			     z[16] = TETD_ZONE_GUID_BYTES;
	uint8_t g[16];
	efi_guid(GUID_FOOTER, g);
	assert_memory_equal(f, g, 16);
	efi_guid(GUID_TDVF, g);
	assert_memory_equal(t, g, 16);
	efi_guid(GUID_ZONE, g);
	assert_memory_equal(z, g, 16);
	/* and the linked footer carries them */
	efi_guid(GUID_FOOTER, g);
	assert_memory_equal(tetd_footer.footer_guid.b, g, 16);
	efi_guid(GUID_TDVF, g);
	assert_memory_equal(tetd_footer.tdvf_guid.b, g, 16);
	efi_guid(GUID_ZONE, g);
	assert_memory_equal(tetd_footer.zone_guid.b, g, 16);
	/* EFI order really differs from RFC order (first bytes swapped) */
	assert_int_equal(f[0], 0xde);
	assert_int_equal(f[3], 0x96);
}

static void test_layout_constants(void **state)
{
	(void)state;
	/* the fixed places agree with each other and with the footer rule */
	assert_int_equal((uint64_t)TETD_IMAGE_BASE + TETD_IMAGE_SIZE, 0x100000000ull);
	assert_int_equal((uint64_t)TETD_FOOTER_GPA + 96, 0x100000000ull - 32);
	assert_int_equal(0x100000000ull - ((uint64_t)TETD_FOOTER_GPA + 80), TDVF_FOOTER_GUID_FROM_END);
	assert_true((uint64_t)TETD_TDVF_DESC_GPA + TETD_TDVF_DESC_MAX <= TETD_FOOTER_GPA);
	assert_int_equal(TETD_RESET_GPA, 0x100000000ull - 16);
	assert_int_equal(TETD_BFV_OFFSET + TETD_BFV_SIZE, TETD_IMAGE_SIZE);
	assert_int_equal(TETD_CFV_OFFSET + TETD_CFV_SIZE, TETD_BFV_OFFSET);
	assert_int_equal(tetd_tdvf_metadata.length, 16 + 32 * tetd_tdvf_metadata.number_of_section_entry);
	assert_true(tetd_tdvf_metadata.length <= TETD_TDVF_DESC_MAX);
	/* the descriptor offset in the footer counts back from 4 GiB */
	assert_int_equal(tetd_footer.tdvf_offset, 0x100000000ull - TETD_TDVF_DESC_GPA);
}

static uint8_t *synthetic(void)
{
	uint8_t *img = malloc(TETD_IMAGE_SIZE);
	memset(img, 0xff, TETD_IMAGE_SIZE);
	memcpy(img + (TETD_TDVF_DESC_GPA - TETD_IMAGE_BASE), &tetd_tdvf_metadata, tetd_tdvf_metadata.length);
	memcpy(img + (TETD_FOOTER_GPA - TETD_IMAGE_BASE), &tetd_footer, sizeof(tetd_footer));
	return img;
}

static void test_synthetic_image(void **state)
{
	(void)state;
	uint8_t *img = synthetic();
	check_image(img, TETD_IMAGE_SIZE);
	free(img);
}

/* The parser above must be able to say no, or check_image proves nothing. */
static void test_parser_rejects_damage(void **state)
{
	(void)state;
	struct parsed p;
	uint8_t *img = synthetic();
	size_t end = TETD_IMAGE_SIZE;
	img[end - 48] ^= 1; /* footer GUID */
	assert_non_null(parse_image(img, end, &p));
	img[end - 48] ^= 1;
	assert_null(parse_image(img, end, &p));
	uint16_t tl = unit_le16(img + end - 50);
	unit_put16(img + end - 50, (uint16_t)(tl + 1)); /* table length */
	assert_non_null(parse_image(img, end, &p));
	unit_put16(img + end - 50, tl);
	/* TDVF entry length (the entry right before the table length) */
	uint16_t el = unit_le16(img + end - 50 - 18);
	unit_put16(img + end - 50 - 18, 17);
	assert_non_null(parse_image(img, end, &p));
	unit_put16(img + end - 50 - 18, el);
	/* TDVF GUID damaged: entry skipped, so no descriptor */
	img[end - 50 - 16] ^= 0x80;
	assert_non_null(parse_image(img, end, &p));
	free(img);
}

static const char *fd_path(void)
{
	const char *p = getenv("TETD_UNIT_FD");
	return p ? p : UNIT_FD_PATH;
}

static void test_built_image(void **state)
{
	(void)state;
	size_t size;
	uint8_t *img = unit_read_file(fd_path(), &size);
	if (!img) {
		unit_skip("%s not present (make fw)", fd_path());
	}
	assert_int_equal(size, TETD_IMAGE_SIZE);
	check_image(img, size);
	/* byte for byte what fw/tdvf_meta.c holds (else the image is stale) */
	if (memcmp(img + (TETD_TDVF_DESC_GPA - TETD_IMAGE_BASE), &tetd_tdvf_metadata,
		   tetd_tdvf_metadata.length) != 0 ||
	    memcmp(img + (TETD_FOOTER_GPA - TETD_IMAGE_BASE), &tetd_footer, sizeof(tetd_footer)) != 0)
		fail_msg("%s: metadata differs from fw/tdvf_meta.c (stale image? run make fw)", fd_path());
	/* something executable sits at the reset vector, not erased flash */
	int erased = 1;
	for (unsigned i = 0; i < 16; i++)
		erased &= img[size - 16 + i] == 0xff;
	assert_false(erased);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guid_byte_order),
		cmocka_unit_test(test_layout_constants),
		cmocka_unit_test(test_synthetic_image),
		cmocka_unit_test(test_parser_rejects_damage),
		cmocka_unit_test(test_built_image),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
