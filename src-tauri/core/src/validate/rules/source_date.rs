//! `source-date`: a reviewed date that cannot be read or lies in the future.

use crate::date::Date;
use crate::diagnostic::{Finding, Severity};
use crate::validate::{Check, Context, Rule, RuleDoc};

use super::{reviewed_date_span, section_items};

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "source-date",
        default_severity: Severity::Error,
        summary: "a reviewed date cannot be read or lies in the future",
        explanation: "\
# source-date

**What it checks.** That every `reviewed <date>` in a source, and the front
matter's `reviewed` field, is a real calendar date written as `June 16, 2026`
or `2026-06-16`, and is not later than today.

**Why.** Review dates say when a claim was last checked against its source.
A date that cannot be read cannot be compared; a future date claims a check
that has not happened yet, usually a typo in the year.

**Example.** `- MIT EECS, Kaiming He profile, reviewed June 31, 2026.`

**Fix.** Write the day the source was actually read.
",
    },
    check: Check::Entry(check),
};

/// The reviewed dates of an entry: the front matter's, then each source's,
/// with their spans. Unreadable source dates come back as `None`.
pub(crate) fn reviewed_dates<'a>(context: &'a Context<'_>) -> &'a [(std::ops::Range<usize>, Option<Date>)] {
    context.reviewed.get_or_init(|| find_reviewed_dates(context))
}

fn find_reviewed_dates(context: &Context<'_>) -> Vec<(std::ops::Range<usize>, Option<Date>)> {
    let text = context.entry.text();
    let mut dates = Vec::new();
    if let Some(front_matter) = context.entry.front_matter()
        && let Some(date) = front_matter.fields.reviewed
    {
        let span = field_value_span(text, front_matter.yaml.clone(), "reviewed").unwrap_or(front_matter.yaml.clone());
        dates.push((span, Some(date)));
    }
    for item in section_items(context, "Sources") {
        if let Some(span) = reviewed_date_span(text, item.content_span.clone()) {
            dates.push((span.clone(), Date::parse(&text[span])));
        }
    }
    dates
}

fn field_value_span(text: &str, yaml: std::ops::Range<usize>, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = yaml.start;
    for line in text[yaml].split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key)
            && let Some(value) = rest.trim_start().strip_prefix(':')
        {
            let value_start = offset + line.len() - value.len();
            let trimmed = value.trim();
            let start = value_start + (value.len() - value.trim_start().len());
            return Some(start..start + trimmed.len());
        }
        offset += line.len();
    }
    None
}

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let text = context.entry.text();
    for (span, date) in reviewed_dates(context) {
        let (span, date) = (span.clone(), *date);
        match date {
            None => {
                let written = &text[span.clone()];
                let message = if written.is_empty() {
                    "`reviewed` is not followed by a date".to_owned()
                } else {
                    format!("cannot read the reviewed date `{written}`")
                };
                findings.push(
                    Finding::new(RULE.doc.code, span, message)
                        .help("write the date as `June 16, 2026` or `2026-06-16`"),
                );
            }
            Some(date) if date > context.today => {
                findings.push(
                    Finding::new(RULE.doc.code, span, format!("reviewed date {date} is in the future"))
                        .help(format!("write the day the source was read; today is {}", context.today)),
                );
            }
            Some(_) => {}
        }
    }
}
