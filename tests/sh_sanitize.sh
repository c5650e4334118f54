#!/bin/sh
# sh_sanitize.sh: builds gradstep and the unit tests with AddressSanitizer and UBSan in build/asan, then
# runs the unit tests, the script transcripts and the bad-input corpus there; then builds the unit
# tests that share sums among threads with ThreadSanitizer in build/tsan and runs them on several
# threads. Any sanitizer report fails.
# Ends with "N passed, N failed". Run by make check (through tests/run.sh) and by make sanitize.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=build/asan
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
unset MAKEFLAGS MAKELEVEL MFLAGS
export GRADSTEP_DATADIR="$top/datasets" GRADSTEP_LESSONDIR="$top/lessons" LC_ALL=C.UTF-8 NO_COLOR=
export XDG_STATE_HOME="${TMPDIR:-/tmp}/gradstep-asan-state.$$"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=86"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=86"
unset GRADSTEP_HISTORY
passed=0
failed=0
report='AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:'
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

units=""
for u in "$top"/tests/unit_*.c; do
    [ -f "$u" ] && units="$units $build/tests/$(basename "$u" .c)"
done
log=$(mktemp)
if ! make -C "$top" -j2 --no-print-directory BUILD=$build SAN="$san" $build/gradstep $units > "$log" 2>&1; then
    fail "sanitizer build:"; grep -E 'error|Error' "$log" | head -n 10
    echo "$passed passed, $failed failed"
    rm -f "$log"
    exit 1
fi
bin="$top/$build/gradstep"

# Unit tests: each must pass and print no sanitizer report.
for u in $units; do
    "$top/$u" > "$log" 2>&1
    st=$?
    if grep -qE "$report" "$log"; then
        fail "$(basename "$u") under the sanitizers:"; grep -E -A3 "$report" "$log" | head -n 12
    elif [ $st -ne 0 ]; then
        fail "$(basename "$u") exited $st"; grep FAILED "$log" | head -n 5
    else
        pass
    fi
done

# Transcripts: same comparison as tests/run.sh, with sanitizer reports called out.
for gs in "$top"/tests/transcripts/*.gs; do
    [ -f "$gs" ] || continue
    name=${gs%.gs}
    (cd "$top/tests/transcripts" && "$bin" --script "$(basename "$gs")" > "$log.out" 2> "$log.err")
    st=$?
    want=0
    [ -f "$name.status" ] && want=$(cat "$name.status")
    if grep -qE "$report" "$log.err"; then
        fail "transcript $(basename "$name") under the sanitizers:"; grep -E -A3 "$report" "$log.err" | head -n 12
    elif ! cmp -s "$log.out" "$name.out" || [ "$st" != "$want" ]; then
        fail "transcript $(basename "$name"): output or exit status differs ($st, want $want)"
    elif [ -f "$name.err" ] && ! cmp -s "$log.err" "$name.err"; then
        fail "transcript $(basename "$name"): stderr differs"
    else
        pass
    fi
done
rm -f "$log.out" "$log.err"

# The bad-input corpus against the sanitizer build.
if [ -f "$top/tests/sh_bad_inputs.sh" ]; then
    GRADSTEP="$bin" sh "$top/tests/sh_bad_inputs.sh" > "$log" 2>&1
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if grep -qE "$report" "$log"; then
        fail "sh_bad_inputs under the sanitizers:"; grep -E -A3 "$report" "$log" | head -n 12
    elif [ -z "$line" ]; then
        fail "sh_bad_inputs under the sanitizers printed no result line"
    else
        p=${line%% passed*}; f=${line##*passed, }; f=${f%% failed*}
        passed=$((passed + p)); failed=$((failed + f))
        grep '^FAIL' "$log" | sed 's/^FAIL /FAIL (asan) /' | head -n 10
    fi
fi

# Hostile lessons (a lesson that starts itself or another, quoted), saves and names against the
# sanitizer build: no stack overflow, no use of a freed lesson, no report.
if [ -f "$top/tests/sh_untrusted.sh" ]; then
    GRADSTEP="$bin" UNTRUSTED_NO_TTY=1 sh "$top/tests/sh_untrusted.sh" > "$log" 2>&1
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if grep -qE "$report" "$log"; then
        fail "sh_untrusted under the sanitizers:"; grep -E -A3 "$report" "$log" | head -n 12
    elif [ -z "$line" ]; then
        fail "sh_untrusted under the sanitizers printed no result line"
    else
        p=${line%% passed*}; f=${line##*passed, }; f=${f%% failed*}
        passed=$((passed + p)); failed=$((failed + f))
        grep '^FAIL' "$log" | sed 's/^FAIL /FAIL (asan) /' | head -n 10
    fi
fi

# The worker threads that share a sum (src/pool.c), under ThreadSanitizer: the unit tests that
# step sessions, cut sums into parts and drive the pool itself, on 2 and on 5 threads.
tsan_build=build/tsan
tsan_units="$tsan_build/tests/unit_accumulate $tsan_build/tests/unit_session $tsan_build/tests/unit_pool"
if ! make -C "$top" -j2 --no-print-directory BUILD=$tsan_build SAN="-fsanitize=thread" $tsan_units > "$log" 2>&1; then
    fail "ThreadSanitizer build:"; grep -E 'error|Error' "$log" | head -n 10
else
    for threads in 2 5; do
        for u in $tsan_units; do
            GRADSTEP_THREADS=$threads TSAN_OPTIONS="halt_on_error=1:exitcode=86" "$top/$u" > "$log" 2>&1
            st=$?
            if grep -q "ThreadSanitizer" "$log"; then
                fail "$(basename "$u") under ThreadSanitizer ($threads threads):"; grep -A8 "ThreadSanitizer" "$log" | head -n 16
            elif [ $st -ne 0 ]; then
                fail "$(basename "$u") under ThreadSanitizer exited $st"; grep FAILED "$log" | head -n 5
            else
                pass
            fi
        done
    done
fi
rm -f "$log"
rm -rf "$XDG_STATE_HOME"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
