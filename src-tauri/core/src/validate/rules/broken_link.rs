//! `broken-link`: a link to an entry that does not exist (a red link).

use crate::diagnostic::{Finding, Severity};
use crate::entry::LinkTarget;
use crate::validate::{Check, IndexContext, Rule, RuleDoc};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "broken-link",
        default_severity: Severity::Warning,
        summary: "a link to an entry that does not exist (red link)",
        explanation: "\
# broken-link

**What it checks.** That every wiki link (`[[Title]]`, `[[Title|text]]`,
`[[Title#Section]]`) names an entry by its title, an alias or its slug,
ignoring case, and that every relative Markdown link to a `.md` file points
at an entry in the wiki.

**Why.** A link to a missing entry is a red link: the preview shows it in red
and the wiki lists the title as wanted. That is often intended (a page still
to write), so it is a warning by default; a typo in a title is the other
common cause.

**Example.** `[[Geoffry Hinton]]` when the entry is titled `Geoffrey Hinton`.

**Fix.** Correct the title, link to an alias, or create the entry with
`quire new \"Title\" --kind KIND`.
",
    },
    check: Check::Index(check),
};

fn check(context: &IndexContext<'_>, findings: &mut Vec<Finding>) {
    for link in context.links {
        if context.index.resolves(context.id, &link.target) {
            continue;
        }
        let finding = match &link.target {
            LinkTarget::Wiki { name } if name.is_empty() => continue,
            LinkTarget::Wiki { name } => {
                Finding::new(RULE.doc.code, link.span.clone(), format!("no entry is called `{name}`"))
                    .help(format!("create it with `quire new \"{name}\" --kind KIND`, or correct the link"))
            }
            LinkTarget::File { path } => {
                Finding::new(RULE.doc.code, link.span.clone(), format!("`{path}` is not an entry of this wiki"))
                    .help("link to an existing `.md` file, relative to this entry's folder")
            }
        };
        findings.push(finding);
    }
}
