//! `file-too-large`: the entry is larger than `max_entry_bytes`.

use crate::diagnostic::Severity;
use crate::validate::{Check, Rule, RuleDoc};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "file-too-large",
        default_severity: Severity::Error,
        summary: "the entry is larger than the schema's `max_entry_bytes`",
        explanation: "\
# file-too-large

**What it checks.** That no entry file is larger than `max_entry_bytes` in
the `[wiki]` table of `wiki.toml` (8 MiB unless set).

**Why.** Reference entries run to tens of kilobytes. A file of many megabytes
is almost always a mistake (a pasted data dump, a generated file), and it
would make validation, previews and diffs slow for everyone. It is reported
and not parsed; the rest of the wiki is still checked.

**Example.** A 20 MB `content/dump.md`.

**Fix.** Split the entry, move the data out of the wiki, or raise
`max_entry_bytes` if the size is intended.
",
    },
    check: Check::File,
};
