// SPDX-License-Identifier: MIT
/*
 * tetdh/tetd/zone.c - the secret zone as the host enforces it.
 *
 * The zone's GPA range comes from the image's measured metadata (the TETD
 * footer entry naming a TempMem section), never from the guest. mem.c maps
 * it into the TD as its own KVM memory slot, so sealing can take exactly
 * those pages out of the TD's view without touching the rest of RAM while
 * other vCPUs run.
 *
 * TETD_ZONE_SEAL does what a TDX host does to hide private pages from the
 * TD (TDH.MEM.RANGE.BLOCK on every page, then TDH.MEM.TRACK), in the
 * page-state model, and then deletes the zone's KVM slot. From then on:
 *   - a TD load or store to a zone GPA exits to tetdh as MMIO: it is a
 *     violation, counted and logged; loads read all-ones, stores vanish;
 *   - a TDCALL operand inside the zone is refused by the TD's memory
 *     accessor (mem.c) and counted as a violation.
 * The zone's contents stay in tetdh's memory, for the agent world.
 */
#include <string.h>

#include <tetd/tetdcall.h>

#include "vmm.h"

void tetd_zone_setup(struct vm *vm)
{
	struct tetd_host *h = &vm->tetd;

	pthread_mutex_init(&h->events_lock, NULL);
	if (vm->tdvf.zone < 0)
		return;
	h->zone_present = true;
	h->zone_gpa = vm->tdvf.zone_entry.base;
	h->zone_size = vm->tdvf.zone_entry.size;
}

bool tetd_zone_hit(const struct vm *vm, uint64_t gpa, uint64_t len)
{
	const struct tetd_host *h = &vm->tetd;

	if (!atomic_load(&h->sealed) || !len)
		return false;
	if (gpa + len < gpa)
		return true;
	return gpa < h->zone_gpa + h->zone_size && gpa + len > h->zone_gpa;
}

void tetd_zone_violation(struct vm *vm, int vcpu, const char *what,
			 uint64_t gpa, uint64_t len, bool write)
{
	struct tetd_host *h = &vm->tetd;
	uint64_t n = atomic_fetch_add(&h->violations, 1) + 1;

	if (n <= TETD_VIOLATIONS_LOGGED)
		vmm_msg("zone violation %llu: vCPU %d %s %s 0x%llx+%llu (sealed zone "
			"0x%llx+0x%llx)%s", (unsigned long long)n, vcpu, what,
			write ? "write" : "read", (unsigned long long)gpa,
			(unsigned long long)len, (unsigned long long)h->zone_gpa,
			(unsigned long long)h->zone_size,
			n == TETD_VIOLATIONS_LOGGED ? "; further ones only counted" : "");
}

uint64_t tetd_zone_seal(struct vm *vm, int vcpu, uint64_t gpa, uint64_t size)
{
	struct tetd_host *h = &vm->tetd;
	uint64_t st;

	atomic_fetch_add(&h->seal_calls, 1);
	if (!h->zone_present)
		return TETD_ST_NO_ZONE;
	if (atomic_load(&h->sealed))
		return TETD_ST_SEALED;
	if (gpa != h->zone_gpa || size != h->zone_size)
		return TETD_ST_ZONE_MISMATCH;
	for (uint64_t p = gpa; p < gpa + size; p += SEAM_PAGE_SIZE) {
		st = seam_pages_block(&vm->td.pages, p, TDX_PS_4K);
		if (st != TDX_SUCCESS) {
			vmm_msg("zone seal: RANGE.BLOCK 0x%llx failed: 0x%016llx",
				(unsigned long long)p, (unsigned long long)st);
			return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
		}
	}
	st = seam_pages_track(&vm->td.pages);
	if (st != TDX_SUCCESS) {
		vmm_msg("zone seal: TRACK failed: 0x%016llx", (unsigned long long)st);
		return TDX_OPERAND_BUSY;
	}
	if (mem_zone_unmap(vm)) {
		/* The TD would still see the zone: never report success then. */
		vm_stop(vm, VMM_EXIT_ERROR, "zone seal: cannot unmap the zone");
		return TDX_OPERAND_BUSY;
	}
	atomic_store(&h->sealed, true);
	tetd_world_create(vm);    /* a failure leaves agent calls refused */
	vmm_msg("vCPU %d sealed the zone 0x%llx+0x%llx: %llu pages blocked, "
		"out of the TD's view", vcpu, (unsigned long long)gpa,
		(unsigned long long)size, (unsigned long long)(size / SEAM_PAGE_SIZE));
	return TDX_SUCCESS;
}
