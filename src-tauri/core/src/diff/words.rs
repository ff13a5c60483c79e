//! Word-level changes between two texts, within a complexity cap.
//!
//! Lines are compared first (cheap: one hash per line), with each line's
//! ending a token of its own, so a file that went from CRLF to LF shows as
//! line endings changed, not as every line replaced. Each run of changed
//! lines (a paragraph's lines stay together; a blank line ends a run) is
//! then compared word by word, with Unicode word boundaries
//! (UAX #29; a CR is split from its LF for the same reason). A run larger
//! than [`WORD_DIFF_MAX_BYTES`] on either side is reported whole, as
//! deleted and inserted: still exact, only coarser. A deadline shared by
//! the whole diff bounds the rest: past it, Myers gives up on the smallest
//! edit and returns a coarser one, so no text can hang a review.

use std::time::Instant;

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};
use unicode_segmentation::UnicodeSegmentation;

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
    let (old_lines, new_lines) = (line_tokens(old), line_tokens(new));
    let (old_offsets, new_offsets) = (offsets(&old_lines), offsets(&new_lines));
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &old_lines, &new_lines, Some(deadline));
    let mut run: Option<(usize, usize)> = None; // where the current run of changes starts, old and new
    for (position, op) in ops.iter().enumerate() {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        if let DiffOp::Equal { .. } = op {
            // One line break between two changes (not a blank line): one
            // run, so that a reflowed paragraph is compared word by word as
            // a whole, while separate paragraphs stay separate runs.
            let line_break = old_range.len() == 1 && old_lines[old_range.start].ends_with('\n');
            if run.is_some() && line_break && position + 1 < ops.len() {
                continue;
            }
            if let Some((old_start, new_start)) = run.take() {
                let old_run = &old[old_offsets[old_start]..old_offsets[old_range.start]];
                let new_run = &new[new_offsets[new_start]..new_offsets[new_range.start]];
                push_word_changes(out, old_run, new_run, deadline);
            }
            push(out, ChangeOp::Equal, &old[old_offsets[old_range.start]..old_offsets[old_range.end]]);
        } else if run.is_none() {
            run = Some((old_range.start, new_range.start));
        }
    }
    if let Some((old_start, new_start)) = run {
        push_word_changes(out, &old[old_offsets[old_start]..], &new[new_offsets[new_start]..], deadline);
    }
}

/// A text's lines, each cut into its content and its line ending.
fn line_tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::with_capacity(text.len() / 32 + 2);
    for line in text.split_inclusive('\n') {
        let content = line.strip_suffix('\n').map_or(line, |rest| rest.strip_suffix('\r').unwrap_or(rest));
        if !content.is_empty() {
            tokens.push(content);
        }
        if content.len() < line.len() {
            tokens.push(&line[content.len()..]);
        }
    }
    tokens
}

/// A text's words and the runs between them (UAX #29), with a CR apart
/// from the LF after it.
pub(crate) fn word_tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::with_capacity(text.len() / 4 + 2);
    if text.is_ascii() {
        // Same bounds as below (tested), at a fraction of the cost: most
        // entries are ASCII, and the Unicode tables were half of a diff.
        for token in ascii_word_bounds(text) {
            if token == "\r\n" {
                tokens.extend(["\r", "\n"]);
            } else {
                tokens.push(token);
            }
        }
        return tokens;
    }
    for token in text.split_word_bounds() {
        match token.strip_suffix('\n').and_then(|rest| rest.strip_suffix('\r')) {
            Some(before) => {
                if !before.is_empty() {
                    tokens.push(before);
                }
                tokens.push(&token[before.len()..token.len() - 1]);
                tokens.push("\n");
            }
            None => tokens.push(token),
        }
    }
    tokens
}

/// How UAX #29 classes an ASCII byte (Word_Break property).
#[derive(Clone, Copy, PartialEq, Eq)]
enum WordClass {
    Letter,
    Digit,
    /// `_` (ExtendNumLet).
    Joiner,
    /// `:` (MidLetter).
    MidLetter,
    /// `.` and `'` (MidNumLet, Single_Quote).
    MidNumLetter,
    /// `,` and `;` (MidNum).
    MidNum,
    /// ` ` (WSegSpace).
    Space,
    Cr,
    Lf,
    /// Vertical tab and form feed (Newline).
    Newline,
    Other,
}

fn word_class(byte: u8) -> WordClass {
    match byte {
        b'a'..=b'z' | b'A'..=b'Z' => WordClass::Letter,
        b'0'..=b'9' => WordClass::Digit,
        b'_' => WordClass::Joiner,
        b':' => WordClass::MidLetter,
        b'.' | b'\'' => WordClass::MidNumLetter,
        b',' | b';' => WordClass::MidNum,
        b' ' => WordClass::Space,
        b'\r' => WordClass::Cr,
        b'\n' => WordClass::Lf,
        0x0b | 0x0c => WordClass::Newline,
        _ => WordClass::Other,
    }
}

/// Whether UAX #29 keeps the bytes at `at - 1` and `at` of an ASCII text in
/// one token (rules WB3 to WB13b; the others need non-ASCII characters).
fn joins(classes: &[WordClass], at: usize) -> bool {
    use WordClass::*;
    let (before, after) = (classes[at - 1], classes[at]);
    let ahead = classes.get(at + 1).copied();
    let behind = at.checked_sub(2).map(|index| classes[index]);
    let mid_letter = |class| matches!(class, MidLetter | MidNumLetter);
    let mid_num = |class| matches!(class, MidNum | MidNumLetter);
    match (before, after) {
        (Cr, Lf) => true,
        (Cr | Lf | Newline, _) | (_, Cr | Lf | Newline) => false,
        (Space, Space) => true,
        (Letter | Digit, Letter | Digit) => true,
        (Letter, _) if mid_letter(after) => ahead == Some(Letter),
        (_, Letter) if mid_letter(before) => behind == Some(Letter),
        (Digit, _) if mid_num(after) => ahead == Some(Digit),
        (_, Digit) if mid_num(before) => behind == Some(Digit),
        (Letter | Digit | Joiner, Joiner) | (Joiner, Letter | Digit) => true,
        _ => false,
    }
}

/// [`UnicodeSegmentation::split_word_bounds`] for ASCII text.
fn ascii_word_bounds(text: &str) -> impl Iterator<Item = &str> {
    let classes: Vec<WordClass> = text.bytes().map(word_class).collect();
    let mut start = 0;
    (1..=text.len()).filter_map(move |at| {
        if at < text.len() && joins(&classes, at) {
            return None;
        }
        let token = &text[start..at];
        start = at;
        Some(token)
    })
}

/// Word by word within one run of changed lines, or whole past the cap.
fn push_word_changes(out: &mut Vec<Change>, old: &str, new: &str, deadline: Instant) {
    if old.is_empty() || new.is_empty() || old.len() > WORD_DIFF_MAX_BYTES || new.len() > WORD_DIFF_MAX_BYTES {
        push_whole(out, old, new);
        return;
    }
    let (old_words, new_words) = (word_tokens(old), word_tokens(new));
    let (old_offsets, new_offsets) = (offsets(&old_words), offsets(&new_words));
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &old_words, &new_words, Some(deadline));
    let mut run = Run::default();
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
fn offsets(tokens: &[&str]) -> Vec<usize> {
    let mut offsets = Vec::with_capacity(tokens.len() + 1);
    let mut offset = 0;
    offsets.push(0);
    for token in tokens {
        offset += token.len();
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

    use proptest::prelude::*;

    use super::*;

    // The ASCII path must cut exactly where the Unicode tables cut.
    proptest! {
        #[test]
        fn ascii_bounds_are_unicode_bounds(text in "[a-cA-C0-2_:.',; \t\r\n\x0b\x0c\"!@#%&*()/-]{0,40}") {
            let ascii: Vec<&str> = ascii_word_bounds(&text).collect();
            let unicode: Vec<&str> = text.split_word_bounds().collect();
            prop_assert_eq!(ascii, unicode);
        }
    }

    #[test]
    fn ascii_bounds_follow_the_word_rules() {
        let cases = [
            ("can't stop", vec!["can't", " ", "stop"]),
            ("3.14, 1,000 and a,b", vec!["3.14", ",", " ", "1,000", " ", "and", " ", "a", ",", "b"]),
            ("e.g. foo:bar a1.2 1.a", vec!["e.g", ".", " ", "foo:bar", " ", "a1.2", " ", "1", ".", "a"]),
            ("snake_case  two\r\nlines\t\t", vec!["snake_case", "  ", "two", "\r\n", "lines", "\t", "\t"]),
        ];
        for (text, expected) in cases {
            assert_eq!(ascii_word_bounds(text).collect::<Vec<_>>(), expected, "{text:?}");
            assert_eq!(text.split_word_bounds().collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

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

    // CRLF to LF is a line ending per line, not every line replaced.
    #[test]
    fn line_endings_change_alone() {
        assert_eq!(render("a b\r\nc d\r\n", "a b\nc d\n"), "a b[-\r-]\nc d[-\r-]\n");
    }

    // A reflowed paragraph is compared as a whole, across its line breaks.
    #[test]
    fn reflowed_lines_are_one_run() {
        assert_eq!(render("one two\nthree four\n", "one two three\nfour\n"), "one two{+ three+}\n[-three -]four\n");
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
