/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_agent_run.c - the three built agents, run on the host.
 *
 * Each agent ELF is validated and loaded with tetdg-early/agent_elf.c into
 * page-aligned host memory at its own address, its segments get the
 * permissions the zone would give them (R, R+X, R+W: a write to text or
 * rodata would fault here too), and its entry point runs with an env the
 * test builds the way the firmware does. Agents are freestanding ring-0
 * code without privileged instructions, so the host CPU runs them as is.
 * Then the handlers they registered are called like the dispatcher will:
 * results are checked against OpenSSL (keyvault's key derivation, MAC,
 * identifier, Ed25519 public key and signatures; kintegrity's baseline),
 * and each agent's single init log line is read back through the log ring
 * protocol.
 */
#include "unit_util.h"
#include <sys/mman.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "agent_elf.h"

struct loaded {
	uint8_t *elf;
	size_t len;
	struct agent_elf_info info;
	uint8_t *img;
	size_t map_len;
	struct tetd_agent_env env;
	uint8_t ring[4096];
	uint8_t *heap;
};

static void load(struct loaded *a, const char *file)
{
	char err[256];
	memset(a, 0, sizeof(*a));
	a->elf = unit_read_agent(file, &a->len);
	if (agent_elf_check(a->elf, a->len, 0x400000, &a->info, err, sizeof(err)))
		fail_msg("%s: %s", file, err);
	a->map_len = a->info.mem_size;
	a->img = mmap(NULL, a->map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(a->img != MAP_FAILED);
	memset(a->img, 0xcc, a->map_len); /* the loader must zero what is not file data */
	assert_int_equal(agent_elf_load(a->elf, a->len, &a->info, a->img, (uintptr_t)a->img), 0);
	for (uint32_t k = 0; k < a->info.nseg; k++) {
		const struct agent_elf_seg *s = &a->info.seg[k];
		int prot = PROT_READ | (s->flags & AGENT_SEG_W ? PROT_WRITE : 0) |
			   (s->flags & AGENT_SEG_X ? PROT_EXEC : 0);
		size_t len = (s->memsz + 4095) & ~(size_t)4095;
		assert_int_equal(mprotect(a->img + s->vaddr, len, prot), 0);
	}
	a->heap = a->info.desc.heap_size ? calloc(1, a->info.desc.heap_size) : NULL;

	struct tetd_agent_env *e = &a->env;
	e->magic = TETD_AGENT_ENV_MAGIC;
	e->abi_version = TETD_AGENT_ABI_VERSION;
	e->size = sizeof(*e);
	e->heap_base = (uintptr_t)a->heap;
	e->heap_size = a->info.desc.heap_size;
	e->log.base = (uintptr_t)a->ring;
	e->log.size = sizeof(a->ring);
}

static void unload(struct loaded *a)
{
	munmap(a->img, a->map_len);
	free(a->heap);
	free(a->elf);
}

static int run_init(struct loaded *a)
{
	int (*entry)(struct tetd_agent_env *) = (int (*)(struct tetd_agent_env *))(a->img + a->info.entry);
	return entry(&a->env);
}

/* The one line init logged (without its '\n'). */
static void log_line(struct loaded *a, char *out, size_t cap)
{
	size_t n = tetd_log_ring_get(&a->env.log, a->ring, out, cap - 1);
	out[n] = '\0';
	char *nl = strchr(out, '\n');
	assert_non_null(nl);
	assert_true(nl[1] == '\0'); /* exactly one line */
	*nl = '\0';
}

static int call(struct loaded *a, uint32_t fn, const void *in, uint32_t in_len, uint32_t cap,
		struct tetd_call *c)
{
	memset(c, 0, sizeof(*c));
	c->fn_id = fn;
	c->in_len = in_len;
	if (in_len <= TETD_CALL_MAX_IN) /* longer: a bad length, not a longer input */
		memcpy(c->in, in, in_len);
	c->out_len = cap;
	for (uint32_t i = 0; i < a->env.call_count; i++) {
		if (a->env.calls[i].fn_id != fn)
			continue;
		uint64_t h = a->env.calls[i].handler;
		/* the firmware accepts only handlers inside the agent's code */
		const struct agent_elf_seg *text = &a->info.seg[1];
		assert_true(text->flags & AGENT_SEG_X);
		assert_true(h >= (uintptr_t)a->img + text->vaddr &&
			    h < (uintptr_t)a->img + text->vaddr + text->memsz);
		int (*fp)(struct tetd_call *) = (int (*)(struct tetd_call *))(uintptr_t)h;
		return c->status = fp(c);
	}
	return c->status = TETD_E_NOFN;
}

static struct tetd_call c;

static void test_echo(void **state)
{
	(void)state;
	struct loaded a;
	char line[256];
	load(&a, "echo.elf");
	assert_int_equal(run_init(&a), TETD_OK);
	log_line(&a, line, sizeof(line));
	assert_string_equal(line, "echo: ready (fn 1 = echo, fn 2 = spin)");
	assert_int_equal(a.env.call_count, 2);

	/* fn 2 spins for the u64 it is given and returns it */
	uint64_t n = 1000, got = 0;
	assert_int_equal(call(&a, 2, &n, sizeof(n), TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_int_equal(c.out_len, 8);
	memcpy(&got, c.out, 8);
	assert_int_equal(got, 1000);
	assert_int_equal(call(&a, 2, &n, 4, TETD_CALL_MAX_OUT, &c), TETD_E_INVAL);

	assert_int_equal(call(&a, 1, "hello, zone", 11, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_int_equal(c.out_len, 11);
	assert_memory_equal(c.out, "hello, zone", 11);
	uint8_t big[TETD_CALL_MAX_IN];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 13);
	assert_int_equal(call(&a, 1, big, sizeof(big), TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_memory_equal(c.out, big, sizeof(big));
	assert_int_equal(call(&a, 1, "abc", 3, 2, &c), TETD_E_NOSPC); /* capacity too small */
	assert_int_equal(c.out_len, 0);
	assert_int_equal(call(&a, 1, "abc", TETD_CALL_MAX_IN + 1, 16, &c), TETD_E_INVAL);
	assert_int_equal(call(&a, 1, "", 0, 16, &c), TETD_OK);
	assert_int_equal(c.out_len, 0);
	assert_int_equal(call(&a, 9, "", 0, 16, &c), TETD_E_NOFN);

	/* a bad env: the entry point refuses before agent_init */
	struct loaded b;
	load(&b, "echo.elf");
	b.env.magic = 0;
	assert_int_equal(run_init(&b), TETD_E_INVAL);
	assert_int_equal(b.env.call_count, 0);
	unload(&b);
	unload(&a);
}

static void test_kintegrity(void **state)
{
	(void)state;
	/* one host buffer stands for TD memory: the boot image at G, the
	 * running kernel's text at T (three 64 KiB chunks and a partial one) */
	enum { KSIZE = 3 * 4096 + 123, TOFF = 0x100000, TSIZE = 3 * 0x10000 + 1000 };
	const uint64_t G = 0x5000000, T = G + TOFF;
	uint8_t *mem = malloc(TOFF + TSIZE), *kernel = mem, *text = mem + TOFF, md[48];
	unsigned mdlen;
	struct loaded a;
	char line[256];

	unit_seed("kintegrity");
	unit_rand_fill(mem, TOFF + TSIZE);
	assert_int_equal(EVP_Digest(kernel, KSIZE, md, &mdlen, EVP_sha384(), NULL), 1);

	load(&a, "kintegrity.elf");
	a.env.gpa_map_base = (uintptr_t)mem - G;
	a.env.boot.kernel_gpa = G;
	a.env.boot.kernel_size = KSIZE;
	a.env.gpa[0] = (struct tetd_gpa_range){ .base = G, .len = KSIZE, .flags = TETD_GPA_READ };
	a.env.gpa_count = 1;
	assert_int_equal(run_init(&a), TETD_OK);
	log_line(&a, line, sizeof(line));
	char want[160], hex[17];
	unit_hex(md, 8, hex);
	snprintf(want, sizeof(want),
		 "kintegrity: boot image sha384 %s... of [0x5000000, +0x%x)", hex, KSIZE);
	assert_string_equal(line, want);

	/* fn 1: the boot image's digest */
	assert_int_equal(call(&a, 1, "", 0, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_int_equal(c.out_len, 48);
	assert_memory_equal(c.out, md, 48);
	assert_int_equal(call(&a, 1, "", 0, 47, &c), TETD_E_NOSPC);

	/* before a text baseline, checks say so */
	assert_int_equal(call(&a, 2, "", 0, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_int_equal(c.out_len, 16);
	assert_memory_equal(c.out, "no text baseline", 16);
	assert_int_equal(call(&a, 4, "", 0, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_memory_equal(c.out, "no text baseline", 16);

	/* fn 3 needs a granted range (TETD_AGENT_ACCESS) and 16 bytes */
	uint64_t range[2] = { T, TSIZE };
	assert_int_equal(call(&a, 3, range, sizeof(range), TETD_CALL_MAX_OUT, &c), TETD_E_ACCESS);
	a.env.gpa[1] = (struct tetd_gpa_range){ .base = T, .len = TSIZE, .flags = TETD_GPA_READ };
	a.env.gpa_count = 2;
	assert_int_equal(call(&a, 3, range, 8, TETD_CALL_MAX_OUT, &c), TETD_E_INVAL);
	uint64_t huge[2] = { T, 512ull * 0x10000 + 1 };
	assert_int_equal(call(&a, 3, huge, sizeof(huge), TETD_CALL_MAX_OUT, &c), TETD_E_INVAL);
	assert_int_equal(call(&a, 3, range, sizeof(range), TETD_CALL_MAX_OUT, &c), TETD_OK);
	uint8_t list[4 * 48];                  /* the chunks' digests, in order */
	for (int k = 0; k < 4; k++)
		assert_int_equal(EVP_Digest(text + k * 0x10000, k < 3 ? 0x10000 : 1000,
					    list + 48 * k, &mdlen, EVP_sha384(), NULL), 1);
	assert_int_equal(EVP_Digest(list, sizeof(list), md, &mdlen, EVP_sha384(), NULL), 1);
	assert_int_equal(c.out_len, 48);
	assert_memory_equal(c.out, md, 48);
	/* once only: a patched kernel cannot re-baseline itself */
	assert_int_equal(call(&a, 3, range, sizeof(range), TETD_CALL_MAX_OUT, &c), TETD_E_STATE);

	assert_int_equal(call(&a, 2, "", 0, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_int_equal(c.out_len, 6);
	assert_memory_equal(c.out, "intact", 6);
	/* one byte in the last, partial chunk, then in the second chunk */
	text[TSIZE - 1] ^= 1;
	assert_int_equal(call(&a, 2, "", 0, TETD_CALL_MAX_OUT, &c), TETD_OK);
	snprintf(want, sizeof(want), "modified at 0x%llx", (unsigned long long)T + 3 * 0x10000);
	assert_int_equal(c.out_len, strlen(want));
	assert_memory_equal(c.out, want, strlen(want));
	text[TSIZE - 1] ^= 1;
	text[0x10000 + 77] ^= 0x80;
	assert_int_equal(call(&a, 2, "", 0, TETD_CALL_MAX_OUT, &c), TETD_OK);
	snprintf(want, sizeof(want), "modified at 0x%llx", (unsigned long long)T + 0x10000);
	assert_memory_equal(c.out, want, strlen(want));
	/* fn 4 walks the chunks round-robin: chunk 0 intact, chunk 1 not */
	uint32_t one = 1;
	assert_int_equal(call(&a, 4, &one, 4, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_memory_equal(c.out, "intact", 6);
	assert_int_equal(call(&a, 4, &one, 4, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_memory_equal(c.out, want, strlen(want));
	assert_int_equal(call(&a, 4, &one, 4, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_memory_equal(c.out, "intact", 6);        /* chunk 2 */
	assert_int_equal(call(&a, 4, &one, 3, TETD_CALL_MAX_OUT, &c), TETD_E_INVAL);
	text[0x10000 + 77] ^= 0x80;
	/* count 0 or more than there are: one whole pass */
	uint32_t zero = 0;
	assert_int_equal(call(&a, 4, &zero, 4, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_memory_equal(c.out, "intact", 6);
	assert_int_equal(call(&a, 2, "", 0, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_memory_equal(c.out, "intact", 6);
	/* the grant shrinks: the re-hash fails instead of reading past it */
	a.env.gpa[1].len = TSIZE - 1;
	assert_int_equal(call(&a, 2, "", 0, TETD_CALL_MAX_OUT, &c), TETD_E_ACCESS);
	unload(&a);

	/* no grant: init fails with a reason, registers nothing */
	load(&a, "kintegrity.elf");
	a.env.gpa_map_base = (uintptr_t)mem - G;
	a.env.boot.kernel_gpa = G;
	a.env.boot.kernel_size = KSIZE;
	assert_int_equal(run_init(&a), TETD_E_ACCESS);
	log_line(&a, line, sizeof(line));
	assert_strstr(line, "kintegrity: kernel [0x5000000, +0x307b) is not granted for reading");
	assert_int_equal(a.env.call_count, 0);
	unload(&a);

	/* no kernel at all */
	load(&a, "kintegrity.elf");
	assert_int_equal(run_init(&a), TETD_E_STATE);
	log_line(&a, line, sizeof(line));
	assert_string_equal(line, "kintegrity: no kernel image to measure");
	unload(&a);
	free(mem);
}

/* keyvault's Ed25519 key, derived independently: the RFC 8032 private
 * key is HMAC-SHA-256(seed, "keyvault ed25519"). */
static EVP_PKEY *kv_private_key(const uint8_t seed[32])
{
	uint8_t sk[32];
	unsigned len;
	static const char label[] = "keyvault ed25519";
	assert_non_null(HMAC(EVP_sha256(), seed, 32, (const uint8_t *)label, sizeof(label) - 1, sk,
			     &len));
	EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, sk, 32);
	assert_non_null(k);
	return k;
}

static void kv_public_key(const uint8_t seed[32], uint8_t pub[32])
{
	EVP_PKEY *k = kv_private_key(seed);
	size_t n = 32;
	assert_int_equal(EVP_PKEY_get_raw_public_key(k, pub, &n), 1);
	assert_int_equal(n, 32);
	EVP_PKEY_free(k);
}

/* 1 when OpenSSL accepts sig over msg under the raw public key pub. */
static int ossl_ed25519_ok(const uint8_t pub[32], const void *msg, size_t len, const uint8_t *sig)
{
	EVP_PKEY *k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, 32);
	assert_non_null(k);
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	int ok = EVP_DigestVerifyInit(m, NULL, NULL, NULL, k) == 1 &&
		 EVP_DigestVerify(m, sig, 64, msg, len) == 1;
	EVP_MD_CTX_free(m);
	EVP_PKEY_free(k);
	return ok;
}

static void test_keyvault(void **state)
{
	(void)state;
	struct loaded a;
	uint8_t key[32], id[32], mac[32];
	unsigned len;
	char line[256], want[160], hex[17];

	load(&a, "keyvault.elf");
	for (int i = 0; i < 32; i++)
		a.env.seed[i] = (uint8_t)(0xa0 + i);
	assert_int_equal(run_init(&a), TETD_OK);

	/* the same derivation, independently */
	assert_non_null(HMAC(EVP_sha256(), a.env.seed, 32, (const uint8_t *)"keyvault", 8, key, &len));
	assert_int_equal(EVP_Digest(key, 32, id, &len, EVP_sha256(), NULL), 1);
	uint8_t pub[32];
	char pubhex[17];
	kv_public_key(a.env.seed, pub);
	log_line(&a, line, sizeof(line));
	unit_hex(id, 8, hex);
	unit_hex(pub, 8, pubhex);
	snprintf(want, sizeof(want), "keyvault: key ready, id %s..., ed25519 %s...", hex, pubhex);
	assert_string_equal(line, want);

	static const char msg[] = "attest this";
	assert_int_equal(call(&a, 1, msg, sizeof(msg) - 1, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_int_equal(c.out_len, 32);
	assert_non_null(HMAC(EVP_sha256(), key, 32, (const uint8_t *)msg, sizeof(msg) - 1, mac, &len));
	assert_memory_equal(c.out, mac, 32);
	assert_int_equal(call(&a, 2, "", 0, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_int_equal(c.out_len, 32);
	assert_memory_equal(c.out, id, 32);
	assert_true(memcmp(c.out, key, 32) != 0); /* the identifier is not the key */
	assert_int_equal(call(&a, 1, msg, sizeof(msg) - 1, 31, &c), TETD_E_NOSPC);

	/* another seed, another key */
	struct loaded b;
	load(&b, "keyvault.elf");
	memcpy(b.env.seed, a.env.seed, 32);
	b.env.seed[0] ^= 1;
	assert_int_equal(run_init(&b), TETD_OK);
	assert_int_equal(call(&b, 2, "", 0, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_true(memcmp(c.out, id, 32) != 0);
	unload(&b);
	unload(&a);
}

/* fn 3 signs, fn 4 gives the public key: OpenSSL verifies under that key. */
static void test_keyvault_sign(void **state)
{
	(void)state;
	struct loaded a, b;
	uint8_t pub[32], want_sig[64];
	static uint8_t msg[TETD_CALL_MAX_IN];
	size_t n = 64;

	load(&a, "keyvault.elf");
	unit_seed("keyvault sign");
	unit_rand_fill(a.env.seed, 32);
	assert_int_equal(run_init(&a), TETD_OK);

	assert_int_equal(call(&a, 4, "", 0, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_int_equal(c.out_len, 32);
	memcpy(pub, c.out, 32);
	uint8_t want_pub[32];
	kv_public_key(a.env.seed, want_pub);
	assert_memory_equal(pub, want_pub, 32);
	assert_int_equal(call(&a, 4, "", 0, 31, &c), TETD_E_NOSPC);

	static const char hello[] = "hello, agent";
	assert_int_equal(call(&a, 3, hello, sizeof(hello) - 1, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_int_equal(c.out_len, 64);
	assert_true(ossl_ed25519_ok(pub, hello, sizeof(hello) - 1, c.out));
	/* Ed25519 is deterministic: exactly OpenSSL's signature with that key */
	EVP_PKEY *k = kv_private_key(a.env.seed);
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	assert_int_equal(EVP_DigestSignInit(m, NULL, NULL, NULL, k), 1);
	assert_int_equal(EVP_DigestSign(m, want_sig, &n, (const uint8_t *)hello, sizeof(hello) - 1),
			 1);
	EVP_MD_CTX_free(m);
	EVP_PKEY_free(k);
	assert_memory_equal(c.out, want_sig, 64);
	/* over exactly the input: not another message, not a prefix */
	assert_false(ossl_ed25519_ok(pub, "hello, agent!", 13, c.out));
	assert_false(ossl_ed25519_ok(pub, hello, sizeof(hello) - 2, c.out));

	/* empty input, a full call buffer, and random lengths in between */
	for (unsigned i = 0; i < 20; i++) {
		size_t len = i == 0 ? 0 : i == 1 ? sizeof(msg) : unit_rand_below(sizeof(msg));
		unit_rand_fill(msg, len);
		assert_int_equal(call(&a, 3, msg, (uint32_t)len, TETD_CALL_MAX_OUT, &c), TETD_OK);
		assert_int_equal(c.out_len, 64);
		if (!ossl_ed25519_ok(pub, msg, len, c.out))
			fail_msg("signature over %zu bytes does not verify", len);
		c.out[i] ^= 4;
		assert_false(ossl_ed25519_ok(pub, msg, len, c.out));
	}
	assert_int_equal(call(&a, 3, hello, sizeof(hello) - 1, 63, &c), TETD_E_NOSPC);
	assert_int_equal(c.out_len, 0);
	assert_int_equal(call(&a, 3, hello, TETD_CALL_MAX_IN + 1, TETD_CALL_MAX_OUT, &c),
			 TETD_E_INVAL);

	/* the other keys are unchanged by the new ones: fn 2 still SHA-256(MAC key) */
	uint8_t key[32], id[32];
	unsigned len;
	assert_non_null(HMAC(EVP_sha256(), a.env.seed, 32, (const uint8_t *)"keyvault", 8, key,
			     &len));
	assert_int_equal(EVP_Digest(key, 32, id, &len, EVP_sha256(), NULL), 1);
	assert_int_equal(call(&a, 2, "", 0, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_memory_equal(c.out, id, 32);

	/* another seed, another signing key: its signature fails under ours */
	load(&b, "keyvault.elf");
	memcpy(b.env.seed, a.env.seed, 32);
	b.env.seed[31] ^= 0x80;
	assert_int_equal(run_init(&b), TETD_OK);
	assert_int_equal(call(&b, 4, "", 0, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_true(memcmp(c.out, pub, 32) != 0);
	assert_int_equal(call(&b, 3, hello, sizeof(hello) - 1, TETD_CALL_MAX_OUT, &c), TETD_OK);
	assert_false(ossl_ed25519_ok(pub, hello, sizeof(hello) - 1, c.out));
	unload(&b);
	unload(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_echo),
		cmocka_unit_test(test_kintegrity),
		cmocka_unit_test(test_keyvault),
		cmocka_unit_test(test_keyvault_sign),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
