/* SPDX-License-Identifier: MIT */
/*
 * fw/measure.c - the measurement front end: every measurement is logged
 * before it is extended, and printed, so that a register can always be
 * replayed from the log (REFERENCES.md, "Field lesson from verifiers").
 */
#include "measure.h"
#include "console.h"
#include "fwstring.h"

static int none_extend(unsigned mr, const struct measure_digests *d)
{
	(void)mr, (void)d;
	return 0;
}

const struct measure_backend measure_backend_none = { "none", 0, 0, none_extend };

static const struct measure_backend *backend = &measure_backend_none;
static struct evlog the_log;

void measure_init(const struct measure_backend *b, void *buf, size_t cap)
{
	backend = b;
	evlog_init_banks(&the_log, buf, cap, MEASURE_BANK_SHA384 | (b->banks & MEASURE_BANK_SHA256));
}

const struct measure_backend *measure_backend(void)
{
	return backend;
}

struct evlog *measure_log(void)
{
	return &the_log;
}

void measure_print_backend(void)
{
	cprintf("tetd: measure backend=%s", backend->name);
	if (backend->banks)
		cprintf(" banks=%s%s%s", backend->banks & MEASURE_BANK_SHA256 ? "sha256" : "",
			(backend->banks & MEASURE_BANK_SHA256) && (backend->banks & MEASURE_BANK_SHA384) ? "," : "",
			backend->banks & MEASURE_BANK_SHA384 ? "sha384" : "");
	console_putc('\n');
}

void measure_hash_init(struct measure_hash *h)
{
	sha384_init(&h->s384);
	h->with256 = (the_log.banks & EVLOG_BANK_SHA256) != 0;
	if (h->with256)
		sha256_init(&h->s256);
}

void measure_hash_update(struct measure_hash *h, const void *p, size_t n)
{
	sha384_update(&h->s384, p, n);
	if (h->with256)
		sha256_update(&h->s256, p, n);
}

void measure_hash_final(struct measure_hash *h, struct measure_digests *d)
{
	sha384_final(&h->s384, d->sha384);
	if (h->with256)
		sha256_final(&h->s256, d->sha256);
	else
		memset(d->sha256, 0, sizeof(d->sha256));
}

int measure_digests(unsigned mr, uint32_t type, const char *desc, const struct measure_digests *d,
		    const void *evdata, uint32_t evlen)
{
	int with256 = (the_log.banks & EVLOG_BANK_SHA256) != 0;
	unsigned idx = backend->log_index ? backend->log_index(mr) : mr;
	if (idx >= EVLOG_MAX_MR) {
		cprintf("tetd: error: measure: mr=%u has no register in the %s backend (%s)\n", mr,
			backend->name, desc);
		return -1;
	}
	if (evlog_append2(&the_log, idx, type, d->sha384, d->sha256, evdata, evlen) != 0) {
		cprintf("tetd: error: measure: event log full (%s)\n", desc);
		return -1;
	}
	if (backend->extend(mr, d) != 0) {
		cprintf("tetd: error: measure: %s backend failed to extend mr=%u (%s)\n",
			backend->name, mr, desc);
		return -1;
	}
	cprintf("tetd: event %u mr=%u type=0x%x desc=%s sha384=", the_log.events, mr, type, desc);
	console_hex(d->sha384, 48);
	if (backend->log_index)
		cprintf(" pcr=%u", idx);
	if (with256) {
		cprintf(" sha256=");
		console_hex(d->sha256, 32);
	}
	console_putc('\n');
	return 0;
}

int measure_data(unsigned mr, uint32_t type, const char *desc, const void *data, size_t len,
		 const void *evdata, uint32_t evlen)
{
	struct measure_hash h;
	struct measure_digests d;
	measure_hash_init(&h);
	measure_hash_update(&h, data, len);
	measure_hash_final(&h, &d);
	return measure_digests(mr, type, desc, &d, evdata, evlen);
}

int measure_digest(unsigned mr, uint32_t type, const char *desc, const uint8_t digest[48],
		   const void *evdata, uint32_t evlen)
{
	struct measure_digests d;
	memcpy(d.sha384, digest, 48);
	if (the_log.banks & EVLOG_BANK_SHA256)
		sha256(evdata, evlen, d.sha256);
	else
		memset(d.sha256, 0, sizeof(d.sha256));
	return measure_digests(mr, type, desc, &d, evdata, evlen);
}

void measure_print_replay(void)
{
	/* CCEL logs name CC MR indexes, TCG2 logs (a backend with PCRs) PCRs. */
	const char *what = backend->log_index ? "pcr" : "mr";
	for (unsigned i = 0; i < EVLOG_MAX_MR; i++) {
		if (!(the_log.mr_used & (1u << i)))
			continue;
		if (the_log.banks & EVLOG_BANK_SHA256) {
			cprintf("tetd: replay %s=%u sha256=", what, i);
			console_hex(the_log.replay256[i], 32);
			console_putc('\n');
		}
		cprintf("tetd: replay %s=%u sha384=", what, i);
		console_hex(the_log.replay[i], 48);
		console_putc('\n');
	}
}
