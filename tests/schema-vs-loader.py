#!/usr/bin/env python3
"""The JSON Schemas of `okr schema` and okr's loader agree on every key.

For each kind of file (OKR file, check-in, okr.yaml), every key the schema knows at every
mapping of the example files, and every key those mappings hold, is set in turn to each of a
dozen values (strings, numbers, booleans, null, lists, a mapping, a date). Each variant is
judged twice: by the JSON Schema (python3-jsonschema) and by `okr check` on the examples
repository with that one file replaced (a finding of a structural rule on it means refused).
Every disagreement is printed; the test fails on any, except the few listed in
KNOWN_DIFFERENCES, each with the reason the schema cannot say what the loader does.

The schemas are read from SCHEMA_DIR (schema/*.schema.json, what `okr schema` embeds).

usage: schema-vs-loader.py OKR EXAMPLES_DIR SCHEMA_DIR
"""
import copy
import importlib.util
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

import jsonschema
import yaml

# YAML read as okr and the YAML language server read it: validate-schema.py's loader.
_spec = importlib.util.spec_from_file_location(
    "validate_schema", pathlib.Path(__file__).with_name("validate-schema.py"))
_validate_schema = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_validate_schema)
Yaml12Loader, to_json = _validate_schema.Yaml12Loader, _validate_schema.to_json

VALUES = ["text", "", 42, -1, 0.5, True, None, [], ["text"], [7], {"a": 1}, "2026-10-01"]
STRUCTURAL = {"schema", "syntax", "missing-measure", "checkin-bad-value", "duplicate-key"}
BASES = {
    "okr": ["okrs/2026-Q4/discover.yaml", "okrs/2026-Q4/digital-services.yaml",
            "okrs/2026/acme.yaml", "okrs/2026-Q4/ana.yaml"],
    "checkin": ["checkins/2026-Q4/discover/2026-11-20.yaml"],
    "config": ["okr.yaml"],
}
# (kind, path with list indices as [], value) -> why the schema and the loader differ there.
# Each differing (kind, key, value) with its reason: none is undecided. The schemas read ids as
# okr does (any scalar's text: 42 and true are ids, -1 and 0.5 are not) and an empty list as no
# entries; a new disagreement fails the test until it is settled.
KNOWN_DIFFERENCES = {
    ('checkin', 'results', '{"a": 1}'):
        "both refuse it: okr reports a results key that is not objective-id/kr-id as an error of "
        "checkin-unknown-kr, with the valid ids, a rule this test does not count as structural",
    ('checkin', 'results/first-week/contextual-help', '42'):
        "the schema cannot know which key results are milestones: okr checks a milestone's value",
    ('checkin', 'results/first-week/contextual-help', '-1'):
        "the schema cannot know which key results are milestones: okr checks a milestone's value",
    ('checkin', 'results/first-week/contextual-help', '0.5'):
        "the schema cannot know which key results are milestones: okr checks a milestone's value",
}


def resolve(schema, root):
    while isinstance(schema, dict) and "$ref" in schema:
        node = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def properties(schema, root):
    schema = resolve(schema, root)
    out = dict(schema.get("properties", {}))
    for word in ("oneOf", "anyOf", "allOf"):
        for alternative in schema.get(word, []):
            for key, value in properties(alternative, root).items():
                out.setdefault(key, value)
    for word in ("then", "else"):
        if word in schema:
            for key, value in properties(schema[word], root).items():
                out.setdefault(key, value)
    return out


def child(schema, key, root):
    schema = resolve(schema, root)
    known = properties(schema, root)
    if key in known:
        return known[key]
    extra = schema.get("additionalProperties")
    return extra if isinstance(extra, dict) else None


def keys(doc, schema, root, path=()):
    """Every (path) whose value to vary: the schema's keys and the document's, at every mapping."""
    schema = resolve(schema, root)
    if isinstance(doc, dict):
        for key in sorted(set(properties(schema, root)) | set(doc), key=str):
            yield path + (key,)
        for key, value in doc.items():
            sub = child(schema, key, root)
            if sub is not None:
                yield from keys(value, sub, root, path + (key,))
    elif isinstance(doc, list) and isinstance(schema.get("items"), dict):
        for i, value in enumerate(doc):
            yield from keys(value, schema["items"], root, path + (i,))


def general(path):
    return "/".join("[]" if isinstance(p, int) else str(p) for p in path)


def main():
    okr = str(pathlib.Path(sys.argv[1]).resolve())
    examples = pathlib.Path(sys.argv[2])
    schema_dir = pathlib.Path(sys.argv[3])
    work = pathlib.Path(tempfile.mkdtemp(prefix="okr-schema-vs-loader-"))
    env = {"OKR_TODAY": "2026-11-20", "PATH": "/usr/bin:/bin", "OKR_CACHE_DIR": str(work / "c")}
    repo = work / "repo"
    shutil.copytree(examples, repo)
    disagreements = []
    seen_known = set()
    variants = 0
    try:
        for kind, bases in BASES.items():
            schema = json.loads((schema_dir / f"{kind}.schema.json").read_text())
            validator = jsonschema.Draft7Validator(schema)
            done = set()
            for base in bases:
                target = repo / base
                original = target.read_text(encoding="utf-8")
                doc = yaml.load(original, Loader=Yaml12Loader)
                for path in keys(doc, schema, schema):
                    if general(path) in done:
                        continue
                    done.add(general(path))
                    for value in VALUES:
                        variant = copy.deepcopy(doc)
                        node = variant
                        for part in path[:-1]:
                            node = node[part]
                        node[path[-1]] = value
                        schema_ok = not list(validator.iter_errors(to_json(variant)))
                        target.write_text(yaml.safe_dump(variant, sort_keys=False,
                                                         allow_unicode=True), encoding="utf-8")
                        run = subprocess.run([okr, "check", "--no-cache", "--format", "json",
                                              base], cwd=repo, capture_output=True, text=True,
                                             env=env)
                        found = json.loads(run.stdout)["diagnostics"] if run.stdout else []
                        refusals = [d for d in found
                                    if d["file"] == base and d["rule"] in STRUCTURAL]
                        okr_ok = not refusals and run.returncode != 2
                        variants += 1
                        if schema_ok == okr_ok:
                            continue
                        key = (kind, general(path), json.dumps(value))
                        if key in KNOWN_DIFFERENCES:
                            seen_known.add(key)
                            continue
                        why = (refusals[0]["message"] if refusals else
                               run.stderr.strip() if run.returncode == 2 else "")
                        disagreements.append(
                            f"{kind} {general(path)}: {json.dumps(value)}: "
                            + ("the schema accepts it, okr refuses it: " + why if schema_ok else
                               "okr accepts it, the schema refuses it"))
                target.write_text(original, encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for line in disagreements:
        print(line)
    for key in sorted(set(KNOWN_DIFFERENCES) - seen_known):
        print(f"KNOWN_DIFFERENCES lists {key}, which no longer differs: remove it")
    print(f"{variants} variants, {len(disagreements)} disagreements")
    return 1 if disagreements or set(KNOWN_DIFFERENCES) - seen_known else 0


if __name__ == "__main__":
    sys.exit(main())
