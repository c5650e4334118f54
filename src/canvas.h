/* canvas.h: a character grid with sub-cell dots (braille 2x4 in UTF-8, 1x2 in ASCII) for text plots. */
#ifndef GRADSTEP_CANVAS_H
#define GRADSTEP_CANVAS_H

#include <stddef.h>

/* What a cell shows, so that a colour UI can paint it; plain text ignores it. */
typedef enum {
    CANVAS_ROLE_NORMAL = 0, /* the data: a curve, the boundary line */
    CANVAS_ROLE_DIM,        /* greyed data: the cost curve beyond the present step after `back` */
    CANVAS_ROLE_SHADE,      /* a light background mark: the sigma(z) >= 0.5 side */
    CANVAS_ROLE_AXIS,       /* axis lines and ticks */
    CANVAS_ROLE_LABEL,      /* tick values and axis names */
    CANVAS_ROLE_NEGATIVE,   /* an example with target y < 0.5 */
    CANVAS_ROLE_POSITIVE,   /* an example with target y >= 0.5 */
    CANVAS_ROLE_MARK,       /* the present step on the cost curve */
    CANVAS_ROLE_FOCUS       /* the focused example */
} canvas_role;

/* One character cell: a UTF-8 glyph one column wide (NUL-terminated) and its role. */
typedef struct {
    char glyph[8];
    unsigned char role;
} canvas_cell;

/* cols x rows cells; each cell holds dx x dy dots (2x4 braille, or 1x2 in ASCII), a text
 * glyph drawn over the dots, and a background glyph shown only when the cell is otherwise empty. */
typedef struct {
    int cols, rows;
    int dx, dy;
    int ascii;
    unsigned char *bits;     /* per cell: dot mask, braille bit order */
    unsigned char *dotrole;  /* per cell: role of its dots */
    canvas_cell *text;       /* per cell: overlay glyph ("" when none) */
    canvas_cell *bg;         /* per cell: background glyph ("" when none) */
} canvas;

/* Sets up an empty canvas of cols x rows cells (both >= 1). Returns 0, or -1 when out of memory. */
int canvas_init(canvas *c, int cols, int rows, int ascii);

/* Frees what the canvas owns and zeroes it. Safe on a zeroed canvas. */
void canvas_free(canvas *c);

/* Dots across (cols*dx) and down (rows*dy). */
int canvas_dot_cols(const canvas *c);
int canvas_dot_rows(const canvas *c);

/* Maps v in [lo, hi] onto n positions 0..n-1: lo to 0, hi to n-1, rounding to the nearest
 * position (halves upward), values outside clamped to the ends. A range with hi <= lo puts
 * every value at (n-1)/2. Returns -1 for NaN or n < 1. */
int canvas_map(double v, double lo, double hi, int n);

/* The value at position i of n positions spanning [lo, hi] (the inverse of canvas_map). */
double canvas_unmap(int i, double lo, double hi, int n);

/* The braille bit (U+2800 + bits) of dot (x, y) within a cell, x in 0..1, y in 0..3 from the top. */
unsigned canvas_braille_bit(int x, int y);

/* Writes the UTF-8 encoding of the braille character with dot mask bits into buf (>= 4 bytes). */
void canvas_braille_utf8(unsigned bits, char *buf);

/* Sets dot (x, y) (y = 0 at the top); dots outside the canvas are ignored. A cell's dots take
 * the strongest role set on any of them: roles rank as ordered in canvas_role, except that
 * CANVAS_ROLE_DIM ranks lowest. */
void canvas_dot(canvas *c, int x, int y, canvas_role role);

/* Draws a straight line of dots from (x0, y0) to (x1, y1), both ends included; dotted: only
 * the dots whose x + y is even. */
void canvas_line(canvas *c, int x0, int y0, int x1, int y1, canvas_role role, int dotted);

/* Writes the UTF-8 string s from cell (col, row) on, one glyph per column, over any dots;
 * what falls outside the canvas is dropped. */
void canvas_text(canvas *c, int col, int row, const char *s, canvas_role role);

/* Sets the background glyph of cell (col, row), shown only when the cell has no dots or text. */
void canvas_background(canvas *c, int col, int row, const char *glyph, canvas_role role);

/* What cell (col, row) shows: its text, else its dots (braille, or ' . : in ASCII), else its
 * background, else a space. */
void canvas_cell_at(const canvas *c, int col, int row, canvas_cell *out);

/* One bucket of a downsampled series: indices of its first, last, smallest and largest
 * values (a NaN value is never the smallest or largest unless the whole bucket is NaN). */
typedef struct {
    size_t first, last, min, max;
} canvas_bucket;

/* Splits indices 0..n-1 into m consecutive buckets (1 <= m <= n), bucket b holding
 * [b*n/m, (b+1)*n/m), and fills out[0..m-1]: a series with more points than columns is drawn
 * one bucket per column, never truncated. Returns 0, or -1 when m is 0 or above n. */
int canvas_downsample(const double *v, size_t n, size_t m, canvas_bucket *out);

/* The same as canvas_downsample for a series read through get(ctx, i), so that a long series
 * need not be copied into an array first. */
int canvas_downsample_fn(double (*get)(void *ctx, size_t i), void *ctx, size_t n, size_t m,
                         canvas_bucket *out);

#endif
