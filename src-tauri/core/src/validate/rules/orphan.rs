//! `orphan`: no other entry links here.

use crate::diagnostic::{Finding, Severity};
use crate::validate::{Check, IndexContext, Rule, RuleDoc};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "orphan",
        default_severity: Severity::Info,
        summary: "no other entry links to this one",
        explanation: "\
# orphan

**What it checks.** That at least one other entry links to this one, by a
wiki link or a relative `.md` link.

**Why.** Readers reach pages by following links. An orphan can only be found
by search, and is often a page whose natural neighbours forgot it in their
Related Pages.

**Example.** A new `content/mask-r-cnn.md` that no entry mentions.

**Fix.** Link to it from the pages it relates to, usually in their
`## Related Pages`.
",
    },
    check: Check::Index(check),
};

fn check(context: &IndexContext<'_>, findings: &mut Vec<Finding>) {
    if context.index.get(context.id).is_some() && !context.index.has_backlinks(context.id) {
        findings.push(
            Finding::new(RULE.doc.code, context.title_span.clone(), "no other entry links here")
                .help("link to this entry from related pages, usually in their `## Related Pages`"),
        );
    }
}
