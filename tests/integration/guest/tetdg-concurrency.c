// SPDX-License-Identifier: MIT
/*
 * tests/integration/guest/tetdg-concurrency.c - agent calls from every CPU
 * at once: one process pinned per online CPU makes COUNT echo calls, each
 * with its own payload ("cpu<c> call<i> <pid>"), alternating exclusive and
 * collaborative mode, and checks that the reply is exactly its payload.
 * A lost result (error), a duplicated or crossed one (someone else's
 * payload) are counted separately. Prints
 *   concurrency cpus=N calls=C ok=O mismatched=M errors=E
 * and exits 0 only when O == N*C.
 * Usage: tetdg-concurrency AGENT-INDEX COUNT
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tetd/agent.h>
#include <tetd/tetdg_ioctl.h>

struct tally {
	unsigned ok, mismatched, errors;
};

static struct tally worker(int cpu, uint32_t agent, int count)
{
	struct tally t = { 0, 0, 0 };
	cpu_set_t s;
	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	sched_setaffinity(0, sizeof(s), &s);
	int fd = open("/dev/tetd", O_RDWR);
	if (fd < 0) {
		t.errors = (unsigned)count;
		return t;
	}
	for (int i = 0; i < count; i++) {
		char in[64], out[TETD_CALL_MAX_OUT];
		int n = snprintf(in, sizeof(in), "cpu%d call%d %d", cpu, i, (int)getpid());
		struct tetdg_call c = {
			.agent_index = agent, .fn_id = 1,
			.mode = (i & 1) ? TETD_MODE_COLLABORATIVE : TETD_MODE_EXCLUSIVE,
			.in = (uintptr_t)in, .in_len = (uint32_t)n,
			.out = (uintptr_t)out, .out_cap = sizeof(out),
		};
		if (ioctl(fd, TETDG_IOC_CALL, &c) != 0 || c.status != TETD_OK) {
			fprintf(stderr, "concurrency: cpu%d call%d: %s status %d\n", cpu, i,
				strerror(errno), c.status);
			t.errors++;
		} else if (c.out_len != (uint32_t)n || memcmp(out, in, (size_t)n)) {
			t.mismatched++;
		} else {
			t.ok++;
		}
	}
	close(fd);
	return t;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: tetdg-concurrency AGENT-INDEX COUNT\n");
		return 1;
	}
	uint32_t agent = (uint32_t)strtoul(argv[1], NULL, 0);
	int count = atoi(argv[2]);
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int pipes[64][2];
	if (ncpu < 1 || ncpu > 64 || count < 1)
		return 1;
	for (int c = 0; c < ncpu; c++) {
		if (pipe(pipes[c]))
			return 2;
		if (fork() == 0) {
			struct tally t = worker(c, agent, count);
			if (write(pipes[c][1], &t, sizeof(t)) != (ssize_t)sizeof(t))
				_exit(2);
			_exit(0);
		}
	}
	struct tally sum = { 0, 0, 0 };
	for (int c = 0; c < ncpu; c++) {
		struct tally t = { 0, 0, (unsigned)count };
		if (read(pipes[c][0], &t, sizeof(t)) != (ssize_t)sizeof(t))
			t = (struct tally){ 0, 0, (unsigned)count };
		sum.ok += t.ok;
		sum.mismatched += t.mismatched;
		sum.errors += t.errors;
	}
	while (wait(NULL) > 0)
		;
	printf("concurrency cpus=%ld calls=%d ok=%u mismatched=%u errors=%u\n", ncpu, count, sum.ok,
	       sum.mismatched, sum.errors);
	return sum.ok == (unsigned)(ncpu * count) ? 0 : 3;
}
