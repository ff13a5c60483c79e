//! `quire validate --fix` and `quire rename` on real files.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::run_quire;
use quire_tests::{findings, tree_snapshot, write_file};
use serde_json::Value;

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn read(dir: &Path, path: &str) -> String {
    fs::read_to_string(dir.join(path)).unwrap()
}

fn diagnostics(dir: &Path) -> Vec<(String, String)> {
    let output = run_quire(dir, &["validate", "content", "--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    findings(&report)
}

// A skipped heading level with only deeper headings under it is raised, its
// subheading follows in the next pass; CRLF and the rest of the bytes stay;
// each change is printed with file, line, code, before and after.
#[test]
fn fix_raises_a_skipped_heading_level_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let before =
        "# Ada\r\n\r\nLead.\r\n\r\n## Work\r\n\r\n#### Engines\r\n\r\nText.\r\n\r\n###### Parts\r\n\r\nMore.\r\n";
    write_file(dir.path(), "content/ada.md", before);
    let output = run_quire(dir.path(), &["validate", "content", "--fix"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let shown = text(&output);
    assert!(shown.contains("fixed content/ada.md:7 [heading-level]: `#### Engines` → `### Engines`"), "{shown}");
    assert!(shown.contains("fixed content/ada.md:11 [heading-level]: `###### Parts` → `#### Parts`"), "{shown}");
    assert!(shown.contains("2 fixes applied"), "{shown}");
    let expected = before.replace("#### Engines", "### Engines").replace("###### Parts", "#### Parts");
    assert_eq!(read(dir.path(), "content/ada.md"), expected);
    assert!(!diagnostics(dir.path()).iter().any(|(_, code)| code == "heading-level"));
}

// A fix that would change the outline (a sibling heading would become a
// subsection) is reported and not applied; the file name fix neither.
#[test]
fn fix_leaves_fixes_that_could_change_meaning() {
    let dir = tempfile::tempdir().unwrap();
    let siblings = "# Ada\n\n## Work\n\n#### Engines\n\nText.\n\n#### Notes\n\nMore.\n";
    write_file(dir.path(), "content/ada.md", siblings);
    write_file(dir.path(), "content/Babbage_Charles.md", "# Babbage\n\nSee [[Ada]].\n");
    let output = run_quire(dir.path(), &["validate", "content", "--fix"]);
    let shown = text(&output);
    assert!(shown.contains("not fixed content/ada.md:5 [heading-level]"), "{shown}");
    assert!(shown.contains("not fixed content/Babbage_Charles.md:1 [file-name]"), "{shown}");
    assert!(shown.contains("0 fixes applied"), "{shown}");
    assert_eq!(read(dir.path(), "content/ada.md"), siblings);
    assert!(dir.path().join("content/Babbage_Charles.md").exists());
    // What remains is reported as usual.
    assert!(shown.contains("warning[heading-level]"), "{shown}");
}

/// A wiki with every form of link to Babbage, a CRLF entry with a BOM, and
/// text that must not change.
fn rename_wiki(dir: &Path) {
    write_file(
        dir,
        "content/babbage.md",
        "---\ntitle: Babbage\naliases: [Charles]\n---\n\n# Babbage\n\nBuilt engines. Self link: [[Babbage#Engines]].\n\n## Engines\n\nDifference engine.\n",
    );
    write_file(
        dir,
        "content/ada.md",
        "# Ada\n\nWorked with [[Babbage]] and [[babbage|the engine man]]; see [[Babbage#Engines]].\n\
         Also [[Charles]], [his file](babbage.md) and [[Babbage Street]] (another place, red).\n\n\
         ## Related Pages\n\n- [[Babbage]]\n",
    );
    write_file(
        dir,
        "content/people/carol.md",
        "\u{feff}# Carol\r\n\r\nRead [[BABBAGE]] and [notes](../babbage.md#engines).\r\n",
    );
}

// Every link form is rewritten, links through a kept alias and to other
// names are left, unrelated bytes (CRLF, BOM) are identical, and the wiki
// validates clean of broken links afterwards.
#[test]
fn rename_rewrites_every_link_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    rename_wiki(dir.path());
    let output = run_quire(dir.path(), &["rename", "Babbage", "Charles Babbage"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(!dir.path().join("content/babbage.md").exists());
    assert_eq!(
        read(dir.path(), "content/charles-babbage.md"),
        "---\ntitle: Charles Babbage\naliases: [Charles, Babbage]\n---\n\n# Charles Babbage\n\nBuilt engines. Self link: [[Charles Babbage#Engines]].\n\n## Engines\n\nDifference engine.\n"
    );
    assert_eq!(
        read(dir.path(), "content/ada.md"),
        "# Ada\n\nWorked with [[Charles Babbage]] and [[Charles Babbage|the engine man]]; see [[Charles Babbage#Engines]].\n\
         Also [[Charles]], [his file](charles-babbage.md) and [[Babbage Street]] (another place, red).\n\n\
         ## Related Pages\n\n- [[Charles Babbage]]\n"
    );
    assert_eq!(
        fs::read(dir.path().join("content/people/carol.md")).unwrap(),
        "\u{feff}# Carol\r\n\r\nRead [[Charles Babbage]] and [notes](../charles-babbage.md#engines).\r\n".as_bytes()
    );
    let shown = text(&output);
    assert!(shown.contains("`babbage.md` → `charles-babbage.md`"), "{shown}");
    assert!(shown.contains("kept `Babbage` as an alias"), "{shown}");
    let left: Vec<(String, String)> =
        diagnostics(dir.path()).into_iter().filter(|(_, code)| code.starts_with("broken")).collect();
    assert_eq!(left, [("ada.md".to_owned(), "broken-link".to_owned())], "only the unrelated red link remains");
}

// An entry without front matter gets no alias block; the title alone moves.
#[test]
fn rename_without_front_matter_adds_none() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "content/ada.md", "# Ada\n\nSee [[Babbage]].\n");
    write_file(dir.path(), "content/babbage.md", "# Babbage\n\nSee [[Ada]].\n");
    let output = run_quire(dir.path(), &["rename", "content/babbage.md", "Charles Babbage"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(read(dir.path(), "content/charles-babbage.md"), "# Charles Babbage\n\nSee [[Ada]].\n");
    assert_eq!(read(dir.path(), "content/ada.md"), "# Ada\n\nSee [[Charles Babbage]].\n");
}

// Refusals change nothing: an existing target file, a name another entry
// has, an unknown entry, a read-only file among those to rewrite.
#[test]
fn rename_refuses_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    rename_wiki(dir.path());
    write_file(dir.path(), "content/charles-babbage.md", "# Someone Else\n\nAlready here.\n");
    let before = tree_snapshot(dir.path());
    let exists = run_quire(dir.path(), &["rename", "Babbage", "Charles Babbage"]);
    assert_eq!(exists.status.code(), Some(2));
    assert!(text(&exists).contains("`charles-babbage.md` already exists"), "{}", text(&exists));
    // `Charles` is Babbage's alias: Ada cannot take it.
    let taken = run_quire(dir.path(), &["rename", "Ada", "Charles"]);
    assert_eq!(taken.status.code(), Some(2));
    assert!(text(&taken).contains("already names `babbage.md`"), "{}", text(&taken));
    let unknown = run_quire(dir.path(), &["rename", "Nobody", "Somebody"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown).contains("no entry is named `Nobody`"));
    assert_eq!(tree_snapshot(dir.path()), before);

    fs::remove_file(dir.path().join("content/charles-babbage.md")).unwrap();
    let before = tree_snapshot(dir.path());
    let carol = dir.path().join("content/people/carol.md");
    let mut permissions = fs::metadata(&carol).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&carol, permissions).unwrap();
    let read_only = run_quire(dir.path(), &["rename", "Babbage", "Charles Babbage"]);
    assert_eq!(read_only.status.code(), Some(2), "{}", text(&read_only));
    assert!(text(&read_only).contains("people/carol.md"), "{}", text(&read_only));
    assert!(text(&read_only).contains("nothing was changed"), "{}", text(&read_only));
    assert_eq!(tree_snapshot(dir.path()), before, "a failed rename left changes");
}
