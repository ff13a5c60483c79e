//! Issue 16 in the app: Sync against a real `git daemon` on 127.0.0.1. A
//! colleague's clone pushes; the app fetches, shows what comes in, merges
//! with Quire's driver (the `quire` cargo built beside the app) and pushes;
//! unsaved edits are merged into the reloaded entry, never written; a true
//! conflict is aborted (everything back) and then resolved in the Resolve view.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::{Value, json};

use super::{CONTROL, WAIT, World, turn};
use quire_tests::remote::GitDaemon;
use quire_tests::{git, repo_root};

const SHIFT: &str = "\u{E008}";
const RELEASE: &str = "\u{E000}";

/// Builds the `quire` program once: the app finds it beside its own executable and runs it as git's merge driver.
fn build_quire() {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "-p", "quire-cli", "--bin", "quire"])
            .current_dir(repo_root())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building quire failed");
    });
}

fn run(world: &World, script: &str) -> Value {
    world.app().execute(script, vec![]).unwrap_or_else(|error| panic!("script failed: {error}\n{script}"))
}

fn wait(world: &World, what: &str, script: &str) {
    world.app().wait_until(script, vec![], WAIT).unwrap_or_else(|error| panic!("never {what}: {error}"));
}

fn click(world: &World, css: &str) {
    let element = world.app().wait_for(css, WAIT).unwrap_or_else(|error| panic!("no `{css}`: {error}"));
    world.app().click(&element).unwrap_or_else(|error| panic!("click `{css}`: {error}"));
}

/// The app's repository, pushed to a new daemon as `main`, and a colleague's clone of it.
fn team(world: &World) -> (GitDaemon, PathBuf, tempfile::TempDir) {
    build_quire();
    let repository = world.wiki.parent().expect("the wiki is a folder of the repository").to_owned();
    // The app commits the merge with the repository's identity (it runs with no global configuration).
    git(&repository, &["config", "user.name", "Grace Hopper"]);
    git(&repository, &["config", "user.email", "grace@example.org"]);
    git(&repository, &["branch", "-M", "main"]);
    let daemon = GitDaemon::start();
    git(&repository, &["remote", "add", "origin", &daemon.url()]);
    git(&repository, &["push", "--quiet", "-u", "origin", "main"]);
    let folder = tempfile::tempdir().expect("the colleague's folder");
    let colleague = folder.path().join("colleague");
    git(folder.path(), &["clone", "--quiet", &daemon.url(), "colleague"]);
    (daemon, colleague, folder)
}

/// The colleague replaces `old` with `new` in `id`, commits and pushes.
fn colleague_pushes(colleague: &Path, id: &str, old: &str, new: &str, message: &str) {
    let path = colleague.join("content").join(id);
    let text = std::fs::read_to_string(&path).expect("the colleague's entry");
    assert!(text.contains(old), "`{old}` is in {id}");
    std::fs::write(&path, text.replacen(old, new, 1)).expect("write the colleague's edit");
    git(colleague, &["commit", "--quiet", "-am", message]);
    git(colleague, &["push", "--quiet", "origin", "main"]);
}

/// Starts a sync with Ctrl+Shift+Y and waits for the Incoming step.
fn sync_to_incoming(world: &mut World) {
    let editor = world.app().wait_for("[data-testid=section-editor] .cm-content", WAIT).expect("the editor");
    world.app().send_keys(&editor, &format!("{CONTROL}{SHIFT}y{RELEASE}")).expect("Ctrl+Shift+Y");
    world.app().wait_for("[data-testid=sync-incoming]", WAIT).expect("the Incoming step shows");
}

/// The colleague pushes one wording of ImageNet's definition and the app's
/// clone commits another: a true conflict. Returns `HEAD` and our text.
fn conflicting_edits(world: &World, colleague: &Path) -> (String, String) {
    let repository = world.wiki.parent().unwrap().to_owned();
    let old = "In this wiki, ImageNet names both the dataset and the benchmark culture built around it.";
    colleague_pushes(colleague, "imagenet.md", old, "In this wiki, ImageNet names the dataset (theirs).", "Theirs");
    let ours = world.read("imagenet.md").replacen(old, "In this wiki, ImageNet names the benchmark (ours).", 1);
    std::fs::write(world.wiki.join("imagenet.md"), &ours).unwrap();
    git(&repository, &["commit", "--quiet", "-am", "Ours"]);
    (git(&repository, &["rev-parse", "HEAD"]), ours)
}

/// Waits until the editor's text holds `disk` and `unsaved` and no conflict marker.
fn editor_holds(world: &World, disk: &str, unsaved: &str) {
    world
        .app()
        .wait_until(
            "const view = document.querySelector('[data-testid=section-editor] .cm-content').cmTile.root.view; \
             const text = view.state.doc.toString(); \
             return text.includes(arguments[0]) && text.includes(arguments[1]) && !text.includes('<<<<<<<')",
            vec![json!(disk), json!(unsaved)],
            WAIT,
        )
        .unwrap_or_else(|error| {
            panic!("the editor never held `{disk}` and `{unsaved}`: {}\n{error}", world.editor_text())
        });
}

/// Opens entry `title` and types `line` at the end of its Open Questions, unsaved.
fn type_unsaved(world: &World, title: &str, line: &str) {
    world.open_entry(title);
    let editor = world.edit_section("Open Questions");
    world.app().click(&editor).expect("focus the editor");
    world.app().chord(CONTROL, "\u{E010}").expect("Ctrl+End");
    world.app().send_keys(&editor, &format!("\n{line}")).expect("type");
    world.wait_state("dirty");
}

const LEAD_OLD: &str = "In this wiki, Kaiming He names an infrastructure researcher";
const LEAD_NEW: &str = "In this wiki, Kaiming He (colleague's wording) names an infrastructure researcher";

// A colleague's push comes in by Sync while the same entry is open with an
// unsaved edit in another section: Incoming names the commit, its author
// and the entry's changed section; after the merge the editor holds both
// the colleague's text and the unsaved edit, and nothing unsaved is on disk.
#[test]
fn sync_brings_in_a_push_and_keeps_unsaved_edits() {
    let _turn = turn();
    let mut world = World::start("sync_brings_in_a_push_and_keeps_unsaved_edits", &[]);
    let (daemon, colleague, _folder) = team(&world);
    colleague_pushes(&colleague, "kaiming-he.md", LEAD_OLD, LEAD_NEW, "Reword Kaiming He's definition");

    type_unsaved(&world, "Kaiming He", "- Mine: typed in the app before the sync?");

    sync_to_incoming(&mut world);
    let commits = run(
        &world,
        "return [...document.querySelectorAll('[data-testid=sync-commit]')].map(e => [e.querySelector('.summary').textContent, e.querySelector('.author').textContent])",
    );
    assert_eq!(commits, json!([["Reword Kaiming He's definition", "Ada Lovelace"]]));
    let entries = run(
        &world,
        "return [...document.querySelectorAll('[data-testid=sync-entry]')].map(e => [e.dataset.id, e.querySelector('[data-testid=sync-entry-summary]').textContent])",
    );
    assert_eq!(entries, json!([["kaiming-he.md", "Definition modified"]]));
    wait(
        &world,
        "the top bar shows it incoming",
        "return document.querySelector('[data-testid=sync-incoming-badge]')?.textContent.trim() === '↓1 incoming'",
    );
    world.shot("incoming");

    // The reviewer's diff of what comes in, from the Incoming list; Escape goes back.
    click(&world, "[data-testid=sync-entry][data-id=\"kaiming-he.md\"]");
    wait(&world, "the diff opens", "return document.body.textContent.includes('colleague\\'s wording')");
    world.shot("incoming-diff");
    run(&world, "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))");
    wait(&world, "back at Incoming", "return !!document.querySelector('[data-testid=sync-incoming]')");

    click(&world, "[data-testid=sync-integrate]");
    world.app().wait_for("[data-testid=sync-done]", WAIT).expect("the sync finishes");
    let repository = world.wiki.parent().unwrap().to_owned();
    assert_eq!(
        git(&repository, &["rev-parse", "HEAD"]),
        git(daemon.bare(), &["rev-parse", "main"]),
        "the clone is at the remote's main"
    );
    world.wait_state("dirty");
    editor_holds(&world, "colleague's wording", "- Mine: typed in the app before the sync?");
    let disk = world.read("kaiming-he.md");
    assert!(disk.contains(LEAD_NEW) && !disk.contains("Mine: typed"), "the disk has theirs and nothing unsaved");
    wait(
        &world,
        "the top bar is even",
        "return document.querySelector('[data-testid=sync-counts]')?.textContent.trim() === '↑0 ↓0'",
    );
    world.shot("synced");
    click(&world, "[data-testid=sync-done] .button.primary");
    wait(&world, "the panel closes", "return !document.querySelector('[data-testid=sync-view]')");
    world.shot("topbar");

    world.app().chord(CONTROL, "s").expect("Ctrl+S");
    world.wait_state("saved");
    let saved = world.read("kaiming-he.md");
    assert!(saved.contains(LEAD_NEW) && saved.contains("- Mine: typed in the app before the sync?"), "{saved}");
}

// Both sides change the same words of ImageNet's definition while ImageNet
// is open with an unsaved edit in another section. Abort, from the Resolve
// view, puts commits, index and files back and the editor holds its
// unsaved edit and no marker; a second sync resolved there ("theirs")
// completes the merge and pushes it, with no marker anywhere, and the
// editor holds theirs and the unsaved edit.
#[test]
fn sync_conflict_aborts_then_resolves() {
    let _turn = turn();
    let mut world = World::start("sync_conflict_aborts_then_resolves", &[]);
    let (daemon, colleague, _folder) = team(&world);
    let repository = world.wiki.parent().unwrap().to_owned();
    let (before, ours) = conflicting_edits(&world, &colleague);

    type_unsaved(&world, "ImageNet", "- Unsaved while a conflict is aborted?");

    sync_to_incoming(&mut world);
    click(&world, "[data-testid=sync-integrate]");
    world.app().wait_for("[data-testid=resolve-view]", WAIT).expect("the Resolve view opens");
    wait(
        &world,
        "the conflict is listed",
        "return document.querySelectorAll('[data-testid=resolve-conflict]').length === 1",
    );
    let listed = run(
        &world,
        "const entry = document.querySelector('[data-testid=resolve-entry]'); \
         return [entry.dataset.id, [...entry.querySelectorAll('[data-testid=resolve-conflict]')].map(e => e.dataset.section)]",
    );
    assert_eq!(listed, json!(["imagenet.md", ["Definition"]]));
    world.shot("resolve");

    click(&world, "[data-testid=sync-abort]");
    world.app().wait_for("[data-testid=sync-aborted]", WAIT).expect("aborted");
    assert_eq!(git(&repository, &["rev-parse", "HEAD"]), before, "the commit is as before");
    assert_eq!(git(&repository, &["status", "--porcelain"]), "", "index and files as before");
    assert_eq!(world.read("imagenet.md"), ours, "the file as before");
    assert!(!repository.join(".git/MERGE_HEAD").exists() && !repository.join(".git/QUIRE_SYNC").exists());
    editor_holds(&world, "(ours)", "- Unsaved while a conflict is aborted?");
    assert_eq!(world.save_state(), "dirty");
    world.shot("aborted");
    click(&world, "[data-testid=sync-aborted] .button.primary");

    sync_to_incoming(&mut world);
    click(&world, "[data-testid=sync-integrate]");
    wait(
        &world,
        "the conflict again",
        "return document.querySelectorAll('[data-testid=resolve-conflict]').length === 1",
    );
    assert_eq!(run(&world, "return document.querySelector('[data-testid=resolve-finish]').disabled"), json!(true));
    click(&world, "[data-testid=resolve-theirs]");
    wait(
        &world,
        "theirs chosen",
        "return document.querySelector('[data-testid=resolve-conflict]').dataset.choice === 'theirs'",
    );
    world.shot("resolve-chosen");
    click(&world, "[data-testid=resolve-finish]");
    world.app().wait_for("[data-testid=sync-done]", WAIT).expect("the merge completes and is pushed");

    let merged = world.read("imagenet.md");
    assert!(merged.contains("ImageNet names the dataset (theirs).") && !merged.contains("<<<<<<<"), "{merged}");
    assert_eq!(git(&repository, &["rev-parse", "HEAD"]), git(daemon.bare(), &["rev-parse", "main"]), "pushed");
    let parents = git(&repository, &["show", "-s", "--format=%P", "HEAD"]);
    assert_eq!(parents.split_whitespace().count(), 2, "a merge commit");
    let remote_text = git(daemon.bare(), &["show", "main:content/imagenet.md"]);
    assert!(!remote_text.contains("<<<<<<<") && !remote_text.contains("(ours)"), "no marker reaches the remote");
    editor_holds(&world, "(theirs)", "- Unsaved while a conflict is aborted?");
    assert_eq!(world.save_state(), "dirty");
    assert!(!merged.contains("Unsaved while"), "the unsaved edit is not written by the sync");
}

/// A sync left stopped on conflicts, as a crash mid-sync leaves one: `quire
/// sync` from a terminal stops with the merge in progress and its record.
fn stopped_sync(world: &World) -> (GitDaemon, tempfile::TempDir, String, String) {
    let (daemon, colleague, folder) = team(world);
    let repository = world.wiki.parent().unwrap().to_owned();
    let (before, ours) = conflicting_edits(world, &colleague);
    let quire = repo_root().join("target/debug/quire");
    let output = Command::new(quire)
        .args(["sync", "--wiki"])
        .arg(&world.wiki)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("quire sync runs");
    assert_eq!(output.status.code(), Some(1), "stopped on conflicts: {}", String::from_utf8_lossy(&output.stdout));
    assert!(repository.join(".git/MERGE_HEAD").exists() && repository.join(".git/QUIRE_SYNC").exists());
    (daemon, folder, before, ours)
}

// At start, a sync left in progress (a crash, or a terminal's `quire sync`
// stopped on conflicts) is offered to continue or abort; Continue shows its
// conflicts, and Abort puts the clone back exactly as before that sync.
#[test]
fn a_stopped_sync_is_offered_at_start_and_aborted() {
    let _turn = turn();
    let mut world = World::start("a_stopped_sync_is_offered_at_start_and_aborted", &[]);
    let (_daemon, _folder, before, ours) = stopped_sync(&world);
    let repository = world.wiki.parent().unwrap().to_owned();
    world.relaunch();
    world.app().wait_for("[data-testid=sync-banner]", WAIT).expect("the banner offers continue or abort");
    world.shot("stopped-banner");
    // Continue opens the Resolve view on the conflicts the clone holds.
    click(&world, "[data-testid=sync-banner-continue]");
    wait(
        &world,
        "the conflict listed",
        "const entry = document.querySelector('[data-testid=resolve-entry]'); \
         return entry?.dataset.id === 'imagenet.md' && entry.querySelectorAll('[data-testid=resolve-conflict]').length === 1",
    );
    world.shot("stopped-resolve");
    click(&world, "[data-testid=sync-abort]");
    world.app().wait_for("[data-testid=sync-aborted]", WAIT).expect("aborted");
    click(&world, "[data-testid=sync-aborted] .button.primary");
    wait(&world, "the panel closes", "return !document.querySelector('[data-testid=sync-view]')");
    assert!(world.app().find_all("[data-testid=sync-banner]").unwrap().is_empty(), "no banner once aborted");
    assert_eq!(git(&repository, &["rev-parse", "HEAD"]), before);
    assert_eq!(git(&repository, &["status", "--porcelain"]), "");
    assert_eq!(world.read("imagenet.md"), ours);
    assert!(!repository.join(".git/MERGE_HEAD").exists() && !repository.join(".git/QUIRE_SYNC").exists());
}

// Without a remote, Sync is "Add remote…": an address that does not answer
// is refused with git's reason and nothing is added; the daemon's address
// is added as origin. The first sync offers the uncommitted entry to the
// Commit view, then, left out, pushes the branch without it.
#[test]
fn add_remote_then_first_sync_pushes() {
    let _turn = turn();
    let mut world = World::start("add_remote_then_first_sync_pushes", &[]);
    build_quire();
    let repository = world.wiki.parent().unwrap().to_owned();
    git(&repository, &["branch", "-M", "main"]);
    let daemon = GitDaemon::start();
    let mut closed = GitDaemon::start();
    let unreachable = closed.url();
    closed.stop();

    wait(
        &world,
        "the button offers a remote",
        "return document.querySelector('[data-testid=sync-button]')?.textContent.includes('Add remote')",
    );
    click(&world, "[data-testid=sync-button]");
    let input = world.app().wait_for("[data-testid=add-remote-url]", WAIT).expect("the Add remote dialog");
    world.app().send_keys(&input, &unreachable).expect("type the address");
    click(&world, "[data-testid=add-remote-submit]");
    let said = world
        .app()
        .wait_until(
            "return document.querySelector('[data-testid=add-remote-error]')?.textContent ?? false",
            vec![],
            WAIT,
        )
        .expect("the address is refused");
    assert!(said.as_str().unwrap_or_default().contains("cannot be reached"), "{said}");
    assert_eq!(git(&repository, &["remote"]), "", "nothing added");
    world.shot("add-remote-refused");

    run(
        &world,
        "const input = document.querySelector('[data-testid=add-remote-url]'); input.value = ''; \
         input.dispatchEvent(new Event('input', {bubbles: true}));",
    );
    world.app().send_keys(&input, &daemon.url()).expect("type the address");
    click(&world, "[data-testid=add-remote-submit]");
    wait(&world, "the dialog closes", "return !document.querySelector('[data-testid=add-remote-dialog]')");
    assert_eq!(git(&repository, &["remote", "get-url", "origin"]).trim(), daemon.url());
    wait(
        &world,
        "the button says Sync",
        "return document.querySelector('[data-testid=sync-button]')?.textContent.trim().startsWith('Sync')",
    );

    // Step 1: a saved, uncommitted entry is offered to the Commit view first, or left out.
    let saved =
        world.read("imagenet.md").replacen("## Open Questions\n", "## Open Questions\n\n- Saved, not committed?\n", 1);
    std::fs::write(world.wiki.join("imagenet.md"), &saved).unwrap();
    click(&world, "[data-testid=sync-button]");
    world.app().wait_for("[data-testid=sync-uncommitted]", WAIT).expect("uncommitted work is offered first");
    assert!(
        run(&world, "return document.querySelector('[data-testid=sync-uncommitted]').textContent")
            .to_string()
            .contains("ImageNet")
    );
    world.shot("uncommitted");
    click(&world, "[data-testid=sync-commit-first]");
    world.app().wait_for("[data-testid=commit-view]", WAIT).expect("the Commit view opens");
    run(
        &world,
        "document.querySelector('[data-testid=commit-view]').dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))",
    );
    wait(&world, "the Commit view closes", "return !document.querySelector('[data-testid=commit-view]')");
    click(&world, "[data-testid=sync-button]");
    click(&world, "[data-testid=sync-without-commit]");
    world.app().wait_for("[data-testid=sync-nothing-incoming]", WAIT).expect("nothing comes in");
    world.shot("first-sync");
    click(&world, "[data-testid=sync-integrate]");
    world.app().wait_for("[data-testid=sync-done]", WAIT).expect("pushed");
    assert_eq!(git(&repository, &["rev-parse", "HEAD"]), git(daemon.bare(), &["rev-parse", "main"]));
    assert_eq!(git(&repository, &["rev-parse", "--abbrev-ref", "main@{upstream}"]).trim(), "origin/main");
    assert_eq!(world.read("imagenet.md"), saved, "the uncommitted edit stays, uncommitted");
    assert_eq!(git(&repository, &["status", "--porcelain"]), " M content/imagenet.md\n");
}
