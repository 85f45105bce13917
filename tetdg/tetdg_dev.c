// SPDX-License-Identifier: MIT
/*
 * tetdg/tetdg_dev.c - the misc device /dev/tetd and its ioctls (ABI:
 * include/tetd/tetdg_ioctl.h, prose: docs/tetdg.md). Every argument is
 * copied in whole with copy_from_user and checked before use; nothing from
 * user space is dereferenced directly. Agent calls go to the host with
 * TETD_VMM_ENTER (tetdg_tdcall.c); without a host (plain QEMU) they are
 * refused with EOPNOTSUPP.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <tetd/tdx.h>

#include "tetdg.h"

static long tetdg_ioc_list(struct tetdg_list __user *argp)
{
	struct tetdg_list *l;
	long ret = 0;
	u32 i;

	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	l->count = tetdg.body->agent_count;
	for (i = 0; i < l->count; i++)
		tetdg_fill_agent(&l->agents[i], i);
	if (copy_to_user(argp, l, sizeof(*l)))
		ret = -EFAULT;
	kfree(l);
	return ret;
}

static long tetdg_ioc_info(struct tetdg_info __user *argp)
{
	struct tetdg_info info;

	tetdg_fill_info(&info);
	if (copy_to_user(argp, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

/* Checks a call request as the call path will need it; 0 when valid. */
static long tetdg_call_check(const struct tetdg_call *c)
{
	const struct tetd_acpi_agent *a;
	u32 j;

	if (c->reserved)
		return -EINVAL;
	a = tetdg_agent(c->agent_index);
	if (!a)
		return -ENOENT;
	if ((c->mode != TETD_MODE_EXCLUSIVE && c->mode != TETD_MODE_COLLABORATIVE) ||
	    !(c->mode & a->modes))
		return -EINVAL;
	if (c->in_len > TETD_CALL_MAX_IN || c->out_cap > TETD_CALL_MAX_OUT)
		return -EINVAL;
	if (a->state != TETD_ZONE_AGENT_READY)
		return -EIO;
	for (j = 0; j < a->fn_count; j++)
		if (a->fn_ids[j] == c->fn_id)
			return 0;
	return -ENOENT;
}

static long tetdg_ioc_call(struct tetdg_call __user *argp)
{
	struct tetdg_call c;
	struct tetdg_stats *stat;
	u64 t0;
	long ret;
	u8 *in, *out;

	if (copy_from_user(&c, argp, sizeof(c)))
		return -EFAULT;
	ret = tetdg_call_check(&c);
	if (ret)
		return ret;
	in = kmalloc(TETD_CALL_MAX_IN, GFP_KERNEL);
	out = kmalloc(TETD_CALL_MAX_OUT, GFP_KERNEL);
	if (!in || !out) {
		ret = -ENOMEM;
		goto done;
	}
	if (copy_from_user(in, u64_to_user_ptr(c.in), c.in_len) ||
	    !access_ok(u64_to_user_ptr(c.out), c.out_cap)) {
		ret = -EFAULT;
		goto done;
	}
	stat = &tetdg.stats[c.agent_index];
	t0 = ktime_get_ns();
	ret = tetdg_vmm_enter(c.agent_index, c.mode, c.fn_id, in, c.in_len, out, c.out_cap,
			      &c.out_len, &c.status);
	atomic64_set(&stat->last_ns, ktime_get_ns() - t0);
	if (ret == -EOPNOTSUPP)
		pr_info_once("agent calls: no TETD host and no in-guest call path (%s)\n",
			     tetdg_inguest_why() ?: "?");
	if (ret != -EOPNOTSUPP)
		atomic64_inc(&stat->calls);
	if (ret || c.status != TETD_OK)
		atomic64_inc(&stat->errors);
	if (!ret && (copy_to_user(u64_to_user_ptr(c.out), out, c.out_len) ||
		     copy_to_user(argp, &c, sizeof(c))))
		ret = -EFAULT;
done:
	kfree(in);
	kfree(out);
	return ret;
}

static long tetdg_ioc_report(struct tetdg_report __user *argp)
{
	struct tetdg_report *r;
	long ret;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	if (copy_from_user(r->reportdata, argp->reportdata, sizeof(r->reportdata))) {
		ret = -EFAULT;
		goto out;
	}
	ret = tetdg_mr_report(r->reportdata, r->tdreport);
	if (!ret && copy_to_user(argp->tdreport, r->tdreport, sizeof(r->tdreport)))
		ret = -EFAULT;
out:
	kfree(r);
	return ret;
}

static long tetdg_ioc_quote(struct tetdg_quote __user *argp)
{
	struct tetdg_quote *q;
	u8 *report;
	long ret;

	q = kzalloc(sizeof(*q), GFP_KERNEL);
	report = kzalloc(TDX_REPORT_LEN, GFP_KERNEL);
	if (!q || !report) {
		ret = -ENOMEM;
		goto out;
	}
	if (copy_from_user(q->reportdata, argp->reportdata, sizeof(q->reportdata))) {
		ret = -EFAULT;
		goto out;
	}
	ret = tetdg_mr_report(q->reportdata, report);
	if (!ret) {
		q->quote_len = sizeof(q->quote);
		ret = tetdg_get_quote(report, q->quote, &q->quote_len);
	}
	if (!ret && copy_to_user(argp, q, sizeof(*q)))
		ret = -EFAULT;
out:
	kfree(report);
	kfree(q);
	return ret;
}

static long tetdg_ioc_grant(struct tetdg_grant __user *argp)
{
	struct tetdg_grant g;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&g, argp, sizeof(g)))
		return -EFAULT;
	if (g.reserved || g.flags != TETD_GPA_READ || !g.len || g.gpa + g.len < g.gpa)
		return -EINVAL;
	return tetdg_agent_access(g.agent_index, g.gpa, g.len);
}

static long tetdg_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case TETDG_IOC_LIST:
		return tetdg_ioc_list(argp);
	case TETDG_IOC_INFO:
		return tetdg_ioc_info(argp);
	case TETDG_IOC_CALL:
		return tetdg_ioc_call(argp);
	case TETDG_IOC_REPORT:
		return tetdg_ioc_report(argp);
	case TETDG_IOC_QUOTE:
		return tetdg_ioc_quote(argp);
	case TETDG_IOC_GRANT:
		return tetdg_ioc_grant(argp);
	}
	return -ENOTTY;
}

static const struct file_operations tetdg_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = tetdg_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = no_llseek,
};

static struct miscdevice tetdg_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "tetd",
	.fops = &tetdg_fops,
	.mode = 0600,
};

int tetdg_dev_init(void)
{
	int ret = misc_register(&tetdg_misc);

	if (ret)
		pr_err("registering /dev/tetd: error %d\n", ret);
	return ret;
}

void tetdg_dev_exit(void)
{
	misc_deregister(&tetdg_misc);
}
