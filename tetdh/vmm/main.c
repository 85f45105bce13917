// SPDX-License-Identifier: MIT
/*
 * tetdh/vmm/main.c - tetdh, the project's KVM host for the TD image
 * (ARCHITECTURE.md "TD boot flow", steps 1-2), top to bottom:
 *
 *   1. command line; the image and its TDVF metadata (nothing starts on
 *      a bad image); where RAM, the payload and the TD HOB go
 *   2. the KVM VM: irqchip, PIT, memory slots
 *   3. the TD build: TDH.MNG.INIT, PAGE.ADD/MR.EXTEND of every TDVF page,
 *      payload copies, the TD HOB, TDH.MR.FINALIZE -> MRTD
 *   4. devices: COM1, RTC, ACPI PM + reset, absent legacy ports, sim TDCALL
 *   5. vCPUs in the TD initial state, the console, the control socket
 *   6. run until the guest powers off, resets, crashes, or we are told to
 *      stop; the exit status says which (docs/tetdh.md)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm.h"

#define WAKE_MAIN SIGUSR2

static struct vm the_vm;
static char stop_msg[256];

void vmm_msg(const char *fmt, ...)
{
	char buf[1024], line[1040];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "tetdh: %s%s", buf, term_is_raw() ? "\r\n" : "\n");
	term_message(line);
}

void vmm_hex(char *out, const uint8_t *p, size_t n)
{
	static const char d[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[p[i] >> 4];
		out[2 * i + 1] = d[p[i] & 15];
	}
	out[2 * n] = 0;
}

int vmm_file_size(const char *path, const char *opt, uint64_t *size)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		vmm_msg("%s %s: %s", opt, path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		vmm_msg("%s %s: not a regular file", opt, path);
		return -1;
	}
	if (st.st_size == 0) {
		vmm_msg("%s %s: empty file", opt, path);
		return -1;
	}
	*size = (uint64_t)st.st_size;
	return 0;
}

int vmm_file_read(const char *path, const char *opt, void *buf, uint64_t size)
{
	uint8_t *p = buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		vmm_msg("%s %s: %s", opt, path, strerror(errno));
		return -1;
	}
	while (size) {
		ssize_t n = read(fd, p, size > (1u << 30) ? (1u << 30) : size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			vmm_msg("%s %s: %s", opt, path,
				n < 0 ? strerror(errno) : "shorter than it was a moment ago");
			close(fd);
			return -1;
		}
		p += n;
		size -= (uint64_t)n;
	}
	close(fd);
	return 0;
}

bool vm_stopping(struct vm *vm)
{
	return atomic_load(&vm->stopping);
}

double vm_uptime(struct vm *vm)
{
	struct timespec now;

	if (!vm->start.tv_sec && !vm->start.tv_nsec)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - vm->start.tv_sec) +
	       (now.tv_nsec - vm->start.tv_nsec) / 1e9;
}

void vm_stop(struct vm *vm, int status, const char *fmt, ...)
{
	bool expected = false;
	va_list ap;

	if (!atomic_compare_exchange_strong(&vm->stopping, &expected, true))
		return;
	atomic_store(&vm->exit_status, status);
	va_start(ap, fmt);
	vsnprintf(stop_msg, sizeof(stop_msg), fmt, ap);
	va_end(ap);
	cpu_kick_all(vm);
	pthread_kill(vm->main_thread, WAKE_MAIN);
}

/* Signals: vCPU threads unblock the kick signal themselves; everything
 * else is handled synchronously here in main (sigwait). */
static void block_signals(sigset_t *wait_set)
{
	sigset_t all;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(wait_set);
	sigaddset(wait_set, SIGINT);
	sigaddset(wait_set, SIGTERM);
	sigaddset(wait_set, SIGHUP);
	sigaddset(wait_set, WAKE_MAIN);
	all = *wait_set;
	sigaddset(&all, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
}

static int build(struct vm *vm)
{
	const struct vmm_options *o = vm->opt;

	if (td_read_image(vm, o->bios))
		return -1;
	mem_layout(vm, o->mem);
	tetd_zone_setup(vm);
	if (hob_place_payload(vm))
		return -1;
	if (kvm_init(vm) || mem_init(vm, vm->image.size))
		return -1;
	if (td_build(vm) || hob_load_payload(vm) || hob_build(vm) || td_finalize(vm))
		return -1;
	if (serial_init(vm) || rtc_init(vm) || pm_init(vm) || legacy_init(vm) ||
	    tdcall_init(vm))
		return -1;
	if (cpu_init_all(vm))
		return -1;
	if (o->control && control_init(vm, o->control))
		return -1;
	return 0;
}

static void summary(struct vm *vm, int status)
{
	uint64_t exits = 0;

	for (unsigned i = 0; i < VMM_EXIT_REASONS; i++)
		exits += atomic_load(&vm->cnt.exits[i]);
	vmm_msg("%s (exit status %d; %.3f s, %llu exits, %llu unclaimed port accesses)",
		stop_msg, status, vm_uptime(vm), (unsigned long long)exits,
		(unsigned long long)atomic_load(&vm->cnt.port_unknown_total));
	if (vm->tetd.zone_present)
		vmm_msg("zone 0x%llx+0x%llx: %s, %llu violations (%llu accesses, %llu "
			"TDCALL operands)", (unsigned long long)vm->tetd.zone_gpa,
			(unsigned long long)vm->tetd.zone_size,
			atomic_load(&vm->tetd.sealed) ? "sealed" : "never sealed",
			(unsigned long long)atomic_load(&vm->tetd.violations),
			(unsigned long long)atomic_load(&vm->tetd.violations_access),
			(unsigned long long)atomic_load(&vm->tetd.violations_operand));
}

/* --qe-cert: the trust anchor a verifier pins (tools/tetd-attest --cert). */
static int print_qe_cert(const char *state_dir)
{
	char msg[256] = "";
	struct seam_qe *qe = seam_qe_open(state_dir, msg, sizeof(msg));
	size_t len;
	const char *pem;

	if (!qe) {
		fprintf(stderr, "tetdh: quoting key in %s: %s\n", state_dir, msg);
		return VMM_EXIT_ERROR;
	}
	pem = seam_qe_cert_pem(qe, &len);
	fwrite(pem, 1, len, stdout);
	seam_qe_close(qe);
	return fflush(stdout) ? VMM_EXIT_ERROR : 0;
}

int main(int argc, char **argv)
{
	static struct vmm_options opt;
	struct vm *vm = &the_vm;
	sigset_t wait_set;
	int status;

	options_parse(argc, argv, &opt);
	if (opt.qe_cert)
		return print_qe_cert(opt.state_dir);
	vm->opt = &opt;
	vm->nr_vcpus = opt.smp;
	vm->kvm_fd = vm->vm_fd = -1;
	vm->main_thread = pthread_self();
	pthread_mutex_init(&vm->td_lock, NULL);
	block_signals(&wait_set);

	if (build(vm)) {
		control_cleanup(vm);
		return VMM_EXIT_ERROR;
	}
	vmm_msg("starting %u vCPU%s, %llu MiB RAM, TD HOB at 0x%llx, kernel at 0x%llx, "
		"initrd at 0x%llx+0x%llx", vm->nr_vcpus, vm->nr_vcpus > 1 ? "s" : "",
		(unsigned long long)(opt.mem / MiB), (unsigned long long)vm->hob_gpa,
		(unsigned long long)vm->payload.kernel_gpa,
		(unsigned long long)vm->payload.initrd_gpa,
		(unsigned long long)vm->payload.initrd_size);
	if (term_init(vm) || cpu_start_all(vm)) {
		term_restore();
		control_cleanup(vm);
		return VMM_EXIT_ERROR;
	}
	while (!vm_stopping(vm)) {
		int sig;

		if (sigwait(&wait_set, &sig))
			continue;
		if (sig != WAKE_MAIN)
			vm_stop(vm, 128 + sig, "terminating on signal %d (%s)", sig,
				strsignal(sig));
	}
	cpu_join_all(vm);
	status = atomic_load(&vm->exit_status);
	term_restore();
	if (opt.debug) {
		for (unsigned i = 0; i < vm->nr_vcpus; i++)
			cpu_dump(&vm->vcpu[i], "state at exit");
		control_dump_counters(vm);
	}
	control_cleanup(vm);
	summary(vm, status);
	return status;
}
