//! History and diffs of entries for the app: quire-core's `Revisions` and
//! `diff_texts`, turned into the wire types of [`crate::ipc`]. Plain Rust,
//! no Tauri types; the commands call these with the open wiki.
//!
//! Texts are compared as the editor sees them (LF, no BOM): the editor's
//! unsaved text can be one side, and a file committed with CRLF would
//! otherwise differ on every line. `quire diff` shows line-ending changes.
//!
//! Rendered diffs: each side's text is marked with private-use sentinels
//! around changed words (after any line prefix such as `## ` or `- `, so
//! Markdown structure is kept), rendered and sanitized by quire-core, then
//! the sentinels become `<ins>`/`<del>` and the HTML is sanitized again.
//! Nothing reaches the webview that did not pass the sanitizer last.

use std::path::Path;

use quire_core::{
    ChangeOp, ChangedEntry, Entry, EntryDiff, FileChange, Index, Revisions, RevisionsError, SectionDiff, Version,
    diff_texts, render_entry, sanitize,
};

use crate::ipc::{ChangedEntryView, DiffChange, DiffSection, DiffView, ErrorCode, HistoryItem, IpcError, VersionSpec};

/// What the UI shows when the wiki folder has no git repository.
pub const NOT_IN_GIT: &str = "This wiki folder is not in a git repository: history, diffs and commits are unavailable";

const INS_OPEN: char = '\u{e000}';
const INS_CLOSE: char = '\u{e001}';
const DEL_OPEN: char = '\u{e002}';
const DEL_CLOSE: char = '\u{e003}';

/// The repository holding the wiki at `root`.
pub(crate) fn revisions(root: &Path) -> Result<Revisions, IpcError> {
    Revisions::open(root).map_err(revisions_error)
}

pub(crate) fn revisions_error(error: RevisionsError) -> IpcError {
    match error {
        RevisionsError::NotInRepository { .. } => IpcError::new(ErrorCode::NoGit, NOT_IN_GIT),
        RevisionsError::Id(store) => IpcError::new(ErrorCode::InvalidId, store.to_string()),
        RevisionsError::UnknownRevision { .. } => IpcError::new(ErrorCode::NotFound, error.to_string()),
        other => IpcError::new(ErrorCode::Git, other.to_string()),
    }
}

/// The commits that touched entry `id`, newest first, following renames.
pub fn history(root: &Path, id: &str) -> Result<Vec<HistoryItem>, IpcError> {
    let revisions = revisions(root)?;
    let history = revisions.history(id).map_err(revisions_error)?;
    Ok(history
        .into_iter()
        .map(|revision| HistoryItem {
            id: revision.id,
            short_id: revision.short_id,
            author: revision.author,
            time: revision.time,
            date: revision.date,
            summary: revision.summary,
            change: revision.change,
            path: revision.path,
        })
        .collect())
}

/// The text of entry `id` at `version` as the editor would hold it; empty
/// when the entry does not exist there. `editor` stands for the working copy
/// when given (the editor's unsaved text).
fn text_of(revisions: &Revisions, version: &VersionSpec, id: &str, editor: Option<&str>) -> Result<String, IpcError> {
    let text = match (version, editor) {
        (VersionSpec::WorkingCopy, Some(text)) => text.to_owned(),
        (VersionSpec::WorkingCopy, None) => {
            revisions.text(&Version::WorkingCopy, id).map_err(revisions_error)?.unwrap_or_default()
        }
        (VersionSpec::Revision { revision }, _) => {
            revisions.text(&Version::Revision(revision.clone()), id).map_err(revisions_error)?.unwrap_or_default()
        }
    };
    Ok(editor_form(&text))
}

/// The text as the editor shows it (`\n` line breaks, no BOM).
fn editor_form(text: &str) -> String {
    quire_core::FileForm::split(text).1
}

fn label(version: &VersionSpec, editor: bool) -> String {
    match version {
        VersionSpec::Revision { revision } if revision.len() == 40 => revision[..7].to_owned(),
        VersionSpec::Revision { revision } => revision.clone(),
        VersionSpec::WorkingCopy if editor => "editor".to_owned(),
        VersionSpec::WorkingCopy => "working copy".to_owned(),
    }
}

/// The diff of entry `id` between two versions, read from git (`old_id` is
/// its id on the old side when it was renamed since; `editor`, the editor's
/// unsaved text, stands for the working copy). Needs no session: commands
/// call it without holding one, and render it with [`diff_view`] after.
pub fn diff(
    root: &Path,
    id: &str,
    old_id: Option<&str>,
    old: &VersionSpec,
    new: &VersionSpec,
    editor: Option<&str>,
) -> Result<EntryDiff, IpcError> {
    let revisions = revisions(root)?;
    let old_text = text_of(&revisions, old, old_id.unwrap_or(id), editor)?;
    let new_text = text_of(&revisions, new, id, editor)?;
    Ok(diff_texts(&label(old, editor.is_some()), &old_text, &label(new, editor.is_some()), &new_text))
}

/// The entries whose saved files differ from `HEAD`, each with its summary.
pub fn changed_entries(root: &Path) -> Result<Vec<ChangedEntryView>, IpcError> {
    changed_between(root, &Version::head(), &Version::WorkingCopy)
}

/// The entries that differ between two versions, each with its summary
/// (Review: `HEAD` and the working copy; Sync's Incoming: the merge base
/// and the upstream).
pub fn changed_between(root: &Path, old: &Version, new: &Version) -> Result<Vec<ChangedEntryView>, IpcError> {
    let revisions = revisions(root)?;
    let changed = revisions.changed_entries(old, new).map_err(revisions_error)?;
    changed
        .into_iter()
        .map(|entry| {
            let (title, summary) = summary_between(&revisions, &entry, old, new)?;
            Ok(ChangedEntryView { id: entry.id, title, change: entry.change, previous_id: entry.previous_id, summary })
        })
        .collect()
}

/// A changed entry's title (the old one when removed; the id without one)
/// and the one-line summary of its change from `HEAD` to the working copy.
pub(crate) fn title_and_summary(revisions: &Revisions, entry: &ChangedEntry) -> Result<(String, String), IpcError> {
    summary_between(revisions, entry, &Version::head(), &Version::WorkingCopy)
}

/// [`title_and_summary`] between any two versions.
fn summary_between(
    revisions: &Revisions,
    entry: &ChangedEntry,
    old_version: &Version,
    new_version: &Version,
) -> Result<(String, String), IpcError> {
    let old_id = entry.previous_id.as_deref().unwrap_or(&entry.id);
    let read = |version: &Version, id: &str| -> Result<String, IpcError> {
        Ok(editor_form(&revisions.text(version, id).map_err(revisions_error)?.unwrap_or_default()))
    };
    let old = read(old_version, old_id)?;
    let new = read(new_version, &entry.id)?;
    // A whole entry appearing or going says more than its lead "modified" from or to nothing.
    let summary = match entry.change {
        FileChange::Added => "new entry".to_owned(),
        FileChange::Deleted => "entry deleted".to_owned(),
        _ => diff_texts("old", &old, "new", &new).summary(),
    };
    let shown = if new.is_empty() { &old } else { &new };
    let title = Entry::parse(shown).title().map_or_else(|| entry.id.clone(), str::to_owned);
    Ok((title, summary))
}

/// `current` (the editor's text of entry `id`) with the section at
/// `old_index` of version `old` put back: in place of the section it
/// became, or where it stood when it is gone. Reads only.
pub fn restore_section(
    root: &Path,
    id: &str,
    old: &VersionSpec,
    old_index: u32,
    current: &str,
) -> Result<String, IpcError> {
    let revisions = revisions(root)?;
    let old_text = text_of(&revisions, old, id, Some(current))?;
    let diff = diff_texts("old", &old_text, "current", current);
    let target = Some(old_index as usize);
    if !diff.sections.iter().any(|section| section.old_index == target) {
        return Err(IpcError::new(
            ErrorCode::NotFound,
            format!("section {old_index} is not in that version of `{id}`"),
        ));
    }
    // Rows come in the new order with removed sections where they stood, so
    // the new text with one row's old side in place of its new side is the
    // restored text.
    let mut restored = String::with_capacity(current.len());
    for section in &diff.sections {
        let keep = if section.old_index == target {
            ChangeOp::Insert
        } else if section.new_index.is_some() {
            ChangeOp::Delete
        } else {
            continue;
        };
        for change in section.changes.iter().filter(|change| change.op != keep) {
            restored.push_str(&change.text);
        }
    }
    Ok(restored)
}

/// A diff as the UI shows it, its parts rendered with the wiki's `index`.
pub fn diff_view(id: &str, diff: &EntryDiff, index: &Index) -> DiffView {
    let old_parts = rendered_parts(id, diff, index, Side::Old);
    let new_parts = rendered_parts(id, diff, index, Side::New);
    let inline_parts = rendered_parts(id, diff, index, Side::Both);
    let part = |parts: &Option<Vec<String>>, position: Option<usize>| {
        parts.as_ref().zip(position).and_then(|(parts, position)| parts.get(position).cloned())
    };
    let sections = diff
        .sections
        .iter()
        .enumerate()
        .map(|(row, section)| DiffSection {
            old_heading: section.old_heading.clone(),
            new_heading: section.new_heading.clone(),
            old_index: section.old_index.map(|index| index as u32),
            new_index: section.new_index.map(|index| index as u32),
            status: section.status,
            changes: section
                .changes
                .iter()
                .map(|change| DiffChange { op: change.op, text: change.text.clone(), moved: change.moved.is_some() })
                .collect(),
            old_html: part(&old_parts, section.old_index),
            new_html: part(&new_parts, section.new_index),
            inline_html: part(&inline_parts, Some(row)),
        })
        .collect();
    DiffView {
        id: id.to_owned(),
        old_label: diff.old.clone(),
        new_label: diff.new.clone(),
        summary: diff.summary(),
        unchanged: diff.is_unchanged(),
        sections,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Old,
    New,
    /// Every row in diff order, deletions and insertions both marked.
    Both,
}

/// The rendered HTML of each section of one side (by its index in that
/// side; for [`Side::Both`], by row), changes marked; `None` when the
/// marked text does not render into one part per section (then the UI
/// shows the source only for that side).
fn rendered_parts(id: &str, diff: &EntryDiff, index: &Index, side: Side) -> Option<Vec<String>> {
    let mut rows: Vec<&SectionDiff> = match side {
        Side::Old => diff.sections.iter().filter(|section| section.old_index.is_some()).collect(),
        Side::New => diff.sections.iter().filter(|section| section.new_index.is_some()).collect(),
        Side::Both => diff.sections.iter().collect(),
    };
    if side == Side::Old {
        rows.sort_by_key(|section| section.old_index);
    }
    let mut text = String::new();
    for section in &rows {
        for change in &section.changes {
            let clean: String = change.text.chars().filter(|c| !('\u{e000}'..='\u{e003}').contains(c)).collect();
            match (change.op, side) {
                (ChangeOp::Equal, _) => text.push_str(&clean),
                (ChangeOp::Insert, Side::New | Side::Both) => mark(&mut text, &clean, INS_OPEN, INS_CLOSE),
                (ChangeOp::Delete, Side::Old | Side::Both) => mark(&mut text, &clean, DEL_OPEN, DEL_CLOSE),
                _ => {}
            }
        }
    }
    let page = render_entry(id, &Entry::parse(&text), index);
    if page.parts.len() != rows.len() {
        return None;
    }
    Some(page.parts.iter().map(|part| sanitize(&sentinels_to_tags(&part.html))).collect())
}

/// Appends `piece` to `text` with each line's content between `open` and
/// `close`, leaving line prefixes (`## `, `- `, `> `, `1. `, indentation)
/// and line endings outside, so the Markdown keeps its structure.
fn mark(text: &mut String, piece: &str, open: char, close: char) {
    for line in piece.split_inclusive('\n') {
        let (body, ending) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let at_line_start = text.is_empty() || text.ends_with('\n');
        let prefix_len = if at_line_start { line_prefix_len(body) } else { 0 };
        let (prefix, content) = body.split_at(prefix_len);
        text.push_str(prefix);
        if !content.trim().is_empty() {
            text.push(open);
            text.push_str(content);
            text.push(close);
        } else {
            text.push_str(content);
        }
        text.push_str(ending);
    }
}

/// The length of a Markdown line's block prefix: indentation, heading
/// hashes, list markers, quote markers, front matter fences.
fn line_prefix_len(line: &str) -> usize {
    if line == "---" {
        return line.len();
    }
    let bytes = line.as_bytes();
    let mut at = 0;
    loop {
        let start = at;
        while at < bytes.len() && bytes[at] == b' ' {
            at += 1;
        }
        if at < bytes.len() && bytes[at] == b'>' {
            at += 1;
        } else if at < bytes.len() && bytes[at] == b'#' {
            let hashes = bytes[at..].iter().take_while(|b| **b == b'#').count();
            if bytes.get(at + hashes) == Some(&b' ') {
                at += hashes + 1;
            }
        } else if at + 1 < bytes.len() && matches!(bytes[at], b'-' | b'*' | b'+') && bytes[at + 1] == b' ' {
            at += 2;
        } else {
            let digits = bytes[at..].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 0
                && matches!(bytes.get(at + digits), Some(b'.' | b')'))
                && bytes.get(at + digits + 1) == Some(&b' ')
            {
                at += digits + 2;
            }
        }
        if at == start {
            return at;
        }
    }
}

/// Sentinels in text become `<ins>`/`<del>` tags; inside a tag (an
/// attribute value) they are dropped. The result is sanitized again by the
/// caller, which also balances tags that straddled an element.
fn sentinels_to_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut in_tag = false;
    let mut in_quote = false;
    for c in html.chars() {
        match c {
            '<' if !in_tag => in_tag = true,
            '>' if in_tag && !in_quote => in_tag = false,
            '"' if in_tag => in_quote = !in_quote,
            _ => {}
        }
        let tag = match c {
            INS_OPEN => "<ins>",
            INS_CLOSE => "</ins>",
            DEL_OPEN => "<del>",
            DEL_CLOSE => "</del>",
            _ => {
                out.push(c);
                continue;
            }
        };
        if !in_tag {
            out.push_str(tag);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Markers go after block prefixes, or headings and list items would stop being ones.
    #[test]
    fn marks_keep_line_prefixes_outside() {
        let mut text = String::new();
        mark(&mut text, "## New\n\n- one\n  > 12. two\n", INS_OPEN, INS_CLOSE);
        assert_eq!(text, "## \u{e000}New\u{e001}\n\n- \u{e000}one\u{e001}\n  > 12. \u{e000}two\u{e001}\n");
        let mut text = "Some ".to_owned();
        mark(&mut text, "# word", DEL_OPEN, DEL_CLOSE);
        assert_eq!(text, "Some \u{e002}# word\u{e003}", "inside a line nothing is a prefix");
    }

    // Sentinels in attribute values must not turn into markup.
    #[test]
    fn sentinels_become_tags_only_in_text() {
        let html = "<a title=\"x\u{e000}y>\u{e001}\">a\u{e000}b\u{e001}</a>";
        assert_eq!(sentinels_to_tags(html), "<a title=\"xy>\">a<ins>b</ins></a>");
    }

    // The rendered diff goes into the DOM with {@html}: whatever the texts
    // hold (payloads, our sentinels typed in, a change that straddles an
    // emphasis), it must be HTML the sanitizer leaves as it is.
    #[test]
    fn rendered_diffs_stay_sanitized() {
        let old = "# A\n\nLead.\n\n## One\n\nSafe text, a *b c* d.\n\nPlain a b d.\n";
        let new = "# A\n\nLead <img src=x onerror=alert(1)>.\n\n## One\n\nSafe \u{e000}<script>alert(2)</script>\u{e001} \
                   text [x](javascript:alert(3)) <a href=\"x\" title=\"\u{e000}\">y</a>, a *b X* Y d.\n\nPlain *a b d*.\n\n\
                   ## Two\n\n<iframe srcdoc=\"x\"></iframe>\n";
        let view = diff_view("a.md", &diff_texts("old", old, "new", new), &Index::new());
        let htmls: Vec<&str> = view
            .sections
            .iter()
            .flat_map(|section| [&section.old_html, &section.new_html, &section.inline_html])
            .filter_map(|html| html.as_deref())
            .collect();
        assert!(htmls.len() >= 6, "every side rendered: {htmls:?}");
        for html in &htmls {
            for forbidden in ["<script", "onerror", "javascript:", "<iframe", "srcdoc", "\u{e000}", "\u{e001}"] {
                assert!(!html.contains(forbidden), "`{forbidden}` in {html}");
            }
            assert_eq!(sanitize(html), *html, "already clean and balanced");
        }
        assert!(htmls.iter().any(|html| html.contains("<ins>")), "{htmls:?}");
    }

    // Restoring a section of the old version into the current text touches only that section.
    #[test]
    fn a_restored_section_replaces_only_its_own_text() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let git = |args: &[&str]| {
            let status = std::process::Command::new("git")
                .current_dir(root)
                .args(args)
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_AUTHOR_NAME", "A")
                .env("GIT_AUTHOR_EMAIL", "a@example.org")
                .env("GIT_COMMITTER_NAME", "A")
                .env("GIT_COMMITTER_EMAIL", "a@example.org")
                .status()
                .unwrap();
            assert!(status.success(), "git {args:?}");
        };
        git(&["init", "--quiet"]);
        std::fs::write(root.join("a.md"), "# A\n\nLead.\n\n## One\n\nFirst.\n\n## Two\n\nSecond.\n").unwrap();
        git(&["add", "--all"]);
        git(&["-c", "commit.gpgsign=false", "commit", "--quiet", "-m", "one"]);
        let current = "# A\n\nLead, edited.\n\n## One\n\nFirst, rewritten.\n\n## Two\n\nSecond, edited.\n";
        let head = VersionSpec::Revision { revision: "HEAD".into() };
        let restored = restore_section(root, "a.md", &head, 1, current).unwrap();
        assert_eq!(restored, "# A\n\nLead, edited.\n\n## One\n\nFirst.\n\n## Two\n\nSecond, edited.\n");
        // A section the current text no longer has comes back where it stood.
        let current = "# A\n\nLead.\n\n## Two\n\nSecond.\n";
        let restored = restore_section(root, "a.md", &head, 1, current).unwrap();
        assert_eq!(restored, "# A\n\nLead.\n\n## One\n\nFirst.\n\n## Two\n\nSecond.\n");
        let error = restore_section(root, "a.md", &head, 9, current).unwrap_err();
        assert_eq!(error.code, "not-found");
    }
}
