// SPDX-License-Identifier: GPL-2.0
/*
 * wqdemo: puts a burst of work on the workqueues for `make run` and says
 * what happened.  Not part of the series; the harness builds it against
 * each kernel it boots.
 *
 * Loading it creates "wqdemo_unbound", an unbound WQ_SYSFS workqueue that
 * the guest tunes through /sys/bus/workqueue/devices/wqdemo_unbound/, and
 * "wqdemo_percpu", a per-CPU one, for the boot tests of sysfs.
 * Writing a number N to /sys/module/wqdemo/parameters/burst queues N items
 * of each kind below per online CPU and waits for them; reading
 * /sys/module/wqdemo/parameters/report then tells what ran where:
 *
 *   - CPU-bound items on system_wq (per-CPU): concurrency management
 *     should run them one at a time on each CPU;
 *   - sleeping items on system_wq: while one sleeps the pool starts the
 *     next, so several run at once on a CPU;
 *   - items on wqdemo_unbound: they run only on CPUs of its cpumask.
 *
 * Writing 1 to /sys/module/wqdemo/parameters/freezable starts a delayed
 * item on system_freezable_wq that requeues itself every 10 ms and counts
 * its runs in /sys/module/wqdemo/parameters/freezable_runs; 0 stops it.
 *
 * The burst takes no CPU hotplug lock, so the boot tests run it while CPUs
 * go offline and back; the report's last line says whether every item ran.
 */

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

enum demo_kind { DEMO_SPIN, DEMO_SLEEP, DEMO_UNBOUND, DEMO_NR };

static const char * const demo_names[DEMO_NR] = {
	"CPU-bound on system_wq", "sleeping on system_wq", "on wqdemo_unbound",
};

struct demo_item {
	struct work_struct work;
	enum demo_kind kind;
};

struct demo_stats {
	atomic_t ran[NR_CPUS];
	atomic_t now[NR_CPUS];
	atomic_t peak[NR_CPUS];
};

static struct workqueue_struct *demo_wq;
static struct workqueue_struct *demo_percpu_wq;
static struct demo_stats *stats;	/* DEMO_NR entries */
static char report[PAGE_SIZE];
static DEFINE_MUTEX(demo_lock);

static void demo_fn(struct work_struct *work)
{
	struct demo_item *it = container_of(work, struct demo_item, work);
	struct demo_stats *st = &stats[it->kind];
	int cpu = raw_smp_processor_id();
	int n = atomic_inc_return(&st->now[cpu]);
	int peak = atomic_read(&st->peak[cpu]);

	while (n > peak && !atomic_try_cmpxchg(&st->peak[cpu], &peak, n))
		;
	atomic_inc(&st->ran[cpu]);
	if (it->kind == DEMO_SLEEP) {
		msleep(20);
	} else {
		ktime_t end = ktime_add_us(ktime_get(), 500);

		while (ktime_before(ktime_get(), end))	/* stay on the CPU */
			cpu_relax();
	}
	atomic_dec(&st->now[cpu]);
}

static int demo_report(int kind, int pos)
{
	struct demo_stats *st = &stats[kind];
	int cpu, total = 0, peak = 0;

	for_each_possible_cpu(cpu) {
		total += atomic_read(&st->ran[cpu]);
		peak = max(peak, atomic_read(&st->peak[cpu]));
	}
	pos += scnprintf(report + pos, sizeof(report) - pos,
			 "  %3d items %-24s ran on CPUs", total, demo_names[kind]);
	for_each_possible_cpu(cpu)
		if (atomic_read(&st->ran[cpu]))
			pos += scnprintf(report + pos, sizeof(report) - pos, " %d:%d",
					 cpu, atomic_read(&st->ran[cpu]));
	pos += scnprintf(report + pos, sizeof(report) - pos,
			 "; at most %d at once on one CPU\n", peak);
	return pos;
}

static int demo_burst(unsigned int per_cpu)
{
	struct demo_item *items;
	cpumask_var_t cpus;
	unsigned int nr;
	ktime_t start;
	int i, cpu, pos = 0, total = 0;
	s64 ms;

	if (!alloc_cpumask_var(&cpus, GFP_KERNEL))
		return -ENOMEM;
	/* a snapshot: CPUs may go offline while the items are queued */
	cpumask_copy(cpus, cpu_online_mask);
	nr = per_cpu * cpumask_weight(cpus);
	items = kcalloc(nr * DEMO_NR, sizeof(*items), GFP_KERNEL);
	if (!items) {
		free_cpumask_var(cpus);
		return -ENOMEM;
	}
	memset(stats, 0, sizeof(*stats) * DEMO_NR);
	start = ktime_get();
	i = 0;
	for (int k = 0; k < DEMO_NR; k++) {
		for_each_cpu(cpu, cpus) {
			for (unsigned int j = 0; j < per_cpu; j++, i++) {
				INIT_WORK(&items[i].work, demo_fn);
				items[i].kind = k;
				if (k == DEMO_UNBOUND)
					queue_work(demo_wq, &items[i].work);
				else
					queue_work_on(cpu, system_wq, &items[i].work);
			}
		}
	}
	for (i = 0; i < nr * DEMO_NR; i++)
		flush_work(&items[i].work);
	ms = ktime_ms_delta(ktime_get(), start);
	kfree(items);
	free_cpumask_var(cpus);

	pos = scnprintf(report, sizeof(report), "burst of %u items in %lld ms:\n",
			nr * DEMO_NR, ms);
	for (int k = 0; k < DEMO_NR; k++)
		pos = demo_report(k, pos);
	for (int k = 0; k < DEMO_NR; k++)
		for_each_possible_cpu(cpu)
			total += atomic_read(&stats[k].ran[cpu]);
	scnprintf(report + pos, sizeof(report) - pos, "complete: %s\n",
		  total == nr * DEMO_NR ? "yes" : "NO");
	return 0;
}

static atomic_t freezable_runs;
static bool freezable_on;
static void freezable_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(freezable_dwork, freezable_fn);

static void freezable_fn(struct work_struct *work)
{
	atomic_inc(&freezable_runs);
	if (READ_ONCE(freezable_on))
		queue_delayed_work(system_freezable_wq, &freezable_dwork,
				   msecs_to_jiffies(10));
}

static int freezable_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	mutex_lock(&demo_lock);
	WRITE_ONCE(freezable_on, on);
	if (on)
		queue_delayed_work(system_freezable_wq, &freezable_dwork, 0);
	else
		cancel_delayed_work_sync(&freezable_dwork);
	mutex_unlock(&demo_lock);
	return 0;
}

static int freezable_runs_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&freezable_runs));
}

static int burst_set(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int ret = kstrtouint(val, 0, &n);

	if (ret)
		return ret;
	if (!n || n > 256)
		return -EINVAL;
	mutex_lock(&demo_lock);
	ret = demo_burst(n);
	mutex_unlock(&demo_lock);
	return ret;
}

static int report_get(char *buf, const struct kernel_param *kp)
{
	int n;

	mutex_lock(&demo_lock);
	n = sysfs_emit(buf, "%s", report[0] ? report : "no burst yet\n");
	mutex_unlock(&demo_lock);
	return n;
}

static const struct kernel_param_ops burst_ops = { .set = burst_set };
static const struct kernel_param_ops report_ops = { .get = report_get };
module_param_cb(burst, &burst_ops, NULL, 0200);
module_param_cb(report, &report_ops, NULL, 0444);
static const struct kernel_param_ops freezable_ops = { .set = freezable_set };
static const struct kernel_param_ops freezable_runs_ops = { .get = freezable_runs_get };
module_param_cb(freezable, &freezable_ops, NULL, 0200);
module_param_cb(freezable_runs, &freezable_runs_ops, NULL, 0444);

static int __init wqdemo_init(void)
{
	stats = kcalloc(DEMO_NR, sizeof(*stats), GFP_KERNEL);
	if (!stats)
		return -ENOMEM;
	demo_wq = alloc_workqueue("wqdemo_unbound", WQ_UNBOUND | WQ_SYSFS, 0);
	demo_percpu_wq = alloc_workqueue("wqdemo_percpu", WQ_SYSFS, 0);
	if (!demo_wq || !demo_percpu_wq) {
		if (demo_wq)
			destroy_workqueue(demo_wq);
		if (demo_percpu_wq)
			destroy_workqueue(demo_percpu_wq);
		kfree(stats);
		return -ENOMEM;
	}
	return 0;
}

static void __exit wqdemo_exit(void)
{
	WRITE_ONCE(freezable_on, false);
	cancel_delayed_work_sync(&freezable_dwork);
	destroy_workqueue(demo_wq);
	destroy_workqueue(demo_percpu_wq);
	kfree(stats);
}

module_init(wqdemo_init);
module_exit(wqdemo_exit);
MODULE_DESCRIPTION("A burst of work for the cmwq workbench demo");
MODULE_LICENSE("GPL");
