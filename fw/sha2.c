/* SPDX-License-Identifier: MIT */
/*
 * fw/sha2.c - SHA-256 and SHA-512/384 per FIPS 180-4. Straight C, no
 * tables beyond the round constants, so it runs freestanding (no SSE) and
 * on the host for tests. Rounds are unrolled eight at a time with rotating
 * variable roles: hashing the kernel and initrd is most of the firmware's
 * own boot time, so this loop matters.
 */
#include "sha2.h"
#include "fwstring.h"

static inline uint32_t ror32(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }
static inline uint64_t ror64(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }

static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline uint64_t load_be64(const uint8_t *p)
{
	return (uint64_t)load_be32(p) << 32 | load_be32(p + 4);
}
static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v;
}
static inline void store_be64(uint8_t *p, uint64_t v)
{
	store_be32(p, v >> 32);
	store_be32(p + 4, (uint32_t)v);
}

/* ---- SHA-256 ---- */

static const uint32_t K256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define S256_SCHED(w, i)                                                              \
	(w[(i) & 15] += (ror32(w[((i) - 2) & 15], 17) ^ ror32(w[((i) - 2) & 15], 19) ^  \
			 (w[((i) - 2) & 15] >> 10)) + w[((i) - 7) & 15] +                 \
			(ror32(w[((i) - 15) & 15], 7) ^ ror32(w[((i) - 15) & 15], 18) ^   \
			 (w[((i) - 15) & 15] >> 3)))
#define S256_ROUND(a, b, c, d, e, f, g, h, k, wi)                                     \
	do {                                                                          \
		uint32_t t1 = h + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) +       \
			      ((e & f) ^ (~e & g)) + (k) + (wi);                       \
		uint32_t t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) +           \
			      ((a & b) ^ (a & c) ^ (b & c));                           \
		d += t1;                                                              \
		h = t1 + t2;                                                          \
	} while (0)

static void sha256_block(uint32_t st[8], const uint8_t *p)
{
	uint32_t w[16];
	uint32_t a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
	for (int i = 0; i < 16; i++)
		w[i] = load_be32(p + 4 * i);
	for (int i = 0; i < 64; i += 8) {
		if (i >= 16)
			for (int j = i; j < i + 8; j++)
				S256_SCHED(w, j);
		S256_ROUND(a, b, c, d, e, f, g, h, K256[i + 0], w[(i + 0) & 15]);
		S256_ROUND(h, a, b, c, d, e, f, g, K256[i + 1], w[(i + 1) & 15]);
		S256_ROUND(g, h, a, b, c, d, e, f, K256[i + 2], w[(i + 2) & 15]);
		S256_ROUND(f, g, h, a, b, c, d, e, K256[i + 3], w[(i + 3) & 15]);
		S256_ROUND(e, f, g, h, a, b, c, d, K256[i + 4], w[(i + 4) & 15]);
		S256_ROUND(d, e, f, g, h, a, b, c, K256[i + 5], w[(i + 5) & 15]);
		S256_ROUND(c, d, e, f, g, h, a, b, K256[i + 6], w[(i + 6) & 15]);
		S256_ROUND(b, c, d, e, f, g, h, a, K256[i + 7], w[(i + 7) & 15]);
	}
	st[0] += a, st[1] += b, st[2] += c, st[3] += d;
	st[4] += e, st[5] += f, st[6] += g, st[7] += h;
}

void sha256_init(struct sha256_ctx *c)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	for (int i = 0; i < 8; i++)
		c->h[i] = iv[i];
	c->bytes = 0;
	c->fill = 0;
}

void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	c->bytes += len;
	if (c->fill) {
		size_t take = 64 - c->fill < len ? 64 - c->fill : len;
		memcpy(c->buf + c->fill, p, take);
		c->fill += take, p += take, len -= take;
		if (c->fill < 64)
			return;
		sha256_block(c->h, c->buf);
		c->fill = 0;
	}
	for (; len >= 64; p += 64, len -= 64)
		sha256_block(c->h, p);
	memcpy(c->buf, p, len);
	c->fill = len;
}

void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE])
{
	uint64_t bits = c->bytes * 8;
	c->buf[c->fill++] = 0x80;
	if (c->fill > 56) {
		memset(c->buf + c->fill, 0, 64 - c->fill);
		sha256_block(c->h, c->buf);
		c->fill = 0;
	}
	memset(c->buf + c->fill, 0, 56 - c->fill);
	store_be64(c->buf + 56, bits);
	sha256_block(c->h, c->buf);
	for (int i = 0; i < 8; i++)
		store_be32(out + 4 * i, c->h[i]);
}

void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;
	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, out);
}

/* ---- SHA-512 / SHA-384 ---- */

static const uint64_t K512[80] = {
	0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
	0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
	0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
	0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
	0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
	0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
	0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
	0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
	0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
	0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
	0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
	0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
	0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
	0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
	0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
	0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
	0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
	0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
	0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
	0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

#define S512_SCHED(w, i)                                                              \
	(w[(i) & 15] += (ror64(w[((i) - 2) & 15], 19) ^ ror64(w[((i) - 2) & 15], 61) ^  \
			 (w[((i) - 2) & 15] >> 6)) + w[((i) - 7) & 15] +                  \
			(ror64(w[((i) - 15) & 15], 1) ^ ror64(w[((i) - 15) & 15], 8) ^    \
			 (w[((i) - 15) & 15] >> 7)))
#define S512_ROUND(a, b, c, d, e, f, g, h, k, wi)                                     \
	do {                                                                          \
		uint64_t t1 = h + (ror64(e, 14) ^ ror64(e, 18) ^ ror64(e, 41)) +      \
			      ((e & f) ^ (~e & g)) + (k) + (wi);                       \
		uint64_t t2 = (ror64(a, 28) ^ ror64(a, 34) ^ ror64(a, 39)) +          \
			      ((a & b) ^ (a & c) ^ (b & c));                           \
		d += t1;                                                              \
		h = t1 + t2;                                                          \
	} while (0)

static void sha512_block(uint64_t st[8], const uint8_t *p)
{
	uint64_t w[16];
	uint64_t a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
	for (int i = 0; i < 16; i++)
		w[i] = load_be64(p + 8 * i);
	for (int i = 0; i < 80; i += 8) {
		if (i >= 16)
			for (int j = i; j < i + 8; j++)
				S512_SCHED(w, j);
		S512_ROUND(a, b, c, d, e, f, g, h, K512[i + 0], w[(i + 0) & 15]);
		S512_ROUND(h, a, b, c, d, e, f, g, K512[i + 1], w[(i + 1) & 15]);
		S512_ROUND(g, h, a, b, c, d, e, f, K512[i + 2], w[(i + 2) & 15]);
		S512_ROUND(f, g, h, a, b, c, d, e, K512[i + 3], w[(i + 3) & 15]);
		S512_ROUND(e, f, g, h, a, b, c, d, K512[i + 4], w[(i + 4) & 15]);
		S512_ROUND(d, e, f, g, h, a, b, c, K512[i + 5], w[(i + 5) & 15]);
		S512_ROUND(c, d, e, f, g, h, a, b, K512[i + 6], w[(i + 6) & 15]);
		S512_ROUND(b, c, d, e, f, g, h, a, K512[i + 7], w[(i + 7) & 15]);
	}
	st[0] += a, st[1] += b, st[2] += c, st[3] += d;
	st[4] += e, st[5] += f, st[6] += g, st[7] += h;
}

static void sha512_set(struct sha512_ctx *c, const uint64_t iv[8])
{
	for (int i = 0; i < 8; i++)
		c->h[i] = iv[i];
	c->bytes = 0;
	c->fill = 0;
}

void sha384_init(struct sha512_ctx *c)
{
	static const uint64_t iv[8] = {
		0xcbbb9d5dc1059ed8ULL, 0x629a292a367cd507ULL, 0x9159015a3070dd17ULL, 0x152fecd8f70e5939ULL,
		0x67332667ffc00b31ULL, 0x8eb44a8768581511ULL, 0xdb0c2e0d64f98fa7ULL, 0x47b5481dbefa4fa4ULL,
	};
	sha512_set(c, iv);
}

void sha512_init(struct sha512_ctx *c)
{
	static const uint64_t iv[8] = {
		0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
		0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
	};
	sha512_set(c, iv);
}

void sha512_update(struct sha512_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	c->bytes += len;
	if (c->fill) {
		size_t take = 128 - c->fill < len ? 128 - c->fill : len;
		memcpy(c->buf + c->fill, p, take);
		c->fill += take, p += take, len -= take;
		if (c->fill < 128)
			return;
		sha512_block(c->h, c->buf);
		c->fill = 0;
	}
	for (; len >= 128; p += 128, len -= 128)
		sha512_block(c->h, p);
	memcpy(c->buf, p, len);
	c->fill = len;
}

static void sha512_finish(struct sha512_ctx *c, uint8_t *out, int words)
{
	c->buf[c->fill++] = 0x80;
	if (c->fill > 112) {
		memset(c->buf + c->fill, 0, 128 - c->fill);
		sha512_block(c->h, c->buf);
		c->fill = 0;
	}
	memset(c->buf + c->fill, 0, 120 - c->fill);
	store_be64(c->buf + 120, c->bytes * 8); /* high 64 length bits stay 0 */
	c->buf[119] = (uint8_t)(c->bytes >> 61);
	sha512_block(c->h, c->buf);
	for (int i = 0; i < words; i++)
		store_be64(out + 8 * i, c->h[i]);
}

void sha384_final(struct sha512_ctx *c, uint8_t out[SHA384_DIGEST_SIZE])
{
	sha512_finish(c, out, 6);
}

void sha512_final(struct sha512_ctx *c, uint8_t out[SHA512_DIGEST_SIZE])
{
	sha512_finish(c, out, 8);
}

void sha384(const void *data, size_t len, uint8_t out[SHA384_DIGEST_SIZE])
{
	struct sha512_ctx c;
	sha384_init(&c);
	sha512_update(&c, data, len);
	sha384_final(&c, out);
}

void sha512(const void *data, size_t len, uint8_t out[SHA512_DIGEST_SIZE])
{
	struct sha512_ctx c;
	sha512_init(&c);
	sha512_update(&c, data, len);
	sha512_final(&c, out);
}
