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
an alias of another entry, ignoring case. A front matter `title` that
differs from the H1 counts as a title too: links resolve by both.

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

/// Which of an entry's names a clash is about.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Name {
    Title,
    FrontMatterTitle,
    Alias,
}

fn check(context: &IndexContext<'_>, findings: &mut Vec<Finding>) {
    let Some(me) = context.index.get(context.id) else { return };
    let title_key = name_key(&me.title);
    // A front matter title that differs from the H1 is a name of its own
    // (links resolve by it); the same one is the title again.
    let front_matter_title = me
        .front_matter_title
        .as_ref()
        .filter(|title| name_key(title) != title_key)
        .map(|title| (title, Name::FrontMatterTitle));
    let names = std::iter::once((&me.title, Name::Title))
        .chain(front_matter_title)
        .chain(me.aliases.iter().map(|alias| (alias, Name::Alias)));
    for (name, which) in names {
        let key = name_key(name);
        let others: Vec<&str> = context
            .index
            .owners_of(&key)
            .into_iter()
            .filter(|id| *id != context.id)
            .filter(|id| {
                context.index.get(id).is_some_and(|other| {
                    name_key(&other.title) == key
                        || other.front_matter_title.as_ref().is_some_and(|title| name_key(title) == key)
                        || other.aliases.iter().any(|alias| name_key(alias) == key)
                })
            })
            .collect();
        if others.is_empty() {
            continue;
        }
        let (span, what) = match which {
            Name::Title => (context.title_span.clone(), "title"),
            Name::FrontMatterTitle => (context.title_span.clone(), "front matter title"),
            Name::Alias => (context.aliases_span.clone().unwrap_or(context.title_span.clone()), "alias"),
        };
        let list: Vec<String> = others.iter().map(|id| format!("`{id}`")).collect();
        findings.push(
            Finding::new(RULE.doc.code, span, format!("{what} `{name}` is also a name of {}", list.join(", ")))
                .help("give each entry its own title and aliases, or merge them"),
        );
    }
}
