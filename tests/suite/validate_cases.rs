//! Fixture cases for every rule.
//!
//! `tests/cases/validate/<code>/<case>/` is a small wiki: entry files and,
//! when the case needs its own, a `wiki.toml` (otherwise
//! `tests/cases/validate/wiki.toml` is used). `expected.txt` holds the
//! diagnostics `quire-core` reports, one per line. Cases named `fires-*` must
//! report `<code>`; cases named `passes-*` must not. Rewrite the expected
//! files with `QUIRE_BLESS=1 cargo test -p quire-tests` and review the diff.

use std::fs;
use std::path::Path;

use quire_core::{Date, rules};
use quire_tests::{TODAY, cases_root, check_expected, copy_tree, validate_both_ways};

fn render(diagnostics: &[quire_core::Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let help = d.help.as_deref().map(|help| format!(" (help: {help})")).unwrap_or_default();
            format!(
                "{}:{}:{}-{}:{}: {}[{}]: {}{help}\n",
                d.path,
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                d.severity.as_str(),
                d.code,
                d.message
            )
        })
        .collect()
}

fn run_case(case: &Path, code: &str) -> Result<(), String> {
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    let wiki_root = work.path().join("wiki");
    copy_tree(case, &wiki_root);
    fs::remove_file(wiki_root.join("expected.txt")).ok();
    if !wiki_root.join("wiki.toml").exists() {
        fs::copy(cases_root().join("validate").join("wiki.toml"), wiki_root.join("wiki.toml"))
            .map_err(|e| e.to_string())?;
    }
    // Both ways, so each case pins the CLI's one-pass validation too.
    let (_, report) = validate_both_ways(&wiki_root, Date::parse(TODAY).expect("TODAY is a date"));
    let name = case.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let fired = report.diagnostics.iter().any(|d| d.code == code);
    if name.starts_with("fires") && !fired {
        return Err(format!("{}: expected `{code}` to fire:\n{}", case.display(), render(&report.diagnostics)));
    }
    if name.starts_with("passes") && fired {
        return Err(format!("{}: expected `{code}` not to fire:\n{}", case.display(), render(&report.diagnostics)));
    }
    check_expected(&case.join("expected.txt"), &render(&report.diagnostics))
}

// Every rule must fire on its bad cases and stay quiet on its good ones;
// the full output is pinned so message or span changes show up as diffs.
#[test]
fn every_rule_fires_and_passes_on_its_fixtures() {
    let mut failures = Vec::new();
    let mut missing = Vec::new();
    for rule in rules() {
        let folder = cases_root().join("validate").join(rule.code);
        let mut cases: Vec<_> =
            fs::read_dir(&folder).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
        cases.sort();
        let has = |prefix: &str| {
            cases.iter().any(|c| c.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix)))
        };
        if (!has("fires") && rule.code != "unreadable") || !has("passes") {
            missing.push(rule.code);
        }
        for case in cases {
            if let Err(failure) = run_case(&case, rule.code) {
                failures.push(failure);
            }
        }
    }
    assert!(missing.is_empty(), "rules without both `fires-*` and `passes-*` cases: {missing:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
