//! `duplicate-title`: two entries share a title or alias.

use crate::diagnostic::{Finding, Severity};
use crate::slug::name_key;
use crate::validate::{Check, IndexContext, Rule, RuleDoc};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "duplicate-title",
        default_severity: Severity::Error,
        summary: "two entries share a title or alias",
        explanation: "\
# duplicate-title

**What it checks.** That no title or alias of an entry is also the title or
an alias of another entry, ignoring case.

**Why.** Links resolve by title and alias. When two entries answer to the
same name, `[[Name]]` is ambiguous: readers land on either page, and the
index cannot tell which one was meant.

**Example.** `content/transformer.md` titled `# Transformer` and
`content/transformer-architecture.md` with `aliases: [Transformer]`.

**Fix.** Rename one entry, drop the alias, or merge the two entries.
",
    },
    check: Check::Index(check),
};

fn check(context: &IndexContext<'_>, findings: &mut Vec<Finding>) {
    let Some(me) = context.index.get(context.id) else { return };
    let names = std::iter::once((&me.title, true)).chain(me.aliases.iter().map(|alias| (alias, false)));
    for (name, is_title) in names {
        let key = name_key(name);
        let others: Vec<&str> = context
            .index
            .owners_of(&key)
            .into_iter()
            .filter(|id| *id != context.id)
            .filter(|id| {
                context.index.get(id).is_some_and(|other| {
                    name_key(&other.title) == key || other.aliases.iter().any(|alias| name_key(alias) == key)
                })
            })
            .collect();
        if others.is_empty() {
            continue;
        }
        let span = if is_title {
            context.title_span.clone()
        } else {
            context.aliases_span.clone().unwrap_or(context.title_span.clone())
        };
        let what = if is_title { "title" } else { "alias" };
        let list: Vec<String> = others.iter().map(|id| format!("`{id}`")).collect();
        findings.push(
            Finding::new(RULE.doc.code, span, format!("{what} `{name}` is also a name of {}", list.join(", ")))
                .help("give each entry its own title and aliases, or merge them"),
        );
    }
}
