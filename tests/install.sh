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
# Values okr computes: rule names (also after a comma), align sections, schema kinds, levels,
# statuses, cycles, and a team's key results for --set.
offers output-kr okr check --select out
offers missing-unit,output-kr okr check --ignore missing-unit,out
offers output-kr okr rules out
offers gaps,individual_copies okr align --fail-on gaps,ind
offers checkin okr schema ch
offers individual okr new x --level ind
offers at-risk okr checkin discover --status at
offers 2026-Q4 okr score --cycle 2026-Q
offers first-week/completion= okr checkin discover --set first-week/
offers check okr help ch

# zsh and fish, through the real shells: the same candidates.
zsh_candidates() { # WORD...: what zsh's _okr would add for the words given
  (cd "$source/examples" && PATH="$work/prefix/bin:$PATH" zsh -f -c '
    compadd() { while [[ $1 == -* ]]; do [[ $1 == -- ]] && { shift; break }; [[ $1 == -S ]] && shift; shift; done; print -l -- "$@" }
    _files() { print -- "(files)" }
    words=("$@"); CURRENT=$#
    source "$0"' "$work/prefix/share/zsh/vendor-completions/_okr" "$@")
}
fish_candidates() { # LINE: what fish offers at the end of the command line
  (cd "$source/examples" && PATH="$work/prefix/bin:$PATH" HOME="$work" fish --no-config -c '
    source $argv[1]; complete -C $argv[2]' "$work/prefix/share/fish/vendor_completions.d/okr.fish" "$1")
}
for shell in zsh fish; do
  if ! command -v $shell > /dev/null; then
    fail "$shell is not installed (tools/deps test installs it)"
  fi
done
got=$(zsh_candidates okr check --select out)
grep -qx output-kr <<< "$got" || fail "zsh: okr check --select out<TAB> offered: ${got//$'\n'/ }"
got=$(zsh_candidates okr check okrs/)
grep -qx "(files)" <<< "$got" || fail "zsh: okr check okrs/<TAB> did not offer files: $got"
got=$(fish_candidates "okr check --select out")
grep -q "^output-kr" <<< "$got" || fail "fish: okr check --select out<TAB> offered: ${got//$'\n'/ }"
got=$(fish_candidates "okr checkin discover --set first-week/")
grep -q "^first-week/completion=" <<< "$got" || fail "fish: --set offered: ${got//$'\n'/ }"
got=$(fish_candidates "okr check okrs/2026-Q")
grep -q "^okrs/2026-Q4/" <<< "$got" || fail "fish: okr check okrs/2026-Q<TAB> offered no file: $got"
echo "installed and completing: ok"

if command -v dpkg-deb > /dev/null; then
  (cd "$work" && cpack -G DEB -B "$work/package" --config "$build/CPackConfig.cmake" > /dev/null)
  deb=$(ls "$work"/package/*.deb)
  dpkg-deb -c "$deb" > "$work/contents"
  grep -q '/usr/bin/okr$' "$work/contents" || fail "the package lacks /usr/bin/okr"
  grep -q 'man1/okr-check.1' "$work/contents" || fail "the package lacks man pages"
  dpkg-deb -f "$deb" Package Version Depends
fi
