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
 *   world.c  the agent world: a second KVM VM that maps the TD's RAM
 *            read-only and the zone read-write, with one vCPU that runs
 *            agent handlers (TETD_VMM_ENTER)
 */
#ifndef TETDH_TETD_H
#define TETDH_TETD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <pthread.h>
#include <tetd/zone.h>

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

	/* the agent world (world.c), set up right after the seal */
	bool world_ready;
	int world_vm, world_cpu;
	struct kvm_run *world_run;
	pthread_mutex_t world_lock;             /* one call at a time */
	uint64_t world_budget_ms;               /* per call; past it: runaway */
	unsigned nagents;
	struct tetd_zone_agent agent[TETD_AVOL_MAX_AGENTS]; /* validated copy */
	atomic_bool disabled[TETD_AVOL_MAX_AGENTS];
	atomic_uint_fast64_t calls[TETD_AVOL_MAX_AGENTS];
	atomic_uint_fast64_t errors[TETD_AVOL_MAX_AGENTS];
	atomic_uint_fast64_t last_ns[TETD_AVOL_MAX_AGENTS];
	atomic_uint_fast64_t call_rejects;      /* bad agent/fn/length, busy */

	/* host listeners: eventfds signalled at every completed call */
	pthread_mutex_t events_lock;
	int events[8];
	unsigned nevents;
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

/* ----------------------------------------------------------- world.c */

/* Build the agent world from the sealed zone's header and agent table
 * (every field validated against the measured zone); under td_lock. */
int tetd_world_create(struct vm *vm);
/* TETD_VMM_ENTER from TD vCPU `vcpu`: agent index, TETD_MODE_*. Runs the
 * call to completion; returns the RAX status. Not under td_lock. */
uint64_t tetd_world_enter(struct vm *vm, int vcpu, uint64_t agent, uint64_t mode);
/* TETD_AGENT_ACCESS: a read grant of TD memory (outside the zone). */
uint64_t tetd_world_access(struct vm *vm, uint64_t agent, uint64_t gpa, uint64_t len,
			   uint64_t flags);
/* A new eventfd that every completed agent call increments (the caller
 * passes it to a listener and keeps its own copy open); -1 if full. */
int tetd_events_add(struct vm *vm);
/* Disable an agent (fault, admin); marks it in the zone's table too. */
void tetd_agent_disable(struct vm *vm, unsigned idx, const char *why);

/* ------------------------------------------------------------ call.c */

/* A TETD leaf from vCPU `vcpu` (regs in/out); under vm->td_lock. */
void tetd_call(struct vm *vm, int vcpu, struct seam_regs *r);

#endif
