/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_bzimage.c - bzimage_parse, bzimage_canonicalize and
 * bootparams_build on arbitrary setup bytes. Input: pm_len (u32 LE, how
 * many protected-mode bytes the "VMM" claims), then the setup. What an
 * accepted header promises is checked; a rejection must say why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "linuxboot.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static struct memmap mm;
static uint8_t bp[BP_SIZE];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	uint32_t pm_len;
	memcpy(&pm_len, data, 4);
	size_t len = size - 4;
	uint8_t *setup = malloc(len ? len : 1); /* exact size: ASan sees overreads */
	memcpy(setup, data + 4, len);

	struct bzimage_info bi;
	const char *why = NULL;
	int r = bzimage_parse(setup, len, pm_len, &bi, &why);
	if (r != 0) {
		CHECK(r == -1 && why && why[0]);
		free(setup);
		return 0;
	}
	CHECK(bi.version >= 0x020c);
	CHECK(bi.setup_size <= len && bi.setup_size >= 1024);
	CHECK(bi.hdr_end >= BZ_MIN_HEADER_END && bi.hdr_end <= BP_HDR_MAX_END && bi.hdr_end <= len);
	CHECK(bi.pm_size && bi.pm_size <= pm_len);
	CHECK(bi.init_size >= bi.pm_size);
	CHECK(bi.kernel_alignment && !(bi.kernel_alignment & (bi.kernel_alignment - 1)));
	CHECK(!(bi.pref_address & 0xfff) && bi.pref_address + bi.init_size <= 0x100000000ull);

	/* canonical form: only loader fields change, and it is idempotent */
	uint8_t hdr[BP_HDR_MAX_END], again[BP_HDR_MAX_END];
	memcpy(hdr, setup, sizeof(hdr));
	bzimage_canonicalize(hdr, &bi);
	for (unsigned i = 0; i < sizeof(hdr); i++) {
		int loader = i == 0x210 || i == 0x211 || (i >= 0x218 && i < 0x220) ||
			     (i >= 0x224 && i < 0x22c) || (i >= 0x250 && i < 0x258);
		if (!loader)
			CHECK(hdr[i] == setup[i]);
	}
	memcpy(again, hdr, sizeof(hdr));
	bzimage_canonicalize(again, &bi);
	CHECK(memcmp(again, hdr, sizeof(hdr)) == 0);

	/* zero page from the same bytes */
	memmap_init(&mm);
	memmap_add(&mm, 0, 0x9fc00, E820_RAM);
	memmap_add(&mm, 0x100000, 0x7ff00000, E820_RAM);
	struct bootparams_args a = {
		.cmdline_pa = 0x831000,
		.initrd_pa = (uint64_t)pm_len << 12,
		.initrd_size = pm_len & 0xfffff,
		.rsdp_pa = 0x808000,
		.setup_data_pa = pm_len & 1 ? 0x833000 : 0,
		.mm = &mm,
	};
	why = NULL;
	CHECK(bootparams_build(bp, setup, &bi, &a, &why) == 0);
	CHECK(bp[BZ_TYPE_OF_LOADER] == 0xff);
	CHECK(memcmp(bp + BZ_HEADER, "HdrS", 4) == 0);
	CHECK(bp[BP_E820_ENTRIES] == mm.n);
	for (unsigned i = bi.hdr_end; i < BP_E820_TABLE; i++)
		CHECK(bp[i] == 0); /* nothing between the header and the e820 table */
	for (unsigned i = BP_E820_TABLE + 20 * mm.n; i < BP_SIZE; i++)
		CHECK(bp[i] == 0);
	free(setup);
	return 0;
}
