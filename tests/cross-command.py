#!/usr/bin/env python3
"""One scoring truth: `okr score`, `okr report` and `okr align` give the same numbers.

usage: cross-command.py OKR EXAMPLES GENERATE

For examples/ and for a small repository made by bench/generate.py, at three as-of dates
(early in the quarter, in the middle, after its end), every owner, objective and key result
that two of `score --format json`, `report --format json` and `align --format json` show has
the same score in each (null included), and every computed number is rounded once, to three
decimals. Between score and report, each owner, objective and key result also has the same
grade, pace and measured counts, and each key result the same measured, succeeded, behind_pace,
expected and forecast. Exits 1 on the first mismatch list, printing every mismatch.
"""
import json
import os
import subprocess
import sys
import tempfile

okr = os.path.abspath(sys.argv[1])
examples = os.path.abspath(sys.argv[2])
generate = os.path.abspath(sys.argv[3])
problems = []


def run(root, *args):
    env = dict(os.environ, NO_COLOR="1", OKR_TODAY="2027-01-31")
    out = subprocess.run([okr, *args, "--root", root, "--no-cache"], env=env,
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        problems.append(f"{' '.join(args)}: status {out.returncode}: {out.stderr.strip()}")
        return None
    return json.loads(out.stdout)


def rounded_once(where, value):
    if isinstance(value, float) and round(value, 3) != value:
        problems.append(f"{where}: {value!r} is not rounded to three decimals")


# The facts besides the score that score and report both show, by kind of thing.
OWNER_FACTS = ("grade", "pace", "measured_count", "total_count", "expected")
OBJECTIVE_FACTS = ("grade", "pace", "measured_count", "total_count", "rollup")
KR_FACTS = ("grade", "pace", "measured", "succeeded", "behind_pace", "expected", "forecast")


def facts(item, names):
    return {name: item.get(name) for name in names}


def score_numbers(doc, details=None):
    numbers = {}
    for owner in doc["owners"]:
        numbers[owner["owner"]] = owner["score"]
        if details is not None:
            details[owner["owner"]] = facts(owner, OWNER_FACTS)
        for objective in owner["objectives"]:
            ref = owner["owner"] + "/" + objective["id"]
            numbers[ref] = objective["score"]
            if details is not None:
                details[ref] = facts(objective, OBJECTIVE_FACTS)
            for kr in objective["key_results"]:
                numbers[kr["ref"]] = kr["score"]
                if details is not None:
                    details[kr["ref"]] = facts(kr, KR_FACTS)
                rounded_once(kr["ref"] + " forecast", kr["forecast"])
    return numbers


def report_numbers(doc, details=None):
    numbers = {}
    for owner in doc["owners"]:
        numbers[owner["id"]] = owner["score"]
        if details is not None:
            details[owner["id"]] = facts(owner, OWNER_FACTS)
        for objective in owner["objectives"]:
            numbers[objective["ref"]] = objective["score"]
            if details is not None:
                details[objective["ref"]] = facts(objective, OBJECTIVE_FACTS)
            for kr in objective["key_results"]:
                numbers[kr["ref"]] = kr["score"]
                if details is not None:
                    details[kr["ref"]] = facts(kr, KR_FACTS)
                rounded_once(kr["ref"] + " forecast", kr["forecast"])
    for level in doc["summary"]["levels"]:
        rounded_once("summary mean of " + level["level"], level["mean"])
    return numbers


def align_numbers(doc):
    return {node["id"]: node["score"] for node in doc["nodes"]
            if node["type"] in ("objective", "key_result")}


def compare(label, first_name, first, second_name, second, must_cover):
    shared = set(first) & set(second)
    if not shared:
        problems.append(f"{label}: {first_name} and {second_name} share nothing to compare")
    if must_cover:
        for key in sorted(set(first) - set(second)):
            problems.append(f"{label}: {key} is in {first_name} but not in {second_name}")
    for key in sorted(shared):
        rounded_once(f"{label} {key}", first[key])
        if first[key] != second[key]:
            problems.append(f"{label}: {key}: {first_name} {first[key]}, "
                            f"{second_name} {second[key]}")
    return len(shared)


def check(name, root, dates):
    compared = 0
    facts_compared = 0
    for date in dates:
        label = f"{name} as of {date}"
        score = run(root, "score", "--format", "json", "--as-of", date)
        report = run(root, "report", "--format", "json", "--as-of", date)
        align = run(root, "align", "--format", "json", "--as-of", date)
        if score is None or report is None or align is None:
            continue
        score_facts, report_facts = {}, {}
        s = score_numbers(score, score_facts)
        r = report_numbers(report, report_facts)
        a = align_numbers(align)
        # The report shows every owner score shows (and the annual company OKRs as well).
        compared += compare(label, "score", s, "report", r, True)
        for key in sorted(set(score_facts) & set(report_facts)):
            facts_compared += len(score_facts[key])
            for fact, value in score_facts[key].items():
                if value != report_facts[key][fact]:
                    problems.append(f"{label}: {key}: {fact}: score {value!r}, "
                                    f"report {report_facts[key][fact]!r}")
        # align shows no owner score, and only once something is measured.
        compared += compare(label, "report", r, "align", a, False) if a else 0
        compared += compare(label, "score", s, "align", a, False) if a else 0
    print(f"{name}: {compared} numbers and {facts_compared} other facts compared")


check("examples", examples, ["2026-10-09", "2026-11-20", "2027-01-05"])
with tempfile.TemporaryDirectory() as folder:
    generated = os.path.join(folder, "repo")
    subprocess.run([sys.executable, generate, generated, "--teams", "30", "--weeks", "13"],
                   check=True, capture_output=True)
    check("generated", generated, ["2026-07-20", "2026-08-20", "2026-10-01"])

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
