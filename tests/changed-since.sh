#!/usr/bin/env bash
# okr check --changed-since REF in a shallow clone: reports the changed files, plus the
# reference findings in files whose references the change breaks, and nothing else.
#   changed-since.sh OKR
set -euo pipefail
okr=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=okr GIT_AUTHOR_EMAIL=okr@example.com GIT_CONFIG_NOSYSTEM=1 HOME=$work
export GIT_COMMITTER_NAME=okr GIT_COMMITTER_EMAIL=okr@example.com OKR_TODAY=2026-10-05 NO_COLOR=1
origin=$work/origin
mkdir -p "$origin/okrs/2026-Q4"
cd "$origin"
git init -q -b main
# The alignment rules would report the renamed objective's gap and the teams' identical titles.
printf 'lint: {rules: {unsupported-objective: off, overlapping-objectives: off}}\n' > okr.yaml
kr() { echo "      - {id: $1, title: Lift $1 from 1 to 2, baseline: 1, target: 2$2}"; }
team() { # team OWNER ALIGNS_TO [extra KR text]
  printf 'cycle: 2026-Q4\nowner: %s\nlevel: team\nparent: acme\nobjectives:\n' "$1"
  printf '  - id: main\n    title: Delight new users\n    aligns_to: %s\n    key_results:\n' "$2"
  kr a ", unit: x"
  kr b "${3-, unit: x}"
}
printf 'cycle: 2026-Q4\nowner: acme\nlevel: company\nobjectives:\n  - id: onboarding\n    title: Make onboarding effortless\n    key_results:\n%s\n%s\n' \
  "$(kr a ", unit: x")" "$(kr b ", unit: x")" > okrs/2026-Q4/acme.yaml
team discover acme/onboarding > okrs/2026-Q4/discover.yaml
team payments acme/onboarding "" > okrs/2026-Q4/payments.yaml   # a missing unit, committed before
team identity acme/onboarding "" > okrs/2026-Q4/identity.yaml   # likewise, never touched
git add -A && git commit -qm one
git commit -q --allow-empty -m two
git commit -q --allow-empty -m three
clone=$work/clone
git clone -q --depth 2 "file://$origin" "$clone"
cd "$clone"
[ "$(git rev-parse --is-shallow-repository)" = true ]
base=$(git rev-parse HEAD~1)
# The change: discover gets a key result without a unit; acme renames its objective, which
# breaks the aligns_to of payments and identity (their old missing units are not reported).
team discover acme/onboarding "" > okrs/2026-Q4/discover.yaml
sed -i 's/id: onboarding/id: first-week/' okrs/2026-Q4/acme.yaml
set +e
out=$("$okr" check --changed-since "$base" --format concise 2>&1)
status=$?
set -e
expected="okrs/2026-Q4/discover.yaml:8:16: error: aligns_to 'acme/onboarding' does not resolve: 'acme' has no objective 'onboarding' [unresolved-ref]
okrs/2026-Q4/discover.yaml:11:14: warning: key result 'b' has numbers but no unit; add 'unit' (such as \"%\", customers, minutes) so that everyone reads them the same way [missing-unit]
okrs/2026-Q4/identity.yaml:8:16: error: aligns_to 'acme/onboarding' does not resolve: 'acme' has no objective 'onboarding' [unresolved-ref]
okrs/2026-Q4/payments.yaml:8:16: error: aligns_to 'acme/onboarding' does not resolve: 'acme' has no objective 'onboarding' [unresolved-ref]"
failed=0
if [ "$out" != "$expected" ] || [ $status -ne 1 ]; then
  echo "unexpected output (status $status):"
  diff <(echo "$expected") <(echo "$out") || true
  failed=1
fi
# Unchanged since HEAD: nothing to report. A REF the clone does not have: exit 2 and advice.
git stash -q
out=$("$okr" check --changed-since HEAD --format concise)
[ -z "$out" ] || { echo "expected no findings against HEAD, got: $out"; failed=1; }
set +e
err=$("$okr" check --changed-since no-such-ref 2>&1 >/dev/null)
status=$?
set -e
if [ $status -ne 2 ] || [[ "$err" != *"git knows no commit 'no-such-ref'"* ]]; then
  echo "expected exit 2 for an unknown REF, got $status: $err"
  failed=1
fi
# A deleted OKR file: the files that refer to its owner report the broken references (the
# owner comes from the deleted file's name), and still nothing else.
git rm -q okrs/2026-Q4/acme.yaml
set +e
out=$("$okr" check --changed-since HEAD --format concise --select unresolved-ref,missing-unit)
set -e
count=$(grep -c "parent 'acme' is unknown" <<< "$out" || true)
if [ "$count" -ne 3 ] || grep -q missing-unit <<< "$out"; then
  echo "after deleting acme.yaml, expected 3 broken parents and no missing-unit, got:"
  echo "$out"
  failed=1
fi
exit $failed
