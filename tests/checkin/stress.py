#!/usr/bin/env python3
"""Stress tests of `okr checkin`'s atomic write.

  stress.py OKR concurrency [WORKERS] [EACH]
      WORKERS processes each run EACH `okr checkin` calls at once, for the same owner and date;
      every call must leave its own complete, valid file: WORKERS x EACH distinct check-ins.
  stress.py OKR kill [KILLS]
      kills `okr checkin` with SIGKILL at random instants of its life until KILLS runs have
      been killed before they finished (the others complete); afterwards every check-in file must
      be complete and valid. The temporary dot-files the kills left are then made two minutes
      old (their times set, no sleep), and one more check-in must sweep every one of them.
  stress.py OKR report-kill [KILLS] [FORMAT]
      the same with `okr report -o FILE` (FORMAT site: `--format site -o DIR`): FILE is always
      absent or a whole report, and the next report sweeps the temporary files (or folders).

Each checks that the OKR files' bytes are unchanged.
"""
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ENV = dict(os.environ, OKR_TODAY="2026-11-20", NO_COLOR="1", LC_ALL="C.UTF-8")
FOLDER = os.path.join("checkins", "2026-Q4", "team")


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def okr_hashes(repo):
    out = {}
    for base, dirs, files in os.walk(repo):
        if os.path.relpath(base, repo).startswith("checkins"):
            continue
        for name in files:
            path = os.path.join(base, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, repo)] = hashlib.sha256(f.read()).hexdigest()
    return out


TEMPORARY = re.compile(r"^\..+\.tmp-[1-9][0-9]{0,9}-[0-9a-f]{8}$")


def temporaries(folder):
    return sorted(n for n in os.listdir(folder) if TEMPORARY.match(n)) \
        if os.path.isdir(folder) else []


def age(folder, names, seconds=120):
    """Sets the times of `names` `seconds` back, as a crash that long ago would have left them."""
    when = time.time() - seconds
    for name in names:
        os.utime(os.path.join(folder, name), (when, when), follow_symlinks=False)


def make_repo():
    work = tempfile.mkdtemp(prefix="okr-stress-")
    repo = os.path.join(work, "repo")
    shutil.copytree(os.path.join(HERE, "repo"), repo)
    return work, repo


def checkin_args(okr, marker, value):
    return [okr, "checkin", "team", "--no-input", "--author", "stress",
            "--set", "onboard/completion=%d" % value, "--confidence", "7",
            "--status", "on-track", "--issues", marker]


def check_repository(okr, repo, expect_files=None):
    """Every check-in loads clean; returns the sorted list of check-in file names."""
    result = subprocess.run([okr, "check", "--format", "json", "--root", repo], env=ENV,
                            capture_output=True, text=True)
    if result.returncode != 0:
        fail("okr check found errors after the run:\n" + result.stdout[:3000] + result.stderr)
    folder = os.path.join(repo, FOLDER)
    names = sorted(n for n in os.listdir(folder) if not n.startswith(".")) \
        if os.path.isdir(folder) else []
    for name in names:
        if not (name.startswith("2026-11-20") and name.endswith(".yaml")):
            fail("unexpected file " + name)
    if expect_files is not None and len(names) != expect_files:
        fail("expected %d check-in files, found %d" % (expect_files, len(names)))
    return names


def concurrency(okr, workers, each):
    work, repo = make_repo()
    before = okr_hashes(repo)

    def worker(w):
        failures = []
        for i in range(each):
            r = subprocess.run(checkin_args(okr, "w%d-%d" % (w, i), 60 + i % 20), cwd=repo,
                               env=ENV, capture_output=True, text=True)
            if r.returncode != 0:
                failures.append(r.stderr)
        return failures

    start = time.time()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(worker, range(workers)))
    elapsed = time.time() - start
    for failures in results:
        if failures:
            fail("okr checkin failed %d times, first: %s" % (len(failures), failures[0]))
    total = workers * each
    names = check_repository(okr, repo, total)
    expected_names = sorted(["2026-11-20.yaml"] +
                            ["2026-11-20-%d.yaml" % n for n in range(2, total + 1)])
    if names != expected_names:
        fail("the file names are not 2026-11-20.yaml, -2 ... -%d" % total)
    markers = []
    for name in names:
        with open(os.path.join(repo, FOLDER, name), encoding="utf-8") as f:
            text = f.read()
        line = [l for l in text.splitlines() if l.startswith("issues: ")]
        if len(line) != 1:
            fail(name + " has no issues line:\n" + text)
        markers.append(line[0])
    if len(set(markers)) != total:
        fail("some check-ins overwrote others: %d distinct of %d" % (len(set(markers)), total))
    leftovers = [n for n in os.listdir(os.path.join(repo, FOLDER)) if n.startswith(".")]
    if leftovers:
        fail("temporary files were left behind: %s" % leftovers[:5])
    if okr_hashes(repo) != before:
        fail("okr checkin changed an OKR file")
    shutil.rmtree(work)
    print("ok: %d x %d concurrent check-ins gave %d distinct valid files in %.1f s" %
          (workers, each, total, elapsed))


def kill(okr, kills):
    work, repo = make_repo()
    before = okr_hashes(repo)
    # How long one check-in takes, to spread the kills over its whole life.
    start = time.time()
    subprocess.run(checkin_args(okr, "timing", 61), cwd=repo, env=ENV, capture_output=True)
    duration = max(time.time() - start, 0.002)
    rng = random.Random(int(os.environ.get("OKR_STRESS_SEED", "4")))
    completed = 1
    killed = 0
    i = 0
    while killed < kills and i < kills * 5:
        i += 1
        p = subprocess.Popen(checkin_args(okr, "kill-%d" % i, 60 + i % 20), cwd=repo, env=ENV,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration * 1.2))
        p.send_signal(signal.SIGKILL)
        status = p.wait()
        if status == 0:
            completed += 1
        else:
            killed += 1
    names = check_repository(okr, repo)
    for name in names:
        with open(os.path.join(repo, FOLDER, name), encoding="utf-8") as f:
            text = f.read()
        if not text.endswith('"\n') or "issues: " not in text:
            fail(name + " is not complete:\n" + text)
    if okr_hashes(repo) != before:
        fail("okr checkin changed an OKR file")
    if killed < kills:
        fail("only %d of %d runs were killed before they finished" % (killed, kills))
    # What the kills left is swept by the next check-in once it is stale (a minute old, its
    # process gone); a fresh one is kept (another check-in may be writing it).
    folder = os.path.join(repo, FOLDER)
    left = temporaries(folder)
    age(folder, left)
    fresh = ".2026-11-20.yaml.tmp-99999999-0000abcd"
    open(os.path.join(folder, fresh), "w").close()
    r = subprocess.run(checkin_args(okr, "sweep", 70), cwd=repo, env=ENV, capture_output=True,
                       text=True)
    if r.returncode != 0:
        fail("the check-in after the kills failed: " + r.stderr)
    if temporaries(folder) != [fresh]:
        fail("temporary files survived a later check-in: %s" % temporaries(folder)[:5])
    shutil.rmtree(work)
    print("ok: %d kills, %d check-ins completed, %d files, all complete and valid; "
          "%d temporary files swept by the next check-in" %
          (killed, completed, len(names), len(left)))


def report_kill(okr, kills, fmt):
    """okr report -o killed at random instants: the output whole or absent, the litter swept."""
    work, repo = make_repo()
    before = okr_hashes(repo)
    site = fmt == "site"
    out = "site" if site else "report.md"
    args = [okr, "report", "--no-cache", "-o", out] + (["--format", "site"] if site else [])
    start = time.time()
    r = subprocess.run(args, cwd=repo, env=ENV, capture_output=True, text=True)
    duration = max(time.time() - start, 0.002)
    if r.returncode != 0:
        fail("okr report failed: " + r.stderr)
    whole = okr_hashes(os.path.join(repo, out)) if site else okr_hashes(repo).get(out)
    rng = random.Random(int(os.environ.get("OKR_STRESS_SEED", "4")))
    killed = 0
    i = 0
    while killed < kills and i < kills * 5:
        i += 1
        p = subprocess.Popen(args, cwd=repo, env=ENV, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration * 1.2))
        p.send_signal(signal.SIGKILL)
        if p.wait() != 0:
            killed += 1
        now = okr_hashes(os.path.join(repo, out)) if site else okr_hashes(repo).get(out)
        if now != whole:
            fail("after a kill, %s is not the whole report" % out)
    hashes = okr_hashes(repo)
    if {k: v for k, v in hashes.items() if not k.startswith(out) and not TEMPORARY.match(
            os.path.basename(k)) and "/.site.tmp-" not in "/" + k} != before:
        fail("okr report changed an OKR file")
    left = temporaries(repo)
    age(repo, left)
    r = subprocess.run(args, cwd=repo, env=ENV, capture_output=True, text=True)
    if r.returncode != 0:
        fail("the report after the kills failed: " + r.stderr)
    if temporaries(repo):
        fail("temporary files survived a later report: %s" % temporaries(repo)[:5])
    shutil.rmtree(work)
    print("ok: %d kills of okr report %s, the output always whole; %d temporary %s swept" %
          (killed, "--format site" if site else "-o FILE", len(left),
           "folders" if site else "files"))


def main():
    okr, mode = os.path.abspath(sys.argv[1]), sys.argv[2]
    if mode == "concurrency":
        concurrency(okr, int(sys.argv[3]) if len(sys.argv) > 3 else 2,
                    int(sys.argv[4]) if len(sys.argv) > 4 else 200)
    elif mode == "kill":
        kill(okr, int(sys.argv[3]) if len(sys.argv) > 3 else 100)
    elif mode == "report-kill":
        report_kill(okr, int(sys.argv[3]) if len(sys.argv) > 3 else 100,
                    sys.argv[4] if len(sys.argv) > 4 else "markdown")
    else:
        fail("unknown mode " + mode)


if __name__ == "__main__":
    main()
