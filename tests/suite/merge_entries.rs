//! Issue 16's properties of the entry-aware merge (`quire merge-file`,
//! git's markers `ours`/`theirs`), over generated entries with front
//! matter, prose sections and lists, and edits to them as editors make
//! them: a word, a list item, a status, an alias, a reviewed date, a
//! heading, a section's place.

use std::collections::BTreeSet;

use proptest::prelude::*;
use quire_core::{Entry, MergeOptions, MergeOutcome, merge_texts};

/// The merge as `quire merge-file` runs it.
fn options() -> MergeOptions {
    MergeOptions { ours_label: "ours".to_owned(), theirs_label: "theirs".to_owned(), marker_size: 7, markdown: true }
}

fn merge(base: &str, ours: &str, theirs: &str) -> MergeOutcome {
    merge_texts(base, ours, theirs, &options())
}

#[derive(Clone, Debug)]
enum Body {
    /// One paragraph: sentences of words.
    Prose(Vec<Vec<String>>),
    /// A bullet list: each item's text.
    List(Vec<String>),
}

#[derive(Clone, Debug)]
struct Model {
    status: String,
    aliases: Vec<String>,
    reviewed: u32,
    lead: Vec<Vec<String>>,
    sections: Vec<(String, Body)>,
}

fn prose(sentences: &[Vec<String>]) -> String {
    sentences.iter().map(|words| format!("{}.", words.join(" "))).collect::<Vec<_>>().join(" ")
}

impl Model {
    fn render(&self) -> String {
        let mut text = format!(
            "---\ntitle: Topic\nkind: concept\naliases: [{}]\nstatus: {}\nreviewed: 2026-05-{:02}\n---\n\n# Topic\n\n{}\n",
            self.aliases.join(", "),
            self.status,
            self.reviewed,
            prose(&self.lead)
        );
        for (heading, body) in &self.sections {
            text.push_str(&format!("\n## {heading}\n\n"));
            match body {
                Body::Prose(sentences) => text.push_str(&format!("{}\n", prose(sentences))),
                Body::List(items) => items.iter().for_each(|item| text.push_str(&format!("- {item}\n"))),
            }
        }
        text
    }

    /// The prose paragraphs, the lead first, as the edits number them.
    fn paragraphs(&mut self) -> Vec<&mut Vec<Vec<String>>> {
        let mut paragraphs = vec![&mut self.lead];
        paragraphs.extend(self.sections.iter_mut().filter_map(|(_, body)| match body {
            Body::Prose(sentences) => Some(sentences),
            Body::List(_) => None,
        }));
        paragraphs
    }

    fn lists(&mut self) -> Vec<&mut Vec<String>> {
        self.sections
            .iter_mut()
            .filter_map(|(_, body)| match body {
                Body::List(items) => Some(items),
                Body::Prose(_) => None,
            })
            .collect()
    }
}

fn words(count: std::ops::Range<usize>) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-z]{2,7}", count)
}

fn model() -> impl Strategy<Value = Model> {
    let paragraph = || prop::collection::vec(words(3..8), 1..4);
    let list = || prop::collection::vec(words(1..4), 0..5);
    (paragraph(), paragraph(), paragraph(), list(), list(), list(), 1..28u32).prop_map(
        |(lead, definition, history, snapshot, related, sources, reviewed)| {
            let items = |name: &str, lists: Vec<Vec<String>>| {
                let items =
                    lists.into_iter().enumerate().map(|(index, words)| format!("{} ({name} {index})", words.join(" ")));
                Body::List(items.collect())
            };
            Model {
                status: "draft".to_owned(),
                aliases: vec!["First".to_owned()],
                reviewed,
                lead,
                sections: vec![
                    ("Snapshot".to_owned(), items("snapshot", snapshot)),
                    ("Definition".to_owned(), Body::Prose(definition)),
                    ("History".to_owned(), Body::Prose(history)),
                    ("Related Pages".to_owned(), items("related", related)),
                    ("Sources".to_owned(), items("source", sources)),
                ],
            }
        },
    )
}

/// One edit; indexes are taken modulo what exists when it is applied.
#[derive(Clone, Debug)]
enum Edit {
    Word(usize, usize, usize),
    AddItem(usize, usize),
    RemoveItem(usize, usize),
    Status,
    Alias,
    Reviewed(u32),
    Rename(usize),
    Move(usize, usize),
}

fn edit(moves: bool) -> impl Strategy<Value = Edit> {
    let index = || 0..64usize;
    let move_weight = if moves { 1 } else { 0 };
    prop_oneof![
        4 => (index(), index(), index()).prop_map(|(paragraph, sentence, word)| Edit::Word(paragraph, sentence, word)),
        2 => (index(), index()).prop_map(|(list, position)| Edit::AddItem(list, position)),
        1 => (index(), index()).prop_map(|(list, item)| Edit::RemoveItem(list, item)),
        1 => Just(Edit::Status),
        1 => Just(Edit::Alias),
        1 => (1..28u32).prop_map(Edit::Reviewed),
        1 => index().prop_map(Edit::Rename),
        move_weight => (index(), index()).prop_map(|(from, to)| Edit::Move(from, to)),
    ]
}

/// Applies `edits`; new words, items and names carry `side` and a number,
/// so they are new to the base and tell the sides apart.
fn apply(model: &Model, edits: &[Edit], side: &str) -> Model {
    let mut model = model.clone();
    for (number, edit) in edits.iter().enumerate() {
        let tag = format!("{side}{number}");
        match *edit {
            Edit::Word(paragraph, sentence, word) => {
                let mut paragraphs = model.paragraphs();
                let count = paragraphs.len();
                let sentences = &mut paragraphs[paragraph % count];
                let count = sentences.len();
                let words = &mut sentences[sentence % count];
                let count = words.len();
                words[word % count] = tag;
            }
            Edit::AddItem(list, position) => {
                let mut lists = model.lists();
                let count = lists.len();
                let items = &mut lists[list % count];
                let position = position % (items.len() + 1);
                items.insert(position, format!("{tag} added item"));
            }
            Edit::RemoveItem(list, item) => {
                let mut lists = model.lists();
                let count = lists.len();
                let items = &mut lists[list % count];
                if !items.is_empty() {
                    let item = item % items.len();
                    items.remove(item);
                }
            }
            // A valid status, different for each side.
            Edit::Status => model.status = if side == "theirs" { "published" } else { "review" }.to_owned(),
            Edit::Alias => model.aliases.push(format!("Alias {tag}")),
            Edit::Reviewed(day) => model.reviewed = day,
            Edit::Rename(section) => {
                let count = model.sections.len();
                model.sections[section % count].0 = format!("Section {tag}");
            }
            Edit::Move(from, to) => {
                let count = model.sections.len();
                let section = model.sections.remove(from % count);
                model.sections.insert(to % count, section);
            }
        }
    }
    model
}

/// The conflict blocks of `text` with their two sides swapped: what the
/// merge with ours and theirs exchanged must write.
fn swap_conflict_sides(text: &str) -> String {
    let mut swapped = String::new();
    let (mut ours, mut theirs) = (String::new(), String::new());
    let mut state = 0; // 0 outside a block, 1 in its ours part, 2 in its theirs part
    for line in text.split_inclusive('\n') {
        match state {
            0 if line.starts_with("<<<<<<< ") => {
                swapped.push_str(line);
                state = 1;
            }
            1 if line == "=======\n" => state = 2,
            2 if line.starts_with(">>>>>>> ") => {
                swapped.push_str(&theirs);
                swapped.push_str("=======\n");
                swapped.push_str(&ours);
                swapped.push_str(line);
                ours.clear();
                theirs.clear();
                state = 0;
            }
            1 => ours.push_str(line),
            2 => theirs.push_str(line),
            _ => swapped.push_str(line),
        }
    }
    swapped
}

/// What a clean merge must hold of some set of things (headings, items,
/// aliases): everything either side has, but what either side removed.
fn merged_set(base: &BTreeSet<String>, ours: &BTreeSet<String>, theirs: &BTreeSet<String>) -> BTreeSet<String> {
    ours.union(theirs)
        .filter(|thing| !(base.contains(*thing) && !(ours.contains(*thing) && theirs.contains(*thing))))
        .cloned()
        .collect()
}

fn headings(entry: &Entry) -> BTreeSet<String> {
    entry.sections().iter().filter_map(|section| section.title().map(str::to_owned)).collect()
}

fn items(entry: &Entry) -> BTreeSet<String> {
    entry.sections().iter().flat_map(|section| section.items.iter().map(|item| item.text.clone())).collect()
}

fn aliases(entry: &Entry) -> BTreeSet<String> {
    entry.front_matter().map(|block| block.fields.aliases.iter().cloned().collect()).unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    // A side that changed nothing gives the other side, byte for byte.
    #[test]
    fn an_unchanged_side_gives_the_other(base in model(), edits in prop::collection::vec(edit(true), 1..6)) {
        let (base, changed) = (base.render(), apply(&base, &edits, "one").render());
        prop_assert_eq!(merge(&base, &base, &changed), MergeOutcome::Clean(changed.clone()));
        prop_assert_eq!(merge(&base, &changed, &base), MergeOutcome::Clean(changed.clone()));
    }

    // Which side is ours changes only the order of the two versions inside
    // each conflict block (one side may also move sections).
    #[test]
    fn the_merge_is_symmetric_up_to_marker_order(
        base in model(),
        ours_edits in prop::collection::vec(edit(true), 0..6),
        theirs_edits in prop::collection::vec(edit(false), 0..6),
    ) {
        let (ours, theirs) = (apply(&base, &ours_edits, "ours").render(), apply(&base, &theirs_edits, "theirs").render());
        let base = base.render();
        let forward = merge(&base, &ours, &theirs);
        let backward = merge(&base, &theirs, &ours);
        prop_assert_eq!(forward.is_clean(), backward.is_clean());
        prop_assert_eq!(swap_conflict_sides(forward.text()), backward.text());
    }

    // Edits to different words, wherever they are, and an item each side
    // adds to a list: a clean merge holding every one of them.
    #[test]
    fn a_clean_merge_holds_every_edit_to_different_words(
        base in model(),
        places in prop::collection::btree_set((0..4usize, 0..3usize, 0..8usize), 2..8),
        split in 1..7usize,
        lists in (0..3usize, 0..3usize, 0..8usize, 0..8usize),
    ) {
        // Distinct places in the model (each index taken modulo what exists).
        let mut probe = base.clone();
        let mut seen = BTreeSet::new();
        let mut distinct = Vec::new();
        for &(paragraph, sentence, word) in &places {
            let mut paragraphs = probe.paragraphs();
            let paragraph = paragraph % paragraphs.len();
            let sentences = &mut paragraphs[paragraph];
            let sentence = sentence % sentences.len();
            let word = word % sentences[sentence].len();
            if seen.insert((paragraph, sentence, word)) {
                distinct.push(Edit::Word(paragraph, sentence, word));
            }
        }
        prop_assume!(distinct.len() >= 2);
        let split = 1 + split % (distinct.len() - 1);
        let mut ours_edits = distinct[..split].to_vec();
        let mut theirs_edits = distinct[split..].to_vec();
        ours_edits.push(Edit::AddItem(lists.0, lists.2));
        theirs_edits.push(Edit::AddItem(lists.1, lists.3));
        let ours = apply(&base, &ours_edits, "ours");
        let theirs = apply(&base, &theirs_edits, "theirs");
        // Both sides' words and ours' item; theirs' item after the base
        // item it follows in theirs, and after ours' item if that follows
        // the same one ("ours…" sorts before "theirs…").
        let mut both = apply(&ours, &theirs_edits[..theirs_edits.len() - 1], "theirs");
        let (ours_item, theirs_item) =
            (format!("ours{} added item", ours_edits.len() - 1), format!("theirs{} added item", theirs_edits.len() - 1));
        let list = lists.1 % 3;
        let base_items = base.clone().lists()[list].clone();
        let position = theirs.clone().lists()[list].iter().position(|item| *item == theirs_item).unwrap();
        let mut both_lists = both.lists();
        let items = &mut both_lists[list];
        let mut at = match position {
            0 => 0,
            _ => items.iter().position(|item| *item == base_items[position - 1]).unwrap() + 1,
        };
        if items.get(at) == Some(&ours_item) {
            at += 1;
        }
        items.insert(at, theirs_item);
        let outcome = merge(&base.render(), &ours.render(), &theirs.render());
        prop_assert_eq!(outcome, MergeOutcome::Clean(both.render()));
    }

    // With no conflict left, the result reads as an entry with the merged
    // structure: every heading, list item and alias either side has, but
    // what one side removed; a front matter without problems.
    #[test]
    fn a_clean_merge_parses_to_the_merged_structure(
        base in model(),
        ours_edits in prop::collection::vec(edit(true), 0..6),
        theirs_edits in prop::collection::vec(edit(false), 0..6),
    ) {
        let (ours, theirs) = (apply(&base, &ours_edits, "ours").render(), apply(&base, &theirs_edits, "theirs").render());
        let base = base.render();
        let outcome = merge(&base, &ours, &theirs);
        prop_assume!(outcome.is_clean());
        let [base, ours, theirs, merged] = [&base, &ours, &theirs, &outcome.text().to_owned()].map(|text| Entry::parse(text));
        prop_assert_eq!(headings(&merged), merged_set(&headings(&base), &headings(&ours), &headings(&theirs)));
        prop_assert_eq!(items(&merged), merged_set(&items(&base), &items(&ours), &items(&theirs)));
        prop_assert_eq!(aliases(&merged), merged_set(&aliases(&base), &aliases(&ours), &aliases(&theirs)));
        let status = |entry: &Entry| entry.front_matter().and_then(|block| block.fields.status);
        let expected_status = if status(&ours) != status(&base) { status(&ours) } else { status(&theirs) };
        prop_assert_eq!(status(&merged), expected_status);
        let problems = merged.front_matter().map(|block| block.problems.len());
        prop_assert_eq!(problems, Some(0));
    }
}
