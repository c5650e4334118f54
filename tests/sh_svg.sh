#!/bin/sh
# sh_svg.sh: `save plot` writes well-formed, self-contained SVG holding the expected points, atomically.
set -u
bin=${GRADSTEP:-./gradstep}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-svg.XXXXXX")
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
check() { if eval "$2"; then pass; else fail "$1"; fi; }

# Pairs "x,y" in the points attribute of the element with class $2 in file $1.
points() {
    grep -o "class=\"$2\"[^>]*" "$1" | grep -o 'points="[^"]*"' | tr ' ' '\n' | grep -c ','
}

# AND from zeros: 25 steps, then back 5: the cost line holds steps 0..20 (21 points) and the
# undone tail steps 20..25 (6 points, starting at the present).
"$bin" -c "step 25" -c "back 5" -c "save plot cost $tmp/cost.svg" -c "save plot sigmoid $tmp/sig.svg" \
       -c "save plot boundary $tmp/bnd.svg" -c "save plot cost log $tmp/log.svg" -c "save plot sigma' $tmp/prime.svg" \
       > "$tmp/out" 2>&1
check "save plot commands succeed: $(cat "$tmp/out")" '[ $? -eq 0 ]'
check "save plot reports the file" 'grep -q "saved plot cost to $tmp/cost.svg" "$tmp/out"'

for f in cost sig bnd log prime; do
    check "$f.svg written" '[ -s "$tmp/$f.svg" ]'
    if command -v xmllint >/dev/null 2>&1; then
        check "$f.svg is well-formed XML" 'xmllint --noout "$tmp/$f.svg" 2>"$tmp/xml.err"'
    fi
    check "$f.svg is an svg document" 'grep -q "<svg xmlns=\"http://www.w3.org/2000/svg\"" "$tmp/$f.svg"'
    check "$f.svg has a title and axes" 'grep -q "<title>" "$tmp/$f.svg" && grep -q "<rect x=\"76\"" "$tmp/$f.svg"'
    check "$f.svg is self-contained" '! grep -Eq "href|<script|@import|url\(" "$tmp/$f.svg"'
done
command -v xmllint >/dev/null 2>&1 || echo "SKIP xmllint not installed: XML well-formedness not checked"

check "cost: 21 points for steps 0..20, got $(points "$tmp/cost.svg" cost)" '[ "$(points "$tmp/cost.svg" cost)" -eq 21 ]'
check "cost: 6 undone points, got $(points "$tmp/cost.svg" undone)" '[ "$(points "$tmp/cost.svg" undone)" -eq 6 ]'
check "cost: one present marker" '[ "$(grep -c "class=\"present\"" "$tmp/cost.svg")" -eq 1 ]'
check "log: the same 21 points" '[ "$(points "$tmp/log.svg" cost)" -eq 21 ]'
check "log: axis named log scale" 'grep -q "log scale" "$tmp/log.svg"'
check "sigmoid: 4 examples" '[ "$(grep -c "class=\"example\"" "$tmp/sig.svg")" -eq 4 ]'
check "sigmoid: one focus ring" '[ "$(grep -c "class=\"focus\"" "$tmp/sig.svg")" -eq 1 ]'
check "sigma prime: 4 examples" '[ "$(grep -c "class=\"example\"" "$tmp/prime.svg")" -eq 4 ]'
check "boundary: 4 examples" '[ "$(grep -c "class=\"example\"" "$tmp/bnd.svg")" -eq 4 ]'
# At step 20 w1 = w2 = 0.5101, b = -1.2533: z >= 0 needs x1 + x2 >= 2.457, beyond the plotted
# square (x up to 1.1), so neither the line nor the shaded side shows.
check "boundary at step 20: no line in view" '[ "$(grep -c "class=\"boundary\"" "$tmp/bnd.svg")" -eq 0 ]'
check "boundary at step 20: no shaded side" '[ "$(grep -c "class=\"positive-side\"" "$tmp/bnd.svg")" -eq 0 ]'
# At step 300 the line separates (1,1) from the rest: it crosses the square.
"$bin" -c "step 300" -c "save plot boundary $tmp/bnd300.svg" > "$tmp/out" 2>&1
check "boundary at step 300: the line" '[ "$(grep -c "class=\"boundary\"" "$tmp/bnd300.svg")" -eq 1 ]'
check "boundary at step 300: the shaded side" '[ "$(grep -c "class=\"positive-side\"" "$tmp/bnd300.svg")" -eq 1 ]'

# A long run: the SVG stays small (downsampled), the ends kept.
"$bin" -c "step 20000" -c "save plot cost $tmp/long.svg" > "$tmp/out" 2>&1
check "long run saved" '[ $? -eq 0 ]'
n=$(points "$tmp/long.svg" cost)
check "long run downsampled to at most 4000 points, got $n" '[ "$n" -gt 1000 ] && [ "$n" -le 4000 ]'
first=$(grep -o 'class="cost"[^>]*' "$tmp/long.svg" | grep -o 'points="[^ "]*' | sed 's/points="//; s/,.*//')
last=$(grep -o 'class="cost"[^>]*' "$tmp/long.svg" | grep -o '[^ "]*"/*$' | sed 's/,.*//')
check "long run starts at the left edge (x = 76), got $first" '[ "$first" = "76.00" ]'
check "long run ends at the right edge (x = 600), got $last" '[ "$last" = "600.00" ]'

# Failures change nothing: no boundary for one input, no file in a missing directory.
cp "$tmp/bnd.svg" "$tmp/bnd.keep"
"$bin" -c "load neuron" -c "save plot boundary $tmp/bnd.svg" > "$tmp/out" 2>&1
check "boundary on k = 1 fails" '[ $? -eq 1 ]'
check "and says why: $(cat "$tmp/out")" 'grep -q "needs exactly 2 inputs" "$tmp/out"'
check "the old file is untouched" 'cmp -s "$tmp/bnd.svg" "$tmp/bnd.keep"'
"$bin" -c "save plot cost $tmp/missing/dir/c.svg" > "$tmp/out" 2>&1
check "a missing directory fails" '[ $? -eq 1 ] && [ ! -e "$tmp/missing" ]'
"$bin" -c "save plot costs $tmp/x.svg" > "$tmp/out" 2>&1
check "an unknown view fails: $(cat "$tmp/out")" '[ $? -eq 1 ] && grep -q "not a view" "$tmp/out" && [ ! -e "$tmp/x.svg" ]'
"$bin" -c "save plot sigmoid log $tmp/x.svg" > "$tmp/out" 2>&1
check "log on sigmoid fails" '[ $? -eq 1 ] && [ ! -e "$tmp/x.svg" ]'
check "no temporary files left" '[ -z "$(ls "$tmp" | grep tmp)" ]'

rm -rf "$tmp"
echo "$passed passed, $failed failed"
