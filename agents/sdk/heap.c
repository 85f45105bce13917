/* SPDX-License-Identifier: MIT */
/*
 * agents/sdk/heap.c - the agent heap: first fit over one arena (the env's
 * heap range), blocks laid end to end, each with a 16-byte header, free
 * neighbours merged lazily during allocation. Bounded by construction: a
 * block never extends past the arena, every header is checked before it is
 * trusted (a corrupt arena makes allocation fail, not run wild), and free()
 * accepts only pointers it handed out, once. Small and slow on purpose:
 * agents allocate a few buffers at init.
 */
#include "agent.h"

#define ALIGN      16u
#define HDR        16u
#define MAGIC_USED 0xa110c8edu
#define MAGIC_FREE 0xf4eeb10cu

struct blk {
	uint64_t size; /* whole block incl. header, multiple of ALIGN */
	uint32_t magic;
	uint32_t reserved;
};

void agent_heap_init(struct agent_heap *h, void *base, size_t size)
{
	uintptr_t b = (uintptr_t)base, a = (b + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
	h->base = NULL;
	h->size = 0;
	if (!base || size < a - b + 2 * HDR)
		return;
	size = (size - (a - b)) & ~(size_t)(ALIGN - 1);
	h->base = (uint8_t *)a;
	h->size = size;
	struct blk *f = (struct blk *)h->base;
	f->size = size;
	f->magic = MAGIC_FREE;
	f->reserved = 0;
}

/* The block at offset off, or NULL if its header is not a sane one. */
static struct blk *blk_at(const struct agent_heap *h, size_t off)
{
	struct blk *k = (struct blk *)(h->base + off);
	if (off > h->size - HDR)
		return NULL;
	if ((k->magic != MAGIC_USED && k->magic != MAGIC_FREE) || k->size < HDR ||
	    k->size % ALIGN || k->size > h->size - off)
		return NULL;
	return k;
}

void *agent_heap_alloc(struct agent_heap *h, size_t n)
{
	if (!h->base || n == 0 || n > h->size)
		return NULL;
	size_t need = HDR + ((n + ALIGN - 1) & ~(size_t)(ALIGN - 1));
	for (size_t off = 0; off < h->size;) {
		struct blk *k = blk_at(h, off);
		if (!k)
			return NULL; /* corrupt arena */
		if (k->magic == MAGIC_FREE) {
			/* merge the free blocks that follow */
			for (;;) {
				size_t next = off + k->size;
				struct blk *m = next < h->size ? blk_at(h, next) : NULL;
				if (!m || m->magic != MAGIC_FREE)
					break;
				k->size += m->size;
				m->magic = 0;
			}
			if (k->size >= need) {
				if (k->size - need >= 2 * HDR) {
					struct blk *rest = (struct blk *)((uint8_t *)k + need);
					rest->size = k->size - need;
					rest->magic = MAGIC_FREE;
					rest->reserved = 0;
					k->size = need;
				}
				k->magic = MAGIC_USED;
				return (uint8_t *)k + HDR;
			}
		}
		off += k->size;
	}
	return NULL;
}

int agent_heap_free(struct agent_heap *h, void *p)
{
	if (!p)
		return 0;
	uintptr_t u = (uintptr_t)p, b = (uintptr_t)h->base;
	if (!h->base || u < b + HDR || u - b >= h->size)
		return -1;
	/* Walk to it: only a block start we handed out is accepted. */
	for (size_t off = 0; off < h->size;) {
		struct blk *k = blk_at(h, off);
		if (!k)
			return -1;
		if (off + HDR == u - b) {
			if (k->magic != MAGIC_USED)
				return -1; /* double free */
			k->magic = MAGIC_FREE;
			return 0;
		}
		if (off + HDR > u - b)
			return -1;
		off += k->size;
	}
	return -1;
}

int agent_heap_stats(const struct agent_heap *h, size_t *free_bytes, size_t *largest)
{
	size_t total = 0, best = 0, run = 0;
	for (size_t off = 0; h->base && off < h->size;) {
		struct blk *k = blk_at(h, off);
		if (!k)
			return -1;
		if (k->magic == MAGIC_FREE) {
			total += k->size - HDR;
			run += k->size; /* adjacent free blocks merge on the next alloc */
			if (run - HDR > best)
				best = run - HDR;
		} else {
			run = 0;
		}
		off += k->size;
	}
	if (free_bytes)
		*free_bytes = total;
	if (largest)
		*largest = best;
	return 0;
}
