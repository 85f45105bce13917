/* SPDX-License-Identifier: MIT */
/*
 * tetdg/tetdg_zone_call.S - the kernel side of one in-guest agent call
 * (tetdg/tetdg_inguest.c): switch to the bridge page table (the kernel's
 * half plus the zone identity-mapped), call the zone dispatcher
 * (tetdg-early/zone_entry.asm, zone_enter), and undo what the dispatcher
 * cannot: it reloads the data segment registers from its saved SS, which
 * in 64-bit mode also resets the FS and GS bases - the kernel's per-CPU
 * base among them. So nothing here touches %gs-relative data until the
 * bases are back, which is why this is assembly and not C. TR is restored
 * by the C caller (force_reload_TR), once per-CPU data works again.
 *
 * u64 tetdg_zone_call(u64 dispatcher, u64 entry, u64 arg, u64 stack_top,
 *                     u64 zone_cr3, u64 bridge_cr3)
 * Interrupts must be off; returns zone_enter's result.
 */
#include <linux/linkage.h>
#include <asm/msr-index.h>
#include <asm/nospec-branch.h>

	.text
SYM_FUNC_START(tetdg_zone_call)
	push	%rbp
	mov	%rsp, %rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	sub	$40, %rsp
	mov	%rdi, %r12			/* dispatcher */
	movw	%ds, 0(%rsp)
	movw	%es, 2(%rsp)
	movw	%fs, 4(%rsp)
	movw	%gs, 6(%rsp)
	mov	%rdx, %r14			/* arg: rdmsr clobbers rdx */
	mov	%rcx, %r15			/* stack_top */
	mov	$MSR_FS_BASE, %ecx
	rdmsr
	mov	%eax, 8(%rsp)
	mov	%edx, 12(%rsp)
	mov	$MSR_GS_BASE, %ecx
	rdmsr
	mov	%eax, 16(%rsp)
	mov	%edx, 20(%rsp)
	mov	%cr3, %rax
	mov	%rax, 24(%rsp)
	mov	%r9, %cr3			/* bridge: kernel half + zone */

	mov	%rsi, %rdi			/* zone_enter(entry, arg, stack_top, zone_cr3) */
	mov	%r14, %rsi
	mov	%r15, %rdx
	mov	%r8, %rcx
	CALL_NOSPEC r12
	mov	%rax, %rbx

	mov	24(%rsp), %rax
	mov	%rax, %cr3
	movw	0(%rsp), %ds
	movw	2(%rsp), %es
	movw	4(%rsp), %fs
	movw	6(%rsp), %gs
	mov	$MSR_FS_BASE, %ecx
	mov	8(%rsp), %eax
	mov	12(%rsp), %edx
	wrmsr
	mov	$MSR_GS_BASE, %ecx
	mov	16(%rsp), %eax
	mov	20(%rsp), %edx
	wrmsr

	mov	%rbx, %rax
	add	$40, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	RET
SYM_FUNC_END(tetdg_zone_call)
