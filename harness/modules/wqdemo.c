// SPDX-License-Identifier: GPL-2.0
/*
 * wqdemo: puts a burst of work on the workqueues for `make run` and says
 * what happened.  Not part of the series; the harness builds it against
 * each kernel it boots.
 *
 * Loading it creates "wqdemo_unbound", an unbound WQ_SYSFS workqueue that
 * the guest tunes through /sys/bus/workqueue/devices/wqdemo_unbound/, and
 * "wqdemo_percpu", a per-CPU one, for the boot tests of sysfs, and
 * "wqdemo_pwr", a WQ_POWER_EFFICIENT one (unbound under
 * workqueue.power_efficient=1).
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
 *
 * Writing "CPU N serial" or "CPU N burst" to
 * /sys/module/wqdemo/parameters/probe queues N (1..256) items on
 * wqdemo_unbound from a kthread bound to CPU and waits for them: "serial"
 * queues one item and flushes it before queueing the next, so the queueing
 * CPU idles while the item runs; "burst" queues N items that spin for 20 ms
 * each at once, then flushes them all.  Reading it back says where the items
 * ran, e.g. "ran 16 of 16 on 0-1", for the boot tests of affinity scopes.
 *
 * Writing N (1..4096) to /sys/module/wqdemo/parameters/flood queues N items
 * on wqdemo_unbound that sleep 5 ms each and returns at once; writing 0 waits
 * for them.  Reading it gives "done X of N", for the boot tests that retune
 * the workqueue while it is busy.
 *
 * Writing N (1..1024) to /sys/module/wqdemo/parameters/ordered feeds N
 * items to "wqdemo_ordered", an ordered workqueue, and returns at once;
 * writing 0 waits for them.  Reading it says whether they ran one at a
 * time and in turn, for the boot test of ordering across attrs changes.
 *
 * Writing a CPU number to /sys/module/wqdemo/parameters/rescue takes that
 * CPU's normal pool out of workers: after an item that naps and one that
 * spins (see rescue_lead), rounds of 16 items that sleep until the probe
 * ends are queued on wqdemo_percpu there, each round followed by one item
 * of "wqdemo_reclaim", a WQ_MEM_RECLAIM workqueue that lives until "wait",
 * until that item has run in its rescuer or RESCUE_MAX items sleep; then
 * it lets the sleepers go and returns.  While worker creation
 * fails (the series' fail_workqueue_worker) only the rescuer can run the
 * item, and the sleepers cannot all run: writing "wait" waits for them once
 * creation works again.  Reading it back gives "rescued after N sleepers",
 * "run by a worker after N sleepers" or "not run after N sleepers", for the
 * boot test of forward progress.
 *
 * Writing "start" to /sys/module/wqdemo/parameters/ordered_cancel creates
 * "wqdemo_ordcancel", an ordered workqueue, and runs an item there that
 * blocks; the boot test then changes the global cpumask, which gives the
 * workqueue a new pool_workqueue.  Writing "cancel" queues the item again,
 * onto the new pool_workqueue, calls cancel_work_sync() on it from a
 * kthread and, half a second later, lets the running instance go; "flush"
 * does the same with cancel_work() and then flush_work().  Reading it back
 * says whether the call "waited for the running instance" or "returned
 * while the item still ran".
 */

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
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
static struct workqueue_struct *demo_pwr_wq;	/* unbound iff power_efficient */
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

#define PROBE_MAX		256
#define PROBE_SERIAL_US		1000
#define PROBE_BURST_US		20000

struct probe_item {
	struct work_struct work;
	unsigned int spin_us;
};

struct probe {
	struct probe_item *items;
	unsigned int nr;
	bool burst;
	struct completion done;
};

static cpumask_var_t probe_ran;
static atomic_t probe_count;
static unsigned int probe_nr;

static void probe_fn(struct work_struct *work)
{
	struct probe_item *it = container_of(work, struct probe_item, work);
	ktime_t end = ktime_add_us(ktime_get(), it->spin_us);

	cpumask_set_cpu(raw_smp_processor_id(), probe_ran);
	while (ktime_before(ktime_get(), end))	/* stay on the CPU */
		cpu_relax();
	/* an unbound worker may have moved meanwhile: count where it ends too */
	cpumask_set_cpu(raw_smp_processor_id(), probe_ran);
	atomic_inc(&probe_count);
}

/* Runs bound to the probed CPU: everything it queues is queued from there. */
static int probe_thread(void *data)
{
	struct probe *pr = data;
	unsigned int i;

	for (i = 0; i < pr->nr; i++) {
		INIT_WORK(&pr->items[i].work, probe_fn);
		pr->items[i].spin_us = pr->burst ? PROBE_BURST_US : PROBE_SERIAL_US;
		queue_work(demo_wq, &pr->items[i].work);
		if (!pr->burst)
			flush_work(&pr->items[i].work);
	}
	for (i = 0; i < pr->nr; i++)
		flush_work(&pr->items[i].work);
	complete(&pr->done);
	return 0;
}

static int probe_set(const char *val, const struct kernel_param *kp)
{
	struct probe pr = { };
	struct task_struct *t;
	unsigned int cpu;
	char mode[8], extra;
	int ret = 0;

	if (sscanf(val, "%u %u %7s %c", &cpu, &pr.nr, mode, &extra) != 3)
		return -EINVAL;
	if (!strcmp(mode, "burst"))
		pr.burst = true;
	else if (strcmp(mode, "serial"))
		return -EINVAL;
	if (cpu >= nr_cpu_ids || !pr.nr || pr.nr > PROBE_MAX)
		return -EINVAL;
	pr.items = kcalloc(pr.nr, sizeof(*pr.items), GFP_KERNEL);
	if (!pr.items)
		return -ENOMEM;
	init_completion(&pr.done);

	mutex_lock(&demo_lock);
	cpus_read_lock();	/* keeps the CPU online while its thread queues */
	if (!cpu_online(cpu)) {
		ret = -EINVAL;
		goto out_unlock;
	}
	t = kthread_create_on_cpu(probe_thread, &pr, cpu, "wqdemo_probe/%u");
	if (IS_ERR(t)) {
		ret = PTR_ERR(t);
		goto out_unlock;
	}
	cpumask_clear(probe_ran);
	atomic_set(&probe_count, 0);
	probe_nr = pr.nr;
	get_task_struct(t);
	wake_up_process(t);
	wait_for_completion(&pr.done);
	kthread_stop_put(t);	/* it has left this module's code when this returns */
out_unlock:
	cpus_read_unlock();
	mutex_unlock(&demo_lock);
	kfree(pr.items);
	return ret;
}

static int probe_get(char *buf, const struct kernel_param *kp)
{
	int n;

	mutex_lock(&demo_lock);
	if (probe_nr)
		n = sysfs_emit(buf, "ran %d of %u on %*pbl\n", atomic_read(&probe_count),
			       probe_nr, cpumask_pr_args(probe_ran));
	else
		n = sysfs_emit(buf, "no probe yet\n");
	mutex_unlock(&demo_lock);
	return n;
}

static const struct kernel_param_ops probe_ops = { .set = probe_set, .get = probe_get };
module_param_cb(probe, &probe_ops, NULL, 0600);

#define FLOOD_MAX	4096

static struct work_struct *flood_items;
static unsigned int flood_nr;
static atomic_t flood_done;
static DEFINE_MUTEX(flood_lock);

static void flood_fn(struct work_struct *work)
{
	msleep(5);
	atomic_inc(&flood_done);
}

/* Waits for the last flood and frees it; flood_nr stays for the report. */
static void flood_wait(void)
{
	unsigned int i;

	lockdep_assert_held(&flood_lock);
	if (!flood_items)
		return;
	for (i = 0; i < flood_nr; i++)
		flush_work(&flood_items[i]);
	kfree(flood_items);
	flood_items = NULL;
}

static int flood_set(const char *val, const struct kernel_param *kp)
{
	unsigned int n, i;
	int ret = kstrtouint(val, 0, &n);

	if (ret)
		return ret;
	if (n > FLOOD_MAX)
		return -EINVAL;
	mutex_lock(&flood_lock);
	flood_wait();
	if (n) {
		flood_items = kcalloc(n, sizeof(*flood_items), GFP_KERNEL);
		if (!flood_items) {
			ret = -ENOMEM;
			goto out_unlock;
		}
		atomic_set(&flood_done, 0);
		WRITE_ONCE(flood_nr, n);
		for (i = 0; i < n; i++) {
			INIT_WORK(&flood_items[i], flood_fn);
			queue_work(demo_wq, &flood_items[i]);
		}
	}
out_unlock:
	mutex_unlock(&flood_lock);
	return ret;
}

static int flood_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "done %d of %u\n", atomic_read(&flood_done),
			  READ_ONCE(flood_nr));
}

static const struct kernel_param_ops flood_ops = { .set = flood_set, .get = flood_get };
module_param_cb(flood, &flood_ops, NULL, 0600);

/*
 * "ordered": N items on wqdemo_ordered, an ordered workqueue, that check
 * they run in queueing order and one at a time; writing 0 waits for them.
 * A feeder queues them 10 at a time every 10 ms, faster than they run, so
 * that a change of the global unbound cpumask meanwhile finds items both
 * waiting on the old pool_workqueue and arriving on the new one.
 */
#define ORDERED_MAX	1024
static struct workqueue_struct *demo_ordered_wq;
static DEFINE_MUTEX(ordered_lock);
static struct work_struct *ordered_items;
static unsigned int ordered_nr, ordered_queued;
static atomic_t ordered_ran, ordered_next, ordered_wrong, ordered_now, ordered_peak;

static void ordered_feed_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(ordered_feed, ordered_feed_fn);

static void ordered_feed_fn(struct work_struct *work)
{
	unsigned int i, end = min(ordered_queued + 10, ordered_nr);

	for (i = ordered_queued; i < end; i++)
		queue_work(demo_ordered_wq, &ordered_items[i]);
	WRITE_ONCE(ordered_queued, end);
	if (end < ordered_nr)
		schedule_delayed_work(&ordered_feed, msecs_to_jiffies(10));
}

static void ordered_fn(struct work_struct *work)
{
	int idx = work - ordered_items;

	if (atomic_inc_return(&ordered_now) > 1)
		atomic_set(&ordered_peak, 2);
	if (atomic_xchg(&ordered_next, idx + 1) != idx)
		atomic_inc(&ordered_wrong);
	msleep(2);
	atomic_inc(&ordered_ran);
	atomic_dec(&ordered_now);
}

static void ordered_wait(void)
{
	lockdep_assert_held(&ordered_lock);
	if (!ordered_items)
		return;
	while (READ_ONCE(ordered_queued) < ordered_nr)
		flush_delayed_work(&ordered_feed);
	flush_workqueue(demo_ordered_wq);
	kfree(ordered_items);
	ordered_items = NULL;
}

static int ordered_set(const char *val, const struct kernel_param *kp)
{
	unsigned int n, i;
	int ret = kstrtouint(val, 0, &n);

	if (ret)
		return ret;
	if (n > ORDERED_MAX)
		return -EINVAL;
	mutex_lock(&ordered_lock);
	ordered_wait();
	if (n) {
		ordered_items = kcalloc(n, sizeof(*ordered_items), GFP_KERNEL);
		if (!ordered_items) {
			ret = -ENOMEM;
			goto out_unlock;
		}
		atomic_set(&ordered_ran, 0);
		atomic_set(&ordered_next, 0);
		atomic_set(&ordered_wrong, 0);
		atomic_set(&ordered_peak, 1);
		WRITE_ONCE(ordered_nr, n);
		ordered_queued = 0;
		for (i = 0; i < n; i++)
			INIT_WORK(&ordered_items[i], ordered_fn);
		schedule_delayed_work(&ordered_feed, 0);
	}
out_unlock:
	mutex_unlock(&ordered_lock);
	return ret;
}

static int ordered_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "ran %d of %u, %d out of turn, at most %d at once\n",
			  atomic_read(&ordered_ran), READ_ONCE(ordered_nr),
			  atomic_read(&ordered_wrong), atomic_read(&ordered_peak));
}

static const struct kernel_param_ops ordered_ops = { .set = ordered_set, .get = ordered_get };
module_param_cb(ordered, &ordered_ops, NULL, 0600);

#define RESCUE_MAX	240	/* below wqdemo_percpu's max_active */
#define RESCUE_ROUND	16
#define RESCUE_SLEEP	(30 * HZ)	/* a sleeper's limit, should the probe hang */

/* One probe's items, kept until "wait": while creation fails, they cannot run. */
static DEFINE_MUTEX(rescue_lock);
static struct workqueue_struct *rescue_wq;
static struct work_struct *rescue_sleepers;
static unsigned int rescue_nr;
static struct work_struct rescue_item;
static DECLARE_COMPLETION(rescue_release);
static DECLARE_COMPLETION(rescue_ran);
static bool rescue_by_rescuer;
static char rescue_result[64] = "no rescue probe yet";

static void rescue_sleeper_fn(struct work_struct *work)
{
	wait_for_completion_timeout(&rescue_release, RESCUE_SLEEP);
}

/*
 * The first two items: one that sleeps a moment, so that another worker
 * becomes the pool's manager, and one that keeps the first worker running
 * past the manager's first mayday, which then finds a worker running and
 * no need to call the rescuers.  The mayday must come again once every
 * worker sleeps.
 */
#define RESCUE_LEAD_SLEEP_MS	2
#define RESCUE_LEAD_SPIN_MS	100

static struct work_struct rescue_lead[2];

static void rescue_nap_fn(struct work_struct *work)
{
	msleep(RESCUE_LEAD_SLEEP_MS);
}

static void rescue_spin_fn(struct work_struct *work)
{
	mdelay(RESCUE_LEAD_SPIN_MS);
}

static void rescue_item_fn(struct work_struct *work)
{
	char comm[TASK_COMM_LEN];

	/* current_is_workqueue_rescuer() is not exported: its name tells */
	get_task_comm(comm, current);
	WRITE_ONCE(rescue_by_rescuer, str_has_prefix(comm, "kworker/R-"));
	complete(&rescue_ran);
}

/* Rounds of sleepers on @cpu until the reclaim item runs in the rescuer. */
static void rescue_probe(unsigned int cpu)
{
	const char *how = "not run";
	bool ran, rescued = false;
	unsigned int i;

	INIT_WORK(&rescue_item, rescue_item_fn);
	reinit_completion(&rescue_release);
	INIT_WORK(&rescue_lead[0], rescue_nap_fn);
	INIT_WORK(&rescue_lead[1], rescue_spin_fn);
	queue_work_on(cpu, demo_percpu_wq, &rescue_lead[0]);
	queue_work_on(cpu, demo_percpu_wq, &rescue_lead[1]);
	while (!rescued && rescue_nr < RESCUE_MAX) {
		for (i = 0; i < RESCUE_ROUND; i++, rescue_nr++) {
			INIT_WORK(&rescue_sleepers[rescue_nr], rescue_sleeper_fn);
			queue_work_on(cpu, demo_percpu_wq, &rescue_sleepers[rescue_nr]);
		}
		reinit_completion(&rescue_ran);
		queue_work_on(cpu, rescue_wq, &rescue_item);
		ran = wait_for_completion_timeout(&rescue_ran, HZ);
		if (!ran && rescue_nr >= RESCUE_MAX)
			ran = wait_for_completion_timeout(&rescue_ran, 10 * HZ);
		if (!ran)
			continue;
		rescued = READ_ONCE(rescue_by_rescuer);
		how = rescued ? "rescued" : "run by a worker";
	}
	snprintf(rescue_result, sizeof(rescue_result), "%s after %u sleepers", how, rescue_nr);
	/* they go when the pool has workers for them: "wait" waits for that */
	complete_all(&rescue_release);
}

/* Wait for the last probe's items and free what it allocated. */
static void rescue_wait(void)
{
	unsigned int i;

	if (rescue_lead[0].func) {
		flush_work(&rescue_lead[0]);
		flush_work(&rescue_lead[1]);
	}
	for (i = 0; i < rescue_nr; i++)
		flush_work(&rescue_sleepers[i]);
	if (rescue_wq)
		destroy_workqueue(rescue_wq);	/* and the reclaim item with it */
	rescue_wq = NULL;
	kfree(rescue_sleepers);
	rescue_sleepers = NULL;
	rescue_nr = 0;
}

static int rescue_start(unsigned int cpu)
{
	int ret = 0;

	if (rescue_wq)
		return -EBUSY;
	rescue_sleepers = kcalloc(RESCUE_MAX, sizeof(*rescue_sleepers), GFP_KERNEL);
	rescue_wq = alloc_workqueue("wqdemo_reclaim", WQ_MEM_RECLAIM, 0);
	if (!rescue_sleepers || !rescue_wq) {
		rescue_wait();
		return -ENOMEM;
	}
	cpus_read_lock();	/* the pool stays the CPU's own */
	if (cpu_online(cpu))
		rescue_probe(cpu);
	else
		ret = -EINVAL;
	cpus_read_unlock();
	if (ret)
		rescue_wait();
	return ret;
}

static int rescue_set(const char *val, const struct kernel_param *kp)
{
	unsigned int cpu;
	int ret = 0;

	mutex_lock(&rescue_lock);
	if (sysfs_streq(val, "wait"))
		rescue_wait();
	else if (!kstrtouint(val, 0, &cpu) && cpu < nr_cpu_ids)
		ret = rescue_start(cpu);
	else
		ret = -EINVAL;
	mutex_unlock(&rescue_lock);
	return ret;
}

/* A probe's result line, read under the lock its probe holds. */
static int emit_result(char *buf, struct mutex *lock, const char *result)
{
	int n;

	mutex_lock(lock);
	n = sysfs_emit(buf, "%s\n", result);
	mutex_unlock(lock);
	return n;
}

static int rescue_get(char *buf, const struct kernel_param *kp)
{
	return emit_result(buf, &rescue_lock, rescue_result);
}

static const struct kernel_param_ops rescue_ops = { .set = rescue_set, .get = rescue_get };
module_param_cb(rescue, &rescue_ops, NULL, 0600);

static DEFINE_MUTEX(ordcancel_lock);
static struct workqueue_struct *ordcancel_wq;
static struct work_struct ordcancel_item;
static DECLARE_COMPLETION(ordcancel_started);
static DECLARE_COMPLETION(ordcancel_release);
static DECLARE_COMPLETION(ordcancel_done);
static atomic_t ordcancel_runs;
static bool ordcancel_flush;	/* cancel_work() and flush_work(), not a _sync cancel */
static char ordcancel_result[64] = "no ordered_cancel probe yet";

static void ordcancel_fn(struct work_struct *work)
{
	if (atomic_inc_return(&ordcancel_runs) > 1)
		return;
	complete(&ordcancel_started);
	wait_for_completion_timeout(&ordcancel_release, 30 * HZ);
}

static int ordcancel_thread(void *data)
{
	/* "flush": a plain cancel, then a flush that must wait all the same */
	if (READ_ONCE(ordcancel_flush)) {
		cancel_work(&ordcancel_item);
		flush_work(&ordcancel_item);
	} else {
		cancel_work_sync(&ordcancel_item);
	}
	complete(&ordcancel_done);
	return 0;
}

static int ordcancel_start(void)
{
	if (ordcancel_wq)
		return -EBUSY;
	ordcancel_wq = alloc_ordered_workqueue("wqdemo_ordcancel", 0);
	if (!ordcancel_wq)
		return -ENOMEM;
	INIT_WORK(&ordcancel_item, ordcancel_fn);
	atomic_set(&ordcancel_runs, 0);
	reinit_completion(&ordcancel_started);
	reinit_completion(&ordcancel_release);
	reinit_completion(&ordcancel_done);
	queue_work(ordcancel_wq, &ordcancel_item);
	if (!wait_for_completion_timeout(&ordcancel_started, 10 * HZ))
		strscpy(ordcancel_result, "the item did not start", sizeof(ordcancel_result));
	else
		strscpy(ordcancel_result, "started", sizeof(ordcancel_result));
	return 0;
}

static int ordcancel_cancel(bool flush)
{
	struct task_struct *t;
	bool early;

	if (!ordcancel_wq)
		return -EINVAL;
	if (!queue_work(ordcancel_wq, &ordcancel_item)) {
		strscpy(ordcancel_result, "queueing it again failed", sizeof(ordcancel_result));
		goto out;
	}
	WRITE_ONCE(ordcancel_flush, flush);
	t = kthread_create(ordcancel_thread, NULL, "wqdemo_ordcancel");
	if (IS_ERR(t)) {
		strscpy(ordcancel_result, "no canceller thread", sizeof(ordcancel_result));
		goto out;
	}
	get_task_struct(t);
	wake_up_process(t);
	early = wait_for_completion_timeout(&ordcancel_done, HZ / 2);
	complete(&ordcancel_release);
	if (!early)
		wait_for_completion(&ordcancel_done);
	kthread_stop_put(t);	/* it has left this module's code when this returns */
	strscpy(ordcancel_result, early ? "returned while the item still ran" :
		"waited for the running instance", sizeof(ordcancel_result));
out:
	complete(&ordcancel_release);
	destroy_workqueue(ordcancel_wq);
	ordcancel_wq = NULL;
	return 0;
}

static int ordcancel_set(const char *val, const struct kernel_param *kp)
{
	int ret = -EINVAL;

	mutex_lock(&ordcancel_lock);
	if (sysfs_streq(val, "start"))
		ret = ordcancel_start();
	else if (sysfs_streq(val, "cancel"))
		ret = ordcancel_cancel(false);
	else if (sysfs_streq(val, "flush"))
		ret = ordcancel_cancel(true);
	mutex_unlock(&ordcancel_lock);
	return ret;
}

static int ordcancel_get(char *buf, const struct kernel_param *kp)
{
	return emit_result(buf, &ordcancel_lock, ordcancel_result);
}

static const struct kernel_param_ops ordcancel_ops = {
	.set = ordcancel_set, .get = ordcancel_get,
};
module_param_cb(ordered_cancel, &ordcancel_ops, NULL, 0600);

/*
 * A WQ_SYSFS ordered workqueue, wqdemo_ordsys (insmod sysfs_ordered=1):
 * the series registers it with a read-only max_active; 6.12 refuses it.
 */
static bool sysfs_ordered;
module_param(sysfs_ordered, bool, 0444);
static struct workqueue_struct *demo_ordsys_wq;

static void wqdemo_sysfs_extra(void)
{
	if (!sysfs_ordered)
		return;
	demo_ordsys_wq = alloc_ordered_workqueue("wqdemo_ordsys", WQ_SYSFS);
	if (!demo_ordsys_wq)
		pr_info("wqdemo: no WQ_SYSFS ordered workqueue\n");
}

static int __init wqdemo_init(void)
{
	stats = kcalloc(DEMO_NR, sizeof(*stats), GFP_KERNEL);
	if (!stats)
		return -ENOMEM;
	if (!zalloc_cpumask_var(&probe_ran, GFP_KERNEL)) {
		kfree(stats);
		return -ENOMEM;
	}
	demo_wq = alloc_workqueue("wqdemo_unbound", WQ_UNBOUND | WQ_SYSFS, 0);
	demo_percpu_wq = alloc_workqueue("wqdemo_percpu", WQ_SYSFS, 0);
	demo_pwr_wq = alloc_workqueue("wqdemo_pwr", WQ_POWER_EFFICIENT | WQ_SYSFS, 0);
	demo_ordered_wq = alloc_ordered_workqueue("wqdemo_ordered", 0);
	if (!demo_wq || !demo_percpu_wq || !demo_pwr_wq || !demo_ordered_wq) {
		if (demo_wq)
			destroy_workqueue(demo_wq);
		if (demo_percpu_wq)
			destroy_workqueue(demo_percpu_wq);
		if (demo_pwr_wq)
			destroy_workqueue(demo_pwr_wq);
		if (demo_ordered_wq)
			destroy_workqueue(demo_ordered_wq);
		free_cpumask_var(probe_ran);
		kfree(stats);
		return -ENOMEM;
	}
	wqdemo_sysfs_extra();
	return 0;
}

static void __exit wqdemo_exit(void)
{
	mutex_lock(&rescue_lock);
	rescue_wait();
	mutex_unlock(&rescue_lock);
	mutex_lock(&ordcancel_lock);
	if (ordcancel_wq)
		ordcancel_cancel(false);
	mutex_unlock(&ordcancel_lock);
	WRITE_ONCE(freezable_on, false);
	cancel_delayed_work_sync(&freezable_dwork);
	mutex_lock(&flood_lock);
	flood_wait();
	mutex_unlock(&flood_lock);
	destroy_workqueue(demo_wq);
	destroy_workqueue(demo_percpu_wq);
	destroy_workqueue(demo_pwr_wq);
	mutex_lock(&ordered_lock);
	ordered_wait();
	mutex_unlock(&ordered_lock);
	destroy_workqueue(demo_ordered_wq);
	if (demo_ordsys_wq)
		destroy_workqueue(demo_ordsys_wq);
	free_cpumask_var(probe_ran);
	kfree(stats);
}

module_init(wqdemo_init);
module_exit(wqdemo_exit);
MODULE_DESCRIPTION("A burst of work for the cmwq workbench demo");
MODULE_LICENSE("GPL");
