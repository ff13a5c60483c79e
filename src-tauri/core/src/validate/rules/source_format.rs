//! `source-format`: a source has no year and no reviewed date.

use crate::diagnostic::{Finding, Severity};
use crate::validate::{Check, Context, Rule, RuleDoc};

use super::section_items;

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "source-format",
        default_severity: Severity::Error,
        summary: "a source has no year and no reviewed date",
        explanation: "\
# source-format

**What it checks.** That every item of the `## Sources` list dates itself:
a publication year (`CVPR 2016`, `April 2025`) or, for pages that change, the
day it was last read: `reviewed June 16, 2026` or `reviewed 2026-06-16`.

**Why.** Source discipline: a claim is only as good as the version of the
source it was checked against. An undated web page cannot be re-checked, and
a reader cannot tell a 2015 paper from its 2024 revision.

**Example.** `- Kaiming He, MIT-hosted public biography.`

**Fix.** Add the year, or the date you read it:
`- Kaiming He, MIT-hosted public biography, reviewed June 16, 2026.`
",
    },
    check: Check::Entry(check),
};

/// Whether `text` holds a four-digit year (1000–2999) standing on its own.
pub(crate) fn has_year(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index].is_ascii_digit() {
            let start = index;
            while index < bytes.len() && bytes[index].is_ascii_digit() {
                index += 1;
            }
            // `1512.03385` (an arXiv id) or `3.2016` is a number, not a year.
            let decimal_after = bytes.get(index) == Some(&b'.') && bytes.get(index + 1).is_some_and(u8::is_ascii_digit);
            let decimal_before = start >= 2 && bytes[start - 1] == b'.' && bytes[start - 2].is_ascii_digit();
            if index - start == 4 && matches!(bytes[start], b'1' | b'2') && !decimal_after && !decimal_before {
                return true;
            }
        } else {
            index += 1;
        }
    }
    false
}

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    for item in section_items(context, "Sources") {
        if !has_year(&item.text) {
            findings.push(
                Finding::new(RULE.doc.code, item.content_span.clone(), "source has no year and no reviewed date")
                    .help("add the publication year, or `reviewed <date>` for a page that changes"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::has_year;

    // Years count only as whole four-digit numbers, not parts of ids or pages.
    #[test]
    fn years_stand_alone() {
        assert!(has_year("CVPR 2016."));
        assert!(has_year("reviewed 2026-06-16"));
        assert!(!has_year("arXiv:151203385, pages 770-778"));
        assert!(!has_year("ISBN 9780262035613"));
        assert!(!has_year("no date"));
        assert!(!has_year("arXiv:1512.03385"));
        assert!(has_year("arXiv:1512.03385, 2015."));
    }
}
