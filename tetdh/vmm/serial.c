// SPDX-License-Identifier: MIT
/*
 * tetdh/vmm/serial.c - COM1: a 16550A UART at 0x3F8, IRQ 4 (the DSDT's
 * COM1 device), enough for the firmware's polled output and for Linux's
 * 8250 driver with interrupt-driven transmit and receive.
 *
 * Model: transmission is instant (THR is empty again as soon as it is
 * written; the byte goes to stdout), so LSR always shows THRE|TEMT and a
 * THR-empty interrupt is pending after every THR write and whenever the
 * guest enables ETBEI while THR is empty (the 8250 driver's THRE test
 * relies on that). Receive: bytes from stdin wait in a 4 KiB buffer that
 * the guest sees as the FIFO; a full buffer drops bytes and sets OE.
 * Interrupt priority (IIR): line status, received data, THR empty, modem
 * status. Loopback (MCR bit 4) echoes THR into RBR and MCR into MSR. As on
 * a PC, OUT2 gates the IRQ line and loopback disconnects it.
 * The divisor latch and LCR are stored and otherwise ignored (no baud
 * rate is emulated).
 */
#include <linux/serial_reg.h>
#include <stdlib.h>
#include <string.h>

#include "vmm.h"

#define COM1_BASE 0x3f8
#define COM1_IRQ  4
#define RX_SIZE   4096

struct serial {
	pthread_mutex_t lock;
	struct vm *vm;
	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
	uint8_t msr_delta;          /* MSR bits 0-3, cleared by reading MSR */
	uint8_t msr_last;           /* modem inputs (MSR bits 4-7) last seen */
	bool thre_pending;          /* THR-empty interrupt condition */
	bool overrun;
	int irq_level;
	uint8_t rx[RX_SIZE];
	unsigned rx_head, rx_count;
};

static bool rx_push(struct serial *s, uint8_t c)
{
	if (s->rx_count == RX_SIZE) {
		s->overrun = true;
		return false;
	}
	s->rx[(s->rx_head + s->rx_count++) % RX_SIZE] = c;
	return true;
}

static uint8_t rx_pop(struct serial *s)
{
	uint8_t c;

	if (!s->rx_count)
		return 0;
	c = s->rx[s->rx_head];
	s->rx_head = (s->rx_head + 1) % RX_SIZE;
	s->rx_count--;
	return c;
}

/* Modem inputs: loopback mirrors MCR (RTS->CTS, DTR->DSR, OUT1->RI,
 * OUT2->DCD); otherwise a modem that is always there (CTS, DSR, DCD). */
static uint8_t modem_inputs(const struct serial *s)
{
	if (s->mcr & UART_MCR_LOOP)
		return (uint8_t)(((s->mcr & UART_MCR_RTS) ? UART_MSR_CTS : 0) |
				 ((s->mcr & UART_MCR_DTR) ? UART_MSR_DSR : 0) |
				 ((s->mcr & UART_MCR_OUT1) ? UART_MSR_RI : 0) |
				 ((s->mcr & UART_MCR_OUT2) ? UART_MSR_DCD : 0));
	return UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD;
}

static void update_modem(struct serial *s)
{
	uint8_t now = modem_inputs(s), chg = now ^ s->msr_last;

	if (chg & UART_MSR_CTS)
		s->msr_delta |= UART_MSR_DCTS;
	if (chg & UART_MSR_DSR)
		s->msr_delta |= UART_MSR_DDSR;
	if ((chg & UART_MSR_RI) && !(now & UART_MSR_RI))
		s->msr_delta |= UART_MSR_TERI;    /* trailing edge only */
	if (chg & UART_MSR_DCD)
		s->msr_delta |= UART_MSR_DDCD;
	s->msr_last = now;
}

static uint8_t lsr(const struct serial *s)
{
	return (uint8_t)(UART_LSR_THRE | UART_LSR_TEMT |
			 (s->rx_count ? UART_LSR_DR : 0) |
			 (s->overrun ? UART_LSR_OE : 0));
}

/* Highest-priority pending interrupt, as IIR bits 3:0. */
static uint8_t pending(const struct serial *s)
{
	if ((s->ier & UART_IER_RLSI) && s->overrun)
		return UART_IIR_RLSI;
	if ((s->ier & UART_IER_RDI) && s->rx_count)
		return UART_IIR_RDI;
	if ((s->ier & UART_IER_THRI) && s->thre_pending)
		return UART_IIR_THRI;
	if ((s->ier & UART_IER_MSI) && s->msr_delta)
		return UART_IIR_MSI;
	return UART_IIR_NO_INT;
}

static void update_irq(struct serial *s)
{
	int level = pending(s) != UART_IIR_NO_INT && (s->mcr & UART_MCR_OUT2) &&
		    !(s->mcr & UART_MCR_LOOP);

	if (level != s->irq_level) {
		s->irq_level = level;
		kvm_irq_line(s->vm, COM1_IRQ, level);
	}
}

static uint8_t serial_read(struct serial *s, unsigned off)
{
	uint8_t v;

	switch (off) {
	case UART_RX:
		if (s->lcr & UART_LCR_DLAB)
			return s->dll;
		return rx_pop(s);
	case UART_IER:
		return (s->lcr & UART_LCR_DLAB) ? s->dlm : s->ier;
	case UART_IIR:
		v = pending(s);
		if (v == UART_IIR_THRI)
			s->thre_pending = false;   /* reading IIR acknowledges THRE */
		return (uint8_t)(v | ((s->fcr & UART_FCR_ENABLE_FIFO) ? 0xc0 : 0));
	case UART_LCR:
		return s->lcr;
	case UART_MCR:
		return s->mcr;
	case UART_LSR:
		v = lsr(s);
		s->overrun = false;
		return v;
	case UART_MSR:
		update_modem(s);
		v = (uint8_t)(s->msr_last | s->msr_delta);
		s->msr_delta = 0;
		return v;
	default: /* UART_SCR */
		return s->scr;
	}
}

static void serial_write(struct serial *s, unsigned off, uint8_t v)
{
	switch (off) {
	case UART_TX:
		if (s->lcr & UART_LCR_DLAB) {
			s->dll = v;
			break;
		}
		if (s->mcr & UART_MCR_LOOP)
			rx_push(s, v);
		else
			term_write(s->vm, v);
		s->thre_pending = true;            /* sent at once: empty again */
		break;
	case UART_IER:
		if (s->lcr & UART_LCR_DLAB) {
			s->dlm = v;
			break;
		}
		if ((v & UART_IER_THRI) && !(s->ier & UART_IER_THRI))
			s->thre_pending = true;
		s->ier = v & 0x0f;
		break;
	case UART_FCR:
		if (v & UART_FCR_CLEAR_RCVR)
			s->rx_head = s->rx_count = 0;
		s->fcr = v & (UART_FCR_ENABLE_FIFO | UART_FCR_TRIGGER_MASK);
		break;
	case UART_LCR:
		s->lcr = v;
		break;
	case UART_MCR:
		s->mcr = v & 0x1f;
		update_modem(s);
		break;
	case UART_LSR:
	case UART_MSR:
		break;                             /* factory test; ignored */
	default:
		s->scr = v;
		break;
	}
}

static void serial_io(void *opaque, struct vcpu *cpu, uint16_t port,
		      uint8_t *data, unsigned size, bool write)
{
	struct serial *s = opaque;

	(void)cpu;
	(void)size;                                /* IO_BYTEWISE: always 1 */
	pthread_mutex_lock(&s->lock);
	if (write)
		serial_write(s, port - COM1_BASE, *data);
	else
		*data = serial_read(s, port - COM1_BASE);
	update_irq(s);
	pthread_mutex_unlock(&s->lock);
}

bool serial_receive(struct vm *vm, uint8_t c)
{
	struct serial *s = vm->serial;
	bool ok;

	pthread_mutex_lock(&s->lock);
	ok = rx_push(s, c);
	update_irq(s);
	pthread_mutex_unlock(&s->lock);
	if (!ok)
		atomic_fetch_add(&vm->cnt.serial_rx_dropped, 1);
	return ok;
}

int serial_init(struct vm *vm)
{
	struct serial *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	pthread_mutex_init(&s->lock, NULL);
	s->vm = vm;                                /* reset: MCR 0, IRQ gated */
	s->msr_last = modem_inputs(s);
	vm->serial = s;
	return ioport_register(vm, "serial", COM1_BASE, 8, IO_BYTEWISE, serial_io, s);
}
