#!/bin/sh
# sh_code.sh: checks on the source itself: no include cycle between modules (tools/check_includes.sh)
# and no function over 80 lines without a reason (tools/check_functions.sh), and that each check
# does see what it looks for.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

if out=$(sh "$top/tools/check_includes.sh" "$top/src" 2>&1); then ok; else bad "include cycle in src: $out"; fi

# A made-up tree where a.c includes b.h and b.c includes a.h (through c.h): the check must fail.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/sub"
printf '#include "b.h"\n' > "$tmp/src/a.c"
printf '#include "sub/c.h"\n' > "$tmp/src/b.c"
printf '#include "../a.h"\n' > "$tmp/src/sub/c.h"
: > "$tmp/src/a.h"; : > "$tmp/src/b.h"
if sh "$top/tools/check_includes.sh" "$tmp/src" > "$tmp/out" 2>&1; then
    bad "a cycle a -> b -> sub/c -> a was not found"
elif grep -q "src/a" "$tmp/out" && grep -q "src/b" "$tmp/out"; then ok; else bad "the cycle's modules are not named: $(cat "$tmp/out")"; fi
# Without the closing include there is no cycle.
: > "$tmp/src/sub/c.h"
if sh "$top/tools/check_includes.sh" "$tmp/src" > /dev/null 2>&1; then ok; else bad "a tree without a cycle was refused"; fi

if out=$(sh "$top/tools/check_functions.sh" "$top/src" 2>&1); then ok; else bad "long functions in src: $out"; fi

# A made-up file: an 81-line body is reported by name, 80 lines are fine, and so is a long body
# whose comment says why.
body() { i=0; while [ $i -lt "$1" ]; do echo "    x++;"; i=$((i + 1)); done; }
mkdir -p "$tmp/f"
{
    echo "/* f.c: made up. */"
    echo "static int fine(void)"; echo "{"; body 80; echo "}"
    echo ""
    echo "/* Too long. */"
    echo "static int too_long(int x)"; echo "{"; body 81; echo "}"
    echo ""
    echo "/* Long because the table below is one switch. */"
    echo "int excused(int x)"; echo "{"; body 120; echo "}"
} > "$tmp/f/f.c"
if sh "$top/tools/check_functions.sh" "$tmp/f" > "$tmp/out" 2>&1; then
    bad "an 81-line function was not reported"
elif grep -q "too_long is 81 lines" "$tmp/out" && ! grep -q "fine\|excused" "$tmp/out"; then ok; else bad "function check: $(cat "$tmp/out")"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
