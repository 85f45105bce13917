// SPDX-License-Identifier: MIT
/*
 * tetdh/vmm/control.c - the control socket (--control PATH): a unix stream
 * socket (mode 0600), one JSON object per line each way.
 *
 *   {"cmd":"status"}        {"ok":true,"state":"running","vcpus":2,"uptime":1.234,...}
 *   {"cmd":"measurements"}  {"ok":true,"mrtd":"<hex>","rtmr":["<hex>",x4]}
 *   {"cmd":"counters"}      exits by reason, TDCALLs by leaf, devices,
 *                           unclaimed ports and MMIO pages
 *   {"cmd":"events"}        {"ok":true,"eventfd":true} with an eventfd passed
 *                           alongside (SCM_RIGHTS): tetdh adds 1 to it at
 *                           every completed agent call (tools/tetdh-listen)
 *   {"cmd":"shutdown"}      {"ok":true}, then the TD stops (exit status 0)
 *   anything else           {"ok":false,"error":"..."}
 *
 * One thread polls the listener and up to CLIENTS_MAX clients; a line
 * longer than LINE_MAX bytes closes its connection.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "vmm.h"

#define CLIENTS_MAX 8
#define LINE_MAX_LEN 1024

static const char *const leaf_names[VMM_TDCALL_LEAVES] = {
	"TDG.VP.VMCALL", "TDG.VP.INFO", "TDG.MR.RTMR.EXTEND", "TDG.VP.VEINFO.GET",
	"TDG.MR.REPORT", "TDG.VP.CPUIDVE.SET", "TDG.MEM.PAGE.ACCEPT", "TDG.VM.RD",
	"TDG.VM.WR", "other",
};

struct client {
	int fd;
	size_t len;
	char buf[LINE_MAX_LEN];
};

struct control {
	struct vm *vm;
	int listen_fd;
	char *path;
	struct client client[CLIENTS_MAX];
};

static struct control *ctl;

/* A growing reply buffer; output is ASCII we generate, no escaping needed
 * except for error text, which never holds quotes or backslashes. */
struct out {
	char *p;
	size_t len, cap;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(o->p ? o->p + o->len : NULL, o->p ? o->cap - o->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (o->p && (size_t)n < o->cap - o->len) {
			o->len += (size_t)n;
			return;
		}
		size_t cap = (o->cap ? o->cap * 2 : 4096) + (size_t)n;
		char *p = realloc(o->p, cap);
		if (!p)
			return;
		o->p = p;
		o->cap = cap;
	}
}

static void put_hex(struct out *o, const uint8_t *b, size_t n)
{
	char hex[2 * SEAM_SHA384_LEN + 1];

	vmm_hex(hex, b, n);
	put(o, "\"%s\"", hex);
}

static void cmd_status(struct vm *vm, struct out *o)
{
	put(o, "{\"ok\":true,\"state\":\"%s\",\"vcpus\":%u,\"uptime\":%.3f,"
	    "\"memory_mib\":%llu,\"mrtd\":", vm_stopping(vm) ? "stopping" : "running",
	    vm->nr_vcpus, vm_uptime(vm), (unsigned long long)(vm->opt->mem / MiB));
	put_hex(o, vm->mrtd, sizeof(vm->mrtd));
	put(o, "}");
}

static void cmd_measurements(struct vm *vm, struct out *o)
{
	struct seam_rtmr r;

	pthread_mutex_lock(&vm->td_lock);
	r = vm->td.rtmr;
	pthread_mutex_unlock(&vm->td_lock);
	put(o, "{\"ok\":true,\"mrtd\":");
	put_hex(o, vm->mrtd, sizeof(vm->mrtd));
	put(o, ",\"rtmr\":[");
	for (unsigned i = 0; i < TDX_NUM_RTMRS; i++) {
		put(o, i ? "," : "");
		put_hex(o, r.r[i], SEAM_SHA384_LEN);
	}
	put(o, "]}");
}

static void cmd_counters(struct vm *vm, struct out *o)
{
	const struct vmm_counters *c = &vm->cnt;
	const char *sep = "";

	put(o, "{\"ok\":true,\"exits\":{");
	for (unsigned i = 0; i < VMM_EXIT_REASONS; i++) {
		uint64_t n = atomic_load(&c->exits[i]);
		const char *name = cpu_exit_name(i);

		if (!n)
			continue;
		if (name)
			put(o, "%s\"%s\":%llu", sep, name, (unsigned long long)n);
		else
			put(o, "%s\"%u\":%llu", sep, i, (unsigned long long)n);
		sep = ",";
	}
	put(o, "%s\"eintr\":%llu},\"tdcalls\":{", sep,
	    (unsigned long long)atomic_load(&c->eintr));
	for (unsigned i = 0; i < VMM_TDCALL_LEAVES; i++)
		put(o, "%s\"%s\":%llu", i ? "," : "", leaf_names[i],
		    (unsigned long long)atomic_load(&c->tdcall[i]));
	put(o, "},\"vmcalls_to_vmm\":%llu,\"aug_pages\":%llu,\"aug_failed\":%llu,"
	    "\"devices\":{", (unsigned long long)atomic_load(&c->vmcall_vmm),
	    (unsigned long long)atomic_load(&c->aug_pages),
	    (unsigned long long)atomic_load(&c->aug_failed));
	for (unsigned i = 0; i < vm->nr_io; i++)
		put(o, "%s\"%s@0x%x\":%llu", i ? "," : "", vm->io[i]->name,
		    vm->io[i]->base, (unsigned long long)atomic_load(&vm->io[i]->count));
	put(o, "},\"unknown_ports\":{\"total\":%llu",
	    (unsigned long long)atomic_load(&c->port_unknown_total));
	for (unsigned p = 0; p < 65536; p++) {
		uint32_t n = (uint32_t)atomic_load(&c->port_unknown[p]);

		if (n)
			put(o, ",\"0x%x\":%u", p, n);
	}
	put(o, "},\"unassigned_mmio\":{\"total\":%llu",
	    (unsigned long long)atomic_load(&c->mmio_unassigned));
	for (unsigned i = 0; i < VMM_MMIO_PAGES; i++) {
		uint64_t page = atomic_load(&c->mmio[i].page);

		if (page)
			put(o, ",\"0x%llx\":%llu", (unsigned long long)((page - 1) << 12),
			    (unsigned long long)atomic_load(&c->mmio[i].count));
	}
	put(o, "},\"serial_rx_dropped\":%llu,\"tetd\":{\"calls\":%llu,"
	    "\"zone_sealed\":%s,\"zone_violations\":%llu,\"zone_violations_access\":%llu,"
	    "\"zone_violations_operand\":%llu",
	    (unsigned long long)atomic_load(&c->serial_rx_dropped),
	    (unsigned long long)atomic_load(&c->tdcall_tetd),
	    atomic_load(&vm->tetd.sealed) ? "true" : "false",
	    (unsigned long long)atomic_load(&vm->tetd.violations),
	    (unsigned long long)atomic_load(&vm->tetd.violations_access),
	    (unsigned long long)atomic_load(&vm->tetd.violations_operand));
	/* per-agent call counters (the agent world's) */
	put(o, ",\"call_rejects\":%llu,\"agents\":[",
	    (unsigned long long)atomic_load(&vm->tetd.call_rejects));
	for (unsigned i = 0; i < vm->tetd.nagents; i++)
		put(o, "%s{\"name\":\"%s\",\"calls\":%llu,\"errors\":%llu,\"last_ns\":%llu,"
		    "\"disabled\":%s}", i ? "," : "", vm->tetd.agent[i].name,
		    (unsigned long long)atomic_load(&vm->tetd.calls[i]),
		    (unsigned long long)atomic_load(&vm->tetd.errors[i]),
		    (unsigned long long)atomic_load(&vm->tetd.last_ns[i]),
		    atomic_load(&vm->tetd.disabled[i]) ? "true" : "false");
	put(o, "]}}");
}

/* The value of "cmd" in a flat JSON object, or NULL. Tolerant of spacing
 * and key order; strings with escapes are not commands we know anyway. */
static const char *parse_cmd(char *line, char *buf, size_t buflen)
{
	char *p = strstr(line, "\"cmd\"");
	size_t n = 0;

	while (*line == ' ' || *line == '\t')
		line++;
	if (*line != '{' || !p)
		return NULL;
	p += 5;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != ':')
		return NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '"')
		return NULL;
	while (*p && *p != '"' && *p != '\\' && n + 1 < buflen)
		buf[n++] = *p++;
	if (*p != '"')
		return NULL;
	buf[n] = 0;
	return buf;
}

static void send_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

/* The reply line with one file descriptor attached (SCM_RIGHTS). */
static int send_with_fd(int fd, const char *line, int pass)
{
	char ctrl[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = (void *)line, .iov_len = strlen(line) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctrl,
			    .msg_controllen = sizeof(ctrl) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &pass, sizeof(int));
	return sendmsg(fd, &m, MSG_NOSIGNAL) == (ssize_t)iov.iov_len ? 0 : -1;
}

static void handle_line(struct vm *vm, int fd, char *line)
{
	struct out o = { 0 };
	char cmd[32];
	bool shutdown = false;

	if (!parse_cmd(line, cmd, sizeof(cmd)))
		put(&o, "{\"ok\":false,\"error\":\"expected a JSON object with a "
		    "string \\\"cmd\\\"\"}");
	else if (!strcmp(cmd, "status"))
		cmd_status(vm, &o);
	else if (!strcmp(cmd, "measurements"))
		cmd_measurements(vm, &o);
	else if (!strcmp(cmd, "counters"))
		cmd_counters(vm, &o);
	else if (!strcmp(cmd, "events")) {
		int efd = tetd_events_add(vm);
		if (efd >= 0 && !send_with_fd(fd, "{\"ok\":true,\"eventfd\":true}\n", efd))
			return;
		put(&o, "{\"ok\":false,\"error\":\"no eventfd (%s)\"}",
		    efd < 0 ? "too many listeners" : "send failed");
	} else if (!strcmp(cmd, "shutdown")) {
		put(&o, "{\"ok\":true}");
		shutdown = true;
	} else
		put(&o, "{\"ok\":false,\"error\":\"unknown command; known: status, "
		    "measurements, counters, events, shutdown\"}");
	put(&o, "\n");
	if (o.p)
		send_all(fd, o.p, o.len);
	free(o.p);
	if (shutdown)
		vm_stop(vm, VMM_EXIT_POWEROFF, "shutdown requested on the control socket");
}

void control_dump_counters(struct vm *vm)
{
	struct out o = { 0 };

	cmd_counters(vm, &o);
	if (o.p)
		vmm_msg("counters %s", o.p);
	free(o.p);
}

static void client_close(struct client *c)
{
	close(c->fd);
	c->fd = -1;
	c->len = 0;
}

static void client_read(struct vm *vm, struct client *c)
{
	ssize_t n = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0);
	char *nl;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		client_close(c);
		return;
	}
	c->len += (size_t)n;
	while ((nl = memchr(c->buf, '\n', c->len))) {
		size_t used = (size_t)(nl - c->buf) + 1;

		*nl = 0;
		if (nl > c->buf && nl[-1] == '\r')
			nl[-1] = 0;
		if (c->buf[0])
			handle_line(vm, c->fd, c->buf);
		memmove(c->buf, c->buf + used, c->len - used);
		c->len -= used;
	}
	if (c->len == sizeof(c->buf)) {
		static const char err[] = "{\"ok\":false,\"error\":\"line too long\"}\n";

		send_all(c->fd, err, sizeof(err) - 1);
		client_close(c);
	}
}

static void *control_thread(void *arg)
{
	struct control *k = arg;

	for (;;) {
		struct pollfd pfd[CLIENTS_MAX + 1];
		int n = 0, slot[CLIENTS_MAX + 1];

		pfd[n] = (struct pollfd){ .fd = k->listen_fd, .events = POLLIN };
		slot[n++] = -1;
		for (int i = 0; i < CLIENTS_MAX; i++)
			if (k->client[i].fd >= 0) {
				pfd[n] = (struct pollfd){ .fd = k->client[i].fd, .events = POLLIN };
				slot[n++] = i;
			}
		if (poll(pfd, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		for (int i = 1; i < n; i++)
			if (pfd[i].revents)
				client_read(k->vm, &k->client[slot[i]]);
		if (pfd[0].revents & POLLIN) {
			int fd = accept4(k->listen_fd, NULL, NULL, SOCK_CLOEXEC);
			int i;

			if (fd < 0)
				continue;
			for (i = 0; i < CLIENTS_MAX && k->client[i].fd >= 0; i++)
				;
			if (i == CLIENTS_MAX) {
				static const char busy[] = "{\"ok\":false,\"error\":\"too many clients\"}\n";

				send_all(fd, busy, sizeof(busy) - 1);
				close(fd);
				continue;
			}
			k->client[i].fd = fd;
			k->client[i].len = 0;
		}
	}
}

int control_init(struct vm *vm, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	pthread_t t;
	mode_t old;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		vmm_msg("--control %s: path longer than %zu bytes", path,
			sizeof(sa.sun_path) - 1);
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* A stale socket from a dead tetdh is replaced; a live one is not. */
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			vmm_msg("--control %s: exists and is not a socket", path);
			close(fd);
			return -1;
		}
		int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		int live = probe >= 0 &&
			   connect(probe, (struct sockaddr *)&sa, sizeof(sa)) == 0;

		if (probe >= 0)
			close(probe);
		if (live) {
			vmm_msg("--control %s: another process is listening there", path);
			close(fd);
			return -1;
		}
		unlink(path);
	}
	old = umask(077);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 4) < 0) {
		umask(old);
		vmm_msg("--control %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	umask(old);
	ctl = calloc(1, sizeof(*ctl));
	if (!ctl || !(ctl->path = strdup(path))) {
		close(fd);
		return -1;
	}
	ctl->vm = vm;
	ctl->listen_fd = fd;
	for (int i = 0; i < CLIENTS_MAX; i++)
		ctl->client[i].fd = -1;
	if (pthread_create(&t, NULL, control_thread, ctl)) {
		vmm_msg("cannot start the control thread");
		return -1;
	}
	pthread_detach(t);
	return 0;
}

void control_cleanup(struct vm *vm)
{
	(void)vm;
	if (ctl)
		unlink(ctl->path);
}
