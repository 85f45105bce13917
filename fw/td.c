/* SPDX-License-Identifier: MIT */
/*
 * fw/td.c - what a TD start needs beyond the common flow: the TD HOB
 * (untrusted, measured first), private memory acceptance
 * (TDG.MEM.PAGE.ACCEPT: Linux 6.1 cannot accept memory itself, so all RAM
 * it is given is accepted here), TDG.VP.INFO, and RTMR extends.
 * Everything goes through include/tetd/tdcall.h, real TDCALL or sim.
 */
#include "td.h"
#include "console.h"
#include "fwstring.h"
#include "platform.h"
#include "tdhob.h"
#include <tetd/layout.h>
#include <tetd/tcg.h>
#include <tetd/tdcall.h>
#include <tetd/tdx.h>

static int tdx_extend(unsigned mr, const struct measure_digests *d)
{
	static uint8_t buf[64] __attribute__((aligned(64)));
	if (mr < CC_MR_RTMR0 || mr > CC_MR_RTMR3)
		return -1;
	memcpy(buf, d->sha384, 48);
	struct tetd_tdcall_regs r = { .rax = TDG_MR_RTMR_EXTEND, .rcx = (uintptr_t)buf,
				      .rdx = mr - CC_MR_RTMR0 };
	return tetd_tdcall(&r) == TDX_SUCCESS ? 0 : -1;
}

const struct measure_backend measure_backend_tdx = { "tdx", 0, 0, tdx_extend };

unsigned td_num_vcpus(void)
{
	struct tetd_tdcall_regs r = { .rax = TDG_VP_INFO };
	if (tetd_tdcall(&r) != TDX_SUCCESS)
		fw_fatal("td", "TDG.VP.INFO failed (status 0x%llx)", (unsigned long long)r.rax);
	return (unsigned)(r.r8 & 0xffffffffu); /* R8[31:0] = NUM_VCPUS */
}

static uint64_t accept_one(uint64_t gpa, int level)
{
	struct tetd_tdcall_regs r = { .rax = TDG_MEM_PAGE_ACCEPT, .rcx = gpa | (uint64_t)level };
	return tetd_tdcall(&r);
}

/* Accept [base, base+size): 2 MiB pages where aligned, else 4 KiB; a 2 MiB
 * size mismatch falls back to 4 KiB. Already-accepted is not an error. */
static void accept_range(uint64_t base, uint64_t size)
{
	uint64_t end = base + size;
	for (uint64_t a = base; a < end;) {
		int big = !(a & (0x200000ull - 1)) && end - a >= 0x200000ull;
		uint64_t st = accept_one(a, big ? TDX_PS_2M : TDX_PS_4K);
		if (big && TDX_STATUS_CODE(st) == TDX_STATUS_CODE(TDX_PAGE_SIZE_MISMATCH)) {
			big = 0;
			st = accept_one(a, TDX_PS_4K);
		}
		if (st != TDX_SUCCESS && TDX_STATUS_CODE(st) != TDX_STATUS_CODE(TDX_PAGE_ALREADY_ACCEPTED))
			fw_fatal("accept", "TDG.MEM.PAGE.ACCEPT 0x%llx failed (status 0x%llx)",
				 (unsigned long long)a, (unsigned long long)st);
		a += big ? 0x200000ull : 0x1000;
	}
}

void td_intake(const struct fw_entry_state *es, struct memmap *mm, struct linux_payload *lp,
	       void (*memmap_reserve)(struct memmap *))
{
	static struct tdhob_info info;
	const char *why;

	/* The HOB must be the TD_HOB section of our metadata: MRTD covers its
	 * GPAs, and nothing else in the TD is where the VMM may write it. */
	if (es->hob != TETD_TDHOB_GPA)
		fw_fatal("td-hob", "RCX gives the TD HOB at 0x%llx, the metadata places it at 0x%x",
			 (unsigned long long)es->hob, TETD_TDHOB_GPA);
	const void *hob = (const void *)(uintptr_t)TETD_TDHOB_GPA;
	size_t len = tdhob_list_len(hob, TETD_TDHOB_SIZE, &why);
	if (!len)
		fw_fatal("td-hob", "%s", why);

	if (measure_data(CC_MR_RTMR0, EV_PLATFORM_CONFIG_FLAGS, "td-hob", hob, len, "tetd:td-hob", 11) != 0)
		fw_fatal("measure", "cannot record the TD HOB measurement");

	if (tdhob_parse(hob, TETD_TDHOB_SIZE, TETD_TDHOB_GPA, &info, &why) != 0)
		fw_fatal("td-hob", "%s", why);
	if (!info.have_payload)
		fw_fatal("td-hob", "no TETD payload HOB: nothing to boot");

	for (unsigned i = 0; i < info.nunaccepted; i++)
		accept_range(info.unaccepted[i].base, info.unaccepted[i].size);

	*mm = info.mm;
	memmap_reserve(mm);
	payload_load_hob(mm, &info.payload, lp);
}
