// SPDX-License-Identifier: MIT
/*
 * tools/attest/measure_vmm.c - the TD HOB exactly as tetdh builds it, without
 * KVM: tetdh's own pre-vCPU code (tetdh/vmm/options.c, td.c, mem.c, hob.c,
 * linked unmodified) in main.c's order, the way
 * tests/fuzz/fuzz_tetdh_layout.c runs it:
 *
 *   options_parse (-m, -smp: tetdh's syntax, limits and messages)
 *   td_read_image  mem_layout  hob_place_payload
 *   (mem_init: here the same mem_slots as PROT_NONE reservations)
 *   td_check_layout  hob_build (its one write, the HOB, is captured)
 *
 * main.c also calls tetd_zone_setup (tetdh/tetd/zone.c) between
 * mem_layout and hob_place_payload: it only records the zone for the KVM
 * slots and the seal, nothing the HOB depends on, and zone.c brings the
 * agent world (KVM) with it; the zone comes from the parsed metadata here.
 * What main.c, the KVM files and zone.c would provide is below: the files
 * come from memory (the initrd only by size: nothing here reads it),
 * messages are kept for the caller instead of printed, nothing is sealed.
 * No guest page is touched.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "vmm.h"
#include "measure.h"

static char last_msg[512];

void vmm_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	va_end(ap);
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

struct mem_file {
	const char *path;
	const uint8_t *data;        /* NULL: size only */
	uint64_t size;
};

static struct mem_file files[3];

static const struct mem_file *file_of(const char *path)
{
	for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (files[i].path && !strcmp(files[i].path, path))
			return &files[i];
	return NULL;
}

int vmm_file_size(const char *path, const char *opt, uint64_t *size)
{
	const struct mem_file *f = file_of(path);

	if (!f) {
		vmm_msg("%s %s: not an input of this computation", opt, path);
		return -1;
	}
	if (!f->size) {                      /* main.c's wording */
		vmm_msg("%s %s: empty file", opt, path);
		return -1;
	}
	*size = f->size;
	return 0;
}

int vmm_file_read(const char *path, const char *opt, void *buf, uint64_t size)
{
	const struct mem_file *f = file_of(path);

	if (!f || !f->data || size > f->size) {
		vmm_msg("%s %s: not readable here", opt, path);
		return -1;
	}
	memcpy(buf, f->data, size);
	return 0;
}

uint64_t cpu_xfam(struct vm *vm)
{
	(void)vm;
	return 0;                           /* td_build is not run here */
}

int kvm_add_slot(struct vm *vm, unsigned id, const struct mem_slot *s)
{
	(void)vm; (void)id; (void)s;
	vmm_msg("KVM is not used to compute the TD HOB");
	return -1;
}

void vm_stop(struct vm *vm, int status, const char *fmt, ...)
{
	(void)vm; (void)status; (void)fmt;
}

/* mem.c's TD accessor asks these; no vCPU ever ran, nothing is sealed. */
bool tetd_zone_hit(const struct vm *vm, uint64_t gpa, uint64_t len)
{
	(void)vm; (void)gpa; (void)len;
	return false;
}

void tetd_zone_violation(struct vm *vm, int vcpu, const char *what, uint64_t gpa,
			 uint64_t len, bool write)
{
	(void)vm; (void)vcpu; (void)what; (void)gpa; (void)len; (void)write;
}

/* The TD's view of memory during hob_build: the one write it makes. */
struct capture {
	struct measure_hob *out;
	uint64_t gpa;
	int writes;
};

static int cap_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	(void)opaque; (void)gpa; (void)buf; (void)len;
	return -1;
}

static int cap_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	struct capture *c = opaque;

	if (c->writes++ || gpa != c->gpa || !len)
		return -1;
	c->out->hob = malloc(len);
	if (!c->out->hob)
		return -1;
	memcpy(c->out->hob, buf, len);
	c->out->len = len;
	return 0;
}

int measure_vmm_hob(const struct measure_input *in, const char *cmdline,
		    struct measure_hob *out, char *msg, size_t msglen)
{
	struct vm *vm = calloc(1, sizeof(*vm));
	struct vmm_options opt;
	struct mem_slot s[MEM_MAX_SLOTS];
	void *map[MEM_MAX_SLOTS] = { 0 };
	struct capture cap = { .out = out };
	const char *argv[16];
	int argc = 0, ret = -1;
	unsigned n;

	memset(out, 0, sizeof(*out));
	last_msg[0] = 0;
	if (!vm) {
		snprintf(msg, msglen, "out of memory");
		return -1;
	}
	argv[argc++] = "tetdh";
	argv[argc++] = "-bios";
	argv[argc++] = in->image_path;
	argv[argc++] = "-kernel";
	argv[argc++] = in->kernel_path;
	if (in->have_initrd) {
		argv[argc++] = "-initrd";
		argv[argc++] = in->initrd_path;
	}
	argv[argc++] = "-append";
	argv[argc++] = cmdline;
	argv[argc++] = "-m";
	argv[argc++] = in->mem;
	argv[argc++] = "-smp";
	argv[argc++] = in->smp;
	argv[argc] = NULL;
	options_parse(argc, (char **)argv, &opt);   /* exits 1 on a value tetdh refuses */

	files[0] = (struct mem_file){ in->image_path, in->image, in->image_len };
	files[1] = (struct mem_file){ in->kernel_path, in->kernel, in->kernel_len };
	files[2] = (struct mem_file){ in->have_initrd ? in->initrd_path : NULL, NULL,
				      in->initrd_size };
	vm->opt = &opt;
	vm->nr_vcpus = opt.smp;
	vm->kvm_fd = vm->vm_fd = -1;

	if (td_read_image(vm, opt.bios))
		goto out;
	mem_layout(vm, opt.mem);
	if (hob_place_payload(vm))
		goto out;
	/* mem_init's slots, reserved but never accessible: td_check_layout
	 * and hob.c only compute with their addresses. */
	n = mem_slots(vm, vm->image.size, s);
	for (unsigned i = 0; i < n; i++) {
		map[i] = mmap(NULL, s[i].size, PROT_NONE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (map[i] == MAP_FAILED) {
			map[i] = NULL;
			vmm_msg("cannot reserve %llu MiB of address space for %s",
				(unsigned long long)(s[i].size >> 20), s[i].name);
			goto out;
		}
		vm->slot[i] = s[i];
		vm->slot[i].host = map[i];
		vm->nr_slots = i + 1;
	}
	if (td_check_layout(vm))
		goto out;
	cap.gpa = vm->hob_gpa;
	vm->td_mem = (struct seam_guest_mem){ .opaque = &cap, .read = cap_read,
					      .write = cap_write };
	if (hob_build(vm))
		goto out;
	if (cap.writes != 1 || !out->hob) {
		vmm_msg("hob_build wrote %d times, expected once", cap.writes);
		goto out;
	}
	if (seam_mrtd_image(&vm->tdvf, vm->image.data, vm->image.size, out->mrtd)) {
		vmm_msg("MRTD computation failed");
		goto out;
	}
	out->hob_gpa = vm->hob_gpa;
	out->kernel_gpa = vm->payload.kernel_gpa;
	out->initrd_gpa = vm->payload.initrd_gpa;
	out->cmdline_gpa = vm->payload.cmdline_gpa;
	out->cmdline_size = vm->payload.cmdline_size;
	out->mem = opt.mem;
	out->smp = opt.smp;
	out->has_zone = vm->tdvf.zone >= 0;
	out->zone_gpa = vm->tdvf.zone_entry.base;
	out->zone_size = vm->tdvf.zone_entry.size;
	ret = 0;
out:
	if (ret) {
		snprintf(msg, msglen, "%s", last_msg[0] ? last_msg : "the TD HOB could not be built");
		free(out->hob);
		out->hob = NULL;
	}
	for (unsigned i = 0; i < MEM_MAX_SLOTS; i++)
		if (map[i])
			munmap(map[i], vm->slot[i].size);
	free(vm->image.data);
	free(vm);
	return ret;
}
