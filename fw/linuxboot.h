/* SPDX-License-Identifier: MIT */
/*
 * fw/linuxboot.h - the Linux x86 boot protocol (Documentation/arch/x86/
 * boot.rst), 64-bit entry: bzImage header parsing, the canonical form we
 * measure, and zero-page (boot_params) construction. Pure: host-testable.
 */
#ifndef FW_LINUXBOOT_H
#define FW_LINUXBOOT_H
#include <stddef.h>
#include <stdint.h>
#include "memmap.h"

/* setup header field offsets (boot.rst, "The Real-Mode Kernel Header") */
#define BZ_SETUP_SECTS     0x1f1
#define BZ_SYSSIZE         0x1f4
#define BZ_BOOT_FLAG       0x1fe
#define BZ_JUMP            0x200
#define BZ_HEADER          0x202
#define BZ_VERSION         0x206
#define BZ_TYPE_OF_LOADER  0x210
#define BZ_LOADFLAGS       0x211
#define BZ_RAMDISK_IMAGE   0x218
#define BZ_RAMDISK_SIZE    0x21c
#define BZ_HEAP_END_PTR    0x224
#define BZ_EXT_LOADER_VER  0x226
#define BZ_EXT_LOADER_TYPE 0x227
#define BZ_CMD_LINE_PTR    0x228
#define BZ_INITRD_ADDR_MAX 0x22c
#define BZ_KERNEL_ALIGN    0x230
#define BZ_RELOCATABLE     0x234
#define BZ_XLOADFLAGS      0x236
#define BZ_CMDLINE_SIZE    0x238
#define BZ_SETUP_DATA      0x250
#define BZ_PREF_ADDRESS    0x258
#define BZ_INIT_SIZE       0x260
#define BZ_MIN_HEADER_END  0x264 /* through init_size: protocol 2.10 */

#define LOADFLAGS_LOADED_HIGH 0x01
#define LOADFLAGS_LOADER_BITS 0xe0 /* QUIET, KEEP_SEGMENTS, CAN_USE_HEAP */
#define XLF_KERNEL_64         0x01

/* zero page (boot_params) offsets (arch/x86/include/uapi/asm/bootparam.h) */
#define BP_ACPI_RSDP_ADDR     0x070
#define BP_EXT_RAMDISK_IMAGE  0x0c0
#define BP_EXT_RAMDISK_SIZE   0x0c4
#define BP_EXT_CMD_LINE_PTR   0x0c8
#define BP_E820_ENTRIES       0x1e8
#define BP_SENTINEL           0x1ef
#define BP_HDR                0x1f1
#define BP_HDR_MAX_END        0x290
#define BP_E820_TABLE         0x2d0
#define BP_E820_MAX           128
#define BP_SIZE               4096

struct bzimage_info {
	uint16_t version;       /* boot protocol, e.g. 0x020f */
	uint32_t setup_size;    /* (setup_sects + 1) * 512 */
	uint32_t hdr_end;       /* end of the setup header inside the setup */
	uint64_t pm_size;       /* protected-mode code: syssize * 16 */
	uint64_t pref_address;
	uint32_t init_size;
	uint32_t kernel_alignment;
	int relocatable;
	uint32_t cmdline_size;  /* max command line length, excluding NUL */
	uint32_t initrd_addr_max;
};

/*
 * Validate a bzImage: setup is the real-mode part (setup_len bytes, at
 * least the header), pm_len the bytes of protected-mode code available.
 * Returns 0, or -1 with *why set to a message naming the problem.
 */
int bzimage_parse(const uint8_t *setup, size_t setup_len, uint64_t pm_len,
		  struct bzimage_info *bi, const char **why);

/*
 * Clear the header fields a boot loader writes (boot.rst "write"/"modify"
 * fields: type_of_loader, loadflags bits 5-7, ramdisk_image/size,
 * heap_end_ptr, ext_loader_ver/type, cmd_line_ptr, setup_data) in a copy
 * of the setup. The kernel digest is SHA-384 over the bzImage with these
 * fields zeroed: a VMM may patch them before handing the kernel over (QEMU
 * rewrites heap_end_ptr, type_of_loader, cmd_line_ptr, ramdisk_*), so the
 * raw file digest cannot be reproduced, but this canonical one can, from
 * the file alone (docs/measurements.md; tools compute it the same way).
 */
void bzimage_canonicalize(uint8_t *setup, const struct bzimage_info *bi);

struct bootparams_args {
	uint64_t cmdline_pa;
	uint64_t initrd_pa, initrd_size;
	uint64_t rsdp_pa;
	uint64_t setup_data_pa; /* 0: none */
	const struct memmap *mm;
};

/* Fill the 4 KiB zero page bp. Returns 0 or -1 (*why set). */
int bootparams_build(uint8_t *bp, const uint8_t *setup, const struct bzimage_info *bi,
		     const struct bootparams_args *a, const char **why);
#endif
