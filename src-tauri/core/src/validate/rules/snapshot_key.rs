//! `snapshot-key`: a Snapshot key the kind requires is missing.

use std::collections::BTreeSet;

use crate::diagnostic::{Finding, Severity};
use crate::validate::{Check, Context, Rule, RuleDoc};

use super::{heading_span, snapshot_format};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "snapshot-key",
        default_severity: Severity::Error,
        summary: "a Snapshot key the kind requires is missing",
        explanation: "\
# snapshot-key

**What it checks.** That the `## Snapshot` holds an item for every key in the
kind's `snapshot_keys` in `wiki.toml` (keys compared ignoring case).

**Why.** Readers and reviewers compare entries of a kind by these facts: every
`person` states what they are known for and their current public role. A
missing key is a missing fact.

**Example.** A `person` Snapshot without `- Current public role: ...`.

**Fix.** Add the item, with its source in `## Sources`.
",
    },
    check: Check::Entry(check),
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(kind) = context.kind else { return };
    let Some(snapshot) = context.entry.section("Snapshot") else { return };
    let present: BTreeSet<String> = snapshot
        .items
        .iter()
        .filter_map(|item| snapshot_format::split(&item.text))
        .map(|(key, _)| key.to_lowercase())
        .collect();
    let kind_name = context.kind_name.unwrap_or_default();
    for key in &kind.snapshot_keys {
        if !present.contains(&key.to_lowercase()) {
            findings.push(
                Finding::new(RULE.doc.code, heading_span(snapshot), format!("Snapshot has no `{key}`"))
                    .help(format!("every `{kind_name}` Snapshot needs an item `- {key}: ...`")),
            );
        }
    }
}
