/* SPDX-License-Identifier: MIT */
/*
 * tools/attest/verify.h - every check tools/tetd-attest makes on the
 * evidence (a TDX quote from tetdh, the CCEL event log) against the
 * verifier's inputs (pinned certificate, nonce, expected registers,
 * reference values, policy). docs/attestation.md lists the checks and
 * their messages. The checks live here, apart from the command line, so
 * the unit tests run them on evidence they build.
 */
#ifndef TOOLS_VERIFY_H
#define TOOLS_VERIFY_H
#include <stddef.h>
#include <stdint.h>

#include "evlog.h"
#include "policy.h"
#include "reference.h"
#include "seam.h"

#define VERIFY_MAX_REASONS 64
#define VERIFY_REASON_LEN  400
#define VERIFY_MAX_AGENTS  (TETD_AVOL_MAX_AGENTS + 8)

struct verify_input {
	const uint8_t *quote;
	size_t quote_len;
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
};

/* Run every check that the inputs allow; the result lists every failure.
 * Returns the number of reasons (0: the evidence holds). */
unsigned verify_run(const struct verify_input *in, struct verify_result *out);
#endif
