/* SPDX-License-Identifier: MIT */
/*
 * image/guest/tdreport.c - a stop-gap guest tool, until the tetdg driver
 * exists: asks the TDX module (tetdh's model, through the sim TDCALL) for
 * a TDREPORT and prints its measurement fields.
 *
 * Works from user space only because the sim TDCALL is a port write
 * (iopl(3) as root) and /proc/self/pagemap gives root the buffer's
 * physical address. On real TDX, TDCALL is ring-0 only: use the driver.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mman.h>
#include <unistd.h>
#include <tetd/tdcall.h>
#include <tetd/tdx.h>

static uint64_t virt_to_phys(const void *p)
{
	uint64_t entry = 0, va = (uintptr_t)p;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0 || pread(fd, &entry, 8, (off_t)(va / 4096 * 8)) != 8) {
		perror("tdreport: /proc/self/pagemap");
		exit(2);
	}
	close(fd);
	if (!(entry & (1ull << 63)) || !(entry & ((1ull << 55) - 1))) {
		fprintf(stderr, "tdreport: no physical address for the buffer (need root)\n");
		exit(2);
	}
	return (entry & ((1ull << 55) - 1)) * 4096 + va % 4096;
}

static void hex(const char *name, const uint8_t *p, size_t n)
{
	printf("%s: ", name);
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

static int usage(int rc)
{
	fprintf(rc ? stderr : stdout,
		"usage: tdreport [--reportdata HEX] [--raw FILE]\n"
		"Gets a TDREPORT (TDG.MR.REPORT) through the sim TDCALL and prints\n"
		"MRTD, RTMR0-3 and REPORTDATA; --raw writes the 1024 bytes to FILE.\n");
	return rc;
}

int main(int argc, char **argv)
{
	const char *rd_hex = NULL, *raw = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--reportdata") && i + 1 < argc)
			rd_hex = argv[++i];
		else if (!strcmp(argv[i], "--raw") && i + 1 < argc)
			raw = argv[++i];
		else
			return usage(!strcmp(argv[i], "--help") ? 0 : 1);
	}
	if (tetd_tdcall_mode() != TETD_TDCALL_SIM) {
		fprintf(stderr, "tdreport: not running under tetdh (no sim TDCALL); "
				"on real TDX use the tetdg driver\n");
		return 3;
	}
	if (iopl(3) != 0) {
		perror("tdreport: iopl");
		return 2;
	}
	uint8_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (page == MAP_FAILED || mlock(page, 4096) != 0) {
		perror("tdreport: buffer");
		return 2;
	}
	memset(page, 0, 4096);
	uint8_t *report = page, *rdata = page + 1024; /* 1024- and 64-aligned */
	if (rd_hex) {
		size_t n = strlen(rd_hex);
		if (n > 128 || n % 2) {
			fprintf(stderr, "tdreport: --reportdata takes up to 64 bytes of hex\n");
			return 1;
		}
		for (size_t i = 0; i < n / 2; i++)
			if (sscanf(rd_hex + 2 * i, "%2hhx", &rdata[i]) != 1)
				return usage(1);
	}
	struct tetd_tdcall_regs r = { .rax = TDG_MR_REPORT, .rcx = virt_to_phys(report),
				      .rdx = virt_to_phys(rdata), .r8 = 0 };
	uint64_t st = tetd_tdcall(&r);
	if (st != TDX_SUCCESS) {
		fprintf(stderr, "tdreport: TDG.MR.REPORT failed: status 0x%016llx\n",
			(unsigned long long)st);
		return 4;
	}
	const struct tdx_report *rep = (const void *)report;
	hex("mrtd", rep->tdinfo.mrtd, sizeof(rep->tdinfo.mrtd));
	for (int i = 0; i < TDX_NUM_RTMRS; i++) {
		char name[8];
		snprintf(name, sizeof(name), "rtmr%d", i);
		hex(name, rep->tdinfo.rtmr[i], sizeof(rep->tdinfo.rtmr[i]));
	}
	hex("reportdata", rep->reportmac.reportdata, sizeof(rep->reportmac.reportdata));
	if (raw) {
		FILE *f = fopen(raw, "wb");
		if (!f || fwrite(report, 1, 1024, f) != 1024 || fclose(f) != 0) {
			perror(raw);
			return 2;
		}
	}
	return 0;
}
