//! Validation: the rule catalog and the checks of one entry.
//!
//! Each rule lives in its own file under `validate/rules/`, opening with its
//! documentation (what it checks, why, an example, the fix); the same text
//! serves `quire explain CODE`. A rule reports [`Finding`]s with byte spans;
//! this module applies the schema's severity overrides and turns them into
//! positioned [`Diagnostic`]s.

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::entry::Entry;
use crate::index::Index;
use crate::schema::{Kind, SCHEMA_CODE, Schema};
use crate::text::LineIndex;

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

/// What a rule sees of the entry it checks.
pub(crate) struct Context<'a> {
    /// The entry id (path under the wiki root).
    pub(crate) id: &'a str,
    pub(crate) entry: &'a Entry,
    pub(crate) schema: &'a Schema,
    /// The entry's kind name, resolved through the schema's default.
    pub(crate) kind_name: Option<&'a str>,
    /// The kind's requirements, when the schema defines the kind.
    pub(crate) kind: Option<&'a Kind>,
    pub(crate) index: &'a Index,
    pub(crate) today: Date,
}

/// A rule: its documentation and, for rules that look at parsed entries,
/// its check. File-level rules (encoding, unreadable files) are reported by
/// the loader instead.
pub(crate) struct Rule {
    pub(crate) doc: RuleDoc,
    pub(crate) check: Option<fn(&Context<'_>, &mut Vec<Finding>)>,
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
    let named_kind = entry.front_matter().and_then(|block| block.fields.kind.as_deref());
    let kind_name = schema.kind_name(named_kind);
    let context =
        Context { id, entry, schema, kind_name, kind: kind_name.and_then(|name| schema.kind(name)), index, today };
    let mut findings = Vec::new();
    for rule in rules::ALL {
        if let Some(check) = rule.check
            && schema.severity_of(rule.doc.code, rule.doc.default_severity).is_some()
        {
            check(&context, &mut findings);
        }
    }
    locate_all(id, entry.text(), schema, findings)
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
            let default = rule_doc_fast(finding.code).map_or(Severity::Error, |doc| doc.default_severity);
            let severity = schema.severity_of(finding.code, default)?;
            Some(finding.locate(id, text, &lines, severity))
        })
        .collect()
}

fn rule_doc_fast(code: &str) -> Option<&'static RuleDoc> {
    rules::ALL.iter().map(|rule| &rule.doc).find(|doc| doc.code == code)
}
