/* SPDX-License-Identifier: MIT */
/*
 * tetdg/compat/stdint.h - <stdint.h> for the kernel module only (Kbuild puts
 * this folder first on the include path; the kernel builds with -nostdinc).
 * The shared ABI headers in include/tetd/ include <stdint.h> so that the
 * firmware, agents, tools and this module read the same structs; in the
 * kernel the fixed-width types come from <linux/types.h>, which defines
 * uint8_t..uint64_t, int8_t..int64_t and uintptr_t itself.
 */
#ifndef TETDG_COMPAT_STDINT_H
#define TETDG_COMPAT_STDINT_H
#ifndef __KERNEL__
#error "tetdg/compat/ is for the kernel build only"
#endif
#include <linux/types.h>
#include <linux/limits.h>
#endif
