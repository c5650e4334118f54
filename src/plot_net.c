/* plot_net.c: the text pictures of network mode (README "Plots"): a network's decision regions over
 * (x1, x2) with each layer-2 neuron's line, a layer's weights as heat maps (in the image's shape when
 * the inputs are pixels), and an example drawn as an image. */
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "model.h"
#include "net.h"
#include "plot_int.h"

/* ---- what the views read ---- */

int plot_net_layers(const session *s)
{
    return s->net.on ? s->net.shape.L : 2;
}

size_t plot_net_size(const session *s, int l)
{
    if (s->net.on) {
        return s->net.shape.size[l];
    }
    return l == 1 ? s->data.k : 1;
}

double plot_net_weight(const session *s, int l, size_t j, size_t k)
{
    if (s->net.on) {
        return s->net.p[net_w_index(&s->net.shape, l, j, k)];
    }
    return s->w[k - 1];
}

double plot_net_bias(const session *s, int l, size_t j)
{
    if (s->net.on) {
        return s->net.p[net_b_index(&s->net.shape, l, j)];
    }
    return s->b;
}

int plot_net_is_image(const session *s, int l)
{
    return l == 2 && s->data.shape_rows > 0 && s->data.shape_rows * s->data.shape_cols == s->data.k;
}

double plot_net_weight_max(const session *s, int l, size_t j0, size_t j1)
{
    double m = 0;
    size_t nin = plot_net_size(s, l - 1);
    for (size_t j = j0; j <= j1; j++) {
        for (size_t k = 1; k <= nin; k++) {
            double a = fabs(plot_net_weight(s, l, j, k));
            m = isfinite(a) && a > m ? a : m;
        }
    }
    return m;
}

size_t plot_class_count(const session *s)
{
    size_t m = s->net.on ? s->net.shape.size[s->net.shape.L] : 1;
    return m == 1 ? 2 : m;
}

const char *plot_class_name(const session *s, size_t c, char *buf, size_t len)
{
    if (s->data.nclasses && c < s->data.nclasses) {
        snprintf(buf, len, "%.40s", s->data.class_names[c]);
    } else {
        snprintf(buf, len, "y=%zu", c);
    }
    return buf;
}

void plot_input_range(const session *s, double *lo, double *hi)
{
    size_t nk = s->raw.n * s->raw.k;
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < nk; i++) {
        *lo = s->raw.x[i] < *lo ? s->raw.x[i] : *lo;
        *hi = s->raw.x[i] > *hi ? s->raw.x[i] : *hi;
    }
    if (!(*hi > *lo)) {
        *hi = *lo + 1;
    }
}

int plot_sel_resolve(const session *s, int view, const plot_sel *sel, plot_sel *out, char *err, size_t errlen)
{
    plot_sel d = {0, 0, 0};
    if (sel) {
        d = *sel;
    }
    int L = plot_net_layers(s);
    if (view == PLOT_WEIGHTS) {
        d.layer = d.layer ? d.layer : 2;
        if (d.layer < 2 || d.layer > L) {
            snprintf(err, errlen, "plot weights: layer %d has no weights: the layers with weights are 2..%d "
                     "(layer 1 is the input)", d.layer, L);
            return -1;
        }
        if (d.neuron > plot_net_size(s, d.layer)) {
            snprintf(err, errlen, "plot weights: layer %d has %zu neuron%s, not %zu", d.layer,
                     plot_net_size(s, d.layer), plot_net_size(s, d.layer) == 1 ? "" : "s", d.neuron);
            return -1;
        }
    } else if (view == PLOT_INPUT) {
        if (!plot_net_is_image(s, 2)) {
            snprintf(err, errlen, "plot input: %.60s declares no image shape (a comment \"# shape: ROWSxCOLS\"), "
                     "so its rows are not pictures; show data lists them", s->data.name ? s->data.name : "the dataset");
            return -1;
        }
        d.example = d.example ? d.example : (s->focus_i < s->data.n ? s->focus_i : 0) + 1;
        if (d.example > s->data.n) {
            snprintf(err, errlen, "plot input: there are %zu examples, not %zu", s->data.n, d.example);
            return -1;
        }
    }
    *out = d;
    return 0;
}

/* ---- images in cells ---- */

/* How an R x C image sits in w x h cells: cw x ch cells a pixel (cw = 2 ch keeps pixels about square
 * on a terminal), or with 1-row pixels only rows x cols of its pixels (evenly picked) when even that
 * does not fit. */
typedef struct {
    int cw, ch, rows, cols;
} img_fit;

static img_fit fit_image(size_t R, size_t C, int w, int h, int maxch)
{
    img_fit f = {1, 1, (int)R, (int)C};
    int cwmax = w / (int)C;
    int ch = h / (int)R;
    ch = ch > cwmax / 2 ? cwmax / 2 : ch;
    ch = ch > maxch ? maxch : ch;
    if (ch >= 1) {
        f.ch = ch;
        f.cw = 2 * ch;
        return f;
    }
    f.cw = cwmax >= 2 ? 2 : 1;
    f.rows = (int)R < h ? (int)R : h;
    f.cols = cwmax >= 1 ? (int)C : w;
    return f;
}

/* The image's pixel shown at row r (of f.rows) and column c: its index r0 * C + c0. */
static size_t fit_pixel(const img_fit *f, size_t R, size_t C, int r, int c)
{
    size_t r0 = (size_t)(((double)r + 0.5) * (double)R / f->rows);
    size_t c0 = (size_t)(((double)c + 0.5) * (double)C / f->cols);
    return (r0 < R ? r0 : R - 1) * C + (c0 < C ? c0 : C - 1);
}

/* Fills the cw x ch cells of shown pixel (r, c) of an image placed at (col, row). */
static void put_pixel(canvas *cv, const img_fit *f, int col, int row, int r, int c, const char *glyph,
                      canvas_role role)
{
    for (int dy = 0; dy < f->ch; dy++) {
        for (int dx = 0; dx < f->cw; dx++) {
            canvas_text(cv, col + c * f->cw + dx, row + r * f->ch + dy, glyph, role);
        }
    }
}

/* Moves a canvas into a grid (the title and legend stay as they are) and frees it. */
static int grid_from_canvas(canvas *cv, plot_grid *out, char *err, size_t errlen)
{
    out->width = cv->cols;
    out->height = cv->rows;
    out->cells = malloc((size_t)out->width * (size_t)out->height * sizeof *out->cells);
    if (!out->cells) {
        canvas_free(cv);
        snprintf(err, errlen, "plot: out of memory");
        return -1;
    }
    for (int r = 0; r < out->height; r++) {
        for (int c = 0; c < out->width; c++) {
            canvas_cell_at(cv, c, r, &out->cells[(size_t)r * (size_t)out->width + (size_t)c]);
        }
    }
    canvas_free(cv);
    return 0;
}

/* ---- weights as heat maps ---- */

/* [ascii][negative][level - 1] */
static const char *const wglyph[2][2][4] = {{{"░", "▒", "▓", "█"}, {"⠂", "⠅", "⠭", "⣿"}},
                                            {{"+", "*", "X", "#"}, {"-", "=", "%", "@"}}};

/* The glyph of weight v on a scale whose largest |w| is max: one of 4 levels a sign (a quarter of max
 * each, any nonzero weight at least the first), blank for 0. */
static const char *weight_glyph(double v, double max, int ascii, canvas_role *role)
{
    if (!(max > 0) || v == 0 || !isfinite(v)) {
        *role = CANVAS_ROLE_DIM;
        return " ";
    }
    double r = 4 * fabs(v) / max;
    int q = r >= 4 ? 4 : (int)ceil(r);
    q = q < 1 ? 1 : q;
    *role = v > 0 ? CANVAS_ROLE_POSITIVE : CANVAS_ROLE_NEGATIVE;
    return wglyph[ascii != 0][v < 0][q - 1];
}

/* The focused parameter's place when it belongs to layer l (network mode): its neuron j, and its
 * input k for a weight (0 for a bias); 0 when the focus is elsewhere. The full screen highlights it. */
static size_t focus_in_layer(const session *s, int l, size_t *k)
{
    int fl;
    size_t j;
    *k = 0;
    if (!s->net.on || s->focus_j >= s->net.shape.nparams) {
        return 0;
    }
    net_param_place(&s->net.shape, s->focus_j, &fl, &j, k);
    if (fl != l) {
        *k = 0;
        return 0;
    }
    return j;
}

/* A weight's glyph and role: FOCUS for the focused weight w^l_jk. */
static const char *weight_cell(const session *s, int l, size_t j, size_t k, double max, int ascii, canvas_role *role)
{
    size_t fk, fj = focus_in_layer(s, l, &fk);
    const char *g = weight_glyph(plot_net_weight(s, l, j, k), max, ascii, role);
    if (fj == j && fk == k) {
        *role = CANVAS_ROLE_FOCUS;
    }
    return g;
}

/* Neuron j's label: FOCUS when the focused parameter is one of its weights or its bias. */
static void neuron_label(canvas *cv, const session *s, int l, size_t j, int col, int row)
{
    size_t fk;
    char lab[32];
    snprintf(lab, sizeof lab, "j=%zu", j);
    canvas_text(cv, col, row, lab, focus_in_layer(s, l, &fk) == j ? CANVAS_ROLE_FOCUS : CANVAS_ROLE_LABEL);
}

/* Draws neuron j's weights from layer l as an image at (col, row). */
static void weights_image(canvas *cv, const session *s, int l, size_t j, const img_fit *f, int col, int row,
                          double max)
{
    size_t R = s->data.shape_rows, C = s->data.shape_cols;
    for (int r = 0; r < f->rows; r++) {
        for (int c = 0; c < f->cols; c++) {
            size_t px = fit_pixel(f, R, C, r, c);
            canvas_role role;
            const char *g = weight_cell(s, l, j, px + 1, max, cv->ascii, &role);
            put_pixel(cv, f, col, row, r, c, g, role);
        }
    }
}

/* The scale of a weights view as a column at (col, row): a line per level, + then -, with the largest
 * |w| of that level. Needs 9 rows and 11 columns. */
static void weights_scale(canvas *cv, int col, int row, double max)
{
    int dec = max > 0 ? 2 - (int)floor(log10(max)) : 2;
    dec = dec < 0 ? 0 : dec > 6 ? 6 : dec;
    for (int i = 0; i < 9; i++) {
        double v = (4 - i) * max / 4;
        canvas_role role;
        const char *g = weight_glyph(v, max, cv->ascii, &role);
        char num[48], line[64];
        fmt_num(num, sizeof num, v, dec, i == 4 ? 0 : FMT_SIGN);
        snprintf(line, sizeof line, " %s", num);
        canvas_text(cv, col, row + i, g, role);
        canvas_text(cv, col + 1, row + i, g, role);
        canvas_text(cv, col + 2, row + i, line, CANVAS_ROLE_LABEL);
    }
}

/* The legend line of the weights views. */
static void weights_legend(plot_grid *out, double max, int ascii, int digits)
{
    const char *const *p = wglyph[ascii != 0][0], *const *n = wglyph[ascii != 0][1];
    char m[48];
    fmt_num(m, sizeof m, max, digits, 0);
    snprintf(out->legend, sizeof out->legend, "%s%s%s%s w > 0   %s%s%s%s w < 0   levels: quarters of the largest "
             "|w| = %s; blank: 0", p[3], p[2], p[1], p[0], n[3], n[2], n[1], n[0], m);
}

/* How many tiles of f's pixels (and a label row) fit w x h cells gap columns apart: *across a row. */
static size_t tiles_fit(const img_fit *f, int gap, int w, int h, size_t n, int *across)
{
    int tw = f->cols * f->cw, th = f->rows * f->ch + 1;
    int a = (w + gap) / (tw + gap), down = h / th;
    *across = a < 1 ? 1 : a;
    down = down < 1 ? 1 : down;
    return (size_t)*across * (size_t)down < n ? (size_t)*across * (size_t)down : n;
}

/* Every neuron of layer l as a small image with its number above it, as many as fit: pixels two
 * columns wide (about square), or one when that shows more neurons. */
static int weights_tiles(canvas *cv, const session *s, int l, int w, int h, double max)
{
    size_t R = s->data.shape_rows, C = s->data.shape_cols, n = plot_net_size(s, l);
    img_fit f = fit_image(R, C, w, h - 1, 1);
    int gap = 2, across, a1;
    size_t shown = tiles_fit(&f, gap, w, h, n, &across);
    img_fit narrow = f;
    narrow.cw = 1;
    size_t s1 = f.cw == 2 && shown < n ? tiles_fit(&narrow, 1, w, h, n, &a1) : 0;
    if (s1 > shown) {
        f = narrow;
        gap = 1;
        shown = s1;
        across = a1;
    }
    int tw = f.cols * f.cw, th = f.rows * f.ch + 1;
    for (size_t t = 0; t < shown; t++) {
        int col = (int)(t % (size_t)across) * (tw + gap), row = (int)(t / (size_t)across) * th;
        neuron_label(cv, s, l, t + 1, col, row);
        weights_image(cv, s, l, t + 1, &f, col, row + 1, max);
    }
    return (int)shown;
}

/* Layer l's weight matrix (not pixels): row j = neuron j, a cell or two per input k, as many rows and
 * columns as fit; *cols_shown gets the inputs drawn. Returns the neurons drawn. */
static int weights_matrix(canvas *cv, const session *s, int l, int w, int h, double max, size_t *cols_shown)
{
    size_t n = plot_net_size(s, l), nin = plot_net_size(s, l - 1);
    char lab[32];
    int lw = snprintf(lab, sizeof lab, "j=%zu ", n);
    int room = w - lw;
    int cw = room >= (int)nin * 2 ? 2 : 1;
    size_t cols = (size_t)(room / cw) < nin ? (size_t)(room / cw) : nin;
    size_t rows = (size_t)h < n ? (size_t)h : n;
    for (size_t j = 1; j <= rows; j++) {
        neuron_label(cv, s, l, j, 0, (int)j - 1);
        for (size_t k = 1; k <= cols; k++) {
            canvas_role role;
            const char *g = weight_cell(s, l, j, k, max, cv->ascii, &role);
            for (int d = 0; d < cw; d++) {
                canvas_text(cv, lw + (int)(k - 1) * cw + d, (int)j - 1, g, role);
            }
        }
    }
    *cols_shown = cols;
    return (int)rows;
}

/* One neuron's weights (not pixels) as rows of cells, wrapped; each row labelled with its first k.
 * Returns the inputs drawn. */
static size_t weights_row(canvas *cv, const session *s, int l, size_t j, int w, int h, double max)
{
    size_t nin = plot_net_size(s, l - 1);
    char lab[32];
    int lw = snprintf(lab, sizeof lab, "k=%zu ", nin);
    int room = w - lw > 1 ? w - lw : 1;
    int cw = room >= (int)nin * 4 ? 4 : room >= (int)nin * 2 || (size_t)room * (size_t)h >= nin * 2 ? 2 : 1;
    size_t per = (size_t)(room / cw), k = 1;
    for (int r = 0; r < h && k <= nin; r++) {
        snprintf(lab, sizeof lab, "k=%zu", k);
        canvas_text(cv, 0, r, lab, CANVAS_ROLE_LABEL);
        for (size_t c = 0; c < per && k <= nin; c++, k++) {
            canvas_role role;
            const char *g = weight_cell(s, l, j, k, max, cv->ascii, &role);
            for (int d = 0; d < cw; d++) {
                canvas_text(cv, lw + (int)c * cw + d, r, g, role);
            }
        }
    }
    return k - 1;
}

/* `plot weights L J`: neuron J's weights large, with the scale beside them when there is room. */
static void weights_one(canvas *cv, const session *s, int l, size_t j, int w, int h, double max, char *note,
                        size_t len)
{
    int bar = h >= 9 && w >= 40 ? 12 : 0;
    if (plot_net_is_image(s, l)) {
        img_fit f = fit_image(s->data.shape_rows, s->data.shape_cols, w - bar, h, h);
        weights_image(cv, s, l, j, &f, 0, 0, max);
        if (bar) {
            weights_scale(cv, f.cols * f.cw + 2, 0, max);
        }
        if (f.rows < (int)s->data.shape_rows || f.cols < (int)s->data.shape_cols) {
            snprintf(note, len, " (shrunk to %dx%d of its pixels)", f.rows, f.cols);
        }
        return;
    }
    size_t nin = plot_net_size(s, l - 1), done = weights_row(cv, s, l, j, w - bar, h, max);
    if (bar) {
        weights_scale(cv, w - bar + 1, 0, max);
    }
    if (done < nin) {
        snprintf(note, len, " (inputs 1..%zu of %zu shown)", done, nin);
    }
}

int plot_net_weights(session *s, const plot_sel *sel, int width, int height, unsigned flags, plot_grid *out,
                     char *err, size_t errlen)
{
    plot_sel d;
    if (plot_sel_resolve(s, PLOT_WEIGHTS, sel, &d, err, errlen) < 0) {
        return -1;
    }
    int l = d.layer, image = plot_net_is_image(s, l);
    size_t n = plot_net_size(s, l), nin = plot_net_size(s, l - 1);
    double max = d.neuron ? plot_net_weight_max(s, l, d.neuron, d.neuron) : plot_net_weight_max(s, l, 1, n);
    canvas cv;
    if (canvas_init(&cv, width, height, (flags & PLOT_ASCII) != 0) < 0) {
        snprintf(err, errlen, "plot: out of memory");
        return -1;
    }
    char what[160] = "", note[96] = "";
    if (image) {
        snprintf(what, sizeof what, "as %s%zux%zu image%s (k = pixel, row by row)", d.neuron ? "an " : "",
                 s->data.shape_rows, s->data.shape_cols, d.neuron ? "" : "s");
    } else {
        snprintf(what, sizeof what, "(not pixels: k is neuron k of layer %d%s)", l - 1, l - 1 == 1 ? ", the input" : "");
    }
    if (d.neuron) {
        weights_one(&cv, s, l, d.neuron, width, height, max, note, sizeof note);
        snprintf(out->title, sizeof out->title, "Weights w%d_%zu_k of neuron %zu of layer %d at step %ld %s%s", l,
                 d.neuron, d.neuron, l, s->step, what, note);
    } else {
        int shown;
        size_t cols = nin;
        if (image) {
            shown = weights_tiles(&cv, s, l, width, height, max);
        } else {
            shown = weights_matrix(&cv, s, l, width, height, max, &cols);
        }
        if (cols < nin) {
            snprintf(note, sizeof note, ", inputs 1..%zu of %zu", cols, nin);
        }
        snprintf(out->title, sizeof out->title, "Weights w%d_j_k into layer %d at step %ld %s: %d of %zu neuron%s "
                 "shown%s%s", l, l, s->step, what, shown, n, n == 1 ? "" : "s", note,
                 (size_t)shown < n ? " (plot weights L J draws one)" : "");
    }
    weights_legend(out, max, (flags & PLOT_ASCII) != 0, s->digits);
    return grid_from_canvas(&cv, out, err, errlen);
}

/* ---- an example as an image ---- */

static const char *const greys[2][5] = {{" ", "░", "▒", "▓", "█"}, {" ", ".", ":", "*", "#"}};

int plot_input_image(session *s, const plot_sel *sel, plot_image *im, char *err, size_t errlen)
{
    plot_sel d;
    if (plot_sel_resolve(s, PLOT_INPUT, sel, &d, err, errlen) < 0) {
        return -1;
    }
    size_t i = d.example - 1;
    im->rows = s->data.shape_rows;
    im->cols = s->data.shape_cols;
    im->example = d.example;
    im->px = s->raw.x + i * s->raw.k;
    plot_input_range(s, &im->lo, &im->hi);
    size_t want = session_class_of(s, i);
    plot_class_name(s, want, im->cls, sizeof im->cls);
    im->says[0] = '\0';
    double *work = s->net.on ? malloc(2 * s->net.shape.units * sizeof *work) : NULL;
    if (work) {
        char pname[64];
        size_t pc = net_classify(&s->net.shape, s->net.p, &s->data.x[i * s->data.k], work);
        snprintf(im->says, sizeof im->says, "; the network says %s%s", plot_class_name(s, pc, pname, sizeof pname),
                 pc == want ? "" : " (wrong)");
        free(work);
    }
    return 0;
}

int plot_net_input(session *s, const plot_sel *sel, int width, int height, unsigned flags, plot_grid *out,
                   char *err, size_t errlen)
{
    plot_image im;
    if (plot_input_image(s, sel, &im, err, errlen) < 0) {
        return -1;
    }
    size_t R = im.rows, C = im.cols;
    double lo = im.lo, hi = im.hi;
    canvas cv;
    if (canvas_init(&cv, width, height, (flags & PLOT_ASCII) != 0) < 0) {
        snprintf(err, errlen, "plot: out of memory");
        return -1;
    }
    const char *const *grey = greys[(flags & PLOT_ASCII) != 0];
    img_fit f = fit_image(R, C, width, height, height);
    for (int r = 0; r < f.rows; r++) {
        for (int c = 0; c < f.cols; c++) {
            double v = im.px[fit_pixel(&f, R, C, r, c)];
            int q = v <= lo ? 0 : (int)ceil(4 * (v - lo) / (hi - lo));
            put_pixel(&cv, &f, 0, 0, r, c, grey[q < 0 ? 0 : q > 4 ? 4 : q], CANVAS_ROLE_NORMAL);
        }
    }
    snprintf(out->title, sizeof out->title, "Example %zu of %zu: class %s (%zux%zu pixels)%s%s", im.example, s->data.n,
             im.cls, R, C, im.says, f.rows < (int)R || f.cols < (int)C ? " (shrunk)" : "");
    char a[4][48];
    for (int q = 1; q <= 4; q++) {
        snprintf(a[q - 1], sizeof a[q - 1], "%.4g", lo + q * (hi - lo) / 4);
    }
    snprintf(out->legend, sizeof out->legend, "%s%s%s%s pixel value up to %s, %s, %s, %s; blank %.4g (raw values)",
             grey[1], grey[2], grey[3], grey[4], a[0], a[1], a[2], a[3], lo);
    return grid_from_canvas(&cv, out, err, errlen);
}

/* ---- a network's decision regions over (x1, x2) ---- */

/* [ascii][class % 8] */
static const char *const regions[2][8] = {{" ", "·", "░", ":", "▒", "+", "=", "~"},
                                          {" ", ".", ":", "=", "+", "~", "^", "'"}};
static const char *const marks[2][8] = {{"○", "●", "△", "▲", "◇", "◆", "▽", "▼"},
                                        {"o", "x", "v", "s", "z", "k", "m", "n"}};

/* The point at the centre of plot cell (r, c). */
static void cell_centre(const plot_frame *f, int r, int c, double pt[2])
{
    pt[0] = f->xlo + (f->xhi - f->xlo) * ((double)c + 0.5) / f->pw;
    pt[1] = f->yhi - (f->yhi - f->ylo) * ((double)r + 0.5) / f->ph;
}

/* Shades each plot cell with the region glyph of the class the network gives its centre. */
static void shade_regions(plot_frame *f, const session *s, double *work)
{
    const char *const *g = regions[f->cv.ascii != 0];
    for (int r = 0; r < f->ph; r++) {
        for (int c = 0; c < f->pw; c++) {
            double pt[2];
            cell_centre(f, r, c, pt);
            size_t cl = net_classify(&s->net.shape, s->net.p, pt, work);
            if (cl % 8) {
                canvas_background(&f->cv, f->px + c, r, g[cl % 8], CANVAS_ROLE_SHADE);
            }
        }
    }
}

/* Draws the line w1 x1 + w2 x2 + b = 0 of layer-2 neuron j: the dots whose side differs from the next
 * dot across or down (in ASCII the cells, with j's last digit), and j at its right-most dot. side
 * holds dxn * dyn bytes of work. Returns 1 when some dot is inside the square. */
static int neuron_line(plot_frame *f, const double w[2], double b, size_t j, unsigned char *side)
{
    for (int y = 0; y < f->dyn; y++) {
        for (int x = 0; x < f->dxn; x++) {
            double pt[2] = {canvas_unmap(x, f->xlo, f->xhi, f->dxn), canvas_unmap(f->dyn - 1 - y, f->ylo, f->yhi, f->dyn)};
            side[(size_t)y * (size_t)f->dxn + (size_t)x] = model_z(w, b, pt, 2) >= 0;
        }
    }
    char tag[24];
    snprintf(tag, sizeof tag, "%zu", j);
    int bx = -1, by = -1;
    for (int y = 0; y < f->dyn; y++) {
        for (int x = 0; x < f->dxn; x++) {
            unsigned char here = side[(size_t)y * (size_t)f->dxn + (size_t)x];
            if (!((x + 1 < f->dxn && side[(size_t)y * (size_t)f->dxn + (size_t)x + 1] != here) ||
                  (y + 1 < f->dyn && side[(size_t)(y + 1) * (size_t)f->dxn + (size_t)x] != here))) {
                continue;
            }
            if (f->cv.ascii) {
                canvas_text(&f->cv, f->px + x / f->cv.dx, y / f->cv.dy, tag + strlen(tag) - 1, CANVAS_ROLE_NORMAL);
            } else {
                plot_fdot(f, x, y, CANVAS_ROLE_NORMAL);
            }
            if (x > bx || (x == bx && y < by)) {
                bx = x;
                by = y;
            }
        }
    }
    if (bx >= 0) {
        int col = bx / f->cv.dx - (int)strlen(tag) + 1;
        canvas_text(&f->cv, f->px + (col < 0 ? 0 : col), by / f->cv.dy, tag, CANVAS_ROLE_LABEL);
    }
    return bx >= 0;
}

/* Marks every example by its class (a cell holding several classes with the mixed glyph), with a "!"
 * to the right of each one the network classifies wrong. Returns how many it gets wrong, or -1 when
 * out of memory. */
static long mark_examples(plot_frame *f, const session *s, double *work, int *mixed)
{
    size_t cells = (size_t)f->pw * (size_t)f->ph;
    long *cls = malloc(cells * sizeof *cls);
    unsigned char *flag = calloc(cells, 1);
    if (!cls || !flag) {
        free(cls);
        free(flag);
        return -1;
    }
    for (size_t c = 0; c < cells; c++) {
        cls[c] = -1;
    }
    long wrong = 0;
    for (size_t i = 0; i < s->data.n; i++) {
        const double *x = &s->data.x[i * 2];
        size_t want = session_class_of(s, i);
        int bad = net_classify(&s->net.shape, s->net.p, x, work) != want;
        wrong += bad;
        int px = plot_fx(f, x[0]), py = plot_fy(f, x[1]);
        if (px < 0 || py < 0) {
            continue;
        }
        size_t cell = (size_t)(py / f->cv.dy) * (size_t)f->pw + (size_t)(px / f->cv.dx);
        flag[cell] |= (unsigned char)((cls[cell] >= 0 && cls[cell] != (long)want ? 2 : 0) | bad);
        cls[cell] = (long)want;
    }
    *mixed = 0;
    for (size_t c = 0; c < cells; c++) {
        if (cls[c] < 0) {
            continue;
        }
        int r = (int)(c / (size_t)f->pw), col = (int)(c % (size_t)f->pw);
        const char *g = (flag[c] & 2) ? f->g->mixed : marks[f->cv.ascii != 0][cls[c] % 8];
        *mixed |= (flag[c] & 2) != 0;
        canvas_role role = (flag[c] & 1) ? CANVAS_ROLE_FOCUS : (cls[c] % 2) ? CANVAS_ROLE_POSITIVE : CANVAS_ROLE_NEGATIVE;
        canvas_text(&f->cv, f->px + col, r, g, role);
        if ((flag[c] & 1) && col + 1 < f->pw && cls[c + 1] < 0) {
            canvas_text(&f->cv, f->px + col + 1, r, "!", CANVAS_ROLE_FOCUS);
        }
    }
    free(cls);
    free(flag);
    return wrong;
}

/* The title and legend of the regions view: the classes' marks and regions, the wrong ones, the lines. */
static void regions_text(const plot_frame *f, const session *s, long wrong, int mixed, int lines, plot_grid *out)
{
    const net_shape *sh = &s->net.shape;
    size_t n2 = sh->size[2], ncls = plot_class_count(s);
    char sizes[96] = "";
    for (int l = 1, o = 0; l <= sh->L && o < (int)sizeof sizes - 8; l++) {
        o += snprintf(sizes + o, sizeof sizes - (size_t)o, "%s%zu", l > 1 ? "-" : "", sh->size[l]);
    }
    snprintf(out->title, sizeof out->title, "Regions by class of the %s network at step %ld (%zu/%zu right); lines: "
             "%s neurons 1-%zu (w2_j_1 x1 + w2_j_2 x2 + b2_j = 0)", sizes, s->step, s->data.n - (size_t)wrong,
             s->data.n, sh->L > 2 ? "hidden" : "output", n2);
    size_t o = 0;
    for (size_t c = 0; c < ncls && c < 8 && o < sizeof out->legend - 64; c++) {
        char nm[64];
        const char *rg = regions[f->cv.ascii != 0][c];
        o += (size_t)snprintf(out->legend + o, sizeof out->legend - o, "%s %s (region %s)  ",
                              marks[f->cv.ascii != 0][c], plot_class_name(s, c, nm, sizeof nm),
                              c ? rg : "blank");
    }
    if (o < sizeof out->legend - 64) {
        o += (size_t)snprintf(out->legend + o, sizeof out->legend - o, "! wrong: %ld%s  lines numbered by neuron j (1-%zu)%s", wrong,
                              mixed ? (f->cv.ascii ? "  % both" : "  ◐ both") : "", n2,
                              lines < (int)n2 ? " (some outside this square)" : "");
    }
    if (s->scale == SESSION_SCALE_STANDARDIZE && o < sizeof out->legend - 24) {
        snprintf(out->legend + o, sizeof out->legend - o, "; inputs standardized");
    }
}

int plot_net_boundary(session *s, int width, int height, unsigned flags, plot_grid *out, char *err, size_t errlen)
{
    plot_frame f;
    if (plot_plane_frame(s, width, height, flags, &f, err, errlen) < 0) {
        return -1;
    }
    double *work = malloc(2 * s->net.shape.units * sizeof *work);
    unsigned char *side = malloc((size_t)f.dxn * (size_t)f.dyn);
    long wrong = -1;
    int mixed = 0, lines = 0;
    if (work && side) {
        shade_regions(&f, s, work);
        for (size_t j = 1; j <= s->net.shape.size[2]; j++) {
            double w[2] = {plot_net_weight(s, 2, j, 1), plot_net_weight(s, 2, j, 2)};
            lines += neuron_line(&f, w, plot_net_bias(s, 2, j), j, side);
        }
        wrong = mark_examples(&f, s, work, &mixed);
    }
    free(work);
    free(side);
    if (wrong < 0) {
        plot_frame_finish(&f, out, err, errlen);
        plot_grid_free(out);
        snprintf(err, errlen, "plot: out of memory");
        return -1;
    }
    plot_plane_xlabels(&f, width);
    regions_text(&f, s, wrong, mixed, lines, out);
    return plot_frame_finish(&f, out, err, errlen);
}
