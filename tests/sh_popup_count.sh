#!/bin/sh
# sh_popup_count.sh: the message under an output popup gives the number of lines the popup holds
# as drawn (its own "of N"), also when long lines wrap inside it (datasets at 80x24, where its long lines wrap).
set -u
GRADSTEP=${GRADSTEP:-./gradstep}
case $GRADSTEP in /*) ;; *) GRADSTEP=$(pwd)/$GRADSTEP ;; esac
passed=0
failed=0
if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP: tmux not found"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-popcount.XXXXXX")
BASE=gradstep-popcount-$$
export XDG_STATE_HOME="$TMP/state"
cleanup() {
    for size in 80x24; do tmux -L "$BASE-$size" kill-server >/dev/null 2>&1; done
    sleep 0.3
    rm -rf "$TMP" 2>/dev/null
}
trap cleanup EXIT INT TERM
for size in 80x24; do
    SOCK=$BASE-$size
    tmux -L "$SOCK" -f /dev/null new-session -d -x "${size%x*}" -y "${size#*x}" "\"$GRADSTEP\"; exec sleep 60"
    i=0
    until tmux -L "$SOCK" capture-pane -p | grep -qF "gradstep>" || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
    tmux -L "$SOCK" send-keys -l 'datasets'; tmux -L "$SOCK" send-keys Enter
    i=0
    until tmux -L "$SOCK" capture-pane -p | grep -q "datasets: [0-9]* lines" || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
    screen=$(tmux -L "$SOCK" capture-pane -p)
    said=$(echo "$screen" | grep -o 'datasets: [0-9]* lines' | grep -o '[0-9][0-9]*')
    holds=$(echo "$screen" | grep -o ' of [0-9]* ┐' | grep -o '[0-9][0-9]*' | head -n 1)
    wrapped=$("$GRADSTEP" -c datasets | awk -v w="${size%x*}" 'length($0) > w - 6 { n++ } END { print n + 0 }')
    if [ -n "$said" ] && [ "$said" = "$holds" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); echo "FAIL $size: the message says ${said:-nothing} lines, the popup holds ${holds:-?}"
    fi
    # the case is one where lines wrap: the popup holds more lines than the text has
    if [ "$wrapped" -gt 0 ] && [ -n "$holds" ] && [ "$holds" -gt "$("$GRADSTEP" -c datasets | wc -l)" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); echo "FAIL $size: datasets no longer wraps in the popup; choose a wider output"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
