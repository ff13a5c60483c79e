//! `missing-section`: a section the entry's kind requires is absent.

use crate::diagnostic::{Finding, Severity};
use crate::validate::{Check, Context, Rule, RuleDoc};

use super::title_span;

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "missing-section",
        default_severity: Severity::Error,
        summary: "a section the entry's kind requires is absent",
        explanation: "\
# missing-section

**What it checks.** That the entry has a `## Heading` for every section in
its kind's `required_sections` in `wiki.toml` (headings compared ignoring
case). The kind is the front matter `kind`, else the schema's
`default_kind`.

**Why.** A source-disciplined wiki promises readers the same skeleton on
every page of a kind: a Snapshot of key facts, Related Pages, Sources with
review dates. A page without its Sources cannot be checked.

**Example.** A `person` entry with no `## Sources` section.

**Fix.** Add the section (`quire new` shows the kind's skeleton), in the
place the kind's `section_order` gives it.
",
    },
    check: Check::Entry(check),
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(kind) = context.kind else { return };
    let kind_name = context.kind_name.unwrap_or_default();
    for required in &kind.required_sections {
        if context.entry.section(required).is_none() {
            findings.push(
                Finding::new(RULE.doc.code, title_span(context.entry), format!("missing section `{required}`"))
                    .help(format!("every `{kind_name}` entry needs a `## {required}` section")),
            );
        }
    }
}
