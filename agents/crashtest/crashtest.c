/* SPDX-License-Identifier: MIT */
/*
 * agents/crashtest/crashtest.c - a test-only agent (not in
 * image/agents.conf) whose functions misbehave on purpose, for the fault
 * containment tests (tests/integration/75-agent-faults-tetdh.t): each one
 * must disable only this agent and leave the TD and the other agents
 * running.
 *   fn 1  divide by zero            (#DE)
 *   fn 2  read an unmapped address  (#PF: the zone header page, never
 *                                    mapped in the agent world)
 *   fn 3  loop forever               (the host's time budget)
 *   fn 4  write to TD memory         (#PF: TD RAM is read-only for agents)
 *   fn 5  return its input          (to show it worked before it broke)
 *   fn 6  watch: input {u64 gpa, u64 spins}: read the u64 at TD GPA gpa,
 *         spin, read it again, return both - the exclusive-mode test has
 *         another vCPU count there (a test agent: it reads TD memory
 *         directly, without a grant, which the agent world maps read-only)
 * tools/agentimg renames copies of it so one image carries several.
 */
#include "agent.h"

TETD_AGENT("crashtest", 0x7e57, TETD_AGENT_VERSION(1, 0, 0),
	   TETD_MODE_EXCLUSIVE | TETD_MODE_COLLABORATIVE, 0x4000, 0x1000, 0);

static int divide(struct tetd_call *c)
{
	volatile int zero = 0;
	return (int)c->in_len / zero;
}

static int unmapped(struct tetd_call *c)
{
	(void)c;
	return *(volatile int *)(uintptr_t)0xC00000;     /* TETD_ZONE_GPA: the header */
}

static int forever(struct tetd_call *c)
{
	volatile int run = 1;
	while (run)
		__asm__ volatile("pause");
	return (int)c->in_len;
}

static int write_td(struct tetd_call *c)
{
	(void)c;
	*(volatile uint64_t *)(uintptr_t)0x200000 = 0x7e57;   /* TD RAM, read-only */
	return TETD_OK;
}

static int echo(struct tetd_call *c)
{
	return agent_call_reply(c, c->in, c->in_len);
}

static int watch(struct tetd_call *c)
{
	uint64_t arg[2], v[2];

	if (c->in_len != sizeof(arg))
		return TETD_E_INVAL;
	memcpy(arg, c->in, sizeof(arg));
	if ((arg[0] & 7) || arg[1] > (1ull << 32))
		return TETD_E_INVAL;
	volatile const uint64_t *p = (volatile const uint64_t *)(uintptr_t)arg[0];
	v[0] = *p;
	for (volatile uint64_t i = 0; i < arg[1]; i++)
		;
	v[1] = *p;
	return agent_call_reply(c, v, sizeof(v));
}

static const struct agent_fn fns[] = {
	{ 1, divide }, { 2, unmapped }, { 3, forever }, { 4, write_td }, { 5, echo }, { 6, watch },
};

int agent_init(struct tetd_agent_env *env)
{
	(void)env;
	int r = agent_register_fns(fns, sizeof(fns) / sizeof(fns[0]));
	if (r == TETD_OK)
		agent_log("crashtest: armed (fn 1 #DE, 2 #PF read, 3 loop, 4 #PF write, 5 echo, "
			  "6 watch)");
	return r;
}
