/* SPDX-License-Identifier: MIT */
/*
 * agents/sdk/runtime.c - the SDK state of one agent (its env and heap) and
 * the calls that use it: log, heap, call registration and replies, guarded
 * TD memory reads. The env lives in zone memory the agent can write, so
 * every count in it is clamped before use.
 */
#include "agent.h"
#include "fmt.h"

static struct tetd_agent_env *the_env;
static struct agent_heap the_heap;

int agent_sdk_setup(struct tetd_agent_env *env)
{
	if (!env || env->magic != TETD_AGENT_ENV_MAGIC || env->abi_version != TETD_AGENT_ABI_VERSION ||
	    env->size != sizeof(*env))
		return TETD_E_INVAL;
	the_env = env;
	agent_heap_init(&the_heap, (void *)(uintptr_t)env->heap_base, env->heap_size);
	return TETD_OK;
}

struct tetd_agent_env *agent_env(void)
{
	return the_env;
}

/* ---- log ---- */

void agent_log(const char *line)
{
	char buf[AGENT_LOG_LINE_MAX];
	size_t n = 0;
	if (!the_env)
		return;
	while (line[n] && n < sizeof(buf) - 1)
		n++;
	memcpy(buf, line, n);
	if (n == 0 || buf[n - 1] != '\n')
		buf[n++] = '\n';
	tetd_log_ring_put(&the_env->log, (uint8_t *)(uintptr_t)the_env->log.base, buf, n);
}

void agent_printf(const char *fmt, ...)
{
	char buf[AGENT_LOG_LINE_MAX];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	agent_log(buf);
}

/* ---- heap ---- */

void *agent_alloc(size_t n)
{
	return agent_heap_alloc(&the_heap, n);
}

void *agent_zalloc(size_t n)
{
	void *p = agent_heap_alloc(&the_heap, n);
	if (p)
		memset(p, 0, n);
	return p;
}

int agent_free(void *p)
{
	return agent_heap_free(&the_heap, p);
}

/* ---- calls ---- */

int tetdg_agent_call_register(uint32_t fn_id, tetd_call_handler_t handler)
{
	struct tetd_agent_env *e = the_env;
	if (!e || fn_id == 0 || !handler)
		return TETD_E_INVAL;
	uint32_t n = e->call_count < TETD_AGENT_MAX_CALLS ? e->call_count : TETD_AGENT_MAX_CALLS;
	for (uint32_t i = 0; i < n; i++)
		if (e->calls[i].fn_id == fn_id)
			return TETD_E_INVAL;
	if (n == TETD_AGENT_MAX_CALLS)
		return TETD_E_NOSPC;
	e->calls[n].fn_id = fn_id;
	e->calls[n].reserved = 0;
	e->calls[n].handler = (uint64_t)(uintptr_t)handler;
	e->call_count = n + 1;
	return TETD_OK;
}

int agent_register_fns(const struct agent_fn *fns, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int r = tetdg_agent_call_register(fns[i].fn_id, fns[i].handler);
		if (r != TETD_OK)
			return r;
	}
	return TETD_OK;
}

int agent_call_check(const struct tetd_call *c)
{
	return c->in_len <= TETD_CALL_MAX_IN && c->out_len <= TETD_CALL_MAX_OUT ? TETD_OK
										 : TETD_E_INVAL;
}

int agent_call_reply(struct tetd_call *c, const void *data, size_t len)
{
	if (len > c->out_len || len > TETD_CALL_MAX_OUT) {
		c->out_len = 0;
		return TETD_E_NOSPC;
	}
	memcpy(c->out, data, len);
	c->out_len = (uint32_t)len;
	return TETD_OK;
}

/* ---- TD memory ---- */

int agent_gpa_allowed(const struct tetd_agent_env *env, uint64_t gpa, uint64_t len, uint32_t need)
{
	uint32_t n = env->gpa_count < TETD_AGENT_MAX_GPA ? env->gpa_count : TETD_AGENT_MAX_GPA;
	for (uint32_t i = 0; i < n; i++) {
		const struct tetd_gpa_range *r = &env->gpa[i];
		if ((r->flags & need) == need && gpa >= r->base && gpa - r->base <= r->len &&
		    len <= r->len - (gpa - r->base))
			return TETD_OK;
	}
	return TETD_E_ACCESS;
}

int agent_read_gpa(uint64_t gpa, void *buf, size_t len)
{
	if (!the_env || agent_gpa_allowed(the_env, gpa, len, TETD_GPA_READ) != TETD_OK)
		return TETD_E_ACCESS;
	memcpy(buf, (const void *)(uintptr_t)(the_env->gpa_map_base + gpa), len);
	return TETD_OK;
}
