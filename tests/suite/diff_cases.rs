//! Fixture cases for the section-aware diff.
//!
//! `tests/cases/diff/<case>/` holds `old.md` and `new.md` (exact bytes:
//! CRLF and BOM cases included) and `expected.json`, the diff as the
//! `quire diff --format json` contract has it, pretty-printed so changes
//! review well. Cases named `section-<status>` must report a section with
//! that status; `paragraph-moved*` cases must report a move. Rewrite the
//! expected files with `QUIRE_BLESS=1 cargo test -p quire-tests` and review
//! the diff.

use std::fs;
use std::path::Path;

use quire_core::{ChangeOp, EntryDiff, SectionStatus, diff_texts};
use quire_tests::{cases_root, check_expected};

fn run_case(case: &Path) -> Result<(), String> {
    let read = |name: &str| {
        fs::read(case.join(name))
            .map_err(|error| format!("{}: cannot read {name}: {error}", case.display()))
            .and_then(|bytes| String::from_utf8(bytes).map_err(|_| format!("{}: {name} is not UTF-8", case.display())))
    };
    let (old, new) = (read("old.md")?, read("new.md")?);
    let diff = diff_texts("old.md", &old, "new.md", &new);
    check_invariants(&diff, &old, &new).map_err(|problem| format!("{}: {problem}", case.display()))?;

    let name = case.file_name().and_then(|name| name.to_str()).unwrap_or_default();
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
    check_expected(&case.join("expected.json"), &json)
}

/// What holds for every diff, whatever the texts: see `quire_core::diff`.
pub(crate) fn check_invariants(diff: &EntryDiff, old: &str, new: &str) -> Result<(), String> {
    if diff.old_text() != old {
        return Err(format!("the old side does not rebuild the old text:\n{:?}", diff.old_text()));
    }
    if diff.new_text() != new {
        return Err(format!("applying the changes does not give the new text:\n{:?}", diff.new_text()));
    }
    if diff.is_unchanged() != (old == new) {
        return Err(format!("unchanged is {} for texts that are {}", diff.is_unchanged(), old == new));
    }
    for section in &diff.sections {
        let ops = || section.changes.iter().map(|change| change.op);
        let allowed = match section.status {
            SectionStatus::Unchanged => ops().all(|op| op == ChangeOp::Equal),
            SectionStatus::Added => ops().all(|op| op == ChangeOp::Insert) && section.old_index.is_none(),
            SectionStatus::Removed => ops().all(|op| op == ChangeOp::Delete) && section.new_index.is_none(),
            _ => section.old_index.is_some() && section.new_index.is_some(),
        };
        if !allowed {
            return Err(format!(
                "section {:?} has changes its status `{}` rules out",
                section.new_heading,
                section.status.as_str()
            ));
        }
        if section.changes.iter().any(|change| change.text.is_empty()) {
            return Err("a change with no text".to_owned());
        }
    }
    // Each move is deleted once from its old section and inserted once into its new one.
    for (index, moved) in diff.moves.iter().enumerate() {
        let ends = |op: ChangeOp| {
            diff.sections
                .iter()
                .flat_map(|section| section.changes.iter().map(move |change| (section, change)))
                .filter(|(_, change)| change.moved == Some(index) && change.op == op)
                .map(|(section, _)| (section.old_index, section.new_index))
                .collect::<Vec<_>>()
        };
        let (from, to) = (ends(ChangeOp::Delete), ends(ChangeOp::Insert));
        if from.len() != 1 || to.len() != 1 || from[0].0 != Some(moved.from_index) || to[0].1 != Some(moved.to_index) {
            return Err(format!("move {index} is not one deletion and one insertion where it says: {from:?} {to:?}"));
        }
    }
    Ok(())
}

// Every section status, structural change and awkward input (CRLF, BOM,
// empty entries, one-line paragraphs) has a case; the full JSON is pinned.
#[test]
fn every_diff_case_matches_its_expected_json() {
    let folder = cases_root().join("diff");
    let mut cases: Vec<_> = fs::read_dir(&folder)
        .expect("tests/cases/diff exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "expected the full set of diff cases, found {}", cases.len());
    for status in ["unchanged", "modified", "added", "removed", "moved", "renamed"] {
        assert!(folder.join(format!("section-{status}")).is_dir(), "no case for `{status}` sections");
    }
    let failures: Vec<String> = cases.iter().filter_map(|case| run_case(case).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
