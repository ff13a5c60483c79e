//! `title-mismatch`: the front matter title differs from the H1.

use crate::diagnostic::{Finding, Severity};
use crate::validate::{Check, Context, Rule, RuleDoc};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "title-mismatch",
        default_severity: Severity::Error,
        summary: "the front matter `title` differs from the H1",
        explanation: "\
# title-mismatch

**What it checks.** When the front matter has a `title`, that it is exactly
the text of the H1.

**Why.** Two titles mean two answers to \"what is this page called\": links,
the sidebar and search would disagree depending on which one they read. It
usually happens when one was edited and the other forgotten.

**Example.**

```markdown
---
title: Kaiming He
---
# He Kaiming
```

**Fix.** Make them the same. To keep the other name for links, add it to
`aliases`.
",
    },
    check: Check::Entry(check),
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(front_matter) = context.entry.front_matter() else { return };
    let (Some(title), Some(heading)) = (&front_matter.fields.title, context.entry.title_heading()) else { return };
    if heading.text != *title {
        let span = front_matter.field_spans.title.clone().unwrap_or(heading.text_span.clone());
        findings.push(
            Finding::new(
                RULE.doc.code,
                span,
                format!("front matter title `{title}` differs from the heading `{}`", heading.text),
            )
            .help("make them the same; keep another name for links in `aliases`"),
        );
    }
}
