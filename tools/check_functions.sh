#!/bin/sh
# check_functions.sh: fails when a function in the C files under a directory (default src) has a
# body longer than MAX lines (default 80), unless the comment just above it says "long because".
# A function is a definition whose "{" and "}" stand alone at the start of a line (the project's style).
set -u
dir=${1:-src}
max=${2:-80}
find "$dir" -name '*.c' | sort | xargs awk -v max="$max" '
    FNR == 1 { comment = ""; sig = ""; inbody = 0 }
    inbody {
        if ($0 ~ /^}/) {
            n = FNR - start - 1
            if (n > max && tolower(note) !~ /long because/) {
                printf "%s:%d: %s is %d lines long (at most %d; or say why in a comment with \"long because\")\n", FILENAME, start, name, n, max
                bad++
            }
            inbody = 0; comment = ""; sig = ""
        }
        next
    }
    /^\/\*/ || /^ \*/ { comment = comment " " $0; next }
    /^{/ {
        if (sig != "") {
            inbody = 1; start = FNR; note = comment; name = sig
            gsub(/__attribute__ *\(\([^)]*\)\)/, "", name)
            sub(/\(.*/, "", name); sub(/.*[ *]/, "", name)
        }
        next
    }
    /^[A-Za-z_].*\(/ { sig = $0; next }
    /^[ \t]/ && sig != "" { next }   # a signature continued on the next line
    /^$/ { comment = ""; sig = ""; next }
    { sig = "" }
    END { exit bad > 0 }
'
