#!/bin/sh
# sh_lessons_tui.sh: every bundled lesson at 80x24, page by page: each page opens at its first line, its question is on screen after at most one PgDn, typed answers are judged (a near miss is wrong, the answer right), and a key during a run leaves the numbers of the full run.
set -u
GRADSTEP=${GRADSTEP:-./gradstep}
case $GRADSTEP in /*) ;; *) GRADSTEP=$(pwd)/$GRADSTEP ;; esac
LESSONS=${GRADSTEP_LESSONDIR:-$(pwd)/lessons}
passed=0
failed=0
if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP: tmux not found"
    echo "0 passed, 0 failed"
    exit 0
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-ltui.XXXXXX")
unset NO_COLOR COLORFGBG
SOCK=gradstep-ltui-$$
trap 'tmux -L "$SOCK" kill-server >/dev/null 2>&1; rm -rf "$TMP"' EXIT INT TERM

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; [ -n "${TUI_DEBUG:-}" ] && screen; }
check() { name=$1; shift; if "$@"; then ok; else bad "$name"; fi }
screen() { tmux -L "$SOCK" capture-pane -p 2>/dev/null; }
keys() { tmux -L "$SOCK" send-keys "$@" 2>/dev/null; }
has() { screen | grep -qF -- "$1"; }
wait_for() {
    i=0
    while [ $i -lt $(($2 * 20)) ]; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}
type_cmd() { keys -l -- "$1"; keys Enter; }

# pages FILE: the number of pages of a lesson file
pages() { awk 'BEGIN { t = 0; n = 0; c = 0 }
    /^#/ { next } !t && /^[ \t]*$/ { next } !t { t = 1; next }
    /^---+[ \t]*$/ { if (c) { n++; c = 0 } next }
    /[^ \t]/ { c = 1 } END { if (c) n++; print n }' "$1"; }
# page_lines FILE P: the lines of page P (1-based)
page_lines() { awk -v want="$2" 'BEGIN { t = 0; n = 1; c = 0 }
    /^#/ { next } !t && /^[ \t]*$/ { next } !t { t = 1; next }
    /^---+[ \t]*$/ { if (c) { n++; c = 0 } next }
    /[^ \t]/ { c = 1 } n == want { print }' "$1"; }
# upto FILE P: the lesson file cut after page P (its title and pages 1..P)
upto() { awk -v want="$2" 'BEGIN { t = 0; n = 1; c = 0 }
    /^#/ { next } !t && /^[ \t]*$/ { next } !t { t = 1; print; print "---"; next }
    /^---+[ \t]*$/ { if (c) { n++; c = 0 } if (n > want) exit; print; next }
    /[^ \t]/ { c = 1 } { print }' "$1"; }
# near ANSWER: a wrong answer close to it: a whole number plus 0.4, a decimal two units of its
# last digit away, a word with a letter more
near() {
    case $1 in
    *[!0-9-]*) case $1 in *[0-9].[0-9]*) awk -v a="$1" 'BEGIN { d = length(a) - index(a, "."); printf "%.*f\n", d, a + 2 * 10 ^ -d }' ;; *) echo "${1}x" ;; esac ;;
    *) echo "$1.4" ;;
    esac
}

for f in "$LESSONS"/[0-9][0-9]-*.txt; do
    base=$(basename "$f" .txt)
    num=$(echo "$base" | sed 's/^0*\([0-9][0-9]*\)-.*/\1/')
    np=$(pages "$f")
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
    sleep 0.1
    mkdir -p "$TMP/state-$num"
    tmux -L "$SOCK" -f /dev/null new-session -d -x 80 -y 24 \
        "env LC_ALL=C.UTF-8 TERM=screen XDG_STATE_HOME='$TMP/state-$num' sh -c '\"$GRADSTEP\" -l $num; echo EXITED-\$?; exec sleep 60'"
    p=1
    while [ $p -le "$np" ]; do
        if ! wait_for "Lesson $num · page $p/$np" 20; then
            bad "lesson $num page $p: not shown"
            break
        fi
        sleep 0.2
        check "lesson $num page $p/$np: opens at its first line" \
            sh -c "tmux -L $SOCK capture-pane -p | grep -F 'Lesson $num · page $p/$np' | grep -qvE ' [0-9]+-[0-9]+ of [0-9]+ ' || tmux -L $SOCK capture-pane -p | grep -F 'Lesson $num · page $p/$np' | grep -qE ' 1-[0-9]+ of [0-9]+ '"
        q=$(page_lines "$f" $p | sed -n 's/^? \(.*\)=.*$/\1/p' | head -n 1)
        if [ -n "$q" ]; then
            ans=$(page_lines "$f" $p | sed -n 's/^?.*=[ \t]*\(.*[^ \t]\)[ \t]*$/\1/p' | head -n 1)
            qs=$(printf '%s' "$q" | cut -c1-24)
            if ! has "? $qs"; then
                keys NPage
                sleep 0.3
            fi
            check "lesson $num page $p: the question is on screen after at most one PgDn" has "? $qs"
            wrong=$(near "$ans")
            type_cmd "$wrong"
            check "lesson $num page $p: the near miss $wrong is wrong" wait_for "Not quite: \"$wrong\"" 5
            check "lesson $num page $p: a wrong answer gets its hint in the Lesson pane" wait_for "Not quite. Hint:" 5
            type_cmd "$ans"
            check "lesson $num page $p: $ans is right" wait_for "Right: $ans" 10
        fi
        if page_lines "$f" $p | grep -q '^> run '; then
            # the page's run was sped through by a key (below): its numbers are the whole run's
            upto "$f" $p > "$TMP/upto.txt"
            want=$("$GRADSTEP" -c "lesson $TMP/upto.txt" -c "print C" 2>/dev/null | tail -n 1)
            type_cmd "print C"
            check "lesson $num page $p: after a key during the run, $want (the full run's)" wait_for "$want" 10
        fi
        if [ $p -lt "$np" ]; then
            keys ']'
            if page_lines "$f" $((p + 1)) | grep -q '^> run '; then
                # a key while the page's run animates: it finishes the run at once
                i=0
                while [ $i -lt 100 ] && ! has "run: "; do sleep 0.02; i=$((i + 1)); done
                keys F3
            fi
        fi
        p=$((p + 1))
    done
    type_cmd "quit"
    check "lesson $num: quits" wait_for "EXITED-0" 10
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
