/* SPDX-License-Identifier: MIT */
/*
 * fw/payload.c - loads the Linux payload and measures it: kernel, initrd,
 * command line, one event each into RTMR[1] (CC MR index 2), in that
 * order. Two sources: QEMU fw_cfg, and the TD HOB's payload entry (the
 * VMM copied the files into guest RAM). Both end in the same placement
 * checks and the same measurement; the kernel digest covers what runs
 * (hashed at its load address) in the canonical form of fw/linuxboot.h.
 */
#include "payload.h"
#include "console.h"
#include "fwcfg.h"
#include "fwstring.h"
#include "measure.h"
#include "platform.h"
#include <tetd/layout.h>
#include <tetd/tcg.h>

/* Linux's real-mode setup is at most 32 KiB (arch/x86/boot/setup.ld:
 * "Setup too big!" past 0x8000), boot sector included. */
#define SETUP_MAX TETD_SETUP_MAX
static uint8_t setup_buf[SETUP_MAX];
/* A copy of the memory map to place the kernel or initrd in; one user at
 * a time, shared because firmware RAM is tight (fw/fw.ld.S). */
static struct memmap scratch_mm;

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
	struct memmap *tmp = &scratch_mm;
	*tmp = *mm;
	if (memmap_add(tmp, kernel_pa, bi->init_size, E820_RESERVED) != 0)
		fw_fatal("initrd", "memory map full");
	uint64_t max = (uint64_t)bi->initrd_addr_max + 1;
	if (max > 0x100000000ull)
		max = 0x100000000ull;
	uint64_t a = memmap_find_top(tmp, size, 4096, 0x100000, max);
	if (!a)
		fw_fatal("initrd", "%llu bytes (%llu MiB) does not fit in free RAM below 0x%llx "
			 "beside the kernel (%llu MiB of RAM in all)",
			 (unsigned long long)size, (unsigned long long)(size >> 20),
			 (unsigned long long)max, (unsigned long long)(memmap_ram_bytes(mm) >> 20));
	return a;
}

static void measure_or_die(const char *desc, const void *data, uint64_t len, const void *ev,
			   uint32_t evlen)
{
	if (measure_data(CC_MR_RTMR1, EV_IPL, desc, data, len, ev, evlen) != 0)
		fw_fatal("measure", "cannot record the %s measurement", desc);
}

/* Kernel = canonical setup (from setup_buf) + everything after it, as loaded. */
static void measure_kernel(const struct linux_payload *lp, uint32_t setup_size, uint64_t rest)
{
	uint8_t hdr[BP_HDR_MAX_END];
	struct measure_hash h;
	struct measure_digests d;
	memcpy(hdr, setup_buf, sizeof(hdr));
	bzimage_canonicalize(hdr, &lp->bi);
	measure_hash_init(&h);
	measure_hash_update(&h, hdr, sizeof(hdr));
	measure_hash_update(&h, setup_buf + sizeof(hdr), setup_size - sizeof(hdr));
	measure_hash_update(&h, (const void *)(uintptr_t)lp->kernel_pa, rest);
	measure_hash_final(&h, &d);
	if (measure_digests(CC_MR_RTMR1, EV_IPL, "kernel", &d, "tetd:kernel", 11) != 0)
		fw_fatal("measure", "cannot record the kernel measurement");
}

static void measure_initrd_cmdline(const struct linux_payload *lp)
{
	measure_or_die("initrd", (const void *)(uintptr_t)lp->initrd_pa, lp->initrd_size,
		       "tetd:initrd", 11);
	const char *cl = (const char *)(uintptr_t)lp->cmdline_pa;
	measure_or_die("cmdline", cl, lp->cmdline_len, cl, lp->cmdline_len);
}

static void parse_setup(struct linux_payload *lp, uint32_t setup_len, uint64_t pm_len)
{
	const char *why;
	if (bzimage_parse(setup_buf, setup_len, pm_len, &lp->bi, &why) != 0)
		fw_fatal("kernel", "%s", why);
	if (pm_len > lp->bi.init_size)
		fw_fatal("kernel", "%llu bytes is larger than its own init_size (%u)",
			 (unsigned long long)pm_len, lp->bi.init_size);
	lp->setup = setup_buf;
}

/* Copy the command line (len bytes, NUL not counted) and check it. */
static void set_cmdline(struct linux_payload *lp, uint32_t len)
{
	char *cl = (char *)(uintptr_t)TETD_CMDLINE_GPA;
	cl[TETD_CMDLINE_MAX - 1] = '\0';
	lp->cmdline_len = (uint32_t)strlen(cl);
	if (lp->cmdline_len > len)
		lp->cmdline_len = len;
	cl[lp->cmdline_len] = '\0';
	if (lp->cmdline_len > lp->bi.cmdline_size)
		fw_fatal("cmdline", "%u bytes exceeds the kernel's limit of %u bytes (cmdline_size)",
			 lp->cmdline_len, lp->bi.cmdline_size);
	lp->cmdline_pa = TETD_CMDLINE_GPA;
}

void payload_load_qemu(const struct memmap *mm, struct linux_payload *lp)
{
	uint32_t setup_size = fwcfg_read_u32(FW_CFG_SETUP_SIZE);
	uint32_t kernel_size = fwcfg_read_u32(FW_CFG_KERNEL_SIZE);

	memset(lp, 0, sizeof(*lp));
	if (!kernel_size || !setup_size)
		fw_fatal("kernel", "none given (boot with -kernel bzImage)");
	if (setup_size > SETUP_MAX)
		fw_fatal("kernel", "not a bzImage (setup part of %u bytes, at most %u expected)",
			 setup_size, SETUP_MAX);
	if (fwcfg_read(FW_CFG_SETUP_DATA, setup_buf, setup_size) != 0)
		fw_fatal("kernel", "fw_cfg DMA of the setup header failed");
	parse_setup(lp, setup_size, kernel_size);

	/* Straight to the load address, then hashed in place: the whole blob,
	 * including bytes past syssize (a signed kernel's signature). */
	lp->kernel_pa = payload_place_kernel(mm, &lp->bi);
	if (fwcfg_read(FW_CFG_KERNEL_DATA, (void *)(uintptr_t)lp->kernel_pa, kernel_size) != 0)
		fw_fatal("kernel", "fw_cfg DMA of %u bytes failed", kernel_size);
	measure_kernel(lp, setup_size, kernel_size);

	uint32_t initrd_size = fwcfg_read_u32(FW_CFG_INITRD_SIZE);
	lp->initrd_size = initrd_size;
	if (initrd_size) {
		lp->initrd_pa = payload_place_initrd(mm, &lp->bi, lp->kernel_pa, initrd_size);
		if (fwcfg_read(FW_CFG_INITRD_DATA, (void *)(uintptr_t)lp->initrd_pa, initrd_size) != 0)
			fw_fatal("initrd", "fw_cfg DMA of %u bytes failed", initrd_size);
	}

	uint32_t cl_size = fwcfg_read_u32(FW_CFG_CMDLINE_SIZE);
	if (cl_size > TETD_CMDLINE_MAX)
		fw_fatal("cmdline", "%u bytes exceeds the kernel's limit of %u bytes (cmdline_size)",
			 cl_size - 1, lp->bi.cmdline_size);
	memset((void *)(uintptr_t)TETD_CMDLINE_GPA, 0, TETD_CMDLINE_MAX);
	if (cl_size)
		if (fwcfg_read(FW_CFG_CMDLINE_DATA, (void *)(uintptr_t)TETD_CMDLINE_GPA, cl_size) != 0)
			fw_fatal("cmdline", "fw_cfg DMA failed");
	set_cmdline(lp, cl_size);
	measure_initrd_cmdline(lp);
}

/* A payload range from the VMM must be RAM the kernel will also see as
 * RAM, and may not touch anything the firmware reserved. */
static void check_src(const struct memmap *mm, const char *what, uint64_t gpa, uint64_t size)
{
	if (size && !memmap_is_ram(mm, gpa, size))
		fw_fatal(what, "payload range 0x%llx+0x%llx from the TD HOB is not free RAM",
			 (unsigned long long)gpa, (unsigned long long)size);
}

static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

void payload_load_hob(const struct memmap *mm, const struct tetd_hob_payload *hp,
		      struct linux_payload *lp)
{
	memset(lp, 0, sizeof(*lp));
	if (!hp->kernel_size)
		fw_fatal("kernel", "none given (the TD HOB names no kernel)");
	check_src(mm, "kernel", hp->kernel_gpa, hp->kernel_size);
	check_src(mm, "initrd", hp->initrd_gpa, hp->initrd_size);
	check_src(mm, "cmdline", hp->cmdline_gpa, hp->cmdline_size);
	if (hp->cmdline_size > TETD_CMDLINE_MAX)
		fw_fatal("cmdline", "%llu bytes is longer than any kernel accepts",
			 (unsigned long long)hp->cmdline_size);

	const uint8_t *src = (const uint8_t *)(uintptr_t)hp->kernel_gpa;
	uint32_t setup_len = hp->kernel_size < SETUP_MAX ? (uint32_t)hp->kernel_size : SETUP_MAX;
	memcpy(setup_buf, src, setup_len);
	unsigned sects = setup_buf[BZ_SETUP_SECTS] ? setup_buf[BZ_SETUP_SECTS] : 4;
	uint32_t setup_size = (sects + 1) * 512;
	if (setup_size > setup_len)
		fw_fatal("kernel", "truncated: %llu bytes cannot hold a %u-byte setup",
			 (unsigned long long)hp->kernel_size, setup_size);
	uint64_t rest = hp->kernel_size - setup_size;
	parse_setup(lp, setup_size, rest);

	/* Place the kernel where no payload source lies: the copy must not
	 * overwrite the initrd or command line before they are used. */
	struct memmap *tmp = &scratch_mm;
	*tmp = *mm;
	memmap_add(tmp, hp->initrd_gpa, hp->initrd_size, E820_RESERVED);
	memmap_add(tmp, hp->cmdline_gpa, hp->cmdline_size, E820_RESERVED);
	lp->kernel_pa = payload_place_kernel(tmp, &lp->bi);
	memmove((void *)(uintptr_t)lp->kernel_pa, src + setup_size, rest);
	measure_kernel(lp, setup_size, rest);

	lp->initrd_size = hp->initrd_size;
	lp->initrd_pa = hp->initrd_gpa;
	if (lp->initrd_size &&
	    (overlaps(lp->initrd_pa, lp->initrd_size, lp->kernel_pa, lp->bi.init_size) ||
	     lp->initrd_pa + lp->initrd_size > (uint64_t)lp->bi.initrd_addr_max + 1))
		fw_fatal("initrd", "at 0x%llx+0x%llx it overlaps the kernel or lies above initrd_addr_max",
			 (unsigned long long)lp->initrd_pa, (unsigned long long)lp->initrd_size);

	memset((void *)(uintptr_t)TETD_CMDLINE_GPA, 0, TETD_CMDLINE_MAX);
	memcpy((void *)(uintptr_t)TETD_CMDLINE_GPA, (const void *)(uintptr_t)hp->cmdline_gpa,
	       hp->cmdline_size);
	set_cmdline(lp, (uint32_t)hp->cmdline_size);
	measure_initrd_cmdline(lp);
}
