// SPDX-License-Identifier: MIT
/*
 * tetdh/tetd/call.c - the TETD TDCALL leaves (include/tetd/tetdcall.h).
 * The sim TDCALL handler (vmm/tdcall.c) sends every leaf whose bits 63:48
 * say "TE" here instead of to the TDX-module model. Every operand comes
 * from an untrusted TD; each leaf checks its own and answers with a
 * defined status; nothing here dereferences guest memory directly.
 */
#include <tetd/tetdcall.h>

#include "vmm.h"

void tetd_call(struct vm *vm, int vcpu, struct seam_regs *r)
{
	struct tetd_host *h = &vm->tetd;

	switch (r->rax) {
	case TETD_ZONE_SEAL:
		r->rax = tetd_zone_seal(vm, vcpu, r->rcx, r->rdx);
		break;
	case TETD_INFO:
		r->rcx = TETD_INFO_HOST | (h->zone_present ? TETD_INFO_ZONE : 0) |
			 (atomic_load(&h->sealed) ? TETD_INFO_SEALED : 0);
		r->rdx = h->zone_gpa;
		r->r8 = h->zone_size;
		r->r9 = atomic_load(&h->violations);
		r->rax = TDX_SUCCESS;
		break;
	case TETD_AGENT_DISABLE:         /* only the admin agent, from its world */
		atomic_fetch_add(&h->call_rejects, 1);
		r->rax = TETD_ST_DENIED;
		break;
	case TETD_VMM_RESUME:            /* only the agent world ends calls */
		r->rax = TETD_ST_DENIED;
		break;
	default:
		r->rax = TETD_ST_UNKNOWN_LEAF;
		break;
	}
}
