/* SPDX-License-Identifier: MIT */
/*
 * fw/memmap.c - e820 table arithmetic. The table is kept sorted and
 * non-overlapping at all times; memmap_add() rebuilds it through a
 * boundary sweep, which makes overlap rules easy to state and to test.
 */
#include "memmap.h"
#include "fwstring.h"

static int type_rank(uint32_t t)
{
	switch (t) {
	case E820_RAM: return 1;
	case E820_ACPI: return 2;
	case E820_NVS: return 3;
	case E820_RESERVED: return 4;
	default: return 5; /* unusable and unknown types: most restrictive */
	}
}

const char *e820_type_name(uint32_t type)
{
	switch (type) {
	case E820_RAM: return "ram";
	case E820_RESERVED: return "reserved";
	case E820_ACPI: return "acpi";
	case E820_NVS: return "nvs";
	case E820_UNUSABLE: return "unusable";
	default: return "unknown";
	}
}

void memmap_init(struct memmap *m)
{
	m->n = 0;
}

/* Type in effect at address a, or 0 if none: m sorted, non-overlapping. */
static uint32_t type_at(const struct e820_entry *e, unsigned n, uint64_t a)
{
	for (unsigned i = 0; i < n; i++)
		if (a >= e[i].addr && a - e[i].addr < e[i].size)
			return e[i].type;
	return 0;
}

int memmap_add(struct memmap *m, uint64_t addr, uint64_t size, uint32_t type)
{
	/* Boundaries: every start/end in the table plus the new range's. */
	static uint64_t pts[2 * MEMMAP_MAX + 2];
	static struct e820_entry out[MEMMAP_MAX];
	unsigned np = 0, no = 0;

	/* Type 0 is no e820 type; the sweep below would rank it as most
	 * restrictive and then drop it, deleting whatever it covered (and a
	 * later RAM add could then fill the hole: un-reserving). Ignore it. */
	if (size == 0 || type == 0)
		return 0;
	uint64_t end = addr + size;
	if (end < addr) /* clip at the top of the address space */
		end = UINT64_MAX, size = end - addr;

	for (unsigned i = 0; i < m->n; i++) {
		pts[np++] = m->e[i].addr;
		pts[np++] = m->e[i].addr + m->e[i].size;
	}
	pts[np++] = addr;
	pts[np++] = end;
	/* insertion sort + dedupe: np <= 258 */
	for (unsigned i = 1; i < np; i++) {
		uint64_t v = pts[i];
		unsigned j = i;
		for (; j && pts[j - 1] > v; j--)
			pts[j] = pts[j - 1];
		pts[j] = v;
	}
	unsigned u = 0;
	for (unsigned i = 0; i < np; i++)
		if (!u || pts[u - 1] != pts[i])
			pts[u++] = pts[i];

	for (unsigned i = 0; i + 1 < u; i++) {
		uint64_t a = pts[i], b = pts[i + 1];
		uint32_t t = type_at(m->e, m->n, a);
		if (a >= addr && a < end && (!t || type_rank(type) > type_rank(t)))
			t = type;
		if (!t)
			continue;
		if (no && out[no - 1].type == t && out[no - 1].addr + out[no - 1].size == a) {
			out[no - 1].size += b - a;
			continue;
		}
		if (no == MEMMAP_MAX)
			return -1;
		out[no].addr = a;
		out[no].size = b - a;
		out[no].type = t;
		no++;
	}
	memcpy(m->e, out, no * sizeof(out[0]));
	m->n = no;
	return 0;
}

uint64_t memmap_ram_bytes(const struct memmap *m)
{
	uint64_t t = 0;
	for (unsigned i = 0; i < m->n; i++)
		if (m->e[i].type == E820_RAM)
			t += m->e[i].size;
	return t;
}

int memmap_is_ram(const struct memmap *m, uint64_t addr, uint64_t size)
{
	if (addr + size < addr)
		return 0;
	for (unsigned i = 0; i < m->n; i++) {
		const struct e820_entry *e = &m->e[i];
		if (e->type == E820_RAM && addr >= e->addr && addr + size <= e->addr + e->size)
			return 1;
	}
	return 0;
}

uint64_t memmap_find_top(const struct memmap *m, uint64_t size, uint64_t align,
			 uint64_t min, uint64_t max)
{
	uint64_t best = 0;
	if (!size || !align || (align & (align - 1)) || max < size)
		return 0;
	for (unsigned i = 0; i < m->n; i++) {
		const struct e820_entry *e = &m->e[i];
		if (e->type != E820_RAM)
			continue;
		uint64_t top = e->addr + e->size;
		if (top > max)
			top = max;
		if (top < e->addr + size || top < size)
			continue;
		uint64_t a = (top - size) & ~(align - 1);
		if (a < e->addr || a < min)
			continue;
		if (a > best)
			best = a;
	}
	return best;
}
