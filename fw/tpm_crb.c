/* SPDX-License-Identifier: MIT */
/*
 * fw/tpm_crb.c - the CRB state machine (PTP 6.5.3): request locality 0,
 * then per command cmdReady, write the command, START, wait for START to
 * clear, check the error bit, read the response, whose size comes from
 * its header and is checked against the buffer before any byte past the
 * header is read. A deadline bounds every wait; a command that times out
 * is cancelled. The device is untrusted: registers that promise buffers
 * outside its own window, or sizes that do not fit, are refused.
 */
#include "tpm_crb.h"

static uint32_t rd(const struct tpm_crb *c, uint32_t off)
{
	return c->io->read32(c->io->ctx, c->base + off);
}
static void wr(const struct tpm_crb *c, uint32_t off, uint32_t v)
{
	c->io->write32(c->io->ctx, c->base + off, v);
}

static int err(struct tpm_crb *c, const char *why)
{
	c->why = why;
	return TPM_CRB_ERR;
}

static uint64_t deadline(const struct tpm_crb *c, unsigned ms)
{
	uint64_t per = c->io->ticks_per_ms ? c->io->ticks_per_ms : 1000;
	return c->io->now(c->io->ctx) + per * ms;
}

/* Poll until (reg & mask) == want; 0 on success, -1 at the deadline. When
 * the tick rate is unknown, each poll counts as one tick. */
static int wait_reg(const struct tpm_crb *c, uint32_t off, uint32_t mask, uint32_t want, unsigned ms)
{
	if (c->io->ticks_per_ms) {
		uint64_t end = deadline(c, ms);
		for (;;) {
			if ((rd(c, off) & mask) == want)
				return 0;
			if (c->io->now(c->io->ctx) >= end)
				return (rd(c, off) & mask) == want ? 0 : -1;
		}
	}
	for (uint64_t n = (uint64_t)ms * 1000; n; n--)
		if ((rd(c, off) & mask) == want)
			return 0;
	return -1;
}

int tpm_crb_probe(struct tpm_crb *c, const struct tpm_crb_io *io, uint64_t base)
{
	c->io = io;
	c->base = base;
	c->have_locality = 0;
	c->why = 0;
	c->cmd_pa = c->rsp_pa = 0;
	c->cmd_size = c->rsp_size = 0;
	uint32_t st = rd(c, TPM_CRB_LOC_STATE);
	c->intf_id = rd(c, TPM_CRB_INTF_ID);
	c->intf_id_hi = rd(c, TPM_CRB_INTF_ID_HI);
	/* Nothing there reads as all zeros or all ones. */
	if (st == 0xffffffffu || !(st & TPM_CRB_LOC_STATE_REG_VALID)) {
		c->why = "no TPM register file (tpmRegValidSts clear)";
		return TPM_CRB_ABSENT;
	}
	if ((c->intf_id & TPM_CRB_INTF_TYPE_MASK) != TPM_CRB_INTF_TYPE_CRB ||
	    ((c->intf_id >> TPM_CRB_INTF_VERSION_SHIFT) & 0xf) != TPM_CRB_INTF_VERSION_CRB) {
		c->why = "interface is not CRB (a FIFO/TIS TPM is not supported)";
		return TPM_CRB_ABSENT;
	}
	return TPM_CRB_OK;
}

/* [pa, pa+size) inside [base + DATA_BUFFER, base + LOC_SIZE). */
static int in_window(const struct tpm_crb *c, uint64_t pa, uint32_t size)
{
	uint64_t lo = c->base + TPM_CRB_DATA_BUFFER, hi = c->base + TPM_CRB_LOC_SIZE;
	return pa >= lo && pa <= hi && size <= hi - pa;
}

int tpm_crb_open(struct tpm_crb *c)
{
	const uint32_t mine = TPM_CRB_LOC_STATE_ASSIGNED | TPM_CRB_LOC_STATE_REG_VALID;
	const uint32_t mask = mine | TPM_CRB_LOC_STATE_ACTIVE_MASK;
	wr(c, TPM_CRB_LOC_CTRL, TPM_CRB_LOC_CTRL_REQUEST);
	if (wait_reg(c, TPM_CRB_LOC_STATE, mask, mine, TPM_CRB_TIMEOUT_A_MS) != 0 ||
	    !(rd(c, TPM_CRB_LOC_STS) & TPM_CRB_LOC_STS_GRANTED))
		return err(c, "locality 0 not granted within TIMEOUT_A");
	c->have_locality = 1;

	c->cmd_size = rd(c, TPM_CRB_CTRL_CMD_SIZE);
	c->cmd_pa = (uint64_t)rd(c, TPM_CRB_CTRL_CMD_HADDR) << 32 | rd(c, TPM_CRB_CTRL_CMD_LADDR);
	c->rsp_size = rd(c, TPM_CRB_CTRL_RSP_SIZE);
	c->rsp_pa = (uint64_t)rd(c, TPM_CRB_CTRL_RSP_ADDR + 4) << 32 | rd(c, TPM_CRB_CTRL_RSP_ADDR);
	if (c->cmd_size < 10 || c->rsp_size < 10)
		return err(c, "command or response buffer smaller than a TPM header");
	if (!in_window(c, c->cmd_pa, c->cmd_size) || !in_window(c, c->rsp_pa, c->rsp_size))
		return err(c, "command/response buffer outside the CRB's own 4 KiB window");
	return TPM_CRB_OK;
}

static int cmd_ready(struct tpm_crb *c)
{
	if (rd(c, TPM_CRB_CTRL_STS) & TPM_CRB_STS_ERROR)
		return err(c, "TPM reports a fatal error (CRB_CTRL_STS.tpmSts)");
	wr(c, TPM_CRB_CTRL_REQ, TPM_CRB_REQ_CMD_READY);
	if (wait_reg(c, TPM_CRB_CTRL_REQ, TPM_CRB_REQ_CMD_READY, 0, TPM_CRB_TIMEOUT_C_MS) != 0)
		return err(c, "cmdReady not acknowledged within TIMEOUT_C");
	if (rd(c, TPM_CRB_CTRL_STS) & (TPM_CRB_STS_IDLE | TPM_CRB_STS_ERROR))
		return err(c, "TPM still idle (or failed) after cmdReady");
	return TPM_CRB_OK;
}

int tpm_crb_xfer(struct tpm_crb *c, const uint8_t *cmd, size_t len, uint8_t *rsp, size_t cap,
		 size_t *rsp_len)
{
	const struct tpm_crb_io *io = c->io;
	*rsp_len = 0;
	if (!c->have_locality)
		return err(c, "locality 0 not held");
	if (len < 10 || len > c->cmd_size)
		return err(c, "command larger than the CRB command buffer");
	if (cap < 10)
		return err(c, "response buffer smaller than a TPM header");
	if (cmd_ready(c) != TPM_CRB_OK)
		return TPM_CRB_ERR;
	for (size_t i = 0; i < len; i++)
		io->write8(io->ctx, c->cmd_pa + i, cmd[i]);
	wr(c, TPM_CRB_CTRL_START, TPM_CRB_START);
	if (wait_reg(c, TPM_CRB_CTRL_START, TPM_CRB_START, 0, TPM_CRB_CMD_MS) != 0) {
		wr(c, TPM_CRB_CTRL_CANCEL, TPM_CRB_CANCEL);
		wait_reg(c, TPM_CRB_CTRL_START, TPM_CRB_START, 0, TPM_CRB_TIMEOUT_B_MS);
		wr(c, TPM_CRB_CTRL_CANCEL, 0);
		return err(c, "command not completed in time (cancelled)");
	}
	if (rd(c, TPM_CRB_CTRL_STS) & TPM_CRB_STS_ERROR)
		return err(c, "TPM reports a fatal error after the command");
	for (size_t i = 0; i < 10; i++)
		rsp[i] = io->read8(io->ctx, c->rsp_pa + i);
	uint32_t size = (uint32_t)rsp[2] << 24 | (uint32_t)rsp[3] << 16 | (uint32_t)rsp[4] << 8 | rsp[5];
	if (size < 10)
		return err(c, "response size smaller than its header");
	if (size > c->rsp_size)
		return err(c, "response size larger than the CRB response buffer");
	if (size > cap)
		return err(c, "response larger than the firmware accepts");
	for (size_t i = 10; i < size; i++)
		rsp[i] = io->read8(io->ctx, c->rsp_pa + i);
	*rsp_len = size;
	return TPM_CRB_OK;
}

int tpm_crb_close(struct tpm_crb *c)
{
	int rc = TPM_CRB_OK;
	if (!c->have_locality)
		return rc;
	wr(c, TPM_CRB_CTRL_REQ, TPM_CRB_REQ_GO_IDLE);
	if (wait_reg(c, TPM_CRB_CTRL_REQ, TPM_CRB_REQ_GO_IDLE, 0, TPM_CRB_TIMEOUT_C_MS) != 0)
		rc = err(c, "goIdle not acknowledged within TIMEOUT_C");
	wr(c, TPM_CRB_LOC_CTRL, TPM_CRB_LOC_CTRL_RELINQUISH);
	if (wait_reg(c, TPM_CRB_LOC_STATE, TPM_CRB_LOC_STATE_ASSIGNED, 0, TPM_CRB_TIMEOUT_A_MS) != 0)
		rc = err(c, "locality 0 not relinquished within TIMEOUT_A");
	c->have_locality = 0;
	return rc;
}
