#!/usr/bin/env bash
# okr report around the golden repository: the git commit in the header ("modified" once a
# file changes, omitted without git), and -o writing the same bytes as standard output.
#   usage: report-cli.sh OKR GOLDEN_REPO
set -euo pipefail
okr=$1
source_repo=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
  echo "report-cli: $*" >&2
  exit 1
}
export OKR_TODAY=2026-11-20 NO_COLOR=1 HOME="$work" GIT_CONFIG_NOSYSTEM=1
cp -R "$source_repo/." "$work/repo"
cd "$work/repo"

# Without git: no commit in the header.
"$okr" report --format json > "$work/nogit.json"
grep -q '"commit": null' "$work/nogit.json" || fail "a commit appears without git"

git init -q .
git -c user.name=t -c user.email=t@example.com add -A
git -c user.name=t -c user.email=t@example.com commit -qm init
head=$(git rev-parse HEAD)
"$okr" report --format json > "$work/clean.json"
commit=$(grep -A2 '"commit": {' "$work/clean.json")
grep -q "\"hash\": \"$head\"" <<< "$commit" ||
  fail "the header lacks commit $head"
grep -q '"modified": false' "$work/clean.json" || fail "a clean tree is reported modified"
"$okr" report > "$work/clean.md"
grep -q "Built from commit \`$head\`\.$" "$work/clean.md" || fail "Markdown lacks the commit"

echo "# changed" >> okrs/2026-Q4/beta.yaml
"$okr" report --format json > "$work/dirty.json"
grep -q '"modified": true' "$work/dirty.json" || fail "a changed tree is not reported modified"
"$okr" report > "$work/dirty.md"
grep -q "Built from commit \`$head\` (modified)\." "$work/dirty.md" || fail "Markdown lacks (modified)"

# -o: the same bytes as standard output, written through a temporary file that is gone after.
mkdir "$work/out"
"$okr" report --format html -o "$work/out/report.html"
"$okr" report --format html > "$work/stdout.html"
cmp "$work/out/report.html" "$work/stdout.html" || fail "-o differs from standard output"
[ "$(ls -A "$work/out")" = "report.html" ] || fail "-o left other files: $(ls -A "$work/out")"
# Overwriting an existing report replaces it whole.
"$okr" report --format json -o "$work/out/report.html"
cmp "$work/out/report.html" "$work/dirty.json" || fail "-o did not replace the old report"
echo "report-cli: ok"
