// SPDX-License-Identifier: MIT
/*
 * tetdg/tetdg_proc.c - /proc/tetdg_info: what the driver found, for people
 * and shell scripts. `key: value` lines, then one `agent N:` line of
 * key=value pairs per agent (format: docs/tetdg.md; tetd-call prints the
 * same fields from the ioctls). The host line is asked afresh on each read
 * (one TETD_INFO TDCALL, none on plain QEMU).
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include "tetdg.h"
#include "tetdg_table.h"

static void tetdg_proc_agent(struct seq_file *m, const struct tetdg_agent *a)
{
	u32 j;

	seq_printf(m, "agent %u: name=%s id=0x%x version=%u.%u.%u state=%s modes=%s caps=%s "
		   "functions=%u fn_ids=", a->index, a->name, a->id,
		   TETD_AGENT_VERSION_MAJOR(a->version), TETD_AGENT_VERSION_MINOR(a->version),
		   TETD_AGENT_VERSION_PATCH(a->version), tetdg_state_name(a->state),
		   tetdg_modes_name(a->modes), tetdg_caps_name(a->caps), a->fn_count);
	if (!a->fn_count)
		seq_putc(m, '-');
	for (j = 0; j < a->fn_count; j++)
		seq_printf(m, "%s%u", j ? "," : "", a->fn_ids[j]);
	seq_printf(m, " call_buf=0x%llx calls=%llu errors=%llu last_ns=%llu sha384=%*phN\n",
		   (unsigned long long)a->call_buf_gpa, (unsigned long long)a->calls,
		   (unsigned long long)a->errors, (unsigned long long)a->last_ns,
		   (int)sizeof(a->sha384), a->sha384);
}

static int tetdg_proc_show(struct seq_file *m, void *v)
{
	struct tetdg_info info;
	struct tetdg_agent a;
	u32 i;

	tetdg_fill_info(&info);
	seq_printf(m, "abi: %u\n", info.abi_version);
	seq_printf(m, "table-revision: %u\n", info.table_revision);
	seq_printf(m, "platform: %s\n", tetdg_platform_name(info.platform));
	seq_printf(m, "isolation: %s\n", tetdg_isolation_name(info.isolation));
	seq_printf(m, "zone: 0x%llx+0x%llx\n", (unsigned long long)info.zone_gpa,
		   (unsigned long long)info.zone_size);
	seq_printf(m, "transport: %s\n", tetdg_transport_name(info.transport));
	if (!info.host_valid)
		seq_puts(m, "host: none\n");
	else
		seq_printf(m, "host: status=0x%llx flags=0x%llx zone=0x%llx+0x%llx violations=%llu\n",
			   (unsigned long long)info.host_status,
			   (unsigned long long)info.host_flags,
			   (unsigned long long)info.host_zone_gpa,
			   (unsigned long long)info.host_zone_size,
			   (unsigned long long)info.host_violations);
	seq_printf(m, "agents: %u\n", info.agent_count);
	seq_printf(m, "rejected: %u\n", info.agents_rejected);
	for (i = 0; i < info.agent_count; i++) {
		tetdg_fill_agent(&a, i);
		tetdg_proc_agent(m, &a);
	}
	return 0;
}

int tetdg_proc_init(void)
{
	if (!proc_create_single("tetdg_info", 0444, NULL, tetdg_proc_show))
		return -ENOMEM;
	return 0;
}

void tetdg_proc_exit(void)
{
	remove_proc_entry("tetdg_info", NULL);
}
