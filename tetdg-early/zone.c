// SPDX-License-Identifier: MIT
/*
 * tetdg-early/zone.c - the zone's header, key and page allocator.
 *
 * The zone starts as ordinary TD memory the firmware can write (a TempMem
 * section: its GPAs, not its contents, are in MRTD). The firmware clears
 * it, so nothing the VMM put there survives, then draws 64 bytes of seed
 * and derives the zone key with HMAC-SHA-384 (the seed is wiped). The key
 * is never measured, never logged and lives only in the header page, which
 * the agent world does not map; agents get per-agent seeds derived from
 * it. Allocation is a bump pointer in whole pages: nothing is ever freed
 * before the kernel runs.
 */
#include <tetd/layout.h>

#include "fwstring.h"
#include "hmac.h"
#include "rng.h"
#include "zone.h"

struct zone the_zone;

void zone_init(struct zone *z, uint64_t gpa, uint64_t size)
{
	uint8_t seed[64];
	static const char label[] = "tetd zone key v1";

	memset(z, 0, sizeof(*z));
	z->gpa = gpa;
	z->size = size;
	z->hdr = (struct tetd_zone_header *)(uintptr_t)gpa;
	memset((void *)(uintptr_t)gpa, 0, size);
	z->next = TETD_ZONE_AGENTS_OFF;

	z->seed_source = rng_fill(seed, sizeof(seed));
	struct tetd_zone_header *h = z->hdr;
	memcpy(h->magic, TETD_ZONE_MAGIC, 8);
	h->version = TETD_ZONE_VERSION;
	h->header_size = sizeof(*h);
	h->zone_gpa = gpa;
	h->zone_size = size;
	h->dispatcher_gpa = gpa + TETD_ZONE_CODE_OFF + TETD_ZONE_ENTER_OFF;
	h->cr3 = gpa + TETD_ZONE_PT_OFF;
	h->table_gpa = gpa + TETD_ZONE_TABLE_OFF;
	h->seed_source = z->seed_source;
	hmac_sha384(seed, sizeof(seed), label, sizeof(label) - 1, h->key);
	secure_wipe(seed, sizeof(seed));
}

uint64_t zone_alloc(struct zone *z, uint64_t pages)
{
	if (pages > (z->size - z->next) / 4096)
		return 0;
	uint64_t gpa = z->gpa + z->next;
	z->next += pages * 4096;
	z->hdr->used = z->next;
	return gpa;
}

void zone_agent_seed(const struct zone *z, const char *name, uint8_t out[32])
{
	static const char label[] = "tetd agent seed";
	struct hmac_sha256_ctx c;

	hmac_sha256_init(&c, z->hdr->key, sizeof(z->hdr->key));
	hmac_sha256_update(&c, label, sizeof(label) - 1);
	hmac_sha256_update(&c, name, TETD_AGENT_NAME_LEN);
	hmac_sha256_final(&c, out);
	secure_wipe(&c, sizeof(c));
}
