// SPDX-License-Identifier: GPL-2.0-only
/*
 * The concurrency-managed workqueue (cmwq)
 *
 * How it fits together
 * --------------------
 * A work item (struct work_struct) is queued on a workqueue, which is only a
 * front end: it owns one pool_workqueue (pwq) per place the item may run, and
 * each pwq feeds one worker_pool.  Pools own the worker threads.
 *
 *   - Every CPU has two task pools (nice 0 and nice -20) and two BH pools that
 *     run from the tasklet softirqs.  Per-CPU workqueues have one pwq per CPU
 *     on the matching pool.
 *   - Unbound pools are created on demand for a set of attributes (nice,
 *     cpumask, pod cpumask, strictness) and shared through a hash by every
 *     workqueue that asks for equal attributes.  An unbound workqueue maps
 *     each CPU to the pwq of the pod that CPU is in; pods come from the
 *     workqueue's affinity scope (cpu, smt, cache, numa, system).  A CPU
 *     whose pod has no CPU in the workqueue's cpumask uses the workqueue's
 *     default pwq, built on the whole cpumask.  Pods count only online
 *     CPUs and are recomputed by the hotplug callbacks.  Strict pods
 *     confine their workers; non-strict ones only wake them inside the
 *     pod, and an idle pool's first worker on the queueing CPU when that
 *     CPU is in the pod.  An unbound max_active holds for the whole
 *     system: it is split across the NUMA nodes (struct wq_node_slots).
 *
 * The data word of a work item says where the item is.  While it is queued,
 * it holds the pwq pointer with PENDING and PWQ set, the flush epoch in the
 * colour bits, and INACTIVE or LINKED where they apply.  Off queue it holds
 * the id of the pool that ran the item last, the disable count and the BH
 * flag.  Whoever sets PENDING owns the item until it is on a list; that is
 * what makes queueing, cancelling and the delayed-work timer safe against
 * each other.
 *
 * Concurrency management: a task pool counts in nr_running the workers that
 * are busy and runnable.  The scheduler tells us when a worker blocks
 * (wq_worker_sleeping) or runs again (wq_worker_running); when the last
 * runnable worker of a pool blocks while work is pending an idle worker is
 * woken.  So CPU-bound items on one CPU run one after another, while items
 * that sleep do not hold the rest back.  Workers flagged CPU_INTENSIVE
 * (explicitly, or by wq_worker_tick() once an item has used more than
 * workqueue.cpu_intensive_thresh_us of CPU) and the workers of unbound pools
 * are not counted.  A worker about to run work makes sure that another one
 * is idle first: it becomes the pool's manager and creates one when none is.
 * If creating takes too long, the mayday timer asks the rescuers of
 * WQ_MEM_RECLAIM workqueues with work on the pool to help.  Idle workers
 * beyond two that stayed idle for five minutes are culled by a work item on
 * system_unbound_wq, which moves a CPU pool's victims off their CPU before
 * waking them to exit, so that culling does not disturb an isolated CPU.
 *
 * Flushing a workqueue uses two epochs (colours).  flush_workqueue() flips
 * the epoch new items get and waits until every pwq has retired all items
 * of the old one; callers that arrive during a flip share the next one.
 * A workqueue that holds no item is seen so without a lock, and its flush
 * returns at once.
 * flush_work() queues a barrier item linked right behind the target (or at
 * the head of the list of the worker running it) and waits for it.
 *
 * Lifetimes: pools of CPUs live forever; unbound pools are reference counted
 * by the pwqs using them.  A pwq is counted by every CPU slot and the default
 * slot of its workqueue that point to it and by every item on it; the last
 * put schedules its release on pwq_release_worker, which unlinks it, drops its
 * pool and frees it after an RCU grace period.  A workqueue is freed by
 * destroy_workqueue() once its pwqs are gone.
 *
 * Statistics: with CONFIG_DEBUG_FS each pwq counts what its items did, under
 * the pool lock the code holds anyway (kernel/workqueue_stats.h says where);
 * kernel/workqueue_stats.c, included at the end of this file, shows that and
 * the state of the pools in /sys/kernel/debug/workqueue/.
 *
 * Locking, outermost first:
 *
 *   wq_pool_mutex	the list of workqueues, unbound pools and their hash,
 *			the pod tables, the global unbound cpumask, freezing
 *   wq->mutex		a workqueue's pwq list, attrs, max_active and
 *			flushers
 *   wq_pool_attach_mutex  which workers are attached to which pool, their
 *			CPU binding across hotplug, and where rescuers wait
 *   pool->lock		(raw, irq-safe) everything about a pool's work lists,
 *			its workers' state and the pwqs feeding it
 *   slots->lock	(raw) the line of pwqs waiting for a node's share of an
 *			unbound max_active
 *   wq_mayday_lock	(raw) the rescuers' mayday lists
 *
 * Readers of a workqueue's CPU-to-pwq table and of pool ids use RCU.
 * Workers, rescuers and flushers are woken once pool->lock is dropped, not
 * under it (pool_unlock_irq_wake()); only ksoftirqd, for a BH pool, and the
 * pwq release worker may be woken with it held.
 */

#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/ctype.h>
#include <linux/debug_locks.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/export.h>
#include <linux/fault-inject.h>
#include <linux/freezer.h>
#include <linux/hardirq.h>
#include <linux/hashtable.h>
#include <linux/idr.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/jhash.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/kvm_para.h>
#include <linux/lockdep.h>
#include <linux/math64.h>
#include <linux/mempolicy.h>
#include <linux/moduleparam.h>
#include <linux/nmi.h>
#include <linux/nodemask.h>
#include <linux/notifier.h>
#include <linux/overflow.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/sched/debug.h>
#include <linux/sched/isolation.h>
#include <linux/sched/task.h>
#include <linux/sched/wake_q.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/topology.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>
#include <uapi/linux/sched/types.h>

#include "workqueue_internal.h"

/* ------------------------------------------------------------------ tunables */

enum {
	/* pool->flags */
	POOL_BH			= 1 << 0,	/* runs from softirq */
	POOL_MANAGING		= 1 << 1,	/* a worker is creating workers */
	POOL_DISASSOCIATED	= 1 << 2,	/* not bound to its CPU (or unbound) */
	POOL_BH_RUNNING		= 1 << 3,	/* a BH context is draining it */
	POOL_DYING		= 1 << 4,	/* unbound pool being freed */
	POOL_STEER		= 1 << 5,	/* non-strict pod: see pool_steer() */

	/* worker->flags */
	WKR_IDLE		= 1 << 0,
	WKR_DIE			= 1 << 1,
	WKR_PREP		= 1 << 2,	/* not running work right now */
	WKR_CPU_INTENSIVE	= 1 << 3,
	WKR_UNBOUND		= 1 << 4,	/* pool has no CPU to count on */
	WKR_REBOUND		= 1 << 5,	/* rebound, counts again next round */
	WKR_RESCUER		= 1 << 6,
	WKR_KICKED		= 1 << 7,	/* idle, but woken for work */

	WKR_NOT_RUNNING		= WKR_PREP | WKR_CPU_INTENSIVE | WKR_UNBOUND |
				  WKR_REBOUND | WKR_RESCUER,

	NR_STD_POOLS		= 2,		/* normal and highpri, per CPU */

	BUSY_HASH_ORDER		= 6,
	UNBOUND_HASH_ORDER	= 6,

	IDLE_RESERVE		= 2,		/* idle workers never culled */
	IDLE_TIMEOUT		= 300 * HZ,	/* cull idle workers after this */
	MAYDAY_FIRST		= HZ / 100 >= 2 ? HZ / 100 : 2,
	MAYDAY_AGAIN		= HZ / 10,
	CREATE_RETRY		= HZ,

	/* a softirq round runs at most this many BH items, for this long */
	BH_MAX_ITEMS		= 10,
	BH_MAX_MSECS		= 2,

	WQ_NAME_LEN		= 32,
	RESCUER_NICE		= MIN_NICE,
	HIGHPRI_NICE		= MIN_NICE,

	/* two flush epochs, and a colour for items no flush waits on */
	NR_EPOCHS		= 2,
	NO_EPOCH		= WORK_NR_COLORS - 1,
};

/* ------------------------------------------------------------------ objects */

/*
 * struct worker_pool - workers and the list of work they take from
 *
 * (L) pool->lock, (A) wq_pool_attach_mutex, (P) wq_pool_mutex, (I) set once.
 */
struct worker_pool {
	raw_spinlock_t		lock;
	int			cpu;		/* (I) -1 when unbound */
	int			node;		/* (I) NUMA node of the workers */
	int			id;		/* (I) index in pool_idr */
	unsigned int		flags;		/* (L) POOL_* */

	unsigned long		progress_ts;	/* (L) watchdog: last progress */
	/*
	 * (L) counted, runnable workers.  Changed only on the pool's CPU with
	 * irqs off, under the lock except in wq_worker_running(): readers on
	 * other CPUs may see it a step behind.
	 */
	int			nr_running;

	struct list_head	worklist;	/* (L) items ready to run */
	int			nr_workers;	/* (L) */
	int			nr_idle;	/* (L) */
	struct list_head	idle_list;	/* (L) newest first */
	struct timer_list	idle_timer;	/* (L) culls idle workers */
	struct work_struct	idle_cull_work;	/* does it, in process context */
	struct timer_list	mayday_timer;	/* (L) calls the rescuers */
	struct worker		*manager;	/* (L) */

	DECLARE_HASHTABLE(busy_hash, BUSY_HASH_ORDER);	/* (L) running items */

	struct list_head	workers;	/* (A) attached workers */
	struct completion	*detach_done;	/* (A) set by the destroyer */
	struct ida		worker_ida;

	struct workqueue_attrs	*attrs;		/* (I) */
	struct hlist_node	hash_node;	/* (P) unbound_pool_hash */
	int			refcnt;		/* (P) unbound pools only */

	struct irq_work		bh_kick;	/* raises the softirq remotely */
	struct tasklet_struct	bh_orphan;	/* drains a dead CPU's BH pool */
	struct worker		*bh_worker;	/* BH pools: the context's worker */

	struct rcu_head		rcu;
};

/*
 * struct pool_workqueue - what connects a workqueue to a pool
 *
 * The data word of a queued item points here, so its low bits must be free
 * for the flags and the colour: hence the alignment.
 */
struct pool_workqueue {
	struct worker_pool	*pool;		/* (I) */
	struct workqueue_struct	*wq;		/* (I) */
	int			work_color;	/* (L) epoch of new items */
	int			flush_color;	/* (L) epoch being flushed or -1 */
	int			refcnt;		/* (L) */
	int			nr_in_flight[NR_EPOCHS];	/* (L), read locklessly too */
	int			nr_active;	/* (L) on the pool's worklist */
	int			max_active;	/* (L) 0 while frozen or plugged */
	bool			plugged;	/* (L) ordered: wait for the old */
#ifdef CONFIG_DEBUG_FS
	bool			timing;		/* (L) stats->timed_work is set */
	u16			timed_tick;	/* (L) jiffies' low bits at the last sample */
#endif
	struct list_head	inactive_works;	/* (L) over max_active */
	struct wq_node_slots	*slots;		/* (I) unbound: its node's budget */
	struct list_head	slot_wait;	/* (S) on slots->waiters; (L) to join, leave */
	struct list_head	pwqs_node;	/* (wq->mutex, RCU) wq->pwqs */
	struct list_head	mayday_node;	/* (wq_mayday_lock) */
	struct kthread_work	release_work;
	struct rcu_head		rcu;
#ifdef CONFIG_DEBUG_FS
	struct wq_stats		*stats;		/* (I) NULL with statistics off */
#endif
} __aligned(1 << WORK_STRUCT_PWQ_SHIFT);

/*
 * struct wq_node_slots - one NUMA node's share of an unbound max_active
 *
 * An unbound workqueue's max_active holds for the whole system.  Each node
 * gets a share in proportion to its online CPUs in the workqueue's cpumask,
 * never less than min_active, and every active item of a pwq on that node
 * holds one slot.  Pwqs that have items waiting for a slot queue up on
 * @waiters; a slot given back while somebody waits is handed to the first
 * of them (@handoff counts slots on their way) by @handoff_work, since
 * activating another pwq's items needs that pwq's pool->lock.  The entry
 * after the last node is for pwqs whose pool spans nodes.  Slots are taken
 * and, while nobody waits, given back with an atomic on @nr alone.
 *
 * (S) slots->lock, nested inside pool->lock.
 */
struct wq_node_slots {
	raw_spinlock_t		lock;
	atomic_t		nr;		/* slots held, handoffs included */
	int			max;		/* (S) */
	int			handoff;	/* (S) */
	struct list_head	waiters;	/* (S) */
	struct irq_work		handoff_work;
};

/*
 * struct wq_flusher - a flush_workqueue() caller, on its stack
 *
 * Callers that arrive while a flip runs queue up on wq->flush_next and are
 * all served by the next flip; see "Batched flushing".  @role is written
 * under wq->mutex, and before @done is completed.
 */
struct wq_flusher {
	struct list_head	node;		/* on flush_cur or flush_next */
	struct completion	done;
	int			role;		/* WQ_FLUSH_* */
};

enum {
	WQ_FLUSH_WAIT,		/* queued for a flip */
	WQ_FLUSH_LEAD,		/* first of the batch of the running flip */
	WQ_FLUSH_DONE,		/* served: may return */
};

struct wq_device;

struct workqueue_struct {
	struct list_head	pwqs;		/* (wq->mutex, RCU) */
	struct list_head	list;		/* (P, RCU) on workqueues */

	struct mutex		mutex;		/* pwqs, attrs, max_active, flushes */
	int			work_color;	/* (wq->mutex) current epoch */
	atomic_t		nr_pwqs_to_flush;
	struct wq_flusher	*flush_leader;	/* (wq->mutex) of the running flip */
	struct list_head	flush_cur;	/* (wq->mutex) served by that flip */
	struct list_head	flush_next;	/* (wq->mutex) wait for the next */
	int			nr_drainers;	/* (wq->mutex) */

	int			max_active;	/* (wq->mutex) as requested */
	int			min_active;	/* (wq->mutex) as requested */
	struct wq_node_slots	*node_slots;	/* unbound: [nr_node_ids + 1] */
	struct workqueue_attrs	*unbound_attrs;	/* (wq->mutex) */
	struct pool_workqueue	*dfl_pwq;	/* (wq->mutex) */

	struct list_head	maydays;	/* (wq_mayday_lock) */
	struct worker		*rescuer;	/* (mayday lock + attach mutex to change) */

#ifdef CONFIG_SYSFS
	struct wq_device	*wq_dev;
#endif
#ifdef CONFIG_LOCKDEP
	char			*lock_name;
	struct lock_class_key	key;
	struct lockdep_map	own_map;
	struct lockdep_map	*lockdep_map;	/* &own_map or the caller's */
#endif

#ifdef CONFIG_DEBUG_FS
	struct wq_stats		*stats_gone;	/* (wq->mutex) retired pwqs' sum */
#endif

	unsigned long		id;		/* (I) numbers it for the boot */
	char			name[WQ_NAME_LEN];
	struct rcu_head		rcu;
	unsigned int		flags;		/* WQ_* and __WQ_*, READ_ONCE */
	struct pool_workqueue __rcu * __percpu *cpu_pwq;
};

/* Pods: a partition of the possible CPUs for each affinity scope. */
struct wq_pod_type {
	int			nr_pods;
	cpumask_var_t		*pod_cpus;	/* [pod] */
	int			*cpu_pod;	/* [cpu] */
};

/* the tracepoints dereference pwq->wq and pwq->pool: after the types */
#define CREATE_TRACE_POINTS
#include <trace/events/workqueue.h>

/* ------------------------------------------------------------------ globals */

static DEFINE_MUTEX(wq_pool_mutex);
static DEFINE_MUTEX(wq_pool_attach_mutex);
static DEFINE_RAW_SPINLOCK(wq_mayday_lock);
static DECLARE_WAIT_QUEUE_HEAD(wq_manager_wait);

static LIST_HEAD(workqueues);
static unsigned long wq_last_id;	/* (P) the id of the newest workqueue */
static bool workqueue_freezing;
static bool wq_online;		/* kthreads can be made: workqueue_init() ran */
static bool wq_topo_ready;	/* pods built: workqueue_init_topology() ran */

static DEFINE_IDR(pool_idr);
static DEFINE_HASHTABLE(unbound_pool_hash, UNBOUND_HASH_ORDER);

static DEFINE_PER_CPU_SHARED_ALIGNED(struct worker_pool[NR_STD_POOLS], cpu_pools);
static DEFINE_PER_CPU_SHARED_ALIGNED(struct worker_pool[NR_STD_POOLS], bh_pools);
static DEFINE_PER_CPU(struct worker[NR_STD_POOLS], bh_workers);

static struct kmem_cache *pwq_cache;
static struct kthread_worker *pwq_release_worker;

static cpumask_var_t wq_unbound_cpumask;	/* effective */
static cpumask_var_t wq_requested_unbound_cpumask;	/* by the admin */
static cpumask_var_t wq_isolated_cpumask;	/* excluded by cpusets */
static cpumask_var_t wq_online_cpus;	/* (P) as the hotplug callbacks saw */
static struct cpumask wq_cmdline_cpumask __initdata;

static struct wq_pod_type wq_pod_types[WQ_AFFN_NR_TYPES];
static enum wq_affn_scope wq_affn_dfl = WQ_AFFN_CACHE;

static const char * const wq_affn_names[WQ_AFFN_NR_TYPES] = {
	[WQ_AFFN_SYSTEM]	= "system",
	[WQ_AFFN_NUMA]		= "numa",
	[WQ_AFFN_CACHE]		= "cache",
	[WQ_AFFN_SMT]		= "smt",
	[WQ_AFFN_CPU]		= "cpu",
	[WQ_AFFN_DFL]		= "default",
};

/* standard attrs for unbound workqueues, [0] normal, [1] highpri */
static struct workqueue_attrs *unbound_std_attrs[NR_STD_POOLS];
static struct workqueue_attrs *ordered_std_attrs[NR_STD_POOLS];

static bool wq_power_efficient = IS_ENABLED(CONFIG_WQ_POWER_EFFICIENT_DEFAULT);
module_param_named(power_efficient, wq_power_efficient, bool, 0444);

/*
 * CPU time after which an item stops counting as running; 0 turns the
 * detection off.  Left unset on the command line, workqueue_init() picks
 * it from the CPU's speed (wq_cpu_intensive_thresh_init()).
 */
static unsigned long wq_cpu_intensive_thresh_us = ULONG_MAX;
module_param_named(cpu_intensive_thresh_us, wq_cpu_intensive_thresh_us, ulong, 0644);

/* The shared system workqueues, all created by workqueue_init_early(). */

/* "events": per-CPU, the default for schedule_work() */
struct workqueue_struct *system_wq __ro_after_init;
EXPORT_SYMBOL(system_wq);
/* "events" as well, under the newer, explicit name; a workqueue of its own */
struct workqueue_struct *system_percpu_wq __ro_after_init;
EXPORT_SYMBOL(system_percpu_wq);
/* "events_highpri": per-CPU, workers at HIGHPRI_NICE */
struct workqueue_struct *system_highpri_wq __ro_after_init;
EXPORT_SYMBOL_GPL(system_highpri_wq);
/* "events_long": per-CPU, for items that may run long */
struct workqueue_struct *system_long_wq __ro_after_init;
EXPORT_SYMBOL_GPL(system_long_wq);
/* "events_unbound": not bound to any CPU */
struct workqueue_struct *system_unbound_wq __ro_after_init;
EXPORT_SYMBOL_GPL(system_unbound_wq);
/* "events_unbound" as well, under the newer name; a workqueue of its own */
struct workqueue_struct *system_dfl_wq __ro_after_init;
EXPORT_SYMBOL_GPL(system_dfl_wq);
/* "events_freezable": per-CPU, frozen during suspend */
struct workqueue_struct *system_freezable_wq __ro_after_init;
EXPORT_SYMBOL_GPL(system_freezable_wq);
/* "events_power_efficient": unbound if wq_power_efficient is set */
struct workqueue_struct *system_power_efficient_wq __ro_after_init;
EXPORT_SYMBOL_GPL(system_power_efficient_wq);
/* "events_freezable_pwr_efficient": both of the above */
struct workqueue_struct *system_freezable_power_efficient_wq __ro_after_init;
EXPORT_SYMBOL_GPL(system_freezable_power_efficient_wq);
/* "events_bh": runs its items in softirq context */
struct workqueue_struct *system_bh_wq;
EXPORT_SYMBOL_GPL(system_bh_wq);
/* "events_bh_highpri": the same, from the high-priority softirq */
struct workqueue_struct *system_bh_highpri_wq;
EXPORT_SYMBOL_GPL(system_bh_highpri_wq);

static void workqueue_sysfs_unregister(struct workqueue_struct *wq);
static int wq_sysfs_register_new(struct workqueue_struct *wq);
static void wq_watchdog_progress(struct worker_pool *pool);

/* Boot cannot go on without @what: stop with a message rather than a BUG(). */
static void __init wq_boot_need(bool ok, const char *what)
{
	if (unlikely(!ok))
		panic("workqueue: cannot boot without %s\n", what);
}

#define for_each_cpu_pool(pool, cpu)					\
	for ((pool) = &per_cpu(cpu_pools, cpu)[0];			\
	     (pool) < &per_cpu(cpu_pools, cpu)[NR_STD_POOLS]; (pool)++)

#define for_each_bh_pool(pool, cpu)					\
	for ((pool) = &per_cpu(bh_pools, cpu)[0];			\
	     (pool) < &per_cpu(bh_pools, cpu)[NR_STD_POOLS]; (pool)++)

#define assert_rcu_or_pool_mutex()					\
	RCU_LOCKDEP_WARN(!lockdep_is_held(&wq_pool_mutex) && !rcu_read_lock_any_held(), \
			 "RCU or wq_pool_mutex should be held")

/* ------------------------------------------------------------ debugobjects */

#ifdef CONFIG_DEBUG_OBJECTS_WORK

static const struct debug_obj_descr work_debug_descr;

static void *work_debug_hint(void *addr)
{
	return ((struct work_struct *)addr)->func;
}

static bool work_is_static_object(void *addr)
{
	struct work_struct *work = addr;

	return test_bit(WORK_STRUCT_STATIC_BIT, work_data_bits(work));
}

static bool work_fixup_init(void *addr, enum debug_obj_state state)
{
	struct work_struct *work = addr;

	if (state != ODEBUG_STATE_ACTIVE)
		return false;
	/* re-initialising an active item: take it off its queue first */
	cancel_work_sync(work);
	debug_object_init(work, &work_debug_descr);
	return true;
}

static bool work_fixup_free(void *addr, enum debug_obj_state state)
{
	struct work_struct *work = addr;

	if (state != ODEBUG_STATE_ACTIVE)
		return false;
	/* freeing an active item: it must be stopped first */
	cancel_work_sync(work);
	debug_object_free(work, &work_debug_descr);
	return true;
}

static const struct debug_obj_descr work_debug_descr = {
	.fixup_free	= work_fixup_free,
	.fixup_init	= work_fixup_init,
	.is_static_object = work_is_static_object,
	.debug_hint	= work_debug_hint,
	.name		= "work_struct",
};

static inline void debug_work_deactivate(struct work_struct *work)
{
	debug_object_deactivate(work, &work_debug_descr);
}

static inline void debug_work_activate(struct work_struct *work)
{
	debug_object_activate(work, &work_debug_descr);
}

/**
 * __init_work - tell debugobjects about a work item
 * @work: the item
 * @onstack: whether it lives on the stack
 *
 * Called by the INIT_WORK() family; not for direct use.
 *
 * Context: Any context.
 */
void __init_work(struct work_struct *work, int onstack)
{
	if (!onstack)
		debug_object_init(work, &work_debug_descr);
	else
		debug_object_init_on_stack(work, &work_debug_descr);
}
EXPORT_SYMBOL_GPL(__init_work);

/**
 * destroy_work_on_stack - end the life of an on-stack work item
 * @work: the item, which must be idle
 *
 * Context: Any context.
 */
void destroy_work_on_stack(struct work_struct *work)
{
	debug_object_free(work, &work_debug_descr);
}
EXPORT_SYMBOL_GPL(destroy_work_on_stack);

/**
 * destroy_delayed_work_on_stack - end the life of an on-stack delayed item
 * @work: the item, which must be idle
 *
 * Context: Any context.
 */
void destroy_delayed_work_on_stack(struct delayed_work *work)
{
	debug_object_free(&work->work, &work_debug_descr);
	destroy_timer_on_stack(&work->timer);
}
EXPORT_SYMBOL_GPL(destroy_delayed_work_on_stack);

#else
static inline void debug_work_deactivate(struct work_struct *work) { }
static inline void debug_work_activate(struct work_struct *work) { }
#endif

/* ------------------------------------------------------------ the data word */

static inline unsigned long work_data(struct work_struct *work)
{
	return atomic_long_read(&work->data);
}

static inline int data_color(unsigned long data)
{
	return (data >> WORK_STRUCT_COLOR_SHIFT) & ((1 << WORK_STRUCT_COLOR_BITS) - 1);
}

static inline unsigned long color_bits(int color)
{
	return (unsigned long)color << WORK_STRUCT_COLOR_SHIFT;
}

/* Queued: point at @pwq.  The caller owns PENDING. */
static inline void set_work_pwq(struct work_struct *work, struct pool_workqueue *pwq,
				unsigned long flags)
{
	unsigned long keep = work_data(work) & WORK_STRUCT_STATIC;

	atomic_long_set(&work->data, (unsigned long)pwq | WORK_STRUCT_PENDING |
			WORK_STRUCT_PWQ | flags | keep);
}

/*
 * Flip flag bits of a queued item's data word, pool->lock held.  The only
 * other writer meanwhile is a test_and_set_bit() of PENDING (a queuer's or
 * a cancel's), which finds the bit set and changes nothing, or writes the
 * same value back in one atomic step: a plain store loses nothing, and
 * each activated item is spared a locked read-modify-write.
 */
static inline void set_work_queued_flags(struct work_struct *work, unsigned long set,
					 unsigned long clear)
{
	atomic_long_set(&work->data, (work_data(work) & ~clear) | set);
}

static inline unsigned long offq_bits(int pool_id, unsigned long offq)
{
	return ((unsigned long)pool_id << WORK_OFFQ_POOL_SHIFT) | offq;
}

/* Off queue, still owned (PENDING stays set). */
static inline void set_work_offq_pending(struct work_struct *work, int pool_id,
					 unsigned long offq)
{
	unsigned long keep = work_data(work) & WORK_STRUCT_STATIC;

	atomic_long_set(&work->data, offq_bits(pool_id, offq) | WORK_STRUCT_PENDING | keep);
}

/*
 * Off queue and released: PENDING goes away with this store, a release:
 * the item's earlier stores (the list removal) are seen before it by
 * anybody who sees PENDING clear and may queue it again.
 */
static inline void set_work_offq_release(struct work_struct *work, int pool_id,
					 unsigned long offq)
{
	unsigned long keep = work_data(work) & WORK_STRUCT_STATIC;

	/* the list removal before PENDING goes */
	atomic_long_set_release(&work->data, offq_bits(pool_id, offq) | keep);
	/*
	 * A full barrier, which a write barrier cannot replace: it orders
	 * this store before the loads of the run that follows.  A caller that
	 * stores, then finds PENDING still set with its test_and_set_bit()
	 * (fully ordered), counts on that run to see its store.
	 */
	smp_mb();
}

static inline struct pool_workqueue *data_pwq(unsigned long data)
{
	if (data & WORK_STRUCT_PWQ)
		return (struct pool_workqueue *)(data & WORK_STRUCT_PWQ_MASK);
	return NULL;
}

static inline struct pool_workqueue *get_work_pwq(struct work_struct *work)
{
	return data_pwq(work_data(work));
}

static inline int data_pool_id(unsigned long data)
{
	struct pool_workqueue *pwq = data_pwq(data);

	if (pwq)
		return pwq->pool->id;
	return data >> WORK_OFFQ_POOL_SHIFT;
}

static inline unsigned long data_offq_flags(unsigned long data)
{
	if (data & WORK_STRUCT_PWQ)
		return 0;
	return data & (WORK_OFFQ_FLAG_MASK | WORK_OFFQ_DISABLE_MASK);
}

static inline unsigned int offq_disable_count(unsigned long offq)
{
	return (offq & WORK_OFFQ_DISABLE_MASK) >> WORK_OFFQ_DISABLE_SHIFT;
}

/*
 * The pool of an item whose data word is @data: the one it was last queued
 * on or ran on.  Needs RCU (any flavour) or
 * the pool's lock.  Pools of CPUs never go away; unbound pools are freed
 * only after an RCU grace period.
 */
static struct worker_pool *data_pool(unsigned long data)
{
	struct pool_workqueue *pwq = data_pwq(data);
	int id;

	assert_rcu_or_pool_mutex();
	if (pwq)
		return pwq->pool;
	id = data >> WORK_OFFQ_POOL_SHIFT;
	if (id == WORK_OFFQ_POOL_NONE)
		return NULL;
	return idr_find(&pool_idr, id);
}

static struct worker_pool *get_work_pool(struct work_struct *work)
{
	return data_pool(work_data(work));
}

/*
 * get_work_pool() for queueing onto @pool, but NULL when that is @pool: an
 * item queued again where it was last, the common case, is told by the
 * pool id in its data word, without looking the pool up.
 */
static struct worker_pool *get_work_other_pool(struct work_struct *work,
					       struct worker_pool *pool)
{
	unsigned long data = work_data(work);
	struct worker_pool *last;

	if (!(data & WORK_STRUCT_PWQ) && data >> WORK_OFFQ_POOL_SHIFT == pool->id)
		return NULL;
	last = data_pool(data);
	return last == pool ? NULL : last;
}

static u64 task_runtime(struct task_struct *task);

#include "workqueue_stats.h"

/* -------------------------------------------------------- pool state checks */

static inline bool pool_is_bh(struct worker_pool *pool)
{
	return pool->flags & POOL_BH;
}

/* Work is waiting and nobody counted is running it. */
static inline bool pool_wants_runner(struct worker_pool *pool)
{
	return !list_empty(&pool->worklist) && !READ_ONCE(pool->nr_running);
}

/* A worker that finished an item goes on with the next one. */
static inline bool pool_keep_going(struct worker_pool *pool)
{
	return !list_empty(&pool->worklist) && READ_ONCE(pool->nr_running) <= 1;
}

/* Work waits, nobody runs it, and nobody is idle to be woken for it. */
static inline bool pool_needs_creation(struct worker_pool *pool)
{
	return pool_wants_runner(pool) && !pool->nr_idle;
}

/*
 * Does @worker count in its pool's nr_running?  pool->lock held, or on the
 * pool's CPU with irqs off (see wq_worker_running()).
 */
static inline bool worker_counted(struct worker *worker)
{
	return !(worker->flags & WKR_NOT_RUNNING) && !worker->sleeping;
}

/*
 * Change @worker's flags and keep nr_running in step.  A worker the
 * scheduler reported as blocked does not count whatever its flags say.
 */
static void worker_update_flags(struct worker *worker, unsigned int set, unsigned int clr)
{
	bool before = worker_counted(worker);

	lockdep_assert_held(&worker->pool->lock);
	worker->flags = (worker->flags | set) & ~clr;
	worker->pool->nr_running += (int)worker_counted(worker) - (int)before;
}

static inline void worker_set_flags(struct worker *worker, unsigned int flags)
{
	worker_update_flags(worker, flags, 0);
}

static inline void worker_clr_flags(struct worker *worker, unsigned int flags)
{
	worker_update_flags(worker, 0, flags);
}

/* The softirq a BH pool runs from. */
static inline int bh_pool_softirq(struct worker_pool *pool)
{
	return pool->attrs->nice == HIGHPRI_NICE ? HI_SOFTIRQ : TASKLET_SOFTIRQ;
}

static void bh_pool_kick(struct worker_pool *pool)
{
	if (unlikely(pool->flags & POOL_DISASSOCIATED)) {
		/* the CPU is gone: any CPU drains it from a tasklet */
		if (bh_pool_softirq(pool) == HI_SOFTIRQ)
			tasklet_hi_schedule(&pool->bh_orphan);
		else
			tasklet_schedule(&pool->bh_orphan);
	} else if (pool->cpu == smp_processor_id()) {
		raise_softirq_irqoff(bh_pool_softirq(pool));
	} else {
		irq_work_queue_on(&pool->bh_kick, pool->cpu);
	}
}

#ifdef CONFIG_SMP
/*
 * A non-strict pod's workers may run anywhere in the cpumask, but their
 * work should start in the pod: have the scheduler wake @task on one of
 * the pod's CPUs when it last ran outside it.  When the kick comes from
 * queueing (@queueing) on an idle pool, wake it on this CPU if it is in
 * the pod: a local wakeup is the quickest, and the item's data is likely
 * in this CPU's caches.  Not so for a helper, woken while other workers
 * of the pool are busy, whether by a worker or by a caller that keeps
 * queueing: pulled to that CPU, it would wait for it, while the scheduler
 * can find it one of its own.  The scheduler may still pick an idle
 * sibling.
 */
static void pool_steer(struct worker_pool *pool, struct task_struct *task, bool queueing)
{
	const struct cpumask *pod = pool->attrs->__pod_cpumask;
	int cpu = raw_smp_processor_id();
	bool outside = !cpumask_test_cpu(task->wake_cpu, pod);

	if (!outside && (!queueing || pool->nr_workers > pool->nr_idle))
		return;
	/* never towards a CPU on its way down */
	if (!cpumask_test_cpu(cpu, pod) || !cpu_active(cpu)) {
		if (!outside)
			return;
		cpu = cpumask_any_and_distribute(pod, cpu_active_mask);
		if (cpu >= nr_cpu_ids)
			return;
	}
	task->wake_cpu = cpu;
	if (outside) {
		struct work_struct *first = list_first_entry(&pool->worklist,
							    struct work_struct, entry);

		wq_stat_inc(get_work_pwq(first), WQ_STAT_REPATRIATED);
	}
}
#endif

/*
 * __pool_kick() for a pool whose work nobody counted runs and that has no
 * woken worker on its way: raise the BH pool's softirq, or wake or steer
 * @idle, its first idle worker (NULL when it has none).
 */
static struct task_struct *pool_kick_slow(struct worker_pool *pool, struct worker *idle,
					  bool queueing)
{
	if (pool_is_bh(pool)) {
		bh_pool_kick(pool);
		return NULL;
	}
	if (!idle)
		return NULL;
	idle->flags |= WKR_KICKED;
#ifdef CONFIG_SMP
	if (pool->flags & POOL_STEER)
		pool_steer(pool, idle->task, queueing);
#endif
	return idle->task;
}

/*
 * Make sure someone will take the pool's pending work.  Returns the idle
 * worker to wake; the caller wakes it after dropping pool->lock, inside an
 * RCU read-side section that began before the lock was dropped (an idle
 * worker may be culled and exit meanwhile, its task_struct stays valid for
 * the grace period and waking a dead task is a no-op), and without being
 * preempted in between: until the worker runs no other kick wakes it.
 * @queueing: the kick comes from queueing an item (see pool_steer()).
 * Inline for its first tests, which is all a busy pool's items pay.
 */
static inline struct task_struct *__pool_kick(struct worker_pool *pool, bool queueing)
{
	struct worker *idle;

	lockdep_assert_held(&pool->lock);
	if (!pool_wants_runner(pool))
		return NULL;
	/*
	 * One woken worker is enough: running, it kicks the next if need be.
	 * Inline, as an unbound pool, whose workers are never counted, asks
	 * for every item queued and started while its worklist holds more.
	 * A BH pool has no idle workers.
	 */
	idle = list_first_entry_or_null(&pool->idle_list, struct worker, idle_node);
	if (idle && (idle->flags & WKR_KICKED))
		return NULL;
	return pool_kick_slow(pool, idle, queueing);
}

static inline struct task_struct *pool_kick(struct worker_pool *pool)
{
	return __pool_kick(pool, false);
}

static inline void wake_kicked(struct task_struct *task)
{
	if (task)
		wake_up_process(task);
}

/*
 * No task is woken with pool->lock held: a wakeup costs the scheduler's
 * locks and maybe an IPI, which everyone queueing on the pool would wait
 * behind.  These drop the lock, then wake @task from __pool_kick(), if any,
 * as __pool_kick() says.
 */
static inline void pool_unlock_irq_wake(struct worker_pool *pool, struct task_struct *task)
	__releases(&pool->lock)
{
	if (!task) {
		raw_spin_unlock_irq(&pool->lock);
		return;
	}
	rcu_read_lock();
	preempt_disable();
	raw_spin_unlock_irq(&pool->lock);
	wake_up_process(task);
	preempt_enable();
	rcu_read_unlock();
}

static void pool_unlock_irqrestore_wake(struct worker_pool *pool, unsigned long flags,
					struct task_struct *task)
	__releases(&pool->lock)
{
	rcu_read_lock();
	preempt_disable();
	raw_spin_unlock_irqrestore(&pool->lock, flags);
	wake_kicked(task);
	preempt_enable();
	rcu_read_unlock();
}

static void worker_enter_idle(struct worker *worker)
{
	struct worker_pool *pool = worker->pool;

	if (WARN_ON_ONCE(worker->flags & WKR_IDLE))
		return;
	worker->flags |= WKR_IDLE;
	pool->nr_idle++;
	worker->last_active = jiffies;
	list_add(&worker->idle_node, &pool->idle_list);
	if (pool->nr_idle > IDLE_RESERVE && !timer_pending(&pool->idle_timer))
		mod_timer(&pool->idle_timer, jiffies + IDLE_TIMEOUT);
}

static void worker_leave_idle(struct worker *worker)
{
	struct worker_pool *pool = worker->pool;

	if (!(worker->flags & WKR_IDLE))
		return;
	worker->flags &= ~(WKR_IDLE | WKR_KICKED);
	pool->nr_idle--;
	list_del_init(&worker->idle_node);
}

static struct worker *find_worker_executing_work(struct worker_pool *pool,
						 struct work_struct *work)
{
	struct worker *worker;

	hash_for_each_possible(pool->busy_hash, worker, busy_node, (unsigned long)work)
		if (worker->current_work == work && worker->current_func == work->func)
			return worker;
	return NULL;
}

/*
 * Move @work and the barriers linked behind it to @head.  @work's successor
 * is part of the chain as long as the item before it has LINKED set.  If
 * @nextp, it gets the entry that followed the chain, for a walk of the
 * list to go on from.
 */
static void move_linked_works(struct work_struct *work, struct list_head *head,
			      struct work_struct **nextp)
{
	struct work_struct *pos, *n;

	pos = work;
	for (;;) {
		bool linked = work_data(pos) & WORK_STRUCT_LINKED;

		n = list_next_entry(pos, entry);
		list_move_tail(&pos->entry, head);
		if (!linked)
			break;
		pos = n;
	}
	if (nextp)
		*nextp = n;
}

/* ---------------------------------------------------- pool_workqueue refs */

static void get_pwq(struct pool_workqueue *pwq)
{
	WARN_ON_ONCE(pwq->refcnt <= 0);
	lockdep_assert_held(&pwq->pool->lock);
	pwq->refcnt++;
}

static void pwq_stop_waiting(struct pool_workqueue *pwq);

static void put_pwq(struct pool_workqueue *pwq)
{
	lockdep_assert_held(&pwq->pool->lock);
	if (--pwq->refcnt)
		return;
	pwq_stop_waiting(pwq);
	/* the release needs mutexes: hand it to the release worker */
	kthread_queue_work(pwq_release_worker, &pwq->release_work);
}

static void put_pwq_unlocked(struct pool_workqueue *pwq)
{
	unsigned long flags;

	if (!pwq)
		return;
	raw_spin_lock_irqsave(&pwq->pool->lock, flags);
	put_pwq(pwq);
	raw_spin_unlock_irqrestore(&pwq->pool->lock, flags);
}

static void get_pwq_unlocked(struct pool_workqueue *pwq)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&pwq->pool->lock, flags);
	get_pwq(pwq);
	raw_spin_unlock_irqrestore(&pwq->pool->lock, flags);
}

/* ------------------------------------------------------ activation, limits */

/*
 * Move inactive @work, and the barriers linked behind it, to the end of
 * @pool's worklist.  Counting it active is the caller's.  pool->lock held.
 */
static __always_inline void move_to_worklist(struct worker_pool *pool, struct work_struct *work)
{
	struct work_struct *pos = work;

	trace_workqueue_activate_work(work);
	if (list_empty(&pool->worklist))
		pool->progress_ts = jiffies;
	for (;;) {
		bool linked = work_data(pos) & WORK_STRUCT_LINKED;
		struct work_struct *next = list_next_entry(pos, entry);

		set_work_queued_flags(pos, 0, WORK_STRUCT_INACTIVE);
		list_move_tail(&pos->entry, &pool->worklist);
		if (!linked)
			break;
		pos = next;
	}
}

static inline void pwq_activate_one(struct pool_workqueue *pwq, struct work_struct *work)
{
	if (data_color(work_data(work)) != NO_EPOCH)
		pwq->nr_active++;
	move_to_worklist(pwq->pool, work);
}

/* Take a free slot of @ns if there is one. */
static inline bool slots_take_free(struct wq_node_slots *ns)
{
	int nr = atomic_read(&ns->nr);

	do {
		if (nr >= READ_ONCE(ns->max))
			return false;
	} while (!atomic_try_cmpxchg(&ns->nr, &nr, nr + 1));
	return true;
}

/*
 * pwq_get_slot() of an unbound pwq with room that is not in line: take a
 * free slot of its node, or get in line for one.
 */
static bool pwq_get_node_slot(struct pool_workqueue *pwq)
{
	struct wq_node_slots *ns = pwq->slots;
	bool ok;

	if (slots_take_free(ns))
		return true;
	/* decide under the lock, then look again: see pwq_put_slot() */
	raw_spin_lock(&ns->lock);
	ok = slots_take_free(ns);
	if (!ok) {
		list_add_tail(&pwq->slot_wait, &ns->waiters);
		/* a slot given back without the lock: see pwq_put_slot() */
		smp_mb();	/* pairs with pwq_put_slot()'s */
		ok = slots_take_free(ns);
		if (ok)
			list_del_init(&pwq->slot_wait);
	}
	raw_spin_unlock(&ns->lock);
	return ok;
}

/*
 * May @pwq make one more item active?  For an unbound pwq this takes a slot
 * of its node, or puts @pwq in line for one.  pool->lock held.  Inline:
 * a per-CPU pwq's answer is one comparison, asked for every item queued
 * and, while items wait, for every item done.
 */
static inline bool pwq_get_slot(struct pool_workqueue *pwq)
{
	struct wq_node_slots *ns = pwq->slots;

	if (pwq->nr_active >= pwq->max_active)
		return false;
	if (!ns)
		return true;
	/*
	 * In line already: a free slot is ours to take, else whoever gives one
	 * back sees the line and hands it over.  Only our pool->lock holder
	 * makes us join or leave the line, so the look is stable without
	 * slots->lock.  Answered inline: pwq_activate_more() asks after every
	 * item done while a backlog waits.
	 */
	if (!list_empty(&pwq->slot_wait))
		return slots_take_free(ns);
	return pwq_get_node_slot(pwq);
}

static void pwq_stop_waiting(struct pool_workqueue *pwq)
{
	struct wq_node_slots *ns = pwq->slots;

	if (!ns || list_empty(&pwq->slot_wait))
		return;
	raw_spin_lock(&ns->lock);
	list_del_init(&pwq->slot_wait);
	raw_spin_unlock(&ns->lock);
}

/*
 * @pwq owns a slot nothing uses: activate its next counted item (and the
 * uncounted barriers in front of it).  Returns false when it has none to
 * run, so the slot must go back.  pool->lock held.  Inline, forced: while
 * a backlog waits, every item done gives its slot back to its own pwq
 * through here (pwq_put_slot()).
 */
static __always_inline bool pwq_use_slot(struct pool_workqueue *pwq)
{
	struct work_struct *work;

	while ((work = list_first_entry_or_null(&pwq->inactive_works,
						struct work_struct, entry))) {
		bool counted = data_color(work_data(work)) != NO_EPOCH;

		if (counted && pwq->nr_active >= pwq->max_active)
			return false;
		pwq_activate_one(pwq, work);
		if (counted)
			return true;
	}
	return false;
}

/*
 * Activate inactive items while the limits allow.  Returns whether any was.
 * Inline, and forced (gcc left a plain inline out of line): while a backlog
 * waits past max_active, every item done activates the next.
 */
static __always_inline bool pwq_activate_more(struct pool_workqueue *pwq)
{
	struct work_struct *work;
	bool any = false;

	while ((work = list_first_entry_or_null(&pwq->inactive_works,
						struct work_struct, entry))) {
		/* a barrier whose target was cancelled counts for nothing */
		if (data_color(work_data(work)) != NO_EPOCH && !pwq_get_slot(pwq))
			break;
		pwq_activate_one(pwq, work);
		any = true;
	}
	return any;
}

/*
 * First in line, @pwq gets the slot its own item gave back: activate its
 * next item with it.  If more wait behind that one, @pwq stays in line, at
 * its end: in one step, so that the line never looks empty meanwhile (a
 * slot given back then would be freed, not handed over) and without
 * leaving and joining again under a second hold of the lock.  Returns
 * false, and @pwq is out of line, if it had nothing to run.  pool->lock
 * and slots->lock held.
 */
static bool pwq_take_turn(struct pool_workqueue *pwq)
{
	struct list_head *waiters = &pwq->slots->waiters;

	if (!pwq_use_slot(pwq)) {
		list_del_init(&pwq->slot_wait);
		return false;
	}
	if (list_empty(&pwq->inactive_works))
		list_del_init(&pwq->slot_wait);
	else if (!list_is_last(&pwq->slot_wait, waiters))
		list_move_tail(&pwq->slot_wait, waiters);
	return true;
}

/*
 * An active item of unbound @pwq is gone: pass its slot to the first pwq in
 * line, or free it.  Returns whether @pwq itself got it and activated an
 * item, which then needs a worker; the caller activates any more that the
 * limits allow.  pool->lock held.
 */
static bool pwq_put_slot(struct pool_workqueue *pwq)
{
	struct wq_node_slots *ns = pwq->slots;
	struct pool_workqueue *next;

	/*
	 * Nobody in line, the common case: give the slot back with one
	 * atomic.  A pwq getting in line meanwhile adds itself, then looks
	 * for a free slot again; we drop ours, then look at the line again.
	 * With a full barrier on each side, one of us sees the other: it
	 * takes the slot, or the hand-off gives it.
	 */
	if (list_empty(&ns->waiters)) {
		atomic_dec(&ns->nr);
		smp_mb__after_atomic();	/* pairs with pwq_get_node_slot()'s */
		if (!list_empty(&ns->waiters))
			irq_work_queue(&ns->handoff_work);
		return false;
	}

	raw_spin_lock(&ns->lock);
	next = list_first_entry_or_null(&ns->waiters, struct pool_workqueue, slot_wait);
	if (next == pwq) {
		if (pwq_take_turn(pwq)) {
			raw_spin_unlock(&ns->lock);
			return true;
		}
		next = list_first_entry_or_null(&ns->waiters, struct pool_workqueue,
						slot_wait);
	}
	if (!next) {
		atomic_dec(&ns->nr);
		raw_spin_unlock(&ns->lock);
		return false;
	}
	ns->handoff++;
	raw_spin_unlock(&ns->lock);
	irq_work_queue(&ns->handoff_work);
	return false;
}

/*
 * Give the slots handed off, and any free ones, to the pwqs in line, one
 * at a time in turn.  Hard irq context.  A pwq in line has inactive items
 * and so is alive; RCU keeps its memory and its pool's while no lock is
 * held.  Where the architecture cannot interrupt itself for irq_work (some
 * arm64 and other platforms), this runs from the next tick instead: the
 * hand-off is late by a jiffy at most, which nothing waits on with a lock
 * held (wq_sync_node_slots() may sleep).
 */
static void slots_handoff_fn(struct irq_work *iw)
{
	struct wq_node_slots *ns = container_of(iw, struct wq_node_slots, handoff_work);
	struct pool_workqueue *pwq;
	struct worker_pool *pool;
	struct task_struct *wake;
	bool granted;

	rcu_read_lock();
	for (;;) {
		raw_spin_lock(&ns->lock);
		pwq = list_first_entry_or_null(&ns->waiters, struct pool_workqueue,
					       slot_wait);
		if (!pwq || (!ns->handoff && atomic_read(&ns->nr) >= ns->max)) {
			/* slots on their way to nobody are free again */
			if (!pwq && ns->handoff) {
				atomic_sub(ns->handoff, &ns->nr);
				ns->handoff = 0;
			}
			raw_spin_unlock(&ns->lock);
			break;
		}
		pool = pwq->pool;
		raw_spin_unlock(&ns->lock);

		raw_spin_lock(&pool->lock);
		raw_spin_lock(&ns->lock);
		granted = false;
		if (list_first_entry_or_null(&ns->waiters, struct pool_workqueue,
					     slot_wait) == pwq) {
			if (ns->handoff) {
				ns->handoff--;
				granted = true;
			} else {
				granted = slots_take_free(ns);
			}
			if (granted)
				list_del_init(&pwq->slot_wait);
		}
		raw_spin_unlock(&ns->lock);
		wake = NULL;
		if (granted) {
			if (pwq_use_slot(pwq)) {
				pwq_activate_more(pwq);
				wake = pool_kick(pool);
			} else {
				pwq_put_slot(pwq);
			}
		}
		raw_spin_unlock(&pool->lock);
		wake_kicked(wake);
	}
	rcu_read_unlock();
}

/*
 * What pwq_dec_nr_in_flight() leaves to its caller: a kick of the pool for
 * the items it activated, and the flip leader to complete(), each to be
 * done once pool->lock is dropped.
 */
struct pwq_dec_after {
	bool			kick;
	struct completion	*flushed;
};

/*
 * @pwq retired the epoch being flushed.  The flip's leader was named before
 * @pwq was counted and stays until it is completed; read it first.
 */
static struct completion *pwq_flush_done(struct pool_workqueue *pwq)
{
	struct wq_flusher *leader = READ_ONCE(pwq->wq->flush_leader);

	pwq->flush_color = -1;
	return atomic_dec_and_test(&pwq->wq->nr_pwqs_to_flush) ? &leader->done : NULL;
}

/*
 * Unbound @pwq keeps the slot its item gave back, for @next, when it is
 * alone in its node's line: the slot would come straight back to it, so
 * slots->lock, the turn and the hand-off are all skipped.  First in line
 * is stable under our pool->lock (only we leave, and the hand-off takes
 * our pool->lock to grant us); last is not, as another pwq may join
 * behind us meanwhile under slots->lock alone.  Missing the newcomer
 * costs it one item's wait: our next item done sees it and goes through
 * pwq_put_slot(), which takes turns.  That item comes, as we keep the slot
 * only with work left behind @next, and so stay in line.
 */
static inline bool pwq_keeps_slot(struct pool_workqueue *pwq, struct work_struct *next)
{
	struct wq_node_slots *ns = pwq->slots;

	return READ_ONCE(ns->waiters.next) == &pwq->slot_wait &&
	       READ_ONCE(pwq->slot_wait.next) == &ns->waiters &&
	       !list_is_last(&next->entry, &pwq->inactive_works);
}

/*
 * An active item of @pwq is gone while others wait: the first of them
 * takes its place, nr_active (and the node slot) as they were, with no
 * second look at the limits.  Not when max_active was lowered under
 * nr_active, nor when a barrier of a cancelled item leads (it counts for
 * nothing, and pwq_activate_more() puts it through as soon as an item of
 * @pwq is done), nor when an unbound pwq's slot is for another pwq.  The
 * common step while a backlog waits.  Returns whether the place was passed
 * on.  pool->lock held.
 */
static __always_inline bool pwq_pass_active(struct pool_workqueue *pwq)
{
	struct work_struct *next;

	if (pwq->nr_active > pwq->max_active)
		return false;
	next = list_first_entry_or_null(&pwq->inactive_works, struct work_struct, entry);
	if (!next || data_color(work_data(next)) == NO_EPOCH)
		return false;
	if (pwq->slots && !pwq_keeps_slot(pwq, next))
		return false;
	move_to_worklist(pwq->pool, next);
	return true;
}

/*
 * An item of @pwq with data word @data left the pwq (ran or was stolen).
 * Inline, and forced since pwq_activate_more() grew it: process_one_work()
 * pays it for every item.
 */
static __always_inline struct pwq_dec_after pwq_dec_nr_in_flight(struct pool_workqueue *pwq,
								 unsigned long data)
{
	struct pwq_dec_after after = {};
	int color = data_color(data);
	bool passed = false;

	if (color != NO_EPOCH) {
		if (!(data & WORK_STRUCT_INACTIVE)) {
			passed = pwq_pass_active(pwq);
			if (!passed) {
				pwq->nr_active--;
				if (pwq->slots)
					after.kick = pwq_put_slot(pwq);
			}
		}
		/* after the item's function, for wq_empty_lockless() */
		smp_store_release(&pwq->nr_in_flight[color], pwq->nr_in_flight[color] - 1);
		if (pwq->flush_color == color && !pwq->nr_in_flight[color])
			after.flushed = pwq_flush_done(pwq);
	}
	/* room was made, or an orphaned barrier leads the inactive list */
	if (passed || (!list_empty(&pwq->inactive_works) && pwq_activate_more(pwq)))
		after.kick = true;
	put_pwq(pwq);
	return after;
}

/* ------------------------------------------------- scheduler hooks (CM) */

/*
 * The CPU time @task has used, for the hog threshold.  The scheduler adds
 * to it from the tick on the task's CPU while the worker reads it there,
 * a race by design (KCSAN sees it): an aligned u64 load is whole on 64-bit
 * machines, and a value a tick old moves the threshold by a tick at most.
 */
static u64 task_runtime(struct task_struct *task)
{
	/* racing with the tick's update, which is benign: see above */
	return data_race(task->se.sum_exec_runtime);
}

/**
 * wq_worker_running - a worker runs again after blocking
 * @task: the worker's task
 *
 * Called by the scheduler on @task's own CPU, in process context.
 *
 * A worker that blocks often (on I/O, say) comes through here each time,
 * so this takes no lock.  A counted worker is bound to its pool's CPU, and
 * there everything that changes nr_running or the worker's counting runs
 * with irqs off: the worker itself, its tick and the CPU's hotplug
 * callbacks.  So with irqs off here too, nothing comes in between; a worker
 * that was not counted (unbound, say) changes nothing.  Another CPU that
 * reads nr_running under the lock meanwhile sees the worker still blocked
 * and may wake an idle worker for nothing, which is harmless.
 */
void wq_worker_running(struct task_struct *task)
{
	struct worker *worker = kthread_data(task);
	struct worker_pool *pool;
	unsigned long flags;

	if (!worker->sleeping)
		return;
	pool = worker->pool;
	local_irq_save(flags);
	WRITE_ONCE(worker->sleeping, 0);
	if (worker_counted(worker))
		WRITE_ONCE(pool->nr_running, pool->nr_running + 1);
	local_irq_restore(flags);
	/* only uninterrupted CPU use counts towards the hog threshold */
	worker->current_at = task_runtime(task);
}

/**
 * wq_worker_sleeping - a worker is about to block
 * @task: the worker's task, which is %current
 *
 * If it was the last counted runnable worker of its pool and work is
 * pending, wake an idle worker to take over.
 */
void wq_worker_sleeping(struct task_struct *task)
{
	struct worker *worker = kthread_data(task);
	struct task_struct *wake = NULL;
	struct worker_pool *pool;
	unsigned long flags;

	if (worker->flags & WKR_NOT_RUNNING || worker->sleeping)
		return;
	pool = worker->pool;

	raw_spin_lock_irqsave(&pool->lock, flags);
	/* hotplug may have unbound us in the meantime */
	if (worker_counted(worker)) {
		pool->nr_running--;
		WRITE_ONCE(worker->sleeping, 1);
		wake = pool_kick(pool);
		if (wake)
			wq_stat_inc(worker->current_pwq, WQ_STAT_CM_WAKEUP);
	}
	pool_unlock_irqrestore_wake(pool, flags, wake);
}

#ifdef CONFIG_WQ_CPU_INTENSIVE_REPORT
/*
 * Remember functions that hogged a CPU and say so, with backoff: at each
 * power of two of detections from workqueue.cpu_intensive_warning_thresh
 * (4, 8, 16, ... by default).  A small table is enough; when it is full,
 * new offenders go unreported.
 */
#define HOG_SLOTS 64
static struct {
	work_func_t	func;
	unsigned int	count;
} wq_hogs[HOG_SLOTS];
static DEFINE_RAW_SPINLOCK(wq_hogs_lock);

/* Report a function once it hogged a CPU this often; 0: never. */
static unsigned int wq_cpu_intensive_warning_thresh = 4;
module_param_named(cpu_intensive_warning_thresh, wq_cpu_intensive_warning_thresh, uint, 0644);

static void report_cpu_hog(work_func_t func)
{
	unsigned int n = 0, warn_at;
	unsigned long flags;
	int i;

	raw_spin_lock_irqsave(&wq_hogs_lock, flags);
	for (i = 0; i < HOG_SLOTS; i++) {
		if (!wq_hogs[i].func)
			wq_hogs[i].func = func;
		if (wq_hogs[i].func == func) {
			n = ++wq_hogs[i].count;
			break;
		}
	}
	raw_spin_unlock_irqrestore(&wq_hogs_lock, flags);
	warn_at = READ_ONCE(wq_cpu_intensive_warning_thresh);
	if (warn_at && n >= warn_at && is_power_of_2(n))
		pr_warn("workqueue: %ps hogged CPU for >%luus %u times, consider switching to WQ_UNBOUND\n",
			func, wq_cpu_intensive_thresh_us, n);
}
#else
static inline void report_cpu_hog(work_func_t func) { }
#endif

/**
 * wq_worker_tick - the scheduler tick found a worker running
 * @task: the worker's task, which is %current
 *
 * An item that has used more than workqueue.cpu_intensive_thresh_us of CPU
 * without blocking stops counting as running, so it no longer holds up the
 * rest of its pool.
 */
void wq_worker_tick(struct task_struct *task)
{
	struct worker *worker = kthread_data(task);
	struct worker_pool *pool = worker->pool;
	struct task_struct *wake = NULL;
	unsigned long thresh;
	work_func_t func;
	u64 thresh_ns;

	/* a worker on its way to sleep has been accounted for already */
	if (!pool || !worker->current_work || worker->sleeping ||
	    (worker->flags & WKR_NOT_RUNNING))
		return;
	thresh = READ_ONCE(wq_cpu_intensive_thresh_us);
	/* 0 is off, and so is a threshold too large to reach */
	if (!thresh || check_mul_overflow((u64)thresh, (u64)NSEC_PER_USEC, &thresh_ns) ||
	    task_runtime(task) - worker->current_at < thresh_ns)
		return;

	raw_spin_lock(&pool->lock);
	func = worker->current_func;
	if (worker->current_work && worker_counted(worker)) {
		worker_set_flags(worker, WKR_CPU_INTENSIVE);
		wake = pool_kick(pool);
		wq_stat_inc(worker->current_pwq, WQ_STAT_CPU_INTENSIVE);
		if (wake)
			wq_stat_inc(worker->current_pwq, WQ_STAT_CM_WAKEUP);
	} else {
		func = NULL;
	}
	raw_spin_unlock(&pool->lock);
	wake_kicked(wake);	/* tick context: the task cannot be freed */
	if (func)
		report_cpu_hog(func);
}

/**
 * wq_worker_last_func - the last function a worker ran
 * @task: the worker's task
 *
 * Used by psi to tell its own housekeeping item apart.  Racy by nature;
 * only meaningful when called on @task's CPU as it switches out.
 *
 * Return: the function of the last item @task finished running, or %NULL
 * if it has not finished one yet.
 */
work_func_t wq_worker_last_func(struct task_struct *task)
{
	struct worker *worker = kthread_data(task);

	return worker->last_func;
}

/* ------------------------------------------------------------ execution */

struct wq_ctx_snap {
	int	preempt;
	int	locks;
	int	rcu;
};

static inline void wq_ctx_take(struct wq_ctx_snap *snap)
{
	snap->preempt = preempt_count();
	snap->locks = lockdep_depth(current);
	snap->rcu = rcu_preempt_depth();
}

/*
 * Did the item return with more (or less) held than it was called with?
 * Field by field, so that what a config lacks (lockdep, preemptible RCU)
 * reads as a constant 0 and drops out of the compare.
 */
static bool wq_check_leak(struct worker *worker, const struct wq_ctx_snap *before)
{
	struct wq_ctx_snap now;

	wq_ctx_take(&now);
	if (likely(now.preempt == before->preempt && now.locks == before->locks &&
		   now.rcu == before->rcu))
		return false;
	pr_err("BUG: workqueue leaked atomic, lock or RCU: %s[%d]\n"
	       "     preempt=0x%08x lock=%d->%d RCU=%d workfn=%ps\n",
	       current->comm, task_pid_nr(current), now.preempt,
	       before->locks, now.locks, now.rcu, worker->current_func);
	debug_show_held_locks(current);
	dump_stack();
	return true;
}

/*
 * Let the scheduler in between two items, when it asks or a tick passed.
 * cond_resched() is a call, and in a kernel without preemptible RCU a look
 * at whether RCU needs a quiescent state urgently: much what a short
 * item's own bookkeeping costs.  A worker running a backlog of them calls
 * it once a tick: RCU's request for a quiescent state (and a livepatch
 * transition) waits a tick at most, a task that wants the CPU not at all.
 * Not for a BH pool: it runs in softirq context.
 */
static inline void worker_yield(struct worker *worker)
{
	unsigned long now = READ_ONCE(jiffies);

	if (!worker->task || (!need_resched() && now == worker->yielded))
		return;
	worker->yielded = now;
	cond_resched();
}

/*
 * Run one item.  Called and returns with pool->lock held; drops it while
 * the function runs.  Never inlined: tracing recipes put a kprobe here and
 * read the worker and the item from its arguments.
 */
static noinline void process_one_work(struct worker *worker, struct work_struct *work)
	__releases(&pool->lock)
	__acquires(&pool->lock)
{
	unsigned long data = work_data(work);
	struct pool_workqueue *pwq = data_pwq(data);
	struct worker_pool *pool = worker->pool;
	struct task_struct *wake = NULL;
	struct pwq_dec_after after;
	struct wq_ctx_snap ctx;
	struct worker *busy;
	unsigned long offq;
	u64 end;
#ifdef CONFIG_LOCKDEP
	/*
	 * The item may be freed by its own function, so keep a copy of its
	 * lockdep map for the release below.
	 */
	struct lockdep_map lockdep_map;

	lockdep_copy_map(&lockdep_map, &work->lockdep_map);
#endif
	/* non-reentrancy: an instance still running here gets this one next */
	busy = find_worker_executing_work(pool, work);
	if (unlikely(busy)) {
		move_linked_works(work, &busy->scheduled, NULL);
		return;
	}

	debug_work_deactivate(work);
	hash_add(pool->busy_hash, &worker->busy_node, (unsigned long)work);
	worker->current_work = work;
	worker->current_func = work->func;
	worker->current_pwq = pwq;
	worker->current_color = data_color(data);
	if (worker->task)
		worker->current_at = task_runtime(worker->task);
	if (worker->desc_wq != pwq->wq->id) {
		strscpy(worker->desc, pwq->wq->name, WORKER_DESC_LEN);
		worker->desc_wq = pwq->wq->id;
	}
	list_del_init(&work->entry);
	wq_watchdog_progress(pool);
	wq_stat_start(worker, pwq, work, data);

	if (unlikely(pwq->wq->flags & WQ_CPU_INTENSIVE))
		worker_set_flags(worker, WKR_CPU_INTENSIVE);

	/* unbound or intensive: whatever is left wants another worker */
	if (!pool_is_bh(pool))
		wake = pool_kick(pool);

	/*
	 * Record where the item ran and release PENDING: from here on it may
	 * be queued again, and a requeue finds this worker busy with it.
	 */
	offq = pool_is_bh(pool) ? WORK_OFFQ_BH : 0;
	set_work_offq_release(work, pool->id, offq);
	pool_unlock_irq_wake(pool, wake);

	wq_ctx_take(&ctx);
	lock_map_acquire(pwq->wq->lockdep_map);
	lock_map_acquire(&lockdep_map);
	trace_workqueue_execute_start(work);
	worker->current_func(work);
	end = wq_stat_run_end(worker);
	/* @work may be gone now: only its address is used from here on */
	trace_workqueue_execute_end(work, worker->current_func);
	lock_map_release(&lockdep_map);
	lock_map_release(pwq->wq->lockdep_map);

	wq_check_leak(worker, &ctx);
	worker_yield(worker);

	raw_spin_lock_irq(&pool->lock);
	wq_stat_end(worker, pwq, data, end);
	if (unlikely(worker->flags & WKR_CPU_INTENSIVE))
		worker_clr_flags(worker, WKR_CPU_INTENSIVE);
	worker->last_func = worker->current_func;
	hash_del(&worker->busy_node);
	worker->current_color = INT_MAX;
	worker->current_pwq = NULL;
	worker->current_func = NULL;
	worker->current_work = NULL;
	/*
	 * No kick for what this activated: we are a runner of the pool and go
	 * on to it (worker_thread(), bh_pool_drain()), or a rescuer, which
	 * kicks when done.  Starting it kicks for whatever is left behind it.
	 */
	after = pwq_dec_nr_in_flight(pwq, data);
	if (unlikely(after.flushed)) {
		raw_spin_unlock_irq(&pool->lock);
		complete(after.flushed);
		raw_spin_lock_irq(&pool->lock);
	}
}

static void run_scheduled(struct worker *worker)
{
	while (!list_empty(&worker->scheduled)) {
		struct work_struct *work = list_first_entry(&worker->scheduled,
							    struct work_struct, entry);

		process_one_work(worker, work);
	}
}

/*
 * Take the first item of the pool (and its barriers) and run it.  An item
 * with no barrier linked behind it, nearly every one, runs straight from
 * the worklist: ->scheduled is for a chain, and for what other workers and
 * flushers hand this one while it runs.
 */
static __always_inline void run_first_work(struct worker *worker)
{
	struct worker_pool *pool = worker->pool;
	struct work_struct *work = list_first_entry(&pool->worklist,
						    struct work_struct, entry);

	if (likely(!(work_data(work) & WORK_STRUCT_LINKED)))
		process_one_work(worker, work);
	else
		move_linked_works(work, &worker->scheduled, NULL);
	run_scheduled(worker);
}

/* ------------------------------------------------------------ BH pools */

static void bh_pool_drain(struct worker_pool *pool)
{
	unsigned long end = jiffies + msecs_to_jiffies(BH_MAX_MSECS);
	struct worker *worker = pool->bh_worker;
	int budget = BH_MAX_ITEMS;

	raw_spin_lock_irq(&pool->lock);
	if (pool->flags & POOL_BH_RUNNING) {
		raw_spin_unlock_irq(&pool->lock);
		return;
	}
	pool->flags |= POOL_BH_RUNNING;
	/* a slow item ends the round after it */
	while (!list_empty(&pool->worklist)) {
		run_first_work(worker);
		if (!--budget || !time_before(jiffies, end))
			break;
	}
	pool->flags &= ~POOL_BH_RUNNING;
	/*
	 * More left: let the other softirqs and tasklets have the CPU and
	 * come back in a later round (in ksoftirqd if rounds keep coming).
	 */
	if (!list_empty(&pool->worklist))
		bh_pool_kick(pool);
	raw_spin_unlock_irq(&pool->lock);
}

/**
 * workqueue_softirq_action - run this CPU's BH work items
 * @highpri: run the high-priority BH pool, else the normal one
 *
 * Called from the tasklet softirqs.
 */
void workqueue_softirq_action(bool highpri)
{
	struct worker_pool *pool = &this_cpu_ptr(bh_pools)[highpri];

	if (!list_empty(&pool->worklist))
		bh_pool_drain(pool);
}

/**
 * workqueue_softirq_dead - a CPU is gone, run what its BH pools still hold
 * @cpu: the dead CPU
 *
 * Called on a surviving CPU.  Leftovers run from a tasklet here.
 */
void workqueue_softirq_dead(unsigned int cpu)
{
	struct worker_pool *pool;

	for_each_bh_pool(pool, cpu) {
		raw_spin_lock_irq(&pool->lock);
		pool->flags |= POOL_DISASSOCIATED;
		if (!list_empty(&pool->worklist))
			bh_pool_kick(pool);
		raw_spin_unlock_irq(&pool->lock);
	}
}

static void bh_pool_kick_fn(struct irq_work *irq_work)
{
	struct worker_pool *pool = container_of(irq_work, struct worker_pool, bh_kick);

	raise_softirq_irqoff(bh_pool_softirq(pool));
}

static void bh_pool_orphan_fn(struct tasklet_struct *t)
{
	struct worker_pool *pool = from_tasklet(pool, t, bh_orphan);

	bh_pool_drain(pool);
}

/* ------------------------------------------------------------ workers */

static void set_pf_worker(bool on)
{
	mutex_lock(&wq_pool_attach_mutex);
	if (!on)
		current->flags &= ~PF_WQ_WORKER;
	else
		current->flags |= PF_WQ_WORKER;
	mutex_unlock(&wq_pool_attach_mutex);
}

static const struct cpumask *pool_allowed_cpus(struct worker_pool *pool)
{
	if (pool->cpu < 0 && pool->attrs->affn_strict)
		return pool->attrs->__pod_cpumask;
	return pool->attrs->cpumask;
}

/* The CPUs a worker of a pool whose CPU is gone may use. */
static const struct cpumask *unbound_fallback_cpus(void)
{
	if (cpumask_intersects(wq_unbound_cpumask, cpu_active_mask))
		return wq_unbound_cpumask;
	return cpu_possible_mask;
}

/* Bind @worker to @pool's CPUs and put it on the pool's worker list. */
static void worker_attach(struct worker *worker, struct worker_pool *pool)
{
	mutex_lock(&wq_pool_attach_mutex);
	if (pool->flags & POOL_DISASSOCIATED) {
		const struct cpumask *cpus = pool_allowed_cpus(pool);

		worker->flags |= WKR_UNBOUND;
		/*
		 * A CPU pool whose CPU is gone, or an unbound pool none of
		 * whose CPUs is up yet: run where unbound work may until
		 * workqueue_online_cpu() binds the workers again.
		 */
		if (pool->cpu >= 0 || !cpumask_intersects(cpus, cpu_online_mask))
			cpus = unbound_fallback_cpus();
		set_cpus_allowed_ptr(worker->task, cpus);
	} else {
		kthread_set_per_cpu(worker->task, pool->cpu);
		set_cpus_allowed_ptr(worker->task, pool_allowed_cpus(pool));
	}
	list_add_tail(&worker->pool_node, &pool->workers);
	worker->pool = pool;
	mutex_unlock(&wq_pool_attach_mutex);
}

/*
 * Where a rescuer waits between rescues: anywhere for a per-CPU workqueue,
 * where unbound work may run for an unbound one.  wq_pool_attach_mutex held.
 */
static const struct cpumask *rescuer_home_cpus(struct worker *rescuer)
{
	if (rescuer->rescue_wq->flags & WQ_UNBOUND)
		return unbound_fallback_cpus();
	return cpu_possible_mask;
}

static void worker_detach(struct worker *worker)
{
	struct worker_pool *pool = worker->pool;
	struct completion *done = NULL;

	mutex_lock(&wq_pool_attach_mutex);
	kthread_set_per_cpu(worker->task, -1);
	list_del(&worker->pool_node);
	worker->pool = NULL;
	/* a rescuer leaves the CPUs of the pool it helped */
	if (worker->flags & WKR_RESCUER)
		set_cpus_allowed_ptr(worker->task, rescuer_home_cpus(worker));
	if (list_empty(&pool->workers))
		done = pool->detach_done;
	mutex_unlock(&wq_pool_attach_mutex);
	worker->flags &= ~(WKR_UNBOUND | WKR_REBOUND);
	if (done)
		complete(done);
}

static struct worker *alloc_worker(int node)
{
	struct worker *worker = kzalloc_node(sizeof(*worker), GFP_KERNEL, node);

	if (!worker)
		return NULL;
	INIT_LIST_HEAD(&worker->idle_node);
	INIT_LIST_HEAD(&worker->scheduled);
	INIT_LIST_HEAD(&worker->pool_node);
	worker->flags = WKR_PREP;
	worker->current_color = INT_MAX;
	return worker;
}

static int worker_thread(void *arg);

/*
 * Create a worker for @pool and make it idle.  Process context, no pool
 * lock held.  Returns the worker or NULL.
 */
static struct worker *create_worker(struct worker_pool *pool)
{
	struct worker *worker;
	char name[32];
	int id;

	id = ida_alloc(&pool->worker_ida, GFP_KERNEL);
	if (id < 0) {
		pr_err_once("workqueue: no worker id for pool %d: %d\n", pool->id, id);
		return NULL;
	}
	worker = alloc_worker(pool->node);
	if (!worker)
		goto fail;
	worker->id = id;

	if (pool->cpu >= 0)
		snprintf(name, sizeof(name), "kworker/%d:%d%s", pool->cpu, id,
			 pool->attrs->nice < 0 ? "H" : "");
	else
		snprintf(name, sizeof(name), "kworker/u%d:%d", pool->id, id);

	worker->task = kthread_create_on_node(worker_thread, worker, pool->node, "%s", name);
	if (IS_ERR(worker->task)) {
		if (PTR_ERR(worker->task) == -EINTR)
			pr_err("workqueue: interrupted while creating a worker for pool %d\n",
			       pool->id);
		else
			pr_err_once("workqueue: cannot create a worker for pool %d: %pe\n",
				    pool->id, worker->task);
		goto fail;
	}
	set_user_nice(worker->task, pool->attrs->nice);
	/* workers are ours to place; this also keeps userspace's hands off */
	kthread_bind_mask(worker->task, cpu_possible_mask);
	worker_attach(worker, pool);

	raw_spin_lock_irq(&pool->lock);
	pool->nr_workers++;
	worker_enter_idle(worker);
	/* it starts idle and goes to look for work at once */
	pool_unlock_irq_wake(pool, worker->task);
	return worker;

fail:
	kfree(worker);
	ida_free(&pool->worker_ida, id);
	return NULL;
}

/* Take idle @worker off its pool onto @dying, marked to die.  pool->lock held. */
static void worker_mark_dying(struct worker *worker, struct list_head *dying)
{
	struct worker_pool *pool = worker->pool;

	lockdep_assert_held(&pool->lock);
	worker_leave_idle(worker);
	pool->nr_workers--;
	worker->flags |= WKR_DIE;
	list_add_tail(&worker->idle_node, dying);
}

/*
 * Wake the workers of @pool on @dying to exit, a CPU pool's after moving
 * them off its CPU (see "Culling idle workers").  The caller holds
 * wq_pool_attach_mutex, without which they cannot detach, so cannot free
 * themselves: they stay valid until it lets go.
 */
static void wake_dying(struct worker_pool *pool, struct list_head *dying)
{
	struct worker *worker, *n;

	lockdep_assert_held(&wq_pool_attach_mutex);
	list_for_each_entry_safe(worker, n, dying, idle_node) {
		list_del_init(&worker->idle_node);
		if (pool->cpu >= 0) {
			kthread_set_per_cpu(worker->task, -1);
			set_cpus_allowed_ptr(worker->task, unbound_fallback_cpus());
		}
		wake_up_process(worker->task);
	}
}

/*
 * Culling idle workers
 *
 * Workers beyond IDLE_RESERVE that stayed idle for IDLE_TIMEOUT exit.  The
 * deferrable idle timer only notices; idle_cull_workfn() does the culling
 * on system_unbound_wq, because a victim of a CPU pool is bound to its CPU,
 * and waking it there to exit would disturb a CPU that may be isolated
 * (nohz_full=, isolcpus=).  In process context the victim can first be
 * moved to where unbound work runs, so it wakes and exits there.
 */
static void idle_cull_fn(struct timer_list *t)
{
	struct worker_pool *pool = from_timer(pool, t, idle_timer);

	queue_work(system_unbound_wq, &pool->idle_cull_work);
}

/*
 * Take the idle workers whose time is up off @pool onto @dying, marked to
 * die; re-arm the timer for the next one.  pool->lock held.
 */
static void idle_cull_pick(struct worker_pool *pool, struct list_head *dying)
{
	struct worker *worker;
	unsigned long expires;

	lockdep_assert_held(&pool->lock);
	while (pool->nr_idle > IDLE_RESERVE) {
		/* the list is newest first: the tail has idled longest */
		worker = list_last_entry(&pool->idle_list, struct worker, idle_node);
		expires = worker->last_active + IDLE_TIMEOUT;
		if (time_before(jiffies, expires)) {
			mod_timer(&pool->idle_timer, expires);
			break;
		}
		/* woken for work: it leaves the list itself; the rest wait */
		if (worker->flags & WKR_KICKED)
			break;
		worker_mark_dying(worker, dying);
	}
}

static void idle_cull_workfn(struct work_struct *work)
{
	struct worker_pool *pool = container_of(work, struct worker_pool, idle_cull_work);
	LIST_HEAD(dying);

	mutex_lock(&wq_pool_attach_mutex);
	raw_spin_lock_irq(&pool->lock);
	idle_cull_pick(pool, &dying);
	raw_spin_unlock_irq(&pool->lock);
	wake_dying(pool, &dying);
	mutex_unlock(&wq_pool_attach_mutex);
}

/* ------------------------------------------------------ rescuers, mayday */

/*
 * Put @pwq on its rescuer's list and the rescuer on @wakes, to be woken once
 * the locks are dropped.  wq_mayday_lock and pool->lock held.
 */
static void send_mayday(struct pool_workqueue *pwq, struct wake_q_head *wakes)
{
	struct workqueue_struct *wq = pwq->wq;

	lockdep_assert_held(&wq_mayday_lock);
	if (!wq->rescuer || !list_empty(&pwq->mayday_node))
		return;
	get_pwq(pwq);
	list_add_tail(&pwq->mayday_node, &wq->maydays);
	wq_stat_inc(pwq, WQ_STAT_MAYDAY);
	/* a rescuer calling itself back looks at its list before it sleeps */
	if (wq->rescuer->task != current)
		wake_q_add(wakes, wq->rescuer->task);
}

static void mayday_fn(struct timer_list *t)
{
	struct worker_pool *pool = from_timer(pool, t, mayday_timer);
	struct work_struct *work;
	unsigned long flags;
	DEFINE_WAKE_Q(wakes);

	raw_spin_lock_irqsave(&pool->lock, flags);
	raw_spin_lock(&wq_mayday_lock);
	if (pool_needs_creation(pool)) {
		list_for_each_entry(work, &pool->worklist, entry) {
			struct pool_workqueue *pwq = get_work_pwq(work);

			if (pwq)
				send_mayday(pwq, &wakes);
		}
		mod_timer(&pool->mayday_timer, jiffies + MAYDAY_AGAIN);
	}
	raw_spin_unlock(&wq_mayday_lock);
	raw_spin_unlock_irqrestore(&pool->lock, flags);
	wake_up_q(&wakes);
}

/*
 * Fault injection: fail_workqueue_worker= on the command line, or its
 * directory in debugfs (Documentation/fault-injection/), makes the manager
 * of a pool that needs another worker fail to create it, as if memory or
 * kthreadd had run out.  The manager retries every CREATE_RETRY and the
 * mayday timer calls the rescuers meanwhile: this is the path the failure
 * exercises.  A pool's first worker (a new unbound pool, a CPU coming up)
 * is never failed here; when it cannot be created the call that asked for
 * it fails instead.
 */
#ifdef CONFIG_FAIL_WORKQUEUE_WORKER
static DECLARE_FAULT_ATTR(fail_workqueue_worker);

static int __init fail_workqueue_worker_setup(char *str)
{
	return setup_fault_attr(&fail_workqueue_worker, str);
}
__setup("fail_workqueue_worker=", fail_workqueue_worker_setup);

static bool worker_creation_fails(void)
{
	return should_fail(&fail_workqueue_worker, 1);
}

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
static int __init fail_workqueue_worker_debugfs(void)
{
	struct dentry *dir;

	dir = fault_create_debugfs_attr("fail_workqueue_worker", NULL,
					&fail_workqueue_worker);
	return PTR_ERR_OR_ZERO(dir);
}
late_initcall(fail_workqueue_worker_debugfs);
#endif
#else
static inline bool worker_creation_fails(void)
{
	return false;
}
#endif

/*
 * Become the pool's manager and create workers until one is idle.  Called
 * and returns with pool->lock held.  Returns false if another worker is
 * managing already.
 */
static bool pool_manage(struct worker *worker)
	__must_hold(&worker->pool->lock)
{
	struct worker_pool *pool = worker->pool;

	if (pool->flags & POOL_MANAGING)
		return false;
	pool->flags |= POOL_MANAGING;
	pool->manager = worker;
	raw_spin_unlock_irq(&pool->lock);

	mod_timer(&pool->mayday_timer, jiffies + MAYDAY_FIRST);
	for (;;) {
		bool need;

		if (!worker_creation_fails() && create_worker(pool))
			break;
		/*
		 * mayday_fn() stops calling the rescuers when it finds the
		 * pool without need, e.g. a worker still running; the need may
		 * come back while we still cannot create: call them again.
		 */
		timer_reduce(&pool->mayday_timer, jiffies + MAYDAY_FIRST);
		schedule_timeout_interruptible(CREATE_RETRY);
		raw_spin_lock_irq(&pool->lock);
		need = pool_needs_creation(pool);
		raw_spin_unlock_irq(&pool->lock);
		if (!need)
			break;
	}
	del_timer_sync(&pool->mayday_timer);

	raw_spin_lock_irq(&pool->lock);
	pool->manager = NULL;
	pool->flags &= ~POOL_MANAGING;
	raw_spin_unlock_irq(&pool->lock);
	wake_up(&wq_manager_wait);
	raw_spin_lock_irq(&pool->lock);
	return true;
}

static int worker_thread(void *arg)
{
	struct worker *worker = arg;
	struct worker_pool *pool = worker->pool;

	set_pf_worker(true);
	raw_spin_lock_irq(&pool->lock);
	while (!(worker->flags & WKR_DIE)) {
		worker_leave_idle(worker);
		if (pool_wants_runner(pool)) {
			/* keep someone idle behind us, then run */
			if (!pool->nr_idle && pool_manage(worker))
				continue;
			worker_clr_flags(worker, WKR_PREP | WKR_REBOUND);
			do {
				run_first_work(worker);
			} while (pool_keep_going(pool));
			worker_set_flags(worker, WKR_PREP);
		}
		if (unlikely(pool->flags & POOL_DYING)) {
			pool->nr_workers--;
			worker->flags |= WKR_DIE;
			break;
		}
		worker_enter_idle(worker);
		__set_current_state(TASK_IDLE);
		raw_spin_unlock_irq(&pool->lock);
		schedule();
		raw_spin_lock_irq(&pool->lock);
	}
	raw_spin_unlock_irq(&pool->lock);

	set_pf_worker(false);
	ida_free(&pool->worker_ida, worker->id);
	worker_detach(worker);
	kfree(worker);
	return 0;
}

/* Move @pwq's items on @pool to the rescuer.  pool->lock held. */
static bool rescuer_take(struct worker *rescuer, struct pool_workqueue *pwq)
{
	struct worker_pool *pool = pwq->pool;
	struct work_struct *work, *n;
	bool any = false;

	/* one pass: the walk goes on after the barriers that came along */
	list_for_each_entry_safe(work, n, &pool->worklist, entry) {
		if (get_work_pwq(work) == pwq) {
			move_linked_works(work, &rescuer->scheduled, &n);
			any = true;
		}
	}
	return any;
}

static int rescuer_thread(void *arg)
{
	struct worker *rescuer = arg;
	struct workqueue_struct *wq = rescuer->rescue_wq;
	bool stop;

	set_user_nice(current, RESCUER_NICE);
	set_pf_worker(true);
	for (;;) {
		set_current_state(TASK_IDLE);
		stop = kthread_should_stop();

		raw_spin_lock_irq(&wq_mayday_lock);
		while (!list_empty(&wq->maydays)) {
			struct pool_workqueue *pwq;
			struct worker_pool *pool;
			DEFINE_WAKE_Q(wakes);

			pwq = list_first_entry(&wq->maydays, struct pool_workqueue, mayday_node);
			pool = pwq->pool;

			__set_current_state(TASK_RUNNING);
			list_del_init(&pwq->mayday_node);
			raw_spin_unlock_irq(&wq_mayday_lock);

			worker_attach(rescuer, pool);
			raw_spin_lock_irq(&pool->lock);
			if (rescuer_take(rescuer, pwq))
				run_scheduled(rescuer);
			/* still short of workers: stay on call for this pwq */
			raw_spin_lock(&wq_mayday_lock);
			if (pool_needs_creation(pool) && !stop) {
				struct work_struct *work;

				list_for_each_entry(work, &pool->worklist, entry) {
					if (get_work_pwq(work) == pwq) {
						send_mayday(pwq, &wakes);
						break;
					}
				}
			}
			raw_spin_unlock(&wq_mayday_lock);
			put_pwq(pwq);	/* the mayday's reference */
			pool_unlock_irq_wake(pool, pool_kick(pool));
			wake_up_q(&wakes);
			worker_detach(rescuer);

			raw_spin_lock_irq(&wq_mayday_lock);
		}
		raw_spin_unlock_irq(&wq_mayday_lock);

		if (stop) {
			__set_current_state(TASK_RUNNING);
			break;
		}
		schedule();
	}
	set_pf_worker(false);
	return 0;
}

static int init_rescuer(struct workqueue_struct *wq)
{
	struct worker *rescuer;
	int ret;

	if (!(wq->flags & WQ_MEM_RECLAIM))
		return 0;
	rescuer = alloc_worker(NUMA_NO_NODE);
	if (!rescuer) {
		pr_err("workqueue: cannot allocate a rescuer for %s\n", wq->name);
		return -ENOMEM;
	}
	rescuer->rescue_wq = wq;
	rescuer->flags = WKR_RESCUER | WKR_PREP;
	rescuer->task = kthread_create(rescuer_thread, rescuer, "kworker/R-%s", wq->name);
	if (IS_ERR(rescuer->task)) {
		ret = PTR_ERR(rescuer->task);
		pr_err("workqueue: cannot start the rescuer of %s: %pe\n", wq->name,
		       rescuer->task);
		kfree(rescuer);
		return ret;
	}
	/* bound before a mayday can wake it; rescuers_rehome() sees it after */
	mutex_lock(&wq_pool_attach_mutex);
	kthread_bind_mask(rescuer->task, rescuer_home_cpus(rescuer));
	raw_spin_lock_irq(&wq_mayday_lock);
	wq->rescuer = rescuer;
	raw_spin_unlock_irq(&wq_mayday_lock);
	mutex_unlock(&wq_pool_attach_mutex);
	wake_up_process(rescuer->task);
	return 0;
}

/* ------------------------------------------------------------ queueing */

/* Is %current a work item of @wq (so it may queue while @wq drains)? */
static bool is_chained_work(struct workqueue_struct *wq)
{
	struct worker *worker = current_wq_worker();

	return worker && worker->current_pwq && worker->current_pwq->wq == wq;
}

/*
 * workqueue.debug_force_rr_cpu: an item queued on an unbound workqueue
 * without a CPU goes to the CPUs in turn rather than to the local one, to
 * flush out callers that rely on where such items run.
 */
static bool wq_debug_force_rr_cpu = IS_ENABLED(CONFIG_DEBUG_WQ_FORCE_RR_CPU);
module_param_named(debug_force_rr_cpu, wq_debug_force_rr_cpu, bool, 0644);
static DEFINE_PER_CPU(int, wq_rr_last_cpu);

/*
 * The CPU whose pod takes an unbound item queued on @cpu: @cpu itself if
 * unbound work may run there, else (or when forced) the next allowed one
 * in turn.  A racy read of the global cpumask is fine for a hint.
 */
static int unbound_queue_cpu(int cpu)
{
	int next;

	if (likely(!READ_ONCE(wq_debug_force_rr_cpu)) &&
	    cpumask_test_cpu(cpu, wq_unbound_cpumask))
		return cpu;
	next = cpumask_next_and(__this_cpu_read(wq_rr_last_cpu), wq_unbound_cpumask,
				cpu_online_mask);
	if (next >= nr_cpu_ids)
		next = cpumask_first_and(wq_unbound_cpumask, cpu_online_mask);
	if (next >= nr_cpu_ids)
		return cpu;
	__this_cpu_write(wq_rr_last_cpu, next);
	return next;
}

/*
 * A CPU's slot changes under wq->mutex and, while @wq is listed, also under
 * wq_pool_mutex: either lock (or RCU) keeps it still.
 */
static inline struct pool_workqueue *cpu_pwq(struct workqueue_struct *wq, int cpu)
{
	return rcu_dereference_check(*per_cpu_ptr(wq->cpu_pwq, cpu),
				     lockdep_is_held(&wq->mutex) ||
				     lockdep_is_held(&wq_pool_mutex));
}

/*
 * Put @work, whose PENDING the caller owns, on @pwq.  pool->lock held.
 * Returns the worker to wake, if any.  Part of do_queue_work(), and forced
 * inline with it.
 */
static __always_inline struct task_struct *insert_work(struct pool_workqueue *pwq,
						       struct work_struct *work, int req_cpu)
{
	struct worker_pool *pool = pwq->pool;
	int color = pwq->work_color;

	trace_workqueue_queue_work(req_cpu, pwq, work);
	if (WARN_ON_ONCE(!list_empty(&work->entry)))
		return NULL;

	WRITE_ONCE(pwq->nr_in_flight[color], pwq->nr_in_flight[color] + 1);
	pwq->refcnt++;		/* do_queue_work() found it alive */
	debug_work_activate(work);
	wq_stat_queued(pwq, work);

	/* keep FIFO with what already waits, and respect max_active */
	if (list_empty(&pwq->inactive_works) && pwq_get_slot(pwq)) {
		pwq->nr_active++;
		trace_workqueue_activate_work(work);
		if (list_empty(&pool->worklist))
			pool->progress_ts = jiffies;
		set_work_pwq(work, pwq, color_bits(color));
		list_add_tail(&work->entry, &pool->worklist);
		return __pool_kick(pool, true);
	}
	set_work_pwq(work, pwq, color_bits(color) | WORK_STRUCT_INACTIVE);
	list_add_tail(&work->entry, &pwq->inactive_works);
	return NULL;
}

/* Give up the PENDING of an item that is not queued after all. */
static void work_release_unqueued(struct work_struct *work)
{
	unsigned long data = work_data(work);

	set_work_offq_release(work, data_pool_id(data), data_offq_flags(data));
}

/*
 * Queue @work, whose PENDING the caller owns, irqs off.  Inline, forced:
 * queue_work_on(), the call every driver makes, takes this whole, and
 * spares every item a call and a second frame; the other callers share
 * __queue_work().
 */
static __always_inline void do_queue_work(int cpu, struct workqueue_struct *wq,
					  struct work_struct *work)
{
	struct pool_workqueue *pwq;
	struct worker_pool *last_pool, *pool;
	struct task_struct *wake;
	int req_cpu = cpu;

	lockdep_assert_irqs_disabled();

	/*
	 * A dying or draining workqueue takes only its own items' requeues.
	 * A refused item keeps its pool id: it may still be running there,
	 * and a cancel must find it.
	 */
	if (unlikely(READ_ONCE(wq->flags) & (__WQ_DESTROYING | __WQ_DRAINING) &&
		     WARN_ONCE(!is_chained_work(wq), "workqueue: cannot queue %ps on %s\n",
			       work->func, wq->name))) {
		work_release_unqueued(work);
		return;
	}

	rcu_read_lock();
retry:
	if (req_cpu == WORK_CPU_UNBOUND) {
		cpu = raw_smp_processor_id();
		if (wq->flags & WQ_UNBOUND)
			cpu = unbound_queue_cpu(cpu);
	}
	pwq = cpu_pwq(wq, cpu);
	pool = pwq->pool;

	/*
	 * Not reentrant: if the item still runs on the pool it was on last,
	 * queue it there so it runs after that instance.  Not so on an ordered
	 * workqueue: its pwq is replaced only by a new, plugged one that starts
	 * once the old has drained, which already keeps the two instances
	 * apart, and going back to the old pwq would overtake what waits on the
	 * new one.
	 */
	last_pool = wq->flags & __WQ_ORDERED ? NULL : get_work_other_pool(work, pool);
	if (last_pool) {
		struct worker *running;

		raw_spin_lock(&last_pool->lock);
		running = find_worker_executing_work(last_pool, work);
		if (running && running->current_pwq->wq == wq) {
			pwq = running->current_pwq;
			pool = last_pool;
		} else {
			raw_spin_unlock(&last_pool->lock);
			raw_spin_lock(&pool->lock);
		}
	} else {
		raw_spin_lock(&pool->lock);
	}

	/* an unbound pwq replaced by an attrs change: use the new one */
	if (unlikely(!pwq->refcnt)) {
		raw_spin_unlock(&pool->lock);
		if (WARN_ON_ONCE(!(wq->flags & WQ_UNBOUND))) {
			/* a per-CPU pwq never goes: do not strand the item */
			work_release_unqueued(work);
			goto out;
		}
		cpu_relax();
		goto retry;
	}

	wake = insert_work(pwq, work, req_cpu);
	raw_spin_unlock(&pool->lock);
	wake_kicked(wake);
out:
	rcu_read_unlock();
}

static void __queue_work(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	do_queue_work(cpu, wq, work);
}

/* PENDING is ours; if the item is disabled give it back and say so. */
static inline bool release_if_disabled(struct work_struct *work)
{
	unsigned long data = work_data(work);

	if (likely(!offq_disable_count(data_offq_flags(data))))
		return false;
	work_release_unqueued(work);
	return true;
}

/*
 * Take @work's PENDING for queueing.  Fails if somebody else owns it or
 * the item is disabled.  Interrupts must be off until the item is queued.
 */
static inline bool claim_for_queueing(struct work_struct *work)
{
	return !test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work)) &&
	       !release_if_disabled(work);
}

/**
 * queue_work_on - queue a work item on a CPU
 * @cpu: the CPU to run it on, or %WORK_CPU_UNBOUND for the local one
 * @wq: the workqueue
 * @work: the item
 *
 * For an unbound @wq, @cpu only picks the pod (and with it the pool); the
 * item may run on any CPU of that pool.  Queueing an offline CPU's pool
 * works, but the item then runs elsewhere.
 *
 * Context: Any context except NMI; takes the pool's
 * raw lock with interrupts off.
 *
 * Return: %false if @work was already pending or is disabled, %true if it
 * is queued now.
 */
bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	unsigned long flags;
	bool queued = false;

	local_irq_save(flags);
	if (claim_for_queueing(work)) {
		do_queue_work(cpu, wq, work);
		queued = true;
	}
	local_irq_restore(flags);
	return queued;
}
EXPORT_SYMBOL(queue_work_on);

/* A CPU of @node that is online, or WORK_CPU_UNBOUND. */
static int node_cpu(int node)
{
	int cpu = raw_smp_processor_id();

	/* no node, or one that is not there, is no hint */
	if (node < 0 || node >= MAX_NUMNODES || !node_online(node))
		return WORK_CPU_UNBOUND;
	/* the local CPU when it is on @node: its caches are warm */
	if (cpu_to_node(cpu) == node)
		return cpu;
	cpu = cpumask_any_and(cpumask_of_node(node), cpu_online_mask);
	return cpu < nr_cpu_ids ? cpu : WORK_CPU_UNBOUND;
}

/**
 * queue_work_node - queue a work item on an unbound workqueue near a node
 * @node: the NUMA node whose CPUs should run it
 * @wq: the workqueue, which must be unbound
 * @work: the item
 *
 * A hint: the item runs in the pod of a CPU of @node if @wq allows that.
 *
 * Context: Any context except NMI; takes the pool's raw lock with
 * interrupts off.
 *
 * Return: %false if @work was already pending or is disabled, %true if it
 * is queued now.
 */
bool queue_work_node(int node, struct workqueue_struct *wq, struct work_struct *work)
{
	unsigned long flags;
	bool queued = false;

	WARN_ON_ONCE(!(wq->flags & WQ_UNBOUND));
	local_irq_save(flags);
	if (claim_for_queueing(work)) {
		__queue_work(node_cpu(node), wq, work);
		queued = true;
	}
	local_irq_restore(flags);
	return queued;
}
EXPORT_SYMBOL_GPL(queue_work_node);

/**
 * delayed_work_timer_fn - the timer function of delayed work items
 * @t: the timer inside a struct delayed_work
 *
 * Runs with interrupts disabled (the timer is irqsafe) and queues the item.
 *
 * Context: The timer's callback, with interrupts disabled.  Not to be
 * called directly.
 */
void delayed_work_timer_fn(struct timer_list *t)
{
	struct delayed_work *dwork = from_timer(dwork, t, timer);

	/* target wq and cpu were recorded by __queue_delayed_work() */
	__queue_work(dwork->cpu, dwork->wq, &dwork->work);
}
EXPORT_SYMBOL(delayed_work_timer_fn);

static void __queue_delayed_work(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
				 unsigned long delay)
{
	struct work_struct *work = &dwork->work;
	struct timer_list *timer = &dwork->timer;

	WARN_ON_ONCE(!list_empty(&work->entry));
	WARN_ON_ONCE(timer_pending(timer));
	WARN_ON_ONCE(timer->function != delayed_work_timer_fn);
	WARN_ON_ONCE(!wq);

	if (!delay) {
		__queue_work(cpu, wq, work);
		return;
	}
	dwork->wq = wq;
	dwork->cpu = cpu;
	timer->expires = jiffies + delay;
	/*
	 * The timer only has to fire somewhere: __queue_work() then uses
	 * dwork->cpu.  With CPUs isolated from timers, it fires on a
	 * housekeeping one (this one if it is); otherwise on the CPU asked
	 * for, or where the timer code likes for any CPU.  add_timer_global()
	 * drops the pinning an earlier add_timer_on() of this item left.
	 */
	if (housekeeping_enabled(HK_TYPE_TIMER)) {
		int here = smp_processor_id();

		if (!housekeeping_test_cpu(here, HK_TYPE_TIMER))
			here = housekeeping_any_cpu(HK_TYPE_TIMER);
		add_timer_on(timer, here);
	} else if (cpu == WORK_CPU_UNBOUND) {
		add_timer_global(timer);
	} else {
		add_timer_on(timer, cpu);
	}
}

/**
 * queue_delayed_work_on - queue a work item after a delay
 * @cpu: the CPU to run it on, or %WORK_CPU_UNBOUND
 * @wq: the workqueue
 * @dwork: the delayed item
 * @delay: jiffies to wait first; 0 queues at once
 *
 * Context: Any context except NMI; takes the raw lock of the pool or of
 * the timer base with interrupts off.
 *
 * Return: %false if @dwork was already pending or is disabled, %true if it
 * is queued (or its timer armed) now.
 */
bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq,
			   struct delayed_work *dwork, unsigned long delay)
{
	struct work_struct *work = &dwork->work;
	unsigned long flags;
	bool queued = false;

	local_irq_save(flags);
	if (claim_for_queueing(work)) {
		__queue_delayed_work(cpu, wq, dwork, delay);
		queued = true;
	}
	local_irq_restore(flags);
	return queued;
}
EXPORT_SYMBOL(queue_delayed_work_on);

static void rcu_work_rcufn(struct rcu_head *rcu)
{
	struct rcu_work *rwork = container_of(rcu, struct rcu_work, rcu);

	local_irq_disable();
	__queue_work(WORK_CPU_UNBOUND, rwork->wq, &rwork->work);
	local_irq_enable();
}

/**
 * queue_rcu_work - queue a work item after an RCU grace period
 * @wq: the workqueue
 * @rwork: the item
 *
 * Context: Any context except NMI; queues the RCU callback with
 * interrupts off.
 *
 * Return: %false if @rwork was already pending or is disabled, %true if
 * it waits for the grace period now.
 */
bool queue_rcu_work(struct workqueue_struct *wq, struct rcu_work *rwork)
{
	struct work_struct *work = &rwork->work;
	unsigned long flags;
	bool queued = false;

	local_irq_save(flags);
	if (claim_for_queueing(work)) {
		rwork->wq = wq;
		call_rcu_hurry(&rwork->rcu, rcu_work_rcufn);
		queued = true;
	}
	local_irq_restore(flags);
	return queued;
}
EXPORT_SYMBOL(queue_rcu_work);

/* ------------------------------------------------------- grabbing PENDING */

enum {
	GRAB_DELAYED	= 1 << 0,	/* the item is inside a delayed_work */
};

/*
 * The pool an ordered workqueue's item still runs on, other than @pwq's.
 * Such a workqueue queues onto its newest pwq even while the item's last
 * instance runs on the pwq that one replaces (see __queue_work()), so the
 * instance just taken off @pwq may not be the only one.  Called with irqs
 * off and the RCU read lock held, which keep the pwqs and their pools.
 * No pool lock is held: a running instance can only end meanwhile, and
 * then a flush that looks for it finds the item idle, which is right.
 */
static struct worker_pool *ordered_running_pool(struct pool_workqueue *pwq,
						struct work_struct *work)
{
	struct pool_workqueue *old;
	bool running;

	list_for_each_entry_rcu(old, &pwq->wq->pwqs, pwqs_node) {
		if (old->pool == pwq->pool)
			continue;
		raw_spin_lock(&old->pool->lock);
		running = find_worker_executing_work(old->pool, work);
		raw_spin_unlock(&old->pool->lock);
		if (running)
			return old->pool;
	}
	return NULL;
}

/*
 * Take ownership of @work's PENDING bit, removing the item from wherever it
 * waits.  Returns with irqs disabled (flags in *@irq_flags):
 *   1		it was pending and is ours now (taken off its timer or queue)
 *   0		it was idle and is ours now
 *   -EAGAIN	somebody else owns PENDING for a moment; irqs are restored,
 *		retry
 */
static int try_grab_pending(struct work_struct *work, unsigned int how,
			    unsigned long *irq_flags)
{
	struct pwq_dec_after after = {};
	struct worker_pool *pool, *running;
	struct task_struct *wake = NULL;
	struct pool_workqueue *pwq;
	bool grabbed = false;

	local_irq_save(*irq_flags);

	/* a pending timer is the easy case: whoever deletes it owns the item */
	if (how & GRAB_DELAYED) {
		struct delayed_work *dwork = to_delayed_work(work);

		if (likely(del_timer(&dwork->timer)))
			return 1;
	}
	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work)))
		return 0;

	rcu_read_lock();
	pool = get_work_pool(work);
	if (pool) {
		raw_spin_lock(&pool->lock);
		/*
		 * The data word points at a pwq of this pool only while the
		 * item is on one of this pool's lists, and it changes only
		 * under this lock.
		 */
		pwq = get_work_pwq(work);
		grabbed = pwq && pwq->pool == pool;
		if (grabbed) {
			unsigned long data = work_data(work);

			debug_work_deactivate(work);
			/* linked barriers behind it stay put and still run */
			list_del_init(&work->entry);
			wq_stat_cancelled(pwq, work);
			after = pwq_dec_nr_in_flight(pwq, data);
			/*
			 * Keep the pool id for flush_work() and work_busy(),
			 * and whether it is a BH pool for the cancel.
			 */
			set_work_offq_pending(work, pool->id,
					      pool_is_bh(pool) ? WORK_OFFQ_BH : 0);
			if (after.kick || (data & WORK_STRUCT_LINKED))
				wake = pool_kick(pool);
		}
		/* irqs stay off and RCU held: see __pool_kick() */
		raw_spin_unlock(&pool->lock);
		wake_kicked(wake);
		if (after.flushed)
			complete(after.flushed);
		/* ... unless an older instance still runs elsewhere: wait there */
		if (grabbed && (READ_ONCE(pwq->wq->flags) & __WQ_ORDERED)) {
			running = ordered_running_pool(pwq, work);
			if (running)
				set_work_offq_pending(work, running->id,
						      pool_is_bh(running) ? WORK_OFFQ_BH : 0);
		}
	}
	rcu_read_unlock();
	if (grabbed)
		return 1;
	local_irq_restore(*irq_flags);
	return -EAGAIN;
}

static void grab_pending(struct work_struct *work, unsigned int how,
			 unsigned long *irq_flags, bool *was_pending)
{
	int ret;

	while ((ret = try_grab_pending(work, how, irq_flags)) == -EAGAIN)
		cpu_relax();
	*was_pending = ret;
}

/**
 * mod_delayed_work_on - change when a delayed work item runs
 * @cpu: the CPU to run it on, or %WORK_CPU_UNBOUND
 * @wq: the workqueue
 * @dwork: the delayed item
 * @delay: jiffies from now; 0 queues at once
 *
 * Like cancel_delayed_work() followed by queue_delayed_work_on(), but as
 * one step, safe from any context.  A disabled item is left alone.
 *
 * Context: Any context except NMI; takes raw spinlocks with interrupts off.
 *
 * Return: %true if @dwork was pending (its timer or queue position is
 * replaced), %false if it was idle.
 */
bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq,
			 struct delayed_work *dwork, unsigned long delay)
{
	unsigned long flags;
	bool was_pending;

	grab_pending(&dwork->work, GRAB_DELAYED, &flags, &was_pending);
	if (!release_if_disabled(&dwork->work))
		__queue_delayed_work(cpu, wq, dwork, delay);
	local_irq_restore(flags);
	return was_pending;
}
EXPORT_SYMBOL_GPL(mod_delayed_work_on);

/* ------------------------------------------------------------- flushing */

struct wq_barrier {
	struct work_struct	work;
	struct completion	done;
	struct task_struct	*task;	/* who waits, for dumps */
};

static void wq_barrier_func(struct work_struct *work)
{
	struct wq_barrier *barr = container_of(work, struct wq_barrier, work);

	complete(&barr->done);
}

/*
 * Queue @barr so that it runs right after @target: behind it on its list
 * (linked, so one worker takes both), or first on the list of @worker that
 * runs @target now.  pool->lock held.
 */
static void insert_barrier(struct pool_workqueue *pwq, struct wq_barrier *barr,
			   struct work_struct *target, struct worker *worker)
{
	/* BH and task barriers run in different contexts: separate classes */
	static struct lock_class_key task_barrier_key, bh_barrier_key;
	unsigned long flags = color_bits(NO_EPOCH);
	struct list_head *head;

	INIT_WORK_ONSTACK_KEY(&barr->work, wq_barrier_func,
			      pool_is_bh(pwq->pool) ? &bh_barrier_key : &task_barrier_key);
	__set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(&barr->work));
	init_completion_map(&barr->done, &target->lockdep_map);
	barr->task = current;

	if (worker) {
		head = worker->scheduled.next;
	} else {
		unsigned long tdata = work_data(target);

		head = target->entry.next;
		/* keep the chain: what was linked to @target is linked to us */
		flags |= tdata & (WORK_STRUCT_LINKED | WORK_STRUCT_INACTIVE);
		set_work_queued_flags(target, WORK_STRUCT_LINKED, 0);
	}
	debug_work_activate(&barr->work);
	get_pwq(pwq);
	set_work_pwq(&barr->work, pwq, flags);
	list_add_tail(&barr->work.entry, head);
}

static void wq_lockdep_flush_check(struct workqueue_struct *target_wq,
				   struct work_struct *target_work)
{
	struct worker *worker = current_wq_worker();
	struct workqueue_struct *wq;

	if (!worker || !worker->current_pwq)
		return;
	wq = worker->current_pwq->wq;
	/*
	 * Reclaim may wait for a WQ_MEM_RECLAIM workqueue; if one of its items
	 * waits for a workqueue without a rescuer, reclaim can deadlock.  The
	 * create*_workqueue() ones are WQ_MEM_RECLAIM by default rather than by
	 * need, and their users flush what they like: they are exempt.
	 */
	WARN_ONCE((wq->flags & (WQ_MEM_RECLAIM | __WQ_LEGACY)) == WQ_MEM_RECLAIM &&
		  !(target_wq->flags & WQ_MEM_RECLAIM),
		  "workqueue: WQ_MEM_RECLAIM %s:%ps is flushing !WQ_MEM_RECLAIM %s:%ps",
		  wq->name, worker->current_func, target_wq->name,
		  target_work ? target_work->func : NULL);
}

#ifdef CONFIG_LOCKDEP
/*
 * Acquire and drop @map for lockdep, in softirq context for BH workqueues
 * (unless interrupts are off: a BH section cannot end there).
 */
static void wq_lockdep_touch(struct workqueue_struct *wq, struct lockdep_map *map)
{
	bool bh = (wq->flags & WQ_BH) && !irqs_disabled();

	if (bh)
		local_bh_disable();
	lock_map_acquire(map);
	lock_map_release(map);
	if (bh)
		local_bh_enable();
}

/* Waiting for @work is taking its map; waiting for @wq, the workqueue's. */
static void wq_lockdep_touch_work(struct workqueue_struct *wq, struct work_struct *work)
{
	wq_lockdep_touch(wq, &work->lockdep_map);
}

static void wq_lockdep_touch_wq(struct workqueue_struct *wq)
{
	wq_lockdep_touch(wq, wq->lockdep_map);
}
#else
static inline void wq_lockdep_touch_work(struct workqueue_struct *wq,
					 struct work_struct *work) { }
static inline void wq_lockdep_touch_wq(struct workqueue_struct *wq) { }
#endif

/*
 * Batched flushing
 *
 * A flip turns the epoch new items get and counts the pwqs that still hold
 * items of the old one; the last of them to retire its items ends the flip.
 * The next flip may start only then, since it hands the old epoch out
 * again.  A caller that arrives while a flip runs needs one more flip (its
 * items may be in either epoch), and so do all the others that arrive
 * meanwhile: they queue on wq->flush_next and share that flip, so N
 * concurrent callers cost two flips, not N.
 *
 *   idle --(a caller: its flip ends at once)--> idle, it returns
 *   idle --(a caller: its flip must wait)--> flipping, it leads
 *   flipping --(callers arrive)--> flipping, they wait on flush_next
 *   flipping --(the last pwq retires the old epoch)--> ended, leader woken
 *   ended --(the leader, or a caller arriving first, advances)--> idle or
 *	flipping: flush_cur released, flush_next's flip started
 *
 * All but the count is under wq->mutex, which a caller holds only to flip
 * and to queue itself: callers whose flips end at once (nothing in flight)
 * spin on the mutex rather than sleep.  The leader, first of its batch, is
 * whom pwq_dec_nr_in_flight() completes when the count drops to zero; it
 * reads wq->flush_leader before dropping its share, since the pointer may
 * move on as soon as the count reads zero.
 */

/* Flip the epoch for the batch @leader heads.  Returns true if it has ended. */
static bool flush_flip(struct workqueue_struct *wq, struct wq_flusher *leader)
{
	struct pool_workqueue *pwq;
	int old;

	lockdep_assert_held(&wq->mutex);
	leader->role = WQ_FLUSH_LEAD;
	WRITE_ONCE(wq->flush_leader, leader);
	old = wq->work_color;
	wq->work_color = old ^ 1;
	atomic_set(&wq->nr_pwqs_to_flush, 1);
	list_for_each_entry(pwq, &wq->pwqs, pwqs_node) {
		raw_spin_lock_irq(&pwq->pool->lock);
		pwq->work_color = wq->work_color;
		if (pwq->nr_in_flight[old]) {
			pwq->flush_color = old;
			atomic_inc(&wq->nr_pwqs_to_flush);
		}
		raw_spin_unlock_irq(&pwq->pool->lock);
	}
	return atomic_dec_and_test(&wq->nr_pwqs_to_flush);
}

/*
 * The running flip has ended: release the callers it served.  Its leader
 * has its wakeup from the pwq that ended the flip unless the flip ended at
 * once (@woken false), and @me is awake.  A released caller may return as
 * soon as it is woken, or, with its wakeup had, as soon as it reads
 * WQ_FLUSH_DONE: complete() or that write is the last touch of it.
 */
static void flush_release(struct workqueue_struct *wq, struct wq_flusher *me, bool woken)
{
	struct wq_flusher *f, *tmp, *leader = wq->flush_leader;
	LIST_HEAD(served);

	list_splice_init(&wq->flush_cur, &served);
	WRITE_ONCE(wq->flush_leader, NULL);
	list_for_each_entry_safe(f, tmp, &served, node) {
		if (f == me || (f == leader && woken)) {
			WRITE_ONCE(f->role, WQ_FLUSH_DONE);
			continue;
		}
		f->role = WQ_FLUSH_DONE;
		complete(&f->done);
	}
}

/*
 * Release the batch of the flip that ended and flip for the waiting batch,
 * again while flips end at once: no caller can queue meanwhile, so this
 * runs at most two flips.
 */
static void flush_advance(struct workqueue_struct *wq, struct wq_flusher *me, bool woken)
{
	lockdep_assert_held(&wq->mutex);
	for (;;) {
		if (wq->flush_leader)
			flush_release(wq, me, woken);
		if (list_empty(&wq->flush_next))
			return;
		list_splice_init(&wq->flush_next, &wq->flush_cur);
		if (!flush_flip(wq, list_first_entry(&wq->flush_cur, struct wq_flusher, node)))
			return;
		woken = false;
	}
}

/*
 * Whether @wq holds no item of either epoch, read without a lock: the fast
 * path of a flush, which then has nothing to wait for.  An item queued
 * before the flush was counted before it (the full barrier orders the
 * reads after whatever told the caller so, as taking the pool locks
 * would); an item's count drops by a store-release after its function
 * returned, so the barrier after the reads lets the caller see what the
 * item did.  A pwq leaves the RCU list only once it holds nothing, and a
 * pwq linked before an item went on it is on the list by then.
 */
static bool wq_empty_lockless(struct workqueue_struct *wq)
{
	struct pool_workqueue *pwq;
	bool empty = true;
	int i;

	smp_mb();	/* the counts after what the caller saw queued */
	rcu_read_lock();
	list_for_each_entry_rcu(pwq, &wq->pwqs, pwqs_node) {
		for (i = 0; i < NR_EPOCHS; i++)
			empty &= !READ_ONCE(pwq->nr_in_flight[i]);
		if (!empty)
			break;
	}
	rcu_read_unlock();
	smp_mb();	/* pairs with pwq_dec_nr_in_flight()'s store-release */
	return empty;
}

/**
 * __flush_workqueue - wait for what is queued on a workqueue now
 * @wq: the workqueue
 *
 * Waits until every item queued on @wq before the call has finished.
 * Items queued later, including requeues by the items waited for, are not
 * waited for.  Concurrent callers share the flips they wait for.  Use
 * flush_workqueue(), which also warns about flushing the system workqueues.
 *
 * Context: Process context. May sleep: takes @wq's mutex and waits.  Must
 * not be called from an item of @wq.
 */
void __flush_workqueue(struct workqueue_struct *wq)
{
	struct wq_flusher me = { .role = WQ_FLUSH_WAIT };
	int role;

	if (WARN_ON(!wq_online))
		return;

	wq_lockdep_touch_wq(wq);
	wq_lockdep_flush_check(wq, NULL);
	if (wq_empty_lockless(wq))
		return;

	init_completion(&me.done);
	mutex_lock(&wq->mutex);
	list_add_tail(&me.node, &wq->flush_next);
	/* no flip runs, or the running one has ended and its leader is late */
	if (!wq->flush_leader || !atomic_read_acquire(&wq->nr_pwqs_to_flush))
		flush_advance(wq, &me, true);
	role = me.role;
	mutex_unlock(&wq->mutex);
	if (role == WQ_FLUSH_DONE)
		return;

	wait_for_completion(&me.done);
	if (READ_ONCE(me.role) == WQ_FLUSH_DONE)
		return;
	/* we lead a flip that has ended, unless a caller released us since */
	mutex_lock(&wq->mutex);
	if (me.role == WQ_FLUSH_LEAD)
		flush_advance(wq, &me, true);
	mutex_unlock(&wq->mutex);
}
EXPORT_SYMBOL(__flush_workqueue);

static bool pwq_busy(struct pool_workqueue *pwq)
{
	int i;

	for (i = 0; i < NR_EPOCHS; i++)
		if (pwq->nr_in_flight[i])
			return true;
	return pwq->nr_active || !list_empty(&pwq->inactive_works);
}

/**
 * drain_workqueue - wait until a workqueue is empty
 * @wq: the workqueue
 *
 * Unlike a flush, this also waits for items queued by @wq's own items
 * while it drains (chains); anybody else queueing on @wq meanwhile is a
 * bug and is refused with a warning.
 *
 * Context: Process context. May sleep.  Must not be called from an item of
 * @wq.
 */
void drain_workqueue(struct workqueue_struct *wq)
{
	unsigned int tries = 0;
	struct pool_workqueue *pwq;

	mutex_lock(&wq->mutex);
	if (!wq->nr_drainers++)
		WRITE_ONCE(wq->flags, wq->flags | __WQ_DRAINING);
	mutex_unlock(&wq->mutex);

	for (;;) {
		bool busy = false;

		__flush_workqueue(wq);

		mutex_lock(&wq->mutex);
		list_for_each_entry(pwq, &wq->pwqs, pwqs_node) {
			raw_spin_lock_irq(&pwq->pool->lock);
			busy = pwq_busy(pwq);
			raw_spin_unlock_irq(&pwq->pool->lock);
			if (busy)
				break;
		}
		mutex_unlock(&wq->mutex);
		if (!busy)
			break;
		if (++tries == 10 || !(tries % 100))
			pr_warn("workqueue %s: %s() isn't complete after %u tries\n",
				wq->name, __func__, tries);
	}

	mutex_lock(&wq->mutex);
	if (!--wq->nr_drainers)
		WRITE_ONCE(wq->flags, wq->flags & ~__WQ_DRAINING);
	mutex_unlock(&wq->mutex);
}
EXPORT_SYMBOL_GPL(drain_workqueue);

/*
 * Queue a barrier behind @work if it is queued or running.  Returns the
 * workqueue it is on, or %NULL if @work is idle.
 */
static struct workqueue_struct *start_flush_work(struct work_struct *work,
						 struct wq_barrier *barr)
{
	struct worker *worker = NULL;
	struct workqueue_struct *wq;
	struct pool_workqueue *pwq;
	struct worker_pool *pool;
	unsigned long flags;

	rcu_read_lock();
	pool = get_work_pool(work);
	/* no pool on record: the item is neither queued nor running */
	if (!pool) {
		rcu_read_unlock();
		return NULL;
	}
	/* irqsave: a BH item's cancel may come with interrupts off */
	raw_spin_lock_irqsave(&pool->lock, flags);
	pwq = get_work_pwq(work);
	if (pwq) {
		if (unlikely(pwq->pool != pool))
			goto idle;
	} else {
		worker = find_worker_executing_work(pool, work);
		if (!worker)
			goto idle;
		pwq = worker->current_pwq;
	}
	/* the barrier holds a reference on @pwq: @wq stays until it ran */
	wq = pwq->wq;
	insert_barrier(pwq, barr, work, worker);
	raw_spin_unlock_irqrestore(&pool->lock, flags);
	rcu_read_unlock();
	return wq;
idle:
	raw_spin_unlock_irqrestore(&pool->lock, flags);
	rcu_read_unlock();
	return NULL;
}

/*
 * Wait for the barrier behind a BH item.  A cancel may come from a context
 * with BH disabled, where sleeping is not allowed; the item runs from a
 * softirq and is short, so poll.  Where softirqs can be preempted
 * (PREEMPT_RT), the item may be stuck on this very CPU behind us: a caller
 * with BH and interrupts on enters and leaves a BH section, which waits
 * for it.  One with BH off cannot run into that: on !RT the item cannot be
 * preempted, and on RT the caller holds the CPU's BH lock, so the item is
 * not midway here.
 */
static void wq_barrier_poll(struct wq_barrier *barr)
{
	while (!completion_done(&barr->done)) {
		if (!softirq_count() && !irqs_disabled()) {
			local_bh_disable();
			local_bh_enable();
		}
		cpu_relax();
	}
}

/*
 * Wait for @work.  A flush waits for the item and, when the item's
 * workqueue runs one item at a time or reclaim depends on it, for the
 * workqueue: lockdep is told so and the reclaim check runs.  A cancel
 * (@from_cancel) waits for that one item only, and may poll for a BH one.
 */
static bool __flush_work(struct work_struct *work, bool from_cancel)
{
	struct workqueue_struct *wq;
	struct wq_barrier barr;

	if (WARN_ON(!wq_online))
		return false;
	if (WARN_ON(!work->func))
		return false;

	wq = start_flush_work(work, &barr);
	if (!wq)
		return false;

	wq_lockdep_touch_work(wq, work);
	if (!from_cancel) {
		wq_lockdep_flush_check(wq, work);
		if (wq->max_active == 1 || wq->rescuer)
			wq_lockdep_touch_wq(wq);
	}
	if (from_cancel && (wq->flags & WQ_BH))
		wq_barrier_poll(&barr);
	else
		wait_for_completion(&barr.done);
	destroy_work_on_stack(&barr.work);
	return true;
}

/**
 * flush_work - wait for a work item's last queueing to finish
 * @work: the item
 *
 * Waits until @work, if it is pending or running now, has finished that
 * run.  A requeue after the call is not waited for.
 *
 * Context: Process context. May sleep, also for an item of a BH workqueue.
 * Must not be called from @work itself.
 *
 * Return: %true if it waited, %false if @work was idle.
 */
bool flush_work(struct work_struct *work)
{
	might_sleep();
	return __flush_work(work, false);
}
EXPORT_SYMBOL_GPL(flush_work);

/**
 * flush_delayed_work - run a delayed work item now and wait for it
 * @dwork: the delayed item
 *
 * A pending timer is cut short: the item is queued at once.
 *
 * Context: Process context. May sleep.  Must not be called from @dwork
 * itself.
 *
 * Return: %true if it waited, %false if @dwork was idle.
 */
bool flush_delayed_work(struct delayed_work *dwork)
{
	struct work_struct *work = &dwork->work;

	/*
	 * The synchronous delete: a timer callback already running elsewhere
	 * finishes queueing the item before we look for it.  (The timer is
	 * irqsafe, so waiting for it with interrupts off is allowed.)
	 */
	local_irq_disable();
	if (del_timer_sync(&dwork->timer))
		__queue_work(dwork->cpu, dwork->wq, work);
	local_irq_enable();
	return flush_work(work);
}
EXPORT_SYMBOL(flush_delayed_work);

/**
 * flush_rcu_work - wait for an rcu_work item, grace period included
 * @rwork: the item
 *
 * Context: Process context. May sleep: waits in rcu_barrier() while @rwork
 * is pending.  Must not be called from @rwork itself.
 *
 * Return: %true if it waited, %false if @rwork was idle.
 */
bool flush_rcu_work(struct rcu_work *rwork)
{
	struct work_struct *work = &rwork->work;

	if (test_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work))) {
		/* still waiting for its grace period: let that pass first */
		rcu_barrier();
		flush_work(work);
		return true;
	}
	return flush_work(work);
}
EXPORT_SYMBOL(flush_rcu_work);

/* --------------------------------------------- cancelling and disabling */

enum {
	CANCEL_DELAYED	= GRAB_DELAYED,
	CANCEL_DISABLE	= 1 << 1,
};

static unsigned long offq_add_disable(unsigned long offq, int delta)
{
	unsigned int n = offq_disable_count(offq);

	if (delta > 0)
		WARN_ONCE(n + 1 >= (1U << WORK_OFFQ_DISABLE_BITS),
			  "workqueue: work disable count overflowed\n");
	else
		WARN_ONCE(!n, "workqueue: work disable count underflowed\n");
	n = clamp_t(int, (int)n + delta, 0, (1 << WORK_OFFQ_DISABLE_BITS) - 1);
	return (offq & ~WORK_OFFQ_DISABLE_MASK) |
	       ((unsigned long)n << WORK_OFFQ_DISABLE_SHIFT);
}

/*
 * Does an instance of @work, whose PENDING bit we own, run now?  Its data
 * word names the pool it last ran or was queued on, where it would run.
 * Irqs off.
 */
static bool work_running(struct work_struct *work)
{
	struct worker_pool *pool;
	bool running = false;

	rcu_read_lock();
	pool = get_work_pool(work);
	if (pool) {
		raw_spin_lock(&pool->lock);
		running = find_worker_executing_work(pool, work);
		raw_spin_unlock(&pool->lock);
	}
	rcu_read_unlock();
	return running;
}

/*
 * Take @work off its queue and release it idle, disabled once more with
 * CANCEL_DISABLE.  A _sync cancel passes @wait: an item that is not
 * running is then done with, since owning PENDING we made it idle; one
 * that runs is disabled too, so that it cannot come back while the caller
 * waits for it (an item without a function goes that way as well, for
 * __flush_work() to warn about), and *@wait says so.
 */
static bool __cancel_work(struct work_struct *work, unsigned int how, bool *wait)
{
	unsigned long irq_flags, data, offq;
	bool was_pending, disable = how & CANCEL_DISABLE;

	grab_pending(work, how, &irq_flags, &was_pending);
	data = work_data(work);
	offq = data_offq_flags(data);
	if (wait) {
		disable = disable || !wq_online || !work->func || work_running(work);
		*wait = disable;
	}
	if (disable)
		offq = offq_add_disable(offq, 1);
	set_work_offq_release(work, data_pool_id(data), offq);
	local_irq_restore(irq_flags);
	/*
	 * The context a _sync cancel may wait in, from what we released: an
	 * item left enabled may be queued again by now, and its data word
	 * then names a pwq.  A BH item is waited for by polling: any context
	 * but a hardirq.
	 */
	if (wait) {
		if (offq & WORK_OFFQ_BH)
			WARN_ON_ONCE(in_hardirq());
		else
			might_sleep();
	}
	return was_pending;
}

static bool __cancel_work_sync(struct work_struct *work, unsigned int how)
{
	bool was_pending, wait;

	was_pending = __cancel_work(work, how, &wait);
	if (!wait)
		return was_pending;
	if (wq_online)
		__flush_work(work, true);
	if (!(how & CANCEL_DISABLE))
		enable_work(work);
	return was_pending;
}

/**
 * cancel_work - take a work item off its queue
 * @work: the item
 *
 * Does not wait for a running instance.
 *
 * Context: Any context except NMI; takes raw spinlocks with interrupts off.
 *
 * Return: %true if @work was pending.
 */
bool cancel_work(struct work_struct *work)
{
	return __cancel_work(work, 0, NULL);
}
EXPORT_SYMBOL(cancel_work);

/**
 * cancel_work_sync - cancel a work item and wait for it
 * @work: the item
 *
 * Takes @work off its queue and waits for a running instance to finish.
 * @work may requeue itself meanwhile; when this returns it is idle.
 * Attempts to queue @work while this waits fail.
 *
 * Context: Process context; may sleep.  For an item of a BH workqueue, any
 * context but a hardirq: a running instance is busy-waited for.
 * Must not be called from @work itself.
 *
 * Return: %true if @work was pending.
 */
bool cancel_work_sync(struct work_struct *work)
{
	return __cancel_work_sync(work, 0);
}
EXPORT_SYMBOL_GPL(cancel_work_sync);

/**
 * cancel_delayed_work - cancel a delayed work item
 * @dwork: the item
 *
 * Stops its timer or takes it off its queue; does not wait for a running
 * instance.  Safe from any context.
 *
 * Context: Any context except NMI; takes raw spinlocks with interrupts off.
 *
 * Return: %true if @dwork was pending.
 */
bool cancel_delayed_work(struct delayed_work *dwork)
{
	return __cancel_work(&dwork->work, CANCEL_DELAYED, NULL);
}
EXPORT_SYMBOL(cancel_delayed_work);

/**
 * cancel_delayed_work_sync - cancel a delayed work item and wait for it
 * @dwork: the item
 *
 * Context: Process context; may sleep.  For an item of a BH workqueue, any
 * context but a hardirq: a running instance is busy-waited for.
 * Must not be called from @dwork itself.
 *
 * Return: %true if @dwork was pending.
 */
bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	return __cancel_work_sync(&dwork->work, CANCEL_DELAYED);
}
EXPORT_SYMBOL(cancel_delayed_work_sync);

/**
 * disable_work - cancel a work item and keep it from being queued
 * @work: the item
 *
 * Disabling nests: the item can be queued again once enable_work() has
 * been called as often as this.  Does not wait for a running instance.
 *
 * Context: Any context except NMI; takes raw spinlocks with interrupts off.
 *
 * Return: %true if @work was pending.
 */
bool disable_work(struct work_struct *work)
{
	return __cancel_work(work, CANCEL_DISABLE, NULL);
}
EXPORT_SYMBOL_GPL(disable_work);

/**
 * disable_work_sync - disable a work item and wait for it
 * @work: the item
 *
 * Context: Process context; may sleep.  For an item of a BH workqueue, any
 * context but a hardirq: a running instance is busy-waited for.
 * Must not be called from @work itself.
 *
 * Return: %true if @work was pending.
 */
bool disable_work_sync(struct work_struct *work)
{
	return __cancel_work_sync(work, CANCEL_DISABLE);
}
EXPORT_SYMBOL_GPL(disable_work_sync);

/**
 * enable_work - undo one disable_work()
 * @work: the item
 *
 * Context: Any context except NMI; takes raw spinlocks with interrupts off.
 *
 * Return: %true if @work can be queued again (the count reached zero).
 */
bool enable_work(struct work_struct *work)
{
	unsigned long irq_flags, data, offq;
	bool was_pending;

	grab_pending(work, 0, &irq_flags, &was_pending);
	data = work_data(work);
	offq = offq_add_disable(data_offq_flags(data), -1);
	set_work_offq_release(work, data_pool_id(data), offq);
	local_irq_restore(irq_flags);
	return !offq_disable_count(offq);
}
EXPORT_SYMBOL_GPL(enable_work);

/**
 * disable_delayed_work - disable a delayed work item
 * @dwork: the item
 *
 * Context: Any context except NMI; takes raw spinlocks with interrupts off.
 *
 * Return: %true if @dwork was pending.
 */
bool disable_delayed_work(struct delayed_work *dwork)
{
	return __cancel_work(&dwork->work, CANCEL_DELAYED | CANCEL_DISABLE, NULL);
}
EXPORT_SYMBOL_GPL(disable_delayed_work);

/**
 * disable_delayed_work_sync - disable a delayed work item and wait for it
 * @dwork: the item
 *
 * Context: Process context; may sleep.  For an item of a BH workqueue, any
 * context but a hardirq: a running instance is busy-waited for.
 * Must not be called from @dwork itself.
 *
 * Return: %true if @dwork was pending.
 */
bool disable_delayed_work_sync(struct delayed_work *dwork)
{
	return __cancel_work_sync(&dwork->work, CANCEL_DELAYED | CANCEL_DISABLE);
}
EXPORT_SYMBOL_GPL(disable_delayed_work_sync);

/**
 * enable_delayed_work - undo one disable_delayed_work()
 * @dwork: the item
 *
 * Context: Any context except NMI; takes raw spinlocks with interrupts off.
 *
 * Return: %true if @dwork can be queued again.
 */
bool enable_delayed_work(struct delayed_work *dwork)
{
	return enable_work(&dwork->work);
}
EXPORT_SYMBOL_GPL(enable_delayed_work);

/* ------------------------------------------------------- attrs and pods */

/**
 * free_workqueue_attrs - free a workqueue_attrs
 * @attrs: what alloc_workqueue_attrs() returned, or %NULL
 */
void free_workqueue_attrs(struct workqueue_attrs *attrs)
{
	if (!attrs)
		return;
	free_cpumask_var(attrs->__pod_cpumask);
	free_cpumask_var(attrs->cpumask);
	kfree(attrs);
}

/**
 * alloc_workqueue_attrs - allocate a workqueue_attrs
 *
 * The new attrs allow every possible CPU, nice 0 and the default scope.
 *
 * Return: the attrs, or %NULL when out of memory.
 */
struct workqueue_attrs *alloc_workqueue_attrs(void)
{
	struct workqueue_attrs *attrs = kzalloc(sizeof(*attrs), GFP_KERNEL);

	if (!attrs)
		return NULL;
	if (!alloc_cpumask_var(&attrs->cpumask, GFP_KERNEL) ||
	    !alloc_cpumask_var(&attrs->__pod_cpumask, GFP_KERNEL)) {
		free_workqueue_attrs(attrs);
		return NULL;
	}
	cpumask_copy(attrs->cpumask, cpu_possible_mask);
	cpumask_copy(attrs->__pod_cpumask, cpu_possible_mask);
	attrs->affn_scope = WQ_AFFN_DFL;
	return attrs;
}

static void copy_attrs(struct workqueue_attrs *to, const struct workqueue_attrs *from)
{
	cpumask_copy(to->__pod_cpumask, from->__pod_cpumask);
	cpumask_copy(to->cpumask, from->cpumask);
	to->affn_scope = from->affn_scope;
	to->affn_strict = from->affn_strict;
	to->ordered = from->ordered;
	to->nice = from->nice;
}

/* Pools differ only in what their workers look like. */
static u32 pool_attrs_hash(const struct workqueue_attrs *attrs)
{
	u32 h = jhash_1word(attrs->nice, attrs->affn_strict);

	h = jhash(cpumask_bits(attrs->cpumask), BITS_TO_LONGS(nr_cpumask_bits) *
		  sizeof(long), h);
	return jhash(cpumask_bits(attrs->__pod_cpumask), BITS_TO_LONGS(nr_cpumask_bits) *
		     sizeof(long), h);
}

static bool pool_attrs_equal(const struct workqueue_attrs *a, const struct workqueue_attrs *b)
{
	return a->nice == b->nice && a->affn_strict == b->affn_strict &&
	       cpumask_equal(a->cpumask, b->cpumask) &&
	       cpumask_equal(a->__pod_cpumask, b->__pod_cpumask);
}

static bool cpus_share_pod(enum wq_affn_scope scope, int a, int b)
{
	switch (scope) {
	case WQ_AFFN_CPU:
		return a == b;
	case WQ_AFFN_SMT:
		return cpumask_test_cpu(b, topology_sibling_cpumask(a));
	case WQ_AFFN_CACHE:
		return cpus_share_cache(a, b);
	case WQ_AFFN_NUMA:
		return cpu_to_node(a) == cpu_to_node(b);
	default:
		return true;
	}
}

static void free_pods(struct wq_pod_type *pt)
{
	int i;

	for (i = 0; i < pt->nr_pods; i++)
		free_cpumask_var(pt->pod_cpus[i]);
	kfree(pt->pod_cpus);
	kfree(pt->cpu_pod);
	memset(pt, 0, sizeof(*pt));
}

/* Partition the possible CPUs into the pods of @scope. */
static void __init build_pods(struct wq_pod_type *pt, enum wq_affn_scope scope)
{
	int cpu, other, nr = 0;

	pt->cpu_pod = kcalloc(nr_cpu_ids, sizeof(int), GFP_KERNEL);
	pt->pod_cpus = kcalloc(nr_cpu_ids, sizeof(cpumask_var_t), GFP_KERNEL);
	wq_boot_need(pt->cpu_pod && pt->pod_cpus, "memory for the pod tables");

	for_each_possible_cpu(cpu)
		pt->cpu_pod[cpu] = -1;
	for_each_possible_cpu(cpu) {
		if (pt->cpu_pod[cpu] >= 0)
			continue;
		wq_boot_need(zalloc_cpumask_var(&pt->pod_cpus[nr], GFP_KERNEL),
			     "memory for the pod cpumasks");
		for_each_possible_cpu(other) {
			if (pt->cpu_pod[other] < 0 && cpus_share_pod(scope, cpu, other)) {
				pt->cpu_pod[other] = nr;
				cpumask_set_cpu(other, pt->pod_cpus[nr]);
			}
		}
		nr++;
	}
	pt->nr_pods = nr;
}

static enum wq_affn_scope attrs_scope(const struct workqueue_attrs *attrs)
{
	return attrs->affn_scope == WQ_AFFN_DFL ? wq_affn_dfl : attrs->affn_scope;
}

/* ------------------------------------------------------------- pools */

static int init_worker_pool(struct worker_pool *pool)
{
	pool->cpu = -1;
	pool->id = -1;
	pool->node = NUMA_NO_NODE;
	pool->refcnt = 1;
	pool->flags = POOL_DISASSOCIATED;
	raw_spin_lock_init(&pool->lock);
	pool->progress_ts = jiffies;
	hash_init(pool->busy_hash);
	INIT_LIST_HEAD(&pool->idle_list);
	INIT_LIST_HEAD(&pool->worklist);
	INIT_LIST_HEAD(&pool->workers);
	INIT_HLIST_NODE(&pool->hash_node);
	timer_setup(&pool->mayday_timer, mayday_fn, 0);
	timer_setup(&pool->idle_timer, idle_cull_fn, TIMER_DEFERRABLE);
	INIT_WORK(&pool->idle_cull_work, idle_cull_workfn);
	ida_init(&pool->worker_ida);
	pool->attrs = alloc_workqueue_attrs();
	return pool->attrs ? 0 : -ENOMEM;
}

static int pool_assign_id(struct worker_pool *pool)
{
	int id;

	lockdep_assert_held(&wq_pool_mutex);
	id = idr_alloc(&pool_idr, pool, 0, WORK_OFFQ_POOL_NONE, GFP_KERNEL);
	if (id >= 0)
		pool->id = id;
	return id < 0 ? id : 0;
}

static void rcu_free_pool(struct rcu_head *head)
{
	struct worker_pool *pool = container_of(head, struct worker_pool, rcu);

	free_workqueue_attrs(pool->attrs);
	ida_destroy(&pool->worker_ida);
	kfree(pool);
}

static bool pool_claim_manager(struct worker_pool *pool)
{
	bool ok;

	raw_spin_lock_irq(&pool->lock);
	ok = !(pool->flags & POOL_MANAGING);
	if (ok)
		pool->flags |= POOL_MANAGING;
	raw_spin_unlock_irq(&pool->lock);
	return ok;
}

static void put_unbound_pool(struct worker_pool *pool)
{
	DECLARE_COMPLETION_ONSTACK(detached);
	struct worker *worker, *n;
	bool wait = false;
	LIST_HEAD(dying);

	lockdep_assert_held(&wq_pool_mutex);
	if (--pool->refcnt)
		return;
	if (WARN_ON(!list_empty(&pool->worklist)) || WARN_ON(pool->cpu >= 0))
		return;

	if (pool->id >= 0)
		idr_remove(&pool_idr, pool->id);
	hash_del(&pool->hash_node);

	/* nobody may create workers while the pool is being torn down */
	wait_event(wq_manager_wait, pool_claim_manager(pool));

	mutex_lock(&wq_pool_attach_mutex);
	raw_spin_lock_irq(&pool->lock);
	pool->flags |= POOL_DYING;
	list_for_each_entry_safe(worker, n, &pool->idle_list, idle_node)
		worker_mark_dying(worker, &dying);
	raw_spin_unlock_irq(&pool->lock);
	wake_dying(pool, &dying);
	if (!list_empty(&pool->workers)) {
		pool->detach_done = &detached;
		wait = true;
	}
	mutex_unlock(&wq_pool_attach_mutex);
	if (wait)
		wait_for_completion(&detached);

	/* no idle worker is left, so the cull work cannot re-arm the timer */
	del_timer_sync(&pool->idle_timer);
	cancel_work_sync(&pool->idle_cull_work);
	del_timer_sync(&pool->mayday_timer);
	call_rcu(&pool->rcu, rcu_free_pool);
}

/* Find or make the unbound pool for @attrs.  wq_pool_mutex held. */
static struct worker_pool *get_unbound_pool(const struct workqueue_attrs *attrs)
{
	u32 hash = pool_attrs_hash(attrs);
	struct worker_pool *pool;
	int node, target = NUMA_NO_NODE;

	lockdep_assert_held(&wq_pool_mutex);
	hash_for_each_possible(unbound_pool_hash, pool, hash_node, hash) {
		if (pool_attrs_equal(pool->attrs, attrs)) {
			pool->refcnt++;
			return pool;
		}
	}

	/* workers live on the node that holds all of the pod, if one does */
	for_each_node(node) {
		if (cpumask_subset(attrs->__pod_cpumask, cpumask_of_node(node))) {
			target = node;
			break;
		}
	}

	pool = kzalloc_node(sizeof(*pool), GFP_KERNEL, target);
	if (!pool || init_worker_pool(pool) < 0)
		goto fail;
	pool->node = target;
	copy_attrs(pool->attrs, attrs);
	pool->attrs->ordered = false;
	pool->attrs->affn_scope = WQ_AFFN_DFL;
	if (!attrs->affn_strict)
		pool->flags |= POOL_STEER;
	if (pool_assign_id(pool) < 0)
		goto fail;
	if (wq_online && !create_worker(pool))
		goto fail;
	hash_add(unbound_pool_hash, &pool->hash_node, hash);
	return pool;
fail:
	if (pool) {
		if (pool->id >= 0)
			idr_remove(&pool_idr, pool->id);
		free_workqueue_attrs(pool->attrs);
		kfree(pool);
	}
	return NULL;
}

/* ------------------------------------------------------- pool_workqueues */

static void rcu_free_pwq(struct rcu_head *rcu)
{
	struct pool_workqueue *pwq = container_of(rcu, struct pool_workqueue, rcu);

	wq_stats_pwq_free(pwq);
	kmem_cache_free(pwq_cache, pwq);
}

static void rcu_free_wq(struct rcu_head *rcu)
{
	struct workqueue_struct *wq = container_of(rcu, struct workqueue_struct, rcu);

	free_percpu(wq->cpu_pwq);
	free_workqueue_attrs(wq->unbound_attrs);
	kfree(wq->node_slots);
	wq_stats_wq_free(wq);
	kfree(wq);
}

static void wq_free_lockdep(struct workqueue_struct *wq)
{
#ifdef CONFIG_LOCKDEP
	if (wq->lockdep_map != &wq->own_map)
		return;
	lockdep_unregister_key(&wq->key);
	if (wq->lock_name != wq->name)
		kfree(wq->lock_name);
#endif
}

static void pwq_update_max(struct pool_workqueue *pwq);

/* Unbound workqueues: the per-node budgets (see struct wq_node_slots). */
static int wq_alloc_node_slots(struct workqueue_struct *wq)
{
	int i;

	wq->node_slots = kcalloc(nr_node_ids + 1, sizeof(*wq->node_slots), GFP_KERNEL);
	if (!wq->node_slots)
		return -ENOMEM;
	for (i = 0; i <= nr_node_ids; i++) {
		struct wq_node_slots *ns = &wq->node_slots[i];

		raw_spin_lock_init(&ns->lock);
		INIT_LIST_HEAD(&ns->waiters);
		/* hard: it takes raw pool locks without disabling irqs */
		ns->handoff_work = IRQ_WORK_INIT_HARD(slots_handoff_fn);
	}
	return 0;
}

static void wq_sync_node_slots(struct workqueue_struct *wq)
{
	int i;

	if (!wq->node_slots)
		return;
	for (i = 0; i <= nr_node_ids; i++)
		irq_work_sync(&wq->node_slots[i].handoff_work);
}

/*
 * Split @wq's max_active across the nodes by their online CPUs in @eff (the
 * effective cpumask; %NULL for the default pwq's), at least min_active each,
 * and let waiting pwqs use what a larger share frees.  wq->mutex held.
 */
static void wq_update_node_max(struct workqueue_struct *wq, const struct cpumask *eff)
{
	int node, cpu, total = 0;

	lockdep_assert_held(&wq->mutex);
	if (!wq->node_slots)
		return;
	if (!eff) {
		if (!wq->dfl_pwq)
			return;
		eff = wq->dfl_pwq->pool->attrs->cpumask;
	}
	for_each_cpu_and(cpu, eff, wq_online_cpus)
		total++;
	for (node = 0; node <= nr_node_ids; node++) {
		struct wq_node_slots *ns = &wq->node_slots[node];
		int max = wq->max_active, here = 0;
		unsigned long flags;

		if (node < nr_node_ids && total) {
			for_each_cpu_and(cpu, eff, wq_online_cpus)
				here += cpu_to_node(cpu) == node;
			max = clamp(DIV_ROUND_UP(wq->max_active * here, total),
				    min(wq->min_active, wq->max_active), wq->max_active);
		}
		raw_spin_lock_irqsave(&ns->lock, flags);
		WRITE_ONCE(ns->max, max);
		if (!list_empty(&ns->waiters))
			irq_work_queue(&ns->handoff_work);
		raw_spin_unlock_irqrestore(&ns->lock, flags);
	}
}

static void pwq_release_workfn(struct kthread_work *work)
{
	struct pool_workqueue *pwq = container_of(work, struct pool_workqueue, release_work);
	struct workqueue_struct *wq = pwq->wq;
	struct worker_pool *pool = pwq->pool;
	bool last = false;

	mutex_lock(&wq->mutex);
	wq_stats_pwq_retire(pwq);
	list_del_rcu(&pwq->pwqs_node);
	if (list_empty(&wq->pwqs)) {
		last = true;
	} else if (wq->flags & __WQ_ORDERED) {
		/* the oldest remaining pwq of an ordered workqueue goes next */
		struct pool_workqueue *next = list_first_entry(&wq->pwqs,
					struct pool_workqueue, pwqs_node);

		if (next->plugged) {
			next->plugged = false;
			pwq_update_max(next);
		}
	}
	mutex_unlock(&wq->mutex);

	if (pool->cpu < 0) {
		mutex_lock(&wq_pool_mutex);
		put_unbound_pool(pool);
		mutex_unlock(&wq_pool_mutex);
	}
	call_rcu(&pwq->rcu, rcu_free_pwq);

	/* only destroy_workqueue() lets the last pwq of a workqueue go */
	if (last) {
		wq_sync_node_slots(wq);
		wq_free_lockdep(wq);
		call_rcu(&wq->rcu, rcu_free_wq);
	}
}

static struct pool_workqueue *alloc_pwq(struct workqueue_struct *wq,
					struct worker_pool *pool)
{
	struct pool_workqueue *pwq;

	pwq = kmem_cache_alloc_node(pwq_cache, GFP_KERNEL | __GFP_ZERO, pool->node);
	if (!pwq)
		return NULL;
	pwq->refcnt = 1;
	pwq->flush_color = -1;
	pwq->wq = wq;
	pwq->pool = pool;
	if (wq_stats_pwq_alloc(pwq)) {
		kmem_cache_free(pwq_cache, pwq);
		return NULL;
	}
	if (wq->node_slots)
		pwq->slots = &wq->node_slots[pool->node == NUMA_NO_NODE ?
					     nr_node_ids : pool->node];
	INIT_LIST_HEAD(&pwq->slot_wait);
	INIT_LIST_HEAD(&pwq->mayday_node);
	INIT_LIST_HEAD(&pwq->pwqs_node);
	INIT_LIST_HEAD(&pwq->inactive_works);
	kthread_init_work(&pwq->release_work, pwq_release_workfn);
	return pwq;
}

/* Free a pwq nobody has seen yet.  wq_pool_mutex held for unbound ones. */
static void discard_pwq(struct pool_workqueue *pwq)
{
	if (!pwq)
		return;
	if (pwq->pool->cpu < 0)
		put_unbound_pool(pwq->pool);
	wq_stats_pwq_free(pwq);
	kmem_cache_free(pwq_cache, pwq);
}

static bool wq_frozen(struct workqueue_struct *wq)
{
	return (wq->flags & WQ_FREEZABLE) && workqueue_freezing;
}

/* Apply wq->max_active, freezing and plugging to @pwq.  wq->mutex held. */
static void pwq_update_max(struct pool_workqueue *pwq)
{
	struct workqueue_struct *wq = pwq->wq;
	struct worker_pool *pool = pwq->pool;
	unsigned long flags;

	lockdep_assert_held(&wq->mutex);
	/* irqsave: this runs in early boot, with interrupts still off */
	raw_spin_lock_irqsave(&pool->lock, flags);
	if (pwq->plugged || wq_frozen(wq))
		pwq->max_active = 0;
	else if (wq->flags & WQ_BH)
		pwq->max_active = INT_MAX;
	else
		pwq->max_active = wq->max_active;
	pool_unlock_irqrestore_wake(pool, flags,
				    pwq_activate_more(pwq) ? pool_kick(pool) : NULL);
}

static void link_pwq(struct pool_workqueue *pwq)
{
	struct workqueue_struct *wq = pwq->wq;

	lockdep_assert_held(&wq->mutex);
	if (!list_empty(&pwq->pwqs_node))
		return;
	pwq->work_color = wq->work_color;
	list_add_tail_rcu(&pwq->pwqs_node, &wq->pwqs);
	pwq_update_max(pwq);
}

/*
 * Point @cpu's slot of @wq at @pwq (or at nothing), which the slot holds a
 * reference on, and drop the reference of what it pointed at.  wq->mutex
 * held.
 */
static void set_cpu_pwq(struct workqueue_struct *wq, int cpu, struct pool_workqueue *pwq)
{
	if (pwq)
		get_pwq_unlocked(pwq);
	put_pwq_unlocked(rcu_replace_pointer(*per_cpu_ptr(wq->cpu_pwq, cpu), pwq,
					     lockdep_is_held(&wq->mutex)));
}

static int alloc_percpu_pwqs(struct workqueue_struct *wq)
{
	int highpri = !!(wq->flags & WQ_HIGHPRI);
	struct pool_workqueue *pwq;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct worker_pool *pool = wq->flags & WQ_BH ?
			&per_cpu(bh_pools, cpu)[highpri] : &per_cpu(cpu_pools, cpu)[highpri];

		pwq = alloc_pwq(wq, pool);
		if (!pwq)
			return -ENOMEM;
		mutex_lock(&wq->mutex);
		link_pwq(pwq);
		rcu_assign_pointer(*per_cpu_ptr(wq->cpu_pwq, cpu), pwq);
		mutex_unlock(&wq->mutex);
	}
	return 0;
}

static struct pool_workqueue *alloc_unbound_pwq(struct workqueue_struct *wq,
						const struct workqueue_attrs *attrs)
{
	struct worker_pool *pool = get_unbound_pool(attrs);
	struct pool_workqueue *pwq;

	if (!pool)
		return NULL;
	pwq = alloc_pwq(wq, pool);
	if (!pwq)
		put_unbound_pool(pool);
	return pwq;
}

/* What @wq runs with for @attrs: the cpumask narrowed to the global one. */
static void wq_effective_attrs(struct workqueue_struct *wq, struct workqueue_attrs *eff,
			       const struct workqueue_attrs *attrs)
{
	copy_attrs(eff, attrs);
	eff->ordered = wq->flags & __WQ_ORDERED;
	/* an empty effective mask falls back to every unbound CPU */
	if (!cpumask_and(eff->cpumask, attrs->cpumask, wq_unbound_cpumask))
		cpumask_copy(eff->cpumask, wq_unbound_cpumask);
	cpumask_copy(eff->__pod_cpumask, eff->cpumask);
}

/*
 * Fill @to with the attrs of the pool for @pod under effective attrs @eff:
 * the pod's online CPUs in the cpumask.  Returns false when the pod has
 * none, or all of them, so its CPUs use the default pwq.  wq_pool_mutex
 * held (for wq_online_cpus).
 */
static bool pod_attrs(struct workqueue_attrs *to, const struct workqueue_attrs *eff,
		      const struct wq_pod_type *pt, int pod)
{
	if (eff->ordered || pt->nr_pods == 1)
		return false;
	copy_attrs(to, eff);
	cpumask_and(to->__pod_cpumask, pt->pod_cpus[pod], wq_online_cpus);
	return cpumask_and(to->__pod_cpumask, to->__pod_cpumask, eff->cpumask) &&
	       !cpumask_equal(to->__pod_cpumask, eff->cpumask);
}

/*
 * Build @wq's pwqs for @attrs and switch to them, or leave everything as it
 * was and fail.  wq_pool_mutex held.
 */
static int apply_attrs_locked(struct workqueue_struct *wq,
			      const struct workqueue_attrs *attrs)
{
	struct pool_workqueue **pod_pwq = NULL, *dfl = NULL, *old_dfl;
	struct workqueue_attrs *eff = NULL, *tmp = NULL;
	struct wq_pod_type *pt;
	int cpu, pod, ret = -ENOMEM;

	lockdep_assert_held(&wq_pool_mutex);
	if (WARN_ON(!(wq->flags & WQ_UNBOUND)))
		return -EINVAL;

	eff = alloc_workqueue_attrs();
	tmp = alloc_workqueue_attrs();
	if (!eff || !tmp)
		goto out;
	wq_effective_attrs(wq, eff, attrs);

	pt = &wq_pod_types[attrs_scope(eff)];
	pod_pwq = kcalloc(pt->nr_pods, sizeof(*pod_pwq), GFP_KERNEL);
	if (!pod_pwq)
		goto out;

	dfl = alloc_unbound_pwq(wq, eff);
	if (!dfl)
		goto out_discard;
	for (pod = 0; pod < pt->nr_pods; pod++) {
		if (!pod_attrs(tmp, eff, pt, pod))
			continue;
		pod_pwq[pod] = alloc_unbound_pwq(wq, tmp);
		if (!pod_pwq[pod])
			goto out_discard;
	}

	/* commit: nothing below fails */
	mutex_lock(&wq->mutex);
	if (wq->unbound_attrs != attrs)
		copy_attrs(wq->unbound_attrs, attrs);
	wq->unbound_attrs->ordered = eff->ordered;
	wq_update_node_max(wq, eff->cpumask);
	/* an ordered workqueue runs the new pwq only once the old ones are done */
	dfl->plugged = eff->ordered && !list_empty(&wq->pwqs);
	link_pwq(dfl);
	for (pod = 0; pod < pt->nr_pods; pod++)
		if (pod_pwq[pod])
			link_pwq(pod_pwq[pod]);
	for_each_possible_cpu(cpu)
		set_cpu_pwq(wq, cpu, pod_pwq[pt->cpu_pod[cpu]] ?: dfl);
	old_dfl = wq->dfl_pwq;
	wq->dfl_pwq = dfl;	/* the creation reference becomes the default's */
	mutex_unlock(&wq->mutex);

	put_pwq_unlocked(old_dfl);
	for (pod = 0; pod < pt->nr_pods; pod++)
		put_pwq_unlocked(pod_pwq[pod]);	/* the CPU slots hold them now */
	ret = 0;
	goto out;

out_discard:
	for (pod = 0; pod < pt->nr_pods; pod++)
		discard_pwq(pod_pwq[pod]);
	discard_pwq(dfl);
out:
	kfree(pod_pwq);
	free_workqueue_attrs(eff);
	free_workqueue_attrs(tmp);
	return ret;
}

/**
 * apply_workqueue_attrs - change the attributes of an unbound workqueue
 * @wq: the workqueue, which must be unbound
 * @attrs: the new attributes
 *
 * New pools and pool_workqueues are prepared first; only when all of them
 * exist does @wq switch to them, so on failure nothing changed.  Items
 * already queued run where they were queued.  The cpumask is narrowed to
 * the global unbound cpumask; if nothing is left, that whole mask is used.
 *
 * Context: Process context. May sleep; takes wq_pool_mutex and @wq's mutex.
 *
 * Return: 0 on success, -EINVAL for a bound workqueue, -ENOMEM.
 */
int apply_workqueue_attrs(struct workqueue_struct *wq, const struct workqueue_attrs *attrs)
{
	int ret;

	mutex_lock(&wq_pool_mutex);
	ret = apply_attrs_locked(wq, attrs);
	mutex_unlock(&wq_pool_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(apply_workqueue_attrs);

#ifdef CONFIG_SMP	/* pods follow CPU hotplug */
/* scratch attrs for wq_update_pod(), which must not fail for want of memory */
static struct workqueue_attrs *wq_pod_scratch[2];

static void __init wq_pod_scratch_init(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(wq_pod_scratch); i++) {
		wq_pod_scratch[i] = alloc_workqueue_attrs();
		wq_boot_need(wq_pod_scratch[i], "memory for the pod scratch attrs");
	}
}

/*
 * @cpu came online or is going offline (wq_online_cpus says which): give
 * the CPUs of its pod the pwq for the pod's online CPUs, or the default
 * pwq when none of them is left.  If no pwq can be made, the pod falls back
 * to the default pwq, which always works.  wq_pool_mutex held.
 */
static void wq_update_pod(struct workqueue_struct *wq, int cpu)
{
	struct workqueue_attrs *eff = wq_pod_scratch[0], *tmp = wq_pod_scratch[1];
	struct pool_workqueue *cur, *pwq = NULL;
	const struct wq_pod_type *pt;
	bool keep = false;
	int pod, other;

	lockdep_assert_held(&wq_pool_mutex);
	if (!(wq->flags & WQ_UNBOUND) || (wq->flags & __WQ_ORDERED))
		return;

	/*
	 * The attrs, the default pwq and the CPU slots change only under
	 * wq_pool_mutex too, which we hold, so the new pwq (maybe a new pool,
	 * and its first worker) is made without wq->mutex: flushes and
	 * max_active changes of @wq need not wait for an allocation.  The
	 * mutex is only for installing it.
	 */
	wq_effective_attrs(wq, eff, wq->unbound_attrs);
	pt = &wq_pod_types[attrs_scope(eff)];
	pod = pt->cpu_pod[cpu];
	cur = cpu_pwq(wq, cpu);
	if (pod_attrs(tmp, eff, pt, pod)) {
		keep = cur != wq->dfl_pwq && pool_attrs_equal(cur->pool->attrs, tmp);
		if (!keep) {
			pwq = alloc_unbound_pwq(wq, tmp);
			if (!pwq)
				pr_warn("workqueue: %s: no pwq for the pod of CPU %d, using the default\n",
					wq->name, cpu);
		}
	}

	mutex_lock(&wq->mutex);
	if (keep)
		goto out;
	if (!pwq) {
		if (cur == wq->dfl_pwq)
			goto out;
		pwq = wq->dfl_pwq;
		get_pwq_unlocked(pwq);
	}
	link_pwq(pwq);
	for_each_possible_cpu(other)
		if (pt->cpu_pod[other] == pod)
			set_cpu_pwq(wq, other, pwq);
	put_pwq_unlocked(pwq);
out:
	wq_update_node_max(wq, NULL);
	mutex_unlock(&wq->mutex);
}

/*
 * @cpu comes online or goes offline: record it and update its pod in every
 * unbound workqueue (once the pods are built).  wq_pool_mutex held.
 */
static void wq_update_pods(int cpu, bool online)
{
	struct workqueue_struct *wq;

	lockdep_assert_held(&wq_pool_mutex);
	assign_cpu(cpu, wq_online_cpus, online);
	if (!wq_topo_ready)
		return;
	list_for_each_entry(wq, &workqueues, list)
		wq_update_pod(wq, cpu);
}
#else
static inline void wq_pod_scratch_init(void) { }
#endif /* CONFIG_SMP */

/* ----------------------------------------------- creating and destroying */

static int wq_clamp_max_active(int max_active, const char *name)
{
	int clamped = clamp_val(max_active, 1, WQ_MAX_ACTIVE);

	if (clamped != max_active)
		pr_warn("workqueue: max_active %d requested for %s is out of range, clamping between %d and %d\n",
			max_active, name, 1, WQ_MAX_ACTIVE);
	return clamped;
}

static void wq_init_lockdep(struct workqueue_struct *wq, struct lockdep_map *map)
{
#ifdef CONFIG_LOCKDEP
	if (map) {
		wq->lockdep_map = map;
		return;
	}
	lockdep_register_key(&wq->key);
	wq->lock_name = kasprintf(GFP_KERNEL, "(wq_completion)%s", wq->name);
	if (!wq->lock_name)
		wq->lock_name = wq->name;
	lockdep_init_map(&wq->own_map, wq->lock_name, &wq->key, 0);
	wq->lockdep_map = &wq->own_map;
#endif
}

static __printf(1, 0)
struct workqueue_struct *__alloc_workqueue(const char *fmt, unsigned int flags,
					   int max_active, struct lockdep_map *map,
					   va_list args)
{
	struct workqueue_struct *wq;
	struct pool_workqueue *pwq;
	int ret;

	if (flags & WQ_BH) {
		if (WARN_ON_ONCE(flags & ~__WQ_BH_ALLOWS))
			return NULL;
		if (WARN_ON_ONCE(max_active))
			return NULL;
	}
	if ((flags & WQ_POWER_EFFICIENT) && wq_power_efficient)
		flags |= WQ_UNBOUND;

	wq = kzalloc(sizeof(*wq), GFP_KERNEL);
	if (!wq)
		return NULL;
	vsnprintf(wq->name, sizeof(wq->name), fmt, args);
	if (wq_stats_wq_alloc(wq))
		goto err_free;
	if (flags & WQ_UNBOUND) {
		wq->unbound_attrs = alloc_workqueue_attrs();
		if (!wq->unbound_attrs)
			goto err_free;
	}
	wq->cpu_pwq = alloc_percpu(struct pool_workqueue __rcu *);
	if (!wq->cpu_pwq)
		goto err_free;

	if (!(flags & WQ_BH))
		max_active = wq_clamp_max_active(max_active ?: WQ_DFL_ACTIVE, wq->name);
	wq->flags = flags;
	wq->max_active = max_active;
	wq->min_active = WQ_DFL_MIN_ACTIVE;
	if ((flags & WQ_UNBOUND) && wq_alloc_node_slots(wq))
		goto err_free;
	mutex_init(&wq->mutex);
	INIT_LIST_HEAD(&wq->flush_cur);
	INIT_LIST_HEAD(&wq->flush_next);
	INIT_LIST_HEAD(&wq->pwqs);
	INIT_LIST_HEAD(&wq->list);
	INIT_LIST_HEAD(&wq->maydays);
	wq_init_lockdep(wq, map);

	/*
	 * The pwqs are made and the workqueue is listed in one wq_pool_mutex
	 * section: a CPU coming or going, a freeze or a global cpumask change
	 * either happened before (and the pwqs were made for it) or finds the
	 * workqueue on the list.
	 */
	mutex_lock(&wq_pool_mutex);
	if (flags & WQ_UNBOUND) {
		int highpri = !!(flags & WQ_HIGHPRI);

		ret = apply_attrs_locked(wq, flags & __WQ_ORDERED ? ordered_std_attrs[highpri] :
					 unbound_std_attrs[highpri]);
	} else {
		ret = alloc_percpu_pwqs(wq);
	}
	if (!ret) {
		wq->id = ++wq_last_id;
		list_add_tail_rcu(&wq->list, &workqueues);
	}
	mutex_unlock(&wq_pool_mutex);
	if (ret)
		goto err_pwqs;

	if (wq_online && init_rescuer(wq))
		goto err_destroy;
	if ((flags & WQ_SYSFS) && wq_sysfs_register_new(wq))
		goto err_destroy;
	return wq;

err_pwqs:
	/* nothing ran on them: take them apart directly */
	{
		int cpu;

		mutex_lock(&wq_pool_mutex);
		for_each_possible_cpu(cpu)
			RCU_INIT_POINTER(*per_cpu_ptr(wq->cpu_pwq, cpu), NULL);
		while ((pwq = list_first_entry_or_null(&wq->pwqs, struct pool_workqueue,
						       pwqs_node))) {
			list_del(&pwq->pwqs_node);
			discard_pwq(pwq);
		}
		mutex_unlock(&wq_pool_mutex);
	}
	wq_free_lockdep(wq);
err_free:
	free_percpu(wq->cpu_pwq);
	free_workqueue_attrs(wq->unbound_attrs);
	kfree(wq->node_slots);
	wq_stats_wq_free(wq);
	kfree(wq);
	return NULL;
err_destroy:
	destroy_workqueue(wq);
	return NULL;
}

/**
 * alloc_workqueue - allocate a workqueue
 * @fmt: printf format for its name
 * @flags: WQ_* flags
 * @max_active: items of it that may run at once per CPU (in the whole
 *	system for unbound workqueues), 0 for the default
 * @...: arguments for @fmt
 *
 * Context: Process context. May sleep.  Usable from early boot on, once
 * workqueue_init_early() has run.
 *
 * Return: the workqueue, or %NULL on failure.
 */
struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags,
					 int max_active, ...)
{
	va_list ap;
	struct workqueue_struct *wq;

	va_start(ap, max_active);
	wq = __alloc_workqueue(fmt, flags, max_active, NULL, ap);
	va_end(ap);
	return wq;
}
EXPORT_SYMBOL_GPL(alloc_workqueue);

#ifdef CONFIG_LOCKDEP
/**
 * alloc_workqueue_lockdep_map - allocate a workqueue sharing a lockdep map
 * @fmt: printf format for its name
 * @flags: WQ_* flags
 * @max_active: as for alloc_workqueue()
 * @lockdep_map: the map to use instead of one of its own
 * @...: arguments for @fmt
 *
 * Context: Process context. May sleep.
 *
 * Return: the workqueue, or %NULL on failure.
 */
struct workqueue_struct *alloc_workqueue_lockdep_map(const char *fmt, unsigned int flags,
						     int max_active,
						     struct lockdep_map *lockdep_map, ...)
{
	struct workqueue_struct *wq;
	va_list args;

	va_start(args, lockdep_map);
	wq = __alloc_workqueue(fmt, flags, max_active, lockdep_map, args);
	va_end(args);
	return wq;
}
EXPORT_SYMBOL_GPL(alloc_workqueue_lockdep_map);
#endif

/**
 * destroy_workqueue - drain and free a workqueue
 * @wq: the workqueue
 *
 * Waits for everything queued on @wq, including chains its items queue
 * meanwhile.  If items are still there afterwards (somebody queued from
 * outside), the workqueue is reported and left alone rather than freed
 * with work on it.
 *
 * Context: Process context. May sleep.  Must not be called from an item of
 * @wq.
 */
void destroy_workqueue(struct workqueue_struct *wq)
{
	struct pool_workqueue *pwq, *keep;
	bool busy = false;
	int cpu;

	workqueue_sysfs_unregister(wq);

	mutex_lock(&wq->mutex);
	WRITE_ONCE(wq->flags, wq->flags | __WQ_DESTROYING);
	mutex_unlock(&wq->mutex);

	drain_workqueue(wq);

	if (wq->rescuer) {
		struct worker *rescuer = wq->rescuer;

		mutex_lock(&wq_pool_attach_mutex);
		raw_spin_lock_irq(&wq_mayday_lock);
		wq->rescuer = NULL;
		raw_spin_unlock_irq(&wq_mayday_lock);
		mutex_unlock(&wq_pool_attach_mutex);
		/* it answers the maydays already sent before it stops */
		kthread_stop(rescuer->task);
		kfree(rescuer);
	}

	mutex_lock(&wq_pool_mutex);
	mutex_lock(&wq->mutex);
	list_for_each_entry(pwq, &wq->pwqs, pwqs_node) {
		raw_spin_lock_irq(&pwq->pool->lock);
		busy |= pwq_busy(pwq);
		raw_spin_unlock_irq(&pwq->pool->lock);
	}
	if (busy) {
		mutex_unlock(&wq->mutex);
		mutex_unlock(&wq_pool_mutex);
		/* leaked rather than freed under the items that still use it */
		WARN(1, "%s: %s has work left after draining\n", __func__, wq->name);
		show_one_workqueue(wq);
		return;
	}
	list_del_rcu(&wq->list);
	mutex_unlock(&wq->mutex);
	mutex_unlock(&wq_pool_mutex);

	/*
	 * Drop the CPU slots' and the default's references.  The release of
	 * the last pwq frees @wq, so one pwq is held until wq->mutex is no
	 * longer ours.
	 */
	mutex_lock(&wq->mutex);
	/*
	 * Not just any pwq on the list: one an attrs change replaced may be
	 * at zero already, waiting for the release worker to unlink it.
	 */
	keep = wq->dfl_pwq ?: list_first_entry(&wq->pwqs, struct pool_workqueue, pwqs_node);
	get_pwq_unlocked(keep);
	for_each_possible_cpu(cpu)
		set_cpu_pwq(wq, cpu, NULL);
	pwq = wq->dfl_pwq;
	wq->dfl_pwq = NULL;
	put_pwq_unlocked(pwq);
	mutex_unlock(&wq->mutex);
	put_pwq_unlocked(keep);
}
EXPORT_SYMBOL_GPL(destroy_workqueue);

/**
 * workqueue_set_max_active - change how many items of a workqueue run at once
 * @wq: the workqueue, not ordered and not BH
 * @max_active: the new limit, clamped to 1..%WQ_MAX_ACTIVE
 *
 * Context: Process context. May sleep; takes @wq's mutex.
 */
void workqueue_set_max_active(struct workqueue_struct *wq, int max_active)
{
	struct pool_workqueue *pwq;

	if (WARN_ON(wq->flags & (WQ_BH | __WQ_ORDERED)))
		return;
	max_active = wq_clamp_max_active(max_active, wq->name);

	mutex_lock(&wq->mutex);
	wq->max_active = max_active;
	wq_update_node_max(wq, NULL);
	list_for_each_entry(pwq, &wq->pwqs, pwqs_node)
		pwq_update_max(pwq);
	mutex_unlock(&wq->mutex);
}
EXPORT_SYMBOL_GPL(workqueue_set_max_active);

/**
 * workqueue_set_min_active - set the per-node minimum of an unbound workqueue
 * @wq: the workqueue, unbound and not ordered
 * @min_active: the new minimum
 *
 * An unbound workqueue's max_active is shared by the NUMA nodes in
 * proportion to their online CPUs; each node's share is at least
 * @min_active (capped at max_active), so a node with few CPUs still makes
 * progress.  The default is %WQ_DFL_MIN_ACTIVE.
 *
 * Context: Process context. May sleep; takes @wq's mutex.
 */
void workqueue_set_min_active(struct workqueue_struct *wq, int min_active)
{
	if (WARN_ON((wq->flags & (WQ_BH | WQ_UNBOUND | __WQ_ORDERED)) != WQ_UNBOUND))
		return;
	mutex_lock(&wq->mutex);
	wq->min_active = max(min_active, 0);
	wq_update_node_max(wq, NULL);
	mutex_unlock(&wq->mutex);
}
EXPORT_SYMBOL_GPL(workqueue_set_min_active);

/* -------------------------------------------------------- introspection */

/**
 * current_work - the work item %current is running
 *
 * Context: Any context.  Returns %NULL in a BH work item or an interrupt,
 * which do not run in a worker thread.
 *
 * Return: the item, or %NULL when %current is not a workqueue worker.
 */
struct work_struct *current_work(void)
{
	struct worker *self = current_wq_worker();

	return self ? self->current_work : NULL;
}
EXPORT_SYMBOL(current_work);

/**
 * current_is_workqueue_rescuer - is %current a rescuer thread?
 *
 * Return: %true if %current rescues a WQ_MEM_RECLAIM workqueue.
 */
bool current_is_workqueue_rescuer(void)
{
	struct worker *worker = current_wq_worker();

	return worker && worker->rescue_wq;
}

/**
 * workqueue_congested - do items wait for max_active on a CPU?
 * @cpu: the CPU, or %WORK_CPU_UNBOUND for the local one
 * @wq: the workqueue
 *
 * For an unbound @wq, @cpu selects the pod.  A hint only: the answer may be
 * stale by the time the caller looks at it.
 *
 * Context: Any context.  Takes no lock.
 *
 * Return: %true if items of @wq wait on @cpu's pool_workqueue.
 */
bool workqueue_congested(int cpu, struct workqueue_struct *wq)
{
	struct pool_workqueue *pwq;
	bool congested;

	rcu_read_lock();
	preempt_disable();
	/* preemption is off, so the local CPU stays the local CPU */
	if (cpu == WORK_CPU_UNBOUND)
		cpu = smp_processor_id();
	pwq = rcu_dereference(*per_cpu_ptr(wq->cpu_pwq, cpu));
	congested = !list_empty(&pwq->inactive_works);
	preempt_enable();
	rcu_read_unlock();
	return congested;
}
EXPORT_SYMBOL_GPL(workqueue_congested);

/**
 * work_busy - is a work item pending or running?
 * @work: the item
 *
 * A hint for debugging: the state may change right after the call.
 *
 * Context: Any context except NMI; takes the pool's raw lock with
 * interrupts saved.
 *
 * Return: a mask of %WORK_BUSY_PENDING and %WORK_BUSY_RUNNING.
 */
unsigned int work_busy(struct work_struct *work)
{
	unsigned int busy = work_pending(work) ? WORK_BUSY_PENDING : 0;
	struct worker_pool *pool;
	unsigned long flags;

	rcu_read_lock();
	pool = get_work_pool(work);
	if (pool) {
		raw_spin_lock_irqsave(&pool->lock, flags);
		if (find_worker_executing_work(pool, work))
			busy |= WORK_BUSY_RUNNING;
		raw_spin_unlock_irqrestore(&pool->lock, flags);
	}
	rcu_read_unlock();
	return busy;
}
EXPORT_SYMBOL_GPL(work_busy);

/**
 * set_worker_desc - describe what the current work item is doing
 * @fmt: printf format
 * @...: its arguments
 *
 * The text shows in /proc/PID/comm of the worker and in its dumps until it
 * starts another item.  Outside a worker this does nothing.
 *
 * Context: Any context.  Does nothing in a BH work item or an interrupt,
 * which do not run in a worker thread.
 */
void set_worker_desc(const char *fmt, ...)
{
	struct worker *self = current_wq_worker();
	va_list ap;

	if (self) {
		va_start(ap, fmt);
		vsnprintf(self->desc, sizeof(self->desc), fmt, ap);
		va_end(ap);
		self->desc_wq = 0;
	}
}
EXPORT_SYMBOL_GPL(set_worker_desc);

/**
 * print_worker_info - print what a worker runs, for a dump
 * @log_lvl: printk level
 * @task: the task being dumped
 *
 * Prints nothing if @task is not a worker.  Reads the worker defensively:
 * @task may be anywhere in its life.
 */
void print_worker_info(const char *log_lvl, struct task_struct *task)
{
	char name[WQ_NAME_LEN] = { };
	char desc[WORKER_DESC_LEN] = { };
	struct workqueue_struct *wq = NULL;
	struct pool_workqueue *pwq = NULL;
	work_func_t fn = NULL;
	struct worker *worker;
	bool own_desc;

	if (!(task->flags & PF_WQ_WORKER))
		return;
	worker = kthread_probe_data(task);
	if (!worker)
		return;
	copy_from_kernel_nofault(desc, worker->desc, sizeof(desc) - 1);
	copy_from_kernel_nofault(&pwq, &worker->current_pwq, sizeof(pwq));
	copy_from_kernel_nofault(&fn, &worker->current_func, sizeof(fn));
	if (pwq)
		copy_from_kernel_nofault(&wq, &pwq->wq, sizeof(wq));
	if (wq)
		copy_from_kernel_nofault(name, wq->name, sizeof(name) - 1);

	if (!fn && !name[0] && !desc[0])
		return;
	own_desc = desc[0] && strcmp(name, desc);
	printk("%sWorkqueue: %s %ps%s%s%s\n", log_lvl, name, fn, own_desc ? " (" : "",
	       own_desc ? desc : "", own_desc ? ")" : "");
}

/**
 * wq_worker_comm - the name /proc shows for a worker
 * @buf: where to write it
 * @size: size of @buf
 * @task: the task
 *
 * A worker's name is followed by "+desc" while it runs an item and
 * "-desc" after, desc being the workqueue's name or set_worker_desc()'s.
 * A rescuer shows as "kworker/R-" and its workqueue's whole name, which
 * its 15-character comm cuts short.
 */
void wq_worker_comm(char *buf, size_t size, struct task_struct *task)
{
	int off;

	off = strscpy(buf, task->comm, size);
	if (off < 0)
		return;

	mutex_lock(&wq_pool_attach_mutex);
	/* PF_WQ_WORKER and a worker's pool only change under this mutex */
	if (task->flags & PF_WQ_WORKER) {
		struct worker *wkr = kthread_data(task);
		struct worker_pool *pool = wkr->pool;

		/* a rescuer's comm cuts its workqueue's name short */
		if (wkr->rescue_wq) {
			scnprintf(buf, size, "kworker/R-%s", wkr->rescue_wq->name);
		} else if (pool) {
			raw_spin_lock_irq(&pool->lock);
			if (wkr->desc[0])
				scnprintf(buf + off, size - off, "%c%s",
					  wkr->current_work ? '+' : '-', wkr->desc);
			raw_spin_unlock_irq(&pool->lock);
		}
	}
	mutex_unlock(&wq_pool_attach_mutex);
}

/* ------------------------------------------------------------- dumps */

/*
 * The dumps build each line in a buffer and print it whole: pr_cont()
 * pieces interleave with what other CPUs print meanwhile.  A piece that does
 * not fit goes on a continuation line, indented; one longer than a whole line
 * (the cpumask of a big machine) is printed on a line of its own.
 */
#define DUMP_CONT_INDENT	6

struct wq_dump_line {
	char	buf[160];
	int	len;		/* of buf, NUL excluded */
	int	fresh;		/* len when the line started: nothing added yet */
};

/* Start an empty line, or one indented to continue the previous one. */
static void dump_start(struct wq_dump_line *l, bool cont)
{
	l->len = cont ? DUMP_CONT_INDENT : 0;
	memset(l->buf, ' ', l->len);
	l->buf[l->len] = '\0';
	l->fresh = l->len;
}

/* Print the line if anything was added to it; what follows continues it. */
static void dump_put(struct wq_dump_line *l)
{
	if (l->len > l->fresh)
		pr_info("%s\n", l->buf);
	dump_start(l, true);
}

static __printf(2, 0) bool dump_try(struct wq_dump_line *l, const char *fmt, va_list args)
{
	int room = sizeof(l->buf) - l->len;
	int n = vsnprintf(l->buf + l->len, room, fmt, args);

	if (n < room) {
		l->len += n;
		return true;
	}
	l->buf[l->len] = '\0';
	return false;
}

static __printf(2, 3) void dump_add(struct wq_dump_line *l, const char *fmt, ...)
{
	struct va_format vaf = { .fmt = fmt };
	va_list args;
	bool done;

	va_start(args, fmt);
	done = dump_try(l, fmt, args);
	va_end(args);
	if (!done && l->len > l->fresh) {
		dump_put(l);
		va_start(args, fmt);
		done = dump_try(l, fmt, args);
		va_end(args);
	}
	if (done)
		return;
	va_start(args, fmt);
	vaf.va = &args;
	pr_info("%s%pV\n", l->buf, &vaf);
	va_end(args);
	dump_start(l, true);
}

/* The items on @list, as a line (or more) of their functions. */
static void show_work_list(struct wq_dump_line *l, const char *what, struct list_head *list)
{
	struct work_struct *work;

	if (list_empty(list))
		return;
	dump_start(l, false);
	dump_add(l, "    %s:", what);
	list_for_each_entry(work, list, entry) {
		if (work->func == wq_barrier_func) {
			struct wq_barrier *barr = container_of(work, struct wq_barrier, work);

			dump_add(l, " BAR(%d)", task_pid_nr(barr->task));
		} else {
			dump_add(l, " %ps", work->func);
		}
	}
	dump_put(l);
}

/* pool->lock held */
static void show_pwq(struct pool_workqueue *pwq)
{
	struct worker_pool *pool = pwq->pool;
	struct wq_dump_line line = { };
	struct work_struct *work;
	struct worker *worker;
	int bkt, n = 0;

	pr_info("  pwq %d: cpus=%*pbl node=%d flags=0x%x nice=%d active=%d/%d refcnt=%d%s\n",
		pool->id, cpumask_pr_args(pool->attrs->cpumask), pool->node, pool->flags,
		pool->attrs->nice, pwq->nr_active, pwq->max_active, pwq->refcnt,
		pwq->plugged ? " plugged" : "");
	if (pwq->slots)
		pr_info("    pod=%*pbl node slots=%d/%d%s\n",
			cpumask_pr_args(pool->attrs->__pod_cpumask),
			atomic_read(&pwq->slots->nr), READ_ONCE(pwq->slots->max),
			list_empty(&pwq->slot_wait) ? "" : " waiting");

	hash_for_each(pool->busy_hash, bkt, worker, busy_node) {
		if (worker->current_pwq != pwq)
			continue;
		if (!n++)
			dump_add(&line, "    in-flight:");
		dump_add(&line, " %d%s:%ps", worker->task ? task_pid_nr(worker->task) : -1,
			 worker->rescue_wq ? "(RESCUER)" : "", worker->current_func);
	}
	dump_put(&line);

	dump_start(&line, false);
	n = 0;
	list_for_each_entry(work, &pool->worklist, entry) {
		if (get_work_pwq(work) != pwq)
			continue;
		if (!n++)
			dump_add(&line, "    pending:");
		dump_add(&line, " %ps", work->func);
	}
	dump_put(&line);
	show_work_list(&line, "inactive", &pwq->inactive_works);
}

/**
 * show_one_workqueue - dump the busy pool_workqueues of a workqueue
 * @wq: the workqueue
 *
 * Prints nothing if @wq is idle.
 */
void show_one_workqueue(struct workqueue_struct *wq)
{
	struct pool_workqueue *pwq;
	bool idle = true;
	unsigned long flags;

	rcu_read_lock();
	list_for_each_entry_rcu(pwq, &wq->pwqs, pwqs_node) {
		if (pwq->nr_active || !list_empty(&pwq->inactive_works)) {
			idle = false;
			break;
		}
	}
	if (idle)
		goto out;

	pr_info("workqueue %s: flags=0x%x\n", wq->name, wq->flags);
	list_for_each_entry_rcu(pwq, &wq->pwqs, pwqs_node) {
		raw_spin_lock_irqsave(&pwq->pool->lock, flags);
		if (pwq->nr_active || !list_empty(&pwq->inactive_works)) {
			/* keep the console out of our raw lock */
			printk_deferred_enter();
			show_pwq(pwq);
			printk_deferred_exit();
		}
		raw_spin_unlock_irqrestore(&pwq->pool->lock, flags);
		touch_nmi_watchdog();
	}
out:
	rcu_read_unlock();
}

static void show_pool(struct worker_pool *pool)
{
	struct wq_dump_line line = { };
	struct worker *worker;
	unsigned long flags;
	bool first = true;

	raw_spin_lock_irqsave(&pool->lock, flags);
	if (pool->nr_workers == pool->nr_idle && list_empty(&pool->worklist))
		goto out;
	printk_deferred_enter();
	dump_add(&line, "pool %d:", pool->id);
	dump_add(&line, " cpus=%*pbl", cpumask_pr_args(pool->attrs->cpumask));
	dump_add(&line, " flags=0x%x nice=%d", pool->flags, pool->attrs->nice);
	dump_add(&line, " hung=%us workers=%d running=%d idle=%d",
		 list_empty(&pool->worklist) ? 0 :
		 jiffies_to_msecs(jiffies - pool->progress_ts) / 1000,
		 pool->nr_workers, READ_ONCE(pool->nr_running), pool->nr_idle);
	if (pool->manager)
		dump_add(&line, " manager: %d", task_pid_nr(pool->manager->task));
	list_for_each_entry(worker, &pool->idle_list, idle_node) {
		dump_add(&line, "%s %d", first ? " idle:" : "", task_pid_nr(worker->task));
		first = false;
	}
	dump_put(&line);
	printk_deferred_exit();
out:
	raw_spin_unlock_irqrestore(&pool->lock, flags);
	touch_nmi_watchdog();
}

/**
 * show_all_workqueues - dump the busy workqueues and pools
 *
 * Called from sysrq-t and the watchdog.
 */
void show_all_workqueues(void)
{
	struct worker_pool *pool;
	struct workqueue_struct *wq;
	int id;

	pr_info("Showing busy workqueues and worker pools:\n");
	rcu_read_lock();
	list_for_each_entry_rcu(wq, &workqueues, list)
		show_one_workqueue(wq);
	idr_for_each_entry(&pool_idr, pool, id)
		show_pool(pool);
	rcu_read_unlock();
	wq_watchdog_touch(-1);
}

/**
 * show_freezable_workqueues - dump the freezable workqueues still busy
 *
 * Called when freezing tasks takes too long.
 */
void show_freezable_workqueues(void)
{
	struct workqueue_struct *wq;

	pr_info("Showing freezable workqueues that are still busy:\n");
	rcu_read_lock();
	list_for_each_entry_rcu(wq, &workqueues, list)
		if (wq->flags & WQ_FREEZABLE)
			show_one_workqueue(wq);
	rcu_read_unlock();
}

/* ------------------------------------------------------------- helpers */

/**
 * schedule_on_each_cpu - run a function on every online CPU and wait
 * @func: the function, called from a work item on each CPU
 *
 * Return: 0, or -ENOMEM.
 */
int schedule_on_each_cpu(work_func_t func)
{
	struct work_struct __percpu *items = alloc_percpu(struct work_struct);
	int cpu;

	if (!items)
		return -ENOMEM;
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		struct work_struct *item = per_cpu_ptr(items, cpu);

		INIT_WORK(item, func);
		schedule_work_on(cpu, item);
	}
	for_each_online_cpu(cpu)
		flush_work(per_cpu_ptr(items, cpu));
	cpus_read_unlock();
	free_percpu(items);
	return 0;
}

/**
 * execute_in_process_context - run a function in process context
 * @fn: the function
 * @ew: storage for the work item if one is needed
 *
 * In process context @fn runs at once; in interrupt context it is queued
 * on the system workqueue.
 *
 * Context: Any context except NMI.  Only in_interrupt() (hard or soft
 * interrupt, or bottom halves disabled) counts as interrupt context here;
 * otherwise @fn runs at once in the caller's context, even an atomic one.
 *
 * Return: 0 if @fn ran already, 1 if it was queued.
 */
int execute_in_process_context(work_func_t fn, struct execute_work *ew)
{
	if (in_interrupt()) {
		INIT_WORK(&ew->work, fn);
		schedule_work(&ew->work);
		return 1;
	}
	fn(&ew->work);
	return 0;
}
EXPORT_SYMBOL_GPL(execute_in_process_context);

#ifdef CONFIG_SMP	/* UP's work_on_cpu() calls the function directly */
struct wq_call {
	struct work_struct	work;
	long			(*fn)(void *arg);
	void			*arg;
	long			ret;
};

static void wq_call_fn(struct work_struct *work)
{
	struct wq_call *call = container_of(work, struct wq_call, work);

	call->ret = call->fn(call->arg);
}

/**
 * work_on_cpu_key - run a function on a CPU in a work item and wait
 * @cpu: the CPU
 * @fn: the function
 * @arg: its argument
 * @key: lockdep class for the on-stack item
 *
 * The caller keeps @cpu from going offline.
 *
 * Context: Process context. May sleep.
 *
 * Return: what @fn returned.
 */
long work_on_cpu_key(int cpu, long (*fn)(void *), void *arg, struct lock_class_key *key)
{
	struct wq_call call = { .fn = fn, .arg = arg };

	INIT_WORK_ONSTACK_KEY(&call.work, wq_call_fn, key);
	schedule_work_on(cpu, &call.work);
	flush_work(&call.work);
	destroy_work_on_stack(&call.work);
	return call.ret;
}
EXPORT_SYMBOL_GPL(work_on_cpu_key);

/**
 * work_on_cpu_safe_key - work_on_cpu_key() that holds CPU hotplug off
 * @cpu: the CPU
 * @fn: the function
 * @arg: its argument
 * @key: lockdep class for the on-stack item
 *
 * Context: Process context. May sleep; takes cpus_read_lock(), so not
 * from a CPU hotplug callback.
 *
 * Return: what @fn returned, or -ENODEV if @cpu is offline.
 */
long work_on_cpu_safe_key(int cpu, long (*fn)(void *), void *arg, struct lock_class_key *key)
{
	long ret;

	cpus_read_lock();
	ret = cpu_online(cpu) ? work_on_cpu_key(cpu, fn, arg, key) : -ENODEV;
	cpus_read_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(work_on_cpu_safe_key);
#endif /* CONFIG_SMP */

/**
 * __warn_flushing_systemwide_wq - link target for the flush warning
 *
 * flush_scheduled_work() and flushing a system workqueue reference this
 * function only to draw a compile-time warning; it does nothing.
 *
 * Context: Any context.
 */
void __warn_flushing_systemwide_wq(void)
{
}
EXPORT_SYMBOL(__warn_flushing_systemwide_wq);

/* ------------------------------------------------------------- freezer */

#ifdef CONFIG_FREEZER
static void wq_refresh_freezable(void)
{
	struct workqueue_struct *wq;
	struct pool_workqueue *pwq;

	lockdep_assert_held(&wq_pool_mutex);
	list_for_each_entry(wq, &workqueues, list) {
		if (!(wq->flags & WQ_FREEZABLE))
			continue;
		mutex_lock(&wq->mutex);
		list_for_each_entry(pwq, &wq->pwqs, pwqs_node)
			pwq_update_max(pwq);
		mutex_unlock(&wq->mutex);
	}
}

/**
 * freeze_workqueues_begin - stop freezable workqueues from starting work
 *
 * Items already running finish; new and waiting ones stay inactive until
 * thaw_workqueues().
 */
void freeze_workqueues_begin(void)
{
	mutex_lock(&wq_pool_mutex);
	WARN_ON_ONCE(workqueue_freezing);
	workqueue_freezing = true;
	wq_refresh_freezable();
	mutex_unlock(&wq_pool_mutex);
}

/**
 * freeze_workqueues_busy - do freezable workqueues still run work?
 *
 * Return: %true while any item of a freezable workqueue is active.
 */
bool freeze_workqueues_busy(void)
{
	bool busy = false;
	struct pool_workqueue *pwq;
	struct workqueue_struct *wq;

	mutex_lock(&wq_pool_mutex);
	WARN_ON_ONCE(!workqueue_freezing);
	/* one active item of any freezable workqueue is enough */
	list_for_each_entry(wq, &workqueues, list) {
		if (!(wq->flags & WQ_FREEZABLE))
			continue;
		rcu_read_lock();
		list_for_each_entry_rcu(pwq, &wq->pwqs, pwqs_node) {
			if (READ_ONCE(pwq->nr_active)) {
				busy = true;
				break;
			}
		}
		rcu_read_unlock();
		if (busy)
			break;
	}
	mutex_unlock(&wq_pool_mutex);
	return busy;
}

/**
 * thaw_workqueues - let freezable workqueues run again
 */
void thaw_workqueues(void)
{
	mutex_lock(&wq_pool_mutex);
	if (workqueue_freezing) {
		workqueue_freezing = false;
		wq_refresh_freezable();
	}
	mutex_unlock(&wq_pool_mutex);
}
#endif /* CONFIG_FREEZER */

/* ------------------------------------------------------------- hotplug */

#ifdef CONFIG_SMP	/* the CPU hotplug states that call these are SMP-only */
/**
 * workqueue_prepare_cpu - make sure a CPU coming up has workers
 * @cpu: the CPU
 *
 * Return: 0, or -ENOMEM.
 */
int workqueue_prepare_cpu(unsigned int cpu)
{
	struct worker_pool *pool;

	for_each_cpu_pool(pool, cpu) {
		if (pool->nr_workers)
			continue;
		if (!create_worker(pool))
			return -ENOMEM;
	}
	return 0;
}

/*
 * When the last CPU of an unbound pool went down, the scheduler let its
 * workers run anywhere.  One of the pool's CPUs is back: confine them
 * again.
 */
static void unbound_pools_rebind(int cpu)
{
	struct worker_pool *pool;
	struct worker *worker;
	int bkt;

	lockdep_assert_held(&wq_pool_mutex);
	mutex_lock(&wq_pool_attach_mutex);
	hash_for_each(unbound_pool_hash, bkt, pool, hash_node) {
		if (!cpumask_test_cpu(cpu, pool_allowed_cpus(pool)))
			continue;
		list_for_each_entry(worker, &pool->workers, pool_node)
			WARN_ON_ONCE(set_cpus_allowed_ptr(worker->task,
							  pool_allowed_cpus(pool)) < 0);
	}
	mutex_unlock(&wq_pool_attach_mutex);
}

/**
 * workqueue_online_cpu - bind a returning CPU's workers to it again
 * @cpu: the CPU
 *
 * Also updates the pods of unbound workqueues and confines the workers of
 * unbound pools that include @cpu to their CPUs again.
 *
 * Return: 0.
 */
int workqueue_online_cpu(unsigned int cpu)
{
	struct worker_pool *pool;
	struct worker *worker;

	mutex_lock(&wq_pool_mutex);
	wq_update_pods(cpu, true);
	unbound_pools_rebind(cpu);
	for_each_cpu_pool(pool, cpu) {
		mutex_lock(&wq_pool_attach_mutex);
		list_for_each_entry(worker, &pool->workers, pool_node) {
			kthread_set_per_cpu(worker->task, cpu);
			WARN_ON_ONCE(set_cpus_allowed_ptr(worker->task, pool->attrs->cpumask) < 0);
		}
		raw_spin_lock_irq(&pool->lock);
		pool->flags &= ~POOL_DISASSOCIATED;
		/* they count again once they start their next round */
		list_for_each_entry(worker, &pool->workers, pool_node)
			if (worker->flags & WKR_UNBOUND)
				worker->flags = (worker->flags & ~WKR_UNBOUND) | WKR_REBOUND;
		pool_unlock_irq_wake(pool, pool_kick(pool));
		mutex_unlock(&wq_pool_attach_mutex);
	}
	for_each_bh_pool(pool, cpu) {
		raw_spin_lock_irq(&pool->lock);
		pool->flags &= ~POOL_DISASSOCIATED;
		if (!list_empty(&pool->worklist))
			bh_pool_kick(pool);
		raw_spin_unlock_irq(&pool->lock);
	}
	mutex_unlock(&wq_pool_mutex);
	return 0;
}

/**
 * workqueue_offline_cpu - let a dying CPU's workers run elsewhere
 * @cpu: the CPU, which is %current's
 *
 * Its pools stop counting running workers and their workers may run on
 * any unbound CPU, so what is queued there still runs.
 *
 * Return: 0.
 */
int workqueue_offline_cpu(unsigned int cpu)
{
	const struct cpumask *fallback;
	struct worker_pool *pool;
	struct worker *worker;

	mutex_lock(&wq_pool_mutex);
	wq_update_pods(cpu, false);
	fallback = unbound_fallback_cpus();
	for_each_cpu_pool(pool, cpu) {
		mutex_lock(&wq_pool_attach_mutex);
		raw_spin_lock_irq(&pool->lock);
		list_for_each_entry(worker, &pool->workers, pool_node)
			worker->flags |= WKR_UNBOUND;
		pool->flags |= POOL_DISASSOCIATED;
		pool->nr_running = 0;
		raw_spin_unlock_irq(&pool->lock);

		list_for_each_entry(worker, &pool->workers, pool_node) {
			kthread_set_per_cpu(worker->task, -1);
			WARN_ON_ONCE(set_cpus_allowed_ptr(worker->task, fallback) < 0);
		}
		mutex_unlock(&wq_pool_attach_mutex);

		raw_spin_lock_irq(&pool->lock);
		pool_unlock_irq_wake(pool, pool_kick(pool));
	}
	mutex_unlock(&wq_pool_mutex);
	return 0;
}
#endif /* CONFIG_SMP */

/* ------------------------------------------------- the unbound cpumask */

/*
 * The global cpumask changed: move the idle rescuers of unbound workqueues
 * onto it.  One that is helping a pool now goes there when it detaches.
 */
static void rescuers_rehome(void)
{
	struct workqueue_struct *wq;

	lockdep_assert_held(&wq_pool_mutex);
	mutex_lock(&wq_pool_attach_mutex);
	list_for_each_entry(wq, &workqueues, list) {
		struct worker *rescuer = wq->rescuer;

		if (rescuer && (wq->flags & WQ_UNBOUND) && !rescuer->pool)
			set_cpus_allowed_ptr(rescuer->task, rescuer_home_cpus(rescuer));
	}
	mutex_unlock(&wq_pool_attach_mutex);
}

/*
 * Make @requested, less the CPUs of isolated cpusets, the global unbound
 * cpumask and rebuild every unbound workqueue on it.  wq_pool_mutex held.
 * On failure the old mask and pwqs stay.
 *
 * The CPUs that nohz_full= and isolcpus= isolate were taken out at boot,
 * also from the requested mask; a later write may put them back, which
 * 6.12 allows too: root asked for it.
 */
static int wq_set_unbound_mask(const struct cpumask *requested)
{
	struct workqueue_struct *wq;
	cpumask_var_t eff, old;
	int ret = 0;

	lockdep_assert_held(&wq_pool_mutex);
	if (!zalloc_cpumask_var(&eff, GFP_KERNEL))
		return -ENOMEM;
	if (!zalloc_cpumask_var(&old, GFP_KERNEL)) {
		free_cpumask_var(eff);
		return -ENOMEM;
	}
	cpumask_and(eff, requested, cpu_possible_mask);
	cpumask_andnot(eff, eff, wq_isolated_cpumask);
	/*
	 * CPUs that are all offline are taken, as in 6.12: unbound work runs
	 * elsewhere until one comes up (unbound_fallback_cpus()).
	 */
	if (cpumask_empty(eff)) {
		ret = -EINVAL;
		goto out;
	}
	if (cpumask_equal(eff, wq_unbound_cpumask))
		goto out;

	cpumask_copy(old, wq_unbound_cpumask);
	cpumask_copy(wq_unbound_cpumask, eff);
	list_for_each_entry(wq, &workqueues, list) {
		if (!(wq->flags & WQ_UNBOUND))
			continue;
		ret = apply_attrs_locked(wq, wq->unbound_attrs);
		if (ret)
			break;
	}
	if (ret) {
		cpumask_copy(wq_unbound_cpumask, old);
		list_for_each_entry(wq, &workqueues, list)
			if (wq->flags & WQ_UNBOUND)
				apply_attrs_locked(wq, wq->unbound_attrs);
	}
	rescuers_rehome();
out:
	free_cpumask_var(old);
	free_cpumask_var(eff);
	return ret;
}

/**
 * workqueue_unbound_exclude_cpumask - keep unbound work off isolated CPUs
 * @exclude_cpumask: the CPUs cpusets isolated
 *
 * Return: 0, or a negative errno if the unbound workqueues could not be
 * moved (they then stay where they were).
 */
int workqueue_unbound_exclude_cpumask(cpumask_var_t exclude_cpumask)
{
	int ret;

	mutex_lock(&wq_pool_mutex);
	cpumask_copy(wq_isolated_cpumask, exclude_cpumask);
	ret = wq_set_unbound_mask(wq_requested_unbound_cpumask);
	/* nothing left for unbound work is not the cpuset's problem */
	if (ret == -EINVAL)
		ret = 0;
	mutex_unlock(&wq_pool_mutex);
	return ret;
}

static int __init workqueue_unbound_cpus_setup(char *str)
{
	if (cpulist_parse(str, &wq_cmdline_cpumask) < 0) {
		cpumask_clear(&wq_cmdline_cpumask);
		pr_warn("workqueue.unbound_cpus: bad CPU list, using the default\n");
	}
	return 1;
}
__setup("workqueue.unbound_cpus=", workqueue_unbound_cpus_setup);

/* A scope name as admins write it: blanks around it and case don't matter. */
static int parse_affn_scope(const char *val)
{
	size_t len;
	int i;

	val = skip_spaces(val);
	len = strlen(val);
	while (len && isspace(val[len - 1]))
		len--;
	for (i = 0; i < WQ_AFFN_NR_TYPES; i++)
		if (wq_affn_names[i] && strlen(wq_affn_names[i]) == len &&
		    !strncasecmp(val, wq_affn_names[i], len))
			return i;
	return -EINVAL;
}

static int wq_affn_dfl_set(const char *val, const struct kernel_param *kp)
{
	struct workqueue_struct *wq;
	int scope = parse_affn_scope(val);

	if (scope < 0 || scope == WQ_AFFN_DFL)
		return -EINVAL;

	mutex_lock(&wq_pool_mutex);
	wq_affn_dfl = scope;
	if (wq_topo_ready) {
		list_for_each_entry(wq, &workqueues, list)
			if ((wq->flags & WQ_UNBOUND) &&
			    wq->unbound_attrs->affn_scope == WQ_AFFN_DFL)
				apply_attrs_locked(wq, wq->unbound_attrs);
	}
	mutex_unlock(&wq_pool_mutex);
	return 0;
}

static int wq_affn_dfl_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%s\n", wq_affn_names[wq_affn_dfl]);
}

static const struct kernel_param_ops wq_affn_dfl_ops = {
	.get	= wq_affn_dfl_get,
	.set	= wq_affn_dfl_set,
};
module_param_cb(default_affinity_scope, &wq_affn_dfl_ops, NULL, 0644);

/* ------------------------------------------------------------- sysfs */

#ifdef CONFIG_SYSFS
/*
 * /sys/bus/workqueue/devices/NAME/ for WQ_SYSFS workqueues, and the global
 * unbound cpumask in /sys/devices/virtual/workqueue/.  Every store either
 * takes effect completely or fails with -EINVAL (-ENOMEM) and changes
 * nothing.
 */
struct wq_device {
	struct workqueue_struct	*wq;
	struct device		dev;
};

static bool wq_sysfs_ready;

static struct workqueue_struct *dev_to_wq(struct device *dev)
{
	return container_of(dev, struct wq_device, dev)->wq;
}

static ssize_t per_cpu_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", !(dev_to_wq(dev)->flags & WQ_UNBOUND));
}
static DEVICE_ATTR_RO(per_cpu);

static ssize_t max_active_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(dev_to_wq(dev)->max_active));
}

static ssize_t max_active_store(struct device *dev, struct device_attribute *attr,
				const char *buf, size_t count)
{
	struct workqueue_struct *wq = dev_to_wq(dev);
	int val;

	if (kstrtoint(buf, 10, &val) || val < 1)
		return -EINVAL;
	/* read-only for these (see wq_sysfs_is_visible()), but root may try */
	if (wq->flags & __WQ_ORDERED)
		return -EINVAL;
	/* as in 6.12, more than the limit is the limit */
	workqueue_set_max_active(wq, min(val, WQ_MAX_ACTIVE));
	return count;
}
static DEVICE_ATTR_RW(max_active);

/* the files every WQ_SYSFS workqueue has */
static struct attribute *wq_sysfs_attrs[] = {
	&dev_attr_max_active.attr,
	&dev_attr_per_cpu.attr,
	NULL,
};

/*
 * An ordered workqueue's max_active is 1 by definition: read-only.  (BH
 * workqueues cannot have WQ_SYSFS.)
 */
static umode_t wq_sysfs_is_visible(struct kobject *kobj, struct attribute *a, int n)
{
	struct workqueue_struct *wq = dev_to_wq(kobj_to_dev(kobj));

	if (a == &dev_attr_max_active.attr && (wq->flags & __WQ_ORDERED))
		return 0444;
	return a->mode;
}

static const struct attribute_group wq_sysfs_group = {
	.attrs		= wq_sysfs_attrs,
	.is_visible	= wq_sysfs_is_visible,
};
__ATTRIBUTE_GROUPS(wq_sysfs);

/* Copy @wq's attrs, let @change edit the copy, apply it. */
static int wq_change_attrs(struct workqueue_struct *wq,
			   int (*change)(struct workqueue_attrs *attrs, const void *arg),
			   const void *arg)
{
	struct workqueue_attrs *attrs;
	int ret = -ENOMEM;

	mutex_lock(&wq_pool_mutex);
	attrs = alloc_workqueue_attrs();
	if (attrs) {
		copy_attrs(attrs, wq->unbound_attrs);
		ret = change(attrs, arg);
		if (!ret)
			ret = apply_attrs_locked(wq, attrs);
	}
	mutex_unlock(&wq_pool_mutex);
	free_workqueue_attrs(attrs);
	return ret;
}

static ssize_t nice_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct workqueue_struct *wq = dev_to_wq(dev);
	int nice;

	mutex_lock(&wq->mutex);
	nice = wq->unbound_attrs->nice;
	mutex_unlock(&wq->mutex);
	return sysfs_emit(buf, "%d\n", nice);
}

static int change_nice(struct workqueue_attrs *attrs, const void *arg)
{
	attrs->nice = *(const int *)arg;
	return 0;
}

static ssize_t nice_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	int nice, ret;

	if (kstrtoint(buf, 10, &nice) || nice < MIN_NICE || nice > MAX_NICE)
		return -EINVAL;
	ret = wq_change_attrs(dev_to_wq(dev), change_nice, &nice);
	return ret ?: count;
}
static DEVICE_ATTR_RW(nice);

static ssize_t cpumask_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct workqueue_struct *wq = dev_to_wq(dev);
	int ret;

	mutex_lock(&wq->mutex);
	ret = sysfs_emit(buf, "%*pb\n", cpumask_pr_args(wq->unbound_attrs->cpumask));
	mutex_unlock(&wq->mutex);
	return ret;
}

static int change_cpumask(struct workqueue_attrs *attrs, const void *arg)
{
	const struct cpumask *mask = arg;

	/*
	 * An empty mask asks for nothing; 6.12 takes it as the global mask.
	 * Any other is kept as asked, as in 6.12: where it has no online CPU
	 * of the global mask, the work runs on the global mask's CPUs until
	 * one of its own comes up.
	 */
	if (cpumask_empty(mask))
		return -EINVAL;
	cpumask_copy(attrs->cpumask, mask);
	return 0;
}

static ssize_t cpumask_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	cpumask_var_t mask;
	int ret;

	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	/* a CPU beyond nr_cpu_ids fails with -EOVERFLOW, as in 6.12 */
	ret = cpumask_parse(buf, mask) ?:
	      wq_change_attrs(dev_to_wq(dev), change_cpumask, mask);
	free_cpumask_var(mask);
	return ret ?: count;
}
static DEVICE_ATTR_RW(cpumask);

static ssize_t affinity_scope_show(struct device *dev, struct device_attribute *attr,
				   char *buf)
{
	struct workqueue_struct *wq = dev_to_wq(dev);
	enum wq_affn_scope scope;

	mutex_lock(&wq->mutex);
	scope = wq->unbound_attrs->affn_scope;
	mutex_unlock(&wq->mutex);
	if (scope == WQ_AFFN_DFL)
		return sysfs_emit(buf, "%s (%s)\n", wq_affn_names[WQ_AFFN_DFL],
				  wq_affn_names[wq_affn_dfl]);
	return sysfs_emit(buf, "%s\n", wq_affn_names[scope]);
}

static int change_scope(struct workqueue_attrs *attrs, const void *arg)
{
	attrs->affn_scope = *(const int *)arg;
	return 0;
}

static ssize_t affinity_scope_store(struct device *dev, struct device_attribute *attr,
				    const char *buf, size_t count)
{
	int scope = parse_affn_scope(buf), ret;

	if (scope < 0)
		return -EINVAL;
	ret = wq_change_attrs(dev_to_wq(dev), change_scope, &scope);
	return ret ?: count;
}
static DEVICE_ATTR_RW(affinity_scope);

static ssize_t affinity_strict_show(struct device *dev, struct device_attribute *attr,
				    char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(dev_to_wq(dev)->unbound_attrs->affn_strict));
}

static int change_strict(struct workqueue_attrs *attrs, const void *arg)
{
	attrs->affn_strict = *(const bool *)arg;
	return 0;
}

static ssize_t affinity_strict_store(struct device *dev, struct device_attribute *attr,
				     const char *buf, size_t count)
{
	bool strict;
	int val, ret;

	/*
	 * As in 6.12: a decimal number, whatever follows it ignored ("0x1"
	 * is 0), and nonzero is strict.
	 */
	if (sscanf(buf, "%d", &val) != 1)
		return -EINVAL;
	strict = val;
	ret = wq_change_attrs(dev_to_wq(dev), change_strict, &strict);
	return ret ?: count;
}
static DEVICE_ATTR_RW(affinity_strict);

static struct device_attribute *wq_unbound_dev_attrs[] = {
	&dev_attr_nice,
	&dev_attr_cpumask,
	&dev_attr_affinity_scope,
	&dev_attr_affinity_strict,
};

static const struct bus_type wq_subsys = {
	.name		= "workqueue",
	.dev_groups	= wq_sysfs_groups,
};

static ssize_t global_mask_show(char *buf, const struct cpumask *mask)
{
	int ret;

	mutex_lock(&wq_pool_mutex);
	ret = sysfs_emit(buf, "%*pb\n", cpumask_pr_args(mask));
	mutex_unlock(&wq_pool_mutex);
	return ret;
}

static ssize_t global_cpumask_show(struct device *dev, struct device_attribute *attr,
				   char *buf)
{
	return global_mask_show(buf, wq_unbound_cpumask);
}

static ssize_t global_cpumask_store(struct device *dev, struct device_attribute *attr,
				    const char *buf, size_t count)
{
	cpumask_var_t mask;
	int ret;

	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	/* a CPU beyond nr_cpu_ids fails with -EOVERFLOW, as in 6.12 */
	ret = cpumask_parse(buf, mask);
	if (!ret) {
		cpus_read_lock();
		mutex_lock(&wq_pool_mutex);
		ret = wq_set_unbound_mask(mask);
		if (!ret)
			cpumask_copy(wq_requested_unbound_cpumask, mask);
		mutex_unlock(&wq_pool_mutex);
		cpus_read_unlock();
	}
	free_cpumask_var(mask);
	return ret ?: count;
}

static ssize_t cpumask_requested_show(struct device *dev, struct device_attribute *attr,
				      char *buf)
{
	return global_mask_show(buf, wq_requested_unbound_cpumask);
}

static ssize_t cpumask_isolated_show(struct device *dev, struct device_attribute *attr,
				     char *buf)
{
	return global_mask_show(buf, wq_isolated_cpumask);
}

static struct device_attribute wq_global_attrs[] = {
	__ATTR(cpumask, 0644, global_cpumask_show, global_cpumask_store),
	__ATTR(cpumask_requested, 0444, cpumask_requested_show, NULL),
	__ATTR(cpumask_isolated, 0444, cpumask_isolated_show, NULL),
};

static void wq_device_release(struct device *dev)
{
	kfree(container_of(dev, struct wq_device, dev));
}

/**
 * workqueue_sysfs_register - show a workqueue under /sys/bus/workqueue
 * @wq: the workqueue
 *
 * alloc_workqueue() calls this for %WQ_SYSFS workqueues; those made before
 * the bus exists are registered when it appears.
 *
 * Return: 0 or a negative errno.
 */
int workqueue_sysfs_register(struct workqueue_struct *wq)
{
	struct wq_device *wq_dev;
	int ret, i;

	if (!wq_sysfs_ready)
		return 0;
	wq_dev = kzalloc(sizeof(*wq_dev), GFP_KERNEL);
	if (!wq_dev)
		return -ENOMEM;
	wq_dev->dev.release = wq_device_release;
	wq_dev->dev.bus = &wq_subsys;
	wq_dev->wq = wq;
	dev_set_name(&wq_dev->dev, "%s", wq->name);

	/* announce it only once all of its files are there */
	dev_set_uevent_suppress(&wq_dev->dev, true);
	ret = device_register(&wq_dev->dev);
	if (ret) {
		put_device(&wq_dev->dev);
		return ret;
	}
	if (wq->flags & WQ_UNBOUND) {
		for (i = 0; i < ARRAY_SIZE(wq_unbound_dev_attrs); i++) {
			ret = device_create_file(&wq_dev->dev, wq_unbound_dev_attrs[i]);
			if (ret) {
				device_unregister(&wq_dev->dev);
				return ret;
			}
		}
	}
	dev_set_uevent_suppress(&wq_dev->dev, false);
	kobject_uevent(&wq_dev->dev.kobj, KOBJ_ADD);
	wq->wq_dev = wq_dev;
	return 0;
}

/*
 * Register a new, listed workqueue unless wq_sysfs_init() has yet to run
 * (it registers what is listed) or already did it.
 */
static int wq_sysfs_register_new(struct workqueue_struct *wq)
{
	int ret = 0;

	mutex_lock(&wq_pool_mutex);
	if (wq_sysfs_ready && !wq->wq_dev)
		ret = workqueue_sysfs_register(wq);
	mutex_unlock(&wq_pool_mutex);
	return ret;
}

static void workqueue_sysfs_unregister(struct workqueue_struct *wq)
{
	struct wq_device *wq_dev = wq->wq_dev;

	if (!wq_dev)
		return;
	wq->wq_dev = NULL;
	device_unregister(&wq_dev->dev);
}

static int __init wq_sysfs_init(void)
{
	struct workqueue_struct *wq;
	struct device *root;
	int ret, i;

	ret = subsys_virtual_register(&wq_subsys, NULL);
	if (ret)
		return ret;
	root = bus_get_dev_root(&wq_subsys);
	if (root) {
		for (i = 0; i < ARRAY_SIZE(wq_global_attrs) && !ret; i++)
			ret = device_create_file(root, &wq_global_attrs[i]);
		put_device(root);
	}
	if (ret)
		return ret;

	mutex_lock(&wq_pool_mutex);
	wq_sysfs_ready = true;
	list_for_each_entry(wq, &workqueues, list)
		if ((wq->flags & WQ_SYSFS) && !wq->wq_dev)
			WARN_ON(workqueue_sysfs_register(wq));
	mutex_unlock(&wq_pool_mutex);
	return 0;
}
core_initcall(wq_sysfs_init);

#else	/* CONFIG_SYSFS */
static int wq_sysfs_register_new(struct workqueue_struct *wq) { return 0; }
static void workqueue_sysfs_unregister(struct workqueue_struct *wq) { }
#endif	/* CONFIG_SYSFS */

/* ------------------------------------------------------------- watchdog */

static inline void wq_watchdog_progress(struct worker_pool *pool)
{
	pool->progress_ts = jiffies;
}

#ifdef CONFIG_WQ_WATCHDOG
/*
 * Every threshold, look at each pool with work waiting: if none of it
 * started within the threshold (and nobody touched the watchdog, as a long
 * printk or a stopped machine does), report the pool and dump everything.
 *
 * Touches: a CPU's stamp excuses that CPU's pools; the unbound stamp,
 * refreshed by any CPU's touch, excuses the unbound pools, which have no
 * CPU of their own; the global one (a touch of all CPUs) excuses every
 * pool.  One CPU printing in a loop thus does not hide the other CPUs'
 * stalls.
 */
static struct timer_list wq_watchdog_timer;
static unsigned long wq_watchdog_thresh = 30;
static DEFINE_PER_CPU(unsigned long, wq_watchdog_touched_cpu) = INITIAL_JIFFIES;
static unsigned long wq_watchdog_touched_unbound = INITIAL_JIFFIES;
static unsigned long wq_watchdog_touched = INITIAL_JIFFIES;

/*
 * The threshold in jiffies.  Seconds times HZ may wrap for a threshold that
 * still fits in milliseconds, and a wrapped one would have always passed:
 * clamp it to the furthest time_after() can see.
 */
static notrace unsigned long wq_watchdog_thresh_jiffies(void)
{
	unsigned long thresh = READ_ONCE(wq_watchdog_thresh);

	return thresh > MAX_JIFFY_OFFSET / HZ ? MAX_JIFFY_OFFSET : thresh * HZ;
}

/**
 * wq_watchdog_touch - tell the workqueue watchdog a stall is expected
 * @cpu: the CPU that was busy, or -1 for all of them
 *
 * A touch of one CPU counts for the unbound pools too, which have no CPU
 * of their own; it refreshes their stamp at most every quarter of the
 * threshold, so that a CPU touching in a loop costs few shared writes.
 * Called from the softlockup watchdog's touch, which may be traced: this
 * must not be.
 *
 * Context: Any context.
 */
notrace void wq_watchdog_touch(int cpu)
{
	unsigned long thresh = wq_watchdog_thresh_jiffies();
	unsigned long now = jiffies;

	if (cpu < 0) {
		WRITE_ONCE(wq_watchdog_touched, now);
		return;
	}
	per_cpu(wq_watchdog_touched_cpu, cpu) = now;
	if (time_after(now, READ_ONCE(wq_watchdog_touched_unbound) + thresh / 4))
		WRITE_ONCE(wq_watchdog_touched_unbound, now);
}

static void wq_watchdog_reset(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		per_cpu(wq_watchdog_touched_cpu, cpu) = jiffies;
	wq_watchdog_touched_unbound = jiffies;
	wq_watchdog_touched = jiffies;
}

/* Panic at the workqueue.panic_on_stall'th stall report; 0: never. */
static unsigned int wq_panic_on_stall;
module_param_named(panic_on_stall, wq_panic_on_stall, uint, 0644);

static void wq_watchdog_maybe_panic(void)
{
	static unsigned int stalls;
	unsigned int limit = READ_ONCE(wq_panic_on_stall);

	if (limit && ++stalls >= limit)
		panic("workqueue: %u stall(s) reported, panic_on_stall=%u\n", stalls, limit);
}

/*
 * The stack of a worker hogging @pool's CPU, which keeps the pool's other
 * work from starting.  Found under the pool lock, printed after it.
 */
static void wq_watchdog_show_hog(struct worker_pool *pool)
{
	struct task_struct *hog = NULL;
	struct worker *worker;
	unsigned long flags;
	int bkt;

	raw_spin_lock_irqsave(&pool->lock, flags);
	hash_for_each(pool->busy_hash, bkt, worker, busy_node) {
		if (worker->task && task_is_running(worker->task)) {
			hog = get_task_struct(worker->task);
			break;
		}
	}
	raw_spin_unlock_irqrestore(&pool->lock, flags);
	if (!hog)
		return;
	pr_info("workqueue: pool %d: %s hogs CPU %d:\n", pool->id, hog->comm, pool->cpu);
	sched_show_task(hog);
	put_task_struct(hog);
}

static void wq_watchdog_timer_fn(struct timer_list *unused)
{
	unsigned long thresh = wq_watchdog_thresh_jiffies();
	struct worker_pool *pool;
	bool lockup = false;
	int id;

	if (!thresh)
		return;
	/* a paused guest has not been running: the time went to the host */
	if (kvm_check_and_clear_guest_paused()) {
		wq_watchdog_reset();
		goto rearm;
	}

	rcu_read_lock();
	idr_for_each_entry(&pool_idr, pool, id) {
		unsigned long since = READ_ONCE(pool->progress_ts);
		unsigned long touched = READ_ONCE(wq_watchdog_touched);
		unsigned long own;

		if (list_empty(&pool->worklist))
			continue;
		own = pool->cpu >= 0 ? per_cpu(wq_watchdog_touched_cpu, pool->cpu) :
				       READ_ONCE(wq_watchdog_touched_unbound);
		if (time_after(own, touched))
			touched = own;
		if (time_after(touched, since))
			since = touched;
		if (time_after(jiffies, since + thresh)) {
			lockup = true;
			pr_emerg("BUG: workqueue lockup - pool cpus=%*pbl node=%d flags=0x%x nice=%d stuck for %us!\n",
				 cpumask_pr_args(pool->attrs->cpumask), pool->node,
				 pool->flags, pool->attrs->nice,
				 jiffies_to_msecs(jiffies - since) / 1000);
			if (pool->cpu >= 0)
				wq_watchdog_show_hog(pool);
		}
	}
	rcu_read_unlock();

	if (lockup) {
		show_all_workqueues();
		wq_watchdog_maybe_panic();
	}
	wq_watchdog_reset();
rearm:
	mod_timer(&wq_watchdog_timer, jiffies + thresh);
}

static void wq_watchdog_set_thresh(unsigned long thresh)
{
	del_timer_sync(&wq_watchdog_timer);
	WRITE_ONCE(wq_watchdog_thresh, thresh);
	wq_watchdog_reset();
	if (thresh)
		mod_timer(&wq_watchdog_timer, jiffies + wq_watchdog_thresh_jiffies());
}

static int wq_watchdog_param_set(const char *val, const struct kernel_param *kp)
{
	unsigned long thresh;
	int ret = kstrtoul(val, 0, &thresh);

	if (ret)
		return ret;
	/* as in 6.12: a threshold must fit in milliseconds */
	if (thresh > ULONG_MAX / MSEC_PER_SEC)
		return -ERANGE;
	if (wq_online)
		wq_watchdog_set_thresh(thresh);
	else
		wq_watchdog_thresh = thresh;
	return 0;
}

static const struct kernel_param_ops wq_watchdog_thresh_ops = {
	.set	= wq_watchdog_param_set,
	.get	= param_get_ulong,
};
module_param_cb(watchdog_thresh, &wq_watchdog_thresh_ops, &wq_watchdog_thresh, 0644);

static void __init wq_watchdog_init(void)
{
	timer_setup(&wq_watchdog_timer, wq_watchdog_timer_fn, TIMER_DEFERRABLE);
	wq_watchdog_set_thresh(wq_watchdog_thresh);
}
#else
static inline void wq_watchdog_init(void) { }
#endif	/* CONFIG_WQ_WATCHDOG */

/* ------------------------------------------------------------- boot */

static void __init init_cpu_pool(struct worker_pool *pool, int cpu, int idx, bool bh)
{
	wq_boot_need(!init_worker_pool(pool), "memory for the per-CPU pools");
	pool->cpu = cpu;
	pool->node = cpu_to_node(cpu);
	cpumask_copy(pool->attrs->cpumask, cpumask_of(cpu));
	cpumask_copy(pool->attrs->__pod_cpumask, cpumask_of(cpu));
	pool->attrs->nice = idx ? HIGHPRI_NICE : 0;
	pool->attrs->affn_strict = true;
	if (bh) {
		struct worker *worker = &per_cpu(bh_workers, cpu)[idx];

		pool->flags |= POOL_BH;
		init_irq_work(&pool->bh_kick, bh_pool_kick_fn);
		tasklet_setup(&pool->bh_orphan, bh_pool_orphan_fn);
		INIT_LIST_HEAD(&worker->scheduled);
		INIT_LIST_HEAD(&worker->pool_node);
		worker->current_color = INT_MAX;
		worker->pool = pool;
		pool->bh_worker = worker;
		/* the boot CPU can run softirqs now, the others once online */
		if (cpu == smp_processor_id())
			pool->flags &= ~POOL_DISASSOCIATED;
	}
	mutex_lock(&wq_pool_mutex);
	wq_boot_need(!pool_assign_id(pool), "ids for the per-CPU pools");
	mutex_unlock(&wq_pool_mutex);
}

static void __init restrict_unbound_cpumask(const char *why, const struct cpumask *mask)
{
	if (!cpumask_intersects(wq_unbound_cpumask, mask)) {
		pr_warn("workqueue: %s leaves no CPU for unbound work, ignored\n", why);
		return;
	}
	cpumask_and(wq_unbound_cpumask, wq_unbound_cpumask, mask);
}

/**
 * workqueue_init_early - bring up the workqueue before kthreads exist
 *
 * After this, workqueues can be made and work queued; it runs once
 * workqueue_init() has created the first workers.
 */
void __init workqueue_init_early(void)
{
	int cpu, i, t;

	BUILD_BUG_ON(__alignof__(struct pool_workqueue) < __alignof__(long long));
	BUILD_BUG_ON(NO_EPOCH < NR_EPOCHS);

	wq_boot_need(alloc_cpumask_var(&wq_unbound_cpumask, GFP_KERNEL) &&
		     zalloc_cpumask_var(&wq_requested_unbound_cpumask, GFP_KERNEL) &&
		     zalloc_cpumask_var(&wq_isolated_cpumask, GFP_KERNEL) &&
		     alloc_cpumask_var(&wq_online_cpus, GFP_KERNEL),
		     "memory for the global cpumasks");
	cpumask_copy(wq_online_cpus, cpu_online_mask);
	cpumask_copy(wq_unbound_cpumask, cpu_possible_mask);
	/*
	 * With nohz_full= some CPUs run without the tick: keep the work that
	 * may go anywhere off them by making power-efficient workqueues
	 * unbound, whatever workqueue.power_efficient says (as 6.12 does).
	 */
	if (housekeeping_enabled(HK_TYPE_TICK))
		wq_power_efficient = true;
	/* housekeeping CPUs first ... */
	restrict_unbound_cpumask("HK_TYPE_WQ", housekeeping_cpumask(HK_TYPE_WQ));
	restrict_unbound_cpumask("HK_TYPE_DOMAIN", housekeeping_cpumask(HK_TYPE_DOMAIN));
	/* ... then workqueue.unbound_cpus=, if it was given */
	if (!cpumask_empty(&wq_cmdline_cpumask))
		restrict_unbound_cpumask("workqueue.unbound_cpus", &wq_cmdline_cpumask);
	/* what the admin asked for starts out as what we ended up with */
	cpumask_copy(wq_requested_unbound_cpumask, wq_unbound_cpumask);

	pwq_cache = KMEM_CACHE(pool_workqueue, SLAB_PANIC);
	wq_stats_init_early();

	/* until the topology is known, every scope is one pod */
	for (t = 0; t < WQ_AFFN_NR_TYPES; t++)
		build_pods(&wq_pod_types[t], WQ_AFFN_SYSTEM);

	for_each_possible_cpu(cpu) {
		for (i = 0; i < NR_STD_POOLS; i++) {
			init_cpu_pool(&per_cpu(bh_pools, cpu)[i], cpu, i, true);
			init_cpu_pool(&per_cpu(cpu_pools, cpu)[i], cpu, i, false);
		}
	}

	for (i = 0; i < NR_STD_POOLS; i++) {
		unbound_std_attrs[i] = alloc_workqueue_attrs();
		ordered_std_attrs[i] = alloc_workqueue_attrs();
		wq_boot_need(unbound_std_attrs[i] && ordered_std_attrs[i],
			     "memory for the standard attrs");
		unbound_std_attrs[i]->nice = i ? HIGHPRI_NICE : 0;
		ordered_std_attrs[i]->nice = i ? HIGHPRI_NICE : 0;
		ordered_std_attrs[i]->ordered = true;
	}
	wq_pod_scratch_init();

	system_wq = alloc_workqueue("events", 0, 0);
	/* the newer names are workqueues of their own: a flush waits for one */
	system_percpu_wq = alloc_workqueue("events", 0, 0);
	system_highpri_wq = alloc_workqueue("events_highpri", WQ_HIGHPRI, 0);
	system_long_wq = alloc_workqueue("events_long", 0, 0);
	system_unbound_wq = alloc_workqueue("events_unbound", WQ_UNBOUND, WQ_MAX_ACTIVE);
	system_dfl_wq = alloc_workqueue("events_unbound", WQ_UNBOUND, WQ_MAX_ACTIVE);
	system_freezable_wq = alloc_workqueue("events_freezable", WQ_FREEZABLE, 0);
	system_power_efficient_wq = alloc_workqueue("events_power_efficient",
						    WQ_POWER_EFFICIENT, 0);
	system_freezable_power_efficient_wq = alloc_workqueue("events_freezable_pwr_efficient",
							      WQ_FREEZABLE | WQ_POWER_EFFICIENT, 0);
	system_bh_wq = alloc_workqueue("events_bh", WQ_BH, 0);
	system_bh_highpri_wq = alloc_workqueue("events_bh_highpri", WQ_BH | WQ_HIGHPRI, 0);
	wq_boot_need(system_wq && system_percpu_wq && system_highpri_wq && system_long_wq &&
		     system_unbound_wq && system_dfl_wq && system_freezable_wq &&
		     system_power_efficient_wq && system_freezable_power_efficient_wq &&
		     system_bh_wq && system_bh_highpri_wq, "the system workqueues");
}

/*
 * The default threshold, 10 ms, is for a CPU of 4000 BogoMIPS or more.  A
 * slower one gets it raised in proportion, up to a second, or its ordinary
 * items would count as hogs.  A value from the command line is kept.
 */
static void __init wq_cpu_intensive_thresh_init(void)
{
	const unsigned long dfl_us = 10 * USEC_PER_MSEC;
	u64 bogo, thresh;

	if (wq_cpu_intensive_thresh_us != ULONG_MAX)
		return;
	bogo = max_t(u64, div_u64((u64)loops_per_jiffy * HZ, 500000), 1);
	thresh = dfl_us;
	if (bogo < 4000)
		thresh = min_t(u64, div64_u64(dfl_us * 4000ULL, bogo), USEC_PER_SEC);
	wq_cpu_intensive_thresh_us = thresh;
}

/**
 * workqueue_init - start the first workers
 *
 * Kthreads can be created now.  Work queued since workqueue_init_early()
 * starts to run.
 */
void __init workqueue_init(void)
{
	struct worker_pool *pool;
	struct workqueue_struct *wq;
	int bkt, cpu;

	pwq_release_worker = kthread_create_worker(0, "pool_workqueue_release");
	wq_boot_need(!IS_ERR(pwq_release_worker), "the pwq release kthread");

	mutex_lock(&wq_pool_mutex);
	/* the CPU-to-node map is complete only now */
	for_each_possible_cpu(cpu) {
		for_each_cpu_pool(pool, cpu)
			pool->node = cpu_to_node(cpu);
		for_each_bh_pool(pool, cpu)
			pool->node = cpu_to_node(cpu);
	}
	list_for_each_entry(wq, &workqueues, list)
		WARN(init_rescuer(wq), "workqueue: no rescuer for %s\n", wq->name);
	mutex_unlock(&wq_pool_mutex);

	for_each_online_cpu(cpu) {
		for_each_cpu_pool(pool, cpu) {
			pool->flags &= ~POOL_DISASSOCIATED;
			wq_boot_need(create_worker(pool), "a first worker for each CPU");
		}
	}
	/* unbound pools made so far get their first worker as well */
	hash_for_each(unbound_pool_hash, bkt, pool, hash_node)
		wq_boot_need(create_worker(pool), "a first worker for each unbound pool");

	wq_cpu_intensive_thresh_init();
	/* flushes may wait for workers from here on */
	wq_online = true;
	wq_watchdog_init();
}

/**
 * workqueue_init_topology - build the affinity pods from the CPU topology
 *
 * Called once the scheduler knows the topology; unbound workqueues made
 * before get their per-pod pool_workqueues now.
 */
void __init workqueue_init_topology(void)
{
	struct workqueue_struct *wq;
	int t;

	mutex_lock(&wq_pool_mutex);
	for (t = 0; t < WQ_AFFN_NR_TYPES; t++) {
		free_pods(&wq_pod_types[t]);
		build_pods(&wq_pod_types[t], t == WQ_AFFN_DFL ? WQ_AFFN_SYSTEM : t);
	}
	cpumask_copy(wq_online_cpus, cpu_online_mask);
	wq_topo_ready = true;
	list_for_each_entry(wq, &workqueues, list)
		if ((wq->flags & (WQ_UNBOUND | __WQ_ORDERED)) == WQ_UNBOUND)
			WARN(apply_attrs_locked(wq, wq->unbound_attrs),
			     "workqueue: cannot apply the topology to %s\n", wq->name);
	mutex_unlock(&wq_pool_mutex);
}

#ifdef CONFIG_DEBUG_FS
#include "workqueue_stats.c"
#endif
