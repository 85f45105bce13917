/* SPDX-License-Identifier: MIT */
/*
 * tetdg-early/agent_elf.h - the agent ELF validator and loader. Pure
 * functions over a byte buffer: no allocation, no I/O, no globals, so the
 * firmware, tools/tetd-agent and the unit/fuzz tests run the same code.
 * The rules are listed in docs/agents.md ("What the loader enforces").
 */
#ifndef TETDG_AGENT_ELF_H
#define TETDG_AGENT_ELF_H
#include <stddef.h>
#include <stdint.h>
#include <tetd/agent.h>

#define AGENT_ELF_MAX_PHDRS 16 /* program headers in one agent */
#define AGENT_ELF_MAX_SEGS  8  /* PT_LOAD segments */

/* Segment permissions: the ELF PF_* bits. */
#define AGENT_SEG_X 0x1u
#define AGENT_SEG_W 0x2u
#define AGENT_SEG_R 0x4u

struct agent_elf_seg {
	uint64_t vaddr, memsz;   /* offset and size in the memory image */
	uint64_t offset, filesz; /* bytes taken from the file */
	uint32_t flags;          /* AGENT_SEG_* */
	uint32_t phdr;           /* program header index ("segment N" in errors) */
};

struct agent_elf_info {
	struct tetd_agent_desc desc; /* validated; name is NUL-terminated */
	uint64_t mem_size;           /* memory image bytes (page multiple) */
	uint64_t entry;              /* entry point, offset in the image */
	uint32_t nseg;
	struct agent_elf_seg seg[AGENT_ELF_MAX_SEGS];
	uint64_t rela_off;           /* file offset of the RELA table */
	uint64_t rela_count;         /* its entries (RELATIVE and NONE) */
	uint64_t nrelative;          /* R_X86_64_RELATIVE entries */
};

/*
 * Validate the agent ELF in buf[0..len). budget: zone bytes this agent may
 * use for its memory image, stack and heap together. On success fills
 * *info and returns 0; otherwise returns -1 and writes one precise reason
 * ("segment 2 overlaps segment 1") to err (NUL-terminated, truncated to
 * errlen; err may be NULL). Never reads outside buf.
 */
int agent_elf_check(const void *buf, size_t len, uint64_t budget, struct agent_elf_info *info,
		    char *err, size_t errlen);

/*
 * The name rule of include/tetd/agent.h with a precise message:
 * "<what> name has invalid byte 0x41 at 0 (...)". Returns 0 or -1.
 */
int agent_name_check(const char name[TETD_AGENT_NAME_LEN], const char *what, char *err,
		     size_t errlen);

/*
 * Build the memory image of an agent that agent_elf_check accepted (same
 * buf, len and the info it filled): dst receives info->mem_size bytes
 * (segments copied, the rest zeroed) and every R_X86_64_RELATIVE target
 * becomes dst_base + addend, dst_base being the address the image will
 * run at. Returns 0, or -1 (dst untouched beyond mem_size) if info does
 * not fit buf.
 */
int agent_elf_load(const void *buf, size_t len, const struct agent_elf_info *info, void *dst,
		   uint64_t dst_base);
#endif
