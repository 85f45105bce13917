/* SPDX-License-Identifier: MIT */
/*
 * tetdg/tetdg_table.h - the tetdg driver's reading of the ACPI TETD table
 * (layout: include/tetd/zone.h): the strict validator and the names the
 * driver, its CLI and the tests print for the table's numbers.
 *
 * Pure C with no allocation and no I/O: tetdg_table.c builds into the
 * kernel module and, unchanged, into a host cmocka test
 * (tests/unit/test_tetdg_table.c) and fuzzable code.
 */
#ifndef TETDG_TABLE_H
#define TETDG_TABLE_H
#include <stddef.h>
#include <stdint.h>
#include <tetd/zone.h>

#define TETDG_ACPI_HDR_LEN   36u
#define TETDG_TABLE_MIN_LEN  (TETDG_ACPI_HDR_LEN + sizeof(struct tetd_acpi_body))
#define TETDG_TABLE_MAX_LEN  (TETDG_TABLE_MIN_LEN + \
			      TETD_AVOL_MAX_AGENTS * sizeof(struct tetd_acpi_agent))

/*
 * Checks a TETD table of `len` bytes (the bytes the firmware published,
 * header included) against every rule docs/tetdg.md lists: signature,
 * header length = len, revision, checksum, known platform and isolation,
 * a page-aligned zone, agent_size, agent count, exact length, reserved
 * fields zero, and per agent: name (NUL-terminated, [a-z0-9_-]), index =
 * position, id, modes, caps, state, call buffer, function ids, no
 * duplicate names, ids or call buffers.
 * Returns 0 when the table is valid; else -1 with the first broken rule in
 * err (always NUL-terminated when errlen > 0).
 */
int tetdg_table_check(const void *table, size_t len, char *err, size_t errlen);

/* For a table tetdg_table_check accepted. */
static inline const struct tetd_acpi_body *tetdg_table_body(const void *table)
{
	return (const struct tetd_acpi_body *)((const uint8_t *)table + TETDG_ACPI_HDR_LEN);
}

static inline const struct tetd_acpi_agent *tetdg_table_agent(const void *table, uint32_t i)
{
	return (const struct tetd_acpi_agent *)((const uint8_t *)table + TETDG_TABLE_MIN_LEN +
						 (size_t)i * sizeof(struct tetd_acpi_agent));
}

static inline const char *tetdg_platform_name(uint32_t p)
{
	switch (p) {
	case TETD_PLATFORM_QEMU: return "qemu";
	case TETD_PLATFORM_TETDH: return "tetdh";
	case TETD_PLATFORM_TDX: return "tdx";
	}
	return "unknown";
}

static inline const char *tetdg_isolation_name(uint32_t i)
{
	switch (i) {
	case TETD_ISOLATION_NONE: return "none";
	case TETD_ISOLATION_ENFORCED: return "enforced";
	}
	return "unknown";
}

static inline const char *tetdg_state_name(uint32_t s)
{
	switch (s) {
	case TETD_ZONE_AGENT_READY: return "ready";
	case TETD_ZONE_AGENT_FAILED: return "failed";
	}
	return "unknown";
}

/* "exclusive,collaborative" / "introspect,admin"; "-" for none. */
static inline const char *tetdg_modes_name(uint32_t m)
{
	static const char *const n[4] = { "-", "exclusive", "collaborative",
					  "exclusive,collaborative" };
	return n[m & TETD_MODE_MASK];
}

static inline const char *tetdg_caps_name(uint32_t c)
{
	static const char *const n[4] = { "-", "introspect", "admin", "introspect,admin" };
	return n[c & TETD_CAP_MASK];
}
#endif
