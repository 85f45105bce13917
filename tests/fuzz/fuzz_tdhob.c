/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_tdhob.c - libFuzzer target for the TD HOB parser: any
 * bytes as the TD HOB region; the parser must not read outside it, and an
 * accepted list must satisfy the invariants the firmware relies on.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tdhob.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tdhob_info info;
	const char *why;
	/* An exact-size heap copy, so ASan catches any read past the end. */
	uint8_t *buf = malloc(size ? size : 1);
	memcpy(buf, data, size);
	if (tdhob_parse(buf, size, 0x880000, &info, &why) == 0) {
		if (info.list_len > size || info.list_len < sizeof(struct hob_handoff) + 8)
			abort();
		for (unsigned i = 0; i + 1 < info.mm.n; i++)
			if (info.mm.e[i].addr + info.mm.e[i].size > info.mm.e[i + 1].addr)
				abort();
		if (info.nunaccepted > TDHOB_MAX_UNACCEPTED)
			abort();
	}
	free(buf);
	return 0;
}
