//! The parse floor: the least work any validator must do on a wiki, namely
//! reading every entry and parsing it with pulldown-cmark, with byte offsets.

use std::fs;
use std::hint::black_box;
use std::io;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;

/// What parsing a set of files came to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FloorStats {
    /// Files read and parsed.
    pub files: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Parser events consumed.
    pub events: u64,
}

/// The parser options Quire uses for entries.
pub fn options() -> Options {
    Options::ENABLE_WIKILINKS | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Parses `text` fully, consuming every event and its byte range, and
/// returns the number of events.
pub fn parse_text(text: &str) -> u64 {
    let mut events = 0u64;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        black_box((&event, range));
        events += 1;
    }
    events
}

/// Reads and parses one file.
pub fn parse_file(path: &Path) -> io::Result<FloorStats> {
    let bytes = fs::read(path)?;
    let len = bytes.len() as u64;
    let events = match String::from_utf8(bytes) {
        Ok(text) => parse_text(&text),
        Err(err) => parse_text(&String::from_utf8_lossy(err.as_bytes())),
    };
    Ok(FloorStats { files: 1, bytes: len, events })
}

/// Reads and parses every file in parallel (rayon).
pub fn parse_files(paths: &[PathBuf]) -> io::Result<FloorStats> {
    paths.par_iter().map(|path| parse_file(path)).try_reduce(FloorStats::default, |a, b| {
        Ok(FloorStats { files: a.files + b.files, bytes: a.bytes + b.bytes, events: a.events + b.events })
    })
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::{parse_files, parse_text};
    use crate::files::find_markdown_files;

    #[test]
    fn parses_every_entry_and_skips_hidden_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("people")).unwrap();
        fs::create_dir_all(root.join(".git/sub")).unwrap();
        fs::write(root.join("a.md"), "# A\n\nSee [[B]] and [[B|bee]].\n").unwrap();
        fs::write(root.join("people/b.md"), "# B\n\n| x | y |\n| - | - |\n| 1 | ~~2~~ |\n").unwrap();
        fs::write(root.join("notes.txt"), "# not an entry\n").unwrap();
        fs::write(root.join(".git/sub/c.md"), "# hidden\n").unwrap();
        let files = find_markdown_files(root).unwrap();
        assert_eq!(files, [root.join("a.md"), root.join("people/b.md")]);
        let stats = parse_files(&files).unwrap();
        assert_eq!(stats.files, 2);
        let expected = parse_text(&fs::read_to_string(root.join("a.md")).unwrap())
            + parse_text(&fs::read_to_string(root.join("people/b.md")).unwrap());
        assert_eq!(stats.events, expected);
        assert!(stats.events > 20);
    }
}
