/* SPDX-License-Identifier: MIT */
/*
 * tetdg-early/agent_vol.h - the agent volume (include/tetd/agent.h,
 * struct tetd_avol_*): validation of the header and entry table, then
 * entry by entry, so one corrupt agent is reported and skipped while the
 * others load. Pure functions over a byte buffer (the CFV in flash, or a
 * file in tools/tests). agent_vol_table_digest is the one computation of
 * the table checksum, shared by the parser and the packer.
 */
#ifndef TETDG_AGENT_VOL_H
#define TETDG_AGENT_VOL_H
#include <stddef.h>
#include <stdint.h>
#include <tetd/agent.h>

#define AGENT_VOL_OK     0
#define AGENT_VOL_ERASED 1  /* erased flash (0xFF where the magic goes): no agents */
#define AGENT_VOL_BAD    (-1)

struct agent_vol {
	const uint8_t *base;
	size_t len;
	struct tetd_avol_header hdr; /* copy of the validated header */
};

struct agent_vol_entry {
	uint32_t index;
	char name[TETD_AGENT_NAME_LEN]; /* validated, NUL-terminated */
	const uint8_t *elf;             /* inside the volume buffer */
	uint32_t offset, size;
	uint8_t sha384[48];             /* computed over the ELF; equals the stored one */
};

/*
 * Validate the header and the entry table of the volume in buf[0..len).
 * Returns AGENT_VOL_OK, AGENT_VOL_ERASED (the buffer starts with 8 bytes of
 * 0xFF: nothing packed) or AGENT_VOL_BAD with the reason in err.
 */
int agent_vol_open(struct agent_vol *v, const void *buf, size_t len, char *err, size_t errlen);

/*
 * Entry i (0 <= i < v->hdr.count) of an opened volume: bounds, alignment,
 * overlap with the other entries, name, duplicate names, reserved bytes and
 * the SHA-384 of its ELF. Returns 0 with *e filled, or -1 with the reason
 * ("entry 2 (keyvault): overlaps entry 1") in err; later entries are still
 * usable.
 */
int agent_vol_entry(const struct agent_vol *v, uint32_t i, struct agent_vol_entry *e, char *err,
		    size_t errlen);

/*
 * Lay out a volume in out[0..cap): header, count entries (names[i] is the
 * agent's name, elfs[i]/sizes[i] its ELF file), then the ELFs in order at
 * 8-byte aligned offsets (alignment gaps zero). Returns the total size, or
 * 0 with the reason in err (too many agents, bad name, does not fit in
 * cap). The packer (tools/tetd-agent) and the tests build volumes with it.
 */
size_t agent_vol_build(void *out, size_t cap, uint32_t count, const void *const elfs[],
		       const uint32_t sizes[], const char *const names[], char *err, size_t errlen);

/*
 * tetd_avol_header.table_sha256 of the volume laid out at vol: SHA-256 of
 * header bytes [0, 32) and of the count entries after the header. The
 * caller guarantees those bytes exist.
 */
void agent_vol_table_digest(const void *vol, uint32_t count, uint8_t out[32]);
#endif
