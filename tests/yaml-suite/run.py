#!/usr/bin/env python3
"""The official YAML test suite through okr's loader: no invalid YAML passes.

    run.py OKR SUITE [--report]

SUITE is the folder of the suite's inputs (one folder per case, sub-folders for sub-cases,
`in.yaml` the input, an empty file `error` marking an input that is not valid YAML); CI has it
in ../shared/yaml-test-suite beside the clone. A missing or empty SUITE fails the test: it never
passes by checking nothing.

Every case runs in three placements: as the whole of an OKR file, of a check-in file and of
okr.yaml. For each: no crash (exit 0, 1 or 2, never a signal or an `okr: error:` about the
program itself), no hang (a time limit), and for an invalid case never exit 0 and always a
`syntax` finding with a line and column in that file. The OKR and check-in placements put every
case in one repository (one run each, so a crash there names the run, and --report tells the
case); okr.yaml needs a repository per case.

--report prints, for the valid cases, those that yaml-cpp cannot read (a `syntax` finding on
valid YAML): the known parser limits SECURITY.md lists.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

TODAY = "2026-11-20"
LIMIT = 120  # seconds for one run of okr


def cases(suite):
    """(name, input bytes, invalid) of every case and sub-case, sorted by name."""
    found = []
    for folder, _, names in os.walk(suite):
        if "in.yaml" in names:
            name = os.path.relpath(folder, suite)
            with open(os.path.join(folder, "in.yaml"), "rb") as f:
                found.append((name, f.read(), "error" in names))
    return sorted(found)


def run(okr, cwd, env):
    try:
        p = subprocess.run([okr, "check", "--no-cache", "--format", "json"], cwd=cwd, env=env,
                           capture_output=True, timeout=LIMIT)
    except subprocess.TimeoutExpired:
        return None, None, "a hang (no answer in {} s)".format(LIMIT)
    if p.returncode not in (0, 1, 2):
        return p.returncode, None, f"exit status {p.returncode} (a crash?): {p.stderr[-500:]!r}"
    try:
        doc = json.loads(p.stdout) if p.stdout.strip() else {"diagnostics": []}
    except ValueError as e:
        return p.returncode, None, f"output is not JSON ({e}): {p.stdout[:300]!r}"
    return p.returncode, doc["diagnostics"], None


def syntax_findings(diagnostics, path):
    return [d for d in diagnostics if d["file"] == path and d["rule"] == "syntax"
            and d["line"] >= 1 and d["column"] >= 1]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    report = "--report" in sys.argv
    if len(args) != 2:
        sys.exit(__doc__)
    okr, suite = os.path.abspath(args[0]), args[1]
    if not os.path.isdir(suite):
        sys.exit(f"FAIL: the YAML test suite is not at {suite}: CI copies /work/shared beside "
                 "the clone as ../shared (configure with -DOKR_YAML_TEST_SUITE=DIR elsewhere)")
    all_cases = cases(suite)
    invalid = sum(1 for c in all_cases if c[2])
    if len(all_cases) < 300 or invalid < 50:
        sys.exit(f"FAIL: {suite} holds {len(all_cases)} cases ({invalid} invalid): not the suite")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OKR_")}
    env.update({"OKR_TODAY": TODAY, "NO_COLOR": "1", "LC_ALL": "C.UTF-8"})
    failures = []
    limits = {}  # placement -> valid cases okr refuses with a syntax finding
    with tempfile.TemporaryDirectory(prefix="okr-yaml-suite-") as work:
        env["XDG_CACHE_HOME"] = os.path.join(work, "cache")
        # Placements in one repository each: OKR files, check-ins.
        for placement, folder in (("OKR file", "okrs/2026-Q4"),
                                  ("check-in", "checkins/2026-Q4/team")):
            repo = os.path.join(work, placement.replace(" ", "-"))
            os.makedirs(os.path.join(repo, folder))
            with open(os.path.join(repo, "okr.yaml"), "w") as f:
                f.write("version: 1\n")
            paths = {}
            for name, text, _ in all_cases:
                path = f"{folder}/{name.replace('/', '-')}.yaml"
                paths[name] = path
                with open(os.path.join(repo, path), "wb") as f:
                    f.write(text)
            status, diagnostics, problem = run(okr, repo, env)
            if problem:
                failures.append(f"{placement}s, all cases in one repository: {problem}")
                continue
            for name, _, bad in all_cases:
                found = syntax_findings(diagnostics, paths[name])
                if bad and not found:
                    other = [f"{d['rule']}: {d['message']}" for d in diagnostics
                             if d["file"] == paths[name]][:2]
                    failures.append(f"{name} as an {placement}: invalid YAML without a syntax "
                                    f"finding (found: {other})")
                elif not bad and found:
                    limits.setdefault(placement, []).append((name, found[0]["message"]))
            if status == 0:
                failures.append(f"{placement}s: exit 0 with {invalid} invalid cases")
        # okr.yaml: a repository per case.
        repo = os.path.join(work, "config")
        os.makedirs(repo)
        for name, text, bad in all_cases:
            with open(os.path.join(repo, "okr.yaml"), "wb") as f:
                f.write(text)
            status, diagnostics, problem = run(okr, repo, env)
            if problem:
                failures.append(f"{name} as okr.yaml: {problem}")
                continue
            found = syntax_findings(diagnostics, "okr.yaml")
            if bad and status == 0:
                failures.append(f"{name} as okr.yaml: invalid YAML, exit 0")
            if bad and not found:
                failures.append(f"{name} as okr.yaml: invalid YAML without a syntax finding")
            elif not bad and found:
                limits.setdefault("okr.yaml", []).append((name, found[0]["message"]))
    for line in failures:
        print("FAIL", line)
    if report:
        for placement, names in limits.items():
            print(f"valid YAML okr refuses as {placement}: {len(names)}")
            for name, message in names:
                print(f"  {name}: {message}")
    print(f"{len(all_cases)} cases ({invalid} invalid) in 3 placements: {len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
