/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_acpi.c - fw/acpi.c: build the tables into a buffer at a
 * fake physical address, then walk RSDP -> XSDT -> tables the way an OS
 * does, translating every physical address back into the buffer (and
 * failing on any address outside it). Field offsets are the ACPI 6.5 ones,
 * written here as numbers, not taken from fw/acpi.c's structs.
 */
#include "unit_util.h"
#include "acpi.h"

struct img {
	uint8_t *buf;
	size_t cap;
	uint64_t pa;
};

/* Buffer pointer for [pa, pa+len), or fail. */
static uint8_t *at(const struct img *im, uint64_t pa, uint64_t len)
{
	if (pa < im->pa || pa - im->pa > im->cap || len > im->cap - (pa - im->pa))
		fail_msg("physical range 0x%llx+0x%llx is outside the table buffer 0x%llx+0x%zx",
			 (unsigned long long)pa, (unsigned long long)len, (unsigned long long)im->pa,
			 im->cap);
	return im->buf + (pa - im->pa);
}

static uint8_t sum8(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + p[i]);
	return s;
}

/* An SDT at pa: signature, length, checksum, OEM fields; returns it. */
static uint8_t *sdt(const struct img *im, uint64_t pa, const char *sig, uint8_t rev)
{
	uint8_t *h = at(im, pa, 36);
	if (memcmp(h, sig, 4) != 0)
		fail_msg("table at 0x%llx: signature %.4s, want %s", (unsigned long long)pa, (char *)h, sig);
	uint32_t len = unit_le32(h + 4);
	assert_true(len >= 36);
	h = at(im, pa, len);
	if (sum8(h, len) != 0)
		fail_msg("%s: checksum does not sum to 0", sig);
	assert_int_equal(h[8], rev);
	if (strcmp(sig, "DSDT") != 0) {
		assert_memory_equal(h + 10, "TETD  ", 6);   /* OEMID */
		assert_memory_equal(h + 16, "TETDFW  ", 8); /* OEM Table ID */
		assert_memory_equal(h + 28, "TETD", 4);     /* Creator ID */
	}
	return h;
}

static int all_zero_gas(const uint8_t *g);

static uint8_t fake_dsdt[36 + 8];

static void make_dsdt(void)
{
	memset(fake_dsdt, 0, sizeof(fake_dsdt));
	memcpy(fake_dsdt, "DSDT", 4);
	unit_put32(fake_dsdt + 4, 36);
	fake_dsdt[8] = 2;
	memcpy(fake_dsdt + 10, "FAKEOE", 6);
	memcpy(fake_dsdt + 16, "FAKEDSDT", 8);
	memcpy(fake_dsdt + 28, "INTL", 4);
	fake_dsdt[9] = (uint8_t)(0 - sum8(fake_dsdt, 36));
}

static struct acpi_config cfg;

static void base_config(unsigned ncpus)
{
	make_dsdt();
	memset(&cfg, 0, sizeof(cfg));
	cfg.ncpus = ncpus;
	for (unsigned i = 0; i < ncpus; i++)
		cfg.apic_ids[i] = i;
	cfg.legacy_pc = 1;
	cfg.pm_base = 0x600;
	cfg.pm_timer = 1;
	cfg.gpe0_base = 0x620;
	cfg.gpe0_len = 16;
	cfg.cc_type = 2;
	cfg.ccel_lasa = 0x810000;
	cfg.ccel_laml = 0x20000;
	cfg.dsdt = fake_dsdt;
	cfg.dsdt_len = 36;
}

struct walked {
	uint64_t rsdp, xsdt, fadt, facs, dsdt, madt, ccel;
	uint64_t extra[ACPI_MAX_EXTRA];
	unsigned nx, nextra;
	uint64_t range_pa[16], range_len[16];
	unsigned nranges;
};

static void add_range(struct walked *w, uint64_t pa, uint64_t len)
{
	for (unsigned i = 0; i < w->nranges; i++)
		if (pa < w->range_pa[i] + w->range_len[i] && w->range_pa[i] < pa + len)
			fail_msg("tables overlap: 0x%llx+0x%llx and 0x%llx+0x%llx", (unsigned long long)pa,
				 (unsigned long long)len, (unsigned long long)w->range_pa[i],
				 (unsigned long long)w->range_len[i]);
	w->range_pa[w->nranges] = pa;
	w->range_len[w->nranges++] = len;
}

/* Walk everything from the RSDP; checks that do not depend on cfg. */
static void walk(const struct img *im, uint64_t rsdp_pa, struct walked *w)
{
	memset(w, 0, sizeof(*w));
	assert_true(rsdp_pa != 0);
	assert_int_equal(rsdp_pa & 15, 0);
	w->rsdp = rsdp_pa;
	uint8_t *r = at(im, rsdp_pa, 36);
	assert_memory_equal(r, "RSD PTR ", 8);
	assert_int_equal(sum8(r, 20), 0);  /* ACPI 1.0 checksum */
	assert_int_equal(sum8(r, 36), 0);  /* extended checksum */
	assert_int_equal(r[15], 2);        /* revision */
	assert_memory_equal(r + 9, "TETD  ", 6);
	assert_int_equal(unit_le32(r + 20), 36); /* length */
	assert_int_equal(unit_le32(r + 16), 0);  /* no RSDT */
	add_range(w, rsdp_pa, 36);

	w->xsdt = unit_le64(r + 24);
	assert_int_equal(w->xsdt & 15, 0);
	uint8_t *x = sdt(im, w->xsdt, "XSDT", 1);
	uint32_t xlen = unit_le32(x + 4);
	assert_int_equal((xlen - 36) % 8, 0);
	add_range(w, w->xsdt, xlen);
	w->nx = (xlen - 36) / 8;
	for (unsigned i = 0; i < w->nx; i++) {
		uint64_t pa = unit_le64(x + 36 + 8 * i);
		assert_int_equal(pa & 15, 0);
		uint8_t *h = at(im, pa, 36);
		uint32_t len = unit_le32(h + 4);
		add_range(w, pa, len);
		if (!memcmp(h, "FACP", 4)) {
			assert_int_equal(w->fadt, 0);
			w->fadt = pa;
			sdt(im, pa, "FACP", 6);
		} else if (!memcmp(h, "APIC", 4)) {
			assert_int_equal(w->madt, 0);
			w->madt = pa;
			sdt(im, pa, "APIC", 5);
		} else if (!memcmp(h, "CCEL", 4)) {
			assert_int_equal(w->ccel, 0);
			w->ccel = pa;
			sdt(im, pa, "CCEL", 1);
		} else {
			assert_true(w->nextra < ACPI_MAX_EXTRA);
			assert_int_equal(sum8(at(im, pa, len), len), 0);
			w->extra[w->nextra++] = pa;
		}
	}
	/* XSDT order: FADT first (Linux does not care, but keep it stable) */
	assert_true(w->nx >= 2);
	assert_int_equal(unit_le64(x + 36), w->fadt);
	assert_int_equal(unit_le64(x + 44), w->madt);

	/* FADT -> FACS, DSDT */
	uint8_t *f = at(im, w->fadt, 276);
	assert_int_equal(unit_le32(f + 4), 276);
	assert_int_equal(f[131], 5); /* FADT minor version: 6.5 */
	w->facs = unit_le64(f + 132);
	w->dsdt = unit_le64(f + 140);
	/* 32-bit copies: equal to the 64-bit ones below 4 GiB, else 0 */
	assert_int_equal(unit_le32(f + 36), w->facs < 0x100000000ull ? w->facs : 0);
	assert_int_equal(unit_le32(f + 40), w->dsdt < 0x100000000ull ? w->dsdt : 0);
	uint8_t *fc = at(im, w->facs, 64);
	assert_memory_equal(fc, "FACS", 4);
	assert_int_equal(unit_le32(fc + 4), 64);
	assert_int_equal(fc[32], 2);           /* version */
	assert_int_equal(w->facs & 63, 0);     /* FACS: 64-byte aligned (physical) */
	add_range(w, w->facs, 64);
	uint8_t *d = sdt(im, w->dsdt, "DSDT", 2);
	assert_memory_equal(d, cfg.dsdt, cfg.dsdt_len);
	add_range(w, w->dsdt, unit_le32(d + 4));
}

static void check_fadt(const struct img *im, const struct walked *w)
{
	uint8_t *f = at(im, w->fadt, 276);
	uint32_t flags = unit_le32(f + 112);
	assert_true(flags & (1u << 10));              /* RESET_REG_SUP */
	assert_false(flags & (1u << 20));             /* not HW_REDUCED_ACPI */
	static const uint8_t reset_gas[12] = { 1, 8, 0, 1, 0xf9, 0x0c, 0, 0, 0, 0, 0, 0 };
	assert_memory_equal(f + 116, reset_gas, 12);  /* RESET_REG: I/O 0xcf9 */
	assert_int_equal(f[128], 0x06);               /* RESET_VALUE */
	assert_int_equal(unit_le32(f + 48), 0);       /* SMI_CMD: always ACPI mode */
	assert_int_equal(unit_le16(f + 46), 9);       /* SCI_INT (MADT routes IRQ 9) */
	uint16_t arch = unit_le16(f + 109);
	if (cfg.legacy_pc)
		assert_int_equal(arch, 0x3); /* LEGACY_DEVICES | 8042 */
	else
		assert_int_equal(arch, 0x4); /* VGA not present */
	if (cfg.pm_base) {
		assert_int_equal(unit_le32(f + 56), cfg.pm_base);      /* PM1a_EVT_BLK */
		assert_int_equal(unit_le32(f + 64), cfg.pm_base + 4u); /* PM1a_CNT_BLK */
		assert_int_equal(f[88], 4);                            /* PM1_EVT_LEN */
		assert_int_equal(f[89], 2);                            /* PM1_CNT_LEN */
		/* X_PM1a_EVT_BLK GAS: I/O, 32 bits, word access */
		static const uint8_t evt_gas[4] = { 1, 32, 0, 2 };
		assert_memory_equal(f + 148, evt_gas, 4);
		assert_int_equal(unit_le64(f + 152), cfg.pm_base);
		static const uint8_t cnt_gas[4] = { 1, 16, 0, 2 };
		assert_memory_equal(f + 172, cnt_gas, 4);               /* X_PM1a_CNT_BLK */
		assert_int_equal(unit_le64(f + 176), cfg.pm_base + 4u);
	} else {
		assert_int_equal(unit_le32(f + 56), 0);
		assert_int_equal(unit_le32(f + 64), 0);
		assert_true(all_zero_gas(f + 148));
		assert_true(all_zero_gas(f + 172));
	}
	if (cfg.pm_base && cfg.pm_timer) {
		assert_int_equal(unit_le32(f + 76), cfg.pm_base + 8u); /* PM_TMR_BLK */
		assert_int_equal(f[91], 4);                            /* PM_TMR_LEN */
		static const uint8_t tmr_gas[4] = { 1, 32, 0, 3 };
		assert_memory_equal(f + 208, tmr_gas, 4);               /* X_PM_TMR_BLK */
		assert_int_equal(unit_le64(f + 212), cfg.pm_base + 8u);
	} else {
		assert_int_equal(unit_le32(f + 76), 0);
		assert_int_equal(f[91], 0);
		assert_true(all_zero_gas(f + 208));
	}
	if (!cfg.gpe0_base) {
		assert_int_equal(unit_le32(f + 80), 0);
		assert_true(all_zero_gas(f + 220));
	}
	if (cfg.gpe0_base) {
		assert_int_equal(unit_le32(f + 80), cfg.gpe0_base);
		assert_int_equal(f[92], cfg.gpe0_len);
		assert_int_equal(f[220], 1);
		assert_int_equal(f[221], cfg.gpe0_len * 8);
		assert_int_equal(unit_le64(f + 224), cfg.gpe0_base);
	}
}

struct madt_count {
	unsigned lapic, x2apic, ioapic, iso, nmi, wakeup;
};

static void check_madt(const struct img *im, const struct walked *w, struct madt_count *c)
{
	memset(c, 0, sizeof(*c));
	uint8_t *t = at(im, w->madt, 44);
	uint32_t len = unit_le32(t + 4);
	t = at(im, w->madt, len);
	assert_int_equal(unit_le32(t + 36), 0xfee00000u);
	assert_int_equal(unit_le32(t + 40), cfg.legacy_pc ? 1 : 0); /* PCAT_COMPAT */
	uint32_t off = 44;
	unsigned cpu = 0;
	while (off < len) {
		assert_true(len - off >= 2);
		uint8_t type = t[off], elen = t[off + 1];
		assert_true(elen >= 2 && elen <= len - off);
		const uint8_t *e = t + off;
		switch (type) {
		case 0: /* Processor Local APIC */
			assert_int_equal(elen, 8);
			assert_true(cpu < cfg.ncpus);
			assert_true(cfg.apic_ids[cpu] < 255);
			assert_int_equal(e[2], cpu);                 /* ACPI processor UID */
			assert_int_equal(e[3], cfg.apic_ids[cpu]);   /* APIC ID */
			assert_int_equal(unit_le32(e + 4), 1);       /* enabled */
			cpu++, c->lapic++;
			break;
		case 9: /* Processor Local x2APIC */
			assert_int_equal(elen, 16);
			assert_true(cpu < cfg.ncpus);
			assert_true(cfg.apic_ids[cpu] >= 255);
			assert_int_equal(unit_le16(e + 2), 0);
			assert_int_equal(unit_le32(e + 4), cfg.apic_ids[cpu]);
			assert_int_equal(unit_le32(e + 8), 1);
			assert_int_equal(unit_le32(e + 12), cpu);
			cpu++, c->x2apic++;
			break;
		case 1: /* I/O APIC */
			assert_int_equal(elen, 12);
			assert_int_equal(unit_le32(e + 4), 0xfec00000u);
			assert_int_equal(unit_le32(e + 8), 0); /* GSI base */
			c->ioapic++;
			break;
		case 2: /* Interrupt Source Override */
			assert_int_equal(elen, 10);
			assert_int_equal(e[2], 0); /* ISA bus */
			if (e[3] == 0) {
				assert_int_equal(unit_le32(e + 4), 2);
				assert_int_equal(unit_le16(e + 8), 0);
			} else {
				assert_int_equal(e[3], 9); /* SCI */
				assert_int_equal(unit_le32(e + 4), 9);
				assert_int_equal(unit_le16(e + 8), 0x000d); /* level, active high */
			}
			c->iso++;
			break;
		case 4: /* Local APIC NMI */
			assert_int_equal(elen, 6);
			assert_int_equal(e[2], 0xff);
			assert_int_equal(e[5], 1); /* LINT1 */
			c->nmi++;
			break;
		case 0x10: /* Multiprocessor Wakeup */
			assert_int_equal(elen, 16);
			assert_int_equal(unit_le16(e + 2), 0); /* mailbox version */
			assert_int_equal(unit_le32(e + 4), 0);
			assert_int_equal(unit_le64(e + 8), cfg.mp_wakeup_mailbox);
			c->wakeup++;
			break;
		default:
			fail_msg("unexpected MADT entry type %u at offset %u", type, off);
		}
		off += elen;
	}
	assert_int_equal(off, len);
	assert_int_equal(cpu, cfg.ncpus);
	assert_int_equal(c->ioapic, 1);
	assert_int_equal(c->iso, 2);
	assert_int_equal(c->nmi, 1);
	assert_int_equal(c->wakeup, cfg.mp_wakeup_mailbox ? 1 : 0);
}

static int all_zero_gas(const uint8_t *g)
{
	for (int i = 0; i < 12; i++)
		if (g[i])
			return 0;
	return 1;
}

enum { CAP = 0x8000 };
static uint8_t *tbuf;

static int setup(void **state)
{
	(void)state;
	tbuf = malloc(CAP);
	memset(tbuf, 0xcc, CAP);
	base_config(4);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(tbuf);
	return 0;
}

static void test_full_walk(void **state)
{
	(void)state;
	struct img im = { tbuf, CAP, 0x808000 };
	uint64_t rsdp = acpi_build(tbuf, CAP, im.pa, &cfg);
	struct walked w;
	walk(&im, rsdp, &w);
	assert_int_equal(w.nx, 3);
	assert_true(w.ccel != 0);
	assert_int_equal(w.nextra, 0);
	check_fadt(&im, &w);
	struct madt_count c;
	check_madt(&im, &w, &c);
	assert_int_equal(c.lapic, 4);
	assert_int_equal(c.x2apic, 0);
	assert_int_equal(c.wakeup, 0);

	/* CCEL */
	uint8_t *cc = at(&im, w.ccel, 56);
	assert_int_equal(unit_le32(cc + 4), 56);
	assert_int_equal(cc[36], 2);                     /* CC type: TDX */
	assert_int_equal(cc[37], 0);                     /* subtype */
	assert_int_equal(unit_le16(cc + 38), 0);         /* reserved */
	assert_int_equal(unit_le64(cc + 40), 0x20000);   /* LAML */
	assert_int_equal(unit_le64(cc + 48), 0x810000);  /* LASA */
}

static void test_no_ccel_no_legacy(void **state)
{
	(void)state;
	cfg.ccel_laml = 0;
	cfg.legacy_pc = 0;
	cfg.pm_base = 0;
	cfg.gpe0_base = 0;
	struct img im = { tbuf, CAP, 0x808000 };
	struct walked w;
	walk(&im, acpi_build(tbuf, CAP, im.pa, &cfg), &w);
	assert_int_equal(w.nx, 2);
	assert_int_equal(w.ccel, 0);
	check_fadt(&im, &w);
	struct madt_count c;
	check_madt(&im, &w, &c);
}

static void test_pm_block_without_timer(void **state)
{
	(void)state;
	cfg.pm_timer = 0;
	struct img im = { tbuf, CAP, 0x808000 };
	struct walked w;
	walk(&im, acpi_build(tbuf, CAP, im.pa, &cfg), &w);
	check_fadt(&im, &w);
	/* a timer flag without a PM block gives no timer either */
	cfg.pm_base = 0;
	cfg.pm_timer = 1;
	walk(&im, acpi_build(tbuf, CAP, im.pa, &cfg), &w);
	check_fadt(&im, &w);
}

static void test_mp_wakeup_and_x2apic(void **state)
{
	(void)state;
	base_config(8);
	static const uint32_t ids[8] = { 0, 1, 254, 255, 256, 7, 0x10000, 3 };
	memcpy(cfg.apic_ids, ids, sizeof(ids));
	cfg.mp_wakeup_mailbox = 0x806000;
	struct img im = { tbuf, CAP, 0x808000 };
	struct walked w;
	walk(&im, acpi_build(tbuf, CAP, im.pa, &cfg), &w);
	struct madt_count c;
	check_madt(&im, &w, &c);
	assert_int_equal(c.lapic, 5);
	assert_int_equal(c.x2apic, 3);
	assert_int_equal(c.wakeup, 1);

	/* the maximum: 256 CPUs, the upper half x2APIC */
	base_config(ACPI_MAX_CPUS);
	for (unsigned i = 0; i < ACPI_MAX_CPUS; i++)
		cfg.apic_ids[i] = i * 2;
	cfg.mp_wakeup_mailbox = 0x1234567890ull;
	walk(&im, acpi_build(tbuf, CAP, im.pa, &cfg), &w);
	check_madt(&im, &w, &c);
	assert_int_equal(c.lapic, 128);
	assert_int_equal(c.x2apic, 128);
	assert_int_equal(c.wakeup, 1);
}

static void test_extra_tables(void **state)
{
	(void)state;
	uint8_t tetd[64], tpm2[52];
	memset(tetd, 0x33, sizeof(tetd));
	memcpy(tetd, "TETD", 4);
	unit_put32(tetd + 4, sizeof(tetd));
	memset(tpm2, 0x44, sizeof(tpm2));
	memcpy(tpm2, "TPM2", 4);
	unit_put32(tpm2 + 4, sizeof(tpm2));
	cfg.extra[0] = tetd;
	cfg.extra[1] = tpm2;
	cfg.nextra = 2;
	struct img im = { tbuf, CAP, 0x808000 };
	struct walked w;
	walk(&im, acpi_build(tbuf, CAP, im.pa, &cfg), &w);
	assert_int_equal(w.nx, 5);
	assert_int_equal(w.nextra, 2);
	uint8_t *a = at(&im, w.extra[0], sizeof(tetd)), *b = at(&im, w.extra[1], sizeof(tpm2));
	/* copied verbatim except the checksum, which is made right */
	assert_memory_equal(a, tetd, 9);
	assert_memory_equal(a + 10, tetd + 10, sizeof(tetd) - 10);
	assert_memory_equal(b, tpm2, 9);
	assert_memory_equal(b + 10, tpm2 + 10, sizeof(tpm2) - 10);
	/* the caller's tables are not modified */
	assert_int_equal(tetd[9], 0x33);
}

static void test_physical_address_translation(void **state)
{
	(void)state;
	/* the same build at two addresses differs only by the offset */
	static const uint64_t pas[] = { 0x808000, 0x10, 0x7fff0010, 0x100000000ull, 0x123456789a0ull };
	for (unsigned i = 0; i < sizeof(pas) / sizeof(pas[0]); i++) {
		memset(tbuf, 0xcc, CAP);
		struct img im = { tbuf, CAP, pas[i] };
		struct walked w;
		uint64_t r = acpi_build(tbuf, CAP, pas[i], &cfg);
		walk(&im, r, &w); /* includes FACS 64-byte alignment, 32-bit copies */
		check_fadt(&im, &w);
		struct madt_count c;
		check_madt(&im, &w, &c);
		assert_true(w.ccel != 0);
	}
}

static void test_invalid_config(void **state)
{
	(void)state;
	struct acpi_config save = cfg;
	cfg.ncpus = 0;
	assert_int_equal(acpi_build(tbuf, CAP, 0x808000, &cfg), 0);
	cfg = save;
	cfg.ncpus = ACPI_MAX_CPUS + 1;
	assert_int_equal(acpi_build(tbuf, CAP, 0x808000, &cfg), 0);
	cfg = save;
	cfg.dsdt = NULL;
	assert_int_equal(acpi_build(tbuf, CAP, 0x808000, &cfg), 0);
	cfg = save;
	cfg.dsdt_len = 35;
	assert_int_equal(acpi_build(tbuf, CAP, 0x808000, &cfg), 0);
	cfg = save;
	cfg.nextra = ACPI_MAX_EXTRA + 1;
	assert_int_equal(acpi_build(tbuf, CAP, 0x808000, &cfg), 0);
	cfg = save;
	assert_int_equal(acpi_build(tbuf, CAP, 0x808008, &cfg), 0); /* not 16-aligned */
	assert_true(acpi_build(tbuf, CAP, 0x808000, &cfg) != 0);
}

/* Every cap below what is needed fails with 0 and never writes past cap. */
static void test_overflow_every_cap(void **state)
{
	(void)state;
	enum { GUARD = 64 };
	uint8_t *mem = malloc(CAP + GUARD);
	cfg.mp_wakeup_mailbox = 0x806000;
	size_t need = 0;
	for (size_t cap = 0; cap <= 4096; cap++) {
		memset(mem, 0xcc, CAP + GUARD);
		uint64_t r = acpi_build(mem, cap, 0x808000, &cfg);
		for (size_t i = cap; i < cap + GUARD; i++)
			if (mem[i] != 0xcc)
				fail_msg("cap %zu: byte %zu written", cap, i);
		if (r) {
			need = cap;
			struct img im = { mem, cap, 0x808000 };
			struct walked w;
			walk(&im, r, &w);
			break;
		}
	}
	assert_true(need > 0);
	/* and a tiny cap */
	assert_int_equal(acpi_build(mem, 16, 0x808000, &cfg), 0);
	printf("# acpi_build needs %zu bytes for 4 CPUs + CCEL\n", need);
	/* larger caps keep working */
	assert_true(acpi_build(mem, need + 1, 0x808000, &cfg) != 0);
	free(mem);
}

static void test_checksum_helper(void **state)
{
	(void)state;
	uint8_t b[5] = { 1, 2, 3, 4, 0 };
	b[4] = acpi_checksum(b, 4);
	assert_int_equal(b[4], 0xf6);
	assert_int_equal(sum8(b, 5), 0);
	assert_int_equal(acpi_checksum(b, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_full_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_ccel_no_legacy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pm_block_without_timer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mp_wakeup_and_x2apic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extra_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_physical_address_translation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overflow_every_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checksum_helper, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
