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
# nfmt DIGITS V [+]: V as gradstep writes it with DIGITS decimals (README, "set digits": at least 3
# significant digits, scientific below both 0.0001 and 10^-DIGITS); with + a sign always.
nfmt() {
    awk -v n="$1" -v v="$2" -v s="${3:-}" 'BEGIN {
        t = sprintf("%.2e", v); e = substr(t, index(t, "e") + 1) + 0; lim = n > 4 ? n : 4
        if (v != 0 && e < -lim) { printf "%" s "." ((n > 3 ? n : 3) - 1) "e", v; exit }
        d = 2 - e; if (v == 0 || d < n) d = n
        printf "%" s "." d "f", v }'
}
# says LESSON TEXT: the lesson's prose contains TEXT, line breaks read as spaces.
says() { tr '\n' ' ' < "$L/$1" | tr -s ' ' | grep -qF -- "$2"; }
# prints FILE TEXT: a transcript contains TEXT, its line breaks and indents read as one space.
prints() { tr '\n' ' ' < "$1" | tr -s ' ' | grep -qF -- "$2"; }
# val FILE NAME [N]: the value of the N-th "NAME = V" line of a transcript.
val() {
    awk -v name="$2" -v n="${3:-1}" '$1 == name && $2 == "=" && NF == 3 { if (++c == n) { print $3; exit } }' "$1"
}
# get OUTPUT KEY: a value of ref_net's output ("C", "acc", "P w2_1_1", "a2_1@3", ...).
get() {
    printf '%s\n' "$1" | awk -v key="$2" '{ v = $NF; $NF = ""; sub(/ $/, ""); if ($0 == key) { print v; exit } }'
}
# acc_at FILE T [N]: the accuracy count of the transcript's N-th (default first) line
# "step T  C = ...  accuracy A/n".
acc_at() {
    grep "^step $2 " "$1" | sed -n "${3:-1}p" | grep -o 'accuracy [0-9]*/' | tr -dc '0-9'
}
# same A B: A and B are the same double (both read as numbers).
same() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a + 0 == b + 0) }'; }
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

# ---- the reference against gradstep where every rule is at work: two hidden layers, the quadratic
# cost, lambda, mini-batches of 7 with seed 5 (the shuffle), 50 steps ----
init_params "$tmp/deep" "load iris" "set scale standardize" "set hidden 4 3" "set init random" "set seed 5"
r=$("$ref" "$D/iris.csv" scale=std hidden=4,3 init="$tmp/deep" lambda=0.3 cost=quad batch=7 seed=5 steps=50)
g=$("$G" -c 'load iris' -c 'set scale standardize' -c 'set hidden 4 3' -c 'set seed 5' -c 'set init random' \
    -c 'set lambda 0.3' -c 'set cost quadratic' -c 'set batch 7' -c 'step 50' -c 'print C' -c 'print w2_1_1' -c 'print b4_3' 2>&1)
printf '%s\n' "$g" > "$tmp/deep.out"
check "ref: C after 50 mini-batch steps agrees with gradstep" near "$(val "$tmp/deep.out" C)" "$(get "$r" C)" 1e-12
check "ref: w2_1_1 agrees" near "$(val "$tmp/deep.out" w2_1_1)" "$(get "$r" "P w2_1_1")" 1e-12
check "ref: b4_3 agrees" near "$(val "$tmp/deep.out" b4_3)" "$(get "$r" "P b4_3")" 1e-12

# ---- lesson 6's last page: the cancer data, raw and standardized (a single neuron: no hidden layer) ----
r=$("$ref" "$D/cancer.csv" steps=100)
check "L6: raw cancer's C and accuracy after 100 steps quoted" says 06-several-inputs.txt "C = $(fmt 4 "$(get "$r" C)") and $(get "$r" acc) of the 569"
r=$("$ref" "$D/cancer.csv" scale=std steps=100)
check "L6: standardized cancer's C and accuracy quoted" says 06-several-inputs.txt "give C = $(fmt 4 "$(get "$r" C)") and $(get "$r" acc) of 569"
check "L6: standardized cancer's accuracy is the answer" grep -q "standardized steps? = $(get "$r" acc)\$" "$L/06-several-inputs.txt"

# ---- lesson 11: the seed question on iris ----
I=$D/iris.csv
for l in final-layer backprop xor-solved softmax digits; do
    if run_lesson "$l"; then pass; else : > "$tmp/$l.out"; fi
done
o=$tmp/final-layer.out
r=$("$ref" "$I")
check "L11: grad_w2_1_3 at zero quoted" says 11-final-layer.txt "the mean is $(sfmt 4 "$(get "$r" "G w2_1_3")")"
check "L11: the sum of its 150 terms quoted" says 11-final-layer.txt "the 150 terms add up to $(sfmt 2 "$(awk -v g="$(get "$r" "G w2_1_3")" 'BEGIN { printf "%.17g", 150 * g }')") and"
set -- $(awk -F, '/^#/ { next } !h { h = 1; next } { if ($NF == "setosa") s += $3; else o += $3 } END { print s, o }' "$I")
check "L11: the setosas' petal lengths add up to $1" says 11-final-layer.txt "setosas' petals add up to $1 cm, the others' to $2 cm"
check "L11: the sums give the gradient" near "$(awk -v a="$1" -v b="$2" 'BEGIN { printf "%.17g", 0.5 * (b - a) / 150 }')" "$(get "$r" "G w2_1_3")" 1e-12
x13=$(awk -F, '/^#/ { next } !h { h = 1; next } { print $3; exit }' "$I")
check "L11: x_3 of example 1 is the answer ($x13)" grep -q "petal length in cm? = $x13\$" "$L/11-final-layer.txt"
r=$("$ref" "$I" scale=std steps=300)
check "L11: the three outputs of example 1 quoted" says 11-final-layer.txt \
    "$(fmt 4 "$(get "$r" a2_1@1)"), $(fmt 4 "$(get "$r" a2_2@1)") and $(fmt 4 "$(get "$r" a2_3@1)") ($(awk -v v="$(get "$r" a2_3@1)" 'BEGIN { printf "%.1e", v }' | sed 's/e-0*/e-/'))"
check "L11: accuracy after 300 steps quoted" says 11-final-layer.txt "300 steps $(get "$r" acc) of the 150"
check "L11: neuron 1 is the largest for example 1" [ "$(get "$r" class@1)" = 0 ]
init_params "$tmp/i11" "load iris" "set scale standardize" "set hidden 5" "set init random"
r=$("$ref" "$I" scale=std hidden=5 init="$tmp/i11")
check "L11: hidden output and output of example 1 quoted" says 11-final-layer.txt \
    "a^2_2 is $(fmt 4 "$(get "$r" a2_2@1)") and the first output a^3_1 is $(fmt 4 "$(get "$r" a3_1@1)")"
check "L11: grad_w3_1_2 quoted" says 11-final-layer.txt "∂C/∂w^3_12 = $(ufmt 4 "$(get "$r" "G w3_1_2")")"
if [ -s "$o" ]; then
    r=$("$ref" "$I")
    sum=$(awk -v g="$(get "$r" "G w2_1_3")" 'BEGIN { printf "%.17g", 150 * g }')
    check "L11: explain w 2 1 3's sum and mean" prints "$o" "sum of the 150 terms = $(sfmt 4 "$sum") dC/dw2_1_3 = (1/150) * ($(sfmt 4 "$sum")) = $(sfmt 4 "$(get "$r" "G w2_1_3")")"
    check "L11: explain w 2 1 3 maps it onto eq. 61" prints "$o" "This is eq. 61 for output neuron 1: with no hidden layer"
    r=$("$ref" "$I" scale=std steps=300)
    check "L11: printed a2_1@1" near "$(val "$o" a2_1@1)" "$(get "$r" a2_1@1)" 1e-12
    check "L11: printed a2_3@1" near "$(val "$o" a2_3@1)" "$(get "$r" a2_3@1)" 1e-15
    r=$("$ref" "$I" scale=std hidden=5 init="$tmp/i11")
    sum=$(awk -v g="$(get "$r" "G w3_1_2")" 'BEGIN { printf "%.17g", 150 * g }')
    check "L11: explain w 3 1 2's sum and mean" prints "$o" "sum of the 150 terms = $(sfmt 4 "$sum") dC/dw3_1_2 = (1/150) * ($(sfmt 4 "$sum")) = $(sfmt 4 "$(get "$r" "G w3_1_2")")"
    check "L11: explain w 3 1 2 is eq. 67" prints "$o" "dC/dw3_1_2 = (1/n) sum_x a2_2 (a3_1 - y1) (eq. 67)"
    check "L11: show example 1 gives a2_2@1 as quoted" prints "$o" "a2_2@1 = $(fmt 4 "$(get "$r" a2_2@1)")"
fi

# ---- the README's "From one neuron to a network" command runs and prints lesson 11's gradient ----
cmd=$(grep -m 1 "^    gradstep iris -c 'set scale standardize'" "$top/README.md" | sed 's/^    gradstep //')
check "README: the network section's command is there" [ -n "$cmd" ]
eval "\"\$G\" $cmd" > "$tmp/readme.out" 2>&1
r=$("$ref" "$D/iris.csv" scale=std hidden=5 init="$tmp/i11")
check "README: its grad_w3_1_2 is the reference's" near "$(val "$tmp/readme.out" grad_w3_1_2)" "$(get "$r" "G w3_1_2")" 1e-14
check "README: it shows example 1's forward and backward pass" grep -q '^  z3_1@1 = .*delta3_1@1 = ' "$tmp/readme.out"
readme_says() { tr '\n' ' ' < "$top/README.md" | tr -s ' ' | grep -qF -- "$1"; }
check "README: the section suggests explain w 3 1 2" readme_says "Add \`-c 'explain w 3 1 2'\` to see"
check "README: the section suggests derive 1 w2_1_1" readme_says "add \`-c 'derive 1 w2_1_1'\` to follow"
eval "\"\$G\" $cmd -c 'explain w 3 1 2' -c 'derive 1 w2_1_1'" > "$tmp/readme2.out" 2>&1
r=$("$ref" "$D/iris.csv" scale=std hidden=5 init="$tmp/i11" example=1)
check "README: explain w 3 1 2's mean is the reference's" prints "$tmp/readme2.out" "dC/dw3_1_2 = (1/150) * ($(sfmt 4 "$(awk -v g="$(get "$r" "G w3_1_2")" 'BEGIN { printf "%.17g", 150 * g }')")) = $(sfmt 4 "$(get "$r" "G w3_1_2")")"
check "README: derive 1 w2_1_1 ends with the reference's delta2_1@1" grep -qF "* ($(sfmt 4 "$(get "$r" delta2_1@1)")) = " "$tmp/readme2.out"

# ---- lesson 12: backpropagation by hand on a 2-2-1 network, example 3 of XOR ----
o=$tmp/backprop.out
X=$D/xor.csv
r=$("$ref" "$X" hidden=2 init="$tmp/bp" example=3)
check "L12: the init is the lesson's" grep -q '^> set init 1 -1 -1 1 0 0 2 -1 0$' "$L/12-backprop.txt"
check "L12: z2_2@3 is the answer" grep -q "of example 3? = $(fmt 0 "$(get "$r" z2_2@3)")\$" "$L/12-backprop.txt"
check "L12: z3_1@3 quoted" says 12-backprop.txt "+ 0 = $(fmt 4 "$(get "$r" z3_1@3)")"
check "L12: a3_1@3 is the answer" grep -q "to four decimals? = $(fmt 4 "$(get "$r" a3_1@3)")\$" "$L/12-backprop.txt"
check "L12: delta3_1@3 quoted" says 12-backprop.txt "δ^3_1 = a^3_1 − y = $(fmt 4 "$(get "$r" a3_1@3)") − 1 = $(ufmt 4 "$(get "$r" delta3_1@3)")"
check "L12: delta2_1@3 quoted" says 12-backprop.txt "δ^2_1 = 2 × ($(ufmt 4 "$(get "$r" delta3_1@3)")) × $(fmt 4 "$(awk 'BEGIN { s = 1 / (1 + exp(-1)); print s * (1 - s) }')") = $(ufmt 4 "$(get "$r" delta2_1@3)")"
check "L12: delta2_2@3 is the answer" grep -q "δ^2_2 of example 3, to four decimals? = $(fmt 4 "$(get "$r" delta2_2@3)")\$" "$L/12-backprop.txt"
check "L12: the w3_1_1 term quoted" says 12-backprop.txt "a^2_1 δ^3_1 = $(fmt 4 "$(get "$r" a2_1@3)") × ($(ufmt 4 "$(get "$r" delta3_1@3)")) = $(ufmt 4 "$(awk -v a="$(get "$r" a2_1@3)" -v d="$(get "$r" delta3_1@3)" 'BEGIN { printf "%.17g", a * d }')")"
r4=$("$ref" "$X" hidden=2 init="$tmp/bp" example=4)
check "L12: delta2_1@4 quoted" says 12-backprop.txt "δ^2_1 = $(sfmt 4 "$(get "$r4" delta2_1@4)")"
g=$(get "$r" "G w2_1_1")
check "L12: the mean of the terms is the gradient" near "$(awk -v a="$(get "$r" delta2_1@3)" -v b="$(get "$r4" delta2_1@4)" 'BEGIN { printf "%.17g", (a + b) / 4 }')" "$g" 1e-15
check "L12: grad_w2_1_1 quoted" says 12-backprop.txt "+ $(fmt 4 "$(get "$r4" delta2_1@4)")) / 4 = $(sfmt 4 "$g")"
check "L12: grad_w2_1_1 is the answer" grep -q "∂C/∂w^2_11, to four decimals? = $(fmt 4 "$g")\$" "$L/12-backprop.txt"
r1=$("$ref" "$X" hidden=2 init="$tmp/bp" steps=1)
check "L12: the updated w2_1_1 quoted" says 12-backprop.txt "1 − 0.5 × $(fmt 4 "$g") = $(fmt 4 "$(get "$r1" "P w2_1_1")")"
check "L12: C before and after quoted" says 12-backprop.txt "from $(fmt 4 "$(get "$r" C)") to $(fmt 4 "$(get "$r1" C)")"
sp1=$(awk 'BEGIN { s = 1 / (1 + exp(-1)); printf "%.17g", s * (1 - s) }')
check "L12: explain w's sum of the four terms quoted" says 12-backprop.txt "their sum $(sfmt 4 "$(awk -v g="$g" 'BEGIN { printf "%.17g", 4 * g }')")"
rq=$("$ref" "$X" hidden=2 init="$tmp/bp" cost=quad example=3)
a=$(get "$rq" a3_1@3)
spq=$(awk -v a="$a" 'BEGIN { printf "%.17g", a * (1 - a) }')
check "L12: quadratic sigma'(z3_1) quoted" says 12-backprop.txt "σ'(z^3_1) = $(fmt 4 "$a") × $(fmt 4 "$(awk -v a="$a" 'BEGIN { print 1 - a }')") = $(fmt 4 "$spq") stays"
check "L12: quadratic delta3_1 is (a - y) sigma'(z)" near "$(get "$rq" delta3_1@3)" "$(awk -v a="$a" -v s="$spq" 'BEGIN { printf "%.17g", (a - 1) * s }')" 1e-15
check "L12: quadratic delta3_1 is the answer" grep -q "of example 3, to four decimals? = $(fmt 4 "$(get "$rq" delta3_1@3)")\$" "$L/12-backprop.txt"
check "L12: quadratic delta2_1 quoted" says 12-backprop.txt "δ^2_1 = $(ufmt 4 "$(get "$rq" delta2_1@3)") instead of $(ufmt 4 "$(get "$r" delta2_1@3)")"
check "L12: the factor is sigma'(z3_1)" near "$(awk -v a="$(get "$rq" delta2_1@3)" -v b="$(get "$r" delta2_1@3)" 'BEGIN { printf "%.17g", a / b }')" "$spq" 1e-15
check "L12: C_x of example 3 quoted" says 12-backprop.txt "Step 0 is C_x itself, $(fmt 4 "$(get "$r" Cx@3)")."
check "L12: BP4's term of example 3 quoted" says 12-backprop.txt "Step 3 is BP4: x_1 δ^2_1 = $(ufmt 4 "$(get "$r" delta2_1@3)")"
if [ -s "$o" ]; then
    check "L12: explain delta 2 1 3 writes BP2 out" prints "$o" "delta2_1 = ((+2.0000) * ($(fmt 4 "$(get "$r" delta3_1@3)"))) * sigma'(z2_1) = ($(fmt 4 "$(awk -v d="$(get "$r" delta3_1@3)" 'BEGIN { printf "%.17g", 2 * d }')")) * $(fmt 4 "$sp1") = $(fmt 4 "$(get "$r" delta2_1@3)")"
    check "L12: explain delta 2 2 3 gives the answer" prints "$o" "delta2_2 = ((-1.0000) * ($(fmt 4 "$(get "$r" delta3_1@3)"))) * sigma'(z2_2) = ($(sfmt 4 "$(awk -v d="$(get "$r" delta3_1@3)" 'BEGIN { printf "%.17g", -d }')")) * $(fmt 4 "$sp1") = $(sfmt 4 "$(get "$r" delta2_2@3)")"
    check "L12: explain w 2 1 1 lists example 4's term" grep -qE "^ +4 +1\.0000 +$(sfmt 4 "$(get "$r4" delta2_1@4)" | sed 's/[+.]/\\&/g') +$(sfmt 4 "$(get "$r4" delta2_1@4)" | sed 's/[+.]/\\&/g')\$" "$o"
    check "L12: explain w 2 1 1's sum and mean" prints "$o" "sum of the 4 terms = $(sfmt 4 "$(awk -v g="$g" 'BEGIN { printf "%.17g", 4 * g }')") dC/dw2_1_1 = (1/4) * ($(sfmt 4 "$(awk -v g="$g" 'BEGIN { printf "%.17g", 4 * g }')")) = $(sfmt 4 "$g")"
    check "L12: derive's BP4 step under cross-entropy" prints "$o" "3. dC_x/dw2_1_1 = x1 * delta2_1 = 1.0000 * ($(fmt 4 "$(get "$r" delta2_1@3)")) = $(fmt 4 "$(get "$r" delta2_1@3)") (BP4)"
    check "L12: derive's output error under the quadratic cost" prints "$o" "delta3_1 = (a3_1 - y1) sigma'(z3_1) = ($(fmt 4 "$a") - 1.0000) * $(fmt 4 "$spq") = $(fmt 4 "$(get "$rq" delta3_1@3)")"
    check "L12: derive's BP4 step under the quadratic cost" prints "$o" "3. dC_x/dw2_1_1 = x1 * delta2_1 = 1.0000 * ($(fmt 4 "$(get "$rq" delta2_1@3)")) = $(fmt 4 "$(get "$rq" delta2_1@3)") (BP4)"
    check "L12: printed w2_1_1 after the step" near "$(val "$o" w2_1_1 1)" "$(get "$r1" "P w2_1_1")" 1e-15
    check "L12: back restores w2_1_1 exactly" [ "$(val "$o" w2_1_1 2)" = 1 ]
fi

# ---- lesson 13: XOR solved; symmetry ----
o=$tmp/xor-solved.out
init_params "$tmp/i13" "load xor" "set hidden 2" "set init random"
r0=$("$ref" "$X" hidden=2 init="$tmp/i13")
check "L13: C at the random start quoted" says 13-xor-solved.txt "At the start C = $(fmt 4 "$(get "$r0" C)") and $(get "$r0" acc) of the 4"
r=$("$ref" "$X" hidden=2 init="$tmp/i13" eta=2 steps=1000)
check "L13: C after 1000 steps quoted" says 13-xor-solved.txt "After 1000 steps C = $(nfmt 4 "$(get "$r" C)") and all 4"
check "L13: all four right" [ "$(get "$r" acc)" = 4 ]
outs=""
for e in 1 2 3 4; do outs="$outs $(nfmt 4 "$(get "$("$ref" "$X" hidden=2 init="$tmp/i13" eta=2 steps=1000 example=$e)" a3_1@$e)")"; done
set -- $outs
check "L13: the four outputs quoted ($outs)" says 13-xor-solved.txt "are $1, $2, $3 and $4 for"
line() { # W1 W2 B: "x_1 + x_2 ≈ -B/W" with the mean weight, and the prose's numbers
    awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN { printf "%.2f", -c / ((a + b) / 2) }'
}
p() { get "$r" "P $1"; }
check "L13: hidden neuron 1's weights quoted" says 13-xor-solved.txt "w ≈ ($(ufmt 2 "$(p w2_1_1)"), $(ufmt 2 "$(p w2_1_2)")) and b = $(fmt 2 "$(p b2_1)")"
check "L13: hidden neuron 1's line quoted" says 13-xor-solved.txt "x_1 + x_2 ≈ $(line "$(p w2_1_1)" "$(p w2_1_2)" "$(p b2_1)"), and it is on (a near 1) only at (0,0)"
check "L13: hidden neuron 2's weights quoted" says 13-xor-solved.txt "w ≈ ($(fmt 2 "$(p w2_2_1)"), $(fmt 2 "$(p w2_2_2)")) and b = $(ufmt 2 "$(p b2_2)")"
check "L13: hidden neuron 2's line quoted" says 13-xor-solved.txt "x_1 + x_2 ≈ $(line "$(p w2_2_1)" "$(p w2_2_2)" "$(p b2_2)"), and it is on only at (1,1)"
check "L13: the output neuron quoted" says 13-xor-solved.txt "weights $(ufmt 2 "$(p w3_1_1)") and $(ufmt 2 "$(p w3_1_2)") and bias $(fmt 2 "$(p b3_1)")"
r4=$("$ref" "$X" hidden=2 init="$tmp/i13" eta=2 steps=1000 example=4)
r1=$("$ref" "$X" hidden=2 init="$tmp/i13" eta=2 steps=1000 example=1)
check "L13: hidden neuron 2 is on at (1,1) only" awk -v a="$(get "$r4" a2_2@4)" -v b="$(get "$r1" a2_2@1)" 'BEGIN { exit !(a > 0.5 && b < 0.5) }'
check "L13: hidden neuron 1 is on at (0,0)" awk -v a="$(get "$r1" a2_1@1)" -v b="$(get "$r4" a2_1@4)" 'BEGIN { exit !(a > 0.5 && b < 0.5) }'
terms=""
for e in 1 2 3 4; do
    rz=$("$ref" "$X" hidden=2 example=$e)
    terms="$terms, $(sfmt 2 "$(awk -v a="$(get "$rz" a2_1@$e)" -v d="$(get "$rz" delta3_1@$e)" 'BEGIN { printf "%.17g", a * d }')" | sed 's/^-/−/')"
done
terms=$(printf '%s' "${terms#, }" | sed 's/\(.*\), /\1 and /')
check "L13: the four terms of dC/dw3_1_1 at zero quoted ($terms)" says 13-xor-solved.txt "∂C/∂w^3_11 are $terms: the corners' errors cancel"
r=$("$ref" "$X" hidden=2 eta=2 steps=1000)
check "L13: from zeros nothing moves" [ "$(printf '%s\n' "$r" | awk '$1 == "P" && $3 != 0' | wc -l)" -eq 0 ]
check "L13: from zeros C stays ln 2" near "$(get "$r" C)" "$(awk -v OFMT=%.17g 'BEGIN { print log(2) }')" 1e-15
printf '0.3 -0.2 0.3 -0.2 0.1 0.1 0.5 0.5 0\n' > "$tmp/twins"
check "L13: the twins' init is the lesson's" grep -q '^> set init 0.3 -0.2 0.3 -0.2 0.1 0.1 0.5 0.5 0$' "$L/13-xor-solved.txt"
r=$("$ref" "$X" hidden=2 init="$tmp/twins" eta=2 steps=1 example=2)
tw1="($(sfmt 4 "$(get "$r" "P w2_1_1")"), $(sfmt 4 "$(get "$r" "P w2_1_2")" | sed 's/^-/−/')), b = $(sfmt 4 "$(get "$r" "P b2_1")")"
check "L13: the twins after one step quoted: $tw1" says 13-xor-solved.txt "are $tw1"
check "L13: one step leaves the twins equal" [ "$(get "$r" "P w2_1_1") $(get "$r" "P w2_1_2") $(get "$r" "P b2_1")" = "$(get "$r" "P w2_2_1") $(get "$r" "P w2_2_2") $(get "$r" "P b2_2")" ]
a=$(get "$r" a2_1@2)
tw2="($(sfmt 4 "$(get "$r" "P w3_1_1")")) × ($(ufmt 4 "$(get "$r" delta3_1@2)")) × $(fmt 4 "$(awk -v a="$a" 'BEGIN { printf "%.17g", a * (1 - a) }')") = $(ufmt 4 "$(get "$r" delta2_1@2)")"
check "L13: the twins' BP2 line quoted: $tw2" says 13-xor-solved.txt "both δ of example 2 are $tw2"
check "L13: the twins' deltas are equal" [ "$(get "$r" delta2_1@2)" = "$(get "$r" delta2_2@2)" ]
if [ -s "$o" ]; then
    for j in 1 2; do
        check "L13: explain delta 2 $j 2 on the twins" prints "$o" "delta2_$j = (($(sfmt 4 "$(get "$r" "P w3_1_$j")")) * ($(fmt 4 "$(get "$r" delta3_1@2)"))) * sigma'(z2_$j) = ($(fmt 4 "$(awk -v w="$(get "$r" "P w3_1_1")" -v d="$(get "$r" delta3_1@2)" 'BEGIN { printf "%.17g", w * d }')")) * $(fmt 4 "$(awk -v a="$a" 'BEGIN { printf "%.17g", a * (1 - a) }')") = $(fmt 4 "$(get "$r" delta2_1@2)")"
    done
    check "L13: show net's twin rows after one step" prints "$o" "j=1 w: $(sfmt 4 "$(get "$r" "P w2_1_1")") $(sfmt 4 "$(get "$r" "P w2_1_2")") b: $(sfmt 4 "$(get "$r" "P b2_1")")"
    check "L13: explain w 3 1 1 at zero sums to 0" prints "$o" "sum of the 4 terms = 0.0000 dC/dw3_1_1 = (1/4) * (0.0000) = 0.0000"
    check "L13: explain delta 2 1 2 at zero is 0" prints "$o" "delta2_1 = ((0.0000) * (-0.5000)) * sigma'(z2_1) = (0.0000) * 0.2500 = 0.0000"
    check "L13: show net after 1000 steps from zeros is all 0" prints "$o" "step 1000 C = $(fmt 4 "$(awk 'BEGIN { print log(2) }')") accuracy 2/4 layer 2: 2 neurons, each with 2 weights from layer 1 (row j: w2_j_1..w2_j_2, b2_j; then dC/d of each) j=1 w: 0.0000 0.0000 b: 0.0000 | dC/dw: 0.0000 0.0000 dC/db: 0.0000 j=2 w: 0.0000 0.0000 b: 0.0000 | dC/dw: 0.0000 0.0000 dC/db: 0.0000"
fi
r=$("$ref" "$X" hidden=2 init="$tmp/twins" eta=2 steps=3000)
check "L13: the twins miss the corner (0,1) alone" [ "$(printf '%s\n' "$r" | awk '$1 == "miss" { print $2 }' | tr '\n' ' ')" = "2 " ] && \
    [ "$(awk -F, '/^#/ { next } !h { h = 1; next } { n++ } n == 2 { print $1 "," $2; exit }' "$X")" = "0,1" ]
check "L13: the twins' wrong corner quoted" says 13-xor-solved.txt "marks the corner (0,1) wrong"
check "L13: the twins stay equal in the reference" [ "$(get "$r" "P w2_1_1")" = "$(get "$r" "P w2_2_1")" ]
check "L13: the twins' weight and C quoted" says 13-xor-solved.txt "(w^2_11 = w^2_21 = $(fmt 4 "$(get "$r" "P w2_1_1")")), C = $(fmt 4 "$(get "$r" C)"), and only $(get "$r" acc) of the 4"
if [ -s "$o" ]; then
    check "L13: printed twins equal to the last bit" [ -n "$(val "$o" w2_1_1 1)" ] && [ "$(val "$o" w2_1_1 1)" = "$(val "$o" w2_2_1 1)" ]
    check "L13: printed twin weight" near "$(val "$o" w2_1_1 1)" "$(get "$r" "P w2_1_1")" 1e-9
    check "L13: plot boundary of the twins: 3 right, 1 marked wrong" prints "$o" "Regions by class of the 2-2-1 network at step 3000 ($(get "$r" acc)/4 right)"
    check "L13: plot boundary of the twins marks one wrong" prints "$o" "! wrong: $((4 - $(get "$r" acc)))"
    r=$("$ref" "$X" hidden=2 init="$tmp/i13" eta=2 steps=1000)
    check "L13: plot boundary of the solved network: 4 right" prints "$o" "Regions by class of the 2-2-1 network at step 1000 ($(get "$r" acc)/4 right); lines: hidden neurons 1-2"
    check "L13: show net's trained hidden neuron 1" prints "$o" "j=1 w: $(sfmt 4 "$(get "$r" "P w2_1_1")") $(sfmt 4 "$(get "$r" "P w2_1_2")") b: $(sfmt 4 "$(get "$r" "P b2_1")")"
fi

# ---- lesson 14: softmax and the log-likelihood ----
o=$tmp/softmax.out
r=$("$ref" "$I" scale=std output=softmax steps=300 example=51)
check "L14: example 51 is the first versicolor" [ "$(awk -F, '/^#/ { next } !h { h = 1; next } { n++ } n == 51 { print $NF; exit }' "$I")" = versicolor ]
check "L14: the outputs of example 51 quoted" says 14-softmax.txt "Its outputs are $(nfmt 4 "$(get "$r" a2_1@51)"), $(nfmt 4 "$(get "$r" a2_2@51)") and $(nfmt 4 "$(get "$r" a2_3@51)")"
check "L14: they add up to 1" near "$(awk -v a="$(get "$r" a2_1@51)" -v b="$(get "$r" a2_2@51)" -v c="$(get "$r" a2_3@51)" 'BEGIN { printf "%.17g", a + b + c }')" 1 1e-15
check "L14: accuracy after 300 softmax steps quoted" says 14-softmax.txt "After 300 steps $(get "$r" acc) of"
check "L14: C_x of example 51 quoted" says 14-softmax.txt "−ln $(fmt 4 "$(get "$r" a2_2@51)") = $(fmt 4 "$(get "$r" Cx@51)")"
check "L14: delta2_2@51 is the answer" grep -q "of example 51, to four decimals? = $(fmt 4 "$(get "$r" delta2_2@51)")\$" "$L/14-softmax.txt"
printf '0 0 0 0 0 0 0 0 0 0 0 0 -5 -5 5\n' > "$tmp/wrong"
check "L14: the wrong start is the lesson's" [ "$(grep -c '^> set init 0 0 0 0 0 0 0 0 0 0 0 0 -5 -5 5$' "$L/14-softmax.txt")" -eq 2 ]
r=$("$ref" "$I" scale=std cost=quad init="$tmp/wrong")
rq=$("$ref" "$I" scale=std cost=quad init="$tmp/wrong" steps=100)
sp=$(awk 'BEGIN { a = 1 / (1 + exp(5)); printf "%.17g", a * (1 - a) }')
check "L14: sigma(-5) and sigma(5) quoted as the screen writes them" says 14-softmax.txt "σ(−5) = $(nfmt 4 "$(awk 'BEGIN { printf "%.17g", 1 / (1 + exp(5)) }')") or σ(5) = $(nfmt 4 "$(awk 'BEGIN { printf "%.17g", 1 / (1 + exp(-5)) }')")"
check "L14: quadratic delta of example 1 quoted" says 14-softmax.txt "(a − y) σ'(z) = ($(nfmt 4 "$(get "$r" a2_1@1)") − 1) × $(nfmt 4 "$sp") = $(nfmt 4 "$(get "$r" delta2_1@1)" | sed 's/^-/−/')"
check "L14: quadratic C before and after quoted" says 14-softmax.txt "C has only gone from $(fmt 4 "$(get "$r" C)") to $(fmt 4 "$(get "$rq" C)")"
check "L14: quadratic accuracy is the answer" grep -q "after those 100 steps? = $(get "$rq" acc)\$" "$L/14-softmax.txt"
r=$("$ref" "$I" scale=std output=softmax init="$tmp/wrong")
rs=$("$ref" "$I" scale=std output=softmax init="$tmp/wrong" steps=100)
rc=$("$ref" "$I" scale=std init="$tmp/wrong" steps=100)
check "L14: softmax delta of example 1 quoted" says 14-softmax.txt "δ^L_1 = a − y = $(ufmt 4 "$(get "$r" delta2_1@1)") ($(ufmt 5 "$(get "$r" delta2_1@1)"))"
check "L14: softmax C before and after quoted" says 14-softmax.txt "C falls from $(fmt 4 "$(get "$r" C)") to $(fmt 4 "$(get "$rs" C)")"
check "L14: softmax accuracy is the answer" grep -q "after 100 softmax steps? = $(get "$rs" acc)\$" "$L/14-softmax.txt"
check "L14: sigmoid cross-entropy accuracy quoted" says 14-softmax.txt "escape too ($(get "$rc" acc) right)"
if [ -s "$o" ]; then
    r=$("$ref" "$I" scale=std output=softmax steps=300 example=51)
    for j in 1 2 3; do
        y=0; [ $j = 2 ] && y=1
        check "L14: derive writes delta2_$j@51 = a - y" prints "$o" "delta2_$j = a2_$j - y$j = $(nfmt 4 "$(get "$r" a2_$j@51)") - $y.0000 = $(nfmt 4 "$(get "$r" delta2_$j@51)" +) (eq. 84"
    done
    check "L14: derive says no sigma' appears" prints "$o" "With softmax and the log-likelihood no sigma'(z^L) appears at all (eq. 84)."
    r=$("$ref" "$I" scale=std cost=quad init="$tmp/wrong")
    check "L14: explain delta 2 1 1 under the quadratic cost (BP1)" prints "$o" "delta2_1 = (a2_1 - y1) sigma'(z2_1) = ($(nfmt 4 "$(get "$r" a2_1@1)") - 1.0000) * $(nfmt 4 "$sp") = $(nfmt 4 "$(get "$r" delta2_1@1)")"
    r=$("$ref" "$I" scale=std output=softmax init="$tmp/wrong")
    check "L14: explain delta 2 1 1 under softmax (eq. 84)" prints "$o" "delta2_1 = a2_1 - y1 = $(awk -v a="$(get "$r" a2_1@1)" 'BEGIN { printf "%.3e", a }') - 1.0000 = $(fmt 4 "$(get "$r" delta2_1@1)") (eq. 84"
fi

# ---- lesson 15: digits, 64-30-10, three epochs of mini-batches of 10 from seed 1 ----
o=$tmp/digits.out
DG=$D/digits.csv
init_params "$tmp/i15" "load digits" "set scale standardize" "set hidden 30" "set output softmax" "set init random"
check "L15: 2260 parameters" [ "$(wc -l < "$tmp/i15")" -eq 2260 ] && grep -q "network have? = 2260\$" "$L/15-digits.txt"
dig() { "$ref" "$DG" scale=std hidden=30 output=softmax init="$tmp/i15" eta=0.5 batch=10 "$@"; }
r0=$(dig)
r1=$(dig steps=180)
r=$(dig steps=540)
check "L15: 180 batches an epoch, the last of 7" [ $(( (1797 + 9) / 10 )) -eq 180 ] && [ $((1797 - 179 * 10)) -eq 7 ]
check "L15: accuracy after one epoch quoted" says 15-digits.txt "After one epoch $(get "$r1" acc | sed 's/^\(.\)\(...\)$/\1,\2/') of the 1,797"
acc=$(get "$r" acc)
check "L15: accuracy after three epochs quoted" says 15-digits.txt "After three epochs $(echo "$acc" | sed 's/^\(.\)\(...\)$/\1,\2/') of 1,797: $(awk -v a="$acc" 'BEGIN { printf "%.1f", 100 * a / 1797 }')%"
check "L15: the accuracy is the answer" grep -q "after three epochs? = $acc\$" "$L/15-digits.txt"
check "L15: accuracy at the start quoted" says 15-digits.txt "it was $(get "$r0" acc), about one in ten"
check "L15: cost at the start and the end quoted" says 15-digits.txt "from $(fmt 4 "$(get "$r0" C)") at the start to $(fmt 4 "$(get "$r" C)")"
miss=$((1797 - acc))
check "L15: the number of mistakes quoted ($miss)" says 15-digits.txt "Of the $miss mistakes"
printf '%s\n' "$r" | awk '$1 == "conf" && $2 != $3 && $4 > 0 { print $4, $2, $3 }' | sort -k1,1nr -k2,2n -k3,3n > "$tmp/conf"
head -n 4 "$tmp/conf" > "$tmp/conf4"
while read -r times t p; do
    check "L15: confusion row $t read as $p ($times times) quoted" grep -qE "^ +$t +$p +$times\$" "$L/15-digits.txt"
done < "$tmp/conf4"
check "L15: the fifth most common confusion is rarer than the fourth" awk 'NR == 4 { a = $1 } NR == 5 { b = $1 } END { exit !(b < a) }' "$tmp/conf"
once=$(awk '$1 == 1' "$tmp/conf" | wc -l)
check "L15: $once confusions once each" says 15-digits.txt "and $( [ "$once" -eq 9 ] && echo nine || echo "$once") others once each"
top=$(head -n 1 "$tmp/conf" | cut -d ' ' -f 2)
check "L15: the most misread digit is the answer ($top)" grep -q "most often misread? = $top\$" "$L/15-digits.txt"
r130=$(dig steps=540 example=130)
check "L15: example 130 is the first 8 read as 1" [ "$(printf '%s\n' "$r" | awk '$1 == "miss" && $3 == 8 && $4 == 1 { print $2; exit }')" = 130 ]
check "L15: example 130's outputs quoted" says 15-digits.txt "a^3_2 = $(fmt 4 "$(get "$r130" a3_2@130)"), digit 1's; digit 8's, a^3_9, is $(fmt 4 "$(get "$r130" a3_9@130)")"
r64=$("$ref" "$DG" scale=std output=softmax eta=0.5 batch=10 steps=180)
acc64=$(get "$r64" acc)
check "L15: the 64-10 network's accuracy after one epoch quoted" says 15-digits.txt "After one epoch $(echo "$acc64" | sed 's/^\(.\)\(...\)$/\1,\2/') of the 1,797 are right ($(awk -v a="$acc64" 'BEGIN { printf "%.1f", 100 * a / 1797 }')%)"
check "L15: the 64-10 network's accuracy is the answer" grep -q "right after one epoch? = $acc64\$" "$L/15-digits.txt"
w64=$(printf '%s\n' "$r64" | awk '$1 == "P" && $2 ~ /^w2_1_/ { split($2, p, "_"); print p[3], $3 }')
neg4=$(printf '%s\n' "$w64" | sort -k2,2g | head -n 4 | cut -d ' ' -f 1 | sort -n | tr '\n' ' ')
check "L15: the 0 neuron's four most negative weights are the middle block ($neg4)" [ "$neg4" = "28 29 36 37 " ]
check "L15: the middle block quoted" says 15-digits.txt "the 2x2 block in the middle (pixels 28, 29, 36 and 37)"
wmin=$(printf '%s\n' "$w64" | sort -k2,2g | head -n 1)
check "L15: the most negative weight quoted ($wmin)" says 15-digits.txt "the most negative is w2_1_${wmin%% *} = $(ufmt 2 "${wmin#* }")"
pos4=$(printf '%s\n' "$w64" | sort -k2,2gr | head -n 4 | cut -d ' ' -f 1 | tr '\n' ' ')
check "L15: the four largest sit left and right of the block ($pos4)" sh -c 'for k in $1; do c=$(( (k - 1) % 8 + 1 )); [ $c -le 3 ] || [ $c -ge 6 ] || exit 1; done' sh "$pos4"
wmax=$(printf '%s\n' "$w64" | awk '{ v = $2 < 0 ? -$2 : $2; if (v > m) m = v } END { printf "%.4f", m }')
check "L15: the 64-30-10 network's first epoch compared" says 15-digits.txt "after its first epoch ($(get "$r1" acc | sed 's/^\(.\)\(...\)$/\1,\2/'))"
blank=$(awk -F, '/^#/ { next } !h { h = 1; next } { for (j = 1; j < NF; j++) s[j] += $j } END { for (j = 1; j < NF; j++) if (s[j] == 0) printf "%d ", j }' "$DG")
check "L15: the blank pixels are 1, 33 and 40 ($blank)" [ "$blank" = "1 33 40 " ]
check "L15: the blank pixel count is the answer" grep -q "blank in every image? = 3\$" "$L/15-digits.txt"
check "L15: a blank pixel's weight never moves" [ "$(get "$r" "P w2_1_1")" = "$(get "$r0" "P w2_1_1")" ]
if [ -s "$o" ]; then
    check "L15: gradstep reaches the quoted accuracy from seed 1" [ "$(acc_at "$o" 540)" = "$acc" ]
    check "L15: gradstep's accuracy after one epoch" [ "$(acc_at "$o" 180)" = "$(get "$r1" acc)" ]
    check "L15: printed w2_1_1 is its start" same "$(val "$o" w2_1_1)" "$(sed -n 1p "$tmp/i15")"
    check "L15: printed w2_1_33 is its start" same "$(val "$o" w2_1_33)" "$(sed -n 33p "$tmp/i15")"
    check "L15: printed w2_1_28 has moved" near "$(val "$o" w2_1_28)" "$(get "$r" "P w2_1_28")" 1e-6
    check "L15: show example 130 gives a3_2@130" prints "$o" "a3_2@130 = $(fmt 4 "$(get "$r130" a3_2@130)")"
    check "L15: show example 130 predicts 1" prints "$o" "predicted class 1"
    check "L15: gradstep's 64-10 network reaches the quoted accuracy" [ "$(acc_at "$o" 180 2)" = "$acc64" ]
    check "L15: plot input 130 draws an 8 the network reads as 1" prints "$o" "Example 130 of 1797: class 8 (8x8 pixels); the network says 1 (wrong)"
    check "L15: plot weights 2 1 draws the hidden neuron at step 540" prints "$o" "Weights w2_1_k of neuron 1 of layer 2 at step 540 as an 8x8 image"
    check "L15: plot weights draws the ten output neurons at step 180" prints "$o" "Weights w2_j_k into layer 2 at step 180 as 8x8 images (k = pixel, row by row): 10 of 10 neurons shown"
    check "L15: plot weights 2 1's scale is the 0 neuron's largest |w| ($wmax)" prints "$o" "of the largest |w| = $wmax"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
