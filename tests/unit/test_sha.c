/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_sha.c - fw/sha2.c against the FIPS 180-4 example vectors
 * (typed in from NIST's "Cryptographic Standards and Guidelines: Examples
 * with Intermediate Values" and FIPS 180-2 appendix C), then against
 * OpenSSL's EVP on random inputs of every length 0..1100, on multi-MiB
 * buffers, and with random incremental split points.
 */
#include "unit_util.h"
#include <openssl/evp.h>
#include "sha2.h"

enum alg { A256, A384, A512 };
static const char *const alg_name[] = { "SHA-256", "SHA-384", "SHA-512" };
static const size_t alg_len[] = { 32, 48, 64 };

static const char MSG_448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char MSG_896[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
			      "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

/* ---- the firmware implementation, behind one interface ---- */

static void fw_hash(enum alg a, const void *p, size_t n, uint8_t *out)
{
	switch (a) {
	case A256: sha256(p, n, out); break;
	case A384: sha384(p, n, out); break;
	case A512: sha512(p, n, out); break;
	}
}

struct fw_ctx {
	struct sha256_ctx c256;
	struct sha512_ctx c512;
};

static void fw_init(enum alg a, struct fw_ctx *c)
{
	if (a == A256)
		sha256_init(&c->c256);
	else if (a == A384)
		sha384_init(&c->c512);
	else
		sha512_init(&c->c512);
}

static void fw_update(enum alg a, struct fw_ctx *c, const void *p, size_t n)
{
	if (a == A256)
		sha256_update(&c->c256, p, n);
	else if (a == A384)
		sha384_update(&c->c512, p, n);
	else
		sha512_update(&c->c512, p, n);
}

static void fw_final(enum alg a, struct fw_ctx *c, uint8_t *out)
{
	if (a == A256)
		sha256_final(&c->c256, out);
	else if (a == A384)
		sha384_final(&c->c512, out);
	else
		sha512_final(&c->c512, out);
}

static void ossl_hash(enum alg a, const void *p, size_t n, uint8_t *out)
{
	const EVP_MD *md = a == A256 ? EVP_sha256() : a == A384 ? EVP_sha384() : EVP_sha512();
	unsigned olen = 0;
	assert_int_equal(EVP_Digest(p, n, out, &olen, md, NULL), 1);
	assert_int_equal(olen, alg_len[a]);
}

static void check_hex(enum alg a, const void *msg, size_t n, const char *hex)
{
	uint8_t want[64], got[64];
	assert_int_equal(unit_unhex(hex, want, sizeof(want)), alg_len[a]);
	fw_hash(a, msg, n, got);
	if (memcmp(want, got, alg_len[a]) != 0) {
		char h[129];
		unit_hex(got, alg_len[a], h);
		fail_msg("%s of %zu-byte message: got %s, want %s", alg_name[a], n, h, hex);
	}
}

/* ---- FIPS 180-4 example vectors ---- */

static void test_nist_sha256(void **state)
{
	(void)state;
	check_hex(A256, "abc", 3,
		  "ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad");
	check_hex(A256, MSG_448, 56,
		  "248d6a61 d20638b8 e5c02693 0c3e6039 a33ce459 64ff2167 f6ecedd4 19db06c1");
	check_hex(A256, MSG_896, 112,
		  "cf5b16a7 78af8380 036ce59e 7b049237 0b249b11 e8f07a51 afac4503 7afee9d1");
	check_hex(A256, "", 0,
		  "e3b0c442 98fc1c14 9afbf4c8 996fb924 27ae41e4 649b934c a495991b 7852b855");
}

static void test_nist_sha384(void **state)
{
	(void)state;
	check_hex(A384, "abc", 3,
		  "cb00753f45a35e8b b5a03d699ac65007 272c32ab0eded163 1a8b605a43ff5bed "
		  "8086072ba1e7cc23 58baeca134c825a7");
	check_hex(A384, MSG_448, 56,
		  "3391fdddfc8dc739 3707a65b1b470939 7cf8b1d162af05ab fe8f450de5f36bc6 "
		  "b0455a8520bc4e6f 5fe95b1fe3c8452b");
	check_hex(A384, MSG_896, 112,
		  "09330c33f71147e8 3d192fc782cd1b47 53111b173b3b05d2 2fa08086e3b0f712 "
		  "fcc7c71a557e2db9 66c3e9fa91746039");
	check_hex(A384, "", 0,
		  "38b060a751ac9638 4cd9327eb1b1e36a 21fdb71114be0743 4c0cc7bf63f6e1da "
		  "274edebfe76f65fb d51ad2f14898b95b");
}

static void test_nist_sha512(void **state)
{
	(void)state;
	check_hex(A512, "abc", 3,
		  "ddaf35a193617aba cc417349ae204131 12e6fa4e89a97ea2 0a9eeee64b55d39a "
		  "2192992a274fc1a8 36ba3c23a3feebbd 454d4423643ce80e 2a9ac94fa54ca49f");
	check_hex(A512, MSG_448, 56,
		  "204a8fc6dda82f0a 0ced7beb8e08a416 57c16ef468b228a8 279be331a703c335 "
		  "96fd15c13b1b07f9 aa1d3bea57789ca0 31ad85c7a71dd703 54ec631238ca3445");
	check_hex(A512, MSG_896, 112,
		  "8e959b75dae313da 8cf4f72814fc143f 8f7779c6eb9f7fa1 7299aeadb6889018 "
		  "501d289e4900f7e4 331b99dec4b5433a c7d329eeb6dd2654 5e96e55b874be909");
	check_hex(A512, "", 0,
		  "cf83e1357eefb8bd f1542850d66d8007 d620e4050b5715dc 83f4a921d36ce9ce "
		  "47d0d13c5d85f2b0 ff8318d2877eec2f 63b931bd47417a81 a538327af927da3e");
}

/* One million 'a': once in one call, once fed 1000 x 1000 bytes. */
static void test_nist_million_a(void **state)
{
	(void)state;
	static const char *const want[] = {
		"cdc76e5c 9914fb92 81a1c7e2 84d73e67 f1809a48 a497200e 046d39cc c7112cd0",
		"9d0e1809716474cb 086e834e310a4a1c ed149e9c00f24852 7972cec5704c2a5b "
		"07b8b3dc38ecc4eb ae97ddd87f3d8985",
		"e718483d0ce76964 4e2e42c7bc15b463 8e1f98b13b204428 5632a803afa973eb "
		"de0ff244877ea60a 4cb0432ce577c31b eb009c5c2c49aa2e 4eadb217ad8cc09b",
	};
	size_t n = 1000000;
	char *m = malloc(n);
	assert_non_null(m);
	memset(m, 'a', n);
	for (int a = A256; a <= A512; a++) {
		check_hex(a, m, n, want[a]);
		uint8_t w[64], got[64];
		unit_unhex(want[a], w, sizeof(w));
		struct fw_ctx c;
		fw_init(a, &c);
		for (int i = 0; i < 1000; i++)
			fw_update(a, &c, m, 1000);
		fw_final(a, &c, got);
		assert_memory_equal(got, w, alg_len[a]);
	}
	free(m);
}

/* ---- OpenSSL comparison ---- */

static void test_openssl_every_length(void **state)
{
	(void)state;
	enum { MAXLEN = 1100 };
	uint8_t *buf = malloc(MAXLEN);
	assert_non_null(buf);
	for (size_t n = 0; n <= MAXLEN; n++) {
		/* fresh random bytes per length, exact-size heap copy so ASan
		 * catches any read past the message */
		uint8_t *m = malloc(n ? n : 1);
		assert_non_null(m);
		unit_rand_fill(m, n);
		for (int a = A256; a <= A512; a++) {
			uint8_t want[64], got[64];
			ossl_hash(a, m, n, want);
			fw_hash(a, m, n, got);
			if (memcmp(want, got, alg_len[a]) != 0)
				fail_msg("%s differs from OpenSSL at length %zu", alg_name[a], n);
		}
		free(m);
	}
	free(buf);
}

static void test_openssl_multi_mib(void **state)
{
	(void)state;
	static const size_t sizes[] = { 1u << 20, (3u << 20) + 17, (8u << 20) - 1 };
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k];
		uint8_t *m = malloc(n);
		assert_non_null(m);
		unit_rand_fill(m, n);
		for (int a = A256; a <= A512; a++) {
			uint8_t want[64], got[64];
			ossl_hash(a, m, n, want);
			fw_hash(a, m, n, got);
			if (memcmp(want, got, alg_len[a]) != 0)
				fail_msg("%s differs from OpenSSL on %zu bytes", alg_name[a], n);
		}
		free(m);
	}
}

/* Random split points, zero-length updates included, against one-shot OpenSSL. */
static void test_incremental_random_splits(void **state)
{
	(void)state;
	enum { N = 4099 };
	uint8_t *m = malloc(N);
	assert_non_null(m);
	for (int iter = 0; iter < 300; iter++) {
		size_t n = (size_t)unit_rand_below(N + 1);
		unit_rand_fill(m, n);
		for (int a = A256; a <= A512; a++) {
			uint8_t want[64], got[64];
			ossl_hash(a, m, n, want);
			struct fw_ctx c;
			fw_init(a, &c);
			size_t off = 0;
			while (off < n) {
				/* mostly small chunks around block sizes, sometimes big */
				uint64_t r = unit_rand_below(8);
				size_t chunk = r == 0 ? 0 : r < 6 ? (size_t)unit_rand_below(130)
								    : (size_t)unit_rand_below(n - off + 1);
				if (chunk > n - off)
					chunk = n - off;
				fw_update(a, &c, m + off, chunk);
				off += chunk;
			}
			fw_update(a, &c, m, 0);
			fw_final(a, &c, got);
			if (memcmp(want, got, alg_len[a]) != 0)
				fail_msg("%s incremental differs (iter %d, %zu bytes)", alg_name[a], iter, n);
		}
	}
	free(m);
}

/* Byte-at-a-time over lengths that straddle every padding boundary. */
static void test_incremental_bytewise(void **state)
{
	(void)state;
	uint8_t m[300];
	unit_rand_fill(m, sizeof(m));
	for (size_t n = 0; n <= sizeof(m); n++) {
		for (int a = A256; a <= A512; a++) {
			uint8_t want[64], got[64];
			ossl_hash(a, m, n, want);
			struct fw_ctx c;
			fw_init(a, &c);
			for (size_t i = 0; i < n; i++)
				fw_update(a, &c, m + i, 1);
			fw_final(a, &c, got);
			if (memcmp(want, got, alg_len[a]) != 0)
				fail_msg("%s bytewise differs at length %zu", alg_name[a], n);
		}
	}
}

/* SHA-384 is not a truncated SHA-512: different IVs must give different prefixes. */
static void test_sha384_is_not_truncated_sha512(void **state)
{
	(void)state;
	uint8_t d384[48], d512[64];
	sha384("abc", 3, d384);
	sha512("abc", 3, d512);
	assert_memory_not_equal(d384, d512, 48);
}

int main(void)
{
	unit_seed("test_sha");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nist_sha256),
		cmocka_unit_test(test_nist_sha384),
		cmocka_unit_test(test_nist_sha512),
		cmocka_unit_test(test_nist_million_a),
		cmocka_unit_test(test_openssl_every_length),
		cmocka_unit_test(test_openssl_multi_mib),
		cmocka_unit_test(test_incremental_random_splits),
		cmocka_unit_test(test_incremental_bytewise),
		cmocka_unit_test(test_sha384_is_not_truncated_sha512),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
