/* SPDX-License-Identifier: MIT */
/*
 * include/tetd/hob.h - the TD HOB a VMM (tetdh, a TDX host) builds for the
 * firmware: UEFI PI spec vol. 3 HOB structures (PHIT, resource descriptor,
 * GUID extension, end of list) plus the project's GUID HOBs for the Linux
 * payload. The firmware measures the whole HOB list into RTMR[0] before it
 * uses any of it; every field is untrusted and bounds-checked.
 *
 * Payload hand-over (tetdh): the VMM copies the bzImage file, the initrd
 * and the command line (NUL-terminated) into guest RAM it also describes
 * in resource HOBs, and names them in one TETD_HOB_PAYLOAD GUID HOB. The
 * firmware relocates the kernel and measures all three into RTMR[1].
 */
#ifndef TETD_HOB_H
#define TETD_HOB_H
#include <stdint.h>

#define HOB_TYPE_HANDOFF             0x0001
#define HOB_TYPE_RESOURCE_DESCRIPTOR 0x0003
#define HOB_TYPE_GUID_EXTENSION      0x0004
#define HOB_TYPE_END_OF_HOB_LIST     0xFFFF

/* EFI_RESOURCE_TYPE */
#define HOB_RES_SYSTEM_MEMORY      0x00
#define HOB_RES_MEMORY_MAPPED_IO   0x01
#define HOB_RES_MEMORY_RESERVED    0x05
#define HOB_RES_MEMORY_UNACCEPTED  0x07 /* UEFI 2.9+: private, to be accepted */

/* EFI_RESOURCE_ATTRIBUTE bits the firmware looks at */
#define HOB_RES_ATTR_PRESENT     0x00000001
#define HOB_RES_ATTR_INITIALIZED 0x00000002
#define HOB_RES_ATTR_TESTED      0x00000004

struct hob_header {
	uint16_t type;
	uint16_t length; /* whole HOB, bytes, multiple of 8 */
	uint32_t reserved;
} __attribute__((packed));

struct hob_handoff { /* PHIT */
	struct hob_header h;
	uint32_t version; /* 9 */
	uint32_t boot_mode;
	uint64_t memory_top, memory_bottom, free_memory_top, free_memory_bottom;
	uint64_t end_of_hob_list; /* GPA of the end-of-list HOB */
} __attribute__((packed));

struct hob_resource {
	struct hob_header h;
	uint8_t owner[16];
	uint32_t resource_type;
	uint32_t attributes;
	uint64_t start;
	uint64_t length;
} __attribute__((packed));

struct hob_guid {
	struct hob_header h;
	uint8_t name[16];
	/* data follows, h.length - 24 bytes */
} __attribute__((packed));

/* TETD payload GUID HOB: 9c0cbd2f-3bd1-4f7a-8e0c-5d1c3a8b6e21 */
#define TETD_HOB_PAYLOAD_GUID_BYTES                                            \
	{ 0x2f, 0xbd, 0x0c, 0x9c, 0xd1, 0x3b, 0x7a, 0x4f,                      \
	  0x8e, 0x0c, 0x5d, 0x1c, 0x3a, 0x8b, 0x6e, 0x21 }

struct tetd_hob_payload {
	uint64_t kernel_gpa, kernel_size;   /* the bzImage file, as is */
	uint64_t initrd_gpa, initrd_size;   /* size 0: none */
	uint64_t cmdline_gpa, cmdline_size; /* bytes including the NUL */
	uint32_t num_vcpus;                 /* vCPUs the VMM started */
	uint32_t flags;                     /* 0 */
} __attribute__((packed));

/* E820 GUID HOB (as td-shim passes it): data is an array of e820 entries
 * {u64 addr, u64 size, u32 type}; optional: resource HOBs are authoritative.
 * 2f6c1b29-5a3e-4d43-9c4e-0a8b0f1e7d63 */
#define TETD_HOB_E820_GUID_BYTES                                               \
	{ 0x29, 0x1b, 0x6c, 0x2f, 0x3e, 0x5a, 0x43, 0x4d,                      \
	  0x9c, 0x4e, 0x0a, 0x8b, 0x0f, 0x1e, 0x7d, 0x63 }

_Static_assert(sizeof(struct hob_header) == 8, "HOB header is 8 bytes");
_Static_assert(sizeof(struct hob_handoff) == 56, "PHIT is 56 bytes");
_Static_assert(sizeof(struct hob_resource) == 48, "resource HOB is 48 bytes");
_Static_assert(sizeof(struct hob_guid) == 24, "GUID HOB header is 24 bytes");
#endif
