//! Positions in a text: byte offsets to 1-based lines and columns.
//!
//! Core spans are UTF-8 byte ranges. People read lines and columns, so the
//! conversion lives here, once. Columns count Unicode scalar values, as
//! rustc does, so a caret lines up under the character a reader sees.

use std::ops::Range;

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub column: usize,
}

/// Bytes between two [`LineIndex`] character marks.
const MARK_BYTES: usize = 4096;

/// The start of every line of a text, for offset-to-position lookups.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// `(byte offset, characters before it)` every [`MARK_BYTES`] or so, so a
    /// column on a very long line is counted from a nearby mark rather than
    /// from the line's start (thousands of diagnostics on one 1 MB line
    /// were quadratic). Made on the first column asked for beyond
    /// [`MARK_BYTES`] from its line's start: most texts never need them, and
    /// counting every character of every entry cost validation 15%.
    marks: std::sync::OnceLock<Vec<(usize, usize)>>,
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line.
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts, marks: std::sync::OnceLock::new() }
    }

    /// The 1-based position of byte `offset` in `text`. Offsets past the end
    /// or inside a multi-byte character are clamped to the nearest boundary
    /// before it, so a bad span can never panic.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let characters = if offset - start <= MARK_BYTES {
            text[start..offset].chars().count()
        } else {
            self.characters_before(text, offset) - self.characters_before(text, start)
        };
        Position { line: line + 1, column: characters + 1 }
    }

    /// The positions of the start and end of `span` (an end before the
    /// start counts as the start).
    pub fn span_positions(&self, text: &str, span: &Range<usize>) -> (Position, Position) {
        (self.position(text, span.start), self.position(text, span.end.max(span.start)))
    }

    /// How many characters `text[..offset]` holds; `offset` is a boundary.
    fn characters_before(&self, text: &str, offset: usize) -> usize {
        let marks = self.marks.get_or_init(|| {
            let mut marks = Vec::with_capacity(text.len() / MARK_BYTES + 1);
            marks.push((0, 0));
            let (mut byte, mut characters) = (0, 0);
            while byte + MARK_BYTES < text.len() {
                let next = floor_char_boundary(text, byte + MARK_BYTES);
                characters += text[byte..next].chars().count();
                byte = next;
                marks.push((byte, characters));
            }
            marks
        });
        let mark = marks.partition_point(|&(byte, _)| byte <= offset) - 1;
        let (byte, characters) = marks[mark];
        characters + text[byte..offset].chars().count()
    }

    /// The byte range of 1-based `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let index = line.saturating_sub(1).min(self.starts.len() - 1);
        let start = self.starts[index];
        let mut end = self.starts.get(index + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// How many lines the text has (a final line ending does not start a new one).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

/// The largest char boundary at or before `offset`.
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The line ending a text uses, so edits and new text keep it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LineEnding {
    /// `\n`
    #[default]
    Lf,
    /// `\r\n`
    CrLf,
}

impl LineEnding {
    /// The ending of the first line of `text`; LF when there is none.
    pub fn detect(text: &str) -> Self {
        match text.find('\n') {
            Some(index) if index > 0 && text.as_bytes()[index - 1] == b'\r' => LineEnding::CrLf,
            _ => LineEnding::Lf,
        }
    }

    /// The characters of this ending.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }
}

/// The end of the line holding `offset`, after its line ending. Lines end
/// where Markdown ends them: at `\n`, `\r\n` or a lone `\r`.
pub(crate) fn end_of_line(text: &str, offset: usize) -> usize {
    let offset = floor_char_boundary(text, offset);
    match text[offset..].find(['\n', '\r']) {
        Some(index) if text[offset + index..].starts_with("\r\n") => offset + index + 2,
        Some(index) => offset + index + 1,
        None => text.len(),
    }
}

/// The start of the line holding `offset` (after `\n`, `\r\n` or a lone `\r`).
pub(crate) fn start_of_line(text: &str, offset: usize) -> usize {
    let offset = floor_char_boundary(text, offset);
    text[..offset].rfind(['\n', '\r']).map_or(0, |index| index + 1)
}

/// `range` without the whitespace (and line endings) at either end.
pub(crate) fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    if end < start { start..start } else { start..end }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Carets must land on the character a reader sees, so columns count chars.
    #[test]
    fn positions_count_characters() {
        let text = "ab\nçé x\r\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 3), Position { line: 2, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position { line: 2, column: 4 });
        assert_eq!(index.position(text, text.len()), Position { line: 3, column: 5 });
        assert_eq!(&text[index.line_range(text, 2)], "çé x");
        // A span ending inside a multi-byte character is clamped, not a panic.
        assert_eq!(index.position(text, 5), Position { line: 2, column: 2 });
    }

    // Edits must write the line ending the file already uses.
    #[test]
    fn detects_line_endings() {
        assert_eq!(LineEnding::detect("a\r\nb"), LineEnding::CrLf);
        assert_eq!(LineEnding::detect("a\nb\r\n"), LineEnding::Lf);
        assert_eq!(LineEnding::detect("no newline"), LineEnding::Lf);
    }

    // Columns far into a long line, across the index's character marks,
    // count the same as counting from the line's start.
    #[test]
    fn positions_on_long_lines_count_characters() {
        let text = format!("first\n{}", "aé😀 ".repeat(5000));
        let index = LineIndex::new(&text);
        let line_start = text.find('\n').unwrap() + 1;
        for offset in (line_start..text.len()).step_by(997).filter(|&offset| text.is_char_boundary(offset)) {
            let expected = text[line_start..offset].chars().count() + 1;
            assert_eq!(index.position(&text, offset), Position { line: 2, column: expected }, "at {offset}");
        }
    }
}
