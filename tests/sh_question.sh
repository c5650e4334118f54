#!/bin/sh
# sh_question.sh: in the plain REPL (tmux), a lesson's question waits for its answer: the commands
# after it run only once it is answered, and `lesson next` first reminds. Ends with "N passed, N failed".
set -u
G=${GRADSTEP:-./gradstep}
case $G in /*) ;; *) G=$(pwd)/$G ;; esac
passed=0
failed=0
if ! command -v tmux > /dev/null 2>&1; then
    echo "SKIP tmux is not installed: questions in the REPL not tested"; echo "0 passed, 0 failed, 1 skipped"; exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-question.XXXXXX")
S=gs-question-$$
trap 'tmux -L "$S" kill-server > /dev/null 2>&1; rm -rf "$T"' EXIT
export XDG_STATE_HOME="$T/state"
unset NO_COLOR GRADSTEP_HISTORY
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
cap() { tmux -L "$S" capture-pane -p -S -100 2> /dev/null; }
poll() {
    i=0
    while [ $i -lt $(($2 * 20)) ]; do
        cap | grep -qF -- "$1" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

printf 'A question\n---\nFirst page.\n\n? How much is 2 + 3? = 5\n\n> print eta\n---\nSecond page.\n' > "$T/q.txt"
tmux -L "$S" -f /dev/null new-session -d -x 100 -y 40 "env LC_ALL=C.UTF-8 \"$G\" -p; exec sleep 60"
if ! poll "gradstep>" 10; then fail "no prompt"; echo "$passed passed, $failed failed"; exit 1; fi
tmux -L "$S" send-keys "lesson $T/q.txt" Enter
if poll "How much is 2 + 3?" 5; then pass; else fail "the question is not shown: $(cap | tail -n 5)"; fi
sleep 0.3
if cap | grep -q '^eta = '; then fail "the command after the question ran before the answer"; else pass; fi
tmux -L "$S" send-keys "lesson next" Enter
sleep 0.5
if cap | grep -q 'Second page'; then fail "lesson next went past an unanswered question"; else pass; fi
tmux -L "$S" send-keys "lesson answer 5" Enter
if poll "eta = 0.5" 5; then pass; else fail "the answer did not run the page's command: $(cap | tail -n 5)"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
