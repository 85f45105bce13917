/* SPDX-License-Identifier: MIT */
/*
 * fw/eventlog.h - writer for a TCG crypto-agile event log with one bank
 * (SHA-384), and a software replay of every register it names. Pure:
 * operates on a caller-supplied buffer, host-testable.
 */
#ifndef FW_EVENTLOG_H
#define FW_EVENTLOG_H
#include <stddef.h>
#include <stdint.h>
#include <tetd/tcg.h>

#define EVLOG_MAX_MR 8

struct evlog {
	uint8_t *base;
	size_t cap;
	size_t used;
	unsigned events;                  /* excluding the Spec ID event */
	uint32_t mr_used;                 /* bit i: register i has events */
	uint8_t replay[EVLOG_MAX_MR][48]; /* extend chains from zero */
};

/* Start a log in buf: the Spec ID event, the rest filled with 0xff. */
int evlog_init(struct evlog *l, void *buf, size_t cap);
/* Append one TCG_PCR_EVENT2; updates the replay. -1 if it does not fit. */
int evlog_append(struct evlog *l, uint32_t mr, uint32_t type, const uint8_t digest[48],
		 const void *data, uint32_t len);
/* Size of the Spec ID event evlog_init writes. */
size_t evlog_specid_size(void);
#endif
