/* SPDX-License-Identifier: MIT */
/*
 * agents/echo/echo.c - the smallest useful agent: fn 1 returns its input.
 * It exercises the whole call path (driver, host, dispatcher, handler)
 * without any logic of its own.
 */
#include "agent.h"

#define ECHO_FN_ECHO 1

TETD_AGENT("echo", 1, TETD_AGENT_VERSION(1, 0, 0), TETD_MODE_EXCLUSIVE | TETD_MODE_COLLABORATIVE,
	   0x4000, 0x1000, 0);

static int echo(struct tetd_call *c)
{
	if (agent_call_check(c) != TETD_OK)
		return TETD_E_INVAL;
	return agent_call_reply(c, c->in, c->in_len);
}

/* A table of function pointers: the image carries R_X86_64_RELATIVE
 * relocations for it, which the loader must apply (the unit tests check). */
static const struct agent_fn echo_fns[] = {
	{ ECHO_FN_ECHO, echo },
};

int agent_init(struct tetd_agent_env *env)
{
	(void)env;
	int r = agent_register_fns(echo_fns, sizeof(echo_fns) / sizeof(echo_fns[0]));
	if (r != TETD_OK)
		return r;
	agent_log("echo: ready (fn 1 = echo)");
	return TETD_OK;
}
