/* SPDX-License-Identifier: MIT */
/* fw/console.h - firmware console: 8250 UART (COM1) and QEMU debugcon. */
#ifndef FW_CONSOLE_H
#define FW_CONSOLE_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void console_init(void);
void console_putc(char c);
void console_write(const char *s, size_t n);
int cprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vcprintf(const char *fmt, va_list ap);
/* Print n bytes as lowercase hex. */
void console_hex(const uint8_t *p, size_t n);
#endif
