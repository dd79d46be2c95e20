// SPDX-License-Identifier: GPL-2.0
/*
 * wqstat - workqueue activity, like top(1) for workqueues
 *
 * Reads /sys/kernel/debug/workqueue/stats every INTERVAL seconds and prints,
 * per workqueue, the rates over the interval (items queued and completed per
 * second, CPU use), the events of the interval (CPU-intensive marks,
 * concurrency-management wakeups, mayday calls, rescued items), the items
 * pending, inactive and running now, and the longest wait and run seen since
 * boot or the last reset.  Workqueues are matched across samples by id.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "wqparse.h"

/* Counters: shown as differences over the interval. */
enum {
	C_QUEUED,
	C_STARTED,
	C_COMPLETED,
	C_CANCELLED,
	C_CPU_US,
	C_CPU_INTENSIVE,
	C_CM_WAKEUPS,
	C_REPATRIATED,
	C_MAYDAYS,
	C_RESCUED,
	NR_COUNTERS
};

static const char *const counter_col[NR_COUNTERS] = {
	"queued", "started", "completed", "cancelled", "cpu_us",
	"cpu_intensive", "cm_wakeups", "repatriated", "maydays", "rescued",
};

/* Values: shown as they are. */
enum {
	V_MAX_ACTIVE,
	V_PENDING,
	V_INACTIVE,
	V_RUNNING,
	V_MAX_WAIT_US,
	V_MAX_RUN_US,
	NR_VALUES
};

static const char *const value_col[NR_VALUES] = {
	"max_active", "pending", "inactive", "running", "max_wait_us",
	"max_run_us",
};

struct wq {
	uint64_t id;
	char *name;		/* unescaped */
	char *flags;
	uint64_t ctr[NR_COUNTERS];
	bool has_ctr[NR_COUNTERS];
	uint64_t val[NR_VALUES];
	bool has_val[NR_VALUES];
};

struct sample {
	struct wq *wqs;		/* sorted by id */
	size_t nr;
	double mono;		/* CLOCK_MONOTONIC when read, seconds */
	double real;		/* CLOCK_REALTIME when read */
};

/* One workqueue as shown for an interval. */
struct row {
	const struct wq *wq;
	uint64_t delta[NR_COUNTERS];
	bool has[NR_COUNTERS];
	double rate[NR_COUNTERS];	/* delta per second */
	double cpu_pct;
};

enum sort_key { SORT_CPU, SORT_QUEUED, SORT_COMPLETED, SORT_WAIT, SORT_NAME };

static const char *const sort_names[] = {
	[SORT_CPU] = "cpu",
	[SORT_QUEUED] = "queued",
	[SORT_COMPLETED] = "completed",
	[SORT_WAIT] = "wait",
	[SORT_NAME] = "name",
};

static struct {
	const char *root;
	bool root_is_default;
	double interval;
	unsigned long count;	/* 0: forever */
	enum sort_key sort;
	bool json;
	bool all;
	char **filters;
	int nr_filters;
} opt = {
	.root = WQ_DEFAULT_ROOT,
	.root_is_default = true,
	.interval = 1.0,
	.sort = SORT_CPU,
};

static double clock_seconds(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_wq_id(const void *a, const void *b)
{
	const struct wq *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static void read_sample(struct sample *s)
{
	size_t ctr[NR_COUNTERS], val[NR_VALUES], c_id, c_name, c_flags, r;
	struct wq_table t;
	struct wq *wq;
	int i;

	wq_table_load(&t, opt.root, "stats", "id");
	s->mono = clock_seconds(CLOCK_MONOTONIC);
	s->real = clock_seconds(CLOCK_REALTIME);
	c_id = wq_col(&t, "id");
	c_name = wq_col(&t, "name");
	c_flags = wq_col(&t, "flags");
	for (i = 0; i < NR_COUNTERS; i++)
		ctr[i] = wq_col(&t, counter_col[i]);
	for (i = 0; i < NR_VALUES; i++)
		val[i] = wq_col(&t, value_col[i]);

	s->nr = t.nrows;
	s->wqs = wq_alloc(t.nrows * sizeof(*s->wqs));
	for (r = 0; r < t.nrows; r++) {
		wq = &s->wqs[r];
		if (!wq_u64(&t, r, c_id, &wq->id))
			wq_die(WQ_EXIT_FORMAT, "stats line %u: column \"id\": expected a number, found \"-\"",
			       t.lineno[r]);
		wq->name = wq_unescape(wq_cell(&t, r, c_name));
		wq->flags = wq_strdup(wq_cell(&t, r, c_flags));
		for (i = 0; i < NR_COUNTERS; i++)
			wq->has_ctr[i] = wq_u64(&t, r, ctr[i], &wq->ctr[i]);
		for (i = 0; i < NR_VALUES; i++)
			wq->has_val[i] = wq_u64(&t, r, val[i], &wq->val[i]);
	}
	wq_table_free(&t);
	qsort(s->wqs, s->nr, sizeof(*s->wqs), cmp_wq_id);
}

static void free_sample(struct sample *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++) {
		free(s->wqs[i].name);
		free(s->wqs[i].flags);
	}
	free(s->wqs);
	s->wqs = NULL;
	s->nr = 0;
}

static bool name_matches(const char *name)
{
	int i;

	if (!opt.nr_filters)
		return true;
	for (i = 0; i < opt.nr_filters; i++)
		if (strstr(name, opt.filters[i]))
			return true;
	return false;
}

/* Sorting: larger first, "-" last; then by name and id. */
static int cmp_double_desc(bool ha, double a, bool hb, double b)
{
	if (ha != hb)
		return ha ? -1 : 1;
	if (!ha || a == b)
		return 0;
	return a > b ? -1 : 1;
}

static int cmp_rows(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int ret = 0;

	switch (opt.sort) {
	case SORT_CPU:
		ret = cmp_double_desc(a->has[C_CPU_US], a->cpu_pct,
				      b->has[C_CPU_US], b->cpu_pct);
		if (!ret)
			ret = cmp_double_desc(a->has[C_COMPLETED],
					      a->rate[C_COMPLETED],
					      b->has[C_COMPLETED],
					      b->rate[C_COMPLETED]);
		break;
	case SORT_QUEUED:
		ret = cmp_double_desc(a->has[C_QUEUED], a->rate[C_QUEUED],
				      b->has[C_QUEUED], b->rate[C_QUEUED]);
		break;
	case SORT_COMPLETED:
		ret = cmp_double_desc(a->has[C_COMPLETED],
				      a->rate[C_COMPLETED],
				      b->has[C_COMPLETED],
				      b->rate[C_COMPLETED]);
		break;
	case SORT_WAIT:
		ret = cmp_double_desc(a->wq->has_val[V_MAX_WAIT_US],
				      a->wq->val[V_MAX_WAIT_US],
				      b->wq->has_val[V_MAX_WAIT_US],
				      b->wq->val[V_MAX_WAIT_US]);
		break;
	case SORT_NAME:
		break;
	}
	if (!ret)
		ret = strcmp(a->wq->name, b->wq->name);
	if (!ret)
		ret = a->wq->id < b->wq->id ? -1 : a->wq->id > b->wq->id;
	return ret;
}

static bool row_active(const struct row *r)
{
	int i;

	for (i = 0; i < NR_COUNTERS; i++)
		if (r->has[i] && r->delta[i])
			return true;
	return (r->wq->has_val[V_PENDING] && r->wq->val[V_PENDING]) ||
	       (r->wq->has_val[V_INACTIVE] && r->wq->val[V_INACTIVE]) ||
	       (r->wq->has_val[V_RUNNING] && r->wq->val[V_RUNNING]);
}

/* The rows to show for the interval from @prev to @cur, sorted. */
static struct row *make_rows(const struct sample *prev,
			     const struct sample *cur, double interval,
			     size_t *nrp)
{
	struct row *rows = wq_alloc(cur->nr * sizeof(*rows)), *r;
	const struct wq *wq, *old;
	size_t i, nr = 0;
	uint64_t before;
	int c;

	for (i = 0; i < cur->nr; i++) {
		wq = &cur->wqs[i];
		if (!name_matches(wq->name))
			continue;
		/* a workqueue new in this interval counts from 0 */
		old = bsearch(wq, prev->wqs, prev->nr, sizeof(*prev->wqs),
			      cmp_wq_id);
		r = &rows[nr];
		memset(r, 0, sizeof(*r));
		r->wq = wq;
		for (c = 0; c < NR_COUNTERS; c++) {
			if (!wq->has_ctr[c])
				continue;
			before = old && old->has_ctr[c] ? old->ctr[c] : 0;
			/* counters going back: reset, count from 0 */
			if (before > wq->ctr[c])
				before = 0;
			r->has[c] = true;
			r->delta[c] = wq->ctr[c] - before;
			r->rate[c] = r->delta[c] / interval;
		}
		r->cpu_pct = r->rate[C_CPU_US] / 1e4;	/* us/s -> % */
		if (opt.all || row_active(r))
			nr++;
	}
	qsort(rows, nr, sizeof(*rows), cmp_rows);
	*nrp = nr;
	return rows;
}

/*
 * Text cells.  Numbers get a k/M/G/T suffix when they do not fit in
 * @width; "-" for no value.
 */
static const char *fmt_num(char *buf, size_t size, int width, bool have,
			   double v, bool integer)
{
	static const char suffix[] = " kMGTPE";
	int i, len;

	if (!have)
		return "-";
	if (integer || v == 0) {
		len = snprintf(buf, size, "%.0f", v);
		if (len <= width)
			return buf;
	} else {
		len = snprintf(buf, size, "%.1f", v);
		if (len <= width)
			return buf;
		len = snprintf(buf, size, "%.0f", v);
		if (len <= width)
			return buf;
	}
	for (i = 1; suffix[i]; i++) {
		v /= 1000;
		len = snprintf(buf, size, "%.1f%c", v, suffix[i]);
		if (len <= width)
			return buf;
		len = snprintf(buf, size, "%.0f%c", v, suffix[i]);
		if (len <= width)
			return buf;
	}
	return buf;
}

/* Microseconds as a short duration: 850us 12.3ms 1.25s 80.0s 3.50h */
static const char *fmt_us(char *buf, size_t size, bool have, uint64_t us)
{
	double v = us;

	if (!have)
		return "-";
	if (us < 1000)
		snprintf(buf, size, "%lluus", (unsigned long long)us);
	else if (v < 99950)
		snprintf(buf, size, "%.*fms", v < 9995 ? 2 : 1, v / 1e3);
	else if (v < 999500)
		snprintf(buf, size, "%.0fms", v / 1e3);
	else if (v < 99.95e6)
		snprintf(buf, size, "%.*fs", v < 9.995e6 ? 2 : 1, v / 1e6);
	else if (v < 9999.5e6)
		snprintf(buf, size, "%.0fs", v / 1e6);
	else
		snprintf(buf, size, "%.1fh", v / 3600e6);
	return buf;
}

static int name_width(void)
{
	struct winsize ws;
	const char *env;
	int cols = 80;

	env = getenv("COLUMNS");
	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) &&
	    ws.ws_col)
		cols = ws.ws_col;
	else if (env && atoi(env) > 0)
		cols = atoi(env);
	/* the numbers take 72 columns */
	return cols - 72 > 16 ? cols - 72 : 16;
}

static void print_table(const struct sample *cur, const struct row *rows,
			size_t nr, double interval)
{
	char tbuf[64], b[12][24], *name;
	time_t now = (time_t)cur->real;
	const struct row *r;
	const struct wq *wq;
	int namew = name_width();
	struct tm tm;
	size_t i;

	localtime_r(&now, &tm);
	strftime(tbuf, sizeof(tbuf), "%Y-%m-%d %H:%M:%S", &tm);
	printf("wqstat  %s  interval %.2fs  %zu of %zu workqueues  sort %s\n",
	       tbuf, interval, nr, cur->nr, sort_names[opt.sort]);
	printf("%5s %7s %7s %4s %4s %4s %4s %4s %5s %3s %7s %6s %s\n",
	       "CPU%", "QUEUE/s", "DONE/s", "CPUI", "CMWK", "MAYD", "RESC",
	       "PEND", "INACT", "RUN", "MAXWAIT", "MAXRUN", "NAME");
	for (i = 0; i < nr; i++) {
		r = &rows[i];
		wq = r->wq;
		name = wq_display(wq->name, namew);
		printf("%5s %7s %7s %4s %4s %4s %4s %4s %5s %3s %7s %6s %s\n",
		       fmt_num(b[0], 24, 5, r->has[C_CPU_US], r->cpu_pct, false),
		       fmt_num(b[1], 24, 7, r->has[C_QUEUED], r->rate[C_QUEUED],
			       false),
		       fmt_num(b[2], 24, 7, r->has[C_COMPLETED],
			       r->rate[C_COMPLETED], false),
		       fmt_num(b[3], 24, 4, r->has[C_CPU_INTENSIVE],
			       r->delta[C_CPU_INTENSIVE], true),
		       fmt_num(b[4], 24, 4, r->has[C_CM_WAKEUPS],
			       r->delta[C_CM_WAKEUPS], true),
		       fmt_num(b[5], 24, 4, r->has[C_MAYDAYS],
			       r->delta[C_MAYDAYS], true),
		       fmt_num(b[6], 24, 4, r->has[C_RESCUED],
			       r->delta[C_RESCUED], true),
		       fmt_num(b[7], 24, 4, wq->has_val[V_PENDING],
			       wq->val[V_PENDING], true),
		       fmt_num(b[8], 24, 5, wq->has_val[V_INACTIVE],
			       wq->val[V_INACTIVE], true),
		       fmt_num(b[9], 24, 3, wq->has_val[V_RUNNING],
			       wq->val[V_RUNNING], true),
		       fmt_us(b[10], 24, wq->has_val[V_MAX_WAIT_US],
			      wq->val[V_MAX_WAIT_US]),
		       fmt_us(b[11], 24, wq->has_val[V_MAX_RUN_US],
			      wq->val[V_MAX_RUN_US]),
		       name);
		free(name);
	}
}

static void json_double(bool *first, const char *key, bool have, double v)
{
	wq_json_key(stdout, first, key);
	if (have)
		printf("%.3f", v);
	else
		fputs("null", stdout);
}

static void print_json(const struct sample *cur, const struct row *rows,
		       size_t nr, double interval)
{
	static const char *const rate_key[NR_COUNTERS] = {
		[C_QUEUED] = "queued_per_s",
		[C_STARTED] = "started_per_s",
		[C_COMPLETED] = "completed_per_s",
		[C_CANCELLED] = "cancelled_per_s",
	};
	const struct row *r;
	bool first = true, f;
	size_t i;
	int c;

	putchar('{');
	json_double(&first, "time", true, cur->real);
	json_double(&first, "interval", true, interval);
	wq_json_key(stdout, &first, "workqueues");
	putchar('[');
	for (i = 0; i < nr; i++) {
		r = &rows[i];
		f = true;
		if (i)
			putchar(',');
		putchar('{');
		wq_json_u64(stdout, &f, "id", true, r->wq->id);
		wq_json_kstr(stdout, &f, "name", r->wq->name);
		wq_json_kstr(stdout, &f, "flags", r->wq->flags);
		wq_json_u64(stdout, &f, "max_active",
			    r->wq->has_val[V_MAX_ACTIVE],
			    r->wq->val[V_MAX_ACTIVE]);
		for (c = 0; c < NR_COUNTERS; c++) {
			if (rate_key[c])
				json_double(&f, rate_key[c], r->has[c],
					    r->rate[c]);
			else if (c == C_CPU_US)
				json_double(&f, "cpu_pct", r->has[c],
					    r->cpu_pct);
			else
				wq_json_u64(stdout, &f, counter_col[c],
					    r->has[c], r->delta[c]);
		}
		for (c = V_PENDING; c < NR_VALUES; c++)
			wq_json_u64(stdout, &f, value_col[c],
				    r->wq->has_val[c], r->wq->val[c]);
		putchar('}');
	}
	fputs("]}\n", stdout);
}

static void sleep_until(double deadline)
{
	struct timespec ts;

	ts.tv_sec = (time_t)deadline;
	ts.tv_nsec = (long)((deadline - ts.tv_sec) * 1e9);
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	       EINTR)
		;
}

static const char help_text[] =
	"Usage: wqstat [OPTION]... [FILTER]...\n"
	"Show workqueue activity every INTERVAL seconds, like top(1).\n"
	"FILTERs select workqueues whose name contains one of them.\n"
	"\n"
	"  -i, --interval=SECS  seconds between samples (default 1, fractions ok)\n"
	"  -n, --count=COUNT    print COUNT samples, then exit (default: forever)\n"
	"  -1, --once           print one sample (one interval), then exit\n"
	"  -s, --sort=KEY       sort by cpu (default, then completed/s), queued,\n"
	"                       completed, wait (max_wait_us) or name\n"
	"  -a, --all            also show workqueues idle in the interval\n"
	"      --json           one JSON object per sample and line\n"
	"      --root=DIR       read DIR instead of " WQ_DEFAULT_ROOT "\n"
	"                       (also: environment variable " WQ_ROOT_ENV ")\n"
	"  -h, --help           show this help\n"
	"\n"
	"Columns: CPU% (CPU time of the items over the interval), QUEUE/s,\n"
	"DONE/s (completed), CPUI (items marked CPU-intensive), CMWK (concurrency\n"
	"management wakeups), MAYD (rescuer calls), RESC (items rescued): over the\n"
	"interval.  PEND, INACT, RUN: items pending, held back by max_active,\n"
	"running now.  MAXWAIT, MAXRUN: longest wait and run since boot or reset.\n"
	"\n"
	"Exit status: 0 ok, 1 usage error, 2 no access to the statistics,\n"
	"3 malformed statistics file.\n";

enum { OPT_JSON = 256, OPT_ROOT };

static const struct option long_options[] = {
	{ "interval", required_argument, NULL, 'i' },
	{ "count", required_argument, NULL, 'n' },
	{ "once", no_argument, NULL, '1' },
	{ "sort", required_argument, NULL, 's' },
	{ "all", no_argument, NULL, 'a' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void parse_args(int argc, char **argv)
{
	const char *env = getenv(WQ_ROOT_ENV);
	unsigned long n;
	char *end;
	size_t k;
	int c;

	if (env && *env) {
		opt.root = env;
		opt.root_is_default = false;
	}
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:n:1s:ah", long_options,
				NULL)) != -1) {
		switch (c) {
		case 'i':
			errno = 0;
			opt.interval = strtod(optarg, &end);
			if (errno || end == optarg || *end ||
			    !isfinite(opt.interval) || opt.interval <= 0 ||
			    opt.interval > 1e6)
				wq_usage_error("invalid interval \"%s\": expected seconds > 0",
					       optarg);
			break;
		case 'n':
			errno = 0;
			n = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || !n ||
			    optarg[0] == '-' || optarg[0] == '+')
				wq_usage_error("invalid count \"%s\": expected a number > 0",
					       optarg);
			opt.count = n;
			break;
		case '1':
			opt.count = 1;
			break;
		case 's':
			for (k = 0; k < sizeof(sort_names) / sizeof(*sort_names);
			     k++)
				if (!strcmp(optarg, sort_names[k]))
					break;
			if (k == sizeof(sort_names) / sizeof(*sort_names))
				wq_usage_error("unknown sort key \"%s\": expected queued, completed, cpu, wait or name",
					       optarg);
			opt.sort = k;
			break;
		case 'a':
			opt.all = true;
			break;
		case OPT_JSON:
			opt.json = true;
			break;
		case OPT_ROOT:
			opt.root = optarg;
			opt.root_is_default = false;
			break;
		case 'h':
			fputs(help_text, stdout);
			wq_flush_stdout();
			exit(WQ_EXIT_OK);
		default:
			wq_option_error(argv, long_options, c);
		}
	}
	opt.filters = argv + optind;
	opt.nr_filters = argc - optind;
}

int main(int argc, char **argv)
{
	struct sample prev, cur;
	unsigned long done;
	double deadline, interval;
	struct row *rows;
	size_t nr;

	wq_prog = "wqstat";
	signal(SIGPIPE, SIG_IGN);
	parse_args(argc, argv);
	wq_check_root(opt.root, opt.root_is_default);

	read_sample(&prev);
	deadline = prev.mono;
	for (done = 0; !opt.count || done < opt.count; done++) {
		deadline += opt.interval;
		/* fell behind (stopped, slow reads): restart the beat */
		if (deadline < clock_seconds(CLOCK_MONOTONIC))
			deadline = clock_seconds(CLOCK_MONOTONIC) +
				   opt.interval;
		sleep_until(deadline);
		read_sample(&cur);
		interval = cur.mono - prev.mono;
		if (interval <= 0)
			interval = opt.interval;
		rows = make_rows(&prev, &cur, interval, &nr);
		if (opt.json) {
			print_json(&cur, rows, nr, interval);
		} else {
			if (done)
				putchar('\n');
			print_table(&cur, rows, nr, interval);
		}
		wq_flush_stdout();
		free(rows);
		free_sample(&prev);
		prev = cur;
	}
	free_sample(&prev);
	return WQ_EXIT_OK;
}
