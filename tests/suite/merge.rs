//! C3: properties of the three-way merge of entry texts, over generated
//! entries (a title, a lead, sections of paragraph lines) and edits to them.

use std::collections::HashSet;

use proptest::prelude::*;
use quire_core::{MergeOutcome, merge3};

/// An entry as the generator builds it; every line is unique, so where a
/// line ended up says which edit it came from.
#[derive(Clone, Debug)]
struct Model {
    title: String,
    lead: Vec<String>,
    sections: Vec<(String, Vec<String>)>,
}

impl Model {
    fn render(&self) -> String {
        let mut text = format!("# {}\n", self.title);
        if !self.lead.is_empty() {
            text.push('\n');
            for line in &self.lead {
                text.push_str(line);
                text.push('\n');
            }
        }
        for (heading, lines) in &self.sections {
            text.push_str(&format!("\n## {heading}\n\n"));
            for line in lines {
                text.push_str(line);
                text.push('\n');
            }
        }
        text
    }
}

/// Words for a paragraph line: letters, some accents, some Markdown.
fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof!["[a-z]{1,8}", Just("été".to_owned()), Just("[[Link]]".to_owned())], 1..5)
        .prop_map(|words| format!("W {}", words.join(" ")))
}

fn model() -> impl Strategy<Value = Model> {
    (
        "[A-Z][a-z]{2,8}",
        prop::collection::vec(words(), 0..3),
        prop::collection::vec(prop::collection::vec(words(), 1..6), 1..6),
    )
        .prop_map(|(title, lead, sections)| Model {
            title,
            lead: lead.into_iter().enumerate().map(|(index, line)| format!("{line} (lead {index})")).collect(),
            sections: sections
                .into_iter()
                .enumerate()
                .map(|(section, lines)| {
                    let lines =
                        lines.into_iter().enumerate().map(|(index, line)| format!("{line} ({section}.{index})"));
                    (format!("Section {section}"), lines.collect())
                })
                .collect(),
        })
}

/// One edit, with indexes taken modulo what exists when it is applied.
#[derive(Clone, Debug)]
enum Edit {
    Replace(usize, usize),
    Insert(usize, usize),
    Delete(usize, usize),
    AddSection(usize),
    DeleteSection(usize),
    RenameSection(usize),
    ExtendLead,
}

fn edit() -> impl Strategy<Value = Edit> {
    let index = || 0..64usize;
    prop_oneof![
        3 => (index(), index()).prop_map(|(section, line)| Edit::Replace(section, line)),
        2 => (index(), index()).prop_map(|(section, line)| Edit::Insert(section, line)),
        2 => (index(), index()).prop_map(|(section, line)| Edit::Delete(section, line)),
        1 => index().prop_map(Edit::AddSection),
        1 => index().prop_map(Edit::DeleteSection),
        1 => index().prop_map(Edit::RenameSection),
        1 => Just(Edit::ExtendLead),
    ]
}

/// Applies `edits` to `model`; new text is tagged with `side` and a counter.
fn apply(model: &Model, edits: &[Edit], side: &str) -> Model {
    let mut model = model.clone();
    for (number, edit) in edits.iter().enumerate() {
        let tag = format!("{side} edit {number}");
        let sections = model.sections.len();
        match *edit {
            Edit::Replace(section, line) | Edit::Delete(section, line) if sections > 0 => {
                let lines = &mut model.sections[section % sections].1;
                if !lines.is_empty() {
                    let line = line % lines.len();
                    if matches!(edit, Edit::Replace(..)) {
                        lines[line] = tag;
                    } else {
                        lines.remove(line);
                    }
                }
            }
            Edit::Insert(section, line) if sections > 0 => {
                let lines = &mut model.sections[section % sections].1;
                let line = line % (lines.len() + 1);
                lines.insert(line, tag);
            }
            Edit::AddSection(position) => {
                model.sections.insert(position % (sections + 1), (tag.clone(), vec![format!("{tag}, body")]));
            }
            Edit::DeleteSection(section) if sections > 0 => {
                model.sections.remove(section % sections);
            }
            Edit::RenameSection(section) if sections > 0 => model.sections[section % sections].0 = tag,
            Edit::ExtendLead => model.lead.push(tag),
            _ => {}
        }
    }
    model
}

/// Lines of `text` without line endings or BOM.
fn lines(text: &str) -> Vec<&str> {
    text.trim_start_matches('\u{feff}').lines().collect()
}

/// Every line of `side` that `base` does not have is in `merged`.
fn keeps_new_lines(base: &str, side: &str, merged: &str) -> Result<(), TestCaseError> {
    let base_lines: HashSet<&str> = lines(base).into_iter().collect();
    let merged_lines: HashSet<&str> = lines(merged).into_iter().collect();
    for line in lines(side) {
        if !base_lines.contains(line) {
            prop_assert!(merged_lines.contains(line), "lost {line:?}:\n{merged}");
        }
    }
    Ok(())
}

fn in_form(text: &str, crlf: bool, bom: bool) -> String {
    let text = if crlf { text.replace('\n', "\r\n") } else { text.to_owned() };
    if bom { format!("\u{feff}{text}") } else { text }
}

/// Lines of a small alphabet that makes parts appear, vanish and collide.
fn structural_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("# T"),
        Just("## A"),
        Just("## B"),
        Just("## A"),
        Just("x"),
        Just("y"),
        Just("z"),
        Just(""),
        Just("---"),
        Just("title: t"),
        Just("<<<<<<< yours"),
        Just("======="),
        Just("- item"),
        Just("```"),
    ];
    (prop::collection::vec(line, 0..16), any::<bool>()).prop_map(|(lines, final_newline)| {
        let mut text = lines.join("\n");
        if final_newline && !text.is_empty() {
            text.push('\n');
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    // Both sides made the same change: that change is the result.
    #[test]
    fn same_change_on_both_sides_is_taken(base in model(), edits in prop::collection::vec(edit(), 0..6)) {
        let changed = apply(&base, &edits, "both").render();
        prop_assert_eq!(merge3(&base.render(), &changed, &changed), MergeOutcome::Clean(changed.clone()));
    }

    // Only one side changed: its text is the result, byte for byte.
    #[test]
    fn one_sided_changes_are_taken(base in model(), edits in prop::collection::vec(edit(), 1..6)) {
        let base_text = base.render();
        let changed = apply(&base, &edits, "one").render();
        prop_assert_eq!(merge3(&base_text, &base_text, &changed), MergeOutcome::Clean(changed.clone()));
        prop_assert_eq!(merge3(&base_text, &changed, &base_text), MergeOutcome::Clean(changed.clone()));
    }

    // Edits to different sections never conflict and both survive, in whichever role.
    #[test]
    fn edits_to_different_sections_both_survive(
        base in model(),
        picks in (0..64usize, 0..64usize, 0..64usize, 0..64usize),
        kinds in (0..3usize, 0..3usize),
    ) {
        prop_assume!(base.sections.len() >= 2);
        let count = base.sections.len();
        let ours_section = picks.0 % count;
        let theirs_section = (ours_section + 1 + picks.1 % (count - 1)) % count;
        let edit_of = |kind: usize, section: usize, line: usize| match kind {
            0 => Edit::Replace(section, line),
            1 => Edit::Insert(section, line),
            _ => Edit::Delete(section, line),
        };
        let ours_edit = edit_of(kinds.0, ours_section, picks.2);
        let theirs_edit = edit_of(kinds.1, theirs_section, picks.3);
        let ours = apply(&base, std::slice::from_ref(&ours_edit), "ours");
        let theirs = apply(&base, std::slice::from_ref(&theirs_edit), "theirs");
        let mut both = ours.clone();
        both.sections[theirs_section] = theirs.sections[theirs_section].clone();
        let expected = MergeOutcome::Clean(both.render());
        prop_assert_eq!(merge3(&base.render(), &ours.render(), &theirs.render()), expected.clone());
        prop_assert_eq!(merge3(&base.render(), &theirs.render(), &ours.render()), expected);
    }

    // Different lines of one section merge line by line.
    #[test]
    fn edits_to_different_lines_of_a_section_both_survive(base in model(), picks in (0..64usize, 0..64usize, 0..64usize)) {
        let section = picks.0 % base.sections.len();
        let lines = base.sections[section].1.len();
        prop_assume!(lines >= 2);
        let ours_line = picks.1 % lines;
        let theirs_line = (ours_line + 1 + picks.2 % (lines - 1)) % lines;
        let ours = apply(&base, &[Edit::Replace(section, ours_line)], "ours");
        let theirs = apply(&base, &[Edit::Replace(section, theirs_line)], "theirs");
        let mut both = ours.clone();
        both.sections[section].1[theirs_line] = theirs.sections[section].1[theirs_line].clone();
        prop_assert_eq!(merge3(&base.render(), &ours.render(), &theirs.render()), MergeOutcome::Clean(both.render()));
    }

    // Two different edits of one line cannot both win: a conflict, confined
    // to the paragraph holding the line, both versions of it between
    // markers that name the section.
    #[test]
    fn edits_to_the_same_line_conflict(base in model(), picks in (0..64usize, 0..64usize)) {
        let section = picks.0 % base.sections.len();
        let line = picks.1 % base.sections[section].1.len();
        let ours = apply(&base, &[Edit::Replace(section, line)], "ours");
        let theirs = apply(&base, &[Edit::Replace(section, line)], "theirs");
        let outcome = merge3(&base.render(), &ours.render(), &theirs.render());
        let MergeOutcome::Conflicted { merged_with_markers, conflicts } = outcome else {
            return Err(TestCaseError::fail(format!("expected a conflict, got {outcome:?}")));
        };
        prop_assert_eq!(conflicts, 1);
        let paragraph = |model: &Model| model.sections[section].1.iter().map(|line| format!("{line}\n")).collect::<String>();
        let heading = &base.sections[section].0;
        let block = format!(
            "<<<<<<< yours: {heading}\n{}=======\n{}>>>>>>> on disk: {heading}\n",
            paragraph(&ours), paragraph(&theirs)
        );
        prop_assert!(merged_with_markers.contains(&block), "{}", merged_with_markers);
    }

    // Whatever both sides did, every line either side added is in the result (merged or between markers).
    #[test]
    fn nothing_is_lost(
        base in model(),
        ours_edits in prop::collection::vec(edit(), 0..8),
        theirs_edits in prop::collection::vec(edit(), 0..8),
    ) {
        let base_text = base.render();
        let ours = apply(&base, &ours_edits, "ours").render();
        let theirs = apply(&base, &theirs_edits, "theirs").render();
        let outcome = merge3(&base_text, &ours, &theirs);
        keeps_new_lines(&base_text, &ours, outcome.text())?;
        keeps_new_lines(&base_text, &theirs, outcome.text())?;
        if let MergeOutcome::Conflicted { conflicts, merged_with_markers } = &outcome {
            prop_assert!(*conflicts >= 1);
            prop_assert_eq!(merged_with_markers.matches("<<<<<<< yours").count(), *conflicts);
        }
    }

    // The result has the BOM and line ending of the editor's text, whatever the disk uses.
    #[test]
    fn keeps_the_form_of_yours(
        base in model(),
        ours_edits in prop::collection::vec(edit(), 1..6),
        theirs_edits in prop::collection::vec(edit(), 1..6),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        disk_crlf in any::<bool>(),
    ) {
        let base_text = base.render();
        let ours = apply(&base, &ours_edits, "ours").render();
        let theirs = apply(&base, &theirs_edits, "theirs").render();
        prop_assume!(ours != base_text && theirs != base_text && ours != theirs);
        let plain = merge3(&base_text, &ours, &theirs);
        let formed = merge3(&in_form(&base_text, crlf, bom), &in_form(&ours, crlf, bom), &in_form(&theirs, disk_crlf, false));
        prop_assert_eq!(formed.text(), in_form(plain.text(), crlf, bom));
        prop_assert_eq!(formed.is_clean(), plain.is_clean());
    }

    // Texts whose structure shifts (headings appear, repeat, vanish; stray markers) never panic or lose a line.
    #[test]
    fn structural_chaos_loses_nothing(base in structural_text(), ours in structural_text(), theirs in structural_text()) {
        let outcome = merge3(&base, &ours, &theirs);
        keeps_new_lines(&base, &ours, outcome.text())?;
        keeps_new_lines(&base, &theirs, outcome.text())?;
    }

    // Any text at all, however broken, merges without a panic.
    #[test]
    fn arbitrary_text_never_panics(base in any::<String>(), ours in any::<String>(), theirs in any::<String>()) {
        let outcome = merge3(&base, &ours, &theirs);
        prop_assert_eq!(outcome.is_clean(), !matches!(outcome, MergeOutcome::Conflicted { .. }));
    }
}
