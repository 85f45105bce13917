/* SPDX-License-Identifier: MIT */
/*
 * tetdg/compat/stdbool.h - <stdbool.h> for the kernel module only (see
 * compat/stdint.h): <linux/types.h> already defines bool, true and false.
 */
#ifndef TETDG_COMPAT_STDBOOL_H
#define TETDG_COMPAT_STDBOOL_H
#ifndef __KERNEL__
#error "tetdg/compat/ is for the kernel build only"
#endif
#include <linux/types.h>
#endif
