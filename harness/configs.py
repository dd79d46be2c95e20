# SPDX-License-Identifier: GPL-2.0
"""`make configs`: the series compiles wherever 6.12 does.

The test kernels all come from one config (allnoconfig + base.config, with
lockdep), so a field that exists only under CONFIG_LOCKDEP, or a function
defined on UP that the header declares for SMP only, passes every boot test
and still breaks the first defconfig build outside the workbench.  This
module compiles the series, as objects, in the configs of MATRIX below.

Each config has one output directory in the impl's tree,
build/<impl>/src/out-cfg-<name>: its .config is made (defconfig or
allnoconfig, then the fragment) when the fragment changes, and "make
prepare" refreshes it on every run; ccache shares the objects across runs
and impls.  In it:

  1. kernel/workqueue.o with W=1;
  2. a translation unit that includes <linux/workqueue.h> first and alone,
     and one for <linux/workqueue_types.h>, also with W=1 (HEADER_TUS);
  3. the in-tree users that lean on the API's corners (USERS), as objects,
     with the config's own warning flags (CONFIG_WERROR where it is set).

A config fails on any compile error and on any warning whose location is one
of the series' files (SERIES_FILES) or a header unit; warnings located
elsewhere belong to the tree and are only counted.  W=1 runs with -Wno-error, so that a W=1 warning
in a stock header does not hide ours behind an error.  The checked objects
are removed before each run: a warning is reported again (ccache replays it)
instead of disappearing once the object is up to date.

Objects only: a full build of every config does not fit the CI budget (make
configs-boot builds and boots the x86_64 defconfig once, outside CI).  Rust
is not in the matrix: 6.12 needs bindgen 0.65.1, Debian 12 has 0.60.1.
"""

import hashlib
import os
import re
import subprocess
import time

# The files whose warnings fail a config (also for IMPL=stock, where they are
# 6.12's own: the matrix must pass on stock, or the matrix is wrong).
SERIES_FILES = ["kernel/workqueue.c", "kernel/workqueue_internal.h",
                "kernel/workqueue_stats.c", "kernel/workqueue_stats.h",
                "include/linux/workqueue.h", "include/linux/workqueue_types.h"]

# Symbols that bring the users below into a config (the suites too).
USERS_FRAG = [
    "CONFIG_BLOCK=y", "CONFIG_MD=y", "CONFIG_BCACHE=y", "CONFIG_DEBUG_CLOSURES=y",
    "CONFIG_PCI=y", "CONFIG_I2C=y", "CONFIG_RC_CORE=y", "CONFIG_MEDIA_SUPPORT=y",
    "CONFIG_MEDIA_SUPPORT_FILTER=y", "CONFIG_MEDIA_DIGITAL_TV_SUPPORT=y",
    "CONFIG_MEDIA_PCI_SUPPORT=y", "CONFIG_DVB_CORE=y", "CONFIG_DVB_SMIPCIE=y",
    "CONFIG_PROC_FS=y", "CONFIG_KUNIT=y", "CONFIG_RUNTIME_TESTING_MENU=y",
    "CONFIG_WORKQUEUE_KUNIT_TEST=y",
]
# padata and cpusets need SMP
SMP_USERS_FRAG = ["CONFIG_CRYPTO=y", "CONFIG_CRYPTO_PCRYPT=y", "CONFIG_CGROUPS=y",
                  "CONFIG_CPUSETS=y"]

# The series' debug options, all on (defconfig-debug).
DEBUG_FRAG = [
    "CONFIG_DEBUG_KERNEL=y", "CONFIG_PROVE_LOCKING=y", "CONFIG_DEBUG_OBJECTS=y",
    "CONFIG_DEBUG_OBJECTS_WORK=y", "CONFIG_WQ_WATCHDOG=y",
    "CONFIG_WQ_CPU_INTENSIVE_REPORT=y", "CONFIG_DEBUG_WQ_FORCE_RR_CPU=y",
]

UP_FRAG = ["# CONFIG_SMP is not set", "CONFIG_DEBUG_KERNEL=y", "CONFIG_WERROR=y"]

# name: (ARCH, base config, fragment, what it is for)
MATRIX = {
    "defconfig": ("x86_64", "defconfig", USERS_FRAG + SMP_USERS_FRAG + [
        "# CONFIG_LOCKDEP is not set", "# CONFIG_DEBUG_OBJECTS_WORK is not set"],
        "what distributions and most developers build: no lockdep, no debugobjects"),
    "defconfig-debug": ("x86_64", "defconfig", USERS_FRAG + SMP_USERS_FRAG + DEBUG_FRAG,
                        "the defconfig with every workqueue debug option"),
    "up-lockdep": ("x86_64", "allnoconfig", USERS_FRAG + UP_FRAG + ["CONFIG_PROVE_LOCKING=y"],
                   "uniprocessor with lockdep and -Werror"),
    "up": ("x86_64", "allnoconfig", USERS_FRAG + UP_FRAG + ["# CONFIG_PROVE_LOCKING is not set"],
           "uniprocessor without lockdep, with -Werror"),
    "rt": ("x86_64", "defconfig", USERS_FRAG + SMP_USERS_FRAG + [
        "CONFIG_EXPERT=y", "CONFIG_PREEMPT_RT=y"],
        "PREEMPT_RT: spinlocks sleep, softirqs run in threads"),
    # DEBUG_CLOSURES and the defconfig's BLK_DEV_IO_TRACE select DEBUG_FS
    "nodebugfs": ("x86_64", "defconfig", [f for f in USERS_FRAG if "DEBUG_CLOSURES" not in f] +
                  SMP_USERS_FRAG + ["# CONFIG_BLK_DEV_IO_TRACE is not set",
                                    "# CONFIG_DEBUG_FS is not set"],
                  "no debugfs: the series' statistics compile out"),
    "nonuma": ("x86_64", "defconfig", USERS_FRAG + SMP_USERS_FRAG + ["# CONFIG_NUMA is not set"],
               "SMP without NUMA: one node"),
    "lockdep-noprove": ("x86_64", "defconfig", USERS_FRAG + SMP_USERS_FRAG + [
        "CONFIG_DEBUG_KERNEL=y", "CONFIG_DEBUG_LOCK_ALLOC=y", "CONFIG_LOCKDEP=y",
        "# CONFIG_PROVE_LOCKING is not set"],
        "lockdep's maps (DEBUG_LOCK_ALLOC) without PROVE_LOCKING"),
    "arm64": ("arm64", "defconfig", USERS_FRAG + SMP_USERS_FRAG,
              "arm64 defconfig, cross-compiled: not x86, no irq_work self-IPI promise"),
    # x86 makes HOTPLUG_CPU a def_bool of SMP: only arm64 can turn it off,
    # and only without suspend and hibernation (PM_SLEEP_SMP selects it).
    "arm64-nohotplug": ("arm64", "defconfig", USERS_FRAG + SMP_USERS_FRAG + [
        "# CONFIG_SUSPEND is not set", "# CONFIG_HIBERNATION is not set",
        "# CONFIG_HOTPLUG_CPU is not set"],
        "SMP without CPU hotplug (x86 cannot turn it off with SMP on)"),
}

# The configs `make check` compiles for IMPL=series: the common breaks.
CHECK_CONFIGS = ["defconfig", "up-lockdep"]

# In-tree users of the API's corners: (object, the symbol that brings it into
# a config or None when every config builds it, what it uses).
USERS = [
    ("kernel/async.o", None, "queue_work_node() on system_unbound_wq"),
    ("kernel/sched/core.o", None, "the worker sleep, wakeup and tick hooks"),
    ("kernel/sched/build_utility.o", None, "psi's wq_worker_last_func(), the isolation masks"),
    ("fs/proc/array.o", "CONFIG_PROC_FS", "wq_worker_comm() for /proc/PID/stat"),
    ("kernel/cgroup/cpuset.o", "CONFIG_CPUSETS", "workqueue_unbound_exclude_cpumask()"),
    ("kernel/rcu/tree.o", "CONFIG_TREE_RCU", "RCU's own workqueues and flushes"),
    ("kernel/rcu/tiny.o", "CONFIG_TINY_RCU", "UP's RCU, which queues work too"),
    ("fs/fs-writeback.o", None, "delayed work on system_unbound_wq and flushes"),
    ("mm/vmstat.o", None, "per-CPU deferrable delayed work, schedule_on_each_cpu()"),
    ("lib/closure.o", "CONFIG_CLOSURES", "closures continue on workqueues"),
    ("kernel/padata.o", "CONFIG_PADATA", "work_on_cpu-style per-CPU work"),
    ("drivers/media/pci/smipcie/smipcie-main.o", "CONFIG_DVB_SMIPCIE",
     "enable_and_queue_work() from a driver"),
    ("lib/test_workqueue.o", "CONFIG_WORKQUEUE_KUNIT_TEST", "the KUnit suites themselves"),
]

# Translation units that include one of the series' headers first and alone;
# each uses what a caller would so that the inline functions get compiled.
HEADER_TUS = {
    "wq_hdr_workqueue.c": """\
// SPDX-License-Identifier: GPL-2.0
/* make configs: <linux/workqueue.h> must stand on its own. */
#include <linux/workqueue.h>

void wq_hdr_use(struct workqueue_struct *wq, struct delayed_work *dwork,
		struct rcu_work *rwork);

struct wq_hdr_owner {
	int state;
	struct delayed_work dwork;
};

static void wq_hdr_fn(struct work_struct *work)
{
	struct delayed_work *dwork = to_delayed_work(work);
	struct wq_hdr_owner *owner = from_work(owner, work, dwork.work);

	owner->state++;
	mod_delayed_work(system_wq, dwork, 1);
}

static DECLARE_WORK(wq_hdr_static, wq_hdr_fn);
static DECLARE_DELAYED_WORK(wq_hdr_dstatic, wq_hdr_fn);

static long wq_hdr_on_cpu(void *arg)
{
	return (long)arg;
}

void wq_hdr_use(struct workqueue_struct *wq, struct delayed_work *dwork,
		struct rcu_work *rwork)
{
	struct work_struct onstack;

	INIT_WORK_ONSTACK(&onstack, wq_hdr_fn);
	INIT_DELAYED_WORK(dwork, wq_hdr_fn);
	INIT_RCU_WORK(rwork, wq_hdr_fn);
	if (schedule_work(&wq_hdr_static) && work_pending(&wq_hdr_static))
		flush_work(&wq_hdr_static);
	queue_work(wq, &onstack);
	flush_work(&onstack);
	destroy_work_on_stack(&onstack);
	schedule_delayed_work(&wq_hdr_dstatic, 2);
	queue_rcu_work(wq, rwork);
	enable_and_queue_work(wq, &wq_hdr_static);
	cancel_delayed_work_sync(dwork);
	disable_delayed_work_sync(&wq_hdr_dstatic);
	work_on_cpu(0, wq_hdr_on_cpu, NULL);
	work_on_cpu_safe(0, wq_hdr_on_cpu, NULL);
	flush_workqueue(wq);
	destroy_workqueue(alloc_ordered_workqueue("wq_hdr/%d", WQ_MEM_RECLAIM, 1));
}
""",
    "wq_hdr_types.c": """\
// SPDX-License-Identifier: GPL-2.0
/* make configs: <linux/workqueue_types.h> must stand on its own. */
#include <linux/workqueue_types.h>

struct wq_hdr_embeds {
	struct work_struct work;
	work_func_t fn;
};

struct wq_hdr_embeds wq_hdr_embedded;
""",
}


class Failed(Exception):
    """A config failed; the message names it and its first error."""


def make_cmd(wqh, impl, name, *targets):
    return wqh.make_cmd(impl, "cfg-" + name, *targets, arch=MATRIX[name][0])


def run_make(wqh, impl, name, log, *targets, env=None):
    """make @targets in the config's directory, output appended to @log."""
    with open(log, "a") as f:
        f.write("\n$ make " + " ".join(targets) + "\n")
        f.flush()
        return subprocess.run(make_cmd(wqh, impl, name, *targets), stdout=f,
                              stderr=subprocess.STDOUT,
                              env=dict(wqh.make_env(), **(env or {}))).returncode


def first_error(log):
    for line in open(log, errors="replace"):
        if re.search(r"\b(error|Error \d+|No rule to make target)\b", line):
            return line.strip()
    return "(no error line in the log)"


def prepare(wqh, impl, name, log):
    """The config's output directory: .config from base + fragment, prepared."""
    arch, base, frag, _ = MATRIX[name]
    src = wqh.src_dir(impl)
    obj = os.path.join(src, "out-cfg-" + name)
    os.makedirs(obj, exist_ok=True)
    text = "\n".join(frag) + "\n"
    stamp = os.path.join(obj, ".wq-cfg")
    kconfig = wqh.read(os.path.join(src, "lib/Kconfig.debug")) or b""
    stamp_val = f"{arch} {base}\n{text}{hashlib.sha256(kconfig).hexdigest()}\n"
    if wqh.read(stamp) != stamp_val.encode() or not os.path.exists(os.path.join(obj, ".config")):
        frag_path = os.path.join(obj, "wq-fragment")
        with open(frag_path, "w") as f:
            f.write(text)
        if base == "allnoconfig":
            rc = run_make(wqh, impl, name, log, "allnoconfig",
                          env={"KCONFIG_ALLCONFIG": frag_path})
        else:
            # defconfig, then the fragment on top (the last value of a symbol wins)
            dfl = os.path.join(src, "arch", arch.replace("x86_64", "x86"), "configs",
                               "x86_64_defconfig" if arch == "x86_64" else "defconfig")
            with open(os.path.join(obj, ".config"), "w") as f:
                f.write(open(dfl).read() + "\n" + text)
            rc = run_make(wqh, impl, name, log, "olddefconfig")
        if rc:
            raise Failed(f"configuring failed: {first_error(log)}")
        bad = wqh.unmet_symbols(wqh.fragment_symbols(frag), os.path.join(obj, ".config"))
        if bad:
            raise Failed("the .config lacks what the matrix asks for: " + ", ".join(bad))
        with open(stamp, "w") as f:
            f.write(stamp_val)
    if run_make(wqh, impl, name, log, "prepare"):
        raise Failed(f"make prepare failed: {first_error(log)}")
    return obj


def ours(path):
    """Does a diagnostic belong to the series: one of SERIES_FILES (paths are
    relative to O=), or a header unit, where the headers' macros expand?"""
    if "/wq-headers/" in path:
        return True
    path = os.path.normpath(path)
    while path.startswith("../"):
        path = path[3:]
    return path in SERIES_FILES


DIAG_RE = re.compile(r"^([^\s:]+):(\d+):(?:\d+:)? (warning|error): (.*)$")


def diagnostics(log, start):
    """(ours, theirs, errors) among the diagnostics of @log after byte @start."""
    mine, theirs, errors = [], 0, []
    with open(log, errors="replace") as f:
        f.seek(start)
        for line in f:
            m = DIAG_RE.match(line.strip())
            if not m:
                continue
            if m.group(3) == "error":
                errors.append(line.strip())
            if ours(m.group(1)):
                mine.append(line.strip())
            elif m.group(3) == "warning":
                theirs += 1
    return mine, theirs, errors


def write_header_tus(obj):
    d = os.path.join(obj, "wq-headers")
    os.makedirs(d, exist_ok=True)
    names = sorted(HEADER_TUS)
    files = {n: HEADER_TUS[n] for n in names}
    files["Kbuild"] = "".join(f"obj-m += {n[:-2]}.o\n" for n in names)
    for n, text in files.items():
        p = os.path.join(d, n)
        if (open(p).read() if os.path.exists(p) else None) != text:
            with open(p, "w") as f:
                f.write(text)
    for n in names:
        for stale in (n[:-2] + ".o", "." + n[:-2] + ".o.cmd"):
            if os.path.exists(os.path.join(d, stale)):
                os.remove(os.path.join(d, stale))
    return d, [n[:-2] + ".o" for n in names]


def check_one(wqh, impl, name):
    """Compile one config; returns a summary line, raises Failed."""
    obj = os.path.join(wqh.src_dir(impl), "out-cfg-" + name)
    os.makedirs(obj, exist_ok=True)
    log = os.path.join(obj, "wq-configs.log")
    open(log, "w").close()
    prepare(wqh, impl, name, log)
    have = wqh.fragment_symbols(open(os.path.join(obj, ".config")))
    users, skipped = [], []
    for path, sym, _ in USERS:
        if sym is None or have.get(sym) in ("y", "m"):
            users.append(path)
        else:
            skipped.append(path)
    for path in ["kernel/workqueue.o"] + users:
        if os.path.exists(os.path.join(obj, path)):
            os.remove(os.path.join(obj, path))
    start = os.path.getsize(log)
    rc = run_make(wqh, impl, name, log, "W=1", "KCFLAGS=-Wno-error", "kernel/workqueue.o")
    hdir, hobjs = write_header_tus(obj)
    # An external-module directory: its objects can be built one by one, with
    # the config's flags, whether CONFIG_MODULES is set or not.
    rc |= run_make(wqh, impl, name, log, "W=1", "KCFLAGS=-Wno-error", "M=" + hdir, *hobjs)
    rc |= run_make(wqh, impl, name, log, *users)
    mine, theirs, errors = diagnostics(log, start)
    if rc or errors:
        raise Failed(errors[0] if errors else first_error(log))
    if mine:
        raise Failed(f"{len(mine)} warning(s) from the series' files, first: {mine[0]}")
    return (f"workqueue.o (W=1), {len(hobjs)} header units and {len(users)} users compile, "
            f"no warning from the series' files ({theirs} elsewhere)"
            + (f"; not in this config: {', '.join(os.path.basename(s) for s in skipped)}"
               if skipped else ""))


def static_checks(wqh, impl, tally):
    """sparse, kernel-doc and checkpatch on the series' files, one result each.

    sparse runs as C=2 on kernel/workqueue.o in the defconfig's directory
    (prepared by then); any sparse diagnostic located in the series' files
    fails, as does any kernel-doc warning (-Wall) and any checkpatch error
    (its warnings are listed in the cover letter, harness/series/).
    """
    src = wqh.src_dir(impl)
    name = "defconfig"
    obj = os.path.join(src, "out-cfg-" + name)
    log = os.path.join(obj, "wq-sparse.log")
    open(log, "w").close()
    t = time.time()
    try:
        prepare(wqh, impl, name, log)
        rc = run_make(wqh, impl, name, log, "C=2", "kernel/workqueue.o")
        mine, _, errors = diagnostics(log, 0)
        if rc:
            raise Failed(errors[0] if errors else first_error(log))
        ok, why = not mine, (f"{len(mine)} diagnostic(s), first: {mine[0]}" if mine else "")
    except Failed as e:
        ok, why = False, str(e)
    wqh.say(f"{impl}: sparse (C=2) on kernel/workqueue.c: "
            + ("clean" if ok else why) + f" ({time.time() - t:.0f} s)")
    tally.add(f"{impl}: sparse", ok, why=why[:300])

    files = [f for f in SERIES_FILES if os.path.exists(os.path.join(src, f))]
    p = subprocess.run([os.path.join(src, "scripts/kernel-doc"), "-none", "-Wall", *files],
                       cwd=src, capture_output=True, text=True)
    lines = [ln for ln in (p.stdout + p.stderr).splitlines() if ln.strip()]
    wqh.say(f"{impl}: kernel-doc -Wall on the series' files: "
            + (f"{len(lines)} warning(s), first: {lines[0]}" if lines else "clean"))
    tally.add(f"{impl}: kernel-doc", not lines and p.returncode == 0,
              why=lines[0] if lines else f"exit {p.returncode}")

    p = subprocess.run([os.path.join(src, "scripts/checkpatch.pl"), "--strict", "--terse",
                        "--no-summary-file", "-f", *files], cwd=src, capture_output=True,
                       text=True)
    errors = [ln for ln in p.stdout.splitlines() if ": ERROR:" in ln]
    counts = re.findall(r"total: (\d+) errors, (\d+) warnings, (\d+) checks", p.stdout)
    nwarn = sum(int(c[1]) for c in counts)
    wqh.say(f"{impl}: checkpatch --strict -f on the series' files: {len(errors)} error(s), "
            f"{nwarn} warning(s) (listed with their reasons in the cover letter)")
    tally.add(f"{impl}: checkpatch", not errors, why=errors[0] if errors else "")


def needs(names, static):
    """What the configs @names (and, with @static, static_checks()) need
    beyond the workbench's own dependencies: (what, Debian package) pairs."""
    pkgs = [("sparse", "sparse")] if static else []
    if any(MATRIX[n][0] == "arm64" for n in names):
        pkgs.append(("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu"))
    return pkgs


# Said once per run, so that the gap is not silent.
RUST_GAP = ("no Rust config: 6.12 needs bindgen 0.65.1 or later and Debian 12 has "
            "0.60.1, so CONFIG_RUST cannot be enabled here")


def run(wqh, impl, names, tally):
    """Compile the configs @names for @impl, one tally entry each."""
    wqh.say(f"{impl}: {len(names)} config(s); {RUST_GAP}")
    for name in names:
        t = time.time()
        arch, base, _, why = MATRIX[name]
        wqh.say(f"{impl}: config {name} ({arch} {base}: {why})")
        try:
            summary = check_one(wqh, impl, name)
        except Failed as e:
            wqh.say(f"{impl}: config {name} FAILED: {e} "
                    f"(log: build/{impl}/src/out-cfg-{name}/wq-configs.log)")
            tally.add(f"{impl}: config {name}", False, why=str(e)[:300])
            continue
        wqh.say(f"{impl}: config {name}: {summary} ({int(time.time() - t)} s)")
        tally.add(f"{impl}: config {name}", True)

