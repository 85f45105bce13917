/* SPDX-License-Identifier: MIT */
/*
 * agents/admin/admin.c - the administrative agent (TETD_CAP_ADMIN): the
 * only one the host lets disable other agents (TETD_AGENT_DISABLE from the
 * agent world). It reads the zone's agent table, which the agent world
 * maps read-only and the host keeps current (a disabled agent's state).
 *   fn 1  list: one text line per agent, "index name version state\n"
 *   fn 2  disable: input u32 index; output the host's u64 status
 *   fn 3  query: input u32 index; output u32 state (TETD_ZONE_AGENT_*)
 */
#include <tetd/layout.h>
#include <tetd/tdcall.h>
#include <tetd/tetdcall.h>
#include <tetd/zone.h>

#include "agent.h"
#include "fmt.h"

TETD_AGENT("admin", 4, TETD_AGENT_VERSION(1, 0, 0),
	   TETD_MODE_EXCLUSIVE | TETD_MODE_COLLABORATIVE, 0x4000, 0x1000, TETD_CAP_ADMIN);

static const struct tetd_zone_agent *table(void)
{
	return (const struct tetd_zone_agent *)(uintptr_t)(TETD_ZONE_GPA + TETD_ZONE_TABLE_OFF);
}

static int count(void)
{
	int n = 0;
	while (n < (int)TETD_AVOL_MAX_AGENTS && table()[n].name[0])
		n++;
	return n;
}

static const char *state_name(uint32_t s)
{
	switch (s) {
	case TETD_ZONE_AGENT_READY: return "ready";
	case TETD_ZONE_AGENT_FAILED: return "failed";
	case TETD_ZONE_AGENT_DISABLED: return "disabled";
	default: return "unknown";
	}
}

static int list(struct tetd_call *c)
{
	static char buf[TETD_CALL_MAX_OUT];
	size_t len = 0;
	for (int i = 0; i < count(); i++) {
		const struct tetd_zone_agent *a = &table()[i];
		int n = fmt_snprintf(buf + len, sizeof(buf) - len, "%d %s %u.%u.%u %s\n", i, a->name,
				     TETD_AGENT_VERSION_MAJOR(a->version),
				     TETD_AGENT_VERSION_MINOR(a->version),
				     TETD_AGENT_VERSION_PATCH(a->version), state_name(a->state));
		if (n < 0 || (size_t)n >= sizeof(buf) - len)
			return TETD_E_NOSPC;
		len += (size_t)n;
	}
	return agent_call_reply(c, buf, len);
}

static int index_in(const struct tetd_call *c, uint32_t *idx)
{
	if (agent_call_check(c) != TETD_OK || c->in_len != sizeof(*idx))
		return TETD_E_INVAL;
	memcpy(idx, c->in, sizeof(*idx));
	return *idx < (uint32_t)count() ? TETD_OK : TETD_E_INVAL;
}

static int disable(struct tetd_call *c)
{
	uint32_t idx;
	int r = index_in(c, &idx);
	if (r != TETD_OK)
		return r;
	struct tetd_tdcall_regs regs = { .rax = TETD_AGENT_DISABLE, .rcx = idx };
	uint64_t st = tetd_tdcall(&regs);
	r = agent_call_reply(c, &st, sizeof(st));
	return r != TETD_OK ? r : st == 0 ? TETD_OK : TETD_E_STATE;
}

static int query(struct tetd_call *c)
{
	uint32_t idx;
	int r = index_in(c, &idx);
	if (r != TETD_OK)
		return r;
	uint32_t st = table()[idx].state;
	return agent_call_reply(c, &st, sizeof(st));
}

static const struct agent_fn fns[] = { { 1, list }, { 2, disable }, { 3, query } };

int agent_init(struct tetd_agent_env *env)
{
	(void)env;
	int r = agent_register_fns(fns, sizeof(fns) / sizeof(fns[0]));
	if (r == TETD_OK)
		agent_log("admin: ready (fn 1 list, 2 disable, 3 query)");
	return r;
}
