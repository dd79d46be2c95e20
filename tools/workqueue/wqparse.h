/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of wqstat and wqdump: reading the files of
 * /sys/kernel/debug/workqueue/, the header-indexed table parser, the
 * unescaping of workqueue names and JSON output.
 *
 * Errors are reported as one line on stderr, "PROG: message", followed by
 * exit() with one of the WQ_EXIT_* codes; nothing here returns an error.
 */
#ifndef WQPARSE_H
#define WQPARSE_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define WQ_EXIT_OK	0
#define WQ_EXIT_USAGE	1	/* bad command line */
#define WQ_EXIT_ENV	2	/* debugfs missing, permission, I/O */
#define WQ_EXIT_FORMAT	3	/* a file does not follow the format */

#define WQ_DEFAULT_ROOT	"/sys/kernel/debug/workqueue"
#define WQ_ROOT_ENV	"WQ_DEBUGFS"

extern const char *wq_prog;

void wq_die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
void wq_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
/* After getopt_long() returned @c, '?' or ':': explain, exit. */
void wq_option_error(char **argv, const struct option *longopts, int c)
	__attribute__((noreturn));
void *wq_alloc(size_t size);
void *wq_realloc(void *ptr, size_t size);
char *wq_strdup(const char *s);

/*
 * Check that @root can be used, and explain why not: debugfs not mounted,
 * no workqueue directory (a kernel without the series), no permission.
 * @is_default: @root was not given by the user.
 */
void wq_check_root(const char *root, bool is_default);

/*
 * Read a whole file into a NUL-terminated buffer (debugfs files report size
 * 0: read until EOF).  Returns NULL with errno set if the file cannot be
 * opened or read; the caller decides whether that is fatal.
 */
char *wq_read_file(const char *path, size_t *lenp);

/* A text table: a header naming the columns, then one record per line. */
struct wq_table {
	const char *file;	/* name used in messages ("stats") */
	char *buf;		/* the file, cut into NUL-terminated cells */
	size_t ncols;
	char **hdr;		/* the ncols column names */
	size_t nrows;
	char **cells;		/* nrows * ncols cells */
	unsigned int *lineno;	/* file line of each row */
};

/*
 * Load ROOT/FILE.  @first is the name the header's first column must have;
 * every row must have exactly as many columns as the header.  A missing or
 * unreadable file is fatal (WQ_EXIT_ENV), a malformed one too
 * (WQ_EXIT_FORMAT).
 */
void wq_table_load(struct wq_table *t, const char *root, const char *file,
		   const char *first);
void wq_table_free(struct wq_table *t);

/* Index of column @name: fatal if the header lacks it. */
size_t wq_col(const struct wq_table *t, const char *name);

static inline const char *wq_cell(const struct wq_table *t, size_t row,
				  size_t col)
{
	return t->cells[row * t->ncols + col];
}

/*
 * Numbers.  A value is "-" (none: returns false) or a decimal number; any
 * other text is fatal.  wq_s64() also takes a leading '-' (nice).
 */
bool wq_u64(const struct wq_table *t, size_t row, size_t col, uint64_t *v);
bool wq_s64(const struct wq_table *t, size_t row, size_t col, int64_t *v);

/* Undo the \ooo escaping of names; returns a new string. */
char *wq_unescape(const char *s);

/*
 * For text output: @s with control characters, DEL and backslash escaped
 * as \ooo, cut to @max characters (0: no limit, an escape counts 4) with a
 * '~' marking the cut.  Returns a new string.
 */
char *wq_display(const char *s, size_t max);

/* JSON output. */
void wq_json_str(FILE *f, const char *s);	/* "..." or null if s NULL */
void wq_json_key(FILE *f, bool *first, const char *key);
void wq_json_u64(FILE *f, bool *first, const char *key, bool have,
		 uint64_t v);
void wq_json_s64(FILE *f, bool *first, const char *key, bool have,
		 int64_t v);
void wq_json_kstr(FILE *f, bool *first, const char *key, const char *s);

/* Flush stdout: a closed pipe ends the program quietly with status 0. */
void wq_flush_stdout(void);

#endif /* WQPARSE_H */
