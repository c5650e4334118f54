/* plot.h: the plot views (cost by step, sigma curve, decision boundary or regions, weights and inputs as images) as text grids and SVG. */
#ifndef GRADSTEP_PLOT_H
#define GRADSTEP_PLOT_H

#include <stddef.h>

#include "canvas.h"
#include "session.h"
#include "strbuf.h"

/* The views; cmd_app.plot_view holds one of these. */
typedef enum {
    PLOT_COST = 0,     /* C against step, 0 to the present (and the undone tail, greyed) */
    PLOT_SIGMOID,      /* sigma(z) over z with every example at (z, sigma(z)) */
    PLOT_SIGMA_PRIME,  /* sigma'(z) over z with every example on it (quadratic-cost lesson) */
    PLOT_BOUNDARY,     /* k = 2: the examples in the (x1, x2) plane and the line z = 0; for a network its
                        * decision regions and each layer-2 neuron's line */
    PLOT_WEIGHTS,      /* a layer's incoming weights as heat maps, in the image's shape when they are pixels */
    PLOT_INPUT,        /* an example drawn as an image (datasets that declare a shape) */
    PLOT_VIEW_COUNT
} plot_view;

/* Flags for plot_render and plot_svg. */
enum {
    PLOT_ASCII = 1,  /* plain ASCII glyphs instead of braille and UTF-8 symbols */
    PLOT_LOG = 2,    /* cost view: logarithmic C axis */
    PLOT_KNOWN = 4,  /* cost view: draw only the costs already known (session_cost_known) and the
                      * present one, computing no others; gaps stand for the rest */
    PLOT_PANE = 8    /* a full-screen pane: drawn down to PLOT_PANE_MIN_WIDTH x PLOT_PANE_MIN_HEIGHT */
};

/* The smallest grid a picture is drawn in; below it plot_render fails with a one-line reason. */
enum { PLOT_MIN_WIDTH = 30, PLOT_MIN_HEIGHT = 8 };

/* The smallest grid a full-screen pane draws in (PLOT_PANE): braille gives 2x4 dots a cell, so
 * 4 rows (2 of curve, an axis and its labels) still hold a curve 8 dots high. */
enum { PLOT_PANE_MIN_WIDTH = 16, PLOT_PANE_MIN_HEIGHT = 4 };

/* A rendered picture: height rows of width cells, each a one-column UTF-8 glyph and a role
 * (canvas_role) for colouring. The title and legend are one line each, to show above and
 * below the cells (plot_text does so; a pane may put the title in its border). */
typedef struct {
    int width, height;
    canvas_cell *cells;   /* row-major: cells[row * width + col] */
    char title[256];
    char legend[384];
} plot_grid;

/* Which layer, neuron or example the weights and input views draw (`plot weights L J`, `plot input
 * I`); a zero field means the default. */
typedef struct {
    int layer;       /* weights: layer l, 2..L (0: layer 2) */
    size_t neuron;   /* weights: neuron j from 1, drawn large (0: every neuron of the layer) */
    size_t example;  /* input: example i from 1 (0: the focused example) */
} plot_sel;

/* The view's command word: "cost", "sigmoid", "sigma'", "boundary", "weights", "input"; "?" when out of range. */
const char *plot_view_name(int view);

/* Parses a view name or a unique prefix of one (also "sigmaprime"); -1 when none matches. */
int plot_view_parse(const char *text);

/* Draws view of session s in width x height cells. Returns 0 with *out filled (free it with
 * plot_grid_free), or -1 with a one-line reason in err and *out zeroed: the area is under
 * PLOT_MIN_WIDTH x PLOT_MIN_HEIGHT (PLOT_PANE_MIN_* with PLOT_PANE), the boundary view on
 * k != 2, or out of memory. */
int plot_render(session *s, int view, int width, int height, unsigned flags, plot_grid *out,
                char *err, size_t errlen);

/* plot_render for the weights and input views' layer, neuron or example (sel may be NULL: the
 * defaults); fails with a one-line reason when sel names a layer, neuron or example that does not
 * exist or the input view has no image shape. */
int plot_render_sel(session *s, int view, const plot_sel *sel, int width, int height, unsigned flags,
                    plot_grid *out, char *err, size_t errlen);

/* 1 when view can be drawn for s and `p` should offer it: cost always; sigmoid and sigma' for the
 * single neuron; boundary with 2 inputs; weights in network mode or with an image shape; input with
 * an image shape. */
int plot_view_applies(const session *s, int view);

/* Checks sel against view and s: 0, or -1 with a one-line reason in err (a layer, neuron or example
 * that does not exist; the input view without an image shape). */
int plot_sel_check(const session *s, int view, const plot_sel *sel, char *err, size_t errlen);

/* The cell at (row, col) of a rendered grid. */
const canvas_cell *plot_grid_cell(const plot_grid *g, int row, int col);

/* Frees the cells of a grid and zeroes it. Safe on a zeroed grid. */
void plot_grid_free(plot_grid *g);

/* Appends the grid as plain text: the title, the rows (trailing spaces dropped), the legend. */
void plot_text(const plot_grid *g, strbuf *out);

/* Appends a self-contained SVG document of view (flags: PLOT_LOG) to out.
 * Returns 0, or -1 with a one-line reason in err (the boundary view on k != 2). */
int plot_svg(session *s, int view, unsigned flags, strbuf *out, char *err, size_t errlen);

/* Writes the SVG of view (flags: PLOT_LOG) of session s to path atomically (`save plot`).
 * Returns 0, or -1 with a one-line reason in err and no file changed. */
int plot_save_svg(session *s, int view, unsigned flags, const char *path, char *err, size_t errlen);

/* plot_svg and plot_save_svg for the weights and input views' sel (NULL: the defaults). */
int plot_svg_sel(session *s, int view, const plot_sel *sel, unsigned flags, strbuf *out, char *err, size_t errlen);
int plot_save_svg_sel(session *s, int view, const plot_sel *sel, unsigned flags, const char *path, char *err,
                      size_t errlen);

/* Reads "VIEW [log]" (a view name or unique prefix, then "log" for the cost view) into *view and
 * *flags (PLOT_LOG added); -1 with "WHO: ..." in err when it is not one. */
int plot_view_words(const char *text, int *view, unsigned *flags, const char *who, char *err, size_t errlen);

/* 0 when view can be drawn for s; -1 with a one-line reason in err (the boundary view needs k = 2,
 * the input view an image shape, sigmoid and sigma' the single neuron). */
int plot_view_check(const session *s, int view, char *err, size_t errlen);

/* Appends a text chart of two cost series of n points each (steps step0..step0+n-1) on one
 * pair of axes, with a legend naming them: the first drawn as a line of dots, the second as one
 * mark a column. Returns 0, or -1 with a reason in err (size below 30x8, nothing finite). */
int plot_compare_text(const double *first, const double *second, size_t n, long step0,
                      const char *first_name, const char *second_name, int width, int height,
                      unsigned flags, strbuf *out, char *err, size_t errlen);

#endif
