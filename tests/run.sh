#!/bin/sh
# run.sh: runs every test of gradstep against the build in $1 and ends with "N passed, N failed, N skipped".
# Unit test programs, script-mode transcripts, and the shell tests (tests/sh_*.sh) all count.
set -u
build=${1:-build/check}
top=$(cd "$(dirname "$0")/.." && pwd)
bin="$top/$build/gradstep"
export GRADSTEP="$bin" GRADSTEP_DATADIR="$top/datasets" GRADSTEP_LESSONDIR="$top/lessons"
export XDG_STATE_HOME="${TMPDIR:-/tmp}/gradstep-test-state.$$"
export LC_ALL=C.UTF-8 NO_COLOR=
unset GRADSTEP_HISTORY
passed=0
failed=0
skipped=0

# Adds the counts of the last "N passed, N failed[, N skipped]" line in file $2 for the test named $1.
# Skips: the line's own count when it gives one, else the test's "SKIP reason" lines, one each.
tally() {
    line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAIL $1: printed no result line"
        failed=$((failed + 1))
        return
    fi
    p=$(echo "$line" | sed -E 's/^([A-Za-z]+: )?([0-9]+) passed.*/\2/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    case $line in
    *" skipped"*) k=$(echo "$line" | sed -E 's/.* ([0-9]+) skipped.*/\1/') ;;
    *) k=$(grep -c '^SKIP' "$2") ;;
    esac
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + k))
    if [ "$k" -gt 0 ]; then echo "$1: $p passed, $f failed, $k skipped"; else echo "$1: $p passed, $f failed"; fi
}

out=$(mktemp)
for t in "$top/$build"/tests/unit_*; do
    [ -x "$t" ] || continue
    "$t" > "$out" 2>&1
    status=$?
    if [ $status -ne 0 ] && ! grep -q ' failed' "$out"; then
        echo "FAIL $(basename "$t"): exited $status"; failed=$((failed + 1))
    fi
    grep 'FAILED' "$out" | head -n 20
    tally "$(basename "$t")" "$out"
done

# Transcripts: NAME.gs runs in script mode from tests/transcripts; its stdout must equal NAME.out,
# its stderr NAME.err (empty when absent), its exit status NAME.status (0 when absent).
tp=0; tf=0
for gs in "$top"/tests/transcripts/*.gs; do
    [ -f "$gs" ] || continue
    name=${gs%.gs}
    (cd "$top/tests/transcripts" && "$bin" --script "$(basename "$gs")" > "$out.stdout" 2> "$out.stderr")
    status=$?
    want_status=0
    [ -f "$name.status" ] && want_status=$(cat "$name.status")
    ok=1
    if ! cmp -s "$out.stdout" "$name.out"; then
        ok=0; echo "FAIL transcript $(basename "$name"): stdout differs"; diff "$name.out" "$out.stdout" | head -n 20
    fi
    if [ -f "$name.err" ]; then
        cmp -s "$out.stderr" "$name.err" || { ok=0; echo "FAIL transcript $(basename "$name"): stderr differs"; diff "$name.err" "$out.stderr" | head -n 10; }
    elif [ -s "$out.stderr" ]; then
        ok=0; echo "FAIL transcript $(basename "$name"): unexpected stderr"; head -n 5 "$out.stderr"
    fi
    if [ "$status" != "$want_status" ]; then
        ok=0; echo "FAIL transcript $(basename "$name"): exit $status, want $want_status"
    fi
    if [ $ok = 1 ]; then tp=$((tp + 1)); else tf=$((tf + 1)); fi
done
rm -f "$out.stdout" "$out.stderr"
echo "transcripts: $tp passed, $tf failed"
passed=$((passed + tp)); failed=$((failed + tf))

for t in "$top"/tests/sh_*.sh; do
    [ -f "$t" ] || continue
    sh "$t" > "$out" 2>&1
    grep -E '^(FAIL|SKIP)' "$out" | head -n 20
    tally "$(basename "$t" .sh)" "$out"
done
rm -f "$out"
rm -rf "$XDG_STATE_HOME"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
