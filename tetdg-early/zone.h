/* SPDX-License-Identifier: MIT */
/*
 * tetdg-early/zone.h - the zone while the firmware builds it: layout,
 * header and key, a page allocator, the agent-world page tables (zone_pt.c)
 * and the dispatcher (zone_entry.asm), and sealing.
 */
#ifndef TETDG_ZONE_H
#define TETDG_ZONE_H
#include <stdint.h>
#include <tetd/zone.h>
#include "memmap.h"

/* Page permissions in the agent world. */
#define ZONE_MAP_R  0x1u
#define ZONE_MAP_W  0x2u
#define ZONE_MAP_X  0x4u

struct zone {
	uint64_t gpa, size;
	struct tetd_zone_header *hdr;
	uint64_t next;               /* allocator: next free offset */
	uint32_t seed_source;
	int nx;                      /* EFER.NXE usable */
};

extern struct zone the_zone;

/* Clear the zone, write its header, draw its key. */
void zone_init(struct zone *z, uint64_t gpa, uint64_t size);
/* pages zeroed 4 KiB pages; 0 when the zone is full. */
uint64_t zone_alloc(struct zone *z, uint64_t pages);
/* Per-agent secret: HMAC-SHA-256(zone key, "tetd agent seed" || name). */
void zone_agent_seed(const struct zone *z, const char *name, uint8_t out[32]);

/* zone_pt.c: page tables with everything outside the zone absent, then
 * RAM below 4 GiB read-only; dispatcher pages; GDT/TSS/IDT. */
void zone_pt_init(struct zone *z, const struct memmap *mm);
void zone_map(struct zone *z, uint64_t gpa, uint64_t pages, uint32_t perm);
/* Run entry(arg) in the agent world on the given stack. Returns the
 * int result zero-extended, or TETD_ZONE_FAULTED (fault record filled). */
uint64_t zone_call(struct zone *z, uint64_t entry, uint64_t arg, uint64_t stack_top);
const struct tetd_zone_fault *zone_fault(const struct zone *z);
#endif
