//! Word-level changes between two texts, within a complexity cap.
//!
//! Lines are compared first (cheap: one hash per line), then each run of
//! changed lines is compared word by word, with Unicode word boundaries.
//! A run larger than [`WORD_DIFF_MAX_BYTES`] on either side is reported
//! whole, as deleted and inserted: still exact, only coarser. A deadline
//! shared by the whole diff bounds the rest: past it, Myers gives up on the
//! smallest edit and returns a coarser one, so no text can hang a review.

use std::time::Instant;

use similar::{Algorithm, DiffOp, TextDiff};

use super::{Change, ChangeOp};

/// Past this many bytes on one side, a run of changed lines is not compared
/// word by word (about 3,000 words: Myers' worst case stays in milliseconds).
pub(crate) const WORD_DIFF_MAX_BYTES: usize = 16 * 1024;

/// Appends to `out` the changes that turn `old` into `new`. Equal, deleted
/// and inserted texts concatenate back to `old` (equal + delete) and `new`
/// (equal + insert).
pub(crate) fn push_changes(out: &mut Vec<Change>, old: &str, new: &str, deadline: Instant) {
    if old == new {
        push(out, ChangeOp::Equal, old);
        return;
    }
    if old.is_empty() || new.is_empty() {
        push_whole(out, old, new);
        return;
    }
    let lines = TextDiff::configure().algorithm(Algorithm::Myers).deadline(deadline).diff_lines(old, new);
    let old_offsets = offsets(lines.iter_old_slices().map(str::len));
    let new_offsets = offsets(lines.iter_new_slices().map(str::len));
    let mut ops = lines.ops().iter().peekable();
    while let Some(op) = ops.next() {
        if let DiffOp::Equal { old_index, len, .. } = *op {
            push(out, ChangeOp::Equal, &old[old_offsets[old_index]..old_offsets[old_index + len]]);
            continue;
        }
        // Adjacent deletes and inserts are one run of changed lines.
        let (mut old_lines, mut new_lines) = (op.old_range(), op.new_range());
        while let Some(next) = ops.next_if(|next| !matches!(next, DiffOp::Equal { .. })) {
            old_lines = old_lines.start..next.old_range().end;
            new_lines = new_lines.start..next.new_range().end;
        }
        let old_run = &old[old_offsets[old_lines.start]..old_offsets[old_lines.end]];
        let new_run = &new[new_offsets[new_lines.start]..new_offsets[new_lines.end]];
        push_word_changes(out, old_run, new_run, deadline);
    }
}

/// Word by word within one run of changed lines, or whole past the cap.
fn push_word_changes(out: &mut Vec<Change>, old: &str, new: &str, deadline: Instant) {
    if old.is_empty() || new.is_empty() || old.len() > WORD_DIFF_MAX_BYTES || new.len() > WORD_DIFF_MAX_BYTES {
        push_whole(out, old, new);
        return;
    }
    let words = TextDiff::configure().algorithm(Algorithm::Myers).deadline(deadline).diff_unicode_words(old, new);
    let old_offsets = offsets(words.iter_old_slices().map(str::len));
    let new_offsets = offsets(words.iter_new_slices().map(str::len));
    let mut run = Run::default();
    let ops = words.ops();
    for (position, op) in ops.iter().enumerate() {
        let old_text = &old[old_offsets[op.old_range().start]..old_offsets[op.old_range().end]];
        let new_text = &new[new_offsets[op.new_range().start]..new_offsets[op.new_range().end]];
        match op {
            DiffOp::Equal { .. } => {
                // A space between two changes reads better inside them:
                // `[-the old-]{+a new+}` rather than `[-the-]{+a+} [-old-]{+new+}`.
                let between_changes = !run.is_empty() && position + 1 < ops.len();
                if between_changes && old_text.trim().is_empty() && !old_text.contains('\n') {
                    run.old.push_str(old_text);
                    run.new.push_str(old_text);
                } else {
                    run.flush(out);
                    push(out, ChangeOp::Equal, old_text);
                }
            }
            _ => {
                run.old.push_str(old_text);
                run.new.push_str(new_text);
            }
        }
    }
    run.flush(out);
}

/// `old` deleted and `new` inserted, whole.
fn push_whole(out: &mut Vec<Change>, old: &str, new: &str) {
    push(out, ChangeOp::Delete, old);
    push(out, ChangeOp::Insert, new);
}

/// Changed words waiting to be written: all deletions, then all insertions.
#[derive(Default)]
struct Run {
    old: String,
    new: String,
}

impl Run {
    fn is_empty(&self) -> bool {
        self.old.is_empty() && self.new.is_empty()
    }

    fn flush(&mut self, out: &mut Vec<Change>) {
        push_whole(out, &self.old, &self.new);
        self.old.clear();
        self.new.clear();
    }
}

/// Byte offsets of each token's start, and the end of the last one.
fn offsets(lengths: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut offsets = vec![0];
    let mut offset = 0;
    for length in lengths {
        offset += length;
        offsets.push(offset);
    }
    offsets
}

/// Appends a change, merged into the last one when it has the same op.
pub(crate) fn push(out: &mut Vec<Change>, op: ChangeOp, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.op == op && last.moved.is_none() => last.text.push_str(text),
        _ => out.push(Change { op, text: text.to_owned(), moved: None }),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn changes(old: &str, new: &str) -> Vec<(ChangeOp, String)> {
        let mut out = Vec::new();
        push_changes(&mut out, old, new, Instant::now() + Duration::from_secs(5));
        out.into_iter().map(|change| (change.op, change.text)).collect()
    }

    fn render(old: &str, new: &str) -> String {
        changes(old, new)
            .into_iter()
            .map(|(op, text)| match op {
                ChangeOp::Equal => text,
                ChangeOp::Delete => format!("[-{text}-]"),
                ChangeOp::Insert => format!("{{+{text}+}}"),
            })
            .collect()
    }

    // Reviewers read word changes, not whole replaced lines.
    #[test]
    fn changes_are_word_level() {
        assert_eq!(
            render("He joined MIT in 2023.\nSecond line.\n", "He joined Meta in 2016.\nSecond line.\n"),
            "He joined [-MIT-]{+Meta+} in [-2023-]{+2016+}.\nSecond line.\n"
        );
        assert_eq!(render("the quick brown fox", "a slow brown fox"), "[-the quick-]{+a slow+} brown fox");
    }

    // Unicode words: CJK and accented letters split where a reader expects.
    #[test]
    fn words_follow_unicode_boundaries() {
        assert_eq!(render("Ångström über alles", "Ångström unter alles"), "Ångström [-über-]{+unter+} alles");
    }

    // Past the cap the run is reported whole: coarser, still exact.
    #[test]
    fn large_runs_fall_back_to_whole_lines() {
        let old = "word ".repeat(WORD_DIFF_MAX_BYTES / 4);
        let new = "other ".repeat(WORD_DIFF_MAX_BYTES / 4);
        assert_eq!(changes(&old, &new), [(ChangeOp::Delete, old.clone()), (ChangeOp::Insert, new.clone())]);
    }
}
