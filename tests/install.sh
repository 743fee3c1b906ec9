#!/usr/bin/env bash
# cmake --install into a temporary prefix: the binary, every man page and the completions
# land where they belong; the bash completion loads without errors and completes commands,
# options and owner ids. Then cpack -G DEB builds a package holding the same files.
#   install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" > /dev/null
fail() { echo "FAIL: $*"; exit 1; }
[ -x "$work/prefix/bin/okr" ] || fail "no bin/okr"
for page in "$source"/man/*.[0-9]; do
  name=$(basename "$page")
  [ -f "$work/prefix/share/man/man${name##*.}/$name" ] || fail "man page $name not installed"
done
bash_completion=$work/prefix/share/bash-completion/completions/okr
[ -f "$bash_completion" ] || fail "no bash completion"
[ -f "$work/prefix/share/zsh/vendor-completions/_okr" ] || fail "no zsh completion"
[ -f "$work/prefix/share/fish/vendor_completions.d/okr.fish" ] || fail "no fish completion"

complete_line() { # the candidates bash offers for the words given (the last is completed)
  (cd "$source/examples" && PATH="$work/prefix/bin:$PATH" ERRORS="$work/completion-errors" bash -c '
    set -e
    source "$0" 2> "$ERRORS" || exit 3
    [ -s "$ERRORS" ] && { cat "$ERRORS"; exit 3; }
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _okr
    printf "%s\n" "${COMPREPLY[@]}"' "$bash_completion" "$@")
}
# offers CANDIDATE WORD...: bash offers CANDIDATE for the words given. The candidates are read
# whole before grep looks at them: `complete_line ... | grep -q` under pipefail fails whenever
# grep exits at its match while bash still writes the next candidate (SIGPIPE).
offers() {
  local want=$1 got
  shift
  got=$(complete_line "$@")
  grep -qx -- "$want" <<< "$got" || fail "$* <TAB> did not offer $want; it offered: ${got//$'\n'/ }"
}
[ "$(complete_line okr ch | tr "\n" " ")" = "check checkin " ] || fail "okr ch<TAB> gave: $(complete_line okr ch)"
offers --format okr check --fo
offers json okr check --format ""
offers discover okr new x --parent dis
echo "installed and completing: ok"

if command -v dpkg-deb > /dev/null; then
  (cd "$work" && cpack -G DEB -B "$work/package" --config "$build/CPackConfig.cmake" > /dev/null)
  deb=$(ls "$work"/package/*.deb)
  dpkg-deb -c "$deb" > "$work/contents"
  grep -q '/usr/bin/okr$' "$work/contents" || fail "the package lacks /usr/bin/okr"
  grep -q 'man1/okr-check.1' "$work/contents" || fail "the package lacks man pages"
  dpkg-deb -f "$deb" Package Version Depends
fi
