//! `duplicate-source`: the same source listed twice.

use std::collections::HashMap;

use crate::diagnostic::{Finding, Severity};
use crate::validate::{Check, Context, Rule, RuleDoc};

use super::section_items;

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "duplicate-source",
        default_severity: Severity::Warning,
        summary: "the same source is listed twice",
        explanation: "\
# duplicate-source

**What it checks.** That no two items of `## Sources` are the same citation,
compared ignoring case, spacing and final punctuation.

**Why.** A repeated source inflates how well-sourced a page looks, and the
copies drift apart when one is updated (a new review date) and the other is
not.

**Example.** `- NIST, AI Risk Management Framework, reviewed June 16, 2026.`
listed twice.

**Fix.** Delete the repeat, keeping the copy with the latest review date.
",
    },
    check: Check::Entry(check),
};

fn normalise(text: &str) -> String {
    if text.is_ascii() { normalise_ascii(text) } else { normalise_any(text) }
}

/// [`normalise`] for any text.
fn normalise_any(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        if word.is_ascii() {
            let start = key.len();
            key.push_str(word);
            key[start..].make_ascii_lowercase();
        } else {
            key.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    let kept = key.trim_end_matches(['.', ',', ';']).len();
    key.truncate(kept);
    key
}

/// [`normalise`] for ASCII text (most sources), a byte at a time.
fn normalise_ascii(text: &str) -> String {
    let mut key = Vec::with_capacity(text.len());
    let words = text.as_bytes().split(|&byte| byte.is_ascii_whitespace() || byte == 0x0b);
    for word in words.filter(|word| !word.is_empty()) {
        if !key.is_empty() {
            key.push(b' ');
        }
        key.extend_from_slice(word);
    }
    key.make_ascii_lowercase();
    while key.last().is_some_and(|byte| matches!(byte, b'.' | b',' | b';')) {
        key.pop();
    }
    // Only ASCII bytes were pushed.
    String::from_utf8(key).unwrap_or_default()
}

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let items = section_items(context, "Sources");
    // The first source of each key, in one pass: an entry listing tens of
    // thousands of sources stays linear (R2).
    let mut first_by_key: HashMap<String, usize> = HashMap::with_capacity(items.len());
    for (position, item) in items.iter().enumerate() {
        let key = normalise(&item.text);
        if key.is_empty() {
            continue;
        }
        let first = *first_by_key.entry(key).or_insert(position);
        if first != position {
            findings.push(
                Finding::new(
                    RULE.doc.code,
                    item.content_span.clone(),
                    format!("source listed twice (first as source {})", first + 1),
                )
                .help("delete the repeat"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{normalise_any, normalise_ascii};

    // The ASCII fast path must give the keys the general one gives.
    #[test]
    fn ascii_keys_equal_general_keys() {
        for text in [
            "",
            "  ",
            "MIT EECS, Kaiming He profile, reviewed June 16, 2026.",
            "  MIT\tEECS \r\n profile\x0b\x0cpage ;.,",
            "a b .",
            "...",
            "Trailing; ",
            "X\u{1}Y",
        ] {
            assert_eq!(normalise_ascii(text), normalise_any(text), "{text:?}");
        }
    }
}
