//! rustc-style text: `path:line:col`, the source line, a caret under the
//! span, the help.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use quire_core::{Diagnostic, LineIndex, Report, SCHEMA_FILE, Severity, Wiki};

use crate::validate::summary;

/// Writes every diagnostic, then a summary line.
pub(crate) fn write(out: &mut impl Write, wiki: &Wiki, report: &Report, colour: bool) -> io::Result<()> {
    let renderer = if colour { Renderer::styled() } else { Renderer::plain() };
    let schema_text = std::fs::read_to_string(wiki.root().join(SCHEMA_FILE)).ok();
    for diagnostic in &report.diagnostics {
        let text = if diagnostic.path == SCHEMA_FILE {
            schema_text.as_deref()
        } else {
            wiki.entry(&diagnostic.path).map(|entry| entry.text())
        };
        writeln!(out, "{}\n", render(&renderer, diagnostic, text))?;
    }
    let outcome = if report.count(Severity::Error) > 0 { "failed" } else { "passed" };
    writeln!(out, "validation {outcome}: {}", summary(report))
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// One diagnostic; `text` is the file's text, when it could be read.
fn render(renderer: &Renderer, diagnostic: &Diagnostic, text: Option<&str>) -> String {
    let title = level(diagnostic.severity).primary_title(diagnostic.message.as_str()).id(diagnostic.code);
    let mut group = match text {
        Some(text) if diagnostic.span.end <= text.len() => {
            // Only the lines the span covers, so long entries print fast.
            let lines = LineIndex::new(text);
            let first = lines.line_range(text, diagnostic.line);
            let last = lines.line_range(text, diagnostic.end_line.max(diagnostic.line));
            let window = first.start..last.end.max(first.start);
            let start = diagnostic.span.start.clamp(window.start, window.end) - window.start;
            let end = diagnostic.span.end.clamp(window.start, window.end) - window.start;
            title.element(
                Snippet::source(&text[window])
                    .line_start(diagnostic.line)
                    .path(diagnostic.path.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end)),
            )
        }
        _ => title.element(Origin::path(diagnostic.path.as_str()).line(diagnostic.line).char_column(diagnostic.column)),
    };
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let groups: Vec<Group<'_>> = vec![group];
    renderer.render(&groups)
}
