/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_tpm2_rsp.c - the TPM response path: fw/tpm2.c's parsers
 * and fw/tpm_crb.c's transfer, with everything the TPM controls taken
 * from the input.
 *
 * Input: byte 0 selects the mode.
 *   bit 7 clear: the rest is one response, given to every parser (PCR_Read
 *     asks for bank byte0 & 1 ? SHA-384 : SHA-256, PCR byte0 >> 2 & 31).
 *     A parser that accepts must have checked the size field, and its
 *     outputs must be sane (at most 8 banks; a digest copied only then).
 *   bit 7 set: a CRB register file. Bytes 1..36 are, little-endian u32:
 *     LOC_STATE, INTF_ID, CTRL_STS, CMD_SIZE, CMD_LADDR, CMD_HADDR,
 *     RSP_SIZE, RSP_ADDR, RSP_ADDR_HI; byte 37: grant locality (bit 0),
 *     acknowledge cmdReady (bit 1), polls until START clears (bits 2..7;
 *     63 = never). The rest is the TPM's response, placed at RSP_ADDR when
 *     that lies in the window. probe/open/xfer/close must never touch
 *     memory outside the 4 KiB window, must return a response no larger
 *     than the caller's buffer and the CRB's, and must end (bounded polls).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tpm2.h"
#include "tpm_crb.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)
#define BASE 0xFED40000ull

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void parsers(uint8_t sel, const uint8_t *r, size_t n)
{
	struct tpm2_banks b;
	uint8_t d[64], keep[64];
	uint32_t rc;
	const char *why;
	uint16_t alg = sel & 1 ? TPM2_ALG_SHA384 : TPM2_ALG_SHA256;
	uint32_t pcr = (sel >> 2) & 31;

	if (tpm2_rsp_header(r, n, TPM2_ST_NO_SESSIONS, &rc, &why) == 0)
		CHECK(n >= TPM2_HDR_SIZE && be32(r + 2) == n);
	if (tpm2_rsp_startup(r, n, &rc, &why) == 0)
		CHECK(n == TPM2_HDR_SIZE);
	if (tpm2_rsp_get_pcrs(r, n, &b, &rc, &why) == 0) {
		CHECK(be32(r + 2) == n);
		if (rc == 0)
			CHECK(b.n <= TPM2_MAX_BANKS);
	}
	if (tpm2_rsp_pcr_extend(r, n, &rc, &why) == 0)
		CHECK(be32(r + 2) == n);
	memset(d, 0xa5, sizeof(d));
	memcpy(keep, d, sizeof(d));
	int p = tpm2_rsp_pcr_read(r, n, alg, pcr, d, &rc, &why);
	if (p != 0 || rc != 0)
		CHECK(memcmp(d, keep, sizeof(d)) == 0); /* untouched unless accepted */
	else
		CHECK(pcr < TPM2_NUM_PCRS && memcmp(d, r + n - tpm2_digest_size(alg),
						   tpm2_digest_size(alg)) == 0);
}

/* ---- a fuzzed CRB ---- */

static struct {
	uint8_t win[TPM_CRB_LOC_SIZE];
	uint64_t ticks;
	int grant, ack;
	unsigned polls_to_complete, polls;
} C;

static uint32_t off_of(uint64_t pa)
{
	CHECK(pa >= BASE && pa < BASE + TPM_CRB_LOC_SIZE);
	return (uint32_t)(pa - BASE);
}
static uint32_t c_read32(void *ctx, uint64_t pa)
{
	(void)ctx;
	uint32_t off = off_of(pa);
	CHECK(off + 4 <= TPM_CRB_LOC_SIZE);
	C.ticks++;
	if (off == TPM_CRB_CTRL_START && C.polls_to_complete != 63 && ++C.polls >= C.polls_to_complete)
		memset(C.win + off, 0, 4);
	return le32(C.win + off);
}
static void c_write32(void *ctx, uint64_t pa, uint32_t v)
{
	(void)ctx;
	uint32_t off = off_of(pa);
	CHECK(off + 4 <= TPM_CRB_LOC_SIZE && off < TPM_CRB_DATA_BUFFER);
	if (off == TPM_CRB_LOC_CTRL && v == TPM_CRB_LOC_CTRL_REQUEST && C.grant) {
		C.win[TPM_CRB_LOC_STATE] = (uint8_t)((C.win[TPM_CRB_LOC_STATE] | TPM_CRB_LOC_STATE_ASSIGNED) &
						     ~TPM_CRB_LOC_STATE_ACTIVE_MASK);
		C.win[TPM_CRB_LOC_STS] |= TPM_CRB_LOC_STS_GRANTED;
	} else if (off == TPM_CRB_CTRL_REQ) {
		if (C.ack)
			memset(C.win + off, 0, 4);
		else
			memcpy(C.win + off, &v, 4);
	} else if (off == TPM_CRB_CTRL_START) {
		C.polls = 0;
		memcpy(C.win + off, &v, 4);
	}
}
static uint8_t c_read8(void *ctx, uint64_t pa)
{
	(void)ctx;
	return C.win[off_of(pa)];
}
static void c_write8(void *ctx, uint64_t pa, uint8_t v)
{
	(void)ctx;
	uint32_t off = off_of(pa);
	CHECK(off >= TPM_CRB_DATA_BUFFER); /* commands never land on registers */
	C.win[off] = v;
}
static uint64_t c_now(void *ctx)
{
	(void)ctx;
	return C.ticks;
}

static void crb(const uint8_t *data, size_t size)
{
	static const struct tpm_crb_io io = { 0, c_read32, c_write32, c_read8, c_write8, c_now, 1 };
	static const uint8_t cmd[12] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x44, 0, 0 };
	static const uint32_t regs[9] = {
		TPM_CRB_LOC_STATE, TPM_CRB_INTF_ID, TPM_CRB_CTRL_STS, TPM_CRB_CTRL_CMD_SIZE,
		TPM_CRB_CTRL_CMD_LADDR, TPM_CRB_CTRL_CMD_HADDR, TPM_CRB_CTRL_RSP_SIZE,
		TPM_CRB_CTRL_RSP_ADDR, TPM_CRB_CTRL_RSP_ADDR + 4,
	};
	struct tpm_crb c;
	uint8_t rsp[512];
	size_t n = 0;
	if (size < 1 + 36 + 1)
		return;
	memset(&C, 0, sizeof(C));
	for (unsigned i = 0; i < 9; i++)
		memcpy(C.win + regs[i], data + 1 + 4 * i, 4);
	uint8_t f = data[37];
	C.grant = f & 1, C.ack = (f >> 1) & 1, C.polls_to_complete = f >> 2;
	uint32_t rsp_addr = le32(C.win + TPM_CRB_CTRL_RSP_ADDR);
	size_t rest = size - 38;
	if (rsp_addr >= BASE + TPM_CRB_DATA_BUFFER && rsp_addr < BASE + TPM_CRB_LOC_SIZE) {
		size_t room = BASE + TPM_CRB_LOC_SIZE - rsp_addr;
		memcpy(C.win + (rsp_addr - BASE), data + 38, rest < room ? rest : room);
	}
	if (tpm_crb_probe(&c, &io, BASE) != TPM_CRB_OK)
		return;
	if (tpm_crb_open(&c) == TPM_CRB_OK) {
		CHECK(c.cmd_pa >= BASE + TPM_CRB_DATA_BUFFER && c.cmd_pa + c.cmd_size <= BASE + TPM_CRB_LOC_SIZE);
		CHECK(c.rsp_pa >= BASE + TPM_CRB_DATA_BUFFER && c.rsp_pa + c.rsp_size <= BASE + TPM_CRB_LOC_SIZE);
		if (tpm_crb_xfer(&c, cmd, sizeof(cmd), rsp, sizeof(rsp), &n) == TPM_CRB_OK) {
			CHECK(n >= 10 && n <= sizeof(rsp) && n <= c.rsp_size && be32(rsp + 2) == n);
			parsers(data[0], rsp, n);
		} else {
			CHECK(n == 0);
		}
	}
	tpm_crb_close(&c);
	/* every wait is bounded: command + cancel + a few handshakes */
	CHECK(C.ticks < 2 * (TPM_CRB_CMD_MS + TPM_CRB_TIMEOUT_B_MS + 4 * TPM_CRB_TIMEOUT_A_MS));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 0x80) {
		crb(data, size);
	} else {
		/* a private copy, exactly size bytes: ASan sees any overread */
		uint8_t *r = malloc(size - 1 ? size - 1 : 1);
		memcpy(r, data + 1, size - 1);
		parsers(data[0], r, size - 1);
		free(r);
	}
	return 0;
}
