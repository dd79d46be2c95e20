/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the scheduler and async.c may see of the workqueue's workers.
 *
 * Nothing outside kernel/workqueue.c may change a worker; the scheduler only
 * calls the hooks below for tasks that carry PF_WQ_WORKER.
 */
#ifndef _KERNEL_WORKQUEUE_INTERNAL_H
#define _KERNEL_WORKQUEUE_INTERNAL_H

#include <linux/workqueue.h>
#include <linux/kthread.h>
#include <linux/preempt.h>

struct worker_pool;

/*
 * struct worker - one execution context of a worker pool
 *
 * A worker is a kthread attached to a pool (or, for a BH pool, a softirq
 * context that borrows this structure).  Fields marked (L) are protected by
 * the pool's lock, (A) by wq_pool_attach_mutex, (S) are private to the task.
 */
struct worker {
	/* (L) on the pool's idle list while idle, in its busy hash while busy */
	union {
		struct list_head	idle_node;
		struct hlist_node	busy_node;
	};

	struct work_struct	*current_work;	/* (L) the item being run */
	work_func_t		current_func;	/* (L) its function */
	struct pool_workqueue	*current_pwq;	/* (L) and its pool_workqueue */
	u64			current_at;	/* (S) runtime when the run began */
	unsigned int		current_color;	/* (L) flush epoch of the item */

	int			sleeping;	/* (S) blocked, left nr_running */
	work_func_t		last_func;	/* (L) for psi's accounting */

	struct list_head	scheduled;	/* (L) items this worker runs next */
	struct task_struct	*task;		/* (I) the kthread, NULL for BH */
	struct worker_pool	*pool;		/* (A) the pool attached to */
	struct list_head	pool_node;	/* (A) on pool->workers */

	unsigned long		last_active;	/* (L) jiffies at entering idle */
	unsigned long		yielded;	/* (S) jiffies at the last cond_resched() */
	unsigned int		flags;		/* (L) WKR_* */
	int			id;		/* (I) number within the pool */

	/* (S) shown in /proc/PID/comm and in dumps, see set_worker_desc() */
	char			desc[WORKER_DESC_LEN];
	/* (S) id of the workqueue whose name @desc holds, 0 for another text */
	unsigned long		desc_wq;

	struct workqueue_struct	*rescue_wq;	/* (I) set for rescuers only */

#ifdef CONFIG_DEBUG_FS
	u64			run_start;	/* (L) local_clock() at a timed start, or 0 */
	u64			run_cpu;	/* (S) runtime at the start */
	unsigned long		run_since;	/* (L) jiffies at the start */
#endif
};

/**
 * current_wq_worker - the worker %current is, if any
 *
 * Return: the struct worker of %current when it is a workqueue worker
 * running in task context, %NULL otherwise.
 */
static inline struct worker *current_wq_worker(void)
{
	if (in_task() && (current->flags & PF_WQ_WORKER))
		return kthread_data(current);
	return NULL;
}

/* The scheduler's hooks, called for PF_WQ_WORKER tasks only. */
void wq_worker_running(struct task_struct *task);
void wq_worker_sleeping(struct task_struct *task);
void wq_worker_tick(struct task_struct *task);
work_func_t wq_worker_last_func(struct task_struct *task);

/*
 * Per-workqueue statistics, shown in /sys/kernel/debug/workqueue/ and read
 * by the KUnit suites through wq_stats_get() (with CONFIG_DEBUG_FS only; the
 * counting hooks take these names either way).  Times are in nanoseconds.
 */
enum wq_stat {
	WQ_STAT_STARTED,
	WQ_STAT_COMPLETED,
	WQ_STAT_CANCELLED,	/* taken off the queue without running */
	WQ_STAT_CPU,		/* CPU time of the items */
	WQ_STAT_CPU_INTENSIVE,	/* marked by the tick for hogging the CPU */
	WQ_STAT_CM_WAKEUP,	/* another worker woken for the pool */
	WQ_STAT_REPATRIATED,	/* a worker woken back inside its pod */
	WQ_STAT_MAYDAY,		/* the rescuer called */
	WQ_STAT_RESCUED,	/* items the rescuer ran */
	WQ_STAT_MAX_WAIT,	/* longest sampled queue-to-start wait */
	WQ_STAT_MAX_RUN,	/* longest run */
	WQ_STAT_NR
};

/*
 * Workers, rescuers and flushers are never woken with a pool's lock held
 * (see the top of workqueue.c); lib/test_workqueue.c checks it.
 */
#define WQ_WAKES_UNLOCKED	1

enum {
	WQ_HIST_WAIT,		/* queue-to-start, sampled items */
	WQ_HIST_RUN,		/* every item's run */
	WQ_HIST_NR,
	/* [0] under 1 us, [b] from 2^(b-1) to 2^b us, the last open-ended */
	WQ_HIST_BUCKETS = 25,
};

#ifdef CONFIG_DEBUG_FS
#define WQ_HAVE_STATS	1

/* Counters (enum wq_stat) and histograms of a pwq or of a sum of them. */
struct wq_stat_counts {
	u64		cnt[WQ_STAT_NR];
	u64		hist[WQ_HIST_NR][WQ_HIST_BUCKETS];
};

/**
 * struct wq_stats_sum - a workqueue's statistics, summed over its pwqs
 * @c: the counters and histograms
 * @queued: completed + cancelled + @in_flight
 * @max_active: the workqueue's max_active as set
 * @pending: items waiting for a worker now
 * @inactive: items held back by max_active now
 * @running: items running now
 * @in_flight: items queued and not finished
 * @nr_pwqs: the pwqs the workqueue has, retiring ones included
 */
struct wq_stats_sum {
	struct wq_stat_counts c;
	u64		queued;
	int		max_active;
	unsigned int	pending;
	unsigned int	inactive;
	unsigned int	running;
	unsigned int	in_flight;
	unsigned int	nr_pwqs;
};

int wq_stats_get(struct workqueue_struct *wq, struct wq_stats_sum *sum);
void wq_stats_reset(void);
#endif

#endif /* _KERNEL_WORKQUEUE_INTERNAL_H */
