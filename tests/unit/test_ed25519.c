/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_ed25519.c - agents/sdk/ed25519.c, included here so its
 * field and scalar arithmetic can be checked directly: field operations
 * and scalar reduction against OpenSSL's BIGNUM on random and edge values
 * (including limbs at the bound the code relies on); RFC 8032 section 7.1
 * (TEST 1, 2, 3, 1024, SHA(abc); typed in from the RFC); key generation,
 * signatures and verification against OpenSSL's Ed25519 on random seeds and
 * messages of random lengths, both ways; verification refusing a flipped
 * bit of the message, the signature or the key, S >= L, and keys that do
 * not decode; and the cost of one signature.
 */
#include "unit_util.h"
#include <time.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include "../../agents/sdk/ed25519.c"

/* ---- OpenSSL as the reference ---- */

static BIGNUM *bn_p, *bn_l;
static BN_CTX *bn_ctx;

static int setup(void **state)
{
	(void)state;
	bn_ctx = BN_CTX_new();
	bn_p = BN_new();
	bn_l = BN_new();
	BN_set_bit(bn_p, 255);
	BN_sub_word(bn_p, 19);
	BN_hex2bn(&bn_l, "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	BN_free(bn_p);
	BN_free(bn_l);
	BN_CTX_free(bn_ctx);
	return 0;
}

/* The integer the limbs stand for, not reduced: sum v[i] 2^(51 i). */
static BIGNUM *fe_bn(const fe *f)
{
	BIGNUM *r = BN_new(), *t = BN_new();
	BN_zero(r);
	for (int i = 4; i >= 0; i--) {
		BN_lshift(r, r, 51);
		BN_set_word(t, f->v[i]);
		BN_add(r, r, t);
	}
	BN_free(t);
	return r;
}

static void bn_bytes(const BIGNUM *b, uint8_t out[32])
{
	assert_int_equal(BN_bn2lebinpad(b, out, 32), 32);
}

/* fe_tobytes(f) must be the limbs' value mod p, canonical. */
static void expect_fe(const fe *f, const BIGNUM *want_mod_p, const char *what)
{
	uint8_t got[32], want[32];
	BIGNUM *w = BN_new();
	BN_nnmod(w, want_mod_p, bn_p, bn_ctx);
	bn_bytes(w, want);
	fe_tobytes(got, f);
	BN_free(w);
	if (memcmp(got, want, 32) != 0) {
		char g[65], x[65];
		unit_hex(got, 32, g);
		unit_hex(want, 32, x);
		fail_msg("%s: got %s, want %s", what, g, x);
	}
}

/* Field elements to try: edge values around 0, p and 2^255, then random
 * bytes (bit 255, which fe_frombytes ignores, random too). */
static void edge_or_random(unsigned i, uint8_t s[32])
{
	static const char *const edges[] = {
		"0", "1", "2", "13", /* 19 */
		"7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffec", /* p - 1 */
		"7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed", /* p */
		"7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffee", /* p + 1 */
		"7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", /* 2^255 - 1 */
		"7ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7", /* p + 10 */
		/* bit runs straddling the 51-bit limb boundaries */
		"0007ffffffffffff0007ffffffffffff0007ffffffffffff0007ffffffffffff",
		"4000000000000000000000000000000000000000000000000000000000000000",
	};
	if (i < sizeof(edges) / sizeof(edges[0])) {
		BIGNUM *b = NULL;
		BN_hex2bn(&b, edges[i]);
		bn_bytes(b, s);
		BN_free(b);
	} else {
		unit_rand_fill(s, 32);
	}
}

static BIGNUM *bytes_bn(const uint8_t s[32])
{
	uint8_t t[32];
	memcpy(t, s, 32);
	t[31] &= 0x7f;
	return BN_lebin2bn(t, 32, NULL);
}

static void test_field(void **state)
{
	(void)state;
	unit_seed("ed25519 field");
	unsigned n = 0;
	for (unsigned i = 0; i < 400; i++) {
		uint8_t sa[32], sb[32];
		edge_or_random(i, sa);
		edge_or_random(i < 11 ? 10 - i : i, sb);
		fe a, b, r;
		fe_frombytes(&a, sa);
		fe_frombytes(&b, sb);
		BIGNUM *ba = bytes_bn(sa), *bb = bytes_bn(sb), *w = BN_new();

		expect_fe(&a, ba, "frombytes/tobytes");
		fe_mul(&r, &a, &b);
		BN_mod_mul(w, ba, bb, bn_p, bn_ctx);
		expect_fe(&r, w, "mul");
		fe_sq(&r, &a);
		BN_mod_sqr(w, ba, bn_p, bn_ctx);
		expect_fe(&r, w, "sq");
		fe_add(&r, &a, &b);
		BN_mod_add(w, ba, bb, bn_p, bn_ctx);
		expect_fe(&r, w, "add");
		fe_sub(&r, &a, &b);
		BN_mod_sub(w, ba, bb, bn_p, bn_ctx);
		expect_fe(&r, w, "sub");
		fe_neg(&r, &a);
		BN_mod_sub(w, bn_p, ba, bn_p, bn_ctx);
		expect_fe(&r, w, "neg");
		fe_pow22523(&r, &a);
		BIGNUM *e = BN_new();
		BN_sub(e, bn_p, BN_value_one());
		BN_sub_word(e, 4);
		BN_rshift(e, e, 3); /* (p - 5) / 8 */
		BN_mod_exp(w, ba, e, bn_p, bn_ctx);
		expect_fe(&r, w, "pow22523");
		BN_nnmod(e, ba, bn_p, bn_ctx);
		if (!BN_is_zero(e)) {
			fe_invert(&r, &a);
			assert_non_null(BN_mod_inverse(w, ba, bn_p, bn_ctx));
			expect_fe(&r, w, "invert");
		}
		/* results fed back in: limbs as operations leave them, not fresh */
		fe t;
		fe_sub(&t, &a, &b);
		fe_add(&r, &t, &a);
		fe_mul(&r, &r, &t);
		fe_sub(&r, &r, &b);
		BIGNUM *bt = BN_new();
		BN_mod_sub(bt, ba, bb, bn_p, bn_ctx);
		BN_mod_add(w, bt, ba, bn_p, bn_ctx);
		BN_mod_mul(w, w, bt, bn_p, bn_ctx);
		BN_mod_sub(w, w, bb, bn_p, bn_ctx);
		expect_fe(&r, w, "((a - b) + a) (a - b) - b");
		BN_free(bt);
		BN_free(e);
		BN_free(ba);
		BN_free(bb);
		BN_free(w);
		n++;
	}

	/* The largest limbs the code promises to handle: 2^52 - 1 everywhere
	 * (operations leave limbs below 2^51 + 2^18). */
	fe big = { { (UINT64_C(1) << 52) - 1, (UINT64_C(1) << 52) - 1, (UINT64_C(1) << 52) - 1,
		     (UINT64_C(1) << 52) - 1, (UINT64_C(1) << 52) - 1 } };
	fe r;
	BIGNUM *bb = fe_bn(&big), *w = BN_new();
	expect_fe(&big, bb, "tobytes of 2^52 - 1 limbs");
	fe_mul(&r, &big, &big);
	BN_mod_mul(w, bb, bb, bn_p, bn_ctx);
	expect_fe(&r, w, "mul of 2^52 - 1 limbs");
	for (int i = 0; i < 5; i++)
		assert_true(r.v[i] < (UINT64_C(1) << 51) + (UINT64_C(1) << 18));
	fe_sq(&r, &big);
	expect_fe(&r, w, "sq of 2^52 - 1 limbs");
	fe_sub(&r, &big, &big);
	BN_zero(w);
	expect_fe(&r, w, "sub of 2^52 - 1 limbs");
	BN_free(bb);
	BN_free(w);
	printf("# %u field element pairs checked against BIGNUM\n", n);
}

static void test_scalar(void **state)
{
	(void)state;
	unit_seed("ed25519 scalar");
	for (unsigned i = 0; i < 400; i++) {
		uint8_t x[64], got[32], want[32];
		uint64_t xl[8];
		BIGNUM *w = BN_new(), *bx;
		switch (i) {
		case 0: memset(x, 0, 64); break;
		case 1: memset(x, 0xff, 64); break;
		case 2: case 3: case 4: /* L - 1, L, 2L */
			BN_copy(w, bn_l);
			if (i == 2)
				BN_sub_word(w, 1);
			if (i == 4)
				BN_lshift1(w, w);
			assert_int_equal(BN_bn2lebinpad(w, x, 64), 64);
			break;
		default: unit_rand_fill(x, 64);
		}
		for (int j = 0; j < 8; j++)
			xl[j] = unit_le64(x + 8 * j);
		sc_reduce(got, xl);
		bx = BN_lebin2bn(x, 64, NULL);
		BN_nnmod(w, bx, bn_l, bn_ctx);
		bn_bytes(w, want);
		assert_memory_equal(got, want, 32);

		/* (k a + r) mod L with k, r < L and a < 2^255 (a clamped secret) */
		uint8_t k[32], a[32], r[32];
		BIGNUM *bk, *ba, *br;
		memcpy(k, got, 32);
		unit_rand_fill(a, 32);
		a[31] &= 0x7f;
		if (i == 1)
			memset(a, 0xff, 31), a[31] = 0x7f;
		sc_from_digest(r, x[0] & 1 ? x : (uint8_t[64]){ 0 });
		sc_muladd(got, k, a, r);
		bk = BN_lebin2bn(k, 32, NULL);
		ba = BN_lebin2bn(a, 32, NULL);
		br = BN_lebin2bn(r, 32, NULL);
		BN_mul(w, bk, ba, bn_ctx);
		BN_add(w, w, br);
		BN_nnmod(w, w, bn_l, bn_ctx);
		bn_bytes(w, want);
		assert_memory_equal(got, want, 32);

		assert_true(sc_is_canonical(k));
		BN_free(bx);
		BN_free(bk);
		BN_free(ba);
		BN_free(br);
		BN_free(w);
	}
	uint8_t s[32];
	bn_bytes(bn_l, s);
	assert_false(sc_is_canonical(s));
	s[0]--;
	assert_true(sc_is_canonical(s));
	memset(s, 0xff, 32);
	assert_false(sc_is_canonical(s));
}

/* ---- RFC 8032 section 7.1 ---- */

struct rfc_vector {
	const char *name, *seed, *pub, *msg, *sig;
};

static const struct rfc_vector rfc8032[] = {
	{ "TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
	  "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
	  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
	  "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
	{ "TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
	  "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
	  "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
	  "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
	{ "TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
	  "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
	  "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
	  "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
	{ "TEST 1024", "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
	  "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
	  "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98"
	  "fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf73be84d8"
	  "79de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
	  "658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc"
	  "1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4fe"
	  "ba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
	  "06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbef"
	  "efd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7"
	  "aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
	  "85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2"
	  "d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24"
	  "554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
	  "88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc"
	  "2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b07"
	  "07e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
	  "b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51a"
	  "ddd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2af58429e"
	  "c96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
	  "51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c"
	  "42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8"
	  "ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
	  "f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08"
	  "d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649"
	  "de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
	  "88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a3"
	  "2ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e"
	  "6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
	  "b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b5"
	  "0d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef1"
	  "369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
	  "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c"
	  "0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00a0b9d0",
	  "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350"
	  "aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03" },
	{ "TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
	  "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
	  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
	  "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
	  "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704" },
};

static void test_rfc8032(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rfc8032) / sizeof(rfc8032[0]); i++) {
		const struct rfc_vector *v = &rfc8032[i];
		uint8_t seed[32], pub[32], want_sig[64], msg[1024], got_pub[32], sig[64];
		assert_int_equal(unit_unhex(v->seed, seed, 32), 32);
		assert_int_equal(unit_unhex(v->pub, pub, 32), 32);
		assert_int_equal(unit_unhex(v->sig, want_sig, 64), 64);
		size_t len = unit_unhex(v->msg, msg, sizeof(msg));
		assert_int_equal(len, strlen(v->msg) / 2);

		ed25519_public_key(seed, got_pub);
		if (memcmp(got_pub, pub, 32) != 0)
			fail_msg("%s: public key differs", v->name);
		ed25519_sign(seed, pub, msg, len, sig);
		if (memcmp(sig, want_sig, 64) != 0)
			fail_msg("%s: signature differs", v->name);
		assert_int_equal(ed25519_verify(pub, msg, len, sig), 0);

		/* the message and the signature in one buffer: sign in place */
		if (len >= 64) {
			uint8_t buf[1024];
			memcpy(buf, msg, len);
			ed25519_sign(seed, pub, buf, len, buf);
			assert_memory_equal(buf, want_sig, 64);
		}
	}
	assert_int_equal(strlen(rfc8032[3].msg), 2 * 1023);
	printf("# RFC 8032 7.1: %zu vectors\n", sizeof(rfc8032) / sizeof(rfc8032[0]));
}

/* ---- against OpenSSL's Ed25519 ---- */

static void ossl_public_key(const uint8_t seed[32], uint8_t pub[32])
{
	EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
	size_t n = 32;
	assert_non_null(k);
	assert_int_equal(EVP_PKEY_get_raw_public_key(k, pub, &n), 1);
	assert_int_equal(n, 32);
	EVP_PKEY_free(k);
}

static void ossl_sign(const uint8_t seed[32], const uint8_t *msg, size_t len, uint8_t sig[64])
{
	EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	size_t n = 64;
	assert_non_null(k);
	assert_int_equal(EVP_DigestSignInit(m, NULL, NULL, NULL, k), 1);
	assert_int_equal(EVP_DigestSign(m, sig, &n, msg, len), 1);
	assert_int_equal(n, 64);
	EVP_MD_CTX_free(m);
	EVP_PKEY_free(k);
}

/* 0 when OpenSSL accepts the signature, -1 otherwise. */
static int ossl_verify(const uint8_t pub[32], const uint8_t *msg, size_t len, const uint8_t sig[64])
{
	EVP_PKEY *k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, 32);
	if (!k)
		return -1;
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	int ok = EVP_DigestVerifyInit(m, NULL, NULL, NULL, k) == 1 &&
		 EVP_DigestVerify(m, sig, 64, msg, len) == 1;
	EVP_MD_CTX_free(m);
	EVP_PKEY_free(k);
	return ok ? 0 : -1;
}

/* Mostly short messages, some up to a whole call buffer (2032 bytes). */
static size_t random_len(void)
{
	switch (unit_rand_below(4)) {
	case 0: return unit_rand_below(4);
	case 1: return unit_rand_below(200);
	default: return unit_rand_below(2033);
	}
}

static void test_vs_openssl(void **state)
{
	(void)state;
	enum { N = 300 };
	static uint8_t msg[2033];
	unit_seed("ed25519 vs openssl");
	for (unsigned i = 0; i < N; i++) {
		uint8_t seed[32], pub[32], opub[32], sig[64], osig[64];
		size_t len = random_len();
		unit_rand_fill(seed, 32);
		unit_rand_fill(msg, len);

		ed25519_public_key(seed, pub);
		ossl_public_key(seed, opub);
		assert_memory_equal(pub, opub, 32);
		ed25519_sign(seed, pub, msg, len, sig);
		ossl_sign(seed, msg, len, osig);
		if (memcmp(sig, osig, 64) != 0)
			fail_msg("case %u (message of %zu bytes): signature differs from OpenSSL's",
				 i, len);
		assert_int_equal(ossl_verify(pub, msg, len, sig), 0);
		assert_int_equal(ed25519_verify(opub, msg, len, osig), 0);
	}
	printf("# %u random seeds and messages: same keys and signatures as OpenSSL, "
	       "each accepted by the other\n", N);
}

/* ---- what verification must refuse ---- */

static void flip(uint8_t *p, size_t bit)
{
	p[bit / 8] ^= (uint8_t)(1u << (bit % 8));
}

static void test_verify_rejects(void **state)
{
	(void)state;
	static uint8_t msg[300];
	uint8_t seed[32], pub[32], sig[64], bad[64], badpub[32];
	unsigned keys_undecodable = 0;
	unit_seed("ed25519 rejects");

	for (unsigned i = 0; i < 20; i++) {
		size_t len = 1 + unit_rand_below(sizeof(msg) - 1);
		unit_rand_fill(seed, 32);
		unit_rand_fill(msg, len);
		ed25519_public_key(seed, pub);
		ed25519_sign(seed, pub, msg, len, sig);
		assert_int_equal(ed25519_verify(pub, msg, len, sig), 0);

		size_t bit = unit_rand_below(8 * len);
		flip(msg, bit);
		assert_int_equal(ed25519_verify(pub, msg, len, sig), -1);
		assert_int_equal(ossl_verify(pub, msg, len, sig), -1);
		flip(msg, bit);
		/* one message byte more or less */
		assert_int_equal(ed25519_verify(pub, msg, len - 1, sig), -1);
		assert_int_equal(ed25519_verify(pub, msg, len + (len < sizeof(msg)), sig),
				 len < sizeof(msg) ? -1 : 0);
	}

	/* every bit of one signature and of its key */
	ed25519_sign(seed, pub, msg, 20, sig);
	assert_int_equal(ed25519_verify(pub, msg, 20, sig), 0);
	assert_int_equal(ossl_verify(pub, msg, 20, sig), 0);
	for (size_t bit = 0; bit < 512; bit++) {
		memcpy(bad, sig, 64);
		flip(bad, bit);
		if (ed25519_verify(pub, msg, 20, bad) == 0)
			fail_msg("signature with bit %zu flipped verifies", bit);
		assert_int_equal(ossl_verify(pub, msg, 20, bad), -1);
	}
	for (size_t bit = 0; bit < 256; bit++) {
		ge a;
		memcpy(badpub, pub, 32);
		flip(badpub, bit);
		keys_undecodable += ge_frombytes(&a, badpub) != 0;
		if (ed25519_verify(badpub, msg, 20, sig) == 0)
			fail_msg("key with bit %zu flipped verifies", bit);
		assert_int_equal(ossl_verify(badpub, msg, 20, sig), -1);
	}

	/* S + L: the same point [S]B, but not the canonical S */
	memcpy(bad, sig, 64);
	BIGNUM *s = BN_lebin2bn(sig + 32, 32, NULL);
	BN_add(s, s, bn_l);
	bn_bytes(s, bad + 32);
	assert_int_equal(ed25519_verify(pub, msg, 20, bad), -1);
	assert_int_equal(ossl_verify(pub, msg, 20, bad), -1);
	/* S = L and S = 2^256 - 1 */
	bn_bytes(bn_l, bad + 32);
	assert_int_equal(ed25519_verify(pub, msg, 20, bad), -1);
	memset(bad + 32, 0xff, 32);
	assert_int_equal(ed25519_verify(pub, msg, 20, bad), -1);
	BN_free(s);

	/* keys that do not decode: y = p (non-canonical 0), y = 2^255 - 1,
	 * x = 0 with the sign bit set (y = 1), a y with no x */
	ge a;
	uint8_t k[32];
	memset(k, 0xff, 32);
	k[0] = 0xed, k[31] = 0x7f;
	assert_int_equal(ge_frombytes(&a, k), -1);
	memset(k, 0xff, 32);
	k[31] = 0x7f;
	assert_int_equal(ge_frombytes(&a, k), -1);
	memset(k, 0, 32);
	k[0] = 1;
	assert_int_equal(ge_frombytes(&a, k), 0); /* the identity */
	k[31] = 0x80;
	assert_int_equal(ge_frombytes(&a, k), -1);
	assert_int_equal(ed25519_verify(k, msg, 20, sig), -1);
	k[31] = 0, k[0] = 2; /* y = 2: (4 - 1) / (4d + 1) is not a square */
	assert_int_equal(ge_frombytes(&a, k), -1);
	/* the base point decodes to B */
	uint8_t bb[32];
	ge_tobytes(bb, &ge_base);
	assert_int_equal(ge_frombytes(&a, bb), 0);
	uint8_t again[32];
	ge_tobytes(again, &a);
	assert_memory_equal(again, bb, 32);
	assert_int_equal(bb[0], 0x58);
	printf("# every flipped bit of a signature and a key refused (%u of 256 keys do not "
	       "decode)\n", keys_undecodable);
}

/* ---- cost ---- */

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void test_cost(void **state)
{
	(void)state;
	enum { SIGNS = 1000, VERIFIES = 200 };
	uint8_t seed[32] = { 7 }, pub[32], sig[64], msg[32] = { 1 };
	ed25519_public_key(seed, pub);
	double t0 = now();
	for (unsigned i = 0; i < SIGNS; i++) {
		msg[0] = (uint8_t)i;
		ed25519_sign(seed, pub, msg, sizeof(msg), sig);
	}
	double t1 = now();
	for (unsigned i = 0; i < VERIFIES; i++)
		assert_int_equal(ed25519_verify(pub, msg, sizeof(msg), sig), 0);
	double t2 = now();
	printf("# %u signs of 32 bytes: %.0f ms, %.1f us each; one verify %.1f us "
	       "(as built: unit builds carry ASan+UBSan)\n",
	       SIGNS, (t1 - t0) * 1e3, (t1 - t0) * 1e6 / SIGNS, (t2 - t1) * 1e6 / VERIFIES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field),
		cmocka_unit_test(test_scalar),
		cmocka_unit_test(test_rfc8032),
		cmocka_unit_test(test_vs_openssl),
		cmocka_unit_test(test_verify_rejects),
		cmocka_unit_test(test_cost),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
