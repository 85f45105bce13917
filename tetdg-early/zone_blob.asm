; SPDX-License-Identifier: MIT
; tetdg-early/zone_blob.asm - links the assembled dispatcher (zone_entry.asm,
; a flat two-page blob) into the firmware as data, for zone_pt.c to copy.
section .rodata
align 16
global zone_entry_blob
global zone_entry_blob_end
zone_entry_blob:
	incbin "zone_entry.bin"
zone_entry_blob_end:
section .note.GNU-stack noalloc noexec nowrite progbits
