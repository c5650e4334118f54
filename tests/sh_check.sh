#!/bin/sh
# sh_check.sh: `check` on a dataset large enough to take a while shows its progress, and Ctrl-C stops
# it within half a second, in the plain REPL and in the full-screen UI (tmux); the rows it shows are
# the ones a whole check shows. Ends with "N passed, N failed[, N skipped]".
set -u
G=${GRADSTEP:-./gradstep}
case $G in /*) ;; *) G=$(pwd)/$G ;; esac
passed=0
failed=0
skipped=0
# Network mode: the right gradient never disagrees, near a minimum or with lambda, and no NaN.
net_ok() {
    o=$("$G" "$@" -c check 2>&1)
    if printf '%s\n' "$o" | grep -q 'partial derivatives compared agree' && ! printf '%s\n' "$o" | grep -qiE 'DISAGREE|nan'; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); echo "FAIL network check $*: $(printf '%s\n' "$o" | tail -n 3)"
    fi
}
net_ok xor -c 'set hidden 3' -c 'set init random' -c 'set eta 2' -c 'step 20000'
net_ok xor -c 'set hidden 2' -c 'set lambda 1' -c 'step 3000'
net_ok gauss -c 'set hidden 4' -c 'set init random' -c 'set lambda 0.5' -c 'step 500'

if ! command -v tmux > /dev/null 2>&1; then
    echo "SKIP tmux is not installed: check's Ctrl-C not tested"; echo "$passed passed, $failed failed, 2 skipped"; exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-check.XXXXXX")
export XDG_STATE_HOME="$T/state"
unset NO_COLOR GRADSTEP_HISTORY
S=gs-check-$$
n=0
trap 'tmux -L "$S-1" kill-server > /dev/null 2>&1; tmux -L "$S-2" kill-server > /dev/null 2>&1; rm -rf "$T"' EXIT

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
cap() { tmux -L "$S-$n" capture-pane -p -S -200 2> /dev/null; }
keys() { tmux -L "$S-$n" send-keys "$@" 2> /dev/null; }
now_ms() { date +%s%N | cut -c1-13; }
# poll TEXT SECONDS: polls the screen (every 20 ms) until it shows the fixed string TEXT.
poll() {
    i=0
    while [ $i -lt $(($2 * 50)) ]; do
        cap | grep -qF -- "$1" && return 0
        sleep 0.02
        i=$((i + 1))
    done
    return 1
}

# 40,000 rows of 200 small integers: `check all` takes a second or more (201 parameters).
awk 'BEGIN { srand(3); for (j = 1; j <= 200; j++) printf "x%d,", j; print "y";
             for (i = 0; i < 40000; i++) { for (j = 0; j < 200; j++) printf "%d,", int(rand() * 7) - 3;
                                           print int(rand() * 2) } }' > "$T/wide.csv"

# run MODE-OPTIONS PROGRESS-TEXT STOPPED-TEXT: starts gradstep on the file, runs `check all`, waits for
# the progress line, sends Ctrl-C, and measures how long until the stopped check's verdict shows.
run() {
    n=$((n + 1))
    tmux -L "$S-$n" -f /dev/null new-session -d -x 120 -y 40 \
        "env LC_ALL=C.UTF-8 TERM=xterm-256color \"$G\" $1 \"$T/wide.csv\"; exec sleep 60"
    if ! poll "gradstep>" 20; then fail "gradstep $1: no prompt"; return; fi
    keys "check all" Enter
    if ! poll "$2" 30; then fail "$1: no progress after a quarter of a second: $(cap | tail -n 3)"; return; fi
    pass
    t0=$(now_ms)
    keys C-c
    if poll "$3" 5; then
        dt=$(( $(now_ms) - t0 ))
        if [ "$dt" -le 500 ]; then pass; else fail "$1: Ctrl-C took $dt ms to stop check (at most 500)"; fi
    else
        fail "$1: Ctrl-C did not stop check: $(cap | tail -n 5)"
    fi
}

# The plain REPL: the progress on stderr, then the rows done and "Stopped".
run "-p" "check: parameter" "Stopped (Ctrl-C) after"
out=$(cap)
# the rows shown are right: w1's row equals a full check's
want=$("$G" "$T/wide.csv" -c check 2> /dev/null | grep -E '^  w₁ ' | awk '{ print $2, $3 }')
got=$(printf '%s\n' "$out" | grep -E '^  w₁ ' | tail -n 1 | awk '{ print $2, $3 }')
if [ -n "$want" ] && [ "$got" = "$want" ]; then pass; else fail "plain: w1's row after Ctrl-C is \"$got\", a full check gives \"$want\""; fi
if printf '%s\n' "$out" | grep -q 'partial derivatives\? checked agree'; then pass; else fail "plain: no verdict for the rows done"; fi

# The full-screen UI: the message line shows the progress; when stopped, the output opens in a popup
# and the message line counts its lines: far fewer than a whole check's 201 rows.
run "" "check: parameter" "check all: "
lines=$(cap | grep -o 'check all: [0-9]* lines' | grep -o '[0-9][0-9]*' | tail -n 1)
if [ -n "$lines" ] && [ "$lines" -lt 200 ]; then pass; else fail "full screen: the stopped check has ${lines:-no} lines"; fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
