/* SPDX-License-Identifier: MIT */
/*
 * agents/sdk/crt0.c - the agent entry point. The firmware calls
 * agent_entry(env) (SysV ABI, RDI = env) after loading and relocating the
 * image; it zeroes .bss (the loader does too, but an agent must not depend
 * on who loaded it), hands env to the SDK, runs agent_init and returns its
 * result. Kept in .text.entry so it is the first code of the image.
 */
#include "agent.h"

extern char __bss_start[], __bss_end[]; /* agents/sdk/agent.ld */

__attribute__((section(".text.entry")))
int agent_entry(struct tetd_agent_env *env)
{
	for (char *p = __bss_start; p < __bss_end; p++)
		*(volatile char *)p = 0; /* volatile: no memset call before the SDK is set up */
	int r = agent_sdk_setup(env);
	if (r != TETD_OK)
		return r;
	return agent_init(env);
}
