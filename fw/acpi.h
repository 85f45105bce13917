/* SPDX-License-Identifier: MIT */
/*
 * fw/acpi.h - ACPI table builder: RSDP, XSDT, FADT, FACS, DSDT (AML from
 * fw/dsdt.asl, compiled by iasl), MADT (with the MP wakeup structure when
 * APs are parked) and CCEL. Pure: writes into a buffer whose physical
 * address the caller gives, host-testable.
 */
#ifndef FW_ACPI_H
#define FW_ACPI_H
#include <stddef.h>
#include <stdint.h>

struct acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	char creator_id[4];
	uint32_t creator_revision;
} __attribute__((packed));

#define ACPI_MAX_CPUS 256
#define ACPI_MAX_EXTRA 4

struct acpi_config {
	unsigned ncpus;
	uint32_t apic_ids[ACPI_MAX_CPUS];
	uint64_t mp_wakeup_mailbox; /* 0: APs are started by INIT-SIPI */
	int legacy_pc;              /* 8259 PIC (PCAT_COMPAT), i8042 */
	uint16_t pm_base;           /* PM1a event block; 0: no PM block */
	int pm_timer;               /* the PM block has a PM timer at +8 */
	uint16_t gpe0_base;
	uint8_t gpe0_len;
	uint8_t cc_type;            /* CCEL; laml == 0: no CCEL */
	uint64_t ccel_lasa, ccel_laml;
	const void *dsdt;
	size_t dsdt_len;
	/* Further tables to link from the XSDT (e.g. TETD, TPM2), as built. */
	const void *extra[ACPI_MAX_EXTRA];
	unsigned nextra;
};

uint8_t acpi_checksum(const void *p, size_t n);
/* The standard header with this firmware's OEM fields; finish() sets the
 * checksum over h->length bytes once the table is complete. */
void acpi_header_init(struct acpi_header *h, const char *sig, uint32_t len, uint8_t rev);
void acpi_header_finish(struct acpi_header *h);
/*
 * Build every table into buf (cap bytes, physical address buf_pa, 16-byte
 * aligned). Returns the RSDP's physical address, 0 if cap is too small or
 * the configuration is invalid.
 */
uint64_t acpi_build(void *buf, size_t cap, uint64_t buf_pa, const struct acpi_config *cfg);
#endif
