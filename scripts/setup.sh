#!/usr/bin/env bash
# Installs what building and testing Quire needs on a fresh Debian machine,
# skipping whatever is already there. Sourced by run.sh and test.sh.
set -euo pipefail

quire_setup() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

  if ! command -v cargo >/dev/null 2>&1; then
    echo "error: cargo is not installed; install Rust (stable) with rustup first" >&2
    exit 2
  fi

  # The desktop app's libraries, WebKitWebDriver, a virtual display and
  # ImageMagick (the end-to-end tests' screenshots), and OpenSSH's server and
  # client (sync tests start their own sshd on 127.0.0.1).
  local packages=(libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev
                  pkg-config webkit2gtk-driver xvfb xauth imagemagick openssh-server openssh-client)
  local missing=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
  fi

  if ! command -v tauri-driver >/dev/null 2>&1; then
    echo "== installing tauri-driver"
    cargo install tauri-driver --locked
  fi

  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "error: Node.js 20 and npm are needed for the UI" >&2
    exit 2
  fi
  echo "== UI packages"
  (cd "$root/ui" && npm ci --no-audit --no-fund)
  echo "== UI build"
  (cd "$root/ui" && npm run build)
}
