#!/usr/bin/env bash
# Validates okr's SARIF output against the official SARIF 2.1.0 schema (draft-04, kept in
# tests/schemas; see its README), and checks that the validator rejects a broken document.
#   validate-sarif.sh OKR TESTS_DIR [PYTHON3]
set -euo pipefail
okr=$1
tests=$2
python=${3:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$tests/golden/quality-rules/repo/." "$work/"
# One repository with findings of every severity, one without any.
(cd "$work" && OKR_TODAY=2026-11-20 "$okr" check --format sarif > "$work/findings.sarif") || [ $? -eq 1 ]
mkdir "$work/empty"
(cd "$work/empty" && "$okr" check --format sarif > "$work/empty.sarif")
"$python" - "$tests/schemas/sarif-2.1.0-rtm.5.json" "$work/findings.sarif" "$work/empty.sarif" <<'PY'
import copy
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft4Validator.check_schema(schema)
validator = jsonschema.Draft4Validator(schema)
failed = False
for path in sys.argv[2:]:
    doc = json.load(open(path))
    for error in validator.iter_errors(doc):
        print(f"{path}: {'/'.join(map(str, error.path))}: {error.message}")
        failed = True
findings = json.load(open(sys.argv[2]))
results = findings["runs"][0]["results"]
if len(results) < 10 or {r["level"] for r in results} != {"warning", "note"}:
    print("expected findings of level warning and note in", sys.argv[2])
    failed = True
# What GitHub code scanning and SARIF viewers read besides the schema.
run = findings["runs"][0]
driver = run["tool"]["driver"]
if not driver.get("informationUri", "").startswith("https://"):
    print("the driver has no informationUri")
    failed = True
for rule in driver["rules"]:
    if rule["name"] == rule["id"] or not rule.get("helpUri", "").startswith("https://"):
        print(f"rule {rule['id']}: its name equals its id, or it has no helpUri")
        failed = True
if run["invocations"][0].get("executionSuccessful") is not True:
    print("invocations[0].executionSuccessful is not true")
    failed = True
for r in results:
    region = r["locations"][0]["physicalLocation"]["region"]
    if "primaryLocationLineHash" not in r.get("partialFingerprints", {}):
        print(f"a result has no primaryLocationLineHash: {r['message']['text']}")
        failed = True
    if "startColumn" in region and not (
            region["endLine"] >= region["startLine"] and
            (region["endLine"] > region["startLine"] or region["endColumn"] >= region["startColumn"])):
        print(f"a result's region ends before it starts: {region}")
        failed = True
if not any(r["locations"][0]["physicalLocation"]["region"].get("endColumn", 0) >
           r["locations"][0]["physicalLocation"]["region"].get("startColumn", 0) for r in results):
    print("no result has a region wider than one point")
    failed = True
# The negative case: a level SARIF does not know and a region starting at line 0 must fail.
broken = copy.deepcopy(findings)
broken["runs"][0]["results"][0]["level"] = "fatal"
broken["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
if len(list(validator.iter_errors(broken))) != 2:
    print("the schema did not reject the broken SARIF document twice")
    failed = True
print("SARIF valid" if not failed else "SARIF invalid")
sys.exit(1 if failed else 0)
PY
