#!/usr/bin/env bash
# Runs every test of Quire, installing what a fresh machine lacks first.
# This is README's test command, and .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
quire_setup

# rustfmt and clippy are rustup components; add them when missing.
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add rustfmt clippy
fi

echo "== UI checks and tests"
(cd ui && npm run check && npm test)
echo "== format"
cargo fmt --all --check
echo "== lints"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== tests (Rust, fixtures, CLI, end to end in the real app)"
cargo test --workspace --locked
