//! `duplicate-section`: two H2 sections with the same heading.

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
    let sections = context.entry.sections();
    for (position, section) in sections.iter().enumerate() {
        let Some(title) = section.title() else { continue };
        let earlier = sections[..position]
            .iter()
            .filter_map(|other| other.heading.as_ref())
            .find(|other| other.text.eq_ignore_ascii_case(title));
        if let Some(first) = earlier {
            findings.push(
                Finding::new(RULE.doc.code, heading_span(section), format!("section `{title}` appears twice"))
                    .help(format!("merge it into the `{}` section above, or rename it", first.text)),
            );
        }
    }
}
