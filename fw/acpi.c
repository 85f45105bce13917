/* SPDX-License-Identifier: MIT */
/*
 * fw/acpi.c - builds the ACPI tables the kernel needs (ACPI 6.5 layouts):
 * RSDP -> XSDT -> {FADT -> FACS, DSDT; MADT; CCEL; extras}. Tables are laid
 * out back to back, each 16-byte aligned (FACS 64-byte), and checksummed
 * last, after every pointer is in place.
 */
#include "acpi.h"
#include "fwstring.h"

#define OEM_ID "TETD  "
#define OEM_TABLE_ID "TETDFW  "
#define CREATOR_ID "TETD"
#define CREATOR_REV 0x00000100

uint8_t acpi_checksum(const void *p, size_t n)
{
	uint8_t s = 0;
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + b[i]);
	return (uint8_t)(0 - s);
}

struct gas {
	uint8_t space_id;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;
	uint64_t address;
} __attribute__((packed));

struct fadt {
	struct acpi_header h;
	uint32_t firmware_ctrl, dsdt;
	uint8_t reserved0, preferred_pm_profile;
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable, acpi_disable, s4bios_req, pstate_cnt;
	uint32_t pm1a_evt_blk, pm1b_evt_blk, pm1a_cnt_blk, pm1b_cnt_blk;
	uint32_t pm2_cnt_blk, pm_tmr_blk, gpe0_blk, gpe1_blk;
	uint8_t pm1_evt_len, pm1_cnt_len, pm2_cnt_len, pm_tmr_len;
	uint8_t gpe0_blk_len, gpe1_blk_len, gpe1_base, cst_cnt;
	uint16_t p_lvl2_lat, p_lvl3_lat, flush_size, flush_stride;
	uint8_t duty_offset, duty_width, day_alrm, mon_alrm, century;
	uint16_t iapc_boot_arch;
	uint8_t reserved1;
	uint32_t flags;
	struct gas reset_reg;
	uint8_t reset_value;
	uint16_t arm_boot_arch;
	uint8_t minor_version;
	uint64_t x_firmware_ctrl, x_dsdt;
	struct gas x_pm1a_evt_blk, x_pm1b_evt_blk, x_pm1a_cnt_blk, x_pm1b_cnt_blk;
	struct gas x_pm2_cnt_blk, x_pm_tmr_blk, x_gpe0_blk, x_gpe1_blk;
	struct gas sleep_control_reg, sleep_status_reg;
	uint64_t hypervisor_vendor_id;
} __attribute__((packed));
_Static_assert(sizeof(struct fadt) == 276, "FADT revision 6 is 276 bytes");
_Static_assert(__builtin_offsetof(struct fadt, flags) == 112, "FADT flags at 112");
_Static_assert(__builtin_offsetof(struct fadt, x_dsdt) == 140, "FADT X_DSDT at 140");

struct facs {
	char signature[4];
	uint32_t length;
	uint32_t hw_signature;
	uint32_t waking_vector;
	uint32_t global_lock;
	uint32_t flags;
	uint64_t x_waking_vector;
	uint8_t version;
	uint8_t reserved[3];
	uint32_t ospm_flags;
	uint8_t reserved2[24];
} __attribute__((packed));
_Static_assert(sizeof(struct facs) == 64, "FACS is 64 bytes");

struct rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt_address;
	uint32_t length;
	uint64_t xsdt_address;
	uint8_t ext_checksum;
	uint8_t reserved[3];
} __attribute__((packed));
_Static_assert(sizeof(struct rsdp) == 36, "RSDP 2.0 is 36 bytes");

struct ccel {
	struct acpi_header h;
	uint8_t cc_type, cc_subtype;
	uint16_t reserved;
	uint64_t laml, lasa;
} __attribute__((packed));
_Static_assert(sizeof(struct ccel) == 56, "CCEL is 56 bytes");

#define FADT_WBINVD        (1u << 0)
#define FADT_PROC_C1       (1u << 2)
#define FADT_PWR_BUTTON    (1u << 4)
#define FADT_SLP_BUTTON    (1u << 5)
#define FADT_RESET_REG_SUP (1u << 10)
#define BOOT_ARCH_LEGACY   (1u << 0)
#define BOOT_ARCH_8042     (1u << 1)
#define BOOT_ARCH_NO_VGA   (1u << 2)

#define MADT_PCAT_COMPAT 1u

struct builder {
	uint8_t *buf;
	size_t cap, off;
	uint64_t pa;
	int overflow;
};

static void *alloc(struct builder *b, size_t size, size_t align)
{
	/* Align the physical address, not the offset: buf_pa is only 16-byte
	 * aligned, and the FACS needs 64. */
	size_t off = b->off + (size_t)((0 - (b->pa + b->off)) & (align - 1));
	if (off > b->cap || size > b->cap - off) {
		b->overflow = 1;
		return 0;
	}
	b->off = off + size;
	memset(b->buf + off, 0, size);
	return b->buf + off;
}

static uint64_t pa_of(const struct builder *b, const void *p)
{
	return b->pa + (uint64_t)((const uint8_t *)p - b->buf);
}

void acpi_header_init(struct acpi_header *h, const char *sig, uint32_t len, uint8_t rev)
{
	memcpy(h->signature, sig, 4);
	h->length = len;
	h->revision = rev;
	memcpy(h->oem_id, OEM_ID, 6);
	memcpy(h->oem_table_id, OEM_TABLE_ID, 8);
	h->oem_revision = 1;
	memcpy(h->creator_id, CREATOR_ID, 4);
	h->creator_revision = CREATOR_REV;
}

void acpi_header_finish(struct acpi_header *h)
{
	h->checksum = 0;
	h->checksum = acpi_checksum(h, h->length);
}

static struct gas io_gas(uint16_t port, uint8_t bits, uint8_t access)
{
	struct gas g = { 1, bits, 0, access, port };
	if (!port)
		g.space_id = 0, g.bit_width = 0, g.access_size = 0;
	return g;
}

static struct fadt *build_fadt(struct builder *b, const struct acpi_config *c,
			       uint64_t facs_pa, uint64_t dsdt_pa)
{
	struct fadt *f = alloc(b, sizeof(*f), 16);
	if (!f)
		return 0;
	acpi_header_init(&f->h, "FACP", sizeof(*f), 6);
	f->minor_version = 5;
	/* 32-bit copies only where they hold the address (else they would
	 * disagree with the X_ fields: a "32/64X address mismatch"). */
	f->firmware_ctrl = facs_pa >> 32 ? 0 : (uint32_t)facs_pa;
	f->x_firmware_ctrl = facs_pa;
	f->dsdt = dsdt_pa >> 32 ? 0 : (uint32_t)dsdt_pa;
	f->x_dsdt = dsdt_pa;
	f->p_lvl2_lat = 0x0fff; /* C2/C3 unsupported */
	f->p_lvl3_lat = 0x0fff;
	f->flags = FADT_WBINVD | FADT_PROC_C1 | FADT_PWR_BUTTON | FADT_SLP_BUTTON | FADT_RESET_REG_SUP;
	/* Reset through the PCI reset control register (QEMU piix3/ich9; tetdh). */
	f->reset_reg = io_gas(0xcf9, 8, 1);
	f->reset_value = 0x06;
	f->iapc_boot_arch = c->legacy_pc ? (BOOT_ARCH_LEGACY | BOOT_ARCH_8042) : BOOT_ARCH_NO_VGA;
	f->century = 0x32;
	f->sci_int = 9;
	if (c->pm_base) {
		/* SMI_CMD = 0: the platform is always in ACPI mode. */
		f->pm1a_evt_blk = c->pm_base;
		f->pm1a_cnt_blk = c->pm_base + 4u;
		f->pm1_evt_len = 4;
		f->pm1_cnt_len = 2;
		f->x_pm1a_evt_blk = io_gas(c->pm_base, 32, 2);
		f->x_pm1a_cnt_blk = io_gas(c->pm_base + 4, 16, 2);
		if (c->pm_timer) {
			f->pm_tmr_blk = c->pm_base + 8u;
			f->pm_tmr_len = 4;
			f->x_pm_tmr_blk = io_gas(c->pm_base + 8, 32, 3);
		}
	}
	if (c->gpe0_base) {
		f->gpe0_blk = c->gpe0_base;
		f->gpe0_blk_len = c->gpe0_len;
		f->x_gpe0_blk = io_gas(c->gpe0_base, (uint8_t)(c->gpe0_len * 8), 1);
	}
	return f;
}

static struct acpi_header *build_madt(struct builder *b, const struct acpi_config *c)
{
	size_t len = 44;
	for (unsigned i = 0; i < c->ncpus; i++)
		len += c->apic_ids[i] < 255 ? 8 : 16;
	len += 12 + 10 + 10 + 6 + (c->mp_wakeup_mailbox ? 16 : 0);
	uint8_t *t = alloc(b, len, 16);
	if (!t)
		return 0;
	struct acpi_header *h = (struct acpi_header *)t;
	acpi_header_init(h, "APIC", (uint32_t)len, 5);
	uint32_t lapic = 0xfee00000u, flags = c->legacy_pc ? MADT_PCAT_COMPAT : 0;
	memcpy(t + 36, &lapic, 4);
	memcpy(t + 40, &flags, 4);
	uint8_t *p = t + 44;
	for (unsigned i = 0; i < c->ncpus; i++) {
		uint32_t id = c->apic_ids[i], en = 1;
		if (id < 255) { /* Processor Local APIC */
			p[0] = 0, p[1] = 8, p[2] = (uint8_t)i, p[3] = (uint8_t)id;
			memcpy(p + 4, &en, 4);
			p += 8;
		} else { /* Processor Local x2APIC */
			p[0] = 9, p[1] = 16;
			memcpy(p + 4, &id, 4);
			memcpy(p + 8, &en, 4);
			memcpy(p + 12, &i, 4);
			p += 16;
		}
	}
	uint32_t ioapic = 0xfec00000u, gsi = 0;
	p[0] = 1, p[1] = 12, p[2] = 0, p[3] = 0; /* I/O APIC id 0, as QEMU and KVM use */
	memcpy(p + 4, &ioapic, 4);
	memcpy(p + 8, &gsi, 4);
	p += 12;
	/* ISA IRQ0 (PIT) is wired to GSI 2. */
	uint32_t g2 = 2;
	uint16_t fl = 0;
	p[0] = 2, p[1] = 10, p[2] = 0, p[3] = 0;
	memcpy(p + 4, &g2, 4);
	memcpy(p + 8, &fl, 2);
	p += 10;
	{ /* SCI: IRQ 9, level, active high (FADT SCI_INT) */
		uint32_t g9 = 9;
		uint16_t f9 = 0x000d;
		p[0] = 2, p[1] = 10, p[2] = 0, p[3] = 9;
		memcpy(p + 4, &g9, 4);
		memcpy(p + 8, &f9, 2);
		p += 10;
	}
	/* Local APIC NMI: all processors, LINT1. */
	p[0] = 4, p[1] = 6, p[2] = 0xff, p[3] = 0, p[4] = 0, p[5] = 1;
	p += 6;
	if (c->mp_wakeup_mailbox) { /* Multiprocessor Wakeup (ACPI 6.4 5.2.12.19) */
		p[0] = 0x10, p[1] = 16;
		memcpy(p + 8, &c->mp_wakeup_mailbox, 8);
		p += 16;
	}
	return h;
}

uint64_t acpi_build(void *buf, size_t cap, uint64_t buf_pa, const struct acpi_config *c)
{
	struct builder b = { buf, cap, 0, buf_pa, 0 };
	if (!c->ncpus || c->ncpus > ACPI_MAX_CPUS || !c->dsdt || c->dsdt_len < sizeof(struct acpi_header) ||
	    c->nextra > ACPI_MAX_EXTRA || (buf_pa & 15))
		return 0;

	struct rsdp *rsdp = alloc(&b, sizeof(*rsdp), 16);
	struct facs *facs = alloc(&b, sizeof(*facs), 64);
	uint8_t *dsdt = alloc(&b, c->dsdt_len, 16);
	if (b.overflow)
		return 0;
	memcpy(dsdt, c->dsdt, c->dsdt_len);
	memcpy(facs->signature, "FACS", 4);
	facs->length = sizeof(*facs);
	facs->version = 2;

	struct acpi_header *tables[3 + ACPI_MAX_EXTRA];
	unsigned nt = 0;
	struct fadt *fadt = build_fadt(&b, c, pa_of(&b, facs), pa_of(&b, dsdt));
	tables[nt++] = fadt ? &fadt->h : 0;
	tables[nt++] = build_madt(&b, c);
	if (c->ccel_laml) {
		struct ccel *cc = alloc(&b, sizeof(*cc), 16);
		if (cc) {
			acpi_header_init(&cc->h, "CCEL", sizeof(*cc), 1);
			cc->cc_type = c->cc_type;
			cc->laml = c->ccel_laml;
			cc->lasa = c->ccel_lasa;
		}
		tables[nt++] = cc ? &cc->h : 0;
	}
	for (unsigned i = 0; i < c->nextra; i++) {
		const struct acpi_header *src = c->extra[i];
		struct acpi_header *t = src ? alloc(&b, src->length, 16) : 0;
		if (t)
			memcpy(t, src, src->length);
		tables[nt++] = t;
	}
	size_t xlen = 36 + 8 * nt;
	struct acpi_header *xsdt = alloc(&b, xlen, 16);
	if (b.overflow || !xsdt)
		return 0;
	acpi_header_init(xsdt, "XSDT", (uint32_t)xlen, 1);
	for (unsigned i = 0; i < nt; i++) {
		if (!tables[i])
			return 0;
		uint64_t a = pa_of(&b, tables[i]);
		memcpy((uint8_t *)xsdt + 36 + 8 * i, &a, 8);
		acpi_header_finish(tables[i]);
	}
	acpi_header_finish(xsdt);

	memcpy(rsdp->signature, "RSD PTR ", 8);
	memcpy(rsdp->oem_id, OEM_ID, 6);
	rsdp->revision = 2;
	rsdp->length = sizeof(*rsdp);
	rsdp->xsdt_address = pa_of(&b, xsdt);
	rsdp->checksum = acpi_checksum(rsdp, 20);
	rsdp->ext_checksum = acpi_checksum(rsdp, sizeof(*rsdp));
	return pa_of(&b, rsdp);
}
