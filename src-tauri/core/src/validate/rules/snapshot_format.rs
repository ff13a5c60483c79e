//! `snapshot-format`: a Snapshot item is not `Key: value`.

use crate::diagnostic::{Finding, Severity};
use crate::validate::{Check, Context, Rule, RuleDoc};

use super::section_items;

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "snapshot-format",
        default_severity: Severity::Error,
        summary: "a Snapshot item is not `Key: value`",
        explanation: "\
# snapshot-format

**What it checks.** That every item of the `## Snapshot` list is a key and a
value separated by a colon: `- Known for: ResNets, Mask R-CNN`. The key is at
most 60 characters; neither part may be empty.

**Why.** The Snapshot is the entry's table of key facts. Reviewers diff it key
by key (\"Current public role changed\"), and the schema requires some keys:
both need items that can be read as `Key: value`.

**Example.** `- He works at MIT now.`

**Fix.** Name the fact: `- Current public role: Associate Professor at MIT`.
",
    },
    check: Check::Entry(check),
};

/// Maximum length of a Snapshot key, in characters.
const MAX_KEY: usize = 60;

/// The key and value of a Snapshot item, when it has the form.
pub(crate) fn split(item: &str) -> Option<(&str, &str)> {
    let (key, value) = item.split_once(':')?;
    let (key, value) = (key.trim(), value.trim());
    (!key.is_empty() && key.chars().count() <= MAX_KEY && !value.is_empty()).then_some((key, value))
}

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    for item in section_items(context, "Snapshot") {
        if split(&item.text).is_none() {
            let message = match item.text.split_once(':') {
                Some((key, value)) if value.trim().is_empty() && !key.trim().is_empty() => {
                    format!("Snapshot item `{}` has no value", key.trim())
                }
                _ => "Snapshot item is not `Key: value`".to_owned(),
            };
            findings.push(
                Finding::new(RULE.doc.code, item.content_span.clone(), message)
                    .help("write each Snapshot item as `Key: value`, e.g. `Known for: ResNets`"),
            );
        }
    }
}
