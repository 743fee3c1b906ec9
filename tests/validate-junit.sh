#!/usr/bin/env bash
# Validates okr's JUnit output against the Jenkins JUnit schema with xmllint (by default
# ../shared/schemas/junit-10-jenkins.xsd beside the clone: missing, the test fails), checks
# that every suite has time, timestamp and file, and that xmllint rejects a broken document.
#   validate-junit.sh OKR SOURCE_DIR [XSD]
set -euo pipefail
okr=$1
source_dir=$2
xsd=${3:-$source_dir/../shared/schemas/junit-10-jenkins.xsd}
if [ ! -f "$xsd" ]; then
  echo "missing $xsd: CI copies shared/ beside the clone (cmake -DOKR_SHARED_DIR=... elsewhere)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$source_dir/tests/golden/quality-rules/repo/." "$work/"
(cd "$work" && OKR_TODAY=2026-11-20 "$okr" check --format junit > "$work/findings.xml") ||
  [ $? -eq 1 ]
(cd "$work" && "$okr" check --format junit > "$work/now.xml") || [ $? -eq 1 ]
(cd "$source_dir/examples" && OKR_TODAY=2026-11-20 "$okr" check --format junit) > "$work/clean.xml"
for f in findings now clean; do
  xmllint --noout --schema "$xsd" "$work/$f.xml"
  suites=$(grep -c '<testsuite ' "$work/$f.xml")
  complete=$(grep -c '<testsuite .* time="[0-9.]*" timestamp="[0-9T:-]*" file="[^"]*"' "$work/$f.xml")
  if [ "$suites" -eq 0 ] || [ "$suites" != "$complete" ]; then
    echo "$f.xml: $complete of $suites test suites have time, timestamp and file" >&2
    exit 1
  fi
done
grep -q 'timestamp="2026-11-20T00:00:00"' "$work/findings.xml"
# The negative case: a suite without its required name must be rejected.
sed '0,/<testsuite name="[^"]*"/s//<testsuite/' "$work/findings.xml" > "$work/broken.xml"
if xmllint --noout --schema "$xsd" "$work/broken.xml" 2>/dev/null; then
  echo "xmllint accepted a test suite without a name" >&2
  exit 1
fi
echo "JUnit valid"
