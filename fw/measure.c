/* SPDX-License-Identifier: MIT */
/*
 * fw/measure.c - the measurement front end: every measurement is logged
 * before it is extended, and printed, so that a register can always be
 * replayed from the log (REFERENCES.md, "Field lesson from verifiers").
 */
#include "measure.h"
#include "console.h"

static int none_extend(unsigned mr, const uint8_t digest[48])
{
	(void)mr, (void)digest;
	return 0;
}

const struct measure_backend measure_backend_none = { "none", none_extend };

static const struct measure_backend *backend = &measure_backend_none;
static struct evlog the_log;

void measure_init(const struct measure_backend *b, void *buf, size_t cap)
{
	backend = b;
	evlog_init(&the_log, buf, cap);
}

const struct measure_backend *measure_backend(void)
{
	return backend;
}

struct evlog *measure_log(void)
{
	return &the_log;
}

int measure_digest(unsigned mr, uint32_t type, const char *desc, const uint8_t digest[48],
		   const void *evdata, uint32_t evlen)
{
	if (evlog_append(&the_log, mr, type, digest, evdata, evlen) != 0) {
		cprintf("tetd: error: measure: event log full (%s)\n", desc);
		return -1;
	}
	if (backend->extend(mr, digest) != 0) {
		cprintf("tetd: error: measure: %s backend failed to extend mr=%u (%s)\n",
			backend->name, mr, desc);
		return -1;
	}
	cprintf("tetd: event %u mr=%u type=0x%x desc=%s sha384=", the_log.events, mr, type, desc);
	console_hex(digest, 48);
	console_putc('\n');
	return 0;
}

void measure_print_replay(void)
{
	for (unsigned mr = 0; mr < EVLOG_MAX_MR; mr++) {
		if (!(the_log.mr_used & (1u << mr)))
			continue;
		cprintf("tetd: replay mr=%u sha384=", mr);
		console_hex(the_log.replay[mr], 48);
		console_putc('\n');
	}
}
