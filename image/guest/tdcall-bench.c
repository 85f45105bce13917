/* SPDX-License-Identifier: MIT */
/*
 * image/guest/tdcall-bench.c - guest side of the TDCALL benchmark: the
 * round trip of TDG.VP.INFO through the sim TDCALL against a null port
 * write to an unclaimed port (the same VM exit without the TDX-module
 * model behind it), interleaved in one run so both see the same machine.
 * Prints key=value lines for bench/ to collect.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <time.h>
#include <tetd/tdcall.h>
#include "bench.h"
#include <tetd/tdx.h>

#define NULL_PORT 0xE4 /* unclaimed by tetdh: written, ignored, counted */


int main(int argc, char **argv)
{
	int rounds = 21, per = 200;
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: tdcall-bench [ROUNDS [CALLS_PER_ROUND]]\n"
		       "Median per-call time of TDG.VP.INFO (sim TDCALL) and of a null\n"
		       "port write, measured in alternating rounds.\n");
		return 0;
	}
	if (argc > 1)
		rounds = atoi(argv[1]);
	if (argc > 2)
		per = atoi(argv[2]);
	if (rounds < 1 || rounds > 1000 || per < 1 || per > 100000) {
		fprintf(stderr, "tdcall-bench: bad ROUNDS/CALLS_PER_ROUND\n");
		return 1;
	}
	if (tetd_tdcall_mode() != TETD_TDCALL_SIM) {
		fprintf(stderr, "tdcall-bench: needs tetdh (sim TDCALL)\n");
		return 3;
	}
	if (iopl(3) != 0) {
		perror("tdcall-bench: iopl");
		return 2;
	}
	double *t_call = calloc(rounds, sizeof(double)), *t_null = calloc(rounds, sizeof(double));
	for (int r = 0; r < rounds; r++) {
		double t0 = now_us();
		for (int i = 0; i < per; i++) {
			struct tetd_tdcall_regs g = { .rax = TDG_VP_INFO };
			if (tetd_tdcall(&g) != TDX_SUCCESS) {
				fprintf(stderr, "tdcall-bench: TDG.VP.INFO failed: 0x%llx\n",
					(unsigned long long)g.rax);
				return 4;
			}
		}
		double t1 = now_us();
		for (int i = 0; i < per; i++)
			outb(0, NULL_PORT);
		double t2 = now_us();
		t_call[r] = (t1 - t0) / per;
		t_null[r] = (t2 - t1) / per;
	}
	qsort(t_call, rounds, sizeof(double), cmp_double);
	qsort(t_null, rounds, sizeof(double), cmp_double);
	double c = t_call[rounds / 2], n = t_null[rounds / 2];
	printf("tdcall_vp_info_us=%.2f\nnull_port_exit_us=%.2f\nratio=%.3f\nrounds=%d calls_per_round=%d\n",
	       c, n, n > 0 ? c / n : 0.0, rounds, per);
	return 0;
}
