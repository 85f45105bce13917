/* SPDX-License-Identifier: MIT */
/*
 * fw/eventlog.c - TCG PC Client PFP event log writer (crypto-agile format,
 * section 10.2). First event: TCG_PCClientPCREvent (SHA-1 layout) carrying
 * TCG_EfiSpecIDEvent that announces one algorithm, SHA-384; then
 * TCG_PCR_EVENT2 records. Unused log space is 0xff, as edk2 leaves it.
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

#define SPECID_DATA_SIZE (16 + 4 + 1 + 1 + 1 + 1 + 4 + 4 + 1)
#define SPECID_EVENT_SIZE (4 + 4 + 20 + 4 + SPECID_DATA_SIZE)

size_t evlog_specid_size(void)
{
	return SPECID_EVENT_SIZE;
}

int evlog_init(struct evlog *l, void *buf, size_t cap)
{
	memset(l, 0, sizeof(*l));
	if (cap < SPECID_EVENT_SIZE)
		return -1;
	l->base = buf;
	l->cap = cap;
	memset(buf, 0xff, cap);
	uint8_t *p = buf;
	put32(p, 0);                   /* PCRIndex */
	put32(p + 4, EV_NO_ACTION);    /* EventType */
	memset(p + 8, 0, 20);          /* SHA-1 digest: zero */
	put32(p + 28, SPECID_DATA_SIZE);
	uint8_t *e = p + 32;
	memcpy(e, TCG_SPEC_ID_SIGNATURE, 16); /* includes the NUL */
	put32(e + 16, 0);              /* platformClass: client */
	e[20] = 0;                     /* specVersionMinor */
	e[21] = 2;                     /* specVersionMajor */
	e[22] = 0;                     /* specErrata */
	e[23] = 2;                     /* uintnSize: UINT64 */
	put32(e + 24, 1);              /* numberOfAlgorithms */
	put16(e + 28, TPM_ALG_SHA384);
	put16(e + 30, SHA384_DIGEST_SIZE);
	e[32] = 0;                     /* vendorInfoSize */
	l->used = SPECID_EVENT_SIZE;
	return 0;
}

int evlog_append(struct evlog *l, uint32_t mr, uint32_t type, const uint8_t digest[48],
		 const void *data, uint32_t len)
{
	size_t need = 4 + 4 + 4 + 2 + 48 + 4 + (size_t)len;
	if (mr >= EVLOG_MAX_MR || !l->base || len > l->cap || need > l->cap - l->used)
		return -1;
	uint8_t *p = l->base + l->used;
	put32(p, mr);
	put32(p + 4, type);
	put32(p + 8, 1);               /* digests.count */
	put16(p + 12, TPM_ALG_SHA384);
	memcpy(p + 14, digest, 48);
	put32(p + 62, len);
	if (len) /* data may be NULL when len is 0 */
		memcpy(p + 66, data, len);
	l->used += need;
	l->events++;

	if (type != EV_NO_ACTION) {
		struct sha512_ctx c;
		sha384_init(&c);
		sha384_update(&c, l->replay[mr], 48);
		sha384_update(&c, digest, 48);
		sha384_final(&c, l->replay[mr]);
		l->mr_used |= 1u << mr;
	}
	return 0;
}
