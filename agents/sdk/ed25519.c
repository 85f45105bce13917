/* SPDX-License-Identifier: MIT */
/*
 * agents/sdk/ed25519.c - Ed25519 (RFC 8032 section 5.1) for agents.
 *
 * Field elements mod p = 2^255 - 19 are five 51-bit limbs multiplied with
 * 64x64->128-bit products (no floating point, no libgcc helpers). Points
 * are extended twisted Edwards coordinates (X:Y:Z:T), x = X/Z, y = Y/Z,
 * xy = T/Z, with the complete addition and doubling formulas of RFC 8032
 * 5.1.4, so the identity and doubling need no special case. Scalars
 * mod L are reduced one bit at a time (shift, conditional subtract).
 *
 * Secret-independent timing: the scalar multiplication is a fixed 4-bit
 * window over all 64 digits whose table entry is picked by scanning all
 * 16 entries with masks; field and scalar code has no secret-dependent
 * branch or index. Only ed25519_verify, whose inputs are public, branches
 * on data. The expanded key, the nonce, the scalars and the points of a
 * scalar multiplication are wiped before returning; the field temporaries
 * of the point formulas are left in dead stack frames (zone memory).
 */
#include "ed25519.h"
#include "fwstring.h"
#include "hmac.h" /* secure_wipe */
#include "sha2.h"

__extension__ typedef unsigned __int128 u128;

#define MASK51 ((UINT64_C(1) << 51) - 1)

/* Every operation carries, leaving limbs below 2^51 + 2^18; fe_mul and
 * fe_sq stay exact for limbs up to 2^54, fe_sub for a subtrahend's limbs
 * below 2^52 - 38. */
typedef struct {
	uint64_t v[5];
} fe;

/* Extended coordinates. */
typedef struct {
	fe X, Y, Z, T;
} ge;

/* The constants of RFC 8032 5.1, as limbs. */
static const fe fe_d = { { 0x34dca135978a3, 0x1a8283b156ebd, 0x5e7a26001c029, 0x739c663a03cbb,
			   0x52036cee2b6ff } }; /* -121665/121666 */
static const fe fe_d2 = { { 0x69b9426b2f159, 0x35050762add7a, 0x3cf44c0038052, 0x6738cc7407977,
			    0x2406d9dc56dff } }; /* 2d */
static const fe fe_sqrtm1 = { { 0x61b274a0ea0b0, 0x0d5a5fc8f189d, 0x7ef5e9cbd0c60,
				0x78595a6804c9e, 0x2b8324804fc1d } }; /* 2^((p-1)/4) */
/* B: y = 4/5, x positive; T = xy */
static const ge ge_base = {
	.X = { { 0x62d608f25d51a, 0x412a4b4f6592a, 0x75b7171a4b31d, 0x1ff60527118fe,
		 0x216936d3cd6e5 } },
	.Y = { { 0x6666666666658, 0x4cccccccccccc, 0x1999999999999, 0x3333333333333,
		 0x6666666666666 } },
	.Z = { { 1, 0, 0, 0, 0 } },
	.T = { { 0x68ab3a5b7dda3, 0x00eea2a5eadbb, 0x2af8df483c27e, 0x332b375274732,
		 0x67875f0fd78b7 } },
};

/* L = 2^252 + 27742317777372353535851937790883648493, little-endian limbs */
static const uint64_t sc_l[4] = { 0x5812631a5cf5d3ed, 0x14def9dea2f79cd6, 0, 0x1000000000000000 };

static uint64_t load64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void store64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* ---- the field ---- */

static void fe_set(fe *h, uint64_t v)
{
	h->v[0] = v;
	h->v[1] = h->v[2] = h->v[3] = h->v[4] = 0;
}

/* Limbs 1..4 below 2^51, limb 0 below 2^51 + 2^18; the value is unchanged
 * mod p (2^255 = 19). */
static void fe_carry(fe *h)
{
	uint64_t c;
	for (int i = 0; i < 4; i++) {
		c = h->v[i] >> 51;
		h->v[i] &= MASK51;
		h->v[i + 1] += c;
	}
	c = h->v[4] >> 51;
	h->v[4] &= MASK51;
	h->v[0] += 19 * c;
}

static void fe_add(fe *h, const fe *f, const fe *g)
{
	for (int i = 0; i < 5; i++)
		h->v[i] = f->v[i] + g->v[i];
	fe_carry(h);
}

/* f + 2p - g: every limb of 2p exceeds every limb of a carried g. */
static void fe_sub(fe *h, const fe *f, const fe *g)
{
	h->v[0] = f->v[0] + (2 * (MASK51 - 18)) - g->v[0];
	for (int i = 1; i < 5; i++)
		h->v[i] = f->v[i] + 2 * MASK51 - g->v[i];
	fe_carry(h);
}

static void fe_neg(fe *h, const fe *f)
{
	fe z;
	fe_set(&z, 0);
	fe_sub(h, &z, f);
}

/* Carry the five 128-bit column sums of a product into h. */
static void fe_reduce_wide(fe *h, u128 r0, u128 r1, u128 r2, u128 r3, u128 r4)
{
	r1 += (uint64_t)(r0 >> 51);
	r2 += (uint64_t)(r1 >> 51);
	r3 += (uint64_t)(r2 >> 51);
	r4 += (uint64_t)(r3 >> 51);
	uint64_t c = (uint64_t)(r4 >> 51); /* < 2^60: r4 has no factor 19 */
	h->v[0] = ((uint64_t)r0 & MASK51) + 19 * c;
	h->v[1] = ((uint64_t)r1 & MASK51) + (h->v[0] >> 51);
	h->v[0] &= MASK51;
	h->v[2] = (uint64_t)r2 & MASK51;
	h->v[3] = (uint64_t)r3 & MASK51;
	h->v[4] = (uint64_t)r4 & MASK51;
}

/* Schoolbook with the wrap-around 2^255 = 19 folded into the columns. */
static void fe_mul(fe *h, const fe *f, const fe *g)
{
	const uint64_t *a = f->v, *b = g->v;
	uint64_t b1 = 19 * b[1], b2 = 19 * b[2], b3 = 19 * b[3], b4 = 19 * b[4];
	u128 r0 = (u128)a[0] * b[0] + (u128)a[1] * b4 + (u128)a[2] * b3 + (u128)a[3] * b2 +
		  (u128)a[4] * b1;
	u128 r1 = (u128)a[0] * b[1] + (u128)a[1] * b[0] + (u128)a[2] * b4 + (u128)a[3] * b3 +
		  (u128)a[4] * b2;
	u128 r2 = (u128)a[0] * b[2] + (u128)a[1] * b[1] + (u128)a[2] * b[0] + (u128)a[3] * b4 +
		  (u128)a[4] * b3;
	u128 r3 = (u128)a[0] * b[3] + (u128)a[1] * b[2] + (u128)a[2] * b[1] + (u128)a[3] * b[0] +
		  (u128)a[4] * b4;
	u128 r4 = (u128)a[0] * b[4] + (u128)a[1] * b[3] + (u128)a[2] * b[2] + (u128)a[3] * b[1] +
		  (u128)a[4] * b[0];
	fe_reduce_wide(h, r0, r1, r2, r3, r4);
}

static void fe_sq(fe *h, const fe *f)
{
	const uint64_t *a = f->v;
	uint64_t d0 = 2 * a[0], d1 = 2 * a[1], a3_19 = 19 * a[3], a4_19 = 19 * a[4];
	u128 r0 = (u128)a[0] * a[0] + (u128)d1 * a4_19 + (u128)(2 * a[2]) * a3_19;
	u128 r1 = (u128)d0 * a[1] + (u128)(2 * a[2]) * a4_19 + (u128)a[3] * a3_19;
	u128 r2 = (u128)d0 * a[2] + (u128)a[1] * a[1] + (u128)(2 * a[3]) * a4_19;
	u128 r3 = (u128)d0 * a[3] + (u128)d1 * a[2] + (u128)a[4] * a4_19;
	u128 r4 = (u128)d0 * a[4] + (u128)d1 * a[3] + (u128)a[2] * a[2];
	fe_reduce_wide(h, r0, r1, r2, r3, r4);
}

/* h = f^(2^n) */
static void fe_sqn(fe *h, const fe *f, int n)
{
	fe_sq(h, f);
	while (--n > 0)
		fe_sq(h, h);
}

/* The canonical 32-byte little-endian encoding (value mod p, bit 255 clear). */
static void fe_tobytes(uint8_t s[32], const fe *f)
{
	fe h = *f;
	fe_carry(&h);
	fe_carry(&h); /* now h < 2^255 + 19 < 2p, limbs 1..4 below 2^51 */
	/* q = 1 exactly when h >= p, i.e. when h + 19 carries into bit 255 */
	uint64_t q = (h.v[0] + 19) >> 51;
	for (int i = 1; i < 5; i++)
		q = (h.v[i] + q) >> 51;
	h.v[0] += 19 * q; /* h - qp = h + 19q - q 2^255; the 2^255 falls off below */
	for (int i = 0; i < 4; i++) {
		h.v[i + 1] += h.v[i] >> 51;
		h.v[i] &= MASK51;
	}
	h.v[4] &= MASK51;
	store64(s, h.v[0] | h.v[1] << 51);
	store64(s + 8, h.v[1] >> 13 | h.v[2] << 38);
	store64(s + 16, h.v[2] >> 26 | h.v[3] << 25);
	store64(s + 24, h.v[3] >> 39 | h.v[4] << 12);
}

/* Bit 255 is ignored (it is the sign of x in a point encoding). The value
 * may be >= p; callers that must refuse that compare with fe_tobytes. */
static void fe_frombytes(fe *h, const uint8_t s[32])
{
	h->v[0] = load64(s) & MASK51;
	h->v[1] = (load64(s + 6) >> 3) & MASK51;
	h->v[2] = (load64(s + 12) >> 6) & MASK51;
	h->v[3] = (load64(s + 19) >> 1) & MASK51;
	h->v[4] = (load64(s + 24) >> 12) & MASK51;
}

static int fe_isnegative(const fe *f)
{
	uint8_t s[32];
	fe_tobytes(s, f);
	return s[0] & 1;
}

static int fe_iszero(const fe *f)
{
	uint8_t s[32], d = 0;
	fe_tobytes(s, f);
	for (int i = 0; i < 32; i++)
		d |= s[i];
	return d == 0;
}

/* h = f when mask is all ones, unchanged when it is 0. */
static void fe_cmov(fe *h, const fe *f, uint64_t mask)
{
	for (int i = 0; i < 5; i++)
		h->v[i] ^= mask & (h->v[i] ^ f->v[i]);
}

/* z^(2^250 - 1) into *z250 and z^11 into *z11: the common prefix of the two
 * exponentiations below (an addition chain of 250 squarings, 11 products). */
static void fe_pow_2_250(fe *z250, fe *z11, const fe *z)
{
	fe t, z9, a, b;
	fe_sqn(&t, z, 3);       /* z^8 */
	fe_mul(&z9, &t, z);      /* z^9 */
	fe_sq(&t, z);            /* z^2 */
	fe_mul(z11, &z9, &t);    /* z^11 */
	fe_sq(&t, z11);          /* z^22 */
	fe_mul(&a, &t, &z9);     /* z^(2^5 - 1) */
	fe_sqn(&t, &a, 5);
	fe_mul(&a, &t, &a);      /* 2^10 - 1 */
	fe_sqn(&t, &a, 10);
	fe_mul(&b, &t, &a);      /* 2^20 - 1 */
	fe_sqn(&t, &b, 20);
	fe_mul(&t, &t, &b);      /* 2^40 - 1 */
	fe_sqn(&t, &t, 10);
	fe_mul(&a, &t, &a);      /* 2^50 - 1 */
	fe_sqn(&t, &a, 50);
	fe_mul(&b, &t, &a);      /* 2^100 - 1 */
	fe_sqn(&t, &b, 100);
	fe_mul(&t, &t, &b);      /* 2^200 - 1 */
	fe_sqn(&t, &t, 50);
	fe_mul(z250, &t, &a);    /* 2^250 - 1 */
}

/* 1/z = z^(p - 2) = z^(2^255 - 21) */
static void fe_invert(fe *h, const fe *z)
{
	fe t, z11;
	fe_pow_2_250(&t, &z11, z);
	fe_sqn(&t, &t, 5);
	fe_mul(h, &t, &z11);
}

/* z^((p - 5) / 8) = z^(2^252 - 3), for square roots (RFC 8032 5.1.3) */
static void fe_pow22523(fe *h, const fe *z)
{
	fe t, z11;
	fe_pow_2_250(&t, &z11, z);
	fe_sqn(&t, &t, 2);
	fe_mul(h, &t, z);
}

/* ---- the group ---- */

static void ge_identity(ge *p)
{
	fe_set(&p->X, 0);
	fe_set(&p->Y, 1);
	fe_set(&p->Z, 1);
	fe_set(&p->T, 0);
}

/* r = p + q (RFC 8032 5.1.4, complete); r may be p or q. */
static void ge_add(ge *r, const ge *p, const ge *q)
{
	fe a, b, c, d, e, f, g, h, t;
	fe_sub(&a, &p->Y, &p->X);
	fe_sub(&t, &q->Y, &q->X);
	fe_mul(&a, &a, &t);
	fe_add(&b, &p->Y, &p->X);
	fe_add(&t, &q->Y, &q->X);
	fe_mul(&b, &b, &t);
	fe_mul(&c, &p->T, &q->T);
	fe_mul(&c, &c, &fe_d2);
	fe_mul(&d, &p->Z, &q->Z);
	fe_add(&d, &d, &d);
	fe_sub(&e, &b, &a);
	fe_sub(&f, &d, &c);
	fe_add(&g, &d, &c);
	fe_add(&h, &b, &a);
	fe_mul(&r->X, &e, &f);
	fe_mul(&r->Y, &g, &h);
	fe_mul(&r->T, &e, &h);
	fe_mul(&r->Z, &f, &g);
}

/* r = 2p (RFC 8032 5.1.4); r may be p. */
static void ge_dbl(ge *r, const ge *p)
{
	fe a, b, c, e, f, g, h, t;
	fe_sq(&a, &p->X);
	fe_sq(&b, &p->Y);
	fe_sq(&c, &p->Z);
	fe_add(&c, &c, &c);
	fe_add(&h, &a, &b);
	fe_add(&t, &p->X, &p->Y);
	fe_sq(&t, &t);
	fe_sub(&e, &h, &t);
	fe_sub(&g, &a, &b);
	fe_add(&f, &c, &g);
	fe_mul(&r->X, &e, &f);
	fe_mul(&r->Y, &g, &h);
	fe_mul(&r->T, &e, &h);
	fe_mul(&r->Z, &f, &g);
}

static void ge_neg(ge *r, const ge *p)
{
	fe_neg(&r->X, &p->X);
	r->Y = p->Y;
	r->Z = p->Z;
	fe_neg(&r->T, &p->T);
}

/* x and y from (X:Y:Z), then y with x's low bit in bit 255 (RFC 8032 5.1.2). */
static void ge_tobytes(uint8_t s[32], const ge *p)
{
	fe zi, x, y;
	fe_invert(&zi, &p->Z);
	fe_mul(&x, &p->X, &zi);
	fe_mul(&y, &p->Y, &zi);
	fe_tobytes(s, &y);
	s[31] ^= (uint8_t)(fe_isnegative(&x) << 7);
}

/* Decode a point (RFC 8032 5.1.3): 0, or -1 for a y >= p, a y with no x on
 * the curve, or x = 0 with the sign bit set. Public inputs only. */
static int ge_frombytes(ge *p, const uint8_t s[32])
{
	fe u, v, v3, x, vxx, chk;
	uint8_t canon[32];
	int sign = s[31] >> 7;

	fe_frombytes(&p->Y, s);
	fe_tobytes(canon, &p->Y);
	canon[31] |= (uint8_t)(sign << 7);
	if (memcmp(canon, s, 32) != 0)
		return -1;
	fe_set(&p->Z, 1);
	fe_sq(&u, &p->Y);
	fe_mul(&v, &u, &fe_d);
	fe_sub(&u, &u, &p->Z); /* u = y^2 - 1 */
	fe_add(&v, &v, &p->Z); /* v = d y^2 + 1 */
	/* x = u v^3 (u v^7)^((p - 5) / 8) */
	fe_sq(&v3, &v);
	fe_mul(&v3, &v3, &v);
	fe_sq(&x, &v3);
	fe_mul(&x, &x, &v);
	fe_mul(&x, &x, &u);
	fe_pow22523(&x, &x);
	fe_mul(&x, &x, &v3);
	fe_mul(&x, &x, &u);
	fe_sq(&vxx, &x);
	fe_mul(&vxx, &vxx, &v);
	fe_sub(&chk, &vxx, &u);
	if (!fe_iszero(&chk)) {
		fe_add(&chk, &vxx, &u);
		if (!fe_iszero(&chk))
			return -1; /* u/v is not a square */
		fe_mul(&x, &x, &fe_sqrtm1);
	}
	if (fe_isnegative(&x) != sign) {
		if (fe_iszero(&x))
			return -1;
		fe_neg(&x, &x);
	}
	p->X = x;
	fe_mul(&p->T, &x, &p->Y);
	return 0;
}

static void ge_cmov(ge *r, const ge *p, uint64_t mask)
{
	fe_cmov(&r->X, &p->X, mask);
	fe_cmov(&r->Y, &p->Y, mask);
	fe_cmov(&r->Z, &p->Z, mask);
	fe_cmov(&r->T, &p->T, mask);
}

/* r = [s]p for a 256-bit little-endian s: 64 four-bit digits from the top,
 * each adding tab[digit] = [digit]p after four doublings. Every digit reads
 * every table entry, so neither time nor addresses depend on s. */
static void ge_scalarmult(ge *r, const ge *p, const uint8_t s[32])
{
	ge tab[16], q, t;

	ge_identity(&tab[0]);
	tab[1] = *p;
	for (int i = 2; i < 16; i++)
		ge_add(&tab[i], &tab[i - 1], p);
	ge_identity(&q);
	for (int i = 63; i >= 0; i--) {
		uint32_t digit = (s[i / 2] >> (4 * (i & 1))) & 15;
		if (i != 63)
			for (int k = 0; k < 4; k++)
				ge_dbl(&q, &q);
		t = tab[0];
		for (uint32_t j = 1; j < 16; j++) {
			/* all ones exactly when j == digit: (j ^ digit) - 1 wraps */
			uint64_t eq = 0 - (uint64_t)((((j ^ digit) - 1) >> 31) & 1);
			ge_cmov(&t, &tab[j], eq);
		}
		ge_add(&q, &q, &t);
	}
	*r = q;
	secure_wipe(&q, sizeof(q));
	secure_wipe(&t, sizeof(t));
	secure_wipe(tab, sizeof(tab));
}

/* ---- scalars mod L ---- */

/* out = x mod L for a 512-bit x (little-endian limbs). From the top bit
 * down, r = 2r + bit stays below 2L and one conditional subtraction of L
 * keeps r < L. Constant time: the subtraction is always computed and kept
 * by mask. */
static void sc_reduce(uint8_t out[32], const uint64_t x[8])
{
	uint64_t r[4] = { 0, 0, 0, 0 }, t[4];

	for (int i = 511; i >= 0; i--) {
		r[3] = r[3] << 1 | r[2] >> 63; /* r < 2^253: nothing falls off */
		r[2] = r[2] << 1 | r[1] >> 63;
		r[1] = r[1] << 1 | r[0] >> 63;
		r[0] = r[0] << 1 | ((x[i / 64] >> (i % 64)) & 1);
		uint64_t borrow = 0;
		for (int j = 0; j < 4; j++) {
			u128 d = (u128)r[j] - sc_l[j] - borrow;
			t[j] = (uint64_t)d;
			borrow = (uint64_t)(d >> 64) & 1;
		}
		uint64_t keep_t = borrow - 1; /* all ones when r >= L */
		for (int j = 0; j < 4; j++)
			r[j] = (t[j] & keep_t) | (r[j] & ~keep_t);
	}
	for (int j = 0; j < 4; j++)
		store64(out + 8 * j, r[j]);
	secure_wipe(r, sizeof(r));
	secure_wipe(t, sizeof(t));
}

/* A SHA-512 digest, read as a little-endian integer, mod L. */
static void sc_from_digest(uint8_t out[32], const uint8_t h[64])
{
	uint64_t x[8];
	for (int i = 0; i < 8; i++)
		x[i] = load64(h + 8 * i);
	sc_reduce(out, x);
	secure_wipe(x, sizeof(x));
}

/* out = (k a + r) mod L; k, r < L and a < 2^255, so k a + r < 2^512. */
static void sc_muladd(uint8_t out[32], const uint8_t k[32], const uint8_t a[32],
		      const uint8_t r[32])
{
	uint64_t x[8] = { 0 }, kl[4], al[4];
	for (int i = 0; i < 4; i++) {
		kl[i] = load64(k + 8 * i);
		al[i] = load64(a + 8 * i);
	}
	for (int i = 0; i < 4; i++) {
		uint64_t c = 0;
		for (int j = 0; j < 4; j++) {
			u128 m = (u128)kl[i] * al[j] + x[i + j] + c;
			x[i + j] = (uint64_t)m;
			c = (uint64_t)(m >> 64);
		}
		x[i + 4] = c;
	}
	uint64_t c = 0;
	for (int i = 0; i < 8; i++) {
		u128 s = (u128)x[i] + (i < 4 ? load64(r + 8 * i) : 0) + c;
		x[i] = (uint64_t)s;
		c = (uint64_t)(s >> 64);
	}
	sc_reduce(out, x);
	secure_wipe(x, sizeof(x));
	secure_wipe(al, sizeof(al));
}

/* s < L (RFC 8032 5.1.7 step 1); public input. */
static int sc_is_canonical(const uint8_t s[32])
{
	for (int i = 3; i >= 0; i--) {
		uint64_t v = load64(s + 8 * i);
		if (v != sc_l[i])
			return v < sc_l[i];
	}
	return 0; /* s == L */
}

/* ---- Ed25519 ---- */

/* h = SHA-512(seed); h[0..32) becomes the clamped scalar a (RFC 8032
 * 5.1.5), h[32..64) is the prefix that derives the per-message nonce. */
static void expand_seed(uint8_t h[64], const uint8_t seed[32])
{
	sha512(seed, 32, h);
	h[0] &= 248;
	h[31] &= 127;
	h[31] |= 64;
}

void ed25519_public_key(const uint8_t seed[32], uint8_t pub[32])
{
	uint8_t h[64];
	ge a;
	expand_seed(h, seed);
	ge_scalarmult(&a, &ge_base, h);
	ge_tobytes(pub, &a);
	secure_wipe(h, sizeof(h));
	secure_wipe(&a, sizeof(a));
}

void ed25519_sign(const uint8_t seed[32], const uint8_t pub[32], const void *msg, size_t len,
		  uint8_t sig[64])
{
	struct sha512_ctx c;
	uint8_t h[64], d[64], r[32], rb[32], k[32], s[32];
	ge rp;

	expand_seed(h, seed);
	/* r = SHA-512(prefix || M) mod L; R = [r]B */
	sha512_init(&c);
	sha512_update(&c, h + 32, 32);
	sha512_update(&c, msg, len);
	sha512_final(&c, d);
	sc_from_digest(r, d);
	ge_scalarmult(&rp, &ge_base, r);
	ge_tobytes(rb, &rp);
	/* k = SHA-512(R || A || M) mod L; S = (r + k a) mod L */
	sha512_init(&c);
	sha512_update(&c, rb, 32);
	sha512_update(&c, pub, 32);
	sha512_update(&c, msg, len);
	sha512_final(&c, d);
	sc_from_digest(k, d);
	sc_muladd(s, k, h, r);
	memcpy(sig, rb, 32); /* only now: msg may overlap sig */
	memcpy(sig + 32, s, 32);

	secure_wipe(&c, sizeof(c));
	secure_wipe(h, sizeof(h));
	secure_wipe(d, sizeof(d));
	secure_wipe(r, sizeof(r));
	secure_wipe(&rp, sizeof(rp));
}

int ed25519_verify(const uint8_t pub[32], const void *msg, size_t len, const uint8_t sig[64])
{
	struct sha512_ctx c;
	uint8_t d[64], k[32], rcheck[32];
	ge a, sb, ka;

	if (!sc_is_canonical(sig + 32))
		return -1;
	if (ge_frombytes(&a, pub) != 0)
		return -1;
	sha512_init(&c);
	sha512_update(&c, sig, 32);
	sha512_update(&c, pub, 32);
	sha512_update(&c, msg, len);
	sha512_final(&c, d);
	sc_from_digest(k, d);
	/* [S]B - [k]A must be R, byte for byte */
	ge_neg(&a, &a);
	ge_scalarmult(&sb, &ge_base, sig + 32);
	ge_scalarmult(&ka, &a, k);
	ge_add(&sb, &sb, &ka);
	ge_tobytes(rcheck, &sb);
	return memcmp(rcheck, sig, 32) == 0 ? 0 : -1;
}
