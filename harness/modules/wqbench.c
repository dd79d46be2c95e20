// SPDX-License-Identifier: GPL-2.0
/*
 * wqbench: benchmark rows for the workqueue, through the public API only, so
 * that it measures stock 6.12 and the series alike.  Not part of the series;
 * the harness builds it against each kernel it boots.
 *
 * Writing a row name, a group name or several of them separated by spaces
 * or commas to /sys/module/wqbench/parameters/run runs them in turn; the
 * write returns once they all finished, with 0 or the first error (-EINVAL
 * for an unknown name, before anything runs; -EBUSY as a load parameter).
 * Reading it gives the result lines of the last write that ran something,
 * at most WQB_OUT_MAX bytes: past that the oldest lines are dropped, so that
 * "all" keeps only the lines of its last rows (the harness runs the rows
 * one by one).
 *
 * A result line is "ROW UNIT VALUE".  A sampled row prints ROW.p50, ROW.p95
 * and ROW.p99 in its unit, then "hist ROW B0 ... B23": bucket i counts the
 * samples v with 2^(i-1) <= v < 2^i, bucket 0 those with v < 1 and bucket
 * 23 those with v >= 2^22, so the buckets add up to the samples taken.
 * A row that cannot run on this machine prints "ROW skip 0", one that
 * failed "ROW error -ERRNO".  Module parameters: samples (per sampled row,
 * default 500) and items (per throughput row, default 20000); whatever
 * they say, a row stops taking samples or items after WQB_ROW_MS.  The
 * read-only counted says what the last row's kthreads did in the part it
 * marks for BENCH_COUNT (see wqb_count_mark()).
 *
 * Sampled rows run in a kthread bound to the last online CPU, "this CPU";
 * "another CPU" is one of its node if there is one.  Times of calls made
 * on this CPU come from local_clock(), those across CPUs from ktime_get().
 *
 *   queue_local	ns, the queue_work_on() call alone (preemption off) onto
 *			this CPU's idle pool of a per-CPU wq; flush_work() before
 *			the next sample
 *   queue_remote	the same onto another CPU's pool ("skip" on one CPU)
 *   queue_unbound	the same with queue_work() onto an unbound wq
 *   lat_same_cpu	ns from queue_work_on() to the start of the work function,
 *			on this CPU's pool of a per-CPU wq, the pool idle again
 *			(usleep_range(50, 100)) before each sample
 *   lat_other_cpu	the same on another CPU, of the node if possible
 *   lat_other_node	the same on a CPU of another node, "skip" on one node
 *   lat_unbound	the same with queue_work() on "wqbench_unbound", the
 *			module's WQ_UNBOUND | WQ_SYSFS wq, with whatever affinity
 *			scope the guest gave it.  Each lat_* row also prints
 *			ROW.local_pct: the share of its samples that ran on
 *			this CPU (a local wakeup is quicker, so a row's median
 *			moves with it)
 *   rt_percpu		items/s, one kthread per online CPU queues an item on its
 *			own CPU and waits for it to complete, items/ncpus times
 *   rt_unbound		the same with queue_work() on "wqbench_unbound"
 *   rt_ordered		the same on an ordered wq
 *   contend_unbound	items/s, one kthread per online CPU, let go together,
 *			queues items/ncpus distinct no-op items onto an unbound
 *			wq without waiting; from the first queueing to the end of
 *			the flush_workqueue() after the last.  ROW.q_p95 is the
 *			p95 of the queueing calls, in ns
 *   contend_percpu	the same, all of them onto the first online CPU's pool of
 *			a per-CPU wq
 *   drain_percpu	(also drain_percpu.queue, drain_percpu.run) ns per item,
 *			what the contended rows pay on each side with nobody
 *			else about: a kthread on this CPU queues 256 no-op items
 *			with preemption off onto this CPU's pool of a per-CPU
 *			wq (.queue, the calls), then flushes it (.run, the
 *			worker running them and the flush), items times
 *   drain_unbound	the same onto an unbound wq
 *   block		(also block_makespan, block_workers, block_concurrency)
 *			64 items that sleep 10 ms queued at once on this CPU's
 *			pool of a per-CPU wq: block_makespan (us, from the first
 *			queueing to the end of the last), block_workers (count,
 *			distinct tasks that ran them), block_concurrency (count,
 *			most running at once)
 *   block_pingpong	cycles/s, one item on this CPU's pool of a per-CPU wq and
 *			a kthread on this CPU hand two completions back and
 *			forth, items times: in each cycle the worker blocks
 *			and runs again once, as one waiting for I/O does
 *   spin_concurrency	(also spin) count, the most of 8 items that spin 2 ms
 *			each, queued at once on this CPU's pool of a per-CPU wq,
 *			running at once (1 under concurrency management)
 *   flush_empty	ns, flush_workqueue() of an empty per-CPU wq
 *   flush_busy		ns, flush_workqueue() of a per-CPU wq with 16 items that
 *			spin 20 us each just queued on this CPU (samples / 5)
 *   flushers_K		flushes/s, K = 1, 4 or 16 kthreads calling
 *			flush_workqueue() in a loop on a per-CPU wq onto which
 *			a producer on this CPU keeps queueing 5 us items, for
 *			WQB_SPAN_MS; the flushes completed, all flushers together
 *   flush_work_running	ns, flush_work() of an item that runs on another CPU
 *			and spins 50 us, called once it was seen to start
 *			(polling); "skip" on one CPU
 *   cancel_idle	ns, cancel_work_sync() of an item that ran and finished
 *   cancel_pending	ns, cancel_work_sync() of an item pending on an ordered
 *			wq behind an item that blocks
 *   cancel_running	ns, as flush_work_running with cancel_work_sync()
 *   mod_delayed_churn	ops/s, mod_delayed_work() of one delayed work by 1000
 *			jiffies, items times from one thread
 *   slack_D		us, for D = 1, 10 or 100 jiffies: from queue_delayed_work()
 *			at a tick edge to the start of the work function, less
 *			D ticks (samples, samples / 10, samples / 50); negative if
 *			the timer fired early
 *
 * Groups: "all" is every row above in turn; "quick" is the queue_* rows,
 * lat_same_cpu and rt_percpu.  The rows take no CPU hotplug lock: CPUs must
 * not go offline while they run.
 */
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/topology.h>
#include <linux/workqueue.h>

#define WQB_OUT_MAX	3500	/* bytes of result lines kept for reading */
#define WQB_LINE_MAX	320	/* a hist line: 24 counts of up to 6 digits */
#define WQB_BUCKETS	24
#define WQB_ROW_MS	8000	/* no row takes samples or items for longer */
#define WQB_SPAN_MS	1000	/* the span of flushers_K */
#define WQB_MIN_SAMPLES	10
#define WQB_MAX_SAMPLES	100000
#define WQB_MIN_ITEMS	100
#define WQB_MAX_ITEMS	1000000
#define WQB_CHECK_EVERY	64	/* loop passes between deadline checks */
#define WQB_BLOCK_ITEMS	64
#define WQB_BLOCK_US	10000
#define WQB_SPIN_ITEMS	8
#define WQB_SPIN_US	2000
#define WQB_BUSY_ITEMS	16
#define WQB_BUSY_US	20
#define WQB_RUNNING_US	50
#define WQB_START_MS	1000	/* longest wait for an item to start running */
#define WQB_SHORT_US	5	/* the producer's items in flushers_K */
#define WQB_RING	32	/* how many of them */
#define WQB_CHURN_DELAY	1000	/* jiffies */

static unsigned int samples = 500;
module_param(samples, uint, 0644);
MODULE_PARM_DESC(samples, "samples per sampled row (10..100000, default 500)");

static unsigned int items = 20000;
module_param(items, uint, 0644);
MODULE_PARM_DESC(items, "items per throughput row (100..1000000, default 20000)");

static unsigned long counted;
module_param(counted, ulong, 0444);
MODULE_PARM_DESC(counted, "what the last row's kthreads did in its marked part (BENCH_COUNT)");

static DEFINE_MUTEX(wqb_mutex);		/* one write of "run" at a time */
static struct workqueue_struct *wqb_sysfs_wq;	/* "wqbench_unbound", for the module's life */
static char wqb_out[WQB_OUT_MAX];	/* the result lines of the last write */
static size_t wqb_out_len;

/* ---------------------------------------------------------------- output */

/* drop the oldest line of the results */
static void wqb_drop_line(void)
{
	char *nl = memchr(wqb_out, '\n', wqb_out_len);
	size_t drop = nl ? nl - wqb_out + 1 : wqb_out_len;

	memmove(wqb_out, wqb_out + drop, wqb_out_len - drop);
	wqb_out_len -= drop;
	wqb_out[wqb_out_len] = '\0';
}

/*
 * Append the first line of @line to the results, dropping the oldest lines
 * to make room.  The results are kept without their last newline, which
 * wqb_get() adds.
 */
static void wqb_append(const char *line)
{
	size_t len = strcspn(line, "\n");

	if (len + 1 >= WQB_OUT_MAX)
		return;
	while (wqb_out_len && wqb_out_len + 1 + len >= WQB_OUT_MAX)
		wqb_drop_line();
	if (wqb_out_len)
		wqb_out[wqb_out_len++] = '\n';
	memcpy(wqb_out + wqb_out_len, line, len);
	wqb_out_len += len;
	wqb_out[wqb_out_len] = '\0';
}

static __printf(1, 2) void wqb_emit(const char *fmt, ...)
{
	char line[WQB_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	wqb_append(line);
}

static int wqb_cmp_s64(const void *a, const void *b)
{
	s64 x = *(const s64 *)a, y = *(const s64 *)b;

	return x < y ? -1 : x > y;
}

/* the @pct-th percentile (nearest rank) of @n sorted samples */
static s64 wqb_pct(const s64 *v, unsigned int n, unsigned int pct)
{
	return v[DIV_ROUND_UP(n * pct, 100) - 1];
}

static unsigned int wqb_bucket(s64 v)
{
	return v < 1 ? 0 : min_t(unsigned int, fls64(v), WQB_BUCKETS - 1);
}

static void wqb_emit_hist(const char *row, const s64 *v, unsigned int n)
{
	unsigned int hist[WQB_BUCKETS] = {};
	char line[WQB_LINE_MAX];
	unsigned int i;
	int len;

	for (i = 0; i < n; i++)
		hist[wqb_bucket(v[i])]++;
	len = scnprintf(line, sizeof(line), "hist %s", row);
	for (i = 0; i < WQB_BUCKETS; i++)
		len += scnprintf(line + len, sizeof(line) - len, " %u", hist[i]);
	wqb_append(line);
}

/* the lines of a sampled row: sorts @v */
static void wqb_emit_samples(const char *row, const char *unit, s64 *v, unsigned int n)
{
	sort(v, n, sizeof(*v), wqb_cmp_s64, NULL);
	wqb_emit("%s.p50 %s %lld", row, unit, wqb_pct(v, n, 50));
	wqb_emit("%s.p95 %s %lld", row, unit, wqb_pct(v, n, 95));
	wqb_emit("%s.p99 %s %lld", row, unit, wqb_pct(v, n, 99));
	wqb_emit_hist(row, v, n);
}

/* @count events from @t0 to @t1, per second */
static u64 wqb_rate(u64 count, ktime_t t0, ktime_t t1)
{
	s64 ns = ktime_to_ns(ktime_sub(t1, t0));

	return div64_u64(count * NSEC_PER_SEC, max_t(s64, ns, 1));
}

static bool wqb_past(ktime_t deadline)
{
	return !ktime_before(ktime_get(), deadline);
}

static unsigned int wqb_samples(void)
{
	return clamp_val(READ_ONCE(samples), WQB_MIN_SAMPLES, WQB_MAX_SAMPLES);
}

static unsigned int wqb_items(void)
{
	return clamp_val(READ_ONCE(items), WQB_MIN_ITEMS, WQB_MAX_ITEMS);
}

/* ---------------------------------------------------------------- CPUs and workqueues */

enum wqb_where {
	WQB_ANY,	/* WORK_CPU_UNBOUND */
	WQB_SELF,	/* this CPU */
	WQB_OTHER,	/* another CPU, of this CPU's node if there is one */
	WQB_NODE,	/* a CPU of another node */
	WQB_FIRST,	/* the first online CPU */
};

static int wqb_this_cpu(void)
{
	return cpumask_last(cpu_online_mask);
}

/* the last online CPU but @cpu on its node (@same) or off it (!@same), or -1 */
static int wqb_other_cpu(int cpu, bool same)
{
	int o, found = -1;

	for_each_online_cpu(o)
		if (o != cpu && (cpu_to_node(o) == cpu_to_node(cpu)) == same)
			found = o;
	return found;
}

/* the CPU to queue on from @cpu, WORK_CPU_UNBOUND, or -1 if there is none */
static int wqb_target(int cpu, enum wqb_where where)
{
	int o;

	switch (where) {
	case WQB_SELF:
		return cpu;
	case WQB_OTHER:
		o = wqb_other_cpu(cpu, true);
		return o >= 0 ? o : wqb_other_cpu(cpu, false);
	case WQB_NODE:
		return wqb_other_cpu(cpu, false);
	case WQB_FIRST:
		return cpumask_first(cpu_online_mask);
	default:
		return WORK_CPU_UNBOUND;
	}
}

enum wqb_wq {
	WQB_PERCPU,	/* a per-CPU wq of the row */
	WQB_UNBOUND,	/* an unbound wq of the row */
	WQB_SYSFS,	/* "wqbench_unbound", tuned by the guest */
	WQB_ORDERED,	/* an ordered wq of the row */
};

static struct workqueue_struct *wqb_wq_get(enum wqb_wq kind)
{
	switch (kind) {
	case WQB_PERCPU:
		return alloc_workqueue("wqbench_percpu", 0, 0);
	case WQB_UNBOUND:
		return alloc_workqueue("wqbench_row_unbound", WQ_UNBOUND, 0);
	case WQB_ORDERED:
		return alloc_ordered_workqueue("wqbench_ordered", 0);
	default:
		return wqb_sysfs_wq;
	}
}

static void wqb_wq_put(enum wqb_wq kind, struct workqueue_struct *wq)
{
	if (wq && kind != WQB_SYSFS)
		destroy_workqueue(wq);
}

/* ---------------------------------------------------------------- items */

/* the most items of a row running at once */
struct wqb_conc {
	atomic_t	now;
	atomic_t	peak;
};

/* an item and what its work function records */
struct wqb_item {
	struct delayed_work	dw;
	struct wqb_conc		*conc;		/* or NULL */
	struct completion	done;		/* by wqb_stamp_fn(), wqb_done_fn() */
	struct completion	*release;	/* what wqb_block_fn() waits for */
	ktime_t			queued;
	ktime_t			started;
	ktime_t			ended;
	u64			spin_ns;	/* of wqb_spin_fn() */
	pid_t			pid;
	int			running;	/* set by wqb_spin_fn() */
	int			ran_on;		/* the CPU of wqb_stamp_fn() */
};

/* a small item, by the thousand */
struct wqb_citem {
	struct work_struct	work;
	unsigned int		runs;
};

static struct wqb_item *wqb_item_of(struct work_struct *work)
{
	return container_of(work, struct wqb_item, dw.work);
}

static void wqb_item_init(struct wqb_item *it, work_func_t fn)
{
	INIT_DELAYED_WORK(&it->dw, fn);
	init_completion(&it->done);
}

static void wqb_conc_enter(struct wqb_conc *c)
{
	int n, peak;

	if (!c)
		return;
	n = atomic_inc_return(&c->now);
	peak = atomic_read(&c->peak);
	while (n > peak && !atomic_try_cmpxchg(&c->peak, &peak, n))
		;
}

static void wqb_conc_leave(struct wqb_conc *c)
{
	if (c)
		atomic_dec(&c->now);
}

static void wqb_spin_until(ktime_t end)
{
	while (ktime_before(ktime_get(), end))
		cpu_relax();
}

static void wqb_nop_fn(struct work_struct *work)
{
}

static void wqb_count_fn(struct work_struct *work)
{
	container_of(work, struct wqb_citem, work)->runs++;
}

static void wqb_short_fn(struct work_struct *work)
{
	udelay(WQB_SHORT_US);
}

static void wqb_done_fn(struct work_struct *work)
{
	complete(&wqb_item_of(work)->done);
}

static void wqb_stamp_fn(struct work_struct *work)
{
	struct wqb_item *it = wqb_item_of(work);

	it->started = ktime_get();
	it->ran_on = raw_smp_processor_id();
	complete(&it->done);
}

static void wqb_spin_fn(struct work_struct *work)
{
	struct wqb_item *it = wqb_item_of(work);

	it->started = ktime_get();
	/* pairs with the smp_load_acquire() of wqb_start_running() */
	smp_store_release(&it->running, 1);
	wqb_conc_enter(it->conc);
	wqb_spin_until(ktime_add_ns(it->started, it->spin_ns));
	wqb_conc_leave(it->conc);
}

static void wqb_sleep_fn(struct work_struct *work)
{
	struct wqb_item *it = wqb_item_of(work);

	it->pid = task_pid_nr(current);
	wqb_conc_enter(it->conc);
	usleep_range(WQB_BLOCK_US, WQB_BLOCK_US + WQB_BLOCK_US / 20);
	wqb_conc_leave(it->conc);
	it->ended = ktime_get();
}

static void wqb_block_fn(struct work_struct *work)
{
	wait_for_completion(wqb_item_of(work)->release);
}

/* ---------------------------------------------------------------- kthreads */

struct wqb_team;

/* one kthread of a row */
struct wqb_thr {
	struct wqb_team		*team;
	struct task_struct	*task;
	unsigned int		idx;
	int			cpu;		/* bound to, or -1 */
	u64			done;		/* what it counts: items, flushes */
	ktime_t			ended;
	int			ret;
	struct wqb_item		item;		/* its own, if it needs one */
};

/* the kthreads of a row, let go together */
struct wqb_team {
	int			(*fn)(struct wqb_thr *thr);
	void			*ctx;
	atomic_t		ready;
	struct completion	all_ready;
	struct completion	go;
	ktime_t			t0;		/* when they were let go */
	ktime_t			deadline;
	ktime_t			t1;		/* when the last fn returned */
	unsigned int		nr;
	struct wqb_thr		thr[] __counted_by(nr);
};

static struct wqb_team *wqb_team_alloc(unsigned int nr, int (*fn)(struct wqb_thr *thr),
				       void *ctx)
{
	struct wqb_team *team = kzalloc(struct_size(team, thr, nr), GFP_KERNEL);
	unsigned int i;

	if (!team)
		return NULL;
	team->nr = nr;
	team->fn = fn;
	team->ctx = ctx;
	atomic_set(&team->ready, nr);
	init_completion(&team->all_ready);
	init_completion(&team->go);
	for (i = 0; i < nr; i++) {
		team->thr[i].team = team;
		team->thr[i].idx = i;
		team->thr[i].cpu = -1;
	}
	return team;
}

/* a team of one kthread bound to each online CPU */
static struct wqb_team *wqb_team_percpu(int (*fn)(struct wqb_thr *thr), void *ctx)
{
	struct wqb_team *team = wqb_team_alloc(num_online_cpus(), fn, ctx);
	unsigned int i = 0;
	int cpu;

	if (!team)
		return NULL;
	for_each_online_cpu(cpu) {
		if (i == team->nr)
			break;
		team->thr[i++].cpu = cpu;
	}
	return team;
}

static int wqb_thr_main(void *arg)
{
	struct wqb_thr *thr = arg;
	struct wqb_team *team = thr->team;

	if (atomic_dec_and_test(&team->ready))
		complete(&team->all_ready);
	wait_for_completion(&team->go);
	thr->ret = team->fn(thr);
	thr->ended = ktime_get();
	return 0;
}

/* create the kthreads of @team, or none of them */
static int wqb_team_create(struct wqb_team *team)
{
	unsigned int i;

	for (i = 0; i < team->nr; i++) {
		struct wqb_thr *thr = &team->thr[i];
		struct task_struct *t;

		t = kthread_create(wqb_thr_main, thr, "wqbench/%u", i);
		if (IS_ERR(t)) {
			while (i--)	/* never woken: their fn does not run */
				kthread_stop_put(team->thr[i].task);
			return PTR_ERR(t);
		}
		if (thr->cpu >= 0)
			kthread_bind(t, thr->cpu);
		get_task_struct(t);
		thr->task = t;
	}
	return 0;
}

static u64 wqb_team_done(const struct wqb_team *team)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < team->nr; i++)
		sum += team->thr[i].done;
	return sum;
}

/*
 * Turn BENCH_COUNT's instruction counting over (harness/benchcount_plugin.c):
 * "xchg %bx,%bx" is a no-op that the plugin looks for.  A row marks where
 * its timed part begins and ends; elsewhere, and off x86, it is nothing.
 */
static __always_inline void wqb_count_mark(void)
{
#ifdef CONFIG_X86
	asm volatile("xchg %%bx, %%bx" ::: "memory");
#endif
}

/*
 * Run @team: let its kthreads go together once they all started, with a
 * deadline @span_ms later, and wait for them to exit.  Returns the first
 * error of their fn.  The part from the go to the last exit is marked
 * for BENCH_COUNT, and @counted gets the items done.
 */
static int wqb_team_run(struct wqb_team *team, unsigned int span_ms)
{
	unsigned int i;
	int ret;

	ret = wqb_team_create(team);
	if (ret)
		return ret;
	for (i = 0; i < team->nr; i++)
		wake_up_process(team->thr[i].task);
	wait_for_completion(&team->all_ready);
	team->t0 = ktime_get();
	team->deadline = ktime_add_ms(team->t0, span_ms);
	team->t1 = team->t0;
	wqb_count_mark();
	complete_all(&team->go);
	for (i = 0; i < team->nr; i++) {
		struct wqb_thr *thr = &team->thr[i];

		kthread_stop_put(thr->task);
		if (!ret)
			ret = thr->ret;
		if (ktime_after(thr->ended, team->t1))
			team->t1 = thr->ended;
	}
	wqb_count_mark();
	counted = wqb_team_done(team);
	return ret;
}

/* ---------------------------------------------------------------- rows */

struct wqb_sctx;

struct wqb_row {
	const char	*name;
	const char	*also;		/* other names that run it, or NULL */
	int		(*run)(const struct wqb_row *row);
	int		(*probe)(struct wqb_sctx *c, s64 *v);	/* one sample */
	work_func_t	fn;		/* of the sampled item */
	enum wqb_wq	wq;
	enum wqb_where	where;
	unsigned int	div;		/* a sampled row takes samples / div */
	unsigned int	arg;		/* D of slack_D, K of flushers_K */
	const char	*unit;
};

/* ---------------------------------------------------------------- sampled rows */

struct wqb_sctx {
	const struct wqb_row	*row;
	struct workqueue_struct	*wq;
	int			cpu;		/* the sampling kthread's */
	int			target;		/* to queue on, or WORK_CPU_UNBOUND */
	s64			*v;
	unsigned int		n;
	unsigned int		cap;
	unsigned int		local;		/* lat_*: samples run on this CPU */
	struct wqb_item		it;
	struct wqb_item		blocker;	/* of cancel_pending */
	struct completion	release;	/* of the blocker */
	struct wqb_item		busy[WQB_BUSY_ITEMS];	/* of flush_busy */
};

static void wqb_sctx_init(struct wqb_sctx *c)
{
	unsigned int i;

	wqb_item_init(&c->it, c->row->fn ?: wqb_nop_fn);
	c->it.spin_ns = WQB_RUNNING_US * NSEC_PER_USEC;
	init_completion(&c->release);
	wqb_item_init(&c->blocker, wqb_block_fn);
	c->blocker.release = &c->release;
	for (i = 0; i < WQB_BUSY_ITEMS; i++) {
		wqb_item_init(&c->busy[i], wqb_spin_fn);
		c->busy[i].spin_ns = WQB_BUSY_US * NSEC_PER_USEC;
	}
}

/* queue_*: the queueing call alone, the item then waited for */
static int wqb_probe_queue(struct wqb_sctx *c, s64 *v)
{
	struct work_struct *w = &c->it.dw.work;
	bool queued;
	u64 t0, t1;

	preempt_disable();
	t0 = local_clock();
	queued = queue_work_on(c->target, c->wq, w);
	t1 = local_clock();
	preempt_enable();
	flush_work(w);
	*v = t1 - t0;
	return queued ? 0 : -EBUSY;
}

/* lat_*: from queueing to the start of the work function, on an idle pool */
static int wqb_probe_lat(struct wqb_sctx *c, s64 *v)
{
	struct wqb_item *it = &c->it;

	usleep_range(50, 100);
	it->queued = ktime_get();
	if (!queue_work_on(c->target, c->wq, &it->dw.work))
		return -EBUSY;
	flush_work(&it->dw.work);
	*v = ktime_to_ns(ktime_sub(it->started, it->queued));
	c->local += it->ran_on == c->cpu;
	return 0;
}

/* busy-wait for the next tick, so that a delay of D jiffies is D ticks */
static void wqb_tick_edge(void)
{
	unsigned long j = jiffies;

	while (time_before_eq(jiffies, j))
		cpu_relax();
}

/* slack_D: from queueing at a tick edge to the start, less D ticks */
static int wqb_probe_slack(struct wqb_sctx *c, s64 *v)
{
	struct wqb_item *it = &c->it;
	unsigned long d = c->row->arg;
	s64 ns;

	reinit_completion(&it->done);
	wqb_tick_edge();
	it->queued = ktime_get();
	queue_delayed_work_on(c->target, c->wq, &it->dw, d);
	if (!wait_for_completion_timeout(&it->done, 2 * d + 10 * HZ)) {
		cancel_delayed_work_sync(&it->dw);
		return -ETIMEDOUT;
	}
	flush_work(&it->dw.work);
	ns = ktime_to_ns(ktime_sub(it->started, it->queued)) - (s64)d * TICK_NSEC;
	*v = div_s64(ns, NSEC_PER_USEC);
	return 0;
}

static int wqb_probe_flush_empty(struct wqb_sctx *c, s64 *v)
{
	u64 t0 = local_clock();

	flush_workqueue(c->wq);
	*v = local_clock() - t0;
	return 0;
}

static int wqb_probe_flush_busy(struct wqb_sctx *c, s64 *v)
{
	unsigned int i;
	u64 t0;

	for (i = 0; i < WQB_BUSY_ITEMS; i++)
		queue_work_on(c->target, c->wq, &c->busy[i].dw.work);
	t0 = local_clock();
	flush_workqueue(c->wq);
	*v = local_clock() - t0;
	return 0;
}

/* queue the spinning item and poll until it runs */
static int wqb_start_running(struct wqb_sctx *c)
{
	struct wqb_item *it = &c->it;
	ktime_t end = ktime_add_ms(ktime_get(), WQB_START_MS);

	WRITE_ONCE(it->running, 0);
	if (!queue_work_on(c->target, c->wq, &it->dw.work))
		return -EBUSY;
	/* pairs with the smp_store_release() of wqb_spin_fn(): it->started */
	while (!smp_load_acquire(&it->running)) {
		if (wqb_past(end))
			return -ETIMEDOUT;
		cond_resched();
		cpu_relax();
	}
	return 0;
}

static int wqb_probe_flush_running(struct wqb_sctx *c, s64 *v)
{
	int ret = wqb_start_running(c);
	u64 t0 = local_clock();

	flush_work(&c->it.dw.work);
	*v = local_clock() - t0;
	return ret;
}

static int wqb_probe_cancel_running(struct wqb_sctx *c, s64 *v)
{
	int ret = wqb_start_running(c);
	u64 t0 = local_clock();

	cancel_work_sync(&c->it.dw.work);
	*v = local_clock() - t0;
	return ret;
}

static int wqb_probe_cancel_idle(struct wqb_sctx *c, s64 *v)
{
	struct work_struct *w = &c->it.dw.work;
	u64 t0;

	queue_work_on(c->target, c->wq, w);
	flush_work(w);
	t0 = local_clock();
	cancel_work_sync(w);
	*v = local_clock() - t0;
	return 0;
}

/* on the ordered wq of the row, the item waits behind the blocker */
static int wqb_probe_cancel_pending(struct wqb_sctx *c, s64 *v)
{
	struct work_struct *w = &c->it.dw.work;
	bool queued, cancelled;
	u64 t0;

	reinit_completion(&c->release);
	queue_work(c->wq, &c->blocker.dw.work);
	queued = queue_work(c->wq, w);
	t0 = local_clock();
	cancelled = cancel_work_sync(w);
	*v = local_clock() - t0;
	complete(&c->release);
	flush_work(&c->blocker.dw.work);
	return queued && cancelled ? 0 : -EIO;
}

static int wqb_sample_thread(struct wqb_thr *thr)
{
	struct wqb_sctx *c = thr->team->ctx;
	int ret;

	while (c->n < c->cap && !wqb_past(thr->team->deadline)) {
		ret = c->row->probe(c, &c->v[c->n]);
		if (ret)
			return ret;
		c->n++;
	}
	return 0;
}

/* take the samples of @row in a kthread bound to this CPU */
static int wqb_sample(const struct wqb_row *row, struct wqb_sctx *c)
{
	struct wqb_team *team;
	int ret;

	c->cap = max(wqb_samples() / (row->div ?: 1), WQB_MIN_SAMPLES);
	c->v = kvmalloc_array(c->cap, sizeof(*c->v), GFP_KERNEL);
	team = wqb_team_alloc(1, wqb_sample_thread, c);
	if (!c->v || !team) {
		ret = -ENOMEM;
		goto out;
	}
	team->thr[0].cpu = c->cpu;
	wqb_sctx_init(c);
	ret = wqb_team_run(team, WQB_ROW_MS);
	if (!ret && !c->n)
		ret = -ETIMEDOUT;
	if (!ret)
		wqb_emit_samples(row->name, row->unit, c->v, c->n);
	/* a wakeup on this CPU is quicker: how many samples had one */
	if (!ret && row->probe == wqb_probe_lat)
		wqb_emit("%s.local_pct pct %u", row->name, c->local * 100 / c->n);
out:
	kfree(team);
	kvfree(c->v);
	return ret;
}

static int wqb_run_sampled(const struct wqb_row *row)
{
	struct wqb_sctx *c;
	int ret = 0;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->row = row;
	c->cpu = wqb_this_cpu();
	c->target = wqb_target(c->cpu, row->where);
	if (c->target < 0) {
		wqb_emit("%s skip 0", row->name);
		goto out;
	}
	c->wq = wqb_wq_get(row->wq);
	ret = c->wq ? wqb_sample(row, c) : -ENOMEM;
	wqb_wq_put(row->wq, c->wq);
out:
	kfree(c);
	return ret;
}

/* ---------------------------------------------------------------- round trips */

struct wqb_rctx {
	struct workqueue_struct	*wq;
	u64			per;		/* items per kthread */
	bool			local;		/* queue on its own CPU */
};

static int wqb_rt_thread(struct wqb_thr *thr)
{
	struct wqb_rctx *r = thr->team->ctx;
	struct wqb_item *it = &thr->item;
	int cpu = r->local ? thr->cpu : WORK_CPU_UNBOUND;

	for (; thr->done < r->per; thr->done++) {
		if (!(thr->done % WQB_CHECK_EVERY) && wqb_past(thr->team->deadline))
			break;
		reinit_completion(&it->done);
		queue_work_on(cpu, r->wq, &it->dw.work);
		wait_for_completion(&it->done);
	}
	flush_work(&it->dw.work);
	return 0;
}

static int wqb_run_rt(const struct wqb_row *row)
{
	struct wqb_rctx r = { .local = row->wq == WQB_PERCPU };
	struct wqb_team *team;
	unsigned int i;
	int ret;

	r.wq = wqb_wq_get(row->wq);
	team = wqb_team_percpu(wqb_rt_thread, &r);
	if (!r.wq || !team) {
		ret = -ENOMEM;
		goto out;
	}
	r.per = DIV_ROUND_UP(wqb_items(), team->nr);
	for (i = 0; i < team->nr; i++)
		wqb_item_init(&team->thr[i].item, wqb_done_fn);
	ret = wqb_team_run(team, WQB_ROW_MS);
	if (!ret)
		wqb_emit("%s items/s %llu", row->name,
			 wqb_rate(wqb_team_done(team), team->t0, team->t1));
out:
	kfree(team);
	wqb_wq_put(row->wq, r.wq);
	return ret;
}

/* ---------------------------------------------------------------- contended queueing */

struct wqb_cctx {
	struct workqueue_struct	*wq;
	struct wqb_citem	*items;		/* per items of each kthread */
	s64			*cost;		/* ns of each queueing call */
	unsigned int		per;
	int			target;
};

static int wqb_contend_thread(struct wqb_thr *thr)
{
	struct wqb_cctx *cc = thr->team->ctx;
	struct wqb_citem *it = cc->items + thr->idx * cc->per;
	s64 *cost = cc->cost + thr->idx * cc->per;
	u64 t0, t1;

	for (; thr->done < cc->per; thr->done++) {
		if (!(thr->done % WQB_CHECK_EVERY)) {
			if (wqb_past(thr->team->deadline))
				break;
			cond_resched();
		}
		preempt_disable();
		t0 = local_clock();
		queue_work_on(cc->target, cc->wq, &it[thr->done].work);
		t1 = local_clock();
		preempt_enable();
		cost[thr->done] = t1 - t0;
	}
	return 0;
}

/* gather the costs of the calls made at the front of @cc->cost */
static unsigned int wqb_contend_gather(struct wqb_team *team, struct wqb_cctx *cc)
{
	unsigned int i, n = 0;

	for (i = 0; i < team->nr; i++) {
		memmove(cc->cost + n, cc->cost + i * cc->per,
			team->thr[i].done * sizeof(*cc->cost));
		n += team->thr[i].done;
	}
	return n;
}

static int wqb_contend_report(const struct wqb_row *row, struct wqb_team *team,
			      struct wqb_cctx *cc, ktime_t t1)
{
	unsigned int i, n = wqb_contend_gather(team, cc);
	u64 runs = 0;

	for (i = 0; i < cc->per * team->nr; i++)
		runs += cc->items[i].runs;
	if (!n || runs != n)
		return -EIO;
	sort(cc->cost, n, sizeof(*cc->cost), wqb_cmp_s64, NULL);
	wqb_emit("%s items/s %llu", row->name, wqb_rate(n, team->t0, t1));
	wqb_emit("%s.q_p95 ns %lld", row->name, wqb_pct(cc->cost, n, 95));
	return 0;
}

static int wqb_contend(const struct wqb_row *row, struct wqb_team *team, struct wqb_cctx *cc)
{
	unsigned int i, n;
	int ret;

	cc->per = max_t(unsigned int, wqb_items() / team->nr, 1);
	n = cc->per * team->nr;
	cc->items = kvcalloc(n, sizeof(*cc->items), GFP_KERNEL);
	cc->cost = kvmalloc_array(n, sizeof(*cc->cost), GFP_KERNEL);
	if (!cc->items || !cc->cost) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		INIT_WORK(&cc->items[i].work, wqb_count_fn);
	ret = wqb_team_run(team, WQB_ROW_MS);
	/* the timed part goes on to the end of the flush */
	wqb_count_mark();
	flush_workqueue(cc->wq);
	wqb_count_mark();
	if (!ret)
		ret = wqb_contend_report(row, team, cc, ktime_get());
out:
	kvfree(cc->cost);
	kvfree(cc->items);
	return ret;
}

static int wqb_run_contend(const struct wqb_row *row)
{
	struct wqb_cctx cc = {};
	struct wqb_team *team;
	int ret;

	cc.wq = wqb_wq_get(row->wq);
	cc.target = wqb_target(wqb_this_cpu(), row->where);
	team = wqb_team_percpu(wqb_contend_thread, &cc);
	ret = cc.wq && team ? wqb_contend(row, team, &cc) : -ENOMEM;
	kfree(team);
	wqb_wq_put(row->wq, cc.wq);
	return ret;
}

/* ---------------------------------------------------------------- one CPU's share */

#define WQB_DRAIN_BATCH	256

struct wqb_dctx {
	struct workqueue_struct	*wq;
	struct wqb_citem	items[WQB_DRAIN_BATCH];
	u64			queue_ns;
	u64			run_ns;
};

/*
 * Queue a batch onto this CPU's pool with preemption off, so that the worker
 * woken by the first item runs none of them yet, then flush: what one item
 * costs each side, with nobody else about.
 */
static int wqb_drain_thread(struct wqb_thr *thr)
{
	struct wqb_dctx *d = thr->team->ctx;
	unsigned int per = wqb_items(), i;
	int cpu = thr->cpu;
	u64 t0, t1, t2;

	while (thr->done < per && !wqb_past(thr->team->deadline)) {
		preempt_disable();
		t0 = local_clock();
		for (i = 0; i < WQB_DRAIN_BATCH; i++)
			queue_work_on(cpu, d->wq, &d->items[i].work);
		t1 = local_clock();
		preempt_enable();
		flush_workqueue(d->wq);
		t2 = local_clock();
		d->queue_ns += t1 - t0;
		d->run_ns += t2 - t1;
		thr->done += WQB_DRAIN_BATCH;
	}
	return 0;
}

static int wqb_run_drain(const struct wqb_row *row)
{
	struct wqb_dctx *d = kzalloc(sizeof(*d), GFP_KERNEL);
	struct wqb_team *team = wqb_team_alloc(1, wqb_drain_thread, d);
	unsigned int i;
	u64 n;
	int ret = -ENOMEM;

	if (!d || !team)
		goto out;
	d->wq = wqb_wq_get(row->wq);
	if (!d->wq)
		goto out;
	for (i = 0; i < WQB_DRAIN_BATCH; i++)
		INIT_WORK(&d->items[i].work, wqb_count_fn);
	team->thr[0].cpu = wqb_this_cpu();
	ret = wqb_team_run(team, WQB_ROW_MS);
	n = wqb_team_done(team);
	if (!ret && n) {
		wqb_emit("%s.queue ns %llu", row->name, div64_u64(d->queue_ns, n));
		wqb_emit("%s.run ns %llu", row->name, div64_u64(d->run_ns, n));
	}
	wqb_wq_put(row->wq, d->wq);
out:
	kfree(team);
	kfree(d);
	return ret;
}

/* ---------------------------------------------------------------- blocking and spinning */

/* queue @n items at once on @cpu and wait for them; returns when it began */
static ktime_t wqb_burst(struct workqueue_struct *wq, int cpu, struct wqb_item *it,
			 unsigned int n)
{
	ktime_t t0 = ktime_get();
	unsigned int i;

	for (i = 0; i < n; i++)
		queue_work_on(cpu, wq, &it[i].dw.work);
	flush_workqueue(wq);
	return t0;
}

static unsigned int wqb_distinct_pids(const struct wqb_item *it, unsigned int n)
{
	unsigned int i, j, distinct = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i && it[j].pid != it[i].pid; j++)
			;
		distinct += j == i;
	}
	return distinct;
}

static void wqb_block_report(const struct wqb_row *row, struct wqb_item *it, ktime_t t0,
			     struct wqb_conc *conc)
{
	ktime_t end = t0;
	unsigned int i;

	for (i = 0; i < WQB_BLOCK_ITEMS; i++)
		if (ktime_after(it[i].ended, end))
			end = it[i].ended;
	wqb_emit("block_makespan us %lld", ktime_us_delta(end, t0));
	wqb_emit("block_workers count %u", wqb_distinct_pids(it, WQB_BLOCK_ITEMS));
	wqb_emit("block_concurrency count %d", atomic_read(&conc->peak));
}

static void wqb_spin_report(const struct wqb_row *row, struct wqb_item *it, ktime_t t0,
			    struct wqb_conc *conc)
{
	wqb_emit("%s count %d", row->name, atomic_read(&conc->peak));
}

/*
 * @n items of @fn (spinning @spin_ns, if they spin) queued at once on this
 * CPU's pool of @row's wq, waited for, then handed to @report
 */
static int wqb_run_burst(const struct wqb_row *row, unsigned int n, work_func_t fn,
			 u64 spin_ns,
			 void (*report)(const struct wqb_row *row, struct wqb_item *it,
					ktime_t t0, struct wqb_conc *conc))
{
	struct wqb_conc conc = {};
	struct workqueue_struct *wq;
	struct wqb_item *it;
	unsigned int i;
	ktime_t t0;
	int ret = -ENOMEM;

	it = kcalloc(n, sizeof(*it), GFP_KERNEL);
	wq = wqb_wq_get(row->wq);
	if (it && wq) {
		for (i = 0; i < n; i++) {
			wqb_item_init(&it[i], fn);
			it[i].conc = &conc;
			it[i].spin_ns = spin_ns;
		}
		t0 = wqb_burst(wq, wqb_this_cpu(), it, n);
		report(row, it, t0, &conc);
		ret = 0;
	}
	wqb_wq_put(row->wq, wq);
	kfree(it);
	return ret;
}

static int wqb_run_block(const struct wqb_row *row)
{
	return wqb_run_burst(row, WQB_BLOCK_ITEMS, wqb_sleep_fn, 0, wqb_block_report);
}

struct wqb_pctx {
	struct workqueue_struct	*wq;
	struct work_struct	work;
	struct completion	ping;		/* the item's turn is over */
	struct completion	pong;		/* the kthread's */
	u64			per;
	u64			cycles;
	ktime_t			deadline;
	bool			stop;
};

static void wqb_pingpong_fn(struct work_struct *work)
{
	struct wqb_pctx *p = container_of(work, struct wqb_pctx, work);

	for (p->cycles = 0; p->cycles < p->per; p->cycles++) {
		if (!(p->cycles % WQB_CHECK_EVERY) && wqb_past(p->deadline))
			break;
		complete(&p->ping);
		wait_for_completion(&p->pong);
	}
	WRITE_ONCE(p->stop, true);
	complete(&p->ping);
}

static int wqb_pingpong_thread(struct wqb_thr *thr)
{
	struct wqb_pctx *p = thr->team->ctx;

	p->deadline = thr->team->deadline;
	queue_work_on(thr->cpu, p->wq, &p->work);
	for (;;) {
		wait_for_completion(&p->ping);
		if (READ_ONCE(p->stop))
			break;
		complete(&p->pong);
	}
	flush_work(&p->work);
	thr->done = p->cycles;
	return 0;
}

static int wqb_run_pingpong(const struct wqb_row *row)
{
	struct wqb_pctx p = { .per = wqb_items() };
	struct wqb_team *team;
	int ret = -ENOMEM;

	INIT_WORK_ONSTACK(&p.work, wqb_pingpong_fn);
	init_completion(&p.ping);
	init_completion(&p.pong);
	p.wq = wqb_wq_get(row->wq);
	team = wqb_team_alloc(1, wqb_pingpong_thread, &p);
	if (p.wq && team) {
		team->thr[0].cpu = wqb_this_cpu();
		ret = wqb_team_run(team, WQB_ROW_MS);
		if (!ret)
			wqb_emit("%s cycles/s %llu", row->name,
				 wqb_rate(wqb_team_done(team), team->t0, team->t1));
	}
	kfree(team);
	wqb_wq_put(row->wq, p.wq);
	destroy_work_on_stack(&p.work);
	return ret;
}

static int wqb_run_spin(const struct wqb_row *row)
{
	return wqb_run_burst(row, WQB_SPIN_ITEMS, wqb_spin_fn, WQB_SPIN_US * NSEC_PER_USEC,
			     wqb_spin_report);
}

/* ---------------------------------------------------------------- concurrent flushers */

struct wqb_fctx {
	struct workqueue_struct	*wq;
	int			cpu;		/* the producer's */
	struct wqb_citem	ring[WQB_RING];
};

/* keep queueing the ring's items until the deadline, the pending ones again */
static int wqb_producer(struct wqb_thr *thr, struct wqb_fctx *f)
{
	unsigned int i;

	while (!wqb_past(thr->team->deadline)) {
		for (i = 0; i < WQB_RING; i++)
			queue_work_on(f->cpu, f->wq, &f->ring[i].work);
		usleep_range(20, 50);
	}
	return 0;
}

/* count the flushes that completed before the deadline */
static int wqb_flusher(struct wqb_thr *thr, struct wqb_fctx *f)
{
	for (;;) {
		flush_workqueue(f->wq);
		if (wqb_past(thr->team->deadline))
			return 0;
		thr->done++;
	}
}

static int wqb_flush_thread(struct wqb_thr *thr)
{
	struct wqb_fctx *f = thr->team->ctx;

	return thr->idx ? wqb_flusher(thr, f) : wqb_producer(thr, f);
}

static int wqb_run_flushers(const struct wqb_row *row)
{
	struct wqb_team *team = NULL;
	struct wqb_fctx *f;
	unsigned int i;
	int ret = -ENOMEM;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->cpu = wqb_this_cpu();
	f->wq = wqb_wq_get(row->wq);
	if (f->wq)
		team = wqb_team_alloc(row->arg + 1, wqb_flush_thread, f);	/* 0: producer */
	if (team) {
		for (i = 0; i < WQB_RING; i++)
			INIT_WORK(&f->ring[i].work, wqb_short_fn);
		team->thr[0].cpu = f->cpu;
		ret = wqb_team_run(team, WQB_SPAN_MS);
		flush_workqueue(f->wq);
	}
	if (!ret)
		wqb_emit("%s flushes/s %llu", row->name,
			 wqb_rate(wqb_team_done(team), team->t0, team->deadline));
	kfree(team);
	wqb_wq_put(row->wq, f->wq);
	kfree(f);
	return ret;
}

/* ---------------------------------------------------------------- mod_delayed_work() churn */

static int wqb_run_churn(const struct wqb_row *row)
{
	unsigned int i, n = wqb_items();
	struct workqueue_struct *wq;
	struct wqb_item *it;
	ktime_t t0, end;
	int ret = -ENOMEM;

	it = kzalloc(sizeof(*it), GFP_KERNEL);
	wq = wqb_wq_get(row->wq);
	if (it && wq) {
		wqb_item_init(it, wqb_nop_fn);
		t0 = ktime_get();
		end = ktime_add_ms(t0, WQB_ROW_MS);
		for (i = 0; i < n; i++) {
			if (!(i % WQB_CHECK_EVERY)) {
				if (wqb_past(end))
					break;
				cond_resched();
			}
			mod_delayed_work(wq, &it->dw, WQB_CHURN_DELAY);
		}
		end = ktime_get();
		cancel_delayed_work_sync(&it->dw);
		wqb_emit("%s ops/s %llu", row->name, wqb_rate(i, t0, end));
		ret = 0;
	}
	wqb_wq_put(row->wq, wq);
	kfree(it);
	return ret;
}

/* ---------------------------------------------------------------- the table */

static const struct wqb_row wqb_rows[] = {
	{ .name = "queue_local", .run = wqb_run_sampled, .probe = wqb_probe_queue,
	  .wq = WQB_PERCPU, .where = WQB_SELF, .unit = "ns" },
	{ .name = "queue_remote", .run = wqb_run_sampled, .probe = wqb_probe_queue,
	  .wq = WQB_PERCPU, .where = WQB_OTHER, .unit = "ns" },
	{ .name = "queue_unbound", .run = wqb_run_sampled, .probe = wqb_probe_queue,
	  .wq = WQB_UNBOUND, .where = WQB_ANY, .unit = "ns" },
	{ .name = "lat_same_cpu", .run = wqb_run_sampled, .probe = wqb_probe_lat,
	  .fn = wqb_stamp_fn, .wq = WQB_PERCPU, .where = WQB_SELF, .unit = "ns" },
	{ .name = "lat_other_cpu", .run = wqb_run_sampled, .probe = wqb_probe_lat,
	  .fn = wqb_stamp_fn, .wq = WQB_PERCPU, .where = WQB_OTHER, .unit = "ns" },
	{ .name = "lat_other_node", .run = wqb_run_sampled, .probe = wqb_probe_lat,
	  .fn = wqb_stamp_fn, .wq = WQB_PERCPU, .where = WQB_NODE, .unit = "ns" },
	{ .name = "lat_unbound", .run = wqb_run_sampled, .probe = wqb_probe_lat,
	  .fn = wqb_stamp_fn, .wq = WQB_SYSFS, .where = WQB_ANY, .unit = "ns" },
	{ .name = "rt_percpu", .run = wqb_run_rt, .wq = WQB_PERCPU },
	{ .name = "rt_unbound", .run = wqb_run_rt, .wq = WQB_SYSFS },
	{ .name = "rt_ordered", .run = wqb_run_rt, .wq = WQB_ORDERED },
	{ .name = "contend_unbound", .run = wqb_run_contend, .wq = WQB_UNBOUND,
	  .where = WQB_ANY },
	{ .name = "contend_percpu", .run = wqb_run_contend, .wq = WQB_PERCPU,
	  .where = WQB_FIRST },
	{ .name = "drain_percpu", .also = "drain_percpu.queue drain_percpu.run",
	  .run = wqb_run_drain, .wq = WQB_PERCPU },
	{ .name = "drain_unbound", .also = "drain_unbound.queue drain_unbound.run",
	  .run = wqb_run_drain, .wq = WQB_UNBOUND },
	{ .name = "block", .also = "block_makespan block_workers block_concurrency",
	  .run = wqb_run_block, .wq = WQB_PERCPU },
	{ .name = "block_pingpong", .run = wqb_run_pingpong, .wq = WQB_PERCPU },
	{ .name = "spin_concurrency", .also = "spin", .run = wqb_run_spin, .wq = WQB_PERCPU },
	{ .name = "flush_empty", .run = wqb_run_sampled, .probe = wqb_probe_flush_empty,
	  .wq = WQB_PERCPU, .where = WQB_SELF, .unit = "ns" },
	{ .name = "flush_busy", .run = wqb_run_sampled, .probe = wqb_probe_flush_busy,
	  .wq = WQB_PERCPU, .where = WQB_SELF, .div = 5, .unit = "ns" },
	{ .name = "flushers_1", .run = wqb_run_flushers, .wq = WQB_PERCPU, .arg = 1 },
	{ .name = "flushers_4", .run = wqb_run_flushers, .wq = WQB_PERCPU, .arg = 4 },
	{ .name = "flushers_16", .run = wqb_run_flushers, .wq = WQB_PERCPU, .arg = 16 },
	{ .name = "flush_work_running", .run = wqb_run_sampled,
	  .probe = wqb_probe_flush_running, .fn = wqb_spin_fn, .wq = WQB_PERCPU,
	  .where = WQB_OTHER, .unit = "ns" },
	{ .name = "cancel_idle", .run = wqb_run_sampled, .probe = wqb_probe_cancel_idle,
	  .wq = WQB_PERCPU, .where = WQB_SELF, .unit = "ns" },
	{ .name = "cancel_pending", .run = wqb_run_sampled, .probe = wqb_probe_cancel_pending,
	  .wq = WQB_ORDERED, .where = WQB_ANY, .unit = "ns" },
	{ .name = "cancel_running", .run = wqb_run_sampled,
	  .probe = wqb_probe_cancel_running, .fn = wqb_spin_fn, .wq = WQB_PERCPU,
	  .where = WQB_OTHER, .unit = "ns" },
	{ .name = "mod_delayed_churn", .run = wqb_run_churn, .wq = WQB_PERCPU },
	{ .name = "slack_1", .run = wqb_run_sampled, .probe = wqb_probe_slack,
	  .fn = wqb_stamp_fn, .wq = WQB_PERCPU, .where = WQB_ANY, .arg = 1, .unit = "us" },
	{ .name = "slack_10", .run = wqb_run_sampled, .probe = wqb_probe_slack,
	  .fn = wqb_stamp_fn, .wq = WQB_PERCPU, .where = WQB_ANY, .div = 10, .arg = 10,
	  .unit = "us" },
	{ .name = "slack_100", .run = wqb_run_sampled, .probe = wqb_probe_slack,
	  .fn = wqb_stamp_fn, .wq = WQB_PERCPU, .where = WQB_ANY, .div = 50, .arg = 100,
	  .unit = "us" },
};

struct wqb_group {
	const char	*name;
	const char	*rows;		/* space-separated, NULL for every row */
};

static const struct wqb_group wqb_groups[] = {
	{ "all", NULL },
	{ "quick", "queue_local queue_remote queue_unbound lat_same_cpu rt_percpu" },
};

/* ---------------------------------------------------------------- the "run" parameter */

/* is the word @w of @len chars in the space-separated @list */
static bool wqb_in_list(const char *list, const char *w, size_t len)
{
	while (list && *list) {
		size_t n = strcspn(list, " ");

		if (n == len && !strncmp(list, w, len))
			return true;
		list = skip_spaces(list + n);
	}
	return false;
}

static bool wqb_is(const char *name, const char *w, size_t len)
{
	return strlen(name) == len && !strncmp(name, w, len);
}

static int wqb_run_row(const struct wqb_row *row)
{
	int ret;

	counted = 0;
	ret = row->run(row);

	if (ret)
		wqb_emit("%s error %d", row->name, ret);
	return ret;
}

static int wqb_run_group(const struct wqb_group *g)
{
	unsigned int i;
	int ret = 0, r;

	for (i = 0; i < ARRAY_SIZE(wqb_rows); i++) {
		const char *name = wqb_rows[i].name;

		if (g->rows && !wqb_in_list(g->rows, name, strlen(name)))
			continue;
		r = wqb_run_row(&wqb_rows[i]);
		ret = ret ?: r;
	}
	return ret;
}

/* run the row or group called @w (@len chars), or only say if there is one (@dry) */
static int wqb_run_word(const char *w, size_t len, bool dry)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(wqb_groups); i++)
		if (wqb_is(wqb_groups[i].name, w, len))
			return dry ? 0 : wqb_run_group(&wqb_groups[i]);
	for (i = 0; i < ARRAY_SIZE(wqb_rows); i++)
		if (wqb_is(wqb_rows[i].name, w, len) || wqb_in_list(wqb_rows[i].also, w, len))
			return dry ? 0 : wqb_run_row(&wqb_rows[i]);
	return -EINVAL;
}

#define WQB_SEP	" \t\n,"

/* the next word at or after *@s, of *@len chars, moving *@s past it; NULL at the end */
static const char *wqb_next_word(const char **s, size_t *len)
{
	const char *w = *s + strspn(*s, WQB_SEP);

	if (!*w)
		return NULL;
	*len = strcspn(w, WQB_SEP);
	*s = w + *len;
	return w;
}

/* do the words of @val all name a row or a group, and is there one */
static int wqb_check_words(const char *val)
{
	const char *w;
	size_t len;
	int ret = -EINVAL;

	while ((w = wqb_next_word(&val, &len))) {
		ret = wqb_run_word(w, len, true);
		if (ret)
			break;
	}
	return ret;
}

/* run the rows and groups named by @val in turn; the first error */
static int wqb_run_words(const char *val)
{
	const char *w;
	size_t len;
	int ret = 0, r;

	while ((w = wqb_next_word(&val, &len))) {
		r = wqb_run_word(w, len, false);
		ret = ret ?: r;
	}
	return ret;
}

static int wqb_set(const char *val, const struct kernel_param *kp)
{
	int ret;

	mutex_lock(&wqb_mutex);
	if (!wqb_sysfs_wq) {
		ret = -EBUSY;	/* not as a load parameter */
	} else {
		ret = wqb_check_words(val);
		if (!ret) {
			wqb_out_len = 0;
			wqb_out[0] = '\0';
			ret = wqb_run_words(val);
		}
	}
	mutex_unlock(&wqb_mutex);
	return ret;
}

static int wqb_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", wqb_out);
}

static const struct kernel_param_ops wqb_ops = {
	.set = wqb_set,
	.get = wqb_get,
};
module_param_cb(run, &wqb_ops, NULL, 0644);
MODULE_PARM_DESC(run, "write row or group names to run them; read the results");

static int __init wqb_init(void)
{
	struct workqueue_struct *wq;

	wq = alloc_workqueue("wqbench_unbound", WQ_UNBOUND | WQ_SYSFS, 0);
	if (!wq)
		return -ENOMEM;
	mutex_lock(&wqb_mutex);
	wqb_sysfs_wq = wq;
	mutex_unlock(&wqb_mutex);
	return 0;
}
module_init(wqb_init);

static void __exit wqb_exit(void)
{
	mutex_lock(&wqb_mutex);	/* after the run in progress, if any */
	destroy_workqueue(wqb_sysfs_wq);
	wqb_sysfs_wq = NULL;
	mutex_unlock(&wqb_mutex);
}
module_exit(wqb_exit);

MODULE_DESCRIPTION("workqueue benchmark rows");
MODULE_LICENSE("GPL");
