#!/bin/sh
# sh_plot_net.sh: the network plots (plot boundary of a network, plot weights, plot input) as text and
# SVG, every shade and mark checked against values the test computes itself from `print` and the data.
set -u
bin=${GRADSTEP:-./gradstep}
data=${GRADSTEP_DATADIR:-datasets}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gradstep-plotnet.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
check() { if eval "$2"; then pass; else fail "$1"; fi; }
xml() { if command -v xmllint >/dev/null 2>&1; then xmllint --noout "$1" 2>"$tmp/xml.err"; else true; fi; }
command -v xmllint >/dev/null 2>&1 || echo "SKIP xmllint not installed: XML well-formedness not checked"

# ---- plot weights: digits with 3 hidden neurons, 5 steps from a random start ----
{
    echo "set hidden 3"
    echo "set init random"
    echo "step 5"
    echo "plot weights 60x30"
    echo "save plot weights $tmp/w.svg"
    echo "save plot weights 2 2 $tmp/w22.svg"
    echo "save plot weights 3 $tmp/w3.svg"
    for j in 1 2 3; do for k in $(seq 1 64); do echo "print w2_${j}_${k}"; done; done
    for j in 1 2 3 4 5 6 7 8 9 10; do for k in 1 2 3; do echo "print w3_${j}_${k}"; done; done
} > "$tmp/w.cmd"
"$bin" --ascii -s "$tmp/w.cmd" digits > "$tmp/w.out" 2>&1
check "weights script runs: $(tail -n 2 "$tmp/w.out")" '[ $? -eq 0 ]'
grep -E '^w2_[0-9]+_[0-9]+ = ' "$tmp/w.out" | sed 's/^w2_//; s/_/ /; s/ = / /' > "$tmp/w2.txt"
check "192 weights of layer 2 printed" '[ "$(wc -l < "$tmp/w2.txt")" -eq 192 ]'

# The text: tiles 18 columns apart (2 columns a pixel and a gap of 2), a "j=J" line above 8 rows.
# Each pixel's glyph is its sign and level ceil(4 |w| / max |w|): + * X # for w > 0, - = % @ below.
awk -v want=3 '
    FNR == NR { w[$1, $2] = $3; a = $3 < 0 ? -$3 : $3; if (a > max) max = a; next }
    /^Weights w2_j_k/ { on = 1; row = -1; next }
    on && /^j=1/ { row = 0; next }
    on && row >= 0 && row < 8 {
        for (j = 1; j <= want; j++) for (c = 0; c < 8; c++) {
            k = row * 8 + c + 1; v = w[j, k]; a = v < 0 ? -v : v
            q = (a == 0) ? 0 : int(4 * a / max); if (q < 4 * a / max) q++
            g = (q == 0) ? " " : (v > 0 ? substr("+*X#", q, 1) : substr("-=%@", q, 1))
            got = substr($0, (j - 1) * 18 + 2 * c + 1, 2)
            if (got != g g) { bad++; if (bad < 4) printf "w2_%d_%d = %s: want \"%s\", got \"%s\"\n", j, k, v, g g, got }
            n++
        }
        row++
    }
    END { printf "%d %d\n", n, bad + 0 }
' "$tmp/w2.txt" "$tmp/w.out" > "$tmp/w.cmp"
check "weights text: 192 pixels with the sign and level of print w2_J_K: $(cat "$tmp/w.cmp")" \
      '[ "$(tail -n 1 "$tmp/w.cmp")" = "192 0" ]'
check "weights text: says 3 of 3 neurons shown" 'grep -q "3 of 3 neurons shown" "$tmp/w.out"'

for f in w w22 w3; do
    check "$f.svg is well-formed XML" 'xml "$tmp/$f.svg"'
    check "$f.svg is self-contained" '! grep -Eq "href|<script|@import|url\(" "$tmp/$f.svg"'
done
check "weights svg: 3 x 64 cells, got $(grep -c 'class="weight"' "$tmp/w.svg")" \
      '[ "$(grep -c "class=\"weight\"" "$tmp/w.svg")" -eq 192 ]'
check "weights 2 2 svg: 64 cells" '[ "$(grep -c "class=\"weight\"" "$tmp/w22.svg")" -eq 64 ]'
check "weights 3 svg: 10 x 3 cells (not pixels)" \
      '[ "$(grep -c "class=\"weight\"" "$tmp/w3.svg")" -eq 30 ] && grep -q "not pixels" "$tmp/w3.svg"'
# Each cell's colour: blue (more blue than red) for w > 0, red for w < 0, white for 0 (and for a
# weight under a hundredth of the largest, whose tint rounds away), neuron by neuron, pixel by pixel.
grep -o 'class="weight"[^>]*fill="#[0-9a-f]*"' "$tmp/w.svg" | sed 's/.*fill="#//; s/"//' > "$tmp/fills"
# (awk has no hex numbers in POSIX mode: hex() reads the two digits)
awk 'function hex(h,   i, d, v) { v = 0; for (i = 1; i <= length(h); i++) { d = index("0123456789abcdef", substr(h, i, 1)) - 1; v = v * 16 + d }; return v }
     FNR == NR { v[++n] = $3; a = $3 < 0 ? -$3 : $3; if (a > max) max = a; next }
     { i++; r = hex(substr($1, 1, 2)); b = hex(substr($1, 5, 2))
       s = (v[i] > 0) ? "+" : (v[i] < 0 ? "-" : "0"); c = (b > r) ? "+" : (r > b ? "-" : "0")
       a = v[i] < 0 ? -v[i] : v[i]
       if (s != c && !(c == "0" && a < 0.01 * max)) bad++ }
     END { print i, bad + 0 }' "$tmp/w2.txt" "$tmp/fills" > "$tmp/f.cmp"
check "weights svg: each cell's colour has the sign of print w2_J_K: $(cat "$tmp/f.cmp")" \
      '[ "$(cat "$tmp/f.cmp")" = "192 0" ]'

# Layer 3 is not pixels: a matrix with a row per neuron ("j=10 " is the widest label, so the cells
# start at column 6), the sign of w3_J_K in each cell pair.
grep -E '^w3_[0-9]+_[0-9]+ = ' "$tmp/w.out" | sed 's/^w3_//; s/_/ /; s/ = / /' > "$tmp/w3.txt"
"$bin" --ascii -c "set hidden 3" -c "set init random" -c "step 5" -c "plot weights 3 40x12" digits > "$tmp/w3.out" 2>&1
awk 'FNR == NR { w[$1, $2] = $3; next }
     /^j=[0-9]+ / { j = substr($1, 3) + 0; for (k = 1; k <= 3; k++) { g = substr($0, 6 + 2 * (k - 1), 1)
         s = w[j, k] > 0 ? "+*X#" : "-=%@"; if (index(s, g) == 0) bad++; n++ } }
     END { print n, bad + 0 }' "$tmp/w3.txt" "$tmp/w3.out" > "$tmp/w3.cmp"
check "weights 3 text: 30 cells with the sign of print w3_J_K: $(cat "$tmp/w3.cmp")" '[ "$(cat "$tmp/w3.cmp")" = "30 0" ]'
check "weights 3 text: says not pixels" 'grep -q "not pixels" "$tmp/w3.out"'

# Without hidden layers the 10 output neurons of layer 2 are 8x8 images too.
"$bin" --ascii -c "set init random" -c "step 3" -c "plot weights" digits > "$tmp/w0.out" 2>&1
check "no hidden layer: the 10 output neurons as images" 'grep -q "10 of 10 neurons shown" "$tmp/w0.out" && grep -q "8x8 images" "$tmp/w0.out"'

# A remembered layer and neuron the network no longer has: plot alone falls back to layer 2.
"$bin" --ascii -c "set hidden 3" -c "plot weights 3 5 30x8" -c "set hidden none" -c "plot" digits > "$tmp/back.out" 2>&1
check "plot after set hidden: back to layer 2's 10 output neurons" '[ $? -eq 0 ] && grep -q "into layer 2 .*10 of 10 neurons shown" "$tmp/back.out"'

# ---- plot input: example 1 of digits against the file itself ----
grep -v '^#' "$data/digits.csv" | sed 1d > "$tmp/digits.rows"
awk -F, 'NR == 1 { for (i = 1; i < NF; i++) print $i }' "$tmp/digits.rows" > "$tmp/x1"
range=$(awk -F, '{ for (i = 1; i < NF; i++) { if (!s || $i < lo) lo = $i; if (!s || $i > hi) hi = $i; s = 1 } } END { print lo, hi }' "$tmp/digits.rows")
"$bin" --ascii -c "plot input 1 30x8" -c "save plot input 1 $tmp/in.svg" -c "plot input 3" digits > "$tmp/in.out" 2>&1
check "input: runs" '[ $? -eq 0 ]'
check "input.svg is well-formed XML" 'xml "$tmp/in.svg"'
check "input svg: 64 pixels" '[ "$(grep -c "class=\"pixel\"" "$tmp/in.svg")" -eq 64 ]'
grep -o 'class="pixel"[^>]*fill="#[0-9a-f]*"' "$tmp/in.svg" | sed 's/.*fill="#//; s/"//' > "$tmp/grey"
# the grey of value v: 255 (white) at the smallest input of the dataset, 0 (black) at the largest
awk -v range="$range" 'function hex(h,   i, v) { v = 0; for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1; return v }
     BEGIN { split(range, r, " "); lo = r[1]; hi = r[2] }
     FNR == NR { x[++n] = $1; next }
     { i++; g = 255 * (1 - (x[i] - lo) / (hi - lo)); g = int(g + 0.5)
       if (hex(substr($1, 1, 2)) != g || substr($1, 1, 2) != substr($1, 3, 2) || substr($1, 1, 2) != substr($1, 5, 2)) bad++ }
     END { print i, bad + 0 }' "$tmp/x1" "$tmp/grey" > "$tmp/g.cmp"
check "input svg: each pixel's grey matches the file's value ($range): $(cat "$tmp/g.cmp")" '[ "$(cat "$tmp/g.cmp")" = "64 0" ]'
check "input: titled with the class" 'grep -q "^Example 1 of 1797: class 0" "$tmp/in.out"'
# In a 30x8 text plot a pixel is 2 columns; its glyph is the level ceil(4 (v - lo) / (hi - lo)).
awk -v range="$range" 'BEGIN { split(range, r, " "); lo = r[1]; hi = r[2] }
     FNR == NR { x[++n] = $1; next }
     /^Example 1 of/ { row = 0; next }
     row >= 0 && row < 8 && seen < 1 { for (c = 0; c < 8; c++) { v = x[row * 8 + c + 1]; q = (v <= lo) ? 0 : int(4 * (v - lo) / (hi - lo))
         if (q < 4 * (v - lo) / (hi - lo)) q++; g = substr(" .:*#", q + 1, 1); got = substr($0 "        " "        ", 2 * c + 1, 2)
         if (got != g g) bad++; m++ }
         row++; if (row == 8) seen = 1 }
     BEGIN { row = -1 }
     END { print m, bad + 0 }' "$tmp/x1" "$tmp/in.out" > "$tmp/t.cmp"
check "input text: 64 pixels at the level of the file's value: $(cat "$tmp/t.cmp")" '[ "$(cat "$tmp/t.cmp")" = "64 0" ]'
check "input 3: class 2" 'grep -q "^Example 3 of 1797: class 2" "$tmp/in.out"'
"$bin" -c "plot input 1" xor > "$tmp/noshape.out" 2>&1
check "input refused without a shape, in one line" '[ $? -ne 0 ] && grep -q "declares no image shape" "$tmp/noshape.out" && [ "$(wc -l < "$tmp/noshape.out")" -eq 1 ]'
"$bin" -c "plot input 1798" digits > "$tmp/past.out" 2>&1
check "input past the last example refused" '[ $? -ne 0 ] && grep -q "there are 1797 examples" "$tmp/past.out"'
"$bin" -c "set hidden 3" -c "plot weights 4" digits > "$tmp/past.out" 2>&1
check "weights of a layer past L refused" '[ $? -ne 0 ] && grep -q "layers with weights are 2..3" "$tmp/past.out"'
"$bin" -c "set hidden 3" -c "plot weights 2 4" digits > "$tmp/past.out" 2>&1
check "weights of a neuron past the layer refused" '[ $? -ne 0 ] && grep -q "layer 2 has 3 neurons, not 4" "$tmp/past.out"'

# ---- plot boundary of a network: XOR with 2 hidden neurons, trained ----
printf '%s\n' "set hidden 2" "set init random" "set eta 3" "step 2000" > "$tmp/xor.cmd"
{ cat "$tmp/xor.cmd"; echo "plot boundary 60x16"; echo "save plot boundary $tmp/b.svg"
  for n in w2_1_1 w2_1_2 b2_1 w2_2_1 w2_2_2 b2_2 w3_1_1 w3_1_2 b3_1; do echo "print $n"; done; } > "$tmp/b.cmd"
"$bin" --ascii -s "$tmp/b.cmd" xor > "$tmp/b.out" 2>&1
check "boundary: runs" '[ $? -eq 0 ]'
params=$(grep -E '^[wb][0-9_]+ = ' "$tmp/b.out" | sed 's/.* = //' | tr '\n' ' ')
check "boundary: 9 parameters printed" '[ "$(echo $params | wc -w)" -eq 9 ]'
# The square: each input's range with a tenth of it to spare on both sides. Cell (r, c) of the
# 60x16 plot (14 rows; the area starts after the corner "+" of the axes) shows the class of the network at its
# centre: blank for class 0 (a3 < 0.5), "." for class 1; the test's own forward pass decides.
awk -v p="$params" '
    function sig(z) { return 1 / (1 + exp(-z)) }
    BEGIN { split(p, q, " "); xlo = -0.1; xhi = 1.1; ylo = -0.1; yhi = 1.1 }
    /^Regions by class/ { on = 1; r = 0; next }
    on && r < 14 { line[r++] = $0; next }
    on && r == 14 { px = index($0, "+"); r++ }
    END {
        pw = 60 - px
        for (r = 0; r < 14; r++) for (c = 0; c < pw; c++) {
            g = substr(line[r] sprintf("%80s", ""), px + 1 + c, 1)
            if (g != " " && g != ".") continue
            x = xlo + (xhi - xlo) * (c + 0.5) / pw; y = yhi - (yhi - ylo) * (r + 0.5) / 14
            h1 = sig(q[1] * x + q[2] * y + q[3]); h2 = sig(q[4] * x + q[5] * y + q[6])
            a = sig(q[7] * h1 + q[8] * h2 + q[9])
            if (a - 0.5 < 1e-9 && 0.5 - a < 1e-9) continue
            want = a >= 0.5 ? "." : " "
            if (g != want) { bad++; if (bad < 4) printf "cell %d,%d (%g, %g): a = %g, shows \"%s\"\n", r, c, x, y, a, g }
            n++; if (g == ".") dots++
        }
        printf "%d %d %d\n", n, bad + 0, dots + 0
    }' "$tmp/b.out" > "$tmp/b.cmp"
tail -n 1 "$tmp/b.cmp" > "$tmp/b.last"
read -r cells wrongcells dots < "$tmp/b.last"
check "boundary text: region cells (count, wrong, dotted: $(cat "$tmp/b.cmp")) each the class of the test's forward pass" \
      '[ "$cells" -gt 300 ] && [ "$wrongcells" -eq 0 ] && [ "$dots" -gt 50 ] && [ "$dots" -lt "$cells" ]'
check "boundary text: both hidden lines drawn (1 and 2)" \
      'sed -n "/^Regions by class/,/^ *+-/p" "$tmp/b.out" | grep -q 1 && sed -n "/^Regions by class/,/^ *+-/p" "$tmp/b.out" | grep -q 2'
marks=$(sed -n '/^Regions by class/,/^ *+-/p' "$tmp/b.out" | sed '1d; s/^[^|+]*[|+]//' | tr -cd 'ox' | wc -c)
check "boundary text: 4 examples marked (o class 0, x class 1), got $marks" '[ "$marks" -eq 4 ]'
check "boundary text: none wrong" 'grep -q "(4/4 right)" "$tmp/b.out" && grep -q "! wrong: 0" "$tmp/b.out"'
check "boundary svg is well-formed XML" 'xml "$tmp/b.svg"'
check "boundary svg: exactly 4 example marks" '[ "$(grep -c "class=\"example\"" "$tmp/b.svg")" -eq 4 ]'
check "boundary svg: exactly 2 hidden lines" '[ "$(grep -c "class=\"hidden-line\"" "$tmp/b.svg")" -eq 2 ]'
check "boundary svg: no example wrong" '[ "$(grep -c "class=\"wrong\"" "$tmp/b.svg")" -eq 0 ]'
# Both ends of each line lie on w2_j_1 x1 + w2_j_2 x2 + b2_j = 0, mapped back from the SVG's frame
# (x 76..600 for -0.1..1.1, y 352..56 for -0.1..1.1).
grep -o 'class="hidden-line"[^>]*' "$tmp/b.svg" | sed 's/.* x1="\([-0-9.]*\)" y1="\([-0-9.]*\)" x2="\([-0-9.]*\)" y2="\([-0-9.]*\)".*/\1 \2 \3 \4/' > "$tmp/lines"
awk -v p="$params" 'BEGIN { split(p, q, " ") }
    { j++; for (e = 0; e < 2; e++) { x = -0.1 + ($(1 + 2 * e) - 76) / 524 * 1.2; y = -0.1 + (352 - $(2 + 2 * e)) / 296 * 1.2
        z = q[3 * j - 2] * x + q[3 * j - 1] * y + q[3 * j]; s = (q[3 * j - 2] < 0 ? -q[3 * j - 2] : q[3 * j - 2]) + (q[3 * j - 1] < 0 ? -q[3 * j - 1] : q[3 * j - 1])
        if ((z < 0 ? -z : z) > 0.01 * s) bad++; n++ } }
    END { print n, bad + 0 }' "$tmp/lines" > "$tmp/l.cmp"
check "boundary svg: line ends on their neurons' lines: $(cat "$tmp/l.cmp")" '[ "$(cat "$tmp/l.cmp")" = "4 0" ]'

# Three classes (gen blobs), 4 hidden neurons, 3 sigmoid outputs: each region cell is the largest
# output of the test's own forward pass; blank, "." and ":" for classes 1, 2, 3.
{ echo "gen blobs n=60"; echo "set hidden 4"; echo "set init random"; echo "step 300"; echo "plot boundary 60x16"
  echo "save data $tmp/blobs.csv"; echo "save plot boundary $tmp/blobs.svg"
  for j in 1 2 3 4; do echo "print w2_${j}_1"; echo "print w2_${j}_2"; done
  for j in 1 2 3 4; do echo "print b2_$j"; done
  for j in 1 2 3; do for k in 1 2 3 4; do echo "print w3_${j}_$k"; done; done
  for j in 1 2 3; do echo "print b3_$j"; done; } > "$tmp/blobs.cmd"
"$bin" --ascii -s "$tmp/blobs.cmd" > "$tmp/blobs.out" 2>&1
check "blobs: runs" '[ $? -eq 0 ]'
bparams=$(grep -E '^[wb][0-9_]+ = ' "$tmp/blobs.out" | sed 's/.* = //' | tr '\n' ' ')
brange=$(grep -v '^#' "$tmp/blobs.csv" | sed 1d | awk -F, 'NR == 1 { a = c = $1; b = d = $2 }
    { if ($1 < a) a = $1; if ($1 > c) c = $1; if ($2 < b) b = $2; if ($2 > d) d = $2 }
    END { print a - (c - a) / 10, c + (c - a) / 10, b - (d - b) / 10, d + (d - b) / 10 }')
awk -v p="$bparams" -v range="$brange" '
    function sig(z) { return 1 / (1 + exp(-z)) }
    BEGIN { split(p, q, " "); split(range, r, " "); xlo = r[1]; xhi = r[2]; ylo = r[3]; yhi = r[4] }
    /^Regions by class/ { on = 1; row = 0; next }
    on && row < 14 { line[row++] = $0; next }
    on && row == 14 { px = index($0, "+"); row++ }
    END {
        pw = 60 - px
        for (row = 0; row < 14; row++) for (c = 0; c < pw; c++) {
            g = substr(line[row] sprintf("%80s", ""), px + 1 + c, 1)
            if (g != " " && g != "." && g != ":") continue
            x = xlo + (xhi - xlo) * (c + 0.5) / pw; y = yhi - (yhi - ylo) * (row + 0.5) / 14
            for (j = 1; j <= 4; j++) h[j] = sig(q[2 * j - 1] * x + q[2 * j] * y + q[8 + j])
            best = 0
            for (j = 1; j <= 3; j++) { z = q[24 + j]; for (k = 1; k <= 4; k++) z = q[12 + 4 * (j - 1) + k] * h[k] + z
                o[j] = sig(z); if (best == 0 || o[j] > o[best]) best = j }
            near = 0; for (j = 1; j <= 3; j++) if (j != best && o[best] - o[j] < 1e-9) near = 1
            if (near) continue
            want = substr(" .:", best, 1)
            if (g != want) { bad++; if (bad < 4) printf "cell %d,%d: class %d, shows \"%s\"\n", row, c, best, g }
            n++; seen[best] = 1
        }
        printf "%d %d %d\n", n, bad + 0, seen[1] + seen[2] + seen[3]
    }' "$tmp/blobs.out" > "$tmp/blobs.cmp"
tail -n 1 "$tmp/blobs.cmp" > "$tmp/blobs.last"
read -r cells wrongcells classes < "$tmp/blobs.last"
check "blobs text: region cells (count, wrong, classes seen: $(cat "$tmp/blobs.cmp")) each the largest output of the test's forward pass" \
      '[ "$cells" -gt 300 ] && [ "$wrongcells" -eq 0 ] && [ "$classes" -eq 3 ]'
check "blobs: the legend names the three classes" 'grep -q "o 1 (region blank)  x 2 (region .)  v 3 (region :)" "$tmp/blobs.out"'
check "blobs svg: 60 examples and 4 hidden lines at most, well-formed" \
      'xml "$tmp/blobs.svg" && [ "$(grep -c "class=\"example\"" "$tmp/blobs.svg")" -eq 60 ] && [ "$(grep -c "class=\"hidden-line\"" "$tmp/blobs.svg")" -le 4 ]'

# From zeros both hidden neurons are the same line and XOR is not learnt: wrong ones are marked.
"$bin" --ascii xor -c "set hidden 2" -c "step 50" -c "plot boundary" -c "save plot boundary $tmp/z.svg" > "$tmp/z.out" 2>&1
check "boundary from zeros: the wrong ones marked with !" \
      'w=$(sed -n "s/.*! wrong: \([0-9]*\).*/\1/p" "$tmp/z.out"); [ "$w" -gt 0 ] && [ "$(grep -c "class=\"wrong\"" "$tmp/z.svg")" -eq "$w" ] && sed -n "/^Regions by class/,/^ *+-/p" "$tmp/z.out" | grep -q "!"'

# Standardized inputs: the regions are drawn in the standardized plane and both say so.
"$bin" xor -c "set hidden 2" -c "set scale standardize" -c "plot boundary" -c "save plot boundary $tmp/st.svg" > "$tmp/st.out" 2>&1
check "standardized: said in the text and on the SVG's axes" \
      'grep -q "inputs standardized" "$tmp/st.out" && grep -q "x1, standardized" "$tmp/st.svg" && grep -q "x2, standardized" "$tmp/st.svg"'

# The sigma curves stay the single neuron's; in network mode they are refused in one line.
"$bin" xor -c "set hidden 2" -c "plot sigmoid" > "$tmp/sig.out" 2>&1
check "plot sigmoid refused in network mode" '[ $? -ne 0 ] && grep -q "use plot boundary" "$tmp/sig.out"'
"$bin" -c "set hidden 3" -c "plot boundary" digits > "$tmp/k.out" 2>&1
check "boundary refused for k = 64, naming the views that work" '[ $? -ne 0 ] && grep -q "plot weights and plot input" "$tmp/k.out"'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
