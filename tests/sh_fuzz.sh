#!/bin/sh
# sh_fuzz.sh: builds the libFuzzer targets (make fuzz-build) and runs each once over its seed corpus and past
# crashes (tests/fuzz/corpus/NAME), so they always build and every fixed crash stays fixed. Skips with a SKIP line
# when clang or its libFuzzer runtime is missing. Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
unset MAKEFLAGS MAKELEVEL MFLAGS
probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' > "$probe/p.c"
if ! command -v clang > /dev/null 2>&1 || ! clang -fsanitize=fuzzer -o "$probe/p" "$probe/p.c" > /dev/null 2>&1; then
    rm -rf "$probe"
    echo "SKIP fuzz targets: clang with the libFuzzer runtime is not installed"
    echo "0 passed, 0 failed"
    exit 0
fi
rm -rf "$probe"
log=$(mktemp)
if ! make -C "$top" -j2 --no-print-directory fuzz-build > "$log" 2>&1; then
    echo "FAIL fuzz build:"; grep -E 'error' "$log" | head -n 10
    rm -f "$log"
    echo "0 passed, 1 failed"
    exit 1
fi
rm -f "$log"
sh "$top/tests/fuzz/run.sh" once
