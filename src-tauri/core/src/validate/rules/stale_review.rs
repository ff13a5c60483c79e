//! `stale-review`: a reviewed date older than the schema's limit.

use crate::diagnostic::{Finding, Severity};
use crate::validate::{Check, Context, Rule, RuleDoc};

use super::source_date::reviewed_dates;

pub(crate) const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "stale-review",
        default_severity: Severity::Warning,
        summary: "a reviewed date is older than the schema's limit",
        explanation: "\
# stale-review

**What it checks.** That no `reviewed <date>` in the Sources, and no front
matter `reviewed` date, is older than `stale_review_days` in the `[wiki]`
table of `wiki.toml`. Without that setting the rule never fires.

**Why.** Web pages change: a current role, a profile, a policy page. A claim
checked two years ago may no longer hold. This rule turns \"re-check your
sources\" into a list.

**Example.** With `stale_review_days = 365`, a source `reviewed June 16,
2024` validated in November 2026.

**Fix.** Re-read the source, correct the entry if it changed, and update the
date.
",
    },
    check: Check::Entry(check),
};

fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(limit) = context.schema.stale_review_days else { return };
    let today = context.today.days_since_epoch();
    for (span, date) in reviewed_dates(context) {
        let Some(date) = date else { continue };
        let span = span.clone();
        let age = today - date.days_since_epoch();
        if age > i64::from(limit) {
            findings.push(
                Finding::new(RULE.doc.code, span, format!("reviewed {age} days ago, more than the limit of {limit}"))
                    .help("re-read the source, correct the entry if needed, and update the date"),
            );
        }
    }
}
