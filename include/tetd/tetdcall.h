/* SPDX-License-Identifier: MIT */
/*
 * include/tetd/tetdcall.h - the TETD TDCALL leaves: the calls between the
 * TD (firmware, tetdg driver, agent world) and the TETD host extension.
 *
 * They travel exactly like TDX module leaves (tetd_tdcall() in tdcall.h:
 * RAX = leaf, operands in RCX, RDX, R8..R15, status back in RAX), so one
 * helper serves both. The leaf numbers set bits 63:48 to "TE" (0x5445):
 * those bits are reserved in a TDX module leaf number (TDX_LEAF_RESERVED_
 * MASK), so an unmodified TDX module answers every TETD leaf with an
 * operand error instead of running some other leaf - a TETD-aware guest on
 * a host without the extension learns that, and nothing else happens.
 *
 * Register use per leaf (docs/abi.md has the full table):
 *
 *   TETD_ZONE_SEAL     in:  RCX = zone GPA, RDX = zone size (both exactly
 *                           the zone the image's metadata declares)
 *                      out: RAX status. After success the zone is not in
 *                           the TD's view: every TD access to it is a
 *                           counted violation (reads see no zone data,
 *                           writes change nothing). Once per TD.
 *   TETD_INFO          out: RCX = TETD_INFO_* flags, RDX = zone GPA,
 *                           R8 = zone size, R9 = zone violations so far
 *   TETD_VMM_ENTER     in:  RCX = agent index, RDX = TETD_MODE_*; the call
 *                           buffer is the agent's page from the TETD table
 *                      out: RAX status (the agent's own result is in the
 *                           buffer's status field)
 *   TETD_VMM_RESUME    from the agent world only: RCX = the handler's result
 *                      (the zone dispatcher's host_return issues it)
 *   TETD_AGENT_ACCESS  from the TD: RCX = agent index, RDX = GPA, R8 =
 *                      length, R9 = TETD_GPA_READ (write grants: refused,
 *                      TETD_ST_DENIED); adds a read grant the agent's
 *                      agent_read_gpa() honours; never inside the zone
 *   TETD_AGENT_DISABLE from the agent world, by an agent with TETD_CAP_ADMIN
 *                      only: RCX = index of the agent to disable; from the
 *                      TD: always TETD_ST_DENIED
 */
#ifndef TETD_TETDCALL_H
#define TETD_TETDCALL_H

#define TETD_LEAF_TAG          0x5445ull               /* "TE" */
#define TETD_LEAF(n)           ((TETD_LEAF_TAG << 48) | (n))
#define TETD_IS_LEAF(rax)      (((rax) >> 48) == TETD_LEAF_TAG)

#define TETD_VMM_ENTER         TETD_LEAF(1)
#define TETD_VMM_RESUME        TETD_LEAF(2)
#define TETD_AGENT_ACCESS      TETD_LEAF(3)
#define TETD_AGENT_DISABLE     TETD_LEAF(4)
#define TETD_ZONE_SEAL         TETD_LEAF(5)
#define TETD_INFO              TETD_LEAF(6)

/* TETD_INFO RCX flags */
#define TETD_INFO_HOST         (1ull << 0)  /* a TETD host extension answers */
#define TETD_INFO_ZONE         (1ull << 1)  /* the image declares a zone */
#define TETD_INFO_SEALED       (1ull << 2)  /* ZONE_SEAL done: enforced */

/*
 * Status codes in RAX: 0 is success (TDX_SUCCESS); errors set bit 63 like
 * TDX module statuses, with class 0x5445 in bits 47:32 so they never equal
 * a TDX module code.
 */
#define TETD_STATUS(n)         (0x8000000000000000ull | (TETD_LEAF_TAG << 32) | (n))
#define TETD_ST_UNKNOWN_LEAF    TETD_STATUS(1)   /* not a TETD leaf we know */
#define TETD_ST_NO_ZONE         TETD_STATUS(2)   /* the image declares no zone */
#define TETD_ST_ZONE_MISMATCH   TETD_STATUS(3)   /* RCX/RDX are not the zone */
#define TETD_ST_SEALED          TETD_STATUS(4)   /* already sealed (checked first:
						  * any range, once sealed) */
#define TETD_ST_NOT_SEALED      TETD_STATUS(5)   /* calls need a sealed zone */
#define TETD_ST_BAD_GPA         TETD_STATUS(6)   /* outside the TD or in the zone */
#define TETD_ST_BAD_LEN         TETD_STATUS(7)   /* over a limit, or zero; also a
						  * VMM_ENTER mode that is not
						  * exactly one TETD_MODE_* */
#define TETD_ST_NO_AGENT        TETD_STATUS(8)   /* unknown agent or function */
#define TETD_ST_DISABLED        TETD_STATUS(9)   /* agent disabled */
#define TETD_ST_BUSY            TETD_STATUS(10)  /* re-entry while a call runs */
#define TETD_ST_DENIED          TETD_STATUS(11)  /* caller lacks the capability */
#define TETD_ST_AGENT_FAULT     TETD_STATUS(12)  /* the agent faulted: disabled */

#endif
