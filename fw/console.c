/* SPDX-License-Identifier: MIT */
/*
 * fw/console.c - console output: COM1 8250 UART at 0x3f8 (115200 8N1, no
 * interrupts; polled) and QEMU's debugcon port 0x402 (harmless elsewhere),
 * plus a small printf. Output only: the firmware never reads the console.
 */
#include "console.h"
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

static int put_num(unsigned long long v, unsigned base, int width, char pad, int neg)
{
	char buf[24];
	int n = 0, out = 0;
	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		buf[n++] = '-';
	for (; width > n; width--, out++)
		console_putc(pad);
	while (n)
		console_putc(buf[--n]), out++;
	return out;
}

int vcprintf(const char *fmt, va_list ap)
{
	int out = 0;
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			console_putc(*fmt);
			out++;
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0, lng = 0;
		if (*fmt == '0')
			pad = '0', fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z')
			lng++, fmt++;
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			while (*s)
				console_putc(*s++), out++;
			break;
		}
		case 'c':
			console_putc((char)va_arg(ap, int));
			out++;
			break;
		case 'd': {
			long long v = lng ? va_arg(ap, long long) : va_arg(ap, int);
			out += put_num(v < 0 ? -(unsigned long long)v : (unsigned long long)v, 10, width, pad, v < 0);
			break;
		}
		case 'u':
		case 'x': {
			unsigned long long v = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
			out += put_num(v, *fmt == 'x' ? 16 : 10, width, pad, 0);
			break;
		}
		case '%':
			console_putc('%');
			out++;
			break;
		default:
			return out; /* unknown conversion: stop rather than misread va_list */
		}
	}
	return out;
}

int cprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vcprintf(fmt, ap);
	va_end(ap);
	return n;
}
