/* SPDX-License-Identifier: MIT */
/*
 * fw/entry.h - what bootstub hands to fw_main(): the BSP's entry state,
 * stored at TETD_APSYNC_GPA (bootstub/reset.asm writes it; offsets match).
 */
#ifndef FW_ENTRY_H
#define FW_ENTRY_H
#include <stdint.h>

enum fw_start_mode { FW_START_REAL = 0, FW_START_TD = 1 };

struct fw_entry_state {
	uint32_t ready;      /* page tables built: APs may enable paging */
	uint32_t pad;
	uint64_t reset_tsc;  /* TSC read by the first instruction block */
	uint32_t gpaw;       /* EBX[5:0] at TD start, 0 in real mode */
	uint32_t start_mode; /* enum fw_start_mode */
	uint64_t hob;        /* RCX at TD start: TD HOB GPA */
	uint32_t park_port;  /* nonzero: parked APs write it while polling */
} __attribute__((packed));

void fw_main(struct fw_entry_state *es) __attribute__((noreturn));
#endif
