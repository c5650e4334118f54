#!/bin/sh
# sh_digits.sh: the Data and Parameters panes show every number with the decimals `set digits`
# asks for (4 by default), at 100x30 in tmux, on the AND gate at step 0 and after `set digits 6`.
# The values are known by hand: z = 0, σ(z) = 0.5, C_x = ln 2 = 0.693147..., ∂C/∂b = 0.25.
# Ends with "N passed, N failed[, N skipped]".
set -u
G=${GRADSTEP:-./gradstep}
case $G in /*) ;; *) G=$(pwd)/$G ;; esac
passed=0
failed=0
if ! command -v tmux > /dev/null 2>&1; then
    echo "SKIP tmux is not installed: the panes' decimals not tested"; echo "0 passed, 0 failed, 1 skipped"; exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-digits.XXXXXX")
S=gs-digits-$$
trap 'tmux -L "$S" kill-server > /dev/null 2>&1; rm -rf "$T"' EXIT
export XDG_STATE_HOME="$T/state"
unset NO_COLOR GRADSTEP_HISTORY
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
cap() { tmux -L "$S" capture-pane -p 2> /dev/null; }
poll() {
    i=0
    while [ $i -lt $(($2 * 20)) ]; do
        cap | grep -qF -- "$1" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}
# row I: the Data pane's line of example I (its row starts "│  I │" or "│▸ I │").
row() { cap | grep -E "^│.? ?$1 │" | head -n 1; }

tmux -L "$S" -f /dev/null new-session -d -x 100 -y 30 "env LC_ALL=C.UTF-8 TERM=xterm-256color \"$G\"; exec sleep 60"
if ! poll "gradstep>" 10; then fail "no prompt"; echo "$passed passed, $failed failed"; exit 1; fi
for i in 1 2 3 4; do
    r=$(row $i)
    case $r in *" 0.0000  0.5000 "*" 0.6931 "*) pass ;; *) fail "digits 4: row $i shows \"$r\", want z 0.0000, σ(z) 0.5000, C_x 0.6931" ;; esac
done
if cap | grep -qE '│ *b +0\.0000 +\+0\.2500 '; then pass; else fail "digits 4: the Parameters pane's b row: $(cap | grep -E '│ *b ' | head -n 1)"; fi

tmux -L "$S" send-keys "set digits 6" Enter
if poll "0.693147" 5; then pass; else fail "set digits 6 did not redraw"; fi
for i in 1 4; do
    r=$(row $i)
    case $r in *" 0.500000 "*" 0.693147 "*) pass ;; *) fail "digits 6: row $i shows \"$r\", want σ(z) 0.500000 and C_x 0.693147" ;; esac
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
