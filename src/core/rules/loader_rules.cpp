// Rules that the loader applies while it reads: they have no run function.

#include "rules/rule_list.hpp"

namespace okr::rules {

const RuleInfo syntax{
    "syntax",
    Severity::error,
    "the file is not valid YAML, not UTF-8, or not text",
    "okr reads YAML 1.2 in UTF-8, one document per file. A syntax error stops the reading of "
    "that file, so fix it first: the position is where the YAML parser gave up, and the most "
    "common cause is a tab in the indentation or an unclosed bracket or quote.",
    "objectives:\n\t- id: first-week     # a tab: fires\n"
    "---\n"
    "objectives:\n  - id: first-week     # spaces: clean",
    nullptr};

const RuleInfo schema{
    "schema",
    Severity::error,
    "a key, type, id, date or value does not follow the okr file format",
    "Every file is checked against the okr file format (okr(5)): unknown keys (with a "
    "suggestion), missing required keys, values of the wrong type, enum values, ids that are "
    "not lower-case kebab-case, impossible dates, and YAML features okr refuses (anchors, "
    "aliases, tags).",
    "key_results:\n  - id: completion\n    tagret: 90          # fires: did you mean 'target'?\n"
    "---\n"
    "key_results:\n  - id: completion\n    target: 90          # clean",
    nullptr};

const RuleInfo duplicate_key{
    "duplicate-key",
    Severity::error,
    "a mapping has the same key twice",
    "YAML parsers silently keep one of two equal keys, so the other value is lost without a "
    "word. okr reports the second occurrence.",
    "target: 90\ntarget: 95               # fires\n---\ntarget: 95               # clean",
    nullptr};

} // namespace okr::rules
