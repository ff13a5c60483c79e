//! The wiki's schema, `content/wiki.toml`: kinds of entry, what each requires,
//! the stale-review limit, and per-code severity overrides.
//!
//! A broken `wiki.toml` never stops validation: it becomes `schema`
//! diagnostics, and the wiki is checked against what could be read (or an
//! empty schema).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::front_matter::yaml_scalar;
use crate::text::LineIndex;

/// The schema file's name, at the wiki root.
pub const SCHEMA_FILE: &str = "wiki.toml";

/// The code of diagnostics about `wiki.toml` itself.
pub const SCHEMA_CODE: &str = "schema";

const DEFAULT_MAX_ENTRY_BYTES: u64 = 8 * 1024 * 1024;

/// What a kind of entry requires.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    /// One line for people choosing a kind.
    #[serde(default)]
    pub description: String,
    /// H2 sections every entry of this kind must have.
    #[serde(default)]
    pub required_sections: Vec<String>,
    /// The relative order of these sections when present.
    #[serde(default)]
    pub section_order: Vec<String>,
    /// Keys the Snapshot must hold.
    #[serde(default)]
    pub snapshot_keys: Vec<String>,
}

impl Kind {
    /// The sections a new entry of this kind starts with: the ordered ones
    /// that are required, then required ones the order does not name.
    pub fn skeleton_sections(&self) -> Vec<&str> {
        let required = |name: &str| self.required_sections.iter().any(|r| r.eq_ignore_ascii_case(name));
        let mut sections: Vec<&str> =
            self.section_order.iter().map(String::as_str).filter(|name| required(name)).collect();
        for name in &self.required_sections {
            if !sections.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                sections.push(name);
            }
        }
        sections
    }
}

/// A severity override: a severity, or `off` to silence a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Never reported.
    Off,
    /// Reported as info.
    Info,
    /// Reported as a warning.
    Warning,
    /// Reported as an error.
    Error,
}

impl Level {
    /// The severity, or `None` when off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWiki {
    default_kind: Option<String>,
    stale_review_days: Option<u32>,
    max_entry_bytes: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchema {
    #[serde(default)]
    wiki: RawWiki,
    #[serde(default)]
    severity: BTreeMap<String, Level>,
    #[serde(default)]
    kinds: BTreeMap<String, Kind>,
}

/// The parsed schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schema {
    /// The kind of entries whose front matter names none.
    pub default_kind: Option<String>,
    /// Review dates older than this many days are stale; `None`: never.
    pub stale_review_days: Option<u32>,
    /// Larger files are reported and not parsed.
    pub max_entry_bytes: u64,
    /// Severity overrides by code.
    pub severity: BTreeMap<String, Level>,
    /// Kinds by name.
    pub kinds: BTreeMap<String, Kind>,
}

impl Default for Schema {
    fn default() -> Self {
        Schema {
            default_kind: None,
            stale_review_days: None,
            max_entry_bytes: DEFAULT_MAX_ENTRY_BYTES,
            severity: BTreeMap::new(),
            kinds: BTreeMap::new(),
        }
    }
}

impl Schema {
    /// Parses `wiki.toml`. Problems come back as `schema` diagnostics on
    /// `path`; the schema is then empty (every entry still gets the checks
    /// that need no schema).
    pub fn parse(text: &str, path: &str) -> (Schema, Vec<Diagnostic>) {
        let lines = LineIndex::new(text);
        let raw: RawSchema = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(error) => {
                let span = error.span().unwrap_or(0..0);
                let message = format!("`{path}` is not a valid schema: {}", error.message().trim_end_matches('.'));
                let finding = Finding::new(SCHEMA_CODE, span, message)
                    .help("see the `wiki.toml` of Quire's bundled wiki for the expected layout");
                return (Schema::default(), vec![finding.locate(path, text, &lines, Severity::Error)]);
            }
        };
        let mut problems = Vec::new();
        let locate_key = |key: &str| key_span(text, key);
        if let Some(kind) = &raw.wiki.default_kind
            && !raw.kinds.contains_key(kind)
        {
            let message = format!("`default_kind` names `{kind}`, which `{path}` does not define");
            problems.push(Finding::new(SCHEMA_CODE, locate_key("default_kind"), message).help(kinds_help(&raw.kinds)));
        }
        for code in raw.severity.keys() {
            if !crate::validate::is_known_code(code) {
                let message = format!("`[severity]` names `{code}`, which is not a rule code");
                problems
                    .push(Finding::new(SCHEMA_CODE, locate_key(code), message).help("`quire rules` lists the codes"));
            }
        }
        let diagnostics =
            problems.into_iter().map(|finding| finding.locate(path, text, &lines, Severity::Error)).collect();
        let schema = Schema {
            default_kind: raw.wiki.default_kind,
            stale_review_days: raw.wiki.stale_review_days,
            max_entry_bytes: raw.wiki.max_entry_bytes.unwrap_or(DEFAULT_MAX_ENTRY_BYTES),
            severity: raw.severity,
            kinds: raw.kinds,
        };
        (schema, diagnostics)
    }

    /// The kind an entry belongs to: the one its front matter names, else the default.
    pub fn kind_name<'a>(&'a self, named: Option<&'a str>) -> Option<&'a str> {
        named.or(self.default_kind.as_deref())
    }

    /// The kind called `name`.
    pub fn kind(&self, name: &str) -> Option<&Kind> {
        self.kinds.get(name)
    }

    /// The severity of `code` in this wiki; `None` when turned off.
    pub fn severity_of(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.severity.get(code) {
            Some(level) => level.severity(),
            None => Some(default),
        }
    }

    /// A new entry of `kind` called `title`: front matter, H1, and the kind's
    /// sections, each holding a comment that says what belongs there (empty
    /// sections are reported until they are written).
    pub fn skeleton(&self, title: &str, kind_name: &str, today: Date) -> Option<String> {
        let kind = self.kind(kind_name)?;
        let mut text = String::new();
        // Written as YAML scalars that read back as exactly these texts (a
        // kind named `yes` is not a boolean); `check_written` is the proof.
        let (title_yaml, kind_yaml) = (yaml_scalar(title), yaml_scalar(kind_name));
        text.push_str(&format!(
            "---\ntitle: {title_yaml}\nkind: {kind_yaml}\nstatus: draft\nreviewed: {today}\n---\n\n"
        ));
        text.push_str(&format!("# {title}\n\n<!-- The lead: what {title} is, in two or three sentences. -->\n"));
        for section in kind.skeleton_sections() {
            text.push_str(&format!("\n## {section}\n\n"));
            if section.eq_ignore_ascii_case("snapshot") && !kind.snapshot_keys.is_empty() {
                for key in &kind.snapshot_keys {
                    text.push_str(&format!("- {key}: \n"));
                }
            } else {
                text.push_str(&format!("<!-- {} -->\n", section_hint(section)));
            }
        }
        Some(text)
    }
}

/// The span of `key` where a line assigns it (`key = ...`, possibly quoted),
/// skipping comments and other keys that merely contain it.
fn key_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        for quoted in [key.to_owned(), format!("\"{key}\""), format!("'{key}'")] {
            if let Some(rest) = trimmed.strip_prefix(quoted.as_str())
                && rest.trim_start().starts_with('=')
            {
                let start = offset + indent;
                return start..start + quoted.len();
            }
        }
        offset += line.len();
    }
    0..0
}

fn section_hint(section: &str) -> &'static str {
    match section.to_ascii_lowercase().as_str() {
        "related pages" => "One wiki link per item: - [[Title]]",
        "sources" => "One citation per item, each with a year or `reviewed <date>`",
        "open questions" => "Questions the sources leave open, one per item",
        "definition" => "What this entry means by its subject",
        _ => "Write this section",
    }
}

fn kinds_help(kinds: &BTreeMap<String, Kind>) -> String {
    if kinds.is_empty() {
        return "define kinds under `[kinds.NAME]`".to_owned();
    }
    let names: Vec<String> = kinds.keys().map(|name| format!("`{name}`")).collect();
    format!("defined kinds: {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    // `quire new` and the app's New entry write front matter: it must read
    // back as the title and kind asked for, whatever YAML would make of them.
    #[test]
    fn skeleton_front_matter_reads_back_as_written() {
        let (schema, problems) = Schema::parse("[kinds.yes]\n[kinds.\"a: b\"]\n[kinds.person]\n", "wiki.toml");
        assert!(problems.is_empty(), "{problems:?}");
        let today = Date::new(2026, 6, 16).unwrap();
        for (title, kind) in
            [("Yes", "yes"), ("2001: A Space Odyssey", "a: b"), ("\"Quoted\" \\ back", "person"), ("Null", "person")]
        {
            let text = schema.skeleton(title, kind, today).unwrap();
            let expected = [
                ("title", Some(serde_json::Value::from(title))),
                ("kind", Some(serde_json::Value::from(kind))),
                ("status", Some(serde_json::Value::from("draft"))),
                ("reviewed", Some(serde_json::Value::from("2026-06-16"))),
            ];
            let checked = crate::front_matter::check_written(None, &text, &expected);
            assert!(checked.is_ok(), "{title} / {kind}: {checked:?}\n{text}");
        }
    }

    // The bundled schema's shape must read into kinds and overrides.
    #[test]
    fn parses_kinds_and_overrides() {
        let text = "[wiki]\ndefault_kind = \"concept\"\nstale_review_days = 30\n[severity]\norphan = \"off\"\n[kinds.concept]\nrequired_sections = [\"Sources\"]\n";
        let (schema, problems) = Schema::parse(text, "wiki.toml");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(schema.kind_name(None), Some("concept"));
        assert_eq!(schema.kind("concept").unwrap().required_sections, ["Sources"]);
        assert_eq!(schema.severity_of("orphan", Severity::Info), None);
        assert_eq!(schema.severity_of("broken-link", Severity::Warning), Some(Severity::Warning));
    }

    // A typo in wiki.toml must point at the line, not silently drop a rule.
    #[test]
    fn broken_schema_is_a_diagnostic() {
        let (schema, problems) = Schema::parse("[kinds.person]\nrequired_section = []\n", "wiki.toml");
        assert_eq!(schema, Schema::default());
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].code, problems[0].line), (SCHEMA_CODE, 2));
        assert!(problems[0].message.contains("required_section"), "{}", problems[0].message);
        let (_, problems) = Schema::parse(
            "# link default_kind\n[severity]\nbroken-lnk = \"off\"\n[wiki]\ndefault_kind = \"x\"\n",
            "wiki.toml",
        );
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [5, 3], "{problems:?}");
    }
}
