#!/usr/bin/env bash
# Whole-process benchmarks for `quire validate` (DESIGN.md, "Targets"):
#
#   validate a 10,000-entry wiki, cold, CLI: at least 10x faster than
#   markdownlint-cli2 on the same files, and within 3x of reading and parsing
#   them with pulldown-cmark alone (quire-parse-floor).
#
# Usage: bench/run.sh [SIZE...]            (default sizes: 1000 10000)
#
# Environment:
#   SEED=1          generator seed (wikis are regenerated only when missing)
#   RUNS=10         hyperfine runs for quire and the parse floor
#   LINT_RUNS=      hyperfine runs for markdownlint-cli2 (default 5 up to
#                   1,000 entries, 3 above: one 10,000-entry run takes minutes)
#   WARMUP=1        hyperfine warmup runs
#   SKIP_QUIRE=1    measure only the floor and markdownlint-cli2 (for when the
#                   quire binary does not build yet)
#
# Needs: cargo, hyperfine (Debian: apt-get install hyperfine), node >= 20 and
# npm (markdownlint-cli2 is pinned in bench/package-lock.json). Writes the
# wikis to bench-data/wiki-SIZE and the results to bench-data/results-SIZE.md
# (bench-data/ is git-ignored).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

SEED=${SEED:-1}
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-1}
SKIP_QUIRE=${SKIP_QUIRE:-}
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
    sizes=(1000 10000)
fi

die() {
    echo "bench/run.sh: $*" >&2
    exit 2
}

command -v hyperfine >/dev/null || die "hyperfine not found (apt-get install hyperfine)"
command -v cargo >/dev/null || die "cargo not found"
command -v npm >/dev/null || die "npm not found (Node >= 20 is needed for markdownlint-cli2)"

# (a) Release binaries.
if [ -n "$SKIP_QUIRE" ]; then
    cargo build --release -p quire-bench
else
    cargo build --release -p quire-bench -p quire-cli
    [ -x target/release/quire ] || die "target/release/quire was not built"
fi

# The pinned markdownlint-cli2.
lint=bench/node_modules/.bin/markdownlint-cli2
if [ ! -x "$lint" ]; then
    (cd bench && npm ci --no-audit --no-fund)
fi
lint_version=$("$lint" --help 2>/dev/null | head -n 1 || true)

mkdir -p bench-data
results=()
for n in "${sizes[@]}"; do
    [[ "$n" =~ ^[0-9]+$ ]] || die "size must be a number: $n"
    dir=bench-data/wiki-$n

    # (b) The wiki, generated once (into a temporary folder first, so an
    # interrupted run never leaves a half-written wiki behind).
    if [ ! -f "$dir/wiki.toml" ]; then
        rm -rf "$dir" "$dir.tmp"
        target/release/quire-gen-wiki --entries "$n" --seed "$SEED" "$dir.tmp"
        mv "$dir.tmp" "$dir"
    fi
    files=$(find "$dir" -name '*.md' -not -path '*/.*' | wc -l)
    bytes=$(find "$dir" -name '*.md' -not -path '*/.*' -printf '%s\n' | awk '{s += $1} END {print s + 0}')

    # (c) The measurements. quire exits 1 when the wiki has errors and
    # markdownlint-cli2 exits 1 when it finds problems: -i ignores that.
    lint_runs=${LINT_RUNS:-$([ "$n" -le 1000 ] && echo 5 || echo 3)}
    fast_json=bench-data/results-$n-fast.json
    lint_json=bench-data/results-$n-markdownlint.json
    fast_md=bench-data/results-$n-fast.md
    lint_md=bench-data/results-$n-markdownlint.md
    fast_cmds=()
    if [ -z "$SKIP_QUIRE" ]; then
        fast_cmds+=(-n "quire validate" "target/release/quire validate $dir --format json > /dev/null")
    fi
    fast_cmds+=(-n "parse floor (pulldown-cmark)" "target/release/quire-parse-floor $dir")
    echo "== $n entries: quire and the parse floor ($RUNS runs)"
    hyperfine --warmup "$WARMUP" --runs "$RUNS" -i \
        --export-markdown "$fast_md" --export-json "$fast_json" "${fast_cmds[@]}"
    # markdownlint-cli2 runs from bench/, where it finds .markdownlint-cli2.jsonc.
    echo "== $n entries: markdownlint-cli2 ($lint_runs runs)"
    hyperfine --warmup "$WARMUP" --runs "$lint_runs" -i \
        --export-markdown "$lint_md" --export-json "$lint_json" \
        -n "markdownlint-cli2" "cd bench && node_modules/.bin/markdownlint-cli2 '../$dir/**/*.md'"

    # One report per size.
    out=bench-data/results-$n.md
    {
        echo "# quire validate benchmark: $n entries"
        echo
        echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo none)$(git diff --quiet HEAD 2>/dev/null || echo ' (modified)')"
        echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
        echo "- wiki: $dir, $files entries, $bytes bytes ($((bytes / (files > 0 ? files : 1))) bytes on average), seed $SEED"
        echo "- tools: $(hyperfine --version), $lint_version"
        echo
        cat "$fast_md"
        echo
        cat "$lint_md"
        echo
        if command -v jq >/dev/null; then
            mean() { jq -r --arg name "$2" '.results[] | select(.command == $name) | .mean' "$1"; }
            floor=$(mean "$fast_json" "parse floor (pulldown-cmark)")
            lint_mean=$(mean "$lint_json" "markdownlint-cli2")
            echo "markdownlint-cli2 / parse floor: $(awk -v a="$lint_mean" -v b="$floor" 'BEGIN {printf "%.1fx", a / b}')"
            if [ -z "$SKIP_QUIRE" ]; then
                quire=$(mean "$fast_json" "quire validate")
                echo
                echo "| target (DESIGN.md) | measured | met |"
                echo "| --- | --- | --- |"
                awk -v q="$quire" -v f="$floor" -v l="$lint_mean" 'BEGIN {
                    printf "| quire within 3x of the parse floor | %.2fx | %s |\n", q / f, (q / f <= 3 ? "yes" : "NO")
                    printf "| quire at least 10x faster than markdownlint-cli2 | %.1fx | %s |\n", l / q, (l / q >= 10 ? "yes" : "NO")
                }'
                echo
                echo "quire's diagnostics on this wiki (by severity and code):"
                echo
                echo '```'
                report=$(target/release/quire validate "$dir" --format json 2>/dev/null || true)
                jq -r '.diagnostics | group_by(.severity + " " + .code)[] | "\(length) \(.[0].severity) \(.[0].code)"' <<<"$report" ||
                    echo "(could not read quire's JSON output)"
                echo '```'
            fi
        fi
    } >"$out"
    rm -f "$fast_md" "$lint_md"
    results+=("$out")
done

echo
for out in "${results[@]}"; do
    echo "results written to $out"
done
