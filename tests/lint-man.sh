#!/usr/bin/env bash
# Every man page must pass mandoc -Tlint -Wwarning with no output.
set -u
status=0
for page in "$1"/*.[0-9]; do
  out=$(mandoc -Tlint -Wwarning "$page" 2>&1)
  if [ -n "$out" ]; then
    echo "$out"
    status=1
  fi
done
exit $status
