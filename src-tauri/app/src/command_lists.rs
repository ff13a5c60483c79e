//! A command's name is written in five places: its function in
//! `commands.rs`, `generate_handler!` in `lib.rs`, `COMMANDS` in `build.rs`
//! (its `allow-` permission), `capabilities/main.json` (the grant) and the
//! UI's wrapper in `ui/src/ipc/index.ts`. Forgetting one fails at run time
//! only, as "command not found" or "not allowed"; these tests fail first.

use std::collections::BTreeSet;

const COMMANDS_RS: &str = include_str!("commands.rs");
const LIB_RS: &str = include_str!("lib.rs");
const BUILD_RS: &str = include_str!("../build.rs");
const CAPABILITIES: &str = include_str!("../capabilities/main.json");
const IPC_TS: &str = include_str!("../../../ui/src/ipc/index.ts");

/// The names of the `#[tauri::command]` functions of `commands.rs`.
fn defined() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut lines = COMMANDS_RS.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "#[tauri::command]" {
            continue;
        }
        let signature = lines.next().unwrap_or_default();
        let name = signature.split("fn ").nth(1).unwrap_or_default();
        names.insert(name.split(['(', '<']).next().unwrap_or_default().to_owned());
    }
    names
}

/// The commands `generate_handler!` registers in `lib.rs`.
fn registered() -> BTreeSet<String> {
    let list = LIB_RS.split("generate_handler![").nth(1).and_then(|rest| rest.split(']').next()).unwrap_or_default();
    list.split(',').map(str::trim).filter_map(|item| item.strip_prefix("commands::")).map(str::to_owned).collect()
}

/// The commands `build.rs` declares (`COMMANDS`).
fn declared() -> BTreeSet<String> {
    let list =
        BUILD_RS.split("COMMANDS: &[&str] = &[").nth(1).and_then(|rest| rest.split("];").next()).unwrap_or_default();
    quoted(list, '"')
}

/// The app's own commands the main window is granted (`allow-<name>`).
fn granted() -> BTreeSet<String> {
    let capabilities: serde_json::Value = serde_json::from_str(CAPABILITIES).unwrap();
    let permissions = capabilities["permissions"].as_array().unwrap();
    permissions
        .iter()
        .filter_map(|permission| permission.as_str()?.strip_prefix("allow-"))
        .map(|name| name.replace('-', "_"))
        .collect()
}

/// The commands the UI calls: through `invoke` in `ipc/index.ts`, and
/// `start_up`, which the page's first script calls (`START_UP_SCRIPT`).
fn called() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for call in IPC_TS.split("invoke").skip(1) {
        // `invoke<Type>("name"` or `invoke("name"`.
        let call = call.trim_start();
        let call = if call.starts_with('<') { call.split_once(">(").map_or("", |(_, rest)| rest) } else { call };
        if let Some(rest) = call.strip_prefix('(').unwrap_or(call).strip_prefix('"') {
            names.insert(rest.split('"').next().unwrap_or_default().to_owned());
        }
    }
    names.extend(quoted(crate::START_UP_SCRIPT.split("invoke(").nth(1).unwrap_or_default(), '\'').into_iter().take(1));
    names
}

/// The texts between `quote`s in `text`.
fn quoted(text: &str, quote: char) -> BTreeSet<String> {
    text.split(quote).skip(1).step_by(2).map(str::to_owned).collect()
}

// Every list names the same commands; the message says which list lacks
// or adds which names, against the functions of `commands.rs`.
#[test]
fn the_five_lists_of_commands_agree() {
    let defined = defined();
    assert!(defined.len() > 20, "found only {defined:?} in commands.rs");
    let lists = [
        ("`generate_handler!` in lib.rs", registered()),
        ("`COMMANDS` in build.rs", declared()),
        ("capabilities/main.json", granted()),
        ("ui/src/ipc/index.ts", called()),
    ];
    let mut differences = Vec::new();
    for (place, names) in &lists {
        let missing: Vec<&String> = defined.difference(names).collect();
        let extra: Vec<&String> = names.difference(&defined).collect();
        if !missing.is_empty() || !extra.is_empty() {
            differences.push(format!("{place}: missing {missing:?}, not in commands.rs {extra:?}"));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

// The parsers above must see a forgotten name, or the test above passes
// on lists it cannot read.
#[test]
fn the_parsers_read_each_list() {
    assert!(registered().contains("wiki_view") && registered().contains("editor_ready"));
    assert!(declared().contains("wiki_view") && declared().contains("editor_ready"));
    assert!(granted().contains("wiki_view") && !granted().contains("core:event:allow_listen"));
    assert!(called().contains("start_up") && called().contains("rename_entry") && called().contains("wiki_view"));
    assert!(defined().contains("choose_wiki_folder") && defined().contains("merge_with_disk_text"));
}
