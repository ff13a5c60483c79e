//! `empty-section`: a section (or the lead) with no content.

use crate::diagnostic::{Finding, Severity};
use crate::validate::{Check, Context, Rule, RuleDoc};

use super::heading_span;

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "empty-section",
        default_severity: Severity::Warning,
        summary: "a section, or the lead, has no content",
        explanation: "\
# empty-section

**What it checks.** That every `##` section, and the lead between the title
and the first section, holds some text. Whitespace and HTML comments
(`<!-- ... -->`, as `quire new` writes) do not count.

**Why.** An empty section promises the reader something the page does not
deliver, and usually marks unfinished work.

**Example.**

```markdown
## Open Questions

## Related Pages
```

**Fix.** Write the section, or remove its heading if the kind does not
require it.
",
    },
    check: Check::Entry(check),
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let text = context.entry.text();
    if let Some(title) = context.entry.title_heading() {
        let lead = context.entry.lead();
        if is_blank(&text[lead.body.clone()]) {
            findings.push(
                Finding::new(RULE.doc.code, title.text_span.clone(), "the lead is empty")
                    .help("say what the subject is in two or three sentences under the title"),
            );
        }
    }
    for section in context.entry.sections() {
        if is_blank(&text[section.body.clone()]) {
            let title = section.title().unwrap_or_default();
            findings.push(
                Finding::new(RULE.doc.code, heading_span(section), format!("section `{title}` is empty"))
                    .help("write the section, or remove it if the kind does not require it"),
            );
        }
    }
}

/// Whether `text` holds nothing but whitespace and HTML comments.
fn is_blank(mut text: &str) -> bool {
    loop {
        text = text.trim_start();
        if text.is_empty() {
            return true;
        }
        let Some(rest) = text.strip_prefix("<!--") else { return false };
        match rest.find("-->") {
            Some(end) => text = &rest[end + 3..],
            None => return false,
        }
    }
}
