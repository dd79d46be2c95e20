#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""mutants: does the test suite catch planted bugs in the series?

Each mutant is one small, deliberate bug (a dropped wakeup, an off-by-one in
max_active, a missing PENDING clear, a flush that does not wait, ...) written
as a regular expression that must match exactly once in a repository file and
its replacement.  The mutants live in harness/mutants.txt, one per block:

    name: flush-no-wait
    file: kernel/workqueue.c
    find: wait_for_completion\\(&barr\\.done\\);
    repl: /* mutant: no wait */
    why:  flush_work() returns before the item finished

For each mutant in turn the file is mutated in place, `make check` runs for
IMPL=series (with WQ_FAIL_FAST: it stops at the first failure, so a caught
mutant costs a build and the first failing test; a missed one runs all of
make check: KUnit, boot tests, configs, prod, kunit.py run), and the file is
restored, also on failure or interrupt.  A mutant is caught when the check
fails, broken when the test kernel does not build.  A mutant with "run:
configs" is run by `make configs` instead (for bugs that only some configs
see); it is broken when no config compiles, since it must break some
configs and build in others; one with "run: deep" by `make check-deep`
(for bugs that only its slow boot tests see).  The report gives the catch
rate and names the mutants the suite missed.

usage: harness/mutants.py [NAME ...]      (default: all of them)
"""

import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SPEC = os.path.join(HERE, "mutants.txt")
# what a mutant's "run:" names: the wqh.py command that must catch it
RUNS = {"check": ["check"], "configs": ["configs"], "deep": ["check", "--profile", "deep"],
        "torture": ["torture", "--duration", "60", "--topo", "default"]}


def load():
    mutants, cur = [], {}
    for line in open(SPEC):
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                mutants.append(cur)
            cur = {}
            continue
        key, _, val = line.partition(":")
        cur[key.strip()] = val.strip()
    if cur:
        mutants.append(cur)
    for m in mutants:
        missing = {"name", "file", "find", "repl"} - set(m)
        if missing:
            sys.exit(f"mutants.txt: {m.get('name', '?')}: missing {', '.join(sorted(missing))}")
        if m.get("run", "check") not in RUNS:
            sys.exit(f"mutants.txt: {m['name']}: run: {m['run']}: expected one of "
                     + ", ".join(RUNS))
    return mutants


def mutate(m):
    path = os.path.join(ROOT, m["file"])
    text = open(path).read()
    hits = len(re.findall(m["find"], text, re.M))
    if hits != 1:
        return None, f"pattern matches {hits} times, not once"
    repl = m["repl"].replace("\\n", "\n").replace("\\t", "\t")
    return text, re.sub(m["find"], lambda _: repl, text, count=1, flags=re.M)


def main():
    mutants = load()
    if len(sys.argv) > 1:
        mutants = [m for m in mutants if m["name"] in sys.argv[1:]]
    results = []
    # A mutant is caught by the first failure: stop there, and give a hung
    # guest minutes rather than the check's generous defaults.  The overlap
    # check says nothing about behaviour, so it is left out.
    env = dict(os.environ, IMPL="series", WQ_FAIL_FAST="1", WQ_NO_OVERLAP="1",
               WQ_KUNIT_TIMEOUT=os.environ.get("WQ_KUNIT_TIMEOUT", "120"),
               WQ_BOOT_TIMEOUT=os.environ.get("WQ_BOOT_TIMEOUT", "300"),
               WQ_KUNIT_RUN_TIMEOUT=os.environ.get("WQ_KUNIT_RUN_TIMEOUT", "900"))
    for i, m in enumerate(mutants, 1):
        orig, mutated = mutate(m)
        if orig is None:
            print(f"[{i}/{len(mutants)}] {m['name']}: SKIPPED ({mutated})", flush=True)
            results.append((m, "stale"))
            continue
        path = os.path.join(ROOT, m["file"])
        t = time.time()
        print(f"[{i}/{len(mutants)}] {m['name']}: {m.get('why', '')}", flush=True)
        try:
            with open(path, "w") as f:
                f.write(mutated)
            cmd = RUNS[m.get("run", "check")]
            p = subprocess.run([sys.executable, os.path.join(HERE, "wqh.py"), *cmd],
                               cwd=ROOT, env=env, capture_output=True, text=True)
        finally:
            with open(path, "w") as f:
                f.write(orig)
        tail = [ln for ln in p.stdout.splitlines() if re.match(r"\d+ passed, \d+ failed", ln)]
        verdict = "caught" if p.returncode else "MISSED"
        built = re.findall(r"series: config \S+: ", p.stdout)  # the configs that passed
        if re.search(r"series: (test|deep) build: build failed", p.stdout) or \
                (m.get("run") == "configs" and not built):
            verdict = "broken"  # a mutant that does not compile tests nothing
        print(f"    {verdict} ({tail[-1] if tail else 'no tally'}, {int(time.time() - t)} s)",
              flush=True)
        if p.returncode:
            fails = p.stdout.split("failures:\n", 1)[-1].splitlines()[:4]
            print("".join(f"      {ln.strip()}\n" for ln in fails if ln.startswith("  ")), end="")
        results.append((m, verdict))
    ran = [r for r in results if r[1] not in ("stale", "broken")]
    caught = [r for r in ran if r[1] == "caught"]
    print(f"\n{len(caught)} of {len(ran)} mutants caught"
          + (f" ({100 * len(caught) // len(ran)}%)" if ran else ""))
    for m, v in results:
        if v != "caught":
            print(f"  {v}: {m['name']}: {m.get('why', '')}")
    # Restore the series build to the unmutated sources.
    subprocess.run([sys.executable, os.path.join(HERE, "wqh.py"), "build"], cwd=ROOT, env=env,
                   capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
