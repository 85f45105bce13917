/* SPDX-License-Identifier: MIT */
/*
 * fw/eventlog.h - writer for a TCG crypto-agile event log with the SHA-384
 * bank, optionally also SHA-256 (when a TPM has that bank), and a software
 * replay of every register it names. Pure: operates on a caller-supplied
 * buffer, host-testable.
 */
#ifndef FW_EVENTLOG_H
#define FW_EVENTLOG_H
#include <stddef.h>
#include <stdint.h>
#include <tetd/tcg.h>

/* Register indexes a log may name: CC MR indexes (0..4) in a CCEL log;
 * PCRs 0..15 in a TCG2 log (the PCRs no software can reset; firmware has
 * no business in 16..23, the debug/DRTM/application PCRs). */
#define EVLOG_MAX_MR 16

/* Digest banks a log carries. SHA-384 is always one of them. */
#define EVLOG_BANK_SHA256 (1u << 0)
#define EVLOG_BANK_SHA384 (1u << 1)

struct evlog {
	uint8_t *base;
	size_t cap;
	size_t used;
	unsigned banks;                   /* EVLOG_BANK_* */
	unsigned events;                  /* excluding the Spec ID event */
	uint32_t mr_used;                 /* bit i: register i has events */
	uint8_t replay[EVLOG_MAX_MR][48]; /* SHA-384 extend chains from zero */
	uint8_t replay256[EVLOG_MAX_MR][32]; /* SHA-256 chains (if that bank) */
};

/* Start a SHA-384-only log in buf: the Spec ID event, the rest 0xff. */
int evlog_init(struct evlog *l, void *buf, size_t cap);
/* The same with a choice of banks (must include EVLOG_BANK_SHA384). */
int evlog_init_banks(struct evlog *l, void *buf, size_t cap, unsigned banks);
/* Append one TCG_PCR_EVENT2 to a SHA-384-only log; -1 if it does not fit
 * (or the log also has the SHA-256 bank). Updates the replay. */
int evlog_append(struct evlog *l, uint32_t mr, uint32_t type, const uint8_t digest[48],
		 const void *data, uint32_t len);
/* Append with a digest per bank: sha256 is required iff the log has that
 * bank, and ignored otherwise. -1 (nothing written) on any misfit. */
int evlog_append2(struct evlog *l, uint32_t mr, uint32_t type, const uint8_t sha384[48],
		  const uint8_t *sha256, const void *data, uint32_t len);
/* Size of the Spec ID event evlog_init writes (SHA-384 only). */
size_t evlog_specid_size(void);
#endif
