// SPDX-License-Identifier: MIT
/*
 * tools/tetdh-listen.c - the example host listener for agent-call
 * completions: connects to a running tetdh's control socket, asks for an
 * eventfd ({"cmd":"events"}; it arrives with SCM_RIGHTS), and then, every
 * time it fires, prints how many calls completed since the last wake-up
 * and the per-agent counters ({"cmd":"counters"}'s "tetd" object).
 *   tetdh-listen --control PATH [--count N]   (stop after N calls; waits up
 *                                             to 60 s for tetdh to start)
 * Exit status 0 when --count calls were seen (or the socket closed), 1 on
 * usage errors, 2 on connection errors.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int recv_line_fd(int s, char *buf, size_t n, int *fd)
{
	char ctrl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = buf, .iov_len = n - 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctrl,
			    .msg_controllen = sizeof(ctrl) };
	ssize_t r = recvmsg(s, &m, 0);
	if (r <= 0)
		return -1;
	buf[r] = 0;
	*fd = -1;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(fd, CMSG_DATA(c), sizeof(int));
	return 0;
}

static void print_counters(int s)
{
	static char buf[65536];
	const char *q = "{\"cmd\":\"counters\"}\n";
	if (write(s, q, strlen(q)) < 0)
		return;
	size_t len = 0;
	while (len < sizeof(buf) - 1) {
		ssize_t r = read(s, buf + len, sizeof(buf) - 1 - len);
		if (r <= 0)
			break;
		len += (size_t)r;
		if (buf[len - 1] == '\n')
			break;
	}
	buf[len] = 0;
	const char *t = strstr(buf, "\"tetd\":");
	printf("  %s", t ? t : buf);
}

int main(int argc, char **argv)
{
	const char *path = NULL;
	long want = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--control") && i + 1 < argc)
			path = argv[++i];
		else if (!strcmp(argv[i], "--count") && i + 1 < argc)
			want = atol(argv[++i]);
		else {
			fprintf(stderr, "usage: tetdh-listen --control PATH [--count N]\n");
			return !strcmp(argv[i], "--help") ? 0 : 1;
		}
	}
	if (!path) {
		fprintf(stderr, "tetdh-listen: --control PATH is required\n");
		return 1;
	}
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	/* tetdh may still be starting: try for up to 60 s. */
	int s = -1;
	for (int tries = 0; tries < 600; tries++) {
		s = socket(AF_UNIX, SOCK_STREAM, 0);
		if (s >= 0 && !connect(s, (struct sockaddr *)&a, sizeof(a)))
			break;
		if (s >= 0)
			close(s);
		s = -1;
		usleep(100000);
	}
	if (s < 0) {
		fprintf(stderr, "tetdh-listen: %s: %s\n", path, strerror(errno));
		return 2;
	}
	const char *q = "{\"cmd\":\"events\"}\n";
	char line[256];
	int efd;
	if (write(s, q, strlen(q)) < 0 || recv_line_fd(s, line, sizeof(line), &efd) || efd < 0) {
		fprintf(stderr, "tetdh-listen: no eventfd from tetdh (%s)\n", line);
		return 2;
	}
	long seen = 0;
	while (!want || seen < want) {
		struct pollfd p = { .fd = efd, .events = POLLIN };
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			break;
		uint64_t n;
		if (read(efd, &n, sizeof(n)) != sizeof(n))
			continue;
		seen += (long)n;
		printf("tetdh-listen: %llu call(s) completed, %ld in total\n",
		       (unsigned long long)n, seen);
		print_counters(s);
		fflush(stdout);
	}
	return 0;
}
