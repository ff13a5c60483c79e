//! rustc-style text: `path:line:col`, the source line, a caret under the
//! span, the help.
//!
//! Linear in the report and the files: each file shown is read and indexed
//! once (diagnostics come sorted by path), and a snippet shows a window of a
//! long line around its span, never the whole line, so thousands of
//! diagnostics on one long line cost thousands of small windows. Every piece
//! of text from the wiki is escaped for the terminal ([`crate::terminal`]).

use std::io::{self, Write};
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use quire_core::{CheckedFile, Diagnostic, LineIndex, Report, SCHEMA_FILE, Severity};

use crate::terminal::{escape, escape_line};
use crate::validate::summary;

/// Lines longer than this (in bytes) are cut to a window around the span.
const LONG_LINE_BYTES: usize = 240;
/// Bytes of the line shown on each side of the span in a window.
const CONTEXT_BYTES: usize = 60;
/// Bytes of the span itself shown in a window; the rest is cut.
const SPAN_BYTES: usize = 120;
/// Lines of a span over many lines that are shown; the rest is cut.
const SPAN_LINES: usize = 6;
/// A width no window reaches, so the renderer never cuts one.
const NO_TERMINAL_CUT: usize = 1 << 20;
/// Marks where a window cuts a line.
const ELLIPSIS: &str = "\u{2026}";

/// A file's text and its line starts, made once for all its diagnostics.
struct Source {
    text: String,
    lines: LineIndex,
}

impl Source {
    fn new(text: String) -> Source {
        let lines = LineIndex::new(&text);
        Source { text, lines }
    }
}

/// Writes every diagnostic, then a summary line.
pub(crate) fn write(
    out: &mut impl Write,
    files: &[CheckedFile],
    report: &Report,
    read_text: &dyn Fn(&str) -> Option<String>,
    colour: bool,
) -> io::Result<()> {
    let renderer = if colour { Renderer::styled() } else { Renderer::plain() };
    // Long lines are cut here, around the span, with one marker; the
    // renderer's own cut (to 140 columns, with `...`) would cut the window
    // again.
    let renderer = renderer.term_width(NO_TERMINAL_CUT);
    let schema = read_text(SCHEMA_FILE).map(Source::new);
    // Diagnostics come sorted by path: each entry shown is read once.
    let mut entry: Option<(&str, Option<Source>)> = None;
    for diagnostic in &report.diagnostics {
        let source = if diagnostic.path == SCHEMA_FILE {
            schema.as_ref()
        } else {
            if entry.as_ref().is_none_or(|(path, _)| *path != diagnostic.path) {
                let text = entry_text(files, &diagnostic.path, read_text);
                entry = Some((diagnostic.path.as_str(), text.map(Source::new)));
            }
            entry.as_ref().and_then(|(_, source)| source.as_ref())
        };
        writeln!(out, "{}\n", render(&renderer, diagnostic, source))?;
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

/// One diagnostic; `source` is the file, when it could be read.
fn render(renderer: &Renderer, diagnostic: &Diagnostic, source: Option<&Source>) -> String {
    let message = escape(&diagnostic.message);
    let path = escape_line(&diagnostic.path);
    let title = level(diagnostic.severity).primary_title(message.as_ref()).id(diagnostic.code);
    let excerpt = source.and_then(|source| excerpt(source, diagnostic));
    let mut shown_column = diagnostic.column;
    let mut group = match &excerpt {
        Some((shown, span)) => {
            shown_column = shown[..span.start].chars().count() + 1;
            title.element(
                Snippet::source(shown.as_str())
                    .line_start(diagnostic.line)
                    .path(path.as_ref())
                    .annotation(AnnotationKind::Primary.span(span.clone())),
            )
        }
        None => title.element(Origin::path(path.as_ref()).line(diagnostic.line).char_column(diagnostic.column)),
    };
    let help = diagnostic.help.as_deref().map(escape);
    if let Some(help) = &help {
        group = group.element(Level::HELP.message(help.as_ref()));
    }
    let groups: Vec<Group<'_>> = vec![group];
    let rendered = renderer.render(&groups);
    if shown_column == diagnostic.column {
        return rendered;
    }
    // The renderer counts the column in the text it shows; a window or an
    // escaped character before the span moves it. The file's column is the
    // diagnostic's.
    let shown = format!("{path}:{}:{shown_column}", diagnostic.line);
    let found = rendered.find("-->").and_then(|arrow| rendered[arrow..].find(&shown).map(|at| arrow + at));
    match found {
        Some(at) => format!(
            "{}{path}:{}:{}{}",
            &rendered[..at],
            diagnostic.line,
            diagnostic.column,
            &rendered[at + shown.len()..]
        ),
        None => rendered,
    }
}

/// What the snippet shows of `source` for the diagnostic: the lines its span
/// covers (at most [`SPAN_LINES`]), each long one cut to a window around the
/// span with [`ELLIPSIS`] where it is cut, escaped; and the span in that
/// text. `None` when the span does not fit the text (the file changed since
/// it was judged).
fn excerpt(source: &Source, diagnostic: &Diagnostic) -> Option<(String, Range<usize>)> {
    let text = source.text.as_str();
    let span = diagnostic.span.start..diagnostic.span.end.max(diagnostic.span.start);
    if span.end > text.len() || !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        return None;
    }
    let last_line = diagnostic.end_line.clamp(diagnostic.line, diagnostic.line + SPAN_LINES - 1);
    let mut shown = String::new();
    let (mut start, mut end) = (0, 0);
    for line in diagnostic.line..=last_line {
        let range = source.lines.line_range(text, line);
        if line > diagnostic.line {
            shown.push('\n');
        }
        // The part of the span on this line, and what of the line is shown.
        let focus = span.start.clamp(range.start, range.end)..span.end.clamp(range.start, range.end);
        let window = if range.len() <= LONG_LINE_BYTES {
            range.clone()
        } else {
            let from = floor_boundary(text, focus.start.saturating_sub(CONTEXT_BYTES).max(range.start));
            let to = ceil_boundary(text, (focus.end.min(focus.start + SPAN_BYTES) + CONTEXT_BYTES).min(range.end));
            from..to
        };
        let focus_end = focus.end.min(window.end);
        if window.start > range.start {
            shown.push_str(ELLIPSIS);
        }
        shown.push_str(&escape_line(&text[window.start..focus.start]));
        if line == diagnostic.line {
            start = shown.len();
        }
        shown.push_str(&escape_line(&text[focus.start..focus_end]));
        end = shown.len();
        shown.push_str(&escape_line(&text[focus_end..window.end]));
        if window.end < range.end {
            shown.push_str(ELLIPSIS);
        }
    }
    Some((shown, start..end))
}

/// The nearest character boundary at or before `offset`.
fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The nearest character boundary at or after `offset` (at most the end).
fn ceil_boundary(text: &str, mut offset: usize) -> usize {
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use quire_core::{Diagnostic, LineIndex, Severity};

    use super::*;

    /// A diagnostic over `span` of `text`, positioned as the core does.
    fn diagnostic(text: &str, span: Range<usize>) -> Diagnostic {
        let lines = LineIndex::new(text);
        let (start, end) = lines.span_positions(text, &span);
        let mut diagnostic = Diagnostic::for_file("x.md", "broken-link", Severity::Warning, String::new());
        (diagnostic.line, diagnostic.column, diagnostic.end_line, diagnostic.end_column) =
            (start.line, start.column, end.line, end.column);
        diagnostic.span = span;
        diagnostic
    }

    // A span over many lines shows its first lines only, the span clipped
    // to them, however many lines it covers.
    #[test]
    fn a_span_over_many_lines_shows_a_few() {
        let text = "# T\n".to_owned() + &"line\n".repeat(1000);
        let source = Source::new(text.clone());
        let (shown, span) = excerpt(&source, &diagnostic(&text, 4..text.len())).unwrap();
        assert_eq!(shown, "line\n".repeat(SPAN_LINES).trim_end());
        assert_eq!(span, 0..shown.len());
    }

    // Windows of a long line of multi-byte characters cut on character
    // boundaries (no panic), carry the ellipsis, and keep the span whole
    // when it is short.
    #[test]
    fn a_window_of_a_long_line_cuts_between_characters() {
        let text = format!("{}[[Gone]]{}\n", "\u{e9}".repeat(300), "\u{4f55}".repeat(300));
        let source = Source::new(text.clone());
        let start = text.find("[[").unwrap();
        let (shown, span) = excerpt(&source, &diagnostic(&text, start..start + 8)).unwrap();
        assert!(shown.starts_with(ELLIPSIS) && shown.ends_with(ELLIPSIS), "{shown}");
        assert_eq!(&shown[span], "[[Gone]]");
        assert!(shown.len() < 2 * (CONTEXT_BYTES + 8) + 2 * ELLIPSIS.len() + 8, "{shown}");
    }

    // A span past the end of the text (the file changed since it was judged)
    // shows no snippet rather than a wrong one.
    #[test]
    fn a_span_past_the_end_shows_nothing() {
        let text = "# T\n";
        let mut stale = diagnostic(text, 0..3);
        stale.span = 10..20;
        assert!(excerpt(&Source::new(text.to_owned()), &stale).is_none());
    }
}
