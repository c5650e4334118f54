#!/bin/sh
# tools/deps.sh: finds what building, testing or benchmarking gradstep needs and is missing, and installs it.
#
# Usage: sh tools/deps.sh [build|check|bench]   (the Makefile runs it before `make`, `make run`,
# `make check` and `make bench`; `make deps` runs it alone for check)
#   build  a C compiler ($CC, else cc), make, pkg-config, ncursesw and readline development files
#   check  build's, and tmux (full-screen tests) and xmllint (SVG tests)
#   bench  build's, and a python3 with NumPy for the comparison (optional: never an error)
#
# What is missing is installed with apt-get, dnf, pacman, apk or brew, as root or through `sudo -n`
# (which fails at once rather than ask for a password), after one line saying what and why.
# Nothing ever waits for an answer: installers run with -y (or their equivalent) and stdin from
# /dev/null. When it cannot install (GRADSTEP_NO_INSTALL=1, no package manager it knows, no rights)
# it prints the command for this system and exits 1. Exit 0 when everything needed is there.
set -u

goal=${1:-build}
case $goal in
build | check | bench) ;;
*)
    echo "tools/deps.sh: unknown goal '$goal' (build, check or bench)" >&2
    exit 2
    ;;
esac

have() { command -v "$1" >/dev/null 2>&1; }

# The compiler's command: the first word of $CC (which may be "ccache gcc"), else cc.
cc_cmd() {
    # shellcheck disable=SC2086 # split on purpose
    set -- ${CC:-cc}
    if [ "$1" = ccache ] && [ $# -gt 1 ]; then
        echo "$2"
    else
        echo "${1:-cc}"
    fi
}

# Homebrew keeps ncurses and readline out of pkg-config's default path (the Makefile adds the same).
brew_pc_path() {
    have brew || return 0
    prefix=$(brew --prefix 2>/dev/null) || return 0
    [ -n "$prefix" ] || return 0
    PKG_CONFIG_PATH="$prefix/opt/ncurses/lib/pkgconfig:$prefix/opt/readline/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
    export PKG_CONFIG_PATH
}

pc_has() { have pkg-config && pkg-config --exists "$1" 2>/dev/null; }

# The interpreters the benchmark tries for NumPy, in its order (tests/bench/bench.c).
has_numpy() {
    for py in ${GRADSTEP_DEPS_PYTHONS:-/usr/bin/python3 python3}; do
        "$py" -c 'import numpy' >/dev/null 2>&1 && return 0
    done
    return 1
}

# Sets $required and $optional to the missing items (words: cc make pkg-config ncursesw readline
# tmux xmllint numpy) for the goal.
find_missing() {
    required=""
    optional=""
    have "$(cc_cmd)" || required="$required cc"
    have make || required="$required make"
    have pkg-config || required="$required pkg-config"
    pc_has ncursesw || required="$required ncursesw"
    pc_has readline || required="$required readline"
    if [ "$goal" = check ]; then
        have tmux || required="$required tmux"
        have xmllint || required="$required xmllint"
    fi
    if [ "$goal" = bench ]; then
        has_numpy || optional="$optional numpy"
    fi
}

# What an item is, in words.
describe() {
    case $1 in
    cc) echo "a C compiler ($(cc_cmd))" ;;
    make) echo "make" ;;
    pkg-config) echo "pkg-config" ;;
    ncursesw) echo "the ncursesw development files" ;;
    readline) echo "the readline development files" ;;
    tmux) echo "tmux (full-screen tests)" ;;
    xmllint) echo "xmllint (SVG tests)" ;;
    numpy) echo "a python3 with NumPy (for its comparison)" ;;
    esac
}

# The items in words: "A", "A and B", "A, B and C".
describe_all() {
    out=""
    last=""
    for item in "$@"; do
        [ -n "$last" ] && out="${out:+$out, }$last"
        last=$(describe "$item")
    done
    echo "${out:+$out and }$last"
}

# The first package manager found, or nothing.
find_manager() {
    for m in apt-get dnf pacman apk brew; do
        if have "$m"; then
            echo "$m"
            return
        fi
    done
}

# The package that provides item $2 with manager $1; nothing when the manager cannot provide it.
package() {
    if [ "$2" = cc ]; then
        case $(cc_cmd) in
        cc | gcc | c99) ;;
        *clang*) [ "$1" = brew ] || echo clang; return ;;
        *) return ;;
        esac
    fi
    case $1:$2 in
    apt-get:cc) echo build-essential ;;
    apt-get:ncursesw) echo libncurses-dev ;;
    apt-get:readline) echo libreadline-dev ;;
    apt-get:xmllint) echo libxml2-utils ;;
    apt-get:numpy) echo python3-numpy ;;
    dnf:cc) echo gcc ;;
    dnf:pkg-config) echo pkgconf-pkg-config ;;
    dnf:ncursesw) echo ncurses-devel ;;
    dnf:readline) echo readline-devel ;;
    dnf:xmllint) echo libxml2 ;;
    dnf:numpy) echo python3-numpy ;;
    pacman:cc) echo gcc ;;
    pacman:pkg-config) echo pkgconf ;;
    pacman:ncursesw) echo ncurses ;;
    pacman:xmllint) echo libxml2 ;;
    pacman:numpy) echo python-numpy ;;
    apk:cc) echo build-base ;;
    apk:pkg-config) echo pkgconf ;;
    apk:ncursesw) echo ncurses-dev ;;
    apk:readline) echo readline-dev ;;
    apk:xmllint) echo libxml2-utils ;;
    apk:numpy) echo py3-numpy ;;
    brew:cc) ;; # the compiler comes with Apple's command line tools, not with brew
    brew:ncursesw) echo ncurses ;;
    brew:xmllint) echo libxml2 ;;
    *:numpy) echo numpy ;;
    *) echo "$2" ;; # make, pkg-config, readline, tmux under their own names
    esac
}

# Sets $packages to the packages of the items "$@" for manager $manager, each once, and $unknown to
# the items it cannot provide.
packages_for() {
    packages=""
    unknown=""
    for item in "$@"; do
        p=$(package "$manager" "$item")
        if [ -z "$p" ]; then
            unknown="$unknown $item"
            continue
        fi
        case " $packages " in
        *" $p "*) ;;
        *) packages="${packages:+$packages }$p" ;;
        esac
    done
}

# The install command for $packages with manager $manager, prefixed by $1 (nothing, "sudo -n" or
# "sudo"); an update of the package lists first where the manager needs one.
install_command() {
    pre=${1:+$1 }
    case $manager in
    apt-get) echo "${pre}env DEBIAN_FRONTEND=noninteractive apt-get update -qq && ${pre}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages" ;;
    dnf) echo "${pre}dnf install -y $packages" ;;
    pacman) echo "${pre}pacman -S --needed --noconfirm $packages" ;;
    apk) echo "${pre}apk add --no-cache $packages" ;;
    brew) echo "brew install $packages" ;;
    esac
}

# The command a person would type here to install $packages.
human_command() {
    if [ "$manager" = brew ]; then
        echo "brew install $packages"
        return
    fi
    s=""
    if [ "$(id -u 2>/dev/null)" != 0 ]; then
        if have sudo; then s="sudo "; else printf '%s' "as root: "; fi
    fi
    case $manager in
    apt-get) echo "${s}apt-get update && ${s}apt-get install $packages" ;;
    dnf) echo "${s}dnf install $packages" ;;
    pacman) echo "${s}pacman -S --needed $packages" ;;
    apk) echo "${s}apk add $packages" ;;
    esac
}

# How this process may install: "" as root or with brew, "sudo -n" when sudo works without a
# password; returns 1 when it may not.
rights() {
    [ "$manager" = brew ] && return 0
    [ "$(id -u 2>/dev/null)" = 0 ] && return 0
    have sudo && sudo -n true </dev/null >/dev/null 2>&1 && echo "sudo -n" && return 0
    return 1
}

# What the goal is, in words.
goal_words() {
    case $goal in
    build) echo "building gradstep" ;;
    check) echo "building and testing gradstep" ;;
    bench) echo "the benchmark" ;;
    esac
}

# Installs the items "$@" when it may, after one line saying what and why: 0 when the installer ran
# and succeeded. Otherwise sets $reason, and $command to what to run instead (or nothing), and
# returns 1.
install_items() {
    command=""
    packages_for "$@"
    if [ -n "$unknown" ]; then
        # shellcheck disable=SC2086
        reason="$manager does not provide $(describe_all $unknown)"
        case $manager:" $unknown " in
        brew:*" cc "*) command="xcode-select --install" ;;
        esac
        return 1
    fi
    [ -n "$packages" ] || return 0
    command=$(human_command)
    if [ -n "${GRADSTEP_NO_INSTALL:-}" ] && [ "$GRADSTEP_NO_INSTALL" != 0 ]; then
        reason="installing is turned off (GRADSTEP_NO_INSTALL)"
        return 1
    fi
    if ! how=$(rights); then
        reason="installing needs root, and sudo -n asks for a password"
        return 1
    fi
    echo "tools/deps.sh: installing $packages with $manager: $(goal_words) needs $(describe_all "$@")"
    if ! sh -c "$(install_command "$how")" </dev/null; then
        reason="$manager failed"
        return 1
    fi
}

# Prints the error line for the items "$@" ($reason, $command from install_items) to stderr.
refuse() {
    if [ -n "$command" ]; then
        printf 'tools/deps.sh: %s needs %s; %s. Install with:\n    %s\n' \
            "$(goal_words)" "$(describe_all "$@")" "$reason" "$command" >&2
    else
        printf 'tools/deps.sh: %s needs %s; %s.\n' "$(goal_words)" "$(describe_all "$@")" "$reason" >&2
    fi
}

brew_pc_path
find_missing
[ -z "$required$optional" ] && exit 0
manager=$(find_manager)

if [ -z "$manager" ]; then
    reason="no package manager this script knows (apt-get, dnf, pacman, apk, brew) is here: install them with this system's own"
    command=""
fi
# shellcheck disable=SC2086
if [ -n "$required" ] && { [ -z "$manager" ] || ! install_items $required; }; then
    refuse $required
    exit 1
fi
# shellcheck disable=SC2086
if [ -n "$optional" ] && { [ -z "$manager" ] || ! install_items $optional; }; then
    refuse $optional
    echo "tools/deps.sh: going on without it (it is optional)" >&2
fi

brew_pc_path
find_missing
if [ -n "$required" ]; then
    # shellcheck disable=SC2086
    echo "tools/deps.sh: $(goal_words) still needs $(describe_all $required) after installing" >&2
    exit 1
fi
exit 0
