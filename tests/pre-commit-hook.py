#!/usr/bin/env python3
"""The okr-check hook of .pre-commit-hooks.yaml: its fields, the files it picks, and that its
entry runs okr the way pre-commit would (in the repository root, staged files appended).

usage: pre-commit-hook.py OKR HOOKS_FILE EXAMPLES_DIR
"""
import os
import pathlib
import re
import subprocess
import sys

import yaml

okr, hooks_file = os.path.abspath(sys.argv[1]), sys.argv[2]
examples = pathlib.Path(sys.argv[3])
hooks = yaml.safe_load(open(hooks_file))
hook = next(h for h in hooks if h["id"] == "okr-check")
failed = []
for key, value in {"language": "system", "require_serial": True, "pass_filenames": True}.items():
    if hook.get(key) != value:
        failed.append(f"{key} is {hook.get(key)!r}, expected {value!r}")
files = re.compile(hook["files"])
for path in ["okrs/2026-Q4/discover.yaml", "checkins/2026-Q4/discover/2026-10-09.yaml",
             "okr.yaml", "okrs/2026/acme.yml"]:
    if not files.search(path):
        failed.append(f"files does not match {path}")
for path in ["README.md", "src/okrs/x.yaml", "docs/okr.yaml", "okrs/notes.txt"]:
    if files.search(path):
        failed.append(f"files matches {path}")
staged = sorted(p.relative_to(examples).as_posix() for p in examples.rglob("*.yaml"))
staged = [p for p in staged if files.search(p)]
entry = hook["entry"].split()
assert entry[0] == "okr"
run = subprocess.run([okr] + entry[1:] + hook.get("args", []) + staged, cwd=examples,
                     env={"OKR_TODAY": "2026-11-20", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
                     capture_output=True, text=True)
if run.returncode != 0 or f"checked {len(staged)} files: 0 errors" not in run.stdout:
    failed.append(f"the hook on examples/ exited {run.returncode}:\n{run.stdout}{run.stderr}")
for message in failed:
    print(message)
sys.exit(1 if failed else 0)
