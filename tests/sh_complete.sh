#!/bin/sh
# sh_complete.sh: Tab completion as a person sees it, in tmux: the plain REPL lists the candidates under the prompt, the full screen in a popup inside the UI, and a unique word is completed in the line; a long error wraps between words.
set -u
. "$(dirname "$0")/tui_lib.sh"
tui_init complete "Tab completion not tested"
nsock=0
bad() { failed=$((failed + 1)); echo "FAIL $*"; screen | sed 's/^/    | /' | grep -v '^    | *$' | tail -n 12; }
# expect NAME TEXT...: each TEXT shows on the screen within 5 seconds
expect() {
    name=$1
    shift
    for t in "$@"; do
        if ! wait_for "$t" 5; then
            bad "$name: \"$t\" not on the screen"
            return
        fi
    done
    ok
}
# start WxH ARGS...: gradstep with ARGS alone in a fresh tmux server
start() {
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
    nsock=$((nsock + 1))
    SOCK=$BASE-$nsock  # a fresh server each time: no race with the one shutting down
    size=$1
    shift
    tmux -L "$SOCK" -f /dev/null new-session -d -x "${size%x*}" -y "${size#*x}" \
        "cd '$TMP' && LC_ALL=C.UTF-8 '$GRADSTEP' $*; exec sleep 60"
    wait_for "gradstep>" 10
}
# clear_line: Ctrl-U empties the plain REPL's line; clear_ui closes the full screen's popup (any
# key) and empties its line (Ctrl-C)
clear_line() { keys C-u; sleep 0.1; }
clear_ui() { keys Escape; sleep 0.2; keys C-c; wait_for "gradstep> " 2; sleep 0.2; }

printf 'id;hours;passed\n1;0,5;FALSE\n2;1,5;TRUE\n' > "$TMP/grades.csv"

# ---- the plain REPL: Tab Tab lists the candidates under the prompt ----
start 80x24 -p
keys -l "explain "
keys Tab Tab
expect "plain: explain's subjects" "cost" "sigma" "update" "w1"
clear_line
keys -l "plot "
keys Tab Tab
expect "plain: plot's views" "boundary" "sigmoid" "log"
clear_line
keys -l "save d"
keys Tab
expect "plain: save d completes to data" "gradstep> save data"
clear_line
keys -l "load grades.csv ta"
keys Tab
keys -l "p"
keys Tab
expect "plain: a column of the file completes after target=" "gradstep> load grades.csv target=passed"
clear_line
keys -l "set cost "
keys Tab Tab
expect "plain: set cost's values" "ce" "quadratic"
clear_line
keys -l "gen gauss "
keys Tab Tab
expect "plain: gen's options" "noise=" "seed="

# A message longer than the terminal wraps at a space, never inside a name.
clear_line
keys -l "print w3"
keys Enter
expect "plain: a long error wraps between words" "grad_w1..," "    grad_b, zI, aI, CI, yI)"
keys -l "load sensors"
keys Enter
expect "plain: the load message wraps between names" "inputs (temp, vibration, pressure," "    humidity, rpm, voltage"

# ---- the full screen: the candidates show in a popup inside the UI ----
for size in 80x24 100x30; do
    start "$size"
    keys -l "plot "
    keys Tab
    expect "$size: plot's views in the popup" "5 completions" "sigmoid" "boundary"
    clear_ui
    keys -l "lesson "
    keys Tab
    expect "$size: lesson names in the popup" "completions" "symbols" "list"
    clear_ui
    keys -l "focus w"
    keys Tab
    expect "$size: focus w completes the parameters" "w1" "w2"
    clear_ui
    keys -l "zoom pl"
    keys Tab
    expect "$size: zoom pl completes in the line" "gradstep> zoom plot"
done

# What a DATASET's load tells shows on the full screen's message line, and whole with o.
cp "$(cd "$(dirname "$0")" && pwd)/transcripts/students_eu.csv" "$TMP/students_eu.csv"
start 80x24 students_eu.csv
expect "80x24: the load's notes on the message line" "column 1 (id) looks like an identifier"
keys Escape
sleep 0.3
keys o
expect "80x24: o shows the notes whole" "target passed: FALSE = 0, TRUE = 1"

tui_done
