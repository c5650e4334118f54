/* dataset.c: reads and checks training sets (delimiter and header detection, exact error places) and writes them back. */
#include "dataset.h"

#include "fileio.h"
#include "strbuf.h"
#include "errbuf.h"
#include "xmem.h"

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

enum { NUM_OK = 0, NUM_NOT, NUM_NONFINITE, NUM_NOTPLAIN, NUM_RANGE, NUM_DECIMAL_COMMA };

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* 1 when s is digits "," digits: a number written with a decimal comma. */
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
    return *s == '\0';
}

/* Reads the NUL-terminated field s as plain decimal notation ([+-]digits[.digits][e[+-]digits]).
 * Returns NUM_OK with *v, or why it is not a usable number. Exact: small cases are computed
 * with one correctly rounded operation, the rest by strtod (in the C locale). */
static int read_number(const char *s, double *v)
{
    const char *p = s;
    int neg = 0;
    if (*p == '+' || *p == '-') {
        neg = *p == '-';
        p++;
    }
    uint64_t mant = 0;
    int ndig = 0, sig = 0, frac = 0, big = 0;
    while (is_digit(*p)) {
        if (sig < 19) {
            mant = mant * 10 + (uint64_t)(*p - '0');
            if (mant) {
                sig++;
            }
        } else {
            big = 1;
        }
        ndig++;
        p++;
    }
    if (*p == '.') {
        p++;
        while (is_digit(*p)) {
            if (sig < 19) {
                mant = mant * 10 + (uint64_t)(*p - '0');
                if (mant) {
                    sig++;
                }
                frac++;
            } else {
                big = 1;
            }
            ndig++;
            p++;
        }
    }
    long ex = 0;
    int plain = ndig > 0;
    if (plain && (*p == 'e' || *p == 'E')) {
        p++;
        int eneg = 0;
        if (*p == '+' || *p == '-') {
            eneg = *p == '-';
            p++;
        }
        if (!is_digit(*p)) {
            plain = 0;
        }
        while (is_digit(*p)) {
            if (ex < 100000) {
                ex = ex * 10 + (*p - '0');
            }
            p++;
        }
        if (eneg) {
            ex = -ex;
        }
    }
    if (!plain || *p != '\0') {
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
    long e10 = ex - frac;
    if (!big && mant <= (UINT64_C(1) << 53) && e10 >= -22 && e10 <= 22) {
        double m = (double)mant;
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
    int r = read_number(s, &v);
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

/* Splits the NUL-terminated line in place into fields. delim is ',', ';' or '\t', or ' ' for
 * runs of spaces and tabs. On failure *bad is the 1-based field where it happened. */
static int split_line(char *line, char delim, fieldvec *fv, size_t *bad)
{
    fv->n = 0;
    char *p = line;
    if (delim == ' ') {
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
    return semis >= commas ? ';' : ',';
}

/* ---------------------------------------------------------------- parsing */

/* A copy of s with control bytes and bytes that are not valid UTF-8 replaced by '?', so that it prints on
 * one line and a terminal shows it as written. */
static char *dup_clean(const char *s)
{
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (!d) {
        return NULL;
    }
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t adv = u[i] >= 0x80 ? utf8_len(u + i, n - i) : 1;
        if (adv == 2 && u[i] == 0xC2 && u[i + 1] < 0xA0) {
            adv = 0; /* U+0080..U+009F: C1 control characters */
        }
        if (adv == 0 || (adv == 1 && (u[i] < 0x20 || u[i] == 0x7F))) {
            d[i++] = '?';
        } else {
            memcpy(d + i, s + i, adv);
            i += adv;
        }
    }
    d[n] = '\0';
    return d;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

static void number_error(char *err, size_t errlen, const char *where, size_t line, size_t col,
                         const field *f, int why)
{
    char shown[SHOW_MAX + 8];
    show_text(shown, sizeof shown, f->s, f->len);
    switch (why) {
    case NUM_NONFINITE:
        place_error(err, errlen, where, line, col, "\"%s\" is not a finite number", shown);
        break;
    case NUM_NOTPLAIN:
        place_error(err, errlen, where, line, col,
                    "\"%s\" is not plain decimal notation (write numbers like 8, -0.5 or 1.5e-3)",
                    shown);
        break;
    case NUM_RANGE:
        place_error(err, errlen, where, line, col,
                    "\"%s\" is too large (the largest number is about 1.8e308)", shown);
        break;
    case NUM_DECIMAL_COMMA:
        place_error(err, errlen, where, line, col,
                    "\"%s\" is not a number (the decimal mark must be a point)", shown);
        break;
    default:
        place_error(err, errlen, where, line, col, "\"%s\" is not a number", shown);
        break;
    }
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

/* Parses the NUL-terminated text owned[0..len-1] into *out with the given name and source, in place,
 * and frees owned; *out is written only on success. progress (may be NULL) hears how far the
 * parse is, and may stop it. */
static int parse_owned(char *owned, size_t len, const char *where, const char *name,
                       const char *source, dataset_progress_fn progress, void *pctx, dataset *out,
                       char *err, size_t errlen)
{
    char *buf = owned;
    const unsigned char *u = (const unsigned char *)buf;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        place_error(err, errlen, where, 0, 0, "is UTF-16 text; save it as UTF-8 or plain ASCII");
        free(owned);
        return -1;
    }
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        buf += 3;
        len -= 3;
    }
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        size_t line = 1;
        for (const char *q = buf; q < nul; q++) {
            line += *q == '\n';
        }
        place_error(err, errlen, where, 0, 0, "looks like a binary file (NUL byte at line %zu)", line);
        free(owned);
        return -1;
    }
    if (!memchr(buf, '\n', len)) {
        /* Old Mac line ends: CR alone ends a line when the file has no LF at all. */
        for (char *q = buf; (q = memchr(q, '\r', (size_t)(buf + len - q))) != NULL; q++) {
            *q = '\n';
        }
    }

    size_t nlines = 1;
    for (const char *q = buf; (q = memchr(q, '\n', (size_t)(buf + len - q))) != NULL; q++) {
        nlines++;
    }

    c_numeric cn;
    c_numeric_enter(&cn);

    fieldvec fv = {0};
    char **names = NULL;     /* header names (pointing into buf) */
    const char *desc = NULL; /* first comment (pointing into buf) */
    double *x = NULL, *y = NULL;
    size_t ncols = 0, k = 0, n = 0, cap = 0;
    int seen_row = 0, seen_comment = 0, has_header = 0, rc = -1;
    size_t shape_line = 0, shape_rows = 0, shape_cols = 0; /* a "# shape: RxC" comment */
    char delim = ',';

    char *p = buf, *end = buf + len;
    size_t lineno = 0;
    size_t next_report = PROGRESS_EVERY;
    while (p < end) {
        if (progress && (size_t)(p - buf) >= next_report) {
            next_report = (size_t)(p - buf) + PROGRESS_EVERY;
            if (report_progress(&cn, progress, pctx, (long)(p - buf), (long)len)) {
                place_error(err, errlen, where, 0, 0, "loading stopped");
                goto done;
            }
        }
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        lineno++;
        *le = '\0';
        if (le > p && le[-1] == '\r') {
            le[-1] = '\0';
        }
        char *line = p;
        p = nl ? nl + 1 : end;

        while (*line == ' ' || *line == '\t') {
            line++;
        }
        if (*line == '\0') {
            continue;
        }
        if (*line == '#') {
            if (!shape_line && parse_shape(line + 1, &shape_rows, &shape_cols)) {
                shape_line = lineno;
                continue;
            }
            if (!seen_comment) {
                seen_comment = 1;
                char *d = line + 1;
                while (*d == ' ' || *d == '\t') {
                    d++;
                }
                char *e = d + strlen(d);
                while (e > d && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) {
                    *--e = '\0';
                }
                desc = d;
            }
            continue;
        }

        if (!seen_row) {
            delim = detect_delim(line);
        }
        size_t bad = 0;
        int sr = split_line(line, delim, &fv, &bad);
        if (sr == SPLIT_NOMEM) {
            place_error(err, errlen, where, 0, 0, "out of memory");
            goto done;
        }
        if (sr == SPLIT_OPEN_QUOTE) {
            place_error(err, errlen, where, lineno, bad, "a quote is opened and never closed");
            goto done;
        }
        if (sr == SPLIT_AFTER_QUOTE) {
            place_error(err, errlen, where, lineno, bad,
                        "text after a closing quote (a field is either all quoted or not)");
            goto done;
        }

        if (!seen_row) {
            seen_row = 1;
            ncols = fv.n;
            k = ncols - 1;
            for (size_t j = 0; j < fv.n && !has_header; j++) {
                if (fv.v[j].quoted || (fv.v[j].len > 0 && !number_like(fv.v[j].s))) {
                    has_header = 1;
                }
            }
            /* Each data row takes at least two bytes per field, so this bounds the rows. */
            cap = (len + 1) / (2 * ncols) + 1;
            if (cap > nlines) {
                cap = nlines;
            }
            size_t xk = k ? k : 1;
            if (cap > SIZE_MAX / sizeof(double) / xk) {
                place_error(err, errlen, where, 0, 0, "out of memory");
                goto done;
            }
            x = malloc(cap * xk * sizeof(double));
            y = malloc(cap * sizeof(double));
            if (!x || !y) {
                place_error(err, errlen, where, 0, 0, "out of memory");
                goto done;
            }
            if (has_header) {
                names = malloc(ncols * sizeof *names);
                if (!names) {
                    place_error(err, errlen, where, 0, 0, "out of memory");
                    goto done;
                }
                for (size_t j = 0; j < ncols; j++) {
                    if (fv.v[j].len == 0) {
                        place_error(err, errlen, where, lineno, j + 1, "empty column name");
                        goto done;
                    }
                    names[j] = fv.v[j].s;
                }
                continue;
            }
        }

        if (fv.n != ncols) {
            place_error(err, errlen, where, lineno, 0, "expected %zu field%s, found %zu", ncols,
                        ncols == 1 ? "" : "s", fv.n);
            goto done;
        }
        double *row = x + n * k;
        for (size_t j = 0; j < ncols; j++) {
            const field *f = &fv.v[j];
            if (f->len == 0) {
                place_error(err, errlen, where, lineno, j + 1, "empty field");
                goto done;
            }
            double v;
            int why = read_number(f->s, &v);
            if (why != NUM_OK) {
                number_error(err, errlen, where, lineno, j + 1, f, why);
                goto done;
            }
            if (j < k) {
                row[j] = v;
            } else {
                if (!(v >= 0.0 && v <= 1.0)) {
                    char shown[SHOW_MAX + 8];
                    show_text(shown, sizeof shown, f->s, f->len);
                    place_error(err, errlen, where, lineno, j + 1, "label %s is outside [0,1]", shown);
                    goto done;
                }
                y[n] = v;
            }
        }
        n++;
    }

    if (progress && report_progress(&cn, progress, pctx, (long)len, (long)len)) {
        place_error(err, errlen, where, 0, 0, "loading stopped");
        goto done;
    }
    if (!seen_row) {
        place_error(err, errlen, where, 0, 0, seen_comment ? "no data rows (only comments)" : "empty file");
        goto done;
    }
    if (n == 0) {
        place_error(err, errlen, where, 0, 0, "no data rows (only a header)");
        goto done;
    }
    if (k == 0) {
        place_error(err, errlen, where, 0, 0, "no input column: every row has only the label");
        goto done;
    }

    if (shape_line && shape_rows * shape_cols != k) {
        place_error(err, errlen, where, shape_line, 0, "shape %zux%zu has %zu pixels, but the rows have %zu input%s",
                    shape_rows, shape_cols, shape_rows * shape_cols, k, k == 1 ? "" : "s");
        goto done;
    }

    /* Keep exactly what the rows need. */
    double *nx = realloc(x, n * k * sizeof(double));
    if (nx) {
        x = nx;
    }
    double *ny = realloc(y, n * sizeof(double));
    if (ny) {
        y = ny;
    }

    dataset d = {0};
    d.n = n;
    d.k = k;
    d.x = x;
    d.y = y;
    d.has_header = has_header;
    d.shape_rows = shape_rows;
    d.shape_cols = shape_cols;
    d.name = dup_clean(name);
    d.source = dup_clean(source);
    d.description = dup_clean(desc ? desc : "");
    d.input_names = calloc(k, sizeof *d.input_names);
    int ok = d.name && d.source && d.description && d.input_names;
    for (size_t j = 0; ok && j < k; j++) {
        if (has_header) {
            d.input_names[j] = dup_clean(names[j]);
        } else {
            char tmp[32];
            snprintf(tmp, sizeof tmp, "x%zu", j + 1);
            d.input_names[j] = dup_clean(tmp);
        }
        ok = d.input_names[j] != NULL;
    }
    if (ok) {
        d.target_name = dup_clean(has_header ? names[k] : "y");
        ok = d.target_name != NULL;
    }
    x = y = NULL; /* now owned by d */
    if (!ok) {
        dataset_free(&d);
        place_error(err, errlen, where, 0, 0, "out of memory");
        goto done;
    }
    *out = d;
    rc = 0;

done:
    c_numeric_leave(&cn);
    free(x);
    free(y);
    free(names);
    free(fv.v);
    free(owned);
    return rc;
}

/* parse_owned on a copy of text (len bytes, need not be NUL-terminated). */
static int parse_text(const char *text, size_t len, const char *where, const char *name,
                      const char *source, dataset *out, char *err, size_t errlen)
{
    char *copy = malloc(len + 1);
    if (!copy) {
        place_error(err, errlen, where, 0, 0, "out of memory");
        return -1;
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    return parse_owned(copy, len, where, name, source, NULL, NULL, out, err, errlen);
}

int dataset_parse(const char *text, size_t len, const char *where, dataset *out, char *err,
                  size_t errlen)
{
    return parse_text(text, len, where, base_name(where), where, out, err, errlen);
}

/* Reads path and parses it under the given name. */
static int load_named(const char *path, const char *name, dataset_progress_fn progress, void *pctx,
                      dataset *out, char *err, size_t errlen)
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
    return parse_owned(data, len, path, name, path, progress, pctx, out, err, errlen);
}

int dataset_load_file(const char *path, dataset *out, char *err, size_t errlen)
{
    return load_named(path, base_name(path), NULL, NULL, out, err, errlen);
}

int dataset_load_default(dataset *out, char *err, size_t errlen)
{
    return parse_text(gradstep_default_dataset, gradstep_default_dataset_len, "builtin:" DEFAULT_NAME,
                      DEFAULT_NAME, "builtin:" DEFAULT_NAME, out, err, errlen);
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
    return dataset_load_with_progress(name_or_path, out, NULL, NULL, err, errlen);
}

int dataset_load_with_progress(const char *name_or_path, dataset *out, dataset_progress_fn progress,
                               void *pctx, char *err, size_t errlen)
{
    const char *arg = name_or_path;
    if (!arg || !*arg) {
        snprintf(err, errlen, "no dataset given: name a bundled dataset or a file");
        return -1;
    }
    struct stat st;
    if (stat(arg, &st) == 0 || (errno != ENOENT && errno != ENOTDIR)) {
        return load_named(arg, base_name(arg), progress, pctx, out, err, errlen);
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
        rc = load_named(path, name, progress, pctx, out, err, errlen);
    } else if (strcmp(name, DEFAULT_NAME) == 0) {
        rc = dataset_load_default(out, err, errlen);
    } else {
        snprintf(err, errlen, "%s: no such file or bundled dataset (try \"datasets\")", arg);
        rc = -1;
    }
    free(path);
    free(name);
    return rc;
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
            rc = load_named(path, names[i], NULL, NULL, &d, e2, sizeof e2);
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
    d.shape_rows = src->shape_rows;
    d.shape_cols = src->shape_cols;
    d.name = dup_or_null(src->name, &fail);
    d.source = dup_or_null(src->source, &fail);
    d.description = dup_or_null(src->description, &fail);
    d.target_name = dup_or_null(src->target_name, &fail);
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
    memset(d, 0, sizeof *d);
}

/* ---------------------------------------------------------------- writing */

/* Appends v in the shortest of %.15g and %.17g that reads back as exactly the same double. */
static void put_exact(strbuf *sb, double v)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.15g", v);
    double back = strtod(tmp, NULL);
    if (memcmp(&back, &v, sizeof v) != 0) {
        snprintf(tmp, sizeof tmp, "%.17g", v);
    }
    sb_puts(sb, tmp);
}

/* Appends a header name, quoted when it would otherwise read back differently. */
static void put_name(strbuf *sb, const char *s)
{
    int quote = *s == '\0' || *s == '#' || *s == ' ' || number_like(s);
    for (const char *p = s; *p && !quote; p++) {
        quote = *p == ',' || *p == '"' || *p == ';' || *p == '\t' || (unsigned char)*p < 0x20;
    }
    size_t n = strlen(s);
    if (n > 0 && s[n - 1] == ' ') {
        quote = 1;
    }
    if (!quote) {
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

int dataset_write_csv(const dataset *d, const char *path, char *err, size_t errlen)
{
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
        if (!(d->y[i] >= 0.0 && d->y[i] <= 1.0)) {
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
        sb_append(&sb, ",", 1);
    }
    put_name(&sb, d->target_name ? d->target_name : "y");
    sb_append(&sb, "\n", 1);
    for (size_t i = 0; i < d->n; i++) {
        for (size_t j = 0; j < d->k; j++) {
            put_exact(&sb, d->x[i * d->k + j]);
            sb_append(&sb, ",", 1);
        }
        put_exact(&sb, d->y[i]);
        sb_append(&sb, "\n", 1);
    }
    c_numeric_leave(&cn);
    int rc = file_write_atomic(path, sb_str(&sb), sb.len, err, errlen);
    sb_free(&sb);
    return rc;
}
