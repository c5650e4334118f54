#!/bin/sh
# check_includes.sh: fails when the modules under a source directory (default src) include each
# other in a cycle. A module is a .c file with its .h (a private header NAME_int.h belongs to
# module NAME); an edge is an #include "..." of another module's header. Prints the cycle found.
set -u
dir=${1:-src}
edges=$(mktemp)
trap 'rm -f "$edges" "$edges.err"' EXIT
find "$dir" -name '*.[ch]' | sort | while read -r f; do
    fdir=$(dirname "$f")
    from=${f%.[ch]}
    from=${from%_int}
    sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" | while read -r inc; do
        if [ -f "$fdir/$inc" ]; then
            to="$fdir/$inc"
        elif [ -f "$dir/$inc" ]; then
            to="$dir/$inc"
        else
            continue        # a generated header (config.h) or a system one
        fi
        to=$(echo "$to" | sed 's|/\./|/|g; s|[^/]*/\.\./||g')
        to=${to%.[ch]}
        to=${to%_int}
        [ "$to" = "$from" ] || echo "$from $to"
    done
done > "$edges"
if ! tsort "$edges" > /dev/null 2> "$edges.err"; then
    echo "include cycle between modules:"
    sed -n 's/^tsort: //p' "$edges.err" | grep -v 'input contains a loop'
    exit 1
fi
echo "no include cycle among $(cut -d' ' -f1 "$edges" | sort -u | wc -l | tr -d ' ') modules"
