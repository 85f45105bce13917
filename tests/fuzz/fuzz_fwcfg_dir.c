/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_fwcfg_dir.c - fwcfg_dir_lookup on arbitrary directory
 * blobs. Input: one byte n, then n name bytes (made a C string), then the
 * blob (copied to an exact-size buffer so ASan sees any overread). The
 * result must equal a straightforward reference lookup.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fwcfg.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static int ref_lookup(const uint8_t *d, size_t len, const char *name, uint16_t *sel, uint32_t *size)
{
	size_t nl = strlen(name);
	if (len < 4 || nl == 0 || nl > 55)
		return -2;
	uint64_t count = (uint64_t)d[0] << 24 | d[1] << 16 | d[2] << 8 | d[3];
	if (4 + count * 64 > len)
		return -2;
	for (uint64_t i = 0; i < count; i++) {
		const uint8_t *e = d + 4 + 64 * i;
		char ename[57];
		memcpy(ename, e + 8, 56);
		ename[56] = '\0';
		if (strcmp(ename, name) == 0) {
			*size = (uint32_t)e[0] << 24 | e[1] << 16 | e[2] << 8 | e[3];
			*sel = (uint16_t)(e[4] << 8 | e[5]);
			return 0;
		}
	}
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t n = data[0];
	if (1 + n > size)
		return 0;
	char *name = malloc(n + 1);
	memcpy(name, data + 1, n);
	name[n] = '\0';
	size_t len = size - 1 - n;
	uint8_t *dir = malloc(len ? len : 1);
	memcpy(dir, data + 1 + n, len);

	uint16_t sel = 0x1111, rsel = 0x1111;
	uint32_t sz = 0x22222222, rsz = 0x22222222;
	int r = fwcfg_dir_lookup(dir, len, name, &sel, &sz);
	int want = ref_lookup(dir, len, name, &rsel, &rsz);
	CHECK(r == want);
	CHECK(sel == rsel && sz == rsz);
	free(dir);
	free(name);
	return 0;
}
