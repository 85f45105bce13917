// SPDX-License-Identifier: MIT
/*
 * tools/attest/evidence.c - synthetic tetdh evidence (evidence.h): the TD
 * model, report and quote are libseam's (tetdh/seam), the log writer is
 * the firmware's (fw/eventlog.c); nothing here re-implements either.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eventlog.h"
#include "evidence.h"
#include "seam.h"

int evidence_quote(const char *state_dir, const uint8_t mrtd[48],
		   const struct evidence_event *ev, unsigned n, const uint8_t *nonce,
		   size_t nonce_len, uint8_t **quote, size_t *quote_len, char *msg, size_t msglen)
{
	struct seam_td_config cfg = { .gpaw = TDX_GPAW_48, .max_vcpus = 1, .xfam = 3,
				      .state_dir = state_dir };
	struct seam_td td;
	struct tdx_report rep;
	uint8_t rd[TDX_REPORTDATA_LEN] = { 0 };
	struct seam_qe *qe;
	int ret = -1;

	if (nonce_len > sizeof(rd) || seam_td_init(&td, &cfg)) {
		snprintf(msg, msglen, "cannot make the TD model");
		return -1;
	}
	/* The TD as after TDH.MR.FINALIZE of an image with this MRTD. */
	memcpy(td.mrtd.value, mrtd, 48);
	td.mrtd.finalized = 1;
	for (unsigned i = 0; i < n; i++) {
		if (ev[i].type == EV_NO_ACTION)
			continue;
		if (ev[i].mr < 1 || ev[i].mr > TDX_NUM_RTMRS ||
		    seam_rtmr_extend(&td.rtmr, ev[i].mr - 1, ev[i].digest) != TDX_SUCCESS) {
			snprintf(msg, msglen, "event %u: MR index %u is not an RTMR", i + 1, ev[i].mr);
			goto out;
		}
	}
	memcpy(rd, nonce, nonce_len);
	seam_report_build(&td, rd, &rep);
	qe = seam_qe_open(state_dir, msg, msglen);
	if (!qe)
		goto out;
	if (seam_quote_build(qe, &rep, quote, quote_len))
		snprintf(msg, msglen, "seam_quote_build failed");
	else
		ret = 0;
	seam_qe_close(qe);
out:
	seam_td_destroy(&td);
	return ret;
}

int evidence_log(const struct evidence_event *ev, unsigned n, size_t cap, uint8_t **log)
{
	struct evlog l;
	uint8_t *buf = malloc(cap);

	if (!buf || evlog_init(&l, buf, cap)) {
		free(buf);
		return -1;
	}
	for (unsigned i = 0; i < n; i++)
		if (evlog_append(&l, ev[i].mr, ev[i].type, ev[i].digest, ev[i].data, ev[i].len)) {
			free(buf);
			return -1;
		}
	*log = buf;
	return 0;
}

char *evidence_cert(const char *state_dir, char *msg, size_t msglen)
{
	struct seam_qe *qe = seam_qe_open(state_dir, msg, msglen);
	const char *pem;
	char *out;
	size_t len;

	if (!qe)
		return NULL;
	pem = seam_qe_cert_pem(qe, &len);
	out = malloc(len + 1);
	if (out) {
		memcpy(out, pem, len);
		out[len] = 0;
	}
	seam_qe_close(qe);
	return out;
}
