/* SPDX-License-Identifier: MIT */
/*
 * image/guest/tdreport.c - a stop-gap guest tool, until the tetdg driver
 * exists: asks the TDX module (tetdh's model, through the sim TDCALL) for
 * a TDREPORT and prints its measurement fields; with --quote, also has the
 * host turn it into a quote (TDG.VP.VMCALL<GetQuote>, as Linux's tdx-guest
 * driver does) and writes the quote to a file.
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

static int write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

/* GetQuote on one shared 4 KiB page: header + TDREPORT in, header + quote
 * out. A tetdh quote (P-256 key, one PEM certificate) is about 1.4 KiB;
 * one page keeps the buffer physically contiguous without a driver. The
 * shared bit comes from GPAW (TDG.VP.INFO RCX[5:0]); tetdh, like the GHCI,
 * rejects a private GPA. Synchronous here: tetdh answers before resuming. */
static int get_quote(const uint8_t *report, const char *path)
{
	struct tetd_tdcall_regs r = { .rax = TDG_VP_INFO };
	uint64_t st = tetd_tdcall(&r);
	if (st != TDX_SUCCESS) {
		fprintf(stderr, "tdreport: TDG.VP.INFO failed: status 0x%016llx\n",
			(unsigned long long)st);
		return 5;
	}
	unsigned gpaw = r.rcx & 0x3f;
	uint8_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (page == MAP_FAILED || mlock(page, 4096) != 0) {
		perror("tdreport: quote buffer");
		return 2;
	}
	struct tdx_quote_buf *qb = (void *)page;
	memset(page, 0, 4096);
	qb->version = TDX_QUOTE_BUF_VERSION;
	qb->in_len = TDX_REPORT_LEN;
	memcpy(qb->data, report, TDX_REPORT_LEN);
	r = (struct tetd_tdcall_regs){
		.rax = TDG_VP_VMCALL,
		.rcx = (1u << TDX_GPR_R10) | (1u << TDX_GPR_R11) |
		       (1u << TDX_GPR_R12) | (1u << TDX_GPR_R13),
		.r10 = TDVMCALL_STANDARD, .r11 = TDVMCALL_GET_QUOTE,
		.r12 = virt_to_phys(page) | TDX_SHARED_BIT(gpaw), .r13 = 4096,
	};
	st = tetd_tdcall(&r);
	if (st != TDX_SUCCESS || r.r10 != 0) {
		fprintf(stderr, "tdreport: GetQuote failed: TDCALL 0x%016llx, "
				"TDVMCALL status 0x%llx\n",
			(unsigned long long)st, (unsigned long long)r.r10);
		return 5;
	}
	if (qb->status != TDX_GET_QUOTE_SUCCESS || !qb->out_len ||
	    qb->out_len > 4096 - sizeof(*qb)) {
		fprintf(stderr, "tdreport: GetQuote: buffer status 0x%016llx, "
				"%u-byte quote\n",
			(unsigned long long)qb->status, qb->out_len);
		return 5;
	}
	if (write_file(path, qb->data, qb->out_len))
		return 2;
	printf("quote: %u bytes\n", qb->out_len);
	return 0;
}

static int usage(int rc)
{
	fprintf(rc ? stderr : stdout,
		"usage: tdreport [--reportdata HEX] [--raw FILE] [--quote FILE]\n"
		"Gets a TDREPORT (TDG.MR.REPORT) through the sim TDCALL and prints\n"
		"MRTD, RTMR0-3 and REPORTDATA; --raw writes the 1024 bytes to FILE;\n"
		"--quote asks the host for a quote of that TDREPORT (GetQuote) and\n"
		"writes it to FILE. Exit: 0 ok, 1 usage, 2 system error, 3 not under\n"
		"tetdh, 4 TDG.MR.REPORT failed, 5 GetQuote failed.\n");
	return rc;
}

int main(int argc, char **argv)
{
	const char *rd_hex = NULL, *raw = NULL, *quote = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--reportdata") && i + 1 < argc)
			rd_hex = argv[++i];
		else if (!strcmp(argv[i], "--raw") && i + 1 < argc)
			raw = argv[++i];
		else if (!strcmp(argv[i], "--quote") && i + 1 < argc)
			quote = argv[++i];
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
	if (raw && write_file(raw, report, TDX_REPORT_LEN))
		return 2;
	return quote ? get_quote(report, quote) : 0;
}
