/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test_tpm_crb.c - fw/tpm_crb.c against a simulated CRB
 * register file (PTP 6.5): a 4 KiB locality-0 window whose registers
 * react to writes the way the PTP describes (and QEMU's tpm-crb
 * implements), with knobs for a TPM that never grants the locality,
 * never acknowledges cmdReady, never completes, reports a fatal error,
 * answers with a size larger than its buffer or the caller's, or points
 * its buffers outside the window. Every access the driver makes is
 * checked to stay inside the window, and every wait to end within its
 * timeout (the clock advances one tick per read; 1 tick = 1 ms).
 */
#include "unit_util.h"
#include "tpm_crb.h"

#define BASE 0xFED40000ull

struct sim {
	uint8_t win[TPM_CRB_LOC_SIZE];
	uint64_t ticks;
	/* behaviour */
	int absent_ff, grant, ack_ready, fatal_on_start;
	long polls_to_complete; /* -1: never */
	uint8_t rsp[4096];
	size_t rsp_len;
	/* observations */
	uint8_t cmd_seen[4096];
	size_t cmd_seen_len;
	int started, cancelled, went_idle, relinquished;
	uint32_t max_rsp_read; /* highest response-buffer offset read, +1 */
	long polls;
};

static uint32_t reg(struct sim *s, uint32_t off)
{
	return unit_le32(s->win + off);
}
static void set_reg(struct sim *s, uint32_t off, uint32_t v)
{
	memcpy(s->win + off, &v, 4);
}

static uint32_t off_of(uint64_t pa)
{
	if (pa < BASE || pa >= BASE + TPM_CRB_LOC_SIZE)
		fail_msg("access at 0x%llx outside the CRB window", (unsigned long long)pa);
	return (uint32_t)(pa - BASE);
}

static void complete(struct sim *s)
{
	uint32_t rsp_off = reg(s, TPM_CRB_CTRL_RSP_ADDR) - (uint32_t)BASE;
	memcpy(s->win + rsp_off, s->rsp, s->rsp_len);
	set_reg(s, TPM_CRB_CTRL_START, 0);
}

static uint32_t sim_read32(void *ctx, uint64_t pa)
{
	struct sim *s = ctx;
	uint32_t off = off_of(pa);
	assert_int_equal(off % 4, 0);
	s->ticks++;
	if (s->absent_ff)
		return 0xffffffffu;
	if (off == TPM_CRB_CTRL_START && (reg(s, off) & TPM_CRB_START)) {
		s->polls++;
		if (s->polls_to_complete >= 0 && s->polls >= s->polls_to_complete)
			complete(s);
	}
	return reg(s, off);
}

static void sim_write32(void *ctx, uint64_t pa, uint32_t v)
{
	struct sim *s = ctx;
	uint32_t off = off_of(pa);
	assert_int_equal(off % 4, 0);
	switch (off) {
	case TPM_CRB_LOC_CTRL:
		if (v == TPM_CRB_LOC_CTRL_REQUEST && s->grant) {
			set_reg(s, TPM_CRB_LOC_STATE, reg(s, TPM_CRB_LOC_STATE) | TPM_CRB_LOC_STATE_ASSIGNED);
			set_reg(s, TPM_CRB_LOC_STS, TPM_CRB_LOC_STS_GRANTED);
		} else if (v == TPM_CRB_LOC_CTRL_RELINQUISH) {
			set_reg(s, TPM_CRB_LOC_STATE, reg(s, TPM_CRB_LOC_STATE) & ~TPM_CRB_LOC_STATE_ASSIGNED);
			set_reg(s, TPM_CRB_LOC_STS, 0);
			s->relinquished++;
		}
		break;
	case TPM_CRB_CTRL_REQ:
		if (v == TPM_CRB_REQ_CMD_READY && s->ack_ready) {
			set_reg(s, TPM_CRB_CTRL_STS, reg(s, TPM_CRB_CTRL_STS) & ~TPM_CRB_STS_IDLE);
		} else if (v == TPM_CRB_REQ_GO_IDLE) {
			set_reg(s, TPM_CRB_CTRL_STS, reg(s, TPM_CRB_CTRL_STS) | TPM_CRB_STS_IDLE);
			s->went_idle++;
		} else {
			set_reg(s, off, v); /* stays pending: never acknowledged */
		}
		break;
	case TPM_CRB_CTRL_START:
		if (v & TPM_CRB_START) {
			s->started++;
			uint32_t cmd_off = reg(s, TPM_CRB_CTRL_CMD_LADDR) - (uint32_t)BASE;
			uint32_t n = (uint32_t)s->win[cmd_off + 2] << 24 | (uint32_t)s->win[cmd_off + 3] << 16 |
				     (uint32_t)s->win[cmd_off + 4] << 8 | s->win[cmd_off + 5];
			assert_true(n <= sizeof(s->cmd_seen));
			memcpy(s->cmd_seen, s->win + cmd_off, n);
			s->cmd_seen_len = n;
			set_reg(s, off, TPM_CRB_START);
			s->polls = 0;
			if (s->fatal_on_start) {
				set_reg(s, TPM_CRB_CTRL_STS, reg(s, TPM_CRB_CTRL_STS) | TPM_CRB_STS_ERROR);
				set_reg(s, off, 0);
			} else if (s->polls_to_complete == 0) {
				complete(s);
			}
		}
		break;
	case TPM_CRB_CTRL_CANCEL:
		if (v == TPM_CRB_CANCEL)
			s->cancelled++;
		break;
	default:
		fail_msg("write to register 0x%x", off);
	}
}

static uint8_t sim_read8(void *ctx, uint64_t pa)
{
	struct sim *s = ctx;
	uint32_t off = off_of(pa);
	uint32_t rsp_off = reg(s, TPM_CRB_CTRL_RSP_ADDR) - (uint32_t)BASE;
	if (off >= rsp_off && off - rsp_off + 1 > s->max_rsp_read)
		s->max_rsp_read = off - rsp_off + 1;
	return s->win[off];
}

static void sim_write8(void *ctx, uint64_t pa, uint8_t v)
{
	struct sim *s = ctx;
	uint32_t off = off_of(pa);
	assert_true(off >= TPM_CRB_DATA_BUFFER);
	s->win[off] = v;
}

static uint64_t sim_now(void *ctx)
{
	return ((struct sim *)ctx)->ticks;
}

static struct sim S;
static struct tpm_crb_io IO = { &S, sim_read32, sim_write32, sim_read8, sim_write8, sim_now, 1 };

/* QEMU's reset state: CRB active, version 1, buffers at +0x80, 3968 bytes. */
static void sim_reset(void)
{
	memset(&S, 0, sizeof(S));
	set_reg(&S, TPM_CRB_LOC_STATE, TPM_CRB_LOC_STATE_REG_VALID);
	set_reg(&S, TPM_CRB_INTF_ID, 0x1u | 0x1u << 4 | 1u << 14 | 1u << 17);
	set_reg(&S, TPM_CRB_INTF_ID_HI, 0x1014);
	set_reg(&S, TPM_CRB_CTRL_STS, TPM_CRB_STS_IDLE);
	set_reg(&S, TPM_CRB_CTRL_CMD_SIZE, 0xf80);
	set_reg(&S, TPM_CRB_CTRL_CMD_LADDR, (uint32_t)BASE + 0x80);
	set_reg(&S, TPM_CRB_CTRL_RSP_SIZE, 0xf80);
	set_reg(&S, TPM_CRB_CTRL_RSP_ADDR, (uint32_t)BASE + 0x80);
	S.grant = 1, S.ack_ready = 1, S.polls_to_complete = 3;
	/* TPM2_Startup's success answer */
	S.rsp_len = unit_unhex("8001 0000000a 00000000", S.rsp, sizeof(S.rsp));
	IO.ticks_per_ms = 1;
}

static const uint8_t STARTUP[12] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x44, 0, 0 };

static void open_ok(struct tpm_crb *c)
{
	assert_int_equal(tpm_crb_probe(c, &IO, BASE), TPM_CRB_OK);
	assert_int_equal(tpm_crb_open(c), TPM_CRB_OK);
}

static void test_probe(void **state)
{
	(void)state;
	struct tpm_crb c;
	sim_reset();
	assert_int_equal(tpm_crb_probe(&c, &IO, BASE), TPM_CRB_OK);
	assert_int_equal(c.intf_id_hi & 0xffff, 0x1014);
	/* nothing there: zeros, or all ones */
	sim_reset();
	memset(S.win, 0, sizeof(S.win));
	assert_int_equal(tpm_crb_probe(&c, &IO, BASE), TPM_CRB_ABSENT);
	sim_reset();
	S.absent_ff = 1;
	assert_int_equal(tpm_crb_probe(&c, &IO, BASE), TPM_CRB_ABSENT);
	/* a FIFO (TIS) TPM at the same address: not ours */
	sim_reset();
	set_reg(&S, TPM_CRB_INTF_ID, 0x0u | 1u << 13);
	assert_int_equal(tpm_crb_probe(&c, &IO, BASE), TPM_CRB_ABSENT);
	assert_non_null(strstr(c.why, "not CRB"));
	/* CRB type with an unknown interface version */
	sim_reset();
	set_reg(&S, TPM_CRB_INTF_ID, 0x1u | 0x2u << 4);
	assert_int_equal(tpm_crb_probe(&c, &IO, BASE), TPM_CRB_ABSENT);
	/* probing writes nothing */
	assert_int_equal(S.started + S.relinquished + S.went_idle, 0);
}

static void test_round_trip(void **state)
{
	(void)state;
	struct tpm_crb c;
	uint8_t rsp[64];
	size_t n = 99;
	sim_reset();
	open_ok(&c);
	assert_int_equal(c.cmd_pa, BASE + 0x80);
	assert_int_equal(c.rsp_size, 0xf80);
	assert_int_equal(tpm_crb_xfer(&c, STARTUP, sizeof(STARTUP), rsp, sizeof(rsp), &n), TPM_CRB_OK);
	assert_int_equal(S.started, 1);
	assert_int_equal(S.cmd_seen_len, sizeof(STARTUP));
	assert_memory_equal(S.cmd_seen, STARTUP, sizeof(STARTUP));
	assert_int_equal(n, 10);
	assert_memory_equal(rsp, S.rsp, 10);
	assert_int_equal(S.max_rsp_read, 10); /* no byte past the response */
	/* a second command, a longer answer */
	S.rsp_len = unit_unhex("8001 00000013 00000000 00000000 0000 01 0000", S.rsp, sizeof(S.rsp));
	S.max_rsp_read = 0;
	assert_int_equal(tpm_crb_xfer(&c, STARTUP, sizeof(STARTUP), rsp, sizeof(rsp), &n), TPM_CRB_OK);
	assert_int_equal(n, 19);
	assert_memory_equal(rsp, S.rsp, 19);
	assert_int_equal(S.max_rsp_read, 19);
	/* hand-over: idle, locality released */
	assert_int_equal(tpm_crb_close(&c), TPM_CRB_OK);
	assert_int_equal(S.went_idle, 1);
	assert_int_equal(S.relinquished, 1);
	assert_int_equal(reg(&S, TPM_CRB_LOC_STATE) & TPM_CRB_LOC_STATE_ASSIGNED, 0);
	/* no locality, no command */
	assert_int_equal(tpm_crb_xfer(&c, STARTUP, sizeof(STARTUP), rsp, sizeof(rsp), &n), TPM_CRB_ERR);
	assert_int_equal(S.started, 2);
}

static void test_locality_never_granted(void **state)
{
	(void)state;
	struct tpm_crb c;
	uint8_t rsp[64];
	size_t n;
	sim_reset();
	S.grant = 0;
	assert_int_equal(tpm_crb_probe(&c, &IO, BASE), TPM_CRB_OK);
	uint64_t t0 = S.ticks;
	assert_int_equal(tpm_crb_open(&c), TPM_CRB_ERR);
	assert_non_null(strstr(c.why, "locality"));
	/* gave up after TIMEOUT_A, not much later */
	assert_true(S.ticks - t0 >= TPM_CRB_TIMEOUT_A_MS);
	assert_true(S.ticks - t0 <= TPM_CRB_TIMEOUT_A_MS + 10);
	assert_int_equal(tpm_crb_xfer(&c, STARTUP, sizeof(STARTUP), rsp, sizeof(rsp), &n), TPM_CRB_ERR);
	assert_int_equal(S.started, 0);
}

static void test_buffers_outside_window(void **state)
{
	(void)state;
	struct tpm_crb c;
	static const struct {
		uint32_t off, reg, val;
	} bad[] = {
		{ 0, TPM_CRB_CTRL_CMD_LADDR, 0x00800000 },                 /* firmware RAM */
		{ 0, TPM_CRB_CTRL_RSP_ADDR, 0x00800000 },
		{ 0, TPM_CRB_CTRL_CMD_LADDR, (uint32_t)BASE + 0x40 },      /* over the registers */
		{ 0, TPM_CRB_CTRL_CMD_LADDR, (uint32_t)BASE + 0x100 },     /* 0xf80 bytes run past */
		{ 0, TPM_CRB_CTRL_RSP_SIZE, 0xf81 },
		{ 0, TPM_CRB_CTRL_CMD_SIZE, 0xffffffff },
		{ 0, TPM_CRB_CTRL_CMD_HADDR, 1 },                           /* above 4 GiB */
		{ 0, TPM_CRB_CTRL_RSP_ADDR + 4, 0xffffffff },
		{ 0, TPM_CRB_CTRL_CMD_SIZE, 9 },                            /* < a header */
		{ 0, TPM_CRB_CTRL_RSP_SIZE, 0 },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sim_reset();
		set_reg(&S, bad[i].reg, bad[i].val);
		assert_int_equal(tpm_crb_probe(&c, &IO, BASE), TPM_CRB_OK);
		if (tpm_crb_open(&c) != TPM_CRB_ERR)
			fail_msg("case %u: register 0x%x = 0x%x accepted", i, bad[i].reg, bad[i].val);
	}
	/* the largest legal buffers are fine */
	sim_reset();
	open_ok(&c);
}

static void test_command_timeout(void **state)
{
	(void)state;
	struct tpm_crb c;
	uint8_t rsp[64];
	size_t n = 99;
	sim_reset();
	open_ok(&c);
	S.polls_to_complete = -1;
	uint64_t t0 = S.ticks;
	assert_int_equal(tpm_crb_xfer(&c, STARTUP, sizeof(STARTUP), rsp, sizeof(rsp), &n), TPM_CRB_ERR);
	assert_non_null(strstr(c.why, "not completed in time"));
	assert_int_equal(S.cancelled, 1);
	assert_int_equal(n, 0);
	uint64_t spent = S.ticks - t0;
	assert_true(spent >= TPM_CRB_CMD_MS);
	assert_true(spent <= TPM_CRB_CMD_MS + TPM_CRB_TIMEOUT_B_MS + TPM_CRB_TIMEOUT_C_MS + 20);
	assert_int_equal(S.max_rsp_read, 0); /* nothing read from a TPM that never answered */
}

static void test_no_tick_rate(void **state)
{
	(void)state;
	struct tpm_crb c;
	uint8_t rsp[64];
	size_t n;
	sim_reset();
	IO.ticks_per_ms = 0; /* counts polls: 1000 per ms */
	open_ok(&c);
	assert_int_equal(tpm_crb_xfer(&c, STARTUP, sizeof(STARTUP), rsp, sizeof(rsp), &n), TPM_CRB_OK);
	S.polls_to_complete = -1;
	long p0 = S.polls;
	(void)p0;
	assert_int_equal(tpm_crb_xfer(&c, STARTUP, sizeof(STARTUP), rsp, sizeof(rsp), &n), TPM_CRB_ERR);
	assert_true(S.polls <= (long)TPM_CRB_CMD_MS * 1000 + (long)TPM_CRB_TIMEOUT_B_MS * 1000 + 2);
	IO.ticks_per_ms = 1;
}

static void test_cmd_ready_never(void **state)
{
	(void)state;
	struct tpm_crb c;
	uint8_t rsp[64];
	size_t n;
	sim_reset();
	S.ack_ready = 0;
	open_ok(&c);
	assert_int_equal(tpm_crb_xfer(&c, STARTUP, sizeof(STARTUP), rsp, sizeof(rsp), &n), TPM_CRB_ERR);
	assert_non_null(strstr(c.why, "cmdReady"));
	assert_int_equal(S.started, 0);
}

static void test_fatal_error(void **state)
{
	(void)state;
	struct tpm_crb c;
	uint8_t rsp[64];
	size_t n;
	sim_reset();
	open_ok(&c);
	S.fatal_on_start = 1;
	assert_int_equal(tpm_crb_xfer(&c, STARTUP, sizeof(STARTUP), rsp, sizeof(rsp), &n), TPM_CRB_ERR);
	assert_non_null(strstr(c.why, "fatal error"));
	assert_int_equal(S.max_rsp_read, 0);
	/* and the next command is refused before START */
	S.fatal_on_start = 0;
	assert_int_equal(tpm_crb_xfer(&c, STARTUP, sizeof(STARTUP), rsp, sizeof(rsp), &n), TPM_CRB_ERR);
	assert_int_equal(S.started, 1);
}

static void test_response_sizes(void **state)
{
	(void)state;
	struct tpm_crb c;
	uint8_t rsp[64];
	size_t n;
	static const char *const bad[] = {
		"8001 00000f81 00000000", /* larger than the CRB response buffer */
		"8001 ffffffff 00000000", /* 4 GiB */
		"8001 00000041 00000000", /* 65 bytes: larger than the caller's 64 */
		"8001 00000009 00000000", /* smaller than a header */
		"8001 00000000 00000000",
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sim_reset();
		open_ok(&c);
		S.rsp_len = unit_unhex(bad[i], S.rsp, sizeof(S.rsp));
		n = 99;
		memset(rsp + 10, 0x5a, sizeof(rsp) - 10);
		if (tpm_crb_xfer(&c, STARTUP, sizeof(STARTUP), rsp, sizeof(rsp), &n) != TPM_CRB_ERR)
			fail_msg("response %u (%s) accepted", i, bad[i]);
		assert_int_equal(n, 0);
		assert_int_equal(S.max_rsp_read, 10); /* the header only */
		for (unsigned k = 10; k < sizeof(rsp); k++)
			assert_int_equal(rsp[k], 0x5a);
	}
	/* exactly the caller's capacity is fine */
	sim_reset();
	open_ok(&c);
	S.rsp_len = unit_unhex("8001 00000040 00000000", S.rsp, sizeof(S.rsp));
	assert_int_equal(tpm_crb_xfer(&c, STARTUP, sizeof(STARTUP), rsp, sizeof(rsp), &n), TPM_CRB_OK);
	assert_int_equal(n, 64);
}

static void test_command_too_long(void **state)
{
	(void)state;
	struct tpm_crb c;
	uint8_t rsp[64], big[0xf81];
	size_t n;
	sim_reset();
	open_ok(&c);
	memset(big, 0, sizeof(big));
	assert_int_equal(tpm_crb_xfer(&c, big, sizeof(big), rsp, sizeof(rsp), &n), TPM_CRB_ERR);
	assert_int_equal(tpm_crb_xfer(&c, STARTUP, 9, rsp, sizeof(rsp), &n), TPM_CRB_ERR);
	assert_int_equal(tpm_crb_xfer(&c, STARTUP, sizeof(STARTUP), rsp, 9, &n), TPM_CRB_ERR);
	assert_int_equal(S.started, 0);
	/* nothing was written into the command buffer either */
	for (unsigned k = 0x80; k < 0x80 + 16; k++)
		assert_int_equal(S.win[k], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_locality_never_granted),
		cmocka_unit_test(test_buffers_outside_window),
		cmocka_unit_test(test_command_timeout),
		cmocka_unit_test(test_no_tick_rate),
		cmocka_unit_test(test_cmd_ready_never),
		cmocka_unit_test(test_fatal_error),
		cmocka_unit_test(test_response_sizes),
		cmocka_unit_test(test_command_too_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
