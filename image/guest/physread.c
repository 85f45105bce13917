// SPDX-License-Identifier: MIT
/*
 * image/guest/physread.c - read 8 bytes of guest-physical memory with one
 * 8-byte load through an mmap of /dev/mem, and print them as hex. The
 * initramfs uses it to probe the sealed zone from the guest's side: a
 * single plain load is what a hostile kernel would do, and it keeps the
 * host's MMIO emulation to one simple instruction (a read(2) of /dev/mem
 * would copy with a string instruction instead).
 * Usage: physread GPA   (hex or decimal, 8-byte aligned). Root only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char *end;
	if (argc != 2) {
		fprintf(stderr, "usage: physread GPA\n");
		return 1;
	}
	errno = 0;
	unsigned long long gpa = strtoull(argv[1], &end, 0);
	if (errno || *end || (gpa & 7)) {
		fprintf(stderr, "physread: '%s' is not an 8-byte aligned address\n", argv[1]);
		return 1;
	}
	int fd = open("/dev/mem", O_RDONLY | O_SYNC);
	if (fd < 0) {
		perror("physread: /dev/mem");
		return 2;
	}
	long pg = sysconf(_SC_PAGESIZE);
	off_t base = (off_t)(gpa & ~(unsigned long long)(pg - 1));
	volatile uint64_t *p = mmap(NULL, (size_t)pg, PROT_READ, MAP_SHARED, fd, base);
	if (p == MAP_FAILED) {
		perror("physread: mmap /dev/mem");
		return 2;
	}
	uint64_t v = p[(gpa - (unsigned long long)base) / 8];
	uint8_t b[8];
	memcpy(b, &v, 8);
	for (int i = 0; i < 8; i++)
		printf("%02x", b[i]);
	printf("\n");
	return 0;
}
