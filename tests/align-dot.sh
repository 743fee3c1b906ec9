#!/usr/bin/env bash
# okr align --format dot must be a graph Graphviz accepts: renders the purpose-built
# repositories (one with titles full of quotes, backslashes and markup) and the examples with
# `dot -Tsvg` (Debian package graphviz, installed by tools/deps).
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
  done
done
