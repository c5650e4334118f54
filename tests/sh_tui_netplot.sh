#!/bin/sh
# sh_tui_netplot.sh: the Plot pane in network mode at 80x24, 100x30 and 200x60: XOR with 2 hidden neurons
# draws its regions with both hidden lines numbered and the four examples marked, p cycles through
# the views that apply, and digits' weights and inputs are drawn as images; never "too small".
set -u
. "$(dirname "$0")/tui_lib.sh"
tui_init netplot "the Plot pane in network mode not tested"
# The plot area of the pane titled $1: the rows between its top border and its x axis, each cut
# after the y axis (so tick values are left out).
plot_area() {
    # panes side by side meet as "┐┌" on their top borders and "││" below: keep the titled pane's part
    screen | awk -v t="$1" '
        !on && index($0, t) { n = split($0, p, "┐┌"); for (i = 1; i <= n; i++) if (index(p[i], t)) seg = i; on = 1; next }
        on { split($0, p, "││"); s = p[seg]; if (index(s, "└")) exit; sub(/ *│$/, "", s); sub(/.*(│|┤)/, "", s); print s }'
}
count() { plot_area "$1" | grep -o "$2" | wc -l; }
# Braille cells (U+2801..U+28FF: the bytes e2 a0..a3 and one more), counted byte-wise.
braille() { plot_area "$1" | LC_ALL=C grep -o "$(printf '\342[\240-\243]').." | wc -l; }

for size in 80x24 100x30 200x60; do
    tui_start "$size" "$size" xor || bad "$size: gradstep did not start"
    typed 'set hidden 2' 'set init random' 'set eta 3' 'step 2000'
    wait_for "step 2000" 10 || bad "$size: step 2000 not shown"
    typed 'plot boundary'
    check "$size: the Plot pane shows the network's regions" wait_for 'Regions by class' 5
    title='Regions by class'
    check "$size: no 'too small' in the Plot pane" sh -c "! tmux -L $SOCK capture-pane -p | grep -q 'too small'"
    n1=$(count "$title" 1); n2=$(count "$title" 2)
    check "$size: hidden line 1 and 2 labels in the plot area (got $n1, $n2)" [ "$n1" -ge 1 -a "$n2" -ge 1 ]
    nb=$(braille "$title")
    check "$size: the lines are braille dots (got $nb cells)" [ "$nb" -ge 10 ]
    no=$(count "$title" '○'); nf=$(count "$title" '●'); nm=$(count "$title" '◐')
    check "$size: the 4 examples marked by class (○ $no, ● $nf, ◐ $nm)" [ $((no + nf + 2 * nm)) -ge 4 -a "$no" -ge 1 -a "$nf" -ge 1 ]
    check "$size: shaded region of class 1" [ "$(count "$title" '·')" -ge 10 ]
    tmux -L "$SOCK" send-keys Escape
    sleep 0.3
    tmux -L "$SOCK" send-keys p
    check "$size: p goes on to the weights (input does not apply to xor)" wait_for 'Weights w2_j_k into' 5
    tmux -L "$SOCK" send-keys p
    check "$size: then the cost" wait_for 'Cost C by step' 5
    tmux -L "$SOCK" send-keys p
    check "$size: then the regions again (the sigma curves do not apply)" wait_for 'Regions by class' 5
    tui_start "$size-digits" "$size" digits || bad "$size: gradstep did not start on digits"
    typed 'set hidden 3' 'set init random' 'step 3'
    wait_for "step 3 " 10 || bad "$size: step 3 not shown"
    typed 'plot weights'
    check "$size: digits' weights as images" wait_for 'j=1' 5
    check "$size: positive and negative weights drawn" \
        sh -c "tmux -L $SOCK capture-pane -p | grep -q '░\\|▒\\|▓\\|█' && tmux -L $SOCK capture-pane -p | grep -q '⠂\\|⠅\\|⠭\\|⣿'"
    typed 'focus w2_2_10'
    wait_for 'w2_2_10' 5 || bad "$size: focus w2_2_10 not shown"
    typed 'plot weights'
    # the label in reverse video: the escapes just before "j=2" hold a 7 (reverse)
    hl='7m\(.\[[0-9;]*m\)*j='
    i=0
    while [ $i -lt 50 ] && ! tmux -L "$SOCK" capture-pane -p -e | grep -q "${hl}2"; do sleep 0.1; i=$((i + 1)); done
    check "$size: the focused weight's neuron is highlighted (reverse video on j=2)" \
        sh -c "tmux -L $SOCK capture-pane -p -e | grep -q '${hl}2'"
    check "$size: and no other neuron's number" sh -c "! tmux -L $SOCK capture-pane -p -e | grep -q '${hl}[13]'"
    typed 'plot input 2'
    check "$size: plot input 2 draws example 2" wait_for 'Example 2 of 1797' 5
    typed 'plot boundary'
    check "$size: a refused view says why on the message line" wait_for 'plot boundary: the boundary is a line' 5
    check "$size: and names the command once" sh -c "! tmux -L $SOCK capture-pane -p | grep -q 'plot boundary: plot'"
    check "$size: no 'too small' for the images" sh -c "! tmux -L $SOCK capture-pane -p | grep -q 'too small'"
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
done
tui_done
