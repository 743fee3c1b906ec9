# bash completion for okr. Candidates come from `okr __complete`, so they follow the commands
# and options of the okr on PATH; owner ids, cycles, key results and rule names come from the
# repository you are in and from okr itself. No candidates: file names.
_okr() {
  local IFS=$'\n'
  local candidates
  candidates=$(okr __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  if [ -n "$candidates" ]; then
    COMPREPLY=($candidates)
    # objective/kr= and rule,: the value or the next item follows without a space.
    if [ ${#COMPREPLY[@]} -eq 1 ] && [[ ${COMPREPLY[0]} == *[=,] ]]; then
      compopt -o nospace 2> /dev/null || true
    fi
  else
    COMPREPLY=($(compgen -f -- "${COMP_WORDS[COMP_CWORD]}"))
  fi
}
complete -o filenames -F _okr okr
