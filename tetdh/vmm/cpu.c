// SPDX-License-Identifier: MIT
/*
 * tetdh/vmm/cpu.c - the vCPUs: what a TD vCPU looks like at its first
 * instruction, what CPUID tells it, and the run loop with the VMM's one
 * exit dispatcher.
 *
 * Initial state (TDX module spec, "Initial State of Guest TD vCPU", as
 * TDH.VP.INIT leaves it): every vCPU at RIP 0xFFFFFFF0, 32-bit flat
 * protected mode (CS base 0 limit 4 GiB, 32-bit code; flat DS/ES/FS/GS/SS),
 * CR0 = PE|NE, EFER = LME, paging off, RFLAGS = 0x2; EBX = GPAW, ESI =
 * vCPU index, RCX = the TD HOB GPA (TDH.VP.INIT's RCX). The APs run at
 * once, like a TD's, and park in the firmware; KVM would otherwise hold
 * them until INIT-SIPI.
 * CR4: the module sets MCE and VMXE. VMXE means nothing outside VMX (and
 * AMD KVM refuses it), so tetdh sets MCE and PAE. PAE changes nothing
 * while paging is off (the firmware sets it first thing anyway), but it
 * matters to QEMU's TCG emulation of SVM, which runs tools/hostvm: a
 * #VMEXIT from a guest with EFER.LME = 1, CR0.PG = 0 and CR4.PAE = 0
 * fails to restore the host's CR0 (QEMU 7.2 cpu_x86_update_cr0 returns
 * early) and the host VM's CPU hangs with paging off.
 *
 * CPUID: KVM's supported set, with tetdh's hypervisor leaf in place of
 * KVM's (0x40000000: max leaf 0x40000001, "TETDhTETDhTE"; 0x40000001
 * empty: no KVM paravirt features are offered), no TDX leaf 0x21 (the
 * firmware must take the sim TDCALL path), and per-vCPU APIC IDs equal to
 * the vCPU index (leaf 1 EBX[31:24], x2APIC leaf 0xB EDX, AMD 0x8000001E)
 * to match the firmware's MADT and its AP mailbox loop.
 */
#include <errno.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <tetd/tetdh.h>

#include "vmm.h"

#define RESET_RIP      0xFFFFFFF0ull
#define CR0_PE         0x1ull
#define CR0_NE         0x20ull
#define CR4_PAE        0x20ull
#define CR4_MCE        0x40ull
#define EFER_LME       0x100ull
#define SEL_CODE32     0x08
#define SEL_DATA       0x10
#define CPUID_HYPERVISOR (1u << 31)   /* leaf 1 ECX */
#define CPUID_HTT        (1u << 28)   /* leaf 1 EDX */
#define KICK_SIGNAL    SIGUSR1

static struct kvm_cpuid2 *supported;

static struct kvm_cpuid2 *cpuid_alloc(unsigned n)
{
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));

	if (c)
		c->nent = n;
	return c;
}

static int get_supported(struct vm *vm)
{
	for (unsigned n = 128; !supported && n <= 4096; n *= 2) {
		struct kvm_cpuid2 *c = cpuid_alloc(n);

		if (!c)
			return -1;
		if (ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, c) == 0) {
			supported = c;
			return 0;
		}
		free(c);
		if (errno != E2BIG) {
			vmm_msg("KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
			return -1;
		}
	}
	return supported ? 0 : -1;
}

static struct kvm_cpuid_entry2 *find(struct kvm_cpuid2 *c, uint32_t fn, uint32_t idx)
{
	for (unsigned i = 0; i < c->nent; i++)
		if (c->entries[i].function == fn &&
		    (!(c->entries[i].flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) ||
		     c->entries[i].index == idx))
			return &c->entries[i];
	return NULL;
}

uint64_t cpu_xfam(struct vm *vm)
{
	struct kvm_cpuid_entry2 *e;

	if (get_supported(vm))
		return 0x3;
	e = find(supported, 0xd, 0);
	/* XCR0-managed features KVM offers; x87 and SSE at least. */
	return e ? ((uint64_t)e->edx << 32 | e->eax) | 0x3 : 0x3;
}

static unsigned order(unsigned n)   /* bits to hold 0..n-1 */
{
	unsigned b = 0;

	while ((1u << b) < n)
		b++;
	return b;
}

/* The vCPU's CPUID table, built from KVM's supported one. */
struct kvm_cpuid2 *vcpu_cpuid(struct vm *vm, unsigned idx)
{
	unsigned n = vm->nr_vcpus, bits = order(n), k = 0;
	struct kvm_cpuid2 *c = cpuid_alloc(supported->nent + 8);
	uint32_t sig[3];

	if (!c)
		return NULL;
	for (unsigned i = 0; i < supported->nent; i++) {
		struct kvm_cpuid_entry2 e = supported->entries[i];

		if ((e.function & 0xf0000000u) == 0x40000000u ||  /* KVM's leaves */
		    e.function == 0x21 || e.function == 0xb || e.function == 0x1f)
			continue;
		switch (e.function) {
		case 0:
			if (e.eax < 0xb)
				e.eax = 0xb;
			break;
		case 1:
			e.ebx = (e.ebx & 0xffffu) | (n > 1 ? (n & 0xff) << 16 : 0) | idx << 24;
			e.ecx |= CPUID_HYPERVISOR;
			if (n > 1)
				e.edx |= CPUID_HTT;
			break;
		case 0x80000008:
			e.ecx = (e.ecx & ~0xf0ffu) | bits << 12 | (n - 1);
			break;
		case 0x8000001e:
			e.eax = idx;            /* extended APIC ID */
			e.ebx = idx & 0xff;     /* core id, one thread per core */
			e.ecx = 0;              /* node 0 */
			break;
		default:
			break;
		}
		c->entries[k++] = e;
	}
	/* x2APIC topology: SMT level (1 thread), core level (n cores). */
	for (unsigned sub = 0; sub < 3; sub++) {
		struct kvm_cpuid_entry2 e = {
			.function = 0xb, .index = sub,
			.flags = KVM_CPUID_FLAG_SIGNIFCANT_INDEX, .edx = idx,
		};

		if (sub == 0)
			e.eax = 0, e.ebx = 1, e.ecx = 1u << 8;
		else if (sub == 1)
			e.eax = bits, e.ebx = n, e.ecx = 2u << 8 | 1;
		else
			e.ecx = sub;
		c->entries[k++] = e;
	}
	memcpy(sig, TETDH_CPUID_SIGNATURE, sizeof(sig));
	c->entries[k++] = (struct kvm_cpuid_entry2){
		.function = TETDH_CPUID_LEAF, .eax = TETDH_CPUID_LEAF + 1,
		.ebx = sig[0], .ecx = sig[1], .edx = sig[2],
	};
	c->entries[k++] = (struct kvm_cpuid_entry2){ .function = TETDH_CPUID_LEAF + 1 };
	c->nent = k;
	return c;
}

static void flat_seg(struct kvm_segment *s, uint16_t sel, uint8_t type)
{
	*s = (struct kvm_segment){
		.base = 0, .limit = 0xffffffff, .selector = sel, .type = type,
		.present = 1, .dpl = 0, .db = 1, .s = 1, .l = 0, .g = 1,
	};
}

static int set_td_state(struct vcpu *cpu)
{
	struct vm *vm = cpu->vm;
	struct kvm_sregs sr;
	struct kvm_regs r = {
		.rip = RESET_RIP, .rflags = 0x2,
		.rbx = VMM_GPAW, .rsi = cpu->index, .rcx = vm->hob_gpa,
	};

	if (ioctl(cpu->fd, KVM_GET_SREGS, &sr) < 0)
		return -1;
	flat_seg(&sr.cs, SEL_CODE32, 0xb);           /* execute/read, accessed */
	flat_seg(&sr.ds, SEL_DATA, 0x3);          /* read/write, accessed */
	sr.es = sr.fs = sr.gs = sr.ss = sr.ds;
	sr.tr = (struct kvm_segment){ .limit = 0xffff, .type = 0xb, .present = 1 };
	sr.ldt = (struct kvm_segment){ .limit = 0xffff, .type = 0x2, .present = 1 };
	sr.gdt.base = 0, sr.gdt.limit = 0xffff;
	sr.idt.base = 0, sr.idt.limit = 0xffff;
	sr.cr0 = CR0_PE | CR0_NE;
	sr.cr2 = sr.cr3 = 0;
	sr.cr4 = CR4_MCE | CR4_PAE;
	sr.efer = EFER_LME;
	if (ioctl(cpu->fd, KVM_SET_SREGS, &sr) < 0)
		return -1;
	if (ioctl(cpu->fd, KVM_SET_REGS, &r) < 0)
		return -1;
	if (cpu->index) {
		struct kvm_mp_state mp = { .mp_state = KVM_MP_STATE_RUNNABLE };

		if (ioctl(cpu->fd, KVM_SET_MP_STATE, &mp) < 0)
			return -1;
	}
	return 0;
}

int cpu_init_all(struct vm *vm)
{
	if (get_supported(vm))
		return -1;
	vm->vcpu = calloc(vm->nr_vcpus, sizeof(*vm->vcpu));
	if (!vm->vcpu)
		return -1;
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *cpu = &vm->vcpu[i];
		struct kvm_cpuid2 *c;

		cpu->vm = vm;
		cpu->index = i;
		cpu->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, i);
		if (cpu->fd < 0) {
			vmm_msg("KVM_CREATE_VCPU %u: %s", i, strerror(errno));
			return -1;
		}
		cpu->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE,
				MAP_SHARED, cpu->fd, 0);
		if (cpu->run == MAP_FAILED) {
			vmm_msg("mmap of vCPU %u's kvm_run: %s", i, strerror(errno));
			return -1;
		}
		if (vm->sync_regs)
			cpu->run->kvm_valid_regs = KVM_SYNC_X86_REGS;
		c = vcpu_cpuid(vm, i);
		if (!c || ioctl(cpu->fd, KVM_SET_CPUID2, c) < 0) {
			vmm_msg("KVM_SET_CPUID2 on vCPU %u: %s", i, strerror(errno));
			free(c);
			return -1;
		}
		free(c);
		if (set_td_state(cpu)) {
			vmm_msg("setting vCPU %u's initial TD state: %s", i, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ dumps */

static const char *const exit_names[] = {
	[KVM_EXIT_UNKNOWN] = "unknown", [KVM_EXIT_EXCEPTION] = "exception",
	[KVM_EXIT_IO] = "io", [KVM_EXIT_HYPERCALL] = "hypercall",
	[KVM_EXIT_DEBUG] = "debug", [KVM_EXIT_HLT] = "hlt",
	[KVM_EXIT_MMIO] = "mmio", [KVM_EXIT_IRQ_WINDOW_OPEN] = "irq_window_open",
	[KVM_EXIT_SHUTDOWN] = "shutdown", [KVM_EXIT_FAIL_ENTRY] = "fail_entry",
	[KVM_EXIT_INTR] = "intr", [KVM_EXIT_SET_TPR] = "set_tpr",
	[KVM_EXIT_TPR_ACCESS] = "tpr_access", [KVM_EXIT_NMI] = "nmi",
	[KVM_EXIT_INTERNAL_ERROR] = "internal_error", [KVM_EXIT_OSI] = "osi",
	[KVM_EXIT_SYSTEM_EVENT] = "system_event", [KVM_EXIT_X86_RDMSR] = "rdmsr",
	[KVM_EXIT_X86_WRMSR] = "wrmsr", [KVM_EXIT_DIRTY_RING_FULL] = "dirty_ring_full",
	[KVM_EXIT_X86_BUS_LOCK] = "bus_lock",
};

const char *cpu_exit_name(unsigned reason)
{
	if (reason < sizeof(exit_names) / sizeof(exit_names[0]) && exit_names[reason])
		return exit_names[reason];
	return NULL;
}

static void dump_seg(const char *n, const struct kvm_segment *s)
{
	fprintf(stderr, "  %-3s sel=%04x base=%016llx limit=%08x type=%x p=%u dpl=%u "
		"db=%u s=%u l=%u g=%u\n", n, s->selector, (unsigned long long)s->base,
		s->limit, s->type, s->present, s->dpl, s->db, s->s, s->l, s->g);
}

void cpu_dump(struct vcpu *cpu, const char *why)
{
	struct kvm_regs r;
	struct kvm_sregs s;

	fprintf(stderr, "tetdh: vCPU %u: %s\n", cpu->index, why);
	if (ioctl(cpu->fd, KVM_GET_REGS, &r) < 0 || ioctl(cpu->fd, KVM_GET_SREGS, &s) < 0) {
		fprintf(stderr, "  (registers unavailable: %s)\n", strerror(errno));
		return;
	}
	fprintf(stderr,
		"  rip=%016llx rsp=%016llx rflags=%016llx\n"
		"  rax=%016llx rbx=%016llx rcx=%016llx rdx=%016llx\n"
		"  rsi=%016llx rdi=%016llx rbp=%016llx\n"
		"  r8 =%016llx r9 =%016llx r10=%016llx r11=%016llx\n"
		"  r12=%016llx r13=%016llx r14=%016llx r15=%016llx\n"
		"  cr0=%016llx cr2=%016llx cr3=%016llx cr4=%016llx efer=%016llx\n"
		"  gdt=%016llx/%04x idt=%016llx/%04x apic_base=%016llx\n",
		r.rip, r.rsp, r.rflags, r.rax, r.rbx, r.rcx, r.rdx, r.rsi, r.rdi, r.rbp,
		r.r8, r.r9, r.r10, r.r11, r.r12, r.r13, r.r14, r.r15,
		s.cr0, s.cr2, s.cr3, s.cr4, s.efer, s.gdt.base, s.gdt.limit,
		s.idt.base, s.idt.limit, s.apic_base);
	dump_seg("cs", &s.cs);
	dump_seg("ss", &s.ss);
	dump_seg("ds", &s.ds);
	dump_seg("es", &s.es);
	dump_seg("fs", &s.fs);
	dump_seg("gs", &s.gs);
	dump_seg("tr", &s.tr);
}

/* ---------------------------------------------------------- run loop */

static void fatal_exit(struct vcpu *cpu, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fatal_exit(struct vcpu *cpu, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	cpu_dump(cpu, why);
	vm_stop(cpu->vm, VMM_EXIT_CRASH, "vCPU %u stopped the TD: %s", cpu->index, why);
}

static void system_event(struct vcpu *cpu)
{
	switch (cpu->run->system_event.type) {
	case KVM_SYSTEM_EVENT_SHUTDOWN:
		vm_stop(cpu->vm, VMM_EXIT_POWEROFF, "guest powered off (system event)");
		break;
	case KVM_SYSTEM_EVENT_RESET:
		vm_stop(cpu->vm, VMM_EXIT_RESET, "guest requested a reset (system "
			"event); a TD cannot be reset");
		break;
	default:
		fatal_exit(cpu, "system event %u", cpu->run->system_event.type);
	}
}

/* One exit: the single place that decides who handles it. */
static void dispatch(struct vcpu *cpu)
{
	struct kvm_run *run = cpu->run;

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		ioport_dispatch(cpu);
		break;
	case KVM_EXIT_MMIO:
		mmio_dispatch(cpu);
		break;
	case KVM_EXIT_SYSTEM_EVENT:
		system_event(cpu);
		break;
	case KVM_EXIT_SHUTDOWN:
		fatal_exit(cpu, "triple fault (KVM_EXIT_SHUTDOWN)");
		break;
	case KVM_EXIT_FAIL_ENTRY:
		fatal_exit(cpu, "VM entry failed, hardware reason 0x%llx",
			   (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		break;
	case KVM_EXIT_INTERNAL_ERROR: {
		char d[128] = "";
		size_t o = 0;

		for (unsigned i = 0; i < run->internal.ndata && i < 4; i++)
			o += (size_t)snprintf(d + o, sizeof(d) - o, " 0x%llx",
					      (unsigned long long)run->internal.data[i]);
		fatal_exit(cpu, "KVM internal error, suberror %u%s%s", run->internal.suberror,
			   *d ? ", data" : "", d);
		break;
	}
	case KVM_EXIT_HLT: /* only without an in-kernel LAPIC; never here */
	case KVM_EXIT_INTR:
		break;
	default:
		fatal_exit(cpu, "unexpected exit reason %u (%s)", run->exit_reason,
			   cpu_exit_name(run->exit_reason) ? cpu_exit_name(run->exit_reason) : "?");
		break;
	}
}

/* Exclusive agent calls: a vCPU that another one holds waits here, outside
 * KVM_RUN, so its guest state cannot change during the call. */
static void pause_point(struct vm *vm, struct vcpu *cpu)
{
	if (__atomic_load_n(&vm->pause_owner, __ATOMIC_ACQUIRE) < 0)
		return;
	pthread_mutex_lock(&vm->pause_lock);
	if (vm->pause_owner >= 0 && vm->pause_owner != (int)cpu->index) {
		vm->paused++;
		pthread_cond_broadcast(&vm->pause_cond);
		while (vm->pause_owner >= 0 && !vm_stopping(vm))
			pthread_cond_wait(&vm->pause_cond, &vm->pause_lock);
		vm->paused--;
	}
	pthread_mutex_unlock(&vm->pause_lock);
}

int cpu_pause_others(struct vm *vm, int self)
{
	pthread_mutex_lock(&vm->pause_lock);
	while (vm->pause_owner >= 0 && !vm_stopping(vm))   /* one exclusive call at a time */
		pthread_cond_wait(&vm->pause_cond, &vm->pause_lock);
	__atomic_store_n(&vm->pause_owner, self, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&vm->pause_lock);
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *c = &vm->vcpu[i];
		if ((int)i == self || !c->run || !c->thread)
			continue;
		__atomic_store_n(&c->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
		pthread_kill(c->thread, KICK_SIGNAL);
	}
	pthread_mutex_lock(&vm->pause_lock);
	while (vm->paused < vm->nr_vcpus - 1 && !vm_stopping(vm)) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += 10000000;                 /* re-kick every 10 ms */
		if (t.tv_nsec >= 1000000000) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000;
		}
		if (pthread_cond_timedwait(&vm->pause_cond, &vm->pause_lock, &t) == ETIMEDOUT)
			for (unsigned i = 0; i < vm->nr_vcpus; i++)
				if ((int)i != self && vm->vcpu[i].thread)
					pthread_kill(vm->vcpu[i].thread, KICK_SIGNAL);
	}
	pthread_mutex_unlock(&vm->pause_lock);
	return 0;
}

void cpu_resume_others(struct vm *vm)
{
	pthread_mutex_lock(&vm->pause_lock);
	__atomic_store_n(&vm->pause_owner, -1, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&vm->pause_cond);
	pthread_mutex_unlock(&vm->pause_lock);
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *cpu = arg;
	struct vm *vm = cpu->vm;
	sigset_t kick;

	sigemptyset(&kick);
	sigaddset(&kick, KICK_SIGNAL);
	pthread_sigmask(SIG_UNBLOCK, &kick, NULL);

	while (!vm_stopping(vm)) {
		uint64_t epoch;
		int r, err;

		pause_point(vm, cpu);
		/* TLB epoch accounting: this vCPU is "inside the TD" for as long
		 * as KVM_RUN runs it (docs/seam.md). */
		pthread_mutex_lock(&vm->td_lock);
		epoch = seam_pages_vcpu_enter(&vm->td.pages);
		pthread_mutex_unlock(&vm->td_lock);
		r = ioctl(cpu->fd, KVM_RUN, 0);
		err = errno;
		pthread_mutex_lock(&vm->td_lock);
		seam_pages_vcpu_exit(&vm->td.pages, epoch);
		pthread_mutex_unlock(&vm->td_lock);

		if (r < 0) {
			if (err == EINTR || err == EAGAIN) {
				atomic_fetch_add(&vm->cnt.eintr, 1);
				cpu->run->immediate_exit = 0;
				continue;
			}
			errno = err;
			fatal_exit(cpu, "KVM_RUN: %s", strerror(err));
			break;
		}
		if (cpu->run->exit_reason < VMM_EXIT_REASONS)
			atomic_fetch_add(&vm->cnt.exits[cpu->run->exit_reason], 1);
		dispatch(cpu);
	}
	return NULL;
}

static void kick_handler(int sig)
{
	(void)sig; /* only there to interrupt KVM_RUN */
}

int cpu_start_all(struct vm *vm)
{
	struct sigaction sa = { .sa_handler = kick_handler };

	sigemptyset(&sa.sa_mask);
	if (sigaction(KICK_SIGNAL, &sa, NULL) < 0)
		return -1;
	pthread_mutex_init(&vm->pause_lock, NULL);
	pthread_cond_init(&vm->pause_cond, NULL);
	vm->pause_owner = -1;
	clock_gettime(CLOCK_MONOTONIC, &vm->start);
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		int e = pthread_create(&vm->vcpu[i].thread, NULL, vcpu_thread, &vm->vcpu[i]);

		if (e) {
			vmm_msg("cannot start vCPU %u's thread: %s", i, strerror(e));
			vm_stop(vm, VMM_EXIT_ERROR, "start-up failed");
			for (unsigned j = 0; j < i; j++)
				pthread_join(vm->vcpu[j].thread, NULL);
			vm->nr_vcpus = i;
			return -1;
		}
	}
	return 0;
}

void cpu_kick_all(struct vm *vm)
{
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *cpu = &vm->vcpu[i];

		if (!cpu->run || !cpu->thread)
			continue;
		/* immediate_exit closes the race with a vCPU about to enter. */
		__atomic_store_n(&cpu->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
		pthread_kill(cpu->thread, KICK_SIGNAL);
	}
}

void cpu_join_all(struct vm *vm)
{
	for (unsigned i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpu[i].thread)
			pthread_join(vm->vcpu[i].thread, NULL);
}
