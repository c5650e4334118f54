#!/bin/sh
# run.sh: builds nothing; runs the fuzz targets in build/fuzz. "once": each target over its seed corpus,
# ending with "N passed, N failed" (make check). "time SECONDS NAME...": each target for SECONDS on its corpus,
# one after the other, keeping what it finds in build/fuzz/corpus/NAME (make fuzz).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
fb="$top/build/fuzz"
mode=${1:-once}
export GRADSTEP_DATADIR="$top/datasets" GRADSTEP_LESSONDIR="$top/lessons"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# Command-line options for target $1: its dictionary and an input size that keeps each run quick.
opts() {
    o="-max_len=4096 -timeout=20 -rss_limit_mb=2048"
    [ -f "$top/tests/fuzz/$1.dict" ] && o="$o -dict=$top/tests/fuzz/$1.dict"
    echo "$o"
}

if [ "$mode" = once ]; then
    passed=0; failed=0
    for t in "$top"/tests/fuzz/fuzz_*.c; do
        name=$(basename "$t" .c); name=${name#fuzz_}
        bin="$fb/fuzz_$name"
        if [ ! -x "$bin" ]; then
            echo "FAIL fuzz_$name: not built"; failed=$((failed + 1)); continue
        fi
        log=$(mktemp)
        # Every seed and every past crash, once each; any sanitizer report or abort fails.
        if (cd "$top" && "$bin" $(opts "$name") "$top/tests/fuzz/corpus/$name"/* > "$log" 2>&1); then
            passed=$((passed + 1))
        else
            echo "FAIL fuzz_$name over tests/fuzz/corpus/$name:"; grep -E 'ERROR|SUMMARY|abort|Running:|runtime error|^[a-z_]+\(' "$log" | head -n 12
            failed=$((failed + 1))
        fi
        rm -f "$log"
    done
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
fi

secs=${2:-60}
shift 2
status=0
for name in "$@"; do
    mkdir -p "$fb/corpus/$name"
    echo "fuzz_$name: $secs s"
    (cd "$fb" && nice -n 10 "./fuzz_$name" $(opts "$name") -max_total_time="$secs" -print_final_stats=1 \
        -artifact_prefix="$fb/crash-$name-" "$fb/corpus/$name" "$top/tests/fuzz/corpus/$name" 2>&1 |
        grep -E '^(#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|.*ERROR|SUMMARY|==[0-9]+==)' | tail -n 8) || status=1
    ls "$fb"/crash-"$name"-* 2>/dev/null && { echo "fuzz_$name: crashing inputs above"; status=1; }
done
exit $status
