//! Properties of the diff, over generated entries and edits of them.

use proptest::prelude::*;
use quire_core::{ChangeOp, SectionStatus, diff_texts};
use quire_tests::diff::check_invariants;

use crate::properties::entry_text;

/// An edit of an entry's lines: what people do between two revisions.
#[derive(Clone, Debug)]
enum Edit {
    Delete(usize),
    Insert(usize, String),
    /// A line (a paragraph, a heading) taken from one place to another.
    Move(usize, usize),
    /// A word replaced inside a line.
    Reword(usize, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let line = prop_oneof![
        "[A-Za-z][a-z ]{0,30}",
        "## [A-Z][a-z]{0,10}",
        Just("- Key: value".to_owned()),
        Just("- [[Kaiming He]]".to_owned()),
        Just(String::new()),
        Just("A paragraph long enough to be followed when it moves.".to_owned()),
    ];
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), line).prop_map(|(at, text)| Edit::Insert(at, text)),
        (any::<usize>(), any::<usize>()).prop_map(|(from, to)| Edit::Move(from, to)),
        (any::<usize>(), "[a-z]{1,8}").prop_map(|(at, word)| Edit::Reword(at, word)),
    ]
}

/// Applies edits to the lines of `text`, keeping each line's own ending.
fn apply(text: &str, edits: &[Edit]) -> String {
    let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    for edit in edits {
        let count = lines.len();
        match edit {
            Edit::Delete(at) if count > 0 => {
                lines.remove(at % count);
            }
            Edit::Insert(at, line) => lines.insert(at % (count + 1), format!("{line}{ending}")),
            Edit::Move(from, to) if count > 0 => {
                let line = lines.remove(from % count);
                lines.insert(to % count, line);
            }
            Edit::Reword(at, word) if count > 0 => {
                let line = &mut lines[at % count];
                match line.find(' ') {
                    Some(space) => line.insert_str(space + 1, &format!("{word} ")),
                    None => line.insert_str(0, word),
                }
            }
            _ => {}
        }
    }
    lines.concat()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    // Applying the diff's changes to the old text gives the new one, for
    // the edits reviewers meet: sections and paragraphs moved, lines
    // added, removed and reworded.
    #[test]
    fn applying_the_diff_gives_the_new_text(old in entry_text(), edits in prop::collection::vec(edit(), 0..8)) {
        let new = apply(&old, &edits);
        let diff = diff_texts("old", &old, "new", &new);
        if let Err(problem) = check_invariants(&diff, &old, &new) {
            return Err(TestCaseError::fail(problem));
        }
    }

    // Two unrelated entries, and any strings at all: still exact, never a panic.
    #[test]
    fn unrelated_texts_diff_exactly(old in entry_text(), new in entry_text(), a in any::<String>(), b in any::<String>()) {
        for (old, new) in [(&old, &new), (&a, &b), (&old, &b)] {
            let diff = diff_texts("old", old, "new", new);
            if let Err(problem) = check_invariants(&diff, old, new) {
                return Err(TestCaseError::fail(problem));
            }
        }
    }

    // The diff of a text with itself says nothing changed, anywhere.
    #[test]
    fn a_text_against_itself_is_unchanged(text in entry_text()) {
        let diff = diff_texts("a", &text, "b", &text);
        prop_assert!(diff.sections.iter().all(|s| s.status == SectionStatus::Unchanged));
        prop_assert!(diff.sections.iter().flat_map(|s| &s.changes).all(|c| c.op == ChangeOp::Equal));
        prop_assert!(diff.moves.is_empty());
        prop_assert!(diff.snapshot.is_empty() && diff.front_matter.is_empty());
        prop_assert!(diff.related.is_empty() && diff.sources.is_empty());
        prop_assert_eq!(diff.summary(), "no changes");
    }
}
