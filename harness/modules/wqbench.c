// SPDX-License-Identifier: GPL-2.0
/*
 * wqbench: the cost of the workqueue's hot paths, through the public API
 * only, so that it measures stock 6.12 and the series alike.  Not part of
 * the series; the harness builds it against each kernel it boots.
 *
 * Writing N to /sys/module/wqbench/parameters/run runs every row below
 * WQB_REPEAT times with N items each; reading it back gives one line per
 * row, "ROW ns/item MIN MEDIAN MAX" (over the repeats):
 *
 *   chain_percpu	an item that requeues itself on its own CPU's pool of
 *			a per-CPU workqueue: queue_work_on() + running it, with
 *			the worker going on to the next without sleeping
 *   chain_unbound	the same on an unbound workqueue
 *   burst_percpu	a kthread bound to a CPU queues N items on that CPU's
 *			pool and flushes them: queueing in bulk, then running
 */
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/workqueue.h>

#define WQB_REPEAT	7

struct wqb_chain {
	struct work_struct	work;
	struct workqueue_struct	*wq;
	unsigned int		left;
	int			cpu;
	struct completion	done;
};

static void wqb_chain_fn(struct work_struct *work)
{
	struct wqb_chain *c = container_of(work, struct wqb_chain, work);

	if (--c->left)
		queue_work_on(c->cpu, c->wq, &c->work);
	else
		complete(&c->done);
}

/* ns per item of a chain of @n on @wq, queued on @cpu */
static u64 wqb_chain(struct workqueue_struct *wq, int cpu, unsigned int n)
{
	struct wqb_chain c = { .wq = wq, .left = n, .cpu = cpu };
	ktime_t t0;

	INIT_WORK_ONSTACK(&c.work, wqb_chain_fn);
	init_completion(&c.done);
	t0 = ktime_get();
	queue_work_on(cpu, wq, &c.work);
	wait_for_completion(&c.done);
	flush_work(&c.work);
	destroy_work_on_stack(&c.work);
	return div_u64(ktime_to_ns(ktime_sub(ktime_get(), t0)), n);
}

static void wqb_nop_fn(struct work_struct *work)
{
}

struct wqb_burst {
	struct workqueue_struct	*wq;
	struct work_struct	*items;
	unsigned int		n;
	u64			ns;
	struct completion	done;
};

static int wqb_burst_fn(void *arg)
{
	struct wqb_burst *b = arg;
	unsigned int i;
	ktime_t t0;

	for (i = 0; i < b->n; i++)
		INIT_WORK(&b->items[i], wqb_nop_fn);
	t0 = ktime_get();
	for (i = 0; i < b->n; i++)
		queue_work_on(raw_smp_processor_id(), b->wq, &b->items[i]);
	flush_workqueue(b->wq);
	b->ns = div_u64(ktime_to_ns(ktime_sub(ktime_get(), t0)), b->n);
	complete(&b->done);
	return 0;
}

static u64 wqb_burst(struct workqueue_struct *wq, struct work_struct *items, int cpu,
		     unsigned int n)
{
	struct wqb_burst b = { .wq = wq, .items = items, .n = n };
	struct task_struct *t;

	init_completion(&b.done);
	t = kthread_create(wqb_burst_fn, &b, "wqbench/%d", cpu);
	if (IS_ERR(t))
		return 0;
	kthread_bind(t, cpu);
	wake_up_process(t);
	wait_for_completion(&b.done);
	return b.ns;
}

static int wqb_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static char wqb_report[512] = "not run yet\n";

static void wqb_row(const char *row, u64 *ns)
{
	size_t len = strlen(wqb_report);

	sort(ns, WQB_REPEAT, sizeof(*ns), wqb_cmp, NULL);
	snprintf(wqb_report + len, sizeof(wqb_report) - len, "%s ns/item %llu %llu %llu\n",
		 row, ns[0], ns[WQB_REPEAT / 2], ns[WQB_REPEAT - 1]);
}

static int wqb_run(unsigned int n)
{
	struct workqueue_struct *pwq, *uwq;
	u64 ns[3][WQB_REPEAT];
	struct work_struct *items;
	int cpu, r;

	items = kvcalloc(n, sizeof(*items), GFP_KERNEL);
	pwq = alloc_workqueue("wqbench_percpu", 0, 0);
	uwq = alloc_workqueue("wqbench_unbound", WQ_UNBOUND, 0);
	if (!items || !pwq || !uwq) {
		r = -ENOMEM;
		goto out;
	}
	cpu = cpumask_last(cpu_online_mask);
	for (r = 0; r < WQB_REPEAT; r++) {
		ns[0][r] = wqb_chain(pwq, cpu, n);
		ns[1][r] = wqb_chain(uwq, cpu, n);
		ns[2][r] = wqb_burst(pwq, items, cpu, n);
	}
	wqb_report[0] = '\0';
	wqb_row("chain_percpu", ns[0]);
	wqb_row("chain_unbound", ns[1]);
	wqb_row("burst_percpu", ns[2]);
	r = 0;
out:
	if (uwq)
		destroy_workqueue(uwq);
	if (pwq)
		destroy_workqueue(pwq);
	kvfree(items);
	return r;
}

static int wqb_set(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int ret = kstrtouint(val, 0, &n);

	if (ret)
		return ret;
	if (n < 1 || n > 1000000)
		return -EINVAL;
	return wqb_run(n);
}

static int wqb_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s", wqb_report);
}

static const struct kernel_param_ops wqb_ops = {
	.set = wqb_set,
	.get = wqb_get,
};
module_param_cb(run, &wqb_ops, NULL, 0644);
MODULE_PARM_DESC(run, "write N to run the rows with N items; read the results");

MODULE_DESCRIPTION("workqueue hot-path benchmark");
MODULE_LICENSE("GPL");
