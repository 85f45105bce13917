// SPDX-License-Identifier: MIT
/*
 * tetdg/tetdg_inguest.c - the in-guest call path: agent calls in a TD that
 * has no TETD host (plain QEMU, `isolation: none`). The zone is not sealed
 * there, so the driver runs the agent itself, on the calling CPU with
 * interrupts off, through the same zone dispatcher (tetdg-early/
 * zone_entry.asm) the firmware used for agent_init and the host's agent
 * world uses for calls:
 *
 *   1. map the zone (memremap) and check its header and agent table with
 *      the host's own checks (include/tetd/zone_check.h);
 *   2. per call: copy the arguments into the agent's in-zone call page,
 *      switch to a bridge page table (the kernel's half, plus the zone
 *      identity-mapped, so the dispatcher's address is the same in both
 *      address spaces), let zone_enter switch to the zone's own tables,
 *      GDT, IDT and stack and call the handler, come back, restore the
 *      segment bases and TR (tetdg_zone_call.S), copy the bounded result
 *      out;
 *   3. exclusive mode runs the call under stop_machine(): every other CPU
 *      spins with interrupts off for its duration, as tetdh pauses every
 *      other vCPU; collaborative mode only disables interrupts locally.
 *
 * An exception in the agent comes back as a fault record: the agent is
 * disabled (here and in the zone's table) and the TD goes on. What this
 * path cannot do, and docs/tetdg.md says: isolate anything (the kernel can
 * read and write the zone - that is what `isolation: none` means), bound a
 * handler that loops (nothing preempts it), or survive an NMI that arrives
 * while the zone's IDT is loaded (it is reported as a fault of the agent).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <asm/desc.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

#include <tetd/agent.h>
#include <tetd/zone.h>
#include <tetd/zone_check.h>

#include "tetdg.h"

u64 tetdg_zone_call(u64 dispatcher, u64 entry, u64 arg, u64 stack_top, u64 zone_cr3,
		    u64 bridge_cr3);

#define IG_MAX_ZONE    (64ull << 20)   /* bridge tables sized for this */
#define IG_MAX_PAGES   40              /* PUD + PMDs + PTs for IG_MAX_ZONE */
#define IG_PTE_FLAGS   (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

static struct {
	bool ready;
	const char *why;                 /* why not ready */
	u8 *zone;                        /* memremap of the whole zone */
	u64 zone_gpa, zone_size;
	u64 dispatcher, zone_cr3;
	u32 nagents;
	pgd_t *bridge;                   /* kernel half + zone identity map */
	unsigned long pages[IG_MAX_PAGES];
	unsigned int npages;
	atomic_t disabled[TETDG_MAX_AGENTS];
} ig = { .why = "not initialised" };

static DEFINE_MUTEX(ig_lock);            /* one dispatcher save area per zone */

static void *ig_ptr(u64 gpa)
{
	return ig.zone + (gpa - ig.zone_gpa);
}

/* Next-level table under entry *e, allocated on first use. */
static u64 *ig_table(u64 *e)
{
	unsigned long p;

	if (*e & _PAGE_PRESENT)
		return __va(*e & PTE_PFN_MASK);
	if (ig.npages >= IG_MAX_PAGES)
		return NULL;
	p = get_zeroed_page(GFP_KERNEL);
	if (!p)
		return NULL;
	ig.pages[ig.npages++] = p;
	*e = __pa(p) | IG_PTE_FLAGS;
	return (u64 *)p;
}

/* Identity-map [gpa, gpa+size) (4 KiB pages, supervisor, RWX) in the
 * bridge's lower half: 4-level paging, checked by the caller. */
static int ig_map_identity(u64 gpa, u64 size)
{
	for (u64 a = gpa; a < gpa + size; a += PAGE_SIZE) {
		u64 *pud = ig_table((u64 *)ig.bridge + ((a >> 39) & 511));
		u64 *pmd = pud ? ig_table(pud + ((a >> 30) & 511)) : NULL;
		u64 *pt = pmd ? ig_table(pmd + ((a >> 21) & 511)) : NULL;

		if (!pt)
			return -ENOMEM;
		pt[(a >> 12) & 511] = a | IG_PTE_FLAGS;
	}
	return 0;
}

static void ig_free(void)
{
	while (ig.npages)
		free_page(ig.pages[--ig.npages]);
	if (ig.bridge)
		free_page((unsigned long)ig.bridge);
	ig.bridge = NULL;
	if (ig.zone)
		memunmap(ig.zone);
	ig.zone = NULL;
	ig.ready = false;
}

/* Check everything the path relies on; 0 or -errno with ig.why set. */
static int ig_setup(void)
{
	const struct tetd_acpi_body *b = tetdg.body;
	const struct tetd_zone_header *hdr;
	const struct tetd_zone_agent *t;
	const char *bad;
	u32 i;

	ig.zone_gpa = b->zone_gpa;
	ig.zone_size = b->zone_size;
	if (tetdg.transport != TETDG_TRANSPORT_NONE || b->isolation != TETD_ISOLATION_NONE) {
		ig.why = "a TETD host runs the agents";
		return -EOPNOTSUPP;
	}
	if (pgtable_l5_enabled()) {
		ig.why = "5-level paging is on; the zone's page tables are 4-level";
		return -EOPNOTSUPP;
	}
	if (!ig.zone_size || ig.zone_size > IG_MAX_ZONE || (ig.zone_gpa | ig.zone_size) & ~PAGE_MASK ||
	    ig.zone_gpa + ig.zone_size > (1ull << 39)) {
		ig.why = "the zone is not a page-aligned range below 512 GiB of at most 64 MiB";
		return -EINVAL;
	}
	if (region_intersects(ig.zone_gpa, ig.zone_size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		ig.why = "the zone overlaps the kernel's RAM (the firmware reserves it)";
		return -EINVAL;
	}
	ig.zone = memremap(ig.zone_gpa, ig.zone_size, MEMREMAP_WB);
	if (!ig.zone) {
		ig.why = "cannot map the zone";
		return -ENOMEM;
	}
	hdr = (const struct tetd_zone_header *)ig.zone;
	bad = tetd_zone_check_header(hdr, ig.zone_gpa, ig.zone_size);
	if (!bad && hdr->agent_count != b->agent_count)
		bad = "the zone's agent table and the TETD table differ in length";
	if (!bad && *(u8 *)ig_ptr(ig.zone_gpa + TETD_ZONE_DATA_OFF + TETD_ZD_HOSTMODE))
		bad = "the dispatcher is set up for a host's agent world";
	t = ig_ptr(hdr->table_gpa);
	for (i = 0; !bad && i < hdr->agent_count; i++) {
		bad = tetd_zone_check_agent(&t[i], ig.zone_gpa, ig.zone_size);
		if (!bad && strncmp(t[i].name, tetdg_agent(i)->name, TETD_AGENT_NAME_LEN))
			bad = "the zone's agent table and the TETD table name different agents";
	}
	if (bad) {
		ig.why = bad;
		return -EINVAL;
	}
	ig.dispatcher = hdr->dispatcher_gpa;
	ig.zone_cr3 = hdr->cr3;
	ig.nagents = hdr->agent_count;
	ig.bridge = (pgd_t *)get_zeroed_page(GFP_KERNEL);
	if (!ig.bridge || ig_map_identity(ig.zone_gpa, ig.zone_size)) {
		ig.why = "out of memory for the bridge page table";
		return -ENOMEM;
	}
	ig.ready = true;
	ig.why = NULL;
	return 0;
}

int tetdg_inguest_init(void)
{
	int ret = ig_setup();

	if (ret) {
		ig_free();
		return ret;
	}
	pr_info("in-guest call path: zone 0x%llx+0x%llx, %u agents, dispatcher 0x%llx "
		"(no isolation: no TETD host)\n", (unsigned long long)ig.zone_gpa,
		(unsigned long long)ig.zone_size, ig.nagents, (unsigned long long)ig.dispatcher);
	return 0;
}

void tetdg_inguest_exit(void)
{
	mutex_lock(&ig_lock);
	ig_free();
	ig.why = "module unloading";
	mutex_unlock(&ig_lock);
}

const char *tetdg_inguest_why(void)
{
	return ig.ready ? NULL : ig.why;
}

struct ig_run {
	u64 entry, arg, stack_top, result;
};

/* The call itself: interrupts off, on this CPU. */
static void ig_enter(struct ig_run *r)
{
	/* The kernel's half as it is now (kernel PGD entries can be added
	 * after load); the lower half is the zone only. */
	memcpy(ig.bridge + PTRS_PER_PGD / 2, (pgd_t *)__va(read_cr3_pa()) + PTRS_PER_PGD / 2,
	       PTRS_PER_PGD / 2 * sizeof(pgd_t));
	r->result = tetdg_zone_call(ig.dispatcher, r->entry, r->arg, r->stack_top, ig.zone_cr3,
				    __pa(ig.bridge));
	force_reload_TR();
}

static int ig_enter_stopped(void *data)
{
	ig_enter(data);
	return 0;
}

static void ig_disable(u32 index, const char *why)
{
	struct tetd_zone_agent *t = ig_ptr(ig.zone_gpa + TETD_ZONE_TABLE_OFF);

	atomic_set(&ig.disabled[index], 1);
	WRITE_ONCE(t[index].state, TETD_ZONE_AGENT_DISABLED);
	pr_warn("agent %.*s (%u) disabled: %s\n", TETD_AGENT_NAME_LEN, t[index].name, index, why);
}

int tetdg_inguest_call(u32 index, u32 mode, u32 fn, const u8 *in, u32 in_len, u8 *out,
		       u32 out_cap, u32 *out_len, s32 *status)
{
	const struct tetd_zone_agent *a;
	struct tetd_call *c;
	struct ig_run run;
	unsigned long flags;
	int ret = 0;

	if (in_len > TETD_CALL_MAX_IN || out_cap > TETD_CALL_MAX_OUT)
		return -EINVAL;
	mutex_lock(&ig_lock);
	if (!ig.ready) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	if (index >= ig.nagents) {
		ret = -ENOENT;
		goto out;
	}
	a = (const struct tetd_zone_agent *)ig_ptr(ig.zone_gpa + TETD_ZONE_TABLE_OFF) + index;
	if (atomic_read(&ig.disabled[index]) || a->state == TETD_ZONE_AGENT_DISABLED) {
		ret = -ESHUTDOWN;
		goto out;
	}
	if (!(a->modes & mode) || a->state != TETD_ZONE_AGENT_READY) {
		ret = -EACCES;
		goto out;
	}
	run.entry = tetd_zone_find_handler(a, ig_ptr(a->env_gpa), fn);
	if (!run.entry) {
		ret = -ENOENT;
		goto out;
	}
	c = ig_ptr(a->zone_call_gpa);
	memset(c, 0, offsetof(struct tetd_call, in));
	c->fn_id = fn;
	c->in_len = in_len;
	c->out_len = out_cap;
	c->agent_index = index;
	c->mode = mode;
	memcpy(c->in, in, in_len);
	run.arg = a->zone_call_gpa;
	run.stack_top = a->stack_top;
	if (mode == TETD_MODE_EXCLUSIVE) {
		stop_machine(ig_enter_stopped, &run, NULL);
	} else {
		local_irq_save(flags);
		ig_enter(&run);
		local_irq_restore(flags);
	}
	if (run.result == TETD_ZONE_FAULTED) {
		const struct tetd_zone_fault *f =
			ig_ptr(ig.zone_gpa + TETD_ZONE_DATA_OFF + TETD_ZD_FAULT);
		char why[96];

		snprintf(why, sizeof(why), "exception %llu at rip 0x%llx (error 0x%llx, cr2 0x%llx)",
			 f->vector, f->rip, f->error_code, f->cr2);
		ig_disable(index, why);
		ret = -EIO;
		goto out;
	}
	/* Only the bounded output leaves the zone, as from the host. */
	*out_len = min_t(u32, READ_ONCE(c->out_len), out_cap);
	*status = (s32)(u32)run.result;
	memcpy(out, c->out, *out_len);
out:
	mutex_unlock(&ig_lock);
	return ret;
}

int tetdg_inguest_grant(u32 index, u64 gpa, u64 len)
{
	const struct tetd_zone_agent *a;
	int ret = 0;

	if (!len || gpa + len < gpa)     /* the caller checked it is RAM */
		return -EINVAL;
	mutex_lock(&ig_lock);
	if (!ig.ready) {
		ret = -EOPNOTSUPP;
	} else if (index >= ig.nagents) {
		ret = -ENOENT;
	} else if (gpa < ig.zone_gpa + ig.zone_size && gpa + len > ig.zone_gpa) {
		ret = -EFAULT;
	} else {
		a = (const struct tetd_zone_agent *)ig_ptr(ig.zone_gpa + TETD_ZONE_TABLE_OFF) + index;
		if (tetd_zone_grant_read(ig_ptr(a->env_gpa), gpa, len))
			ret = -ENOSPC;
	}
	mutex_unlock(&ig_lock);
	return ret;
}
