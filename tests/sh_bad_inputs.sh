#!/bin/sh
# sh_bad_inputs.sh: the bad-input corpus: files (tests/bad/ and some made at test time) and command lines a careless
# or hostile user could give. Each must give its one expected error line and exit status, never a crash or a hang,
# and print nothing more on stdout than the good commands before it. Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GRADSTEP:-$top/gradstep}
export GRADSTEP_DATADIR="${GRADSTEP_DATADIR:-$top/datasets}" GRADSTEP_LESSONDIR="$top/tests/data/lessons/good"
export LC_ALL=C.UTF-8 NO_COLOR=1
export XDG_STATE_HOME="${TMPDIR:-/tmp}/gradstep-bad-state.$$"
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work" "$XDG_STATE_HOME"' EXIT
cp -r "$top/tests/bad" "$work/bad"
passed=0
failed=0

# Runs gradstep with the arguments after the first three from $work with a time limit; checks the exit status ($2),
# that stderr is exactly the one line $3, and that stdout is what the same run printed without its last -c (when
# the last two arguments are -c BAD: the good commands before a bad one must print as if it were never given).
t() {
    name=$1 want_status=$2 want_err=$3
    shift 3
    (cd "$work" && timeout 20 "$G" "$@" < /dev/null > "$work/.out" 2> "$work/.err")
    st=$?
    lines=$(wc -l < "$work/.err")
    got=$(cat "$work/.err")
    if [ $st -eq 124 ]; then
        echo "FAIL $name: hung (killed after 20 s)"; failed=$((failed + 1)); return
    elif [ $st -ge 128 ]; then
        echo "FAIL $name: crashed (status $st): $(head -c 300 "$work/.err")"; failed=$((failed + 1)); return
    elif [ "$st" != "$want_status" ]; then
        echo "FAIL $name: exit status $st, want $want_status ($(head -c 200 "$work/.err"))"; failed=$((failed + 1)); return
    elif [ "$lines" -ne 1 ] || [ "$got" != "$want_err" ]; then
        echo "FAIL $name: stderr"; echo "  got:  $(head -c 400 "$work/.err")"; echo "  want: $want_err"
        failed=$((failed + 1)); return
    fi
    passed=$((passed + 1))
}

# Like t for a bad command line: runs "-c step 3 -c CMD" and checks as t does, then that stdout is exactly what
# "-c step 3" alone prints (the failing command printed nothing).
tc() {
    name=$1 want_err=$2 cmd=$3
    (cd "$work" && timeout 20 "$G" -c "step 3" > "$work/.good" 2>&1)
    t "$name" 1 "-c:2: error: $want_err" -c "step 3" -c "$cmd"
    if ! cmp -s "$work/.out" "$work/.good"; then
        echo "FAIL $name: stdout differs from the run without the bad command"; failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
}

# Loading a bad data file with -c load FILE (exit 1) and as the DATASET argument (exit 2).
tf() {
    fname=$1 file=$2 msg=$3
    t "$fname (load)" 1 "-c:1: error: $file$msg" -c "load $file"
    t "$fname (argument)" 2 "gradstep: $file$msg" "$file" -c "print step"
}

# ---- files from tests/bad/ ----
tf "binary data" bad/binary.bin ": looks like a binary file (NUL byte at line 1)"
tf "NUL in a number" bad/nul_in_number.csv ": looks like a binary file (NUL byte at line 2)"
tf "NUL line" bad/nul_line.csv ": looks like a binary file (NUL byte at line 3)"
tf "invalid UTF-8 in a value" bad/bad_utf8_value.csv ':2:1: "1\xC3" is not a number'
tf "1e400" bad/overflow_1e400.csv ':2:1: "1e400" is too large (the largest number is about 1.8e308)'
tf "-1e400" bad/overflow_neg.csv ':2:1: "-1e400" is too large (the largest number is about 1.8e308)'
tf "-nan" bad/neg_nan.csv ':2:1: "-nan" is not a finite number'
tf "NaN" bad/nan_caps.csv ':2:1: "NaN" is not a finite number'
tf "infinity" bad/infinity.csv ':2:1: "infinity" is not a finite number'
tf "0x1p3" bad/hexfloat.csv ':2:1: "0x1p3" is not plain decimal notation (write numbers like 8, -0.5 or 1.5e-3)'
tf "label 2" bad/label_2.csv ":2:2: label 2 is outside [0,1]"
tf "label -0.5" bad/label_neg_half.csv ":2:2: label -0.5 is outside [0,1]"
tf "label nan" bad/label_nan.csv ':2:2: "nan" is not a finite number'
tf "label 1e400" bad/label_overflow.csv ':2:2: "1e400" is too large (the largest number is about 1.8e308)'
tf "header only" bad/header_only.csv ": no data rows (only a header)"
tf "empty file" bad/empty.csv ": empty file"
tf "blank lines only" bad/blank_lines.csv ": empty file"
tf "comments only" bad/comments_only.csv ": no data rows (only comments)"
tf "short row" bad/ragged_short.csv ":3: expected 3 fields, found 2"
tf "long row" bad/ragged_long.csv ":3: expected 3 fields, found 4"
tf "empty field" bad/empty_field.csv ":2: expected 2 fields, found 3"
tf "only the target" bad/only_target.csv ": no input column: every row has only the label"
tf "junk after a number" bad/junk_after_number.csv ':2:1: "1.5abc" is not a number'
tf "double minus" bad/double_minus.csv ':2:1: "--1" is not a number'
tf "half an exponent" bad/half_exponent.csv ':2:1: "1e" is not a number'
tf "unicode minus" bad/unicode_minus.csv ':2:1: "−1" is not a number'
tf "open quote" bad/open_quote.csv ":2:1: a quote is opened and never closed"
tf "UTF-16" bad/utf16.csv ": is UTF-16 text; save it as UTF-8 or plain ASCII"
tf "mixed delimiters" bad/mixed_delims.csv ':2:2: "2,0" is not a number (the header separates names with commas too, so a comma is no decimal mark)'
tf "a decimal comma in a comma-separated file" bad/comma_in_csv.csv ':3:1: "0,5" is not a number (in a comma-separated file the decimal mark must be a point)'
tf "decimal comma after a decimal point" bad/mixed_marks.csv ':3:1: "0,25" has a decimal comma, but line 2 has a decimal point'
tf "a text column" bad/text_column.csv ':2:1: column 1 (name) holds text ("Ann", "Bob", "Cy"); `ignore=name` drops it'
tf "a target of one class" bad/text_target.csv ': the target column "y" holds one class only ("cat"); a classification needs two or more'
tf "control character" bad/control_char.csv ':2:1: "1\x07" is not a number'
tf "space inside a number" bad/space_inside.csv ':2:1: "1 2" is not a number'
tf "two decimal points" bad/two_points.csv ':2:1: "1.2.3" is not a number'
tf "a second header" bad/second_header.csv ':3:1: "x1" is not a number'

# Names that are not valid UTF-8 or hold control characters load, shown with U+FFFD for each bad byte.
(cd "$work" && timeout 20 "$G" -c "load bad/bad_utf8_header.csv" > "$work/.out" 2> "$work/.err")
if [ $? -eq 0 ] && grep -q "^loaded bad_utf8_header.csv: n = 1 example, k = 1 input (x$(printf '\357\277\275\357\277\275')1; target y)\$" "$work/.out"; then
    passed=$((passed + 1))
else
    echo "FAIL invalid UTF-8 in a name: $(head -c 300 "$work/.out" "$work/.err")"; failed=$((failed + 1))
fi

# ---- files made here: too big to keep, or not regular files ----
mkdir "$work/dir"
mkfifo "$work/fifo" 2>/dev/null || true
ln -s gone.csv "$work/dangling.csv"
awk 'BEGIN { printf "x1,y\n"; for (i = 0; i < 1000000; i++) printf "1234567890"; printf ",0\n" }' > "$work/longnum.csv"
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "abcdefghij"; printf ",y\n" }' > "$work/longname.csv"
awk 'BEGIN { printf "y"; for (i = 0; i < 5000000; i++) printf ",1"; printf "\n" }' > "$work/commas.csv"
awk 'BEGIN { for (r = 0; r < 3; r++) { for (i = 1; i <= 10000; i++) printf "%d,", (i * (r + 1)) % 7; printf "%d\n", r % 2 } }' > "$work/wide.csv"
cp "$G" "$work/program.bin"
tf "10 MB number" longnum.csv ':2:1: "1234567890123456789012345678901234567890…" is too large (the largest number is about 1.8e308)'
tf "10 MB header" longname.csv ": no data rows (only a header)"
tf "5,000,000 columns, no input" commas.csv ": no data rows (only a header)"
tf "a directory" dir ": is a directory, not a file"
tf "a dangling link (a file that disappeared)" dangling.csv ': no such file or bundled dataset (try "datasets")'
tf "a program (binary)" program.bin ": looks like a binary file (NUL byte at line 1)"
if [ -p "$work/fifo" ]; then
    tf "a FIFO with no writer" fifo ": not a regular file"
else
    echo "SKIP a FIFO: mkfifo is not available here"
fi
for dev in /dev/zero /dev/null; do
    [ -c "$dev" ] && t "device $dev" 1 "-c:1: error: $dev: not a regular file" -c "load $dev"
done
if [ -r /proc/self/mem ]; then
    # Unreadable even for root: reading its first page fails with EIO.
    t "an unreadable file" 1 "-c:1: error: /proc/self/mem: cannot read: Input/output error" -c "load /proc/self/mem"
fi
printf 'x1,y\n1,0\n' > "$work/secret.csv"
chmod 000 "$work/secret.csv"
if [ "$(id -u)" != 0 ]; then
    t "no read permission" 1 "-c:1: error: secret.csv: cannot read it: permission denied" -c "load secret.csv"
else
    echo "SKIP no read permission: the tests run as root, who reads any file (the EIO case above stands in for it)"
fi
# 10,000 columns are allowed (no fixed limit); they load, train and print without trouble.
(cd "$work" && timeout 20 "$G" -c "load wide.csv" -c "step 2" -c "print w10000" > "$work/.out" 2> "$work/.err")
if [ $? -eq 0 ] && grep -q '^loaded wide.csv: n = 3 examples, k = 10000 inputs' "$work/.out" && grep -q '^w10000 = ' "$work/.out"; then
    passed=$((passed + 1))
else
    echo "FAIL 10,000 columns: $(head -c 300 "$work/.err")"; failed=$((failed + 1))
fi

# ---- scripts ----
t "script: NUL byte" 1 "bad/script_nul.gs:2: error: the line holds a NUL byte" --script bad/script_nul.gs
t "script: invalid UTF-8 command" 1 "bad/script_bad_utf8.gs:2: error: unknown command: $(printf '\357\277\275\357\277\275') (type help for the list)" --script bad/script_bad_utf8.gs
t "script: open quote" 1 "bad/script_open_quote.gs:3: error: unterminated quote" --script bad/script_open_quote.gs
t "script: a directory" 1 "dir:1: error: cannot read: Is a directory" --script dir
t "script: missing" 2 "gradstep: gone.gs: cannot open: No such file or directory" --script gone.gs
awk 'BEGIN { printf "print "; for (i = 0; i < 1000000; i++) printf "wwwwwwwwww"; printf "\n" }' > "$work/long.gs"
t "script: a 10 MB line" 1 "long.gs:1: error: print: unknown value \"wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww...\" (w1..w2, b, C, step, eta, lambda, grad_w1.., grad_b, zI, aI, CI, yI)" --script long.gs
if [ -p "$work/fifo" ]; then
    # A FIFO is a script like a pipe: it is read once a writer opens it.
    (sleep 1; printf 'step 2\nprint step\n' > "$work/fifo") &
    (cd "$work" && timeout 20 "$G" --script fifo > "$work/.out" 2>&1)
    if [ $? -eq 0 ] && grep -q '^step = 2$' "$work/.out"; then passed=$((passed + 1)); else echo "FAIL script from a FIFO: $(cat "$work/.out")"; failed=$((failed + 1)); fi
    wait
fi

# ---- options ----
t "an unknown long option" 2 "gradstep: unknown option --bogus (gradstep --help)" --bogus
t "an unknown short option" 2 "gradstep: unknown option -x (gradstep --help)" -x
t "-c without a command" 2 "gradstep: option -c needs a value (gradstep --help)" -c
t "-s without a file" 2 "gradstep: option -s (--script) needs a value (gradstep --help)" -s
t "-l without a lesson" 2 "gradstep: option -l (--lesson) needs a value (gradstep --help)" -l
t "two datasets" 2 "gradstep: one DATASET at most, got 2 (gradstep --help)" and or
t "an unknown dataset name" 2 'gradstep: nosuch: no such file or bundled dataset (try "datasets")' -p nosuch
t "--target without a value" 2 "gradstep: option --target needs a value (gradstep --help)" -p and --target
t "--ignore without a dataset" 2 "gradstep: --ignore chooses columns of a DATASET, and none is given (gradstep --help)" --ignore 1 -c "print C"
t "--target of no column" 2 'gradstep: bad/text_column.csv: target=nmae: no column "nmae"; did you mean "name"?' --target nmae bad/text_column.csv -c "print C"
t "--ignore of no column" 2 "gradstep: bad/text_column.csv: ignore=4: no column 4 (the file has 3 columns)" bad/text_column.csv --ignore 4 -c "print C"
t "--target twice" 2 "gradstep: --target: target= is given twice" --target 1 --target 2 and
# The good case beside them: the columns chosen on the command line, and what the load tells on stderr.
eu="$top/tests/transcripts/students_eu.csv"
(cd "$work" && timeout 20 "$G" "$eu" --target passed --ignore age -c "print y2" > "$work/.out" 2> "$work/.err")
if [ $? -eq 0 ] && [ "$(cat "$work/.out")" = "y2 = 1" ] &&
    [ "$(cat "$work/.err")" = "gradstep: column 1 (id) looks like an identifier; \`ignore=id\` drops it
gradstep: target passed: FALSE = 0, TRUE = 1" ]; then
    passed=$((passed + 1))
else
    echo "FAIL --target and --ignore: $(head -c 300 "$work/.out" "$work/.err")"; failed=$((failed + 1))
fi

# ---- lessons ----
t "lesson: a failing command" 1 "-c:1: error: bad/lesson_bad_cmd.txt:3: unknown command: frobnicate (type help for the list)" -c "lesson bad/lesson_bad_cmd.txt"
t "lesson: binary" 1 "-c:1: error: bad/binary.bin:1: a NUL byte: this is not a text file" -c "lesson bad/binary.bin"
t "lesson: a device" 1 "-c:1: error: /dev/zero: not a regular file" -c "lesson /dev/zero"

# ---- command lines: each after "step 3", which must print the same with or without it ----
many=$(awk 'BEGIN { for (i = 1; i <= 10000; i++) printf "%d ", i }')
tc "10,000 arguments to set w" "set w: expected 2 values (w1..w2) or one for all, got 10000" "set w $many"
tc "10,000 arguments to step" "step: too many arguments (usage: step [N])" "step $many"
tc "10,000 arguments to predict" "predict: expected 2 input values (x1..x2), got 10000" "predict $many"
tc "set eta inf" "eta: inf is not a finite number" "set eta inf"
tc "set eta -1" "eta must be a finite number greater than 0, not -1" "set eta -1"
tc "set eta 0" "eta must be a finite number greater than 0, not 0" "set eta 0"
tc "set eta nan" 'eta: "nan" is not a number' "set eta nan"
tc "set eta 1e400" 'eta: "1e400" is too large (the largest number is about 1.8e308)' "set eta 1e400"
tc "set eta 0x1p3" 'eta: "0x1p3" is not a number' "set eta 0x1p3"
tc "set lambda -1" "lambda must be a finite number of at least 0, not -1" "set lambda -1"
tc "set lambda inf" "lambda: inf is not a finite number" "set lambda inf"
tc "set batch 0" "batch: 0 is out of range (1 to 4)" "set batch 0"
tc "set batch n+1" "batch: 5 is out of range (1 to 4)" "set batch 5"
tc "set digits 18" "digits: 18 is out of range (1 to 17)" "set digits 18"
tc "set seed -1" 'seed: "-1" is not a whole number from 0 to 18446744073709551615' "set seed -1"
tc "set init with too few values" "init: expected 3 values (w1..w2 then b), got 1" "set init 1"
tc "set w1 inf" "w1: inf is not a finite number" "set w1 inf"
tc "set b nan" 'b: "nan" is not a number' "set b nan"
tc "set an unknown name" 'set: unknown name "foo" (eta, lambda, cost, batch, seed, init, scale, digits, history, theme, hidden, output, w, w1..w2, b)' "set foo 1"
tc "step 99999999999" "step: N: 99999999999 is out of range (1 to 10000000)" "step 99999999999"
tc "step -1" "step: N: -1 is out of range (1 to 10000000)" "step -1"
tc "step 1.5" 'step: N: "1.5" is not a whole number' "step 1.5"
tc "back 0" "back: N: 0 is out of range (1 to 10000000)" "back 0"
tc "print z0" "print: z0: there are examples 1..4" "print z0"
tc "print z5" "print: z5: there are examples 1..4" "print z5"
tc "focus 99" 'focus: "99" is not up, down, left, right, an example 1..4 or a parameter' "focus 99"
tc "predict inf" "predict: x1: inf is not a finite number" "predict inf 1"
tc "plot 0x0" "plot: 0x0 is too small; a plot needs at least 30x8" "plot 0x0"
tc "plot 100000x100000" "plot: size 100000x100000 is too large; at most 1000x500" "plot 100000x100000"
tc "gen n=0" "gen: n: 0 is out of range (1 to 10000000)" "gen spiral n=0"
tc "gen noise=inf" "gen: noise: inf is not a finite number" "gen xor noise=inf"
tc "an unknown command" "unknown command: frobnicate (type help for the list)" "frobnicate"
tc "an unterminated quote" "unterminated quote" '"unterminated'
tc "load a directory" "dir: is a directory, not a file" "load dir"
tc "load a FIFO" "fifo: not a regular file" "load fifo"
tc "lesson next with none running" "no lesson is running (lesson list shows the lessons)" "lesson next"
tc "save into a missing directory" "nodir/t.csv: cannot write: No such file or directory" "save trace nodir/t.csv"
tc "save onto a directory" "dir: is a directory, not a regular file: not replaced" "save session dir"
# back at step 0 fails; back beyond step 0 stops there.
t "back at step 0" 1 "-c:1: error: back: already at step 0, nothing to undo" -c "back"
(cd "$work" && timeout 20 "$G" -c "step 2" -c "back 5" -c "print step" -c "back" > "$work/.out" 2> "$work/.err")
if [ $? -eq 1 ] && grep -q '^step = 0$' "$work/.out" && [ "$(cat "$work/.err")" = "-c:4: error: back: already at step 0, nothing to undo" ]; then
    passed=$((passed + 1))
else
    echo "FAIL back 5 after 2 steps: $(cat "$work/.out" "$work/.err" | head -n 5)"; failed=$((failed + 1))
fi
# A failed save leaves no temporary file behind.
if ls "$work"/dir.tmp.* "$work"/*.tmp.* > /dev/null 2>&1; then
    echo "FAIL a failed save left a temporary file: $(ls "$work" | grep tmp)"; failed=$((failed + 1))
else
    passed=$((passed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
