// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for the workqueue API.
 *
 * These cases pin the contract that callers of the workqueue API rely on,
 * independent of how the workqueue is implemented: they must pass on stock
 * Linux 6.12 and on the cmwq series alike.  Every case cleans up after
 * itself: it flushes what it queued and destroys what it allocated.  Cases
 * never assert how long something took; they wait (with a generous bound)
 * for what must happen, and check "no earlier than" where the API promises
 * a delay.  Several cases use symbols that are not exported to modules
 * (apply_workqueue_attrs(), schedule_on_each_cpu(), ...), so the suite is
 * built in only.
 *
 * Coverage (API entry point: suite.case)
 *
 *   queue_work              wq_queue.pending_state, wq_queue.local_cpu_for_unbound_cpu,
 *                           wq_queue.requeue_while_running
 *   queue_work_on           wq_queue.on_each_cpu, wq_queue.not_reentrant
 *   queue_work_node         wq_queue.node_runs_once
 *   schedule_work[_on]      wq_queue.schedule_runs_once, wq_queue.schedule_on_cpu
 *   WORK_CPU_UNBOUND        wq_queue.local_cpu_for_unbound_cpu
 *   flush_work              wq_flush.work_waits, wq_flush.work_idle_returns_false
 *   flush_workqueue         wq_flush.workqueue_waits, wq_flush.workqueue_not_later_items,
 *                           wq_flush.workqueue_overlapping, wq_flush.workqueue_racing
 *   drain_workqueue         wq_flush.drain_self_requeueing
 *   flush_delayed_work      wq_flush.delayed_runs_now
 *   flush_rcu_work          wq_flush.rcu_work
 *   cancel_work             wq_cancel.return_values
 *   cancel_work_sync        wq_cancel.sync_removes_pending, wq_cancel.sync_waits_for_running,
 *                           wq_cancel.self_requeueing, wq_cancel.from_other_work
 *   cancel_delayed_work     wq_delayed.cancel_pending_timer
 *   cancel_delayed_work_sync wq_delayed.cancel_sync
 *   queue_delayed_work[_on] wq_delayed.no_earlier_than_asked, wq_delayed.zero_delay_at_once,
 *                           wq_delayed.on_each_cpu
 *   mod_delayed_work[_on]   wq_delayed.mod_pulls_in, wq_delayed.mod_pushes_out,
 *                           wq_delayed.mod_idle_returns_false
 *   queue_rcu_work          wq_delayed.rcu_after_grace_period
 *   disable_work[_sync]     wq_disable.pending_item, wq_disable.sync_waits
 *   enable_work             wq_disable.pending_item, wq_disable.nesting
 *   disable_delayed_work[_sync], enable_delayed_work
 *                           wq_disable.delayed_item
 *   enable_and_queue_work   wq_disable.enable_and_queue
 *   alloc_ordered_workqueue wq_order.ordered_in_order, wq_order.ordered_with_delayed
 *   max_active (per CPU)    wq_order.max_active_per_cpu
 *   max_active (unbound)    wq_order.max_active_unbound
 *   workqueue_set_max_active wq_order.set_max_active, wq_order.lower_max_active_per_cpu,
 *                           wq_order.lower_max_active_unbound
 *   workqueue_set_min_active wq_order.set_min_active, wq_order.min_active_per_node
 *   unbound max_active split by node wq_order.max_active_split_by_node,
 *                           wq_order.node_share_taken_in_turn
 *   concurrency management  wq_cm.cpu_bound_one_at_a_time, wq_cm.sleeper_lets_next_run,
 *                           wq_cm.blocker_hands_over_queued,
 *                           wq_cm.cpu_intensive_flag, wq_cm.cpu_intensive_overlap,
 *                           wq_cm.cpu_hog_detected, wq_cm.worker_yields
 *   WQ_HIGHPRI              wq_cm.highpri_nice
 *   apply_workqueue_attrs, alloc/free_workqueue_attrs
 *                           wq_cm.unbound_cpumask
 *   system_bh[_highpri]_wq  wq_bh.softirq_on_queueing_cpu, wq_bh.remote_cpu
 *   current_work            wq_intro.current_work
 *   current_is_workqueue_rescuer wq_intro.current_work, wq_progress.rescuer
 *   work_busy               wq_intro.work_busy_states
 *   workqueue_congested     wq_intro.congested
 *   set_worker_desc         wq_intro.worker_desc
 *   worker names            wq_intro.worker_names, wq_progress.rescuer
 *   show_one_workqueue      wq_intro.dump_lists_every_item
 *   WQ_MEM_RECLAIM          wq_progress.rescuer
 *   schedule_on_each_cpu    wq_helpers.on_each_cpu
 *   work_on_cpu[_safe]      wq_helpers.work_on_cpu
 *   execute_in_process_context wq_helpers.execute_in_process_context
 *   system_*_wq             wq_helpers.system_workqueues
 *   WQ_FREEZABLE, freeze_workqueues_begin, thaw_workqueues
 *                           wq_helpers.freezer_holds_freezable
 *   CPU hotplug             wq_hotplug.pending_survives_offline,
 *                           wq_hotplug.node_shares_follow
 *   ordered requeue across a new pwq  wq_parity.ordered_requeue_across_retune
 *   cancel_work_sync vs lockdep, the reclaim check and legacy workqueues
 *                           wq_parity.cancel_sync_waits_for_item_only,
 *                           wq_parity.reclaim_check_exemptions
 *   _sync cancel of a BH item with BH off  wq_parity.bh_cancel_sync_atomic
 *   cpu_intensive_thresh_us=0 wq_parity.cpu_intensive_thresh_zero
 *   queue_work_node (local CPU, bad node)  wq_parity.queue_work_node_local
 *   wq_worker_comm (rescuers)  wq_parity.rescuer_comm_whole_name
 *   system_percpu_wq, system_dfl_wq  wq_parity.system_wq_new_names
 *   flush_delayed_work vs a running timer  wq_parity.flush_delayed_during_timer
 *   workqueue.debug_force_rr_cpu  wq_parity.debug_force_rr_cpu
 *   BH pools: bounded softirq rounds  wq_parity.bh_round_is_bounded
 *   queue_delayed_work timer base  wq_parity.delayed_timer_not_pinned
 *   rescuer affinity (unbound)  wq_parity.rescuer_follows_cpumask
 *   rescuer affinity after a rescue  wq_parity.rescuer_unbound_after_help
 *   delayed-work timers and nohz_full=  wq_isolation.delayed_timer_housekeeping
 *   all of the above mixed  wq_stress.random_ops, wq_stress.unbound_shared_limit
 *
 * Beyond 6.12: the series' statistics (kernel/workqueue_internal.h has
 * WQ_HAVE_STATS; on stock these skip, saying so)
 *   counters and histograms wq_stats.counts_exact, wq_stats.cancel_and_snapshot,
 *                           wq_stats.spinner_marked, wq_stats.sleeper_wakes_next,
 *                           wq_stats.reset_zeroes, wq_stats.retired_pwqs_kept
 * Beyond 6.12: no wakeup under a pool's lock (WQ_WAKES_UNLOCKED; issue 14)
 *   worker creation, kicks on completion, flush, pool teardown
 *                           wq_wake.outside_pool_lock
 */

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/ctype.h>
#include <linux/debug_locks.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/kmsg_dump.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/isolation.h>
#include <linux/sched/signal.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/suspend.h>
#include <linux/tracepoint.h>
#include <linux/workqueue.h>

#include "../kernel/workqueue_internal.h"

/* How long a case waits for something that must happen. */
#define WQT_WAIT	(10 * HZ)

/* The highest number of items seen running at once. */
struct wqt_meter {
	atomic_t now;
	atomic_t peak;
};

static void meter_enter(struct wqt_meter *m)
{
	int n = atomic_inc_return(&m->now);
	int peak = atomic_read(&m->peak);

	while (n > peak && !atomic_try_cmpxchg(&m->peak, &peak, n))
		;
}

static void meter_leave(struct wqt_meter *m)
{
	atomic_dec(&m->now);
}

/*
 * The common test item: records where and how often it ran, signals @done
 * when it starts, and can block on @release or sleep before it finishes.
 */
struct wqt_item {
	struct work_struct work;
	atomic_t runs;
	atomic_t finished;
	int cpu;
	int nice;
	bool in_softirq;
	char comm[TASK_COMM_LEN];
	struct work_struct *seen_current;
	struct completion done;
	struct completion release;
	bool block;
	unsigned int sleep_ms;
	struct wqt_meter *meter;
};

static void wqt_item_fn(struct work_struct *work)
{
	struct wqt_item *it = container_of(work, struct wqt_item, work);

	if (it->meter)
		meter_enter(it->meter);
	it->cpu = raw_smp_processor_id();
	it->in_softirq = in_serving_softirq();
	if (!it->in_softirq) {
		it->nice = task_nice(current);
		get_task_comm(it->comm, current);
	}
	it->seen_current = current_work();
	atomic_inc(&it->runs);
	complete(&it->done);
	if (it->block)
		wait_for_completion(&it->release);
	if (it->sleep_ms)
		msleep(it->sleep_ms);
	if (it->meter)
		meter_leave(it->meter);
	atomic_inc(&it->finished);
}

static void wqt_init(struct wqt_item *it, bool block)
{
	memset(it, 0, sizeof(*it));
	INIT_WORK(&it->work, wqt_item_fn);
	it->cpu = -1;
	init_completion(&it->done);
	init_completion(&it->release);
	it->block = block;
}

/*
 * BH items run in softirq context: give them a lockdep class of their own,
 * apart from the items that run in workers (one INIT_WORK() site, one class).
 */
static void wqt_init_bh(struct wqt_item *it)
{
	wqt_init(it, false);
	INIT_WORK(&it->work, wqt_item_fn);
}

static struct wqt_item *wqt_new(struct kunit *test, int n, bool block)
{
	struct wqt_item *its = kunit_kcalloc(test, n, sizeof(*its), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, its);
	for (i = 0; i < n; i++)
		wqt_init(&its[i], block);
	return its;
}

static void wqt_wait_started(struct kunit *test, struct wqt_item *it)
{
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&it->done, WQT_WAIT), 0UL);
}

static atomic_t wqt_nr_wqs;

static struct workqueue_struct *wqt_alloc(struct kunit *test, unsigned int flags,
					  int max_active)
{
	struct workqueue_struct *wq;

	/* test->name would be too long for a workqueue name */
	wq = alloc_workqueue("wqt_%d", flags, max_active, atomic_inc_return(&wqt_nr_wqs));
	KUNIT_ASSERT_NOT_NULL(test, wq);
	return wq;
}

/* Lets a blocked item go after a delay, from another context. */
struct wqt_releaser {
	struct delayed_work dwork;
	struct wqt_item *target;
};

static void wqt_release_fn(struct work_struct *work)
{
	struct wqt_releaser *r = container_of(to_delayed_work(work),
					      struct wqt_releaser, dwork);

	complete_all(&r->target->release);
}

static struct wqt_releaser *wqt_release_later(struct kunit *test, struct wqt_item *it,
					      unsigned int ms)
{
	struct wqt_releaser *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	INIT_DELAYED_WORK(&r->dwork, wqt_release_fn);
	r->target = it;
	schedule_delayed_work(&r->dwork, msecs_to_jiffies(ms));
	return r;
}

static int wqt_second_cpu(void)
{
	int cpu = cpumask_next(0, cpu_online_mask);

	return cpu < nr_cpu_ids ? cpu : -1;
}

/* ------------------------------------------------------------ queueing */

static void queue_pending_state(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 1);
	struct wqt_item *its = wqt_new(test, 2, false);

	/* Park a blocking item so the second one stays pending behind it. */
	its[0].block = true;
	KUNIT_EXPECT_TRUE(test, queue_work_on(0, wq, &its[0].work));
	wqt_wait_started(test, &its[0]);

	KUNIT_EXPECT_TRUE(test, queue_work_on(0, wq, &its[1].work));
	KUNIT_EXPECT_FALSE(test, queue_work_on(0, wq, &its[1].work));
	KUNIT_EXPECT_FALSE(test, queue_work(wq, &its[1].work));
	KUNIT_EXPECT_TRUE(test, work_pending(&its[1].work));

	complete(&its[0].release);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[1].runs), 1);
	KUNIT_EXPECT_FALSE(test, work_pending(&its[1].work));
	destroy_workqueue(wq);
}

static void queue_on_each_cpu(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 0);
	struct wqt_item *it = wqt_new(test, 1, false);
	int cpu;

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		wqt_init(it, false);
		KUNIT_EXPECT_TRUE(test, queue_work_on(cpu, wq, &it->work));
		flush_work(&it->work);
		KUNIT_EXPECT_EQ(test, it->cpu, cpu);
		KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 1);
	}
	cpus_read_unlock();
	destroy_workqueue(wq);
}

static void queue_local_cpu_for_unbound_cpu(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 0);
	struct wqt_item *it = wqt_new(test, 1, false);
	int cpu;

	/* On a per-CPU workqueue, WORK_CPU_UNBOUND means the queueing CPU. */
	cpu = get_cpu();
	KUNIT_EXPECT_TRUE(test, queue_work(wq, &it->work));
	put_cpu();
	flush_work(&it->work);
	KUNIT_EXPECT_EQ(test, it->cpu, cpu);
	destroy_workqueue(wq);
}

static void queue_requeue_while_running(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, 0);
	struct wqt_item *it = wqt_new(test, 1, true);

	KUNIT_EXPECT_TRUE(test, queue_work(wq, &it->work));
	wqt_wait_started(test, it);
	/* PENDING is clear once the item runs: queueing it again succeeds. */
	KUNIT_EXPECT_FALSE(test, work_pending(&it->work));
	KUNIT_EXPECT_TRUE(test, queue_work(wq, &it->work));
	complete_all(&it->release);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->finished), 2);
	destroy_workqueue(wq);
}

static void queue_not_reentrant(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 0);
	struct wqt_item *it = wqt_new(test, 1, true);
	struct wqt_meter m = {};
	int cpu2 = wqt_second_cpu();

	if (cpu2 < 0)
		kunit_skip(test, "needs two online CPUs");
	it->meter = &m;
	KUNIT_EXPECT_TRUE(test, queue_work_on(0, wq, &it->work));
	wqt_wait_started(test, it);
	/* Queued on another CPU while running: it must wait for the first run. */
	KUNIT_EXPECT_TRUE(test, queue_work_on(cpu2, wq, &it->work));
	msleep(50);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 1);
	complete_all(&it->release);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&m.peak), 1);
	destroy_workqueue(wq);
}

static void queue_node_runs_once(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, 0);
	struct wqt_item *its = wqt_new(test, 2, false);
	int node = cpu_to_node(0);

	KUNIT_EXPECT_TRUE(test, queue_work_node(node, wq, &its[0].work));
	KUNIT_EXPECT_TRUE(test, queue_work_node(NUMA_NO_NODE, wq, &its[1].work));
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[0].runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[1].runs), 1);
	destroy_workqueue(wq);
}

static void queue_schedule_runs_once(struct kunit *test)
{
	struct wqt_item *it = wqt_new(test, 1, false);

	KUNIT_EXPECT_TRUE(test, schedule_work(&it->work));
	wqt_wait_started(test, it);
	flush_work(&it->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 1);
}

static void queue_schedule_on_cpu(struct kunit *test)
{
	struct wqt_item *it = wqt_new(test, 1, false);
	int cpu = wqt_second_cpu();

	if (cpu < 0)
		kunit_skip(test, "needs two online CPUs");
	KUNIT_EXPECT_TRUE(test, schedule_work_on(cpu, &it->work));
	flush_work(&it->work);
	KUNIT_EXPECT_EQ(test, it->cpu, cpu);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 1);
}

static struct kunit_case wq_queue_cases[] = {
	KUNIT_CASE(queue_pending_state),
	KUNIT_CASE(queue_on_each_cpu),
	KUNIT_CASE(queue_local_cpu_for_unbound_cpu),
	KUNIT_CASE(queue_requeue_while_running),
	KUNIT_CASE(queue_not_reentrant),
	KUNIT_CASE(queue_node_runs_once),
	KUNIT_CASE(queue_schedule_runs_once),
	KUNIT_CASE(queue_schedule_on_cpu),
	{}
};

static struct kunit_suite wq_queue_suite = {
	.name = "wq_queue",
	.test_cases = wq_queue_cases,
};

/* ------------------------------------------------------------ flushing */

static void flush_work_waits(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, 0);
	struct wqt_item *it = wqt_new(test, 1, true);
	struct wqt_releaser *r;

	/* Blocked until a delayed releaser lets it go: surely running. */
	queue_work(wq, &it->work);
	wqt_wait_started(test, it);
	r = wqt_release_later(test, it, 50);
	KUNIT_EXPECT_TRUE(test, flush_work(&it->work));
	KUNIT_EXPECT_EQ(test, atomic_read(&it->finished), 1);
	flush_delayed_work(&r->dwork);
	destroy_workqueue(wq);
}

static void flush_work_idle_returns_false(struct kunit *test)
{
	struct wqt_item *it = wqt_new(test, 1, false);

	KUNIT_EXPECT_FALSE(test, flush_work(&it->work));
	schedule_work(&it->work);
	flush_work(&it->work);
	KUNIT_EXPECT_FALSE(test, flush_work(&it->work));
}

static void flush_workqueue_waits(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 0);
	struct wqt_item *its = wqt_new(test, 8, false);
	int i;

	for (i = 0; i < 8; i++) {
		its[i].sleep_ms = 20;
		queue_work_on(cpumask_nth(i % num_online_cpus(), cpu_online_mask), wq,
			      &its[i].work);
	}
	flush_workqueue(wq);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&its[i].finished), 1);
	destroy_workqueue(wq);
}

struct wqt_flusher {
	struct work_struct work;
	struct workqueue_struct *wq;
	struct completion started;
	struct completion flushed;
};

static void wqt_flusher_fn(struct work_struct *work)
{
	struct wqt_flusher *f = container_of(work, struct wqt_flusher, work);

	complete(&f->started);
	flush_workqueue(f->wq);
	complete(&f->flushed);
}

static struct wqt_flusher *wqt_flushers(struct kunit *test, int n,
					struct workqueue_struct *wq)
{
	struct wqt_flusher *f = kunit_kcalloc(test, n, sizeof(*f), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, f);
	for (i = 0; i < n; i++) {
		INIT_WORK(&f[i].work, wqt_flusher_fn);
		f[i].wq = wq;
		init_completion(&f[i].started);
		init_completion(&f[i].flushed);
	}
	return f;
}

static void flush_workqueue_not_later_items(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, 0);
	struct wqt_item *its = wqt_new(test, 2, true);
	struct wqt_flusher *f = wqt_flushers(test, 1, wq);

	queue_work(wq, &its[0].work);
	wqt_wait_started(test, &its[0]);

	/* the flush runs in a work item of another workqueue */
	queue_work(system_long_wq, &f->work);
	wait_for_completion(&f->started);
	msleep(200);	/* let the flusher get into flush_workqueue() */
	KUNIT_EXPECT_FALSE(test, completion_done(&f->flushed));

	/* Queued after the flush began: the flush must not wait for it. */
	queue_work(wq, &its[1].work);
	wqt_wait_started(test, &its[1]);
	complete(&its[0].release);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&f->flushed, WQT_WAIT), 0UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[1].finished), 0);

	complete(&its[1].release);
	/* If the flusher is still stuck, its[1] being released ends it. */
	flush_work(&f->work);
	destroy_workqueue(wq);
}

/*
 * Callers that arrive while another flush waits may share a flush, but
 * each still waits for all that was queued before its own call: its[0]
 * runs when f[0] starts, its[1] is queued after, then f[1] and f[2] start.
 * Releasing its[0] ends f[0]'s flush only.
 */
static void flush_workqueue_overlapping(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 0);
	struct wqt_item *its = wqt_new(test, 2, true);
	struct wqt_flusher *f = wqt_flushers(test, 3, wq);
	int i;

	queue_work(wq, &its[0].work);
	wqt_wait_started(test, &its[0]);
	queue_work(system_unbound_wq, &f[0].work);
	wait_for_completion(&f[0].started);
	msleep(200);	/* let it get into flush_workqueue() */

	queue_work(wq, &its[1].work);
	wqt_wait_started(test, &its[1]);
	for (i = 1; i < 3; i++) {
		queue_work(system_unbound_wq, &f[i].work);
		wait_for_completion(&f[i].started);
	}
	msleep(200);

	complete(&its[0].release);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&f[0].flushed, WQT_WAIT), 0UL);
	msleep(200);	/* room for a wrong early return of the others */
	for (i = 1; i < 3; i++)
		KUNIT_EXPECT_FALSE(test, completion_done(&f[i].flushed));

	complete(&its[1].release);
	for (i = 1; i < 3; i++)
		KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&f[i].flushed, WQT_WAIT), 0UL);
	for (i = 0; i < 3; i++)
		flush_work(&f[i].work);
	destroy_workqueue(wq);
}

/*
 * A caller that arrives while another flush waits, with nothing queued
 * since, still waits for the item the first one waits for: after the
 * first flush turned the epoch, the workqueue's only item is in the old
 * one, and a flush that looked at new items alone would return at once.
 */
static void flush_workqueue_second_waits(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 0);
	struct wqt_item *its = wqt_new(test, 1, true);
	struct wqt_flusher *f = wqt_flushers(test, 2, wq);
	int i;

	queue_work(wq, &its[0].work);
	wqt_wait_started(test, &its[0]);
	for (i = 0; i < 2; i++) {
		queue_work(system_unbound_wq, &f[i].work);
		wait_for_completion(&f[i].started);
		msleep(200);	/* let it get into flush_workqueue() */
	}
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_FALSE(test, completion_done(&f[i].flushed));

	complete(&its[0].release);
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&f[i].flushed, WQT_WAIT), 0UL);
		flush_work(&f[i].work);
	}
	destroy_workqueue(wq);
}

/* One of the flushers racing in flush_workqueue_racing. */
struct wqt_racer {
	struct work_struct work;	/* the loop */
	struct work_struct tick;	/* what it queues before each flush */
	struct workqueue_struct *wq;
	atomic_t ticks;
	int early;			/* flushes that returned before its tick ran */
};

static void wqt_tick_fn(struct work_struct *work)
{
	struct wqt_racer *r = container_of(work, struct wqt_racer, tick);

	udelay(get_random_u32_below(30));
	atomic_inc(&r->ticks);
}

#define WQT_RACE_ROUNDS	200

static void wqt_racer_fn(struct work_struct *work)
{
	struct wqt_racer *r = container_of(work, struct wqt_racer, work);
	int i;

	for (i = 1; i <= WQT_RACE_ROUNDS; i++) {
		queue_work_on(cpumask_nth(i % num_online_cpus(), cpu_online_mask), r->wq,
			      &r->tick);
		flush_workqueue(r->wq);
		if (atomic_read(&r->ticks) != i)
			r->early++;
	}
}

/*
 * Eight callers flush one workqueue in a loop, each after queueing an item
 * of its own: every flush must find that item finished, however the
 * concurrent flushes overlap.  Per-CPU and unbound.
 */
static void flush_workqueue_racing(struct kunit *test)
{
	static const unsigned int flags[] = { 0, WQ_UNBOUND };
	struct wqt_racer *r = kunit_kcalloc(test, 8, sizeof(*r), GFP_KERNEL);
	struct workqueue_struct *wq;
	int i, k;

	KUNIT_ASSERT_NOT_NULL(test, r);
	for (k = 0; k < ARRAY_SIZE(flags); k++) {
		wq = wqt_alloc(test, flags[k], 0);
		for (i = 0; i < 8; i++) {
			memset(&r[i], 0, sizeof(r[i]));
			INIT_WORK(&r[i].work, wqt_racer_fn);
			INIT_WORK(&r[i].tick, wqt_tick_fn);
			r[i].wq = wq;
			queue_work(system_unbound_wq, &r[i].work);
		}
		for (i = 0; i < 8; i++) {
			flush_work(&r[i].work);
			KUNIT_EXPECT_EQ_MSG(test, r[i].early, 0, "flags %#x, flusher %d",
					    flags[k], i);
		}
		destroy_workqueue(wq);
	}
}

struct wqt_chain {
	struct work_struct work;
	struct workqueue_struct *wq;
	atomic_t left;
	atomic_t runs;
};

static void wqt_chain_fn(struct work_struct *work)
{
	struct wqt_chain *c = container_of(work, struct wqt_chain, work);

	atomic_inc(&c->runs);
	usleep_range(500, 1000);
	if (atomic_dec_return(&c->left) > 0)
		queue_work(c->wq, &c->work);
}

static void flush_drain_self_requeueing(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 0);
	struct wqt_chain *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	INIT_WORK(&c->work, wqt_chain_fn);
	c->wq = wq;
	atomic_set(&c->left, 20);
	queue_work(wq, &c->work);
	drain_workqueue(wq);
	/* drain waits for the chain to end, not only for the first link */
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 20);
	KUNIT_EXPECT_FALSE(test, work_pending(&c->work));
	/* a drained workqueue takes work again */
	atomic_set(&c->left, 1);
	KUNIT_EXPECT_TRUE(test, queue_work(wq, &c->work));
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 21);
	destroy_workqueue(wq);
}

struct wqt_dwork {
	struct delayed_work dwork;
	unsigned long ran_at;
	int cpu;
	atomic_t runs;
	struct completion done;
};

static void wqt_dwork_fn(struct work_struct *work)
{
	struct wqt_dwork *d = container_of(to_delayed_work(work), struct wqt_dwork, dwork);

	d->ran_at = jiffies;
	d->cpu = raw_smp_processor_id();
	atomic_inc(&d->runs);
	complete(&d->done);
}

static struct wqt_dwork *wqt_dwork_new(struct kunit *test)
{
	struct wqt_dwork *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, d);
	INIT_DELAYED_WORK(&d->dwork, wqt_dwork_fn);
	init_completion(&d->done);
	return d;
}

static void flush_delayed_runs_now(struct kunit *test)
{
	struct wqt_dwork *d = wqt_dwork_new(test);

	KUNIT_EXPECT_FALSE(test, flush_delayed_work(&d->dwork));
	KUNIT_EXPECT_TRUE(test, schedule_delayed_work(&d->dwork, 600 * HZ));
	/*
	 * flush_delayed_work() does not wait out the delay: it queues the
	 * item now and waits for it.  (Its return value is racy here: the
	 * item may finish before the flush looks at it.)
	 */
	flush_delayed_work(&d->dwork);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), 1);
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&d->dwork));
}

struct wqt_rwork {
	struct rcu_work rwork;
	unsigned long gp_cookie;
	bool gp_done;
	atomic_t runs;
};

static void wqt_rwork_fn(struct work_struct *work)
{
	struct wqt_rwork *r = container_of(to_rcu_work(work), struct wqt_rwork, rwork);

	r->gp_done = poll_state_synchronize_rcu(r->gp_cookie);
	atomic_inc(&r->runs);
}

static void flush_rcu_work_case(struct kunit *test)
{
	struct wqt_rwork *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	INIT_RCU_WORK(&r->rwork, wqt_rwork_fn);
	r->gp_cookie = get_state_synchronize_rcu();
	KUNIT_EXPECT_TRUE(test, queue_rcu_work(system_wq, &r->rwork));
	KUNIT_EXPECT_FALSE(test, queue_rcu_work(system_wq, &r->rwork));
	KUNIT_EXPECT_TRUE(test, flush_rcu_work(&r->rwork));
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 1);
	KUNIT_EXPECT_TRUE(test, r->gp_done);
	KUNIT_EXPECT_FALSE(test, flush_rcu_work(&r->rwork));
}

static struct kunit_case wq_flush_cases[] = {
	KUNIT_CASE(flush_work_waits),
	KUNIT_CASE(flush_work_idle_returns_false),
	KUNIT_CASE(flush_workqueue_waits),
	KUNIT_CASE(flush_workqueue_not_later_items),
	KUNIT_CASE(flush_workqueue_overlapping),
	KUNIT_CASE(flush_workqueue_second_waits),
	KUNIT_CASE(flush_workqueue_racing),
	KUNIT_CASE(flush_drain_self_requeueing),
	KUNIT_CASE(flush_delayed_runs_now),
	KUNIT_CASE(flush_rcu_work_case),
	{}
};

static struct kunit_suite wq_flush_suite = {
	.name = "wq_flush",
	.test_cases = wq_flush_cases,
};

/* ------------------------------------------------------------ cancelling */

static void cancel_return_values(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 1);
	struct wqt_item *its = wqt_new(test, 2, false);

	KUNIT_EXPECT_FALSE(test, cancel_work(&its[1].work));
	its[0].block = true;
	queue_work_on(0, wq, &its[0].work);
	wqt_wait_started(test, &its[0]);
	queue_work_on(0, wq, &its[1].work);
	KUNIT_EXPECT_TRUE(test, cancel_work(&its[1].work));
	KUNIT_EXPECT_FALSE(test, work_pending(&its[1].work));
	KUNIT_EXPECT_FALSE(test, cancel_work(&its[1].work));
	/* cancel_work() of a running item does not stop it and returns false */
	KUNIT_EXPECT_FALSE(test, cancel_work(&its[0].work));
	complete(&its[0].release);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[0].finished), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[1].runs), 0);
	/* a cancelled item can be queued again */
	KUNIT_EXPECT_TRUE(test, queue_work_on(0, wq, &its[1].work));
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[1].runs), 1);
	destroy_workqueue(wq);
}

static void cancel_sync_removes_pending(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 1);
	struct wqt_item *its = wqt_new(test, 2, false);

	its[0].block = true;
	queue_work_on(0, wq, &its[0].work);
	wqt_wait_started(test, &its[0]);
	queue_work_on(0, wq, &its[1].work);

	KUNIT_EXPECT_TRUE(test, cancel_work_sync(&its[1].work));
	KUNIT_EXPECT_FALSE(test, work_pending(&its[1].work));
	KUNIT_EXPECT_FALSE(test, cancel_work_sync(&its[1].work));
	complete(&its[0].release);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[1].runs), 0);
	destroy_workqueue(wq);
}

static void cancel_sync_waits_for_running(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, 0);
	struct wqt_item *it = wqt_new(test, 1, true);
	struct wqt_releaser *r;

	queue_work(wq, &it->work);
	wqt_wait_started(test, it);
	r = wqt_release_later(test, it, 50);
	/* running, not pending: false, but only after the run has ended */
	KUNIT_EXPECT_FALSE(test, cancel_work_sync(&it->work));
	KUNIT_EXPECT_EQ(test, atomic_read(&it->finished), 1);
	KUNIT_EXPECT_FALSE(test, work_pending(&it->work));
	KUNIT_EXPECT_EQ(test, work_busy(&it->work), 0U);
	/* cancel_work_sync() leaves the item usable */
	KUNIT_EXPECT_TRUE(test, queue_work(wq, &it->work));
	flush_work(&it->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 2);
	flush_delayed_work(&r->dwork);
	destroy_workqueue(wq);
}

struct wqt_looper {
	struct work_struct work;
	struct workqueue_struct *wq;
	atomic_t runs;
};

static void wqt_looper_fn(struct work_struct *work)
{
	struct wqt_looper *l = container_of(work, struct wqt_looper, work);

	atomic_inc(&l->runs);
	usleep_range(200, 400);
	queue_work(l->wq, &l->work);
}

static void cancel_self_requeueing(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, 0);
	struct wqt_looper *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	int runs;

	KUNIT_ASSERT_NOT_NULL(test, l);
	INIT_WORK(&l->work, wqt_looper_fn);
	l->wq = wq;
	queue_work(wq, &l->work);
	while (atomic_read(&l->runs) < 5)
		usleep_range(1000, 2000);
	cancel_work_sync(&l->work);
	runs = atomic_read(&l->runs);
	KUNIT_EXPECT_FALSE(test, work_pending(&l->work));
	msleep(50);
	/* nothing runs after cancel_work_sync() returned */
	KUNIT_EXPECT_EQ(test, atomic_read(&l->runs), runs);
	destroy_workqueue(wq);
}

struct wqt_canceller {
	struct work_struct work;
	struct work_struct *victim;
	bool ret;
};

static void wqt_canceller_fn(struct work_struct *work)
{
	struct wqt_canceller *c = container_of(work, struct wqt_canceller, work);

	c->ret = cancel_work_sync(c->victim);
}

static void cancel_from_other_work(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 1);
	struct wqt_item *its = wqt_new(test, 2, false);
	struct wqt_canceller *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	its[0].block = true;
	queue_work_on(0, wq, &its[0].work);
	wqt_wait_started(test, &its[0]);
	queue_work_on(0, wq, &its[1].work);

	INIT_WORK(&c->work, wqt_canceller_fn);
	c->victim = &its[1].work;
	schedule_work(&c->work);
	flush_work(&c->work);
	KUNIT_EXPECT_TRUE(test, c->ret);
	complete(&its[0].release);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[1].runs), 0);
	destroy_workqueue(wq);
}

static struct kunit_case wq_cancel_cases[] = {
	KUNIT_CASE(cancel_return_values),
	KUNIT_CASE(cancel_sync_removes_pending),
	KUNIT_CASE(cancel_sync_waits_for_running),
	KUNIT_CASE(cancel_self_requeueing),
	KUNIT_CASE(cancel_from_other_work),
	{}
};

static struct kunit_suite wq_cancel_suite = {
	.name = "wq_cancel",
	.test_cases = wq_cancel_cases,
};

/* ------------------------------------------------------------ delayed work */

static void delayed_no_earlier_than_asked(struct kunit *test)
{
	struct wqt_dwork *d = wqt_dwork_new(test);
	const unsigned long delay = msecs_to_jiffies(100);
	unsigned long start = jiffies;

	KUNIT_EXPECT_TRUE(test, schedule_delayed_work(&d->dwork, delay));
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&d->dwork));
	KUNIT_EXPECT_FALSE(test, schedule_delayed_work(&d->dwork, delay));
	/* Not flush_delayed_work(): that would run the item at once. */
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&d->done, delay + WQT_WAIT), 0UL);
	flush_delayed_work(&d->dwork);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), 1);
	KUNIT_EXPECT_GE(test, d->ran_at - start, delay);
}

static void delayed_zero_delay_at_once(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 1);
	struct wqt_item *gate = wqt_new(test, 1, true);
	struct wqt_dwork *d = wqt_dwork_new(test);

	queue_work_on(0, wq, &gate->work);
	wqt_wait_started(test, gate);
	/* With no delay the item goes straight to the queue: no timer. */
	KUNIT_EXPECT_TRUE(test, queue_delayed_work_on(0, wq, &d->dwork, 0));
	KUNIT_EXPECT_FALSE(test, timer_pending(&d->dwork.timer));
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&d->dwork));
	complete(&gate->release);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), 1);
	destroy_workqueue(wq);
}

static void delayed_on_each_cpu(struct kunit *test)
{
	struct wqt_dwork *d = wqt_dwork_new(test);
	int cpu;

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		reinit_completion(&d->done);
		KUNIT_EXPECT_TRUE(test, schedule_delayed_work_on(cpu, &d->dwork,
								 msecs_to_jiffies(5)));
		KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&d->done, WQT_WAIT), 0UL);
		flush_delayed_work(&d->dwork);
		KUNIT_EXPECT_EQ(test, d->cpu, cpu);
	}
	cpus_read_unlock();
}

static void delayed_mod_pulls_in(struct kunit *test)
{
	struct wqt_dwork *d = wqt_dwork_new(test);

	KUNIT_EXPECT_TRUE(test, schedule_delayed_work(&d->dwork, 600 * HZ));
	/* mod_delayed_work() returns true when it modified a pending item */
	KUNIT_EXPECT_TRUE(test, mod_delayed_work(system_wq, &d->dwork, 0));
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&d->done, WQT_WAIT), 0UL);
	flush_delayed_work(&d->dwork);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), 1);
}

static void delayed_mod_pushes_out(struct kunit *test)
{
	struct wqt_dwork *d = wqt_dwork_new(test);
	const unsigned long later = msecs_to_jiffies(200);
	unsigned long start;

	KUNIT_EXPECT_TRUE(test, schedule_delayed_work(&d->dwork, 1));
	start = jiffies;
	mod_delayed_work(system_wq, &d->dwork, later);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&d->done, later + WQT_WAIT), 0UL);
	flush_delayed_work(&d->dwork);
	/* it may have fired before the mod; if it ran after, not early */
	if (atomic_read(&d->runs) == 1 && time_after(d->ran_at, start + 1))
		KUNIT_EXPECT_GE(test, d->ran_at - start, later);
	KUNIT_EXPECT_LE(test, atomic_read(&d->runs), 2);
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&d->dwork));
}

static void delayed_mod_idle_returns_false(struct kunit *test)
{
	struct wqt_dwork *d = wqt_dwork_new(test);
	int cpu = wqt_second_cpu();

	if (cpu < 0)
		kunit_skip(test, "needs two online CPUs");
	/* On an idle item mod_delayed_work_on() queues it and returns false. */
	KUNIT_EXPECT_FALSE(test, mod_delayed_work_on(cpu, system_wq, &d->dwork, 1));
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&d->done, WQT_WAIT), 0UL);
	flush_delayed_work(&d->dwork);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), 1);
	KUNIT_EXPECT_EQ(test, d->cpu, cpu);
}

static void delayed_cancel_pending_timer(struct kunit *test)
{
	struct wqt_dwork *d = wqt_dwork_new(test);

	KUNIT_EXPECT_FALSE(test, cancel_delayed_work(&d->dwork));
	schedule_delayed_work(&d->dwork, 600 * HZ);
	KUNIT_EXPECT_TRUE(test, cancel_delayed_work(&d->dwork));
	KUNIT_EXPECT_FALSE(test, timer_pending(&d->dwork.timer));
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&d->dwork));
	KUNIT_EXPECT_FALSE(test, cancel_delayed_work(&d->dwork));
	KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), 0);
}

static void delayed_cancel_sync(struct kunit *test)
{
	struct wqt_dwork *d = wqt_dwork_new(test);

	schedule_delayed_work(&d->dwork, 600 * HZ);
	KUNIT_EXPECT_TRUE(test, cancel_delayed_work_sync(&d->dwork));
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&d->dwork));
	KUNIT_EXPECT_FALSE(test, cancel_delayed_work_sync(&d->dwork));
	KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), 0);
}

static void delayed_rcu_after_grace_period(struct kunit *test)
{
	struct wqt_rwork *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, r);
	for (i = 0; i < 3; i++) {
		INIT_RCU_WORK(&r->rwork, wqt_rwork_fn);
		r->gp_cookie = get_state_synchronize_rcu();
		KUNIT_EXPECT_TRUE(test, queue_rcu_work(system_unbound_wq, &r->rwork));
		flush_rcu_work(&r->rwork);
		/* a full grace period passed between queueing and running */
		KUNIT_EXPECT_TRUE(test, r->gp_done);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 3);
}

static struct kunit_case wq_delayed_cases[] = {
	KUNIT_CASE(delayed_no_earlier_than_asked),
	KUNIT_CASE(delayed_zero_delay_at_once),
	KUNIT_CASE(delayed_on_each_cpu),
	KUNIT_CASE(delayed_mod_pulls_in),
	KUNIT_CASE(delayed_mod_pushes_out),
	KUNIT_CASE(delayed_mod_idle_returns_false),
	KUNIT_CASE(delayed_cancel_pending_timer),
	KUNIT_CASE(delayed_cancel_sync),
	KUNIT_CASE(delayed_rcu_after_grace_period),
	{}
};

static struct kunit_suite wq_delayed_suite = {
	.name = "wq_delayed",
	.test_cases = wq_delayed_cases,
};

/* ------------------------------------------------------------ disable/enable */

static void disable_pending_item(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 1);
	struct wqt_item *its = wqt_new(test, 2, false);

	its[0].block = true;
	queue_work_on(0, wq, &its[0].work);
	wqt_wait_started(test, &its[0]);
	queue_work_on(0, wq, &its[1].work);
	/* disabling a pending item cancels it and reports that it was pending */
	KUNIT_EXPECT_TRUE(test, disable_work(&its[1].work));
	KUNIT_EXPECT_FALSE(test, work_pending(&its[1].work));
	KUNIT_EXPECT_FALSE(test, queue_work_on(0, wq, &its[1].work));
	KUNIT_EXPECT_FALSE(test, work_pending(&its[1].work));
	complete(&its[0].release);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[1].runs), 0);
	KUNIT_EXPECT_TRUE(test, enable_work(&its[1].work));
	KUNIT_EXPECT_TRUE(test, queue_work_on(0, wq, &its[1].work));
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[1].runs), 1);
	destroy_workqueue(wq);
}

static void disable_nesting(struct kunit *test)
{
	struct wqt_item *it = wqt_new(test, 1, false);

	KUNIT_EXPECT_FALSE(test, disable_work(&it->work));
	KUNIT_EXPECT_FALSE(test, disable_work(&it->work));
	KUNIT_EXPECT_FALSE(test, enable_work(&it->work));
	KUNIT_EXPECT_FALSE(test, schedule_work(&it->work));
	KUNIT_EXPECT_TRUE(test, enable_work(&it->work));
	KUNIT_EXPECT_TRUE(test, schedule_work(&it->work));
	flush_work(&it->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 1);
}

static void disable_sync_waits(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, 0);
	struct wqt_item *it = wqt_new(test, 1, true);
	struct wqt_releaser *r;

	queue_work(wq, &it->work);
	wqt_wait_started(test, it);
	r = wqt_release_later(test, it, 50);
	KUNIT_EXPECT_FALSE(test, disable_work_sync(&it->work));
	KUNIT_EXPECT_EQ(test, atomic_read(&it->finished), 1);
	KUNIT_EXPECT_FALSE(test, queue_work(wq, &it->work));
	KUNIT_EXPECT_TRUE(test, enable_work(&it->work));
	flush_delayed_work(&r->dwork);
	destroy_workqueue(wq);
}

static void disable_delayed_item(struct kunit *test)
{
	struct wqt_dwork *d = wqt_dwork_new(test);

	schedule_delayed_work(&d->dwork, 600 * HZ);
	KUNIT_EXPECT_TRUE(test, disable_delayed_work(&d->dwork));
	KUNIT_EXPECT_FALSE(test, timer_pending(&d->dwork.timer));
	KUNIT_EXPECT_FALSE(test, schedule_delayed_work(&d->dwork, 1));
	KUNIT_EXPECT_FALSE(test, disable_delayed_work_sync(&d->dwork));
	KUNIT_EXPECT_FALSE(test, enable_delayed_work(&d->dwork));
	KUNIT_EXPECT_TRUE(test, enable_delayed_work(&d->dwork));
	KUNIT_EXPECT_TRUE(test, schedule_delayed_work(&d->dwork, 1));
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&d->done, WQT_WAIT), 0UL);
	flush_delayed_work(&d->dwork);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), 1);
}

static void disable_enable_and_queue(struct kunit *test)
{
	struct wqt_item *it = wqt_new(test, 1, false);

	disable_work(&it->work);
	disable_work(&it->work);
	KUNIT_EXPECT_FALSE(test, enable_and_queue_work(system_wq, &it->work));
	KUNIT_EXPECT_FALSE(test, work_pending(&it->work));
	KUNIT_EXPECT_TRUE(test, enable_and_queue_work(system_wq, &it->work));
	flush_work(&it->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 1);
}

static struct kunit_case wq_disable_cases[] = {
	KUNIT_CASE(disable_pending_item),
	KUNIT_CASE(disable_nesting),
	KUNIT_CASE(disable_sync_waits),
	KUNIT_CASE(disable_delayed_item),
	KUNIT_CASE(disable_enable_and_queue),
	{}
};

static struct kunit_suite wq_disable_suite = {
	.name = "wq_disable",
	.test_cases = wq_disable_cases,
};

/* ------------------------------------------------------------ ordering and limits */

#define WQT_SEQ_N	24

struct wqt_seq {
	struct delayed_work dwork;
	struct wqt_seqlog *log;
	int id;
};

struct wqt_seqlog {
	spinlock_t lock;	/* protects n and order[] */
	int n;
	int order[WQT_SEQ_N];
	struct wqt_meter meter;
};

static void wqt_seq_fn(struct work_struct *work)
{
	struct wqt_seq *s = container_of(to_delayed_work(work), struct wqt_seq, dwork);
	struct wqt_seqlog *log = s->log;

	meter_enter(&log->meter);
	usleep_range(100, 300);
	spin_lock(&log->lock);
	if (log->n < WQT_SEQ_N)
		log->order[log->n++] = s->id;
	spin_unlock(&log->lock);
	meter_leave(&log->meter);
}

static struct wqt_seq *wqt_seq_new(struct kunit *test, struct wqt_seqlog **logp)
{
	struct wqt_seq *s = kunit_kcalloc(test, WQT_SEQ_N, sizeof(*s), GFP_KERNEL);
	struct wqt_seqlog *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_NOT_NULL(test, log);
	spin_lock_init(&log->lock);
	for (i = 0; i < WQT_SEQ_N; i++) {
		INIT_DELAYED_WORK(&s[i].dwork, wqt_seq_fn);
		s[i].log = log;
		s[i].id = i;
	}
	*logp = log;
	return s;
}

static void order_ordered_in_order(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_ordered_workqueue("wqt_ordered", 0);
	struct wqt_seqlog *log;
	struct wqt_seq *s = wqt_seq_new(test, &log);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, wq);
	/* queued from every CPU in turn, run one at a time in queueing order */
	for (i = 0; i < WQT_SEQ_N; i++)
		queue_work_on(cpumask_nth(i % num_online_cpus(), cpu_online_mask), wq,
			      &s[i].dwork.work);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, log->n, WQT_SEQ_N);
	for (i = 0; i < log->n; i++)
		KUNIT_EXPECT_EQ(test, log->order[i], i);
	KUNIT_EXPECT_EQ(test, atomic_read(&log->meter.peak), 1);
	destroy_workqueue(wq);
}

static void order_ordered_with_delayed(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_ordered_workqueue("wqt_ordered_d", 0);
	struct wqt_seqlog *log;
	struct wqt_seq *s = wqt_seq_new(test, &log);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, wq);
	/*
	 * Items 0..7 with growing delays, then 8..15 at once: the immediate
	 * ones come first in their order, the delayed ones in theirs.
	 */
	for (i = 0; i < 8; i++)
		queue_delayed_work(wq, &s[i].dwork, msecs_to_jiffies(60 + 20 * i));
	for (i = 8; i < 16; i++)
		queue_work(wq, &s[i].dwork.work);
	for (i = 0; i < WQT_WAIT / 5 && READ_ONCE(log->n) < 16; i++)
		usleep_range(5000, 6000);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, log->n, 16);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, log->order[i], (i + 8) % 16);
	KUNIT_EXPECT_EQ(test, atomic_read(&log->meter.peak), 1);
	destroy_workqueue(wq);
}

static void wqt_fill(struct workqueue_struct *wq, struct wqt_item *its, int n, int cpu,
		     struct wqt_meter *m, unsigned int sleep_ms)
{
	int i;

	for (i = 0; i < n; i++) {
		its[i].meter = m;
		its[i].sleep_ms = sleep_ms;
		queue_work_on(cpu, wq, &its[i].work);
	}
}

static void order_max_active_per_cpu(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 2);
	struct wqt_item *its = wqt_new(test, 12, false);
	struct wqt_meter m0 = {}, m1 = {};
	int cpu2 = wqt_second_cpu();

	if (cpu2 < 0)
		kunit_skip(test, "needs two online CPUs");
	/* the limit is per CPU: two at a time on each of two CPUs */
	wqt_fill(wq, its, 6, 0, &m0, 30);
	wqt_fill(wq, its + 6, 6, cpu2, &m1, 30);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&m0.peak), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&m1.peak), 2);
	destroy_workqueue(wq);
}

static void order_max_active_unbound(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, 3);
	struct wqt_item *its = wqt_new(test, 12, false);
	struct wqt_meter m = {};

	/* all from one CPU: never more than max_active at once, and reached */
	wqt_fill(wq, its, 12, 0, &m, 30);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&m.peak), 3);
	destroy_workqueue(wq);
}

static void order_set_max_active(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 1);
	struct wqt_item *its = wqt_new(test, 16, false);
	struct wqt_meter m1 = {}, m3 = {};

	wqt_fill(wq, its, 6, 0, &m1, 20);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&m1.peak), 1);
	workqueue_set_max_active(wq, 3);
	wqt_fill(wq, its + 6, 10, 0, &m3, 30);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&m3.peak), 3);
	destroy_workqueue(wq);
}

/*
 * workqueue_set_max_active() lowering the limit under a backlog: the items
 * that wait start no more than the new limit at once, even though each
 * item done would have made room for the next under the old one.
 */
static void wqt_lower_max_active(struct kunit *test, unsigned int flags)
{
	struct workqueue_struct *wq = wqt_alloc(test, flags, 4);
	struct wqt_item *its = wqt_new(test, 16, false);
	struct wqt_meter m = {};
	int i;

	for (i = 0; i < 4; i++)
		its[i].block = true;
	for (i = 0; i < 4; i++)
		queue_work_on(0, wq, &its[i].work);
	/* twelve more wait behind the four running ones */
	wqt_fill(wq, its + 4, 12, 0, &m, 5);
	for (i = 0; i < 4; i++)
		wqt_wait_started(test, &its[i]);
	workqueue_set_max_active(wq, 1);
	for (i = 0; i < 4; i++)
		complete_all(&its[i].release);
	flush_workqueue(wq);
	for (i = 4; i < 16; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&its[i].runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&m.peak), 1);
	destroy_workqueue(wq);
}

static void order_lower_max_active_per_cpu(struct kunit *test)
{
	wqt_lower_max_active(test, 0);
}

static void order_lower_max_active_unbound(struct kunit *test)
{
	wqt_lower_max_active(test, WQ_UNBOUND);
}

static void order_set_min_active(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, 4);
	struct wqt_item *its = wqt_new(test, 8, false);
	struct wqt_meter m = {};

	workqueue_set_min_active(wq, 2);
	wqt_fill(wq, its, 8, 0, &m, 20);
	flush_workqueue(wq);
	KUNIT_EXPECT_GE(test, atomic_read(&m.peak), 2);
	KUNIT_EXPECT_LE(test, atomic_read(&m.peak), 4);
	destroy_workqueue(wq);
}

/* Give unbound @wq a pwq per CPU, over every possible CPU. */
static void wqt_pwq_per_cpu(struct kunit *test, struct workqueue_struct *wq)
{
	struct workqueue_attrs *attrs = alloc_workqueue_attrs();

	KUNIT_ASSERT_NOT_NULL(test, attrs);
	attrs->affn_scope = WQ_AFFN_CPU;
	cpumask_copy(attrs->cpumask, cpu_possible_mask);
	KUNIT_ASSERT_EQ(test, apply_workqueue_attrs(wq, attrs), 0);
	free_workqueue_attrs(attrs);
}

/*
 * Unbound max_active is system-wide since 6.9: each NUMA node gets a share
 * in proportion to its online CPUs, never less than min_active.  Fill
 * @wq's pwqs from every online CPU with items that block, and check that
 * each node runs exactly its share at once.  The cpu scope gives every CPU
 * its own pwq, so the share is what several pwqs of a node have together.
 */
static void wqt_node_shares(struct kunit *test, int max_active, int min_active, int off)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, max_active);
	int per_cpu = max_active + 2, nr = per_cpu * num_online_cpus();
	struct wqt_item *its = wqt_new(test, nr, true);
	struct wqt_meter *m;
	int node, cpu, i = 0, total = 0, want = 0;
	unsigned long end;

	m = kunit_kcalloc(test, nr_node_ids, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	if (num_online_nodes() < 2) {
		destroy_workqueue(wq);
		kunit_skip(test, "needs two NUMA nodes with CPUs");
	}
	wqt_pwq_per_cpu(test, wq);
	if (min_active)
		workqueue_set_min_active(wq, min_active);
	/* the shares follow CPU hotplug */
	if (off >= 0)
		KUNIT_ASSERT_EQ(test, remove_cpu(off), 0);

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		wqt_fill(wq, its + i, per_cpu, cpu, &m[cpu_to_node(cpu)], 0);
		i += per_cpu;
		total++;
	}
	for_each_online_node(node) {
		int here = cpumask_weight_and(cpumask_of_node(node), cpu_online_mask);

		if (here)
			want += clamp(DIV_ROUND_UP(max_active * here, total),
				      min(min_active ?: WQ_DFL_MIN_ACTIVE, max_active),
				      max_active);
	}
	cpus_read_unlock();

	/* wait until the shares are in use, then give more a chance to start */
	end = jiffies + WQT_WAIT;
	while (time_before(jiffies, end)) {
		int now = 0;

		for_each_online_node(node)
			now += atomic_read(&m[node].now);
		if (now >= want)
			break;
		msleep(10);
	}
	msleep(100);
	for_each_online_node(node) {
		int here = cpumask_weight_and(cpumask_of_node(node), cpu_online_mask);
		int share = clamp(DIV_ROUND_UP(max_active * here, total),
				  min(min_active ?: WQ_DFL_MIN_ACTIVE, max_active), max_active);

		if (!here)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&m[node].now), share, "node %d", node);
	}
	for (i = 0; i < nr; i++)
		complete(&its[i].release);
	flush_workqueue(wq);
	/* with a CPU offline, fewer than @nr were queued */
	for (i = 0; i < per_cpu * total; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&its[i].finished), 1);
	destroy_workqueue(wq);
	if (off >= 0)
		KUNIT_EXPECT_EQ(test, add_cpu(off), 0);
}

/*
 * The pwqs of a node take turns at its share: an item queued on a CPU's
 * pwq runs before the backlog that another CPU of the node queued ahead of
 * it has drained, though each item of that backlog done could make room
 * for the next.
 */
struct wqt_turn {
	struct work_struct work;
	atomic_t *clock;
	int pos;
};

static void wqt_turn_fn(struct work_struct *work)
{
	struct wqt_turn *t = container_of(work, struct wqt_turn, work);

	t->pos = atomic_inc_return(t->clock);
	usleep_range(5000, 6000);
}

static void order_node_share_taken_in_turn(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, 2);
	struct wqt_turn *t = kunit_kcalloc(test, 13, sizeof(*t), GFP_KERNEL);
	atomic_t clock = ATOMIC_INIT(0);
	int cpu, other = -1, i;

	KUNIT_ASSERT_NOT_NULL(test, t);
	for_each_online_cpu(cpu) {
		if (cpu && cpu_to_node(cpu) == cpu_to_node(0)) {
			other = cpu;
			break;
		}
	}
	if (other < 0) {
		destroy_workqueue(wq);
		kunit_skip(test, "needs a second CPU on the node of CPU 0");
	}
	/* CPU 0's node runs two items at once */
	wqt_pwq_per_cpu(test, wq);
	for (i = 0; i < 13; i++) {
		INIT_WORK(&t[i].work, wqt_turn_fn);
		t[i].clock = &clock;
	}
	for (i = 0; i < 12; i++)
		queue_work_on(0, wq, &t[i].work);
	queue_work_on(other, wq, &t[12].work);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&clock), 13);
	/* its turn comes after a few of the twelve, not after them all */
	KUNIT_EXPECT_LE(test, t[12].pos, 8);
	destroy_workqueue(wq);
}

static void order_max_active_split_by_node(struct kunit *test)
{
	/* 2 nodes of 2 CPUs: 16 is 8 + 8, not 16 per node */
	wqt_node_shares(test, 16, 0, -1);
}

static void order_min_active_per_node(struct kunit *test)
{
	/* a share below min_active is raised to it: 3 + 3 for max_active 4 */
	wqt_node_shares(test, 4, 3, -1);
}

static struct kunit_case wq_order_cases[] = {
	KUNIT_CASE(order_ordered_in_order),
	KUNIT_CASE(order_ordered_with_delayed),
	KUNIT_CASE(order_max_active_per_cpu),
	KUNIT_CASE(order_max_active_unbound),
	KUNIT_CASE(order_set_max_active),
	KUNIT_CASE(order_lower_max_active_per_cpu),
	KUNIT_CASE(order_lower_max_active_unbound),
	KUNIT_CASE(order_set_min_active),
	KUNIT_CASE(order_max_active_split_by_node),
	KUNIT_CASE(order_node_share_taken_in_turn),
	KUNIT_CASE(order_min_active_per_node),
	{}
};

static struct kunit_suite wq_order_suite = {
	.name = "wq_order",
	.test_cases = wq_order_cases,
};

/* ------------------------------------------------------------ concurrency management */

struct wqt_spinner {
	struct work_struct work;
	unsigned int spin_ms;
	atomic_t spinning;	/* set while the item spins */
	struct completion started;
	struct wqt_meter *meter;
};

static void wqt_spinner_fn(struct work_struct *work)
{
	struct wqt_spinner *s = container_of(work, struct wqt_spinner, work);
	ktime_t end = ktime_add_ms(ktime_get(), s->spin_ms);

	if (s->meter)
		meter_enter(s->meter);
	atomic_set(&s->spinning, 1);
	complete(&s->started);
	/* CPU-bound, but let the scheduler run others if the pool asks */
	while (ktime_before(ktime_get(), end))
		cond_resched();
	atomic_set(&s->spinning, 0);
	if (s->meter)
		meter_leave(s->meter);
}

static struct wqt_spinner *wqt_spinners(struct kunit *test, int n, unsigned int spin_ms)
{
	struct wqt_spinner *s = kunit_kcalloc(test, n, sizeof(*s), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	for (i = 0; i < n; i++) {
		INIT_WORK(&s[i].work, wqt_spinner_fn);
		s[i].spin_ms = spin_ms;
		init_completion(&s[i].started);
	}
	return s;
}

/* Records whether @watch was spinning when this item started. */
struct wqt_observer {
	struct work_struct work;
	struct wqt_spinner *watch;
	int saw_spinning;
	struct completion done;
};

static void wqt_observer_fn(struct work_struct *work)
{
	struct wqt_observer *o = container_of(work, struct wqt_observer, work);

	o->saw_spinning = atomic_read(&o->watch->spinning);
	complete(&o->done);
}

static struct wqt_observer *wqt_observer_new(struct kunit *test, struct wqt_spinner *watch)
{
	struct wqt_observer *o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, o);
	INIT_WORK(&o->work, wqt_observer_fn);
	o->watch = watch;
	init_completion(&o->done);
	return o;
}

/*
 * Run six spinners of @spin_ms on one CPU of a workqueue with @flags and
 * return how many of them ran at once at most.
 */
static int wqt_spinners_peak(struct kunit *test, unsigned int flags, unsigned int spin_ms)
{
	struct workqueue_struct *wq = wqt_alloc(test, flags, 0);
	struct wqt_spinner *s = wqt_spinners(test, 6, spin_ms);
	struct wqt_meter m = {};
	int cpu = wqt_second_cpu(), i;

	if (cpu < 0)
		kunit_skip(test, "needs two online CPUs");
	for (i = 0; i < 6; i++) {
		s[i].meter = &m;
		queue_work_on(cpu, wq, &s[i].work);
	}
	flush_workqueue(wq);
	destroy_workqueue(wq);
	return atomic_read(&m.peak);
}

static void cm_cpu_bound_one_at_a_time(struct kunit *test)
{
	int peak, tries = 0;

	/*
	 * None of them slept, so the pool ran them one after another.  A
	 * vCPU that the host stops for a while looks to the tick as if the
	 * item had used that time, so the hog detector may let one more start
	 * (seen on stock under KASAN): a pool without concurrency management
	 * starts them all every time, so take the best of three runs.
	 */
	do {
		peak = wqt_spinners_peak(test, 0, 2);
	} while (peak != 1 && ++tries < 3);
	KUNIT_EXPECT_EQ(test, peak, 1);
}

static void cm_sleeper_lets_next_run(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 0);
	struct wqt_item *its = wqt_new(test, 2, false);
	int cpu = wqt_second_cpu();

	if (cpu < 0)
		kunit_skip(test, "needs two online CPUs");
	its[0].block = true;
	queue_work_on(cpu, wq, &its[0].work);
	wqt_wait_started(test, &its[0]);
	/* its[0] sleeps in wait_for_completion(): its[1] must start anyway */
	queue_work_on(cpu, wq, &its[1].work);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&its[1].done, WQT_WAIT), 0UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[0].finished), 0);
	complete(&its[0].release);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, its[1].cpu, cpu);
	destroy_workqueue(wq);
}

/* Queues @next behind itself while it runs, then blocks. */
struct wqt_handoff {
	struct work_struct work;
	struct workqueue_struct *wq;
	struct work_struct *next;
	int cpu;
	struct completion release;
	atomic_t finished;
};

static void wqt_handoff_fn(struct work_struct *work)
{
	struct wqt_handoff *h = container_of(work, struct wqt_handoff, work);

	/*
	 * Queued by a running item, @next gives the pool no reason to wake
	 * anybody; only this item blocking does.
	 */
	queue_work_on(h->cpu, h->wq, h->next);
	wait_for_completion(&h->release);
	atomic_set(&h->finished, 1);
}

static void cm_blocker_hands_over_queued(struct kunit *test)
{
	/* the high-priority pool: little else runs there to wake workers */
	struct workqueue_struct *wq = wqt_alloc(test, WQ_HIGHPRI, 0);
	struct wqt_handoff *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	struct wqt_item *its = wqt_new(test, 2, false);
	int cpu = wqt_second_cpu();

	KUNIT_ASSERT_NOT_NULL(test, h);
	if (cpu < 0)
		kunit_skip(test, "needs two online CPUs");
	INIT_WORK(&h->work, wqt_handoff_fn);
	init_completion(&h->release);
	h->wq = wq;
	h->next = &its[0].work;
	h->cpu = cpu;
	/* let the pool settle with workers in reserve, all idle */
	queue_work_on(cpu, wq, &its[1].work);
	flush_work(&its[1].work);
	msleep(50);

	/* when the first item blocks, the pool hands the second to another worker */
	queue_work_on(cpu, wq, &h->work);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&its[0].done, WQT_WAIT), 0UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->finished), 0);
	complete(&h->release);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&h->finished), 1);
	KUNIT_EXPECT_EQ(test, its[0].cpu, cpu);
	destroy_workqueue(wq);
}

/*
 * Queue a spinner that never sleeps and then an observer on the same CPU of
 * a workqueue with @flags.  Returns whether the observer started while the
 * spinner spun.
 */
static int wqt_observer_saw_spinning(struct kunit *test, unsigned int flags,
				     unsigned int spin_ms)
{
	struct workqueue_struct *wq = wqt_alloc(test, flags, 0);
	struct wqt_spinner *s = wqt_spinners(test, 1, spin_ms);
	struct wqt_observer *o = wqt_observer_new(test, s);
	int cpu = wqt_second_cpu();

	if (cpu < 0) {
		destroy_workqueue(wq);
		kunit_skip(test, "needs two online CPUs");
	}
	queue_work_on(cpu, wq, &s->work);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&s->started, WQT_WAIT), 0UL);
	queue_work_on(cpu, wq, &o->work);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&o->done, WQT_WAIT), 0UL);
	flush_workqueue(wq);
	destroy_workqueue(wq);
	return o->saw_spinning;
}

/* The observer must start while the spinner spins. */
static void wqt_observer_overtakes(struct kunit *test, unsigned int flags,
				   unsigned int spin_ms)
{
	KUNIT_EXPECT_EQ(test, wqt_observer_saw_spinning(test, flags, spin_ms), 1);
}

static void cm_cpu_intensive_flag(struct kunit *test)
{
	/* a WQ_CPU_INTENSIVE item does not hold the next one back */
	wqt_observer_overtakes(test, WQ_CPU_INTENSIVE, 300);
}

static void cm_cpu_intensive_overlap(struct kunit *test)
{
	/*
	 * Each spin (5 ms) stays under the default cpu_intensive_thresh_us
	 * (10 ms), so only the flag, not hog detection, can let the items
	 * of one CPU overlap: each one leaves concurrency management as it
	 * starts and the pool hands the next to another worker.
	 */
	KUNIT_EXPECT_GE(test, wqt_spinners_peak(test, WQ_CPU_INTENSIVE, 5), 2);
}

static void cm_cpu_hog_detected(struct kunit *test)
{
	/*
	 * The spinner never sleeps, but once it has used more CPU than
	 * workqueue.cpu_intensive_thresh_us it stops counting as running
	 * and the observer gets to start while it still spins.
	 */
	wqt_observer_overtakes(test, 0, 1000);
}

static void cm_highpri_nice(struct kunit *test)
{
	struct workqueue_struct *hwq = wqt_alloc(test, WQ_HIGHPRI, 0);
	struct wqt_item *its = wqt_new(test, 2, false);

	queue_work_on(0, hwq, &its[0].work);
	queue_work_on(0, system_wq, &its[1].work);
	flush_work(&its[0].work);
	flush_work(&its[1].work);
	KUNIT_EXPECT_EQ(test, its[0].nice, -20);
	KUNIT_EXPECT_EQ(test, its[1].nice, 0);
	destroy_workqueue(hwq);
}

static void cm_unbound_cpumask(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, 0);
	struct workqueue_attrs *attrs = alloc_workqueue_attrs();
	struct wqt_item *its = wqt_new(test, 16, false);
	int cpu = cpumask_last(cpu_online_mask), i;

	KUNIT_ASSERT_NOT_NULL(test, attrs);
	if (cpu == 0) {
		free_workqueue_attrs(attrs);
		kunit_skip(test, "needs two online CPUs");
	}
	cpumask_copy(attrs->cpumask, cpumask_of(cpu));
	KUNIT_ASSERT_EQ(test, apply_workqueue_attrs(wq, attrs), 0);
	free_workqueue_attrs(attrs);
	/* wherever they are queued from, they run only on the allowed CPU */
	for (i = 0; i < 16; i++)
		queue_work_on(cpumask_nth(i % num_online_cpus(), cpu_online_mask), wq,
			      &its[i].work);
	flush_workqueue(wq);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, its[i].cpu, cpu);
	destroy_workqueue(wq);
}

/*
 * A worker going through items back to back, here one that queues itself
 * again each time it runs, lets another task of its CPU in between two of
 * them when the scheduler asks: a kernel with voluntary preemption does not
 * preempt it otherwise.  The worker is of an unbound pool of its own, held
 * to one CPU: a CPU's per-CPU pool runs other subsystems' items too, and
 * one of those that blocks would give the CPU away for it.
 */
struct wqt_yield {
	struct work_struct work;
	struct workqueue_struct *wq;
	int cpu;
	unsigned long deadline;
	atomic_t runs;
	bool other_ran;		/* the other task got the CPU */
	bool other_first;	/* ... before the item gave up */
	struct completion stopped;
};

static void wqt_yield_fn(struct work_struct *work)
{
	struct wqt_yield *y = container_of(work, struct wqt_yield, work);

	atomic_inc(&y->runs);
	if (!READ_ONCE(y->other_ran) && time_before(jiffies, y->deadline)) {
		queue_work_on(y->cpu, y->wq, work);
		return;
	}
	y->other_first = READ_ONCE(y->other_ran);
	complete(&y->stopped);
}

static int wqt_yield_other_fn(void *arg)
{
	struct wqt_yield *y = arg;

	WRITE_ONCE(y->other_ran, true);
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static void cm_worker_yields(struct kunit *test)
{
	struct wqt_yield *y = kunit_kzalloc(test, sizeof(*y), GFP_KERNEL);
	struct workqueue_attrs *attrs = alloc_workqueue_attrs();
	int cpu = wqt_second_cpu();
	struct task_struct *t;

	KUNIT_ASSERT_NOT_NULL(test, y);
	KUNIT_ASSERT_NOT_NULL(test, attrs);
	if (cpu < 0) {
		free_workqueue_attrs(attrs);
		kunit_skip(test, "needs two online CPUs");
	}
	y->wq = wqt_alloc(test, WQ_UNBOUND, 0);
	attrs->nice = 7;
	cpumask_copy(attrs->cpumask, cpumask_of(cpu));
	attrs->affn_strict = true;
	KUNIT_ASSERT_EQ(test, apply_workqueue_attrs(y->wq, attrs), 0);
	free_workqueue_attrs(attrs);
	y->cpu = cpu;
	y->deadline = jiffies + 3 * HZ;
	INIT_WORK(&y->work, wqt_yield_fn);
	init_completion(&y->stopped);
	queue_work_on(cpu, y->wq, &y->work);
	/* the worker is at it; now another task of that CPU wants to run */
	while (atomic_read(&y->runs) < 100 && time_before(jiffies, y->deadline))
		usleep_range(1000, 2000);
	t = kthread_create(wqt_yield_other_fn, y, "wqt_yield");
	if (!IS_ERR(t)) {
		kthread_bind(t, cpu);
		wake_up_process(t);
	}
	wait_for_completion(&y->stopped);
	if (!IS_ERR(t))
		kthread_stop(t);
	destroy_workqueue(y->wq);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	KUNIT_EXPECT_GE(test, atomic_read(&y->runs), 100);
	KUNIT_EXPECT_TRUE(test, y->other_first);
}

static struct kunit_case wq_cm_cases[] = {
	KUNIT_CASE(cm_cpu_bound_one_at_a_time),
	KUNIT_CASE(cm_sleeper_lets_next_run),
	KUNIT_CASE(cm_blocker_hands_over_queued),
	KUNIT_CASE(cm_cpu_intensive_flag),
	KUNIT_CASE(cm_cpu_intensive_overlap),
	KUNIT_CASE(cm_cpu_hog_detected),
	KUNIT_CASE(cm_highpri_nice),
	KUNIT_CASE(cm_unbound_cpumask),
	KUNIT_CASE(cm_worker_yields),
	{}
};

static struct kunit_suite wq_cm_suite = {
	.name = "wq_cm",
	.test_cases = wq_cm_cases,
};

/* ------------------------------------------------------------ BH workqueues */

static void bh_softirq_on_queueing_cpu(struct kunit *test)
{
	struct workqueue_struct *wqs[] = { system_bh_wq, system_bh_highpri_wq };
	struct wqt_item *it = wqt_new(test, 1, false);
	int i, cpu;

	for (i = 0; i < ARRAY_SIZE(wqs); i++) {
		KUNIT_ASSERT_NOT_NULL(test, wqs[i]);
		wqt_init_bh(it);
		cpu = get_cpu();
		KUNIT_EXPECT_TRUE(test, queue_work(wqs[i], &it->work));
		put_cpu();
		flush_work(&it->work);
		KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 1);
		KUNIT_EXPECT_TRUE(test, it->in_softirq);
		KUNIT_EXPECT_EQ(test, it->cpu, cpu);
	}
}

static void bh_remote_cpu(struct kunit *test)
{
	struct wqt_item *it = wqt_new(test, 1, false);
	int cpu;

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		wqt_init_bh(it);
		KUNIT_EXPECT_TRUE(test, queue_work_on(cpu, system_bh_wq, &it->work));
		flush_work(&it->work);
		KUNIT_EXPECT_TRUE(test, it->in_softirq);
		KUNIT_EXPECT_EQ(test, it->cpu, cpu);
	}
	cpus_read_unlock();
}

static struct kunit_case wq_bh_cases[] = {
	KUNIT_CASE(bh_softirq_on_queueing_cpu),
	KUNIT_CASE(bh_remote_cpu),
	{}
};

static struct kunit_suite wq_bh_suite = {
	.name = "wq_bh",
	.test_cases = wq_bh_cases,
};

/* ------------------------------------------------------------ introspection */

struct wqt_probe {
	struct work_struct work;
	struct work_struct *current_seen;
	bool rescuer;
};

static void wqt_probe_fn(struct work_struct *work)
{
	struct wqt_probe *p = container_of(work, struct wqt_probe, work);

	p->current_seen = current_work();
	p->rescuer = current_is_workqueue_rescuer();
	set_worker_desc("wqt probe %d", 42);
}

static void intro_current_work(struct kunit *test)
{
	struct wqt_probe *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	INIT_WORK(&p->work, wqt_probe_fn);
	KUNIT_EXPECT_NULL(test, current_work());
	KUNIT_EXPECT_FALSE(test, current_is_workqueue_rescuer());
	schedule_work(&p->work);
	flush_work(&p->work);
	KUNIT_EXPECT_PTR_EQ(test, p->current_seen, &p->work);
	KUNIT_EXPECT_FALSE(test, p->rescuer);
}

static void intro_work_busy_states(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 1);
	struct wqt_item *its = wqt_new(test, 2, false);

	KUNIT_EXPECT_EQ(test, work_busy(&its[1].work), 0U);
	its[0].block = true;
	queue_work_on(0, wq, &its[0].work);
	wqt_wait_started(test, &its[0]);
	queue_work_on(0, wq, &its[1].work);
	KUNIT_EXPECT_EQ(test, work_busy(&its[0].work), (unsigned int)WORK_BUSY_RUNNING);
	KUNIT_EXPECT_EQ(test, work_busy(&its[1].work), (unsigned int)WORK_BUSY_PENDING);
	/* running and queued again: both bits */
	queue_work_on(0, wq, &its[0].work);
	KUNIT_EXPECT_EQ(test, work_busy(&its[0].work),
			(unsigned int)(WORK_BUSY_RUNNING | WORK_BUSY_PENDING));
	complete_all(&its[0].release);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, work_busy(&its[0].work), 0U);
	KUNIT_EXPECT_EQ(test, work_busy(&its[1].work), 0U);
	destroy_workqueue(wq);
}

static void intro_congested(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 1);
	struct wqt_item *its = wqt_new(test, 2, false);

	KUNIT_EXPECT_FALSE(test, workqueue_congested(0, wq));
	its[0].block = true;
	queue_work_on(0, wq, &its[0].work);
	wqt_wait_started(test, &its[0]);
	queue_work_on(0, wq, &its[1].work);
	/* an item waits for max_active: congested on CPU 0 only */
	KUNIT_EXPECT_TRUE(test, workqueue_congested(0, wq));
	if (wqt_second_cpu() >= 0)
		KUNIT_EXPECT_FALSE(test, workqueue_congested(wqt_second_cpu(), wq));
	complete(&its[0].release);
	flush_workqueue(wq);
	KUNIT_EXPECT_FALSE(test, workqueue_congested(0, wq));
	destroy_workqueue(wq);
}

static void intro_worker_desc(struct kunit *test)
{
	struct wqt_probe *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	INIT_WORK(&p->work, wqt_probe_fn);
	/* set_worker_desc() outside a worker is a no-op, inside it is allowed */
	set_worker_desc("not a worker");
	schedule_work(&p->work);
	flush_work(&p->work);
	KUNIT_EXPECT_PTR_EQ(test, p->current_seen, &p->work);
}

static bool wqt_comm_is(const char *comm, const char *prefix, bool highpri)
{
	size_t len = strlen(comm);

	if (strncmp(comm, prefix, strlen(prefix)))
		return false;
	return highpri == (len && comm[len - 1] == 'H');
}

static void intro_worker_names(struct kunit *test)
{
	struct workqueue_struct *hwq = wqt_alloc(test, WQ_HIGHPRI, 0);
	struct workqueue_struct *uwq = wqt_alloc(test, WQ_UNBOUND, 0);
	struct wqt_item *its = wqt_new(test, 3, false);
	int cpu = wqt_second_cpu();
	char prefix[24];

	if (cpu < 0)
		cpu = 0;
	queue_work_on(cpu, system_wq, &its[0].work);
	queue_work_on(cpu, hwq, &its[1].work);
	queue_work(uwq, &its[2].work);
	flush_work(&its[0].work);
	flush_work(&its[1].work);
	flush_work(&its[2].work);
	snprintf(prefix, sizeof(prefix), "kworker/%d:", cpu);
	KUNIT_EXPECT_TRUE_MSG(test, wqt_comm_is(its[0].comm, prefix, false),
			      "comm %s", its[0].comm);
	KUNIT_EXPECT_TRUE_MSG(test, wqt_comm_is(its[1].comm, prefix, true),
			      "comm %s", its[1].comm);
	KUNIT_EXPECT_TRUE_MSG(test, !strncmp(its[2].comm, "kworker/u", 9),
			      "comm %s", its[2].comm);
	destroy_workqueue(hwq);
	destroy_workqueue(uwq);
}

#define WQT_DUMP_ITEMS	20

static void wqt_dump_listed_item_fn(struct work_struct *work)
{
	wqt_item_fn(work);
}

/* Items named @what on @line: "fn" is one, "19*fn" (repeats folded, as 6.12 does) 19. */
static int wqt_count_items(const char *line, const char *what)
{
	const char *p, *q;
	unsigned int rep;
	int n = 0;

	for (p = line; (p = strstr(p, what)); p += strlen(what)) {
		rep = 1;
		if (p > line && p[-1] == '*') {
			for (q = p - 1; q > line && isdigit(q[-1]); q--)
				;
			if (sscanf(q, "%u*", &rep) != 1)
				rep = 1;
		}
		n += rep;
	}
	return n;
}

/* The items named @what in the printk buffer after the line with @marker. */
static int wqt_printk_count_after(const char *marker, const char *what, char *line,
				  size_t size)
{
	struct kmsg_dump_iter iter;
	bool after = false;
	size_t len;
	int n = 0;

	kmsg_dump_rewind(&iter);
	while (kmsg_dump_get_line(&iter, false, line, size - 1, &len)) {
		line[len] = '\0';
		if (after)
			n += wqt_count_items(line, what);
		else
			after = strstr(line, marker);
	}
	return n;
}

/*
 * show_one_workqueue(), which sysrq-t and the watchdog use for every busy
 * workqueue, lists each item: the one running and the inactive ones behind
 * it, here more than fit on one console line.  Read the dump back from the
 * printk buffer and count them.
 */
static void intro_dump_lists_every_item(struct kunit *test)
{
	struct workqueue_struct *wq;
	struct wqt_item *its;
	char marker[32];
	char *line;
	int i;

	if (!IS_ENABLED(CONFIG_PRINTK) || !IS_ENABLED(CONFIG_KALLSYMS))
		kunit_skip(test, "reading the dump back needs CONFIG_PRINTK and CONFIG_KALLSYMS");
	wq = wqt_alloc(test, 0, 1);
	its = wqt_new(test, WQT_DUMP_ITEMS, true);
	line = kunit_kzalloc(test, 1024, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, line);
	for (i = 0; i < WQT_DUMP_ITEMS; i++) {
		INIT_WORK(&its[i].work, wqt_dump_listed_item_fn);
		queue_work(wq, &its[i].work);
	}
	wqt_wait_started(test, &its[0]);
	snprintf(marker, sizeof(marker), "wqt dump %08x", get_random_u32());
	pr_info("%s\n", marker);
	show_one_workqueue(wq);
	for (i = 0; i < WQT_DUMP_ITEMS; i++)
		complete(&its[i].release);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, wqt_printk_count_after(marker, "wqt_dump_listed_item_fn", line,
						     1024), WQT_DUMP_ITEMS);
}

static struct kunit_case wq_intro_cases[] = {
	KUNIT_CASE(intro_current_work),
	KUNIT_CASE(intro_work_busy_states),
	KUNIT_CASE(intro_congested),
	KUNIT_CASE(intro_worker_desc),
	KUNIT_CASE(intro_worker_names),
	KUNIT_CASE(intro_dump_lists_every_item),
	{}
};

static struct kunit_suite wq_intro_suite = {
	.name = "wq_intro",
	.test_cases = wq_intro_cases,
};

/* ------------------------------------------------------------ forward progress */

/* The task named @name (cut to the length of a comm), referenced, or NULL. */
static struct task_struct *wqt_get_task(const char *name)
{
	struct task_struct *p, *found = NULL;
	char comm[TASK_COMM_LEN];

	strscpy(comm, name, sizeof(comm));
	rcu_read_lock();
	for_each_process(p) {
		if (!strcmp(p->comm, comm)) {
			found = get_task_struct(p);
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

static bool wqt_task_exists(const char *name)
{
	struct task_struct *p = wqt_get_task(name);

	if (p)
		put_task_struct(p);
	return p;
}

static void progress_rescuer(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("wqt_rsc", WQ_MEM_RECLAIM, 0);
	struct workqueue_struct *plain = alloc_workqueue("wqt_norsc", 0, 0);
	struct wqt_item *its = wqt_new(test, 8, false);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, wq);
	KUNIT_ASSERT_NOT_NULL(test, plain);
	/* a WQ_MEM_RECLAIM workqueue comes with its rescuer thread */
	KUNIT_EXPECT_TRUE(test, wqt_task_exists("kworker/R-wqt_rsc"));
	KUNIT_EXPECT_FALSE(test, wqt_task_exists("kworker/R-wqt_nor"));
	for (i = 0; i < 8; i++)
		queue_work_on(cpumask_nth(i % num_online_cpus(), cpu_online_mask), wq,
			      &its[i].work);
	flush_workqueue(wq);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&its[i].runs), 1);
	destroy_workqueue(wq);
	destroy_workqueue(plain);
}

static struct kunit_case wq_progress_cases[] = {
	KUNIT_CASE(progress_rescuer),
	{}
};

static struct kunit_suite wq_progress_suite = {
	.name = "wq_progress",
	.test_cases = wq_progress_cases,
};

/* ------------------------------------------------------------ helpers */

static DEFINE_PER_CPU(int, wqt_each_cpu_hits);

static void wqt_each_cpu_fn(struct work_struct *work)
{
	this_cpu_inc(wqt_each_cpu_hits);
}

static void helpers_on_each_cpu(struct kunit *test)
{
	int cpu;

	cpus_read_lock();	/* keep the online set stable for the check */
	for_each_possible_cpu(cpu)
		per_cpu(wqt_each_cpu_hits, cpu) = 0;
	cpus_read_unlock();
	KUNIT_EXPECT_EQ(test, schedule_on_each_cpu(wqt_each_cpu_fn), 0);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ(test, per_cpu(wqt_each_cpu_hits, cpu), 1);
}

static long wqt_cpu_fn(void *arg)
{
	*(int *)arg += 1;
	return raw_smp_processor_id() + 1000;
}

static void helpers_work_on_cpu(struct kunit *test)
{
	int cpu, calls = 0;

	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, work_on_cpu(cpu, wqt_cpu_fn, &calls), cpu + 1000L);
		KUNIT_EXPECT_EQ(test, work_on_cpu_safe(cpu, wqt_cpu_fn, &calls), cpu + 1000L);
	}
	KUNIT_EXPECT_EQ(test, calls, 2 * (int)num_online_cpus());
}

static atomic_t wqt_exec_ctx_runs;

static void wqt_exec_ctx_fn(struct work_struct *work)
{
	atomic_inc(&wqt_exec_ctx_runs);
}

static void helpers_execute_in_process_context(struct kunit *test)
{
	struct execute_work *ew = kunit_kzalloc(test, sizeof(*ew), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ew);
	atomic_set(&wqt_exec_ctx_runs, 0);
	/* in process context it runs the function right away */
	KUNIT_EXPECT_EQ(test, execute_in_process_context(wqt_exec_ctx_fn, ew), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&wqt_exec_ctx_runs), 1);
	/* in interrupt context it defers to a work item */
	local_bh_disable();
	KUNIT_EXPECT_EQ(test, execute_in_process_context(wqt_exec_ctx_fn, ew), 1);
	local_bh_enable();
	flush_work(&ew->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&wqt_exec_ctx_runs), 2);
}

static void helpers_system_workqueues(struct kunit *test)
{
	struct workqueue_struct *wqs[] = {
		system_wq, system_percpu_wq, system_highpri_wq, system_long_wq,
		system_unbound_wq, system_dfl_wq, system_freezable_wq,
		system_power_efficient_wq, system_freezable_power_efficient_wq,
		system_bh_wq, system_bh_highpri_wq,
	};
	struct wqt_item *its = wqt_new(test, ARRAY_SIZE(wqs), false);
	int i;

	for (i = 0; i < ARRAY_SIZE(wqs); i++) {
		KUNIT_ASSERT_NOT_NULL_MSG(test, wqs[i], "system workqueue %d", i);
		if (wqs[i] == system_bh_wq || wqs[i] == system_bh_highpri_wq)
			wqt_init_bh(&its[i]);
		KUNIT_EXPECT_TRUE(test, queue_work(wqs[i], &its[i].work));
	}
	for (i = 0; i < ARRAY_SIZE(wqs); i++) {
		flush_work(&its[i].work);
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&its[i].runs), 1, "system workqueue %d", i);
	}
}

#ifdef CONFIG_FREEZER
static void helpers_freezer_holds_freezable(struct kunit *test)
{
	struct workqueue_struct *fwq = wqt_alloc(test, WQ_FREEZABLE, 0);
	struct workqueue_struct *wq = wqt_alloc(test, 0, 0);
	struct wqt_item *its = wqt_new(test, 2, false);
	unsigned int sleep_flags;

	/*
	 * What suspend does to workqueues, without suspending: while they
	 * are frozen, an item of a freezable workqueue waits and one of a
	 * plain workqueue runs; thawing lets the first one run.
	 */
	sleep_flags = lock_system_sleep();
	freeze_workqueues_begin();
	queue_work(fwq, &its[0].work);
	queue_work(wq, &its[1].work);
	flush_work(&its[1].work);
	msleep(100);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[0].runs), 0);
	KUNIT_EXPECT_TRUE(test, work_pending(&its[0].work));
	thaw_workqueues();
	unlock_system_sleep(sleep_flags);

	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&its[0].done, WQT_WAIT), 0UL);
	flush_work(&its[0].work);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[0].runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[1].runs), 1);
	destroy_workqueue(fwq);
	destroy_workqueue(wq);
}
#endif

static struct kunit_case wq_helpers_cases[] = {
	KUNIT_CASE(helpers_on_each_cpu),
	KUNIT_CASE(helpers_work_on_cpu),
	KUNIT_CASE(helpers_execute_in_process_context),
	KUNIT_CASE(helpers_system_workqueues),
#ifdef CONFIG_FREEZER
	KUNIT_CASE(helpers_freezer_holds_freezable),
#endif
	{}
};

static struct kunit_suite wq_helpers_suite = {
	.name = "wq_helpers",
	.test_cases = wq_helpers_cases,
};

/* ------------------------------------------------------------ CPU hotplug */

static void hotplug_pending_survives_offline(struct kunit *test)
{
	struct workqueue_struct *wq;
	struct wqt_item *its;
	int cpu = cpumask_last(cpu_online_mask);

	if (!IS_ENABLED(CONFIG_HOTPLUG_CPU) || cpu == 0)
		kunit_skip(test, "needs CPU hotplug and two online CPUs");
	wq = wqt_alloc(test, 0, 1);
	its = wqt_new(test, 3, false);
	its[0].block = true;
	queue_work_on(cpu, wq, &its[0].work);
	wqt_wait_started(test, &its[0]);
	queue_work_on(cpu, wq, &its[1].work);

	/* the CPU goes away with one item running and one pending on it */
	KUNIT_ASSERT_EQ(test, remove_cpu(cpu), 0);
	complete(&its[0].release);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[0].finished), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&its[1].runs), 1);
	KUNIT_EXPECT_NE(test, its[1].cpu, cpu);

	/* back online, work queued on it runs there again */
	KUNIT_ASSERT_EQ(test, add_cpu(cpu), 0);
	KUNIT_EXPECT_TRUE(test, queue_work_on(cpu, wq, &its[2].work));
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, its[2].cpu, cpu);
	destroy_workqueue(wq);
}

static void hotplug_node_shares_follow(struct kunit *test)
{
	int cpu = cpumask_last(cpu_online_mask);

	if (!IS_ENABLED(CONFIG_HOTPLUG_CPU) || cpu == 0)
		kunit_skip(test, "needs CPU hotplug and two online CPUs");
	/* 2 + 2 CPUs with one gone: 24 is 16 + 8 */
	wqt_node_shares(test, 24, 1, cpu);
}

static struct kunit_case wq_hotplug_cases[] = {
	KUNIT_CASE(hotplug_pending_survives_offline),
	KUNIT_CASE(hotplug_node_shares_follow),
	{}
};

static struct kunit_suite wq_hotplug_suite = {
	.name = "wq_hotplug",
	.test_cases = wq_hotplug_cases,
};

/* ------------------------------------------------------------ corners of 6.12 */

/*
 * Cases a drop-in replacement once got wrong where 6.12 is right: each
 * passes on stock.  Those that provoke a splat when broken also check
 * debug_locks, which lockdep clears when it reports.
 */

/* Logs its id each run; with @block, its first run waits until released. */
struct wqt_tag {
	struct work_struct work;
	struct wqt_seqlog *log;
	int id;
	bool block;
	atomic_t runs;
	struct completion started;
	struct completion release;
};

static void wqt_tag_fn(struct work_struct *work)
{
	struct wqt_tag *t = container_of(work, struct wqt_tag, work);

	spin_lock(&t->log->lock);
	if (t->log->n < WQT_SEQ_N)
		t->log->order[t->log->n++] = t->id;
	spin_unlock(&t->log->lock);
	if (atomic_inc_return(&t->runs) == 1) {
		complete(&t->started);
		if (t->block)
			wait_for_completion(&t->release);
	}
}

static void wqt_tag_init(struct wqt_tag *t, struct wqt_seqlog *log, int id, bool block)
{
	INIT_WORK(&t->work, wqt_tag_fn);
	t->log = log;
	t->id = id;
	t->block = block;
	atomic_set(&t->runs, 0);
	init_completion(&t->started);
	init_completion(&t->release);
}

/*
 * Exclude the last online CPU from unbound work, or (@on false) nothing,
 * as an isolated cpuset partition would.  The guests have none, so
 * nothing is lost by clearing the exclusion afterwards.
 */
static int wqt_exclude_last_cpu(bool on)
{
	cpumask_var_t mask;
	int ret;

	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	cpus_read_lock();
	if (on)
		cpumask_set_cpu(cpumask_last(cpu_online_mask), mask);
	ret = workqueue_unbound_exclude_cpumask(mask);
	cpus_read_unlock();
	free_cpumask_var(mask);
	return ret;
}

/*
 * W runs on an ordered workqueue, its pool_workqueue is replaced (by a
 * global cpumask change, then by new attrs), V is queued, then W again:
 * they run W, V, W.  The requeue must not go back to the old pwq ahead of V.
 */
static void parity_ordered_requeue_across_retune(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_ordered_workqueue("wqt_ord_retune", 0);
	struct workqueue_attrs *attrs = alloc_workqueue_attrs();
	struct wqt_tag *t = kunit_kcalloc(test, 2, sizeof(*t), GFP_KERNEL);
	struct wqt_seqlog *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	int round;

	KUNIT_ASSERT_NOT_NULL(test, wq);
	KUNIT_ASSERT_NOT_NULL(test, attrs);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_NOT_NULL(test, log);
	if (num_online_cpus() < 2) {
		free_workqueue_attrs(attrs);
		destroy_workqueue(wq);
		kunit_skip(test, "needs two online CPUs");
	}
	spin_lock_init(&log->lock);
	for (round = 0; round < 2; round++) {
		log->n = 0;
		wqt_tag_init(&t[0], log, 0, true);
		wqt_tag_init(&t[1], log, 1, false);
		KUNIT_EXPECT_TRUE(test, queue_work(wq, &t[0].work));
		if (!wait_for_completion_timeout(&t[0].started, WQT_WAIT)) {
			KUNIT_FAIL(test, "round %d: W did not start", round);
			complete(&t[0].release);
			break;
		}
		if (round == 0) {
			KUNIT_EXPECT_EQ(test, wqt_exclude_last_cpu(true), 0);
		} else {
			attrs->nice = -5;
			cpumask_copy(attrs->cpumask, cpu_possible_mask);
			KUNIT_EXPECT_EQ(test, apply_workqueue_attrs(wq, attrs), 0);
		}
		KUNIT_EXPECT_TRUE(test, queue_work(wq, &t[1].work));
		KUNIT_EXPECT_TRUE(test, queue_work(wq, &t[0].work));
		complete(&t[0].release);
		flush_workqueue(wq);
		if (round == 0)
			KUNIT_EXPECT_EQ(test, wqt_exclude_last_cpu(false), 0);
		KUNIT_EXPECT_EQ_MSG(test, log->n, 3, "round %d", round);
		KUNIT_EXPECT_EQ_MSG(test, log->order[0], 0, "round %d", round);
		KUNIT_EXPECT_EQ_MSG(test, log->order[1], 1, "round %d: W ran twice before V",
				    round);
		KUNIT_EXPECT_EQ_MSG(test, log->order[2], 0, "round %d", round);
	}
	free_workqueue_attrs(attrs);
	destroy_workqueue(wq);
}

static DEFINE_MUTEX(wqt_parity_mutex);

static void wqt_take_mutex_fn(struct work_struct *work)
{
	mutex_lock(&wqt_parity_mutex);
	mutex_unlock(&wqt_parity_mutex);
}

/*
 * On a workqueue whose flushes lockdep ties to the whole workqueue
 * (ordered, or WQ_MEM_RECLAIM), an item takes a mutex; with the mutex
 * held, a _sync cancel and disable of another, running item of it wait
 * for that item only: no lockdep report.
 */
static void wqt_cancel_under_mutex(struct kunit *test, struct workqueue_struct *wq)
{
	struct work_struct *taker = kunit_kzalloc(test, sizeof(*taker), GFP_KERNEL);
	struct wqt_item *it = wqt_new(test, 1, true);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, wq);
	KUNIT_ASSERT_NOT_NULL(test, taker);
	INIT_WORK(taker, wqt_take_mutex_fn);
	queue_work(wq, taker);
	flush_work(taker);
	for (i = 0; i < 2; i++) {
		wqt_init(it, true);
		queue_work(wq, &it->work);
		wqt_wait_started(test, it);
		wqt_release_later(test, it, 50);
		mutex_lock(&wqt_parity_mutex);
		if (i == 0) {
			cancel_work_sync(&it->work);
		} else {
			disable_work_sync(&it->work);
			enable_work(&it->work);
		}
		mutex_unlock(&wqt_parity_mutex);
		KUNIT_EXPECT_EQ(test, atomic_read(&it->finished), 1);
	}
	flush_workqueue(wq);
	destroy_workqueue(wq);
	KUNIT_EXPECT_TRUE_MSG(test, debug_locks, "lockdep reported (see the console)");
}

static void parity_cancel_sync_waits_for_item_only(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_PROVE_LOCKING))
		kunit_skip(test, "what it checks is a lockdep report: needs CONFIG_PROVE_LOCKING");
	wqt_cancel_under_mutex(test, alloc_ordered_workqueue("wqt_cancel_ord", 0));
	wqt_cancel_under_mutex(test, alloc_workqueue("wqt_cancel_rcl", WQ_MEM_RECLAIM, 0));
}

/* Waits, from an item, for another workqueue's running item. */
struct wqt_waiter {
	struct work_struct work;
	struct wqt_item *target;
	bool cancel;		/* cancel_work_sync() rather than flush_work() */
};

static void wqt_waiter_fn(struct work_struct *work)
{
	struct wqt_waiter *w = container_of(work, struct wqt_waiter, work);

	if (w->cancel)
		cancel_work_sync(&w->target->work);
	else
		flush_work(&w->target->work);
}

/* An item of @wq waits for a running item of the !WQ_MEM_RECLAIM system_wq. */
static void wqt_wait_from(struct kunit *test, struct workqueue_struct *wq, bool cancel)
{
	struct wqt_waiter *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct wqt_item *it = wqt_new(test, 1, true);

	KUNIT_ASSERT_NOT_NULL(test, wq);
	KUNIT_ASSERT_NOT_NULL(test, w);
	INIT_WORK(&w->work, wqt_waiter_fn);
	w->target = it;
	w->cancel = cancel;
	queue_work(system_wq, &it->work);
	wqt_wait_started(test, it);
	queue_work(wq, &w->work);
	wqt_release_later(test, it, 50);
	flush_work(&w->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->finished), 1);
	destroy_workqueue(wq);
}

/*
 * The reclaim check (a WQ_MEM_RECLAIM item waiting for a workqueue without
 * a rescuer) is for flushes of items of non-legacy workqueues: the
 * create*_workqueue() ones are exempt, and a cancel is not a flush.  A
 * WARN here fails the run through the console scan.
 */
static void parity_reclaim_check_exemptions(struct kunit *test)
{
	wqt_wait_from(test, create_singlethread_workqueue("wqt_legacy_st"), false);
	wqt_wait_from(test, create_workqueue("wqt_legacy"), false);
	wqt_wait_from(test, create_freezable_workqueue("wqt_legacy_frz"), false);
	wqt_wait_from(test, alloc_workqueue("wqt_rcl_cancel", WQ_MEM_RECLAIM, 0), true);
}

/* A BH item that spins for 50 ms. */
struct wqt_bh_spinner {
	struct work_struct work;
	atomic_t started;
	atomic_t finished;
};

static void wqt_bh_spinner_fn(struct work_struct *work)
{
	struct wqt_bh_spinner *s = container_of(work, struct wqt_bh_spinner, work);

	atomic_set(&s->started, 1);
	mdelay(50);
	atomic_inc(&s->finished);
}

/*
 * A _sync cancel or disable of a BH item with BH disabled: 6.12 allows it
 * outside hardirq context and busy-waits for a running instance.  Once
 * pending on this CPU (it cannot run while BH is off here), once running
 * on another CPU.
 */
static void parity_bh_cancel_sync_atomic(struct kunit *test)
{
	struct wqt_bh_spinner *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	unsigned long timeout;
	int other, i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	INIT_WORK(&s->work, wqt_bh_spinner_fn);

	for (i = 0; i < 2; i++) {
		local_bh_disable();
		KUNIT_EXPECT_TRUE(test, queue_work(system_bh_wq, &s->work));
		if (i == 0) {
			KUNIT_EXPECT_TRUE(test, cancel_work_sync(&s->work));
		} else {
			KUNIT_EXPECT_TRUE(test, disable_work_sync(&s->work));
			enable_work(&s->work);
		}
		local_bh_enable();
		KUNIT_EXPECT_EQ(test, atomic_read(&s->started), 0);
	}

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs for the running case");
	for (i = 0; i < 2; i++) {
		atomic_set(&s->started, 0);
		atomic_set(&s->finished, 0);
		/* the item runs on another CPU than the canceller */
		migrate_disable();
		other = cpumask_any_but(cpu_online_mask, smp_processor_id());
		KUNIT_EXPECT_TRUE(test, queue_work_on(other, system_bh_wq, &s->work));
		timeout = jiffies + WQT_WAIT;
		while (!atomic_read(&s->started) && time_before(jiffies, timeout))
			cpu_relax();
		KUNIT_EXPECT_EQ(test, atomic_read(&s->started), 1);
		local_bh_disable();
		if (i == 0) {
			KUNIT_EXPECT_FALSE(test, cancel_work_sync(&s->work));
		} else {
			KUNIT_EXPECT_FALSE(test, disable_work_sync(&s->work));
			enable_work(&s->work);
		}
		/* returned only once the running instance finished */
		KUNIT_EXPECT_EQ(test, atomic_read(&s->finished), 1);
		local_bh_enable();
		migrate_enable();
	}
}

/* The built-in parameter @name ("workqueue.x"), as sysfs sees it. */
static const struct kernel_param *wqt_param(struct kunit *test, const char *name)
{
	const struct kernel_param *kp;

	for (kp = __start___param; kp < __stop___param; kp++)
		if (!strcmp(kp->name, name))
			return kp;
	KUNIT_FAIL(test, "no parameter %s", name);
	return NULL;
}

/* Read @kp into @buf (a page, as the get methods want); 0 or -errno. */
static int wqt_param_get(const struct kernel_param *kp, char *buf)
{
	int ret;

	kernel_param_lock(kp->mod);
	ret = kp->ops->get(buf, kp);
	kernel_param_unlock(kp->mod);
	if (ret > 0 && buf[ret - 1] == '\n')
		buf[ret - 1] = '\0';
	return ret < 0 ? ret : 0;
}

static int wqt_param_set(const struct kernel_param *kp, const char *val)
{
	int ret;

	kernel_param_lock(kp->mod);
	ret = kp->ops->set(val, kp);
	kernel_param_unlock(kp->mod);
	return ret;
}

struct wqt_param_saved {
	const struct kernel_param *kp;
	char *old;
};

static void wqt_param_restore(void *data)
{
	struct wqt_param_saved *saved = data;

	wqt_param_set(saved->kp, saved->old);
	free_page((unsigned long)saved->old);
}

/* Set @kp to @val until the case ends, however it ends. */
static void wqt_param_override(struct kunit *test, const struct kernel_param *kp,
			       const char *val)
{
	struct wqt_param_saved *saved = kunit_kzalloc(test, sizeof(*saved), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, saved);
	saved->kp = kp;
	saved->old = (char *)__get_free_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, saved->old);
	if (wqt_param_get(kp, saved->old)) {
		free_page((unsigned long)saved->old);
		KUNIT_FAIL_AND_ABORT(test, "cannot read %s", kp->name);
	}
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, wqt_param_restore, saved), 0);
	KUNIT_ASSERT_EQ(test, wqt_param_set(kp, val), 0);
}

/*
 * workqueue.cpu_intensive_thresh_us=0 switches hog detection off: a
 * spinner keeps counting as running and the next item of its CPU waits.
 * (Broken, it also floods the console with hog reports.)
 */
static void parity_cpu_intensive_thresh_zero(struct kunit *test)
{
	const struct kernel_param *kp = wqt_param(test, "workqueue.cpu_intensive_thresh_us");

	KUNIT_ASSERT_NOT_NULL(test, kp);
	if (wqt_second_cpu() < 0)
		kunit_skip(test, "needs two online CPUs");
	wqt_param_override(test, kp, "0");
	KUNIT_EXPECT_EQ_MSG(test, wqt_observer_saw_spinning(test, 0, 300), 0,
			    "an item overtook a spinner with detection off");
}

/* Queues @it with queue_work_node() on the node of the CPU it runs on. */
struct wqt_node_queuer {
	struct workqueue_struct *wq;
	struct wqt_item *it;
};

static long wqt_queue_on_local_node(void *arg)
{
	struct wqt_node_queuer *q = arg;

	queue_work_node(cpu_to_node(raw_smp_processor_id()), q->wq, &q->it->work);
	flush_work(&q->it->work);
	return 0;
}

/*
 * queue_work_node() from a CPU of the node runs the item on that CPU when
 * the workqueue's pods are single strict CPUs; a node that does not exist
 * is no hint and the item still runs.
 */
static void parity_queue_work_node_local(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, 0);
	struct workqueue_attrs *attrs = alloc_workqueue_attrs();
	struct wqt_item *it = wqt_new(test, 1, false);
	struct wqt_node_queuer q = { .wq = wq, .it = it };
	int cpu;

	KUNIT_ASSERT_NOT_NULL(test, attrs);
	cpumask_copy(attrs->cpumask, cpu_possible_mask);
	attrs->affn_scope = WQ_AFFN_CPU;
	attrs->affn_strict = true;
	KUNIT_ASSERT_EQ(test, apply_workqueue_attrs(wq, attrs), 0);
	free_workqueue_attrs(attrs);

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		wqt_init(it, false);
		work_on_cpu(cpu, wqt_queue_on_local_node, &q);
		KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 1);
		KUNIT_EXPECT_EQ_MSG(test, it->cpu, cpu, "queued from CPU %d", cpu);
	}
	cpus_read_unlock();

	wqt_init(it, false);
	KUNIT_EXPECT_TRUE(test, queue_work_node(MAX_NUMNODES, wq, &it->work));
	flush_work(&it->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 1);
	destroy_workqueue(wq);
}

/* The rescuer of a workqueue with a long name shows the whole name. */
static void parity_rescuer_comm_whole_name(struct kunit *test)
{
	static const char full[] = "kworker/R-wqt_rescuer_with_a_long_name";
	struct workqueue_struct *wq = alloc_workqueue("%s", WQ_MEM_RECLAIM, 0,
						      full + strlen("kworker/R-"));
	char *buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct task_struct *found;

	KUNIT_ASSERT_NOT_NULL(test, wq);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	/* its comm is the name cut to what fits */
	found = wqt_get_task(full);
	KUNIT_EXPECT_NOT_NULL(test, found);
	if (found) {
		unsigned long timeout = jiffies + WQT_WAIT;

		/* a rescuer that has not run yet is not a worker yet */
		do {
			wq_worker_comm(buf, 64, found);
			if (!strcmp(buf, full))
				break;
			msleep(20);
		} while (time_before(jiffies, timeout));
		put_task_struct(found);
		KUNIT_EXPECT_STREQ(test, buf, full);
	}
	destroy_workqueue(wq);
}

/* Records the name wq_worker_comm() gives the worker running it. */
struct wqt_namer {
	struct work_struct work;
	char comm[64];
};

static void wqt_namer_fn(struct work_struct *work)
{
	struct wqt_namer *n = container_of(work, struct wqt_namer, work);

	wq_worker_comm(n->comm, sizeof(n->comm), current);
}

/* @wq's items run with "+@name" after their worker's name. */
static void wqt_expect_wq_name(struct kunit *test, struct workqueue_struct *wq,
			       const char *name)
{
	struct wqt_namer *n = kunit_kzalloc(test, sizeof(*n), GFP_KERNEL);
	char *plus;

	KUNIT_ASSERT_NOT_NULL(test, n);
	INIT_WORK(&n->work, wqt_namer_fn);
	queue_work(wq, &n->work);
	flush_work(&n->work);
	plus = strchr(n->comm, '+');
	KUNIT_EXPECT_NOT_NULL_MSG(test, plus, "worker name %s", n->comm);
	if (plus)
		KUNIT_EXPECT_STREQ(test, plus + 1, name);
}

/*
 * system_percpu_wq and system_dfl_wq are workqueues of their own, named
 * like system_wq and system_unbound_wq: flushing one does not wait for an
 * item of the other.
 */
static void parity_system_wq_new_names(struct kunit *test)
{
	struct workqueue_struct *pairs[][2] = {
		{ system_wq, system_percpu_wq },
		{ system_unbound_wq, system_dfl_wq },
	};
	struct wqt_item *it = wqt_new(test, 1, true);
	int i;

	for (i = 0; i < ARRAY_SIZE(pairs); i++) {
		KUNIT_ASSERT_NOT_NULL(test, pairs[i][1]);
		KUNIT_EXPECT_PTR_NE(test, pairs[i][0], pairs[i][1]);
		/* one workqueue under two names: the flush would wait forever */
		if (pairs[i][0] == pairs[i][1])
			continue;
		wqt_init(it, true);
		queue_work(pairs[i][0], &it->work);
		wqt_wait_started(test, it);
		__flush_workqueue(pairs[i][1]);
		KUNIT_EXPECT_EQ(test, atomic_read(&it->finished), 0);
		complete(&it->release);
		flush_work(&it->work);
	}
	wqt_expect_wq_name(test, system_percpu_wq, "events");
	wqt_expect_wq_name(test, system_dfl_wq, "events_unbound");
}

struct wqt_counted {
	struct delayed_work dwork;
	atomic_t runs;
};

static void wqt_counted_fn(struct work_struct *work)
{
	struct wqt_counted *c = container_of(to_delayed_work(work), struct wqt_counted, dwork);

	atomic_inc(&c->runs);
}

/*
 * flush_delayed_work() while the item's timer callback runs on another CPU
 * waits for the item: it must not return before the callback queued it.
 * The window is short, so the case catches the callback as it starts and
 * tries many times.
 */
static void parity_flush_delayed_during_timer(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 0);
	struct wqt_counted *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	int i, me, target, early = 0;
	unsigned long timeout;

	KUNIT_ASSERT_NOT_NULL(test, c);
	if (num_online_cpus() < 2) {
		destroy_workqueue(wq);
		kunit_skip(test, "needs two online CPUs");
	}
	INIT_DELAYED_WORK(&c->dwork, wqt_counted_fn);
	for (i = 0; i < 300; i++) {
		me = get_cpu();
		target = cpumask_any_but(cpu_online_mask, me);
		queue_delayed_work_on(target, wq, &c->dwork, 1);
		timeout = jiffies + WQT_WAIT;
		while (timer_pending(&c->dwork.timer) && time_before(jiffies, timeout))
			cpu_relax();
		put_cpu();
		flush_delayed_work(&c->dwork);
		if (atomic_read(&c->runs) != i + 1)
			early++;
		flush_work(&c->dwork.work);
	}
	KUNIT_EXPECT_EQ_MSG(test, early, 0, "returned before the item ran, of %d", i);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), i);
	destroy_workqueue(wq);
}

/* Queues @it on @wq without a CPU, from the CPU it runs on, and waits. */
static long wqt_queue_here(void *arg)
{
	struct wqt_node_queuer *q = arg;

	queue_work(q->wq, &q->it->work);
	flush_work(&q->it->work);
	return 0;
}

/*
 * workqueue.debug_force_rr_cpu=Y: items queued on an unbound workqueue
 * from one CPU go to the CPUs in turn.  With single strict CPUs as pods,
 * where an item runs shows which CPU picked its pod.
 */
static void parity_debug_force_rr_cpu(struct kunit *test)
{
	const struct kernel_param *kp = wqt_param(test, "workqueue.debug_force_rr_cpu");
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, 0);
	struct workqueue_attrs *attrs = alloc_workqueue_attrs();
	struct wqt_item *it = wqt_new(test, 1, false);
	struct wqt_node_queuer q = { .wq = wq, .it = it };
	cpumask_var_t ran;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, kp);
	KUNIT_ASSERT_NOT_NULL(test, attrs);
	KUNIT_ASSERT_TRUE(test, zalloc_cpumask_var(&ran, GFP_KERNEL));
	cpumask_copy(attrs->cpumask, cpu_possible_mask);
	attrs->affn_scope = WQ_AFFN_CPU;
	attrs->affn_strict = true;
	KUNIT_ASSERT_EQ(test, apply_workqueue_attrs(wq, attrs), 0);
	free_workqueue_attrs(attrs);

	wqt_param_override(test, kp, "Y");
	for (i = 0; i < 2 * num_online_cpus(); i++) {
		wqt_init(it, false);
		work_on_cpu(cpumask_first(cpu_online_mask), wqt_queue_here, &q);
		if (it->cpu >= 0)
			cpumask_set_cpu(it->cpu, ran);
	}
	if (num_online_cpus() > 1)
		KUNIT_EXPECT_GT_MSG(test, cpumask_weight(ran), 1,
				    "ran on %*pbl only", cpumask_pr_args(ran));
	free_cpumask_var(ran);
	destroy_workqueue(wq);
}

#define WQT_BH_BURST	48

/* A burst of BH items; the first schedules a tasklet on its CPU. */
struct wqt_bh_burst {
	struct tasklet_struct tasklet;
	atomic_t tasklet_ran;
	struct wqt_bh_burst_item {
		struct work_struct work;
		struct wqt_bh_burst *burst;
		int saw_tasklet;
	} items[WQT_BH_BURST];
};

static void wqt_bh_burst_tasklet_fn(struct tasklet_struct *t)
{
	struct wqt_bh_burst *b = from_tasklet(b, t, tasklet);

	atomic_set(&b->tasklet_ran, 1);
}

static void wqt_bh_burst_fn(struct work_struct *work)
{
	struct wqt_bh_burst_item *it = container_of(work, struct wqt_bh_burst_item, work);
	struct wqt_bh_burst *b = it->burst;

	it->saw_tasklet = atomic_read(&b->tasklet_ran);
	if (it == &b->items[0])
		tasklet_schedule(&b->tasklet);
}

/*
 * A BH pool runs a bounded number of items per softirq round (about 2 ms
 * or 10 items in 6.12) and raises the softirq again for the rest, so the
 * tasklets of its CPU get their turn within a burst.
 */
static void parity_bh_round_is_bounded(struct kunit *test)
{
	struct wqt_bh_burst *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	int i, first = -1;

	KUNIT_ASSERT_NOT_NULL(test, b);
	tasklet_setup(&b->tasklet, wqt_bh_burst_tasklet_fn);
	for (i = 0; i < WQT_BH_BURST; i++) {
		INIT_WORK(&b->items[i].work, wqt_bh_burst_fn);
		b->items[i].burst = b;
	}
	/* all of them are queued before the softirq gets to run here */
	local_bh_disable();
	for (i = 0; i < WQT_BH_BURST; i++)
		queue_work(system_bh_wq, &b->items[i].work);
	local_bh_enable();
	for (i = 0; i < WQT_BH_BURST; i++)
		flush_work(&b->items[i].work);
	tasklet_kill(&b->tasklet);
	for (i = 0; i < WQT_BH_BURST && first < 0; i++)
		if (b->items[i].saw_tasklet)
			first = i;
	KUNIT_EXPECT_GE_MSG(test, first, 1, "no item of %d saw the tasklet run", WQT_BH_BURST);
}

/*
 * A delayed item queued for any CPU goes on the global timer base: the
 * pinning that queue_delayed_work_on() gave its timer does not stick.
 */
static void parity_delayed_timer_not_pinned(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 0);
	struct wqt_counted *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	if (housekeeping_enabled(HK_TYPE_TIMER)) {
		destroy_workqueue(wq);
		kunit_skip(test, "CPUs isolated from timers: the timer is pinned on purpose");
	}
	INIT_DELAYED_WORK(&c->dwork, wqt_counted_fn);
	queue_delayed_work_on(cpumask_first(cpu_online_mask), wq, &c->dwork, 1);
	flush_delayed_work(&c->dwork);
	KUNIT_EXPECT_TRUE(test, queue_delayed_work(wq, &c->dwork, HZ));
	KUNIT_EXPECT_FALSE(test, c->dwork.timer.flags & TIMER_PINNED);
	KUNIT_EXPECT_TRUE(test, cancel_delayed_work_sync(&c->dwork));
	KUNIT_EXPECT_EQ(test, atomic_read(&c->runs), 1);
	destroy_workqueue(wq);
}

/*
 * The rescuer of an unbound workqueue runs where the workqueue's unbound
 * work may: it leaves a CPU the global cpumask drops and comes back to it
 * when the CPU is allowed again.
 */
static void parity_rescuer_follows_cpumask(struct kunit *test)
{
	struct workqueue_struct *wq = alloc_workqueue("wqt_rsc_mask",
						      WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	struct task_struct *rescuer;
	int last = cpumask_last(cpu_online_mask);
	bool dropped, back;

	KUNIT_ASSERT_NOT_NULL(test, wq);
	if (num_online_cpus() < 2) {
		destroy_workqueue(wq);
		kunit_skip(test, "needs two online CPUs");
	}
	rescuer = wqt_get_task("kworker/R-wqt_rsc_mask");
	if (!rescuer) {
		destroy_workqueue(wq);
		KUNIT_FAIL(test, "no rescuer task");
		return;
	}
	KUNIT_EXPECT_TRUE(test, cpumask_test_cpu(last, rescuer->cpus_ptr));
	KUNIT_EXPECT_EQ(test, wqt_exclude_last_cpu(true), 0);
	dropped = !cpumask_test_cpu(last, rescuer->cpus_ptr);
	KUNIT_EXPECT_EQ(test, wqt_exclude_last_cpu(false), 0);
	back = cpumask_test_cpu(last, rescuer->cpus_ptr);
	KUNIT_EXPECT_TRUE_MSG(test, dropped, "the rescuer kept CPU %d", last);
	KUNIT_EXPECT_TRUE_MSG(test, back, "the rescuer did not get CPU %d back", last);
	put_task_struct(rescuer);
	destroy_workqueue(wq);
}

/*
 * Worker creation stalls while kthreadd may run only on a CPU that a
 * SCHED_FIFO spinner holds.  The spinner gives up after five seconds, so
 * the stall ends even when the case does not end it.  The caller keeps off
 * that CPU meanwhile, or it could be stuck behind the spinner as well.
 */
struct wqt_kthreadd_stall {
	struct task_struct *spinner;
	cpumask_var_t kthreadd_cpus;
	cpumask_var_t own_cpus;
};

static int wqt_stall_spin_fn(void *arg)
{
	unsigned long end = jiffies + 5 * HZ;

	while (!kthread_should_stop() && time_before(jiffies, end))
		cpu_relax();
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static void wqt_stall_free(struct wqt_kthreadd_stall *s)
{
	free_cpumask_var(s->kthreadd_cpus);
	free_cpumask_var(s->own_cpus);
}

static int wqt_stall_kthreadd(struct wqt_kthreadd_stall *s, int cpu)
{
	if (!zalloc_cpumask_var(&s->kthreadd_cpus, GFP_KERNEL) ||
	    !zalloc_cpumask_var(&s->own_cpus, GFP_KERNEL)) {
		wqt_stall_free(s);
		return -ENOMEM;
	}
	s->spinner = kthread_create(wqt_stall_spin_fn, NULL, "wqt_spinner");
	if (IS_ERR(s->spinner)) {
		wqt_stall_free(s);
		return PTR_ERR(s->spinner);
	}
	cpumask_copy(s->own_cpus, current->cpus_ptr);
	cpumask_andnot(s->kthreadd_cpus, cpu_online_mask, cpumask_of(cpu));
	set_cpus_allowed_ptr(current, s->kthreadd_cpus);
	kthread_bind(s->spinner, cpu);
	sched_set_fifo(s->spinner);
	wake_up_process(s->spinner);
	cpumask_copy(s->kthreadd_cpus, kthreadd_task->cpus_ptr);
	set_cpus_allowed_ptr(kthreadd_task, cpumask_of(cpu));
	return 0;
}

static void wqt_unstall_kthreadd(struct wqt_kthreadd_stall *s)
{
	set_cpus_allowed_ptr(kthreadd_task, s->kthreadd_cpus);
	kthread_stop(s->spinner);
	set_cpus_allowed_ptr(current, s->own_cpus);
	wqt_stall_free(s);
}

#define WQT_BLOCKERS	128

/*
 * Block items on @cpu until one does not start (no idle worker is left and
 * creation stalls), then queue @p there on @wq.  Whether @p was rescued.
 */
static bool wqt_try_rescue(struct kunit *test, int cpu, struct workqueue_struct *blk,
			   struct wqt_item *its, struct workqueue_struct *wq,
			   struct wqt_probe *p)
{
	struct wqt_kthreadd_stall stall;
	int i, n;

	for (i = 0; i < WQT_BLOCKERS; i++)
		wqt_init(&its[i], true);
	INIT_WORK(&p->work, wqt_probe_fn);
	p->rescuer = false;
	if (wqt_stall_kthreadd(&stall, cpumask_last(cpu_online_mask)))
		return false;
	for (n = 0; n < WQT_BLOCKERS; n++) {
		queue_work_on(cpu, blk, &its[n].work);
		if (!wait_for_completion_timeout(&its[n].done, msecs_to_jiffies(50)))
			break;
	}
	queue_work_on(cpu, wq, &p->work);
	flush_work(&p->work);
	wqt_unstall_kthreadd(&stall);
	for (i = 0; i < WQT_BLOCKERS; i++)
		complete_all(&its[i].release);
	flush_workqueue(blk);
	kunit_info(test, "%d blocked items, %srescued", n, p->rescuer ? "" : "not ");
	return p->rescuer;
}

/*
 * A rescuer that helped a per-CPU pool is bound to that CPU while it works
 * there and unbound again once it is done.  The pool runs out of idle
 * workers behind blocked items while creation stalls, so the mayday timer
 * hands the workqueue's item to its rescuer.  A slow guest can make an item
 * start late, which looks like the end of the idle workers: up to three
 * tries.
 */
static void parity_rescuer_unbound_after_help(struct kunit *test)
{
	int cpu = cpumask_first(cpu_online_mask);
	struct workqueue_struct *wq, *blk;
	struct task_struct *rescuer;
	bool rescued = false;
	struct wqt_probe *p;
	struct wqt_item *its;
	int i;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs");
	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	its = wqt_new(test, WQT_BLOCKERS, true);
	blk = wqt_alloc(test, 0, WQT_BLOCKERS);
	wq = alloc_workqueue("wqt_rsc_help", WQ_MEM_RECLAIM, 0);
	KUNIT_ASSERT_NOT_NULL(test, wq);
	rescuer = wqt_get_task("kworker/R-wqt_rsc_help");
	if (!rescuer) {
		destroy_workqueue(wq);
		destroy_workqueue(blk);
		KUNIT_FAIL(test, "no rescuer task");
		return;
	}
	for (i = 0; i < 3 && !rescued; i++)
		rescued = wqt_try_rescue(test, cpu, blk, its, wq, p);
	/* the rescuer goes back to sleep after it has run the item */
	for (i = 0; i < 100 && cpumask_weight(rescuer->cpus_ptr) < 2; i++)
		msleep(20);
	KUNIT_EXPECT_TRUE_MSG(test, rescued, "no item was rescued in three tries");
	KUNIT_EXPECT_TRUE_MSG(test, cpumask_equal(rescuer->cpus_ptr, cpu_possible_mask),
			      "the rescuer stayed on CPUs %*pbl after helping CPU %d",
			      cpumask_pr_args(rescuer->cpus_ptr), cpu);
	put_task_struct(rescuer);
	destroy_workqueue(wq);
	destroy_workqueue(blk);
}

static struct kunit_case wq_parity_cases[] = {
	KUNIT_CASE(parity_rescuer_follows_cpumask),
	KUNIT_CASE(parity_rescuer_unbound_after_help),
	KUNIT_CASE(parity_ordered_requeue_across_retune),
	KUNIT_CASE(parity_cancel_sync_waits_for_item_only),
	KUNIT_CASE(parity_reclaim_check_exemptions),
	KUNIT_CASE(parity_bh_cancel_sync_atomic),
	KUNIT_CASE(parity_cpu_intensive_thresh_zero),
	KUNIT_CASE(parity_queue_work_node_local),
	KUNIT_CASE(parity_rescuer_comm_whole_name),
	KUNIT_CASE(parity_system_wq_new_names),
	KUNIT_CASE_SLOW(parity_flush_delayed_during_timer),
	KUNIT_CASE(parity_debug_force_rr_cpu),
	KUNIT_CASE(parity_bh_round_is_bounded),
	KUNIT_CASE(parity_delayed_timer_not_pinned),
	{}
};

static struct kunit_suite wq_parity_suite = {
	.name = "wq_parity",
	.test_cases = wq_parity_cases,
};

/* ---------------------------------------------------------- isolation */

/*
 * These cases need a CPU isolated from timers (nohz_full=); the harness
 * boots once with one for them.  Elsewhere they skip.
 */
static int wqt_timer_isolated_cpu(void)
{
	int cpu;

	if (!housekeeping_enabled(HK_TYPE_TIMER))
		return -1;
	for_each_online_cpu(cpu)
		if (!housekeeping_test_cpu(cpu, HK_TYPE_TIMER))
			return cpu;
	return -1;
}

struct wqt_timer_probe {
	struct delayed_work dwork;
	int cpu;		/* what queue_delayed_work_on() is given */
	int timer_cpu;		/* the timer base it ended up on */
	int ran_on;
	struct completion ran;
};

static void wqt_timer_probe_fn(struct work_struct *work)
{
	struct wqt_timer_probe *p = container_of(to_delayed_work(work), struct wqt_timer_probe,
						 dwork);

	p->ran_on = raw_smp_processor_id();
	complete(&p->ran);
}

/* Queue @arg's item far enough ahead to look at its timer, then cancel it. */
static long wqt_timer_probe_queue(void *arg)
{
	struct wqt_timer_probe *p = arg;

	queue_delayed_work_on(p->cpu, system_wq, &p->dwork, 100 * HZ);
	p->timer_cpu = p->dwork.timer.flags & TIMER_CPUMASK;
	return cancel_delayed_work_sync(&p->dwork);
}

/*
 * The timer of a delayed item goes on a CPU that does timers, whether the
 * item is for the isolated CPU or for any, and whether it is queued from a
 * housekeeping CPU or from the isolated one.  The item still runs on the
 * CPU it was queued for.
 */
static void isolation_delayed_timer_housekeeping(struct kunit *test)
{
	struct wqt_timer_probe *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	int iso = wqt_timer_isolated_cpu();
	int targets[2] = { iso, WORK_CPU_UNBOUND };
	int from, i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	if (iso < 0)
		kunit_skip(test, "no online CPU isolated from timers (boot with nohz_full=)");
	INIT_DELAYED_WORK(&p->dwork, wqt_timer_probe_fn);
	init_completion(&p->ran);
	for (i = 0; i < ARRAY_SIZE(targets); i++) {
		for (from = 0; from < 2; from++) {
			long pending;

			p->cpu = targets[i];
			p->timer_cpu = -1;
			if (from)
				pending = work_on_cpu(iso, wqt_timer_probe_queue, p);
			else
				pending = wqt_timer_probe_queue(p);
			KUNIT_EXPECT_EQ(test, pending, 1);
			KUNIT_EXPECT_TRUE_MSG(test,
					      housekeeping_test_cpu(p->timer_cpu, HK_TYPE_TIMER),
					      "item for CPU %d queued from CPU %d: timer on CPU %d",
					      p->cpu, from ? iso : -1, p->timer_cpu);
		}
	}
	queue_delayed_work_on(iso, system_wq, &p->dwork, 1);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&p->ran, 30 * HZ));
	KUNIT_EXPECT_EQ(test, p->ran_on, iso);
	flush_delayed_work(&p->dwork);
}

static struct kunit_case wq_isolation_cases[] = {
	KUNIT_CASE(isolation_delayed_timer_housekeeping),
	{}
};

static struct kunit_suite wq_isolation_suite = {
	.name = "wq_isolation",
	.test_cases = wq_isolation_cases,
};

/* ------------------------------------------------------------ stress */

#define WQT_STRESS_ITEMS	16
#define WQT_STRESS_THREADS	4

struct wqt_sitem {
	struct delayed_work dwork;
	atomic_t queued;	/* successful queueings */
	atomic_t cancelled;	/* queueings a cancel reported removing */
	atomic_t runs;
	atomic_t active;	/* > 1 would be a reentrant run */
	atomic_t overlaps;
};

struct wqt_stress {
	struct workqueue_struct *wq;
	struct wqt_sitem items[WQT_STRESS_ITEMS];
	unsigned long deadline;
	struct completion done[WQT_STRESS_THREADS];
};

static void wqt_sitem_fn(struct work_struct *work)
{
	struct wqt_sitem *s = container_of(to_delayed_work(work), struct wqt_sitem, dwork);

	if (atomic_inc_return(&s->active) > 1)
		atomic_inc(&s->overlaps);
	atomic_inc(&s->runs);
	if (get_random_u32_below(4) == 0)
		usleep_range(50, 200);
	atomic_dec(&s->active);
}

static void wqt_stress_op(struct wqt_stress *st)
{
	struct wqt_sitem *s = &st->items[get_random_u32_below(WQT_STRESS_ITEMS)];
	int cpu = cpumask_nth(get_random_u32_below(num_online_cpus()), cpu_online_mask);
	unsigned long delay = get_random_u32_below(3);

	switch (get_random_u32_below(8)) {
	case 0:
	case 1:
		if (queue_work_on(cpu, st->wq, &s->dwork.work))
			atomic_inc(&s->queued);
		break;
	case 2:
		if (queue_delayed_work_on(cpu, st->wq, &s->dwork, delay))
			atomic_inc(&s->queued);
		break;
	case 3:
		/* true: it moved a pending item (no new run); false: it queued one */
		if (!mod_delayed_work_on(cpu, st->wq, &s->dwork, delay))
			atomic_inc(&s->queued);
		break;
	case 4:
		if (cancel_delayed_work(&s->dwork))
			atomic_inc(&s->cancelled);
		break;
	case 5:
		/*
		 * Not the _sync cancels: while one waits the item is disabled
		 * and a concurrent mod_delayed_work_on() returns false without
		 * queueing, which this accounting could not tell apart.  They
		 * are exercised after the random phase.
		 */
		if (cancel_work(&s->dwork.work))
			atomic_inc(&s->cancelled);
		break;
	case 6:
		flush_delayed_work(&s->dwork);
		break;
	default:
		flush_work(&s->dwork.work);
		break;
	}
}

struct wqt_stress_arg {
	struct wqt_stress *st;
	int id;
};

static int wqt_stress_fn(void *data)
{
	struct wqt_stress_arg *a = data;
	struct wqt_stress *st = a->st;

	while (time_before(jiffies, st->deadline)) {
		wqt_stress_op(st);
		cond_resched();
	}
	complete(&st->done[a->id]);
	return 0;
}

static void wqt_stress_run(struct kunit *test, struct workqueue_struct *wq)
{
	struct wqt_stress *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	struct wqt_stress_arg *args = kunit_kcalloc(test, WQT_STRESS_THREADS, sizeof(*args),
						    GFP_KERNEL);
	struct task_struct *t;
	int i, runs;

	KUNIT_ASSERT_NOT_NULL(test, st);
	KUNIT_ASSERT_NOT_NULL(test, args);
	st->wq = wq;
	for (i = 0; i < WQT_STRESS_ITEMS; i++)
		INIT_DELAYED_WORK(&st->items[i].dwork, wqt_sitem_fn);
	st->deadline = jiffies + 2 * HZ;
	for (i = 0; i < WQT_STRESS_THREADS; i++) {
		init_completion(&st->done[i]);
		args[i].st = st;
		args[i].id = i;
		t = kthread_run(wqt_stress_fn, &args[i], "wqt_stress/%d", i);
		if (IS_ERR(t))
			complete(&st->done[i]);
	}
	for (i = 0; i < WQT_STRESS_THREADS; i++)
		wait_for_completion(&st->done[i]);
	for (i = 0; i < WQT_STRESS_ITEMS; i++)
		flush_delayed_work(&st->items[i].dwork);
	flush_workqueue(st->wq);

	for (i = 0; i < WQT_STRESS_ITEMS; i++) {
		struct wqt_sitem *s = &st->items[i];

		/* every queueing ran exactly once unless a cancel took it back */
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&s->runs),
				    atomic_read(&s->queued) - atomic_read(&s->cancelled),
				    "item %d", i);
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&s->overlaps), 0, "item %d", i);
	}

	/* after a _sync cancel nothing runs until the next queueing */
	for (i = 0; i < WQT_STRESS_ITEMS; i++)
		queue_delayed_work(st->wq, &st->items[i].dwork, 1);
	for (i = 0; i < WQT_STRESS_ITEMS; i++)
		cancel_delayed_work_sync(&st->items[i].dwork);
	runs = 0;
	for (i = 0; i < WQT_STRESS_ITEMS; i++)
		runs += atomic_read(&st->items[i].runs);
	msleep(50);
	for (i = 0; i < WQT_STRESS_ITEMS; i++)
		runs -= atomic_read(&st->items[i].runs);
	KUNIT_EXPECT_EQ(test, runs, 0);
	destroy_workqueue(st->wq);
}

static void stress_random_ops(struct kunit *test)
{
	wqt_stress_run(test, wqt_alloc(test, 0, 0));
}

/*
 * The same on an unbound workqueue with a pwq per CPU and one slot per
 * node: items keep waiting for slots that other pwqs give back, while
 * cancels take waiting and active items away.
 */
static void stress_unbound_shared_limit(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, 2);

	wqt_pwq_per_cpu(test, wq);
	workqueue_set_min_active(wq, 1);
	wqt_stress_run(test, wq);
}

static struct kunit_case wq_stress_cases[] = {
	KUNIT_CASE_SLOW(stress_random_ops),
	KUNIT_CASE_SLOW(stress_unbound_shared_limit),
	{}
};

static struct kunit_suite wq_stress_suite = {
	.name = "wq_stress",
	.test_cases = wq_stress_cases,
};

/* ------------------------------------------------------------ statistics */

#ifdef WQ_HAVE_STATS
/* Skip with the statistics off: before queueing anything, which a skip would leave. */
static void wqt_need_stats(struct kunit *test)
{
	struct wq_stats_sum *sum = kunit_kzalloc(test, sizeof(*sum), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sum);
	if (wq_stats_get(system_wq, sum))
		kunit_skip(test, "statistics are off (workqueue.stats=0)");
}

static struct wq_stats_sum *wqt_stats(struct kunit *test, struct workqueue_struct *wq)
{
	struct wq_stats_sum *sum = kunit_kzalloc(test, sizeof(*sum), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sum);
	KUNIT_ASSERT_EQ(test, wq_stats_get(wq, sum), 0);
	return sum;
}

static u64 wqt_hist_total(const struct wq_stats_sum *sum, int hist)
{
	u64 n = 0;
	int b;

	for (b = 0; b < WQ_HIST_BUCKETS; b++)
		n += sum->c.hist[hist][b];
	return n;
}

/* Sleep until the tick is no longer @last: a pwq times at most one item a tick. */
static void wqt_tick_after(unsigned long last)
{
	while (READ_ONCE(jiffies) == last)
		schedule_timeout_uninterruptible(1);
}

static void stats_counts_exact(struct kunit *test)
{
	struct workqueue_struct *wq;
	struct wqt_item *its = wqt_new(test, 64, false);
	int cpu1 = wqt_second_cpu() < 0 ? 0 : wqt_second_cpu();
	struct wq_stats_sum *sum;
	unsigned long last = jiffies, ticks;
	u64 timed;
	int i;

	wqt_need_stats(test);
	wq = wqt_alloc(test, 0, 0);
	/* one at a time, each in a tick of its own, on an idle pwq: all timed */
	its[0].sleep_ms = 1;	/* a run that takes time with any clock */
	for (i = 0; i < 8; i++) {
		wqt_tick_after(last);
		queue_work_on(0, wq, &its[i].work);
		last = jiffies;
		flush_work(&its[i].work);
	}
	timed = wqt_hist_total(wqt_stats(test, wq), WQ_HIST_WAIT);
	KUNIT_EXPECT_EQ(test, timed, 8);

	/* one at a time as fast as they go: at most one timed a tick */
	ticks = jiffies;
	for (i = 0; i < 500; i++) {
		queue_work_on(0, wq, &its[8].work);
		flush_work(&its[8].work);
	}
	ticks = jiffies - ticks + 1;
	sum = wqt_stats(test, wq);
	KUNIT_EXPECT_LE(test, wqt_hist_total(sum, WQ_HIST_WAIT) - timed, (u64)ticks);

	/* a burst on two CPUs, of which a few are timed */
	for (i = 32; i < 64; i++)
		queue_work_on(i % 2 ? 0 : cpu1, wq, &its[i].work);
	flush_workqueue(wq);

	sum = wqt_stats(test, wq);
	KUNIT_EXPECT_EQ(test, sum->queued, 540);
	KUNIT_EXPECT_EQ(test, sum->c.cnt[WQ_STAT_STARTED], 540);
	KUNIT_EXPECT_EQ(test, sum->c.cnt[WQ_STAT_COMPLETED], 540);
	KUNIT_EXPECT_EQ(test, sum->c.cnt[WQ_STAT_CANCELLED], 0);
	KUNIT_EXPECT_EQ(test, sum->c.cnt[WQ_STAT_RESCUED], 0);
	KUNIT_EXPECT_EQ(test, sum->pending + sum->inactive + sum->running, 0);
	/* a timed item's wait and run are counted once each, and all ran */
	KUNIT_EXPECT_EQ(test, wqt_hist_total(sum, WQ_HIST_RUN),
			wqt_hist_total(sum, WQ_HIST_WAIT));
	KUNIT_EXPECT_GT(test, sum->c.cnt[WQ_STAT_MAX_RUN], 0);
	destroy_workqueue(wq);
}

static void stats_cancel_and_snapshot(struct kunit *test)
{
	struct workqueue_struct *wq;
	struct wqt_item *its = wqt_new(test, 3, false);
	struct wq_stats_sum *sum;
	unsigned long last;

	wqt_need_stats(test);
	wq = wqt_alloc(test, 0, 1);
	/* one running, two held back by max_active 1 */
	its[0].block = true;
	queue_work_on(0, wq, &its[0].work);	/* timed: the pwq is new */
	last = jiffies;
	wqt_wait_started(test, &its[0]);
	wqt_tick_after(last);
	queue_work_on(0, wq, &its[1].work);	/* timed: its[0] started */
	queue_work_on(0, wq, &its[2].work);	/* not: its[1] is */
	last = jiffies;
	sum = wqt_stats(test, wq);
	KUNIT_EXPECT_EQ(test, sum->running, 1);
	KUNIT_EXPECT_EQ(test, sum->pending, 0);
	KUNIT_EXPECT_EQ(test, sum->inactive, 2);
	KUNIT_EXPECT_EQ(test, sum->queued, 3);
	/* started: the running one too */
	KUNIT_EXPECT_EQ(test, sum->c.cnt[WQ_STAT_STARTED], 1);
	KUNIT_EXPECT_EQ(test, sum->c.cnt[WQ_STAT_COMPLETED], 0);

	/* cancelling the timed item lets the pwq time the next one */
	KUNIT_EXPECT_TRUE(test, cancel_work(&its[1].work));
	complete(&its[0].release);
	flush_workqueue(wq);
	wqt_tick_after(last);
	queue_work_on(0, wq, &its[1].work);
	flush_workqueue(wq);
	sum = wqt_stats(test, wq);
	KUNIT_EXPECT_EQ(test, sum->queued, 4);
	KUNIT_EXPECT_EQ(test, sum->c.cnt[WQ_STAT_STARTED], 3);
	KUNIT_EXPECT_EQ(test, sum->c.cnt[WQ_STAT_COMPLETED], 3);
	KUNIT_EXPECT_EQ(test, sum->c.cnt[WQ_STAT_CANCELLED], 1);
	/* its[0] and the second its[1]; its[2] was never timed */
	KUNIT_EXPECT_EQ(test, wqt_hist_total(sum, WQ_HIST_RUN), 2);
	KUNIT_EXPECT_EQ(test, wqt_hist_total(sum, WQ_HIST_WAIT), 2);
	KUNIT_EXPECT_EQ(test, sum->running + sum->inactive, 0);
	destroy_workqueue(wq);
}

static void stats_spinner_marked(struct kunit *test)
{
	struct workqueue_struct *wq;
	struct wqt_spinner *s = wqt_spinners(test, 1, 1000);
	struct wq_stats_sum *sum;
	u64 n = 0;
	int b;

	wqt_need_stats(test);
	wq = wqt_alloc(test, 0, 0);
	/* as in wq_cm.cpu_hog_detected: a second of CPU is over the threshold */
	queue_work_on(0, wq, &s->work);
	flush_workqueue(wq);
	sum = wqt_stats(test, wq);
	KUNIT_EXPECT_EQ(test, sum->c.cnt[WQ_STAT_CPU_INTENSIVE], 1);
	KUNIT_EXPECT_GE(test, sum->c.cnt[WQ_STAT_MAX_RUN], 1000ULL * NSEC_PER_MSEC);
	/* the run histogram has it at 1 s or more: bucket 20 is 2^19 us up */
	for (b = 20; b < WQ_HIST_BUCKETS; b++)
		n += sum->c.hist[WQ_HIST_RUN][b];
	KUNIT_EXPECT_EQ(test, n, 1);
	/* CPU time is sampled at the tick: most of the second, at least */
	KUNIT_EXPECT_GE(test, sum->c.cnt[WQ_STAT_CPU], 100ULL * NSEC_PER_MSEC);
	KUNIT_EXPECT_LE(test, sum->c.cnt[WQ_STAT_CPU], sum->c.cnt[WQ_STAT_MAX_RUN]);
	destroy_workqueue(wq);
}

struct wqt_queuer {
	struct work_struct work;
	struct workqueue_struct *wq;
	struct wqt_item *its;
};

static void wqt_queuer_fn(struct work_struct *work)
{
	struct wqt_queuer *q = container_of(work, struct wqt_queuer, work);

	/* we count as running: nobody is woken for these two */
	queue_work_on(0, q->wq, &q->its[0].work);
	queue_work_on(0, q->wq, &q->its[1].work);
}

static void stats_sleeper_wakes_next(struct kunit *test)
{
	struct workqueue_struct *wq;
	struct wqt_item *its = wqt_new(test, 2, false);
	struct wqt_queuer q = { .its = its };
	struct wq_stats_sum *sum;

	wqt_need_stats(test);
	wq = wqt_alloc(test, WQ_HIGHPRI, 0);
	q.wq = wq;
	/*
	 * Queued from an item running on CPU 0's high-priority pool (little
	 * else uses it), the two wait until its worker goes on with the first,
	 * which sleeps: concurrency management wakes another worker for the
	 * second, once.
	 */
	its[0].sleep_ms = 50;
	INIT_WORK_ONSTACK(&q.work, wqt_queuer_fn);
	queue_work_on(0, system_highpri_wq, &q.work);
	flush_work(&q.work);
	flush_workqueue(wq);
	destroy_work_on_stack(&q.work);
	sum = wqt_stats(test, wq);
	KUNIT_EXPECT_EQ(test, sum->c.cnt[WQ_STAT_COMPLETED], 2);
	KUNIT_EXPECT_EQ(test, sum->c.cnt[WQ_STAT_CM_WAKEUP], 1);
	KUNIT_EXPECT_EQ(test, sum->c.cnt[WQ_STAT_CPU_INTENSIVE], 0);
	destroy_workqueue(wq);
}

static void stats_reset_zeroes(struct kunit *test)
{
	struct workqueue_struct *wq;
	struct wqt_item *its = wqt_new(test, 8, false);
	struct wq_stats_sum *sum;
	int h, i;

	wqt_need_stats(test);
	wq = wqt_alloc(test, WQ_UNBOUND, 0);
	for (i = 0; i < 8; i++)
		queue_work(wq, &its[i].work);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, wqt_stats(test, wq)->queued, 8);
	wq_stats_reset();
	sum = wqt_stats(test, wq);
	KUNIT_EXPECT_EQ(test, sum->queued, 0);
	for (i = 0; i < WQ_STAT_NR; i++)
		KUNIT_EXPECT_EQ_MSG(test, sum->c.cnt[i], 0, "counter %d", i);
	for (h = 0; h < WQ_HIST_NR; h++)
		KUNIT_EXPECT_EQ(test, wqt_hist_total(sum, h), 0);
	destroy_workqueue(wq);
}

static void stats_retired_pwqs_kept(struct kunit *test)
{
	struct workqueue_struct *wq;
	struct workqueue_attrs *attrs;
	struct wqt_item *its = wqt_new(test, 16, false);
	struct wq_stats_sum *sum;
	unsigned int before;
	int i;

	wqt_need_stats(test);
	wq = wqt_alloc(test, WQ_UNBOUND, 0);
	attrs = alloc_workqueue_attrs();
	KUNIT_ASSERT_NOT_NULL(test, attrs);
	for (i = 0; i < 8; i++)
		queue_work(wq, &its[i].work);
	flush_workqueue(wq);
	before = wqt_stats(test, wq)->nr_pwqs;
	/* another nice: other pools, as many new pwqs; the old ones go */
	attrs->nice = 5;
	cpumask_copy(attrs->cpumask, cpu_possible_mask);
	KUNIT_EXPECT_EQ(test, apply_workqueue_attrs(wq, attrs), 0);
	free_workqueue_attrs(attrs);
	for (i = 8; i < 16; i++)
		queue_work(wq, &its[i].work);
	flush_workqueue(wq);
	/* once the old pwqs are released, their counts are the workqueue's */
	for (i = 0; i < 500 && (sum = wqt_stats(test, wq))->nr_pwqs > before; i++)
		msleep(10);
	KUNIT_EXPECT_LE_MSG(test, sum->nr_pwqs, before, "the replaced pwqs were not released");
	KUNIT_EXPECT_EQ(test, sum->queued, 16);
	KUNIT_EXPECT_EQ(test, sum->c.cnt[WQ_STAT_COMPLETED], 16);
	/* the first item on each pwq, old and new, was timed */
	KUNIT_EXPECT_GE(test, wqt_hist_total(sum, WQ_HIST_RUN), 2);
	KUNIT_EXPECT_EQ(test, wqt_hist_total(sum, WQ_HIST_RUN),
			wqt_hist_total(sum, WQ_HIST_WAIT));
	destroy_workqueue(wq);
}

#else
static void wqt_stats_missing(struct kunit *test)
{
	kunit_skip(test, "stock 6.12 keeps no per-workqueue statistics (series only, issue 13)");
}

/* KUNIT_CASE() names a case by what it was given, so the names stay */
#define stats_counts_exact		wqt_stats_missing
#define stats_cancel_and_snapshot	wqt_stats_missing
#define stats_spinner_marked		wqt_stats_missing
#define stats_sleeper_wakes_next	wqt_stats_missing
#define stats_reset_zeroes		wqt_stats_missing
#define stats_retired_pwqs_kept		wqt_stats_missing
#endif

static struct kunit_case wq_stats_cases[] = {
	KUNIT_CASE(stats_counts_exact),
	KUNIT_CASE(stats_cancel_and_snapshot),
	KUNIT_CASE_SLOW(stats_spinner_marked),
	KUNIT_CASE(stats_sleeper_wakes_next),
	KUNIT_CASE(stats_reset_zeroes),
	KUNIT_CASE(stats_retired_pwqs_kept),
	{}
};

static struct kunit_suite wq_stats_suite = {
	.name = "wq_stats",
	.test_cases = wq_stats_cases,
};

/* ------------------------------------------------------------ wakeups */

#if defined(WQ_WAKES_UNLOCKED) && defined(CONFIG_LOCKDEP) && defined(CONFIG_TRACEPOINTS)
/*
 * A probe on sched_waking looks at the locks the waker holds (lockdep
 * keeps them) and counts the wakeups made with a pool's lock held.  Two
 * wakeups stay allowed there: ksoftirqd's, raised by a BH pool's kick, and
 * the pwq release worker's.
 */
static struct wqt_wake_watch {
	struct tracepoint	*tp;
	atomic_t		bad;
	char			first[64];
	unsigned long		where[4];	/* where the lock was taken, distinct */
} wqt_wake;

static unsigned long wqt_pool_lock_ip(void)
{
	int i;

	for (i = 0; i < current->lockdep_depth; i++) {
		struct lockdep_map *map = current->held_locks[i].instance;

		if (map && map->name && !strcmp(map->name, "&pool->lock"))
			return current->held_locks[i].acquire_ip;
	}
	return 0;
}

static void wqt_waking_probe(void *data, struct task_struct *p)
{
	unsigned long ip = wqt_pool_lock_ip();
	int i;

	if (!ip || str_has_prefix(p->comm, "ksoftirqd/") ||
	    str_has_prefix("pool_workqueue_release", p->comm))
		return;
	if (atomic_inc_return(&wqt_wake.bad) == 1)
		strscpy(wqt_wake.first, p->comm, sizeof(wqt_wake.first));
	for (i = 0; i < ARRAY_SIZE(wqt_wake.where); i++)
		if (cmpxchg(&wqt_wake.where[i], 0, ip) == 0 || wqt_wake.where[i] == ip)
			break;
}

static void wqt_find_sched_waking(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_waking"))
		wqt_wake.tp = tp;
}

static void wqt_sleep_fn(struct work_struct *work)
{
	msleep(20);
}

/* An unbound workqueue with a pool of its own: no other has these attrs. */
static struct workqueue_struct *wqt_alloc_own_pool(struct kunit *test, int max_active)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, max_active);
	struct workqueue_attrs *attrs = alloc_workqueue_attrs();

	KUNIT_ASSERT_NOT_NULL(test, attrs);
	attrs->nice = 7;
	cpumask_copy(attrs->cpumask, cpu_possible_mask);
	KUNIT_ASSERT_EQ(test, apply_workqueue_attrs(wq, attrs), 0);
	free_workqueue_attrs(attrs);
	return wq;
}

static void wake_outside_pool_lock(struct kunit *test)
{
	struct work_struct *sleepers = kunit_kcalloc(test, 6, sizeof(*sleepers), GFP_KERNEL);
	struct wqt_item *its = wqt_new(test, 4, false);
	struct workqueue_struct *pcpu, *own;
	int i, cpu = raw_smp_processor_id();

	KUNIT_ASSERT_NOT_NULL(test, sleepers);
	wqt_wake.tp = NULL;
	for_each_kernel_tracepoint(wqt_find_sched_waking, NULL);
	if (!wqt_wake.tp)
		kunit_skip(test, "no sched_waking tracepoint");
	atomic_set(&wqt_wake.bad, 0);
	memset(wqt_wake.where, 0, sizeof(wqt_wake.where));
	KUNIT_ASSERT_EQ(test, tracepoint_probe_register(wqt_wake.tp, wqt_waking_probe, NULL), 0);

	/* sleepers on one CPU: the pool wakes idle workers and creates more */
	pcpu = wqt_alloc(test, 0, 0);
	for (i = 0; i < 6; i++) {
		INIT_WORK(&sleepers[i], wqt_sleep_fn);
		queue_work_on(cpu, pcpu, &sleepers[i]);
	}
	/* a flush whose last item completes the flusher */
	flush_workqueue(pcpu);
	destroy_workqueue(pcpu);

	/*
	 * One at a time on a pool of its own: each completion activates the
	 * next item, while the pool keeps an idle worker.  Then the pool goes
	 * with the workqueue and its idle workers are told to exit.
	 */
	own = wqt_alloc_own_pool(test, 1);
	for (i = 0; i < 4; i++) {
		its[i].sleep_ms = 5;
		queue_work(own, &its[i].work);
	}
	flush_workqueue(own);
	destroy_workqueue(own);
	for (i = 0; i < WQT_WAIT / HZ * 100 && wqt_task_exists(its[0].comm); i++)
		msleep(10);
	KUNIT_EXPECT_FALSE_MSG(test, wqt_task_exists(its[0].comm),
			       "%s outlived its pool", its[0].comm);

	tracepoint_probe_unregister(wqt_wake.tp, wqt_waking_probe, NULL);
	tracepoint_synchronize_unregister();
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&wqt_wake.bad), 0,
			    "first woken: %s; the pool lock taken at %pS %pS %pS %pS",
			    wqt_wake.first, (void *)wqt_wake.where[0], (void *)wqt_wake.where[1],
			    (void *)wqt_wake.where[2], (void *)wqt_wake.where[3]);
}
#else
static void wake_outside_pool_lock(struct kunit *test)
{
#ifdef WQ_WAKES_UNLOCKED
	kunit_skip(test, "reading the waker's locks needs CONFIG_LOCKDEP and CONFIG_TRACEPOINTS");
#else
	kunit_skip(test,
		   "stock 6.12 wakes workers with a pool's lock held (series only, issue 14)");
#endif
}
#endif

static struct kunit_case wq_wake_cases[] = {
	KUNIT_CASE(wake_outside_pool_lock),
	{}
};

static struct kunit_suite wq_wake_suite = {
	.name = "wq_wake",
	.test_cases = wq_wake_cases,
};

kunit_test_suites(&wq_queue_suite, &wq_flush_suite, &wq_cancel_suite, &wq_delayed_suite,
		  &wq_disable_suite, &wq_order_suite, &wq_cm_suite, &wq_bh_suite,
		  &wq_intro_suite, &wq_progress_suite, &wq_helpers_suite, &wq_hotplug_suite,
		  &wq_parity_suite, &wq_isolation_suite, &wq_stress_suite, &wq_stats_suite,
		  &wq_wake_suite);

MODULE_DESCRIPTION("KUnit suites for the workqueue API");
MODULE_LICENSE("GPL");
