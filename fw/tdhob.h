/* SPDX-License-Identifier: MIT */
/*
 * fw/tdhob.h - parser for the TD HOB list (include/tetd/hob.h) the VMM
 * hands a TD. Untrusted input: every length and range is checked; pure,
 * host-testable and fuzzed.
 */
#ifndef FW_TDHOB_H
#define FW_TDHOB_H
#include <stddef.h>
#include <stdint.h>
#include <tetd/hob.h>
#include "memmap.h"

#define TDHOB_MAX_UNACCEPTED 32

struct tdhob_info {
	size_t list_len;       /* bytes from the PHIT through the end HOB */
	struct memmap mm;      /* RAM (accepted or not) and reserved ranges */
	struct { uint64_t base, size; } unaccepted[TDHOB_MAX_UNACCEPTED];
	unsigned nunaccepted;
	int have_payload;
	struct tetd_hob_payload payload;
};

/* Length of the list (PHIT .. end-of-list HOB inclusive), or 0 if it is
 * malformed (*why says how). Walks headers only. */
size_t tdhob_list_len(const void *hob, size_t maxlen, const char **why);
/* Parse a list whose guest-physical address is hob_gpa. 0, or -1 + *why. */
int tdhob_parse(const void *hob, size_t maxlen, uint64_t hob_gpa,
		struct tdhob_info *out, const char **why);
#endif
