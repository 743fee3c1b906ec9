#!/usr/bin/env python3
"""okr due --format slack is a Slack Block Kit message payload. Block Kit publishes no schema, so
this is a structural test of what its reference documents: a "blocks" array of at most 50 blocks,
each of a known type; header text plain_text of at most 150 characters; section text mrkdwn or
plain_text of at most 3000 characters; context elements text objects, at most 10; a "text"
fallback; mrkdwn with & < > escaped. Run on the golden repository of okr due and on a generated
one of 150 overdue teams with long, hostile names, where the list must end with "and N more".

usage: due-slack.py OKR GOLDEN_REPO
"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

okr, golden = sys.argv[1], pathlib.Path(sys.argv[2])
failures = []
BLOCK_TYPES = {"header", "section", "context", "divider", "actions", "image", "input",
               "rich_text", "file", "video"}


def fail(what, message):
    failures.append(f"{what}: {message}")


def check_text(what, text, kinds=("mrkdwn", "plain_text"), limit=3000):
    if not isinstance(text, dict) or text.get("type") not in kinds:
        fail(what, f"a text object of type {' or '.join(kinds)} expected, got {text!r:.80}")
        return ""
    value = text.get("text")
    if not isinstance(value, str) or not value:
        fail(what, "empty or missing text")
        return ""
    if len(value) > limit:
        fail(what, f"{len(value)} characters, more than {limit}")
    if text["type"] == "mrkdwn" and re.search(r"[<>]|&(?!amp;|lt;|gt;)", value):
        fail(what, f"unescaped & < or > in mrkdwn: {value!r:.120}")
    return value


def check_payload(what, payload):
    if not isinstance(payload.get("text"), str) or not payload["text"]:
        fail(what, "no \"text\" fallback")
    blocks = payload.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        fail(what, "no \"blocks\" array")
        return ""
    if len(blocks) > 50:
        fail(what, f"{len(blocks)} blocks, more than 50")
    seen = []
    for i, block in enumerate(blocks):
        where = f"{what}: blocks[{i}]"
        kind = block.get("type")
        if kind not in BLOCK_TYPES:
            fail(where, f"unknown block type {kind!r}")
        elif kind == "header":
            seen.append(check_text(where, block.get("text"), ("plain_text",), 150))
        elif kind == "section":
            seen.append(check_text(where, block.get("text")))
        elif kind == "context":
            elements = block.get("elements")
            if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
                fail(where, "a context needs 1 to 10 elements")
                continue
            for j, element in enumerate(elements):
                seen.append(check_text(f"{where}.elements[{j}]", element))
    return "\n".join(seen)


def run(repo, *args):
    env = dict(os.environ, OKR_TODAY="2026-11-20", NO_COLOR="1", LC_ALL="C.UTF-8")
    result = subprocess.run([okr, "due", "--no-cache", "--root", str(repo), *args],
                            capture_output=True, text=True, env=env)
    if result.returncode != 0:
        fail(f"okr due {' '.join(args)}", f"exit status {result.returncode}: {result.stderr}")
    return result.stdout


work = pathlib.Path(tempfile.mkdtemp())
try:
    for args in ([], ["--include-private"], ["--as-of", "2026-10-02"]):
        what = " ".join(["golden"] + args)
        text = check_payload(what, json.loads(run(golden, "--format", "slack", *args)))
        if args == [] and "Cards &amp; *Wallets* &lt;EU&gt;" not in text:
            fail(what, "the name with & < > is not in the message, escaped")

    # 150 teams, none checked in: every one overdue, with long and hostile names.
    big = work / "big"
    (big / "okrs/2026-Q4").mkdir(parents=True)
    (big / "okr.yaml").write_text("organization: Big Co\n")
    for n in range(150):
        name = f"Team {n} & <Co> \\a\\e[31m " + "very long name " * 60
        (big / f"okrs/2026-Q4/team-{n:03}.yaml").write_text(
            f"cycle: 2026-Q4\nowner: team-{n:03}\nname: \"{name}\"\nlevel: team\n"
            "objectives:\n  - id: grow\n    title: Grow the business we are in\n"
            "    key_results:\n      - id: users\n        title: Grow users from 10 to 20\n"
            "        baseline: 10\n        target: 20\n")
    text = check_payload("150 teams", json.loads(run(big, "--format", "slack")))
    if "and 110 more" not in text:
        fail("150 teams", "the list does not end with \"and 110 more\"")
    if "\x1b" in text or "\x07" in text:
        fail("150 teams", "a control character reached the message")
finally:
    shutil.rmtree(work)

for f in failures:
    print(f)
print(f"{len(failures)} problems" if failures else "ok: okr due --format slack keeps Block Kit's shape")
sys.exit(1 if failures else 0)
