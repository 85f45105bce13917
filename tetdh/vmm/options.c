// SPDX-License-Identifier: MIT
/*
 * tetdh/vmm/options.c - the command line, in QEMU's spelling where QEMU
 * has the option (-bios, -kernel, -initrd, -append, -m, -smp, -nographic);
 * tetdh's own options are long ones (--control, --state, --timestamps).
 * Every option may be written with one dash or two. Errors name the
 * option and the value and exit with status 1 before anything starts.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmm.h"

#ifndef TETD_VERSION
#define TETD_VERSION "0.0.0"
#endif
#ifndef TETD_GIT_REV
#define TETD_GIT_REV "unknown"
#endif

#define MEM_DEFAULT (1 * GiB)
#define MEM_MIN     VMM_MEM_MIN
#define MEM_MAX     VMM_MEM_MAX

static void usage(FILE *f)
{
	fprintf(f,
"usage: tetdh -bios IMAGE -kernel BZIMAGE [-initrd FILE] [-append CMDLINE]\n"
"             [-m SIZE] [-smp N] [-nographic] [--control PATH] [--state DIR]\n"
"             [--timestamps] [--debug] [--sync-regs on|off]\n"
"       tetdh --state DIR --qe-cert\n"
"\n"
"Run a TD image as a simulated Intel TDX trust domain on KVM: tetdh plays\n"
"the TDX module (MRTD, RTMRs, TDREPORT, quotes, page states) and the VMM.\n"
"\n"
"  -bios IMAGE      TDVF image (image/out/tetd.fd); its metadata decides\n"
"                   where every section goes and what MRTD measures\n"
"  -kernel BZIMAGE  Linux bzImage, handed to the firmware unmodified\n"
"  -initrd FILE     initial ramdisk\n"
"  -append CMDLINE  kernel command line (default: empty)\n"
"  -m SIZE          guest RAM, MiB unless suffixed K, M, G or T (default 1G,\n"
"                   at least 128M); up to 3G below 4 GiB, the rest above\n"
"  -smp N           vCPUs, 1..%u (default 1); all start in the firmware\n"
"  -nographic       accepted for QEMU compatibility: tetdh has no display,\n"
"                   COM1 is always on stdin/stdout\n"
"  --control PATH   control socket (unix stream, JSON lines): status,\n"
"                   measurements, counters, shutdown\n"
"  --state DIR      state directory of the simulated quoting key\n"
"                   (DIR/qe.pem); without it GetQuote is unavailable\n"
"  --qe-cert        print the PEM certificate of DIR's quoting key (creating\n"
"                   the key on first use) and exit: what a verifier pins\n"
"  --agent-budget MS  time an agent call may run before it counts as a\n"
"                   runaway and the agent is disabled (default 10000)\n"
"  --sync-regs on|off  TDCALL registers through KVM sync regs (default on;\n"
"                   off: KVM_GET/SET_REGS; the host VM uses off, see\n"
"                   docs/tetdh.md)\n"
"  --timestamps     prefix every console line with seconds since start\n"
"  --debug          at exit, print every vCPU's registers and the counters\n"
"  -h, --help       this text;  --version  the version\n"
"\n"
"Console: COM1 on stdin/stdout; on a terminal, Ctrl-a x quits, Ctrl-a\n"
"Ctrl-a sends Ctrl-a. tetdh's own messages go to stderr.\n"
"Exit status: 0 guest powered off (or control shutdown), 1 tetdh error,\n"
"2 guest reset request, 3 guest crash (triple fault, KVM error, fatal\n"
"TDVMCALL), 130 Ctrl-a x, 128+N signal N.\n",
		VMM_MAX_VCPUS);
}

static void __attribute__((noreturn, format(printf, 1, 2))) bad(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tetdh: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (tetdh --help lists the options)\n");
	exit(VMM_EXIT_ERROR);
}

/* QEMU's -m: a number of MiB, or a number with a K/M/G/T suffix (an
 * optional trailing B is accepted: 512MB). */
static uint64_t parse_size(const char *opt, const char *s)
{
	uint64_t v, mult = MiB;
	bool suffix = true;
	char *end;

	errno = 0;
	if (*s < '0' || *s > '9')
		bad("%s '%s': not a size", opt, s);
	v = strtoull(s, &end, 10);
	if (errno)
		bad("%s '%s': not a size", opt, s);
	switch (*end) {
	case 'k': case 'K': mult = KiB; end++; break;
	case 'm': case 'M': mult = MiB; end++; break;
	case 'g': case 'G': mult = GiB; end++; break;
	case 't': case 'T': mult = 1024 * GiB; end++; break;
	default: suffix = false; break;
	}
	if (suffix && (*end == 'b' || *end == 'B'))
		end++;
	if (*end)
		bad("%s '%s': not a size (use e.g. 512M or 2G)", opt, s);
	if (v > MEM_MAX / mult)
		bad("%s '%s': larger than %llu GiB", opt, s, MEM_MAX / GiB);
	v *= mult;
	if (v < MEM_MIN)
		bad("%s '%s': the TD needs at least %llu MiB", opt, s, MEM_MIN / MiB);
	if (v & (4 * KiB - 1))
		bad("%s '%s': not a multiple of 4 KiB", opt, s);
	return v;
}

/* -smp N or -smp cpus=N (other QEMU topology keys are refused). */
static unsigned parse_smp(const char *opt, const char *s)
{
	unsigned long v;
	char *end;

	if (!strncmp(s, "cpus=", 5))
		s += 5;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > VMM_MAX_VCPUS)
		bad("%s '%s': expected a vCPU count in 1..%u", opt, s, VMM_MAX_VCPUS);
	return (unsigned)v;
}

void options_parse(int argc, char **argv, struct vmm_options *o)
{
	memset(o, 0, sizeof(*o));
	o->mem = MEM_DEFAULT;
	o->smp = 1;
	o->append = "";
	o->sync_regs = 1;
	o->agent_budget_ms = 10000;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *name = a;
		const char **strval = NULL;

		if (a[0] != '-' || !a[1])
			bad("unexpected argument '%s'", a);
		name = a[1] == '-' ? a + 2 : a + 1;
		if (!strcmp(name, "h") || !strcmp(name, "help")) {
			usage(stdout);
			exit(0);
		}
		if (!strcmp(name, "version")) {
			printf("tetdh " TETD_VERSION " (" TETD_GIT_REV ")\n");
			exit(0);
		}
		if (!strcmp(name, "nographic")) {
			continue;
		}
		if (!strcmp(name, "timestamps")) {
			o->timestamps = true;
			continue;
		}
		if (!strcmp(name, "debug")) {
			o->debug = true;
			continue;
		}
		if (!strcmp(name, "agent-budget")) {
			char *end;
			if (i + 1 >= argc)
				bad("option '%s' needs a value (milliseconds)", a);
			const char *v = argv[++i];
			errno = 0;
			unsigned long long ms = strtoull(v, &end, 10);
			if (errno || end == v || *end || ms < 1 || ms > 3600000)
				bad("%s '%s': expected milliseconds in 1..3600000", a, v);
			o->agent_budget_ms = ms;
			continue;
		}
		if (!strcmp(name, "sync-regs")) {
			if (i + 1 >= argc)
				bad("option '%s' needs a value (on or off)", a);
			const char *v = argv[++i];
			if (!strcmp(v, "on"))
				o->sync_regs = 1;
			else if (!strcmp(v, "off"))
				o->sync_regs = 0;
			else
				bad("%s '%s': expected on or off", a, v);
			continue;
		}
		if (!strcmp(name, "qe-cert")) {
			o->qe_cert = true;
			continue;
		}
		if (!strcmp(name, "bios"))
			strval = &o->bios;
		else if (!strcmp(name, "kernel"))
			strval = &o->kernel;
		else if (!strcmp(name, "initrd"))
			strval = &o->initrd;
		else if (!strcmp(name, "append"))
			strval = &o->append;
		else if (!strcmp(name, "control"))
			strval = &o->control;
		else if (!strcmp(name, "state"))
			strval = &o->state_dir;
		else if (strcmp(name, "m") && strcmp(name, "smp"))
			bad("unknown option '%s'", a);
		if (i + 1 >= argc)
			bad("option '%s' needs a value", a);
		const char *val = argv[++i];
		if (strval) {
			if (!*val && strval != &o->append)
				bad("option '%s' needs a non-empty value", a);
			*strval = val;
		} else if (!strcmp(name, "m")) {
			o->mem = parse_size(a, val);
		} else {
			o->smp = parse_smp(a, val);
		}
	}
	if (o->qe_cert) {
		if (!o->state_dir)
			bad("--qe-cert needs --state DIR (the quoting key's home)");
		return;
	}
	if (!o->bios)
		bad("no firmware image: -bios IMAGE is required (image/out/tetd.fd)");
	if (!o->kernel)
		bad("no kernel: -kernel BZIMAGE is required (the TD HOB hands it to the firmware)");
}
