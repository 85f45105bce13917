/* SPDX-License-Identifier: MIT */
/*
 * tetdg/tetdg.h - the tetdg module's internal interface: the state found at
 * load time (a validated copy of the ACPI TETD table), the per-agent
 * counters, and the calls between its files:
 *   tetdg_main.c   module init/exit: find and validate the table
 *   tetdg_tdcall.c the TDCALLs the driver issues (TETD_INFO, TDG.MR.REPORT,
 *                  TETD_VMM_ENTER, TETD_AGENT_ACCESS, GetQuote)
 *   tetdg_inguest.c the in-guest call path when no host runs agents
 *                  (with tetdg_zone_call.S)
 *   tetdg_dev.c    /dev/tetd and its ioctls
 *   tetdg_proc.c   /proc/tetdg_info
 *   tetdg_table.c  the table validator (shared with a host unit test)
 */
#ifndef TETDG_H
#define TETDG_H
#include <linux/atomic.h>
#include <linux/types.h>
#include <tetd/tetdg_ioctl.h>
#include <tetd/zone.h>

struct tetdg_stats {
	atomic64_t calls, errors, last_ns;
};

/* Set once by tetdg_init() before any interface exists; read-only after,
 * except the atomic counters. */
struct tetdg_state {
	const void *table;                         /* validated TETD table (kmalloc) */
	const struct tetd_acpi_body *body;
	u32 transport;                             /* TETDG_TRANSPORT_* */
	struct tetdg_stats stats[TETDG_MAX_AGENTS];
};

extern struct tetdg_state tetdg;

/* The answer of the TETD_INFO leaf (include/tetd/tetdcall.h). */
struct tetdg_host_info {
	u64 status, flags, zone_gpa, zone_size, violations;
};

/* tetdg_main.c */
const struct tetd_acpi_agent *tetdg_agent(u32 index);
void tetdg_fill_agent(struct tetdg_agent *out, u32 index);
void tetdg_fill_info(struct tetdg_info *out);
const char *tetdg_transport_name(u32 transport);

/* tetdg_tdcall.c */
u32 tetdg_transport_probe(void);
int tetdg_host_info(struct tetdg_host_info *out);
int tetdg_mr_report(const u8 reportdata[64], u8 tdreport[1024]);
/* GetQuote of a TDREPORT; *len in: capacity of quote, out: its length. */
int tetdg_get_quote(const u8 tdreport[1024], u8 *quote, u32 *len);
/* TETD_VMM_ENTER on the agent's call buffer: in/out are kernel buffers;
 * *out_len and *status filled on success (0); -errno otherwise. */
int tetdg_vmm_enter(u32 index, u32 mode, u32 fn, const u8 *in, u32 in_len, u8 *out,
		    u32 out_cap, u32 *out_len, s32 *status);

/* TETD_AGENT_ACCESS: a read grant of [gpa, gpa+len) for the agent. */
int tetdg_agent_access(u32 index, u64 gpa, u64 len);

/* tetdg_inguest.c: only when transport is NONE and isolation none. init:
 * 0 when the path is usable, else -errno and tetdg_inguest_why() says why
 * (NULL once usable). call/grant: as tetdg_vmm_enter/tetdg_agent_access;
 * -EOPNOTSUPP when the path is not usable. */
int tetdg_inguest_init(void);
void tetdg_inguest_exit(void);
const char *tetdg_inguest_why(void);
int tetdg_inguest_call(u32 index, u32 mode, u32 fn, const u8 *in, u32 in_len, u8 *out,
		       u32 out_cap, u32 *out_len, s32 *status);
int tetdg_inguest_grant(u32 index, u64 gpa, u64 len);

/* tetdg_dev.c */
int tetdg_dev_init(void);
void tetdg_dev_exit(void);

/* tetdg_proc.c */
int tetdg_proc_init(void);
void tetdg_proc_exit(void);
#endif
