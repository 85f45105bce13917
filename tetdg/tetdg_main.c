// SPDX-License-Identifier: MIT
/*
 * tetdg/tetdg_main.c - the tetdg module: the guest kernel's side of TETD
 * (ARCHITECTURE.md, "TD boot flow" step 6). At load it finds the ACPI TETD
 * table the firmware's tetdg-early published (agents installed in the
 * secret zone before this kernel ran), validates it strictly and keeps a
 * copy, learns how TDCALLs reach a host, and only then exposes /dev/tetd
 * (tetdg_dev.c) and /proc/tetdg_info (tetdg_proc.c). A malformed table
 * makes the load fail: nothing is exposed from bytes the driver could not
 * check. No module parameters.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/acpi.h>
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "tetdg.h"
#include "tetdg_table.h"

struct tetdg_state tetdg;

/* The TETD table, validated, copied out of the ACPI mapping. */
static int tetdg_find_table(void)
{
	struct acpi_table_header *hdr;
	char err[160];
	acpi_status st;
	void *copy;

	if (acpi_disabled) {
		pr_info("ACPI is disabled: no TETD table to read\n");
		return -ENODEV;
	}
	st = acpi_get_table(TETD_ACPI_SIGNATURE, 0, &hdr);
	if (st == AE_NOT_FOUND) {
		pr_info("no ACPI TETD table: the firmware installed no TETD agents\n");
		return -ENODEV;
	}
	if (ACPI_FAILURE(st)) {
		pr_err("reading the ACPI TETD table: %s\n", acpi_format_exception(st));
		return -EIO;
	}
	if (tetdg_table_check(hdr, hdr->length, err, sizeof(err))) {
		pr_err("malformed ACPI TETD table, refusing to load: %s\n", err);
		acpi_put_table(hdr);
		return -EBADMSG;
	}
	copy = kmemdup(hdr, hdr->length, GFP_KERNEL);
	acpi_put_table(hdr);
	if (!copy)
		return -ENOMEM;
	tetdg.table = copy;
	tetdg.body = tetdg_table_body(copy);
	return 0;
}

const struct tetd_acpi_agent *tetdg_agent(u32 index)
{
	if (index >= tetdg.body->agent_count)
		return NULL;
	return tetdg_table_agent(tetdg.table, index);
}

void tetdg_fill_agent(struct tetdg_agent *out, u32 index)
{
	const struct tetd_acpi_agent *a = tetdg_agent(index);
	const struct tetdg_stats *s = &tetdg.stats[index];

	memset(out, 0, sizeof(*out));
	if (!a)
		return;
	memcpy(out->name, a->name, sizeof(out->name));
	out->index = a->index;
	out->id = a->id;
	out->version = a->version;
	out->modes = a->modes;
	out->caps = a->caps;
	out->state = a->state;
	out->fn_count = a->fn_count;
	memcpy(out->fn_ids, a->fn_ids, sizeof(out->fn_ids));
	out->call_buf_gpa = a->call_buf_gpa;
	memcpy(out->sha384, a->sha384, sizeof(out->sha384));
	out->calls = atomic64_read(&s->calls);
	out->errors = atomic64_read(&s->errors);
	out->last_ns = atomic64_read(&s->last_ns);
}

void tetdg_fill_info(struct tetdg_info *out)
{
	const struct tetd_acpi_body *b = tetdg.body;
	struct tetdg_host_info h;

	memset(out, 0, sizeof(*out));
	out->abi_version = TETDG_ABI_VERSION;
	out->table_revision = ((const struct acpi_table_header *)tetdg.table)->revision;
	out->platform = b->platform;
	out->isolation = b->isolation;
	out->zone_gpa = b->zone_gpa;
	out->zone_size = b->zone_size;
	out->agent_count = b->agent_count;
	out->agents_rejected = b->agents_rejected;
	out->transport = tetdg.transport;
	if (tetdg_host_info(&h) == 0) {
		out->host_valid = 1;
		out->host_status = h.status;
		out->host_flags = h.flags;
		out->host_zone_gpa = h.zone_gpa;
		out->host_zone_size = h.zone_size;
		out->host_violations = h.violations;
	}
}

const char *tetdg_transport_name(u32 transport)
{
	switch (transport) {
	case TETDG_TRANSPORT_SIM: return "sim";
	case TETDG_TRANSPORT_TDX: return "tdx";
	}
	return "none";
}

static int __init tetdg_init(void)
{
	const struct tetd_acpi_body *b;
	int ret;

	ret = tetdg_find_table();
	if (ret)
		return ret;
	b = tetdg.body;
	tetdg.transport = tetdg_transport_probe();
	if (tetdg.transport == TETDG_TRANSPORT_NONE && tetdg_inguest_init())
		pr_warn("no TETD host and no in-guest call path (%s): agent calls will fail\n",
			tetdg_inguest_why());
	ret = tetdg_proc_init();
	if (ret)
		goto err_table;
	ret = tetdg_dev_init();
	if (ret)
		goto err_proc;
	pr_info("TETD table: platform %s, isolation %s, zone 0x%llx+0x%llx, %u agents "
		"(%u rejected), TDCALL transport %s\n",
		tetdg_platform_name(b->platform), tetdg_isolation_name(b->isolation),
		(unsigned long long)b->zone_gpa, (unsigned long long)b->zone_size,
		b->agent_count, b->agents_rejected, tetdg_transport_name(tetdg.transport));
	return 0;

err_proc:
	tetdg_proc_exit();
err_table:
	tetdg_inguest_exit();
	kfree(tetdg.table);
	tetdg.table = NULL;
	return ret;
}

static void __exit tetdg_exit(void)
{
	tetdg_dev_exit();
	tetdg_proc_exit();
	tetdg_inguest_exit();
	kfree(tetdg.table);
	tetdg.table = NULL;
}

module_init(tetdg_init);
module_exit(tetdg_exit);
MODULE_DESCRIPTION("TETD guest driver: agents installed by firmware, /dev/tetd");
MODULE_LICENSE("Dual MIT/GPL");
