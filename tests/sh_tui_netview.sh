#!/bin/sh
# sh_tui_netview.sh: the Network and Weights panes of network mode at 80x24, 100x30 and 200x60:
# a, delta, w and dC/dw as `print` gives them in script mode, the focused entry following the
# focus keys between layers and neurons, a step changing them and `back` restoring them, the last
# change equal to the difference of two printed values; and on digits (64 inputs, 30 hidden) the
# Network pane summarising its large layers with the focused neurons still shown.
set -u
. "$(dirname "$0")/tui_lib.sh"
tui_init netview "the Network and Weights panes not tested"
TUI_SHOW=60
on_screen() { screen | grep -qE -- "$1"; }      # on_screen REGEX
key() { tmux -L "$SOCK" send-keys -l "$1"; }     # a key in one-key mode
# mouse BUTTON X Y (0-based; 0 press, 3 release): tmux cannot click, so the test types the
# terminal's mouse report (ESC [ M, button, column, row, each offset by 32, 1-based).
mouse() {
    tmux -L "$SOCK" send-keys -l "$(printf '\033[M%b%b%b' "\\$(printf '%03o' $((32 + $1)))" \
        "\\$(printf '%03o' $((33 + $2)))" "\\$(printf '%03o' $((33 + $3)))")"
}
start() { tui_start "$3" "$1" "$2" || bad "$1: gradstep did not start"; } # start SIZE DATASET NAME

SETUP="-c 'set seed 1' -c 'set hidden 2' -c 'set init random'"
# The exact values print gives in script mode after STEPS steps: NAME VALUE lines (%.17g).
printed() {
    steps=; [ "$1" -gt 0 ] && steps="-c 'step $1'"
    eval "\"$GRADSTEP\" xor $SETUP $steps" \
        -c "'print a2_1@1'" -c "'print delta2_1@1'" -c "'print a3_1@1'" -c "'print delta3_1@1'" \
        -c "'print w2_1_1'" -c "'print w2_1_2'" -c "'print w2_2_1'" -c "'print w2_2_2'" -c "'print w3_1_1'" \
        -c "'print grad_w2_1_1'" -c "'print grad_w2_1_2'" 2>/dev/null | awk '/ = / { print $1, $3 }'
}
exact() { echo "$1" | awk -v n="$2" '$1 == n { print $2 }'; }
# A value as the panes write it at 4 decimals with its sign (README, "set digits": at least 3
# significant digits, scientific below 0.0001), as a regular expression.
shown() {
    awk -v v="$1" 'BEGIN { t = sprintf("%.2e", v); e = substr(t, index(t, "e") + 1) + 0
        if (v != 0 && e < -4) { printf "%+.3e", v; exit }
        d = 2 - e; if (v == 0 || d < 4) d = 4; printf "%+." d "f", v }' | sed 's/[+.]/\\&/g'
}
V0=$(printed 0)
V1=$(printed 1)
v() { shown "$(exact "$1" "$2")"; }
# The last change of w2_1_1 and w2_1_2 at step 1: the difference of the two printed values.
d() { shown "$(awk -v a="$(exact "$V1" "$1")" -v b="$(exact "$V0" "$1")" 'BEGIN { printf "%.17g", a - b }')"; }

for size in 80x24 100x30 200x60; do
    start "$size" xor "$size"
    typed 'set digits 4'
    typed 'set seed 1'
    typed 'set hidden 2'
    typed 'set init random'
    wait_for 'w^2: row j' 5 || bad "$size: no Weights pane"
    a21=$(v "$V0" a2_1@1); d21=$(v "$V0" delta2_1@1); a31=$(v "$V0" a3_1@1); d31=$(v "$V0" delta3_1@1)
    w211=$(v "$V0" w2_1_1); w212=$(v "$V0" w2_1_2); w221=$(v "$V0" w2_2_1); w311=$(v "$V0" w3_1_1)
    g211=$(v "$V0" grad_w2_1_1); g212=$(v "$V0" grad_w2_1_2)
    check "$size: the Network pane names the network and the example" on_screen 'Network (2-2-1: )?a,? (\(forward\) )?and δ|Network: a, δ'
    check "$size: the Network pane shows a2_1 = $a21 and delta2_1 = $d21 of example 1" \
        on_screen "1 a$a21"
    check "$size: ... and delta2_1 = $d21" on_screen "δ$d21"
    check "$size: the Network pane shows a3_1 = $a31 and delta3_1 = $d31" on_screen "1 a$a31"
    check "$size: ... and delta3_1 = $d31" on_screen "δ$d31"
    check "$size: the Network pane's legend names the focused weight w2_1_1 = $w211" on_screen "w2_1_1 = $w211"
    check "$size: the Weights pane shows w^2 row 1: w2_1_1 = $w211 (focused) then w2_1_2 = $w212" \
        on_screen "▸$w211 .*$w212"
    check "$size: the Weights pane says what rows and columns are" on_screen 'w\^2: row j'
    check "$size: the Weights pane shows dC/dw2_1_1 = $g211 and dC/dw2_1_2 = $g212" on_screen "$g211 .*$g212"
    # one-key mode: > goes to the layer toward the output, < back, . to the neuron below
    tmux -L "$SOCK" send-keys Escape
    wait_for 'keys>' 5 || bad "$size: one-key mode not shown"
    key '>'
    check "$size: > focuses w3_1_1: the Weights pane shows w^3" wait_for 'w^3: row j' 5
    check "$size: ... with w3_1_1 = $w311 marked" on_screen "▸$w311"
    check "$size: ... and the Network pane's link names it" on_screen "w3_1_1 = $w311"
    check "$size: ... and w2_1_1 is no longer marked" sh -c "! tmux -L $SOCK capture-pane -p | grep -qE '▸$w211'"
    key '<'
    check "$size: < goes back toward the input: w^2 again" wait_for 'w^2: row j' 5
    check "$size: ... with w2_1_1 = $w211 marked" on_screen "▸$w211"
    key '.'
    check "$size: . focuses the neuron below: w2_2_1 = $w221 marked" wait_for "w2_2_1 = " 5
    check "$size: ... in the Weights pane" on_screen "▸$w221"
    key ','
    wait_for "w2_1_1 = " 5 || bad "$size: , did not go back to w2_1_1"
    key ':'  # back to typing commands
    # a step changes the values and the last change appears; back restores them
    typed 'zoom weights'
    wait_for 'the weights pane on the whole screen' 5 || bad "$size: zoom weights not shown"
    check "$size: at step 0 the last change is blank" on_screen '^│ +Δ +│$'
    typed 'step'
    wait_for 'step 1 ' 5 || bad "$size: step 1 not shown"
    w211s=$(v "$V1" w2_1_1); w212s=$(v "$V1" w2_1_2); c211=$(d w2_1_1); c212=$(d w2_1_2)
    check "$size: after a step w2_1_1 = $w211s, w2_1_2 = $w212s" on_screen "▸$w211s +$w212s"
    check "$size: the last change is value(step 1) - value(step 0): $c211 and $c212" on_screen "Δ +$c211 +$c212"
    typed 'zoom off'
    wait_for 'every pane back' 5 || bad "$size: zoom off not shown"
    check "$size: after a step the Network pane shows the new a2_1" on_screen "1 a$(v "$V1" a2_1@1)"
    check "$size: ... and the new delta2_1" on_screen "δ$(v "$V1" delta2_1@1)"
    check "$size: ... the Weights pane the new w2_1_1 and w2_1_2" on_screen "▸$w211s .*$w212s"
    # the last change shows in every entry (a change row, or a third number), or, where the entries
    # leave it out for room, the focused entry's on the pane's bottom border
    check "$size: ... and the last change of w2_1_1, $c211" \
        on_screen "Δ +$c211 |$w211s +[-+0-9.e]+ +$c211 |last Δ of w2_1_1: $c211 "
    typed 'back'
    wait_for 'step 0 ' 5 || bad "$size: back to step 0 not shown"
    check "$size: back restores w2_1_1 = $w211 and w2_1_2 = $w212" on_screen "▸$w211 .*$w212"
    check "$size: ... and a2_1 = $a21" on_screen "1 a$a21"
    typed 'zoom network'
    check "$size: zoom network shows the Network pane alone" wait_for 'the network pane on the whole screen' 5
    check "$size: ... with every neuron: a3_1 = $a31" on_screen "1 a$a31"
    check "$size: ... and no Weights pane" sh -c "! tmux -L $SOCK capture-pane -p | grep -q 'w^2: row j'"
    typed 'zoom off'
    if [ "$size" = 200x60 ]; then
        # from 150 columns the Parameters list shows too: a click on its w2_2_1 row focuses it
        row=$(screen | grep -nF '│  w2_2_1  ' | head -n 1 | cut -d: -f1)
        mouse 0 5 $((row - 1))
        mouse 3 5 $((row - 1))
        check "$size: a click on the Parameters list's w2_2_1 focuses it" wait_for 'focus w2_2_1' 5
        check "$size: ... and the Weights pane marks it" on_screen "▸$w221"
    fi
done

# --ascii at 80x24: the same numbers in plain ASCII (d for delta, > for the marker and the arrow).
start 80x24 "--ascii xor" ascii
typed 'set digits 4'
typed 'set seed 1'
typed 'set hidden 2'
typed 'set init random'
wait_for 'w^2: row j' 5 || bad "ascii: no Weights pane"
a21=$(v "$V0" a2_1@1); d21=$(v "$V0" delta2_1@1); w211=$(v "$V0" w2_1_1); w212=$(v "$V0" w2_1_2)
check "ascii: the Network pane says d is delta" on_screen 'd ?= ?delta'
check "ascii: a2_1 = $a21 and delta2_1 = $d21 of example 1" on_screen "1 a$a21"
check "ascii: ... d$d21" on_screen "d$d21"
check "ascii: the Weights pane marks w2_1_1 = $w211 with >" on_screen ">$w211 .*$w212"
check "ascii: the link is drawn in ASCII" on_screen '[-+]+>'
check "ascii: nothing on the screen is outside ASCII" sh -c "! tmux -L $SOCK capture-pane -p | LC_ALL=C grep -q '[^ -~]'"

# At 80x24 row 2 of w^2 is the screen line under the marked row 1 (so its 0-based row is row 1's
# 1-based line number), and column 30 is under k=2.
y=$(screen | grep -nE ">$w211 " | head -n 1 | cut -d: -f1)
mouse 0 30 "$y"
mouse 3 30 "$y"
check "mouse: a click on the Weights pane focuses w2_2_2" wait_for 'focus w2_2_2' 5
check "mouse: ... and marks it" on_screen "[>]$(v "$V0" w2_2_2) "

# digits at 100x30: 64 inputs and 30 hidden neurons do not fit; the focused ones show.
start 100x30 digits digits
typed 'set digits 4'
typed 'set seed 1'
typed 'set hidden 30'
typed 'set init random'
typed 'focus w2_17_40'
wait_for 'w2_17_40 = ' 10 || bad "digits: the focus did not reach w2_17_40"
D=$(eval "\"$GRADSTEP\" digits -c 'set seed 1' -c 'set hidden 30' -c 'set init random'" \
    -c "'print a2_17@1'" -c "'print delta2_17@1'" -c "'print a3_2@1'" -c "'print C@1'" 2>/dev/null | awk '/ = / { print $1, $3 }')
check "digits: the Network pane shows the focused input x40" on_screen '▸x40 '
check "digits: ... and the focused neuron 17 of layer 2 with a2_17 = $(v "$D" a2_17@1)" on_screen "▸17 a$(v "$D" a2_17@1)"
check "digits: ... and its delta2_17 = $(v "$D" delta2_17@1)" on_screen "δ$(v "$D" delta2_17@1)"
check "digits: the inputs not shown are counted" on_screen '▴ [0-9]+ more'
check "digits: ... above and below" on_screen '▾ [0-9]+ more'
check "digits: the Weights pane scrolls to row 17, column 40" on_screen 'j [0-9]+-[0-9]+ of 30, k [0-9]+-[0-9]+ of 64'
check "digits: ... with k=40 in view" on_screen 'k=40'
u() { v "$1" "$2" | sed 's/^\\+//'; }
check "digits: the Data pane's row 1 shows a3_2 = $(u "$D" a3_2@1) and C_x = $(u "$D" C@1) whole" \
    on_screen "^│▸ +1 0 .* $(u "$D" a3_2@1) .* $(u "$D" C@1) "
# the header's a3_2 ends in the column where row 1's a3_2 value ends (the columns line up)
col_end() { screen | sed 's/│/|/g; s/▸/>/g' | awk -v re="$1" 'match($0, re) { print RSTART + RLENGTH; exit }'; }
check "digits: the a3_2 label stands over its own column" \
    [ "$(col_end 'a3_2')" = "$(col_end "^[|]> +1 0 +[0-9.]+ $(u "$D" a3_2@1)")" ]

tui_done
