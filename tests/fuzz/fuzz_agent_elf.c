/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_agent_elf.c - tetdg-early/agent_elf.c on arbitrary bytes
 * (the input is the ELF file). An accepted ELF must satisfy what the
 * firmware relies on afterwards: image within TETD_AGENT_IMAGE_MAX and the
 * budget, segments inside the image and the file, W^X, the entry inside an
 * executable segment, a valid descriptor; and agent_elf_load must succeed
 * and write only inside the image (ASan checks the buffer bounds).
 * Seeds: the built agents ($(O)/agents/<name>.elf).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "agent_elf.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)
#define BUDGET 0x400000u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct agent_elf_info info;
	char err[160];

	if (agent_elf_check(data, size, BUDGET, &info, err, sizeof(err)) != 0) {
		CHECK(err[0] != '\0');
		CHECK(strlen(err) < sizeof(err));
		return 0;
	}
	CHECK(info.mem_size && info.mem_size % 4096 == 0 && info.mem_size <= TETD_AGENT_IMAGE_MAX);
	CHECK(info.mem_size + info.desc.stack_size + info.desc.heap_size <= BUDGET);
	CHECK(tetd_agent_name_bad(info.desc.name) < 0);
	CHECK(info.nseg >= 1 && info.nseg <= AGENT_ELF_MAX_SEGS);
	int entry_ok = 0;
	for (uint32_t k = 0; k < info.nseg; k++) {
		const struct agent_elf_seg *s = &info.seg[k];
		CHECK(!((s->flags & AGENT_SEG_W) && (s->flags & AGENT_SEG_X)));
		CHECK(s->filesz <= s->memsz && s->vaddr + s->memsz <= info.mem_size);
		CHECK(s->offset <= size && s->filesz <= size - s->offset);
		if ((s->flags & AGENT_SEG_X) && info.entry >= s->vaddr && info.entry < s->vaddr + s->filesz)
			entry_ok = 1;
	}
	CHECK(entry_ok);
	uint8_t *img = malloc(info.mem_size);
	CHECK(img);
	CHECK(agent_elf_load(data, size, &info, img, 0xc00000) == 0);
	free(img);
	return 0;
}
