/* SPDX-License-Identifier: MIT */
/*
 * fw/main.c - the boot flow, top to bottom (ARCHITECTURE.md "TD boot
 * flow"; on plain QEMU the same steps with fw_cfg as the source):
 *   1. console and platform
 *   2. memory map, firmware reservations
 *   3. measurement backend and event log
 *   4. Linux payload: load and measure kernel, initrd, command line
 *   5. ACPI tables (MADT, CCEL, ...)
 *   6. zero page, then the 64-bit kernel entry
 */
#include "acpi.h"
#include "console.h"
#include "entry.h"
#include "fwcfg.h"
#include "fwstring.h"
#include "io.h"
#include "linuxboot.h"
#include "measure.h"
#include "memmap.h"
#include "payload.h"
#include "platform.h"
#include "td.h"
#include "tetdg_early.h"
#include "tpm.h"
#include <tetd/layout.h>
#include <tetd/tcg.h>

#ifndef TETD_VERSION
#define TETD_VERSION "0.0.0"
#endif
#ifndef TETD_GIT_REV
#define TETD_GIT_REV "unknown"
#endif

extern const uint8_t dsdt_aml[], dsdt_aml_end[];

static struct memmap mm;
static struct acpi_config acpi;
static struct linux_payload lp;

/* QEMU: RAM from etc/e820; CMOS as the fallback for old QEMUs. */
static void memmap_from_qemu(struct memmap *m)
{
	uint16_t sel;
	uint32_t size;
	memmap_init(m);
	if (fwcfg_find("etc/e820", &sel, &size) == 0 && size % sizeof(struct e820_entry) == 0) {
		static struct e820_entry e[MEMMAP_MAX];
		if (size > sizeof(e))
			size = sizeof(e);
		fwcfg_read(sel, e, size);
		for (unsigned i = 0; i < size / sizeof(e[0]); i++)
			if (memmap_add(m, e[i].addr, e[i].size, e[i].type) != 0)
				fw_fatal("memmap", "etc/e820 has too many entries");
	}
	if (memmap_ram_bytes(m) == 0) {
		uint64_t ram = fwcfg_read_u64(FW_CFG_RAM_SIZE);
		if (ram > 0xe0000000ull)
			ram = 0xe0000000ull;
		memmap_add(m, 0, ram, E820_RAM);
	}
}

/* Ranges the kernel must never treat as RAM. */
static void memmap_reserve_firmware(struct memmap *m)
{
	int r = 0;
	r |= memmap_add(m, 0x9fc00, 0x400, E820_RESERVED);   /* EBDA-sized gap, as BIOSes leave */
	r |= memmap_add(m, 0xa0000, 0x60000, E820_RESERVED); /* VGA hole + BIOS ROM shadow */
	r |= memmap_add(m, TETD_FWRAM_BASE, TETD_FWRAM_SIZE, E820_RESERVED);
	r |= memmap_add(m, TETD_TDHOB_GPA, TETD_TDHOB_SIZE, E820_RESERVED);
	r |= memmap_add(m, TETD_CALLBUF_GPA, TETD_CALLBUF_SIZE, E820_RESERVED);
	r |= memmap_add(m, TETD_ZONE_GPA, TETD_ZONE_SIZE, E820_RESERVED);
	if (r)
		fw_fatal("memmap", "too many entries to add firmware reservations");
	if (memmap_ram_bytes(m) < TETD_MIN_RAM)
		fw_fatal("memmap", "only %llu MiB of RAM; at least %u MiB needed",
			 (unsigned long long)(memmap_ram_bytes(m) >> 20), TETD_MIN_RAM >> 20);
}

static void __attribute__((noreturn)) linux_enter(uint64_t entry, void *zero_page)
{
	/* 64-bit boot protocol: CS = 0x10, DS/ES/SS = 0x18 (our GDT), RSI = zero page. */
	__asm__ volatile("cli\n\t"
			 "jmp *%0" ::"r"(entry), "S"(zero_page) : "memory");
	__builtin_unreachable();
}

static void banner(enum platform plat, const struct fw_entry_state *es, unsigned ncpus)
{
	cprintf("tetd-fw " TETD_VERSION " (" TETD_GIT_REV ") platform=%s start=%s cpus=%u\n",
		platform_name(plat), es->start_mode == FW_START_TD ? "td" : "real", ncpus);
}

void fw_main(struct fw_entry_state *es)
{
	console_init();
	enum platform plat = platform_detect(es);
	int td = plat == PLATFORM_TETDH || plat == PLATFORM_TDX;
	unsigned ncpus;

	if (plat == PLATFORM_QEMU) {
		ncpus = fwcfg_read_u32(FW_CFG_NB_CPUS) & 0xffff;
		banner(plat, es, ncpus);
		memmap_from_qemu(&mm);
		memmap_reserve_firmware(&mm);
		const struct measure_backend *tpm = tpm_probe(); /* NULL: no CRB TPM */
		measure_init(tpm ? tpm : &measure_backend_none, (void *)(uintptr_t)TETD_EVLOG_GPA,
			     TETD_EVLOG_SIZE);
		measure_print_backend();
		payload_load_qemu(&mm, &lp);
	} else if (td && es->start_mode == FW_START_TD) {
		if (plat == PLATFORM_TETDH)
			es->park_port = TETDH_PARK_PORT;
		ncpus = td_num_vcpus();
		banner(plat, es, ncpus);
		measure_init(&measure_backend_tdx, (void *)(uintptr_t)TETD_EVLOG_GPA, TETD_EVLOG_SIZE);
		measure_print_backend();
		td_intake(es, &mm, &lp, memmap_reserve_firmware);
	} else {
		banner(plat, es, 1);
		fw_fatal("platform", "%s platform with a %s-mode start: unsupported",
			 platform_name(plat), es->start_mode == FW_START_TD ? "TD" : "real");
	}
	if (ncpus == 0 || ncpus > ACPI_MAX_CPUS)
		fw_fatal("platform", "%u vCPUs reported; 1..%u supported", ncpus, ACPI_MAX_CPUS);

	/* tetdg-early: the zone and the agents, before anything of the kernel
	 * runs; the TETD table joins the XSDT. */
	struct tetdg_early_args tea = {
		.platform = plat == PLATFORM_QEMU ? TETD_PLATFORM_QEMU :
			    plat == PLATFORM_TETDH ? TETD_PLATFORM_TETDH : TETD_PLATFORM_TDX,
		.mm = &mm,
		.kernel_gpa = lp.kernel_pa,
		.kernel_size = lp.bi.pm_size,
		.volume = (const void *)(uintptr_t)TETD_CFV_BASE,
		.volume_len = TETD_CFV_SIZE,
	};
	acpi.extra[acpi.nextra++] = tetdg_early_load(&tea);

	acpi.ncpus = ncpus;
	for (unsigned i = 0; i < ncpus; i++)
		acpi.apic_ids[i] = i;
	acpi.dsdt = dsdt_aml;
	acpi.dsdt_len = (size_t)(dsdt_aml_end - dsdt_aml);
	if (tpm_active()) {
		/* A TCG2 log (PCR indexes) for the TPM: published by the TPM2
		 * table, not as CCEL (docs/measurements.md, "The TPM path"). */
		acpi.extra[acpi.nextra++] = tpm_acpi_tpm2(TETD_EVLOG_GPA, TETD_EVLOG_SIZE);
		acpi.extra[acpi.nextra++] = tpm_acpi_ssdt();
	} else {
		acpi.ccel_lasa = TETD_EVLOG_GPA;
		acpi.ccel_laml = TETD_EVLOG_SIZE;
	}
	if (td) {
		/* APs are parked on the mailbox (bootstub); the OS wakes them. */
		memset((void *)(uintptr_t)TETD_MAILBOX_GPA, 0, 4096);
		acpi.mp_wakeup_mailbox = TETD_MAILBOX_GPA;
		acpi.cc_type = CCEL_CC_TYPE_TDX;
		acpi.pm_base = plat == PLATFORM_TETDH ? TETDH_PM_BASE : 0;
		acpi.pm_timer = plat == PLATFORM_TETDH; /* tetdh emulates it at +8 */
	} else {
		/* Plain QEMU: APs wait for the OS's INIT-SIPI; no mailbox. */
		acpi.legacy_pc = 1;
		acpi.cc_type = CCEL_CC_TYPE_NONE;
		acpi.pm_base = platform_pm_enable(&acpi.gpe0_base, &acpi.gpe0_len);
		acpi.pm_timer = acpi.pm_base != 0;
	}
	uint64_t rsdp = acpi_build((void *)(uintptr_t)TETD_ACPI_GPA, TETD_ACPI_SIZE, TETD_ACPI_GPA, &acpi);
	if (!rsdp)
		fw_fatal("acpi", "tables do not fit in %u bytes", TETD_ACPI_SIZE);

	uint8_t *zp = (uint8_t *)(uintptr_t)TETD_BOOTPARAMS_GPA;
	struct bootparams_args bpa = {
		.cmdline_pa = lp.cmdline_pa,
		.initrd_pa = lp.initrd_pa,
		.initrd_size = lp.initrd_size,
		.rsdp_pa = rsdp,
		.mm = &mm,
	};
	const char *why;
	if (bootparams_build(zp, lp.setup, &lp.bi, &bpa, &why) != 0)
		fw_fatal("linux", "%s", why);

	uint64_t cycles = rdtsc() - es->reset_tsc;
	measure_print_replay();
	tpm_handoff(); /* PCRs read back against the replay; locality released */
	uint64_t per_ms = platform_tsc_per_ms();
	if (per_ms) {
		uint64_t us = cycles * 1000 / per_ms;
		cprintf("tetd: reset-to-kernel-entry %llu.%03llu ms\n",
			(unsigned long long)(us / 1000), (unsigned long long)(us % 1000));
	}
	tetdg_early_check_sealed();
	cprintf("tetd: booting kernel\n");
	linux_enter(lp.kernel_pa + 0x200, zp);
}
