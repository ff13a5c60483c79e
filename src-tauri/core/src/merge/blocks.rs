//! The units a part is merged by: paragraphs, list items, headings, fenced
//! code blocks and blank lines. Each is a slice of the text with
//! its line endings; together they tile it.
//!
//! This is a line scanner, not a Markdown parse: it only has to agree with
//! what a writer calls "a paragraph" or "an item" often enough for merges
//! to be confined to them. A list item is its bullet line and the lines
//! that continue it (indented or lazy); a nested bullet is an item of its
//! own, so items added to a nested list merge like any other.

/// What a unit is, by its first line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Blank,
    Heading,
    Item,
    Code,
    Paragraph,
}

/// The units of `text`, in order.
pub(super) fn blocks(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut blocks = Vec::with_capacity(lines.len() / 2 + 1);
    let mut offset = 0;
    let mut index = 0;
    while index < lines.len() {
        let start = index;
        let line = lines[index];
        index += 1;
        match kind(line) {
            // A blank line is a unit of its own: an item added to an empty
            // list lands between two of them, wherever the other side adds.
            Kind::Blank | Kind::Heading => {}
            Kind::Code => {
                let fence = fence(line).unwrap_or("```");
                while index < lines.len() {
                    let closing = closes(lines[index], fence);
                    index += 1;
                    if closing {
                        break;
                    }
                }
            }
            Kind::Item | Kind::Paragraph => {
                while index < lines.len() && kind(lines[index]) == Kind::Paragraph {
                    index += 1;
                }
            }
        }
        let length: usize = lines[start..index].iter().map(|line| line.len()).sum();
        blocks.push(&text[offset..offset + length]);
        offset += length;
    }
    blocks
}

/// What a unit starting with `line` is.
pub(super) fn kind(line: &str) -> Kind {
    if is_blank(line) {
        return Kind::Blank;
    }
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[indent..];
    if is_bullet(rest) {
        return Kind::Item;
    }
    if indent <= 3 {
        if fence(line).is_some() {
            return Kind::Code;
        }
        let hashes = rest.len() - rest.trim_start_matches('#').len();
        if (1..=6).contains(&hashes) && rest[hashes..].chars().next().is_none_or(char::is_whitespace) {
            return Kind::Heading;
        }
    }
    Kind::Paragraph
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// `- `, `* `, `+ `, `1. `, `1) ` (or the marker alone on its line).
fn is_bullet(rest: &str) -> bool {
    let after_marker = if rest.starts_with(['-', '*', '+']) {
        &rest[1..]
    } else {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if !(1..=9).contains(&digits) || !rest[digits..].starts_with(['.', ')']) {
            return false;
        }
        &rest[digits + 1..]
    };
    after_marker.chars().next().is_none_or(char::is_whitespace)
}

/// The fence a line opens (three or more backticks or tildes), if any.
fn fence(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() > 3 {
        return None;
    }
    for mark in ['`', '~'] {
        let length = rest.len() - rest.trim_start_matches(mark).len();
        if length >= 3 {
            return Some(&rest[..length]);
        }
    }
    None
}

/// Whether `line` closes a block opened by `fence`.
fn closes(line: &str, fence: &str) -> bool {
    let Some(mark) = fence.chars().next() else { return true };
    let rest = line.trim_start_matches(' ');
    let length = rest.len() - rest.trim_start_matches(mark).len();
    line.len() - rest.len() <= 3 && length >= fence.len() && rest[length..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Items, paragraphs and blank runs are separate units; a wrapped line stays with its item.
    #[test]
    fn splits_into_units() {
        let text = "## Sources\n\n- one\n  wrapped\n- two\n\nA paragraph\non two lines.\n\n\n```\ncode\n\nmore\n```\n";
        assert_eq!(
            blocks(text),
            [
                "## Sources\n",
                "\n",
                "- one\n  wrapped\n",
                "- two\n",
                "\n",
                "A paragraph\non two lines.\n",
                "\n",
                "\n",
                "```\ncode\n\nmore\n```\n"
            ]
        );
        assert_eq!(blocks(text).concat(), text);
    }

    // Ordered and nested bullets are items; a number without its dot is prose.
    #[test]
    fn knows_items() {
        assert_eq!(kind("1. first\n"), Kind::Item);
        assert_eq!(kind("  - nested\r\n"), Kind::Item);
        assert_eq!(kind("-\n"), Kind::Item);
        assert_eq!(kind("2024 was a year\n"), Kind::Paragraph);
        assert_eq!(kind("#hashtag\n"), Kind::Paragraph);
    }
}
