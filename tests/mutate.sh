#!/bin/sh
# mutate.sh: plants known bugs in a copy of the source, one at a time, runs the tests against each
# and reports which tests catch it (`make mutate`; not part of make check: it builds once per bug).
# A bug that no test catches is a hole in the tests. Ends with "N caught, N missed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
work=${MUTATE_DIR:-$top/build/mutate}
only=${MUTATE_ONLY:-}
caught=0
missed=0

# NAME|FILE|SED EXPRESSION|TESTS (unit and sh test names run against it; "transcripts" runs them)
mkdir -p "$(dirname "$work")"
cat > "$work.list" <<'LIST'
sign words: down and up swapped|src/explain.c|s/np == 1 ? "pushes" : "push", P);/np == 1 ? "pulls" : "pull", P);/|unit_explain transcripts
lambda/m instead of lambda/n|src/model.c|s#grad_w\[j\] += lambda / (double)n \* w\[j\];#grad_w[j] += lambda / (double)m * w[j];#|unit_model unit_session unit_explain unit_minibatch sh_lessons transcripts
Data pane one digit fewer|src/tui/pane_data.c|s/    int digits = t->digits;/    int digits = t->digits - 1;/|sh_tui sh_classroom sh_digits
questions never wait|src/cmd_lesson.c|s/} else if (!run->answered\[i\]) {/} else if (0 \&\& !run->answered[i]) {/|unit_lesson sh_lessons sh_classroom sh_question
output error rounded through sigma(z)|src/model.c|s/return pick(z >= 0 \&\& y >= 0.5, (1.0 - y) - e \* inv, a - y);/return a - y;/|unit_model unit_explain
check without its absolute floor|src/explain.c|s/r->allowed = CHECK_TOL \* big + r->floor;/r->allowed = CHECK_TOL * big;/|unit_explain sh_check
derive for b cites the weight equation|src/explain.c|s/j < k ? "61" : "62"/"61"/|sh_equations unit_explain
shuffle from the epoch, not the epoch + 1|src/session.c|s/rng_stream(seed, (uint64_t)epoch + 1)/rng_stream(seed, (uint64_t)epoch)/|unit_minibatch unit_session
LIST

tree=$work/tree
export GRADSTEP_DATADIR="$top/datasets" GRADSTEP_LESSONDIR="$top/lessons" LC_ALL=C.UTF-8 NO_COLOR=
while IFS='|' read -r name file expr tests; do
    [ -n "$only" ] && case $name in *"$only"*) ;; *) continue ;; esac
    rm -rf "$tree"
    mkdir -p "$tree"
    (cd "$top" && git ls-files | tar -cf - -T -) | (cd "$tree" && tar -xf -)
    sed "$expr" "$top/$file" > "$tree/$file"
    if cmp -s "$top/$file" "$tree/$file"; then
        echo "MUTATION NOT PLANTED: $name ($file: the pattern no longer matches)"
        missed=$((missed + 1))
        continue
    fi
    if ! make -C "$tree" --no-print-directory BUILD=build/m DEPS_DONE=1 build/m/gradstep > "$work.log" 2>&1; then
        echo "mutation $name: does not build (see $work.log)"
        missed=$((missed + 1))
        continue
    fi
    by=""
    for t in $tests; do
        case $t in
        unit_*)
            make -C "$tree" --no-print-directory BUILD=build/m DEPS_DONE=1 "build/m/tests/$t" > /dev/null 2>&1
            r=$("$tree/build/m/tests/$t" 2>&1 | tail -n 1)
            ;;
        transcripts)
            r=$(cd "$tree/tests/transcripts" && for g in *.gs; do
                    "$tree/build/m/gradstep" --script "$g" 2> /dev/null | cmp -s - "${g%.gs}.out" || echo "${g%.gs}"
                done | tr '\n' ' ')
            [ -n "$r" ] && r="1 failed: $r" || r="0 failed"
            ;;
        sh_*)
            r=$(cd "$tree" && GRADSTEP="$tree/build/m/gradstep" sh "tests/$t.sh" 2>&1 | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
            ;;
        esac
        case $r in
        *" 0 failed"*|"0 failed") ;;
        *) by="$by $t (${r})" ;;
        esac
    done
    if [ -n "$by" ]; then
        echo "caught: $name, by:$by"
        caught=$((caught + 1))
    else
        echo "MISSED: $name: no test among [$tests] fails"
        missed=$((missed + 1))
    fi
done < "$work.list"
rm -rf "$tree" "$work.list"
echo "$caught caught, $missed missed"
[ "$missed" -eq 0 ]
