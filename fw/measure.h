/* SPDX-License-Identifier: MIT */
/*
 * fw/measure.h - measurement: hash, log (CCEL, fw/eventlog.c) and extend
 * through a backend. Backends: `none` (log only: plain QEMU without a
 * TPM); `tdx` (RTMR extend) and `tpm` arrive with their platforms.
 */
#ifndef FW_MEASURE_H
#define FW_MEASURE_H
#include <stddef.h>
#include <stdint.h>
#include "eventlog.h"

struct measure_backend {
	const char *name;
	/* Extend CC MR index mr (1..4 = RTMR0..3) with a SHA-384 digest. */
	int (*extend)(unsigned mr, const uint8_t digest[48]);
};

extern const struct measure_backend measure_backend_none;

void measure_init(const struct measure_backend *b, void *log, size_t cap);
const struct measure_backend *measure_backend(void);
struct evlog *measure_log(void);
/* Measure a digest computed by the caller; desc names it on the console. */
int measure_digest(unsigned mr, uint32_t type, const char *desc, const uint8_t digest[48],
		   const void *evdata, uint32_t evlen);
/* Print the replayed value of every register with events. */
void measure_print_replay(void);
#endif
