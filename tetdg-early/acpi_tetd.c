// SPDX-License-Identifier: MIT
/*
 * tetdg-early/acpi_tetd.c - builds the ACPI TETD table: header (fw/acpi.c's
 * helpers: one home for OEM fields and checksum), the body, one entry per loaded
 * agent. fw/acpi.c copies it into the ACPI area and links it from the XSDT.
 */
#include "acpi.h"
#include "acpi_tetd.h"
#include "fwstring.h"

const void *acpi_tetd_build(uint32_t platform, uint32_t isolation, uint64_t zone_gpa,
			    uint64_t zone_size, const struct tetd_acpi_agent *agents,
			    unsigned count, unsigned rejected)
{
	static uint8_t buf[ACPI_TETD_MAX_LEN] __attribute__((aligned(16)));
	struct acpi_header *h = (struct acpi_header *)buf;
	struct tetd_acpi_body *b = (struct tetd_acpi_body *)(buf + sizeof(*h));

	if (count > TETD_AVOL_MAX_AGENTS)
		count = TETD_AVOL_MAX_AGENTS;
	uint32_t len = (uint32_t)(sizeof(*h) + sizeof(*b) + count * sizeof(*agents));
	memset(buf, 0, sizeof(buf));
	acpi_header_init(h, TETD_ACPI_SIGNATURE, len, TETD_ACPI_REVISION);
	b->platform = platform;
	b->isolation = isolation;
	b->zone_gpa = zone_gpa;
	b->zone_size = zone_size;
	b->agent_count = count;
	b->agent_size = sizeof(*agents);
	b->agents_rejected = rejected;
	memcpy(b + 1, agents, count * sizeof(*agents));
	acpi_header_finish(h);
	return buf;
}
