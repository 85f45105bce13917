// SPDX-License-Identifier: MIT
/*
 * tools/attest/measure.c - the reference values of measure.h: MRTD and the
 * TD HOB through measure_vmm.c (tetdh's code), the kernel digest through
 * fw/linuxboot.c, the agent events through tetdg-early's parsers.
 *
 * The agent loader's decisions (tetdg-early/load.c: load_volume, load_one,
 * reject) are firmware code with side effects on the zone and cannot run
 * here; they are mirrored below, step for step, with the same parsers, the
 * same message buffers (so refusal reasons match byte for byte) and the
 * same zone allocation. The unit test against a real boot
 * (tests/unit/test_attest_measure.c) fails if the two drift apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include <tetd/layout.h>
#include <tetd/tcg.h>

#include "agent_elf.h"
#include "agent_vol.h"
#include "linuxboot.h"
#include "measure.h"
#include "seam.h"
#include "tdhob.h"

/* Shared with the firmware: include/tetd/zone.h and layout.h. */
#define LOAD_EXTRA_PAGES    TETD_AGENT_EXTRA_PAGES
#define PAYLOAD_SETUP_MAX   TETD_SETUP_MAX

/* fw/payload.c payload_load_hob + measure_kernel, on the file itself. */
static int hash_kernel(const EVP_MD *md, const uint8_t *hdr, size_t hlen, const uint8_t *rest,
		       size_t rlen, uint8_t *out)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned n = 0;
	int ok = c && EVP_DigestInit_ex(c, md, NULL) == 1 && EVP_DigestUpdate(c, hdr, hlen) == 1 &&
		 EVP_DigestUpdate(c, rest, rlen) == 1 && EVP_DigestFinal_ex(c, out, &n) == 1;

	EVP_MD_CTX_free(c);
	return ok ? 0 : -1;
}

int measure_kernel(const uint8_t *k, size_t len, uint8_t out[48], uint8_t *out256, char *msg,
		   size_t msglen)
{
	struct bzimage_info bi;
	uint8_t hdr[BP_HDR_MAX_END];
	const char *why;

	if (len <= BZ_SETUP_SECTS) {
		snprintf(msg, msglen, "kernel: %zu bytes is not a bzImage", len);
		return -1;
	}
	uint32_t setup_len = len < PAYLOAD_SETUP_MAX ? (uint32_t)len : PAYLOAD_SETUP_MAX;
	unsigned sects = k[BZ_SETUP_SECTS] ? k[BZ_SETUP_SECTS] : 4;
	uint32_t setup_size = (sects + 1) * 512;
	if (setup_size > setup_len) {
		snprintf(msg, msglen, "kernel: truncated: %zu bytes cannot hold a %u-byte setup",
			 len, setup_size);
		return -1;
	}
	if (bzimage_parse(k, setup_size, len - setup_size, &bi, &why)) {
		snprintf(msg, msglen, "kernel: %s", why);
		return -1;
	}
	if (len - setup_size > bi.init_size) {
		snprintf(msg, msglen, "kernel: %zu bytes is larger than its own init_size (%u)",
			 len - setup_size, bi.init_size);
		return -1;
	}
	memcpy(hdr, k, sizeof(hdr));
	bzimage_canonicalize(hdr, &bi);
	if (hash_kernel(EVP_sha384(), hdr, sizeof(hdr), k + sizeof(hdr), len - sizeof(hdr), out) ||
	    (out256 && hash_kernel(EVP_sha256(), hdr, sizeof(hdr), k + sizeof(hdr),
				   len - sizeof(hdr), out256))) {
		snprintf(msg, msglen, "kernel: SHA-2 failed");
		return -1;
	}
	return 0;
}

/* The bytes the firmware reads at [gpa, gpa + len): the TDVF section that
 * holds them, its raw data then zeros (PAGE.ADD of a zero-padded page). */
static uint8_t *image_view(const uint8_t *img, size_t img_len, uint64_t gpa, size_t len,
			   char *msg, size_t msglen)
{
	struct seam_tdvf t;
	char m[SEAM_MSG_LEN];

	if (seam_tdvf_parse(img, img_len, &t, m, sizeof(m))) {
		snprintf(msg, msglen, "image: %s", m);
		return NULL;
	}
	for (unsigned i = 0; i < t.nr_sections; i++) {
		const struct tdvf_section *s = &t.sec[i];
		uint8_t *out;

		if (gpa < s->memory_address || gpa + len > s->memory_address + s->memory_data_size)
			continue;
		out = calloc(1, len);
		if (!out) {
			snprintf(msg, msglen, "out of memory");
			return NULL;
		}
		uint64_t off = gpa - s->memory_address;
		if (off < s->raw_data_size) {
			uint64_t n = s->raw_data_size - off < len ? s->raw_data_size - off : len;
			memcpy(out, img + s->data_offset + off, n);
		}
		return out;
	}
	snprintf(msg, msglen, "image: no TDVF section holds GPA 0x%llx+0x%zx",
		 (unsigned long long)gpa, len);
	return NULL;
}

/* ---- tetdg-early/load.c, mirrored ---- */

struct loader {
	struct measure_result *r;
	uint64_t zone_size, next;
	unsigned nloaded, nrejected;
};

static void reject(struct loader *L, uint32_t index, const char *name, const uint8_t *bytes,
		   uint64_t len, const char *why)
{
	struct measure_entry *e = &L->r->entry[L->r->nentries++];
	struct tetd_agent_reject_event *ev = &e->reject;

	memset(e, 0, sizeof(*e));
	for (unsigned i = 0; i + 1 < TETD_AGENT_NAME_LEN && name[i]; i++)
		ev->name[i] = name[i];
	ev->index = index;
	if (bytes)
		measure_sha384(bytes, len, ev->sha384);
	for (unsigned i = 0; i + 1 < TETD_REJECT_REASON_LEN && why[i]; i++)
		ev->reason[i] = why[i];
	e->elf_size = bytes ? len : 0;
	L->nrejected++;
}

static void load_one(struct loader *L, const struct agent_vol_entry *ve)
{
	struct agent_elf_info info;
	char err[TETD_REJECT_REASON_LEN];
	uint64_t budget = L->zone_size - L->next;

	if (agent_elf_check(ve->elf, ve->size, budget, &info, err, sizeof(err))) {
		reject(L, ve->index, ve->name, ve->elf, ve->size, err);
		return;
	}
	if (strcmp(info.desc.name, ve->name)) {
		reject(L, ve->index, ve->name, ve->elf, ve->size,
		       "descriptor name differs from the volume entry's");
		return;
	}
	for (unsigned i = 0; i < L->r->nentries; i++) {
		const struct measure_entry *o = &L->r->entry[i];

		if (o->loaded && (o->agent.id == info.desc.id ||
				  !strcmp(o->agent.name, info.desc.name))) {
			reject(L, ve->index, ve->name, ve->elf, ve->size,
			       "duplicate agent id or name");
			return;
		}
	}
	uint64_t img_pages = info.mem_size / 4096, stack_pages = info.desc.stack_size / 4096;
	uint64_t heap_pages = info.desc.heap_size / 4096;
	uint64_t need = img_pages + LOAD_EXTRA_PAGES + stack_pages + heap_pages;
	if (need > (L->zone_size - L->next) / 4096) {
		reject(L, ve->index, ve->name, ve->elf, ve->size, "does not fit in the zone");
		return;
	}
	struct measure_entry *e = &L->r->entry[L->r->nentries++];
	memset(e, 0, sizeof(*e));
	e->loaded = 1;
	memcpy(e->agent.name, info.desc.name, TETD_AGENT_NAME_LEN);
	e->agent.id = info.desc.id;
	e->agent.version = info.desc.version;
	e->agent.modes = info.desc.modes;
	e->agent.caps = info.desc.caps;
	memcpy(e->agent.sha384, ve->sha384, 48);
	e->elf_size = ve->size;
	e->zone_bytes = need * 4096;
	L->next += need * 4096;
	L->nloaded++;
}

static void load_volume(struct loader *L, const uint8_t *vol, size_t vol_len)
{
	struct agent_vol v;
	struct agent_vol_entry ve;
	char err[TETD_REJECT_REASON_LEN];
	int r = agent_vol_open(&v, vol, vol_len, err, sizeof(err));

	if (r == AGENT_VOL_ERASED) {
		L->r->volume_erased = 1;
		return;
	}
	if (r != AGENT_VOL_OK) {
		reject(L, 0, "volume", NULL, 0, err);
		return;
	}
	for (uint32_t i = 0; i < v.hdr.count; i++) {
		memset(&ve, 0, sizeof(ve));
		if (agent_vol_entry(&v, i, &ve, err, sizeof(err))) {
			const struct tetd_avol_entry *raw =
				(const void *)(v.base + sizeof(struct tetd_avol_header) +
					       (uint64_t)i * sizeof(struct tetd_avol_entry));
			char name[TETD_AGENT_NAME_LEN];
			memcpy(name, raw->name, sizeof(name));
			name[sizeof(name) - 1] = 0;
			int in_bounds = raw->size && raw->offset <= v.hdr.total_size &&
					raw->size <= v.hdr.total_size - raw->offset;
			reject(L, i, name, in_bounds ? v.base + raw->offset : NULL,
			       in_bounds ? raw->size : 0, err);
			continue;
		}
		load_one(L, &ve);
	}
}

/* ---- everything ---- */

static int ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static int hexstr(const char *s)
{
	size_t n = strlen(s);

	if (!n || n % 2 || n > 2 * MEASURE_NONCE_MAX)
		return 0;
	for (; *s; s++)
		if (!strchr("0123456789abcdefABCDEF", *s))
			return 0;
	return 1;
}

int measure_compute(const struct measure_input *in, struct measure_result *r,
		    char *msg, size_t msglen)
{
	struct measure_hob h;
	char *placeholder = NULL, *zeros = NULL;
	uint8_t *vol = NULL;
	const char *why;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	if (!ascii(in->cmdline)) {
		snprintf(msg, msglen, "the command line has bytes outside ASCII; the reference "
			 "file (JSON) could not carry it exactly");
		return -1;
	}
	switch (in->nonce) {
	case MEASURE_NONCE_NONE:
		r->cmdline = measure_cmdline(in->cmdline, NULL);
		break;
	case MEASURE_NONCE_FIXED:
		if (!in->nonce_hex || !hexstr(in->nonce_hex)) {
			snprintf(msg, msglen, "the nonce must be 1..%d bytes of hex", MEASURE_NONCE_MAX);
			return -1;
		}
		r->cmdline = measure_cmdline(in->cmdline, in->nonce_hex);
		break;
	case MEASURE_NONCE_SUFFIX:
		if (in->nonce_bytes < 1 || in->nonce_bytes > MEASURE_NONCE_MAX) {
			snprintf(msg, msglen, "the nonce length must be 1..%d bytes", MEASURE_NONCE_MAX);
			return -1;
		}
		zeros = malloc(2 * in->nonce_bytes + 1);
		if (zeros) {
			memset(zeros, '0', 2 * in->nonce_bytes);
			zeros[2 * in->nonce_bytes] = 0;
			placeholder = measure_cmdline(in->cmdline, zeros);
		}
		if (!placeholder) {
			snprintf(msg, msglen, "out of memory");
			goto out;
		}
		break;
	}
	r->cmdline_known = in->nonce != MEASURE_NONCE_SUFFIX;
	if (r->cmdline_known && !r->cmdline) {
		snprintf(msg, msglen, "out of memory");
		goto out;
	}

	/* MRTD and RTMR[0]: tetdh's build. */
	if (measure_vmm_hob(in, r->cmdline_known ? r->cmdline : placeholder, &h, msg, msglen))
		goto out;
	memcpy(r->mrtd, h.mrtd, 48);
	r->mem = h.mem;
	r->smp = h.smp;
	r->hob = h.hob;
	r->hob_gpa = h.hob_gpa;
	r->kernel_gpa = h.kernel_gpa;
	r->initrd_gpa = h.initrd_gpa;
	r->cmdline_gpa = h.cmdline_gpa;
	r->cmdline_size = h.cmdline_size;
	r->hob_len = tdhob_list_len(h.hob, h.len, &why);
	if (!r->hob_len) {
		snprintf(msg, msglen, "the TD HOB tetdh builds is refused by the firmware: %s", why);
		goto out;
	}
	measure_sha384(r->hob, r->hob_len, r->hob_sha384);
	measure_extend(r->rtmr0, r->hob_sha384);

	/* RTMR[1]: kernel, initrd, command line (fw/payload.c). */
	if (measure_kernel(in->kernel, in->kernel_len, r->kernel_sha384, r->kernel_sha256, msg,
			   msglen))
		goto out;
	if (in->have_initrd) {
		memcpy(r->initrd_sha384, in->initrd_sha384, 48);
		memcpy(r->initrd_sha256, in->initrd_sha256, 32);
	} else {
		measure_sha384("", 0, r->initrd_sha384);
		measure_sha256("", 0, r->initrd_sha256);
	}
	if (r->cmdline_known) {
		measure_sha384(r->cmdline, strlen(r->cmdline), r->cmdline_sha384);
		measure_extend(r->rtmr1, r->kernel_sha384);
		measure_extend(r->rtmr1, r->initrd_sha384);
		measure_extend(r->rtmr1, r->cmdline_sha384);
	}

	/* RTMR[3]: the zone the firmware uses, and what tetdh will seal. */
	if (!h.has_zone || h.zone_gpa != TETD_ZONE_GPA || h.zone_size != TETD_ZONE_SIZE) {
		snprintf(msg, msglen, "image: the TETD zone entry (%s0x%llx+0x%llx) is not the "
			 "firmware's zone 0x%x+0x%x: the firmware would stop at the seal",
			 h.has_zone ? "" : "none; ", (unsigned long long)h.zone_gpa,
			 (unsigned long long)h.zone_size, TETD_ZONE_GPA, TETD_ZONE_SIZE);
		goto out;
	}
	vol = image_view(in->image, in->image_len, TETD_CFV_BASE, TETD_CFV_SIZE, msg, msglen);
	if (!vol)
		goto out;
	struct loader L = { .r = r, .zone_size = TETD_ZONE_SIZE, .next = TETD_ZONE_AGENTS_OFF };
	load_volume(&L, vol, TETD_CFV_SIZE);
	r->zone = (struct tetd_zone_event){
		.zone_gpa = TETD_ZONE_GPA, .zone_size = TETD_ZONE_SIZE,
		.zone_version = TETD_ZONE_VERSION, .agents_loaded = L.nloaded,
		.agents_rejected = L.nrejected, .seed_source = 0, .used = L.next,
	};
	for (uint32_t s = 1; s <= MEASURE_SEEDS; s++) {
		struct tetd_zone_event z = r->zone;

		z.seed_source = s;
		measure_sha384(&z, sizeof(z), r->zone_sha384[s]);
		for (unsigned i = 0; i < r->nentries; i++)
			measure_extend(r->rtmr3[s], r->entry[i].loaded ? r->entry[i].agent.sha384
								       : r->entry[i].reject.sha384);
		measure_extend(r->rtmr3[s], r->zone_sha384[s]);
	}
	ret = 0;
out:
	free(vol);
	free(placeholder);
	free(zeros);
	if (ret)
		measure_free(r);
	return ret;
}

void measure_free(struct measure_result *r)
{
	free(r->hob);
	free(r->cmdline);
	r->hob = NULL;
	r->cmdline = NULL;
}
