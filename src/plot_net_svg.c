/* plot_net_svg.c: the network views as self-contained SVG (`save plot boundary|weights|input`): a
 * network's decision regions and layer-2 lines, weights as heat maps, an example as an image. */
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "model.h"
#include "net.h"
#include "plot_int.h"

/* Weight v's colour on a scale whose largest |w| is max: white at 0, towards blue for w > 0 and red
 * for w < 0, full at |w| = max. */
static void weight_colour(double v, double max, char buf[8])
{
    static const int pos[3] = {0x1f, 0x5f, 0xa8}, neg[3] = {0xc0, 0x39, 0x2b};
    double t = max > 0 && isfinite(v) ? fabs(v) / max : 0;
    t = t > 1 ? 1 : t;
    const int *c = v > 0 ? pos : neg;
    int rgb[3];
    for (int q = 0; q < 3; q++) {
        rgb[q] = (int)lround(255 - t * (255 - c[q]));
    }
    snprintf(buf, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

/* One weight's cell: a rectangle of its colour with its name and value as a tooltip. */
static void svg_weight_cell(strbuf *out, const session *s, int l, size_t j, size_t k, double x, double y, double w,
                            double h, double max)
{
    double v = plot_net_weight(s, l, j, k);
    char col[8], num[48];
    weight_colour(v, max, col);
    sb_printf(out, "<rect class=\"weight\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\">"
                   "<title>w%d_%zu_%zu = %s</title></rect>\n", x, y, w, h, col, l, j, k,
              fmt_num(num, sizeof num, v, s->digits, FMT_SIGN));
}

/* Neuron j's weights of layer l at (x, y): an image of px-pixel squares, or a row of cells w x h. */
static void svg_neuron(strbuf *out, const session *s, int l, size_t j, double x, double y, double cw, double ch,
                       double max)
{
    size_t nin = plot_net_size(s, l - 1), C = plot_net_is_image(s, l) ? s->data.shape_cols : nin;
    for (size_t k = 1; k <= nin; k++) {
        size_t r = (k - 1) / C, c = (k - 1) % C;
        svg_weight_cell(out, s, l, j, k, x + (double)c * cw, y + (double)r * ch, cw, ch, max);
    }
    sb_printf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"none\" stroke=\"#888888\"/>\n",
              x, y, (double)C * cw, (double)((nin + C - 1) / C) * ch);
}

/* The colour scale at (x, y): nine swatches from +max down to -max with their values. */
static void svg_weight_scale(strbuf *out, double x, double y, double max, int digits)
{
    sb_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#222222\">weight w</text>\n", x, y - 8);
    for (int i = 0; i < 9; i++) {
        double v = (4 - i) * max / 4;
        char col[8], num[48];
        weight_colour(v, max, col);
        sb_printf(out, "<rect class=\"scale\" x=\"%.1f\" y=\"%.1f\" width=\"22\" height=\"16\" fill=\"%s\" "
                       "stroke=\"#bbbbbb\"/>\n<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\" font-size=\"12\" "
                       "fill=\"#222222\">%s</text>\n", x, y + 16 * i, col, x + 28, y + 16 * i + 8,
                  fmt_num(num, sizeof num, v, digits, i == 4 ? 0 : FMT_SIGN));
    }
}

int plot_svg_weights(session *s, const plot_sel *sel, strbuf *out, char *err, size_t errlen)
{
    plot_sel d;
    if (plot_sel_resolve(s, PLOT_WEIGHTS, sel, &d, err, errlen) < 0) {
        return -1;
    }
    int l = d.layer, image = plot_net_is_image(s, l);
    size_t n = plot_net_size(s, l), nin = plot_net_size(s, l - 1), j0 = d.neuron ? d.neuron : 1,
           j1 = d.neuron ? d.neuron : n;
    size_t C = image ? s->data.shape_cols : nin, R = image ? s->data.shape_rows : 1;
    double max = plot_net_weight_max(s, l, j0, j1);
    /* image tiles of about 96 pixels (320 for one neuron); rows of weights 640 wide (one per neuron) */
    double cw = image ? (d.neuron ? 320.0 : 96.0) / (double)(R > C ? R : C) : 640.0 / (double)nin;
    cw = cw > 40 ? 40 : cw < 2 ? 2 : cw;
    double ch = image ? cw : (d.neuron ? 40 : cw < 8 ? 8 : cw > 24 ? 24 : cw);
    size_t across = image && !d.neuron ? (n < 8 ? n : 8) : 1, count = j1 - j0 + 1;
    size_t down = (count + across - 1) / across;
    double tw = (double)C * cw, th = (double)R * ch;
    int W = (int)(60 + (double)across * (tw + 20) + 150), H = (int)(80 + (double)down * (th + 22) + 30);
    W = W < 520 ? 520 : W;
    H = H < 260 ? 260 : H;
    char title[200];
    snprintf(title, sizeof title, "Weights into %s%zu of layer %d at step %ld%s", d.neuron ? "neuron " : "",
             d.neuron ? d.neuron : n, l, s->step, d.neuron ? "" : " neurons");
    if (!d.neuron) {
        snprintf(title, sizeof title, "Weights into the %zu neuron%s of layer %d at step %ld", n, n == 1 ? "" : "s", l,
                 s->step);
    }
    plot_svg_begin(out, title, W, H);
    sb_printf(out, "<text x=\"%d\" y=\"46\" text-anchor=\"middle\" font-size=\"12\" fill=\"#555555\">", W / 2);
    if (image) {
        sb_printf(out, "each neuron j's weights w%d_j_k drawn as an image of %zux%zu pixels: pixel k, row by row", l, R, C);
    } else {
        sb_printf(out, "not pixels: row j holds neuron j's weights w%d_j_k, k = neuron k of layer %d", l, l - 1);
    }
    sb_puts(out, "</text>\n");
    for (size_t t = 0; t < count; t++) {
        double x = 40 + (double)(t % across) * (tw + 20), y = 80 + (double)(t / across) * (th + 22);
        sb_printf(out, "<text class=\"neuron\" x=\"%.2f\" y=\"%.2f\" font-size=\"12\" fill=\"#222222\">j=%zu</text>\n",
                  x, y - 5, j0 + t);
        svg_neuron(out, s, l, j0 + t, x + (image ? 0 : 0), y, cw, image ? ch : ch, max);
    }
    svg_weight_scale(out, W - 120, 80, max, s->digits);
    sb_puts(out, "</svg>\n");
    return 0;
}

int plot_svg_input(session *s, const plot_sel *sel, strbuf *out, char *err, size_t errlen)
{
    plot_image im;
    if (plot_input_image(s, sel, &im, err, errlen) < 0) {
        return -1;
    }
    size_t R = im.rows, C = im.cols;
    double lo = im.lo, hi = im.hi;
    double ps = 320.0 / (double)(R > C ? R : C);
    ps = ps < 2 ? 2 : ps;
    int W = (int)((double)C * ps + 260), H = (int)((double)R * ps + 110);
    W = W < 520 ? 520 : W;
    char title[256];
    snprintf(title, sizeof title, "Example %zu of %zu: class %s%s", im.example, s->data.n, im.cls, im.says);
    plot_svg_begin(out, title, W, H);
    for (size_t p = 0; p < R * C; p++) {
        double v = im.px[p];
        int g = (int)lround(255 * (1 - (v - lo) / (hi - lo)));
        g = g < 0 ? 0 : g > 255 ? 255 : g;
        char num[48];
        sb_printf(out, "<rect class=\"pixel\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#%02x%02x%02x\">"
                       "<title>x%zu = %s</title></rect>\n", 40 + (double)(p % C) * ps, 60 + (double)(p / C) * ps, ps, ps,
                  g, g, g, p + 1, fmt_exact(num, sizeof num, v));
    }
    sb_printf(out, "<rect x=\"40\" y=\"60\" width=\"%.2f\" height=\"%.2f\" fill=\"none\" stroke=\"#888888\"/>\n",
              (double)C * ps, (double)R * ps);
    double x = 40 + (double)C * ps + 30;
    char a[48], b[48];
    snprintf(a, sizeof a, "%.4g", lo);
    snprintf(b, sizeof b, "%.4g", hi);
    sb_printf(out, "<rect class=\"scale\" x=\"%.1f\" y=\"60\" width=\"22\" height=\"16\" fill=\"#000000\"/>\n"
                   "<text x=\"%.1f\" y=\"68\" dominant-baseline=\"middle\" font-size=\"12\">%s (black)</text>\n"
                   "<rect class=\"scale\" x=\"%.1f\" y=\"84\" width=\"22\" height=\"16\" fill=\"#ffffff\" stroke=\"#bbbbbb\"/>\n"
                   "<text x=\"%.1f\" y=\"92\" dominant-baseline=\"middle\" font-size=\"12\">%s (white)</text>\n"
                   "<text x=\"%.1f\" y=\"120\" font-size=\"12\" fill=\"#555555\">%zux%zu pixels, raw values</text>\n",
              x, x + 28, b, x, x + 28, a, x, R, C);
    sb_puts(out, "</svg>\n");
    return 0;
}
