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

/* Decodes one well-formed UTF-8 sequence at s (n bytes left) into *cp and returns its length,
 * or returns 0 when the bytes there are not one (overlong forms and surrogates included). */
static size_t utf8_strict(const unsigned char *s, size_t n, unsigned long *cp)
{
    unsigned char c = s[0];
    size_t len;
    unsigned long v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n) {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return 0;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        return 0;
    }
    *cp = v;
    return len;
}

/* 1 for the invisible code points that reorder or hide text: bidi controls, zero-width
 * characters, line and paragraph separators, the byte-order mark. */
static int is_hidden(unsigned long cp)
{
    return cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

/* Display columns of one code point that is_hidden and control checks have let through. */
static int cp_columns(unsigned long cp)
{
    if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
        (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
        (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0xE0100 && cp <= 0xE01EF)) {
        return 0;
    }
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
        (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
        (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x1FA70 && cp <= 0x1FAFF) ||
        (cp >= 0x20000 && cp <= 0x3FFFD)) {
        return 2;
    }
    return 1;
}

void fmt_safe(strbuf *out, const char *text, size_t n, unsigned flags)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        unsigned long cp;
        size_t len = utf8_strict(s + i, n - i, &cp);
        if (len == 0) {
            sb_puts(out, use_ascii ? "?" : "\xEF\xBF\xBD");  /* U+FFFD for a byte that is not UTF-8 */
            i++;
            continue;
        }
        if ((cp == '\n' && (flags & FMT_SAFE_NL)) || (cp == '\t' && (flags & FMT_SAFE_TAB))) {
            sb_append(out, text + i, 1);
        } else if (cp < 0x20 || cp == 0x7F) {
            char caret[3] = { '^', (char)(cp == 0x7F ? '?' : cp + 0x40), '\0' };
            sb_puts(out, caret);
        } else if ((cp >= 0x80 && cp <= 0x9F) || is_hidden(cp)) {
            sb_printf(out, "<U+%04lX>", cp);
        } else {
            sb_append(out, text + i, len);
        }
        i += len;
    }
}

char *fmt_safe_dup(const char *text)
{
    strbuf sb = { 0 };
    fmt_safe(&sb, text, strlen(text), 0);
    char *d = strdup(sb_str(&sb));
    sb_free(&sb);
    return d;
}

int fmt_is_safe(const char *text, size_t n, unsigned flags)
{
    strbuf sb = { 0 };
    fmt_safe(&sb, text, n, flags);
    int same = sb.len == n && (n == 0 || memcmp(sb.buf, text, n) == 0);
    sb_free(&sb);
    return same;
}

int fmt_width_n(const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    int w = 0;
    size_t i = 0;
    while (i < n) {
        unsigned long cp;
        size_t len = utf8_strict(s + i, n - i, &cp);
        if (len == 0) {
            w++;
            i++;
            continue;
        }
        w += (cp < 0x20 || cp == 0x7F) ? 2 : (cp >= 0x80 && cp <= 0x9F) || is_hidden(cp) ? 8 : cp_columns(cp);
        i += len;
    }
    return w;
}

int fmt_width(const char *utf8)
{
    return fmt_width_n(utf8, strlen(utf8));
}
