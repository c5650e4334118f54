/* unit_fmt.c: number formatting: fixed decimals without -0, at least 3 significant digits, scientific for tiny and huge, exact round trips. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "harness.h"
#include "rng.h"

/* The rule of README's "set digits", on values worked out by hand: `digits` decimals, but at
 * least 3 significant digits (fewer decimals when a shorter figure is exact), and scientific
 * notation below both 0.0001 and 10^-digits (after rounding to 3 significant digits) and from 1e9. */
static void min_sig_cases(char *b, size_t len)
{
    /* 0.125 is a binary fraction: exact at 3 decimals, so never 0.1 or 0.12 */
    CHECK_STR(fmt_num(b, len, 0.125, 1, 0), "0.125");
    CHECK_STR(fmt_num(b, len, 0.125, 2, 0), "0.125");
    CHECK_STR(fmt_num(b, len, 0.125, 3, 0), "0.125");
    CHECK_STR(fmt_num(b, len, 0.125, 4, 0), "0.1250");
    CHECK_STR(fmt_num(b, len, -0.125, 1, FMT_SIGN), "-0.125");
    CHECK_STR(fmt_num(b, len, 0.125, 1, FMT_SIGN), "+0.125");
    /* 0.0004 at 2 decimals would be 0.00: it gets the decimals that write it (exactly, here);
     * below 0.0001 scientific notation takes over, with 3 significant digits */
    CHECK_STR(fmt_num(b, len, 0.0004, 2, 0), "0.0004");
    CHECK_STR(fmt_num(b, len, -0.0004, 2, FMT_SIGN), "-0.0004");
    CHECK_STR(fmt_num(b, len, 0.00041234, 2, 0), "0.000412");
    CHECK_STR(fmt_num(b, len, 0.000041234, 2, 0), "4.12e-05");
    /* at 4 decimals 0.0004 is exact as written; 0.00041234 needs two more decimals */
    CHECK_STR(fmt_num(b, len, 0.0004, 4, 0), "0.0004");
    CHECK_STR(fmt_num(b, len, 0.00041234, 4, 0), "0.000412");
    CHECK_STR(fmt_num(b, len, -0.0041234, 4, FMT_SIGN), "-0.00412");
    /* 1e-7: scientific at every setting up to 6, fixed from 7 (0.0000001 reads back as 1e-7) */
    CHECK_STR(fmt_num(b, len, 1e-7, 1, 0), "1.00e-07");
    CHECK_STR(fmt_num(b, len, 1e-7, 4, 0), "1.000e-07");
    CHECK_STR(fmt_num(b, len, -1e-7, 6, FMT_SIGN), "-1.00000e-07");
    CHECK_STR(fmt_num(b, len, 1e-7, 7, 0), "0.0000001");
    CHECK_STR(fmt_num(b, len, 1.234e-7, 7, 0), "0.000000123");
    /* large values already show 3 significant digits; 123456.5 is a binary fraction (ties go
     * to even in the C library: 123456 at 0 decimals would round it, but 1 decimal is exact) */
    CHECK_STR(fmt_num(b, len, 123456.5, 1, 0), "123456.5");
    CHECK_STR(fmt_num(b, len, 123456.5, 0, 0), "123456");
    CHECK_STR(fmt_num(b, len, -123456.5, 4, FMT_SIGN), "-123456.5000");
    CHECK_STR(fmt_num(b, len, 1234567890.0, 1, 0), "1.23e+09");
    /* a figure of one or two significant digits at 1 decimal gets the ones it lacks, down to 0.0001 */
    CHECK_STR(fmt_num(b, len, -0.0327, 1, FMT_SIGN), "-0.0327");
    CHECK_STR(fmt_num(b, len, 0.00123, 1, 0), "0.00123");
    CHECK_STR(fmt_num(b, len, 0.000999, 2, 0), "0.000999");
    CHECK_STR(fmt_num(b, len, 0.00009996, 2, 0), "0.000100");  /* rounded to 3 significant digits */
    CHECK_STR(fmt_num(b, len, 0.00009994, 2, 0), "9.99e-05");
    CHECK_STR(fmt_num(b, len, 0.6931471805599453, 1, 0), "0.693");
    CHECK_STR(fmt_num(b, len, 7.36, 1, 0), "7.36");
    CHECK_STR(fmt_num(b, len, 7.5, 1, 0), "7.5");         /* exact with one decimal */
    CHECK_STR(fmt_num(b, len, 12.04, 1, 0), "12.0");      /* already 3 significant digits */
    CHECK_STR(fmt_num(b, len, 1.0, 0, 0), "1");           /* whole numbers stay whole */
    CHECK_STR(fmt_num(b, len, 0.0, 1, FMT_SIGN), "0.0");
    /* 0.0009996 rounds to 0.00100 at 3 significant digits: one decimal more than 4, not two */
    CHECK_STR(fmt_num(b, len, 0.0009996, 4, 0), "0.00100");
    /* 0.99996 at 4 decimals is 1.0000: already 5 significant digits */
    CHECK_STR(fmt_num(b, len, 0.99996, 4, 0), "1.0000");
    /* FMT_FIXED keeps the decimals asked for (axis labels) */
    CHECK_STR(fmt_num(b, len, 0.125, 1, FMT_FIXED), "0.1");
    CHECK_STR(fmt_num(b, len, 0.69, 0, FMT_FIXED), "1");
    CHECK_STR(fmt_num(b, len, 0.00004, 4, FMT_FIXED), "4.000e-05");
}

/* Random values: every figure has at least 3 significant digits or reads back as exactly v, and
 * lies within half a unit of its last digit of v (checked in long double from the text). */
static void min_sig_random(char *b, size_t len)
{
    uint64_t st = 11;
    int ok = 1;
    for (int i = 0; i < 20000 && ok; i++) {
        double v = rng_normal(&st) * pow(10.0, (double)(int)rng_below(&st, 16) - 8);
        int digits = 1 + (int)rng_below(&st, 8);
        fmt_num(b, len, v, digits, 0);
        char *end;
        long double shown = strtold(b, &end);
        const char *e = strchr(b, 'e');
        const char *dot = strchr(b, '.');
        int sig = 0, started = 0;
        for (const char *p = b; *p && p != e; p++) {
            if (*p >= '1' && *p <= '9') {
                started = 1;
            }
            sig += started && *p >= '0' && *p <= '9';
        }
        int decimals = dot ? (int)((e ? e : b + strlen(b)) - dot - 1) : 0;
        long double unit = e ? powl(10.0L, (long double)(atoi(e + 1) - decimals)) : powl(10.0L, -decimals);
        int exact = shown == (long double)v;
        ok = *end == '\0' && (sig >= 3 || exact) && fabsl(shown - (long double)v) <= unit / 2 * (1 + 1e-9L) &&
             (e || decimals >= digits) && (e || decimals <= (digits > 4 ? digits : 4) + 2);
        if (!ok) {
            printf("  %.17g at %d digits: \"%s\"\n", v, digits, b);
        }
    }
    CHECK(ok, "every figure keeps 3 significant digits (or is exact) and rounds v correctly");
}

int main(void)
{
    char b[64];
    CHECK_STR(fmt_num(b, sizeof b, 0.34799, 4, 0), "0.3480");
    CHECK_STR(fmt_num(b, sizeof b, 0.34799, 4, FMT_SIGN), "+0.3480");
    CHECK_STR(fmt_num(b, sizeof b, -0.334, 3, FMT_SIGN), "-0.334");
    CHECK_STR(fmt_num(b, sizeof b, -0.00004, 4, FMT_SIGN), "-4.000e-05");
    CHECK_STR(fmt_num(b, sizeof b, -0.00004, 4, 0), "-4.000e-05");
    CHECK_STR(fmt_num(b, sizeof b, -0.0, 4, FMT_SIGN), "0.0000");
    CHECK_STR(fmt_num(b, sizeof b, -0.00005, 4, 0), "-5.000e-05");  /* not -0.0001: twice the value */
    CHECK_STR(fmt_num(b, sizeof b, 0.0, 2, FMT_SIGN), "0.00");
    CHECK_STR(fmt_num(b, sizeof b, 2.5e9, 4, 0), "2.500e+09");
    CHECK_STR(fmt_num(b, sizeof b, NAN, 4, 0), "nan");
    CHECK_STR(fmt_num(b, sizeof b, -INFINITY, 4, 0), "-inf");
    min_sig_cases(b, sizeof b);
    min_sig_random(b, sizeof b);
    CHECK_STR(fmt_exact(b, sizeof b, 0.1), "0.1");
    CHECK_STR(fmt_exact(b, sizeof b, 1000.0), "1000");
    CHECK_STR(fmt_exact(b, sizeof b, 1e20), "1e+20");
    CHECK_STR(fmt_exact(b, sizeof b, 1.0 / 3.0), "0.3333333333333333");
    /* Every value reads back exactly. */
    uint64_t st = 3;
    int exact = 1;
    for (int i = 0; i < 20000; i++) {
        double v = rng_normal(&st) * pow(10.0, (double)(int)(rng_below(&st, 40)) - 20);
        exact &= strtod(fmt_exact(b, sizeof b, v), NULL) == v;
    }
    CHECK(exact, "fmt_exact round-trips");
    fmt_set_ascii(1);
    CHECK_STR(fmt_glyph("σ", "sigma"), "sigma");
    fmt_set_ascii(0);
    CHECK_STR(fmt_glyph("σ", "sigma"), "σ");
    return harness_finish();
}
