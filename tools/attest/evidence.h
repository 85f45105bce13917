/* SPDX-License-Identifier: MIT */
/*
 * tools/attest/evidence.h - synthetic evidence for tests and benchmarks:
 *   tetdh: a quote from libseam's TDX-module model whose RTMRs are the
 *          replay of a given event list, and the CCEL log of the same
 *          events written by the firmware's own writer (fw/eventlog.c)
 *   TPM:   the TCG2 log the firmware writes with a TPM (same writer, SHA-256
 *          and SHA-384 banks, each event under its PCR), the PCR values
 *          those events leave, and a TPM2 quote of them (TPMS_ATTEST
 *          marshalled as a TPM does, signed with a given key as
 *          RSASSA, RSAPSS or ECDSA)
 * Lets the verifier's every failure mode be exercised without a boot.
 */
#ifndef TOOLS_EVIDENCE_H
#define TOOLS_EVIDENCE_H
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "tpm2quote.h"

struct evidence_event {
	uint32_t mr, type;              /* CC MR index (1..4 = RTMR0..3), TCG type */
	uint8_t digest[48];
	const void *data;
	uint32_t len;
	uint8_t digest256[32];          /* TPM path: the SHA-256 bank's */
};

/* A signed v4 quote from the quoting key in state_dir (created on first
 * use): MRTD mrtd, RTMR[i] the replay of the events with MR index i + 1
 * (EV_NO_ACTION skipped), REPORTDATA the nonce zero-padded. *quote is
 * malloc'ed. 0, or -1 with msg. */
int evidence_quote(const char *state_dir, const uint8_t mrtd[48],
		   const struct evidence_event *ev, unsigned n, const uint8_t *nonce,
		   size_t nonce_len, uint8_t **quote, size_t *quote_len, char *msg, size_t msglen);

/* The CCEL log of the events in a cap-byte area (0xff fill after them), as
 * the firmware writes it. *log is malloc'ed (cap bytes). 0 or -1. */
int evidence_log(const struct evidence_event *ev, unsigned n, size_t cap, uint8_t **log);

/* The PEM certificate of state_dir's quoting key; malloc'ed, NUL-ended. */
char *evidence_cert(const char *state_dir, char *msg, size_t msglen);

/* A boot's n (10..4000) events, in the firmware's order: the TD HOB (td
 * only), kernel, initrd, command line (stand-in digests for the first
 * two), operating-system events in RTMR2 to make up the count, four agents
 * and the zone (seeded by RDSEED) in RTMR3; both banks' digests. The data
 * lives in static buffers (one boot at a time). Returns the count. */
unsigned evidence_boot_events(struct evidence_event *ev, unsigned n, int td, const char *cmdline);

/* ---- the TPM path ---- */

/* digest256 of each event as the firmware computes it: SHA-256 of data for
 * an EV_EVENT_TAG event (tetdg-early's), else SHA-256 of *what (a label or
 * stand-in for the measured bytes, as digest is of them). */
void evidence_digest256(struct evidence_event *e, const void *what, size_t len);
/* The TCG2 log (SHA-256 and SHA-384, each event under the PCR its CC MR
 * index maps to), as the kernel exposes it: no fill. *log malloc'ed. */
int evidence_tpm_log(const struct evidence_event *ev, unsigned n, uint8_t **log, size_t *len);
/* The value of every PCR a's selection names after the events (PCRs from
 * zero), in tpm2q_selected order. 0, or -1 for a bank other than SHA-256
 * and SHA-384. */
int evidence_tpm_pcrs(const struct evidence_event *ev, unsigned n, const struct tpm2q_attest *a,
		      uint8_t (*values)[TPM2Q_MAX_HASH]);
/* TPMS_ATTEST of a (type quote) as a TPM marshals it. Returns the length,
 * 0 if cap is too small. */
size_t evidence_tpm_attest(const struct tpm2q_attest *a, uint8_t *out, size_t cap);
/* TPMT_SIGNATURE of scheme alg (TPM2Q_ALG_RSASSA, RSAPSS, ECDSA) and hash
 * over msg with key, as a TPM signs. *sig malloc'ed. 0 or -1. */
int evidence_tpm_sign(EVP_PKEY *key, uint16_t alg, uint16_t hash, const uint8_t *msg, size_t n,
		      uint8_t **sig, size_t *siglen);
/* All of it: a's pcrDigest from the events' PCR values (hash: the
 * signature's), marshalled, signed. *attest, *sig malloc'ed. 0 or -1. */
int evidence_tpm_quote(EVP_PKEY *key, uint16_t alg, uint16_t hash, struct tpm2q_attest *a,
		       const struct evidence_event *ev, unsigned n, uint8_t **attest,
		       size_t *attest_len, uint8_t **sig, size_t *siglen);
/* The public key as PEM (what tpm2_createak -f pem writes); malloc'ed. */
char *evidence_key_pem(EVP_PKEY *key);
#endif
