//! Diagnostics: what validation says about the content.
//!
//! A content problem is never an `Err`: it is a [`Diagnostic`] with a path, a
//! position, a severity, a stable code, a message in rustc's voice
//! (lowercase, no final period, names in backticks) and, where one exists, a
//! help text. Their JSON form is a public contract (DESIGN.md, "Validation").

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::text::{LineIndex, Position};

/// How much a diagnostic matters. Errors fail `quire validate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Noted, never blocks.
    Info,
    /// Should be fixed, does not block.
    Warning,
    /// Blocks validation and commits.
    Error,
}

impl Severity {
    /// The lowercase name, as in JSON and `wiki.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A suggested edit: replace the bytes of `span` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, for people ("rename the file to `kaiming-he.md`").
    pub description: String,
    /// The byte range of the entry's text to replace; `None` when the fix is
    /// not a text edit (a file rename, say).
    pub span: Option<Range<usize>>,
    /// The new text for `span`.
    pub replacement: String,
}

/// One finding about one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, relative to the wiki root, with `/` separators.
    pub path: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in characters.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column just past the end, in characters.
    pub end_column: usize,
    /// How much it matters, after `wiki.toml` overrides.
    pub severity: Severity,
    /// The stable rule code, such as `broken-link`.
    pub code: &'static str,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, when there is something to say.
    pub help: Option<String>,
    /// The byte range in the file's text (after any BOM) that the
    /// positions were computed from.
    #[serde(skip)]
    pub span: Range<usize>,
    /// A fix that cannot change the entry's meaning, when there is one.
    #[serde(skip)]
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic at the start of `path`, for problems with a whole file.
    pub fn for_file(path: &str, code: &'static str, severity: Severity, message: String) -> Self {
        Diagnostic {
            path: path.to_owned(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            severity,
            code,
            message,
            help: None,
            span: 0..0,
            fix: None,
        }
    }

    /// Adds a help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A diagnostic as a rule reports it: a byte span, before positions are known.
#[derive(Clone, Debug)]
pub(crate) struct Finding {
    pub(crate) code: &'static str,
    pub(crate) span: Range<usize>,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
    pub(crate) fix: Option<Fix>,
}

impl Finding {
    pub(crate) fn new(code: &'static str, span: Range<usize>, message: impl Into<String>) -> Self {
        Finding { code, span, message: message.into(), help: None, fix: None }
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Positions the finding in `text`.
    pub(crate) fn locate(self, path: &str, text: &str, lines: &LineIndex, severity: Severity) -> Diagnostic {
        let (start, end) = lines.span_positions(text, &self.span);
        self.place(path, start, end, severity)
    }

    /// The diagnostic, given the positions of the span's start and end.
    pub(crate) fn place(self, path: &str, start: Position, end: Position, severity: Severity) -> Diagnostic {
        Diagnostic {
            path: path.to_owned(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            severity,
            code: self.code,
            message: self.message,
            help: self.help,
            span: self.span,
            fix: self.fix,
        }
    }
}

/// Sorts diagnostics by path, then position, then code, so output is stable.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.code, &a.message).cmp(&(&b.path, b.line, b.column, b.code, &b.message))
    });
}
