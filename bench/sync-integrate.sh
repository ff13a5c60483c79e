#!/usr/bin/env bash
# How long `quire sync` takes to integrate a colleague's 1,000 changed
# entries (issue 16: at most 2x git's own merge of the same commits).
#
# A 2,000-entry generated wiki; a colleague changes one sentence in each of
# 1,000 entries and pushes; we have changed a different section of 100 of
# those entries, so the merge driver runs on 100 files (git merges the rest
# without it). Measured with hyperfine, each run from the same state:
#   git merge:   git merge --no-edit origin/main (git's line merge)
#   quire sync:  the whole `quire sync` (fetch from a local bare repository,
#                merge with the driver, validate the merge, commit, push)
# Usage: bench/sync-integrate.sh   (writes bench-data/sync-integrate.md)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --release -p quire-cli -p quire-bench
work=$(mktemp -d)
# QUIRE_BENCH_KEEP=1 keeps the clones for a look afterwards.
[ -n "${QUIRE_BENCH_KEEP:-}" ] && echo "clones in $work" || trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
target/release/quire-gen-wiki "$work/seed/content" --entries 2000 >/dev/null
git -C "$work/seed" init -q --initial-branch=main
git -C "$work/seed" add -A
git -C "$work/seed" commit -qm "The wiki"
git clone -q --bare "$work/seed" "$work/remote.git"
git clone -q "$work/remote.git" "$work/colleague"
git clone -q "$work/remote.git" "$work/us"
mapfile -t files < <(cd "$work/colleague" && git -c core.quotePath=false ls-files 'content/*.md' | head -1000)
# The colleague: one word of the lead (the line after the H1's blank line) in 1,000 entries.
for file in "${files[@]}"; do
  perl -0pi -e 's/^(# [^\n]*\n\n\S+)/$1 indeed/m' "$work/colleague/$file"
done
git -C "$work/colleague" commit -qam "A word in 1,000 leads"
git -C "$work/colleague" push -q origin main
# Us: the Sources section of 100 of them gets one more item.
for file in "${files[@]:0:100}"; do
  perl -0pi -e 's/(## Sources\n\n(?:- [^\n]*\n)*)/$1- Bench Team, "Notes", Workshop 2026.\n/' "$work/us/$file"
done
git -C "$work/us" commit -qam "A source in 100 entries"
git -C "$work/us" fetch -q
ours=$(git -C "$work/us" rev-parse HEAD)
theirs=$(git -C "$work/us" rev-parse origin/main)
reset="git -C $work/us merge --abort 2>/dev/null; git -C $work/us reset -q --hard $ours && git -C $work/remote.git update-ref refs/heads/main $theirs && git -C $work/us update-ref refs/remotes/origin/main $theirs"
[ -n "${QUIRE_BENCH_SETUP_ONLY:-}" ] && exit 0
hyperfine --warmup 1 --runs 10 --prepare "$reset" --export-markdown bench-data/sync-integrate.md \
  -n "git merge" "git -C $work/us merge -q --no-edit origin/main" \
  -n "quire sync" "cd $work/us && QUIRE_TODAY=2026-12-01 $root/target/release/quire sync --wiki content"
