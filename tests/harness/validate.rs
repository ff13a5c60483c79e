//! Fixture cases for every rule.
//!
//! `tests/cases/validate/<code>/<case>/` is a small wiki: entry files and,
//! when the case needs its own, a `wiki.toml` (otherwise
//! `tests/cases/validate/wiki.toml` is used). `expected.txt` holds the
//! diagnostics `quire-core` reports, one per line. Cases named `fires-*` must
//! report `<code>`; cases named `passes-*` must not.

use std::fs;
use std::path::Path;

use libtest_mimic::Trial;
use quire_core::{Date, Diagnostic, rules};
use quire_tests::{TODAY, cases_root, copy_tree, validate_both_ways};

use crate::{case_folders, check_expected, folder_name, trial};

/// One trial per case, `validate/<code>/<case>`, and the check that the
/// cases cover every rule.
pub(crate) fn trials() -> Vec<Trial> {
    let root = cases_root().join("validate");
    let mut trials = Vec::new();
    for rule in rules() {
        // Each case pins a rule's whole output, so a message or span change shows as a diff.
        for case in case_folders(&root.join(rule.code)) {
            let name = format!("validate/{}/{}", rule.code, folder_name(&case));
            trials.push(trial(name, move || run_case(&case, rule.code)));
        }
    }
    // Every rule must fire on its bad cases and stay quiet on its good ones;
    // a case folder that names no rule would never run.
    trials.push(trial("validate/every-rule-has-fires-and-passes-cases".to_owned(), move || check_coverage(&root)));
    trials
}

fn check_coverage(root: &Path) -> Result<(), String> {
    let catalog = rules();
    let mut missing = Vec::new();
    for rule in &catalog {
        let cases = case_folders(&root.join(rule.code));
        let has = |prefix: &str| cases.iter().any(|case| folder_name(case).starts_with(prefix));
        if (!has("fires") && rule.code != "unreadable") || !has("passes") {
            missing.push(rule.code);
        }
    }
    let strays: Vec<String> = case_folders(root)
        .iter()
        .map(|folder| folder_name(folder).to_owned())
        .filter(|name| !catalog.iter().any(|rule| rule.code == name))
        .collect();
    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(format!("rules without both `fires-*` and `passes-*` cases: {missing:?}"));
    }
    if !strays.is_empty() {
        problems.push(format!("case folders that name no rule, so never run: {strays:?}"));
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n")) }
}

fn run_case(case: &Path, code: &str) -> Result<(), String> {
    let work = tempfile::tempdir().map_err(|error| error.to_string())?;
    let wiki_root = work.path().join("wiki");
    copy_tree(case, &wiki_root);
    fs::remove_file(wiki_root.join("expected.txt")).ok();
    if !wiki_root.join("wiki.toml").exists() {
        fs::copy(cases_root().join("validate").join("wiki.toml"), wiki_root.join("wiki.toml"))
            .map_err(|error| error.to_string())?;
    }
    // Every way, so each case pins the CLI's one-pass validation and the app's catalog too.
    let (_, report) = validate_both_ways(&wiki_root, Date::parse(TODAY).expect("TODAY is a date"));
    let name = folder_name(case);
    let fired = report.diagnostics.iter().any(|diagnostic| diagnostic.code == code);
    if name.starts_with("fires") && !fired {
        return Err(format!("{}: expected `{code}` to fire:\n{}", case.display(), render(&report.diagnostics)));
    }
    if name.starts_with("passes") && fired {
        return Err(format!("{}: expected `{code}` not to fire:\n{}", case.display(), render(&report.diagnostics)));
    }
    check_expected(&case.join("expected.txt"), render(&report.diagnostics))
}

/// The diagnostics as `expected.txt` holds them, one per line.
fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|diagnostic| {
            let help = diagnostic.help.as_deref().map(|help| format!(" (help: {help})")).unwrap_or_default();
            format!(
                "{}:{}:{}-{}:{}: {}[{}]: {}{help}\n",
                diagnostic.path,
                diagnostic.line,
                diagnostic.column,
                diagnostic.end_line,
                diagnostic.end_column,
                diagnostic.severity.as_str(),
                diagnostic.code,
                diagnostic.message
            )
        })
        .collect()
}
