/* SPDX-License-Identifier: MIT */
/*
 * fw/platform.h - which platform we run on (qemu, tetdh, tdx) and the few
 * platform services the boot flow needs: CPU count, power-off, TSC rate.
 */
#ifndef FW_PLATFORM_H
#define FW_PLATFORM_H
#include <stdint.h>
#include "entry.h"
#include <tetd/tetdh.h>

enum platform { PLATFORM_UNKNOWN, PLATFORM_QEMU, PLATFORM_TETDH, PLATFORM_TDX };


enum platform platform_detect(const struct fw_entry_state *es);
const char *platform_name(enum platform p);
/* QEMU pc/q35: enable the chipset's ACPI PM I/O block; returns its base or 0. */
uint16_t platform_pm_enable(uint16_t *gpe0, uint8_t *gpe0_len);
/* Soft-off through PM1a_CNT (S5); halts if that does not take. */
void platform_poweroff(void) __attribute__((noreturn));
/* TSC ticks per millisecond: CPUID 0x15/0x16 when offered, else the PIT. */
uint64_t platform_tsc_per_ms(void);

/* Report an unrecoverable error and power off: never a hang or a triple fault. */
void fw_fatal(const char *component, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));
#endif
