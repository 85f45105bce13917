// SPDX-License-Identifier: MIT
/*
 * tetdh/seam/tdcall.c - the TDCALL dispatcher: what the TDX module does
 * when a TD executes TDCALL, plus the two TDG.VP.VMCALLs the host side of
 * the model answers itself (GetQuote, GetTdVmCallInfo).
 *
 * The VMM calls seam_tdcall() from its exit dispatcher with the guest's
 * GPRs and an accessor for guest memory. Guest addresses are never
 * dereferenced here; every operand is checked the way intel/tdx-module
 * (tdx_1.5, src/td_dispatcher/) checks it, in the same order, and fails
 * with the same status (error code + operand id).
 *
 * Register conventions, cited from Linux:
 *  - TDG.VP.INFO: out RCX = GPAW, RDX = ATTRIBUTES, R8 = NUM|MAX_VCPUS,
 *    R9 = VCPU_INDEX (arch/x86/coco/tdx/tdx.c tdx_parse_tdinfo; module
 *    tdg_vp_info.c).
 *  - TDG.MR.RTMR.EXTEND: RCX = GPA of the 48-byte data (64-aligned), RDX =
 *    index (tdx.c tdx_mcall_extend_rtmr).
 *  - TDG.MR.REPORT: RCX = TDREPORT GPA (1024-aligned), RDX = REPORTDATA GPA
 *    (64-aligned), R8 = subtype 0 (tdx.c tdx_mcall_get_report0).
 *  - TDG.MEM.PAGE.ACCEPT: RCX = GPA | level (tdx.c try_accept_one).
 *  - TDG.VP.VMCALL: RCX = GPR bitmap, R10 = 0 (standard), R11 = sub-function;
 *    GetQuote R12 = shared GPA, R13 = size, result status in R10 and in the
 *    buffer header (tdx.c tdx_hcall_get_quote: cc_mkdec() sets the shared
 *    bit; KVM arch/x86/kvm/vmx/tdx.c tdx_get_quote checks shared, size != 0,
 *    4 KiB alignment). GetTdVmCallInfo R12 = leaf 0 -> R11..R14 = 0.
 *
 * Model choices: a private GPA operand must lie in a declared private
 * range and be MAPPED (the real module would instead TD-exit with an EPT
 * violation or inject #VE; here it is TDX_OPERAND_INVALID for that
 * operand). Shared GPAs alias the same guest RAM (the accessor decides
 * what the TD may touch). No #VE is ever pending (VEINFO.GET fails), and
 * no TD metadata fields are modelled (VM.RD/VM.WR fail).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seam.h"

#define MAX_PA_BITS 52

static int gpa_valid(const struct seam_td *td, uint64_t gpa, int private_only)
{
	if (gpa >> MAX_PA_BITS)
		return 0;
	if (td->cfg.gpaw == TDX_GPAW_48 && (gpa >> TDX_GPAW_48))
		return 0;
	return !(private_only && (gpa & TDX_SHARED_BIT(td->cfg.gpaw)));
}

/* Read/write a TD operand: a shared GPA goes to guest RAM as is, a private
 * one must be inside a private range and every page of it MAPPED. */
static int td_access(struct seam_td *td, const struct seam_guest_mem *mem,
		     uint64_t gpa, void *buf, size_t len, int write,
		     int private_only)
{
	uint64_t shared = TDX_SHARED_BIT(td->cfg.gpaw), p;

	if (!gpa_valid(td, gpa, private_only))
		return -1;
	if (gpa & shared) {
		gpa &= ~shared;
	} else {
		if (!seam_pages_in_range(&td->pages, gpa, len))
			return -1;
		for (p = gpa & ~(SEAM_PAGE_SIZE - 1); p < gpa + len; p += SEAM_PAGE_SIZE)
			if (seam_pages_state(&td->pages, p) != SEAM_PAGE_MAPPED)
				return -1;
	}
	return write ? mem->write(mem->opaque, gpa, buf, len)
		     : mem->read(mem->opaque, gpa, buf, len);
}

static uint64_t vp_info(struct seam_td *td, uint32_t vcpu, struct seam_regs *r)
{
	r->rcx = td->cfg.gpaw;
	r->rdx = td->cfg.attributes;
	r->r8 = TDX_VP_INFO_R8(td->num_vcpus, td->cfg.max_vcpus);
	r->r9 = vcpu;
	r->r10 = 0; /* TDG.SYS.RD not modelled */
	r->r11 = 0;
	return TDX_SUCCESS;
}

static uint64_t rtmr_extend(struct seam_td *td, struct seam_regs *r,
			    const struct seam_guest_mem *mem)
{
	uint8_t data[TDX_RTMR_EXTEND_LEN];

	if (r->rcx & (TDX_RTMR_EXTEND_ALIGN - 1) ||
	    td_access(td, mem, r->rcx, data, sizeof(data), 0, 1))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	return seam_rtmr_extend(&td->rtmr, r->rdx, data);
}

static uint64_t mr_report(struct seam_td *td, struct seam_regs *r,
			  const struct seam_guest_mem *mem)
{
	uint8_t reportdata[TDX_REPORTDATA_LEN];
	struct tdx_report rep;

	if (r->rcx & (TDX_REPORT_LEN - 1))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	if (r->rdx & (TDX_REPORTDATA_LEN - 1))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX;
	if (td_access(td, mem, r->rdx, reportdata, sizeof(reportdata), 0, 0))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX;
	if (r->r8 != TDX_REPORT_SUBTYPE_0)
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8;
	seam_report_build(td, reportdata, &rep);
	if (td_access(td, mem, r->rcx, &rep, sizeof(rep), 1, 0))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	return TDX_SUCCESS;
}

static uint64_t page_accept(struct seam_td *td, struct seam_regs *r,
			    const struct seam_guest_mem *mem, int *ept_violation,
			    struct seam_exit_info *info)
{
	static const uint8_t zero[SEAM_PAGE_SIZE];
	uint64_t gpa = TDX_PAGE_INFO_GPA(r->rcx), st, off, span;
	int level = (int)TDX_PAGE_INFO_LEVEL(r->rcx);

	*ept_violation = 0;
	if ((r->rcx & TDX_PAGE_INFO_RESERVED) || level > TDX_PS_2M ||
	    !gpa_valid(td, gpa, 1))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	st = seam_pages_accept(&td->pages, gpa, level, ept_violation);
	if (st || *ept_violation) {
		info->gpa = gpa;
		info->level = level;
		return st;
	}
	/* The module initializes an accepted page to zero (init_sept_4k_page). */
	span = level == TDX_PS_2M ? SEAM_PAGE_2M : SEAM_PAGE_SIZE;
	for (off = 0; off < span; off += SEAM_PAGE_SIZE)
		if (mem->write(mem->opaque, gpa + off, zero, sizeof(zero)))
			return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	return TDX_SUCCESS;
}

/* GetQuote's work on a validated shared buffer; returns the buffer status. */
static uint64_t get_quote_buf(struct seam_td *td, const struct seam_guest_mem *mem,
			      uint64_t addr, uint64_t size, uint32_t *out_len)
{
	struct tdx_quote_buf hdr;
	struct tdx_report rep;
	uint8_t *q = NULL;
	size_t qlen = 0;
	uint64_t st = TDX_GET_QUOTE_ERROR;

	*out_len = 0;
	if (mem->read(mem->opaque, addr, &hdr, sizeof(hdr)) ||
	    hdr.version != TDX_QUOTE_BUF_VERSION || hdr.in_len != TDX_REPORT_LEN ||
	    sizeof(hdr) + (uint64_t)hdr.in_len > size ||
	    mem->read(mem->opaque, addr + sizeof(hdr), &rep, sizeof(rep))) {
		snprintf(td->last_error, sizeof(td->last_error),
			 "GetQuote: malformed request buffer");
		return st;
	}
	if (seam_report_verify(td, &rep)) {
		snprintf(td->last_error, sizeof(td->last_error),
			 "GetQuote: TDREPORT MAC or hashes do not verify");
		return st;
	}
	if (!td->qe)
		td->qe = seam_qe_open(td->state_dir, td->last_error,
				      sizeof(td->last_error));
	if (!td->qe)
		return TDX_GET_QUOTE_SERVICE_UNAVAILABLE;
	if (seam_quote_build(td->qe, &rep, &q, &qlen))
		snprintf(td->last_error, sizeof(td->last_error),
			 "GetQuote: signing failed");
	else if (qlen > size - sizeof(hdr))
		snprintf(td->last_error, sizeof(td->last_error),
			 "GetQuote: %zu-byte quote does not fit a %llu-byte buffer",
			 qlen, (unsigned long long)size);
	else if (!mem->write(mem->opaque, addr + sizeof(hdr), q, qlen)) {
		*out_len = (uint32_t)qlen;
		st = TDX_GET_QUOTE_SUCCESS;
	}
	free(q);
	return st;
}

static uint64_t get_quote(struct seam_td *td, const struct seam_guest_mem *mem,
			  const struct seam_regs *v)
{
	uint64_t shared = TDX_SHARED_BIT(td->cfg.gpaw), gpa = v->r12;
	uint64_t size = v->r13, addr = gpa & ~shared;
	struct tdx_quote_buf hdr;
	uint32_t out_len;
	uint8_t last;

	if (!(gpa & shared) || size == 0)
		return TDVMCALL_STATUS_INVALID_OPERAND;
	if ((gpa | size) & (SEAM_PAGE_SIZE - 1))
		return TDVMCALL_STATUS_ALIGN_ERROR;
	if (!gpa_valid(td, gpa, 0) || addr + size < addr ||
	    mem->read(mem->opaque, addr + size - 1, &last, 1) ||
	    mem->read(mem->opaque, addr, &hdr, sizeof(hdr)))
		return TDVMCALL_STATUS_INVALID_OPERAND;
	hdr.status = get_quote_buf(td, mem, addr, size, &out_len);
	hdr.out_len = out_len;
	if (mem->write(mem->opaque, addr, &hdr, sizeof(hdr)))
		return TDVMCALL_STATUS_INVALID_OPERAND;
	return TDVMCALL_STATUS_SUCCESS;
}

/* Returns 1 if the model answered the VMCALL in v, 0 if it is the VMM's. */
static int host_vmcall(struct seam_td *td, const struct seam_guest_mem *mem,
		       struct seam_regs *v)
{
	if (v->r10 != TDVMCALL_STANDARD)
		return 0;
	switch (v->r11) {
	case TDVMCALL_GET_TD_VM_CALL_INFO:
		if (v->r12) {
			v->r10 = TDVMCALL_STATUS_INVALID_OPERAND;
		} else {
			v->r10 = TDVMCALL_STATUS_SUCCESS;
			v->r11 = v->r12 = v->r13 = v->r14 = 0;
		}
		return 1;
	case TDVMCALL_GET_QUOTE:
		v->r10 = get_quote(td, mem, v);
		return 1;
	default:
		return 0;
	}
}

/* Selected GPRs of TDG.VP.VMCALL, by GPR index (RBX/RBP/RSI/RDI: not in
 * struct seam_regs, so never exposed by this model). */
static uint64_t *gpr(struct seam_regs *r, unsigned i)
{
	switch (i) {
	case TDX_GPR_RDX: return &r->rdx;
	case TDX_GPR_R8: return &r->r8;
	case TDX_GPR_R9: return &r->r9;
	case TDX_GPR_R10: return &r->r10;
	case TDX_GPR_R11: return &r->r11;
	case TDX_GPR_R12: return &r->r12;
	case TDX_GPR_R13: return &r->r13;
	case TDX_GPR_R14: return &r->r14;
	case TDX_GPR_R15: return &r->r15;
	default: return NULL;
	}
}

void seam_vmcall_complete(struct seam_regs *regs, const struct seam_regs *vmm)
{
	unsigned i, sel = (unsigned)(regs->rcx & 0xffff);
	struct seam_regs v = *vmm;

	for (i = TDX_GPR_RDX; i <= TDX_GPR_R15; i++)
		if ((sel & (1u << i)) && gpr(regs, i))
			*gpr(regs, i) = *gpr(&v, i);
	regs->rax = TDX_SUCCESS;
}

static enum seam_exit vmcall(struct seam_td *td, struct seam_regs *regs,
			     const struct seam_guest_mem *mem,
			     struct seam_exit_info *info)
{
	unsigned i, sel = (unsigned)(regs->rcx & 0xffff);
	struct seam_regs v = { 0 };

	if ((sel & TDX_VMCALL_GPR_FORBIDDEN) ||
	    (regs->rcx & TDX_VMCALL_RCX_RESERVED)) {
		regs->rax = TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
		return SEAM_RESUME;
	}
	/* What TDH.VP.ENTER's caller sees: selected GPRs, others zero. */
	v.rcx = regs->rcx;
	for (i = TDX_GPR_RDX; i <= TDX_GPR_R15; i++)
		if ((sel & (1u << i)) && gpr(regs, i))
			*gpr(&v, i) = *gpr(regs, i);
	if (!host_vmcall(td, mem, &v)) {
		info->vmcall = v;
		return SEAM_EXIT_VMCALL;
	}
	seam_vmcall_complete(regs, &v);
	return SEAM_RESUME;
}

enum seam_exit seam_tdcall(struct seam_td *td, uint32_t vcpu_index,
			   struct seam_regs *regs,
			   const struct seam_guest_mem *mem,
			   struct seam_exit_info *info)
{
	uint64_t leaf = TDX_LEAF(regs->rax), st;
	int ev = 0;

	memset(info, 0, sizeof(*info));
	/* tdx_td_dispatcher.c td_call(): reserved bits and versions first. */
	if ((regs->rax & TDX_LEAF_RESERVED_MASK) ||
	    (TDX_LEAF_VERSION(regs->rax) && leaf != TDG_VM_RD)) {
		regs->rax = TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX;
		return SEAM_RESUME;
	}
	switch (leaf) {
	case TDG_VP_VMCALL:
		return vmcall(td, regs, mem, info);
	case TDG_VP_INFO:
		st = vp_info(td, vcpu_index, regs);
		break;
	case TDG_MR_RTMR_EXTEND:
		st = rtmr_extend(td, regs, mem);
		break;
	case TDG_VP_VEINFO_GET:
		st = TDX_NO_VALID_VE_INFO;
		break;
	case TDG_MR_REPORT:
		st = mr_report(td, regs, mem);
		break;
	case TDG_VP_CPUIDVE_SET: /* bits 1:0 = supervisor/user #VE enables */
		st = (regs->rcx & ~3ull) ? TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX
					 : TDX_SUCCESS;
		break;
	case TDG_MEM_PAGE_ACCEPT:
		st = page_accept(td, regs, mem, &ev, info);
		if (ev)
			return SEAM_EXIT_EPT_VIOLATION; /* RAX untouched: retry */
		break;
	case TDG_VM_RD:
	case TDG_VM_WR:
		st = TDX_METADATA_FIELD_ID_INCORRECT | TDX_OPERAND_ID_RDX;
		break;
	default:
		st = TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX;
		break;
	}
	regs->rax = st;
	return SEAM_RESUME;
}
