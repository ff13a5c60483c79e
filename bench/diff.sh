#!/usr/bin/env bash
# Whole-process diff timings (BENCHMARKS.md, "Diff"): `quire diff --format
# json` against `git diff --no-index --word-diff` on the same entry pairs.
# Usage: bench/diff.sh   (from the repository root; writes bench-data/diff-results.md)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p quire-cli -p quire-bench
target/release/quire-gen-diff-pairs bench-data/diff
quire="$PWD/target/release/quire"
commands=()
for pair in 10k-1 10k-10 10k-50 100k-1 100k-10 100k-50 1m-1 1m-10 1m-50; do
  old="bench-data/diff/$pair/old.md"
  new="bench-data/diff/$pair/new.md"
  commands+=(-n "quire $pair" "$quire diff $old $new --format json")
  commands+=(-n "git $pair" "git diff --no-index --word-diff $old $new")
done
# Both exit 1 when the files differ, as `diff` does: -i keeps hyperfine going.
hyperfine -N -i --warmup 2 --runs 10 --output=null --export-markdown bench-data/diff-results.md "${commands[@]}"
