#!/bin/sh
# sh_datasets.sh: the bundled real-world datasets are the files that were checked in (their SHA-256 is
# recorded here, so an accidental edit fails), and each loads with the n and k the README documents,
# counted again here from the file itself. Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GRADSTEP:-$top/gradstep}
export GRADSTEP_DATADIR="${GRADSTEP_DATADIR:-$top/datasets}"
export LC_ALL=C.UTF-8 NO_COLOR=
D=$GRADSTEP_DATADIR
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
check() {
    d=$1; shift
    if "$@"; then pass; else fail "$d"; fi
}

# The recorded checksums: change one only together with the file, on purpose.
sums='f516f0ec029ae8ac36d873f43efa25f8e3c63abc3b9b518f4829da46d7c6af8e  cancer.csv'

if command -v sha256sum > /dev/null 2>&1; then
    printf '%s\n' "$sums" | while read -r sum file; do
        got=$(cd "$D" && sha256sum "$file" | cut -d ' ' -f 1)
        if [ "$got" = "$sum" ]; then echo ok; else echo "FAIL $file: sha256 $got, recorded $sum"; fi
    done > "${TMPDIR:-/tmp}/sh_datasets.$$"
    while read -r line; do
        case $line in ok) pass ;; *) fail "${line#FAIL }" ;; esac
    done < "${TMPDIR:-/tmp}/sh_datasets.$$"
    rm -f "${TMPDIR:-/tmp}/sh_datasets.$$"
else
    echo "SKIP checksums: no sha256sum"
fi

# rows FILE / inputs FILE: data rows and inputs counted from the text (comments and the header skipped).
rows() { awk -F, '/^#/ || NF == 0 { next } !h { h = 1; next } { n++ } END { print n + 0 }' "$1"; }
inputs() { awk -F, '/^#/ || NF == 0 { next } { print NF - 1; exit }' "$1"; }
# ones FILE: rows whose target (the last field) is 1.
ones() { awk -F, '/^#/ || NF == 0 { next } !h { h = 1; next } $NF == 1 { n++ } END { print n + 0 }' "$1"; }

# loads NAME N K: the README's n and k, the file's own count, and what `load` reports all agree.
loads() {
    f=$D/$1.csv
    check "$1: $2 data rows in the file ($(rows "$f"))" [ "$(rows "$f")" = "$2" ]
    check "$1: $3 inputs in the file ($(inputs "$f"))" [ "$(inputs "$f")" = "$3" ]
    out=$("$G" -c "load $1" 2>&1)
    check "$1: load reports n = $2, k = $3 (got: $(printf '%s' "$out" | head -n 1))" \
        sh -c 'printf "%s\n" "$1" | head -n 1 | grep -q "^loaded $2: n = $3 examples, k = $4 inputs"' sh "$out" "$1" "$2" "$3"
    check "$1: the README's table lists n = $2, k = $3" \
        grep -q "^| \`$1\` | $2 | $3 |" "$top/README.md"
    check "$1: datasets lists it" sh -c '"$1" -c datasets | grep -q "^  $2 *n = $3 *k = $4 "' sh "$G" "$1" "$2" "$3"
}

loads cancer 569 30
check "cancer: 212 malignant rows ($(ones "$D/cancer.csv"))" [ "$(ones "$D/cancer.csv")" = 212 ]
check "cancer: the description says to standardize" sh -c '"$1" -c datasets | grep "^  cancer " | grep -q "set scale standardize"' sh "$G"
check "cancer: the source is cited in the file" grep -q '^# Source: W. H. Wolberg, W. N. Street and O. L. Mangasarian (1995)' "$D/cancer.csv"
check "cancer: the source is cited in the README" grep -q 'Wolberg, W. N. Street and O. L. Mangasarian' "$top/README.md"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
