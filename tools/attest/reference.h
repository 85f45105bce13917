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
	/* The TPM path ("tpm"; absent from files of an older tetd-measure):
	 * the SHA-256 bank's payload digests; everything else of it follows
	 * from the values above (reference_tpm). */
	int has_tpm;
	uint8_t kernel_sha256[32];
	uint8_t initrd_sha256[32];
};

/* The TPM path of a reference (docs/attestation.md, "tpm"): on plain QEMU
 * with a TPM the firmware extends the RTMR[1] events into PCR 9 and the
 * RTMR[3] events into PCR 2, each in the SHA-256 and the SHA-384 bank;
 * PCRs start at zero; no TD HOB. Bank index 0 is SHA-256, 1 SHA-384. */
#define REF_TPM_SHA256 0
#define REF_TPM_SHA384 1
struct reference_tpm {
	uint8_t agent_sha256[MEASURE_MAX_ENTRIES][32];   /* TETA/TETR event data */
	uint8_t zone_sha256[MEASURE_SEEDS + 1][32];      /* TETZ event data, per seed */
	uint8_t pcr2[2][MEASURE_SEEDS + 1][48];          /* per bank, per seed */
	int cmdline_known;                               /* pcr9 and cmdline below */
	uint8_t cmdline_sha256[32];
	uint8_t pcr9[2][48];
};
/* Compute it; nonce_hex completes a "suffix" command line (NULL: PCR 9 is
 * unknown for such a reference). */
void reference_tpm(const struct reference *ref, const char *nonce_hex, struct reference_tpm *t);
/* What reference_read would return for the file reference_write writes
 * from a computation, as far as reference_tpm needs it (RTMR[1] and
 * RTMR[3] facts). The strings are borrowed from in: no reference_free. */
void reference_of_result(const struct measure_input *in, const struct measure_result *r,
			 struct reference *ref);

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
