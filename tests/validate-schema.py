#!/usr/bin/env python3
"""Validates YAML files against the JSON Schemas that `okr schema` prints.

usage: validate-schema.py OKR EXAMPLES_DIR INVALID_DIR

Every OKR file, check-in file and okr.yaml under EXAMPLES_DIR must be valid; every file under
INVALID_DIR must be invalid (its name says its kind: *.okr.yaml, *.checkin.yaml, *.config.yaml)
both for the schema and for `okr check`, which must report it under a structural rule. So the
schemas and the loader cannot drift apart unnoticed. (examples/ passing `okr check` is the
test examples.check.)
"""
import datetime
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """YAML as okr and the YAML language server read it: dates stay strings, and only
    true/false are booleans (not yes/no/on/off)."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers
          if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


def to_json(value):
    """YAML mapping keys may be numbers (a cycle 2026); JSON keys are strings."""
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


PLACES = {"okr": "okrs/2026-Q4/discover.yaml", "checkin": "checkins/2026-Q4/discover/2026-10-09.yaml",
          "config": "okr.yaml"}
STRUCTURAL = {"schema", "syntax", "missing-measure", "checkin-bad-value"}


def okr_rules_for(okr, kind, path):
    """The structural rules `okr check` reports on `path`, placed in an otherwise empty
    repository where files of its kind live."""
    with tempfile.TemporaryDirectory() as repo:
        target = pathlib.Path(repo, PLACES[kind])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
        run = subprocess.run([okr, "check", "--format", "json"], cwd=repo, capture_output=True,
                             text=True, env={"OKR_TODAY": "2026-11-20", "PATH": "/usr/bin:/bin"})
        found = json.loads(run.stdout)["diagnostics"] if run.stdout else []
        return {d["rule"] for d in found if d["file"] == PLACES[kind]} & STRUCTURAL


def main():
    okr = str(pathlib.Path(sys.argv[1]).resolve())
    examples, invalid = pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    validators = {}
    for kind in ("okr", "checkin", "config"):
        schema = json.loads(subprocess.run([okr, "schema", kind], check=True,
                                           capture_output=True, text=True).stdout)
        jsonschema.Draft7Validator.check_schema(schema)
        validators[kind] = jsonschema.Draft7Validator(schema)

    def errors(kind, path):
        data = to_json(yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader))
        return list(validators[kind].iter_errors(data))

    failed = 0
    valid_count = 0
    for path in sorted(examples.rglob("*.yaml")):
        rel = path.relative_to(examples).as_posix()
        kind = ("config" if rel == "okr.yaml" else "okr" if rel.startswith("okrs/")
                else "checkin" if rel.startswith("checkins/") else None)
        if kind is None:
            continue
        valid_count += 1
        for error in errors(kind, path):
            print(f"{rel}: should be valid: {'/'.join(map(str, error.path))}: {error.message}")
            failed = 1
    invalid_count = 0
    for path in sorted(invalid.glob("*.yaml")):
        kind = path.name.split(".")[-2]
        invalid_count += 1
        if not errors(kind, path):
            print(f"{path.name}: should be invalid against the {kind} schema, but passes")
            failed = 1
        if not okr_rules_for(okr, kind, path):
            print(f"{path.name}: okr check reports no structural finding, but the schema does")
            failed = 1
    if valid_count == 0 or invalid_count == 0:
        print("no files found")
        failed = 1
    print(f"{valid_count} valid files, {invalid_count} invalid files checked")
    return failed


if __name__ == "__main__":
    sys.exit(main())
