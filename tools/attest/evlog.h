/* SPDX-License-Identifier: MIT */
/*
 * tools/attest/evlog.h - a strict reader of TCG crypto-agile event logs
 * (TCG PC Client Platform Firmware Profile 1.05, section 10: a
 * TCG_PCClientPCREvent carrying TCG_EfiSpecIDEvent "Spec ID Event03", then
 * TCG_PCR_EVENT2 records), as the firmware writes them into the CCEL area
 * (docs/measurements.md) and as a TPM firmware writes its TCG2 log.
 *
 * One home for the host side: tools/tetd-eventlog (the decoder for people)
 * and tools/tetd-attest (the verifier) both parse with evlog_parse, replay
 * with evlog_replay and decode TETD's own event data with evlog_decode.
 *
 * Strict: every length is bounds-checked against what is left; the Spec ID
 * event is validated field by field; each event must carry exactly one
 * digest per declared algorithm, each algorithm once; an algorithm the
 * reader has no hash for is skipped by its declared size (its bank is not
 * replayed). The log ends at the buffer's end or where only fill is left
 * (all 0xFF, as the unused CCEL area is, or all 0x00); anything else after
 * the last event is an error. Every rejection says where and why.
 */
#ifndef TOOLS_EVLOG_H
#define TOOLS_EVLOG_H
#include <stddef.h>
#include <stdint.h>

#include <tetd/tcg.h>
#include <tetd/zone.h>

#define EVLOG_MAX_BANKS   16        /* algorithms one Spec ID may declare */
#define EVLOG_MAX_DIGEST  64        /* SHA-512 */
#define EVLOG_MAX_PCR     32        /* register indexes 0..31 */
#define EVLOG_MAX_EVENTS  65536
#define EVLOG_MSG_LEN     200

/* Algorithms with a known digest size (TCG Algorithm Registry). */
#define TPM_ALG_SHA1      0x0004u
#define TPM_ALG_SHA512    0x000Du
#define TPM_ALG_SM3_256   0x0012u

struct evlog_bank {
	uint16_t alg;
	uint16_t size;                  /* declared digest size */
	int replayable;                 /* the reader has this hash */
};

struct evlog_event {
	uint32_t index;                 /* 1-based; the Spec ID event is 0 */
	size_t offset, size;            /* where the record lies in the log */
	uint32_t pcr, type;
	const uint8_t *digest[EVLOG_MAX_BANKS]; /* per bank (Spec ID order) */
	const uint8_t *data;
	uint32_t data_len;
};

struct tcg_log {
	const uint8_t *buf;             /* not owned */
	size_t len;
	size_t end;                     /* just past the last event */
	uint8_t fill;                   /* 0xff or 0x00 after end (if end < len) */
	/* TCG_EfiSpecIDEvent */
	size_t header_size;
	uint32_t platform_class;
	uint8_t spec_minor, spec_major, spec_errata, uintn_size;
	unsigned nbanks;
	struct evlog_bank bank[EVLOG_MAX_BANKS];
	uint8_t vendor_len;
	const uint8_t *vendor;
	/* StartupLocality (an EV_NO_ACTION event in PCR 0): PCR 0 starts at
	 * 0...0L instead of zero. */
	int has_locality;
	uint8_t locality;
	unsigned nevents;
	struct evlog_event *ev;         /* malloc'ed, nevents entries */
};

/* Parse buf[0..len). 0 on success; -1 with the reason in msg. On success
 * l->ev must be released with evlog_free (also safe after a failure). */
int evlog_parse(struct tcg_log *l, const uint8_t *buf, size_t len, char *msg, size_t msglen);
void evlog_free(struct tcg_log *l);

/* Index of the bank for alg, or -1. */
int evlog_bank_of(const struct tcg_log *l, uint16_t alg);
/* "sha384", or NULL for an algorithm without a name here. */
const char *evlog_alg_name(uint16_t alg);
/* "EV_IPL", or NULL. */
const char *evlog_type_name(uint32_t type);

/* The value of every register after replaying bank b: each event except
 * EV_NO_ACTION extends value[pcr] = H(value[pcr] || digest). used has bit
 * pcr set for every register with at least one extend. -1 (msg) if the
 * bank's hash is not available. */
struct evlog_replay {
	uint16_t alg, size;
	uint32_t used;
	uint8_t value[EVLOG_MAX_PCR][EVLOG_MAX_DIGEST];
};
int evlog_replay(const struct tcg_log *l, unsigned b, struct evlog_replay *out, char *msg,
		 size_t msglen);

/* ---- what the event data says (docs/measurements.md) ---- */

enum evlog_kind {
	EVLOG_DATA_RAW = 0,             /* nothing more to say: show the bytes */
	EVLOG_DATA_TEXT,                /* printable ASCII (EV_IPL labels, cmdline) */
	EVLOG_DATA_LOCALITY,            /* EV_NO_ACTION StartupLocality */
	EVLOG_DATA_TAGGED,              /* EV_EVENT_TAG with a tag we do not know */
	EVLOG_DATA_AGENT,               /* TETA */
	EVLOG_DATA_REJECT,              /* TETR */
	EVLOG_DATA_ZONE,                /* TETZ */
	EVLOG_DATA_BAD,                 /* a TETD tag whose data is malformed */
};

struct evlog_decoded {
	enum evlog_kind kind;
	uint32_t tag, tag_size;         /* EV_EVENT_TAG */
	union {
		struct tetd_agent_event agent;
		struct tetd_agent_reject_event reject;
		struct tetd_zone_event zone;
		uint8_t locality;
	} u;
	char why[EVLOG_MSG_LEN];        /* EVLOG_DATA_BAD: what is wrong */
};

void evlog_decode(const struct evlog_event *e, struct evlog_decoded *d);
/* "TETA", "TETR", "TETZ": the tag as four ASCII bytes (out: 5 bytes). */
void evlog_tag_str(uint32_t tag, char out[5]);
/* TETD_SEED_* as a name ("rdseed"), or NULL. */
const char *evlog_seed_name(uint32_t seed);
/* The reverse: TETD_SEED_* for a name, 0 if unknown. */
uint32_t evlog_seed_from_name(const char *name);

/* ---- a writer, for tests and benchmarks that need logs with other
 * banks than the firmware's one SHA-384 bank (fw/eventlog.c writes the
 * firmware's). ---- */

struct evlog_writer {
	uint8_t *buf;                   /* malloc'ed, grows */
	size_t len, cap;
	unsigned nbanks;
	uint16_t alg[EVLOG_MAX_BANKS], size[EVLOG_MAX_BANKS];
};

/* Spec ID event declaring algs[0..n) (sizes from the registry). 0 or -1. */
int evlog_writer_init(struct evlog_writer *w, const uint16_t *algs, unsigned n);
/* One TCG_PCR_EVENT2; digest[i] is the bank-i digest (alg[i]'s size). */
int evlog_writer_add(struct evlog_writer *w, uint32_t pcr, uint32_t type,
		     const uint8_t *const digest[], const void *data, uint32_t len);
/* Convenience: digest of every bank = that bank's hash of data. */
int evlog_writer_add_hashed(struct evlog_writer *w, uint32_t pcr, uint32_t type,
			    const void *data, uint32_t len);
void evlog_writer_free(struct evlog_writer *w);

/* Hash with the algorithm of a TCG id (sha1/256/384/512): 0 or -1. */
int evlog_hash(uint16_t alg, const void *data, size_t len, uint8_t *out);
#endif
