// SPDX-License-Identifier: MIT
/*
 * tests/unit/test_seam_mrtd.c - MRTD of a synthetic image, checked against
 * (1) a straight-line computation written here from REFERENCES.md (it
 * shares no code with mrtd.c: own block layout, own section table), and
 * (2) a value computed once by an independent Python hashlib script over
 * the same image bytes, pasted literally.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "seam_testlib.h"

/* Output of tests/unit/seam_mrtd_ref.py: Python rebuilds the image from the
 * same description and hashes the REFERENCES.md blocks with hashlib. */
static const char *const mrtd_python =
	"c5d12f951c3409faaf043bfed99e4772e29c929c9e89dfa3b473960ef961e60d"
	"4761b5f09ec21bebafd32adbfae9cafc";

static void hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

/* Independent: iterate our own section table, build every block inline. */
static void independent_mrtd(const uint8_t *img, const struct tdvf_section *sec,
			     unsigned nsec, uint8_t out[48])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int n;

	assert_non_null(ctx);
	assert_int_equal(EVP_DigestInit_ex(ctx, EVP_sha384(), NULL), 1);
	for (unsigned i = 0; i < nsec; i++) {
		const struct tdvf_section *s = &sec[i];

		if (s->attributes & 2) /* PAGE.AUG: not added, not measured */
			continue;
		for (uint64_t off = 0; off < s->memory_data_size; off += 4096) {
			uint64_t gpa = s->memory_address + off;
			uint8_t blk[128] = "MEM.PAGE.ADD", page[4096] = { 0 };

			for (int b = 0; b < 8; b++)
				blk[16 + b] = (uint8_t)(gpa >> (8 * b));
			EVP_DigestUpdate(ctx, blk, 128);
			if (!(s->attributes & 1))
				continue;
			for (uint64_t b = 0; b < 4096; b++)
				if (off + b < s->raw_data_size)
					page[b] = img[s->data_offset + off + b];
			for (int k = 0; k < 16; k++) {
				uint8_t ext[128] = "MR.EXTEND";
				uint64_t cg = gpa + 256 * (uint64_t)k;

				for (int b = 0; b < 8; b++)
					ext[16 + b] = (uint8_t)(cg >> (8 * b));
				EVP_DigestUpdate(ctx, ext, 128);
				EVP_DigestUpdate(ctx, page + 256 * k, 256);
			}
		}
	}
	assert_int_equal(EVP_DigestFinal_ex(ctx, out, &n), 1);
	EVP_MD_CTX_free(ctx);
}

static void test_image_mrtd(void **state)
{
	uint8_t *img = ti_build(1), got[48], want[48];
	char h[97];
	struct seam_tdvf t;

	(void)state;
	assert_int_equal(seam_tdvf_parse(img, TI_SIZE, &t, NULL, 0), 0);
	assert_int_equal(seam_mrtd_image(&t, img, TI_SIZE, got), 0);
	independent_mrtd(img, ti_sections, TI_NSEC, want);
	assert_memory_equal(got, want, 48);
	hex(got, 48, h);
	assert_string_equal(h, mrtd_python);
	free(img);
}

/* The TD path (PAGE.ADD + MR.EXTEND through page states and guest memory)
 * gives the same MRTD and leaves the image in guest memory. */
static void test_td_build_mrtd(void **state)
{
	struct seam_td_config cfg = { .gpaw = 48, .max_vcpus = 1 };
	uint8_t *img = ti_build(1), want[48], page[4096];
	struct seam_guest_mem mem;
	struct seam_tdvf t;
	struct seam_td td;
	struct ti_mem m;

	(void)state;
	ti_mem_init(&m, &mem);
	assert_int_equal(seam_tdvf_parse(img, TI_SIZE, &t, NULL, 0), 0);
	assert_int_equal(seam_td_init(&td, &cfg), 0);
	assert_int_equal(seam_pages_add_range(&td.pages, 0, TI_RAM_SIZE), 0);
	assert_int_equal(seam_pages_add_range(&td.pages, TI_BASE, TI_SIZE), 0);
	assert_int_equal(seam_td_load_image(&td, &mem, &t, img, TI_SIZE), TDX_SUCCESS);
	assert_int_equal(seam_td_finalize(&td), TDX_SUCCESS);
	independent_mrtd(img, ti_sections, TI_NSEC, want);
	assert_memory_equal(td.mrtd.value, want, 48);
	/* BFV bytes landed at their GPA; TD_HOB page is zero and MAPPED;
	 * the PAGE.AUG section was left alone. */
	assert_int_equal(mem.read(mem.opaque, TI_BASE + 0x9000, page, 4096), 0);
	assert_memory_equal(page, img + 0x9000, 4096);
	assert_int_equal(seam_pages_state(&td.pages, 0x880000), SEAM_PAGE_MAPPED);
	assert_int_equal(seam_pages_state(&td.pages, 0x1000000), SEAM_PAGE_NONE);
	/* After FINALIZE: no more ADD/EXTEND/FINALIZE. */
	assert_int_equal(seam_td_page_add(&td, &mem, 0x2000, page),
			 TDX_OP_STATE_INCORRECT);
	assert_int_equal(seam_td_mr_extend(&td, &mem, 0x880000),
			 TDX_OP_STATE_INCORRECT);
	assert_int_equal(seam_td_finalize(&td), TDX_OP_STATE_INCORRECT);
	seam_td_destroy(&td);
	ti_mem_free(&m);
	free(img);
}

static void test_mr_extend_rules(void **state)
{
	struct seam_td_config cfg = { .gpaw = 48, .max_vcpus = 1 };
	struct seam_guest_mem mem;
	uint8_t page[4096] = { 1 };
	struct seam_td td;
	struct ti_mem m;

	(void)state;
	ti_mem_init(&m, &mem);
	assert_int_equal(seam_td_init(&td, &cfg), 0);
	assert_int_equal(seam_pages_add_range(&td.pages, 0, TI_RAM_SIZE), 0);
	/* not added yet, misaligned, out of range */
	assert_int_equal(seam_td_mr_extend(&td, &mem, 0x4000),
			 TDX_EPT_ENTRY_STATE_INCORRECT | TDX_OPERAND_ID_RCX);
	assert_int_equal(seam_td_page_add(&td, &mem, 0x4000, page), TDX_SUCCESS);
	assert_int_equal(seam_td_page_add(&td, &mem, 0x4000, page),
			 TDX_EPT_ENTRY_STATE_INCORRECT | TDX_OPERAND_ID_RCX);
	assert_int_equal(seam_td_mr_extend(&td, &mem, 0x4080),
			 TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	assert_int_equal(seam_td_mr_extend(&td, &mem, 0x4100), TDX_SUCCESS);
	assert_int_equal(seam_td_mr_extend(&td, &mem, TI_RAM_SIZE),
			 TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	/* a private range with no RAM behind it: ADD fails and is undone */
	assert_int_equal(seam_pages_add_range(&td.pages, 0x40000000, 0x1000), 0);
	assert_int_equal(seam_td_page_add(&td, &mem, 0x40000000, page),
			 TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8);
	assert_int_equal(seam_pages_state(&td.pages, 0x40000000), SEAM_PAGE_NONE);
	seam_td_destroy(&td);
	ti_mem_free(&m);
}

/* Order and attributes are part of the measurement. */
static void test_mrtd_sensitivity(void **state)
{
	uint8_t *img = ti_build(1), a[48], b[48];
	struct tdvf_section s[TI_NSEC];
	struct seam_tdvf t;

	(void)state;
	assert_int_equal(seam_tdvf_parse(img, TI_SIZE, &t, NULL, 0), 0);
	assert_int_equal(seam_mrtd_image(&t, img, TI_SIZE, a), 0);
	memcpy(s, ti_sections, sizeof(s));
	s[0] = ti_sections[1]; /* BFV first, then CFV */
	s[1] = ti_sections[0];
	ti_write_desc(img, s, TI_NSEC);
	assert_int_equal(seam_tdvf_parse(img, TI_SIZE, &t, NULL, 0), 0);
	assert_int_equal(seam_mrtd_image(&t, img, TI_SIZE, b), 0);
	assert_memory_not_equal(a, b, 48);
	s[1].attributes = TDVF_ATTR_MR_EXTEND; /* CFV measured too */
	ti_write_desc(img, s, TI_NSEC);
	assert_int_equal(seam_tdvf_parse(img, TI_SIZE, &t, NULL, 0), 0);
	assert_int_equal(seam_mrtd_image(&t, img, TI_SIZE, a), 0);
	independent_mrtd(img, s, TI_NSEC, b);
	assert_memory_equal(a, b, 48);
	free(img);
}

static void test_accumulator_api(void **state)
{
	struct seam_mrtd m;
	uint8_t chunk[256] = { 0 }, out[48];

	(void)state;
	assert_int_equal(seam_mrtd_init(&m), 0);
	assert_int_equal(seam_mrtd_page_add(&m, 0x1000), 0);
	assert_int_equal(seam_mrtd_extend(&m, 0x1000, chunk), 0);
	assert_int_equal(seam_mrtd_finalize(&m, out), 0);
	assert_int_equal(seam_mrtd_finalize(&m, out), -1);
	assert_int_equal(seam_mrtd_page_add(&m, 0x2000), -1);
	seam_mrtd_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image_mrtd),
		cmocka_unit_test(test_td_build_mrtd),
		cmocka_unit_test(test_mr_extend_rules),
		cmocka_unit_test(test_mrtd_sensitivity),
		cmocka_unit_test(test_accumulator_api),
	};

	return cmocka_run_group_tests_name("seam_mrtd", tests, NULL, NULL);
}
