//! `title-heading`: the entry has no H1, or more than one.

use crate::diagnostic::{Finding, Severity};
use crate::validate::{Check, Context, Rule, RuleDoc};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "title-heading",
        default_severity: Severity::Error,
        summary: "the entry has no H1 title, or more than one",
        explanation: "\
# title-heading

**What it checks.** That the entry has exactly one level-1 heading
(`# Title`), its title.

**Why.** The H1 names the entry: links resolve to it, the sidebar lists it,
and the file name is its slug. With none the entry has no name; with two,
readers and tools disagree on which one is the page.

**Example.**

```markdown
# Kaiming He
...
# Residual Networks
```

**Fix.** Keep one `#` heading at the top; make the others `##` sections.
",
    },
    check: Check::Entry(check),
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let h1s: Vec<_> = context.entry.headings().iter().filter(|heading| heading.level == 1).collect();
    match h1s.as_slice() {
        [] => {
            let start = context.entry.preamble().start;
            findings.push(
                Finding::new(RULE.doc.code, start..start, "the entry has no title heading")
                    .help("add a `# Title` line before the first section"),
            );
        }
        [_] => {}
        [first, rest @ ..] => {
            for extra in rest {
                findings.push(
                    Finding::new(
                        RULE.doc.code,
                        extra.text_span.clone(),
                        format!("second title heading `{}`; the entry is already titled `{}`", extra.text, first.text),
                    )
                    .help("make this heading a `##` section"),
                );
            }
        }
    }
}
