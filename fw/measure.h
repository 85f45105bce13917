/* SPDX-License-Identifier: MIT */
/*
 * fw/measure.h - measurement: hash, log (fw/eventlog.c) and extend through
 * a backend. Backends: `none` (log only: plain QEMU without a TPM), `tdx`
 * (RTMR extend, fw/td.c) and `tpm` (PCR extend, fw/tpm.c).
 *
 * Callers name the CC MR index (1..4 = RTMR0..3) on every platform; a
 * backend with PCRs maps it to a PCR, and that PCR is what its log records
 * (docs/measurements.md, "The TPM path").
 */
#ifndef FW_MEASURE_H
#define FW_MEASURE_H
#include <stddef.h>
#include <stdint.h>
#include "eventlog.h"
#include "sha2.h"

/* PCR banks a backend extends (0 for backends without PCR banks). */
#define MEASURE_BANK_SHA256 EVLOG_BANK_SHA256
#define MEASURE_BANK_SHA384 EVLOG_BANK_SHA384

/* One event's digests: SHA-384 always; SHA-256 when the backend has that
 * bank (otherwise left unset). */
struct measure_digests {
	uint8_t sha384[SHA384_DIGEST_SIZE];
	uint8_t sha256[SHA256_DIGEST_SIZE];
};

struct measure_backend {
	const char *name;
	/* MEASURE_BANK_*: the PCR banks extended; the log carries a digest for
	 * each, and SHA-384 always. Fixed before measure_init(). */
	unsigned banks;
	/* The register index the log records for CC MR index mr (a PCR);
	 * NULL: mr itself (CCEL). Returns EVLOG_MAX_MR for an unmapped mr. */
	unsigned (*log_index)(unsigned mr);
	/* Extend CC MR index mr (1..4 = RTMR0..3) with the event's digests. */
	int (*extend)(unsigned mr, const struct measure_digests *d);
};

extern const struct measure_backend measure_backend_none;

void measure_init(const struct measure_backend *b, void *log, size_t cap);
const struct measure_backend *measure_backend(void);
struct evlog *measure_log(void);
/* `tetd: measure backend=<name>[ banks=sha256,sha384]` */
void measure_print_backend(void);

/* Hash the measured bytes once for every bank in use. */
struct measure_hash {
	struct sha512_ctx s384;
	struct sha256_ctx s256;
	int with256;
};
void measure_hash_init(struct measure_hash *h);
void measure_hash_update(struct measure_hash *h, const void *p, size_t n);
void measure_hash_final(struct measure_hash *h, struct measure_digests *d);

/* Measure data (one contiguous range); desc names it on the console. */
int measure_data(unsigned mr, uint32_t type, const char *desc, const void *data, size_t len,
		 const void *evdata, uint32_t evlen);
/* Measure digests the caller computed with measure_hash. */
int measure_digests(unsigned mr, uint32_t type, const char *desc, const struct measure_digests *d,
		    const void *evdata, uint32_t evlen);
/* Measure a SHA-384 digest the caller computed over data this layer never
 * sees. If the backend has a SHA-256 bank, that bank's digest is SHA-256
 * of the event data as logged (the callers, tetdg-early's tagged events,
 * carry the measured object's SHA-384 in their event data, so the SHA-256
 * bank still commits to it; docs/measurements.md). */
int measure_digest(unsigned mr, uint32_t type, const char *desc, const uint8_t digest[48],
		   const void *evdata, uint32_t evlen);
/* Print the replayed value of every register with events, per bank. */
void measure_print_replay(void);
#endif
