/*
 * kvmprobe - smallest useful KVM client: proves /dev/kvm runs guests and
 * measures the two numbers the project keeps comparing against.
 *
 *   loop: a guest loop of N iterations (dec/jnz), bracketed by two port
 *         writes, timed on the host between those two exits. Shows whether
 *         guest code runs natively (real VT-x/AMD-V, nested SVM in the host
 *         VM) or crawls (kvm_pvm).
 *   pio:  M `out` instructions to one port, each a full exit to this
 *         process and back: total time / M is the "null port-I/O exit"
 *         round trip, the anchor for tetdh's sim-TDCALL cost.
 *
 * The guest is 16-bit real mode code at 0x1000 in a 2 MiB slot at GPA 0;
 * no page tables, no descriptors: the vCPU's reset state with CS moved.
 * Results are printed as key=value lines (also to -o FILE) so scripts and
 * tests can grep them. Static build: gcc -static, plain libc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define GUEST_MEM   (2u << 20)
#define CODE_GPA    0x1000u

/* Ports the guest writes to; each write is one KVM_EXIT_IO. */
enum { PORT_LOOP_START = 0x10, PORT_LOOP_END = 0x11, PORT_PIO = 0x12, PORT_DONE = 0x13 };

/*
 * Guest code, 16-bit real mode. N arrives in ESI, M in EDI (set through
 * KVM_SET_REGS); both must be >= 1. 0x66 selects 32-bit operands.
 */
static const uint8_t guest_code[] = {
	0xe6, PORT_LOOP_START,  /*     out  0x10, al                    */
	0x66, 0x89, 0xf1,       /*     mov  ecx, esi                    */
	0x66, 0x49,             /* 1:  dec  ecx                         */
	0x75, 0xfc,             /*     jnz  1b                          */
	0xe6, PORT_LOOP_END,    /*     out  0x11, al                    */
	0x66, 0x89, 0xf9,       /*     mov  ecx, edi                    */
	0xe6, PORT_PIO,         /* 2:  out  0x12, al                    */
	0x66, 0x49,             /*     dec  ecx                         */
	0x75, 0xfa,             /*     jnz  2b                          */
	0xe6, PORT_DONE,        /*     out  0x13, al                    */
	0xf4,                   /*     hlt  (not reached)               */
};

static FILE *out_file;

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kvmprobe: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

/* One result line, to stdout and to the -o file. */
static void report(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (out_file) {
		va_start(ap, fmt);
		vfprintf(out_file, fmt, ap);
		va_end(ap);
	}
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Which KVM implementation backs /dev/kvm, from the loaded modules. */
static const char *kvm_backend(void)
{
	static const char *const mods[] = { "kvm_pvm", "kvm_amd", "kvm_intel" };

	for (size_t i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
		char path[64];

		snprintf(path, sizeof(path), "/sys/module/%s", mods[i]);
		if (access(path, F_OK) == 0)
			return mods[i];
	}
	return "unknown";
}

static unsigned long parse_count(const char *s, const char *what)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (*s == '\0' || *end != '\0' || v < 1 || v > 0xffffffffUl)
		die("%s must be an integer in 1..2^32-1, got '%s'", what, s);
	return v;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: kvmprobe [-n LOOP_ITERS] [-m PIO_EXITS] [-o FILE]\n"
		"Runs a real-mode guest on /dev/kvm: a loop of LOOP_ITERS (default\n"
		"1000000) iterations, then PIO_EXITS (default 10000) `out` exits.\n"
		"Prints key=value results (also written to FILE with -o).\n");
}

int main(int argc, char **argv)
{
	unsigned long n = 1000000, m = 10000;
	const char *out_path = NULL;
	int opt;

	while ((opt = getopt(argc, argv, "n:m:o:h")) != -1) {
		switch (opt) {
		case 'n': n = parse_count(optarg, "-n"); break;
		case 'm': m = parse_count(optarg, "-m"); break;
		case 'o': out_path = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (out_path && !(out_file = fopen(out_path, "w")))
		die("%s: %s", out_path, strerror(errno));

	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		die("/dev/kvm: %s", strerror(errno));
	int api = ioctl(kvm, KVM_GET_API_VERSION, 0);
	if (api != KVM_API_VERSION)
		die("KVM API version %d, expected %d", api, KVM_API_VERSION);

	int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		die("KVM_CREATE_VM: %s", strerror(errno));
	/* Needed by VMX without unrestricted guest for real mode; harmless
	 * (or unsupported, which we do not need) elsewhere. */
	(void)ioctl(vm, KVM_SET_TSS_ADDR, 0xfffbd000ul);

	uint8_t *mem = mmap(NULL, GUEST_MEM, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap guest memory: %s", strerror(errno));
	memcpy(mem + CODE_GPA, guest_code, sizeof(guest_code));
	struct kvm_userspace_memory_region region = {
		.slot = 0, .guest_phys_addr = 0, .memory_size = GUEST_MEM,
		.userspace_addr = (uintptr_t)mem,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		die("KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));

	int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		die("KVM_CREATE_VCPU: %s", strerror(errno));
	int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (int)sizeof(struct kvm_run))
		die("KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
	struct kvm_run *run = mmap(NULL, run_size, PROT_READ | PROT_WRITE,
				   MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		die("mmap kvm_run: %s", strerror(errno));

	/* Reset state is real mode at F000:FFF0; move CS to 0 and start at
	 * CODE_GPA. */
	struct kvm_sregs sregs;
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		die("KVM_GET_SREGS: %s", strerror(errno));
	sregs.cs.selector = 0;
	sregs.cs.base = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
		die("KVM_SET_SREGS: %s", strerror(errno));
	struct kvm_regs regs = {
		.rip = CODE_GPA, .rflags = 0x2, .rsi = n, .rdi = m,
	};
	if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
		die("KVM_SET_REGS: %s", strerror(errno));

	double t_loop_start = 0, t_loop_end = 0, t_pio_start = 0, t_done = 0;
	unsigned long pio_exits = 0, other_exits = 0;

	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die("KVM_RUN: %s", strerror(errno));
		}
		double t = now_us();

		if (run->exit_reason != KVM_EXIT_IO) {
			if (run->exit_reason == KVM_EXIT_INTR) {
				other_exits++;
				continue;
			}
			ioctl(vcpu, KVM_GET_REGS, &regs);
			die("unexpected exit reason %u at rip 0x%llx",
			    run->exit_reason, (unsigned long long)regs.rip);
		}
		if (run->io.direction != KVM_EXIT_IO_OUT)
			die("unexpected port read of 0x%x", run->io.port);

		if (run->io.port == PORT_LOOP_START) {
			t_loop_start = t;
		} else if (run->io.port == PORT_LOOP_END) {
			t_loop_end = t;
			t_pio_start = t;
		} else if (run->io.port == PORT_PIO) {
			pio_exits++;
		} else if (run->io.port == PORT_DONE) {
			t_done = t;
			break;
		} else {
			die("write to unexpected port 0x%x", run->io.port);
		}
	}

	/* The loop interval includes one exit round trip (the LOOP_END out);
	 * the pio interval covers M round trips plus the DONE out, i.e. M+1. */
	double loop_us = t_loop_end - t_loop_start;
	double pio_us = t_done - t_pio_start;

	report("kvm_backend=%s\n", kvm_backend());
	report("loop_iters=%lu\n", n);
	report("loop_ms=%.3f\n", loop_us / 1e3);
	report("pio_exits=%lu\n", pio_exits);
	report("pio_total_ms=%.3f\n", pio_us / 1e3);
	report("pio_exit_us=%.3f\n", pio_us / (double)(pio_exits + 1));
	report("other_exits=%lu\n", other_exits);
	report("result=ok\n");

	if (out_file && fclose(out_file) != 0)
		die("%s: %s", out_path, strerror(errno));
	return 0;
}
