/* SPDX-License-Identifier: MIT */
/*
 * fw/console.c - console output: COM1 8250 UART at 0x3f8 (115200 8N1, no
 * interrupts; polled) and QEMU's debugcon port 0x402 (harmless elsewhere),
 * plus printf (formatting lives in fw/fmt.c). Output only: the firmware
 * never reads the console.
 */
#include "console.h"
#include "fmt.h"
#include "io.h"

#define COM1 0x3f8
#define DEBUGCON 0x402

static int uart_present;

void console_init(void)
{
	outb(COM1 + 1, 0x00); /* IER: no interrupts */
	outb(COM1 + 3, 0x80); /* LCR: DLAB */
	outb(COM1 + 0, 0x01); /* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03); /* 8N1 */
	outb(COM1 + 2, 0xc7); /* FIFO on, cleared */
	outb(COM1 + 4, 0x03); /* DTR, RTS */
	/* A missing UART floats the bus: LSR reads 0xff. */
	uart_present = inb(COM1 + 5) != 0xff;
}

static void uart_putc(char c)
{
	if (!uart_present)
		return;
	for (int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++)
		cpu_relax();
	outb(COM1, (uint8_t)c);
}

void console_putc(char c)
{
	if (c == '\n')
		uart_putc('\r');
	uart_putc(c);
	outb(DEBUGCON, (uint8_t)c);
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_putc(s[i]);
}

void console_hex(const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		console_putc(digits[p[i] >> 4]);
		console_putc(digits[p[i] & 15]);
	}
}

static void console_put_cb(char c, void *ctx)
{
	(void)ctx;
	console_putc(c);
}

int vcprintf(const char *fmt, va_list ap)
{
	return fmt_vout(console_put_cb, NULL, fmt, ap);
}

int cprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vcprintf(fmt, ap);
	va_end(ap);
	return n;
}
