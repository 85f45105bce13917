/* SPDX-License-Identifier: MIT */
/*
 * include/tetd/zone.h - the layout of the secret zone as tetdg-early builds
 * it: what the firmware, the host extension (agent world) and tools agree
 * on. The zone's GPA range itself comes from the image's metadata
 * (layout.h TETD_ZONE_GPA/SIZE, the TETD footer entry).
 *
 *   offset     size     what                           agent-world mapping
 *   0x000000   4 KiB    zone header (below), zone key   not mapped
 *   0x001000   4 KiB    dispatcher code (zone_entry)    read + execute
 *   0x002000   4 KiB    dispatcher data: GDT, TSS, IDT, read + write
 *                       save area, fault record
 *   0x003000   4 KiB    fault stack (IST1 for #DF/#PF)  read + write
 *   0x004000   32 KiB   page tables (PML4, PDPT,        not mapped
 *                       4 PD, 2 PT)
 *   0x010000   4 KiB    agent table (struct tetd_zone_agent[])  read only
 *   0x011000   ...      agents: per agent its image, env page, log
 *                       ring, call page, guard page, stack, heap (page
 *                       granular)
 *
 * Agent-world page tables: every RAM page of the TD below 4 GiB outside the
 * zone is mapped read-only and not executable (agents read only what a
 * grant allows: agent_read_gpa checks), zone pages as the table says, the
 * rest not at all. Identity mapping: agent address = GPA.
 */
#ifndef TETD_ZONE_H
#define TETD_ZONE_H
#include <stddef.h>
#include <stdint.h>
#include <tetd/agent.h>

#define TETD_ZONE_HDR_OFF        0x000000
#define TETD_ZONE_CODE_OFF       0x001000
#define TETD_ZONE_DATA_OFF       0x002000
#define TETD_ZONE_FAULTSTK_OFF   0x003000
#define TETD_ZONE_PT_OFF         0x004000
#define TETD_ZONE_PT_PAGES       8
#define TETD_ZONE_TABLE_OFF      0x010000
#define TETD_ZONE_AGENTS_OFF     0x011000

/* Per agent, besides its image, stack and heap, tetdg-early allocates: the
 * env page, the log ring, the in-zone call page and an unmapped guard
 * page (tools/tetd-measure recomputes the zone's use from this). */
#define TETD_AGENT_LOG_RING_PAGES 1
#define TETD_AGENT_EXTRA_PAGES   (1 + TETD_AGENT_LOG_RING_PAGES + 1 + 1)

/* Inside the dispatcher code page: zone_enter at 0, the 32 exception
 * stubs (16 bytes each) from here. */
#define TETD_ZONE_ENTER_OFF      0x000
#define TETD_ZONE_HOSTRET_OFF    0x100   /* agent world: handler return -> host */
#define TETD_ZONE_STUBS_OFF      0x200

/* Segment selectors of the zone GDT (agent world). */
#define TETD_ZONE_SEL_CODE       0x08
#define TETD_ZONE_SEL_DATA       0x10
#define TETD_ZONE_SEL_TSS        0x18    /* 16-byte descriptor */

/* Offsets inside the dispatcher data page (zone_entry.asm must match). */
#define TETD_ZD_GDT              0x000   /* 5 x 8 bytes: null, code, data, TSS */
#define TETD_ZD_GDTR             0x030   /* limit (2) + base (8) */
#define TETD_ZD_IDTR             0x040
#define TETD_ZD_SAVE             0x080   /* firmware context while inside */
#define TETD_ZD_HOSTMODE         0x0C8   /* u8: set by the host for the agent world */
#define TETD_ZD_FAULT            0x100   /* struct tetd_zone_fault */
#define TETD_ZD_TSS              0x180   /* 104-byte 64-bit TSS */
#define TETD_ZD_IDT              0x400   /* 32 gates x 16 bytes */
#define TETD_ZD_IDT_VECTORS      32

/* zone_enter's result when the agent raised an exception (vector in the
 * fault record): a value no `int` return can produce. */
#define TETD_ZONE_FAULTED        0xFA17000000000000ull

struct tetd_zone_fault {
	uint64_t vector;
	uint64_t error_code;
	uint64_t rip;
	uint64_t cr2;
	uint64_t rsp;
};

#define TETD_ZONE_MAGIC          "TETDZONE"
#define TETD_ZONE_VERSION        1u
#define TETD_ZONE_KEY_LEN        48u     /* HMAC-SHA-384 key */

/*
 * Zone header. seed_source says where the zone's randomness came from
 * (TETD_SEED_*). The key never leaves the zone and is never measured;
 * agents get HMAC-SHA-256(key, "tetd agent seed" || name) as their seed.
 */
#define TETD_SEED_RDSEED         1u
#define TETD_SEED_RDRAND         2u
#define TETD_SEED_JITTER         3u      /* no RDSEED/RDRAND: TSC jitter */

struct tetd_zone_header {
	uint8_t magic[8];        /* TETD_ZONE_MAGIC */
	uint32_t version;
	uint32_t header_size;
	uint64_t zone_gpa, zone_size;
	uint64_t dispatcher_gpa; /* zone_enter in the agent world */
	uint64_t cr3;            /* agent-world PML4 */
	uint64_t table_gpa;      /* struct tetd_zone_agent[agent_count] */
	uint32_t agent_count;
	uint32_t seed_source;    /* TETD_SEED_* */
	uint64_t used;           /* bytes of the zone in use from its start */
	uint8_t key[TETD_ZONE_KEY_LEN];
};

/* One loaded agent, as the host extension will dispatch to it. */
#define TETD_ZONE_AGENT_READY    1u      /* init returned 0 */
#define TETD_ZONE_AGENT_FAILED   2u      /* init failed or faulted */
#define TETD_ZONE_AGENT_DISABLED 3u      /* disabled later (fault, admin): the host
					  * writes it into the zone's table */

struct tetd_zone_agent {
	char name[TETD_AGENT_NAME_LEN];
	uint32_t id, version, modes, caps;
	uint32_t state;          /* TETD_ZONE_AGENT_* */
	int32_t init_result;
	uint64_t image_gpa, image_size;
	uint64_t env_gpa;        /* struct tetd_agent_env */
	uint64_t stack_top;
	uint64_t entry;          /* crt entry (init) */
	uint64_t call_buf_gpa;   /* the shared page the TD driver uses */
	uint64_t zone_call_gpa;  /* its in-zone copy: what handlers see */
	uint8_t sha384[48];      /* its measurement */
};
_Static_assert(sizeof(struct tetd_zone_agent) == 160, "zone agent record");

/* ---- measurement events (docs/measurements.md) ----
 * All in RTMR[3] (CC MR index 4), type EV_EVENT_TAG, event data a
 * TCG_PCClientTaggedEvent: u32 taggedEventID, u32 taggedEventDataSize,
 * then the struct below. */
#define TETD_EVENT_MR            4u               /* CC_MR_RTMR3 */
#define TETD_TAG_AGENT           0x41544554u      /* "TETA": an agent loaded */
#define TETD_TAG_AGENT_REJECTED  0x52544554u      /* "TETR": an agent refused */
#define TETD_TAG_ZONE            0x5A544554u      /* "TETZ": the zone config */

/* TETA: digest = SHA-384 of the agent's ELF file (= sha384 below = what
 * tools/tetd-agent prints). TETR: digest = SHA-384 of the bytes the volume
 * entry held; reason says why the loader refused them. */
struct tetd_agent_event {
	char name[TETD_AGENT_NAME_LEN];
	uint32_t id, version, modes, caps;
	uint8_t sha384[48];
};
_Static_assert(sizeof(struct tetd_agent_event) == 96, "agent event");

#define TETD_REJECT_REASON_LEN   96u
struct tetd_agent_reject_event {
	char name[TETD_AGENT_NAME_LEN];  /* the volume entry's name */
	uint32_t index;                  /* position in the volume */
	uint32_t reserved;
	uint8_t sha384[48];
	char reason[TETD_REJECT_REASON_LEN];
};
_Static_assert(sizeof(struct tetd_agent_reject_event) == 184, "reject event");

/* TETZ: digest = SHA-384 of this struct (nothing secret in it). */
struct tetd_zone_event {
	uint64_t zone_gpa, zone_size;
	uint32_t zone_version;
	uint32_t agents_loaded;
	uint32_t agents_rejected;
	uint32_t seed_source;            /* TETD_SEED_* */
	uint64_t used;                   /* zone bytes in use */
};
_Static_assert(sizeof(struct tetd_zone_event) == 40, "zone event");

/* ---- the ACPI "TETD" table (what the kernel driver reads) ----
 * Standard 36-byte ACPI header, then struct tetd_acpi_body, then
 * agent_count struct tetd_acpi_agent. Nothing secret. */
#define TETD_ACPI_SIGNATURE      "TETD"
#define TETD_ACPI_REVISION       1u
#define TETD_PLATFORM_QEMU       1u
#define TETD_PLATFORM_TETDH      2u
#define TETD_PLATFORM_TDX        3u
#define TETD_ISOLATION_NONE      0u   /* nobody enforces the zone */
#define TETD_ISOLATION_ENFORCED  1u   /* the host sealed the zone */

struct tetd_acpi_body {
	uint32_t platform;               /* TETD_PLATFORM_* */
	uint32_t isolation;              /* TETD_ISOLATION_* */
	uint64_t zone_gpa, zone_size;
	uint32_t agent_count;
	uint32_t agent_size;             /* sizeof(struct tetd_acpi_agent) */
	uint32_t agents_rejected;
	uint32_t reserved;
} __attribute__((packed));      /* at table offset 36: not 8-aligned */
_Static_assert(sizeof(struct tetd_acpi_body) == 40, "TETD body");
_Static_assert(offsetof(struct tetd_acpi_body, zone_gpa) == 8, "body zone_gpa");
_Static_assert(offsetof(struct tetd_acpi_body, agent_count) == 24, "body agent_count");

struct tetd_acpi_agent {
	char name[TETD_AGENT_NAME_LEN];
	uint32_t index;                  /* agent_index for calls */
	uint32_t id, version, modes, caps;
	uint32_t state;                  /* TETD_ZONE_AGENT_* */
	uint64_t call_buf_gpa;           /* 4 KiB shared page, outside the zone */
	uint32_t fn_count;
	uint32_t fn_ids[TETD_AGENT_MAX_CALLS];
	uint32_t reserved;
	uint8_t sha384[48];
} __attribute__((packed));      /* entries start at table offset 76 */
_Static_assert(sizeof(struct tetd_acpi_agent) == 184, "TETD agent entry");
_Static_assert(offsetof(struct tetd_acpi_agent, state) == 52, "agent state");
_Static_assert(offsetof(struct tetd_acpi_agent, call_buf_gpa) == 56, "agent call buffer");
_Static_assert(offsetof(struct tetd_acpi_agent, fn_count) == 64, "agent fn_count");
_Static_assert(offsetof(struct tetd_acpi_agent, sha384) == 136, "agent sha384");
#endif
