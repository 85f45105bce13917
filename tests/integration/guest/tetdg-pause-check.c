// SPDX-License-Identifier: MIT
/*
 * tests/integration/guest/tetdg-pause-check.c - does an exclusive agent
 * call really stop the other vCPUs? A child pinned to another CPU counts
 * as fast as it can in shared memory; the parent, pinned to CPU 0, reads
 * the counter, makes one long agent call through /dev/tetd, reads it
 * again. Exclusive: the host holds every other vCPU for the call, so the
 * counter moves only in the few instructions around it. Collaborative:
 * it moves for the whole call. Prints, per mode,
 *   pause-check mode=<m> before=<n> after=<n> delta=<n> call_ns=<t>
 * and the verdict `pause-check: exclusive delta X, collaborative delta Y`.
 * No time threshold: the test compares the two deltas.
 * Usage: tetdg-pause-check AGENT-INDEX FN ITERATIONS [ROUNDS]
 * (the input is ITERATIONS as a little-endian u64: echo's fn 2 spins that
 * long)
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

static void pin(int cpu)
{
	cpu_set_t s;
	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	if (sched_setaffinity(0, sizeof(s), &s)) {
		perror("pause-check: sched_setaffinity");
		exit(2);
	}
}

static uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: tetdg-pause-check AGENT-INDEX FN ITERATIONS [ROUNDS]\n");
		return 1;
	}
	uint32_t agent = (uint32_t)strtoul(argv[1], NULL, 0);
	uint32_t fn = (uint32_t)strtoul(argv[2], NULL, 0);
	uint64_t iters = strtoull(argv[3], NULL, 0);
	int rounds = argc > 4 ? atoi(argv[4]) : 1;
	volatile uint64_t *ctr = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ctr == MAP_FAILED) {
		perror("pause-check: mmap");
		return 2;
	}
	pid_t child = fork();
	if (child == 0) {
		pin(1);
		for (;;)
			(*ctr)++;
	}
	pin(0);
	int fd = open("/dev/tetd", O_RDWR);
	if (fd < 0) {
		perror("pause-check: /dev/tetd");
		kill(child, SIGKILL);
		return 2;
	}
	static uint8_t out[TETD_CALL_MAX_OUT];
	uint64_t total[2] = { 0, 0 };
	static const uint32_t modes[2] = { TETD_MODE_EXCLUSIVE, TETD_MODE_COLLABORATIVE };
	static const char *names[2] = { "exclusive", "collaborative" };
	while (*ctr < 1000)           /* the child is counting */
		sched_yield();
	int rc = 0;
	for (int r = 0; r < rounds; r++)
		for (int m = 0; m < 2; m++) {
			struct tetdg_call c = { .agent_index = agent, .fn_id = fn,
						.mode = modes[m], .in = (uintptr_t)&iters,
						.in_len = sizeof(iters), .out = (uintptr_t)out,
						.out_cap = sizeof(out) };
			uint64_t t0 = now_ns(), before = *ctr;
			int e = ioctl(fd, TETDG_IOC_CALL, &c);
			uint64_t after = *ctr, t1 = now_ns();
			if (e) {
				fprintf(stderr, "pause-check: %s call: %s\n", names[m], strerror(errno));
				rc = 3;
				continue;
			}
			total[m] += after - before;
			printf("pause-check mode=%s before=%llu after=%llu delta=%llu call_ns=%llu "
			       "status=%d\n", names[m], (unsigned long long)before,
			       (unsigned long long)after, (unsigned long long)(after - before),
			       (unsigned long long)(t1 - t0), c.status);
		}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	printf("pause-check: exclusive delta %llu, collaborative delta %llu\n",
	       (unsigned long long)total[0], (unsigned long long)total[1]);
	return rc;
}
