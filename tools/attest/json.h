/* SPDX-License-Identifier: MIT */
/*
 * tools/attest/json.h - a small strict JSON reader (RFC 8259) for the
 * verifier's inputs (tetd-measure's reference values, the policy), and the
 * string escaping every tool's --json output uses.
 *
 * Strict: the RFC grammar only (no comments, no trailing commas, no
 * single quotes, no NaN), valid UTF-8, no NUL in strings (\u0000 is
 * refused), paired surrogates, no duplicate keys in an object, nesting at
 * most JSON_MAX_DEPTH, nothing but whitespace after the value. Errors name
 * the line and column. Numbers keep their text; json_u64 accepts only
 * plain non-negative integers that fit.
 */
#ifndef TOOLS_JSON_H
#define TOOLS_JSON_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32
#define JSON_MSG_LEN   200

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	int boolean;
	char *text;             /* JSON_STRING: decoded, NUL-terminated; NUMBER: as written */
	size_t len;             /* bytes of text */
	size_t n;               /* ARRAY / OBJECT: members */
	struct json **item;     /* ARRAY / OBJECT: values */
	char **key;             /* OBJECT: keys (decoded) */
	unsigned line, col;     /* where the value starts */
};

/* Parse text[0..len). NULL with msg ("line 3, column 7: ...") on error. */
struct json *json_parse(const char *text, size_t len, char *msg, size_t msglen);
void json_free(struct json *j);

/* Member of an object, or NULL (also when j is not an object). */
const struct json *json_get(const struct json *j, const char *key);
/* 0 if j is a non-negative integer without fraction or exponent that fits
 * in a u64; -1 otherwise. */
int json_u64(const struct json *j, uint64_t *out);
const char *json_type_name(enum json_type t);

/* The keys of object j must all be in allowed[] (NULL-terminated): 0, or
 * -1 with "WHAT: unknown key \"k\" (line L)" in msg. */
int json_only_keys(const struct json *j, const char *const allowed[], const char *what,
		   char *msg, size_t msglen);

/* Write s[0..n) as a JSON string: quotes, escapes for '"', '\\' and every
 * byte outside 0x20..0x7e (as \u00XX: bytes, not characters). */
void json_put_str(FILE *f, const char *s, size_t n);
void json_put_cstr(FILE *f, const char *s);
#endif
