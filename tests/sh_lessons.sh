#!/bin/sh
# sh_lessons.sh: every lesson in lessons/ runs to its end in script mode, and the numbers its pages
# quote agree with values computed here independently (awk: sigmoid, costs, full-batch descent).
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
: > "$tmp/gd.log"

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

# check DESC COND...: passes when the command succeeds.
check() {
    d=$1; shift
    if "$@"; then pass; else fail "$d"; fi
}

# near A B TOL: |A - B| <= TOL.
near() {
    awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && b != "" && d <= t) }'
}

# less A B: A < B.
less() {
    awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a + 0 < b + 0) }'
}

# fmt DIGITS V: V rounded to DIGITS decimals ("%.4f").
fmt() {
    awk -v d="$1" -v v="$2" 'BEGIN { printf "%.*f", d, v }'
}

# nfmt DIGITS V: V as gradstep writes it with DIGITS decimals, and so as the prose quotes it (README,
# "set digits": at least 3 significant digits, scientific below both 0.0001 and 10^-DIGITS).
nfmt() {
    awk -v n="$1" -v v="$2" 'BEGIN { t = sprintf("%.2e", v); e = substr(t, index(t, "e") + 1) + 0
        if (v != 0 && e < -(n > 4 ? n : 4)) { printf "%." ((n > 3 ? n : 3) - 1) "e", v; exit }
        d = 2 - e; if (v == 0 || d < n) d = n; printf "%." d "f", v }'
}

# ufmt DIGITS V: V as the prose writes it, with a Unicode minus sign ("−0.2810").
ufmt() {
    fmt "$1" "$2" | sed 's/^-/−/'
}

# ran NAME: the lesson ran to its end, so its transcript can be read.
ran() {
    [ -s "$tmp/$1.out" ] && tail -n 1 "$tmp/$1.out" | grep -q '— end of the lesson —'
}

# val FILE NAME [N]: the value of the N-th (default 1st) "NAME = V" line of a transcript.
val() {
    awk -v name="$2" -v n="${3:-1}" '$1 == name && $2 == "=" && NF == 3 && $3 ~ /^[-+.0-9]/ { if (++c == n) { print $3; exit } }' "$1"
}

# says LESSON TEXT: the lesson file's prose contains TEXT (the number it quotes); line breaks
# count as spaces.
says() {
    tr '\n' ' ' < "$L/$1" | grep -qF -- "$2"
}

# gd FILE [var=value...] [tol=T]: gd_ref's values (below), after checking them against the program's own
# for the same run (its parameters, C, gradient and every output a_i): so that every number checked
# against the reference is also the program's. The comparison is tallied from $tmp/gd.log at the end
# (gd runs in command substitutions, whose counts would be lost).
gd() {
    ref=$(gd_ref "$@")
    f=$1; shift
    init=""; eta=0.5; steps=0; cost=ce; lambda=0; scale=none; tol=1e-8
    for a in "$@"; do
        case $a in
        init=*) init=${a#init=} ;; eta=*) eta=${a#eta=} ;; steps=*) steps=${a#steps=} ;;
        cost=quad) cost=quadratic ;; lambda=*) lambda=${a#lambda=} ;; scale=std) scale=standardize ;;
        tol=*) tol=${a#tol=} ;;
        esac
    done
    k=$(printf '%s\n' "$ref" | grep -c '^w[0-9]')
    n=$(printf '%s\n' "$ref" | grep -c '^a[0-9]')
    {
        echo "load $f"; echo "set scale $scale"; echo "set cost $cost"; echo "set lambda $lambda"
        echo "set eta $eta"; [ -n "$init" ] && echo "set init $init"; [ "$steps" -gt 0 ] && echo "step $steps"
        j=1; while [ $j -le "$k" ]; do echo "print w$j"; echo "print grad_w$j"; j=$((j + 1)); done
        echo "print b"; echo "print grad_b"; echo "print C"
        i=1; while [ $i -le "$n" ]; do echo "print a$i"; i=$((i + 1)); done
    } > "$tmp/gd.gs"
    "$G" --script "$tmp/gd.gs" 2>&1 | awk '$2 == "=" && NF == 3 { print $1, $3 }' > "$tmp/gd.prog"
    printf '%s\n' "$ref" | awk -v k="$k" -v tol="$tol" -v prog="$tmp/gd.prog" -v what="$(basename "$f") $*" '
        BEGIN { while ((getline l < prog) > 0) { split(l, p, " "); P[p[1]] = p[2] } }
        { key = $1; if (key ~ /^g[0-9]+$/) { j = substr(key, 2) + 0; key = j <= k ? "grad_w" j : "grad_b" }
          if (key ~ /^(Cx|acc|C@)/) next
          if (!(key in P)) { bad = bad " " key " (not printed)"; next }
          d = P[key] - $2; if (d < 0) d = -d; m = $2 < 0 ? -$2 : $2
          if (d > 1e-12 + tol * m) bad = bad " " key " (program " P[key] ", reference " $2 ")" ; seen++ }
        END { if (bad != "" || seen < 3) print "FAIL the program differs from the reference for " what ":" bad; else print "ok" }' >> "$tmp/gd.log"
    printf '%s\n' "$ref"
}

# gd_ref FILE [var=value...]: full-batch gradient descent on a dataset file, written independently of
# gradstep. Variables: init="w1 .. wk b" (default zeros), eta (0.5), steps (0), cost (ce|quad),
# lambda (0), scale (none|std: population standard deviation). Prints lines "w1 V", .., "b V",
# "C V" (with the lambda term), "acc N", "a1 V".., "g1 V".. (gradient, g(k+1) for b), "Cx1 V"..,
# and "C@t V" for every step t when trace=1.
gd_ref() {
    f=$1; shift
    awk -F, '
    function sig(z) { return z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)) }
    function eval_all(   i, j, z, a, s) {
        C = 0; for (j = 1; j <= k + 1; j++) g[j] = 0
        acc = 0
        for (i = 1; i <= n; i++) {
            z = p[k + 1]; for (j = 1; j <= k; j++) z += p[j] * x[i, j]
            a = sig(z); A[i] = a
            if (cost == "quad") { cx = 0.5 * (Y[i] - a) ^ 2; dl = (a - Y[i]) * a * (1 - a) }
            else {
                cx = (Y[i] > 0 ? -Y[i] * log(a) : 0) + (Y[i] < 1 ? -(1 - Y[i]) * log(1 - a) : 0)
                dl = a - Y[i]
            }
            CX[i] = cx; C += cx
            for (j = 1; j <= k; j++) g[j] += x[i, j] * dl
            g[k + 1] += dl
            if ((a >= 0.5) == (Y[i] >= 0.5)) acc++
        }
        C /= n; s = 0
        for (j = 1; j <= k; j++) { g[j] = g[j] / n + lambda / n * p[j]; s += p[j] ^ 2 }
        g[k + 1] /= n
        C += lambda / (2 * n) * s
    }
    BEGIN { if (eta == "") eta = 0.5; if (lambda == "") lambda = 0; if (cost == "") cost = "ce" }
    /^#/ || NF == 0 { next }
    !seen_header { seen_header = 1; if ($1 !~ /^[-+.0-9]/) next }
    { n++; k = NF - 1; for (j = 1; j <= k; j++) x[n, j] = $j + 0; Y[n] = $NF + 0 }
    END {
        if (scale == "std") {
            for (j = 1; j <= k; j++) {
                m = 0; for (i = 1; i <= n; i++) m += x[i, j]; m /= n
                v = 0; for (i = 1; i <= n; i++) v += (x[i, j] - m) ^ 2; sd = sqrt(v / n)
                if (sd == 0) sd = 1
                for (i = 1; i <= n; i++) x[i, j] = (x[i, j] - m) / sd
            }
        }
        cnt = split(init, iv, " ")
        for (j = 1; j <= k + 1; j++) p[j] = cnt ? iv[j] + 0 : 0
        for (t = 1; t <= steps + 0; t++) {
            eval_all()
            for (j = 1; j <= k + 1; j++) p[j] -= eta * g[j]
            if (trace) { eval_all(); printf "C@%d %.17g\n", t, C }
        }
        eval_all()
        for (j = 1; j <= k; j++) printf "w%d %.17g\n", j, p[j]
        printf "b %.17g\nC %.17g\nacc %d\n", p[k + 1], C, acc
        for (i = 1; i <= n; i++) printf "a%d %.17g\nCx%d %.17g\n", i, A[i], i, CX[i]
        for (j = 1; j <= k + 1; j++) printf "g%d %.17g\n", j, g[j]
    }' "$@" "$f"
}

# get OUTPUT KEY: a value from gd's output.
get() {
    printf '%s\n' "$1" | awk -v key="$2" '$1 == key { print $2; exit }'
}

# run_lesson NAME: runs the lesson in script mode into $tmp/NAME.out; 0 when it ran to its end.
run_lesson() {
    "$G" -c "lesson $1" > "$tmp/$1.out" 2> "$tmp/$1.err"
    st=$?
    if [ $st -eq 0 ] && [ ! -s "$tmp/$1.err" ] && tail -n 1 "$tmp/$1.out" | grep -q '— end of the lesson —'; then
        return 0
    fi
    fail "lesson $1 (exit $st): $(head -n 2 "$tmp/$1.err")"
    return 1
}

# ---- every lesson runs to its end, by -c and through --script ----
count=0
for f in "$L"/[0-9]*-*.txt; do
    [ -f "$f" ] || continue
    count=$((count + 1))
    b=$(basename "$f" .txt)
    num=${b%%-*}
    slug=${b#*-}
    if run_lesson "$slug"; then
        pass
        check "lesson $slug: number and name run the same transcript" \
            sh -c 'printf "%s\n" "lesson $3" | "$1" --script - > "$2/n.out" 2>/dev/null && cmp -s "$2/n.out" "$2/$4.out"' \
            sh "$G" "$tmp" "$(expr "$num" + 0)" "$slug"
        pages=$(grep -c '^— page ' "$tmp/$slug.out")
        want=$(awk '/^---+[ \t]*$/ { s++ } END { print s + 0 }' "$f")
        first=$(awk '!/^#/ && NF { getline nl; print (nl ~ /^---+[ \t]*$/) ? 1 : 0; exit }' "$f")
        want=$((want + 1 - first))
        check "lesson $slug: $pages pages printed, $want in the file" [ "$pages" -eq "$want" ]
        check "lesson $slug: 3 to 7 pages, not $want" sh -c '[ "$1" -ge 3 ] && [ "$1" -le 7 ]' _ "$want"
        check "lesson $slug: questions printed with their answers" \
            [ "$(grep -c '^? ' "$f")" -eq "$(grep -c '^  answer: ' "$tmp/$slug.out")" ]
        check "lesson $slug: every page says what to look at on screen" \
            [ "$(grep -c '^On screen:' "$f")" -ge "$want" ]
    fi
done
check "at least ten lessons ($count)" [ "$count" -ge 10 ]

# ---- lesson 1: the symbols, AND gate at w = (0.5, -0.5), b = 0.2 ----
o=$tmp/symbols.out
r=$(gd "$D/and.csv" init="0.5 -0.5 0.2")
check "L1: sigma(-0.3) = 0.4256" says 01-symbols.txt "σ(−0.3) = 0.4256"
check "L1: a2 by hand" near "$(get "$r" a2)" "$(awk -v OFMT=%.17g 'BEGIN { print 1 / (1 + exp(0.3)) }')" 1e-15
check "L1: grad_w1 quoted" says 01-symbols.txt "= +$(fmt 4 "$(get "$r" g1)")"
check "L1: sigma(z)-y of row 3 quoted" says 01-symbols.txt "+$(fmt 4 "$(get "$r" a3)")"
check "L1: sigma(z)-y of row 4 quoted" says 01-symbols.txt "−$(fmt 4 "$(awk -v OFMT=%.17g -v a="$(get "$r" a4)" 'BEGIN { print 1 - a }')")"
if ran "$(basename "$o" .out)"; then
    check "L1: printed z2" near "$(val "$o" z2)" -0.3 1e-15
    check "L1: printed a2" near "$(val "$o" a2)" "$(get "$r" a2)" 1e-15
    check "L1: printed grad_w1" near "$(val "$o" grad_w1)" "$(get "$r" g1)" 1e-15
fi

# ---- lesson 2: costs on the hours table ----
o=$tmp/cost.out
r0=$(gd "$D/hours.csv")
r=$(gd "$D/hours.csv" init="1.5 -4")
check "L2: C at zero is ln 2" near "$(get "$r0" C)" "$(awk -v OFMT=%.17g 'BEGIN { print log(2) }')" 1e-15
check "L2: ln 2 quoted" says 02-cost.txt "= ln 2 = 0.6931"
check "L2: C at (1.5, -4) quoted" says 02-cost.txt "= $(fmt 4 "$(get "$r" C)")"
check "L2: row 20's C_x quoted" says 02-cost.txt "C_x = −ln $(fmt 4 "$(get "$r" a20)") = $(fmt 4 "$(get "$r" Cx20)")"
check "L2: row 7's C_x quoted" says 02-cost.txt "C_x = −ln $(fmt 4 "$(get "$r" a7)") = $(fmt 4 "$(get "$r" Cx7)")"
big=$(printf '%s\n' "$r" | awk '$1 ~ /^Cx/ && $2 > m { m = $2; i = substr($1, 3) } END { print i }')
check "L2: the largest C_x is row 7 (found $big)" [ "$big" = 7 ]
r300=$(gd "$D/hours.csv" init="1.5 -4" steps=300)
rfit=$(gd "$D/hours.csv" init="1.5 -4" steps=20000)
check "L2: C after 300 steps quoted" says 02-cost.txt "from $(fmt 4 "$(get "$r" C)") to $(fmt 4 "$(get "$r300" C)")"
check "L2: the fit's b is the published -4.0777" near "$(get "$rfit" b)" -4.0777 1e-3
check "L2: the fit's w is the published 1.5046" near "$(get "$rfit" w1)" 1.5046 1e-3
check "L2: 300 more steps change C only in the 7th decimal" near "$(get "$r300" C)" "$(get "$rfit" C)" 1e-6
if ran "$(basename "$o" .out)"; then
    check "L2: printed C after 300 steps" near "$(val "$o" C 3)" "$(get "$r300" C)" 1e-12
fi

# ---- lesson 3: one update on the OR gate from (0.25, -0.5), b = 0.125 ----
o=$tmp/one-update.out
r=$(gd "$D/or.csv" init="0.25 -0.5 0.125")
r1=$(gd "$D/or.csv" init="0.25 -0.5 0.125" steps=1)
check "L3: row 1 error quoted" says 03-one-update.txt "= +$(fmt 4 "$(get "$r" a1)")"
check "L3: row 2 error quoted" says 03-one-update.txt "σ(z) − y = −$(fmt 4 "$(awk -v OFMT=%.17g -v a="$(get "$r" a2)" 'BEGIN { print 1 - a }')")"
check "L3: row 3 error quoted" says 03-one-update.txt "= $(fmt 4 "$(awk -v OFMT=%.17g -v a="$(get "$r" a3)" 'BEGIN { print a - 1 }')")"
check "L3: dC/dw2 quoted" says 03-one-update.txt "= $(ufmt 4 "$(get "$r" g2)")"
check "L3: new w2 quoted" says 03-one-update.txt "= $(ufmt 4 "$(get "$r1" w2)")"
check "L3: dC/db is exactly -1/4" near "$(get "$r" g3)" -0.25 1e-15
check "L3: b after one update is 0.25" near "$(get "$r1" b)" 0.25 1e-15
check "L3: C before and after quoted" says 03-one-update.txt "from $(fmt 4 "$(get "$r" C)") to $(fmt 4 "$(get "$r1" C)")"
if ran "$(basename "$o" .out)"; then
    check "L3: back restores w2 exactly" [ "$(val "$o" w2 1)" = "-0.5" ]
    check "L3: step gives the update of next" near "$(val "$o" w2 2)" "$(get "$r1" w2)" 1e-15
fi

# ---- lesson 4: the derivation on NAND from (2, 2), b = 1 ----
r=$(gd "$D/nand.csv" init="2 2 1")
rq=$(gd "$D/nand.csv" init="2 2 1" cost=quad)
a4=$(get "$r" a4)
check "L4: sigma(5) quoted" says 04-derivation.txt "σ(z) = $(fmt 4 "$a4")"
check "L4: 1/(1-a) quoted" says 04-derivation.txt "= $(fmt 1 "$(awk -v OFMT=%.17g -v a="$a4" 'BEGIN { print 1 / (1 - a) }')")"
check "L4: sigma'(5) quoted" says 04-derivation.txt "σ'(5) = $(nfmt 4 "$(awk -v OFMT=%.17g -v a="$a4" 'BEGIN { print a * (1 - a) }')")"
check "L4: the quadratic term a·σ'(5) quoted" says 04-derivation.txt "$(fmt 4 "$a4") · $(nfmt 4 "$(awk -v OFMT=%.17g -v a="$a4" 'BEGIN { print a * (1 - a) }')") = $(nfmt 4 "$(awk -v OFMT=%.17g -v a="$a4" 'BEGIN { print a * a * (1 - a) }')")"
check "L4: the ratio is about 150" near "$(awk -v OFMT=%.17g -v a="$a4" 'BEGIN { print 1 / (a * (1 - a)) }')" 150 1
check "L4: CE and quadratic dC/dw1 quoted" says 04-derivation.txt "from +$(nfmt 4 "$(get "$r" g1)") to +$(nfmt 4 "$(get "$rq" g1)")"
check "L4: quadratic dC/db quoted" says 04-derivation.txt "($(fmt 4 "$(get "$rq" g3)" | sed 's/^-/−/'))"

# ---- lesson 5: Nielsen's slowdown, x = 1, y = 0, eta = 0.15 ----
o=$tmp/slowdown.out
a0=$(awk -v OFMT=%.17g 'BEGIN { print 1 / (1 + exp(-1.5)) }')
check "L5: sigma(0.6 + 0.9) = 0.8176 quoted" says 05-slowdown.txt "σ(1.5) = $(fmt 4 "$a0")"
check "L5: 0.82 at step 0" [ "$(fmt 2 "$a0")" = 0.82 ]
q300=$(get "$(gd "$D/neuron.csv" init="0.6 0.9" eta=0.15 cost=quad steps=300)" a1)
check "L5: about 0.09 after 300 quadratic steps ($q300)" near "$q300" 0.09 0.005
q50=$(get "$(gd "$D/neuron.csv" init="2 2" eta=0.15 cost=quad steps=50)" a1)
c50=$(get "$(gd "$D/neuron.csv" init="2 2" eta=0.15 steps=50)" a1)
q300b=$(get "$(gd "$D/neuron.csv" init="2 2" eta=0.15 cost=quad steps=300)" a1)
c300=$(get "$(gd "$D/neuron.csv" init="0.6 0.9" eta=0.15 steps=300)" a1)
check "L5: quadratic from w = b = 2 still above 0.95 after 50 steps ($q50)" less 0.95 "$q50"
check "L5: cross-entropy far lower after 50 steps ($c50)" less "$c50" 0.15
check "L5: quoted 0.976 after 50 steps" says 05-slowdown.txt "still $(fmt 3 "$q50")"
check "L5: quoted 0.10 after 50 CE steps" says 05-slowdown.txt "already $(fmt 2 "$c50")"
check "L5: quoted sigma'(4)" says 05-slowdown.txt "σ'(4) = $(fmt 3 "$(awk -v OFMT=%.17g 'BEGIN { a = 1 / (1 + exp(-4)); print a * (1 - a) }')")"
check "L5: quoted CE after 300 steps" says 05-slowdown.txt "output is $(fmt 3 "$c300"), against 0.09"
check "L5: the quadratic has moved by step 300 ($q300b)" less "$q300b" 0.3
q150=$(get "$(gd "$D/neuron.csv" init="2 2" eta=0.15 cost=quad steps=150)" a1)
c30=$(get "$(gd "$D/neuron.csv" init="2 2" eta=0.15 steps=30)" a1)
check "L5: quadratic still above 0.9 after 150 steps ($q150)" less 0.9 "$q150"
check "L5: cross-entropy down to the quoted 0.20 after 30 steps" says 05-slowdown.txt "down to $(fmt 2 "$c30") after 30"
if ran "$(basename "$o" .out)"; then
    check "L5: printed output at step 0" near "$(val "$o" a1 1)" "$a0" 1e-15
    check "L5: printed output after 300 quadratic steps" near "$(val "$o" a1 2)" "$q300" 1e-12
    check "L5: printed quadratic output after 50 steps" near "$(val "$o" a1 4)" "$q50" 1e-12
    check "L5: printed quadratic output after 300 steps" near "$(val "$o" a1 6)" "$q300b" 1e-12
    check "L5: printed CE output after 50 steps" near "$(val "$o" a1 7)" "$c50" 1e-12
    check "L5: printed CE output after 300 steps" near "$(val "$o" a1 9)" "$c300" 1e-12
fi

# ---- lesson 6: scales (admissions) and eight inputs (sensors) ----
o=$tmp/several-inputs.out
r=$(gd "$D/admissions.csv")
rs=$(gd "$D/admissions.csv" scale=std)
check "L6: exam gradient quoted" says 06-several-inputs.txt "∂C/∂w_1 = $(fmt 4 "$(get "$r" g1)" | sed 's/^-/−/')"
check "L6: gpa gradient quoted" says 06-several-inputs.txt "∂C/∂w_2 = $(fmt 4 "$(get "$r" g2)" | sed 's/^-/−/')"
check "L6: 33 times larger" [ "$(awk -v a="$(get "$r" g1)" -v b="$(get "$r" g2)" 'BEGIN { printf "%d", a / b }')" = 33 ]
check "L6: standardized gradients quoted" says 06-several-inputs.txt "($(fmt 4 "$(get "$rs" g1)" | sed 's/^-/−/') and $(fmt 4 "$(get "$rs" g2)" | sed 's/^-/−/'))"
slow=$(gd "$D/admissions.csv" eta=0.001 steps=200)
check "L6: eta 0.001 crawls to the quoted C" says 06-several-inputs.txt "to $(fmt 4 "$(get "$slow" C)")"
check "L6: eta 0.001 classifies 51 right" [ "$(get "$slow" acc)" = 51 ]
fast=$(gd "$D/admissions.csv" eta=0.01 steps=200 tol=1e-4)  # diverging: rounding grows
check "L6: eta 0.01 makes C grow ($(get "$fast" C))" less 1 "$(get "$fast" C)"
std=$(gd "$D/admissions.csv" scale=std steps=200)
check "L6: standardized C after 200 steps quoted" says 06-several-inputs.txt "C = $(fmt 4 "$(get "$std" C)") and $(get "$std" acc) of the 100"
sens=$(gd "$D/sensors.csv" scale=std)
for pair in "1 temp" "2 vibration" "4 humidity" "6 voltage"; do
    j=${pair% *}; nm=${pair#* }
    g=$(nfmt 4 "$(get "$sens" g$j)" | sed 's/^-/−/; s/^\([0-9]\)/+\1/')
    check "L6: sensors $nm gradient quoted ($g)" says 06-several-inputs.txt "$g"
done
sens500=$(gd "$D/sensors.csv" scale=std steps=500)
check "L6: sensors accuracy after 500 steps quoted" says 06-several-inputs.txt "$(get "$sens500" acc) of the 300"
small=$(printf '%s\n' "$sens500" | awk '$1 ~ /^w/ { v = $2 < 0 ? -$2 : $2; if (m == "" || v < m) { m = v; j = $1 } } END { print j }')
check "L6: humidity (w4) ends closest to zero ($small)" [ "$small" = w4 ]
second=$(printf '%s\n' "$sens500" | awk '$1 ~ /^w/ && $1 != "w4" { v = $2 < 0 ? -$2 : $2; if (m == "" || v < m) { m = v; j = $1 } } END { print j }')
check "L6: voltage (w6) is the next smallest ($second)" [ "$second" = w6 ]

# ---- lesson 7: batches on gauss ----
o=$tmp/batches.out
full=$(gd "$D/gauss.csv" steps=20 trace=1)
check "L7: C after 20 full-batch steps quoted" says 07-batches.txt "down to $(fmt 4 "$(get "$full" C)"), and C falls"
rises=$(printf '%s\n' "$full" | awk '$1 ~ /^C@/ { if (p != "" && $2 >= p) r++; p = $2 } END { print r + 0 }')
check "L7: full-batch C falls at every update" [ "$rises" -eq 0 ]
g0=$(gd "$D/gauss.csv")
check "L7: full-batch dC/dw1 at zero quoted" says 07-batches.txt "full-batch value $(fmt 4 "$(get "$g0" g1)" | sed 's/^-/−/')"
if ran "$(basename "$o" .out)"; then
    rows=$(grep -o 'term [1-4] of 4[^0-9]*[0-9]*' "$o" | sed 's/.*[^0-9]\([0-9][0-9]*\)$/\1/' | tr '\n' ' ')
    bg=$(awk -F, -v rows="$rows" 'BEGIN { split(rows, r, " "); for (i in r) want[r[i]] = 1 }
        /^#/ || NF == 0 { next } !h { h = 1; if ($1 !~ /^[-+.0-9]/) next }
        { n++; if (n in want) s += $1 * (0.5 - $3) } END { printf "%.17g", s / 4 }' "$D/gauss.csv")
    check "L7: the batch of 4 ($rows) gives the quoted dC/dw1" says 07-batches.txt "∂C/∂w_1 = $(fmt 4 "$bg" | sed 's/^-/−/')"
    check "L7: printed C after one epoch of batch 4 quoted" says 07-batches.txt "C to $(fmt 4 "$(val "$o" C 1)")"
    check "L7: printed C after one epoch of SGD quoted" says 07-batches.txt "C = $(fmt 4 "$(val "$o" C 2)")"
    check "L7: one epoch of batches of 4 beats 20 full-batch steps" less "$(val "$o" C 1)" "$(get "$full" C)"
    check "L7: seed 2 ends at the quoted w1" says 07-batches.txt "seed 2 it ends at $(fmt 2 "$(val "$o" w1 1)")"
    check "L7: seed 2 ends at the quoted C" says 07-batches.txt "C is $(fmt 4 "$(val "$o" C 3)") both times"
    check "L7: seed 2 C near seed 1 C" near "$(val "$o" C 3)" "$(val "$o" C 2)" 0.0005
fi
sgd=$(printf 'load gauss\nset batch 1\n%s' "$(i=0; while [ $i -lt 60 ]; do echo step; i=$((i + 1)); done)" | "$G" --script - 2>&1 | grep -c '(+')
check "L7: some of the first 60 SGD updates raise C ($sgd)" [ "$sgd" -ge 1 ]
s1=$(printf 'load gauss\nset batch 1\nstep 200\nprint w1\n' | "$G" --script - | awk '$1 == "w1" { print $3 }')
check "L7: seed 1 ends at the quoted w1 ($s1)" says 07-batches.txt "seed 1 the weight w_1 ended at $(fmt 2 "$s1")"

# ---- lesson 8: XOR and the rings ----
r=$(gd "$D/xor.csv")
check "L8: every partial derivative is zero at zero" [ "$(get "$r" g1)$(get "$r" g2)$(get "$r" g3)" = 000 ]
r=$(gd "$D/xor.csv" init="1 -0.5 0.3" steps=2000)
check "L8: C is ln 2 after 2000 steps" near "$(get "$r" C)" "$(awk -v OFMT=%.17g 'BEGIN { print log(2) }')" 5e-5
check "L8: outputs are 0.5" near "$(get "$r" a1)" 0.5 1e-6
r=$(gd "$D/rings.csv" steps=1000)
check "L8: rings C quoted" says 08-xor.txt "C = $(fmt 4 "$(get "$r" C)")"
check "L8: rings accuracy quoted" says 08-xor.txt "only $(get "$r" acc) of the 200"
zeros=$(awk -F, '/^[-+.0-9]/ && $3 == 0 { c++ } END { print c }' "$D/rings.csv")
check "L8: $zeros of the rings are class 0" says 08-xor.txt "($zeros of 200"

# ---- lesson 9: weight decay on AND ----
o=$tmp/regularization.out
w1000=$(get "$(gd "$D/and.csv" steps=1000)" w1)
w5000=$(get "$(gd "$D/and.csv" steps=5000)" w1)
check "L9: w1 after 1000 and 5000 steps quoted" says 09-regularization.txt "$(fmt 2 "$w1000") after 1000 steps and $(fmt 2 "$w5000") after 5000"
r=$(gd "$D/and.csv" init="6 6 -9" lambda=0.1)
check "L9: the data term is zero at (6, 6, -9): dC/dw1 = lambda/n * 6" near "$(get "$r" g1)" 0.15 1e-15
check "L9: rows 3 and 4 errors quoted" says 09-regularization.txt "+$(fmt 4 "$(get "$r" a3)") and −$(fmt 4 "$(get "$r" a3)")"
r1=$(gd "$D/and.csv" init="6 6 -9" lambda=0.1 steps=1)
check "L9: one step decays w1 to 5.925" near "$(get "$r1" w1)" 5.925 1e-12
r=$(gd "$D/and.csv" init="6 6 -9" lambda=0.1 steps=3001)
check "L9: the balance point quoted" says 09-regularization.txt "w_1 = $(fmt 4 "$(get "$r" w1)")"
check "L9: the data term at balance quoted" says 09-regularization.txt "(1/4)($(fmt 4 "$(get "$r" a3)") − $(fmt 4 "$(awk -v OFMT=%.17g -v a="$(get "$r" a4)" 'BEGIN { print 1 - a }')")"
check "L9: row 4's output and C quoted" says 09-regularization.txt "(row 4 gets $(fmt 4 "$(get "$r" a4)")), and C = $(fmt 4 "$(get "$r" C)")"
check "L9: all four right" [ "$(get "$r" acc)" = 4 ]
r=$(gd "$D/and.csv" lambda=0.4 steps=6000)
check "L9: lambda 0.4 balance quoted" says 09-regularization.txt "w_1 = $(fmt 4 "$(get "$r" w1)")"
check "L9: lambda 0.4 gets 3 of 4" [ "$(get "$r" acc)" = 3 ]
if ran "$(basename "$o" .out)"; then
    check "L9: printed w1 after the decay step" near "$(val "$o" w1 3)" 5.925 1e-12
fi

# ---- lesson 10: finite differences on hours at (1.5, -4) ----
o=$tmp/gradient-check.out
r=$(gd "$D/hours.csv" init="1.5 -4")
cp=$(get "$(gd "$D/hours.csv" init="1.501 -4")" C)
cm=$(get "$(gd "$D/hours.csv" init="1.499 -4")" C)
fd=$(awk -v p="$cp" -v m="$cm" 'BEGIN { printf "%.17g", (p - m) / 0.002 }')
check "L10: C(w1 + h) quoted" says 10-gradient-check.txt "($(fmt 10 "$cp") − $(fmt 10 "$cm"))"
check "L10: finite difference quoted" says 10-gradient-check.txt "= $(fmt 7 "$fd")"
check "L10: formula value quoted" says 10-gradient-check.txt "gave $(fmt 7 "$(get "$r" g1)")"
check "L10: they agree to five digits" near "$fd" "$(get "$r" g1)" 5e-7
rq=$(gd "$D/hours.csv" init="1.5 -4" cost=quad)
check "L10: the wrong sigma' gradient quoted" says 10-gradient-check.txt "gives $(fmt 4 "$(get "$rq" g1)") for w_1"
check "L10: its relative error is about 0.5" near "$(awk -v OFMT=%.17g -v a="$(get "$rq" g1)" -v b="$fd" 'BEGIN { print (b - a) / b }')" 0.5 0.05
if ran "$(basename "$o" .out)"; then
    check "L10: printed C(w1 + h)" near "$(val "$o" C 1)" "$cp" 1e-14
    check "L10: printed C(w1 - h)" near "$(val "$o" C 2)" "$cm" 1e-14
    # a check shows that the gradient agrees with its own cost, not that every number is right
    check "L10: no claim that every number can be trusted" sh -c '! tr "\n" " " < "$1" | grep -q "can be trusted"' _ "$o"
    check "L10: the closing says what a check shows" sh -c 'tr "\n" " " < "$1" | grep -q "is the gradient of the cost it computes"' _ "$o"
    # the check the lesson runs agrees, in its rows and its verdict
    check "L10: the lesson's checks all agree" sh -c '[ "$(grep -c "partial derivatives checked agree" "$1")" -ge 3 ] && ! grep -q DISAGREE "$1"' _ "$o"
fi

# ---- errors: a failing command names the lesson file and line ----
mkdir -p "$tmp/ls"
printf 'Broken\nA page.\n> step 2\n> set eta -1\n> step\n' > "$tmp/ls/01-broken.txt"
GRADSTEP_LESSONDIR="$tmp/ls" "$G" -c 'lesson broken' > "$tmp/b.out" 2> "$tmp/b.err"
st=$?
check "errors: exit status 1 ($st)" [ $st -eq 1 ]
check "errors: FILE:LINE: in the message" grep -q "^-c:1: error: $tmp/ls/01-broken.txt:4: " "$tmp/b.err"
check "errors: the transcript up to the failure" grep -q '^gradstep> set eta -1$' "$tmp/b.out"
check "errors: nothing after the failure" sh -c '! grep -q "^gradstep> step$" "$1"' sh "$tmp/b.out"
printf 'lesson broken\nprint step\n' > "$tmp/b.gs"
GRADSTEP_LESSONDIR="$tmp/ls" "$G" --script "$tmp/b.gs" > "$tmp/b.out" 2> "$tmp/b.err"
check "errors: a script stops at the lesson" grep -q "^$tmp/b.gs:1: error: $tmp/ls/01-broken.txt:4: " "$tmp/b.err"
printf 'Bad\n? a question\n' > "$tmp/ls/02-bad.txt"
GRADSTEP_LESSONDIR="$tmp/ls" "$G" -c 'lesson bad' > /dev/null 2> "$tmp/b.err"
check "errors: a malformed lesson names its line" grep -q "^-c:1: error: $tmp/ls/02-bad.txt:2: a question needs" "$tmp/b.err"
"$G" -l symbols < /dev/null > "$tmp/l.out" 2>&1
check "-l NAME runs the lesson" grep -q '^Lesson 1: What the symbols' "$tmp/l.out"

# every reference run gd made was also the program's run
while IFS= read -r r; do
    case $r in ok) pass ;; *) fail "${r#FAIL }" ;; esac
done < "$tmp/gd.log"
check "the reference runs were compared with the program ($(grep -c . "$tmp/gd.log"))" [ "$(grep -c . "$tmp/gd.log")" -ge 30 ]

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
