#!/usr/bin/env bash
# okr align --format dot must be a graph Graphviz accepts: renders the purpose-built
# repositories (one with titles full of quotes, backslashes and markup) and the examples with
# `dot -Tsvg` (Debian package graphviz, installed by tools/deps). The graph of the examples
# reads top to bottom by level and is no wider than 2,000 px at 96 dpi (Graphviz measures in
# points, 72 to the inch).
set -euo pipefail
okr=$1
shift
for repo in "$@"; do
  for private in "" --include-private; do
    svg=$(OKR_TODAY=2026-11-20 NO_COLOR=1 "$okr" align --root "$repo" --format dot $private |
      dot -Tsvg)
    if ! grep -q '<svg' <<<"$svg"; then
      echo "dot produced no SVG for $repo $private"
      exit 1
    fi
    if [ "$(basename "$repo")" = examples ]; then
      points=$(sed -n 's/^<svg width="\([0-9.]*\)pt".*/\1/p' <<<"$svg")
      pixels=$(awk -v pt="$points" 'BEGIN { printf "%d", pt * 96 / 72 + 0.5 }')
      if [ -z "$points" ] || [ "$pixels" -gt 2000 ]; then
        echo "okr align --format dot of the examples $private is ${pixels:-?} px wide (> 2000)"
        exit 1
      fi
    fi
  done
done
