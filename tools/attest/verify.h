/* SPDX-License-Identifier: MIT */
/*
 * tools/attest/verify.h - every check tools/tetd-attest makes on the
 * evidence against the verifier's inputs (pinned key, nonce, expected
 * registers, reference values, policy). Two kinds of evidence:
 *   VERIFY_TDX  a TDX quote from tetdh and the CCEL event log (RTMRs)
 *   VERIFY_TPM  a TPM 2.0 quote (TPMS_ATTEST, TPMT_SIGNATURE, optionally
 *               the quoted PCR values) from the TPM path on plain QEMU,
 *               and its TCG2 event log (PCRs; tpm2quote.h)
 * The register-independent checks (the log's TETD events, the reference's
 * events, the policy) are the same code for both. docs/attestation.md
 * lists the checks and their messages. The checks live here, apart from
 * the command line, so the unit tests run them on evidence they build.
 */
#ifndef TOOLS_VERIFY_H
#define TOOLS_VERIFY_H
#include <stddef.h>
#include <stdint.h>

#include "evlog.h"
#include "policy.h"
#include "reference.h"
#include "seam.h"
#include "tpm2quote.h"

#define VERIFY_MAX_REASONS 64
#define VERIFY_REASON_LEN  400
#define VERIFY_MAX_AGENTS  (TETD_AVOL_MAX_AGENTS + 8)

enum verify_kind { VERIFY_TDX = 0, VERIFY_TPM };

struct verify_input {
	enum verify_kind kind;
	const uint8_t *quote;               /* TDX: the quote; TPM: the TPMS_ATTEST */
	size_t quote_len;
	/* TPM: the signature (TPMT_SIGNATURE), the pinned AK (PEM public key),
	 * and optionally the quoted PCR values (tpm2_quote -o) */
	const uint8_t *tpm_sig;
	size_t tpm_sig_len;
	const char *ak_pem;
	size_t ak_pem_len;
	const char *ak_name;                /* for messages (the file) */
	const uint8_t *pcr_values;          /* or NULL */
	size_t pcr_values_len;
	const char *pcr_values_name;
	/* TDX */
	const char *cert_pem;               /* the pinned certificate */
	size_t cert_pem_len;
	const char *cert_name;              /* for messages (the file) */
	const uint8_t *nonce;               /* 1..64 bytes */
	size_t nonce_len;
	const char *nonce_hex;              /* as given (the command line has it) */
	const uint8_t *mrtd;                /* --mrtd, or NULL */
	const uint8_t *rtmr[TDX_NUM_RTMRS]; /* --rtmr N=, or NULL */
	const uint8_t *evlog;               /* or NULL */
	size_t evlog_len;
	const struct reference *ref;        /* or NULL */
	const char *ref_name;
	const struct policy *policy;        /* or NULL: policy_default() */
};

struct verify_agent {
	unsigned event;                     /* log event index */
	int loaded;
	struct tetd_agent_event agent;
	struct tetd_agent_reject_event reject;
};

struct verify_result {
	unsigned nreasons, dropped;
	char reason[VERIFY_MAX_REASONS][VERIFY_REASON_LEN];
	int quote_ok;                       /* parsed and signature verified */
	struct seam_quote_info info;
	int log_ok;                         /* parsed, SHA-384 bank */
	unsigned nevents;
	unsigned nagents;                   /* RTMR[3] agent events, log order */
	struct verify_agent agent[VERIFY_MAX_AGENTS];
	int have_zone;
	unsigned zone_event;
	struct tetd_zone_event zone;
	/* which checks ran */
	int did_mrtd, did_log, did_ref, did_policy;
	/* TPM evidence (quote_ok: parsed and signed by the pinned AK) */
	int tpm;
	struct tpm2q_attest att;
	struct tpm2q_sig sig;
	char ak_desc[32];
	char selection[160];                /* "sha256:2,9+sha384:2,9" */
	unsigned npcrs;                     /* the selected (bank, PCR) pairs */
	struct tpm2q_pcr pcr[TPM2Q_MAX_PCRS];
	/* their values when authenticated (they hash to pcrDigest): from
	 * --pcr-values (1) or the event log's replay (2); else 0 */
	int pcrs_known;
	uint8_t pcr_value[TPM2Q_MAX_PCRS][TPM2Q_MAX_HASH];
	int replay_ok;                      /* the log's replay gives pcrDigest */
	int did_pcrs_ref;                   /* PCR values compared with the reference */
};

/* Run every check that the inputs allow; the result lists every failure.
 * Returns the number of reasons (0: the evidence holds). */
unsigned verify_run(const struct verify_input *in, struct verify_result *out);
#endif
