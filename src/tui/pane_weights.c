/* pane_weights.c: the Weights pane: the focused layer's matrix w^l (row j = neuron j's weights) and its biases, each entry with ∂C/∂ over all data and its change at the last step. */
#include "tui_int.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "net.h"

/* How the matrix is drawn this time. */
typedef struct {
    int l;                /* the layer whose w^l shows */
    size_t rows, cols;    /* size[l] rows, size[l-1] weight columns (the bias column comes after) */
    size_t fr, fc;        /* the focused entry: row, column (cols for the bias), 0-based */
    int stack;            /* 3: value, ∂C/∂ and change on three lines; 1: side by side */
    int nums;             /* numbers an entry shows side by side: 3, or 2 (no change) when that
                           * lets more columns show: figures of 3 significant digits take room */
    int vw;               /* width of one number */
    int cw;               /* width of one entry, its focus marker included */
    int lw;               /* width of the row labels */
    size_t nrows, ncols;  /* rows and weight columns shown */
    int bias;             /* 1: the bias column shows (always, unless only a focused weight fits) */
    const double *g;      /* the gradient over all data (NULL: unknown) */
} wview;

/* Parameter index of entry (r, c) of w^l; c == cols is the bias b^l_r. */
static size_t entry_index(const net_shape *sh, const wview *v, size_t r, size_t c)
{
    return c == v->cols ? net_b_index(sh, v->l, r + 1) : net_w_index(sh, v->l, r + 1, c + 1);
}

/* The change of parameter i at the last step: 1 with *d set, 0 at step 0 (or when the step before
 * is no longer kept). */
static int last_change(const session *s, size_t i, double *d)
{
    if (s->step <= 0 || s->step - 1 < s->hist_first) {
        return 0;
    }
    *d = session_param_at(s, s->step, i) - session_param_at(s, s->step - 1, i);
    return 1;
}

/* The three numbers of an entry as text: value, partial derivative, last change (blank at step 0). */
static void entry_texts(const tui *t, const wview *v, size_t i, char out[3][32])
{
    const session *s = &t->app->s;
    double d;
    fmt_num(out[0], 32, session_param(s, i), t->digits, FMT_SIGN);
    if (v->g) {
        fmt_num(out[1], 32, v->g[i], t->digits, FMT_SIGN);
    } else {
        snprintf(out[1], 32, "?");
    }
    if (last_change(s, i, &d)) {
        fmt_num(out[2], 32, d, t->digits, FMT_SIGN);
    } else {
        out[2][0] = '\0';
    }
}

/* The widest number among the rows first..first+count of every column. */
static int numbers_width(const tui *t, const wview *v, size_t first, size_t count)
{
    const net_shape *sh = &t->app->s.net.shape;
    int vw = t->digits + 3;
    for (size_t r = first; r < first + count && r < v->rows; r++) {
        for (size_t c = 0; c <= v->cols; c++) {
            char txt[3][32];
            entry_texts(t, v, entry_index(sh, v, r, c), txt);
            for (int q = 0; q < 3; q++) {
                int len = (int)strlen(txt[q]);
                vw = len > vw ? len : vw;
            }
        }
    }
    return vw;
}

/* Keeps first so that `focus` is among `shown` of `count`. */
static size_t keep_visible(size_t first, size_t focus, size_t shown, size_t count)
{
    if (shown == 0) {
        return 0;
    }
    if (focus < first) {
        first = focus;
    }
    if (focus >= first + shown) {
        first = focus - shown + 1;
    }
    if (first + shown > count) {
        first = count > shown ? count - shown : 0;
    }
    return first;
}

/* Chooses stacking, widths and the rows and columns shown for a pane of inner size H x W (lines
 * for entries: H minus the header and legend lines). */
static void plan(tui *t, wview *v, int lines, int W)
{
    int jw = snprintf(NULL, 0, "%zu", v->rows);
    v->stack = (int)v->rows * 3 <= lines ? 3 : 1;
    size_t guess = v->stack == 3 ? v->rows : (size_t)(lines > 1 ? lines : 1);
    v->vw = numbers_width(t, v, keep_visible(t->weights_top, v->fr, guess, v->rows), guess);
    v->nums = 3;
    for (int tries = 0; tries < 3; tries++) {
        v->lw = jw + (v->stack == 3 ? 7 : 1);
        v->cw = v->stack == 3 ? v->vw + 2 : v->nums * (v->vw + 1);  /* the marker's column parts the entries */
        int room = W - v->lw - v->cw;  /* the bias column always shows */
        v->ncols = room > 0 ? (size_t)(room / v->cw) : 0;
        if (v->stack == 1 && v->nums == 3 && v->ncols < v->cols &&
            (size_t)((W - v->lw) / (2 * (v->vw + 1))) > v->ncols + 1) {
            v->nums = 2;  /* without the change, more of the row shows (zoom shows it all) */
            continue;
        }
        if (v->stack == 1 && v->ncols < 1 && lines >= 3) {
            v->stack = 3;  /* too narrow for three numbers side by side: stack them */
            v->nums = 3;
            continue;
        }
        break;
    }
    v->bias = 1;
    if (v->ncols == 0 && v->fc < v->cols) {
        v->bias = 0;  /* room for one column only: the focused weight's */
        v->ncols = 1;
    }
    v->ncols = v->ncols > v->cols ? v->cols : v->ncols;
    v->nrows = (size_t)(lines / v->stack);
    v->nrows = v->nrows > v->rows ? v->rows : v->nrows;
    t->weights_top = keep_visible(t->weights_top, v->fr, v->nrows, v->rows);
    if (v->ncols > 0 && v->fc < v->cols) {
        t->weights_left = keep_visible(t->weights_left, v->fc, v->ncols, v->cols);
    } else if (t->weights_left + v->ncols > v->cols) {
        t->weights_left = v->cols > v->ncols ? v->cols - v->ncols : 0;
    }
}

/* Draws the numbers of a number, coloured by sign, right-aligned in vw columns ending at xend. */
static void put_num(tui *t, WINDOW *w, int y, int xend, int vw, const char *txt, attr_t extra)
{
    attr_t a = extra;
    if (txt[0] == '+') {
        a |= tui_attr(t, TUI_R_POS);
    } else if (txt[0] == '-') {
        a |= tui_attr(t, TUI_R_NEG);
    }
    tui_put_right(w, y, xend, vw, txt, a);
}

/* Entry (r, c) at line y, column x: its marker when focused, then its numbers. */
static void draw_entry(tui *t, WINDOW *w, const wview *v, size_t r, size_t c, int y, int x)
{
    const net_shape *sh = &t->app->s.net.shape;
    size_t i = entry_index(sh, v, r, c);
    char txt[3][32];
    entry_texts(t, v, i, txt);
    int focused = r == v->fr && c == v->fc;
    attr_t at = focused ? tui_attr(t, TUI_R_FOCUS) | A_BOLD : A_NORMAL;
    if (txt[2][0] && txt[2][0] != '0') {
        at |= tui_attr(t, TUI_R_CHANGED);  /* the last step changed it as shown (zero is written unsigned) */
    }
    if (focused) {
        /* the marker just left of the value */
        int vend = v->stack == 3 ? x + v->cw : x + v->cw - (v->nums - 1) * (v->vw + 1);
        tui_put(w, y, vend - (int)strlen(txt[0]) - 1, 1, t->g->focus, at);
    }
    if (v->stack == 3) {
        for (int q = 0; q < 3; q++) {
            put_num(t, w, y + q, x + v->cw, v->vw, txt[q], q == 0 ? at : (focused ? A_BOLD : A_NORMAL));
        }
        return;
    }
    for (int q = 0; q < v->nums; q++) {
        put_num(t, w, y, x + v->cw - (v->nums - 1 - q) * (v->vw + 1), v->vw, txt[q],
                q == 0 ? at : (focused ? A_BOLD : A_NORMAL));
    }
}

/* The header line: the column names (k, then the bias), and side by side what each number is. */
static void draw_header(tui *t, WINDOW *w, const wview *v)
{
    attr_t h = tui_attr(t, TUI_R_HEADER);
    char buf[64];
    tui_put(w, 1, 1, v->lw, "j", h);
    for (size_t q = 0; q < v->ncols + (size_t)v->bias; q++) {
        int bias = q == v->ncols;
        size_t c = bias ? v->cols : t->weights_left + q;
        int x = 1 + v->lw + (int)q * v->cw;
        if (bias) {
            snprintf(buf, sizeof buf, "b%d_j", v->l);
        } else {
            snprintf(buf, sizeof buf, "k=%zu", c + 1);
        }
        if (v->stack == 3) {
            tui_put_right(w, 1, x + v->cw, v->vw, buf, h);
            continue;
        }
        int gx = x + v->cw - (v->nums - 2) * (v->vw + 1);  /* where ∂C/∂ ends */
        tui_put_right(w, 1, gx - (v->vw + 1), v->vw, buf, h);
        snprintf(buf, sizeof buf, "%s%s", t->g->ascii ? "dC/d" : "∂C/∂", bias ? "b" : "w");
        tui_put_right(w, 1, gx, v->vw, buf, h);
        if (v->nums == 3) {
            tui_put_right(w, 1, x + v->cw, v->vw, t->g->ascii ? "change" : "last Δ", h);
        }
    }
}

/* Row r's label lines: j, and in stacked form what each of its three lines holds. */
static void draw_label(tui *t, WINDOW *w, const wview *v, size_t r, int y)
{
    char buf[32];
    int jw = snprintf(NULL, 0, "%zu", v->rows);
    attr_t at = r == v->fr ? tui_attr(t, TUI_R_FOCUS) : tui_attr(t, TUI_R_HEADER);
    snprintf(buf, sizeof buf, "%*zu", jw, r + 1);
    tui_put(w, y, 1, jw, buf, at);
    if (v->stack == 3) {
        int x = 1 + jw + 1;
        attr_t d = tui_attr(t, TUI_R_DIM);
        tui_put(w, y, x, v->lw - x, "value", d);
        tui_put(w, y + 1, x, v->lw - x, t->g->ascii ? "dC/d" : "∂C/∂", d);
        tui_put(w, y + 2, x, v->lw - x, t->g->ascii ? "chg" : "Δ", d);
    }
}

/* The title: which matrix, and how its rows and columns read; right: which part shows. */
static void draw_title(tui *t, WINDOW *w, const wview *v, int W)
{
    char title[192], right[64] = "";
    const char *wl = t->g->ascii ? "w" : "w";
    snprintf(title, sizeof title, "Weights %s^%d: row j = neuron j of layer %d, column k = neuron k of layer %d%s",
             wl, v->l, v->l, v->l - 1, v->l == 2 ? " (input x_k)" : "");
    if (v->nrows < v->rows || v->ncols < v->cols) {
        snprintf(right, sizeof right, "j %zu-%zu of %zu, k %zu-%zu of %zu", t->weights_top + 1,
                 t->weights_top + v->nrows, v->rows, t->weights_left + 1, t->weights_left + v->ncols, v->cols);
    }
    int room = W - 4 - (*right ? text_width(right, 0) + 4 : 0);
    if (text_width(title, 0) > room) {
        snprintf(title, sizeof title, "%s^%d: row j = neuron j of layer %d, column k = a%d_k", wl, v->l, v->l,
                 v->l - 1);
    }
    if (text_width(title, 0) > room) {
        snprintf(title, sizeof title, "%s^%d: row j, column k", wl, v->l);
    }
    tui_box(t, w, title, right, 0);
}

/* The legend line: what ∂C/∂ and Δ are (and, when entries leave out their change, where it is). */
static void draw_legend(tui *t, WINDOW *w, const wview *v, int H, int W)
{
    const char *dd = t->g->ascii ? "dC/d" : "∂C/∂", *dl = t->g->ascii ? "chg" : "Δ";
    char line[160];
    if (v->stack == 1 && v->nums == 2) {
        snprintf(line, sizeof line, "%s: over all data; the last change of the focused entry is below", dd);
    } else {
        snprintf(line, sizeof line, "%s: over all data; %s: change at the last step (blank at step 0)", dd, dl);
        if (text_width(line, 0) > W - 2) {
            snprintf(line, sizeof line, "%s: all data; %s: last step's change", dd, dl);
        }
        if (text_width(line, 0) > W - 2) {
            snprintf(line, sizeof line, "%s: all data; %s: last step", dd, dl);
        }
    }
    tui_put(w, H - 2, 1, W - 2, line, tui_attr(t, TUI_R_DIM));
}

/* When the entries show no change (for room), the bottom border gives the focused entry's. */
static void draw_change_caption(tui *t, WINDOW *w, int H, int W)
{
    session *s = &t->app->s;
    int l;
    size_t j, k;
    size_t i = tui_net_focus(s, &l, &j, &k);
    char name[32], d[32], line[160];
    double dv;
    session_param_name(s, i, name, sizeof name);
    if (last_change(s, i, &dv)) {
        fmt_num(d, sizeof d, dv, t->digits, FMT_SIGN);
        snprintf(line, sizeof line, " last %s of %s: %s (zoom weights shows every one) ", t->g->ascii ? "change" : "Δ",
                 name, d);
    } else {
        snprintf(line, sizeof line, " last %s of %s: none at step 0 ", t->g->ascii ? "change" : "Δ", name);
    }
    tui_put(w, H - 1, 1, W - 2, line, tui_attr(t, TUI_R_FOCUS));
}

void pane_weights_draw(tui *t)
{
    WINDOW *w = t->win[TUI_WEIGHTS];
    session *s = &t->app->s;
    const net_shape *sh = &s->net.shape;
    int H, W;
    getmaxyx(w, H, W);
    werase(w);
    if (!s->net.on) {
        tui_box(t, w, "Weights", "", 0);
        tui_put(w, 1, 1, W - 2, "one neuron: its weights are in the Parameters pane", tui_attr(t, TUI_R_DIM));
        return;
    }
    wview v = {0};
    size_t j, k;
    tui_net_focus(s, &v.l, &j, &k);
    v.rows = sh->size[v.l];
    v.cols = sh->size[v.l - 1];
    v.fr = j - 1;
    v.fc = k == 0 ? v.cols : k - 1;
    v.g = session_net_gradient(s);
    int legend = H >= 7;
    int lines = H - 3 - legend;
    plan(t, &v, lines > 0 ? lines : 0, W - 2);
    draw_title(t, w, &v, W);
    t->weights_geo.nrows = 0;
    if (lines < 1 || W < 20) {
        return;
    }
    t->weights_geo.l = v.l;
    t->weights_geo.lw = v.lw;
    t->weights_geo.cw = v.cw;
    t->weights_geo.stack = v.stack;
    t->weights_geo.bias = v.bias;
    t->weights_geo.nrows = v.nrows;
    t->weights_geo.ncols = v.ncols;
    t->weights_geo.cols = v.cols;
    draw_header(t, w, &v);
    for (size_t q = 0; q < v.nrows; q++) {
        size_t r = t->weights_top + q;
        int y = 2 + (int)q * v.stack;
        draw_label(t, w, &v, r, y);
        for (size_t c = 0; c < v.ncols + (size_t)v.bias; c++) {
            size_t col = c == v.ncols ? v.cols : t->weights_left + c;
            draw_entry(t, w, &v, r, col, y, 1 + v.lw + (int)c * v.cw);
        }
    }
    if (legend) {
        draw_legend(t, w, &v, H, W);
    }
    if (v.stack == 1 && v.nums == 2) {
        draw_change_caption(t, w, H, W);
    }
}

void pane_weights_need(tui *t, int *rows, int *cols)
{
    /* the largest layer, so that moving the focus between layers never moves the panes */
    const net_shape *sh = &t->app->s.net.shape;
    size_t r = 1, c = 1;
    for (int l = 2; l <= sh->L; l++) {
        r = sh->size[l] > r ? sh->size[l] : r;
        c = sh->size[l - 1] > c ? sh->size[l - 1] : c;
    }
    int vw = t->digits + 3;
    *rows = 4 + 3 * (int)(r > 8 ? 8 : r);
    *cols = 2 + (int)snprintf(NULL, 0, "%zu", r) + 1 + (3 * vw + 3) * (int)((c > 8 ? 8 : c) + 1);
}

int pane_weights_hit(tui *t, int y, int x, size_t *i)
{
    tui_rect r = t->rect[TUI_WEIGHTS];
    const session *s = &t->app->s;
    if (!s->net.on || r.h == 0 || t->weights_geo.nrows == 0 || y < r.y + 2 || x < r.x + 1 + t->weights_geo.lw ||
        x >= r.x + r.w - 1) {
        return 0;
    }
    size_t row = (size_t)(y - r.y - 2) / (size_t)t->weights_geo.stack;
    size_t q = (size_t)(x - r.x - 1 - t->weights_geo.lw) / (size_t)t->weights_geo.cw;
    if (row >= t->weights_geo.nrows || q > t->weights_geo.ncols || (q == t->weights_geo.ncols && !t->weights_geo.bias)) {
        return 0;
    }
    const net_shape *sh = &s->net.shape;
    row += t->weights_top;
    int l = t->weights_geo.l;
    *i = q == t->weights_geo.ncols ? net_b_index(sh, l, row + 1) : net_w_index(sh, l, row + 1, t->weights_left + q + 1);
    return 1;
}
