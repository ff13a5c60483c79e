//! Issue 5 in the app: the Commit view (staging by entry in the real index,
//! blocked on errors in what is staged, the commit made by git with the
//! repository's identity) and renaming an entry, on a real git repository.

use serde_json::{Value, json};

use super::{CONTROL, WAIT, World, turn, type_in_snapshot};
use quire_tests::git;

const SHIFT: &str = "\u{E008}";
const ENTER: &str = "\u{E007}";
const RELEASE: &str = "\u{E000}";
const ROW: &str = "[data-testid=commit-entry][data-id=\"imagenet.md\"]";

impl World {
    fn repository(&self) -> std::path::PathBuf {
        self.wiki.parent().expect("the wiki is a folder of the repository").to_owned()
    }

    fn run(&self, script: &str) -> Value {
        self.app().execute(script, vec![]).unwrap_or_else(|error| panic!("script failed: {error}\n{script}"))
    }

    fn wait(&self, what: &str, script: &str) {
        self.app().wait_until(script, vec![], WAIT).unwrap_or_else(|error| panic!("never {what}: {error}"));
    }

    fn press_on(&self, css: &str, keys: &str) {
        let element = self.app().wait_for(css, WAIT).unwrap_or_else(|error| panic!("no `{css}`: {error}"));
        self.app().send_keys(&element, keys).unwrap_or_else(|error| panic!("keys to `{css}`: {error}"));
    }

    fn click_on(&self, css: &str) {
        let element = self.app().wait_for(css, WAIT).unwrap_or_else(|error| panic!("no `{css}`: {error}"));
        self.app().click(&element).unwrap_or_else(|error| panic!("click `{css}`: {error}"));
    }
}

// The maintainer's commit, end to end: an entry saved with an error is
// staged and the commit is blocked with the reason; the reason opens the
// entry at the line; fixed, saved and staged again, the commit goes through
// git with the repository's identity and the message typed, the list
// empties and the history drawer shows the new commit.
#[test]
fn commit_view_blocks_on_errors_then_commits() {
    let _turn = turn();
    let mut world = World::start("commit_view_blocks_on_errors_then_commits", &[]);
    let repository = world.repository();
    // The identity comes from the repository's configuration only (the app
    // runs with no global or system configuration).
    git(&repository, &["config", "user.name", "Grace Hopper"]);
    git(&repository, &["config", "user.email", "grace@example.org"]);
    world.open_entry("ImageNet");

    // A Snapshot item that is not `Key: value` is an error (`snapshot-format`).
    type_in_snapshot(&world, "- Checked in the commit view");
    world.app().chord(CONTROL, "s").expect("Ctrl+S");
    world.wait_state("saved");

    // The history drawer stays open under the commit view; it must show the new commit afterwards.
    world.click_on("[data-testid=history-button]");
    world.wait("history listed", "return document.querySelectorAll('[data-testid=history-item]').length === 1");

    // Ctrl+Shift+C opens the commit view.
    world.press_on("[data-testid=section-editor] .cm-content", &format!("{CONTROL}{SHIFT}c{RELEASE}"));
    world.app().wait_for("[data-testid=commit-view]", WAIT).expect("the commit view opens");
    world.wait("ImageNet listed", &format!("return !!document.querySelector('{ROW}')"));
    let row = world.run(&format!(
        "const row = document.querySelector('{ROW}'); return [row.dataset.change, row.dataset.staged, \
         row.querySelector('[data-testid=commit-summary]').textContent]"
    ));
    assert_eq!(row, json!(["modified", "false", "Snapshot modified"]));
    assert_eq!(world.run("return document.querySelectorAll('[data-testid=commit-entry]').length"), json!(1));

    world.click_on(&format!("{ROW} [data-testid=commit-stage]"));
    world.wait("staged", &format!("return document.querySelector('{ROW}')?.dataset.staged === 'true'"));
    assert_eq!(git(&repository, &["diff", "--cached", "--name-only"]), "content/imagenet.md\n", "the real index");
    world.wait("blocked", "return !!document.querySelector('[data-testid=commit-blocked]')");
    let reasons = world
        .run("return [...document.querySelectorAll('[data-testid=commit-blocked-reason]')].map(e => e.dataset.code)");
    assert_eq!(reasons, json!(["snapshot-format"]));
    world.press_on("[data-testid=commit-message]", "Check ImageNet");
    assert_eq!(world.run("return document.querySelector('[data-testid=commit-button]').disabled"), json!(true));
    world.shot("blocked");

    // The reason is one click away: the entry opens at the problem's line.
    world.click_on("[data-testid=commit-blocked-reason]");
    world.wait("the view closes", "return !document.querySelector('[data-testid=commit-view]')");
    world.wait(
        "the problem line selected",
        "const view = document.querySelector('[data-testid=section-editor] .cm-content').cmTile.root.view; \
         const selection = view.state.selection.main; \
         return view.state.sliceDoc(selection.from, selection.to) === '- Checked in the commit view'",
    );
    world.shot("reason-opened");
    // Typing replaces the selected line.
    world.press_on("[data-testid=section-editor] .cm-content", "- Checked in: the commit view");
    world.app().chord(CONTROL, "s").expect("Ctrl+S");
    world.wait_state("saved");
    let saved = world.read("imagenet.md");
    assert!(saved.contains("\n- Checked in: the commit view\n") && !saved.contains("Checked in the"), "{saved}");

    // On disk it is fixed; the index still holds the broken version.
    world.click_on("[data-testid=commit-open]");
    world.wait("partly staged", &format!("return document.querySelector('{ROW}')?.dataset.staged === 'partial'"));
    assert!(
        world.app().find_all("[data-testid=commit-blocked]").unwrap().len() == 1,
        "still blocked: the index is judged"
    );
    world.click_on(&format!("{ROW} [data-testid=commit-stage]"));
    world.wait("staged again", &format!("return document.querySelector('{ROW}')?.dataset.staged === 'true'"));
    world.wait("no longer blocked", "return !document.querySelector('[data-testid=commit-blocked]')");
    world.run(
        "const box = document.querySelector('[data-testid=commit-message]'); box.value = ''; \
         box.dispatchEvent(new Event('input', {bubbles: true}));",
    );
    world.press_on("[data-testid=commit-message]", "Check ImageNet in the commit view");
    world.press_on("[data-testid=commit-message]", &format!("{ENTER}{ENTER}It has one more Snapshot line."));
    assert_eq!(world.run("return document.querySelector('[data-testid=commit-button]').disabled"), json!(false));
    world.shot("ready");
    world.press_on("[data-testid=commit-message]", &format!("{CONTROL}{ENTER}{RELEASE}"));
    world.app().wait_for("[data-testid=commit-empty]", WAIT).expect("the list empties after the commit");

    let log = git(&repository, &["log", "-1", "--format=%an <%ae>|%cn <%ce>|%B"]);
    assert_eq!(
        log,
        "Grace Hopper <grace@example.org>|Grace Hopper <grace@example.org>|Check ImageNet in the commit view\n\n\
         It has one more Snapshot line.\n\n"
    );
    assert_eq!(git(&repository, &["show", "--name-only", "--format=", "HEAD"]), "content/imagenet.md\n");
    assert_eq!(git(&repository, &["status", "--porcelain"]), "", "nothing left to commit");
    let short = git(&repository, &["rev-parse", "--short=7", "HEAD"]);
    let toast = format!("Committed {}: Check ImageNet in the commit view", short.trim());
    let toasts = world.run("return document.body.textContent");
    assert!(toasts.as_str().unwrap_or_default().contains(&toast), "a toast says `{toast}`");
    world.shot("committed");

    world.press_on("[data-testid=commit-message]", "\u{E00C}");
    world.wait("Esc closes the view", "return !document.querySelector('[data-testid=commit-view]')");
    world.wait(
        "the history shows the new commit",
        "return document.querySelector('[data-testid=history-item] .message')?.textContent.trim() === 'Check ImageNet in the commit view'",
    );
    world.shot("history");
}

// Renaming in the app: the file moves, the title changes, a link in another
// file is rewritten on disk, the open entry follows and the list updates.
#[test]
fn rename_in_the_app_rewrites_links() {
    let _turn = turn();
    let mut world = World::start("rename_in_the_app_rewrites_links", &[]);
    world.open_entry("ImageNet");
    // F2 from the editor opens the dialog, Escape closes it; so does a click on the title.
    let editor = world.edit_section("");
    world.app().send_keys(&editor, "\u{E032}").expect("F2");
    let input = world.app().wait_for("[data-testid=rename-title]", WAIT).expect("F2 opens the rename dialog");
    world.app().send_keys(&input, "\u{E00C}").expect("Escape");
    world.wait("Escape closes the rename dialog", "return !document.querySelector('[data-testid=rename-title]');");
    world.click_on("[data-testid=rename-entry]");
    let input = world.app().wait_for("[data-testid=rename-title]", WAIT).expect("the rename dialog");
    world.run(
        "const input = document.querySelector('[data-testid=rename-title]'); input.value = ''; \
         input.dispatchEvent(new Event('input', {bubbles: true}));",
    );
    world.app().send_keys(&input, "ImageNet Dataset").expect("type the new title");
    world.shot("rename-dialog");
    world.app().send_keys(&input, ENTER).expect("Enter");
    world
        .app()
        .wait_until(
            "return document.querySelector('[data-testid=preview] h1')?.textContent === 'ImageNet Dataset'",
            vec![],
            WAIT,
        )
        .expect("the open entry follows the rename");
    assert!(!world.wiki.join("imagenet.md").exists(), "the old file is gone");
    let renamed = world.read("imagenet-dataset.md");
    assert!(renamed.contains("title: ImageNet Dataset") && renamed.contains("# ImageNet Dataset"), "{renamed}");
    let linking = world.read("kaiming-he.md");
    assert!(linking.contains("- [[ImageNet Dataset]]") && !linking.contains("[[ImageNet]]"), "link rewritten on disk");
    world.wait(
        "the list shows the new title",
        "return [...document.querySelectorAll('[data-testid=entry-item]')].some(e => e.textContent.includes('ImageNet Dataset'))",
    );
    assert_eq!(world.save_state(), "saved", "nothing left unsaved");
    world.shot("renamed");

    // The commit view shows it as a rename, old → new, unstaged.
    world.click_on("[data-testid=commit-open]");
    world.wait(
        "the rename listed",
        "return !!document.querySelector('[data-testid=commit-entry][data-id=\"imagenet-dataset.md\"][data-change=renamed]')",
    );
    world.shot("rename-in-commit-view");
}

// Outside git the commit view says why, and the editor keeps working.
#[test]
fn commit_view_outside_git_says_why() {
    let _turn = turn();
    let mut world = World::start("commit_view_outside_git_says_why", &[]);
    std::fs::remove_dir_all(world.repository().join(".git")).expect("remove .git");
    world.click_on("[data-testid=commit-open]");
    let message = world
        .app()
        .wait_until("return document.querySelector('[data-testid=commit-error]')?.textContent ?? false", vec![], WAIT)
        .expect("an error is shown");
    assert_eq!(
        message,
        json!("This wiki folder is not in a git repository: history, diffs and commits are unavailable")
    );
    world.shot("no-git");
}
