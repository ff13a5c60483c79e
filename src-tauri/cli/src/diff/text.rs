//! The diff for a terminal: a summary, then a line per section and, under
//! each changed one, the lines that changed with one line of context.
//! Word changes are coloured on a terminal and marked `[-old-]{+new+}`
//! (as `git diff --word-diff=plain` does) otherwise. Every piece of text
//! from the entries is escaped for the terminal before colour is added.

use std::io::{self, Write};

use quire_core::{Change, ChangeOp, EntryDiff, FieldChanges, ListChanges, SectionDiff, SectionStatus, diff_words};

use crate::terminal::{escape, escape_line};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Unchanged lines shown around a change.
const CONTEXT_LINES: usize = 1;

struct Style {
    colour: bool,
}

impl Style {
    /// `text` escaped for the terminal, in colour `code` when colour is on.
    fn paint(&self, code: &str, text: &str) -> String {
        let text = escape(text);
        if self.colour { format!("{code}{text}{RESET}") } else { text.into_owned() }
    }

    /// A changed piece of a line: coloured, or between word-diff markers.
    /// A line ending stays outside the markers, so they close on their line.
    fn change(&self, op: ChangeOp, text: &str) -> String {
        if op == ChangeOp::Equal {
            return escape(text).into_owned();
        }
        let body = text.strip_suffix('\n').map_or(text, |body| body.strip_suffix('\r').unwrap_or(body));
        let ending = &text[body.len()..];
        let shown = if body.is_empty() { visible(ending) } else { visible(body) };
        let shown = escape(&shown);
        let shown = shown.trim_end_matches('\n');
        let marked = match (op, self.colour) {
            (ChangeOp::Delete, true) => format!("{RED}{shown}{RESET}"),
            (ChangeOp::Insert, true) => format!("{GREEN}{shown}{RESET}"),
            (ChangeOp::Delete, false) => format!("[-{shown}-]"),
            _ => format!("{{+{shown}+}}"),
        };
        format!("{marked}{ending}")
    }
}

/// Writes the whole diff.
pub(crate) fn write(out: &mut impl Write, diff: &EntryDiff, colour: bool) -> io::Result<()> {
    let style = Style { colour };
    writeln!(out, "{}", style.paint(BOLD, &format!("--- {}", escape_line(&diff.old))))?;
    writeln!(out, "{}", style.paint(BOLD, &format!("+++ {}", escape_line(&diff.new))))?;
    writeln!(out, "{}", escape_line(&diff.summary()))?;
    // Unchanged sections are one line each; a changed one stands apart.
    let mut after_changes = true;
    for section in &diff.sections {
        let unchanged = section.status == SectionStatus::Unchanged;
        if after_changes || !unchanged {
            writeln!(out)?;
        }
        writeln!(out, "{}", section_line(section, &style))?;
        if !unchanged {
            write_changes(out, diff, &section.changes, &style)?;
        }
        after_changes = !unchanged;
    }
    write_fields(out, "Snapshot", &diff.snapshot, &style)?;
    write_list(out, "Related Pages", &diff.related, &style)?;
    write_list(out, "Sources", &diff.sources, &style)?;
    write_fields(out, "Front matter", &diff.front_matter, &style)
}

fn heading(heading: &Option<String>) -> String {
    heading.as_ref().map_or_else(|| "(lead)".to_owned(), |text| format!("## {}", escape_line(text)))
}

/// `## Definition · modified · +12 −3 words`.
fn section_line(section: &SectionDiff, style: &Style) -> String {
    let name = match section.status {
        SectionStatus::Renamed => {
            format!("{} \u{2192} {}", heading(&section.old_heading), heading(&section.new_heading))
        }
        SectionStatus::Removed => heading(&section.old_heading),
        _ => heading(&section.new_heading),
    };
    let mut line = format!("{} \u{b7} {}", style.paint(BOLD, &name), section.status.as_str());
    if section.status == SectionStatus::Moved
        && let (Some(old), Some(new)) = (section.old_index, section.new_index)
    {
        line.push_str(&format!(" (section {old} \u{2192} {new})"));
    }
    let count = |op: ChangeOp| -> usize {
        section
            .changes
            .iter()
            .filter(|change| change.op == op && change.moved.is_none())
            .map(|change| change.text.split_whitespace().count())
            .sum()
    };
    let (inserted, deleted) = (count(ChangeOp::Insert), count(ChangeOp::Delete));
    if inserted + deleted > 0 {
        line.push_str(&format!(" \u{b7} +{inserted} \u{2212}{deleted} words"));
    }
    line
}

/// A line of output: pieces, each with its op (moved paragraphs are notes).
enum Piece {
    Text(ChangeOp, String),
    Note(String),
}

/// The changed lines with context; skipped stretches show as `⋮`.
fn write_changes(out: &mut impl Write, diff: &EntryDiff, changes: &[Change], style: &Style) -> io::Result<()> {
    let lines = lines(diff, changes);
    let changed: Vec<bool> =
        lines.iter().map(|line| line.iter().any(|piece| !matches!(piece, Piece::Text(ChangeOp::Equal, _)))).collect();
    let shown: Vec<bool> = (0..lines.len())
        .map(|index| {
            let from = index.saturating_sub(CONTEXT_LINES);
            let to = (index + CONTEXT_LINES + 1).min(lines.len());
            changed[from..to].iter().any(|&changed| changed)
        })
        .collect();
    let mut skipped = false;
    for (line, shown) in lines.iter().zip(shown) {
        if !shown {
            skipped = true;
            continue;
        }
        if skipped {
            writeln!(out, "    {}", style.paint(DIM, "\u{22ee}"))?;
            skipped = false;
        }
        let mut text = String::from("    ");
        for piece in line {
            match piece {
                Piece::Text(op, piece) => text.push_str(&style.change(*op, piece)),
                Piece::Note(note) => text.push_str(&style.paint(CYAN, note)),
            }
        }
        writeln!(out, "{}", text.trim_end())?;
    }
    if skipped {
        writeln!(out, "    {}", style.paint(DIM, "\u{22ee}"))?;
    }
    Ok(())
}

/// Splits the changes into lines; a moved paragraph becomes a note line
/// (and, where it arrives, its own changes).
fn lines(diff: &EntryDiff, changes: &[Change]) -> Vec<Vec<Piece>> {
    let mut lines = Lines::default();
    for change in changes {
        let Some(moved) = change.moved.and_then(|index| diff.moves.get(index)) else {
            lines.text(change.op, &change.text);
            continue;
        };
        if change.op == ChangeOp::Insert {
            lines.note(format!("\u{21e4} paragraph moved here from {}:", heading(&moved.from_heading)));
            for piece in &moved.changes {
                lines.text(piece.op, &piece.text);
            }
            lines.start_line();
        } else {
            lines.note(format!("\u{21e5} paragraph moved to {}", heading(&moved.to_heading)));
        }
    }
    lines.finish()
}

/// Lines being cut from the changes.
#[derive(Default)]
struct Lines {
    done: Vec<Vec<Piece>>,
    current: Vec<Piece>,
}

impl Lines {
    fn text(&mut self, op: ChangeOp, text: &str) {
        for piece in text.split_inclusive('\n') {
            self.current.push(Piece::Text(op, piece.to_owned()));
            if piece.ends_with('\n') {
                self.done.push(std::mem::take(&mut self.current));
            }
        }
    }

    /// Ends the current line unless it is empty.
    fn start_line(&mut self) {
        if !self.current.is_empty() {
            self.done.push(std::mem::take(&mut self.current));
        }
    }

    fn note(&mut self, note: String) {
        self.start_line();
        self.done.push(vec![Piece::Note(note)]);
    }

    fn finish(mut self) -> Vec<Vec<Piece>> {
        self.start_line();
        self.done
    }
}

/// Changed white space made visible: `␍` for a carriage return, and in a
/// piece that is only white space, `·` for spaces and `⏎` for line ends.
fn visible(text: &str) -> String {
    let text = text.replace('\r', "\u{240d}");
    if text.trim().is_empty() && !text.is_empty() {
        text.replace(' ', "\u{b7}").replace('\t', "\u{2192}").replace('\n', "\u{23ce}\n")
    } else {
        text
    }
}

fn write_fields(out: &mut impl Write, name: &str, changes: &FieldChanges, style: &Style) -> io::Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{}", style.paint(BOLD, name))?;
    for field in &changes.changed {
        // A value of several lines (a YAML list) stays on one output line.
        let one_line = |text: &str| text.replace('\n', " \u{23ce} ");
        let value: String = diff_words(&one_line(&field.old), &one_line(&field.new))
            .iter()
            .map(|change| style.change(change.op, &change.text))
            .collect();
        writeln!(out, "    ~ {}: {value}", escape_line(&field.key))?;
    }
    for field in &changes.added {
        let line = format!("{}: {}", field.key, field.value.replace('\n', " \u{23ce} "));
        writeln!(out, "    + {}", style.change(ChangeOp::Insert, &line))?;
    }
    for field in &changes.removed {
        let line = format!("{}: {}", field.key, field.value.replace('\n', " \u{23ce} "));
        writeln!(out, "    - {}", style.change(ChangeOp::Delete, &line))?;
    }
    Ok(())
}

fn write_list(out: &mut impl Write, name: &str, changes: &ListChanges, style: &Style) -> io::Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{}", style.paint(BOLD, name))?;
    for item in &changes.added {
        writeln!(out, "    + {}", style.change(ChangeOp::Insert, item))?;
    }
    for item in &changes.removed {
        writeln!(out, "    - {}", style.change(ChangeOp::Delete, item))?;
    }
    Ok(())
}
