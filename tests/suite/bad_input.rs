//! Bad input in a real wiki folder: each test copies the bundled wiki into a
//! temporary folder, plants a red link in one good entry, adds one bad file,
//! and checks that validation (a) names the bad file with the right code,
//! (b) still checks every good entry, and (c) does not panic or hang.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use quire_core::{Date, Diagnostic, Report};
use quire_tests::reference::Reference;
use quire_tests::{TODAY, copy_tree, repo_root, validate_both_ways};
use tempfile::TempDir;

/// A red link planted in a good entry (`imagenet.md`): it must be reported
/// whatever else is wrong with the wiki.
const PLANTED: &str = "LeNet-5";

/// A temporary folder holding `wiki/`, a copy of the bundled wiki with the
/// planted red link. Files outside `wiki/` are outside the wiki root.
fn wiki_with_good_entries() -> (TempDir, PathBuf) {
    let work = tempfile::tempdir().expect("temporary folder");
    let root = work.path().join("wiki");
    copy_tree(&repo_root().join("content"), &root);
    let path = root.join("imagenet.md");
    let text = fs::read_to_string(&path).expect("imagenet.md is in the bundled wiki");
    let planted = text.replacen("## Related Pages\n\n", &format!("## Related Pages\n\n- [[{PLANTED}]]\n"), 1);
    assert_ne!(planted, text, "the bundled imagenet.md has a `## Related Pages` section");
    fs::write(&path, planted).expect("write imagenet.md");
    (work, root)
}

fn validate(root: &Path) -> (Reference, Report) {
    validate_both_ways(root, Date::parse(TODAY).expect("TODAY is a date"))
}

/// The diagnostics with `code` on `path`.
fn on<'a>(report: &'a Report, path: &str, code: &str) -> Vec<&'a Diagnostic> {
    report.diagnostics.iter().filter(|d| d.path == path && d.code == code).collect()
}

/// Every good entry was read and checked: the planted red link is reported.
fn assert_good_entries_checked(wiki: &Reference, report: &Report) {
    let bundled = wiki.files().iter().filter(|file| file.entry.is_some()).count();
    assert!(bundled >= 8, "the bundled entries were all read: {bundled}");
    let planted = on(report, "imagenet.md", "broken-link");
    assert!(
        planted.iter().any(|d| d.message.contains(PLANTED)),
        "the planted red link in a good entry is still reported: {:#?}",
        report.diagnostics
    );
}

fn dump(report: &Report) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}:{} {} {}\n", d.path, d.line, d.column, d.code, d.message))
        .collect()
}

// An entry saved as Latin-1 by an old editor must be named, not crash or hide the rest.
#[test]
fn latin_1_entry_is_an_encoding_error() {
    let (_work, root) = wiki_with_good_entries();
    let text = "---\ntitle: René Descartes\nkind: person\n---\n\n# René Descartes\n\nRené Descartes was a French philosopher.\n";
    let latin_1: Vec<u8> = text.chars().map(|c| u8::try_from(u32::from(c)).expect("Latin-1 text")).collect();
    fs::write(root.join("people/rene-descartes.md"), latin_1).unwrap();
    let (wiki, report) = validate(&root);
    let found = on(&report, "people/rene-descartes.md", "encoding");
    assert_eq!(found.len(), 1, "{}", dump(&report));
    assert!(found[0].message.contains("not valid UTF-8: invalid byte 0xe9"), "{}", found[0].message);
    assert_eq!((found[0].line, found[0].column), (2, 11), "points at the first bad byte, the `é` of `title: René`");
    assert!(wiki.entry("people/rene-descartes.md").is_none(), "a file that is not UTF-8 is not parsed");
    assert_good_entries_checked(&wiki, &report);
}

// A file name that is not UTF-8 cannot be shown or linked; it must be named, lossily.
#[cfg(unix)]
#[test]
fn file_name_that_is_not_utf_8_is_an_encoding_error() {
    use std::os::unix::ffi::OsStrExt;
    let (_work, root) = wiki_with_good_entries();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    fs::write(root.join(name), "# Caf\u{e9}\n\nA place to talk.\n").unwrap();
    let (wiki, report) = validate(&root);
    let found: Vec<_> = report.diagnostics.iter().filter(|d| d.code == "encoding").collect();
    assert_eq!(found.len(), 1, "{}", dump(&report));
    assert_eq!(found[0].path, "caf\u{fffd}.md");
    assert!(found[0].message.contains("is not valid UTF-8"), "{}", found[0].message);
    assert_good_entries_checked(&wiki, &report);
}

// A PNG saved with a `.md` name must be called binary, never parsed as text.
#[test]
fn binary_file_named_md_is_an_encoding_error() {
    let (_work, root) = wiki_with_good_entries();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0".to_vec();
    png.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    fs::write(root.join("resnet-diagram.md"), &png).unwrap();
    let (wiki, report) = validate(&root);
    let found = on(&report, "resnet-diagram.md", "encoding");
    assert_eq!(found.len(), 1, "{}", dump(&report));
    assert!(
        found[0].message.contains("looks like a binary file: it holds a NUL byte at byte 8"),
        "{}",
        found[0].message
    );
    assert!(wiki.entry("resnet-diagram.md").is_none());
    assert_eq!(report.entries, wiki.files().len(), "the binary file is still counted as a file of the wiki");
    assert_good_entries_checked(&wiki, &report);
}

/// A realistic entry of about `bytes` bytes: sections of prose with links,
/// lists and subsections, as a pasted dump would look.
fn huge_entry(title: &str, bytes: usize) -> String {
    let mut text = format!(
        "---\ntitle: {title}\nkind: concept\nstatus: draft\nreviewed: 2026-11-01\n---\n\n# {title}\n\n\
         The ImageNet class index is the list of WordNet synsets used by the ILSVRC benchmark, pasted here \
         with notes for every class.\n\n## Snapshot\n\n- Field: computer vision; benchmarks.\n\n## Definition\n\n"
    );
    let mut class = 0usize;
    while text.len() < bytes {
        if class % 100 == 0 {
            text.push_str(&format!("### Classes {class} to {}\n\n", class + 99));
        }
        text.push_str(&format!(
            "Class {class} (synset n{:08}) collects about {} training images. Its labels were verified by \
             crowd workers, and models pretrained on [[ImageNet]] reach a top-5 accuracy of {}.{}% on it; \
             the error analysis in the benchmark papers groups it with its {} nearest neighbours.\n\n\
             - Images: {}\n- Validation images: 50\n\n",
            1_440_764 + class * 7_919,
            1_300 - class % 400,
            90 + class % 10,
            class % 100,
            class % 7 + 3,
            1_300 - class % 400,
        ));
        class += 1;
    }
    text.push_str("## Related Pages\n\n- [[ImageNet]]\n\n## Sources\n\n- ILSVRC 2012 development kit, 2012.\n");
    text
}

const TWENTY_MB: usize = 20 * 1_000_000;

// A 20 MB pasted dump must be refused by size (default 8 MiB), not parsed.
#[test]
fn twenty_megabyte_entry_is_too_large_by_default() {
    let (_work, root) = wiki_with_good_entries();
    let title = "ImageNet Class Index";
    fs::write(root.join("imagenet-class-index.md"), huge_entry(title, TWENTY_MB)).unwrap();
    let started = Instant::now();
    let (wiki, report) = validate(&root);
    let found = on(&report, "imagenet-class-index.md", "file-too-large");
    assert_eq!(found.len(), 1, "{}", dump(&report));
    assert!(found[0].message.contains("more than the limit of 8388608"), "{}", found[0].message);
    assert!(wiki.index().resolve_name(title).is_empty(), "a file over the limit is not parsed or indexed");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "refusing by size must not read the file: {:?}",
        started.elapsed()
    );
    assert_good_entries_checked(&wiki, &report);
}

// With the limit raised on purpose, the same 20 MB entry must be parsed and checked.
#[test]
fn twenty_megabyte_entry_is_checked_when_the_limit_allows() {
    let (_work, root) = wiki_with_good_entries();
    let schema = fs::read_to_string(root.join("wiki.toml")).unwrap();
    let raised = schema.replacen("max_entry_bytes = 8_388_608", "max_entry_bytes = 33_554_432", 1);
    assert_ne!(raised, schema, "the bundled wiki.toml sets `max_entry_bytes`");
    fs::write(root.join("wiki.toml"), raised).unwrap();
    let title = "ImageNet Class Index";
    // A red link at the very end proves the whole file was read and checked.
    let text = huge_entry(title, TWENTY_MB)
        .replace("- [[ImageNet]]\n\n## Sources", "- [[ImageNet]]\n- [[ILSVRC]]\n\n## Sources");
    fs::write(root.join("imagenet-class-index.md"), &text).unwrap();
    let (wiki, report) = validate(&root);
    assert!(on(&report, "imagenet-class-index.md", "file-too-large").is_empty(), "{}", dump(&report));
    assert!(report.diagnostics.iter().all(|d| d.code != "schema"), "{}", dump(&report));
    assert_eq!(wiki.index().resolve_name(title).len(), 1, "the entry is indexed");
    let entry = wiki.entry("imagenet-class-index.md").expect("the entry is parsed");
    assert_eq!(entry.to_source(), text, "even a 20 MB entry round-trips");
    let last = on(&report, "imagenet-class-index.md", "broken-link");
    assert_eq!(last.len(), 1, "{}", dump(&report));
    let line = text.lines().position(|line| line == "- [[ILSVRC]]").unwrap() + 1;
    assert_eq!(last[0].line, line, "the red link at the end is found, on its line");
    assert_good_entries_checked(&wiki, &report);
}

// YAML that cannot be read must point at its line, and the body is still checked.
#[test]
fn broken_yaml_front_matter_is_a_front_matter_error() {
    let (_work, root) = wiki_with_good_entries();
    let text = "---\ntitle: Residual Network\nkind: concept\naliases: [ResNet, Deep residual network\nstatus: published\n---\n\n\
                # Residual Network\n\nA residual network learns changes to its input; see [[Highway Network]].\n\n\
                ## Snapshot\n\n- Field: computer vision.\n\n## Definition\n\nBlocks compute `x + F(x)`.\n\n\
                ## Related Pages\n\n- [[Kaiming He]]\n\n## Sources\n\n- Kaiming He et al., CVPR 2016.\n";
    fs::write(root.join("residual-network.md"), text).unwrap();
    let (wiki, report) = validate(&root);
    let found = on(&report, "residual-network.md", "front-matter");
    assert_eq!(found.len(), 1, "{}", dump(&report));
    assert!(found[0].message.starts_with("front matter is not valid YAML"), "{}", found[0].message);
    assert!((4..=5).contains(&found[0].line), "points into the YAML, at or after the unclosed list: {}", found[0].line);
    let body = on(&report, "residual-network.md", "broken-link");
    assert!(body.iter().any(|d| d.message.contains("Highway Network")), "the body is still checked: {}", dump(&report));
    assert_eq!(wiki.index().resolve_name("Residual Network").len(), 1, "the entry is still indexed by its H1");
    assert_good_entries_checked(&wiki, &report);
}

// Permission denied must be named; as root (permissions ignored) only "nothing breaks" is checkable here.
#[cfg(unix)]
#[test]
fn file_and_folder_without_read_permission_are_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    let (_work, root) = wiki_with_good_entries();
    let draft = root.join("draft.md");
    fs::write(&draft, "# Draft\n\nNot yet written.\n").unwrap();
    fs::set_permissions(&draft, fs::Permissions::from_mode(0o000)).unwrap();
    let private = root.join("private");
    fs::create_dir(&private).unwrap();
    fs::write(private.join("notes.md"), "# Notes\n").unwrap();
    fs::set_permissions(&private, fs::Permissions::from_mode(0o000)).unwrap();
    let permissions_apply = fs::read(&draft).is_err();
    let (wiki, report) = validate(&root);
    fs::set_permissions(&private, fs::Permissions::from_mode(0o755)).unwrap();
    if permissions_apply {
        let file = on(&report, "draft.md", "unreadable");
        assert_eq!(file.len(), 1, "{}", dump(&report));
        assert_eq!(file[0].message, "cannot read `draft.md`: Permission denied");
        let folder = on(&report, "private", "unreadable");
        assert_eq!(folder.len(), 1, "{}", dump(&report));
        assert_eq!(folder[0].message, "cannot read `private`: Permission denied");
    } else {
        eprintln!("note: running with permission override (root): chmod 000 does not make files unreadable here");
        assert!(report.diagnostics.iter().all(|d| d.code != "unreadable"), "{}", dump(&report));
        assert!(wiki.entry("draft.md").is_some() && wiki.entry("private/notes.md").is_some());
    }
    assert_good_entries_checked(&wiki, &report);
}

// Opening a socket fails even for root, so this reaches the read-error path everywhere.
#[cfg(unix)]
#[test]
fn socket_named_md_is_unreadable() {
    let (_work, root) = wiki_with_good_entries();
    let _listener = std::os::unix::net::UnixListener::bind(root.join("inbox.md")).expect("bind a socket");
    let (wiki, report) = validate(&root);
    let found = on(&report, "inbox.md", "unreadable");
    assert_eq!(found.len(), 1, "{}", dump(&report));
    assert!(found[0].message.starts_with("`inbox.md` is not a regular file"), "{}", found[0].message);
    assert!(wiki.entry("inbox.md").is_none());
    assert_good_entries_checked(&wiki, &report);
}

// A FIFO named like an entry must not block validation forever waiting for a writer.
#[cfg(unix)]
#[test]
fn fifo_named_md_does_not_hang_validation() {
    let (_work, root) = wiki_with_good_entries();
    let fifo = root.join("pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    let (sender, receiver) = std::sync::mpsc::channel();
    let loading = root.clone();
    std::thread::spawn(move || sender.send(validate(&loading)).ok());
    let outcome = receiver.recv_timeout(Duration::from_secs(10));
    if outcome.is_err() {
        // Unblock the reader so the thread ends, then fail.
        drop(fs::OpenOptions::new().write(true).open(&fifo));
        panic!("validation still waits on `pipe.md` after 10 s");
    }
    let (wiki, report) = outcome.unwrap();
    assert!(on(&report, "pipe.md", "unreadable").len() == 1, "{}", dump(&report));
    assert_good_entries_checked(&wiki, &report);
}

// A symlink loop must be reported, not followed until the stack or the disk gives out.
#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_not_followed() {
    let (_work, root) = wiki_with_good_entries();
    std::os::unix::fs::symlink("b.md", root.join("a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", root.join("b.md")).unwrap();
    std::os::unix::fs::symlink("..", root.join("people/up")).unwrap();
    let (wiki, report) = validate(&root);
    for path in ["a.md", "b.md", "people/up"] {
        let found = on(&report, path, "symlink");
        assert_eq!(found.len(), 1, "{path}: {}", dump(&report));
    }
    assert!(wiki.files().iter().all(|file| !file.id.starts_with("people/up/")), "the folder loop is not walked");
    assert_good_entries_checked(&wiki, &report);
}

// Nothing outside the wiki root may be read through a symlink: the app trusts that boundary.
#[cfg(unix)]
#[test]
fn symlink_out_of_the_root_is_never_read() {
    const CANARY: &str = "Canary Outside Entry";
    let (work, root) = wiki_with_good_entries();
    let outside = work.path().join("outside");
    fs::create_dir(&outside).unwrap();
    let secret = format!(
        "---\ntitle: {CANARY}\naliases: [Canary Alias]\n---\n\n# {CANARY}\n\nsecret-canary-body [[Kaiming He]]\n"
    );
    fs::write(outside.join("secret.md"), &secret).unwrap();
    std::os::unix::fs::symlink("../outside/secret.md", root.join("notes.md")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("shared")).unwrap();
    let (wiki, report) = validate(&root);
    assert_eq!(on(&report, "notes.md", "symlink").len(), 1, "{}", dump(&report));
    assert_eq!(on(&report, "shared", "symlink").len(), 1, "{}", dump(&report));
    for diagnostic in &report.diagnostics {
        let text = format!("{} {}", diagnostic.message, diagnostic.help.as_deref().unwrap_or_default());
        assert!(!text.contains("Canary") && !text.contains("secret-canary-body"), "outside content leaked: {text}");
    }
    assert!(wiki.index().resolve_name(CANARY).is_empty(), "the outside entry is not indexed");
    assert!(wiki.index().resolve_name("Canary Alias").is_empty());
    assert!(wiki.index().entries().all(|entry| !entry.title.contains("Canary")));
    assert!(
        wiki.files()
            .iter()
            .all(|file| file.entry.as_ref().is_none_or(|entry| !entry.text().contains("secret-canary-body")))
    );
    assert_good_entries_checked(&wiki, &report);
}

// A merge committed with its conflict markers must fail validation, line by line.
#[test]
fn conflict_markers_are_errors_on_their_lines() {
    let (_work, root) = wiki_with_good_entries();
    let path = root.join("kaiming-he.md");
    let text = fs::read_to_string(&path).unwrap();
    let role =
        text.lines().find(|line| line.starts_with("- Current public role:")).expect("the seed has a role").to_owned();
    let conflicted = text.replacen(
        &format!("{role}\n"),
        &format!("<<<<<<< HEAD\n{role}\n=======\n- Current public role: Professor at MIT EECS.\n>>>>>>> review\n"),
        1,
    );
    fs::write(&path, &conflicted).unwrap();
    let first = conflicted.lines().position(|line| line == "<<<<<<< HEAD").unwrap() + 1;
    let (wiki, report) = validate(&root);
    let lines: Vec<usize> = on(&report, "kaiming-he.md", "conflict-marker").iter().map(|d| d.line).collect();
    assert_eq!(lines, [first, first + 2, first + 4], "{}", dump(&report));
    assert_good_entries_checked(&wiki, &report);
}

// A typo in wiki.toml must point at its line, and every entry must still be checked.
#[test]
fn broken_wiki_toml_is_a_schema_error_and_entries_are_still_checked() {
    let (_work, root) = wiki_with_good_entries();
    let schema = fs::read_to_string(root.join("wiki.toml")).unwrap();
    let broken = schema.replacen("stale_review_days = 365\n", "stale_review_days = 365 days\n", 1);
    assert_ne!(broken, schema, "the bundled wiki.toml sets `stale_review_days = 365`");
    fs::write(root.join("wiki.toml"), &broken).unwrap();
    let line = broken.lines().position(|line| line == "stale_review_days = 365 days").unwrap() + 1;
    let (wiki, report) = validate(&root);
    let found = on(&report, "wiki.toml", "schema");
    assert_eq!(found.len(), 1, "{}", dump(&report));
    assert!(found[0].message.starts_with("`wiki.toml` is not a valid schema"), "{}", found[0].message);
    assert_eq!(found[0].line, line, "{}", found[0].message);
    assert_good_entries_checked(&wiki, &report);
}
