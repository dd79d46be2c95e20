// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU TCG plugin for BENCH_COUNT (harness/benchcount.py): counts the guest
 * instructions every vCPU executes between two marks, by translation block.
 *
 * A mark is the instruction "xchg %bx,%bx" (66 87 db), which nothing else in
 * the kernel uses: wqbench executes one where a row's timed part begins and
 * one where it ends (wqb_count_mark()).  Each mark turns counting over, so a
 * row may count several windows.  At exit, the file out=PATH gets the number
 * of marks, then "PC INSTRUCTIONS" for every block that ran while counting:
 * the block's first address and its instructions times its runs.
 *
 * Only for a single-threaded TCG guest (-accel tcg,thread=single, as icount
 * boots are): the counters are plain, the vCPUs take turns on one thread.  A
 * block that an exception leaves early still counts whole, so the figures
 * are exact to the block, not to the instruction.
 *
 * QEMU installs no header for its plugin API (Debian's qemu-system-x86 7.2
 * loads plugins but ships no qemu-plugin.h), so the few entry points used are
 * declared here, as version 1 of that API has them.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;

typedef void (*qp_tb_trans_cb)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qp_vcpu_udata_cb)(unsigned int vcpu_index, void *userdata);
typedef void (*qp_udata_cb)(qemu_plugin_id_t id, void *userdata);

enum { QP_CB_NO_REGS = 0 };

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qp_tb_trans_cb cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb, qp_vcpu_udata_cb cb,
					  int flags, void *userdata);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    qp_vcpu_udata_cb cb, int flags, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qp_udata_cb cb, void *userdata);

#define QP_EXPORT __attribute__((visibility("default")))

QP_EXPORT int qemu_plugin_version = 1;

/* one translation of a block: a block translated again gets another */
struct block {
	uint64_t	pc;
	uint64_t	insns;		/* in the block */
	uint64_t	counted;	/* instructions run while counting */
	struct block	*next;
};

static const unsigned char mark_insn[] = { 0x66, 0x87, 0xdb };

static struct block *blocks;
static bool counting;
static unsigned int marks;
static const char *out_path;

static void block_ran(unsigned int vcpu, void *data)
{
	struct block *b = data;

	if (counting)
		b->counted += b->insns;
}

static void mark_ran(unsigned int vcpu, void *data)
{
	counting = !counting;
	marks++;
}

static bool is_mark(struct qemu_plugin_insn *insn)
{
	return qemu_plugin_insn_size(insn) == sizeof(mark_insn) &&
	       !memcmp(qemu_plugin_insn_data(insn), mark_insn, sizeof(mark_insn));
}

static void block_translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	struct block *b = calloc(1, sizeof(*b));
	size_t i;

	if (!b)
		abort();
	b->pc = qemu_plugin_tb_vaddr(tb);
	b->insns = qemu_plugin_tb_n_insns(tb);
	b->next = blocks;
	blocks = b;
	qemu_plugin_register_vcpu_tb_exec_cb(tb, block_ran, QP_CB_NO_REGS, b);
	for (i = 0; i < b->insns; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

		if (is_mark(insn))
			qemu_plugin_register_vcpu_insn_exec_cb(insn, mark_ran, QP_CB_NO_REGS,
							       NULL);
	}
}

static void write_counts(qemu_plugin_id_t id, void *data)
{
	FILE *f = fopen(out_path, "w");
	struct block *b;

	if (!f)
		return;
	fprintf(f, "marks %u\n", marks);
	for (b = blocks; b; b = b->next)
		if (b->counted)
			fprintf(f, "%llx %llu\n", (unsigned long long)b->pc,
				(unsigned long long)b->counted);
	fclose(f);
}

QP_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const void *info, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			out_path = strdup(argv[i] + 4);
	if (!out_path) {
		fprintf(stderr, "benchcount: give out=PATH\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, block_translated);
	qemu_plugin_register_atexit_cb(id, write_counts, NULL);
	return 0;
}
