/* SPDX-License-Identifier: MIT */
/*
 * tetdh/tetd/tetd.h - the TETD host extension inside tetdh: the secret
 * zone's state as the host enforces it, and the TETD TDCALL leaves
 * (include/tetd/tetdcall.h). One section per file:
 *
 *   zone.c   the zone: found in the measured metadata, sealed by
 *            TETD_ZONE_SEAL (page-state BLOCK + TRACK, removed from the
 *            TD's KVM memory map), violations counted
 *   call.c   the TETD leaf dispatcher (every operand untrusted)
 */
#ifndef TETDH_TETD_H
#define TETDH_TETD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct vm;
struct vcpu;
struct seam_regs;

/* Sealed-zone violations printed in full; later ones are only counted. */
#define TETD_VIOLATIONS_LOGGED 8

struct tetd_host {
	bool zone_present;            /* the image's metadata declares a zone */
	uint64_t zone_gpa, zone_size;
	atomic_bool sealed;
	atomic_uint_fast64_t violations;        /* every kind, total */
	atomic_uint_fast64_t violations_access; /* TD loads/stores (MMIO exits) */
	atomic_uint_fast64_t violations_operand;/* TDCALL operands in the zone */
	atomic_uint_fast64_t seal_calls;
};

/* ------------------------------------------------------------ zone.c */

/* Take the zone from the parsed metadata (vm->tdvf); before mem_init. */
void tetd_zone_setup(struct vm *vm);
/* True if [gpa, gpa+len) touches the sealed zone. */
bool tetd_zone_hit(const struct vm *vm, uint64_t gpa, uint64_t len);
/* Count (and log the first few) TD accesses to the sealed zone. */
void tetd_zone_violation(struct vm *vm, int vcpu, const char *what,
			 uint64_t gpa, uint64_t len, bool write);
/* TETD_ZONE_SEAL; called with vm->td_lock held. Returns the status. */
uint64_t tetd_zone_seal(struct vm *vm, int vcpu, uint64_t gpa, uint64_t size);

/* ------------------------------------------------------------ call.c */

/* A TETD leaf from vCPU `vcpu` (regs in/out); under vm->td_lock. */
void tetd_call(struct vm *vm, int vcpu, struct seam_regs *r);

#endif
