#!/bin/sh
# bench_figures.sh: lists figures that look measured but are not marked in README.md's Performance
# section and its Speed subsection, so that none escapes tools/bench_readme.sh.
#
# Usage: sh tools/bench_figures.sh FIXED FILE
#   FIXED  phrases (one a line, # starts a comment) that hold a figure which is no measurement
#          (a constant of the design, a formula); each must still occur in those sections
#   FILE   the README
# Prints FILE:LINE: and the figure for each unmarked one, each FIXED phrase no longer found, and
# a missing section;
# exit status 1 if it printed anything. Marked figures (<!--bench:KEY-->VALUE<!--/bench-->) and
# targets (a number after ≥, ≤, < or >) are not measurements of the run and pass.
set -u
if [ $# -ne 2 ]; then
    echo "usage: sh tools/bench_figures.sh FIXED FILE" >&2
    exit 2
fi
LC_ALL=C awk -v fname="$2" '
BEGIN {
    # what a measured figure looks like: a time, a size, a ratio, a percentage, a rate, a decimal,
    # a load average, a table cell holding only a number
    pat[++npat] = "[0-9] ?(ns|\302\265s|us|ms)([^A-Za-z0-9]|$)"
    pat[++npat] = "[0-9] ?(kB|KB|MB|GB|bytes)"
    pat[++npat] = "[0-9]x([^A-Za-z0-9]|$)"
    pat[++npat] = "[0-9] ?%"
    pat[++npat] = "[0-9] (updates|examples|rows)(/s| a second| per second)"
    pat[++npat] = "(^|[^0-9.])[0-9]+[.][0-9]+"
    pat[++npat] = "load average [0-9]"
    pat[++npat] = "[|] *[0-9][0-9,.]* *([|]|$)"
}
FILENAME == ARGV[1] {
    if ($0 !~ /^#/ && $0 !~ /^[ \t]*$/) { fixed[++nfixed] = $0; found[nfixed] = 0 }
    next
}
/^<!-- section: performance -->/ { inside = 1; seen_perf = 1 }
/^### Speed/ { inside = 1; speed = 1; seen_speed = 1 }
/^<!-- \/section: performance -->/ { inside = 0 }
speed && (/^#/ && !/^### Speed/ || /^<!-- \/section/) { inside = 0; speed = 0 }
inside {
    text = $0; clean = ""
    # marked figures become FIG
    while ((i = index(text, "<!--bench:")) > 0 && (e = index(text, "<!--/bench-->")) > i) {
        clean = clean substr(text, 1, i - 1) "FIG"
        text = substr(text, e + 13)
    }
    clean = clean text
    for (f = 1; f <= nfixed; f++)
        while ((i = index(clean, fixed[f])) > 0) {
            found[f] = 1
            clean = substr(clean, 1, i - 1) "FIXED" substr(clean, i + length(fixed[f]))
        }
    # targets: a number after a comparison
    gsub(/(\342\211\245|\342\211\244|<|>) ?[0-9][0-9.,]*/, "TARGET", clean)
    for (p = 1; p <= npat; p++) {
        if (match(clean, pat[p])) {
            print fname ":" FNR ": unmarked figure \"" substr(clean, RSTART, RLENGTH) "\": " $0
            bad = 1
            break
        }
    }
}
END {
    if (!seen_perf) { print fname ": no <!-- section: performance --> line"; bad = 1 }
    if (!seen_speed) { print fname ": no ### Speed heading"; bad = 1 }
    for (f = 1; f <= nfixed; f++)
        if (!found[f]) { print fname ": fixed phrase no longer in Performance or Speed: " fixed[f]; bad = 1 }
    exit bad
}' "$1" "$2"
