// SPDX-License-Identifier: MIT
/*
 * tetdh/vmm/kvm.c - the KVM VM: /dev/kvm, the capabilities tetdh relies
 * on, the in-kernel interrupt controllers and PIT, memory slots, IRQ lines.
 *
 * In-kernel: PIC, IOAPIC (0xFEC00000), local APICs (0xFEE00000), PIT
 * (ports 0x40-0x43) and its speaker gate (0x61), which the firmware uses
 * to calibrate the TSC. Everything else exits to ioport.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "vmm.h"

/* Intel only (real-mode emulation), harmless elsewhere: three pages for
 * the TSS and one for the identity map, below the IOAPIC and outside RAM. */
#define KVM_TSS_GPA      0xFEFFD000u
#define KVM_IDMAP_GPA    0xFEFFC000ull

static const struct {
	int cap;
	const char *name;
} required_caps[] = {
	{ KVM_CAP_IRQCHIP, "in-kernel irqchip" },
	{ KVM_CAP_PIT2, "in-kernel PIT" },
	{ KVM_CAP_USER_MEMORY, "user memory slots" },
	{ KVM_CAP_EXT_CPUID, "KVM_GET_SUPPORTED_CPUID" },
	{ KVM_CAP_MP_STATE, "vCPU MP state" },
	{ KVM_CAP_IMMEDIATE_EXIT, "immediate_exit" },
	{ KVM_CAP_IRQ_ROUTING, "GSI routing" },
};

/*
 * GSI routing as a PC has it and as the firmware's MADT describes it (one
 * interrupt source override: ISA IRQ 0 -> GSI 2): ISA IRQs 0-15 reach the
 * PICs (2 is the cascade) and IOAPIC pins 1-23 carry GSIs 1-23, but the
 * PIT's IRQ 0 arrives at IOAPIC pin 2. KVM's default routing would put it
 * on pin 0, where the MADT tells the OS nothing is connected.
 */
static int set_gsi_routing(struct vm *vm)
{
	struct kvm_irq_routing *r;
	unsigned n = 0;
	int ret;

	r = calloc(1, sizeof(*r) + 40 * sizeof(r->entries[0]));
	if (!r)
		return -1;
	for (unsigned irq = 0; irq < 16; irq++) {
		if (irq == 2)
			continue;
		r->entries[n++] = (struct kvm_irq_routing_entry){
			.gsi = irq, .type = KVM_IRQ_ROUTING_IRQCHIP,
			.u.irqchip = { .irqchip = irq < 8 ? KVM_IRQCHIP_PIC_MASTER :
						   KVM_IRQCHIP_PIC_SLAVE, .pin = irq % 8 },
		};
	}
	for (unsigned gsi = 0; gsi < 24; gsi++) {
		if (gsi == 2)
			continue;
		r->entries[n++] = (struct kvm_irq_routing_entry){
			.gsi = gsi, .type = KVM_IRQ_ROUTING_IRQCHIP,
			.u.irqchip = { .irqchip = KVM_IRQCHIP_IOAPIC, .pin = gsi ? gsi : 2 },
		};
	}
	r->nr = n;
	ret = ioctl(vm->vm_fd, KVM_SET_GSI_ROUTING, r);
	if (ret < 0)
		vmm_msg("KVM_SET_GSI_ROUTING: %s", strerror(errno));
	free(r);
	return ret < 0 ? -1 : 0;
}

int kvm_init(struct vm *vm)
{
	/* SPEAKER_DUMMY: KVM then also answers port 0x61 (channel 2 gate and
	 * output), which PIT-based TSC calibration polls. */
	struct kvm_pit_config pit = { .flags = KVM_PIT_SPEAKER_DUMMY };
	int ver, r;

	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0) {
		vmm_msg("cannot open /dev/kvm: %s (no KVM here? tools/hostvm runs "
			"tetdh inside a VM that has one)", strerror(errno));
		return -1;
	}
	ver = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
	if (ver != KVM_API_VERSION) {
		vmm_msg("/dev/kvm speaks API version %d, tetdh needs %d", ver,
			KVM_API_VERSION);
		return -1;
	}
	for (size_t i = 0; i < sizeof(required_caps) / sizeof(required_caps[0]); i++)
		if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, required_caps[i].cap) <= 0) {
			vmm_msg("this KVM lacks %s (capability %d)",
				required_caps[i].name, required_caps[i].cap);
			return -1;
		}
	r = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS);
	if (r > 0 && vm->nr_vcpus > (unsigned)r) {
		vmm_msg("-smp %u: this KVM runs at most %d vCPUs per VM",
			vm->nr_vcpus, r);
		return -1;
	}
	r = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (r <= 0) {
		vmm_msg("KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
		return -1;
	}
	vm->run_size = (size_t)r;
	/* With sync regs KVM hands the GPRs over in kvm_run on every exit, so
	 * a TDCALL costs no KVM_GET_REGS/KVM_SET_REGS ioctls (two extra round
	 * trips to the host kernel, expensive when tetdh itself is nested). */
	vm->sync_regs = vm->opt->sync_regs &&
			(ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SYNC_REGS) &
			 KVM_SYNC_X86_REGS) != 0;

	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0) {
		vmm_msg("KVM_CREATE_VM: %s", strerror(errno));
		return -1;
	}
	if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SET_TSS_ADDR) > 0 &&
	    ioctl(vm->vm_fd, KVM_SET_TSS_ADDR, KVM_TSS_GPA) < 0) {
		vmm_msg("KVM_SET_TSS_ADDR: %s", strerror(errno));
		return -1;
	}
	if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SET_IDENTITY_MAP_ADDR) > 0) {
		uint64_t idmap = KVM_IDMAP_GPA;

		if (ioctl(vm->vm_fd, KVM_SET_IDENTITY_MAP_ADDR, &idmap) < 0) {
			vmm_msg("KVM_SET_IDENTITY_MAP_ADDR: %s", strerror(errno));
			return -1;
		}
	}
	if (ioctl(vm->vm_fd, KVM_CREATE_IRQCHIP, 0) < 0) {
		vmm_msg("KVM_CREATE_IRQCHIP: %s", strerror(errno));
		return -1;
	}
	if (set_gsi_routing(vm))
		return -1;
	if (ioctl(vm->vm_fd, KVM_CREATE_PIT2, &pit) < 0) {
		vmm_msg("KVM_CREATE_PIT2: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int kvm_add_slot(struct vm *vm, unsigned id, const struct mem_slot *s)
{
	struct kvm_userspace_memory_region r = {
		.slot = id,
		.guest_phys_addr = s->gpa,
		.memory_size = s->size,
		.userspace_addr = (uintptr_t)s->host,
	};

	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &r) < 0) {
		vmm_msg("KVM_SET_USER_MEMORY_REGION %s 0x%llx+0x%llx: %s", s->name,
			(unsigned long long)s->gpa, (unsigned long long)s->size,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* ISA IRQs go to the PIC and the IOAPIC pin of the same number (KVM's
 * default routing). Edge-triggered devices drive the line like a wire:
 * high while they want service, low after the guest acknowledged it. */
void kvm_irq_line(struct vm *vm, unsigned irq, int level)
{
	struct kvm_irq_level l = { .irq = irq, .level = level };

	if (ioctl(vm->vm_fd, KVM_IRQ_LINE, &l) < 0)
		vmm_msg("KVM_IRQ_LINE %u=%d: %s", irq, level, strerror(errno));
}
