/* SPDX-License-Identifier: MIT */
/*
 * fw/fwcfg.c - fw_cfg port and DMA access. DMA (one exit per transfer
 * instead of one per byte) is what makes loading a kernel cheap under
 * TCG/KVM; the byte port is the fallback for old QEMUs.
 */
#include "fwcfg.h"
#include "fwstring.h"
#include "io.h"

#define PORT_SEL  0x510
#define PORT_DATA 0x511
#define PORT_DMA  0x514

#define DMA_CTL_ERROR  0x01
#define DMA_CTL_READ   0x02
#define DMA_CTL_SELECT 0x08

struct fwcfg_dma {
	uint32_t control;
	uint32_t length;
	uint64_t address;
} __attribute__((packed, aligned(16)));

static int dma_ok;

int fwcfg_probe(void)
{
	char sig[4];
	outw(PORT_SEL, FW_CFG_SIGNATURE);
	for (int i = 0; i < 4; i++)
		sig[i] = (char)inb(PORT_DATA);
	if (memcmp(sig, "QEMU", 4) != 0)
		return 0;
	outw(PORT_SEL, FW_CFG_ID);
	uint32_t id = inb(PORT_DATA);
	dma_ok = (id & FW_CFG_ID_DMA) != 0;
	return 1;
}

int fwcfg_read(uint16_t sel, void *buf, uint32_t len)
{
	if (dma_ok) {
		static struct fwcfg_dma d;
		d.control = __builtin_bswap32((uint32_t)sel << 16 | DMA_CTL_SELECT | DMA_CTL_READ);
		d.length = __builtin_bswap32(len);
		d.address = __builtin_bswap64((uint64_t)(uintptr_t)buf);
		uint64_t pa = (uint64_t)(uintptr_t)&d;
		__asm__ volatile("" ::: "memory");
		outl(PORT_DMA, __builtin_bswap32((uint32_t)(pa >> 32)));
		outl(PORT_DMA + 4, __builtin_bswap32((uint32_t)pa));
		uint32_t ctl;
		while ((ctl = __builtin_bswap32(*(volatile uint32_t *)&d.control)) & ~DMA_CTL_ERROR)
			cpu_relax();
		return (ctl & DMA_CTL_ERROR) ? -1 : 0;
	}
	uint8_t *p = buf;
	outw(PORT_SEL, sel);
	for (uint32_t i = 0; i < len; i++)
		p[i] = inb(PORT_DATA);
	return 0;
}

uint32_t fwcfg_read_u32(uint16_t sel)
{
	uint32_t v = 0;
	fwcfg_read(sel, &v, sizeof(v));
	return v;
}

uint64_t fwcfg_read_u64(uint16_t sel)
{
	uint64_t v = 0;
	fwcfg_read(sel, &v, sizeof(v));
	return v;
}

int fwcfg_find(const char *name, uint16_t *sel, uint32_t *size)
{
	/* QEMU has a few dozen files; 256 entries is ample and bounds the read. */
	static uint8_t dir[4 + 256 * sizeof(struct fwcfg_file)];
	uint32_t count_be;
	fwcfg_read(FW_CFG_FILE_DIR, &count_be, 4);
	uint32_t count = __builtin_bswap32(count_be);
	if (count > 256)
		count = 256;
	uint32_t len = 4 + count * (uint32_t)sizeof(struct fwcfg_file);
	fwcfg_read(FW_CFG_FILE_DIR, dir, len);
	((uint8_t *)dir)[0] = (uint8_t)(count >> 24), dir[1] = (uint8_t)(count >> 16);
	dir[2] = (uint8_t)(count >> 8), dir[3] = (uint8_t)count;
	return fwcfg_dir_lookup(dir, len, name, sel, size);
}
