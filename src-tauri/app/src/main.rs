//! `quire-desktop [WIKI_DIR]`: the Quire desktop editor.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    quire_desktop::run();
}
