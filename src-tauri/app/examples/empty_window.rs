//! An empty Tauri window (a page with one line of text, no commands, no
//! UI): the baseline for the app's memory target in DESIGN.md ("at most 1.3x
//! an empty Tauri window measured in the same run"). Built and measured by
//! `bench/app.sh`. With `QUIRE_REPORT_STARTUP` set it prints when its page
//! has loaded (and exits, when set to `exit`): the floor under the app's
//! start-up time.

use std::time::{SystemTime, UNIX_EPOCH};

use tauri::http::Response;
use tauri::webview::PageLoadEvent;
use tauri::{Manager, WebviewUrl, WebviewWindowBuilder};

const PAGE: &[u8] = b"<!doctype html><title>Empty</title><p>An empty window.</p>";

fn main() {
    let result = tauri::Builder::default()
        .register_uri_scheme_protocol("empty", |_, _| {
            Response::builder().header("content-type", "text/html").body(PAGE.to_vec()).expect("a response")
        })
        .setup(|app| {
            let url = "empty://localhost/".parse().expect("a valid URL");
            WebviewWindowBuilder::new(app, "main", WebviewUrl::CustomProtocol(url))
                .title("Empty")
                .on_page_load(|webview, payload| {
                    // As the app reports its editor ready: the floor under the start-up benchmark.
                    let Some(exit) = std::env::var_os("QUIRE_REPORT_STARTUP").map(|value| value == "exit") else {
                        return;
                    };
                    if matches!(payload.event(), PageLoadEvent::Finished) {
                        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
                        println!("QUIRE-STARTUP page_loaded_at={}", now.as_millis());
                        if exit {
                            webview.app_handle().exit(0);
                        }
                    }
                })
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!("tauri.conf.json"));
    if let Err(error) = result {
        eprintln!("empty-window: {error}");
        std::process::exit(1);
    }
}
