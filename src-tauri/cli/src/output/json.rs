//! The JSON report: the contract of DESIGN.md, "Validation".

use std::io::{self, Write};
use std::path::Path;

use quire_core::{Diagnostic, Report};
use serde::Serialize;

use crate::validate::display_root;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    root: String,
    entries: usize,
    diagnostics: &'a [Diagnostic],
}

/// Writes the report as one JSON object and a newline.
pub(crate) fn write(out: &mut impl Write, root: &Path, report: &Report) -> io::Result<()> {
    let document =
        JsonReport { version: 1, root: display_root(root), entries: report.entries, diagnostics: &report.diagnostics };
    serde_json::to_writer(&mut *out, &document)?;
    writeln!(out)
}
