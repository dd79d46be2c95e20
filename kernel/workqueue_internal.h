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
	unsigned int		flags;		/* (L) WKR_* */
	int			id;		/* (I) number within the pool */

	/* (S) shown in /proc/PID/comm and in dumps, see set_worker_desc() */
	char			desc[WORKER_DESC_LEN];

	struct workqueue_struct	*rescue_wq;	/* (I) set for rescuers only */
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

#endif /* _KERNEL_WORKQUEUE_INTERNAL_H */
