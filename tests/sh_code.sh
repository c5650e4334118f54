#!/bin/sh
# sh_code.sh: checks on the source itself: no include cycle between modules (tools/check_includes.sh),
# and that the check does see a cycle when there is one.
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

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
