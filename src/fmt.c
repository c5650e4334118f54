/* fmt.c: how gradstep writes numbers: aligned fixed decimals for people, exact values for files. */
#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The significant digits every number keeps whatever `digits` asks for (README, "set digits"):
 * with fewer a rounded figure misleads, 0.125 read as 0.1. */
#define MIN_SIG 3

/* Values below 10^-SCI_BELOW (or 10^-digits when digits is larger) are written in scientific form. */
#define SCI_BELOW 4

/* v in scientific form with at least MIN_SIG significant digits ("1.23e-05"). */
static char *put_sci(char *buf, size_t len, double v, int digits, unsigned flags)
{
    int sig = digits > MIN_SIG ? digits : MIN_SIG;
    snprintf(buf, len, (flags & FMT_SIGN) ? "%+.*e" : "%.*e", sig - 1, v);
    return buf;
}

/* v with exactly `decimals` decimals; a value that rounds to zero is written as an unsigned zero. */
static char *put_fixed(char *buf, size_t len, double v, int decimals, unsigned flags)
{
    snprintf(buf, len, (flags & FMT_SIGN) ? "%+.*f" : "%.*f", decimals, v);
    const char *p = buf;
    if (*p == '-' || *p == '+') {
        p++;
    }
    for (const char *q = p; *q; q++) {
        if (*q >= '1' && *q <= '9') {
            return buf;
        }
    }
    if (p != buf) {
        snprintf(buf, len, "%.*f", decimals, 0.0);  /* "-0.0000" and "+0.0000" read as 0.0000 */
    }
    return buf;
}

/* The power of ten of v's leading digit once v is rounded to MIN_SIG significant digits
 * (0.0009996 counts as 0.00100: -3). */
static int lead_exponent(double v)
{
    char e[48];
    snprintf(e, sizeof e, "%.*e", MIN_SIG - 1, v);
    const char *p = strchr(e, 'e');
    return p ? atoi(p + 1) : 0;
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
    if (flags & FMT_FIXED) {
        if (mag >= 1e9 || (mag > 0 && mag < 0.5 * pow(10.0, -digits))) {
            return put_sci(buf, len, v, digits, flags);
        }
        return put_fixed(buf, len, v, digits, flags);
    }
    if (mag == 0) {
        return put_fixed(buf, len, 0.0, digits, flags);
    }
    /* Scientific below both 0.0001 and 10^-digits: fixed figures then need at most
     * max(digits, 4) + 2 decimals, and a value keeps its notation when fewer decimals are asked
     * for (the Formula pane's terms). */
    int e = lead_exponent(v);
    if (e >= 9 || e < -(digits > SCI_BELOW ? digits : SCI_BELOW)) {
        return put_sci(buf, len, v, digits, flags);
    }
    /* Decimals for MIN_SIG significant digits; fewer when they already write v exactly (1,
     * 0.5, 7.36 as a data file gives them). */
    int want = MIN_SIG - 1 - e > digits ? MIN_SIG - 1 - e : digits;
    for (int d = digits; d < want; d++) {
        put_fixed(buf, len, v, d, flags);
        if (strtod(buf, NULL) == v) {
            return buf;
        }
    }
    return put_fixed(buf, len, v, want, flags);
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

