//! Validation: the rule catalog and the checks of one entry.
//!
//! Each rule lives in its own file under `validate/rules/`, opening with its
//! documentation (what it checks, why, an example, the fix); the same text
//! serves `quire explain CODE`. A rule reports [`Finding`]s with byte spans;
//! this module applies the schema's severity overrides and turns them into
//! positioned [`Diagnostic`]s.
//!
//! Rules come in two sorts. Entry rules look at one parsed entry (with the
//! schema and today's date) and can run as soon as it is parsed. Index rules
//! need the whole wiki's index and see only what [`IndexContext`] keeps of an
//! entry (its links and where its names are written), so a wiki can be
//! checked in one pass that keeps no entry's text ([`LinksAndNames`]).

use std::ops::Range;

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::entry::{Entry, Link};
use crate::index::Index;
use crate::schema::{Kind, SCHEMA_CODE, Schema};
use crate::text::{LineIndex, Position};

mod rules;

pub(crate) use rules::{encoding, file_too_large, symlink, unreadable};

/// A rule's documentation: its code, default severity and explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleDoc {
    /// The stable code, such as `broken-link`.
    pub code: &'static str,
    /// The severity unless `wiki.toml` overrides it.
    pub default_severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Markdown: what, why, an example, the fix.
    pub explanation: &'static str,
}

/// What an entry rule sees of the entry it checks.
pub(crate) struct Context<'a> {
    /// The entry id (path under the wiki root).
    pub(crate) id: &'a str,
    pub(crate) entry: &'a Entry,
    pub(crate) schema: &'a Schema,
    /// The entry's kind name, resolved through the schema's default.
    pub(crate) kind_name: Option<&'a str>,
    /// The kind's requirements, when the schema defines the kind.
    pub(crate) kind: Option<&'a Kind>,
    pub(crate) today: Date,
    /// The reviewed dates, found once for the rules that read them.
    pub(crate) reviewed: std::cell::OnceCell<Vec<(Range<usize>, Option<Date>)>>,
}

/// What an index rule sees of the entry it checks. Index rules report only
/// on the spans given here (a link's, the title's, the aliases'): when a
/// wiki is checked in one pass, those are the only positions computed
/// before the entry's text is dropped.
pub(crate) struct IndexContext<'a> {
    /// The entry id (path under the wiki root).
    pub(crate) id: &'a str,
    /// Every wiki link and relative `.md` link, in order.
    pub(crate) links: &'a [Link],
    /// Where to point for the entry as a whole ([`rules::title_span`]).
    pub(crate) title_span: Range<usize>,
    /// The front matter's `aliases:` line, when written.
    pub(crate) aliases_span: Option<Range<usize>>,
    pub(crate) index: &'a Index,
}

impl<'a> IndexContext<'a> {
    fn of_entry(id: &'a str, entry: &'a Entry, index: &'a Index) -> Self {
        IndexContext {
            id,
            links: entry.links(),
            title_span: rules::title_span(entry),
            aliases_span: entry.front_matter().and_then(|block| block.field_spans.aliases.clone()),
            index,
        }
    }
}

/// How a rule checks, and so when it can run.
pub(crate) enum Check {
    /// Looks at one parsed entry: runs as soon as the entry is parsed.
    Entry(fn(&Context<'_>, &mut Vec<Finding>)),
    /// Needs the index of the whole wiki: runs once every entry is indexed.
    Index(fn(&IndexContext<'_>, &mut Vec<Finding>)),
    /// A problem with a file as a whole (encoding, unreadable files),
    /// reported by the loader.
    File,
}

/// A rule: its documentation and its check.
pub(crate) struct Rule {
    pub(crate) doc: RuleDoc,
    pub(crate) check: Check,
}

/// The catalog, sorted by code.
pub fn rules() -> Vec<RuleDoc> {
    let mut docs: Vec<RuleDoc> = rules::ALL.iter().map(|rule| rule.doc).collect();
    docs.push(SCHEMA_DOC);
    docs.sort_by_key(|doc| doc.code);
    docs
}

/// The documentation of `code`.
pub fn rule_doc(code: &str) -> Option<RuleDoc> {
    rules().into_iter().find(|doc| doc.code == code)
}

pub(crate) fn is_known_code(code: &str) -> bool {
    code == SCHEMA_CODE || rules::ALL.iter().any(|rule| rule.doc.code == code)
}

const SCHEMA_DOC: RuleDoc = RuleDoc {
    code: SCHEMA_CODE,
    default_severity: Severity::Error,
    summary: "`wiki.toml` is not a valid schema",
    explanation: "\
# schema

**What it checks.** That `wiki.toml` at the wiki root is valid TOML with the
expected tables (`[wiki]`, `[severity]`, `[kinds.NAME]`) and keys, that
`default_kind` names a defined kind, and that `[severity]` only names rule
codes.

**Why.** The schema decides which sections, Snapshot keys and review limits
every entry is held to. A typo there silently turns a rule off.

**Example.**

```toml
[kinds.person]
required_section = [\"Sources\"]   # misspelt: `required_sections`
```

**Fix.** Correct the key or value the message names. While the schema is
broken, entries are checked only by the rules that need no schema.
",
};

/// Validates one parsed entry against the schema and index.
pub fn validate_entry(id: &str, entry: &Entry, schema: &Schema, index: &Index, today: Date) -> Vec<Diagnostic> {
    let context = entry_context(id, entry, schema, today);
    let index_context = IndexContext::of_entry(id, entry, index);
    let mut findings = Vec::new();
    for rule in enabled_rules(schema) {
        match rule.check {
            Check::Entry(check) => check(&context, &mut findings),
            Check::Index(check) => check(&index_context, &mut findings),
            Check::File => {}
        }
    }
    locate_all(id, entry.text(), schema, findings)
}

/// The entry rules' diagnostics of one entry: the first half of
/// [`validate_entry`], for a wiki checked in one pass (the index rules
/// follow through [`LinksAndNames`]).
pub(crate) fn validate_entry_rules(id: &str, entry: &Entry, schema: &Schema, today: Date) -> Vec<Diagnostic> {
    let context = entry_context(id, entry, schema, today);
    let mut findings = Vec::new();
    for rule in enabled_rules(schema) {
        if let Check::Entry(check) = rule.check {
            check(&context, &mut findings);
        }
    }
    locate_all(id, entry.text(), schema, findings)
}

/// What the index rules need of one entry once its text is gone: its links,
/// where its names are written, and the positions of all those spans.
#[derive(Debug)]
pub(crate) struct LinksAndNames {
    links: Vec<Link>,
    title_span: Range<usize>,
    aliases_span: Option<Range<usize>>,
    /// Start and end of every span an index rule may report on, sorted by span.
    positions: Vec<(Range<usize>, Position, Position)>,
}

impl LinksAndNames {
    /// Keeps what the index rules need of `entry`, computing positions now,
    /// while its text is at hand.
    pub(crate) fn new(entry: Entry) -> Self {
        let title_span = rules::title_span(&entry);
        let aliases_span = entry.front_matter().and_then(|block| block.field_spans.aliases.clone());
        let text = entry.text();
        let lines = LineIndex::new(text);
        let links = entry.links();
        let spans = links.iter().map(|link| &link.span).chain([&title_span]).chain(aliases_span.as_ref());
        let mut positions: Vec<_> = spans
            .map(|span| {
                let (start, end) = lines.span_positions(text, span);
                (span.clone(), start, end)
            })
            .collect();
        // Sorted by span, so each finding's position is a binary search: a
        // linear scan per finding was quadratic in an entry's links (R2).
        positions.sort_unstable_by_key(|(span, _, _)| (span.start, span.end));
        LinksAndNames { links: entry.into_links(), title_span, aliases_span, positions }
    }

    /// The entry's links.
    pub(crate) fn links(&self) -> &[Link] {
        &self.links
    }

    /// The index rules' diagnostics of entry `id`.
    pub(crate) fn validate(&self, id: &str, schema: &Schema, index: &Index) -> Vec<Diagnostic> {
        let context = IndexContext {
            id,
            links: &self.links,
            title_span: self.title_span.clone(),
            aliases_span: self.aliases_span.clone(),
            index,
        };
        let mut findings = Vec::new();
        for rule in enabled_rules(schema) {
            if let Check::Index(check) = rule.check {
                check(&context, &mut findings);
            }
        }
        findings
            .into_iter()
            .filter_map(|finding| {
                let severity = severity_of(schema, &finding)?;
                let (start, end) = self.position_of(&finding.span);
                Some(finding.place(id, start, end, severity))
            })
            .collect()
    }

    fn position_of(&self, span: &Range<usize>) -> (Position, Position) {
        let known = self
            .positions
            .binary_search_by_key(&(span.start, span.end), |(known, _, _)| (known.start, known.end))
            .ok()
            .map(|found| &self.positions[found]);
        debug_assert!(known.is_some(), "index rules report only on the spans of `IndexContext`");
        known
            .map_or((Position { line: 1, column: 1 }, Position { line: 1, column: 1 }), |&(_, start, end)| (start, end))
    }
}

fn entry_context<'a>(id: &'a str, entry: &'a Entry, schema: &'a Schema, today: Date) -> Context<'a> {
    let named_kind = entry.front_matter().and_then(|block| block.fields.kind.as_deref());
    let kind_name = schema.kind_name(named_kind);
    let kind = kind_name.and_then(|name| schema.kind(name));
    Context { id, entry, schema, kind_name, kind, today, reviewed: std::cell::OnceCell::new() }
}

/// The rules `wiki.toml` does not turn off, in catalog order.
fn enabled_rules(schema: &Schema) -> impl Iterator<Item = &'static Rule> + '_ {
    rules::ALL.iter().filter(|rule| schema.severity_of(rule.doc.code, rule.doc.default_severity).is_some())
}

/// Positions findings in `text`, applying severity overrides.
pub(crate) fn locate_all(id: &str, text: &str, schema: &Schema, findings: Vec<Finding>) -> Vec<Diagnostic> {
    if findings.is_empty() {
        return Vec::new();
    }
    let lines = LineIndex::new(text);
    findings
        .into_iter()
        .filter_map(|finding| {
            let severity = severity_of(schema, &finding)?;
            Some(finding.locate(id, text, &lines, severity))
        })
        .collect()
}

/// A finding's severity after the schema's overrides; `None` when turned off.
fn severity_of(schema: &Schema, finding: &Finding) -> Option<Severity> {
    let default = rule_doc_fast(finding.code).map_or(Severity::Error, |doc| doc.default_severity);
    schema.severity_of(finding.code, default)
}

fn rule_doc_fast(code: &str) -> Option<&'static RuleDoc> {
    rules::ALL.iter().map(|rule| &rule.doc).find(|doc| doc.code == code)
}
