/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workqueue_types.h - struct work_struct without the rest of workqueue.h
 *
 * Headers that only embed a work item include this one; it pulls in as
 * little as possible.
 */
#ifndef _LINUX_WORKQUEUE_TYPES_H
#define _LINUX_WORKQUEUE_TYPES_H

#include <linux/atomic.h>
#include <linux/lockdep_types.h>
#include <linux/timer_types.h>
#include <linux/types.h>

struct workqueue_struct;
struct work_struct;

/* What a work item runs; it gets the item it belongs to. */
typedef void (*work_func_t)(struct work_struct *work);

void delayed_work_timer_fn(struct timer_list *t);

/*
 * struct work_struct - a function to be run later by a worker
 * @data: PENDING and the item's whereabouts, see WORK_STRUCT_* in workqueue.h
 * @entry: the list the item waits on while it is queued
 * @func: what to run
 * @lockdep_map: lets lockdep see waiting for the item as taking a lock
 */
struct work_struct {
	atomic_long_t data;
	struct list_head entry;
	work_func_t func;
#ifdef CONFIG_LOCKDEP
	struct lockdep_map lockdep_map;
#endif
};

#endif /* _LINUX_WORKQUEUE_TYPES_H */
