# fish completion for okr: candidates come from `okr __complete`.
function __okr_complete
    set -l words (commandline -opc) (commandline -ct)
    okr __complete $words[2..-1] 2>/dev/null
end
complete -c okr -f -a '(__okr_complete)'
