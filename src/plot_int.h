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

#endif
