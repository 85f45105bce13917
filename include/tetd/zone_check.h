/* SPDX-License-Identifier: MIT */
/*
 * include/tetd/zone_check.h - the checks every party that runs agents from
 * a sealed zone makes on what tetdg-early left there (include/tetd/zone.h),
 * and the two zone operations they share. One home for both callers: the
 * host's agent world (tetdh/tetd/world.c) and the guest driver's in-guest
 * call path for TDs without a host (tetdg/tetdg_inguest.c).
 *
 * Header only and freestanding (no libc, no kernel headers), so the Linux
 * module and the host build use the same text. Each check returns NULL when
 * the record is sound, else a short reason for an error message.
 */
#ifndef TETD_ZONE_CHECK_H
#define TETD_ZONE_CHECK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tetd/agent.h>
#include <tetd/zone.h>

/* [gpa, gpa+len) inside the zone, without overflow. */
static inline bool tetd_zone_contains(uint64_t zone_gpa, uint64_t zone_size, uint64_t gpa,
				      uint64_t len)
{
	return len <= zone_size && gpa >= zone_gpa && gpa - zone_gpa <= zone_size - len;
}

/* The header at the zone's start: magic, version, the zone it names and
 * the fixed layout of zone.h. */
static inline const char *tetd_zone_check_header(const struct tetd_zone_header *hdr,
						 uint64_t zone_gpa, uint64_t zone_size)
{
	static const char magic[8] = TETD_ZONE_MAGIC;

	for (unsigned i = 0; i < sizeof(magic); i++)
		if (hdr->magic[i] != (uint8_t)magic[i])
			return "no zone header";
	if (hdr->version != TETD_ZONE_VERSION)
		return "zone header version differs";
	if (hdr->zone_gpa != zone_gpa || hdr->zone_size != zone_size)
		return "header names another zone";
	if (hdr->cr3 != zone_gpa + TETD_ZONE_PT_OFF ||
	    hdr->table_gpa != zone_gpa + TETD_ZONE_TABLE_OFF ||
	    hdr->dispatcher_gpa != zone_gpa + TETD_ZONE_CODE_OFF + TETD_ZONE_ENTER_OFF ||
	    hdr->agent_count > TETD_AVOL_MAX_AGENTS)
		return "header layout differs from include/tetd/zone.h";
	return NULL;
}

/* One agent record of the zone's table: every address it names where the
 * layout says (in the zone, page-aligned), the call buffer outside. */
static inline const char *tetd_zone_check_agent(const struct tetd_zone_agent *a,
						uint64_t zone_gpa, uint64_t zone_size)
{
	bool named = false;

	for (unsigned i = 0; i < sizeof(a->name); i++)
		named |= a->name[i] == 0;
	if (!named)
		return "name not terminated";
	if (!a->image_size || !tetd_zone_contains(zone_gpa, zone_size, a->image_gpa, a->image_size))
		return "image outside the zone";
	if (!tetd_zone_contains(zone_gpa, zone_size, a->env_gpa, 4096) || (a->env_gpa & 4095))
		return "env page outside the zone";
	if (!tetd_zone_contains(zone_gpa, zone_size, a->zone_call_gpa, 4096) ||
	    (a->zone_call_gpa & 4095))
		return "call page outside the zone";
	if (a->stack_top < 4096 ||
	    !tetd_zone_contains(zone_gpa, zone_size, a->stack_top - 4096, 4096) ||
	    (a->stack_top & 15))
		return "stack outside the zone";
	if (tetd_zone_contains(zone_gpa, zone_size, a->call_buf_gpa, 1) || (a->call_buf_gpa & 4095))
		return "call buffer inside the zone or misaligned";
	return NULL;
}

/* The handler an agent registered for fn (its env, written by the agent,
 * is untrusted): 0 unless registered and inside the agent's image. */
static inline uint64_t tetd_zone_find_handler(const struct tetd_zone_agent *a,
					      const struct tetd_agent_env *env, uint32_t fn)
{
	uint32_t n = env->call_count < TETD_AGENT_MAX_CALLS ? env->call_count
							    : TETD_AGENT_MAX_CALLS;
	uint64_t handler = 0;

	for (uint32_t i = 0; i < n && fn; i++)
		if (env->calls[i].fn_id == fn)
			handler = env->calls[i].handler;
	if (handler < a->image_gpa || handler - a->image_gpa >= a->image_size)
		return 0;
	return handler;
}

/* TETD_AGENT_ACCESS's effect: one more read grant in the agent's env. The
 * caller has checked the range (RAM, outside the zone) and holds the lock
 * that keeps the agent from running. 0, or -1 when all TETD_AGENT_MAX_GPA
 * slots are used. */
static inline int tetd_zone_grant_read(struct tetd_agent_env *env, uint64_t gpa, uint64_t len)
{
	uint32_t n = env->gpa_count < TETD_AGENT_MAX_GPA ? env->gpa_count : TETD_AGENT_MAX_GPA;

	if (n >= TETD_AGENT_MAX_GPA)
		return -1;
	env->gpa[n] = (struct tetd_gpa_range){ .base = gpa, .len = len, .flags = TETD_GPA_READ };
	env->gpa_count = n + 1;
	return 0;
}
#endif
