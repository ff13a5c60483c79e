//! `quire-desktop [WIKI_DIR]`: the Quire desktop editor.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Started by git as `GIT_ASKPASS` (the link's name): ask the running app, print its answer, exit.
    if let Some(status) = quire_desktop::askpass::helper() {
        std::process::exit(status);
    }
    quire_desktop::run();
}
