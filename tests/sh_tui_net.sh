#!/bin/sh
# sh_tui_net.sh: the full screen in network mode at 80x24, 100x30 and 200x60: the Data, Parameters
# and Formula panes show the network's own numbers (the values `print` gives), a step changes them,
# `back` restores them, and no pane shows the single neuron's views or numbers.
set -u
. "$(dirname "$0")/tui_lib.sh"
tui_init net "the full screen in network mode not tested"

INIT="0.7 -1.3 0.45 2.1 -0.2 0.35 1.6 -0.9 0.15"
# What print says of the same network after STEPS steps, written as the panes write it at 4
# decimals (README, "set digits": at least 3 significant digits, scientific below 0.0001):
# NAME VALUE lines.
printed() {
    "$GRADSTEP" xor -c 'set hidden 2' -c "set init $INIT" -c "step $1" -c 'set digits 4' \
        -c 'print a3_1@3' -c 'print w2_1_2' -c 'print grad_w2_1_2' -c 'print C@3' 2>/dev/null |
        awk '/ = / { v = $3 + 0; t = sprintf("%.2e", v); e = substr(t, index(t, "e") + 1) + 0
                     if (v != 0 && e < -4) { printf "%s %.3e\n", $1, v; next }
                     d = 2 - e; if (v == 0 || d < 4) d = 4
                     printf "%s %.*f\n", $1, d, v }'
}
value_of() { echo "$1" | awk -v n="$2" '$1 == n { v = $2; if (v + 0 > 0 && n ~ /^(w|grad)/) v = "+" v; print v }'; }
re() { printf '%s' "$1" | sed 's/[+.]/\\&/g'; }

for size in 80x24 100x30 200x60; do
    tui_start "$size" "$size" xor || bad "$size: gradstep did not start"
    typed 'set digits 4' 'set hidden 2' "set init $INIT" 'step 3'
    wait_for "step 3 " 5 || bad "$size: step 3 not shown"
    p3=$(printed 3)
    a=$(re "$(value_of "$p3" a3_1@3)"); w=$(re "$(value_of "$p3" w2_1_2)")
    g=$(re "$(value_of "$p3" grad_w2_1_2)"); c=$(re "$(value_of "$p3" C@3)")
    check "$size: the Data pane says network 2-2-1" sh -c "tmux -L $SOCK capture-pane -p | grep -qF 'network 2-2-1'"
    check "$size: example 3's row shows a3_1 = $a and C_x = $c" \
        sh -c "tmux -L $SOCK capture-pane -p | grep -E '^. *3 1 ' | grep -qE ' $a .* $c'"
    # below 150 columns the Weights pane stands where the Parameters list was: zoom shows the list
    typed 'zoom params'
    wait_for 'the params pane on the whole screen' 5 || bad "$size: zoom params not shown"
    check "$size: the Parameters pane shows w2_1_2 = $w and its dC/dw = $g" \
        sh -c "tmux -L $SOCK capture-pane -p | grep -qE 'w2_1_2 +$w +$g'"
    typed 'zoom off'
    wait_for 'every pane back in its place' 5 || bad "$size: zoom off not shown"
    check "$size: the Formula pane explains the focused network weight" \
        sh -c "tmux -L $SOCK capture-pane -p | grep -qF 'Formula: dC/dw2_1_1'"
    check "$size: no single-neuron view (sigma plot or w1 row) in network mode" \
        sh -c "! tmux -L $SOCK capture-pane -p | grep -qE 'σ\\(z\\) against z|▸ w₁|^│▸ w₁'"
    typed 'focus w3_1_2'
    check "$size: focus w3_1_2 moves the Formula pane to the output layer" wait_for 'Formula: dC/dw3_1_2' 5
    check "$size: the Formula pane cites eq. 67 for an output weight" wait_for '(eq. 67)' 5
    typed 'focus w2_1_1'
    check "$size: focus w2_1_1 moves it back to the hidden layer's BP4" wait_for 'Formula: dC/dw2_1_1' 5
    typed 'step'
    wait_for "step 4 " 5 || bad "$size: step 4 not shown"
    w4=$(re "$(value_of "$(printed 4)" w2_1_2)")
    typed 'zoom params'
    wait_for 'the params pane on the whole screen' 5 || bad "$size: zoom params not shown"
    check "$size: after a step w2_1_2 = $w4" sh -c "tmux -L $SOCK capture-pane -p | grep -qE 'w2_1_2 +$w4 '"
    typed 'back'
    wait_for "step 3 " 5 || bad "$size: back to step 3 not shown"
    check "$size: back restores w2_1_2 = $w" sh -c "tmux -L $SOCK capture-pane -p | grep -qE 'w2_1_2 +$w '"
    typed 'zoom off'
done

# The Formula pane's own numbers on XOR with 2 hidden neurons from set init random: example 2's
# delta and term of a hidden weight and of an output weight are what print gives, the formula changes
# with the focused layer, a step changes the numbers and back restores them.
printed_random() {
    "$GRADSTEP" xor -c 'set hidden 2' -c 'set init random' -c "step $1" -c 'set digits 4' \
        -c 'print delta2_1@2' -c 'print delta3_1@2' -c 'print a2_2@2' -c 'print a3_1@2' \
        -c 'print grad_w2_1_2' -c 'print grad_w3_1_2' 2>/dev/null |
        awk '/ = / { x = $3 + 0; t = sprintf("%.2e", x); e = substr(t, index(t, "e") + 1) + 0
                     d = 2 - e; if (x == 0 || d < 4) d = 4  # README, "set digits": 3 significant digits
                     v = (x != 0 && e < -4) ? sprintf("%.3e", x) : sprintf("%." d "f", x)
                     if (v + 0 > 0 && $1 ~ /^delta/) v = "+" v; print $1, v }'
}
# The screen as one line, box lines and line ends turned into single spaces: a wrapped line reads whole.
has_joined() { tmux -L "$SOCK" capture-pane -p | sed 's/│/ /g' | tr -s ' \n' '  ' | grep -qE -- "$1"; }
formula_checks() { # SIZE STEPS
    pr=$(printed_random "$2")
    d2=$(re "$(value_of "$pr" delta2_1@2)"); d3=$(re "$(value_of "$pr" delta3_1@2)")
    a22=$(re "$(value_of "$pr" a2_2@2)"); a31=$(re "$(value_of "$pr" a3_1@2)")
    g2=$(re "$(value_of "$pr" grad_w2_1_2)"); g3=$(re "$(value_of "$pr" grad_w3_1_2)")
    typed 'focus w2_1_2'
    check "$1 step $2: focus w2_1_2 shows BP4 and BP2" wait_for 'sum_x x2 delta2_1 (BP4)' 5
    check "$1 step $2: example 2's row of w2_1_2: x2 = 1, delta2_1 = term = $d2" \
        sh -c "tmux -L $SOCK capture-pane -p | grep -qE '>2 +1\\.0000 +$d2 +$d2'"
    check "$1 step $2: the BP2 line ends in delta2_1@2 = $d2" \
        has_joined "example 2: delta2_1 = [(]sum_q w3_q_1 delta3_q[)] sigma'[(]z2_1[)] [(]BP2[)]: delta2_1 = .* = $d2 "
    check "$1 step $2: dC/dw2_1_2 = $g2 in the sum line" has_joined "dC/dw2_1_2 = [(]1/4[)] [*] [(][^)]*[)] = $g2 "
    typed 'focus w3_1_2'
    check "$1 step $2: focus w3_1_2 shows eq. 67" wait_for 'sum_x a2_2 (a3_1 - y1) (eq. 67)' 5
    check "$1 step $2: example 2's row of w3_1_2: a2_2 = $a22, a3_1 = $a31, delta3_1 = $d3" \
        sh -c "tmux -L $SOCK capture-pane -p | grep -qE '>2 +$a22 +$a31 +1\\.0000 +$d3 '"
    check "$1 step $2: example 2's delta3_1 = a3_1 - y1 (eq. 66)" \
        sh -c "tmux -L $SOCK capture-pane -p | grep -qE 'example 2: delta3_1 = a3_1 - y1 = $a31 - 1\\.0000 = $d3 \\(eq\\. 66\\)'"
    check "$1 step $2: dC/dw3_1_2 = $g3 in the sum line" has_joined "dC/dw3_1_2 = [(]1/4[)] [*] [(][^)]*[)] = $g3 "
}
for size in 80x24 100x30 200x60; do
    tui_start "$size" "$size" xor || bad "$size: gradstep did not start"
    typed 'set digits 4' 'set hidden 2' 'set init random' 'step 3'
    wait_for "step 3 " 5 || bad "$size: step 3 not shown"
    typed 'focus 2'
    typed 'zoom formula'
    typed 'print step'
    formula_checks "$size" 3
    typed 'step'
    wait_for "step 4 " 5 || bad "$size: step 4 not shown"
    formula_checks "$size" 4
    typed 'back'
    wait_for "step 3 " 5 || bad "$size: back to step 3 not shown"
    formula_checks "$size" 3
done

# Micro-steps in the Formula pane, and the pane in plain ASCII under LC_ALL=C (100x30).
tui_start ascii 100x30 xor LC_ALL=C || bad "ascii: gradstep did not start"
typed 'set digits 4'
typed 'set hidden 2'
typed 'set init random'
typed 'focus w2_1_2'
typed 'next'
check "ascii: next shows the term just added" wait_for 'next added example 1 (term 1 of 4): dC_x/dw2_1_2 = x2 * delta2_1' 5
check "ascii: the title counts the terms added" wait_for '1 of 4 terms added' 5
typed 'zoom formula'
check "ascii: the forward pass of example 1, layer by layer" wait_for 'forward pass of example 1' 5
check "ascii: then its backward pass" wait_for 'backward pass (delta = dC_x/dz)' 5
check "ascii: every line of the screen is plain ASCII" sh -c "! tmux -L $SOCK capture-pane -p | LC_ALL=C grep -q '[^ -~]'"
typed 'back'
check "ascii: back leaves the update being built" wait_for 'sum of the 4 terms = ' 5
check "ascii: no term is added any more" sh -c "! tmux -L $SOCK capture-pane -p | grep -qF 'terms added'"
tui_done
