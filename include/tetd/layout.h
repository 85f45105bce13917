/* SPDX-License-Identifier: MIT */
/*
 * include/tetd/layout.h - the TD image and guest-physical memory layout.
 *
 * One home for every fixed address the firmware, tetdh and the tools agree
 * on. Numbers here are ours to choose (no standard fixes them); the TDVF
 * metadata in the image describes the same ranges to any VMM, and tetdh
 * validates the metadata rather than trusting these constants.
 * Plain integer literals (no suffixes) so the same file feeds C, the
 * linker script (cpp) and nasm (build/layout.inc, generated).
 */
#ifndef TETD_LAYOUT_H
#define TETD_LAYOUT_H

/* Flash image: CFV (agent volume) first, BFV (code) last, mapped below 4 GiB. */
#define TETD_IMAGE_SIZE        0x00200000 /* 2 MiB */
#define TETD_IMAGE_BASE        0xFFE00000 /* 4 GiB - TETD_IMAGE_SIZE */
#define TETD_CFV_OFFSET        0x00000000 /* agent volume, image offset */
#define TETD_CFV_SIZE          0x00100000
#define TETD_CFV_BASE          (TETD_IMAGE_BASE + TETD_CFV_OFFSET)
#define TETD_BFV_OFFSET        0x00100000 /* boot firmware volume */
#define TETD_BFV_SIZE          0x00100000
#define TETD_BFV_BASE          (TETD_IMAGE_BASE + TETD_BFV_OFFSET)

/* Fixed places inside the BFV (see fw/fw.ld). */
#define TETD_TEXT16_GPA        0xFFFFF000 /* real-mode entry, inside the last 64 KiB */
#define TETD_TDVF_DESC_GPA     0xFFFFFD00 /* TDVF descriptor */
#define TETD_TDVF_DESC_MAX     0x00000280 /* room for 19 sections */
#define TETD_FOOTER_GPA        0xFFFFFF80 /* GUIDed footer table block (96 bytes) */
#define TETD_RESET_GPA         0xFFFFFFF0

/* Firmware RAM: one TempMem section, reserved in the kernel's e820. */
#define TETD_FWRAM_BASE        0x00800000
#define TETD_FWRAM_SIZE        0x00080000 /* 512 KiB */
#define TETD_PGTABLE_GPA       0x00800000 /* PML4, PDPT, 4 x PD: identity 4 GiB */
#define TETD_PGTABLE_SIZE      0x00006000
#define TETD_MAILBOX_GPA       0x00806000 /* ACPI MP wakeup mailbox (4 KiB) */
#define TETD_APSYNC_GPA        0x00807000 /* BSP->AP start-up flags */
#define TETD_ACPI_GPA          0x00808000 /* ACPI tables */
#define TETD_ACPI_SIZE         0x00008000
#define TETD_EVLOG_GPA         0x00810000 /* CCEL log area (LASA) */
#define TETD_EVLOG_SIZE        0x00020000 /* LAML: 128 KiB */
#define TETD_BOOTPARAMS_GPA    0x00830000 /* Linux zero page */
#define TETD_CMDLINE_GPA       0x00831000
#define TETD_CMDLINE_MAX       0x00002000
#define TETD_SETUPDATA_GPA     0x00833000 /* setup_data chain handed to Linux */
#define TETD_SETUPDATA_SIZE    0x00001000
#define TETD_FWCODE_GPA        0x00834000 /* C firmware: text, data, bss (run from RAM) */
#define TETD_STACK_TOP         0x00880000 /* BSP stack grows down from here */
#define TETD_STACK_SIZE        0x00010000

/* TD HOB, built by the VMM (tetdh / a TDX host). */
#define TETD_TDHOB_GPA         0x00880000
#define TETD_TDHOB_SIZE        0x00010000

/* Agent call buffers: one 4 KiB page per agent (TETD_AVOL_MAX_AGENTS),
 * ordinary TD memory the kernel driver and the host share; reserved in
 * e820, named per agent in the ACPI TETD table. Never inside the zone. */
#define TETD_CALLBUF_GPA       0x00890000
#define TETD_CALLBUF_SIZE      0x00010000

/* Secret zone: a TempMem section, so MRTD records its GPAs (PAGE.ADD). */
#define TETD_ZONE_GPA          0x00C00000
#define TETD_ZONE_SIZE         0x00400000 /* 4 MiB */

/*
 * Payload: a TDVF Payload section (PAGE.ADD, no MR.EXTEND): where a VMM
 * puts the bzImage, initrd and command line for a TD. Private memory from
 * the start, so MRTD records only its GPAs (not the payload) and the pages
 * stay valid TD memory after Linux reuses them. The firmware measures the
 * contents into RTMR[1].
 */
#define TETD_PAYLOAD_GPA       0x05000000 /* 80 MiB: above the kernel's init_size */
#define TETD_PAYLOAD_SIZE      0x04000000 /* 64 MiB */

/* The Linux setup (real-mode part) the firmware accepts and copies: Linux
 * itself asserts it fits 32 KiB (arch/x86/boot/setup.ld). */
#define TETD_SETUP_MAX         0x00008000

/* Where the firmware expects at least this much RAM to exist. */
#define TETD_MIN_RAM           0x04000000 /* 64 MiB */

#endif
