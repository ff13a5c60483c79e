//! `conflict-marker`: unresolved merge conflict markers.

use crate::diagnostic::{Finding, Severity};
use crate::validate::{Check, Context, Rule, RuleDoc};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "conflict-marker",
        default_severity: Severity::Error,
        summary: "the entry holds unresolved merge conflict markers",
        explanation: "\
# conflict-marker

**What it checks.** Lines starting with `<<<<<<<` or `>>>>>>>`, and
`=======` or `|||||||` lines between them: the markers git leaves when a
merge could not be resolved.

**Why.** A committed conflict publishes both sides of a disagreement, the
markers included, and usually breaks the entry's structure. A lone `=======`
outside a conflict is a Markdown heading underline and is not reported.

**Example.**

```markdown
<<<<<<< HEAD
- Current public role: Professor at MIT.
=======
- Current public role: Associate Professor at MIT.
>>>>>>> review
```

**Fix.** Keep the right text, delete the marker lines, and validate again.
",
    },
    check: Check::Entry(check),
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    for marker in context.entry.conflict_markers() {
        findings.push(
            Finding::new(RULE.doc.code, marker.clone(), "unresolved merge conflict marker")
                .help("keep the text you want and delete the marker lines"),
        );
    }
}
