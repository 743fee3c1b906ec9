#!/usr/bin/env python3
"""Where okr's output goes, for every command that writes to standard output:
  standard output on a full disk (/dev/full): exit status 2 and a message naming it;
  a closed pipe: no message, whether SIGPIPE kills okr (the default) or is ignored (EPIPE);
  --output to a full device or an unwritable folder: exit 2 and a message naming the file;
  okr help COMMAND prints exactly okr COMMAND --help.

usage: output-test.py OKR EXAMPLES_DIR
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

okr, examples = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
work = tempfile.mkdtemp(prefix="okr-output-test-")
env = {"OKR_TODAY": "2026-11-20", "NO_COLOR": "1", "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8",
       "HOME": work, "OKR_CACHE_DIR": os.path.join(work, "cache")}
COMMANDS = [["check", "--format", "sarif"], ["check"], ["align"], ["score"], ["report"],
            ["schema", "okr"], ["rules"], ["rules", "output-kr"], ["log"], ["--version"],
            ["help", "check"], ["score", "--format", "json"], ["align", "--format", "json"]]
failed = []


def run(args, **kwargs):
    return subprocess.run([okr, *args], cwd=examples, env=env, stderr=subprocess.PIPE, text=True,
                          **kwargs)


for args in COMMANDS:
    shown = "okr " + " ".join(args)
    normal = run(args, stdout=subprocess.PIPE)
    if normal.returncode not in (0, 1) or not normal.stdout:
        failed.append(f"{shown}: exited {normal.returncode} with no output:\n{normal.stderr}")
        continue
    with open("/dev/full", "w") as full:
        result = run(args, stdout=full)
    if result.returncode != 2 or "cannot write standard output" not in result.stderr:
        failed.append(f"{shown} > /dev/full: exited {result.returncode}, said {result.stderr!r}")
    for ignore in (False, True):
        read_end, write_end = os.pipe()
        os.close(read_end)  # nobody will ever read: the first write meets a closed pipe

        def setup(ignore=ignore):
            signal.signal(signal.SIGPIPE, signal.SIG_IGN if ignore else signal.SIG_DFL)
        result = run(args, stdout=write_end, preexec_fn=setup)
        os.close(write_end)
        if result.stderr:
            failed.append(f"{shown} into a closed pipe (SIGPIPE {'ignored' if ignore else 'default'})"
                          f": said {result.stderr!r}")
        if ignore and result.returncode != normal.returncode:
            failed.append(f"{shown} into a closed pipe, SIGPIPE ignored: exited "
                          f"{result.returncode}, not {normal.returncode}")

for spec, why in [("sarif=/dev/full", "No space left on device"),
                  (f"sarif={work}/missing/okr.sarif", "No such file or directory")]:
    result = run(["check", "--output", spec], stdout=subprocess.PIPE)
    if result.returncode != 2 or spec.split("=")[1] not in result.stderr or why not in result.stderr:
        failed.append(f"okr check --output {spec}: exited {result.returncode}, said "
                      f"{result.stderr!r}")

for command in ["check", "checkin", "score", "align", "report", "rules", "schema", "log", "init",
                "new"]:
    by_help = run(["help", command], stdout=subprocess.PIPE)
    by_flag = run([command, "--help"], stdout=subprocess.PIPE)
    if by_help.returncode != 0 or by_help.stdout != by_flag.stdout:
        failed.append(f"okr help {command} differs from okr {command} --help")
top = run(["help"], stdout=subprocess.PIPE)
if top.returncode != 0 or top.stdout != run(["--help"], stdout=subprocess.PIPE).stdout:
    failed.append("okr help differs from okr --help")

shutil.rmtree(work, ignore_errors=True)
for message in failed:
    print(message)
print(f"{len(COMMANDS)} commands: {'ok' if not failed else f'{len(failed)} failures'}")
sys.exit(1 if failed else 0)
