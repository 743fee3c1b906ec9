#!/usr/bin/env bash
# 20 okr import of the same metrics file for the same day, run at once into one repository:
# exactly one check-in per owner, none lost, none doubled; each run exits 0 and either records
# an owner's check-in or says it is recorded already. Then 20 at once for two days, 10 each.
# Then 20 okr import --okrs of one spreadsheet at once into SHEET_REPO: one run writes every
# OKR file, the 19 others write nothing and exit 1.
#   concurrency.sh OKR REPO SHEET_REPO
set -u
okr=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/metrics" "$work/sheet"
cp -R "$2/." "$work/metrics/"
cp -R "$3/." "$work/sheet/"
cd "$work/metrics" || exit 1
export OKR_TODAY=2026-11-20 NO_COLOR=1
failed=0
fail() { echo "FAIL: $*"; failed=1; }

run_many() { # $1 round; then one --date per run
  local round=$1 i=0 pids=()
  shift
  for date in "$@"; do
    "$okr" import data/metrics.json --date "$date" > "out.$round.$i" 2>&1 &
    pids+=($!)
    i=$((i + 1))
  done
  local status=0
  for pid in "${pids[@]}"; do # each by its pid: `jobs -p` forgets the ones that ended already
    wait "$pid" || status=1
  done
  [ $status -eq 0 ] || { fail "round $round: an import did not exit 0"; cat out.$round.*; }
}

count() { ls checkins/2026-Q4/"$1" 2>/dev/null | grep -c "^$2-import-.*\.yaml$"; }

dates=()
for _ in $(seq 20); do dates+=(2026-11-16); done
run_many 1 "${dates[@]}"
for owner in team growth; do
  [ "$(count "$owner" 2026-11-16)" = 1 ] || fail "round 1: $owner has $(count "$owner" 2026-11-16) check-ins for 2026-11-16, not 1"
done
recorded=$(cat out.1.* | grep -c '^recorded ')
already=$(cat out.1.* | grep -c '^nothing to write for .* (already recorded in ')
[ "$recorded" = 2 ] || fail "round 1: $recorded lines 'recorded', not 2"
[ "$already" = 38 ] || fail "round 1: $already lines 'nothing to write', not 38"

dates=()
for _ in $(seq 10); do dates+=(2026-11-17 2026-11-18); done
run_many 2 "${dates[@]}"
for owner in team growth; do
  for day in 2026-11-16 2026-11-17 2026-11-18; do
    n=$(count "$owner" "$day")
    [ "$n" = 1 ] || fail "round 2: $owner has $n check-ins for $day, not 1"
  done
done
# No temporary file is left behind, and every check-in loads clean with its values.
stray=$(find checkins -name '.*' | wc -l)
[ "$stray" = 0 ] || fail "$stray temporary files left"
"$okr" check > check.out 2>&1 || { fail "okr check fails"; cat check.out; }
values=$(cat checkins/2026-Q4/team/*.yaml | grep -c '^  onboard/completion: 71.50$')
[ "$values" = 3 ] || fail "team/onboard/completion has $values readings of 71.50, not 3"
readings=$("$okr" log team/onboard/completion | grep -c '71.50')
[ "$readings" -ge 3 ] || fail "okr log shows $readings readings of 71.50, not 3"

cd "$work/sheet" || exit 1
pids=()
for i in $(seq 20); do
  "$okr" import --okrs okrs.csv --cycle 2027-Q1 > "out.$i" 2> "err.$i" &
  pids+=($!)
done
ok=0
for pid in "${pids[@]}"; do
  wait "$pid" && ok=$((ok + 1))
done
[ "$ok" = 1 ] || fail "sheet: $ok of 20 imports exited 0, not 1"
created=$(cat out.* | grep -c '^created ')
[ "$created" = 2 ] || fail "sheet: $created files reported created, not 2"
# Every losing run wrote nothing: only the first file decides, and it says why.
partial=$(cat err.* | grep -c 'written before it')
[ "$partial" = 0 ] || fail "sheet: $partial runs wrote part of the spreadsheet"
stray=$(find okrs -name '.*' | wc -l)
[ "$stray" = 0 ] || fail "sheet: $stray temporary files left"
"$okr" check > check.out 2>&1 || { fail "sheet: okr check fails"; cat check.out err.*; }
[ $failed -eq 0 ] && echo "ok: 40 concurrent imports, one check-in per owner and day; 20 concurrent --okrs, one writer"
exit $failed
