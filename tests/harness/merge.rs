//! Fixture cases for the entry-aware three-way merge (`quire merge-file`).
//!
//! `tests/cases/merge/<case>/` holds `base.md`, `ours.md` and `theirs.md`
//! (exact bytes), `expected.md` (the merge, with git's labels `ours` and
//! `theirs` as `quire merge-file` writes it) and `expected-conflicts.txt`
//! (how many conflict blocks remain: `merge-file` exits 0 for none, 1 for
//! some). Cases named `clean-*` must merge without a conflict, `conflict-*`
//! with at least one. Every case must also merge the same way with the
//! sides swapped, up to which side's text comes first between markers.

use std::fs;
use std::path::Path;

use libtest_mimic::Trial;
use quire_core::{MergeOptions, MergeOutcome, merge_texts};
use quire_tests::cases_root;

use crate::{case_folders, check_expected, folder_name, trial};

/// One trial per case, `merge/<case>`, and the check that the cases are all there.
pub(crate) fn trials() -> Vec<Trial> {
    let root = cases_root().join("merge");
    // Each case pins one rule of issue 16's merge: the merged bytes and the conflict count.
    let mut trials: Vec<Trial> = case_folders(&root)
        .into_iter()
        .map(|case| trial(format!("merge/{}", folder_name(&case)), move || run_case(&case)))
        .collect();
    // Both kinds of case exist, so a rule cannot lose its case unnoticed.
    trials.push(trial("merge/every-rule-has-a-case".to_owned(), move || check_coverage(&root)));
    trials
}

/// The merge as `quire merge-file` runs it.
fn git_options() -> MergeOptions {
    MergeOptions { ours_label: "ours".to_owned(), theirs_label: "theirs".to_owned(), marker_size: 7, markdown: true }
}

const RULES: [&str; 12] = [
    "clean-different-sections-adjacent-lines",
    "clean-sources-added-on-both-sides",
    "clean-related-pages-union-without-duplicates",
    "clean-list-item-removed-on-one-side",
    "clean-different-words-of-a-paragraph",
    "clean-section-moved-and-edited",
    "clean-section-renamed-and-edited",
    "clean-front-matter-status-and-alias",
    "clean-front-matter-reviewed-later-wins",
    "conflict-same-words-changed-differently",
    "conflict-deleted-section-edited",
    "conflict-same-heading-added-with-different-text",
];

fn check_coverage(root: &Path) -> Result<(), String> {
    let missing: Vec<&str> = RULES.into_iter().filter(|rule| !root.join(rule).is_dir()).collect();
    if !missing.is_empty() {
        return Err(format!("no merge case for {missing:?} in {}", root.display()));
    }
    Ok(())
}

fn run_case(case: &Path) -> Result<(), String> {
    let read = |name: &str| {
        fs::read(case.join(name))
            .map_err(|error| format!("{}: cannot read {name}: {error}", case.display()))
            .and_then(|bytes| String::from_utf8(bytes).map_err(|_| format!("{}: {name} is not UTF-8", case.display())))
    };
    let (base, ours, theirs) = (read("base.md")?, read("ours.md")?, read("theirs.md")?);
    let options = git_options();
    let outcome = merge_texts(&base, &ours, &theirs, &options);
    let swapped = merge_texts(&base, &theirs, &ours, &options);
    let count = |outcome: &MergeOutcome| match outcome {
        MergeOutcome::Clean(_) => 0,
        MergeOutcome::Conflicted { conflicts, .. } => *conflicts,
    };
    let name = folder_name(case);
    if name.starts_with("clean-") && !outcome.is_clean() {
        return Err(format!("{}: expected a clean merge, got:\n{}", case.display(), outcome.text()));
    }
    if name.starts_with("conflict-") && outcome.is_clean() {
        return Err(format!("{}: expected a conflict, got:\n{}", case.display(), outcome.text()));
    }
    if count(&swapped) != count(&outcome) {
        return Err(format!(
            "{}: {} conflicts, but {} with the sides swapped:\n{}",
            case.display(),
            count(&outcome),
            count(&swapped),
            swapped.text()
        ));
    }
    // A clean merge is the same text whichever side is ours, but for the
    // form (BOM, line ending) that ours gives.
    if outcome.is_clean() && ours.starts_with('\u{feff}') == theirs.starts_with('\u{feff}') {
        let plain = |text: &str| text.replace("\r\n", "\n");
        if ours.contains("\r\n") == theirs.contains("\r\n") && plain(outcome.text()) != plain(swapped.text()) {
            return Err(format!("{}: the merge depends on which side is ours:\n{}", case.display(), swapped.text()));
        }
    }
    // The expected files are compared with line endings normalised: the
    // form of ours (BOM, CRLF) is checked here.
    if ours.starts_with('\u{feff}') != outcome.text().starts_with('\u{feff}') {
        return Err(format!("{}: the result does not keep the BOM (or its absence) of ours", case.display()));
    }
    let lone_line_feeds = |text: &str| text.matches('\n').count() - text.matches("\r\n").count();
    if ours.contains("\r\n") && lone_line_feeds(outcome.text()) > 0 {
        return Err(format!("{}: the result does not keep the CRLF line endings of ours", case.display()));
    }
    check_expected(&case.join("expected.md"), outcome.text().to_owned())?;
    check_expected(&case.join("expected-conflicts.txt"), format!("{}\n", count(&outcome)))
}
