/* SPDX-License-Identifier: MIT */
/*
 * agents/kintegrity/kintegrity.c - kernel integrity baseline. At init,
 * before the kernel has run, it hashes the loaded kernel image (the GPA
 * range env->boot names, read through a granted range) and keeps the
 * SHA-384 in the zone, where the kernel cannot change it.
 *   fn 1: the baseline digest (48 bytes)
 *   fn 2: hash the same range again and answer "intact" or "modified"
 * Re-hashing the *running* kernel's text instead of the boot image needs
 * the kernel's own layout and comes later (docs/agents.md). Exclusive mode
 * only: the TD is paused, so the bytes cannot change mid-hash.
 */
#include "agent.h"

#define KI_FN_BASELINE 1
#define KI_FN_CHECK    2

TETD_AGENT("kintegrity", 2, TETD_AGENT_VERSION(1, 0, 0), TETD_MODE_EXCLUSIVE, 0x4000, 0,
	   TETD_CAP_INTROSPECT);

static uint64_t kernel_gpa, kernel_size;
static uint8_t baseline[SHA384_DIGEST_SIZE];
static uint8_t chunk[4096];

static int hash_kernel(uint8_t out[SHA384_DIGEST_SIZE])
{
	struct sha512_ctx c;
	sha384_init(&c);
	for (uint64_t off = 0; off < kernel_size;) {
		size_t n = kernel_size - off < sizeof(chunk) ? (size_t)(kernel_size - off) : sizeof(chunk);
		int r = agent_read_gpa(kernel_gpa + off, chunk, n);
		if (r != TETD_OK)
			return r;
		sha384_update(&c, chunk, n);
		off += n;
	}
	sha384_final(&c, out);
	return TETD_OK;
}

static int report_baseline(struct tetd_call *c)
{
	if (agent_call_check(c) != TETD_OK)
		return TETD_E_INVAL;
	return agent_call_reply(c, baseline, sizeof(baseline));
}

static int check_kernel(struct tetd_call *c)
{
	static const char intact[] = "intact", modified[] = "modified";
	uint8_t now[SHA384_DIGEST_SIZE];
	if (agent_call_check(c) != TETD_OK)
		return TETD_E_INVAL;
	int r = hash_kernel(now);
	if (r != TETD_OK)
		return r;
	if (ct_memcmp(now, baseline, sizeof(now)) == 0)
		return agent_call_reply(c, intact, sizeof(intact) - 1);
	return agent_call_reply(c, modified, sizeof(modified) - 1);
}

static const struct agent_fn ki_fns[] = {
	{ KI_FN_BASELINE, report_baseline },
	{ KI_FN_CHECK, check_kernel },
};

int agent_init(struct tetd_agent_env *env)
{
	kernel_gpa = env->boot.kernel_gpa;
	kernel_size = env->boot.kernel_size;
	if (kernel_size == 0) {
		agent_log("kintegrity: no kernel image to measure");
		return TETD_E_STATE;
	}
	int r = hash_kernel(baseline);
	if (r != TETD_OK) {
		agent_printf("kintegrity: kernel [0x%lx, +0x%lx) is not granted for reading",
			     (unsigned long)kernel_gpa, (unsigned long)kernel_size);
		return r;
	}
	r = agent_register_fns(ki_fns, sizeof(ki_fns) / sizeof(ki_fns[0]));
	if (r != TETD_OK)
		return r;
	agent_printf("kintegrity: baseline sha384 %02x%02x%02x%02x%02x%02x%02x%02x... of kernel "
		     "[0x%lx, +0x%lx)",
		     baseline[0], baseline[1], baseline[2], baseline[3], baseline[4], baseline[5],
		     baseline[6], baseline[7], (unsigned long)kernel_gpa, (unsigned long)kernel_size);
	return TETD_OK;
}
