//! Text written by others (commit summaries and authors, entry text, file
//! names, titles) never reaches a terminal raw: every human format shows its
//! control and bidi characters escaped, and JSON and SARIF keep it exact.
//! Run on a real git repository with the real `quire`.

use std::path::Path;
use std::process::{Command, Output};

use crate::{quire_binary, run_quire};
use quire_tests::{TODAY, git, git_commit_all, git_init, git_output, write_file};
use serde_json::Value;

/// What an attacker puts in a terminal: clear the screen, write the clipboard
/// (OSC 52), a C1 control sequence introducer, a right-to-left override.
const CLEAR: &str = "\u{1b}[2J";
const CLIPBOARD: &str = "\u{1b}]52;c;cHduZWQ=\u{7}";
const C1: &str = "\u{9b}31m";
const RIGHT_TO_LEFT: &str = "\u{202e}";

fn hostile(word: &str) -> String {
    format!("{word}{CLEAR}{CLIPBOARD}{C1}{RIGHT_TO_LEFT}x")
}

/// How each piece shows when escaped.
const SHOWN: [&str; 4] = ["\\u{1b}[2J", "\\u{1b}]52;c;cHduZWQ=\\u{7}", "\\u{9b}31m", "\\u{202e}x"];

/// The raw characters that must never reach a terminal from content.
const RAW: [char; 4] = ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'];

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Fails when `shown` holds a raw control or bidi character, or lacks the
/// escaped form of the hostile text.
fn assert_escaped(what: &str, shown: &str) {
    for raw in RAW {
        assert!(!shown.contains(raw), "{what} shows {raw:?} raw:\n{shown:?}");
    }
    for piece in SHOWN {
        assert!(shown.contains(piece), "{what} lacks the escaped {piece}:\n{shown}");
    }
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("not valid JSON ({error}): {}", String::from_utf8_lossy(&output.stdout)))
}

/// A repository with a wiki in `content/`: an entry with a hostile file
/// name and a hostile red link, and `ada.md` (git history needs a valid
/// entry id), committed by a hostile author with a hostile summary; then the
/// first entry's text changed in the working copy.
fn repository(dir: &Path) -> String {
    git_init(dir);
    let name = format!("{}.md", hostile("evil"));
    write_file(dir, "content/wiki.toml", "");
    write_file(dir, &format!("content/{name}"), &format!("# Evil\n\nSee [[{}]].\n", hostile("Nowhere")));
    write_file(dir, "content/ada.md", "# Ada\n\nA lead.\n");
    git(dir, &["add", "--all"]);
    let author = format!("{} <mallory@example.org>", hostile("Mallory"));
    let committed = git_output(dir, &["commit", "--quiet", "--author", &author, "--message", &hostile("Summary")]);
    assert!(committed.status.success(), "{}", text(&committed));
    write_file(dir, &format!("content/{name}"), &format!("# Evil\n\nSee [[{}]] now.\n", hostile("Elsewhere")));
    name
}

// `quire log`: the summary and the author are the attacker's words.
#[test]
fn log_text_escapes_and_json_keeps_the_commit() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let output = run_quire(dir.path(), &["log", "content/ada.md"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_escaped("`quire log`", &text(&output));
    let log = json(&run_quire(dir.path(), &["log", "content/ada.md", "--format", "json"]));
    assert_eq!(log[0]["summary"], hostile("Summary"));
    assert_eq!(log[0]["author"], hostile("Mallory"));
}

// `quire validate`: the file name, the message quoting the link and the
// source line under the caret; JSON and SARIF keep them exactly.
#[test]
fn validate_human_escapes_and_json_and_sarif_keep_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let name = repository(dir.path());
    let output = run_quire(dir.path(), &["validate", "content"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let shown = text(&output);
    assert_escaped("`quire validate`", &shown);
    assert!(shown.contains(&format!("--> evil{}.md:3:5", SHOWN.concat())), "{shown}");
    assert!(shown.contains(&format!("3 | See [[Elsewhere{}]] now.", SHOWN.concat())), "{shown}");

    let report = json(&run_quire(dir.path(), &["validate", "content", "--format", "json"]));
    let link = report["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "broken-link").unwrap();
    assert_eq!(link["path"], name);
    assert!(link["message"].as_str().unwrap().contains(&hostile("Elsewhere")), "{link}");

    let sarif = json(&run_quire(dir.path(), &["validate", "content", "--format", "sarif"]));
    let result =
        &sarif["runs"][0]["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "broken-link").unwrap();
    assert!(result["message"]["text"].as_str().unwrap().contains(&hostile("Elsewhere")), "{result}");
}

// `quire diff`: changed and unchanged text, in the text format; HTML escapes
// markup and shows the same characters visibly; JSON keeps them.
#[test]
fn diff_text_and_html_escape_and_json_keeps_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let name = repository(dir.path());
    let entry = format!("content/{name}");
    let output = run_quire(dir.path(), &["diff", &entry]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert_escaped("`quire diff`", &text(&output));
    let html = run_quire(dir.path(), &["diff", &entry, "--format", "html"]);
    assert_escaped("`quire diff --format html`", &text(&html));
    let diff = json(&run_quire(dir.path(), &["diff", &entry, "--format", "json"]));
    let changes: String =
        diff["sections"][0]["changes"].as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap()).collect();
    assert!(changes.contains(&hostile("Elsewhere")), "{changes:?}");
    assert_eq!(diff["new"], entry);
}

// On a terminal Quire's own colours still reach it: every escape sequence
// in the output is a colour (SGR) code of ours, none is the attacker's.
#[test]
fn own_colours_survive() {
    let dir = tempfile::tempdir().unwrap();
    let name = repository(dir.path());
    let entry = format!("content/{name}");
    for args in [vec!["diff", entry.as_str()], vec!["validate", "content"]] {
        let output = Command::new(quire_binary())
            .args(&args)
            .current_dir(dir.path())
            .env("QUIRE_TODAY", TODAY)
            .env("CLICOLOR_FORCE", "1")
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&output.stdout).into_owned();
        let sequences: Vec<&str> = shown.split('\u{1b}').skip(1).collect();
        assert!(!sequences.is_empty(), "`quire {}` has no colour:\n{shown}", args[0]);
        for sequence in sequences {
            let code = &sequence[..sequence.find('m').unwrap_or(sequence.len()).min(12)];
            assert!(
                code.starts_with('[') && code[1..].chars().all(|c| c.is_ascii_digit() || c == ';'),
                "`quire {}` wrote a sequence that is not a colour: {sequence:?}",
                args[0]
            );
        }
        assert!(shown.contains("\\u{1b}[2J"), "{shown}");
    }
}

// Messages and errors quote titles and paths given by people: `quire
// rename`'s report, and an error naming a missing folder.
#[test]
fn messages_and_errors_escape_names() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "content/ada.md", "# Ada\n\nA lead.\n");
    // A title may not hold control characters, but may hold bidi controls.
    let refused = run_quire(dir.path(), &["rename", "Ada", &hostile("Ada")]);
    assert_eq!(refused.status.code(), Some(2));
    assert_escaped("`quire rename`'s refusal", &text(&refused));
    let renamed = run_quire(dir.path(), &["rename", "Ada", "Ada \u{202e}Lovelace"]);
    assert_eq!(renamed.status.code(), Some(0), "{}", text(&renamed));
    assert!(!text(&renamed).contains('\u{202e}'), "{}", text(&renamed));
    assert!(text(&renamed).contains("to `Ada \\u{202e}Lovelace`"), "{}", text(&renamed));
    let missing = run_quire(dir.path(), &["validate", &hostile("nowhere")]);
    assert_eq!(missing.status.code(), Some(2));
    assert_escaped("an error", &text(&missing));
    assert!(text(&missing).starts_with("error: `nowhere\\u{1b}[2J"), "{}", text(&missing));
    let unknown = run_quire(dir.path(), &["validate", "--format", &hostile("xml")]);
    assert_eq!(unknown.status.code(), Some(2));
    // clap drops whole escape sequences from its messages; what it keeps, we escape.
    let shown = text(&unknown);
    assert!(!shown.contains(RAW) && shown.contains("xml\\u{9b}31m\\u{202e}x"), "{shown:?}");
}

// `--fix` quotes the headings it changes; `hook install` names the folder
// the repository is in: both are other people's text.
#[test]
fn fix_and_hook_messages_escape_names() {
    let dir = tempfile::tempdir().unwrap();
    let repository = dir.path().join(hostile("repository"));
    std::fs::create_dir(&repository).unwrap();
    git_init(&repository);
    write_file(&repository, "content/t.md", &format!("# T\n\n## A\n\n#### {}\n\nText.\n", hostile("B")));
    git_commit_all(&repository, "An entry", 1);
    let fixed = run_quire(&repository, &["validate", "--fix"]);
    let shown = text(&fixed);
    assert_escaped("`quire validate --fix`", &shown);
    assert!(shown.contains(&format!("`#### B{}` \u{2192} `### B", SHOWN.concat())), "{shown}");
    let installed = run_quire(&repository, &["hook", "install"]);
    assert_eq!(installed.status.code(), Some(0), "{}", text(&installed));
    assert_escaped("`quire hook install`", &text(&installed));
}
