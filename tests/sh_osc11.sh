#!/bin/sh
# sh_osc11.sh: theme auto asks the terminal for its background colour (OSC 11) and picks light on a
# white one, dark on a black one or when the terminal does not answer (README, "Themes"), and the
# answer never reaches the command line. tmux does not answer OSC 11, so tests/pty_term.c (built
# here with forkpty from libutil) plays an 80x24 terminal that answers as told, then types
# `set digits 6`, `step 3`, `save session FILE` and `quit`. The theme is read from the colours
# gradstep sends: the title bar is white on blue (SGR 37 and 44) in light, black on cyan in dark
# (46), and light never sends cyan or yellow (36, 46, 33, 43).
# Ends with "N passed, N failed[, N skipped]".
set -u
G=${GRADSTEP:-./gradstep}
case $G in /*) ;; *) G=$(pwd)/$G ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
passed=0
failed=0
T=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-osc11.XXXXXX")
trap 'rm -rf "$T"' EXIT
export XDG_STATE_HOME="$T/state"
unset NO_COLOR COLORFGBG GRADSTEP_HISTORY
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

if ! ${CC:-cc} -std=c11 -O2 -o "$T/pty_term" "$top/tests/pty_term.c" -lutil 2> "$T/cc.err"; then
    echo "SKIP tests/pty_term.c does not build here (forkpty from libutil): $(head -n 1 "$T/cc.err")"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi

# sgr OUTPUT N: how many times OUTPUT holds the colour escape ESC [ N m.
sgr() { grep -c "$(printf '\033')\\[$2m" "$1"; }

# run MODE: plays the terminal as MODE says; leaves $T/MODE.out (the bytes gradstep wrote),
# $T/MODE.log (the helper's report) and $T/MODE.gs (the saved session).
run() {
    "$T/pty_term" "$1" "$T/$1.out" "set digits 6\\r|step 3\\r|save session $T/$1.gs\\r|quit\\r" \
        env LC_ALL=C.UTF-8 "$G" > "$T/$1.log" 2>&1
}

# check MODE THEME: the theme seen, and the keys typed after the answer reached the commands whole.
check() {
    m=$1
    if grep -q '^exit 0$' "$T/$m.log"; then pass; else fail "$m: gradstep did not quit cleanly: $(tr '\n' ' ' < "$T/$m.log")"; fi
    if [ "$(sed -n 's/^query //p' "$T/$m.log")" -ge 0 ] 2> /dev/null; then pass; else fail "$m: no OSC 11 query was sent"; fi
    case $2 in
    light)
        if [ "$(sgr "$T/$m.out" 44)" -gt 0 ] && [ "$(sgr "$T/$m.out" 37)" -gt 0 ]; then pass; else
            fail "$m: no white-on-blue title (the light theme)"; fi
        if [ $(($(sgr "$T/$m.out" 36) + $(sgr "$T/$m.out" 46) + $(sgr "$T/$m.out" 33) + $(sgr "$T/$m.out" 43))) -eq 0 ]; then
            pass; else fail "$m: cyan or yellow sent (the dark theme's colours)"; fi ;;
    dark)
        if [ "$(sgr "$T/$m.out" 46)" -gt 0 ] && [ "$(sgr "$T/$m.out" 44)" -eq 0 ]; then pass; else
            fail "$m: no black-on-cyan title (the dark theme)"; fi ;;
    esac
    # the answer's bytes typed as keys would show on the command line, or garble the commands
    if grep -q 'ffff\|rgb:' "$T/$m.out"; then fail "$m: the terminal's answer reached the screen"; else pass; fi
    if [ -f "$T/$m.gs" ] && grep -q 'saved at step 3' "$T/$m.gs" && grep -qx 'set digits 6' "$T/$m.gs"; then pass; else
        fail "$m: the typed commands did not all run as typed: $(head -n 1 "$T/$m.gs" 2> /dev/null)"
    fi
}

run light
check light light
run dark
check dark dark
# a terminal that answers OSC 11 only after 400 ms: gradstep waits (for the device attributes
# answer, which comes after it), so the answer is not read as keys
run slow
check slow light
# a terminal without OSC 11 that answers the device attributes query: dark at once
run da
check da dark
# a terminal that answers nothing: dark after the one second gradstep waits, and no hang
run silent
check silent dark
q=$(sed -n 's/^query //p' "$T/silent.log")
p=$(sed -n 's/^prompt //p' "$T/silent.log")
if [ "$p" -ge $((q + 900)) ] 2> /dev/null && [ "$p" -le $((q + 8000)) ]; then pass; else
    fail "silent: the prompt came $((p - q)) ms after the query, want about a second"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
