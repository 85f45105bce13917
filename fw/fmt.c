/* SPDX-License-Identifier: MIT */
/*
 * fw/fmt.c - printf-style formatting for freestanding code (fw/fmt.h).
 * Output goes through a per-character callback so the same code serves the
 * console (no buffer) and bounded strings (error messages, agent logs).
 */
#include "fmt.h"

static int put_num(void (*put)(char, void *), void *ctx, unsigned long long v, unsigned base,
		   int width, char pad, int neg)
{
	char buf[24];
	int n = 0, out = 0;
	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg && pad == '0')
		put('-', ctx), out++, width--;
	else if (neg)
		buf[n++] = '-';
	for (; width > n; width--, out++)
		put(pad, ctx);
	while (n)
		put(buf[--n], ctx), out++;
	return out;
}

int fmt_vout(void (*put)(char c, void *ctx), void *ctx, const char *fmt, va_list ap)
{
	int out = 0;
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(*fmt, ctx);
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
				put(*s++, ctx), out++;
			break;
		}
		case 'c':
			put((char)va_arg(ap, int), ctx);
			out++;
			break;
		case 'd': {
			long long v = lng ? va_arg(ap, long long) : va_arg(ap, int);
			out += put_num(put, ctx, v < 0 ? -(unsigned long long)v : (unsigned long long)v, 10,
				       width, pad, v < 0);
			break;
		}
		case 'u':
		case 'x': {
			unsigned long long v = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
			out += put_num(put, ctx, v, *fmt == 'x' ? 16 : 10, width, pad, 0);
			break;
		}
		case '%':
			put('%', ctx);
			out++;
			break;
		default:
			return out;
		}
	}
	return out;
}

struct strbuf {
	char *p;
	size_t cap, len;
};

static void strbuf_put(char c, void *ctx)
{
	struct strbuf *b = ctx;
	if (b->len + 1 < b->cap)
		b->p[b->len] = c;
	b->len++;
}

int fmt_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	struct strbuf b = { buf, n, 0 };
	int r = fmt_vout(strbuf_put, &b, fmt, ap);
	if (n)
		buf[b.len < n ? b.len : n - 1] = '\0';
	return r;
}

int fmt_snprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = fmt_vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

int fmt_fail(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		fmt_vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}
