/* SPDX-License-Identifier: MIT */
/*
 * agents/echo/echo.c - the smallest useful agent: fn 1 returns its input.
 * It exercises the whole call path (driver, host, dispatcher, handler)
 * without any logic of its own. fn 2 spins for the number of iterations
 * given as a little-endian u64 (capped at 2^32) and returns it: a call of
 * known length, for latency and for the exclusive/collaborative tests.
 */
#include "agent.h"

#define ECHO_FN_ECHO 1
#define ECHO_FN_SPIN 2

TETD_AGENT("echo", 1, TETD_AGENT_VERSION(1, 0, 0), TETD_MODE_EXCLUSIVE | TETD_MODE_COLLABORATIVE,
	   0x4000, 0x1000, 0);

static int echo(struct tetd_call *c)
{
	if (agent_call_check(c) != TETD_OK)
		return TETD_E_INVAL;
	return agent_call_reply(c, c->in, c->in_len);
}

static int spin(struct tetd_call *c)
{
	uint64_t n = 0;

	if (agent_call_check(c) != TETD_OK || c->in_len != sizeof(n))
		return TETD_E_INVAL;
	memcpy(&n, c->in, sizeof(n));
	if (n > (1ull << 32))
		n = 1ull << 32;
	for (volatile uint64_t i = 0; i < n; i++)
		;
	return agent_call_reply(c, &n, sizeof(n));
}

/* A table of function pointers: the image carries R_X86_64_RELATIVE
 * relocations for it, which the loader must apply (the unit tests check). */
static const struct agent_fn echo_fns[] = {
	{ ECHO_FN_ECHO, echo },
	{ ECHO_FN_SPIN, spin },
};

int agent_init(struct tetd_agent_env *env)
{
	(void)env;
	int r = agent_register_fns(echo_fns, sizeof(echo_fns) / sizeof(echo_fns[0]));
	if (r != TETD_OK)
		return r;
	agent_log("echo: ready (fn 1 = echo, fn 2 = spin)");
	return TETD_OK;
}
