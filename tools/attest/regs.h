/* SPDX-License-Identifier: MIT */
/*
 * tools/attest/regs.h - measurement-register arithmetic every attestation
 * tool shares: SHA-384, the RTMR extend, and the command line the
 * firmware measures when tools/tetdh-run appends the verifier's nonce;
 * for the TPM path (plain QEMU with a TPM, docs/measurements.md "The TPM
 * path") also SHA-256, its PCR extend, the event data of tetdg-early's
 * tagged events (whose SHA-256 is their SHA-256-bank digest) and the
 * firmware's RTMR -> PCR map. Apart from measure.c so the verifier links
 * it without tetdh's code.
 */
#ifndef TOOLS_REGS_H
#define TOOLS_REGS_H
#include <stddef.h>
#include <stdint.h>
#include <tetd/tcg.h>

#define MEASURE_NONCE_KEY   " tetd.nonce="  /* what tools/tetdh-run appends */
#define MEASURE_NONCE_MAX   64            /* REPORTDATA bytes */

/* The RTMR -> PCR map of the TPM path: tetd_pcr_of_mr() in
 * include/tetd/tcg.h, the firmware's own. */
#define MEASURE_PCR_RTMR1   TETD_PCR_RTMR1 /* kernel, initrd, command line */
#define MEASURE_PCR_RTMR3   TETD_PCR_RTMR3 /* agents, zone */
/* The largest event data of a tagged event: tag, size, TETR. */
#define MEASURE_TAGGED_MAX  (8 + 184)

void measure_sha384(const void *p, size_t n, uint8_t out[48]);
/* reg = SHA-384(reg || digest) */
void measure_extend(uint8_t reg[48], const uint8_t digest[48]);
void measure_sha256(const void *p, size_t n, uint8_t out[32]);
/* reg = SHA-256(reg || digest) */
void measure_extend256(uint8_t reg[32], const uint8_t digest[32]);
/* The event data of a TETA/TETR/TETZ event as tetdg-early logs it
 * (load.c event_tagged): u32 tag, u32 size, the struct, into out (8 + len
 * bytes). Returns 8 + len; len at most MEASURE_TAGGED_MAX - 8. */
size_t measure_tagged(uint32_t tag, const void *ev, uint32_t len, uint8_t *out);
/* The command line the firmware measures: base, or base + " tetd.nonce="
 * + nonce_hex when nonce_hex is not NULL (tools/tetdh-run's spelling).
 * malloc'ed; NULL when out of memory. */
char *measure_cmdline(const char *base, const char *nonce_hex);
#endif
