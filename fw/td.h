/* SPDX-License-Identifier: MIT */
/*
 * fw/td.h - the TD platforms (tetdh, tdx): TD HOB intake, memory accept,
 * vCPU count, and the `tdx` measurement backend (RTMR extend by TDCALL).
 */
#ifndef FW_TD_H
#define FW_TD_H
#include "entry.h"
#include "measure.h"
#include "payload.h"

extern const struct measure_backend measure_backend_tdx;

/*
 * Check where the TD HOB is, measure it into RTMR[0] (before any of it is
 * used), parse it, accept unaccepted RAM, and load the payload it names.
 * Fills mm (without firmware reservations: the caller adds them first —
 * td_intake calls memmap_reserve) and lp. Fatal on any inconsistency.
 */
void td_intake(const struct fw_entry_state *es, struct memmap *mm, struct linux_payload *lp,
	       void (*memmap_reserve)(struct memmap *));
/* vCPUs of this TD, from TDG.VP.INFO. */
unsigned td_num_vcpus(void);
#endif
