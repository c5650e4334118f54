/* text.c: UTF-8 decoding, the one display-width rule, fitting, wrapping, flowing formulas and tables. */
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "xmem.h"

size_t text_decode(const char *s, size_t n, unsigned long *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    size_t len;
    unsigned long v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
        len = 2;
        v = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        v = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (u[i] & 0x3F);
    }
    static const unsigned long least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (v < least[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;   /* an overlong form, a surrogate or beyond Unicode */
        return 1;
    }
    *cp = v;
    return len;
}

/* The rule used where the locale does not know a character. */
static int fallback_width(unsigned long cp)
{
    if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
        (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
        (cp >= 0xFE20 && cp <= 0xFE2F)) {
        return 0;
    }
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
        (cp >= 0x1F900 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD)) {
        return 2;
    }
    return 1;
}

int text_char_width(unsigned long cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
        return 1;   /* shown as '?' */
    }
    if (cp < 0x7F) {
        return 1;
    }
    int w = wcwidth((wchar_t)cp);
    return w >= 0 ? w : fallback_width(cp);
}

/* Columns of the character at s (n bytes left), its length in *len. */
static int char_cols(const char *s, size_t n, unsigned flags, size_t *len)
{
    unsigned long cp;
    *len = text_decode(s, n, &cp);
    if ((flags & TEXT_MARKS) && (cp == TEXT_MARK_ON || cp == TEXT_MARK_OFF || cp == '\n')) {
        return 0;
    }
    return text_char_width(cp);
}

int text_width_n(const char *s, size_t len, unsigned flags)
{
    int w = 0;
    size_t i = 0;
    while (i < len && s[i]) {
        size_t l;
        w += char_cols(s + i, len - i, flags, &l);
        i += l;
    }
    return w;
}

int text_width(const char *s, unsigned flags)
{
    return text_width_n(s, strlen(s), flags);
}

size_t text_fit(const char *s, size_t len, int cols, unsigned flags)
{
    int w = 0;
    size_t i = 0;
    while (i < len && s[i]) {
        size_t l;
        int cw = char_cols(s + i, len - i, flags, &l);
        if (w + cw > cols) {
            break;
        }
        w += cw;
        i += l;
    }
    return i;
}

size_t text_break(const char *s, size_t len, int room, int min_cols, unsigned flags)
{
    if (text_width_n(s, len, flags) <= room) {
        return len;
    }
    size_t fit = text_fit(s, len, room, flags);
    for (size_t b = fit; b > 0; b--) {
        if (s[b] == ' ') {
            if (text_width_n(s, b, flags) >= min_cols) {
                return b + 1;
            }
            break;
        }
    }
    if (fit == 0) {
        size_t l;
        char_cols(s, len, flags, &l);
        return l;
    }
    return fit;
}

static int is_gap(char c)
{
    return c == ' ' || c == '\t';
}

static void spaces(strbuf *out, int n)
{
    for (int i = 0; i < n; i++) {
        sb_append(out, " ", 1);
    }
}

/* Appends s[0..n) with TEXT_NB written as a space. */
static void put_word(strbuf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sb_append(out, s[i] == TEXT_NB ? " " : s + i, 1);
    }
}

void text_wrap(strbuf *out, const char *text, int width, int indent, unsigned flags)
{
    int col = 0, first = 1;
    const char *p = text;
    while (*p == ' ') {
        sb_puts(out, " ");
        col++;
        p++;
    }
    while (*p) {
        while (is_gap(*p)) {
            p++;
        }
        if (!*p) {
            break;
        }
        size_t wl = 0;
        while (p[wl] && !is_gap(p[wl])) {
            wl++;
        }
        int ww = text_width_n(p, wl, flags);
        if (!first && col + 1 + ww > width) {
            sb_puts(out, "\n");
            spaces(out, indent);
            col = indent;
            first = 1;
        }
        if (!first) {
            sb_puts(out, " ");
            col++;
        }
        while ((flags & TEXT_SPLIT_LONG) && ww > width - col && width > col) {
            size_t b = text_fit(p, wl, width - col, flags);
            if (b == 0) {
                break;
            }
            put_word(out, p, b);
            sb_puts(out, "\n");
            spaces(out, indent);
            col = indent;
            p += b;
            wl -= b;
            ww = text_width_n(p, wl, flags);
        }
        put_word(out, p, wl);
        col += ww;
        first = 0;
        p += wl;
    }
    sb_puts(out, "\n");
}

/* ---- flowing formulas ---- */

void text_flow_start(text_flow *f, strbuf *out, int width, const char *lead)
{
    memset(f, 0, sizeof *f);
    f->out = out;
    f->width = width;
    sb_puts(&f->line, lead);
    f->indent = text_width(lead, TEXT_MARKS);
    f->col = f->indent;
    f->fresh = 1;
}

void text_flow_add(text_flow *f, const char *piece)
{
    int w = text_width(piece, TEXT_MARKS);
    if (!f->fresh && f->col + w > f->width) {
        sb_puts(&f->line, "\n");
        sb_puts(f->out, sb_str(&f->line));
        sb_clear(&f->line);
        spaces(&f->line, f->indent);
        f->col = f->indent;
        while (*piece == ' ') {
            piece++;
            w--;
        }
    }
    put_word(&f->line, piece, strlen(piece));
    f->col += w;
    f->fresh = 0;
}

void text_flow_end(text_flow *f)
{
    sb_puts(&f->line, "\n");
    sb_puts(f->out, sb_str(&f->line));
    sb_free(&f->line);
}

/* ---- tables ---- */

void text_table_init(text_table *t, size_t ncol, char *(*copy)(const char *text))
{
    memset(t, 0, sizeof *t);
    t->ncol = ncol;
    t->copy = copy;
}

void text_table_put(text_table *t, const char *text)
{
    if (t->count == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 32;
        t->cell = xrealloc(t->cell, t->cap * sizeof *t->cell);
    }
    t->cell[t->count++] = t->copy ? t->copy(text) : xstrdup(text);
}

void text_table_header(text_table *t, char *(*copy)(const char *text), const char *first, ...)
{
    size_t n = 0;
    va_list ap;
    va_start(ap, first);
    for (const char *c = first; c; c = va_arg(ap, const char *)) {
        n++;
    }
    va_end(ap);
    text_table_init(t, n, copy);
    va_start(ap, first);
    for (const char *c = first; c; c = va_arg(ap, const char *)) {
        text_table_put(t, c);
    }
    va_end(ap);
}

void text_table_render(const text_table *t, strbuf *out, int indent, const char *align)
{
    int *cw = xcalloc(t->ncol, sizeof *cw);
    for (size_t c = 0; c < t->count; c++) {
        int w = text_width(t->cell[c], TEXT_MARKS);
        if (w > cw[c % t->ncol]) {
            cw[c % t->ncol] = w;
        }
    }
    for (size_t c = 0; c < t->count; c++) {
        size_t col = c % t->ncol;
        spaces(out, col == 0 ? indent : 2);
        int pad = cw[col] - text_width(t->cell[c], TEXT_MARKS);
        int right = align[col] == 'r';
        if (right) {
            spaces(out, pad);
        }
        sb_puts(out, t->cell[c]);
        int last = col + 1 == t->ncol || c + 1 == t->count;
        if (!right && !last) {
            spaces(out, pad);
        }
        if (last) {
            sb_puts(out, "\n");
        }
    }
    free(cw);
}

void text_table_free(text_table *t)
{
    for (size_t c = 0; c < t->count; c++) {
        free(t->cell[c]);
    }
    free(t->cell);
    memset(t, 0, sizeof *t);
}

/* ---- making untrusted text safe for a terminal ---- */

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

void text_safe(strbuf *out, const char *text, size_t n, unsigned flags)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        unsigned long cp;
        size_t len = utf8_strict(s + i, n - i, &cp);
        if (len == 0) {
            sb_puts(out, "\xEF\xBF\xBD");  /* U+FFFD for a byte that is not UTF-8 */
            i++;
            continue;
        }
        if ((cp == '\n' && (flags & TEXT_SAFE_NL)) || (cp == '\t' && (flags & TEXT_SAFE_TAB))) {
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

char *text_safe_dup(const char *text)
{
    strbuf sb = { 0 };
    text_safe(&sb, text, strlen(text), 0);
    char *d = strdup(sb_str(&sb));
    sb_free(&sb);
    return d;
}

int text_is_safe(const char *text, size_t n, unsigned flags)
{
    strbuf sb = { 0 };
    text_safe(&sb, text, n, flags);
    int same = sb.len == n && (n == 0 || memcmp(sb.buf, text, n) == 0);
    sb_free(&sb);
    return same;
}
