/* SPDX-License-Identifier: MIT */
/*
 * include/tetd/agent.h - the agent ABI: what an agent ELF declares about
 * itself, what the firmware hands its entry point, the call buffer its
 * handlers get, and the agent volume the image carries in its CFV.
 *
 * Every struct is fixed-size, little-endian, without pointers (addresses
 * are u64) and without padding, so the firmware, agents, the kernel driver
 * and host tools read the same bytes. docs/agents.md is the prose version;
 * tetdg-early/agent_elf.c and agent_vol.c are the parsers that enforce it.
 */
#ifndef TETD_AGENT_H
#define TETD_AGENT_H
#include <stddef.h>
#include <stdint.h>

/* ---- the descriptor an agent ELF carries ---- */

#define TETD_AGENT_DESC_MAGIC   0x54474154u /* "TAGT" little-endian */
#define TETD_AGENT_ABI_VERSION  1u
#define TETD_AGENT_NAME_LEN     32u         /* [a-z0-9_-], 1..31 chars, NUL-padded */

/* Call modes an agent accepts (ARCHITECTURE.md "Agent calls"). */
#define TETD_MODE_EXCLUSIVE     0x1u /* every TD vCPU paused for the call */
#define TETD_MODE_COLLABORATIVE 0x2u /* the TD keeps running */
#define TETD_MODE_MASK          0x3u

/* Capabilities the firmware and host may grant. */
#define TETD_CAP_INTROSPECT     0x1u /* may be granted read access to TD memory */
#define TETD_CAP_ADMIN          0x2u /* may disable other agents (TETD_AGENT_DISABLE) */
#define TETD_CAP_MASK           0x3u

/* version: major [31:24], minor [23:16], patch [15:0]. */
#define TETD_AGENT_VERSION(maj, min, patch) \
	((uint32_t)(maj) << 24 | (uint32_t)(min) << 16 | (uint32_t)(patch))
#define TETD_AGENT_VERSION_MAJOR(v) ((uint32_t)(v) >> 24)
#define TETD_AGENT_VERSION_MINOR(v) (((uint32_t)(v) >> 16) & 0xff)
#define TETD_AGENT_VERSION_PATCH(v) ((uint32_t)(v) & 0xffff)

/* Limits the loader enforces (sizes in bytes, all multiples of 4 KiB). */
#define TETD_AGENT_PAGE         0x1000u
#define TETD_AGENT_STACK_MIN    0x1000u   /* 4 KiB */
#define TETD_AGENT_STACK_MAX    0x40000u  /* 256 KiB */
#define TETD_AGENT_HEAP_MAX     0x100000u /* 1 MiB */
#define TETD_AGENT_IMAGE_MAX    0x100000u /* loaded segments, 1 MiB */

/*
 * Name rule: 1..31 bytes of [a-z0-9_-], then NUL padding to 32 bytes.
 * Returns -1 when valid, else the index of the first offending byte (a
 * character outside the set, a non-NUL after the terminator, or byte 0 of
 * an empty name); the caller words the message.
 */
static inline int tetd_agent_name_bad(const char name[TETD_AGENT_NAME_LEN])
{
	unsigned i = 0;
	if (name[0] == '\0')
		return 0;
	for (; i < TETD_AGENT_NAME_LEN && name[i]; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return (int)i;
	}
	if (i == TETD_AGENT_NAME_LEN)
		return TETD_AGENT_NAME_LEN - 1;
	for (; i < TETD_AGENT_NAME_LEN; i++)
		if (name[i])
			return (int)i;
	return -1;
}

struct tetd_agent_desc {
	uint32_t magic;        /* TETD_AGENT_DESC_MAGIC */
	uint32_t abi_version;  /* TETD_AGENT_ABI_VERSION */
	uint32_t desc_size;    /* sizeof(struct tetd_agent_desc) */
	uint32_t id;           /* non-zero; unique within a volume */
	char name[TETD_AGENT_NAME_LEN]; /* [a-z0-9_-]+, NUL-padded, >= 1 NUL */
	uint32_t version;      /* TETD_AGENT_VERSION(major, minor, patch) */
	uint32_t modes;        /* TETD_MODE_* bits, at least one */
	uint32_t caps;         /* TETD_CAP_* bits requested */
	uint32_t stack_size;   /* STACK_MIN..STACK_MAX, page multiple */
	uint32_t heap_size;    /* 0..HEAP_MAX, page multiple */
	uint32_t reserved[3];  /* zero */
};

/*
 * The descriptor travels as an ELF note (so the loader finds it through
 * the program headers alone; section headers may be stripped): a PT_NOTE
 * segment holding one note named "TETD" of type TETD_NOTE_AGENT_DESC whose
 * descriptor is struct tetd_agent_desc. The SDK emits it in a section named
 * .tetd.agent (TETD_AGENT() in agents/sdk/agent.h). 4-byte note alignment:
 * the descriptor holds only u32 fields and chars, so it sits at offset 20.
 */
#define TETD_NOTE_NAME          "TETD"
#define TETD_NOTE_AGENT_DESC    1u

struct tetd_agent_note {
	uint32_t namesz;       /* 5: "TETD" and its NUL */
	uint32_t descsz;       /* sizeof(struct tetd_agent_desc) */
	uint32_t type;         /* TETD_NOTE_AGENT_DESC */
	char name[8];          /* "TETD", padded to 4 bytes */
	struct tetd_agent_desc desc;
};

_Static_assert(sizeof(struct tetd_agent_desc) == 80, "agent descriptor is 80 bytes");
_Static_assert(offsetof(struct tetd_agent_desc, name) == 16, "desc name");
_Static_assert(offsetof(struct tetd_agent_desc, version) == 48, "desc version");
_Static_assert(offsetof(struct tetd_agent_desc, stack_size) == 60, "desc stack");
_Static_assert(sizeof(struct tetd_agent_note) == 100, "agent note is 100 bytes");
_Static_assert(offsetof(struct tetd_agent_note, desc) == 20, "note descriptor offset");

/* ---- the log ring (agent writes, firmware/host reads) ---- */

/*
 * A single-producer, single-consumer byte ring. `base` is the data area's
 * address in the agent's address space; `size` is a power of two. head and
 * tail count bytes ever written/consumed (free-running, never wrapped):
 * the bytes not yet read are [tail, head), at base[i & (size - 1)]. Only
 * the agent moves head, only the reader moves tail. A message that does not
 * fit is dropped whole and counted in `dropped`; messages are lines ending
 * in '\n'. The inline helpers below are the protocol: the SDK writes with
 * tetd_log_ring_put, the firmware (and later tetdh) drain with
 * tetd_log_ring_get, passing the data area as mapped in their own view.
 */
struct tetd_log_ring {
	uint64_t base;         /* data area (agent address) */
	uint32_t size;         /* data bytes, power of two, 0 = no log */
	uint32_t dropped;      /* bytes dropped because the ring was full */
	uint64_t head;         /* written by the agent */
	uint64_t tail;         /* written by the reader */
};
_Static_assert(sizeof(struct tetd_log_ring) == 32, "log ring is 32 bytes");

/* Append n bytes, all or nothing; returns 0, or -1 if dropped. */
static inline int tetd_log_ring_put(struct tetd_log_ring *r, uint8_t *data, const void *src,
				    size_t n)
{
	const uint8_t *s = (const uint8_t *)src;
	uint32_t size = r->size;
	uint64_t head = r->head;
	uint64_t used = head - __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
	if (!size || (size & (size - 1)) || used > size || n > size - used) {
		r->dropped += (uint32_t)(n > 0xffffffffu ? 0xffffffffu : n);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		data[(head + i) & (size - 1)] = s[i];
	__atomic_store_n(&r->head, head + n, __ATOMIC_RELEASE);
	return 0;
}

/*
 * Move up to cap unread bytes to out; returns how many. A ring whose head
 * ran more than `size` ahead (a corrupt or hostile writer) is resynchronised
 * to its last `size` bytes rather than trusted.
 */
static inline size_t tetd_log_ring_get(struct tetd_log_ring *r, const uint8_t *data, void *out,
				       size_t cap)
{
	uint8_t *o = (uint8_t *)out;
	uint32_t size = r->size;
	uint64_t tail = r->tail;
	uint64_t head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
	if (!size || (size & (size - 1)))
		return 0;
	if (head - tail > size)
		tail = head - size;
	size_t n = head - tail < cap ? (size_t)(head - tail) : cap;
	for (size_t i = 0; i < n; i++)
		o[i] = data[(tail + i) & (size - 1)];
	__atomic_store_n(&r->tail, tail + n, __ATOMIC_RELEASE);
	return n;
}

/* ---- what the agent's entry point gets (RDI) ---- */

#define TETD_AGENT_ENV_MAGIC    0x564e4554u /* "TENV" */
#define TETD_AGENT_SEED_LEN     32u
#define TETD_AGENT_MAX_GPA      8u
#define TETD_AGENT_MAX_CALLS    16u

#define TETD_GPA_READ           0x1u
#define TETD_GPA_WRITE          0x2u

/* A TD guest-physical range the agent may access (ARCHITECTURE.md
 * TETD_AGENT_ACCESS). The firmware grants the kernel image to agents with
 * TETD_CAP_INTROSPECT; the host may add ranges later. */
struct tetd_gpa_range {
	uint64_t base;         /* TD GPA */
	uint64_t len;          /* bytes, > 0, base + len does not wrap */
	uint32_t flags;        /* TETD_GPA_READ, TETD_GPA_WRITE */
	uint32_t reserved;
};
_Static_assert(sizeof(struct tetd_gpa_range) == 24, "GPA range is 24 bytes");

/* One call handler: the agent fills these through tetdg_agent_call_register;
 * the firmware copies them (validated: handler inside the agent's text)
 * into its dispatch table after agent_init returns. */
struct tetd_call_reg {
	uint32_t fn_id;        /* non-zero, unique per agent */
	uint32_t reserved;
	uint64_t handler;      /* int handler(struct tetd_call *), agent address */
};
_Static_assert(sizeof(struct tetd_call_reg) == 16, "call registration is 16 bytes");

struct tetd_boot_info {
	uint64_t kernel_gpa;   /* the bzImage file as loaded (canonical form measured) */
	uint64_t kernel_size;  /* bytes; 0 if no kernel */
};

/*
 * The environment block, in zone memory the agent can write. All addresses
 * are in the agent's address space, except GPAs, which are TD guest-
 * physical; TD GPA g is readable at gpa_map_base + g when a granted range
 * covers it (agent_read_gpa does that check). Calling convention of the
 * entry point: SysV x86-64, int entry(struct tetd_agent_env *env) in ring 0,
 * interrupts off, RSP 16-byte aligned before the call; 0 = success.
 */
struct tetd_agent_env {
	uint32_t magic;        /* TETD_AGENT_ENV_MAGIC */
	uint32_t abi_version;  /* TETD_AGENT_ABI_VERSION */
	uint32_t size;         /* sizeof(struct tetd_agent_env) */
	uint32_t agent_index;  /* position in the volume / TETD table */
	uint64_t heap_base;    /* heap_size bytes from the descriptor, zeroed */
	uint64_t heap_size;
	uint64_t gpa_map_base; /* agent address of TD GPA 0 */
	struct tetd_log_ring log;
	uint8_t seed[TETD_AGENT_SEED_LEN]; /* per-agent secret from the zone key */
	struct tetd_boot_info boot;
	uint32_t gpa_count;    /* valid entries in gpa[] */
	uint32_t reserved0;
	struct tetd_gpa_range gpa[TETD_AGENT_MAX_GPA];
	uint32_t call_count;   /* valid entries in calls[], written by the agent */
	uint32_t reserved1;
	struct tetd_call_reg calls[TETD_AGENT_MAX_CALLS];
};
_Static_assert(offsetof(struct tetd_agent_env, log) == 40, "env log");
_Static_assert(offsetof(struct tetd_agent_env, seed) == 72, "env seed");
_Static_assert(offsetof(struct tetd_agent_env, boot) == 104, "env boot");
_Static_assert(offsetof(struct tetd_agent_env, gpa) == 128, "env gpa");
_Static_assert(offsetof(struct tetd_agent_env, calls) == 328, "env calls");
_Static_assert(sizeof(struct tetd_agent_env) == 584, "agent env is 584 bytes");

/* ---- the call buffer: one 4 KiB page ---- */

#define TETD_CALL_MAX_IN        2032u
#define TETD_CALL_MAX_OUT       2032u

/* Results (status, handler return values). */
#define TETD_OK                 0
#define TETD_E_NOFN             (-1) /* no handler for fn_id */
#define TETD_E_INVAL            (-2) /* malformed input */
#define TETD_E_NOSPC            (-3) /* out capacity too small */
#define TETD_E_ACCESS           (-4) /* GPA outside the granted ranges */
#define TETD_E_NOMEM            (-5) /* heap exhausted */
#define TETD_E_STATE            (-6) /* agent not ready (e.g. init failed) */
#define TETD_E_FAULT            (-7) /* agent faulted or was disabled (host) */

/*
 * The caller fills fn_id, in_len, in[] and out_len (the capacity it
 * accepts); the dispatcher checks in_len <= TETD_CALL_MAX_IN and
 * out_len <= TETD_CALL_MAX_OUT before the handler runs. The handler sets
 * out_len to the bytes it produced and returns a status, which the
 * dispatcher stores in `status`.
 */
struct tetd_call {
	uint32_t fn_id;
	uint32_t in_len;       /* bytes of in[] */
	uint32_t out_len;      /* in: capacity; out: bytes produced */
	int32_t status;        /* TETD_OK or TETD_E_* */
	uint32_t agent_index;  /* target agent */
	uint32_t mode;         /* TETD_MODE_EXCLUSIVE or TETD_MODE_COLLABORATIVE */
	uint64_t reserved;     /* zero */
	uint8_t in[TETD_CALL_MAX_IN];
	uint8_t out[TETD_CALL_MAX_OUT];
};
_Static_assert(offsetof(struct tetd_call, in) == 32, "call header is 32 bytes");
_Static_assert(sizeof(struct tetd_call) == 4096, "a call buffer is one page");

/* ---- the agent volume (image CFV) ---- */

/*
 * Layout: header, `count` entries, then the ELF files, each at an offset
 * that is a multiple of 8 and after the entry table, none overlapping;
 * total_size covers all of it. The rest of the 1 MiB CFV is 0xFF (erased
 * flash; an all-0xFF CFV means "no agents"). table_sha256 guards the
 * header and table against corruption (not an attacker: the agents are
 * measured one by one); each entry's sha384 guards its ELF, so one corrupt
 * agent is skipped while the others load.
 */
#define TETD_AVOL_MAGIC         "TETDAVOL"
#define TETD_AVOL_VERSION       1u
#define TETD_AVOL_MAX_AGENTS    16u
#define TETD_AVOL_ALIGN         8u

struct tetd_avol_header {
	uint8_t magic[8];      /* TETD_AVOL_MAGIC, no NUL */
	uint32_t version;      /* TETD_AVOL_VERSION */
	uint32_t header_size;  /* sizeof(struct tetd_avol_header) */
	uint32_t entry_size;   /* sizeof(struct tetd_avol_entry) */
	uint32_t count;        /* 0..TETD_AVOL_MAX_AGENTS */
	uint32_t total_size;   /* bytes from the header to the end of the last ELF */
	uint32_t flags;        /* zero */
	uint8_t table_sha256[32]; /* SHA-256(header bytes 0..31 || entry table) */
};

struct tetd_avol_entry {
	uint32_t offset;       /* ELF file, from the volume start */
	uint32_t size;         /* ELF file bytes, > 0 */
	char name[TETD_AGENT_NAME_LEN]; /* the descriptor's name */
	uint8_t sha384[48];    /* SHA-384 of the ELF file: its measurement */
	uint8_t reserved[8];   /* zero */
};

_Static_assert(sizeof(struct tetd_avol_header) == 64, "volume header is 64 bytes");
_Static_assert(offsetof(struct tetd_avol_header, table_sha256) == 32, "table digest offset");
_Static_assert(sizeof(struct tetd_avol_entry) == 96, "volume entry is 96 bytes");
#endif
