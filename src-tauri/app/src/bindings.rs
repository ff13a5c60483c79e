//! The TypeScript bindings of [`crate::ipc`], committed under
//! `ui/src/ipc/bindings/`. `cargo bindings` rewrites them; a test fails
//! when they are stale, so the UI can never drift from the Rust types.

use std::path::PathBuf;

use ts_rs::{Config, TS};

use crate::ipc::*;
use quire_core::{ChangeOp, FileChange, SectionStatus, Severity};

fn bindings_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/ipc/bindings")
}

fn one<T: TS + 'static>() -> (String, String) {
    let config = Config::new();
    let text = T::export_to_string(&config).unwrap_or_else(|error| panic!("{}: {error}", T::name(&config)));
    (format!("{}.ts", T::name(&config)), text)
}

/// Core's types that cross IPC as they are (quire-core's `ts` feature).
fn from_core() -> Vec<(String, String)> {
    vec![one::<Severity>(), one::<FileChange>(), one::<ChangeOp>(), one::<SectionStatus>()]
}

/// Every wire type's file name and generated text: ipc.rs's, then core's.
fn generated() -> Vec<(String, String)> {
    let mut all = from_ipc();
    all.extend(from_core());
    all
}

/// The wire types of ipc.rs.
fn from_ipc() -> Vec<(String, String)> {
    vec![
        one::<IpcError>(),
        one::<SyncOperation>(),
        one::<SyncStatusView>(),
        one::<IncomingCommitView>(),
        one::<IncomingView>(),
        one::<SyncProgress>(),
        one::<SyncConflict>(),
        one::<SyncEnd>(),
        one::<SyncResult>(),
        one::<SyncSettings>(),
        one::<AskpassQuestion>(),
        one::<ErrorCode>(),
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
        one::<DiffChange>(),
        one::<DiffSection>(),
        one::<DiffView>(),
        one::<ChangedEntryView>(),
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
    assert_eq!(derived, from_ipc().len(), "list each `#[derive(.., TS)]` type of ipc.rs in `from_ipc()`");
}

// A binding left behind by a type that no longer crosses (a mirror
// replaced by core's own type) would still compile in the UI.
#[test]
fn no_binding_is_left_over() {
    let generated: Vec<String> = generated().into_iter().map(|(name, _)| name).collect();
    let mut left_over: Vec<String> = std::fs::read_dir(bindings_dir())
        .unwrap()
        .map(|file| file.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !generated.contains(name))
        .collect();
    left_over.sort();
    assert!(left_over.is_empty(), "bindings of no wire type {left_over:?}: run `cargo bindings` and commit the result");
}

/// Writes the bindings (`cargo bindings`), removing those of types gone.
#[test]
#[ignore = "writes files; run through `cargo bindings`"]
fn write_bindings() {
    let dir = bindings_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let generated = generated();
    for file in std::fs::read_dir(&dir).unwrap() {
        let path = file.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !generated.iter().any(|(generated, _)| *generated == name) {
            std::fs::remove_file(path).unwrap();
        }
    }
    for (name, text) in generated {
        std::fs::write(dir.join(name), text).unwrap();
    }
}
