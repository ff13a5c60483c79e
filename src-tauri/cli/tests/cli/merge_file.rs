//! `quire merge-file CURRENT BASE OTHER`: exit codes, the result written
//! into CURRENT, and messages that name the file.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::run_quire;
use quire_tests::write_file;

const BASE: &str =
    "# Ada\n\nAda wrote the first published program for the engine.\n\n## Sources\n\n- Menabrea, 1842.\n";

fn merge(dir: &Path, ours: &str, theirs: &str, extra: &[&str]) -> Output {
    write_file(dir, "current.md", ours);
    write_file(dir, "base.md", BASE);
    write_file(dir, "other.md", theirs);
    let mut args = vec!["merge-file", "current.md", "base.md", "other.md"];
    args.extend_from_slice(extra);
    run_quire(dir, &args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

// The two edits git's line merge cannot take apart (two words of one line,
// two new sources) merge, into CURRENT, with exit 0 and nothing printed.
#[test]
fn a_clean_merge_is_written_into_current_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let ours = BASE.replace("first published", "first").replace("1842.\n", "1842.\n- Lovelace, Notes, 1843.\n");
    let theirs =
        BASE.replace("the engine", "Babbage's Analytical Engine").replace("1842.\n", "1842.\n- Toole, 1992.\n");
    let output = merge(dir.path(), &ours, &theirs, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(dir.path().join("current.md")).unwrap(),
        "# Ada\n\nAda wrote the first program for Babbage's Analytical Engine.\n\n## Sources\n\n- Menabrea, 1842.\n\
         - Lovelace, Notes, 1843.\n- Toole, 1992.\n"
    );
    assert_eq!(fs::read_to_string(dir.path().join("other.md")).unwrap(), theirs, "OTHER is never written");
    assert!(output.stdout.is_empty() && output.stderr.is_empty(), "{}", stderr(&output));
}

// The same words changed two ways: exit 1, the paragraph between markers of
// the size git asks for, labelled `ours`/`theirs` and the section, and the
// count on standard error naming the entry by `--path`.
#[test]
fn conflicts_exit_1_with_markers_in_current() {
    let dir = tempfile::tempdir().unwrap();
    let ours = BASE.replace("Menabrea, 1842.", "Menabrea, Sketch of the Analytical Engine, 1842.");
    let theirs = BASE.replace("Menabrea, 1842.", "Menabrea, Notions sur la machine analytique, 1842.");
    let output = merge(dir.path(), &ours, &theirs, &["--path", "content/ada.md", "--marker-size", "9"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let merged = fs::read_to_string(dir.path().join("current.md")).unwrap();
    assert_eq!(
        merged,
        "# Ada\n\nAda wrote the first published program for the engine.\n\n## Sources\n\n\
         <<<<<<<<< ours: Sources\n- Menabrea, Sketch of the Analytical Engine, 1842.\n=========\n\
         - Menabrea, Notions sur la machine analytique, 1842.\n>>>>>>>>> theirs: Sources\n"
    );
    assert!(stderr(&output).contains("`content/ada.md`: 1 conflict left between markers"), "{}", stderr(&output));
}

// A file that is not Markdown merges by lines, as git would: two edits of
// one line conflict even where an entry would merge them by words.
#[test]
fn other_files_merge_by_lines() {
    let dir = tempfile::tempdir().unwrap();
    let ours = BASE.replace("first published", "first");
    let theirs = BASE.replace("the engine", "the Analytical Engine");
    let output = merge(dir.path(), &ours, &theirs, &["--path", "notes.txt"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let merged = fs::read_to_string(dir.path().join("current.md")).unwrap();
    assert!(merged.contains("<<<<<<< ours\nAda wrote the first program"), "{merged}");
}

// A version that is not UTF-8 is merged by lines on its bytes, with
// markers: a driver that gave up would leave only our side, and the other
// side's edits one `git add` from lost.
#[test]
fn a_version_that_is_not_utf8_is_merged_by_lines_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "current.md", "# Ada\n\nour line\n");
    write_file(dir.path(), "base.md", "# Ada\n\nold line\n");
    fs::write(dir.path().join("other.md"), b"# Ada\n\nbad \xff byte\n").unwrap();
    let output =
        run_quire(dir.path(), &["merge-file", "current.md", "base.md", "other.md", "--path", "content/ada.md"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("`content/ada.md` (theirs, `other.md`) is not UTF-8 text (line 3"), "{message}");
    let merged = fs::read(dir.path().join("current.md")).unwrap();
    let expected: &[u8] = b"# Ada\n\n<<<<<<< ours\nour line\n=======\nbad \xff byte\n>>>>>>> theirs\n";
    assert_eq!(merged, expected, "{}", String::from_utf8_lossy(&merged));
}

// A missing file or a bad marker size: exit 2, a message naming the file,
// and CURRENT untouched.
#[test]
fn a_missing_file_exits_2_and_leaves_current_alone() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "current.md", BASE);
    write_file(dir.path(), "base.md", BASE);

    let output = run_quire(dir.path(), &["merge-file", "current.md", "missing.md", "base.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot read `current.md` (base, `missing.md`)"), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(dir.path().join("current.md")).unwrap(), BASE);

    let output = run_quire(dir.path(), &["merge-file", "current.md", "base.md", "base.md", "--marker-size", "0"]);
    assert_eq!(output.status.code(), Some(2), "a marker needs at least one sign");
}
