/* fmt.c: how gradstep writes numbers: aligned fixed decimals for people, exact values for files. */
#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* The display choice made once at start by main; every text writer reads it. */
static int use_ascii;

void fmt_set_ascii(int ascii)
{
    use_ascii = ascii;
}

int fmt_ascii(void)
{
    return use_ascii;
}

const char *fmt_glyph(const char *utf8, const char *ascii)
{
    return use_ascii ? ascii : utf8;
}

char *fmt_num(char *buf, size_t len, double v, int digits, unsigned flags)
{
    if (digits < 0) {
        digits = 0;
    }
    if (digits > 17) {
        digits = 17;
    }
    if (isnan(v)) {
        snprintf(buf, len, "nan");
        return buf;
    }
    if (isinf(v)) {
        snprintf(buf, len, v > 0 ? "%sinf" : "-inf", (flags & FMT_SIGN) ? "+" : "");
        return buf;
    }
    double mag = fabs(v);
    double smallest = 0.5 * pow(10.0, -digits);
    if (mag >= 1e9 || (mag > 0 && mag < smallest)) {
        int sig = digits > 1 ? digits - 1 : 0;
        snprintf(buf, len, (flags & FMT_SIGN) ? "%+.*e" : "%.*e", sig, v);
        return buf;
    }
    snprintf(buf, len, (flags & FMT_SIGN) ? "%+.*f" : "%.*f", digits, v);
    /* A value that rounds to zero loses its sign: "-0.0000" and "+0.0000" become "0.0000". */
    const char *p = buf;
    if (*p == '-' || *p == '+') {
        p++;
    }
    int nonzero = 0;
    for (const char *q = p; *q; q++) {
        if (*q >= '1' && *q <= '9') {
            nonzero = 1;
            break;
        }
    }
    if (!nonzero && p != buf) {
        snprintf(buf, len, "%.*f", digits, 0.0);
    }
    return buf;
}

char *fmt_exact(char *buf, size_t len, double v)
{
    if (!isfinite(v)) {
        return fmt_num(buf, len, v, 0, 0);
    }
    int prec;
    for (prec = 1; prec < 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) {
            break;
        }
    }
    /* Whole-number magnitudes below 1e17 are written out ("1000", not "1e+03"). */
    double mag = fabs(v);
    if (mag >= 1.0 && mag < 1e17) {
        int digits_before_point = (int)floor(log10(mag)) + 1;
        if (prec < digits_before_point) {
            prec = digits_before_point;
        }
    }
    snprintf(buf, len, "%.*g", prec, v);
    if (v == 0.0) {
        snprintf(buf, len, "0");  /* -0 reads as 0 for people; files use %.17g */
    }
    return buf;
}

