// SPDX-License-Identifier: MIT
/*
 * tetdh/seam/guestmem.c - a guest-physical accessor over one flat RAM block.
 *
 * The seam model never dereferences a guest address itself: it calls the
 * accessor the VMM hands in, which must refuse (return -1, touch nothing)
 * any range that is not entirely guest RAM. This flat version serves the
 * unit tests, the fuzzers and simple callers; the VMM builds its own over
 * its memory slots with the same contract (and leaves a sealed TETD zone
 * out of the TD's view).
 */
#include <string.h>

#include "seam.h"

static int flat_ok(const struct seam_flat_mem *f, uint64_t gpa, size_t len)
{
	return gpa >= f->base && len <= f->size && gpa - f->base <= f->size - len;
}

static int flat_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct seam_flat_mem *f = opaque;

	if (!flat_ok(f, gpa, len))
		return -1;
	memcpy(buf, f->ram + (gpa - f->base), len);
	return 0;
}

static int flat_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	struct seam_flat_mem *f = opaque;

	if (!flat_ok(f, gpa, len))
		return -1;
	memcpy(f->ram + (gpa - f->base), buf, len);
	return 0;
}

void seam_flat_mem_init(struct seam_guest_mem *m, struct seam_flat_mem *f,
			uint8_t *ram, uint64_t base, uint64_t size)
{
	f->ram = ram;
	f->base = base;
	f->size = size;
	m->opaque = f;
	m->read = flat_read;
	m->write = flat_write;
}
