#!/usr/bin/env bash
# Renders the HTML report of examples/ in headless Chromium and checks that it is
# self-contained (no script, no stylesheet, image, font or frame loaded from anywhere) and that
# the key numbers of the example organisation appear in the DOM Chromium built.
#   usage: report-html.sh OKR EXAMPLES
set -euo pipefail
okr=$1
examples=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
  echo "report-html: $*" >&2
  exit 1
}

OKR_TODAY=2026-11-20 "$okr" report --root "$examples" --as-of 2026-11-20 --format html \
  -o "$work/report.html"
[ -s "$work/report.html" ] || fail "okr report wrote nothing"
leftovers=$(ls -a "$work")
grep -q '\.tmp-' <<< "$leftovers" && fail "okr report left a temporary file behind"

# Nothing may be fetched: no src/href/url()/@import pointing anywhere, no script, no link.
if grep -Eino "(src|href|action|poster|data)[[:space:]]*=[[:space:]]*[\"']?[[:space:]]*[a-z]+:|url\(|@import|<script|<link|<iframe|<object|<embed" \
  "$work/report.html"; then
  fail "the HTML report loads something from elsewhere (above)"
fi

chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || fail "chromium is not installed (tools/deps installs it)"
# Every host name resolves to nothing, so a request that slipped through would fail the load.
HOME="$work" timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
  --user-data-dir="$work/profile" --host-resolver-rules="MAP * ~NOTFOUND" \
  --dump-dom "file://$work/report.html" > "$work/dom.html" 2> "$work/chromium.log" ||
  { cat "$work/chromium.log" >&2; fail "chromium failed"; }

expect() {
  grep -qF -- "$1" "$work/dom.html" || fail "the DOM lacks: $1"
}
expect '<h1>OKR report: Acme Bank</h1>'
expect '<strong id="as-of">2026-11-20</strong>'
expect '<b id="owners">8</b>'
expect '<b id="objectives">18</b>'
expect '<b id="key-results">52</b>'
expect '<b id="committed">8 of 20</b>'
# Each owner is held to its own cadence: the monthly Business Banking unit and the quarterly
# company are on cadence although they have not checked in for more than 7 days.
expect '<b id="cadence">8 of 8</b>owners checked in within their cadence'
expect '<b id="not-measured">0</b>'
expect 'breached 99.91 on 2026-06-26'
expect 'Discover team <span class="muted">(team)</span> 0.72'
expect 'Make the first week seamless and confidence-boosting for new users 0.78'
expect 'Pairing with identity unblocked the SSO fallback in a week'
# The charts made it into the DOM: one per key result plus the score distribution.
charts=$(grep -o '<svg ' "$work/dom.html" | wc -l)
[ "$charts" -eq 53 ] || fail "expected 53 SVG charts in the DOM, found $charts"
# Private OKRs stay out.
grep -q 'Ana Souza' "$work/dom.html" && fail "a private owner appears in the report"
echo "report-html: ok ($charts charts)"
