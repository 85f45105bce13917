// SPDX-License-Identifier: MIT
/*
 * tools/attest/evlog.c - the strict TCG crypto-agile event-log reader, its
 * replay and TETD's event-data decoder (evlog.h says what "strict" means).
 * Field layouts: TCG PC Client PFP 1.05 section 10.2.1 (TCG_PCClientPCREvent),
 * 10.4.5.1 (TCG_EfiSpecIDEvent), 10.2.2 (TCG_PCR_EVENT2), 10.4.5.3
 * (StartupLocality), 10.4.2 (TCG_PCClientTaggedEvent); TETD's tags:
 * include/tetd/zone.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "evlog.h"

#define HDR_SIZE     32          /* PCRIndex, EventType, SHA-1 digest, EventSize */
#define SPECID_FIXED 28          /* signature .. numberOfAlgorithms */
#define EV2_FIXED    12          /* PCRIndex, EventType, digests.count */

static const uint8_t specid_sig[16] = "Spec ID Event03";   /* with its NUL */
static const uint8_t locality_sig[16] = "StartupLocality";

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16;
}

__attribute__((format(printf, 3, 4)))
static int fail(char *msg, size_t msglen, const char *fmt, ...)
{
	va_list ap;

	if (msg && msglen) {
		va_start(ap, fmt);
		vsnprintf(msg, msglen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* ---------------------------------------------------------- names */

static const struct { uint16_t alg, size; const char *name; } algs[] = {
	{ TPM_ALG_SHA1, 20, "sha1" },
	{ TPM_ALG_SHA256, 32, "sha256" },
	{ TPM_ALG_SHA384, 48, "sha384" },
	{ TPM_ALG_SHA512, 64, "sha512" },
	{ TPM_ALG_SM3_256, 32, "sm3_256" },
};

const char *evlog_alg_name(uint16_t alg)
{
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (algs[i].alg == alg)
			return algs[i].name;
	return NULL;
}

static int alg_size(uint16_t alg)
{
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (algs[i].alg == alg)
			return algs[i].size;
	return -1;
}

static const EVP_MD *alg_md(uint16_t alg)
{
	switch (alg) {
	case TPM_ALG_SHA1: return EVP_sha1();
	case TPM_ALG_SHA256: return EVP_sha256();
	case TPM_ALG_SHA384: return EVP_sha384();
	case TPM_ALG_SHA512: return EVP_sha512();
	default: return NULL;
	}
}

int evlog_hash(uint16_t alg, const void *data, size_t len, uint8_t *out)
{
	const EVP_MD *md = alg_md(alg);
	unsigned n = 0;

	if (!md || EVP_Digest(data, len, out, &n, md, NULL) != 1)
		return -1;
	return 0;
}

/* TCG PC Client PFP 1.05 table 9 and the EFI event types. */
static const struct { uint32_t type; const char *name; } types[] = {
	{ 0x00000000, "EV_PREBOOT_CERT" },
	{ 0x00000001, "EV_POST_CODE" },
	{ 0x00000002, "EV_UNUSED" },
	{ 0x00000003, "EV_NO_ACTION" },
	{ 0x00000004, "EV_SEPARATOR" },
	{ 0x00000005, "EV_ACTION" },
	{ 0x00000006, "EV_EVENT_TAG" },
	{ 0x00000007, "EV_S_CRTM_CONTENTS" },
	{ 0x00000008, "EV_S_CRTM_VERSION" },
	{ 0x00000009, "EV_CPU_MICROCODE" },
	{ 0x0000000A, "EV_PLATFORM_CONFIG_FLAGS" },
	{ 0x0000000B, "EV_TABLE_OF_DEVICES" },
	{ 0x0000000C, "EV_COMPACT_HASH" },
	{ 0x0000000D, "EV_IPL" },
	{ 0x0000000E, "EV_IPL_PARTITION_DATA" },
	{ 0x0000000F, "EV_NONHOST_CODE" },
	{ 0x00000010, "EV_NONHOST_CONFIG" },
	{ 0x00000011, "EV_NONHOST_INFO" },
	{ 0x00000012, "EV_OMIT_BOOT_DEVICE_EVENTS" },
	{ 0x80000000, "EV_EFI_EVENT_BASE" },
	{ 0x80000001, "EV_EFI_VARIABLE_DRIVER_CONFIG" },
	{ 0x80000002, "EV_EFI_VARIABLE_BOOT" },
	{ 0x80000003, "EV_EFI_BOOT_SERVICES_APPLICATION" },
	{ 0x80000004, "EV_EFI_BOOT_SERVICES_DRIVER" },
	{ 0x80000005, "EV_EFI_RUNTIME_SERVICES_DRIVER" },
	{ 0x80000006, "EV_EFI_GPT_EVENT" },
	{ 0x80000007, "EV_EFI_ACTION" },
	{ 0x80000008, "EV_EFI_PLATFORM_FIRMWARE_BLOB" },
	{ 0x80000009, "EV_EFI_HANDOFF_TABLES" },
	{ 0x8000000A, "EV_EFI_PLATFORM_FIRMWARE_BLOB2" },
	{ 0x8000000B, "EV_EFI_HANDOFF_TABLES2" },
	{ 0x8000000C, "EV_EFI_VARIABLE_BOOT2" },
	{ 0x80000010, "EV_EFI_HCRTM_EVENT" },
	{ 0x800000E0, "EV_EFI_VARIABLE_AUTHORITY" },
	{ 0x800000E1, "EV_EFI_SPDM_FIRMWARE_BLOB" },
	{ 0x800000E2, "EV_EFI_SPDM_FIRMWARE_CONFIG" },
};

const char *evlog_type_name(uint32_t type)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].type == type)
			return types[i].name;
	return NULL;
}

/* The names tetdg-early/rng.c prints (rng_source_name). */
static const char *const seed_names[] = {
	[TETD_SEED_RDSEED] = "rdseed",
	[TETD_SEED_RDRAND] = "rdrand",
	[TETD_SEED_JITTER] = "tsc-jitter",
};

const char *evlog_seed_name(uint32_t seed)
{
	return seed < sizeof(seed_names) / sizeof(seed_names[0]) ? seed_names[seed] : NULL;
}

uint32_t evlog_seed_from_name(const char *name)
{
	for (uint32_t i = 1; i < sizeof(seed_names) / sizeof(seed_names[0]); i++)
		if (seed_names[i] && !strcmp(seed_names[i], name))
			return i;
	return 0;
}

void evlog_tag_str(uint32_t tag, char out[5])
{
	for (int i = 0; i < 4; i++) {
		uint8_t c = (uint8_t)(tag >> (8 * i));
		out[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[4] = 0;
}

/* ---------------------------------------------------------- parsing */

int evlog_bank_of(const struct tcg_log *l, uint16_t alg)
{
	for (unsigned i = 0; i < l->nbanks; i++)
		if (l->bank[i].alg == alg)
			return (int)i;
	return -1;
}

static int all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

static const char *alg_label(uint16_t alg, char buf[16])
{
	const char *n = evlog_alg_name(alg);

	if (n)
		return n;
	snprintf(buf, 16, "0x%04x", alg);
	return buf;
}

static int parse_specid(struct tcg_log *l, char *msg, size_t msglen)
{
	const uint8_t *b = l->buf;
	uint32_t esize;
	const uint8_t *e;
	char an[16];

	if (l->len < HDR_SIZE)
		return fail(msg, msglen, "the log is %zu bytes, shorter than its %d-byte header event",
			    l->len, HDR_SIZE);
	if (le32(b) != 0)
		return fail(msg, msglen, "header event: PCRIndex is %u, expected 0", le32(b));
	if (le32(b + 4) != EV_NO_ACTION)
		return fail(msg, msglen, "header event: EventType is 0x%x, expected EV_NO_ACTION (0x3)",
			    le32(b + 4));
	if (!all_bytes(b + 8, 20, 0))
		return fail(msg, msglen, "header event: its SHA-1 digest field is not zero");
	esize = le32(b + 28);
	if (esize > l->len - HDR_SIZE)
		return fail(msg, msglen, "header event: EventSize %u runs past the end of the log "
			    "(%zu bytes left)", esize, l->len - HDR_SIZE);
	if (esize < SPECID_FIXED + 4 + 1)
		return fail(msg, msglen, "Spec ID event: EventSize %u is too small for one algorithm "
			    "(at least %d bytes)", esize, SPECID_FIXED + 4 + 1);
	e = b + HDR_SIZE;
	if (memcmp(e, specid_sig, sizeof(specid_sig)))
		return fail(msg, msglen, "Spec ID event: signature is not \"Spec ID Event03\" "
			    "(not a crypto-agile log)");
	l->platform_class = le32(e + 16);
	l->spec_minor = e[20];
	l->spec_major = e[21];
	l->spec_errata = e[22];
	l->uintn_size = e[23];
	if (l->platform_class > 1)
		return fail(msg, msglen, "Spec ID event: platformClass %u is neither 0 (client) nor "
			    "1 (server)", l->platform_class);
	if (l->spec_major != 2 || l->spec_minor != 0)
		return fail(msg, msglen, "Spec ID event: spec version %u.%u, expected 2.0",
			    l->spec_major, l->spec_minor);
	if (l->uintn_size != 1 && l->uintn_size != 2)
		return fail(msg, msglen, "Spec ID event: uintnSize %u is neither 1 nor 2",
			    l->uintn_size);
	uint32_t n = le32(e + 24);
	if (n == 0 || n > EVLOG_MAX_BANKS)
		return fail(msg, msglen, "Spec ID event: numberOfAlgorithms %u is not in 1..%d",
			    n, EVLOG_MAX_BANKS);
	if (SPECID_FIXED + 4 * n + 1 > esize)
		return fail(msg, msglen, "Spec ID event: %u algorithms do not fit its EventSize %u",
			    n, esize);
	l->nbanks = n;
	for (uint32_t i = 0; i < n; i++) {
		uint16_t alg = le16(e + SPECID_FIXED + 4 * i);
		uint16_t size = le16(e + SPECID_FIXED + 4 * i + 2);
		int known = alg_size(alg);

		if (alg == 0x0000 || alg == 0x0010)
			return fail(msg, msglen, "Spec ID event: algorithm %u is 0x%04x (TPM_ALG_%s), "
				    "not a hash", i, alg, alg ? "NULL" : "ERROR");
		if (size == 0 || size > EVLOG_MAX_DIGEST)
			return fail(msg, msglen, "Spec ID event: algorithm %s has digest size %u "
				    "(1..%d)", alg_label(alg, an), size, EVLOG_MAX_DIGEST);
		if (known >= 0 && known != size)
			return fail(msg, msglen, "Spec ID event: algorithm %s has digest size %u, "
				    "expected %d", alg_label(alg, an), size, known);
		for (uint32_t j = 0; j < i; j++)
			if (l->bank[j].alg == alg)
				return fail(msg, msglen, "Spec ID event: algorithm %s is declared twice",
					    alg_label(alg, an));
		l->bank[i] = (struct evlog_bank){ alg, size, alg_md(alg) != NULL };
	}
	l->vendor_len = e[SPECID_FIXED + 4 * n];
	l->vendor = e + SPECID_FIXED + 4 * n + 1;
	if (esize != SPECID_FIXED + 4 * n + 1 + l->vendor_len)
		return fail(msg, msglen, "Spec ID event: EventSize is %u, its fields take %u bytes",
			    esize, SPECID_FIXED + 4 * n + 1 + l->vendor_len);
	l->header_size = HDR_SIZE + esize;
	return 0;
}

static int add_event(struct tcg_log *l, const struct evlog_event *e, size_t *cap)
{
	if (l->nevents == *cap) {
		size_t ncap = *cap ? 2 * *cap : 32;
		struct evlog_event *n = realloc(l->ev, ncap * sizeof(*n));

		if (!n)
			return -1;
		l->ev = n;
		*cap = ncap;
	}
	l->ev[l->nevents++] = *e;
	return 0;
}

int evlog_parse(struct tcg_log *l, const uint8_t *buf, size_t len, char *msg, size_t msglen)
{
	size_t off, cap = 0;
	char an[16];

	memset(l, 0, sizeof(*l));
	l->buf = buf;
	l->len = len;
	if (parse_specid(l, msg, msglen))
		return -1;
	off = l->header_size;
	while (off < len) {
		size_t rest = len - off, p;
		struct evlog_event e = { .index = l->nevents + 1, .offset = off };
		uint32_t count, seen = 0;

		if (all_bytes(buf + off, rest, 0xff) || all_bytes(buf + off, rest, 0x00)) {
			l->fill = buf[off];
			break;
		}
		if (l->nevents == EVLOG_MAX_EVENTS)
			return fail(msg, msglen, "more than %d events", EVLOG_MAX_EVENTS);
		if (rest < EV2_FIXED + 4)
			return fail(msg, msglen, "event %u at offset %zu: %zu bytes left, fewer than "
				    "an event header (%d)", e.index, off, rest, EV2_FIXED + 4);
		e.pcr = le32(buf + off);
		e.type = le32(buf + off + 4);
		count = le32(buf + off + 8);
		if (e.pcr >= EVLOG_MAX_PCR)
			return fail(msg, msglen, "event %u at offset %zu: register index %u is out of "
				    "range (0..%d)", e.index, off, e.pcr, EVLOG_MAX_PCR - 1);
		if (count != l->nbanks)
			return fail(msg, msglen, "event %u at offset %zu: %u digests, the Spec ID event "
				    "declares %u algorithms", e.index, off, count, l->nbanks);
		p = off + EV2_FIXED;
		for (uint32_t i = 0; i < count; i++) {
			uint16_t alg;
			int b;

			if (len - p < 2)
				return fail(msg, msglen, "event %u at offset %zu: digest %u is truncated "
					    "(no algorithm id)", e.index, off, i);
			alg = le16(buf + p);
			b = evlog_bank_of(l, alg);
			if (b < 0)
				return fail(msg, msglen, "event %u at offset %zu: digest %u has algorithm "
					    "%s, which the Spec ID event does not declare", e.index,
					    off, i, alg_label(alg, an));
			if (seen & (1u << b))
				return fail(msg, msglen, "event %u at offset %zu: algorithm %s appears "
					    "twice", e.index, off, alg_label(alg, an));
			seen |= 1u << b;
			if (len - p - 2 < l->bank[b].size)
				return fail(msg, msglen, "event %u at offset %zu: the %s digest (%u bytes) "
					    "runs past the end of the log (%zu bytes left)", e.index,
					    off, alg_label(alg, an), l->bank[b].size, len - p - 2);
			e.digest[b] = buf + p + 2;
			p += 2 + (size_t)l->bank[b].size;
		}
		if (len - p < 4)
			return fail(msg, msglen, "event %u at offset %zu: truncated before its EventSize",
				    e.index, off);
		e.data_len = le32(buf + p);
		p += 4;
		if (e.data_len > len - p)
			return fail(msg, msglen, "event %u at offset %zu: EventSize %u runs past the end "
				    "of the log (%zu bytes left)", e.index, off, e.data_len, len - p);
		e.data = buf + p;
		p += e.data_len;
		e.size = p - off;
		if (e.type == EV_NO_ACTION && e.data_len >= sizeof(locality_sig) &&
		    !memcmp(e.data, locality_sig, sizeof(locality_sig))) {
			if (e.data_len != sizeof(locality_sig) + 1 || e.pcr != 0)
				return fail(msg, msglen, "event %u at offset %zu: a StartupLocality event "
					    "must be 17 bytes in PCR 0", e.index, off);
			if (l->has_locality)
				return fail(msg, msglen, "event %u at offset %zu: a second StartupLocality "
					    "event", e.index, off);
			for (unsigned i = 0; i < l->nevents; i++)
				if (l->ev[i].pcr == 0 && l->ev[i].type != EV_NO_ACTION)
					return fail(msg, msglen, "event %u at offset %zu: StartupLocality "
						    "after PCR 0 was extended", e.index, off);
			l->has_locality = 1;
			l->locality = e.data[16];
		}
		if (add_event(l, &e, &cap))
			return fail(msg, msglen, "out of memory at event %u", e.index);
		off = p;
	}
	l->end = off;
	return 0;
}

void evlog_free(struct tcg_log *l)
{
	free(l->ev);
	l->ev = NULL;
	l->nevents = 0;
}

int evlog_replay(const struct tcg_log *l, unsigned b, struct evlog_replay *out, char *msg,
		 size_t msglen)
{
	const EVP_MD *md;
	char an[16];

	memset(out, 0, sizeof(*out));
	if (b >= l->nbanks)
		return fail(msg, msglen, "no bank %u", b);
	out->alg = l->bank[b].alg;
	out->size = l->bank[b].size;
	md = alg_md(out->alg);
	if (!md)
		return fail(msg, msglen, "no hash for algorithm %s: its bank cannot be replayed",
			    alg_label(out->alg, an));
	if (l->has_locality)
		out->value[0][out->size - 1] = l->locality;
	for (unsigned i = 0; i < l->nevents; i++) {
		const struct evlog_event *e = &l->ev[i];
		uint8_t cat[2 * EVLOG_MAX_DIGEST];
		unsigned n = 0;

		if (e->type == EV_NO_ACTION)
			continue;
		memcpy(cat, out->value[e->pcr], out->size);
		memcpy(cat + out->size, e->digest[b], out->size);
		if (EVP_Digest(cat, 2u * out->size, out->value[e->pcr], &n, md, NULL) != 1)
			return fail(msg, msglen, "hash failure at event %u", e->index);
		out->used |= 1u << e->pcr;
	}
	return 0;
}

/* ---------------------------------------------------------- decoding */

static int printable(const uint8_t *p, size_t n)
{
	if (!n)
		return 0;
	if (p[n - 1] == 0)              /* one trailing NUL is a C string */
		n--;
	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] > 0x7e)
			return 0;
	return n > 0;
}

static int bad(struct evlog_decoded *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int bad(struct evlog_decoded *d, const char *fmt, ...)
{
	va_list ap;

	d->kind = EVLOG_DATA_BAD;
	va_start(ap, fmt);
	vsnprintf(d->why, sizeof(d->why), fmt, ap);
	va_end(ap);
	return 0;
}

void evlog_decode(const struct evlog_event *e, struct evlog_decoded *d)
{
	memset(d, 0, sizeof(*d));
	if (e->type == EV_NO_ACTION && e->data_len == sizeof(locality_sig) + 1 &&
	    !memcmp(e->data, locality_sig, sizeof(locality_sig))) {
		d->kind = EVLOG_DATA_LOCALITY;
		d->u.locality = e->data[16];
		return;
	}
	if (e->type == EV_EVENT_TAG) {
		size_t want;
		char t[5];

		if (e->data_len < 8) {
			bad(d, "tagged event: %u bytes, less than its 8-byte header", e->data_len);
			return;
		}
		d->tag = le32(e->data);
		d->tag_size = le32(e->data + 4);
		evlog_tag_str(d->tag, t);
		if (d->tag_size != e->data_len - 8) {
			bad(d, "tagged event %s: taggedEventDataSize %u, but %u bytes follow",
			    t, d->tag_size, e->data_len - 8);
			return;
		}
		switch (d->tag) {
		case TETD_TAG_AGENT: want = sizeof(d->u.agent); break;
		case TETD_TAG_AGENT_REJECTED: want = sizeof(d->u.reject); break;
		case TETD_TAG_ZONE: want = sizeof(d->u.zone); break;
		default:
			d->kind = EVLOG_DATA_TAGGED;
			return;
		}
		if (d->tag_size != want) {
			bad(d, "%s event: %u bytes of data, expected %zu", t, d->tag_size, want);
			return;
		}
		memcpy(&d->u, e->data + 8, want);
		if (d->tag == TETD_TAG_AGENT) {
			int i = tetd_agent_name_bad(d->u.agent.name);

			if (i >= 0) {
				bad(d, "TETA event: agent name has byte 0x%02x at %d, outside the "
				    "name rule ([a-z0-9_-], NUL-padded)",
				    (uint8_t)d->u.agent.name[i], i);
				return;
			}
			d->kind = EVLOG_DATA_AGENT;
		} else if (d->tag == TETD_TAG_AGENT_REJECTED) {
			/* The loader copies at most 31 name bytes and 95 reason bytes,
			 * so both are NUL-terminated. */
			if (memchr(d->u.reject.name, 0, sizeof(d->u.reject.name)) == NULL ||
			    memchr(d->u.reject.reason, 0, sizeof(d->u.reject.reason)) == NULL) {
				bad(d, "TETR event: name or reason is not NUL-terminated");
				return;
			}
			d->kind = EVLOG_DATA_REJECT;
		} else {
			d->kind = EVLOG_DATA_ZONE;
		}
		return;
	}
	if (printable(e->data, e->data_len)) {
		d->kind = EVLOG_DATA_TEXT;
		return;
	}
	d->kind = EVLOG_DATA_RAW;
}

/* ---------------------------------------------------------- writing */

static int w_put(struct evlog_writer *w, const void *p, size_t n)
{
	if (n > w->cap - w->len) {
		size_t ncap = w->cap ? w->cap : 4096;
		uint8_t *b;

		while (ncap - w->len < n)
			ncap *= 2;
		b = realloc(w->buf, ncap);
		if (!b)
			return -1;
		w->buf = b;
		w->cap = ncap;
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
	return 0;
}

static int w_u32(struct evlog_writer *w, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
	return w_put(w, b, 4);
}

static int w_u16(struct evlog_writer *w, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
	return w_put(w, b, 2);
}

int evlog_writer_init(struct evlog_writer *w, const uint16_t *alg, unsigned n)
{
	static const uint8_t zero[20];
	uint8_t misc[4] = { 0, 2, 0, 2 };   /* minor 0, major 2, errata 0, uintn 8 */
	int r = 0;

	memset(w, 0, sizeof(*w));
	if (n == 0 || n > EVLOG_MAX_BANKS)
		return -1;
	for (unsigned i = 0; i < n; i++) {
		int s = alg_size(alg[i]);

		if (s < 0)
			return -1;
		w->alg[i] = alg[i];
		w->size[i] = (uint16_t)s;
	}
	w->nbanks = n;
	r |= w_u32(w, 0) | w_u32(w, EV_NO_ACTION) | w_put(w, zero, 20);
	r |= w_u32(w, SPECID_FIXED + 4 * n + 1);
	r |= w_put(w, specid_sig, 16) | w_u32(w, 0) | w_put(w, misc, 4) | w_u32(w, n);
	for (unsigned i = 0; i < n; i++)
		r |= w_u16(w, w->alg[i]) | w_u16(w, w->size[i]);
	r |= w_put(w, "", 1);               /* vendorInfoSize 0 */
	return r ? -1 : 0;
}

int evlog_writer_add(struct evlog_writer *w, uint32_t pcr, uint32_t type,
		     const uint8_t *const digest[], const void *data, uint32_t len)
{
	int r = w_u32(w, pcr) | w_u32(w, type) | w_u32(w, w->nbanks);

	for (unsigned i = 0; i < w->nbanks; i++)
		r |= w_u16(w, w->alg[i]) | w_put(w, digest[i], w->size[i]);
	r |= w_u32(w, len);
	if (len)
		r |= w_put(w, data, len);
	return r ? -1 : 0;
}

int evlog_writer_add_hashed(struct evlog_writer *w, uint32_t pcr, uint32_t type,
			    const void *data, uint32_t len)
{
	uint8_t d[EVLOG_MAX_BANKS][EVLOG_MAX_DIGEST];
	const uint8_t *dp[EVLOG_MAX_BANKS];

	for (unsigned i = 0; i < w->nbanks; i++) {
		if (evlog_hash(w->alg[i], data, len, d[i]))
			return -1;
		dp[i] = d[i];
	}
	return evlog_writer_add(w, pcr, type, dp, data, len);
}

void evlog_writer_free(struct evlog_writer *w)
{
	free(w->buf);
	memset(w, 0, sizeof(*w));
}
