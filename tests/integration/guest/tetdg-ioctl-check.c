// SPDX-License-Identifier: MIT
/*
 * tests/integration/guest/tetdg-ioctl-check.c - runs inside the guest
 * (initramfs, bin/tetdg-ioctl-check) under `tetd.test=tetdg`: feeds
 * /dev/tetd every kind of bad argument the ioctl ABI
 * (include/tetd/tetdg_ioctl.h) names and checks the errno the driver
 * documents, then the valid requests. One line per check,
 * `ioctl-check: ok <what>` or `ioctl-check: FAIL <what>: <got>`, and a
 * summary `ioctl-check: N checks, M failed`; exit status 1 if any failed.
 * tests/integration/55-tetdg-qemu.t reads the lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <tetd/tetdg_ioctl.h>
#include <tetd/zone.h>

static int nchecks, nfailed;

/* Expect ioctl result r (with errno) to be `want_errno` (0 = success). */
static void expect(const char *what, int r, int want_errno)
{
	int got = r == 0 ? 0 : errno;
	nchecks++;
	if (got == want_errno) {
		printf("ioctl-check: ok %s\n", what);
		return;
	}
	nfailed++;
	printf("ioctl-check: FAIL %s: got %s, want %s\n", what, got ? strerror(got) : "success",
	       want_errno ? strerror(want_errno) : "success");
}

static void expect_true(const char *what, int cond)
{
	nchecks++;
	if (!cond)
		nfailed++;
	printf("ioctl-check: %s %s\n", cond ? "ok" : "FAIL", what);
}

int main(void)
{
	static struct tetdg_list l;
	static struct tetdg_report rep;
	static uint8_t in[TETD_CALL_MAX_IN + 1], out[TETD_CALL_MAX_OUT + 1];
	struct tetdg_info info;
	struct tetdg_call c;
	const struct tetdg_agent *a = NULL;

	int fd = open(TETDG_DEV_PATH, O_RDWR);
	if (fd < 0) {
		printf("ioctl-check: FAIL open %s: %s\n", TETDG_DEV_PATH, strerror(errno));
		printf("ioctl-check: 1 checks, 1 failed\n");
		return 1;
	}
	expect("unknown request -> ENOTTY", ioctl(fd, _IO(TETDG_IOC_MAGIC, 0xDF)), ENOTTY);
	expect("LIST with another struct size -> ENOTTY",
	       ioctl(fd, _IOR(TETDG_IOC_MAGIC, 0xD0, uint32_t), &l), ENOTTY);
	expect("LIST to NULL -> EFAULT", ioctl(fd, TETDG_IOC_LIST, NULL), EFAULT);
	expect("INFO to NULL -> EFAULT", ioctl(fd, TETDG_IOC_INFO, NULL), EFAULT);
	expect("CALL from NULL -> EFAULT", ioctl(fd, TETDG_IOC_CALL, NULL), EFAULT);
	expect("REPORT from NULL -> EFAULT", ioctl(fd, TETDG_IOC_REPORT, NULL), EFAULT);

	expect("LIST", ioctl(fd, TETDG_IOC_LIST, &l), 0);
	expect_true("LIST: count within 1..16", l.count >= 1 && l.count <= TETDG_MAX_AGENTS);
	for (uint32_t i = 0; i < l.count && i < TETDG_MAX_AGENTS; i++) {
		if (l.agents[i].index != i || !l.agents[i].name[0])
			break;
		if (!a && l.agents[i].state == TETD_ZONE_AGENT_READY && l.agents[i].fn_count)
			a = &l.agents[i];
	}
	expect_true("LIST: entries numbered in order, named", l.count &&
		    l.agents[l.count - 1].index == l.count - 1);
	expect_true("LIST: a ready agent with a function exists", a != NULL);
	memset(&info, 0xff, sizeof(info));
	expect("INFO", ioctl(fd, TETDG_IOC_INFO, &info), 0);
	expect_true("INFO: abi 1, agent count as LIST, reserved zero",
		    info.abi_version == TETDG_ABI_VERSION && info.agent_count == l.count &&
		    !info.reserved[0] && !info.reserved[3]);

	if (a) {
		uint32_t mode = a->modes & TETD_MODE_EXCLUSIVE ? TETD_MODE_EXCLUSIVE
							       : TETD_MODE_COLLABORATIVE;
		struct tetdg_call good = {
			.agent_index = a->index, .fn_id = a->fn_ids[0], .mode = mode,
			.in_len = 4, .in = (uintptr_t)in, .out = (uintptr_t)out,
			.out_cap = TETD_CALL_MAX_OUT,
		};
		c = good, c.reserved = 1;
		expect("CALL reserved != 0 -> EINVAL", ioctl(fd, TETDG_IOC_CALL, &c), EINVAL);
		c = good, c.agent_index = l.count;
		expect("CALL agent index = count -> ENOENT", ioctl(fd, TETDG_IOC_CALL, &c), ENOENT);
		c = good, c.mode = 0;
		expect("CALL mode 0 -> EINVAL", ioctl(fd, TETDG_IOC_CALL, &c), EINVAL);
		c = good, c.mode = TETD_MODE_EXCLUSIVE | TETD_MODE_COLLABORATIVE;
		expect("CALL two modes at once -> EINVAL", ioctl(fd, TETDG_IOC_CALL, &c), EINVAL);
		c = good, c.in_len = TETD_CALL_MAX_IN + 1;
		expect("CALL in_len 2033 -> EINVAL", ioctl(fd, TETDG_IOC_CALL, &c), EINVAL);
		c = good, c.out_cap = TETD_CALL_MAX_OUT + 1;
		expect("CALL out_cap 2033 -> EINVAL", ioctl(fd, TETDG_IOC_CALL, &c), EINVAL);
		c = good, c.fn_id = 0xfffff;
		expect("CALL unregistered function -> ENOENT", ioctl(fd, TETDG_IOC_CALL, &c), ENOENT);
		c = good, c.in = 16;
		expect("CALL unreadable input -> EFAULT", ioctl(fd, TETDG_IOC_CALL, &c), EFAULT);
		c = good, c.out = 0xffff888000000000ull;
		expect("CALL kernel output address -> EFAULT", ioctl(fd, TETDG_IOC_CALL, &c), EFAULT);
		c = good;
		expect("CALL valid (a TETD host or the in-guest path runs it)",
		       ioctl(fd, TETDG_IOC_CALL, &c), 0);
		expect_true("CALL valid: the agent's status and output length are sane",
			    c.out_len <= TETD_CALL_MAX_OUT && c.status <= 0 && c.status >= -7);
	}

	/* GRANT (TETD_AGENT_ACCESS): every refusal before a valid one */
	struct tetdg_grant g0 = { .agent_index = 0, .flags = TETD_GPA_READ,
				  .gpa = 0x100000, .len = 4096 }, g;
	expect("GRANT from NULL -> EFAULT", ioctl(fd, TETDG_IOC_GRANT, NULL), EFAULT);
	g = g0, g.reserved = 1;
	expect("GRANT reserved != 0 -> EINVAL", ioctl(fd, TETDG_IOC_GRANT, &g), EINVAL);
	g = g0, g.flags = TETD_GPA_READ | TETD_GPA_WRITE;
	expect("GRANT write -> EINVAL", ioctl(fd, TETDG_IOC_GRANT, &g), EINVAL);
	g = g0, g.len = 0;
	expect("GRANT length 0 -> EINVAL", ioctl(fd, TETDG_IOC_GRANT, &g), EINVAL);
	g = g0, g.gpa = ~0ull - 100;
	expect("GRANT wrapping range -> EINVAL", ioctl(fd, TETDG_IOC_GRANT, &g), EINVAL);
	g = g0, g.gpa = 0xFEE00000;
	expect("GRANT the local APIC (not RAM) -> EINVAL", ioctl(fd, TETDG_IOC_GRANT, &g), EINVAL);
	g = g0, g.agent_index = l.count;
	expect("GRANT agent index = count -> ENOENT", ioctl(fd, TETDG_IOC_GRANT, &g), ENOENT);
	g = g0, g.gpa = info.zone_gpa, g.len = 8;
	expect("GRANT inside the zone (reserved, not RAM) -> EINVAL",
	       ioctl(fd, TETDG_IOC_GRANT, &g), EINVAL);
	g = g0;
	expect("GRANT one RAM page to agent 0", ioctl(fd, TETDG_IOC_GRANT, &g), 0);

	memset(&rep, 0, sizeof(rep));
	memcpy(rep.reportdata, "tetdg-ioctl-check", 17);
	if (info.transport == TETDG_TRANSPORT_NONE) {
		expect("REPORT without TDX/tetdh -> ENODEV", ioctl(fd, TETDG_IOC_REPORT, &rep),
		       ENODEV);
	} else {
		expect("REPORT", ioctl(fd, TETDG_IOC_REPORT, &rep), 0);
		expect_true("REPORT: REPORTDATA echoed at offset 128",
			    !memcmp(rep.tdreport + 128, rep.reportdata, 64));
	}
	static struct tetdg_quote q;
	expect("QUOTE from NULL -> EFAULT", ioctl(fd, TETDG_IOC_QUOTE, NULL), EFAULT);
	memcpy(q.reportdata, "tetdg-ioctl-check", 17);
	if (info.transport == TETDG_TRANSPORT_NONE)
		expect("QUOTE without TDX/tetdh -> ENODEV", ioctl(fd, TETDG_IOC_QUOTE, &q), ENODEV);
	else
		expect("QUOTE", ioctl(fd, TETDG_IOC_QUOTE, &q), 0);
	close(fd);
	printf("ioctl-check: %d checks, %d failed\n", nchecks, nfailed);
	return nfailed ? 1 : 0;
}
