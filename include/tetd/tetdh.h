/* SPDX-License-Identifier: MIT */
/*
 * include/tetd/tetdh.h - what a guest may know about tetdh, the project's
 * host: how it announces itself and the I/O ports it emulates.
 */
#ifndef TETD_TETDH_H
#define TETD_TETDH_H

/* CPUID 0x40000000: EAX = max hypervisor leaf, EBX/ECX/EDX = signature. */
#define TETDH_CPUID_LEAF      0x40000000
#define TETDH_CPUID_SIGNATURE "TETDhTETDhTE"

/*
 * Sim TDCALL: the guest loads the TDX register convention (RAX = leaf, RCX,
 * RDX, R8-R15) and executes `outb %al, $TETD_SIM_TDCALL_PORT`; tetdh takes
 * the exit, reads and writes the vCPU's registers as the TDX module would,
 * and resumes after the instruction. The port is an 8-bit immediate on
 * purpose: `out %eax, %dx` would take RDX, which carries a TDCALL operand.
 * include/tetd/tdcall.h holds the one inline helper that chooses between
 * this and the real TDCALL instruction.
 */
#define TETD_SIM_TDCALL_PORT  0xE5

/*
 * Parked APs (firmware mailbox loop) write this port on every poll under
 * tetdh, so tetdh can sleep the vCPU thread briefly instead of letting a
 * spinning AP take a host CPU. Writes carry no data.
 */
#define TETDH_PARK_PORT       0xE6

/* ACPI fixed hardware tetdh emulates (FADT points here): PM1a at 0x600
 * (PM1a_CNT 0x604: SLP_TYP 0 + SLP_EN = power off), reset at 0xCF9. */
#define TETDH_PM_BASE         0x0600
#define TETDH_RESET_PORT      0x0CF9
#endif
