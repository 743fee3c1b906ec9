#!/usr/bin/env python3
"""The man pages and --help cannot drift: every subcommand, option, option value and positional
that `okr --help` and `okr SUB --help` show is documented in man/, and every option the man
pages document exists.

usage: help-vs-man.py OKR MAN_DIR

Checked, from the mdoc source of the pages:
  okr.1       names every subcommand as an `.It Cm SUB` of its list of commands, and nothing
              else there; cross-references every okr-SUB(1) in SEE ALSO; documents the global
              options of `okr --help` (--color, -h/--help, -V/--version) in OPTIONS and
              SYNOPSIS, and no other.
  --help      names only man pages that exist (`See okr-check(1)`).
  okr-SUB.1   exists for every subcommand, and no page exists for a command that does not;
              its OPTIONS list has an `.It Fl ...` item naming every form of every option of
              `okr SUB --help` (short and long in the same item, `.It Fl f , Fl -format`), the
              item names each value of a {choice} list as `Cm value`, and every option it
              documents exists in --help (-h/--help is global: documented in okr.1);
              SYNOPSIS names every option in one of its forms, no option --help lacks, and
              one argument per positional of --help (by its name, its singular, an upper-case
              word of its description such as OWNER, or its {choices} as `Cm`).
Prints every mismatch, and exits 1 when there is one.
"""
import os
import pathlib
import re
import subprocess
import sys

MACRO = re.compile(r"^[A-Z][a-z][a-z]?$")  # Ar, Cm, Fl, Ns, Op, ... (callable mdoc macros)
DELIMITERS = {".", ",", ";", ":", "(", ")", "[", "]", "?", "!", "|"}
GLOBAL_ONLY = {"-h", "--help"}  # shown by every SUB --help, documented once in okr.1

okr = os.path.abspath(sys.argv[1])
man_dir = pathlib.Path(sys.argv[2])
mismatches = []


def run_help(*args):
    env = dict(os.environ, NO_COLOR="1", LC_ALL="C.UTF-8", TERM="dumb")
    result = subprocess.run([okr, *args, "--help"], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"okr {' '.join(args + ('--help',))} exited {result.returncode}:\n"
                 f"{result.stderr}")
    for page, section in re.findall(r"\b(okr(?:-[a-z]+)?)\((\d)\)", result.stdout):
        if not (man_dir / f"{page}.{section}").exists():
            command = " ".join(("okr",) + args + ("--help",))
            mismatches.append(f"`{command}` refers to {page}({section}), which is not in "
                              f"{man_dir}")
    return result.stdout


def help_sections(text):
    """{'Options': [entry, ...], ...}: CLI11's sections, each entry (head, description)."""
    sections, current = {}, None
    for line in text.splitlines():
        title = re.match(r"^([A-Z][A-Za-z ]*):$", line)
        if title:
            current = sections.setdefault(title.group(1), [])
        elif not line.strip():
            current = None
        elif current is not None:
            entry = re.match(r"^  (\S.*)$", line)
            if entry:
                head, _, description = entry.group(1).partition("  ")
                current.append([head, description.strip()])
            elif current and line.startswith("   "):  # a description on its own line
                current[-1][1] = (current[-1][1] + " " + line.strip()).strip()
    return sections


def choices_of(head):
    found = re.search(r"\{([^}]*)\}", head)
    return found.group(1).split(",") if found else []


def parse_help(text):
    """(options, positionals, subcommands): options as dicts of names and choices."""
    sections = help_sections(text)
    options = [{"names": head.split()[0].split(","), "choices": choices_of(head), "head": head}
               for head, _ in sections.get("Options", [])]
    positionals = [{"name": head.split()[0], "choices": choices_of(head), "description": desc}
                   for head, desc in sections.get("Positionals", [])]
    subcommands = [head.split()[0] for head, _ in sections.get("Subcommands", [])]
    return options, positionals, subcommands


def tokens(line):
    """The words of an mdoc macro line, double quotes grouping."""
    return [m.group(1) if m.group(1) is not None else m.group(2)
            for m in re.finditer(r'"([^"]*)"|(\S+)', line[1:])]


def macro_args(words, macro):
    """The arguments of every `macro` among words, up to the next macro (delimiters skipped)."""
    found, inside = [], False
    for word in words:
        if MACRO.match(word):
            inside = word == macro
        elif inside and word not in DELIMITERS:
            found.append(word)
    return found


def flags(words):
    return ["-" + arg for arg in macro_args(words, "Fl")]


def man_sections(path):
    sections, current = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith('.\\"'):
            continue
        if line.startswith(".Sh "):
            current = sections.setdefault(" ".join(tokens(line)[1:]), [])
        elif current is not None:
            current.append(line)
    return sections


def list_items(lines):
    """The items of the section's outermost lists: [(It words, [words of the body])]."""
    items, depth = [], 0
    for line in lines:
        words = tokens(line) if line.startswith(".") else line.split()
        if line.startswith(".Bl"):
            depth += 1
        elif line.startswith(".El"):
            depth -= 1
        elif line.startswith(".It") and depth == 1:
            items.append((words[1:], []))
            continue
        if items and depth >= 1:
            items[-1][1].extend(words)
    return items


def synopsis(lines, subcommand):
    """(flags, positional groups) of the synopsis of `okr SUB` (or of `okr` when None)."""
    found, groups, inside = [], [], False
    for line in lines:
        words = tokens(line) if line.startswith(".") else []
        if words[:1] == ["Nm"]:
            inside = (words[1:] == ["okr", "Cm", subcommand]) if subcommand else True
            continue
        if not inside or not words:
            continue
        if "Fl" in words:
            found += flags(words)
        elif "Ar" in words or "Cm" in words:
            groups.append(set(macro_args(words, "Ar")) | set(macro_args(words, "Cm")))
    return found, groups


def describe(option):
    return ",".join(option["names"])


def check_options(page, command, options, sections, exempt=frozenset()):
    """OPTIONS items and SYNOPSIS flags of page against the options of `command --help`."""
    items = [(set(flags(it)), set(macro_args(it + body, "Cm")))
             for it, body in list_items(sections.get("OPTIONS", []))]
    for option in options:
        if set(option["names"]) <= exempt:
            continue
        names = set(option["names"])
        matching = [item for item in items if item[0] & names]
        if not matching:
            mismatches.append(f"{page}: OPTIONS does not document {describe(option)}, "
                              f"which `{command} --help` shows")
            continue
        item_flags, item_values = max(matching, key=lambda item: len(item[0] & names))
        for name in sorted(names - item_flags):
            mismatches.append(f"{page}: OPTIONS documents {'/'.join(sorted(item_flags & names))} "
                              f"but not its other form {name} (`{command} --help`: "
                              f"{describe(option)})")
        for value in option["choices"]:
            if value not in item_values:
                mismatches.append(f"{page}: OPTIONS does not name the value `{value}` of "
                                  f"{describe(option)} (as `Cm {value}`), which "
                                  f"`{command} --help` lists")
    known = {name for option in options for name in option["names"]}
    for item_flags, _ in items:
        for name in sorted(item_flags - known):
            mismatches.append(f"{page}: OPTIONS documents {name}, which `{command} --help` "
                              f"does not show")
    subcommand = command.split()[1] if " " in command else None
    synopsis_flags, groups = synopsis(sections.get("SYNOPSIS", []), subcommand)
    usage = ["Nm", "okr", "Cm", subcommand] if subcommand else ["Nm"]
    if not any(tokens(line) == usage for line in sections.get("SYNOPSIS", [])):
        mismatches.append(f"{page}: SYNOPSIS has no line `.{' '.join(usage)}`")
    for option in options:
        if set(option["names"]) <= exempt:
            continue
        if not set(option["names"]) & set(synopsis_flags):
            mismatches.append(f"{page}: SYNOPSIS does not show {describe(option)}")
    for name in synopsis_flags:
        if name not in known:
            mismatches.append(f"{page}: SYNOPSIS shows {name}, which `{command} --help` "
                              f"does not show")
    return groups


def check_positionals(page, command, positionals, groups):
    unmatched = list(groups)
    for positional in positionals:
        name = positional["name"]
        if positional["choices"]:
            wanted = set(positional["choices"])
            group = next((g for g in unmatched if wanted <= g), None)
        else:
            candidates = {name, name[:-1] if name.endswith("s") else name}
            candidates |= {w.lower() for w in re.findall(r"\b[A-Z][A-Z_]+\b",
                                                        positional["description"])}
            group = next((g for g in unmatched if g & candidates), None)
        if group is None:
            mismatches.append(f"{page}: SYNOPSIS does not show the positional `{name}`"
                              + (f" ({'|'.join(positional['choices'])})"
                                 if positional["choices"] else "")
                              + f" of `{command} --help`")
        else:
            unmatched.remove(group)
    for group in unmatched:
        mismatches.append(f"{page}: SYNOPSIS shows an argument ({', '.join(sorted(group))}) "
                          f"that is not a positional of `{command} --help`")


# okr --help and okr.1
global_options, _, subcommands = parse_help(run_help())
if not subcommands:
    sys.exit("okr --help lists no subcommands: has its format changed?")
for name in subcommands:
    if name.startswith("_"):
        mismatches.append(f"okr --help shows the hidden command {name}")
main_page = man_dir / "okr.1"
main = man_sections(main_page)
check_options("okr.1", "okr", global_options, main)
listed = [it[1] for it, _ in list_items(main.get("DESCRIPTION", [])) if it[:1] == ["Cm"]]
for name in subcommands:
    if name not in listed:
        mismatches.append(f"okr.1: DESCRIPTION's list of commands does not have `.It Cm {name}`")
for name in listed:
    if name not in subcommands:
        mismatches.append(f"okr.1: DESCRIPTION lists the command {name}, which "
                          f"`okr --help` does not show")
see_also = " ".join(main.get("SEE ALSO", []))
referenced = set(re.findall(r"\.Xr okr-(\S+) 1", see_also))
for name in subcommands:
    if name not in referenced:
        mismatches.append(f"okr.1: SEE ALSO does not name okr-{name}(1)")
for name in sorted(referenced - set(subcommands)):
    mismatches.append(f"okr.1: SEE ALSO names okr-{name}(1), but `okr --help` shows no {name}")

# okr SUB --help and okr-SUB.1
checked = 0
for name in subcommands:
    options, positionals, nested = parse_help(run_help(name))
    if nested:
        mismatches.append(f"okr {name} --help shows subcommands ({', '.join(nested)}): "
                          f"this test does not know how to check them")
    page = man_dir / f"okr-{name}.1"
    if not page.exists():
        mismatches.append(f"okr-{name}.1 does not exist, but `okr --help` shows {name}")
        continue
    sections = man_sections(page)
    if any(not set(o["names"]) <= GLOBAL_ONLY for o in options) and "OPTIONS" not in sections:
        mismatches.append(f"okr-{name}.1: no OPTIONS section, but `okr {name} --help` "
                          f"shows options")
    groups = check_options(page.name, f"okr {name}", options, sections, GLOBAL_ONLY)
    check_positionals(page.name, f"okr {name}", positionals, groups)
    checked += sum(not set(o["names"]) <= GLOBAL_ONLY for o in options) + len(positionals)
for page in sorted(man_dir.glob("okr-*.1")):
    if page.name[len("okr-"):-len(".1")] not in subcommands:
        mismatches.append(f"{page.name} documents a command that `okr --help` does not show")

for mismatch in mismatches:
    print(mismatch)
if mismatches:
    print(f"{len(mismatches)} mismatches between --help and the man pages in {man_dir}")
    sys.exit(1)
print(f"ok: {len(subcommands)} commands, {len(global_options)} global options and {checked} "
      f"options and positionals of the commands agree with the man pages")
