#!/bin/sh
# sh_bench_readme.sh: README.md's measured figures are those of tests/bench/results.txt, each marked, none
# left unmarked in Performance and Speed; and tools/bench_readme.sh and tools/bench_figures.sh on fixtures.
# Measures nothing: it compares text (tests/sh_bench.sh runs the benchmark itself).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
tool="$top/tools/bench_readme.sh"
scan="$top/tools/bench_figures.sh"
results="$top/tests/bench/results.txt"
fixed="$top/tests/bench/readme_fixed.txt"
readme="$top/README.md"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-benchdoc.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
check() { if eval "$2"; then pass; else fail "$1"; fi; }
tab=$(printf '\t')

# ---- the rewriting tool on a small fixture
printf '# a comment\n\nstep_ms\t1.25\tms\nrate\t11,250,000\tupdates/s\ncpu\tAMD & co \\1\tthe processor\n' > "$tmp/r.txt"
cat > "$tmp/in.md" <<'EOF'
# Title <!-- section: x -->
A step takes <!--bench:step_ms-->9.99<!--/bench--> ms at <!--bench:rate-->1<!--/bench--> updates/s; again <!--bench:step_ms--><!--/bench-->.
| cpu | <!--bench:cpu-->old<!--/bench--> |
text & \1 with	a tab and trailing spaces  
EOF
cat > "$tmp/want.md" <<'EOF'
# Title <!-- section: x -->
A step takes <!--bench:step_ms-->1.25<!--/bench--> ms at <!--bench:rate-->11,250,000<!--/bench--> updates/s; again <!--bench:step_ms-->1.25<!--/bench-->.
| cpu | <!--bench:cpu-->AMD & co \1<!--/bench--> |
text & \1 with	a tab and trailing spaces  
EOF
cp "$tmp/in.md" "$tmp/t.md"
sh "$tool" "$tmp/r.txt" "$tmp/t.md" > "$tmp/out" 2>&1
status=$?
check "the tool rewrites a fixture (exit $status): $(head -c 300 "$tmp/out")" '[ $status -eq 0 ] && [ ! -s "$tmp/out" ]'
check "every marked value replaced, the text around it untouched: $(diff "$tmp/want.md" "$tmp/t.md" | head -n 6)" \
    'cmp -s "$tmp/want.md" "$tmp/t.md"'
sh "$tool" "$tmp/r.txt" "$tmp/t.md" > "$tmp/out" 2>&1
status=$?
check "a second run changes nothing (idempotent)" '[ $status -eq 0 ] && cmp -s "$tmp/want.md" "$tmp/t.md"'
sh "$tool" --check "$tmp/r.txt" "$tmp/t.md" > "$tmp/out" 2>&1
status=$?
check "--check passes on the rewritten text: $(head -c 300 "$tmp/out")" '[ $status -eq 0 ] && [ ! -s "$tmp/out" ]'
ls "$tmp" > "$tmp/files"
check "no temporary file is left beside the text: $(tr '\n' ' ' < "$tmp/files")" \
    '[ "$(grep -c bench-readme "$tmp/files")" -eq 0 ]'

# --check names each hand-edited figure with its line, and changes nothing
cp "$tmp/in.md" "$tmp/c.md"
sh "$tool" --check "$tmp/r.txt" "$tmp/c.md" > "$tmp/out" 2>&1
status=$?
check "--check fails on figures that differ (exit $status)" '[ $status -ne 0 ]'
check "--check names the line, the key and both values: $(head -c 400 "$tmp/out")" \
    'grep -qF "c.md:2: step_ms is 9.99 here, 1.25 in $tmp/r.txt" "$tmp/out" && grep -qF "c.md:3: cpu is old here" "$tmp/out"'
check "--check leaves the text as it was" 'cmp -s "$tmp/in.md" "$tmp/c.md"'

# errors: each names the file and line, and the text is left as it was
bad_case() { # NAME TEXT EXPECTED-MESSAGE
    printf 'first line\n%s\n' "$2" > "$tmp/bad.md"
    cp "$tmp/bad.md" "$tmp/bad0.md"
    sh "$tool" "$tmp/r.txt" "$tmp/bad.md" > "$tmp/out" 2>&1
    status=$?
    check "$1: exit $status, want 1" '[ $status -eq 1 ]'
    want=$3
    check "$1: message naming bad.md:2: $(head -c 300 "$tmp/out")" 'grep -qF "bad.md:2: $want" "$tmp/out"'
    check "$1: the text is left as it was" 'cmp -s "$tmp/bad0.md" "$tmp/bad.md"'
}
bad_case "an unknown key" 'fast: <!--bench:step_ms-->1<!--/bench--> and <!--bench:no_such_key-->2<!--/bench-->' \
    "no figure no_such_key in $tmp/r.txt"
bad_case "a mark not closed" 'took <!--bench:step_ms-->1.25 ms' '<!--bench:step_ms--> has no <!--/bench-->'
bad_case "a malformed mark" 'took <!-- bench:step_ms -->1.25<!-- /bench --> ms' 'a bench mark out of place'
bad_case "an upper-case key" 'took <!--bench:STEP-->1.25<!--/bench--> ms' 'malformed mark'
bad_case "a mark opening a line" '<!--bench:step_ms-->1.25<!--/bench--> ms a step' 'a mark begins the line'
bad_case "a mark opening a list item's line" '  <!--bench:step_ms-->1.25<!--/bench--> ms a step' \
    'a mark begins the line'
printf 'step_ms\t1\tms\nstep_ms\t2\tms\n' > "$tmp/dup.txt"
sh "$tool" "$tmp/dup.txt" "$tmp/t.md" > "$tmp/out" 2>&1
status=$?
check "a key given twice in the results is an error naming its line: $(head -c 200 "$tmp/out")" \
    '[ $status -eq 1 ] && grep -qF "dup.txt:2: key step_ms given twice" "$tmp/out"'
printf 'step_ms 1 ms\n' > "$tmp/sp.txt"
sh "$tool" "$tmp/sp.txt" "$tmp/t.md" > "$tmp/out" 2>&1
status=$?
check "a results line without tabs is an error: $(head -c 200 "$tmp/out")" \
    '[ $status -eq 1 ] && grep -qF "sp.txt:1: not a KEY TAB VALUE TAB UNIT line" "$tmp/out"'

# ---- the scan for unmarked figures, on a fixture
cat > "$tmp/fixed.txt" <<'EOF'
# a comment
slices of 30 ms
EOF
cat > "$tmp/s.md" <<'EOF'
## Other
Outside, 1.25 ms is free.
<!-- section: performance -->
## Performance
Marked: <!--bench:step_ms-->1.25<!--/bench--> ms, targets ≥ 30x and < 2 ms, in slices of 30 ms.
| Figure | gradstep |
|---|---:|
| 1,000 x 8 on 200x60 | <!--bench:rate-->11,250,000<!--/bench--> |
<!-- /section: performance -->
### Speed
A redraw took <!--bench:step_ms-->1.25<!--/bench--> ms.
## After
And 7.5 ms here is free.
EOF
sh "$scan" "$tmp/fixed.txt" "$tmp/s.md" > "$tmp/out" 2>&1
status=$?
check "marked figures, targets, sizes and listed phrases pass the scan: $(head -c 400 "$tmp/out")" \
    '[ $status -eq 0 ] && [ ! -s "$tmp/out" ]'
scan_case() { # NAME LINE-TO-ADD-IN-PERFORMANCE
    awk -v add="$2" '{ print } /^## Performance/ { print add }' "$tmp/s.md" > "$tmp/s2.md"
    sh "$scan" "$tmp/fixed.txt" "$tmp/s2.md" > "$tmp/out" 2>&1
    status=$?
    check "the scan finds $1 at s2.md:5: $(head -c 300 "$tmp/out")" '[ $status -eq 1 ] && grep -qF "s2.md:5: unmarked figure" "$tmp/out"'
}
scan_case "a time" "One step takes 1.6 ms."
scan_case "a time in microseconds" "iris: 13 µs an epoch"
scan_case "a rate" "a load at 150 MB/s"
scan_case "a ratio" "gradstep is 99x faster"
scan_case "a percentage" "reads 78% of the bandwidth"
scan_case "updates per second" "and 4,828,000 updates a second"
scan_case "a decimal" "the ratio was 1.03 that time"
scan_case "a load average" "measured at load average 3 and more"
scan_case "a table cell holding only a number" "| 1,000 x 8 | 283,000 |"
scan_case "a figure beside a mark" "took <!--bench:step_ms-->1.25<!--/bench--> ms, then 1.4 ms"
awk '/^### Speed/ { print; print "A step on big data takes about 25 ms."; next } { print }' "$tmp/s.md" > "$tmp/s3.md"
sh "$scan" "$tmp/fixed.txt" "$tmp/s3.md" > "$tmp/out" 2>&1
status=$?
check "the scan covers the Speed subsection: $(head -c 300 "$tmp/out")" '[ $status -eq 1 ] && grep -qF "s3.md:11: unmarked" "$tmp/out"'
grep -v '^### Speed' "$tmp/s.md" > "$tmp/s4.md"
sh "$scan" "$tmp/fixed.txt" "$tmp/s4.md" > "$tmp/out" 2>&1
status=$?
check "a README without its Speed heading fails the scan: $(head -c 300 "$tmp/out")" \
    '[ $status -eq 1 ] && grep -qF "no ### Speed heading" "$tmp/out"'
printf 'slices of 30 ms\nno such phrase 5 ms\n' > "$tmp/fixed2.txt"
sh "$scan" "$tmp/fixed2.txt" "$tmp/s.md" > "$tmp/out" 2>&1
status=$?
check "a listed phrase no longer in the sections fails: $(head -c 300 "$tmp/out")" \
    '[ $status -eq 1 ] && grep -qF "no such phrase 5 ms" "$tmp/out"'

# ---- the repository's README against its results file
check "tests/bench/results.txt exists (make bench writes it)" '[ -s "$results" ]'
sh "$tool" --check "$results" "$readme" > "$tmp/out" 2>&1
status=$?
check "every marked figure in README.md equals tests/bench/results.txt (make bench-readme copies them): $(head -c 1500 "$tmp/out")" \
    '[ $status -eq 0 ] && [ ! -s "$tmp/out" ]'
sh "$scan" "$fixed" "$readme" > "$tmp/out" 2>&1
status=$?
check "every measured-looking figure in Performance and Speed is marked: $(head -c 1500 "$tmp/out")" \
    '[ $status -eq 0 ] && [ ! -s "$tmp/out" ]'
marks=$(grep -o '<!--bench:[a-z0-9_]*-->' "$readme" | wc -l)
check "README.md marks its figures ($marks marks)" '[ "$marks" -ge 100 ]'
for key in run_start_date run_start_time run_start_load run_end_load run_nproc run_cpu; do
    check "README.md says when and where the figures were measured ($key)" \
        'grep -qF "<!--bench:$key-->" "$readme" && grep -q "^$key$tab" "$results"'
done
# a hand edit of one copy of a figure is caught, at its line
line=$(grep -n '<!--bench:tui_ms-->' "$readme" | tail -n 1 | cut -d: -f1)
sed "${line}s/<!--bench:tui_ms-->[^<]*</<!--bench:tui_ms-->0.01</" "$readme" > "$tmp/README.md"
sh "$tool" --check "$results" "$tmp/README.md" > "$tmp/out" 2>&1
status=$?
check "a hand edit of one quoted figure fails, naming README.md:$line: $(head -c 300 "$tmp/out")" \
    '[ $status -ne 0 ] && grep -qF "README.md:$line: tui_ms is 0.01 here" "$tmp/out"'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
