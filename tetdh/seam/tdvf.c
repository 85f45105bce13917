// SPDX-License-Identifier: MIT
/*
 * tetdh/seam/tdvf.c - find, parse and validate TDVF metadata.
 *
 * The image is untrusted input: every read is bounds-checked against the
 * image length with 64-bit arithmetic, and every rejection has its own
 * error code and a one-line message.
 *
 * Layout (TDVF design guide; td-shim doc/tdshim_spec.md part I; QEMU
 * hw/i386/pc_sysfw_ovmf.c + hw/i386/tdvf.c): the footer GUID sits 48 bytes
 * before the image end; the u16 before it is the table length, covering all
 * entries, itself and the footer GUID. Entries walk backwards, each being
 * { data, u16 length (data + 18), GUID }. The TDVF metadata entry holds a
 * u32 offset, counted back from the image end, to the descriptor.
 *
 * Section rules (td-shim spec Table 1.1-3/1.1-4 and its rule list; QEMU's
 * tdvf_parse_and_check_section_entry): 4 KiB aligned MemoryAddress and
 * MemoryDataSize; RawDataSize <= MemoryDataSize; BFV/CFV carry raw data,
 * TD_HOB/TempMem/PermMem/PayloadParam carry none; PAGE.AUG only on PermMem;
 * MR.EXTEND only on BFV/CFV/Payload; one BFV (ours: exactly one, covering
 * the reset vector), at most one TD_HOB, Payload and PayloadParam.
 * Ours on top: no two sections share a GPA, and the PAGE.ADDed sections
 * total at most 1 GiB (the VMM copies and hashes each of those pages).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "seam.h"

#define FOOTER_FROM_END  TDVF_FOOTER_GUID_FROM_END   /* 48 */
#define ENTRY_TAIL       18u                         /* u16 length + GUID */
#define RESET_VECTOR     0xfffffff0ull

static const uint8_t footer_guid[16] = TDVF_FOOTER_GUID_BYTES;
static const uint8_t metadata_guid[16] = TDVF_METADATA_GUID_BYTES;
static const uint8_t zone_guid[16] = TETD_ZONE_GUID_BYTES;

static const char *const err_names[SEAM_TDVF_E__COUNT] = {
	[SEAM_TDVF_OK] = "ok",
	[SEAM_TDVF_E_IMAGE_SIZE] = "image-size",
	[SEAM_TDVF_E_FOOTER_GUID] = "footer-guid",
	[SEAM_TDVF_E_TABLE_LEN] = "table-length",
	[SEAM_TDVF_E_ENTRY_LEN] = "entry-length",
	[SEAM_TDVF_E_ENTRY_DUP] = "entry-duplicate",
	[SEAM_TDVF_E_NO_METADATA] = "no-metadata-entry",
	[SEAM_TDVF_E_METADATA_LEN] = "metadata-entry-length",
	[SEAM_TDVF_E_DESC_OFFSET] = "descriptor-offset",
	[SEAM_TDVF_E_SIGNATURE] = "signature",
	[SEAM_TDVF_E_VERSION] = "version",
	[SEAM_TDVF_E_SECTION_COUNT] = "section-count",
	[SEAM_TDVF_E_DESC_LENGTH] = "descriptor-length",
	[SEAM_TDVF_E_DESC_BOUNDS] = "descriptor-bounds",
	[SEAM_TDVF_E_SEC_TYPE] = "section-type",
	[SEAM_TDVF_E_SEC_ATTR] = "section-attributes",
	[SEAM_TDVF_E_SEC_AUG] = "section-page-aug",
	[SEAM_TDVF_E_SEC_EXTEND] = "section-mr-extend",
	[SEAM_TDVF_E_SEC_ADDR_ALIGN] = "section-address-alignment",
	[SEAM_TDVF_E_SEC_SIZE_ALIGN] = "section-size-alignment",
	[SEAM_TDVF_E_SEC_GPA_RANGE] = "section-gpa-range",
	[SEAM_TDVF_E_SEC_RAW_SIZE] = "section-raw-size",
	[SEAM_TDVF_E_SEC_RAW_MISSING] = "section-raw-missing",
	[SEAM_TDVF_E_SEC_RAW_FORBIDDEN] = "section-raw-forbidden",
	[SEAM_TDVF_E_SEC_DATA_OFFSET] = "section-data-offset",
	[SEAM_TDVF_E_SEC_DATA_BOUNDS] = "section-data-bounds",
	[SEAM_TDVF_E_SEC_OVERLAP] = "section-overlap",
	[SEAM_TDVF_E_ADDED_SIZE] = "added-size",
	[SEAM_TDVF_E_BFV_COUNT] = "bfv-count",
	[SEAM_TDVF_E_BFV_RESET] = "bfv-reset-vector",
	[SEAM_TDVF_E_TD_HOB_COUNT] = "td-hob-count",
	[SEAM_TDVF_E_PAYLOAD_COUNT] = "payload-count",
	[SEAM_TDVF_E_PAYLOAD_PARAM] = "payload-param",
	[SEAM_TDVF_E_ZONE_LEN] = "zone-entry-length",
	[SEAM_TDVF_E_ZONE_MATCH] = "zone-match",
};

static const char *const type_names[] = {
	"BFV", "CFV", "TD_HOB", "TempMem", "PermMem", "Payload", "PayloadParam",
};

const char *seam_tdvf_err_name(int err)
{
	if (err < 0 || err >= SEAM_TDVF_E__COUNT || !err_names[err])
		return "unknown";
	return err_names[err];
}

const char *seam_tdvf_type_name(uint32_t type)
{
	return type <= TDVF_SECTION_TYPE_MAX ? type_names[type] : "unknown";
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

__attribute__((format(printf, 4, 5)))
static int fail(char *msg, size_t msglen, int err, const char *fmt, ...)
{
	va_list ap;

	if (msg && msglen) {
		va_start(ap, fmt);
		vsnprintf(msg, msglen, fmt, ap);
		va_end(ap);
	}
	return err;
}

/* Walk the GUIDed footer table; return the descriptor's image offset. */
static int walk_footer(const uint8_t *img, size_t len, struct seam_tdvf *t,
		       uint32_t *desc_off, char *msg, size_t msglen)
{
	uint64_t foot, start, p, tlen;
	int have_meta = 0, have_zone = 0;

	if (len < FOOTER_FROM_END + 2 || len > UINT32_MAX)
		return fail(msg, msglen, SEAM_TDVF_E_IMAGE_SIZE,
			    "image size %zu: need %u..4294967295 bytes", len,
			    FOOTER_FROM_END + 2);
	foot = len - FOOTER_FROM_END;
	if (memcmp(img + foot, footer_guid, 16))
		return fail(msg, msglen, SEAM_TDVF_E_FOOTER_GUID,
			    "no TDVF footer GUID at image end - 48");
	tlen = le16(img + foot - 2);
	if (tlen < ENTRY_TAIL || tlen > foot + 16)
		return fail(msg, msglen, SEAM_TDVF_E_TABLE_LEN,
			    "footer table length %llu out of range 18..%llu",
			    (unsigned long long)tlen,
			    (unsigned long long)(foot + 16));
	start = foot + 16 - tlen;
	for (p = foot - 2; p > start;) {
		const uint8_t *guid;
		uint64_t elen, data;

		if (p - start < ENTRY_TAIL)
			return fail(msg, msglen, SEAM_TDVF_E_ENTRY_LEN,
				    "footer table: %llu stray bytes before entry at image offset 0x%llx",
				    (unsigned long long)(p - start),
				    (unsigned long long)p);
		guid = img + p - 16;
		elen = le16(img + p - ENTRY_TAIL);
		if (elen < ENTRY_TAIL || elen > p - start)
			return fail(msg, msglen, SEAM_TDVF_E_ENTRY_LEN,
				    "footer table entry at image offset 0x%llx: length %llu out of range 18..%llu",
				    (unsigned long long)p,
				    (unsigned long long)elen,
				    (unsigned long long)(p - start));
		data = p - elen;
		if (!memcmp(guid, metadata_guid, 16)) {
			if (have_meta++)
				return fail(msg, msglen, SEAM_TDVF_E_ENTRY_DUP,
					    "footer table: two TDVF metadata entries");
			if (elen - ENTRY_TAIL != 4)
				return fail(msg, msglen, SEAM_TDVF_E_METADATA_LEN,
					    "TDVF metadata entry carries %llu bytes, not 4",
					    (unsigned long long)(elen - ENTRY_TAIL));
			*desc_off = le32(img + data);
		} else if (!memcmp(guid, zone_guid, 16)) {
			if (have_zone++)
				return fail(msg, msglen, SEAM_TDVF_E_ENTRY_DUP,
					    "footer table: two TETD zone entries");
			if (elen - ENTRY_TAIL != sizeof(struct tetd_zone_entry))
				return fail(msg, msglen, SEAM_TDVF_E_ZONE_LEN,
					    "TETD zone entry carries %llu bytes, not 16",
					    (unsigned long long)(elen - ENTRY_TAIL));
			t->zone_entry.base = le64(img + data);
			t->zone_entry.size = le64(img + data + 8);
			t->zone = -2; /* present, not yet matched */
		}
		/* Other GUIDs (e.g. OVMF's SEV entries) are not ours: skip. */
		p = data;
	}
	if (!have_meta)
		return fail(msg, msglen, SEAM_TDVF_E_NO_METADATA,
			    "footer table has no TDVF metadata entry");
	return SEAM_TDVF_OK;
}

static int check_header(const uint8_t *img, size_t len, uint32_t from_end,
			struct seam_tdvf *t, char *msg, size_t msglen)
{
	uint64_t desc, dlen, n;

	if (from_end < sizeof(struct tdvf_descriptor) || from_end > len)
		return fail(msg, msglen, SEAM_TDVF_E_DESC_OFFSET,
			    "descriptor offset 0x%x from image end: header not inside the %zu-byte image",
			    from_end, len);
	desc = len - from_end;
	if (le32(img + desc) != TDVF_SIGNATURE)
		return fail(msg, msglen, SEAM_TDVF_E_SIGNATURE,
			    "descriptor at image offset 0x%llx: signature 0x%08x is not \"TDVF\"",
			    (unsigned long long)desc, le32(img + desc));
	if (le32(img + desc + 8) != TDVF_VERSION)
		return fail(msg, msglen, SEAM_TDVF_E_VERSION,
			    "descriptor version %u, expected 1",
			    le32(img + desc + 8));
	n = le32(img + desc + 12);
	if (n == 0 || n > SEAM_TDVF_MAX_SECTIONS)
		return fail(msg, msglen, SEAM_TDVF_E_SECTION_COUNT,
			    "descriptor declares %llu sections, expected 1..%d",
			    (unsigned long long)n, SEAM_TDVF_MAX_SECTIONS);
	dlen = le32(img + desc + 4);
	if (dlen != sizeof(struct tdvf_descriptor) + n * sizeof(struct tdvf_section))
		return fail(msg, msglen, SEAM_TDVF_E_DESC_LENGTH,
			    "descriptor length %llu does not match %llu sections (%llu)",
			    (unsigned long long)dlen, (unsigned long long)n,
			    (unsigned long long)(16 + n * 32));
	if (desc + dlen > len)
		return fail(msg, msglen, SEAM_TDVF_E_DESC_BOUNDS,
			    "descriptor at image offset 0x%llx (%llu bytes) runs past the image end",
			    (unsigned long long)desc, (unsigned long long)dlen);
	t->desc_offset = (uint32_t)desc;
	t->nr_sections = (uint32_t)n;
	return SEAM_TDVF_OK;
}

static int check_section(const struct tdvf_section *s, unsigned i, size_t len,
			 char *msg, size_t msglen)
{
	uint32_t ty = s->type, at = s->attributes;
	int raw_required = ty == TDVF_SECTION_BFV || ty == TDVF_SECTION_CFV;
	int raw_forbidden = ty == TDVF_SECTION_TD_HOB ||
			    ty == TDVF_SECTION_TEMP_MEM ||
			    ty == TDVF_SECTION_PERM_MEM ||
			    ty == TDVF_SECTION_PAYLOAD_PARAM;
	int extend_ok = ty == TDVF_SECTION_BFV || ty == TDVF_SECTION_CFV ||
			ty == TDVF_SECTION_PAYLOAD;

	if (ty > TDVF_SECTION_TYPE_MAX)
		return fail(msg, msglen, SEAM_TDVF_E_SEC_TYPE,
			    "section %u: unknown type %u", i, ty);
	if (at & ~TDVF_ATTR_MASK)
		return fail(msg, msglen, SEAM_TDVF_E_SEC_ATTR,
			    "section %u (%s): unknown attribute bits 0x%x", i,
			    type_names[ty], at & ~TDVF_ATTR_MASK);
	if ((at & TDVF_ATTR_PAGE_AUG) && ty != TDVF_SECTION_PERM_MEM)
		return fail(msg, msglen, SEAM_TDVF_E_SEC_AUG,
			    "section %u (%s): PAGE.AUG is allowed on PermMem only",
			    i, type_names[ty]);
	if ((at & TDVF_ATTR_MR_EXTEND) && !extend_ok)
		return fail(msg, msglen, SEAM_TDVF_E_SEC_EXTEND,
			    "section %u (%s): MR.EXTEND is allowed on BFV, CFV and Payload only",
			    i, type_names[ty]);
	if (s->memory_address & (SEAM_PAGE_SIZE - 1))
		return fail(msg, msglen, SEAM_TDVF_E_SEC_ADDR_ALIGN,
			    "section %u (%s): MemoryAddress 0x%llx not 4 KiB aligned",
			    i, type_names[ty],
			    (unsigned long long)s->memory_address);
	if (s->memory_data_size & (SEAM_PAGE_SIZE - 1))
		return fail(msg, msglen, SEAM_TDVF_E_SEC_SIZE_ALIGN,
			    "section %u (%s): MemoryDataSize 0x%llx not 4 KiB aligned",
			    i, type_names[ty],
			    (unsigned long long)s->memory_data_size);
	if (s->memory_address >= SEAM_MAX_GPA ||
	    s->memory_data_size > SEAM_MAX_GPA - s->memory_address)
		return fail(msg, msglen, SEAM_TDVF_E_SEC_GPA_RANGE,
			    "section %u (%s): 0x%llx + 0x%llx passes the 52-bit GPA space",
			    i, type_names[ty],
			    (unsigned long long)s->memory_address,
			    (unsigned long long)s->memory_data_size);
	if (s->raw_data_size > s->memory_data_size)
		return fail(msg, msglen, SEAM_TDVF_E_SEC_RAW_SIZE,
			    "section %u (%s): RawDataSize 0x%x > MemoryDataSize 0x%llx",
			    i, type_names[ty], s->raw_data_size,
			    (unsigned long long)s->memory_data_size);
	if (raw_required && s->raw_data_size == 0)
		return fail(msg, msglen, SEAM_TDVF_E_SEC_RAW_MISSING,
			    "section %u (%s): RawDataSize is 0", i,
			    type_names[ty]);
	if (raw_forbidden && s->raw_data_size != 0)
		return fail(msg, msglen, SEAM_TDVF_E_SEC_RAW_FORBIDDEN,
			    "section %u (%s): RawDataSize 0x%x must be 0", i,
			    type_names[ty], s->raw_data_size);
	if (s->raw_data_size == 0 && s->data_offset != 0)
		return fail(msg, msglen, SEAM_TDVF_E_SEC_DATA_OFFSET,
			    "section %u (%s): DataOffset 0x%x with no raw data",
			    i, type_names[ty], s->data_offset);
	if ((uint64_t)s->data_offset + s->raw_data_size > len)
		return fail(msg, msglen, SEAM_TDVF_E_SEC_DATA_BOUNDS,
			    "section %u (%s): data 0x%x + 0x%x outside the %zu-byte image",
			    i, type_names[ty], s->data_offset,
			    s->raw_data_size, len);
	return SEAM_TDVF_OK;
}

/* Section-set rules: no GPA overlap, counts, the zone entry. */
static int check_set(struct seam_tdvf *t, char *msg, size_t msglen)
{
	unsigned i, j, cnt[TDVF_SECTION_TYPE_MAX + 1] = { 0 };
	const struct tdvf_section *bfv;
	uint64_t added = 0; /* < 64 * 2^52: cannot wrap */

	for (i = 0; i < t->nr_sections; i++) {
		const struct tdvf_section *a = &t->sec[i];

		cnt[a->type]++;
		if (!(a->attributes & TDVF_ATTR_PAGE_AUG))
			added += a->memory_data_size;
		if (a->type == TDVF_SECTION_BFV)
			t->bfv = (int)i;
		if (a->type == TDVF_SECTION_TD_HOB)
			t->td_hob = (int)i;
		for (j = 0; j < i && a->memory_data_size; j++) {
			const struct tdvf_section *b = &t->sec[j];

			if (b->memory_data_size &&
			    a->memory_address < b->memory_address + b->memory_data_size &&
			    b->memory_address < a->memory_address + a->memory_data_size)
				return fail(msg, msglen, SEAM_TDVF_E_SEC_OVERLAP,
					    "sections %u (%s) and %u (%s) overlap in GPA space",
					    j, type_names[b->type], i,
					    type_names[a->type]);
		}
	}
	/* A VMM copies and hashes every PAGE.ADD page at build time: bound the
	 * work an image can ask for (TDVF images add a few MiB). */
	if (added > SEAM_TDVF_MAX_ADDED)
		return fail(msg, msglen, SEAM_TDVF_E_ADDED_SIZE,
			    "sections to PAGE.ADD total 0x%llx bytes, over the 1 GiB limit",
			    (unsigned long long)added);
	if (cnt[TDVF_SECTION_BFV] != 1)
		return fail(msg, msglen, SEAM_TDVF_E_BFV_COUNT,
			    "%u BFV sections, expected exactly 1",
			    cnt[TDVF_SECTION_BFV]);
	bfv = &t->sec[t->bfv];
	if (bfv->memory_address > RESET_VECTOR ||
	    bfv->memory_address + bfv->memory_data_size < RESET_VECTOR + 16)
		return fail(msg, msglen, SEAM_TDVF_E_BFV_RESET,
			    "BFV 0x%llx + 0x%llx does not hold the reset vector 0xfffffff0",
			    (unsigned long long)bfv->memory_address,
			    (unsigned long long)bfv->memory_data_size);
	if (cnt[TDVF_SECTION_TD_HOB] > 1)
		return fail(msg, msglen, SEAM_TDVF_E_TD_HOB_COUNT,
			    "%u TD_HOB sections, expected at most 1",
			    cnt[TDVF_SECTION_TD_HOB]);
	if (cnt[TDVF_SECTION_PAYLOAD] > 1 || cnt[TDVF_SECTION_PAYLOAD_PARAM] > 1)
		return fail(msg, msglen, SEAM_TDVF_E_PAYLOAD_COUNT,
			    "%u Payload and %u PayloadParam sections, expected at most 1 each",
			    cnt[TDVF_SECTION_PAYLOAD],
			    cnt[TDVF_SECTION_PAYLOAD_PARAM]);
	if (cnt[TDVF_SECTION_PAYLOAD_PARAM] && !cnt[TDVF_SECTION_PAYLOAD])
		return fail(msg, msglen, SEAM_TDVF_E_PAYLOAD_PARAM,
			    "PayloadParam section without a Payload section");
	if (t->zone == -2) {
		t->zone = -1;
		for (i = 0; i < t->nr_sections; i++)
			if (t->sec[i].type == TDVF_SECTION_TEMP_MEM &&
			    t->sec[i].memory_data_size &&
			    t->sec[i].memory_address == t->zone_entry.base &&
			    t->sec[i].memory_data_size == t->zone_entry.size)
				t->zone = (int)i;
		if (t->zone < 0)
			return fail(msg, msglen, SEAM_TDVF_E_ZONE_MATCH,
				    "TETD zone 0x%llx + 0x%llx matches no TempMem section",
				    (unsigned long long)t->zone_entry.base,
				    (unsigned long long)t->zone_entry.size);
	}
	return SEAM_TDVF_OK;
}

int seam_tdvf_parse(const uint8_t *img, size_t len, struct seam_tdvf *t,
		    char *msg, size_t msglen)
{
	uint32_t from_end = 0;
	unsigned i;
	int err;

	memset(t, 0, sizeof(*t));
	t->td_hob = t->zone = t->bfv = -1;
	if (msg && msglen)
		msg[0] = 0;
	err = walk_footer(img, len, t, &from_end, msg, msglen);
	if (err)
		return err;
	err = check_header(img, len, from_end, t, msg, msglen);
	if (err)
		return err;
	for (i = 0; i < t->nr_sections; i++) {
		const uint8_t *p = img + t->desc_offset +
				   sizeof(struct tdvf_descriptor) + 32 * i;
		struct tdvf_section *s = &t->sec[i];

		s->data_offset = le32(p);
		s->raw_data_size = le32(p + 4);
		s->memory_address = le64(p + 8);
		s->memory_data_size = le64(p + 16);
		s->type = le32(p + 24);
		s->attributes = le32(p + 28);
		err = check_section(s, i, len, msg, msglen);
		if (err)
			return err;
	}
	return check_set(t, msg, msglen);
}
