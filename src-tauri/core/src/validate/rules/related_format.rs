//! `related-format`: a Related Pages item is not exactly one wiki link.

use crate::diagnostic::{Finding, Severity};
use crate::entry::LinkTarget;
use crate::validate::{Check, Context, Rule, RuleDoc};

use super::section_items;

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "related-format",
        default_severity: Severity::Error,
        summary: "a Related Pages item is not exactly one wiki link",
        explanation: "\
# related-format

**What it checks.** That each item of the `## Related Pages` list is exactly
one wiki link and nothing else: `- [[ImageNet]]` or
`- [[CLIP: Contrastive Language-Image Pretraining|CLIP]]`.

**Why.** Related Pages is the entry's structured neighbourhood: the index
reads it for backlinks, reviewers diff it as a set of titles, and red links
there mark pages the wiki wants. Plain text or several links per item cannot
be read that way.

**Example.** `- ImageNet and [[AlexNet]]`

**Fix.** One link per item: `- [[ImageNet]]` and `- [[AlexNet]]`.
",
    },
    check: Check::Entry(check),
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let links = context.entry.links();
    for item in section_items(context, "Related Pages") {
        let wiki_links =
            item.links.iter().filter(|&&index| matches!(links[index].target, LinkTarget::Wiki { .. })).count();
        let problem = match (wiki_links, item.links.len(), item.has_text_outside_links) {
            (1, 1, false) => continue,
            (0, _, _) => "Related Pages item is not a wiki link",
            (1, 1, true) => "Related Pages item holds text besides its link",
            _ => "Related Pages item holds more than one link",
        };
        let written = &context.entry.text()[item.content_span.clone()];
        let suggestion = if wiki_links == 0 && written.contains("://") {
            // Making a web link's text a wiki link would only make a red link.
            "link to an entry of this wiki as `- [[Title]]`; cite web pages in `## Sources`".to_owned()
        } else if item.text.is_empty() || item.text.contains("[[") {
            "write each related page as one item `- [[Title]]`".to_owned()
        } else if wiki_links == 0 && item.links.is_empty() {
            format!("write it as a wiki link: `- [[{}]]`", item.text.trim())
        } else {
            "write each related page as one item `- [[Title]]`".to_owned()
        };
        findings.push(Finding::new(RULE.doc.code, item.content_span.clone(), problem).help(suggestion));
    }
}
