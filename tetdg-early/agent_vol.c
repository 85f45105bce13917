/* SPDX-License-Identifier: MIT */
/*
 * tetdg-early/agent_vol.c - parser of the agent volume (agent_vol.h). The
 * volume comes from flash the host controls: every field is checked before
 * use, sums are done in 64 bits (inputs are 32-bit, so they cannot wrap),
 * and nothing outside buf[0..len) is read. Problems in the header or table
 * reject the volume; problems of one entry reject only that entry.
 */
#include "agent_vol.h"
#include "agent_elf.h"
#include "fmt.h"
#include "fwstring.h"
#include "sha2.h"

#define HDR sizeof(struct tetd_avol_header)
#define ENT sizeof(struct tetd_avol_entry)

#define fail fmt_fail      /* the reason into err, -1 */

void agent_vol_table_digest(const void *vol, uint32_t count, uint8_t out[32])
{
	struct sha256_ctx c;
	sha256_init(&c);
	sha256_update(&c, vol, offsetof(struct tetd_avol_header, table_sha256));
	sha256_update(&c, (const uint8_t *)vol + HDR, (size_t)count * ENT);
	sha256_final(&c, out);
}

int agent_vol_open(struct agent_vol *v, const void *buf, size_t len, char *err, size_t errlen)
{
	const uint8_t *b = buf;
	struct tetd_avol_header *h = &v->hdr;
	uint8_t digest[32];

	memset(v, 0, sizeof(*v));
	if (err && errlen)
		err[0] = '\0';
	if (len >= 8) {
		int erased = 1;
		for (int i = 0; i < 8; i++)
			erased &= b[i] == 0xff;
		if (erased) {
			fail(err, errlen, "erased flash: no agent volume");
			return AGENT_VOL_ERASED;
		}
	}
	if (len < HDR)
		return fail(err, errlen, "volume too short for its header (%lu bytes)", (unsigned long)len);
	memcpy(h, b, HDR);
	if (memcmp(h->magic, TETD_AVOL_MAGIC, sizeof(h->magic)) != 0)
		return fail(err, errlen, "bad volume magic (expected \"%s\")", TETD_AVOL_MAGIC);
	if (h->version != TETD_AVOL_VERSION)
		return fail(err, errlen, "volume version %u, expected %u", h->version, TETD_AVOL_VERSION);
	if (h->header_size != HDR)
		return fail(err, errlen, "volume header size %u, expected %u", h->header_size, (unsigned)HDR);
	if (h->entry_size != ENT)
		return fail(err, errlen, "volume entry size %u, expected %u", h->entry_size, (unsigned)ENT);
	if (h->count > TETD_AVOL_MAX_AGENTS)
		return fail(err, errlen, "volume lists %u agents, at most %u", h->count,
			    TETD_AVOL_MAX_AGENTS);
	if (h->flags)
		return fail(err, errlen, "volume flags 0x%x, expected 0", h->flags);
	uint64_t table_end = HDR + (uint64_t)h->count * ENT;
	if (h->total_size < table_end)
		return fail(err, errlen, "volume total size 0x%x is smaller than its header and table (0x%lx)",
			    h->total_size, (unsigned long)table_end);
	if (h->total_size > len)
		return fail(err, errlen, "volume total size 0x%x exceeds the 0x%lx bytes available",
			    h->total_size, (unsigned long)len);
	agent_vol_table_digest(b, h->count, digest);
	if (memcmp(digest, h->table_sha256, sizeof(digest)) != 0)
		return fail(err, errlen, "volume header/table checksum mismatch (corrupt volume)");
	v->base = b;
	v->len = len;
	return AGENT_VOL_OK;
}

static void read_entry(const struct agent_vol *v, uint32_t i, struct tetd_avol_entry *e)
{
	memcpy(e, v->base + HDR + (size_t)i * ENT, ENT);
}

/* Bounds of entry j alone (used for the overlap test against sane neighbours). */
static int entry_sane(const struct agent_vol *v, const struct tetd_avol_entry *e)
{
	uint64_t table_end = HDR + (uint64_t)v->hdr.count * ENT;
	return e->size && e->offset % TETD_AVOL_ALIGN == 0 && e->offset >= table_end &&
	       (uint64_t)e->offset + e->size <= v->hdr.total_size;
}

int agent_vol_entry(const struct agent_vol *v, uint32_t i, struct agent_vol_entry *out, char *err,
		    size_t errlen)
{
	struct tetd_avol_entry e, o;
	char what[24];

	memset(out, 0, sizeof(*out));
	if (err && errlen)
		err[0] = '\0';
	if (!v->base || i >= v->hdr.count)
		return fail(err, errlen, "entry %u does not exist (volume lists %u)", i, v->hdr.count);
	read_entry(v, i, &e);
	fmt_snprintf(what, sizeof(what), "entry %u", i);
	if (agent_name_check(e.name, what, err, errlen))
		return -1;
	for (unsigned k = 0; k < sizeof(e.reserved); k++)
		if (e.reserved[k])
			return fail(err, errlen, "entry %u (%s): reserved bytes are not zero", i, e.name);
	uint64_t table_end = HDR + (uint64_t)v->hdr.count * ENT;
	if (e.size == 0)
		return fail(err, errlen, "entry %u (%s): empty", i, e.name);
	if (e.offset % TETD_AVOL_ALIGN)
		return fail(err, errlen, "entry %u (%s): offset 0x%x is not %u-byte aligned", i, e.name,
			    e.offset, TETD_AVOL_ALIGN);
	if (e.offset < table_end)
		return fail(err, errlen, "entry %u (%s): offset 0x%x lies in the header or entry table", i,
			    e.name, e.offset);
	if ((uint64_t)e.offset + e.size > v->hdr.total_size)
		return fail(err, errlen, "entry %u (%s): [0x%x, +0x%x) extends past the volume end 0x%x", i,
			    e.name, e.offset, e.size, v->hdr.total_size);
	for (uint32_t j = 0; j < v->hdr.count; j++) {
		if (j == i)
			continue;
		read_entry(v, j, &o);
		if (j < i && memcmp(o.name, e.name, sizeof(e.name)) == 0)
			return fail(err, errlen, "entry %u (%s): duplicate name (entry %u)", i, e.name, j);
		if (entry_sane(v, &o) && e.offset < (uint64_t)o.offset + o.size &&
		    o.offset < (uint64_t)e.offset + e.size)
			return fail(err, errlen, "entry %u (%s): overlaps entry %u", i, e.name, j);
	}
	out->index = i;
	memcpy(out->name, e.name, sizeof(out->name));
	out->elf = v->base + e.offset;
	out->offset = e.offset;
	out->size = e.size;
	sha384(out->elf, e.size, out->sha384);
	if (memcmp(out->sha384, e.sha384, sizeof(e.sha384)) != 0)
		return fail(err, errlen, "entry %u (%s): SHA-384 mismatch, the ELF is corrupt", i, e.name);
	return 0;
}

size_t agent_vol_build(void *out, size_t cap, uint32_t count, const void *const elfs[],
		       const uint32_t sizes[], const char *const names[], char *err, size_t errlen)
{
	uint8_t *o = out;
	struct tetd_avol_header h;

	if (err && errlen)
		err[0] = '\0';
	if (count > TETD_AVOL_MAX_AGENTS) {
		fail(err, errlen, "%u agents, a volume holds at most %u", count, TETD_AVOL_MAX_AGENTS);
		return 0;
	}
	uint64_t pos = HDR + (uint64_t)count * ENT;
	for (uint32_t i = 0; i < count; i++) {
		pos = (pos + TETD_AVOL_ALIGN - 1) & ~(uint64_t)(TETD_AVOL_ALIGN - 1);
		pos += sizes[i];
	}
	if (pos > cap || pos > 0xffffffffu) {
		fail(err, errlen, "volume needs %lu bytes, room for %lu", (unsigned long)pos,
		     (unsigned long)cap);
		return 0;
	}
	memset(o, 0, pos);
	pos = HDR + (uint64_t)count * ENT;
	for (uint32_t i = 0; i < count; i++) {
		struct tetd_avol_entry e;
		char what[24];
		size_t nl = strlen(names[i]);
		memset(&e, 0, sizeof(e));
		if (nl >= sizeof(e.name)) {
			fail(err, errlen, "agent %u: name longer than %u characters", i,
			     TETD_AGENT_NAME_LEN - 1);
			return 0;
		}
		memcpy(e.name, names[i], nl);
		fmt_snprintf(what, sizeof(what), "agent %u", i);
		if (agent_name_check(e.name, what, err, errlen))
			return 0;
		if (sizes[i] == 0) {
			fail(err, errlen, "agent %u (%s): empty file", i, e.name);
			return 0;
		}
		pos = (pos + TETD_AVOL_ALIGN - 1) & ~(uint64_t)(TETD_AVOL_ALIGN - 1);
		e.offset = (uint32_t)pos;
		e.size = sizes[i];
		sha384(elfs[i], sizes[i], e.sha384);
		memcpy(o + pos, elfs[i], sizes[i]);
		memcpy(o + HDR + (size_t)i * ENT, &e, ENT);
		pos += sizes[i];
	}
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, TETD_AVOL_MAGIC, sizeof(h.magic));
	h.version = TETD_AVOL_VERSION;
	h.header_size = HDR;
	h.entry_size = ENT;
	h.count = count;
	h.total_size = (uint32_t)pos;
	memcpy(o, &h, HDR);
	agent_vol_table_digest(o, count, h.table_sha256);
	memcpy(o + offsetof(struct tetd_avol_header, table_sha256), h.table_sha256,
	       sizeof(h.table_sha256));
	return (size_t)pos;
}
