/* SPDX-License-Identifier: MIT */
/*
 * fw/memmap.h - the firmware's memory map: an e820-style table that sources
 * (QEMU etc/e820, the TD HOB) fill and firmware reservations carve up, and
 * that is handed to Linux. Pure data manipulation: host-testable.
 */
#ifndef FW_MEMMAP_H
#define FW_MEMMAP_H
#include <stdint.h>

enum e820_type {
	E820_RAM = 1,
	E820_RESERVED = 2,
	E820_ACPI = 3,
	E820_NVS = 4,
	E820_UNUSABLE = 5,
};

struct e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));

#define MEMMAP_MAX 128 /* what the Linux zero page holds */

struct memmap {
	unsigned n;
	struct e820_entry e[MEMMAP_MAX];
};

void memmap_init(struct memmap *m);
/*
 * Add [addr, addr+size) as type. Where it overlaps existing ranges the more
 * restrictive type wins (RAM < ACPI < NVS < reserved < unusable), so
 * carving a reservation out of RAM is an add, and adding RAM never
 * un-reserves anything. Adjacent ranges of one type merge. Returns 0, or
 * -1 if the table would overflow (the table is then unchanged).
 */
int memmap_add(struct memmap *m, uint64_t addr, uint64_t size, uint32_t type);
/* Bytes of RAM in the table. */
uint64_t memmap_ram_bytes(const struct memmap *m);
/* 1 if [addr, addr+size) lies entirely inside one RAM entry. */
int memmap_is_ram(const struct memmap *m, uint64_t addr, uint64_t size);
/*
 * Highest address A, aligned to align, with [A, A+size) inside RAM,
 * A >= min and A+size <= max. Returns 0 when nothing fits.
 */
uint64_t memmap_find_top(const struct memmap *m, uint64_t size, uint64_t align,
			 uint64_t min, uint64_t max);
const char *e820_type_name(uint32_t type);
#endif
