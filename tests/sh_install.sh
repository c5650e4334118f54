#!/bin/sh
# sh_install.sh: `make install` into a temporary prefix gives a gradstep that finds its datasets, lessons and man page from any directory.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
passed=0
failed=0
check() { # NAME CONDITION-RESULT
    if [ "$2" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL install: $1"; fi
}
unset GRADSTEP_DATADIR GRADSTEP_LESSONDIR
make -C "$top" --no-print-directory -s install BUILD=build/install-test PREFIX="$tmp/prefix" > "$tmp/log" 2>&1
check "make install succeeds ($(tail -n 3 "$tmp/log" | tr '\n' ' '))" $?
bin="$tmp/prefix/bin/gradstep"
[ -x "$bin" ]; check "binary installed" $?
[ -f "$tmp/prefix/share/man/man1/gradstep.1" ]; check "man page installed" $?
out=$(cd / && "$bin" -c datasets 2>&1)
echo "$out" | grep -q '^  hours ' ; check "installed binary lists the bundled datasets from / (got: $out)" $?
out=$(cd / && "$bin" -c 'load hours' -c 'print n' 2>&1)
[ "$(echo "$out" | tail -n 1)" = "n = 20" ]; check "installed binary loads hours by name (got: $out)" $?
out=$(cd / && "$bin" -c 'load cancer' -c 'print n' 2>&1)
[ "$(echo "$out" | tail -n 1)" = "n = 569" ]; check "installed binary loads the real dataset cancer (got: $(echo "$out" | tail -n 1))" $?
out=$(cd / && "$bin" -c 'load digits' 2>&1)
echo "$out" | grep -q '^classes: 0=1 1=2 ' ; check "installed binary loads digits with its classes (got: $(echo "$out" | head -n 1))" $?
out=$(cd / && "$bin" -c 'lesson list' 2>&1)
echo "$out" | grep -q 'slowdown'; check "installed binary finds its lessons (got: $(echo "$out" | head -n 2))" $?
make -C "$top" --no-print-directory -s uninstall BUILD=build/install-test PREFIX="$tmp/prefix" > /dev/null 2>&1
[ ! -e "$bin" ] && [ ! -e "$tmp/prefix/share/gradstep" ]; check "make uninstall removes it" $?
rm -rf "$tmp"
echo "$passed passed, $failed failed"
