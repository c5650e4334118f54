#!/bin/sh
# coverage.sh: runs the unit tests, the transcripts and the shell tests against the --coverage build in $1, then
# reports gcov's line coverage per file of src/ and the total outside the full-screen UI (src/tui/).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build/coverage}
cd "$top" || exit 1
find "$build" -name '*.gcda' -delete
export GRADSTEP="$top/$build/gradstep" GRADSTEP_DATADIR="$top/datasets" GRADSTEP_LESSONDIR="$top/lessons"
export XDG_STATE_HOME="${TMPDIR:-/tmp}/gradstep-cov-state.$$" LC_ALL=C.UTF-8 NO_COLOR=
for t in "$build"/tests/unit_*; do
    [ -x "$t" ] && "$t" > /dev/null 2>&1
done
for gs in tests/transcripts/*.gs; do
    [ -f "$gs" ] && (cd tests/transcripts && "$GRADSTEP" --script "$(basename "$gs")" > /dev/null 2>&1)
done
for t in tests/sh_*.sh; do
    case $t in */sh_sanitize.sh|*/sh_fuzz.sh|*/sh_bench.sh|*/sh_install.sh) continue ;; esac
    sh "$t" > /dev/null 2>&1
done
rm -rf "$XDG_STATE_HOME"
total=0
hit=0
printf '%-24s %8s %8s\n' file lines covered
for src in src/*.c src/tui/*.c; do
    [ -f "$src" ] || continue
    obj="$build/$(dirname "$src")"
    line=$(gcov -n -o "$obj" "$src" 2>/dev/null | grep -A1 "^File '$src'" | grep 'Lines executed' | head -n 1)
    [ -n "$line" ] || continue
    pct=$(echo "$line" | sed -E 's/Lines executed:([0-9.]+)% of ([0-9]+)/\1/')
    n=$(echo "$line" | sed -E 's/Lines executed:([0-9.]+)% of ([0-9]+)/\2/')
    covered=$(awk -v p="$pct" -v n="$n" 'BEGIN { printf "%d", p * n / 100 + 0.5 }')
    printf '%-24s %8d %7.1f%%\n' "$src" "$n" "$pct"
    case $src in src/tui/*) continue ;; esac
    total=$((total + n))
    hit=$((hit + covered))
done
awk -v h="$hit" -v t="$total" 'BEGIN { printf "line coverage of src/ outside src/tui/: %d of %d lines, %.1f%%\n", h, t, t ? 100 * h / t : 0 }'
