/* SPDX-License-Identifier: MIT */
/*
 * tetdg-early/acpi_tetd.h - the ACPI "TETD" table (layout in
 * include/tetd/zone.h): what the kernel driver learns about the agents.
 * Pure: host-testable.
 */
#ifndef TETDG_ACPI_TETD_H
#define TETDG_ACPI_TETD_H
#include <stdint.h>
#include <tetd/zone.h>

#define ACPI_TETD_MAX_LEN (36 + sizeof(struct tetd_acpi_body) + \
			   TETD_AVOL_MAX_AGENTS * sizeof(struct tetd_acpi_agent))

/* Builds the table into static storage and returns it (checksummed). */
const void *acpi_tetd_build(uint32_t platform, uint32_t isolation, uint64_t zone_gpa,
			    uint64_t zone_size, const struct tetd_acpi_agent *agents,
			    unsigned count, unsigned rejected);
#endif
