//! rustc-style text: `path:line:col`, the source line, a caret under the
//! span, the help.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use quire_core::{CheckedFile, Diagnostic, LineIndex, Report, SCHEMA_FILE, Severity};

use crate::validate::summary;

/// Writes every diagnostic, then a summary line.
pub(crate) fn write(
    out: &mut impl Write,
    files: &[CheckedFile],
    report: &Report,
    read_text: &dyn Fn(&str) -> Option<String>,
    colour: bool,
) -> io::Result<()> {
    let renderer = if colour { Renderer::styled() } else { Renderer::plain() };
    let schema_text = read_text(SCHEMA_FILE);
    // Diagnostics come sorted by path: each entry shown is read once.
    let mut entry: Option<(&str, Option<String>)> = None;
    for diagnostic in &report.diagnostics {
        let text = if diagnostic.path == SCHEMA_FILE {
            schema_text.as_deref()
        } else {
            if entry.as_ref().is_none_or(|(path, _)| *path != diagnostic.path) {
                entry = Some((diagnostic.path.as_str(), entry_text(files, &diagnostic.path, read_text)));
            }
            entry.as_ref().and_then(|(_, text)| text.as_deref())
        };
        writeln!(out, "{}\n", render(&renderer, diagnostic, text))?;
    }
    let outcome = if report.count(Severity::Error) > 0 { "failed" } else { "passed" };
    writeln!(out, "validation {outcome}: {}", summary(report))
}

/// The text of entry `id` as validation parsed it (after any BOM), read
/// again; `None` when it was not parsed (a file problem) or no longer reads.
/// Should the file have changed since, a span past its end shows no snippet.
fn entry_text(files: &[CheckedFile], id: &str, read_text: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let position = files.binary_search_by(|file| file.id.as_str().cmp(id)).ok()?;
    if !files[position].parsed {
        return None;
    }
    let text = read_text(id)?;
    Some(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
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
