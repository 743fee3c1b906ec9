#!/usr/bin/env bash
# Runs a command and fails when it fails or changes any file below a folder.
#   run-unchanged.sh DIR COMMAND [ARGS...]
set -u
dir=$1
shift
hash_dir() { (cd "$dir" && find . -type f -print0 | sort -z | xargs -0r sha256sum); }
before=$(hash_dir)
"$@" > /dev/null
status=$?
after=$(hash_dir)
if [ "$before" != "$after" ]; then
  echo "the command changed files below $dir:"
  diff <(echo "$before") <(echo "$after")
  exit 1
fi
exit $status
