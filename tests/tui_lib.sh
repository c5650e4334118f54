# tui_lib.sh: the shared start of the tmux-driven tests (sourced, not run: tests/run.sh runs only sh_*.sh).
# A test sources it and calls `tui_init NAME "what goes untested without tmux"`; it then has
# GRADSTEP (absolute), passed/failed with ok/bad/check, TMP (removed at exit), XDG_STATE_HOME in
# TMP, BASE and SOCK (the tmux server; every server named BASE or BASE-* is killed at exit),
# tui_start, screen/wait_for/wait_gone/has/typed/keys, and ends with `tui_done` (the
# "N passed, N failed" line and the status).
# POSIX sh.

# tui_init NAME [WHAT]: sets up the test named NAME; without tmux prints a SKIP line naming WHAT
# and "0 passed, 0 failed, 1 skipped", then exits 0.
tui_init() {
    GRADSTEP=${GRADSTEP:-./gradstep}
    case $GRADSTEP in /*) ;; *) GRADSTEP=$(pwd)/$GRADSTEP ;; esac
    passed=0
    failed=0
    if ! command -v tmux >/dev/null 2>&1; then
        echo "SKIP tmux is not installed: ${2:-$1 not tested}"
        echo "0 passed, 0 failed, 1 skipped"
        exit 0
    fi
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-$1.XXXXXX")
    export XDG_STATE_HOME="$TMP/state"
    BASE=gradstep-$1-$$
    SOCK=$BASE
    trap tui_cleanup EXIT
    trap 'exit 1' INT TERM
}

# tui_cleanup: kills every tmux server this test named (BASE, BASE-*, and SOCK) and removes TMP.
tui_cleanup() {
    dir=${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)
    for s in "$dir/$BASE" "$dir/$BASE"-*; do
        [ -S "$s" ] && tmux -L "${s##*/}" kill-server >/dev/null 2>&1
    done
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
    sleep 0.3  # a gradstep ending with its server may still write its history into TMP
    rm -rf "$TMP" 2>/dev/null
    return 0
}

ok() { passed=$((passed + 1)); }
# bad TEXT: counts a failure and prints "FAIL TEXT" (and the screen when TUI_DEBUG is set).
bad() {
    failed=$((failed + 1))
    echo "FAIL $*"
    if [ -n "${TUI_DEBUG:-}" ]; then screen; fi
}
# check NAME COMMAND...: passes when COMMAND succeeds; else fails NAME, shows the first
# TUI_SHOW lines of the screen (40; 0 for none) and returns 1.
check() {
    name=$1; shift
    if "$@"; then ok; return 0; fi
    bad "$name"
    screen | head -n "${TUI_SHOW:-40}"
    return 1
}

# tui_start NAME WxH ARGS [ENV...]: ends the current server and runs `gradstep ARGS` (with ENV,
# and GRADSTEP_DATADIR when set) alone in a fresh one, SOCK=BASE-NAME, of W columns and H rows
# (a fresh server: no race with the one shutting down); succeeds once the prompt shows (10 s).
tui_start() {
    tui_name=$1; tui_size=$2; tui_args=$3; shift 3
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
    SOCK=$BASE-$tui_name
    tmux -L "$SOCK" -f /dev/null new-session -d -x "${tui_size%x*}" -y "${tui_size#*x}" \
        "env $* ${GRADSTEP_DATADIR:+GRADSTEP_DATADIR=\"$GRADSTEP_DATADIR\"} \"$GRADSTEP\" $tui_args; exec sleep 60"
    wait_for "gradstep>" 10
}

# screen: the visible screen of SOCK (with TUI_HISTORY lines of scrollback above it when set).
screen() { tmux -L "$SOCK" capture-pane -p ${TUI_HISTORY:+-S "-$TUI_HISTORY"} 2>/dev/null; }
# wait_for TEXT SECONDS: succeeds as soon as the screen holds TEXT, fails after SECONDS.
wait_for() {
    i=0
    while [ $i -lt $(($2 * 20)) ]; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}
# wait_gone TEXT SECONDS: succeeds as soon as the screen no longer holds TEXT, fails after SECONDS.
wait_gone() {
    i=0
    while [ $i -lt $(($2 * 20)) ]; do
        screen | grep -qF -- "$1" || return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}
# has TEXT: succeeds when the screen holds TEXT now.
has() { screen | grep -qF -- "$1"; }
# typed LINE...: types each LINE and Enter after it.
typed() {
    for tui_line in "$@"; do tmux -L "$SOCK" send-keys -l "$tui_line"; tmux -L "$SOCK" send-keys Enter; done
}
# keys KEY...: sends tmux key names (Enter, Tab, C-c, ...) or text as tmux send-keys does.
keys() { tmux -L "$SOCK" send-keys "$@" 2>/dev/null; }

# tui_done: prints "N passed, N failed" and returns success only when nothing failed.
tui_done() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
