//! A file's text as an editor holds it, and back.
//!
//! Editors work on text with `\n` line breaks and no byte order mark
//! (CodeMirror turns `\r\n` and a lone `\r` into `\n`). Files are written
//! every way: CRLF, LF, both in one file, a lone CR, a BOM, no final line
//! break. [`FileForm::split`] gives the editor's text and remembers how the
//! file wrote each line; [`FileForm::restore`] gives the file's bytes for an
//! edited text: every line the user did not touch ends as it did on disk,
//! new lines end as most lines of the file do, and a file saved without
//! edits keeps every byte.

use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use crate::text::LineEnding;

const BOM: char = '\u{feff}';

/// How long matching old lines to new ones may take before the rest is
/// taken as changed (new lines then end the file's usual way).
const DIFF_DEADLINE: Duration = Duration::from_millis(200);

/// How a file wrote its text: its BOM, and each line's own ending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileForm {
    bom: bool,
    /// The editor's text of each line of the file as loaded, without its ending.
    lines: Vec<String>,
    /// Each line's ending on disk: `\n`, `\r\n`, `\r`, or empty for a last
    /// line without one.
    endings: Vec<&'static str>,
    /// The ending of most lines, for lines the user adds.
    usual: &'static str,
}

impl FileForm {
    /// The editor's text of the file `disk` (BOM dropped, every line break
    /// `\n`), and how to write it back.
    pub fn split(disk: &str) -> (FileForm, String) {
        let bom = disk.starts_with(BOM);
        let body = disk.strip_prefix(BOM).unwrap_or(disk);
        let mut lines = Vec::new();
        let mut endings = Vec::new();
        let mut editor = String::with_capacity(body.len());
        let (mut crlf, mut lf) = (0usize, 0usize);
        let mut rest = body;
        while !rest.is_empty() {
            let (line, ending, next) = match rest.find(['\n', '\r']) {
                Some(at) if rest[at..].starts_with("\r\n") => (&rest[..at], "\r\n", &rest[at + 2..]),
                Some(at) if rest.as_bytes()[at] == b'\r' => (&rest[..at], "\r", &rest[at + 1..]),
                Some(at) => (&rest[..at], "\n", &rest[at + 1..]),
                None => (rest, "", ""),
            };
            match ending {
                "\r\n" => crlf += 1,
                "\n" => lf += 1,
                _ => {}
            }
            editor.push_str(line);
            if !ending.is_empty() {
                editor.push('\n');
            }
            lines.push(line.to_owned());
            endings.push(ending);
            rest = next;
        }
        let usual = if crlf > lf { LineEnding::CrLf.as_str() } else { LineEnding::Lf.as_str() };
        (FileForm { bom, lines, endings, usual }, editor)
    }

    /// The form of a new file: no BOM, `ending` after every line.
    pub fn new_file(ending: LineEnding) -> FileForm {
        FileForm { bom: false, lines: Vec::new(), endings: Vec::new(), usual: ending.as_str() }
    }

    /// The file's bytes for `editor` (a text with `\n` line breaks): lines
    /// that are the file's own, in order, keep their endings; other lines
    /// end the file's usual way.
    pub fn restore(&self, editor: &str) -> String {
        let new_lines: Vec<&str> = editor.split_inclusive('\n').collect();
        let contents: Vec<&str> = new_lines.iter().map(|line| line.strip_suffix('\n').unwrap_or(line)).collect();
        let old: Vec<&str> = self.lines.iter().map(String::as_str).collect();
        // Which old line each new line is, where it is one.
        let mut same: Vec<Option<usize>> = vec![None; contents.len()];
        let deadline = Instant::now() + DIFF_DEADLINE;
        for operation in capture_diff_slices_deadline(Algorithm::Myers, &old, &contents, Some(deadline)) {
            if let DiffOp::Equal { old_index, new_index, len } = operation {
                for offset in 0..len {
                    same[new_index + offset] = Some(old_index + offset);
                }
            }
        }
        let mut bytes = String::with_capacity(editor.len() + editor.len() / 30 + 3);
        if self.bom {
            bytes.push(BOM);
        }
        for (index, line) in new_lines.iter().enumerate() {
            bytes.push_str(contents[index]);
            if !line.ends_with('\n') {
                continue;
            }
            let own = same[index].map(|old_index| self.endings[old_index]).filter(|ending| !ending.is_empty());
            bytes.push_str(own.unwrap_or(self.usual));
        }
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A file opened and saved without an edit keeps every byte, however it ends its lines.
    #[test]
    fn unedited_text_restores_every_byte() {
        for disk in [
            "",
            "a",
            "a\n",
            "a\r\nb\nc\r\n",
            "a\rb\r\nc",
            "\u{feff}# T\r\n\r\nlead\nmore\r",
            "\n\n\r\n\r\r",
            "x\r\n\r\n",
        ] {
            let (form, editor) = FileForm::split(disk);
            assert!(!editor.contains('\r'), "{disk:?}");
            assert_eq!(form.restore(&editor), disk, "{disk:?}");
        }
    }

    // Saving changes only the lines the user edited: the others keep their
    // own endings, new lines take the file's usual one.
    #[test]
    fn an_edit_changes_only_its_lines() {
        let disk = "# T\r\n\r\nlead\nmiddle\r\nlast";
        let (form, editor) = FileForm::split(disk);
        assert_eq!(editor, "# T\n\nlead\nmiddle\nlast");
        let edited = editor.replace("middle", "MIDDLE").replace("lead\n", "lead\nadded\n");
        assert_eq!(form.restore(&edited), "# T\r\n\r\nlead\nadded\r\nMIDDLE\r\nlast");
        // A line typed after a last line without an ending: that line now needs one.
        assert_eq!(form.restore(&format!("{editor}\nmore")), "# T\r\n\r\nlead\nmiddle\r\nlast\r\nmore");
        // A lone CR stays where the line is untouched.
        let (form, editor) = FileForm::split("a\rb\rc\n");
        assert_eq!(form.restore(&editor.replace('b', "B")), "a\rB\nc\n");
    }
}
