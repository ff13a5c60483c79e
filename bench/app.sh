#!/usr/bin/env bash
# Measurements of the desktop app (DESIGN.md, "Targets"), on a release build:
#
#   keystroke to preview painted, typical and 200 KB entries (median, p95):
#   inside the page (keydown to the frame after the preview changed) and on
#   the screen (a real key press through XTest to the preview's pixels)
#   start to an interactive editor on the bundled wiki
#   memory (PSS) of all the app's processes, idle, against an empty Tauri
#   window measured in the same run; on the bundled wiki and on a generated
#   10,000-entry wiki
#
# Usage: bench/app.sh
#
# Needs what the end-to-end tests need (scripts/setup.sh installs it: Xvfb,
# tauri-driver, WebKitWebDriver, the UI built). Generates bench-data/wiki-10000
# when missing (as bench/run.sh does). Prints the MEASURE lines and writes them
# to bench-data/app-results.txt. Run it on an otherwise idle machine.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

npm --prefix ui run build >/dev/null
cargo build --release -p quire-desktop --bin quire-desktop --example empty-window
cargo build --release -p quire-bench --bin quire-gen-wiki
target=${CARGO_TARGET_DIR:-$root/target}
mkdir -p bench-data
if [ ! -d bench-data/wiki-10000 ]; then
    "$target/release/quire-gen-wiki" --entries 10000 --seed "${SEED:-1}" bench-data/wiki-10000
fi

QUIRE_APP_BINARY="$target/release/quire-desktop" \
QUIRE_EMPTY_WINDOW_BINARY="$target/release/examples/empty-window" \
QUIRE_BENCH_WIKI="$root/bench-data/wiki-10000" \
    cargo test --release -p quire-tests --test e2e -- --ignored --nocapture --test-threads 1 measure_ \
    | tee /dev/stderr | grep -o 'MEASURE.*' > bench-data/app-results.txt
echo "results: bench-data/app-results.txt"

# Start-up as whole processes: each program runs until the moment it reports
# (QUIRE_REPORT_STARTUP=exit: the app's first interactive frame, the empty
# window's page loaded) and exits; hyperfine times spawn to exit.
if command -v hyperfine >/dev/null; then
    display=:97
    Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    trap 'kill "$xvfb" 2>/dev/null' EXIT
    sleep 1
    wiki=$(mktemp -d)
    cp -r content "$wiki/content"
    hyperfine -N --warmup 1 --runs 12 --export-markdown bench-data/app-start-hyperfine.md \
        -n "quire-desktop, bundled wiki" \
        "env DISPLAY=$display QUIRE_REPORT_STARTUP=exit XDG_DATA_HOME=$wiki/data $target/release/quire-desktop $wiki/content" \
        -n "empty Tauri window" \
        "env DISPLAY=$display QUIRE_REPORT_STARTUP=exit $target/release/examples/empty-window"
fi
