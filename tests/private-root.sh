#!/usr/bin/env bash
# Private OKRs in a second repository: okr.yaml `private: {path: ../okr-private}` (or
# OKR_PRIVATE_DIR) overlays a repository with its own git permissions on the main one. Builds
# two real git repositories from examples/ in a temporary folder: the individual ana's OKR file
# (and check-ins, if any) move to the private one.
#   private-root.sh OKR EXAMPLES
set -uo pipefail
okr=$(realpath "$1")
examples=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME=$work NO_COLOR=1 OKR_TODAY=2026-11-20 LC_ALL=C.UTF-8
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.com GIT_COMMITTER_NAME=ci
export GIT_COMMITTER_EMAIL=ci@example.com OKR_CACHE_DIR=$work/cache
unset OKR_PRIVATE_DIR
. "$(dirname "$0")/expect.sh"
# summary: the last line of $out without its count of infos (backdated-checkin reports
# every example check-in, all committed today).
summary() { tail -n1 <<<"$out" | sed 's/, [0-9]* infos$//'; }
# run NAME STATUS COMMAND...: runs COMMAND (output in $out), checks its exit status.
run() {
  local name=$1 want=$2
  shift 2
  out=$("$@" 2>&1)
  local status=$?
  if [ "$status" != "$want" ]; then
    fail "$name: exit $status, expected $want"
    echo "$out"
  fi
}
contains() { # NAME TEXT: $out contains TEXT
  if ! grep -qF -- "$2" <<<"$out"; then
    fail "$1: no '$2' in the output"
    echo "$out"
  fi
}
lacks() { # NAME TEXT: $out does not contain TEXT
  if grep -qF -- "$2" <<<"$out"; then
    fail "$1: '$2' in the output"
    echo "$out"
  fi
}

cp -r "$examples" "$work/acme"
mkdir -p "$work/okr-private/okrs/2026-Q4" "$work/okr-private/checkins/2026-Q4"
mv "$work/acme/okrs/2026-Q4/ana.yaml" "$work/okr-private/okrs/2026-Q4/"
if [ -d "$work/acme/checkins/2026-Q4/ana" ]; then
  mv "$work/acme/checkins/2026-Q4/ana" "$work/okr-private/checkins/2026-Q4/"
fi
printf 'main:\n  path: ../acme\n' >"$work/okr-private/okr.yaml"
cd "$work/acme" && git init -q && git add -A && git commit -q -m main
cd "$work/okr-private" && git init -q && git add -A && git commit -q -m private
cd "$work/acme"
main_files=$(find . -name '*.yaml' -not -path './.git/*' | wc -l)
private_files=$(find "$work/okr-private/okrs" "$work/okr-private/checkins" -name '*.yaml' | wc -l)
files_with=$((main_files + private_files))

# Without the private repository named, ana's OKRs are simply not there.
run "main alone" 0 "$okr" check
expect "main alone: files" "checked $main_files files: 0 errors, 0 warnings" "$(summary)"
run "score without ana" 0 "$okr" score --include-private
lacks "score without ana" "ana"

printf '\nprivate:\n  path: ../okr-private\n' >>okr.yaml
git commit -q -am "name the private repository"
run "both" 0 "$okr" check
expect "both: files" "checked $files_with files: 0 errors, 0 warnings" "$(summary)"
run "both, from the record" 0 "$okr" check
expect "both, from the record: files" "checked $files_with files: 0 errors, 0 warnings" "$(summary)"
run "score of the private owner" 0 "$okr" score --include-private ana
contains "score of the private owner" "ana"
run "score hides the private owner" 0 "$okr" score
lacks "score hides the private owner" "ana"
run "align" 0 "$okr" align --include-private
contains "align" "ana"

# Checked from inside the private repository: the main one, this one overlaid.
cd "$work/okr-private"
run "check from the private repository" 0 "$okr" check
expect "check from the private repository: files" \
  "checked $files_with files: 0 errors, 0 warnings" "$(summary)"
cd "$work/acme"

# A change in a private file is seen, by the record of the last check too.
sed -i 's/^\(\s*\)target: \(.*\)$/\1tagret: \2/' "$work/okr-private/okrs/2026-Q4/ana.yaml"
run "private finding" 1 "$okr" check
contains "private finding" "../okr-private/okrs/2026-Q4/ana.yaml:"
contains "private finding" "details hidden: a private file"
lacks "private finding" "tagret"
run "private finding, shown" 1 "$okr" check --include-private
contains "private finding, shown" "unknown key 'tagret'"
# PATH in the private repository, from either repository: that file, under its prefix.
run "PATH in the private repository" 1 "$okr" check ../okr-private
contains "PATH in the private repository" "checked 1 file: "
cd "$work/okr-private"
run "PATH from the private repository" 1 "$okr" check okrs/2026-Q4/ana.yaml
contains "PATH from the private repository" "checked 1 file: "
cd "$work/acme"
(cd "$work/okr-private" && git checkout -q -- .)
run "fixed" 0 "$okr" check

# okr lsp, from either repository: a private file opened first gets its diagnostics.
lsp_diagnostics() { # WORKSPACE FILE: the messages published for FILE
  python3 - "$okr" "$1" "$2" <<'PY'
import json, subprocess, sys
okr, root, doc = sys.argv[1:]
p = subprocess.Popen([okr, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def send(m):
    b = json.dumps(m).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
    p.stdin.flush()
def recv():
    h = b""
    while not h.endswith(b"\r\n\r\n"):
        h += p.stdout.read(1)
    n = int([l for l in h.decode().split("\r\n") if l.startswith("Content-Length")][0][15:])
    return json.loads(p.stdout.read(n))
send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
      "params": {"rootUri": "file://" + root, "capabilities": {}}})
while "id" not in recv():
    pass
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": "file://" + doc, "languageId": "yaml", "version": 1, "text": open(doc).read()}}})
while True:
    m = recv()
    if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == "file://" + doc:
        for d in m["params"]["diagnostics"]:
            print(d["range"]["start"]["line"] + 1, d["message"])
        break
send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
send({"jsonrpc": "2.0", "method": "exit"})
PY
}
sed -i '0,/^\(\s*\)target: \(.*\)$/s//\1tagret: \2/' "$work/okr-private/okrs/2026-Q4/ana.yaml"
line=$(grep -n tagret "$work/okr-private/okrs/2026-Q4/ana.yaml" | cut -d: -f1)
for workspace in "$work/acme" "$work/okr-private"; do
  expect "lsp from $workspace" "$line unknown key 'tagret'; did you mean 'target'?" \
    "$(timeout 60 bash -c "$(declare -f lsp_diagnostics); okr=$okr lsp_diagnostics $workspace \
      $work/okr-private/okrs/2026-Q4/ana.yaml")"
done
(cd "$work/okr-private" && git checkout -q -- .)

# The main repository never refers to the private one.
cp okrs/2026-Q4/discover.yaml "$work/discover.yaml"
sed -i '0,/^    title: /s//    depends_on: [ana]\n    title: /' okrs/2026-Q4/discover.yaml
run "main refers to private" 1 "$okr" check
contains "main refers to private" "depends_on 'ana' names 'ana', whose OKRs are in the private repository ('../okr-private/')"
mv "$work/okr-private" "$work/away"
run "main refers to private, without it" 1 "$okr" check
contains "main refers to private, without it" "depends_on 'ana' is unknown"
mv "$work/away" "$work/okr-private"
cp "$work/discover.yaml" okrs/2026-Q4/discover.yaml

# OKR_PRIVATE_DIR names it instead of okr.yaml.
cp -r "$work/okr-private" "$work/elsewhere"
sed -i 's/^\(\s*\)target: \(.*\)$/\1tagret: \2/' "$work/elsewhere/okrs/2026-Q4/ana.yaml"
OKR_PRIVATE_DIR=$work/elsewhere run "OKR_PRIVATE_DIR" 1 "$okr" check
contains "OKR_PRIVATE_DIR" "../elsewhere/okrs/2026-Q4/ana.yaml:"

# A link inside the private repository is read; one out of it is refused.
ln -s /etc/passwd "$work/okr-private/okrs/2026-Q4/leak.yaml"
run "link out of the private repository" 1 "$okr" check --include-private
contains "link out of the private repository" "outside the repository"
lacks "link out of the private repository" "root:"
rm "$work/okr-private/okrs/2026-Q4/leak.yaml"

# A check-in of the private owner is written, and committed, in the private repository.
run "checkin" 0 "$okr" checkin ana --date 2026-11-20 --confidence 6 --commit --no-input
contains "checkin" "recorded ../okr-private/checkins/2026-Q4/ana/2026-11-20.yaml"
[ -f "$work/okr-private/checkins/2026-Q4/ana/2026-11-20.yaml" ] || fail "checkin: no file"
expect "checkin: main untouched" "" "$(git status --porcelain)"
expect "checkin: committed in the private repository" "" \
  "$(git -C "$work/okr-private" status --porcelain)"
expect "checkin: the private repository's last commit" "1" \
  "$(git -C "$work/okr-private" log -1 --name-only --format= | grep -c 2026-11-20.yaml)"
run "check after the check-in" 0 "$okr" check

# okr new: an individual's file goes to the private repository; the next cycle's too.
run "new individual" 0 "$okr" new bo --level individual --parent discover --cycle 2027-Q1
[ -f "$work/okr-private/okrs/2027-Q1/bo.yaml" ] || fail "new individual: not in the private repository"
run "carry over" 0 "$okr" new ana --cycle 2027-Q1 --carry-over
[ -f "$work/okr-private/okrs/2027-Q1/ana.yaml" ] || fail "carry over: not in the private repository"
run "new team" 0 "$okr" new growth --level team --parent digital-services --cycle 2027-Q1
[ -f okrs/2027-Q1/growth.yaml ] || fail "new team: not in the main repository"

# okr import --okrs: the individual's file to the private repository, committed there.
git add -A && git commit -qm "new files"
git -C "$work/okr-private" add -A && git -C "$work/okr-private" commit -qm "new files"
cat >"$work/sheet.csv" <<'CSV'
owner,level,parent,objective,objective_title,kr,kr_title,baseline,target,unit
cy,individual,discover,learn,Learn the payments domain deeply,talks,Give talks to the team,0,2,talks
ops,team,digital-services,calm,Make releases calm and predictable,incidents,Cut release incidents,8,2,incidents
CSV
run "import --okrs" 0 "$okr" import --okrs "$work/sheet.csv" --cycle 2027-Q1 --commit
[ -f "$work/okr-private/okrs/2027-Q1/cy.yaml" ] || fail "import --okrs: cy not in the private repository"
[ -f okrs/2027-Q1/ops.yaml ] || fail "import --okrs: ops not in the main repository"
expect "import --okrs: main committed" "" "$(git status --porcelain)"
expect "import --okrs: private committed" "" "$(git -C "$work/okr-private" status --porcelain)"

exit $failed
