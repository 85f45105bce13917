// SPDX-License-Identifier: MIT
/*
 * tetdg/tetdg_table.c - strict validation of the ACPI TETD table before the
 * tetdg driver believes a byte of it (rules: docs/tetdg.md, "What the
 * driver checks"). The table is firmware input that nothing else checks:
 * ACPICA maps any table the XSDT lists. Every field the driver later
 * prints or uses is checked here, so the rest of the driver trusts it.
 *
 * Builds in the kernel (Kbuild, tetdg/Kbuild) and on the host (cmocka
 * test); only vsnprintf, memchr and memcmp come from outside.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/stdarg.h>
#include <linux/string.h>
#else
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#endif
#include "tetdg_table.h"

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

#define PAGE_OFF_4K 0xfffull

/* [base, base + size) is non-empty and does not wrap. */
static int range_ok(uint64_t base, uint64_t size)
{
	return size && base + size > base;
}

static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

static int check_agent(const void *table, uint32_t i, char *err, size_t errlen)
{
	const struct tetd_acpi_body *b = tetdg_table_body(table);
	const struct tetd_acpi_agent *a = tetdg_table_agent(table, i);
	int bad = tetd_agent_name_bad(a->name);
	uint32_t j, k;

	if (bad >= 0) {
		if (!memchr(a->name, 0, TETD_AGENT_NAME_LEN))
			return fail(err, errlen, "agent %u: name not NUL-terminated", i);
		return fail(err, errlen, "agent %u: name: byte %d (0x%02x) is not allowed "
			    "(1..31 of [a-z0-9_-], then NUL padding)", i, bad,
			    (unsigned)(uint8_t)a->name[bad]);
	}
	if (a->index != i)
		return fail(err, errlen, "agent %u (%s): index %u, expected %u", i, a->name,
			    a->index, i);
	if (!a->id)
		return fail(err, errlen, "agent %u (%s): id 0", i, a->name);
	if (!a->modes || (a->modes & ~TETD_MODE_MASK))
		return fail(err, errlen, "agent %u (%s): modes 0x%x (need 1..0x%x)", i, a->name,
			    a->modes, TETD_MODE_MASK);
	if (a->caps & ~TETD_CAP_MASK)
		return fail(err, errlen, "agent %u (%s): unknown caps 0x%x", i, a->name, a->caps);
	if (a->state != TETD_ZONE_AGENT_READY && a->state != TETD_ZONE_AGENT_FAILED)
		return fail(err, errlen, "agent %u (%s): state %u (need 1 ready or 2 failed)", i,
			    a->name, a->state);
	if ((a->call_buf_gpa & PAGE_OFF_4K) || !range_ok(a->call_buf_gpa, 4096) ||
	    !a->call_buf_gpa)
		return fail(err, errlen, "agent %u (%s): call buffer 0x%llx is not a 4 KiB page",
			    i, a->name, (unsigned long long)a->call_buf_gpa);
	if (overlaps(a->call_buf_gpa, 4096, b->zone_gpa, b->zone_size))
		return fail(err, errlen, "agent %u (%s): call buffer 0x%llx inside the zone", i,
			    a->name, (unsigned long long)a->call_buf_gpa);
	if (a->fn_count > TETD_AGENT_MAX_CALLS)
		return fail(err, errlen, "agent %u (%s): fn_count %u > %u", i, a->name,
			    a->fn_count, TETD_AGENT_MAX_CALLS);
	for (j = 0; j < TETD_AGENT_MAX_CALLS; j++) {
		if (j >= a->fn_count) {
			if (a->fn_ids[j])
				return fail(err, errlen, "agent %u (%s): fn_ids[%u] = %u beyond "
					    "fn_count %u", i, a->name, j, a->fn_ids[j], a->fn_count);
			continue;
		}
		if (!a->fn_ids[j])
			return fail(err, errlen, "agent %u (%s): fn_ids[%u] is 0", i, a->name, j);
		for (k = 0; k < j; k++)
			if (a->fn_ids[k] == a->fn_ids[j])
				return fail(err, errlen, "agent %u (%s): function %u listed twice",
					    i, a->name, a->fn_ids[j]);
	}
	if (a->reserved)
		return fail(err, errlen, "agent %u (%s): reserved field 0x%x", i, a->name,
			    a->reserved);
	for (k = 0; k < i; k++) {
		const struct tetd_acpi_agent *o = tetdg_table_agent(table, k);

		if (!memcmp(o->name, a->name, TETD_AGENT_NAME_LEN))
			return fail(err, errlen, "agents %u and %u share the name %s", k, i,
				    a->name);
		if (o->id == a->id)
			return fail(err, errlen, "agents %u and %u share id 0x%x", k, i, a->id);
		if (o->call_buf_gpa == a->call_buf_gpa)
			return fail(err, errlen, "agents %u and %u share call buffer 0x%llx", k,
				    i, (unsigned long long)a->call_buf_gpa);
	}
	return 0;
}

int tetdg_table_check(const void *table, size_t len, char *err, size_t errlen)
{
	const uint8_t *p = table;
	const struct tetd_acpi_body *b;
	uint32_t hdr_len, i;
	size_t want;
	uint8_t sum = 0;

	if (errlen)
		err[0] = '\0';
	if (len < TETDG_ACPI_HDR_LEN)
		return fail(err, errlen, "%zu bytes: shorter than the 36-byte ACPI header", len);
	if (memcmp(p, TETD_ACPI_SIGNATURE, 4))
		return fail(err, errlen, "signature is not TETD");
	hdr_len = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 |
		  (uint32_t)p[7] << 24;
	if (hdr_len != len)
		return fail(err, errlen, "header length %u, but the table is %zu bytes", hdr_len,
			    len);
	if (p[8] != TETD_ACPI_REVISION)
		return fail(err, errlen, "revision %u (this driver reads revision %u)", p[8],
			    TETD_ACPI_REVISION);
	for (i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	if (sum)
		return fail(err, errlen, "checksum: bytes sum to 0x%02x, not 0", sum);
	if (len < TETDG_TABLE_MIN_LEN)
		return fail(err, errlen, "%zu bytes: too short for the %zu-byte header and body",
			    len, (size_t)TETDG_TABLE_MIN_LEN);

	b = tetdg_table_body(table);
	if (b->platform < TETD_PLATFORM_QEMU || b->platform > TETD_PLATFORM_TDX)
		return fail(err, errlen, "platform %u unknown", b->platform);
	if (b->isolation != TETD_ISOLATION_NONE && b->isolation != TETD_ISOLATION_ENFORCED)
		return fail(err, errlen, "isolation %u unknown", b->isolation);
	if (b->platform == TETD_PLATFORM_QEMU && b->isolation != TETD_ISOLATION_NONE)
		return fail(err, errlen, "platform qemu claims an enforced zone");
	if (!range_ok(b->zone_gpa, b->zone_size) || (b->zone_gpa & PAGE_OFF_4K) ||
	    (b->zone_size & PAGE_OFF_4K))
		return fail(err, errlen, "zone 0x%llx+0x%llx is not a non-empty page range",
			    (unsigned long long)b->zone_gpa, (unsigned long long)b->zone_size);
	if (b->agent_size != sizeof(struct tetd_acpi_agent))
		return fail(err, errlen, "agent_size %u, expected %zu", b->agent_size,
			    sizeof(struct tetd_acpi_agent));
	if (b->agent_count > TETD_AVOL_MAX_AGENTS)
		return fail(err, errlen, "agent_count %u > %u", b->agent_count,
			    TETD_AVOL_MAX_AGENTS);
	if (b->agents_rejected > TETD_AVOL_MAX_AGENTS - b->agent_count)
		return fail(err, errlen, "%u agents loaded and %u rejected: a volume holds %u",
			    b->agent_count, b->agents_rejected, TETD_AVOL_MAX_AGENTS);
	want = TETDG_TABLE_MIN_LEN + (size_t)b->agent_count * sizeof(struct tetd_acpi_agent);
	if (len != want)
		return fail(err, errlen, "%zu bytes, but %u agents make %zu", len,
			    b->agent_count, want);
	if (b->reserved)
		return fail(err, errlen, "body reserved field 0x%x", b->reserved);
	for (i = 0; i < b->agent_count; i++)
		if (check_agent(table, i, err, errlen))
			return -1;
	return 0;
}
