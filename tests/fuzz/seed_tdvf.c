// SPDX-License-Identifier: MIT
/*
 * tests/fuzz/seed_tdvf.c - write the unit tests' synthetic TDVF image
 * (tests/unit/seam_testlib.h) as the starting corpus of fuzz_tdvf.
 * Usage: seed_tdvf FILE
 */
#include <stdio.h>

#include "../unit/seam_testlib.h"

int main(int argc, char **argv)
{
	uint8_t *img = ti_build(1);
	FILE *f = argc == 2 ? fopen(argv[1], "wb") : NULL;

	if (!f || fwrite(img, 1, TI_SIZE, f) != TI_SIZE || fclose(f))
		return 1;
	free(img);
	return 0;
}
