#!/usr/bin/env bash
# The cache of parsed files never changes what okr check prints: a cached run, a run after a
# same-size edit with the modification time put back, runs with a damaged cache and a run
# after okr.yaml changed all print exactly what `okr check --no-cache` prints.
#   cache-test.sh OKR EXAMPLES
set -u
okr=$1
examples=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$work/repo
cp -R "$examples/." "$repo/"
# A finding, so that the output holds source lines read back from disk.
sed -i 's/^    title: Make the first week/    tilte: Make the first week/' \
  "$repo/okrs/2026-Q4/discover.yaml"
export OKR_TODAY=2026-11-20 NO_COLOR=1 LC_ALL=C.UTF-8 HOME=$work OKR_CACHE_DIR=$work/cache
failed=0

run() { # run NAME ARGS...: output and status of okr check in the repository
  (cd "$repo" && "$okr" check "${@:2}" >"$work/$1.out" 2>&1; echo "status $?" >>"$work/$1.out")
}
same() { # same WHAT [ARGS...]: the cached run printed what the uncached one did
  run expected --no-cache "${@:2}"
  run actual "${@:2}"
  if ! diff -u --label "okr check --no-cache" --label "okr check ($1)" \
    "$work/expected.out" "$work/actual.out"; then
    echo "FAIL: $1: the cached run differs from the uncached one"
    failed=1
  fi
  for format in json; do
    run expected-$format --no-cache --format $format "${@:2}"
    run actual-$format --format $format "${@:2}"
    if ! cmp -s "$work/expected-$format.out" "$work/actual-$format.out"; then
      echo "FAIL: $1: --format $format differs with the cache"
      failed=1
    fi
  done
  # okr due answers from the record the check above left, when it still holds, else loads.
  due expected-due --no-cache
  due actual-due
  if ! cmp -s "$work/expected-due.out" "$work/actual-due.out"; then
    echo "FAIL: $1: okr due differs with the cache"
    diff "$work/expected-due.out" "$work/actual-due.out"
    failed=1
  fi
}
due() { # due NAME ARGS...: okr due, on two days, every owner named, as JSON
  (cd "$repo" && for day in 2026-10-20 2026-11-20; do
    "$okr" due --as-of $day --include-private --format json "${@:2}"
    echo "status $?"
  done) >"$work/$1.out" 2>&1
}

run nocache --no-cache
if [ -e "$work/cache" ]; then
  echo "FAIL: --no-cache wrote a cache"
  failed=1
fi
grep -q "tilte" "$work/nocache.out" || { echo "FAIL: the planted finding is missing"; failed=1; }
same "cold: the run that fills the cache"
ls "$work"/cache/check-*.bin >/dev/null 2>&1 || { echo "FAIL: no cache file written"; failed=1; }
same "warm: nothing changed"
sleep 2.1 # past the racy window: the next runs trust unchanged stamps
same "warm, stamps trusted"

# A same-size edit with the modification time put back.
file=$repo/checkins/2026-Q4/discover/2026-10-09.yaml
cp -p "$file" "$work/reference"
sed -i 's/^cycle: 2026-Q4$/cycle: 2026-Q9/' "$file"
touch -r "$work/reference" "$file"
[ "$(stat -c %s "$file")" = "$(stat -c %s "$work/reference")" ] || echo "note: size changed"
same "same size and mtime, new content"
grep -q "2026-Q9" "$work/actual.out" || { echo "FAIL: the edit was not seen"; failed=1; }

# A damaged cache: bytes overwritten, truncated, garbage, empty.
cache_file=$(ls "$work"/cache/check-*.bin)
printf 'garbage!' | dd of="$cache_file" bs=1 seek=200 conv=notrunc status=none
same "cache with overwritten bytes"
truncate -s 100 "$cache_file"
same "truncated cache"
head -c 5000 /dev/urandom >"$cache_file"
same "random cache"
: >"$cache_file"
same "empty cache"

# New settings invalidate every entry: the check-ins are now looked for elsewhere.
run before
before=$(sha256sum "$cache_file")
printf '\npaths: {okrs: okrs, checkins: elsewhere}\n' >>"$repo/okr.yaml"
same "okr.yaml changed"
if [ "$(sha256sum "$cache_file")" = "$before" ]; then
  echo "FAIL: the cache was not rewritten after okr.yaml changed"
  failed=1
fi
if cmp -s "$work/before.out" "$work/actual.out"; then
  echo "FAIL: changing okr.yaml did not change the output"
  failed=1
fi

# The record of the last whole run (run-*.bin) answers only when nothing changed. Each change
# below is followed by a pause past the racy window, so that only the stamps' digest can tell.
# (A run that cannot do its job, as with the okr.yaml above, writes no record.)
cp "$examples/okr.yaml" "$repo/okr.yaml"
sleep 2.1
run fill # a whole run with every stamp trusted writes the record
ls "$work"/cache/run-*.bin >/dev/null 2>&1 || { echo "FAIL: no run record written"; failed=1; }
# A run the record answers loads nothing, so it does not write the cache of parsed files again.
rm "$work"/cache/check-*.bin
run hit
if ls "$work"/cache/check-*.bin >/dev/null 2>&1; then
  echo "FAIL: the run record was not used (the files were loaded again)"
  failed=1
fi
cmp -s "$work/fill.out" "$work/hit.out" || { echo "FAIL: the record printed otherwise"; failed=1; }
# So does okr due: the record keeps what it reads.
due due-hit
if ls "$work"/cache/check-*.bin >/dev/null 2>&1; then
  echo "FAIL: okr due did not answer from the run record (the files were loaded again)"
  failed=1
fi
grep -q '"owner"' "$work/due-hit.out" || { echo "FAIL: okr due named no owner"; failed=1; }
same "record: nothing changed"
same "record: one file selected" okrs/2026-Q4/discover.yaml
same "record: a rule selection" --select kr-count,stale-checkin
same "record: a rule ignored" --ignore schema
export OKR_TODAY=2027-06-30
same "record: another day"
export OKR_TODAY=2026-11-20
same "record: back to the first day"

file=$repo/okrs/2026-Q4/discover.yaml
cp -p "$file" "$work/reference"
sed -i 's/tilte: Make the first week/title: Make the first week/' "$file"
touch -r "$work/reference" "$file"
sleep 2.1
same "record: same size and mtime, new content"
grep -q "tilte" "$work/actual.out" && { echo "FAIL: the fixed finding is still shown"; failed=1; }

files_before=$(grep -o "checked [0-9]* files" "$work/actual.out")
cp "$repo/checkins/2026-Q4/discover/2026-10-09.yaml" "$repo/checkins/2026-Q4/discover/x.yaml"
sleep 2.1
same "record: a file added"
files_after=$(grep -o "checked [0-9]* files" "$work/actual.out")
if [ "$files_before" = "$files_after" ]; then
  echo "FAIL: the added file was not seen ($files_after)"
  failed=1
fi
rm "$repo/checkins/2026-Q4/discover/x.yaml"
sleep 2.1
same "record: a file removed"

# The record keeps each folder's times, and a folder whose times are unchanged is not read
# again: its files are stat'ed by name. Adding, removing or renaming an entry changes them.
files_seen() { grep -o "checked [0-9]* files" "$work/actual.out"; }
dir=$repo/checkins/2026-Q4/discover
touch -r "$dir" "$work/folder-reference"
cp "$dir/2026-10-09.yaml" "$dir/y.yaml"
touch -r "$work/folder-reference" "$dir" # its modification time put back; not its change time
sleep 2.1
same "record: a file added, the folder's modification time put back"
[ "$(files_seen)" != "$files_before" ] || { echo "FAIL: the added file was not seen"; failed=1; }
mv "$dir/y.yaml" "$dir/z.yaml"
sleep 2.1
same "record: a file renamed"
grep -q "z.yaml" "$work/actual-json.out" || { echo "FAIL: the renamed file was not seen"; failed=1; }
rm "$dir/z.yaml"
mkdir "$repo/checkins/2026-Q4/newteam"
cp "$dir/2026-10-09.yaml" "$repo/checkins/2026-Q4/newteam/2026-10-09.yaml"
sleep 2.1
same "record: a new folder"
[ "$(files_seen)" != "$files_before" ] || { echo "FAIL: the new folder was not seen"; failed=1; }
rm -r "$repo/checkins/2026-Q4/newteam"
sleep 2.1
run fill # the record of this state, every folder in it
cp "$dir/2026-10-09.yaml" "$dir/y.yaml" # at once, within the same clock tick
same "record: a file added right after the run"
[ "$(files_seen)" != "$files_before" ] || { echo "FAIL: the file added at once was not seen"; failed=1; }
rm "$dir/y.yaml"

record=$(ls "$work"/cache/run-*.bin)
printf 'garbage!' | dd of="$record" bs=1 seek=40 conv=notrunc status=none
same "record with overwritten bytes"

[ $failed -eq 0 ] && echo "cache test passed"
exit $failed
