// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/fuzz_tetdh_layout.c - libFuzzer target for tetdh's host-side
 * handling of its untrusted inputs before any vCPU runs: the -bios image's
 * TDVF metadata (footer table, descriptor), the memory layout built from
 * it, the -kernel bzImage header, the payload's placement and copy, and
 * the TD HOB. It runs tetdh's own code (tetdh/vmm/td.c, mem.c, hob.c and
 * libseam) in main.c's order, over fake guest memory instead of KVM:
 *
 *   td_read_image  mem_layout  [tetd_zone_setup]  hob_place_payload
 *   (mem_init: here guarded mappings of the same mem_slots)
 *   td_build (or td_check_layout alone when the image PAGE.ADDs more than
 *   FUZZ_MAX_ADDED, to keep runs fast)  hob_load_payload  hob_build
 *   td_finalize
 *
 *   make fuzz-seam    (clang -fsanitize=fuzzer,address,undefined)
 *
 * Input, little-endian; missing bytes read as zero:
 *
 *   u64 mem          -m in bytes, folded into what options.c accepts
 *                    (up to 16 GiB; with bit 63 set up to VMM_MEM_MAX)
 *   u64 kernel_size  size of the -kernel file (bit 63 clear: mod 256 MiB),
 *                    at least its head below
 *   u64 initrd_size  size of the -initrd file, 0 = no -initrd
 *                    (bit 63 clear: mod 2 GiB)
 *   u32 image_size   size of the -bios file (bit 31 clear: folded into
 *                    4 KiB..4 MiB, page-aligned; set: as is, so tetdh's
 *                    size check is exercised too)
 *   u16 smp          -smp, folded into 1..256
 *   then three fields, each a u32 length and that many bytes (a length
 *   past the end takes what is left):
 *     image tail     the last bytes of the -bios file (TDVF metadata and
 *                    footer live at its end); the rest of the file is zeros
 *     kernel head    the first bytes of the -kernel file (the bzImage
 *                    header is at its start); the rest is zeros
 *     command line   -append, up to its first NUL
 *   The -initrd file is "TETD-INITRD", zeros, "END".
 *
 * tetdh reads files through vmm_file_size/vmm_file_read (main.c, not
 * linked here): the versions below serve these three from the input, so
 * td.c and hob.c run unmodified. kvm_add_slot and cpu_xfam, the only KVM
 * calls on this path, are stubs (and tetd_world_create, which only the
 * seal reaches). Seeds: tests/fuzz/mkseeds_tetdh.py.
 *
 * Checked, abort() on violation:
 *   - a step that fails printed a message (one line); tetdh never reads a
 *     file past the size it stat'ed; td_build never fails on a layout
 *     td_check_layout accepted (a VM tetdh agreed to build)
 *   - guest memory: each slot is its own mapping between PROT_NONE guard
 *     pages, read-only except the TDVF sections and the payload GPAs
 *     tetdh chose, so any store elsewhere faults; file reads into guest
 *     memory must land inside one slot
 *   - payload: kernel, initrd, command line page-aligned, in RAM, pairwise
 *     disjoint, clear of [16 MiB, 80 MiB) and of every TDVF section (or
 *     inside the Payload/PayloadParam section), initrd below the kernel's
 *     initrd_addr_max, contents as in the files
 *   - TD HOB: in RAM, in the TD_HOB section; every HOB 8-aligned, nonzero
 *     length, inside the section, ending with END_OF_HOB_LIST; PHIT first
 *     and consistent; resource HOBs disjoint, RAM ones covering exactly
 *     all of RAM, the image region reserved, PAGE.ADDed RAM (sections,
 *     outside payload) SYSTEM_MEMORY and nothing else, PAGE.AUG sections
 *     unaccepted; one TETD payload HOB naming what was placed
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <tetd/hob.h>
#include <tetd/layout.h>

#include "vmm.h"

/* PAGE.ADD copies and hashes every page: past this many bytes (the real
 * image's 64 MiB Payload section, say) only td_check_layout runs, so one
 * input stays around a millisecond. libseam's own walk is fuzz_tdvf's. */
#define FUZZ_MAX_ADDED   (16 * MiB)
#define FUZZ_MEM_CAP     (16 * GiB)     /* -m without the "raw" bit */
#define GUARD            (64 * KiB)     /* PROT_NONE around each slot */
#define PAGE             4096ull
#define RELOC_BASE       (16 * MiB)     /* hob.c: where the firmware puts */
#define RELOC_END        (80 * MiB)     /* the kernel by default */
#define BIT63            (1ull << 63)

#define CHECK(c) do { if (!(c)) fail_at(__LINE__, #c); } while (0)

static void fail_at(int line, const char *what)
{
	fprintf(stderr, "fuzz_tetdh_layout: invariant violated at line %d: %s\n",
		line, what);
	abort();
}

/* ------------------------------------------------ the input's files */

struct fuzz_file {
	const char *path;
	uint64_t size;
	const uint8_t *head, *tail;     /* first / last bytes; zeros between */
	size_t head_len, tail_len;
};

static struct fuzz_file f_image = { .path = "fuzz/tetd.fd" };
static struct fuzz_file f_kernel = { .path = "fuzz/bzImage" };
static struct fuzz_file f_initrd = { .path = "fuzz/initrd",
	.head = (const uint8_t *)"TETD-INITRD", .head_len = 11,
	.tail = (const uint8_t *)"END", .tail_len = 3 };

static uint8_t file_byte(const struct fuzz_file *f, uint64_t off)
{
	if (off < f->head_len)
		return f->head[off];
	if (off >= f->size - f->tail_len)
		return f->tail[off - (f->size - f->tail_len)];
	return 0;
}

/* Bytes [0, n) of f into dst; the zeros between head and tail only when
 * asked (a guest-memory destination is fresh, zeroed memory already). */
static void file_copy(const struct fuzz_file *f, uint8_t *dst, uint64_t n, bool middle)
{
	uint64_t h = f->head_len < n ? f->head_len : n;
	uint64_t t = f->size - f->tail_len, t0 = t > h ? t : h;

	if (h)
		memcpy(dst, f->head, h);
	if (middle && (t0 < n ? t0 : n) > h)
		memset(dst + h, 0, (t0 < n ? t0 : n) - h);
	if (n > t0)
		memcpy(dst + t0, f->tail + (t0 - t), n - t0);
}

static struct fuzz_file *file_of(const char *path)
{
	struct fuzz_file *all[] = { &f_image, &f_kernel, &f_initrd };

	for (unsigned i = 0; i < 3; i++)
		if (path && !strcmp(path, all[i]->path))
			return all[i];
	CHECK(!"tetdh opened a file it was not given");
	return NULL;
}

/* ------------------------------------------- fake guest memory */

struct fake_slot {
	uint8_t *map;                   /* guard + slot + guard */
	size_t map_len;
};

static struct fake_slot fake[MEM_MAX_SLOTS];
static unsigned nr_fake;
static struct vm *cur_vm;

/* The fake slot a host range [p, p+n) lies in, or -1 if it touches none;
 * aborts if it straddles a slot's edge. */
static int fake_slot_of(const uint8_t *p, uint64_t n)
{
	for (unsigned i = 0; i < nr_fake; i++) {
		const struct mem_slot *s = &cur_vm->slot[i];

		if (p + n <= fake[i].map || p >= fake[i].map + fake[i].map_len)
			continue;
		CHECK(p >= s->host && n <= s->size && p - s->host <= (ptrdiff_t)(s->size - n));
		return (int)i;
	}
	return -1;
}

/* Host pointer of [gpa, gpa+n) in one fake slot (harness's own lookup). */
static uint8_t *fake_ptr(uint64_t gpa, uint64_t n)
{
	for (unsigned i = 0; i < nr_fake; i++) {
		const struct mem_slot *s = &cur_vm->slot[i];

		if (gpa >= s->gpa && gpa - s->gpa < s->size && n <= s->size - (gpa - s->gpa))
			return s->host + (gpa - s->gpa);
	}
	return NULL;
}

/* Make [gpa, gpa+len) writable wherever it meets a slot (page-rounded). */
static void fake_allow(uint64_t gpa, uint64_t len)
{
	if (!len || gpa + len < gpa)
		return;
	for (unsigned i = 0; i < nr_fake; i++) {
		const struct mem_slot *s = &cur_vm->slot[i];
		uint64_t a = gpa > s->gpa ? gpa : s->gpa;
		uint64_t b = gpa + len < s->gpa + s->size ? gpa + len : s->gpa + s->size;

		if (a >= b)
			continue;
		a = (a - s->gpa) & ~(PAGE - 1);
		b = (b - s->gpa + PAGE - 1) & ~(PAGE - 1);
		if (b > s->size)
			b = s->size;
		if (mprotect(s->host + a, b - a, PROT_READ | PROT_WRITE))
			abort();
	}
}

/* mem_init without KVM: the same slots (mem_slots), each a read-only
 * mapping between guards; then the GPAs tetdh may write become writable. */
static int fake_mem_init(struct vm *vm)
{
	struct mem_slot s[MEM_MAX_SLOTS];
	unsigned n = mem_slots(vm, vm->image.size, s);

	for (unsigned i = 0; i < n; i++) {
		size_t len = s[i].size + 2 * GUARD;
		uint8_t *m = mmap(NULL, len, PROT_NONE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		if (m == MAP_FAILED)
			return -1;               /* the fuzzing host's limit, not tetdh's */
		fake[nr_fake++] = (struct fake_slot){ m, len };
		if (mprotect(m + GUARD, s[i].size, PROT_READ))
			return -1;
		vm->slot[i] = s[i];
		vm->slot[i].host = m + GUARD;
		vm->nr_slots = i + 1;
	}
	for (unsigned i = 0; i < vm->tdvf.nr_sections; i++)
		fake_allow(vm->tdvf.sec[i].memory_address, vm->tdvf.sec[i].memory_data_size);
	fake_allow(vm->payload.kernel_gpa, vm->payload.kernel_size);
	fake_allow(vm->payload.initrd_gpa, vm->payload.initrd_size);
	fake_allow(vm->payload.cmdline_gpa, vm->payload.cmdline_size);
	return 0;
}

static void fake_free(void)
{
	for (unsigned i = 0; i < nr_fake; i++)
		munmap(fake[i].map, fake[i].map_len);
	nr_fake = 0;
}

/* ------------------------- what main.c and the KVM files provide */

static unsigned nr_msgs;

void vmm_msg(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	CHECK(n > 0 && !strchr(buf, '\n'));   /* one line, as docs/tetdh.md says */
	nr_msgs++;
	if (getenv("FUZZ_TETDH_VERBOSE"))
		fprintf(stderr, "tetdh: %s\n", buf);
}

void vmm_hex(char *out, const uint8_t *p, size_t n)
{
	static const char d[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[p[i] >> 4];
		out[2 * i + 1] = d[p[i] & 15];
	}
	out[2 * n] = 0;
}

int vmm_file_size(const char *path, const char *opt, uint64_t *size)
{
	const struct fuzz_file *f = file_of(path);

	if (!f->size) {                       /* main.c's wording */
		vmm_msg("%s %s: empty file", opt, path);
		return -1;
	}
	*size = f->size;
	return 0;
}

int vmm_file_read(const char *path, const char *opt, void *buf, uint64_t size)
{
	const struct fuzz_file *f = file_of(path);
	int slot = fake_slot_of(buf, size);

	(void)opt;
	CHECK(size <= f->size);               /* never past what it stat'ed */
	/* Into guest memory: fresh zero pages, so head and tail will do and
	 * a 2 GiB initrd costs nothing; anywhere else every byte. */
	file_copy(f, buf, size, slot < 0 || size <= MiB);
	return 0;
}

uint64_t cpu_xfam(struct vm *vm)
{
	(void)vm;
	return 0x3;                           /* x87 | SSE */
}

int kvm_add_slot(struct vm *vm, unsigned id, const struct mem_slot *s)
{
	(void)vm; (void)id; (void)s;
	CHECK(!"KVM used before any vCPU runs");
	return -1;
}

/* zone.c's seal builds the agent world; sealing never happens before the
 * vCPUs run, so nothing on this path may reach it. */
int tetd_world_create(struct vm *vm)
{
	(void)vm;
	CHECK(!"agent world built before any vCPU runs");
	return -1;
}

void vm_stop(struct vm *vm, int status, const char *fmt, ...)
{
	(void)vm; (void)status; (void)fmt;
	CHECK(!"vm_stop before any vCPU runs");
}

/* ------------------------------------------------------ the checks */

struct range {
	uint64_t start, end;
};

static bool overlaps(struct range a, struct range b)
{
	return a.start < a.end && b.start < b.end && a.start < b.end && b.start < a.end;
}

static bool inside(struct range a, struct range b)
{
	return a.start >= b.start && a.end <= b.end;
}

static uint64_t g_mem;

/* RAM as docs/tetdh.md defines it, independently of mem.c. */
static bool in_ram(struct range r)
{
	uint64_t low = g_mem < VMM_LOW_RAM_MAX ? g_mem : VMM_LOW_RAM_MAX;

	return r.start < r.end &&
	       (r.end <= low ||
		(r.start >= VMM_HIGH_BASE && r.end <= VMM_HIGH_BASE + (g_mem - low)));
}

static struct range sec_range(const struct tdvf_section *s)
{
	return (struct range){ s->memory_address, s->memory_address + s->memory_data_size };
}

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void check_payload(struct vm *vm, const char *cmdline)
{
	const struct vmm_payload *p = &vm->payload;
	struct range r[3] = {
		{ p->kernel_gpa, p->kernel_gpa + p->kernel_size },
		{ p->initrd_gpa, p->initrd_gpa + p->initrd_size },
		{ p->cmdline_gpa, p->cmdline_gpa + p->cmdline_size },
	};
	uint8_t h[0x210];
	uint64_t initrd_top = 2 * GiB;
	int pay = -1, par = -1;

	CHECK(p->kernel_size == f_kernel.size && p->cmdline_size == strlen(cmdline) + 1);
	CHECK(p->initrd_size == (vm->opt->initrd ? f_initrd.size : 0));
	for (unsigned i = 0; i < vm->tdvf.nr_sections; i++) {
		if (vm->tdvf.sec[i].type == TDVF_SECTION_PAYLOAD)
			pay = (int)i;
		if (vm->tdvf.sec[i].type == TDVF_SECTION_PAYLOAD_PARAM)
			par = (int)i;
	}
	CHECK(vm->payload_in_section == (pay >= 0));
	for (unsigned i = 0; i < 3; i++) {
		if (i == 1 && !p->initrd_size)
			continue;
		CHECK(!(r[i].start & (PAGE - 1)) && r[i].end > r[i].start && in_ram(r[i]));
		CHECK(!overlaps(r[i], (struct range){ RELOC_BASE, RELOC_END }));
		for (unsigned j = 0; j < i; j++)
			CHECK(!overlaps(r[i], r[j]));
		for (unsigned s = 0; s < vm->tdvf.nr_sections; s++) {
			struct range sr = sec_range(&vm->tdvf.sec[s]);

			if ((int)s == pay && i < 2)
				CHECK(inside(r[i], sr));
			else if ((int)s == pay || (int)s == par)
				CHECK(!overlaps(r[i], sr) || inside(r[i], sr));
			else
				CHECK(!overlaps(r[i], sr));
		}
	}
	if (pay >= 0)
		CHECK(inside(r[2], sec_range(&vm->tdvf.sec[pay])) ||
		      (par >= 0 && inside(r[2], sec_range(&vm->tdvf.sec[par]))));
	/* the firmware wants the initrd below initrd_addr_max (boot protocol
	 * 2.03+), read here from the file, not from hob.c */
	for (unsigned i = 0; i < sizeof(h); i++)
		h[i] = file_byte(&f_kernel, 0x200 + i);
	if ((h[6] | h[7] << 8) >= 0x203)
		initrd_top = (uint64_t)rd32(h + 0x2c) + 1;
	if (p->initrd_size)
		CHECK(r[1].end <= initrd_top);

	/* what hob_load_payload copied */
	const uint8_t *k = fake_ptr(p->kernel_gpa, p->kernel_size);
	const uint8_t *c = fake_ptr(p->cmdline_gpa, p->cmdline_size);

	CHECK(k && c && !memcmp(c, cmdline, p->cmdline_size));
	CHECK(!memcmp(k, f_kernel.head, f_kernel.head_len) &&
	      k[p->kernel_size - 1] == file_byte(&f_kernel, p->kernel_size - 1));
	if (p->initrd_size) {
		const uint8_t *i = fake_ptr(p->initrd_gpa, p->initrd_size);

		CHECK(i && i[0] == file_byte(&f_initrd, 0) &&
		      i[p->initrd_size - 1] == file_byte(&f_initrd, p->initrd_size - 1));
	}
}

#define MAX_HOB_RES 1024

static int res_cmp(const void *a, const void *b)
{
	const struct hob_resource *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Is every byte of r covered by the allowed ranges? */
static bool covered(struct range r, const struct range *ok, unsigned n)
{
	uint64_t cur = r.start;

	while (cur < r.end) {
		unsigned i;

		for (i = 0; i < n; i++)
			if (ok[i].start <= cur && cur < ok[i].end)
				break;
		if (i == n)
			return false;
		cur = ok[i].end;
	}
	return true;
}

static void check_hob(struct vm *vm)
{
	static const uint8_t payload_guid[16] = TETD_HOB_PAYLOAD_GUID_BYTES;
	static struct hob_resource res[MAX_HOB_RES];
	const struct tdvf_section *sec = &vm->tdvf.sec[vm->tdvf.td_hob];
	struct range hr = sec_range(sec), ok[SEAM_TDVF_MAX_SECTIONS + 1];
	const uint8_t *base;
	uint64_t off = 0, end_off = 0, ram = 0;
	unsigned nres = 0, nguid = 0, nok = 0, nreserved = 0;
	bool ended = false;
	const struct hob_handoff *phit;

	CHECK(vm->hob_gpa == sec->memory_address && in_ram(hr));
	CHECK(sec->memory_data_size >= sizeof(*phit));
	base = fake_ptr(hr.start, sec->memory_data_size);
	CHECK(base);
	phit = (const struct hob_handoff *)base;
	CHECK(phit->h.type == HOB_TYPE_HANDOFF && phit->h.length == sizeof(*phit));

	/* the walk: 8-aligned, nonzero, inside the section, to the end HOB */
	while (!ended) {
		struct hob_header h;

		CHECK(off % 8 == 0 && sec->memory_data_size - off >= sizeof(h));
		memcpy(&h, base + off, sizeof(h));
		CHECK(h.length >= sizeof(h) && h.length % 8 == 0 &&
		      h.length <= sec->memory_data_size - off);
		switch (h.type) {
		case HOB_TYPE_HANDOFF:
			CHECK(off == 0);
			break;
		case HOB_TYPE_RESOURCE_DESCRIPTOR:
			CHECK(h.length == sizeof(struct hob_resource) && nres < MAX_HOB_RES);
			memcpy(&res[nres++], base + off, sizeof(struct hob_resource));
			break;
		case HOB_TYPE_GUID_EXTENSION: {
			struct tetd_hob_payload pl;

			CHECK(h.length == sizeof(struct hob_guid) + sizeof(pl) && !nguid++);
			CHECK(!memcmp(base + off + 8, payload_guid, 16));
			memcpy(&pl, base + off + sizeof(struct hob_guid), sizeof(pl));
			CHECK(pl.kernel_gpa == vm->payload.kernel_gpa &&
			      pl.kernel_size == vm->payload.kernel_size &&
			      pl.initrd_gpa == vm->payload.initrd_gpa &&
			      pl.initrd_size == vm->payload.initrd_size &&
			      pl.cmdline_gpa == vm->payload.cmdline_gpa &&
			      pl.cmdline_size == vm->payload.cmdline_size &&
			      pl.num_vcpus == vm->nr_vcpus && pl.flags == 0);
			break;
		}
		case HOB_TYPE_END_OF_HOB_LIST:
			CHECK(h.length == sizeof(h));
			end_off = off;
			ended = true;
			break;
		default:
			CHECK(!"a HOB type tetdh does not write");
		}
		off += h.length;
	}
	CHECK(nguid == 1);
	CHECK(phit->version == 9 && phit->boot_mode == 0 &&
	      phit->memory_bottom == hr.start && phit->memory_top == hr.end &&
	      phit->free_memory_bottom == hr.start + off &&
	      phit->free_memory_top == hr.end &&
	      phit->end_of_hob_list == hr.start + end_off);

	/* PAGE.ADDed RAM: the non-AUG sections in RAM, and the payload when
	 * it is outside every section (hob.c marks its page-rounded span) */
	for (unsigned i = 0; i < vm->tdvf.nr_sections; i++) {
		const struct tdvf_section *s = &vm->tdvf.sec[i];

		if (!(s->attributes & TDVF_ATTR_PAGE_AUG) && in_ram(sec_range(s)))
			ok[nok++] = sec_range(s);
	}
	if (!vm->payload_in_section)
		ok[nok++] = (struct range){ vm->payload.kernel_gpa,
			(vm->payload.cmdline_gpa + vm->payload.cmdline_size + PAGE - 1) & ~(PAGE - 1) };

	qsort(res, nres, sizeof(res[0]), res_cmp);
	for (unsigned i = 0; i < nres; i++) {
		const struct hob_resource *r = &res[i];
		struct range rr = { r->start, r->start + r->length };

		CHECK(r->length && rr.end > rr.start);
		CHECK(!i || res[i - 1].start + res[i - 1].length <= r->start); /* disjoint */
		switch (r->resource_type) {
		case HOB_RES_MEMORY_RESERVED:
			CHECK(r->attributes == (HOB_RES_ATTR_PRESENT | HOB_RES_ATTR_INITIALIZED));
			CHECK(rr.start == VMM_HIGH_BASE - vm->image.size && rr.end == VMM_HIGH_BASE);
			nreserved++;
			break;
		case HOB_RES_SYSTEM_MEMORY:
			CHECK(covered(rr, ok, nok));
			/* fall through */
		case HOB_RES_MEMORY_UNACCEPTED:
			CHECK(r->attributes == (HOB_RES_ATTR_PRESENT | HOB_RES_ATTR_INITIALIZED |
						HOB_RES_ATTR_TESTED));
			CHECK(in_ram(rr));
			ram += r->length;
			break;
		default:
			CHECK(!"a resource type tetdh does not write");
		}
	}
	CHECK(nreserved == 1 && ram == g_mem);    /* RAM covered exactly once */

	/* nothing PAGE.ADDed may be handed out as unaccepted, nothing AUGed
	 * as present */
	for (unsigned i = 0; i < nres; i++) {
		struct range rr = { res[i].start, res[i].start + res[i].length };

		if (res[i].resource_type != HOB_RES_MEMORY_UNACCEPTED)
			continue;
		for (unsigned j = 0; j < nok; j++)
			CHECK(!overlaps(rr, ok[j]));
	}
}

/* ------------------------------------------------------ the input */

struct reader {
	const uint8_t *p;
	size_t left;
};

static uint64_t take_le(struct reader *r, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n && r->left; i++, r->left--)
		v |= (uint64_t)*r->p++ << (8 * i);
	return v;
}

static const uint8_t *take_field(struct reader *r, size_t *len)
{
	const uint8_t *p;

	*len = take_le(r, 4);
	if (*len > r->left)
		*len = r->left;
	p = r->p;
	r->p += *len;
	r->left -= *len;
	return p;
}

/* Inputs that got as far as a checked TD HOB (the unit smoke test,
 * tests/unit/test_tetdh_layout_smoke.c, counts them). */
static unsigned long fuzz_runs_complete;

static uint64_t fold(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v >= lo && v <= hi ? v : lo + v % (hi - lo + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vm vm;
	static struct vmm_options opt;
	static char cmdline[2 * TETD_CMDLINE_MAX];
	struct reader rd = { data, size };
	uint64_t mem, ksize, isize, added = 0;
	uint32_t image_size;
	unsigned smp, before;
	const uint8_t *tail, *head, *cl;
	size_t tail_len, head_len, cl_len;
	bool built = false;

	mem = take_le(&rd, 8);
	ksize = take_le(&rd, 8);
	isize = take_le(&rd, 8);
	image_size = (uint32_t)take_le(&rd, 4);
	smp = 1 + (unsigned)(take_le(&rd, 2) % VMM_MAX_VCPUS);
	tail = take_field(&rd, &tail_len);
	head = take_field(&rd, &head_len);
	cl = take_field(&rd, &cl_len);

	mem = mem & BIT63 ? fold(mem & ~BIT63, VMM_MEM_MIN, VMM_MEM_MAX)
			  : fold(mem, VMM_MEM_MIN, FUZZ_MEM_CAP);
	mem &= ~(PAGE - 1);
	ksize = ksize & BIT63 ? ksize & ~BIT63 : ksize % (256 * MiB);
	isize = isize & BIT63 ? isize & ~BIT63 : isize % (2 * GiB);
	image_size = image_size & (1u << 31) ? image_size & ~(1u << 31)
		     : (uint32_t)fold(image_size, PAGE, 4 * MiB) & ~(uint32_t)(PAGE - 1);
	if (cl_len >= sizeof(cmdline))
		cl_len = sizeof(cmdline) - 1;
	memcpy(cmdline, cl, cl_len);
	cmdline[cl_len] = 0;

	f_image.size = image_size;
	f_image.tail_len = tail_len < image_size ? tail_len : image_size;
	f_image.tail = tail + (tail_len - f_image.tail_len);
	f_kernel.size = ksize > head_len ? ksize : head_len;
	f_kernel.head = head;
	f_kernel.head_len = head_len;
	f_initrd.size = isize;
	if (isize < f_initrd.head_len + f_initrd.tail_len)
		f_initrd.head_len = f_initrd.tail_len = 0;  /* tiny: all zeros */
	else
		f_initrd.head_len = 11, f_initrd.tail_len = 3;

	memset(&vm, 0, sizeof(vm));
	opt = (struct vmm_options){
		.bios = f_image.path, .kernel = f_kernel.path,
		.initrd = isize ? f_initrd.path : NULL, .append = cmdline,
		.mem = mem, .smp = smp,
	};
	vm.opt = &opt;
	vm.nr_vcpus = smp;
	vm.kvm_fd = vm.vm_fd = -1;
	cur_vm = &vm;
	g_mem = mem;
	nr_msgs = 0;
	mem_zero_cache_reset();          /* mappings of the last run are gone */

/* A failing step must have said why (docs/tetdh.md: one line, exit 1). */
#define STEP(call) do { before = nr_msgs; if (call) { CHECK(nr_msgs > before); goto out; } } while (0)

	STEP(td_read_image(&vm, opt.bios));
	mem_layout(&vm, opt.mem);
#ifdef TETDH_TETD_H                      /* the TETD host extension, if built in */
	tetd_zone_setup(&vm);
#endif
	STEP(hob_place_payload(&vm));
	if (fake_mem_init(&vm))
		goto out;
	STEP(td_check_layout(&vm));
	for (unsigned i = 0; i < vm.tdvf.nr_sections; i++)
		if (!(vm.tdvf.sec[i].attributes & TDVF_ATTR_PAGE_AUG))
			added += vm.tdvf.sec[i].memory_data_size;
	if (added <= FUZZ_MAX_ADDED) {
		/* the layout passed its check, so the build must not fail */
		CHECK(td_build(&vm) == 0);
		built = true;
	} else {
		mem_accessor(&vm, &vm.td_mem);
	}
	STEP(hob_load_payload(&vm));
	STEP(hob_build(&vm));
	if (built)
		CHECK(td_finalize(&vm) == 0);
	check_payload(&vm, cmdline);
	check_hob(&vm);
	fuzz_runs_complete++;
out:
	seam_td_destroy(&vm.td);
	free(vm.image.data);
	fake_free();
	return 0;
}
