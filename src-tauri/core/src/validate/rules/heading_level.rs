//! `heading-level`: a heading skips a level.

use crate::diagnostic::{Finding, Fix, Severity};
use crate::validate::{Check, Context, Rule, RuleDoc};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "heading-level",
        default_severity: Severity::Warning,
        summary: "a heading skips a level",
        explanation: "\
# heading-level

**What it checks.** That each heading is at most one level deeper than the
heading before it: `#` then `##` then `###`, never `#` then `###`.

**Why.** Sections are `##` and their subsections `###`: a skipped level puts
text in no section the outline, section editing or the diff can show, and
breaks the page's outline for screen readers.

**Example.**

```markdown
## Research
#### Residual networks
```

**Fix.** Use the next level down: `###`.
",
    },
    check: Check::Entry(check),
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let text = context.entry.text();
    let mut previous: Option<u8> = None;
    for heading in context.entry.headings() {
        if let Some(before) = previous
            && heading.level > before + 1
        {
            let expected = before + 1;
            let mut finding = Finding::new(
                RULE.doc.code,
                heading.text_span.clone(),
                format!("heading level {} follows level {before}", heading.level),
            )
            .help(format!("use a level-{expected} heading (`{}`)", "#".repeat(usize::from(expected))));
            let line = &text[heading.span.clone()];
            let hashes = line.bytes().take_while(|&byte| byte == b'#').count();
            if hashes == usize::from(heading.level) {
                finding = finding.fix(Fix {
                    description: format!("make it a level-{expected} heading"),
                    span: Some(heading.span.start..heading.span.start + hashes),
                    replacement: "#".repeat(usize::from(expected)),
                });
            }
            findings.push(finding);
        }
        previous = Some(heading.level);
    }
}
