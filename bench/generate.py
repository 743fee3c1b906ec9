#!/usr/bin/env python3
"""Generates a synthetic OKR repository in format v1 for benchmarks.

A company, units of about 20 teams each, N teams with 3 objectives x 4 key results aligned
upwards, and W weekly check-ins per team. Deterministic: the same arguments give the same
bytes. Python 3 standard library only.

    bench/generate.py OUT [--teams N] [--weeks W] [--seed S] [--history]

With --history, OUT is a git repository of W weekly commits, one per check-in date: each adds
every team's check-in of that week and edits 5% of the OKR files (a key result's target moved
by one); the first holds the OKR files as planned. Needs git.
"""

import argparse
import datetime
import os
import random
import re
import shutil
import subprocess

TEAMS_PER_UNIT = 20
VERBS = ["Increase", "Grow", "Lift", "Raise", "Cut", "Reduce", "Lower", "Shorten"]
THINGS = [
    "onboarding completion", "weekly active customers", "first-payment rate",
    "support tickets about login", "median time to resolve an incident", "card activation",
    "share of self-service requests", "checkout conversion", "repeat purchases",
    "documents verified automatically", "net promoter score", "pages with broken links",
]
UNITS = ["%", "customers", "tickets a month", "hours", "points", "requests a day"]
THEMES = [
    ("delight", "Make {} effortless for {}"),
    ("grow", "Win {} through {}"),
    ("resilient", "Keep {} dependable for {}"),
]
# Objective titles: a theme's sentence with three random words, so that titles of different
# teams differ as real ones do (and do not trip overlapping-objectives by construction).
WORDS = [
    "signup", "payments", "cards", "loans", "savings", "search", "checkout", "invoices",
    "refunds", "statements", "alerts", "transfers", "budgets", "receipts", "disputes",
    "identity", "onboarding", "support", "billing", "pricing", "mortgages", "insurance",
    "investing", "rewards", "lending", "accounts", "reporting", "exports", "imports", "limits",
    "notifications", "settings", "profiles", "documents", "contracts", "messaging", "chat",
    "scheduling", "forecasting", "analytics",
]
SEGMENTS = ["students", "freelancers", "families", "retirees", "shops", "startups", "farmers",
            "travellers", "landlords", "charities"]
PEOPLE = ["ana", "marco", "li", "sam", "noor", "ines", "tomas", "yara", "kofi", "mei"]


def cycle_for(weeks):
    """A past cycle that holds `weeks` weekly check-ins: its id, start and end."""
    if weeks <= 13:
        return "2026-Q3", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)
    if weeks <= 52:
        return "2025", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    raise SystemExit("generate.py: at most 52 weeks")


def key_result(rng, k, contributes=None):
    kind = k % 4
    lines = [f"      - id: kr-{k + 1}"]
    thing = rng.choice(THINGS)
    if kind == 3 and rng.random() < 0.5:
        lines.append(f"        title: Ship the new {thing} dashboard to every team")
        lines.append("        milestone: true  # okr: ignore[output-kr] the dashboard is the result")
        return lines, "milestone", None
    if kind == 2:
        level = rng.randint(90, 99)
        lines.append(f"        title: Keep {thing} at or above {level}")
        lines.append(f"        type: committed")
        lines.append(f"        stay_above: {level}")
        lines.append(f"        unit: \"{rng.choice(UNITS)}\"")
        return lines, "stay_above", (level, level + 5)
    baseline = rng.randint(10, 500)
    target = baseline + rng.randint(5, 200) if rng.random() < 0.7 else max(1, baseline - rng.randint(1, 9))
    verb = rng.choice(VERBS[:4] if target > baseline else VERBS[4:])
    lines.append(f"        title: {verb} {thing} from {baseline} to {target}")
    lines.append(f"        type: {rng.choice(['committed', 'stretch', 'experimental'])}")
    lines.append(f"        baseline: {baseline}")
    lines.append(f"        target: {target}")
    lines.append(f"        unit: \"{rng.choice(UNITS)}\"")
    if rng.random() < 0.3:
        lines.append(f"        owner: {rng.choice(PEOPLE)}")
    if contributes:
        lines.append(f"        contributes_to: [{contributes}]")
    return lines, "progress", (baseline, target)


def okr_file(rng, cycle, owner, name, level, parent, parents_objectives, peer=None):
    """The text of one OKR file, and its KRs as (key, measure, range) for check-ins."""
    lines = [
        f"# OKRs of {name} for {cycle}.",
        f"cycle: {cycle}",
        f"owner: {owner}",
        f"name: {name}",
        f"level: {level}",
    ]
    if parent:
        lines.append(f"parent: {parent}")
    lines.append("objectives:")
    krs = []
    for o, (theme, title) in enumerate(THEMES):
        oid = f"{theme}-{o + 1}"
        lines.append(f"  - id: {oid}")
        a, b, c = rng.sample(WORDS, 3)
        lines.append(f"    title: {title.format(f'{a}, {b} and {c}', rng.choice(SEGMENTS))}")
        if parents_objectives:
            lines.append(f"    aligns_to: {parents_objectives[o]}")
        lines.append(f"    initiatives: [Pilot with five customers, Remove the slowest step]")
        lines.append("    key_results:")
        for k in range(4):
            contributes = None
            if peer and o == 0 and k == 0:
                contributes = f"{peer}/{THEMES[0][0]}-1/kr-1"
            kr_lines, measure, span = key_result(rng, k, contributes)
            lines.extend(kr_lines)
            krs.append((f"{oid}/kr-{k + 1}", measure, span))
    lines.append("kpis:")
    lines.append("  - {id: nps, title: Customer NPS, unit: points, stay_above: 20}")
    return "\n".join(lines) + "\n", [f"{owner}/{theme}-{o + 1}" for o, (theme, _) in enumerate(THEMES)], krs


def checkin_file(rng, cycle, owner, date, week, weeks, krs):
    lines = [
        f"owner: {owner}",
        f"cycle: {cycle}",
        f"date: {date.isoformat()}",
        f"author: {rng.choice(PEOPLE)}",
        f"confidence: {rng.randint(3, 9)}",
        f"status: {rng.choice(['on-track', 'on-track', 'behind', 'at-risk'])}",
        "results:",
    ]
    progress = (week + 1) / weeks
    for key, measure, span in krs:
        if measure == "milestone":
            value = "done" if progress > 0.8 else "not-done"
        elif measure == "stay_above":
            value = round(rng.uniform(span[0], span[1]), 2)
        else:
            baseline, target = span
            value = round(baseline + (target - baseline) * progress * rng.uniform(0.5, 1.1), 1)
        lines.append(f"  {key}: {value}")
    lines.append(f"kpis: {{nps: {rng.randint(15, 60)}}}")
    lines.append(f"issues: \"Waiting on {rng.choice(PEOPLE)} for the data export\"")
    lines.append(f"plan: \"Run the experiment for {rng.randint(1, 3)} more weeks\"")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the folder to write (replaced if it exists)")
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=13)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--history", action="store_true",
                        help="a git repository of weekly commits (see above)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cycle, start, end = cycle_for(args.weeks)
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    okrs = os.path.join(args.out, "okrs", cycle)
    os.makedirs(okrs)

    def write(path, text):
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)

    write(os.path.join(args.out, "okr.yaml"),
          "version: 1\norganization: Synthetic Corp\n"
          f"cycles:\n  {cycle}: {{start: {start.isoformat()}, end: {end.isoformat()}}}\n")
    text, company_objectives, _ = okr_file(rng, cycle, "synth", "Synthetic Corp", "company",
                                           None, None)
    write(os.path.join(okrs, "synth.yaml"), text)
    units = (args.teams + TEAMS_PER_UNIT - 1) // TEAMS_PER_UNIT
    first_checkin = start + datetime.timedelta(days=2)
    files = 2 + units
    later = []  # with --history: (team, folder, krs), check-ins written week by week
    for u in range(units):
        unit = f"unit-{u + 1:04d}"
        text, unit_objectives, _ = okr_file(rng, cycle, unit, f"Unit {u + 1}", "unit", "synth",
                                            company_objectives)
        write(os.path.join(okrs, f"{unit}.yaml"), text)
        first = u * TEAMS_PER_UNIT
        for t in range(first, min(args.teams, first + TEAMS_PER_UNIT)):
            team = f"team-{t + 1:05d}"
            peer = f"team-{t:05d}" if t > first else None
            text, _, krs = okr_file(rng, cycle, team, f"Team {t + 1}", "team", unit,
                                    unit_objectives, peer)
            write(os.path.join(okrs, f"{team}.yaml"), text)
            folder = os.path.join(args.out, "checkins", cycle, team)
            os.makedirs(folder)
            if args.history:
                later.append((team, folder, krs))
                files += 1 + args.weeks
                continue
            for w in range(args.weeks):
                date = first_checkin + datetime.timedelta(weeks=w)
                write(os.path.join(folder, f"{date.isoformat()}.yaml"),
                      checkin_file(rng, cycle, team, date, w, args.weeks, krs))
            files += 1 + args.weeks
    if args.history:
        history(args, rng, cycle, first_checkin, okrs, later, write)
    print(f"{args.out}: {args.teams} teams, {units} units, {files} files"
          + (f", {args.weeks} commits" if args.history else ""))


def history(args, rng, cycle, first_checkin, okrs, teams, write):
    """Commits week by week: every team's check-in, and 5% of the OKR files edited."""
    def git(*words, date=None):
        env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Synth",
                   GIT_AUTHOR_EMAIL="synth@example.com", GIT_COMMITTER_NAME="Synth",
                   GIT_COMMITTER_EMAIL="synth@example.com")
        if date:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date.isoformat()}T17:00:00+00:00"
        subprocess.run(["git", "-C", args.out, *words], check=True, env=env,
                       stdout=subprocess.DEVNULL)

    git("init", "-q", "-b", "main")
    names = sorted(os.listdir(okrs))
    for w in range(args.weeks):
        date = first_checkin + datetime.timedelta(weeks=w)
        for team, folder, krs in teams:
            write(os.path.join(folder, f"{date.isoformat()}.yaml"),
                  checkin_file(rng, cycle, team, date, w, args.weeks, krs))
        if w > 0:
            for name in rng.sample(names, max(1, len(names) // 20)):
                path = os.path.join(okrs, name)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                text = re.sub(r"(target: )([0-9.]+)",
                              lambda m: m.group(1) + str(float(m.group(2)) + 1).removesuffix(".0"),
                              text, count=1)
                write(path, text)
        git("add", "-A")
        git("commit", "-q", "-m", f"week {w + 1}", date=date)


if __name__ == "__main__":
    main()
