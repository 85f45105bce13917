/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/seam_testlib.h - fixtures shared by the test_seam_* tests:
 * a small synthetic TDVF image (built byte by byte here, not by the code
 * under test) and a two-region guest memory (low RAM + the flash window
 * below 4 GiB).
 */
#ifndef SEAM_TESTLIB_H
#define SEAM_TESTLIB_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tetd/tdvf.h>

#include "seam.h"

/* A 128 KiB image mapped just below 4 GiB: CFV then BFV. */
#define TI_SIZE          0x20000u
#define TI_BASE          (0x100000000ull - TI_SIZE)
#define TI_DESC_FROM_END 0x300u
#define TI_FOOTER_BLOCK  (TI_SIZE - 32 - sizeof(struct tetd_footer_block))
#define TI_ZONE_GPA      0xC00000ull
#define TI_ZONE_SIZE     0x10000ull
#define TI_RAM_SIZE      0x2000000ull            /* 32 MiB of low RAM */
#define TI_NSEC          6

static const struct tdvf_section ti_sections[TI_NSEC] = {
	/* data_offset, raw, gpa, size, type, attributes */
	{ 0x0, 0x8000, TI_BASE, 0x8000, TDVF_SECTION_CFV, 0 },
	{ 0x8000, 0x18000, TI_BASE + 0x8000, 0x18000, TDVF_SECTION_BFV,
	  TDVF_ATTR_MR_EXTEND },
	{ 0, 0, 0x880000, 0x10000, TDVF_SECTION_TD_HOB, 0 },
	{ 0, 0, 0x800000, 0x80000, TDVF_SECTION_TEMP_MEM, 0 },
	{ 0, 0, TI_ZONE_GPA, TI_ZONE_SIZE, TDVF_SECTION_TEMP_MEM, 0 },
	{ 0, 0, 0x1000000, 0x200000, TDVF_SECTION_PERM_MEM,
	  TDVF_ATTR_PAGE_AUG },
};

static inline void ti_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void ti_put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint8_t *ti_desc(uint8_t *img)
{
	return img + (TI_SIZE - TI_DESC_FROM_END);
}

/* Write a descriptor with n sections (n <= 19 fits before the footer). */
static inline void ti_write_desc(uint8_t *img, const struct tdvf_section *s,
				 unsigned n)
{
	uint8_t *d = ti_desc(img);

	ti_put32(d, TDVF_SIGNATURE);
	ti_put32(d + 4, 16 + 32 * n);
	ti_put32(d + 8, TDVF_VERSION);
	ti_put32(d + 12, n);
	for (unsigned i = 0; i < n; i++) {
		uint8_t *e = d + 16 + 32 * i;

		ti_put32(e, s[i].data_offset);
		ti_put32(e + 4, s[i].raw_data_size);
		ti_put64(e + 8, s[i].memory_address);
		ti_put64(e + 16, s[i].memory_data_size);
		ti_put32(e + 24, s[i].type);
		ti_put32(e + 28, s[i].attributes);
	}
}

/* The footer block, field by field (little-endian, as the table walk
 * reads it: zone entry, TDVF entry, table length, footer GUID). */
static inline void ti_write_footer(uint8_t *img, int with_zone)
{
	static const uint8_t fg[16] = TDVF_FOOTER_GUID_BYTES;
	static const uint8_t mg[16] = TDVF_METADATA_GUID_BYTES;
	static const uint8_t zg[16] = TETD_ZONE_GUID_BYTES;
	uint8_t *b = img + TI_FOOTER_BLOCK;
	unsigned tlen = 22 + 2 + 16;

	memset(b, 0, sizeof(struct tetd_footer_block));
	if (with_zone) {
		ti_put64(b + 22, TI_ZONE_GPA);
		ti_put64(b + 30, TI_ZONE_SIZE);
		b[38] = 34;                     /* 16 data + 2 + 16 */
		memcpy(b + 40, zg, 16);
		tlen += 34;
	}
	ti_put32(b + 56, TI_DESC_FROM_END);
	b[60] = 22;                             /* 4 data + 2 + 16 */
	memcpy(b + 62, mg, 16);
	b[78] = (uint8_t)tlen;
	memcpy(b + 80, fg, 16);
}

/* A valid image: patterned raw data, 6 sections, zone entry. */
static inline uint8_t *ti_build(int with_zone)
{
	uint8_t *img = malloc(TI_SIZE);

	if (!img)
		abort();
	for (uint32_t i = 0; i < TI_SIZE; i++)
		img[i] = (uint8_t)(i * 7 + (i >> 12));
	ti_write_desc(img, ti_sections, TI_NSEC);
	ti_write_footer(img, with_zone);
	return img;
}

/* Guest memory: [0, TI_RAM_SIZE) and the flash window [TI_BASE, 4 GiB). */
struct ti_mem {
	struct seam_flat_mem low, high;
	struct seam_guest_mem lowm, highm;
};

static inline int ti_read(void *o, uint64_t gpa, void *buf, size_t len)
{
	struct ti_mem *m = o;

	if (!m->lowm.read(&m->low, gpa, buf, len))
		return 0;
	return m->highm.read(&m->high, gpa, buf, len);
}

static inline int ti_write(void *o, uint64_t gpa, const void *buf, size_t len)
{
	struct ti_mem *m = o;

	if (!m->lowm.write(&m->low, gpa, buf, len))
		return 0;
	return m->highm.write(&m->high, gpa, buf, len);
}

static inline void ti_mem_init(struct ti_mem *m, struct seam_guest_mem *acc)
{
	seam_flat_mem_init(&m->lowm, &m->low, calloc(1, TI_RAM_SIZE), 0,
			   TI_RAM_SIZE);
	seam_flat_mem_init(&m->highm, &m->high, calloc(1, TI_SIZE), TI_BASE,
			   TI_SIZE);
	acc->opaque = m;
	acc->read = ti_read;
	acc->write = ti_write;
}

static inline void ti_mem_free(struct ti_mem *m)
{
	free(m->low.ram);
	free(m->high.ram);
}

#endif
