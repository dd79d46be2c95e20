// SPDX-License-Identifier: GPL-2.0
/*
 * wqdump - the state of the workqueues at a glance
 *
 * Shows the workqueues with their pool_workqueues (debugfs "stats" and
 * "pwqs"), the worker pools with their workers and what each one runs now
 * ("pools" and "workers"), the pods of each affinity scope ("pods"), the
 * global workqueue cpumasks and the sysfs attributes of the workqueues that
 * have them.
 */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wqparse.h"

static struct {
	const char *root;
	bool root_is_default;
	const char *sysfs;
	bool json;
} opt = {
	.root = WQ_DEFAULT_ROOT,
	.root_is_default = true,
	.sysfs = "/sys",
};

/* How a column becomes a JSON value. */
enum col_type {
	T_U64,		/* number, "-": null */
	T_S64,		/* signed number, "-": null */
	T_STR,		/* string as it is, "-": null */
	T_NAME,		/* escaped name: unescaped, "-": null */
};

struct col_spec {
	const char *key;	/* JSON key */
	const char *col;	/* column in the file */
	enum col_type type;
};

static const struct col_spec wq_cols[] = {
	{ "id", "id", T_U64 },
	{ "name", "name", T_NAME },
	{ "flags", "flags", T_STR },
	{ "max_active", "max_active", T_U64 },
	{ "queued", "queued", T_U64 },
	{ "started", "started", T_U64 },
	{ "completed", "completed", T_U64 },
	{ "cancelled", "cancelled", T_U64 },
	{ "pending", "pending", T_U64 },
	{ "inactive", "inactive", T_U64 },
	{ "running", "running", T_U64 },
	{ "cpu_us", "cpu_us", T_U64 },
	{ "cpu_intensive", "cpu_intensive", T_U64 },
	{ "cm_wakeups", "cm_wakeups", T_U64 },
	{ "repatriated", "repatriated", T_U64 },
	{ "maydays", "maydays", T_U64 },
	{ "rescued", "rescued", T_U64 },
	{ "max_wait_us", "max_wait_us", T_U64 },
	{ "max_run_us", "max_run_us", T_U64 },
	{}
};

static const struct col_spec pwq_cols[] = {
	{ "pool", "pool", T_U64 },
	{ "cpus", "cpus", T_STR },
	{ "refcnt", "refcnt", T_U64 },
	{ "active", "active", T_U64 },
	{ "max_active", "max_active", T_U64 },
	{ "inactive", "inactive", T_U64 },
	{ "in_flight", "in_flight", T_U64 },
	{}
};

static const struct col_spec pool_cols[] = {
	{ "id", "id", T_U64 },
	{ "kind", "kind", T_STR },
	{ "cpu", "cpu", T_U64 },
	{ "node", "node", T_U64 },
	{ "nice", "nice", T_S64 },
	{ "cpus", "cpus", T_STR },
	{ "pod", "pod", T_STR },
	{ "flags", "flags", T_STR },
	{ "nr_workers", "workers", T_U64 },
	{ "idle", "idle", T_U64 },
	{ "busy", "busy", T_U64 },
	{ "running", "running", T_U64 },
	{ "pending", "pending", T_U64 },
	{ "oldest_ms", "oldest_ms", T_U64 },
	{ "stall_s", "stall_s", T_U64 },
	{}
};

static const struct col_spec worker_cols[] = {
	{ "pid", "pid", T_U64 },
	{ "id", "id", T_U64 },
	{ "flags", "flags", T_STR },
	{ "wq", "wq", T_NAME },
	{ "func", "func", T_STR },
	{ "running_us", "running_us", T_U64 },
	{}
};

static const struct col_spec pod_cols[] = {
	{ "scope", "scope", T_STR },
	{ "pod", "pod", T_U64 },
	{ "cpus", "cpus", T_STR },
	{}
};

static const char *const cpumask_files[] = {
	"cpumask", "cpumask_requested", "cpumask_isolated", NULL
};

static const char *const wq_attr_files[] = {
	"per_cpu", "max_active", "nice", "cpumask", "affinity_scope",
	"affinity_strict", NULL
};

/* A table with its columns looked up and every cell checked. */
struct table {
	struct wq_table t;
	const struct col_spec *spec;
	size_t *idx;		/* column of each spec entry */
};

static void load(struct table *tb, const char *file, const char *first,
		 const struct col_spec *spec)
{
	size_t n, i, r;
	uint64_t u;
	int64_t s;

	wq_table_load(&tb->t, opt.root, file, first);
	tb->spec = spec;
	for (n = 0; spec[n].key; n++)
		;
	tb->idx = wq_alloc(n * sizeof(*tb->idx));
	for (i = 0; i < n; i++)
		tb->idx[i] = wq_col(&tb->t, spec[i].col);
	/* check the numbers up front: the output never stops half-way */
	for (r = 0; r < tb->t.nrows; r++) {
		for (i = 0; i < n; i++) {
			if (spec[i].type == T_U64)
				wq_u64(&tb->t, r, tb->idx[i], &u);
			else if (spec[i].type == T_S64)
				wq_s64(&tb->t, r, tb->idx[i], &s);
		}
	}
}

static void unload(struct table *tb)
{
	wq_table_free(&tb->t);
	free(tb->idx);
}

static size_t spec_index(const struct table *tb, const char *key)
{
	size_t i;

	for (i = 0; tb->spec[i].key; i++)
		if (!strcmp(tb->spec[i].key, key))
			return i;
	abort();	/* a key missing from the spec tables above */
}

static const char *cell(const struct table *tb, size_t row, const char *key)
{
	return wq_cell(&tb->t, row, tb->idx[spec_index(tb, key)]);
}

static bool num(const struct table *tb, size_t row, const char *key,
		uint64_t *v)
{
	return wq_u64(&tb->t, row, tb->idx[spec_index(tb, key)], v);
}

/* A row's id column, which must have a value. */
static uint64_t row_id(const struct table *tb, size_t row, const char *key)
{
	uint64_t v;

	if (!num(tb, row, key, &v))
		wq_die(WQ_EXIT_FORMAT, "%s line %u: column \"%s\": expected a number, found \"-\"",
		       tb->t.file, tb->t.lineno[row],
		       tb->spec[spec_index(tb, key)].col);
	return v;
}

/* The row's columns as JSON members (no braces). */
static void json_row(const struct table *tb, size_t row, bool *first)
{
	const struct col_spec *c;
	const char *s;
	char *name;
	uint64_t u;
	int64_t v;
	bool have;
	size_t i;

	for (i = 0; tb->spec[i].key; i++) {
		c = &tb->spec[i];
		s = wq_cell(&tb->t, row, tb->idx[i]);
		switch (c->type) {
		case T_U64:
			have = wq_u64(&tb->t, row, tb->idx[i], &u);
			wq_json_u64(stdout, first, c->key, have, u);
			break;
		case T_S64:
			have = wq_s64(&tb->t, row, tb->idx[i], &v);
			wq_json_s64(stdout, first, c->key, have, v);
			break;
		case T_STR:
			wq_json_kstr(stdout, first, c->key,
				     strcmp(s, "-") ? s : NULL);
			break;
		case T_NAME:
			name = strcmp(s, "-") ? wq_unescape(s) : NULL;
			wq_json_kstr(stdout, first, c->key, name);
			free(name);
			break;
		}
	}
}

/* A name for text output: unescaped, then made printable. */
static char *text_name(const char *escaped)
{
	char *raw = wq_unescape(escaped), *out;

	out = wq_display(raw, 0);
	free(raw);
	return out;
}

/* Microseconds as a short duration. */
static const char *fmt_us(char *buf, size_t size, const char *cellv)
{
	unsigned long long us;
	double v;

	if (!strcmp(cellv, "-"))
		return "-";
	us = strtoull(cellv, NULL, 10);
	v = us;
	if (us < 1000)
		snprintf(buf, size, "%lluus", us);
	else if (v < 1e6)
		snprintf(buf, size, "%.1fms", v / 1e3);
	else if (v < 3600e6)
		snprintf(buf, size, "%.2fs", v / 1e6);
	else
		snprintf(buf, size, "%.1fh", v / 3600e6);
	return buf;
}

/* Read a small sysfs file, without its trailing white space. */
static char *read_attr(const char *dir, const char *file)
{
	char *path, *buf;
	size_t len;

	path = wq_alloc(strlen(dir) + strlen(file) + 2);
	sprintf(path, "%s/%s", dir, file);
	buf = wq_read_file(path, &len);
	free(path);
	if (!buf)
		return NULL;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' ' ||
		       buf[len - 1] == '\t'))
		buf[--len] = '\0';
	return buf;
}

struct attrs {
	const char *const *names;
	char *val[8];
	bool any;
};

static void read_attrs(struct attrs *a, const char *dir,
		       const char *const *names)
{
	int i;

	memset(a, 0, sizeof(*a));
	a->names = names;
	for (i = 0; names[i]; i++) {
		a->val[i] = read_attr(dir, names[i]);
		a->any |= !!a->val[i];
	}
}

static void free_attrs(struct attrs *a)
{
	int i;

	for (i = 0; a->names && a->names[i]; i++)
		free(a->val[i]);
}

/* The sysfs attributes of the workqueue named @escaped, if it has any. */
static void wq_sysfs_attrs(struct attrs *a, const char *escaped)
{
	char *name = wq_unescape(escaped), *dir;
	struct stat sb;

	memset(a, 0, sizeof(*a));
	/* a name that is no file name cannot be a sysfs device */
	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, "..")) {
		free(name);
		return;
	}
	dir = wq_alloc(strlen(opt.sysfs) + strlen(name) + 32);
	sprintf(dir, "%s/bus/workqueue/devices/%s", opt.sysfs, name);
	if (!stat(dir, &sb) && S_ISDIR(sb.st_mode))
		read_attrs(a, dir, wq_attr_files);
	free(dir);
	free(name);
}

static void json_attrs(const struct attrs *a)
{
	bool first = true;
	int i;

	if (!a->any) {
		fputs("null", stdout);
		return;
	}
	putchar('{');
	for (i = 0; a->names[i]; i++)
		if (a->val[i])
			wq_json_kstr(stdout, &first, a->names[i], a->val[i]);
	putchar('}');
}

/* The rows of a table by an id column, for finding them by id. */
struct group {
	const uint64_t *ids;	/* the id of each row */
	size_t n;
	size_t *order;		/* the rows by id, then in file order */
};

static const uint64_t *sort_ids;

static int cmp_row_ids(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (sort_ids[x] != sort_ids[y])
		return sort_ids[x] < sort_ids[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

static void group_init(struct group *g, const uint64_t *ids, size_t n)
{
	size_t i;

	g->ids = ids;
	g->n = n;
	g->order = wq_alloc(n * sizeof(*g->order));
	for (i = 0; i < n; i++)
		g->order[i] = i;
	sort_ids = ids;
	qsort(g->order, n, sizeof(*g->order), cmp_row_ids);
}

/* Where the rows with @id start in g->order (g->n or another id: none). */
static size_t group_first(const struct group *g, uint64_t id)
{
	size_t lo = 0, hi = g->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (g->ids[g->order[mid]] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether position @i of g->order is a row with @id. */
static bool group_at(const struct group *g, size_t i, uint64_t id)
{
	return i < g->n && g->ids[g->order[i]] == id;
}

/* The rows with @id, in file order: r = g->order[i] */
#define for_each_row(g, id, i) \
	for (i = group_first(g, id); group_at(g, i, id); i++)

struct state {
	struct table wqs, pwqs, pools, workers, pods;
	struct attrs cpumasks;
	uint64_t *wq_id, *pwq_wq, *pool_id, *worker_pool;
	struct group wq_by_id, pwq_by_wq, pool_by_id, worker_by_pool;
};

static void load_state(struct state *st)
{
	char *dir;
	size_t r;

	load(&st->pools, "pools", "id", pool_cols);
	load(&st->workers, "workers", "pool", worker_cols);
	wq_col(&st->workers.t, "pool");
	load(&st->wqs, "stats", "id", wq_cols);
	load(&st->pwqs, "pwqs", "wq", pwq_cols);
	/* the pwqs name their workqueue: for those gone from stats */
	wq_col(&st->pwqs.t, "name");
	load(&st->pods, "pods", "scope", pod_cols);

	st->wq_id = wq_alloc(st->wqs.t.nrows * sizeof(uint64_t));
	for (r = 0; r < st->wqs.t.nrows; r++)
		st->wq_id[r] = row_id(&st->wqs, r, "id");
	st->pwq_wq = wq_alloc(st->pwqs.t.nrows * sizeof(uint64_t));
	for (r = 0; r < st->pwqs.t.nrows; r++) {
		if (!wq_u64(&st->pwqs.t, r, wq_col(&st->pwqs.t, "wq"),
			    &st->pwq_wq[r]))
			wq_die(WQ_EXIT_FORMAT, "pwqs line %u: column \"wq\": expected a number, found \"-\"",
			       st->pwqs.t.lineno[r]);
	}
	st->pool_id = wq_alloc(st->pools.t.nrows * sizeof(uint64_t));
	for (r = 0; r < st->pools.t.nrows; r++)
		st->pool_id[r] = row_id(&st->pools, r, "id");
	st->worker_pool = wq_alloc(st->workers.t.nrows * sizeof(uint64_t));
	for (r = 0; r < st->workers.t.nrows; r++) {
		if (!wq_u64(&st->workers.t, r, wq_col(&st->workers.t, "pool"),
			    &st->worker_pool[r]))
			wq_die(WQ_EXIT_FORMAT, "workers line %u: column \"pool\": expected a number, found \"-\"",
			       st->workers.t.lineno[r]);
	}

	group_init(&st->wq_by_id, st->wq_id, st->wqs.t.nrows);
	group_init(&st->pwq_by_wq, st->pwq_wq, st->pwqs.t.nrows);
	group_init(&st->pool_by_id, st->pool_id, st->pools.t.nrows);
	group_init(&st->worker_by_pool, st->worker_pool, st->workers.t.nrows);

	dir = wq_alloc(strlen(opt.sysfs) + 32);
	sprintf(dir, "%s/devices/virtual/workqueue", opt.sysfs);
	read_attrs(&st->cpumasks, dir, cpumask_files);
	free(dir);
}

static void free_state(struct state *st)
{
	unload(&st->wqs);
	unload(&st->pwqs);
	unload(&st->pools);
	unload(&st->workers);
	unload(&st->pods);
	free_attrs(&st->cpumasks);
	free(st->wq_id);
	free(st->pwq_wq);
	free(st->pool_id);
	free(st->worker_pool);
	free(st->wq_by_id.order);
	free(st->pwq_by_wq.order);
	free(st->pool_by_id.order);
	free(st->worker_by_pool.order);
}

/*
 * Orphans: pwqs and workers whose workqueue or pool is not in the other
 * file (the files are read one after the other, things come and go).
 * Sets @first_rows to the first row of each such id of @g, the ids in
 * ascending order, and returns how many.
 */
static size_t orphans(const struct group *g, const struct group *known,
		      size_t *first_rows)
{
	size_t i, nr = 0;
	uint64_t id;

	for (i = 0; i < g->n; i++) {
		id = g->ids[g->order[i]];
		if (i && g->ids[g->order[i - 1]] == id)
			continue;
		if (!group_at(known, group_first(known, id), id))
			first_rows[nr++] = g->order[i];
	}
	return nr;
}

/* JSON */

static void json_pwqs(const struct state *st, uint64_t wq)
{
	bool first_pwq = true, first;
	size_t i;

	putchar('[');
	for_each_row(&st->pwq_by_wq, wq, i) {
		if (!first_pwq)
			putchar(',');
		first_pwq = false;
		first = true;
		putchar('{');
		json_row(&st->pwqs, st->pwq_by_wq.order[i], &first);
		putchar('}');
	}
	putchar(']');
}

static void json_workers(const struct state *st, uint64_t pool)
{
	bool first_worker = true, first;
	size_t i;

	putchar('[');
	for_each_row(&st->worker_by_pool, pool, i) {
		if (!first_worker)
			putchar(',');
		first_worker = false;
		first = true;
		putchar('{');
		json_row(&st->workers, st->worker_by_pool.order[i], &first);
		putchar('}');
	}
	putchar(']');
}

static void json_null_members(const struct col_spec *spec, bool *first,
			      const char *skip1, const char *skip2)
{
	for (; spec->key; spec++) {
		if (!strcmp(spec->key, skip1) || !strcmp(spec->key, skip2))
			continue;
		wq_json_key(stdout, first, spec->key);
		fputs("null", stdout);
	}
}

static void print_json(const struct state *st)
{
	size_t r, i, n, *extra;
	bool first = true, f;
	struct attrs a;
	char *name;

	putchar('{');
	wq_json_key(stdout, &first, "workqueues");
	putchar('[');
	for (r = 0; r < st->wqs.t.nrows; r++) {
		if (r)
			putchar(',');
		f = true;
		putchar('{');
		json_row(&st->wqs, r, &f);
		wq_sysfs_attrs(&a, cell(&st->wqs, r, "name"));
		wq_json_key(stdout, &f, "sysfs");
		json_attrs(&a);
		free_attrs(&a);
		wq_json_key(stdout, &f, "pwqs");
		json_pwqs(st, st->wq_id[r]);
		putchar('}');
	}
	/* workqueues only the pwqs know of: what pwqs says, nulls */
	extra = wq_alloc(st->pwqs.t.nrows * sizeof(*extra));
	n = orphans(&st->pwq_by_wq, &st->wq_by_id, extra);
	for (i = 0; i < n; i++) {
		if (r || i)
			putchar(',');
		f = true;
		putchar('{');
		wq_json_u64(stdout, &f, "id", true, st->pwq_wq[extra[i]]);
		name = wq_unescape(wq_cell(&st->pwqs.t, extra[i],
					   wq_col(&st->pwqs.t, "name")));
		wq_json_kstr(stdout, &f, "name", name);
		free(name);
		json_null_members(wq_cols, &f, "id", "name");
		wq_json_key(stdout, &f, "sysfs");
		fputs("null", stdout);
		wq_json_key(stdout, &f, "pwqs");
		json_pwqs(st, st->pwq_wq[extra[i]]);
		putchar('}');
	}
	free(extra);
	putchar(']');

	wq_json_key(stdout, &first, "pools");
	putchar('[');
	for (r = 0; r < st->pools.t.nrows; r++) {
		if (r)
			putchar(',');
		f = true;
		putchar('{');
		json_row(&st->pools, r, &f);
		wq_json_key(stdout, &f, "workers");
		json_workers(st, st->pool_id[r]);
		putchar('}');
	}
	extra = wq_alloc(st->workers.t.nrows * sizeof(*extra));
	n = orphans(&st->worker_by_pool, &st->pool_by_id, extra);
	for (i = 0; i < n; i++) {
		if (r || i)
			putchar(',');
		f = true;
		putchar('{');
		wq_json_u64(stdout, &f, "id", true, st->worker_pool[extra[i]]);
		json_null_members(pool_cols, &f, "id", "id");
		wq_json_key(stdout, &f, "workers");
		json_workers(st, st->worker_pool[extra[i]]);
		putchar('}');
	}
	free(extra);
	putchar(']');

	wq_json_key(stdout, &first, "pods");
	putchar('[');
	for (r = 0; r < st->pods.t.nrows; r++) {
		if (r)
			putchar(',');
		f = true;
		putchar('{');
		json_row(&st->pods, r, &f);
		putchar('}');
	}
	putchar(']');

	wq_json_key(stdout, &first, "cpumasks");
	f = true;
	putchar('{');
	for (i = 0; st->cpumasks.names[i]; i++)
		if (st->cpumasks.val[i])
			wq_json_kstr(stdout, &f, st->cpumasks.names[i],
				     st->cpumasks.val[i]);
	putchar('}');
	fputs("}\n", stdout);
}

/* Text */

static void text_pwqs(const struct state *st, uint64_t wq)
{
	const struct table *p = &st->pwqs;
	bool header = false;
	char active[48];
	size_t i, r;

	for_each_row(&st->pwq_by_wq, wq, i) {
		r = st->pwq_by_wq.order[i];
		if (!header)
			printf("        %5s %-12s %6s %10s %8s %9s\n", "POOL",
			       "CPUS", "REFCNT", "ACTIVE/MAX", "INACTIVE",
			       "IN_FLIGHT");
		header = true;
		snprintf(active, sizeof(active), "%s/%s",
			 cell(p, r, "active"), cell(p, r, "max_active"));
		printf("        %5s %-12s %6s %10s %8s %9s\n",
		       cell(p, r, "pool"), cell(p, r, "cpus"),
		       cell(p, r, "refcnt"), active, cell(p, r, "inactive"),
		       cell(p, r, "in_flight"));
	}
}

static void text_wq_attrs(const char *escaped)
{
	struct attrs a;
	char *v;
	int i;

	wq_sysfs_attrs(&a, escaped);
	if (a.any) {
		printf("        sysfs:");
		for (i = 0; a.names[i]; i++) {
			if (!a.val[i])
				continue;
			v = wq_display(a.val[i], 0);
			printf(" %s=%s", a.names[i], v);
			free(v);
		}
		putchar('\n');
	}
	free_attrs(&a);
}

static void text_workqueues(const struct state *st)
{
	const struct table *w = &st->wqs;
	size_t r, i, n, *extra;
	char *name;

	extra = wq_alloc(st->pwqs.t.nrows * sizeof(*extra));
	n = orphans(&st->pwq_by_wq, &st->wq_by_id, extra);
	printf("Workqueues (%zu)\n", w->t.nrows + n);
	printf("%6s %6s %10s %10s %5s %5s %4s %s\n", "ID", "MAXACT", "QUEUED",
	       "COMPLETED", "PEND", "INACT", "RUN", "NAME [FLAGS]");
	for (r = 0; r < w->t.nrows; r++) {
		name = text_name(cell(w, r, "name"));
		printf("%6s %6s %10s %10s %5s %5s %4s %s [%s]\n",
		       cell(w, r, "id"), cell(w, r, "max_active"),
		       cell(w, r, "queued"), cell(w, r, "completed"),
		       cell(w, r, "pending"), cell(w, r, "inactive"),
		       cell(w, r, "running"), name, cell(w, r, "flags"));
		free(name);
		text_wq_attrs(cell(w, r, "name"));
		text_pwqs(st, st->wq_id[r]);
	}
	for (i = 0; i < n; i++) {
		name = text_name(wq_cell(&st->pwqs.t, extra[i],
					 wq_col(&st->pwqs.t, "name")));
		printf("%6llu %6s %10s %10s %5s %5s %4s %s (not in stats)\n",
		       (unsigned long long)st->pwq_wq[extra[i]], "-", "-", "-",
		       "-", "-", "-", name);
		free(name);
		text_pwqs(st, st->pwq_wq[extra[i]]);
	}
	free(extra);
}

static void text_workers(const struct state *st, uint64_t pool)
{
	const struct table *w = &st->workers;
	char buf[32], *wq;
	bool header = false, idle;
	const char *func;
	size_t i, r;

	for_each_row(&st->worker_by_pool, pool, i) {
		r = st->worker_by_pool.order[i];
		if (!header)
			printf("        %7s %4s %8s %-20s %s\n", "PID", "ID",
			       "RUNNING", "FLAGS", "WORKQUEUE: FUNCTION");
		header = true;
		func = cell(w, r, "func");
		wq = text_name(cell(w, r, "wq"));
		idle = !strcmp(wq, "-") && !strcmp(func, "-");
		printf("        %7s %4s %8s %-20s %s%s%s\n", cell(w, r, "pid"),
		       cell(w, r, "id"),
		       fmt_us(buf, sizeof(buf), cell(w, r, "running_us")),
		       cell(w, r, "flags"), wq, idle ? "" : ": ",
		       idle ? "" : func);
		free(wq);
	}
}

static void text_pools(const struct state *st)
{
	const struct table *p = &st->pools;
	size_t r, i, n, *extra;

	extra = wq_alloc(st->workers.t.nrows * sizeof(*extra));
	n = orphans(&st->worker_by_pool, &st->pool_by_id, extra);
	printf("Pools (%zu)\n", p->t.nrows);
	printf("%6s %-7s %4s %4s %4s %-9s %-9s %4s %4s %4s %4s %5s %6s %5s %s\n",
	       "ID", "KIND", "CPU", "NODE", "NICE", "CPUS", "POD", "WRKS",
	       "IDLE", "BUSY", "RUN", "PEND", "OLDEST", "STALL", "FLAGS");
	for (r = 0; r < p->t.nrows; r++) {
		printf("%6s %-7s %4s %4s %4s %-9s %-9s %4s %4s %4s %4s %5s %4s%s %4s%s %s\n",
		       cell(p, r, "id"), cell(p, r, "kind"), cell(p, r, "cpu"),
		       cell(p, r, "node"), cell(p, r, "nice"),
		       cell(p, r, "cpus"), cell(p, r, "pod"),
		       cell(p, r, "nr_workers"),
		       cell(p, r, "idle"), cell(p, r, "busy"),
		       cell(p, r, "running"), cell(p, r, "pending"),
		       cell(p, r, "oldest_ms"),
		       strcmp(cell(p, r, "oldest_ms"), "-") ? "ms" : "  ",
		       cell(p, r, "stall_s"),
		       strcmp(cell(p, r, "stall_s"), "-") ? "s" : " ",
		       cell(p, r, "flags"));
		text_workers(st, st->pool_id[r]);
	}
	for (i = 0; i < n; i++) {
		printf("%6llu (not in pools)\n",
		       (unsigned long long)st->worker_pool[extra[i]]);
		text_workers(st, st->worker_pool[extra[i]]);
	}
	free(extra);
}

static void text_pods(const struct state *st)
{
	const struct table *p = &st->pods;
	const char *scope = NULL;
	char entry[256];
	size_t r, col = 0;
	int len;

	printf("Pods by affinity scope (POD:CPUS)\n");
	for (r = 0; r < p->t.nrows; r++) {
		if (!scope || strcmp(scope, cell(p, r, "scope"))) {
			if (scope)
				putchar('\n');
			scope = cell(p, r, "scope");
			col = printf("  %-7s", scope);
		}
		len = snprintf(entry, sizeof(entry), " %s:%s",
			       cell(p, r, "pod"), cell(p, r, "cpus"));
		if (col > 9 && col + len > 79) {
			printf("\n%9s", "");
			col = 9;
		}
		fputs(entry, stdout);
		col += len;
	}
	if (scope)
		putchar('\n');
}

static void print_text(const struct state *st)
{
	const struct attrs *a = &st->cpumasks;
	int i;

	printf("CPU masks (%s/devices/virtual/workqueue)\n", opt.sysfs);
	if (!a->any)
		printf("  (none)\n");
	for (i = 0; a->names[i]; i++)
		if (a->val[i])
			printf("  %-18s %s\n", a->names[i], a->val[i]);
	putchar('\n');
	text_pods(st);
	putchar('\n');
	text_pools(st);
	putchar('\n');
	text_workqueues(st);
}

static const char help_text[] =
	"Usage: wqdump [OPTION]...\n"
	"Show the workqueues with their pool_workqueues, the worker pools with\n"
	"their workers, the pods of each affinity scope and the workqueue cpumasks.\n"
	"\n"
	"      --json        one JSON object: \"workqueues\" (with \"pwqs\"),\n"
	"                    \"pools\" (with \"workers\"), \"pods\", \"cpumasks\"\n"
	"      --root=DIR    read DIR instead of " WQ_DEFAULT_ROOT "\n"
	"                    (also: environment variable " WQ_ROOT_ENV ")\n"
	"      --sysfs=DIR   sysfs is mounted at DIR instead of /sys\n"
	"  -h, --help        show this help\n"
	"\n"
	"Exit status: 0 ok, 1 usage error, 2 no access to the workqueue files,\n"
	"3 malformed workqueue file.\n";

enum { OPT_JSON = 256, OPT_ROOT, OPT_SYSFS };

static const struct option long_options[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "sysfs", required_argument, NULL, OPT_SYSFS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void parse_args(int argc, char **argv)
{
	const char *env = getenv(WQ_ROOT_ENV);
	int c;

	if (env && *env) {
		opt.root = env;
		opt.root_is_default = false;
	}
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			opt.json = true;
			break;
		case OPT_ROOT:
			opt.root = optarg;
			opt.root_is_default = false;
			break;
		case OPT_SYSFS:
			opt.sysfs = optarg;
			break;
		case 'h':
			fputs(help_text, stdout);
			wq_flush_stdout();
			exit(WQ_EXIT_OK);
		default:
			wq_option_error(argv, long_options, c);
		}
	}
	if (optind < argc)
		wq_usage_error("unexpected argument \"%s\"", argv[optind]);
}

int main(int argc, char **argv)
{
	struct state st;

	wq_prog = "wqdump";
	signal(SIGPIPE, SIG_IGN);
	parse_args(argc, argv);
	wq_check_root(opt.root, opt.root_is_default);
	memset(&st, 0, sizeof(st));
	load_state(&st);
	if (opt.json)
		print_json(&st);
	else
		print_text(&st);
	wq_flush_stdout();
	free_state(&st);
	return WQ_EXIT_OK;
}
