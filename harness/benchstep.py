# SPDX-License-Identifier: GPL-2.0
"""make bench with BENCH_STEP="ROW FUNCTION": one item's instructions, counted.

Boots each implementation's prod kernel once under icount (on the first guest
of TOPO), with QEMU's gdbstub, to run ROW alone.  gdb (harness/benchstep_gdb.py)
stops at FUNCTION once the row's items have reached it BENCH_STEP_SKIP times
(default 3000: the steady state of the contended rows), steps that vCPU alone
from there, and the instructions it executed are listed by function, stock
beside series (also in build/bench/step.txt).  BENCH_STEP_UNTIL says where a
step ends: "again" (the default for process_one_work: the worker's whole turn,
from one item to the next, its loop included) or "return" (the default for
the others: one call).  Unlike BENCH_PROF, nothing is sampled and nothing
perturbs: the count is exact and repeats, for the one item stepped.  Each
call into another function pays that function's ftrace entry stub
(__fentry__: the prod kernel has FUNCTION_TRACER without DYNAMIC_FTRACE).
"""
import bisect
import os
import socket
import subprocess
import threading
import time

# The functions one can stop at, and the register that holds their
# work_struct argument (x86_64: rdi, rsi, rdx for the first three).
WORK_ARG = {"process_one_work": "rsi", "queue_work_on": "rdx", "__queue_work": "rdx"}
MODULE_AREA = 0xffffffffa0000000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def by_function(vmlinux, blocks):
    """{function: instructions} of @blocks, (address, instructions) pairs
    in @vmlinux; the module's code is "(module)"."""
    nm = subprocess.run(["nm", "-n", vmlinux], capture_output=True, text=True).stdout
    syms = [(int(f[0], 16), f[2]) for f in map(str.split, nm.splitlines())
            if len(f) == 3 and f[1] in "tTwW"]
    addrs = [a for a, _ in syms]
    counts = {}
    for pc, n in blocks:
        if pc >= MODULE_AREA:
            name = "(module)"
        else:
            i = bisect.bisect_right(addrs, pc) - 1
            name = syms[i][1] if i >= 0 else "?"
        counts[name] = counts.get(name, 0) + n
    return counts


def finish(wqh, what, text, failures, t0):
    """Print @text and keep it as build/bench/@what.txt, then the failures;
    returns the exit status."""
    print("\n" + text)
    with open(os.path.join(wqh.BUILD, "bench", f"{what}.txt"), "w") as f:
        f.write(text + "\n")
    for e in failures:
        print(f"FAIL {e}")
    wqh.say(f"bench: {what} done in {int(time.time() - t0)} s")
    return 1 if failures else 0


def step_one(wqh, impl, row, func, topo, skip, until):
    """Boot @impl with the gdbstub, step; returns (counts, failure or None)."""
    import bench
    out_dir = os.path.join(wqh.BUILD, "bench")
    pcs_file = os.path.join(out_dir, f"step-{impl}.pcs")
    if os.path.exists(pcs_file):
        os.unlink(pcs_file)
    port = free_port()
    vmlinux = os.path.join(wqh.obj_dir(impl, "prod"), "vmlinux")
    booted = {}

    def boot():
        booted["r"] = bench.boot_one(wqh, impl, "bench-step", topo, [f"rows {row}"], True,
                                     qemu_args=f"-gdb tcp:127.0.0.1:{port} -S")

    t = threading.Thread(target=boot)
    t.start()
    env = dict(os.environ, STEP_PORT=str(port), STEP_FUNC=func, STEP_REG=WORK_ARG[func],
               STEP_SKIP=str(skip), STEP_UNTIL=until, STEP_OUT=pcs_file)
    wqh.say(f"bench: {impl}: stepping {func} of {row} (after {skip} of its items)")
    # gdb waits for QEMU to listen (see benchstep_gdb.py)
    gdb = subprocess.run(["gdb", "-batch", "-nx", "-x",
                          os.path.join(wqh.HERE, "benchstep_gdb.py"), vmlinux],
                         env=env, capture_output=True, text=True)
    t.join()
    log, ended = booted["r"]
    if not os.path.exists(pcs_file):
        return {}, f"{impl}: gdb stepped nothing: {(gdb.stderr or gdb.stdout).strip()[-300:]}"
    failure = bench.boot_failure(wqh, log, ended)
    if failure:
        return {}, f"{impl}: {failure}"
    pcs = [int(line, 16) for line in open(pcs_file)]
    return by_function(vmlinux, ((pc, 1) for pc in pcs)), None


def step(wqh, spec, topo):
    """BENCH_STEP: returns the exit status."""
    import bench
    words = spec.split()
    if len(words) != 2 or words[1] not in WORK_ARG:
        print(f"bench: BENCH_STEP={spec!r}: give a row and one of "
              f"{', '.join(sorted(WORK_ARG))}")
        return 2
    row, func = words
    os.environ["BENCH_ROWS"] = row
    try:
        bench.named_rows("BENCH_ROWS")
    except SystemExit as e:
        raise SystemExit(str(e).replace("BENCH_ROWS", "BENCH_STEP", 1)) from None
    skip = int(os.environ.get("BENCH_STEP_SKIP", "3000"))
    until = os.environ.get("BENCH_STEP_UNTIL",
                           "again" if func == "process_one_work" else "return")
    if until not in ("again", "return"):
        print(f"bench: BENCH_STEP_UNTIL={until!r}: again or return")
        return 2
    t0 = time.time()
    wqh.deps(extra=[("gdb", "gdb")])
    for impl in wqh.IMPLS:
        wqh.build(impl, "prod")
    os.makedirs(os.path.join(wqh.BUILD, "bench"), exist_ok=True)
    counts, failures = {}, []
    for impl in wqh.IMPLS:
        counts[impl], failure = step_one(wqh, impl, row, func, topo, skip, until)
        if failure:
            failures.append(failure)
    st, se = counts.get("stock", {}), counts.get("series", {})
    lines = [f"{row}, {func} (until {until}), after {skip} items, {topo}: instructions",
             f"{'stock':>8} {'series':>8} {'diff':>8}  function",
             f"{sum(st.values()):8d} {sum(se.values()):8d} "
             f"{sum(se.values()) - sum(st.values()):+8d}  (total)"]
    for f in sorted(set(st) | set(se), key=lambda f: (-max(st.get(f, 0), se.get(f, 0)), f)):
        a, b = st.get(f, 0), se.get(f, 0)
        lines.append(f"{a:8d} {b:8d} {b - a:+8d}  {f}")
    return finish(wqh, "step", "\n".join(lines), failures, t0)
