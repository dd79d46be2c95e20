# SPDX-License-Identifier: GPL-2.0
"""`make series`: the repository as git format-patch files against stock 6.12.

One commit per component (the components and their messages live in
harness/series/), a cover letter, then the check a maintainer would do:
checkpatch.pl --strict on every patch (errors fail), `git am` onto a fresh
stock tree, and a build of the result with the test profile's .config.
"""

import glob
import os
import re
import shutil
import subprocess

GIT_ID = ["-c", "user.name=cmwq series", "-c", "user.email=cmwq@series.invalid"]


def git(repo, *args, check=True, capture=False, env=None):
    cmd = ["git", "-C", repo, *GIT_ID, *args]
    p = subprocess.run(cmd, capture_output=capture, text=True, env=env)
    if check and p.returncode:
        raise SystemExit(f"wqh: git {' '.join(args[:3])} failed in {repo}:\n"
                         + (p.stdout or "") + (p.stderr or ""))
    return p.stdout.strip() if capture else p.returncode


def components(here):
    """[(name, [path prefixes], subject, body)] from harness/series/*.msg."""
    out = []
    for path in sorted(glob.glob(os.path.join(here, "series", "[0-9]*.msg"))):
        text = open(path).read()
        head, _, body = text.partition("\n---\n")
        m = re.search(r"^paths:(.*)$", head, re.M)
        subject = re.search(r"^subject:\s*(.*)$", head, re.M).group(1).strip()
        out.append((os.path.basename(path), m.group(1).split(), subject, body.strip() + "\n"))
    return out


def base_repo(wqh):
    """A git repository of the pristine tree, made once (the tree itself stays untouched)."""
    base = os.path.join(wqh.BUILD, "series-git", "base")
    if os.path.exists(os.path.join(base, ".wq-done")):
        return base
    wqh.say("series: making a git repository of stock 6.12 (once, about a minute)")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(os.path.dirname(base), exist_ok=True)
    wqh.run(["cp", "-a", wqh.PRISTINE, base], quiet=True)
    os.remove(os.path.join(base, ".wq-pristine"))
    git(base, "init", "-q", "-b", "stock")
    git(base, "add", "-A", "-f")  # Debian's .gitignore ignores the top level
    git(base, "commit", "-q", "-m", "Linux 6.12 (Debian linux-source-6.12)")
    open(os.path.join(base, ".wq-done"), "w").close()
    with open(os.path.join(base, ".git", "info", "exclude"), "a") as f:
        f.write(".wq-done\nout-*/\n")
    return base


def fresh_clone(wqh, base, name):
    dst = os.path.join(wqh.BUILD, "series-git", name)
    shutil.rmtree(dst, ignore_errors=True)
    wqh.run(["git", "clone", "-q", "--shared", base, dst], quiet=True)
    return dst


def main(args, wqh):
    here = wqh.HERE
    base = base_repo(wqh)
    work = fresh_clone(wqh, base, "work")
    want, _ = wqh.desired_overlay("series")
    for name, prefixes, subject, body in components(here):
        paths = sorted(p for p in want
                       if any(p == x or p.startswith(x.rstrip("/") + "/") for x in prefixes))
        for rel in paths:
            dst = os.path.join(work, rel)
            if want[rel] is None:
                if os.path.exists(dst):
                    os.remove(dst)
            else:
                wqh.write_atomic(dst, want[rel])
                mode = os.stat(os.path.join(wqh.ROOT, rel)).st_mode \
                    if os.path.exists(os.path.join(wqh.ROOT, rel)) else None
                if mode:
                    os.chmod(dst, mode & 0o777)
        if paths:
            git(work, "add", "-A", "-f", "--", *paths)
        if not git(work, "diff", "--cached", "--name-only", capture=True):
            wqh.say(f"series: {name}: nothing yet, no patch")
            continue
        git(work, "commit", "-q", "-s", "-m", subject + "\n\n" + body)
        wqh.say(f"series: {subject}")
    out = os.path.join(wqh.BUILD, "series-patches")
    shutil.rmtree(out, ignore_errors=True)
    git(work, "format-patch", "-q", "--cover-letter", "-o", out, "origin/stock..HEAD")
    patches = sorted(glob.glob(os.path.join(out, "*.patch")))
    cover = open(os.path.join(here, "series", "cover-letter.txt")).read()
    csubj, _, cbody = cover.partition("\n\n")
    text = open(patches[0]).read()
    text = text.replace("*** SUBJECT HERE ***", csubj.strip())
    text = text.replace("*** BLURB HERE ***", cbody.strip())
    with open(patches[0], "w") as f:
        f.write(text)
    wqh.say(f"series: {len(patches) - 1} patch(es) and a cover letter in "
            f"{os.path.relpath(out, wqh.ROOT)}")

    am = fresh_clone(wqh, base, "am")
    git(am, "am", "-q", *patches[1:])
    wqh.say("series: the patches apply with git am to a fresh stock tree")

    errors = 0
    for p in patches[1:]:
        r = subprocess.run([os.path.join(am, "scripts/checkpatch.pl"), "--strict",
                            "--no-summary-file", "--terse", p], cwd=am,
                           capture_output=True, text=True)
        lines = [line for line in r.stdout.splitlines() if line.strip()]
        total = lines[-1] if lines else "clean"
        nerr = len([line for line in lines if ": ERROR:" in line])
        errors += nerr
        wqh.say(f"checkpatch --strict {os.path.basename(p)}: {total}")
        for line in lines[:-1]:
            if ": ERROR:" in line or ": WARNING:" in line or ": CHECK:" in line:
                print("    " + line.replace(out + "/", ""))
    if errors:
        raise SystemExit(f"wqh: checkpatch found {errors} error(s)")

    if args.no_build:
        return 0
    obj = os.path.join(am, "out-test")
    os.makedirs(obj, exist_ok=True)
    shutil.copy2(os.path.join(wqh.obj_dir("series", "test"), ".config")
                 if os.path.exists(os.path.join(wqh.obj_dir("series", "test"), ".config"))
                 else wqh.config("series", "test") + "/.config", os.path.join(obj, ".config"))
    wqh.say("series: building the git-am'd tree (the series' test config)")
    cmd = ["make", "-C", am, "O=out-test", "ARCH=x86_64", "CC=ccache gcc",
           "HOSTCC=ccache gcc", f"-j{os.cpu_count() or 2}", "olddefconfig", "bzImage"]
    log = os.path.join(obj, "build.log")
    wqh.run(cmd, log=log, env=wqh.make_env())
    wqh.say("series: the git-am'd tree builds")
    return 0
