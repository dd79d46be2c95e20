// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for the workqueue API.
 *
 * These cases pin the contract that callers of the workqueue API rely on,
 * independent of how the workqueue is implemented: they must pass on stock
 * Linux 6.12 and on the cmwq series alike.  Every case cleans up after
 * itself: it flushes what it queued and destroys what it allocated.
 *
 * Coverage (API entry point: cases)
 *
 *   queue_work, queue_work_on     wq_queue.queue_returns_pending_state,
 *                                 wq_queue.queue_on_runs_on_that_cpu
 *   schedule_work                 wq_queue.schedule_runs_once
 *   flush_work                    wq_flush.flush_work_waits,
 *                                 wq_flush.flush_work_idle_returns_false
 *   flush_workqueue               wq_flush.flush_workqueue_waits_for_queued
 *   cancel_work_sync              wq_cancel.cancel_sync_removes_pending
 *   cancel_delayed_work_sync      wq_delayed.cancel_delayed_sync
 *   queue_delayed_work            wq_delayed.fires_no_earlier_than_asked
 *   mod_delayed_work              wq_delayed.mod_moves_timer
 */

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/smp.h>
#include <linux/workqueue.h>

/* How long a case waits for something that should happen at once. */
#define WQT_WAIT	(10 * HZ)

struct wqt_item {
	struct work_struct work;
	atomic_t runs;
	atomic_t finished;		/* runs that got to the end */
	int cpu;
	struct completion done;
	struct completion release;	/* when blocking, wait for this */
	bool block;
};

static void wqt_item_fn(struct work_struct *work)
{
	struct wqt_item *it = container_of(work, struct wqt_item, work);

	it->cpu = raw_smp_processor_id();
	atomic_inc(&it->runs);
	complete(&it->done);
	if (it->block)
		wait_for_completion(&it->release);
	atomic_inc(&it->finished);
}

static void wqt_item_init(struct wqt_item *it, bool block)
{
	INIT_WORK_ONSTACK(&it->work, wqt_item_fn);
	atomic_set(&it->runs, 0);
	atomic_set(&it->finished, 0);
	it->cpu = -1;
	init_completion(&it->done);
	init_completion(&it->release);
	it->block = block;
}

static void wqt_item_fini(struct wqt_item *it)
{
	destroy_work_on_stack(&it->work);
}

static struct workqueue_struct *wqt_alloc(struct kunit *test, unsigned int flags,
					  int max_active)
{
	struct workqueue_struct *wq;

	wq = alloc_workqueue("wqt_%s", flags, max_active, test->name);
	KUNIT_ASSERT_NOT_NULL(test, wq);
	return wq;
}

/* ------------------------------------------------------------ queueing */

static void queue_returns_pending_state(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 1);
	struct wqt_item gate, it;

	/* Park a blocking item so the second one stays pending behind it. */
	wqt_item_init(&gate, true);
	wqt_item_init(&it, false);
	KUNIT_EXPECT_TRUE(test, queue_work_on(0, wq, &gate.work));
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&gate.done, WQT_WAIT), 0UL);

	KUNIT_EXPECT_TRUE(test, queue_work_on(0, wq, &it.work));
	KUNIT_EXPECT_FALSE(test, queue_work_on(0, wq, &it.work));
	KUNIT_EXPECT_TRUE(test, work_pending(&it.work));

	complete(&gate.release);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it.runs), 1);
	KUNIT_EXPECT_FALSE(test, work_pending(&it.work));
	destroy_workqueue(wq);
	wqt_item_fini(&gate);
	wqt_item_fini(&it);
}

static void queue_on_runs_on_that_cpu(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 0);
	struct wqt_item it;
	int cpu;

	for_each_online_cpu(cpu) {
		wqt_item_init(&it, false);
		KUNIT_EXPECT_TRUE(test, queue_work_on(cpu, wq, &it.work));
		flush_work(&it.work);
		KUNIT_EXPECT_EQ(test, it.cpu, cpu);
		KUNIT_EXPECT_EQ(test, atomic_read(&it.runs), 1);
		wqt_item_fini(&it);
	}
	destroy_workqueue(wq);
}

static void schedule_runs_once(struct kunit *test)
{
	struct wqt_item it;

	wqt_item_init(&it, false);
	KUNIT_EXPECT_TRUE(test, schedule_work(&it.work));
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&it.done, WQT_WAIT), 0UL);
	flush_work(&it.work);
	KUNIT_EXPECT_EQ(test, atomic_read(&it.runs), 1);
	wqt_item_fini(&it);
}

static struct kunit_case wq_queue_cases[] = {
	KUNIT_CASE(queue_returns_pending_state),
	KUNIT_CASE(queue_on_runs_on_that_cpu),
	KUNIT_CASE(schedule_runs_once),
	{}
};

static struct kunit_suite wq_queue_suite = {
	.name = "wq_queue",
	.test_cases = wq_queue_cases,
};

/* ------------------------------------------------------------ flushing */

struct wqt_releaser {
	struct delayed_work dwork;
	struct wqt_item *target;
};

static void wqt_release_fn(struct work_struct *work)
{
	struct wqt_releaser *r = container_of(to_delayed_work(work),
					      struct wqt_releaser, dwork);

	complete(&r->target->release);
}

static void flush_work_waits(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, WQ_UNBOUND, 0);
	struct wqt_releaser r;
	struct wqt_item it;

	/*
	 * The item blocks until a delayed releaser lets it go, so it is
	 * certainly running when flush_work() is called.
	 */
	wqt_item_init(&it, true);
	INIT_DELAYED_WORK_ONSTACK(&r.dwork, wqt_release_fn);
	r.target = &it;
	queue_work(wq, &it.work);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&it.done, WQT_WAIT), 0UL);
	schedule_delayed_work(&r.dwork, msecs_to_jiffies(50));
	KUNIT_EXPECT_TRUE(test, flush_work(&it.work));
	KUNIT_EXPECT_EQ(test, atomic_read(&it.finished), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&it.runs), 1);
	flush_delayed_work(&r.dwork);
	destroy_workqueue(wq);
	destroy_delayed_work_on_stack(&r.dwork);
	wqt_item_fini(&it);
}

static void flush_work_idle_returns_false(struct kunit *test)
{
	struct wqt_item it;

	wqt_item_init(&it, false);
	KUNIT_EXPECT_FALSE(test, flush_work(&it.work));
	schedule_work(&it.work);
	flush_work(&it.work);
	KUNIT_EXPECT_FALSE(test, flush_work(&it.work));
	wqt_item_fini(&it);
}

static void flush_workqueue_waits_for_queued(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 0);
	struct wqt_item items[4];
	int i;

	for (i = 0; i < ARRAY_SIZE(items); i++) {
		wqt_item_init(&items[i], false);
		queue_work_on(i % num_online_cpus(), wq, &items[i].work);
	}
	flush_workqueue(wq);
	for (i = 0; i < ARRAY_SIZE(items); i++) {
		KUNIT_EXPECT_EQ(test, atomic_read(&items[i].runs), 1);
		wqt_item_fini(&items[i]);
	}
	destroy_workqueue(wq);
}

static struct kunit_case wq_flush_cases[] = {
	KUNIT_CASE(flush_work_waits),
	KUNIT_CASE(flush_work_idle_returns_false),
	KUNIT_CASE(flush_workqueue_waits_for_queued),
	{}
};

static struct kunit_suite wq_flush_suite = {
	.name = "wq_flush",
	.test_cases = wq_flush_cases,
};

/* ------------------------------------------------------------ cancelling */

static void cancel_sync_removes_pending(struct kunit *test)
{
	struct workqueue_struct *wq = wqt_alloc(test, 0, 1);
	struct wqt_item gate, it;

	wqt_item_init(&gate, true);
	wqt_item_init(&it, false);
	queue_work_on(0, wq, &gate.work);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&gate.done, WQT_WAIT), 0UL);
	queue_work_on(0, wq, &it.work);

	KUNIT_EXPECT_TRUE(test, cancel_work_sync(&it.work));
	KUNIT_EXPECT_FALSE(test, cancel_work_sync(&it.work));
	complete(&gate.release);
	flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it.runs), 0);
	destroy_workqueue(wq);
	wqt_item_fini(&gate);
	wqt_item_fini(&it);
}

static struct kunit_case wq_cancel_cases[] = {
	KUNIT_CASE(cancel_sync_removes_pending),
	{}
};

static struct kunit_suite wq_cancel_suite = {
	.name = "wq_cancel",
	.test_cases = wq_cancel_cases,
};

/* ------------------------------------------------------------ delayed work */

struct wqt_dwork {
	struct delayed_work dwork;
	unsigned long ran_at;
	atomic_t runs;
	struct completion done;
};

static void wqt_dwork_fn(struct work_struct *work)
{
	struct wqt_dwork *d = container_of(to_delayed_work(work), struct wqt_dwork, dwork);

	d->ran_at = jiffies;
	atomic_inc(&d->runs);
	complete(&d->done);
}

static void fires_no_earlier_than_asked(struct kunit *test)
{
	struct wqt_dwork d = { .runs = ATOMIC_INIT(0) };
	const unsigned long delay = msecs_to_jiffies(100);
	unsigned long start;

	INIT_DELAYED_WORK_ONSTACK(&d.dwork, wqt_dwork_fn);
	init_completion(&d.done);
	start = jiffies;
	KUNIT_EXPECT_TRUE(test, schedule_delayed_work(&d.dwork, delay));
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&d.dwork));
	/* Not flush_delayed_work(): that would run the item at once. */
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&d.done, delay + WQT_WAIT), 0UL);
	flush_delayed_work(&d.dwork);
	KUNIT_EXPECT_EQ(test, atomic_read(&d.runs), 1);
	KUNIT_EXPECT_GE(test, d.ran_at - start, delay);
	destroy_delayed_work_on_stack(&d.dwork);
}

static void mod_moves_timer(struct kunit *test)
{
	struct wqt_dwork d = { .runs = ATOMIC_INIT(0) };

	INIT_DELAYED_WORK_ONSTACK(&d.dwork, wqt_dwork_fn);
	init_completion(&d.done);
	KUNIT_EXPECT_TRUE(test, schedule_delayed_work(&d.dwork, 60 * HZ));
	/* mod_delayed_work() returns true when it modified a pending item. */
	KUNIT_EXPECT_TRUE(test, mod_delayed_work(system_wq, &d.dwork, 0));
	flush_delayed_work(&d.dwork);
	KUNIT_EXPECT_EQ(test, atomic_read(&d.runs), 1);
	destroy_delayed_work_on_stack(&d.dwork);
}

static void cancel_delayed_sync(struct kunit *test)
{
	struct wqt_dwork d = { .runs = ATOMIC_INIT(0) };

	INIT_DELAYED_WORK_ONSTACK(&d.dwork, wqt_dwork_fn);
	init_completion(&d.done);
	schedule_delayed_work(&d.dwork, 60 * HZ);
	KUNIT_EXPECT_TRUE(test, cancel_delayed_work_sync(&d.dwork));
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&d.dwork));
	KUNIT_EXPECT_FALSE(test, cancel_delayed_work_sync(&d.dwork));
	KUNIT_EXPECT_EQ(test, atomic_read(&d.runs), 0);
	destroy_delayed_work_on_stack(&d.dwork);
}

static struct kunit_case wq_delayed_cases[] = {
	KUNIT_CASE(fires_no_earlier_than_asked),
	KUNIT_CASE(mod_moves_timer),
	KUNIT_CASE(cancel_delayed_sync),
	{}
};

static struct kunit_suite wq_delayed_suite = {
	.name = "wq_delayed",
	.test_cases = wq_delayed_cases,
};

kunit_test_suites(&wq_queue_suite, &wq_flush_suite, &wq_cancel_suite, &wq_delayed_suite);

MODULE_DESCRIPTION("KUnit suites for the workqueue API");
MODULE_LICENSE("GPL");
