// SPDX-License-Identifier: MIT
/*
 * tetdh/vmm/tdcall.c - the sim TDCALL (ARCHITECTURE.md "TDCALL transport
 * without TDX"): the guest loads the TDX registers and writes AL to port
 * TETD_SIM_TDCALL_PORT; this handler plays the CPU's TDCALL -> TDX module
 * -> VMM path:
 *
 *   GPRs (kvm_run sync regs, else KVM_GET_REGS) -> seam_tdcall() (every
 *   operand check lives in libseam)
 *     SEAM_RESUME             registers done
 *     SEAM_EXIT_EPT_VIOLATION ACCEPT of a page nobody AUGed yet: AUG it at
 *                             the level the guest asked for and call again,
 *                             as KVM's TDX code does on that EPT violation
 *     SEAM_EXIT_VMCALL        a TDG.VP.VMCALL the model left to the VMM
 *   -> GPRs back (dirty sync regs, else KVM_SET_REGS); the guest resumes
 *   after its `out`.
 *
 * The memory libseam gets is mem.c's bounds-checked accessor, never a raw
 * pointer. One mutex (vm->td_lock) serializes every libseam call.
 *
 * VMCALLs tetdh answers: ReportFatalError (stop, status 3), MapGPA
 * (success: the model aliases shared and private GPAs to the same RAM).
 * Everything else - the instruction exits (#VE emulation: CPUID, I/O,
 * MSR, MMIO, HLT), SetupEventNotifyInterrupt, vendor calls (R10 != 0) -
 * returns TDVMCALL_STATUS_SUBFUNC_UNSUPPORTED in R10. TETD leaves
 * (include/tetd/tetdcall.h) go to the host extension, tetdh/tetd/.
 */
#include <linux/kvm.h>
#include <string.h>
#include <sys/ioctl.h>

#include <tetd/tetdcall.h>
#include <tetd/tetdh.h>

#include "vmm.h"

static void to_seam(const struct kvm_regs *k, struct seam_regs *s)
{
	*s = (struct seam_regs){
		.rax = k->rax, .rcx = k->rcx, .rdx = k->rdx, .r8 = k->r8, .r9 = k->r9,
		.r10 = k->r10, .r11 = k->r11, .r12 = k->r12, .r13 = k->r13,
		.r14 = k->r14, .r15 = k->r15,
	};
}

static void from_seam(const struct seam_regs *s, struct kvm_regs *k)
{
	k->rax = s->rax, k->rcx = s->rcx, k->rdx = s->rdx;
	k->r8 = s->r8, k->r9 = s->r9, k->r10 = s->r10, k->r11 = s->r11;
	k->r12 = s->r12, k->r13 = s->r13, k->r14 = s->r14, k->r15 = s->r15;
}

/* A VMCALL the model did not answer: v is what TDH.VP.ENTER's caller
 * would see (only the selected GPRs). Returns true if the TD must stop. */
static bool vmm_vmcall(struct vcpu *cpu, struct seam_regs *v)
{
	atomic_fetch_add(&cpu->vm->cnt.vmcall_vmm, 1);
	if (v->r10 != TDVMCALL_STANDARD) {
		v->r10 = TDVMCALL_STATUS_SUBFUNC_UNSUPPORTED;
		return false;
	}
	switch (v->r11) {
	case TDVMCALL_REPORT_FATAL_ERROR:
		vmm_msg("vCPU %u: the TD reported a fatal error (TDG.VP.VMCALL "
			"ReportFatalError, R12 = 0x%016llx)", cpu->index,
			(unsigned long long)v->r12);
		v->r10 = TDVMCALL_STATUS_SUCCESS;
		return true;
	case TDVMCALL_MAP_GPA:
		v->r10 = TDVMCALL_STATUS_SUCCESS;
		return false;
	default:
		v->r10 = TDVMCALL_STATUS_SUBFUNC_UNSUPPORTED;
		return false;
	}
}

/* The caller's GPRs: from kvm_run when KVM syncs them (no ioctl), else
 * KVM_GET_REGS. */
static int get_regs(struct vcpu *cpu, struct kvm_regs *kr)
{
	if (cpu->vm->sync_regs) {
		*kr = cpu->run->s.regs.regs;
		return 0;
	}
	if (ioctl(cpu->fd, KVM_GET_REGS, kr) < 0) {
		vm_stop(cpu->vm, VMM_EXIT_ERROR, "vCPU %u: KVM_GET_REGS failed in a TDCALL",
			cpu->index);
		return -1;
	}
	return 0;
}

/* Results back: marked dirty in kvm_run, KVM loads them before it
 * completes the `out` on the next KVM_RUN; else KVM_SET_REGS. */
static void set_regs(struct vcpu *cpu, const struct kvm_regs *kr)
{
	if (cpu->vm->sync_regs) {
		cpu->run->s.regs.regs = *kr;
		cpu->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
		return;
	}
	if (ioctl(cpu->fd, KVM_SET_REGS, kr) < 0)
		vm_stop(cpu->vm, VMM_EXIT_ERROR, "vCPU %u: KVM_SET_REGS failed in a TDCALL",
			cpu->index);
}

static void tdcall_io(void *opaque, struct vcpu *cpu, uint16_t port,
		      uint8_t *data, unsigned size, bool write)
{
	struct vm *vm = opaque;
	struct seam_exit_info info;
	struct seam_regs r, v;
	struct kvm_regs kr;
	enum seam_exit ex;
	uint64_t leaf;
	bool stop = false;

	(void)port;
	if (!write) {                 /* `in` from the port means nothing */
		memset(data, 0xff, size);
		return;
	}
	if (get_regs(cpu, &kr))
		return;
	to_seam(&kr, &r);
	if (TETD_IS_LEAF(r.rax)) {        /* the TETD host extension's */
		atomic_fetch_add(&vm->cnt.tdcall_tetd, 1);
		if (r.rax == TETD_VMM_ENTER) {
			/* Runs an agent: long, and exclusive mode needs the other
			 * vCPUs to get past their td_lock users: not under it. */
			r.rax = tetd_world_enter(vm, (int)cpu->index, r.rcx, r.rdx);
		} else if (r.rax == TETD_AGENT_ACCESS) {
			r.rax = tetd_world_access(vm, r.rcx, r.rdx, r.r8, r.r9);
		} else {
			pthread_mutex_lock(&vm->td_lock);
			tetd_call(vm, (int)cpu->index, &r);
			pthread_mutex_unlock(&vm->td_lock);
		}
		from_seam(&r, &kr);
		set_regs(cpu, &kr);
		return;
	}
	leaf = TDX_LEAF(r.rax);
	atomic_fetch_add(&vm->cnt.tdcall[leaf < VMM_TDCALL_LEAVES - 1 ? leaf :
					  VMM_TDCALL_LEAVES - 1], 1);

	pthread_mutex_lock(&vm->td_lock);
	mem_zero_cache_reset();
	ex = seam_tdcall(&vm->td, cpu->index, &r, &vm->td_mem, &info);
	if (ex == SEAM_EXIT_EPT_VIOLATION) {
		uint64_t st = seam_pages_aug(&vm->td.pages, info.gpa, info.level);

		if (st == TDX_SUCCESS) {
			atomic_fetch_add(&vm->cnt.aug_pages, 1);
			ex = seam_tdcall(&vm->td, cpu->index, &r, &vm->td_mem, &info);
		}
		if (ex == SEAM_EXIT_EPT_VIOLATION) {
			/* Nothing KVM could map there: fail the ACCEPT rather
			 * than let the guest retry forever. */
			atomic_fetch_add(&vm->cnt.aug_failed, 1);
			r.rax = TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
			ex = SEAM_RESUME;
		}
	}
	pthread_mutex_unlock(&vm->td_lock);

	if (ex == SEAM_EXIT_VMCALL) {
		v = info.vmcall;
		stop = vmm_vmcall(cpu, &v);
		seam_vmcall_complete(&r, &v);
	}
	if (vm->opt->debug && ex == SEAM_RESUME && TDX_STATUS_IS_ERROR(r.rax))
		vmm_msg("vCPU %u: TDCALL leaf %llu (rcx 0x%llx, rdx 0x%llx) -> status "
			"0x%016llx", cpu->index, (unsigned long long)leaf,
			(unsigned long long)kr.rcx, (unsigned long long)kr.rdx,
			(unsigned long long)r.rax);
	from_seam(&r, &kr);
	set_regs(cpu, &kr);
	if (stop)
		vm_stop(vm, VMM_EXIT_CRASH, "stopped on the TD's fatal error report");
}

int tdcall_init(struct vm *vm)
{
	return ioport_register(vm, "sim-tdcall", TETD_SIM_TDCALL_PORT, 1, 0,
			       tdcall_io, vm);
}
