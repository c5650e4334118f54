#!/bin/sh
# sh_tui.sh: full-screen tests: starts gradstep in tmux at fixed sizes, sends keys, and checks what a person would see.
# Expected numbers are computed here with awk (gradient descent on the AND data written out by hand).
set -u
. "$(dirname "$0")/tui_lib.sh"
tui_init tui "the full screen not tested"
TUI_SHOW=0
nsock=0
unset NO_COLOR
# start WxH [ENV...]: a new tmux server whose only pane runs gradstep under sh; EXITED-N when it ends
start() {
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
    nsock=$((nsock + 1))
    SOCK=$BASE-$nsock  # a fresh server each time: no race with the one shutting down
    size=$1; shift
    tmux -L "$SOCK" -f /dev/null new-session -d -x "${size%x*}" -y "${size#*x}" \
        "env $* sh -c 'trap : INT; \"$GRADSTEP\" $ARGS; echo EXITED-\$?; exec sleep 60'"
    wait_for "gradstep>" 10 || wait_for "at least 80x24" 2
}
# The pid of this test's gradstep: the child of its pane's shell (not another test's gradstep).
gradstep_pid() {
    sh_pid=$(tmux -L "$SOCK" display-message -p '#{pane_pid}' 2>/dev/null)
    [ -n "$sh_pid" ] && pgrep -P "$sh_pid" 2>/dev/null | head -n 1
}
# sigterm_leaves NAME EXITED: sends SIGTERM to this test's gradstep, which must end (the pane's
# shell then prints EXITED, e.g. EXITED-1) and leave the full screen.
sigterm_leaves() {
    pid=$(gradstep_pid)
    if [ -z "$pid" ]; then
        bad "$1: could not find the gradstep process"
        return
    fi
    kill -TERM "$pid"
    check "$1: gradstep exits and the shell runs on" wait_for "$2" 10
    check "$1: the screen is left" sh -c "! tmux -L $SOCK capture-pane -p | grep -qF 'Space step'"
}
screen_e() { tmux -L "$SOCK" capture-pane -p -e; }
# quit_cmd: types the quit command (which quits without asking); `:` is ignored on an empty line
# in typing mode and goes from one-key mode back to typing
quit_cmd() { keys -l ":quit"; keys Enter; }
# Gradient descent on AND (x1, x2, y: 00 0, 01 0, 10 0, 11 1) from zeros with eta = 0.5, full batch:
# prints "z a a-y C_x" for row ROW (1..4) and "w1 w2 b dw1 dw2 db C" after STEPS steps.
gd() { # gd STEPS
    awk -v steps="$1" 'function sp(t) { return t > 0 ? t + log(1 + exp(-t)) : log(1 + exp(t)) }
    # v as the panes write it at 4 decimals (README, "set digits": at least 3 significant
    # digits, scientific below 0.0001); sg: with its sign
    function f(v, sg,   t, e, d) {
        t = sprintf("%.2e", v); e = substr(t, index(t, "e") + 1) + 0
        if (v != 0 && e < -4) return sprintf(sg ? "%+.3e" : "%.3e", v)
        d = 2 - e; if (v == 0 || d < 4) d = 4
        return sprintf("%" (sg ? "+" : "") "." d "f", v)
    }
    BEGIN {
        x1[1]=0; x2[1]=0; y[1]=0;  x1[2]=0; x2[2]=1; y[2]=0
        x1[3]=1; x2[3]=0; y[3]=0;  x1[4]=1; x2[4]=1; y[4]=1
        w1 = 0; w2 = 0; b = 0; eta = 0.5
        for (s = 0; s <= steps; s++) {
            g1 = 0; g2 = 0; gb = 0; C = 0
            for (i = 1; i <= 4; i++) {
                z[i] = w1 * x1[i] + w2 * x2[i] + b
                a[i] = 1 / (1 + exp(-z[i]))
                c[i] = y[i] * sp(-z[i]) + (1 - y[i]) * sp(z[i])
                g1 += x1[i] * (a[i] - y[i]); g2 += x2[i] * (a[i] - y[i]); gb += a[i] - y[i]; C += c[i]
            }
            g1 /= 4; g2 /= 4; gb /= 4; C /= 4
            if (s == steps) break
            pw1 = w1; pw2 = w2; pb = b
            w1 -= eta * g1; w2 -= eta * g2; b -= eta * gb
        }
        for (i = 1; i <= 4; i++) print "row" i, f(z[i]), f(a[i]), f(a[i] - y[i], 1), f(c[i])
        print "params", f(w1, 1), f(w2, 1), f(b, 1), f(g1, 1), f(g2, 1), f(gb, 1), f(C)
        if (steps > 0) print "delta", f(w1 - pw1, 1), f(w2 - pw2, 1), f(b - pb, 1)
    }'
}
field() { # field STEPS KEY N
    gd "$1" | awk -v k="$2" -v n="$3" '$1 == k { print $(n + 1) }'
}
# fmt_num's convention: a value that rounds to zero has no sign and no minus; the result is a
# regular expression (+ and . escaped)
nz() { case $1 in +0.0000|-0.0000) v=0.0000 ;; *) v=$1 ;; esac; printf '%s\n' "$v" | sed 's/[+.]/\\&/g'; }
# data_row I Z A ERR C: the Data pane line of example I shows these numbers in order
data_row() {
    screen | grep -E "^│(▸| )?(\\+|•)? *$1 │" | grep -qE -- "$(nz "$2") +$(nz "$3") +$(nz "$4") +$(nz "$5")"
}
param_row() { # param_row NAME VALUE GRAD [DELTA]
    screen | grep -E "[│ ]$1 " | grep -qE -- "$(nz "$2") +$(nz "$3")${4:+ +$(nz "${4:-}")}"
}

ARGS=""

# ---- 80x24: the first screen ----
start 80x24 LC_ALL=C.UTF-8
check "80x24: Data pane" has "Data: and"
check "80x24: Parameters pane" has "Parameters"
check "80x24: Formula pane" has "Formula: ∂C/∂w₁"
check "80x24: Plot pane" has "Cost C by step"
check "80x24: key bar says how to step" has "Space step"
check "80x24: key bar names the one-key mode" has "Esc one-key mode"
check "80x24: the first screen names the lessons" has "Lessons: type lesson list"
check "80x24: the command line" has "gradstep>"
# step 0 from zeros: z = 0, sigma(z) = 0.5, C_x = ln 2
ln2=$(awk 'BEGIN { printf "%.4f", log(2) }')
check "80x24: row 1 at step 0: z=0 a=0.5 C_x=ln 2" data_row 1 0.0000 0.5000 +0.5000 "$ln2"
check "80x24: row 4 at step 0" data_row 4 0.0000 0.5000 -0.5000 "$ln2"
check "80x24: title shows C = ln 2" has "C=$ln2"
check "80x24: the focused term column" has "∂Cₓ/∂w₁"
# the formula with its numbers: sigma(z) - y = +0.500 for row 1, and the result 0 for dC/dw1
check "80x24: formula with numbers" sh -c "tmux -L $SOCK capture-pane -p | grep -F '(1/4)' | grep -qF '(+0.500)'"

check "80x24: nothing marked as changed at step 0" sh -c "! tmux -L $SOCK capture-pane -p -e | grep -qF '[4m'"

# one step (Space): every number independently from awk
keys Space
wait_for "step 1" 10
for i in 1 2 3 4; do
    set -- $(gd 1 | awk -v r="row$i" '$1 == r { print $2, $3, $4, $5 }')
    check "80x24: row $i after one step" data_row "$i" "$1" "$2" "$3" "$4"
done
set -- $(gd 1 | awk '$1 == "params" { print $2, $3, $4, $5, $6, $7, $8 }')
b1=$3
check "80x24: b after one step with its gradient" param_row "b" "$3" "$6"
check "80x24: title C after one step" has "C=$7"

# the change is marked: b's value is underlined (no colour needed: NO_COLOR below uses the same mark)
check "80x24: changed value marked" sh -c "tmux -L $SOCK capture-pane -p -e | grep -qE '\\[4m(.\\[[0-9;]*m)*$b1'"

# two more steps; then back one: the values of step 2 again
keys Space
wait_for "step 2" 10
keys Enter   # Enter repeats the last step
check "80x24: Enter repeats step" wait_for "step 3" 10
keys Escape  # one-key mode: letters are keys
check "80x24: one-key mode shows its rule on the command line" wait_for "keys> one-key mode" 5
set -- $(gd 3 | awk '$1 == "params" { print $2, $3, $4, $5, $6, $7, $8 }')
check "80x24: w1 after three steps" param_row "w₁" "$1" "$4"
check "80x24: formula shows dC/dw1 after three steps" sh -c "tmux -L $SOCK capture-pane -p | grep -F '(1/4)' | grep -qF -- '= $4'"
keys b
check "80x24: back" wait_for "step 2 " 10
for i in 1 4; do
    set -- $(gd 2 | awk -v r="row$i" '$1 == r { print $2, $3, $4, $5 }')
    check "80x24: row $i after back to step 2" data_row "$i" "$1" "$2" "$3" "$4"
done
set -- $(gd 2 | awk '$1 == "params" { print $2, $3, $4, $5, $6, $7, $8 }')
check "80x24: b after back" param_row "b" "$3" "$6"

# focus: Down moves the focused example, Right the parameter; the formula follows
keys Down Right
check "80x24: focus on w2" wait_for "Formula: ∂C/∂w₂" 10
check "80x24: focus marker on example 2" sh -c "tmux -L $SOCK capture-pane -p | grep -qE '^│▸ 2 │'"

# micro-steps: n adds one term
keys n
check "80x24: micro-step shows the update being built" wait_for "1 of 4 terms added" 10
keys b
check "80x24: back undoes the term" wait_gone "terms added" 3

# the help overlay: ? opens, ? closes
keys '?'
check "80x24: help overlay" wait_for "Typing mode (the prompt reads" 10
check "80x24: help lists the step key" has "Space  step: one whole update"
keys '?'
check "80x24: help overlay closes" wait_gone "Typing mode (the prompt reads" 3

# typing a command: any letter opens the command line; Enter runs it
keys -l "set eta 1"
keys Enter
check "80x24: typed command changes eta" wait_for "η=1 " 10
keys -l ":bogus"
keys Enter
check "80x24: an unknown command says so" wait_for "unknown command: bogus" 10
# Ctrl-C clears the line and never exits; Esc leaves the command line
keys -l "set eta"
keys C-c
check "80x24: Ctrl-C clears the line" wait_for "line cleared" 10
check "80x24: still running after Ctrl-C" has "gradstep>"
# tab completion shows its list inside the UI
keys -l "set "
keys Tab
check "80x24: completion list in the UI" wait_for "completions" 10
check "80x24: completion offers eta" sh -c "tmux -L $SOCK capture-pane -p | grep -F 'completions' -A3 | grep -qF 'lambda'"
keys Escape
wait_gone "completions" 6
# history is shared with the plain REPL: the typed line is in the history file
check "history file has the typed command" grep -qF "set eta 1" "$XDG_STATE_HOME/gradstep/history"
# quit: the terminal comes back to the shell
quit_cmd
check "80x24: quit returns to the shell with status 0" wait_for "EXITED-0" 10 || { [ -n "${TUI_DEBUG:-}" ] && ps -ef | grep -v grep | grep -F "$GRADSTEP"; }
check "80x24: the screen is left (no key bar after quit)" sh -c "! tmux -L $SOCK capture-pane -p | grep -qF 'Space step'"

# ---- 120x40 and 200x60: more room, more digits ----
start 120x40 LC_ALL=C.UTF-8
check "120x40: Data and Parameters side by side" sh -c "tmux -L $SOCK capture-pane -p | grep -F 'Data: and' | grep -qF 'Parameters'"
check "120x40: row 1 at step 0" data_row 1 0.0000 0.5000 +0.5000 "$ln2"
check "120x40: accuracy in Parameters" has "accuracy 1/4"
check "120x40: words for the symbols" has "is the weight on input"
keys Space Space Space Space Space
wait_for "step 5" 10
check "120x40: plot pane shows the cost curve" sh -c "tmux -L $SOCK capture-pane -p | grep -F 'Cost C by step' | grep -qF 'step 5'"
quit_cmd
wait_for "EXITED-0" 10

start 200x60 LC_ALL=C.UTF-8
keys Space
wait_for "step 1" 10
# six decimals at 200 columns
z6=$(awk 'BEGIN { printf "%+.6f", -0.5 * 0.25 }')  # b after one step: -eta * (1/4) sum (a - y)
check "200x60: more digits" has "$z6"
check "200x60: second plot beside the first" has "Decision boundary"
quit_cmd
wait_for "EXITED-0" 10

# ---- too small, then large enough ----
start 60x20 LC_ALL=C.UTF-8
check "60x20: the too-small message" has "needs a terminal of at least 80x24"
tmux -L "$SOCK" resize-window -x 80 -y 24
check "60x20 -> 80x24: the panes come back" wait_for "Data: and" 10
check "60x20 -> 80x24: the message is gone" wait_gone "needs a terminal" 6
quit_cmd
check "resize: quits cleanly" wait_for "EXITED-0" 10

# ---- ASCII under LC_ALL=C ----
start 80x24 LC_ALL=C LANG=C
check "ASCII: sigma written out" has "sigma(z)"
check "ASCII: row 1 at step 0" sh -c "tmux -L $SOCK capture-pane -p | grep -E '^\\|> *1 \\|' | grep -qF '0.5000'"
check "ASCII: no UTF-8 bytes on the screen" sh -c "! tmux -L $SOCK capture-pane -p | LC_ALL=C grep -q '[^ -~]'"
quit_cmd
wait_for "EXITED-0" 10

# ---- --ascii and NO_COLOR in a UTF-8 locale ----
ARGS="--ascii"
start 80x24 LC_ALL=C.UTF-8 NO_COLOR=1
check "--ascii: ASCII boxes" has "+ Data: and"
check "--ascii: no UTF-8 bytes" sh -c "! tmux -L $SOCK capture-pane -p | LC_ALL=C grep -q '[^ -~]'"
check "NO_COLOR: no colour codes" sh -c "! tmux -L $SOCK capture-pane -p -e | grep -qE '\\[3[0-7]m|\\[4[0-7]m|;3[0-7]m'"
quit_cmd
wait_for "EXITED-0" 10
ARGS=""

# ---- a run, resized while it animates; Ctrl-C stops another ----
start 80x24 LC_ALL=C.UTF-8
keys Escape
wait_for "keys>" 5
keys r
wait_for "run:" 10
tmux -L "$SOCK" resize-window -x 120 -y 40
sleep 0.3
tmux -L "$SOCK" resize-window -x 100 -y 30
check "run: completes after resizes" wait_for "step 100 " 6
C100=$(field 100 params 7)
check "run: cost after 100 steps" has "C=$C100"
check "run: the layout follows the new size" sh -c "tmux -L $SOCK capture-pane -p | head -n 2 | tail -n 1 | grep -qF 'Parameters'"
# 20,000 examples make each update slow enough that the run is still going when Ctrl-C arrives.
keys -l ":gen gauss n=20000"
keys Enter
keys -l ":run 2000000"
keys Enter
wait_for "run:" 10
keys C-c
check "run: Ctrl-C stops it" wait_for "stopped after" 10
check "run: still running after Ctrl-C" has "gradstep>"
# A long step is quiet at first, then says how far it is; Ctrl-C stops it and keeps what it did.
keys -l ":step 2000000"
keys Enter
# (the run's message above also names 2000000 updates; this one says only Ctrl-C stops it)
check "step: a long step shows its progress" wait_for ")  Ctrl-C stops" 10
check "step: the progress counts updates" sh -c "tmux -L $SOCK capture-pane -p | grep -qE '^step: [0-9]+ of 2000000 updates'"
keys C-c
check "step: Ctrl-C stops it" wait_for "stopped after" 10
check "step: still running after Ctrl-C" has "gradstep>"
# SIGTERM during a long step: gradstep leaves at once and puts the terminal back.
keys -l ":step 2000000"
keys Enter
wait_for ")  Ctrl-C stops" 10
sigterm_leaves "step: SIGTERM in the middle of a step" "EXITED-1"

# ---- costs left unknown by large updates are filled in while idle, never in the way of a key ----
# 50,000 examples: an update skips C, and C at each of 5,000 steps takes seconds to compute. The
# full-screen step, with a command typed ahead, must take about as long as the step alone in
# script mode: not as long as computing every step's cost as well.
t0=$(date +%s%N)
"$GRADSTEP" -c "gen gauss n=50000" -c "step 5000" > /dev/null
script_ms=$((($(date +%s%N) - t0) / 1000000))
start 200x60 LC_ALL=C.UTF-8   # large enough for the full cost plot beside the others
keys -l ":gen gauss n=50000"
keys Enter
wait_for "generated gauss" 10
t0=$(date +%s%N)
keys -l ":step 5000"
keys Enter
keys -l ":print step"
keys Enter
if wait_for "step = 5000" 60; then
    tui_ms=$((($(date +%s%N) - t0) / 1000000))
    check "idle costs: step and the next command take about the step's own time" \
        [ "$tui_ms" -lt $((script_ms * 3 / 2 + 1000)) ]
    [ -n "${TUI_DEBUG:-}" ] && echo "  step 5000 then print step: $tui_ms ms in the UI, $script_ms ms in script mode"
else
    bad "idle costs: print step was not answered"
fi
keys -l ":save trace $TMP/trace.csv"
keys Enter
check "idle costs: save trace still writes every step" wait_for "saved trace to" 60
check "idle costs: the trace has 5,001 steps" sh -c "[ \$(wc -l < '$TMP/trace.csv') -eq 5002 ]"
quit_cmd
check "idle costs: quits cleanly" wait_for "EXITED-0" 10

# ---- the mouse: clicks focus an example, an input or a parameter; the wheel moves the focus ----
# tmux cannot click, so the test types the terminal's mouse report (ESC [ M, button, column, row,
# each offset by 32, 1-based) into the pane; ncurses decodes it as the terminal's own would be.
# mouse BUTTON X Y: BUTTON 0 = left press, 3 = release, 64 = wheel up, 65 = wheel down; X, Y 0-based.
mouse() {
    keys -l "$(printf '\033[M%b%b%b' "\\$(printf '%03o' $((32 + $1)))" "\\$(printf '%03o' $((33 + $2)))" \
        "\\$(printf '%03o' $((33 + $3)))")"
}
start 100x30 LC_ALL=C.UTF-8
# In the Data pane at 100x30, example 3's row is screen row 5 and column 10 is under x2.
mouse 0 10 5
mouse 3 10 5
check "mouse: a click on a data cell focuses that example and input" wait_for "focus 3 w2" 5
check "mouse: the clicked row is marked" sh -c "tmux -L $SOCK capture-pane -p | sed -n 6p | grep -qF '│▸ 3 │'"
check "mouse: the Formula pane follows the input" has "∂Cₓ/∂w₂"
# The Parameters pane's third row (b) is screen row 5 at column 70.
mouse 0 70 5
mouse 3 70 5
check "mouse: a click on a parameter focuses it" wait_for "focus b" 5
check "mouse: b is marked" sh -c "tmux -L $SOCK capture-pane -p | grep -qF '│▸ b '"
mouse 65 10 5
check "mouse: the wheel down moves to the next example" wait_for "focus down" 5
check "mouse: example 4 is marked" sh -c "tmux -L $SOCK capture-pane -p | grep -qF '│▸ 4 │'"
mouse 64 10 5
check "mouse: the wheel up moves back" wait_for "focus up" 5
check "mouse: example 3 is marked again" sh -c "tmux -L $SOCK capture-pane -p | grep -qF '│▸ 3 │'"
# A click outside the Data and Parameters panes changes nothing.
mouse 0 50 28
mouse 3 50 28
sleep 0.3
check "mouse: a click elsewhere keeps the focus" sh -c "tmux -L $SOCK capture-pane -p | grep -qF '│▸ 3 │'"
quit_cmd
check "mouse: quits cleanly" wait_for "EXITED-0" 10

# ---- a large file loads with progress; Ctrl-C abandons it and keeps the data already loaded ----
# 25,000,000 rows of "1,0": 100 MB that take about a second to parse (rows, not bytes, cost).
# Skipped when the scratch disk has less than 400 MB free.
free_kb=$(df -Pk "$TMP" | awk 'NR == 2 { print $4 }')
if [ "${free_kb:-0}" -lt 409600 ]; then
    echo "SKIP load progress: ${free_kb:-?} KB free in $TMP, 400 MB needed"
else
    yes "1,0" | head -n 25000000 > "$TMP/huge.csv"
    start 100x30 LC_ALL=C.UTF-8
    keys -l ":load $TMP/huge.csv"
    keys Enter
    check "load: a large file shows its progress" wait_for "loading: " 10
    check "load: the progress counts megabytes" sh -c "tmux -L $SOCK capture-pane -p | grep -qE '^loading: [0-9]+% \([0-9.]+ of 100\.0 MB\)  Ctrl-C stops'"
    keys C-c
    check "load: Ctrl-C abandons it" wait_for "huge.csv: loading stopped" 10
    check "load: the data loaded before stays" sh -c "tmux -L $SOCK capture-pane -p | head -n 1 | grep -qF ' and '"
    keys -l ":load $TMP/huge.csv"
    keys Enter
    check "load: the whole file loads" wait_for "loaded huge.csv: n = 25000000 examples" 30
    check "load: the header shows the new data" sh -c "tmux -L $SOCK capture-pane -p | head -n 1 | grep -qF 'n=25000000 k=1'"
    quit_cmd
    check "load: quits cleanly" wait_for "EXITED-0" 10
    rm -f "$TMP/huge.csv"
fi

# ---- SIGTERM restores the terminal ----
start 80x24 LC_ALL=C.UTF-8
sigterm_leaves "SIGTERM" "EXITED-"

tui_done
