// SPDX-License-Identifier: GPL-2.0
/*
 * Shared helpers of wqstat and wqdump: see wqparse.h.
 *
 * The files of /sys/kernel/debug/workqueue/ are text tables: a header line
 * naming the columns, then one record per line, cells separated by runs of
 * white space, "-" for a cell without value.  Readers look columns up by
 * name: columns may be added at the end of the lines.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "wqparse.h"

#define WQ_DEBUGFS_MAGIC	0x64626720

const char *wq_prog = "wq";

void wq_die(int status, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", wq_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

void wq_usage_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", wq_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see %s --help)\n", wq_prog);
	exit(WQ_EXIT_USAGE);
}

/*
 * The long option @arg ("--name" or "--name=value", maybe abbreviated) if it
 * is the one getopt_long() reported as @val, with an argument @has_arg.
 */
static const struct option *
long_match(const char *arg, const struct option *longopts, int val,
	   int has_arg)
{
	const char *eq;
	size_t len;

	if (strncmp(arg, "--", 2))
		return NULL;
	arg += 2;
	eq = strchr(arg, '=');
	len = eq ? (size_t)(eq - arg) : strlen(arg);
	for (; longopts->name; longopts++)
		if (longopts->val == val && longopts->has_arg == has_arg &&
		    !strncmp(longopts->name, arg, len))
			return longopts;
	return NULL;
}

void wq_option_error(char **argv, const struct option *longopts, int c)
{
	const char *arg = argv[optind - 1];
	const struct option *o;

	if (c == ':') {
		o = long_match(arg, longopts, optopt, required_argument);
		if (o)
			wq_usage_error("option --%s needs a value", o->name);
		wq_usage_error("option -%c needs a value", optopt);
	}
	if (!optopt)
		wq_usage_error("unknown option \"%s\"", arg);
	o = long_match(arg, longopts, optopt, no_argument);
	if (o && strchr(arg, '='))
		wq_usage_error("option --%s takes no value", o->name);
	wq_usage_error("unknown option -%c", optopt);
}

void *wq_realloc(void *ptr, size_t size)
{
	ptr = realloc(ptr, size ? size : 1);
	if (!ptr)
		wq_die(WQ_EXIT_ENV, "out of memory");
	return ptr;
}

void *wq_alloc(size_t size)
{
	void *ptr = malloc(size ? size : 1);

	if (!ptr)
		wq_die(WQ_EXIT_ENV, "out of memory");
	return ptr;
}

char *wq_strdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(wq_alloc(len), s, len);
}

/* The directory containing @path ("." if none), as a new string. */
static char *parent_dir(const char *path)
{
	char *p = wq_strdup(path);
	size_t len = strlen(p);

	while (len > 1 && p[len - 1] == '/')
		p[--len] = '\0';
	while (len > 0 && p[len - 1] != '/')
		len--;
	if (!len)
		return memcpy(p, ".", 2);
	while (len > 1 && p[len - 1] == '/')
		len--;
	p[len] = '\0';
	return p;
}

/* 1: an existing empty directory, 0: an existing non-empty one, -1: else */
static int dir_is_empty(const char *path)
{
	struct dirent *de;
	DIR *dir;
	int ret = 1;

	dir = opendir(path);
	if (!dir)
		return -1;
	while ((de = readdir(dir))) {
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			ret = 0;
			break;
		}
	}
	closedir(dir);
	return ret;
}

static void __attribute__((noreturn)) not_mounted(const char *dir)
{
	wq_die(WQ_EXIT_ENV, "debugfs is not mounted at %s (mount -t debugfs none %s)",
	       dir, dir);
}

void wq_check_root(const char *root, bool is_default)
{
	struct statfs sfs;
	struct stat st;
	char *parent;
	int err;

	parent = parent_dir(root);
	/*
	 * The default place: whatever is at /sys/kernel/debug if not a
	 * debugfs (mostly an empty sysfs directory, often for root only).
	 */
	if (is_default) {
		if (!statfs(parent, &sfs)) {
			if ((unsigned long)sfs.f_type != WQ_DEBUGFS_MAGIC)
				not_mounted(parent);
		} else if (errno == ENOENT) {
			not_mounted(parent);
		}
	}

	if (!stat(root, &st)) {
		if (!S_ISDIR(st.st_mode))
			wq_die(WQ_EXIT_ENV, "%s: %s", root, strerror(ENOTDIR));
		free(parent);
		return;
	}
	err = errno;
	if (err == EACCES || err == EPERM)
		wq_die(WQ_EXIT_ENV, "cannot access %s: %s (the workqueue files are for root only)",
		       root, strerror(err));
	if (err != ENOENT)
		wq_die(WQ_EXIT_ENV, "cannot access %s: %s", root, strerror(err));

	/*
	 * No such directory in a debugfs or in a directory with other files:
	 * the kernel does not provide the workqueue files.  In an empty
	 * directory: debugfs is not mounted there.
	 */
	if (is_default || (!statfs(parent, &sfs) &&
			   (unsigned long)sfs.f_type == WQ_DEBUGFS_MAGIC))
		err = 0;
	else
		err = dir_is_empty(parent);
	if (err == 1)
		not_mounted(parent);
	if (err == 0)
		wq_die(WQ_EXIT_ENV, "this kernel keeps no workqueue statistics (%s is missing: a kernel without the cmwq series?)",
		       root);
	wq_die(WQ_EXIT_ENV, "cannot access %s: %s", root, strerror(ENOENT));
}

char *wq_read_file(const char *path, size_t *lenp)
{
	size_t len = 0, size = 16384;
	char *buf;
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = wq_alloc(size);
	for (;;) {
		if (size - len < 2) {
			if (size > ((size_t)-1) / 4) {
				err = EFBIG;
				goto fail;
			}
			size *= 2;
			buf = wq_realloc(buf, size);
		}
		n = read(fd, buf + len, size - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			goto fail;
		}
		if (!n)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
fail:
	free(buf);
	close(fd);
	errno = err;
	return NULL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Cut the line [p, end) into cells, NUL-terminating them in place. */
static size_t split_line(char *p, char *end, char ***cellsp, size_t *sizep)
{
	size_t n = 0;

	for (;;) {
		while (p < end && is_space(*p))
			p++;
		if (p >= end)
			break;
		if (n == *sizep) {
			*sizep = *sizep ? *sizep * 2 : 32;
			*cellsp = wq_realloc(*cellsp, *sizep * sizeof(**cellsp));
		}
		(*cellsp)[n++] = p;
		while (p < end && !is_space(*p))
			p++;
		if (p < end)
			*p++ = '\0';
	}
	return n;
}

static bool is_number(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

void wq_table_load(struct wq_table *t, const char *root, const char *file,
		   const char *first)
{
	char *path, *p, *end, *nul, **tmp = NULL;
	size_t len, tmpsize = 0, n, i, j, rows_size = 0;
	unsigned int line = 0;
	int err;

	memset(t, 0, sizeof(*t));
	t->file = file;
	path = wq_alloc(strlen(root) + strlen(file) + 2);
	sprintf(path, "%s/%s", root, file);
	t->buf = wq_read_file(path, &len);
	if (!t->buf) {
		err = errno;
		if (err == EACCES || err == EPERM)
			wq_die(WQ_EXIT_ENV, "cannot read %s: %s (the workqueue files are for root only)",
			       path, strerror(err));
		wq_die(WQ_EXIT_ENV, "cannot read %s: %s", path, strerror(err));
	}
	free(path);

	nul = memchr(t->buf, '\0', len);
	if (nul) {
		for (p = t->buf, line = 1; p < nul; p++)
			line += *p == '\n';
		wq_die(WQ_EXIT_FORMAT, "%s line %u: contains a NUL byte", file,
		       line);
	}

	for (p = t->buf; p < t->buf + len; p = end + 1) {
		end = memchr(p, '\n', t->buf + len - p);
		if (!end)
			end = t->buf + len;
		*end = '\0';
		line++;
		n = split_line(p, end, &tmp, &tmpsize);

		if (line == 1) {
			if (!n || is_number(tmp[0]) || !strcmp(tmp[0], "-"))
				wq_die(WQ_EXIT_FORMAT, "%s line 1: missing header (expected a line starting with \"%s\")",
				       file, first);
			if (strcmp(tmp[0], first))
				wq_die(WQ_EXIT_FORMAT, "%s line 1: unknown layout: the header starts with \"%s\", expected \"%s\"",
				       file, tmp[0], first);
			for (i = 0; i < n; i++)
				for (j = 0; j < i; j++)
					if (!strcmp(tmp[i], tmp[j]))
						wq_die(WQ_EXIT_FORMAT, "%s line 1: column \"%s\" appears twice in the header",
						       file, tmp[i]);
			t->ncols = n;
			t->hdr = wq_alloc(n * sizeof(*t->hdr));
			memcpy(t->hdr, tmp, n * sizeof(*t->hdr));
			continue;
		}
		if (!n)
			continue;	/* a blank line */
		if (n != t->ncols)
			wq_die(WQ_EXIT_FORMAT, "%s line %u: expected %zu columns, found %zu",
			       file, line, t->ncols, n);
		if (t->nrows == rows_size) {
			rows_size = rows_size ? rows_size * 2 : 64;
			t->cells = wq_realloc(t->cells, rows_size * t->ncols *
					      sizeof(*t->cells));
			t->lineno = wq_realloc(t->lineno, rows_size *
					       sizeof(*t->lineno));
		}
		memcpy(t->cells + t->nrows * t->ncols, tmp,
		       n * sizeof(*t->cells));
		t->lineno[t->nrows++] = line;
	}
	free(tmp);
	if (!line)
		wq_die(WQ_EXIT_FORMAT, "%s line 1: missing header (the file is empty)",
		       file);
}

void wq_table_free(struct wq_table *t)
{
	free(t->buf);
	free(t->hdr);
	free(t->cells);
	free(t->lineno);
	memset(t, 0, sizeof(*t));
}

size_t wq_col(const struct wq_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->hdr[i], name))
			return i;
	wq_die(WQ_EXIT_FORMAT, "%s line 1: the header has no column \"%s\"",
	       t->file, name);
}

static bool parse_num(const struct wq_table *t, size_t row, size_t col,
		      bool sign, uint64_t *v, bool *neg)
{
	const char *s = wq_cell(t, row, col), *p = s;
	uint64_t x = 0;

	*neg = false;
	if (!strcmp(s, "-"))
		return false;
	if (sign && *p == '-') {
		*neg = true;
		p++;
	}
	if (!*p)
		goto bad;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		if (x > (UINT64_MAX - (*p - '0')) / 10)
			goto bad;
		x = x * 10 + (*p - '0');
	}
	*v = x;
	return true;
bad:
	wq_die(WQ_EXIT_FORMAT, "%s line %u: column \"%s\": expected a number, found \"%s\"",
	       t->file, t->lineno[row], t->hdr[col], s);
}

bool wq_u64(const struct wq_table *t, size_t row, size_t col, uint64_t *v)
{
	bool neg;

	return parse_num(t, row, col, false, v, &neg);
}

bool wq_s64(const struct wq_table *t, size_t row, size_t col, int64_t *v)
{
	uint64_t x;
	bool neg;

	if (!parse_num(t, row, col, true, &x, &neg))
		return false;
	if (x > (uint64_t)INT64_MAX + neg)
		wq_die(WQ_EXIT_FORMAT, "%s line %u: column \"%s\": expected a number, found \"%s\"",
		       t->file, t->lineno[row], t->hdr[col],
		       wq_cell(t, row, col));
	*v = neg ? (int64_t)(0 - x) : (int64_t)x;
	return true;
}

static bool is_octal(char c)
{
	return c >= '0' && c <= '7';
}

char *wq_unescape(const char *s)
{
	char *out = wq_alloc(strlen(s) + 1), *o = out;
	int c;

	while (*s) {
		if (s[0] == '\\' && is_octal(s[1]) && is_octal(s[2]) &&
		    is_octal(s[3])) {
			c = (s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0');
			/* keep what no byte or a NUL would be as it is */
			if (c > 0 && c < 256) {
				*o++ = (char)c;
				s += 4;
				continue;
			}
		}
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

/* Length of the valid UTF-8 sequence at @p, 0 if it is not one. */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char c = p[0];
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	/* no overlong forms, surrogates or code points past U+10FFFF */
	if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) ||
	    (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
		return 0;
	return n;
}

static bool needs_escape(unsigned char c)
{
	return c < 0x20 || c == 0x7f || c == '\\';
}

/*
 * The next character of @p: how many bytes it takes (*lenp) and whether it
 * is shown escaped (control characters, backslash, bytes that are not
 * UTF-8).
 */
static bool next_char(const unsigned char *p, size_t *lenp)
{
	size_t n = utf8_len(p);

	*lenp = n ? n : 1;
	return !n || needs_escape(*p);
}

char *wq_display(const char *s, size_t max)
{
	const unsigned char *p;
	char *out = wq_alloc(strlen(s) * 4 + 2);
	size_t n = 0, width = 0, w, len;
	bool esc, cut;

	for (p = (const unsigned char *)s; *p; p += len)
		width += next_char(p, &len) ? 4 : 1;
	cut = max && width > max;
	width = 0;
	for (p = (const unsigned char *)s; *p; p += len) {
		esc = next_char(p, &len);
		w = esc ? 4 : 1;
		if (cut && width + w > max - 1)
			break;
		width += w;
		if (esc) {
			n += sprintf(out + n, "\\%03o", *p);
		} else {
			memcpy(out + n, p, len);
			n += len;
		}
	}
	if (cut)
		out[n++] = '~';
	out[n] = '\0';
	return out;
}

void wq_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (*p) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				fprintf(f, "\\u%04x", *p);
				break;
			}
			n = utf8_len(p);
			if (!n) {
				/* not UTF-8: take the byte as a code point */
				fprintf(f, "\\u%04x", *p);
				break;
			}
			fwrite(p, 1, n, f);
			p += n;
			continue;
		}
		p++;
	}
	fputc('"', f);
}

void wq_json_key(FILE *f, bool *first, const char *key)
{
	if (!*first)
		fputc(',', f);
	*first = false;
	wq_json_str(f, key);
	fputc(':', f);
}

void wq_json_u64(FILE *f, bool *first, const char *key, bool have,
		 uint64_t v)
{
	wq_json_key(f, first, key);
	if (have)
		fprintf(f, "%llu", (unsigned long long)v);
	else
		fputs("null", f);
}

void wq_json_s64(FILE *f, bool *first, const char *key, bool have,
		 int64_t v)
{
	wq_json_key(f, first, key);
	if (have)
		fprintf(f, "%lld", (long long)v);
	else
		fputs("null", f);
}

void wq_json_kstr(FILE *f, bool *first, const char *key, const char *s)
{
	wq_json_key(f, first, key);
	wq_json_str(f, s);
}

void wq_flush_stdout(void)
{
	int err;

	if (!fflush(stdout) && !ferror(stdout))
		return;
	err = errno;
	if (err == EPIPE)
		_exit(WQ_EXIT_OK);
	wq_die(WQ_EXIT_ENV, "write error: %s", strerror(err));
}
