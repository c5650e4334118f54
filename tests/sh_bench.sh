#!/bin/sh
# sh_bench.sh: the benchmark program builds and runs on tiny sizes (bench --quick), prints every figure's line
# and writes every figure of the committed tests/bench/results.txt (and no other) to its results file.
# The figures themselves are never asserted: they depend on the machine and on what else runs on it.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${GRADSTEP:-$top/gradstep}
bench="$(dirname "$bin")/tests/bench/bench"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-bench.XXXXXX")
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
check() { if eval "$2"; then pass; else fail "$1"; fi; }

if [ ! -x "$bench" ]; then
    fail "no benchmark program at $bench (make builds it with the tests)"
    echo "$passed passed, $failed failed"
    exit 1
fi

TMPDIR="$tmp" "$bench" --quick --gradstep "$bin" --numpy-script "$top/tests/bench/numpy_bench.py" \
    --numpy-net-script "$top/tests/bench/numpy_net_bench.py" --results "$tmp/results.txt" > "$tmp/out" 2> "$tmp/err"
status=$?
check "bench --quick exits 0, got $status: $(head -c 300 "$tmp/err")" '[ $status -eq 0 ]'
check "bench --quick writes nothing to stderr: $(head -c 300 "$tmp/err")" '[ ! -s "$tmp/err" ]'

# Each figure's line, by its label and the shape of its value (or a stated reason to skip).
line() { grep -Eq "$2" "$tmp/out" || { fail "no line for $1 in: $(head -c 2000 "$tmp/out")"; return; }; pass; }
line "the machine"            '^machine: .+, [0-9]+ cores online, compiler '
line "NumPy (found or skipped)" '^numpy: (/|skipped: )'
line "updates/s on and"       '^updates/s and 4x2: gradstep [0-9.e+]+, numpy (skipped|[0-9.e+]+, ratio [0-9.]+x \(target >= 30x: (met|NOT met)\))$'
line "updates/s on 1000x8"    '^updates/s 1000x8: gradstep [0-9.e+]+, numpy (skipped|[0-9.e+]+, ratio [0-9.]+x \(target >= 3x: (met|NOT met)\))$'
line "updates/s on the large dataset" '^updates/s [0-9]+x16: gradstep [0-9.e+]+, numpy (skipped|[0-9.e+]+, ratio [0-9.]+x \(target >= 1.5x: (met|NOT met)\))$'
line "threads on 1000x8, quiet" '^threads 1000x8 quiet \(load average [0-9.]+\): [0-9.e+]+ updates/s on 1 thread, [0-9.e+]+ on up to [0-9]+, ratio [0-9.]+x; parameters after 3 updates identical bit for bit$'
line "threads on 1000x8, busy"  '^threads 1000x8 busy \(a busy loop on each of [0-9]+ cores\): [0-9.e+]+ updates/s on 1 thread, [0-9.e+]+ on up to [0-9]+, ratio [0-9.]+x \(target >= 0.9x: (met|NOT met)\)$'
line "threads on the large dataset, quiet" '^threads [0-9]+x16 quiet \(load average [0-9.]+\): [0-9.e+]+ updates/s on 1 thread, [0-9.e+]+ on up to [0-9]+, ratio [0-9.]+x \(target > 1x: (met|NOT met)\); parameters after 3 updates identical bit for bit$'
line "threads on the large dataset, busy" '^threads [0-9]+x16 busy \(a busy loop on each of [0-9]+ cores\): [0-9.e+]+ updates/s on 1 thread, [0-9.e+]+ on up to [0-9]+, ratio [0-9.]+x \(target >= 0.9x: (met|NOT met)\)$'
t='[0-9.e+]+ (ms|us)'
vs="numpy (book|matrix) form (skipped|$t \\(ratio [0-9.]+x, target >= [0-9]+x: (met|NOT met)\\))"
line "network data"           '^network data: digits from .+ \([0-9]+ rows\), iris from .+ \([0-9]+ rows\)'
line "network digits m = 10"  "^network digits 64-30-10 sigmoid m = 10: gradstep $t per epoch; $vs; $vs\$"
line "network digits full"    "^network digits 64-30-10 sigmoid full batch: gradstep $t per epoch; $vs\$"
line "network iris m = 10"    "^network iris 4-5-3 softmax m = 10: gradstep $t per epoch; $vs\$"
line "network XOR"            '^network XOR 2-2-1 full batch: gradstep [0-9.e+]+ updates/s; numpy matrix form (skipped|[0-9.e+]+ updates/s \(ratio [0-9.]+x, target >= 50x: (met|NOT met)\))$'
for h in 30 100; do
    for n in 1797 17970; do
        line "network growth $h $n" "^network growth 64-$h-10 m = 10, n = $n: $t per epoch, [0-9.]+ ns per example and weight"
        line "network growth $h $n full" "^network growth 64-$h-10 full batch, n = $n: $t per epoch"
    done
done
for h in 30 100; do
    line "network session $h" "^network session 64-$h-10 m = 10 \\(session_step, as \`step\` runs it\\): $t per epoch; history [0-9]+ bytes a step = \\(P\\+1\\)8 with P = [0-9]+; back [0-9]+ ns per undone step at depth 1000, [0-9]+ ns at depth [0-9]+"
done
line "network threads quiet"  '^network threads 64-30-10 full batch n = 17970 quiet \(load average [0-9.]+\): [0-9.e+]+ updates/s on 1 thread, [0-9.e+]+ on up to [0-9]+, ratio [0-9.]+x$'
line "network threads busy"   '^network threads 64-30-10 full batch n = 17970 busy \(a busy loop on each of [0-9]+ cores\): [0-9.e+]+ updates/s on 1 thread, [0-9.e+]+ on up to [0-9]+, ratio [0-9.]+x \(target >= 0.9x: (met|NOT met)\)$'
line "network threads bits"   '^network threads 64-30-10 full batch n = 17970: parameters after 3 updates identical bit for bit'
line "read bandwidth"         '^read bandwidth [0-9]+x16: gradstep reads [0-9.]+ GB/s .*plain read [0-9.]+ GB/s .*[0-9]+% \(target >= 60%: (met|NOT met)\)'
line "start-up"               '^start-up to first prompt: [0-9.]+ ms \(gradstep -s EMPTY\), [0-9.]+ ms'
line "peak RSS"               '^peak RSS [0-9]+x16: ([0-9.]+ MB|skipped: )'
line "dataset memory"         '^dataset memory [0-9]+x16: ([0-9.]+ MB while stepping = [0-9.]+ x|skipped: )'
line "back"                   '^back per undone step: [0-9]+ ns at depth 1000, [0-9]+ ns at depth [0-9]+'
line "e^x"                    '^exp: worst [0-9.]+ ulp against long double over [0-9]+ arguments in \[-745, 0\], [0-9]+% with the bits'
line "CSV load"               '^CSV load: [0-9.]+ MB .* at [0-9.]+ MB/s \(target >= 50 MB/s: (met|NOT met)\)'
line "step + redraw"          '^step \+ redraw 200x60: ([0-9.]+ us CPU and [0-9]+ bytes written|skipped: )'
line "network step + redraw"  '^network step \+ redraw 200x60: ([0-9.]+ ms CPU per step key, digits 64-30-10 .*target < 5 ms: (met|NOT met)\)|skipped: )'
# The busy loops are child processes of the benchmark, in this shell's process group.
pgid=$(ps -o pgid= -p $$ 2>/dev/null | tr -d ' ')
if [ -n "$pgid" ]; then
    left=$(ps -eo pgid=,comm= 2>/dev/null | awk -v g="$pgid" '$1 == g && $2 == "bench"' | wc -l)
    check "no busy loop of the benchmark is left running ($left)" '[ "$left" -eq 0 ]'
fi
check "the generated CSV file is removed" '[ -z "$(ls "$tmp" | grep -v -e "^out$" -e "^err$" -e "^results.txt$")" ]'

# The results file: KEY TAB VALUE TAB UNIT lines, each key once, the same keys as the committed file, so that
# the figures README.md quotes (tools/bench_readme.sh) are the ones the benchmark writes today.
keys() { grep -v -e '^#' -e '^$' "$1" | cut -f1 | sort; }
check "bench --results wrote $tmp/results.txt and no .part file is left" \
    '[ -s "$tmp/results.txt" ] && [ ! -e "$tmp/results.txt.part" ]'
bad=$(grep -v -e '^#' -e '^$' "$tmp/results.txt" | awk -F '\t' 'NF != 3 || $1 !~ /^[a-z0-9_]+$/ || $2 == ""' | head -n 3)
check "every results line is KEY TAB VALUE TAB UNIT: $bad" '[ -z "$bad" ]'
dup=$(keys "$tmp/results.txt" | uniq -d | head -n 5 | tr '\n' ' ')
check "each key written once: $dup" '[ -z "$dup" ]'
committed="$top/tests/bench/results.txt"
if [ -f "$committed" ]; then
    keys "$tmp/results.txt" > "$tmp/k"
    keys "$committed" > "$tmp/c"
    gone=$(comm -23 "$tmp/c" "$tmp/k" | tr '\n' ' ')
    new=$(comm -13 "$tmp/c" "$tmp/k" | tr '\n' ' ')
    check "keys in tests/bench/results.txt that the benchmark no longer writes: $gone" '[ -z "$gone" ]'
    check "keys the benchmark writes that tests/bench/results.txt lacks (run make bench): $new" '[ -z "$new" ]'
else
    fail "no tests/bench/results.txt (make bench writes it)"
fi
rm -f "$tmp/results.txt" "$tmp/k" "$tmp/c"

rm -rf "$tmp"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
