// SPDX-License-Identifier: MIT
/*
 * tetdh/vmm/td.c - building the TD the way a TDX host does, with libseam
 * playing the TDX module (docs/seam.md "How a VMM uses it"):
 *
 *   seam_tdvf_parse        the image's TDVF metadata (untrusted input)
 *   seam_td_init           TDH.MNG.INIT: ATTRIBUTES, XFAM, GPAW, MAX_VCPUS
 *   seam_pages_add_range   every memory slot is private TD memory
 *   seam_td_add_vcpu       TDH.VP.INIT, one per vCPU
 *   seam_td_load_image     TDH.MEM.PAGE.ADD (+ TDH.MR.EXTEND) of every
 *                          page of every non-PAGE.AUG section, in TDVF order
 *   (hob.c writes the TD HOB into its section: not part of MRTD)
 *   seam_td_finalize       TDH.MR.FINALIZE: MRTD fixed, TD runnable
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm.h"

#define IMAGE_MAX VMM_IMAGE_MAX

int td_read_image(struct vm *vm, const char *path)
{
	char msg[SEAM_MSG_LEN];
	uint64_t size;
	int err;

	if (vmm_file_size(path, "-bios", &size))
		return -1;
	if (size < 4 * KiB || size > IMAGE_MAX || size % (4 * KiB)) {
		vmm_msg("-bios %s: %llu bytes; a TD image is a multiple of 4 KiB "
			"between 4 KiB and %llu MiB", path, (unsigned long long)size,
			IMAGE_MAX / MiB);
		return -1;
	}
	vm->image.path = path;
	vm->image.size = size;
	vm->image.data = malloc(size);
	if (!vm->image.data) {
		vmm_msg("-bios %s: out of memory", path);
		return -1;
	}
	if (vmm_file_read(path, "-bios", vm->image.data, size))
		return -1;
	err = seam_tdvf_parse(vm->image.data, size, &vm->tdvf, msg, sizeof(msg));
	if (err) {
		vmm_msg("-bios %s: not a usable TD image: %s (%s)", path, msg,
			seam_tdvf_err_name(err));
		return -1;
	}
	if (vm->tdvf.td_hob < 0) {
		vmm_msg("-bios %s: the TDVF metadata has no TD_HOB section: tetdh "
			"has nowhere to put the memory map and payload", path);
		return -1;
	}
	return 0;
}

/* Every section must land in guest memory; the TD HOB in RAM, measured
 * by address only (PAGE.ADD), never PAGE.AUG (accepting it would zero
 * what we wrote). */
int td_check_layout(struct vm *vm)
{
	for (unsigned i = 0; i < vm->tdvf.nr_sections; i++) {
		const struct tdvf_section *s = &vm->tdvf.sec[i];

		if (!mem_ptr(vm, s->memory_address, s->memory_data_size)) {
			vmm_msg("-bios %s: TDVF section %u (%s) at 0x%llx+0x%llx is "
				"outside guest memory (RAM: 0..0x%llx%s; image region "
				"0x%llx..4 GiB)%s", vm->image.path, i,
				seam_tdvf_type_name(s->type),
				(unsigned long long)s->memory_address,
				(unsigned long long)s->memory_data_size,
				(unsigned long long)vm->low_top,
				vm->high_size ? " and above 4 GiB" : "",
				(unsigned long long)(VMM_HIGH_BASE - vm->image.size),
				s->memory_address < VMM_LOW_RAM_MAX ? ": use a larger -m" : "");
			return -1;
		}
	}
	const struct tdvf_section *h = &vm->tdvf.sec[vm->tdvf.td_hob];
	if (!mem_is_ram(vm, h->memory_address, h->memory_data_size) ||
	    (h->attributes & TDVF_ATTR_PAGE_AUG)) {
		vmm_msg("-bios %s: the TD_HOB section must be PAGE.ADDed RAM "
			"(0x%llx+0x%llx, attributes 0x%x)", vm->image.path,
			(unsigned long long)h->memory_address,
			(unsigned long long)h->memory_data_size, h->attributes);
		return -1;
	}
	vm->hob_gpa = h->memory_address;
	return 0;
}

int td_build(struct vm *vm)
{
	struct seam_td_config cfg = {
		.attributes = 0,
		.xfam = cpu_xfam(vm),
		.gpaw = VMM_GPAW,
		.max_vcpus = vm->nr_vcpus,
		.state_dir = vm->opt->state_dir,
	};
	uint64_t st;

	if (td_check_layout(vm))
		return -1;
	if (seam_td_init(&vm->td, &cfg)) {
		vmm_msg("TDH.MNG.INIT (seam_td_init) failed");
		return -1;
	}
	mem_accessor(vm, &vm->td_mem);
	for (unsigned i = 0; i < vm->nr_slots; i++)
		if (seam_pages_add_range(&vm->td.pages, vm->slot[i].gpa, vm->slot[i].size)) {
			vmm_msg("seam: cannot declare %s 0x%llx+0x%llx private",
				vm->slot[i].name, (unsigned long long)vm->slot[i].gpa,
				(unsigned long long)vm->slot[i].size);
			return -1;
		}
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		if (seam_td_add_vcpu(&vm->td) != (int)i) {
			vmm_msg("TDH.VP.INIT of vCPU %u failed", i);
			return -1;
		}
	st = seam_td_load_image(&vm->td, &vm->td_mem, &vm->tdvf, vm->image.data,
				vm->image.size);
	if (st) {
		vmm_msg("-bios %s: laying out the TDVF sections failed: TDX status "
			"0x%016llx", vm->image.path, (unsigned long long)st);
		return -1;
	}
	return 0;
}

int td_finalize(struct vm *vm)
{
	char hex[2 * SEAM_SHA384_LEN + 1];
	uint64_t st = seam_td_finalize(&vm->td);

	if (st) {
		vmm_msg("TDH.MR.FINALIZE failed: TDX status 0x%016llx",
			(unsigned long long)st);
		return -1;
	}
	memcpy(vm->mrtd, vm->td.mrtd.value, sizeof(vm->mrtd));
	vmm_hex(hex, vm->mrtd, sizeof(vm->mrtd));
	vmm_msg("MRTD %s", hex);
	return 0;
}
