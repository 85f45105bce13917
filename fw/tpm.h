/* SPDX-License-Identifier: MIT */
/*
 * fw/tpm.h - the `tpm` measurement backend (plain QEMU with a CRB TPM,
 * e.g. -tpmdev emulator + -device tpm-crb with swtpm): detection, TPM
 * start-up, the CC MR -> PCR map, PCR extends, the read-back check before
 * the kernel runs, and the ACPI tables that let Linux find the TPM and the
 * TCG2 event log (docs/measurements.md, "The TPM path").
 */
#ifndef FW_TPM_H
#define FW_TPM_H
#include <stdint.h>
#include "measure.h"

/* PCR for a CC MR index (1..4 = RTMR0..3); EVLOG_MAX_MR if none. */
unsigned tpm_pcr_of_mr(unsigned mr);
/*
 * Probe the CRB at 0xFED40000. No TPM (or a non-CRB one): NULL, and the
 * caller measures with `none`. A TPM that is there but fails (locality,
 * TPM2_Startup, no usable bank, a malformed response): fatal.
 */
const struct measure_backend *tpm_probe(void);
/* The tpm backend is the one in use. */
int tpm_active(void);
/* Read back every PCR the log names, in every bank, and compare with the
 * log's replay (fatal on a mismatch); then goIdle and relinquish the
 * locality for the OS driver. No-op without the tpm backend. */
void tpm_handoff(void);
/* ACPI TPM2 table (TCG ACPI Specification, rev 4, start method 7 = CRB)
 * naming the log at lasa/laml; the SSDT with the MSFT0101 device. Both
 * for acpi_config.extra; valid until the next call. */
const void *tpm_acpi_tpm2(uint64_t lasa, uint32_t laml);
const void *tpm_acpi_ssdt(void);
#endif
