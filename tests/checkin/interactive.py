#!/usr/bin/env python3
"""`okr checkin` in a terminal, end to end through a pseudo-terminal.

  interactive.py OKR

Answers the prompts as a person would (with a bad number, a bad milestone value and a bad KPI
value that must be asked again, Enter to keep the last value, a status abbreviation), checks
the file written;
then checks that Ctrl-D and Ctrl-C write nothing, and that the OKR files are unchanged.
"""
import hashlib
import os
import pty
import select
import shutil
import signal
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.join(HERE, "..", "score", "repo")
FOLDER = os.path.join("checkins", "2026-Q4", "team")


def fail(message, transcript=""):
    print("FAIL: " + message)
    if transcript:
        print("--- terminal so far ---\n" + transcript)
    sys.exit(1)


class Terminal:
    def __init__(self, args, cwd):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(cwd)
            env = {"PATH": os.environ.get("PATH", ""), "OKR_TODAY": "2026-11-20",
                   "NO_COLOR": "1", "LC_ALL": "C.UTF-8", "TERM": "xterm", "HOME": cwd}
            os.execve(args[0], args, env)
        self.text = ""

    def expect(self, wanted, timeout=10):
        deadline = time.time() + timeout
        while wanted not in self.text:
            left = deadline - time.time()
            if left <= 0:
                fail("timed out waiting for %r" % wanted, self.text)
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    data = os.read(self.fd, 4096)
                except OSError:
                    data = b""
                if not data:
                    fail("okr ended while waiting for %r" % wanted, self.text)
                self.text += data.decode("utf-8", "replace").replace("\r\n", "\n")
        # Consume up to the match so the next expect looks at new output only.
        at = self.text.index(wanted) + len(wanted)
        seen, self.text = self.text[:at], self.text[at:]
        self.transcript = getattr(self, "transcript", "") + seen

    def send(self, text):
        os.write(self.fd, text.encode())

    def wait(self):
        # Drain the output so the child never blocks on a full terminal.
        while True:
            try:
                ready, _, _ = select.select([self.fd], [], [], 5)
                if not ready:
                    break
                data = os.read(self.fd, 4096)
                if not data:
                    break
                self.text += data.decode("utf-8", "replace").replace("\r\n", "\n")
            except OSError:
                break
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return status


def okr_hashes(repo):
    out = {}
    for base, _, files in os.walk(repo):
        if os.path.relpath(base, repo).startswith("checkins"):
            continue
        for name in files:
            with open(os.path.join(base, name), "rb") as f:
                out[os.path.relpath(os.path.join(base, name), repo)] = \
                    hashlib.sha256(f.read()).hexdigest()
    return out


def listing(repo):
    return sorted(os.listdir(os.path.join(repo, FOLDER)))


def answered(okr, repo):
    t = Terminal([okr, "checkin", "team", "--author", "ana"], repo)
    t.expect("GRIP check-in for The Team, cycle 2026-Q4")
    t.expect("onboard/completion: Increase onboarding completion from 60% to 80%\n")
    t.expect("committed · 60 → 71 → 80 %\n")
    t.expect("value [71]: ")
    t.send("7O\n")  # a typo: a letter O
    t.expect("'onboard/completion' takes a number (%), not '7O'")
    t.expect("value [71]: ")
    t.send("74\n")
    t.expect("guardrail: stay at or above 99.5 % · last 99.6")
    t.expect("value [99.6]: ")
    t.send("\n")  # Enter keeps the last value
    t.expect("done or not-done [done]: ")
    t.send("finished\n")
    t.expect("is a milestone: write done or not-done, not 'finished'")
    t.expect("done or not-done [done]: ")
    t.send("done\n")
    t.expect("nps: NPS\n")
    t.expect("KPI · healthy at or above 20 points · last 24\n")
    t.expect("value [24]: ")
    t.send("2O\n")  # a typo again
    t.expect("KPI 'nps' takes a number, not '2O'")
    t.expect("value [24]: ")
    t.send("26\n")
    t.expect("confidence of reaching the objectives, 0-10 [7]: ")
    t.send("12\n")
    t.expect("confidence is a number from 0 (no chance) to 10 (certain), not '12'")
    t.expect("[7]: ")
    t.send("6\n")
    t.expect("status: on-track, behind or at-risk [on-track]: ")
    t.send("b\n")
    t.expect("issues: what is in the way? (Enter for none): ")
    t.send("Camera crash on \"old\" phones: 3% of sessions\n")
    t.expect("plan forward: what is next? (Enter for none): ")
    t.send("\n")
    t.expect("recorded checkins/2026-Q4/team/2026-11-20.yaml")
    status = t.wait()
    if status != 0:
        fail("exit status %d" % status, t.transcript + t.text)
    with open(os.path.join(repo, FOLDER, "2026-11-20.yaml"), encoding="utf-8") as f:
        text = f.read()
    expected = ('owner: team\ncycle: 2026-Q4\ndate: 2026-11-20\nauthor: "ana"\n'
                'confidence: 6\nstatus: behind\nresults:\n  onboard/completion: 74\n'
                '  onboard/crash-free: 99.6\n  onboard/tutorial: done\nkpis:\n  nps: 26\n'
                'issues: "Camera crash on \\"old\\" phones: 3% of sessions"\n')
    if text != expected:
        fail("the check-in file differs:\n" + text + "\nexpected:\n" + expected)
    print("ok: answered check-in written as expected")


def cancelled(okr, repo, key, name):
    before = listing(repo)
    t = Terminal([okr, "checkin", "team", "--author", "ana"], repo)
    t.expect("value [74]: ")
    t.send("75\n")
    t.expect("value [99.6]: ")
    if key == "eof":
        t.send("\x04")
        t.expect("check-in cancelled; nothing was written")
        status = t.wait()
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 1:
            fail("%s: expected exit status 1, got %r" % (name, status))
    else:
        t.send("\x03")
        status = t.wait()
        if not os.WIFSIGNALED(status) or os.WTERMSIG(status) != signal.SIGINT:
            fail("%s: expected death by SIGINT, got %r" % (name, status))
    after = listing(repo)
    if after != before:
        fail("%s wrote something: %s" % (name, sorted(set(after) - set(before))))
    print("ok: %s writes nothing" % name)


def main():
    okr = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="okr-pty-")
    repo = os.path.join(work, "repo")
    shutil.copytree(REPO, repo)
    hashes = okr_hashes(repo)
    answered(okr, repo)
    cancelled(okr, repo, "eof", "Ctrl-D")
    cancelled(okr, repo, "intr", "Ctrl-C")
    if okr_hashes(repo) != hashes:
        fail("an OKR file changed")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
