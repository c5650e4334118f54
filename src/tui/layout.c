/* layout.c: places the panes from the terminal size, so that 80x24 shows one whole update and larger terminals show more. */
#include "tui_int.h"

#include <string.h>

#include "explain.h"
#include "explain_net.h"

enum { MIN_COLS = 80, MIN_LINES = 24 };

static void set_rect(tui *t, int id, int y, int x, int h, int w)
{
    if (h <= 0 || w <= 0) {
        h = w = 0;
    }
    t->rect[id] = (tui_rect){y, x, h, w};
}

/* Creates or moves each pane's window to its rectangle; hidden panes lose their window. */
static void apply(tui *t)
{
    for (int id = 0; id < TUI_NPANES; id++) {
        tui_rect r = t->rect[id];
        if (t->win[id]) {
            delwin(t->win[id]);
            t->win[id] = NULL;
        }
        if (r.h > 0 && r.w > 0) {
            t->win[id] = newwin(r.h, r.w, r.y, r.x);
            if (t->win[id]) {
                keypad(t->win[id], TRUE);
                leaveok(t->win[id], id == TUI_CMD ? FALSE : TRUE);
            }
        }
    }
}

/* Rows a pane wants below a lesson: its content and borders. */
static int lesson_side_need(tui *t, int id)
{
    const session *s = &t->app->s;
    size_t n = s->data.n, k = s->data.k;
    switch (id) {
    case TUI_DATA: return (int)(n > 40 ? 40 : n) + 3;
    case TUI_PARAMS: return (int)(k > 40 ? 40 : k) + 1 + 3;
    case TUI_FORMULA: return 9;
    default: return 9;  /* a plot: 4 rows of curve (16 dots), its axis and labels, the border */
    }
}

/* Small screens during a lesson: the Lesson pane across the whole width on top, so that a page is
 * read with one PgDn at most, and below it the pane the page talks about (with the Parameters
 * beside it when they fit): the Plot when the page names none. */
static void lesson_layout(tui *t, int y0, int avail, int W, int digits)
{
    int first;
    pane_lesson_named(t, &first);
    if (first < 0 || first == TUI_PARAMS) {
        first = TUI_PLOT;
    }
    if ((first == TUI_NETWORK || first == TUI_WEIGHTS) && !t->app->s.net.on) {
        first = TUI_PLOT;  /* the network's panes need a network */
    }
    int pw = pane_params_width(t, digits);
    if (pw < t->last_key.params_w) {
        pw = t->last_key.params_w;  /* the width it has grown to (tui.c's layout key) */
    }
    int side = -1, side_w = 0;  /* the companion pane left of the named one */
    if (first == TUI_PLOT && W - pw >= 40) {
        side = TUI_PARAMS;
        side_w = pw;
    } else if (first == TUI_DATA && pane_data_width(t, digits) + 2 + pw <= W) {
        side = TUI_PARAMS;
        side_w = pw;
    }
    int need = lesson_side_need(t, first);
    if (side >= 0 && lesson_side_need(t, side) > need) {
        need = lesson_side_need(t, side);
    }
    int cap = avail * 9 / 20;
    int bh = need < cap ? need : cap;
    if (bh < 5) {
        bh = 5;
    }
    int lh = avail - bh;
    /* a long page takes rows from the pane below, down to 6 (a plot's smallest with a border),
     * so that it is read with one PgDn at most */
    int most = avail - 6;
    if (lh < most && pane_lesson_lines(t, W, lh - 2) > 2 * (lh - 2) - 1) {
        int want = lh;
        while (want < most && pane_lesson_lines(t, W, want - 2) > 2 * (want - 2) - 1) {
            want++;
        }
        lh = want;
        bh = avail - lh;
    }
    set_rect(t, TUI_LESSON, y0, 0, lh, W);
    if (side >= 0) {
        set_rect(t, side, y0 + lh, 0, bh, side_w);
    }
    set_rect(t, first, y0 + lh, side_w, bh, W - side_w);
}

/* Rows the Formula pane would like: more on taller screens, but no more than the explanation
 * needs (with a spare line for micro-steps). */
static int formula_rows_wanted(tui *t, int H, int W)
{
    session *s = &t->app->s;
    int want = 7 + (H - MIN_LINES) / 5;
    if (want > 14) {
        want = 14;
    }
    strbuf sb = {0};
    explain_formula_pane(s, s->focus_j, W - 4, 100, &sb);
    int lines = 0;
    for (const char *p = sb_str(&sb); *p; p++) {
        lines += *p == '\n';
    }
    sb_free(&sb);
    if (lines + 3 < want) {
        want = lines + 3 > 7 ? lines + 3 : 7;
    }
    return want;
}

/* Splits avail rows into the top panes (up to need rows, at most about half on a tall screen),
 * the Formula pane (up to formula_want) and the bottom panes (at least 6; after `plot`, while
 * plot_boost lasts, the plot gets room from the Formula pane). */
static void split_rows(const tui *t, int avail, int need, int H, int formula_want, int *top, int *fh, int *bh)
{
    int bottom_min = t->plot_boost ? (H >= 30 ? 14 : 9) : 6;
    int formula_min = t->plot_boost ? 4 : 7;
    int top_max = avail - formula_min - bottom_min;
    int half = avail / 2;
    if (H > MIN_LINES && top_max > half) {
        top_max = half > 7 ? half : 7;
    }
    *top = need < top_max ? need : top_max;
    if (*top < 5) {
        *top = 5;
    }
    int rest = avail - *top;
    *fh = formula_want < rest - bottom_min ? formula_want : rest - bottom_min;
    *bh = rest - *fh;
}

/* Data, then Formula, then Parameters beside the Plot (or the Lesson). */
static void layout_stacked(tui *t, int y0, int W, int pw, int top, int fh, int bh)
{
    set_rect(t, TUI_DATA, y0, 0, top, W);
    set_rect(t, TUI_FORMULA, y0 + top, 0, fh, W);
    int by = y0 + top + fh;
    int pwid = pw < W / 2 ? pw : W / 2;
    set_rect(t, TUI_PARAMS, by, 0, bh, pwid);
    int rx = pwid, rw = W - pwid;
    set_rect(t, t->app->lesson ? TUI_LESSON : TUI_PLOT, by, rx, bh, rw);
}

/* Data and Parameters side by side on top, the Formula under them, the plots (or the plot and
 * the lesson) at the bottom. */
static void layout_side(tui *t, int y0, int W, int pw, int digits, int top, int fh, int bh)
{
    set_rect(t, TUI_FORMULA, y0 + top, 0, fh, W);
    int by = y0 + top + fh;
    /* Wide terminals with narrow data: the spare columns right of the Parameters hold the
     * second plot (or the lesson) instead of blank space inside the Data pane. */
    int dw_now = pane_data_width(t, digits) + 4;  /* room for values that grow while training */
    int spare = W - pw - dw_now;
    if (spare >= 44 && top >= 10) {
        set_rect(t, TUI_DATA, y0, 0, top, dw_now);
        set_rect(t, TUI_PARAMS, y0, dw_now, top, pw);
        set_rect(t, t->app->lesson ? TUI_LESSON : TUI_PLOT2, y0, dw_now + pw, top, spare);
        set_rect(t, TUI_PLOT, by, 0, bh, W);
        return;
    }
    set_rect(t, TUI_DATA, y0, 0, top, W - pw);
    set_rect(t, TUI_PARAMS, y0, W - pw, top, pw);
    if (t->app->lesson) {
        int lw = W / 2 > 60 ? W / 2 : (W - 40 > 60 ? 60 : W - 40);
        set_rect(t, TUI_PLOT, by, 0, bh, W - lw);
        set_rect(t, TUI_LESSON, by, W - lw, bh, lw);
    } else if (W >= 150) {
        set_rect(t, TUI_PLOT, by, 0, bh, W / 2);
        set_rect(t, TUI_PLOT2, by, W / 2, bh, W - W / 2);
    } else {
        set_rect(t, TUI_PLOT, by, 0, bh, W);
    }
}

/* Rows the network's Formula pane would like: its explanation's lines and the border, 6 to 14. */
static int net_formula_rows(tui *t, int W)
{
    session *s = &t->app->s;
    int l;
    size_t j, k;
    strbuf sb = {0};
    char err[256];
    int lines = 4;
    if (explain_net_pane(s, tui_net_focus(s, &l, &j, &k), W - 4, 12, &sb, err, sizeof err) == 0) {
        lines = 0;
        for (const char *p = sb_str(&sb); *p; p++) {
            lines += *p == '\n';
        }
    }
    sb_free(&sb);
    lines += 2;
    return lines < 6 ? 6 : (lines > 14 ? 14 : lines);
}

/* The width of the network's Data pane: number, target, the outputs (up to ten), predicted class, C_x. */
static int net_data_width(const tui *t, int digits)
{
    const net_shape *sh = &t->app->s.net.shape;
    size_t m = sh->size[sh->L];
    int shown = (int)(m > 10 ? 10 : m);
    int rows = 1 + 5 + 9 + shown * (digits + 3) + 11 + digits + 2 + 1;
    int head = 1 + 15 + shown * (digits + 4) + (m > 10 ? 3 : 0) + 15 + 1;
    return (rows > head ? rows : head) + 1;  /* a spare column for values that grow */
}

/* Network mode from 150 columns: Data, Network and Weights on top when they fit (the Weights pane
 * needs 50 columns), the Parameters list and both plots at the bottom; else the Weights pane takes
 * the Parameters list's place at the bottom. */
static void layout_net_wide(tui *t, int y0, int top, int by, int bh, int W, int dw, int nc, int wc)
{
    int rest = W - dw;
    int bx = 0;
    set_rect(t, TUI_DATA, y0, 0, top, dw);
    if (rest >= nc + 50) {
        int nw = nc > rest / 2 ? nc : rest / 2;
        set_rect(t, TUI_NETWORK, y0, dw, top, nw);
        set_rect(t, TUI_WEIGHTS, y0, dw + nw, top, rest - nw);
        int pw = pane_params_width(t, t->app->s.digits);
        bx = pw < W / 4 ? pw : W / 4;
        set_rect(t, TUI_PARAMS, by, 0, bh, bx);
    } else {
        set_rect(t, TUI_NETWORK, y0, dw, top, rest);
        bx = wc < W - 80 ? wc : W - 80;  /* each plot keeps 40 columns */
        set_rect(t, TUI_WEIGHTS, by, 0, bh, bx);
    }
    set_rect(t, TUI_PLOT, by, bx, bh, (W - bx) / 2);
    set_rect(t, t->app->lesson ? TUI_LESSON : TUI_PLOT2, by, bx + (W - bx) / 2, bh, W - bx - (W - bx) / 2);
}

/* Network mode: Data with the Network pane beside it on top (the Network pane moves down when the
 * data is too wide), the Formula pane across the middle, the Weights pane at the bottom with the
 * plot beside it from 100 columns on; at 150 columns and more the Weights pane joins the top and
 * the bottom holds the Parameters list and both plots. After `plot` the plot takes the Weights
 * pane's place on narrow terminals. */
static void layout_net(tui *t, int y0, int avail, int W, int H)
{
    session *s = &t->app->s;
    int nr, nc, wr, wc;
    pane_network_need(t, &nr, &nc);
    pane_weights_need(t, &wr, &wc);
    int dn = (int)(s->data.n > 1000 ? 1000 : s->data.n) + 3;
    int dw = net_data_width(t, s->digits);
    int wide = W >= 150;
    int net_top = W - dw >= nc;  /* the Network pane fits beside the Data pane */
    int top = dn > nr && net_top ? dn : (net_top ? nr : dn);
    if (wide && wr > top) {
        top = wr;
    }
    int top_max = net_top || wide ? avail * 2 / 5 : avail / 3;
    top = top < top_max ? top : top_max;
    top = top < 5 ? 5 : top;
    int rest = avail - top;
    int bmin = t->plot_boost ? (H >= 30 ? 12 : 8) : 6;
    if (!net_top && !wide) {
        bmin = nr < 10 ? (nr > bmin ? nr : bmin) : 10;  /* the Network pane shares the bottom */
    }
    int fh = net_formula_rows(t, W);
    fh = fh < rest - bmin ? fh : rest - bmin;
    int bh = rest - fh;
    int by = y0 + top + fh;
    set_rect(t, TUI_FORMULA, y0 + top, 0, fh, W);
    int dwid = net_top ? dw : W;
    if (wide) {
        layout_net_wide(t, y0, top, by, bh, W, dw, nc, wc);
        return;
    }
    set_rect(t, TUI_DATA, y0, 0, top, dwid);
    if (net_top) {
        set_rect(t, TUI_NETWORK, y0, dw, top, W - dw);
    }
    int ww = W;  /* the Weights pane's width at the bottom */
    if (t->app->lesson) {
        /* a lesson on a tall screen: its page beside the Weights pane */
        ww = wc < W / 2 ? wc : W / 2;
        set_rect(t, TUI_LESSON, by, ww, bh, W - ww);
    } else if (!net_top) {
        ww = W - nc > W / 2 ? W - nc : W / 2;
        set_rect(t, TUI_NETWORK, by, ww, bh, W - ww);
    } else if (W >= 100) {
        ww = wc < W - 24 ? wc : W - 24;
        set_rect(t, TUI_PLOT, by, ww, bh, W - ww);
    }
    if (t->plot_boost && !(W >= 100 && net_top)) {
        set_rect(t, TUI_PLOT, by, 0, bh, ww);  /* the plot asked for takes the Weights pane's place */
    } else {
        set_rect(t, TUI_WEIGHTS, by, 0, bh, ww);
    }
}

void tui_layout(tui *t)
{
    int H = LINES, W = COLS;
    t->lines = H;
    t->cols = W;
    memset(t->rect, 0, sizeof t->rect);
    t->too_small = H < MIN_LINES || W < MIN_COLS;
    if (t->too_small) {
        set_rect(t, TUI_CMD, H - 1, 0, 1, W);
        apply(t);
        t->dirty = TUI_ALL_PANES;
        return;
    }
    session *s = &t->app->s;
    /* one precision everywhere: the `digits` setting (its default was chosen from the width
     * once, at start); panes that run out of room scroll their columns instead */
    int digits = s->digits;

    /* Fixed lines: title on top; message, key bar and command line at the bottom. */
    set_rect(t, TUI_TITLE, 0, 0, 1, W);
    set_rect(t, TUI_MSG, H - 3, 0, 1, W);
    set_rect(t, TUI_KEYS, H - 2, 0, 1, W);
    set_rect(t, TUI_CMD, H - 1, 0, 1, W);
    int avail = H - 4;
    int y0 = 1;

    /* Side by side when Data and Parameters both fit, else stacked. */
    int pw = pane_params_width(t, digits);
    if (pw < t->last_key.params_w) {
        pw = t->last_key.params_w;  /* the width it has grown to (tui.c's layout key) */
    }
    int dw = pane_data_width(t, digits);
    t->stacked = dw + pw > W;
    t->digits = digits;
    if (t->zoom > 0 && t->zoom <= TUI_NPANES) {
        /* one pane alone on the whole screen between the title and the message line */
        set_rect(t, t->zoom - 1, y0, 0, avail, W);
    } else if (t->app->lesson && H < 40) {
        lesson_layout(t, y0, avail, W, digits);
    } else if (s->net.on) {
        layout_net(t, y0, avail, W, H);
    } else {
        size_t n = s->data.n, k = s->data.k;
        int data_need = (int)(n > 1000 ? 1000 : n) + 3;
        int params_need = (int)(k > 1000 ? 1000 : k) + 1 + 3 + (H >= 30 ? 3 : 0);
        int need = t->stacked || data_need > params_need ? data_need : params_need;
        int top, fh, bh;
        split_rows(t, avail, need, H, formula_rows_wanted(t, H, W), &top, &fh, &bh);
        if (t->stacked) {
            layout_stacked(t, y0, W, pw, top, fh, bh);
        } else {
            layout_side(t, y0, W, pw, digits, top, fh, bh);
        }
    }
    apply(t);
    t->dirty = TUI_ALL_PANES;
}
