# SPDX-License-Identifier: GPL-2.0
"""make bench with BENCH_COUNT="ROW": every instruction of a row, counted.

Boots each implementation's prod kernel once under icount (on the first guest
of TOPO) with a QEMU TCG plugin (harness/benchcount_plugin.c, built here with
gcc) that counts the instructions all vCPUs execute while the wqbench module
has the row's timed part marked, by translation block.  The blocks are put
to their functions in vmlinux (the module's own code is "(module)") and
listed per item, stock beside series, under the row's own figures (also in
build/bench/count.txt).  An item is what the row's kthreads count: items
queued or run, samples of a latency row, cycles of a ping-pong; the rows run
by kthreads mark their part (rt_*, contend_*, drain_*, lat_*, flushers_*,
block_pingpong), the others mark none and are refused.

Where BENCH_STEP follows one item on one vCPU with the others stopped, this
counts a whole row as it ran, every CPU together: what a contended row's
figure is made of under icount (one instruction, one nanosecond, all vCPUs
on one clock), spinning on locks included.  The same row gives different
counts from boot to boot when its locks convoy in one boot and not in the
other; a function's count per item is exact for the boot it comes from.
"""
import os
import subprocess
import time

from benchstep import by_function, finish

TOP = 40    # functions listed


def build_plugin(wqh):
    """Compile the plugin into build/bench/; returns its path."""
    src = os.path.join(wqh.HERE, "benchcount_plugin.c")
    lib = os.path.join(wqh.BUILD, "bench", "benchcount.so")
    if not os.path.exists(lib) or os.path.getmtime(lib) < os.path.getmtime(src):
        subprocess.run(["gcc", "-O2", "-Wall", "-Werror", "-shared", "-fPIC",
                        "-o", lib, src], check=True)
    return lib


def read_counts(path):
    """(marks, [(address, instructions)]) from the plugin's file."""
    marks, blocks = 0, []
    with open(path) as f:
        for line in f:
            a, b = line.split()
            if a == "marks":
                marks = int(b)
            else:
                blocks.append((int(a, 16), int(b)))
    return marks, blocks


def count_one(wqh, impl, row, topo, plugin):
    """Boot @impl with the plugin; returns (figures, items, counts, failure)."""
    import bench
    out = os.path.join(wqh.BUILD, "bench", f"count-{impl}.txt")
    if os.path.exists(out):
        os.unlink(out)
    log, ended = bench.boot_one(wqh, impl, "bench-count", topo, [f"count {row}"], True,
                                qemu_args=f"-plugin {plugin},out={out}")
    failure = bench.boot_failure(wqh, log, ended)
    if failure:
        return {}, 0, {}, f"{impl}: {failure}"
    figures, items = {}, 0
    with open(log, errors="replace") as f:
        for line in f:
            w = line.split()
            if len(w) == 5 and w[:2] == ["WQB", "count"]:
                items = int(w[4])
            elif len(w) == 4 and w[0] == "WQB" and w[1].startswith(row):
                figures[w[1]] = (w[2], w[3])
    if not os.path.exists(out):
        return figures, items, {}, f"{impl}: the plugin wrote nothing (is it loaded?)"
    marks, blocks = read_counts(out)
    if not marks or not items:
        return figures, items, {}, f"{impl}: {row} marks no counted part"
    vmlinux = os.path.join(wqh.obj_dir(impl, "prod"), "vmlinux")
    return figures, items, by_function(vmlinux, blocks), None


def report(row, topo, figures, items, counts):
    """The text of the comparison."""
    st, se = counts.get("stock", {}), counts.get("series", {})
    ni, ne = items.get("stock") or 1, items.get("series") or 1
    lines = [f"{row} on {topo}, icount: {ni} and {ne} items counted"]
    for name in sorted(set(figures.get("stock", {})) | set(figures.get("series", {}))):
        a = figures.get("stock", {}).get(name, ("", "-"))
        b = figures.get("series", {}).get(name, ("", "-"))
        lines.append(f"  {name} {a[0] or b[0]}: stock {a[1]}, series {b[1]}")
    lines += ["instructions per item, all CPUs:",
              f"{'stock':>9} {'series':>9} {'diff':>9}  function",
              f"{sum(st.values()) / ni:9.1f} {sum(se.values()) / ne:9.1f} "
              f"{sum(se.values()) / ne - sum(st.values()) / ni:+9.1f}  (total)"]
    names = sorted(set(st) | set(se),
                   key=lambda f: (-max(st.get(f, 0) / ni, se.get(f, 0) / ne), f))
    for f in names[:TOP]:
        a, b = st.get(f, 0) / ni, se.get(f, 0) / ne
        lines.append(f"{a:9.1f} {b:9.1f} {b - a:+9.1f}  {f}")
    return "\n".join(lines)


def count(wqh, row, topo):
    """BENCH_COUNT: returns the exit status."""
    import bench
    if len(row.split()) != 1:
        print(f"bench: BENCH_COUNT={row!r}: give one row")
        return 2
    os.environ["BENCH_ROWS"] = row
    try:
        bench.named_rows("BENCH_ROWS")
    except SystemExit as e:
        raise SystemExit(str(e).replace("BENCH_ROWS", "BENCH_COUNT", 1)) from None
    t0 = time.time()
    for impl in wqh.IMPLS:
        wqh.build(impl, "prod")
    os.makedirs(os.path.join(wqh.BUILD, "bench"), exist_ok=True)
    plugin = build_plugin(wqh)
    figures, items, counts, failures = {}, {}, {}, []
    for impl in wqh.IMPLS:
        wqh.say(f"bench: {impl}: counting {row} on {topo}")
        figures[impl], items[impl], counts[impl], failure = count_one(wqh, impl, row,
                                                                      topo, plugin)
        if failure:
            failures.append(failure)
    return finish(wqh, "count", report(row, topo, figures, items, counts), failures, t0)
