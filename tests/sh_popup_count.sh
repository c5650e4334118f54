#!/bin/sh
# sh_popup_count.sh: the message under an output popup gives the number of lines the popup holds
# as drawn (its own "of N"), also when long lines wrap inside it (datasets at 80x24, where its long lines wrap).
set -u
. "$(dirname "$0")/tui_lib.sh"
tui_init popcount "the popup's line count not tested"
for size in 80x24; do
    tui_start "$size" "$size" ""
    typed 'datasets'
    i=0
    until screen | grep -q "datasets: [0-9]* lines" || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
    shown=$(screen)
    said=$(echo "$shown" | grep -o 'datasets: [0-9]* lines' | grep -o '[0-9][0-9]*')
    holds=$(echo "$shown" | grep -o ' of [0-9]* ┐' | grep -o '[0-9][0-9]*' | head -n 1)
    wrapped=$("$GRADSTEP" -c datasets | awk -v w="${size%x*}" 'length($0) > w - 6 { n++ } END { print n + 0 }')
    if [ -n "$said" ] && [ "$said" = "$holds" ]; then
        ok
    else
        bad "$size: the message says ${said:-nothing} lines, the popup holds ${holds:-?}"
    fi
    # the case is one where lines wrap: the popup holds more lines than the text has
    if [ "$wrapped" -gt 0 ] && [ -n "$holds" ] && [ "$holds" -gt "$("$GRADSTEP" -c datasets | wc -l)" ]; then
        ok
    else
        bad "$size: datasets no longer wraps in the popup; choose a wider output"
    fi
done
tui_done
