#!/usr/bin/env bash
# The many-editor sync simulation at the benchmark's size (issue 16): N
# editors, each with a clone of one remote served by `git daemon` on
# 127.0.0.1, make the same random edits and sync in the same order, once
# with `quire sync` and once with `git pull`. Prints the SIMULATION lines
# (syncs, syncs stopped by conflicts, conflicts per 100 syncs) for both.
#
# Usage: bench/sync.sh [EDITORS] [ROUNDS]     (default 8 and 300)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export QUIRE_SIM_EDITORS="${1:-8}" QUIRE_SIM_ROUNDS="${2:-300}"
cargo test --release -p quire-cli --test cli simulation_benchmark -- --ignored --nocapture 2>&1 | grep '^SIMULATION'
