/* SPDX-License-Identifier: MIT */
/*
 * fw/tpm_crb.h - the TPM 2.0 Command Response Buffer interface, locality 0
 * (TCG PC Client Platform TPM Profile (PTP) Specification for TPM 2.0,
 * section 6.5 "CRB Interface"; register map in its table "CRB Interface
 * Registers"). The register file is reached through an I/O table, so the
 * state machine runs unchanged against the MMIO window in the firmware
 * and against a simulated register file in tests/unit/test_tpm_crb.c.
 * Every wait is bounded by a TSC deadline.
 */
#ifndef FW_TPM_CRB_H
#define FW_TPM_CRB_H
#include <stddef.h>
#include <stdint.h>

#define TPM_CRB_BASE 0xFED40000ull /* locality 0 (PTP: FED4_0000h + 1000h * locality) */

/* Locality 0 register offsets (PTP table "CRB Interface Registers"). */
#define TPM_CRB_LOC_STATE     0x00u
#define TPM_CRB_LOC_CTRL      0x08u
#define TPM_CRB_LOC_STS       0x0Cu
#define TPM_CRB_INTF_ID       0x30u
#define TPM_CRB_INTF_ID_HI    0x34u
#define TPM_CRB_CTRL_REQ      0x40u
#define TPM_CRB_CTRL_STS      0x44u
#define TPM_CRB_CTRL_CANCEL   0x48u
#define TPM_CRB_CTRL_START    0x4Cu
#define TPM_CRB_CTRL_CMD_SIZE 0x58u
#define TPM_CRB_CTRL_CMD_LADDR 0x5Cu
#define TPM_CRB_CTRL_CMD_HADDR 0x60u
#define TPM_CRB_CTRL_RSP_SIZE 0x64u
#define TPM_CRB_CTRL_RSP_ADDR 0x68u /* 64-bit: low at 0x68, high at 0x6C */
#define TPM_CRB_DATA_BUFFER   0x80u
#define TPM_CRB_LOC_SIZE      0x1000u

/* Bits */
#define TPM_CRB_LOC_STATE_ESTABLISHED (1u << 0)
#define TPM_CRB_LOC_STATE_ASSIGNED    (1u << 1)
#define TPM_CRB_LOC_STATE_ACTIVE_MASK (7u << 2)
#define TPM_CRB_LOC_STATE_REG_VALID   (1u << 7)
#define TPM_CRB_LOC_CTRL_REQUEST      (1u << 0)
#define TPM_CRB_LOC_CTRL_RELINQUISH   (1u << 1)
#define TPM_CRB_LOC_STS_GRANTED       (1u << 0)
#define TPM_CRB_INTF_TYPE_MASK        0xFu
#define TPM_CRB_INTF_TYPE_CRB         0x1u
#define TPM_CRB_INTF_VERSION_SHIFT    4
#define TPM_CRB_INTF_VERSION_CRB      0x1u
#define TPM_CRB_REQ_CMD_READY         (1u << 0)
#define TPM_CRB_REQ_GO_IDLE           (1u << 1)
#define TPM_CRB_STS_ERROR             (1u << 0)
#define TPM_CRB_STS_IDLE              (1u << 1)
#define TPM_CRB_START                 (1u << 0)
#define TPM_CRB_CANCEL                (1u << 0)

/* Timeouts (ms). PTP table "Timeouts": TIMEOUT_A 750 (locality), TIMEOUT_B
 * 2000 (cancel), TIMEOUT_C 200 (cmdReady/goIdle). A command gets
 * TPM_CRB_CMD_MS: above every duration PTP lists for the commands sent
 * here (no key generation), with room for an emulator on a busy host. */
#define TPM_CRB_TIMEOUT_A_MS 750u
#define TPM_CRB_TIMEOUT_B_MS 2000u
#define TPM_CRB_TIMEOUT_C_MS 200u
#define TPM_CRB_CMD_MS       10000u

/* Register and buffer access, and a clock. Addresses are physical. */
struct tpm_crb_io {
	void *ctx;
	uint32_t (*read32)(void *ctx, uint64_t pa);
	void (*write32)(void *ctx, uint64_t pa, uint32_t v);
	uint8_t (*read8)(void *ctx, uint64_t pa);
	void (*write8)(void *ctx, uint64_t pa, uint8_t v);
	uint64_t (*now)(void *ctx); /* monotonic ticks */
	uint64_t ticks_per_ms;      /* 0: unknown; then 1000 polls count as 1 ms */
};

struct tpm_crb {
	const struct tpm_crb_io *io;
	uint64_t base;
	uint32_t intf_id, intf_id_hi;
	uint64_t cmd_pa, rsp_pa;
	uint32_t cmd_size, rsp_size;
	int have_locality;
	const char *why; /* the last failure, for the console */
};

enum { TPM_CRB_OK = 0, TPM_CRB_ABSENT = 1, TPM_CRB_ERR = -1 };

/* Is a CRB TPM (interface type CRB active, version 1) at base? OK or
 * ABSENT; reads registers only. */
int tpm_crb_probe(struct tpm_crb *c, const struct tpm_crb_io *io, uint64_t base);
/* Request locality 0 and read the buffer registers. The buffers must lie
 * in the locality's own 4 KiB window after the registers: the firmware
 * writes commands where the device says, so it must not be able to point
 * them at firmware memory. */
int tpm_crb_open(struct tpm_crb *c);
/* One command/response round trip. rsp receives at most cap bytes; a
 * response larger than cap or than the response buffer is an error. */
int tpm_crb_xfer(struct tpm_crb *c, const uint8_t *cmd, size_t len, uint8_t *rsp, size_t cap,
		 size_t *rsp_len);
/* goIdle and relinquish locality 0: the state the OS driver expects. */
int tpm_crb_close(struct tpm_crb *c);
#endif
