#!/usr/bin/env bash
# The HTML report of examples/ in a real browser: it must be self-contained (no script, no
# stylesheet, image, font or frame loaded from anywhere), pass tests/report-browser.js (no
# sideways scroll at 390, 768 and 1,280 px, no request leaving the page, no WCAG 2.1 A/AA
# violation found by axe-core, in light and dark mode; no html-validate error) in Debian's
# chromium, and the key numbers of the example organisation must be in the DOM Chromium built.
# Three pages of `okr report --format site` pass the same browser checks.
#   usage: report-html.sh OKR EXAMPLES NODE NODE_MODULES
set -euo pipefail
okr=$1
examples=$2
node=$3
node_modules=$4
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

# Three pages of the static site too: the index, a unit's monthly report, an owner's page.
OKR_TODAY=2026-11-20 "$okr" report --root "$examples" --as-of 2026-11-20 --format site \
  -o "$work/site"
for page in index.html unit-digital-services.html owner-discover.html; do
  [ -s "$work/site/$page" ] || fail "the site lacks $page"
done

# One Chromium for every check; it writes the DOM it built to report.dom.html.
"$node" "$(dirname "$0")/report-browser.js" "$node_modules" --dom "$work" "$work/report.html" \
  "$work/site/index.html" "$work/site/unit-digital-services.html" \
  "$work/site/owner-discover.html" || fail "the report failed in the browser (above)"

expect() {
  grep -qF -- "$1" "$work/report.dom.html" || fail "the DOM lacks: $1"
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
# The charts made it into the DOM: one per key result, the score distribution and the tree of
# owners, coloured by pace (Business Banking at risk: red), with each score's change.
charts=$(grep -o '<svg ' "$work/report.dom.html" | wc -l)
[ "$charts" -eq 54 ] || fail "expected 54 SVG charts in the DOM, found $charts"
expect '(8 owners)</title>'
expect '<circle cx="32.0" cy="47.0" r="6.0" fill="#c62828"></circle><text x="44.0" y="51.5" font-size="13" fill="#1f2a30" font-weight="600">Business Banking</text>'
expect '↑ 0.26<span class="hidden"> since the check-in of 2026-10-02</span>'

# Private OKRs stay out.
grep -q 'Ana Souza' "$work/report.dom.html" && fail "a private owner appears in the report"
echo "report-html: ok ($charts charts)"
