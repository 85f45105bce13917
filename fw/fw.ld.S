/*
 * fw/fw.ld.S - layout of the boot firmware volume (BFV), preprocessed with
 * include/tetd/layout.h. The C firmware is linked to run from firmware RAM
 * and stored at the start of the BFV; bootstub copies it. The last 4 KiB
 * hold ROM-resident code and fixed structures VMMs look for.
 */
#include <tetd/layout.h>
#undef TETD_LAYOUT_H

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(reset_vector)

SECTIONS
{
	. = TETD_FWCODE_GPA;
	.text : AT(0xFFF00000) {
		__fw_start = .;
		*(.text .text.*)
	}
	.rodata : { *(.rodata .rodata.*) }
	.data : { *(.data .data.*) }
	. = ALIGN(16);
	__fw_end = .;
	__fw_lma = LOADADDR(.text);
	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}
	ASSERT(__fw_start == TETD_FWCODE_GPA, "fw.ld.S: code base disagrees with layout.h")
	ASSERT(__bss_end <= TETD_STACK_TOP - TETD_STACK_SIZE, "firmware does not fit in firmware RAM")
	ASSERT(__fw_lma + (__fw_end - __fw_start) <= TETD_TEXT16_GPA, "firmware does not fit in the BFV")

	.bootstub TETD_TEXT16_GPA : AT(TETD_TEXT16_GPA) { KEEP(*(.bootstub)) }
	ASSERT(. <= TETD_TDVF_DESC_GPA, "bootstub overlaps the TDVF descriptor")
	.tdvf TETD_TDVF_DESC_GPA : AT(TETD_TDVF_DESC_GPA) { KEEP(*(.tdvf.metadata)) }
	.footer TETD_FOOTER_GPA : AT(TETD_FOOTER_GPA) { KEEP(*(.tdvf.footer)) }
	ASSERT(. == TETD_FOOTER_GPA + 96, "footer block must be 96 bytes")
	.apentry 0xFFFFFFE0 : AT(0xFFFFFFE0) { KEEP(*(.apentry)) }
	.resetvec TETD_RESET_GPA : AT(TETD_RESET_GPA) { KEEP(*(.resetvec)) }
	ASSERT(SIZEOF(.resetvec) == 16 && SIZEOF(.apentry) == 16, "reset vector block must be 16 + 16 bytes")

	/DISCARD/ : { *(.note*) *(.comment) *(.eh_frame*) *(.debug*) }
}
