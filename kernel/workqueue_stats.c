// SPDX-License-Identifier: GPL-2.0-only
/*
 * Workqueue statistics and state in debugfs
 *
 * #included at the end of kernel/workqueue.c, whose statics it reads (the
 * way kernel/sched/build_utility.c puts a subsystem's parts together); the
 * counting side is kernel/workqueue_stats.h.  It makes, root only:
 *
 *   /sys/kernel/debug/workqueue/
 *	stats	one line per workqueue: counters and what it holds now
 *	latency	per workqueue, log2 histograms of wait and run time
 *	pools	one line per worker pool
 *	pwqs	one line per pool_workqueue: which CPUs land on it, its queues
 *	workers	one line per kthread worker: what it runs, for how long
 *	pods	the pods of every affinity scope
 *	reset	write 1 to zero the counters and histograms
 *
 * Documentation/core-api/workqueue.rst gives the formats: a header line of
 * column names, then whitespace-separated columns, names escaped, never a
 * pointer.  Counters read "-" when statistics are off (workqueue.stats=0).
 *
 * Locking: a reader takes wq_pool_mutex for the lists of workqueues and
 * pools, then wq->mutex for a workqueue's pwqs (workers: the attach mutex),
 * then a pool's lock just long enough to copy what it wants.  Everything is
 * printed after that lock is dropped.
 */

#include <linux/debugfs.h>
#include <linux/kallsyms.h>
#include <linux/seq_file.h>

/* characters escaped in names, as /proc/mounts does */
#define WQ_NAME_ESC	" \t\n\\"

static bool wq_stats_wanted __initdata = true;

static int __init wq_stats_setup(char *str)
{
	if (kstrtobool(str, &wq_stats_wanted))
		pr_warn("workqueue: workqueue.stats=%s is not a boolean, statistics stay on\n",
			str);
	return 1;
}
__setup("workqueue.stats=", wq_stats_setup);

/* Before the first pwq: a pwq has counters exactly when the key is on. */
static void __init wq_stats_init_early(void)
{
	if (!wq_stats_wanted)
		static_branch_disable(&wq_stats_key);
}

/* Add @pwq's counters and what it holds now to @sum.  wq->mutex held. */
static void wq_stats_sum_pwq(struct pool_workqueue *pwq, struct wq_stats_sum *sum)
{
	struct worker_pool *pool = pwq->pool;
	unsigned int running = 0, in_flight = 0;
	struct worker *worker;
	int bkt, i;

	raw_spin_lock_irq(&pool->lock);
	hash_for_each(pool->busy_hash, bkt, worker, busy_node)
		if (worker->current_pwq == pwq && worker->current_color != NO_EPOCH)
			running++;
	for (i = 0; i < NR_EPOCHS; i++)
		in_flight += pwq->nr_in_flight[i];
	/* active items are running or wait on the worklist */
	sum->running += running;
	sum->pending += pwq->nr_active - running;
	sum->inactive += in_flight - pwq->nr_active;
	sum->in_flight += in_flight;
	if (pwq->stats)
		wq_stats_add(&sum->c, &pwq->stats->c);
	raw_spin_unlock_irq(&pool->lock);
}

/**
 * wq_stats_get - sum up a workqueue's statistics
 * @wq: the workqueue
 * @sum: filled in
 *
 * The counters cover @wq's life since boot or the last wq_stats_reset(),
 * retired pwqs included; @sum->queued is worked out from them.
 *
 * Context: Process context; takes @wq's mutex and its pools' locks.  The
 * caller keeps @wq alive.
 *
 * Return: 0, or -ENODATA when statistics are off (workqueue.stats=0): then
 * only the snapshot fields (pending, inactive, running, in_flight) count.
 */
int wq_stats_get(struct workqueue_struct *wq, struct wq_stats_sum *sum)
{
	struct pool_workqueue *pwq;

	memset(sum, 0, sizeof(*sum));
	mutex_lock(&wq->mutex);
	sum->max_active = wq->max_active;
	if (wq->stats_gone)
		wq_stats_add(&sum->c, &wq->stats_gone->c);
	list_for_each_entry(pwq, &wq->pwqs, pwqs_node) {
		wq_stats_sum_pwq(pwq, sum);
		sum->nr_pwqs++;
	}
	mutex_unlock(&wq->mutex);
	sum->queued = sum->c.cnt[WQ_STAT_COMPLETED] + sum->c.cnt[WQ_STAT_CANCELLED] +
		      sum->in_flight;
	sum->c.cnt[WQ_STAT_STARTED] = sum->c.cnt[WQ_STAT_COMPLETED] + sum->running;
	return wq_stats_on() ? 0 : -ENODATA;
}

/**
 * wq_stats_reset - zero every workqueue's counters and histograms
 *
 * What the pwqs hold now (and the item being timed) is left alone, so a
 * workqueue's queued count afterwards includes the items in flight.
 *
 * Context: Process context; takes wq_pool_mutex, the workqueues' mutexes
 * and the pools' locks.
 */
void wq_stats_reset(void)
{
	struct workqueue_struct *wq;
	struct pool_workqueue *pwq;

	if (!wq_stats_on())
		return;
	mutex_lock(&wq_pool_mutex);
	list_for_each_entry(wq, &workqueues, list) {
		mutex_lock(&wq->mutex);
		memset(&wq->stats_gone->c, 0, sizeof(wq->stats_gone->c));
		list_for_each_entry(pwq, &wq->pwqs, pwqs_node) {
			raw_spin_lock_irq(&pwq->pool->lock);
			memset(&pwq->stats->c, 0, sizeof(pwq->stats->c));
			raw_spin_unlock_irq(&pwq->pool->lock);
		}
		mutex_unlock(&wq->mutex);
	}
	mutex_unlock(&wq_pool_mutex);
}

/* ---------------------------------------------------------------- stats */

static void wq_show_name(struct seq_file *m, const char *name)
{
	seq_escape(m, name, WQ_NAME_ESC);
}

static void wq_show_flags(struct seq_file *m, unsigned int flags)
{
	static const struct {
		unsigned int	flag;
		const char	*word;
	} words[] = {
		{ __WQ_ORDERED,		"ordered" },
		{ WQ_HIGHPRI,		"highpri" },
		{ WQ_CPU_INTENSIVE,	"cpu_intensive" },
		{ WQ_FREEZABLE,		"freezable" },
		{ WQ_MEM_RECLAIM,	"mem_reclaim" },
		{ WQ_SYSFS,		"sysfs" },
		{ WQ_POWER_EFFICIENT,	"power_efficient" },
		{ __WQ_LEGACY,		"legacy" },
	};
	int i;

	seq_puts(m, flags & WQ_BH ? "bh" : flags & WQ_UNBOUND ? "unbound" : "percpu");
	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (flags & words[i].flag)
			seq_printf(m, ",%s", words[i].word);
}

/* A counter, or "-" when there are none; times in microseconds. */
static void wq_show_count(struct seq_file *m, bool on, u64 val, bool ns)
{
	if (!on)
		seq_puts(m, " -");
	else
		seq_printf(m, " %llu", ns ? div_u64(val, NSEC_PER_USEC) : val);
}

static int wq_stats_show(struct seq_file *m, void *unused)
{
	static const int cols[] = {
		WQ_STAT_STARTED, WQ_STAT_COMPLETED, WQ_STAT_CANCELLED,
	};
	static const int more[] = {
		WQ_STAT_CPU, WQ_STAT_CPU_INTENSIVE, WQ_STAT_CM_WAKEUP,
		WQ_STAT_REPATRIATED, WQ_STAT_MAYDAY, WQ_STAT_RESCUED,
		WQ_STAT_MAX_WAIT, WQ_STAT_MAX_RUN,
	};
	struct workqueue_struct *wq;
	struct wq_stats_sum *sum;
	bool on;
	int i;

	sum = kmalloc(sizeof(*sum), GFP_KERNEL);
	if (!sum)
		return -ENOMEM;
	seq_puts(m, "id name flags max_active queued started completed cancelled pending inactive running cpu_us cpu_intensive cm_wakeups repatriated maydays rescued max_wait_us max_run_us\n");
	mutex_lock(&wq_pool_mutex);
	list_for_each_entry(wq, &workqueues, list) {
		on = !wq_stats_get(wq, sum);
		seq_printf(m, "%lu ", wq->id);
		wq_show_name(m, wq->name);
		seq_putc(m, ' ');
		wq_show_flags(m, READ_ONCE(wq->flags));
		seq_printf(m, " %d", sum->max_active);
		wq_show_count(m, on, sum->queued, false);
		for (i = 0; i < ARRAY_SIZE(cols); i++)
			wq_show_count(m, on, sum->c.cnt[cols[i]], false);
		seq_printf(m, " %u %u %u", sum->pending, sum->inactive, sum->running);
		for (i = 0; i < ARRAY_SIZE(more); i++)
			wq_show_count(m, on, sum->c.cnt[more[i]],
				      more[i] == WQ_STAT_CPU || more[i] == WQ_STAT_MAX_WAIT ||
				      more[i] == WQ_STAT_MAX_RUN);
		seq_putc(m, '\n');
	}
	mutex_unlock(&wq_pool_mutex);
	kfree(sum);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(wq_stats);

static int wq_latency_show(struct seq_file *m, void *unused)
{
	static const char * const kinds[WQ_HIST_NR] = {
		[WQ_HIST_WAIT] = "wait", [WQ_HIST_RUN] = "run",
	};
	struct workqueue_struct *wq;
	struct wq_stats_sum *sum;
	int h, b;

	sum = kmalloc(sizeof(*sum), GFP_KERNEL);
	if (!sum)
		return -ENOMEM;
	seq_puts(m, "id name kind");
	for (b = 0; b < WQ_HIST_BUCKETS - 1; b++)
		seq_printf(m, " lt%lu", 1UL << b);
	seq_printf(m, " ge%lu\n", 1UL << (WQ_HIST_BUCKETS - 2));
	mutex_lock(&wq_pool_mutex);
	list_for_each_entry(wq, &workqueues, list) {
		if (wq_stats_get(wq, sum))
			continue;
		for (h = 0; h < WQ_HIST_NR; h++) {
			seq_printf(m, "%lu ", wq->id);
			wq_show_name(m, wq->name);
			seq_printf(m, " %s", kinds[h]);
			for (b = 0; b < WQ_HIST_BUCKETS; b++)
				seq_printf(m, " %llu", sum->c.hist[h][b]);
			seq_putc(m, '\n');
		}
	}
	mutex_unlock(&wq_pool_mutex);
	kfree(sum);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(wq_latency);

/* ---------------------------------------------------------------- pools */

struct wq_pool_state {
	unsigned int	flags;
	int		workers, idle, busy, running, pending;
	bool		sampled;	/* a timed item is pending */
	u64		oldest_ns;	/* the longest a timed one has waited */
	unsigned long	stall;		/* jiffies since progress, work pending */
};

static void wq_pool_snap(struct worker_pool *pool, struct wq_pool_state *snap)
{
	struct pool_workqueue *pwq;
	struct work_struct *work;
	struct worker *worker;
	u64 now = local_clock();
	int bkt;

	memset(snap, 0, sizeof(*snap));
	raw_spin_lock_irq(&pool->lock);
	snap->flags = pool->flags;
	snap->workers = pool->nr_workers;
	snap->idle = pool->nr_idle;
	snap->running = READ_ONCE(pool->nr_running);
	hash_for_each(pool->busy_hash, bkt, worker, busy_node)
		snap->busy++;
	/*
	 * Not the first timed item: items that waited for max_active join
	 * the worklist behind younger ones.
	 */
	list_for_each_entry(work, &pool->worklist, entry) {
		if (data_color(work_data(work)) == NO_EPOCH)
			continue;	/* a flush barrier */
		snap->pending++;
		pwq = get_work_pwq(work);
		if (!wq_stats_on() || !pwq || !pwq->timing || pwq->stats->timed_work != work)
			continue;
		snap->sampled = true;
		if (now > pwq->stats->timed_at)
			snap->oldest_ns = max(snap->oldest_ns, now - pwq->stats->timed_at);
	}
	if (snap->pending)
		snap->stall = jiffies - pool->progress_ts;
	raw_spin_unlock_irq(&pool->lock);
}

static void wq_show_pool_flags(struct seq_file *m, struct worker_pool *pool,
			       unsigned int flags)
{
	const char *sep = " ";

	if (flags & POOL_MANAGING) {
		seq_printf(m, "%smanaging", sep);
		sep = ",";
	}
	/* unbound pools always are: only news for a CPU's pool */
	if ((flags & POOL_DISASSOCIATED) && pool->cpu >= 0) {
		seq_printf(m, "%sdisassociated", sep);
		sep = ",";
	}
	if (flags & POOL_DYING) {
		seq_printf(m, "%sdying", sep);
		sep = ",";
	}
	if (pool->cpu < 0 && pool->attrs->affn_strict) {
		seq_printf(m, "%sstrict", sep);
		sep = ",";
	}
	if (*sep == ' ')
		seq_puts(m, " -");
}

static void wq_show_pool(struct seq_file *m, struct worker_pool *pool)
{
	struct wq_pool_state snap;

	wq_pool_snap(pool, &snap);
	seq_printf(m, "%d %s", pool->id,
		   pool_is_bh(pool) ? "bh" : pool->cpu >= 0 ? "cpu" : "unbound");
	if (pool->cpu >= 0)
		seq_printf(m, " %d", pool->cpu);
	else
		seq_puts(m, " -");
	if (pool->node != NUMA_NO_NODE)
		seq_printf(m, " %d", pool->node);
	else
		seq_puts(m, " -");
	seq_printf(m, " %d %*pbl %*pbl", pool->attrs->nice,
		   cpumask_pr_args(pool_allowed_cpus(pool)),
		   cpumask_pr_args(pool->attrs->__pod_cpumask));
	wq_show_pool_flags(m, pool, snap.flags);
	seq_printf(m, " %d %d %d %d %d", snap.workers, snap.idle, snap.busy,
		   snap.running, snap.pending);
	if (snap.sampled)
		seq_printf(m, " %llu", div_u64(snap.oldest_ns, NSEC_PER_MSEC));
	else
		seq_puts(m, " -");
	seq_printf(m, " %lu\n", snap.stall / HZ);
}

static int wq_pools_show(struct seq_file *m, void *unused)
{
	struct worker_pool *pool;
	int id;

	seq_puts(m, "id kind cpu node nice cpus pod flags workers idle busy running pending oldest_ms stall_s\n");
	mutex_lock(&wq_pool_mutex);
	idr_for_each_entry(&pool_idr, pool, id)
		wq_show_pool(m, pool);
	mutex_unlock(&wq_pool_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(wq_pools);

/* ---------------------------------------------------------------- pwqs */

struct wq_pwq_snap {
	int	refcnt, active, max_active, inactive, in_flight;
};

static void wq_show_pwq(struct seq_file *m, struct workqueue_struct *wq,
			struct pool_workqueue *pwq, struct cpumask *cpus)
{
	struct worker_pool *pool = pwq->pool;
	struct wq_pwq_snap snap = { };
	int cpu, i;

	cpumask_clear(cpus);
	if (!(wq->flags & WQ_UNBOUND)) {
		/* a per-CPU pwq is its pool's CPU's */
		__cpumask_set_cpu(pool->cpu, cpus);
	} else {
		for_each_possible_cpu(cpu)
			if (cpu_pwq(wq, cpu) == pwq)
				__cpumask_set_cpu(cpu, cpus);
	}
	raw_spin_lock_irq(&pool->lock);
	snap.refcnt = pwq->refcnt;
	snap.active = pwq->nr_active;
	snap.max_active = pwq->max_active;
	for (i = 0; i < NR_EPOCHS; i++)
		snap.in_flight += pwq->nr_in_flight[i];
	snap.inactive = snap.in_flight - pwq->nr_active;
	raw_spin_unlock_irq(&pool->lock);

	seq_printf(m, "%lu ", wq->id);
	wq_show_name(m, wq->name);
	seq_printf(m, " %d", pool->id);
	if (cpumask_empty(cpus))
		seq_puts(m, " -");
	else
		seq_printf(m, " %*pbl", cpumask_pr_args(cpus));
	seq_printf(m, " %d %d %d %d %d\n", snap.refcnt, snap.active, snap.max_active,
		   snap.inactive, snap.in_flight);
}

static int wq_pwqs_show(struct seq_file *m, void *unused)
{
	struct workqueue_struct *wq;
	struct pool_workqueue *pwq;
	cpumask_var_t cpus;

	if (!alloc_cpumask_var(&cpus, GFP_KERNEL))
		return -ENOMEM;
	seq_puts(m, "wq name pool cpus refcnt active max_active inactive in_flight\n");
	mutex_lock(&wq_pool_mutex);
	list_for_each_entry(wq, &workqueues, list) {
		mutex_lock(&wq->mutex);
		list_for_each_entry(pwq, &wq->pwqs, pwqs_node)
			wq_show_pwq(m, wq, pwq, cpus);
		mutex_unlock(&wq->mutex);
	}
	mutex_unlock(&wq_pool_mutex);
	free_cpumask_var(cpus);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(wq_pwqs);

/* ---------------------------------------------------------------- workers */

struct wq_worker_state {
	pid_t		pid;
	int		id;
	unsigned int	flags;
	bool		manager, sleeping, busy;
	work_func_t	func;
	u64		ran_ns;
	char		wq[WQ_NAME_LEN];
	char		sym[KSYM_SYMBOL_LEN];
};

static void wq_worker_snap(struct worker_pool *pool, struct worker *worker,
			   struct wq_worker_state *snap)
{
	u64 now = local_clock();

	raw_spin_lock_irq(&pool->lock);
	snap->pid = task_pid_nr(worker->task);
	snap->id = worker->id;
	snap->flags = worker->flags;
	/* an unbound pool's workers are never bound: news only for a CPU's */
	if (pool->cpu < 0)
		snap->flags &= ~WKR_UNBOUND;
	snap->manager = pool->manager == worker;
	snap->sleeping = READ_ONCE(worker->sleeping);
	snap->busy = worker->current_work;
	snap->func = worker->current_func;
	snap->wq[0] = '\0';
	if (snap->busy)
		strscpy(snap->wq, worker->current_pwq->wq->name, sizeof(snap->wq));
	snap->ran_ns = 0;
	/* to the clock for a timed item, to the tick for another */
	if (snap->busy && worker->run_start)
		snap->ran_ns = now > worker->run_start ? now - worker->run_start : 0;
	else if (snap->busy)
		snap->ran_ns = jiffies_to_nsecs(jiffies - worker->run_since);
	raw_spin_unlock_irq(&pool->lock);
}

static void wq_show_worker_flags(struct seq_file *m, const struct wq_worker_state *snap)
{
	seq_puts(m, snap->busy ? " busy" : " idle");
	if (snap->manager)
		seq_puts(m, ",manager");
	if (snap->flags & WKR_RESCUER)
		seq_puts(m, ",rescuer");
	if (snap->flags & WKR_CPU_INTENSIVE)
		seq_puts(m, ",cpu_intensive");
	if (snap->sleeping)
		seq_puts(m, ",sleeping");
	if (snap->flags & WKR_UNBOUND)
		seq_puts(m, ",unbound");
	if (snap->flags & WKR_DIE)
		seq_puts(m, ",dying");
}

/*
 * The item's function as "name" or "name[module]"; "-" if it has none.
 * sprint_symbol_no_offset() copies the module's name while it holds the
 * module, which may go as soon as the item has returned; for an address it
 * cannot name it prints the address, which this file never shows.
 */
static void wq_show_func(struct seq_file *m, struct wq_worker_state *snap)
{
	char *mod;

	if (!snap->func) {
		seq_puts(m, " -");
		return;
	}
	sprint_symbol_no_offset(snap->sym, (unsigned long)snap->func);
	if (!isalpha(snap->sym[0]) && snap->sym[0] != '_') {
		seq_puts(m, " -");
		return;
	}
	/* "name [module]" */
	mod = strstr(snap->sym, " [");
	if (mod)
		memmove(mod, mod + 1, strlen(mod));
	seq_putc(m, ' ');
	seq_escape(m, snap->sym, WQ_NAME_ESC);
}

static void wq_show_worker(struct seq_file *m, struct worker_pool *pool,
			   struct worker *worker, struct wq_worker_state *snap)
{
	wq_worker_snap(pool, worker, snap);
	seq_printf(m, "%d %d %d", pool->id, snap->pid, snap->id);
	wq_show_worker_flags(m, snap);
	if (snap->busy) {
		seq_putc(m, ' ');
		wq_show_name(m, snap->wq);
	} else {
		seq_puts(m, " -");
	}
	wq_show_func(m, snap);
	if (snap->busy && wq_stats_on())
		seq_printf(m, " %llu\n", div_u64(snap->ran_ns, NSEC_PER_USEC));
	else
		seq_puts(m, " -\n");
}

static int wq_workers_show(struct seq_file *m, void *unused)
{
	struct wq_worker_state *snap;
	struct worker_pool *pool;
	struct worker *worker;
	int id;

	snap = kmalloc(sizeof(*snap), GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	seq_puts(m, "pool pid id flags wq func running_us\n");
	mutex_lock(&wq_pool_mutex);
	idr_for_each_entry(&pool_idr, pool, id) {
		/* attached workers cannot exit while the attach mutex is held */
		mutex_lock(&wq_pool_attach_mutex);
		list_for_each_entry(worker, &pool->workers, pool_node)
			wq_show_worker(m, pool, worker, snap);
		mutex_unlock(&wq_pool_attach_mutex);
	}
	mutex_unlock(&wq_pool_mutex);
	kfree(snap);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(wq_workers);

/* ---------------------------------------------------------------- pods */

static int wq_pods_show(struct seq_file *m, void *unused)
{
	/* narrowest first */
	static const enum wq_affn_scope scopes[] = {
		WQ_AFFN_CPU, WQ_AFFN_SMT, WQ_AFFN_CACHE, WQ_AFFN_NUMA, WQ_AFFN_SYSTEM,
	};
	struct wq_pod_type *pt;
	int i, pod;

	seq_puts(m, "scope pod cpus\n");
	mutex_lock(&wq_pool_mutex);
	for (i = 0; i < ARRAY_SIZE(scopes); i++) {
		pt = &wq_pod_types[scopes[i]];
		for (pod = 0; pod < pt->nr_pods; pod++)
			seq_printf(m, "%s %d %*pbl\n", wq_affn_names[scopes[i]], pod,
				   cpumask_pr_args(pt->pod_cpus[pod]));
	}
	mutex_unlock(&wq_pool_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(wq_pods);

/* ---------------------------------------------------------------- reset */

static ssize_t wq_reset_write(struct file *file, const char __user *buf,
			      size_t count, loff_t *ppos)
{
	unsigned int val;
	int ret;

	ret = kstrtouint_from_user(buf, count, 10, &val);
	if (ret || val != 1)
		return -EINVAL;
	wq_stats_reset();
	return count;
}

static const struct file_operations wq_reset_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.write	= wq_reset_write,
	.llseek	= noop_llseek,
};

/*
 * debugfs is registered by a core initcall, after workqueue_init(): the
 * files come right after it.  Counting has gone on since the first pwq.
 */
static int __init wq_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("workqueue", NULL);

	debugfs_create_file("stats", 0400, dir, NULL, &wq_stats_fops);
	debugfs_create_file("latency", 0400, dir, NULL, &wq_latency_fops);
	debugfs_create_file("pools", 0400, dir, NULL, &wq_pools_fops);
	debugfs_create_file("pwqs", 0400, dir, NULL, &wq_pwqs_fops);
	debugfs_create_file("workers", 0400, dir, NULL, &wq_workers_fops);
	debugfs_create_file("pods", 0400, dir, NULL, &wq_pods_fops);
	debugfs_create_file("reset", 0200, dir, NULL, &wq_reset_fops);
	return 0;
}
postcore_initcall(wq_debugfs_init);
