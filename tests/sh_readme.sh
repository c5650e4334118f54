#!/bin/sh
# sh_readme.sh: every example in README.md that shows gradstep's output is run as written and its
# output compared with what the README shows; the README's counts and figures agree with the tree.
# A README line "..." (or one ending in " ...") stands for lines left out. Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GRADSTEP:-$top/gradstep}
case $G in /*) ;; *) G=$(pwd)/$G ;; esac
export GRADSTEP_DATADIR="${GRADSTEP_DATADIR:-$top/datasets}"
export GRADSTEP_LESSONDIR="${GRADSTEP_LESSONDIR:-$top/lessons}"
export LC_ALL=C.UTF-8 NO_COLOR=
passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-readme.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

# The README's examples, one file each in $tmp/ex.N: line 1 the command (shell words), the rest
# the output shown. Three forms:
#   an indented block "$ gradstep ARGS" followed by its output;
#   an indented block "./gradstep ARGS" whose output is the next indented block, when the prose
#     between them ends with ":"; or whose prose names values as `NAME = VALUE` (each must be a
#     line of the output);
#   an indented block of "gradstep> COMMAND" lines, each followed by its output (if any shown).
awk -v dir="$tmp" '
function flush_block(   i, n) {
    if (nb == 0) return
    # drop trailing blank lines
    while (nb > 0 && block[nb] ~ /^[ \t]*$/) nb--
    # an example inside a list item is indented further: drop the indentation of its first line
    if (match(block[1], /^ +(\$ gradstep |gradstep> )/)) {
        ind = block[1]; sub(/[^ ].*$/, "", ind)
        for (i = 1; i <= nb; i++) if (substr(block[i], 1, length(ind)) == ind) block[i] = substr(block[i], length(ind) + 1)
    }
    if (block[1] ~ /^\$ gradstep /) {
        n = ++count; f = dir "/ex." n
        sub(/^\$ gradstep /, "", block[1]); print "gradstep " block[1] > f
        for (i = 2; i <= nb; i++) print block[i] > f
        close(f)
    } else if (block[1] ~ /^\.\/gradstep / && nb == 1) {
        pending = block[1]; sub(/^\.\/gradstep /, "gradstep ", pending); prose = ""
        nb = 0; return
    } else if (pending != "" && prose ~ /:[ \t]*$/) {
        n = ++count; f = dir "/ex." n
        print pending > f
        for (i = 1; i <= nb; i++) print block[i] > f
        close(f)
    } else if (block[1] ~ /^gradstep> /) {
        n = ++count; f = dir "/ex." n
        printf "REPL gradstep" > f
        for (i = 1; i <= nb; i++) if (block[i] ~ /^gradstep> /) { c = block[i]; sub(/^gradstep> /, "", c); printf " -c \047%s\047", c > f }
        printf "\n" > f
        for (i = 1; i <= nb; i++) print block[i] > f
        close(f)
    }
    pending_check()
    pending = ""; nb = 0
}
# ./gradstep blocks followed by prose naming values
function pending_check(   s, v, n, f) {
    if (pending == "" || prose !~ /`[A-Za-z_0-9]+ = [^`]+`/) return
    n = ++count; f = dir "/ex." n
    print pending > f
    print "VALUES" > f
    s = prose
    while (match(s, /`[A-Za-z_0-9]+ = [^`]+`/)) {
        v = substr(s, RSTART + 1, RLENGTH - 2); print v > f
        s = substr(s, RSTART + RLENGTH)
    }
    close(f)
}
/^    / { line = substr($0, 5); if (nb == 0 && line ~ /^[ \t]*$/) next
           for (; blanks > 0; blanks--) block[++nb] = ""
           block[++nb] = line; inblock = 1; next }
/^[ \t]*$/ { if (inblock) { blanks++; next } }
{
    blanks = 0
    if (inblock) {
        inblock = 0
        if (pending != "" && nb > 0) { flush_block() }
        else if (nb > 0) { flush_block() }
    }
    if (pending != "") {
        prose = prose " " $0
        if (prose ~ /`[A-Za-z_0-9]+ = [^`]+`/ && $0 ~ /\.[ \t]*$/) { pending_check(); pending = "" }
    }
}
END { flush_block() }
' "$top/README.md"

# match EXPECTED ACTUAL: every expected line in order, "..." lines skipping any lines of actual.
match() {
    awk -v want="$1" '
    BEGIN { ne = 0; while ((getline l < want) > 0) e[++ne] = l }
    { a[++na] = $0 }
    END {
        j = 1; skip = 0
        for (i = 1; i <= ne; i++) {
            x = e[i]
            if (x ~ /^[ \t]*\.\.\.$/) { skip = 1; continue }
            pre = x; part = 0
            if (x ~ / \.\.\.$/) { sub(/ \.\.\.$/, "", pre); part = 1 }
            found = 0
            while (j <= na) {
                y = a[j]; sub(/[ \t]+$/, "", y)
                ok = part ? (index(y, pre) == 1) : (y == x)
                j++
                if (ok) { found = 1; break }
                if (!skip) break
            }
            if (!found) { print "README line not shown by the program: " x; exit 1 }
            skip = part
        }
    }'
}

for f in "$tmp"/ex.*; do
    [ -f "$f" ] || continue
    cmd=$(head -n 1 "$f")
    repl=0
    case $cmd in "REPL "*) repl=1; cmd=${cmd#REPL } ;; esac
    tail -n +2 "$f" > "$f.want"
    (cd "$top" && eval "\"\$G\" ${cmd#gradstep }") > "$f.got" 2>&1
    if [ "$(head -n 1 "$f.want")" = "VALUES" ]; then
        tail -n +2 "$f.want" | while IFS= read -r v; do
            if grep -qxF -- "$v" "$f.got"; then echo pass; else echo "fail README says \`$v\` for: $cmd"; fi
        done > "$f.res"
        while IFS= read -r r; do
            case $r in pass) pass ;; *) fail "${r#fail }" ;; esac
        done < "$f.res"
        continue
    fi
    # "gradstep> CMD" lines of a REPL example are not printed in -c mode: drop them from what is wanted
    if [ $repl = 1 ]; then grep -v '^gradstep> ' "$f.want" > "$f.want2"; else cp "$f.want" "$f.want2"; fi
    if why=$(match "$f.want2" < "$f.got"); then pass; else fail "README example: $cmd: $why"; fi
done
n=$(ls "$tmp"/ex.* 2> /dev/null | grep -vc '\.\(want\|got\|want2\|res\)$')
if [ "$n" -ge 5 ]; then pass; else fail "only $n examples found in the README"; fi

# Counts and figures the README states once, against the tree.
bad=$(ls "$top/tests/bad" | wc -l | tr -d ' ')
if grep -q "^$bad files in \`tests/bad/\`" "$top/README.md"; then pass; else fail "README's count of tests/bad files is not $bad"; fi
for fig in 'MB/s' 'ms CPU'; do
    # each figure (a number with its unit) is stated in one place only
    dup=$(grep -o -- "[0-9][0-9.,]* $fig" "$top/README.md" | sort | uniq -d | head -n 1)
    if [ -z "$dup" ]; then pass; else fail "README gives \"$dup\" in several places: one source for each figure"; fi
done
# every command the key table names runs
sed -n '/^| key.*| command |/,/^$/p' "$top/README.md" | grep -o '| `[a-z][a-z0-9 /]*`' | sed 's/| `//; s/`$//' |
    while IFS= read -r c; do
        c=${c%%/*}
        # a command of every mode, or one the full-screen UI adds (zoom)
        if "$G" -c "help ${c%% *}" > /dev/null 2>&1 || grep -q "\.name = \"${c%% *}\"" "$top"/src/tui/*.c; then
            echo pass
        else
            echo "fail the key table names \`$c\`, which is no command"
        fi
    done > "$tmp/keys.res"
if [ "$(grep -c . "$tmp/keys.res")" -ge 5 ]; then pass; else fail "the key table's commands were not found"; fi
while IFS= read -r r; do case $r in pass) pass ;; *) fail "${r#fail }" ;; esac; done < "$tmp/keys.res"

# The slowdown claim under the compare example: at step 30 the quadratic output is still 0.98 and
# the cross-entropy's 0.20 (the compare table's line for step 30: step, C, σ(z), C, σ(z)).
row=$("$G" neuron -c 'set w 2' -c 'set b 2' -c 'set eta 0.15' -c 'compare 300' 2>&1 | awk '$1 == 30 && NF == 5')
ce=$(echo "$row" | awk '{ printf "%.2f", $3 }'); q=$(echo "$row" | awk '{ printf "%.2f", $5 }')
if grep -q "output still at $q after 30 steps while the" "$top/README.md" && grep -q "cross-entropy's is already $ce" "$top/README.md"; then
    pass
else
    fail "the README's slowdown sentence does not say $q (quadratic) and $ce (cross-entropy) at step 30"
fi

# The man page and the README name every command `help` lists, and `help` lists every name the
# README's print row gives.
for c in $("$G" -c help 2> /dev/null | awk '/^  [a-z]/ { print $1 }' | sort -u); do
    if grep -E '^\.B[IR]? ' "$top/gradstep.1" | grep -qw -- "$c"; then pass; else fail "the man page has no entry for $c"; fi
    if grep -qF -- "\`$c" "$top/README.md"; then pass; else fail "the README never shows \`$c\`"; fi
done
names=$(grep -E '^\| `print NAME`' "$top/README.md" | grep -oE '`(w1|b|C|step|eta|lambda|grad_w1|grad_b|zI|aI|CI|yI)`' | tr -d '`')
helpline=$("$G" -c help 2> /dev/null | grep -E '^  print ')
for nm in $names; do
    if printf '%s\n' "$helpline" | grep -qw -- "$nm"; then pass; else fail "help's print line leaves out $nm, which the README lists"; fi
done
if [ "$(printf '%s\n' "$names" | grep -c .)" -ge 10 ]; then pass; else fail "the README's print names were not found"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
