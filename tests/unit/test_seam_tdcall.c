// SPDX-License-Identifier: MIT
/*
 * tests/unit/test_seam_tdcall.c - the TDCALL dispatcher: one table row per
 * (leaf x operand problem): misaligned, shared-where-private, beyond GPAW,
 * beyond MAXPA, outside the private ranges, not MAPPED, outside guest RAM,
 * oversized, bad index/subtype, reserved bits, unknown leaf; then the
 * success paths, GetQuote end to end and the VMCALL hand-off to the VMM.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

#include <cmocka.h>

#include "seam_testlib.h"

#define SH(gpa)   ((gpa) | (1ull << 47))        /* shared alias, GPAW 48 */
#define MAPD      0x100000ull                    /* 4 accepted pages */
#define PEND      0x200000ull                    /* AUGed, not accepted */
#define NONE      0x300000ull                    /* nothing */
#define QBUF      0x400000ull                    /* GetQuote buffer (2 pages) */
#define OUTSIDE   0x40000000ull                  /* no private range, no RAM */
#define VMCALL_R10_R13 0x3c00ull                 /* GPR_SELECT: R10..R13 */
#define RCX_ID    TDX_OPERAND_ID_RCX
#define RDX_ID    TDX_OPERAND_ID_RDX
#define OPINV     TDX_OPERAND_INVALID

static char state_dir[64];

struct fx {
	const void *row;              /* test_row: its table row */
	struct seam_td td;
	struct ti_mem m;
	struct seam_guest_mem mem;
};

static int fx_setup(void **state)
{
	struct seam_td_config cfg = { .attributes = TDX_ATTR_SEPT_VE_DISABLE,
				      .xfam = 0xe7, .gpaw = 48, .max_vcpus = 4,
				      .state_dir = state_dir };
	struct fx *f = calloc(1, sizeof(*f));
	int ev;

	f->row = *state; /* cmocka passes initial_state in */
	ti_mem_init(&f->m, &f->mem);
	if (seam_td_init(&f->td, &cfg) ||
	    seam_pages_add_range(&f->td.pages, 0, TI_RAM_SIZE) ||
	    seam_td_add_vcpu(&f->td) != 0 || seam_td_add_vcpu(&f->td) != 1 ||
	    seam_td_finalize(&f->td))
		return -1;
	for (uint64_t g = MAPD; g < MAPD + 0x4000; g += 0x1000)
		if (seam_pages_aug(&f->td.pages, g, TDX_PS_4K) ||
		    seam_pages_accept(&f->td.pages, g, TDX_PS_4K, &ev))
			return -1;
	if (seam_pages_aug(&f->td.pages, PEND, TDX_PS_4K))
		return -1;
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	seam_td_destroy(&f->td);
	ti_mem_free(&f->m);
	free(f);
	return 0;
}

/* ---- the validation table ---- */

struct row {
	const char *name;
	struct seam_regs in;
	uint64_t rax;                 /* expected RAX after the call */
	uint64_t r10;                 /* expected R10 for VMCALL rows */
	enum seam_exit exit;
};

#define L(leaf) .rax = (leaf)

static const struct row rows[] = {
	/* unknown leaves, reserved bits, versions */
	{ "leaf 9 (TDG.VP.RD, not modelled)", { L(9) }, OPINV | TDX_OPERAND_ID_RAX, 0, SEAM_RESUME },
	{ "leaf 0xffff", { L(0xffff) }, OPINV | TDX_OPERAND_ID_RAX, 0, SEAM_RESUME },
	{ "RAX reserved bit 40", { L(TDG_VP_INFO | 1ull << 40) }, OPINV | TDX_OPERAND_ID_RAX, 0, SEAM_RESUME },
	{ "REPORT version 1", { L(TDG_MR_REPORT | 1 << 16) }, OPINV | TDX_OPERAND_ID_RAX, 0, SEAM_RESUME },
	/* TDG.MR.RTMR.EXTEND: RCX = GPA (64-aligned, private), RDX = index */
	{ "RTMR misaligned", { L(2), .rcx = MAPD + 8 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "RTMR shared GPA", { L(2), .rcx = SH(MAPD) }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "RTMR beyond GPAW", { L(2), .rcx = 1ull << 48 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "RTMR beyond MAXPA", { L(2), .rcx = 1ull << 60 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "RTMR outside TD", { L(2), .rcx = OUTSIDE }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "RTMR pending page", { L(2), .rcx = PEND }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "RTMR free page", { L(2), .rcx = NONE }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "RTMR index 4", { L(2), .rcx = MAPD, .rdx = 4 }, OPINV | RDX_ID, 0, SEAM_RESUME },
	{ "RTMR index 2^63", { L(2), .rcx = MAPD, .rdx = 1ull << 63 }, OPINV | RDX_ID, 0, SEAM_RESUME },
	{ "RTMR ok", { L(2), .rcx = MAPD + 0x40, .rdx = 3 }, TDX_SUCCESS, 0, SEAM_RESUME },
	/* TDG.MR.REPORT: RCX out (1024-aligned), RDX in (64-aligned), R8 = 0 */
	{ "REPORT RCX misaligned", { L(4), .rcx = MAPD + 0x200, .rdx = MAPD + 0x1000 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "REPORT RDX misaligned", { L(4), .rcx = MAPD, .rdx = MAPD + 0x1020 }, OPINV | RDX_ID, 0, SEAM_RESUME },
	{ "REPORT RDX outside RAM", { L(4), .rcx = MAPD, .rdx = SH(OUTSIDE) }, OPINV | RDX_ID, 0, SEAM_RESUME },
	{ "REPORT RDX free page", { L(4), .rcx = MAPD, .rdx = NONE }, OPINV | RDX_ID, 0, SEAM_RESUME },
	{ "REPORT RDX beyond GPAW", { L(4), .rcx = MAPD, .rdx = 1ull << 50 }, OPINV | RDX_ID, 0, SEAM_RESUME },
	{ "REPORT subtype 1", { L(4), .rcx = MAPD, .rdx = MAPD + 0x1000, .r8 = 1 }, OPINV | TDX_OPERAND_ID_R8, 0, SEAM_RESUME },
	{ "REPORT RCX pending page", { L(4), .rcx = PEND, .rdx = MAPD + 0x1000 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "REPORT RCX outside RAM", { L(4), .rcx = SH(OUTSIDE), .rdx = MAPD + 0x1000 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "REPORT RCX last RAM bytes", { L(4), .rcx = SH(TI_RAM_SIZE - 1024), .rdx = MAPD }, TDX_SUCCESS, 0, SEAM_RESUME },
	{ "REPORT ok private", { L(4), .rcx = MAPD + 0x2000, .rdx = MAPD + 0x1000 }, TDX_SUCCESS, 0, SEAM_RESUME },
	{ "REPORT ok shared", { L(4), .rcx = SH(QBUF), .rdx = SH(QBUF + 64) }, TDX_SUCCESS, 0, SEAM_RESUME },
	/* TDG.MEM.PAGE.ACCEPT: RCX = GPA | level */
	{ "ACCEPT reserved bit 3", { L(6), .rcx = PEND | 8 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "ACCEPT reserved bit 60", { L(6), .rcx = PEND | 1ull << 60 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "ACCEPT level 1G", { L(6), .rcx = 0x40000000 | 2 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "ACCEPT 2M misaligned", { L(6), .rcx = (PEND + 0x1000) | 1 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "ACCEPT shared GPA", { L(6), .rcx = SH(PEND) }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "ACCEPT beyond GPAW", { L(6), .rcx = 1ull << 49 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "ACCEPT outside TD", { L(6), .rcx = OUTSIDE }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "ACCEPT already accepted", { L(6), .rcx = MAPD }, TDX_PAGE_ALREADY_ACCEPTED, 0, SEAM_RESUME },
	{ "ACCEPT 2M over 4K pages", { L(6), .rcx = PEND | 1 }, TDX_PAGE_SIZE_MISMATCH | 1, 0, SEAM_RESUME },
	{ "ACCEPT nothing AUGed", { L(6), .rcx = NONE }, TDG_MEM_PAGE_ACCEPT, 0, SEAM_EXIT_EPT_VIOLATION },
	{ "ACCEPT ok", { L(6), .rcx = PEND }, TDX_SUCCESS, 0, SEAM_RESUME },
	/* the small leaves */
	{ "VP.INFO", { L(1) }, TDX_SUCCESS, 0, SEAM_RESUME },
	{ "VEINFO.GET", { L(3) }, TDX_NO_VALID_VE_INFO, 0, SEAM_RESUME },
	{ "CPUIDVE.SET reserved", { L(5), .rcx = 4 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "CPUIDVE.SET ok", { L(5), .rcx = 3 }, TDX_SUCCESS, 0, SEAM_RESUME },
	{ "VM.RD", { L(7), .rdx = 1 }, TDX_METADATA_FIELD_ID_INCORRECT | RDX_ID, 0, SEAM_RESUME },
	{ "VM.WR", { L(8), .rdx = 1 }, TDX_METADATA_FIELD_ID_INCORRECT | RDX_ID, 0, SEAM_RESUME },
	/* TDG.VP.VMCALL: RCX = GPR_SELECT; R10 status; GetQuote R12/R13 */
	{ "VMCALL selects RAX", { L(0), .rcx = 1 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "VMCALL selects RCX", { L(0), .rcx = 2 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "VMCALL selects RSP", { L(0), .rcx = 0x10 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "VMCALL RCX bit 32", { L(0), .rcx = VMCALL_R10_R13 | 1ull << 32 }, OPINV | RCX_ID, 0, SEAM_RESUME },
	{ "GetQuote private GPA", { L(0), .rcx = VMCALL_R10_R13, .r11 = TDVMCALL_GET_QUOTE, .r12 = QBUF, .r13 = 0x2000 },
	  TDX_SUCCESS, TDVMCALL_STATUS_INVALID_OPERAND, SEAM_RESUME },
	{ "GetQuote size 0", { L(0), .rcx = VMCALL_R10_R13, .r11 = TDVMCALL_GET_QUOTE, .r12 = SH(QBUF) },
	  TDX_SUCCESS, TDVMCALL_STATUS_INVALID_OPERAND, SEAM_RESUME },
	{ "GetQuote GPA misaligned", { L(0), .rcx = VMCALL_R10_R13, .r11 = TDVMCALL_GET_QUOTE, .r12 = SH(QBUF + 0x800), .r13 = 0x2000 },
	  TDX_SUCCESS, TDVMCALL_STATUS_ALIGN_ERROR, SEAM_RESUME },
	{ "GetQuote size misaligned", { L(0), .rcx = VMCALL_R10_R13, .r11 = TDVMCALL_GET_QUOTE, .r12 = SH(QBUF), .r13 = 0x1800 },
	  TDX_SUCCESS, TDVMCALL_STATUS_ALIGN_ERROR, SEAM_RESUME },
	{ "GetQuote oversized", { L(0), .rcx = VMCALL_R10_R13, .r11 = TDVMCALL_GET_QUOTE, .r12 = SH(QBUF), .r13 = TI_RAM_SIZE },
	  TDX_SUCCESS, TDVMCALL_STATUS_INVALID_OPERAND, SEAM_RESUME },
	{ "GetQuote size wraps", { L(0), .rcx = VMCALL_R10_R13, .r11 = TDVMCALL_GET_QUOTE, .r12 = SH(QBUF), .r13 = 0xfffffffffffff000ull },
	  TDX_SUCCESS, TDVMCALL_STATUS_INVALID_OPERAND, SEAM_RESUME },
	{ "GetQuote outside RAM", { L(0), .rcx = VMCALL_R10_R13, .r11 = TDVMCALL_GET_QUOTE, .r12 = SH(OUTSIDE), .r13 = 0x1000 },
	  TDX_SUCCESS, TDVMCALL_STATUS_INVALID_OPERAND, SEAM_RESUME },
	{ "GetQuote beyond GPAW", { L(0), .rcx = VMCALL_R10_R13, .r11 = TDVMCALL_GET_QUOTE, .r12 = SH(1ull << 50), .r13 = 0x1000 },
	  TDX_SUCCESS, TDVMCALL_STATUS_INVALID_OPERAND, SEAM_RESUME },
	{ "GetTdVmCallInfo leaf 0", { L(0), .rcx = VMCALL_R10_R13 | 0x4000, .r11 = TDVMCALL_GET_TD_VM_CALL_INFO, .r13 = 7, .r14 = 9 },
	  TDX_SUCCESS, TDVMCALL_STATUS_SUCCESS, SEAM_RESUME },
	{ "GetTdVmCallInfo leaf 2", { L(0), .rcx = VMCALL_R10_R13, .r11 = TDVMCALL_GET_TD_VM_CALL_INFO, .r12 = 2 },
	  TDX_SUCCESS, TDVMCALL_STATUS_INVALID_OPERAND, SEAM_RESUME },
	{ "MapGPA goes to the VMM", { L(0), .rcx = VMCALL_R10_R13, .r11 = TDVMCALL_MAP_GPA, .r12 = 0x1000, .r13 = 0x1000 },
	  TDG_VP_VMCALL, 0, SEAM_EXIT_VMCALL },
	{ "vendor VMCALL goes to the VMM", { L(0), .rcx = VMCALL_R10_R13, .r10 = 1, .r11 = 5 },
	  TDG_VP_VMCALL, 1, SEAM_EXIT_VMCALL },
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

static void test_row(void **state)
{
	struct fx *f = *state;
	const struct row *r = f->row;
	struct seam_exit_info info;
	struct seam_regs regs;
	enum seam_exit ex;
	uint8_t page[4096];

	assert_non_null(r);
	regs = r->in;
	ex = seam_tdcall(&f->td, 1, &regs, &f->mem, &info);
	assert_int_equal(ex, r->exit);
	if (regs.rax != r->rax)
		fail_msg("%s: RAX 0x%llx, expected 0x%llx", r->name,
			 (unsigned long long)regs.rax, (unsigned long long)r->rax);
	if (TDX_LEAF(r->in.rax) == TDG_VP_VMCALL && r->rax == TDX_SUCCESS)
		assert_int_equal(regs.r10, r->r10);
	if (r->rax != TDX_SUCCESS && ex == SEAM_RESUME) {
		/* a failed call writes nothing but RAX */
		regs.rax = r->in.rax;
		assert_memory_equal(&regs, &r->in, sizeof(regs));
	}
	if (ex == SEAM_EXIT_EPT_VIOLATION) {
		assert_int_equal(info.gpa, NONE);
		assert_int_equal(info.level, TDX_PS_4K);
	}
	if (ex == SEAM_EXIT_VMCALL) {
		assert_int_equal(info.vmcall.r10, r->r10);
		assert_int_equal(info.vmcall.r11, r->in.r11);
		assert_int_equal(info.vmcall.r12, r->in.r12);
	}
	if (!strcmp(r->name, "ACCEPT ok")) {
		assert_int_equal(seam_pages_state(&f->td.pages, PEND), SEAM_PAGE_MAPPED);
		assert_int_equal(f->mem.read(f->mem.opaque, PEND, page, 4096), 0);
		for (int i = 0; i < 4096; i++)
			assert_int_equal(page[i], 0);
	}
}

/* ---- success paths with output checks ---- */

static void test_vp_info(void **state)
{
	struct fx *f = *state;
	struct seam_regs r = { .rax = TDG_VP_INFO, .r10 = 5, .r11 = 6 };
	struct seam_exit_info info;

	assert_int_equal(seam_tdcall(&f->td, 1, &r, &f->mem, &info), SEAM_RESUME);
	assert_int_equal(r.rax, TDX_SUCCESS);
	assert_int_equal(r.rcx, 48);
	assert_int_equal(r.rdx, TDX_ATTR_SEPT_VE_DISABLE);
	assert_int_equal(r.r8, 2ull | 4ull << 32);
	assert_int_equal(r.r9, 1);
	assert_int_equal(r.r10, 0);
	assert_int_equal(r.r11, 0);
}

static void test_rtmr_and_report(void **state)
{
	struct fx *f = *state;
	struct seam_exit_info info;
	struct seam_regs r;
	struct tdx_report rep;
	uint8_t d[48], rd[64], before[48];

	for (int i = 0; i < 48; i++)
		d[i] = (uint8_t)i;
	for (int i = 0; i < 64; i++)
		rd[i] = (uint8_t)(0x80 | i);
	assert_int_equal(f->mem.write(f->mem.opaque, MAPD + 0xc0, d, 48), 0);
	assert_int_equal(f->mem.write(f->mem.opaque, MAPD + 0x1000, rd, 64), 0);
	memcpy(before, f->td.rtmr.r[1], 48);
	r = (struct seam_regs){ .rax = TDG_MR_RTMR_EXTEND, .rcx = MAPD + 0xc0, .rdx = 1 };
	seam_tdcall(&f->td, 0, &r, &f->mem, &info);
	assert_int_equal(r.rax, TDX_SUCCESS);
	assert_memory_not_equal(before, f->td.rtmr.r[1], 48);
	r = (struct seam_regs){ .rax = TDG_MR_REPORT, .rcx = MAPD + 0x2000,
				.rdx = MAPD + 0x1000 };
	seam_tdcall(&f->td, 0, &r, &f->mem, &info);
	assert_int_equal(r.rax, TDX_SUCCESS);
	assert_int_equal(f->mem.read(f->mem.opaque, MAPD + 0x2000, &rep, sizeof(rep)), 0);
	assert_int_equal(seam_report_verify(&f->td, &rep), 0);
	assert_memory_equal(rep.reportmac.reportdata, rd, 64);
	assert_memory_equal(rep.tdinfo.rtmr[1], f->td.rtmr.r[1], 48);
	assert_memory_equal(rep.tdinfo.mrtd, f->td.mrtd.value, 48);
}

/* Guest side of GetQuote: TDREPORT into the shared buffer, VMCALL, read
 * the status and the quote back, verify it. */
static uint64_t get_quote(struct fx *f, struct tdx_quote_buf *hdr,
			  const struct tdx_report *rep, uint8_t **quote)
{
	struct seam_regs r = { .rax = TDG_VP_VMCALL, .rcx = VMCALL_R10_R13,
			       .r11 = TDVMCALL_GET_QUOTE, .r12 = SH(QBUF),
			       .r13 = 0x2000 };
	struct seam_exit_info info;

	f->mem.write(f->mem.opaque, QBUF, hdr, sizeof(*hdr));
	f->mem.write(f->mem.opaque, QBUF + 24, rep, sizeof(*rep));
	assert_int_equal(seam_tdcall(&f->td, 0, &r, &f->mem, &info), SEAM_RESUME);
	assert_int_equal(r.rax, TDX_SUCCESS);
	assert_int_equal(r.r10, TDVMCALL_STATUS_SUCCESS);
	f->mem.read(f->mem.opaque, QBUF, hdr, sizeof(*hdr));
	if (quote && hdr->status == TDX_GET_QUOTE_SUCCESS) {
		*quote = malloc(hdr->out_len);
		f->mem.read(f->mem.opaque, QBUF + 24, *quote, hdr->out_len);
	}
	return hdr->status;
}

static void test_get_quote(void **state)
{
	struct fx *f = *state;
	struct tdx_quote_buf hdr = { .version = 1, .in_len = 1024 };
	struct seam_quote_info qi;
	struct tdx_report rep;
	uint8_t rd[64], *q = NULL;
	char msg[SEAM_MSG_LEN];

	memset(rd, 0x3c, sizeof(rd));
	seam_report_build(&f->td, rd, &rep);
	assert_int_equal(get_quote(f, &hdr, &rep, &q), TDX_GET_QUOTE_SUCCESS);
	assert_true(hdr.out_len > 636 && hdr.out_len < 0x2000 - 24);
	assert_int_equal(seam_quote_verify(q, hdr.out_len, &qi, msg, sizeof(msg)), 0);
	assert_memory_equal(qi.body.reportdata, rd, 64);
	assert_memory_equal(qi.body.mrtd, f->td.mrtd.value, 48);
	free(q);
	/* malformed requests: status in the buffer, the VMCALL itself succeeds */
	hdr = (struct tdx_quote_buf){ .version = 2, .in_len = 1024 };
	assert_int_equal(get_quote(f, &hdr, &rep, NULL), TDX_GET_QUOTE_ERROR);
	assert_int_equal(hdr.out_len, 0);
	hdr = (struct tdx_quote_buf){ .version = 1, .in_len = 1000 };
	assert_int_equal(get_quote(f, &hdr, &rep, NULL), TDX_GET_QUOTE_ERROR);
	/* a TDREPORT the guest edited (or another TD made) is refused */
	rep.tdinfo.rtmr[0][0] ^= 1;
	hdr = (struct tdx_quote_buf){ .version = 1, .in_len = 1024 };
	assert_int_equal(get_quote(f, &hdr, &rep, NULL), TDX_GET_QUOTE_ERROR);
	assert_non_null(strstr(f->td.last_error, "TDREPORT"));
}

static void test_get_quote_no_service(void **state)
{
	struct fx *f = *state;
	struct tdx_quote_buf hdr = { .version = 1, .in_len = 1024 };
	struct tdx_report rep;
	uint8_t rd[64] = { 0 };

	free(f->td.state_dir); /* as if tetdh ran without --state */
	f->td.state_dir = NULL;
	f->td.cfg.state_dir = NULL;
	seam_report_build(&f->td, rd, &rep);
	assert_int_equal(get_quote(f, &hdr, &rep, NULL),
			 TDX_GET_QUOTE_SERVICE_UNAVAILABLE);
}

/* An unhandled VMCALL goes to the VMM with only the selected GPRs, and
 * only selected GPRs come back. */
static void test_vmcall_handoff(void **state)
{
	struct fx *f = *state;
	/* GPR_SELECT = RDX, R11: the VMM sees R10 = 0 (a standard call). */
	struct seam_regs r = { .rax = TDG_VP_VMCALL, .rcx = 0x0804, .rdx = 0xd,
			       .r8 = 8, .r10 = 5, .r11 = TDVMCALL_MAP_GPA,
			       .r12 = 0x12, .r14 = 0x14 };
	struct seam_exit_info info;
	struct seam_regs vmm;

	assert_int_equal(seam_tdcall(&f->td, 0, &r, &f->mem, &info), SEAM_EXIT_VMCALL);
	vmm = info.vmcall;
	assert_int_equal(vmm.rcx, 0x0804);
	assert_int_equal(vmm.rdx, 0xd);          /* bit 2 selected */
	assert_int_equal(vmm.r8, 0);             /* bit 8 not selected */
	assert_int_equal(vmm.r10, 0);            /* bit 10 not selected */
	assert_int_equal(vmm.r11, TDVMCALL_MAP_GPA);
	assert_int_equal(vmm.r12, 0);            /* bit 12 not selected */
	vmm.r10 = TDVMCALL_STATUS_RETRY;         /* not selected: not copied */
	vmm.r11 = 0x77;                          /* selected: copied */
	vmm.r14 = 0x99;                          /* not selected: not copied */
	seam_vmcall_complete(&r, &vmm);
	assert_int_equal(r.rax, TDX_SUCCESS);
	assert_int_equal(r.r10, 5);
	assert_int_equal(r.r11, 0x77);
	assert_int_equal(r.r14, 0x14);
	assert_int_equal(r.r8, 8);
}

/* GPAW 52: the shared bit is bit 51, bit 47 is an ordinary private bit. */
static void test_gpaw52(void **state)
{
	struct seam_td_config cfg = { .gpaw = 52, .max_vcpus = 1 };
	struct seam_exit_info info;
	struct seam_td td;
	struct seam_regs r = { .rax = TDG_VP_VMCALL, .rcx = VMCALL_R10_R13,
			       .r11 = TDVMCALL_GET_QUOTE, .r12 = SH(QBUF),
			       .r13 = 0x1000 };
	struct fx *f = *state;

	assert_int_equal(seam_td_init(&td, &cfg), 0);
	assert_int_equal(seam_tdcall(&td, 0, &r, &f->mem, &info), SEAM_RESUME);
	assert_int_equal(r.r10, TDVMCALL_STATUS_INVALID_OPERAND);
	r = (struct seam_regs){ .rax = TDG_VP_INFO };
	seam_tdcall(&td, 0, &r, &f->mem, &info);
	assert_int_equal(r.rcx, 52);
	seam_td_destroy(&td);
}

int main(void)
{
	struct CMUnitTest tests[NROWS + 6] = {
		cmocka_unit_test_setup_teardown(test_vp_info, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rtmr_and_report, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_get_quote, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_get_quote_no_service, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_vmcall_handoff, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_gpaw52, fx_setup, fx_teardown),
	};
	char path[96];
	int ret;

	strcpy(state_dir, "/tmp/seam-tdcall-XXXXXX");
	if (!mkdtemp(state_dir))
		return 1;
	for (size_t i = 0; i < NROWS; i++)
		tests[6 + i] = (struct CMUnitTest){
			.name = rows[i].name, .test_func = test_row,
			.initial_state = (void *)&rows[i],
			.setup_func = fx_setup, .teardown_func = fx_teardown,
		};
	ret = _cmocka_run_group_tests("seam_tdcall", tests, NROWS + 6, NULL, NULL);
	snprintf(path, sizeof(path), "%s/qe.pem", state_dir);
	unlink(path);
	rmdir(state_dir);
	return ret;
}
