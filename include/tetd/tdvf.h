/* SPDX-License-Identifier: MIT */
/*
 * include/tetd/tdvf.h - TDVF metadata and the GUIDed footer table.
 *
 * Layouts follow the TDVF design guide / td-shim spec part I and QEMU's
 * hw/i386/pc_sysfw_ovmf.c + tdvf.c: a VMM finds the footer GUID 48 bytes
 * before the end of the image (the 16 bytes after it are the AP entry
 * slot, the last 16 the reset vector), walks entries backwards, and the
 * TDVF entry gives the descriptor's offset counted back from the image end.
 * GUIDs are stored in EFI mixed-endian byte order.
 */
#ifndef TETD_TDVF_H
#define TETD_TDVF_H

#include <stdint.h>

#define TDVF_SIGNATURE 0x46564454u /* "TDVF" little-endian */
#define TDVF_VERSION   1u

enum tdvf_section_type {
	TDVF_SECTION_BFV = 0,
	TDVF_SECTION_CFV = 1,
	TDVF_SECTION_TD_HOB = 2,
	TDVF_SECTION_TEMP_MEM = 3,
	TDVF_SECTION_PERM_MEM = 4,
	TDVF_SECTION_PAYLOAD = 5,
	TDVF_SECTION_PAYLOAD_PARAM = 6,
	TDVF_SECTION_TYPE_MAX = 6,
};

#define TDVF_ATTR_MR_EXTEND 0x1u
#define TDVF_ATTR_PAGE_AUG  0x2u
#define TDVF_ATTR_MASK      (TDVF_ATTR_MR_EXTEND | TDVF_ATTR_PAGE_AUG)

struct tdvf_section {
	uint32_t data_offset;
	uint32_t raw_data_size;
	uint64_t memory_address;
	uint64_t memory_data_size;
	uint32_t type;
	uint32_t attributes;
} __attribute__((packed));

struct tdvf_descriptor {
	uint32_t signature;
	uint32_t length;          /* header + sections, bytes */
	uint32_t version;
	uint32_t number_of_section_entry;
	struct tdvf_section sections[];
} __attribute__((packed));

typedef struct {
	uint8_t b[16];
} tetd_guid_t;

/* EFI mixed-endian byte images of the GUIDs (first three fields LE). */
/* 96b582de-1fb2-45f7-baea-a366c55a082d */
#define TDVF_FOOTER_GUID_BYTES                                                 \
	{ 0xde, 0x82, 0xb5, 0x96, 0xb2, 0x1f, 0xf7, 0x45,                      \
	  0xba, 0xea, 0xa3, 0x66, 0xc5, 0x5a, 0x08, 0x2d }
/* e47a6535-984a-4798-865e-4685a7bf8ec2 */
#define TDVF_METADATA_GUID_BYTES                                               \
	{ 0x35, 0x65, 0x7a, 0xe4, 0x4a, 0x98, 0x98, 0x47,                      \
	  0x86, 0x5e, 0x46, 0x85, 0xa7, 0xbf, 0x8e, 0xc2 }
/* TETD zone entry: 3f1f8c2a-6c1e-4d8b-9a57-2b7e4d0c9e11 */
#define TETD_ZONE_GUID_BYTES                                                   \
	{ 0x2a, 0x8c, 0x1f, 0x3f, 0x1e, 0x6c, 0x8b, 0x4d,                      \
	  0x9a, 0x57, 0x2b, 0x7e, 0x4d, 0x0c, 0x9e, 0x11 }

/* Offset from the image end of the footer GUID (QEMU: flash_size - 48). */
#define TDVF_FOOTER_GUID_FROM_END 48u

/* The TETD entry's data: which TempMem section is the secret zone. */
struct tetd_zone_entry {
	uint64_t base;
	uint64_t size;
} __attribute__((packed));

/*
 * The footer block as our image lays it out: 96 bytes ending 32 bytes before
 * the image end. Parsers must not rely on this struct; they walk the table.
 */
struct tetd_footer_block {
	uint8_t pad[22];
	struct tetd_zone_entry zone;
	uint16_t zone_len;
	tetd_guid_t zone_guid;
	uint32_t tdvf_offset;     /* descriptor = image end - tdvf_offset */
	uint16_t tdvf_len;
	tetd_guid_t tdvf_guid;
	uint16_t table_len;       /* entries + this length + footer GUID */
	tetd_guid_t footer_guid;
} __attribute__((packed));

_Static_assert(sizeof(struct tdvf_section) == 32, "TDVF section is 32 bytes");
_Static_assert(sizeof(struct tdvf_descriptor) == 16, "TDVF header is 16 bytes");
_Static_assert(sizeof(struct tetd_footer_block) == 96, "footer block is 96 bytes");

#endif
