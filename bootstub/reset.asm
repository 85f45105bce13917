; SPDX-License-Identifier: MIT
; bootstub/reset.asm - the first instructions of the TD image.
;
; Owns: the reset vector (both start modes), the switch to 64-bit long mode,
; the identity page tables, the BSP's jump into C (fw_main) and the AP
; parking loop that the OS releases through the ACPI MP wakeup mailbox.
;
; Start modes (REFERENCES.md "One reset vector, two start modes"):
;  - real mode (plain QEMU, any PC): CS base 0xFFFF0000, IP 0xFFF0. Only
;    the BSP runs; APs wait for INIT-SIPI from the OS.
;  - 32-bit flat protected mode (TDX module / tetdh): every vCPU starts here
;    at once with EBX[5:0] = GPAW, ESI = VCPU_INDEX, RCX = the value the
;    VMM gave TDH.VP.INIT (the TD HOB address) - TDX module spec, "Initial
;    State of Guest TD vCPU". vCPU 0 boots; the others park.

%include "layout.inc"

%define SEL_CODE32 0x08
%define SEL_CODE64 0x10        ; Linux 64-bit boot protocol: __BOOT_CS
%define SEL_DATA   0x18        ; __BOOT_DS

; struct fw_entry_state at TETD_APSYNC_GPA (fw/entry.h must match)
%define ES_READY   0
%define ES_TSC     8
%define ES_GPAW    16
%define ES_MODE    20
%define ES_HOB     24
%define ES_PARKPORT 32       ; set by the BSP on tetdh: parked APs exit here

%define MSR_EFER   0xC0000080
%define EFER_LME   0x100

; CR4.PAE, EFER.LME (already set by the TDX module; written only if clear),
; CR3, then CR0.PG. Caching enabled (CD/NW cleared). A macro, not a call:
; parked APs run it without a stack.
%macro ENABLE_LONG_MODE 0
	mov	eax, cr4
	or	eax, 0x20
	mov	cr4, eax
	mov	eax, TETD_PGTABLE_GPA
	mov	cr3, eax
	mov	ecx, MSR_EFER
	rdmsr
	test	eax, EFER_LME
	jnz	%%lme
	or	eax, EFER_LME
	wrmsr
%%lme:	mov	eax, cr0
	and	eax, ~0x60000000
	or	eax, 0x80000020		; PG, NE
	mov	cr0, eax
%endmacro

extern fw_main
extern __fw_lma, __fw_start, __fw_end, __bss_start, __bss_end

; ---------------------------------------------------------------------------
section .resetvec progbits alloc exec nowrite
; 0xFFFFFFF0. The first three instructions encode identically in 16- and
; 32-bit mode; CR0.PE tells which mode we were started in.
BITS 32
global reset_vector
reset_vector:
	mov	eax, cr0
	test	al, 1
	jz	.real
	jmp	td_entry32
.real:
BITS 16
	jmp	real_entry16
	hlt

; The 16 bytes before the reset vector: OVMF keeps an AP entry here; ours
; is unused (APs never start in real mode at this address), so it halts.
section .apentry progbits alloc exec nowrite
BITS 16
	cli
.1:	hlt
	jmp	.1
	times 16 - ($ - $$) db 0

; ---------------------------------------------------------------------------
; Everything below runs from ROM: the C firmware is linked to run from
; firmware RAM (fw/fw.ld.S), which is more than 2 GiB away, so calls into
; it use absolute addresses.
section .bootstub progbits alloc exec nowrite
default abs
BITS 16
real_entry16:
	cli
	cld
	rdtsc
	mov	ebp, eax		; TSC at reset, kept in EBP:EDI
	mov	edi, edx
	xor	ebx, ebx		; no GPAW in this mode
	xor	esi, esi		; we are the BSP
	xor	ecx, ecx		; no TD HOB
	xor	esp, esp		; start mode 0 = real
	o32 lgdt [cs:(gdtr - $$) + (TETD_TEXT16_GPA & 0xFFFF)]	; CS base is 0xFFFF0000
	mov	eax, cr0
	or	al, 1
	mov	cr0, eax
	jmp	dword SEL_CODE32:pm32_common

BITS 32
td_entry32:
	cli
	cld
	rdtsc
	mov	ebp, eax
	mov	edi, edx
	mov	esp, 1			; start mode 1 = td
	lgdt	[gdtr]
	jmp	SEL_CODE32:pm32_common

; 32-bit flat, both modes. EBP:EDI = reset TSC, EBX = GPAW, ESI = vCPU
; index, ECX = TD HOB (td mode), ESP = start mode.
pm32_common:
	mov	ax, SEL_DATA
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	test	esi, esi
	jnz	ap_wait32

	; BSP: record the entry state for C before anything clobbers it.
	mov	dword [TETD_APSYNC_GPA + ES_READY], 0
	mov	[TETD_APSYNC_GPA + ES_TSC], ebp
	mov	[TETD_APSYNC_GPA + ES_TSC + 4], edi
	and	ebx, 0x3f
	mov	[TETD_APSYNC_GPA + ES_GPAW], ebx
	mov	[TETD_APSYNC_GPA + ES_MODE], esp
	mov	[TETD_APSYNC_GPA + ES_HOB], ecx
	mov	dword [TETD_APSYNC_GPA + ES_HOB + 4], 0
	mov	dword [TETD_APSYNC_GPA + ES_PARKPORT], 0

	; Identity map 0..4 GiB with 2 MiB pages: PML4, one PDPT, four PDs.
	mov	edi, TETD_PGTABLE_GPA
	xor	eax, eax
	mov	ecx, TETD_PGTABLE_SIZE / 4
	rep	stosd
	mov	dword [TETD_PGTABLE_GPA], TETD_PGTABLE_GPA + 0x1000 + 3
	mov	edi, TETD_PGTABLE_GPA + 0x1000
	mov	eax, TETD_PGTABLE_GPA + 0x2000 + 3
	mov	ecx, 4
.pdpt:	mov	[edi], eax
	add	eax, 0x1000
	add	edi, 8
	loop	.pdpt
	mov	edi, TETD_PGTABLE_GPA + 0x2000
	mov	eax, 0x83		; present, writable, 2 MiB page
	mov	ecx, 2048
.pd:	mov	[edi], eax
	add	eax, 0x200000
	add	edi, 8
	loop	.pd
	mov	dword [TETD_APSYNC_GPA + ES_READY], 1
	ENABLE_LONG_MODE
	jmp	SEL_CODE64:bsp_entry64

; APs (td mode only): wait for the BSP's page tables, then park in 64-bit.
ap_wait32:
.spin:	pause
	cmp	dword [TETD_APSYNC_GPA + ES_READY], 1
	jne	.spin
	ENABLE_LONG_MODE		; no stack: APs share nothing writable
	jmp	SEL_CODE64:ap_park64

align 8
gdt:
	dq	0
	dq	0x00CF9B000000FFFF	; 0x08 code32, accessed bit preset (ROM)
	dq	0x00AF9B000000FFFF	; 0x10 code64
	dq	0x00CF93000000FFFF	; 0x18 data
gdt_end:
gdtr:
	dw	gdt_end - gdt - 1
	dd	gdt
global tetd_gdtr
tetd_gdtr equ gdtr

BITS 64
bsp_entry64:
	mov	ax, SEL_DATA
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	xor	eax, eax
	mov	fs, ax
	mov	gs, ax
	mov	rsp, TETD_STACK_TOP
	; Copy the C firmware (text, rodata, data) from the BFV into firmware
	; RAM where it is linked to run, and clear its .bss.
	mov	esi, __fw_lma
	mov	edi, __fw_start
	mov	ecx, __fw_end
	sub	ecx, edi
	rep	movsb
	mov	edi, __bss_start
	mov	ecx, __bss_end
	sub	ecx, edi
	xor	eax, eax
	rep	stosb
	mov	edi, TETD_APSYNC_GPA
	mov	eax, fw_main
	call	rax
.halt:	cli
	hlt
	jmp	.halt

; Parked AP: poll the ACPI MP wakeup mailbox (ACPI 6.4 5.2.12.19) for a
; wakeup command addressed to our APIC ID, acknowledge it by clearing the
; command, and jump to the OS's 64-bit wakeup vector with our identity map.
ap_park64:
	mov	ax, SEL_DATA
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	mov	eax, 0x0b		; x2APIC ID (TDX vCPUs use x2APIC)
	xor	ecx, ecx
	cpuid
	mov	r8d, edx
.poll:	pause
	; On tetdh the BSP names a port for parked APs to write while they
	; poll, so the host can deschedule them instead of burning a CPU.
	; Never set on real TDX, where port I/O would raise #VE.
	mov	edx, [TETD_APSYNC_GPA + ES_PARKPORT]
	test	edx, edx
	jz	.check
	out	dx, al
.check:	cmp	word [TETD_MAILBOX_GPA], 1	; Command == Wakeup
	jne	.poll
	cmp	dword [TETD_MAILBOX_GPA + 4], r8d	; ApicId
	jne	.poll
	mov	rax, [TETD_MAILBOX_GPA + 8]	; WakeupVector
	mov	word [TETD_MAILBOX_GPA], 0	; acknowledge
	jmp	rax
