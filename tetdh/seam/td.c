// SPDX-License-Identifier: MIT
/*
 * tetdh/seam/td.c - one TD as the TDX module keeps it (the TDCS model):
 * its fixed configuration (TDH.MNG.INIT: ATTRIBUTES, XFAM, GPAW, MAX_VCPUS,
 * MRCONFIGID/MROWNER/MROWNERCONFIG), its measurements, its page states and
 * its operation state (INITIALIZED until TDH.MR.FINALIZE, then RUNNABLE).
 *
 * The build-time SEAMCALLs a VMM issues live here: TDH.VP.INIT,
 * TDH.MEM.PAGE.ADD (copy + page state + MRTD), TDH.MR.EXTEND (measures
 * the copied page, so it must be MAPPED), TDH.MR.FINALIZE, and one helper
 * that lays out a whole TDVF image in the order mrtd.c defines.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "seam.h"

int seam_td_init(struct seam_td *td, const struct seam_td_config *cfg)
{
	memset(td, 0, sizeof(*td));
	if ((cfg->gpaw != TDX_GPAW_48 && cfg->gpaw != TDX_GPAW_52) ||
	    cfg->max_vcpus == 0)
		return -1;
	td->cfg = *cfg;
	if (cfg->state_dir) {
		td->state_dir = strdup(cfg->state_dir);
		if (!td->state_dir)
			return -1;
	}
	td->cfg.state_dir = td->state_dir;
	seam_pages_init(&td->pages);
	/* The TDREPORT MAC key stands in for the CPU's report key: it never
	 * leaves this process, so only this host can check the MAC. */
	if (seam_mrtd_init(&td->mrtd) ||
	    RAND_bytes(td->report_key, sizeof(td->report_key)) != 1) {
		seam_td_destroy(td);
		return -1;
	}
	return 0;
}

void seam_td_destroy(struct seam_td *td)
{
	seam_mrtd_free(&td->mrtd);
	seam_pages_free(&td->pages);
	seam_qe_close(td->qe);
	free(td->state_dir);
	OPENSSL_cleanse(td->report_key, sizeof(td->report_key));
	memset(td, 0, sizeof(*td));
}

int seam_td_runnable(const struct seam_td *td)
{
	return td->pages.runnable;
}

int seam_td_add_vcpu(struct seam_td *td)
{
	if (td->num_vcpus >= td->cfg.max_vcpus)
		return -1;
	return (int)td->num_vcpus++;
}

uint64_t seam_td_page_add(struct seam_td *td, const struct seam_guest_mem *mem,
			  uint64_t gpa, const uint8_t src[SEAM_PAGE_SIZE])
{
	uint64_t st = seam_pages_add(&td->pages, gpa);

	if (st)
		return st;
	if (mem->write(mem->opaque, gpa, src, SEAM_PAGE_SIZE)) {
		/* No host page behind the GPA: undo (legal before FINALIZE). */
		seam_pages_remove(&td->pages, gpa, TDX_PS_4K);
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8;
	}
	if (seam_mrtd_page_add(&td->mrtd, gpa))
		return TDX_NON_RECOVERABLE_TD;
	return TDX_SUCCESS;
}

uint64_t seam_td_mr_extend(struct seam_td *td, const struct seam_guest_mem *mem,
			   uint64_t gpa)
{
	uint8_t chunk[256];

	if (seam_td_runnable(td))
		return TDX_OP_STATE_INCORRECT;
	if (gpa & 255 || !seam_pages_in_range(&td->pages, gpa, sizeof(chunk)))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	if (seam_pages_state(&td->pages, gpa) != SEAM_PAGE_MAPPED)
		return TDX_EPT_ENTRY_STATE_INCORRECT | TDX_OPERAND_ID_RCX;
	if (mem->read(mem->opaque, gpa, chunk, sizeof(chunk)))
		return TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX;
	if (seam_mrtd_extend(&td->mrtd, gpa, chunk))
		return TDX_NON_RECOVERABLE_TD;
	return TDX_SUCCESS;
}

uint64_t seam_td_finalize(struct seam_td *td)
{
	if (seam_td_runnable(td))
		return TDX_OP_STATE_INCORRECT;
	if (seam_mrtd_finalize(&td->mrtd, NULL))
		return TDX_NON_RECOVERABLE_TD;
	seam_pages_set_runnable(&td->pages);
	return TDX_SUCCESS;
}

struct load_ctx {
	struct seam_td *td;
	const struct seam_guest_mem *mem;
	uint64_t status;
};

static int load_page(void *opaque, const struct tdvf_section *s, uint64_t gpa,
		     const uint8_t *page)
{
	struct load_ctx *c = opaque;
	uint64_t off;

	c->status = seam_td_page_add(c->td, c->mem, gpa, page);
	if (c->status)
		return -1;
	if (!(s->attributes & TDVF_ATTR_MR_EXTEND))
		return 0;
	for (off = 0; off < SEAM_PAGE_SIZE; off += 256) {
		c->status = seam_td_mr_extend(c->td, c->mem, gpa + off);
		if (c->status)
			return -1;
	}
	return 0;
}

uint64_t seam_td_load_image(struct seam_td *td, const struct seam_guest_mem *mem,
			    const struct seam_tdvf *t, const uint8_t *img,
			    size_t len)
{
	struct load_ctx c = { .td = td, .mem = mem, .status = TDX_SUCCESS };

	if (seam_tdvf_walk_pages(t, img, len, load_page, &c))
		return c.status ? c.status : TDX_OPERAND_INVALID;
	return TDX_SUCCESS;
}
