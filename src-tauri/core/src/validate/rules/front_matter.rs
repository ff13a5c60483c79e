//! `front-matter`: the front matter is not valid YAML, or a field is wrong.

use crate::diagnostic::{Finding, Severity};
use crate::validate::{Check, Context, Rule, RuleDoc};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "front-matter",
        default_severity: Severity::Error,
        summary: "front matter is not valid YAML, or a field has the wrong type",
        explanation: "\
# front-matter

**What it checks.** That the YAML block between `---` lines at the top of an
entry is closed, is valid YAML, and that the fields Quire reads have the
right type: `title` and `kind` are text, `aliases` a list of names, `status`
one of `draft`, `review`, `published`, `reviewed` a date such as
`2026-06-16`. A `kind` must be one that `wiki.toml` defines.

**Why.** Front matter decides the entry's kind (and so its required
sections), its other names for links, and its review state. A field that
cannot be read silently changes all of these.

**Example.**

```markdown
---
title: Kaiming He
status: finished
---
```

**Fix.** Correct the field the message names: here `status: published`.
",
    },
    check: Check::Entry(check),
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(front_matter) = context.entry.front_matter() else { return };
    for problem in &front_matter.problems {
        let mut finding = Finding::new(RULE.doc.code, problem.span.clone(), problem.message.clone());
        finding.help = problem.help.clone();
        findings.push(finding);
    }
    if let Some(kind) = front_matter.fields.kind.as_deref()
        && !context.schema.kinds.is_empty()
        && context.schema.kind(kind).is_none()
    {
        let names: Vec<String> = context.schema.kinds.keys().map(|name| format!("`{name}`")).collect();
        let span = front_matter.field_spans.kind.clone().unwrap_or(front_matter.yaml.clone());
        findings.push(
            Finding::new(RULE.doc.code, span, format!("kind `{kind}` is not defined in `wiki.toml`"))
                .help(format!("defined kinds: {}", names.join(", "))),
        );
    }
}
