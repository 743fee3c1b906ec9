# bash completion for okr. Candidates come from `okr __complete`, so they follow the commands
# and options of the okr on PATH, and owner ids come from the repository you are in.
_okr() {
  local IFS=$'\n'
  local candidates
  candidates=$(okr __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  if [ -n "$candidates" ]; then
    COMPREPLY=($candidates)
  else
    COMPREPLY=($(compgen -f -- "${COMP_WORDS[COMP_CWORD]}"))
  fi
}
complete -o filenames -F _okr okr
