/* SPDX-License-Identifier: MIT */
/*
 * include/tetd/tcg.h - TCG PC Client PFP event log (crypto-agile format)
 * constants shared by the firmware, tools and tests. The CCEL log uses the
 * same format with PCRIndex holding the CC measurement-register index
 * (UEFI 2.10 EFI_CC_MEASUREMENT_PROTOCOL): 0 = MRTD, 1..4 = RTMR[0..3].
 */
#ifndef TETD_TCG_H
#define TETD_TCG_H
#include <stdint.h>

#define EV_PREBOOT_CERT           0x00000000u
#define EV_POST_CODE              0x00000001u
#define EV_NO_ACTION              0x00000003u
#define EV_SEPARATOR              0x00000004u
#define EV_EVENT_TAG              0x00000006u
#define EV_IPL                    0x0000000Du
#define EV_PLATFORM_CONFIG_FLAGS  0x0000000Au

#define TPM_ALG_SHA256 0x000Bu
#define TPM_ALG_SHA384 0x000Cu

#define TCG_SPEC_ID_SIGNATURE "Spec ID Event03"

/* CC MR index <-> RTMR: index i names RTMR[i-1]. */
#define CC_MR_MRTD   0u
#define CC_MR_RTMR0  1u
#define CC_MR_RTMR1  2u
#define CC_MR_RTMR2  3u
#define CC_MR_RTMR3  4u
#define CC_MR_COUNT  5u

/*
 * The TPM path's PCR for each CC MR index (docs/measurements.md, "PCR
 * map"): the firmware's tpm backend extends the event of RTMR[i] into this
 * PCR, and the verifier replays it there. One PCR per RTMR, so each PCR's
 * SHA-384 bank replays to the RTMR a TD with the same payload gets:
 *   RTMR0 (TD HOB/config)           -> PCR 1  (platform configuration)
 *   RTMR1 (kernel, initrd, cmdline) -> PCR 9  (TCG: EV_IPL only in 8, 9, 12, 14)
 *   RTMR2 (unused here)             -> PCR 8
 *   RTMR3 (TETD agents, zone)       -> PCR 2  (code the firmware loads and runs)
 * MRTD (build time only) and unknown indexes: TETD_PCR_NONE.
 */
#define TETD_PCR_NONE  0xffu
#define TETD_PCR_RTMR0 1u
#define TETD_PCR_RTMR1 9u
#define TETD_PCR_RTMR2 8u
#define TETD_PCR_RTMR3 2u
static inline unsigned tetd_pcr_of_mr(unsigned mr)
{
	switch (mr) {
	case CC_MR_RTMR0: return TETD_PCR_RTMR0;
	case CC_MR_RTMR1: return TETD_PCR_RTMR1;
	case CC_MR_RTMR2: return TETD_PCR_RTMR2;
	case CC_MR_RTMR3: return TETD_PCR_RTMR3;
	}
	return TETD_PCR_NONE;
}

/* ACPI CCEL "CC Type" (ACPI 6.5 table 5.181). 0 is reserved by ACPI; we
 * publish it on platforms without confidential-computing hardware. */
#define CCEL_CC_TYPE_NONE 0u
#define CCEL_CC_TYPE_SEV  1u
#define CCEL_CC_TYPE_TDX  2u
#endif
