//! What holds for every diff, checked by the diff fixture cases and the
//! diff property tests alike.

use quire_core::{ChangeOp, EntryDiff, SectionStatus};

/// What holds for every diff, whatever the texts: see `quire_core::diff`.
pub fn check_invariants(diff: &EntryDiff, old: &str, new: &str) -> Result<(), String> {
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
