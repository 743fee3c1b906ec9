#!/usr/bin/env python3
"""`okr new` asks its questions through a real pseudo-terminal.

new_pty.py OKR REPO: copies REPO, answers the questions (one bad level first), and checks
the file written; then stops a second interview with EOF and checks that nothing is written.
"""
import os
import pty
import shutil
import subprocess
import sys
import tempfile
import time


def run(okr, cwd, answers):
    """Runs `okr new payments` on a pty, typing each answer after its prompt appears."""
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(cwd)
        os.environ.update({"OKR_TODAY": "2026-11-20", "NO_COLOR": "1", "TERM": "dumb"})
        os.execv(okr, [okr, "new", "payments"])
    output = b""
    for prompt, answer in answers:
        deadline = time.time() + 10
        while prompt.encode() not in output:
            if time.time() > deadline:
                os.kill(pid, 9)
                sys.exit(f"no prompt {prompt!r}; output so far:\n{output.decode(errors='replace')}")
            try:
                output += os.read(fd, 4096)
            except OSError:
                break
        output = output[output.index(prompt.encode()) + len(prompt):]
        os.write(fd, answer)
    rest = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        rest += chunk
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), rest.decode(errors="replace")


def main():
    okr, source = os.path.abspath(sys.argv[1]), sys.argv[2]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "repo")
        shutil.copytree(source, repo)
        target = os.path.join(repo, "okrs", "2026-Q4", "payments.yaml")

        status, rest = run(okr, repo, [
            ("Level", b"squad\r"),
            ("Level", b"team\r"),
            ("Parent", b"acme\r"),
            ("Cycle", b"\r"),
            ("Display name", b"Payments team\r"),
            ("> ", b"Paying a friend takes one tap, and nobody calls support about it\r"),
            ("A first objective", b"Make paying anyone effortless\r"),
            ("Aligns to", b"acme/delight\r"),
        ])
        if status != 0:
            failures.append(f"interview: exit {status}: {rest}")
        elif not os.path.exists(target):
            failures.append("interview: no file written")
        else:
            text = open(target).read()
            for want in ["# Paying a friend takes one tap, and nobody calls support about it",
                         "name: \"Payments team\"", "title: \"Make paying anyone effortless\"",
                         "aligns_to: acme/delight", "parent: acme", "cycle: 2026-Q4"]:
                if want not in text:
                    failures.append(f"interview: file lacks {want!r}")
            check = subprocess.run([okr, "check"], cwd=repo, capture_output=True, text=True,
                                   env={"OKR_TODAY": "2026-11-20", "NO_COLOR": "1"})
            if check.returncode != 0:
                failures.append(f"the file written does not pass okr check: {check.stdout}")
            os.remove(target)

        status, rest = run(okr, repo, [("Level", b"team\r"), ("Parent", b"\x04")])
        if status != 2 or "nothing written" not in rest:
            failures.append(f"EOF: exit {status}, output {rest!r}")
        if os.path.exists(target):
            failures.append("EOF: a file was written")
    for failure in failures:
        print("FAIL", failure)
    print("okr new through a pty:", "failed" if failures else "ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
