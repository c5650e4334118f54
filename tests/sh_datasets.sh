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
sums='f516f0ec029ae8ac36d873f43efa25f8e3c63abc3b9b518f4829da46d7c6af8e  cancer.csv
7cc3ecb8b28ef24ca1b41135b7cfc3312ee00730ed9077a4977fe4bd2371ade7  digits.csv
a1aecc7c28335dcff45684c7b6d9e1775bf45c592c78435a180d312419ecadbd  iris.csv
2ffb3a684938658316f32fddac9fa607658085a6b130ad8b25717aa1d26ca202  wine.csv'

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

# classes NAME COUNT MESSAGE: the file's distinct labels, `datasets` and the load message agree.
classes() {
    f=$D/$1.csv
    got=$(awk -F, '/^#/ || NF == 0 { next } !h { h = 1; next } { s[$NF] = 1 } END { for (c in s) n++; print n + 0 }' "$f")
    check "$1: $2 distinct labels in the file ($got)" [ "$got" = "$2" ]
    check "$1: datasets lists $2 classes" sh -c '"$1" -c datasets | grep -q "^  $2 .* classes = $3 "' sh "$G" "$1" "$2"
    check "$1: load says \"$3\"" sh -c '"$1" -c "load $2" | grep -qxF "$3"' sh "$G" "$1" "$3"
}
# per_class NAME: "label count" for each label, sorted by label, on one line.
per_class() {
    awk -F, '/^#/ || NF == 0 { next } !h { h = 1; next } { c[$NF]++ } END { for (k in c) print k, c[k] }' "$D/$1.csv" | sort | tr '\n' ' '
}

loads cancer 569 30
check "cancer: datasets shows no classes for a 0/1 target" sh -c '! "$1" -c datasets | grep "^  cancer " | grep -q classes' sh "$G"
loads iris 150 4
classes iris 3 'classes: setosa=1 versicolor=2 virginica=3'
check "iris: 50 of each species ($(per_class iris))" [ "$(per_class iris)" = "setosa 50 versicolor 50 virginica 50 " ]
loads digits 1797 64
classes digits 10 'classes: 0=1 1=2 2=3 3=4 4=5 5=6 6=7 7=8 8=9 9=10'
check "digits: every pixel count is 0 to 16" awk -F, '/^#/ { next } !h { h = 1; next } { for (j = 1; j < NF; j++) if ($j !~ /^[0-9]+$/ || $j > 16) exit 1 }' "$D/digits.csv"
check "digits: declares its 8x8 shape" grep -qx '# shape: 8x8' "$D/digits.csv"
check "digits: 64 = 8 x 8 pixel names p00..p77" sh -c 'awk -F, "/^#/ { next } { for (j = 1; j < NF; j++) { r = int((j - 1) / 8); c = (j - 1) % 8; if (\$j != \"p\" r c) exit 1 }; exit }" "$1"' sh "$D/digits.csv"
loads wine 178 13
classes wine 3 'classes: 1=1 2=2 3=3'
check "wine: 59, 71 and 48 of the cultivars ($(per_class wine))" [ "$(per_class wine)" = "1 59 2 71 3 48 " ]
check "wine: the description says to standardize" sh -c '"$1" -c datasets | grep "^  wine " | grep -q "set scale standardize"' sh "$G"
for pair in "iris R. A. Fisher (1936)" "digits E. Alpaydin and C. Kaynak (1998)" "wine M. Forina et al. (1991)"; do
    name=${pair%% *}; cite=${pair#* }
    check "$name: the source is cited in the file" grep -qF "Source: $cite" "$D/$name.csv"
    check "$name: the source is cited in the README" grep -qF "$cite" "$top/README.md"
done
check "cancer: 212 malignant rows ($(ones "$D/cancer.csv"))" [ "$(ones "$D/cancer.csv")" = 212 ]
check "cancer: the description says to standardize" sh -c '"$1" -c datasets | grep "^  cancer " | grep -q "set scale standardize"' sh "$G"
check "cancer: the source is cited in the file" grep -q '^# Source: W. H. Wolberg, W. N. Street and O. L. Mangasarian (1995)' "$D/cancer.csv"
check "cancer: the source is cited in the README" grep -q 'Wolberg, W. N. Street and O. L. Mangasarian' "$top/README.md"

# gen's three-class kinds say their classes as a load does.
for kind in blobs spiral3; do
    check "gen $kind: its classes are said" sh -c '"$1" -c "gen $2 n=30" | grep -qx "classes: 1=1 2=2 3=3"' sh "$G" "$kind"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
