/* plot_int.h: the geometry the text grids (plot.c) and the SVG images (plot_svg.c) share: the
 * ranges, ticks and points of each view, so that both draw the same picture. */
#ifndef GRADSTEP_PLOT_INT_H
#define GRADSTEP_PLOT_INT_H

#include <stddef.h>

#include "plot.h"
#include "session.h"

/* A tick spacing of 1, 2 or 5 times a power of ten giving about `target` ticks over span. */
double plot_nice_step(double span, int target);

/* Grows [*lo, *hi] by fraction of its span on each side, or by a tenth of its magnitude (1 at 0)
 * when it is empty or a single value, so that mapping stays finite. */
void plot_widen(double *lo, double *hi, double fraction);

/* Where the cost view reads C: the session and the flags (PLOT_LOG, PLOT_KNOWN). */
typedef struct {
    session *s;
    unsigned flags;
} plot_cost_src;

/* C at step i of a plot_cost_src (log10 of it under PLOT_LOG, NaN where not finite or not
 * positive; under PLOT_KNOWN only a cost already known, else NaN). */
double plot_cost_get(void *ctx, size_t i);

/* A malloc'd array of plot_cost_get at steps 0..present+undone tail (PLOT_KNOWN ignored);
 * returns the count, or 0 when out of memory. */
size_t plot_cost_series(session *s, unsigned flags, double **out);

/* The smallest and largest finite value of get(ctx, 0..n-1); 0, or -1 when none is finite. */
int plot_value_range(double (*get)(void *ctx, size_t i), void *ctx, size_t n, double *lo, double *hi);

/* Example i's point in the sigma view: *z, and sigma(z) (sigma'(z) when prime) with the bits the
 * data table shows. */
double plot_sigmoid_point(const session *s, size_t i, int prime, double *z);

/* Half-width r of the z axis [-r, r] of the sigma views: every example's z inside with a tenth to
 * spare, at least 4 (where sigma has nearly flattened), rounded up to a whole number. */
double plot_sigmoid_z_range(const session *s);

/* The range of input column j of the data the neuron sees, with a margin (the boundary view). */
void plot_column_range(const session *s, size_t j, double *lo, double *hi);

/* ---- a framed plot area inside a canvas (plot.c), shared by the views of plot_net.c ---- */

/* The glyphs of one character set: axes, example marks, shading. */
typedef struct {
    const char *vline, *hline, *corner, *ytick, *xtick;
    const char *pos, *neg, *fpos, *fneg, *mixed, *present, *shade, *line;
    const char *sigma, *sigmap, *minus, *dot;
} plot_glyphs;

/* A tick label: its value and its text. */
typedef struct {
    double v;
    char text[32];
} plot_label;

typedef struct {
    canvas cv;
    const plot_glyphs *g;
    int px, pw, ph;        /* first column, columns and rows of the plot area */
    int dxn, dyn;          /* dots across and down the plot area */
    double xlo, xhi, ylo, yhi;
    unsigned char *marks;  /* per plot cell: 1 negative, 2 positive, 4 focus negative, 8 focus positive */
} plot_frame;

/* The dot column of x and the dot row of y in the plot area (-1 for NaN). */
int plot_fx(const plot_frame *f, double x);
int plot_fy(const plot_frame *f, double y);

/* A dot, and a line of dots (dotted: every other one), inside the plot area; outside is ignored. */
void plot_fdot(plot_frame *f, int x, int y, canvas_role role);
void plot_fline(plot_frame *f, int x0, int y0, int x1, int y1, canvas_role role, int dotted);

/* Sets up a width x height canvas with room for the y labels ylab[0..ny-1] at the left and the x
 * labels below, spanning [xlo, xhi] x [ylo, yhi]; draws the axes and y labels. 0, or -1 when out
 * of memory. */
int plot_frame_init(plot_frame *f, int width, int height, unsigned flags, double xlo, double xhi,
                    double ylo, double yhi, const plot_label *ylab, int ny);

/* The (x1, x2) plane of a two-input dataset as a frame: each axis spans its column's range, with
 * the y labels drawn. 0, or -1 with err when out of memory. */
int plot_plane_frame(const session *s, int width, int height, unsigned flags, plot_frame *f, char *err,
                     size_t errlen);

/* Writes the x1 labels under a plot_plane_frame (fewer when the plot is narrow). */
void plot_plane_xlabels(plot_frame *f, int width);

/* Writes the x labels xl[0..n-1] under their ticks (roles may be NULL); one that would touch
 * another is left out. */
void plot_frame_xlabels(plot_frame *f, const plot_label *xl, int n, const canvas_role *roles);

/* Moves the canvas into out's cells and frees the frame; 0, or -1 with err when out of memory. */
int plot_frame_finish(plot_frame *f, plot_grid *out, char *err, size_t errlen);

/* Labels at round values inside [lo, hi], about target intervals apart; returns how many (<= max). */
int plot_nice_labels(double lo, double hi, int target, plot_label *out, int max);

/* Sets a label to v written with the given decimals. */
void plot_set_label(plot_label *l, double v, int decimals);

/* ---- what the network views read (plot_net.c), for the text and the SVG alike ---- */

/* Layers L of the session's network (2 for the single neuron) and the neurons of layer l. */
int plot_net_layers(const session *s);
size_t plot_net_size(const session *s, int l);

/* w^l_jk and b^l_j (j, k from 1) of the session's network; the single neuron is layer 2's neuron 1. */
double plot_net_weight(const session *s, int l, size_t j, size_t k);
double plot_net_bias(const session *s, int l, size_t j);

/* 1 when layer l's inputs are the pixels of an image (l = 2 and the dataset declares a shape). */
int plot_net_is_image(const session *s, int l);

/* The largest |w^l_jk| over neurons j0..j1 (from 1) of layer l. */
double plot_net_weight_max(const session *s, int l, size_t j0, size_t j1);

/* The classes the boundary view tells apart: the network's outputs' classes (2 for one output). */
size_t plot_class_count(const session *s);

/* Class c's name: the dataset's label, else "y=0" / "y=1". */
const char *plot_class_name(const session *s, size_t c, char *buf, size_t len);

/* sel with its defaults filled in (layer 2, the focused example); -1 with a reason in err as
 * plot_sel_check. */
int plot_sel_resolve(const session *s, int view, const plot_sel *sel, plot_sel *out, char *err, size_t errlen);

/* The smallest and largest input value of the raw data (the grey scale of the input view). */
void plot_input_range(const session *s, double *lo, double *hi);

/* One example as an image, what the text and SVG views of `plot input` draw from. */
typedef struct {
    size_t rows, cols, example;  /* the dataset's image shape; the example, from 1 */
    const double *px;            /* its rows x cols raw values */
    double lo, hi;               /* the grey scale: plot_input_range */
    char cls[64];                /* the name of its class */
    char says[96];               /* "; the network says C" (" (wrong)" after a miss), or "" without a network */
} plot_image;

/* Fills im for the example sel names (the focused one by default); 0, or -1 with err when the
 * dataset has no image shape or no such example. */
int plot_input_image(session *s, const plot_sel *sel, plot_image *im, char *err, size_t errlen);

/* The network views as text (plot_net.c) and as SVG (plot_net_svg.c). */
int plot_net_boundary(session *s, int width, int height, unsigned flags, plot_grid *out, char *err, size_t errlen);
int plot_net_weights(session *s, const plot_sel *sel, int width, int height, unsigned flags, plot_grid *out,
                     char *err, size_t errlen);
int plot_net_input(session *s, const plot_sel *sel, int width, int height, unsigned flags, plot_grid *out,
                   char *err, size_t errlen);
int plot_svg_net_boundary(session *s, strbuf *out, char *err, size_t errlen);
int plot_svg_weights(session *s, const plot_sel *sel, strbuf *out, char *err, size_t errlen);
int plot_svg_input(session *s, const plot_sel *sel, strbuf *out, char *err, size_t errlen);

/* SVG pieces of plot_svg.c: text with &, <, > and " escaped; the document's start (a w x h white
 * page with the title as <title> and as a heading). */
void plot_svg_escape(strbuf *out, const char *s);
void plot_svg_begin(strbuf *out, const char *title, int w, int h);

#endif
