#!/usr/bin/env bash
# Builds Quire and opens the desktop app on the bundled wiki (content/),
# installing what a fresh machine lacks first. README's run command.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
quire_setup
cargo build -p quire-desktop --locked
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  cat >&2 <<'TXT'
quire-desktop needs a display, and this session has none (DISPLAY is not set).
Run it under a virtual display instead:

  xvfb-run -a -s "-screen 0 1400x900x24" cargo run -p quire-desktop -- content

or, for the checks alone: cargo run -p quire-cli -- validate content
TXT
  exit 2
fi
exec cargo run --quiet -p quire-desktop --locked -- "${1:-content}"
