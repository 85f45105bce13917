/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_tdhob.c - the TD HOB parser (fw/tdhob.c) on a valid list
 * built here field by field, and on one malformed variant per rule: each
 * must be rejected with its own reason, never read past the region.
 */
#include "unit_util.h"
#include "tdhob.h"

#define HOB_GPA 0x880000ull
#define REGION 4096

static uint8_t buf[REGION];
static size_t used;

static void *put(uint16_t type, uint16_t len)
{
	struct hob_header *h = (void *)(buf + used);
	memset(h, 0, len);
	h->type = type;
	h->length = len;
	used += len;
	return h;
}

static struct hob_handoff *phit;

static void begin(void)
{
	memset(buf, 0, sizeof(buf));
	used = 0;
	phit = put(HOB_TYPE_HANDOFF, sizeof(struct hob_handoff));
	phit->version = 9;
}

static void resource(uint32_t type, uint64_t start, uint64_t len)
{
	struct hob_resource *r = put(HOB_TYPE_RESOURCE_DESCRIPTOR, sizeof(*r));
	r->resource_type = type;
	r->attributes = HOB_RES_ATTR_PRESENT | HOB_RES_ATTR_INITIALIZED;
	r->start = start;
	r->length = len;
}

static void payload(uint16_t data_len)
{
	static const uint8_t guid[16] = TETD_HOB_PAYLOAD_GUID_BYTES;
	struct hob_guid *g = put(HOB_TYPE_GUID_EXTENSION, (uint16_t)(sizeof(*g) + data_len));
	memcpy(g->name, guid, 16);
	struct tetd_hob_payload p = { .kernel_gpa = 0x20000000, .kernel_size = 0x800000,
				      .initrd_gpa = 0x30000000, .initrd_size = 0x100000,
				      .cmdline_gpa = 0x31000000, .cmdline_size = 14, .num_vcpus = 2 };
	memcpy((uint8_t *)g + sizeof(*g), &p, data_len < sizeof(p) ? data_len : sizeof(p));
}

static void end(void)
{
	put(HOB_TYPE_END_OF_HOB_LIST, sizeof(struct hob_header));
	phit->end_of_hob_list = HOB_GPA + used - sizeof(struct hob_header);
}

static void valid_list(void)
{
	begin();
	resource(HOB_RES_SYSTEM_MEMORY, 0, 0x40000000);
	resource(HOB_RES_MEMORY_UNACCEPTED, 0x100000000ull, 0x40000000);
	resource(HOB_RES_MEMORY_MAPPED_IO, 0xfec00000, 0x1000);
	payload(sizeof(struct tetd_hob_payload));
	end();
}

static struct tdhob_info info;

static void expect_reject(const char *reason_part)
{
	const char *why = NULL;
	assert_int_equal(tdhob_parse(buf, REGION, HOB_GPA, &info, &why), -1);
	assert_non_null(why);
	if (!strstr(why, reason_part))
		fail_msg("reason \"%s\" does not mention \"%s\"", why, reason_part);
}

static void test_valid(void **state)
{
	(void)state;
	const char *why = NULL;
	valid_list();
	assert_int_equal(tdhob_list_len(buf, REGION, &why), used);
	assert_int_equal(tdhob_parse(buf, REGION, HOB_GPA, &info, &why), 0);
	assert_int_equal(info.list_len, used);
	assert_int_equal(info.mm.n, 2); /* MMIO is not memory */
	assert_int_equal(info.mm.e[0].addr, 0);
	assert_int_equal(info.mm.e[0].size, 0x40000000);
	assert_int_equal(info.mm.e[0].type, E820_RAM);
	assert_int_equal(info.mm.e[1].addr, 0x100000000ull);
	assert_int_equal(info.nunaccepted, 1);
	assert_int_equal(info.unaccepted[0].base, 0x100000000ull);
	assert_int_equal(info.unaccepted[0].size, 0x40000000);
	assert_true(info.have_payload);
	assert_int_equal(info.payload.kernel_gpa, 0x20000000);
	assert_int_equal(info.payload.cmdline_size, 14);
	assert_int_equal(info.payload.num_vcpus, 2);
}

static void test_unknown_types_skipped(void **state)
{
	(void)state;
	const char *why;
	begin();
	put(0x0002 /* memory allocation */, 48);
	put(0x0006 /* CPU */, 16);
	resource(HOB_RES_SYSTEM_MEMORY, 0, 0x10000000);
	end();
	assert_int_equal(tdhob_parse(buf, REGION, HOB_GPA, &info, &why), 0);
	assert_false(info.have_payload);
}

static void test_first_not_phit(void **state)
{
	(void)state;
	valid_list();
	((struct hob_header *)buf)->type = HOB_TYPE_RESOURCE_DESCRIPTOR;
	expect_reject("PHIT");
}

static void test_length_not_multiple_of_8(void **state)
{
	(void)state;
	valid_list();
	((struct hob_header *)(buf + sizeof(struct hob_handoff)))->length = 44;
	expect_reject("multiple of 8");
}

static void test_length_zero(void **state)
{
	(void)state;
	valid_list();
	((struct hob_header *)(buf + sizeof(struct hob_handoff)))->length = 0;
	expect_reject("length");
}

static void test_length_past_region(void **state)
{
	(void)state;
	valid_list();
	((struct hob_header *)(buf + sizeof(struct hob_handoff)))->length = 0xfff8;
	expect_reject("past the TD HOB region");
}

static void test_no_end(void **state)
{
	(void)state;
	begin();
	resource(HOB_RES_SYSTEM_MEMORY, 0, 0x10000000);
	/* fill the rest of the region with unknown HOBs, no end-of-list */
	while (used + 64 <= REGION)
		put(0x0002, 64);
	if (used < REGION)
		put(0x0002, (uint16_t)(REGION - used)); /* exactly to the end */
	expect_reject("no end-of-HOB-list");
}

static void test_phit_end_mismatch(void **state)
{
	(void)state;
	valid_list();
	phit->end_of_hob_list += 8;
	expect_reject("EfiEndOfHobList");
}

static void test_phit_wrong_length(void **state)
{
	(void)state;
	begin();
	phit->h.length = 64; /* 56 + 8: an 8-byte multiple, but not a PHIT */
	used += 8;
	resource(HOB_RES_SYSTEM_MEMORY, 0, 0x10000000);
	end();
	expect_reject("PHIT has the wrong length");
}

static void test_resource_bad_length(void **state)
{
	(void)state;
	begin();
	struct hob_resource *r = put(HOB_TYPE_RESOURCE_DESCRIPTOR, 56);
	r->resource_type = HOB_RES_SYSTEM_MEMORY;
	r->length = 0x1000;
	end();
	expect_reject("resource descriptor HOB has the wrong length");
}

static void test_resource_ranges(void **state)
{
	(void)state;
	static const struct { uint64_t start, len; } bad[] = {
		{ 0, 0 },                              /* empty */
		{ 0x1000, 0x800 },                     /* size not 4 KiB */
		{ 0x800, 0x1000 },                     /* start not 4 KiB */
		{ 0xfffffffffffff000ull, 0x2000 },     /* wraps */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		begin();
		resource(HOB_RES_SYSTEM_MEMORY, bad[i].start, bad[i].len);
		end();
		expect_reject("resource HOB range");
	}
}

static void test_guid_hob_short(void **state)
{
	(void)state;
	begin();
	resource(HOB_RES_SYSTEM_MEMORY, 0, 0x10000000);
	put(HOB_TYPE_GUID_EXTENSION, 16);
	end();
	expect_reject("GUID HOB shorter");
}

static void test_payload_short(void **state)
{
	(void)state;
	begin();
	resource(HOB_RES_SYSTEM_MEMORY, 0, 0x10000000);
	payload(40);
	end();
	expect_reject("payload HOB too short");
}

static void test_two_payloads(void **state)
{
	(void)state;
	begin();
	resource(HOB_RES_SYSTEM_MEMORY, 0, 0x10000000);
	payload(sizeof(struct tetd_hob_payload));
	payload(sizeof(struct tetd_hob_payload));
	end();
	expect_reject("two payload HOBs");
}

static void test_second_phit(void **state)
{
	(void)state;
	begin();
	resource(HOB_RES_SYSTEM_MEMORY, 0, 0x10000000);
	put(HOB_TYPE_HANDOFF, sizeof(struct hob_handoff));
	end();
	expect_reject("second PHIT");
}

static void test_no_memory(void **state)
{
	(void)state;
	begin();
	resource(HOB_RES_MEMORY_MAPPED_IO, 0xfec00000, 0x1000);
	end();
	expect_reject("no system memory");
}

static void test_too_many_unaccepted(void **state)
{
	(void)state;
	begin();
	for (unsigned i = 0; i <= TDHOB_MAX_UNACCEPTED; i++)
		resource(HOB_RES_MEMORY_UNACCEPTED, 0x100000000ull + i * 0x200000ull, 0x100000);
	end();
	expect_reject("too many unaccepted");
}

static void test_truncated_region(void **state)
{
	(void)state;
	const char *why;
	valid_list();
	/* The same bytes, but the region ends before the end-of-list HOB. */
	assert_int_equal(tdhob_list_len(buf, used - 8, &why), 0);
	for (size_t n = 0; n < used; n += 8)
		assert_int_equal(tdhob_parse(buf, n, HOB_GPA, &info, &why), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_unknown_types_skipped),
		cmocka_unit_test(test_first_not_phit),
		cmocka_unit_test(test_length_not_multiple_of_8),
		cmocka_unit_test(test_length_zero),
		cmocka_unit_test(test_length_past_region),
		cmocka_unit_test(test_no_end),
		cmocka_unit_test(test_phit_end_mismatch),
		cmocka_unit_test(test_phit_wrong_length),
		cmocka_unit_test(test_resource_bad_length),
		cmocka_unit_test(test_resource_ranges),
		cmocka_unit_test(test_guid_hob_short),
		cmocka_unit_test(test_payload_short),
		cmocka_unit_test(test_two_payloads),
		cmocka_unit_test(test_second_phit),
		cmocka_unit_test(test_no_memory),
		cmocka_unit_test(test_too_many_unaccepted),
		cmocka_unit_test(test_truncated_region),
	};
	return cmocka_run_group_tests_name("tdhob", tests, NULL, NULL);
}
