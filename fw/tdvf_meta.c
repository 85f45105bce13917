/* SPDX-License-Identifier: MIT */
/*
 * fw/tdvf_meta.c - the image's TDVF metadata descriptor and GUIDed footer
 * table, placed at fixed addresses by fw/fw.ld. Section order is the order
 * a VMM adds pages, so it is part of MRTD: change it only on purpose.
 */
#include <tetd/layout.h>
#include <tetd/tdvf.h>

#define NSECTIONS 6

struct tetd_tdvf_metadata {
	uint32_t signature, length, version, number_of_section_entry;
	struct tdvf_section sections[NSECTIONS];
} __attribute__((packed));

_Static_assert(sizeof(struct tetd_tdvf_metadata) <= TETD_TDVF_DESC_MAX, "descriptor too big");

__attribute__((used, section(".tdvf.metadata")))
const struct tetd_tdvf_metadata tetd_tdvf_metadata = {
	.signature = TDVF_SIGNATURE,
	.length = sizeof(struct tetd_tdvf_metadata),
	.version = TDVF_VERSION,
	.number_of_section_entry = NSECTIONS,
	.sections = {
		/* Boot firmware volume: code and this metadata; in MRTD. */
		{ TETD_BFV_OFFSET, TETD_BFV_SIZE, TETD_BFV_BASE, TETD_BFV_SIZE,
		  TDVF_SECTION_BFV, TDVF_ATTR_MR_EXTEND },
		/* Agent volume: added, measured per agent into an RTMR instead. */
		{ TETD_CFV_OFFSET, TETD_CFV_SIZE, TETD_CFV_BASE, TETD_CFV_SIZE,
		  TDVF_SECTION_CFV, 0 },
		/* Firmware RAM: page tables, mailbox, ACPI, event log, stack. */
		{ 0, 0, TETD_FWRAM_BASE, TETD_FWRAM_SIZE, TDVF_SECTION_TEMP_MEM, 0 },
		{ 0, 0, TETD_TDHOB_GPA, TETD_TDHOB_SIZE, TDVF_SECTION_TD_HOB, 0 },
		/* Secret zone: PAGE.ADD records its GPAs in MRTD. */
		{ 0, 0, TETD_ZONE_GPA, TETD_ZONE_SIZE, TDVF_SECTION_TEMP_MEM, 0 },
		/* Linux payload from the VMM: measured by the firmware, not MRTD. */
		{ 0, 0, TETD_PAYLOAD_GPA, TETD_PAYLOAD_SIZE, TDVF_SECTION_PAYLOAD, 0 },
	},
};

__attribute__((used, section(".tdvf.footer")))
const struct tetd_footer_block tetd_footer = {
	.pad = { 0 },
	.zone = { TETD_ZONE_GPA, TETD_ZONE_SIZE },
	.zone_len = sizeof(struct tetd_zone_entry) + 2 + 16,
	.zone_guid = { TETD_ZONE_GUID_BYTES },
	.tdvf_offset = (uint32_t)(0x100000000ull - TETD_TDVF_DESC_GPA),
	.tdvf_len = 4 + 2 + 16,
	.tdvf_guid = { TDVF_METADATA_GUID_BYTES },
	.table_len = (sizeof(struct tetd_zone_entry) + 2 + 16) + (4 + 2 + 16) + 2 + 16,
	.footer_guid = { TDVF_FOOTER_GUID_BYTES },
};
