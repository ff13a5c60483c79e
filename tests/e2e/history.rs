//! Issue 4, "In the app": the history panel, the diff view, Review changes
//! and restoring a section, in the real app on a real git repository whose
//! `kaiming-he.md` has three commits.

use serde_json::{Value, json};

use super::{CONTROL, WAIT, World, turn};
use quire_tests::git;

const ENTRY: &str = "kaiming-he.md";
const OLD_DEFINITION: &str = "Kaiming He names an infrastructure researcher";
const NEW_DEFINITION: &str = "Kaiming He names an infrastructure scientist";
const QUESTION: &str = "- Which of his methods will still be standard in ten years?";

impl World {
    fn repo(&self) -> std::path::PathBuf {
        self.wiki.parent().expect("the wiki is a folder of the repository").to_owned()
    }

    /// Rewrites the entry with `edit` and commits it with `message`.
    fn commit_edit(&self, message: &str, edit: impl Fn(&str) -> String) {
        let path = self.wiki.join(ENTRY);
        let before = std::fs::read_to_string(&path).expect("read entry");
        let after = edit(&before);
        assert_ne!(before, after, "the edit for `{message}` changes the entry");
        std::fs::write(&path, after).expect("write entry");
        git(&self.repo(), &["commit", "-q", "-am", message]);
    }

    fn script(&self, script: &str) -> Value {
        self.app().execute(script, vec![]).unwrap_or_else(|error| panic!("script failed: {error}\n{script}"))
    }

    fn click_css(&self, css: &str) {
        let element = self.app().wait_for(css, WAIT).unwrap_or_else(|error| panic!("no `{css}`: {error}"));
        self.app().click(&element).unwrap_or_else(|error| panic!("click `{css}`: {error}"));
    }

    fn history_messages(&self) -> Vec<String> {
        let value = self.script(
            "return [...document.querySelectorAll('[data-testid=history-item] .message')].map(e => e.textContent.trim())",
        );
        serde_json::from_value(value).expect("messages")
    }

    /// Unpicks everything, then picks the history rows (`working` or an index into the commits).
    fn pick(&self, picks: &[&str]) {
        self.script(
            "for (const row of document.querySelectorAll('[data-testid=history-panel] [aria-pressed=true]')) row.click()",
        );
        for pick in picks {
            let clicked = match *pick {
                "working" => {
                    self.script("document.querySelector('[data-testid=history-working]').click(); return true")
                }
                index => self
                    .app()
                    .execute(
                        "const row = document.querySelectorAll('[data-testid=history-item]')[arguments[0]]; \
                         row?.click(); return !!row",
                        vec![json!(index.parse::<usize>().expect("an index"))],
                    )
                    .expect("pick"),
            };
            assert_eq!(clicked, json!(true), "no history row `{pick}`");
        }
        let pressed =
            self.script("return document.querySelectorAll('[data-testid=history-panel] [aria-pressed=true]').length");
        assert_eq!(pressed, json!(picks.len()), "picked {picks:?}");
    }

    fn open_diff(&self) {
        self.click_css("[data-testid=history-compare]");
        self.app()
            .wait_until("return document.querySelectorAll('[data-testid=diff-section]').length > 0", vec![], WAIT)
            .expect("the diff view shows sections");
    }

    /// (status, deleted text, inserted text) of the diff's section `heading`, as shown.
    fn diff_section(&self, heading: &str) -> (String, String, String) {
        let value = self
            .app()
            .execute(
                "const s = document.querySelector(`[data-testid=diff-section][data-heading=\"${arguments[0]}\"]`); \
                 if (!s) return null; \
                 const text = (css) => [...s.querySelectorAll(css)].map(e => e.textContent).join('|'); \
                 return [s.dataset.status, text('del'), text('ins')]",
                vec![json!(heading)],
            )
            .expect("diff section");
        serde_json::from_value(value.clone()).unwrap_or_else(|_| panic!("no diff section `{heading}`: {value}"))
    }

    fn press(&self, key: &str) {
        self.app()
            .execute(
                "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: arguments[0], bubbles: true}))",
                vec![json!(key)],
            )
            .expect("press");
    }
}

// The whole review flow of one entry: its history, a diff of two commits
// (source and rendered), the editor's unsaved text against HEAD, Review
// changes with summaries, and a restored section that stays an unsaved,
// undoable edit.
#[test]
fn history_diff_review_and_restore() {
    let _turn = turn();
    let mut world = World::start("history_diff_review_and_restore", &[]);
    world.commit_edit("Call him a scientist", |text| text.replacen(OLD_DEFINITION, NEW_DEFINITION, 1));
    world.commit_edit("Add an open question", |text| {
        text.replacen("## Source Discipline", &format!("{QUESTION}\n\n## Source Discipline"), 1)
    });
    let committed = world.read(ENTRY);
    // The size the layout must look clean at; every screenshot below is taken at it.
    world.app().set_window_size(1280, 800).expect("resize the window");
    world
        .app()
        .wait_until("return window.innerWidth <= 1280 && window.innerHeight <= 800", vec![], WAIT)
        .expect("the window is 1280x800");
    world.open_entry("Kaiming He");

    // History: every commit that touched the entry, newest first.
    world.click_css("[data-testid=history-button]");
    world
        .app()
        .wait_until("return document.querySelectorAll('[data-testid=history-item]').length === 3", vec![], WAIT)
        .expect("three commits listed");
    assert_eq!(world.history_messages(), ["Add an open question", "Call him a scientist", "wiki"]);
    world.shot("history");

    // Two commits: the first and the second.
    world.pick(&["2", "1"]);
    world.open_diff();
    let (status, deleted, inserted) = world.diff_section("Definition");
    assert_eq!(status, "modified");
    assert!(deleted.contains("researcher") && !deleted.contains("scientist"), "{deleted}");
    assert!(inserted.contains("scientist") && !inserted.contains("researcher"), "{inserted}");
    assert_eq!(world.diff_section("Open Questions").0, "unchanged");
    let summary = world.script("return document.querySelector('[data-testid=diff-summary]').textContent.trim()");
    assert_eq!(summary, json!("Definition modified"));
    world.press("n");
    assert_eq!(world.script("return document.querySelectorAll('.current-change').length > 0"), json!(true));
    world.shot("diff-source-split");
    world.click_css("[data-testid=diff-rendered]");
    let rendered = world.script(
        "const s = document.querySelector('[data-testid=diff-section][data-heading=Definition]'); \
         return [s.querySelector('.rendered.new ins')?.textContent ?? null, s.querySelector('.rendered.old del')?.textContent ?? null]",
    );
    assert_eq!(rendered, json!(["scientist", "researcher"]));
    world.shot("diff-rendered-split");
    world.click_css("[data-testid=diff-inline]");
    world.shot("diff-rendered-inline");
    world.press("Escape");
    world
        .app()
        .wait_until("return document.querySelector('[data-testid=diff-view]') === null", vec![], WAIT)
        .expect("Escape closes the diff");

    // The editor's unsaved text against HEAD (the drawer closed while typing, as it covers the preview).
    world.click_css("[data-testid=history-button]");
    let editor = world.edit_section("Open Questions");
    world.app().click(&editor).expect("focus editor");
    world.app().chord(CONTROL, "\u{E010}").expect("Ctrl+End");
    world.app().send_keys(&editor, "\n- Typed but not saved.").expect("type");
    world.wait_state("dirty");
    world.click_css("[data-testid=history-button]");
    world
        .app()
        .wait_until("return document.querySelectorAll('[data-testid=history-item]').length === 3", vec![], WAIT)
        .expect("history again");
    world.pick(&["0", "working"]);
    world.open_diff();
    let (status, _, inserted) = world.diff_section("Open Questions");
    assert_eq!(status, "modified");
    assert!(inserted.contains("Typed but not saved."), "{inserted}");
    assert_eq!(world.diff_section("Definition").0, "unchanged");
    let sides = world.script("return document.querySelector('.side-new').textContent");
    assert_eq!(sides, json!("Editor (unsaved)"));
    world.shot("diff-editor-vs-head");
    world.press("Escape");

    // Review changes: saved files against HEAD.
    world.app().chord(CONTROL, "s").expect("Ctrl+S");
    world.wait_state("saved");
    std::fs::write(world.wiki.join("review-note.md"), "# Review Note\n\nA new page.\n").expect("write new entry");
    world.click_css("[data-testid=review-button]");
    world
        .app()
        .wait_until("return document.querySelectorAll('[data-testid=review-item]').length === 2", vec![], WAIT)
        .expect("two changed entries");
    let review = world.script(
        "return [...document.querySelectorAll('[data-testid=review-item]')].map(e => [e.dataset.entry, \
         e.querySelector('.status').textContent.trim(), e.querySelector('[data-testid=review-summary]').textContent])",
    );
    assert_eq!(
        review,
        json!([["kaiming-he.md", "modified", "Open Questions modified"], ["review-note.md", "added", "new entry"]])
    );
    world.shot("review");
    world.click_css("[data-testid=review-item]");
    world
        .app()
        .wait_until(
            "return document.querySelector('[data-testid=review-position]')?.textContent === '1 of 2'",
            vec![],
            WAIT,
        )
        .expect("the first entry of the batch");
    world.press("]");
    world
        .app()
        .wait_until(
            "return document.querySelector('[data-testid=review-position]')?.textContent === '2 of 2' && \
             [...document.querySelectorAll('[data-testid=diff-view] ins')].some(e => e.textContent.includes('A new page.'))",
            vec![],
            WAIT,
        )
        .expect("] steps to the next entry");
    let summary = world.script(
        "const s = document.querySelector('[data-testid=diff-summary]'); \
         return [s.querySelector('.status')?.textContent ?? null, s.textContent.trim()]",
    );
    assert_eq!(summary, json!(["added", "addednew entry"]), "an added entry is said to be one");
    world.shot("review-next-entry");
    world.press("Escape");

    // Restore the Definition of the first commit into the editor.
    world.click_css("[data-testid=history-button]");
    world
        .app()
        .wait_until("return document.querySelectorAll('[data-testid=history-item]').length === 3", vec![], WAIT)
        .expect("history again");
    world.pick(&["2", "working"]);
    world.open_diff();
    let saved = world.read(ENTRY);
    assert_ne!(saved, committed, "the typed line was saved");
    world.click_css("[data-testid=diff-section][data-heading=Definition] [data-testid=restore-section]");
    world
        .app()
        .wait_until("return document.querySelector('[data-testid=diff-view]') === null", vec![], WAIT)
        .expect("the diff closes on restore");
    let text = world.editor_text();
    assert!(text.contains(OLD_DEFINITION) && !text.contains(NEW_DEFINITION), "the old Definition is in the editor");
    assert!(text.contains("- Typed but not saved.") && text.contains(QUESTION), "other sections are kept");
    world.wait_state("dirty");
    assert_eq!(world.read(ENTRY), saved, "nothing written to disk");
    world.shot("restored");
    world.app().chord(CONTROL, "z").expect("Ctrl+Z");
    world
        .app()
        .wait_until(
            "const c = document.querySelector('[data-testid=section-editor] .cm-content'); \
             return c.cmTile.root.view.state.doc.toString().includes(arguments[0])",
            vec![json!(NEW_DEFINITION)],
            WAIT,
        )
        .expect("Ctrl+Z brings the text back");
    assert_eq!(world.editor_text(), saved, "undo gives back exactly the saved text");
    world.wait_state("saved");
    world.shot("undone");
}

// Outside git the panels say so plainly and the editor keeps working.
#[test]
fn history_outside_git_says_why() {
    let _turn = turn();
    let mut world = World::start("history_outside_git_says_why", &[]);
    std::fs::remove_dir_all(world.repo().join(".git")).expect("remove .git");
    world.open_entry("Kaiming He");
    world.click_css("[data-testid=history-button]");
    let error = world.app().wait_for("[data-testid=history-error]", WAIT).expect("an error is shown");
    let message = world.script("return document.querySelector('[data-testid=history-error]').textContent");
    assert_eq!(
        message,
        json!("This wiki folder is not in a git repository: history, diffs and commits are unavailable")
    );
    drop(error);
    world.shot("no-git");
    let editor = world.edit_section("Open Questions");
    world.app().click(&editor).expect("focus editor");
    world.app().send_keys(&editor, "x").expect("type");
    world.wait_state("dirty");
}
