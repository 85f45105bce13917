/* SPDX-License-Identifier: MIT */
/*
 * fw/fwcfg.h - QEMU fw_cfg (docs/specs/fw_cfg.rst): selector 0x510, data
 * 0x511, DMA address 0x514. Fixed items and the file directory.
 */
#ifndef FW_FWCFG_H
#define FW_FWCFG_H
#include <stddef.h>
#include <stdint.h>

#define FW_CFG_SIGNATURE    0x0000
#define FW_CFG_ID           0x0001
#define FW_CFG_RAM_SIZE     0x0003
#define FW_CFG_NB_CPUS      0x0005
#define FW_CFG_KERNEL_ADDR  0x0007
#define FW_CFG_KERNEL_SIZE  0x0008
#define FW_CFG_INITRD_ADDR  0x000a
#define FW_CFG_INITRD_SIZE  0x000b
#define FW_CFG_MAX_CPUS     0x000f
#define FW_CFG_KERNEL_DATA  0x0011
#define FW_CFG_INITRD_DATA  0x0012
#define FW_CFG_CMDLINE_SIZE 0x0014
#define FW_CFG_CMDLINE_DATA 0x0015
#define FW_CFG_SETUP_SIZE   0x0017
#define FW_CFG_SETUP_DATA   0x0018
#define FW_CFG_FILE_DIR     0x0019

#define FW_CFG_ID_DMA       0x2

/* One directory entry as QEMU stores it (big-endian fields). */
struct fwcfg_file {
	uint32_t size_be;
	uint16_t select_be;
	uint16_t reserved;
	char name[56];
} __attribute__((packed));

/* 1 if the fw_cfg signature "QEMU" answers. */
int fwcfg_probe(void);
/* Read len bytes of item sel from its start (DMA when QEMU offers it).
 * 0, or -1 when QEMU flags the DMA transfer as failed. */
int fwcfg_read(uint16_t sel, void *buf, uint32_t len);
uint32_t fwcfg_read_u32(uint16_t sel);
uint64_t fwcfg_read_u64(uint16_t sel);
/* Look name up in the live directory; 0 on success. */
int fwcfg_find(const char *name, uint16_t *sel, uint32_t *size);

/*
 * Pure parser (fw/fwcfg_dir.c): look name up in a directory blob as read
 * from FW_CFG_FILE_DIR (u32 BE count, then entries). Bounds-checked against
 * len: a count larger than the blob is an error. 0 found, -1 not found,
 * -2 malformed.
 */
int fwcfg_dir_lookup(const void *dir, size_t len, const char *name,
		     uint16_t *sel, uint32_t *size);
#endif
