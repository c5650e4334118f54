#!/bin/sh
# sh_classroom.sh: the full screen as a class meets it at 80x24 and 100x30: typed commands run as typed, q asks, zoom, themes, plots, lessons.
# Expected numbers come from awk (gradient descent on the AND gate written out here), never from gradstep.
set -u
. "$(dirname "$0")/tui_lib.sh"
tui_init class "the full screen as a class meets it not tested"
TUI_SHOW=0
unset NO_COLOR COLORFGBG
n=0
# start WxH [ARGS...]: gradstep in a fresh tmux server; the pane's shell prints EXITED-N after it
start() {
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
    n=$((n + 1))
    SOCK=$BASE-$n
    size=$1; shift
    tmux -L "$SOCK" -f /dev/null new-session -d -x "${size%x*}" -y "${size#*x}" \
        "env LC_ALL=C.UTF-8 TERM=${TEST_TERM:-screen} sh -c 'trap : INT; \"$GRADSTEP\" $*; echo EXITED-\$?; exec sleep 60'"
    wait_for "gradstep>" 10
}
# type_cmd LINE: types a command as a student would, letter by letter, and Enter
type_cmd() { keys -l -- "$1"; keys Enter; }
title() { screen | head -n 1; }
# gd STEPS: C after STEPS full-batch steps on AND from zeros with eta 0.5, and a1 (sigma(z) of row 1)
gd() {
    awk -v steps="$1" 'function sp(t) { return t > 0 ? t + log(1 + exp(-t)) : log(1 + exp(t)) }
    BEGIN {
        x1[1]=0; x2[1]=0; y[1]=0;  x1[2]=0; x2[2]=1; y[2]=0
        x1[3]=1; x2[3]=0; y[3]=0;  x1[4]=1; x2[4]=1; y[4]=1
        w1 = 0; w2 = 0; b = 0
        for (s = 0; ; s++) {
            g1 = 0; g2 = 0; gb = 0; C = 0
            for (i = 1; i <= 4; i++) {
                z = w1 * x1[i] + w2 * x2[i] + b; a = 1 / (1 + exp(-z))
                C += y[i] * sp(-z) + (1 - y[i]) * sp(z)
                g1 += x1[i] * (a - y[i]); g2 += x2[i] * (a - y[i]); gb += a - y[i]
                if (i == 1) a1 = a
            }
            if (s == steps) break
            w1 -= 0.5 * g1 / 4; w2 -= 0.5 * g2 / 4; b -= 0.5 * gb / 4
        }
        printf "%.4f %.4f\n", C / 4, a1
    }'
}

# ---- typed commands run as typed, nothing else (the README's and the lessons' commands) ----
for size in 80x24 100x30; do
    start $size
    type_cmd "print a1"
    check "$size: print a1 prints a1" wait_for "a1 = 0.5" 5
    check "$size: print a1 takes no step" sh -c "tmux -L $SOCK capture-pane -p | head -n 1 | grep -qF 'step 0 '"
    type_cmd "step 10"
    set -- $(gd 10)
    check "$size: step 10 gives step 10" wait_for "step 10 " 5
    check "$size: step 10 gives the C of ten steps" sh -c "tmux -L $SOCK capture-pane -p | head -n 1 | grep -qF 'C=$1'"
    type_cmd "print step"
    check "$size: print step after step 10" wait_for "step = 10" 5
    type_cmd "reset"
    check "$size: reset goes back to step 0" wait_for "step 0 " 5
    type_cmd "print step"
    check "$size: reset alone: step = 0" wait_for "step = 0" 5
    type_cmd "next"
    check "$size: next adds one term" wait_for "term 1 of 4 added" 5
    type_cmd "next 3"
    check "$size: next 3 adds three more: the update is applied" wait_for "step 1 " 5
    type_cmd "reset"
    type_cmd "explain w 1"
    check "$size: explain w 1 shows the explanation" wait_for "In words" 5
    keys Escape
    type_cmd "print step"
    check "$size: explain took no step" wait_for "step = 0" 5
    type_cmd "explian"
    check "$size: a misspelt command: did you mean" wait_for "did you mean explain" 5
    type_cmd "lesson slowdown"
    check "$size: lesson slowdown starts the lesson" wait_for "Lesson 5" 5
    type_cmd "quit"
    check "$size: the quit command quits at once" wait_for "EXITED-0" 5
done

# ---- q asks when there is history to lose; a popup closed with q leaves gradstep running ----
start 80x24
keys Escape
check "q: Esc gives one-key mode" wait_for "keys>" 5
keys q
check "q: with no history q quits at once" wait_for "EXITED-0" 5
start 80x24
keys Space
wait_for "step 1 " 5
keys Escape
wait_for "keys>" 5
keys q
check "q: after a step q asks" wait_for "Quit and lose the history of 1 step?" 5
keys n
check "q: n keeps the session" wait_for "not quitting" 5
check "q: still at step 1" sh -c "tmux -L $SOCK capture-pane -p | head -n 1 | grep -qF 'step 1 '"
keys '?'
check "q: ? opens the key list" wait_for "Typing mode (the prompt reads" 5
keys q
check "q: q closes the list" wait_gone "Typing mode (the prompt reads" 5
sleep 0.3
check "q: closing the list did not quit" sh -c "! tmux -L $SOCK capture-pane -p | grep -qF EXITED"
check "q: closing the list did not ask either" sh -c "! tmux -L $SOCK capture-pane -p | grep -qF 'Quit and lose'"
check "q: the message about closing the list is gone with it" sh -c "! tmux -L $SOCK capture-pane -p | grep -qF 'closes the list'"
keys q
wait_for "Quit and lose" 5
keys y
check "q: y quits" wait_for "EXITED-0" 5

# ---- zoom: one pane on the whole screen and back ----
start 80x24
keys Escape
wait_for "keys>" 5
keys z
check "zoom: z shows the plot alone" wait_for "zoom: the plot pane" 5
check "zoom: the plot pane is 20 rows tall" sh -c "tmux -L $SOCK capture-pane -p | sed -n 2p | grep -q '^┌ Cost' && tmux -L $SOCK capture-pane -p | sed -n 21p | grep -q '^└'"
check "zoom: the Data pane is hidden" sh -c "! tmux -L $SOCK capture-pane -p | grep -qF 'Data: and'"
keys z
check "zoom: z again shows the formula alone" wait_for "zoom: the formula pane" 5
keys Escape
check "zoom: Esc brings every pane back" wait_for "Data: and" 5
type_cmd ":zoom data"
check "zoom data: the Data pane alone" wait_for "zoom: the data pane" 5
type_cmd "zoom off"
check "zoom off: every pane back" wait_for "Formula:" 5
type_cmd "quit"
wait_for "EXITED-0" 5

# ---- themes: the light theme has no yellow or cyan text on the default background ----
colours_of() { tmux -L "$SOCK" capture-pane -p -e | grep -oE '\[[0-9;]*m' | tr -d '[m' | tr ';' '\n'; }
# yellow_cyan: the captured foregrounds include yellow or cyan (33, 36, 93, 96, or 256-colour 3, 6, 11, 14)
yellow_cyan() { tmux -L "$SOCK" capture-pane -p -e | grep -qE '\[([0-9;]*;)?(33|36|93|96|38;5;(3|6|11|14))(;[0-9;]*)?m'; }
TEST_TERM=xterm-256color
start 100x30
keys Space
wait_for "step 1 " 5
check "theme dark (default): yellow or cyan is used (the check below can fail)" yellow_cyan
type_cmd "quit"
wait_for "EXITED-" 5
for size in 80x24 100x30; do
    start $size --theme light
    keys Space Down
    wait_for "step 1 " 5
    type_cmd "next"
    wait_for "terms added" 5
    check "$size theme light: no yellow or cyan foreground" sh -c "! { $(command -v tmux) -L $SOCK capture-pane -p -e | grep -qE '\\[([0-9;]*;)?(33|36|93|96|38;5;(3|6|11|14))(;[0-9;]*)?m'; }"
    check "$size theme light: still in colour" sh -c "tmux -L $SOCK capture-pane -p -e | grep -qE '\\[([0-9;]*;)?3[1-5]m'"
    type_cmd "quit"
    wait_for "EXITED-" 5
done
start 80x24 --theme mono
keys Space
wait_for "step 1 " 5
check "theme mono: no colour at all" sh -c "! tmux -L $SOCK capture-pane -p -e | grep -qE '\\[([0-9;]*;)?[34][0-7]m'"
type_cmd "quit"
wait_for "EXITED-" 5
COLORFGBG="0;15" start 80x24
keys Space
wait_for "step 1 " 5
check "COLORFGBG with a white background picks the light theme" sh -c "! tmux -L $SOCK capture-pane -p -e | grep -qE '\\[([0-9;]*;)?(33|36|93|96)(;[0-9;]*)?m'"
type_cmd "quit"
wait_for "EXITED-" 5
TEST_TERM=screen
check "--theme with a wrong name is refused" sh -c "'$GRADSTEP' --theme pink -c 'print step' 2>&1 | grep -qF -- '--theme pink: write dark, light, mono or auto'"

# ---- every plot view at 80x24 and 100x30: a curve (braille dots or marks) and axis labels ----
# plot_area: the Plot pane's rows (from its top border to its bottom border)
plot_area() { screen | awk '/^┌ (Cost C by step|σ|Decision)/ || /┌ (Cost C by step|σ|Decision)/ { on = 1 } on { print } on && /┘ *$/ && !/┌/ { exit }'; }
for size in 80x24 100x30; do
    start $size
    type_cmd "step 3"
    wait_for "step 3 " 5
    for view in cost sigmoid "sigma'" boundary; do
        type_cmd "plot $view"
        wait_for "plot $view" 5
        sleep 0.2
        check "$size plot $view: no too-small message" sh -c "! tmux -L $SOCK capture-pane -p | grep -qF 'too small'"
        case $view in
        boundary) marks='(●|○|■|□|◐)' ;;
        *) marks=$(printf '\342[\240-\243]') ;;  # braille: U+2800..U+28FF
        esac
        check "$size plot $view: a curve or the examples" sh -c "tmux -L $SOCK capture-pane -p | grep -F '┤' | LC_ALL=C grep -qE '$marks'"
        check "$size plot $view: an axis with labels" sh -c "tmux -L $SOCK capture-pane -p | grep -qE '│ *-?[0-9.]+ *┤' && tmux -L $SOCK capture-pane -p | grep -qE '└┬|─┬'"
    done
    type_cmd "quit"
    wait_for "EXITED-" 5
done

# ---- the quadratic cost: the Formula pane writes (σ(z) − y) and σ'(z) apart, the Data pane has σ'(z) ----
# one quadratic step on AND from zeros (eta 0.5), in awk: "z a-y sigma' " of row 3 (x = 1 0, y = 0)
quad1() {
    awk 'BEGIN {
        x1[1]=0; x2[1]=0; y[1]=0;  x1[2]=0; x2[2]=1; y[2]=0
        x1[3]=1; x2[3]=0; y[3]=0;  x1[4]=1; x2[4]=1; y[4]=1
        for (i = 1; i <= 4; i++) { a = 0.5; d = (a - y[i]) * a * (1 - a)
            g1 += x1[i] * d; g2 += x2[i] * d; gb += d }
        w1 = -0.5 * g1 / 4; w2 = -0.5 * g2 / 4; b = -0.5 * gb / 4
        z = w1 * 1 + w2 * 0 + b; a = 1 / (1 + exp(-z))
        printf "%+.4f %+.3f %.3f %.4f\n", z, a - 0, a * (1 - a), a * (1 - a)
    }'
}
for size in 80x24 100x30; do
    start $size
    type_cmd "set cost quadratic"
    type_cmd "step"
    wait_for "step 1 " 5
    set -- $(quad1)
    check "$size quadratic: the Formula pane names three factors" has "x₁·(σ(z) − y)·σ'(z)"
    check "$size quadratic: row 3's term as three numbers" has "1.00·($2)·$3"
    check "$size quadratic: the Data pane has a σ'(z) column" sh -c "tmux -L $SOCK capture-pane -p | grep -F 'σ(z)−y' | grep -qF \"σ'(z)\""
    check "$size quadratic: row 3's σ'(z) in the Data pane" sh -c "tmux -L $SOCK capture-pane -p | grep -E '│ *3 │' | grep -qF -- '$1' && tmux -L $SOCK capture-pane -p | grep -E '│ *3 │' | grep -qF '$4'"
    type_cmd "quit"
    wait_for "EXITED-" 5
done

# ---- mini-batches: the row just added is in view and marked; the panes say which gradient ----
start 100x30 gauss
type_cmd "set batch 4"
type_cmd "next"
type_cmd "next"
wait_for "2 of 4 terms added" 5
row=$(screen | sed -n 's/.*Just added: example \([0-9]*\).*/\1/p' | head -n 1)
check "mini-batch: the Formula pane names the example just added" [ -n "$row" ]
check "mini-batch: that row is in view, marked +" sh -c "tmux -L $SOCK capture-pane -p | grep -qE '^│(▸| )?[+] *$row │'"
check "mini-batch: the Formula pane says this batch of m" has "over this batch of m=4"; [ -n "${TUI_DEBUG:-}" ] && screen
check "mini-batch: the Parameters pane says its gradient is the full data's" has "Parameters: ∂C/∂· of all data"
type_cmd "quit"
wait_for "EXITED-" 5

# ---- one precision everywhere: chosen from the width once, then the digits setting alone ----
# C after one step from zeros: w stays 0, b = -0.5 (1/4) (3 * 0.5 - 0.5) = -0.125 = every z
c1_6=$(awk 'BEGIN { z = -0.5 * 0.25 * (3 * 0.5 - 0.5); s = 0; for (i = 1; i <= 3; i++) s += log(1 + exp(z)); s += log(1 + exp(-z)); printf "%.6f", s / 4 }')
start 200x60
type_cmd "step"
check "200x60: the message line has 6 decimals" wait_for "step 1  C = $c1_6" 5
check "200x60: the title has the same 6 decimals" sh -c "tmux -L $SOCK capture-pane -p | head -n 1 | grep -qF 'C=$c1_6'"
check "200x60: the Parameters pane has 6 decimals (b = -0.125000)" sh -c "tmux -L $SOCK capture-pane -p | grep -F 'Parameters' -A4 | grep -qF -- '-0.125000'"
check "200x60: the Formula pane has 6 decimals" sh -c "tmux -L $SOCK capture-pane -p | grep -F '(1/4) ×' | grep -qE '[0-9]\.[0-9]{6}'"
type_cmd "set digits 3"
check "set digits 3: the Parameters pane follows" wait_for "-0.125 " 5
check "set digits 3: the title follows" sh -c "tmux -L $SOCK capture-pane -p | head -n 1 | grep -qE 'C=[0-9]\.[0-9]{3} '"
type_cmd "quit"
wait_for "EXITED-" 5
start 80x24
type_cmd "step"
check "80x24: 4 decimals (b = -0.1250, never -0.1)" wait_for "-0.1250" 5
type_cmd "quit"
wait_for "EXITED-" 5

# ---- set theme: the colours change at once ----
TEST_TERM=xterm-256color
start 100x30
keys Space
wait_for "step 1 " 5
type_cmd "set theme light"
wait_for "theme = light" 5
check "set theme light: no yellow or cyan foreground" sh -c "! tmux -L $SOCK capture-pane -p -e | grep -qE '\[([0-9;]*;)?(33|36|93|96|38;5;(3|6|11|14))(;[0-9;]*)?m'"
type_cmd "set theme dark"
wait_for "theme = dark" 5
check "set theme dark: yellow or cyan again" sh -c "tmux -L $SOCK capture-pane -p -e | grep -qE '\[([0-9;]*;)?(33|36)(;[0-9;]*)?m'"
type_cmd "quit"
wait_for "EXITED-" 5
TEST_TERM=screen

# ---- demos: play runs one command per key press; source runs a whole file ----
printf '# a rehearsed demo\nstep 2\n\nset eta 0.25\nstep 3\n' > "$TMP/demo.txt"
# C after 2 steps at eta 0.5 then 3 at 0.25 on AND from zeros, and the step count, in awk
demo_c() {
    awk -v n1="$1" -v n2="$2" 'function sp(t) { return t > 0 ? t + log(1 + exp(-t)) : log(1 + exp(t)) }
    BEGIN {
        x1[1]=0; x2[1]=0; y[1]=0;  x1[2]=0; x2[2]=1; y[2]=0
        x1[3]=1; x2[3]=0; y[3]=0;  x1[4]=1; x2[4]=1; y[4]=1
        w1 = 0; w2 = 0; b = 0
        for (s = 0; s < n1 + n2; s++) {
            eta = s < n1 ? 0.5 : 0.25; g1 = 0; g2 = 0; gb = 0
            for (i = 1; i <= 4; i++) { a = 1 / (1 + exp(-(w1 * x1[i] + w2 * x2[i] + b)))
                g1 += x1[i] * (a - y[i]); g2 += x2[i] * (a - y[i]); gb += a - y[i] }
            w1 -= eta * g1 / 4; w2 -= eta * g2 / 4; b -= eta * gb / 4
        }
        C = 0
        for (i = 1; i <= 4; i++) { z = w1 * x1[i] + w2 * x2[i] + b; C += y[i] * sp(-z) + (1 - y[i]) * sp(z) }
        printf "%.4f\n", C / 4
    }'
}
for size in 80x24 100x30; do
    start $size
    type_cmd "play $TMP/demo.txt"
    check "$size play: the first command is shown before it runs" wait_for "play 1/3, next: step 2" 5
    check "$size play: no popup in the way" sh -c "! tmux -L $SOCK capture-pane -p | grep -qF 'Esc or Enter: close'"
    check "$size play: nothing ran yet" sh -c "tmux -L $SOCK capture-pane -p | head -n 1 | grep -qF 'step 0 '"
    keys Space
    check "$size play: one key, one command" wait_for "play 2/3, next: set eta 0.25" 5
    check "$size play: step 2 ran" sh -c "tmux -L $SOCK capture-pane -p | head -n 1 | grep -qF 'step 2 '"
    keys Enter
    wait_for "play 3/3, next: step 3" 5
    keys Space
    check "$size play: after three keys, all three ran" wait_for "all 3 commands" 5
    want=$(demo_c 2 3)
    check "$size play: the state of the three commands (step 5, C=$want)" sh -c "tmux -L $SOCK capture-pane -p | head -n 1 | grep -F 'step 5 ' | grep -qF 'C=$want'"
    type_cmd "play back"
    check "$size play back: undoes the last command" wait_for "play 3/3, next: step 3" 5
    want=$(demo_c 2 0)
    check "$size play back: the state of the first two (step 2, C=$want, eta 0.25)" sh -c "tmux -L $SOCK capture-pane -p | head -n 1 | grep -F 'step 2 ' | grep -F 'C=$want' | grep -qF 'η=0.25'"
    type_cmd "play stop"
    check "$size play stop" wait_for "play stopped" 5
    type_cmd "source $TMP/demo.txt"
    want=$(demo_c 2 5)
    check "$size source: the whole file ran (step 5 more, C=$want)" wait_for "step 7 " 5
    check "$size source: its numbers" sh -c "tmux -L $SOCK capture-pane -p | head -n 1 | grep -qF 'C=$want'"
    type_cmd "quit"
    wait_for "EXITED-" 5
done

# ---- -i: the -c commands prepare a state, then the full screen takes over ----
start 80x24 -c step -c step -c next -i
check "-i: the full screen opens after the commands" wait_for "Data: and" 5
check "-i: at the state the commands left (step 2)" sh -c "tmux -L $SOCK capture-pane -p | head -n 1 | grep -qF 'step 2 '"
check "-i: with the term next added" wait_for "1 of 4 terms added" 5
type_cmd "quit"
check "-i: quits with status 0" wait_for "EXITED-0" 5

# ---- -s FILE -i: a prepared script, then the full screen ----
printf 'step 4\nset eta 0.25\n' > "$TMP/prep.txt"
start 80x24 -s "$TMP/prep.txt" -i
check "-s -i: the full screen opens after the script" wait_for "Data: and" 5
check "-s -i: at the state the script left" sh -c "tmux -L $SOCK capture-pane -p | head -n 1 | grep -F 'step 4 ' | grep -qF 'η=0.25'"
type_cmd "quit"
check "-s -i: quits with status 0" wait_for "EXITED-0" 5

tui_done
