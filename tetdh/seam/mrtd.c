// SPDX-License-Identifier: MIT
/*
 * tetdh/seam/mrtd.c - MRTD: the build-time measurement of a TD.
 *
 * MRTD is one running SHA-384 (TDX module: TDCS.MEASUREMENT.TD_SHA_CTX)
 * fed 128-byte blocks (intel/tdx-module tdh_mem_page_add.c,
 * tdh_mr_extend.c; REFERENCES.md):
 *   TDH.MEM.PAGE.ADD  { "MEM.PAGE.ADD" zero-padded to 16, GPA u64 LE, 0... }
 *   TDH.MR.EXTEND     { "MR.EXTEND" zero-padded to 16, GPA u64 LE, 0... }
 *                     followed by the 256 bytes of that chunk (2 blocks)
 *   TDH.MR.FINALIZE   MRTD = the digest.
 * Build order as QEMU >= 9.0 + KVM drive it (KVM_TDX_INIT_MEM_REGION):
 * section by section, page by page, each page's PAGE.ADD (none for PAGE.AUG
 * sections) followed by its 16 MR.EXTENDs (MR.EXTEND sections only).
 */
#include <string.h>

#include <openssl/evp.h>

#include "seam.h"

#define MR_BLOCK     128
#define MR_CHUNK     256

int seam_mrtd_init(struct seam_mrtd *m)
{
	memset(m, 0, sizeof(*m));
	m->ctx = EVP_MD_CTX_new();
	if (!m->ctx)
		return -1;
	if (EVP_DigestInit_ex(m->ctx, EVP_sha384(), NULL) != 1) {
		seam_mrtd_free(m);
		return -1;
	}
	return 0;
}

void seam_mrtd_free(struct seam_mrtd *m)
{
	EVP_MD_CTX_free(m->ctx);
	m->ctx = NULL;
}

static int mr_block(struct seam_mrtd *m, const char *op, uint64_t gpa)
{
	uint8_t blk[MR_BLOCK] = { 0 };
	int i;

	if (!m->ctx || m->finalized)
		return -1;
	memcpy(blk, op, strlen(op)); /* <= 16 bytes, zero padded */
	for (i = 0; i < 8; i++)
		blk[16 + i] = (uint8_t)(gpa >> (8 * i));
	return EVP_DigestUpdate(m->ctx, blk, sizeof(blk)) == 1 ? 0 : -1;
}

int seam_mrtd_page_add(struct seam_mrtd *m, uint64_t gpa)
{
	return mr_block(m, "MEM.PAGE.ADD", gpa);
}

int seam_mrtd_extend(struct seam_mrtd *m, uint64_t gpa, const uint8_t chunk[MR_CHUNK])
{
	if (mr_block(m, "MR.EXTEND", gpa))
		return -1;
	return EVP_DigestUpdate(m->ctx, chunk, MR_CHUNK) == 1 ? 0 : -1;
}

int seam_mrtd_finalize(struct seam_mrtd *m, uint8_t out[SEAM_SHA384_LEN])
{
	unsigned int n = 0;

	if (!m->ctx || m->finalized)
		return -1;
	if (EVP_DigestFinal_ex(m->ctx, m->value, &n) != 1 || n != SEAM_SHA384_LEN)
		return -1;
	m->finalized = 1;
	if (out)
		memcpy(out, m->value, SEAM_SHA384_LEN);
	return 0;
}

int seam_tdvf_walk_pages(const struct seam_tdvf *t, const uint8_t *img,
			 size_t len, seam_page_fn fn, void *ctx)
{
	uint8_t page[SEAM_PAGE_SIZE];
	unsigned i;
	int ret;

	for (i = 0; i < t->nr_sections; i++) {
		const struct tdvf_section *s = &t->sec[i];
		uint64_t off;

		if (s->attributes & TDVF_ATTR_PAGE_AUG)
			continue;
		/* Re-check what seam_tdvf_parse() guaranteed: the walk must
		 * never read outside the image, even on a hand-made table. */
		if ((uint64_t)s->data_offset + s->raw_data_size > len ||
		    s->raw_data_size > s->memory_data_size ||
		    (s->memory_address | s->memory_data_size) & (SEAM_PAGE_SIZE - 1))
			return -1;
		for (off = 0; off < s->memory_data_size; off += SEAM_PAGE_SIZE) {
			uint64_t n = 0;

			if (off < s->raw_data_size) {
				n = s->raw_data_size - off;
				if (n > SEAM_PAGE_SIZE)
					n = SEAM_PAGE_SIZE;
				memcpy(page, img + s->data_offset + off, n);
			}
			memset(page + n, 0, SEAM_PAGE_SIZE - n);
			ret = fn(ctx, s, s->memory_address + off, page);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static int measure_page(void *ctx, const struct tdvf_section *s, uint64_t gpa,
			const uint8_t *page)
{
	struct seam_mrtd *m = ctx;
	unsigned k;

	if (seam_mrtd_page_add(m, gpa))
		return -1;
	if (!(s->attributes & TDVF_ATTR_MR_EXTEND))
		return 0;
	for (k = 0; k < SEAM_PAGE_SIZE / MR_CHUNK; k++)
		if (seam_mrtd_extend(m, gpa + k * MR_CHUNK, page + k * MR_CHUNK))
			return -1;
	return 0;
}

int seam_mrtd_image(const struct seam_tdvf *t, const uint8_t *img, size_t len,
		    uint8_t out[SEAM_SHA384_LEN])
{
	struct seam_mrtd m;
	int ret;

	if (seam_mrtd_init(&m))
		return -1;
	ret = seam_tdvf_walk_pages(t, img, len, measure_page, &m);
	if (!ret)
		ret = seam_mrtd_finalize(&m, out);
	seam_mrtd_free(&m);
	return ret ? -1 : 0;
}
