//! `duplicate-section`: two H2 sections with the same heading.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::diagnostic::{Finding, Severity};
use crate::validate::{Check, Context, Rule, RuleDoc};

use super::heading_span;

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "duplicate-section",
        default_severity: Severity::Error,
        summary: "two sections share a heading",
        explanation: "\
# duplicate-section

**What it checks.** That no two `##` sections of an entry have the same
heading, ignoring case.

**Why.** Section links (`[[Title#Sources]]`), section editing and the
section-aware diff all find a section by its heading. With two, they pick one
and the other is silently out of reach; readers see the topic split.

**Example.** Two `## Sources` sections, one added by a later edit.

**Fix.** Merge the two sections into one, or rename one of them.
",
    },
    check: Check::Entry(check),
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    // The first section of each heading, by its ASCII-lowercased text: one
    // pass, so thousands of sections stay linear (R2).
    let mut first_by_title: HashMap<String, &str> = HashMap::new();
    for section in context.entry.sections() {
        let Some(title) = section.title() else { continue };
        match first_by_title.entry(title.to_ascii_lowercase()) {
            Entry::Vacant(vacant) => {
                vacant.insert(title);
            }
            Entry::Occupied(first) => findings.push(
                Finding::new(RULE.doc.code, heading_span(section), format!("section `{title}` appears twice"))
                    .help(format!("merge it into the `{}` section above, or rename it", first.get())),
            ),
        }
    }
}
