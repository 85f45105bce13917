// SPDX-License-Identifier: MIT
/*
 * tetdh/seam/rtmr.c - the run-time measurement registers RTMR[0..3].
 *
 * TDG.MR.RTMR.EXTEND (intel/tdx-module tdg_mr_rtmr_extend.c):
 * RTMR[index] = SHA-384(RTMR[index] || 48-byte extend data); an index of 4
 * or more fails with TDX_OPERAND_INVALID | operand id RDX and leaves every
 * register untouched. Registers start as 48 zero bytes (TDH.MNG.INIT).
 * The GPA checks of the TDCALL live in tdcall.c.
 */
#include <string.h>

#include <openssl/evp.h>

#include "seam.h"

uint64_t seam_rtmr_extend(struct seam_rtmr *r, uint64_t index,
			  const uint8_t digest[SEAM_SHA384_LEN])
{
	uint8_t cat[2 * SEAM_SHA384_LEN], out[SEAM_SHA384_LEN];
	unsigned int n = 0;

	if (index >= TDX_NUM_RTMRS)
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX;
	memcpy(cat, r->r[index], SEAM_SHA384_LEN);
	memcpy(cat + SEAM_SHA384_LEN, digest, SEAM_SHA384_LEN);
	/* The module treats a SHA failure as fatal; so do we (the TD would
	 * otherwise see a register it cannot replay). */
	if (EVP_Digest(cat, sizeof(cat), out, &n, EVP_sha384(), NULL) != 1 ||
	    n != SEAM_SHA384_LEN)
		return TDX_NON_RECOVERABLE_TD;
	memcpy(r->r[index], out, SEAM_SHA384_LEN);
	return TDX_SUCCESS;
}
