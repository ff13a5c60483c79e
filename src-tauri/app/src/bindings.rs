//! The TypeScript bindings of [`crate::ipc`], committed under
//! `ui/src/ipc/bindings/`. `cargo bindings` rewrites them; a test fails
//! when they are stale, so the UI can never drift from the Rust types.

use std::path::PathBuf;

use ts_rs::{Config, TS};

use crate::ipc::*;

fn bindings_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/ipc/bindings")
}

/// Every wire type's file name and generated text.
fn generated() -> Vec<(String, String)> {
    fn one<T: TS + 'static>() -> (String, String) {
        let config = Config::new();
        let text = T::export_to_string(&config).unwrap_or_else(|error| panic!("{}: {error}", T::name(&config)));
        (format!("{}.ts", T::name(&config)), text)
    }
    vec![
        one::<IpcError>(),
        one::<Level>(),
        one::<Problem>(),
        one::<OutlinePart>(),
        one::<PagePart>(),
        one::<EntryRef>(),
        one::<Analysis>(),
        one::<EntryView>(),
        one::<EntryInfo>(),
        one::<KindInfo>(),
        one::<WikiView>(),
        one::<SaveOutcome>(),
        one::<WikiChanged>(),
        one::<UnsavedEdit>(),
        one::<StartUp>(),
        one::<MergeResult>(),
        one::<VersionSpec>(),
        one::<HistoryItem>(),
        one::<DiffOp>(),
        one::<DiffChange>(),
        one::<DiffSection>(),
        one::<DiffView>(),
        one::<ChangedEntryView>(),
        one::<ChangeKind>(),
        one::<Staging>(),
        one::<CommitEntry>(),
        one::<AffectedEntry>(),
        one::<CommitView>(),
        one::<CommitDone>(),
        one::<RenameResult>(),
    ]
}

// The UI imports these files; a Rust change without regenerating them would
// break the UI silently at run time.
#[test]
fn bindings_are_current() {
    let mut stale = Vec::new();
    for (name, text) in generated() {
        let path = bindings_dir().join(&name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name);
        }
    }
    assert!(stale.is_empty(), "stale TypeScript bindings {stale:?}: run `cargo bindings` and commit the result");
}

// A wire type added to ipc.rs but not to `generated()` would never reach the UI.
#[test]
fn every_wire_type_is_generated() {
    let source = include_str!("ipc.rs");
    let derived = source.lines().filter(|line| line.starts_with("#[derive(") && line.contains(" TS")).count();
    assert_eq!(derived, generated().len(), "list each `#[derive(.., TS)]` type of ipc.rs in `generated()`");
}

/// Writes the bindings (`cargo bindings`).
#[test]
#[ignore = "writes files; run through `cargo bindings`"]
fn write_bindings() {
    let dir = bindings_dir();
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in generated() {
        std::fs::write(dir.join(name), text).unwrap();
    }
}
