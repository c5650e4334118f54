/* canvas.c: dots, lines and text on a character grid, rendered as braille or plain ASCII. */
#include "canvas.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int canvas_init(canvas *c, int cols, int rows, int ascii)
{
    memset(c, 0, sizeof *c);
    if (cols < 1 || rows < 1) {
        return -1;
    }
    size_t cells = (size_t)cols * (size_t)rows;
    c->bits = calloc(cells, 1);
    c->dotrole = calloc(cells, 1);
    c->text = calloc(cells, sizeof *c->text);
    c->bg = calloc(cells, sizeof *c->bg);
    if (!c->bits || !c->dotrole || !c->text || !c->bg) {
        canvas_free(c);
        return -1;
    }
    c->cols = cols;
    c->rows = rows;
    c->ascii = ascii;
    c->dx = ascii ? 1 : 2;
    c->dy = ascii ? 2 : 4;
    return 0;
}

void canvas_free(canvas *c)
{
    free(c->bits);
    free(c->dotrole);
    free(c->text);
    free(c->bg);
    memset(c, 0, sizeof *c);
}

int canvas_dot_cols(const canvas *c)
{
    return c->cols * c->dx;
}

int canvas_dot_rows(const canvas *c)
{
    return c->rows * c->dy;
}

int canvas_map(double v, double lo, double hi, int n)
{
    if (n < 1 || isnan(v)) {
        return -1;
    }
    if (!(hi > lo)) {
        return (n - 1) / 2;
    }
    double t = (v - lo) / (hi - lo) * (double)(n - 1);
    if (!(t > 0)) {   /* also catches -inf */
        return 0;
    }
    if (t >= (double)(n - 1)) {
        return n - 1;
    }
    int i = (int)floor(t + 0.5);
    return i > n - 1 ? n - 1 : i;
}

double canvas_unmap(int i, double lo, double hi, int n)
{
    if (n < 2) {
        return 0.5 * (lo + hi);
    }
    return lo + (hi - lo) * (double)i / (double)(n - 1);
}

unsigned canvas_braille_bit(int x, int y)
{
    static const unsigned left[4] = {0x01, 0x02, 0x04, 0x40};
    static const unsigned right[4] = {0x08, 0x10, 0x20, 0x80};
    if (y < 0 || y > 3 || x < 0 || x > 1) {
        return 0;
    }
    return x == 0 ? left[y] : right[y];
}

void canvas_braille_utf8(unsigned bits, char *buf)
{
    unsigned cp = 0x2800u + (bits & 0xFFu);
    buf[0] = (char)(0xE0u | (cp >> 12));
    buf[1] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
    buf[2] = (char)(0x80u | (cp & 0x3Fu));
    buf[3] = '\0';
}

void canvas_dot(canvas *c, int x, int y, canvas_role role)
{
    if (x < 0 || y < 0 || x >= canvas_dot_cols(c) || y >= canvas_dot_rows(c)) {
        return;
    }
    size_t cell = (size_t)(y / c->dy) * (size_t)c->cols + (size_t)(x / c->dx);
    /* dimmed dots give way to any other role: a cell shared by the present and the undone
     * part of a curve shows the present */
    int rank_new = role == CANVAS_ROLE_DIM ? -1 : (int)role;
    int rank_old = c->dotrole[cell] == CANVAS_ROLE_DIM ? -1 : (int)c->dotrole[cell];
    if (!c->bits[cell] || rank_new > rank_old) {
        c->dotrole[cell] = (unsigned char)role;
    }
    c->bits[cell] |= (unsigned char)canvas_braille_bit(x % c->dx, y % c->dy);
}

void canvas_line(canvas *c, int x0, int y0, int x1, int y1, canvas_role role, int dotted)
{
    int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
    int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
    int e = dx + dy;
    for (;;) {
        if (!dotted || ((x0 + y0) & 1) == 0) {
            canvas_dot(c, x0, y0, role);
        }
        if (x0 == x1 && y0 == y1) {
            break;
        }
        int e2 = 2 * e;
        if (e2 >= dy) {
            e += dy;
            x0 += sx;
        }
        if (e2 <= dx) {
            e += dx;
            y0 += sy;
        }
    }
}

/* Length in bytes of the UTF-8 sequence that starts with byte b (1 for a stray byte). */
static int utf8_len(unsigned char b)
{
    if (b >= 0xF0) {
        return 4;
    }
    if (b >= 0xE0) {
        return 3;
    }
    if (b >= 0xC0) {
        return 2;
    }
    return 1;
}

static void set_cell(canvas_cell *cell, const char *g, int len, canvas_role role)
{
    if (len > (int)sizeof cell->glyph - 1) {
        len = (int)sizeof cell->glyph - 1;
    }
    memcpy(cell->glyph, g, (size_t)len);
    cell->glyph[len] = '\0';
    cell->role = (unsigned char)role;
}

void canvas_text(canvas *c, int col, int row, const char *s, canvas_role role)
{
    if (row < 0 || row >= c->rows) {
        return;
    }
    while (*s) {
        int len = utf8_len((unsigned char)*s);
        for (int i = 1; i < len; i++) {
            if (!s[i]) {
                len = i;
                break;
            }
        }
        if (col >= 0 && col < c->cols) {
            set_cell(&c->text[(size_t)row * (size_t)c->cols + (size_t)col], s, len, role);
        }
        s += len;
        col++;
    }
}

void canvas_background(canvas *c, int col, int row, const char *glyph, canvas_role role)
{
    if (col < 0 || row < 0 || col >= c->cols || row >= c->rows) {
        return;
    }
    set_cell(&c->bg[(size_t)row * (size_t)c->cols + (size_t)col], glyph, (int)strlen(glyph), role);
}

void canvas_cell_at(const canvas *c, int col, int row, canvas_cell *out)
{
    size_t i = (size_t)row * (size_t)c->cols + (size_t)col;
    if (c->text[i].glyph[0]) {
        *out = c->text[i];
    } else if (c->bits[i]) {
        out->role = c->dotrole[i];
        if (c->ascii) {
            unsigned b = c->bits[i];
            const char *g = (b & 0x01) && (b & 0x02) ? ":" : (b & 0x01) ? "'" : ".";
            set_cell(out, g, 1, (canvas_role)c->dotrole[i]);
        } else {
            canvas_braille_utf8(c->bits[i], out->glyph);
        }
    } else if (c->bg[i].glyph[0]) {
        *out = c->bg[i];
    } else {
        set_cell(out, " ", 1, CANVAS_ROLE_NORMAL);
    }
}

int canvas_downsample_fn(double (*get)(void *ctx, size_t i), void *ctx, size_t n, size_t m,
                         canvas_bucket *out)
{
    if (m == 0 || m > n) {
        return -1;
    }
    for (size_t b = 0; b < m; b++) {
        size_t lo = b * n / m, hi = (b + 1) * n / m;
        canvas_bucket *k = &out[b];
        k->first = lo;
        k->last = hi - 1;
        k->min = k->max = lo;
        double vmin = get(ctx, lo), vmax = vmin;
        for (size_t i = lo; i < hi; i++) {
            double v = get(ctx, i);
            if (isnan(v)) {
                continue;
            }
            if (isnan(vmin) || v < vmin) {
                k->min = i;
                vmin = v;
            }
            if (isnan(vmax) || v > vmax) {
                k->max = i;
                vmax = v;
            }
        }
    }
    return 0;
}

static double array_get(void *ctx, size_t i)
{
    return ((const double *)ctx)[i];
}

int canvas_downsample(const double *v, size_t n, size_t m, canvas_bucket *out)
{
    return canvas_downsample_fn(array_get, (void *)v, n, m, out);
}
