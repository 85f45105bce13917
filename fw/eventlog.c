/* SPDX-License-Identifier: MIT */
/*
 * fw/eventlog.c - TCG PC Client PFP event log writer (crypto-agile format,
 * section 10.2). First event: TCG_PCClientPCREvent (SHA-1 layout) carrying
 * TCG_EfiSpecIDEvent that announces the algorithms (SHA-384, and SHA-256
 * when a TPM has that bank); then TCG_PCR_EVENT2 records with one digest
 * per announced algorithm, in the announced order (ascending TPM_ALG_ID,
 * as edk2 writes them). Unused log space is 0xff, as edk2 leaves it.
 */
#include "eventlog.h"
#include "fwstring.h"
#include "sha2.h"

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}
static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8);
}

/* TCG_EfiSpecIDEvent without its algorithm list, and one list entry. */
#define SPECID_FIXED 29
#define SPECID_ALG 4
#define SPECID_EVENT_SIZE(nalg) (4 + 4 + 20 + 4 + SPECID_FIXED + SPECID_ALG * (nalg))

static unsigned nbanks(unsigned banks)
{
	return (banks & EVLOG_BANK_SHA256 ? 1u : 0u) + (banks & EVLOG_BANK_SHA384 ? 1u : 0u);
}

size_t evlog_specid_size(void)
{
	return SPECID_EVENT_SIZE(1);
}

int evlog_init_banks(struct evlog *l, void *buf, size_t cap, unsigned banks)
{
	memset(l, 0, sizeof(*l));
	unsigned n = nbanks(banks);
	if (!(banks & EVLOG_BANK_SHA384) || (banks & ~(EVLOG_BANK_SHA256 | EVLOG_BANK_SHA384)) ||
	    cap < SPECID_EVENT_SIZE(n))
		return -1;
	l->base = buf;
	l->cap = cap;
	l->banks = banks;
	memset(buf, 0xff, cap);
	uint8_t *p = buf;
	put32(p, 0);                   /* PCRIndex */
	put32(p + 4, EV_NO_ACTION);    /* EventType */
	memset(p + 8, 0, 20);          /* SHA-1 digest: zero */
	put32(p + 28, SPECID_FIXED + SPECID_ALG * n);
	uint8_t *e = p + 32;
	memcpy(e, TCG_SPEC_ID_SIGNATURE, 16); /* includes the NUL */
	put32(e + 16, 0);              /* platformClass: client */
	e[20] = 0;                     /* specVersionMinor */
	e[21] = 2;                     /* specVersionMajor */
	e[22] = 0;                     /* specErrata */
	e[23] = 2;                     /* uintnSize: UINT64 */
	put32(e + 24, n);              /* numberOfAlgorithms */
	uint8_t *a = e + 28;
	if (banks & EVLOG_BANK_SHA256) {
		put16(a, TPM_ALG_SHA256);
		put16(a + 2, SHA256_DIGEST_SIZE);
		a += SPECID_ALG;
	}
	put16(a, TPM_ALG_SHA384);
	put16(a + 2, SHA384_DIGEST_SIZE);
	a[SPECID_ALG] = 0;             /* vendorInfoSize */
	l->used = SPECID_EVENT_SIZE(n);
	return 0;
}

int evlog_init(struct evlog *l, void *buf, size_t cap)
{
	return evlog_init_banks(l, buf, cap, EVLOG_BANK_SHA384);
}

int evlog_append2(struct evlog *l, uint32_t mr, uint32_t type, const uint8_t sha384[48],
		  const uint8_t *sha256, const void *data, uint32_t len)
{
	int with256 = (l->banks & EVLOG_BANK_SHA256) != 0;
	size_t need = 4 + 4 + 4 + (2 + 48) + (with256 ? 2 + 32 : 0) + 4 + (size_t)len;
	if (mr >= EVLOG_MAX_MR || !l->base || (with256 && !sha256) || len > l->cap ||
	    need > l->cap - l->used)
		return -1;
	uint8_t *p = l->base + l->used;
	put32(p, mr);
	put32(p + 4, type);
	put32(p + 8, with256 ? 2 : 1); /* digests.count */
	p += 12;
	if (with256) {
		put16(p, TPM_ALG_SHA256);
		memcpy(p + 2, sha256, 32);
		p += 34;
	}
	put16(p, TPM_ALG_SHA384);
	memcpy(p + 2, sha384, 48);
	put32(p + 50, len);
	if (len) /* data may be NULL when len is 0 */
		memcpy(p + 54, data, len);
	l->used += need;
	l->events++;

	if (type != EV_NO_ACTION) {
		struct sha512_ctx c;
		sha384_init(&c);
		sha384_update(&c, l->replay[mr], 48);
		sha384_update(&c, sha384, 48);
		sha384_final(&c, l->replay[mr]);
		if (with256) {
			struct sha256_ctx c2;
			sha256_init(&c2);
			sha256_update(&c2, l->replay256[mr], 32);
			sha256_update(&c2, sha256, 32);
			sha256_final(&c2, l->replay256[mr]);
		}
		l->mr_used |= 1u << mr;
	}
	return 0;
}

int evlog_append(struct evlog *l, uint32_t mr, uint32_t type, const uint8_t digest[48],
		 const void *data, uint32_t len)
{
	return evlog_append2(l, mr, type, digest, NULL, data, len);
}
