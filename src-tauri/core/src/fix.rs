//! Applying the fixes that cannot change what an entry says.
//!
//! Rules attach a [`Fix`](crate::Fix) where they can say how to repair a
//! problem; not every such fix is safe to apply unseen. The policy, rule by
//! rule:
//!
//! - `heading-level`: applied when the heading has no heading after it, in
//!   the same part of the outline, at its own level or between the two: then
//!   only descendants follow it, and they stay its descendants once it moves
//!   up (a later pass fixes the gap they are left with). Otherwise moving it
//!   up would adopt siblings as children, changing the outline: not applied.
//! - `file-name`: never applied here. A new file name changes the entry's id
//!   and slug, which relative `.md` links and `[[slug]]` links use; `quire
//!   rename` moves an entry and rewrites those links in one step.
//!
//! Every write goes through [`save_entry`]: atomic, and refused when the file
//! changed on disk since it was read.

use std::collections::BTreeSet;
use std::path::Path;

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::entry::Entry;
use crate::store::{Loaded, read_entry_file, save_entry};
use crate::text::LineIndex;
use crate::validate::validate_entry;
use crate::wiki::{Catalog, WikiError};

/// Passes at most: a fix can reveal another (a descendant heading left with
/// a gap), each needs a fresh validation.
const MAX_PASSES: usize = 16;

/// One line changed by a fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedFix {
    /// The entry's id.
    pub path: String,
    /// The 1-based line changed.
    pub line: usize,
    /// The rule whose fix it was.
    pub code: &'static str,
    /// The line before (without its line ending).
    pub before: String,
    /// The line after.
    pub after: String,
}

/// A fix that was offered and not applied, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedFix {
    /// The entry's id.
    pub path: String,
    /// The 1-based line of the diagnostic.
    pub line: usize,
    /// The rule whose fix it was.
    pub code: &'static str,
    /// What the fix would do.
    pub description: String,
    /// Why it was not applied.
    pub reason: String,
}

/// What [`apply_safe_fixes`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FixReport {
    /// The changes made, in the order they were made.
    pub applied: Vec<AppliedFix>,
    /// Fixes left for a person.
    pub skipped: Vec<SkippedFix>,
    /// Files that could not be written, with the reason (nothing was written
    /// to them).
    pub failed: Vec<(String, String)>,
}

/// Applies every fix of the wiki at `root` that cannot change meaning (see
/// the module documentation), pass after pass until none is left; with
/// `only`, to that entry alone.
pub fn apply_safe_fixes(root: &Path, only: Option<&str>, today: Date) -> Result<FixReport, WikiError> {
    let mut report = FixReport::default();
    for _ in 0..MAX_PASSES {
        let catalog = Catalog::load(root, today)?;
        let wanted =
            |diagnostic: &&Diagnostic| diagnostic.fix.is_some() && only.is_none_or(|only| diagnostic.path == only);
        let diagnostics = catalog.validate().diagnostics;
        let paths: BTreeSet<&str> = diagnostics
            .iter()
            .filter(wanted)
            .map(|diagnostic| diagnostic.path.as_str())
            .filter(|path| !report.failed.iter().any(|(failed, _)| failed == path))
            .collect();
        let mut skipped = Vec::new();
        let mut changed_any = false;
        for path in paths {
            // Read again and checked again, so each fix's span is the
            // text's that is written back (the save refuses a file changed
            // since).
            let loaded = match read_entry_file(root, path) {
                Ok(loaded) => loaded,
                Err(error) => {
                    report.failed.push((path.to_owned(), error.to_string()));
                    continue;
                }
            };
            let entry = Entry::parse(&loaded.text);
            let found = validate_entry(path, &entry, catalog.schema(), catalog.index(), today);
            let mut fixes: Vec<&Diagnostic> = Vec::new();
            for diagnostic in found.iter().filter(wanted) {
                match safety(&entry, diagnostic) {
                    // A heading's expected level depends on the headings
                    // before it: one heading-level fix per file and pass.
                    Ok(())
                        if diagnostic.code == "heading-level"
                            && fixes.iter().any(|fix| fix.code == diagnostic.code) => {}
                    Ok(()) => fixes.push(diagnostic),
                    Err(reason) => skipped.push(skip(diagnostic, reason)),
                }
            }
            if fixes.is_empty() {
                continue;
            }
            match fix_file(root, path, &entry, &loaded, &fixes) {
                Ok(applied) => {
                    changed_any |= !applied.is_empty();
                    report.applied.extend(applied);
                }
                Err(reason) => report.failed.push((path.to_owned(), reason)),
            }
        }
        report.skipped = skipped;
        if !changed_any {
            break;
        }
    }
    Ok(report)
}

fn skip(diagnostic: &Diagnostic, reason: String) -> SkippedFix {
    SkippedFix {
        path: diagnostic.path.clone(),
        line: diagnostic.line,
        code: diagnostic.code,
        description: diagnostic.fix.as_ref().map(|fix| fix.description.clone()).unwrap_or_default(),
        reason,
    }
}

/// Whether the diagnostic's fix is safe to apply to `entry`; the reason when not.
fn safety(entry: &Entry, diagnostic: &Diagnostic) -> Result<(), String> {
    let Some(fix) = &diagnostic.fix else { return Err("no fix".to_owned()) };
    match diagnostic.code {
        "heading-level" => {
            let Some(span) = &fix.span else { return Err("the fix is not a text edit".to_owned()) };
            let headings = entry.headings();
            let Some(position) = headings.iter().position(|heading| heading.span.start == span.start) else {
                return Err("the heading moved since it was checked".to_owned());
            };
            let level = headings[position].level;
            let parent = position.checked_sub(1).map_or(0, |before| headings[before].level);
            let adopts = headings[position + 1..]
                .iter()
                .take_while(|heading| heading.level > parent)
                .any(|heading| heading.level <= level);
            if adopts {
                Err("headings after it at its level or above would become its subsections".to_owned())
            } else {
                Ok(())
            }
        }
        "file-name" => Err("renaming the file changes its id, which links by path or slug use; \
                            run `quire rename` to move it and rewrite the links"
            .to_owned()),
        _ => Err("this rule's fixes are not applied automatically".to_owned()),
    }
}

/// Applies `fixes` (text edits on `entry`, parsed from the file at `path`)
/// and saves the file; returns the lines changed.
/// Applies `fixes` (found in `entry`, the parse of `loaded`) to the file
/// `path`, saved only if it is still `loaded`.
fn fix_file(
    root: &Path,
    path: &str,
    entry: &Entry,
    loaded: &Loaded,
    fixes: &[&Diagnostic],
) -> Result<Vec<AppliedFix>, String> {
    let bom = if entry.has_bom() { "\u{feff}" } else { "" };
    let text = entry.text();
    let mut edits: Vec<(&Diagnostic, std::ops::Range<usize>, &str)> = fixes
        .iter()
        .filter_map(|diagnostic| {
            let fix = diagnostic.fix.as_ref()?;
            Some((*diagnostic, fix.span.clone()?, fix.replacement.as_str()))
        })
        .filter(|(_, span, _)| span.start <= span.end && span.end <= text.len())
        .collect();
    edits.sort_by_key(|(_, span, _)| std::cmp::Reverse(span.start));
    // Overlapping edits cannot both be right: keep the first of each overlap.
    edits.dedup_by(|later, earlier| later.1.end > earlier.1.start);
    let lines = LineIndex::new(text);
    let mut new_text = text.to_owned();
    let mut applied = Vec::new();
    for (diagnostic, span, replacement) in &edits {
        let line = lines.position(text, span.start).line;
        let range = lines.line_range(text, line);
        let before = text[range.clone()].trim_end_matches(['\r', '\n']).to_owned();
        let after = format!(
            "{}{replacement}{}",
            &text[range.start..span.start],
            text[span.end..range.end].trim_end_matches(['\r', '\n'])
        );
        new_text.replace_range(span.clone(), replacement);
        applied.push(AppliedFix { path: path.to_owned(), line, code: diagnostic.code, before, after });
    }
    applied.reverse();
    let new_text = format!("{bom}{new_text}");
    save_entry(root, path, &new_text, Some(&loaded.hash)).map_err(|error| error.to_string())?;
    Ok(applied)
}
