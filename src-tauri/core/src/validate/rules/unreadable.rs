//! `unreadable`: the file or folder could not be read.

use crate::diagnostic::Severity;
use crate::validate::{Check, Rule, RuleDoc};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "unreadable",
        default_severity: Severity::Error,
        summary: "a file or folder in the wiki could not be read",
        explanation: "\
# unreadable

**What it checks.** That every entry file and folder under the wiki root can
be read.

**Why.** An entry that cannot be read cannot be validated, and links to it
look broken. Quire reports it by name and checks the rest of the wiki.

**Example.** `chmod 000 content/draft.md`, or a file whose disk read fails.

**Fix.** Restore read permission (`chmod u+r`), or remove the file. The
message carries the operating system's reason.
",
    },
    check: Check::File,
};
