#!/bin/sh
# sh_netfiles.sh: a network's session file rebuilds it bit for bit: every parameter and C read back
# from the file equal those of the session that wrote it (print gives 17 significant digits).
set -u
bin=${GRADSTEP:-./gradstep}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-netfiles.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

printf 'a,b,kind\n0.5,1.0,setosa\n1.5,-0.5,virginica\n-1.0,0.25,versicolor\n2.0,2.0,setosa\n0.0,-1.5,virginica\n-0.5,0.75,versicolor\n' > "$tmp/iris6.csv"
printf 'load %s\nset hidden 3 2\nset seed 7\nset init random\nset eta 0.9\nset lambda 0.3\nset batch 3\nstep 25\n' \
    "$top/datasets/xor.csv" > "$tmp/xor.setup"
printf 'load %s\nset hidden 4\nset output softmax\nset seed 2\nset init random\nstep 40\n' "$tmp/iris6.csv" > "$tmp/iris6.setup"

for name in xor iris6; do
    # the names of every parameter, from the trace header
    { cat "$tmp/$name.setup"; echo "save trace $tmp/$name.trace.csv"; echo "save session $tmp/$name.session"; } > "$tmp/$name.save"
    "$bin" --script "$tmp/$name.save" > /dev/null 2>&1 || fail "$name: saving"
    head -n 1 "$tmp/$name.trace.csv" | tr ',' '\n' | grep -v -e '^grad_' -e '^step$' -e '^cost$' | sed 's/^/print /' > "$tmp/prints"
    echo "print C" >> "$tmp/prints"
    cat "$tmp/$name.setup" "$tmp/prints" > "$tmp/before.gs"
    cat "$tmp/$name.session" "$tmp/prints" > "$tmp/after.gs"
    # the prints' answers are the last lines (a session file's own set lines print values too)
    p=$(wc -l < "$tmp/prints")
    "$bin" --script "$tmp/before.gs" 2>&1 | tail -n "$p" > "$tmp/before"
    "$bin" --script "$tmp/after.gs" 2>&1 | tail -n "$p" > "$tmp/after"
    n=$(grep -cE '^[wbC][0-9_]* = ' "$tmp/before")
    if [ "$n" -gt 10 ] && cmp -s "$tmp/before" "$tmp/after"; then pass; else
        fail "$name: the session file does not rebuild the network ($n values)"; diff "$tmp/before" "$tmp/after" | head -n 5
    fi
    if grep -q "^w3_1_1 = \|^w4_1_1 = " "$tmp/before"; then pass; else fail "$name: no network parameter printed"; fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
