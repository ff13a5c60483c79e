//! Fixture cases for the section-aware diff.
//!
//! `tests/cases/diff/<case>/` holds `old.md` and `new.md` (exact bytes:
//! CRLF and BOM cases included) and `expected.json`, the diff as the
//! `quire diff --format json` contract has it, pretty-printed so changes
//! review well. Cases named `section-<status>` must report a section with
//! that status; `paragraph-moved*` cases must report a move.

use std::fs;
use std::path::Path;

use libtest_mimic::Trial;
use quire_core::diff_texts;
use quire_tests::cases_root;
use quire_tests::diff::check_invariants;

use crate::{case_folders, check_expected, folder_name, trial};

const STATUSES: [&str; 6] = ["unchanged", "modified", "added", "removed", "moved", "renamed"];

/// One trial per case, `diff/<case>`, and the check that the cases are all there.
pub(crate) fn trials() -> Vec<Trial> {
    let root = cases_root().join("diff");
    // Each case pins the whole JSON of one diff and the invariants every diff keeps.
    let mut trials: Vec<Trial> = case_folders(&root)
        .into_iter()
        .map(|case| trial(format!("diff/{}", folder_name(&case)), move || run_case(&case)))
        .collect();
    // Every section status, structural change and awkward input (CRLF, BOM,
    // empty entries, one-line paragraphs) has a case.
    trials.push(trial("diff/every-section-status-has-a-case".to_owned(), move || check_coverage(&root)));
    trials
}

fn check_coverage(root: &Path) -> Result<(), String> {
    let count = case_folders(root).len();
    if count < 15 {
        return Err(format!("expected the full set of diff cases in {}, found {count}", root.display()));
    }
    let missing: Vec<&str> =
        STATUSES.into_iter().filter(|status| !root.join(format!("section-{status}")).is_dir()).collect();
    if !missing.is_empty() {
        return Err(format!("no case for sections of status {missing:?}"));
    }
    Ok(())
}

fn run_case(case: &Path) -> Result<(), String> {
    let read = |name: &str| {
        fs::read(case.join(name))
            .map_err(|error| format!("{}: cannot read {name}: {error}", case.display()))
            .and_then(|bytes| String::from_utf8(bytes).map_err(|_| format!("{}: {name} is not UTF-8", case.display())))
    };
    let (old, new) = (read("old.md")?, read("new.md")?);
    let diff = diff_texts("old.md", &old, "new.md", &new);
    check_invariants(&diff, &old, &new).map_err(|problem| format!("{}: {problem}", case.display()))?;

    let name = folder_name(case);
    if let Some(status) = name.strip_prefix("section-") {
        if !diff.sections.iter().any(|section| section.status.as_str() == status) {
            return Err(format!("{}: expected a `{status}` section:\n{}", case.display(), diff.summary()));
        }
    }
    if name.starts_with("paragraph-moved") && diff.moves.is_empty() {
        return Err(format!("{}: expected a moved paragraph: {}", case.display(), diff.summary()));
    }
    let mut json = serde_json::to_string_pretty(&diff).map_err(|error| error.to_string())?;
    json.push('\n');
    check_expected(&case.join("expected.json"), json)
}
