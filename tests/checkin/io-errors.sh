#!/usr/bin/env bash
# okr checkin when the disk says no: a read-only check-in folder, and a write that fails half
# way (the file size limit, RLIMIT_FSIZE, standing in for a full disk). Each must exit 2 with
# a clear message and leave nothing behind: no check-in, no temporary file, no folder it made,
# OKR files unchanged. Then a check-in sweeps the stale temporary files killed writers left.
#   io-errors.sh OKR REPO
set -euo pipefail
okr=$1
template=$2
work=$(mktemp -d)
trap 'chmod -R u+rwX "$work" 2>/dev/null; rm -rf "$work"' EXIT
export OKR_TODAY=2026-11-20 NO_COLOR=1 LC_ALL=C.UTF-8
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

fresh() {
  rm -rf "$work/repo"
  cp -R "$template" "$work/repo"
  mkdir -p "$work/repo/checkins/2026-Q4/team"
}
# Everything of the repository but the (empty) check-in folder, by content.
snapshot() { (cd "$work/repo" && find . -type f -print0 | sort -z | xargs -0r sha256sum); }

# expect NAME PATTERN: the last run exited 2, said PATTERN, and left the repository as it was.
expect() {
  if [ "$status" -ne 2 ]; then
    fail "$1: expected exit status 2, got $status: $err"
  fi
  if ! grep -Eq "$2" <<< "$err"; then
    fail "$1: expected a message matching '$2', got: $err"
  fi
  if [ "$(snapshot)" != "$before" ]; then
    fail "$1: the repository changed:"
    diff <(echo "$before") <(snapshot) || true
  fi
  local left
  left=$(find "$work/repo/checkins" -type f | wc -l)
  [ "$left" -eq 0 ] || fail "$1: $left file(s) left in checkins/: $(find "$work/repo/checkins" -type f)"
}

run_okr() { # the okr command line, as $runner; sets status and err
  set +e
  err=$(cd "$work/repo" && "${runner[@]}" "$okr" checkin team -c 7 --set completion=72 --author Ana 2>&1 >/dev/null)
  status=$?
  set -e
}

# 1. A read-only check-in folder. root writes anywhere: run okr as nobody to see what a user
#    sees (from a copy of the binary, which may sit in a folder nobody cannot enter).
fresh
runner=()
if [ "$(id -u)" = 0 ]; then
  cp "$okr" "$work/okr-copy"
  okr_saved=$okr
  okr=$work/okr-copy
  chmod -R o+rwX "$work"
  runner=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
chmod 555 "$work/repo/checkins/2026-Q4/team"
before=$(snapshot)
run_okr
expect read-only-folder "okr: error: cannot create a file in 'checkins/2026-Q4/team': .*[Pp]ermission denied"
chmod 755 "$work/repo/checkins/2026-Q4/team"
okr=${okr_saved:-$okr}
runner=()

# 2. The disk fills up while the file is written: with a file size limit of 0 every write
#    fails (EFBIG; SIGXFSZ is ignored so that okr sees the error rather than dying of it).
fresh
before=$(snapshot)
set +e
err=$(cd "$work/repo" && trap '' XFSZ && ulimit -f 0 && "$okr" checkin team -c 7 --set completion=72 --author Ana 2>&1 >/dev/null)
status=$?
set -e
expect write-fails "okr: error: cannot write a file in 'checkins/2026-Q4/team': .*(too large|No space)"

# 2b. The same when the owner's folder does not exist yet: the folders the failed first write
#     made are removed again (checkins/ existed, checkins/2026-Q4/team did not).
fresh
rm -rf "$work/repo/checkins/2026-Q4"
before=$(snapshot)
set +e
err=$(cd "$work/repo" && trap '' XFSZ && ulimit -f 0 && "$okr" checkin team -c 7 --set completion=72 --author Ana 2>&1 >/dev/null)
status=$?
set -e
expect write-fails-new-folder "okr: error: cannot write a file in 'checkins/2026-Q4/team': .*(too large|No space)"
[ -e "$work/repo/checkins/2026-Q4" ] && fail "write-fails-new-folder: left $(find "$work/repo/checkins")"
mkdir -p "$work/repo/checkins/2026-Q4/team"

# 3. After both, a normal check-in still works in the same repository.
set +e
out=$(cd "$work/repo" && "$okr" checkin team -c 7 --set completion=72 --author Ana 2>&1)
status=$?
set -e
if [ "$status" -ne 0 ] || [ "$(find "$work/repo/checkins" -type f | wc -l)" -ne 1 ]; then
  fail "a check-in after the failures: status $status: $out"
fi

# 4. A later check-in sweeps the temporary files that killed check-ins left once they are stale
#    (over a minute old, their process gone), and nothing else: not a fresh one (a check-in
#    being written), not another writer's, not a user's dot-file.
team=$work/repo/checkins/2026-Q4/team
touch -d '2 minutes ago' "$team/.2026-11-20.yaml.tmp-99999999-0123abcd" \
  "$team/.2026-11-13.yaml.tmp-99999998-4567cdef" "$team/.notes.txt.tmp-99999999-0123abcd" \
  "$team/.2026-11-20.yaml.tmp-notes" "$team/.my-notes"
touch "$team/.2026-11-20.yaml.tmp-99999997-89abcdef"
set +e
out=$(cd "$work/repo" && "$okr" checkin team -c 7 --set completion=73 --author Ana 2>&1)
status=$?
set -e
[ "$status" -eq 0 ] || fail "the sweeping check-in: status $status: $out"
left=$(cd "$team" && ls -A | grep '^\.' | sort | tr '\n' ' ')
want=".2026-11-20.yaml.tmp-99999997-89abcdef .2026-11-20.yaml.tmp-notes .my-notes .notes.txt.tmp-99999999-0123abcd "
[ "$left" = "$want" ] || fail "the sweep: left '$left', expected '$want'"

echo "io-errors: $failures failed"
[ "$failures" -eq 0 ]
