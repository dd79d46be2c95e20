# SPDX-License-Identifier: GPL-2.0
"""make bench: the series against 6.12, row by row, from the same run.

Both implementations are built in the prod profile (the test kernel without
lockdep, debugobjects, fault injection and the CPU-hog report: what a
distribution ships) and booted in turn, stock then series, BENCH_PAIRS times
(default 5) on each guest.  Each boot loads harness/modules/wqbench.ko and
runs the rows of its plan (harness/guest/bench.sh prints "WQB ROW UNIT
VALUE" lines); the figures of one implementation are the medians over its
boots, the ratio is series against stock with "better" above 1, and the
spread is the range of that ratio over the pairs, so that a row whose spread
straddles 1 reads as noise.

Two clocks: "wall" boots run TCG as usual (one host thread per vCPU, time as
the host's), so cross-CPU latencies and throughputs are real but noisy on a
2-core host; "icount" boots run with -icount shift=0,sleep=off: one host
thread, one instruction one nanosecond of guest time, and idle time skipped,
so that the cost of a call on one CPU reads in instructions, much the same
on every run, and the six idle minutes of the footprint rows take seconds.
A pair's two icount boots run side by side, one host core each: what they
count does not depend on how fast the host runs them.
Every boot runs with tsc=reliable, as on hardware with a stable TSC (under
TCG the kernel otherwise marks the TSC unstable and every clock read takes
the slow path), plus $BENCH_APPEND_STOCK or $BENCH_APPEND_SERIES.

Output: a table on stdout, build/bench/results.json (every figure of every
boot), build/bench/results.md (the table for the cover letter) and
build/bench/latency.png (the latency histograms, stock beside series).

With BENCH_PROF="ROW..." it profiles instead: one icount boot of each
implementation on the first guest of TOPO (side by side) runs the rows
under harness/modules/wqprof.ko, a timer on every CPU that samples the
interrupted kernel function every 20 us of guest time (20000 instructions),
and the functions are listed stock beside series, most sampled first,
under the rows' own figures (also in build/bench/profile.txt).  A sample
taken while interrupts were off lands where they came back on, so the
irq-off sections of the workqueue (its pool lock held) count to the
function that holds them.
BENCH_PROF_DETAIL=FUNCTION lists that function's samples by offset
(FUNCTION+0xOFF), to be read beside objdump -d of each build's vmlinux.

With BENCH_STEP="ROW FUNCTION" it counts, exactly, the instructions of one
item of ROW from FUNCTION on, by function, stock beside series: see
harness/benchstep.py.  With BENCH_COUNT="ROW" it counts every instruction
of the row's timed part, all CPUs together, per item and by function: see
harness/benchcount.py.
"""
import concurrent.futures
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

# Per row: unit kind decides the sense ("lower" or "higher" is better,
# "check" must equal the value given, "info" is shown only).
LOWER, HIGHER, INFO = "lower", "higher", "info"

# The plan of a boot: the steps of /etc/wq-bench (see harness/guest/bench.sh).
SCOPES = ("cpu", "smt", "cache", "numa", "system")
WALL_ROWS = ["lat_same_cpu", "lat_other_cpu", "lat_other_node", "lat_unbound",
             "rt_percpu", "rt_ordered", "contend_unbound", "contend_percpu",
             "block", "spin_concurrency", "flush_busy", "flushers_1", "flushers_4",
             "flushers_16", "flush_work_running", "cancel_pending", "cancel_running",
             "slack_1", "slack_10", "slack_100"]
# The contended rows run under both clocks on the default guest: under icount
# the vCPUs take turns on one host thread, so the figure counts instructions
# (a spinning waiter's too) and repeats from boot to boot.
ICOUNT_ROWS = ["queue_local", "queue_remote", "queue_unbound", "flush_empty",
               "cancel_idle", "mod_delayed_churn", "rt_percpu", "drain_percpu",
               "drain_unbound", "contend_unbound", "contend_percpu", "block_pingpong"]
# scale32 (32 vCPUs on 2 host cores) runs the rows about many CPUs at once.
# Its contended rows run under icount only: with the wall clock, 32 vCPU
# threads on 2 host cores preempt lock holders for milliseconds, and both
# implementations queue a few hundred items a second and report soft lockups.
SCALE_WALL_ROWS = ["lat_other_cpu", "lat_other_node", "rt_percpu", "block", "flushers_1",
                   "flushers_4", "flushers_16"]
SCALE_ICOUNT_ROWS = ["queue_local", "queue_remote", "queue_unbound", "drain_percpu",
                     "drain_unbound", "contend_unbound", "contend_percpu"]
# The idle-worker timeout is 300 s on both; the culling runs a little after.
IDLE_S = 360


def plan(topo, clock, only=None):
    """The steps of one boot; with @only (a set of row names, "footprint"
    for the footprint steps) just those of them."""
    scale = topo != "default"
    if clock == "wall":
        steps = ["rows " + " ".join(SCALE_WALL_ROWS if scale else WALL_ROWS)]
        for s in ("cpu", "numa", "system") if scale else SCOPES:
            steps.append(f"scope {s} lat_unbound rt_unbound")
    else:
        steps = ["footprint boot",
                 "rows " + " ".join(SCALE_ICOUNT_ROWS if scale else ICOUNT_ROWS),
                 "rows block", "footprint burst", f"idle {IDLE_S}", "footprint idle"]
    return steps if only is None else [s for s in map(lambda s: keep(s, only), steps) if s]


def keep(step, only):
    """@step with only the rows of @only, or None when nothing is left."""
    words = step.split()
    if words[0] in ("footprint", "idle"):
        return step if "footprint" in only else None
    head = words[:2] if words[0] == "scope" else words[:1]
    rows = [r for r in words[len(head):] if r in only]
    return " ".join(head + rows) if rows else None


def named_rows(var, extra=()):
    """$@var as a list of row names, [] when unset; exits on a name no plan
    has."""
    val = os.environ.get(var, "").split()
    known = set(WALL_ROWS + ICOUNT_ROWS + SCALE_WALL_ROWS + SCALE_ICOUNT_ROWS
                + ["rt_unbound", "lat_unbound"] + list(extra))
    bad = [r for r in val if r not in known]
    if bad:
        raise SystemExit(f"{var}: no such row: {' '.join(bad)} "
                         f"(rows: {' '.join(sorted(known))})")
    return val


def only_rows():
    """$BENCH_ROWS as a set, None when unset."""
    return set(named_rows("BENCH_ROWS", ["footprint"])) or None


# Rows that are checks: the value every boot must give.
CHECKS = {"spin_concurrency": 1}
# Rows shown for information: the figures explain others (a series that
# creates fewer workers than stock for sleeping items is neither better nor
# worse by that alone: block_makespan says which).
INFO_ROWS = ("block_workers", "block_concurrency", "fp_boot_kworkers",
             "fp_boot_kernelstack", "fp_boot_sunreclaim")


def base_row(row):
    """@row without the "@SCOPE" of a run in an affinity scope."""
    return row.split("@")[0]


def sense(row, unit):
    base = base_row(row)
    if base in CHECKS:
        return "check"
    if base in INFO_ROWS or base.endswith(".local_pct") or unit == "skip":
        return INFO
    if unit.endswith("/s"):
        return HIGHER
    return LOWER


def parse(log):
    """{row: (unit, value)} and {row: [bucket counts]} of a bench boot's log,
    and the errors it reported."""
    figures, hists, errors, done = {}, {}, [], False
    for line in open(log, errors="replace"):
        line = line.strip()
        if not line.startswith("WQB "):
            continue
        f = line.split()
        if f[1] == "done":
            done = True
        elif f[1] == "error:" or (len(f) > 2 and f[2] == "error"):
            errors.append(line)
        elif f[1] == "hist" and len(f) > 3:
            hists[f[2]] = [int(x) for x in f[3:]]
        elif f[1] == "step":
            continue
        elif len(f) == 4:
            try:
                figures[f[1]] = (f[2], float(f[3]))
            except ValueError:
                errors.append(line)
    if not done:
        errors.append("the guest did not finish the plan")
    return figures, hists, errors


def median(v):
    return statistics.median(v) if v else None


def ratio(row, unit, stock, series):
    """series against stock, better above 1; None when it means nothing."""
    s = sense(row, unit)
    if s not in (LOWER, HIGHER) or stock is None or series is None:
        return None
    if stock <= 0 or series <= 0:
        return None
    return stock / series if s == LOWER else series / stock


def summarise(runs):
    """Table rows from {topo: {clock: {impl: [figures of each boot]}}}."""
    table = []
    for topo, clocks in runs.items():
        for clock, impls in clocks.items():
            rows = []
            for boot in impls["stock"] + impls["series"]:
                for r in boot:
                    if r not in rows:
                        rows.append(r)
            for r in rows:
                unit = next(b[r][0] for b in impls["stock"] + impls["series"] if r in b)
                vals = {i: [b[r][1] for b in impls[i] if r in b] for i in impls}
                med = {i: median(vals[i]) for i in impls}
                pairs = [ratio(r, unit, a[r][1], b[r][1])
                         for a, b in zip(impls["stock"], impls["series"]) if r in a and r in b]
                pairs = [p for p in pairs if p is not None]
                entry = {"topo": topo, "clock": clock, "row": r, "unit": unit,
                         "sense": sense(r, unit), "stock": med["stock"],
                         "series": med["series"], "boots": len(vals["series"]),
                         "ratio": ratio(r, unit, med["stock"], med["series"]),
                         "spread": [min(pairs), max(pairs)] if pairs else None}
                if entry["sense"] == "check":
                    want = CHECKS[base_row(r)]
                    entry["ok"] = all(v == want for i in impls for v in vals[i])
                table.append(entry)
    return table


def fmt_num(v):
    if v is None:
        return "-"
    if abs(v) >= 100 or v == int(v):
        return f"{v:.0f}"
    return f"{v:.2f}"


def fmt_entry(e):
    if e["sense"] == "check":
        verdict = "ok" if e["ok"] else "FAILED"
        return [fmt_num(e["stock"]), fmt_num(e["series"]),
                f"check = {CHECKS[base_row(e['row'])]}", verdict]
    r = f"{e['ratio']:.2f}" if e["ratio"] is not None else "-"
    sp = f"{e['spread'][0]:.2f}..{e['spread'][1]:.2f}" if e["spread"] else "-"
    return [fmt_num(e["stock"]), fmt_num(e["series"]), r, sp]


HEAD = ["guest", "clock", "row", "unit", "stock", "series", "ratio", "spread"]


def shown(table):
    """The rows of the table: of a sampled row its p50 and p99 (its p95 and
    histogram stay in results.json)."""
    return [e for e in table if ".p95" not in e["row"]]


def text_table(table):
    lines = [HEAD]
    for e in shown(table):
        lines.append([e["topo"], e["clock"], e["row"], e["unit"]] + fmt_entry(e))
    widths = [max(len(str(c[i])) for c in lines) for i in range(len(HEAD))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(line, widths)).rstrip()
                     for line in lines)


def md_table(table, pairs):
    out = [f"Stock 6.12 and the series, medians of {pairs} boots each (pairs booted in turn);"
           " ratio: series against stock, better above 1; spread: the ratio's range over"
           " the pairs.", "", "| " + " | ".join(HEAD) + " |",
           "|" + "---|" * len(HEAD)]
    for e in shown(table):
        out.append("| " + " | ".join([e["topo"], e["clock"], f"`{e['row']}`", e["unit"]]
                                     + fmt_entry(e)) + " |")
    return "\n".join(out) + "\n"


# The histograms latency.png shows, with the clock of their boots.
PLOTTED = [("lat_same_cpu", "wall"), ("lat_other_cpu", "wall"), ("lat_other_node", "wall"),
           ("lat_unbound@cpu", "wall"), ("lat_unbound@numa", "wall"),
           ("lat_unbound@system", "wall"), ("queue_local", "icount"),
           ("queue_remote", "icount"), ("flush_work_running", "wall")]


def bucket_label(b):
    """The upper bound of log2 bucket @b (of ns), as gnuplot's tic text."""
    v = 2 ** b
    for unit, div in (("s", 10 ** 9), ("ms", 10 ** 6), ("us", 10 ** 3)):
        if v >= div:
            return f"{v / div:.3g}{unit}"
    return f"{v}ns"


def plot(hists, out_dir, wqh):
    """latency.png: the summed histograms of the latency rows, stock beside
    series, each as the share of its samples per log2 bucket."""
    rows = [(r, c) for r, c in PLOTTED
            if r in hists.get("stock", {}) and r in hists.get("series", {})]
    if not rows or not shutil.which("gnuplot"):
        return None
    used = [b for r, _ in rows for impl in ("stock", "series")
            for b, n in enumerate(hists[impl][r]) if n]
    lo, hi = max(min(used) - 1, 0), max(used) + 1
    data = os.path.join(out_dir, "latency.dat")
    with open(data, "w") as f:
        for r, _ in rows:
            f.write(f"# {r}: bucket, its upper bound, stock's share, series' share\n")
            st, se = hists["stock"][r], hists["series"][r]
            ts, tr = max(sum(st), 1), max(sum(se), 1)
            for b in range(lo, min(hi, len(st) - 1) + 1):
                f.write(f"{b} {bucket_label(b)} {st[b] / ts:.5f} {se[b] / tr:.5f}\n")
            f.write("\n\n")
    cols = 3
    nrows = (len(rows) + cols - 1) // cols
    png = os.path.join(out_dir, "latency.png")
    script = [f"set terminal pngcairo size {cols * 420},{nrows * 300} font ',9'"
              if gnuplot_has("pngcairo") else f"set terminal png size {cols * 420},{nrows * 300}",
              f"set output '{png}'", f"set multiplot layout {nrows},{cols}",
              "set style data histograms", "set style histogram clustered gap 1",
              "set style fill solid 0.8 border -1", "set yrange [0:1]", "set termoption noenhanced",
              "set xtics rotate by -60 font ',7'",
              "set xlabel 'below (log2 buckets)'",
              "set ylabel 'share of samples'", "set key top left"]
    for i, (r, clock) in enumerate(rows):
        script += [f"set title '{r} ({clock} clock)'",
                   f"plot '{data}' index {i} using 3:xtic(2) title 'stock', "
                   f"'' index {i} using 4 title 'series'"]
    script.append("unset multiplot")
    res = subprocess.run(["gnuplot"], input="\n".join(script), text=True,
                         capture_output=True)
    if res.returncode:
        wqh.say(f"bench: gnuplot failed: {res.stderr.strip()[:200]}")
        return None
    return png


def gnuplot_has(term):
    res = subprocess.run(["gnuplot", "-e", "set terminal"], capture_output=True, text=True)
    return term in (res.stdout + res.stderr)


def profile(wqh, rows, topo, top=30):
    """BENCH_PROF: the sampled functions of @rows on @topo, stock beside
    series, under the figures the rows printed (slowed by the sampling)."""
    t0 = time.time()
    steps = ["prof " + " ".join(rows)]
    detail = os.environ.get("BENCH_PROF_DETAIL", "")
    if detail:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", detail):
            print(f"bench: BENCH_PROF_DETAIL={detail!r} is not a function name",
                  file=sys.stderr)
            return 2
        steps.insert(0, "profdetail " + detail)
        top *= 2
    out_dir = os.path.join(wqh.BUILD, "bench")
    os.makedirs(out_dir, exist_ok=True)
    samples, figures, failures = {}, {}, []
    for impl in wqh.IMPLS:
        wqh.build(impl, "prod")
    done = bench_boots(wqh, "bench-prof", topo, "icount", steps,
                       1, f"/2, profile, {topo}, icount clock")
    for impl, (log, ended) in zip(wqh.IMPLS, done):
        failure = boot_failure(wqh, log, ended)
        if failure:
            failures.append(f"{impl}: {failure}")
        for line in open(log, errors="replace"):
            w = line.split()
            if len(w) == 5 and w[:2] == ["WQB", "prof"]:
                row, a, b = w[2:]
                count, func = (int(b), "(total)") if a == "total" else (int(a), b)
                samples.setdefault(row, {}).setdefault(impl, {})[func] = count
            elif len(w) == 4 and w[0] == "WQB" and w[1].split(".")[0] in rows:
                figures.setdefault(f"{w[1]} {w[2]}", {})[impl] = w[3]
            elif line.startswith("WQB error"):
                failures.append(f"{impl}: {line.strip()}")
    lines = [f"{'stock':>12} {'series':>12}  figure (under the sampling)"]
    for fig, got in figures.items():
        lines.append(f"{got.get('stock', '-'):>12} {got.get('series', '-'):>12}  {fig}")
    lines.append("")
    for row in rows:
        got = samples.get(row, {})
        st, se = got.get("stock", {}), got.get("series", {})
        lines.append(f"{row}: samples, stock beside series (20000 instructions each)")
        lines.append(f"{'stock':>8} {'series':>8} {'diff':>8}  function")
        funcs = sorted(set(st) | set(se), key=lambda f: (f != "(total)", -max(st.get(f, 0),
                                                                          se.get(f, 0)), f))
        for f in funcs[:top + 1]:
            a, b = st.get(f, 0), se.get(f, 0)
            lines.append(f"{a:8d} {b:8d} {b - a:+8d}  {f}")
        lines.append("")
    text = "\n".join(lines)
    print("\n" + text)
    with open(os.path.join(out_dir, "profile.txt"), "w") as f:
        f.write(text)
    for e in failures:
        print(f"FAIL {e}")
    wqh.say(f"bench: profile done in {int(time.time() - t0)} s")
    return 1 if failures else 0


def run(wqh, pairs, topos):
    """Build, boot in turn, summarise; returns the exit status."""
    prof = named_rows("BENCH_PROF")
    if prof:
        return profile(wqh, prof, topos[0])
    if os.environ.get("BENCH_STEP"):
        import benchstep
        return benchstep.step(wqh, os.environ["BENCH_STEP"], topos[0])
    if os.environ.get("BENCH_COUNT"):
        import benchcount
        return benchcount.count(wqh, os.environ["BENCH_COUNT"], topos[0])
    t0 = time.time()
    wqh.deps(extra=[("gnuplot", "gnuplot-nox")])
    for impl in wqh.IMPLS:
        wqh.build(impl, "prod")
    out_dir = os.path.join(wqh.BUILD, "bench")
    os.makedirs(out_dir, exist_ok=True)
    runs, hists, failures, logs = {}, {"stock": {}, "series": {}}, [], []
    only = only_rows()
    clocks = [c for c in ("wall", "icount") if any(plan(t, c, only) for t in topos)]
    total = sum(1 for t in topos for c in clocks if plan(t, c, only)) * pairs * 2
    n = 0
    for topo in topos:
        runs[topo] = {c: {"stock": [], "series": []} for c in clocks}
        for p in range(pairs):
            for clock in clocks:
                steps = plan(topo, clock, only)
                if not steps:
                    continue
                what = f"{topo}, {clock} clock, pair {p + 1}/{pairs}"
                done = bench_boots(wqh, f"bench-{topo}-{clock}-{p + 1}", topo, clock, steps,
                                   n + 1, f"/{total}, {what}")
                n += 2
                for impl, (log, ended) in zip(wqh.IMPLS, done):
                    logs.append(os.path.relpath(log, wqh.ROOT))
                    figures, h, errors = parse(log)
                    failure = boot_failure(wqh, log, ended)
                    if failure:
                        errors.append(failure)
                    for e in errors:
                        failures.append(f"{impl} {topo} {clock} pair {p + 1}: {e}")
                    runs[topo][clock][impl].append(figures)
                    for r, b in h.items():
                        key = r if topo == "default" else f"{r}/{topo}"
                        acc = hists[impl].setdefault(key, [0] * len(b))
                        hists[impl][key] = [x + y for x, y in zip(acc, b)]
    table = summarise(runs)
    print()
    print(text_table(table))
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump({"pairs": pairs, "topologies": list(topos), "table": table,
                   "boots": runs, "histograms": hists, "logs": logs,
                   "failures": failures}, f, indent=1)
    with open(os.path.join(out_dir, "results.md"), "w") as f:
        f.write(md_table(table, pairs))
    png = plot(hists, out_dir, wqh)
    print(f"\nwritten: build/bench/results.json, build/bench/results.md"
          + (", build/bench/latency.png" if png else
             " (no latency.png: no gnuplot, or no histograms of the default guest)"))
    bad_checks = [e for e in table if e["sense"] == "check" and not e["ok"]]
    for e in bad_checks:
        failures.append(f"{e['topo']} {e['row']}: check failed")
    if failures:
        print("failures:\n" + "\n".join("  " + f for f in failures[:30]))
    wqh.say(f"bench done in {time.time() - t0:.0f} s")
    return 1 if failures else 0


def bench_boots(wqh, name, topo, clock, steps, first, of):
    """Boot stock, then series, as @name with the plan @steps; [(log, ended)]
    of each.  Under icount the two boots run at once: each takes one host thread, and
    its figures count instructions whatever the host's load.  Wall boots run
    one at a time, each with the whole host.  @first (stock's boot number)
    and @of (the rest of the progress line) are for the progress lines."""
    def one(impl):
        return boot_one(wqh, impl, name, topo, steps, clock == "icount")

    if clock == "icount":
        wqh.say(f"bench: boots {first}-{first + 1}{of}: "
                f"{' and '.join(wqh.IMPLS)} side by side")
        with concurrent.futures.ThreadPoolExecutor(len(wqh.IMPLS)) as pool:
            return list(pool.map(one, wqh.IMPLS))
    done = []
    for i, impl in enumerate(wqh.IMPLS):
        wqh.say(f"bench: boot {first + i}{of}: {impl}")
        done.append(one(impl))
    return done


def boot_one(wqh, impl, name, topo, steps, icount, qemu_args=""):
    """Boot @impl's prod kernel as @name on @topo to run the plan @steps,
    under icount if @icount, with @qemu_args for QEMU (BENCH_STEP's
    gdbstub, BENCH_COUNT's plugin); returns (log, ended)."""
    return wqh.boot(impl, "prod", "bench", name, boot_timeout(topo),
                    append=" ".join(["tsc=reliable", extra_args(impl)]), topo=topo,
                    files={"etc/wq-bench": "\n".join(steps) + "\n"},
                    icount=icount, qemu_args=qemu_args)


def boot_failure(wqh, log, ended):
    """What spoils a bench boot, or None: a splat in its console @log, or
    the guest killed at the timeout."""
    bad = wqh.scan_log(log)
    if bad:
        return f"splat: {bad[0]}"
    return None if ended else "guest killed at the timeout"


def extra_args(impl):
    """More kernel arguments for @impl's boots: $BENCH_APPEND_STOCK or
    $BENCH_APPEND_SERIES (e.g. workqueue.stats=0, for the series without
    its statistics)."""
    return os.environ.get(f"BENCH_APPEND_{impl.upper()}", "")


def boot_timeout(topo):
    return 1800 if topo != "default" else 900
