// SPDX-License-Identifier: MIT
/*
 * tetdh/vmm/hob.c - the Linux payload and the TD HOB (include/tetd/hob.h).
 *
 * Payload: the bzImage file (unmodified), the initrd and the NUL-terminated
 * command line are copied into guest RAM, each page-aligned:
 *
 *  - into the image's Payload section (TDVF type 5, no raw data, no
 *    MR.EXTEND), command line in the PayloadParam section if there is one,
 *    when the image has such a section (td-shim's layout). Its pages are
 *    PAGE.ADDed at build: MRTD covers their GPAs (fixed by the image, so
 *    MRTD is still computable from the image alone), not their contents,
 *    and afterwards they are ordinary private memory.
 *  - otherwise just below min(RAM top, the kernel's initrd_addr_max + 1):
 *    command line highest, then initrd, then kernel. Those pages are never
 *    PAGE.ADDed (MRTD must not depend on the payload) nor accepted
 *    (acceptance zeroes); in the seam model they stay NONE, like shared
 *    pages on real TDX (docs/seam.md, "where the payload goes"), so they
 *    can never be private TDCALL operands - also not after Linux reuses
 *    them (docs/tetdh.md, limitations).
 *
 * Either way the payload stays clear of every other TDVF section and of
 * [16 MiB, 80 MiB) (or the kernel's own pref_address + init_size, if
 * larger), where the firmware relocates the kernel; the firmware measures
 * all three into RTMR[1].
 *
 * TD HOB (UEFI PI vol. 3 HOBs, td-shim / TDVF usage):
 *   PHIT              describes the HOB region itself (list at the bottom)
 *   resource HOBs     RAM in address order: PAGE.ADDed TDVF sections and
 *                     the payload as SYSTEM_MEMORY (present, not to be
 *                     accepted), all other RAM as MEMORY_UNACCEPTED (the
 *                     firmware accepts it; tetdh AUGs each page on its
 *                     first ACCEPT), the image region as MEMORY_RESERVED
 *   TETD payload HOB  kernel/initrd/command line GPAs and sizes, vCPUs
 *   end of list
 */
#include <stdlib.h>
#include <string.h>

#include <tetd/hob.h>
#include <tetd/layout.h>

#include "vmm.h"

#define PAGE              (4 * KiB)
#define KERNEL_RELOC_BASE (16 * MiB)   /* Linux's default pref_address */
#define KERNEL_RELOC_SIZE (64 * MiB)   /* room for its init_size */
#define INITRD_MAX_DEFAULT (2 * GiB)   /* initrd_addr_max of modern kernels + 1 */
#define RES_ATTR_RAM (HOB_RES_ATTR_PRESENT | HOB_RES_ATTR_INITIALIZED | HOB_RES_ATTR_TESTED)
#define RES_ATTR_RESERVED (HOB_RES_ATTR_PRESENT | HOB_RES_ATTR_INITIALIZED)

static uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

/*
 * What the placement needs from the bzImage header (Linux
 * Documentation/arch/x86/boot.rst): the magic, initrd_addr_max (2.03+),
 * pref_address and init_size (2.10+). The firmware parses and checks the
 * whole header itself; this only keeps tetdh from placing blindly.
 */
struct kernel_hdr {
	uint64_t initrd_top;       /* initrd_addr_max + 1 */
	uint64_t reloc_end;        /* pref_address + init_size, or 0 */
};

static int read_kernel_hdr(struct vm *vm, struct kernel_hdr *k)
{
	uint8_t h[0x270];
	uint16_t ver;

	if (vm->kernel.size < sizeof(h)) {
		vmm_msg("-kernel %s: %llu bytes is too small for a bzImage",
			vm->kernel.path, (unsigned long long)vm->kernel.size);
		return -1;
	}
	if (vmm_file_read(vm->kernel.path, "-kernel", h, sizeof(h)))
		return -1;
	if (memcmp(h + 0x202, "HdrS", 4)) {
		vmm_msg("-kernel %s: not a Linux bzImage (no \"HdrS\" boot header at 0x202)",
			vm->kernel.path);
		return -1;
	}
	ver = (uint16_t)(h[0x206] | h[0x207] << 8);
	k->initrd_top = INITRD_MAX_DEFAULT;
	k->reloc_end = 0;
	if (ver >= 0x203)
		k->initrd_top = (uint64_t)le32(h + 0x22c) + 1;
	if (ver >= 0x20a)
		k->reloc_end = le64(h + 0x258) + le32(h + 0x260);
	return 0;
}

/* Takes size bytes below *cursor, page-aligned, not below floor. */
static int take(uint64_t *cursor, uint64_t size, uint64_t floor, uint64_t *gpa)
{
	uint64_t need = align_up(size, PAGE);

	if (need < size || *cursor < floor || *cursor - floor < need)
		return -1;
	*cursor = align_down(*cursor - need, PAGE);
	*gpa = *cursor;
	return 0;
}

static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

static int find_section(const struct vm *vm, uint32_t type)
{
	for (unsigned i = 0; i < vm->tdvf.nr_sections; i++)
		if (vm->tdvf.sec[i].type == type)
			return (int)i;
	return -1;
}

/*
 * With a Payload section in the image (TDVF type 5, no raw data, no
 * MR.EXTEND): the payload goes there, the command line into the
 * PayloadParam section if there is one. Those pages are PAGE.ADDed at
 * build (their fixed GPAs are in MRTD, their contents are not), so after
 * the firmware is done with them they are ordinary private memory.
 */
static int place_in_section(struct vm *vm, int sec, const struct kernel_hdr *k)
{
	struct vmm_payload *p = &vm->payload;
	const struct tdvf_section *s = &vm->tdvf.sec[sec];
	int par = find_section(vm, TDVF_SECTION_PAYLOAD_PARAM);
	uint64_t base = s->memory_address, top = base + s->memory_data_size, cur = top;

	if (s->raw_data_size || (s->attributes & TDVF_ATTR_MR_EXTEND)) {
		vmm_msg("-bios %s: the Payload section must be RAM for tetdh to fill "
			"(no raw data, no MR.EXTEND)", vm->image.path);
		return -1;
	}
	/* Usually -m is just too small (the real image's section ends at
	 * 144 MiB, above the 128M minimum): say so, and by how much. */
	if (!mem_is_ram(vm, base, s->memory_data_size)) {
		uint64_t need = top <= VMM_LOW_RAM_MAX ? top :
				base >= VMM_HIGH_BASE ? VMM_LOW_RAM_MAX + (top - VMM_HIGH_BASE) : 0;

		if (need)
			vmm_msg("-bios %s: the Payload section 0x%llx+0x%llx is outside "
				"RAM (-m %lluM): use -m %lluM or more", vm->image.path,
				(unsigned long long)base, (unsigned long long)s->memory_data_size,
				(unsigned long long)(vm->opt->mem / MiB),
				(unsigned long long)(align_up(need, MiB) / MiB));
		else
			vmm_msg("-bios %s: the Payload section 0x%llx+0x%llx is outside "
				"RAM, which never covers 3 GiB..4 GiB", vm->image.path,
				(unsigned long long)base, (unsigned long long)s->memory_data_size);
		return -1;
	}
	if (top > k->initrd_top) {
		vmm_msg("-bios %s: the Payload section ends at 0x%llx, above the "
			"kernel's initrd_addr_max 0x%llx", vm->image.path,
			(unsigned long long)top, (unsigned long long)(k->initrd_top - 1));
		return -1;
	}
	if (overlaps(base, s->memory_data_size, KERNEL_RELOC_BASE, KERNEL_RELOC_SIZE) ||
	    (k->reloc_end && overlaps(base, s->memory_data_size, KERNEL_RELOC_BASE,
				      k->reloc_end - KERNEL_RELOC_BASE))) {
		vmm_msg("-bios %s: the Payload section 0x%llx+0x%llx overlaps where the "
			"firmware relocates the kernel (from 16 MiB)", vm->image.path,
			(unsigned long long)base, (unsigned long long)s->memory_data_size);
		return -1;
	}
	if (par >= 0 && vm->tdvf.sec[par].memory_data_size >= p->cmdline_size &&
	    mem_is_ram(vm, vm->tdvf.sec[par].memory_address, p->cmdline_size))
		p->cmdline_gpa = vm->tdvf.sec[par].memory_address;
	else if (take(&cur, p->cmdline_size, base, &p->cmdline_gpa))
		goto full;
	if ((p->initrd_size && take(&cur, p->initrd_size, base, &p->initrd_gpa)) ||
	    take(&cur, p->kernel_size, base, &p->kernel_gpa))
		goto full;
	vm->payload_in_section = true;
	return 0;
full:
	vmm_msg("the payload (kernel %.1f MiB, initrd %.1f MiB, command line) does "
		"not fit the image's %llu MiB Payload section",
		p->kernel_size / (double)MiB, p->initrd_size / (double)MiB,
		(unsigned long long)(s->memory_data_size / MiB));
	return -1;
}

/* Without one: at the top of low RAM (below initrd_addr_max), pages that
 * stay outside the TD's private memory (docs/tetdh.md, limitations). */
static int place_top_of_ram(struct vm *vm, const struct kernel_hdr *k)
{
	struct vmm_payload *p = &vm->payload;
	uint64_t top, floor, cur;

	top = vm->low_top < k->initrd_top ? vm->low_top : align_down(k->initrd_top, PAGE);
	floor = KERNEL_RELOC_BASE + KERNEL_RELOC_SIZE;
	if (k->reloc_end > floor && k->reloc_end < top)
		floor = align_up(k->reloc_end, PAGE);
	cur = top;
	if (take(&cur, p->cmdline_size, floor, &p->cmdline_gpa) ||
	    (p->initrd_size && take(&cur, p->initrd_size, floor, &p->initrd_gpa)) ||
	    take(&cur, p->kernel_size, floor, &p->kernel_gpa)) {
		uint64_t need = align_up(p->kernel_size, PAGE) +
				align_up(p->initrd_size, PAGE) + PAGE;

		vmm_msg("the payload (kernel %.1f MiB, initrd %.1f MiB, command line) "
			"needs %llu MiB of RAM between %llu MiB and %llu MiB, where the "
			"firmware does not relocate the kernel; -m %lluM gives %llu MiB "
			"there: use -m %lluM or more",
			p->kernel_size / (double)MiB, p->initrd_size / (double)MiB,
			(unsigned long long)(align_up(need, MiB) / MiB),
			(unsigned long long)(floor / MiB), (unsigned long long)(top / MiB),
			(unsigned long long)(vm->opt->mem / MiB),
			(unsigned long long)(top > floor ? (top - floor) / MiB : 0),
			(unsigned long long)(align_up(floor + need, MiB) / MiB));
		return -1;
	}
	for (unsigned i = 0; i < vm->tdvf.nr_sections; i++) {
		const struct tdvf_section *s = &vm->tdvf.sec[i];

		if (overlaps(s->memory_address, s->memory_data_size, cur, top - cur)) {
			vmm_msg("the payload at 0x%llx..0x%llx would overlap TDVF section "
				"%u (%s) at 0x%llx+0x%llx", (unsigned long long)cur,
				(unsigned long long)top, i, seam_tdvf_type_name(s->type),
				(unsigned long long)s->memory_address,
				(unsigned long long)s->memory_data_size);
			return -1;
		}
	}
	return 0;
}

int hob_place_payload(struct vm *vm)
{
	struct vmm_payload *p = &vm->payload;
	struct kernel_hdr k;
	size_t cl = strlen(vm->opt->append);
	int sec;

	vm->kernel.path = vm->opt->kernel;
	if (vmm_file_size(vm->kernel.path, "-kernel", &vm->kernel.size) ||
	    read_kernel_hdr(vm, &k))
		return -1;
	if (vm->opt->initrd) {
		vm->initrd.path = vm->opt->initrd;
		if (vmm_file_size(vm->initrd.path, "-initrd", &vm->initrd.size))
			return -1;
	}
	if (cl + 1 > TETD_CMDLINE_MAX) {
		vmm_msg("-append: %zu bytes; the firmware passes at most %u bytes "
			"of command line", cl, TETD_CMDLINE_MAX - 1);
		return -1;
	}
	p->kernel_size = vm->kernel.size;
	p->initrd_size = vm->initrd.size;
	p->cmdline_size = cl + 1;
	sec = find_section(vm, TDVF_SECTION_PAYLOAD);
	return sec >= 0 ? place_in_section(vm, sec, &k) : place_top_of_ram(vm, &k);
}

int hob_load_payload(struct vm *vm)
{
	const struct vmm_payload *p = &vm->payload;
	uint8_t *k = mem_ptr(vm, p->kernel_gpa, p->kernel_size);
	uint8_t *c = mem_ptr(vm, p->cmdline_gpa, p->cmdline_size);

	if (!k || !c)
		return -1;
	if (vmm_file_read(vm->kernel.path, "-kernel", k, p->kernel_size))
		return -1;
	if (p->initrd_size) {
		uint8_t *i = mem_ptr(vm, p->initrd_gpa, p->initrd_size);

		if (!i || vmm_file_read(vm->initrd.path, "-initrd", i, p->initrd_size))
			return -1;
	}
	memcpy(c, vm->opt->append, p->cmdline_size); /* with its NUL */
	return 0;
}

/* ------------------------------------------------------------ the HOB */

struct res {
	uint64_t start, end;
	uint32_t type;
};

#define MAX_RES (2 * SEAM_TDVF_MAX_SECTIONS + 8)

static int res_cmp(const void *a, const void *b)
{
	const struct res *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static unsigned emit(struct res *out, unsigned n, uint64_t start, uint64_t end,
		     uint32_t type)
{
	if (start >= end)
		return n;
	if (n && out[n - 1].end == start && out[n - 1].type == type) {
		out[n - 1].end = end;
		return n;
	}
	out[n] = (struct res){ start, end, type };
	return n + 1;
}

/* RAM [start, end) with the marked ranges inside it (sorted, disjoint)
 * as their own type and the gaps as unaccepted; merges neighbours. */
static unsigned paint_ram(uint64_t start, uint64_t end, const struct res *mark,
			  unsigned nmark, struct res *out, unsigned n)
{
	uint64_t cur = start;

	for (unsigned i = 0; i < nmark; i++) {
		uint64_t ms = mark[i].start, me = mark[i].end;

		if (me <= start || ms >= end)
			continue;
		if (ms < start)
			ms = start;
		if (me > end)
			me = end;
		n = emit(out, n, cur, ms, HOB_RES_MEMORY_UNACCEPTED);
		n = emit(out, n, ms, me, mark[i].type);
		cur = me;
	}
	return emit(out, n, cur, end, HOB_RES_MEMORY_UNACCEPTED);
}

struct hob_writer {
	uint8_t *buf;
	size_t len, cap;
};

static void *hob_put(struct hob_writer *w, uint16_t type, size_t len)
{
	struct hob_header *h;

	if (len > w->cap - w->len)
		return NULL;
	h = (struct hob_header *)(w->buf + w->len);
	h->type = type;
	h->length = (uint16_t)len;
	w->len += len;
	return h;
}

int hob_build(struct vm *vm)
{
	static const uint8_t payload_guid[16] = TETD_HOB_PAYLOAD_GUID_BYTES;
	const struct tdvf_section *sec = &vm->tdvf.sec[vm->tdvf.td_hob];
	struct res mark[MAX_RES], out[MAX_RES * 2];
	unsigned nmark = 0, nout = 0;
	struct hob_writer w = { .cap = sec->memory_data_size };
	struct hob_handoff *phit;
	int ret = -1;

	/* RAM the TD owns already: PAGE.ADDed sections, and the payload. */
	for (unsigned i = 0; i < vm->tdvf.nr_sections; i++) {
		const struct tdvf_section *s = &vm->tdvf.sec[i];

		if (!(s->attributes & TDVF_ATTR_PAGE_AUG) &&
		    mem_is_ram(vm, s->memory_address, s->memory_data_size))
			mark[nmark++] = (struct res){ s->memory_address,
				s->memory_address + s->memory_data_size,
				HOB_RES_SYSTEM_MEMORY };
	}
	if (!vm->payload_in_section)
		mark[nmark++] = (struct res){ vm->payload.kernel_gpa,
			align_up(vm->payload.cmdline_gpa + vm->payload.cmdline_size, PAGE),
			HOB_RES_SYSTEM_MEMORY };
	qsort(mark, nmark, sizeof(mark[0]), res_cmp);
	nout = paint_ram(0, vm->low_top, mark, nmark, out, nout);
	if (vm->high_size)
		nout = paint_ram(VMM_HIGH_BASE, VMM_HIGH_BASE + vm->high_size, mark,
				 nmark, out, nout);
	out[nout++] = (struct res){ VMM_HIGH_BASE - vm->image.size, VMM_HIGH_BASE,
		HOB_RES_MEMORY_RESERVED };

	w.buf = calloc(1, w.cap);
	if (!w.buf)
		return -1;
	phit = hob_put(&w, HOB_TYPE_HANDOFF, sizeof(*phit));
	for (unsigned i = 0; phit && i < nout; i++) {
		struct hob_resource *r = hob_put(&w, HOB_TYPE_RESOURCE_DESCRIPTOR, sizeof(*r));

		if (!r)
			goto full;
		r->resource_type = out[i].type;
		r->attributes = out[i].type == HOB_RES_MEMORY_RESERVED ?
				RES_ATTR_RESERVED : RES_ATTR_RAM;
		r->start = out[i].start;
		r->length = out[i].end - out[i].start;
	}
	struct hob_guid *g = hob_put(&w, HOB_TYPE_GUID_EXTENSION,
				     sizeof(*g) + align_up(sizeof(struct tetd_hob_payload), 8));
	if (!g)
		goto full;
	memcpy(g->name, payload_guid, sizeof(payload_guid));
	struct tetd_hob_payload pl = {
		.kernel_gpa = vm->payload.kernel_gpa,
		.kernel_size = vm->payload.kernel_size,
		.initrd_gpa = vm->payload.initrd_gpa,
		.initrd_size = vm->payload.initrd_size,
		.cmdline_gpa = vm->payload.cmdline_gpa,
		.cmdline_size = vm->payload.cmdline_size,
		.num_vcpus = vm->nr_vcpus,
	};
	memcpy(g + 1, &pl, sizeof(pl));
	size_t end_off = w.len;
	if (!hob_put(&w, HOB_TYPE_END_OF_HOB_LIST, sizeof(struct hob_header)))
		goto full;

	/* PHIT (PI vol. 3 5.3): the HOB list sits at the bottom of its region,
	 * free space from its end to the region's top. */
	phit->version = 9;
	phit->boot_mode = 0;            /* BOOT_WITH_FULL_CONFIGURATION */
	phit->memory_bottom = vm->hob_gpa;
	phit->memory_top = vm->hob_gpa + sec->memory_data_size;
	phit->free_memory_bottom = vm->hob_gpa + w.len;
	phit->free_memory_top = phit->memory_top;
	phit->end_of_hob_list = vm->hob_gpa + end_off;

	if (vm->td_mem.write(vm->td_mem.opaque, vm->hob_gpa, w.buf, w.len))
		vmm_msg("cannot write the TD HOB at 0x%llx", (unsigned long long)vm->hob_gpa);
	else
		ret = 0;
	free(w.buf);
	return ret;
full:
	vmm_msg("the TD HOB does not fit its %llu-byte TD_HOB section",
		(unsigned long long)sec->memory_data_size);
	free(w.buf);
	return -1;
}
