# fish completion for okr: candidates come from `okr __complete` (commands, options, their
# values, owner ids, cycles, key results, rule names); where it has none, file names.
function __okr_candidates
    set -l words (commandline -opc) (commandline -ct)
    okr __complete $words[2..-1] 2>/dev/null
end
function __okr_wants_files
    set -l candidates (__okr_candidates)
    test (count $candidates) -eq 0
end
complete -c okr -f -n 'not __okr_wants_files' -a '(__okr_candidates)'
complete -c okr -F -n '__okr_wants_files'
