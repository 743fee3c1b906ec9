#!/usr/bin/env python3
"""No output of okr prints a double's binary noise (0.09999999999999432, 0.8666666666666667).

Runs every output format of score, report, align, log (the whole log and each key result's
history) and check over examples/ and over a repository made by bench/generate.py, at several
dates (OKR_TODAY), and fails on any number with seven or more decimals, naming the command.

    number-noise.py OKR EXAMPLES GENERATE_PY
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

NOISE = re.compile(r"(?<![0-9A-Za-z_.])-?[0-9]+\.[0-9]{7,}")
# Positions and chart coordinates are not numbers of the model; none has 7 decimals either,
# so nothing is excused.

SCORE_FORMATS = ["table", "json", "csv", "markdown"]
REPORT_FORMATS = ["markdown", "html", "json"]
ALIGN_FORMATS = ["tree", "json", "markdown", "mermaid", "dot"]
LOG_FORMATS = ["text", "json"]
CHECK_FORMATS = ["text", "concise", "json", "sarif", "github", "gitlab", "junit"]


def run(okr, root, today, args, stdout_only=False):
    env = dict(os.environ, OKR_TODAY=today, NO_COLOR="1")
    result = subprocess.run([okr] + args + ["--root", root], capture_output=True, text=True,
                            env=env, timeout=300)
    if result.returncode not in (0, 1):
        raise SystemExit(f"okr {' '.join(args)} (OKR_TODAY={today}) exited "
                         f"{result.returncode}:\n{result.stderr}")
    return result.stdout if stdout_only else result.stdout + result.stderr


def key_results(okr, root, today):
    """The refs of every key result okr score shows on `today`."""
    doc = json.loads(run(okr, root, today, ["score", "--format", "json", "--include-private"],
                         stdout_only=True))
    refs = []
    for owner in doc["owners"]:
        for objective in owner["objectives"]:
            for kr in objective["key_results"]:
                refs.append(kr["ref"])
    return refs


def sweep(okr, root, dates, kr_limit):
    """Every command and format on every date; returns the noisy lines found."""
    found = []
    for today in dates:
        commands = []
        for f in SCORE_FORMATS:
            commands.append(["score", "--format", f, "--include-private"])
            commands.append(["score", "--format", f, "--rollup"])
        for f in REPORT_FORMATS:
            commands.append(["report", "--format", f, "--include-private"])
        for f in ALIGN_FORMATS:
            commands.append(["align", "--format", f])
        for f in LOG_FORMATS:
            commands.append(["log", "--format", f, "--include-private"])
        for f in CHECK_FORMATS:
            commands.append(["check", "--format", f, "--no-cache"])
        for ref in key_results(okr, root, today)[:kr_limit]:
            for f in LOG_FORMATS:
                commands.append(["log", ref, "--format", f, "--include-private"])
        for args in commands:
            for line in run(okr, root, today, args).splitlines():
                if NOISE.search(line):
                    found.append(f"OKR_TODAY={today} okr {' '.join(args)}: {line.strip()[:200]}")
    return found


def main():
    okr, examples, generate = sys.argv[1:4]
    found = []
    with tempfile.TemporaryDirectory(prefix="okr-number-noise-") as tmp:
        # A copy, so that no cache or output lands in the source tree.
        copy = os.path.join(tmp, "examples")
        shutil.copytree(examples, copy)
        found += sweep(okr, copy, ["2026-10-20", "2026-11-20", "2026-12-31", "2027-01-05"], 1000)
        generated = os.path.join(tmp, "generated")
        subprocess.run([sys.executable, generate, generated, "--teams", "40", "--weeks", "13"],
                       check=True, capture_output=True)
        found += sweep(okr, generated, ["2026-08-14", "2026-09-30", "2026-10-10"], 60)
    if found:
        print(f"{len(found)} line(s) print binary floating-point noise:")
        for line in found[:60]:
            print("  " + line)
        return 1
    print("no binary floating-point noise in any output")
    return 0


if __name__ == "__main__":
    sys.exit(main())
