// SPDX-License-Identifier: GPL-2.0
/*
 * wqkprobe: checks the tracing recipe that reads work items out of the
 * arguments of queue_work_on(cpu, wq, work) and process_one_work(worker,
 * work).  Not part of the series; the harness builds it against each kernel
 * it boots, and 81-kprobes loads it.
 *
 * Loading it registers a kprobe on each of the two functions, queues
 * WQKP_ITEMS items of its own on a workqueue of its own, waits for them and
 * unregisters the probes.  /sys/module/wqkprobe/parameters/report then says
 * how many of the probes' hits carried one of those items, in the argument
 * where the recipe looks for it:
 *
 *	queue_work_on 64 of 64 process_one_work 64 of 64
 *
 * or "no kprobe on NAME: ERR" when a probe cannot be placed (the function
 * was inlined or renamed).  The handlers only count: process_one_work() is
 * entered with a raw pool lock held.
 */
#include <linux/atomic.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/workqueue.h>

#define WQKP_ITEMS	64

static struct work_struct wqkp_items[WQKP_ITEMS];
static atomic_t wqkp_ran;
static char wqkp_report[128];
module_param_string(report, wqkp_report, sizeof(wqkp_report), 0444);
MODULE_PARM_DESC(report, "what the probes saw");

/* Is @addr one of our items? */
static bool wqkp_ours(unsigned long addr)
{
	unsigned long first = (unsigned long)&wqkp_items[0];

	return addr >= first && addr < first + sizeof(wqkp_items) &&
	       (addr - first) % sizeof(wqkp_items[0]) == 0;
}

struct wqkp_probe {
	struct kprobe	kp;
	unsigned int	arg;	/* which argument is the item */
	atomic_t	hits;
};

static int wqkp_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct wqkp_probe *p = container_of(kp, struct wqkp_probe, kp);

	if (wqkp_ours(regs_get_kernel_argument(regs, p->arg)))
		atomic_inc(&p->hits);
	return 0;
}

static struct wqkp_probe wqkp_probes[] = {
	{ .kp = { .symbol_name = "queue_work_on", .pre_handler = wqkp_pre }, .arg = 2 },
	{ .kp = { .symbol_name = "process_one_work", .pre_handler = wqkp_pre }, .arg = 1 },
};

static void wqkp_fn(struct work_struct *work)
{
	atomic_inc(&wqkp_ran);
}

static int __init wqkp_init(void)
{
	struct workqueue_struct *wq;
	int i, n, ret;

	wq = alloc_workqueue("wqkprobe", 0, 0);
	if (!wq)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(wqkp_probes); i++) {
		ret = register_kprobe(&wqkp_probes[i].kp);
		if (ret) {
			snprintf(wqkp_report, sizeof(wqkp_report), "no kprobe on %s: %d",
				 wqkp_probes[i].kp.symbol_name, ret);
			goto out;
		}
	}
	for (n = 0; n < WQKP_ITEMS; n++) {
		INIT_WORK(&wqkp_items[n], wqkp_fn);
		queue_work(wq, &wqkp_items[n]);
	}
	flush_workqueue(wq);
	snprintf(wqkp_report, sizeof(wqkp_report), "queue_work_on %d of %d process_one_work %d of %d",
		 atomic_read(&wqkp_probes[0].hits), atomic_read(&wqkp_ran),
		 atomic_read(&wqkp_probes[1].hits), atomic_read(&wqkp_ran));
out:
	while (--i >= 0)
		unregister_kprobe(&wqkp_probes[i].kp);
	destroy_workqueue(wq);
	return 0;
}

static void __exit wqkp_exit(void)
{
}

module_init(wqkp_init);
module_exit(wqkp_exit);
MODULE_DESCRIPTION("checks kprobes on queue_work_on() and process_one_work()");
MODULE_LICENSE("GPL");
