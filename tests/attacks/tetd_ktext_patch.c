// SPDX-License-Identifier: MIT
/*
 * tests/attacks/tetd_ktext_patch.c - tetd_ktext_patch.ko: what a rootkit
 * does to kernel code, reduced to one byte, for kintegrity's demo (`make
 * run`) and tests. Loading it changes one byte of the running kernel's
 * text - the first byte of kernel_power_off(), a function nothing calls
 * while the module is loaded - through a fresh writable alias of that page
 * (vmap with PAGE_KERNEL, the way text_poke() used to do it), so the
 * kernel's read-only text mapping is no obstacle. Unloading it puts the
 * byte back. One log line each way:
 *
 *     tetd_ktext_patch: patched kernel text at phys 0x... (kernel_power_off): 0x.. -> 0x..
 *     tetd_ktext_patch: restored kernel text at phys 0x...
 *
 * kintegrity (agents/kintegrity) must say "modified at <that 64 KiB
 * chunk>" while it is loaded and "intact" again after rmmod.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/reboot.h>
#include <linux/vmalloc.h>

static u8 *target;
static u8 saved;

/* Write one byte of kernel text through a temporary writable alias. */
static int poke(u8 *addr, u8 val)
{
	struct page *page = virt_to_page(addr);
	u8 *alias = vmap(&page, 1, VM_MAP, PAGE_KERNEL);

	if (!alias)
		return -ENOMEM;
	WRITE_ONCE(alias[offset_in_page(addr)], val);
	vunmap(alias);
	return 0;
}

static int __init ktext_patch_init(void)
{
	int ret;

	target = (u8 *)kernel_power_off;
	saved = READ_ONCE(*target);
	ret = poke(target, saved ^ 0xff);
	if (ret)
		return ret;
	pr_info("tetd_ktext_patch: patched kernel text at phys 0x%llx (kernel_power_off): "
		"0x%02x -> 0x%02x\n", (unsigned long long)__pa_symbol(target), saved,
		READ_ONCE(*target));
	return 0;
}

static void __exit ktext_patch_exit(void)
{
	if (poke(target, saved) == 0)
		pr_info("tetd_ktext_patch: restored kernel text at phys 0x%llx\n",
			(unsigned long long)__pa_symbol(target));
	else
		pr_err("tetd_ktext_patch: could not restore kernel text at phys 0x%llx\n",
		       (unsigned long long)__pa_symbol(target));
}

module_init(ktext_patch_init);
module_exit(ktext_patch_exit);
MODULE_DESCRIPTION("TETD test: patch one byte of kernel text (kintegrity demo)");
MODULE_LICENSE("Dual MIT/GPL");
