#!/usr/bin/env python3
"""The README's console blocks cannot go stale: every command they show is run, and its output
must be what the README pastes.

usage: readme-tour.py OKR README EXAMPLES_DIR

A block is a ```console fence whose first line starts with "$ ". Each block runs in a fresh
copy of EXAMPLES_DIR, with OKR_TODAY=2026-11-20 and NO_COLOR=1, `okr` being OKR:
  - a line "$ COMMAND" is a command (a line ending in a backslash continues on the next one),
    run by bash in the copy; the lines up to the next command are what it prints, standard
    output and standard error together as a terminal shows them;
  - a line "…" alone trims the output: the lines before it must begin the real output and the
    lines after it, if any, must end it;
  - an HTML comment "<!-- readme-tour setup: COMMAND -->" just before the fence runs COMMAND
    first, unseen (to break a file for a block that shows an error).
The commands of the tour must cover okr check, checkin, score, align and report.
"""
import difflib
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

TRIM = "…"
TOUR = ["check", "checkin", "score", "align", "report"]

okr = os.path.abspath(sys.argv[1])
readme = pathlib.Path(sys.argv[2])
examples = pathlib.Path(sys.argv[3])


def blocks(text):
    """[(line number, setup command or None, [(command, [expected lines])])]."""
    found, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        start, setup = i + 1, None
        j = i - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        comment = re.fullmatch(r"<!-- readme-tour setup: (.*) -->", lines[j].strip())
        if j >= 0 and comment:
            setup = comment.group(1)
        body = []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i])
            i += 1
        i += 1
        if not body or not body[0].startswith("$ "):
            continue
        commands = []
        k = 0
        while k < len(body):
            if body[k].startswith("$ "):
                command = body[k][2:]
                while command.endswith("\\") and k + 1 < len(body):
                    k += 1
                    command = command[:-1].rstrip() + " " + body[k].strip()
                commands.append((command, []))
            else:
                commands[-1][1].append(body[k])
            k += 1
        found.append((start, setup, commands))
    return found


def matches(expected, actual):
    if TRIM not in expected:
        return expected == actual
    cut = expected.index(TRIM)
    head, tail = expected[:cut], expected[cut + 1:]
    return (len(actual) >= len(head) + len(tail) and actual[:len(head)] == head
            and (not tail or actual[-len(tail):] == tail))


work = pathlib.Path(tempfile.mkdtemp(prefix="okr-readme-tour."))
try:
    bin_dir = work / "bin"
    bin_dir.mkdir()
    (bin_dir / "okr").symlink_to(okr)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(work), "USER": "readme",
           "XDG_CACHE_HOME": str(work / "cache"), "LC_ALL": "C.UTF-8", "TERM": "dumb",
           "OKR_TODAY": "2026-11-20", "NO_COLOR": "1"}
    failures, shown = [], []
    for number, (line, setup, commands) in enumerate(blocks(readme.read_text(encoding="utf-8"))):
        repo = work / f"block-{number}"
        shutil.copytree(examples, repo)

        def run(command):
            result = subprocess.run(["bash", "-c", command], cwd=repo, env=env, text=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            return result.stdout.splitlines()

        if setup:
            run(setup)
        for command, expected in commands:
            shown.append(command)
            actual = run(command)
            if not matches(expected, actual):
                diff = "\n".join(difflib.unified_diff(expected, actual, "README.md", "okr",
                                                      lineterm=""))
                failures.append(f"README.md:{line}: `{command}` prints something else:\n{diff}")
    for command in TOUR:
        if not any(re.match(rf"okr {command}\b", c) for c in shown):
            failures.append(f"README.md: no console block runs `okr {command}`")
    for failure in failures:
        print(failure)
    if failures:
        print(f"{len(failures)} problems: the README shows what okr does not print")
        sys.exit(1)
    print(f"ok: {len(shown)} commands of README.md print what it shows")
finally:
    shutil.rmtree(work)
