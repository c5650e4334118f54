/* unit_fmt.c: number formatting: fixed decimals without -0, scientific for tiny and huge, exact round trips. */
#include <math.h>
#include <stdlib.h>

#include "fmt.h"
#include "harness.h"
#include "rng.h"

int main(void)
{
    char b[64];
    CHECK_STR(fmt_num(b, sizeof b, 0.34799, 4, 0), "0.3480");
    CHECK_STR(fmt_num(b, sizeof b, 0.34799, 4, FMT_SIGN), "+0.3480");
    CHECK_STR(fmt_num(b, sizeof b, -0.334, 3, FMT_SIGN), "-0.334");
    CHECK_STR(fmt_num(b, sizeof b, -0.00004, 4, FMT_SIGN), "-4.000e-05");
    CHECK_STR(fmt_num(b, sizeof b, -0.00004, 4, 0), "-4.000e-05");
    CHECK_STR(fmt_num(b, sizeof b, -0.0, 4, FMT_SIGN), "0.0000");
    CHECK_STR(fmt_num(b, sizeof b, -0.00005, 4, 0), "-0.0001");
    CHECK_STR(fmt_num(b, sizeof b, 0.0, 2, FMT_SIGN), "0.00");
    CHECK_STR(fmt_num(b, sizeof b, 2.5e9, 4, 0), "2.500e+09");
    CHECK_STR(fmt_num(b, sizeof b, NAN, 4, 0), "nan");
    CHECK_STR(fmt_num(b, sizeof b, -INFINITY, 4, 0), "-inf");
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
