#!/usr/bin/env bash
# Instruction counts of `epure extract` (parse + extraction only, as the
# `--timings` of bench/run.mjs time them) on a sample of the benchmark's
# pages, under callgrind: repeatable on a loaded machine, where wall time
# is not. Usage: bench/callgrind.sh [PAGES...] (default: 13 pages, both sets).
# Prints one line per page and the total, in millions of instructions; with
# PEER=dom-smoothie, the same for that peer's binary (built by run.mjs). That
# peer reads all pages in one process: its count for a page is its second run
# in one process, less its first (what it builds on first use is not counted,
# as the CLI's warm-up is not).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
EPURE=${EPURE:-$ROOT/target/release/epure}
WORK=$ROOT/bench/.work/callgrind
mkdir -p "$WORK"
if [ $# -eq 0 ]; then
  set --
  for f in $(ls -S "$ROOT"/tests/fixtures/extract-annotated/html/*.html.gz | awk 'NR % 8 == 3'); do
    zcat "$f" > "$WORK/$(basename "$f" .gz)"
    set -- "$@" "$WORK/$(basename "$f" .gz)"
  done
  for d in lemonde-1 nytimes-1 wikipedia medium-1 ars-1; do
    [ -f "$ROOT/tests/fixtures/extract/$d/source.html" ] && set -- "$@" "$ROOT/tests/fixtures/extract/$d/source.html"
  done
fi
# The warm-up page the CLI runs first (and the one-time data it builds) is
# inside the toggled functions too: a one-paragraph page's count is taken
# off every page's.
run() {
  valgrind --tool=callgrind --callgrind-out-file="$2" \
    --toggle-collect='epure::page::parse_counted' \
    --toggle-collect='epure::analysis::Document::extract' \
    "$EPURE" extract "$1" --url http://example.com/page --timings >/dev/null 2>&1 || true
  awk '/^summary:/ {print $2}' "$2"
}
echo '<html><body><p>One line.</p></body></html>' > "$WORK/empty.html"
base=$(run "$WORK/empty.html" "$WORK/empty.out")
if [ "${PEER:-}" = dom-smoothie ]; then
  BIN=$ROOT/bench/.work/target/release/peer-dom-smoothie
  # The peer builds what it needs on first use (regular expressions):
  # a page's cost is its second run in one process, less its first.
  once() {
    for _ in $(seq "$3"); do printf '%s\thttp://example.com/page\n' "$1"; done \
      | valgrind --tool=callgrind --callgrind-out-file="$2" "$BIN" >/dev/null 2>&1 || true
    awk '/^summary:/ {print $2}' "$2"
  }
  run() {
    echo $(( $(once "$1" "$2" 2) - $(once "$1" "$2.1" 1) ))
  }
  base=0
fi
total=0
for page in "$@"; do
  out=$WORK/${PEER:-epure}-$(basename "$(dirname "$page")")-$(basename "$page").out
  ir=$(( $(run "$page" "$out") - base ))
  total=$((total + ir))
  printf '%8.2f M  %s\n' "$(echo "$ir / 1000000" | bc -l)" "$(basename "$(dirname "$page")")/$(basename "$page")"
done
printf '%8.2f M  total\n' "$(echo "$total / 1000000" | bc -l)"
