/* SPDX-License-Identifier: MIT */
/*
 * tetdh/vmm/vmm.h - the VMM's one private header: the VM, its vCPUs, and
 * the entry points of each file (one section per file, as seam.h does).
 *
 *   main.c     the run, top to bottom: options, image, memory, TD build,
 *              TD HOB, devices, vCPUs, wait, exit status
 *   options.c  the command line
 *   kvm.c      /dev/kvm, the VM, memory slots, IRQ lines
 *   mem.c      guest memory: layout, GPA -> host pointer, seam accessor
 *   td.c       the TD build through libseam (PAGE.ADD/MR.EXTEND/FINALIZE)
 *   hob.c      payload placement and the TD HOB
 *   cpu.c      vCPUs: CPUID, TD initial state, the run loop and its one
 *              exit dispatcher, register dumps
 *   ioport.c   port/MMIO registry, default (absent) behaviour, counters
 *   serial.c   COM1 8250/16550A;  term.c  stdin/stdout, raw mode, escapes
 *   rtc.c      CMOS RTC;  pm.c  ACPI PM1a, PM timer, 0xCF9 reset register
 *   legacy.c   ports that read as absent, debugcon, POST, the AP park port
 *   tdcall.c   the sim TDCALL port -> seam_tdcall()
 *   control.c  the control socket (JSON lines)
 */
#ifndef TETDH_VMM_H
#define TETDH_VMM_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "seam.h"
#include "tetd.h"

#define GiB (1ull << 30)
#define MiB (1ull << 20)
#define KiB (1ull << 10)

#define VMM_MAX_VCPUS  256u         /* the firmware's MADT limit */
#define VMM_LOW_RAM_MAX (3 * GiB)   /* RAM below 4 GiB; the rest goes above */
#define VMM_HIGH_BASE  (4 * GiB)
#define VMM_GPAW       48
#define VMM_IMAGE_MAX  (64 * MiB)    /* -bios file size */
#define VMM_MEM_MIN    (128 * MiB)  /* -m: the firmware, its kernel relocation, the payload */
/* -m: libseam tracks at most SEAM_PAGES_MAX_BYTES of private memory, and
 * that is RAM *plus* the image region (a 1 TiB -m used to pass the option
 * check and then fail in td_build). */
#define VMM_MEM_MAX    (SEAM_PAGES_MAX_BYTES - VMM_IMAGE_MAX)

/* Exit statuses of the tetdh process (docs/tetdh.md). */
enum vmm_status {
	VMM_EXIT_POWEROFF = 0,  /* guest powered off (ACPI S5) or control "shutdown" */
	VMM_EXIT_ERROR = 1,     /* tetdh could not start or run the VM */
	VMM_EXIT_RESET = 2,     /* guest asked for a reset: a TD cannot be reset */
	VMM_EXIT_CRASH = 3,     /* triple fault, KVM internal error, guest fatal report */
	VMM_EXIT_USER = 130,    /* Ctrl-a x on the console */
};

/* ----------------------------------------------------------- options.c */

struct vmm_options {
	const char *bios, *kernel, *initrd, *append;
	const char *control, *state_dir;
	uint64_t mem;               /* bytes */
	unsigned smp;
	bool timestamps;            /* prefix console lines with the host time */
	bool debug;                 /* at exit: every vCPU's registers, counters */
	bool qe_cert;               /* print the quoting key's certificate, exit */
	int sync_regs;              /* --sync-regs: 1 on (default), 0 off */
	uint64_t agent_budget_ms;   /* --agent-budget: per agent call */
};

/* Parses argv; prints help/version and exits, or exits 1 with a message. */
void options_parse(int argc, char **argv, struct vmm_options *o);

/* --------------------------------------------------------------- mem.c */

#define MEM_MAX_SLOTS 4

struct mem_slot {
	uint64_t gpa, size;
	uint8_t *host;
	const char *name;
};

struct vm;

/* RAM [0, min(mem, 3 GiB)) and above 4 GiB for the rest (no mapping yet). */
void mem_layout(struct vm *vm, uint64_t mem);
/* The slots mem_init maps, after mem_layout: gpa, size and name filled,
 * host NULL. Returns how many (pure: no mapping, no KVM). */
unsigned mem_slots(const struct vm *vm, uint64_t image_size,
		   struct mem_slot s[MEM_MAX_SLOTS]);
/* Maps and registers the RAM slots and the image region
 * [4 GiB - image_size, 4 GiB). Returns 0 or -1 with a message. */
int mem_init(struct vm *vm, uint64_t image_size);
/* Host pointer of [gpa, gpa+len) if it lies in one slot, else NULL. */
void *mem_ptr(struct vm *vm, uint64_t gpa, uint64_t len);
/* True if [gpa, gpa+len) is RAM (not the image region). */
bool mem_is_ram(const struct vm *vm, uint64_t gpa, uint64_t len);
/* The seam accessor: the TD's view of its memory (bounds-checked). */
void mem_accessor(struct vm *vm, struct seam_guest_mem *m);
/* Remove the zone's KVM slot: the TD no longer maps the zone. */
int mem_zone_unmap(struct vm *vm);
/* Forget what the accessor learnt about untouched pages (per TDCALL). */
void mem_zero_cache_reset(void);

/* --------------------------------------------------------------- kvm.c */

int kvm_init(struct vm *vm);
int kvm_add_slot(struct vm *vm, unsigned id, const struct mem_slot *s);
void kvm_irq_line(struct vm *vm, unsigned irq, int level);

/* ---------------------------------------------------------------- td.c */

struct vmm_file {
	const char *path;
	uint8_t *data;
	uint64_t size;
};

/* Reads and parses the image (no VM needed): 0 or -1 with a message. */
int td_read_image(struct vm *vm, const char *path);
/* The memory slots against the TDVF sections (every section inside one
 * slot, the TD_HOB PAGE.ADDed RAM); sets hob_gpa. Pure; td_build's first
 * step. 0 or -1 with a message. */
int td_check_layout(struct vm *vm);
/* TDH.MNG.INIT, private ranges, TDH.VP.INIT per vCPU, every TDVF page. */
int td_build(struct vm *vm);
/* TDH.MR.FINALIZE; prints the MRTD. */
int td_finalize(struct vm *vm);

/* --------------------------------------------------------------- hob.c */

struct vmm_payload {
	uint64_t kernel_gpa, kernel_size;
	uint64_t initrd_gpa, initrd_size;
	uint64_t cmdline_gpa, cmdline_size; /* including the NUL */
};

/* Chooses GPAs for kernel, initrd and command line (sizes from the files),
 * checks them against RAM and the TDVF sections. */
int hob_place_payload(struct vm *vm);
/* Copies kernel, initrd and command line into guest RAM. */
int hob_load_payload(struct vm *vm);
/* Writes the TD HOB into the TD_HOB section. */
int hob_build(struct vm *vm);

/* ---------------------------------------------------------------- cpu.c */

struct kvm_run;

struct vcpu {
	struct vm *vm;
	unsigned index;
	int fd;
	struct kvm_run *run;
	pthread_t thread;
};

int cpu_init_all(struct vm *vm);
/* The CPUID table a vCPU gets (malloc'ed; NULL on failure). The agent
 * world's vCPU uses vCPU 0's. */
struct kvm_cpuid2 *vcpu_cpuid(struct vm *vm, unsigned idx);
/* XFAM for TDH.MNG.INIT: the XCR0 features KVM offers. */
uint64_t cpu_xfam(struct vm *vm);
/* "io", "mmio", ... for KVM_EXIT_*; NULL if unnamed. */
const char *cpu_exit_name(unsigned reason);
int cpu_start_all(struct vm *vm);
void cpu_join_all(struct vm *vm);
/* Exclusive agent calls: hold every vCPU but `self` outside KVM_RUN until
 * cpu_resume_others(). Returns 0 once they all wait (or the VM stops). */
int cpu_pause_others(struct vm *vm, int self);
void cpu_resume_others(struct vm *vm);
/* Prints the vCPU's registers to stderr (after a fatal exit). */
void cpu_dump(struct vcpu *cpu, const char *why);
/* Wakes every vCPU out of KVM_RUN (the VM is stopping). */
void cpu_kick_all(struct vm *vm);

/* ------------------------------------------------------------ ioport.c */

/*
 * A device claims [base, base+len) of port space. Its handler sees one
 * access: size 1, 2 or 4 bytes at data (little-endian), write or read
 * (fill data). IO_BYTEWISE devices get wider accesses split into bytes at
 * consecutive ports, as an 8-bit ISA device would see them.
 */
typedef void (*io_fn)(void *opaque, struct vcpu *cpu, uint16_t port,
		      uint8_t *data, unsigned size, bool write);

#define IO_BYTEWISE 1u

struct io_dev {
	const char *name;
	uint16_t base, len;
	unsigned flags;
	io_fn fn;
	void *opaque;
	atomic_uint_fast64_t count;
};

int ioport_register(struct vm *vm, const char *name, uint16_t base,
		    uint16_t len, unsigned flags, io_fn fn, void *opaque);
void ioport_dispatch(struct vcpu *cpu);   /* KVM_EXIT_IO */
void mmio_dispatch(struct vcpu *cpu);     /* KVM_EXIT_MMIO */

/* ------------------------------------------------------ the devices */

int serial_init(struct vm *vm);
/* A byte from the host side (stdin) for the guest; false if dropped. */
bool serial_receive(struct vm *vm, uint8_t c);
int term_init(struct vm *vm);           /* raw mode, stdin thread */
void term_restore(void);
bool term_is_raw(void);
/* Console output with optional time stamps (serial THR). */
void term_write(struct vm *vm, uint8_t c);
/* A whole line from tetdh (with its terminator) for stderr, held back
 * while a guest line is half written; term_flush() empties the queue. */
void term_message(const char *line);
void term_flush(void);
int rtc_init(struct vm *vm);
int pm_init(struct vm *vm);
int legacy_init(struct vm *vm);
int tdcall_init(struct vm *vm);
int control_init(struct vm *vm, const char *path);
void control_cleanup(struct vm *vm);
/* The "counters" reply, on stderr (--debug). */
void control_dump_counters(struct vm *vm);

/* ----------------------------------------------------------- counters */

#define VMM_EXIT_REASONS 64
#define VMM_TDCALL_LEAVES 10          /* TDG leaves 0..8, 9 = any other */
#define VMM_MMIO_PAGES 32

struct vmm_counters {
	atomic_uint_fast64_t exits[VMM_EXIT_REASONS]; /* by KVM_EXIT_* */
	atomic_uint_fast64_t eintr;                   /* KVM_RUN -EINTR */
	atomic_uint_fast64_t tdcall[VMM_TDCALL_LEAVES];
	atomic_uint_fast64_t tdcall_tetd;     /* TETD leaves (tetdh/tetd/) */
	atomic_uint_fast64_t vmcall_vmm;      /* VMCALLs the model left to us */
	atomic_uint_fast64_t aug_pages;       /* AUGs after ACCEPT EPT violations */
	atomic_uint_fast64_t aug_failed;
	atomic_uint_fast32_t port_unknown[65536];
	atomic_uint_fast64_t port_unknown_total;
	atomic_uint_fast64_t mmio_unassigned;
	struct {
		atomic_uint_fast64_t page;    /* GPA >> 12, +1 (0 = free) */
		atomic_uint_fast64_t count;
	} mmio[VMM_MMIO_PAGES];
	atomic_uint_fast64_t serial_rx_dropped;
};

/* ------------------------------------------------------------ the VM */

struct vm {
	const struct vmm_options *opt;

	/* KVM */
	int kvm_fd, vm_fd;
	size_t run_size;
	bool sync_regs;              /* KVM_CAP_SYNC_REGS: GPRs in kvm_run */

	/* memory */
	struct mem_slot slot[MEM_MAX_SLOTS];
	unsigned nr_slots;
	uint64_t low_top;            /* RAM [0, low_top) */
	uint64_t high_size;          /* RAM [4 GiB, 4 GiB + high_size) */

	/* the image and the TD (libseam; td_lock serializes every call) */
	struct vmm_file image, kernel, initrd;
	struct seam_tdvf tdvf;
	struct seam_td td;
	pthread_mutex_t td_lock;
	struct seam_guest_mem td_mem;
	uint8_t mrtd[SEAM_SHA384_LEN];
	struct vmm_payload payload;
	bool payload_in_section;     /* in the image's Payload section */
	uint64_t hob_gpa;

	/* vCPUs */
	unsigned nr_vcpus;
	struct vcpu *vcpu;
	/* pause gate for exclusive agent calls (cpu.c) */
	pthread_mutex_t pause_lock;
	pthread_cond_t pause_cond;
	int pause_owner;             /* vCPU index holding the others, -1 none */
	unsigned paused;             /* vCPUs waiting at the gate */

	/* devices */
	struct io_dev *io[64];
	unsigned nr_io;
	uint8_t io_map[65536];       /* port -> index + 1 into io[], 0 = none */
	struct serial *serial;

	/* life cycle */
	atomic_bool stopping;
	atomic_int exit_status;
	pthread_t main_thread;
	struct timespec start;       /* CLOCK_MONOTONIC at the first KVM_RUN */

	struct vmm_counters cnt;

	/* the TETD host extension (tetdh/tetd/) */
	struct tetd_host tetd;
};

/* ------------------------------------------------------------ main.c */

/* First caller wins: sets the exit status, stops every vCPU, wakes main. */
void vm_stop(struct vm *vm, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool vm_stopping(struct vm *vm);
double vm_uptime(struct vm *vm);
/* "tetdh: " + message on stderr. */
void vmm_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vmm_hex(char *out, const uint8_t *p, size_t n); /* out: 2n+1 bytes */
/* Size of a regular, non-empty input file; -1 with a message naming opt. */
int vmm_file_size(const char *path, const char *opt, uint64_t *size);
/* Reads exactly size bytes from the start of the file. */
int vmm_file_read(const char *path, const char *opt, void *buf, uint64_t size);

#endif
