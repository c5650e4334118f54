#!/bin/sh
# sh_untrusted.sh: hostile files, names and lessons against gradstep: saves that refuse what they must
# not replace and leave nothing behind, text made safe for the terminal in every mode, write errors
# reported, lessons kept from files and from running themselves. Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GRADSTEP:-$top/gradstep}
export GRADSTEP_DATADIR="${GRADSTEP_DATADIR:-$top/datasets}" GRADSTEP_LESSONDIR="$top/lessons"
export LC_ALL=C.UTF-8 NO_COLOR=1 TERM=xterm
export XDG_STATE_HOME="${TMPDIR:-/tmp}/gradstep-untrusted-state.$$"
work=$(mktemp -d)
sock="gs-untrusted-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null; chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work" "$XDG_STATE_HOME"' EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

# run ARGS...: runs gradstep in $work with a time limit; stdout in $work/.out, stderr in $work/.err,
# the exit status in $st.
run() {
    (cd "$work" && timeout 20 "$G" "$@" < /dev/null > "$work/.out" 2> "$work/.err")
    st=$?
}

# one_line WANT: stderr is exactly the line WANT.
one_line() {
    [ "$(wc -l < "$work/.err")" -eq 1 ] && [ "$(cat "$work/.err")" = "$1" ]
}

# expect NAME STATUS ERRLINE ARGS...: run ARGS; the exit status and the one stderr line must match.
expect() {
    name=$1 want_st=$2 want_err=$3
    shift 3
    run "$@"
    if [ "$st" = "$want_st" ] && one_line "$want_err"; then
        pass
    else
        fail "$name: exit $st (want $want_st), stderr: $(head -c 300 "$work/.err")"
    fi
}

# clean FILE: no control byte but newline (no ESC, BEL, BS, CR...) and nothing that is not UTF-8.
clean() {
    ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1" && ! grep -aqxv '.*' "$1"
}

# no_hostile FILE: none of the hostile sequences planted below reached FILE raw.
no_hostile() {
    ! LC_ALL=C grep -q "$(printf '\033]0;PWN')" "$1" &&
        ! LC_ALL=C grep -q "$(printf '\033\\[5;7;199m')" "$1" &&
        ! LC_ALL=C grep -q "$(printf '\033\\[2J')" "$1" &&
        ! LC_ALL=C grep -q "$(printf '\007')" "$1" &&
        ! LC_ALL=C grep -q "$(printf '\342\200\256')" "$1"
}

# ---- saves: what is there and is not a regular file is never replaced (lstat) ----
mkfifo "$work/fifo"
run -c "save trace fifo"
if [ $st = 1 ] && one_line "-c:1: error: fifo: is a FIFO, not a regular file: not replaced" && [ -p "$work/fifo" ]; then
    pass
else
    fail "save onto a FIFO: exit $st, $(cat "$work/.err")"
fi
if [ "$(id -u)" = 0 ] && mknod "$work/null" c 1 3 2>/dev/null; then
    run -c "save data null"
    if [ $st = 1 ] && one_line "-c:1: error: null: is a character device, not a regular file: not replaced" &&
        [ -c "$work/null" ]; then
        pass
    else
        fail "save onto a device: exit $st, $(cat "$work/.err")"
    fi
else
    echo "SKIP save onto a character device: creating a device needs root (the FIFO case above stands for it)"
fi
mkdir "$work/dir"
expect "save onto a directory" 1 "-c:1: error: dir: is a directory, not a regular file: not replaced" -c "save session dir"

# A symbolic link at the target is refused, the link and the file it names are left as they were.
echo "victim" > "$work/victim.txt"
ln -s victim.txt "$work/link.csv"
run -c "save trace link.csv"
if [ $st = 1 ] && one_line "-c:1: error: link.csv: is a symbolic link: not replaced (save to the file it names)" &&
    [ -L "$work/link.csv" ] && [ "$(cat "$work/victim.txt")" = victim ]; then
    pass
else
    fail "save onto a symbolic link: exit $st, $(cat "$work/.err")"
fi

# The old temporary name PATH.tmp.PID planted as a link is never followed (the exec keeps the PID).
(cd "$work" && sh -c 'ln -s victim.txt "t.csv.tmp.$$"; exec "$0" -c "save trace t.csv"' "$G" > /dev/null 2>&1)
if [ "$(cat "$work/victim.txt")" = victim ] && head -n 1 "$work/t.csv" | grep -q '^step,cost,'; then
    pass
else
    fail "a link planted at PATH.tmp.PID was followed"
fi
rm -f "$work"/t.csv.tmp.*

# The old file's permission bits are kept; a new file gets 0666 less the umask.
(cd "$work" && umask 022 && "$G" -c "save data keep.csv" > /dev/null && chmod 600 keep.csv &&
    "$G" -c "step 2" -c "save data keep.csv" > /dev/null)
perm=$(stat -c %a "$work/keep.csv")
(cd "$work" && umask 027 && "$G" -c "save session new.gs" > /dev/null)
perm_new=$(stat -c %a "$work/new.gs")
if [ "$perm" = 600 ] && [ "$perm_new" = 640 ]; then pass; else fail "modes: kept $perm (want 600), new $perm_new (want 640)"; fi

# A read-only file is refused unless the save says force; forced, it keeps its mode.
echo "old" > "$work/ro.csv"
chmod 444 "$work/ro.csv"
run -c "save data ro.csv"
if [ $st = 1 ] && one_line "-c:1: error: ro.csv: is read-only: not replaced (add force to replace it)" &&
    [ "$(cat "$work/ro.csv")" = old ]; then
    pass
else
    fail "save onto a read-only file: exit $st, $(cat "$work/.err")"
fi
run -c "save data ro.csv force"
if [ $st = 0 ] && grep -q '^x1,x2,y$' "$work/ro.csv" && [ "$(stat -c %a "$work/ro.csv")" = 444 ]; then
    pass
else
    fail "save data FILE force: exit $st, $(cat "$work/.err"), mode $(stat -c %a "$work/ro.csv")"
fi

chmod 444 "$work/ro.csv"
run -c "save data ro.csv decimal=comma force" -c "save plot cost ro.svg" -c "save plot cost ro.svg"
chmod 444 "$work/ro.svg"
run -c "save data ro.csv decimal=comma force" -c "save plot cost ro.svg force"
if [ $st = 0 ] && grep -q '^x1;x2;y$' "$work/ro.csv" && grep -q '<svg' "$work/ro.svg"; then
    pass
else
    fail "force after decimal=comma, and on a plot: exit $st, $(cat "$work/.err")"
fi

# A name near the 255-byte limit still saves (the temporary name is short).
long=$(printf 'n%.0s' $(seq 1 250)).csv
run -c "save trace $long"
if [ $st = 0 ] && [ -f "$work/$long" ]; then pass; else fail "a 254-byte name: exit $st, $(cat "$work/.err")"; fi

# Nothing is left beside the targets after all these saves.
if ls -a "$work" | grep -q '\.tmp'; then fail "temporary files left: $(ls -a "$work" | grep '\.tmp')"; else pass; fi

# SIGTERM during a long save in -c mode: the program ends and its temporary file is gone.
(cd "$work" && exec "$G" -c "gen gauss n=50000" -c "step 2000" -c "save trace big.csv" > /dev/null 2>&1) &
pid=$!
i=0
while [ $i -lt 400 ] && ! ls -a "$work" | grep -q '^\.gradstep-.*\.tmp$'; do sleep 0.05; i=$((i + 1)); done
saw_tmp=$(ls -a "$work" | grep -c '^\.gradstep-.*\.tmp$')
kill -TERM $pid 2>/dev/null
wait $pid 2>/dev/null
sig_st=$?
if [ "$saw_tmp" -ge 1 ] && [ $sig_st = 143 ] && ! ls -a "$work" | grep -q '\.tmp$' && [ ! -e "$work/big.csv" ]; then
    pass
else
    fail "SIGTERM during save trace: saw the temporary file $saw_tmp times, exit $sig_st, left: $(ls -a "$work" | grep tmp)"
fi

# ---- what a lesson may do: judged on the command a line resolves to ----
mkdir -p "$work/les"
printf 'R\n---\np\n> "lesson" %s/les/rec.txt\n' "$work" > "$work/les/rec.txt"
printf 'R\n---\np\n> "le"sson 1\n' > "$work/les/uaf.txt"
printf 'R\n---\np\n> "q"\n' > "$work/les/quit.txt"
expect "a lesson that starts itself (quoted)" 1 "-c:1: error: $work/les/rec.txt:4: a lesson cannot run \"lesson\"" \
    -c "lesson $work/les/rec.txt"
expect "a lesson that starts another (quoted prefix)" 1 "-c:1: error: $work/les/uaf.txt:4: a lesson cannot run \"lesson\"" \
    -c "lesson $work/les/uaf.txt"
expect "a lesson that quits (quoted prefix)" 1 "-c:1: error: $work/les/quit.txt:4: a lesson cannot run \"quit\"" \
    -c "lesson $work/les/quit.txt"
printf 'W\n---\np\n> step\n> sa"ve" session %s/victim.txt\n> step\n' "$work" > "$work/les/save.txt"
printf 'old\n' > "$work/victim.txt"
expect "a lesson that saves" 1 \
    "-c:1: error: $work/les/save.txt:5: a lesson may not write files: \"save session $work/victim.txt\" was not run (type it yourself to run it)" \
    -c "lesson $work/les/save.txt"
if [ "$(cat "$work/victim.txt")" = old ]; then pass; else fail "a lesson overwrote a file"; fi
for cmd in "save data x.csv" "save trace x.csv" "save plot cost x.svg" "s\"ave\" data x.csv"; do
    printf 'W\n---\n> %s\n' "$cmd" > "$work/les/w.txt"
    run -c "lesson $work/les/w.txt"
    if [ $st = 1 ] && grep -q 'a lesson may not write files' "$work/.err" && [ ! -e "$work/x.csv" ] && [ ! -e "$work/x.svg" ]; then
        pass
    else
        fail "a lesson ran \"$cmd\": exit $st, $(cat "$work/.err")"
    fi
done
printf 'save data %s/sourced.csv\n' "$work" > "$work/les/cmds.gs"
for cmd in "source $work/les/cmds.gs" "so\"urce\" $work/les/cmds.gs" "play $work/les/cmds.gs"; do
    printf 'S\n---\n> %s\n' "$cmd" > "$work/les/s.txt"
    run -c "lesson $work/les/s.txt"
    if [ $st = 1 ] && grep -q 'a lesson may not run files of commands' "$work/.err" && [ ! -e "$work/sourced.csv" ]; then
        pass
    else
        fail "a lesson ran \"$cmd\": exit $st, $(cat "$work/.err")"
    fi
done
printf 'L\n---\n> load /etc/passwd\n' > "$work/les/out.txt"
run -c "lesson $work/les/out.txt"
if [ $st = 1 ] && grep -q 'a lesson may load only bundled datasets and files in its own directory' "$work/.err"; then
    pass
else
    fail "a lesson loaded a file outside its directory: $(cat "$work/.err")"
fi
printf 'a,b,y\n1,2,0\n3,4,1\n' > "$work/les/own.csv"
printf 'L\n---\n> load hours\n> load %s/les/own.csv\n' "$work" > "$work/les/in.txt"
run -c "lesson $work/les/in.txt"
if [ $st = 0 ] && [ "$(grep -c '^loaded' "$work/.out")" = 2 ]; then pass; else fail "a lesson's own files: $(cat "$work/.err")"; fi

# In the plain REPL the page stops at the save it may not run; typed by the learner, it runs.
[ -n "${UNTRUSTED_NO_TTY:-}" ] || {
tmux -L "$sock" new-session -d -s lsave -x 120 -y 30 \
    "cd '$work' && script -q -c '$G -p' '$work/lsave.raw'; touch '$work/lsave.done'"
sleep 1
for line in "lesson $work/les/save.txt" "save session $work/victim.txt" "quit"; do
    tmux -L "$sock" send-keys -t lsave -l "$line"
    tmux -L "$sock" send-keys -t lsave Enter
    sleep 0.4
done
i=0
while [ $i -lt 100 ] && [ ! -e "$work/lsave.done" ]; do sleep 0.1; i=$((i + 1)); done
if grep -q 'a lesson may not write files' "$work/lsave.raw" && grep -q "saved session to $work/victim.txt" "$work/lsave.raw" &&
    grep -q '^set eta' "$work/victim.txt" && [ "$(grep -c 'step 1 ' "$work/lsave.raw")" = 1 ]; then
    pass
else
    fail "a lesson's save in the plain REPL: $(tail -c 400 "$work/lsave.raw")"
fi
}

# ---- a session names its dataset in a form that reads back, whatever the path holds ----
nl='
'
odd="$work/we${nl}ird$(printf '\t')dir \"q\" \\b"
mkdir -p "$odd"
printf 'a,y\n1,0\n2,1\n3,1\n' > "$odd/x.csv"
(cd "$work" && "$G" -c 'load "we\nird\tdir \"q\" \\b/x.csv"' -c "set eta 0.3" -c "step 4" -c "print w1" -c "save session odd.gs" \
    > "$work/.out" 2> "$work/.err")
st=$?
want=$(grep '^w1 = ' "$work/.out")
run --script odd.gs -c "print w1"
run --script odd.gs
got=$(grep '^w1 = ' "$work/.out" | tail -n 1)
if [ $st = 0 ] && grep -q '^load ".*we\\nird\\tdir \\"q\\" \\\\b/x.csv"$' "$work/odd.gs" && [ -n "$want" ]; then
    pass
else
    fail "save session with a newline in the path: $(grep '^load' "$work/odd.gs")"
fi
(cd "$work" && "$G" --script odd.gs -c "print w1" > "$work/.out" 2> "$work/.err")
if [ $? = 0 ] && [ "$(grep '^w1 = ' "$work/.out" | tail -n 1)" = "$want" ] && grep -q '^loaded x.csv: n = 3 examples' "$work/.out"; then
    pass
else
    fail "the session did not read back: $(cat "$work/.err") want $want"
fi

# ---- set history N: the oldest steps are dropped, said once; back and traces start at the oldest kept ----
run -c "set history 10" -c "step 30" -c "step 30" -c "back 100" -c "print step" -c "save trace hist.csv" -c "back"
first=$(sed -n 2p "$work/hist.csv" | cut -d, -f1)
if [ $st = 1 ] && [ "$(grep -c '^history: only the last 10 steps are kept' "$work/.out")" = 1 ] &&
    grep -q "^step = $first\$" "$work/.out" && [ "$first" -ge 51 ] && [ "$(wc -l < "$work/hist.csv")" = 2 ] &&
    grep -q "^undid [0-9]* (step $first reached: older steps are not kept, set history)\$" "$work/.out" &&
    one_line "-c:7: error: back: step $first is the oldest step kept (set history), nothing to undo"; then
    pass
else
    fail "set history 10: exit $st, first kept step $first, $(grep -c '^history:' "$work/.out") notices"
fi
run -c "set history 1"
if [ $st = 1 ] && grep -q '^-c:1: error: history: "\{0,1\}1"\{0,1\} is out of range (3 to ' "$work/.err"; then
    pass
else
    fail "set history 1: $(cat "$work/.err")"
fi

# ---- output that cannot be written fails ----
(cd "$work" && "$G" -c "show data" > /dev/full 2> "$work/.err")
st=$?
if [ $st = 1 ] && one_line "-c:1: error: standard output: cannot write: No space left on device"; then
    pass
else
    fail "show data > /dev/full: exit $st, $(cat "$work/.err")"
fi
(cd "$work" && echo "show data" | "$G" --script - > /dev/full 2> /dev/null)
if [ $? = 1 ]; then pass; else fail "a script's output to /dev/full exits 0"; fi

# ---- text from files, arguments and users reaches no terminal raw ----
esc=$(printf '\033')
bel=$(printf '\007')
hostile_name="x${esc}]0;PWN${bel}${esc}[5;7;199m"
run "$hostile_name"
if [ $st = 2 ] && clean "$work/.err" && grep -q '\^\[\]0;PWN\^G' "$work/.err"; then pass; else fail "DATASET argument: $(od -c "$work/.err" | head -3)"; fi
run -c "load ${hostile_name}.csv"
if [ $st = 1 ] && clean "$work/.err"; then pass; else fail "load NAME: $(od -c "$work/.err" | head -3)"; fi
run -l "$hostile_name"
if [ $st = 1 ] && clean "$work/.err"; then pass; else fail "-l NAME: $(od -c "$work/.err" | head -3)"; fi
run --script "$hostile_name"
if [ $st = 2 ] && clean "$work/.err"; then pass; else fail "--script NAME: $(od -c "$work/.err" | head -3)"; fi
printf 'step\nbogus%s\n' "$hostile_name" > "$work/$hostile_name.gs"
run --script "$hostile_name.gs"
if [ $st = 1 ] && clean "$work/.err" && clean "$work/.out"; then pass; else fail "a script named and failing with escapes: $(od -c "$work/.err" | head -3)"; fi
run -c "$(printf 'set eta \377\376')"
if [ $st = 1 ] && clean "$work/.err" && grep -q "$(printf '\357\277\275')" "$work/.err"; then pass; else fail "invalid UTF-8 argument: $(od -c "$work/.err" | head -3)"; fi
run --bogus-option"$hostile_name"
if [ $st = 2 ] && clean "$work/.err"; then pass; else fail "an unknown option: $(od -c "$work/.err" | head -3)"; fi

# Dataset names with escapes, bidi overrides and zero-width characters: shown visibly everywhere.
printf 'a%s]0;PWN%sb,c\342\200\256d\342\200\213e,y\n1,2,0\n3,4,1\n' "$esc" "$bel" > "$work/names.csv"
run -c "load names.csv" -c "show data" -c "show params" -c "print w1" -c "explain w 1" -c "help"
if [ $st = 0 ] && clean "$work/.out" && clean "$work/.err" && no_hostile "$work/.out" &&
    grep -q 'c<U+202E>d<U+200B>e' "$work/.out"; then
    pass
else
    fail "hostile dataset names: $(grep -n "$esc" "$work/.out" | head -3 | od -c | head -5)"
fi
# ... and written back exactly, quoted.
run -c "load names.csv" -c "save data back.csv" -c "load back.csv" -c "save data back2.csv"
if [ $st = 0 ] && cmp -s "$work/back.csv" "$work/back2.csv" && grep -q '^"a^\[\]0;PWN^Gb","c<U+202E>d<U+200B>e",y$' "$work/back.csv"; then
    pass
else
    fail "names written back: $(head -n 3 "$work/back.csv")"
fi
# A crafted header never stands bare in a saved file, and reads back as it was.
printf '"$(id>pwned)",`id`,y\n1,2,0\n' > "$work/shell.csv"
run -c "load shell.csv" -c "save data shell2.csv" -c "load shell2.csv" -c "show data"
if [ $st = 0 ] && grep -q '^"\$(id>pwned)","`id`",y$' "$work/shell2.csv" && grep -q '\$(id>pwned)' "$work/.out" &&
    [ ! -e "$work/pwned" ]; then
    pass
else
    fail "shell text in a header: $(head -n 2 "$work/shell2.csv")"
fi

# CJK and emoji names keep the plain table's columns aligned (each wide character takes 2 columns).
printf '学習,\360\237\230\200,y\n1,2,0\n' > "$work/wide.csv"
run -c "load wide.csv" -c "show data"
hdr=$(sed -n 1p "$work/.out" | grep -v loaded; sed -n 2p "$work/.out")
w1=$(sed -n 2p "$work/.out" | awk '{ print }' | python3 -c 'import sys,unicodedata; s=sys.stdin.read().rstrip("\n"); print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s))' 2>/dev/null)
w2=$(sed -n 3p "$work/.out" | python3 -c 'import sys,unicodedata; s=sys.stdin.read().rstrip("\n"); print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s))' 2>/dev/null)
if [ -n "$w1" ] && [ "$w1" = "$w2" ]; then pass; else fail "wide names misalign show data: header $w1 columns, row $w2"; fi

# A hostile lesson: title, prose, question and a failing command full of escapes.
mkdir -p "$work/lessons"
{
    printf 'Title %s]0;PWNED%s here\n---\n' "$esc" "$bel"
    printf 'Prose %s[2J cleared%s[5;7;199m red\010\015 and \342\200\256 reversed\n' "$esc" "$esc"
    printf '> step\n'
    printf '? What %s]0;PWN%s now = 1\n' "$esc" "$bel"
    printf '> load "x%s]0;PWN%s.csv"\n' "$esc" "$bel"
} > "$work/lessons/hostile.txt"
run -c "lesson $work/lessons/hostile.txt"
if clean "$work/.out" && clean "$work/.err" && no_hostile "$work/.out" && grep -q 'Title \^\[\]0;PWNED\^G here' "$work/.out"; then
    pass
else
    fail "hostile lesson in -c mode: $(od -c "$work/.out" | grep -m 3 '033\|007')"
fi

if [ -n "${UNTRUSTED_NO_TTY:-}" ]; then
    # (tests/sh_sanitize.sh runs the rest under the sanitizers; the terminal cases below ran already)
    echo "$passed passed, $failed failed"
    exit 0
fi

# The plain REPL on a terminal: the same lesson and names, captured raw from the terminal.
tmux -L "$sock" new-session -d -s plain -x 100 -y 30 \
    "cd '$work' && script -q -c '$G -p' '$work/plain.raw'; touch '$work/plain.done'"
sleep 1
for line in "lesson $work/lessons/hostile.txt" "lesson answer 1" "load names.csv" "show data" "quit"; do
    tmux -L "$sock" send-keys -t plain -l "$line"
    tmux -L "$sock" send-keys -t plain Enter
    sleep 0.3
done
i=0
while [ $i -lt 100 ] && [ ! -e "$work/plain.done" ]; do sleep 0.1; i=$((i + 1)); done
if [ -s "$work/plain.raw" ] && no_hostile "$work/plain.raw" && grep -q 'Title \^\[\]0;PWNED\^G here' "$work/plain.raw"; then
    pass
else
    fail "hostile lesson in the plain REPL: $(od -c "$work/plain.raw" | grep -m 3 '033 ]\|007')"
fi

tmux -L "$sock" kill-server 2>/dev/null
sleep 0.2

# The full screen: the lesson pane, the message line and the data pane, captured raw.
tmux -L "$sock" new-session -d -s full -x 100 -y 30 \
    "cd '$work' && script -q -c '$G -l lessons/hostile.txt names.csv' '$work/tui.raw' 2> '$work/tui.err'; touch '$work/tui.done'"
sleep 2
tmux -L "$sock" send-keys -t full -l "lesson answer 1"
tmux -L "$sock" send-keys -t full Enter
sleep 1
screen=$(tmux -L "$sock" capture-pane -p -t full)
tmux -L "$sock" send-keys -t full "quit" Enter 2>/dev/null
sleep 0.5
tmux -L "$sock" send-keys -t full "y" 2>/dev/null
i=0
while [ $i -lt 100 ] && [ ! -e "$work/tui.done" ]; do sleep 0.1; i=$((i + 1)); done
if [ -s "$work/tui.raw" ] && no_hostile "$work/tui.raw" && echo "$screen" | grep -q 'Title ^\[\]0;PWNED^G'; then
    pass
else
    fail "hostile lesson in the full screen: $(echo "$screen" | head -n 5) $(cat "$work/tui.err") $(tail -c 300 "$work/tui.raw")"
fi
tmux -L "$sock" kill-server 2>/dev/null

echo "$passed passed, $failed failed"
