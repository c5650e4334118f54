#!/bin/sh
# bench_readme.sh: copies the measured figures of `make bench` (tests/bench/results.txt) into README.md
# wherever a figure is marked <!--bench:KEY-->VALUE<!--/bench-->, or (--check) says where they differ.
#
# Usage: sh tools/bench_readme.sh [--check] RESULTS FILE
#   RESULTS  lines KEY TAB VALUE TAB UNIT (tests/bench/bench --results writes them; # starts a comment)
#   FILE     the text whose marked figures are rewritten in place (unchanged when nothing differs)
#   --check  rewrites nothing; prints FILE:LINE for every marked figure that differs from RESULTS
# Errors name the file and line: a key RESULTS does not have, a mark not closed on its own line,
# a malformed mark, a mark at the start of a line (Markdown reads that line as HTML), a key given twice
# in RESULTS. On any error FILE is left as it was; exit status 1.
set -u
check=0
if [ "${1:-}" = --check ]; then
    check=1
    shift
fi
if [ $# -ne 2 ]; then
    echo "usage: sh tools/bench_readme.sh [--check] RESULTS FILE" >&2
    exit 2
fi
results=$1
file=$2
for f in "$results" "$file"; do
    if [ ! -r "$f" ]; then
        echo "bench_readme: cannot read $f" >&2
        exit 1
    fi
done
tmp="$file.bench-readme.$$"
trap 'rm -f "$tmp"' EXIT INT TERM

LC_ALL=C awk -v check="$check" -v rname="$results" -v fname="$file" -v out="$tmp" '
function fail(where, msg) { print where ": " msg > "/dev/stderr"; bad = 1; badline = FNR }
# The results: KEY TAB VALUE TAB UNIT, keys unique, values free of the marks themselves.
FNR == NR {
    if ($0 ~ /^#/ || $0 ~ /^[ \t]*$/) next
    n = split($0, f, "\t")
    if (n != 3 || f[1] !~ /^[a-z0-9_]+$/ || f[2] == "") {
        fail(rname ":" FNR, "not a KEY TAB VALUE TAB UNIT line: " $0); next
    }
    if (f[1] in val) { fail(rname ":" FNR, "key " f[1] " given twice (also line " at[f[1]] ")"); next }
    if (index(f[2], "<!--") || index(f[2], "-->")) { fail(rname ":" FNR, "value of " f[1] " holds a mark"); next }
    val[f[1]] = f[2]; at[f[1]] = FNR
    next
}
# The text: each mark on a line is replaced by its key'"'"'s value; the text around it is copied as it is.
{
    rest = $0; line = ""; marks = 0; badline = 0
    if ($0 ~ /^[ \t]*([-*+>]|[0-9]+[.)])?[ \t]*<!--bench:/)
        fail(fname ":" FNR, "a mark begins the line (Markdown would take the line for an HTML block): put a word before it")
    while ((i = index(rest, "<!--bench:")) > 0) {
        line = line substr(rest, 1, i - 1)
        rest = substr(rest, i + 10)
        j = index(rest, "-->")
        key = j > 0 ? substr(rest, 1, j - 1) : ""
        if (key !~ /^[a-z0-9_]+$/) { fail(fname ":" FNR, "malformed mark <!--bench:" substr(rest, 1, 30)); break }
        rest = substr(rest, j + 3)
        e = index(rest, "<!--/bench-->")
        if (e == 0) { fail(fname ":" FNR, "<!--bench:" key "--> has no <!--/bench--> after it on the same line"); break }
        old = substr(rest, 1, e - 1)
        rest = substr(rest, e + 13)
        if (!(key in val)) { fail(fname ":" FNR, "no figure " key " in " rname); new = old }
        else new = val[key]
        if (index(old, "<!--")) fail(fname ":" FNR, "a mark inside the figure " key)
        if (check && new != old) { print fname ":" FNR ": " key " is " old " here, " new " in " rname; differ = 1 }
        line = line "<!--bench:" key "-->" new "<!--/bench-->"
        marks++
    }
    line = line rest
    copy = $0
    if (gsub(/<!--[ \t]*\/?[ \t]*bench/, "", copy) != 2 * marks && badline != FNR)
        fail(fname ":" FNR, "a bench mark out of place (marks are <!--bench:KEY-->VALUE<!--/bench-->)")
    if (!check) print line > out
}
END {
    if (!check) close(out)
    exit bad ? 1 : differ ? 3 : 0
}' "$results" "$file"
status=$?
[ "$status" -eq 0 ] || exit 1
[ "$check" = 1 ] && exit 0
# Unchanged text is not rewritten (its time stays); a changed one replaces FILE in one rename.
cmp -s "$tmp" "$file" || mv -f "$tmp" "$file"
