#!/bin/sh
# embed.sh: turns a dataset file into C source, so the default dataset lives inside the binary.
# Usage: sh tools/embed.sh FILE > default_dataset.c
set -eu
printf '/* Generated from %s by tools/embed.sh: the compiled-in default dataset. */\n' "$1"
printf '#include <stddef.h>\n'
printf 'const char gradstep_default_dataset[] =\n'
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\r$//' -e 's/^/    "/' -e 's/$/\\n"/' "$1"
printf '    ;\n'
printf 'const size_t gradstep_default_dataset_len = sizeof gradstep_default_dataset - 1;\n'
