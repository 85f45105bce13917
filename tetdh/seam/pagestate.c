// SPDX-License-Identifier: MIT
/*
 * tetdh/seam/pagestate.c - the Secure-EPT state of every private page.
 *
 * States and legal transitions follow intel/tdx-module (tdx_1.5):
 * auto_gen/sept_state_lookup.c (which SEAMCALL/TDCALL leaf is allowed in
 * which SEPT state), tdh_mem_page_add.c, tdh_mem_page_aug.c,
 * tdh_mem_range_block.c, tdh_mem_range_unblock.c, tdh_mem_track.c,
 * tdh_mem_page_remove.c, tdg_mem_page_accept.c:
 *
 *   NONE --ADD (before FINALIZE)--> MAPPED
 *   NONE --AUG--> PENDING --ACCEPT (guest)--> MAPPED
 *   MAPPED --BLOCK--> BLOCKED --UNBLOCK (tracked)--> MAPPED
 *   PENDING --BLOCK--> PENDING_BLOCKED --UNBLOCK (tracked)--> PENDING
 *   any *BLOCKED --REMOVE (block tracked)--> NONE
 *   before FINALIZE (op state INITIALIZED) REMOVE needs no block/track.
 *
 * TLB tracking (helpers.h is_tlb_tracked, tdh_mem_track.c): BLOCK records
 * the TD epoch; TRACK advances the epoch unless a vCPU still runs in the
 * previous one (TDX_PREVIOUS_TLB_EPOCH_BUSY). A block is tracked once
 * bepoch < epoch - 1, or bepoch == epoch - 1 and no vCPU that entered in
 * bepoch is still inside the TD. The VMM reports TD entry/exit through
 * seam_pages_vcpu_enter/exit: that is the explicit epoch-completion model.
 *
 * Model choices: pages are 4 KiB entries grouped in 2 MiB chunks allocated
 * on first use and freed when empty (memory is bounded by the declared
 * ranges); a 2 MiB mapping (AUG at level 1) is 512 entries tagged level 1.
 * REMOVE returns a page to NONE (the SEPT entry becomes FREE; the REMOVED
 * state of the module only matters for migration import). A GPA outside
 * the declared private ranges is TDX_OPERAND_INVALID.
 */
#include <stdlib.h>
#include <string.h>

#include "seam.h"

#define PAGES_PER_CHUNK 512

struct seam_page {
	uint8_t state;                 /* enum seam_page_state */
	uint8_t level;                 /* TDX_PS_4K or TDX_PS_2M mapping */
	uint64_t bepoch;               /* TD epoch of the last RANGE.BLOCK */
};

struct seam_chunk {
	uint32_t used;                 /* entries not in state NONE */
	struct seam_page page[PAGES_PER_CHUNK];
};

/* How a request of a given level sees the mapping under it. */
enum span_kind {
	SPAN_NONE,                     /* nothing mapped */
	SPAN_LEAF,                     /* a mapping of exactly this level */
	SPAN_SPLIT,                    /* 2 MiB request over 4 KiB mappings */
	SPAN_IN_2M,                    /* 4 KiB request inside a 2 MiB mapping */
};

static const struct seam_page none_page;

static uint64_t span_bytes(int level)
{
	return level == TDX_PS_2M ? SEAM_PAGE_2M : SEAM_PAGE_SIZE;
}

int seam_pages_init(struct seam_pages *ps)
{
	memset(ps, 0, sizeof(*ps));
	ps->epoch = 1; /* TDH.MNG.INIT starts the TD epoch at 1 */
	return 0;
}

void seam_pages_free(struct seam_pages *ps)
{
	unsigned i;
	uint64_t c;

	for (i = 0; i < ps->nr_ranges; i++) {
		for (c = 0; c < ps->range[i].nr_chunks; c++)
			free(ps->range[i].chunk[c]);
		free(ps->range[i].chunk);
	}
	memset(ps, 0, sizeof(*ps));
}

int seam_pages_add_range(struct seam_pages *ps, uint64_t base, uint64_t size)
{
	struct seam_page_range *r;
	uint64_t total = size, end;
	unsigned i;

	if (ps->nr_ranges == SEAM_PAGES_MAX_RANGES || !size ||
	    (base | size) & (SEAM_PAGE_SIZE - 1) || base >= SEAM_MAX_GPA ||
	    size > SEAM_MAX_GPA - base)
		return -1;
	for (i = 0; i < ps->nr_ranges; i++) {
		r = &ps->range[i];
		if (base < r->base + r->size && r->base < base + size)
			return -1;
		total += r->size;
	}
	if (total > SEAM_PAGES_MAX_BYTES)
		return -1;
	r = &ps->range[ps->nr_ranges];
	end = (base + size + SEAM_PAGE_2M - 1) & ~(SEAM_PAGE_2M - 1);
	r->chunk0 = base & ~(SEAM_PAGE_2M - 1);
	r->nr_chunks = (end - r->chunk0) / SEAM_PAGE_2M;
	r->chunk = calloc(r->nr_chunks, sizeof(*r->chunk));
	if (!r->chunk)
		return -1;
	r->base = base;
	r->size = size;
	ps->nr_ranges++;
	return 0;
}

static struct seam_page_range *find_range(const struct seam_pages *ps,
					  uint64_t gpa, uint64_t len)
{
	unsigned i;

	for (i = 0; i < ps->nr_ranges; i++) {
		const struct seam_page_range *r = &ps->range[i];

		if (gpa >= r->base && len <= r->size && gpa - r->base <= r->size - len)
			return (struct seam_page_range *)r;
	}
	return NULL;
}

int seam_pages_in_range(const struct seam_pages *ps, uint64_t gpa, uint64_t len)
{
	return len && find_range(ps, gpa, len) != NULL;
}

/* Entry of a page; NULL (state NONE) if its chunk is not allocated and
 * alloc is 0, or allocation failed. */
static struct seam_page *page_at(struct seam_pages *ps,
				 struct seam_page_range *r, uint64_t gpa,
				 int alloc)
{
	uint64_t c = (gpa - r->chunk0) / SEAM_PAGE_2M;

	if (!r->chunk[c] && alloc) {
		r->chunk[c] = calloc(1, sizeof(struct seam_chunk));
		if (r->chunk[c])
			ps->nr_chunks++;
	}
	if (!r->chunk[c])
		return NULL;
	return &r->chunk[c]->page[(gpa % SEAM_PAGE_2M) / SEAM_PAGE_SIZE];
}

static const struct seam_page *peek(const struct seam_pages *ps, uint64_t gpa)
{
	struct seam_page_range *r;
	struct seam_page *p;

	gpa &= ~(SEAM_PAGE_SIZE - 1);
	r = find_range(ps, gpa, SEAM_PAGE_SIZE);
	if (!r)
		return &none_page;
	p = page_at((struct seam_pages *)ps, r, gpa, 0);
	return p ? p : &none_page;
}

enum seam_page_state seam_pages_state(const struct seam_pages *ps, uint64_t gpa)
{
	return (enum seam_page_state)peek(ps, gpa)->state;
}

int seam_pages_level(const struct seam_pages *ps, uint64_t gpa)
{
	const struct seam_page *p = peek(ps, gpa);

	return p->state == SEAM_PAGE_NONE ? -1 : p->level;
}

/* Common operand checks: level, alignment, inside one declared range. */
static uint64_t check_span(const struct seam_pages *ps, uint64_t gpa, int level,
			   int max_level)
{
	if (level < TDX_PS_4K || level > max_level ||
	    (gpa & (span_bytes(level) - 1)) ||
	    !find_range(ps, gpa, span_bytes(level)))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	return TDX_SUCCESS;
}

static enum span_kind span_view(const struct seam_pages *ps, uint64_t gpa,
				int level, const struct seam_page **leaf)
{
	const struct seam_page *p = peek(ps, gpa);
	uint64_t off;

	*leaf = p;
	if (level == TDX_PS_4K) {
		if (p->state == SEAM_PAGE_NONE)
			return SPAN_NONE;
		return p->level == TDX_PS_2M ? SPAN_IN_2M : SPAN_LEAF;
	}
	if (p->state != SEAM_PAGE_NONE && p->level == TDX_PS_2M)
		return SPAN_LEAF;
	for (off = 0; off < SEAM_PAGE_2M; off += SEAM_PAGE_SIZE)
		if (peek(ps, gpa + off)->state != SEAM_PAGE_NONE)
			return SPAN_SPLIT;
	return SPAN_NONE;
}

/* Set every page of a span; 0, or -1 if a chunk could not be allocated
 * (then nothing changed). */
static int span_set(struct seam_pages *ps, uint64_t gpa, int level,
		    enum seam_page_state st, uint64_t bepoch)
{
	struct seam_page_range *r = find_range(ps, gpa, span_bytes(level));
	uint64_t off, n = span_bytes(level);

	if (st != SEAM_PAGE_NONE && !page_at(ps, r, gpa, 1))
		return -1; /* a span never crosses a 2 MiB chunk */
	for (off = 0; off < n; off += SEAM_PAGE_SIZE) {
		uint64_t c = (gpa + off - r->chunk0) / SEAM_PAGE_2M;
		struct seam_page *p = page_at(ps, r, gpa + off, 0);

		if (!p)
			continue; /* only possible when setting NONE */
		if (p->state == SEAM_PAGE_NONE && st != SEAM_PAGE_NONE)
			r->chunk[c]->used++;
		else if (p->state != SEAM_PAGE_NONE && st == SEAM_PAGE_NONE)
			r->chunk[c]->used--;
		p->state = (uint8_t)st;
		p->level = (uint8_t)level;
		p->bepoch = bepoch;
		if (!r->chunk[c]->used) {
			free(r->chunk[c]);
			r->chunk[c] = NULL;
			ps->nr_chunks--;
		}
	}
	return 0;
}

static int is_blocked(uint8_t st)
{
	return st == SEAM_PAGE_BLOCKED || st == SEAM_PAGE_PENDING_BLOCKED;
}

static int tlb_tracked(const struct seam_pages *ps, uint64_t bepoch)
{
	if (bepoch + 1 < ps->epoch)
		return 1;
	return bepoch + 1 == ps->epoch && ps->refcount[bepoch & 1] == 0;
}

uint64_t seam_pages_add(struct seam_pages *ps, uint64_t gpa)
{
	const struct seam_page *p;
	uint64_t st;

	if (ps->runnable)
		return TDX_OP_STATE_INCORRECT;
	st = check_span(ps, gpa, TDX_PS_4K, TDX_PS_4K);
	if (st)
		return st;
	if (span_view(ps, gpa, TDX_PS_4K, &p) != SPAN_NONE)
		return TDX_EPT_ENTRY_STATE_INCORRECT | TDX_OPERAND_ID_RCX;
	if (span_set(ps, gpa, TDX_PS_4K, SEAM_PAGE_MAPPED, 0))
		return TDX_OPERAND_BUSY;
	return TDX_SUCCESS;
}

uint64_t seam_pages_aug(struct seam_pages *ps, uint64_t gpa, int level)
{
	const struct seam_page *p;
	uint64_t st = check_span(ps, gpa, level, TDX_PS_2M);

	if (st)
		return st;
	if (span_view(ps, gpa, level, &p) != SPAN_NONE)
		return TDX_EPT_ENTRY_STATE_INCORRECT | TDX_OPERAND_ID_RCX;
	if (span_set(ps, gpa, level, SEAM_PAGE_PENDING, 0))
		return TDX_OPERAND_BUSY;
	return TDX_SUCCESS;
}

/* BLOCK, UNBLOCK and REMOVE act on one leaf mapping of the given level. */
static uint64_t host_leaf(const struct seam_pages *ps, uint64_t gpa, int level,
			  const struct seam_page **p)
{
	uint64_t st = check_span(ps, gpa, level, TDX_PS_2M);

	if (st)
		return st;
	switch (span_view(ps, gpa, level, p)) {
	case SPAN_LEAF:
		return TDX_SUCCESS;
	case SPAN_IN_2M: /* the walk stops at a 2 MiB leaf above the request */
		return TDX_EPT_WALK_FAILED | TDX_OPERAND_ID_RCX;
	default:
		return TDX_EPT_ENTRY_STATE_INCORRECT | TDX_OPERAND_ID_RCX;
	}
}

uint64_t seam_pages_block(struct seam_pages *ps, uint64_t gpa, int level)
{
	const struct seam_page *p;
	uint64_t st = host_leaf(ps, gpa, level, &p);

	if (st)
		return st;
	if (is_blocked(p->state))
		return TDX_GPA_RANGE_ALREADY_BLOCKED | TDX_OPERAND_ID_RCX;
	if (span_set(ps, gpa, level, p->state == SEAM_PAGE_MAPPED ?
		     SEAM_PAGE_BLOCKED : SEAM_PAGE_PENDING_BLOCKED, ps->epoch))
		return TDX_OPERAND_BUSY;
	return TDX_SUCCESS;
}

uint64_t seam_pages_unblock(struct seam_pages *ps, uint64_t gpa, int level)
{
	const struct seam_page *p;
	uint64_t st = host_leaf(ps, gpa, level, &p);

	if (st)
		return st;
	if (!is_blocked(p->state))
		return TDX_EPT_ENTRY_STATE_INCORRECT | TDX_OPERAND_ID_RCX;
	if (ps->runnable && !tlb_tracked(ps, p->bepoch))
		return TDX_TLB_TRACKING_NOT_DONE | TDX_OPERAND_ID_SEPT_TREE;
	if (span_set(ps, gpa, level, p->state == SEAM_PAGE_BLOCKED ?
		     SEAM_PAGE_MAPPED : SEAM_PAGE_PENDING, 0))
		return TDX_OPERAND_BUSY;
	return TDX_SUCCESS;
}

uint64_t seam_pages_track(struct seam_pages *ps)
{
	if (ps->refcount[(ps->epoch - 1) & 1])
		return TDX_PREVIOUS_TLB_EPOCH_BUSY;
	ps->epoch++;
	return TDX_SUCCESS;
}

uint64_t seam_pages_remove(struct seam_pages *ps, uint64_t gpa, int level)
{
	const struct seam_page *p;
	uint64_t st = host_leaf(ps, gpa, level, &p);

	if (st)
		return st;
	if (ps->runnable) {
		if (!is_blocked(p->state))
			return TDX_GPA_RANGE_NOT_BLOCKED | TDX_OPERAND_ID_RCX;
		if (!tlb_tracked(ps, p->bepoch))
			return TDX_TLB_TRACKING_NOT_DONE | TDX_OPERAND_ID_RCX;
	}
	span_set(ps, gpa, level, SEAM_PAGE_NONE, 0); /* cannot fail */
	return TDX_SUCCESS;
}

/* tdg_mem_page_accept.c check_tdaccept_failure(), case by case. */
uint64_t seam_pages_accept(struct seam_pages *ps, uint64_t gpa, int level,
			   int *ept_violation)
{
	const struct seam_page *p;
	uint64_t st = check_span(ps, gpa, level, TDX_PS_2M);

	*ept_violation = 0;
	if (st)
		return st;
	switch (span_view(ps, gpa, level, &p)) {
	case SPAN_SPLIT: /* requested 2 MiB, mapped as 4 KiB pages */
		return TDX_PAGE_SIZE_MISMATCH | (uint64_t)level;
	case SPAN_IN_2M: /* walk stopped at the 2 MiB leaf */
		if (p->state == SEAM_PAGE_MAPPED)
			return TDX_PAGE_ALREADY_ACCEPTED | TDX_PS_2M;
		*ept_violation = 1;
		return TDX_SUCCESS;
	case SPAN_LEAF:
		if (p->state == SEAM_PAGE_MAPPED)
			return TDX_PAGE_ALREADY_ACCEPTED | (uint64_t)level;
		if (p->state == SEAM_PAGE_PENDING) {
			span_set(ps, gpa, level, SEAM_PAGE_MAPPED, 0);
			return TDX_SUCCESS;
		}
		break; /* *BLOCKED is not acceptable */
	case SPAN_NONE:
		break;
	}
	*ept_violation = 1;
	return TDX_SUCCESS;
}

uint64_t seam_pages_vcpu_enter(struct seam_pages *ps)
{
	ps->refcount[ps->epoch & 1]++;
	return ps->epoch;
}

void seam_pages_vcpu_exit(struct seam_pages *ps, uint64_t entered_epoch)
{
	if (ps->refcount[entered_epoch & 1])
		ps->refcount[entered_epoch & 1]--;
}

void seam_pages_set_runnable(struct seam_pages *ps)
{
	ps->runnable = 1;
}
