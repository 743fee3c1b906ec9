#!/usr/bin/env python3
"""Generates the repositories that time okr's "did you mean" (tests/hostile/run.sh, bench/run).

    suggestions.py OUT keys     one OKR file with 10,000 key results of look-alike ids and a
                                1 MB check-in with 10,000 misspelt keys (two letters swapped);
                                each line of the check-in names the key it meant in a comment
    suggestions.py OUT parents  5,000 OKR files, each with an unknown parent one letter off
    suggestions.py OUT --check FINDINGS
                                checks that every suggestion in okr's concise output FINDINGS
                                for the `keys` repository is the key meant

Deterministic (seeded); Python 3 standard library only.
"""

import os
import random
import re
import sys

WORDS = ["active", "users", "revenue", "churn", "latency", "signups", "tickets", "payments",
         "retention", "conversion", "uptime", "errors", "onboarding", "referrals", "margin"]
CHECKIN = os.path.join("checkins", "2026-Q4", "discover", "2026-11-20.yaml")


def start(out):
    os.makedirs(os.path.join(out, "okrs", "2026-Q4"), exist_ok=True)
    with open(os.path.join(out, "okr.yaml"), "w") as f:
        f.write("version: 1\n")


def keys(out, n=10000):
    start(out)
    rng = random.Random(23)
    ids = set()
    while len(ids) < n:
        ids.add("-".join(rng.sample(WORDS, 2)) + "-" + str(rng.randrange(100000)))
    ids = sorted(ids)
    with open(os.path.join(out, "okrs", "2026-Q4", "discover.yaml"), "w") as f:
        f.write("cycle: 2026-Q4\nowner: discover\nlevel: company\nobjectives:\n")
        for o in range(0, n, 100):
            f.write(f"  - id: o{o // 100}\n    title: Objective {o // 100}\n    key_results:\n")
            for k in ids[o:o + 100]:
                f.write(f"      - {{id: {k}, title: Result, milestone: true}}\n")
    os.makedirs(os.path.dirname(os.path.join(out, CHECKIN)), exist_ok=True)
    with open(os.path.join(out, CHECKIN), "w") as f:
        f.write("owner: discover\ncycle: 2026-Q4\ndate: 2026-11-20\nresults:\n")
        for i, k in enumerate(ids):
            key = f"o{i // 100}/{k}"
            at = rng.randrange(len(key) - 8, len(key) - 2)  # among the last characters
            typo = key[:at] + key[at + 1] + key[at] + key[at + 2:]
            if typo == key:
                typo = key[:at] + "q" + key[at + 1:]
            f.write(f"  {typo}: done  # meant {key} {'x' * 40}\n")


def parents(out, n=5000):
    start(out)
    for i in range(n):
        with open(os.path.join(out, "okrs", "2026-Q4", f"team-{i:04d}.yaml"), "w") as f:
            f.write(f"cycle: 2026-Q4\nowner: team-{i:04d}\nlevel: team\nparent: teem-{i:04d}\n"
                    "objectives:\n  - id: o\n    title: Objective\n    key_results:\n"
                    "      - {id: k, title: Result, milestone: true}\n")


def distance(a, b):
    """Optimal string alignment distance, as okr computes it."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def check(out, findings):
    """Every suggestion is the key meant, or another key as close to the typo (a tie, which
    goes to the earlier key as a whole-list scan would give it)."""
    typed, meant = {}, {}
    with open(os.path.join(out, CHECKIN)) as f:
        for n, line in enumerate(f, 1):
            m = re.match(r"  (\S+): done  # meant (\S+) ", line)
            if m:
                typed[n], meant[n] = m.group(1), m.group(2)
    right = tie = wrong = 0
    with open(findings) as f:
        for line in f:
            m = re.search(r":(\d+):3: error: .*did you mean '([^']+)'", line)
            if not m:
                continue
            n, near = int(m.group(1)), m.group(2)
            if meant.get(n) == near:
                right += 1
            elif n in typed and distance(typed[n], near) <= distance(typed[n], meant[n]):
                tie += 1
            else:
                wrong += 1
                print("wrong suggestion:", line.strip()[:200])
    print(f"{right} suggestions the key meant, {tie} another as close, {wrong} wrong")
    return 1 if wrong or right < 9000 else 0


def main():
    if len(sys.argv) == 3 and sys.argv[2] in ("keys", "parents"):
        (keys if sys.argv[2] == "keys" else parents)(sys.argv[1])
    elif len(sys.argv) == 4 and sys.argv[2] == "--check":
        sys.exit(check(sys.argv[1], sys.argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
