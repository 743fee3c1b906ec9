#!/usr/bin/env bash
# Runs one golden case: tests/golden/<case>/{cmd,repo/,stdout,stderr,status}.
#   cmd     the arguments to okr, one line (words split by the shell, quotes respected)
#   repo/   the repository it runs in (copied to a temporary folder first)
#   repo-of optional, instead of repo/: the name of another case whose repo/ to use
#   input   optional: lines typed at a terminal: okr then runs on a pseudo-terminal
#           (pty-run.py), its questions and output in stdout, without the typed text
#   stdin   optional: the bytes okr reads on standard input (else it reads /dev/null)
#   env     optional: extra VAR=value lines
#   setup   optional: a bash script run in the repository before okr (git init, ...)
#   after   optional: a bash script run in the repository after okr, with $OKR set; its output
#           is appended to stdout after a line "==> after" (to show files okr wrote, ...)
#   new-files-allowed   optional marker: the command may create files (never change or
#           remove one); without it, no file of the repository may appear or change
#   stdout, stderr, status   what okr must print and exit with
# The temporary folder's path is written as $REPO in the expected output. Every OKR file's
# bytes must be the same after the run. OKR_UPDATE_GOLDEN=1 rewrites the expected files.
set -u
here=$(realpath "$(dirname "$0")")
okr=$(realpath "$1")
case_dir=$(realpath "$2")
name=$(basename "$case_dir")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/repo"
if [ -d "$case_dir/repo" ]; then
  cp -R "$case_dir/repo/." "$work/repo/"
elif [ -f "$case_dir/repo-of" ]; then
  cp -R "$case_dir/../$(cat "$case_dir/repo-of")/repo/." "$work/repo/"
fi
okr_hash() { (cd "$work/repo" && find . \( -path ./checkins -o -path ./.git \) -prune -o -type f -print0 | sort -z | xargs -0r sha256sum); }
okr_hash_all() { (cd "$work/repo" && find . -path ./.git -prune -o -type f -print0 | sort -z | xargs -0r sha256sum); }
before=$(okr_hash)
env_args=(OKR_TODAY=2026-11-20 NO_COLOR=1 LC_ALL=C.UTF-8 HOME="$work" TERM=dumb)
if [ -f "$case_dir/env" ]; then
  while IFS= read -r line; do
    [ -n "$line" ] && env_args+=("$line")
  done < "$case_dir/env"
fi
eval "args=($(cat "$case_dir/cmd"))"
if [ -f "$case_dir/setup" ]; then
  (cd "$work/repo" && env -i PATH="$PATH" "${env_args[@]}" bash "$case_dir/setup") \
    > "$work/setup.log" 2>&1 || { echo "setup failed:"; cat "$work/setup.log"; exit 1; }
  before=$(okr_hash)
fi
if [ -f "$case_dir/input" ]; then
  (cd "$work/repo" && python3 "$here/pty-run.py" "$case_dir/input" "$work/stdout" \
    "$work/stderr" env -i PATH="$PATH" "${env_args[@]}" "$okr" "${args[@]}" < /dev/null)
else
  stdin=/dev/null
  [ -f "$case_dir/stdin" ] && stdin="$case_dir/stdin"
  (cd "$work/repo" && env -i PATH="$PATH" "${env_args[@]}" "$okr" "${args[@]}" \
    > "$work/stdout" 2> "$work/stderr" < "$stdin")
fi
echo $? > "$work/status"
if [ -f "$case_dir/after" ]; then
  echo "==> after" >> "$work/stdout"
  (cd "$work/repo" && env -i PATH="$PATH" "${env_args[@]}" OKR="$okr" bash "$case_dir/after") \
    >> "$work/stdout" 2>&1
fi
for f in stdout stderr; do
  sed -i "s#$work/repo#\$REPO#g" "$work/$f"
done
if [ "${OKR_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$work/stdout" "$work/stderr" "$work/status" "$case_dir/"
  echo "updated $name"
  exit 0
fi
failed=0
for f in stdout stderr status; do
  if ! diff -u --label "expected $f" --label "actual $f" "$case_dir/$f" "$work/$f"; then
    failed=1
  fi
done
after=$(okr_hash)
if [ -f "$case_dir/new-files-allowed" ]; then
  # Every file that was there is unchanged; new ones may have appeared.
  missing=$(comm -23 <(echo "$before" | sort) <(okr_hash_all | sort) | grep -v "^$" || true)
  if [ -n "$missing" ]; then
    echo "okr changed or removed files of the repository:"
    echo "$missing"
    failed=1
  fi
elif [ "$before" != "$after" ]; then
  echo "okr changed files of the repository:"
  diff <(echo "$before") <(echo "$after")
  failed=1
fi
if [ $failed -ne 0 ]; then
  echo "golden case '$name' failed (rerun with OKR_UPDATE_GOLDEN=1 to accept the new output)"
fi
exit $failed
