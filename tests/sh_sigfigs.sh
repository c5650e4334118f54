#!/bin/sh
# sh_sigfigs.sh: at 80x24 with `set digits 1`, no number on the full screen is rounded to a misleading
# figure: every value keeps 3 significant digits (README, "set digits"). On the sensors dataset,
# standardized, example 2's vibration is -0.12498 (computed here with awk from the CSV, population
# sd), which one decimal would show as -0.1; the gradients at zero, mean((x - mean)/sd (0.5 - y)),
# and C = ln 2 are computed here too, and their figures written by the rule in awk.
# Ends with "N passed, N failed[, N skipped]".
set -u
. "$(dirname "$0")/tui_lib.sh"
tui_init sigfigs "significant digits on screen not tested"
top=$(cd "$(dirname "$0")/.." && pwd)
D=${GRADSTEP_DATADIR:-$top/datasets}
unset NO_COLOR GRADSTEP_HISTORY

# fig V N [sign]: V as the README's rule writes it with N decimals: at least 3 significant digits
# (2 - e decimals, e the power of ten of V rounded to 3 significant digits), scientific below
# 10^-max(N, 4). Written apart from fmt.c: exponent from %.2e, then printf.
fig() {
    awk -v v="$1" -v n="$2" -v s="${3:-}" 'BEGIN {
        t = sprintf("%.2e", v); e = substr(t, index(t, "e") + 1) + 0
        lim = n > 4 ? n : 4
        if (v != 0 && e < -lim) { printf "%" (s ? "+" : "") "." ((n > 3 ? n : 3) - 1) "e", v; exit }
        d = 2 - e; if (v == 0 || d < n) d = n
        printf "%" (s ? "+" : "") "." d "f", v
    }'
}

# The values, from the CSV: standardized x of example 2, and each gradient at zero parameters.
vals=$(grep -v '^#' "$D/sensors.csv" | awk -F, 'NR > 1 { n++; for (j = 1; j <= 9; j++) x[n, j] = $j }
END {
    for (j = 1; j <= 8; j++) {
        m = 0; for (i = 1; i <= n; i++) m += x[i, j]; m /= n
        v = 0; for (i = 1; i <= n; i++) v += (x[i, j] - m) ^ 2; sd = sqrt(v / n)
        g = 0; for (i = 1; i <= n; i++) g += (x[i, j] - m) / sd * (0.5 - x[i, 9])
        printf "x2_%d %.17g\ng_%d %.17g\n", j, (x[2, j] - m) / sd, j, g / n
    }
}')
get() { printf '%s\n' "$vals" | awk -v k="$1" '$1 == k { print $2 }'; }
x22=$(get x2_2)
# the case this test is about: -0.12498 is -0.1 at one decimal, and -0.125 by the rule
case $(fig "$x22" 1) in -0.125) ok ;; *) bad "the reference: x_2 of example 2 is $x22, written $(fig "$x22" 1)" ;; esac

if ! tui_start 80x24 80x24 "" LC_ALL=C.UTF-8 TERM=xterm-256color; then bad "no prompt"; tui_done; exit 1; fi
keys "load sensors" Enter
wait_for "loaded sensors" 10 || bad "load sensors: no answer"
keys Escape
for c in "set scale standardize" "set digits 1"; do
    keys "$c" Enter
    sleep 0.3
done
if wait_for "digits = 1" 5; then ok; else bad "set digits 1: no answer"; fi
sleep 0.3
screen1=$(screen)

# misleading: a figure of fewer than 3 significant digits for a value that is not exactly it; on
# this screen (step 0, standardized) the exact ones are z = 0.0, σ(z) = 0.5, σ(z) - y = -0.5, +0.5,
# and η = 0.5; the plot's axis labels (before ┤, and the step axis) are rounded positions.
misleading() {
    printf '%s\n' "$1" | grep -v '└┬' | sed 's/[-+0-9.]* ┤//g' |
        grep -oE '(^|[^0-9.e])[-+]?[0-9]+\.[0-9]+' | sed -E 's/^[^-+0-9]//' |
        awk '{ t = $0; sub(/^[-+]/, "", t); s = t; sub(/^[0.]*/, "", s); gsub(/\./, "", s)
               if (length(s) < 3 && t != "0.5" && t != "0.0") print $0 }'
}
m=$(misleading "$screen1")
if [ -z "$m" ]; then ok; else bad "figures of fewer than 3 significant digits on screen: $(echo $m)"; fi
if printf '%s\n' "$screen1" | grep -qE '(^|[^0-9.])[-+]?0\.1([^0-9]|$)'; then
    bad "a 0.1 on screen:"; printf '%s\n' "$screen1" | grep -E '(^|[^0-9.])[-+]?0\.1([^0-9]|$)'
else
    ok
fi

# example 2's x_2: -0.125, in the Data pane's row 2
want=$(fig "$x22" 1)
if printf '%s\n' "$screen1" | grep -E '^│.? *2 │' | grep -qF -- " $want "; then ok; else
    bad "row 2 should show x_2 = $want: $(printf '%s\n' "$screen1" | grep -E '^│.? *2 │')"
fi
# C = ln 2 in the title bar
want=$(fig "$(awk 'BEGIN { printf "%.17g", log(2) }')" 1)
if printf '%s\n' "$screen1" | head -n 1 | grep -qF "C=$want "; then ok; else
    bad "the title should say C=$want: $(printf '%s\n' "$screen1" | head -n 1)"
fi
# the gradients of w1..w3 in the Parameters pane
sub() { printf '%s\n' "$1" | sed 'y/0123456789/₀₁₂₃₄₅₆₇₈₉/'; }
for j in 1 2 3; do
    want=$(fig "$(get g_$j)" 1 s)
    row=$(printf '%s\n' "$screen1" | grep -F -- "│  w$(sub $j) " ; printf '%s\n' "$screen1" | grep -F -- "▸ w$(sub $j) ")
    if printf '%s\n' "$row" | grep -qF -- " $want "; then ok; else
        bad "∂C/∂w$j should read $want: $row"
    fi
done
# w4 (+0.00269: two decimals more than a figure of 1 decimal) and w5 (-0.128, once -0.1)
keys "focus w5" Enter
sleep 0.5
screen2=$(screen)
for j in 4 5; do
    want=$(fig "$(get g_$j)" 1 s)
    if printf '%s\n' "$screen2" | grep -qF -- " $want "; then ok; else
        bad "after focus w5, ∂C/∂w$j should read $want:"; printf '%s\n' "$screen2" | sed -n '16,22p'
    fi
done
m=$(misleading "$screen2")
if [ -z "$m" ]; then ok; else bad "after focus w5, figures of fewer than 3 significant digits: $(echo $m)"; fi

# text cut at a pane's edge never cuts a number: at 4 decimals every "C = " on screen (the title
# bar, the plot's title cut at 80 columns) reads ln 2 = 0.6931 whole, or nothing
keys "set digits 4" Enter
wait_for "digits = 4" 5 || bad "set digits 4: no answer"
sleep 0.3
cs=$(screen | grep -oE 'C ?= ?[0-9][0-9.e+-]*' | sed 's/.*= *//' | sort -u | tr '\n' ' ')
case $cs in "0.6931 ") ok ;; *) bad "C on screen reads: $cs(want 0.6931 only)" ;; esac

tui_done
