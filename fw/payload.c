/* SPDX-License-Identifier: MIT */
/*
 * fw/payload.c - loads the Linux payload and measures it: kernel, initrd,
 * command line, one event each into RTMR[1] (CC MR index 2), in that
 * order. The kernel digest covers the bzImage as shipped (setup header
 * canonicalized, fw/linuxboot.c) so a verifier computes it from the file.
 */
#include "payload.h"
#include "console.h"
#include "fwcfg.h"
#include "fwstring.h"
#include "measure.h"
#include "platform.h"
#include "sha2.h"
#include <tetd/layout.h>
#include <tetd/tcg.h>

#define SETUP_MAX (64 * 1024)
static uint8_t setup_buf[SETUP_MAX];

uint64_t payload_place_kernel(const struct memmap *mm, const struct bzimage_info *bi)
{
	if (memmap_is_ram(mm, bi->pref_address, bi->init_size))
		return bi->pref_address;
	if (!bi->relocatable)
		fw_fatal("kernel", "not relocatable and RAM at pref_address 0x%llx..+0x%x is not free",
			 (unsigned long long)bi->pref_address, bi->init_size);
	uint64_t a = memmap_find_top(mm, bi->init_size, bi->kernel_alignment, 0x100000, 0x100000000ull);
	if (!a)
		fw_fatal("kernel", "no free RAM below 4 GiB for init_size %u MiB", bi->init_size >> 20);
	return a;
}

uint64_t payload_place_initrd(const struct memmap *mm, const struct bzimage_info *bi,
			      uint64_t kernel_pa, uint64_t size)
{
	static struct memmap tmp;
	tmp = *mm;
	if (memmap_add(&tmp, kernel_pa, bi->init_size, E820_RESERVED) != 0)
		fw_fatal("initrd", "memory map full");
	uint64_t max = (uint64_t)bi->initrd_addr_max + 1;
	if (max > 0x100000000ull)
		max = 0x100000000ull;
	uint64_t a = memmap_find_top(&tmp, size, 4096, 0x100000, max);
	if (!a)
		fw_fatal("initrd", "%llu bytes (%llu MiB) does not fit in free RAM below 0x%llx "
			 "beside the kernel (%llu MiB of RAM in all)",
			 (unsigned long long)size, (unsigned long long)(size >> 20),
			 (unsigned long long)max, (unsigned long long)(memmap_ram_bytes(mm) >> 20));
	return a;
}

static void measure_or_die(unsigned mr, const char *desc, const uint8_t d[48], const void *ev, uint32_t evlen)
{
	if (measure_digest(mr, EV_IPL, desc, d, ev, evlen) != 0)
		fw_fatal("measure", "cannot record the %s measurement", desc);
}

void payload_load_qemu(const struct memmap *mm, struct linux_payload *lp)
{
	uint32_t setup_size = fwcfg_read_u32(FW_CFG_SETUP_SIZE);
	uint32_t kernel_size = fwcfg_read_u32(FW_CFG_KERNEL_SIZE);
	const char *why;

	memset(lp, 0, sizeof(*lp));
	if (!kernel_size || !setup_size)
		fw_fatal("kernel", "none given (boot with -kernel bzImage)");
	if (setup_size > SETUP_MAX)
		fw_fatal("kernel", "not a bzImage (setup part of %u bytes, at most %u expected)",
			 setup_size, SETUP_MAX);
	fwcfg_read(FW_CFG_SETUP_DATA, setup_buf, setup_size);
	if (bzimage_parse(setup_buf, setup_size, kernel_size, &lp->bi, &why) != 0)
		fw_fatal("kernel", "%s", why);
	lp->setup = setup_buf;

	/* Kernel: straight to its load address, then hashed in place. */
	lp->kernel_pa = payload_place_kernel(mm, &lp->bi);
	uint8_t *kernel = (uint8_t *)(uintptr_t)lp->kernel_pa;
	fwcfg_read(FW_CFG_KERNEL_DATA, kernel, (uint32_t)lp->bi.pm_size);
	static uint8_t canon[SETUP_MAX];
	memcpy(canon, setup_buf, lp->bi.setup_size);
	bzimage_canonicalize(canon, &lp->bi);
	struct sha512_ctx c;
	uint8_t d[48];
	sha384_init(&c);
	sha384_update(&c, canon, lp->bi.setup_size);
	sha384_update(&c, kernel, lp->bi.pm_size);
	sha384_final(&c, d);
	measure_or_die(CC_MR_RTMR1, "kernel", d, "tetd:kernel", 11);

	/* Initrd: as high as the kernel allows, below 4 GiB. */
	uint32_t initrd_size = fwcfg_read_u32(FW_CFG_INITRD_SIZE);
	lp->initrd_size = initrd_size;
	if (initrd_size) {
		lp->initrd_pa = payload_place_initrd(mm, &lp->bi, lp->kernel_pa, initrd_size);
		fwcfg_read(FW_CFG_INITRD_DATA, (void *)(uintptr_t)lp->initrd_pa, initrd_size);
	}
	sha384((const void *)(uintptr_t)lp->initrd_pa, initrd_size, d);
	measure_or_die(CC_MR_RTMR1, "initrd", d, "tetd:initrd", 11);

	/* Command line: length checked against the kernel's own limit. */
	uint32_t cl_size = fwcfg_read_u32(FW_CFG_CMDLINE_SIZE);
	char *cl = (char *)(uintptr_t)TETD_CMDLINE_GPA;
	if (cl_size > TETD_CMDLINE_MAX)
		fw_fatal("cmdline", "%u bytes exceeds the kernel's limit of %u bytes (cmdline_size)",
			 cl_size ? cl_size - 1 : 0, lp->bi.cmdline_size);
	memset(cl, 0, TETD_CMDLINE_MAX);
	if (cl_size)
		fwcfg_read(FW_CFG_CMDLINE_DATA, cl, cl_size);
	cl[TETD_CMDLINE_MAX - 1] = '\0';
	lp->cmdline_len = (uint32_t)strlen(cl);
	if (lp->cmdline_len > lp->bi.cmdline_size)
		fw_fatal("cmdline", "%u bytes exceeds the kernel's limit of %u bytes (cmdline_size)",
			 lp->cmdline_len, lp->bi.cmdline_size);
	lp->cmdline_pa = TETD_CMDLINE_GPA;
	sha384(cl, lp->cmdline_len, d);
	measure_or_die(CC_MR_RTMR1, "cmdline", d, cl, lp->cmdline_len);
}
