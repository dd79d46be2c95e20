// SPDX-License-Identifier: GPL-2.0
/*
 * wqtorture: torture test for workqueues.
 *
 * Threads on every CPU, a hard timer, a softirq timer and an irq_work
 * hammer a set of workqueues of every kind with the whole public API,
 * while other threads take CPUs down and up, change max_active and create
 * and destroy workqueues (the boot tests add freezer cycles, attribute
 * changes, failing worker creation and a memory hog from userspace; with
 * alloc_kb the items of WQ_MEM_RECLAIM workqueues allocate as they run).
 * Every item keeps its own books, and a violation of any of these rules
 * fails the run:
 *
 *  - every queueing that returned true is matched by exactly one execution
 *    (less the pending instances a cancel or disable took away);
 *  - an item never runs on two CPUs at once;
 *  - the items of an ordered workqueue run in the order they were queued;
 *  - once cancel_work_sync() or disable_work_sync() has returned, the item
 *    is not running and does not run until it is queued or enabled again;
 *  - flush_work() returns only after the instance queued before it ran;
 *  - a per-CPU item queued on a CPU that stays online runs on that CPU.
 *
 * Only the public, exported API is used, so that the same module runs on
 * any workqueue implementation.
 *
 * Who may touch an item: an op takes the item's OWNED bit first (any
 * context, trylock), so the books of one item are kept by one op at a
 * time; only the item itself (requeueing from its own function) queues it
 * without owning it.  Who may queue on a workqueue while it is drained:
 * nobody but its items, so every op on a drainable workqueue passes its
 * gate, which the drainer closes and waits to empty first.
 *
 * Lockdep: the items of one INIT_WORK() site share one lock class.  Items
 * that flush another workqueue have a class of their own and live on a
 * workqueue that nothing flushes from an item, and the flushed ones hold
 * no such item, so the flush dependencies have no cycle.  BH items, which
 * run in softirq context, have their own class too.
 */

#define pr_fmt(fmt) "wqtorture: " fmt

#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/nodemask.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

static int duration = 60;
module_param(duration, int, 0444);
MODULE_PARM_DESC(duration, "Seconds to run (0: until the module is removed)");
static int threads;
module_param(threads, int, 0444);
MODULE_PARM_DESC(threads, "Op threads (0: one per online CPU)");
static int items = 16;
module_param(items, int, 0444);
MODULE_PARM_DESC(items, "Items per workqueue");
static unsigned long seed;
module_param(seed, ulong, 0444);
MODULE_PARM_DESC(seed, "Random seed (0: pick one and print it)");
static char *disturb = "all";
module_param(disturb, charp, 0444);
MODULE_PARM_DESC(disturb, "Disturbances: all, none, or a list of hotplug,max_active,churn");
static int spin_us;
module_param(spin_us, int, 0444);
MODULE_PARM_DESC(spin_us, "How long the spinning items spin, in us (0: they do not)");
static int stat_interval = 10;
module_param(stat_interval, int, 0444);
MODULE_PARM_DESC(stat_interval, "Seconds between progress lines");
static bool ordered_lax;
module_param(ordered_lax, bool, 0444);
MODULE_PARM_DESC(ordered_lax,
		 "Count ordered items that overtake or outlive a _sync cancel apart, not as violations");
static int alloc_kb;
module_param(alloc_kb, int, 0444);
MODULE_PARM_DESC(alloc_kb, "KiB each item of a WQ_MEM_RECLAIM workqueue allocates as it runs (0: none)");

/* ---------------------------------------------------------------- the books */

enum tt_op {
	OP_QUEUE, OP_QUEUE_ON, OP_QUEUE_NODE, OP_DELAYED, OP_MOD_DELAYED, OP_RCU,
	OP_FLUSH, OP_FLUSH_WQ, OP_DRAIN, OP_CANCEL, OP_CANCEL_SYNC, OP_DISABLE,
	OP_DISABLE_SYNC, OP_ENABLE, OP_ENABLE_QUEUE, OP_BUSY, OP_PLACED, OP_BURST,
	NR_OPS
};

static const char * const tt_op_names[NR_OPS] = {
	"queue", "queue_on", "queue_node", "delayed", "mod_delayed", "rcu",
	"flush", "flush_wq", "drain", "cancel", "cancel_sync", "disable",
	"disable_sync", "enable", "enable_queue", "busy", "placed", "burst",
};

static atomic_long_t tt_op_count[NR_OPS];
static atomic_long_t tt_executions;
static atomic_long_t tt_rescued;
static atomic_long_t tt_overtaken;
static atomic_long_t tt_cancel_early;
static atomic_long_t tt_allocs;
static atomic_long_t tt_alloc_failures;
static atomic_long_t tt_hotplug_events;
static atomic_long_t tt_max_active_changes;
static atomic_long_t tt_churned;
static atomic_t tt_violations;
static DEFINE_RAW_SPINLOCK(tt_first_lock);
static char tt_first[256];

/* Record a broken rule; the first few are printed, the first is kept. */
static __printf(1, 2) void tt_violation(const char *fmt, ...)
{
	int n = atomic_inc_return(&tt_violations);
	unsigned long flags;
	char buf[256];
	va_list args;

	if (n > 5)
		return;
	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	pr_err("violation: %s\n", buf);
	if (n > 1)
		return;
	raw_spin_lock_irqsave(&tt_first_lock, flags);
	strscpy(tt_first, buf, sizeof(tt_first));
	raw_spin_unlock_irqrestore(&tt_first_lock, flags);
}

/*
 * A step that may take long (a drain, a churn workqueue's life): when it
 * has taken over TT_SLOW_SECS, the progress line names it, says how long,
 * and shows once where its task is, so that a stall is seen where it is.
 */
#define TT_SLOW_SECS	30

struct tt_watch {
	const char *what;		/* NULL: nothing in progress */
	unsigned long since;
	struct task_struct *task;
	bool shown;
};

static void tt_watch_start(struct tt_watch *w, const char *what)
{
	WRITE_ONCE(w->task, current);
	WRITE_ONCE(w->since, jiffies);
	WRITE_ONCE(w->shown, false);
	smp_wmb();			/* pairs with tt_watch_report() */
	WRITE_ONCE(w->what, what);
}

/* The same step goes on into its next phase. */
static void tt_watch_phase(struct tt_watch *w, const char *what)
{
	WRITE_ONCE(w->what, what);
}

static void tt_watch_stop(struct tt_watch *w)
{
	WRITE_ONCE(w->what, NULL);
}

/*
 * From the progress line: say so if @w is slow; true the first time, when
 * its task's stack is shown too.
 */
static bool tt_watch_report(struct tt_watch *w, const char *name)
{
	const char *what = READ_ONCE(w->what);
	unsigned long entries[16] __maybe_unused;
	unsigned long since;

	smp_rmb();			/* pairs with tt_watch_start() */
	since = READ_ONCE(w->since);
	if (!what || time_before(jiffies, since + TT_SLOW_SECS * HZ))
		return false;
	pr_info("slow: %s: %s, %u s since it began\n", name, what,
		jiffies_to_msecs(jiffies - since) / 1000);
	if (READ_ONCE(w->shown))
		return false;
	WRITE_ONCE(w->shown, true);
#ifdef CONFIG_STACKTRACE
	stack_trace_print(entries, stack_trace_save_tsk(READ_ONCE(w->task), entries,
							ARRAY_SIZE(entries), 0), 2);
#endif
	return true;
}

/* ---------------------------------------------------------------- workqueues */

enum tt_kind { KIND_WORK, KIND_DELAYED, KIND_RCU };

enum tt_does {
	DOES_NOTHING,
	DOES_REQUEUE,		/* queues itself again a few times */
	DOES_SLEEP,
	DOES_SPIN,		/* past the CPU-intensive threshold */
	DOES_FLUSH,		/* flushes another workqueue */
};

#define TT_BH		BIT(0)	/* runs in softirq context */
#define TT_ORDERED	BIT(1)	/* checks the order of execution */
#define TT_DRAIN	BIT(2)	/* plain items only, may be drained */
#define TT_TUNE		BIT(3)	/* max_active may change */
#define TT_PERCPU	BIT(4)	/* per-CPU: placement is checked */
#define TT_NODE		BIT(5)	/* unbound: queue_work_node() is fine */
#define TT_FLUSHER	BIT(6)	/* its items flush the others */
#define TT_NOFLUSH	BIT(7)	/* freezable: items do not flush it */

struct tt_wq {
	const char *name;
	unsigned int wq_flags;
	int max_active;
	unsigned int tt_flags;
	struct workqueue_struct *wq;
	struct tt_item *items;
	int nr_items;
	/* ordered: queueing order, under @lock (taken in hard irqs too) */
	raw_spinlock_t lock;
	u64 seq;
	u64 last_seq;
	/* the drain gate */
	atomic_t inside;
	bool closed;
	struct mutex drain_mutex;	/* one drainer at a time */
	struct tt_watch drain_watch;
};

#define OWNED	0

struct tt_item {
	struct work_struct work;
	struct delayed_work dwork;
	struct rcu_work rwork;
	struct tt_wq *twq;
	enum tt_kind kind;
	enum tt_does does;
	unsigned long state;
	/* instances: queued (counted before the call, taken back on false) */
	atomic_long_t queued;
	atomic_long_t cancelled;
	atomic_long_t started;
	atomic_long_t completed;
	atomic_t running;		/* CPU + 1 while it runs */
	atomic_t requeues;		/* DOES_REQUEUE: how many more */
	atomic_t requeueing;		/* inside its own requeue */
	int disabled;			/* owner only */
	bool quiet;			/* must not run: after a _sync cancel */
	/*
	 * Ordered: the numbers of its instances, oldest first: the running
	 * one until it has checked its number, and the pending one.
	 */
	u64 seqs[2];
	int nr_seqs;
	int want_cpu;			/* -1, or where it must run */
	unsigned long hp_gen;		/* tt_hp_gen when @want_cpu was set */
};

/*
 * Workqueues of every kind.  The names of the unbound WQ_SYSFS ones are
 * what the boot test changes the attributes of.
 */
static struct tt_wq tt_wqs[] = {
	{ "wqtorture_percpu", 0, 0, TT_PERCPU | TT_TUNE },
	{ "wqtorture_highpri", WQ_HIGHPRI, 0, TT_PERCPU },
	{ "wqtorture_intensive", WQ_CPU_INTENSIVE, 0, TT_PERCPU },
	{ "wqtorture_max1", 0, 1, TT_PERCPU | TT_DRAIN },
	{ "wqtorture_max2", 0, 2, TT_PERCPU | TT_TUNE },
	{ "wqtorture_reclaim", WQ_MEM_RECLAIM, 0, TT_PERCPU },
	{ "wqtorture_u0", WQ_UNBOUND | WQ_SYSFS, 0, TT_NODE | TT_TUNE },
	{ "wqtorture_u1", WQ_UNBOUND | WQ_SYSFS, 2, TT_NODE | TT_DRAIN },
	{ "wqtorture_u2", WQ_UNBOUND | WQ_SYSFS | WQ_MEM_RECLAIM, 0, TT_NODE },
	{ "wqtorture_u3", WQ_UNBOUND | WQ_SYSFS, 1, TT_NODE | TT_TUNE },
	{ "wqtorture_ordered", __WQ_ORDERED, 0, TT_ORDERED | TT_DRAIN },
	{ "wqtorture_freezable", WQ_FREEZABLE, 0, TT_PERCPU | TT_NOFLUSH },
	{ "wqtorture_bh", WQ_BH, 0, TT_BH },
	{ "wqtorture_bh_hi", WQ_BH | WQ_HIGHPRI, 0, TT_BH | TT_DRAIN },
	{ "wqtorture_flusher", 0, 0, TT_FLUSHER | TT_NOFLUSH },
};

#define NR_TT_WQS	ARRAY_SIZE(tt_wqs)

/* Odd while a CPU is going down or up. */
static atomic_long_t tt_hp_gen;

static bool tt_gate_enter(struct tt_wq *twq)
{
	if (!(twq->tt_flags & TT_DRAIN))
		return true;
	atomic_inc(&twq->inside);
	smp_mb__after_atomic();		/* pairs with tt_drain() */
	if (!READ_ONCE(twq->closed))
		return true;
	atomic_dec(&twq->inside);
	return false;
}

static void tt_gate_exit(struct tt_wq *twq)
{
	if (twq->tt_flags & TT_DRAIN)
		atomic_dec(&twq->inside);
}

/* ---------------------------------------------------------------- executing */

static atomic_t tt_spin_budget = ATOMIC_INIT(3);

static bool tt_queue_self(struct tt_item *it);

static void tt_check_order(struct tt_item *it)
{
	struct tt_wq *twq = it->twq;
	unsigned long flags;

	u64 seq;

	raw_spin_lock_irqsave(&twq->lock, flags);
	if (!it->nr_seqs) {
		raw_spin_unlock_irqrestore(&twq->lock, flags);
		tt_violation("%s: item %ld ran with no instance queued",
			     twq->name, (long)(it - twq->items));
		return;
	}
	seq = it->seqs[0];
	it->seqs[0] = it->seqs[1];
	it->nr_seqs--;
	if (seq > twq->last_seq)
		twq->last_seq = seq;
	else if (ordered_lax)
		atomic_long_inc(&tt_overtaken);
	else
		tt_violation("%s: item %ld ran instance %llu after %llu: out of order",
			     twq->name, (long)(it - twq->items), seq, twq->last_seq);
	raw_spin_unlock_irqrestore(&twq->lock, flags);
}

static void tt_flush_another(struct tt_item *it, struct rnd_state *rnd)
{
	struct tt_wq *other = &tt_wqs[prandom_u32_state(rnd) % NR_TT_WQS];

	if (other->tt_flags & TT_NOFLUSH)
		return;
	flush_workqueue(other->wq);
}

/*
 * Under memory pressure (the boot test's hog), the items of WQ_MEM_RECLAIM
 * workqueues allocate as writeback would: no I/O from reclaim, failure
 * allowed and counted, never a violation.
 */
static void tt_allocate(struct tt_wq *twq)
{
	void *p;

	if (!alloc_kb || !(twq->wq_flags & WQ_MEM_RECLAIM))
		return;
	p = kmalloc(alloc_kb * 1024, GFP_NOIO | __GFP_NOWARN);
	if (!p) {
		atomic_long_inc(&tt_alloc_failures);
		return;
	}
	atomic_long_inc(&tt_allocs);
	memset(p, 0x5a, alloc_kb * 1024);
	kfree(p);
}

static void tt_execute(struct tt_item *it)
{
	struct tt_wq *twq = it->twq;
	int cpu = raw_smp_processor_id();
	long idx = it - twq->items;
	struct rnd_state rnd;
	int other, want;

	other = atomic_xchg(&it->running, cpu + 1);
	if (other)
		tt_violation("%s: item %ld runs on CPU %d and %d at once",
			     twq->name, idx, other - 1, cpu);
	if (READ_ONCE(it->quiet))
		tt_violation("%s: item %ld ran after its _sync cancel returned", twq->name, idx);
	if (atomic_long_inc_return(&it->started) >
	    atomic_long_read(&it->queued) - atomic_long_read(&it->cancelled))
		tt_violation("%s: item %ld ran more often than it was queued", twq->name, idx);
	if (twq->tt_flags & TT_ORDERED)
		tt_check_order(it);
	want = READ_ONCE(it->want_cpu);
	if (want >= 0) {
		unsigned long gen = atomic_long_read(&tt_hp_gen);

		if (want != cpu && gen == it->hp_gen && !(gen & 1))
			tt_violation("%s: item %ld queued on CPU %d ran on CPU %d",
				     twq->name, idx, want, cpu);
		WRITE_ONCE(it->want_cpu, -1);
	}
	atomic_long_inc(&tt_executions);
	/* a rescuer's name, in 6.12 and here: "kworker/R-" and the workqueue's */
	if (in_task() && !strncmp(current->comm, "kworker/R-", 10))
		atomic_long_inc(&tt_rescued);

	tt_allocate(twq);
	prandom_seed_state(&rnd, (u64)atomic_long_read(&it->started) ^ (unsigned long)it);
	switch (it->does) {
	case DOES_REQUEUE:
		if (atomic_dec_if_positive(&it->requeues) >= 0) {
			atomic_inc(&it->requeueing);
			smp_mb__after_atomic();	/* before ->queued, see tt_flush_need() */
			tt_queue_self(it);
			smp_mb__before_atomic();	/* queued before it leaves */
			atomic_dec(&it->requeueing);
		}
		break;
	case DOES_SLEEP:
		usleep_range(500, 3000);
		break;
	case DOES_SPIN:
		if (spin_us && atomic_dec_if_positive(&tt_spin_budget) >= 0)
			udelay(spin_us);
		break;
	case DOES_FLUSH:
		tt_flush_another(it, &rnd);
		break;
	default:
		break;
	}
	atomic_long_inc(&it->completed);
	atomic_set(&it->running, 0);
}

static void tt_work_fn(struct work_struct *work)
{
	tt_execute(container_of(work, struct tt_item, work));
}

static void tt_dwork_fn(struct work_struct *work)
{
	tt_execute(container_of(to_delayed_work(work), struct tt_item, dwork));
}

static void tt_rwork_fn(struct work_struct *work)
{
	tt_execute(container_of(to_rcu_work(work), struct tt_item, rwork));
}

/* ---------------------------------------------------------------- queueing */

static struct work_struct *tt_work(struct tt_item *it)
{
	switch (it->kind) {
	case KIND_DELAYED:
		return &it->dwork.work;
	case KIND_RCU:
		return &it->rwork.work;
	default:
		return &it->work;
	}
}

/*
 * Queue @it by @how and book the instance.  An ordered workqueue's lock
 * makes the queueing order and the sequence numbers the same.
 */
static bool tt_queue(struct tt_item *it, enum tt_op how, int cpu, unsigned long delay)
{
	struct tt_wq *twq = it->twq;
	unsigned long flags = 0;
	bool ret = false, ordered = twq->tt_flags & TT_ORDERED;

	atomic_long_inc(&it->queued);
	if (ordered)
		raw_spin_lock_irqsave(&twq->lock, flags);
	switch (how) {
	case OP_QUEUE:
		ret = queue_work(twq->wq, tt_work(it));
		break;
	case OP_QUEUE_ON:
	case OP_PLACED:
		ret = queue_work_on(cpu, twq->wq, tt_work(it));
		break;
	case OP_QUEUE_NODE:
		ret = queue_work_node(cpu, twq->wq, tt_work(it));
		break;
	case OP_DELAYED:
		if (cpu >= 0)
			ret = queue_delayed_work_on(cpu, twq->wq, &it->dwork, delay);
		else
			ret = queue_delayed_work(twq->wq, &it->dwork, delay);
		break;
	case OP_MOD_DELAYED:
		/* true when it modified a pending instance: none is added */
		ret = !mod_delayed_work(twq->wq, &it->dwork, delay);
		break;
	case OP_RCU:
		ret = queue_rcu_work(twq->wq, &it->rwork);
		break;
	case OP_ENABLE_QUEUE:
		ret = enable_and_queue_work(twq->wq, tt_work(it));
		break;
	default:
		break;
	}
	if (ret && ordered) {
		if (it->nr_seqs < 2)
			it->seqs[it->nr_seqs++] = ++twq->seq;
		else
			tt_violation("%s: item %ld has three instances",
				     twq->name, (long)(it - twq->items));
	}
	if (ordered)
		raw_spin_unlock_irqrestore(&twq->lock, flags);
	if (!ret)
		atomic_long_dec(&it->queued);
	return ret;
}

static bool tt_queue_self(struct tt_item *it)
{
	return tt_queue(it, OP_QUEUE, 0, 0);
}

/* ---------------------------------------------------------------- ops */

static bool tt_own(struct tt_item *it)
{
	return !test_and_set_bit_lock(OWNED, &it->state);
}

static void tt_release(struct tt_item *it)
{
	clear_bit_unlock(OWNED, &it->state);
}

static int tt_random_cpu(struct rnd_state *rnd)
{
	int cpu = cpumask_nth(prandom_u32_state(rnd) % num_online_cpus(), cpu_online_mask);

	/* a CPU may have gone in between */
	return cpu < nr_cpu_ids ? cpu : cpumask_first(cpu_online_mask);
}

static void tt_op_queue(struct tt_item *it, enum tt_op op, struct rnd_state *rnd)
{
	int cpu = -1;
	bool ret;

	/* on a disabled item, "not modified" would not mean "queued" */
	if (op == OP_MOD_DELAYED && it->disabled)
		return;
	if (it->disabled == 0)
		WRITE_ONCE(it->quiet, false);
	if (op == OP_QUEUE_ON || (op == OP_DELAYED && prandom_u32_state(rnd) & 1))
		cpu = tt_random_cpu(rnd);
	if (op == OP_QUEUE_NODE)
		cpu = cpu_to_node(tt_random_cpu(rnd));
	ret = tt_queue(it, op, cpu, prandom_u32_state(rnd) % (HZ / 20 + 1));
	if (ret && it->disabled)
		tt_violation("%s: item %ld queued while disabled",
			     it->twq->name, (long)(it - it->twq->items));
	if (it->does == DOES_REQUEUE)
		atomic_set(&it->requeues, prandom_u32_state(rnd) % 4);
}

/* Queue an idle item on a CPU and check that it runs there. */
static void tt_op_placed(struct tt_item *it, struct rnd_state *rnd)
{
	int cpu;

	if (it->disabled || it->does == DOES_REQUEUE)
		return;
	flush_work(tt_work(it));
	WRITE_ONCE(it->quiet, false);
	cpus_read_lock();
	cpu = tt_random_cpu(rnd);
	it->hp_gen = atomic_long_read(&tt_hp_gen);
	WRITE_ONCE(it->want_cpu, cpu);
	if (!tt_queue(it, OP_PLACED, cpu, 0)) {
		WRITE_ONCE(it->want_cpu, -1);
		/* flushed, owned and not requeueing itself: nothing holds it */
		if (it->kind == KIND_WORK)
			tt_violation("%s: item %ld: queueing it idle returned false",
				     it->twq->name, (long)(it - it->twq->items));
	}
	cpus_read_unlock();
}

/*
 * The instances a flush must see completed.  A requeue from the running
 * instance counts its instance before queue_work() is called; if it is
 * still inside when the count is read, that instance may be queued after
 * the flush started, and the flush need not wait for it.
 */
static long tt_flush_need(struct tt_item *it)
{
	long need = atomic_long_read(&it->queued) - atomic_long_read(&it->cancelled);

	smp_mb();			/* pairs with tt_execute() */
	if (atomic_read(&it->requeueing))
		need--;
	return need;
}

static void tt_op_flush(struct tt_item *it)
{
	long need = tt_flush_need(it);

	switch (it->kind) {
	case KIND_DELAYED:
		flush_delayed_work(&it->dwork);
		break;
	case KIND_RCU:
		flush_rcu_work(&it->rwork);
		break;
	default:
		flush_work(&it->work);
		break;
	}
	if (it->disabled)
		return;
	if (atomic_long_read(&it->completed) < need)
		tt_violation("%s: item %ld: flush returned after %ld of %ld instances",
			     it->twq->name, (long)(it - it->twq->items),
			     atomic_long_read(&it->completed), need);
}

static void tt_op_flush_wq(struct tt_item *it)
{
	long need = tt_flush_need(it);

	flush_workqueue(it->twq->wq);
	if (it->kind != KIND_WORK || it->disabled)
		return;
	if (atomic_long_read(&it->completed) < need)
		tt_violation("%s: item %ld: flush_workqueue returned after %ld of %ld instances",
			     it->twq->name, (long)(it - it->twq->items),
			     atomic_long_read(&it->completed), need);
}

/*
 * An ordered item's pending instance, taken away by a cancel, is its newest
 * number.  A plain cancel runs under the lock, or a requeue from the running
 * instance could slip in before the number is dropped; after a disable such
 * a requeue fails, and after a _sync one nothing is left.
 */
static void tt_seq_cancelled(struct tt_item *it, enum tt_op op, bool ret)
{
	struct tt_wq *twq = it->twq;
	unsigned long flags;

	if (!(twq->tt_flags & TT_ORDERED))
		return;
	raw_spin_lock_irqsave(&twq->lock, flags);
	if (op == OP_CANCEL_SYNC || op == OP_DISABLE_SYNC)
		it->nr_seqs = 0;
	else if (ret && it->nr_seqs)
		it->nr_seqs--;
	raw_spin_unlock_irqrestore(&twq->lock, flags);
}

static bool tt_cancel_ordered(struct tt_item *it)
{
	unsigned long flags;
	bool ret;

	raw_spin_lock_irqsave(&it->twq->lock, flags);
	ret = cancel_work(&it->work);
	if (ret && it->nr_seqs)
		it->nr_seqs--;
	raw_spin_unlock_irqrestore(&it->twq->lock, flags);
	return ret;
}

static void tt_op_cancel(struct tt_item *it, enum tt_op op)
{
	struct work_struct *work = tt_work(it);
	bool ret;

	switch (op) {
	case OP_CANCEL:
		if (it->twq->tt_flags & TT_ORDERED) {
			if (tt_cancel_ordered(it))
				atomic_long_inc(&it->cancelled);
			return;
		}
		ret = it->kind == KIND_DELAYED ? cancel_delayed_work(&it->dwork) :
						 cancel_work(work);
		break;
	case OP_CANCEL_SYNC:
		ret = it->kind == KIND_DELAYED ? cancel_delayed_work_sync(&it->dwork) :
						 cancel_work_sync(work);
		break;
	case OP_DISABLE:
		ret = it->kind == KIND_DELAYED ? disable_delayed_work(&it->dwork) :
						 disable_work(work);
		it->disabled++;
		break;
	default:
		ret = it->kind == KIND_DELAYED ? disable_delayed_work_sync(&it->dwork) :
						 disable_work_sync(work);
		it->disabled++;
		break;
	}
	if (ret)
		atomic_long_inc(&it->cancelled);
	tt_seq_cancelled(it, op, ret);
	if (op != OP_CANCEL_SYNC && op != OP_DISABLE_SYNC)
		return;
	if (atomic_read(&it->running)) {
		/* 6.12 on an instance left on a replaced pwq: see ordered_lax */
		if (ordered_lax && (it->twq->tt_flags & TT_ORDERED))
			atomic_long_inc(&tt_cancel_early);
		else
			tt_violation("%s: item %ld still runs after a _sync cancel",
				     it->twq->name, (long)(it - it->twq->items));
	}
	if (work_busy(work))
		tt_violation("%s: item %ld busy (%u) after a _sync cancel",
			     it->twq->name, (long)(it - it->twq->items), work_busy(work));
	WRITE_ONCE(it->quiet, true);
}

static void tt_op_enable(struct tt_item *it, enum tt_op op)
{
	bool ret;

	if (!it->disabled)
		return;
	it->disabled--;
	if (op == OP_ENABLE_QUEUE) {
		if (!it->disabled)
			WRITE_ONCE(it->quiet, false);
		ret = tt_queue(it, OP_ENABLE_QUEUE, 0, 0);
		if (ret && it->disabled)
			tt_violation("%s: item %ld: enable_and_queue_work() queued it disabled",
				     it->twq->name, (long)(it - it->twq->items));
		return;
	}
	ret = it->kind == KIND_DELAYED ? enable_delayed_work(&it->dwork) :
					 enable_work(tt_work(it));
	if (ret != !it->disabled)
		tt_violation("%s: item %ld: enable returned %d at depth %d",
			     it->twq->name, (long)(it - it->twq->items), ret, it->disabled);
}

/* Which ops suit an item, from which context. */
static bool tt_op_fits(struct tt_item *it, enum tt_op op, bool atomic)
{
	unsigned int f = it->twq->tt_flags;
	bool work = it->kind == KIND_WORK, delayed = it->kind == KIND_DELAYED;

	switch (op) {
	case OP_QUEUE:
		return work;
	case OP_QUEUE_ON:
		/* a BH item's CPU must be online to raise its softirq */
		return work && !(f & TT_BH);
	case OP_QUEUE_NODE:
		return work && (f & TT_NODE);
	case OP_DELAYED:
	case OP_MOD_DELAYED:
		return delayed;
	case OP_RCU:
		return it->kind == KIND_RCU;
	case OP_CANCEL:
	case OP_DISABLE:
	case OP_ENABLE:
		return work || delayed;
	case OP_ENABLE_QUEUE:
		/* its return says "enabled", not "queued": no racing requeue */
		return work && it->does != DOES_REQUEUE && !atomic;
	case OP_BUSY:
		return true;
	case OP_FLUSH:
	case OP_FLUSH_WQ:
		return !atomic;
	case OP_CANCEL_SYNC:
	case OP_DISABLE_SYNC:
		return !atomic && (work || delayed);
	case OP_DRAIN:
		return !atomic && (f & TT_DRAIN);
	case OP_PLACED:
		return !atomic && (f & TT_PERCPU) && work;
	case OP_BURST:
		return !atomic;
	default:
		return false;
	}
}

static void tt_drain(struct tt_wq *twq)
{
	mutex_lock(&twq->drain_mutex);
	tt_watch_start(&twq->drain_watch, "drain: waiting for the ops inside its gate");
	WRITE_ONCE(twq->closed, true);
	smp_mb();			/* pairs with tt_gate_enter() */
	while (atomic_read(&twq->inside))
		usleep_range(100, 200);
	tt_watch_phase(&twq->drain_watch, "drain: in drain_workqueue()");
	drain_workqueue(twq->wq);
	tt_watch_stop(&twq->drain_watch);
	WRITE_ONCE(twq->closed, false);
	mutex_unlock(&twq->drain_mutex);
}

static void tt_do_op(struct tt_item *it, enum tt_op op, struct rnd_state *rnd);

/*
 * Queue every plain item of @twq that is free, one after another: a
 * backlog, which an ordered workqueue must keep in order across the
 * attrs changes the boot test makes meanwhile.
 */
static void tt_burst(struct tt_wq *twq, struct rnd_state *rnd)
{
	int i;

	if (!tt_gate_enter(twq))
		return;
	for (i = 0; i < twq->nr_items; i++) {
		struct tt_item *it = &twq->items[i];

		if (it->kind != KIND_WORK || !tt_own(it))
			continue;
		tt_do_op(it, OP_QUEUE, rnd);
		tt_release(it);
	}
	tt_gate_exit(twq);
}

static void tt_do_op(struct tt_item *it, enum tt_op op, struct rnd_state *rnd)
{
	/*
	 * Only the instance tt_op_placed() queues has a CPU to check: after
	 * any other op the pending instance may be another one.
	 */
	if (op != OP_PLACED)
		WRITE_ONCE(it->want_cpu, -1);
	switch (op) {
	case OP_QUEUE:
	case OP_QUEUE_ON:
	case OP_QUEUE_NODE:
	case OP_DELAYED:
	case OP_MOD_DELAYED:
	case OP_RCU:
		tt_op_queue(it, op, rnd);
		break;
	case OP_PLACED:
		tt_op_placed(it, rnd);
		break;
	case OP_FLUSH:
		tt_op_flush(it);
		break;
	case OP_FLUSH_WQ:
		tt_op_flush_wq(it);
		break;
	case OP_CANCEL:
	case OP_CANCEL_SYNC:
	case OP_DISABLE:
	case OP_DISABLE_SYNC:
		if (op == OP_DISABLE || op == OP_DISABLE_SYNC) {
			/* a few levels of nesting are plenty */
			if (it->disabled >= 3)
				return;
		}
		tt_op_cancel(it, op);
		break;
	case OP_ENABLE:
	case OP_ENABLE_QUEUE:
		tt_op_enable(it, op);
		break;
	case OP_BUSY:
		work_busy(tt_work(it));
		break;
	default:
		return;
	}
	atomic_long_inc(&tt_op_count[op]);
}

/* One random op on one random item, if it is free; from any context. */
static void tt_random_op(struct rnd_state *rnd, bool atomic)
{
	struct tt_wq *twq = &tt_wqs[prandom_u32_state(rnd) % NR_TT_WQS];
	struct tt_item *it = &twq->items[prandom_u32_state(rnd) % twq->nr_items];
	enum tt_op op = prandom_u32_state(rnd) % NR_OPS;

	if (!tt_op_fits(it, op, atomic))
		return;
	if (op == OP_DRAIN) {
		/* rare: a drain stops the whole workqueue's feed */
		if (prandom_u32_state(rnd) % 64)
			return;
		tt_drain(twq);
		atomic_long_inc(&tt_op_count[op]);
		return;
	}
	if (op == OP_BURST) {
		if (prandom_u32_state(rnd) % 8)
			return;
		tt_burst(twq, rnd);
		atomic_long_inc(&tt_op_count[op]);
		return;
	}
	if (!tt_own(it))
		return;
	if (tt_gate_enter(twq)) {
		tt_do_op(it, op, rnd);
		tt_gate_exit(twq);
	}
	tt_release(it);
}

/* ---------------------------------------------------------------- contexts */

static bool tt_stop;
static struct task_struct **tt_op_tasks;
static int tt_nr_op_tasks;

static int tt_op_thread(void *arg)
{
	struct rnd_state rnd;
	unsigned long n = 0;

	prandom_seed_state(&rnd, seed + (unsigned long)arg);
	while (!kthread_should_stop() && !READ_ONCE(tt_stop)) {
		tt_random_op(&rnd, false);
		if (!(++n % 64))
			usleep_range(50, 200);
		cond_resched();
	}
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

static struct hrtimer tt_hrtimer;
static struct timer_list tt_timer;
static struct irq_work tt_irq_work;
static struct rnd_state tt_hard_rnd, tt_soft_rnd, tt_irq_work_rnd;
static DEFINE_RAW_SPINLOCK(tt_rnd_lock);	/* the three states above */

static void tt_atomic_op(struct rnd_state *rnd)
{
	unsigned long flags;
	struct rnd_state mine;

	raw_spin_lock_irqsave(&tt_rnd_lock, flags);
	prandom_seed_state(&mine, prandom_u32_state(rnd));
	raw_spin_unlock_irqrestore(&tt_rnd_lock, flags);
	tt_random_op(&mine, true);
}

static enum hrtimer_restart tt_hrtimer_fn(struct hrtimer *t)
{
	if (READ_ONCE(tt_stop))
		return HRTIMER_NORESTART;
	tt_atomic_op(&tt_hard_rnd);
	hrtimer_forward_now(t, ms_to_ktime(3));
	return HRTIMER_RESTART;
}

static void tt_timer_fn(struct timer_list *t)
{
	if (READ_ONCE(tt_stop))
		return;
	tt_atomic_op(&tt_soft_rnd);
	irq_work_queue(&tt_irq_work);
	mod_timer(&tt_timer, jiffies + 1);
}

static void tt_irq_work_fn(struct irq_work *w)
{
	tt_atomic_op(&tt_irq_work_rnd);
}

/* ---------------------------------------------------------------- disturbances */

static bool tt_disturb_hotplug, tt_disturb_max_active, tt_disturb_churn;
static struct task_struct *tt_hotplug_task, *tt_tune_task, *tt_churn_task;

static int tt_hotplug_thread(void *arg)
{
	struct rnd_state rnd;
	int cpu;

	prandom_seed_state(&rnd, seed ^ 0x686f74);
	while (!kthread_should_stop() && !READ_ONCE(tt_stop)) {
		schedule_timeout_interruptible(HZ / 5 + prandom_u32_state(&rnd) % HZ);
		/* never CPU 0, so never the last one */
		cpu = 1 + prandom_u32_state(&rnd) % (nr_cpu_ids - 1);
		if (!cpu_possible(cpu))
			continue;
		atomic_long_inc(&tt_hp_gen);
		if (cpu_online(cpu)) {
			if (!remove_cpu(cpu))
				atomic_long_inc(&tt_hotplug_events);
		} else if (!cpu_online(cpu)) {
			if (!add_cpu(cpu))
				atomic_long_inc(&tt_hotplug_events);
		}
		atomic_long_inc(&tt_hp_gen);
	}
	for_each_possible_cpu(cpu)
		if (!cpu_online(cpu) && !add_cpu(cpu))
			atomic_long_inc(&tt_hotplug_events);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

static int tt_tune_thread(void *arg)
{
	struct rnd_state rnd;
	struct tt_wq *twq;
	int i;

	prandom_seed_state(&rnd, seed ^ 0x74756e);
	while (!kthread_should_stop() && !READ_ONCE(tt_stop)) {
		schedule_timeout_interruptible(HZ / 20 + prandom_u32_state(&rnd) % (HZ / 5));
		twq = &tt_wqs[prandom_u32_state(&rnd) % NR_TT_WQS];
		if (!(twq->tt_flags & TT_TUNE))
			continue;
		workqueue_set_max_active(twq->wq, 1 + prandom_u32_state(&rnd) % 16);
		atomic_long_inc(&tt_max_active_changes);
	}
	for (i = 0; i < NR_TT_WQS; i++)
		if (tt_wqs[i].tt_flags & TT_TUNE)
			workqueue_set_max_active(tt_wqs[i].wq, tt_wqs[i].max_active ?:
						 WQ_DFL_ACTIVE);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

static int tt_check_item(struct tt_item *it);

static struct tt_watch tt_churn_watch;

/* Workqueues that live a short while, used by this thread alone. */
static int tt_churn_thread(void *arg)
{
	static const unsigned int kinds[] = {
		0, WQ_HIGHPRI, WQ_UNBOUND, WQ_UNBOUND | WQ_MEM_RECLAIM, __WQ_ORDERED,
	};
	struct tt_wq twq = { .name = "wqtorture_churn" };
	struct rnd_state rnd;
	struct tt_item *its;
	int i, n;

	its = kcalloc(8, sizeof(*its), GFP_KERNEL);
	if (!its)
		return -ENOMEM;
	prandom_seed_state(&rnd, seed ^ 0x636875);
	raw_spin_lock_init(&twq.lock);
	while (!kthread_should_stop() && !READ_ONCE(tt_stop)) {
		twq.wq_flags = kinds[prandom_u32_state(&rnd) % ARRAY_SIZE(kinds)];
		twq.tt_flags = twq.wq_flags & __WQ_ORDERED ? TT_ORDERED : 0;
		twq.seq = 0;
		twq.last_seq = 0;
		tt_watch_start(&tt_churn_watch, "alloc_workqueue()");
		if (twq.wq_flags & __WQ_ORDERED)
			twq.wq = alloc_ordered_workqueue("wqtorture_churn", 0);
		else
			twq.wq = alloc_workqueue("wqtorture_churn", twq.wq_flags, 0);
		if (!twq.wq) {
			tt_watch_stop(&tt_churn_watch);
			schedule_timeout_interruptible(HZ / 10);
			continue;
		}
		tt_watch_phase(&tt_churn_watch, "ops");
		twq.items = its;
		twq.nr_items = 8;
		for (i = 0; i < 8; i++) {
			memset(&its[i], 0, sizeof(its[i]));
			its[i].twq = &twq;
			its[i].want_cpu = -1;
			/* a delayed item's place in the order is its timer's */
			its[i].kind = i & 1 && !(twq.tt_flags & TT_ORDERED) ?
				      KIND_DELAYED : KIND_WORK;
			INIT_WORK(&its[i].work, tt_work_fn);
			INIT_DELAYED_WORK(&its[i].dwork, tt_dwork_fn);
		}
		for (n = 0; n < 200; n++) {
			struct tt_item *it = &its[prandom_u32_state(&rnd) % 8];
			enum tt_op op = prandom_u32_state(&rnd) % NR_OPS;

			if (op != OP_DRAIN && op != OP_PLACED && tt_op_fits(it, op, false))
				tt_do_op(it, op, &rnd);
		}
		tt_watch_phase(&tt_churn_watch, "enabling and flushing its items");
		for (i = 0; i < 8; i++) {
			while (its[i].disabled)
				tt_op_enable(&its[i], OP_ENABLE);
			if (its[i].kind == KIND_DELAYED)
				flush_delayed_work(&its[i].dwork);
		}
		tt_watch_phase(&tt_churn_watch, "destroy_workqueue()");
		destroy_workqueue(twq.wq);
		tt_watch_stop(&tt_churn_watch);
		for (i = 0; i < 8; i++)
			tt_check_item(&its[i]);
		atomic_long_inc(&tt_churned);
		schedule_timeout_interruptible(HZ / 50);
	}
	kfree(its);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

/* ---------------------------------------------------------------- setup */

static void tt_init_item(struct tt_wq *twq, struct tt_item *it, int i)
{
	unsigned int f = twq->tt_flags;

	it->twq = twq;
	it->want_cpu = -1;
	it->kind = f & (TT_BH | TT_ORDERED | TT_DRAIN | TT_FLUSHER) ? KIND_WORK : i % 3;
	if (f & TT_FLUSHER)
		it->does = DOES_FLUSH;
	else if (f & TT_BH)
		/* 6.12 refuses a BH item's requeue while its workqueue drains */
		it->does = i % 4 == 1 && !(f & TT_DRAIN) ? DOES_REQUEUE : DOES_NOTHING;
	else if (it->kind == KIND_WORK)
		it->does = (i / 3) % 4;	/* nothing, requeue, sleep, spin */

	/* one INIT_WORK() site per lock class: see the top of the file */
	if (f & TT_BH)
		INIT_WORK(&it->work, tt_work_fn);
	else if (f & TT_FLUSHER)
		INIT_WORK(&it->work, tt_work_fn);
	else
		INIT_WORK(&it->work, tt_work_fn);
	INIT_DELAYED_WORK(&it->dwork, tt_dwork_fn);
	INIT_RCU_WORK(&it->rwork, tt_rwork_fn);
}

static void tt_free_wqs(void)
{
	int i;

	for (i = 0; i < NR_TT_WQS; i++) {
		if (tt_wqs[i].wq)
			destroy_workqueue(tt_wqs[i].wq);
		tt_wqs[i].wq = NULL;
		kfree(tt_wqs[i].items);
		tt_wqs[i].items = NULL;
	}
}

static int tt_alloc_wqs(void)
{
	struct tt_wq *twq;
	int i, j;

	for (i = 0; i < NR_TT_WQS; i++) {
		twq = &tt_wqs[i];
		raw_spin_lock_init(&twq->lock);
		mutex_init(&twq->drain_mutex);
		twq->seq = 0;
		twq->last_seq = 0;
		atomic_set(&twq->inside, 0);
		twq->closed = false;
		if (twq->wq_flags & __WQ_ORDERED)
			twq->wq = alloc_ordered_workqueue("%s", 0, twq->name);
		else
			twq->wq = alloc_workqueue("%s", twq->wq_flags, twq->max_active,
						  twq->name);
		twq->nr_items = items;
		twq->items = kcalloc(items, sizeof(*twq->items), GFP_KERNEL);
		if (!twq->wq || !twq->items) {
			tt_free_wqs();
			return -ENOMEM;
		}
		for (j = 0; j < items; j++)
			tt_init_item(twq, &twq->items[j], j);
	}
	return 0;
}

/* ---------------------------------------------------------------- the end */

static int tt_check_item(struct tt_item *it)
{
	long q = atomic_long_read(&it->queued), c = atomic_long_read(&it->cancelled);
	long s = atomic_long_read(&it->started), d = atomic_long_read(&it->completed);

	if (s != q - c || d != s) {
		tt_violation("%s: item %ld queued %ld, cancelled %ld, started %ld, completed %ld",
			     it->twq->name, (long)(it - it->twq->items), q, c, s, d);
		return 1;
	}
	return 0;
}

/* Let every item finish, then check the books of all of them. */
static void tt_settle(void)
{
	struct tt_item *it;
	int i, j;

	for (i = 0; i < NR_TT_WQS; i++) {
		for (j = 0; j < tt_wqs[i].nr_items; j++) {
			it = &tt_wqs[i].items[j];
			while (it->disabled)
				tt_op_enable(it, OP_ENABLE);
			atomic_set(&it->requeues, 0);
			if (it->kind == KIND_DELAYED)
				flush_delayed_work(&it->dwork);
			else if (it->kind == KIND_RCU)
				flush_rcu_work(&it->rwork);
		}
	}
	/* a requeue still in flight lands before the drains (BH ones may not) */
	for (i = 0; i < NR_TT_WQS; i++)
		flush_workqueue(tt_wqs[i].wq);
	for (i = 0; i < NR_TT_WQS; i++)
		drain_workqueue(tt_wqs[i].wq);
	for (i = 0; i < NR_TT_WQS; i++)
		for (j = 0; j < tt_wqs[i].nr_items; j++)
			tt_check_item(&tt_wqs[i].items[j]);
}

/* The items of @twq that are queued, running or not yet done. */
static void tt_show_open_items(struct tt_wq *twq)
{
	struct tt_item *it;
	long q, c, s, d;
	int j;

	for (j = 0; j < twq->nr_items; j++) {
		it = &twq->items[j];
		q = atomic_long_read(&it->queued);
		c = atomic_long_read(&it->cancelled);
		s = atomic_long_read(&it->started);
		d = atomic_long_read(&it->completed);
		if (d == q - c && !atomic_read(&it->running))
			continue;
		pr_info("slow: %s: item %d (kind %d, does %d): queued %ld, cancelled %ld, started %ld, completed %ld, on CPU %d, busy %#x, disabled %d\n",
			twq->name, j, it->kind, it->does, q, c, s, d,
			atomic_read(&it->running) - 1, work_busy(tt_work(it)),
			READ_ONCE(it->disabled));
	}
}

static void tt_report_slow(void)
{
	int i;

	for (i = 0; i < NR_TT_WQS; i++)
		if (tt_watch_report(&tt_wqs[i].drain_watch, tt_wqs[i].name))
			tt_show_open_items(&tt_wqs[i]);
	tt_watch_report(&tt_churn_watch, "wqtorture_churn");
}

static void tt_print_stats(const char *when)
{
	char line[512];
	int i, n = 0;

	for (i = 0; i < NR_OPS; i++)
		n += scnprintf(line + n, sizeof(line) - n, " %s=%ld", tt_op_names[i],
			       atomic_long_read(&tt_op_count[i]));
	pr_info("%s: executions=%ld rescued=%ld hotplug=%ld max_active=%ld churned=%ld violations=%d\n",
		when, atomic_long_read(&tt_executions), atomic_long_read(&tt_rescued),
		atomic_long_read(&tt_hotplug_events),
		atomic_long_read(&tt_max_active_changes), atomic_long_read(&tt_churned),
		atomic_read(&tt_violations));
	if (ordered_lax)
		pr_info("%s: ordered_lax: items that overtook %ld, _sync cancels that returned early %ld\n",
			when, atomic_long_read(&tt_overtaken), atomic_long_read(&tt_cancel_early));
	if (alloc_kb)
		pr_info("%s: allocations=%ld failed=%ld\n", when,
			atomic_long_read(&tt_allocs), atomic_long_read(&tt_alloc_failures));
	pr_info("%s: ops:%s\n", when, line);
	tt_report_slow();
}

#define TT_SETTLE_SECS	120

static void tt_stop_task(struct task_struct **t)
{
	if (*t)
		kthread_stop(*t);
	*t = NULL;
}

static DEFINE_MUTEX(tt_end_mutex);
static bool tt_ended;
static DECLARE_COMPLETION(tt_settled);

static int tt_settle_thread(void *arg)
{
	int i;

	hrtimer_cancel(&tt_hrtimer);
	timer_shutdown_sync(&tt_timer);
	irq_work_sync(&tt_irq_work);
	for (i = 0; i < tt_nr_op_tasks; i++)
		tt_stop_task(&tt_op_tasks[i]);
	tt_stop_task(&tt_hotplug_task);
	tt_stop_task(&tt_tune_task);
	tt_stop_task(&tt_churn_task);
	tt_settle();
	complete(&tt_settled);
	return 0;
}

/* Settling hangs: some item never ran.  Name the items whose books are open. */
static void tt_report_stuck(void)
{
	struct tt_item *it;
	long q, c, d;
	int i, j;

	for (i = 0; i < NR_TT_WQS; i++) {
		for (j = 0; j < tt_wqs[i].nr_items; j++) {
			it = &tt_wqs[i].items[j];
			q = atomic_long_read(&it->queued);
			c = atomic_long_read(&it->cancelled);
			d = atomic_long_read(&it->completed);
			if (d == q - c)
				continue;
			tt_violation("%s: item %d stuck: queued %ld, cancelled %ld, completed %ld",
				     tt_wqs[i].name, j, q, c, d);
		}
	}
	if (!atomic_read(&tt_violations))
		tt_violation("settling took over %d s", TT_SETTLE_SECS);
}

static void tt_report(void)
{
	tt_print_stats("final");
	if (atomic_read(&tt_violations))
		pr_alert("End of test: FAILURE: %d violation(s), the first: %s\n",
			 atomic_read(&tt_violations), tt_first);
	else
		pr_alert("End of test: SUCCESS\n");
}

/*
 * Stop everything, let the items settle, report.  Once, from the end of the
 * run or from rmmod.  A lost item keeps settling from ever finishing: the
 * report comes after TT_SETTLE_SECS then, and the module stays (its items
 * are still queued), so that the failure is seen rather than a hang.
 */
static void tt_end(void)
{
	struct task_struct *t;

	mutex_lock(&tt_end_mutex);
	if (tt_ended)
		goto out;
	tt_ended = true;
	WRITE_ONCE(tt_stop, true);
	t = kthread_run(tt_settle_thread, NULL, "wqtorture_end");
	if (IS_ERR(t))
		tt_settle_thread(NULL);
	if (!wait_for_completion_timeout(&tt_settled, TT_SETTLE_SECS * HZ)) {
		tt_report_stuck();
		tt_report();
		wait_for_completion(&tt_settled);
	} else {
		tt_report();
	}
	tt_free_wqs();
	kfree(tt_op_tasks);
	tt_op_tasks = NULL;
out:
	mutex_unlock(&tt_end_mutex);
}

static struct task_struct *tt_main_task;

static int tt_main_thread(void *arg)
{
	unsigned long start = jiffies, next = jiffies + stat_interval * HZ;

	while (!kthread_should_stop() && !READ_ONCE(tt_stop) &&
	       (!duration || time_before(jiffies, start + duration * HZ))) {
		schedule_timeout_interruptible(HZ / 4);
		if (stat_interval > 0 && time_after_eq(jiffies, next)) {
			char when[32];

			snprintf(when, sizeof(when), "%us",
				 jiffies_to_msecs(jiffies - start) / 1000);
			tt_print_stats(when);
			next += stat_interval * HZ;
		}
	}
	tt_end();
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

static bool tt_wants(const char *what)
{
	if (!strcmp(disturb, "all"))
		return true;
	if (!strcmp(disturb, "none"))
		return false;
	return strstr(disturb, what);
}

static struct task_struct *tt_start(int (*fn)(void *), void *arg, const char *name, long i)
{
	struct task_struct *t = kthread_run(fn, arg, name, i);

	return IS_ERR(t) ? NULL : t;
}

static int __init tt_init(void)
{
	long i;
	int ret;

	if (items < 1 || duration < 0) {
		pr_err("items must be at least 1 and duration not negative\n");
		return -EINVAL;
	}
	if (alloc_kb < 0 || alloc_kb > 1024) {
		pr_err("alloc_kb=%d: want 0 to 1024\n", alloc_kb);
		return -EINVAL;
	}
	if (!seed)
		seed = get_random_long();
	tt_disturb_hotplug = tt_wants("hotplug") && nr_cpu_ids > 1;
	tt_disturb_max_active = tt_wants("max_active");
	tt_disturb_churn = tt_wants("churn");
	tt_nr_op_tasks = threads > 0 ? threads : num_online_cpus();
	pr_info("duration=%d threads=%d items=%d seed=%lu disturb=%s%s%s spin_us=%d alloc_kb=%d\n",
		duration, tt_nr_op_tasks, items, seed,
		tt_disturb_hotplug ? "hotplug," : "", tt_disturb_max_active ? "max_active," : "",
		tt_disturb_churn ? "churn" : "", spin_us, alloc_kb);

	ret = tt_alloc_wqs();
	if (ret)
		return ret;
	tt_op_tasks = kcalloc(tt_nr_op_tasks, sizeof(*tt_op_tasks), GFP_KERNEL);
	if (!tt_op_tasks) {
		tt_free_wqs();
		return -ENOMEM;
	}
	prandom_seed_state(&tt_hard_rnd, seed ^ 1);
	prandom_seed_state(&tt_soft_rnd, seed ^ 2);
	prandom_seed_state(&tt_irq_work_rnd, seed ^ 3);
	for (i = 0; i < tt_nr_op_tasks; i++)
		tt_op_tasks[i] = tt_start(tt_op_thread, (void *)i, "wqtorture_op/%ld", i);
	/* the timer queues the irq_work: set it up first */
	init_irq_work(&tt_irq_work, tt_irq_work_fn);
	hrtimer_init(&tt_hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	tt_hrtimer.function = tt_hrtimer_fn;
	hrtimer_start(&tt_hrtimer, ms_to_ktime(3), HRTIMER_MODE_REL_HARD);
	timer_setup(&tt_timer, tt_timer_fn, 0);
	mod_timer(&tt_timer, jiffies + 1);
	if (tt_disturb_hotplug)
		tt_hotplug_task = tt_start(tt_hotplug_thread, NULL, "wqtorture_hp", 0);
	if (tt_disturb_max_active)
		tt_tune_task = tt_start(tt_tune_thread, NULL, "wqtorture_tune", 0);
	if (tt_disturb_churn)
		tt_churn_task = tt_start(tt_churn_thread, NULL, "wqtorture_churn", 0);
	tt_main_task = tt_start(tt_main_thread, NULL, "wqtorture", 0);
	return 0;
}

static void __exit tt_exit(void)
{
	tt_end();
	tt_stop_task(&tt_main_task);
}

module_init(tt_init);
module_exit(tt_exit);
MODULE_DESCRIPTION("Torture test for workqueues");
MODULE_LICENSE("GPL");
