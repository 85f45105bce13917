/* SPDX-License-Identifier: MIT */
/*
 * agents/kintegrity/kintegrity.c - kernel integrity. Two baselines, both
 * kept in the zone where the kernel cannot change them:
 *
 *  - the boot image: at init, before the kernel has run, the SHA-384 of the
 *    loaded bzImage (the GPA range env->boot names, granted by the
 *    firmware). It is what the firmware measured; the kernel overwrites
 *    that memory when it decompresses itself, so it is a record, not
 *    something to re-check later.
 *  - the running kernel's text: once, early (the guest's init, right after
 *    the driver loads), the kernel grants its code range (TETD_AGENT_ACCESS,
 *    `tetd-call grant kintegrity --kernel-text`) and asks for a baseline
 *    (fn 3); from then on fn 2 re-hashes it and fn 4 re-hashes it a slice
 *    at a time, for periodic checks with a bounded cost per call. The text
 *    baseline can be taken once only, so a kernel that was patched later
 *    cannot re-baseline itself into "intact".
 *
 *   fn 1: the boot image's digest (48 bytes)
 *   fn 2: check: "intact", or "modified at 0x<gpa>" (the first 64 KiB chunk
 *         that differs); before a text baseline, "no text baseline"
 *   fn 3: text baseline: in = u64 gpa, u64 len (a granted range); out =
 *         SHA-384 over the list of its 64 KiB chunks' SHA-384s (48 bytes:
 *         one pass over the text, which matters where agents run slowly).
 *         TETD_E_STATE if already taken.
 *   fn 4: scan step: in = optional u32 chunk count (default 1); checks the
 *         next chunks round-robin; out as fn 2 (intact = these chunks)
 * Exclusive mode only: the TD is paused, so the bytes cannot change
 * mid-hash.
 */
#include "agent.h"
#include "fmt.h"

#define KI_FN_BOOT      1
#define KI_FN_CHECK     2
#define KI_FN_BASELINE  3
#define KI_FN_STEP      4

#define KI_CHUNK        0x10000u           /* 64 KiB per chunk digest */
#define KI_MAX_CHUNKS   512u               /* text up to 32 MiB */

TETD_AGENT("kintegrity", 2, TETD_AGENT_VERSION(1, 1, 0), TETD_MODE_EXCLUSIVE, 0x4000, 0,
	   TETD_CAP_INTROSPECT);

static uint64_t kernel_gpa, kernel_size;
static uint8_t boot_digest[SHA384_DIGEST_SIZE];
static uint8_t chunk[4096];

static uint64_t text_gpa, text_len;       /* text_len == 0: no text baseline */
static uint32_t text_chunks, next_chunk;
static uint8_t chunk_digest[KI_MAX_CHUNKS][SHA384_DIGEST_SIZE];

/* SHA-384 of [gpa, gpa+len) of TD memory, read through the grants. */
static int hash_range(uint64_t gpa, uint64_t len, uint8_t out[SHA384_DIGEST_SIZE])
{
	struct sha512_ctx c;
	sha384_init(&c);
	for (uint64_t off = 0; off < len;) {
		size_t n = len - off < sizeof(chunk) ? (size_t)(len - off) : sizeof(chunk);
		int r = agent_read_gpa(gpa + off, chunk, n);
		if (r != TETD_OK)
			return r;
		sha384_update(&c, chunk, n);
		off += n;
	}
	sha384_final(&c, out);
	return TETD_OK;
}

static uint64_t chunk_len(uint32_t i)
{
	uint64_t off = (uint64_t)i * KI_CHUNK;
	return text_len - off < KI_CHUNK ? text_len - off : KI_CHUNK;
}

/* Check chunk i against its baseline: 1 intact, 0 modified, < 0 error. */
static int check_chunk(uint32_t i)
{
	uint8_t now[SHA384_DIGEST_SIZE];
	int r = hash_range(text_gpa + (uint64_t)i * KI_CHUNK, chunk_len(i), now);
	if (r != TETD_OK)
		return r;
	return ct_memcmp(now, chunk_digest[i], sizeof(now)) == 0;
}

static int reply_verdict(struct tetd_call *c, int64_t bad_chunk)
{
	char msg[48];
	int n;
	if (bad_chunk < 0)
		n = fmt_snprintf(msg, sizeof(msg), "intact");
	else
		n = fmt_snprintf(msg, sizeof(msg), "modified at 0x%lx",
				 (unsigned long)(text_gpa + (uint64_t)bad_chunk * KI_CHUNK));
	return agent_call_reply(c, msg, (size_t)n);
}

static int report_boot(struct tetd_call *c)
{
	if (agent_call_check(c) != TETD_OK)
		return TETD_E_INVAL;
	return agent_call_reply(c, boot_digest, sizeof(boot_digest));
}

static int check_text(struct tetd_call *c)
{
	static const char none[] = "no text baseline";
	if (agent_call_check(c) != TETD_OK)
		return TETD_E_INVAL;
	if (!text_len)
		return agent_call_reply(c, none, sizeof(none) - 1);
	for (uint32_t i = 0; i < text_chunks; i++) {
		int r = check_chunk(i);
		if (r < 0)
			return r;
		if (!r)
			return reply_verdict(c, i);
	}
	return reply_verdict(c, -1);
}

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int take_baseline(struct tetd_call *c)
{
	uint8_t digest[SHA384_DIGEST_SIZE];
	struct sha512_ctx total;
	if (agent_call_check(c) != TETD_OK || c->in_len != 16)
		return TETD_E_INVAL;
	if (text_len)
		return TETD_E_STATE;
	uint64_t gpa = get_u64(c->in), len = get_u64(c->in + 8);
	if (!len || len > (uint64_t)KI_MAX_CHUNKS * KI_CHUNK)
		return TETD_E_INVAL;
	if (agent_gpa_allowed(agent_env(), gpa, len, TETD_GPA_READ) != TETD_OK)
		return TETD_E_ACCESS;
	text_gpa = gpa;
	text_len = len;
	text_chunks = (uint32_t)((len + KI_CHUNK - 1) / KI_CHUNK);
	sha384_init(&total);
	for (uint32_t i = 0; i < text_chunks; i++) {
		int r = hash_range(gpa + (uint64_t)i * KI_CHUNK, chunk_len(i), chunk_digest[i]);
		if (r != TETD_OK) {
			text_len = 0;
			return r;
		}
		sha384_update(&total, chunk_digest[i], sizeof(chunk_digest[i]));
	}
	sha384_final(&total, digest);
	agent_printf("kintegrity: text baseline [0x%lx, +0x%lx), %u chunks", (unsigned long)gpa,
		     (unsigned long)len, text_chunks);
	return agent_call_reply(c, digest, sizeof(digest));
}

static int scan_step(struct tetd_call *c)
{
	static const char none[] = "no text baseline";
	uint32_t n = 1;
	if (agent_call_check(c) != TETD_OK || (c->in_len != 0 && c->in_len != 4))
		return TETD_E_INVAL;
	if (c->in_len == 4)
		n = (uint32_t)c->in[0] | (uint32_t)c->in[1] << 8 | (uint32_t)c->in[2] << 16 |
		    (uint32_t)c->in[3] << 24;
	if (!text_len)
		return agent_call_reply(c, none, sizeof(none) - 1);
	if (n == 0 || n > text_chunks)
		n = text_chunks;
	for (uint32_t k = 0; k < n; k++) {
		uint32_t i = next_chunk;
		next_chunk = (next_chunk + 1) % text_chunks;
		int r = check_chunk(i);
		if (r < 0)
			return r;
		if (!r)
			return reply_verdict(c, i);
	}
	return reply_verdict(c, -1);
}

static const struct agent_fn ki_fns[] = {
	{ KI_FN_BOOT, report_boot },
	{ KI_FN_CHECK, check_text },
	{ KI_FN_BASELINE, take_baseline },
	{ KI_FN_STEP, scan_step },
};

int agent_init(struct tetd_agent_env *env)
{
	kernel_gpa = env->boot.kernel_gpa;
	kernel_size = env->boot.kernel_size;
	if (kernel_size == 0) {
		agent_log("kintegrity: no kernel image to measure");
		return TETD_E_STATE;
	}
	int r = hash_range(kernel_gpa, kernel_size, boot_digest);
	if (r != TETD_OK) {
		agent_printf("kintegrity: kernel [0x%lx, +0x%lx) is not granted for reading",
			     (unsigned long)kernel_gpa, (unsigned long)kernel_size);
		return r;
	}
	r = agent_register_fns(ki_fns, sizeof(ki_fns) / sizeof(ki_fns[0]));
	if (r != TETD_OK)
		return r;
	agent_printf("kintegrity: boot image sha384 %02x%02x%02x%02x%02x%02x%02x%02x... of "
		     "[0x%lx, +0x%lx)",
		     boot_digest[0], boot_digest[1], boot_digest[2], boot_digest[3],
		     boot_digest[4], boot_digest[5], boot_digest[6], boot_digest[7],
		     (unsigned long)kernel_gpa, (unsigned long)kernel_size);
	return TETD_OK;
}
