/* dataset.c: reads and checks training sets (delimiter and header detection, exact error places) and writes them back. */
#include "dataset.h"
#include "text.h"

#include "fileio.h"
#include "strbuf.h"
#include "errbuf.h"
#include "suggest.h"
#include "xmem.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef GRADSTEP_DATADIR
#define GRADSTEP_DATADIR "/usr/local/share/gradstep"
#endif

/* The default dataset's text, generated from datasets/and.csv by tools/embed.sh. */
extern const char gradstep_default_dataset[];
extern const size_t gradstep_default_dataset_len;

#define DEFAULT_NAME "and"
#define SHOW_MAX 40 /* output bytes of a quoted field before it is shortened with an ellipsis */

/* ---------------------------------------------------------------- messages */

/* Length of the valid UTF-8 sequence at s (at most avail bytes), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t avail)
{
    size_t n;
    unsigned c = s[0];
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
    } else {
        return 0;
    }
    if (n > avail) {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return 0;
        }
    }
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) || (c == 0xF0 && s[1] < 0x90) ||
        (c == 0xF4 && s[1] >= 0x90)) {
        return 0;
    }
    return n;
}

/* Writes s (len bytes) into dst for a one-line message: control and invalid bytes escaped
 * (\t, \xNN), quotes and backslashes escaped, and cut with "…" when long. */
static void show_text(char *dst, size_t dstlen, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        char piece[8];
        size_t plen, adv = 1;
        unsigned c = u[i];
        if (c == '"' || c == '\\') {
            piece[0] = '\\';
            piece[1] = (char)c;
            plen = 2;
        } else if (c == '\t') {
            memcpy(piece, "\\t", 2);
            plen = 2;
        } else if (c < 0x20 || c == 0x7F) {
            snprintf(piece, sizeof piece, "\\x%02X", c);
            plen = 4;
        } else if (c < 0x80) {
            piece[0] = (char)c;
            plen = 1;
        } else if ((adv = utf8_len(u + i, len - i)) > 0) {
            memcpy(piece, u + i, adv);
            plen = adv;
        } else {
            snprintf(piece, sizeof piece, "\\x%02X", c);
            plen = 4;
            adv = 1;
        }
        if (o + plen > SHOW_MAX && i + adv < len) {
            if (o + 4 <= dstlen) {
                memcpy(dst + o, "\xE2\x80\xA6", 3); /* … */
                o += 3;
            }
            break;
        }
        if (o + plen + 1 > dstlen) {
            break;
        }
        memcpy(dst + o, piece, plen);
        o += plen;
        i += adv;
    }
    if (dstlen > 0) {
        dst[o < dstlen ? o : dstlen - 1] = '\0';
    }
}

/* Writes "WHERE[:LINE[:COL]]: MESSAGE" into err (line 0 means the whole file, col 0 the whole line). */
static void place_error(char *err, size_t errlen, const char *where, size_t line, size_t col,
                        const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void place_error(char *err, size_t errlen, const char *where, size_t line, size_t col,
                        const char *fmt, ...)
{
    if (!err || errlen == 0) {
        return;
    }
    int w;
    if (line && col) {
        w = snprintf(err, errlen, "%s:%zu:%zu: ", where, line, col);
    } else if (line) {
        w = snprintf(err, errlen, "%s:%zu: ", where, line);
    } else {
        w = snprintf(err, errlen, "%s: ", where);
    }
    if (w < 0 || (size_t)w >= errlen) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + w, errlen - (size_t)w, fmt, ap);
    va_end(ap);
}

/* ---------------------------------------------------------------- numbers */

/* Numbers are read in the C locale whatever LC_NUMERIC the program runs under. */
typedef struct {
    locale_t c;
    locale_t old;
} c_numeric;

static void c_numeric_enter(c_numeric *cn)
{
    cn->c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    cn->old = cn->c ? uselocale(cn->c) : (locale_t)0;
}

static void c_numeric_leave(c_numeric *cn)
{
    if (cn->c) {
        uselocale(cn->old);
        freelocale(cn->c);
    }
}

/* Calls a progress function in the caller's locale (it may draw wide characters, which the
 * parse's C locale cannot), then returns to the C locale. */
static int report_progress(c_numeric *cn, dataset_progress_fn progress, void *pctx, long done, long total)
{
    if (cn->c) {
        uselocale(cn->old);
    }
    int stop = progress(pctx, done, total);
    if (cn->c) {
        uselocale(cn->c);
    }
    return stop;
}

/* Why a field is not a number (NUM_COMMA_FILE: a decimal comma where commas also separate
 * fields; NUM_MARK_MIX: a decimal mark other than the one the file used before). */
enum { NUM_OK = 0, NUM_NOT, NUM_NONFINITE, NUM_NOTPLAIN, NUM_RANGE, NUM_DECIMAL_COMMA,
       NUM_COMMA_FILE, NUM_MARK_MIX };

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* 1 when s is digits "," digits with an optional exponent: a number written with a decimal comma. */
static int decimal_comma(const char *s)
{
    if (*s == '+' || *s == '-') {
        s++;
    }
    if (!is_digit(*s)) {
        return 0;
    }
    while (is_digit(*s)) {
        s++;
    }
    if (*s++ != ',' || !is_digit(*s)) {
        return 0;
    }
    while (is_digit(*s)) {
        s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-') {
            s++;
        }
        if (!is_digit(*s)) {
            return 0;
        }
        while (is_digit(*s)) {
            s++;
        }
    }
    return *s == '\0';
}

/* Reads the NUL-terminated field s as plain decimal notation ([+-]digits[.digits][e[+-]digits]).
 * Returns NUM_OK with *v, or why it is not a usable number; *point (may be NULL) says whether it
 * has a decimal point. Exact: small cases are computed with one correctly rounded operation, the
 * rest by strtod (in the C locale). */
/* The digits of a decimal number as read so far: up to 19 significant ones exactly in mant. */
typedef struct {
    uint64_t mant;
    int ndig, sig, frac, big;
} digit_scan;

/* Reads the digits at p into sc (frac: they follow the decimal point); returns where they end. */
static const char *scan_digits(const char *p, digit_scan *sc, int frac)
{
    while (is_digit(*p)) {
        if (sc->sig < 19) {
            sc->mant = sc->mant * 10 + (uint64_t)(*p - '0');
            if (sc->mant) {
                sc->sig++;
            }
            sc->frac += frac;
        } else {
            sc->big = 1;
        }
        sc->ndig++;
        p++;
    }
    return p;
}

/* Reads an exponent's sign and digits after the "e" at p into *ex (capped far beyond any double's
 * range); returns where it ends, or NULL when no digit follows. */
static const char *scan_exponent(const char *p, long *ex)
{
    int eneg = 0;
    if (*p == '+' || *p == '-') {
        eneg = *p == '-';
        p++;
    }
    if (!is_digit(*p)) {
        return NULL;
    }
    while (is_digit(*p)) {
        if (*ex < 100000) {
            *ex = *ex * 10 + (*p - '0');
        }
        p++;
    }
    if (eneg) {
        *ex = -*ex;
    }
    return p;
}

/* What a field that is not a plain decimal number is: NUM_NOTPLAIN (strtod reads it: hex,
 * inf...), NUM_NONFINITE, NUM_DECIMAL_COMMA or NUM_NOT. */
static int not_plain(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\0') {
        return NUM_NOT; /* strtod would skip leading blanks */
    }
    char *end;
    double t = strtod(s, &end);
    if (end != s && *end == '\0') {
        return isfinite(t) ? NUM_NOTPLAIN : NUM_NONFINITE;
    }
    return decimal_comma(s) ? NUM_DECIMAL_COMMA : NUM_NOT;
}

static int read_number(const char *s, double *v, int *point)
{
    const char *p = s;
    int neg = 0;
    if (*p == '+' || *p == '-') {
        neg = *p == '-';
        p++;
    }
    digit_scan sc = { 0, 0, 0, 0, 0 };
    p = scan_digits(p, &sc, 0);
    if (*p == '.') {
        p++;
        if (point) {
            *point = 1;
        }
        p = scan_digits(p, &sc, 1);
    }
    long ex = 0;
    int plain = sc.ndig > 0;
    if (plain && (*p == 'e' || *p == 'E')) {
        p = scan_exponent(p + 1, &ex);
        plain = p != NULL;
    }
    if (!plain || *p != '\0') {
        return not_plain(s);
    }
    long e10 = ex - sc.frac;
    if (!sc.big && sc.mant <= (UINT64_C(1) << 53) && e10 >= -22 && e10 <= 22) {
        double m = (double)sc.mant;
        double r = e10 >= 0 ? m * pow10_exact[e10] : m / pow10_exact[-e10];
        *v = neg ? -r : r;
        return NUM_OK;
    }
    double t = strtod(s, NULL);
    if (!isfinite(t)) {
        return NUM_RANGE;
    }
    *v = t;
    return NUM_OK;
}

/* 1 when the field would be taken for a number (even one later rejected, like nan or 1e400):
 * a first row made only of such fields is data, not a header. */
static int number_like(const char *s)
{
    double v;
    int r = read_number(s, &v, NULL);
    return r != NUM_NOT;
}

/* ---------------------------------------------------------------- fields */

typedef struct {
    char *s;    /* NUL-terminated in the parse buffer, trimmed and unquoted */
    size_t len;
    int quoted;
} field;

typedef struct {
    field *v;
    size_t n, cap;
} fieldvec;

static int fields_push(fieldvec *fv, char *s, size_t len, int quoted)
{
    if (fv->n == fv->cap) {
        size_t ncap = fv->cap ? fv->cap * 2 : 16;
        field *nv = realloc(fv->v, ncap * sizeof *nv);
        if (!nv) {
            return -1;
        }
        fv->v = nv;
        fv->cap = ncap;
    }
    fv->v[fv->n].s = s;
    fv->v[fv->n].len = len;
    fv->v[fv->n].quoted = quoted;
    fv->n++;
    return 0;
}

enum { SPLIT_OK = 0, SPLIT_NOMEM, SPLIT_OPEN_QUOTE, SPLIT_AFTER_QUOTE };

/* Reads a quoted field starting at the quote *p; unescapes "" in place and NUL-terminates it.
 * Returns the position just after the closing quote, or NULL when the quote never closes. */
static char *read_quoted(char *p, char **start, size_t *len)
{
    char *r = p + 1, *w = p;
    *start = p;
    for (;;) {
        if (*r == '\0') {
            return NULL;
        }
        if (*r == '"') {
            if (r[1] == '"') {
                *w++ = '"';
                r += 2;
                continue;
            }
            r++;
            break;
        }
        *w++ = *r++;
    }
    *len = (size_t)(w - *start);
    /* The terminating NUL is written by the caller once it has looked at what follows. */
    return r;
}

/* Splits a line whose fields are separated by runs of blanks (spaces or tabs). */
static int split_blanks(char *p, fieldvec *fv, size_t *bad)
{
    for (;;) {
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        if (*p == '\0') {
            return SPLIT_OK;
        }
        char *s;
        size_t len;
        int quoted = *p == '"';
        if (quoted) {
            char *r = read_quoted(p, &s, &len);
            if (!r) {
                *bad = fv->n + 1;
                return SPLIT_OPEN_QUOTE;
            }
            if (*r != '\0' && *r != ' ' && *r != '\t') {
                *bad = fv->n + 1;
                return SPLIT_AFTER_QUOTE;
            }
            p = *r ? r + 1 : r;
            s[len] = '\0';
        } else {
            s = p;
            while (*p && *p != ' ' && *p != '\t') {
                p++;
            }
            len = (size_t)(p - s);
            if (*p) {
                *p++ = '\0';
            }
        }
        if (fields_push(fv, s, len, quoted) != 0) {
            return SPLIT_NOMEM;
        }
    }
}

/* Splits the NUL-terminated line in place into fields. delim is ',', ';' or '\t', or ' ' for
 * runs of spaces and tabs. On failure *bad is the 1-based field where it happened. */
static int split_line(char *line, char delim, fieldvec *fv, size_t *bad)
{
    fv->n = 0;
    char *p = line;
    if (delim == ' ') {
        return split_blanks(p, fv, bad);
    }
    int tab_is_blank = delim != '\t';
    for (;;) {
        while (*p == ' ' || (tab_is_blank && *p == '\t')) {
            p++;
        }
        char *s;
        size_t len;
        int quoted = *p == '"', more;
        if (quoted) {
            char *r = read_quoted(p, &s, &len);
            if (!r) {
                *bad = fv->n + 1;
                return SPLIT_OPEN_QUOTE;
            }
            while (*r == ' ' || (tab_is_blank && *r == '\t')) {
                r++;
            }
            if (*r != '\0' && *r != delim) {
                *bad = fv->n + 1;
                return SPLIT_AFTER_QUOTE;
            }
            more = *r == delim;
            p = more ? r + 1 : r;
            s[len] = '\0';
        } else {
            s = p;
            while (*p && *p != delim) {
                p++;
            }
            more = *p == delim;
            char *e = p;
            while (e > s && (e[-1] == ' ' || (tab_is_blank && e[-1] == '\t'))) {
                e--;
            }
            len = (size_t)(e - s);
            if (more) {
                p++;
            }
            *e = '\0';
        }
        if (fields_push(fv, s, len, quoted) != 0) {
            return SPLIT_NOMEM;
        }
        if (!more) {
            break;
        }
    }
    /* One delimiter at the very end of a line is ignored: some spreadsheets write it. */
    if (fv->n >= 2 && fv->v[fv->n - 1].len == 0 && !fv->v[fv->n - 1].quoted) {
        fv->n--;
    }
    return SPLIT_OK;
}

static int number_like(const char *s);

/* 1 when a tab-separated field of the first row is really several numbers separated by spaces
 * ("1  2" in "1  2<TAB>0"): the file then uses spaces and tabs alike as blanks. */
static int spaced_numbers(const char *line)
{
    size_t n = strlen(line);
    char *copy = malloc(n + 1);
    if (!copy) {
        return 0;
    }
    memcpy(copy, line, n + 1);
    int found = 0;
    for (char *f = strtok(copy, "\t"); f && !found; f = strtok(NULL, "\t")) {
        int tokens = 0, numeric = 1;
        for (char *t = f; *t;) {
            while (*t == ' ') {
                t++;
            }
            if (!*t) {
                break;
            }
            char *e = t;
            while (*e && *e != ' ') {
                e++;
            }
            char keep = *e;
            *e = '\0';
            numeric &= number_like(t);
            tokens++;
            *e = keep;
            t = e;
        }
        found = tokens >= 2 && numeric;
    }
    free(copy);
    return found;
}

/* 1 when every field of line split at delim is a number written with a decimal comma or none. */
static int comma_numbers(const char *line, char delim)
{
    char field[64];
    for (const char *p = line;;) {
        size_t n = strcspn(p, (char[]){ delim, '\0' });
        const char *s = p, *e = p + n;
        while (s < e && (*s == ' ' || *s == '\t')) {
            s++;
        }
        while (e > s && (e[-1] == ' ' || e[-1] == '\t')) {
            e--;
        }
        if ((size_t)(e - s) >= sizeof field) {
            return 0;
        }
        memcpy(field, s, (size_t)(e - s));
        field[e - s] = '\0';
        if (!decimal_comma(field) && !number_like(field)) {
            return 0;
        }
        if (!p[n]) {
            return 1;
        }
        p += n + 1;
    }
}

/* Chooses the file's delimiter from its first row: the most frequent of tab, semicolon and comma
 * outside quotes (ties in that order), or runs of spaces and tabs when there is none of them, or
 * when tabs and spaces both separate numbers. */
static char detect_delim(const char *line)
{
    size_t tabs = 0, semis = 0, commas = 0;
    int inq = 0;
    for (const char *p = line; *p; p++) {
        if (*p == '"') {
            inq = !inq;
        } else if (!inq) {
            tabs += *p == '\t';
            semis += *p == ';';
            commas += *p == ',';
        }
    }
    if (tabs == 0 && semis == 0 && commas == 0) {
        return ' ';
    }
    if (tabs >= semis && tabs >= commas) {
        return spaced_numbers(line) ? ' ' : '\t';
    }
    if (semis >= commas) {
        return ';';
    }
    /* More commas than semicolons or tabs: decimal commas in every field ("0,5;0,25") still
     * leave the semicolons or tabs as the delimiter. */
    if (semis && comma_numbers(line, ';')) {
        return ';';
    }
    return tabs && comma_numbers(line, '\t') ? '\t' : ',';
}

/* ---------------------------------------------------------------- parsing */

/* A copy of s made safe for a terminal (text_safe: control characters in caret form, bidi and
 * zero-width characters as <U+XXXX>, bytes that are not UTF-8 replaced), so that a name prints on
 * one line as written and keeps its width in tables. */
static char *dup_clean(const char *s)
{
    return text_safe_dup(s);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* ---------------------------------------------------------------- options */

void dataset_options_free(dataset_options *o)
{
    free(o->target);
    free(o->ignore);
    o->target = o->ignore = NULL;
}

int dataset_options_add(dataset_options *o, const char *key, const char *value, char *err,
                        size_t errlen)
{
    int target = strcmp(key, "target") == 0;
    if (!target && strcmp(key, "ignore") != 0) {
        snprintf(err, errlen, "unknown option %s= (target=COL, ignore=COL,...)", key);
        return -1;
    }
    if (!*value) {
        snprintf(err, errlen, "%s= needs a column: a header name or a number from 1", key);
        return -1;
    }
    if (target && o->target) {
        snprintf(err, errlen, "target= is given twice");
        return -1;
    }
    size_t had = target || !o->ignore ? 0 : strlen(o->ignore), vlen = strlen(value);
    char *s = realloc(target ? NULL : o->ignore, had + vlen + 2);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (had) {
        s[had++] = ',';
    }
    memcpy(s + had, value, vlen + 1);
    if (target) {
        o->target = s;
    } else {
        o->ignore = s;
    }
    return 0;
}

int dataset_options_take(dataset_options *o, const char *word, char *err, size_t errlen)
{
    if (strncmp(word, "target=", 7) == 0) {
        return dataset_options_add(o, "target", word + 7, err, errlen);
    }
    if (strncmp(word, "ignore=", 7) == 0) {
        return dataset_options_add(o, "ignore", word + 7, err, errlen);
    }
    return 1;
}

/* ---------------------------------------------------------------- the parser's state */

enum { COL_INPUT = 0, COL_TARGET, COL_IGNORED };
enum { MARK_NONE = 0, MARK_POINT, MARK_COMMA };

/* A text column with at most this many different values could become one-hot inputs. */
#define TEXT_FEW 8

/* An input column where text was met (its fields in the parse buffer). */
typedef struct {
    size_t count;                       /* rows whose field here is text */
    size_t line;                        /* where the first one is */
    const char *distinct[TEXT_FEW + 1]; /* the first different values, in order */
    size_t ndistinct;
} text_column;

/* ---------------------------------------------------------------- class labels */

/* Most classes a target column may have (one output neuron each). */
#define CLASS_MAX 256

/* One target field seen while a file is read. */
typedef struct {
    size_t line, col;
    field f;
    int seen;
} target_spot;

/* The target column's class labels while a file is read: each row's field as written, and the first
 * field of each kind (for messages that name the place). */
typedef struct {
    const char **text;     /* row i's target field (NUL-terminated in the parse buffer) */
    target_spot first_text, first_num, first_outside, first_fraction;
} label_col;

static void spot(target_spot *s, const field *f, size_t line, size_t col)
{
    if (!s->seen) {
        s->seen = 1;
        s->f = *f;
        s->line = line;
        s->col = col;
    }
}

/* One row's label, sortable: numbers by value, text by bytes; ties by row (the first as written). */
typedef struct {
    double v;
    const char *s;
    size_t row;
    size_t cls;     /* the row's class, once numbered */
} label_key;

static int cmp_num_labels(const void *a, const void *b)
{
    const label_key *p = a, *q = b;
    if (p->v != q->v) {
        return p->v < q->v ? -1 : 1;
    }
    return p->row < q->row ? -1 : p->row > q->row;
}

static int cmp_text_labels(const void *a, const void *b)
{
    const label_key *p = a, *q = b;
    int c = strcmp(p->s, q->s);
    if (c != 0) {
        return c;
    }
    return p->row < q->row ? -1 : p->row > q->row;
}

/* Numbers the classes of the n labels (text when is_text, else the numbers in y) in order, replaces
 * y[i] with row i's class (0, 1, ...) and returns the names as first written in *names. Returns the
 * number of classes, or 0 when out of memory. */
static size_t number_classes(const label_col *tc, double *y, size_t n, int is_text, char ***names)
{
    label_key *keys = malloc(n * sizeof *keys);
    if (!keys) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        keys[i] = (label_key){ y[i], tc->text[i], i, 0 };
    }
    qsort(keys, n, sizeof *keys, is_text ? cmp_text_labels : cmp_num_labels);
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        int fresh = i == 0 || (is_text ? strcmp(keys[i].s, keys[i - 1].s) != 0 : keys[i].v != keys[i - 1].v);
        c += fresh;
        keys[i].cls = c - 1;
    }
    char **nm = calloc(c, sizeof *nm);
    int fail = !nm;
    for (size_t i = 0, q = 0; !fail && i < n; i++) {
        if (i == 0 || keys[i].cls != keys[i - 1].cls) {
            nm[q] = dup_clean(keys[i].s);
            fail = !nm[q++];
        }
    }
    if (fail) {
        for (size_t q = 0; nm && q < c; q++) {
            free(nm[q]);
        }
        free(nm);
        free(keys);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        y[keys[i].row] = (double)keys[i].cls;
    }
    free(keys);
    *names = nm;
    return c;
}

/* After the last row: decides whether the target column holds numbers in [0,1] (nothing to do,
 * *nclasses = 0) or class labels (text, or whole numbers not all 0 and 1), and numbers the classes.
 * Returns 0, or -1 with a message naming the place. */
static int target_classes(label_col *tc, double *y, size_t n, const char *where, size_t *nclasses,
                          char ***names, const char *target_name, char *err, size_t errlen)
{
    char shown[SHOW_MAX + 8];
    *nclasses = 0;
    *names = NULL;
    if (!tc->first_text.seen && !tc->first_outside.seen) {
        return 0;
    }
    const target_spot *o = &tc->first_outside;
    if (!tc->first_text.seen && tc->first_fraction.seen) {
        show_text(shown, sizeof shown, o->f.s, o->f.len);
        place_error(err, errlen, where, o->line, o->col, "label %s is outside [0,1]", shown);
        return -1;
    }
    int is_text = tc->first_text.seen;
    size_t c = number_classes(tc, y, n, is_text, names);
    if (c == 0) {
        place_error(err, errlen, where, 0, 0, "out of memory");
        return -1;
    }
    *nclasses = c;
    if (c == 1 || c > CLASS_MAX) {
        if (c == 1 && !is_text) {
            show_text(shown, sizeof shown, o->f.s, o->f.len);
            place_error(err, errlen, where, o->line, o->col, "label %s is outside [0,1]", shown);
        } else if (c == 1) {
            show_text(shown, sizeof shown, (*names)[0], strlen((*names)[0]));
            place_error(err, errlen, where, 0, 0,
                        "the target column \"%s\" holds one class only (\"%s\"); a classification needs two or more",
                        target_name, shown);
        } else {
            place_error(err, errlen, where, 0, 0, "the target column \"%s\" has %zu classes; at most %d", target_name,
                        c, CLASS_MAX);
        }
        for (size_t q = 0; q < c; q++) {
            free((*names)[q]);
        }
        free(*names);
        *names = NULL;
        *nclasses = 0;
        return -1;
    }
    return 0;
}

/* What the target column held so far: numbers in [0,1], or one pair of words read as 0 and 1. */
typedef struct {
    int pair;               /* -1 until a word is read, else its pair in bool_words */
    int numbers;            /* 1 once a number is read */
    size_t line;            /* the line of the first value */
    const char *spelling[2];/* how the file writes the pair's 0 word and 1 word (first seen) */
} target_reader;

typedef struct {
    const char *where;
    const dataset_options *opt;
    char *err;
    size_t errlen;
    size_t lineno;
    fieldvec fv;
    char delim;
    int comma_ok;           /* 1 when a comma inside a field can only be a decimal mark */
    int mark;               /* the decimal mark the numbers used so far (MARK_*) */
    size_t mark_line;       /* where it was first used */
    int has_header;
    size_t ncols;           /* fields of every row */
    char **names;           /* ncols header names (in the parse buffer), or NULL */
    unsigned char *role;    /* ncols roles (COL_*) */
    size_t *slot;           /* ncols: an input column's place among the inputs */
    size_t target_col;
    size_t k, n, cap;       /* inputs, rows read, rows x and y hold */
    double *x, *y;
    target_reader tr;
    label_col lc;           /* the target's fields as written, for class labels */
    size_t nclasses;        /* classes of a label column once the rows are read, else 0 */
    char **class_names;
    text_column *text;      /* ncols, once an input field is text, else NULL */
    size_t shape_line;      /* the line of a "# shape: ROWSxCOLS" comment, or 0 */
    size_t shape_rows, shape_cols;
} parser;

static void parser_free(parser *p)
{
    free(p->fv.v);
    free(p->names);
    free(p->role);
    free(p->slot);
    free(p->x);
    free(p->y);
    free(p->text);
    free(p->lc.text);
    for (size_t q = 0; p->class_names && q < p->nclasses; q++) {
        free(p->class_names[q]);
    }
    free(p->class_names);
}

/* ---------------------------------------------------------------- choosing columns */

/* Case-insensitive ASCII comparison: 0 when a and b are equal but for case. */
static int ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = (*a >= 'A' && *a <= 'Z') ? *a + 32 : *a;
        int cb = (*b >= 'A' && *b <= 'Z') ? *b + 32 : *b;
        if (ca != cb || !ca) {
            return ca - cb;
        }
    }
}

/* Writes "name" (up to 8 of them, then "…") of p's columns, for a one-line message. */
static void column_list(const parser *p, char *dst, size_t dstlen)
{
    size_t o = 0;
    dst[0] = '\0';
    for (size_t j = 0; j < p->ncols && o + 1 < dstlen; j++) {
        char shown[SHOW_MAX + 8];
        if (j == 8) {
            snprintf(dst + o, dstlen - o, ", \xE2\x80\xA6 (%zu columns)", p->ncols);
            return;
        }
        show_text(shown, sizeof shown, p->names[j], strlen(p->names[j]));
        int w = snprintf(dst + o, dstlen - o, "%s%s", j ? ", " : "", shown);
        o += w > 0 ? (size_t)w : 0;
    }
}

/* 1 when s is all digits (a column number). */
static int all_digits(const char *s)
{
    if (!*s) {
        return 0;
    }
    for (; *s; s++) {
        if (!is_digit(*s)) {
            return 0;
        }
    }
    return 1;
}

/* The header column named spec: exactly, else the only one equal to it but for case. Returns the
 * column, ncols when none, ncols + 1 when several. */
static size_t column_named(const parser *p, const char *spec)
{
    size_t found = p->ncols, loose = p->ncols, nloose = 0;
    for (size_t j = 0; j < p->ncols; j++) {
        if (strcmp(p->names[j], spec) == 0) {
            if (found != p->ncols) {
                return p->ncols + 1;
            }
            found = j;
        } else if (ascii_casecmp(p->names[j], spec) == 0) {
            loose = j;
            nloose++;
        }
    }
    if (found != p->ncols) {
        return found;
    }
    return nloose > 1 ? p->ncols + 1 : loose;
}

/* Finds the column spec names for option key (a number from 1 or a header name) into *col
 * (0-based). Returns 0, or -1 with "WHERE: KEY=SPEC: REASON" in p->err. */
static int find_column(parser *p, const char *key, const char *spec, size_t *col)
{
    char shown[SHOW_MAX + 8], list[512];
    show_text(shown, sizeof shown, spec, strlen(spec));
    if (all_digits(spec)) {
        unsigned long long c = strtoull(spec, NULL, 10);
        if (c >= 1 && c <= p->ncols) {
            *col = (size_t)c - 1;
            return 0;
        }
        place_error(p->err, p->errlen, p->where, 0, 0, "%s=%s: no column %s (the file has %zu column%s)",
                    key, shown, shown, p->ncols, p->ncols == 1 ? "" : "s");
        return -1;
    }
    if (!p->has_header) {
        place_error(p->err, p->errlen, p->where, 0, 0,
                    "%s=%s: the file has no header row, so its columns go by number (1 to %zu)", key,
                    shown, p->ncols);
        return -1;
    }
    size_t c = column_named(p, spec);
    if (c < p->ncols) {
        *col = c;
        return 0;
    }
    if (c == p->ncols + 1) {
        place_error(p->err, p->errlen, p->where, 0, 0,
                    "%s=%s: several columns have that name; give its number instead", key, shown);
        return -1;
    }
    const char *nearest = suggest_nearest(spec, (const char *const *)p->names, p->ncols);
    if (nearest) {
        char near[SHOW_MAX + 8];
        show_text(near, sizeof near, nearest, strlen(nearest));
        place_error(p->err, p->errlen, p->where, 0, 0, "%s=%s: no column \"%s\"; did you mean \"%s\"?",
                    key, shown, shown, near);
        return -1;
    }
    column_list(p, list, sizeof list);
    place_error(p->err, p->errlen, p->where, 0, 0, "%s=%s: no column \"%s\" (columns: %s)", key, shown,
                shown, list);
    return -1;
}

/* Marks each column of the comma-separated list p->opt->ignore as ignored. Returns 0 or -1. */
static int ignore_columns(parser *p)
{
    const char *list = p->opt->ignore;
    char *item = malloc(strlen(list) + 1);
    if (!item) {
        place_error(p->err, p->errlen, p->where, 0, 0, "out of memory");
        return -1;
    }
    int rc = 0;
    for (const char *s = list; rc == 0;) {
        size_t len = strcspn(s, ",");
        memcpy(item, s, len);
        item[len] = '\0';
        size_t col;
        if (len == 0) {
            place_error(p->err, p->errlen, p->where, 0, 0, "ignore=: an empty column name in the list");
            rc = -1;
        } else if (find_column(p, "ignore", item, &col) != 0) {
            rc = -1;
        } else if (col == p->target_col) {
            place_error(p->err, p->errlen, p->where, 0, 0,
                        "ignore=%s: column %zu is the target; choose another with target=", item,
                        col + 1);
            rc = -1;
        } else {
            p->role[col] = COL_IGNORED;
        }
        if (!s[len]) {
            break;
        }
        s += len + 1;
    }
    free(item);
    return rc;
}

/* Gives each column its role from the options (the last column is the target by default) and
 * each input its place. Returns 0, or -1 with the option's problem in p->err. */
static int choose_columns(parser *p)
{
    p->role = calloc(p->ncols, 1);
    p->slot = calloc(p->ncols, sizeof *p->slot);
    if (!p->role || !p->slot) {
        place_error(p->err, p->errlen, p->where, 0, 0, "out of memory");
        return -1;
    }
    p->target_col = p->ncols - 1;
    if (p->opt && p->opt->target && find_column(p, "target", p->opt->target, &p->target_col) != 0) {
        return -1;
    }
    if (p->opt && p->opt->ignore && ignore_columns(p) != 0) {
        return -1;
    }
    p->role[p->target_col] = COL_TARGET;
    p->k = 0;
    for (size_t j = 0; j < p->ncols; j++) {
        if (p->role[j] == COL_INPUT) {
            p->slot[j] = p->k++;
        }
    }
    return 0;
}

/* Writes how a hint names column j in an option: its header name when that is one plain word
 * used by no other column, else its number. */
static void column_ref(const parser *p, size_t j, char *dst, size_t dstlen)
{
    const char *nm = p->has_header ? p->names[j] : "";
    int plain = *nm && !all_digits(nm) && strlen(nm) < 40 && column_named(p, nm) == j;
    for (const unsigned char *u = (const unsigned char *)nm; *u && plain; u++) {
        plain = *u > 0x20 && *u != 0x7F && !strchr(",\"#\\=`", *u);
    }
    if (plain) {
        snprintf(dst, dstlen, "%s", nm);
    } else {
        snprintf(dst, dstlen, "%zu", j + 1);
    }
}

/* Writes "column J (NAME)" or, without a header, "column J", for messages. */
static void column_title(const parser *p, size_t j, char *dst, size_t dstlen)
{
    if (p->has_header) {
        char shown[SHOW_MAX + 8];
        show_text(shown, sizeof shown, p->names[j], strlen(p->names[j]));
        snprintf(dst, dstlen, "column %zu (%s)", j + 1, shown);
    } else {
        snprintf(dst, dstlen, "column %zu", j + 1);
    }
}

/* ---------------------------------------------------------------- reading fields */

static void number_error(parser *p, size_t col, const field *f, int why)
{
    char shown[SHOW_MAX + 8];
    show_text(shown, sizeof shown, f->s, f->len);
    const char *fmt = "\"%s\" is not a number";
    switch (why) {
    case NUM_NONFINITE:
        fmt = "\"%s\" is not a finite number";
        break;
    case NUM_NOTPLAIN:
        fmt = "\"%s\" is not plain decimal notation (write numbers like 8, -0.5 or 1.5e-3)";
        break;
    case NUM_RANGE:
        fmt = "\"%s\" is too large (the largest number is about 1.8e308)";
        break;
    case NUM_DECIMAL_COMMA:
        fmt = "\"%s\" is not a number (in a comma-separated file the decimal mark must be a point)";
        break;
    case NUM_COMMA_FILE:
        fmt = "\"%s\" is not a number (the header separates names with commas too, so a comma is no decimal mark)";
        break;
    case NUM_MARK_MIX:
        place_error(p->err, p->errlen, p->where, p->lineno, col + 1,
                    "\"%s\" has a decimal %s, but line %zu has a decimal %s", shown,
                    p->mark == MARK_COMMA ? "point" : "comma", p->mark_line,
                    p->mark == MARK_COMMA ? "comma" : "point");
        return;
    }
    place_error(p->err, p->errlen, p->where, p->lineno, col + 1, fmt, shown);
}

/* Reads field f as a number with the decimal mark the file uses: a point, or a comma where commas
 * do not separate fields; a file keeps to one mark. Returns NUM_OK with *v, or why not. */
static int field_number(parser *p, const field *f, double *v)
{
    int point = 0;
    int r = read_number(f->s, v, &point);
    if (r == NUM_OK) {
        if (point && p->mark != MARK_POINT) {
            if (p->mark == MARK_COMMA) {
                return NUM_MARK_MIX;
            }
            p->mark = MARK_POINT;
            p->mark_line = p->lineno;
        }
        return NUM_OK;
    }
    if (r != NUM_DECIMAL_COMMA) {
        return r;
    }
    if (!p->comma_ok) {
        return p->delim == ',' ? NUM_DECIMAL_COMMA : NUM_COMMA_FILE;
    }
    if (p->mark == MARK_POINT) {
        return NUM_MARK_MIX;
    }
    char *c = strchr(f->s, ',');
    *c = '.';
    r = read_number(f->s, v, NULL);
    *c = ',';
    if (r == NUM_OK && p->mark == MARK_NONE) {
        p->mark = MARK_COMMA;
        p->mark_line = p->lineno;
    }
    return r;
}

/* 1 when f reads as a word rather than a mistyped number: it starts with a letter or another
 * character of UTF-8 text (but for the minus sign U+2212), or is quoted. */
static int word_like(const field *f)
{
    const unsigned char *u = (const unsigned char *)f->s;
    if ((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z') || u[0] == '_' || (f->quoted && u[0])) {
        return 1;
    }
    return u[0] >= 0x80 && utf8_len(u, f->len) > 0 && memcmp(u, "\xE2\x88\x92", 3) != 0;
}

/* The words a target may hold for 0 and 1. */
static const char *const bool_words[][2] = { { "false", "true" }, { "no", "yes" } };

/* Which target word s is, in any case: 2 * pair + value, or -1. */
static int bool_word(const char *s)
{
    for (int w = 0; w < 4; w++) {
        if (ascii_casecmp(s, bool_words[w / 2][w % 2]) == 0) {
            return w;
        }
    }
    return -1;
}

/* Reads the target field f (column col) into *y: a number in [0,1], or one pair of words
 * (true/false, yes/no, any case) as 1 and 0; a column keeps to numbers or to one pair.
 * Returns 0, or -1 with the place in p->err. */
static int target_read(parser *p, const field *f, size_t col, double *y)
{
    target_reader *t = &p->tr;
    char shown[SHOW_MAX + 8];
    show_text(shown, sizeof shown, f->s, f->len);
    if (!t->line) {
        t->line = p->lineno;
    }
    label_col *lc = &p->lc;
    lc->text[p->n] = f->s;
    int w = bool_word(f->s);
    if (w >= 0 && lc->first_text.seen && !t->numbers) {
        *y = 0.0;                    /* among class names, true and yes are names too */
        return 0;
    }
    if (w >= 0) {
        int pair = w / 2, val = w % 2;
        if (t->numbers || (t->pair >= 0 && t->pair != pair)) {
            place_error(p->err, p->errlen, p->where, p->lineno, col + 1,
                        "target \"%s\" is a word, but line %zu has %s", shown, t->line,
                        t->numbers ? "a number" : t->pair ? "yes/no" : "true/false");
            return -1;
        }
        t->pair = pair;
        if (!t->spelling[val]) {
            t->spelling[val] = f->s;
        }
        *y = val;
        return 0;
    }
    double v;
    int why = field_number(p, f, &v);
    if (why == NUM_OK && lc->first_text.seen) {
        place_error(p->err, p->errlen, p->where, p->lineno, col + 1,
                    "\"%s\" is a number among class names (a target column holds numbers or names, not both)", shown);
        return -1;
    }
    if (why == NUM_OK && t->pair >= 0) {
        place_error(p->err, p->errlen, p->where, p->lineno, col + 1,
                    "target %s is a number, but line %zu has %s", shown, t->line,
                    t->pair ? "yes/no" : "true/false");
        return -1;
    }
    int outside = why == NUM_OK && !(v >= 0.0 && v <= 1.0), whole = why == NUM_OK && v == floor(v);
    if (outside && !whole) {
        place_error(p->err, p->errlen, p->where, p->lineno, col + 1, "label %s is outside [0,1]", shown);
        return -1;
    }
    if (why == NUM_OK) {
        /* whole numbers other than 0 and 1 make the column one of class labels (decided at the end) */
        spot(&lc->first_num, f, p->lineno, col + 1);
        if (outside) {
            spot(&lc->first_outside, f, p->lineno, col + 1);
        }
        if (!whole) {
            spot(&lc->first_fraction, f, p->lineno, col + 1);
        }
        t->numbers = 1;
        *y = v;
        return 0;
    }
    if (why == NUM_NOT && word_like(f) && !t->numbers) {
        spot(&lc->first_text, f, p->lineno, col + 1);   /* a class name */
        *y = 0.0;
        return 0;
    }
    number_error(p, col, f, why);
    return -1;
}

/* Notes that input column col holds the text f on this line (it is refused at the end, when the
 * whole column is known). Returns 0, or -1 when out of memory. */
static int text_seen(parser *p, size_t col, const field *f)
{
    if (!p->text) {
        p->text = calloc(p->ncols, sizeof *p->text);
        if (!p->text) {
            place_error(p->err, p->errlen, p->where, 0, 0, "out of memory");
            return -1;
        }
    }
    text_column *t = &p->text[col];
    if (t->count++ == 0) {
        t->line = p->lineno;
    }
    if (t->ndistinct <= TEXT_FEW) {
        size_t i = 0;
        while (i < t->ndistinct && strcmp(t->distinct[i], f->s) != 0) {
            i++;
        }
        if (i == t->ndistinct) {
            t->distinct[t->ndistinct++] = f->s;
        }
    }
    return 0;
}

/* Refuses the first input column that held text: a column mostly of text is text (with a hint to
 * drop it, or to say one-hot inputs are not supported when it has a few values that repeat); in a
 * column mostly of numbers the first text is a mistyped number. Returns 0 when there is none,
 * else -1. */
static int refuse_text_columns(parser *p, size_t rows)
{
    size_t first = p->ncols;
    for (size_t j = 0; p->text && j < p->ncols; j++) {
        if (p->text[j].count && (first == p->ncols || p->text[j].line < p->text[first].line)) {
            first = j;
        }
    }
    if (first == p->ncols) {
        return 0;
    }
    const text_column *t = &p->text[first];
    char title[SHOW_MAX + 64], ref[64], vals[256], shown[SHOW_MAX + 8];
    show_text(shown, sizeof shown, t->distinct[0], strlen(t->distinct[0]));
    if (t->count * 2 <= rows) {
        place_error(p->err, p->errlen, p->where, t->line, first + 1, "\"%s\" is not a number", shown);
        return -1;
    }
    column_title(p, first, title, sizeof title);
    column_ref(p, first, ref, sizeof ref);
    size_t o = 0, show = t->ndistinct < 4 ? t->ndistinct : 3;
    for (size_t i = 0; i < show; i++) {
        show_text(shown, sizeof shown, t->distinct[i], strlen(t->distinct[i]));
        int w = snprintf(vals + o, sizeof vals - o, "%s\"%s\"", i ? ", " : "", shown);
        o += w > 0 && (size_t)w < sizeof vals - o ? (size_t)w : 0;
    }
    if (t->ndistinct > show) {
        snprintf(vals + o, sizeof vals - o, ", \xE2\x80\xA6");
    }
    if (t->ndistinct <= TEXT_FEW && t->ndistinct < t->count) {
        place_error(p->err, p->errlen, p->where, t->line, first + 1,
                    "%s holds text with %zu different value%s (%s): one-hot inputs are not supported yet; `ignore=%s` drops it",
                    title, t->ndistinct, t->ndistinct == 1 ? "" : "s", vals, ref);
    } else {
        place_error(p->err, p->errlen, p->where, t->line, first + 1,
                    "%s holds text (%s); `ignore=%s` drops it", title, vals, ref);
    }
    return -1;
}

/* ---------------------------------------------------------------- rows */

/* Makes room for one more row. Returns 0 or -1 when out of memory. */
static int room_for_row(parser *p)
{
    if (p->n < p->cap) {
        return 0;
    }
    size_t cap = p->cap * 2 + 16, xk = p->k ? p->k : 1;
    if (cap > SIZE_MAX / sizeof(double) / xk) {
        return -1;
    }
    double *x = realloc(p->x, cap * xk * sizeof(double));
    if (x) {
        p->x = x;
    }
    double *y = realloc(p->y, cap * sizeof(double));
    if (y) {
        p->y = y;
    }
    const char **lt = realloc(p->lc.text, cap * sizeof *lt);
    if (lt) {
        p->lc.text = lt;
    }
    if (!x || !y || !lt) {
        return -1;
    }
    p->cap = cap;
    return 0;
}

/* This row failed at column col (0-based; its message is in err). Text met before it, on an earlier
 * line or in this row before col (text_here), is the first problem of the file: that is reported
 * instead. Returns -1. */
static int row_failed(parser *p, size_t col, size_t text_here)
{
    int earlier = text_here < col;
    for (size_t j = 0; p->text && j < p->ncols && !earlier; j++) {
        earlier = p->text[j].count && p->text[j].line < p->lineno;
    }
    if (earlier) {
        refuse_text_columns(p, p->n + 1);
    }
    return -1;
}

/* Reads the fields of one data row into the next row of x and y. Returns 0 or -1 with err. */
static int data_row(parser *p)
{
    if (p->fv.n != p->ncols) {
        place_error(p->err, p->errlen, p->where, p->lineno, 0, "expected %zu field%s, found %zu",
                    p->ncols, p->ncols == 1 ? "" : "s", p->fv.n);
        return row_failed(p, 0, p->ncols);
    }
    if (room_for_row(p) != 0) {
        place_error(p->err, p->errlen, p->where, 0, 0, "out of memory");
        return -1;
    }
    double *row = p->x + p->n * p->k;
    size_t text_here = p->ncols; /* the first column of this row that held text */
    for (size_t j = 0; j < p->ncols; j++) {
        const field *f = &p->fv.v[j];
        if (p->role[j] == COL_IGNORED) {
            continue;
        }
        if (f->len == 0) {
            place_error(p->err, p->errlen, p->where, p->lineno, j + 1, "empty field");
            return row_failed(p, j, text_here);
        }
        if (p->role[j] == COL_TARGET) {
            if (target_read(p, f, j, &p->y[p->n]) != 0) {
                return row_failed(p, j, text_here);
            }
            continue;
        }
        double v = 0.0;
        int why = field_number(p, f, &v);
        if (why == NUM_NOT && word_like(f)) {
            if (text_seen(p, j, f) != 0) {
                return -1;
            }
            text_here = j < text_here ? j : text_here;
        } else if (why != NUM_OK) {
            number_error(p, j, f, why);
            return row_failed(p, j, text_here);
        }
        row[p->slot[j]] = v;
    }
    p->n++;
    return 0;
}

/* 1 when the first row's field is a column name: quoted, or neither a number nor a target word. */
static int name_like(const field *f)
{
    return f->quoted || (f->len > 0 && !number_like(f->s) && bool_word(f->s) < 0);
}

/* Takes the file's first row: header or data, the columns' roles. Returns 1 when it was a header,
 * 0 when it is data still to be read, -1 with err. */
static int first_row(parser *p, size_t len, size_t nlines)
{
    p->ncols = p->fv.n;
    for (size_t j = 0; j < p->ncols && !p->has_header; j++) {
        p->has_header = name_like(&p->fv.v[j]);
    }
    p->comma_ok = p->delim != ',';
    if (p->has_header) {
        p->names = malloc(p->ncols * sizeof *p->names);
        if (!p->names) {
            place_error(p->err, p->errlen, p->where, 0, 0, "out of memory");
            return -1;
        }
        for (size_t j = 0; j < p->ncols; j++) {
            p->names[j] = p->fv.v[j].s;
            p->comma_ok &= p->fv.v[j].quoted || !strchr(p->names[j], ',');
        }
    }
    if (choose_columns(p) != 0) {
        return -1;
    }
    for (size_t j = 0; p->has_header && j < p->ncols; j++) {
        if (p->role[j] != COL_IGNORED && p->fv.v[j].len == 0) {
            place_error(p->err, p->errlen, p->where, p->lineno, j + 1,
                        "empty column name (`ignore=%zu` drops the column)", j + 1);
            return -1;
        }
    }
    /* A data row takes a byte for each field's delimiter or line end and one for each field read:
     * this bounds the rows (room_for_row grows the arrays should it not). */
    size_t cap = (len + 1) / (p->ncols + p->k + 1) + 1, xk = p->k ? p->k : 1;
    cap = cap < nlines ? cap : nlines;
    if (cap <= SIZE_MAX / sizeof(double) / xk) {
        p->x = malloc(cap * xk * sizeof(double));
        p->y = malloc(cap * sizeof(double));
        p->lc.text = malloc(cap * sizeof *p->lc.text);
    }
    if (!p->x || !p->y || !p->lc.text) {
        place_error(p->err, p->errlen, p->where, 0, 0, "out of memory");
        return -1;
    }
    p->cap = cap;
    return p->has_header;
}

/* ---------------------------------------------------------------- what a load tells */

/* 1 when a header name says the column identifies rows: id, idx, index, row, rowid, row_id,
 * rownum, "Unnamed: 0" (any case), a name ending in _id, -id, .id or " id", or a camel-case
 * name ending in Id or ID (studentId). */
static int idlike_name(const char *s)
{
    static const char *const names[] = { "id", "idx", "index", "row", "rowid", "row_id", "rownum",
                                         "unnamed: 0", NULL };
    for (const char *const *n = names; *n; n++) {
        if (ascii_casecmp(s, *n) == 0) {
            return 1;
        }
    }
    size_t len = strlen(s);
    if (len > 3 && strchr("_-. ", s[len - 3]) && ascii_casecmp(s + len - 2, "id") == 0) {
        return 1;
    }
    return len > 2 && s[len - 2] == 'I' && (s[len - 1] == 'd' || s[len - 1] == 'D') &&
           s[len - 3] >= 'a' && s[len - 3] <= 'z';
}

/* From this many rows on, a column holding each row number once reads as an identifier. */
#define ID_MIN_ROWS 5

/* 1 when input slot s holds the whole numbers base..base+n-1 each once, base 0 or 1. */
static int row_numbers(const parser *p, size_t s, int *base)
{
    size_t n = p->n, k = p->k;
    if (n < ID_MIN_ROWS) {
        return 0;
    }
    double lo = p->x[s];
    for (size_t i = 0; i < n; i++) {
        double v = p->x[i * k + s];
        if (!(v >= 0.0 && v <= (double)n) || v != floor(v)) {
            return 0;
        }
        lo = v < lo ? v : lo;
    }
    if (lo > 1.0) {
        return 0;
    }
    unsigned char *seen = calloc(n + 1, 1);
    if (!seen) {
        return 0;
    }
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++) {
        size_t v = (size_t)p->x[i * k + s];
        ok = v - (size_t)lo < n && !seen[v];
        seen[v] = 1;
    }
    free(seen);
    *base = (int)lo;
    return ok;
}

/* Adds a line for each input column that looks like an identifier: an id-like header name, or
 * each row number once. Such a column is kept: the user decides. */
static void note_identifiers(const parser *p, strbuf *notes)
{
    for (size_t j = 0; j < p->ncols; j++) {
        if (p->role[j] != COL_INPUT) {
            continue;
        }
        int base = 1, by_name = p->has_header && idlike_name(p->names[j]);
        if (!by_name && !row_numbers(p, p->slot[j], &base)) {
            continue;
        }
        char title[SHOW_MAX + 64], ref[64];
        column_title(p, j, title, sizeof title);
        column_ref(p, j, ref, sizeof ref);
        if (by_name) {
            sb_printf(notes, "%s looks like an identifier; `ignore=%s` drops it\n", title, ref);
        } else {
            sb_printf(notes, "%s looks like an identifier (the whole numbers %d to %zu, each once); `ignore=%s` drops it\n",
                      title, base, p->n - 1 + (size_t)base, ref);
        }
    }
}

/* Adds the line that says how the target's words read, when it held words. */
static void note_target_words(const parser *p, const char *target_name, strbuf *notes)
{
    const target_reader *t = &p->tr;
    if (t->pair < 0) {
        return;
    }
    const char *w0 = t->spelling[0] ? t->spelling[0] : bool_words[t->pair][0];
    const char *w1 = t->spelling[1] ? t->spelling[1] : bool_words[t->pair][1];
    char s0[SHOW_MAX + 8], s1[SHOW_MAX + 8];
    show_text(s0, sizeof s0, w0, strlen(w0));
    show_text(s1, sizeof s1, w1, strlen(w1));
    sb_printf(notes, "target %s: %s = 0, %s = 1\n", target_name, s0, s1);
}

/* ---------------------------------------------------------------- the result */

static char *dup_or_null(const char *s, int *fail);

/* A copy of s or NULL when s is NULL; *fail set when memory runs out. */
static char *dup_opt(const char *s, int *fail)
{
    if (!s) {
        return NULL;
    }
    char *d = dup_clean(s);
    *fail |= d == NULL;
    return d;
}

/* Moves what p read into *out with the given name, source and description. Returns 0 or -1. */
static int build_dataset(parser *p, const char *name, const char *source, const char *desc,
                         dataset *out)
{
    double *nx = realloc(p->x, p->n * p->k * sizeof(double));
    if (nx) {
        p->x = nx;
    }
    double *ny = realloc(p->y, p->n * sizeof(double));
    if (ny) {
        p->y = ny;
    }
    dataset d = {0};
    int fail = 0;
    d.n = p->n;
    d.k = p->k;
    d.has_header = p->has_header;
    d.decimal_comma = p->mark == MARK_COMMA;
    d.shape_rows = p->shape_rows;
    d.shape_cols = p->shape_cols;
    d.nclasses = p->nclasses;
    d.class_names = p->class_names;
    p->class_names = NULL;
    p->nclasses = 0;
    d.name = dup_opt(name, &fail);
    d.source = dup_or_null(source, &fail);  /* the path byte for byte (a session names it); shown only sanitized */
    d.description = dup_opt(desc ? desc : "", &fail);
    d.target_name = dup_opt(p->has_header ? p->names[p->target_col] : "y", &fail);
    d.input_names = calloc(p->k, sizeof *d.input_names);
    fail |= d.input_names == NULL;
    for (size_t j = 0; !fail && j < p->ncols; j++) {
        if (p->role[j] == COL_INPUT) {
            char tmp[32];
            snprintf(tmp, sizeof tmp, "x%zu", p->slot[j] + 1);
            d.input_names[p->slot[j]] = dup_opt(p->has_header ? p->names[j] : tmp, &fail);
        }
    }
    if (p->opt) {
        d.opt_target = dup_or_null(p->opt->target, &fail);
        d.opt_ignore = dup_or_null(p->opt->ignore, &fail);
    }
    strbuf notes = {0};
    if (!fail) {
        note_identifiers(p, &notes);
        note_target_words(p, d.target_name, &notes);
        d.notes = notes.len ? dup_or_null(sb_str(&notes), &fail) : NULL;
    }
    sb_free(&notes);
    d.x = p->x;
    d.y = p->y;
    p->x = p->y = NULL; /* now owned by d */
    if (fail) {
        dataset_free(&d);
        place_error(p->err, p->errlen, p->where, 0, 0, "out of memory");
        return -1;
    }
    *out = d;
    return 0;
}

/* Reads a comment's text (after its '#') of the form " shape: ROWSxCOLS" (blanks around the parts,
 * both numbers from 1 to 65535) into *rows and *cols; returns 0 when the comment is anything else. */
static int parse_shape(const char *s, size_t *rows, size_t *cols)
{
    unsigned long v[2];
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    if (strncmp(s, "shape:", 6) != 0) {
        return 0;
    }
    s += 6;
    for (int i = 0; i < 2; i++) {
        while (*s == ' ' || *s == '\t') {
            s++;
        }
        if (!is_digit(*s)) {
            return 0;
        }
        v[i] = 0;
        while (is_digit(*s) && v[i] <= 65535) {
            v[i] = v[i] * 10 + (unsigned long)(*s++ - '0');
        }
        if (v[i] == 0 || v[i] > 65535) {
            return 0;
        }
        while (*s == ' ' || *s == '\t') {
            s++;
        }
        if (i == 0 && *s++ != 'x') {
            return 0;
        }
    }
    if (*s != '\0' && *s != '\r') {
        return 0;
    }
    *rows = v[0];
    *cols = v[1];
    return 1;
}

/* Bytes parsed between two calls of a progress function. */
#define PROGRESS_EVERY (1u << 20)

/* Checks the start of the text: UTF-16 and NUL bytes are refused, a UTF-8 byte-order mark is
 * skipped, CR alone ends lines when there is no LF. Returns the text to parse or NULL with err. */
static char *prepare_text(char *buf, size_t *len, const char *where, char *err, size_t errlen)
{
    const unsigned char *u = (const unsigned char *)buf;
    if (*len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        place_error(err, errlen, where, 0, 0, "is UTF-16 text; save it as UTF-8 or plain ASCII");
        return NULL;
    }
    if (*len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        buf += 3;
        *len -= 3;
    }
    const char *nul = memchr(buf, '\0', *len);
    if (nul) {
        size_t line = 1;
        for (const char *q = buf; q < nul; q++) {
            line += *q == '\n';
        }
        place_error(err, errlen, where, 0, 0, "looks like a binary file (NUL byte at line %zu)", line);
        return NULL;
    }
    if (!memchr(buf, '\n', *len)) {
        /* Old Mac line ends: CR alone ends a line when the file has no LF at all. */
        for (char *q = buf; (q = memchr(q, '\r', (size_t)(buf + *len - q))) != NULL; q++) {
            *q = '\n';
        }
    }
    return buf;
}

/* Takes a comment line (after its '#'): the first one is the description. */
static void take_comment(char *line, const char **desc)
{
    if (*desc) {
        return;
    }
    char *d = line;
    while (*d == ' ' || *d == '\t') {
        d++;
    }
    char *e = d + strlen(d);
    while (e > d && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) {
        *--e = '\0';
    }
    *desc = d;
}

/* Splits a row (choosing the delimiter on the first) and reads it as header or data.
 * Returns 0 or -1 with err. */
static int take_row(parser *p, char *line, int first, size_t len, size_t nlines)
{
    if (first) {
        p->delim = detect_delim(line);
    }
    size_t bad = 0;
    int sr = split_line(line, p->delim, &p->fv, &bad);
    if (sr == SPLIT_NOMEM) {
        place_error(p->err, p->errlen, p->where, 0, 0, "out of memory");
        return -1;
    }
    if (sr == SPLIT_OPEN_QUOTE) {
        place_error(p->err, p->errlen, p->where, p->lineno, bad, "a quote is opened and never closed");
        return -1;
    }
    if (sr == SPLIT_AFTER_QUOTE) {
        place_error(p->err, p->errlen, p->where, p->lineno, bad,
                    "text after a closing quote (a field is either all quoted or not)");
        return -1;
    }
    if (first) {
        int r = first_row(p, len, nlines);
        if (r != 0) {
            return r < 0 ? -1 : 0;
        }
    }
    return data_row(p);
}

/* The checks once every row is read. Returns 0 or -1 with err. */
static int finish_rows(parser *p, int seen_row, int seen_comment)
{
    if (!seen_row) {
        place_error(p->err, p->errlen, p->where, 0, 0,
                    seen_comment ? "no data rows (only comments)" : "empty file");
        return -1;
    }
    if (p->n == 0) {
        place_error(p->err, p->errlen, p->where, 0, 0, "no data rows (only a header)");
        return -1;
    }
    if (refuse_text_columns(p, p->n) != 0) {
        return -1;
    }
    if (p->k == 0) {
        place_error(p->err, p->errlen, p->where, 0, 0,
                    p->ncols == 1 ? "no input column: every row has only the label"
                                  : "no input column: every column but the target is ignored");
        return -1;
    }
    if (p->shape_line && p->shape_rows * p->shape_cols != p->k) {
        place_error(p->err, p->errlen, p->where, p->shape_line, 0,
                    "shape %zux%zu has %zu pixels, but the rows have %zu input%s", p->shape_rows,
                    p->shape_cols, p->shape_rows * p->shape_cols, p->k, p->k == 1 ? "" : "s");
        return -1;
    }
    if (target_classes(&p->lc, p->y, p->n, p->where, &p->nclasses, &p->class_names,
                       p->has_header ? p->names[p->target_col] : "y", p->err, p->errlen) != 0) {
        return -1;
    }
    if (p->nclasses) {
        p->tr.pair = -1;   /* the class message says what every label stands for */
    }
    return 0;
}

/* Parses the NUL-terminated text owned[0..len-1] into *out with the given name and source, in place,
 * and frees owned; *out is written only on success. progress (may be NULL) hears how far the
 * parse is, and may stop it; opt (may be NULL) chooses the columns. */
static int parse_owned(char *owned, size_t len, const char *where, const char *name,
                       const char *source, const dataset_options *opt, dataset_progress_fn progress,
                       void *pctx, dataset *out, char *err, size_t errlen)
{
    char *buf = prepare_text(owned, &len, where, err, errlen);
    if (!buf) {
        free(owned);
        return -1;
    }
    size_t nlines = 1;
    for (const char *q = buf; (q = memchr(q, '\n', (size_t)(buf + len - q))) != NULL; q++) {
        nlines++;
    }
    c_numeric cn;
    c_numeric_enter(&cn);
    parser p = { .where = where, .opt = opt, .err = err, .errlen = errlen, .delim = ',' };
    p.tr.pair = -1;
    const char *desc = NULL;
    int seen_row = 0, seen_comment = 0, rc = -1;
    char *at = buf, *end = buf + len;
    size_t next_report = PROGRESS_EVERY;
    while (at < end) {
        if (progress && (size_t)(at - buf) >= next_report) {
            next_report = (size_t)(at - buf) + PROGRESS_EVERY;
            if (report_progress(&cn, progress, pctx, (long)(at - buf), (long)len)) {
                place_error(err, errlen, where, 0, 0, "loading stopped");
                goto done;
            }
        }
        char *nl = memchr(at, '\n', (size_t)(end - at));
        char *le = nl ? nl : end;
        p.lineno++;
        *le = '\0';
        if (le > at && le[-1] == '\r') {
            le[-1] = '\0';
        }
        char *line = at;
        at = nl ? nl + 1 : end;
        while (*line == ' ' || *line == '\t') {
            line++;
        }
        if (*line == '#') {
            if (!p.shape_line && parse_shape(line + 1, &p.shape_rows, &p.shape_cols)) {
                p.shape_line = p.lineno;
                continue;
            }
            take_comment(line + 1, &desc);
            seen_comment = 1;
        } else if (*line != '\0') {
            if (take_row(&p, line, !seen_row, len, nlines) != 0) {
                goto done;
            }
            seen_row = 1;
        }
    }
    if (progress && report_progress(&cn, progress, pctx, (long)len, (long)len)) {
        place_error(err, errlen, where, 0, 0, "loading stopped");
        goto done;
    }
    if (finish_rows(&p, seen_row, seen_comment) == 0) {
        rc = build_dataset(&p, name, source, desc, out);
    }

done:
    c_numeric_leave(&cn);
    parser_free(&p);
    free(owned);
    return rc;
}

/* parse_owned on a copy of text (len bytes, need not be NUL-terminated). */
static int parse_text(const char *text, size_t len, const char *where, const char *name,
                      const char *source, const dataset_options *opt, dataset *out, char *err,
                      size_t errlen)
{
    char *copy = malloc(len + 1);
    if (!copy) {
        place_error(err, errlen, where, 0, 0, "out of memory");
        return -1;
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    return parse_owned(copy, len, where, name, source, opt, NULL, NULL, out, err, errlen);
}

int dataset_parse(const char *text, size_t len, const char *where, dataset *out, char *err,
                  size_t errlen)
{
    return parse_text(text, len, where, base_name(where), where, NULL, out, err, errlen);
}

int dataset_parse_with(const char *text, size_t len, const char *where, const dataset_options *opt,
                       dataset *out, char *err, size_t errlen)
{
    return parse_text(text, len, where, base_name(where), where, opt, out, err, errlen);
}

/* Reads path and parses it under the given name. */
static int load_named(const char *path, const char *name, const dataset_options *opt,
                      dataset_progress_fn progress, void *pctx, dataset *out, char *err,
                      size_t errlen)
{
    char *data = NULL;
    size_t len = 0;
    errno = 0;
    if (file_read_all(path, &data, &len, err, errlen) != 0) {
        if (errno == EACCES) {
            snprintf(err, errlen, "%s: cannot read it: permission denied", path);
        }
        return -1;
    }
    /* file_read_all's buffer is NUL-terminated: parse it where it is, without a second copy. */
    return parse_owned(data, len, path, name, path, opt, progress, pctx, out, err, errlen);
}

int dataset_load_file(const char *path, dataset *out, char *err, size_t errlen)
{
    return load_named(path, base_name(path), NULL, NULL, NULL, out, err, errlen);
}

/* The compiled-in default dataset with its columns chosen by opt (may be NULL). */
static int load_default_with(const dataset_options *opt, dataset *out, char *err, size_t errlen)
{
    return parse_text(gradstep_default_dataset, gradstep_default_dataset_len, "builtin:" DEFAULT_NAME,
                      DEFAULT_NAME, "builtin:" DEFAULT_NAME, opt, out, err, errlen);
}

int dataset_load_default(dataset *out, char *err, size_t errlen)
{
    return load_default_with(NULL, out, err, errlen);
}

const char *dataset_default_name(void)
{
    return DEFAULT_NAME;
}

const char *dataset_dir(void)
{
    static char dir[4200];
    return file_data_dir("datasets", "GRADSTEP_DATADIR", dir, sizeof dir);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

int dataset_load(const char *name_or_path, dataset *out, char *err, size_t errlen)
{
    return dataset_load_with_progress(name_or_path, NULL, out, NULL, NULL, err, errlen);
}

int dataset_load_with_progress(const char *name_or_path, const dataset_options *opt, dataset *out,
                               dataset_progress_fn progress, void *pctx, char *err, size_t errlen)
{
    const char *arg = name_or_path;
    if (!arg || !*arg) {
        snprintf(err, errlen, "no dataset given: name a bundled dataset or a file");
        return -1;
    }
    struct stat st;
    if (stat(arg, &st) == 0 || (errno != ENOENT && errno != ENOTDIR)) {
        return load_named(arg, base_name(arg), opt, progress, pctx, out, err, errlen);
    }
    if (strchr(arg, '/')) {
        snprintf(err, errlen, "%s: no such file", arg);
        return -1;
    }
    /* A bundled dataset: NAME or NAME.csv in the datasets directory. */
    size_t alen = strlen(arg);
    size_t stem = ends_with(arg, ".csv") ? alen - 4 : alen;
    const char *dir = dataset_dir();
    size_t plen = strlen(dir) + 1 + stem + 5;
    char *path = xmalloc(plen), *name = xmalloc(stem + 1);
    memcpy(name, arg, stem);
    name[stem] = '\0';
    snprintf(path, plen, "%s/%s.csv", dir, name);
    int rc;
    if (stem > 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        rc = load_named(path, name, opt, progress, pctx, out, err, errlen);
    } else if (strcmp(name, DEFAULT_NAME) == 0) {
        rc = load_default_with(opt, out, err, errlen);
    } else {
        snprintf(err, errlen, "%s: no such file or bundled dataset (try \"datasets\")", arg);
        rc = -1;
    }
    free(path);
    free(name);
    return rc;
}

/* ---------------------------------------------------------------- column names for completion */

/* Bytes of a file's start read to find its first row. */
#define COLUMNS_PEEK 65536

/* The first PEEK bytes of the dataset NAME|PATH as `load` finds it (an existing path, a bundled
 * name, the compiled-in default), NUL-terminated; NULL when there is none. */
static char *peek_dataset(const char *arg)
{
    struct stat st;
    char *path = NULL;
    if (stat(arg, &st) == 0 && S_ISREG(st.st_mode)) {
        path = xstrdup(arg);
    } else if (!strchr(arg, '/') && *arg) {
        size_t alen = strlen(arg), stem = ends_with(arg, ".csv") ? alen - 4 : alen;
        size_t plen = strlen(dataset_dir()) + stem + 6;
        path = xmalloc(plen);
        snprintf(path, plen, "%s/%.*s.csv", dataset_dir(), (int)stem, arg);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(path);
            path = NULL;
            if (strncmp(arg, DEFAULT_NAME, stem) == 0 && stem == strlen(DEFAULT_NAME)) {
                size_t n = gradstep_default_dataset_len < COLUMNS_PEEK ? gradstep_default_dataset_len : COLUMNS_PEEK;
                return xstrndup(gradstep_default_dataset, n);
            }
        }
    }
    FILE *f = path ? fopen(path, "rb") : NULL;
    free(path);
    if (!f) {
        return NULL;
    }
    char *buf = xmalloc(COLUMNS_PEEK + 1);
    size_t n = fread(buf, 1, COLUMNS_PEEK, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

int dataset_columns(const char *name_or_path, void (*fn)(const char *column, void *ctx), void *ctx)
{
    char *buf = peek_dataset(name_or_path);
    if (!buf) {
        return -1;
    }
    char *line = buf + (strncmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0), *row = NULL;
    while (*line && !row) {
        size_t len = strcspn(line, "\r\n");
        char *next = line[len] ? line + len + 1 : line + len;
        line[len] = '\0';
        line += strspn(line, " \t");
        row = *line && *line != '#' ? line : NULL;
        line = next;
    }
    if (!row) {
        free(buf);
        return -1;
    }
    fieldvec fv = {0};
    size_t bad;
    int count = -1;
    if (split_line(row, detect_delim(row), &fv, &bad) == SPLIT_OK) {
        int header = 0;
        for (size_t j = 0; j < fv.n && !header; j++) {
            header = name_like(&fv.v[j]);
        }
        for (size_t j = 0; j < fv.n; j++) {
            char num[32];
            snprintf(num, sizeof num, "%zu", j + 1);
            fn(header ? fv.v[j].s : num, ctx);
        }
        count = (int)fv.n;
    }
    free(fv.v);
    free(buf);
    return count;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the .csv files in dir, and the compiled-in default's when it is not among them,
 * sorted; *count set. Free each and the array. */
static char **dataset_names(const char *dir, size_t *count, int *have_default)
{
    char **names = NULL;
    size_t n = 0, cap = 0;
    *have_default = 0;
    DIR *dh = opendir(dir);
    struct dirent *e;
    while (dh && (e = readdir(dh)) != NULL) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, ".csv") || strlen(e->d_name) == 4) {
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            names = xrealloc(names, cap * sizeof *names);
        }
        names[n] = xstrndup(e->d_name, strlen(e->d_name) - 4);
        *have_default |= strcmp(names[n], DEFAULT_NAME) == 0;
        n++;
    }
    if (dh) {
        closedir(dh);
    }
    if (!*have_default) {
        /* The compiled-in default is always available, even with no data directory. */
        names = xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = xstrdup(DEFAULT_NAME);
    }
    qsort(names, n, sizeof *names, cmp_names);
    *count = n;
    return names;
}

/* dataset_list's callback and context, carried through dataset_each. */
typedef struct {
    void (*fn)(const char *name, size_t n, size_t k, const char *desc, void *ctx);
    void *ctx;
} list_adapter;

static void list_one_adapted(const dataset *d, void *ctx)
{
    const list_adapter *a = ctx;
    if (a->fn) {
        a->fn(d->name, d->n, d->k, d->description, a->ctx);
    }
}

int dataset_list(void (*fn)(const char *name, size_t n, size_t k, const char *desc, void *ctx),
                 void *ctx, char *err, size_t errlen)
{
    list_adapter a = {fn, ctx};
    return dataset_each(list_one_adapted, &a, err, errlen);
}

int dataset_each(void (*fn)(const dataset *d, void *ctx), void *ctx, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    const char *dir = dataset_dir();
    size_t count;
    int have_default;
    char **names = dataset_names(dir, &count, &have_default);
    int listed = 0;
    for (size_t i = 0; i < count; i++) {
        dataset d = {0};
        char e2[ERR_LEN];
        int rc;
        if (!have_default && strcmp(names[i], DEFAULT_NAME) == 0) {
            rc = dataset_load_default(&d, e2, sizeof e2);
        } else {
            size_t plen = strlen(dir) + strlen(names[i]) + 6;
            char *path = xmalloc(plen);
            snprintf(path, plen, "%s/%s.csv", dir, names[i]);
            rc = load_named(path, names[i], NULL, NULL, NULL, &d, e2, sizeof e2);
            free(path);
        }
        if (rc == 0) {
            if (fn) {
                fn(&d, ctx);
            }
            listed++;
            dataset_free(&d);
        }
    }
    for (size_t i = 0; i < count; i++) {
        free(names[i]);
    }
    free(names);
    return listed;
}

/* A copy of s, or NULL (also when s is NULL). */
static char *dup_or_null(const char *s, int *fail)
{
    if (!s) {
        return NULL;
    }
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (!d) {
        *fail = 1;
        return NULL;
    }
    memcpy(d, s, n);
    return d;
}

int dataset_copy(dataset *dst, const dataset *src)
{
    dataset d = {0};
    int fail = 0;
    d.n = src->n;
    d.k = src->k;
    d.has_header = src->has_header;
    d.decimal_comma = src->decimal_comma;
    d.notes = dup_or_null(src->notes, &fail);
    d.opt_target = dup_or_null(src->opt_target, &fail);
    d.opt_ignore = dup_or_null(src->opt_ignore, &fail);
    d.shape_rows = src->shape_rows;
    d.shape_cols = src->shape_cols;
    d.name = dup_or_null(src->name, &fail);
    d.source = dup_or_null(src->source, &fail);
    d.description = dup_or_null(src->description, &fail);
    d.target_name = dup_or_null(src->target_name, &fail);
    if (src->nclasses) {
        d.class_names = calloc(src->nclasses, sizeof *d.class_names);
        d.nclasses = d.class_names ? src->nclasses : 0;
        fail |= !d.class_names;
        for (size_t q = 0; q < d.nclasses; q++) {
            d.class_names[q] = dup_or_null(src->class_names[q], &fail);
        }
    }
    size_t nx = src->n * src->k;
    if (src->x && nx) {
        d.x = malloc(nx * sizeof(double));
        if (d.x) {
            memcpy(d.x, src->x, nx * sizeof(double));
        } else {
            fail = 1;
        }
    }
    if (src->y && src->n) {
        d.y = malloc(src->n * sizeof(double));
        if (d.y) {
            memcpy(d.y, src->y, src->n * sizeof(double));
        } else {
            fail = 1;
        }
    }
    if (src->input_names && src->k) {
        d.input_names = calloc(src->k, sizeof *d.input_names);
        if (!d.input_names) {
            fail = 1;
        }
        for (size_t j = 0; d.input_names && j < src->k; j++) {
            d.input_names[j] = dup_or_null(src->input_names[j], &fail);
        }
    }
    if (fail) {
        dataset_free(&d);
        return -1;
    }
    *dst = d;
    return 0;
}

void dataset_free(dataset *d)
{
    if (!d) {
        return;
    }
    if (d->input_names) {
        for (size_t j = 0; j < d->k; j++) {
            free(d->input_names[j]);
        }
    }
    free(d->input_names);
    free(d->name);
    free(d->source);
    free(d->description);
    free(d->x);
    free(d->y);
    free(d->target_name);
    for (size_t q = 0; d->class_names && q < d->nclasses; q++) {
        free(d->class_names[q]);
    }
    free(d->class_names);
    free(d->notes);
    free(d->opt_target);
    free(d->opt_ignore);
    memset(d, 0, sizeof *d);
}

/* ---------------------------------------------------------------- writing */

/* Appends v in the shortest of %.15g and %.17g that reads back as exactly the same double, with a
 * decimal comma instead of the point when comma is set. */
static void put_exact(strbuf *sb, double v, int comma)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.15g", v);
    double back = strtod(tmp, NULL);
    if (memcmp(&back, &v, sizeof v) != 0) {
        snprintf(tmp, sizeof tmp, "%.17g", v);
    }
    char *point = comma ? strchr(tmp, '.') : NULL;
    if (point) {
        *point = ',';
    }
    sb_puts(sb, tmp);
}

/* 1 when a header name may be written bare: ASCII letters, digits, '_', '.', '-' and UTF-8
 * text only, and not a number. Anything else (a shell's $ ` ( ) > | ; & or a quote) is written
 * inside quotes, so that a crafted name never stands bare in the file. */
static int name_is_plain(const char *s)
{
    if (*s == '\0' || number_like(s) || bool_word(s) >= 0) {
        return 0;
    }
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (!(isalnum(*p) || *p == '_' || *p == '.' || *p == '-' || *p >= 0x80)) {
            return 0;
        }
    }
    return 1;
}

/* Appends a header name, quoted (a quote doubled) unless it is plain. */
static void put_name(strbuf *sb, const char *s)
{
    if (name_is_plain(s)) {
        sb_puts(sb, s);
        return;
    }
    sb_append(sb, "\"", 1);
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') {
            sb_append(sb, "\"\"", 2);
        } else if (c < 0x20 || c == 0x7F) {
            sb_append(sb, "?", 1);
        } else {
            sb_append(sb, p, 1);
        }
    }
    sb_append(sb, "\"", 1);
}

/* Appends s as one comment line's text (control bytes become spaces). */
static void put_comment(strbuf *sb, const char *s)
{
    sb_puts(sb, "# ");
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        sb_append(sb, (c < 0x20 || c == 0x7F) ? " " : p, 1);
    }
    sb_append(sb, "\n", 1);
}

/* Appends a class label as it was written: a number as it stands, a name as put_name writes it. */
static void put_label(strbuf *sb, const char *s)
{
    if (number_like(s)) {
        sb_puts(sb, s);
    } else {
        put_name(sb, s);
    }
}

void dataset_class_message(const dataset *d, char *buf, size_t len)
{
    size_t o = 0;
    if (len == 0) {
        return;
    }
    buf[0] = '\0';
    if (d->nclasses == 0) {
        return;
    }
    o += (size_t)snprintf(buf, len, "classes:");
    for (size_t q = 0; q < d->nclasses && o < len; q++) {
        char shown[SHOW_MAX + 8];
        show_text(shown, sizeof shown, d->class_names[q], strlen(d->class_names[q]));
        o += (size_t)snprintf(buf + o, len - o, " %s=%zu", shown, d->nclasses == 2 ? q : q + 1);
    }
}

int dataset_write_csv(const dataset *d, const char *path, char *err, size_t errlen)
{
    return dataset_write_text(d, path, 0, err, errlen);
}

int dataset_write_text(const dataset *d, const char *path, int decimal_comma, char *err,
                       size_t errlen)
{
    const char *delim = decimal_comma ? ";" : ",";
    if (!d || d->n == 0 || d->k == 0 || !d->x || !d->y) {
        snprintf(err, errlen, "%s: no dataset to write", path);
        return -1;
    }
    for (size_t i = 0; i < d->n * d->k; i++) {
        if (!isfinite(d->x[i])) {
            snprintf(err, errlen, "%s: row %zu has a value that is not finite", path, i / d->k + 1);
            return -1;
        }
    }
    for (size_t i = 0; i < d->n; i++) {
        if (d->nclasses ? !(d->y[i] >= 0.0 && d->y[i] < (double)d->nclasses) : !(d->y[i] >= 0.0 && d->y[i] <= 1.0)) {
            snprintf(err, errlen, "%s: row %zu has a label outside [0,1]", path, i + 1);
            return -1;
        }
    }
    c_numeric cn;
    c_numeric_enter(&cn);
    strbuf sb = {0};
    if (d->description && *d->description) {
        put_comment(&sb, d->description);
        if (d->source && *d->source) {
            sb_puts(&sb, "# source: ");
            for (const char *p = d->source; *p; p++) {
                unsigned char c = (unsigned char)*p;
                sb_append(&sb, (c < 0x20 || c == 0x7F) ? " " : p, 1);
            }
            sb_append(&sb, "\n", 1);
        }
    }
    if (d->shape_rows && d->shape_rows * d->shape_cols == d->k) {
        sb_printf(&sb, "# shape: %zux%zu\n", d->shape_rows, d->shape_cols);
    }
    for (size_t j = 0; j < d->k; j++) {
        char tmp[32];
        const char *nm = d->input_names && d->input_names[j] ? d->input_names[j] : NULL;
        if (!nm) {
            snprintf(tmp, sizeof tmp, "x%zu", j + 1);
            nm = tmp;
        }
        put_name(&sb, nm);
        sb_puts(&sb, delim);
    }
    put_name(&sb, d->target_name ? d->target_name : "y");
    sb_append(&sb, "\n", 1);
    for (size_t i = 0; i < d->n; i++) {
        for (size_t j = 0; j < d->k; j++) {
            put_exact(&sb, d->x[i * d->k + j], decimal_comma);
            sb_puts(&sb, delim);
        }
        if (d->nclasses) {
            put_label(&sb, d->class_names[(size_t)d->y[i]]);
        } else {
            put_exact(&sb, d->y[i], decimal_comma);
        }
        sb_append(&sb, "\n", 1);
    }
    c_numeric_leave(&cn);
    int rc = file_write_atomic(path, sb_str(&sb), sb.len, err, errlen);
    sb_free(&sb);
    return rc;
}
