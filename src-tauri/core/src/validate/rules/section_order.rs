//! `section-order`: sections out of the order the kind sets.

use crate::diagnostic::{Finding, Severity};
use crate::validate::{Check, Context, Rule, RuleDoc};

use super::heading_span;

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "section-order",
        default_severity: Severity::Warning,
        summary: "sections are out of the order the kind sets",
        explanation: "\
# section-order

**What it checks.** That the sections named in the kind's `section_order`
appear in that relative order. Sections the order does not name may sit
anywhere between them.

**Why.** Readers learn where to look: the Snapshot first, Sources last. A
predictable order also keeps diffs between entries and revisions small.

**Example.** For a `person`, `## Sources` placed before `## Related Pages`.

**Fix.** Move the section the message names to its place (in the app: move
it up or down in the outline).
",
    },
    check: Check::Entry(check),
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(kind) = context.kind else { return };
    let rank = |title: &str| kind.section_order.iter().position(|name| name.eq_ignore_ascii_case(title));
    let mut latest: Option<(usize, &str)> = None;
    for section in context.entry.sections() {
        let Some(title) = section.title() else { continue };
        let Some(position) = rank(title) else { continue };
        match latest {
            Some((latest_position, latest_title)) if position < latest_position => {
                findings.push(
                    Finding::new(
                        RULE.doc.code,
                        heading_span(section),
                        format!("section `{title}` comes after `{latest_title}`"),
                    )
                    .help(format!(
                        "move `{title}` before `{latest_title}`: the order is {}",
                        order_text(&kind.section_order)
                    )),
                );
            }
            _ => latest = Some((position, title)),
        }
    }
}

fn order_text(order: &[String]) -> String {
    order.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
}
