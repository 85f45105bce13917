// SPDX-License-Identifier: MIT
/*
 * tetdh/seam/report.c - TDG.MR.REPORT: the TDREPORT_STRUCT of a TD.
 *
 * Layout: <tetd/tdx.h> (REPORTMACSTRUCT 0..255, TEE_TCB_INFO 256..494,
 * TDINFO 512..1023). Contents as intel/tdx-module tdg_mr_report.c and
 * helpers.c get_tdinfo_and_teeinfohash() build them: REPORTTYPE {0x81,
 * subtype 0, version 0}, TDINFO from the TDCS (ATTRIBUTES, XFAM, MRTD,
 * MRCONFIGID, MROWNER, MROWNERCONFIG, RTMR[0..3]; SERVTD_HASH 0: no
 * service TDs), TDINFO_HASH = SHA-384 over the 512-byte TDINFO,
 * TEE_TCB_INFO_HASH = SHA-384 over the 239-byte TEE_TCB_INFO.
 *
 * Model choices (the real MAC is made by the CPU, SEAMOPS.SEAMDB_REPORT,
 * with a key no software sees, and is checked by EVERIFYREPORT2):
 *  - MAC = HMAC-SHA-256(td->report_key, REPORTMACSTRUCT bytes 0..223),
 *    the key being 32 random bytes per TD, kept in this process;
 *  - the SEAM module identity is simulated: TEE_TCB_SVN below, MRSEAM =
 *    SHA-384("TETD-fw tetdh simulated TDX module"), MRSIGNERSEAM and SEAM
 *    ATTRIBUTES zero (an Intel-signed module), CPUSVN zero;
 *  - TEE_TCB_INFO.VALID marks the 8-byte words of TEE_TCB_SVN and MRSEAM
 *    (bits 1..8): bit i covers bytes 8i..8i+7.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "seam.h"

const uint8_t seam_tee_tcb_svn[16] = { 0x01, 0x00 };

static const char mrseam_label[] = "TETD-fw tetdh simulated TDX module";

#define TEE_TCB_INFO_VALID 0x1feull

static void sha384(const void *p, size_t n, uint8_t out[SEAM_SHA384_LEN])
{
	unsigned int len = 0;

	if (EVP_Digest(p, n, out, &len, EVP_sha384(), NULL) != 1)
		memset(out, 0, SEAM_SHA384_LEN); /* never matches a real hash */
}

void seam_report_mrseam(uint8_t out[SEAM_SHA384_LEN])
{
	sha384(mrseam_label, sizeof(mrseam_label) - 1, out);
}

static void report_mac(const struct seam_td *td, const struct tdx_report *r,
		       uint8_t mac[32])
{
	unsigned int len = 0;

	if (!HMAC(EVP_sha256(), td->report_key, sizeof(td->report_key),
		  (const uint8_t *)&r->reportmac, TDX_REPORTMAC_MACED_LEN, mac, &len))
		memset(mac, 0, 32);
}

void seam_report_build(const struct seam_td *td,
		       const uint8_t reportdata[TDX_REPORTDATA_LEN],
		       struct tdx_report *out)
{
	struct tdx_reportmac *rm = &out->reportmac;
	struct tdx_tdinfo *ti = &out->tdinfo;

	memset(out, 0, sizeof(*out));
	rm->type.type = TDX_REPORT_TYPE_TDX;
	rm->type.subtype = TDX_REPORT_SUBTYPE_0;
	rm->type.version = TDX_REPORT_VERSION_1_0;
	memcpy(rm->reportdata, reportdata, TDX_REPORTDATA_LEN);

	out->tee_tcb_info.valid = TEE_TCB_INFO_VALID;
	memcpy(out->tee_tcb_info.tee_tcb_svn, seam_tee_tcb_svn, 16);
	seam_report_mrseam(out->tee_tcb_info.mrseam);

	ti->attributes = td->cfg.attributes;
	ti->xfam = td->cfg.xfam;
	if (td->mrtd.finalized)
		memcpy(ti->mrtd, td->mrtd.value, SEAM_SHA384_LEN);
	memcpy(ti->mrconfigid, td->cfg.mrconfigid, SEAM_SHA384_LEN);
	memcpy(ti->mrowner, td->cfg.mrowner, SEAM_SHA384_LEN);
	memcpy(ti->mrownerconfig, td->cfg.mrownerconfig, SEAM_SHA384_LEN);
	memcpy(ti->rtmr, td->rtmr.r, sizeof(ti->rtmr));

	sha384(&out->tee_tcb_info, sizeof(out->tee_tcb_info), rm->tee_tcb_info_hash);
	sha384(ti, sizeof(*ti), rm->tdinfo_hash);
	report_mac(td, out, rm->mac);
}

int seam_report_verify(const struct seam_td *td, const struct tdx_report *r)
{
	uint8_t h[SEAM_SHA384_LEN], mac[32];

	static const uint8_t zero[sizeof(r->reserved)];

	/* The 17 bytes after TEE_TCB_INFO are covered by neither hash nor MAC:
	 * insist they are zero so that no byte of a report goes unchecked. */
	if (r->reportmac.type.type != TDX_REPORT_TYPE_TDX ||
	    memcmp(r->reserved, zero, sizeof(zero)))
		return -1;
	report_mac(td, r, mac);
	if (CRYPTO_memcmp(mac, r->reportmac.mac, sizeof(mac)))
		return -1;
	sha384(&r->tee_tcb_info, sizeof(r->tee_tcb_info), h);
	if (CRYPTO_memcmp(h, r->reportmac.tee_tcb_info_hash, sizeof(h)))
		return -1;
	sha384(&r->tdinfo, sizeof(r->tdinfo), h);
	if (CRYPTO_memcmp(h, r->reportmac.tdinfo_hash, sizeof(h)))
		return -1;
	return 0;
}
