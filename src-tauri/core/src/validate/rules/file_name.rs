//! `file-name`: the file name is not the slug of the title.

use crate::diagnostic::{Finding, Fix, Severity};
use crate::index::slug_of_id;
use crate::slug::slugify;
use crate::validate::{Check, Context, Rule, RuleDoc};

use super::title_span;

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "file-name",
        default_severity: Severity::Warning,
        summary: "the file name is not the slug of the title",
        explanation: "\
# file-name

**What it checks.** That an entry's file is named after its title: the title
lower-cased, each run of characters other than letters and digits made one
`-`, then `.md`. Entries may sit in subfolders; only the file name counts.
A file named after a front matter `title` that differs from the H1 is left
to `title-mismatch`.

**Why.** Predictable file names let people and scripts find an entry from its
title, keep diffs and history readable, and make two entries with the same
title collide visibly.

**Example.** `content/Kaiming_He.md` titled `# Kaiming He`.

**Fix.** Rename the file to the slug: `content/kaiming-he.md` (`git mv`
keeps its history).
",
    },
    check: Check::Entry(check),
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(title) = context.entry.title() else { return };
    let expected = slugify(title);
    let actual = slug_of_id(context.id);
    if expected.is_empty() || expected == actual {
        return;
    }
    // Named after a front matter title that differs from the H1: that one
    // defect is `title-mismatch`'s to report, not a second problem here.
    let front_matter_title = context.entry.front_matter().and_then(|block| block.fields.title.as_deref());
    if front_matter_title.is_some_and(|title| slugify(title) == actual) {
        return;
    }
    let file = format!("{expected}.md");
    // The name as it is on disk: `slug_of_id` only strips a lower-case `.md`.
    let name = context.id.rsplit('/').next().unwrap_or(context.id);
    findings.push(
        Finding::new(
            RULE.doc.code,
            title_span(context.entry),
            format!("file name `{name}` is not the slug of the title"),
        )
        .help(format!("rename the file to `{file}`"))
        .fix(Fix { description: format!("rename the file to `{file}`"), span: None, replacement: file }),
    );
}
