// SPDX-License-Identifier: MIT
/*
 * tetdh/tetd/world.c - the agent world (ARCHITECTURE.md "Agent calls and
 * zone isolation"): a second KVM VM in the tetdh process that maps the
 * TD's RAM read-only and the zone read-write, and one vCPU that runs agent
 * handlers with the zone's page tables, GDT, TSS and IDT (what tetdg-early
 * built and the seal froze). The TD's own VM no longer maps the zone.
 *
 * Nothing here trusts the zone's contents blindly: the header and agent
 * table are validated against the measured zone range when the world is
 * built, and every address used on a call (handler, stack, call page) is
 * checked to lie inside that agent's part of the zone.
 *
 * A call (TETD_VMM_ENTER, RCX = agent index, RDX = mode):
 *   1. copy the agent's 4 KiB call buffer (its GPA comes from the sealed
 *      table, never from the caller) from TD memory into the agent's call
 *      page inside the zone, bounds checked: the kernel cannot change the
 *      arguments while the handler runs;
 *   2. run the handler on the world vCPU: RIP = handler, RDI = the call
 *      page, the return address = the dispatcher's host_return, which ends
 *      the call with TETD_VMM_RESUME through the sim TDCALL port;
 *   3. copy the header and the bounded output back to the TD's call
 *      buffer - nothing else of the call page, so a handler cannot leak
 *      through in[] or reserved fields.
 * Exclusive mode pauses every other TD vCPU for the call (cpu.c's pause
 * gate); collaborative mode lets them run. An exception (the dispatcher's
 * IDT reports it), a triple fault, an access outside the world's memory,
 * HLT, or running past the time budget is an agent fault: that agent is
 * disabled, the caller gets TETD_ST_AGENT_FAULT, the TD runs on.
 * Host listeners: every completed call adds 1 to each eventfd handed out
 * on the control socket ({"cmd":"events"}, tools/tetdh-listen).
 */
#include <errno.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <tetd/agent.h>
#include <tetd/tdx.h>
#include <tetd/tetdcall.h>
#include <tetd/tetdh.h>
#include <tetd/zone.h>
#include <tetd/zone_check.h>

#include "vmm.h"


static int add_region(struct vm *vm, unsigned *slot, uint64_t gpa, uint64_t size,
		      uint8_t *host, bool ro)
{
	struct kvm_userspace_memory_region r = {
		.slot = (*slot)++, .flags = ro ? KVM_MEM_READONLY : 0,
		.guest_phys_addr = gpa, .memory_size = size,
		.userspace_addr = (uintptr_t)host,
	};

	if (!size)
		return 0;
	if (ioctl(vm->tetd.world_vm, KVM_SET_USER_MEMORY_REGION, &r) < 0) {
		vmm_msg("agent world: memory 0x%llx+0x%llx: %s", (unsigned long long)gpa,
			(unsigned long long)size, strerror(errno));
		return -1;
	}
	return 0;
}

/* TD RAM read-only, the zone read-write: the same host pages the TD has. */
static int world_memory(struct vm *vm)
{
	const struct tetd_host *h = &vm->tetd;
	unsigned slot = 0;

	for (unsigned i = 0; i < vm->nr_slots; i++) {
		const struct mem_slot *s = &vm->slot[i];
		uint64_t end = s->gpa + s->size;

		if (h->zone_gpa >= s->gpa && h->zone_gpa + h->zone_size <= end) {
			uint64_t below = h->zone_gpa - s->gpa;
			if (add_region(vm, &slot, s->gpa, below, s->host, true) ||
			    add_region(vm, &slot, h->zone_gpa, h->zone_size, s->host + below,
				       false) ||
			    add_region(vm, &slot, h->zone_gpa + h->zone_size,
				       end - h->zone_gpa - h->zone_size,
				       s->host + below + h->zone_size, true))
				return -1;
		} else if (add_region(vm, &slot, s->gpa, s->size, s->host, true)) {
			return -1;
		}
	}
	return 0;
}

static int check_agent(const struct tetd_host *h, const struct tetd_zone_agent *a,
		       unsigned i, char *why, size_t n)
{
	const char *bad = tetd_zone_check_agent(a, h->zone_gpa, h->zone_size);

	if (bad)
		snprintf(why, n, "agent %u: %s", i, bad);
	return bad ? -1 : 0;
}

int tetd_world_create(struct vm *vm)
{
	struct tetd_host *h = &vm->tetd;
	const struct tetd_zone_header *hdr = mem_ptr(vm, h->zone_gpa, sizeof(*hdr));
	char why[96] = "";
	struct kvm_cpuid2 *c = NULL;

	pthread_mutex_init(&h->world_lock, NULL);
	h->world_budget_ms = vm->opt->agent_budget_ms;
	const char *bad = hdr ? tetd_zone_check_header(hdr, h->zone_gpa, h->zone_size)
			      : "no zone header";
	if (bad)
		snprintf(why, sizeof(why), "%s", bad);
	if (!why[0]) {
		const struct tetd_zone_agent *t = mem_ptr(vm, hdr->table_gpa,
							  sizeof(*t) * hdr->agent_count);
		h->nagents = hdr->agent_count;
		for (unsigned i = 0; t && i < h->nagents && !why[0]; i++) {
			h->agent[i] = t[i];
			check_agent(h, &h->agent[i], i, why, sizeof(why));
		}
	}
	if (why[0]) {
		vmm_msg("agent world not built: %s; agent calls will fail", why);
		return -1;
	}

	h->world_vm = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (h->world_vm < 0 || world_memory(vm)) {
		vmm_msg("agent world: KVM_CREATE_VM/memory failed");
		return -1;
	}
	h->world_cpu = ioctl(h->world_vm, KVM_CREATE_VCPU, 0);
	h->world_run = h->world_cpu < 0 ? MAP_FAILED :
		       mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
			    h->world_cpu, 0);
	c = vcpu_cpuid(vm, 0);
	if (h->world_run == MAP_FAILED || !c || ioctl(h->world_cpu, KVM_SET_CPUID2, c) < 0) {
		vmm_msg("agent world: vCPU setup failed: %s", strerror(errno));
		free(c);
		return -1;
	}
	free(c);
	/* The dispatcher must end calls and faults with an exit to us. */
	uint8_t *mode = mem_ptr(vm, h->zone_gpa + TETD_ZONE_DATA_OFF + TETD_ZD_HOSTMODE, 1);
	*mode = 1;
	h->world_ready = true;
	vmm_msg("agent world: %u agents, zone 0x%llx+0x%llx read-write, TD RAM read-only",
		h->nagents, (unsigned long long)h->zone_gpa, (unsigned long long)h->zone_size);
	return 0;
}

static struct kvm_segment seg(uint16_t sel, uint8_t type, bool code)
{
	return (struct kvm_segment){ .base = 0, .limit = 0xffffffff, .selector = sel,
				     .type = type, .present = 1, .dpl = 0, .db = !code,
				     .s = 1, .l = code, .g = 1 };
}

/* Long mode with the zone's tables, as zone_enter leaves the CPU. */
static int world_sregs(struct vm *vm)
{
	const struct tetd_host *h = &vm->tetd;
	uint64_t data = h->zone_gpa + TETD_ZONE_DATA_OFF;
	struct kvm_sregs s;

	if (ioctl(h->world_cpu, KVM_GET_SREGS, &s) < 0)
		return -1;
	s.cs = seg(TETD_ZONE_SEL_CODE, 0xb, true);
	s.ds = s.es = s.fs = s.gs = s.ss = seg(TETD_ZONE_SEL_DATA, 0x3, false);
	s.tr = (struct kvm_segment){ .base = data + TETD_ZD_TSS, .limit = 103,
				     .selector = TETD_ZONE_SEL_TSS, .type = 0xb, .present = 1 };
	s.ldt = (struct kvm_segment){ .type = 0x2, .present = 1, .limit = 0xffff };
	s.gdt.base = data + TETD_ZD_GDT;
	s.gdt.limit = 5 * 8 - 1;
	s.idt.base = data + TETD_ZD_IDT;
	s.idt.limit = 16 * TETD_ZD_IDT_VECTORS - 1;
	s.cr0 = 0x80050033;                    /* PG WP NE ET MP PE */
	s.cr3 = h->zone_gpa + TETD_ZONE_PT_OFF;
	s.cr4 = 0x20 | 0x200 | 0x400;          /* PAE OSFXSR OSXMMEXCPT */
	s.efer = 0x100 | 0x400 | 0x800;        /* LME LMA NXE */
	return ioctl(h->world_cpu, KVM_SET_SREGS, &s);
}

enum run_result { RUN_DONE, RUN_FAULT };

/* Run the world vCPU until the dispatcher reports back or the agent
 * misbehaves. *result = the handler's return (RUN_DONE). */
/* TETD_AGENT_DISABLE issued inside the agent world by agent `self`. */
static uint64_t world_disable(struct vm *vm, unsigned self, uint64_t target)
{
	struct tetd_host *h = &vm->tetd;

	if (!(h->agent[self].caps & TETD_CAP_ADMIN))
		return TETD_ST_DENIED;
	if (target >= h->nagents || target == self)
		return TETD_ST_NO_AGENT;
	tetd_agent_disable(vm, (unsigned)target, "disabled by the admin agent");
	return TDX_SUCCESS;
}

void tetd_agent_disable(struct vm *vm, unsigned idx, const char *why)
{
	struct tetd_host *h = &vm->tetd;
	struct tetd_zone_agent *t = mem_ptr(vm, h->zone_gpa + TETD_ZONE_TABLE_OFF,
					    sizeof(*t) * h->nagents);

	if (idx >= h->nagents || atomic_exchange(&h->disabled[idx], true))
		return;
	if (t)                   /* what admin agents and the table readers see */
		t[idx].state = TETD_ZONE_AGENT_DISABLED;
	vmm_msg("agent %s (%u) disabled: %s", h->agent[idx].name, idx, why);
}

static enum run_result world_run(struct vm *vm, unsigned self, uint64_t *result, char *why,
				 size_t n)
{
	struct tetd_host *h = &vm->tetd;
	struct kvm_run *run = h->world_run;
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD_ID, .sigev_signo = SIGUSR1 };
	/* Periodic, so a tick lost just before KVM_RUN is caught by the next. */
	struct itimerspec its = { .it_value = { 0, 100000000 }, .it_interval = { 0, 100000000 } };
	struct timespec t0, t1;
	timer_t timer;
	enum run_result rr = RUN_FAULT;

	sev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
	bool timed = timer_create(CLOCK_MONOTONIC, &sev, &timer) == 0 &&
		     timer_settime(timer, 0, &its, NULL) == 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (ioctl(h->world_cpu, KVM_RUN, 0) < 0) {
			if (errno != EINTR) {
				snprintf(why, n, "KVM_RUN: %s", strerror(errno));
				break;
			}
			clock_gettime(CLOCK_MONOTONIC, &t1);
			/* signed: tv_nsec alone may go down between t0 and t1 */
			int64_t ms = ((int64_t)(t1.tv_sec - t0.tv_sec) * 1000000000 +
				      (t1.tv_nsec - t0.tv_nsec)) / 1000000;
			if (ms >= (int64_t)h->world_budget_ms || vm_stopping(vm)) {
				snprintf(why, n, "ran past its %llu ms budget",
					 (unsigned long long)h->world_budget_ms);
				break;
			}
			continue;
		}
		if (run->exit_reason == KVM_EXIT_IO && run->io.port == TETD_SIM_TDCALL_PORT &&
		    run->io.direction == KVM_EXIT_IO_OUT) {
			struct kvm_regs r;
			if (ioctl(h->world_cpu, KVM_GET_REGS, &r) == 0 && r.rax == TETD_AGENT_DISABLE) {
				r.rax = world_disable(vm, self, r.rcx);
				if (ioctl(h->world_cpu, KVM_SET_REGS, &r) < 0) {
					snprintf(why, n, "KVM_SET_REGS: %s", strerror(errno));
					break;
				}
				continue;
			}
			if (r.rax != TETD_VMM_RESUME) {
				snprintf(why, n, "unexpected call 0x%llx from the agent world",
					 (unsigned long long)r.rax);
				break;
			}
			if (r.rcx == TETD_ZONE_FAULTED) {
				const struct tetd_zone_fault *f =
					mem_ptr(vm, h->zone_gpa + TETD_ZONE_DATA_OFF + TETD_ZD_FAULT,
						sizeof(*f));
				snprintf(why, n, "exception %llu at rip 0x%llx (error 0x%llx, "
					 "cr2 0x%llx)", (unsigned long long)f->vector,
					 (unsigned long long)f->rip,
					 (unsigned long long)f->error_code,
					 (unsigned long long)f->cr2);
				break;
			}
			*result = r.rcx;
			rr = RUN_DONE;
			break;
		}
		switch (run->exit_reason) {
		case KVM_EXIT_SHUTDOWN:
			snprintf(why, n, "triple fault");
			break;
		case KVM_EXIT_MMIO:
			snprintf(why, n, "%s of 0x%llx outside its memory",
				 run->mmio.is_write ? "write" : "read",
				 (unsigned long long)run->mmio.phys_addr);
			break;
		case KVM_EXIT_HLT:
			snprintf(why, n, "HLT");
			break;
		default:
			snprintf(why, n, "exit reason %u", run->exit_reason);
			break;
		}
		break;
	}
	if (timed)
		timer_delete(timer);
	run->immediate_exit = 0;
	return rr;
}

uint64_t tetd_world_enter(struct vm *vm, int vcpu, uint64_t agent, uint64_t mode)
{
	struct tetd_host *h = &vm->tetd;
	static union {                   /* under world_lock */
		uint8_t b[4096];
		struct tetd_call c;
	} buf;
	uint8_t *page = buf.b;
	struct tetd_call *call = &buf.c;
	char why[128] = "";
	uint64_t result = 0, st = TDX_SUCCESS;
	struct timespec t0, t1;

	if (!atomic_load(&h->sealed))
		return TETD_ST_NOT_SEALED;
	if (!h->world_ready || agent >= h->nagents) {
		atomic_fetch_add(&h->call_rejects, 1);
		return TETD_ST_NO_AGENT;
	}
	if (mode != TETD_MODE_EXCLUSIVE && mode != TETD_MODE_COLLABORATIVE)
		return TETD_ST_BAD_LEN;
	const struct tetd_zone_agent *a = &h->agent[agent];
	if (!(a->modes & mode) || a->state != TETD_ZONE_AGENT_READY)
		return TETD_ST_DENIED;
	if (atomic_load(&h->disabled[agent]))
		return TETD_ST_DISABLED;
	if (pthread_mutex_trylock(&h->world_lock)) {
		atomic_fetch_add(&h->call_rejects, 1);
		return TETD_ST_BUSY;
	}
	bool exclusive = mode == TETD_MODE_EXCLUSIVE;
	if (exclusive)
		cpu_pause_others(vm, vcpu);

	/* 1. arguments into the zone, validated there */
	if (vm->td_mem.read(vm->td_mem.opaque, a->call_buf_gpa, page, sizeof(buf)) ||
	    call->in_len > TETD_CALL_MAX_IN || call->out_len > TETD_CALL_MAX_OUT) {
		st = TETD_ST_BAD_LEN;
		goto out;
	}
	const struct tetd_agent_env *env = mem_ptr(vm, a->env_gpa, sizeof(*env));
	uint64_t handler = tetd_zone_find_handler(a, env, call->fn_id);
	if (!handler) {
		st = TETD_ST_NO_AGENT;
		atomic_fetch_add(&h->call_rejects, 1);
		goto out;
	}
	uint32_t cap = call->out_len;
	if (vm->opt->debug)
		vmm_msg("vCPU %d: call agent %llu fn %u in %u out cap %u mode %llu", vcpu,
			(unsigned long long)agent, call->fn_id, call->in_len, cap,
			(unsigned long long)mode);
	call->agent_index = (uint32_t)agent;
	call->mode = (uint32_t)mode;
	call->status = 0;
	memcpy(mem_ptr(vm, a->zone_call_gpa, 4096), page, 4096);

	/* 2. run it */
	uint64_t ret = h->zone_gpa + TETD_ZONE_CODE_OFF + TETD_ZONE_HOSTRET_OFF;
	memcpy(mem_ptr(vm, a->stack_top - 8, 8), &ret, 8);
	struct kvm_regs r = { .rip = handler, .rsp = a->stack_top - 8,
			      .rdi = a->zone_call_gpa, .rflags = 0x2 };
	if (world_sregs(vm) || ioctl(h->world_cpu, KVM_SET_REGS, &r) < 0) {
		snprintf(why, sizeof(why), "vCPU setup: %s", strerror(errno));
		st = TETD_ST_AGENT_FAULT;
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	enum run_result rr = world_run(vm, (unsigned)agent, &result, why, sizeof(why));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	atomic_store(&h->last_ns[agent], (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000000ull +
					 (uint64_t)(t1.tv_nsec - t0.tv_nsec));
	if (rr != RUN_DONE) {
		atomic_fetch_add(&h->errors[agent], 1);
		vmm_msg("agent %s (%llu) faulted on a call from vCPU %d: %s; agent disabled",
			a->name, (unsigned long long)agent, vcpu, why);
		tetd_agent_disable(vm, (unsigned)agent, "agent fault");
		st = TETD_ST_AGENT_FAULT;
		goto out;
	}

	/* 3. the bounded result back to the TD */
	memcpy(page, mem_ptr(vm, a->zone_call_gpa, 4096), 4096);
	if (call->out_len > cap)
		call->out_len = cap;
	call->status = (int32_t)(uint32_t)result;
	if ((int32_t)result != TETD_OK)
		atomic_fetch_add(&h->errors[agent], 1);
	/* Only the header (reserved fields cleared) and the produced output go
	 * back: nothing a handler left elsewhere in its call page (in[], the
	 * reserved words) reaches the TD. */
	call->reserved = 0;
	if (vm->td_mem.write(vm->td_mem.opaque, a->call_buf_gpa, page,
			     offsetof(struct tetd_call, in)) ||
	    (call->out_len &&
	     vm->td_mem.write(vm->td_mem.opaque, a->call_buf_gpa + offsetof(struct tetd_call, out),
			      call->out, call->out_len)))
		st = TETD_ST_BAD_GPA;
	atomic_fetch_add(&h->calls[agent], 1);
	pthread_mutex_lock(&h->events_lock);
	for (unsigned i = 0; i < h->nevents; i++) {
		uint64_t one = 1;
		if (write(h->events[i], &one, sizeof(one)) < 0) { /* full counter: skip */ }
	}
	pthread_mutex_unlock(&h->events_lock);
out:
	if (exclusive)
		cpu_resume_others(vm);
	pthread_mutex_unlock(&h->world_lock);
	return st;
}

uint64_t tetd_world_access(struct vm *vm, uint64_t agent, uint64_t gpa, uint64_t len,
			   uint64_t flags)
{
	struct tetd_host *h = &vm->tetd;

	if (!atomic_load(&h->sealed))
		return TETD_ST_NOT_SEALED;
	if (!h->world_ready || agent >= h->nagents)
		return TETD_ST_NO_AGENT;
	if (flags != TETD_GPA_READ)
		return TETD_ST_DENIED;            /* write grants: not supported */
	if (!len || len > (1ull << 32) || gpa + len < gpa || !mem_is_ram(vm, gpa, len))
		return TETD_ST_BAD_LEN;
	if (gpa < h->zone_gpa + h->zone_size && gpa + len > h->zone_gpa) {
		atomic_fetch_add(&h->violations_operand, 1);
		tetd_zone_violation(vm, -1, "AGENT_ACCESS grant", gpa, len, false);
		return TETD_ST_BAD_GPA;
	}
	pthread_mutex_lock(&h->world_lock);   /* not while the agent runs */
	struct tetd_agent_env *env = mem_ptr(vm, h->agent[agent].env_gpa, sizeof(*env));
	uint64_t st = tetd_zone_grant_read(env, gpa, len) ? TETD_ST_BAD_LEN : TDX_SUCCESS;
	pthread_mutex_unlock(&h->world_lock);
	return st;
}

int tetd_events_add(struct vm *vm)
{
	struct tetd_host *h = &vm->tetd;
	int fd = -1;

	pthread_mutex_lock(&h->events_lock);
	if (h->nevents < sizeof(h->events) / sizeof(h->events[0])) {
		fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (fd >= 0)
			h->events[h->nevents++] = fd;
	}
	pthread_mutex_unlock(&h->events_lock);
	return fd;
}
