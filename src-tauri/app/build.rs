//! Declares the app's commands (each gets an `allow-<name>` permission) and
//! points Tauri at the capabilities folder.

const COMMANDS: &[&str] = &[
    "wiki_view",
    "load_entry",
    "analyze_entry",
    "save_entry",
    "create_entry",
    "new_entry_id",
    "renamed_entry_id",
    "wiki_problems",
    "record_unsaved",
    "discard_unsaved",
    "unsaved_edits",
    "start_up",
    "merge_with_disk_text",
    "choose_wiki_folder",
    "open_external",
    "entry_history",
    "entry_diff",
    "changed_entries",
    "restore_section",
    "commit_view",
    "stage_entry",
    "commit_staged",
    "rename_entry",
    "editor_ready",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/app/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
