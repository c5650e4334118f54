/* pane_params.c: the Parameters pane: each w_j and b with its partial derivative and its change at the last update. */
#include "tui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

#define NUMW 40

typedef struct {
    int name_w, cw[3];
    int last_shown;  /* 0 when the pane has no room for the last Δ column */
} pshape;

static void widen(int *w, double v, int digits)
{
    char buf[NUMW];
    fmt_num(buf, sizeof buf, v, digits, FMT_SIGN);
    int n = (int)strlen(buf);
    if (n > *w) {
        *w = n;
    }
}

static const char *const headers_utf8[3] = {"value", "∂C/∂·", "last Δ"};
static const char *const headers_ascii[3] = {"value", "dC/d.", "change"};

static void shape(tui *t, int digits, pshape *sh)
{
    session *s = &t->app->s;
    size_t k = s->data.k;
    const session_eval *ev = session_evaluate(s);
    const char *const *hdr = t->g->ascii ? headers_ascii : headers_utf8;
    char name[32];
    tui_param_name(t, k ? k - 1 : 0, name, sizeof name);
    sh->name_w = text_width(name, 0);
    for (int c = 0; c < 3; c++) {
        sh->cw[c] = text_width(hdr[c], 0);
    }
    size_t lim = k + 1 < 200 ? k + 1 : 200;
    for (size_t j = 0; j < lim; j++) {
        double v = j < k ? s->w[j] : s->b;
        widen(&sh->cw[0], v, digits);
        if (ev) {
            widen(&sh->cw[1], j < k ? ev->grad_w[j] : ev->grad_b, digits);
        }
        if (s->step > 0) {
            widen(&sh->cw[2], session_param_at(s, s->step, j) - session_param_at(s, s->step - 1, j), digits);
        }
    }
    /* room for a sign and one integer digit whatever the values are now, so the pane keeps its
     * width; a small value's longer figure (README, "set digits": "-0.000123") widens the pane
     * after the command (tui.c's layout key) */
    for (int c = 0; c < 3; c++) {
        int least = digits + 3;
        if (sh->cw[c] < least) {
            sh->cw[c] = least;
        }
    }
}

int pane_params_width(tui *t, int digits)
{
    pshape sh;
    shape(t, digits, &sh);
    int w = 2 + 2 + sh.name_w + 2 + sh.cw[0] + 2 + sh.cw[1] + 2 + sh.cw[2] + 1;
    return w < 30 ? 30 : w;
}

static void put_signed(tui *t, WINDOW *w, int y, int xend, int cw, double v, int digits, attr_t extra)
{
    char buf[NUMW];
    fmt_num(buf, sizeof buf, v, digits, FMT_SIGN);
    attr_t a = extra;
    if (buf[0] == '+') {
        a |= tui_attr(t, TUI_R_POS);
    } else if (buf[0] == '-') {
        a |= tui_attr(t, TUI_R_NEG);
    }
    tui_put_right(w, y, xend, cw, buf, a);
}

/* How many parameter rows fit (the rest of the pane holds up to 4 summary lines, *extra), and
 * the first row shown so that the focused parameter is visible. */
static int params_rows(tui *t, int H, int *extra)
{
    session *s = &t->app->s;
    size_t k = s->data.k;
    /* rows for parameters and for the summary lines under them */
    int inner = H - 2;
    *extra = inner - 1 - (int)(k + 1);
    if (*extra < 0) {
        *extra = 0;
    }
    if (*extra > 4) {
        *extra = 4;
    }
    int prow = inner - 1 - *extra;
    if (prow < 1) {
        prow = 1;
    }
    t->params_rows = prow;
    if (s->focus_j > k) {
        s->focus_j = k;
    }
    if (t->params_top > s->focus_j) {
        t->params_top = s->focus_j;
    }
    if (s->focus_j >= t->params_top + (size_t)prow) {
        t->params_top = s->focus_j - (size_t)prow + 1;
    }
    if (t->params_top + (size_t)prow > k + 1) {
        t->params_top = k + 1 > (size_t)prow ? k + 1 - (size_t)prow : 0;
    }
    return prow;
}

/* One parameter row at line y: name, value (marked when the last update changed it as shown),
 * its partial derivative and its change at the last update. */
static void params_row(tui *t, WINDOW *w, const pshape *sh, int digits, const session_eval *ev, size_t j, int y)
{
    session *s = &t->app->s;
    size_t k = s->data.k;
    int xv = 3 + sh->name_w + 2;
    int x1 = xv + sh->cw[0];
    int x2 = x1 + 2 + sh->cw[1];
    int x3 = x2 + 2 + sh->cw[2];
    int focused = j == s->focus_j;
    char name[32];
    tui_param_name(t, j, name, sizeof name);
    if (focused) {
        tui_put(w, y, 1, 1, t->g->focus, tui_attr(t, TUI_R_FOCUS));
    }
    tui_put(w, y, 3, sh->name_w, name, focused ? tui_attr(t, TUI_R_FOCUS) : A_BOLD);
    double v = j < k ? s->w[j] : s->b;
    attr_t va = focused ? A_BOLD : A_NORMAL;
    int changed = 0;
    if (s->step > 0) {
        double before = session_param_at(s, s->step - 1, j);
        char a[NUMW], b[NUMW];
        fmt_num(a, sizeof a, v, digits, FMT_SIGN);
        fmt_num(b, sizeof b, before, digits, FMT_SIGN);
        changed = strcmp(a, b) != 0;
        if (changed) {
            va |= tui_attr(t, TUI_R_CHANGED);
        }
    }
    put_signed(t, w, y, x1, sh->cw[0], v, digits, va);
    if (ev) {
        put_signed(t, w, y, x2, sh->cw[1], j < k ? ev->grad_w[j] : ev->grad_b, digits,
                   focused ? A_BOLD : A_NORMAL);
    }
    if (!sh->last_shown) {
        return;  /* a column cut short would show a wrong figure */
    }
    if (s->step > 0) {
        double dlt = session_param_at(s, s->step, j) - session_param_at(s, s->step - 1, j);
        put_signed(t, w, y, x3, sh->cw[2], dlt, digits, changed ? tui_attr(t, TUI_R_CHANGED) : A_NORMAL);
    } else {
        tui_put_right(w, y, x3, sh->cw[2], t->g->ascii ? "-" : "—", tui_attr(t, TUI_R_DIM));
    }
}

/* The summary lines from line y: accuracy, then the settings as room allows (extra lines). */
static void params_summary(tui *t, WINDOW *w, int W, int y, int extra_lines, int digits, const session_eval *ev)
{
    session *s = &t->app->s;
    char buf[256], c1[NUMW], c2[NUMW];
    if (extra_lines >= 1 && ev) {
        snprintf(buf, sizeof buf, "accuracy %zu/%zu at %s %s 0.5", ev->correct, s->data.n,
                 t->g->sigma_z, t->g->ge);
        tui_put(w, y++, 3, W - 4, buf, A_NORMAL);
    }
    if (extra_lines >= 2 && ev) {
        fmt_num(c1, sizeof c1, ev->cost, digits, 0);
        snprintf(buf, sizeof buf, "C %s  step %ld", c1, s->step);
        tui_put(w, y++, 3, W - 4, buf, A_NORMAL);
    }
    if (extra_lines >= 3) {
        fmt_exact(c1, sizeof c1, s->eta);
        fmt_exact(c2, sizeof c2, s->lambda);
        snprintf(buf, sizeof buf, "%s %s  %s %s", t->g->eta, c1, t->g->lambda, c2);
        tui_put(w, y++, 3, W - 4, buf, A_NORMAL);
    }
    if (extra_lines >= 4) {
        char batch[32];
        if (s->batch == 0) {
            snprintf(batch, sizeof batch, "full");
        } else {
            snprintf(batch, sizeof batch, "%zu", s->batch);
        }
        snprintf(buf, sizeof buf, "%s  batch %s", s->cost == MODEL_COST_CE ? "cross-entropy" : "quadratic",
                 batch);
        tui_put(w, y++, 3, W - 4, buf, A_NORMAL);
    }
}

void pane_params_draw(tui *t)
{
    WINDOW *w = t->win[TUI_PARAMS];
    if (!w) {
        return;
    }
    if (t->app->s.net.on) {
        pane_net_params_draw(t);
        return;
    }
    session *s = &t->app->s;
    size_t k = s->data.k;
    int H, W;
    getmaxyx(w, H, W);
    werase(w);
    const session_eval *ev = session_evaluate(s);
    int digits = t->digits;
    pshape sh;
    shape(t, digits, &sh);
    /* A pane too narrow for its figures (they grew during a run; the pane widens after the
     * command) leaves out the last change first, so that the decimals stay those of every other
     * pane, and only then shows fewer decimals. */
    sh.last_shown = 2 + 2 + sh.name_w + 2 + sh.cw[0] + 2 + sh.cw[1] + 2 + sh.cw[2] + 1 <= W;
    while (!sh.last_shown && digits > 1 && 2 + 2 + sh.name_w + 2 + sh.cw[0] + 2 + sh.cw[1] + 1 > W) {
        digits--;
        shape(t, digits, &sh);
    }

    int extra_lines;
    int prow = params_rows(t, H, &extra_lines);
    char right[64] = "";
    if (k + 1 > (size_t)prow) {
        size_t last = t->params_top + (size_t)prow;
        snprintf(right, sizeof right, "%zu-%zu of %zu", t->params_top + 1, last > k + 1 ? k + 1 : last, k + 1);
    }
    /* with mini-batches the gradient shown is the full data's, not the batch's the Formula
     * pane builds: the title says which */
    int mini = s->batch > 0 && s->batch < s->data.n;
    char title[64];
    snprintf(title, sizeof title, "Parameters%s", mini ? (t->g->ascii ? ": dC/d* of all data" : ": ∂C/∂· of all data") : "");
    tui_box(t, w, title, right, 0);
    const char *const *hdr = t->g->ascii ? headers_ascii : headers_utf8;
    attr_t ha = tui_attr(t, TUI_R_HEADER);
    int xv = 3 + sh.name_w + 2;
    int x1 = xv + sh.cw[0];
    int x2 = x1 + 2 + sh.cw[1];
    int x3 = x2 + 2 + sh.cw[2];
    tui_put_right(w, 1, x1, sh.cw[0], hdr[0], ha);
    tui_put_right(w, 1, x2, sh.cw[1], hdr[1], ha);
    if (sh.last_shown) {
        tui_put_right(w, 1, x3, sh.cw[2], hdr[2], ha);
    }

    for (int r = 0; r < prow && t->params_top + (size_t)r <= k; r++) {
        params_row(t, w, &sh, digits, ev, t->params_top + (size_t)r, 2 + r);
    }
    params_summary(t, w, W, 2 + prow, extra_lines, digits, ev);
}

int pane_params_hit(tui *t, int y, int x, size_t *j)
{
    tui_rect r = t->rect[TUI_PARAMS];
    if (r.h == 0 || y < r.y + 2 || y >= r.y + r.h - 1 || x <= r.x || x >= r.x + r.w - 1) {
        return 0;
    }
    int off = y - r.y - 2;
    size_t row = t->params_top + (size_t)off;
    if (off >= t->params_rows || row > t->app->s.data.k) {
        return 0;
    }
    *j = row;
    return 1;
}
