/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workqueue.h - run functions later, in process context or in softirq
 *
 * See Documentation/core-api/workqueue.rst for what the API promises and
 * kernel/workqueue.c for how it is kept.
 */
#ifndef _LINUX_WORKQUEUE_H
#define _LINUX_WORKQUEUE_H

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/cpumask_types.h>
#include <linux/linkage.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>
#include <linux/threads.h>
#include <linux/timer.h>
#include <linux/workqueue_types.h>

/* The data word as an array of bits, for the atomic bitops. */
#define work_data_bits(work) ((unsigned long *)(&(work)->data))

/*
 * The data word of a work item.
 *
 * Bit 0 is PENDING: set by whoever queues the item (or arms its timer),
 * cleared when a worker starts running it or when it is cancelled.  The
 * owner of PENDING is the only one who may change the rest of the word.
 *
 * While the item sits on a queue (PWQ set), the word is the address of the
 * pool_workqueue it was queued through, whose alignment leaves room for
 * the flag bits and the flush colour below it.  Off queue, the word holds
 * the id of the pool the item last ran on, how many times it was disabled
 * and whether it belongs to a BH workqueue.
 */
enum work_bits {
	WORK_STRUCT_PENDING_BIT	= 0,	/* queued or about to be */
	WORK_STRUCT_INACTIVE_BIT,	/* waits for max_active room */
	WORK_STRUCT_PWQ_BIT,		/* the word points at a pwq */
	WORK_STRUCT_LINKED_BIT,		/* the next item must run right after */
#ifdef CONFIG_DEBUG_OBJECTS_WORK
	WORK_STRUCT_STATIC_BIT,		/* statically initialised */
#endif
	WORK_STRUCT_FLAG_BITS,

	/* the flush epoch the item was queued in (queued items only) */
	WORK_STRUCT_COLOR_SHIFT	= WORK_STRUCT_FLAG_BITS,
	WORK_STRUCT_COLOR_BITS	= 2,

	/* pool_workqueues are aligned to 1 << WORK_STRUCT_PWQ_SHIFT */
	WORK_STRUCT_PWQ_SHIFT	= WORK_STRUCT_COLOR_SHIFT + WORK_STRUCT_COLOR_BITS,

	/* off queue: flags, the disable count, then the pool id */
	WORK_OFFQ_FLAG_SHIFT	= WORK_STRUCT_FLAG_BITS,
	WORK_OFFQ_BH_BIT	= WORK_OFFQ_FLAG_SHIFT,
	WORK_OFFQ_FLAG_END,
	WORK_OFFQ_FLAG_BITS	= WORK_OFFQ_FLAG_END - WORK_OFFQ_FLAG_SHIFT,

	WORK_OFFQ_DISABLE_SHIFT	= WORK_OFFQ_FLAG_SHIFT + WORK_OFFQ_FLAG_BITS,
	WORK_OFFQ_DISABLE_BITS	= 16,

	WORK_OFFQ_POOL_SHIFT	= WORK_OFFQ_DISABLE_SHIFT + WORK_OFFQ_DISABLE_BITS,
	WORK_OFFQ_LEFT		= BITS_PER_LONG - WORK_OFFQ_POOL_SHIFT,
	WORK_OFFQ_POOL_BITS	= WORK_OFFQ_LEFT <= 31 ? WORK_OFFQ_LEFT : 31,
};

enum work_flags {
	WORK_STRUCT_PENDING	= 1 << WORK_STRUCT_PENDING_BIT,
	WORK_STRUCT_INACTIVE	= 1 << WORK_STRUCT_INACTIVE_BIT,
	WORK_STRUCT_PWQ		= 1 << WORK_STRUCT_PWQ_BIT,
	WORK_STRUCT_LINKED	= 1 << WORK_STRUCT_LINKED_BIT,
#ifdef CONFIG_DEBUG_OBJECTS_WORK
	WORK_STRUCT_STATIC	= 1 << WORK_STRUCT_STATIC_BIT,
#else
	WORK_STRUCT_STATIC	= 0,
#endif
};

enum wq_misc_consts {
	WORK_NR_COLORS		= 1 << WORK_STRUCT_COLOR_BITS,

	/* queue on the local CPU, or wherever an unbound workqueue likes */
	WORK_CPU_UNBOUND	= NR_CPUS,

	/* what work_busy() reports */
	WORK_BUSY_PENDING	= 1 << 0,
	WORK_BUSY_RUNNING	= 1 << 1,

	/* room for set_worker_desc()'s text */
	WORKER_DESC_LEN		= 32,
};

/* These are unsigned long, which an enum cannot promise. */
#define WORK_OFFQ_BH		BIT(WORK_OFFQ_BH_BIT)
#define WORK_OFFQ_FLAG_MASK	((BIT(WORK_OFFQ_FLAG_BITS) - 1) << WORK_OFFQ_FLAG_SHIFT)
#define WORK_OFFQ_DISABLE_MASK	((BIT(WORK_OFFQ_DISABLE_BITS) - 1) << WORK_OFFQ_DISABLE_SHIFT)
#define WORK_OFFQ_POOL_NONE	(BIT(WORK_OFFQ_POOL_BITS) - 1)
#define WORK_STRUCT_NO_POOL	(WORK_OFFQ_POOL_NONE << WORK_OFFQ_POOL_SHIFT)
#define WORK_STRUCT_PWQ_MASK	(~(BIT(WORK_STRUCT_PWQ_SHIFT) - 1))

/* A new item: idle, never ran anywhere. */
#define WORK_DATA_INIT()	ATOMIC_LONG_INIT((unsigned long)WORK_STRUCT_NO_POOL)
#define WORK_DATA_STATIC_INIT()	\
	ATOMIC_LONG_INIT((unsigned long)(WORK_STRUCT_NO_POOL | WORK_STRUCT_STATIC))

/*
 * struct delayed_work - a work item queued when its timer fires
 * @work: the item
 * @timer: armed by queue_delayed_work_on()
 * @wq: where the item goes when the timer fires
 * @cpu: and on which CPU
 */
struct delayed_work {
	struct work_struct work;
	struct timer_list timer;
	struct workqueue_struct *wq;
	int cpu;
};

/*
 * struct rcu_work - a work item queued after an RCU grace period
 * @work: the item
 * @rcu: the callback that queues it
 * @wq: where it goes
 */
struct rcu_work {
	struct work_struct work;
	struct rcu_head rcu;
	struct workqueue_struct *wq;
};

/* The affinity scopes of unbound workqueues, see workqueue.rst. */
enum wq_affn_scope {
	WQ_AFFN_DFL,			/* workqueue.default_affinity_scope */
	WQ_AFFN_CPU,			/* each CPU its own pod */
	WQ_AFFN_SMT,			/* SMT siblings share a pod */
	WQ_AFFN_CACHE,			/* CPUs sharing the last-level cache */
	WQ_AFFN_NUMA,			/* CPUs of a NUMA node */
	WQ_AFFN_SYSTEM,			/* one pod for all */

	WQ_AFFN_NR_TYPES,
};

/**
 * struct workqueue_attrs - what an unbound workqueue's workers look like
 * @nice: their nice level
 * @cpumask: the CPUs they may use
 * @__pod_cpumask: internal; the part of @cpumask one pool serves
 * @affn_strict: keep workers inside their pod; otherwise work only starts
 *	there and the scheduler may move it within @cpumask
 * @affn_scope: how the CPUs are split into pods
 * @ordered: internal; the workqueue runs one item at a time in order
 *
 * Pools are shared by every workqueue whose attributes match.
 */
struct workqueue_attrs {
	int nice;
	cpumask_var_t cpumask;
	cpumask_var_t __pod_cpumask;
	bool affn_strict;
	enum wq_affn_scope affn_scope;
	bool ordered;
};

static inline struct delayed_work *to_delayed_work(struct work_struct *work)
{
	return container_of(work, struct delayed_work, work);
}

static inline struct rcu_work *to_rcu_work(struct work_struct *work)
{
	return container_of(work, struct rcu_work, work);
}

/* Storage for execute_in_process_context(). */
struct execute_work {
	struct work_struct work;
};

#ifdef CONFIG_LOCKDEP
#define __WORK_INIT_LOCKDEP_MAP(n, k)					\
	.lockdep_map = STATIC_LOCKDEP_MAP_INIT(n, k),
#else
#define __WORK_INIT_LOCKDEP_MAP(n, k)
#endif

#define __WORK_INITIALIZER(n, f) {					\
	.data = WORK_DATA_STATIC_INIT(),				\
	.entry = LIST_HEAD_INIT((n).entry),				\
	.func = (f),							\
	__WORK_INIT_LOCKDEP_MAP(#n, &(n))				\
}

/* The timer of a delayed item queues from hard interrupt context. */
#define __DELAYED_WORK_INITIALIZER(n, f, tflags) {			\
	.work = __WORK_INITIALIZER((n).work, (f)),			\
	.timer = __TIMER_INITIALIZER(delayed_work_timer_fn,		\
				     (tflags) | TIMER_IRQSAFE),		\
}

#define DECLARE_WORK(n, f)						\
	struct work_struct n = __WORK_INITIALIZER(n, f)

#define DECLARE_DELAYED_WORK(n, f)					\
	struct delayed_work n = __DELAYED_WORK_INITIALIZER(n, f, 0)

#define DECLARE_DEFERRABLE_WORK(n, f)					\
	struct delayed_work n = __DELAYED_WORK_INITIALIZER(n, f, TIMER_DEFERRABLE)

#ifdef CONFIG_DEBUG_OBJECTS_WORK
void __init_work(struct work_struct *work, int onstack);
void destroy_work_on_stack(struct work_struct *work);
void destroy_delayed_work_on_stack(struct delayed_work *work);
static inline unsigned int work_static(struct work_struct *work)
{
	return atomic_long_read(&work->data) & WORK_STRUCT_STATIC;
}
#else
static inline void __init_work(struct work_struct *work, int onstack) { }
static inline void destroy_work_on_stack(struct work_struct *work) { }
static inline void destroy_delayed_work_on_stack(struct delayed_work *work) { }
static inline unsigned int work_static(struct work_struct *work) { return 0; }
#endif

#ifdef CONFIG_LOCKDEP
#define __INIT_WORK_LOCKDEP(_work, _key)				\
	lockdep_init_map(&(_work)->lockdep_map, "(work_completion)"#_work, (_key), 0)
#else
#define __INIT_WORK_LOCKDEP(_work, _key)	((void)(_work), (void)(_key))
#endif

/*
 * Set up a work item at run time.  INIT_WORK() gives every call site its
 * own lockdep class; the _KEY variant lets the caller choose one.
 */
#define __INIT_WORK_KEY(_work, _func, _onstack, _key)			\
	do {								\
		__init_work((_work), (_onstack));			\
		(_work)->data = (atomic_long_t)WORK_DATA_INIT();	\
		__INIT_WORK_LOCKDEP(_work, _key);			\
		INIT_LIST_HEAD(&(_work)->entry);			\
		(_work)->func = (_func);				\
	} while (0)

#define __INIT_WORK(_work, _func, _onstack)				\
	do {								\
		static __maybe_unused struct lock_class_key __key;	\
									\
		__INIT_WORK_KEY(_work, _func, _onstack, &__key);	\
	} while (0)

#define INIT_WORK(_work, _func)						\
	__INIT_WORK((_work), (_func), 0)

#define INIT_WORK_ONSTACK(_work, _func)					\
	__INIT_WORK((_work), (_func), 1)

#define INIT_WORK_ONSTACK_KEY(_work, _func, _key)			\
	__INIT_WORK_KEY((_work), (_func), 1, _key)

#define __INIT_DELAYED_WORK(_work, _func, _tflags)			\
	do {								\
		INIT_WORK(&(_work)->work, (_func));			\
		__init_timer(&(_work)->timer, delayed_work_timer_fn,	\
			     (_tflags) | TIMER_IRQSAFE);		\
	} while (0)

#define __INIT_DELAYED_WORK_ONSTACK(_work, _func, _tflags)		\
	do {								\
		INIT_WORK_ONSTACK(&(_work)->work, (_func));		\
		__init_timer_on_stack(&(_work)->timer, delayed_work_timer_fn, \
				      (_tflags) | TIMER_IRQSAFE);	\
	} while (0)

#define INIT_DELAYED_WORK(_work, _func)					\
	__INIT_DELAYED_WORK(_work, _func, 0)

#define INIT_DELAYED_WORK_ONSTACK(_work, _func)				\
	__INIT_DELAYED_WORK_ONSTACK(_work, _func, 0)

#define INIT_DEFERRABLE_WORK(_work, _func)				\
	__INIT_DELAYED_WORK(_work, _func, TIMER_DEFERRABLE)

#define INIT_DEFERRABLE_WORK_ONSTACK(_work, _func)			\
	__INIT_DELAYED_WORK_ONSTACK(_work, _func, TIMER_DEFERRABLE)

#define INIT_RCU_WORK(_work, _func)					\
	INIT_WORK(&(_work)->work, (_func))

#define INIT_RCU_WORK_ONSTACK(_work, _func)				\
	INIT_WORK_ONSTACK(&(_work)->work, (_func))

/**
 * work_pending - is a work item queued (or its timer armed)?
 * @work: the item
 *
 * Context: Any context.
 */
#define work_pending(work)						\
	test_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work))

/**
 * delayed_work_pending - is a delayed item's timer armed or the item queued?
 * @w: the delayed item
 *
 * Context: Any context.
 */
#define delayed_work_pending(w)						\
	work_pending(&(w)->work)

/*
 * Workqueue flags; Documentation/core-api/workqueue.rst says what each
 * promises.  The __WQ_ ones are for the implementation.
 */
enum wq_flags {
	WQ_BH			= 1 << 0, /* run from softirq on the queueing CPU */
	WQ_UNBOUND		= 1 << 1, /* run anywhere in the workqueue's cpumask */
	WQ_FREEZABLE		= 1 << 2, /* stop across system suspend */
	WQ_MEM_RECLAIM		= 1 << 3, /* keep a rescuer: reclaim may wait on it */
	WQ_HIGHPRI		= 1 << 4, /* workers at nice -20 */
	WQ_CPU_INTENSIVE	= 1 << 5, /* items don't count for concurrency */
	WQ_SYSFS		= 1 << 6, /* show under /sys/bus/workqueue */
	/*
	 * Per-CPU unless workqueue.power_efficient is set, when unbound work
	 * saves the power of waking the queueing CPU's pool.
	 */
	WQ_POWER_EFFICIENT	= 1 << 7,
	WQ_PERCPU		= 1 << 8, /* explicitly per-CPU */

	__WQ_DESTROYING		= 1 << 15, /* destroy_workqueue() runs */
	__WQ_DRAINING		= 1 << 16, /* drain_workqueue() runs */
	__WQ_ORDERED		= 1 << 17, /* one item at a time, in order */
	__WQ_LEGACY		= 1 << 18, /* made by create*_workqueue() */

	/* the only flags a BH workqueue may have */
	__WQ_BH_ALLOWS		= WQ_BH | WQ_HIGHPRI,
};

enum wq_consts {
	WQ_MAX_ACTIVE		= 512,
	WQ_UNBOUND_MAX_ACTIVE	= WQ_MAX_ACTIVE,
	WQ_DFL_ACTIVE		= WQ_MAX_ACTIVE / 2,
	/*
	 * An unbound workqueue lets each node run at least this many of its
	 * items (or max_active, if smaller), see workqueue_set_min_active().
	 */
	WQ_DFL_MIN_ACTIVE	= 8,
};

/*
 * The system workqueues, for callers that need no workqueue of their own.
 * system_percpu_wq ("events", also system_wq) is per-CPU with the default
 * max_active; system_highpri_wq runs at nice -20; system_long_wq is for
 * items that may take long; system_unbound_wq (also system_dfl_wq) is
 * unbound; the freezable ones stop across suspend; the power efficient
 * ones become unbound with workqueue.power_efficient; the BH ones run from
 * softirq.
 */
extern struct workqueue_struct *system_wq; /* prefer system_percpu_wq */
extern struct workqueue_struct *system_percpu_wq;
extern struct workqueue_struct *system_highpri_wq;
extern struct workqueue_struct *system_long_wq;
extern struct workqueue_struct *system_unbound_wq;
extern struct workqueue_struct *system_dfl_wq;
extern struct workqueue_struct *system_freezable_wq;
extern struct workqueue_struct *system_power_efficient_wq;
extern struct workqueue_struct *system_freezable_power_efficient_wq;
extern struct workqueue_struct *system_bh_wq;
extern struct workqueue_struct *system_bh_highpri_wq;

void workqueue_softirq_action(bool highpri);
void workqueue_softirq_dead(unsigned int cpu);

__printf(1, 4) struct workqueue_struct *
alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...);

#ifdef CONFIG_LOCKDEP
__printf(1, 5) struct workqueue_struct *
alloc_workqueue_lockdep_map(const char *fmt, unsigned int flags, int max_active,
			    struct lockdep_map *lockdep_map, ...);

/**
 * alloc_ordered_workqueue_lockdep_map - an ordered workqueue sharing a map
 * @fmt: printf format for its name
 * @flags: WQ_FREEZABLE and WQ_MEM_RECLAIM mean something here
 * @lockdep_map: the lockdep map to use
 * @args: arguments for @fmt
 *
 * Context: Process context. May sleep.
 */
#define alloc_ordered_workqueue_lockdep_map(fmt, flags, lockdep_map, args...)	\
	alloc_workqueue_lockdep_map(fmt, WQ_UNBOUND | __WQ_ORDERED | (flags),	\
				    1, lockdep_map, ##args)
#endif

/**
 * alloc_ordered_workqueue - a workqueue that runs one item at a time, in order
 * @fmt: printf format for its name
 * @flags: WQ_FREEZABLE and WQ_MEM_RECLAIM mean something here
 * @args: arguments for @fmt
 *
 * Context: Process context. May sleep.
 *
 * Return: the workqueue, or %NULL.
 */
#define alloc_ordered_workqueue(fmt, flags, args...)			\
	alloc_workqueue(fmt, WQ_UNBOUND | __WQ_ORDERED | (flags), 1, ##args)

/* Old interfaces; new code uses alloc_workqueue() and friends. */
#define create_workqueue(name)						\
	alloc_workqueue("%s", __WQ_LEGACY | WQ_MEM_RECLAIM, 1, (name))
#define create_freezable_workqueue(name)				\
	alloc_workqueue("%s", __WQ_LEGACY | WQ_FREEZABLE | WQ_UNBOUND |	\
			WQ_MEM_RECLAIM, 1, (name))
#define create_singlethread_workqueue(name)				\
	alloc_ordered_workqueue("%s", __WQ_LEGACY | WQ_MEM_RECLAIM, name)

/* From a work item to the structure around it, in the style of from_timer(). */
#define from_work(var, callback_work, work_fieldname)			\
	container_of(callback_work, typeof(*(var)), work_fieldname)

void destroy_workqueue(struct workqueue_struct *wq);

struct workqueue_attrs *alloc_workqueue_attrs(void);
void free_workqueue_attrs(struct workqueue_attrs *attrs);
int apply_workqueue_attrs(struct workqueue_struct *wq,
			  const struct workqueue_attrs *attrs);
int workqueue_unbound_exclude_cpumask(cpumask_var_t cpumask);

bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work);
bool queue_work_node(int node, struct workqueue_struct *wq, struct work_struct *work);
bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq,
			   struct delayed_work *work, unsigned long delay);
bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq,
			 struct delayed_work *dwork, unsigned long delay);
bool queue_rcu_work(struct workqueue_struct *wq, struct rcu_work *rwork);

void __flush_workqueue(struct workqueue_struct *wq);
void drain_workqueue(struct workqueue_struct *wq);

int schedule_on_each_cpu(work_func_t func);
int execute_in_process_context(work_func_t fn, struct execute_work *ew);

bool flush_work(struct work_struct *work);
bool cancel_work(struct work_struct *work);
bool cancel_work_sync(struct work_struct *work);

bool flush_delayed_work(struct delayed_work *dwork);
bool cancel_delayed_work(struct delayed_work *dwork);
bool cancel_delayed_work_sync(struct delayed_work *dwork);

bool disable_work(struct work_struct *work);
bool disable_work_sync(struct work_struct *work);
bool enable_work(struct work_struct *work);

bool disable_delayed_work(struct delayed_work *dwork);
bool disable_delayed_work_sync(struct delayed_work *dwork);
bool enable_delayed_work(struct delayed_work *dwork);

bool flush_rcu_work(struct rcu_work *rwork);

void workqueue_set_max_active(struct workqueue_struct *wq, int max_active);
void workqueue_set_min_active(struct workqueue_struct *wq, int min_active);
struct work_struct *current_work(void);
bool current_is_workqueue_rescuer(void);
bool workqueue_congested(int cpu, struct workqueue_struct *wq);
unsigned int work_busy(struct work_struct *work);
__printf(1, 2) void set_worker_desc(const char *fmt, ...);
void print_worker_info(const char *log_lvl, struct task_struct *task);
void show_all_workqueues(void);
void show_freezable_workqueues(void);
void show_one_workqueue(struct workqueue_struct *wq);
void wq_worker_comm(char *buf, size_t size, struct task_struct *task);

/**
 * queue_work - queue a work item on the local CPU's pool of a workqueue
 * @wq: the workqueue
 * @work: the item
 *
 * An unbound @wq may run it on any CPU of the local CPU's pod.  Everything
 * the caller did before queueing is visible to @work when it runs.
 *
 * Context: Any context except NMI.
 *
 * Return: %false if @work was already pending or is disabled.
 */
static inline bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	return queue_work_on(WORK_CPU_UNBOUND, wq, work);
}

/**
 * queue_delayed_work - queue a work item after a delay, on the local CPU
 * @wq: the workqueue
 * @dwork: the delayed item
 * @delay: jiffies to wait
 *
 * Context: Any context except NMI.
 *
 * Return: %false if @dwork was already pending or is disabled.
 */
static inline bool queue_delayed_work(struct workqueue_struct *wq,
				      struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}

/**
 * mod_delayed_work - queue a delayed item, or move its timer
 * @wq: the workqueue
 * @dwork: the delayed item
 * @delay: jiffies from now
 *
 * Context: Any context except NMI.
 *
 * Return: %true if @dwork was pending and only its timing changed.
 */
static inline bool mod_delayed_work(struct workqueue_struct *wq,
				    struct delayed_work *dwork, unsigned long delay)
{
	return mod_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}

/**
 * schedule_work_on - queue a work item on a CPU's system workqueue pool
 * @cpu: the CPU
 * @work: the item
 *
 * Context: Any context except NMI.
 *
 * Return: %false if @work was already pending or is disabled.
 */
static inline bool schedule_work_on(int cpu, struct work_struct *work)
{
	return queue_work_on(cpu, system_percpu_wq, work);
}

/**
 * schedule_work - queue a work item on the system workqueue
 * @work: the item
 *
 * Context: Any context except NMI.
 *
 * Return: %false if @work was already pending or is disabled.
 */
static inline bool schedule_work(struct work_struct *work)
{
	return queue_work(system_percpu_wq, work);
}

/**
 * enable_and_queue_work - enable a work item and queue it if that made it usable
 * @wq: the workqueue
 * @work: the item
 *
 * Context: Any context except NMI.
 *
 * Return: %true if the disable count reached zero (the item is queued now,
 * or was pending already).
 */
static inline bool enable_and_queue_work(struct workqueue_struct *wq,
					 struct work_struct *work)
{
	if (!enable_work(work))
		return false;
	queue_work(wq, work);
	return true;
}

/*
 * Flushing a system workqueue waits for whatever anybody queued there; a
 * reference to this function makes the compiler say so.
 */
void __warn_flushing_systemwide_wq(void)
	__compiletime_warning("Please avoid flushing system-wide workqueues.");

/* Going away: flush your own workqueue instead. */
#define flush_scheduled_work()						\
({									\
	__warn_flushing_systemwide_wq();				\
	__flush_workqueue(system_percpu_wq);				\
})

#define __wq_is_const(_wq, _sys)					\
	(__builtin_constant_p((_wq) == (_sys)) && (_wq) == (_sys))

/**
 * flush_workqueue - wait for the items queued on a workqueue so far
 * @wq: the workqueue
 *
 * Warns at build time when @wq is known to be a system workqueue.
 *
 * Context: Process context. May sleep.  Must not be called from an item of
 * @wq.
 */
#define flush_workqueue(wq)						\
({									\
	struct workqueue_struct *_wq = (wq);				\
									\
	if (__wq_is_const(_wq, system_percpu_wq) ||			\
	    __wq_is_const(_wq, system_highpri_wq) ||			\
	    __wq_is_const(_wq, system_long_wq) ||			\
	    __wq_is_const(_wq, system_unbound_wq) ||			\
	    __wq_is_const(_wq, system_freezable_wq) ||			\
	    __wq_is_const(_wq, system_power_efficient_wq) ||		\
	    __wq_is_const(_wq, system_freezable_power_efficient_wq))	\
		__warn_flushing_systemwide_wq();			\
	__flush_workqueue(_wq);						\
})

/**
 * schedule_delayed_work_on - queue a delayed item on a CPU of the system workqueue
 * @cpu: the CPU
 * @dwork: the delayed item
 * @delay: jiffies to wait
 *
 * Context: Any context except NMI.
 *
 * Return: %false if @dwork was already pending or is disabled.
 */
static inline bool schedule_delayed_work_on(int cpu, struct delayed_work *dwork,
					    unsigned long delay)
{
	return queue_delayed_work_on(cpu, system_percpu_wq, dwork, delay);
}

/**
 * schedule_delayed_work - queue a delayed item on the system workqueue
 * @dwork: the delayed item
 * @delay: jiffies to wait
 *
 * Context: Any context except NMI.
 *
 * Return: %false if @dwork was already pending or is disabled.
 */
static inline bool schedule_delayed_work(struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work(system_percpu_wq, dwork, delay);
}

#ifndef CONFIG_SMP
static inline long work_on_cpu(int cpu, long (*fn)(void *), void *arg)
{
	return fn(arg);
}

static inline long work_on_cpu_safe(int cpu, long (*fn)(void *), void *arg)
{
	return fn(arg);
}
#else
long work_on_cpu_key(int cpu, long (*fn)(void *), void *arg, struct lock_class_key *key);
long work_on_cpu_safe_key(int cpu, long (*fn)(void *), void *arg,
			  struct lock_class_key *key);

/**
 * work_on_cpu - run a function on a CPU from a work item and wait for it
 * @_cpu: the CPU, kept online by the caller
 * @_fn: the function
 * @_arg: its argument
 *
 * Each call site gets its own lockdep class.
 *
 * Context: Process context. May sleep.
 */
#define work_on_cpu(_cpu, _fn, _arg)					\
({									\
	static struct lock_class_key __key;				\
									\
	work_on_cpu_key(_cpu, _fn, _arg, &__key);			\
})

/**
 * work_on_cpu_safe - work_on_cpu() that keeps the CPU online itself
 * @_cpu: the CPU
 * @_fn: the function
 * @_arg: its argument
 *
 * Context: Process context. May sleep; takes cpus_read_lock(), so not from
 * a CPU hotplug callback.
 */
#define work_on_cpu_safe(_cpu, _fn, _arg)				\
({									\
	static struct lock_class_key __key;				\
									\
	work_on_cpu_safe_key(_cpu, _fn, _arg, &__key);			\
})
#endif /* CONFIG_SMP */

#ifdef CONFIG_FREEZER
void freeze_workqueues_begin(void);
bool freeze_workqueues_busy(void);
void thaw_workqueues(void);
#endif

#ifdef CONFIG_SYSFS
int workqueue_sysfs_register(struct workqueue_struct *wq);
#else
static inline int workqueue_sysfs_register(struct workqueue_struct *wq)
{
	return 0;
}
#endif

#ifdef CONFIG_WQ_WATCHDOG
void wq_watchdog_touch(int cpu);
#else
static inline void wq_watchdog_touch(int cpu) { }
#endif

#ifdef CONFIG_SMP
int workqueue_prepare_cpu(unsigned int cpu);
int workqueue_online_cpu(unsigned int cpu);
int workqueue_offline_cpu(unsigned int cpu);
#endif

void __init workqueue_init_early(void);
void __init workqueue_init(void);
void __init workqueue_init_topology(void);

#endif /* _LINUX_WORKQUEUE_H */
