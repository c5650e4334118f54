/* plot_svg.c: the plot views as self-contained SVG images (`save plot`), from the same geometry as
 * the text grids (plot_int.h). */
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "fmt.h"
#include "model.h"
#include "net.h"
#include "plot_int.h"

enum { SVG_W = 870, SVG_H = 420, SVG_X0 = 76, SVG_X1 = 600, SVG_Y0 = 56, SVG_Y1 = 352 };

static const char *const svg_pos = "#1f5fa8";  /* y = 1: filled blue */
static const char *const svg_neg = "#c0392b";  /* y = 0: red ring */
static const char *const svg_focus = "#e67e00";

typedef struct {
    strbuf *out;
    double xlo, xhi, ylo, yhi;
} svg_area;

static double sx(const svg_area *a, double x)
{
    return SVG_X0 + (x - a->xlo) / (a->xhi - a->xlo) * (SVG_X1 - SVG_X0);
}

static double sy(const svg_area *a, double y)
{
    return SVG_Y1 - (y - a->ylo) / (a->yhi - a->ylo) * (SVG_Y1 - SVG_Y0);
}

/* Appends s with &, <, > and " escaped. */
void plot_svg_escape(strbuf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': sb_puts(out, "&amp;"); break;
        case '<': sb_puts(out, "&lt;"); break;
        case '>': sb_puts(out, "&gt;"); break;
        case '"': sb_puts(out, "&quot;"); break;
        default: sb_append(out, s, 1);
        }
    }
}

void plot_svg_begin(strbuf *out, const char *title, int w, int h)
{
    sb_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                   "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">\n<title>",
              w, h, w, h);
    plot_svg_escape(out, title);
    sb_printf(out, "</title>\n<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n"
                   "<text x=\"%d\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"#222222\">",
              w, h, w / 2);
    plot_svg_escape(out, title);
    sb_puts(out, "</text>\n");
}

/* One tick at value t of the x axis (axis 0) or the y axis (axis 1): a grid line and its label. */
static void svg_tick(const svg_area *a, int axis, double t, const char *text)
{
    strbuf *out = a->out;
    if (axis) {
        double y = sy(a, t);
        sb_printf(out, "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"#dddddd\"/>\n", SVG_X0, y,
                  SVG_X1, y);
        sb_printf(out, "<text x=\"%d\" y=\"%.2f\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>\n",
                  SVG_X0 - 6, y, text);
    } else {
        double x = sx(a, t);
        sb_printf(out, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#dddddd\"/>\n", x, SVG_Y0, x,
                  SVG_Y1);
        sb_printf(out, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, SVG_Y1 + 18, text);
    }
}

/* Ticks of a log10 y axis spanning [lo, hi] (in log10 units) at 1, 2, 5 (or 1..9, or 1) times
 * powers of ten, labelled with the values themselves. */
static void svg_log_ticks(const svg_area *a, double lo, double hi)
{
    static const double fine[] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, mid[] = {1, 2, 5}, coarse[] = {1};
    double span = hi - lo;
    const double *set = span < 1 ? fine : span < 3 ? mid : coarse;
    int nset = span < 1 ? 9 : span < 3 ? 3 : 1;
    int every = span > 8 ? (int)ceil(span / 6) : 1;
    for (int d = (int)floor(lo); d <= (int)ceil(hi); d++) {
        if (((d % every) + every) % every != 0) {
            continue;
        }
        for (int i = 0; i < nset; i++) {
            double t = log10(set[i]) + d;
            if (t < lo - 1e-12 || t > hi + 1e-12) {
                continue;
            }
            char buf[48];
            fmt_num(buf, sizeof buf, set[i] * pow(10.0, d), d < 0 ? -d : 0, FMT_FIXED);
            svg_tick(a, 1, t, buf);
        }
    }
}

/* Draws the frame, the ticks with their values and the axis names. With log_y the y values are
 * log10 of what the labels show. */
static void svg_axes(const svg_area *a, const char *xname, const char *yname, int log_y)
{
    strbuf *out = a->out;
    sb_puts(out, "<g stroke=\"#444444\" stroke-width=\"1\" fill=\"none\">\n");
    sb_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n", SVG_X0, SVG_Y0, SVG_X1 - SVG_X0,
              SVG_Y1 - SVG_Y0);
    sb_puts(out, "</g>\n<g font-size=\"12\" fill=\"#333333\">\n");
    for (int axis = 0; axis < 2; axis++) {
        double lo = axis ? a->ylo : a->xlo, hi = axis ? a->yhi : a->xhi;
        if (axis && log_y) {
            svg_log_ticks(a, lo, hi);
            continue;
        }
        double st = plot_nice_step(hi - lo, axis ? 5 : 6);
        int dec = st >= 1 ? 0 : (int)ceil(-log10(st) - 1e-9);
        double first = ceil(lo / st - 1e-9) * st;
        for (int i = 0; i < 100; i++) {
            double t = first + i * st;
            if (t > hi + st * 1e-9) {
                break;
            }
            char buf[48];
            fmt_num(buf, sizeof buf, fabs(t) < st * 1e-9 ? 0.0 : t, dec, FMT_FIXED);
            svg_tick(a, axis, t, buf);
        }
    }
    sb_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\">", (SVG_X0 + SVG_X1) / 2,
              SVG_Y1 + 40);
    plot_svg_escape(out, xname);
    sb_printf(out, "</text>\n<text x=\"18\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\" "
                   "transform=\"rotate(-90 18 %d)\">", (SVG_Y0 + SVG_Y1) / 2, (SVG_Y0 + SVG_Y1) / 2);
    plot_svg_escape(out, yname);
    sb_puts(out, "</text>\n</g>\n");
}

/* The axis name of input j (0 or 1) of the plane: "x1", or "x1 (hours)" when the column has
 * its own name, with ", standardized" when the inputs are. */
static void plane_axis_name(const session *s, size_t j, char *buf, size_t len)
{
    const char *const *nm = (const char *const *)s->data.input_names;
    char sym[4];
    snprintf(sym, sizeof sym, "x%zu", j + 1);
    int named = nm && strcmp(nm[j], sym) != 0;
    snprintf(buf, len, "%s%s%.40s%s%s", sym, named ? " (" : "", named ? nm[j] : "", named ? ")" : "",
             s->scale == SESSION_SCALE_STANDARDIZE ? ", standardized" : "");
}

/* The axes of the (x1, x2) plane, named after the two inputs. */
static void svg_plane_axes(const svg_area *a, const session *s)
{
    char xname[96], yname[96];
    plane_axis_name(s, 0, xname, sizeof xname);
    plane_axis_name(s, 1, yname, sizeof yname);
    svg_axes(a, xname, yname, 0);
}

/* One legend entry at row `row` of the legend box in the top right: a swatch and its text. */
static void svg_legend(strbuf *out, int row, const char *swatch_kind, const char *text)
{
    double x = SVG_X1 + 30, y = SVG_Y0 + 16 + 18 * row;
    if (strcmp(swatch_kind, "pos") == 0) {
        sb_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
                  x, y, svg_pos, svg_pos);
    } else if (strcmp(swatch_kind, "neg") == 0) {
        sb_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#ffffff\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                  x, y, svg_neg);
    } else if (strcmp(swatch_kind, "focus") == 0) {
        sb_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"9\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"/>\n",
                  x, y, svg_focus);
    } else if (strcmp(swatch_kind, "line") == 0) {
        sb_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222222\" stroke-width=\"2\"/>\n",
                  x - 9, y, x + 9, y);
    } else if (strcmp(swatch_kind, "dashed") == 0) {
        sb_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999999\" stroke-width=\"2\" "
                       "stroke-dasharray=\"4 3\"/>\n", x - 9, y, x + 9, y);
    } else if (strcmp(swatch_kind, "shade") == 0) {
        sb_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"10\" fill=\"#cfe0f3\" stroke=\"#9bb8da\"/>\n",
                  x - 9, y - 5);
    } else if (strcmp(swatch_kind, "present") == 0) {
        sb_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>\n", x, y, svg_focus);
    }
    sb_printf(out, "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\" font-size=\"12\" fill=\"#222222\">",
              x + 16, y);
    plot_svg_escape(out, text);
    sb_puts(out, "</text>\n");
}

static void svg_legend_box(strbuf *out, int rows)
{
    sb_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"244\" height=\"%d\" fill=\"#ffffff\" fill-opacity=\"0.9\" "
                   "stroke=\"#bbbbbb\"/>\n", SVG_X1 + 14, SVG_Y0 + 5, 18 * rows + 4);
}

/* Appends the points of steps idx[0..m-1] of series v as a polyline. */
static void svg_polyline(const svg_area *a, const double *v, const size_t *idx, size_t m, const char *style)
{
    sb_puts(a->out, "<polyline fill=\"none\" ");
    sb_puts(a->out, style);
    sb_puts(a->out, " points=\"");
    for (size_t i = 0; i < m; i++) {
        sb_printf(a->out, "%s%.2f,%.2f", i ? " " : "", sx(a, (double)idx[i]), sy(a, v[idx[i]]));
    }
    sb_puts(a->out, "\"/>\n");
}

/* The steps to draw of [from, to]: all when few, else first, min, max and last of each bucket. */
static size_t svg_pick(const double *v, size_t from, size_t to, size_t *idx)
{
    size_t n = to - from + 1;
    if (n <= 2000) {
        size_t m = 0;
        for (size_t t = from; t <= to; t++) {
            if (!isnan(v[t])) {
                idx[m++] = t;
            }
        }
        return m;
    }
    canvas_bucket bk[1000];
    canvas_downsample(v + from, n, 1000, bk);
    size_t m = 0;
    for (size_t b = 0; b < 1000; b++) {
        size_t p[4] = {bk[b].first, bk[b].min < bk[b].max ? bk[b].min : bk[b].max,
                       bk[b].min < bk[b].max ? bk[b].max : bk[b].min, bk[b].last};
        for (int j = 0; j < 4; j++) {
            if ((m == 0 || idx[m - 1] != from + p[j]) && !isnan(v[from + p[j]])) {
                idx[m++] = from + p[j];
            }
        }
    }
    return m;
}

static int svg_cost(session *s, unsigned flags, strbuf *out, char *err, size_t errlen)
{
    double *v = NULL;
    size_t n = plot_cost_series(s, flags, &v);
    size_t *idx = n ? malloc((n < 4000 ? n : 4000) * sizeof *idx) : NULL;
    if (!idx) {
        free(v);
        snprintf(err, errlen, "save plot: out of memory");
        return -1;
    }
    plot_cost_src src = {s, flags & ~(unsigned)PLOT_KNOWN};
    double lo, hi;
    if (plot_value_range(plot_cost_get, &src, n, &lo, &hi) != 0) {
        free(v);
        free(idx);
        snprintf(err, errlen, "save plot cost: no finite positive cost to draw");
        return -1;
    }
    plot_widen(&lo, &hi, 0.05);
    long present = s->step, last = (long)n - 1;
    svg_area a = {out, 0, last > 0 ? (double)last : 1.0, lo, hi};
    char title[160], cbuf[64];
    fmt_num(cbuf, sizeof cbuf, session_cost_at(s, present), s->digits, 0);
    const char *cname = s->cost == MODEL_COST_QUAD ? "quadratic" : "cross-entropy";
    snprintf(title, sizeof title, "Cost C by step (%s): C = %s at step %ld", cname, cbuf, present);
    plot_svg_begin(out, title, SVG_W, SVG_H);
    svg_axes(&a, "step", (flags & PLOT_LOG) ? "cost C (log scale)" : "cost C", (flags & PLOT_LOG) != 0);
    size_t m = svg_pick(v, 0, (size_t)present, idx);
    svg_polyline(&a, v, idx, m, "class=\"cost\" stroke=\"#222222\" stroke-width=\"2\" stroke-linejoin=\"round\"");
    if (last > present) {
        m = svg_pick(v, (size_t)present, (size_t)last, idx);
        svg_polyline(&a, v, idx, m, "class=\"undone\" stroke=\"#999999\" stroke-width=\"2\" stroke-dasharray=\"4 3\"");
    }
    if (!isnan(v[present])) {
        sb_printf(out, "<circle class=\"present\" cx=\"%.2f\" cy=\"%.2f\" r=\"5\" fill=\"%s\"/>\n",
                  sx(&a, (double)present), sy(&a, v[present]), svg_focus);
    }
    int rows = last > present ? 3 : 2;
    svg_legend_box(out, rows);
    svg_legend(out, 0, "line", "C after each update");
    char txt[96];
    snprintf(txt, sizeof txt, "step %ld (now)", present);
    svg_legend(out, 1, "present", txt);
    if (last > present) {
        snprintf(txt, sizeof txt, "steps %ld to %ld, undone", present + 1, last);
        svg_legend(out, 2, "dashed", txt);
    }
    sb_puts(out, "</svg>\n");
    free(v);
    free(idx);
    return 0;
}

/* An example's circle: filled for y >= 0.5, a ring for y < 0.5. */
static void svg_example(strbuf *out, double x, double y, double target, size_t i)
{
    int pos = target >= 0.5;
    sb_printf(out, "<circle class=\"example\" cx=\"%.2f\" cy=\"%.2f\" r=\"5\" fill=\"%s\" stroke=\"%s\" "
                   "stroke-width=\"%s\"><title>example %zu</title></circle>\n",
              x, y, pos ? svg_pos : "#ffffff", pos ? svg_pos : svg_neg, pos ? "1.5" : "2", i + 1);
}

static void svg_focus_ring(strbuf *out, double x, double y, size_t i)
{
    sb_printf(out, "<circle class=\"focus\" cx=\"%.2f\" cy=\"%.2f\" r=\"9\" fill=\"none\" stroke=\"%s\" "
                   "stroke-width=\"2.5\"/>\n<text x=\"%.2f\" y=\"%.2f\" font-size=\"12\" fill=\"%s\" text-anchor=\"%s\" "
                   "stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">"
                   "example %zu</text>\n",
              x, y, svg_focus, x > SVG_X1 - 90 ? x - 12 : x + 12, y - 10, svg_focus, x > SVG_X1 - 90 ? "end" : "start",
              i + 1);
}

static int svg_sigmoid(session *s, int prime, strbuf *out, char *err, size_t errlen)
{
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        snprintf(err, errlen, "save plot: out of memory");
        return -1;
    }
    size_t n = s->data.n;
    double r = plot_sigmoid_z_range(s);
    double top = prime ? 0.25 : 1.0;
    svg_area a = {out, -r, r, 0, top * 1.04};
    char title[160];
    snprintf(title, sizeof title, prime ? "σ'(z) = σ(z)(1 − σ(z)) and the %zu example%s at step %ld"
                                        : "σ(z) and the %zu example%s at step %ld", n, n == 1 ? "" : "s", s->step);
    plot_svg_begin(out, title, SVG_W, SVG_H);
    svg_axes(&a, "z = w·x + b", prime ? "σ'(z)" : "σ(z)", 0);
    if (!prime) {
        sb_printf(out, "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"#888888\" stroke-dasharray=\"3 3\"/>\n",
                  SVG_X0, sy(&a, 0.5), SVG_X1, sy(&a, 0.5));
    }
    sb_puts(out, "<path class=\"curve\" fill=\"none\" stroke=\"#222222\" stroke-width=\"2\" d=\"");
    for (int i = 0; i <= 240; i++) {
        double z = -r + 2 * r * i / 240.0;
        double v = prime ? model_sigmoid_prime(z) : model_sigmoid(z);
        sb_printf(out, "%s%.2f,%.2f", i ? " L" : "M", sx(&a, z), sy(&a, v));
    }
    sb_puts(out, "\"/>\n");
    size_t fi = s->focus_i < n ? s->focus_i : 0;
    if (!prime && n > 0) {
        double z, v = plot_sigmoid_point(s, fi, 0, &z), x = sx(&a, z);
        sb_printf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" stroke-width=\"1.5\" "
                       "stroke-dasharray=\"4 3\"/>\n", x, sy(&a, v), x, sy(&a, s->data.y[fi]), svg_focus);
    }
    for (size_t i = 0; i < n; i++) {
        double z, v = plot_sigmoid_point(s, i, prime, &z);
        svg_example(out, sx(&a, z), sy(&a, v), s->data.y[i], i);
    }
    if (n > 0) {
        double z, v = plot_sigmoid_point(s, fi, prime, &z);
        svg_focus_ring(out, sx(&a, z), sy(&a, v), fi);
    }
    svg_legend_box(out, 3);
    svg_legend(out, 0, "pos", "example with y = 1");
    svg_legend(out, 1, "neg", "example with y = 0");
    char txt[96];
    snprintf(txt, sizeof txt, prime ? "example %zu (focused)" : "example %zu, dashed to its y", fi + 1);
    svg_legend(out, 2, "focus", txt);
    sb_puts(out, "</svg>\n");
    return 0;
}

static int svg_boundary(session *s, strbuf *out, char *err, size_t errlen)
{
    if (plot_view_check(s, PLOT_BOUNDARY, err, errlen) < 0) {
        return -1;
    }
    double x1lo, x1hi, x2lo, x2hi;
    plot_column_range(s, 0, &x1lo, &x1hi);
    plot_column_range(s, 1, &x2lo, &x2hi);
    svg_area a = {out, x1lo, x1hi, x2lo, x2hi};
    char title[200], wb[3][64];
    fmt_num(wb[0], sizeof wb[0], s->w[0], s->digits, 0);
    fmt_num(wb[1], sizeof wb[1], s->w[1], s->digits, 0);
    fmt_num(wb[2], sizeof wb[2], s->b, s->digits, 0);
    snprintf(title, sizeof title, "Decision boundary at step %ld: w1 = %.32s, w2 = %.32s, b = %.32s", s->step, wb[0], wb[1],
             wb[2]);
    plot_svg_begin(out, title, SVG_W, SVG_H);
    /* the sigma(z) >= 0.5 side: the frame cut by the half-plane z >= 0 (z is linear along each edge) */
    double cx[4] = {x1lo, x1hi, x1hi, x1lo}, cy[4] = {x2lo, x2lo, x2hi, x2hi};
    double poly[8][2], cut[2][2];
    int np = 0, nc = 0;
    for (int e = 0; e < 4; e++) {
        double p[2] = {cx[e], cy[e]}, q[2] = {cx[(e + 1) % 4], cy[(e + 1) % 4]};
        double zp = model_z(s->w, s->b, p, 2), zq = model_z(s->w, s->b, q, 2);
        if (zp >= 0) {
            poly[np][0] = p[0];
            poly[np][1] = p[1];
            np++;
        }
        if ((zp >= 0) != (zq >= 0)) {
            double t = zp / (zp - zq);
            poly[np][0] = p[0] + t * (q[0] - p[0]);
            poly[np][1] = p[1] + t * (q[1] - p[1]);
            if (nc < 2) {
                cut[nc][0] = poly[np][0];
                cut[nc][1] = poly[np][1];
                nc++;
            }
            np++;
        }
    }
    if (np >= 3) {
        sb_puts(out, "<polygon class=\"positive-side\" fill=\"#cfe0f3\" fill-opacity=\"0.7\" stroke=\"none\" points=\"");
        for (int i = 0; i < np; i++) {
            sb_printf(out, "%s%.2f,%.2f", i ? " " : "", sx(&a, poly[i][0]), sy(&a, poly[i][1]));
        }
        sb_puts(out, "\"/>\n");
    }
    svg_plane_axes(&a, s);
    if (nc == 2) {
        sb_printf(out, "<line class=\"boundary\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#222222\" "
                       "stroke-width=\"2\"/>\n", sx(&a, cut[0][0]), sy(&a, cut[0][1]), sx(&a, cut[1][0]), sy(&a, cut[1][1]));
    }
    size_t n = s->data.n, fi = s->focus_i < n ? s->focus_i : 0;
    for (size_t i = 0; i < n; i++) {
        svg_example(out, sx(&a, s->data.x[2 * i]), sy(&a, s->data.x[2 * i + 1]), s->data.y[i], i);
    }
    if (n > 0) {
        svg_focus_ring(out, sx(&a, s->data.x[2 * fi]), sy(&a, s->data.x[2 * fi + 1]), fi);
    }
    svg_legend_box(out, 5);
    svg_legend(out, 0, "pos", "example with y = 1");
    svg_legend(out, 1, "neg", "example with y = 0");
    svg_legend(out, 2, "line", nc == 2 ? "w1 x1 + w2 x2 + b = 0" : "no line in view");
    svg_legend(out, 3, "shade", "σ(z) ≥ 0.5 (z ≥ 0)");
    char txt[64];
    snprintf(txt, sizeof txt, "example %zu (focused)", fi + 1);
    svg_legend(out, 4, "focus", txt);
    sb_puts(out, "</svg>\n");
    return 0;
}

/* ---- a network's decision regions ---- */

static const char *const region_fill[8] = {"#f6d5cf", "#cfe0f3", "#d5ecd4", "#f3e6c4", "#e3d5f0", "#d0ece9",
                                           "#f0d0e4", "#e6e6e6"};
static const char *const class_colour[8] = {"#c0392b", "#1f5fa8", "#2e8b57", "#b8860b", "#7d3c98", "#148f77",
                                            "#c2185b", "#555555"};

/* The regions: a grid of cells over the frame, each filled with the colour of the class the network
 * gives its centre (net_classify), a rectangle per run of equal cells along a row. */
static void svg_regions(const svg_area *a, const session *s, double *work)
{
    enum { NX = 131, NY = 74 };
    double cw = (double)(SVG_X1 - SVG_X0) / NX, ch = (double)(SVG_Y1 - SVG_Y0) / NY;
    sb_puts(a->out, "<g class=\"regions\" stroke=\"none\">\n");
    for (int r = 0; r < NY; r++) {
        double y = a->yhi - (a->yhi - a->ylo) * (r + 0.5) / NY;
        int start = 0;
        size_t prev = 0;
        for (int c = 0; c <= NX; c++) {
            size_t cl = prev;
            if (c < NX) {
                double pt[2] = {a->xlo + (a->xhi - a->xlo) * (c + 0.5) / NX, y};
                cl = net_classify(&s->net.shape, s->net.p, pt, work);
            }
            if (c > 0 && (c == NX || cl != prev)) {
                sb_printf(a->out, "<rect class=\"region\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>\n",
                          SVG_X0 + start * cw, SVG_Y0 + r * ch, (c - start) * cw + 0.3, ch + 0.3, region_fill[prev % 8]);
                start = c;
            }
            prev = cl;
        }
    }
    sb_puts(a->out, "</g>\n");
}

/* Layer-2 neuron j's line w1 x1 + w2 x2 + b = 0 cut to the frame, labelled j; 1 when it crosses it. */
static int svg_neuron_line(const svg_area *a, const double w[2], double b, size_t j, const char *cls)
{
    double cx[4] = {a->xlo, a->xhi, a->xhi, a->xlo}, cy[4] = {a->ylo, a->ylo, a->yhi, a->yhi}, cut[4][2];
    int nc = 0;
    for (int e = 0; e < 4; e++) {
        double p[2] = {cx[e], cy[e]}, q[2] = {cx[(e + 1) % 4], cy[(e + 1) % 4]};
        double zp = model_z(w, b, p, 2), zq = model_z(w, b, q, 2);
        if ((zp >= 0) != (zq >= 0)) {
            double t = zp / (zp - zq);
            cut[nc][0] = p[0] + t * (q[0] - p[0]);
            cut[nc][1] = p[1] + t * (q[1] - p[1]);
            nc++;
        }
    }
    if (nc < 2) {
        return 0;
    }
    double x0 = sx(a, cut[0][0]), y0 = sy(a, cut[0][1]), x1 = sx(a, cut[1][0]), y1 = sy(a, cut[1][1]);
    sb_printf(a->out, "<line class=\"%s\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#222222\" "
                      "stroke-width=\"2\"/>\n", cls, x0, y0, x1, y1);
    double lx = x0 > x1 ? x0 : x1, ly = x0 > x1 ? y0 : y1;
    sb_printf(a->out, "<text class=\"line-label\" x=\"%.2f\" y=\"%.2f\" font-size=\"13\" font-weight=\"bold\" "
                      "text-anchor=\"end\" fill=\"#222222\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">"
                      "%zu</text>\n", lx - 4, ly + (ly > (SVG_Y0 + SVG_Y1) / 2 ? -6 : 14), j);
    return 1;
}

/* Every example by its class colour (the first class a ring), a ring around each one the network
 * gets wrong; returns how many are wrong. */
static size_t svg_net_examples(const svg_area *a, const session *s, double *work)
{
    size_t wrong = 0;
    for (size_t i = 0; i < s->data.n; i++) {
        const double *x = &s->data.x[2 * i];
        size_t c = session_class_of(s, i);
        int bad = net_classify(&s->net.shape, s->net.p, x, work) != c;
        const char *col = class_colour[c % 8];
        sb_printf(a->out, "<circle class=\"example\" cx=\"%.2f\" cy=\"%.2f\" r=\"5\" fill=\"%s\" stroke=\"%s\" "
                          "stroke-width=\"%s\"><title>example %zu</title></circle>\n",
                  sx(a, x[0]), sy(a, x[1]), c ? col : "#ffffff", col, c ? "1.5" : "2", i + 1);
        if (bad) {
            sb_printf(a->out, "<circle class=\"wrong\" cx=\"%.2f\" cy=\"%.2f\" r=\"9\" fill=\"none\" stroke=\"%s\" "
                              "stroke-width=\"2.5\"/>\n", sx(a, x[0]), sy(a, x[1]), svg_focus);
            wrong++;
        }
    }
    return wrong;
}

/* The legend of the regions: each class's swatch and mark, the wrong ring, the lines. */
static void svg_regions_legend(strbuf *out, const session *s, size_t wrong, int lines)
{
    size_t ncls = plot_class_count(s), shown = ncls < 8 ? ncls : 8;
    svg_legend_box(out, (int)shown + 2);
    for (size_t c = 0; c < shown; c++) {
        double x = SVG_X1 + 30, y = SVG_Y0 + 16 + 18 * (double)c;
        char nm[64], txt[96];
        sb_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"12\" fill=\"%s\"/>\n", x - 9, y - 6,
                  region_fill[c]);
        sb_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>\n", x, y,
                  c ? class_colour[c] : "#ffffff", class_colour[c]);
        snprintf(txt, sizeof txt, "class %s: region, examples", plot_class_name(s, c, nm, sizeof nm));
        sb_printf(out, "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\" font-size=\"12\" fill=\"#222222\">", x + 16, y);
        plot_svg_escape(out, txt);
        sb_puts(out, "</text>\n");
    }
    char txt[96];
    snprintf(txt, sizeof txt, "classified wrong (%zu)", wrong);
    svg_legend(out, (int)shown, "focus", txt);
    snprintf(txt, sizeof txt, "%s neuron j: w2_j·x + b2_j = 0%s", s->net.shape.L > 2 ? "hidden" : "output",
             lines < (int)s->net.shape.size[2] ? " (not all cross)" : "");
    svg_legend(out, (int)shown + 1, "line", txt);
}

int plot_svg_net_boundary(session *s, strbuf *out, char *err, size_t errlen)
{
    double x1lo, x1hi, x2lo, x2hi;
    plot_column_range(s, 0, &x1lo, &x1hi);
    plot_column_range(s, 1, &x2lo, &x2hi);
    svg_area a = {out, x1lo, x1hi, x2lo, x2hi};
    double *work = malloc(2 * s->net.shape.units * sizeof *work);
    if (!work) {
        snprintf(err, errlen, "save plot: out of memory");
        return -1;
    }
    char title[200];
    snprintf(title, sizeof title, "Decision regions of the network at step %ld and the lines of its %s neurons",
             s->step, s->net.shape.L > 2 ? "hidden" : "output");
    plot_svg_begin(out, title, SVG_W, SVG_H);
    svg_regions(&a, s, work);
    svg_plane_axes(&a, s);
    int lines = 0;
    for (size_t j = 1; j <= s->net.shape.size[2]; j++) {
        double w[2] = {plot_net_weight(s, 2, j, 1), plot_net_weight(s, 2, j, 2)};
        lines += svg_neuron_line(&a, w, plot_net_bias(s, 2, j), j, s->net.shape.L > 2 ? "hidden-line" : "output-line");
    }
    size_t wrong = svg_net_examples(&a, s, work);
    free(work);
    svg_regions_legend(out, s, wrong, lines);
    sb_puts(out, "</svg>\n");
    return 0;
}

int plot_svg(session *s, int view, unsigned flags, strbuf *out, char *err, size_t errlen)
{
    return plot_svg_sel(s, view, NULL, flags, out, err, errlen);
}

int plot_svg_sel(session *s, int view, const plot_sel *sel, unsigned flags, strbuf *out, char *err, size_t errlen)
{
    if (plot_view_check(s, view, err, errlen) < 0) {
        return -1;
    }
    switch (view) {
    case PLOT_COST:
        return svg_cost(s, flags, out, err, errlen);
    case PLOT_SIGMOID:
    case PLOT_SIGMA_PRIME:
        return svg_sigmoid(s, view == PLOT_SIGMA_PRIME, out, err, errlen);
    case PLOT_BOUNDARY:
        return s->net.on ? plot_svg_net_boundary(s, out, err, errlen) : svg_boundary(s, out, err, errlen);
    case PLOT_WEIGHTS:
        return plot_svg_weights(s, sel, out, err, errlen);
    case PLOT_INPUT:
        return plot_svg_input(s, sel, out, err, errlen);
    default:
        snprintf(err, errlen, "save plot: no view number %d", view);
        return -1;
    }
}

int plot_save_svg(session *s, int view, unsigned flags, const char *path, char *err, size_t errlen)
{
    return plot_save_svg_sel(s, view, NULL, flags, path, err, errlen);
}

int plot_save_svg_sel(session *s, int view, const plot_sel *sel, unsigned flags, const char *path, char *err,
                      size_t errlen)
{
    strbuf sb = {0};
    int rc = plot_svg_sel(s, view, sel, flags, &sb, err, errlen);
    if (rc == 0) {
        rc = file_write_atomic(path, sb_str(&sb), sb.len, err, errlen);
    }
    sb_free(&sb);
    return rc;
}
