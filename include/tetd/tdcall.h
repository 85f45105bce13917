/* SPDX-License-Identifier: MIT */
/*
 * include/tetd/tdcall.h - the one place guest code issues a TDCALL.
 *
 * On TDX (CPUID 0x21 = "IntelTDX    ") it is the TDCALL instruction; under
 * tetdh it is the sim TDCALL: the same registers, then `outb %al, $0xE5`
 * (include/tetd/tetdh.h). Nothing else in the guest knows the difference.
 * Freestanding and kernel-safe: no libc, no globals beyond one cached mode.
 */
#ifndef TETD_TDCALL_H
#define TETD_TDCALL_H
#include <stdint.h>
#include <tetd/tetdh.h>

/* The TDX register convention for every leaf (TDX module ABI spec). */
struct tetd_tdcall_regs {
	uint64_t rax, rcx, rdx, r8, r9, r10, r11, r12, r13, r14, r15;
};

enum tetd_tdcall_mode {
	TETD_TDCALL_UNKNOWN = 0,
	TETD_TDCALL_TDX,  /* real TDCALL instruction */
	TETD_TDCALL_SIM,  /* tetdh: port exit */
	TETD_TDCALL_NONE, /* neither: calls fail with TETD_TDCALL_NO_HOST */
};

/* Returned in RAX when no TDX module or tetdh is there to answer. */
#define TETD_TDCALL_NO_HOST 0xFFFFFFFFFFFFFFFFull

static inline void tetd_cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

static inline int tetd_sig_eq(const uint32_t *w, const char *s)
{
	for (int i = 0; i < 12; i++)
		if ((char)(w[i / 4] >> (8 * (i % 4))) != s[i])
			return 0;
	return 1;
}

static inline enum tetd_tdcall_mode tetd_tdcall_probe(void)
{
	uint32_t r[4], w[3];
	tetd_cpuid(0, r);
	if (r[0] >= 0x21) {
		tetd_cpuid(0x21, r);
		w[0] = r[1], w[1] = r[3], w[2] = r[2]; /* EBX, EDX, ECX */
		if (tetd_sig_eq(w, "IntelTDX    "))
			return TETD_TDCALL_TDX;
	}
	tetd_cpuid(1, r);
	if (r[2] & (1u << 31)) {
		tetd_cpuid(TETDH_CPUID_LEAF, r);
		w[0] = r[1], w[1] = r[2], w[2] = r[3]; /* EBX, ECX, EDX */
		if (tetd_sig_eq(w, TETDH_CPUID_SIGNATURE))
			return TETD_TDCALL_SIM;
	}
	return TETD_TDCALL_NONE;
}

static inline enum tetd_tdcall_mode tetd_tdcall_mode(void)
{
	static enum tetd_tdcall_mode mode;
	if (mode == TETD_TDCALL_UNKNOWN)
		mode = tetd_tdcall_probe();
	return mode;
}

/* Issue one TDCALL; registers in and out. Returns RAX (the status). */
static inline uint64_t tetd_tdcall(struct tetd_tdcall_regs *g)
{
	enum tetd_tdcall_mode mode = tetd_tdcall_mode();
	if (mode == TETD_TDCALL_NONE)
		return g->rax = TETD_TDCALL_NO_HOST;
	register uint64_t r8 __asm__("r8") = g->r8;
	register uint64_t r9 __asm__("r9") = g->r9;
	register uint64_t r10 __asm__("r10") = g->r10;
	register uint64_t r11 __asm__("r11") = g->r11;
	register uint64_t r12 __asm__("r12") = g->r12;
	register uint64_t r13 __asm__("r13") = g->r13;
	register uint64_t r14 __asm__("r14") = g->r14;
	register uint64_t r15 __asm__("r15") = g->r15;
	if (mode == TETD_TDCALL_TDX)
		__asm__ volatile(".byte 0x66, 0x0f, 0x01, 0xcc" /* TDCALL */
				 : "+a"(g->rax), "+c"(g->rcx), "+d"(g->rdx), "+r"(r8), "+r"(r9),
				   "+r"(r10), "+r"(r11), "+r"(r12), "+r"(r13), "+r"(r14), "+r"(r15)
				 :
				 : "memory");
	else
		__asm__ volatile("outb %%al, %[port]"
				 : "+a"(g->rax), "+c"(g->rcx), "+d"(g->rdx), "+r"(r8), "+r"(r9),
				   "+r"(r10), "+r"(r11), "+r"(r12), "+r"(r13), "+r"(r14), "+r"(r15)
				 : [port] "i"(TETD_SIM_TDCALL_PORT)
				 : "memory");
	g->r8 = r8, g->r9 = r9, g->r10 = r10, g->r11 = r11;
	g->r12 = r12, g->r13 = r13, g->r14 = r14, g->r15 = r15;
	return g->rax;
}
#endif
