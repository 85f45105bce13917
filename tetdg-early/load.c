// SPDX-License-Identifier: MIT
/*
 * tetdg-early/load.c - the boot-time stage proper: from the agent volume
 * to initialised agents in a sealed zone (tetdg_early.h has the steps).
 *
 * Order matters for the measurements: an agent is measured (RTMR[3],
 * event TETA with its name, id, version and the SHA-384 of its ELF file)
 * after validation and before any of its bytes are placed or run; an
 * entry the loader refuses still gets an event (TETR, with the digest of
 * the refused bytes and the reason), so the log shows everything the
 * volume offered. After all agents: one TETZ event with the zone's
 * configuration. Then seal. A bad agent never stops the boot: it is
 * reported, logged, and the others load.
 */
#include <tetd/layout.h>
#include <tetd/tcg.h>
#include <tetd/tdcall.h>
#include <tetd/tetdcall.h>
#include <tetd/tdx.h>

#include "acpi_tetd.h"
#include "agent_elf.h"
#include "agent_vol.h"
#include "console.h"
#include "fwstring.h"
#include "io.h"
#include "measure.h"
#include "platform.h"
#include "rng.h"
#include "sha2.h"
#include "tetdg_early.h"
#include "zone.h"

#define LOG_RING_PAGES TETD_AGENT_LOG_RING_PAGES

static struct tetd_zone_agent *table;      /* in the zone */
static struct tetd_acpi_agent acpi_agents[TETD_AVOL_MAX_AGENTS];
static unsigned nloaded, nrejected;
static uint64_t tsc_per_ms;

static unsigned long long us_since(uint64_t t0)
{
	return tsc_per_ms ? (rdtsc() - t0) * 1000 / tsc_per_ms : 0;
}
static uint32_t isolation;

static void event_tagged(uint32_t tag, const char *desc, const uint8_t digest[48],
			 const void *data, uint32_t len)
{
	static uint8_t ev[8 + 256];
	memcpy(ev, &tag, 4);
	memcpy(ev + 4, &len, 4);
	memcpy(ev + 8, data, len);
	if (measure_digest(TETD_EVENT_MR, EV_EVENT_TAG, desc, digest, ev, 8 + len) != 0)
		fw_fatal("tetdg", "cannot measure %s", desc);
}

static void reject(uint32_t index, const char *name, const uint8_t *bytes, uint64_t len,
		   const char *why)
{
	struct tetd_agent_reject_event e;

	memset(&e, 0, sizeof(e));
	for (unsigned i = 0; i + 1 < TETD_AGENT_NAME_LEN && name[i]; i++)
		e.name[i] = name[i];
	e.index = index;
	if (bytes)
		sha384(bytes, len, e.sha384);
	for (unsigned i = 0; i + 1 < TETD_REJECT_REASON_LEN && why[i]; i++)
		e.reason[i] = why[i];
	cprintf("tetd: agent %u '%s' rejected: %s\n", index, e.name[0] ? e.name : "?", why);
	event_tagged(TETD_TAG_AGENT_REJECTED, "agent-rejected", e.sha384, &e, sizeof(e));
	nrejected++;
}

/* Print what the agent logged, line by line, from the firmware's own
 * record of where the ring is (the agent could rewrite env->log.base). */
static void drain_log(const char *name, struct tetd_agent_env *env, uint64_t ring_gpa,
		      uint32_t ring_size)
{
	struct tetd_log_ring r = env->log;
	char line[160];
	size_t n = 0;
	uint8_t c;

	r.base = ring_gpa;
	r.size = ring_size;
	while (tetd_log_ring_get(&r, (const uint8_t *)(uintptr_t)ring_gpa, &c, 1) == 1) {
		if (c == '\n' || n == sizeof(line) - 1) {
			line[n] = 0;
			cprintf("agent %s: %s\n", name, line);
			n = 0;
			if (c == '\n')
				continue;
		}
		line[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
	}
	if (n) {
		line[n] = 0;
		cprintf("agent %s: %s\n", name, line);
	}
	if (r.dropped)
		cprintf("agent %s: (%u log bytes dropped)\n", name, r.dropped);
	env->log.tail = r.tail;
}

static int handler_ok(const struct agent_elf_info *info, uint64_t img, uint64_t h)
{
	for (uint32_t i = 0; i < info->nseg; i++) {
		const struct agent_elf_seg *s = &info->seg[i];
		if ((s->flags & AGENT_SEG_X) && h >= img + s->vaddr && h < img + s->vaddr + s->memsz)
			return 1;
	}
	return 0;
}

static void load_one(struct zone *z, const struct agent_vol_entry *ve,
		     const struct tetdg_early_args *a)
{
	static struct agent_elf_info info;
	char err[TETD_REJECT_REASON_LEN];
	unsigned idx = nloaded;
	uint64_t t_load = rdtsc();
	uint64_t budget = z->size - z->next;

	if (agent_elf_check(ve->elf, ve->size, budget, &info, err, sizeof(err))) {
		reject(ve->index, ve->name, ve->elf, ve->size, err);
		return;
	}
	if (strcmp(info.desc.name, ve->name)) {
		reject(ve->index, ve->name, ve->elf, ve->size,
		       "descriptor name differs from the volume entry's");
		return;
	}
	for (unsigned i = 0; i < idx; i++)
		if (table[i].id == info.desc.id || !strcmp(table[i].name, info.desc.name)) {
			reject(ve->index, ve->name, ve->elf, ve->size,
			       "duplicate agent id or name");
			return;
		}
	uint64_t img_pages = info.mem_size / 4096, stack_pages = info.desc.stack_size / 4096;
	uint64_t heap_pages = info.desc.heap_size / 4096;
	uint64_t need = img_pages + TETD_AGENT_EXTRA_PAGES + stack_pages + heap_pages;
	if (need > (z->size - z->next) / 4096) {
		reject(ve->index, ve->name, ve->elf, ve->size, "does not fit in the zone");
		return;
	}

	/* Measure before placing or running anything of it. */
	struct tetd_agent_event ev;
	memset(&ev, 0, sizeof(ev));
	memcpy(ev.name, info.desc.name, TETD_AGENT_NAME_LEN);
	ev.id = info.desc.id;
	ev.version = info.desc.version;
	ev.modes = info.desc.modes;
	ev.caps = info.desc.caps;
	memcpy(ev.sha384, ve->sha384, 48);
	event_tagged(TETD_TAG_AGENT, "agent", ev.sha384, &ev, sizeof(ev));

	uint64_t img = zone_alloc(z, img_pages);
	uint64_t env_gpa = zone_alloc(z, 1);
	uint64_t ring = zone_alloc(z, LOG_RING_PAGES);
	uint64_t call = zone_alloc(z, 1);              /* in-zone call buffer */
	zone_alloc(z, 1);                              /* guard: never mapped */
	uint64_t stack = zone_alloc(z, stack_pages);
	uint64_t heap = heap_pages ? zone_alloc(z, heap_pages) : 0;
	if (agent_elf_load(ve->elf, ve->size, &info, (void *)(uintptr_t)img, img))
		fw_fatal("tetdg", "agent '%s': load failed after validation", info.desc.name);
	for (uint32_t i = 0; i < info.nseg; i++) {
		const struct agent_elf_seg *s = &info.seg[i];
		uint32_t perm = ZONE_MAP_R | (s->flags & AGENT_SEG_W ? ZONE_MAP_W : 0) |
				(s->flags & AGENT_SEG_X ? ZONE_MAP_X : 0);
		zone_map(z, img + (s->vaddr & ~4095ull),
			 ((s->vaddr & 4095) + s->memsz + 4095) / 4096, perm);
	}
	zone_map(z, env_gpa, 1, ZONE_MAP_R | ZONE_MAP_W);
	zone_map(z, ring, LOG_RING_PAGES, ZONE_MAP_R | ZONE_MAP_W);
	zone_map(z, call, 1, ZONE_MAP_R | ZONE_MAP_W);
	zone_map(z, stack, stack_pages, ZONE_MAP_R | ZONE_MAP_W);
	if (heap)
		zone_map(z, heap, heap_pages, ZONE_MAP_R | ZONE_MAP_W);

	struct tetd_agent_env *env = (void *)(uintptr_t)env_gpa;
	env->magic = TETD_AGENT_ENV_MAGIC;
	env->abi_version = TETD_AGENT_ABI_VERSION;
	env->size = sizeof(*env);
	env->agent_index = idx;
	env->heap_base = heap;
	env->heap_size = heap_pages * 4096;
	env->gpa_map_base = 0;                       /* identity */
	env->log.base = ring;
	env->log.size = LOG_RING_PAGES * 4096;
	zone_agent_seed(z, info.desc.name, env->seed);
	env->boot.kernel_gpa = a->kernel_gpa;
	env->boot.kernel_size = a->kernel_size;
	if ((info.desc.caps & TETD_CAP_INTROSPECT) && a->kernel_size) {
		env->gpa[0] = (struct tetd_gpa_range){ .base = a->kernel_gpa,
						       .len = a->kernel_size,
						       .flags = TETD_GPA_READ };
		env->gpa_count = 1;
	}

	struct tetd_zone_agent *t = &table[idx];
	memcpy(t->name, info.desc.name, TETD_AGENT_NAME_LEN);
	t->id = info.desc.id;
	t->version = info.desc.version;
	t->modes = info.desc.modes;
	t->caps = info.desc.caps;
	t->image_gpa = img;
	t->image_size = info.mem_size;
	t->env_gpa = env_gpa;
	t->stack_top = stack + stack_pages * 4096;
	t->entry = img + info.entry;
	t->call_buf_gpa = TETD_CALLBUF_GPA + 4096ull * idx;
	t->zone_call_gpa = call;
	memcpy(t->sha384, ve->sha384, 48);
	memset((void *)(uintptr_t)t->call_buf_gpa, 0, 4096);
	nloaded++;
	z->hdr->agent_count = nloaded;

	uint64_t t_init = rdtsc();
	uint64_t rc = zone_call(z, t->entry, env_gpa, t->stack_top);
	unsigned long long init_us = us_since(t_init);
	drain_log(t->name, env, ring, LOG_RING_PAGES * 4096);
	struct tetd_acpi_agent *aa = &acpi_agents[idx];
	if (rc == TETD_ZONE_FAULTED) {
		const struct tetd_zone_fault *f = zone_fault(z);
		cprintf("tetd: agent %u '%s' faulted in init: vector %llu error 0x%llx rip 0x%llx "
			"cr2 0x%llx; disabled\n", idx, t->name, (unsigned long long)f->vector,
			(unsigned long long)f->error_code, (unsigned long long)f->rip,
			(unsigned long long)f->cr2);
		t->state = TETD_ZONE_AGENT_FAILED;
		t->init_result = TETD_E_FAULT;
	} else if ((int32_t)rc != 0) {
		cprintf("tetd: agent %u '%s': init returned %d; disabled\n", idx, t->name,
			(int32_t)rc);
		t->state = TETD_ZONE_AGENT_FAILED;
		t->init_result = (int32_t)rc;
	} else {
		t->state = TETD_ZONE_AGENT_READY;
	}

	memcpy(aa->name, t->name, TETD_AGENT_NAME_LEN);
	aa->index = idx;
	aa->id = t->id;
	aa->version = t->version;
	aa->modes = t->modes;
	aa->caps = t->caps;
	aa->state = t->state;
	aa->call_buf_gpa = t->call_buf_gpa;
	memcpy(aa->sha384, t->sha384, 48);
	if (t->state == TETD_ZONE_AGENT_READY) {
		uint32_t n = env->call_count;
		if (n > TETD_AGENT_MAX_CALLS) {
			cprintf("tetd: agent '%s': %u registrations, only %u kept\n", t->name,
				n, TETD_AGENT_MAX_CALLS);
			n = TETD_AGENT_MAX_CALLS;
		}
		for (uint32_t i = 0; i < n; i++) {
			const struct tetd_call_reg *reg = &env->calls[i];
			if (!reg->fn_id || !handler_ok(&info, img, reg->handler)) {
				cprintf("tetd: agent '%s': registration %u (fn %u) ignored: handler "
					"0x%llx outside its code\n", t->name, i, reg->fn_id,
					(unsigned long long)reg->handler);
				continue;
			}
			aa->fn_ids[aa->fn_count++] = reg->fn_id;
		}
	}
	cprintf("tetd: agent %u '%s' v%u.%u.%u id=0x%x %s: %u functions, image 0x%llx+0x%llx, "
		"load %llu us, init %llu us\n",
		idx, t->name, TETD_AGENT_VERSION_MAJOR(t->version),
		TETD_AGENT_VERSION_MINOR(t->version), TETD_AGENT_VERSION_PATCH(t->version), t->id,
		t->state == TETD_ZONE_AGENT_READY ? "ready" : "failed", aa->fn_count,
		(unsigned long long)img, (unsigned long long)info.mem_size,
		us_since(t_load) - init_us, init_us);
}

static void load_volume(struct zone *z, const struct tetdg_early_args *a)
{
	static struct agent_vol vol;
	struct agent_vol_entry ve;
	char err[TETD_REJECT_REASON_LEN];

	int r = agent_vol_open(&vol, a->volume, a->volume_len, err, sizeof(err));
	if (r == AGENT_VOL_ERASED) {
		cprintf("tetd: agent volume: empty (erased flash)\n");
		return;
	}
	if (r != AGENT_VOL_OK) {
		reject(0, "volume", NULL, 0, err);
		return;
	}
	cprintf("tetd: agent volume: %u agents\n", vol.hdr.count);
	for (uint32_t i = 0; i < vol.hdr.count; i++) {
		memset(&ve, 0, sizeof(ve));
		if (agent_vol_entry(&vol, i, &ve, err, sizeof(err))) {
			const struct tetd_avol_entry *raw =
				(const void *)(vol.base + sizeof(struct tetd_avol_header) +
					       (uint64_t)i * sizeof(struct tetd_avol_entry));
			char name[TETD_AGENT_NAME_LEN];
			memcpy(name, raw->name, sizeof(name));
			name[sizeof(name) - 1] = 0;
			int in_bounds = raw->size && raw->offset <= vol.hdr.total_size &&
					raw->size <= vol.hdr.total_size - raw->offset;
			reject(i, name, in_bounds ? vol.base + raw->offset : NULL,
			       in_bounds ? raw->size : 0, err);
			continue;
		}
		load_one(z, &ve, a);
	}
}

/* Under a TETD host: seal and make sure it took. */
static uint32_t seal(struct zone *z)
{
	struct tetd_tdcall_regs r = { .rax = TETD_INFO };

	if (tetd_tdcall_mode() == TETD_TDCALL_NONE || tetd_tdcall(&r) != TDX_SUCCESS ||
	    !(r.rcx & TETD_INFO_HOST)) {
		cprintf("tetd: zone: no TETD host extension; isolation: none\n");
		return TETD_ISOLATION_NONE;
	}
	if (!(r.rcx & TETD_INFO_ZONE) || r.rdx != z->gpa || r.r8 != z->size)
		fw_fatal("tetdg", "host's zone 0x%llx+0x%llx is not the image's 0x%llx+0x%llx",
			 (unsigned long long)r.rdx, (unsigned long long)r.r8,
			 (unsigned long long)z->gpa, (unsigned long long)z->size);
	r = (struct tetd_tdcall_regs){ .rax = TETD_ZONE_SEAL, .rcx = z->gpa, .rdx = z->size };
	uint64_t st = tetd_tdcall(&r);
	if (st != TDX_SUCCESS)
		fw_fatal("tetdg", "TETD_ZONE_SEAL failed: status 0x%016llx", (unsigned long long)st);
	cprintf("tetd: zone sealed by the host; isolation: enforced\n");
	return TETD_ISOLATION_ENFORCED;
}

const void *tetdg_early_load(const struct tetdg_early_args *a)
{
	struct zone *z = &the_zone;
	uint64_t t0 = rdtsc();

	tsc_per_ms = platform_tsc_per_ms();
	zone_init(z, TETD_ZONE_GPA, TETD_ZONE_SIZE);
	zone_pt_init(z, a->mm);
	table = (struct tetd_zone_agent *)(uintptr_t)(z->gpa + TETD_ZONE_TABLE_OFF);
	cprintf("tetd: zone 0x%llx+0x%llx seed=%s nx=%s setup %llu us\n",
		(unsigned long long)z->gpa, (unsigned long long)z->size,
		rng_source_name(z->seed_source), z->nx ? "yes" : "no", us_since(t0));

	load_volume(z, a);

	struct tetd_zone_event ze = {
		.zone_gpa = z->gpa, .zone_size = z->size, .zone_version = TETD_ZONE_VERSION,
		.agents_loaded = nloaded, .agents_rejected = nrejected,
		.seed_source = z->seed_source, .used = z->next,
	};
	uint8_t d[48];
	sha384(&ze, sizeof(ze), d);
	event_tagged(TETD_TAG_ZONE, "zone", d, &ze, sizeof(ze));

	isolation = a->platform == TETD_PLATFORM_QEMU ? TETD_ISOLATION_NONE : seal(z);
	if (a->platform == TETD_PLATFORM_QEMU)
		cprintf("tetd: zone: plain QEMU, no host enforces it; isolation: none\n");
	cprintf("tetd: tetdg-early %u agents loaded, %u rejected, %llu KiB of zone, %llu us\n",
		nloaded, nrejected, (unsigned long long)(z->next >> 10), us_since(t0));
	return acpi_tetd_build(a->platform, isolation, z->gpa, z->size, acpi_agents, nloaded,
			       nrejected);
}

void tetdg_early_check_sealed(void)
{
	if (isolation != TETD_ISOLATION_ENFORCED)
		return;
	/* One 8-byte read of the header's magic from the TD's side. */
	uint64_t v = *(volatile const uint64_t *)(uintptr_t)the_zone.gpa;
	uint8_t seen[8];
	memcpy(seen, &v, 8);
	if (!memcmp(seen, TETD_ZONE_MAGIC, 8))
		fw_fatal("tetdg", "zone still readable after the seal");
	cprintf("tetd: zone probe after seal: %02x%02x%02x%02x%02x%02x%02x%02x (no zone data)\n",
		seen[0], seen[1], seen[2], seen[3], seen[4], seen[5], seen[6], seen[7]);
}
