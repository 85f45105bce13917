// SPDX-License-Identifier: MIT
/*
 * tests/unit/test_seam_tdvf.c - TDVF metadata parser: a valid synthetic
 * image, then a table of malformed ones, each expecting its own error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "seam_testlib.h"

#define FB(img) ((img) + TI_FOOTER_BLOCK)   /* footer block, see testlib */

static void test_valid(void **state)
{
	uint8_t *img = ti_build(1);
	struct seam_tdvf t;
	char msg[SEAM_MSG_LEN];

	(void)state;
	assert_int_equal(seam_tdvf_parse(img, TI_SIZE, &t, msg, sizeof(msg)),
			 SEAM_TDVF_OK);
	assert_string_equal(msg, "");
	assert_int_equal(t.nr_sections, TI_NSEC);
	assert_int_equal(t.desc_offset, TI_SIZE - TI_DESC_FROM_END);
	assert_int_equal(t.bfv, 1);
	assert_int_equal(t.td_hob, 2);
	assert_int_equal(t.zone, 4);
	assert_int_equal(t.zone_entry.base, TI_ZONE_GPA);
	assert_int_equal(t.zone_entry.size, TI_ZONE_SIZE);
	for (unsigned i = 0; i < TI_NSEC; i++)
		assert_memory_equal(&t.sec[i], &ti_sections[i],
				    sizeof(struct tdvf_section));
	free(img);
}

static void test_valid_without_zone(void **state)
{
	uint8_t *img = ti_build(0);
	struct seam_tdvf t;

	(void)state;
	assert_int_equal(seam_tdvf_parse(img, TI_SIZE, &t, NULL, 0), SEAM_TDVF_OK);
	assert_int_equal(t.zone, -1);
	free(img);
}

static void test_unknown_entry_skipped(void **state)
{
	uint8_t *img = ti_build(1);
	struct seam_tdvf t;

	(void)state;
	FB(img)[40] ^= 0xff; /* zone GUID -> some other GUID */
	assert_int_equal(seam_tdvf_parse(img, TI_SIZE, &t, NULL, 0), SEAM_TDVF_OK);
	assert_int_equal(t.zone, -1);
	free(img);
}

static void test_message_names_section(void **state)
{
	uint8_t *img = ti_build(1);
	struct tdvf_section s[TI_NSEC];
	struct seam_tdvf t;
	char msg[SEAM_MSG_LEN];

	(void)state;
	memcpy(s, ti_sections, sizeof(s));
	s[3].memory_address = 0x800800;
	ti_write_desc(img, s, TI_NSEC);
	assert_int_equal(seam_tdvf_parse(img, TI_SIZE, &t, msg, sizeof(msg)),
			 SEAM_TDVF_E_SEC_ADDR_ALIGN);
	assert_string_equal(msg,
		"section 3 (TempMem): MemoryAddress 0x800800 not 4 KiB aligned");
	free(img);
}

/* ---- malformed images: one mutation, one expected error ---- */

struct bad_case {
	const char *name;
	int expect;
	size_t len;                     /* 0: TI_SIZE */
	void (*fn)(uint8_t *img, struct tdvf_section *s, unsigned *n);
};

#define SEC(fn_name, body)                                                     \
	static void fn_name(uint8_t *img, struct tdvf_section *s, unsigned *n) \
	{                                                                      \
		(void)img; (void)s; (void)n;                                   \
		body;                                                          \
	}

SEC(m_none, )
SEC(m_footer_guid, img[TI_SIZE - 48] ^= 1)
SEC(m_table_len_small, FB(img)[78] = 17)
SEC(m_entry_len_small, FB(img)[60] = 5)
SEC(m_entry_len_big, FB(img)[60] = 200)
SEC(m_stray_bytes, FB(img)[78] += 5)
SEC(m_dup_metadata, ({ static const uint8_t g[16] = TDVF_METADATA_GUID_BYTES;
		       memcpy(FB(img) + 40, g, 16); }))
SEC(m_no_metadata, FB(img)[62] ^= 1)
SEC(m_metadata_len, ({ static const uint8_t g[16] = TDVF_METADATA_GUID_BYTES;
		       FB(img)[62] ^= 1; memcpy(FB(img) + 40, g, 16); }))
SEC(m_zone_len, ({ static const uint8_t g[16] = TETD_ZONE_GUID_BYTES;
		   memcpy(FB(img) + 62, g, 16); }))
SEC(m_desc_offset_small, ti_put32(FB(img) + 56, 8))
SEC(m_desc_offset_big, ti_put32(FB(img) + 56, TI_SIZE + 1))
SEC(m_signature, ti_desc(img)[0] ^= 1)
SEC(m_version, ti_put32(ti_desc(img) + 8, 2))
SEC(m_count_zero, ti_put32(ti_desc(img) + 12, 0))
SEC(m_count_big, ti_put32(ti_desc(img) + 12, SEAM_TDVF_MAX_SECTIONS + 1))
SEC(m_desc_length, ti_put32(ti_desc(img) + 4, 16 + 32 * TI_NSEC + 1))
SEC(m_desc_bounds, ({ uint8_t *d = img + TI_SIZE - 144;
		      ti_put32(d, TDVF_SIGNATURE); ti_put32(d + 4, 16 + 5 * 32);
		      ti_put32(d + 8, 1); ti_put32(d + 12, 5);
		      ti_put32(FB(img) + 56, 144); }))
SEC(m_type, s[2].type = 7)
SEC(m_attr, s[2].attributes = 4)
SEC(m_aug_tempmem, s[3].attributes = TDVF_ATTR_PAGE_AUG)
SEC(m_extend_hob, s[2].attributes = TDVF_ATTR_MR_EXTEND)
SEC(m_extend_permmem, s[5].attributes |= TDVF_ATTR_MR_EXTEND)
SEC(m_addr_align, s[2].memory_address = 0x880010)
SEC(m_size_align, s[2].memory_data_size = 0x10010)
SEC(m_gpa_wrap, (s[2].memory_address = 0xfffffffffffff000ull,
		 s[2].memory_data_size = 0x2000))
SEC(m_gpa_52, (s[2].memory_address = (1ull << 52) - 0x1000,
	       s[2].memory_data_size = 0x2000))
SEC(m_raw_size, s[0].raw_data_size = 0x9000)
SEC(m_raw_missing, s[0].raw_data_size = 0)
SEC(m_raw_forbidden, s[2].raw_data_size = 0x1000)
SEC(m_data_offset, s[3].data_offset = 0x100)
SEC(m_data_bounds, s[0].data_offset = 0x1f000)
SEC(m_overlap, s[2].memory_address = 0x800000)
SEC(m_added_size, (s[3].memory_address = 0x100000000ull,   /* 2 GiB TempMem */
		   s[3].memory_data_size = 0x80000000ull))
SEC(m_no_bfv, s[1].type = TDVF_SECTION_PAYLOAD)
SEC(m_two_bfv, s[0].type = TDVF_SECTION_BFV)
SEC(m_bfv_reset, (s[1].raw_data_size = 0x10000, s[1].memory_data_size = 0x10000))
SEC(m_two_hob, s[3].type = TDVF_SECTION_TD_HOB)
SEC(m_two_payload, (s[3].type = TDVF_SECTION_PAYLOAD,
		    s[4].type = TDVF_SECTION_PAYLOAD))
SEC(m_param_alone, s[3].type = TDVF_SECTION_PAYLOAD_PARAM)
SEC(m_zone_size, ti_put64(FB(img) + 30, TI_ZONE_SIZE * 2))
SEC(m_zone_not_tempmem, s[4].type = TDVF_SECTION_PAYLOAD)

static const struct bad_case bad[] = {
	{ "image too small", SEAM_TDVF_E_IMAGE_SIZE, 40, m_none },
	{ "footer GUID", SEAM_TDVF_E_FOOTER_GUID, 0, m_footer_guid },
	{ "table length < 18", SEAM_TDVF_E_TABLE_LEN, 0, m_table_len_small },
	{ "entry length < 18", SEAM_TDVF_E_ENTRY_LEN, 0, m_entry_len_small },
	{ "entry length > table", SEAM_TDVF_E_ENTRY_LEN, 0, m_entry_len_big },
	{ "stray table bytes", SEAM_TDVF_E_ENTRY_LEN, 0, m_stray_bytes },
	{ "two metadata entries", SEAM_TDVF_E_ENTRY_DUP, 0, m_dup_metadata },
	{ "no metadata entry", SEAM_TDVF_E_NO_METADATA, 0, m_no_metadata },
	{ "metadata entry length", SEAM_TDVF_E_METADATA_LEN, 0, m_metadata_len },
	{ "zone entry length", SEAM_TDVF_E_ZONE_LEN, 0, m_zone_len },
	{ "descriptor offset < 16", SEAM_TDVF_E_DESC_OFFSET, 0, m_desc_offset_small },
	{ "descriptor offset > image", SEAM_TDVF_E_DESC_OFFSET, 0, m_desc_offset_big },
	{ "signature", SEAM_TDVF_E_SIGNATURE, 0, m_signature },
	{ "version", SEAM_TDVF_E_VERSION, 0, m_version },
	{ "zero sections", SEAM_TDVF_E_SECTION_COUNT, 0, m_count_zero },
	{ "too many sections", SEAM_TDVF_E_SECTION_COUNT, 0, m_count_big },
	{ "descriptor length", SEAM_TDVF_E_DESC_LENGTH, 0, m_desc_length },
	{ "descriptor past end", SEAM_TDVF_E_DESC_BOUNDS, 0, m_desc_bounds },
	{ "unknown type", SEAM_TDVF_E_SEC_TYPE, 0, m_type },
	{ "unknown attribute", SEAM_TDVF_E_SEC_ATTR, 0, m_attr },
	{ "PAGE.AUG on TempMem", SEAM_TDVF_E_SEC_AUG, 0, m_aug_tempmem },
	{ "MR.EXTEND on TD_HOB", SEAM_TDVF_E_SEC_EXTEND, 0, m_extend_hob },
	{ "MR.EXTEND on PermMem", SEAM_TDVF_E_SEC_EXTEND, 0, m_extend_permmem },
	{ "address alignment", SEAM_TDVF_E_SEC_ADDR_ALIGN, 0, m_addr_align },
	{ "size alignment", SEAM_TDVF_E_SEC_SIZE_ALIGN, 0, m_size_align },
	{ "GPA u64 wrap", SEAM_TDVF_E_SEC_GPA_RANGE, 0, m_gpa_wrap },
	{ "GPA past 2^52", SEAM_TDVF_E_SEC_GPA_RANGE, 0, m_gpa_52 },
	{ "raw > memory size", SEAM_TDVF_E_SEC_RAW_SIZE, 0, m_raw_size },
	{ "CFV without data", SEAM_TDVF_E_SEC_RAW_MISSING, 0, m_raw_missing },
	{ "TD_HOB with data", SEAM_TDVF_E_SEC_RAW_FORBIDDEN, 0, m_raw_forbidden },
	{ "offset without data", SEAM_TDVF_E_SEC_DATA_OFFSET, 0, m_data_offset },
	{ "data outside image", SEAM_TDVF_E_SEC_DATA_BOUNDS, 0, m_data_bounds },
	{ "GPA overlap", SEAM_TDVF_E_SEC_OVERLAP, 0, m_overlap },
	{ "2 GiB to PAGE.ADD", SEAM_TDVF_E_ADDED_SIZE, 0, m_added_size },
	{ "no BFV", SEAM_TDVF_E_BFV_COUNT, 0, m_no_bfv },
	{ "two BFVs", SEAM_TDVF_E_BFV_COUNT, 0, m_two_bfv },
	{ "BFV misses reset vector", SEAM_TDVF_E_BFV_RESET, 0, m_bfv_reset },
	{ "two TD_HOBs", SEAM_TDVF_E_TD_HOB_COUNT, 0, m_two_hob },
	{ "two Payloads", SEAM_TDVF_E_PAYLOAD_COUNT, 0, m_two_payload },
	{ "PayloadParam alone", SEAM_TDVF_E_PAYLOAD_PARAM, 0, m_param_alone },
	{ "zone size mismatch", SEAM_TDVF_E_ZONE_MATCH, 0, m_zone_size },
	{ "zone on a Payload", SEAM_TDVF_E_ZONE_MATCH, 0, m_zone_not_tempmem },
};

#define NBAD (sizeof(bad) / sizeof(bad[0]))

static void test_bad(void **state)
{
	const struct bad_case *c = *state;
	struct tdvf_section s[TI_NSEC];
	unsigned n = TI_NSEC;
	uint8_t *img = ti_build(1);
	struct seam_tdvf t;
	char msg[SEAM_MSG_LEN];
	int err;

	memcpy(s, ti_sections, sizeof(s));
	c->fn(img, s, &n);
	if (memcmp(s, ti_sections, sizeof(s)))
		ti_write_desc(img, s, n);
	err = seam_tdvf_parse(img, c->len ? c->len : TI_SIZE, &t, msg, sizeof(msg));
	if (err != c->expect)
		fail_msg("%s: got %s (%s), expected %s", c->name,
			 seam_tdvf_err_name(err), msg,
			 seam_tdvf_err_name(c->expect));
	assert_true(strlen(msg) > 10);
	free(img);
}

/* Every error code is reachable from the table (distinct, named errors). */
static void test_every_error_covered(void **state)
{
	int seen[SEAM_TDVF_E__COUNT] = { 0 };

	(void)state;
	for (size_t i = 0; i < NBAD; i++)
		seen[bad[i].expect] = 1;
	for (int e = 1; e < SEAM_TDVF_E__COUNT; e++) {
		if (!seen[e])
			fail_msg("error %s has no malformed case",
				 seam_tdvf_err_name(e));
		assert_string_not_equal(seam_tdvf_err_name(e), "unknown");
	}
}

int main(void)
{
	struct CMUnitTest tests[5 + NBAD] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_valid_without_zone),
		cmocka_unit_test(test_unknown_entry_skipped),
		cmocka_unit_test(test_message_names_section),
		cmocka_unit_test(test_every_error_covered),
	};

	for (size_t i = 0; i < NBAD; i++)
		tests[5 + i] = (struct CMUnitTest){
			.name = bad[i].name,
			.test_func = test_bad,
			.initial_state = (void *)&bad[i],
		};
	return _cmocka_run_group_tests("seam_tdvf", tests, 5 + NBAD, NULL, NULL);
}
