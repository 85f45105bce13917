/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_memmap.c - memmap_add sequences from the input. Each
 * 18-byte record: addr (u64), size (u64), type, flags. Flag bit 0 shrinks
 * addr/size to small page-granular values so ranges actually overlap.
 * After every add: sorted, non-overlapping, no zero-size entries, adjacent
 * same-type entries merged; -1 only with the table unchanged. At the end
 * the type at every boundary is checked against a replay of the adds
 * (most restrictive type wins; type 0 adds nothing), and memmap_find_top
 * results are RAM, aligned and inside [min, max).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "memmap.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

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

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

struct add { uint64_t a, e; uint32_t t; };
static struct add adds[4096];
static struct memmap m, snap;

static void invariants(const struct memmap *mm)
{
	CHECK(mm->n <= MEMMAP_MAX);
	for (unsigned i = 0; i < mm->n; i++) {
		CHECK(mm->e[i].size != 0);
		CHECK(mm->e[i].type != 0);
		CHECK(mm->e[i].addr + mm->e[i].size > mm->e[i].addr);
		if (i) {
			uint64_t pend = mm->e[i - 1].addr + mm->e[i - 1].size;
			CHECK(pend <= mm->e[i].addr);
			CHECK(!(pend == mm->e[i].addr && mm->e[i - 1].type == mm->e[i].type));
		}
	}
}

static uint32_t table_type_at(uint64_t p)
{
	for (unsigned i = 0; i < m.n; i++)
		if (p >= m.e[i].addr && p - m.e[i].addr < m.e[i].size)
			return m.e[i].type;
	return 0;
}

static uint32_t replay_type_at(unsigned nadds, uint64_t p)
{
	uint32_t t = 0;
	for (unsigned k = 0; k < nadds; k++)
		if (p >= adds[k].a && p < adds[k].e && (!t || rank(adds[k].t) > rank(t)))
			t = adds[k].t;
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned nadds = 0;
	memmap_init(&m);
	for (size_t off = 0; off + 18 <= size && nadds < 4096; off += 18) {
		uint64_t a = rd64(data + off), s = rd64(data + off + 8);
		uint32_t t = data[off + 16] % 8; /* 0 and unknown types included */
		if (data[off + 17] & 1) {
			a = (a & 0x3ff) << 12;
			s = (s & 0x3ff) << 12;
		}
		snap = m;
		int r = memmap_add(&m, a, s, t);
		if (r != 0) {
			CHECK(r == -1);
			CHECK(memcmp(&m, &snap, sizeof(m)) == 0);
			continue;
		}
		invariants(&m);
		uint64_t e = a + s < a ? UINT64_MAX : a + s; /* clipped at the top */
		if (s && t && e > a)
			adds[nadds++] = (struct add){ a, e, t };
	}
	/* the type of every segment: check at each add boundary */
	for (unsigned k = 0; k < nadds; k++) {
		CHECK(table_type_at(adds[k].a) == replay_type_at(nadds, adds[k].a));
		if (adds[k].e != UINT64_MAX)
			CHECK(table_type_at(adds[k].e) == replay_type_at(nadds, adds[k].e));
	}
	for (unsigned i = 0; i < m.n; i++) /* no table range without an add */
		CHECK(replay_type_at(nadds, m.e[i].addr) == m.e[i].type);

	/* find_top/is_ram on a query from the last bytes */
	if (size >= 24) {
		const uint8_t *q = data + size - 24;
		uint64_t sz = rd64(q) & 0xffffffff, align = 1ull << (q[8] % 40);
		uint64_t min = rd64(q + 8) & 0xffffffffff, max = rd64(q + 16);
		uint64_t r = memmap_find_top(&m, sz, align, min, max);
		if (r) {
			CHECK(memmap_is_ram(&m, r, sz));
			CHECK((r & (align - 1)) == 0);
			CHECK(r >= min && r + sz <= max);
		}
	}
	return 0;
}
