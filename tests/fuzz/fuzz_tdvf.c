// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/fuzz_tdvf.c - libFuzzer target for the TDVF metadata parser
 * (tetdh/seam/tdvf.c) and, on images it accepts, the MRTD page walk.
 *
 *   make fuzz-seam    (clang -fsanitize=fuzzer,address,undefined)
 *
 * Besides "no crash, no sanitizer report", it checks what the parser
 * promises callers: a known error code with a message, or a table whose
 * every section lies inside the image and the GPA space; and that the
 * page walk refuses a table whose raw data lies past the length it is given.
 */
#include <stdlib.h>
#include <string.h>

#include "seam.h"

#define MRTD_MAX_ADDED (16ull << 20) /* keep each run fast */

static uint64_t check_ok(const struct seam_tdvf *t, size_t size, uint64_t *raw_end)
{
	uint64_t added = 0;

	if (t->nr_sections == 0 || t->nr_sections > SEAM_TDVF_MAX_SECTIONS ||
	    t->bfv < 0 || t->bfv >= (int)t->nr_sections ||
	    t->sec[t->bfv].type != TDVF_SECTION_BFV ||
	    (t->zone >= 0 && t->sec[t->zone].type != TDVF_SECTION_TEMP_MEM))
		abort();
	*raw_end = 0;
	for (unsigned i = 0; i < t->nr_sections; i++) {
		const struct tdvf_section *s = &t->sec[i];
		uint64_t end = (uint64_t)s->data_offset + s->raw_data_size;

		if (end > size || s->raw_data_size > s->memory_data_size ||
		    s->memory_address + s->memory_data_size > SEAM_MAX_GPA ||
		    s->type > TDVF_SECTION_TYPE_MAX)
			abort();
		if (s->attributes & TDVF_ATTR_PAGE_AUG)
			continue;
		added += s->memory_data_size;
		if (end > *raw_end)
			*raw_end = end;
	}
	return added;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t mrtd[SEAM_SHA384_LEN];
	uint64_t added, raw_end;
	struct seam_tdvf t;
	char msg[SEAM_MSG_LEN];
	int err;

	err = seam_tdvf_parse(data, size, &t, msg, sizeof(msg));
	if (err < 0 || err >= SEAM_TDVF_E__COUNT)
		abort();
	if (err) {
		if (!msg[0] || !strcmp(seam_tdvf_err_name(err), "unknown"))
			abort();
		return 0;
	}
	added = check_ok(&t, size, &raw_end);
	if (added > MRTD_MAX_ADDED)
		return 0;
	if (seam_mrtd_image(&t, data, size, mrtd))
		abort();
	/* handed a shorter image, the walk must refuse, not read past it */
	if (raw_end && seam_mrtd_image(&t, data, (size_t)raw_end - 1, mrtd) == 0)
		abort();
	return 0;
}
