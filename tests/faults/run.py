#!/usr/bin/env python3
"""Every writer of okr under injected system-call failures (strace's fault injection).

  run.py OKR TESTS_DIR [SCENARIO...]

For each writer (okr checkin, okr report -o FILE, okr report --format site -o DIR, okr new,
okr init, and the cache writer of okr check), the script first runs the command once under
strace without injecting anything, to count its calls of each system call that writes:
write, fsync, fdatasync, syncfs, rename(at/at2), link(at), close, mkdir(at), and the openat
calls that create (O_CREAT). Then, for every such call, it runs the command again from the
same starting state with that call failing (`strace -e inject=SYSCALL:error=ERRNO:when=N`:
the Nth call of each process and thread fails without being made), and checks what it left:

  * either the run completed: the same exit status, standard output and files as the run
    without injection (a failure okr may ignore, such as a read-only file's close);
  * or it failed cleanly: exit status 2, an `okr: error:` line giving the cause (the
    injected error's text), and the repository byte for byte as before (a listing of every
    file, folder and link with the files' SHA-256), no temporary file and no new folder.

The cache writer is the exception: its failures must not change okr check's output or exit
status, and a second okr check, without injection, on what the first one left in the cache
must print the right answer too (a failed read of the repository in another thread, which
strace's per-thread count can hit, must fail cleanly, as above).

A failed write to standard output ends with `cannot write standard output` and exit 2 once
the work is done (the repository as after a complete run); one to standard error may lose
the message itself. Counts are taken per thread, as strace counts; calls beyond a run's
count inject nothing, and such a run must complete.
"""
import concurrent.futures
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

ENV = dict(os.environ, OKR_TODAY="2026-11-20", NO_COLOR="1", LC_ALL="C.UTF-8",
           GIT_CONFIG_NOSYSTEM="1")
ENV.pop("OKR_CACHE_DIR", None)

# The system calls that write, and the error each one is failed with.
SYSCALLS = {
    "write": "ENOSPC", "pwrite64": "ENOSPC", "writev": "ENOSPC",
    "fsync": "EIO", "fdatasync": "EIO", "syncfs": "EIO",
    "rename": "EIO", "renameat": "EIO", "renameat2": "EIO",
    "link": "EIO", "linkat": "EIO",
    "close": "EIO",
    "mkdir": "ENOSPC", "mkdirat": "ENOSPC",
    "openat": "ENOSPC", "open": "ENOSPC", "creat": "ENOSPC",
}
# A second pass for link(2): a file system without hard links (EPERM), where okr falls back to
# an exclusive rename.
EXTRA = [("link", "EPERM"), ("linkat", "EPERM")]
STRERROR = {"ENOSPC": "No space left on device", "EIO": "Input/output error",
            "EPERM": "Operation not permitted"}
OPENS = {"openat", "open", "creat"}

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message, flush=True)


def tree(root):
    """Every entry under root: path, kind and, for a file, its SHA-256; for a link, its target."""
    out = {}
    if not os.path.exists(root):
        return out
    for base, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(base, name)
            rel = os.path.relpath(path, root)
            if os.path.islink(path):
                out[rel] = "link " + os.readlink(path)
                if name in dirs:
                    dirs.remove(name)
            elif os.path.isdir(path):
                out[rel] = "folder"
            else:
                with open(path, "rb") as f:
                    out[rel] = "file " + hashlib.sha256(f.read()).hexdigest()
    return out


def tree_diff(a, b):
    lines = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            lines.append("  %s: %s -> %s" % (key, a.get(key, "absent"), b.get(key, "absent")))
    return "\n".join(lines[:10])


TEMPORARY = re.compile(r"^\..+\.tmp-[1-9][0-9]{0,9}-[0-9a-f]{8}$")


def leftover_only(expected, now):
    """Whether `now` is `expected` plus temporary folders named as okr names them (an old site
    whose removal failed, left for the next write's sweep)."""
    extra = {k: v for k, v in now.items() if k not in expected}
    return {k: v for k, v in now.items() if k in expected} == expected and extra and all(
        TEMPORARY.match(k.split(os.sep)[0]) for k in extra)


CALL = re.compile(r"^(\d+) +(?:<\.\.\. )?([a-z0-9_]+)(?: resumed>)?(.*)$")


def read_trace(log):
    """The calls in an strace -f log, in order: (pid, syscall, text of the call)."""
    calls = []
    pending = {}
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = CALL.match(line.rstrip("\n"))
            if not m:
                continue
            pid, name, rest = m.group(1), m.group(2), m.group(3)
            if "<... " + name + " resumed>" in line:
                start = pending.pop((pid, name), None)
                if start is not None:
                    calls[start] = (pid, name, calls[start][2] + rest)
                continue
            calls.append((pid, name, rest))
            if rest.endswith("<unfinished ...>"):
                pending[(pid, name)] = len(calls) - 1
    return calls


def creates(text):
    return "O_CREAT" in text


FD_CALLS = {"write", "pwrite64", "writev", "fsync", "fdatasync", "syncfs", "close"}


def touches(name, text, work):
    """Whether a call (its text as strace -y prints it) is on a path in `work`: for a call on a
    descriptor, the descriptor's path; else each quoted path, absolute in `work` or relative
    (the commands run inside it)."""
    if name in FD_CALLS:
        m = re.match(r"^\(\d+<([^>]*)>", text)
        return m is not None and m.group(1).startswith(work)
    paths = re.findall(r'"([^"]*)"', text)
    return bool(paths) and all(p.startswith(work) or not p.startswith("/") for p in paths)


class Scenario:
    """One writer: how to make its starting state, and the command to run in it."""

    def __init__(self, name, setup, args, cwd="repo", cache=False, watched="repo"):
        self.name, self.setup, self.args, self.cwd = name, setup, args, cwd
        self.cache, self.watched = cache, watched

    def prepare(self, work):
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        self.setup(work)

    def run(self, okr, work, strace_args):
        env = dict(ENV)
        if self.cache:
            env["OKR_CACHE_DIR"] = os.path.join(work, "cache")
        with open(os.path.join(work, "stdout"), "wb") as out, \
                open(os.path.join(work, "stderr"), "wb") as err:
            # A session of its own, so that a hung run is killed with its tracer.
            p = subprocess.Popen(
                ["strace", "-f", "-qq", "-y", "--seccomp-bpf", "-o",
                 os.path.join(work, "trace")] + strace_args + ["--", okr] + self.args,
                cwd=os.path.join(work, self.cwd), env=env, stdout=out, stderr=err,
                start_new_session=True)
            try:
                status = p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
                raise
        with open(os.path.join(work, "stdout"), "rb") as f:
            stdout = f.read()
        with open(os.path.join(work, "stderr"), "rb") as f:
            stderr = f.read().decode("utf-8", "replace")
        return status, stdout, stderr

    def check_again(self, okr, work):
        """okr check without injection, on the cache the last run left."""
        env = dict(ENV, OKR_CACHE_DIR=os.path.join(work, "cache"))
        r = subprocess.run([okr] + self.args, cwd=os.path.join(work, self.cwd), env=env,
                           capture_output=True, timeout=60)
        return r.returncode, r.stdout


def run_scenario(okr, scenario, root, pool):
    work = os.path.join(root, scenario.name, "baseline")
    scenario.prepare(work)
    before = tree(os.path.join(work, scenario.watched))
    status, stdout, stderr = scenario.run(okr, work, ["-e", "trace=" + ",".join(SYSCALLS)])
    after = tree(os.path.join(work, scenario.watched))
    if status not in (0, 1):
        fail("%s: the run without injection failed (%d): %s" % (scenario.name, status, stderr))
        return 0
    if not scenario.cache and after == before:
        fail("%s: the run without injection wrote nothing" % scenario.name)
    # Which calls to fail: the Nth of each system call (strace counts per thread and process),
    # where in some thread that call touches the work folder (the repository, the cache,
    # standard output and error): the writes, syncs, renames, links and closes, and of the opens
    # only those that create. Left out: an N whose call in some thread is on a pipe or socket
    # (strace does not make the call it fails, and a pipe whose close was skipped never ends:
    # on Linux close(2) frees the descriptor even when it fails).
    counts = {}
    ours, piped = set(), set()
    for pid, name, text in read_trace(os.path.join(work, "trace")):
        n = counts[(pid, name)] = counts.get((pid, name), 0) + 1
        if "<pipe:" in text or "<socket:" in text:
            piped.add((name, n))
        elif (name not in OPENS or creates(text)) and touches(name, text, work):
            ours.add((name, n))
    points = {(name, SYSCALLS[name], n) for (name, n) in ours - piped}
    for name, error in EXTRA:
        points |= {(name, error, n) for (s, _, n) in list(points) if s == name}
    scenario.skipped = len(ours & piped)
    baseline = (status, stdout, before, after)
    jobs = [pool.submit(inject, okr, scenario, root, baseline, point, i)
            for i, point in enumerate(sorted(points))]
    outcomes = [job.result() for job in jobs]
    print("%s: %d injected runs: %d completed, %d failed cleanly, %d stdout/stderr; "
          "%d left out (a pipe's close or write in another thread)" %
          (scenario.name, len(outcomes), outcomes.count("completed"), outcomes.count("failed"),
           outcomes.count("output"), scenario.skipped), flush=True)
    return len(outcomes)


def inject(okr, scenario, root, baseline, point, index):
    name, error, n = point
    status0, stdout0, before, after0 = baseline
    work = os.path.join(root, scenario.name, "run-%d" % index)
    scenario.prepare(work)
    label = "%s: %s #%d failing with %s" % (scenario.name, name, n, error)
    try:
        status, stdout, stderr = scenario.run(
            okr, work,
            ["-e", "trace=" + name, "-e", "inject=%s:error=%s:when=%d" % (name, error, n)])
    except subprocess.TimeoutExpired:
        fail(label + ": no answer after 60 s")
        return "hung"
    # The failed calls, those in the work folder first (another thread's or git's may fail too).
    injected = sorted((text for (_, s, text) in read_trace(os.path.join(work, "trace"))
                       if s == name and "(INJECTED)" in text),
                      key=lambda text: not touches(name, text, work))
    now = tree(os.path.join(work, scenario.watched))
    label += " (%s)" % (injected[0][:160] if injected else "not reached")
    outcome = "completed"
    to_output = any(re.match(r"\((1|2)<", text) for text in injected)
    cache_dir = os.path.join(work, "cache")
    in_cache = bool(injected) and all(cache_dir in text for text in injected)
    if scenario.cache and not to_output and not in_cache and status != status0:
        # Not the cache writer's call (a read of the repository in another thread): as for any
        # writer, a clean failure, and the next run right.
        outcome = "failed"
        if status != 2 or not re.search(r"okr: error: .*%s" % re.escape(STRERROR[error]),
                                        stderr):
            fail("%s: exit status %d without a message giving the cause: %s" %
                 (label, status, stderr[-2000:]))
        if scenario.check_again(okr, work) != (status0, stdout0):
            fail("%s: the next okr check answered differently" % label)
        if now != before:
            fail("%s: the repository changed:\n%s" % (label, tree_diff(before, now)))
    elif scenario.cache:
        # The cache may be lost, never the answer.
        if to_output and status == 2 and "cannot write standard output" in stderr:
            outcome = "output"
        elif (status, stdout) != (status0, stdout0):
            fail("%s: okr check answered differently (status %d, was %d):\n%s" %
                 (label, status, status0, stderr[-2000:]))
        again = scenario.check_again(okr, work)
        if again != (status0, stdout0):
            fail("%s: the next okr check answered differently (status %d, was %d)" %
                 (label, again[0], status0))
        if now != before:
            fail("%s: the repository changed:\n%s" % (label, tree_diff(before, now)))
    elif to_output:
        outcome = "output"
        if now not in (before, after0):
            fail("%s: the files are neither as before nor as after:\n%s" %
                 (label, tree_diff(after0, now)))
        elif status not in (0, 2) or (status == 2 and injected[0].startswith("(1<")
                                      and "cannot write standard output" not in stderr):
            fail("%s: exit status %d: %s" % (label, status, stderr[-2000:]))
    elif status == status0 and stdout == stdout0 and now == after0:
        outcome = "completed"
    elif status == status0 and stdout == stdout0 and leftover_only(after0, now) and \
            "okr: warning: " in stderr and "next write removes it" in stderr:
        outcome = "completed" # the new site in place, the old one left to the next write's sweep
    else:
        outcome = "failed"
        if status != 2:
            fail("%s: exit status %d, expected %d (complete) or 2: %s" %
                 (label, status, status0, stderr[-2000:]))
        elif not re.search(r"okr: error: .*%s" % re.escape(STRERROR[error]), stderr):
            fail("%s: no message giving the cause: %s" % (label, stderr[-2000:]))
        if now != before:
            fail("%s: the repository changed:\n%s" % (label, tree_diff(before, now)))
    if not failures:
        shutil.rmtree(work, ignore_errors=True)
    return outcome


def copy(source, *remove):
    def setup(work):
        shutil.copytree(source, os.path.join(work, "repo"), symlinks=True)
        for path in remove:
            target = os.path.join(work, "repo", path)
            if os.path.isdir(target):
                shutil.rmtree(target)
            else:
                os.remove(target)
    return setup


def cached(okr, setup):
    """`setup`, then an okr check that fills the cache, then an OKR file changed."""
    def make(work):
        setup(work)
        repo = os.path.join(work, "repo")
        subprocess.run([okr, "check"], cwd=repo, capture_output=True, check=False,
                       env=dict(ENV, OKR_CACHE_DIR=os.path.join(work, "cache")))
        with open(os.path.join(repo, "okrs", "2026-Q4", "web.yaml"), "a") as f:
            f.write("# changed since the cache was written\n")
    return make


def main():
    okr = os.path.abspath(sys.argv[1])
    tests = os.path.abspath(sys.argv[2])
    if shutil.which("strace") is None:
        fail("strace is missing (tools/deps test installs it)")
        sys.exit(1)
    golden = os.path.join(tests, "golden")
    site_repo = os.path.join(golden, "report-site", "repo")

    def with_old(setup, path, old_site=False):
        def make(work):
            setup(work)
            target = os.path.join(work, "repo", path)
            if old_site:
                os.makedirs(target)
                with open(os.path.join(target, ".okr-site"), "w") as f:
                    f.write("written by okr\n")
                with open(os.path.join(target, "index.html"), "w") as f:
                    f.write("<p>the old site</p>\n")
            else:
                with open(target, "w") as f:
                    f.write("the old report\n")
        return make

    def empty(work):
        os.makedirs(os.path.join(work, "parent"))
        with open(os.path.join(work, "parent", "notes.txt"), "w") as f:
            f.write("not okr's\n")

    checkin = ["checkin", "team", "--no-input", "--author", "fault", "--set",
               "onboard/completion=72", "--confidence", "7", "--status", "on-track"]
    scenarios = [
        # The owner's folder does not exist yet: the first check-in makes it.
        Scenario("checkin", copy(os.path.join(tests, "checkin", "repo")), checkin),
        Scenario("report-file",
                 with_old(copy(site_repo), "report.md"),
                 ["report", "--no-cache", "--as-of", "2026-11-19", "-o", "report.md"]),
        Scenario("report-site-new", copy(site_repo),
                 ["report", "--no-cache", "--format", "site", "--as-of", "2026-11-19", "-o",
                  "site"]),
        Scenario("report-site-replace", with_old(copy(site_repo), "site", old_site=True),
                 ["report", "--no-cache", "--format", "site", "--as-of", "2026-11-19", "-o",
                  "site"]),
        # okrs/2026-Q4/ does not exist: okr new makes it.
        Scenario("new", copy(os.path.join(golden, "new-team", "repo"), "okrs/2026-Q4"),
                 ["new", "payments", "--parent", "acme"]),
        Scenario("init", empty,
                 ["init", "demo", "--organization", "Acme Bank", "--company", "acme"],
                 cwd="parent", watched="parent"),
        # The cache writer: okr check with an empty cache folder to fill, and with a cache to
        # update (an OKR file changed since it was written).
        Scenario("cache", copy(site_repo), ["check"], cache=True),
        Scenario("cache-update", cached(okr, copy(site_repo)), ["check"], cache=True),
    ]
    only = sys.argv[3:] # scenario names, to run only those
    scenarios = [s for s in scenarios if not only or s.name in only]
    root = tempfile.mkdtemp(prefix="okr-faults-")
    total = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for scenario in scenarios:
            total += run_scenario(okr, scenario, root, pool)
    if not failures:
        shutil.rmtree(root, ignore_errors=True)
    else:
        print("left for inspection: " + root)
    print("faults: %d injected runs, %d failures" % (total, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
