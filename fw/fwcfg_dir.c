/* SPDX-License-Identifier: MIT */
/* fw/fwcfg_dir.c - parser for the fw_cfg file directory (untrusted input). */
#include "fwcfg.h"
#include "fwstring.h"

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int fwcfg_dir_lookup(const void *dir, size_t len, const char *name,
		     uint16_t *sel, uint32_t *size)
{
	const uint8_t *p = dir;
	size_t nlen = strlen(name);
	if (len < 4 || nlen == 0 || nlen >= sizeof(((struct fwcfg_file *)0)->name))
		return -2;
	uint32_t count = be32(p);
	if (count > (len - 4) / sizeof(struct fwcfg_file))
		return -2;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *e = p + 4 + (size_t)i * sizeof(struct fwcfg_file);
		const char *ename = (const char *)e + 8;
		/* names are NUL-padded to 56 bytes; compare including the NUL */
		if (memcmp(ename, name, nlen) == 0 && ename[nlen] == '\0') {
			*size = be32(e);
			*sel = (uint16_t)(e[4] << 8 | e[5]);
			return 0;
		}
	}
	return -1;
}
