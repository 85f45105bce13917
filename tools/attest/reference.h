/* SPDX-License-Identifier: MIT */
/*
 * tools/attest/reference.h - the reference-values file: tetd-measure writes
 * it (reference_write, from measure.h's result), tetd-attest reads it
 * (reference_read). One home for the schema "tetd-reference/1", which
 * docs/attestation.md describes field by field.
 *
 * The reader is strict (json.h; unknown keys, missing fields, wrong types,
 * bad hex are errors) and checks the file against itself: every register
 * value must be the replay of the digests next to it, so a hand-edited
 * digest cannot leave a stale register behind.
 */
#ifndef TOOLS_REFERENCE_H
#define TOOLS_REFERENCE_H
#include <stdint.h>
#include <stdio.h>

#include "measure.h"

#define REFERENCE_SCHEMA "tetd-reference/1"

struct reference {
	uint8_t mrtd[48];
	/* RTMR[0] */
	uint64_t mem;
	unsigned smp;
	uint8_t hob_sha384[48];
	uint8_t rtmr0[48];
	/* RTMR[1] */
	uint8_t kernel_sha384[48];
	uint8_t initrd_sha384[48];
	char *cmdline_text;                   /* before any nonce */
	enum measure_nonce nonce;
	unsigned nonce_bytes;                 /* SUFFIX */
	char *nonce_hex;                      /* FIXED */
	/* RTMR[3] */
	unsigned nentries;
	struct measure_entry entry[MEASURE_MAX_ENTRIES];
	struct tetd_zone_event zone;          /* seed_source 0 */
	uint8_t zone_sha384[MEASURE_SEEDS + 1][48];
	uint8_t rtmr3[MEASURE_SEEDS + 1][48];
};

/* Write the reference file for a computation (in: the inputs as given). */
void reference_write(FILE *f, const struct measure_input *in, const struct measure_result *r,
		     const uint8_t image_sha384[48]);

/* Read and check one. 0, or -1 with the reason in msg. */
int reference_read(const char *text, size_t len, struct reference *ref, char *msg,
		   size_t msglen);
void reference_free(struct reference *ref);

/* The command line the reference expects with the verifier's nonce
 * (ignored unless the nonce mode is SUFFIX); malloc'ed. */
char *reference_cmdline(const struct reference *ref, const char *nonce_hex);

/* "1.2.3" <-> TETD_AGENT_VERSION(1, 2, 3). parse: 0 or -1. */
int version_parse(const char *s, uint32_t *v);
void version_str(uint32_t v, char out[24]);
#endif
