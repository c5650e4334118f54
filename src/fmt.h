/* fmt.h: number formatting in one place: fixed decimals, signs, exact round-trip values. */
#ifndef GRADSTEP_FMT_H
#define GRADSTEP_FMT_H

#include <stddef.h>

enum {
    FMT_SIGN = 1,  /* always write a sign: "+0.3480", "-0.3340"; zero is "0.0000" unsigned */
    FMT_FIXED = 2  /* exactly `digits` decimals, for rounded positions such as a plot's axis labels */
};

/* Writes v with `digits` decimals into buf, keeping at least 3 significant digits (README, "set
 * digits"): a value that `digits` decimals would show with fewer gets the decimals it needs
 * (fewer when a shorter figure is exactly v: 1, 0.5), and a value below both 0.0001 and
 * 10^-digits once rounded to 3 significant digits, or of 1e9 or more, is written in scientific
 * form with max(digits, 3) significant digits ("1.23e-05"). Never "-0.0000". Non-finite values
 * are written "nan", "inf", "-inf". With FMT_FIXED: exactly `digits` decimals (scientific only
 * when no significant digit would show, or from 1e9). Returns buf. */
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
