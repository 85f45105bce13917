// SPDX-License-Identifier: MIT
/*
 * tetdg-early/zone_pt.c - the agent world's address space and CPU tables,
 * all inside the zone (include/tetd/zone.h has the layout):
 *
 *   PML4 -> one PDPT -> four PDs (identity, 4 GiB). 2 MiB pages map every
 *   2 MiB of TD RAM below 4 GiB read-only and not executable; the zone's
 *   two 2 MiB regions get 4 KiB page tables instead, where nothing is
 *   present until zone_map() says so. The header (zone key) and the page
 *   tables are never mapped.
 *   GDT: null, 64-bit code 0x08, data 0x10, a 64-bit TSS 0x18 whose IST1 is
 *   the zone fault stack. IDT: vectors 0-31 to the dispatcher's stubs, all
 *   on IST1, so any agent exception - even on a blown stack - returns to
 *   zone_call() as TETD_ZONE_FAULTED instead of a triple fault.
 * NX needs EFER.NXE; where the CPU lacks NX the XD bits are left clear
 * (a weaker agent world, said on the console).
 */
#include <tetd/layout.h>
#include <tetd/tdcall.h>

#include "console.h"
#include "fwstring.h"
#include "zone.h"

#define PTE_P   (1ull << 0)
#define PTE_W   (1ull << 1)
#define PTE_PS  (1ull << 7)
#define PTE_NX  (1ull << 63)
#define MSR_EFER 0xC0000080u
#define EFER_NXE (1ull << 11)

extern const uint8_t zone_entry_blob[], zone_entry_blob_end[];

_Static_assert(TETD_ZONE_GPA % 0x200000 == 0 && TETD_ZONE_SIZE == 0x400000,
	       "zone_pt.c maps the zone with exactly two 4 KiB page tables");

static uint64_t *pt_page(const struct zone *z, unsigned i)
{
	return (uint64_t *)(uintptr_t)(z->gpa + TETD_ZONE_PT_OFF + 4096ull * i);
}

/* pages: 0 PML4, 1 PDPT, 2..5 PD (GiB 0..3), 6..7 PT (zone 2 MiB halves) */
static uint64_t *zone_pte(const struct zone *z, uint64_t gpa)
{
	return &pt_page(z, 6)[(gpa - z->gpa) / 4096];
}

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static int ram_overlaps(const struct memmap *mm, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < mm->n; i++) {
		const struct e820_entry *e = &mm->e[i];
		if (e->type == E820_RAM && e->addr < base + size && base < e->addr + e->size)
			return 1;
	}
	return 0;
}

static void set_gate(uint8_t *idt, unsigned v, uint64_t handler)
{
	uint8_t *g = idt + 16 * v;
	memset(g, 0, 16);
	g[0] = (uint8_t)handler;
	g[1] = (uint8_t)(handler >> 8);
	g[2] = TETD_ZONE_SEL_CODE;
	g[4] = 1;            /* IST1 */
	g[5] = 0x8E;         /* present, DPL 0, 64-bit interrupt gate */
	g[6] = (uint8_t)(handler >> 16);
	g[7] = (uint8_t)(handler >> 24);
	uint32_t hi = (uint32_t)(handler >> 32);
	memcpy(g + 8, &hi, 4);
}

static void cpu_tables(struct zone *z)
{
	uint8_t *d = (uint8_t *)(uintptr_t)(z->gpa + TETD_ZONE_DATA_OFF);
	uint64_t data_gpa = z->gpa + TETD_ZONE_DATA_OFF;
	uint64_t gdt[5] = {
		0,
		0x00AF9B000000FFFFull,       /* 0x08: 64-bit code */
		0x00CF93000000FFFFull,       /* 0x10: data */
	};
	uint64_t tss = data_gpa + TETD_ZD_TSS, limit = 104 - 1;
	gdt[3] = (limit & 0xffff) | (tss & 0xffffff) << 16 | 0x89ull << 40 |
		 ((tss >> 24) & 0xff) << 56;  /* available 64-bit TSS, present */
	gdt[4] = tss >> 32;
	memcpy(d + TETD_ZD_GDT, gdt, sizeof(gdt));

	uint16_t gl = sizeof(gdt) - 1, il = 16 * TETD_ZD_IDT_VECTORS - 1;
	uint64_t gb = data_gpa + TETD_ZD_GDT, ib = data_gpa + TETD_ZD_IDT;
	memcpy(d + TETD_ZD_GDTR, &gl, 2);
	memcpy(d + TETD_ZD_GDTR + 2, &gb, 8);
	memcpy(d + TETD_ZD_IDTR, &il, 2);
	memcpy(d + TETD_ZD_IDTR + 2, &ib, 8);

	uint64_t ist1 = z->gpa + TETD_ZONE_FAULTSTK_OFF + 4096;
	memset(d + TETD_ZD_TSS, 0, 104);
	memcpy(d + TETD_ZD_TSS + 0x24, &ist1, 8);
	uint16_t iomap = 104;                /* no I/O permission bitmap */
	memcpy(d + TETD_ZD_TSS + 0x66, &iomap, 2);

	uint64_t stubs = z->gpa + TETD_ZONE_CODE_OFF + TETD_ZONE_STUBS_OFF;
	for (unsigned v = 0; v < TETD_ZD_IDT_VECTORS; v++)
		set_gate(d + TETD_ZD_IDT, v, stubs + 16 * v);
}

void zone_pt_init(struct zone *z, const struct memmap *mm)
{
	uint32_t r[4];

	tetd_cpuid(0x80000001, r);
	z->nx = (r[3] >> 20) & 1;
	if (z->nx)
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	else
		cprintf("tetd: warning: zone: no NX on this CPU; agent data is executable\n");
	uint64_t nx = z->nx ? PTE_NX : 0;

	memset(pt_page(z, 0), 0, 4096 * TETD_ZONE_PT_PAGES);
	pt_page(z, 0)[0] = (uint64_t)(uintptr_t)pt_page(z, 1) | PTE_P | PTE_W;
	for (unsigned g = 0; g < 4; g++) {
		uint64_t *pd = pt_page(z, 2 + g);
		pt_page(z, 1)[g] = (uint64_t)(uintptr_t)pd | PTE_P | PTE_W;
		for (unsigned i = 0; i < 512; i++) {
			uint64_t base = ((uint64_t)g << 30) | ((uint64_t)i << 21);
			if (base >= z->gpa && base < z->gpa + z->size)
				pd[i] = (uint64_t)(uintptr_t)pt_page(z, 6 + (base - z->gpa) / 0x200000) |
					PTE_P | PTE_W;
			else if (ram_overlaps(mm, base, 0x200000))
				pd[i] = base | PTE_P | PTE_PS | nx;
		}
	}

	size_t blob = (size_t)(zone_entry_blob_end - zone_entry_blob);
	if (blob != 8192)
		cprintf("tetd: error: zone: dispatcher blob is %u bytes\n", (unsigned)blob);
	memcpy((void *)(uintptr_t)(z->gpa + TETD_ZONE_CODE_OFF), zone_entry_blob, blob);
	cpu_tables(z);
	zone_map(z, z->gpa + TETD_ZONE_CODE_OFF, 1, ZONE_MAP_R | ZONE_MAP_X);
	zone_map(z, z->gpa + TETD_ZONE_DATA_OFF, 1, ZONE_MAP_R | ZONE_MAP_W);
	zone_map(z, z->gpa + TETD_ZONE_FAULTSTK_OFF, 1, ZONE_MAP_R | ZONE_MAP_W);
	zone_map(z, z->gpa + TETD_ZONE_TABLE_OFF, 1, ZONE_MAP_R);
}

void zone_map(struct zone *z, uint64_t gpa, uint64_t pages, uint32_t perm)
{
	for (uint64_t i = 0; i < pages; i++, gpa += 4096) {
		if (gpa < z->gpa || gpa >= z->gpa + z->size)
			continue;
		uint64_t e = gpa | PTE_P;
		if (perm & ZONE_MAP_W)
			e |= PTE_W;
		if (!(perm & ZONE_MAP_X) && z->nx)
			e |= PTE_NX;
		*zone_pte(z, gpa) = perm ? e : 0;
	}
}

uint64_t zone_call(struct zone *z, uint64_t entry, uint64_t arg, uint64_t stack_top)
{
	typedef uint64_t (*enter_fn)(uint64_t, uint64_t, uint64_t, uint64_t);
	enter_fn enter = (enter_fn)(uintptr_t)(z->gpa + TETD_ZONE_CODE_OFF + TETD_ZONE_ENTER_OFF);

	memset((void *)(uintptr_t)(z->gpa + TETD_ZONE_DATA_OFF + TETD_ZD_FAULT), 0,
	       sizeof(struct tetd_zone_fault));
	return enter(entry, arg, stack_top, z->gpa + TETD_ZONE_PT_OFF);
}

const struct tetd_zone_fault *zone_fault(const struct zone *z)
{
	return (const struct tetd_zone_fault *)(uintptr_t)(z->gpa + TETD_ZONE_DATA_OFF +
							   TETD_ZD_FAULT);
}
