# Sourced by the shell tests: fail and expect, which set $failed (the test's exit status).
failed=0
fail() {
  echo "FAIL: $*"
  failed=1
}
# expect NAME EXPECTED ACTUAL
expect() {
  if [ "$2" != "$3" ]; then
    fail "$1"
    diff <(echo "$2") <(echo "$3")
  fi
}
