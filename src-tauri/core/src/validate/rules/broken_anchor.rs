//! `broken-anchor`: `[[Title#Section]]` names a section that does not exist.

use crate::diagnostic::{Finding, Severity};
use crate::slug::{anchor_slug, name_key};
use crate::validate::{Check, IndexContext, Rule, RuleDoc};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "broken-anchor",
        default_severity: Severity::Warning,
        summary: "a link names a section that does not exist",
        explanation: "\
# broken-anchor

**What it checks.** That the section named after `#` in a link
(`[[Kaiming He#Residual Networks]]`, `[[#Sources]]`, `[x](other.md#sources)`)
is a heading of the target entry, compared ignoring case (or as its slug,
as `#residual-networks`).

**Why.** Section links break silently when a section is renamed or removed:
the reader lands at the top of the page instead of the text the link
promised.

**Example.** `[[Kaiming He#ResNets]]` when the section is `## Residual
Networks`.

**Fix.** Use the section's current heading, or link to the page without a
section.
",
    },
    check: Check::Index(check),
};

fn check(context: &IndexContext<'_>, findings: &mut Vec<Finding>) {
    for link in context.links {
        let Some(anchor) = &link.anchor else { continue };
        let targets = context.index.resolve(context.id, &link.target);
        let Some(target) = targets.first() else { continue };
        let key = name_key(anchor);
        // The preview finds the heading by the same anchor (render.rs), so
        // a link this rule accepts always scrolls somewhere.
        let found = target.anchors.contains(&key) || target.anchor_slugs.contains(&anchor_slug(anchor));
        if !found {
            findings.push(
                Finding::new(RULE.doc.code, link.span.clone(), format!("`{}` has no section `{anchor}`", target.title))
                    .help("link to one of its headings, or to the page without `#`"),
            );
        }
    }
}
