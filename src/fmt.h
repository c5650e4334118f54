/* fmt.h: number formatting in one place: fixed decimals, signs, exact round-trip values. */
#ifndef GRADSTEP_FMT_H
#define GRADSTEP_FMT_H

#include <stddef.h>

#include "strbuf.h"

enum {
    FMT_SIGN = 1  /* always write a sign: "+0.3480", "-0.3340"; zero is "0.0000" unsigned */
};

/* Writes v with `digits` decimals into buf (never "-0.0000": a value that rounds to zero is
 * written as zero). Values too large (|v| >= 1e9) or too small to show a significant digit
 * (0 < |v| < 0.5e-digits) are written in scientific form with `digits` significant digits
 * ("1.234e-07"). Non-finite values are written "nan", "inf", "-inf". Returns buf. */
char *fmt_num(char *buf, size_t len, double v, int digits, unsigned flags);

/* Writes the shortest decimal that reads back as exactly v (at most 17 significant digits).
 * Returns buf. */
char *fmt_exact(char *buf, size_t len, double v);

/* Chooses, once at start, whether text uses UTF-8 glyphs (σ Σ ∂ η λ −) or ASCII names. */
void fmt_set_ascii(int ascii);

/* 1 when ASCII was chosen. */
int fmt_ascii(void);

/* utf8 or ascii, whichever the start-up choice asks for: fmt_glyph("σ", "sigma"). */
const char *fmt_glyph(const char *utf8, const char *ascii);

/* Display columns of UTF-8 text as fmt_safe shows it: wide (CJK, emoji) characters count 2,
 * combining marks 0, a control character 2 ("^["), a hidden one 8 ("<U+202E>"), a byte that is
 * not UTF-8 1. */
int fmt_width(const char *utf8);

/* fmt_width of text[0..n). */
int fmt_width_n(const char *text, size_t n);

/* Flags of fmt_safe: which whitespace controls are kept as they are. */
enum {
    FMT_SAFE_NL = 1,   /* keep '\n' (multi-line output) */
    FMT_SAFE_TAB = 2   /* keep '\t' */
};

/* The one sanitizer for text that came from a file, an argument or the user, applied before
 * it reaches a terminal: appends text[0..n) to out with control characters shown in caret form
 * (ESC as "^[", BEL as "^G", DEL as "^?"; '\n' and '\t' kept when flags ask), C1 controls,
 * bidi controls and zero-width characters shown as "<U+202E>", and each byte that is not
 * well-formed UTF-8 replaced by U+FFFD ("?" under ASCII). Safe text comes out unchanged, and
 * what comes out is safe (sanitizing twice changes nothing). */
void fmt_safe(strbuf *out, const char *text, size_t n, unsigned flags);

/* fmt_safe of a NUL-terminated string (one line: no '\n' or '\t' kept) as a malloc'd copy,
 * or NULL when out of memory. */
char *fmt_safe_dup(const char *text);

/* 1 when fmt_safe with these flags would leave text[0..n) unchanged. */
int fmt_is_safe(const char *text, size_t n, unsigned flags);

#endif
