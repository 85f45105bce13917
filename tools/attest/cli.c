// SPDX-License-Identifier: MIT
/*
 * tools/attest/cli.c - the attestation tools' shared command-line helpers
 * (cli.h): one error style and one bounded file reader.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_prog = "tetd";

void cli_die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

uint8_t *cli_read_file(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;

	if (!f)
		cli_die("%s: %s", path, strerror(errno));
	buf = malloc(max + 1);
	if (!buf)
		cli_die("out of memory");
	*len = fread(buf, 1, max + 1, f);
	if (ferror(f))
		cli_die("%s: read error", path);
	fclose(f);
	if (*len > max)
		cli_die("%s: larger than %zu bytes", path, max);
	return buf;
}
