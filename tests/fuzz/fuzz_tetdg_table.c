/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_tetdg_table.c - the tetdg driver's ACPI TETD table
 * validator (tetdg/tetdg_table.c, the file the kernel module builds). The
 * input is the table; a second pass repairs the signature, the header's
 * length and the checksum first, so mutations reach the body and agent
 * rules instead of stopping at the header. An accepted table must keep
 * what the driver relies on: a consistent length, at most 16 agents,
 * NUL-terminated names, indexes in order, at most 16 function ids.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../tetdg/tetdg_table.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static void check(const uint8_t *t, size_t len)
{
	char err[160];
	if (tetdg_table_check(t, len, err, sizeof(err)) != 0) {
		CHECK(err[0] != '\0');
		return;
	}
	const struct tetd_acpi_body *b = tetdg_table_body(t);
	CHECK(len >= TETDG_TABLE_MIN_LEN && len <= TETDG_TABLE_MAX_LEN);
	CHECK(b->agent_count <= TETD_AVOL_MAX_AGENTS);
	CHECK(len == TETDG_TABLE_MIN_LEN + b->agent_count * sizeof(struct tetd_acpi_agent));
	for (uint32_t i = 0; i < b->agent_count; i++) {
		const struct tetd_acpi_agent *a = tetdg_table_agent(t, i);
		CHECK(memchr(a->name, 0, sizeof(a->name)) != NULL && a->name[0]);
		CHECK(a->index == i && a->fn_count <= TETD_AGENT_MAX_CALLS);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > TETDG_TABLE_MAX_LEN + 64)
		return 0;
	uint8_t *t = malloc(size ? size : 1);
	if (!t)
		return 0;
	memcpy(t, data, size);
	check(t, size);
	if (size >= TETDG_ACPI_HDR_LEN) {
		uint8_t sum = 0;
		memcpy(t, TETD_ACPI_SIGNATURE, 4);
		for (int i = 0; i < 4; i++)
			t[4 + i] = (uint8_t)(size >> (8 * i));
		t[9] = 0;
		for (size_t i = 0; i < size; i++)
			sum = (uint8_t)(sum + t[i]);
		t[9] = (uint8_t)(0 - sum);
		check(t, size);
	}
	free(t);
	return 0;
}
