// SPDX-License-Identifier: MIT
/*
 * tetdh/vmm/term.c - the host side of COM1: stdout for what the guest
 * sends, stdin for what it receives.
 *
 * On a terminal stdin is put in raw mode (restored at exit) so every key
 * reaches the guest, including Ctrl-C; Ctrl-a x quits (exit status 130)
 * and Ctrl-a Ctrl-a sends one Ctrl-a, as in QEMU. Anything else (a pipe,
 * /dev/null in the host VM) is read as it is, and end of file just ends
 * input. One thread reads stdin and hands bytes to serial.c.
 * --timestamps prefixes each output line with "[seconds since the first
 * vCPU ran]", which is how docs/tetdh.md measures boot phases.
 * tetdh's own messages (vmm_msg, stderr) wait for the end of a guest line
 * in progress, so they never cut one in half: tests and tools/tetdh-run
 * read the console line by line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "vmm.h"

#define ESCAPE_KEY 0x01 /* Ctrl-a */

static struct termios saved;
static bool raw_mode;
static bool line_start = true;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static char pending[8192];               /* host messages held back, under out_lock */
static size_t npending;

static void err_out(const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(STDERR_FILENO, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

static void flush_pending_locked(void)
{
	err_out(pending, npending);
	npending = 0;
}

void term_message(const char *line)
{
	size_t n = strlen(line);

	pthread_mutex_lock(&out_lock);
	if (line_start) {
		err_out(line, n);
	} else if (npending + n <= sizeof(pending)) {
		memcpy(pending + npending, line, n);
		npending += n;
	} else {                         /* a guest line without end: do not lose it */
		err_out("\n", 1);
		flush_pending_locked();
		err_out(line, n);
	}
	pthread_mutex_unlock(&out_lock);
}

void term_flush(void)
{
	pthread_mutex_lock(&out_lock);
	if (npending) {
		err_out("\n", 1);
		flush_pending_locked();
	}
	pthread_mutex_unlock(&out_lock);
}

void term_restore(void)
{
	term_flush();
	if (raw_mode) {
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
		raw_mode = false;
	}
}

bool term_is_raw(void)
{
	return raw_mode;
}

static void out(const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(STDOUT_FILENO, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* stdout gone: the guest keeps running */
		p += n;
		len -= (size_t)n;
	}
}

void term_write(struct vm *vm, uint8_t c)
{
	pthread_mutex_lock(&out_lock);
	if (vm->opt->timestamps && line_start) {
		char stamp[32];
		int n = snprintf(stamp, sizeof(stamp), "[%9.3f] ", vm_uptime(vm));

		out(stamp, (size_t)n);
	}
	out(&c, 1);
	line_start = c == '\n';
	if (line_start && npending)
		flush_pending_locked();
	pthread_mutex_unlock(&out_lock);
}

static void *stdin_thread(void *arg)
{
	struct vm *vm = arg;
	bool escape = false;
	uint8_t buf[256];

	for (;;) {
		ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL;
		for (ssize_t i = 0; i < n; i++) {
			uint8_t c = buf[i];

			if (raw_mode && escape) {
				escape = false;
				if (c == 'x' || c == 'X') {
					vm_stop(vm, VMM_EXIT_USER, "terminated from the console (Ctrl-a x)");
					return NULL;
				}
				if (c != ESCAPE_KEY)
					continue; /* unknown escape: swallowed */
			} else if (raw_mode && c == ESCAPE_KEY) {
				escape = true;
				continue;
			}
			serial_receive(vm, c);
		}
	}
}

int term_init(struct vm *vm)
{
	pthread_t t;
	int e;

	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0) {
		struct termios raw = saved;

		raw.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
					   IGNCR | ICRNL | IXON);
		raw.c_oflag &= ~(tcflag_t)OPOST;
		raw.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
		raw.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
		raw.c_cflag |= CS8;
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0)
			raw_mode = true;
	}
	e = pthread_create(&t, NULL, stdin_thread, vm);
	if (e) {
		vmm_msg("cannot start the console input thread: %s", strerror(e));
		return -1;
	}
	pthread_detach(t);
	return 0;
}
