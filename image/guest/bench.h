/* SPDX-License-Identifier: MIT */
/*
 * image/guest/bench.h - the timing helpers the guest benchmarks share
 * (tdcall-bench.c, callbench.c): a monotonic microsecond clock and the
 * comparison for qsort-ing samples to take a median.
 */
#ifndef TETD_GUEST_BENCH_H
#define TETD_GUEST_BENCH_H
#include <time.h>

static inline double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}
#endif
