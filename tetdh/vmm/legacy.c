// SPDX-License-Identifier: MIT
/*
 * tetdh/vmm/legacy.c - PC ports a guest probes that tetdh deliberately
 * leaves empty. They behave exactly like unclaimed ports (reads all ones,
 * writes ignored) but are named, so the control socket's counters tell an
 * expected probe from a surprise.
 *
 * debugcon (0x402): the firmware mirrors every COM1 byte there (QEMU's
 * debug console); tetdh ignores it so the console is not printed twice.
 * POST (0x80): Linux's I/O delay writes here; ignored.
 * PCI configuration (0xCF8, 0xCFA-0xCFF; 0xCF9 is pm.c's reset register):
 * no host bridge answers, so there is no configuration mechanism and no
 * device - a TD without PCI.
 *
 * The AP park port (TETDH_PARK_PORT) is not absent: parked APs write it on
 * every poll of the MP wakeup mailbox, and tetdh sleeps that vCPU for
 * PARK_SLEEP_NS, so a parked AP costs about 100 exits a second instead of
 * a host CPU. The OS's wake-up waits at most that long for the AP.
 */
#include <string.h>
#include <time.h>

#include <tetd/tetdh.h>

#include "vmm.h"

static void absent_io(void *opaque, struct vcpu *cpu, uint16_t port,
		      uint8_t *data, unsigned size, bool write)
{
	(void)opaque;
	(void)cpu;
	(void)port;
	if (!write)
		memset(data, 0xff, size);
}

#define PARK_SLEEP_NS 10000000L   /* 10 ms */

static void park_io(void *opaque, struct vcpu *cpu, uint16_t port,
		    uint8_t *data, unsigned size, bool write)
{
	struct timespec t = { 0, PARK_SLEEP_NS };

	(void)opaque;
	(void)port;
	if (!write) {
		memset(data, 0xff, size);
		return;
	}
	if (!vm_stopping(cpu->vm))
		nanosleep(&t, NULL);      /* the stop kick interrupts it */
}

static const struct {
	const char *name;
	uint16_t base, len;
} absent[] = {
	{ "dma1", 0x00, 0x10 },
	{ "post", 0x80, 0x01 },
	{ "dma-page", 0x81, 0x0f },
	{ "dma2", 0xc0, 0x20 },
	{ "i8042", 0x60, 0x01 },
	{ "i8042", 0x64, 0x01 },
	{ "cmos-ext", 0x72, 0x02 },
	{ "port-a", 0x92, 0x01 },
	{ "ide2", 0x170, 0x08 },
	{ "ide1", 0x1f0, 0x08 },
	{ "game", 0x201, 0x01 },
	{ "lpt2", 0x278, 0x08 },
	{ "com4", 0x2e8, 0x08 },
	{ "com2", 0x2f8, 0x08 },
	{ "ide2-ctl", 0x376, 0x01 },
	{ "lpt1", 0x378, 0x08 },
	{ "vga", 0x3b0, 0x30 },
	{ "com3", 0x3e8, 0x08 },
	{ "floppy", 0x3f0, 0x06 },
	{ "ide1-ctl", 0x3f6, 0x01 },
	{ "floppy", 0x3f7, 0x01 },
	{ "debugcon", 0x402, 0x01 },
	{ "fw-cfg", 0x510, 0x0c },
	{ "pci-conf", 0xcf8, 0x01 },
	{ "pci-conf", 0xcfa, 0x06 },
};

int legacy_init(struct vm *vm)
{
	if (ioport_register(vm, "ap-park", TETDH_PARK_PORT, 1, 0, park_io, NULL))
		return -1;
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		if (ioport_register(vm, absent[i].name, absent[i].base, absent[i].len,
				    0, absent_io, NULL))
			return -1;
	return 0;
}
