#!/bin/sh
# sh_deps.sh: tools/deps.sh's decisions, on a fake PATH of stub programs that record their calls.
# Each case builds a fake system (package manager, rights, what is present) in a temporary directory;
# the stub package managers "install" by making the stub programs and library flags appear, so
# nothing on the real system is looked at or changed. Every run is bounded by `timeout` with stdin
# an open pipe that never delivers a line, so a prompt waiting for an answer fails instead of hanging.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
deps="$top/tools/deps.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-deps.XXXXXX")
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
check() { if eval "$2"; then pass; else fail "$1"; fi; }

for tool in timeout mkfifo; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "SKIP $tool not found: tools/deps.sh not tested"
        echo "0 passed, 0 failed"
        exit 0
    fi
done
real_make=$(command -v make)
real_timeout=$(command -v timeout)
mkfifo "$tmp/never"
exec 3<>"$tmp/never"

# The stubs: every one appends "NAME ARGS" to $FAKE/log first.
mkdir "$tmp/stubs"
stub() {
    { printf '#!/bin/sh\necho "%s $*" >> "$FAKE/log"\n' "$1"; cat; } > "$tmp/stubs/$1"
    chmod +x "$tmp/stubs/$1"
}
for p in cc gcc clang make tmux xmllint; do stub $p </dev/null; done
stub id <<'EOF'
[ "${1:-}" = -u ] && { read -r u < "$FAKE/uid"; echo "$u"; }
exit 0
EOF
stub sudo <<'EOF'
if [ "${1:-}" = -n ]; then
    shift
    [ -f "$FAKE/sudo_ok" ] && exec "$@"
    echo "sudo: a password is required" >&2
    exit 1
fi
echo "PROMPT" >> "$FAKE/log"
read -r password
exit 1
EOF
stub pkg-config <<'EOF'
[ "${1:-}" = --exists ] || exit 0
shift
for m in "$@"; do [ -f "$FAKE/pc/$m" ] || exit 1; done
exit 0
EOF
stub python3 <<'EOF'
[ -f "$FAKE/numpy" ]
EOF
# A package manager: logs, then makes each package's program or library appear (unless $FAKE/broken
# says it fails, or $FAKE/noop that it installs nothing).
installer='[ -f "$FAKE/broken" ] && exit 100
[ -f "$FAKE/noop" ] && exit 0
for p in "$@"; do
    case $p in
    *ncurses*) : > "$FAKE/pc/ncursesw" ;;
    *readline*) : > "$FAKE/pc/readline" ;;
    pkg-config | pkgconf*) /bin/ln -sf "$STUBS/pkg-config" "$FAKE/bin/pkg-config" ;;
    libxml2*) /bin/ln -sf "$STUBS/xmllint" "$FAKE/bin/xmllint" ;;
    build-essential | build-base | gcc) /bin/ln -sf "$STUBS/cc" "$FAKE/bin/cc"; /bin/ln -sf "$STUBS/make" "$FAKE/bin/make" ;;
    *numpy*) : > "$FAKE/numpy" ;;
    make | tmux | clang) /bin/ln -sf "$STUBS/$p" "$FAKE/bin/$p" ;;
    esac
done'
for m in apt-get dnf pacman apk; do printf '%s\n' "$installer" | stub $m; done
printf '[ "${1:-}" = --prefix ] && { echo "$FAKE/brew"; exit 0; }\n%s\n' "$installer" | stub brew

# fake NAME PROGRAMS...: a fresh fake system $tmp/NAME whose PATH holds sh, env and the given stubs;
# root, no pkg-config modules, no NumPy. Modify with the files uid, sudo_ok, pc/*, numpy, broken, noop.
fake() {
    FAKE="$tmp/$1"
    shift
    mkdir -p "$FAKE/bin" "$FAKE/pc"
    echo 0 > "$FAKE/uid"
    : > "$FAKE/log"
    ln -s /bin/sh "$FAKE/bin/sh"
    ln -s "$(command -v env)" "$FAKE/bin/env"
    ln -s /bin/true "$FAKE/bin/true"
    for p in "$@"; do ln -s "$tmp/stubs/$p" "$FAKE/bin/$p"; done
}
# everything PROGRAMS...: the programs and both libraries present.
everything() { fake "$@"; : > "$FAKE/pc/ncursesw"; : > "$FAKE/pc/readline"; }

# run GOAL [VAR=VALUE...]: runs tools/deps.sh GOAL on the fake system; sets $status, $out, $err.
run() {
    goal=$1
    shift
    env -i PATH="$FAKE/bin" FAKE="$FAKE" STUBS="$tmp/stubs" GRADSTEP_DEPS_PYTHONS=python3 "$@" \
        "$real_timeout" 20 /bin/sh "$deps" "$goal" <&3 > "$FAKE/out" 2> "$FAKE/err"
    status=$?
    out=$(cat "$FAKE/out")
    err=$(cat "$FAKE/err")
}
logged() { grep -qxF -- "$1" "$FAKE/log"; }
never() { ! grep -q -- "$1" "$FAKE/log"; }

# Everything present: nothing said, nothing called.
everything ok cc make pkg-config tmux xmllint apt-get sudo id
run check
check "all present: exit 0, got $status ($err)" '[ $status -eq 0 ]'
check "all present: silent, printed: $out $err" '[ -z "$out$err" ]'
check "all present: no installer or sudo call: $(cat "$FAKE/log")" 'never "^apt-get" && never "^sudo"'

# Libraries missing, as root: the development packages under each manager's own names.
for case in "apt-get|libncurses-dev libreadline-dev|apt-get install -y -qq --no-install-recommends" \
    "dnf|ncurses-devel readline-devel|dnf install -y" \
    "pacman|ncurses readline|pacman -S --needed --noconfirm" \
    "apk|ncurses-dev readline-dev|apk add --no-cache" \
    "brew|ncurses readline|brew install"; do
    m=${case%%|*}; rest=${case#*|}; pkgs=${rest%%|*}; cmd=${rest#*|}
    fake "libs-$m" cc make pkg-config "$m" sudo id
    [ "$m" = brew ] && echo 501 > "$FAKE/uid"
    run build
    check "$m, libraries missing: exit 0, got $status ($err)" '[ $status -eq 0 ]'
    check "$m, libraries missing: calls '$cmd $pkgs'; log: $(cat "$FAKE/log")" 'logged "$cmd $pkgs"'
    check "$m: one line says what and why, got: $out" \
        '[ "$(echo "$out" | grep -c "installing $pkgs with $m: building gradstep needs the ncursesw development files and the readline development files$")" = 1 ]'
    check "$m, as root (or brew): no sudo" 'never "^sudo"'
done
fake libs-apt-update cc make pkg-config apt-get id
run build
check "apt-get: the package lists are updated first" \
    '[ "$(grep "^apt-get" "$FAKE/log" | head -n 1)" = "apt-get update -qq" ]'

# Nothing but the manager present, for check: compiler, make, pkg-config, libraries, tmux, xmllint.
for case in "apt-get|build-essential make pkg-config libncurses-dev libreadline-dev tmux libxml2-utils|apt-get install -y -qq --no-install-recommends" \
    "dnf|gcc make pkgconf-pkg-config ncurses-devel readline-devel tmux libxml2|dnf install -y" \
    "pacman|gcc make pkgconf ncurses readline tmux libxml2|pacman -S --needed --noconfirm" \
    "apk|build-base make pkgconf ncurses-dev readline-dev tmux libxml2-utils|apk add --no-cache"; do
    m=${case%%|*}; rest=${case#*|}; pkgs=${rest%%|*}; cmd=${rest#*|}
    fake "bare-$m" "$m" id
    run check
    check "$m, bare system: exit 0 once installed, got $status ($err)" '[ $status -eq 0 ]'
    check "$m, bare system: calls '$cmd $pkgs'; log: $(cat "$FAKE/log")" 'logged "$cmd $pkgs"'
done
# macOS: brew installs no compiler; the command line tools' installer is named instead.
fake bare-brew make pkg-config tmux xmllint brew id
echo 501 > "$FAKE/uid"
run build
check "brew without a compiler: exit 1, got $status" '[ $status -eq 1 ]'
check "brew without a compiler: names xcode-select --install: $err" 'echo "$err" | grep -q "^    xcode-select --install$"'
check "brew without a compiler: no brew install" 'never "^brew install"'
# CC=clang asks for clang, not gcc.
everything clang-cc make pkg-config apt-get id
run build CC=clang
check "CC=clang missing: installs clang; log: $(cat "$FAKE/log")" 'logged "apt-get install -y -qq --no-install-recommends clang"'
check "CC=clang missing: exit 0, got $status ($err)" '[ $status -eq 0 ]'

# Not root, sudo without a password: through sudo -n.
fake sudo-ok cc make pkg-config apt-get sudo id
echo 1000 > "$FAKE/uid"
: > "$FAKE/sudo_ok"
run build
check "sudo -n allowed: exit 0, got $status ($err)" '[ $status -eq 0 ]'
check "sudo -n allowed: install through sudo -n; log: $(cat "$FAKE/log")" \
    'logged "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libncurses-dev libreadline-dev" && logged "apt-get install -y -qq --no-install-recommends libncurses-dev libreadline-dev"'
check "sudo -n allowed: never a password prompt" 'never PROMPT'

# Not root, sudo wants a password: the command to type, exit 1, no prompt, no install.
fake sudo-no cc make pkg-config apt-get sudo id
echo 1000 > "$FAKE/uid"
run build
check "sudo refused: exit 1, got $status" '[ $status -eq 1 ]'
check "sudo refused: prints the command: $err" \
    'echo "$err" | grep -qxF "    sudo apt-get update && sudo apt-get install libncurses-dev libreadline-dev"'
check "sudo refused: says what is needed and why not: $err" \
    'echo "$err" | grep -q "building gradstep needs the ncursesw development files and the readline development files; installing needs root"'
check "sudo refused: never prompts, never installs; log: $(cat "$FAKE/log")" 'never PROMPT && never "^apt-get"'
# Not root, no sudo at all.
fake no-sudo cc make pkg-config dnf id
echo 1000 > "$FAKE/uid"
run build
check "no sudo: exit 1, got $status" '[ $status -eq 1 ]'
check "no sudo: prints the command to run as root: $err" \
    'echo "$err" | grep -qxF "    as root: dnf install ncurses-devel readline-devel"'

# GRADSTEP_NO_INSTALL=1: no installer, no sudo, the command, exit 1.
fake no-install cc make apt-get sudo id
run check GRADSTEP_NO_INSTALL=1
check "NO_INSTALL: exit 1, got $status" '[ $status -eq 1 ]'
check "NO_INSTALL: no installer or sudo call; log: $(cat "$FAKE/log")" 'never "^apt-get" && never "^sudo"'
check "NO_INSTALL: prints the command and the reason: $err" \
    'echo "$err" | grep -qxF "    apt-get update && apt-get install pkg-config libncurses-dev libreadline-dev tmux libxml2-utils" && echo "$err" | grep -q "installing is turned off (GRADSTEP_NO_INSTALL)"'
run check GRADSTEP_NO_INSTALL=0
check "NO_INSTALL=0 installs: exit $status; log: $(cat "$FAKE/log")" '[ $status -eq 0 ] && logged "apt-get update -qq"'

# No package manager this script knows.
fake no-manager cc make pkg-config id
run build
check "no manager: exit 1, got $status" '[ $status -eq 1 ]'
check "no manager: says so: $err" 'echo "$err" | grep -q "no package manager"'

# An installer that fails, and one that succeeds without providing the library.
fake broken cc make pkg-config pacman id
: > "$FAKE/broken"
run build
check "installer fails: exit 1, got $status" '[ $status -eq 1 ]'
check "installer fails: says so and gives the command: $err" \
    'echo "$err" | grep -q "pacman failed" && echo "$err" | grep -qxF "    pacman -S --needed ncurses readline"'
fake noop cc make pkg-config apk id
: > "$FAKE/noop"
run build
check "still missing after installing: exit 1, got $status" '[ $status -eq 1 ]'
check "still missing after installing: says so: $err" 'echo "$err" | grep -q "still needs the ncursesw"'

# bench: NumPy is optional: installed when it may be, else a note and exit 0.
everything numpy-root cc make pkg-config apt-get python3 id
run bench
check "bench, NumPy missing as root: installs python3-numpy; log: $(cat "$FAKE/log")" \
    'logged "apt-get install -y -qq --no-install-recommends python3-numpy" && [ $status -eq 0 ]'
everything numpy-user cc make pkg-config apt-get python3 sudo id
echo 1000 > "$FAKE/uid"
run bench
check "bench, NumPy missing without rights: exit 0, got $status" '[ $status -eq 0 ]'
check "bench, NumPy missing without rights: the command and a note: $err" \
    'echo "$err" | grep -qxF "    sudo apt-get update && sudo apt-get install python3-numpy" && echo "$err" | grep -q "going on without it"'
run build
check "build does not ask for NumPy: $out $err" '[ $status -eq 0 ] && [ -z "$out$err" ]'

# The Makefile: with NO_INSTALL=1 and no pkg-config, `make` and `make check` stop with the script's
# message before compiling anything.
fake make-no-install cc apt-get id
ln -s "$real_make" "$FAKE/bin/make"
for goal in all check run; do
    env -i PATH="$FAKE/bin" FAKE="$FAKE" HOME="$tmp" "$real_timeout" 60 make -C "$top" --no-print-directory \
        BUILD="$tmp/build-$goal" NO_INSTALL=1 $goal <&3 > "$FAKE/out" 2>&1
    status=$?
    check "make NO_INSTALL=1 $goal without pkg-config: fails, got $status" '[ $status -ne 0 ] && [ $status -ne 124 ]'
    check "make NO_INSTALL=1 $goal: the script's command: $(cat "$FAKE/out")" \
        'grep -qF "apt-get install pkg-config libncurses-dev libreadline-dev" "$FAKE/out"'
    check "make NO_INSTALL=1 $goal: nothing compiled" '[ -z "$(find "$tmp/build-$goal" -name "*.o" 2>/dev/null)" ]'
    check "make NO_INSTALL=1 $goal: no installer call" 'never "^apt-get"'
done

# A machine without pkg-config (every other program of /usr/bin and /bin there, as root): `make`
# of one object first runs the script, which installs pkg-config (the stub apt-get links the real
# one in), and only then asks pkg-config for the flags it compiles with. Skipped without a real
# pkg-config that knows ncursesw and readline.
real_pc=$(command -v pkg-config)
if [ -n "$real_pc" ] && pkg-config --exists ncursesw readline 2>/dev/null; then
    fake fresh
    rm -f "$FAKE/bin/sh" "$FAKE/bin/env" "$FAKE/bin/true"
    for d in /bin /usr/bin; do
        for p in "$d"/*; do
            name=${p##*/}
            case $name in
            *pkg-config | pkgconf | apt-get | dnf | pacman | apk | brew | sudo) continue ;;
            esac
            [ -e "$FAKE/bin/$name" ] || ln -s "$p" "$FAKE/bin/$name"
        done
    done
    printf '#!/bin/sh\necho "apt-get $*" >> "$FAKE/log"\n[ "$1" = install ] && ln -sf "%s" "$FAKE/bin/pkg-config"\nexit 0\n' \
        "$real_pc" > "$FAKE/bin/apt-get"
    chmod +x "$FAKE/bin/apt-get"
    want_flags=$(pkg-config --cflags ncursesw readline)
    env -i PATH="$FAKE/bin" FAKE="$FAKE" HOME="$tmp" "$real_timeout" 300 make -C "$top" --no-print-directory \
        BUILD="$tmp/build-fresh" "$tmp/build-fresh/src/clock.o" <&3 > "$FAKE/out" 2>&1
    status=$?
    check "fresh machine: make builds the object, got $status: $(tail -n 5 "$FAKE/out")" \
        '[ $status -eq 0 ] && [ -f "$tmp/build-fresh/src/clock.o" ]'
    # without pkg-config the libraries cannot be looked for, so their packages come too
    check "fresh machine: pkg-config installed first; log: $(cat "$FAKE/log")" \
        'logged "apt-get install -y -qq --no-install-recommends pkg-config libncurses-dev libreadline-dev"'
    check "fresh machine: the line says what and why: $(head -n 3 "$FAKE/out")" \
        'grep -q "^tools/deps.sh: installing pkg-config libncurses-dev libreadline-dev with apt-get: building gradstep needs pkg-config, the ncursesw development files and the readline development files$" "$FAKE/out"'
    check "fresh machine: compiled with the flags of the pkg-config just installed ($want_flags)" \
        'grep -- " -c -o $tmp/build-fresh/src/clock.o" "$FAKE/out" | grep -qF -- "$want_flags"'
fi

exec 3>&-
rm -rf "$tmp"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
