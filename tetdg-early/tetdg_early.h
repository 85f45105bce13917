/* SPDX-License-Identifier: MIT */
/*
 * tetdg-early/tetdg_early.h - the TETD boot-time stage, linked into the
 * firmware (ARCHITECTURE.md "TD boot flow" steps 4-5). One entry point for
 * fw/main.c, in three steps because ACPI and the handoff sit between them:
 *
 *   tetdg_early_load()   reserve and seed the zone, load, measure and
 *                        relocate every agent from the agent volume, run
 *                        each agent_init() in the agent world's context,
 *                        measure the zone configuration, seal the zone
 *                        (TETD_ZONE_SEAL, under a TETD host), and build
 *                        the ACPI TETD table (returned for the XSDT)
 *   tetdg_early_check_sealed()  just before the kernel handoff: read the
 *                        zone from the TD's side; under enforced isolation
 *                        it must show no zone data (tetdh counts the read
 *                        as a violation), else the boot stops
 *
 * Files: zone.c (layout, key, allocator, seal), zone_pt.c (agent-world
 * page tables, GDT, TSS, IDT), zone_entry.asm (the dispatcher), rng.c
 * (seed), load.c (agents), acpi_tetd.c (the table), agent_elf.c /
 * agent_vol.c (pure parsers, shared with tools/tetd-agent).
 */
#ifndef TETDG_EARLY_H
#define TETDG_EARLY_H
#include <stdint.h>
#include <tetd/zone.h>
#include "memmap.h"

struct tetdg_early_args {
	uint32_t platform;          /* TETD_PLATFORM_* */
	struct memmap *mm;          /* the kernel's e820; the zone is reserved in it */
	uint64_t kernel_gpa, kernel_size; /* the loaded bzImage, for agents' boot info */
	const void *volume;         /* the agent volume (image CFV) */
	uint64_t volume_len;
};

/* Returns the ACPI TETD table to link from the XSDT (static storage). */
const void *tetdg_early_load(const struct tetdg_early_args *a);
void tetdg_early_check_sealed(void);
#endif
