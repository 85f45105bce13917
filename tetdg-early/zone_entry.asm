; SPDX-License-Identifier: MIT
; tetdg-early/zone_entry.asm - the zone dispatcher: the only code that
; switches into the agent world's address space and back. Assembled as a
; flat, position-independent blob of two pages (code, then data) that the
; firmware copies to zone offsets TETD_ZONE_CODE_OFF / TETD_ZONE_DATA_OFF
; (include/tetd/zone.h). The firmware's and the zone's page tables both map
; it at the same address (identity), so execution survives the CR3 switch.
;
; uint64_t zone_enter(entry, arg, stack_top, zone_cr3)   SysV: rdi rsi rdx rcx
;   saves the caller's callee-saved registers, RSP, CR3, GDTR, IDTR, CS, SS;
;   loads the zone GDT (prepared by C in the data page), TR, IDT, CR3 and
;   the agent stack; calls entry(arg) with interrupts off; restores all of
;   it and returns entry's int result zero-extended from 32 bits, or
;   TETD_ZONE_FAULTED when an exception ended the agent (record in the data
;   page's fault area). In the host's agent world (data page SV_HOSTMODE
;   set) there is no caller to return to: handlers return to host_return
;   and faults end with TETD_VMM_RESUME, RCX = TETD_ZONE_FAULTED. #DF and #PF run on IST1 (the zone fault stack), so a
;   blown agent stack still comes back here instead of triple-faulting.

bits 64
default rel
org 0

%define ZD_GDT       0x000
%define ZD_GDTR      0x030
%define ZD_IDTR      0x040
%define SV_RSP       0x080
%define SV_CR3       0x088
%define SV_GDTR      0x090
%define SV_IDTR      0x0A0
%define SV_CS        0x0B0
%define SV_SS        0x0B8
%define SV_RFLAGS    0x0C0
%define FT_VECTOR    0x100
%define FT_ERROR     0x108
%define FT_RIP       0x110
%define FT_CR2       0x118
%define FT_RSP       0x120
%define SEL_CODE     0x08
%define SEL_DATA     0x10
%define SEL_TSS      0x18
%define SV_HOSTMODE  0x0C8			; non-zero: the host's agent world runs us
%define FAULTED      0xFA17000000000000
%define VMM_RESUME   0x5445000000000002	; TETD_VMM_RESUME (include/tetd/tetdcall.h)
%define SIM_TDCALL   0xE5			; TETD_SIM_TDCALL_PORT (include/tetd/tetdh.h)

zone_enter:
	push	rbx
	push	rbp
	push	r12
	push	r13
	push	r14
	push	r15
	pushfq
	cli
	lea	rbx, [DATA]
	pop	qword [rbx + SV_RFLAGS]
	mov	[rbx + SV_RSP], rsp
	mov	rax, cr3
	mov	[rbx + SV_CR3], rax
	sgdt	[rbx + SV_GDTR]
	sidt	[rbx + SV_IDTR]
	mov	ax, cs
	mov	[rbx + SV_CS], ax
	mov	ax, ss
	mov	[rbx + SV_SS], ax

	lgdt	[rbx + ZD_GDTR]
	push	SEL_CODE
	lea	rax, [.zone_cs]
	push	rax
	retfq
.zone_cs:
	mov	ax, SEL_DATA
	mov	ds, ax
	mov	es, ax
	mov	ss, ax
	mov	fs, ax
	mov	gs, ax
	and	byte [rbx + ZD_GDT + SEL_TSS + 5], ~0x02	; TSS not busy
	mov	ax, SEL_TSS
	ltr	ax
	lidt	[rbx + ZD_IDTR]
	mov	cr3, rcx
	mov	rsp, rdx
	and	rsp, -16
	mov	rax, rdi
	mov	rdi, rsi
	call	rax
	mov	eax, eax		; int result, zero-extended
back:
	lea	rbx, [DATA]
	mov	rcx, [rbx + SV_CR3]
	mov	cr3, rcx
	lgdt	[rbx + SV_GDTR]
	lidt	[rbx + SV_IDTR]
	movzx	rcx, word [rbx + SV_CS]
	push	rcx
	lea	rcx, [.fw_cs]
	push	rcx
	retfq
.fw_cs:
	mov	cx, [rbx + SV_SS]
	mov	ds, cx
	mov	es, cx
	mov	ss, cx
	mov	fs, cx
	mov	gs, cx
	mov	rsp, [rbx + SV_RSP]
	push	qword [rbx + SV_RFLAGS]
	popfq
	pop	r15
	pop	r14
	pop	r13
	pop	r12
	pop	rbp
	pop	rbx
	ret

; host_return at TETD_ZONE_HOSTRET_OFF: in the host's agent world (issue 5)
; the host starts a handler with this address as its return address; the
; handler's int result (EAX) goes back to the host with TETD_VMM_RESUME
; (RCX = result zero-extended) through the sim TDCALL port. The host never
; resumes after it; the `jmp $` only guards against a host that would.
times 0x100 - ($ - $$) db 0xCC
host_return:
	mov	ecx, eax
resume_host:
	mov	rax, VMM_RESUME
	out	SIM_TDCALL, al
	jmp	$

; Exception stubs at TETD_ZONE_STUBS_OFF (zone.h): the C side points IDT
; gate N at it + 16 * N. Vectors with a CPU-pushed error code: 8, 10-14,
; 17, 21, 29, 30. Every gate uses IST1 (the zone fault stack).
times 0x200 - ($ - $$) db 0xCC
fault_stubs:
%assign v 0
%rep 32
	%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
	push	v
	%else
	push	0
	push	v
	%endif
	jmp	fault_common
	align 16
%assign v v + 1
%endrep

fault_common:
	lea	rbx, [DATA]
	pop	qword [rbx + FT_VECTOR]
	pop	qword [rbx + FT_ERROR]
	pop	qword [rbx + FT_RIP]
	add	rsp, 16			; CS, RFLAGS
	pop	qword [rbx + FT_RSP]
	mov	rax, cr2
	mov	[rbx + FT_CR2], rax
	cmp	byte [rbx + SV_HOSTMODE], 0
	jne	.host
	mov	rax, FAULTED
	jmp	back
.host:	mov	rcx, FAULTED		; agent world: tell the host
	jmp	resume_host

times 0x1000 - ($ - $$) db 0xCC
DATA:
times 0x1000 db 0
