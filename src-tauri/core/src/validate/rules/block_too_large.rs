//! `block-too-large`: a Markdown block too long to parse whole.

use crate::diagnostic::{Finding, Severity};
use crate::markdown::WINDOW;
use crate::validate::{Check, Context, Rule, RuleDoc};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "block-too-large",
        default_severity: Severity::Warning,
        summary: "a paragraph, list, table or quote over 128 KiB is parsed in parts",
        explanation: "\
# block-too-large

**What it checks.** That no single Markdown block (a paragraph, a list, a
table, a quote, one line) in an entry over 256 KiB runs past 128 KiB without
a line where a new top-level block starts.

**Why.** Quire parses large entries a piece at a time so that one hostile
file cannot take gigabytes of memory. A piece can end anywhere between two
top-level blocks, and the result is the same as parsing the whole entry; a
single block longer than a piece has no such place and is cut at a line
break (or a space) instead. Markup across that cut can then read
differently: a list becomes two lists, a link or emphasis cut in half is
plain text, and a rename does not see a link cut in half. Nothing is lost
from the file.

**Example.** A Sources list of 5,000 items with no blank line, or a pasted
table of 20,000 rows.

**Fix.** Break the block up (a blank line and a short paragraph between two
halves of a list is enough), or move the data out of the wiki.
",
    },
    check: Check::Entry(check),
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let text = context.entry.text();
    for block in context.entry.split_blocks() {
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[block.start..]).map_or(text.len(), |at| block.start + at);
        let mut end = line_end.min(block.start + 80);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let first_cut_line =
            1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..block.cuts.first().copied().unwrap_or(block.start)])
                .count();
        findings.push(
            Finding::new(
                RULE.doc.code,
                block.start..end,
                format!(
                    "this block runs past {} KiB and is parsed in {} parts (first cut on line {first_cut_line}): \
                     markup across a cut may read differently",
                    WINDOW / 1024,
                    block.cuts.len() + 1,
                ),
            )
            .help("break the block up with a blank line and a paragraph, or move the data out of the wiki"),
        );
    }
}
