/* fmt.h: number formatting in one place: fixed decimals, signs, exact round-trip values. */
#ifndef GRADSTEP_FMT_H
#define GRADSTEP_FMT_H

#include <stddef.h>

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


#endif
