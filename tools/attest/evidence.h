/* SPDX-License-Identifier: MIT */
/*
 * tools/attest/evidence.h - synthetic tetdh evidence for tests and
 * benchmarks: a quote from libseam's TDX-module model whose RTMRs are the
 * replay of a given event list, and the CCEL log of the same events
 * written by the firmware's own writer (fw/eventlog.c). Lets the verifier's
 * every failure mode be exercised without booting a TD.
 */
#ifndef TOOLS_EVIDENCE_H
#define TOOLS_EVIDENCE_H
#include <stddef.h>
#include <stdint.h>

struct evidence_event {
	uint32_t mr, type;              /* CC MR index (1..4 = RTMR0..3), TCG type */
	uint8_t digest[48];
	const void *data;
	uint32_t len;
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
#endif
