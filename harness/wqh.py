#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""wqh: the cmwq workbench.

Lays the series over a pristine Linux 6.12 tree, builds it, boots it under
QEMU and runs the KUnit suite and the boot tests, for two implementations
side by side:

  stock   6.12's own workqueue plus the series' tests and their hooks
  series  everything this repository owns laid over the stock tree

Layout under build/ (git-ignored):

  build/linux-stock/             pristine tree, unpacked once, never modified
  build/<impl>/src/              the tree for one implementation
  build/<impl>/src/out-<profile> kernel build output (O=); kept inside the
                                 tree so that srctree is "..", which makes
                                 compile commands identical across impls
                                 and lets ccache share objects between them
  build/<impl>/src/out-cfg-<name> one per config of make configs (configs.py)
  build/<impl>/src/.kunit/       the README's kunit.py run, as it makes it
  build/<impl>/logs/             every console log

Run "wqh.py --help" for the commands; the root Makefile wraps them.
"""

import argparse
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILD = os.path.join(ROOT, "build")
PRISTINE = os.path.join(BUILD, "linux-stock")
TARBALL = "/usr/src/linux-source-6.12.tar.xz"
IMPLS = ("stock", "series")
# Config profiles: fragments of harness/config/ applied over allnoconfig, in
# order, followed by the series' Kconfig.fragment.
PROFILES = {"test": ["base.config", "debug.config"],
            "deep": ["base.config", "debug.config", "deep.config"],
            "race": ["base.config", "debug.config", "race.config"],
            "prod": ["base.config", "prod.config"]}

# Files the series owns in the kernel tree.  With IMPL=series each one comes
# from the repository when it exists there and from the stock tree until then.
CORE_FILES = ["kernel/workqueue.c", "kernel/workqueue_internal.h",
              "include/linux/workqueue.h", "include/linux/workqueue_types.h",
              "Documentation/core-api/workqueue.rst"]
# Directories the series owns whole: once the repository has one, stock files
# in it that the repository does not have are removed from the series tree.
OWNED_DIRS = ["tools/workqueue"]
# Mirror directories laid over the tree.  IMPL=stock takes only TEST_DIRS.
MIRROR_DIRS = ["kernel", "include", "lib", "Documentation", "tools"]
TEST_DIRS = ["lib"]
# Tree edits the suite needs (both impls) and edits that belong to the series.
TEST_PATCHES = sorted(os.path.join(HERE, "patches", p)
                      for p in os.listdir(os.path.join(HERE, "patches"))
                      if p.endswith(".patch"))
SERIES_PATCHES = [os.path.join(ROOT, "MAINTAINERS.patch")]

# Splats that fail a run wherever they show up in a console log.
SPLATS = [r"BUG:", r"WARNING:", r"Oops", r"Kernel panic", r"general protection fault",
          r"possible circular locking", r"possible recursive locking",
          r"inconsistent lock state", r"suspicious RCU usage", r"DEBUG_LOCKS_WARN_ON",
          r"non-static key", r"lockdep is turned off", r"workqueue lockup",
          r"KASAN", r"refcount_t", r"blocked for more than", r"hung_task",
          r"ODEBUG", r"UBSAN", r"Call Trace:", r"topology_sane",
          r"hogged CPU", r"sleeping function called", r"circular locking"]
SPLAT_RE = re.compile("|".join(SPLATS))
# Under TCG the time of the interrupts a CPU takes is charged to the task
# they interrupt, so items that never spin for long pass the default 10 ms
# CPU-hog threshold now and then and "hogged CPU" reports (a splat above)
# appear on both IMPLs.  The guests run with a threshold ten times higher
# (the KUnit hog case spins for a second); a boot that sets lpj= or the
# threshold itself keeps the default.
HOG_THRESH_PARAM = "workqueue.cpu_intensive_thresh_us=100000"


def hog_thresh_param(topo):
    """HOG_THRESH_PARAM, scaled for a guest with more vCPUs than the host
    has cores: each vCPU then runs a fraction of the time the guest clock
    counts (scale32's 32 vCPUs on 2 cores drew reports at 100 ms)."""
    n = wqtopo().ncpus(topo)
    if n <= 4:
        return HOG_THRESH_PARAM
    return f"workqueue.cpu_intensive_thresh_us={100000 * n // 4}"
# Lines the kernel prints on a healthy boot that would match the above.
BENIGN_RE = re.compile(r"lockdep: (?:fixed|recursion)|Lock dependency validator|"
                       r"\.\.\. MAX_LOCK|\.\.\. MAX_LOCKDEP|\.\.\. CHAINHASH|"
                       r"\.\.\. CLASSHASH|ODEBUG: selftest passed|"
                       r"ODEBUG: [0-9]+ of [0-9]+ active objects replaced|"
                       r"KASAN: inline mode|KASAN: vmalloc|KernelAddressSanitizer initialized")

T0 = time.time()


def say(msg):
    """One progress line, with the time since the command started."""
    t = int(time.time() - T0)
    print(f"[wq {t // 60:2d}:{t % 60:02d}] {msg}", flush=True)


def die(msg, code=1):
    print(f"wqh: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)


def run(cmd, log=None, cwd=None, env=None, check=True, quiet=False):
    """Run a command; with a log, its output goes there and a failure shows the tail."""
    if not quiet:
        shown = " ".join(shlex.quote(c) for c in cmd)
        say(f"$ {shown if len(shown) < 160 else shown[:157] + '...'}")
    if log:
        with open(log, "a") as f:
            p = subprocess.run(cmd, cwd=cwd, env=env, stdout=f, stderr=subprocess.STDOUT)
    else:
        p = subprocess.run(cmd, cwd=cwd, env=env)
    if check and p.returncode:
        if log:
            tail(log, 40)
        die(f"command failed ({p.returncode}): {' '.join(cmd[:4])} ...")
    return p.returncode


def tail(path, n):
    try:
        with open(path, errors="replace") as f:
            lines = f.readlines()
    except OSError:
        return
    print(f"----- last {min(n, len(lines))} lines of {os.path.relpath(path, ROOT)} -----")
    sys.stdout.write("".join(lines[-n:]))
    print("-----", flush=True)


# ---------------------------------------------------------------- dependencies

DEPS = [  # (what must exist, Debian package)
    (TARBALL, "linux-source-6.12"),
    ("qemu-system-x86_64", "qemu-system-x86"),
    ("/bin/busybox", "busybox-static"),
    ("flex", "flex"), ("bison", "bison"), ("bc", "bc"),
    ("/usr/include/libelf.h", "libelf-dev"),
    ("/usr/include/openssl/ssl.h", "libssl-dev"),
    ("cpio", "cpio"), ("depmod", "kmod"), ("ccache", "ccache"),
    ("gcc", "gcc"), ("/usr/lib/x86_64-linux-gnu/libc.a", "libc6-dev"), ("make", "make"),
    ("perl", "perl"), ("git", "git"), ("patch", "patch"),
    ("xz", "xz-utils"), ("gzip", "gzip"), ("python3", "python3"),
    ("/usr/share/qemu/qboot.rom", "qemu-system-data"),
]


def deps(extra=()):
    """Install what is missing (@extra: more (what, package) pairs), or say how."""
    missing = []
    for what, pkg in DEPS + list(extra):
        ok = os.path.exists(what) if what.startswith("/") else shutil.which(what)
        if not ok and pkg not in missing:
            missing.append(pkg)
    if not missing:
        return
    line = "apt-get install -y --no-install-recommends " + " ".join(missing)
    if os.geteuid() != 0:
        die(f"missing packages; as root run:\n  apt-get update && {line}")
    say(f"installing {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    log = os.path.join(BUILD, "apt.log")
    os.makedirs(BUILD, exist_ok=True)
    run(["apt-get", "update", "-q"], log=log, env=env)
    run(line.split(), log=log, env=env)


# ---------------------------------------------------------------- trees

def pristine():
    """Unpack the stock tree once.  Nothing ever writes into it afterwards."""
    stamp = os.path.join(PRISTINE, ".wq-pristine")
    if os.path.exists(stamp):
        return
    deps()
    say(f"unpacking {TARBALL} into build/linux-stock (once)")
    tmp = os.path.join(BUILD, ".unpack")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(PRISTINE, ignore_errors=True)
    os.makedirs(tmp)
    run(["tar", "-xJf", TARBALL, "-C", tmp], quiet=True)
    os.rename(os.path.join(tmp, "linux-source-6.12"), PRISTINE)
    os.rmdir(tmp)
    with open(stamp, "w") as f:
        f.write(TARBALL + "\n")


def src_dir(impl):
    return os.path.join(BUILD, impl, "src")


def obj_dir(impl, profile):
    return os.path.join(src_dir(impl), "out-" + profile)


def log_dir(impl):
    d = os.path.join(BUILD, impl, "logs")
    os.makedirs(d, exist_ok=True)
    return d


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def patched_files(patches):
    """Apply patches to pristine copies in a scratch dir; return {path: bytes}."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for patch in patches:
            if not os.path.exists(patch):
                continue
            targets = re.findall(r"^\+\+\+ b/(\S+)", open(patch).read(), re.M)
            for t in targets:
                if t not in out:
                    os.makedirs(os.path.dirname(os.path.join(tmp, t)), exist_ok=True)
                    base = read(os.path.join(PRISTINE, t))
                    if base is not None:
                        with open(os.path.join(tmp, t), "wb") as f:
                            f.write(base)
            p = subprocess.run(["patch", "-p1", "-s", "-N", "--no-backup-if-mismatch",
                                "-d", tmp, "-i", patch], capture_output=True, text=True)
            if p.returncode:
                die(f"{os.path.relpath(patch, ROOT)} does not apply to stock 6.12:\n"
                    + p.stdout + p.stderr)
            for t in targets:
                out[t] = read(os.path.join(tmp, t))
    return out


def repo_files(dirs):
    """Files of the repository under the mirror directories (path -> bytes)."""
    out = {}
    for d in dirs:
        top = os.path.join(ROOT, d)
        for base, subdirs, files in os.walk(top):
            subdirs[:] = [s for s in subdirs if s != "__pycache__"]
            for name in files:
                if name.endswith((".orig", ".rej", "~", ".pyc")) or name.startswith(".#"):
                    continue
                path = os.path.join(base, name)
                out[os.path.relpath(path, ROOT)] = read(path)
    return out


def desired_overlay(impl):
    """What the tree of one impl must hold where it differs from stock."""
    want = dict(patched_files(TEST_PATCHES + (SERIES_PATCHES if impl == "series" else [])))
    want.update(repo_files(MIRROR_DIRS if impl == "series" else TEST_DIRS))
    notes = []
    if impl == "series":
        for f in CORE_FILES:
            if f not in want:
                notes.append(f)
        for d in OWNED_DIRS:
            if not os.path.isdir(os.path.join(ROOT, d)):
                notes.append(d + "/")
                continue
            for base, _, files in os.walk(os.path.join(PRISTINE, d)):
                for name in files:
                    rel = os.path.relpath(os.path.join(base, name), PRISTINE)
                    want.setdefault(rel, None)  # stock file the series dropped
    return want, notes


def write_atomic(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".wq-tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def tree(impl):
    """Create or refresh the tree of one impl, touching only files that change."""
    pristine()
    src = src_dir(impl)
    if not os.path.exists(os.path.join(src, ".wq-tree")):
        say(f"{impl}: copying the stock tree to build/{impl}/src")
        shutil.rmtree(src, ignore_errors=True)
        os.makedirs(os.path.dirname(src), exist_ok=True)
        run(["cp", "-a", PRISTINE, src], quiet=True)
        os.remove(os.path.join(src, ".wq-pristine"))
        with open(os.path.join(src, ".wq-tree"), "w") as f:
            f.write("[]\n")
    manifest_path = os.path.join(src, ".wq-tree")
    old = set(json.load(open(manifest_path)))
    want, notes = desired_overlay(impl)
    changed = []
    for rel in sorted(set(want) | old):
        dst = os.path.join(src, rel)
        data = want[rel] if rel in want else read(os.path.join(PRISTINE, rel))
        cur = read(dst)
        if data == cur:
            continue
        if data is None:
            os.remove(dst)
        else:
            write_atomic(dst, data)
        changed.append(rel)
    with open(manifest_path, "w") as f:
        json.dump(sorted(want), f, indent=0)
    for n in notes:
        say(f"{impl}: the series has no {n} yet: using stock's")
    if changed:
        say(f"{impl}: {len(changed)} file(s) laid over: {', '.join(changed[:6])}"
            + (" ..." if len(changed) > 6 else ""))
    return src


# ---------------------------------------------------------------- config and build

def make_env():
    env = dict(os.environ)
    env.setdefault("CCACHE_DIR", os.path.expanduser("~/.cache/ccache"))
    env["CCACHE_NOHASHDIR"] = "1"
    env["CCACHE_SLOPPINESS"] = "time_macros,include_file_mtime,include_file_ctime"
    env["KBUILD_BUILD_TIMESTAMP"] = "Thu Jan  1 00:00:00 UTC 2026"
    env["KBUILD_BUILD_USER"] = "cmwq"
    env["KBUILD_BUILD_HOST"] = "workbench"
    return env


def make_cmd(impl, profile, *targets, arch="x86_64"):
    """make in the output dir of @profile (out-PROFILE), arm64 cross-compiled."""
    cc = (["CROSS_COMPILE=aarch64-linux-gnu-", "CC=ccache aarch64-linux-gnu-gcc"]
          if arch == "arm64" else ["CC=ccache gcc"])
    return ["make", "-C", src_dir(impl), "O=out-" + profile, "ARCH=" + arch, *cc,
            "HOSTCC=ccache gcc", f"-j{os.cpu_count() or 2}", *targets]


def fragment_symbols(lines):
    """{CONFIG_X: value, or None for "is not set"} of config fragment lines."""
    want = {}
    for line in lines:
        line = line.strip()
        m = re.fullmatch(r"(CONFIG_\w+)=(.*)", line)
        if m:
            want[m.group(1)] = m.group(2)
        m = re.fullmatch(r"# (CONFIG_\w+) is not set", line)
        if m:
            want[m.group(1)] = None
    return want


def wanted_symbols(files):
    """The symbols config fragment files ask for (see fragment_symbols())."""
    return fragment_symbols(line for path in files for line in open(path))


def unmet_symbols(want, dot_config):
    """What of @want (fragment_symbols()) the .config at @dot_config lacks, in words."""
    have = fragment_symbols(open(dot_config))
    return [f"{sym} (asked {val or 'n'}, got {have.get(sym) or 'n'})"
            for sym, val in want.items() if have.get(sym) != val]


def config(impl, profile):
    """allnoconfig + harness fragments + Kconfig.fragment, then check every symbol."""
    src = tree(impl)
    obj = obj_dir(impl, profile)
    os.makedirs(obj, exist_ok=True)
    frags = [os.path.join(HERE, "config", f) for f in PROFILES[profile]]
    frags.append(os.path.join(ROOT, "Kconfig.fragment"))
    merged = b"".join(read(f) + b"\n" for f in frags)
    kconfig_inputs = read(os.path.join(src, "lib/Kconfig.debug")) or b""
    stamp_val = hashlib.sha256(merged + kconfig_inputs).hexdigest()
    stamp = os.path.join(obj, ".wq-config")
    if read(stamp) != stamp_val.encode() or not os.path.exists(os.path.join(obj, ".config")):
        say(f"{impl}/{profile}: generating .config")
        allconfig = os.path.join(obj, "wq-allconfig")
        with open(allconfig, "wb") as f:
            f.write(merged)
        env = dict(make_env(), KCONFIG_ALLCONFIG=allconfig)
        run(make_cmd(impl, profile, "allnoconfig"), log=os.path.join(obj, "config.log"),
            env=env, quiet=True)
        with open(stamp, "w") as f:
            f.write(stamp_val)
    bad = unmet_symbols(wanted_symbols(frags), os.path.join(obj, ".config"))
    if bad:
        os.remove(stamp)
        die(f"{impl}/{profile}: the final .config lacks what was asked for:\n  "
            + "\n  ".join(bad))
    return obj


def run_progress(cmd, log, env, what, cwd=None, timeout=None):
    """Run a long command with its output appended to @log and a progress line
    a minute; returns its exit status, or "timeout" once @timeout s passed and
    the command was killed with everything it started (make, qemu)."""
    t = time.time()
    with open(log, "a") as f:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=f, stderr=subprocess.STDOUT,
                                start_new_session=True)
    last = t
    while proc.poll() is None:
        time.sleep(2)
        if timeout and time.time() - t > timeout:
            kill_group(proc)
            return "timeout"
        if time.time() - last >= 60:
            last = time.time()
            n = sum(1 for line in open(log, errors="replace") if line.startswith("  CC"))
            say(f"{what}, {int(last - t)} s" + (f", {n} files compiled so far" if n else ""))
    return proc.returncode


def kill_group(proc):
    """Kill @proc, started with start_new_session, and whatever it started."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def build(impl, profile="test"):
    config(impl, profile)
    return build_kernel(impl, profile)


def build_kernel(impl, profile):
    """bzImage, modules and the harness's modules in a configured output dir."""
    obj = obj_dir(impl, profile)
    log = os.path.join(obj, "build.log")
    open(log, "w").close()
    say(f"{impl}/{profile}: building bzImage and modules (log: {os.path.relpath(log, ROOT)})")
    t = time.time()
    if run_progress(make_cmd(impl, profile, "bzImage", "modules"), log, make_env(),
                    f"{impl}/{profile}: still building"):
        errs = [line for line in open(log, errors="replace") if "error" in line.lower()]
        sys.stdout.write("".join(errs[:20]))
        tail(log, 30)
        die(f"{impl}/{profile}: kernel build failed")
    modroot = os.path.join(obj, "modroot")
    shutil.rmtree(modroot, ignore_errors=True)
    run(make_cmd(impl, profile, "INSTALL_MOD_PATH=" + modroot, "modules_install"),
        log=log, env=make_env(), quiet=True)
    build_harness_modules(impl, profile, log)
    say(f"{impl}/{profile}: built in {int(time.time() - t)} s")
    return obj


def build_harness_modules(impl, profile, log):
    """The harness's out-of-tree modules (harness/modules/), e.g. the demo of `make run`."""
    obj = obj_dir(impl, profile)
    dst = os.path.join(obj, "wqmods")
    os.makedirs(dst, exist_ok=True)
    for name in os.listdir(os.path.join(HERE, "modules")):
        data = read(os.path.join(HERE, "modules", name))
        if read(os.path.join(dst, name)) != data:
            write_atomic(os.path.join(dst, name), data)
    run(make_cmd(impl, profile, "M=" + dst, "modules"), log=log, env=make_env(), quiet=True)


def kernel_release(obj):
    return read(os.path.join(obj, "include/config/kernel.release")).decode().strip()


# ---------------------------------------------------------------- guest

def harness_path():
    """Let the harness's own modules (wqtopo, configs, series) be imported."""
    if HERE not in sys.path:
        sys.path.insert(0, HERE)


def wqtopo():
    """harness/wqtopo.py: the guest topologies (default: 4 vCPUs in 2 nodes)."""
    harness_path()
    import wqtopo
    return wqtopo


def guest_tests():
    """The boot tests there are, by name (harness/guest/tests/NAME.sh)."""
    return sorted(n[:-3] for n in os.listdir(os.path.join(HERE, "guest/tests"))
                  if n.endswith(".sh"))


def initramfs(impl, profile, mode, label, topo="default", tests=None, files=None):
    """A busybox initramfs (initramfs-LABEL.cpio.gz) with the guest scripts.

    @mode picks what /init does; /etc/wq-topo tells the tests the machine
    they should find (@topo); /etc/wq-tests, when @tests is given, names the
    only boot tests /init runs; @files maps more paths to their text (e.g.
    make bench's plan, etc/wq-bench).
    """
    obj = obj_dir(impl, profile)
    stage = os.path.join(obj, "initramfs-" + label)
    shutil.rmtree(stage, ignore_errors=True)
    for d in ("bin", "sbin", "etc", "proc", "sys", "dev", "tmp", "run", "root", "tests", "lib"):
        os.makedirs(os.path.join(stage, d))
    shutil.copy2("/bin/busybox", os.path.join(stage, "bin/busybox"))
    guest = os.path.join(HERE, "guest")
    shutil.copy2(os.path.join(guest, "init"), os.path.join(stage, "init"))
    os.chmod(os.path.join(stage, "init"), 0o755)
    shutil.copy2(os.path.join(guest, "demo.sh"), os.path.join(stage, "bin/wq-demo"))
    shutil.copy2(os.path.join(guest, "bench.sh"), os.path.join(stage, "bin/wq-bench"))
    shutil.copy2(os.path.join(guest, "wqlib.sh"), os.path.join(stage, "lib/wqtest.sh"))
    for name in guest_tests():
        shutil.copy2(os.path.join(guest, "tests", name + ".sh"),
                     os.path.join(stage, "tests", name + ".sh"))
    # the series' tools on every guest: on stock they must fail cleanly
    for tool in WQ_TOOLS:
        shutil.copy2(os.path.join(wqtools(), tool), os.path.join(stage, "bin", tool))
    modroot = os.path.join(obj, "modroot", "lib", "modules")
    if os.path.isdir(modroot):
        shutil.copytree(modroot, os.path.join(stage, "lib/modules"), symlinks=True)
        for rel in os.listdir(modroot):  # links into the build tree mean nothing in a guest
            for link in ("build", "source"):
                p = os.path.join(stage, "lib/modules", rel, link)
                if os.path.islink(p):
                    os.remove(p)
    mods = os.path.join(obj, "wqmods")
    for name in sorted(os.listdir(mods)) if os.path.isdir(mods) else []:
        if name.endswith(".ko"):  # the harness's own modules, as /lib/NAME.ko
            shutil.copy2(os.path.join(mods, name), os.path.join(stage, "lib", name))
    with open(os.path.join(stage, "etc/wq-mode"), "w") as f:
        f.write(mode + "\n")
    with open(os.path.join(stage, "etc/wq-topo"), "w") as f:
        f.write(wqtopo().expectations(topo))
    # tests of what the series adds beyond 6.12 skip themselves on stock
    with open(os.path.join(stage, "etc/wq-impl"), "w") as f:
        f.write(impl + "\n")
    if tests is not None:
        with open(os.path.join(stage, "etc/wq-tests"), "w") as f:
            f.write("".join(t + "\n" for t in tests))
    for path, text in (files or {}).items():
        with open(os.path.join(stage, path), "w") as f:
            f.write(text)
    out = os.path.join(obj, f"initramfs-{label}.cpio.gz")
    files = subprocess.run(["find", "."], cwd=stage, capture_output=True, text=True).stdout
    cpio = subprocess.run(["cpio", "-o", "-H", "newc", "--quiet", "-R", "0:0"], cwd=stage,
                          input=files.encode(), capture_output=True, check=True).stdout
    with open(out, "wb") as f:
        f.write(subprocess.run(["gzip", "-1"], input=cpio, capture_output=True,
                               check=True).stdout)
    shutil.rmtree(stage)
    return out


WQ_TOOLS = ("wqstat", "wqdump")


# make bench builds two initramfs at once, from two threads: one make at a
# time in build/wqtools/, or the second links what the first still writes.
_wqtools_lock = threading.Lock()


def wqtools():
    """The repository's tools/workqueue, built static once per change into
    build/wqtools/ (userspace: the same binaries go into every guest)."""
    out = os.path.join(BUILD, "wqtools")
    with _wqtools_lock:
        os.makedirs(out, exist_ok=True)
        log = os.path.join(out, "build.log")
        open(log, "w").close()
        if run(["make", "-s", "-C", os.path.join(ROOT, "tools/workqueue"),
                "OUTPUT=" + out + "/"], log=log, check=False, quiet=True):
            tail(log, 20)
            die("tools/workqueue: build failed")
    return out


# make bench's deterministic clock: one host thread, one instruction one
# nanosecond of guest time, and the guest's idle time skipped.
ICOUNT_ARGS = ["-icount", "shift=0,sleep=off"]


def boot(impl, profile, mode, name, timeout, append="", topo="default", tests=None,
         files=None, icount=False, qemu_args=""):
    """Boot the kernel with an initramfs; returns the console log path and
    whether it ended.  @files go into the initramfs (see initramfs()); with
    @icount the guest runs on ICOUNT_ARGS' clock; @qemu_args go to QEMU
    after $WQ_QEMU_ARGS."""
    obj = obj_dir(impl, profile)
    rd = initramfs(impl, profile, mode, name, topo, tests, files)
    log = os.path.join(log_dir(impl), f"{name}.log")
    hog = hog_thresh_param(topo)
    cmdline = ("console=ttyS0 panic=-1 oops=panic softlockup_panic=0 "
               f"workqueue.watchdog_thresh=30 {hog} {append}")
    if "lpj=" in append or "cpu_intensive_thresh_us" in append:
        cmdline = cmdline.replace(hog, "")
    cmdline = " ".join(cmdline.split())
    cmd = ["qemu-system-x86_64", "-nodefaults", "-no-reboot", "-display", "none",
           "-bios", "qboot.rom", "-m", str(wqtopo().memory_mb(topo)),
           *wqtopo().qemu_args(topo, accel="tcg,thread=single" if icount else None),
           *(ICOUNT_ARGS if icount else []),
           "-kernel", os.path.join(obj, "arch/x86/boot/bzImage"), "-initrd", rd,
           "-append", cmdline, "-serial", "file:" + log, "-monitor", "none",
           # e.g. "-icount shift=0" with WQ_QEMU_ACCEL=tcg,thread=single, for
           # figures in instructions rather than in noisy TCG wall time
           *shlex.split(os.environ.get("WQ_QEMU_ARGS", "")), *shlex.split(qemu_args)]
    where = "" if topo == "default" else f"on {topo}, "
    say(f"{impl}: booting '{name}' ({mode}, {where}timeout {timeout} s, log "
        f"{os.path.relpath(log, ROOT)})")
    t = time.time()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        out, _ = proc.communicate(timeout=timeout)
        ended = True
        if proc.returncode:
            print(out.decode(errors="replace"))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        ended = False
        say(f"{impl}: '{name}' did not finish in {timeout} s: guest killed")
        tail(log, 40)
    say(f"{impl}: '{name}' ran {time.time() - t:.1f} s")
    return log, ended


# The title of a KCSAN report: the functions of the two accesses, or one
# with its offset when only a changed value was seen ("in fn+0x37/0xbe0").
KCSAN_RE = re.compile(r"BUG: KCSAN: [^\n]*? in (\S+)(?: / (\S+))?\s*$")


def wq_functions(impl, profile):
    """The functions defined in @impl's kernel/workqueue.c, from the object
    file of @profile's build (empty when it is not there)."""
    obj = os.path.join(obj_dir(impl, profile), "kernel", "workqueue.o")
    if not os.path.exists(obj):
        return set()
    out = subprocess.run(["nm", "--defined-only", obj], capture_output=True, text=True).stdout
    return {f[2].split(".")[0] for f in (line.split() for line in out.splitlines())
            if len(f) == 3 and f[1] in "tTwW"}


def scan_log(path, ours=None, elsewhere=None):
    """Splat lines of a console log (empty when clean).  With @ours (a set of
    function names), a KCSAN report between functions that are none of them
    is not a splat of ours: its title goes to the list @elsewhere instead."""
    bad = []
    for line in open(path, errors="replace"):
        if not SPLAT_RE.search(line) or BENIGN_RE.search(line):
            continue
        m = KCSAN_RE.search(line)
        if m and ours is not None and not {re.split(r"[.+]", f)[0] for f in m.groups() if f} & ours:
            if elsewhere is not None:
                elsewhere.append(line.rstrip())
            continue
        bad.append(line.rstrip())
    return bad


# ---------------------------------------------------------------- test runs

class Tally:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.failures = []

    def add(self, name, ok, skipped=False, why=""):
        if skipped:
            self.skipped += 1
        elif ok:
            self.passed += 1
        else:
            self.failed += 1
            self.failures.append(name + (f": {why}" if why else ""))

    def merge(self, other):
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped
        self.failures += other.failures

    def line(self):
        s = f"{self.passed} passed, {self.failed} failed"
        return s + (f", {self.skipped} skipped" if self.skipped else "")


def kunit(impl, profile, tally, glob="wq*", args=(), label=None):
    """kunit.py exec of the suites @glob on the profile's kernel, with the
    extra kernel arguments @args; @label names its logs and results."""
    label = label or profile
    obj = obj_dir(impl, profile)
    src = src_dir(impl)
    res = os.path.join(obj, "kunit.json")
    if os.path.exists(res):
        os.remove(res)
    timeout = int(os.environ.get("WQ_KUNIT_TIMEOUT", "300"))
    cmd = [sys.executable, os.path.join(src, "tools/testing/kunit/kunit.py"), "exec", glob,
           "--build_dir", obj, "--kunitconfig", os.path.join(src, "lib/.kunitconfig"),
           "--arch", "x86_64", "--qemu_config", os.path.join(HERE, "kunit_qemu_x86_64.py"),
           "--timeout", str(timeout), "--json=" + res,
           "--kernel_args", "workqueue.watchdog_thresh=30"]
    for a in args:
        cmd += ["--kernel_args", a]
    log = os.path.join(log_dir(impl), f"kunit-{label}.out")
    what = "kunit" if label == profile else f"kunit[{label}]"
    extra = f", with {' '.join(args)}" if args else ""
    say(f"{impl}: KUnit suites {glob} via kunit.py exec (timeout {timeout} s{extra})")
    t = time.time()
    open(log, "w").close()
    stale = os.path.join(obj, "test.log")  # kunit.py's console log
    if os.path.exists(stale):
        os.remove(stale)
    rc = run_progress(cmd, log, None, f"{impl}: kunit.py exec still going",
                      timeout=timeout + 120)
    say(f"{impl}: kunit.py exited {rc} after {time.time() - t:.1f} s")
    console = os.path.join(log_dir(impl), f"kunit-{label}-console.log")
    if os.path.exists(os.path.join(obj, "test.log")):
        shutil.copy2(os.path.join(obj, "test.log"), console)
    cases = 0
    if os.path.exists(res):
        try:
            data = json.load(open(res))
        except ValueError:
            data = {}

        def walk(suite, prefix):
            nonlocal cases
            name = prefix + suite.get("name", "?")
            for case in suite.get("test_cases", []):
                cases += 1
                st = case.get("status")
                tally.add(f"{impl}: {what} {name}.{case.get('name')}", st == "PASS",
                          skipped=(st == "SKIP"), why=st)
            for sub in suite.get("sub_groups", []):
                walk(sub, name + ".")
        for sub in data.get("sub_groups", []):
            walk(sub, "")
    if not cases:
        tally.add(f"{impl}: {what}", False, why="no KUnit results (see "
                  f"{os.path.relpath(log, ROOT)})")
        tail(log, 30)
    elif rc:
        tally.add(f"{impl}: {what} kunit.py", False, why=f"exit {rc}")
    splat_check(impl, console, tally)


# The README's KUnit command, run as written from the impl's tree: kunit.py
# makes its own config from lib/.kunitconfig in .kunit/, builds and boots it.
# Only PATH differs, so that plain "gcc" goes through ccache.
KUNIT_RUN = ["tools/testing/kunit/kunit.py", "run", "--arch=x86_64", "--kunitconfig=lib",
             "--qemu_config=" + os.path.join(HERE, "kunit_qemu_x86_64.py"), "wq*"]
CCACHE_LIBEXEC = "/usr/lib/ccache"
# kunit.py killed a guest that printed nothing for its whole timeout.
KUNIT_GUEST_HUNG = re.compile(r"Command '\[.qemu-system-x86_64.*timed out after \d+ seconds")


def kunit_run(impl, tally):
    """kunit.py run exactly as the README gives it; one result, plus its splat scan."""
    src = src_dir(impl)
    log = os.path.join(log_dir(impl), "kunit-run.out")
    timeout = int(os.environ.get("WQ_KUNIT_RUN_TIMEOUT", "1200"))
    env = dict(make_env(), PATH=CCACHE_LIBEXEC + ":" + os.environ.get("PATH", ""))
    say(f"{impl}: the README's kunit.py run (its own config and build in "
        f"build/{impl}/src/.kunit; log {os.path.relpath(log, ROOT)})")
    t = time.time()
    stale = os.path.join(src, ".kunit", "test.log")
    for attempt in (1, 2):
        open(log, "w").close()
        if os.path.exists(stale):
            os.remove(stale)
        rc = run_progress([sys.executable] + KUNIT_RUN, log, env,
                          f"{impl}: kunit.py run still going", cwd=src, timeout=timeout)
        out = open(log, errors="replace").read()
        if attempt == 2 or not KUNIT_GUEST_HUNG.search(out):
            break
        kept = os.path.join(log_dir(impl), "kunit-run-hung.out")
        shutil.copy2(log, kept)
        if os.path.exists(stale):
            shutil.copy2(stale, os.path.join(log_dir(impl), "kunit-run-hung-console.log"))
        say(f"{impl}: WARNING: the kunit.py run's guest stopped answering (kept in "
            f"{os.path.relpath(kept, ROOT)}); running it once more, see README")
    m = re.findall(r"Testing complete\. Ran (\d+) tests?: (.*)", out)
    summary = m[-1][1].strip() if m else "no summary"
    say(f"{impl}: kunit.py run exited {rc} after {time.time() - t:.0f} s: "
        + (f"{m[-1][0]} tests, {summary}" if m else "no results"))
    ok = rc == 0 and bool(m) and not re.search(r"fail|crash|error", summary)
    if not ok:
        tail(log, 30)
    tally.add(f"{impl}: kunit.py run as in the README", ok, why=f"exit {rc}, {summary}")
    console = os.path.join(log_dir(impl), "kunit-run-console.log")
    if os.path.exists(os.path.join(src, ".kunit", "test.log")):
        shutil.copy2(os.path.join(src, ".kunit", "test.log"), console)
    splat_check(impl, console, tally)


def splat_check(impl, log, tally, profile=None):
    """A tally line for the splats of @log.  On the race profile, a KCSAN
    report counts only when one of its functions is in workqueue.c; the
    others are listed, as races of the rest of the kernel."""
    name = f"{impl}: no splat in {os.path.basename(log)}"
    if not os.path.exists(log):
        tally.add(name, False, why="log missing")
        return
    ours, elsewhere = None, []
    if profile == "race":
        ours = wq_functions(impl, profile)
        if not ours:
            tally.add(name, False, why="no kernel/workqueue.o to tell KCSAN reports apart")
            return
    bad = scan_log(log, ours, elsewhere)
    if elsewhere:
        print(f"KCSAN reports outside workqueue.c in {os.path.relpath(log, ROOT)} "
              f"(not counted): {len(elsewhere)}")
        print("\n".join("  " + b for b in sorted(set(elsewhere))[:15]))
    if bad:
        print(f"splats in {os.path.relpath(log, ROOT)}:")
        print("\n".join("  " + b for b in bad[:15]))
    # The first line goes into the failure list, which CI shows at the end.
    tally.add(name, not bad, why=f"{len(bad)} splat line(s), the first: {bad[0][:200]}"
              if bad else "")


def boot_tests(impl, profile, tally, topo="default", tests=None, name=None, timeout=None,
               append=""):
    """Boot into the boot tests (@tests, default all) on a topology and tally them."""
    if timeout is None:
        timeout = int(os.environ.get("WQ_BOOT_TIMEOUT", "600"))
    name = name or f"boottests-{profile}"
    what = "boot" if topo == "default" else f"boot/{topo}"
    log, ended = boot(impl, profile, "check", name, timeout, append=append, topo=topo,
                      tests=tests)
    seen = set()
    for line in open(log, errors="replace"):
        m = re.match(r".*WQTEST (ok|not ok|skip) (\S+)(.*)", line)
        if m:
            seen.add(m.group(2))
            tally.add(f"{impl}: {what} {m.group(2)}", m.group(1) == "ok",
                      skipped=m.group(1) == "skip", why=m.group(3).strip())
    for n in sorted(set(tests or guest_tests()) - seen):
        tally.add(f"{impl}: {what} {n}", False, why="no result (guest died or timed out)")
    json_checks(impl, what, log, tally)
    done = any("WQTEST done" in line for line in open(log, errors="replace"))
    if not ended or not done:
        tally.add(f"{impl}: {what} tests finished", False, why="guest did not finish")
    splat_check(impl, log, tally, profile)


# "WQJSON LABEL[:KEY=N...] {...}": a tool's --json output, on one line, that a
# boot test wants checked: it must parse, and each KEY must be a list of N
# entries (what the test counted in debugfs at the same moment).
WQJSON_RE = re.compile(r"WQJSON (\S+) (.*)$")


def json_checks(impl, what, log, tally):
    """Check the WQJSON lines of a boot log (the guest has no JSON parser)."""
    for line in open(log, errors="replace"):
        m = WQJSON_RE.search(line.rstrip("\r\n"))
        if not m:
            continue
        label, *counts = m.group(1).split(":")
        try:
            data = json.loads(m.group(2))
        except ValueError as e:
            tally.add(f"{impl}: {what} {label} --json", False, why=f"not JSON: {e}")
            continue
        bad = []
        for c in counts:
            key, _, n = c.partition("=")
            got = len(data.get(key, [])) if isinstance(data, dict) else -1
            if str(got) != n:
                bad.append(f"{key}: {got} in the JSON, {n} in debugfs")
        tally.add(f"{impl}: {what} {label} --json", not bad, why="; ".join(bad))


def overlap(tally):
    tool = os.path.join(ROOT, "..", "shared", "tools", "upstream-overlap")
    if not os.path.exists(tool):
        say("upstream-overlap: ../shared/tools/upstream-overlap not found, skipped")
        tally.add("upstream-overlap", True, skipped=True)
        return
    say("upstream-overlap against the stock workqueue sources")
    p = subprocess.run([tool, "--repo", ROOT, "--tree", PRISTINE], capture_output=True,
                       text=True)
    sys.stdout.write(p.stdout[-3000:] + p.stderr[-2000:])
    tally.add("upstream-overlap", p.returncode == 0, why=f"exit {p.returncode}")


def finish(total, what, t0):
    """List the failures, end with the "N passed, N failed" line; the exit status."""
    if total.failures:
        print("failures:")
        print("\n".join("  " + f for f in total.failures))
    say(f"{what} done in {int(time.time() - t0)} s")
    print(total.line(), flush=True)
    return 1 if total.failed else 0


def impls_from_env(default=None):
    """The IMPLs named by $IMPL; unset or empty means @default, else all of them."""
    impl = os.environ.get("IMPL", "").strip()
    if not impl:
        return [default] if default else list(IMPLS)
    if impl not in IMPLS:
        die(f"IMPL={impl}: expected one of {', '.join(IMPLS)}")
    return [impl]


# A second, short boot of make check with the workqueue boot parameters set
# (05-boot-params checks them; the main boot runs it without and it skips;
# 80-debugfs runs in both, with the series' counters on and then off).
# lpj= makes the CPU look slow (250 BogoMIPS), so that 05-boot-params sees
# the CPU-hog threshold derived from it: 160 ms, above the 100 ms the other
# boots set: at 1000 BogoMIPS (40 ms), a CI run of stock drew a one-line
# splat in this boot, which under TCG is most likely such a report.
PARAMS_BOOT = ("workqueue.unbound_cpus=0-2 workqueue.power_efficient=1 "
               "workqueue.default_affinity_scope=numa workqueue.stats=0 lpj=500000")
PARAMS_TESTS = ["05-boot-params", "80-debugfs"]

# A third short boot, with the last CPU of the default guest isolated from
# the tick, timers, unbound work (nohz_full=) and the scheduler domains
# (isolcpus=), for 06-isolation and the wq_isolation KUnit suite; the deep
# profile adds 07-isolation-cull, which waits out the idle-worker timeout.
ISOLATION_BOOT = ["nohz_full=3", "isolcpus=3"]
ISOLATION_TESTS = ["06-isolation"]
ISOLATION_SLOW_TESTS = ["07-isolation-cull"]


# The boot tests of the prod profile: the paths that change with lockdep,
# debugobjects and the CPU-hog report off.
PROD_TESTS = ["00-topology", "10-hotplug-smoke", "20-sysfs", "25-sysfs-strict",
              "30-hotplug-load", "40-freezer"]
# Where make check runs the prod profile and the README's kunit.py command.
# A cold make check builds five kernels on 2 cores; a sixth, stock's prod,
# would take it close to the hour CI allows, so make check-prod runs both.
CHECK_PROD_IMPLS = ("series",)
CHECK_KUNIT_RUN_IMPLS = ("stock", "series")


def fail_fast(impl, tally, what):
    """With WQ_FAIL_FAST, stop an impl's checks at its first failure."""
    if tally.failed and os.environ.get("WQ_FAIL_FAST"):
        say(f"{impl}: a check failed and WQ_FAIL_FAST is set: {what} skipped")
        return True
    return False


def profile_checks(impl, profile, tally):
    """Build one profile, run the KUnit suites and the profile's boot tests."""
    try:
        build(impl, profile)
    except SystemExit:
        tally.add(f"{impl}: {profile} build", False, why="build failed")
        return
    kunit(impl, profile, tally)
    if fail_fast(impl, tally, f"the {profile} boot tests"):
        return
    if profile == "prod":
        boot_tests(impl, profile, tally, tests=PROD_TESTS)
        return
    # KASAN slows every test down: under it the whole boot gets more time
    # and the fuzzer a third of its writes (thousands are the test
    # profile's job; this one looks for memory errors).  Stock's deep boot
    # took 596 s of 600 with the full fuzz.
    slow = profile == "deep"
    boot_tests(impl, profile, tally, timeout=1200 if slow else None,
               append="WQFUZZ_WRITES=1000" if slow else "")
    boot_tests(impl, profile, tally, tests=PARAMS_TESTS, name=f"bootparams-{profile}",
               append=PARAMS_BOOT)
    isolation_checks(impl, profile, tally)


def isolation_checks(impl, profile, tally):
    """The isolation boot: its boot tests, then the wq_isolation KUnit suite."""
    slow = profile == "deep"
    tests = ISOLATION_TESTS + (ISOLATION_SLOW_TESTS if slow else [])
    boot_tests(impl, profile, tally, tests=tests, name=f"isolation-{profile}",
               append=" ".join(ISOLATION_BOOT), timeout=1500 if slow else None)
    kunit(impl, profile, tally, glob="wq_isolation", args=ISOLATION_BOOT,
          label=f"isolation-{profile}")


def check_extras(impl, tally):
    """What make check adds to the test profile: configs, prod, kunit.py run."""
    if impl == "series" and not fail_fast(impl, tally, "configs"):
        say(f"===== {impl}: the common configs of make configs =====")
        configs().run(sys.modules[__name__], impl, configs().CHECK_CONFIGS, tally)
        configs().static_checks(sys.modules[__name__], impl, tally)
    if impl in CHECK_PROD_IMPLS and not fail_fast(impl, tally, "prod"):
        say(f"===== {impl}: prod =====")
        profile_checks(impl, "prod", tally)
    if impl in CHECK_KUNIT_RUN_IMPLS and not fail_fast(impl, tally, "kunit.py run"):
        kunit_run(impl, tally)


def cmd_check(args):
    """The test profile (or --profile's) of each impl; with "test" also the
    series' config matrix subset, the prod profile and kunit.py run."""
    profile = args.profile
    total = Tally()
    t0 = time.time()
    impls = impls_from_env()
    series = profile == "test" and "series" in impls
    deps(configs().needs(configs().CHECK_CONFIGS, static=True) if series else ())
    for impl in impls:
        part = Tally()
        ti = time.time()
        say(f"===== {impl}: {profile} =====")
        profile_checks(impl, profile, part)
        # WQ_NO_EXTRAS: only the profile's build, KUnit and boot tests
        if profile == "test" and not os.environ.get("WQ_NO_EXTRAS"):
            check_extras(impl, part)
        say(f"{impl}: {part.line()} ({int(time.time() - ti)} s)")
        total.merge(part)
    if profile == "test" and not os.environ.get("WQ_NO_OVERLAP"):
        overlap(total)
    return finish(total, "check", t0)


def configs():
    """harness/configs.py: the config matrix of make configs."""
    harness_path()
    import configs as mod
    return mod


def cmd_configs(args):
    """Compile the series' objects in every config of the matrix (or --only's)."""
    mod = configs()
    names = args.only or list(mod.MATRIX)
    unknown = [n for n in names if n not in mod.MATRIX]
    if unknown:
        die(f"unknown config(s) {', '.join(unknown)}: expected some of "
            + ", ".join(mod.MATRIX))
    total = Tally()
    t0 = time.time()
    impls = impls_from_env()
    static = "series" in impls and "defconfig" in names  # they run in its directory
    deps(mod.needs(names, static))
    for impl in impls:
        tree(impl)
        mod.run(sys.modules[__name__], impl, names, total)
        if impl == "series" and static:
            mod.static_checks(sys.modules[__name__], impl, total)
    return finish(total, "configs", t0)


# make configs-boot: the matrix's x86_64 defconfig built whole and booted on
# the default guest, a few boots of each impl in turn ("stats" mode: when
# /init ran and the kworkers then and 5 s later), then a few boot tests.
# Its figures are for notes, not pass/fail; outside make check.
BOOT_CONFIG = "defconfig"
BOOT_TESTS = ["00-topology", "10-hotplug-smoke", "20-sysfs"]


def boot_stats(log):
    """{"init_uptime": s, "kworkers": n, "settled": n} from a stats boot's log."""
    out = {}
    for line in open(log, errors="replace"):
        m = re.search(r"WQSTAT init_uptime=([\d.]+) kworkers=(\d+)", line)
        if m:
            out["init_uptime"], out["kworkers"] = float(m.group(1)), int(m.group(2))
        m = re.search(r"WQSTAT settled kworkers=(\d+)", line)
        if m:
            out["settled"] = int(m.group(1))
    return out


def cmd_configs_boot(args):
    """Build the matrix's defconfig whole, boot it; /init time and kworkers."""
    mod = configs()
    wqh = sys.modules[__name__]
    deps()
    impls = impls_from_env()
    profile = "cfg-" + BOOT_CONFIG
    t0 = time.time()
    for impl in impls:
        tree(impl)
        log = os.path.join(obj_dir(impl, profile), "wq-configs.log")
        os.makedirs(os.path.dirname(log), exist_ok=True)
        open(log, "w").close()
        try:
            mod.prepare(wqh, impl, BOOT_CONFIG, log)
        except mod.Failed as e:
            die(f"{impl}: config {BOOT_CONFIG}: {e}")
        build_kernel(impl, profile)
    stats = {impl: [] for impl in impls}
    for i in range(args.boots):
        for impl in impls:
            log, _ = boot(impl, profile, "stats", f"configs-boot-{i + 1}", 300)
            got = boot_stats(log)
            if len(got) < 3:
                tail(log, 30)
                die(f"{impl}: boot {i + 1} of the {BOOT_CONFIG} kernel printed no WQSTAT lines")
            stats[impl].append(got)
    total = Tally()
    for impl in impls:
        boot_tests(impl, profile, total, tests=BOOT_TESTS, name="configs-boot-tests",
                   timeout=600)
    print(f"\nx86_64 {BOOT_CONFIG} (+ the matrix's users), {args.boots} boots each, "
          "default guest (TCG); median (min..max):")
    print(f"  {'impl':8} {'/init at (s)':22} {'kworkers at /init':20} {'5 s later':12}")
    for impl in impls:
        cols = []
        for key, fmt in (("init_uptime", "{:.2f}"), ("kworkers", "{}"), ("settled", "{}")):
            v = sorted(b[key] for b in stats[impl])
            cols.append(f"{fmt.format(v[len(v) // 2])} ({fmt.format(v[0])}..{fmt.format(v[-1])})")
        print(f"  {impl:8} {cols[0]:22} {cols[1]:20} {cols[2]:12}")
    return finish(total, "configs-boot", t0)


# The boot tests `make scale` runs on each of its topologies, and the default
# timeout of each boot (WQ_SCALE_TIMEOUT overrides both).
SCALE_TESTS = ["00-topology", "10-hotplug-smoke", "20-sysfs", "25-sysfs-strict",
               "30-hotplug-load", "60-affinity", "70-attrs-under-load"]
SCALE_TOPOLOGIES = [("scale32", 2400), ("one", 600)]


def cmd_scale(args):
    """The topology-generic boot tests on a 32-CPU, 4-node guest and a 1-CPU one."""
    total = Tally()
    t0 = time.time()
    deps()
    impl = impls_from_env(default="series")[0]
    if args.no_build:
        log = os.path.join(obj_dir(impl, "test"), "build.log")
        if not os.path.exists(os.path.join(obj_dir(impl, "test"), "arch/x86/boot/bzImage")):
            die(f"{impl}: no kernel built yet; run without --no-build")
        build_harness_modules(impl, "test", log)
    else:
        build(impl, "test")
    for topo, dfl in SCALE_TOPOLOGIES:
        part = Tally()
        ti = time.time()
        say(f"===== {impl}: boot tests on {topo} =====")
        boot_tests(impl, "test", part, topo=topo, tests=SCALE_TESTS, name=f"scale-{topo}",
                   timeout=int(os.environ.get("WQ_SCALE_TIMEOUT", dfl)))
        say(f"{impl}/{topo}: {part.line()} ({int(time.time() - ti)} s)")
        total.merge(part)
    return finish(total, "scale", t0)


TORTURE_TEST = "55-wqtorture"


def cmd_torture(args):
    """wqtorture alone for --duration seconds on each guest of --topo, for
    IMPL (default both), on --profile's kernel."""
    total = Tally()
    t0 = time.time()
    deps()
    secs = args.duration
    for impl in impls_from_env():
        try:
            build(impl, args.profile)
        except SystemExit:
            total.add(f"{impl}: {args.profile} build", False, why="build failed")
            continue
        for topo in args.topo:
            part = Tally()
            ti = time.time()
            name = f"torture-{args.profile}-{topo}"
            say(f"===== {impl}/{args.profile}: wqtorture for {secs} s on {topo} =====")
            boot_tests(impl, args.profile, part, topo=topo, tests=[TORTURE_TEST], name=name,
                       timeout=secs + 900,
                       append=f"WQTORTURE_SECS={secs} WQTEST_TIMEOUT_FORCE={secs + 600}")
            log = os.path.join(log_dir(impl), name + ".log")
            shown = set()  # the console and the test's own dmesg give each line twice
            for line in open(log, errors="replace"):
                line = line.strip()
                if re.search(r"wqtorture: (final|End of test|violation)|^from here", line) \
                        and line not in shown:
                    shown.add(line)
                    print("    " + line)
            say(f"{impl}/{topo}: {part.line()} ({int(time.time() - ti)} s)")
            total.merge(part)
    return finish(total, "torture", t0)


def cmd_run(args):
    deps()
    impl = impls_from_env(default="series")[0]
    build(impl, "test")
    log, ended = boot(impl, "test", "run", "run", int(os.environ.get("WQ_RUN_TIMEOUT", "600")))
    text = open(log, errors="replace").read()
    m = re.search(r"=+ wq summary begin =+\n(.*?)=+ wq summary end =+", text, re.S)
    if not m:
        tail(log, 60)
        die("the guest printed no summary")
    print()
    print(m.group(1).replace("\r", ""), end="")
    bad = scan_log(log)
    if bad:
        print("splats in the console log:\n" + "\n".join("  " + b for b in bad[:15]))
    print(f"(full console log: {os.path.relpath(log, ROOT)})")
    return 0 if ended and not bad else 1


def cmd_bench(args):
    """make bench: see harness/bench.py."""
    harness_path()
    import bench
    val = os.environ.get("BENCH_PAIRS", "5")
    if not val.isdigit() or int(val) < 1:
        die(f"BENCH_PAIRS={val}: expected a number of pairs, at least 1")
    pairs = int(val)
    return bench.run(sys.modules[__name__], pairs, args.topo)


def cmd_build(args):
    deps()
    for impl in impls_from_env():
        build(impl, args.profile)
    return 0


def cmd_tree(args):
    for impl in impls_from_env():
        tree(impl)
    return 0


def cmd_boot(args):
    """Boot one impl into a shell-less run of the chosen mode (for debugging)."""
    impl = impls_from_env()[0]
    log, ended = boot(impl, args.profile, args.mode, f"manual-{args.mode}", args.timeout,
                      append=args.append, tests=args.tests)
    tail(log, 80)
    return 0 if ended else 1


def cmd_series(args):
    harness_path()
    import series
    pristine()
    tree("series")
    return series.main(args, sys.modules[__name__])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("deps", help="install what is missing (root) or say what to install")
    p.set_defaults(fn=lambda a: deps() or 0)
    p = sub.add_parser("tree", help="lay the overlay for IMPL (default both)")
    p.set_defaults(fn=cmd_tree)
    p = sub.add_parser("build", help="configure and build IMPL's kernel")
    p.add_argument("--profile", default="test", choices=sorted(PROFILES))
    p.set_defaults(fn=cmd_build)
    p = sub.add_parser("check", help="build, KUnit, boot tests, splat scan, overlap")
    p.add_argument("--profile", default="test", choices=sorted(PROFILES))
    p.set_defaults(fn=cmd_check)
    p = sub.add_parser("configs", help="compile the series' objects in every config of the "
                       "matrix, for IMPL (default both)")
    p.add_argument("--only", nargs="+", metavar="NAME", help="only these configs")
    p.set_defaults(fn=cmd_configs)
    p = sub.add_parser("configs-boot", help="build the x86_64 defconfig whole, boot it, "
                       "report /init time and kworkers beside stock's")
    p.add_argument("--boots", type=lambda v: max(1, int(v)), default=3,
                   help="boots of each impl (default 3, at least 1)")
    p.set_defaults(fn=cmd_configs_boot)
    p = sub.add_parser("scale", help="boot tests of IMPL (default series) on 32 CPUs and on 1")
    p.add_argument("--no-build", action="store_true",
                   help="boot the kernel already built (the harness modules are rebuilt)")
    p.set_defaults(fn=cmd_scale)
    p = sub.add_parser("torture", help="wqtorture alone, for a while, on the default guest "
                       "and on scale32 (IMPL default both)")
    p.add_argument("--profile", default="test", choices=sorted(PROFILES))
    p.add_argument("--duration", type=int, default=600, help="seconds (default 600)")
    p.add_argument("--topo", nargs="+", default=["default", "scale32"],
                   help="guests (default: default scale32)")
    p.set_defaults(fn=cmd_torture)
    p = sub.add_parser("bench", help="the benchmark: both impls in the prod profile, booted "
                       "in turn BENCH_PAIRS times (default 5), one table")
    p.add_argument("--topo", nargs="+", default=["default", "scale32"],
                   help="guests (default: default scale32)")
    p.set_defaults(fn=cmd_bench)
    p = sub.add_parser("run", help="boot the series and show the workqueues at work")
    p.set_defaults(fn=cmd_run)
    p = sub.add_parser("boot", help="boot a built kernel in a mode, print the log tail")
    p.add_argument("--profile", default="test", choices=sorted(PROFILES))
    p.add_argument("--mode", default="check", choices=["check", "run"])
    p.add_argument("--timeout", type=int, default=600)
    p.add_argument("--append", default="")
    p.add_argument("--tests", nargs="+", metavar="TEST",
                   help="boot tests to run in check mode (default all)")
    p.set_defaults(fn=cmd_boot)
    p = sub.add_parser("series", help="format the series as patches and check them")
    p.add_argument("--no-build", action="store_true", help="apply and checkpatch only")
    p.set_defaults(fn=cmd_series)
    args = ap.parse_args()
    sys.exit(args.fn(args))


if __name__ == "__main__":
    main()
