/* SPDX-License-Identifier: MIT */
/*
 * fw/fmt.h - the one printf-style formatter of the freestanding code: the
 * firmware console, loader error messages (tetdg-early) and agent logs
 * (agents/sdk) all format through it. Conversions: %s %c %d %u %x %%, with
 * an optional '0' flag, a width and l/ll/z length modifiers. An unknown
 * conversion ends the output (rather than misreading the va_list).
 */
#ifndef FW_FMT_H
#define FW_FMT_H
#include <stdarg.h>
#include <stddef.h>

/* Calls put(c, ctx) for every output character; returns the count. */
int fmt_vout(void (*put)(char c, void *ctx), void *ctx, const char *fmt, va_list ap);

/*
 * Formats into buf (always NUL-terminated when n > 0, truncated to fit);
 * returns the length the whole output would have had.
 */
int fmt_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* For parsers that report why they refuse: format the reason into err
 * (when err and errlen are non-zero) and return -1. */
int fmt_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#endif
