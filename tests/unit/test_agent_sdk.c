/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_agent_sdk.c - the agent SDK's host-testable parts:
 * fw/hmac.c against RFC 4231 (vectors typed in from the RFC; test case 5
 * compares the 128-bit truncation, as the RFC does) and against OpenSSL on
 * random keys and messages; the heap allocator (agents/sdk/heap.c) against
 * a shadow model; the log ring protocol of include/tetd/agent.h; fw/fmt.c;
 * and agents/sdk/runtime.c (env checks, logging, call registration,
 * replies, guarded TD memory reads).
 */
#include "unit_util.h"
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "agent.h"
#include "fmt.h"
#include "hmac.h"

/* agents/sdk/agent.h declares it; runtime.c does not call it. */
int agent_init(struct tetd_agent_env *env)
{
	(void)env;
	return 0;
}

/* ---- HMAC ---- */

struct rfc4231 {
	uint8_t key[131];
	size_t klen;
	const char *data;
	size_t dlen;
	const char *mac256, *mac384;
	size_t cmp; /* bytes compared: the RFC truncates case 5 to 128 bits */
};

static void fill(uint8_t *p, uint8_t v, size_t n)
{
	memset(p, v, n);
}

static void test_hmac_rfc4231(void **state)
{
	(void)state;
	static const char tc6[] = "Test Using Larger Than Block-Size Key - Hash Key First";
	static const char tc7[] = "This is a test using a larger than block-size key and a larger "
				  "than block-size data. The key needs to be hashed before being "
				  "used by the HMAC algorithm.";
	char dd[50], cd[50];
	struct rfc4231 tc[7];
	memset(tc, 0, sizeof(tc));
	memset(dd, 0xdd, sizeof(dd));
	memset(cd, 0xcd, sizeof(cd));

	fill(tc[0].key, 0x0b, tc[0].klen = 20);
	tc[0].data = "Hi There", tc[0].dlen = 8;
	tc[0].mac256 = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
	tc[0].mac384 = "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
		       "faea9ea9076ede7f4af152e8b2fa9cb6";
	memcpy(tc[1].key, "Jefe", tc[1].klen = 4);
	tc[1].data = "what do ya want for nothing?", tc[1].dlen = 28;
	tc[1].mac256 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
	tc[1].mac384 = "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
		       "8e2240ca5e69e2c78b3239ecfab21649";
	fill(tc[2].key, 0xaa, tc[2].klen = 20);
	tc[2].data = dd, tc[2].dlen = 50;
	tc[2].mac256 = "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe";
	tc[2].mac384 = "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
		       "2a5ab39dc13814b94e3ab6e101a34f27";
	for (int i = 0; i < 25; i++)
		tc[3].key[i] = (uint8_t)(i + 1);
	tc[3].klen = 25;
	tc[3].data = cd, tc[3].dlen = 50;
	tc[3].mac256 = "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b";
	tc[3].mac384 = "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
		       "6801dd23c4a7d679ccf8a386c674cffb";
	fill(tc[4].key, 0x0c, tc[4].klen = 20);
	tc[4].data = "Test With Truncation", tc[4].dlen = 20;
	tc[4].mac256 = "a3b6167473100ee06e0c796c2955552b";
	tc[4].mac384 = "3abf34c3503b2a23a46efc619baef897";
	tc[4].cmp = 16;
	fill(tc[5].key, 0xaa, tc[5].klen = 131);
	tc[5].data = tc6, tc[5].dlen = sizeof(tc6) - 1;
	tc[5].mac256 = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";
	tc[5].mac384 = "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
		       "0c2ef6ab4030fe8296248df163f44952";
	fill(tc[6].key, 0xaa, tc[6].klen = 131);
	tc[6].data = tc7, tc[6].dlen = sizeof(tc7) - 1;
	tc[6].mac256 = "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2";
	tc[6].mac384 = "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
		       "a678cc31e799176d3860e6110c46523e";

	for (int i = 0; i < 7; i++) {
		uint8_t want[48], got[48];
		size_t n256 = tc[i].cmp ? tc[i].cmp : 32, n384 = tc[i].cmp ? tc[i].cmp : 48;
		assert_int_equal(unit_unhex(tc[i].mac256, want, sizeof(want)), n256);
		hmac_sha256(tc[i].key, tc[i].klen, tc[i].data, tc[i].dlen, got);
		if (memcmp(want, got, n256))
			fail_msg("RFC 4231 test case %d: HMAC-SHA-256 differs", i + 1);
		assert_int_equal(unit_unhex(tc[i].mac384, want, sizeof(want)), n384);
		hmac_sha384(tc[i].key, tc[i].klen, tc[i].data, tc[i].dlen, got);
		if (memcmp(want, got, n384))
			fail_msg("RFC 4231 test case %d: HMAC-SHA-384 differs", i + 1);
	}
}

static void test_hmac_vs_openssl(void **state)
{
	(void)state;
	static uint8_t key[300], msg[1200];
	unit_seed("hmac");
	for (int it = 0; it < 400; it++) {
		size_t klen = unit_rand_below(sizeof(key) + 1), mlen = unit_rand_below(sizeof(msg) + 1);
		uint8_t a[48], b[48];
		unsigned blen;
		unit_rand_fill(key, klen);
		unit_rand_fill(msg, mlen);

		/* one shot, and incremental with a random split */
		size_t cut = mlen ? unit_rand_below(mlen + 1) : 0;
		struct hmac_sha256_ctx c2;
		hmac_sha256_init(&c2, key, klen);
		hmac_sha256_update(&c2, msg, cut);
		hmac_sha256_update(&c2, msg + cut, mlen - cut);
		hmac_sha256_final(&c2, a);
		assert_non_null(HMAC(EVP_sha256(), key, (int)klen, msg, mlen, b, &blen));
		assert_int_equal(blen, 32);
		assert_memory_equal(a, b, 32);
		hmac_sha256(key, klen, msg, mlen, a);
		assert_memory_equal(a, b, 32);

		struct hmac_sha384_ctx c3;
		hmac_sha384_init(&c3, key, klen);
		hmac_sha384_update(&c3, msg, cut);
		hmac_sha384_update(&c3, msg + cut, mlen - cut);
		hmac_sha384_final(&c3, a);
		assert_non_null(HMAC(EVP_sha384(), key, (int)klen, msg, mlen, b, &blen));
		assert_int_equal(blen, 48);
		assert_memory_equal(a, b, 48);
		hmac_sha384(key, klen, msg, mlen, a);
		assert_memory_equal(a, b, 48);
	}
	/* a finished context holds no key material */
	struct hmac_sha256_ctx c;
	uint8_t out[32], zero[sizeof(c)];
	hmac_sha256_init(&c, "secret", 6);
	hmac_sha256_final(&c, out);
	memset(zero, 0, sizeof(zero));
	assert_memory_equal(&c, zero, sizeof(c));
	assert_int_equal(ct_memcmp("abc", "abc", 3), 0);
	assert_int_not_equal(ct_memcmp("abc", "abd", 3), 0);
}

/* ---- heap ---- */

static void test_heap_basic(void **state)
{
	(void)state;
	static uint8_t arena[4096 + 16];
	struct agent_heap h;
	size_t fb, big;

	agent_heap_init(&h, arena + 3, 4096); /* unaligned base: aligned up */
	assert_non_null(h.base);
	assert_int_equal((uintptr_t)h.base % 16, 0);
	assert_true(h.base >= arena + 3 && h.base + h.size <= arena + 3 + 4096);
	assert_int_equal(agent_heap_stats(&h, &fb, &big), 0);
	assert_int_equal(big, h.size - 16);

	assert_null(agent_heap_alloc(&h, 0));
	assert_null(agent_heap_alloc(&h, h.size)); /* header does not fit */
	assert_null(agent_heap_alloc(&h, SIZE_MAX));
	void *a = agent_heap_alloc(&h, 1), *b = agent_heap_alloc(&h, 100), *c = agent_heap_alloc(&h, 16);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_int_equal((uintptr_t)a % 16, 0);
	assert_int_equal((uintptr_t)b % 16, 0);
	assert_true((uint8_t *)b >= (uint8_t *)a + 16 && (uint8_t *)c >= (uint8_t *)b + 112);

	assert_int_equal(agent_heap_free(&h, (uint8_t *)b + 16), -1); /* interior pointer */
	assert_int_equal(agent_heap_free(&h, arena), -1);              /* before the arena */
	assert_int_equal(agent_heap_free(&h, arena + sizeof(arena)), -1);
	int local;
	assert_int_equal(agent_heap_free(&h, &local), -1);
	assert_int_equal(agent_heap_free(&h, NULL), 0);
	assert_int_equal(agent_heap_free(&h, b), 0);
	assert_int_equal(agent_heap_free(&h, b), -1); /* double free */
	void *b2 = agent_heap_alloc(&h, 90);          /* first fit reuses b's block */
	assert_ptr_equal(b2, b);
	assert_int_equal(agent_heap_free(&h, a), 0);
	assert_int_equal(agent_heap_free(&h, b2), 0);
	assert_int_equal(agent_heap_free(&h, c), 0);
	assert_int_equal(agent_heap_stats(&h, &fb, &big), 0);
	assert_int_equal(big, h.size - 16); /* everything merges back */
	void *all = agent_heap_alloc(&h, big);
	assert_non_null(all);
	assert_null(agent_heap_alloc(&h, 1));
	assert_int_equal(agent_heap_free(&h, all), 0);

	/* too small an arena, no arena */
	agent_heap_init(&h, arena, 31);
	assert_null(agent_heap_alloc(&h, 1));
	assert_int_equal(agent_heap_free(&h, arena + 16), -1);
	agent_heap_init(&h, NULL, 4096);
	assert_null(agent_heap_alloc(&h, 1));

	/* a corrupt header makes allocation fail, never run past the arena */
	agent_heap_init(&h, arena, 4096);
	void *x = agent_heap_alloc(&h, 32);
	assert_non_null(x);
	memset((uint8_t *)x - 16, 0x41, 16);
	assert_null(agent_heap_alloc(&h, 32));
	assert_int_equal(agent_heap_free(&h, x), -1);
	assert_int_equal(agent_heap_stats(&h, NULL, NULL), -1);
}

static void test_heap_random(void **state)
{
	(void)state;
	enum { ARENA = 64 * 1024, SLOTS = 64 };
	static uint8_t arena[ARENA];
	struct {
		uint8_t *p;
		size_t n;
		uint8_t tag;
	} s[SLOTS];
	struct agent_heap h;

	unit_seed("heap");
	memset(s, 0, sizeof(s));
	agent_heap_init(&h, arena, sizeof(arena));
	for (int it = 0; it < 20000; it++) {
		int k = (int)unit_rand_below(SLOTS);
		if (s[k].p) {
			for (size_t i = 0; i < s[k].n; i++)
				if (s[k].p[i] != s[k].tag)
					fail_msg("iteration %d: block %d clobbered at %zu", it, k, i);
			assert_int_equal(agent_heap_free(&h, s[k].p), 0);
			s[k].p = NULL;
			continue;
		}
		size_t n = 1 + unit_rand_below(unit_rand_below(4) ? 256 : 8192);
		uint8_t *p = agent_heap_alloc(&h, n);
		if (!p) {
			size_t big;
			assert_int_equal(agent_heap_stats(&h, NULL, &big), 0);
			assert_true(n > big); /* fails only when nothing fits */
			continue;
		}
		assert_true(p >= h.base && p + n <= h.base + h.size);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (int j = 0; j < SLOTS; j++)
			if (s[j].p)
				assert_true(p + n <= s[j].p || s[j].p + s[j].n <= p);
		s[k].p = p, s[k].n = n, s[k].tag = (uint8_t)unit_rand64();
		memset(p, s[k].tag, n);
	}
	for (int k = 0; k < SLOTS; k++)
		if (s[k].p)
			assert_int_equal(agent_heap_free(&h, s[k].p), 0);
	size_t big;
	assert_int_equal(agent_heap_stats(&h, NULL, &big), 0);
	assert_int_equal(big, h.size - 16);
}

/* ---- log ring ---- */

static void test_log_ring(void **state)
{
	(void)state;
	uint8_t data[16];
	char out[64];
	struct tetd_log_ring r = { .base = 0, .size = sizeof(data) };

	assert_int_equal(tetd_log_ring_put(&r, data, "hello\n", 6), 0);
	assert_int_equal(tetd_log_ring_put(&r, data, "world\n", 6), 0);
	assert_int_equal(tetd_log_ring_put(&r, data, "full\n", 5), -1); /* 12 + 5 > 16: dropped whole */
	assert_int_equal(r.dropped, 5);
	assert_int_equal(tetd_log_ring_get(&r, data, out, 4), 4);
	assert_memory_equal(out, "hell", 4);
	assert_int_equal(tetd_log_ring_put(&r, data, "abcd\n", 5), 0); /* wraps */
	assert_int_equal(tetd_log_ring_get(&r, data, out, sizeof(out)), 13);
	assert_memory_equal(out, "o\nworld\nabcd\n", 13);
	assert_int_equal(tetd_log_ring_get(&r, data, out, sizeof(out)), 0);
	assert_int_equal(r.head, 17);
	assert_int_equal(r.tail, 17);

	/* many wraps keep order */
	char want[8];
	for (int i = 0; i < 1000; i++) {
		fmt_snprintf(want, sizeof(want), "%03d\n", i % 1000);
		assert_int_equal(tetd_log_ring_put(&r, data, want, 4), 0);
		assert_int_equal(tetd_log_ring_get(&r, data, out, sizeof(out)), 4);
		assert_memory_equal(out, want, 4);
	}

	/* a writer that ran ahead: the reader keeps the last `size` bytes */
	r.head = r.tail + 1000;
	assert_int_equal(tetd_log_ring_get(&r, data, out, sizeof(out)), 16);
	assert_int_equal(r.tail, r.head);
	/* ... and a producer facing a corrupt tail drops rather than overwrites */
	r.tail = r.head + 5;
	assert_int_equal(tetd_log_ring_put(&r, data, "x", 1), -1);
	/* not a power of two, or no ring: nothing moves */
	struct tetd_log_ring bad = { .size = 12 };
	assert_int_equal(tetd_log_ring_put(&bad, data, "x", 1), -1);
	assert_int_equal(tetd_log_ring_get(&bad, data, out, 1), 0);
	struct tetd_log_ring none = { .size = 0 };
	assert_int_equal(tetd_log_ring_put(&none, data, "x", 1), -1);
	assert_int_equal(tetd_log_ring_get(&none, data, out, 1), 0);
}

/* ---- fmt ---- */

/* Without the format attribute: the checks below feed what -Wformat rejects. */
static int fmt_raw(char *b, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = fmt_vsnprintf(b, n, fmt, ap);
	va_end(ap);
	return r;
}

static void test_fmt(void **state)
{
	(void)state;
	char b[32];
	assert_int_equal(fmt_snprintf(b, sizeof(b), "a%sb%uc%dd%xe", "S", 42u, -7, 0xbeefu), 14);
	assert_string_equal(b, "aSb42c-7dbeefe");
	fmt_raw(b, sizeof(b), "%02x|%08lx|%5u|%-|", 5u, 0x1234ul, 7u);
	assert_string_equal(b, "05|00001234|    7|"); /* unknown conversion ends the output */
	fmt_raw(b, sizeof(b), "%lu %ld %zu %s %c%%", 18446744073709551615ul, -9223372036854775807l - 1,
		     (size_t)3, (const char *)NULL, 'z');
	assert_string_equal(b, "18446744073709551615 -922337203");
	assert_int_equal(fmt_snprintf(b, 4, "%s", "abcdef"), 6); /* truncated, still terminated */
	assert_string_equal(b, "abc");
	assert_int_equal(fmt_snprintf(b, 0, "xyz"), 3);
	fmt_snprintf(b, sizeof(b), "%05d", -42);
	assert_string_equal(b, "-0042");
}

/* ---- runtime: env, log, calls, GPA ---- */

static struct tetd_agent_env env;
static uint8_t ring[256], heap_mem[8192];

static void env_reset(void)
{
	memset(&env, 0, sizeof(env));
	env.magic = TETD_AGENT_ENV_MAGIC;
	env.abi_version = TETD_AGENT_ABI_VERSION;
	env.size = sizeof(env);
	env.heap_base = (uintptr_t)heap_mem;
	env.heap_size = sizeof(heap_mem);
	env.log.base = (uintptr_t)ring;
	env.log.size = sizeof(ring);
}

static void test_sdk_setup_and_log(void **state)
{
	(void)state;
	char out[300];
	size_t n;

	env_reset();
	env.magic = 0;
	assert_int_equal(agent_sdk_setup(&env), TETD_E_INVAL);
	env_reset();
	env.size = sizeof(env) - 8;
	assert_int_equal(agent_sdk_setup(&env), TETD_E_INVAL);
	env_reset();
	env.abi_version = 2;
	assert_int_equal(agent_sdk_setup(&env), TETD_E_INVAL);
	assert_int_equal(agent_sdk_setup(NULL), TETD_E_INVAL);
	env_reset();
	assert_int_equal(agent_sdk_setup(&env), TETD_OK);
	assert_ptr_equal(agent_env(), &env);

	agent_log("one");
	agent_log("two\n");
	agent_printf("n=%u s=%s", 7u, "x");
	n = tetd_log_ring_get(&env.log, ring, out, sizeof(out));
	assert_int_equal(n, 16);
	assert_memory_equal(out, "one\ntwo\nn=7 s=x\n", 16);

	char longline[400];
	memset(longline, 'q', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = 0;
	agent_log(longline);
	n = tetd_log_ring_get(&env.log, ring, out, sizeof(out));
	assert_int_equal(n, AGENT_LOG_LINE_MAX);
	assert_int_equal(out[n - 1], '\n');
	assert_int_equal(out[n - 2], 'q');

	/* the heap is the env's range */
	uint8_t *p = agent_zalloc(100);
	assert_non_null(p);
	assert_true(p >= heap_mem && p + 100 <= heap_mem + sizeof(heap_mem));
	for (int i = 0; i < 100; i++)
		assert_int_equal(p[i], 0);
	assert_int_equal(agent_free(p), 0);
	assert_int_equal(agent_free(p), -1);
	assert_null(agent_alloc(sizeof(heap_mem)));
}

static int h1(struct tetd_call *c) { (void)c; return 1; }
static int h2(struct tetd_call *c) { (void)c; return 2; }

static void test_sdk_calls(void **state)
{
	(void)state;
	env_reset();
	assert_int_equal(agent_sdk_setup(&env), TETD_OK);
	assert_int_equal(tetdg_agent_call_register(0, h1), TETD_E_INVAL);
	assert_int_equal(tetdg_agent_call_register(1, NULL), TETD_E_INVAL);
	assert_int_equal(tetdg_agent_call_register(1, h1), TETD_OK);
	assert_int_equal(tetdg_agent_call_register(1, h2), TETD_E_INVAL); /* duplicate id */
	for (uint32_t f = 2; f <= TETD_AGENT_MAX_CALLS; f++)
		assert_int_equal(tetdg_agent_call_register(f, h2), TETD_OK);
	assert_int_equal(tetdg_agent_call_register(100, h2), TETD_E_NOSPC);
	assert_int_equal(env.call_count, TETD_AGENT_MAX_CALLS);
	assert_int_equal(env.calls[0].fn_id, 1);
	assert_int_equal(env.calls[0].handler, (uint64_t)(uintptr_t)h1);
	assert_int_equal(env.calls[15].fn_id, 16);

	/* a count the agent corrupted is clamped, not trusted */
	env.call_count = 1000;
	assert_int_equal(tetdg_agent_call_register(200, h2), TETD_E_NOSPC);

	const struct agent_fn fns[] = { { 5, h1 }, { 6, h2 }, { 5, h2 } };
	env_reset();
	assert_int_equal(agent_sdk_setup(&env), TETD_OK);
	assert_int_equal(agent_register_fns(fns, 3), TETD_E_INVAL); /* third repeats 5 */
	assert_int_equal(env.call_count, 2);

	static struct tetd_call c;
	memset(&c, 0, sizeof(c));
	c.out_len = 4;
	assert_int_equal(agent_call_reply(&c, "abcd", 4), TETD_OK);
	assert_int_equal(c.out_len, 4);
	assert_memory_equal(c.out, "abcd", 4);
	c.out_len = 3;
	assert_int_equal(agent_call_reply(&c, "abcd", 4), TETD_E_NOSPC);
	assert_int_equal(c.out_len, 0);
	c.out_len = 0xffffffff;
	assert_int_equal(agent_call_reply(&c, c.in, TETD_CALL_MAX_OUT + 1), TETD_E_NOSPC);
	c.in_len = TETD_CALL_MAX_IN, c.out_len = TETD_CALL_MAX_OUT;
	assert_int_equal(agent_call_check(&c), TETD_OK);
	c.in_len = TETD_CALL_MAX_IN + 1;
	assert_int_equal(agent_call_check(&c), TETD_E_INVAL);
	c.in_len = 0, c.out_len = TETD_CALL_MAX_OUT + 1;
	assert_int_equal(agent_call_check(&c), TETD_E_INVAL);
}

static void test_sdk_gpa(void **state)
{
	(void)state;
	static uint8_t td[8192];
	uint8_t buf[64];
	const uint64_t G = 0x5000000;

	for (size_t i = 0; i < sizeof(td); i++)
		td[i] = (uint8_t)(i * 7);
	env_reset();
	env.gpa_map_base = (uintptr_t)td - G; /* TD GPA G is td[0] */
	env.gpa[0] = (struct tetd_gpa_range){ .base = G, .len = 4096, .flags = TETD_GPA_READ };
	env.gpa[1] = (struct tetd_gpa_range){ .base = G + 4096, .len = 4096, .flags = TETD_GPA_WRITE };
	env.gpa_count = 2;
	assert_int_equal(agent_sdk_setup(&env), TETD_OK);

	assert_int_equal(agent_read_gpa(G + 100, buf, 64), TETD_OK);
	assert_memory_equal(buf, td + 100, 64);
	assert_int_equal(agent_read_gpa(G + 4096 - 64, buf, 64), TETD_OK); /* last bytes */
	memset(buf, 0x5a, sizeof(buf));
	assert_int_equal(agent_read_gpa(G + 4096 - 63, buf, 64), TETD_E_ACCESS); /* straddles */
	assert_int_equal(buf[0], 0x5a);                                          /* nothing read */
	assert_int_equal(agent_read_gpa(G + 4096, buf, 8), TETD_E_ACCESS); /* write-only range */
	assert_int_equal(agent_read_gpa(G - 1, buf, 8), TETD_E_ACCESS);
	assert_int_equal(agent_read_gpa(UINT64_MAX - 3, buf, 8), TETD_E_ACCESS); /* wraps */
	assert_int_equal(agent_gpa_allowed(&env, G + 1, UINT64_MAX, TETD_GPA_READ), TETD_E_ACCESS);
	assert_int_equal(agent_gpa_allowed(&env, G + 4096, 4096, TETD_GPA_WRITE), TETD_OK);
	assert_int_equal(agent_gpa_allowed(&env, G, 4096, TETD_GPA_READ | TETD_GPA_WRITE),
			 TETD_E_ACCESS);
	env.gpa_count = 0;
	assert_int_equal(agent_read_gpa(G, buf, 8), TETD_E_ACCESS);
	/* a range with a wrapping end never matches beyond 2^64 */
	env.gpa[0] = (struct tetd_gpa_range){ .base = UINT64_MAX - 10, .len = 100, .flags = TETD_GPA_READ };
	env.gpa_count = 1;
	assert_int_equal(agent_gpa_allowed(&env, 5, 8, TETD_GPA_READ), TETD_E_ACCESS);
	env.gpa_count = 1000; /* clamped to TETD_AGENT_MAX_GPA */
	assert_int_equal(agent_gpa_allowed(&env, G, 8, TETD_GPA_READ), TETD_E_ACCESS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hmac_rfc4231),
		cmocka_unit_test(test_hmac_vs_openssl),
		cmocka_unit_test(test_heap_basic),
		cmocka_unit_test(test_heap_random),
		cmocka_unit_test(test_log_ring),
		cmocka_unit_test(test_fmt),
		cmocka_unit_test(test_sdk_setup_and_log),
		cmocka_unit_test(test_sdk_calls),
		cmocka_unit_test(test_sdk_gpa),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
