//! An empty Tauri window (a page with one line of text, no commands, no
//! UI): the baseline for the app's memory target in DESIGN.md ("at most 1.3x
//! an empty Tauri window measured in the same run"). Built and measured by
//! `bench/app.sh`.

use tauri::http::Response;
use tauri::{WebviewUrl, WebviewWindowBuilder};

const PAGE: &[u8] = b"<!doctype html><title>Empty</title><p>An empty window.</p>";

fn main() {
    let result = tauri::Builder::default()
        .register_uri_scheme_protocol("empty", |_, _| {
            Response::builder().header("content-type", "text/html").body(PAGE.to_vec()).expect("a response")
        })
        .setup(|app| {
            let url = "empty://localhost/".parse().expect("a valid URL");
            WebviewWindowBuilder::new(app, "main", WebviewUrl::CustomProtocol(url)).title("Empty").build()?;
            Ok(())
        })
        .run(tauri::generate_context!("tauri.conf.json"));
    if let Err(error) = result {
        eprintln!("empty-window: {error}");
        std::process::exit(1);
    }
}
