/* SPDX-License-Identifier: MIT */
/*
 * image/guest/kibench.c - guest side of the kintegrity overhead benchmark
 * (bench/calls): what a CPU-bound guest workload loses while kintegrity
 * checks the kernel's text every INTERVAL ms. One worker process per
 * online CPU, pinned, spins on integer work and counts; short phases
 * without checks (A) and with them (B) alternate, A B A B ..., so drift
 * and other load on the machine hit both; in B the parent calls
 * kintegrity's scan step (fn 4: N chunks of 64 KiB) every INTERVAL ms
 * through /dev/tetd. overhead = median over the pairs of 1 - rate(B) /
 * rate(A). Run for N = 1 and N = 16 chunks per call, plus the cost of one
 * full check (fn 2). Needs the text baseline (init takes it). key=value
 * lines:
 *   ki_full_check_ms=  ki_workers=  ki_interval_ms=  ki_phase_s=
 *   ki_chunks<N>_call_ms=  ki_chunks<N>_calls=  ki_chunks<N>_overhead_pct=
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <tetd/agent.h>
#include <tetd/tetdg_ioctl.h>
#include "bench.h"

struct shared {
	volatile int run;                /* workers count while set */
	volatile int quit;
	volatile uint64_t count[64];     /* per worker, iterations of 4096 steps */
};

static void worker(struct shared *sh, int cpu)
{
	cpu_set_t s;
	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	sched_setaffinity(0, sizeof(s), &s);
	uint64_t x = 0x9e3779b97f4a7c15ull + (uint64_t)cpu;
	while (!sh->quit) {
		if (!sh->run) {
			usleep(1000);
			continue;
		}
		for (int i = 0; i < 4096; i++) {     /* xorshift64: pure ALU work */
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
		}
		sh->count[cpu] += 1 + (x == 0);  /* keep x live */
	}
	_exit(0);
}

static int ki_call(int fd, uint32_t index, uint32_t fn, const void *in, uint32_t in_len,
		   char *verdict, size_t cap)
{
	uint8_t out[128];
	struct tetdg_call c = { .agent_index = index, .fn_id = fn, .mode = TETD_MODE_EXCLUSIVE,
				.in_len = in_len, .in = (uintptr_t)in, .out = (uintptr_t)out,
				.out_cap = sizeof(out) };
	if (ioctl(fd, TETDG_IOC_CALL, &c) != 0 || c.status != TETD_OK)
		return -1;
	size_t n = c.out_len < cap - 1 ? c.out_len : cap - 1;
	memcpy(verdict, out, n);
	verdict[n] = 0;
	return 0;
}

static uint64_t total(struct shared *sh, int n)
{
	uint64_t t = 0;
	for (int i = 0; i < n; i++)
		t += sh->count[i];
	return t;
}

/* One phase of `secs`: iterations per second of all workers. The parent
 * wakes every interval_ms in both kinds of phase, so the only difference
 * is the call: with chunks > 0 a scan step each time (calls, mean ms). */
static double phase(struct shared *sh, int ncpu, int fd, uint32_t ki, double secs,
		    int interval_ms, uint32_t chunks, int *calls, double *call_ms, int *bad)
{
	uint64_t c0 = total(sh, ncpu);
	double t0 = now_us(), next = t0 + interval_ms * 1e3, spent = 0;
	char v[128];
	sh->run = 1;
	while (now_us() - t0 < secs * 1e6) {
		double now = now_us();
		if (now < next) {
			usleep((useconds_t)(next - now));
			continue;
		}
		next += interval_ms * 1e3;
		if (next < now)
			next = now + interval_ms * 1e3;  /* a call longer than the interval */
		if (!chunks)
			continue;
		double a = now_us();
		if (ki_call(fd, ki, 4, &chunks, sizeof(chunks), v, sizeof(v)) || strcmp(v, "intact"))
			(*bad)++;
		spent += now_us() - a;
		(*calls)++;
	}
	sh->run = 0;
	double t1 = now_us();
	if (chunks && *calls)
		*call_ms = spent / *calls / 1e3;
	return (double)(total(sh, ncpu) - c0) / ((t1 - t0) / 1e6);
}

int main(int argc, char **argv)
{
	double secs = 1;
	int pairs = 10;
	int interval_ms = 100;
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: kibench [SECONDS_PER_PHASE [INTERVAL_MS [PAIRS]]]\n"
		       "CPU work lost while kintegrity checks kernel text every INTERVAL_MS\n"
		       "(default 1 s phases, 100 ms, 10 pairs). Needs /dev/tetd and\n"
		       "kintegrity's text baseline (taken by init).\n");
		return 0;
	}
	if (argc > 1)
		secs = atof(argv[1]);
	if (argc > 2)
		interval_ms = atoi(argv[2]);
	if (argc > 3)
		pairs = atoi(argv[3]);
	if (secs <= 0 || interval_ms <= 0 || pairs < 1 || pairs > 100) {
		fprintf(stderr, "kibench: bad arguments (see --help)\n");
		return 1;
	}
	int fd = open(TETDG_DEV_PATH, O_RDWR);
	static struct tetdg_list l;
	if (fd < 0 || ioctl(fd, TETDG_IOC_LIST, &l) != 0) {
		fprintf(stderr, "kibench: %s: %s\n", TETDG_DEV_PATH, strerror(errno));
		return 3;
	}
	uint32_t ki = UINT32_MAX;
	for (uint32_t i = 0; i < l.count && i < TETDG_MAX_AGENTS; i++)
		if (!strcmp(l.agents[i].name, "kintegrity"))
			ki = i;
	char v[128];
	uint32_t zero = 0;
	if (ki == UINT32_MAX || ki_call(fd, ki, 4, &zero, 4, v, sizeof(v)) || strcmp(v, "intact")) {
		fprintf(stderr, "kibench: kintegrity missing, failing or without a text baseline (%s)\n",
			ki == UINT32_MAX ? "no agent" : v);
		return 3;
	}
	/* one full check: its cost, and the number of chunks from fn 4's pass */
	double a = now_us();
	if (ki_call(fd, ki, 2, NULL, 0, v, sizeof(v)) || strcmp(v, "intact")) {
		fprintf(stderr, "kibench: full check failed (%s)\n", v);
		return 4;
	}
	printf("ki_full_check_ms=%.1f\n", (now_us() - a) / 1e3);

	int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpu > 64)
		ncpu = 64;
	struct shared *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 2;
	memset((void *)sh, 0, sizeof(*sh));
	for (int i = 0; i < ncpu; i++)
		if (fork() == 0)
			worker(sh, i);
	printf("ki_workers=%d\nki_interval_ms=%d\nki_phase_s=%.1f\n", ncpu, interval_ms, secs);
	static const uint32_t sizes[] = { 1, 16 };
	int rc = 0;
	for (unsigned k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		double ov[100], ms = 0, m;
		int calls = 0, bad = 0, c;
		for (int p = 0; p < pairs; p++) {
			c = 0;
			double ra = phase(sh, ncpu, fd, ki, secs, interval_ms, 0, &c, &m, &bad);
			c = 0;
			m = 0;
			double rb = phase(sh, ncpu, fd, ki, secs, interval_ms, sizes[k], &c, &m, &bad);
			ov[p] = ra > 0 ? 100.0 * (1 - rb / ra) : 0;
			calls += c;
			ms += m / pairs;
		}
		qsort(ov, (size_t)pairs, sizeof(double), cmp_double);
		printf("ki_chunks%u_call_ms=%.2f\n", sizes[k], ms);
		printf("ki_chunks%u_calls=%d\n", sizes[k], calls);
		printf("ki_chunks%u_overhead_pct=%.2f\n", sizes[k], ov[pairs / 2]);
		printf("ki_chunks%u_overhead_spread_pct=%.2f..%.2f\n", sizes[k], ov[0],
		       ov[pairs - 1]);
		if (bad) {
			fprintf(stderr, "kibench: %d scan steps failed or said modified\n", bad);
			rc = 4;
		}
	}
	sh->quit = 1;
	while (wait(NULL) > 0)
		;
	return rc;
}
