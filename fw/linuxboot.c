/* SPDX-License-Identifier: MIT */
/*
 * fw/linuxboot.c - bzImage parsing and zero-page construction for the
 * 64-bit boot protocol. The kernel and its header are untrusted input
 * (they come from the VMM): every field used is range-checked here, and
 * every rejection says which field and why.
 */
#include "linuxboot.h"
#include "fwstring.h"

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16; }
static uint64_t rd64(const uint8_t *p) { return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static void wr32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void wr64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

int bzimage_parse(const uint8_t *setup, size_t setup_len, uint64_t pm_len,
		  struct bzimage_info *bi, const char **why)
{
	memset(bi, 0, sizeof(*bi));
	if (setup_len < BZ_HEADER + 4 || memcmp(setup + BZ_HEADER, "HdrS", 4) != 0) {
		*why = "not a bzImage (no \"HdrS\" setup header signature at 0x202)";
		return -1;
	}
	if (setup_len < BZ_MIN_HEADER_END + 4) {
		*why = "setup header truncated";
		return -1;
	}
	if (rd16(setup + BZ_BOOT_FLAG) != 0xaa55) {
		*why = "not a bzImage (boot_flag at 0x1fe is not 0xaa55)";
		return -1;
	}
	bi->version = rd16(setup + BZ_VERSION);
	if (bi->version < 0x020c) {
		*why = "boot protocol older than 2.12 (no 64-bit entry point)";
		return -1;
	}
	unsigned sects = setup[BZ_SETUP_SECTS] ? setup[BZ_SETUP_SECTS] : 4;
	bi->setup_size = (sects + 1) * 512;
	if (setup_len < bi->setup_size) {
		*why = "truncated: setup is shorter than setup_sects says";
		return -1;
	}
	bi->hdr_end = BZ_HEADER + setup[BZ_JUMP + 1];
	if (bi->hdr_end < BZ_MIN_HEADER_END || bi->hdr_end > BP_HDR_MAX_END || bi->hdr_end > setup_len) {
		*why = "setup header length (jump offset at 0x201) out of range";
		return -1;
	}
	uint32_t syssize = rd32(setup + BZ_SYSSIZE);
	bi->pm_size = (uint64_t)syssize * 16;
	if (bi->pm_size == 0) {
		*why = "syssize is zero (no protected-mode kernel)";
		return -1;
	}
	if (pm_len < bi->pm_size) {
		*why = "truncated: fewer protected-mode bytes than syssize says";
		return -1;
	}
	if (!(setup[BZ_LOADFLAGS] & LOADFLAGS_LOADED_HIGH)) {
		*why = "kernel is not loaded-high (zImage): unsupported";
		return -1;
	}
	if (!(rd16(setup + BZ_XLOADFLAGS) & XLF_KERNEL_64)) {
		*why = "kernel has no 64-bit entry point (XLF_KERNEL_64 clear)";
		return -1;
	}
	bi->kernel_alignment = rd32(setup + BZ_KERNEL_ALIGN);
	bi->relocatable = setup[BZ_RELOCATABLE] != 0;
	if (bi->kernel_alignment == 0 || (bi->kernel_alignment & (bi->kernel_alignment - 1)) ||
	    bi->kernel_alignment > 0x40000000u) {
		*why = "kernel_alignment is not a power of two up to 1 GiB";
		return -1;
	}
	bi->pref_address = rd64(setup + BZ_PREF_ADDRESS);
	bi->init_size = rd32(setup + BZ_INIT_SIZE);
	if (bi->init_size < bi->pm_size) {
		*why = "init_size is smaller than the kernel itself";
		return -1;
	}
	if (bi->pref_address & 0xfff || bi->pref_address >= 0x100000000ull ||
	    bi->pref_address + bi->init_size > 0x100000000ull) {
		*why = "pref_address is unaligned or the kernel would not fit below 4 GiB";
		return -1;
	}
	bi->cmdline_size = rd32(setup + BZ_CMDLINE_SIZE);
	bi->initrd_addr_max = rd32(setup + BZ_INITRD_ADDR_MAX);
	return 0;
}

void bzimage_canonicalize(uint8_t *setup, const struct bzimage_info *bi)
{
	setup[BZ_TYPE_OF_LOADER] = 0;
	setup[BZ_LOADFLAGS] &= (uint8_t)~LOADFLAGS_LOADER_BITS;
	memset(setup + BZ_RAMDISK_IMAGE, 0, 8);
	memset(setup + BZ_HEAP_END_PTR, 0, 2);
	setup[BZ_EXT_LOADER_VER] = 0;
	setup[BZ_EXT_LOADER_TYPE] = 0;
	memset(setup + BZ_CMD_LINE_PTR, 0, 4);
	if (bi->hdr_end >= BZ_SETUP_DATA + 8)
		memset(setup + BZ_SETUP_DATA, 0, 8);
}

int bootparams_build(uint8_t *bp, const uint8_t *setup, const struct bzimage_info *bi,
		     const struct bootparams_args *a, const char **why)
{
	memset(bp, 0, BP_SIZE);
	memcpy(bp + BP_HDR, setup + BP_HDR, bi->hdr_end - BP_HDR);
	bzimage_canonicalize(bp, bi);
	bp[BZ_TYPE_OF_LOADER] = 0xff; /* undefined loader id (boot.rst) */

	if (a->cmdline_pa >= 0x100000000ull) {
		*why = "command line must live below 4 GiB";
		return -1;
	}
	wr32(bp + BZ_CMD_LINE_PTR, (uint32_t)a->cmdline_pa);
	if (a->initrd_size) {
		wr32(bp + BZ_RAMDISK_IMAGE, (uint32_t)a->initrd_pa);
		wr32(bp + BZ_RAMDISK_SIZE, (uint32_t)a->initrd_size);
		wr32(bp + BP_EXT_RAMDISK_IMAGE, (uint32_t)(a->initrd_pa >> 32));
		wr32(bp + BP_EXT_RAMDISK_SIZE, (uint32_t)(a->initrd_size >> 32));
	}
	if (a->setup_data_pa && bi->hdr_end >= BZ_SETUP_DATA + 8)
		wr64(bp + BZ_SETUP_DATA, a->setup_data_pa);
	wr64(bp + BP_ACPI_RSDP_ADDR, a->rsdp_pa);

	if (a->mm->n > BP_E820_MAX) {
		*why = "memory map has more entries than the zero page holds";
		return -1;
	}
	bp[BP_E820_ENTRIES] = (uint8_t)a->mm->n;
	memcpy(bp + BP_E820_TABLE, a->mm->e, a->mm->n * sizeof(struct e820_entry));
	return 0;
}
