#!/bin/sh
# sh_lessons_net.sh: the numbers that the network lessons (11 to 15) quote agree with an independent
# network written in the test (tests/ref_net.c, long double, compiled here), started from the same
# initial parameters (read from gradstep's trace at step 0) and trained by the README's rules.
# Ends with "N passed, N failed". Run by make check through tests/run.sh.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GRADSTEP:-$top/gradstep}
export GRADSTEP_DATADIR="${GRADSTEP_DATADIR:-$top/datasets}"
export GRADSTEP_LESSONDIR="${GRADSTEP_LESSONDIR:-$top/lessons}"
export LC_ALL=C.UTF-8 NO_COLOR=
L=$GRADSTEP_LESSONDIR
D=$GRADSTEP_DATADIR
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
check() {
    d=$1; shift
    if "$@"; then pass; else fail "$d"; fi
}
# near A B TOL: |A - B| <= TOL.
near() {
    awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && b != "" && d <= t) }'
}
# fmt DIGITS V: V rounded to DIGITS decimals; sfmt also gives + to positives; ufmt writes the
# minus sign as the prose does (U+2212).
fmt() { awk -v d="$1" -v v="$2" 'BEGIN { printf "%.*f", d, v }'; }
sfmt() { awk -v d="$1" -v v="$2" 'BEGIN { printf "%+.*f", d, v }'; }
ufmt() { fmt "$1" "$2" | sed 's/^-/−/'; }
# says LESSON TEXT: the lesson's prose contains TEXT, line breaks read as spaces.
says() { tr '\n' ' ' < "$L/$1" | tr -s ' ' | grep -qF -- "$2"; }
# val FILE NAME [N]: the value of the N-th "NAME = V" line of a transcript.
val() {
    awk -v name="$2" -v n="${3:-1}" '$1 == name && $2 == "=" && NF == 3 { if (++c == n) { print $3; exit } }' "$1"
}
# get OUTPUT KEY: a value of ref_net's output ("C", "acc", "P w2_1_1", "a2_1@3", ...).
get() {
    printf '%s\n' "$1" | awk -v key="$2" '{ v = $NF; $NF = ""; sub(/ $/, ""); if ($0 == key) { print v; exit } }'
}
# acc_of FILE N: the accuracy count of the N-th line "step ... accuracy A/n" of a transcript.
acc_of() {
    grep -o 'accuracy [0-9]*/' "$1" | sed -n "${2}p" | tr -dc '0-9'
}
# init_params OUT CMD...: gradstep's parameters at step 0 after the commands, one a line, from its trace.
init_params() {
    out=$1; shift
    set -- "$@" "save trace $tmp/trace.csv"
    args=""
    for c in "$@"; do args="$args -c \"$c\""; done
    eval "\"$G\" $args" > /dev/null 2>&1 || { echo "init_params: gradstep failed" >&2; return 1; }
    awk -F, 'NR == 1 { for (i = 3; i <= NF; i++) if ($i ~ /^grad_/) break; last = i - 1; next }
        NR == 2 { for (i = 3; i <= last; i++) print $i; exit }' "$tmp/trace.csv" > "$out"
}
run_lesson() {
    "$G" -c "lesson $1" > "$tmp/$1.out" 2> "$tmp/$1.err"
    if [ $? -eq 0 ] && tail -n 1 "$tmp/$1.out" | grep -q '— end of the lesson —'; then
        return 0
    fi
    fail "lesson $1 did not run to its end: $(head -n 2 "$tmp/$1.err")"
    return 1
}

ref=$tmp/ref_net
if ! ${CC:-cc} -std=c11 -O2 -o "$ref" "$top/tests/ref_net.c" -lm 2> "$tmp/cc.err"; then
    fail "tests/ref_net.c does not compile: $(head -n 3 "$tmp/cc.err")"
    echo "$passed passed, $failed failed"
    exit 1
fi

# ---- the reference itself, on cases worked by hand ----
r=$("$ref" "$D/xor.csv" hidden=2)
check "ref: zeros on XOR give C = ln 2" near "$(get "$r" C)" "$(awk -v OFMT=%.17g 'BEGIN { print log(2) }')" 1e-15
check "ref: every gradient is 0 at zero on XOR" [ "$(printf '%s\n' "$r" | awk '$1 == "G" && $3 != 0' | wc -l)" -eq 0 ]
printf '1 -1 -1 1 0 0 2 -1 0\n' > "$tmp/bp"
r=$("$ref" "$D/xor.csv" hidden=2 init="$tmp/bp" example=3)
a31=$(awk -v OFMT=%.17g 'BEGIN { s1 = 1 / (1 + exp(-1)); s2 = 1 / (1 + exp(1)); print 1 / (1 + exp(-(2 * s1 - s2))) }')
check "ref: a3_1@3 by hand" near "$(get "$r" a3_1@3)" "$a31" 1e-15
check "ref: delta2_1@3 by hand (BP2)" near "$(get "$r" delta2_1@3)" \
    "$(awk -v a="$a31" -v OFMT=%.17g 'BEGIN { s = 1 / (1 + exp(-1)); print 2 * (a - 1) * s * (1 - s) }')" 1e-15

# ---- lesson 6's last page: the cancer data, raw and standardized (a single neuron: no hidden layer) ----
r=$("$ref" "$D/cancer.csv" steps=100)
check "L6: raw cancer's C and accuracy after 100 steps quoted" says 06-several-inputs.txt "C = $(fmt 4 "$(get "$r" C)") and $(get "$r" acc) of the 569"
r=$("$ref" "$D/cancer.csv" scale=std steps=100)
check "L6: standardized cancer's C and accuracy quoted" says 06-several-inputs.txt "give C = $(fmt 4 "$(get "$r" C)") and $(get "$r" acc) of 569"
check "L6: standardized cancer's accuracy is the answer" grep -q "standardized steps? = $(get "$r" acc)\$" "$L/06-several-inputs.txt"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
