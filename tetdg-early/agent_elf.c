/* SPDX-License-Identifier: MIT */
/*
 * tetdg-early/agent_elf.c - strict validation and loading of agent ELFs
 * (agent_elf.h). The input is untrusted bytes from flash: every field is
 * read with memcpy (no alignment assumptions), every offset+size sum is
 * checked for wrap-around before it is compared, and nothing outside
 * buf[0..len) is read. Section headers are ignored: the loader sees only
 * what the program headers describe (docs/agents.md).
 *
 * ELF64 (System V gABI) and x86-64 psABI definitions are local: freestanding
 * code has no <elf.h>, and nothing else in the project parses ELF.
 */
#include "agent_elf.h"
#include "fmt.h"
#include "fwstring.h"

/* ---- ELF64 as far as the loader needs it ---- */

struct elf64_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct elf64_dyn {
	int64_t tag;
	uint64_t val;
};

struct elf64_rela {
	uint64_t offset, info;
	int64_t addend;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "Elf64_Ehdr");
_Static_assert(sizeof(struct elf64_phdr) == 56, "Elf64_Phdr");
_Static_assert(sizeof(struct elf64_dyn) == 16, "Elf64_Dyn");
_Static_assert(sizeof(struct elf64_rela) == 24, "Elf64_Rela");

#define ET_DYN        3
#define EM_X86_64     62
#define ELFOSABI_SYSV 0
#define ELFOSABI_GNU  3

#define PT_NULL         0
#define PT_LOAD         1
#define PT_DYNAMIC      2
#define PT_INTERP       3
#define PT_NOTE         4
#define PT_SHLIB        5
#define PT_PHDR         6
#define PT_TLS          7
#define PT_GNU_EH_FRAME 0x6474e550u
#define PT_GNU_STACK    0x6474e551u
#define PT_GNU_RELRO    0x6474e552u
#define PT_GNU_PROPERTY 0x6474e553u

#define DT_NULL            0
#define DT_NEEDED          1
#define DT_PLTRELSZ        2
#define DT_RELA            7
#define DT_RELASZ          8
#define DT_RELAENT         9
#define DT_INIT            12
#define DT_FINI            13
#define DT_REL             17
#define DT_RELSZ           18
#define DT_TEXTREL         22
#define DT_JMPREL          23
#define DT_INIT_ARRAY      25
#define DT_FINI_ARRAY      26
#define DT_PREINIT_ARRAY   32
#define DT_RELRSZ          35
#define DT_RELR            36

#define R_X86_64_NONE      0
#define R_X86_64_RELATIVE  8

#define PAGE TETD_AGENT_PAGE

/* ---- helpers ---- */

#define fail fmt_fail      /* the reason into err, -1 */

/* [off, off + n) inside [0, len), without wrap-around. */
static int in_file(uint64_t off, uint64_t n, size_t len)
{
	return off <= len && n <= len - off;
}

static uint64_t page_up(uint64_t x)
{
	return (x + (PAGE - 1)) & ~(uint64_t)(PAGE - 1);
}

/* ---- the descriptor ---- */

int agent_name_check(const char name[TETD_AGENT_NAME_LEN], const char *what, char *err,
		     size_t errlen)
{
	int bad = tetd_agent_name_bad(name);
	if (bad < 0)
		return 0;
	unsigned char c = (unsigned char)name[bad];
	if (bad == 0 && c == 0)
		return fail(err, errlen, "%s name is empty", what);
	int nul_before = 0;
	for (int k = 0; k < bad; k++)
		nul_before |= name[k] == 0;
	if (nul_before)
		return fail(err, errlen, "%s name has byte 0x%02x at %d after its NUL", what, c, bad);
	if (bad == TETD_AGENT_NAME_LEN - 1 &&
	    ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
		return fail(err, errlen, "%s name is not NUL-terminated (at most %u characters)", what,
			    TETD_AGENT_NAME_LEN - 1);
	return fail(err, errlen, "%s name has invalid byte 0x%02x at %d (allowed: a-z 0-9 _ -)", what,
		    c, bad);
}

static int check_desc(const struct tetd_agent_desc *d, char *err, size_t errlen)
{
	if (d->magic != TETD_AGENT_DESC_MAGIC)
		return fail(err, errlen, "descriptor magic 0x%x, expected 0x%x", d->magic,
			    TETD_AGENT_DESC_MAGIC);
	if (d->abi_version != TETD_AGENT_ABI_VERSION)
		return fail(err, errlen, "descriptor ABI version %u, this loader supports %u",
			    d->abi_version, TETD_AGENT_ABI_VERSION);
	if (d->desc_size != sizeof(*d))
		return fail(err, errlen, "descriptor size field %u, expected %u", d->desc_size,
			    (unsigned)sizeof(*d));
	if (agent_name_check(d->name, "descriptor", err, errlen))
		return -1;
	if (d->id == 0)
		return fail(err, errlen, "descriptor id is 0");
	if ((d->modes & TETD_MODE_MASK) == 0)
		return fail(err, errlen, "descriptor allows no call mode");
	if (d->modes & ~TETD_MODE_MASK)
		return fail(err, errlen, "descriptor has unknown mode bits 0x%x",
			    d->modes & ~TETD_MODE_MASK);
	if (d->caps & ~TETD_CAP_MASK)
		return fail(err, errlen, "descriptor has unknown capability bits 0x%x",
			    d->caps & ~TETD_CAP_MASK);
	if (d->stack_size < TETD_AGENT_STACK_MIN)
		return fail(err, errlen, "stack size 0x%x below the minimum 0x%x", d->stack_size,
			    TETD_AGENT_STACK_MIN);
	if (d->stack_size > TETD_AGENT_STACK_MAX)
		return fail(err, errlen, "stack size 0x%x above the maximum 0x%x", d->stack_size,
			    TETD_AGENT_STACK_MAX);
	if (d->stack_size % PAGE)
		return fail(err, errlen, "stack size 0x%x is not a multiple of 4 KiB", d->stack_size);
	if (d->heap_size > TETD_AGENT_HEAP_MAX)
		return fail(err, errlen, "heap size 0x%x above the maximum 0x%x", d->heap_size,
			    TETD_AGENT_HEAP_MAX);
	if (d->heap_size % PAGE)
		return fail(err, errlen, "heap size 0x%x is not a multiple of 4 KiB", d->heap_size);
	if (d->reserved[0] || d->reserved[1] || d->reserved[2])
		return fail(err, errlen, "descriptor reserved fields are not zero");
	return 0;
}

/*
 * Walk the notes of one PT_NOTE segment (gABI "Note Section": namesz,
 * descsz, type, then name and desc, each padded to the segment's note
 * alignment, 4 or 8) and count the TETD agent descriptors.
 */
static int scan_notes(const uint8_t *b, size_t len, unsigned idx, const struct elf64_phdr *ph,
		      struct tetd_agent_desc *desc, unsigned *found, char *err, size_t errlen)
{
	uint64_t a = ph->align == 8 ? 8 : 4;
	if (!in_file(ph->offset, ph->filesz, len))
		return fail(err, errlen, "note segment %u [0x%lx, +0x%lx) is outside the file (%lu bytes)",
			    idx, (unsigned long)ph->offset, (unsigned long)ph->filesz,
			    (unsigned long)len);
	const uint8_t *p = b + ph->offset;
	uint64_t pos = 0, n = ph->filesz;
	while (pos < n) {
		uint32_t hdr[3];
		if (n - pos < sizeof(hdr))
			return fail(err, errlen, "note segment %u: truncated note at 0x%lx", idx,
				    (unsigned long)pos);
		memcpy(hdr, p + pos, sizeof(hdr));
		uint64_t namesz = (hdr[0] + (a - 1)) & ~(a - 1); /* u32 + 7: no wrap in u64 */
		uint64_t descsz = (hdr[1] + (a - 1)) & ~(a - 1);
		uint64_t room = n - pos - sizeof(hdr);
		if (namesz > room || descsz > room - namesz)
			return fail(err, errlen, "note segment %u: note at 0x%lx overruns the segment", idx,
				    (unsigned long)pos);
		const uint8_t *name = p + pos + sizeof(hdr);
		if (hdr[0] == sizeof(TETD_NOTE_NAME) && memcmp(name, TETD_NOTE_NAME, hdr[0]) == 0 &&
		    hdr[2] == TETD_NOTE_AGENT_DESC) {
			if (++*found > 1)
				return fail(err, errlen, "more than one agent descriptor (second in segment %u)",
					    idx);
			if (hdr[1] != sizeof(*desc))
				return fail(err, errlen, "agent descriptor is %u bytes, expected %u", hdr[1],
					    (unsigned)sizeof(*desc));
			memcpy(desc, name + namesz, sizeof(*desc));
		}
		pos += sizeof(hdr) + namesz + descsz;
	}
	return 0;
}

/* ---- segments ---- */

static int check_load(const struct elf64_phdr *ph, unsigned i, size_t len, struct agent_elf_info *info,
		      char *err, size_t errlen)
{
	const uint32_t known = AGENT_SEG_R | AGENT_SEG_W | AGENT_SEG_X;
	unsigned long va = ph->vaddr, off = ph->offset;
	if (info->nseg == AGENT_ELF_MAX_SEGS)
		return fail(err, errlen, "more than %u PT_LOAD segments", AGENT_ELF_MAX_SEGS);
	if (ph->memsz == 0)
		return fail(err, errlen, "segment %u is empty (p_memsz 0)", i);
	if (ph->flags & ~known)
		return fail(err, errlen, "segment %u has unknown flags 0x%x", i, ph->flags);
	if ((ph->flags & AGENT_SEG_W) && (ph->flags & AGENT_SEG_X))
		return fail(err, errlen, "segment %u is writable and executable", i);
	if (!(ph->flags & AGENT_SEG_R))
		return fail(err, errlen, "segment %u is not readable", i);
	if (ph->vaddr % PAGE)
		return fail(err, errlen, "segment %u address 0x%lx is not page-aligned", i, va);
	if (ph->offset % PAGE)
		return fail(err, errlen, "segment %u file offset 0x%lx is not page-aligned", i, off);
	if (ph->align > PAGE || (ph->align & (ph->align - 1)))
		return fail(err, errlen, "segment %u alignment 0x%lx: the loader aligns to 4 KiB only", i,
			    (unsigned long)ph->align);
	if (ph->filesz > ph->memsz)
		return fail(err, errlen, "segment %u file size 0x%lx exceeds its memory size 0x%lx", i,
			    (unsigned long)ph->filesz, (unsigned long)ph->memsz);
	if (!in_file(ph->offset, ph->filesz, len))
		return fail(err, errlen, "segment %u file range [0x%lx, +0x%lx) is outside the file (%lu bytes)",
			    i, off, (unsigned long)ph->filesz, (unsigned long)len);
	if (ph->vaddr > TETD_AGENT_IMAGE_MAX || ph->memsz > TETD_AGENT_IMAGE_MAX - ph->vaddr)
		return fail(err, errlen, "segment %u [0x%lx, +0x%lx) exceeds the image limit 0x%x", i, va,
			    (unsigned long)ph->memsz, TETD_AGENT_IMAGE_MAX);
	uint64_t start = ph->vaddr, end = page_up(ph->vaddr + ph->memsz);
	for (uint32_t k = 0; k < info->nseg; k++) {
		const struct agent_elf_seg *s = &info->seg[k];
		uint64_t ks = s->vaddr, ke = page_up(s->vaddr + s->memsz);
		if (start < ke && ks < end)
			return fail(err, errlen, "segment %u overlaps segment %u", i, s->phdr);
		if (start < ks)
			return fail(err, errlen, "segment %u lies below segment %u (PT_LOAD must ascend)", i,
				    s->phdr);
	}
	info->seg[info->nseg++] = (struct agent_elf_seg){
		.vaddr = ph->vaddr, .memsz = ph->memsz, .offset = ph->offset,
		.filesz = ph->filesz, .flags = ph->flags, .phdr = i,
	};
	if (end > info->mem_size)
		info->mem_size = end;
	return 0;
}

/* ---- dynamic section and relocations ---- */

static int check_dynamic(const uint8_t *b, size_t len, const struct elf64_phdr *dyn,
			 struct agent_elf_info *info, char *err, size_t errlen)
{
	uint64_t rela = 0, relasz = 0, relaent = sizeof(struct elf64_rela);
	int have_rela = 0, have_null = 0;

	if (!in_file(dyn->offset, dyn->filesz, len))
		return fail(err, errlen, "PT_DYNAMIC [0x%lx, +0x%lx) is outside the file (%lu bytes)",
			    (unsigned long)dyn->offset, (unsigned long)dyn->filesz, (unsigned long)len);
	for (uint64_t k = 0; k < dyn->filesz / sizeof(struct elf64_dyn); k++) {
		struct elf64_dyn d;
		memcpy(&d, b + dyn->offset + k * sizeof(d), sizeof(d));
		if (d.tag == DT_NULL) {
			have_null = 1;
			break;
		}
		switch (d.tag) {
		case DT_NEEDED:
			return fail(err, errlen, "DT_NEEDED: agents link no shared libraries");
		case DT_PLTRELSZ:
		case DT_JMPREL:
			if (d.val)
				return fail(err, errlen, "PLT relocations (DT_JMPREL) are not allowed");
			break;
		case DT_RELA:
			rela = d.val, have_rela = 1;
			break;
		case DT_RELASZ:
			relasz = d.val;
			break;
		case DT_RELAENT:
			relaent = d.val;
			break;
		case DT_REL:
		case DT_RELSZ:
			if (d.val)
				return fail(err, errlen, "DT_REL relocations are not allowed (x86-64 uses RELA)");
			break;
		case DT_RELR:
		case DT_RELRSZ:
			if (d.val)
				return fail(err, errlen, "DT_RELR relocations are not supported");
			break;
		case DT_TEXTREL:
			return fail(err, errlen, "DT_TEXTREL: relocations in read-only segments");
		case DT_INIT:
		case DT_FINI:
		case DT_INIT_ARRAY:
		case DT_FINI_ARRAY:
		case DT_PREINIT_ARRAY:
			return fail(err, errlen, "dynamic tag %ld: constructors and destructors are not run",
				    (long)d.tag);
		default:
			break; /* symbol tables, hashes, flags: nothing the loader acts on */
		}
	}
	if (!have_null)
		return fail(err, errlen, "PT_DYNAMIC has no DT_NULL terminator");
	if (relasz && !have_rela)
		return fail(err, errlen, "DT_RELASZ without DT_RELA");
	if (!have_rela || !relasz)
		return 0;
	if (relaent != sizeof(struct elf64_rela))
		return fail(err, errlen, "DT_RELAENT %lu, expected %u", (unsigned long)relaent,
			    (unsigned)sizeof(struct elf64_rela));
	if (relasz % sizeof(struct elf64_rela))
		return fail(err, errlen, "DT_RELASZ 0x%lx is not a multiple of %u", (unsigned long)relasz,
			    (unsigned)sizeof(struct elf64_rela));

	/* The table is addressed by image offset: find the file bytes behind it. */
	int mapped = 0;
	for (uint32_t k = 0; k < info->nseg; k++) {
		const struct agent_elf_seg *s = &info->seg[k];
		if (rela >= s->vaddr && rela - s->vaddr <= s->filesz && relasz <= s->filesz - (rela - s->vaddr)) {
			info->rela_off = s->offset + (rela - s->vaddr);
			mapped = 1;
			break;
		}
	}
	if (!mapped)
		return fail(err, errlen, "relocation table [0x%lx, +0x%lx) is outside the loaded file data",
			    (unsigned long)rela, (unsigned long)relasz);
	info->rela_count = relasz / sizeof(struct elf64_rela);

	for (uint64_t r = 0; r < info->rela_count; r++) {
		struct elf64_rela e;
		memcpy(&e, b + info->rela_off + r * sizeof(e), sizeof(e));
		uint32_t type = (uint32_t)e.info, sym = (uint32_t)(e.info >> 32);
		if (type == R_X86_64_NONE)
			continue;
		if (type != R_X86_64_RELATIVE)
			return fail(err, errlen,
				    "relocation %lu: type %u not allowed (only R_X86_64_RELATIVE)",
				    (unsigned long)r, type);
		if (sym)
			return fail(err, errlen, "relocation %lu refers to symbol %u", (unsigned long)r, sym);
		int ok = 0;
		for (uint32_t k = 0; k < info->nseg && !ok; k++) {
			const struct agent_elf_seg *s = &info->seg[k];
			ok = (s->flags & AGENT_SEG_W) && e.offset >= s->vaddr && s->memsz >= 8 &&
			     e.offset - s->vaddr <= s->memsz - 8;
		}
		if (!ok)
			return fail(err, errlen,
				    "relocation %lu target 0x%lx is outside the writable segments",
				    (unsigned long)r, (unsigned long)e.offset);
		if (e.addend < 0 || (uint64_t)e.addend > info->mem_size)
			return fail(err, errlen, "relocation %lu addend 0x%lx points outside the image",
				    (unsigned long)r, (unsigned long)e.addend);
		info->nrelative++;
	}
	return 0;
}

/* ---- the whole file ---- */

int agent_elf_check(const void *buf, size_t len, uint64_t budget, struct agent_elf_info *info,
		    char *err, size_t errlen)
{
	const uint8_t *b = buf;
	struct elf64_ehdr eh;
	struct elf64_phdr dyn = { 0 };
	unsigned ndyn = 0, found = 0;

	memset(info, 0, sizeof(*info));
	if (err && errlen)
		err[0] = '\0';
	if (len < sizeof(eh))
		return fail(err, errlen, "file too short for an ELF header (%lu bytes)", (unsigned long)len);
	memcpy(&eh, b, sizeof(eh));
	if (memcmp(eh.ident, "\177ELF", 4) != 0)
		return fail(err, errlen, "not an ELF file (bad magic)");
	if (eh.ident[4] != 2)
		return fail(err, errlen, "ELF class %u, expected 2 (ELF64)", eh.ident[4]);
	if (eh.ident[5] != 1)
		return fail(err, errlen, "ELF data encoding %u, expected 1 (little endian)", eh.ident[5]);
	if (eh.ident[6] != 1 || eh.version != 1)
		return fail(err, errlen, "ELF version %u/%u, expected 1", eh.ident[6], eh.version);
	if (eh.ident[7] != ELFOSABI_SYSV && eh.ident[7] != ELFOSABI_GNU)
		return fail(err, errlen, "ELF OS ABI %u, expected 0 (System V) or 3 (GNU)", eh.ident[7]);
	if (eh.type != ET_DYN)
		return fail(err, errlen, "ELF type %u, expected ET_DYN (3): agents are linked -pie",
			    eh.type);
	if (eh.machine != EM_X86_64)
		return fail(err, errlen, "machine %u, expected x86-64 (%u)", eh.machine, EM_X86_64);
	if (eh.flags != 0)
		return fail(err, errlen, "ELF flags 0x%x, expected 0", eh.flags);
	if (eh.ehsize != sizeof(eh))
		return fail(err, errlen, "ELF header size %u, expected %u", eh.ehsize, (unsigned)sizeof(eh));
	if (eh.phnum == 0)
		return fail(err, errlen, "no program headers");
	if (eh.phentsize != sizeof(struct elf64_phdr))
		return fail(err, errlen, "program header size %u, expected %u", eh.phentsize,
			    (unsigned)sizeof(struct elf64_phdr));
	if (eh.phnum > AGENT_ELF_MAX_PHDRS)
		return fail(err, errlen, "%u program headers, at most %u", eh.phnum, AGENT_ELF_MAX_PHDRS);
	if (!in_file(eh.phoff, (uint64_t)eh.phnum * sizeof(struct elf64_phdr), len))
		return fail(err, errlen, "program headers at 0x%lx (%u of them) are outside the file (%lu bytes)",
			    (unsigned long)eh.phoff, eh.phnum, (unsigned long)len);

	struct elf64_phdr ph[AGENT_ELF_MAX_PHDRS];
	memcpy(ph, b + eh.phoff, eh.phnum * sizeof(ph[0]));
	for (unsigned i = 0; i < eh.phnum; i++) {
		switch (ph[i].type) {
		case PT_LOAD:
			if (check_load(&ph[i], i, len, info, err, errlen))
				return -1;
			break;
		case PT_DYNAMIC:
			if (++ndyn > 1)
				return fail(err, errlen, "more than one PT_DYNAMIC (segment %u)", i);
			dyn = ph[i];
			break;
		case PT_NOTE:
			if (scan_notes(b, len, i, &ph[i], &info->desc, &found, err, errlen))
				return -1;
			break;
		case PT_INTERP:
			return fail(err, errlen, "segment %u is PT_INTERP: agents have no dynamic linker", i);
		case PT_TLS:
			return fail(err, errlen, "segment %u is PT_TLS: thread-local storage is not supported", i);
		case PT_GNU_STACK:
			if (ph[i].flags & AGENT_SEG_X)
				return fail(err, errlen, "segment %u: executable stack requested (PT_GNU_STACK)", i);
			break;
		case PT_NULL:
		case PT_PHDR:
		case PT_GNU_EH_FRAME:
		case PT_GNU_RELRO:
		case PT_GNU_PROPERTY:
			break;
		default:
			return fail(err, errlen, "segment %u has unsupported type 0x%x", i, ph[i].type);
		}
	}
	if (info->nseg == 0)
		return fail(err, errlen, "no PT_LOAD segment");
	if (found == 0)
		return fail(err, errlen, "no agent descriptor (PT_NOTE \"TETD\" type %u, section .tetd.agent)",
			    TETD_NOTE_AGENT_DESC);
	if (check_desc(&info->desc, err, errlen))
		return -1;

	uint64_t need = info->mem_size + info->desc.stack_size + info->desc.heap_size;
	if (need > budget)
		return fail(err, errlen,
			    "agent needs 0x%lx bytes (image 0x%lx + stack 0x%x + heap 0x%x), budget is 0x%lx",
			    (unsigned long)need, (unsigned long)info->mem_size, info->desc.stack_size,
			    info->desc.heap_size, (unsigned long)budget);

	int entry_ok = 0;
	for (uint32_t k = 0; k < info->nseg && !entry_ok; k++) {
		const struct agent_elf_seg *s = &info->seg[k];
		entry_ok = (s->flags & AGENT_SEG_X) && eh.entry >= s->vaddr && eh.entry - s->vaddr < s->filesz;
	}
	if (!entry_ok)
		return fail(err, errlen, "entry point 0x%lx is outside the executable segments",
			    (unsigned long)eh.entry);
	info->entry = eh.entry;

	if (ndyn == 0)
		return fail(err, errlen, "no PT_DYNAMIC (agents are linked -pie)");
	return check_dynamic(b, len, &dyn, info, err, errlen);
}

int agent_elf_load(const void *buf, size_t len, const struct agent_elf_info *info, void *dst,
		   uint64_t dst_base)
{
	const uint8_t *b = buf;
	uint8_t *d = dst;

	if (info->nseg > AGENT_ELF_MAX_SEGS || info->mem_size > TETD_AGENT_IMAGE_MAX)
		return -1;
	for (uint32_t k = 0; k < info->nseg; k++) {
		const struct agent_elf_seg *s = &info->seg[k];
		if (!in_file(s->offset, s->filesz, len) || s->filesz > s->memsz ||
		    s->vaddr > info->mem_size || s->memsz > info->mem_size - s->vaddr)
			return -1;
	}
	if (info->rela_count && !in_file(info->rela_off, info->rela_count * sizeof(struct elf64_rela), len))
		return -1;

	memset(d, 0, info->mem_size);
	for (uint32_t k = 0; k < info->nseg; k++) {
		const struct agent_elf_seg *s = &info->seg[k];
		memcpy(d + s->vaddr, b + s->offset, s->filesz);
	}
	for (uint64_t r = 0; r < info->rela_count; r++) {
		struct elf64_rela e;
		memcpy(&e, b + info->rela_off + r * sizeof(e), sizeof(e));
		if ((uint32_t)e.info != R_X86_64_RELATIVE)
			continue;
		if (info->mem_size < 8 || e.offset > info->mem_size - 8)
			return -1;
		uint64_t v = dst_base + (uint64_t)e.addend;
		memcpy(d + e.offset, &v, sizeof(v));
	}
	return 0;
}
