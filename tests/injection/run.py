#!/usr/bin/env python3
"""Output injection: hostile text from the files cannot take over any output of okr.

    run.py OKR

tests/injection/repo/ puts terminal escape sequences (ESC, CSI, OSC 8, BEL, other C0 and C1
controls), HTML, Markdown, Mermaid, DOT, CSV and GitHub workflow-command syntax into every
free text a file holds: titles, owner names, KPI titles, units, initiatives, check-in issues,
plans, authors and retrospectives, and unknown keys and bad values that `okr check` quotes.
tests/injection/bad-config/ does the same for okr.yaml (whose errors stop the other checks).

Every output is read back by a real parser (json, jsonschema with the SARIF schema of
tests/schemas, xml.etree, csv, html.parser, Graphviz) or checked line by line against the
grammar okr writes (terminal, GitHub workflow commands, Mermaid), and the hostile strings must
come back: exactly where the format can carry them, neutralised where it cannot. Before that,
the checkers themselves are shown unescaped samples and must reject each one, so a checker
that passes everything fails the test. The repository must be unchanged afterwards.

Standard library plus python3-yaml and python3-jsonschema (Debian), and graphviz's dot.
"""

import csv
import hashlib
import html
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import jsonschema
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
TODAY = "2026-11-20"
FAILURES = []


def fail(where, what):
    FAILURES.append(f"{where}: {what}")


def short(text, n=160):
    text = repr(text)
    return text if len(text) <= n else text[:n] + "..."


# ---------------------------------------------------------------------------------------------
# The corpus: what the repository holds, read with PyYAML (the reference YAML parser).

# Every kind of hostile text the files must carry somewhere; checked so that editing the
# repository cannot quietly weaken the test.
REQUIRED = {
    "ESC SGR": "\x1b[31m",
    "CSI clear screen": "\x1b[2J",
    "OSC 8 hyperlink": "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\",
    "BEL": "\x07",
    "C0 SOH": "\x01",
    "C0 backspace": "\x08",
    "DEL": "\x7f",
    "C1 CSI": "\u009b",
    "C1 NEL": "\u0085",
    "NUL": "\x00",
    "script": "<script>alert(1)</script>",
    "attribute break-out": '"><img src=x onerror=alert(1)>',
    "javascript: URL": "javascript:alert(1)",
    "CDATA end": "]]>",
    "entity": "&amp;",
    "double quote": '"',
    "single quote": "'",
    "backslash": "\\",
    "backtick": "`",
    "pipe": "|",
    "Markdown link": "[click](javascript:alert(1))",
    "braces": "{",
    "closing brace": "}",
    "hash": "#",
    "semicolon": ";",
    "Mermaid arrow": "-->",
    "DOT escaped quote": '\\"',
    "DOT \\N": "\\N",
    "newline": "\n",
    "carriage return": "\r",
    "percent": "%",
    "workflow command": "::error",
    "comma": ",",
    "non-ASCII": "日本語",
    "bidi override": "\u202e",
    "bidi isolate": "\u2066",
    "OSC 52 clipboard": "\x1b]52;c;",
    "CSV formula =": "=HYPERLINK(",
    "CSV formula @": "@SUM(",
    "CSV formula +": "+1",
}

RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0080-\u009f]")


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # A few comments and one plain scalar hold raw control bytes (okr shows source lines);
    # PyYAML refuses those bytes, and nothing compared below comes from them.
    return yaml.safe_load(RAW_CONTROL.sub("", text))


def walk_strings(value):
    """Every string of a parsed document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from walk_strings(k)
            yield from walk_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk_strings(v)


class Corpus:
    def __init__(self, root):
        self.files = {}
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                self.files[os.path.relpath(path, root)] = load_yaml(path)
        config = self.files["okr.yaml"]
        self.organization = config.get("organization")
        self.vision = config.get("vision")
        self.strategy = config.get("strategy", [])
        self.owners = {}  # id -> name
        self.tops = []  # owners without a parent
        self.objectives = {}  # ref -> title
        self.key_results = {}  # ref -> title
        self.units = {}  # kr ref -> unit
        self.kpis = {}  # owner/id -> title
        self.checkins = []
        for path, doc in sorted(self.files.items()):
            if path.startswith("okrs/"):
                owner = doc["owner"]
                self.owners[owner] = doc.get("name", owner)
                if "parent" not in doc:
                    self.tops.append(owner)
                for o in doc.get("objectives", []):
                    ref = f"{owner}/{o['id']}"
                    self.objectives[ref] = o["title"]
                    for kr in o.get("key_results", []):
                        self.key_results[f"{ref}/{kr['id']}"] = kr["title"]
                        if "unit" in kr:
                            self.units[f"{ref}/{kr['id']}"] = kr["unit"]
                for k in doc.get("kpis", []):
                    self.kpis[f"{owner}/{k['id']}"] = k["title"]
            elif path.startswith("checkins/"):
                self.checkins.append(doc)
        # Text okr quotes in `okr check` messages: keys that are not ids, and result values that
        # are neither numbers nor done / not-done.
        self.quoted = []
        for doc in self.files.values():
            self.quoted += list(self.hostile_keys(doc))
        for c in self.checkins:
            for value in (c.get("results") or {}).values():
                if isinstance(value, str) and value not in ("done", "not-done"):
                    self.quoted.append(value)

    def hostile_keys(self, value):
        if isinstance(value, dict):
            for k, v in value.items():
                if isinstance(k, str) and re.search(r"[^A-Za-z0-9/_-]", k):
                    yield k
                yield from self.hostile_keys(v)
        elif isinstance(value, list):
            for v in value:
                yield from self.hostile_keys(v)

    def retro(self):
        """The attractors, detractors and learned of the retrospectives."""
        return [t for c in self.checkins for k in ("attractors", "detractors", "learned")
                for t in c.get(k) or []]

    def texts(self):
        return [s for doc in self.files.values() for s in walk_strings(doc)]


# ---------------------------------------------------------------------------------------------
# How each kind of output shows a text that it cannot carry as it is.


# What okr shows as an escape rather than writes (must_be_escaped): C0 controls, DEL, C1
# controls, bidirectional embeddings, overrides and isolates, U+FFFE and U+FFFF.
MUST_ESCAPE = "\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff"


def visible(char):
    """escape_controls: \\xNN below U+0080, \\uNNNN above."""
    code = ord(char)
    return f"\\x{code:02X}" if code < 0x80 else f"\\u{code:04X}"


def escaped(text, keep=""):
    return re.sub(f"[{MUST_ESCAPE}]", lambda m: m.group() if m.group() in keep else
                  visible(m.group()), text)


def on_terminal(text):
    """sanitize_for_terminal: a tab becomes a space, other controls and bidi overrides visible
    escapes."""
    return escaped(text.replace("\t", " "))


def in_csv(text):
    """A CSV text cell: as on a terminal, and a quote before what a spreadsheet would compute."""
    shown = on_terminal(text)
    return "'" + shown if text[:1] in ("=", "+", "-", "@", "\t", "\r") or \
        shown[:1] in ("=", "+", "-", "@") else shown


def as_space(text, c1=True):
    """Markup formats (Markdown, Mermaid; DOT without C1): controls become spaces."""
    return re.sub(r"[\x00-\x1f\x7f\u0080-\u009f]" if c1 else r"[\x00-\x1f\x7f]", " ", text)


def in_html(text):
    """HTML: line breaks become LF (as an HTML parser reads them), other controls but tab U+FFFD;
    bidirectional overrides and isolates, U+FFFE and U+FFFF are written as visible escapes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]", "\ufffd", text)
    return re.sub(r"[\u202a-\u202e\u2066-\u2069\ufffe\uffff]",
                  lambda m: "\\u%04X" % ord(m.group(0)), text)


def xml_text(text):
    """escape_xml: what XML 1.0 cannot carry (C0 controls but tab, LF and CR; U+FFFE, U+FFFF)
    and what a reader should not obey (C1 controls, bidi overrides) as visible escapes."""
    return escaped(text, keep="\t\n\r")


# ---------------------------------------------------------------------------------------------
# Checkers. Each returns a list of problems (empty: clean); self_test() feeds each a sample it
# must reject.

SGR = re.compile(r"\x1b\[[0-9;]*m")
FORBIDDEN_ON_TERMINAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069]")
# okr report's HTML and Markdown (src/core/report) do not escape bidi overrides yet.
FORBIDDEN_IN_REPORT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]")


def terminal_problems(data, coloured, plain=None, forbidden=FORBIDDEN_ON_TERMINAL):
    """Terminal output: no control characters but newline and tab; with --color always, every
    ESC starts an SGR sequence, and without them the output is the plain one (so no SGR
    sequence came from the files)."""
    problems = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return [f"not UTF-8: {e}"]
    if coloured:
        for m in re.finditer("\x1b", text):
            if not SGR.match(text, m.start()):
                at = text[m.start():m.start() + 20]
                problems.append(f"ESC not starting an SGR sequence: {short(at)}")
        text = SGR.sub("", text)
        if plain is not None and text != plain.decode("utf-8", "replace"):
            problems.append("without its SGR sequences the coloured output is not the plain one")
    for m in forbidden.finditer(text):
        line = text[text.rfind("\n", 0, m.start()) + 1:text.find("\n", m.start())]
        problems.append(f"raw control U+{ord(m.group()):04X} in {short(line, 120)}")
        if len(problems) > 5:
            break
    return problems


GH_LINE = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def gh_decode(text, prop):
    table = {"%25": "%", "%0D": "\r", "%0A": "\n"}
    if prop:
        table.update({"%3A": ":", "%2C": ","})
    return re.sub("%(25|0D|0A|3A|2C)", lambda m: table.get(m.group(), m.group()), text)


def github_commands(text):
    """Parses GitHub workflow commands as the runner does; returns (commands, problems)."""
    problems = []
    commands = []
    if "\r" in text:
        problems.append("a raw carriage return: the runner ends the command there")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        m = GH_LINE.match(line)
        if not m:
            problems.append(f"not one workflow command: {short(line)}")
            continue
        props = {}
        for part in m.group(2).split(","):
            key, eq, value = part.partition("=")
            if not eq:
                problems.append(f"property without '=': {short(part)}")
            props[key] = gh_decode(value, True)
        if re.search(r"%(?!25|0D|0A)", m.group(3)):
            problems.append(f"'%' not escaped as %25 in data: {short(m.group(3))}")
        commands.append((m.group(1), props, gh_decode(m.group(3), False)))
    return commands, problems


def csv_problems(rows, number_columns):
    """CSV: no text cell starts with what a spreadsheet reads as a formula (OWASP)."""
    problems = []
    for row in rows:
        for i, cell in enumerate(row):
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and \
                    not (i in number_columns and re.fullmatch(r"-?[0-9.]+", cell)):
                problems.append(f"a cell a spreadsheet would compute: {short(cell)}")
    return problems


def mermaid_label_problems(label):
    if not re.fullmatch(r'(?:[^"<>&`#\x00-\x1f\x7f]|#[a-z0-9]+;|<br/>)*', label):
        return [f"unescaped character in label {short(label)}"]
    return []


def mermaid_decode(label):
    entities = {"quot": '"', "35": "#", "amp": "&", "lt": "<", "gt": ">", "96": "`", "124": "|"}
    label = label.replace("<br/>", "\n")
    return re.sub(r"#([a-z0-9]+);", lambda m: entities.get(m.group(1), m.group()), label)


LABEL = r'"([^"\n]*)"'
NODE = r"[wokxn]\d+"
MERMAID_LINE = [
    re.compile(r"^flowchart BT$"),
    re.compile(r"^  %% ([^\n]*)$"),
    re.compile(rf"^  subgraph {NODE}\[{LABEL}\]$"),
    re.compile(rf"^ {{2,4}}{NODE}\[{LABEL}\]$"),
    re.compile(rf"^    {NODE}\(\[{LABEL}\]\)$"),
    re.compile(r"^  end$"),
    re.compile(rf"^  {NODE} (-->|-\. shares \.->|-- contributes -->|-\. depends on \.->|"
               rf"-\. overlaps \.-|-\. repeats \.->) {NODE}$"),
    re.compile(r"^  classDef (gap|orphan) [a-z:#0-9,.\- ]+$"),
    re.compile(r"^  class o\d+ (gap|orphan)$"),
]


def mermaid(text):
    """Checks a flowchart line by line against the statements okr writes; returns (decoded
    labels, problems). A label that closed its quotes or carried a newline would leave its
    line matching none of them."""
    labels, problems = [], []
    for line in text.split("\n"):
        if line == "":
            continue
        for pattern in MERMAID_LINE:
            m = pattern.match(line)
            if m:
                break
        else:
            problems.append(f"not a statement okr writes: {short(line)}")
            continue
        if m.groups() and pattern is not MERMAID_LINE[6] and pattern is not MERMAID_LINE[7]:
            label = m.group(1)
            if pattern is MERMAID_LINE[1]:
                # A comment: only a directive (%%{...}%%) or a new line could escape it.
                if label.startswith("{") or re.search(r"[\x00-\x1f]", label):
                    problems.append(f"comment that is not plain text: {short(label)}")
                continue
            problems += mermaid_label_problems(label)
            labels.append(mermaid_decode(label))
    return labels, problems


class HtmlScan(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.attrs = []
        self.data = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.data.append(data)


# What okr's HTML template and its SVG charts use; anything else came from the data.
HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
             "strong", "span", "th", "td", "ul", "li", "div", "tr", "section", "b", "table",
             "figure", "figcaption", "br", "svg", "rect", "line", "text", "circle", "polyline",
             "a", "thead", "tbody", "meter", "path", "g"}


def html_problems(text):
    scan = HtmlScan()
    scan.feed(text)
    scan.close()
    problems = []
    for tag in scan.tags:
        if tag == "script" or tag not in HTML_TAGS:
            problems.append(f"<{tag}> start tag")
    for tag, name, value in scan.attrs:
        if name.startswith("on"):
            problems.append(f"event handler attribute {name} on <{tag}>")
        # okr's own links go to an owner's section (the overview's), or to the overview (the
        # owner tree's caption).
        if tag == "a" and (name != "href" or
                           not re.fullmatch(r"#owner-[a-z0-9-]+|#overview", value)):
            problems.append(f"<a {name}={short(value)}> is not a link to an owner's section")
        if name in ("href", "src", "xlink:href", "action", "formaction") and \
                re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:"):
            problems.append(f"javascript: URL in {name} of <{tag}>")
    return "".join(scan.data), problems


MD_LINK = re.compile(r"(?<!\\)\]\(")


def markdown_problems(text, allow_html=()):
    """Markdown: no raw HTML tag, no control character, no link the data made."""
    problems = []
    outside = re.sub(r"```mermaid\n.*?\n```", "", text, flags=re.S)
    for m in re.finditer(r"<(/?[A-Za-z][A-Za-z0-9]*)", outside):
        if m.group(1).lower().lstrip("/") not in allow_html:
            problems.append(f"raw HTML <{m.group(1)}: {short(outside[m.start():m.start() + 40])}")
    for m in re.finditer(r"[\x00-\x08\x0b-\x1f\x7f]", text):
        at = text[max(0, m.start() - 20):m.start() + 20]
        problems.append(f"raw control U+{ord(m.group()):04X}: {short(at)}")
        break
    for m in MD_LINK.finditer(outside):
        at = outside[max(0, m.start() - 30):m.start() + 30]
        problems.append(f"a link made of data: {short(at)}")
    return problems


def markdown_text(text):
    """What a Markdown reader shows of okr's escaped text (backslash escapes and entities)."""
    return html.unescape(re.sub(r"\\([\\`*_\[\]#|~!])", r"\1", text))


def self_test():
    """Every checker rejects an unescaped sample, so none of them passes everything."""
    must_fail = {
        "terminal: raw ESC": terminal_problems(b"title \x1b[2J\n", False),
        "terminal: raw BEL": terminal_problems(b"title \x07\n", False),
        "terminal: C1 CSI": terminal_problems("title \u009b2J\n".encode(), False),
        "terminal: OSC with --color":
            terminal_problems(b"\x1b[1mx\x1b[0m \x1b]8;;http://e\x1b\\\n", True),
        "terminal: data SGR with --color":
            terminal_problems(b"\x1b[31mx\n", True, b"\\x1B[31mx\n"),
        "terminal: bidi override": terminal_problems("title \u202eevil\n".encode(), False),
        "terminal: bidi isolate": terminal_problems("title \u2067evil\n".encode(), False),
        "terminal: invalid UTF-8": terminal_problems(b"title \xff\n", False),
        "csv: =HYPERLINK": csv_problems([["=HYPERLINK(\"http://e\")"]], set()),
        "csv: @SUM": csv_problems([["@SUM(1)"]], set()),
        "csv: -1 in a text column": csv_problems([["-1+1"]], set()),
        "github: raw newline in data": github_commands("::error file=a,line=1::x\ny\n")[1],
        "github: raw ':' in a property": github_commands("::error file=a:b,line=1::x\n")[1],
        "github: unescaped '%'": github_commands("::error file=a,line=1::100%0X\n")[1],
        "mermaid: quote in a label": mermaid('flowchart BT\n    o1["a " b"]\n')[1],
        "mermaid: newline in a label": mermaid('flowchart BT\n    o1["a\nb"]\n')[1],
        "mermaid: raw <script>": mermaid('flowchart BT\n    o1["<script>"]\n')[1],
        "mermaid: new statement": mermaid('flowchart BT\n    o1["a"] --> o2["b"]\n')[1],
        "html: <script>": html_problems("<p><script>alert(1)</script></p>")[1],
        "html: onerror": html_problems('<p><img src=x onerror="alert(1)"></p>')[1],
        "html: javascript: href": html_problems('<span href="java\nscript:alert(1)">x</span>')[1],
        "markdown: raw <script>": markdown_problems("a <script>alert(1)</script>\n"),
        "markdown: data link": markdown_problems("[click](javascript:alert(1))\n"),
        "markdown: raw ESC": markdown_problems("a \x1b[2J\n"),
    }
    for name, problems in must_fail.items():
        if not problems:
            fail("self-test", f"the checker accepted {name}")
    # The decoders invert okr's escaping.
    if csv_problems([["-5", "0.25"]], {0, 1}):
        fail("self-test", "csv_problems refused a negative number")
    if gh_decode("a%25b%0D%0Ac%3Ad%2Ce", True) != "a%b\r\nc:d,e":
        fail("self-test", "gh_decode")
    if mermaid_decode("#quot;#35;#amp;#lt;#gt;#96;#124;<br/>") != '"#&<>`|\n':
        fail("self-test", "mermaid_decode")
    # The XML parser normalises a raw CR (to a space in an attribute), so only &#13; carries one.
    if ET.fromstring("<a b='x\ry'/>").get("b") == "x\ry":
        fail("self-test", "xml.etree kept a raw CR: the JUnit round trip proves nothing")


# ---------------------------------------------------------------------------------------------
# Running okr.


def tree_hash(root):
    h = hashlib.sha256()
    for folder, dirs, names in sorted(os.walk(root)):
        dirs.sort()
        for name in sorted(names + dirs):
            path = os.path.join(folder, name)
            st = os.lstat(path)
            h.update(f"{os.path.relpath(path, root)}\0{st.st_mode:o}\0".encode())
            if os.path.isfile(path) and not os.path.islink(path):
                with open(path, "rb") as f:
                    h.update(f.read())
    return h.hexdigest()


class Okr:
    def __init__(self, binary, work):
        self.binary = binary
        self.env = {k: v for k, v in os.environ.items() if k not in ("OKR_COLOR", "OKR_CACHE_DIR")}
        self.env.update({"OKR_TODAY": TODAY, "NO_COLOR": "1", "LC_ALL": "C.UTF-8",
                         "XDG_CACHE_HOME": os.path.join(work, "cache")})
        self.runs = 0

    def __call__(self, cwd, *args, status=(0,)):
        self.runs += 1
        p = subprocess.run([self.binary, *args], cwd=cwd, env=self.env, capture_output=True,
                           timeout=60)
        where = "okr " + " ".join(args)
        if p.returncode not in status:
            stderr = short(p.stderr.decode("utf-8", "replace"), 400)
            fail(where, f"exit status {p.returncode}, expected {status}; stderr: {stderr}")
        # Whatever the format, standard error is for people at a terminal.
        for problem in terminal_problems(p.stderr, False):
            fail(where + " (stderr)", problem)
        return p.stdout, p.stderr


def contains_all(where, haystack, needles, what):
    for needle in needles:
        if needle not in haystack:
            fail(where, f"{what} {short(needle)} is missing")


def json_strings(doc):
    return list(walk_strings(doc))


def check_terminal(okr, cwd, corpus_texts, *args, status=(0,), expect_prefix=None):
    """Plain and --color always: only SGR escapes, and every hostile text shown neutralised."""
    where = "okr " + " ".join(args)
    plain, _ = okr(cwd, *args, status=status)
    coloured, _ = okr(cwd, "--color", "always", *args, status=status)
    for problem in terminal_problems(plain, False):
        fail(where, problem)
    for problem in terminal_problems(coloured, True, plain):
        fail(where + " --color always", problem)
    shown = plain.decode("utf-8", "replace")
    for text in corpus_texts:
        needle = on_terminal(text)
        if expect_prefix:
            needle = needle[:expect_prefix]
        if needle not in shown:
            fail(where, f"the text {short(text)} is not shown (as {short(needle)})")
    return shown


def check_check(okr, cwd, corpus, sarif_schema, status):
    """okr check in every format: the hostile keys and values it quotes."""
    quoted = [f"'{q}'" for q in corpus.quoted]
    doc = json.loads(okr(cwd, "check", "--format", "json", status=status)[0])
    diagnostics = doc["diagnostics"]
    messages = [d["message"] for d in diagnostics]
    for q in quoted:
        if not any(q in m for m in messages):
            fail("okr check --format json", f"no message quotes {short(q)} exactly")

    check_terminal(okr, cwd, [on_terminal(q) for q in quoted], "check", status=status)
    concise, _ = okr(cwd, "check", "--format", "concise", status=status)
    for problem in terminal_problems(concise, False):
        fail("okr check --format concise", problem)
    lines = concise.decode().split("\n")[:-1]
    if len(lines) != len(diagnostics):
        fail("okr check --format concise", f"{len(lines)} lines for {len(diagnostics)} findings")
    for line, d in zip(lines, diagnostics):
        want = (f"{d['file']}:{d['line']}:{d['column']}: {d['severity']}: "
                f"{on_terminal(d['message'])} [{d['rule']}]")
        if line != want:
            fail("okr check --format concise", f"{short(line)} is not {short(want)}")

    sarif = json.loads(okr(cwd, "check", "--format", "sarif", status=status)[0])
    if sarif_schema is not None:
        for error in jsonschema.Draft4Validator(sarif_schema).iter_errors(sarif):
            fail("okr check --format sarif", f"{'/'.join(map(str, error.path))}: {error.message}")
    results = sarif["runs"][0]["results"]
    if [r["message"]["text"] for r in results] != messages:
        fail("okr check --format sarif", "the messages are not those of --format json")

    junit = okr(cwd, "check", "--format", "junit", status=status)[0].decode()
    root = ET.fromstring(junit)
    found = []
    for case in root.iter("testcase"):
        failure = case.find("failure")
        if failure is not None:
            found.append((case.get("classname"), failure.get("message"), failure.text))
        out = case.find("system-out")
        if out is not None:
            found.append((case.get("classname"), None, out.text))
    expected = sorted(diagnostics, key=lambda d: d["file"])
    if len(found) != len(expected):
        fail("okr check --format junit", f"{len(found)} findings for {len(expected)}")
    for (classname, message, text), d in zip(found, expected):
        where = f"{d['file']}:{d['line']}:{d['column']}"
        want = xml_text(d["message"])
        if classname != xml_text(d["file"]):
            fail("okr check --format junit", f"classname {short(classname)} is not {d['file']}")
        if message is not None and message != want:
            fail("okr check --format junit", f"message {short(message)} is not {short(want)}")
        body = (f"{where}: {d['severity']}: {want} [{d['rule']}]" if message is not None
                else f"{where}: info: {want}")
        if text != body:
            fail("okr check --format junit", f"text {short(text)} is not {short(body)}")

    text = okr(cwd, "check", "--format", "github", status=status)[0].decode()
    commands, problems = github_commands(text)
    for problem in problems:
        fail("okr check --format github", problem)
    if len(commands) != len(diagnostics):
        fail("okr check --format github",
             f"{len(commands)} commands for {len(diagnostics)} findings")
    for (kind, props, data), d in zip(commands, diagnostics):
        want = {"error": "error", "warning": "warning", "info": "notice"}[d["severity"]]
        if kind != want or data != escaped(d["message"], keep="\t\r\n") or \
                props.get("file") != escaped(d["file"], keep="\t\r\n") or \
                props.get("line") != str(d["line"]) or props.get("col") != str(d["column"]) or \
                props.get("title") != "okr " + d["rule"]:
            decoded = short((kind, props, data), 300)
            fail("okr check --format github", f"decoded {decoded} is not finding {short(d, 300)}")

    gitlab = json.loads(okr(cwd, "check", "--format", "gitlab", status=status)[0])
    if not isinstance(gitlab, list) or len(gitlab) != len(diagnostics):
        fail("okr check --format gitlab", "not one issue a finding")
    else:
        prints = set()
        for issue, d in zip(gitlab, diagnostics):
            prints.add(issue.get("fingerprint"))
            where = issue.get("location", {})
            if issue.get("description") != on_terminal(d["message"]) or \
                    issue.get("check_name") != d["rule"] or \
                    issue.get("severity") not in ("info", "minor", "major", "critical", "blocker") \
                    or where.get("path") != d["file"] or where["lines"]["begin"] != d["line"]:
                fail("okr check --format gitlab",
                     f"issue {short(issue, 300)} is not finding {short(d, 300)}")
        if len(prints) != len(gitlab) or \
                not all(re.fullmatch(r"[0-9a-f]{16}", p or "") for p in prints):
            fail("okr check --format gitlab", "fingerprints are not distinct hex strings")


def check_align(okr, cwd, corpus):
    titles = list(corpus.objectives.values())
    names = [corpus.owners[o] for o in corpus.tops]  # the others head no tree of their own
    status = (0,)
    check_terminal(okr, cwd, titles + names, "align", status=status)

    doc = json.loads(okr(cwd, "align", "--format", "json", status=status)[0])
    contains_all("okr align --format json", json_strings(doc), titles + names, "the text")

    out = okr(cwd, "align", "--format", "mermaid", status=status)[0].decode()
    labels, problems = mermaid(out)
    for problem in problems:
        fail("okr align --format mermaid", problem)
    decoded = "\n".join(labels)
    contains_all("okr align --format mermaid", decoded, [as_space(t) for t in titles + names],
                 "the label")
    nodes = len(re.findall(r"^    o\d+\[", out, re.M))
    if nodes != len(corpus.objectives):
        fail("okr align --format mermaid",
             f"{nodes} objective nodes for {len(corpus.objectives)} objectives")

    dot = okr(cwd, "align", "--format", "dot", status=status)[0]
    p = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, timeout=60)
    if p.returncode != 0 or p.stderr:
        fail("okr align --format dot | dot -Tsvg",
             f"status {p.returncode}: {short(p.stderr.decode(), 400)}")
    else:
        svg = ET.fromstring(p.stdout)
        ns = "{http://www.w3.org/2000/svg}"
        texts = ["".join(t.itertext()) for t in svg.iter(ns + "text")]
        # Graphviz writes the second of two spaces as a no-break space; okr wraps titles at a
        # space, which joining the lines with one gives back.
        shown = " ".join(texts).replace("\u00a0", " ")
        contains_all("okr align --format dot | dot -Tsvg", shown,
                     [as_space(t, c1=False) for t in titles], "the title")
        # Every node and edge is one okr drew: a label that broke out of its string would add
        # nodes named after pieces of the text.
        for g in svg.iter(ns + "g"):
            if g.get("class") in ("node", "edge"):
                title = g.find(ns + "title").text
                for part in title.split("->"):
                    if not re.fullmatch(r"(owner:)?[a-z0-9-]+(/[a-z0-9-]+){0,2}", part):
                        fail("okr align --format dot",
                             f"a {g.get('class')} okr did not draw: {short(title)}")

    md = okr(cwd, "align", "--format", "markdown", status=status)[0].decode()
    for problem in markdown_problems(md):
        fail("okr align --format markdown", problem)
    block = re.search(r"```mermaid\n(.*?)\n```", md, re.S)
    if not block:
        fail("okr align --format markdown", "no mermaid block")
    else:
        for problem in mermaid(block.group(1))[1]:
            fail("okr align --format markdown (mermaid)", problem)
    contains_all("okr align --format markdown", markdown_text(md),
                 [as_space(t) for t in titles + names], "the text")


def check_score(okr, cwd, corpus):
    titles = list(corpus.objectives.values())
    # The table fits titles to its width: their beginning must show.
    check_terminal(okr, cwd, titles, "score", expect_prefix=12)

    doc = json.loads(okr(cwd, "score", "--format", "json")[0])
    contains_all("okr score --format json", json_strings(doc),
                 titles + list(corpus.units.values()), "the text")

    text = okr(cwd, "score", "--format", "csv")[0].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0] if rows else []
    if "ref" not in header or "unit" not in header:
        fail("okr score --format csv", f"no ref and unit columns in {short(header)}")
        return
    if any(len(r) != len(header) for r in rows):
        fail("okr score --format csv", "rows of different lengths: a field broke out of its quotes")
    numbers = {header.index(c) for c in header if c in (
        "baseline", "target", "value", "score", "expected", "forecast", "objective_score",
        "owner_score", "confidence")}
    for problem in csv_problems(rows[1:], numbers):
        fail("okr score --format csv", problem)
    for problem in terminal_problems(text.replace("\r\n", "\n").encode(), False):
        fail("okr score --format csv (to a terminal)", problem)
    by_ref = {r[header.index("ref")]: r for r in rows[1:] if len(r) == len(header)}
    for ref, unit in corpus.units.items():
        if ref not in by_ref or by_ref[ref][header.index("unit")] != in_csv(unit):
            fail("okr score --format csv", f"the unit of {ref} is not {short(in_csv(unit))}")

    md = okr(cwd, "score", "--format", "markdown")[0].decode()
    for problem in markdown_problems(md):
        fail("okr score --format markdown", problem)
    for line in md.split("\n"):
        if line.startswith("|") and line.count("|") - line.count("\\|") != 7:
            fail("okr score --format markdown", f"a table row without its 6 cells: {short(line)}")
    contains_all("okr score --format markdown", markdown_text(md),
                 [as_space(t) for t in titles], "the title")


def check_log(okr, cwd, corpus):
    texts = [c[k] for c in corpus.checkins for k in ("issues", "plan", "author") if c.get(k)]
    texts += corpus.retro()
    keys = [k for c in corpus.checkins for m in ("results", "kpis") for k in c.get(m) or {}]
    check_terminal(okr, cwd, texts + keys, "log")
    check_terminal(okr, cwd, [], "log", "team/follow/k1")
    doc = json.loads(okr(cwd, "log", "--format", "json")[0])
    contains_all("okr log --format json", json_strings(doc), texts + keys, "the text")


def check_due(okr, cwd, corpus):
    """okr due: owner names in Markdown, JSON, a Slack message and a Teams card."""
    names = [n for n in corpus.owners.values() if n]
    check_terminal(okr, cwd, [], "due", "--include-private")
    doc = json.loads(okr(cwd, "due", "--include-private", "--format", "json")[0])
    contains_all("okr due --format json", json_strings(doc), names, "the name")
    md = okr(cwd, "due", "--include-private", "--format", "markdown")[0].decode()
    for problem in markdown_problems(md):
        fail("okr due --format markdown", problem)
    for line in md.split("\n"):
        if line.startswith("|") and line.count("|") - line.count("\\|") != 7:
            fail("okr due --format markdown", f"a table row without its 6 cells: {short(line)}")
    contains_all("okr due --format markdown", markdown_text(md), [as_space(n) for n in names],
                 "the name")
    # Chat messages: controls and bidi overrides as visible escapes (escape_controls); Slack's
    # mrkdwn with & < > as entities, its only escaping.
    for fmt, unescape in (("slack", lambda t: t.replace("&lt;", "<").replace("&gt;", ">")
                           .replace("&amp;", "&")), ("teams", lambda t: t)):
        where = f"okr due --format {fmt}"
        texts = json_strings(json.loads(okr(cwd, "due", "--include-private", "--format", fmt)[0]))
        for text in texts:
            if re.search(f"[{MUST_ESCAPE}]", text.replace("\n", "")):  # a line each owner
                fail(where, f"a raw control or bidi override: {short(text)}")
            if fmt == "slack" and re.search(r"[<>]|&(?!amp;|lt;|gt;)", text):
                fail(where, f"unescaped & < or > in mrkdwn: {short(text)}")
        contains_all(where, "\n".join(unescape(t) for t in texts),
                     [escaped(n) for n in names], "the name")


def check_report(okr, cwd, corpus):
    titles = list(corpus.objectives.values()) + list(corpus.key_results.values())
    texts = (titles + list(corpus.owners.values()) + list(corpus.kpis.values()) +
             [corpus.organization, corpus.vision] + corpus.strategy)
    retro = corpus.retro()

    out = okr(cwd, "report", "--format", "html")[0].decode()
    data, problems = html_problems(out)
    for problem in problems:
        fail("okr report --format html", problem)
    for problem in terminal_problems(out.encode(), False, forbidden=FORBIDDEN_IN_REPORT):
        fail("okr report --format html (to a terminal)", problem)
    contains_all("okr report --format html", data, [in_html(t) for t in texts + retro], "the text")

    md = okr(cwd, "report", "--format", "markdown")[0].decode()
    for problem in markdown_problems(md):
        fail("okr report --format markdown", problem)
    if re.search(r"<script", md, re.I):
        fail("okr report --format markdown", "a raw <script")
    block = re.search(r"```mermaid\n(.*?)\n```", md, re.S)
    if not block:
        fail("okr report --format markdown", "no mermaid block")
    else:
        labels, problems = mermaid(block.group(1))
        for problem in problems:
            fail("okr report --format markdown (mermaid)", problem)
        contains_all("okr report --format markdown (mermaid)", "\n".join(labels),
                     [as_space(t) for t in corpus.objectives.values()], "the title")
    for problem in terminal_problems(md.encode(), False, forbidden=FORBIDDEN_IN_REPORT):
        fail("okr report --format markdown (to a terminal)", problem)
    contains_all("okr report --format markdown", markdown_text(md),
                 [as_space(t) for t in texts + retro], "the text")

    doc = json.loads(okr(cwd, "report", "--format", "json")[0])
    contains_all("okr report --format json", json_strings(doc), texts + retro, "the text")


# A file name no text can carry as it is: bytes that are not UTF-8, ESC, BEL, a bidi override.
HOSTILE_NAME = b"bad\xff\xc3(\x1b[2J\x07\xe2\x80\xaeevil.yaml"


def check_file_names(okr, work):
    """okr check on a file whose name is not UTF-8 and holds controls: every format stays
    readable (XML and JSON parse, terminals get no control) and names the file."""
    repo = os.path.join(work, "names")
    os.makedirs(os.path.join(repo, "okrs", "2026-Q4"))
    with open(os.path.join(repo, "okr.yaml"), "w") as f:
        f.write("version: 1\n")
    with open(os.path.join(repo.encode(), b"okrs", b"2026-Q4", HOSTILE_NAME), "w") as f:
        f.write("cycle: 2026-Q4\nowner: x\nlevel: team\nobjectives: [\n")  # a syntax error
    shown = on_terminal("bad") + "\\xFF\\xC3(" + on_terminal("\x1b[2J\x07\u202eevil.yaml")
    for fmt in ("text", "concise", "github"):
        where = f"okr check --format {fmt} (file name)"
        out, _ = okr(repo, "check", "--format", fmt, status=(1,))
        for problem in terminal_problems(out, False):
            fail(where, problem)
        text = out.decode("utf-8", "replace")
        if shown not in text and shown.replace(",", "%2C") not in text:
            fail(where, f"the file is not named as {short(shown)}")
    where = "okr check --format junit (file name)"
    out, _ = okr(repo, "check", "--format", "junit", status=(1,))
    try:
        root = ET.fromstring(out)
        names = [s.get("name") for s in root.iter("testsuite")]
        if not any(n.endswith(shown) for n in names):
            fail(where, f"no test suite is named {short(shown)}: {short(names)}")
    except ET.ParseError as e:
        fail(where, f"not XML: {e}")
    for fmt in ("json", "sarif", "gitlab"):
        where = f"okr check --format {fmt} (file name)"
        out, _ = okr(repo, "check", "--format", fmt, status=(1,))
        try:
            json.loads(out.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            fail(where, f"not JSON: {e}")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    started = time.monotonic()
    self_test()
    corpus = Corpus(os.path.join(HERE, "repo"))
    bad_config = Corpus(os.path.join(HERE, "bad-config"))
    everything = "\n".join(corpus.texts() + bad_config.texts())
    for name, needle in REQUIRED.items():
        if needle not in everything:
            fail("corpus", f"no text holds {name} ({short(needle)})")
    if len(corpus.quoted) < 6 or len(bad_config.quoted) < 2:
        fail("corpus", "too few keys and values for okr check to quote")
    schema_path = os.path.join(HERE, "..", "schemas", "sarif-2.1.0-rtm.5.json")
    sarif_schema = None
    if os.path.exists(schema_path):
        with open(schema_path) as f:
            sarif_schema = json.load(f)
        jsonschema.Draft4Validator.check_schema(sarif_schema)

    with tempfile.TemporaryDirectory(prefix="okr-injection-") as work:
        okr = Okr(binary, work)
        repos = {}
        for name in ("repo", "bad-config"):
            repos[name] = os.path.join(work, name)
            shutil.copytree(os.path.join(HERE, name), repos[name], symlinks=True)
        before = {name: tree_hash(path) for name, path in repos.items()}
        if before["repo"] != tree_hash(os.path.join(HERE, "repo")):
            fail("setup", "the copy differs from tests/injection/repo")

        checks = [
            ("okr check", lambda: check_check(okr, repos["repo"], corpus, sarif_schema, (1,))),
            # Errors in okr.yaml stop the run after they are reported ("fix them first").
            ("okr check (okr.yaml)",
             lambda: check_check(okr, repos["bad-config"], bad_config, sarif_schema, (2,))),
            ("okr align", lambda: check_align(okr, repos["repo"], corpus)),
            ("okr score", lambda: check_score(okr, repos["repo"], corpus)),
            ("okr log", lambda: check_log(okr, repos["repo"], corpus)),
            ("okr report", lambda: check_report(okr, repos["repo"], corpus)),
            ("okr due", lambda: check_due(okr, repos["repo"], corpus)),
            ("okr check (file names)", lambda: check_file_names(okr, work)),
        ]
        for name, check in checks:
            try:
                check()
            except Exception as e:  # an output a parser refused: say which, check the rest
                fail(name, f"{type(e).__name__}: {short(str(e), 300)}")

        for name, path in repos.items():
            if tree_hash(path) != before[name]:
                fail(name, "okr changed the repository")
        runs = okr.runs

    for line in FAILURES:
        print("FAIL", line)
    print(f"{runs} runs of okr, {len(FAILURES)} failures, {time.monotonic() - started:.1f} s")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
