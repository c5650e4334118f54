#!/bin/sh
# sh_question.sh: in the plain REPL (tmux), a lesson's question waits for its answer: the commands
# after it run only once it is answered, and `lesson next` first reminds. Ends with "N passed, N failed".
set -u
. "$(dirname "$0")/tui_lib.sh"
tui_init question "questions in the REPL not tested"
TUI_HISTORY=100
unset NO_COLOR GRADSTEP_HISTORY

printf 'A question\n---\nFirst page.\n\n? How much is 2 + 3? = 5\n\n> print eta\n---\nSecond page.\n' > "$TMP/q.txt"
if ! tui_start 100x40 100x40 -p LC_ALL=C.UTF-8; then bad "no prompt"; tui_done; exit 1; fi
keys "lesson $TMP/q.txt" Enter
if wait_for "How much is 2 + 3?" 5; then ok; else bad "the question is not shown: $(screen | tail -n 5)"; fi
sleep 0.3
if screen | grep -q '^eta = '; then bad "the command after the question ran before the answer"; else ok; fi
keys "lesson next" Enter
sleep 0.5
if screen | grep -q 'Second page'; then bad "lesson next went past an unanswered question"; else ok; fi
keys "lesson answer 5" Enter
if wait_for "eta = 0.5" 5; then ok; else bad "the answer did not run the page's command: $(screen | tail -n 5)"; fi

tui_done
