#!/usr/bin/env python3
"""The okr-check hook of .pre-commit-hooks.yaml, run for real by Debian's pre-commit.

A hook repository is made from this tree's .pre-commit-hooks.yaml and hooks/, committed on a
branch `main`; a user's repository holds examples/ in a subfolder (okr-repo/) and the
README's .pre-commit-config.yaml snippet exactly as written, but for the repository URL. Then,
through `pre-commit install` and `git commit`:
  a commit that touches no OKR file passes without running okr;
  a harmless change to an OKR file passes, after checking the whole repository;
  renaming an objective that other files align to fails (the breakage is in the other files);
  deleting an owner's OKR file fails (nothing staged remains for the hook to be given);
  renaming a check-in file passes, and a broken okr.yaml fails.

usage: pre-commit-hook.py OKR SOURCE_DIR
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

okr = os.path.abspath(sys.argv[1])
source = pathlib.Path(sys.argv[2])
failed = []

hooks = yaml.safe_load(open(source / ".pre-commit-hooks.yaml"))
hook = next(h for h in hooks if h["id"] == "okr-check")
for key, value in {"language": "script", "pass_filenames": False, "always_run": True,
                   "require_serial": True}.items():
    if hook.get(key) != value:
        failed.append(f"{key} is {hook.get(key)!r}, expected {value!r}")

readme = (source / "README.md").read_text()
snippet = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", readme, re.S)
if not snippet:
    sys.exit("README.md has no ```yaml block starting with '# .pre-commit-config.yaml'")
config_text = snippet.group(1)

work = pathlib.Path(tempfile.mkdtemp(prefix="okr-pre-commit-"))
try:
    bin_dir = work / "bin"
    bin_dir.mkdir()
    (bin_dir / "okr").symlink_to(okr)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(work), "OKR_TODAY": "2026-11-20",
           "NO_COLOR": "1", "LC_ALL": "C.UTF-8", "PRE_COMMIT_HOME": str(work / "cache"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "OKR_CACHE_DIR": str(work / "okr-cache")}

    def run(args, cwd, check=True):
        result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
        if check and result.returncode != 0:
            sys.exit(f"{' '.join(map(str, args))} exited {result.returncode}:\n"
                     f"{result.stdout}{result.stderr}")
        return result

    # The hook repository, as users clone it.
    hook_repo = work / "okr-hooks"
    hook_repo.mkdir()
    shutil.copy(source / ".pre-commit-hooks.yaml", hook_repo)
    shutil.copytree(source / "hooks", hook_repo / "hooks")
    run(["git", "init", "-q", "-b", "main"], hook_repo)
    run(["git", "add", "."], hook_repo)
    run(["git", "commit", "-q", "-m", "hooks"], hook_repo)

    # The user's repository: OKRs in a subfolder, the README's configuration.
    user = work / "monorepo"
    user.mkdir()
    run(["git", "init", "-q", "-b", "main"], user)
    shutil.copytree(source / "examples", user / "okr-repo")
    (user / "README.md").write_text("a monorepo\n")
    urls = re.findall(r"repo: (\S+)", config_text)
    if len(urls) != 1:
        sys.exit(f"the README's snippet names {len(urls)} repositories, expected one")
    (user / ".pre-commit-config.yaml").write_text(config_text.replace(urls[0], str(hook_repo)))
    run(["git", "add", "."], user)
    run(["git", "commit", "-q", "-m", "start"], user)
    run(["pre-commit", "install"], user)

    def commit(what, expect_pass, change):
        change()
        run(["git", "add", "-A"], user)
        result = run(["git", "commit", "-q", "-m", what], user, check=False)
        output = result.stdout + result.stderr
        if (result.returncode == 0) != expect_pass:
            failed.append(f"{what}: the commit {'failed' if expect_pass else 'passed'}:\n{output}")
        if not expect_pass:
            run(["git", "reset", "-q", "--hard", "HEAD"], user)
        return output

    okrs = user / "okr-repo" / "okrs" / "2026-Q4"

    output = commit("a commit without OKR files", True,
                    lambda: (user / "README.md").write_text("a monorepo of two things\n"))
    if "checked" in output:
        failed.append(f"a commit without OKR files ran okr check:\n{output}")

    def comment():
        with open(okrs / "payments.yaml", "a") as f:
            f.write("# reviewed\n")
    output = commit("a clean change to an OKR file", True, comment)

    def rename_objective():
        path = okrs / "digital-services.yaml"
        path.write_text(path.read_text().replace("- id: delight-new-customers",
                                                 "- id: delight-customers"))
    output = commit("renaming an objective others align to", False, rename_objective)
    if "okr-repo/okrs/2026-Q4/discover.yaml" not in output:
        failed.append(f"the rename's failure does not name the file it broke:\n{output}")

    commit("deleting an owner's OKR file", False,
           lambda: (okrs / "digital-services.yaml").unlink())

    def rename_checkin():
        folder = user / "okr-repo" / "checkins" / "2026-Q4" / "identity"
        (folder / "2026-10-09.yaml").rename(folder / "2026-10-09-2.yaml")
    commit("renaming a check-in file", True, rename_checkin)

    commit("a broken okr.yaml", False,
           lambda: (user / "okr-repo" / "okr.yaml").write_text("version: [\n"))
finally:
    shutil.rmtree(work, ignore_errors=True)

for message in failed:
    print(message)
sys.exit(1 if failed else 0)
