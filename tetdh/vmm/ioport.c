// SPDX-License-Identifier: MIT
/*
 * tetdh/vmm/ioport.c - who answers a port or MMIO access.
 *
 * Devices register port ranges; one table maps every port to its device.
 * A port nobody claims behaves like an empty ISA bus: reads return all
 * ones, writes vanish, and the access is counted per port (control
 * "counters") - never fatal. MMIO exits only happen outside memory slots
 * and outside KVM's in-kernel APICs: the same rule, counted per page.
 */
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>

#include "vmm.h"

int ioport_register(struct vm *vm, const char *name, uint16_t base,
		    uint16_t len, unsigned flags, io_fn fn, void *opaque)
{
	struct io_dev *d;

	if (!len || (uint32_t)base + len > 0x10000 ||
	    vm->nr_io >= sizeof(vm->io) / sizeof(vm->io[0])) {
		vmm_msg("cannot register %s at port 0x%x+%u", name, base, len);
		return -1;
	}
	for (uint32_t p = base; p < (uint32_t)base + len; p++)
		if (vm->io_map[p]) {
			vmm_msg("%s: port 0x%x already belongs to %s", name, p,
				vm->io[vm->io_map[p] - 1]->name);
			return -1;
		}
	d = calloc(1, sizeof(*d));
	if (!d)
		return -1;
	*d = (struct io_dev){ .name = name, .base = base, .len = len,
			      .flags = flags, .fn = fn, .opaque = opaque };
	vm->io[vm->nr_io++] = d;
	for (uint32_t p = base; p < (uint32_t)base + len; p++)
		vm->io_map[p] = (uint8_t)vm->nr_io;
	return 0;
}

static void unknown_port(struct vm *vm, uint16_t port, uint8_t *data,
			 unsigned size, bool write)
{
	if (!write)
		memset(data, 0xff, size);
	atomic_fetch_add(&vm->cnt.port_unknown[port], 1);
	atomic_fetch_add(&vm->cnt.port_unknown_total, 1);
}

static void one_access(struct vcpu *cpu, uint16_t port, uint8_t *data,
		       unsigned size, bool write)
{
	struct vm *vm = cpu->vm;
	uint8_t i = vm->io_map[port];
	struct io_dev *d;

	if (!i) {
		unknown_port(vm, port, data, size, write);
		return;
	}
	d = vm->io[i - 1];
	atomic_fetch_add(&d->count, 1);
	if (!(d->flags & IO_BYTEWISE) || size == 1) {
		d->fn(d->opaque, cpu, port, data, size, write);
		return;
	}
	/* An 8-bit device on a wider access: one byte per port; bytes past
	 * the device's range go to whoever owns those ports. */
	for (unsigned b = 0; b < size; b++) {
		uint16_t p = (uint16_t)(port + b);

		if (p >= d->base && p - d->base < d->len)
			d->fn(d->opaque, cpu, p, data + b, 1, write);
		else
			one_access(cpu, p, data + b, 1, write);
	}
}

void ioport_dispatch(struct vcpu *cpu)
{
	struct kvm_run *run = cpu->run;
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	unsigned size = run->io.size;
	bool write = run->io.direction == KVM_EXIT_IO_OUT;

	if (size != 1 && size != 2 && size != 4)
		return;
	/* String I/O (rep ins/outs) arrives as count items in a row. */
	for (uint32_t n = 0; n < run->io.count; n++)
		one_access(cpu, run->io.port, data + n * size, size, write);
}

static void count_mmio_page(struct vm *vm, uint64_t gpa)
{
	uint64_t key = (gpa >> 12) + 1;

	for (unsigned i = 0; i < VMM_MMIO_PAGES; i++) {
		uint_fast64_t cur = atomic_load(&vm->cnt.mmio[i].page);

		if (cur == 0) {
			uint_fast64_t zero = 0;

			if (!atomic_compare_exchange_strong(&vm->cnt.mmio[i].page, &zero, key) &&
			    zero != key)
				continue;
			cur = key;
		}
		if (cur == key) {
			atomic_fetch_add(&vm->cnt.mmio[i].count, 1);
			return;
		}
	}
	/* Table full: the total still counts it. */
}

void mmio_dispatch(struct vcpu *cpu)
{
	struct kvm_run *run = cpu->run;
	uint32_t len = run->mmio.len;

	if (len > sizeof(run->mmio.data))
		len = sizeof(run->mmio.data);
	if (!run->mmio.is_write)
		memset(run->mmio.data, 0xff, len);
	if (tetd_zone_hit(cpu->vm, run->mmio.phys_addr, len)) {
		/* A load or store to the sealed zone: no data, no effect. */
		atomic_fetch_add(&cpu->vm->tetd.violations_access, 1);
		tetd_zone_violation(cpu->vm, (int)cpu->index, "access",
				    run->mmio.phys_addr, len, run->mmio.is_write);
		return;
	}
	atomic_fetch_add(&cpu->vm->cnt.mmio_unassigned, 1);
	count_mmio_page(cpu->vm, run->mmio.phys_addr);
}
