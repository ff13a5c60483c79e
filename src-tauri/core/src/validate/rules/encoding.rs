//! `encoding`: the file is not valid UTF-8 text.

use crate::diagnostic::{Diagnostic, Severity};
use crate::text::LineIndex;
use crate::validate::{Check, Rule, RuleDoc};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "encoding",
        default_severity: Severity::Error,
        summary: "the file is not valid UTF-8 text",
        explanation: "\
# encoding

**What it checks.** That every `.md` file in the wiki is UTF-8 text: no
invalid byte sequences and no NUL bytes (which mark a binary file).

**Why.** Entries are read, diffed and edited as text. A file in another
encoding (Latin-1, UTF-16) or a binary file saved with a `.md` name cannot be
checked or edited without risk of corrupting it. The rest of the wiki is still
validated.

**Example.** A file saved as Latin-1 by an old editor: `Ren\\xe9 Descartes`.

**Fix.** Re-save the file as UTF-8 (`iconv -f latin1 -t utf-8`), or move a
binary file out of the wiki folder.
",
    },
    check: Check::File,
};

/// The text of a file, or the diagnostic saying why it is not UTF-8 text.
pub(crate) fn decode(path: &str, bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    match String::from_utf8(bytes) {
        Ok(text) if memchr::memchr(0, text.as_bytes()).is_none() => Ok(text),
        Ok(text) => Err(Box::new(check_bytes(path, text.as_bytes()).unwrap_or_else(|| binary(path, 0)))),
        Err(error) => {
            let bytes = error.into_bytes();
            Err(Box::new(check_bytes(path, &bytes).unwrap_or_else(|| binary(path, 0))))
        }
    }
}

fn binary(path: &str, at: usize) -> Diagnostic {
    let message = format!("`{path}` looks like a binary file: it holds a NUL byte at byte {at}");
    Diagnostic::for_file(path, RULE.doc.code, RULE.doc.default_severity, message)
        .with_help("entries are UTF-8 text; move binary files out of the wiki folder")
}

/// The diagnostic for `bytes`, when they are not UTF-8 text.
fn check_bytes(path: &str, bytes: &[u8]) -> Option<Diagnostic> {
    if let Some(nul) = bytes.iter().position(|&byte| byte == 0) {
        return Some(binary(path, nul));
    }
    let error = std::str::from_utf8(bytes).err()?;
    let valid = std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default();
    let lines = LineIndex::new(valid);
    let position = lines.position(valid, valid.len());
    let message = format!("`{path}` is not valid UTF-8: invalid byte 0x{:02x}", bytes[error.valid_up_to()]);
    let mut diagnostic = Diagnostic::for_file(path, RULE.doc.code, RULE.doc.default_severity, message)
        .with_help("re-save the file as UTF-8, for instance with `iconv -f latin1 -t utf-8`");
    diagnostic.line = position.line;
    diagnostic.column = position.column;
    diagnostic.end_line = position.line;
    diagnostic.end_column = position.column + 1;
    Some(diagnostic)
}
