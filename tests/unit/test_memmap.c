/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_memmap.c - fw/memmap.c: e820 merging and overlap rules,
 * the top of the address space, table overflow, memmap_find_top and
 * memmap_is_ram edge cases, and a randomized comparison against a
 * byte-granular reference model.
 */
#include "unit_util.h"
#include "memmap.h"

#define MAX64 UINT64_MAX

struct want {
	uint64_t addr, size;
	uint32_t type;
};

static void check_map(const struct memmap *m, const struct want *w, unsigned n, int line)
{
	int bad = m->n != n;
	for (unsigned i = 0; !bad && i < n; i++)
		bad = m->e[i].addr != w[i].addr || m->e[i].size != w[i].size || m->e[i].type != w[i].type;
	if (!bad)
		return;
	printf("# line %d: memmap has %u entries, want %u\n", line, m->n, n);
	for (unsigned i = 0; i < m->n; i++)
		printf("#   got  [%u] 0x%llx +0x%llx type %u\n", i, (unsigned long long)m->e[i].addr,
		       (unsigned long long)m->e[i].size, m->e[i].type);
	for (unsigned i = 0; i < n; i++)
		printf("#   want [%u] 0x%llx +0x%llx type %u\n", i, (unsigned long long)w[i].addr,
		       (unsigned long long)w[i].size, w[i].type);
	fail_msg("memmap mismatch (line %d)", line);
}
#define CHECK(m, ...)                                                                \
	do {                                                                         \
		static const struct want w_[] = { __VA_ARGS__ };                     \
		check_map((m), w_, sizeof(w_) / sizeof(w_[0]), __LINE__);            \
	} while (0)
#define CHECK_EMPTY(m) assert_int_equal((m)->n, 0)

/* sorted, non-overlapping, non-empty, adjacent same-type merged */
static void check_invariants(const struct memmap *m)
{
	assert_true(m->n <= MEMMAP_MAX);
	for (unsigned i = 0; i < m->n; i++) {
		assert_true(m->e[i].size != 0);
		assert_true(m->e[i].addr + m->e[i].size > m->e[i].addr); /* no wrap */
		if (i) {
			uint64_t pend = m->e[i - 1].addr + m->e[i - 1].size;
			assert_true(pend <= m->e[i].addr);
			assert_false(pend == m->e[i].addr && m->e[i - 1].type == m->e[i].type);
		}
	}
}

static struct memmap mm; /* big: keep it off the stack */

static int setup(void **state)
{
	(void)state;
	memmap_init(&mm);
	return 0;
}

static void test_init_empty(void **state)
{
	(void)state;
	mm.n = 77;
	memmap_init(&mm);
	CHECK_EMPTY(&mm);
	assert_int_equal(memmap_ram_bytes(&mm), 0);
	assert_int_equal(memmap_is_ram(&mm, 0, 1), 0);
}

static void test_adjacent_same_type_merge(void **state)
{
	(void)state;
	assert_int_equal(memmap_add(&mm, 0x1000, 0x1000, E820_RAM), 0);
	assert_int_equal(memmap_add(&mm, 0x3000, 0x1000, E820_RAM), 0);
	CHECK(&mm, { 0x1000, 0x1000, E820_RAM }, { 0x3000, 0x1000, E820_RAM });
	/* filling the gap joins all three */
	assert_int_equal(memmap_add(&mm, 0x2000, 0x1000, E820_RAM), 0);
	CHECK(&mm, { 0x1000, 0x3000, E820_RAM });
	/* adjacent below and above */
	assert_int_equal(memmap_add(&mm, 0x0, 0x1000, E820_RAM), 0);
	assert_int_equal(memmap_add(&mm, 0x4000, 0x10, E820_RAM), 0);
	CHECK(&mm, { 0x0, 0x4010, E820_RAM });
	/* adjacent but of another type: no merge */
	assert_int_equal(memmap_add(&mm, 0x4010, 0x10, E820_ACPI), 0);
	CHECK(&mm, { 0x0, 0x4010, E820_RAM }, { 0x4010, 0x10, E820_ACPI });
	/* re-adding an existing range changes nothing */
	assert_int_equal(memmap_add(&mm, 0x0, 0x4010, E820_RAM), 0);
	CHECK(&mm, { 0x0, 0x4010, E820_RAM }, { 0x4010, 0x10, E820_ACPI });
	assert_int_equal(memmap_ram_bytes(&mm), 0x4010);
	check_invariants(&mm);
}

static void test_reserved_wins_either_order(void **state)
{
	(void)state;
	struct memmap *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	assert_non_null(a);
	assert_non_null(b);
	/* RAM then reserved */
	memmap_init(a);
	assert_int_equal(memmap_add(a, 0x0, 0x10000, E820_RAM), 0);
	assert_int_equal(memmap_add(a, 0x8000, 0x10000, E820_RESERVED), 0);
	CHECK(a, { 0x0, 0x8000, E820_RAM }, { 0x8000, 0x10000, E820_RESERVED });
	/* reserved then RAM */
	memmap_init(b);
	assert_int_equal(memmap_add(b, 0x8000, 0x10000, E820_RESERVED), 0);
	assert_int_equal(memmap_add(b, 0x0, 0x10000, E820_RAM), 0);
	CHECK(b, { 0x0, 0x8000, E820_RAM }, { 0x8000, 0x10000, E820_RESERVED });
	free(a);
	free(b);
}

static void test_type_priority_order(void **state)
{
	(void)state;
	/* RAM < ACPI < NVS < reserved < unusable: each more restrictive type
	 * wins over the less restrictive one, in both orders */
	static const uint32_t order[] = { E820_RAM, E820_ACPI, E820_NVS, E820_RESERVED, E820_UNUSABLE };
	for (unsigned lo = 0; lo < 5; lo++) {
		for (unsigned hi = lo + 1; hi < 5; hi++) {
			for (int first_hi = 0; first_hi < 2; first_hi++) {
				memmap_init(&mm);
				uint32_t t1 = first_hi ? order[hi] : order[lo];
				uint32_t t2 = first_hi ? order[lo] : order[hi];
				assert_int_equal(memmap_add(&mm, 0x1000, 0x3000, t1), 0);
				assert_int_equal(memmap_add(&mm, 0x1000, 0x3000, t2), 0);
				assert_int_equal(mm.n, 1);
				assert_int_equal(mm.e[0].type, order[hi]);
				assert_int_equal(mm.e[0].addr, 0x1000);
				assert_int_equal(mm.e[0].size, 0x3000);
			}
		}
	}
	/* an unknown type is treated as the most restrictive */
	memmap_init(&mm);
	assert_int_equal(memmap_add(&mm, 0x1000, 0x1000, 12), 0);
	assert_int_equal(memmap_add(&mm, 0x0, 0x4000, E820_UNUSABLE), 0);
	CHECK(&mm, { 0x0, 0x1000, E820_UNUSABLE }, { 0x1000, 0x1000, 12 }, { 0x2000, 0x2000, E820_UNUSABLE });
}

static void test_ram_never_unreserves(void **state)
{
	(void)state;
	assert_int_equal(memmap_add(&mm, 0x100000, 0x100000, E820_RESERVED), 0);
	assert_int_equal(memmap_add(&mm, 0x300000, 0x1000, E820_NVS), 0);
	assert_int_equal(memmap_add(&mm, 0x0, 0x1000000, E820_RAM), 0);
	assert_int_equal(memmap_add(&mm, 0x100000, 0x100000, E820_RAM), 0);
	assert_int_equal(memmap_add(&mm, 0x300000, 0x1000, E820_RAM), 0);
	CHECK(&mm, { 0x0, 0x100000, E820_RAM }, { 0x100000, 0x100000, E820_RESERVED },
	      { 0x200000, 0x100000, E820_RAM }, { 0x300000, 0x1000, E820_NVS },
	      { 0x301000, 0x1000000 - 0x301000, E820_RAM });
	assert_false(memmap_is_ram(&mm, 0x100000, 1));
	assert_int_equal(memmap_ram_bytes(&mm), 0x1000000 - 0x100000 - 0x1000);
}

/* Type 0 is not an e820 type: adding it must not punch a hole that a later
 * RAM add could fill (that would un-reserve through the back door). */
static void test_type_zero_cannot_unreserve(void **state)
{
	(void)state;
	assert_int_equal(memmap_add(&mm, 0x0, 0x10000, E820_RAM), 0);
	assert_int_equal(memmap_add(&mm, 0x4000, 0x1000, E820_RESERVED), 0);
	assert_int_equal(memmap_add(&mm, 0x4000, 0x1000, 0), 0);
	assert_int_equal(memmap_add(&mm, 0x0, 0x10000, E820_RAM), 0);
	CHECK(&mm, { 0x0, 0x4000, E820_RAM }, { 0x4000, 0x1000, E820_RESERVED },
	      { 0x5000, 0xb000, E820_RAM });
	/* nor delete RAM */
	assert_int_equal(memmap_add(&mm, 0x0, 0x2000, 0), 0);
	assert_int_equal(memmap_ram_bytes(&mm), 0xf000);
}

static void test_nested_split_in_three(void **state)
{
	(void)state;
	assert_int_equal(memmap_add(&mm, 0x100000, 0x7f00000, E820_RAM), 0);
	assert_int_equal(memmap_add(&mm, 0x800000, 0x80000, E820_RESERVED), 0);
	CHECK(&mm, { 0x100000, 0x700000, E820_RAM }, { 0x800000, 0x80000, E820_RESERVED },
	      { 0x880000, 0x8000000 - 0x880000, E820_RAM });
	/* a reservation nested in the reservation: nothing changes */
	assert_int_equal(memmap_add(&mm, 0x810000, 0x1000, E820_RESERVED), 0);
	assert_int_equal(mm.n, 3);
	/* a more restrictive range nested in the reservation: five entries */
	assert_int_equal(memmap_add(&mm, 0x810000, 0x1000, E820_UNUSABLE), 0);
	CHECK(&mm, { 0x100000, 0x700000, E820_RAM }, { 0x800000, 0x10000, E820_RESERVED },
	      { 0x810000, 0x1000, E820_UNUSABLE }, { 0x811000, 0x6f000, E820_RESERVED },
	      { 0x880000, 0x8000000 - 0x880000, E820_RAM });
	/* a range covering several entries and a gap */
	assert_int_equal(memmap_add(&mm, 0x9000000, 0x1000, E820_RAM), 0);
	assert_int_equal(memmap_add(&mm, 0x7fff000, 0x1002000, E820_ACPI), 0);
	CHECK(&mm, { 0x100000, 0x700000, E820_RAM }, { 0x800000, 0x10000, E820_RESERVED },
	      { 0x810000, 0x1000, E820_UNUSABLE }, { 0x811000, 0x6f000, E820_RESERVED },
	      { 0x880000, 0x7fff000 - 0x880000, E820_RAM }, { 0x7fff000, 0x1002000, E820_ACPI });
	check_invariants(&mm);
}

static void test_zero_size_noop(void **state)
{
	(void)state;
	assert_int_equal(memmap_add(&mm, 0x1000, 0, E820_RAM), 0);
	CHECK_EMPTY(&mm);
	assert_int_equal(memmap_add(&mm, 0x0, 0x10000, E820_RAM), 0);
	assert_int_equal(memmap_add(&mm, 0x8000, 0, E820_RESERVED), 0);
	assert_int_equal(memmap_add(&mm, MAX64, 0, E820_RESERVED), 0);
	CHECK(&mm, { 0x0, 0x10000, E820_RAM });
}

static void test_top_of_address_space(void **state)
{
	(void)state;
	/* a range that would wrap is clipped at 2^64 - 1 */
	assert_int_equal(memmap_add(&mm, MAX64 - 0xfff, 0x2000, E820_RAM), 0);
	CHECK(&mm, { MAX64 - 0xfff, 0xfff, E820_RAM });
	check_invariants(&mm);
	/* a range ending exactly at 2^64 - 1 meets the clipped one */
	assert_int_equal(memmap_add(&mm, MAX64 - 0x1fff, 0x1000, E820_RAM), 0);
	CHECK(&mm, { MAX64 - 0x1fff, 0x1fff, E820_RAM });
	/* reservation wrapping past the end */
	assert_int_equal(memmap_add(&mm, MAX64 - 0x7ff, MAX64, E820_RESERVED), 0);
	CHECK(&mm, { MAX64 - 0x1fff, 0x1800, E820_RAM }, { MAX64 - 0x7ff, 0x7ff, E820_RESERVED });
	/* the very last byte alone: [MAX64, MAX64) after clipping is empty */
	assert_int_equal(memmap_add(&mm, MAX64, 1, E820_UNUSABLE), 0);
	assert_int_equal(mm.n, 2);
	/* huge size from 0 covers everything but the last byte */
	memmap_init(&mm);
	assert_int_equal(memmap_add(&mm, 0, MAX64, E820_RAM), 0);
	CHECK(&mm, { 0, MAX64, E820_RAM });
	assert_int_equal(memmap_add(&mm, 0x1000, MAX64, E820_RESERVED), 0);
	CHECK(&mm, { 0, 0x1000, E820_RAM }, { 0x1000, MAX64 - 0x1000, E820_RESERVED });
	/* queries that would wrap are never RAM */
	memmap_init(&mm);
	assert_int_equal(memmap_add(&mm, MAX64 - 0xffff, 0x10000, E820_RAM), 0);
	assert_true(memmap_is_ram(&mm, MAX64 - 0xffff, 0x1000));
	assert_false(memmap_is_ram(&mm, MAX64 - 0xff, 0x200));
	assert_false(memmap_is_ram(&mm, 0x10, MAX64));
}

/* 128 disjoint RAM ranges, 0x1000 each, at 0x2000 * i. */
static void fill_table(struct memmap *m)
{
	memmap_init(m);
	for (unsigned i = 0; i < MEMMAP_MAX; i++)
		assert_int_equal(memmap_add(m, 0x2000ull * i, 0x1000, E820_RAM), 0);
	assert_int_equal(m->n, MEMMAP_MAX);
	check_invariants(m);
}

static void test_overflow_leaves_table_unchanged(void **state)
{
	(void)state;
	struct memmap *m = malloc(sizeof(*m)), *snap = malloc(sizeof(*snap));
	assert_non_null(m);
	assert_non_null(snap);
	fill_table(m);
	*snap = *m;
	/* a 129th disjoint range */
	assert_int_equal(memmap_add(m, 0x2000ull * MEMMAP_MAX, 0x1000, E820_RAM), -1);
	assert_memory_equal(m, snap, sizeof(*m));
	/* splitting an entry in three needs two more */
	assert_int_equal(memmap_add(m, 0x400, 0x100, E820_RESERVED), -1);
	assert_memory_equal(m, snap, sizeof(*m));
	/* a reservation covering a whole RAM entry and the gaps around it
	 * replaces one entry: it fits */
	assert_int_equal(memmap_add(m, 0x1000, 0x3000, E820_RESERVED), 0);
	assert_int_equal(m->n, MEMMAP_MAX);
	assert_int_equal(m->e[1].addr, 0x1000);
	assert_int_equal(m->e[1].size, 0x3000);
	assert_int_equal(m->e[1].type, E820_RESERVED);
	/* filling a gap with RAM merges two entries into one: fits */
	fill_table(m);
	assert_int_equal(memmap_add(m, 0x1000, 0x1000, E820_RAM), 0);
	assert_int_equal(m->n, MEMMAP_MAX - 1);
	assert_int_equal(m->e[0].size, 0x3000);
	/* and now one more disjoint range fits again, then the next does not */
	assert_int_equal(memmap_add(m, 0x2000ull * MEMMAP_MAX, 0x1000, E820_RAM), 0);
	*snap = *m;
	assert_int_equal(memmap_add(m, 0x2000ull * MEMMAP_MAX + 0x2000, 0x1000, E820_RAM), -1);
	assert_memory_equal(m, snap, sizeof(*m));
	free(m);
	free(snap);
}

static void test_find_top(void **state)
{
	(void)state;
	/* RAM [1M, 0x7f00000), reserved [0x800000, 0x880000), RAM above 4G */
	assert_int_equal(memmap_add(&mm, 0x100000, 0x7e00000, E820_RAM), 0);
	assert_int_equal(memmap_add(&mm, 0x800000, 0x80000, E820_RESERVED), 0);
	assert_int_equal(memmap_add(&mm, 0x100000000ull, 0x40000000, E820_RAM), 0);
	assert_int_equal(memmap_add(&mm, 0xfee00000, 0x1000, E820_RESERVED), 0);
	const uint64_t G4 = 0x100000000ull;

	/* invalid arguments */
	assert_int_equal(memmap_find_top(&mm, 0, 0x1000, 0, G4), 0);
	assert_int_equal(memmap_find_top(&mm, 0x1000, 0, 0, G4), 0);
	assert_int_equal(memmap_find_top(&mm, 0x1000, 0x3000, 0, G4), 0);
	assert_int_equal(memmap_find_top(&mm, 0x2000, 0x1000, 0, 0x1000), 0);

	/* highest place overall, and below 4G */
	assert_int_equal(memmap_find_top(&mm, 0x1000, 0x1000, 0, MAX64), 0x140000000ull - 0x1000);
	assert_int_equal(memmap_find_top(&mm, 0x1000, 0x1000, 0, G4), 0x7f00000 - 0x1000);
	/* alignment rounds down inside the entry */
	assert_int_equal(memmap_find_top(&mm, 0x1000, 0x200000, 0, G4), 0x7e00000);
	assert_int_equal(memmap_find_top(&mm, 0x100001, 0x200000, 0, G4), 0x7c00000);
	/* max in the middle of an entry (unaligned) */
	assert_int_equal(memmap_find_top(&mm, 0x1000, 0x1000, 0, 0x4000123), 0x3fff000);
	/* max exactly at the top of an entry: the block ends at max */
	assert_int_equal(memmap_find_top(&mm, 0x1000, 0x1000, 0, 0x800000), 0x7ff000);
	/* max inside the reservation: falls back to the RAM below it */
	assert_int_equal(memmap_find_top(&mm, 0x1000, 0x1000, 0, 0x870000), 0x7ff000);
	/* a block bigger than the upper entry comes from the lower one */
	assert_int_equal(memmap_find_top(&mm, 0x7000000, 0x1000, 0, G4), 0xf00000);
	assert_int_equal(memmap_find_top(&mm, 0x700000, 0x1000, 0, G4), 0x7f00000 - 0x700000);
	assert_int_equal(memmap_find_top(&mm, 0x7680000, 0x1000, 0, G4), 0x880000);
	assert_int_equal(memmap_find_top(&mm, 0x7680001, 0x1000, 0, G4), 0);
	assert_int_equal(memmap_find_top(&mm, 0x700000, 0x1000, 0, 0x800000), 0x100000);
	assert_int_equal(memmap_find_top(&mm, 0x700001, 0x1000, 0, 0x800000), 0);
	/* min: exactly the candidate is allowed, one above is not */
	assert_int_equal(memmap_find_top(&mm, 0x1000, 0x1000, 0x7eff000, G4), 0x7eff000);
	assert_int_equal(memmap_find_top(&mm, 0x1000, 0x1000, 0x7eff001, G4), 0);
	/* min above the lower entry's candidate but max forcing the lower one */
	assert_int_equal(memmap_find_top(&mm, 0x1000, 0x1000, 0x7ff001, 0x800000), 0);
	/* an alignment bigger than an entry that does not start aligned */
	assert_int_equal(memmap_find_top(&mm, 0x1000, 0x40000000, 0, G4), 0);
	assert_int_equal(memmap_find_top(&mm, 0x1000, 0x40000000, 0, MAX64), 0x100000000ull);
	assert_int_equal(memmap_find_top(&mm, 0x1000, 1ull << 63, 0, MAX64), 0);
	/* size larger than any entry, and a size near 2^64 */
	assert_int_equal(memmap_find_top(&mm, 0x40000001, 1, 0, MAX64), 0);
	assert_int_equal(memmap_find_top(&mm, MAX64 - 0x10, 1, 0, MAX64), 0);
	/* the result is always RAM */
	uint64_t a = memmap_find_top(&mm, 0x123000, 0x1000, 0x100000, G4);
	assert_true(a != 0);
	assert_true(memmap_is_ram(&mm, a, 0x123000));

	/* reserved entries are never chosen, however large */
	memmap_init(&mm);
	assert_int_equal(memmap_add(&mm, 0x0, 0x10000000, E820_RESERVED), 0);
	assert_int_equal(memmap_find_top(&mm, 0x1000, 0x1000, 0, MAX64), 0);
	/* RAM reaching the top of the address space (clipped end) */
	memmap_init(&mm);
	assert_int_equal(memmap_add(&mm, MAX64 - 0xffff, 0x10000, E820_RAM), 0);
	assert_int_equal(memmap_find_top(&mm, 0x1000, 0x1000, 0, MAX64), MAX64 - 0x1fff);
}

static void test_is_ram_boundaries(void **state)
{
	(void)state;
	assert_int_equal(memmap_add(&mm, 0x0, 0x9fc00, E820_RAM), 0);
	assert_int_equal(memmap_add(&mm, 0x9fc00, 0x400, E820_RESERVED), 0);
	assert_int_equal(memmap_add(&mm, 0x100000, 0x700000, E820_RAM), 0);
	assert_int_equal(memmap_add(&mm, 0x800000, 0x1000, E820_ACPI), 0);
	assert_int_equal(memmap_add(&mm, 0x801000, 0x1000, E820_RAM), 0);

	assert_true(memmap_is_ram(&mm, 0x0, 0x9fc00));       /* whole entry */
	assert_false(memmap_is_ram(&mm, 0x0, 0x9fc01));      /* one byte into reserved */
	assert_true(memmap_is_ram(&mm, 0x9fbff, 1));         /* last byte */
	assert_false(memmap_is_ram(&mm, 0x9fc00, 1));        /* first reserved byte */
	assert_false(memmap_is_ram(&mm, 0x9f000, 0x2000));   /* straddles RAM/reserved */
	assert_false(memmap_is_ram(&mm, 0xa0000, 0x1000));   /* hole */
	assert_false(memmap_is_ram(&mm, 0xff000, 0x2000));   /* hole/RAM */
	assert_true(memmap_is_ram(&mm, 0x100000, 0x700000));
	assert_false(memmap_is_ram(&mm, 0xfffff, 0x700001)); /* one byte before */
	assert_false(memmap_is_ram(&mm, 0x100000, 0x700001)); /* one byte after */
	/* two RAM entries separated by ACPI: not one RAM range */
	assert_false(memmap_is_ram(&mm, 0x7ff000, 0x3000));
	assert_true(memmap_is_ram(&mm, 0x801000, 0x1000));
	assert_false(memmap_is_ram(&mm, 0x800000, 0x1000));
	assert_false(memmap_is_ram(&mm, 0x802000, 1));
	/* RAM then ACPI over its middle: the halves are separate */
	assert_int_equal(memmap_ram_bytes(&mm), 0x9fc00 + 0x700000 + 0x1000);
}

/* ---- randomized comparison against a reference model ---- */

#define MODEL_UNITS 256 /* address space of the model: 256 x 0x100 bytes */
#define UNIT 0x100

static int rank(uint32_t t)
{
	switch (t) {
	case E820_RAM: return 1;
	case E820_ACPI: return 2;
	case E820_NVS: return 3;
	case E820_RESERVED: return 4;
	default: return 5;
	}
}

static void model_add(uint32_t *model, unsigned a, unsigned n, uint32_t t)
{
	if (t == 0)
		return;
	for (unsigned i = a; i < a + n; i++)
		if (!model[i] || rank(t) > rank(model[i]))
			model[i] = t;
}

static void test_random_against_model(void **state)
{
	(void)state;
	static const uint32_t types[] = { E820_RAM, E820_RAM, E820_RAM, E820_RESERVED, E820_ACPI,
					  E820_NVS, E820_UNUSABLE, 0, 7 };
	uint32_t model[MODEL_UNITS];
	for (int iter = 0; iter < 2000; iter++) {
		memset(model, 0, sizeof(model));
		memmap_init(&mm);
		int nadds = 1 + (int)unit_rand_below(40);
		for (int k = 0; k < nadds; k++) {
			unsigned a = (unsigned)unit_rand_below(MODEL_UNITS);
			unsigned n = (unsigned)unit_rand_below(MODEL_UNITS - a + 1);
			if (unit_rand_below(4) == 0)
				n = (unsigned)unit_rand_below(4);
			if (n > MODEL_UNITS - a)
				n = MODEL_UNITS - a;
			uint32_t t = types[unit_rand_below(sizeof(types) / sizeof(types[0]))];
			assert_int_equal(memmap_add(&mm, (uint64_t)a * UNIT, (uint64_t)n * UNIT, t), 0);
			model_add(model, a, n, t);
			check_invariants(&mm);
		}
		/* table -> per-unit types */
		uint32_t got[MODEL_UNITS];
		memset(got, 0, sizeof(got));
		for (unsigned i = 0; i < mm.n; i++) {
			assert_true(mm.e[i].addr % UNIT == 0 && mm.e[i].size % UNIT == 0);
			for (uint64_t u = mm.e[i].addr / UNIT; u < (mm.e[i].addr + mm.e[i].size) / UNIT; u++)
				got[u] = mm.e[i].type;
		}
		if (memcmp(got, model, sizeof(got)) != 0) {
			for (unsigned u = 0; u < MODEL_UNITS; u++)
				if (got[u] != model[u])
					fail_msg("iter %d: unit %u (0x%x) has type %u, model says %u",
						 iter, u, u * UNIT, got[u], model[u]);
		}
		/* memmap_is_ram and find_top against the model */
		for (int q = 0; q < 20; q++) {
			unsigned a = (unsigned)unit_rand_below(MODEL_UNITS);
			unsigned n = 1 + (unsigned)unit_rand_below(MODEL_UNITS - a);
			int ram = 1;
			for (unsigned u = a; u < a + n; u++)
				ram &= model[u] == E820_RAM;
			assert_int_equal(memmap_is_ram(&mm, (uint64_t)a * UNIT, (uint64_t)n * UNIT), ram);

			uint64_t best = 0;
			unsigned mx = a + n;
			for (unsigned s = 0; s + n <= mx; s++) {
				int ok = 1;
				for (unsigned u = s; ok && u < s + n; u++)
					ok = model[u] == E820_RAM;
				if (ok)
					best = (uint64_t)s * UNIT;
			}
			assert_int_equal(memmap_find_top(&mm, (uint64_t)n * UNIT, UNIT, 0, (uint64_t)mx * UNIT),
					 best);
		}
	}
}

int main(void)
{
	unit_seed("test_memmap");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_empty, setup),
		cmocka_unit_test_setup(test_adjacent_same_type_merge, setup),
		cmocka_unit_test_setup(test_reserved_wins_either_order, setup),
		cmocka_unit_test_setup(test_type_priority_order, setup),
		cmocka_unit_test_setup(test_ram_never_unreserves, setup),
		cmocka_unit_test_setup(test_type_zero_cannot_unreserve, setup),
		cmocka_unit_test_setup(test_nested_split_in_three, setup),
		cmocka_unit_test_setup(test_zero_size_noop, setup),
		cmocka_unit_test_setup(test_top_of_address_space, setup),
		cmocka_unit_test_setup(test_overflow_leaves_table_unchanged, setup),
		cmocka_unit_test_setup(test_find_top, setup),
		cmocka_unit_test_setup(test_is_ram_boundaries, setup),
		cmocka_unit_test_setup(test_random_against_model, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
