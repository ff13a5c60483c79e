//! `symlink`: a symbolic link inside the wiki is not followed.

use crate::diagnostic::Severity;
use crate::validate::{Check, Rule, RuleDoc};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "symlink",
        default_severity: Severity::Warning,
        summary: "a symbolic link in the wiki is not followed",
        explanation: "\
# symlink

**What it checks.** That the wiki holds no symbolic links to files or
folders.

**Why.** Quire never reads or writes through a symlink: one could point
outside the wiki root (a security boundary for the app) or form a loop. A
linked entry would be invisible to validation and links.

**Example.** `ln -s ../elsewhere/notes.md content/notes.md`.

**Fix.** Replace the link by the file itself, or remove it.
",
    },
    check: Check::File,
};
