#!/bin/sh
# sh_equations.sh: every equation number gradstep cites (code, lessons, README, man page, and the
# program's own output) is one of Nielsen's, checked against a list of (place, equation, what).
set -u
bin=${GRADSTEP:-./gradstep}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-eq.XXXXXX")
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# Nielsen, "Neural Networks and Deep Learning", numbering as printed in the book (chapter 1 for
# eq. 3, chapter 3 for the rest), audited against the book:
#   3   σ(z) = 1/(1 + e^(−z))                        54  C = (y − a)²/2, one neuron
#   55  ∂C/∂w = (a − y)σ'(z)x                        56  ∂C/∂b = (a − y)σ'(z)
#   57  C = −(1/n) Σ [y ln a + (1 − y) ln(1 − a)]    61  ∂C/∂w_j = (1/n) Σ x_j(σ(z) − y)
#   62  ∂C/∂b = (1/n) Σ (σ(z) − y)                   85  cross-entropy + (λ/2n) Σ w²
#   86  quadratic + (λ/2n) Σ w²                      87  C = C_0 + (λ/2n) Σ w²
#   88  ∂C/∂w = ∂C_0/∂w + (λ/n)w                      91, 92  w → (1 − ηλ/n)w − η ∂C_0/∂w
#   93  w → (1 − ηλ/n)w − (η/m) Σ ∂C_x/∂w (mini-batches)
#   63  cross-entropy summed over the outputs        66  δ^L = a^L − y (sigmoid outputs, cross-entropy)
#   67  ∂C/∂w^L_jk = (1/n) Σ a^(L−1)_k (a^L_j − y_j)  84  δ^L = a^L − y (softmax, log-likelihood)
#   78  softmax a^L_j = e^(z^L_j) / Σ_k e^(z^L_k)   80  C = −ln a^L_y (softmax's log-likelihood)
#   79  Σ_j a^L_j = 1 (softmax outputs sum to 1)      81, 82  ∂C/∂b^L_j, ∂C/∂w^L_jk for softmax and C = −ln a^L_y
#
# The list: FILE|CITATION|a phrase on the same line that says what is cited. Every citation found
# in the tree must match an entry, and every entry must be found: a new citation needs an entry.
cat > "$tmp/list" <<'EOF'
src/explain_int.h|eq. 61|a space where prose is never broken
src/explain.c|eq. 61|: " (eq. 61)")),
src/explain.c|eq. 62|isb ? " (eq. 62)"
src/explain.c|eqs. 61 and 88|s->lambda > 0
src/explain.c|eq. 57|C_x for example %zu (cross-entropy
src/explain.c|eq. 86|? ", plus the weight penalty
src/explain.c|eq. 85|weight penalty
src/explain.c|eq. 3|σ(z) for example %zu: a = σ(z) = 1/(1 + e^(−z))
src/explain_check.c|eq. 57|Cross-entropy, C_x = −[y ln a + (1 − y) ln(1 − a)]
src/explain_check.c|eq. 54|Quadratic, C_x = ½(y − a)²
src/explain.c|eq. 3|the sigmoid σ(z) = 1/(1 + e^(−z))
src/explain.c|eq. 57|one example's cost: −[y ln a + (1 − y) ln(1 − a)]
src/explain.c|eq. 61|(1/n) Σₓ x_j (σ(z) − y) (eq. 61); ∂C/∂b
src/explain.c|eq. 62|∂C/∂b = (1/n) Σₓ (σ(z) − y) (eq. 62)
src/explain.c|eq. 87|(λ/2n) Σ_j w_j² to C (eq. 87)
src/explain.c|eq. 88|(λ/n) w_j to ∂C/∂w_j (eq. 88)
src/explain_steps.c|eqs. 61, 88|s->lambda > 0 ? "eqs. 61, 88" : "eq. 61"
src/explain_steps.c|eq. 61|s->lambda > 0 ? "eqs. 61, 88" : "eq. 61"
src/explain_steps.c|eq. 62|: "eq. 62");
src/explain.h|eq. 61|Formula: ∂C/∂w₂ (eq. 61)
src/net.c|eq. 84|d[o + j] = a[o + j] - y[j];
src/net.c|eq. 66|model_delta_at(z[o + j], y[j], cost)
src/net.h|eq. 66|The output error delta^L
src/net.h|eq. 84|The output error delta^L
src/net.h|eq. 93|the weights only
src/cmd_net.c|eq. 66|forward pass, then the error delta carried back
src/cmd_net.c|eq. 66|the quadratic cost keeps sigma'(z) at the output
README.md|eq. 61|The whole answer is a network
README.md|eq. 67|is the one-neuron case of
README.md|eq. 66|and for softmax with the log-likelihood
README.md|eq. 84|and for softmax with the log-likelihood
README.md|eq. 93|with 1/n even for mini-batches
README.md|eq. 63|cross-entropy summed over the outputs
README.md|eq. 80|log-likelihood C_x = −ln a^L_y
lessons/09-regularization.txt|equations 87 to 93|Lesson 9
lessons/09-regularization.txt|eq. 87|adds a price for large weights to the cost
lessons/09-regularization.txt|eq. 88|one term (eq. 88):
lessons/09-regularization.txt|eqs. 91 and 92|The update w_j ← w_j − η ∂C/∂w_j then reads
lessons/09-regularization.txt|equation 93|keeps ηλ/n
README.md|eq. 93|the λ term keeps n
README.md|eq. 61|cross-entropy cost (eq. 61), n = 4
README.md|eqs. 87–93|L2 regularization as weight decay
README.md|eqs. 57, 61, 62|the cross-entropy cost
README.md|eqs. 87 to 93|L2 regularization
README.md|eq. 86|for the quadratic cost with λ
src/cmd_explain.c|eq. 67|Network mode: w L J K (eq. 67 at the output
src/explain_net.c|eq. 67|network mode's worked formulas: eq. 67 and BP1-BP4
src/explain_net.c|eq. 84|return "a - y (eq. 84)";
src/explain_net.c|eq. 66|"(a - y) sigma'(z) (BP1)" : "a - y (eq. 66)"
src/explain_net.c|eq. 67|The formula line of parameter i: eq. 67 at the output
src/explain_net.c|eq. 67|w ? (s->net.out == NET_OUT_SOFTMAX ? "eq. 67 with eq. 84" : "eq. 67")
src/explain_net.c|eq. 84|w ? (s->net.out == NET_OUT_SOFTMAX ? "eq. 67 with eq. 84" : "eq. 67")
src/explain_net.c|eq. 84|(s->net.out == NET_OUT_SOFTMAX ? "BP3 with eq. 84" : "BP3 with eq. 66")
src/explain_net.c|eq. 66|(s->net.out == NET_OUT_SOFTMAX ? "BP3 with eq. 84" : "BP3 with eq. 66")
src/explain_net.c|eq. 78|a^L_j of example p by eq. 78 with its normalising sum
src/explain_net.c|eq. 78|e^z%d_%zu / sum_q e^z%d_q (eq. 78), with t = max_q z%d_q
src/explain_net.c|eq. 79|the a%d_q sum to 1 (eq. 79)
src/explain_net.c|eq. 84|NET_OUT_SOFTMAX ? "eq. 84" : "eq. 66");
src/explain_net.c|eq. 66|NET_OUT_SOFTMAX ? "eq. 84" : "eq. 66");
src/explain_net.h|eq. 67|formula of parameter i (eq. 67, BP4 or BP3)
src/explain_net.h|eq. 78|with softmax's normalising sum, eq. 78
src/explain_net.h|eq. 61|eq. 61 when it fits. During micro-steps
src/explain_net.c|eq. 80|(eq. 80: the log-likelihood of output %zu, the "
src/explain_net.c|eq. 63|"example's part of eq. 63)", L, L, num(c, s, p->cost));
src/net.h|eq. 78|The softmax of m output values z, as the forward pass computes it (eq. 78, stably)
src/explain_net.c|eq. 61|The sentence that maps an output weight onto eq. 61.
src/explain_net.c|eq. 61|This is eq. 61 for output neuron %zu: with no hidden layer
src/explain_net.c|eq. 61|This is eq. 61 with x_j replaced: here x_j of eq. 61 is
src/explain_net.c|eq. 84|(eq. 84: softmax with the log-likelihood;
src/explain_net.c|eq. 66|(eq. 66: dC_x/da = (a - y)/(a(1 - a))
src/explain_net.c|eq. 84|With softmax and the log-likelihood no sigma'(z^L) appears at all (eq. 84).
src/explain_net.h|eq. 67|network mode's worked formulas (eq. 67, BP1-BP4)
src/explain_net.h|eq. 67|over the whole dataset: eq. 67 for an output weight
src/explain_net.h|eq. 61|sentence that maps it onto eq. 61), BP4/BP3 below
src/explain_net.h|eq. 66|eq. 66/84 or BP1 at the output, BP2 with
README.md|eq. 67|the formula (eq. 67 for an output weight, BP4 with BP2 below, BP3 for a bias)
README.md|eq. 61|the sentence that maps it onto eq. 61 (x_j there is a^(L−1)_k here
README.md|eq. 66|a − y at the output (eq. 66, eq. 84 for softmax
README.md|eq. 84|a − y at the output (eq. 66, eq. 84 for softmax
gradstep.1|eq. 67|(eq. 67 at the output with its eq. 61 reading, BP4 and BP3 below)
gradstep.1|eq. 61|(eq. 67 at the output with its eq. 61 reading, BP4 and BP3 below)
gradstep.1|eq. 66|(eq. 66, eq. 84 or BP1 at the output, BP2 below).
gradstep.1|eq. 84|(eq. 66, eq. 84 or BP1 at the output, BP2 below).
src/tui/pane_net.c|eq. 67|and the focused parameter's eq. 67 or BP4
README.md|eq. 67|1. the formula: eq. 67 for an output weight
README.md|eq. 84|(`eq. 67 with eq. 84` under
README.md|eq. 66|at the output, δ^L_j = a^L_j − y_j (eq. 66; eq. 84 for softmax;
README.md|eq. 84|at the output, δ^L_j = a^L_j − y_j (eq. 66; eq. 84 for softmax;
README.md|eq. 78|/ Σ_q e^(z_q) (eq. 78) with its numbers
README.md|eq. 79|(the outputs sum to 1, eq. 79);
README.md|eq. 61|the sentence that maps it onto eq. 61.
README.md|eq. 67|`focus w3_1_2` (eq. 67) and `focus w2_1_2` (BP4)
README.md|eq. 80|C_x with its value (for softmax −ln a^L_y, eq. 80
README.md|eq. 78|with the normalising sum of eq. 78 behind a^L_y
gradstep.1|eq. 67|the Formula pane shows the focused parameter's eq. 67 (output weights)
lessons/11-final-layer.txt|eq. 61|A reader of Nielsen's chapter 3 asked about
lessons/11-final-layer.txt|eq. 61|the neuron of eq. 61
lessons/11-final-layer.txt|eq. 61|The w_j of eq. 61 is one entry
lessons/11-final-layer.txt|eq. 61|every output is 0.5, so eq. 61 for this neuron
lessons/11-final-layer.txt|eq. 61|eq. 61 uses one of them
lessons/11-final-layer.txt|eq. 67|Nielsen's eq. 67, eq. 61 with x_k replaced by
lessons/11-final-layer.txt|eq. 61|Nielsen's eq. 67, eq. 61 with x_k replaced by
lessons/11-final-layer.txt|eq. 67|need more than eq. 67: backpropagation
lessons/12-backprop.txt|eq. 66|The output error for the cross-entropy cost is eq. 66
lessons/12-backprop.txt|eq. 66|cross-entropy, σ'(z^3_1) cancels (eq. 66)
lessons/11-final-layer.txt|eq. 61|and maps them onto eq. 61.
lessons/14-softmax.txt|eq. 78|A softmax output layer (Nielsen, eq. 78)
lessons/14-softmax.txt|eq. 80|the log-likelihood cost (eq. 80)
lessons/14-softmax.txt|eq. 84|sigmoid outputs with the cross-entropy (eq. 84)
README.md|eq. 61|(Nielsen's eq. 61), is w_j
README.md|eq. 61|eq. 61 is about
README.md|eq. 67|that is eq. 67,
README.md|eq. 67|Below the final layer, eq. 67 is not enough
README.md|eq. 67|eq. 67 with a hidden layer
README.md|eq. 84|δ^L = a^L − y (eq. 84), and the slowdown
README.md|eq. 61|onto eq. 61; add
EOF

# Every citation in the tree, one per line: FILE|CITATION|LINE (explain.c's "eq." NB "61" read as "eq. 61").
for f in src/*.c src/*.h src/tui/*.c lessons/*.txt README.md gradstep.1; do
    sed 's/" NB "/ /g' "$top/$f" | grep -iE '(eqs?\.|equations?) [0-9]' | while IFS= read -r line; do
        printf '%s\n' "$line" | grep -oiE '(eqs?\.|equations?) [0-9]+((, | to |–|-| and )[0-9]+)*' |
            while IFS= read -r cite; do printf '%s|%s|%s\n' "$f" "$cite" "$line"; done
    done
done > "$tmp/found"

# Each citation found must have an entry with its file, its number and a phrase of its line.
while IFS= read -r row; do
    f=${row%%|*}; rest=${row#*|}; cite=${rest%%|*}; line=${rest#*|}
    ok=0
    while IFS='|' read -r lf lc lp; do
        if [ "$lf" = "$f" ] && [ "$lc" = "$cite" ]; then
            case $line in *"$lp"*) ok=1; break ;; esac
        fi
    done < "$tmp/list"
    if [ $ok = 1 ]; then pass; else fail "$f cites \"$cite\" where the list has no such equation: $line"; fi
done < "$tmp/found"

# Each entry must still be there.
while IFS='|' read -r lf lc lp; do
    if grep -F "$lf|$lc|" "$tmp/found" | grep -qF -- "$lp"; then pass; else fail "$lf no longer cites $lc beside \"$lp\""; fi
done < "$tmp/list"

# The program's output: the numbers it cites in each situation.
out() { "$bin" "$@" 2>&1; }
expect() { # NAME WANT OUTPUT...
    name=$1; want=$2; shift 2
    if printf '%s\n' "$*" | tr '\n' ' ' | grep -qF -- "$want"; then pass; else fail "$name: no \"$want\""; fi
}
refuse() {
    name=$1; bad=$2; shift 2
    if printf '%s\n' "$*" | tr '\n' ' ' | grep -qF -- "$bad"; then fail "$name: cites \"$bad\""; else pass; fi
}
o=$(out -c 'explain w 1'); expect "explain w: eq. 61" "cross-entropy cost (eq. 61)" "$o"
o=$(out -c 'set lambda 1' -c 'explain w 1'); expect "explain w with λ: eqs. 61 and 88" "(eqs. 61 and 88)" "$o"
o=$(out -c 'explain b'); expect "explain b: eq. 62" "cross-entropy cost (eq. 62)" "$o"
o=$(out -c 'explain cost 1'); expect "explain cost I: eq. 57" "(cross-entropy, eq. 57)" "$o"
o=$(out -c 'set lambda 1' -c 'explain cost'); expect "explain cost, λ, cross-entropy: eq. 85" "(eq. 85)" "$o"
o=$(out -c 'set lambda 1' -c 'set cost quadratic' -c 'explain cost')
expect "explain cost, λ, quadratic: eq. 86" "(eq. 86)" "$o"; refuse "explain cost, λ, quadratic" "eq. 85" "$o"
o=$(out -c 'explain sigma 1'); expect "explain sigma: eq. 3" "(eq. 3)" "$o"
o=$(out -c 'derive 2 w2'); expect "derive w: eq. 61" "times the input (eq. 61)" "$o"; expect "derive w: eq. 55" "(eq. 55)" "$o"
o=$(out -c 'derive 2 b'); expect "derive b: eq. 62" "(eq. 62)" "$o"; expect "derive b: eq. 56" "(eq. 56)" "$o"
refuse "derive b" "eq. 61" "$o"; refuse "derive b" "eq. 55" "$o"; refuse "derive b" "times the input" "$o"
o=$(out iris -c 'set output softmax' -c 'explain b 2 1'); expect "softmax bias: eq. 84" "(BP3 with eq. 84)" "$o"
refuse "softmax bias" "eq. 66" "$o"
o=$(out -c 'help symbols'); expect "help symbols: eq. 88" "∂C/∂w_j (eq. 88)" "$o"
o=$(out -c 'lesson regularization')
expect "lesson 9: eq. 88 for the gradient" "gains one term (eq. 88)" "$o"
expect "lesson 9: eqs. 91 and 92 for the full-batch update" "then reads (eqs. 91 and 92)" "$o"
refuse "lesson 9" "eq. 92)" "$o"; refuse "lesson 9" "(eq. 93)" "$o"

rm -rf "$tmp"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
