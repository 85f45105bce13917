/* SPDX-License-Identifier: MIT */
/*
 * tools/attest/cli.h - what the attestation command-line tools share:
 * dying with "<tool>: message" and exit status 2 (usage or I/O error),
 * and reading a whole input file with a size limit.
 */
#ifndef TETD_ATTEST_CLI_H
#define TETD_ATTEST_CLI_H
#include <stddef.h>
#include <stdint.h>

/* Set by each tool's main (the prefix of its messages). */
extern const char *cli_prog;

void cli_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* The whole file, malloc'ed; dies if it cannot be read or exceeds max. */
uint8_t *cli_read_file(const char *path, size_t max, size_t *len);
#endif
