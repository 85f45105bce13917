/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_zone_check.c - the zone-layout checks and the handler
 * lookup that tetdh's agent world and the tetdg driver's in-guest call path
 * both run on what tetdg-early left in the zone (include/tetd/
 * zone_check.h). The input is a zone header, one agent record and the
 * agent's env (the part an agent writes itself), then a u32 function id.
 * Whatever the checks accept must keep what both callers rely on: every
 * page they touch inside the zone, the call buffer outside it, the stack
 * aligned, and a handler - if one is returned - inside the agent's image.
 * The grant helper must never write past the env's eight slots.
 */
#include <stdint.h>
#include <string.h>
#include <tetd/zone_check.h>

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static const uint64_t ZGPA = 0xC00000, ZSIZE = 0x400000;

static void run(struct tetd_zone_header h, struct tetd_zone_agent a, const struct tetd_agent_env *env,
		uint32_t fn);

/* Pull every address near the zone (the checks' edges) so mutations
 * reach the accepting paths, not only the first refusal. */
static uint64_t near_zone(uint64_t v)
{
	return ZGPA - 0x2000 + v % (ZSIZE + 0x4000);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tetd_zone_header h;
	struct tetd_zone_agent a;
	static struct tetd_agent_env env;
	uint32_t fn;
	const size_t need = sizeof(h) + sizeof(a) + sizeof(env) + sizeof(fn);

	if (size < need)
		return 0;
	memcpy(&h, data, sizeof(h));
	memcpy(&a, data + sizeof(h), sizeof(a));
	memcpy(&env, data + sizeof(h) + sizeof(a), sizeof(env));
	memcpy(&fn, data + sizeof(h) + sizeof(a) + sizeof(env), sizeof(fn));
	run(h, a, &env, fn);

	memcpy(h.magic, TETD_ZONE_MAGIC, 8);
	h.version = TETD_ZONE_VERSION;
	h.zone_gpa = ZGPA;
	h.zone_size = ZSIZE;
	a.image_gpa = near_zone(a.image_gpa);
	a.image_size %= 0x10000;
	a.env_gpa = near_zone(a.env_gpa) & ~0xfffull;
	a.zone_call_gpa = near_zone(a.zone_call_gpa) & ~0xfffull;
	a.stack_top = near_zone(a.stack_top) & ~0xfull;
	if (a.call_buf_gpa & 1)
		a.call_buf_gpa = near_zone(a.call_buf_gpa) & ~0xfffull;
	a.name[sizeof(a.name) - 1] = 0;
	for (uint32_t i = 0; i < TETD_AGENT_MAX_CALLS; i++)
		env.calls[i].handler = near_zone(env.calls[i].handler);
	run(h, a, &env, fn);
	return 0;
}

static void run(struct tetd_zone_header h, struct tetd_zone_agent a, const struct tetd_agent_env *env_in,
		uint32_t fn)
{
	struct {
		struct tetd_agent_env env;
		uint8_t guard[64];
	} e;

	e.env = *env_in;
	memset(e.guard, 0xA5, sizeof(e.guard));

	const char *bad = tetd_zone_check_header(&h, ZGPA, ZSIZE);
	if (!bad) {
		CHECK(h.zone_gpa == ZGPA && h.zone_size == ZSIZE);
		CHECK(h.agent_count <= TETD_AVOL_MAX_AGENTS);
		CHECK(tetd_zone_contains(ZGPA, ZSIZE, h.dispatcher_gpa, 1));
		CHECK(tetd_zone_contains(ZGPA, ZSIZE, h.cr3, 4096));
		CHECK(tetd_zone_contains(ZGPA, ZSIZE, h.table_gpa, 4096));
	} else {
		CHECK(bad[0]);
	}
	bad = tetd_zone_check_agent(&a, ZGPA, ZSIZE);
	if (bad) {
		CHECK(bad[0]);
		return;
	}
	CHECK(memchr(a.name, 0, sizeof(a.name)) != NULL);
	CHECK(tetd_zone_contains(ZGPA, ZSIZE, a.image_gpa, a.image_size) && a.image_size);
	CHECK(tetd_zone_contains(ZGPA, ZSIZE, a.env_gpa, 4096) && !(a.env_gpa & 4095));
	CHECK(tetd_zone_contains(ZGPA, ZSIZE, a.zone_call_gpa, 4096));
	CHECK(tetd_zone_contains(ZGPA, ZSIZE, a.stack_top - 4096, 4096) && !(a.stack_top & 15));
	CHECK(!tetd_zone_contains(ZGPA, ZSIZE, a.call_buf_gpa, 1));

	uint64_t hd = tetd_zone_find_handler(&a, &e.env, fn);
	if (hd)
		CHECK(hd >= a.image_gpa && hd - a.image_gpa < a.image_size && fn != 0);

	uint32_t before = e.env.gpa_count;
	int r = tetd_zone_grant_read(&e.env, 0x100000, 4096);
	CHECK(r == 0 ? e.env.gpa_count <= TETD_AGENT_MAX_GPA : e.env.gpa_count == before);
	for (size_t i = 0; i < sizeof(e.guard); i++)
		CHECK(e.guard[i] == 0xA5);
}
