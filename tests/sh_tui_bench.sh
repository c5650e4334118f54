#!/bin/sh
# sh_tui_bench.sh: measures one step with a full redraw at 200x60 (CPU time, bytes sent to the terminal)
# and checks that a step sends only what changed (far less than repainting the screen).
set -u
GRADSTEP=${GRADSTEP:-./gradstep}
case $GRADSTEP in /*) ;; *) GRADSTEP=$(pwd)/$GRADSTEP ;; esac
STEPS=${TUI_BENCH_STEPS:-200}
passed=0
failed=0
if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP: tmux not found"
    echo "0 passed, 0 failed"
    exit 0
fi
SOCK=gradstep-bench-$$
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-bench.XXXXXX")
export XDG_STATE_HOME="$TMP/state"
trap 'tmux -L "$SOCK" kill-server >/dev/null 2>&1; rm -rf "$TMP"' EXIT INT TERM
screen() { tmux -L "$SOCK" capture-pane -p 2>/dev/null; }
wait_for() {
    tries=0
    while [ $tries -lt $(($2 * 20)) ]; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.05
        tries=$((tries + 1))
    done
    return 1
}
tmux -L "$SOCK" -f /dev/null new-session -d -x 200 -y 60 "env LC_ALL=C.UTF-8 sh -c 'trap : INT; \"$GRADSTEP\"; exec sleep 60'"
wait_for "gradstep>" 5
tmux -L "$SOCK" pipe-pane -o "cat > '$TMP/out'"
pid=$(pgrep -n -f "^$GRADSTEP\$" || true)
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
sleep 0.2
b0=$(wc -c < "$TMP/out")
c0=$(ticks "$pid")
# one key at a time, each answered before the next, so that every step is drawn
i=0
while [ $i -lt "$STEPS" ]; do
    i=$((i + 1))
    tmux -L "$SOCK" send-keys Space
    wait_for "step $i " 2 || { [ -n "${TUI_DEBUG:-}" ] && screen | head -3; break; }
done
sleep 0.2
b1=$(wc -c < "$TMP/out")
c1=$(ticks "$pid")
# CPU: a burst of keys, each a step with every pane rebuilt (curses may merge the output of
# steps whose keys were already waiting, so bytes are measured above, one key at a time)
BURST=${TUI_BENCH_BURST:-2000}
c2=$(ticks "$pid")
tmux -L "$SOCK" send-keys -N "$BURST" Space
wait_for "step $((STEPS + BURST)) " 20
c3=$(ticks "$pid")
b1b=$(wc -c < "$TMP/out")
# a full repaint for comparison (Ctrl-L)
tmux -L "$SOCK" send-keys C-l
sleep 0.5
b2=$(wc -c < "$TMP/out")
per_step=$(( (b1 - b0) / STEPS ))
full=$(( b2 - b1b ))
cpu_us=$(awk -v t="$((c3 - c2))" -v hz="$hz" -v n="$BURST" 'BEGIN { printf "%.0f", t / hz / n * 1e6 }')
echo "200x60, default dataset: $STEPS steps by key, each with every pane redrawn"
echo "  CPU per step and redraw: ${cpu_us} us ($BURST steps in a burst: process CPU time / steps, clock tick 1/${hz} s)"
echo "  bytes to the terminal per step: $per_step (a full repaint: $full)"
if [ "$i" -eq "$STEPS" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL only $i of $STEPS steps were seen"; fi
if [ "$per_step" -gt 0 ] && [ "$per_step" -lt $((full / 4)) ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL a step sends $per_step bytes, a full repaint $full: steps should send only what changed"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
