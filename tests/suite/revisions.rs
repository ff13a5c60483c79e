//! quire-core's git history on real repositories made with the `git` command.

use std::path::Path;

use quire_core::{ChangedEntry, FileChange, Revisions, RevisionsError, Version};
use quire_tests::{git, git_commit_all, git_init, write_file};

const V1: &str = "# Ada\n\nA lead.\n\n## Notes\n\nFirst version of the notes.\n";
const V2: &str = "# Ada\n\nA lead.\n\n## Notes\n\nSecond version of the notes.\n";
const V3: &str = "# Ada\n\nA lead.\n\n## Notes\n\nThird version of the notes.\n";

/// A repository with the wiki in `docs/wiki`, three commits to `ada.md`
/// (added as `lovelace.md`, then renamed), and files around it.
fn repository(dir: &Path) {
    git_init(dir);
    write_file(dir, "README.md", "Not an entry: outside the wiki folder.\n");
    write_file(dir, "docs/wiki/lovelace.md", V1);
    write_file(dir, "docs/wiki/babbage.md", "# Babbage\n\nAn engine builder.\n");
    git_commit_all(dir, "Add Ada Lovelace\n\nWith a body.", 1);
    git(dir, &["mv", "docs/wiki/lovelace.md", "docs/wiki/ada.md"]);
    git_commit_all(dir, "Rename lovelace.md to ada.md", 2);
    write_file(dir, "docs/wiki/ada.md", V2);
    write_file(dir, "README.md", "Changed, but not an entry.\n");
    git_commit_all(dir, "Second version", 3);
}

fn open(dir: &Path) -> Revisions {
    Revisions::open(&dir.join("docs/wiki")).expect("the wiki is in a repository")
}

// The app's history list: every commit that touched the entry, newest
// first, across the rename, with who, when and why.
#[test]
fn history_follows_renames() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let history = open(dir.path()).history("ada.md").unwrap();
    let summary: Vec<(&str, FileChange, &str, Option<&str>)> =
        history.iter().map(|r| (r.summary.as_str(), r.change, r.path.as_str(), r.previous_path.as_deref())).collect();
    assert_eq!(
        summary,
        [
            ("Second version", FileChange::Modified, "ada.md", None),
            ("Rename lovelace.md to ada.md", FileChange::Renamed, "ada.md", Some("lovelace.md")),
            ("Add Ada Lovelace", FileChange::Added, "lovelace.md", None),
        ]
    );
    let first = &history[2];
    assert_eq!((first.author.as_str(), first.email.as_str()), ("Ada Lovelace", "ada@example.org"));
    assert_eq!(first.date, "2026-06-01T10:00:00+02:00");
    assert_eq!(first.message, "Add Ada Lovelace\n\nWith a body.");
    assert_eq!(first.id.len(), 40);
    assert!(first.id.starts_with(&first.short_id));
    assert_eq!(git(dir.path(), &["rev-list", "--max-parents=0", "HEAD"]).trim(), first.id);
}

// A rename with edits in the same commit is still one history (git's 50% rule).
#[test]
fn history_follows_a_rename_with_edits() {
    let dir = tempfile::tempdir().unwrap();
    git_init(dir.path());
    write_file(dir.path(), "old.md", V1);
    git_commit_all(dir.path(), "Add", 1);
    std::fs::remove_file(dir.path().join("old.md")).unwrap();
    write_file(dir.path(), "new.md", V2);
    git_commit_all(dir.path(), "Rename and edit", 2);
    let history = Revisions::open(dir.path()).unwrap().history("new.md").unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].previous_path.as_deref(), Some("old.md"));
}

// The text at any revision, in the index and on disk; absent is `None`.
#[test]
fn text_of_every_version() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    write_file(dir.path(), "docs/wiki/ada.md", V3);
    git(dir.path(), &["add", "docs/wiki/ada.md"]);
    write_file(dir.path(), "docs/wiki/ada.md", "# Ada\n\nUnsaved.\n");
    let revisions = open(dir.path());
    let text = |version: &Version, id: &str| revisions.text(version, id).unwrap();
    assert_eq!(text(&Version::head(), "ada.md").as_deref(), Some(V2));
    assert_eq!(text(&Version::Revision("HEAD~1".into()), "ada.md").as_deref(), Some(V1));
    assert_eq!(text(&Version::Revision("HEAD~2".into()), "ada.md"), None);
    assert_eq!(text(&Version::Revision("HEAD~2".into()), "lovelace.md").as_deref(), Some(V1));
    assert_eq!(text(&Version::Staged, "ada.md").as_deref(), Some(V3));
    assert_eq!(text(&Version::WorkingCopy, "ada.md").as_deref(), Some("# Ada\n\nUnsaved.\n"));
    assert_eq!(text(&Version::WorkingCopy, "missing.md"), None);
    assert_eq!(revisions.repo_path("ada.md"), "docs/wiki/ada.md");
    assert_eq!(
        revisions.text_at_path(&Version::head(), "README.md").unwrap().as_deref(),
        Some("Changed, but not an entry.\n")
    );
    assert!(matches!(
        revisions.text(&Version::Revision("no-such-branch".into()), "ada.md"),
        Err(RevisionsError::UnknownRevision { .. })
    ));
    // Ids never reach outside the wiki folder, in any version.
    for version in [Version::head(), Version::Staged, Version::WorkingCopy] {
        assert!(matches!(revisions.text(&version, "../../README.md"), Err(RevisionsError::Id(_))));
    }
}

// Which entries differ: the wiki folder's Markdown files only, renames paired.
#[test]
fn changed_entries_between_versions() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let revisions = open(dir.path());
    let changed = |old: &str, new: &Version| revisions.changed_entries(&Version::Revision(old.into()), new).unwrap();
    let entry = |id: &str, change, previous: Option<&str>| ChangedEntry {
        id: id.into(),
        change,
        previous_id: previous.map(str::to_owned),
    };
    assert_eq!(
        changed("HEAD~2", &Version::Revision("HEAD~1".into())),
        [entry("ada.md", FileChange::Renamed, Some("lovelace.md"))]
    );
    assert_eq!(changed("HEAD~1", &Version::head()), [entry("ada.md", FileChange::Modified, None)]);

    write_file(dir.path(), "docs/wiki/new.md", "# New\n");
    write_file(dir.path(), "docs/wiki/.hidden/skip.md", "# Hidden\n");
    write_file(dir.path(), "docs/wiki/notes.txt", "not an entry\n");
    std::fs::remove_file(dir.path().join("docs/wiki/babbage.md")).unwrap();
    assert_eq!(
        changed("HEAD", &Version::WorkingCopy),
        [entry("babbage.md", FileChange::Deleted, None), entry("new.md", FileChange::Added, None)]
    );
    assert_eq!(changed("HEAD", &Version::Staged), []);
    git(dir.path(), &["add", "docs/wiki/new.md"]);
    assert_eq!(changed("HEAD", &Version::Staged), [entry("new.md", FileChange::Added, None)]);
}

// Outside git the app still works; it must be told clearly, not fail oddly.
#[test]
fn a_folder_outside_git_is_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    match Revisions::open(dir.path()) {
        Err(error @ RevisionsError::NotInRepository { .. }) => {
            assert!(error.to_string().ends_with("is not in a git repository"), "{error}");
        }
        other => panic!("expected NotInRepository, got {other:?}"),
    }
}

// A repository without commits has no history yet, and no HEAD text.
#[test]
fn a_new_repository_has_no_history() {
    let dir = tempfile::tempdir().unwrap();
    git_init(dir.path());
    write_file(dir.path(), "a.md", V1);
    let revisions = Revisions::open(dir.path()).unwrap();
    assert_eq!(revisions.history("a.md").unwrap(), []);
    assert!(revisions.text(&Version::head(), "a.md").is_err(), "HEAD does not exist yet");
}
