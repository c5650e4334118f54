/* plot.c: draws the cost curve, the sigma curve with the examples and the decision boundary as text, and picks the view (network views: plot_net.c). */
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "fmt.h"
#include "model.h"
#include "plot_int.h"
#include "text.h"

static const char *const view_names[PLOT_VIEW_COUNT] = {"cost", "sigmoid", "sigma'", "boundary", "weights", "input"};

const char *plot_view_name(int view)
{
    return view >= 0 && view < PLOT_VIEW_COUNT ? view_names[view] : "?";
}

int plot_view_parse(const char *text)
{
    if (!text || !*text) {
        return -1;
    }
    if (strcmp(text, "sigmaprime") == 0 || strcmp(text, "sigma-prime") == 0) {
        return PLOT_SIGMA_PRIME;
    }
    int found = -1;
    size_t len = strlen(text);
    for (int v = 0; v < PLOT_VIEW_COUNT; v++) {
        if (strcmp(text, view_names[v]) == 0) {
            return v;
        }
        if (strncmp(text, view_names[v], len) == 0) {
            if (found >= 0) {
                return -1;
            }
            found = v;
        }
    }
    return found;
}

const canvas_cell *plot_grid_cell(const plot_grid *g, int row, int col)
{
    return &g->cells[(size_t)row * (size_t)g->width + (size_t)col];
}

void plot_grid_free(plot_grid *g)
{
    free(g->cells);
    memset(g, 0, sizeof *g);
}

void plot_text(const plot_grid *g, strbuf *out)
{
    if (g->title[0]) {
        sb_printf(out, "%s\n", g->title);
    }
    for (int r = 0; r < g->height; r++) {
        int end = g->width;
        while (end > 0 && strcmp(plot_grid_cell(g, r, end - 1)->glyph, " ") == 0) {
            end--;
        }
        for (int c = 0; c < end; c++) {
            sb_puts(out, plot_grid_cell(g, r, c)->glyph);
        }
        sb_puts(out, "\n");
    }
    if (g->legend[0]) {
        sb_printf(out, "%s\n", g->legend);
    }
}

/* ---- glyphs ---- */

static const plot_glyphs utf8_glyphs = {"│", "─", "└", "┤", "┬", "●", "○", "■", "□", "◐", "▪", "·", NULL,
                                   "σ", "σ'", "−", "·"};
static const plot_glyphs ascii_glyphs = {"|", "-", "+", "+", "+", "x", "o", "X", "O", "%", "#", ".", "*",
                                    "sigma", "sigma'", "-", "*"};

int plot_fx(const plot_frame *f, double x)
{
    return canvas_map(x, f->xlo, f->xhi, f->dxn);
}

int plot_fy(const plot_frame *f, double y)
{
    int m = canvas_map(y, f->ylo, f->yhi, f->dyn);
    return m < 0 ? -1 : f->dyn - 1 - m;
}

void plot_fdot(plot_frame *f, int x, int y, canvas_role role)
{
    if (x < 0 || y < 0 || x >= f->dxn || y >= f->dyn) {
        return;
    }
    canvas_dot(&f->cv, f->px * f->cv.dx + x, y, role);
}

/* A line of dots inside the plot area; dotted lines skip every other dot. */
void plot_fline(plot_frame *f, int x0, int y0, int x1, int y1, canvas_role role, int dotted)
{
    if (x0 < 0 || y0 < 0 || x1 < 0 || y1 < 0) {
        return;
    }
    int ox = f->px * f->cv.dx;  /* an even offset: the dotted pattern keeps its parity */
    canvas_line(&f->cv, ox + x0, y0, ox + x1, y1, role, dotted);
}

/* Sets up the area for y labels ylab[0..ny-1], draws the axes and the y labels. */
int plot_frame_init(plot_frame *f, int width, int height, unsigned flags, double xlo, double xhi,
                      double ylo, double yhi, const plot_label *ylab, int ny)
{
    memset(f, 0, sizeof *f);
    int lw = 1;
    for (int i = 0; i < ny; i++) {
        int l = (int)strlen(ylab[i].text);
        lw = l > lw ? l : lw;
    }
    if (canvas_init(&f->cv, width, height, (flags & PLOT_ASCII) != 0) < 0) {
        return -1;
    }
    f->g = (flags & PLOT_ASCII) ? &ascii_glyphs : &utf8_glyphs;
    f->px = lw + 2;
    f->pw = width - f->px;
    f->ph = height - 2;
    f->dxn = f->pw * f->cv.dx;
    f->dyn = f->ph * f->cv.dy;
    f->xlo = xlo;
    f->xhi = xhi;
    f->ylo = ylo;
    f->yhi = yhi;
    f->marks = calloc((size_t)f->pw * (size_t)f->ph, 1);
    if (!f->marks) {
        canvas_free(&f->cv);
        return -1;
    }
    for (int r = 0; r < f->ph; r++) {
        canvas_text(&f->cv, lw + 1, r, f->g->vline, CANVAS_ROLE_AXIS);
    }
    canvas_text(&f->cv, lw + 1, f->ph, f->g->corner, CANVAS_ROLE_AXIS);
    for (int c = f->px; c < width; c++) {
        canvas_text(&f->cv, c, f->ph, f->g->hline, CANVAS_ROLE_AXIS);
    }
    int used[8] = {0}, nused = 0;
    for (int i = 0; i < ny && nused < 8; i++) {
        int r = plot_fy(f, ylab[i].v) / f->cv.dy;
        int dup = 0;
        for (int u = 0; u < nused; u++) {
            dup |= used[u] == r;
        }
        if (dup) {
            continue;
        }
        used[nused++] = r;
        int l = (int)strlen(ylab[i].text);
        canvas_text(&f->cv, lw - l, r, ylab[i].text, CANVAS_ROLE_LABEL);
        canvas_text(&f->cv, lw + 1, r, f->g->ytick, CANVAS_ROLE_AXIS);
    }
    return 0;
}


/* Writes x labels centred under their ticks (kept inside the grid), the ends first; a label that
 * would touch one already written is left out. */
void plot_frame_xlabels(plot_frame *f, const plot_label *xl, int n, const canvas_role *roles)
{
    int row = f->ph + 1;
    char taken[1024] = {0};
    int width = f->cv.cols < 1024 ? f->cv.cols : 1024;
    int order[8], no = 0;
    if (n > 8) {
        n = 8;
    }
    /* the ends first, then the rest */
    if (n > 0) {
        order[no++] = 0;
    }
    if (n > 1) {
        order[no++] = n - 1;
    }
    for (int i = 1; i < n - 1; i++) {
        order[no++] = i;
    }
    for (int k = 0; k < no; k++) {
        int i = order[k];
        int col = f->px + plot_fx(f, xl[i].v) / f->cv.dx;
        int len = text_width(xl[i].text, 0);
        int start = col - len / 2;
        if (start < f->px - 1) {
            start = f->px - 1;
        }
        if (start + len > width) {
            start = width - len;
        }
        int ok = start >= 0;
        for (int c = start - 1; ok && c <= start + len; c++) {
            if (c >= 0 && c < width && taken[c]) {
                ok = 0;
            }
        }
        if (!ok) {
            continue;
        }
        for (int c = start; c < start + len; c++) {
            taken[c] = 1;
        }
        canvas_text(&f->cv, start, row, xl[i].text, roles ? roles[i] : CANVAS_ROLE_LABEL);
        canvas_text(&f->cv, col, f->ph, f->g->xtick, CANVAS_ROLE_AXIS);
    }
}

/* Records an example's marker in the plot cell holding dot (x, y). */
static void frame_mark(plot_frame *f, int x, int y, double target, int focused)
{
    if (x < 0 || y < 0 || x >= f->dxn || y >= f->dyn) {
        return;
    }
    size_t cell = (size_t)(y / f->cv.dy) * (size_t)f->pw + (size_t)(x / f->cv.dx);
    f->marks[cell] |= (unsigned char)((target >= 0.5 ? 2 : 1) << (focused ? 2 : 0));
}

/* Writes the recorded markers over the dots; returns 1 when some cell holds both labels. */
static int frame_draw_marks(plot_frame *f)
{
    int mixed = 0;
    for (int r = 0; r < f->ph; r++) {
        for (int c = 0; c < f->pw; c++) {
            unsigned m = f->marks[(size_t)r * (size_t)f->pw + (size_t)c];
            const char *gl = NULL;
            canvas_role role = CANVAS_ROLE_NORMAL;
            if (m & 8) {
                gl = f->g->fpos;
                role = CANVAS_ROLE_FOCUS;
            } else if (m & 4) {
                gl = f->g->fneg;
                role = CANVAS_ROLE_FOCUS;
            } else if ((m & 3) == 3) {
                gl = f->g->mixed;
                role = CANVAS_ROLE_LABEL;
                mixed = 1;
            } else if (m & 2) {
                gl = f->g->pos;
                role = CANVAS_ROLE_POSITIVE;
            } else if (m & 1) {
                gl = f->g->neg;
                role = CANVAS_ROLE_NEGATIVE;
            }
            if (gl) {
                canvas_text(&f->cv, f->px + c, r, gl, role);
            }
        }
    }
    return mixed;
}

/* Moves the canvas into the grid and frees the frame. */
int plot_frame_finish(plot_frame *f, plot_grid *out, char *err, size_t errlen)
{
    out->width = f->cv.cols;
    out->height = f->cv.rows;
    out->cells = malloc((size_t)out->width * (size_t)out->height * sizeof *out->cells);
    int rc = 0;
    if (!out->cells) {
        snprintf(err, errlen, "plot: out of memory");
        rc = -1;
    } else {
        for (int r = 0; r < out->height; r++) {
            for (int c = 0; c < out->width; c++) {
                canvas_cell_at(&f->cv, c, r, &out->cells[(size_t)r * (size_t)out->width + (size_t)c]);
            }
        }
    }
    canvas_free(&f->cv);
    free(f->marks);
    f->marks = NULL;
    return rc;
}

/* ---- numbers for labels ---- */

/* Decimals that tell apart values spread over span (at least 0, at most 8). */
static int decimals_for(double span)
{
    if (!(span > 0) || !isfinite(span)) {
        return 2;
    }
    int d = (int)ceil(-log10(span)) + 1;
    return d < 0 ? 0 : d > 8 ? 8 : d;
}

void plot_set_label(plot_label *l, double v, int decimals)
{
    l->v = v;
    fmt_num(l->text, sizeof l->text, v, decimals, FMT_FIXED);
}

/* A label for value v written as the shortest exact decimal (for 0, 0.5, 1 and the like). */
static void set_label_exact(plot_label *l, double v)
{
    l->v = v;
    fmt_exact(l->text, sizeof l->text, v);
}

/* A tick spacing of 1, 2 or 5 times a power of ten giving about `target` ticks over span. */
double plot_nice_step(double span, int target)
{
    double raw = span / target;
    double p = pow(10.0, floor(log10(raw)));
    double m = raw / p;
    return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
}

/* Labels at round values (multiples of 1, 2 or 5 times a power of ten) inside [lo, hi], about
 * `target` intervals apart; returns how many (at most max). */
int plot_nice_labels(double lo, double hi, int target, plot_label *out, int max)
{
    double st = plot_nice_step(hi - lo, target);
    int dec = st >= 1 ? 0 : (int)ceil(-log10(st) - 1e-9);
    double first = ceil(lo / st - 1e-9) * st;
    int n = 0;
    for (int i = 0; n < max; i++) {
        double t = first + i * st;
        if (t > hi + st * 1e-9) {
            break;
        }
        plot_set_label(&out[n++], fabs(t) < st * 1e-9 ? 0.0 : t, dec);
    }
    return n;
}

/* Grows [*lo, *hi] when it is empty or a single value, so that mapping stays finite. */
void plot_widen(double *lo, double *hi, double fraction)
{
    double span = *hi - *lo;
    double mag = fabs(*lo) > fabs(*hi) ? fabs(*lo) : fabs(*hi);
    if (!(span > 1e-12 * (mag > 1 ? mag : 1))) {
        double d = mag > 0 ? mag * 0.1 : 1;
        *lo -= d;
        *hi += d;
    } else {
        *lo -= span * fraction;
        *hi += span * fraction;
    }
}

/* ---- the cost series ---- */

/* Undone steps kept beyond the present step after `back` (until the next update replaces them). */
static long cost_tail(const session *s)
{
    return s->hist_top > s->step ? s->hist_top - s->step : 0;
}

/* Fills a malloc'd array with C at steps 0..present+tail (log10 of it under PLOT_LOG, NaN where
 * not positive); returns the count, or 0 when out of memory. */
size_t plot_cost_series(session *s, unsigned flags, double **out)
{
    size_t n = (size_t)(s->step + cost_tail(s)) + 1;
    double *v = malloc(n * sizeof *v);
    if (!v) {
        return 0;
    }
    plot_cost_src src = {s, flags & ~(unsigned)PLOT_KNOWN};
    for (size_t t = 0; t < n; t++) {
        v[t] = plot_cost_get(&src, t);
    }
    *out = v;
    return n;
}

int plot_value_range(double (*get)(void *ctx, size_t i), void *ctx, size_t n, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t t = 0; t < n; t++) {
        double c = get(ctx, t);
        if (!isnan(c)) {
            *lo = c < *lo ? c : *lo;
            *hi = c > *hi ? c : *hi;
        }
    }
    return *lo > *hi ? -1 : 0;
}

double plot_cost_get(void *ctx, size_t i)
{
    const plot_cost_src *c = ctx;
    double v = (c->flags & PLOT_KNOWN) ? session_cost_known(c->s, (long)i) : session_cost_at(c->s, (long)i);
    if (c->flags & PLOT_LOG) {
        v = v > 0 ? log10(v) : NAN;
    }
    return isfinite(v) ? v : NAN;
}

static void label_value(plot_label *l, double v, unsigned flags, double span)
{
    if (flags & PLOT_LOG) {
        double c = pow(10.0, v);
        /* A tick above the largest double (a cost near 1e308) reads as inf and needs no decimals. */
        int d = c > 0 && isfinite(c) ? 1 - (int)floor(log10(c)) : c > 0 ? 0 : 2;
        plot_set_label(l, v, d < 0 ? 0 : d > 8 ? 8 : d);
        fmt_num(l->text, sizeof l->text, c, d < 0 ? 0 : d > 8 ? 8 : d, FMT_FIXED);
    } else {
        plot_set_label(l, v, decimals_for(span));
    }
}

/* The y labels of the cost view over the data's range [dlo, dhi] (the axis runs lo..hi):
 * top, middle and bottom, or top and bottom on a short plot; returns how many. */
static int cost_ylabels(double dlo, double dhi, double lo, double hi, int height, unsigned flags, plot_label out[3])
{
    plot_label yl[3];
    label_value(&yl[0], dhi, flags, dhi - dlo);
    label_value(&yl[2], dlo, flags, dhi - dlo);
    label_value(&yl[1], 0.5 * (dlo + dhi), flags, dhi - dlo);
    if (dhi == dlo) {
        label_value(&yl[0], hi, flags, hi - lo);
        label_value(&yl[2], lo, flags, hi - lo);
    }
    int ny = height >= 12 || dhi == dlo ? 3 : 2;
    if (dhi == dlo) {
        label_value(&yl[1], dlo, flags, hi - lo);  /* a constant series: label its value */
    }
    out[0] = yl[0];
    out[1] = ny == 3 ? yl[1] : yl[2];
    out[2] = yl[2];
    return ny;
}

/* Draws C at every step, one dot column or more a step (n fits the plot's dots); the undone
 * steps after the present are dim. Sets *mark_x, *mark_y to the present step's dot. */
static void cost_line(plot_frame *f, plot_cost_src *src, size_t n, long present, int *mark_x, int *mark_y)
{
    /* With PLOT_KNOWN a missing cost is one not computed yet, not a break in the series: the
     * line runs on across it. */
    int bridge = (src->flags & PLOT_KNOWN) != 0;
    int px = -1, py = -1;
    for (size_t t = 0; t < n; t++) {
        int x = plot_fx(f, (double)t), y = plot_fy(f, plot_cost_get(src, t));
        int dim = (long)t > present;
        if (y < 0) {
            px = bridge ? px : -1;
            continue;
        }
        if (px >= 0) {
            plot_fline(f, px, py, x, y, dim ? CANVAS_ROLE_DIM : CANVAS_ROLE_NORMAL, dim);
        } else {
            plot_fdot(f, x, y, dim ? CANVAS_ROLE_DIM : CANVAS_ROLE_NORMAL);
        }
        if ((long)t == present) {
            *mark_x = x;
            *mark_y = y;
        }
        px = x;
        py = y;
    }
}

/* Draws C when there are more steps than dots across: each dot column shows its steps' range
 * (canvas_downsample_fn) joined to the next. Returns 0, or -1 when out of memory. */
static int cost_buckets(plot_frame *f, plot_cost_src *src, size_t n, long present, int *mark_x, int *mark_y)
{
    int bridge = (src->flags & PLOT_KNOWN) != 0;
    size_t m = (size_t)f->dxn;
    canvas_bucket *bk = malloc(m * sizeof *bk);
    if (!bk) {
        return -1;
    }
    canvas_downsample_fn(plot_cost_get, src, n, m, bk);
    int prev_x = -1, prev_y = -1;
    for (size_t b = 0; b < m; b++) {
        int x = (int)b;
        int dim = (long)bk[b].first > present;
        canvas_role role = dim ? CANVAS_ROLE_DIM : CANVAS_ROLE_NORMAL;
        int ymin = plot_fy(f, plot_cost_get(src, bk[b].min)), ymax = plot_fy(f, plot_cost_get(src, bk[b].max));
        int yfirst = plot_fy(f, plot_cost_get(src, bk[b].first)), ylast = plot_fy(f, plot_cost_get(src, bk[b].last));
        if (bridge) {
            /* where the line enters and leaves a bucket whose first or last cost is not known */
            yfirst = yfirst >= 0 ? yfirst : ymax >= 0 ? ymax : ymin;
            ylast = ylast >= 0 ? ylast : ymin >= 0 ? ymin : ymax;
        }
        if (prev_y >= 0 && yfirst >= 0) {
            plot_fline(f, prev_x, prev_y, x, yfirst, role, dim);
        }
        plot_fline(f, x, ymin, x, ymax, role, dim);
        if (ylast >= 0 || !bridge) {
            prev_x = x;
            prev_y = ylast;
        }
        if ((long)bk[b].first <= present && present <= (long)bk[b].last) {
            *mark_x = x;
            *mark_y = plot_fy(f, plot_cost_get(src, present));
        }
    }
    free(bk);
    return 0;
}

/* The cost view's x labels (0, the present step marked, the last step), title and legend. */
static void cost_text(plot_frame *f, session *s, long present, long last, unsigned flags, plot_grid *out)
{
    plot_label xl[3];
    canvas_role xr[3] = {CANVAS_ROLE_LABEL, CANVAS_ROLE_MARK, CANVAS_ROLE_LABEL};
    plot_set_label(&xl[0], 0, 0);
    int nx = 1;
    if (present != 0 && present != last) {
        plot_set_label(&xl[nx], (double)present, 0);
        xr[nx] = CANVAS_ROLE_MARK;
        nx++;
    }
    if (last != 0) {
        plot_set_label(&xl[nx], (double)last, 0);
        xr[nx] = present == last ? CANVAS_ROLE_MARK : CANVAS_ROLE_LABEL;
        nx++;
    }
    plot_frame_xlabels(f, xl, nx, xr);

    char cbuf[64];
    fmt_num(cbuf, sizeof cbuf, session_cost_at(s, present), s->digits, 0);
    snprintf(out->title, sizeof out->title, "Cost C by step: C = %s at step %ld%s", cbuf, present,
             (flags & PLOT_LOG) ? " (log scale)" : "");
    if (last > present) {
        snprintf(out->legend, sizeof out->legend, "%s step %ld (now); dotted: steps %ld..%ld, undone",
                 f->g->present, present, present + 1, last);
    } else {
        snprintf(out->legend, sizeof out->legend, "%s step %ld (now); across: step 0..%ld, up: C%s",
                 f->g->present, present, last, (flags & PLOT_LOG) ? " (log scale)" : "");
    }
}

static int render_cost(session *s, int width, int height, unsigned flags, plot_grid *out,
                       char *err, size_t errlen)
{
    plot_cost_src src = {s, flags};
    size_t n = (size_t)(s->step + cost_tail(s)) + 1;
    session_cost_at(s, s->step);  /* the present cost is always drawn, even with PLOT_KNOWN */
    double lo, hi;
    if (plot_value_range(plot_cost_get, &src, n, &lo, &hi) != 0) {
        snprintf(err, errlen, "plot cost: no finite positive cost to draw%s",
                 (flags & PLOT_LOG) ? " on a log scale" : "");
        return -1;
    }
    double dlo = lo, dhi = hi;
    plot_widen(&lo, &hi, 0.0);
    plot_label yl[3];
    int ny = cost_ylabels(dlo, dhi, lo, hi, height, flags, yl);
    long present = s->step;
    long last = (long)n - 1;
    plot_frame f;
    if (plot_frame_init(&f, width, height, flags, 0, last > 0 ? (double)last : 1.0, lo, hi, yl, ny) < 0) {
        snprintf(err, errlen, "plot: out of memory");
        return -1;
    }
    int mark_x = -1, mark_y = -1;
    if (n <= (size_t)f.dxn) {
        cost_line(&f, &src, n, present, &mark_x, &mark_y);
    } else if (cost_buckets(&f, &src, n, present, &mark_x, &mark_y) != 0) {
        plot_frame_finish(&f, out, err, errlen);
        plot_grid_free(out);
        snprintf(err, errlen, "plot: out of memory");
        return -1;
    }
    if (mark_x >= 0 && mark_y >= 0) {
        canvas_text(&f.cv, f.px + mark_x / f.cv.dx, mark_y / f.cv.dy, f.g->present, CANVAS_ROLE_MARK);
    }
    cost_text(&f, s, present, last, flags, out);
    return plot_frame_finish(&f, out, err, errlen);
}

/* ---- two cost series side by side (compare N) ---- */

/* Value of series v (n points) nearest the dot column x of a frame spanning steps 0..n-1. */
static double series_at_column(const double *v, size_t n, const plot_frame *f, int x)
{
    double t = canvas_unmap(x, f->xlo, f->xhi, f->dxn);
    long i = lround(t);
    i = i < 0 ? 0 : (size_t)i >= n ? (long)n - 1 : i;
    return v[i];
}

/* The two series as plotted (log10 of each when every value is positive, NaN where not finite)
 * into v[0] and v[1]; returns 1 when they are on a log scale. */
static int compare_values(const double *first, const double *second, size_t n, double *v[2])
{
    int positive = 1;
    for (size_t t = 0; t < n; t++) {
        positive &= !(first[t] <= 0) && !(second[t] <= 0);
    }
    for (size_t t = 0; t < n; t++) {
        for (int q = 0; q < 2; q++) {
            double c = q ? second[t] : first[t];
            c = positive ? log10(c) : c;
            v[q][t] = isfinite(c) ? c : NAN;
        }
    }
    return positive;
}

static double array_get(void *ctx, size_t i)
{
    return ((const double *)ctx)[i];
}

/* The first series as a line of dots; the second as one glyph a text column, so the two stay
 * apart in plain text where colour is not available. */
static void compare_draw(plot_frame *f, const double *first, const double *second, size_t n, const char *mark)
{
    int prev_x = -1, prev_y = -1;
    for (int x = 0; x < f->dxn; x++) {
        int y = plot_fy(f, series_at_column(first, n, f, x));
        if (y >= 0 && prev_y >= 0) {
            plot_fline(f, prev_x, prev_y, x, y, CANVAS_ROLE_NORMAL, 0);
        } else if (y >= 0) {
            plot_fdot(f, x, y, CANVAS_ROLE_NORMAL);
        }
        prev_x = x;
        prev_y = y;
    }
    for (int col = 0; col < f->pw; col++) {
        int x = col * f->cv.dx + f->cv.dx / 2;
        int y = plot_fy(f, series_at_column(second, n, f, x < f->dxn ? x : f->dxn - 1));
        if (y >= 0) {
            canvas_text(&f->cv, f->px + col, y / f->cv.dy, mark, CANVAS_ROLE_MARK);
        }
    }
}

int plot_compare_text(const double *first, const double *second, size_t n, long step0,
                      const char *first_name, const char *second_name, int width, int height,
                      unsigned flags, strbuf *out, char *err, size_t errlen)
{
    if (n == 0) {
        snprintf(err, errlen, "plot: no steps to draw");
        return -1;
    }
    if (width < PLOT_MIN_WIDTH || height < PLOT_MIN_HEIGHT) {
        snprintf(err, errlen, "plot: size %dx%d is below %dx%d", width, height, PLOT_MIN_WIDTH, PLOT_MIN_HEIGHT);
        return -1;
    }
    /* The two costs differ in scale (cross-entropy is unbounded, the quadratic at most 1/2), so
     * the chart is on a log scale whenever every value is positive. */
    double *v[2] = {malloc(n * sizeof(double)), malloc(n * sizeof(double))};
    if (!v[0] || !v[1]) {
        free(v[0]);
        free(v[1]);
        snprintf(err, errlen, "plot: out of memory");
        return -1;
    }
    int positive = compare_values(first, second, n, v);
    if (positive) {
        flags |= PLOT_LOG;
    }
    double lo, hi, lo2, hi2;
    int none = plot_value_range(array_get, v[0], n, &lo, &hi) != 0;
    if (plot_value_range(array_get, v[1], n, &lo2, &hi2) == 0) {
        lo = none || lo2 < lo ? lo2 : lo;
        hi = none || hi2 > hi ? hi2 : hi;
        none = 0;
    }
    if (none) {
        free(v[0]);
        free(v[1]);
        snprintf(err, errlen, "plot: no finite cost to draw");
        return -1;
    }
    first = v[0];
    second = v[1];
    double dlo = lo, dhi = hi;
    plot_widen(&lo, &hi, 0.0);
    plot_label yl[3];
    label_value(&yl[0], dhi, flags, dhi - dlo);
    label_value(&yl[1], 0.5 * (dlo + dhi), flags, dhi - dlo);
    label_value(&yl[2], dlo, flags, dhi - dlo);
    plot_frame f;
    long last = (long)n - 1;
    if (plot_frame_init(&f, width, height, flags, 0, last > 0 ? (double)last : 1.0, lo, hi, yl, 3) < 0) {
        free(v[0]);
        free(v[1]);
        snprintf(err, errlen, "plot: out of memory");
        return -1;
    }
    const char *mark = (flags & PLOT_ASCII) ? "q" : "•";
    compare_draw(&f, first, second, n, mark);
    plot_label xl[2];
    canvas_role xr[2] = {CANVAS_ROLE_LABEL, CANVAS_ROLE_LABEL};
    plot_set_label(&xl[0], 0, 0);
    snprintf(xl[0].text, sizeof xl[0].text, "%ld", step0);
    plot_set_label(&xl[1], (double)last, 0);
    snprintf(xl[1].text, sizeof xl[1].text, "%ld", step0 + last);
    plot_frame_xlabels(&f, xl, last > 0 ? 2 : 1, xr);
    plot_grid g;
    memset(&g, 0, sizeof g);
    snprintf(g.title, sizeof g.title, "Cost C by step: %s and %s%s", first_name, second_name,
             positive ? " (log scale)" : "");
    free(v[0]);
    free(v[1]);
    snprintf(g.legend, sizeof g.legend, "%s %s   %s %s", (flags & PLOT_ASCII) ? "*" : "⠤", first_name,
             mark, second_name);
    if (plot_frame_finish(&f, &g, err, errlen) != 0) {
        return -1;
    }
    plot_text(&g, out);
    plot_grid_free(&g);
    return 0;
}

/* ---- sigma and sigma' ---- */

/* Example i's point in the sigma view: *z, and sigma(z) (sigma'(z) when prime) with the bits the
 * data table shows, without the logarithm of C_x. */
double plot_sigmoid_point(const session *s, size_t i, int prime, double *z)
{
    *z = session_z(s, i);
    return prime ? model_sigmoid_prime(*z) : model_activation(*z);
}

/* Half-width of the sigma views' z axis (plot_int.h). */
double plot_sigmoid_z_range(const session *s)
{
    double zmax = 0;
    for (size_t i = 0; i < s->data.n; i++) {
        double a = fabs(session_z(s, i));
        zmax = isfinite(a) && a > zmax ? a : zmax;
    }
    return zmax * 1.1 > 4 ? ceil(zmax * 1.1) : 4;
}

static int render_sigmoid(session *s, int prime, int width, int height, unsigned flags, plot_grid *out,
                          char *err, size_t errlen)
{
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        snprintf(err, errlen, "plot: out of memory");
        return -1;
    }
    size_t n = s->data.n;
    double r = plot_sigmoid_z_range(s);
    double yhi = prime ? 0.25 : 1.0;
    plot_label yl[3];
    set_label_exact(&yl[0], yhi);
    set_label_exact(&yl[1], yhi / 2);
    set_label_exact(&yl[2], 0);
    plot_frame f;
    if (plot_frame_init(&f, width, height, flags, -r, r, 0, yhi, yl, 3) < 0) {
        snprintf(err, errlen, "plot: out of memory");
        return -1;
    }
    int py = -1;
    for (int x = 0; x < f.dxn; x++) {
        double z = canvas_unmap(x, -r, r, f.dxn);
        double v = prime ? model_sigmoid_prime(z) : model_sigmoid(z);
        int y = plot_fy(&f, v);
        if (py >= 0) {
            plot_fline(&f, x - 1, py, x, y, CANVAS_ROLE_NORMAL, 0);
        } else {
            plot_fdot(&f, x, y, CANVAS_ROLE_NORMAL);
        }
        py = y;
    }
    size_t fi = s->focus_i < n ? s->focus_i : 0;
    for (size_t i = 0; i < n; i++) {
        double z, v = plot_sigmoid_point(s, i, prime, &z);
        frame_mark(&f, plot_fx(&f, z), plot_fy(&f, v), s->data.y[i], i == fi);
    }
    if (!prime && n > 0) {
        /* the focused example's sigma(z) - y as a dotted line from its output to its target */
        double z, v = plot_sigmoid_point(s, fi, 0, &z);
        int x = plot_fx(&f, z);
        plot_fline(&f, x, plot_fy(&f, v), x, plot_fy(&f, s->data.y[fi]), CANVAS_ROLE_FOCUS, 1);
    }
    int mixed = frame_draw_marks(&f);
    plot_label xl[3];
    int d = r == floor(r) ? 0 : 1;
    plot_set_label(&xl[0], -r, d);
    plot_set_label(&xl[1], 0, 0);
    plot_set_label(&xl[2], r, d);
    plot_frame_xlabels(&f, xl, 3, NULL);

    const char *sg = prime ? f.g->sigmap : f.g->sigma;
    snprintf(out->title, sizeof out->title, "%s(z) against z for the %zu example%s at step %ld%s", sg, n, n == 1 ? "" : "s",
             s->step, prime ? (flags & PLOT_ASCII ? " (sigma' = sigma(1 - sigma))" : " (σ' = σ(1 − σ))") : "");
    snprintf(out->legend, sizeof out->legend, "%s y=1  %s y=0  %s/%s example %zu (focused)%s%s",
             f.g->pos, f.g->neg, f.g->fpos, f.g->fneg, fi + 1,
             prime ? "" : ", dotted to its target y", mixed ? (flags & PLOT_ASCII ? "  % both" : "  ◐ both") : "");
    return plot_frame_finish(&f, out, err, errlen);
}

/* ---- decision boundary ---- */

int plot_view_check(const session *s, int view, char *err, size_t errlen)
{
    if ((view == PLOT_SIGMOID || view == PLOT_SIGMA_PRIME) && s->net.on) {
        snprintf(err, errlen, "plot %s: the sigma curve shows one neuron's examples; a network has many neurons, so "
                 "use plot boundary (2 inputs), plot weights, plot input (images) or plot cost", plot_view_name(view));
        return -1;
    }
    if (view == PLOT_INPUT) {
        plot_sel d;
        return plot_sel_resolve(s, view, NULL, &d, err, errlen);
    }
    if (view != PLOT_BOUNDARY || s->data.k == 2) {
        return 0;
    }
    snprintf(err, errlen,
             "plot boundary: the boundary is a line in the (x1, x2) plane, so it needs exactly 2 inputs; "
             "this dataset has k = %zu (%s)", s->data.k,
             s->net.on ? (plot_net_is_image(s, 2) ? "plot weights and plot input draw its images" : "plot weights draws the weights")
                       : "plot sigmoid works for any k");
    return -1;
}

int plot_view_applies(const session *s, int view)
{
    switch (view) {
    case PLOT_COST: return 1;
    case PLOT_SIGMOID:
    case PLOT_SIGMA_PRIME: return !s->net.on;
    case PLOT_BOUNDARY: return s->data.k == 2;
    case PLOT_WEIGHTS: return s->net.on || plot_net_is_image(s, 2);
    case PLOT_INPUT: return plot_net_is_image(s, 2);
    default: return 0;
    }
}

int plot_sel_check(const session *s, int view, const plot_sel *sel, char *err, size_t errlen)
{
    plot_sel d;
    if (plot_view_check(s, view, err, errlen) < 0) {
        return -1;
    }
    return plot_sel_resolve(s, view, sel, &d, err, errlen);
}

/* The range of column j of the data the neuron sees, with a margin. */
void plot_column_range(const session *s, size_t j, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < s->data.n; i++) {
        double x = s->data.x[i * s->data.k + j];
        *lo = x < *lo ? x : *lo;
        *hi = x > *hi ? x : *hi;
    }
    plot_widen(lo, hi, 0.1);
}

/* Draws the line z = 0: the dots whose side differs from the next dot across or down. Returns 1
 * when some dot was drawn, 0 when the line misses the square, -1 when out of memory. */
static int boundary_line(plot_frame *f, const double *w, double b)
{
    size_t nd = (size_t)f->dxn * (size_t)f->dyn;
    unsigned char *side = malloc(nd);
    if (!side) {
        return -1;
    }
    for (int y = 0; y < f->dyn; y++) {
        for (int x = 0; x < f->dxn; x++) {
            double pt[2] = {canvas_unmap(x, f->xlo, f->xhi, f->dxn), canvas_unmap(f->dyn - 1 - y, f->ylo, f->yhi, f->dyn)};
            side[(size_t)y * (size_t)f->dxn + (size_t)x] = model_z(w, b, pt, 2) >= 0;
        }
    }
    int drawn = 0;
    for (int y = 0; y < f->dyn; y++) {
        for (int x = 0; x < f->dxn; x++) {
            unsigned char here = side[(size_t)y * (size_t)f->dxn + (size_t)x];
            int edge = (x + 1 < f->dxn && side[(size_t)y * (size_t)f->dxn + (size_t)x + 1] != here) ||
                       (y + 1 < f->dyn && side[(size_t)(y + 1) * (size_t)f->dxn + (size_t)x] != here);
            if (!edge) {
                continue;
            }
            drawn = 1;
            if (f->g->line) {
                canvas_text(&f->cv, f->px + x / f->cv.dx, y / f->cv.dy, f->g->line, CANVAS_ROLE_NORMAL);
            } else {
                plot_fdot(f, x, y, CANVAS_ROLE_NORMAL);
            }
        }
    }
    free(side);
    return drawn;
}

int plot_plane_frame(const session *s, int width, int height, unsigned flags, plot_frame *f, char *err,
                     size_t errlen)
{
    double x1lo, x1hi, x2lo, x2hi;
    plot_column_range(s, 0, &x1lo, &x1hi);
    plot_column_range(s, 1, &x2lo, &x2hi);
    plot_label yl[8];
    int ny = plot_nice_labels(x2lo, x2hi, height >= 14 ? 4 : 2, yl, 8);
    if (plot_frame_init(f, width, height, flags, x1lo, x1hi, x2lo, x2hi, yl, ny) < 0) {
        snprintf(err, errlen, "plot: out of memory");
        return -1;
    }
    return 0;
}

void plot_plane_xlabels(plot_frame *f, int width)
{
    plot_label xl[8];
    plot_frame_xlabels(f, xl, plot_nice_labels(f->xlo, f->xhi, width >= 60 ? 5 : 3, xl, 8), NULL);
}

static int render_boundary(session *s, int width, int height, unsigned flags, plot_grid *out,
                           char *err, size_t errlen)
{
    if (plot_view_check(s, PLOT_BOUNDARY, err, errlen) < 0) {
        return -1;
    }
    if (s->net.on) {
        return plot_net_boundary(s, width, height, flags, out, err, errlen);
    }
    plot_frame f;
    if (plot_plane_frame(s, width, height, flags, &f, err, errlen) < 0) {
        return -1;
    }
    const double *w = s->w;
    double b = s->b;
    /* the sigma(z) >= 0.5 side: cells whose centre has z >= 0 */
    for (int r = 0; r < f.ph; r++) {
        for (int c = 0; c < f.pw; c++) {
            double pt[2] = {f.xlo + (f.xhi - f.xlo) * ((double)c + 0.5) / f.pw,
                            f.yhi - (f.yhi - f.ylo) * ((double)r + 0.5) / f.ph};
            if (model_z(w, b, pt, 2) >= 0 && (!(flags & PLOT_ASCII) || ((r + c) & 1) == 0)) {
                canvas_background(&f.cv, f.px + c, r, f.g->shade, CANVAS_ROLE_SHADE);
            }
        }
    }
    int drawn = boundary_line(&f, w, b);
    if (drawn < 0) {
        plot_frame_finish(&f, out, err, errlen);
        plot_grid_free(out);
        snprintf(err, errlen, "plot: out of memory");
        return -1;
    }
    size_t n = s->data.n;
    size_t fi = s->focus_i < n ? s->focus_i : 0;
    for (size_t i = 0; i < n; i++) {
        const double *x = &s->data.x[i * 2];
        frame_mark(&f, plot_fx(&f, x[0]), plot_fy(&f, x[1]), s->data.y[i], i == fi);
    }
    int mixed = frame_draw_marks(&f);
    plot_plane_xlabels(&f, width);

    char wb[3][64];
    fmt_num(wb[0], sizeof wb[0], w[0], s->digits, 0);
    fmt_num(wb[1], sizeof wb[1], w[1], s->digits, 0);
    fmt_num(wb[2], sizeof wb[2], b, s->digits, 0);
    const char *const *nm = (const char *const *)s->data.input_names;
    snprintf(out->title, sizeof out->title, "Decision boundary w1 x1 + w2 x2 + b = 0 at step %ld: w1 = %.32s, w2 = %.32s, b = %.32s",
             s->step, wb[0], wb[1], wb[2]);
    char names[128] = "";
    if (nm && nm[0] && nm[1] && (strcmp(nm[0], "x1") != 0 || strcmp(nm[1], "x2") != 0)) {
        snprintf(names, sizeof names, "; x1 = %.40s, x2 = %.40s", nm[0], nm[1]);
    }
    snprintf(out->legend, sizeof out->legend, "%s y=1  %s y=0  %s/%s example %zu (focused)  %s %s(z) %s 0.5 side%s%s%s%s",
             f.g->pos, f.g->neg, f.g->fpos, f.g->fneg, fi + 1, f.g->shade, f.g->sigma,
             (flags & PLOT_ASCII) ? ">=" : "≥",
             drawn ? "" : w[0] == 0 && w[1] == 0 ? " (no line: w1 = w2 = 0, the same z everywhere)"
                                                 : " (the line lies outside this square)",
             mixed ? (flags & PLOT_ASCII ? "  % both" : "  ◐ both") : "", names,
             s->scale == SESSION_SCALE_STANDARDIZE ? "; inputs standardized" : "");
    return plot_frame_finish(&f, out, err, errlen);
}

int plot_render(session *s, int view, int width, int height, unsigned flags, plot_grid *out,
                char *err, size_t errlen)
{
    return plot_render_sel(s, view, NULL, width, height, flags, out, err, errlen);
}

int plot_render_sel(session *s, int view, const plot_sel *sel, int width, int height, unsigned flags,
                    plot_grid *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    int min_w = (flags & PLOT_PANE) ? PLOT_PANE_MIN_WIDTH : PLOT_MIN_WIDTH;
    int min_h = (flags & PLOT_PANE) ? PLOT_PANE_MIN_HEIGHT : PLOT_MIN_HEIGHT;
    if (width < min_w || height < min_h) {
        snprintf(err, errlen, "plot: %dx%d is too small; a plot needs at least %dx%d", width, height,
                 min_w, min_h);
        return -1;
    }
    switch (view) {
    case PLOT_COST:
        return render_cost(s, width, height, flags, out, err, errlen);
    case PLOT_SIGMOID:
    case PLOT_SIGMA_PRIME:
        if (plot_view_check(s, view, err, errlen) < 0) {
            return -1;
        }
        return render_sigmoid(s, view == PLOT_SIGMA_PRIME, width, height, flags, out, err, errlen);
    case PLOT_BOUNDARY:
        return render_boundary(s, width, height, flags, out, err, errlen);
    case PLOT_WEIGHTS:
        return plot_net_weights(s, sel, width, height, flags, out, err, errlen);
    case PLOT_INPUT:
        return plot_net_input(s, sel, width, height, flags, out, err, errlen);
    default:
        snprintf(err, errlen, "plot: no view number %d", view);
        return -1;
    }
}

int plot_view_words(const char *text, int *view, unsigned *flags, const char *who, char *err,
                            size_t errlen)
{
    char word[64];
    const char *sp = strchr(text, ' ');
    size_t len = sp ? (size_t)(sp - text) : strlen(text);
    if (len >= sizeof word) {
        len = sizeof word - 1;
    }
    memcpy(word, text, len);
    word[len] = '\0';
    *view = plot_view_parse(word);
    if (*view < 0) {
        snprintf(err, errlen, "%s: \"%s\" is not a view (cost, sigmoid, sigma', boundary, weights, input)", who, word);
        return -1;
    }
    if (sp) {
        while (*sp == ' ') {
            sp++;
        }
        if (strcmp(sp, "log") != 0 || *view != PLOT_COST) {
            snprintf(err, errlen, "%s: after the view only \"log\" (cost only) is accepted, not \"%s\"", who, sp);
            return -1;
        }
        *flags |= PLOT_LOG;
    }
    return 0;
}

