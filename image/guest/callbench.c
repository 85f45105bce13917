/* SPDX-License-Identifier: MIT */
/*
 * image/guest/callbench.c - guest side of the agent-call benchmark
 * (bench/calls): the round trip of a null agent call (echo, 0 bytes in and
 * out) from user space through /dev/tetd in each mode, against a null
 * TDCALL (TDG.VP.INFO through the same sim transport) in the same run,
 * interleaved in rounds so all see the same machine; then call throughput
 * from one process and from one process per online CPU. key=value lines.
 * Without tetdh (plain QEMU: the driver's in-guest call path) there is no
 * TDCALL to compare with: the call lines only.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <tetd/agent.h>
#include <tetd/tdcall.h>
#include "bench.h"
#include <tetd/tdx.h>
#include <tetd/tetdg_ioctl.h>


static int null_call(int fd, uint32_t mode)
{
	uint8_t out[16];
	struct tetdg_call c = { .agent_index = 0, .fn_id = 1, .mode = mode,
				.out = (uintptr_t)out, .out_cap = sizeof(out) };
	return ioctl(fd, TETDG_IOC_CALL, &c) == 0 && c.status == TETD_OK ? 0 : -1;
}

static double throughput(int procs, int calls)
{
	double t0 = now_us();
	for (int p = 0; p < procs; p++)
		if (fork() == 0) {
			cpu_set_t s;
			CPU_ZERO(&s);
			CPU_SET(p, &s);
			sched_setaffinity(0, sizeof(s), &s);
			int fd = open("/dev/tetd", O_RDWR);
			for (int i = 0; i < calls; i++)
				if (fd < 0 || null_call(fd, TETD_MODE_COLLABORATIVE))
					_exit(1);
			_exit(0);
		}
	int ok = 1, st;
	while (wait(&st) > 0)
		ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
	return ok ? procs * calls / ((now_us() - t0) / 1e6) : 0;
}

int main(int argc, char **argv)
{
	int rounds = 11, per = 50;
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: callbench [ROUNDS [CALLS_PER_ROUND]]\n"
		       "Null agent call (echo, index 0) per mode vs TDG.VP.INFO, then\n"
		       "throughput from 1 and from all CPUs. Needs /dev/tetd (and tetdh\n"
		       "for the TDCALL anchor).\n");
		return 0;
	}
	if (argc > 1)
		rounds = atoi(argv[1]);
	if (argc > 2)
		per = atoi(argv[2]);
	int fd = open("/dev/tetd", O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "callbench: needs /dev/tetd (root)\n");
		return 3;
	}
	int sim = tetd_tdcall_mode() == TETD_TDCALL_SIM && iopl(3) == 0;
	double *ex = calloc(rounds, sizeof(double)), *co = calloc(rounds, sizeof(double));
	double *tc = calloc(rounds, sizeof(double));
	for (int r = 0; r < rounds; r++) {
		double t0 = now_us();
		for (int i = 0; sim && i < per; i++) {
			struct tetd_tdcall_regs g = { .rax = TDG_VP_INFO };
			tetd_tdcall(&g);
		}
		double t1 = now_us();
		for (int i = 0; i < per; i++)
			if (null_call(fd, TETD_MODE_EXCLUSIVE))
				return 4;
		double t2 = now_us();
		for (int i = 0; i < per; i++)
			if (null_call(fd, TETD_MODE_COLLABORATIVE))
				return 4;
		double t3 = now_us();
		tc[r] = (t1 - t0) / per;
		ex[r] = (t2 - t1) / per;
		co[r] = (t3 - t2) / per;
	}
	qsort(tc, rounds, sizeof(double), cmp_double);
	qsort(ex, rounds, sizeof(double), cmp_double);
	qsort(co, rounds, sizeof(double), cmp_double);
	double m_tc = tc[rounds / 2], m_ex = ex[rounds / 2], m_co = co[rounds / 2];
	if (sim)
		printf("null_tdcall_us=%.2f\n", m_tc);
	printf("call_exclusive_us=%.2f\n", m_ex);
	printf("call_collaborative_us=%.2f\n", m_co);
	if (sim) {
		printf("ratio_exclusive=%.2f\n", m_ex / m_tc);
		printf("ratio_collaborative=%.2f\n", m_co / m_tc);
	}
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	printf("throughput_1cpu_per_s=%.0f\n", throughput(1, per * 4));
	printf("throughput_%ldcpu_per_s=%.0f\n", ncpu, throughput((int)ncpu, per * 4));
	return 0;
}
