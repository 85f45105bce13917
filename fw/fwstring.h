/* SPDX-License-Identifier: MIT */
/* fw/fwstring.h - the few libc string/memory functions the firmware needs. */
#ifndef FW_FWSTRING_H
#define FW_FWSTRING_H
#include <stddef.h>

#ifdef TETD_HOSTED
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
#endif
#endif
