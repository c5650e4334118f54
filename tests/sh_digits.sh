#!/bin/sh
# sh_digits.sh: the Data and Parameters panes show every number with the decimals `set digits`
# asks for (4 by default), at 100x30 in tmux, on the AND gate at step 0 and after `set digits 6`.
# The values are known by hand: z = 0, σ(z) = 0.5, C_x = ln 2 = 0.693147..., ∂C/∂b = 0.25.
# Ends with "N passed, N failed[, N skipped]".
set -u
. "$(dirname "$0")/tui_lib.sh"
tui_init digits "the panes' decimals not tested"
unset NO_COLOR GRADSTEP_HISTORY
# row I: the Data pane's line of example I (its row starts "│  I │" or "│▸ I │").
row() { screen | grep -E "^│.? ?$1 │" | head -n 1; }

if ! tui_start 100x30 100x30 "" LC_ALL=C.UTF-8 TERM=xterm-256color; then bad "no prompt"; tui_done; exit 1; fi
for i in 1 2 3 4; do
    r=$(row $i)
    case $r in *" 0.0000  0.5000 "*" 0.6931 "*) ok ;; *) bad "digits 4: row $i shows \"$r\", want z 0.0000, σ(z) 0.5000, C_x 0.6931" ;; esac
done
if screen | grep -qE '│ *b +0\.0000 +\+0\.2500 '; then ok; else bad "digits 4: the Parameters pane's b row: $(screen | grep -E '│ *b ' | head -n 1)"; fi

keys "set digits 6" Enter
if wait_for "0.693147" 5; then ok; else bad "set digits 6 did not redraw"; fi
for i in 1 4; do
    r=$(row $i)
    case $r in *" 0.500000 "*" 0.693147 "*) ok ;; *) bad "digits 6: row $i shows \"$r\", want σ(z) 0.500000 and C_x 0.693147" ;; esac
done

tui_done
