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
same() { # same WHAT: the cached run printed what the uncached one did
  run expected --no-cache
  run actual
  if ! diff -u --label "okr check --no-cache" --label "okr check ($1)" \
    "$work/expected.out" "$work/actual.out"; then
    echo "FAIL: $1: the cached run differs from the uncached one"
    failed=1
  fi
  for format in json; do
    run expected-$format --no-cache --format $format
    run actual-$format --format $format
    if ! cmp -s "$work/expected-$format.out" "$work/actual-$format.out"; then
      echo "FAIL: $1: --format $format differs with the cache"
      failed=1
    fi
  done
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

[ $failed -eq 0 ] && echo "cache test passed"
exit $failed
