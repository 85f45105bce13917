// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/fuzz_tdcall.c - libFuzzer target for the TDCALL dispatcher
 * (tetdh/seam/tdcall.c) over a small fake guest.
 *
 *   make fuzz-seam    (clang -fsanitize=fuzzer,address,undefined)
 *
 * Input: 1 control byte (bit 0: GPAW 52; bits 1-2: number of TDCALLs - 1),
 * 4 bytes of page states (16 private pages x 2 bits: none, pending,
 * mapped, blocked), then per TDCALL 11 registers (88 bytes) and one shape
 * byte that may fold RCX/RDX/R8/R12/R13 into the guest's address range and
 * set the shared bit; whatever remains seeds guest memory. The guest has
 * 72 KiB of RAM at GPA 0, the first 64 KiB declared private.
 *
 * The dispatcher must never crash, never touch memory outside the fake
 * guest (ASan), and answer every call with a documented exit.
 */
#include <stdlib.h>
#include <string.h>

#include "seam.h"

#define RAM_SIZE   0x12000ull
#define PRIV_SIZE  0x10000ull
#define NPAGES     (PRIV_SIZE / SEAM_PAGE_SIZE)

struct reader {
	const uint8_t *p;
	size_t left;
};

static void take(struct reader *r, void *out, size_t n)
{
	size_t k = n < r->left ? n : r->left;

	memset(out, 0, n);
	memcpy(out, r->p, k);
	r->p += k;
	r->left -= k;
}

static void set_page(struct seam_pages *ps, uint64_t gpa, unsigned st)
{
	int ev;

	if (st == 0)
		return;
	seam_pages_aug(ps, gpa, TDX_PS_4K);
	if (st >= 2)
		seam_pages_accept(ps, gpa, TDX_PS_4K, &ev);
	if (st == 3)
		seam_pages_block(ps, gpa, TDX_PS_4K);
}

static void shape(struct seam_regs *r, uint8_t s, uint64_t shared)
{
	uint64_t *reg[] = { &r->rcx, &r->rdx, &r->r8, &r->r12, &r->r13 };

	for (unsigned i = 0; i < 5; i++)
		if (s & (1u << i))
			*reg[i] = (*reg[i] % RAM_SIZE) | ((s & 0x80) ? shared : 0);
	if (s & 0x20)
		r->rax &= 0xff; /* a plausible leaf */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader rd = { data, size };
	struct seam_td_config cfg = { .max_vcpus = 4 };
	struct seam_guest_mem mem;
	struct seam_flat_mem flat;
	struct seam_td td;
	uint8_t ctrl, states[4], *ram;
	unsigned ncalls;

	take(&rd, &ctrl, 1);
	take(&rd, states, sizeof(states));
	cfg.gpaw = (ctrl & 1) ? TDX_GPAW_52 : TDX_GPAW_48;
	ncalls = 1 + ((ctrl >> 1) & 3);
	if (seam_td_init(&td, &cfg))
		abort();
	ram = calloc(1, RAM_SIZE);
	seam_flat_mem_init(&mem, &flat, ram, 0, RAM_SIZE);
	if (seam_pages_add_range(&td.pages, 0, PRIV_SIZE) ||
	    seam_td_add_vcpu(&td) < 0 || seam_td_finalize(&td))
		abort();
	for (unsigned i = 0; i < NPAGES; i++)
		set_page(&td.pages, i * SEAM_PAGE_SIZE, (states[i / 4] >> (2 * (i % 4))) & 3);

	struct seam_regs regs[4];
	uint8_t shapes[4];

	for (unsigned c = 0; c < ncalls; c++) {
		take(&rd, &regs[c], sizeof(regs[c]));
		take(&rd, &shapes[c], 1);
		shape(&regs[c], shapes[c], TDX_SHARED_BIT(cfg.gpaw));
	}
	take(&rd, ram, rd.left < RAM_SIZE ? rd.left : RAM_SIZE);

	for (unsigned c = 0; c < ncalls; c++) {
		struct seam_exit_info info;
		struct seam_regs r = regs[c];
		enum seam_exit ex = seam_tdcall(&td, 0, &r, &mem, &info);

		switch (ex) {
		case SEAM_RESUME:
			break;
		case SEAM_EXIT_VMCALL: /* the VMM answers "unsupported" */
			if (TDX_LEAF(regs[c].rax) != TDG_VP_VMCALL)
				abort();
			info.vmcall.r10 = TDVMCALL_STATUS_SUBFUNC_UNSUPPORTED;
			seam_vmcall_complete(&r, &info.vmcall);
			break;
		case SEAM_EXIT_EPT_VIOLATION: /* the VMM AUGs and retries once */
			if (TDX_LEAF(regs[c].rax) != TDG_MEM_PAGE_ACCEPT ||
			    info.gpa >= SEAM_MAX_GPA)
				abort();
			seam_pages_aug(&td.pages, info.gpa, info.level);
			r = regs[c];
			ex = seam_tdcall(&td, 0, &r, &mem, &info);
			if (ex == SEAM_EXIT_VMCALL)
				abort();
			break;
		default:
			abort();
		}
	}
	seam_td_destroy(&td);
	free(ram);
	return 0;
}
