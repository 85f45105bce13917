// SPDX-License-Identifier: MIT
/*
 * tools/attest/json.c - the strict JSON reader and the string writer of
 * json.h. A recursive-descent parser over a length-bounded buffer: every
 * read checks the end first, recursion is bounded by JSON_MAX_DEPTH, and a
 * failure frees what was built.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct parser {
	const char *s;
	size_t len, pos;
	unsigned line, col;
	char *msg;
	size_t msglen;
	int failed;
};

__attribute__((format(printf, 2, 3)))
static void err(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->failed)
		return;
	p->failed = 1;
	if (!p->msg || !p->msglen)
		return;
	n = snprintf(p->msg, p->msglen, "line %u, column %u: ", p->line, p->col);
	if (n < 0 || (size_t)n >= p->msglen)
		return;
	va_start(ap, fmt);
	vsnprintf(p->msg + n, p->msglen - (size_t)n, fmt, ap);
	va_end(ap);
}

static int peek(const struct parser *p)
{
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static void advance(struct parser *p)
{
	if (p->s[p->pos] == '\n') {
		p->line++;
		p->col = 1;
	} else {
		p->col++;
	}
	p->pos++;
}

static void skip_ws(struct parser *p)
{
	int c;

	while ((c = peek(p)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		advance(p);
}

static struct json *node(struct parser *p, enum json_type t)
{
	struct json *j = calloc(1, sizeof(*j));

	if (!j) {
		err(p, "out of memory");
		return NULL;
	}
	j->type = t;
	j->line = p->line;
	j->col = p->col;
	return j;
}

void json_free(struct json *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->n; i++) {
		json_free(j->item[i]);
		if (j->key)
			free(j->key[i]);
	}
	free(j->item);
	free(j->key);
	free(j->text);
	free(j);
}

static int literal(struct parser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n)) {
		err(p, "expected a value");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		advance(p);
	return 0;
}

/* Append one code point as UTF-8. */
static void put_utf8(char *out, size_t *o, uint32_t cp)
{
	if (cp < 0x80) {
		out[(*o)++] = (char)cp;
	} else if (cp < 0x800) {
		out[(*o)++] = (char)(0xc0 | cp >> 6);
		out[(*o)++] = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		out[(*o)++] = (char)(0xe0 | cp >> 12);
		out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*o)++] = (char)(0x80 | (cp & 0x3f));
	} else {
		out[(*o)++] = (char)(0xf0 | cp >> 18);
		out[(*o)++] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*o)++] = (char)(0x80 | (cp & 0x3f));
	}
}

static int hex4(struct parser *p, uint32_t *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		int c = peek(p), d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else {
			err(p, "\\u needs four hex digits");
			return -1;
		}
		*v = *v << 4 | (uint32_t)d;
		advance(p);
	}
	return 0;
}

/* Length of a valid UTF-8 sequence at s[0..n), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t k;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return k;
}

/* A string at p (the opening quote); decoded into a malloc'ed buffer. */
static char *string(struct parser *p, size_t *outlen)
{
	size_t start = p->pos + 1, cap, o = 0;
	char *out;

	/* Decoded text is never longer than the source (\uXXXX: 6 bytes in,
	 * at most 3 out; a surrogate pair 12 in, 4 out). */
	cap = p->len - start + 1;
	out = malloc(cap);
	if (!out) {
		err(p, "out of memory");
		return NULL;
	}
	advance(p);
	for (;;) {
		int c = peek(p);

		if (c < 0) {
			err(p, "unterminated string");
			goto fail;
		}
		if (c == '"') {
			advance(p);
			break;
		}
		if (c < 0x20) {
			err(p, "control character 0x%02x in a string (escape it)", c);
			goto fail;
		}
		if (c == '\\') {
			uint32_t cp, lo;

			advance(p);
			c = peek(p);
			switch (c) {
			case '"': case '\\': case '/': out[o++] = (char)c; advance(p); continue;
			case 'b': out[o++] = '\b'; advance(p); continue;
			case 'f': out[o++] = '\f'; advance(p); continue;
			case 'n': out[o++] = '\n'; advance(p); continue;
			case 'r': out[o++] = '\r'; advance(p); continue;
			case 't': out[o++] = '\t'; advance(p); continue;
			case 'u': break;
			default:
				err(p, "unknown escape in a string");
				goto fail;
			}
			advance(p);
			if (hex4(p, &cp))
				goto fail;
			if (cp >= 0xdc00 && cp <= 0xdfff) {
				err(p, "a low surrogate without a high one");
				goto fail;
			}
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (p->len - p->pos < 2 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u') {
					err(p, "a high surrogate without a low one");
					goto fail;
				}
				advance(p);
				advance(p);
				if (hex4(p, &lo))
					goto fail;
				if (lo < 0xdc00 || lo > 0xdfff) {
					err(p, "a high surrogate without a low one");
					goto fail;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			if (cp == 0) {
				err(p, "\\u0000 in a string");
				goto fail;
			}
			put_utf8(out, &o, cp);
			continue;
		}
		size_t k = utf8_len((const unsigned char *)p->s + p->pos, p->len - p->pos);
		if (!k) {
			err(p, "invalid UTF-8 in a string");
			goto fail;
		}
		for (size_t i = 0; i < k; i++) {
			out[o++] = p->s[p->pos];
			advance(p);
		}
	}
	out[o] = 0;
	*outlen = o;
	return out;
fail:
	free(out);
	return NULL;
}

static int digits(struct parser *p)
{
	int n = 0;

	while (peek(p) >= '0' && peek(p) <= '9') {
		advance(p);
		n++;
	}
	return n;
}

static struct json *number(struct parser *p)
{
	struct json *j = node(p, JSON_NUMBER);
	size_t start = p->pos;

	if (!j)
		return NULL;
	if (peek(p) == '-')
		advance(p);
	if (peek(p) == '0') {
		advance(p);
		if (peek(p) >= '0' && peek(p) <= '9') {
			err(p, "a number with a leading zero");
			goto fail;
		}
	} else if (!digits(p)) {
		err(p, "expected a value");
		goto fail;
	}
	if (peek(p) == '.') {
		advance(p);
		if (!digits(p)) {
			err(p, "a fraction needs digits");
			goto fail;
		}
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		advance(p);
		if (peek(p) == '+' || peek(p) == '-')
			advance(p);
		if (!digits(p)) {
			err(p, "an exponent needs digits");
			goto fail;
		}
	}
	j->len = p->pos - start;
	j->text = malloc(j->len + 1);
	if (!j->text) {
		err(p, "out of memory");
		goto fail;
	}
	memcpy(j->text, p->s + start, j->len);
	j->text[j->len] = 0;
	return j;
fail:
	json_free(j);
	return NULL;
}

static struct json *value(struct parser *p, unsigned depth);

static int push(struct parser *p, struct json *j, char *key, struct json *v, size_t *cap)
{
	if (j->n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 8;
		struct json **it = realloc(j->item, ncap * sizeof(*it));

		if (!it)
			goto oom;
		j->item = it;
		if (j->type == JSON_OBJECT) {
			char **k = realloc(j->key, ncap * sizeof(*k));

			if (!k)
				goto oom;
			j->key = k;
		}
		*cap = ncap;
	}
	j->item[j->n] = v;
	if (j->key)
		j->key[j->n] = key;
	j->n++;
	return 0;
oom:
	err(p, "out of memory");
	json_free(v);
	free(key);
	return -1;
}

static struct json *container(struct parser *p, unsigned depth, int obj)
{
	struct json *j = node(p, obj ? JSON_OBJECT : JSON_ARRAY);
	size_t cap = 0;
	char close = obj ? '}' : ']';

	if (!j)
		return NULL;
	if (depth >= JSON_MAX_DEPTH) {
		err(p, "nested deeper than %d levels", JSON_MAX_DEPTH);
		goto fail;
	}
	advance(p);
	skip_ws(p);
	if (peek(p) == close) {
		advance(p);
		return j;
	}
	for (;;) {
		char *key = NULL;
		struct json *v;

		skip_ws(p);
		if (obj) {
			size_t klen;
			unsigned kl = p->line, kc = p->col;

			if (peek(p) != '"') {
				err(p, "expected a string key");
				goto fail;
			}
			key = string(p, &klen);
			if (!key)
				goto fail;
			for (size_t i = 0; i < j->n; i++)
				if (!strcmp(j->key[i], key)) {
					p->line = kl, p->col = kc;
					err(p, "duplicate key \"%.60s\"", key);
					free(key);
					goto fail;
				}
			skip_ws(p);
			if (peek(p) != ':') {
				err(p, "expected ':' after a key");
				free(key);
				goto fail;
			}
			advance(p);
		}
		v = value(p, depth + 1);
		if (!v) {
			free(key);
			goto fail;
		}
		if (push(p, j, key, v, &cap))
			goto fail;
		skip_ws(p);
		if (peek(p) == ',') {
			advance(p);
			skip_ws(p);
			if (peek(p) == close) {
				err(p, "a trailing comma");
				goto fail;
			}
			continue;
		}
		if (peek(p) == close) {
			advance(p);
			return j;
		}
		err(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
		goto fail;
	}
fail:
	json_free(j);
	return NULL;
}

static struct json *value(struct parser *p, unsigned depth)
{
	struct json *j;
	int c;

	skip_ws(p);
	c = peek(p);
	switch (c) {
	case '{':
		return container(p, depth, 1);
	case '[':
		return container(p, depth, 0);
	case '"':
		j = node(p, JSON_STRING);
		if (j && !(j->text = string(p, &j->len))) {
			json_free(j);
			return NULL;
		}
		return j;
	case 't': case 'f': case 'n':
		j = node(p, c == 'n' ? JSON_NULL : JSON_BOOL);
		if (j && literal(p, c == 't' ? "true" : c == 'f' ? "false" : "null")) {
			json_free(j);
			return NULL;
		}
		if (j)
			j->boolean = c == 't';
		return j;
	case -1:
		err(p, "unexpected end of input");
		return NULL;
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return number(p);
		err(p, "expected a value");
		return NULL;
	}
}

struct json *json_parse(const char *text, size_t len, char *msg, size_t msglen)
{
	struct parser p = { .s = text, .len = len, .line = 1, .col = 1,
			    .msg = msg, .msglen = msglen };
	struct json *j = value(&p, 0);

	if (!j) {
		err(&p, "invalid JSON");
		return NULL;
	}
	skip_ws(&p);
	if (p.pos != p.len) {
		err(&p, "text after the JSON value");
		json_free(j);
		return NULL;
	}
	return j;
}

const struct json *json_get(const struct json *j, const char *key)
{
	if (!j || j->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < j->n; i++)
		if (!strcmp(j->key[i], key))
			return j->item[i];
	return NULL;
}

int json_u64(const struct json *j, uint64_t *out)
{
	uint64_t v = 0;

	if (!j || j->type != JSON_NUMBER || !j->len || j->text[0] == '-')
		return -1;
	for (size_t i = 0; i < j->len; i++) {
		unsigned d;

		if (j->text[i] < '0' || j->text[i] > '9')
			return -1;
		d = (unsigned)(j->text[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

const char *json_type_name(enum json_type t)
{
	switch (t) {
	case JSON_NULL: return "null";
	case JSON_BOOL: return "a boolean";
	case JSON_NUMBER: return "a number";
	case JSON_STRING: return "a string";
	case JSON_ARRAY: return "an array";
	case JSON_OBJECT: return "an object";
	}
	return "?";
}

int json_only_keys(const struct json *j, const char *const allowed[], const char *what,
		   char *msg, size_t msglen)
{
	for (size_t i = 0; j && j->type == JSON_OBJECT && i < j->n; i++) {
		size_t k = 0;

		while (allowed[k] && strcmp(allowed[k], j->key[i]))
			k++;
		if (!allowed[k]) {
			snprintf(msg, msglen, "%s: unknown key \"%.60s\" (line %u)", what,
				 j->key[i], j->item[i]->line);
			return -1;
		}
	}
	return 0;
}

void json_put_str(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c > 0x7e)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void json_put_cstr(FILE *f, const char *s)
{
	json_put_str(f, s, strlen(s));
}
