// SPDX-License-Identifier: MIT
/*
 * tests/integration/guest/tetdg-pause-check.c - does an exclusive agent
 * call really stop the other vCPUs? A child pinned to CPU 1 counts as
 * fast as it can in a shared page; the parent, on CPU 0, finds the page's
 * guest-physical address (/proc/self/pagemap, root) and calls the
 * crashtest agent's fn 6 ("watch"), which reads the counter inside the
 * agent world, spins, and reads it again. Exclusive mode: the host holds
 * every other vCPU for the whole call, so the two reads are equal.
 * Collaborative: the child runs on, so they differ. No timing involved.
 * Prints per call
 *   pause-check mode=<m> first=<n> second=<n> moved=<n>
 * Usage: tetdg-pause-check AGENT-INDEX SPINS [ROUNDS]
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

static uint64_t phys(const volatile void *p)
{
	uint64_t e = 0, va = (uintptr_t)p;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0 || pread(fd, &e, 8, (off_t)(va / 4096 * 8)) != 8 || !(e & (1ull << 63))) {
		fprintf(stderr, "pause-check: no physical address (need root)\n");
		exit(2);
	}
	close(fd);
	return (e & ((1ull << 55) - 1)) * 4096 + va % 4096;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: tetdg-pause-check AGENT-INDEX SPINS [ROUNDS]\n");
		return 1;
	}
	uint32_t agent = (uint32_t)strtoul(argv[1], NULL, 0);
	uint64_t spins = strtoull(argv[2], NULL, 0);
	int rounds = argc > 3 ? atoi(argv[3]) : 1;
	volatile uint64_t *ctr = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				      MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (ctr == MAP_FAILED || mlock((void *)ctr, 4096)) {
		perror("pause-check: counter page");
		return 2;
	}
	pid_t child = fork();
	if (child == 0) {
		pin(1);
		for (;;)
			(*ctr)++;
	}
	pin(0);
	uint64_t arg[2] = { phys(ctr), spins };
	int fd = open("/dev/tetd", O_RDWR);
	if (fd < 0) {
		perror("pause-check: /dev/tetd");
		kill(child, SIGKILL);
		return 2;
	}
	while (*ctr < 1000)           /* the child is counting */
		sched_yield();
	static const uint32_t modes[2] = { TETD_MODE_EXCLUSIVE, TETD_MODE_COLLABORATIVE };
	static const char *names[2] = { "exclusive", "collaborative" };
	uint64_t moved[2] = { 0, 0 };
	int rc = 0;
	for (int r = 0; r < rounds; r++)
		for (int m = 0; m < 2; m++) {
			uint64_t v[2] = { 0, 0 };
			struct tetdg_call c = { .agent_index = agent, .fn_id = 6, .mode = modes[m],
						.in = (uintptr_t)arg, .in_len = sizeof(arg),
						.out = (uintptr_t)v, .out_cap = sizeof(v) };
			if (ioctl(fd, TETDG_IOC_CALL, &c) || c.status != TETD_OK ||
			    c.out_len != sizeof(v)) {
				fprintf(stderr, "pause-check: %s call: %s (status %d)\n", names[m],
					strerror(errno), c.status);
				rc = 3;
				continue;
			}
			moved[m] += v[1] - v[0];
			printf("pause-check mode=%s first=%llu second=%llu moved=%llu\n", names[m],
			       (unsigned long long)v[0], (unsigned long long)v[1],
			       (unsigned long long)(v[1] - v[0]));
		}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	printf("pause-check: exclusive moved %llu, collaborative moved %llu\n",
	       (unsigned long long)moved[0], (unsigned long long)moved[1]);
	return rc;
}
