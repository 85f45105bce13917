// SPDX-License-Identifier: MIT
/*
 * tests/attacks/tetd_attack.c - tetd_attack.ko, a deliberately hostile
 * guest kernel module: what a compromised TD kernel can try against the
 * sealed zone and the TETD leaves (issue 5's attack tests; run under
 * tetdh by tests/integration/70-attacks-tetdh.t through `tetd.test=attacks`
 * in image/initramfs/init; docs/threat-model.md says what it shows).
 *
 * Everything runs in module init; the module stays loaded (rmmod removes
 * it). One kernel-log line per attack, which init copies to the console:
 *
 *     TETD-ATTACK <name> <PASS|FAIL|SKIP> <details>
 *
 * and a last `TETD-ATTACK summary ...` line with the counts the test
 * compares with tetdh's exit line (zone loads/stores made, zone bytes
 * that were not 0xff, operand attacks, and how many of those reach
 * tetdh's memory accessor, which counts them).
 *
 * Module parameter attacks=LIST (default "all"): comma-separated groups
 *   read     load the zone through memremap(WB), ioremap, the direct map
 *            (kmap of pfn_to_page) and a vmap of the zone's pages; the
 *            zone's shared-bit alias through ioremap
 *   write    store to it through the same mappings, read back, then check
 *            that agent calls still work (the writes hit the dispatcher,
 *            the agent-world page tables and echo's registrations: had
 *            one landed, every call or echo's would break)
 *   operand  TDCALL memory operands inside the zone (TDG.MR.REPORT,
 *            TDG.MR.RTMR.EXTEND, GetQuote, TDG.MEM.PAGE.ACCEPT,
 *            TETD_AGENT_ACCESS)
 *   forge    forged TETD calls: bad agent index, function id, lengths,
 *            mode, a second ZONE_SEAL, unknown leaves, agent-world-only
 *            leaves from the TD
 *   race     rewrite echo's call buffer from another CPU during calls
 *
 * Every zone access is a single 8-byte load or store (readq/writeq or a
 * volatile u64 access), so each is one MMIO exit that tetdh counts as one
 * violation; the module checks the count itself with TETD_INFO (R9 =
 * violations so far) before and after each attack.
 *
 * The zone offsets attacked are the fixed ones of include/tetd/zone.h
 * plus agent 0's env page and heap where tetdg-early puts them for the
 * current echo build (image 5 pages, then env, log ring, call page,
 * guard, 4 stack pages, heap: tetdg-early/load.c). An attacker knows the
 * public image, so it knows them too; were they stale, the accesses would
 * still land in zone pages.
 */
#include <linux/acpi.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>

#include <tetd/agent.h>
#include <tetd/layout.h>
#include <tetd/tdcall.h>
#include <tetd/tdx.h>
#include <tetd/tetdcall.h>
#include <tetd/zone.h>

static char *attacks = "all";
module_param(attacks, charp, 0444);
MODULE_PARM_DESC(attacks, "comma-separated groups: read,write,operand,forge,race (default all)");

enum { R_PASS, R_FAIL, R_SKIP };
static const char *const rname[] = { "PASS", "FAIL", "SKIP" };

/* The zone pages this module maps: offsets up to agent 0's heap. */
#define MAP_BYTES      0x20000u
#define AG0_ENV_OFF    0x16000u    /* TETD_ZONE_AGENTS_OFF + 5 image pages */
#define AG0_HEAP_OFF   0x1e000u    /* + env, ring, call, guard, 4 stack pages */
#define STORE_PATTERN  0x4b43415454414854ull   /* "THATTACK" */

static const struct region {
	const char *name;
	u32 off, len;
} regions[] = {
	{ "header", TETD_ZONE_HDR_OFF, 512 },            /* magic, zone key */
	{ "dispatcher", TETD_ZONE_CODE_OFF, 512 },       /* zone_enter, host_return */
	{ "dispatcher-data", TETD_ZONE_DATA_OFF, 512 },  /* GDT, save area, TSS */
	{ "page-tables", TETD_ZONE_PT_OFF, 512 },        /* agent-world PML4 */
	{ "agent-table", TETD_ZONE_TABLE_OFF, 512 },
	{ "agent0-image", TETD_ZONE_AGENTS_OFF, 512 },
	{ "agent0-env", AG0_ENV_OFF + 256, 512 },        /* calls[] at 328..583 */
	{ "agent0-heap", AG0_HEAP_OFF, 512 },
};
#define NREGIONS ARRAY_SIZE(regions)

struct agent_info {
	char name[TETD_AGENT_NAME_LEN];
	u32 index, modes, state, fn_count;
	u64 call_buf;
	struct tetd_call *buf;         /* memremap of the call buffer */
};

static struct {
	u64 zone_gpa, zone_size, shared_bit;
	u32 nagents;
	struct agent_info ag[TETD_AVOL_MAX_AGENTS];
	int echo, probe, excl_only, keyvault;
	u64 loads, stores, nonff, alias_accesses;
	u64 operand_attacks, operand_counted;
	unsigned int pass, fail, skip;
	u64 viol_start;
} A = { .echo = -1, .probe = -1, .excl_only = -1, .keyvault = -1 };

static __printf(3, 4) void report(const char *name, int res, const char *fmt, ...)
{
	static char buf[700];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (res == R_PASS)
		A.pass++;
	else if (res == R_FAIL)
		A.fail++;
	else
		A.skip++;
	printk(KERN_INFO "TETD-ATTACK %s %s %s\n", name, rname[res], buf);
}

/* ---- TDCALLs ---- */

static const char *st_name(u64 st)
{
	static const char *const names[] = {
		"?", "UNKNOWN_LEAF", "NO_ZONE", "ZONE_MISMATCH", "SEALED", "NOT_SEALED",
		"BAD_GPA", "BAD_LEN", "NO_AGENT", "DISABLED", "BUSY", "DENIED", "AGENT_FAULT",
	};
	static char ring[16][40];
	static unsigned int next;
	char *b = ring[next++ % ARRAY_SIZE(ring)];

	if (st == TDX_SUCCESS)
		return "SUCCESS";
	if ((st & ~0xffull) == TETD_STATUS(0) && (st & 0xff) >= 1 && (st & 0xff) < ARRAY_SIZE(names))
		snprintf(b, 40, "TETD_ST_%s", names[st & 0xff]);
	else
		snprintf(b, 40, "0x%016llx", st);
	return b;
}

static u64 host_info(u64 *flags, u64 *viol)
{
	struct tetd_tdcall_regs r = { .rax = TETD_INFO };
	u64 st = tetd_tdcall(&r);

	if (flags)
		*flags = st ? 0 : r.rcx;
	if (viol)
		*viol = st ? 0 : r.r9;
	if (!st) {
		A.zone_gpa = r.rdx;
		A.zone_size = r.r8;
	}
	return st;
}

static u64 violations(void)
{
	u64 v = 0;

	host_info(NULL, &v);
	return v;
}

static u64 enter_once(u64 idx, u64 mode)
{
	struct tetd_tdcall_regs r = { .rax = TETD_VMM_ENTER, .rcx = idx, .rdx = mode };

	return tetd_tdcall(&r);
}

/* TETD_VMM_ENTER, retrying while another call runs (TETD_ST_BUSY). */
static u64 enter(u64 idx, u64 mode)
{
	u64 st;
	int tries;

	for (tries = 0;; tries++) {
		st = enter_once(idx, mode);
		if (st != TETD_ST_BUSY || tries >= 20000)
			return st;
		usleep_range(20, 100);
	}
}

static void call_setup(struct tetd_call *c, u32 idx, u32 mode, u32 fn, const void *in,
		       u32 in_len, u32 cap)
{
	memset(c, 0, offsetof(struct tetd_call, in));
	c->fn_id = fn;
	c->in_len = in_len;
	c->out_len = cap;
	c->agent_index = idx;
	c->mode = mode;
	if (in && in_len)
		memcpy(c->in, in, in_len);
}

/* An ordinary agent call through the agent's call buffer, like tetdg's. */
static u64 agent_call(int idx, u32 mode, u32 fn, const void *in, u32 in_len, void *out,
		      u32 *out_len, s32 *status)
{
	struct tetd_call *c = A.ag[idx].buf;
	u64 st;

	call_setup(c, idx, mode, fn, in, in_len, TETD_CALL_MAX_OUT);
	st = enter(idx, mode);
	*out_len = 0;
	*status = 0;
	if (!st) {
		*status = READ_ONCE(c->status);
		*out_len = min_t(u32, READ_ONCE(c->out_len), TETD_CALL_MAX_OUT);
		memcpy(out, c->out, *out_len);
	}
	return st;
}

/* echo fn 1 in both modes returns exactly a 64-byte input: 0 if so. */
static int echo_ok(char *why, size_t n)
{
	static const u32 modes[] = { TETD_MODE_EXCLUSIVE, TETD_MODE_COLLABORATIVE };
	u8 in[64], *out = kmalloc(TETD_CALL_MAX_OUT, GFP_KERNEL);
	unsigned int i, m;
	u32 olen;
	s32 status;
	u64 st;

	if (!out)
		return -ENOMEM;
	for (m = 0; m < ARRAY_SIZE(modes); m++) {
		for (i = 0; i < sizeof(in); i++)
			in[i] = (u8)(i * 7 + m + 1);
		st = agent_call(A.echo, modes[m], 1, in, sizeof(in), out, &olen, &status);
		if (st || status || olen != sizeof(in) || memcmp(in, out, sizeof(in))) {
			snprintf(why, n, "echo %s: %s, agent status %d, out_len %u%s",
				 m ? "collaborative" : "exclusive", st_name(st), status, olen,
				 st || status || olen != sizeof(in) ? "" : ", reply differs");
			kfree(out);
			return -EIO;
		}
	}
	snprintf(why, n, "echo fn 1 returns its input in both modes");
	kfree(out);
	return 0;
}

/* keyvault fn 2: its 32-byte public key id, derived from its zone seed. */
static int keyvault_id(u8 id[32])
{
	u8 *out = kmalloc(TETD_CALL_MAX_OUT, GFP_KERNEL);
	u32 olen = 0;
	s32 status = 0;
	u64 st;

	if (!out)
		return -ENOMEM;
	st = agent_call(A.keyvault, TETD_MODE_EXCLUSIVE, 2, NULL, 0, out, &olen, &status);
	if (!st && !status && olen == 32)
		memcpy(id, out, 32);
	kfree(out);
	return !st && !status && olen == 32 ? 0 : -EIO;
}

/* ---- the ACPI TETD table: which agents, which call buffers ---- */

static int read_table(void)
{
	struct acpi_table_header *hdr;
	const struct tetd_acpi_body *body;
	u32 i, asz;

	if (acpi_disabled || ACPI_FAILURE(acpi_get_table(TETD_ACPI_SIGNATURE, 0, &hdr)))
		return -ENODEV;
	if (hdr->length < 76) {
		acpi_put_table(hdr);
		return -EBADMSG;
	}
	body = (const void *)((const u8 *)hdr + 36);
	asz = body->agent_size;
	if (asz != sizeof(struct tetd_acpi_agent) || body->agent_count > TETD_AVOL_MAX_AGENTS ||
	    hdr->length < 76 + asz * body->agent_count) {
		acpi_put_table(hdr);
		return -EBADMSG;
	}
	A.nagents = body->agent_count;
	for (i = 0; i < A.nagents; i++) {
		const struct tetd_acpi_agent *a = (const void *)((const u8 *)hdr + 76 + asz * i);
		struct agent_info *g = &A.ag[i];

		memcpy(g->name, a->name, sizeof(g->name));
		g->name[sizeof(g->name) - 1] = 0;
		g->index = a->index;
		g->modes = a->modes;
		g->state = a->state;
		g->fn_count = a->fn_count;
		g->call_buf = a->call_buf_gpa;
		if (!strcmp(g->name, "echo"))
			A.echo = i;
		else if (!strcmp(g->name, "keyvault"))
			A.keyvault = i;
		if (g->modes == TETD_MODE_EXCLUSIVE && A.excl_only < 0)
			A.excl_only = i;
	}
	/* The race test's probe: another agent that accepts collaborative calls. */
	for (i = 0; i < A.nagents; i++)
		if ((int)i != A.echo && (A.ag[i].modes & TETD_MODE_COLLABORATIVE) &&
		    A.ag[i].state == TETD_ZONE_AGENT_READY) {
			A.probe = i;
			break;
		}
	acpi_put_table(hdr);
	return 0;
}

/* ---- zone mappings ---- */

enum map_kind { M_WB, M_IO, M_DIRECT, M_VMAP };

struct zmap {
	const char *name;
	enum map_kind kind;
	void *va;                  /* M_WB, M_DIRECT, M_VMAP */
	void __iomem *io;          /* M_IO */
};

static u64 zload(const struct zmap *m, u32 off)
{
	A.loads++;
	if (m->kind == M_IO)
		return readq(m->io + off);
	return READ_ONCE(*(u64 *)((u8 *)m->va + off));
}

static void zstore(const struct zmap *m, u32 off, u64 v)
{
	A.stores++;
	if (m->kind == M_IO)
		writeq(v, m->io + off);
	else
		WRITE_ONCE(*(u64 *)((u8 *)m->va + off), v);
}

static unsigned int not_ff(u64 v)
{
	unsigned int i, n = 0;

	for (i = 0; i < 8; i++)
		n += ((v >> (8 * i)) & 0xff) != 0xff;
	return n;
}

struct scan {
	u64 loads, bad;
	u32 first_off;
	u64 first_val;
};

static void scan_range(const struct zmap *m, u32 off, u32 len, struct scan *s)
{
	u32 o;

	for (o = off; o < off + len; o += 8) {
		u64 v = zload(m, o);
		unsigned int n = not_ff(v);

		s->loads++;
		if (n && !s->bad) {
			s->first_off = o;
			s->first_val = v;
		}
		s->bad += n;
	}
}

static void attack_read(const struct zmap *m)
{
	struct scan s = { 0 };
	char name[48];
	u64 v0 = violations(), d;
	unsigned int i;
	int res;

	for (i = 0; i < NREGIONS; i++)
		scan_range(m, regions[i].off, regions[i].len, &s);
	if (m->kind == M_WB)        /* the whole header page: magic and zone key */
		scan_range(m, regions[0].off + regions[0].len, 4096 - regions[0].len, &s);
	d = violations() - v0;
	A.nonff += s.bad;
	res = !s.bad && d >= s.loads ? R_PASS : R_FAIL;
	snprintf(name, sizeof(name), "read-%s", m->name);
	if (s.bad)
		report(name, res, "%llu 8-byte loads in %zu zone regions: %llu non-0xff bytes, "
		       "first at zone+0x%x = 0x%016llx (ZONE DATA DISCLOSED); %llu violations counted",
		       s.loads, NREGIONS, s.bad, s.first_off, s.first_val, d);
	else
		report(name, res, "%llu 8-byte loads in %zu zone regions (header%s, dispatcher, "
		       "page tables, agent table, agent 0 image/env/heap): all 0xff, 0 non-0xff bytes; "
		       "tetdh counted %llu violations", s.loads, NREGIONS,
		       m->kind == M_WB ? " page whole" : "", d);
}

static void attack_write(const struct zmap *m)
{
	struct scan s = { 0 };
	char name[48];
	u64 v0 = violations(), d, stores = 0;
	unsigned int i;
	u32 o;
	int res;

	for (i = 0; i < NREGIONS; i++)
		for (o = regions[i].off; o < regions[i].off + regions[i].len; o += 8) {
			zstore(m, o, STORE_PATTERN ^ o);
			stores++;
		}
	for (i = 0; i < NREGIONS; i++)
		scan_range(m, regions[i].off, regions[i].len, &s);
	d = violations() - v0;
	A.nonff += s.bad;
	res = !s.bad && d >= stores + s.loads ? R_PASS : R_FAIL;
	snprintf(name, sizeof(name), "write-%s", m->name);
	report(name, res, "%llu 8-byte stores over %zu zone regions, read back with %llu loads: "
	       "%llu non-0xff bytes%s; tetdh counted %llu violations",
	       stores, NREGIONS, s.loads, s.bad, s.bad ? " (A STORE LANDED OR DATA SHOWS)" : "", d);
}

/* Direct map / kmap: a struct page exists for an e820-reserved page only
 * if its memmap section does; the linear map covers it only if the
 * kernel mapped it (it maps RAM, not reserved ranges). */
static void *direct_map(char *why, size_t n)
{
	unsigned long pfn = PHYS_PFN(A.zone_gpa);
	unsigned int level, i;
	struct page *pg;
	void *va;

	if (!pfn_valid(pfn)) {
		snprintf(why, n, "no struct page for pfn 0x%lx (no memmap for it): kmap "
			 "impossible; the linear map does not cover it either", pfn);
		return NULL;
	}
	pg = pfn_to_page(pfn);
	va = page_address(pg);     /* what kmap_local_page() returns on x86-64 */
	for (i = 0; i < MAP_BYTES / PAGE_SIZE; i++) {
		pte_t *pte = lookup_address((unsigned long)va + i * PAGE_SIZE, &level);

		if (!pte || !pte_present(*pte)) {
			snprintf(why, n, "struct page exists (pfn 0x%lx, PageReserved=%d) but the "
				 "direct map has no PTE at %px (+0x%x): the e820-reserved zone "
				 "is outside the kernel's linear map, so kmap_local_page() would "
				 "fault; see read-vmap for a forged mapping of the same pages",
				 pfn, PageReserved(pg), va, i * (unsigned int)PAGE_SIZE);
			return NULL;
		}
	}
	snprintf(why, n, "direct map present at %px", va);
	return va;
}

static void *vmap_zone(char *why, size_t n)
{
	unsigned int i, np = MAP_BYTES / PAGE_SIZE;
	unsigned long pfn = PHYS_PFN(A.zone_gpa);
	void *va = NULL;

	if (pfn_valid(pfn)) {
		struct page **pages = kcalloc(np, sizeof(*pages), GFP_KERNEL);

		if (!pages)
			return NULL;
		for (i = 0; i < np; i++)
			pages[i] = pfn_to_page(pfn + i);
		va = vmap(pages, np, VM_MAP, PAGE_KERNEL);
		kfree(pages);
		snprintf(why, n, "vmap() of the zone's struct pages");
	} else {
		unsigned long *pfns = kcalloc(np, sizeof(*pfns), GFP_KERNEL);

		if (!pfns)
			return NULL;
		for (i = 0; i < np; i++)
			pfns[i] = pfn + i;
		va = vmap_pfn(pfns, np, PAGE_KERNEL);
		kfree(pfns);
		snprintf(why, n, "vmap_pfn() of the zone's pfns");
	}
	return va;
}

/*
 * The zone's GPA with the TDX shared bit: in a real TD another (shared,
 * host-visible) mapping of the same GPA page; under tetdh no memory slot
 * backs it at all, so loads and stores are unassigned MMIO (not zone
 * violations): all-ones, dropped. 64 stores, then 64 loads of the header.
 */
static void attack_shared_alias(void)
{
	u64 gpa = A.zone_gpa | A.shared_bit, v0, d, bad = 0, first = 0;
	unsigned int i, n = 0;
	void __iomem *io;

	if (!A.shared_bit) {
		report("read-shared-alias", R_SKIP, "no GPA width (TDG.VP.INFO failed)");
		return;
	}
	if (gpa >> boot_cpu_data.x86_phys_bits) {
		report("read-shared-alias", R_SKIP, "the shared alias 0x%llx is beyond this "
		       "CPU's %u physical address bits: the kernel cannot map it", gpa,
		       boot_cpu_data.x86_phys_bits);
		return;
	}
	io = ioremap(gpa, PAGE_SIZE);
	if (!io) {
		report("read-shared-alias", R_FAIL, "ioremap(0x%llx) failed", gpa);
		return;
	}
	v0 = violations();
	for (i = 0; i < 512; i += 8)
		writeq(STORE_PATTERN ^ i, io + i);
	for (i = 0; i < 512; i += 8) {
		u64 v = readq(io + i);

		n++;
		if (not_ff(v) && !bad)
			first = v;
		bad += not_ff(v);
	}
	d = violations() - v0;
	iounmap(io);
	A.alias_accesses += 2 * n;
	A.nonff += bad;
	report("read-shared-alias", bad ? R_FAIL : R_PASS, "zone header through its shared-bit "
	       "alias 0x%llx (ioremap): %u stores, then %u loads: %llu non-0xff bytes%s%llx; "
	       "%llu zone violations counted (no memory behind the alias: unassigned MMIO)",
	       gpa, n, n, bad, bad ? ", first 0x" : "", bad ? first : 0, d);
}

static void group_read_write(bool rd, bool wr)
{
	struct zmap maps[4];
	unsigned int nm = 0, i;
	char why[300], dwhy[300], vwhy[120];
	void *wb, *direct, *vm;
	void __iomem *io;
	u8 kv0[32], kv1[32];
	bool have_kv = false;

	if (wr && A.keyvault >= 0)
		have_kv = keyvault_id(kv0) == 0;
	wb = memremap(A.zone_gpa, MAP_BYTES, MEMREMAP_WB);
	io = ioremap(A.zone_gpa, MAP_BYTES);
	direct = direct_map(dwhy, sizeof(dwhy));
	vm = vmap_zone(vwhy, sizeof(vwhy));
	if (wb)
		maps[nm++] = (struct zmap){ .name = "memremap-wb", .kind = M_WB, .va = wb };
	else
		report(rd ? "read-memremap-wb" : "write-memremap-wb", R_FAIL, "memremap failed");
	if (io)
		maps[nm++] = (struct zmap){ .name = "ioremap", .kind = M_IO, .io = io };
	else
		report(rd ? "read-ioremap" : "write-ioremap", R_FAIL, "ioremap failed");
	if (direct)
		maps[nm++] = (struct zmap){ .name = "directmap", .kind = M_DIRECT, .va = direct };
	if (vm)
		maps[nm++] = (struct zmap){ .name = "vmap", .kind = M_VMAP, .va = vm };
	else
		report(rd ? "read-vmap" : "write-vmap", R_FAIL, "%s failed", vwhy);

	if (rd) {
		if (!direct)
			report("read-directmap", R_SKIP, "%s", dwhy);
		for (i = 0; i < nm; i++)
			attack_read(&maps[i]);
		attack_shared_alias();
	}
	if (wr) {
		if (!direct)
			report("write-directmap", R_SKIP, "%s", dwhy);
		for (i = 0; i < nm; i++)
			attack_write(&maps[i]);
		/* Had a store landed: host_return (dispatcher+0x100) or the PML4
		 * would break every call, echo's registrations its calls. */
		if (echo_ok(why, sizeof(why)))
			report("calls-after-writes", R_FAIL, "%s", why);
		else if (have_kv && (keyvault_id(kv1) || memcmp(kv0, kv1, 32)))
			report("calls-after-writes", R_FAIL, "%s; but keyvault's key id changed "
			       "or its call failed", why);
		else
			report("calls-after-writes", R_PASS, "%s%s", why,
			       have_kv ? "; keyvault's key id (from its zone seed) unchanged" : "");
	}
	if (vm)
		vunmap(vm);
	if (io)
		iounmap(io);
	if (wb)
		memunmap(wb);
}

/* ---- TDCALL operands in the zone ---- */

/* reaches: the operand gets as far as tetdh's memory accessor, which
 * refuses it and counts a violation; else the page-state model refuses it
 * first (zone pages are BLOCKED), uncounted. */
static void operand(const char *name, const char *what, struct tetd_tdcall_regs *r,
		    bool vmcall, bool reaches)
{
	u64 v0 = violations(), st, d;
	bool refused;

	st = tetd_tdcall(r);
	d = violations() - v0;
	refused = TDX_STATUS_IS_ERROR(st) || (vmcall && r->r10 != TDVMCALL_STATUS_SUCCESS);
	A.operand_attacks++;
	if (reaches)
		A.operand_counted++;
	if (vmcall)
		report(name, refused && (!reaches || d >= 1) ? R_PASS : R_FAIL,
		       "%s: RAX 0x%016llx, R10 (VMCALL status) 0x%016llx: %s; %llu violation(s) counted",
		       what, st, r->r10, refused ? "refused" : "ACCEPTED", d);
	else
		report(name, refused && (!reaches || d >= 1) ? R_PASS : R_FAIL,
		       "%s: status 0x%016llx: %s; %llu violation(s) counted%s", what, st,
		       refused ? "refused" : "ACCEPTED", d,
		       reaches ? "" : " (refused by the page-state model before any access: "
				      "zone pages are BLOCKED)");
}

static u64 map_gpa(u64 gpa, u64 size, u64 *r10)
{
	struct tetd_tdcall_regs r = {
		.rax = TDG_VP_VMCALL,
		.rcx = (1u << TDX_GPR_R10) | (1u << TDX_GPR_R11) | (1u << TDX_GPR_R12) |
		       (1u << TDX_GPR_R13),
		.r10 = TDVMCALL_STANDARD, .r11 = TDVMCALL_MAP_GPA, .r12 = gpa, .r13 = size,
	};
	u64 st = tetd_tdcall(&r);

	*r10 = r.r10;
	return st;
}

/*
 * The private/shared conversion dance on the zone: MapGPA it to shared,
 * back to private, TDG.MEM.PAGE.ACCEPT a page of it, then read the header
 * again. Whatever the VMM answers to MapGPA, the zone must stay unreadable
 * and the ACCEPT refused.
 */
static void attack_convert(void)
{
	struct zmap m = { .name = "memremap-wb", .kind = M_WB };
	struct tetd_tdcall_regs r;
	struct scan sc = { 0 };
	u64 st1, st2, st3, s1 = 0, s2 = 0, v0;

	if (!A.shared_bit) {
		report("convert-zone-shared-private", R_SKIP, "no GPA width");
		return;
	}
	st1 = map_gpa(A.zone_gpa | A.shared_bit, A.zone_size, &s1);
	st2 = map_gpa(A.zone_gpa, A.zone_size, &s2);
	r = (struct tetd_tdcall_regs){ .rax = TDG_MEM_PAGE_ACCEPT,
				       .rcx = (A.zone_gpa + TETD_ZONE_HDR_OFF) | TDX_PS_4K };
	st3 = tetd_tdcall(&r);
	A.operand_attacks++;
	m.va = memremap(A.zone_gpa, PAGE_SIZE, MEMREMAP_WB);
	if (!m.va) {
		report("convert-zone-shared-private", R_FAIL, "memremap failed");
		return;
	}
	v0 = violations();
	scan_range(&m, 0, 512, &sc);
	memunmap(m.va);
	A.nonff += sc.bad;
	report("convert-zone-shared-private",
	       !sc.bad && TDX_STATUS_IS_ERROR(st3) ? R_PASS : R_FAIL,
	       "MapGPA(zone | shared bit, 4 MiB): RAX 0x%llx R10 0x%llx; MapGPA(zone, 4 MiB): RAX "
	       "0x%llx R10 0x%llx; TDG.MEM.PAGE.ACCEPT of the header page: 0x%016llx (%s); then "
	       "%llu loads of the header: %llu non-0xff bytes, %llu violations counted",
	       st1, s1, st2, s2, st3, TDX_STATUS_IS_ERROR(st3) ? "refused" : "ACCEPTED",
	       sc.loads, sc.bad, violations() - v0);
}

static void group_operand(void)
{
	struct tetd_tdcall_regs r;
	unsigned long page = get_zeroed_page(GFP_KERNEL);
	u64 z = A.zone_gpa, sh, kp, zend = A.zone_gpa + A.zone_size;
	const u64 gq_sel = (1u << TDX_GPR_R10) | (1u << TDX_GPR_R11) | (1u << TDX_GPR_R12) |
			   (1u << TDX_GPR_R13);
	int e = A.echo;

	if (!page) {
		report("operands", R_FAIL, "no memory");
		return;
	}
	kp = virt_to_phys((void *)page);
	if (!A.shared_bit) {
		report("operands", R_FAIL, "TDG.VP.INFO failed: no GPA width");
		free_page(page);
		return;
	}
	sh = A.shared_bit;

	r = (struct tetd_tdcall_regs){ .rax = TDG_MR_REPORT, .rcx = z, .rdx = kp + 1024 };
	operand("tdreport-out-in-zone", "TDG.MR.REPORT, TDREPORT buffer = zone header GPA", &r,
		false, false);
	r = (struct tetd_tdcall_regs){ .rax = TDG_MR_REPORT, .rcx = z | sh, .rdx = kp + 1024 };
	operand("tdreport-out-in-zone-shared", "TDG.MR.REPORT, TDREPORT buffer = zone GPA with "
		"the shared bit", &r, false, true);
	r = (struct tetd_tdcall_regs){ .rax = TDG_MR_REPORT, .rcx = kp, .rdx = z + 0x40 };
	operand("tdreport-data-in-zone", "TDG.MR.REPORT, REPORTDATA = zone header bytes 64..127",
		&r, false, false);
	memset((void *)page, 0xee, 1024);
	r = (struct tetd_tdcall_regs){ .rax = TDG_MR_REPORT, .rcx = kp, .rdx = (z + 0x40) | sh };
	operand("tdreport-data-in-zone-shared", "TDG.MR.REPORT, REPORTDATA = zone GPA (key "
		"bytes) with the shared bit", &r, false, true);
	if (!TDX_STATUS_IS_ERROR(r.rax)) {
		/* It answered: the REPORTDATA it read is in the report. */
		const u8 *rd = (const u8 *)page + offsetof(struct tdx_report, reportmac.reportdata);
		unsigned int i;

		for (i = 0; i < TDX_REPORTDATA_LEN; i++)
			A.nonff += rd[i] != 0xff;
	}
	r = (struct tetd_tdcall_regs){ .rax = TDG_MR_RTMR_EXTEND, .rcx = z + 0x40, .rdx = 2 };
	operand("rtmr-extend-from-zone", "TDG.MR.RTMR.EXTEND of RTMR[2] with 48 zone bytes",
		&r, false, false);
	r = (struct tetd_tdcall_regs){ .rax = TDG_VP_VMCALL, .rcx = gq_sel,
				       .r10 = TDVMCALL_STANDARD, .r11 = TDVMCALL_GET_QUOTE,
				       .r12 = z | sh, .r13 = 4096 };
	operand("getquote-buf-in-zone", "TDG.VP.VMCALL<GetQuote>, shared buffer = zone GPA | "
		"shared bit, 4 KiB", &r, true, true);
	r = (struct tetd_tdcall_regs){ .rax = TDG_VP_VMCALL, .rcx = gq_sel,
				       .r10 = TDVMCALL_STANDARD, .r11 = TDVMCALL_GET_QUOTE,
				       .r12 = (zend - 4096) | sh, .r13 = 8192 };
	operand("getquote-buf-straddles-zone", "GetQuote, 8 KiB shared buffer from the zone's "
		"last page into RAM after it", &r, true, true);
	r = (struct tetd_tdcall_regs){ .rax = TDG_VP_VMCALL, .rcx = gq_sel,
				       .r10 = TDVMCALL_STANDARD, .r11 = TDVMCALL_GET_QUOTE,
				       .r12 = z, .r13 = 4096 };
	operand("getquote-buf-in-zone-private", "GetQuote, buffer = zone GPA without the shared "
		"bit", &r, true, false);
	r = (struct tetd_tdcall_regs){ .rax = TDG_MEM_PAGE_ACCEPT,
				       .rcx = (z + TETD_ZONE_AGENTS_OFF) | TDX_PS_4K };
	operand("accept-zone-page-4k", "TDG.MEM.PAGE.ACCEPT of agent 0's first image page "
		"(4 KiB)", &r, false, false);
	r = (struct tetd_tdcall_regs){ .rax = TDG_MEM_PAGE_ACCEPT, .rcx = z | TDX_PS_2M };
	operand("accept-zone-page-2m", "TDG.MEM.PAGE.ACCEPT of the zone's first 2 MiB", &r,
		false, false);
	if (e >= 0) {
		r = (struct tetd_tdcall_regs){ .rax = TETD_AGENT_ACCESS, .rcx = e, .rdx = z,
					       .r8 = 4096, .r9 = TETD_GPA_READ };
		operand("agent-access-zone", "TETD_AGENT_ACCESS: grant echo a read of the zone "
			"header", &r, false, true);
		r = (struct tetd_tdcall_regs){ .rax = TETD_AGENT_ACCESS, .rcx = e, .rdx = z - 4096,
					       .r8 = 8192, .r9 = TETD_GPA_READ };
		operand("agent-access-straddles-zone", "TETD_AGENT_ACCESS: grant echo 8 KiB from "
			"the page below the zone into it", &r, false, true);
	}
	free_page(page);
	attack_convert();
}

/* ---- forged TETD calls ---- */

struct variant {
	const char *what;
	u64 st;
};

/* One line per attack: every variant must answer `want`. */
static void expect_all(const char *name, u64 want, const struct variant *v, unsigned int n)
{
	char buf[600];
	size_t len = 0;
	unsigned int i, bad = 0;

	for (i = 0; i < n; i++) {
		bad += v[i].st != want;
		len += scnprintf(buf + len, sizeof(buf) - len, "%s%s -> %s", i ? ", " : "",
				 v[i].what, st_name(v[i].st));
	}
	report(name, bad ? R_FAIL : R_PASS, "%s (expected %s)", buf, st_name(want));
}

static u64 leaf(u64 rax, u64 rcx, u64 rdx, u64 r8, u64 r9)
{
	struct tetd_tdcall_regs r = { .rax = rax, .rcx = rcx, .rdx = rdx, .r8 = r8, .r9 = r9 };

	return tetd_tdcall(&r);
}

/* echo's call buffer with chosen header fields, then TETD_VMM_ENTER. */
static u64 forged_enter(u32 fn, u32 in_len, u32 out_len, u32 mode)
{
	struct tetd_call *c = A.ag[A.echo].buf;

	call_setup(c, A.echo, mode, 1, NULL, 0, 16);
	memset(c->in, 0x41, 16);
	WRITE_ONCE(c->fn_id, fn);
	WRITE_ONCE(c->in_len, in_len);
	WRITE_ONCE(c->out_len, out_len);
	return enter(A.echo, mode);
}

static void group_forge(void)
{
	const u32 C = TETD_MODE_COLLABORATIVE, X = TETD_MODE_EXCLUSIVE;
	u64 z = A.zone_gpa, zs = A.zone_size, flags = 0;
	struct variant v[6];
	char why[200];
	int e = A.echo;

	v[0] = (struct variant){ "agent = count", enter(A.nagents, X) };
	v[1] = (struct variant){ "agent = 16", enter(16, X) };
	v[2] = (struct variant){ "agent = 0xffffffff", enter(0xffffffffull, C) };
	v[3] = (struct variant){ "agent = 2^63", enter(1ull << 63, C) };
	expect_all("enter-bad-agent-index", TETD_ST_NO_AGENT, v, 4);

	v[0] = (struct variant){ "fn_id 0xdead", forged_enter(0xdead, 16, 16, X) };
	v[1] = (struct variant){ "fn_id 0", forged_enter(0, 16, 16, C) };
	v[2] = (struct variant){ "fn_id 0xffffffff", forged_enter(0xffffffffu, 16, 16, C) };
	expect_all("enter-unknown-fn", TETD_ST_NO_AGENT, v, 3);

	v[0] = (struct variant){ "in_len 2033", forged_enter(1, 2033, 16, X) };
	v[1] = (struct variant){ "in_len 4096", forged_enter(1, 4096, 16, C) };
	v[2] = (struct variant){ "in_len 0xffffffff", forged_enter(1, 0xffffffffu, 16, C) };
	v[3] = (struct variant){ "out_len 2033", forged_enter(1, 16, 2033, X) };
	v[4] = (struct variant){ "out_len 0xffffffff", forged_enter(1, 16, 0xffffffffu, C) };
	expect_all("enter-bad-length", TETD_ST_BAD_LEN, v, 5);

	/* tetdh answers an RDX that is not exactly one TETD_MODE_* with
	 * BAD_LEN (tetdh/tetd/world.c; tetdcall.h names no code for it). */
	forged_enter(1, 16, 16, X);
	v[0] = (struct variant){ "mode 0", enter(e, 0) };
	v[1] = (struct variant){ "mode 3 (both)", enter(e, 3) };
	v[2] = (struct variant){ "mode 4", enter(e, 4) };
	v[3] = (struct variant){ "mode 2^32|1", enter(e, (1ull << 32) | 1) };
	expect_all("enter-bad-mode", TETD_ST_BAD_LEN, v, 4);
	if (A.excl_only >= 0) {
		v[0] = (struct variant){ "collaborative call of an exclusive-only agent",
					 enter(A.excl_only, C) };
		expect_all("enter-mode-not-accepted", TETD_ST_DENIED, v, 1);
	} else {
		report("enter-mode-not-accepted", R_SKIP, "no exclusive-only agent in the image");
	}

	/* Already sealed: any second TETD_ZONE_SEAL is refused as such,
	 * whatever range it names (zone.c checks "sealed" before the range). */
	v[0] = (struct variant){ "the zone again", leaf(TETD_ZONE_SEAL, z, zs, 0, 0) };
	v[1] = (struct variant){ "GPA + 4 KiB", leaf(TETD_ZONE_SEAL, z + 4096, zs, 0, 0) };
	v[2] = (struct variant){ "size x2", leaf(TETD_ZONE_SEAL, z, zs * 2, 0, 0) };
	v[3] = (struct variant){ "GPA 0 size 0", leaf(TETD_ZONE_SEAL, 0, 0, 0, 0) };
	expect_all("zone-seal-again", TETD_ST_SEALED, v, 4);
	host_info(&flags, NULL);
	report("zone-still-sealed", (flags & TETD_INFO_SEALED) && A.zone_gpa == z &&
	       A.zone_size == zs ? R_PASS : R_FAIL,
	       "TETD_INFO after the seal attempts: flags 0x%llx, zone 0x%llx+0x%llx", flags,
	       A.zone_gpa, A.zone_size);

	v[0] = (struct variant){ "leaf 0", leaf(TETD_LEAF(0), 0, 0, 0, 0) };
	v[1] = (struct variant){ "leaf 7", leaf(TETD_LEAF(7), 0, 0, 0, 0) };
	v[2] = (struct variant){ "leaf 0xff", leaf(TETD_LEAF(0xff), z, zs, 0, 0) };
	v[3] = (struct variant){ "leaf 0xffffffffffff", leaf(TETD_LEAF(0xffffffffffffull), 0, 0, 0, 0) };
	expect_all("unknown-leaf", TETD_ST_UNKNOWN_LEAF, v, 4);

	v[0] = (struct variant){ "TETD_VMM_RESUME from the TD", leaf(TETD_VMM_RESUME, 0, 0, 0, 0) };
	v[1] = (struct variant){ "TETD_AGENT_DISABLE of echo from the TD",
				 leaf(TETD_AGENT_DISABLE, e, 0, 0, 0) };
	v[2] = (struct variant){ "TETD_AGENT_ACCESS write grant",
				 leaf(TETD_AGENT_ACCESS, e, TETD_CALLBUF_GPA, 4096,
				      TETD_GPA_READ | TETD_GPA_WRITE) };
	expect_all("agent-world-leaves-from-td", TETD_ST_DENIED, v, 3);
	v[0] = (struct variant){ "TETD_AGENT_ACCESS agent 16",
				 leaf(TETD_AGENT_ACCESS, 16, TETD_CALLBUF_GPA, 4096, TETD_GPA_READ) };
	expect_all("agent-access-bad-agent", TETD_ST_NO_AGENT, v, 1);
	v[0] = (struct variant){ "TETD_AGENT_ACCESS length 0",
				 leaf(TETD_AGENT_ACCESS, e, TETD_CALLBUF_GPA, 0, TETD_GPA_READ) };
	v[1] = (struct variant){ "TETD_AGENT_ACCESS wrapping range",
				 leaf(TETD_AGENT_ACCESS, e, ~0ull - 4095, 8192, TETD_GPA_READ) };
	expect_all("agent-access-bad-length", TETD_ST_BAD_LEN, v, 2);

	report("calls-after-forged", echo_ok(why, sizeof(why)) ? R_FAIL : R_PASS, "%s", why);
}

/* ---- racing the call buffer from another CPU ---- */

#define RACE_WORDS (TETD_CALL_MAX_IN / 8)    /* 254 */
#define RACE_CALLS 24
#define SPIN_ITERS 20000000ull

enum race_kind { RACE_WORDS_EXCL, RACE_WORDS_COLLAB, RACE_LEN, RACE_SPIN };

struct race {
	enum race_kind kind;
	struct tetd_call *c, *probe;
	int probe_idx;
	struct completion caller_done;
	/* racer -> caller */
	u64 gen;                   /* RACE_WORDS_*: sweeps completed */
	/* caller -> racer (RACE_SPIN) */
	int armed, done;
	/* racer results (RACE_SPIN) */
	int saw_busy;
	u64 writes, writes_confirmed, probes;
	/* caller results */
	u64 st_fail, st_other, bad_status, torn, multi_gen, max_gens, ok, bad_len;
	u64 spin_out, spin_ms;
	s32 spin_status;
	u32 spin_olen;
	u64 spin_st;
	char detail[200];
};

static void kthread_idle(void)
{
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
}

static u64 probe_call(struct race *r)
{
	/* fn_id 0: the host reads the probe agent's buffer, finds no such
	 * function and answers NO_AGENT, unless a call holds the world: BUSY. */
	WRITE_ONCE(r->probe->fn_id, 0);
	r->probes++;
	return enter_once(r->probe_idx, TETD_MODE_COLLABORATIVE);
}

static int racer_fn(void *p)
{
	struct race *r = p;
	u64 *w = (u64 *)r->c->in, g = 0, n = 0;
	static const u64 junk[4] = { 1, 0, 0xffffffffull, SPIN_ITERS + 12345 };
	unsigned int i;

	switch (r->kind) {
	case RACE_WORDS_EXCL:
	case RACE_WORDS_COLLAB:
		while (!kthread_should_stop()) {
			g++;
			for (i = 0; i < RACE_WORDS; i++)
				WRITE_ONCE(w[i], g << 32 | i);
			smp_store_release(&r->gen, g);
			if (!(g & 15))
				cond_resched();
		}
		break;
	case RACE_LEN:
		while (!kthread_should_stop()) {
			n++;
			WRITE_ONCE(r->c->in_len, n & 1 ? 16 : 0xfffffff0u);
			WRITE_ONCE(r->c->out_len, n & 2 ? 16 : 0xfffffff0u);
			if (!(n & 1023))
				cond_resched();
		}
		break;
	case RACE_SPIN:
		while (!smp_load_acquire(&r->armed) && !kthread_should_stop())
			cpu_relax();
		while (!kthread_should_stop() && !smp_load_acquire(&r->done)) {
			if (probe_call(r) == TETD_ST_BUSY) {
				r->saw_busy = 1;
				break;
			}
		}
		/* The host copies the buffer right after it takes the world
		 * (what BUSY shows); from here on the handler runs on its copy. */
		if (r->saw_busy)
			mdelay(2);
		while (!kthread_should_stop() && !smp_load_acquire(&r->done)) {
			/* Only fields the host copied: never out_len/status/out,
			 * which the caller reads back. */
			WRITE_ONCE(w[0], junk[n & 3]);
			WRITE_ONCE(r->c->in_len, TETD_CALL_MAX_IN);
			WRITE_ONCE(r->c->fn_id, 1);
			n++;
			r->writes = n;
			if (probe_call(r) == TETD_ST_BUSY)
				r->writes_confirmed = n;   /* written while the call still ran */
		}
		break;
	}
	kthread_idle();
	return 0;
}

/* Is byte b of a generation number in [lo, hi] ever equal to want? */
static bool gen_byte_seen(u64 lo, u64 hi, unsigned int b, u64 want)
{
	u64 l = lo >> (8 * b), h = hi >> (8 * b);

	if (h - l >= 255)
		return true;
	return ((want - l) & 0xff) <= h - l;
}

/* A reply of RACE_WORDS words: word i = generation << 32 | i. */
static void check_words(struct race *r, const u64 *out, u64 g0, u64 g1, bool exclusive)
{
	u64 first = out[0] >> 32, distinct = 1, lo = g0 ? g0 - 1 : 0;
	unsigned int i, b;
	bool torn = false;

	for (i = 0; i < RACE_WORDS; i++) {
		u64 g = out[i] >> 32, prev = i ? out[i - 1] >> 32 : g;

		if ((u32)out[i] != i)
			torn = true;          /* the position tag: equal in every generation */
		distinct += g != prev;
		if (exclusive) {
			/* Every other vCPU was paused before the host copied: the
			 * reply is the buffer frozen at one instant, the racer
			 * stopped inside a sweep: words [0,k) of generation G+1,
			 * [k,254) of generation G, both from during the call. */
			if (g != prev && !(prev == first && g + 1 == first))
				torn = true;
		} else {
			/* The TD raced its own arguments while the host copied
			 * them: words may come from several generations (and, as
			 * the host's copy may go byte by byte, a generation field
			 * may mix the bytes of adjacent ones); every byte must
			 * still be one the racer wrote there during the call. */
			for (b = 0; b < 4; b++)
				if (!gen_byte_seen(lo, g1, b, (g >> (8 * b)) & 0xff))
					torn = true;
		}
	}
	if (exclusive && (first > g1 || first < lo))
		torn = true;
	if (torn) {
		r->torn++;
		if (!r->detail[0])
			snprintf(r->detail, sizeof(r->detail), "reply words 0..2 = %016llx %016llx "
				 "%016llx, generations %llu..%llu during the call", out[0], out[1],
				 out[2], g0, g1);
	}
	if (distinct > 1)
		r->multi_gen++;
	r->max_gens = max(r->max_gens, distinct);
}

static int caller_fn(void *p)
{
	struct race *r = p;
	struct tetd_call *c = r->c;
	u64 *out = kmalloc(TETD_CALL_MAX_OUT, GFP_KERNEL), st, g0, g1;
	u8 pat[16];
	unsigned int k, i;
	u32 mode;
	ktime_t t0;

	if (!out)
		goto done;
	switch (r->kind) {
	case RACE_WORDS_EXCL:
	case RACE_WORDS_COLLAB:
		mode = r->kind == RACE_WORDS_EXCL ? TETD_MODE_EXCLUSIVE : TETD_MODE_COLLABORATIVE;
		g1 = 2;
		for (k = 0; k < RACE_CALLS; k++) {
			/* The host writes the call page back at the end of a call,
			 * in[] included: wait for a racer sweep that started after
			 * that (completed count g1 + 1 >= read-after + 2), so the
			 * buffer holds no earlier snapshot when the next call starts. */
			t0 = ktime_get();
			while (smp_load_acquire(&r->gen) < g1 + 1 &&
			       ktime_ms_delta(ktime_get(), t0) < 5000)
				cpu_relax();
			memset(c, 0, offsetof(struct tetd_call, in));
			c->fn_id = 1;
			c->in_len = TETD_CALL_MAX_IN;
			c->out_len = TETD_CALL_MAX_OUT;
			c->agent_index = A.echo;
			c->mode = mode;
			g0 = smp_load_acquire(&r->gen);
			st = enter(A.echo, mode);
			g1 = smp_load_acquire(&r->gen) + 1;
			if (st) {
				r->st_fail++;
				continue;
			}
			if (READ_ONCE(c->status) || READ_ONCE(c->out_len) != TETD_CALL_MAX_OUT) {
				r->bad_status++;
				continue;
			}
			memcpy(out, c->out, TETD_CALL_MAX_OUT);
			check_words(r, out, g0, g1, mode == TETD_MODE_EXCLUSIVE);
			r->ok++;
		}
		break;
	case RACE_LEN:
		for (i = 0; i < sizeof(pat); i++)
			pat[i] = (u8)(0xa0 + i);
		for (k = 0; k < RACE_CALLS; k++) {
			mode = k & 1 ? TETD_MODE_COLLABORATIVE : TETD_MODE_EXCLUSIVE;
			WRITE_ONCE(c->fn_id, 1);
			WRITE_ONCE(c->status, 0);
			WRITE_ONCE(c->mode, mode);
			memcpy(c->in, pat, sizeof(pat));
			st = enter(A.echo, mode);
			if (st == TETD_ST_BAD_LEN) {
				r->bad_len++;
			} else if (st) {
				r->st_other++;
				if (!r->detail[0])
					snprintf(r->detail, sizeof(r->detail), "call %u: %s", k,
						 st_name(st));
			} else if (READ_ONCE(c->status) || memcmp(c->out, pat, sizeof(pat))) {
				r->bad_status++;
			} else {
				r->ok++;
			}
		}
		break;
	case RACE_SPIN:
		call_setup(c, A.echo, TETD_MODE_COLLABORATIVE, 2, NULL, 0, 8);
		c->in_len = 8;
		WRITE_ONCE(*(u64 *)c->in, SPIN_ITERS);
		smp_store_release(&r->armed, 1);
		t0 = ktime_get();
		r->spin_st = enter(A.echo, TETD_MODE_COLLABORATIVE);
		r->spin_ms = ktime_ms_delta(ktime_get(), t0);
		smp_store_release(&r->done, 1);
		r->spin_status = READ_ONCE(c->status);
		r->spin_olen = READ_ONCE(c->out_len);
		r->spin_out = READ_ONCE(*(u64 *)c->out);
		break;
	}
done:
	kfree(out);
	complete(&r->caller_done);
	kthread_idle();
	return 0;
}

static int run_race(struct race *r, unsigned int cpu_caller, unsigned int cpu_racer)
{
	struct task_struct *caller, *racer;
	u64 *w = (u64 *)r->c->in;
	unsigned int i;

	init_completion(&r->caller_done);
	for (i = 0; i < RACE_WORDS; i++)      /* generation 0 */
		w[i] = i;
	racer = kthread_create(racer_fn, r, "tetd-racer");
	if (IS_ERR(racer))
		return PTR_ERR(racer);
	caller = kthread_create(caller_fn, r, "tetd-caller");
	if (IS_ERR(caller)) {
		kthread_bind(racer, cpu_racer);
		wake_up_process(racer);
		kthread_stop(racer);
		return PTR_ERR(caller);
	}
	kthread_bind(racer, cpu_racer);
	kthread_bind(caller, cpu_caller);
	wake_up_process(racer);
	wake_up_process(caller);
	wait_for_completion(&r->caller_done);
	kthread_stop(racer);
	kthread_stop(caller);
	return 0;
}

static void group_race(void)
{
	unsigned int c0 = cpumask_first(cpu_online_mask), c1 = cpumask_next(c0, cpu_online_mask);
	struct race *r = kzalloc(sizeof(*r), GFP_KERNEL);
	char why[200];
	int err;

	if (!r)
		return;
	if (c1 >= nr_cpu_ids) {
		report("race", R_SKIP, "one CPU online: no other CPU to race from");
		kfree(r);
		return;
	}
	r->c = A.ag[A.echo].buf;

	/* 1. The handler's view is frozen: rewrite the arguments while a
	 *    collaborative spin call runs (seen running by a BUSY probe). */
	if (A.probe >= 0) {
		memset(r, 0, sizeof(*r));
		r->kind = RACE_SPIN;
		r->c = A.ag[A.echo].buf;
		r->probe = A.ag[A.probe].buf;
		r->probe_idx = A.probe;
		memset(r->probe, 0, offsetof(struct tetd_call, in));
		err = run_race(r, c0, c1);
		report("race-args-during-call",
		       !err && !r->spin_st && !r->spin_status && r->spin_olen == 8 &&
		       r->spin_out == SPIN_ITERS && r->saw_busy && r->writes_confirmed ? R_PASS : R_FAIL,
		       "echo fn 2 (spin %llu) collaborative from CPU %u took %llu ms; CPU %u saw it "
		       "running (%s probe via agent %s) and rewrote in[0..8], in_len = 2032 and "
		       "fn_id = 1 %llu times, %llu of them confirmed during the call: %s, status %d, "
		       "out_len %u, reply %llu (%s)", SPIN_ITERS, c0, r->spin_ms, c1,
		       r->saw_busy ? "BUSY" : "no BUSY", A.ag[A.probe].name, r->writes,
		       r->writes_confirmed, st_name(r->spin_st), r->spin_status, r->spin_olen,
		       r->spin_out, r->spin_out == SPIN_ITERS ? "the input as copied at the call's start" :
		       "NOT the input the call started with");
	} else {
		report("race-args-during-call", R_SKIP, "no second agent accepting collaborative "
		       "calls to probe with");
	}

	/* 2. Exclusive: the copy is a frozen image of the racing buffer. */
	memset(r, 0, sizeof(*r));
	r->kind = RACE_WORDS_EXCL;
	r->c = A.ag[A.echo].buf;
	err = run_race(r, c0, c1);
	report("race-args-exclusive", !err && r->ok == RACE_CALLS && !r->torn ? R_PASS : R_FAIL,
	       "%u exclusive echo calls (2032 bytes) from CPU %u while CPU %u rewrote every input "
	       "word (generation, position) without pause: %llu replies ok, %llu torn, %llu call "
	       "errors, %llu bad status; every reply is the buffer frozen at one instant (at most "
	       "2 adjacent generations, split once; %llu replies span 2)%s%s", RACE_CALLS, c0, c1,
	       r->ok, r->torn, r->st_fail, r->bad_status, r->multi_gen,
	       r->detail[0] ? ": " : "", r->detail);

	/* 3. Collaborative: what the host copied, and only that. */
	memset(r, 0, sizeof(*r));
	r->kind = RACE_WORDS_COLLAB;
	r->c = A.ag[A.echo].buf;
	err = run_race(r, c0, c1);
	report("race-args-collaborative", !err && r->ok == RACE_CALLS && !r->torn ? R_PASS : R_FAIL,
	       "%u collaborative echo calls (2032 bytes) from CPU %u while CPU %u rewrote every "
	       "input word: %llu replies ok, %llu with a byte the racer never wrote there, %llu "
	       "call errors, %llu bad status; %llu replies mix generations (up to %llu runs: the "
	       "TD raced its own arguments while the host copied them)%s%s", RACE_CALLS, c0, c1,
	       r->ok, r->torn, r->st_fail, r->bad_status, r->multi_gen, r->max_gens,
	       r->detail[0] ? ": " : "", r->detail);

	/* 4. Double fetch of the lengths: in_len/out_len flip between valid
	 *    and huge while calls run. */
	memset(r, 0, sizeof(*r));
	r->kind = RACE_LEN;
	r->c = A.ag[A.echo].buf;
	err = run_race(r, c0, c1);
	report("race-lengths", !err && !r->st_other && !r->bad_status &&
	       r->ok + r->bad_len == RACE_CALLS ? R_PASS : R_FAIL,
	       "%u echo calls while CPU %u flipped in_len/out_len between 16 and 0xfffffff0: "
	       "%llu answered with the 16-byte input, %llu refused TETD_ST_BAD_LEN, %llu other "
	       "status, %llu wrong replies%s%s", RACE_CALLS, c1, r->ok, r->bad_len, r->st_other,
	       r->bad_status, r->detail[0] ? ": " : "", r->detail);

	report("calls-after-races", echo_ok(why, sizeof(why)) ? R_FAIL : R_PASS, "%s", why);
	kfree(r);
}

/* ---- init ---- */

static bool want(const char *group)
{
	const char *p = attacks;
	size_t n = strlen(group);

	if (!p || !strcmp(p, "all"))
		return true;
	while (*p) {
		if (!strncmp(p, group, n) && (p[n] == ',' || !p[n]))
			return true;
		p = strchrnul(p, ',');
		if (*p)
			p++;
	}
	return false;
}

static void unmap_buffers(void)
{
	unsigned int i;

	for (i = 0; i < A.nagents; i++)
		if (A.ag[i].buf) {
			memunmap(A.ag[i].buf);
			A.ag[i].buf = NULL;
		}
}

static int __init tetd_attack_init(void)
{
	u64 flags = 0, st, v_end;
	unsigned int i, n, pass, fail, skip;
	int err;

	if (tetd_tdcall_mode() != TETD_TDCALL_SIM && tetd_tdcall_mode() != TETD_TDCALL_TDX) {
		report("all", R_SKIP, "no TDX module or tetdh answers TDCALLs (plain QEMU?)");
		return 0;
	}
	st = host_info(&flags, &A.viol_start);
	if (st || !(flags & TETD_INFO_SEALED)) {
		report("all", R_SKIP, "TETD_INFO: %s, flags 0x%llx: no sealed zone to attack "
		       "(isolation none)", st_name(st), flags);
		return 0;
	}
	err = read_table();
	if (err || A.echo < 0) {
		report("all", R_FAIL, "ACPI TETD table: %s", err ? "unreadable" : "no echo agent");
		return 0;
	}
	for (i = 0; i < A.nagents; i++) {
		A.ag[i].buf = memremap(A.ag[i].call_buf, TETD_AGENT_PAGE, MEMREMAP_WB);
		if (!A.ag[i].buf) {
			report("all", R_FAIL, "cannot map agent %u's call buffer 0x%llx", i,
			       A.ag[i].call_buf);
			unmap_buffers();
			return 0;
		}
	}
	/* GPA width -> the shared bit (TDG.VP.INFO RCX[5:0]). */
	{
		struct tetd_tdcall_regs r = { .rax = TDG_VP_INFO };

		if (!tetd_tdcall(&r) && (r.rcx & 63) >= 32 && (r.rcx & 63) <= 52)
			A.shared_bit = TDX_SHARED_BIT(r.rcx & 63);
	}
	printk(KERN_INFO "TETD-ATTACK begin zone=0x%llx+0x%llx agents=%u echo=%d probe=%d "
	       "shared_bit=0x%llx phys_bits=%u violations=%llu groups=%s\n", A.zone_gpa,
	       A.zone_size, A.nagents, A.echo, A.probe, A.shared_bit, boot_cpu_data.x86_phys_bits,
	       A.viol_start, attacks);

	if (want("read"))
		group_read_write(true, false);
	if (want("write"))
		group_read_write(false, true);
	if (want("operand"))
		group_operand();
	if (want("forge"))
		group_forge();
	if (want("race"))
		group_race();

	v_end = violations();
	unmap_buffers();
	n = A.pass + A.fail + A.skip;
	pass = A.pass;
	fail = A.fail;
	skip = A.skip;
	report("summary", fail ? R_FAIL : R_PASS,
	       "attacks=%u pass=%u fail=%u skip=%u zone_loads=%llu zone_stores=%llu "
	       "zone_accesses=%llu alias_accesses=%llu nonff=%llu operand_attacks=%llu "
	       "operand_counted=%llu violations=%llu->%llu", n, pass, fail, skip, A.loads,
	       A.stores, A.loads + A.stores, A.alias_accesses, A.nonff, A.operand_attacks,
	       A.operand_counted, A.viol_start, v_end);
	return 0;
}

static void __exit tetd_attack_exit(void)
{
}

module_init(tetd_attack_init);
module_exit(tetd_attack_exit);
MODULE_DESCRIPTION("TETD attack tests: a hostile kernel against the sealed zone (tests only)");
MODULE_LICENSE("Dual MIT/GPL");
