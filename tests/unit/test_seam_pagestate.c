// SPDX-License-Identifier: MIT
/*
 * tests/unit/test_seam_pagestate.c - the private-page state machine: every
 * (state x operation) pair, before and after FINALIZE, with the expected
 * architectural status and resulting state; then TLB-epoch tracking,
 * 2 MiB mappings, range checks and memory release.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "seam.h"

#define GPA   0x200000ull
#define RCX   TDX_OPERAND_ID_RCX
#define EV    0xeeeeull          /* expect an EPT-violation exit */

enum st { NONE, PEND, MAPD, BLKD, PBLK };
enum op { ADD, AUG, ACCEPT, BLOCK, UNBLOCK, REMOVE };

static const char *const st_name[] = { "NONE", "PENDING", "MAPPED", "BLOCKED",
				       "PENDING_BLOCKED" };
static const char *const op_name[] = { "ADD", "AUG", "ACCEPT", "BLOCK",
				       "UNBLOCK", "REMOVE" };

struct row {
	int runnable;
	enum st from;
	enum op op;
	uint64_t status;
	enum st to;
	char name[64];
};

static struct row rows[] = {
	/* After TDH.MR.FINALIZE (op state RUNNABLE); BLOCKs are TRACKed. */
	{ 1, NONE, ADD, TDX_OP_STATE_INCORRECT, NONE, "" },
	{ 1, NONE, AUG, TDX_SUCCESS, PEND, "" },
	{ 1, NONE, ACCEPT, EV, NONE, "" },
	{ 1, NONE, BLOCK, TDX_EPT_ENTRY_STATE_INCORRECT | RCX, NONE, "" },
	{ 1, NONE, UNBLOCK, TDX_EPT_ENTRY_STATE_INCORRECT | RCX, NONE, "" },
	{ 1, NONE, REMOVE, TDX_EPT_ENTRY_STATE_INCORRECT | RCX, NONE, "" },
	{ 1, PEND, ADD, TDX_OP_STATE_INCORRECT, PEND, "" },
	{ 1, PEND, AUG, TDX_EPT_ENTRY_STATE_INCORRECT | RCX, PEND, "" },
	{ 1, PEND, ACCEPT, TDX_SUCCESS, MAPD, "" },
	{ 1, PEND, BLOCK, TDX_SUCCESS, PBLK, "" },
	{ 1, PEND, UNBLOCK, TDX_EPT_ENTRY_STATE_INCORRECT | RCX, PEND, "" },
	{ 1, PEND, REMOVE, TDX_GPA_RANGE_NOT_BLOCKED | RCX, PEND, "" },
	{ 1, MAPD, ADD, TDX_OP_STATE_INCORRECT, MAPD, "" },
	{ 1, MAPD, AUG, TDX_EPT_ENTRY_STATE_INCORRECT | RCX, MAPD, "" },
	{ 1, MAPD, ACCEPT, TDX_PAGE_ALREADY_ACCEPTED | TDX_PS_4K, MAPD, "" },
	{ 1, MAPD, BLOCK, TDX_SUCCESS, BLKD, "" },
	{ 1, MAPD, UNBLOCK, TDX_EPT_ENTRY_STATE_INCORRECT | RCX, MAPD, "" },
	{ 1, MAPD, REMOVE, TDX_GPA_RANGE_NOT_BLOCKED | RCX, MAPD, "" },
	{ 1, BLKD, ADD, TDX_OP_STATE_INCORRECT, BLKD, "" },
	{ 1, BLKD, AUG, TDX_EPT_ENTRY_STATE_INCORRECT | RCX, BLKD, "" },
	{ 1, BLKD, ACCEPT, EV, BLKD, "" },
	{ 1, BLKD, BLOCK, TDX_GPA_RANGE_ALREADY_BLOCKED | RCX, BLKD, "" },
	{ 1, BLKD, UNBLOCK, TDX_SUCCESS, MAPD, "" },
	{ 1, BLKD, REMOVE, TDX_SUCCESS, NONE, "" },
	{ 1, PBLK, ADD, TDX_OP_STATE_INCORRECT, PBLK, "" },
	{ 1, PBLK, AUG, TDX_EPT_ENTRY_STATE_INCORRECT | RCX, PBLK, "" },
	{ 1, PBLK, ACCEPT, EV, PBLK, "" },
	{ 1, PBLK, BLOCK, TDX_GPA_RANGE_ALREADY_BLOCKED | RCX, PBLK, "" },
	{ 1, PBLK, UNBLOCK, TDX_SUCCESS, PEND, "" },
	{ 1, PBLK, REMOVE, TDX_SUCCESS, NONE, "" },
	/* Before FINALIZE (op state INITIALIZED): ADD allowed, REMOVE needs
	 * no block (tlb_tracking_required is 0 for INITIALIZED). */
	{ 0, NONE, ADD, TDX_SUCCESS, MAPD, "" },
	{ 0, NONE, REMOVE, TDX_EPT_ENTRY_STATE_INCORRECT | RCX, NONE, "" },
	{ 0, PEND, ADD, TDX_EPT_ENTRY_STATE_INCORRECT | RCX, PEND, "" },
	{ 0, PEND, REMOVE, TDX_SUCCESS, NONE, "" },
	{ 0, MAPD, ADD, TDX_EPT_ENTRY_STATE_INCORRECT | RCX, MAPD, "" },
	{ 0, MAPD, REMOVE, TDX_SUCCESS, NONE, "" },
	{ 0, BLKD, ADD, TDX_EPT_ENTRY_STATE_INCORRECT | RCX, BLKD, "" },
	{ 0, BLKD, REMOVE, TDX_SUCCESS, NONE, "" },
	{ 0, PBLK, UNBLOCK, TDX_SUCCESS, PEND, "" },
	{ 0, PBLK, REMOVE, TDX_SUCCESS, NONE, "" },
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

static struct seam_pages *new_pages(int runnable)
{
	static struct seam_pages ps;

	seam_pages_init(&ps);
	assert_int_equal(seam_pages_add_range(&ps, 0, 0x1000000), 0);
	if (runnable)
		seam_pages_set_runnable(&ps);
	return &ps;
}

/* Bring GPA into a state using legal operations only. */
static void reach(struct seam_pages *ps, enum st s)
{
	int ev;

	if (s == NONE)
		return;
	assert_int_equal(seam_pages_aug(ps, GPA, TDX_PS_4K), TDX_SUCCESS);
	if (s == MAPD || s == BLKD) {
		assert_int_equal(seam_pages_accept(ps, GPA, TDX_PS_4K, &ev), TDX_SUCCESS);
		assert_int_equal(ev, 0);
	}
	if (s == BLKD || s == PBLK) {
		assert_int_equal(seam_pages_block(ps, GPA, TDX_PS_4K), TDX_SUCCESS);
		assert_int_equal(seam_pages_track(ps), TDX_SUCCESS);
	}
}

static const enum seam_page_state model_state[] = {
	SEAM_PAGE_NONE, SEAM_PAGE_PENDING, SEAM_PAGE_MAPPED, SEAM_PAGE_BLOCKED,
	SEAM_PAGE_PENDING_BLOCKED,
};

static void test_row(void **state)
{
	const struct row *r = *state;
	struct seam_pages *ps = new_pages(r->runnable);
	uint64_t st = 0;
	int ev = 0;

	reach(ps, r->from);
	switch (r->op) {
	case ADD: st = seam_pages_add(ps, GPA); break;
	case AUG: st = seam_pages_aug(ps, GPA, TDX_PS_4K); break;
	case ACCEPT: st = seam_pages_accept(ps, GPA, TDX_PS_4K, &ev); break;
	case BLOCK: st = seam_pages_block(ps, GPA, TDX_PS_4K); break;
	case UNBLOCK: st = seam_pages_unblock(ps, GPA, TDX_PS_4K); break;
	case REMOVE: st = seam_pages_remove(ps, GPA, TDX_PS_4K); break;
	}
	if (ev)
		st = EV;
	if (st != r->status)
		fail_msg("%s: status 0x%llx, expected 0x%llx", r->name,
			 (unsigned long long)st, (unsigned long long)r->status);
	assert_int_equal(seam_pages_state(ps, GPA), model_state[r->to]);
	seam_pages_free(ps);
}

/* Every runnable (state x op) pair appears exactly once. */
static void test_table_complete(void **state)
{
	int seen[5][6] = { { 0 } };

	(void)state;
	for (size_t i = 0; i < NROWS; i++)
		if (rows[i].runnable)
			seen[rows[i].from][rows[i].op]++;
	for (int s = 0; s < 5; s++)
		for (int o = 0; o < 6; o++)
			assert_int_equal(seen[s][o], 1);
}

static void test_tlb_tracking(void **state)
{
	struct seam_pages *ps = new_pages(1);
	uint64_t e, other;

	(void)state;
	reach(ps, MAPD);
	e = seam_pages_vcpu_enter(ps);           /* a vCPU runs in epoch e */
	assert_int_equal(seam_pages_block(ps, GPA, TDX_PS_4K), TDX_SUCCESS);
	/* not tracked at all yet */
	assert_int_equal(seam_pages_remove(ps, GPA, TDX_PS_4K),
			 TDX_TLB_TRACKING_NOT_DONE | RCX);
	assert_int_equal(seam_pages_unblock(ps, GPA, TDX_PS_4K),
			 TDX_TLB_TRACKING_NOT_DONE | TDX_OPERAND_ID_SEPT_TREE);
	/* TRACK starts epoch e+1, but the vCPU of epoch e is still inside */
	assert_int_equal(seam_pages_track(ps), TDX_SUCCESS);
	assert_int_equal(seam_pages_remove(ps, GPA, TDX_PS_4K),
			 TDX_TLB_TRACKING_NOT_DONE | RCX);
	/* a second TRACK must wait for epoch e to drain */
	assert_int_equal(seam_pages_track(ps), TDX_PREVIOUS_TLB_EPOCH_BUSY);
	/* a vCPU entering now belongs to the new epoch and does not matter */
	other = seam_pages_vcpu_enter(ps);
	assert_int_equal(other, e + 1);
	seam_pages_vcpu_exit(ps, e);             /* epoch e completes */
	assert_int_equal(seam_pages_remove(ps, GPA, TDX_PS_4K), TDX_SUCCESS);
	assert_int_equal(seam_pages_state(ps, GPA), SEAM_PAGE_NONE);
	seam_pages_vcpu_exit(ps, other);
	assert_int_equal(seam_pages_track(ps), TDX_SUCCESS);
	assert_int_equal(seam_pages_track(ps), TDX_SUCCESS);
	seam_pages_free(ps);
}

static void test_2m(void **state)
{
	struct seam_pages *ps = new_pages(1);
	uint64_t g2 = 0x400000;
	int ev;

	(void)state;
	assert_int_equal(seam_pages_aug(ps, g2 + 0x1000, TDX_PS_2M),
			 TDX_OPERAND_INVALID | RCX);
	assert_int_equal(seam_pages_aug(ps, g2, TDX_PS_1G), TDX_OPERAND_INVALID | RCX);
	assert_int_equal(seam_pages_aug(ps, g2, TDX_PS_2M), TDX_SUCCESS);
	assert_int_equal(seam_pages_state(ps, g2 + 0x1ff000), SEAM_PAGE_PENDING);
	assert_int_equal(seam_pages_level(ps, g2 + 0x1ff000), TDX_PS_2M);
	/* 4 KiB accept inside a pending 2 MiB page: EPT violation */
	assert_int_equal(seam_pages_accept(ps, g2 + 0x3000, TDX_PS_4K, &ev), TDX_SUCCESS);
	assert_int_equal(ev, 1);
	assert_int_equal(seam_pages_accept(ps, g2, TDX_PS_2M, &ev), TDX_SUCCESS);
	assert_int_equal(ev, 0);
	assert_int_equal(seam_pages_state(ps, g2 + 0x1ff000), SEAM_PAGE_MAPPED);
	assert_int_equal(seam_pages_accept(ps, g2 + 0x3000, TDX_PS_4K, &ev),
			 TDX_PAGE_ALREADY_ACCEPTED | TDX_PS_2M);
	assert_int_equal(seam_pages_accept(ps, g2, TDX_PS_2M, &ev),
			 TDX_PAGE_ALREADY_ACCEPTED | TDX_PS_2M);
	/* host ops at 4 KiB inside a 2 MiB leaf: the SEPT walk fails */
	assert_int_equal(seam_pages_block(ps, g2 + 0x3000, TDX_PS_4K),
			 TDX_EPT_WALK_FAILED | RCX);
	assert_int_equal(seam_pages_block(ps, g2, TDX_PS_2M), TDX_SUCCESS);
	assert_int_equal(seam_pages_state(ps, g2 + 0x100000), SEAM_PAGE_BLOCKED);
	assert_int_equal(seam_pages_track(ps), TDX_SUCCESS);
	assert_int_equal(seam_pages_remove(ps, g2, TDX_PS_2M), TDX_SUCCESS);
	assert_int_equal(seam_pages_state(ps, g2 + 0x100000), SEAM_PAGE_NONE);
	/* 4 KiB pages in a 2 MiB range: a 2 MiB accept is a size mismatch,
	 * a 2 MiB AUG finds the range in use */
	assert_int_equal(seam_pages_aug(ps, g2 + 0x5000, TDX_PS_4K), TDX_SUCCESS);
	assert_int_equal(seam_pages_accept(ps, g2, TDX_PS_2M, &ev),
			 TDX_PAGE_SIZE_MISMATCH | TDX_PS_2M);
	assert_int_equal(seam_pages_aug(ps, g2, TDX_PS_2M),
			 TDX_EPT_ENTRY_STATE_INCORRECT | RCX);
	/* nothing there at all: EPT violation, the VMM may AUG */
	assert_int_equal(seam_pages_accept(ps, 0x800000, TDX_PS_2M, &ev), TDX_SUCCESS);
	assert_int_equal(ev, 1);
	seam_pages_free(ps);
}

static void test_ranges(void **state)
{
	struct seam_pages ps;
	int ev;

	(void)state;
	seam_pages_init(&ps);
	assert_int_equal(seam_pages_add_range(&ps, 0x1000, 0x3000), 0);
	assert_int_equal(seam_pages_add_range(&ps, 0x2000, 0x1000), -1); /* overlap */
	assert_int_equal(seam_pages_add_range(&ps, 0x10800, 0x1000), -1); /* align */
	assert_int_equal(seam_pages_add_range(&ps, 0x10000, 0), -1);
	assert_int_equal(seam_pages_add_range(&ps, 1ull << 52, 0x1000), -1);
	assert_int_equal(seam_pages_add_range(&ps, 0x100000000ull, 1ull << 40), -1);
	for (uint64_t i = 1; i < SEAM_PAGES_MAX_RANGES; i++)
		assert_int_equal(seam_pages_add_range(&ps, i << 30, 0x1000), 0);
	assert_int_equal(seam_pages_add_range(&ps, 0x7f000000, 0x1000), -1);
	/* outside every range, or crossing a range end */
	assert_int_equal(seam_pages_aug(&ps, 0x0, TDX_PS_4K), TDX_OPERAND_INVALID | RCX);
	assert_int_equal(seam_pages_aug(&ps, 0x4000, TDX_PS_4K), TDX_OPERAND_INVALID | RCX);
	assert_int_equal(seam_pages_aug(&ps, 0x0, TDX_PS_2M), TDX_OPERAND_INVALID | RCX);
	assert_int_equal(seam_pages_accept(&ps, 0x5000, TDX_PS_4K, &ev),
			 TDX_OPERAND_INVALID | RCX);
	assert_int_equal(seam_pages_add(&ps, 0x1800), TDX_OPERAND_INVALID | RCX);
	assert_int_equal(seam_pages_block(&ps, 0x3000, 3), TDX_OPERAND_INVALID | RCX);
	assert_int_equal(seam_pages_state(&ps, 0xdead000), SEAM_PAGE_NONE);
	assert_int_equal(seam_pages_add(&ps, 0x3000), TDX_SUCCESS);
	assert_int_equal(seam_pages_in_range(&ps, 0x3000, 0x1000), 1);
	assert_int_equal(seam_pages_in_range(&ps, 0x3000, 0x1001), 0);
	assert_int_equal(seam_pages_in_range(&ps, 0x3000, 0), 0);
	seam_pages_free(&ps);
}

/* Chunks are allocated on use and released when every page is NONE. */
static void test_memory_bounded(void **state)
{
	struct seam_pages *ps = new_pages(0);

	(void)state;
	assert_int_equal(ps->nr_chunks, 0);
	for (uint64_t g = 0; g < 0x1000000; g += 0x200000)
		assert_int_equal(seam_pages_add(ps, g + 0x1000), TDX_SUCCESS);
	assert_int_equal(ps->nr_chunks, 8);
	for (uint64_t g = 0; g < 0x1000000; g += 0x200000)
		assert_int_equal(seam_pages_remove(ps, g + 0x1000, TDX_PS_4K), TDX_SUCCESS);
	assert_int_equal(ps->nr_chunks, 0);
	seam_pages_free(ps);
}

int main(void)
{
	struct CMUnitTest tests[NROWS + 5] = {
		cmocka_unit_test(test_table_complete),
		cmocka_unit_test(test_tlb_tracking),
		cmocka_unit_test(test_2m),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_memory_bounded),
	};

	for (size_t i = 0; i < NROWS; i++) {
		struct row *r = &rows[i];

		snprintf(r->name, sizeof(r->name), "%s: %s %s -> %s",
			 r->runnable ? "runnable" : "initialized",
			 op_name[r->op], st_name[r->from], st_name[r->to]);
		tests[5 + i] = (struct CMUnitTest){
			.name = r->name, .test_func = test_row, .initial_state = r,
		};
	}
	return _cmocka_run_group_tests("seam_pagestate", tests, NROWS + 5, NULL, NULL);
}
