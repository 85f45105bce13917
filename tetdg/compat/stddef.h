/* SPDX-License-Identifier: MIT */
/*
 * tetdg/compat/stddef.h - <stddef.h> for the kernel module only: size_t
 * and NULL/offsetof from the kernel's own headers (see compat/stdint.h).
 */
#ifndef TETDG_COMPAT_STDDEF_H
#define TETDG_COMPAT_STDDEF_H
#ifndef __KERNEL__
#error "tetdg/compat/ is for the kernel build only"
#endif
#include <linux/types.h>
#include <linux/stddef.h>
#endif
