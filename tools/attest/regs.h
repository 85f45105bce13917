/* SPDX-License-Identifier: MIT */
/*
 * tools/attest/regs.h - measurement-register arithmetic every attestation
 * tool shares: SHA-384, the RTMR extend, and the command line the
 * firmware measures when tools/tetdh-run appends the verifier's nonce.
 * Apart from measure.c so the verifier links it without tetdh's code.
 */
#ifndef TOOLS_REGS_H
#define TOOLS_REGS_H
#include <stddef.h>
#include <stdint.h>

#define MEASURE_NONCE_KEY   " tetd.nonce="  /* what tools/tetdh-run appends */
#define MEASURE_NONCE_MAX   64            /* REPORTDATA bytes */

void measure_sha384(const void *p, size_t n, uint8_t out[48]);
/* reg = SHA-384(reg || digest) */
void measure_extend(uint8_t reg[48], const uint8_t digest[48]);
/* The command line the firmware measures: base, or base + " tetd.nonce="
 * + nonce_hex when nonce_hex is not NULL (tools/tetdh-run's spelling).
 * malloc'ed; NULL when out of memory. */
char *measure_cmdline(const char *base, const char *nonce_hex);
#endif
