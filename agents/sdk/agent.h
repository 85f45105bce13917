/* SPDX-License-Identifier: MIT */
/*
 * agents/sdk/agent.h - the API for agent authors (docs/agents.md).
 *
 * An agent is one freestanding, position-independent ELF: it declares
 * itself with TETD_AGENT(...), implements agent_init(), and registers call
 * handlers from there. The SDK supplies the entry point (crt0.c), a log,
 * a bounded heap in the zone, guarded reads of TD memory, and - from fw/,
 * compiled again with the agent flags - memory/string functions
 * (fwstring.h), SHA-2 (sha2.h), HMAC (hmac.h) and formatting (fmt.h);
 * its own Ed25519 signatures are in ed25519.h (include it where needed).
 * No interrupts, no syscalls, no libc, no floating point.
 */
#ifndef AGENT_SDK_AGENT_H
#define AGENT_SDK_AGENT_H
#include <stddef.h>
#include <stdint.h>
#include <tetd/agent.h>
#include "fwstring.h"
#include "hmac.h"
#include "sha2.h"

/*
 * Declare the agent: name (string literal, [a-z0-9_-], <= 31 chars), id
 * (non-zero u32), version (TETD_AGENT_VERSION(maj, min, patch)), modes
 * (TETD_MODE_* bits), stack and heap bytes (4 KiB multiples), caps
 * (TETD_CAP_* bits). Emits the ELF note the loader reads (section
 * .tetd.agent, a PT_NOTE through agents/sdk/agent.ld). Use once, at file
 * scope.
 */
#define TETD_AGENT(name_, id_, version_, modes_, stack_, heap_, caps_)                          \
	_Static_assert(sizeof(name_) <= TETD_AGENT_NAME_LEN, "agent name: at most 31 chars");  \
	__attribute__((used, section(".tetd.agent"), aligned(4)))                              \
	static const struct tetd_agent_note tetd_agent_note_ = {                               \
		.namesz = sizeof(TETD_NOTE_NAME),                                              \
		.descsz = sizeof(struct tetd_agent_desc),                                      \
		.type = TETD_NOTE_AGENT_DESC,                                                  \
		.name = TETD_NOTE_NAME,                                                        \
		.desc = {                                                                      \
			.magic = TETD_AGENT_DESC_MAGIC,                                        \
			.abi_version = TETD_AGENT_ABI_VERSION,                                 \
			.desc_size = sizeof(struct tetd_agent_desc),                           \
			.id = (id_),                                                           \
			.name = name_,                                                         \
			.version = (version_),                                                 \
			.modes = (modes_),                                                     \
			.caps = (caps_),                                                       \
			.stack_size = (stack_),                                                \
			.heap_size = (heap_),                                                  \
		},                                                                             \
	}

/*
 * Implemented by the agent. Runs once, before the kernel, in ring 0 on
 * the agent's zone stack. Returns TETD_OK, or a TETD_E_* value: the
 * firmware then disables the agent (its calls fail with TETD_E_STATE).
 */
int agent_init(struct tetd_agent_env *env);

/* The environment crt0 stored (never NULL once agent_init runs). */
struct tetd_agent_env *agent_env(void);

/* ---- calls ---- */

/*
 * A handler reads c->in[0..c->in_len), writes at most c->out_len bytes of
 * c->out (agent_call_reply does it with the checks), sets c->out_len to
 * what it produced and returns TETD_OK or TETD_E_*.
 */
typedef int (*tetd_call_handler_t)(struct tetd_call *c);

/* Register handler for fn_id (non-zero, once each; at most
 * TETD_AGENT_MAX_CALLS). Returns TETD_OK, TETD_E_INVAL or TETD_E_NOSPC. */
int tetdg_agent_call_register(uint32_t fn_id, tetd_call_handler_t handler);

/* Register a table of handlers, in order; stops at the first failure. */
struct agent_fn {
	uint32_t fn_id;
	tetd_call_handler_t handler;
};
int agent_register_fns(const struct agent_fn *fns, size_t n);

/* Copy len bytes into c->out: TETD_OK, or TETD_E_NOSPC (out_len set to 0)
 * when they exceed the caller's capacity. */
int agent_call_reply(struct tetd_call *c, const void *data, size_t len);

/* TETD_OK when the lengths in c are within the call buffer, else
 * TETD_E_INVAL (dispatchers check too; handlers should not trust that). */
int agent_call_check(const struct tetd_call *c);

/* ---- log ---- */

#define AGENT_LOG_LINE_MAX 160 /* longer lines are truncated */

/* Append one line (a '\n' is added) to the agent's log ring; the firmware
 * prints it after agent_init, prefixed with the agent's name. */
void agent_log(const char *line);
void agent_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- heap: the env's heap range, first fit, 16-byte aligned ---- */

void *agent_alloc(size_t n);  /* NULL when n is 0 or does not fit */
void *agent_zalloc(size_t n); /* zeroed */
int agent_free(void *p);      /* 0; -1 for a pointer it never returned or freed twice */

/* The allocator itself, on any arena (the host tests use this). */
struct agent_heap {
	uint8_t *base;
	size_t size;
};
void agent_heap_init(struct agent_heap *h, void *base, size_t size);
void *agent_heap_alloc(struct agent_heap *h, size_t n);
int agent_heap_free(struct agent_heap *h, void *p);
/* Free bytes (payload) and the largest allocation that would succeed now;
 * -1 if the arena is corrupt. */
int agent_heap_stats(const struct agent_heap *h, size_t *free_bytes, size_t *largest);

/* ---- TD memory ---- */

/*
 * Copy len bytes of TD guest-physical memory at gpa into buf. Only inside
 * one range the firmware or host granted (env->gpa[], TETD_GPA_READ);
 * otherwise nothing is read and TETD_E_ACCESS is returned.
 */
int agent_read_gpa(uint64_t gpa, void *buf, size_t len);

/* The check alone: TETD_OK when [gpa, gpa+len) lies in one granted range
 * whose flags include all of `need`. */
int agent_gpa_allowed(const struct tetd_agent_env *env, uint64_t gpa, uint64_t len, uint32_t need);

/* ---- SDK internals shared with crt0 ---- */

/* Validate env and set up the SDK (heap, log, calls); TETD_OK or TETD_E_INVAL. */
int agent_sdk_setup(struct tetd_agent_env *env);

/* The ELF entry point (agents/sdk/agent.ld ENTRY): what the firmware calls. */
int agent_entry(struct tetd_agent_env *env);
#endif
