/* pane_network.c: the Network pane: the layers as columns of neurons with a^l_j and δ^l_j of the focused example, and the focused weight drawn as the link between its two neurons. */
#include "tui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_net.h"
#include "fmt.h"
#include "net.h"
#include "xmem.h"

enum { GAP_MIN = 2, GAP_MAX = 10 };

/* One layer drawn as a column: which neurons show and where. */
typedef struct {
    int l;            /* the layer */
    size_t first;     /* the first neuron shown (0-based) */
    size_t shown;     /* how many neurons show */
    size_t focus;     /* the focused neuron (0-based), or (size_t)-1 */
    int marks;        /* 1: a line above and below says how many neurons are not shown */
    int x, w;         /* the column's place and width */
    int y0;           /* the line of the first line drawn */
} ncol;

/* What the pane draws from: the focused example's a and δ, the focused parameter's place. */
typedef struct {
    const double *x, *a, *d;   /* inputs of the example, a and delta of layers 2..L */
    int fl;                    /* layer of the focused parameter */
    size_t fj, fk;             /* its neuron j and input k (k = 0: a bias), from 1 */
    int hh;                    /* lines per neuron: 2 (a over δ) or 1 (side by side) */
} nview;

size_t tui_net_focus(const session *s, int *l, size_t *j, size_t *k)
{
    const net_shape *sh = &s->net.shape;
    size_t i = s->focus_j < sh->nparams ? s->focus_j : net_w_index(sh, sh->L, 1, 1);
    net_param_place(sh, i, l, j, k);
    return i;
}

/* The text of neuron q (0-based) of layer l, line `line` (0 or 1) in view v. */
static void neuron_text(const tui *t, const nview *v, int l, size_t q, int line, char *buf, size_t len)
{
    const net_shape *sh = &t->app->s.net.shape;
    const char *dl = t->g->ascii ? "d" : "δ";
    char a[32], d[32];
    if (l == 1) {
        fmt_num(a, sizeof a, v->x[q], t->digits, FMT_SIGN);
        snprintf(buf, len, line == 0 ? "x%zu %s" : "", q + 1, a);
        return;
    }
    fmt_num(a, sizeof a, v->a[sh->uoff[l] + q], t->digits, FMT_SIGN);
    fmt_num(d, sizeof d, v->d[sh->uoff[l] + q], t->digits, FMT_SIGN);
    int lw = snprintf(NULL, 0, "%zu", sh->size[l]);
    if (v->hh == 1) {
        snprintf(buf, len, "%*zu a%s %s%s", lw, q + 1, a, dl, d);
    } else if (line == 0) {
        snprintf(buf, len, "%*zu a%s", lw, q + 1, a);
    } else {
        snprintf(buf, len, "%*s %s%s", lw, "", dl, d);
    }
}

/* Which neurons of column c show in `slots` lines: all, or a window around the focused one with a
 * line above and below that counts the others. */
static void column_rows(const tui *t, const nview *v, ncol *c, int slots)
{
    size_t n = t->app->s.net.shape.size[c->l];
    size_t fit = slots > 0 ? (size_t)(slots / v->hh) : 0;
    c->marks = n > fit && slots >= 2 + v->hh;
    c->shown = n <= fit ? n : (c->marks ? (size_t)((slots - 2) / v->hh) : fit);
    size_t f = c->focus != (size_t)-1 ? c->focus : 0;
    c->first = f > c->shown / 2 ? f - c->shown / 2 : 0;
    if (c->first + c->shown > n) {
        c->first = n - c->shown;
    }
    int used = (int)c->shown * v->hh + 2 * c->marks;
    c->y0 = 2 + (slots - used > 0 ? (slots - used) / 2 : 0);
}

/* The widest text of column c's neurons shown, and of its header. */
static int column_width(const tui *t, const nview *v, const ncol *c)
{
    char buf[96];
    snprintf(buf, sizeof buf, "layer %d", c->l);
    int w = text_width(buf, 0);
    for (size_t q = c->first; q < c->first + c->shown; q++) {
        for (int line = 0; line < v->hh; line++) {
            neuron_text(t, v, c->l, q, line, buf, sizeof buf);
            int tw = text_width(buf, 0) + 1;  /* a column for the focus marker */
            w = tw > w ? tw : w;
        }
    }
    return w;
}

/* The line of neuron q's first line in column c. */
static int neuron_y(const ncol *c, size_t q, int hh)
{
    return c->y0 + c->marks + (int)(q - c->first) * hh;
}

/* Lays out the columns of the layers lo..hi (inclusive) in W columns; returns the total width. */
static int place_columns(const tui *t, const nview *v, ncol *cols, int lo, int hi, int slots, int W)
{
    int sum = 0, n = hi - lo + 1;
    for (int l = lo; l <= hi; l++) {
        ncol *c = &cols[l - lo];
        c->l = l;
        c->focus = (size_t)-1;
        if (l == v->fl) {
            c->focus = v->fj - 1;
        } else if (l == v->fl - 1 && v->fk > 0) {
            c->focus = v->fk - 1;
        }
        column_rows(t, v, c, slots);
        c->w = column_width(t, v, c);
        sum += c->w;
    }
    int gap = n > 1 ? (W - sum) / (n - 1) : 0;
    gap = gap > GAP_MAX ? GAP_MAX : gap;
    int total = sum + (n - 1) * gap;
    int x = 1 + (W - total > 0 ? (W - total) / 2 : 0);
    for (int i = 0; i < n; i++) {
        cols[i].x = x;
        x += cols[i].w + gap;
    }
    return n > 1 && gap < GAP_MIN ? W + 1 : total;
}

/* The layers lo..hi that fit in W columns and include the focused layer and the one below it. */
static int choose_layers(const tui *t, const nview *v, ncol *cols, int slots, int W, int *lo, int *hi)
{
    int L = t->app->s.net.shape.L;
    *lo = v->fl - 1;
    *hi = v->fl;
    /* widen toward the output first, then toward the input, while it fits */
    for (int grown = 1; grown;) {
        grown = 0;
        if (*hi < L && place_columns(t, v, cols, *lo, *hi + 1, slots, W) <= W) {
            (*hi)++;
            grown = 1;
        }
        if (*lo > 1 && place_columns(t, v, cols, *lo - 1, *hi, slots, W) <= W) {
            (*lo)--;
            grown = 1;
        }
    }
    return place_columns(t, v, cols, *lo, *hi, slots, W);
}

/* Draws column c: its header, its neurons (the focused one marked) and the counts of those not shown. */
static void draw_column(tui *t, WINDOW *w, const nview *v, const ncol *c)
{
    size_t n = t->app->s.net.shape.size[c->l];
    char buf[96];
    snprintf(buf, sizeof buf, "layer %d", c->l);
    tui_put(w, 1, c->x, c->w, buf, tui_attr(t, TUI_R_HEADER));
    if (c->marks) {
        snprintf(buf, sizeof buf, "%s %zu more", t->g->more_up, c->first);
        tui_put(w, c->y0, c->x, c->w, c->first ? buf : "", tui_attr(t, TUI_R_DIM));
        size_t below = n - c->first - c->shown;
        snprintf(buf, sizeof buf, "%s %zu more", t->g->more_down, below);
        int yb = c->y0 + 1 + (int)c->shown * v->hh;
        tui_put(w, yb, c->x, c->w, below ? buf : "", tui_attr(t, TUI_R_DIM));
    }
    for (size_t q = c->first; q < c->first + c->shown; q++) {
        int focused = q == c->focus;
        attr_t at = focused ? tui_attr(t, TUI_R_FOCUS) : A_NORMAL;
        int y = neuron_y(c, q, v->hh);
        for (int line = 0; line < v->hh; line++) {
            neuron_text(t, v, c->l, q, line, buf, sizeof buf);
            if (line == 0) {
                tui_put(w, y, c->x, 1, focused ? t->g->focus : " ", at);
            }
            tui_put(w, y + line, c->x + 1, c->w - 1, buf, at);
        }
    }
}

/* The focused weight's link: from neuron k of the left column to neuron j of the right one, along
 * the gap between them (across, down or up, across, and an arrow head). */
static void draw_link(tui *t, WINDOW *w, const nview *v, const ncol *from, const ncol *to)
{
    const int ascii = t->g->ascii;
    attr_t at = tui_attr(t, TUI_R_FOCUS) | A_BOLD;
    int y1 = neuron_y(from, v->fk - 1, v->hh), y2 = neuron_y(to, v->fj - 1, v->hh);
    int xs = from->x + from->w, xe = to->x - 1, xm = (xs + xe) / 2;
    for (int x = xs; x < xe; x++) {
        int y = x < xm ? y1 : y2;
        tui_put(w, y, x, 1, ascii ? "-" : "─", at);
    }
    if (y1 != y2) {
        for (int y = (y1 < y2 ? y1 : y2) + 1; y < (y1 < y2 ? y2 : y1); y++) {
            tui_put(w, y, xm, 1, ascii ? "|" : "│", at);
        }
        tui_put(w, y1, xm, 1, ascii ? "+" : (y2 > y1 ? "╮" : "╯"), at);
        tui_put(w, y2, xm, 1, ascii ? "+" : (y2 > y1 ? "╰" : "╭"), at);
    }
    tui_put(w, y2, xe, 1, ascii ? ">" : "▶", at);
}

/* The caption: what the focused parameter is and where it sits (shorter when the pane is narrow). */
static void draw_legend(tui *t, WINDOW *w, int y, int W, const nview *v, size_t idx)
{
    session *s = &t->app->s;
    char name[32], val[32], from[32], line[256];
    session_param_name(s, idx, name, sizeof name);
    fmt_num(val, sizeof val, session_param(s, idx), t->digits, FMT_SIGN);
    if (v->fl == 2) {
        snprintf(from, sizeof from, "x%zu", v->fk);
    } else {
        snprintf(from, sizeof from, "a%d_%zu", v->fl - 1, v->fk);
    }
    if (v->fk == 0) {
        snprintf(line, sizeof line, "%s = %s: the bias of neuron %zu of layer %d", name, val, v->fj, v->fl);
    } else {
        snprintf(line, sizeof line, "%s = %s: the link from %s to neuron %zu of layer %d", name, val, from, v->fj,
                 v->fl);
    }
    if (text_width(line, 0) > W - 4 && v->fk == 0) {
        snprintf(line, sizeof line, "%s = %s: bias of neuron %d_%zu", name, val, v->fl, v->fj);
    } else if (text_width(line, 0) > W - 4) {
        snprintf(line, sizeof line, "%s = %s: %s %s %d_%zu", name, val, from, t->g->ascii ? "->" : "→", v->fl, v->fj);
    }
    /* on the bottom border, as a caption of the link drawn above it */
    int x = 1 + tui_put(w, y, 1, 1, " ", A_NORMAL);
    x += tui_put(w, y, x, W - 4, line, tui_attr(t, TUI_R_FOCUS));
    tui_put(w, y, x, 1, " ", A_NORMAL);
}

/* The pane's title: the network, the example and what the numbers are. */
static void draw_title(tui *t, WINDOW *w, int lo, int hi)
{
    session *s = &t->app->s;
    char sizes[64], title[192], right[64] = "";
    cmd_net_sizes(s, sizes, sizeof sizes);
    if (lo > 1 || hi < s->net.shape.L) {
        snprintf(right, sizeof right, "layers %d-%d of %d", lo, hi, s->net.shape.L);
    }
    snprintf(title, sizeof title, "Network %s: a (forward) and %s (backward) of example %zu", sizes,
             t->g->ascii ? "d = delta" : "δ", s->focus_i + 1);
    if (text_width(title, 0) > getmaxx(w) - 4 - (*right ? 20 : 0)) {
        snprintf(title, sizeof title, "Network %s: a and %s of example %zu", sizes, t->g->ascii ? "d=delta" : "δ",
                 s->focus_i + 1);
    }
    if (text_width(title, 0) > getmaxx(w) - 4 - (*right ? 20 : 0)) {
        snprintf(title, sizeof title, "Network: a, %s of example %zu", t->g->ascii ? "d=delta" : "δ", s->focus_i + 1);
    }
    if (text_width(title, 0) > getmaxx(w) - 4 - (*right ? 20 : 0)) {
        snprintf(title, sizeof title, "a, %s: example %zu", t->g->ascii ? "d" : "δ", s->focus_i + 1);
    }
    tui_box(t, w, title, right, 0);
}

int tui_net_pane_start(tui *t, int pane, const char *title, const char *single)
{
    WINDOW *w = t->win[pane];
    werase(w);
    if (t->app->s.net.on) {
        return 1;
    }
    tui_box(t, w, title, "", 0);
    tui_put(w, 1, 1, getmaxx(w) - 2, single, tui_attr(t, TUI_R_DIM));
    return 0;
}

void pane_network_draw(tui *t)
{
    WINDOW *w = t->win[TUI_NETWORK];
    session *s = &t->app->s;
    const net_shape *sh = &s->net.shape;
    int H, W;
    getmaxyx(w, H, W);
    if (!tui_net_pane_start(t, TUI_NETWORK, "Network", "one neuron: set hidden 2 makes a network")) {
        return;
    }
    nview v = {0};
    size_t idx = tui_net_focus(s, &v.fl, &v.fj, &v.fk);
    size_t i = s->focus_i < s->data.n ? s->focus_i : 0;
    double *ad = xcalloc(2 * sh->units, sizeof *ad);
    session_net_example(s, i, NULL, ad, ad + sh->units);
    v.x = s->data.x + i * s->data.k;
    v.a = ad;
    v.d = ad + sh->units;
    int slots = H - 3;  /* under the header line (the legend stands on the bottom border) */
    size_t widest = 0;
    for (int l = 1; l <= sh->L; l++) {
        widest = sh->size[l] > widest ? sh->size[l] : widest;
    }
    ncol cols[NET_MAX_LAYERS];
    int lo = 1, hi = sh->L;
    /* a over δ when every neuron fits so; else side by side when that shows as many layers */
    v.hh = 2;
    int total = choose_layers(t, &v, cols, slots, W - 2, &lo, &hi);
    if ((int)widest * 2 > slots) {
        int lo1, hi1;
        v.hh = 1;
        int total1 = choose_layers(t, &v, cols, slots, W - 2, &lo1, &hi1);
        if (total1 > W - 2 || hi1 - lo1 < hi - lo) {
            v.hh = 2;
        } else {
            lo = lo1;
            hi = hi1;
        }
        total = choose_layers(t, &v, cols, slots, W - 2, &lo, &hi);
    }
    draw_title(t, w, lo, hi);
    if (slots >= 1 && total <= W - 2) {
        for (int l = lo; l <= hi; l++) {
            draw_column(t, w, &v, &cols[l - lo]);
        }
        if (v.fk > 0) {
            draw_link(t, w, &v, &cols[v.fl - 1 - lo], &cols[v.fl - lo]);
        }
    } else if (H > 2) {
        tui_put(w, 1, 1, W - 2, "too narrow to draw the layers: zoom network shows them", tui_attr(t, TUI_R_DIM));
    }
    if (H > 2) {
        draw_legend(t, w, H - 1, W, &v, idx);
    }
    free(ad);
}

void pane_network_need(tui *t, int *rows, int *cols)
{
    const net_shape *sh = &t->app->s.net.shape;
    size_t widest = 0;
    int width = 0;
    for (int l = 1; l <= sh->L; l++) {
        widest = sh->size[l] > widest ? sh->size[l] : widest;
        int label = snprintf(NULL, 0, "%zu", sh->size[l]);
        width += label + 6 + t->digits + (l > 1 ? GAP_MIN : 0);
    }
    *rows = 3 + 2 * (int)(widest > 12 ? 12 : widest);
    *cols = width + 2;
}
