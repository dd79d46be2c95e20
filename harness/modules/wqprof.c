// SPDX-License-Identifier: GPL-2.0
/*
 * wqprof: a sampling profile of the kernel while a bench row runs, to see
 * where a row's instructions go (under -icount one nanosecond of guest time
 * is one instruction, so the samples are spread by instructions).  Not part
 * of the series; make bench's "prof" steps load it.
 *
 * Writing 1 to /sys/module/wqprof/parameters/on starts a timer on every
 * online CPU that records the kernel address it interrupted every
 * period_us microseconds (user mode is not recorded); writing 0 stops it.
 * Reading /sys/module/wqprof/parameters/report gives "COUNT FUNCTION"
 * lines of the samples taken since the last start, most first, as many as
 * fit in a page, after a line "total COUNT".  With detail=FUNCTION at load
 * time, that function's samples are reported by address instead, as
 * "FUNCTION+0xOFFSET", for a look at its disassembly.
 *
 * The timer interrupt cannot come while interrupts are off: a sample that
 * falls in such a section is taken where they come back on, so the time of
 * a section run under a raw spinlock with interrupts off counts to the
 * function that ends it.
 */
#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/hrtimer.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>
#include <asm/irq_regs.h>

#define WQP_MAX		(1 << 18)	/* samples kept */
#define WQP_FUNCS	1024		/* distinct functions reported */

static unsigned int period_us = 20;
module_param(period_us, uint, 0644);
MODULE_PARM_DESC(period_us, "sampling period in microseconds (default 20)");

static char *detail;
module_param(detail, charp, 0444);
MODULE_PARM_DESC(detail, "a function whose samples are reported by offset");

static DEFINE_MUTEX(wqp_mutex);
static DEFINE_PER_CPU(struct hrtimer, wqp_timer);
static unsigned long *wqp_ip;
static atomic_t wqp_n;
static bool wqp_on;

struct wqp_func {
	unsigned int	count;
	char		name[KSYM_NAME_LEN];
};

static enum hrtimer_restart wqp_tick(struct hrtimer *t)
{
	struct pt_regs *regs = get_irq_regs();
	int i;

	if (regs && !user_mode(regs)) {
		i = atomic_inc_return(&wqp_n) - 1;
		if (i < WQP_MAX)
			wqp_ip[i] = instruction_pointer(regs);
	}
	hrtimer_forward_now(t, ns_to_ktime((READ_ONCE(period_us) ?: 1) * NSEC_PER_USEC));
	return HRTIMER_RESTART;
}

static void wqp_start_here(void *unused)
{
	struct hrtimer *t = this_cpu_ptr(&wqp_timer);

	hrtimer_init(t, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	t->function = wqp_tick;
	hrtimer_start(t, ns_to_ktime((period_us ?: 1) * NSEC_PER_USEC), HRTIMER_MODE_REL_PINNED_HARD);
}

static void wqp_stop(void)
{
	int cpu;

	for_each_online_cpu(cpu)
		hrtimer_cancel(per_cpu_ptr(&wqp_timer, cpu));
	wqp_on = false;
}

static int wqp_cmp_ip(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

static int wqp_cmp_count(const void *a, const void *b)
{
	const struct wqp_func *x = a, *y = b;

	return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

static int wqp_set_on(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	mutex_lock(&wqp_mutex);
	if (on && !wqp_on) {
		atomic_set(&wqp_n, 0);
		cpus_read_lock();
		on_each_cpu(wqp_start_here, NULL, 1);
		wqp_on = true;
		cpus_read_unlock();
	} else if (!on && wqp_on) {
		cpus_read_lock();
		wqp_stop();
		cpus_read_unlock();
	}
	mutex_unlock(&wqp_mutex);
	return 0;
}

static int wqp_get_on(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", wqp_on);
}

static const struct kernel_param_ops wqp_on_ops = {
	.set = wqp_set_on,
	.get = wqp_get_on,
};
module_param_cb(on, &wqp_on_ops, NULL, 0644);

/* Group the samples (sorted by address) by function, most sampled first. */
static int wqp_report(char *buf, const struct kernel_param *kp)
{
	struct wqp_func *f;
	char name[KSYM_NAME_LEN];
	int n, i, nf = 0, len;

	f = kvcalloc(WQP_FUNCS, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	mutex_lock(&wqp_mutex);
	n = min(atomic_read(&wqp_n), WQP_MAX);
	if (wqp_on)
		n = 0;	/* still sampling: nothing stable to report */
	sort(wqp_ip, n, sizeof(*wqp_ip), wqp_cmp_ip, NULL);
	for (i = 0; i < n; i++) {
		sprint_symbol_no_offset(name, wqp_ip[i]);
		if (detail && !strcmp(name, detail)) {
			/* "name+0xoff/0xsize": keep the offset */
			sprint_symbol(name, wqp_ip[i]);
			name[strcspn(name, "/")] = '\0';
		}
		if (nf && !strcmp(f[nf - 1].name, name)) {
			f[nf - 1].count++;
		} else if (nf < WQP_FUNCS) {
			strscpy(f[nf].name, name, sizeof(f[nf].name));
			f[nf++].count = 1;
		}
	}
	mutex_unlock(&wqp_mutex);
	sort(f, nf, sizeof(*f), wqp_cmp_count, NULL);
	len = sysfs_emit(buf, "total %d\n", n);
	for (i = 0; i < nf; i++) {
		if (len + strlen(f[i].name) + 16 >= PAGE_SIZE)
			break;
		len += sysfs_emit_at(buf, len, "%u %s\n", f[i].count, f[i].name);
	}
	kvfree(f);
	return len;
}

static const struct kernel_param_ops wqp_report_ops = {
	.get = wqp_report,
};
module_param_cb(report, &wqp_report_ops, NULL, 0444);

static int __init wqp_init(void)
{
	wqp_ip = vmalloc_array(WQP_MAX, sizeof(*wqp_ip));
	return wqp_ip ? 0 : -ENOMEM;
}

static void __exit wqp_exit(void)
{
	mutex_lock(&wqp_mutex);
	if (wqp_on) {
		cpus_read_lock();
		wqp_stop();
		cpus_read_unlock();
	}
	mutex_unlock(&wqp_mutex);
	vfree(wqp_ip);
}

module_init(wqp_init);
module_exit(wqp_exit);
MODULE_DESCRIPTION("Sampling profile of the kernel for make bench");
MODULE_LICENSE("GPL");
