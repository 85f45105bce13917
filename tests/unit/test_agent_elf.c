/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_agent_elf.c - tetdg-early/agent_elf.c. The three built
 * agents pass and load (segments copied, bss zeroed, every
 * R_X86_64_RELATIVE target rewritten for the load address - cross-checked
 * with glibc's <elf.h> view of the file, not the loader's). Then a corpus
 * of malformed ELFs made from the echo agent, one defect each, must be
 * rejected with the expected reason; truncation at every length must be
 * rejected exactly when it cuts into what the program headers describe;
 * random byte damage must never crash (ASan/UBSan) and what still passes
 * must load within its image.
 */
#include "unit_util.h"
#include <elf.h>
#include "agent_elf.h"

#define ZONE 0x400000ull

static uint8_t *echo;
static size_t echo_len;

static int setup(void **state)
{
	(void)state;
	echo = unit_read_agent("echo.elf", &echo_len);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(echo);
	return 0;
}

/* ---- a view of an ELF copy, for the mutations ---- */

struct img {
	uint8_t *b;
	size_t len;
	uint64_t budget;
	Elf64_Ehdr *eh;
	Elf64_Phdr *ph;
};

static int phdr_of(struct img *m, uint32_t type, int nth)
{
	for (int i = 0; i < m->eh->e_phnum; i++)
		if (m->ph[i].p_type == type && nth-- == 0)
			return i;
	fail_msg("echo.elf has no program header of type 0x%x", type);
	return -1;
}

static struct tetd_agent_note *note(struct img *m)
{
	return (struct tetd_agent_note *)(m->b + m->ph[phdr_of(m, PT_NOTE, 0)].p_offset);
}

static struct tetd_agent_desc *desc(struct img *m)
{
	return &note(m)->desc;
}

static Elf64_Dyn *dyn(struct img *m, int64_t tag)
{
	Elf64_Dyn *d = (Elf64_Dyn *)(m->b + m->ph[phdr_of(m, PT_DYNAMIC, 0)].p_offset);
	for (; d->d_tag != DT_NULL; d++)
		if (d->d_tag == tag)
			return d;
	return tag == DT_NULL ? d : NULL;
}

/* File offset of an image address (our layout: through the PT_LOADs). */
static uint64_t file_off(struct img *m, uint64_t va)
{
	for (int i = 0; i < m->eh->e_phnum; i++) {
		Elf64_Phdr *p = &m->ph[i];
		if (p->p_type == PT_LOAD && va >= p->p_vaddr && va < p->p_vaddr + p->p_filesz)
			return p->p_offset + (va - p->p_vaddr);
	}
	fail_msg("address 0x%llx not in the file", (unsigned long long)va);
	return 0;
}

static Elf64_Rela *rela(struct img *m, unsigned i)
{
	Elf64_Dyn *d = dyn(m, DT_RELA);
	assert_non_null(d);
	return (Elf64_Rela *)(m->b + file_off(m, d->d_un.d_ptr)) + i;
}

static void view(struct img *m, uint8_t *b, size_t len)
{
	m->b = b;
	m->len = len;
	m->budget = ZONE;
	m->eh = (Elf64_Ehdr *)b;
	m->ph = (Elf64_Phdr *)(b + m->eh->e_phoff);
}

/* ---- the real agents ---- */

static void check_loaded(const char *file, const uint8_t *b, size_t len, const uint8_t *dst,
			 uint64_t base, const struct agent_elf_info *info)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)b;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(b + eh->e_phoff);
	uint8_t *expect = calloc(1, info->mem_size);
	assert_non_null(expect);
	(void)len;

	/* independent model: copy PT_LOADs, then apply RELATIVE from DT_RELA */
	uint64_t rela_va = 0, relasz = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD)
			memcpy(expect + ph[i].p_vaddr, b + ph[i].p_offset, ph[i].p_filesz);
		if (ph[i].p_type == PT_DYNAMIC)
			for (const Elf64_Dyn *d = (const Elf64_Dyn *)(b + ph[i].p_offset); d->d_tag; d++) {
				if (d->d_tag == DT_RELA)
					rela_va = d->d_un.d_ptr;
				if (d->d_tag == DT_RELASZ)
					relasz = d->d_un.d_val;
			}
	}
	assert_true(relasz > 0); /* every agent registers handlers from a pointer table */
	const Elf64_Rela *r = (const Elf64_Rela *)(expect + rela_va);
	unsigned nrel = 0;
	for (uint64_t k = 0; k < relasz / sizeof(*r); k++) {
		if (ELF64_R_TYPE(r[k].r_info) != R_X86_64_RELATIVE)
			continue;
		uint64_t v = base + (uint64_t)r[k].r_addend, got;
		memcpy(&got, dst + r[k].r_offset, 8);
		if (got != v)
			fail_msg("%s: relocation %llu at 0x%llx: 0x%llx, expected 0x%llx", file,
				 (unsigned long long)k, (unsigned long long)r[k].r_offset,
				 (unsigned long long)got, (unsigned long long)v);
		/* the handler pointers point into the loaded text */
		assert_true(got >= base && got < base + info->mem_size);
		memcpy(expect + r[k].r_offset, &v, 8);
		nrel++;
	}
	assert_int_equal(nrel, info->nrelative);
	assert_true(nrel >= 1);
	assert_memory_equal(dst, expect, info->mem_size);
	free(expect);
}

static void test_real_agents(void **state)
{
	(void)state;
	static const struct {
		const char *file, *name;
		uint32_t id, modes, caps, version;
	} agents[] = {
		{ "echo.elf", "echo", 1, TETD_MODE_EXCLUSIVE | TETD_MODE_COLLABORATIVE, 0,
		  TETD_AGENT_VERSION(1, 0, 0) },
		{ "kintegrity.elf", "kintegrity", 2, TETD_MODE_EXCLUSIVE, TETD_CAP_INTROSPECT,
		  TETD_AGENT_VERSION(1, 1, 0) },
		{ "keyvault.elf", "keyvault", 3, TETD_MODE_EXCLUSIVE | TETD_MODE_COLLABORATIVE, 0,
		  TETD_AGENT_VERSION(1, 1, 0) },
	};
	for (unsigned a = 0; a < 3; a++) {
		size_t len;
		uint8_t *b = unit_read_agent(agents[a].file, &len);
		struct agent_elf_info info;
		char err[256];
		if (agent_elf_check(b, len, ZONE, &info, err, sizeof(err)) != 0)
			fail_msg("%s rejected: %s", agents[a].file, err);
		assert_string_equal(info.desc.name, agents[a].name);
		assert_int_equal(info.desc.id, agents[a].id);
		assert_int_equal(info.desc.modes, agents[a].modes);
		assert_int_equal(info.desc.caps, agents[a].caps);
		assert_int_equal(info.desc.version, agents[a].version);
		assert_int_equal(info.mem_size % 4096, 0);
		assert_true(info.nseg == 3);
		assert_int_equal(info.seg[1].flags, AGENT_SEG_R | AGENT_SEG_X);
		assert_true(info.entry >= info.seg[1].vaddr &&
			    info.entry < info.seg[1].vaddr + info.seg[1].memsz);

		/* the budget is exact: image + stack + heap */
		uint64_t need = info.mem_size + info.desc.stack_size + info.desc.heap_size;
		assert_int_equal(agent_elf_check(b, len, need, &info, err, sizeof(err)), 0);
		assert_int_equal(agent_elf_check(b, len, need - 1, &info, err, sizeof(err)), -1);
		assert_strstr(err, "budget is");
		assert_int_equal(agent_elf_check(b, len, ZONE, &info, err, sizeof(err)), 0);

		/* load at two bases: segments, zeroed bss, relocations */
		uint8_t *dst = malloc(info.mem_size);
		assert_non_null(dst);
		uint64_t bases[] = { 0xc00000, 0xffff800000123000ull };
		for (int k = 0; k < 2; k++) {
			memset(dst, 0xa5, info.mem_size);
			assert_int_equal(agent_elf_load(b, len, &info, dst, bases[k]), 0);
			check_loaded(agents[a].file, b, len, dst, bases[k], &info);
		}
		/* info that does not fit the buffer is refused, not trusted */
		struct agent_elf_info bad = info;
		bad.seg[1].offset = len;
		assert_int_equal(agent_elf_load(b, len, &bad, dst, 0), -1);
		bad = info;
		bad.mem_size = TETD_AGENT_IMAGE_MAX * 2;
		assert_int_equal(agent_elf_load(b, len, &bad, dst, 0), -1);
		free(dst);
		free(b);
	}
}

/* ---- malformed ELFs ---- */

typedef void (*mutate_fn)(struct img *m);

#define M(name) static void name(struct img *m)
M(m_magic) { m->b[1] = 'X'; }
M(m_class32) { m->b[EI_CLASS] = ELFCLASS32; }
M(m_bigendian) { m->b[EI_DATA] = ELFDATA2MSB; }
M(m_osabi) { m->b[EI_OSABI] = 97; }
M(m_exec) { m->eh->e_type = ET_EXEC; }
M(m_etrel) { m->eh->e_type = ET_REL; }
M(m_machine) { m->eh->e_machine = EM_386; }
M(m_version) { m->eh->e_version = 2; }
M(m_flags) { m->eh->e_flags = 1; }
M(m_ehsize) { m->eh->e_ehsize = 52; }
M(m_phnum0) { m->eh->e_phnum = 0; }
M(m_phnum17) { m->eh->e_phnum = 17; }
M(m_phentsize) { m->eh->e_phentsize = 32; }
M(m_phoff_huge) { m->eh->e_phoff = UINT64_MAX - 8; }
M(m_phoff_end) { m->eh->e_phoff = m->len - 100; }
M(m_overlap) { m->ph[2].p_vaddr = m->ph[1].p_vaddr; m->ph[2].p_offset = m->ph[1].p_offset; }
M(m_overlap_page) { m->ph[2].p_vaddr = (m->ph[1].p_vaddr + m->ph[1].p_memsz) & ~0xfffull; }
M(m_descending) { Elf64_Phdr t = m->ph[1]; m->ph[1] = m->ph[2]; m->ph[2] = t; }
M(m_memsz_huge) { m->ph[2].p_memsz = UINT64_MAX - 0x10; }
M(m_memsz_wrap) { m->ph[2].p_vaddr = 0xfffffffffffff000ull; }
M(m_filesz_huge) { m->ph[1].p_filesz = UINT64_MAX; m->ph[1].p_memsz = UINT64_MAX; }
M(m_filesz_gt_memsz) { m->ph[2].p_filesz = m->ph[2].p_memsz + 1; }
M(m_filesz_past_end) { m->ph[2].p_filesz = m->len; m->ph[2].p_memsz = m->len; }
M(m_offset_huge) { m->ph[1].p_offset = 0xfffffffffffff000ull; }
M(m_too_big) { m->ph[2].p_memsz = TETD_AGENT_IMAGE_MAX; }
M(m_wx) { m->ph[1].p_flags = PF_R | PF_W | PF_X; }
M(m_noread) { m->ph[2].p_flags = PF_W; }
M(m_badflags) { m->ph[0].p_flags |= 0x100000; }
M(m_unaligned_va) { m->ph[2].p_vaddr += 8; }
M(m_unaligned_off) { m->ph[2].p_offset += 8; }
M(m_align2m) { m->ph[1].p_align = 0x200000; }
M(m_empty_seg) { m->ph[2].p_memsz = 0; m->ph[2].p_filesz = 0; }
M(m_no_load) { for (int i = 0; i < m->eh->e_phnum; i++) if (m->ph[i].p_type == PT_LOAD) m->ph[i].p_type = PT_NULL; }
M(m_interp) { m->ph[phdr_of(m, PT_GNU_STACK, 0)].p_type = PT_INTERP; }
M(m_tls) { m->ph[phdr_of(m, PT_GNU_STACK, 0)].p_type = PT_TLS; }
M(m_unknown_type) { m->ph[phdr_of(m, PT_GNU_STACK, 0)].p_type = 0x70000001; }
M(m_xstack) { m->ph[phdr_of(m, PT_GNU_STACK, 0)].p_flags = PF_R | PF_W | PF_X; }
M(m_entry_rodata) { m->eh->e_entry = 0x200; }
M(m_entry_data) { m->eh->e_entry = m->ph[2].p_vaddr; }
M(m_entry_huge) { m->eh->e_entry = UINT64_MAX; }
M(m_no_dynamic) { m->ph[phdr_of(m, PT_DYNAMIC, 0)].p_type = PT_NULL; }
M(m_two_dynamic) { m->ph[phdr_of(m, PT_GNU_STACK, 0)] = m->ph[phdr_of(m, PT_DYNAMIC, 0)]; }
M(m_dynamic_outside) { m->ph[phdr_of(m, PT_DYNAMIC, 0)].p_offset = m->len - 8; }
M(m_dynamic_no_null) { m->ph[phdr_of(m, PT_DYNAMIC, 0)].p_filesz = sizeof(Elf64_Dyn); }
M(m_needed) { dyn(m, DT_NULL)->d_tag = DT_NEEDED; }
M(m_textrel) { dyn(m, DT_NULL)->d_tag = DT_TEXTREL; }
M(m_init_array) { Elf64_Dyn *d = dyn(m, DT_NULL); d->d_tag = DT_INIT_ARRAY; }
M(m_jmprel) { Elf64_Dyn *d = dyn(m, DT_NULL); d->d_tag = DT_JMPREL; d->d_un.d_ptr = 0x100; }
M(m_rel) { Elf64_Dyn *d = dyn(m, DT_NULL); d->d_tag = DT_REL; d->d_un.d_ptr = 0x100; }
M(m_relr) { Elf64_Dyn *d = dyn(m, DT_NULL); d->d_tag = 36 /* DT_RELR */; d->d_un.d_ptr = 0x100; }
M(m_relaent) { dyn(m, DT_RELAENT)->d_un.d_val = 16; }
M(m_relasz_odd) { dyn(m, DT_RELASZ)->d_un.d_val += 1; }
M(m_relasz_huge) { dyn(m, DT_RELASZ)->d_un.d_val = 24ull << 40; }
M(m_rela_outside) { dyn(m, DT_RELA)->d_un.d_ptr = 0x7ff000; }
M(m_rela_no_table) { dyn(m, DT_RELA)->d_tag = DT_DEBUG; }
M(m_reloc_type7) { rela(m, 0)->r_info = ELF64_R_INFO(0, R_X86_64_JUMP_SLOT); }
M(m_reloc_type1) { rela(m, 0)->r_info = ELF64_R_INFO(1, R_X86_64_64); }
M(m_reloc_sym) { rela(m, 0)->r_info = ELF64_R_INFO(3, R_X86_64_RELATIVE); }
M(m_reloc_rodata) { rela(m, 0)->r_offset = 0x100; }
M(m_reloc_text) { rela(m, 0)->r_offset = m->ph[1].p_vaddr + 8; }
M(m_reloc_huge) { rela(m, 0)->r_offset = UINT64_MAX - 4; }
M(m_reloc_seg_end) { rela(m, 0)->r_offset = m->ph[2].p_vaddr + m->ph[2].p_memsz - 4; }
M(m_reloc_addend) { rela(m, 0)->r_addend = 0x10000000; }
M(m_reloc_neg) { rela(m, 0)->r_addend = -8; }
M(m_no_note) { m->ph[phdr_of(m, PT_NOTE, 0)].p_type = PT_NULL; }
M(m_note_type) { note(m)->type = 2; }
M(m_note_name) { note(m)->name[0] = 'X'; }
M(m_dup_note) { m->ph[phdr_of(m, PT_GNU_STACK, 0)] = m->ph[phdr_of(m, PT_NOTE, 0)]; }
M(m_note_descsz) { note(m)->descsz = 76; }
M(m_note_overrun) { note(m)->descsz = 0x10000; }
M(m_note_namesz_huge) { note(m)->namesz = 0xffffffff; }
M(m_note_trunc) { m->ph[phdr_of(m, PT_NOTE, 0)].p_filesz = 8; }
M(m_note_outside) { m->ph[phdr_of(m, PT_NOTE, 0)].p_offset = UINT64_MAX - 10; }
M(m_desc_magic) { desc(m)->magic ^= 1; }
M(m_desc_abi) { desc(m)->abi_version = 2; }
M(m_desc_size) { desc(m)->desc_size = 64; }
M(m_name_upper) { desc(m)->name[0] = 'E'; }
M(m_name_space) { desc(m)->name[2] = ' '; }
M(m_name_empty) { memset(desc(m)->name, 0, TETD_AGENT_NAME_LEN); }
M(m_name_full) { memset(desc(m)->name, 'a', TETD_AGENT_NAME_LEN); }
M(m_name_after_nul) { desc(m)->name[20] = 'x'; }
M(m_id0) { desc(m)->id = 0; }
M(m_modes0) { desc(m)->modes = 0; }
M(m_modes_unknown) { desc(m)->modes |= 0x10; }
M(m_caps_unknown) { desc(m)->caps = 0x80000000u; }
M(m_stack0) { desc(m)->stack_size = 0; }
M(m_stack_huge) { desc(m)->stack_size = 0x80000000u; }
M(m_stack_odd) { desc(m)->stack_size = 0x4100; }
M(m_heap_huge) { desc(m)->heap_size = 0x10000000; }
M(m_heap_odd) { desc(m)->heap_size = 0x800; }
M(m_reserved) { desc(m)->reserved[1] = 1; }
M(m_budget) { m->budget = 0x8000; }

static const struct {
	const char *what;
	mutate_fn fn;
	const char *expect;
} cases[] = {
	{ "bad magic", m_magic, "not an ELF file" },
	{ "ELF32", m_class32, "ELF class 1, expected 2" },
	{ "big endian", m_bigendian, "data encoding 2" },
	{ "OS ABI", m_osabi, "OS ABI 97" },
	{ "ET_EXEC", m_exec, "ELF type 2, expected ET_DYN" },
	{ "ET_REL", m_etrel, "ELF type 1" },
	{ "i386", m_machine, "machine 3, expected x86-64" },
	{ "e_version", m_version, "ELF version 1/2" },
	{ "e_flags", m_flags, "ELF flags 0x1" },
	{ "e_ehsize", m_ehsize, "ELF header size 52" },
	{ "no phdrs", m_phnum0, "no program headers" },
	{ "17 phdrs", m_phnum17, "17 program headers, at most 16" },
	{ "phentsize", m_phentsize, "program header size 32" },
	{ "phoff wraps", m_phoff_huge, "program headers at 0xfffffffffffffff7" },
	{ "phdrs past end", m_phoff_end, "are outside the file" },
	{ "same address", m_overlap, "segment 2 overlaps segment 1" },
	{ "shared page", m_overlap_page, "segment 2 overlaps segment 1" },
	{ "descending", m_descending, "segment 2 lies below segment 1" },
	{ "p_memsz huge", m_memsz_huge, "+0xffffffffffffffef) exceeds the image limit" },
	{ "p_vaddr wraps", m_memsz_wrap, "segment 2 [0xfffffffffffff000" },
	{ "p_filesz huge", m_filesz_huge, "segment 1 file range" },
	{ "filesz > memsz", m_filesz_gt_memsz, "exceeds its memory size" },
	{ "filesz past EOF", m_filesz_past_end, "outside the file" },
	{ "p_offset huge", m_offset_huge, "segment 1 file range [0xfffffffffffff000" },
	{ "image too big", m_too_big, "exceeds the image limit 0x100000" },
	{ "W+X", m_wx, "segment 1 is writable and executable" },
	{ "not readable", m_noread, "segment 2 is not readable" },
	{ "unknown flags", m_badflags, "segment 0 has unknown flags" },
	{ "vaddr unaligned", m_unaligned_va, "segment 2 address 0x4008 is not page-aligned" },
	{ "offset unaligned", m_unaligned_off, "segment 2 file offset 0x4008 is not page-aligned" },
	{ "2 MiB alignment", m_align2m, "segment 1 alignment 0x200000" },
	{ "empty segment", m_empty_seg, "segment 2 is empty" },
	{ "no PT_LOAD", m_no_load, "no PT_LOAD segment" },
	{ "PT_INTERP", m_interp, "is PT_INTERP" },
	{ "PT_TLS", m_tls, "is PT_TLS" },
	{ "unknown phdr", m_unknown_type, "unsupported type 0x70000001" },
	{ "exec stack", m_xstack, "executable stack requested" },
	{ "entry in rodata", m_entry_rodata, "entry point 0x200 is outside the executable segments" },
	{ "entry in data", m_entry_data, "entry point 0x4000 is outside" },
	{ "entry huge", m_entry_huge, "entry point 0xffffffffffffffff" },
	{ "no PT_DYNAMIC", m_no_dynamic, "no PT_DYNAMIC" },
	{ "two PT_DYNAMIC", m_two_dynamic, "more than one PT_DYNAMIC" },
	{ "PT_DYNAMIC outside", m_dynamic_outside, "PT_DYNAMIC [0x" },
	{ "no DT_NULL", m_dynamic_no_null, "no DT_NULL terminator" },
	{ "DT_NEEDED", m_needed, "DT_NEEDED" },
	{ "DT_TEXTREL", m_textrel, "DT_TEXTREL" },
	{ "DT_INIT_ARRAY", m_init_array, "constructors and destructors are not run" },
	{ "DT_JMPREL", m_jmprel, "PLT relocations" },
	{ "DT_REL", m_rel, "DT_REL relocations are not allowed" },
	{ "DT_RELR", m_relr, "DT_RELR relocations are not supported" },
	{ "DT_RELAENT", m_relaent, "DT_RELAENT 16, expected 24" },
	{ "DT_RELASZ odd", m_relasz_odd, "is not a multiple of 24" },
	{ "DT_RELASZ huge", m_relasz_huge, "relocation table" },
	{ "DT_RELA outside", m_rela_outside, "relocation table [0x7ff000" },
	{ "DT_RELASZ alone", m_rela_no_table, "DT_RELASZ without DT_RELA" },
	{ "reloc type 7", m_reloc_type7, "relocation 0: type 7 not allowed" },
	{ "reloc type 1", m_reloc_type1, "type 1 not allowed" },
	{ "reloc symbol", m_reloc_sym, "relocation 0 refers to symbol 3" },
	{ "reloc in rodata", m_reloc_rodata, "relocation 0 target 0x100 is outside the writable segments" },
	{ "reloc in text", m_reloc_text, "target 0x1008 is outside the writable" },
	{ "reloc wraps", m_reloc_huge, "target 0xfffffffffffffffb" },
	{ "reloc straddles", m_reloc_seg_end, "is outside the writable segments" },
	{ "addend outside", m_reloc_addend, "relocation 0 addend 0x10000000 points outside the image" },
	{ "addend negative", m_reloc_neg, "addend 0xfffffffffffffff8" },
	{ "no note", m_no_note, "no agent descriptor" },
	{ "note type", m_note_type, "no agent descriptor" },
	{ "note name", m_note_name, "no agent descriptor" },
	{ "two descriptors", m_dup_note, "more than one agent descriptor" },
	{ "descsz", m_note_descsz, "agent descriptor is 76 bytes, expected 80" },
	{ "note overruns", m_note_overrun, "overruns the segment" },
	{ "namesz huge", m_note_namesz_huge, "overruns the segment" },
	{ "note truncated", m_note_trunc, "truncated note" },
	{ "note outside", m_note_outside, "note segment 4 [0xfffffffffffffff5" },
	{ "desc magic", m_desc_magic, "descriptor magic 0x54474155" },
	{ "desc ABI", m_desc_abi, "descriptor ABI version 2" },
	{ "desc size", m_desc_size, "descriptor size field 64, expected 80" },
	{ "name uppercase", m_name_upper, "descriptor name has invalid byte 0x45 at 0" },
	{ "name space", m_name_space, "invalid byte 0x20 at 2" },
	{ "name empty", m_name_empty, "descriptor name is empty" },
	{ "name unterminated", m_name_full, "descriptor name is not NUL-terminated" },
	{ "byte after NUL", m_name_after_nul, "name has byte 0x78 at 20 after its NUL" },
	{ "id 0", m_id0, "descriptor id is 0" },
	{ "no mode", m_modes0, "allows no call mode" },
	{ "unknown mode", m_modes_unknown, "unknown mode bits 0x10" },
	{ "unknown cap", m_caps_unknown, "unknown capability bits 0x80000000" },
	{ "zero stack", m_stack0, "stack size 0x0 below the minimum 0x1000" },
	{ "huge stack", m_stack_huge, "stack size 0x80000000 above the maximum 0x40000" },
	{ "odd stack", m_stack_odd, "stack size 0x4100 is not a multiple of 4 KiB" },
	{ "huge heap", m_heap_huge, "heap size 0x10000000 above the maximum 0x100000" },
	{ "odd heap", m_heap_odd, "heap size 0x800 is not a multiple" },
	{ "reserved", m_reserved, "reserved fields are not zero" },
	{ "budget", m_budget, "budget is 0x8000" },
};

static void test_malformed(void **state)
{
	(void)state;
	uint8_t *b = malloc(echo_len);
	assert_non_null(b);
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct img m;
		struct agent_elf_info info;
		char err[256];
		memcpy(b, echo, echo_len);
		view(&m, b, echo_len);
		cases[i].fn(&m);
		memset(err, 0, sizeof(err));
		int r = agent_elf_check(m.b, m.len, m.budget, &info, err, sizeof(err));
		if (r != -1)
			fail_msg("case '%s': accepted", cases[i].what);
		if (!strstr(err, cases[i].expect))
			fail_msg("case '%s': \"%s\" does not contain \"%s\"", cases[i].what, err,
				 cases[i].expect);
		/* a short error buffer truncates, still terminated */
		char small[8];
		assert_int_equal(agent_elf_check(m.b, m.len, m.budget, &info, small, sizeof(small)), -1);
		assert_int_equal(strlen(small), 7);
		assert_int_equal(agent_elf_check(m.b, m.len, m.budget, &info, NULL, 0), -1);
	}
	printf("# %u malformed ELFs rejected with the expected reason\n",
	       (unsigned)(sizeof(cases) / sizeof(cases[0])));
	free(b);
}

/* Rejected exactly when the cut reaches what the program headers use. */
static void test_truncated(void **state)
{
	(void)state;
	struct img m;
	view(&m, echo, echo_len);
	uint64_t need = m.eh->e_phoff + (uint64_t)m.eh->e_phnum * sizeof(Elf64_Phdr);
	for (int i = 0; i < m.eh->e_phnum; i++)
		if (m.ph[i].p_type != PT_GNU_STACK && m.ph[i].p_offset + m.ph[i].p_filesz > need)
			need = m.ph[i].p_offset + m.ph[i].p_filesz;
	assert_true(need <= echo_len);
	unsigned rejected = 0;
	for (size_t len = 0; len <= echo_len; len++) {
		/* a fresh allocation of exactly len bytes: ASan sees any overread */
		uint8_t *b = malloc(len ? len : 1);
		struct agent_elf_info info;
		char err[256] = "";
		memcpy(b, echo, len);
		int r = agent_elf_check(b, len, ZONE, &info, err, sizeof(err));
		if (len < need && r != -1)
			fail_msg("truncated to %zu bytes (< %llu): accepted", len, (unsigned long long)need);
		if (len >= need && r != 0)
			fail_msg("truncated to %zu bytes (>= %llu, only section headers cut): %s", len,
				 (unsigned long long)need, err);
		if (r)
			assert_true(err[0] != '\0'), rejected++;
		free(b);
	}
	printf("# truncation: %u lengths rejected, %zu accepted\n", rejected, echo_len + 1 - rejected);
}

static void test_random_damage(void **state)
{
	(void)state;
	uint8_t *b = malloc(echo_len);
	uint8_t *dst = malloc(TETD_AGENT_IMAGE_MAX + 0x1000);
	unsigned accepted = 0;
	assert_non_null(b);
	assert_non_null(dst);
	unit_seed("agent_elf random damage");
	struct img v;
	view(&v, echo, echo_len);
	/* damage concentrated where the loader looks: headers, notes, dynamic, rela */
	uint64_t hot = v.ph[2].p_offset + v.ph[2].p_filesz;
	for (int it = 0; it < 20000; it++) {
		memcpy(b, echo, echo_len);
		int n = 1 + (int)unit_rand_below(4);
		for (int k = 0; k < n; k++) {
			size_t at = unit_rand_below(4) ? unit_rand_below(0x800) : unit_rand_below(hot);
			if (unit_rand_below(2))
				b[at] = (uint8_t)unit_rand64();
			else
				b[at] ^= (uint8_t)(1u << unit_rand_below(8));
		}
		struct agent_elf_info info;
		char err[256];
		if (agent_elf_check(b, echo_len, ZONE, &info, err, sizeof(err)) == 0) {
			accepted++;
			assert_true(info.mem_size <= TETD_AGENT_IMAGE_MAX + 0x1000);
			assert_int_equal(agent_elf_load(b, echo_len, &info, dst, 0xc00000), 0);
		} else {
			assert_true(err[0] != '\0');
		}
	}
	printf("# random damage: %u of 20000 still valid (and loaded)\n", accepted);
	free(b);
	free(dst);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_agents),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_random_damage),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
