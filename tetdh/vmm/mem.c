// SPDX-License-Identifier: MIT
/*
 * tetdh/vmm/mem.c - guest memory. Three kinds of slot, each one anonymous
 * mapping and one KVM memory slot:
 *
 *   ram-low   [0, min(-m, 3 GiB))         RAM
 *   ram-high  [4 GiB, 4 GiB + the rest)   RAM, only when -m > 3 GiB
 *   image     [4 GiB - image size, 4 GiB) the TDVF image region: BFV/CFV
 *             pages, filled by TDH.MEM.PAGE.ADD like any private page
 *
 * Everything else (3 GiB .. image, the APIC pages) is not memory: KVM
 * handles the APICs, ioport.c answers the rest as absent.
 *
 * Which slots exist (mem_slots) is kept apart from how they are backed
 * (add_slot: mmap + KVM), so tests/fuzz/fuzz_tetdh_layout.c can lay the
 * same slots over its own guarded mappings without /dev/kvm.
 *
 * When the image declares a TETD zone inside low RAM, ram-low is one host
 * mapping but three KVM slots: below the zone, the zone (its own slot,
 * MEM_KVM_ZONE_SLOT), above it. Sealing deletes only the zone's slot, so
 * the rest of RAM never blinks while other vCPUs run; the TD's accessor
 * below refuses the sealed zone too (tetdh/tetd/zone.c).
 *
 * The seam accessor: libseam never dereferences a GPA; it calls these,
 * and they refuse (touch nothing, return -1) any range that is not
 * entirely inside guest memory. A range may span adjacent slots (the
 * image region ends where high RAM begins).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vmm.h"

/* KVM slot ids beyond the host-view slots: ram-low's piece above the
 * zone, and the zone itself. */
#define MEM_KVM_ABOVE_ZONE_SLOT (MEM_MAX_SLOTS + 0)
#define MEM_KVM_ZONE_SLOT       (MEM_MAX_SLOTS + 1)

/* Register a host slot with KVM, cut around the zone when it lies inside. */
static int kvm_map_slot(struct vm *vm, unsigned id, const struct mem_slot *s)
{
	const struct tetd_host *h = &vm->tetd;
	struct mem_slot below = *s, zone = *s, above = *s;

	if (!h->zone_present || h->zone_gpa < s->gpa ||
	    h->zone_gpa + h->zone_size > s->gpa + s->size)
		return kvm_add_slot(vm, id, s);
	below.size = h->zone_gpa - s->gpa;
	zone.gpa = h->zone_gpa;
	zone.size = h->zone_size;
	zone.host = s->host + (h->zone_gpa - s->gpa);
	zone.name = "zone";
	above.gpa = h->zone_gpa + h->zone_size;
	above.size = s->gpa + s->size - above.gpa;
	above.host = s->host + (above.gpa - s->gpa);
	if (below.size && kvm_add_slot(vm, id, &below))
		return -1;
	if (above.size && kvm_add_slot(vm, MEM_KVM_ABOVE_ZONE_SLOT, &above))
		return -1;
	return kvm_add_slot(vm, MEM_KVM_ZONE_SLOT, &zone);
}

int mem_zone_unmap(struct vm *vm)
{
	struct mem_slot gone = { .gpa = vm->tetd.zone_gpa, .size = 0,
				 .host = NULL, .name = "zone (sealed)" };

	return kvm_add_slot(vm, MEM_KVM_ZONE_SLOT, &gone);
}

static int add_slot(struct vm *vm, const char *name, uint64_t gpa, uint64_t size)
{
	struct mem_slot *s = &vm->slot[vm->nr_slots];
	void *p;

	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		vmm_msg("cannot map %llu MiB of guest memory (%s): %s",
			(unsigned long long)(size >> 20), name, strerror(errno));
		return -1;
	}
	/* Large pages make the nested (host VM) page walks cheaper. */
	madvise(p, size, MADV_HUGEPAGE);
	s->gpa = gpa;
	s->size = size;
	s->host = p;
	s->name = name;
	if (kvm_map_slot(vm, vm->nr_slots, s))
		return -1;
	vm->nr_slots++;
	return 0;
}

void mem_layout(struct vm *vm, uint64_t mem)
{
	vm->low_top = mem < VMM_LOW_RAM_MAX ? mem : VMM_LOW_RAM_MAX;
	vm->high_size = mem - vm->low_top;
}

unsigned mem_slots(const struct vm *vm, uint64_t image_size,
		   struct mem_slot s[MEM_MAX_SLOTS])
{
	unsigned n = 0;

	s[n++] = (struct mem_slot){ .gpa = 0, .size = vm->low_top, .name = "ram-low" };
	if (vm->high_size)
		s[n++] = (struct mem_slot){ .gpa = VMM_HIGH_BASE, .size = vm->high_size,
					    .name = "ram-high" };
	s[n++] = (struct mem_slot){ .gpa = VMM_HIGH_BASE - image_size, .size = image_size,
				    .name = "image" };
	return n;
}

int mem_init(struct vm *vm, uint64_t image_size)
{
	struct mem_slot s[MEM_MAX_SLOTS];
	unsigned n = mem_slots(vm, image_size, s);

	for (unsigned i = 0; i < n; i++)
		if (add_slot(vm, s[i].name, s[i].gpa, s[i].size))
			return -1;
	return 0;
}

static struct mem_slot *slot_of(struct vm *vm, uint64_t gpa)
{
	for (unsigned i = 0; i < vm->nr_slots; i++)
		if (gpa >= vm->slot[i].gpa && gpa - vm->slot[i].gpa < vm->slot[i].size)
			return &vm->slot[i];
	return NULL;
}

void *mem_ptr(struct vm *vm, uint64_t gpa, uint64_t len)
{
	struct mem_slot *s = slot_of(vm, gpa);

	if (!s || len > s->size - (gpa - s->gpa))
		return NULL;
	return s->host + (gpa - s->gpa);
}

bool mem_is_ram(const struct vm *vm, uint64_t gpa, uint64_t len)
{
	if (gpa + len < gpa)
		return false;
	if (gpa + len <= vm->low_top)
		return true;
	return gpa >= VMM_HIGH_BASE && gpa + len <= VMM_HIGH_BASE + vm->high_size;
}

/* Walks [gpa, gpa+len) slot by slot; -1 before any copy if a byte of it
 * is not guest memory. */
static int access_range(struct vm *vm, uint64_t gpa, uint8_t *buf, size_t len,
			bool write)
{
	uint64_t g = gpa;
	size_t left = len;

	if (gpa + len < gpa)
		return -1;
	while (left) {                         /* check first */
		struct mem_slot *s = slot_of(vm, g);
		uint64_t n;

		if (!s)
			return -1;
		n = s->size - (g - s->gpa);
		if (n > left)
			n = left;
		g += n;
		left -= n;
	}
	for (g = gpa, left = len; left;) {     /* then copy */
		struct mem_slot *s = slot_of(vm, g);
		uint64_t n = s->size - (g - s->gpa);
		uint8_t *h = s->host + (g - s->gpa);

		if (n > left)
			n = left;
		if (write)
			memcpy(h, buf, n);
		else
			memcpy(buf, h, n);
		buf += n;
		g += n;
		left -= n;
	}
	return 0;
}

static int td_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct vm *vm = opaque;

	if (tetd_zone_hit(vm, gpa, len)) {
		atomic_fetch_add(&vm->tetd.violations_operand, 1);
		tetd_zone_violation(vm, -1, "TDCALL operand", gpa, len, false);
		return -1;
	}
	return access_range(opaque, gpa, buf, len, false);
}

/*
 * TDG.MEM.PAGE.ACCEPT zeroes every page it accepts (libseam writes 4 KiB
 * of zeros per page), which for all of RAM is the firmware's longest step
 * when the host is itself emulated (tools/hostvm: ~120 MB/s). A page of an
 * anonymous mapping that is neither present nor swapped out reads as
 * zeros already, so such a write can be skipped: /proc/self/pagemap
 * (bits 63 present, 62 swapped) says which, read once per 2 MiB.
 * The cache lives for one TDCALL (mem_zero_cache_reset, under td_lock).
 */
#define PAGEMAP_PRESENT (1ull << 63)
#define PAGEMAP_SWAPPED (1ull << 62)

static struct {
	bool opened;
	int fd;
	uintptr_t chunk;        /* host VA of the cached 2 MiB, 0 = none */
	uint64_t entry[512];
} pagemap;

void mem_zero_cache_reset(void)
{
	pagemap.chunk = 0;
}

static bool page_untouched(const uint8_t *host)
{
	uintptr_t va = (uintptr_t)host, chunk = va & ~(uintptr_t)(2 * MiB - 1);

	if (!pagemap.opened) {
		pagemap.opened = true;
		pagemap.fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	}
	if (pagemap.fd < 0)
		return false;
	if (pagemap.chunk != chunk) {
		if (pread(pagemap.fd, pagemap.entry, sizeof(pagemap.entry),
			  (off_t)(chunk / 4096 * 8)) != sizeof(pagemap.entry))
			return false;
		pagemap.chunk = chunk;
	}
	return !(pagemap.entry[(va - chunk) / 4096] & (PAGEMAP_PRESENT | PAGEMAP_SWAPPED));
}

static bool all_zero(const uint8_t *p, size_t n)
{
	static const uint8_t zero[4096];

	return n <= sizeof(zero) && !memcmp(p, zero, n);
}

static int td_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	struct vm *vm = opaque;
	uint8_t *host;

	if (tetd_zone_hit(vm, gpa, len)) {
		atomic_fetch_add(&vm->tetd.violations_operand, 1);
		tetd_zone_violation(vm, -1, "TDCALL operand", gpa, len, true);
		return -1;
	}
	if (len == 4096 && !(gpa & 4095) && (host = mem_ptr(vm, gpa, len)) &&
	    page_untouched(host) && all_zero(buf, len))
		return 0;
	mem_zero_cache_reset();            /* this write makes pages present */
	return access_range(vm, gpa, (uint8_t *)buf, len, true);
}

/*
 * The TD's view. The TETD host extension narrows it once the zone is
 * sealed (zone pages are then reachable only from the agent world).
 */
void mem_accessor(struct vm *vm, struct seam_guest_mem *m)
{
	m->opaque = vm;
	m->read = td_read;
	m->write = td_write;
}
