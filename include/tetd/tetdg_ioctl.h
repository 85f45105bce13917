/* SPDX-License-Identifier: MIT */
/*
 * include/tetd/tetdg_ioctl.h - the ioctl ABI of the tetdg driver's misc
 * device /dev/tetd (tetdg/, docs/tetdg.md): what the guest CLI tetd-call and
 * any other user-space caller pass to the kernel.
 *
 * Every argument is a fixed-size struct without pointers-as-pointers (user
 * addresses travel as u64), without implicit padding and with the same
 * layout for 32- and 64-bit callers, like Linux's tdx-guest ABI. Fields
 * named `reserved` must be zero on input and are zero on output; the
 * driver rejects a non-zero one with EINVAL so they can gain a meaning
 * later. The ioctl number encodes the struct size: a caller built against
 * another layout gets ENOTTY, never a misread.
 *
 * Kernel-includable: <stdint.h>/<stddef.h> come from tetdg/compat/ there.
 */
#ifndef TETD_TETDG_IOCTL_H
#define TETD_TETDG_IOCTL_H
#include <stddef.h>
#include <stdint.h>
#include <linux/ioctl.h>
#include <tetd/agent.h>

#define TETDG_DEV_PATH          "/dev/tetd"
#define TETDG_PROC_PATH         "/proc/tetdg_info"
#define TETDG_ABI_VERSION       1u
#define TETDG_MAX_AGENTS        TETD_AVOL_MAX_AGENTS   /* 16: a volume's limit */

/* How the driver reaches a TDX module / TETD host (tdcall.h). */
#define TETDG_TRANSPORT_NONE    0u   /* neither TDX nor tetdh: no TDCALL is issued */
#define TETDG_TRANSPORT_SIM     1u   /* tetdh: sim TDCALL (port 0xE5) */
#define TETDG_TRANSPORT_TDX     2u   /* the TDCALL instruction */

/* One agent: the TETD table entry (include/tetd/zone.h struct
 * tetd_acpi_agent, same meaning per field) plus the driver's counters. */
struct tetdg_agent {
	char name[TETD_AGENT_NAME_LEN];  /* NUL-terminated ([a-z0-9_-]) */
	uint32_t index;                  /* agent_index for TETDG_IOC_CALL */
	uint32_t id, version, modes, caps;
	uint32_t state;                  /* TETD_ZONE_AGENT_READY / _FAILED */
	uint32_t fn_count;               /* valid entries in fn_ids[] */
	uint32_t fn_ids[TETD_AGENT_MAX_CALLS];
	uint32_t reserved;
	uint64_t call_buf_gpa;           /* the agent's 4 KiB call buffer */
	uint8_t sha384[48];              /* its measurement (RTMR[3] event) */
	uint64_t calls;                  /* calls completed through the driver */
	uint64_t errors;                 /* of which failed (any non-OK result) */
	uint64_t last_ns;                /* latency of the last call, ns */
};
_Static_assert(sizeof(struct tetdg_agent) == 208, "tetdg_agent");
_Static_assert(offsetof(struct tetdg_agent, call_buf_gpa) == 128, "tetdg_agent call_buf_gpa");
_Static_assert(offsetof(struct tetdg_agent, calls) == 184, "tetdg_agent calls");

/* TETDG_IOC_LIST (out): every agent of the TETD table, in table order. */
struct tetdg_list {
	uint32_t count;                  /* valid entries in agents[] */
	uint32_t reserved;
	struct tetdg_agent agents[TETDG_MAX_AGENTS];
};
_Static_assert(sizeof(struct tetdg_list) == 8 + 16 * 208, "tetdg_list");

/* TETDG_IOC_INFO (out): the TETD table's body and, when a host can be
 * asked (transport != NONE), the TETD_INFO leaf's answer right now. */
struct tetdg_info {
	uint32_t abi_version;            /* TETDG_ABI_VERSION */
	uint32_t table_revision;         /* the ACPI header's revision */
	uint32_t platform;               /* TETD_PLATFORM_* */
	uint32_t isolation;              /* TETD_ISOLATION_* */
	uint64_t zone_gpa, zone_size;
	uint32_t agent_count, agents_rejected;
	uint32_t transport;              /* TETDG_TRANSPORT_* */
	uint32_t host_valid;             /* 1: TETD_INFO was issued, host_* below */
	uint64_t host_status;            /* RAX: 0, or TETD_ST_* / a TDX module error */
	uint64_t host_flags;             /* RCX: TETD_INFO_HOST | _ZONE | _SEALED */
	uint64_t host_zone_gpa;          /* RDX */
	uint64_t host_zone_size;         /* R8 */
	uint64_t host_violations;        /* R9: TD accesses to the sealed zone */
	uint64_t reserved[4];
};
_Static_assert(sizeof(struct tetdg_info) == 120, "tetdg_info");

/*
 * TETDG_IOC_CALL (in/out): call function fn_id of agent agent_index. The
 * driver copies in_len bytes from `in` and at most out_cap bytes back to
 * `out`; out_len says how many, status is the agent's result (TETD_OK or
 * TETD_E_*, agent.h). The ioctl's own return value covers the transport:
 * 0 when the agent ran (whatever its status), else -1 with errno.
 */
struct tetdg_call {
	uint32_t agent_index;
	uint32_t fn_id;                  /* one of the agent's fn_ids */
	uint32_t mode;                   /* TETD_MODE_EXCLUSIVE or _COLLABORATIVE */
	uint32_t in_len;                 /* 0..TETD_CALL_MAX_IN */
	uint64_t in;                     /* user address of the input */
	uint64_t out;                    /* user address of the output buffer */
	uint32_t out_cap;                /* 0..TETD_CALL_MAX_OUT */
	uint32_t out_len;                /* out: bytes written to `out` */
	int32_t status;                  /* out: TETD_OK or TETD_E_* */
	uint32_t reserved;
};
_Static_assert(sizeof(struct tetdg_call) == 48, "tetdg_call");

/* TETDG_IOC_REPORT (in/out): TDG.MR.REPORT with REPORTDATA; the TDREPORT
 * (include/tetd/tdx.h struct tdx_report) comes back. Same layout as
 * Linux's struct tdx_report_req. */
struct tetdg_report {
	uint8_t reportdata[64];          /* in */
	uint8_t tdreport[1024];          /* out */
};
_Static_assert(sizeof(struct tetdg_report) == 1088, "tetdg_report");

/* TETDG_IOC_QUOTE (in/out): TDG.MR.REPORT with REPORTDATA, then the host's
 * quote of that TDREPORT (TDG.VP.VMCALL<GetQuote> on a shared page, as
 * Linux's tdx-guest does). The quote is a TDX v4 quote (include/tetd/
 * tdx.h) for tools/tetd-attest. */
#define TETDG_QUOTE_MAX 4000
struct tetdg_quote {
	uint8_t reportdata[64];          /* in */
	uint32_t quote_len;              /* out: bytes in quote[] */
	uint32_t reserved;               /* zero */
	uint8_t quote[TETDG_QUOTE_MAX];  /* out */
};
_Static_assert(sizeof(struct tetdg_quote) == 4072, "tetdg_quote");

/*
 * TETDG_IOC_GRANT (in): let agent agent_index read TD memory [gpa, gpa+len)
 * from now on (TETD_AGENT_ACCESS; the agent's agent_read_gpa() honours it).
 * Read grants only; at most TETD_AGENT_MAX_GPA per agent, never released.
 * Needs CAP_SYS_ADMIN: what an agent may read is the kernel's decision.
 */
struct tetdg_grant {
	uint32_t agent_index;
	uint32_t flags;                  /* TETD_GPA_READ */
	uint64_t gpa;                    /* TD guest-physical, RAM, outside the zone */
	uint64_t len;                    /* > 0 */
	uint64_t reserved;               /* zero */
};
_Static_assert(sizeof(struct tetdg_grant) == 32, "tetdg_grant");

/*
 * 'T' is shared with Linux's tdx-guest (nr 1) and termios (no size field);
 * numbers 0xD0.. are ours. Errors (errno), per ioctl:
 *   any     ENOTTY unknown request (or a struct size from another ABI),
 *           EFAULT an unreadable/unwritable argument
 *   CALL    EINVAL reserved != 0, mode not exactly one of the agent's
 *                  modes, in_len or out_cap over the 2032-byte limit
 *           ENOENT no such agent index, or fn_id not registered by it
 *           EIO    the agent failed its init (state failed), or it
 *                  faulted during this call (it is disabled now)
 *           EACCES the agent does not accept calls in this mode
 *           ESHUTDOWN the agent was disabled (fault, admin)
 *           EBUSY  the host stayed busy with other calls
 *           EOPNOTSUPP  no way to run agents here (neither a TETD host
 *                  nor the in-guest path; the reason is in dmesg)
 *   GRANT   EPERM  without CAP_SYS_ADMIN; EINVAL reserved != 0, flags
 *                  not TETD_GPA_READ, zero length, not RAM; EFAULT the
 *                  range touches the zone; ENOSPC all grant slots used;
 *                  ENOENT no such agent; EOPNOTSUPP as for CALL
 *   REPORT  ENODEV no TDX module or tetdh to answer (plain QEMU)
 *           EINVAL the TDX module rejected an operand; EIO any other error
 *   QUOTE   as REPORT; EPROTO the host's GetQuote failed (its status in
 *           dmesg), E2BIG the quote does not fit TETDG_QUOTE_MAX
 */
#define TETDG_IOC_MAGIC         'T'
#define TETDG_IOC_LIST          _IOR(TETDG_IOC_MAGIC, 0xD0, struct tetdg_list)
#define TETDG_IOC_INFO          _IOR(TETDG_IOC_MAGIC, 0xD1, struct tetdg_info)
#define TETDG_IOC_CALL          _IOWR(TETDG_IOC_MAGIC, 0xD2, struct tetdg_call)
#define TETDG_IOC_REPORT        _IOWR(TETDG_IOC_MAGIC, 0xD3, struct tetdg_report)
#define TETDG_IOC_QUOTE         _IOWR(TETDG_IOC_MAGIC, 0xD4, struct tetdg_quote)
#define TETDG_IOC_GRANT         _IOW(TETDG_IOC_MAGIC, 0xD5, struct tetdg_grant)
#endif
