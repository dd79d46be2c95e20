/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-workqueue statistics: the counting side
 *
 * Included by kernel/workqueue.c after its types; the debugfs side that reads
 * the counters back is kernel/workqueue_stats.c.  Everything here compiles to
 * nothing without CONFIG_DEBUG_FS, and to a patched-out jump with the boot
 * parameter workqueue.stats=0.
 *
 * Every pwq has a struct wq_stats, allocated with the pwq while statistics
 * are on.  Its counters are only written under the pwq's pool->lock, at
 * places that hold it anyway, so counting needs no atomic:
 *
 *   insert_work()	maybe starts timing the item (below)
 *   process_one_work()	rescued, the wait of a timed item; at the end
 *			completed, CPU and run time
 *   try_grab_pending()	cancelled
 *   wq_worker_tick()	CPU-intensive marks and the wakeups they cause
 *   wq_worker_sleeping()  concurrency-management wakeups
 *   pool_kick()	repatriations into a non-strict pod
 *   send_mayday()	mayday requests
 *
 * Nothing is counted when an item is queued or starts: when the counters
 * are read, "queued" is worked out as completed + cancelled + the items in
 * flight, which the pwq counts for flushing already, and "started" as
 * completed + the items running, which the reader counts in the pool's busy
 * workers.  The queueing path writes only the timing sample, and only when
 * it takes one.
 *
 * Times are sampled, so that an item that is not sampled reads no clock: a
 * pwq times one item at a time and at most one per tick, the first one
 * queued after the previous timed item started or was cancelled, in a tick
 * that has not had one yet (pwq->timed_tick).  A timed item's wait from
 * queueing to start and its run go into the histograms.  Its queueing time
 * sits in struct wq_stats; the flag that says a sample is out, pwq->timing,
 * and the tick sit in a cache line queueing touches anyway.
 *
 * The CPU time of every item is the difference of the worker's runtime,
 * which the scheduler keeps anyway, at its start and its end.  A BH item
 * has no task of its own: its CPU time is its run, so every BH item reads
 * the clock at its start and end, and every BH run is in the histogram.
 *
 * Flush barriers are not items: they are not counted anywhere.
 */
#ifndef _KERNEL_WORKQUEUE_STATS_H
#define _KERNEL_WORKQUEUE_STATS_H

#ifdef CONFIG_DEBUG_FS

#include <linux/jump_label.h>
#include <linux/log2.h>
#include <linux/sched/clock.h>

static DEFINE_STATIC_KEY_TRUE(wq_stats_key);

static inline bool wq_stats_on(void)
{
	return static_branch_likely(&wq_stats_key);
}

/*
 * struct wq_stats - one pwq's counters, or a workqueue's retired pwqs' total
 * @c: the counters and the log2 histograms (see wq_stat_bucket())
 * @timed_work: the item whose wait is being timed, while pwq->timing
 * @timed_at: local_clock() when it was queued
 *
 * All under the pwq's pool->lock (a workqueue's total: under wq->mutex).
 */
struct wq_stats {
	struct wq_stat_counts	c;
	struct work_struct	*timed_work;
	u64			timed_at;
};

/* Bucket 0 is under 1 us, bucket b is [2^(b-1), 2^b) us, the last is open. */
static inline int wq_stat_bucket(u64 ns)
{
	u64 us = div_u64(ns, NSEC_PER_USEC);

	if (!us)
		return 0;
	return min_t(int, ilog2(us) + 1, WQ_HIST_BUCKETS - 1);
}

static inline void wq_stat_time(struct wq_stats *s, int hist, int max, u64 ns)
{
	s->c.hist[hist][wq_stat_bucket(ns)]++;
	if (ns > s->c.cnt[max])
		s->c.cnt[max] = ns;
}

static inline void wq_stat_inc(struct pool_workqueue *pwq, int what)
{
	if (wq_stats_on() && pwq)
		pwq->stats->c.cnt[what]++;
}

/*
 * insert_work(): time @work if @pwq has no sample out and has taken none in
 * this tick.  Only the tick's low bits are kept: a pwq that last timed an
 * item exactly a multiple of 65536 ticks ago skips one tick.  pool->lock held.
 */
static inline void wq_stat_queued(struct pool_workqueue *pwq, struct work_struct *work)
{
	u16 tick;

	if (!wq_stats_on() || pwq->timing)
		return;
	tick = (u16)READ_ONCE(jiffies);
	if (tick == pwq->timed_tick)
		return;
	pwq->timed_tick = tick;
	pwq->timing = true;
	pwq->stats->timed_work = work;
	pwq->stats->timed_at = local_clock();
}

/* @work leaves the queue without running.  pool->lock held. */
static inline void wq_stat_cancelled(struct pool_workqueue *pwq, struct work_struct *work)
{
	if (!wq_stats_on())
		return;
	pwq->stats->c.cnt[WQ_STAT_CANCELLED]++;
	if (pwq->timing && pwq->stats->timed_work == work)
		pwq->timing = false;
}

/*
 * process_one_work(): @work, whose data word was @data, starts on @worker.
 * The clock is read if it is the pwq's timed item or a BH one; then
 * worker->run_start says when, until wq_stat_end() sets it back to 0.
 * pool->lock held.
 */
static inline void wq_stat_start(struct worker *worker, struct pool_workqueue *pwq,
				 struct work_struct *work, unsigned long data)
{
	struct wq_stats *s;
	bool timed;
	u64 now;

	if (!wq_stats_on())
		return;
	worker->run_since = jiffies;
	if (data_color(data) == NO_EPOCH)
		return;
	s = pwq->stats;
	if (worker->flags & WKR_RESCUER)
		s->c.cnt[WQ_STAT_RESCUED]++;
	timed = pwq->timing && s->timed_work == work;
	if (worker->task) {
		/* process_one_work() has just read the runtime for the tick */
		worker->run_cpu = worker->current_at;
		if (!timed)
			return;
	}
	now = local_clock();
	worker->run_start = now;
	if (timed) {
		pwq->timing = false;
		/* queued on another CPU, whose clock may be a little ahead */
		wq_stat_time(s, WQ_HIST_WAIT, WQ_STAT_MAX_WAIT,
			     now > s->timed_at ? now - s->timed_at : 0);
	}
}

/*
 * process_one_work(): right after the function, the end of a timed run.
 * Only wq_stat_start() sets run_start, with statistics on.
 */
static inline u64 wq_stat_run_end(struct worker *worker)
{
	return worker->run_start ? local_clock() : 0;
}

/*
 * The CPU time of the item @worker ran.  The runtime the scheduler keeps
 * is brought up to date at ticks and switches only, so the difference may
 * be a tick off either way for one item, though not over many.
 */
static inline u64 wq_stat_cpu(struct worker *worker)
{
	u64 now = task_runtime(worker->task);

	return now > worker->run_cpu ? now - worker->run_cpu : 0;
}

/*
 * process_one_work(): the item @worker ran returned at @end, from
 * wq_stat_run_end().  A timed run's CPU time is kept within the run; a BH
 * item is taken to have had the CPU for the whole run.  pool->lock held.
 */
static inline void wq_stat_end(struct worker *worker, struct pool_workqueue *pwq,
			       unsigned long data, u64 end)
{
	struct wq_stats *s;
	u64 run;

	if (!wq_stats_on() || data_color(data) == NO_EPOCH)
		return;
	s = pwq->stats;
	s->c.cnt[WQ_STAT_COMPLETED]++;
	if (!worker->run_start) {
		s->c.cnt[WQ_STAT_CPU] += wq_stat_cpu(worker);
		return;
	}
	run = end > worker->run_start ? end - worker->run_start : 0;
	worker->run_start = 0;
	s->c.cnt[WQ_STAT_CPU] += worker->task ? min(wq_stat_cpu(worker), run) : run;
	wq_stat_time(s, WQ_HIST_RUN, WQ_STAT_MAX_RUN, run);
}

static void __init wq_stats_init_early(void);

/* ---- the counters' lifetimes, called by the pwq and workqueue code */

static inline int wq_stats_pwq_alloc(struct pool_workqueue *pwq)
{
	if (!wq_stats_on())
		return 0;
	pwq->stats = kzalloc_node(sizeof(*pwq->stats), GFP_KERNEL, pwq->pool->node);
	/* a new pwq may time its first item whenever it comes */
	pwq->timed_tick = (u16)jiffies - 1;
	return pwq->stats ? 0 : -ENOMEM;
}

static inline void wq_stats_pwq_free(struct pool_workqueue *pwq)
{
	kfree(pwq->stats);
}

static void wq_stats_add(struct wq_stat_counts *to, const struct wq_stat_counts *from)
{
	int i, b;

	for (i = 0; i < WQ_STAT_NR; i++) {
		if (i == WQ_STAT_MAX_WAIT || i == WQ_STAT_MAX_RUN)
			to->cnt[i] = max(to->cnt[i], from->cnt[i]);
		else
			to->cnt[i] += from->cnt[i];
	}
	for (i = 0; i < WQ_HIST_NR; i++)
		for (b = 0; b < WQ_HIST_BUCKETS; b++)
			to->hist[i][b] += from->hist[i][b];
}

/* @pwq leaves its workqueue: keep what it counted.  wq->mutex held. */
static inline void wq_stats_pwq_retire(struct pool_workqueue *pwq)
{
	struct workqueue_struct *wq = pwq->wq;

	lockdep_assert_held(&wq->mutex);
	if (!wq_stats_on())
		return;
	raw_spin_lock_irq(&pwq->pool->lock);
	wq_stats_add(&wq->stats_gone->c, &pwq->stats->c);
	raw_spin_unlock_irq(&pwq->pool->lock);
}

static inline int wq_stats_wq_alloc(struct workqueue_struct *wq)
{
	if (!wq_stats_on())
		return 0;
	wq->stats_gone = kzalloc(sizeof(*wq->stats_gone), GFP_KERNEL);
	return wq->stats_gone ? 0 : -ENOMEM;
}

static inline void wq_stats_wq_free(struct workqueue_struct *wq)
{
	kfree(wq->stats_gone);
}

#else /* CONFIG_DEBUG_FS */

static inline bool wq_stats_on(void) { return false; }
static inline void wq_stat_inc(struct pool_workqueue *pwq, int what) { }
static inline u64 wq_stat_run_end(struct worker *worker) { return 0; }
static inline void wq_stat_queued(struct pool_workqueue *pwq, struct work_struct *work) { }
static inline void wq_stat_cancelled(struct pool_workqueue *pwq, struct work_struct *work) { }
static inline void wq_stat_start(struct worker *worker, struct pool_workqueue *pwq,
				 struct work_struct *work, unsigned long data) { }
static inline void wq_stat_end(struct worker *worker, struct pool_workqueue *pwq,
			       unsigned long data, u64 end) { }
static inline int wq_stats_pwq_alloc(struct pool_workqueue *pwq) { return 0; }
static inline void wq_stats_pwq_free(struct pool_workqueue *pwq) { }
static inline void wq_stats_pwq_retire(struct pool_workqueue *pwq) { }
static inline int wq_stats_wq_alloc(struct workqueue_struct *wq) { return 0; }
static inline void wq_stats_wq_free(struct workqueue_struct *wq) { }
static inline void wq_stats_init_early(void) { }

#endif /* CONFIG_DEBUG_FS */
#endif /* _KERNEL_WORKQUEUE_STATS_H */
