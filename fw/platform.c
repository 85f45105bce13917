/* SPDX-License-Identifier: MIT */
/*
 * fw/platform.c - platform detection and services. The order matters: TDX
 * (CPUID 0x21 "IntelTDX    ") and tetdh (hypervisor leaf signature) are
 * checked before QEMU's fw_cfg, which a TD must not trust for its payload.
 */
#include "platform.h"
#include "console.h"
#include "fwcfg.h"
#include "fwstring.h"
#include "io.h"

/* QEMU: where we program the chipset PM block; tetdh emulates the same. */
#define PM_BASE TETDH_PM_BASE
static uint16_t pm_base;

static int cpuid_sig(uint32_t leaf, const char *sig, int order_bcd)
{
	uint32_t a, r[3];
	cpuid(leaf, 0, &a, &r[0], &r[1], &r[2]);
	char s[12];
	if (order_bcd) { /* EBX, ECX, EDX */
		memcpy(s, &r[0], 4), memcpy(s + 4, &r[1], 4), memcpy(s + 8, &r[2], 4);
	} else { /* EBX, EDX, ECX (CPUID 0x21) */
		memcpy(s, &r[0], 4), memcpy(s + 4, &r[2], 4), memcpy(s + 8, &r[1], 4);
	}
	return memcmp(s, sig, 12) == 0;
}

enum platform platform_detect(const struct fw_entry_state *es)
{
	uint32_t a, b, c, d;
	cpuid(0, 0, &a, &b, &c, &d);
	if (a >= 0x21 && cpuid_sig(0x21, "IntelTDX    ", 0))
		return PLATFORM_TDX;
	cpuid(1, 0, &a, &b, &c, &d);
	if ((c & (1u << 31)) && cpuid_sig(TETDH_CPUID_LEAF, TETDH_CPUID_SIGNATURE, 1))
		return PLATFORM_TETDH;
	if (es->start_mode == FW_START_REAL && fwcfg_probe())
		return PLATFORM_QEMU;
	return PLATFORM_UNKNOWN;
}

const char *platform_name(enum platform p)
{
	switch (p) {
	case PLATFORM_QEMU: return "qemu";
	case PLATFORM_TETDH: return "tetdh";
	case PLATFORM_TDX: return "tdx";
	default: return "unknown";
	}
}

uint16_t platform_pm_enable(uint16_t *gpe0, uint8_t *gpe0_len)
{
	uint32_t host = pci_read32(0, 0, 0, 0);
	if (host == 0x12378086) { /* i440FX: PIIX4 PM is 00:01.3 */
		if (pci_read32(0, 1, 3, 0) != 0x71138086)
			return 0;
		pci_write32(0, 1, 3, 0x40, PM_BASE | 1); /* PMBA */
		pci_write8(0, 1, 3, 0x80, 0x01);          /* PMREGMISC: PMIOSE */
		*gpe0 = 0xafe0, *gpe0_len = 4;            /* QEMU's fixed GPE block */
	} else if (host == 0x29c08086) { /* Q35: ICH9 LPC is 00:1f.0 */
		pci_write32(0, 0x1f, 0, 0x40, PM_BASE | 1); /* PMBASE */
		pci_write8(0, 0x1f, 0, 0x44, 0x80);         /* ACPI_CNTL: enable */
		*gpe0 = PM_BASE + 0x20, *gpe0_len = 16;
	} else {
		return 0;
	}
	pm_base = PM_BASE;
	return pm_base;
}

void platform_poweroff(void)
{
	/* An early fatal error may come before the boot flow enabled the PM
	 * block; enable it here (a no-op without PIIX4/ICH9, e.g. tetdh,
	 * whose PM1a sits at the same port). */
	if (!pm_base) {
		uint16_t gpe0;
		uint8_t gpe0_len;
		platform_pm_enable(&gpe0, &gpe0_len);
	}
	/* SLP_TYP 0 (\_S5 in fw/dsdt.asl) | SLP_EN */
	outw(PM_BASE + 4, 0u << 10 | 1u << 13);
	cpu_halt_forever();
}

uint64_t platform_tsc_per_ms(void)
{
	uint32_t a, b, c, d, max;
	cpuid(0, 0, &max, &b, &c, &d);
	if (max >= 0x15) {
		cpuid(0x15, 0, &a, &b, &c, &d);
		if (a && b && c)
			return (uint64_t)c * b / a / 1000;
	}
	/* PIT channel 2, gate on, speaker off, one-shot 2 ms (2386 ticks). */
	const uint16_t ticks = 2386;
	outb(0x61, (uint8_t)((inb(0x61) & ~0x02) | 0x01));
	outb(0x43, 0xb0);
	outb(0x42, ticks & 0xff);
	outb(0x42, ticks >> 8);
	uint64_t t0 = rdtsc(), t1 = t0;
	for (unsigned long i = 0; i < 100000000ul && !(inb(0x61) & 0x20); i++)
		t1 = rdtsc();
	if (t1 == t0)
		return 0;
	return (t1 - t0) * 1193182ull / ticks / 1000;
}

void fw_fatal(const char *component, const char *fmt, ...)
{
	va_list ap;
	cprintf("tetd: error: %s: ", component);
	va_start(ap, fmt);
	vcprintf(fmt, ap);
	va_end(ap);
	cprintf("\ntetd: halted\n");
	platform_poweroff();
}
