// SPDX-License-Identifier: MIT
/*
 * tetdg/tetdg_tdcall.c - every TDCALL the tetdg driver issues, one function
 * per leaf, all through tetd_tdcall() (include/tetd/tdcall.h): the TDCALL
 * instruction on TDX, the sim TDCALL (`out` to port 0xE5) under tetdh, and
 * nothing at all when neither is there (plain QEMU: the CPUID probe says
 * "none" and no port is touched). Status codes are mapped to errnos here,
 * once.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/delay.h>
#include <linux/string.h>

#include <tetd/tdcall.h>
#include <tetd/tdx.h>
#include <tetd/agent.h>
#include <tetd/tetdcall.h>

#include "tetdg.h"

u32 tetdg_transport_probe(void)
{
	switch (tetd_tdcall_mode()) {
	case TETD_TDCALL_TDX: return TETDG_TRANSPORT_TDX;
	case TETD_TDCALL_SIM: return TETDG_TRANSPORT_SIM;
	default: return TETDG_TRANSPORT_NONE;
	}
}

/*
 * TETD_INFO (include/tetd/tetdcall.h): RCX flags, RDX zone GPA, R8 zone
 * size, R9 violations. A TDX module without the TETD extension answers
 * with an operand error: reported as such in out->status, registers zero.
 * -ENODEV when there is nobody to ask.
 */
int tetdg_host_info(struct tetdg_host_info *out)
{
	struct tetd_tdcall_regs r = { .rax = TETD_INFO };

	memset(out, 0, sizeof(*out));
	if (tetdg.transport == TETDG_TRANSPORT_NONE)
		return -ENODEV;
	out->status = tetd_tdcall(&r);
	if (out->status == TDX_SUCCESS) {
		out->flags = r.rcx;
		out->zone_gpa = r.rdx;
		out->zone_size = r.r8;
		out->violations = r.r9;
	}
	return 0;
}

/*
 * TDG.MR.REPORT [TDX module ABI spec, TDG.MR.REPORT leaf; Linux
 * arch/x86/coco/tdx/tdx.c tdx_mcall_get_report0]: RCX = GPA of the
 * 1024-byte TDREPORT_STRUCT (1024-aligned), RDX = GPA of the 64-byte
 * REPORTDATA (64-aligned), R8 = report subtype 0. One zeroed page holds
 * both, which satisfies the alignments; it is private TD memory, so its
 * physical address is the GPA the module wants.
 */
int tetdg_mr_report(const u8 reportdata[TDX_REPORTDATA_LEN], u8 tdreport[TDX_REPORT_LEN])
{
	struct tetd_tdcall_regs r = { .rax = TDG_MR_REPORT };
	unsigned long page;
	u64 st;

	if (tetdg.transport == TETDG_TRANSPORT_NONE)
		return -ENODEV;
	page = get_zeroed_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	memcpy((u8 *)page + TDX_REPORT_LEN, reportdata, TDX_REPORTDATA_LEN);
	r.rcx = virt_to_phys((void *)page);
	r.rdx = r.rcx + TDX_REPORT_LEN;
	r.r8 = TDX_REPORT_SUBTYPE_0;
	st = tetd_tdcall(&r);
	if (st == TDX_SUCCESS)
		memcpy(tdreport, (void *)page, TDX_REPORT_LEN);
	free_page(page);
	if (st == TDX_SUCCESS)
		return 0;
	pr_err_ratelimited("TDG.MR.REPORT failed: status 0x%016llx\n", (unsigned long long)st);
	return TDX_STATUS_CODE(st) == TDX_STATUS_CODE(TDX_OPERAND_INVALID) ? -EINVAL : -EIO;
}

/* TETD_ST_* -> errno, for the leaves that run agent calls. */
static int tetd_status_errno(u64 st)
{
	switch (st) {
	case TDX_SUCCESS: return 0;
	case TETD_ST_NO_AGENT: return -ENOENT;
	case TETD_ST_BAD_LEN: return -EINVAL;
	case TETD_ST_BUSY: return -EBUSY;
	case TETD_ST_DENIED: return -EACCES;
	case TETD_ST_DISABLED: return -ESHUTDOWN;
	case TETD_ST_AGENT_FAULT: return -EIO;
	case TETD_ST_NOT_SEALED: return -ENODEV;
	case TETD_ST_BAD_GPA: return -EFAULT;
	default: return -EPROTO;
	}
}

static DEFINE_MUTEX(tetdg_call_lock);   /* one call buffer per agent */

/*
 * TETD_VMM_ENTER (include/tetd/tetdcall.h): RCX = agent index, RDX = mode.
 * The call buffer is the agent's page the firmware named in the TETD
 * table (reserved memory, outside the zone): the host copies it into the
 * zone before the handler runs, so changing it during the call changes
 * nothing. Plain QEMU (no host to enter): the in-guest call path
 * (tetdg_inguest.c) runs the agent on this CPU instead.
 */
int tetdg_vmm_enter(u32 index, u32 mode, u32 fn, const u8 *in, u32 in_len, u8 *out,
		    u32 out_cap, u32 *out_len, s32 *status)
{
	const struct tetd_acpi_agent *a = tetdg_agent(index);
	struct tetd_tdcall_regs r = { .rax = TETD_VMM_ENTER, .rcx = index, .rdx = mode };
	struct tetd_call *c;
	u64 st;
	int ret;

	if (!a)
		return -ENOENT;
	if (tetdg.transport == TETDG_TRANSPORT_NONE)
		return tetdg_inguest_call(index, mode, fn, in, in_len, out, out_cap, out_len,
					  status);
	c = memremap(a->call_buf_gpa, sizeof(*c), MEMREMAP_WB);
	if (!c)
		return -ENOMEM;
	mutex_lock(&tetdg_call_lock);
	memset(c, 0, offsetof(struct tetd_call, in));
	c->fn_id = fn;
	c->in_len = in_len;
	c->out_len = out_cap;
	c->agent_index = index;
	c->mode = mode;
	memcpy(c->in, in, in_len);
	/* The host runs one call at a time and answers BUSY rather than
	 * block (an exclusive call could otherwise wait for this very vCPU):
	 * retry a while before giving up. */
	for (int tries = 0;; tries++) {
		r = (struct tetd_tdcall_regs){ .rax = TETD_VMM_ENTER, .rcx = index, .rdx = mode };
		st = tetd_tdcall(&r);
		if (st != TETD_ST_BUSY || tries >= 10000)
			break;
		usleep_range(50, 200);
	}
	ret = tetd_status_errno(st);
	if (!ret) {
		*out_len = min_t(u32, READ_ONCE(c->out_len), out_cap);
		*status = READ_ONCE(c->status);
		memcpy(out, c->out, *out_len);
	}
	mutex_unlock(&tetdg_call_lock);
	memunmap(c);
	return ret;
}

/*
 * TETD_AGENT_ACCESS (include/tetd/tetdcall.h): RCX = agent index, RDX =
 * GPA, R8 = length, R9 = TETD_GPA_READ. Only what the kernel itself
 * calls System RAM is offered (the zone is reserved memory, so never);
 * the host checks again (RAM, outside the zone: an attempt on the zone is
 * a counted violation). Without a host the in-guest path adds the grant
 * itself.
 */
int tetdg_agent_access(u32 index, u64 gpa, u64 len)
{
	struct tetd_tdcall_regs r = { .rax = TETD_AGENT_ACCESS, .rcx = index, .rdx = gpa,
				      .r8 = len, .r9 = TETD_GPA_READ };

	if (!tetdg_agent(index))
		return -ENOENT;
	if (!len || gpa + len < gpa ||
	    region_intersects(gpa, len, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) != REGION_INTERSECTS)
		return -EINVAL;
	if (tetdg.transport == TETDG_TRANSPORT_NONE)
		return tetdg_inguest_grant(index, gpa, len);
	mutex_lock(&tetdg_call_lock);   /* not while this driver's call runs */
	r.rax = tetd_tdcall(&r);
	mutex_unlock(&tetdg_call_lock);
	if (r.rax == TETD_ST_BAD_LEN)    /* a RAM range: the host has no slot left */
		return -ENOSPC;
	return tetd_status_errno(r.rax);
}

/*
 * TDG.VP.VMCALL<GetQuote> [GHCI; Linux drivers/virt/coco/tdx-guest]: R11 =
 * 0x10002, R12 = shared GPA of the buffer (the GPAW-derived shared bit set,
 * GPAW from TDG.VP.INFO), R13 = its size. Buffer: struct tdx_quote_buf
 * header, the TDREPORT in, the quote out. tetdh answers synchronously and
 * aliases shared and private GPAs; on real TDX the page would first be
 * converted to shared (set_memory_decrypted) and the answer may arrive
 * later (status IN_FLIGHT): not implemented, untested on hardware.
 */
int tetdg_get_quote(const u8 tdreport[TDX_REPORT_LEN], u8 *quote, u32 *len)
{
	struct tetd_tdcall_regs r = { .rax = TDG_VP_INFO };
	struct tdx_quote_buf *qb;
	unsigned long page;
	u64 st, gpaw;
	int ret = 0;

	if (tetdg.transport == TETDG_TRANSPORT_NONE)
		return -ENODEV;
	if (tetdg.transport != TETDG_TRANSPORT_SIM)
		return -EOPNOTSUPP;      /* real TDX: shared conversion not done */
	st = tetd_tdcall(&r);
	if (st != TDX_SUCCESS)
		return -EIO;
	gpaw = r.rcx & 0x3f;
	page = get_zeroed_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	qb = (struct tdx_quote_buf *)page;
	qb->version = TDX_QUOTE_BUF_VERSION;
	qb->in_len = TDX_REPORT_LEN;
	memcpy(qb->data, tdreport, TDX_REPORT_LEN);
	r = (struct tetd_tdcall_regs){
		.rax = TDG_VP_VMCALL,
		.rcx = (1u << TDX_GPR_R10) | (1u << TDX_GPR_R11) | (1u << TDX_GPR_R12) |
		       (1u << TDX_GPR_R13),
		.r10 = TDVMCALL_STANDARD, .r11 = TDVMCALL_GET_QUOTE,
		.r12 = virt_to_phys((void *)page) | TDX_SHARED_BIT(gpaw), .r13 = PAGE_SIZE,
	};
	st = tetd_tdcall(&r);
	if (st != TDX_SUCCESS || r.r10 != 0 || READ_ONCE(qb->status) != TDX_GET_QUOTE_SUCCESS) {
		pr_warn("GetQuote failed: TDCALL 0x%llx, VMCALL 0x%llx, buffer status 0x%llx\n",
			st, r.r10, READ_ONCE(qb->status));
		ret = -EPROTO;
	} else if (READ_ONCE(qb->out_len) > *len ||
		   READ_ONCE(qb->out_len) > PAGE_SIZE - sizeof(*qb)) {
		ret = -E2BIG;
	} else {
		*len = READ_ONCE(qb->out_len);
		memcpy(quote, qb->data, *len);
	}
	free_page(page);
	return ret;
}
