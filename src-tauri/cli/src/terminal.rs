//! Text from a wiki, a repository or the command line made safe to show in a
//! terminal.
//!
//! Commit summaries, authors, entry text, file names and titles are written
//! by other people. A terminal obeys the control characters in them: `ESC[2J`
//! clears the screen, an OSC 52 sequence writes the clipboard, a C1 `CSI`
//! (U+009B) starts a sequence on its own, and bidi controls (U+202E and
//! friends) make text read differently from what it is. Every human format
//! of `quire` passes such text through [`escape`] or [`escape_line`], which
//! show each of these characters as a visible `\u{…}` and leave everything
//! else as it is. Both are idempotent (what they return has nothing left to
//! escape), so text escaped twice reads the same. Quire's own colour codes
//! are added after escaping; JSON and SARIF keep the exact text.

use std::borrow::Cow;

/// `text` for a terminal, line breaks kept (`\n`, and `\r` before `\n`) as
/// well as tabs: for multi-line text such as a diff's or a message's.
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    escape_with(text, true)
}

/// `text` for one line of a terminal: line breaks are escaped too, so a name
/// or a path can never start a line of output of its own.
pub(crate) fn escape_line(text: &str) -> Cow<'_, str> {
    escape_with(text, false)
}

/// Prints one line of a message to standard output, escaped as [`escape_line`].
pub(crate) fn say(line: &str) {
    println!("{}", escape_line(line));
}

fn escape_with(text: &str, keep_line_breaks: bool) -> Cow<'_, str> {
    let kept = |(index, character): (usize, char)| match character {
        '\t' => true,
        '\n' => keep_line_breaks,
        '\r' => keep_line_breaks && text.as_bytes().get(index + 1) == Some(&b'\n'),
        _ => !is_unsafe(character),
    };
    let Some(first) = text.char_indices().position(|item| !kept(item)) else {
        return Cow::Borrowed(text);
    };
    let mut escaped = String::with_capacity(text.len() + 16);
    for (position, item) in text.char_indices().enumerate() {
        if position < first || kept(item) {
            escaped.push(item.1);
        } else {
            escaped.push_str(&format!("\\u{{{:x}}}", u32::from(item.1)));
        }
    }
    Cow::Owned(escaped)
}

/// C0 and C1 controls, DEL, and the bidi controls that reorder what a reader
/// sees: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069.
fn is_unsafe(character: char) -> bool {
    character.is_control()
        || matches!(character, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    // The attacks the issue names: none reaches the terminal raw, and each
    // shows where it was.
    #[test]
    fn escapes_controls_and_bidi_visibly() {
        let hostile = "a\u{1b}[2Jb\u{1b}]52;c;aGk=\u{7}c\u{9b}31md\u{202e}e\u{7f}\u{0}\u{61c}\u{200e}\u{2066}";
        assert_eq!(
            escape(hostile),
            "a\\u{1b}[2Jb\\u{1b}]52;c;aGk=\\u{7}c\\u{9b}31md\\u{202e}e\\u{7f}\\u{0}\\u{61c}\\u{200e}\\u{2066}"
        );
    }

    // Ordinary text (accents, CJK, emoji, tabs) is borrowed untouched: the
    // common case costs no copy.
    #[test]
    fn leaves_ordinary_text_alone() {
        let text = "Kaiming He \u{4f55}\u{607a}\u{660e} caf\u{e9} \u{1f600}\tok\nnext\r\n";
        assert!(matches!(escape(text), Cow::Borrowed(_)));
        assert_eq!(escape_line("caf\u{e9}"), "caf\u{e9}");
    }

    // A line break inside a name would fake a line of output; in a diff it
    // is the text's own structure. A lone `\r` rewrites the line: escaped.
    #[test]
    fn line_breaks_depend_on_the_kind_of_text() {
        assert_eq!(escape("one\r\ntwo\rthree\n"), "one\r\ntwo\\u{d}three\n");
        assert_eq!(escape_line("one\r\ntwo\n"), "one\\u{d}\\u{a}two\\u{a}");
    }

    // Escaping twice changes nothing: callers need not track what was escaped.
    #[test]
    fn is_idempotent() {
        let once = escape_line("\u{1b}[31m\n\u{202e}\u{9b}").into_owned();
        assert_eq!(escape_line(&once), once);
        assert_eq!(escape(&once), once);
    }
}
