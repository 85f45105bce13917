// SPDX-License-Identifier: MIT
/*
 * tetdh/vmm/pm.c - the ACPI fixed hardware the firmware's FADT points at
 * (include/tetd/tetdh.h), and the reset control register.
 *
 *   0x600 PM1a_STS (16 bit, write 1 to clear)   0x602 PM1a_EN (16 bit)
 *   0x604 PM1a_CNT (16 bit): SCI_EN reads 1 (always in ACPI mode: the
 *         FADT has no SMI_CMD); SLP_EN with SLP_TYP 0 (the DSDT's \_S5)
 *         powers the TD off - exit status 0. Other sleep types are
 *         refused (counted, the guest keeps running).
 *   0xCF9 reset control (PIIX3 RCR, the FADT's RESET_REG, value 6): a
 *         write with RST_CPU (bit 2) is a reset request. A TD cannot be
 *         reset (its measurements would restart from a running image),
 *         so tetdh stops with status 2 and says so.
 *   0x608 PM_TMR (32-bit reads, 24 bits of count): the ACPI PM timer,
 *         3.579545 MHz from the host's monotonic clock. Present for a
 *         FADT that names it (PM_TMR_BLK = 0x608, TMR_VAL_EXT = 0); a
 *         kernel can then calibrate its TSC against it, which the PIT
 *         cannot do reliably when every read is a slow nested exit.
 * No GPE block, and no event ever raises the SCI.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tetd/tetdh.h>

#include "vmm.h"

#define PM1_CNT_SCI_EN 0x0001
#define PM1_CNT_SLP_TYP(v) (((v) >> 10) & 7)
#define PM1_CNT_SLP_EN 0x2000
#define PM_TMR_HZ      3579545ull
#define PM_BLOCK_LEN   12             /* PM1a_EVT 4, PM1a_CNT 2 (+2), PM_TMR 4 */
#define RCR_SYS_RST    0x02
#define RCR_RST_CPU    0x04

struct pm {
	pthread_mutex_t lock;
	struct vm *vm;
	uint16_t sts, en, cnt;
	uint8_t rcr;
};

static uint32_t pm_timer(void)
{
	struct timespec t;
	unsigned __int128 ns;

	clock_gettime(CLOCK_MONOTONIC, &t);
	ns = (unsigned __int128)t.tv_sec * 1000000000u + (unsigned)t.tv_nsec;
	return (uint32_t)(ns * PM_TMR_HZ / 1000000000u) & 0xffffff;
}

/* Byte view of the block, so any access width works. */
static uint8_t pm_byte_read(struct pm *p, unsigned off, uint32_t tmr)
{
	uint16_t reg = 0;

	if (off >= 8)
		return (uint8_t)(tmr >> (8 * (off - 8)));
	switch (off & ~1u) {
	case 0: reg = p->sts; break;
	case 2: reg = p->en; break;
	case 4: reg = p->cnt | PM1_CNT_SCI_EN; break;
	default: reg = 0; break;
	}
	return (uint8_t)(off & 1 ? reg >> 8 : reg);
}

static void pm_byte_write(struct pm *p, unsigned off, uint8_t v)
{
	uint16_t *reg, shift = (off & 1) ? 8 : 0, mask = (uint16_t)(0xff << shift);

	switch (off & ~1u) {
	case 0:
		p->sts &= (uint16_t)~((uint16_t)v << shift);   /* write 1 to clear */
		return;
	case 2: reg = &p->en; break;
	case 4: reg = &p->cnt; break;
	default: return;
	}
	*reg = (uint16_t)((*reg & ~mask) | (uint16_t)v << shift);
}

static void pm_io(void *opaque, struct vcpu *cpu, uint16_t port, uint8_t *data,
		  unsigned size, bool write)
{
	struct pm *p = opaque;
	unsigned off = port - TETDH_PM_BASE;
	uint32_t tmr = write ? 0 : pm_timer();   /* one sample per access */
	uint16_t sleep = 0;

	(void)cpu;
	pthread_mutex_lock(&p->lock);
	for (unsigned i = 0; i < size; i++) {
		if (off + i >= PM_BLOCK_LEN) {          /* past the block: absent */
			if (!write)
				data[i] = 0xff;
		} else if (write) {
			pm_byte_write(p, off + i, data[i]);
		} else {
			data[i] = pm_byte_read(p, off + i, tmr);
		}
	}
	if (write && (p->cnt & PM1_CNT_SLP_EN)) {
		sleep = p->cnt;
		p->cnt &= (uint16_t)~PM1_CNT_SLP_EN;        /* SLP_EN reads as 0 */
	}
	pthread_mutex_unlock(&p->lock);

	if (!(sleep & PM1_CNT_SLP_EN))
		return;
	if (PM1_CNT_SLP_TYP(sleep) == 0) {
		vm_stop(p->vm, VMM_EXIT_POWEROFF, "guest powered off (ACPI S5)");
		return;
	}
	vmm_msg("guest asked for sleep type %u: only S5 (type 0) is supported; ignored",
		PM1_CNT_SLP_TYP(sleep));
}

static void reset_io(void *opaque, struct vcpu *cpu, uint16_t port, uint8_t *data,
		     unsigned size, bool write)
{
	struct pm *p = opaque;
	uint8_t v;

	(void)cpu;
	(void)port;
	(void)size;
	if (!write) {
		*data = p->rcr;
		return;
	}
	pthread_mutex_lock(&p->lock);
	v = *data;
	p->rcr = v & RCR_SYS_RST;
	pthread_mutex_unlock(&p->lock);
	if (v & RCR_RST_CPU)
		vm_stop(p->vm, VMM_EXIT_RESET, "guest requested a reset (port 0xcf9 "
			"value 0x%02x); a TD cannot be reset: stopping", v);
}

int pm_init(struct vm *vm)
{
	struct pm *p = calloc(1, sizeof(*p));

	if (!p)
		return -1;
	pthread_mutex_init(&p->lock, NULL);
	p->vm = vm;
	if (ioport_register(vm, "acpi-pm", TETDH_PM_BASE, PM_BLOCK_LEN, 0, pm_io, p))
		return -1;
	return ioport_register(vm, "reset-cf9", TETDH_RESET_PORT, 1, IO_BYTEWISE,
			       reset_io, p);
}
