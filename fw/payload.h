/* SPDX-License-Identifier: MIT */
/*
 * fw/payload.h - the Linux payload as the firmware loaded it: where the
 * kernel, command line and initrd sit, ready for the zero page.
 */
#ifndef FW_PAYLOAD_H
#define FW_PAYLOAD_H
#include <stdint.h>
#include "linuxboot.h"
#include "memmap.h"
#include <tetd/hob.h>

struct linux_payload {
	struct bzimage_info bi;
	uint8_t *setup;          /* the setup as received (header patched later) */
	uint64_t kernel_pa;      /* protected-mode code, entry at +0x200 */
	uint64_t cmdline_pa;
	uint32_t cmdline_len;
	uint64_t initrd_pa, initrd_size;
};

/* Load and measure kernel, initrd and command line from QEMU fw_cfg. */
void payload_load_qemu(const struct memmap *mm, struct linux_payload *lp);

/* Load and measure the payload a VMM placed in RAM (TD HOB payload entry). */
void payload_load_hob(const struct memmap *mm, const struct tetd_hob_payload *hp,
		      struct linux_payload *lp);

/* Placement shared by every payload source: fatal errors on no fit. */
uint64_t payload_place_kernel(const struct memmap *mm, const struct bzimage_info *bi);
uint64_t payload_place_initrd(const struct memmap *mm, const struct bzimage_info *bi,
			      uint64_t kernel_pa, uint64_t size);
#endif
