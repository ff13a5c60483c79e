//! SARIF 2.1.0, the format code-scanning services read.

use std::io::{self, Write};
use std::path::Path;

use quire_core::{Report, RuleDoc, Severity, rules};
use serde_json::{Value, json};

use crate::validate::display_root;

const SCHEMA_URI: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_descriptor(doc: &RuleDoc) -> Value {
    json!({
        "id": doc.code,
        "name": pascal_case(doc.code),
        "shortDescription": {"text": doc.summary},
        "fullDescription": {"text": doc.summary},
        "help": {"text": doc.explanation, "markdown": doc.explanation},
        "defaultConfiguration": {"level": level(doc.default_severity)},
    })
}

/// `broken-link` → `BrokenLink`, SARIF's convention for rule names.
fn pascal_case(code: &str) -> String {
    code.split('-')
        .map(|word| {
            let mut characters = word.chars();
            characters
                .next()
                .map(|first| first.to_uppercase().chain(characters).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// A URI reference for a relative path: `/`-separated, percent-encoded
/// where RFC 3986 requires it.
fn uri_reference(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => uri.push(byte as char),
            other => uri.push_str(&format!("%{other:02X}")),
        }
    }
    uri
}

/// Writes the report as a SARIF log with one run. Artifact URIs are the
/// wiki root as given joined with each entry's path, relative to the
/// `%SRCROOT%` base (the folder `quire` ran in, usually the repository).
pub(crate) fn write(out: &mut impl Write, root: &Path, report: &Report) -> io::Result<()> {
    let catalog = rules();
    let root = display_root(root);
    let root = root.trim_start_matches("./").trim_end_matches('/');
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let path = if root.is_empty() || root == "." { diagnostic.path.clone() } else { format!("{root}/{}", diagnostic.path) };
            let mut message = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            let rule_index = catalog.iter().position(|doc| doc.code == diagnostic.code);
            let mut result = json!({
                "ruleId": diagnostic.code,
                "level": level(diagnostic.severity),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri_reference(&path), "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": diagnostic.line,
                            "startColumn": diagnostic.column,
                            "endLine": diagnostic.end_line,
                            "endColumn": diagnostic.end_column.max(diagnostic.column + usize::from(diagnostic.end_line == diagnostic.line)),
                        }
                    }
                }],
            });
            if let Some(index) = rule_index {
                result["ruleIndex"] = json!(index);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "quire",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": catalog.iter().map(rule_descriptor).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uris() {
        assert_eq!(pascal_case("broken-link"), "BrokenLink");
        assert_eq!(uri_reference("content/people/a b.md"), "content/people/a%20b.md");
    }
}
