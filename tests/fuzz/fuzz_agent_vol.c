/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_agent_vol.c - tetdg-early/agent_vol.c, then the firmware's
 * whole path over each entry it accepts (agent_elf_check and
 * agent_elf_load). The input is the volume; a second pass re-computes the
 * table checksum first, so mutations also reach the entry checks instead
 * of stopping at "checksum mismatch". Accepted entries must lie inside the
 * volume with a valid name. Seeds: the built volume.bin.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "agent_elf.h"
#include "agent_vol.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static void walk(const uint8_t *v, size_t len)
{
	struct agent_vol av;
	char err[160];
	int r = agent_vol_open(&av, v, len, err, sizeof(err));
	CHECK(r == AGENT_VOL_OK || r == AGENT_VOL_ERASED || r == AGENT_VOL_BAD);
	if (r != AGENT_VOL_OK) {
		CHECK(err[0] != '\0');
		return;
	}
	CHECK(av.hdr.count <= TETD_AVOL_MAX_AGENTS && av.hdr.total_size <= len);
	for (uint32_t i = 0; i < av.hdr.count; i++) {
		struct agent_vol_entry e;
		struct agent_elf_info info;
		if (agent_vol_entry(&av, i, &e, err, sizeof(err)) != 0) {
			CHECK(err[0] != '\0');
			continue;
		}
		CHECK(e.elf >= v && e.size && e.elf + e.size <= v + av.hdr.total_size);
		CHECK(tetd_agent_name_bad(e.name) < 0);
		if (agent_elf_check(e.elf, e.size, 0x400000, &info, err, sizeof(err)) == 0) {
			uint8_t *img = malloc(info.mem_size);
			CHECK(img && agent_elf_load(e.elf, e.size, &info, img, 0xc00000) == 0);
			free(img);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	walk(data, size);
	if (size < sizeof(struct tetd_avol_header))
		return 0;
	struct tetd_avol_header h;
	memcpy(&h, data, sizeof(h));
	if (h.count > TETD_AVOL_MAX_AGENTS ||
	    sizeof(h) + (size_t)h.count * sizeof(struct tetd_avol_entry) > size)
		return 0;
	uint8_t *copy = malloc(size);
	CHECK(copy);
	memcpy(copy, data, size);
	agent_vol_table_digest(copy, h.count, copy + offsetof(struct tetd_avol_header, table_sha256));
	walk(copy, size);
	free(copy);
	return 0;
}
