/* pane_data.c: the Data pane: one row per example with x_j, y, z, sigma(z), sigma(z)-y, C_x and the focused term. */
#include "tui_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "model.h"

#define NUMW 40
#define SAMPLE_ROWS 64

/* Decimals that show every sampled value of an input column (or of y) exactly, at most max. */
static int exact_decimals(const double *v, size_t n, size_t stride, int max)
{
    int need = 0;
    size_t count = n < SAMPLE_ROWS ? n : SAMPLE_ROWS;
    char buf[64];
    for (size_t i = 0; i < count && need < max; i++) {
        double x = v[i * stride];
        while (need < max) {
            snprintf(buf, sizeof buf, "%.*f", need, x);
            if (strtod(buf, NULL) == x) {
                break;
            }
            need++;
        }
    }
    return need;
}

/* Column decimals per dataset, remembered while the dataset stays the same. */
static const double *dec_for;
static size_t dec_n, dec_k;
static int dec_max = -1;
static int *x_dec;
static int y_dec;

static void ensure_decimals(session *s, int max)
{
    const dataset *d = &s->data;
    if (dec_for == d->x && dec_n == d->n && dec_k == d->k && dec_max == max && x_dec) {
        return;
    }
    free(x_dec);
    x_dec = calloc(d->k ? d->k : 1, sizeof(int));
    if (!x_dec) {
        dec_for = NULL;
        return;
    }
    for (size_t j = 0; j < d->k; j++) {
        x_dec[j] = exact_decimals(d->x + j, d->n, d->k, max);
    }
    y_dec = exact_decimals(d->y, d->n, 1, max);
    dec_for = d->x;
    dec_n = d->n;
    dec_k = d->k;
    dec_max = max;
}

/* The shape of the table at some number of digits. */
typedef struct {
    int idx_w;           /* index column */
    int *xw;             /* width of each input column */
    int y_w;
    int ncol;            /* the computed columns shown: z, sigma(z), sigma(z)-y, [sigma'(z)], C_x, term */
    int kind[6];         /* COL_* of each */
    int cw[6];
    int fixed_w;         /* everything except the input columns */
    size_t first_x, nx;  /* the input columns shown */
} table_shape;

/* The computed columns; sigma'(z) only under the quadratic cost, whose gradient keeps it. */
enum { COL_Z = 0, COL_A, COL_ERR, COL_SP, COL_COST, COL_TERM };

static int col_kinds(const session *s, int *kind)
{
    int n = 0;
    kind[n++] = COL_Z;
    kind[n++] = COL_A;
    kind[n++] = COL_ERR;
    if (s->cost == MODEL_COST_QUAD) {
        kind[n++] = COL_SP;
    }
    kind[n++] = COL_COST;
    kind[n++] = COL_TERM;
    return n;
}

/* Whether a column's numbers carry their sign. */
static int col_signed(int kind)
{
    return kind == COL_Z || kind == COL_ERR || kind == COL_TERM;
}

/* Column kind's value for example e (target y, input row xi). */
static double col_value(const session *s, int kind, const model_example *e, double y, const double *xi)
{
    switch (kind) {
    case COL_Z: return e->z;
    case COL_A: return e->a;
    case COL_ERR: return model_error(e, y);
    case COL_SP: return model_sigmoid_prime(e->z);
    case COL_COST: return e->cost;
    default: return model_term(xi, s->data.k, s->focus_j, e->delta);
    }
}

static const char *term_header(tui *t, char *buf, size_t len);

/* The header of a column. */
static const char *col_header(tui *t, int kind, char *buf, size_t len)
{
    switch (kind) {
    case COL_Z: return "z";
    case COL_A: return t->g->sigma_z;
    case COL_ERR: return t->g->err_col;
    case COL_SP: return t->g->ascii ? "sigma'(z)" : "σ'(z)";
    case COL_COST: return t->g->cost_x;
    default: return term_header(t, buf, len);
    }
}

static const char *term_header(tui *t, char *buf, size_t len)
{
    session *s = &t->app->s;
    char pname[32];
    tui_param_name(t, s->focus_j, pname, sizeof pname);
    snprintf(buf, len, "%sC%s/%s%s", t->g->d, t->g->ascii ? "_x" : "ₓ", t->g->d, pname);
    return buf;
}

/* Widens *w to hold v written with `digits` decimals. */
static void widen(int *w, double v, int digits, int sign)
{
    char buf[NUMW];
    fmt_num(buf, sizeof buf, v, digits, sign ? FMT_SIGN : 0);
    int n = (int)strlen(buf);
    if (n > *w) {
        *w = n;
    }
}

static void shape_columns(tui *t, int digits, table_shape *sh)
{
    session *s = &t->app->s;
    const dataset *d = &s->data;
    const session_eval *ev = session_evaluate(s);
    ensure_decimals(s, digits);
    char buf[64];
    snprintf(buf, sizeof buf, "%zu", d->n);
    sh->idx_w = (int)strlen(buf);
    /* the rows measured: the first ones and those around the top of the view */
    size_t count = d->n < SAMPLE_ROWS ? d->n : SAMPLE_ROWS;
    size_t from2 = t->data_top, to2 = t->data_top + 100 > d->n ? d->n : t->data_top + 100;
    for (size_t j = 0; j < d->k; j++) {
        char name[32];
        tui_sub(t, name, sizeof name, "x", (unsigned long)(j + 1));
        sh->xw[j] = text_width(name, 0);
    }
    sh->y_w = 1;
    sh->ncol = col_kinds(s, sh->kind);
    for (int c = 0; c < sh->ncol; c++) {
        sh->cw[c] = text_width(col_header(t, sh->kind[c], buf, sizeof buf), 0);
    }
    for (int pass = 0; pass < 2; pass++) {
        size_t a = pass ? (from2 > count ? from2 : count) : 0, b = pass ? to2 : count;
        for (size_t i = a; i < b; i++) {
            const double *xi = d->x + i * d->k;
            for (size_t j = 0; j < d->k; j++) {
                widen(&sh->xw[j], xi[j], x_dec ? x_dec[j] : digits, 0);
            }
            widen(&sh->y_w, d->y[i], y_dec, 0);
            if (ev) {
                const model_example e_val = session_example(s, i);
                for (int c = 0; c < sh->ncol; c++) {
                    widen(&sh->cw[c], col_value(s, sh->kind[c], &e_val, d->y[i], xi), digits,
                          col_signed(sh->kind[c]));
                }
            }
        }
    }
    sh->fixed_w = 2 + 2 + sh->idx_w + 3 + 3 + sh->y_w + 3;
    for (int c = 0; c < sh->ncol; c++) {
        sh->fixed_w += sh->cw[c] + (c ? 2 : 0);
    }
}

int pane_data_width(tui *t, int digits)
{
    size_t k = t->app->s.data.k;
    table_shape sh;
    int *xw = calloc(k ? k : 1, sizeof(int));
    if (!xw) {
        return 80;
    }
    sh.xw = xw;
    shape_columns(t, digits, &sh);
    int total = sh.fixed_w;
    for (size_t j = 0; j < k; j++) {
        total += xw[j] + (j ? 2 : 0);
    }
    free(xw);
    return total;
}

/* Chooses the input columns shown so that the focused one is visible. */
static void choose_x_window(tui *t, table_shape *sh, int inner)
{
    session *s = &t->app->s;
    size_t k = s->data.k;
    int room = inner - sh->fixed_w;
    size_t fits = 0;
    int used = 0;
    /* how many columns fit starting from data_left */
    if (t->data_left >= k) {
        t->data_left = 0;
    }
    size_t fj = s->focus_j < k ? s->focus_j : t->data_left;
    if (fj < t->data_left) {
        t->data_left = fj;
    }
    for (;;) {
        used = 0;
        fits = 0;
        for (size_t j = t->data_left; j < k; j++) {
            int w = sh->xw[j] + (fits ? 2 : 0);
            if (used + w > room) {
                break;
            }
            used += w;
            fits++;
        }
        if (fits == 0 || fj < t->data_left + fits || t->data_left >= fj) {
            break;
        }
        t->data_left++;
    }
    if (fits == 0 && k > 0) {
        fits = 1;
    }
    sh->first_x = t->data_left;
    sh->nx = fits;
}

/* Writes a number right-aligned in a column of width w at x with role by sign when signed. */
static void put_num(tui *t, WINDOW *w, int y, int x, int cw, double v, int digits, int sign,
                    attr_t extra)
{
    char buf[NUMW];
    fmt_num(buf, sizeof buf, v, digits, sign ? FMT_SIGN : 0);
    attr_t a = extra;
    if (sign && buf[0] == '+') {
        a |= tui_attr(t, TUI_R_POS);
    } else if (sign && buf[0] == '-') {
        a |= tui_attr(t, TUI_R_NEG);
    }
    tui_put_right(w, y, x + cw, cw, buf, a);
}

static unsigned char *in_batch;
static size_t in_batch_n;

/* What drawing the Data pane once needs, shared by its steps. */
typedef struct {
    tui *t;
    WINDOW *w;
    session *s;
    const dataset *d;
    table_shape sh;
    int digits;
    int rows;              /* example rows shown */
    const size_t *brows;   /* the batch being built (NULL: rows 0..bm-1) */
    size_t bm, pending;
    size_t just;           /* the row whose term was just added, or (size_t)-1 */
    int partial_batch;     /* 1: the batch is not the whole dataset */
    int have_prev;         /* 1: there was an update: values it changed are marked */
    double *prev_w, prev_b;
    int xcol0;             /* the first input column's x */
    int ccol[6];           /* the computed columns' x */
} data_view;

/* Rows shown, keeping the focused example visible, and the row just added. */
static void data_scroll(data_view *v, int H)
{
    tui *t = v->t;
    session *s = v->s;
    size_t n = v->d->n;
    int rows = H - 3;
    if (rows < 1) {
        rows = 1;
    }
    if (s->focus_i >= n) {
        s->focus_i = n ? n - 1 : 0;
    }
    if (t->data_top > s->focus_i) {
        t->data_top = s->focus_i;
    }
    if (s->focus_i >= t->data_top + (size_t)rows) {
        t->data_top = s->focus_i - (size_t)rows + 1;
    }
    if (v->just < n && (v->just < t->data_top || v->just >= t->data_top + (size_t)rows)) {
        t->data_top = v->just >= (size_t)rows / 2 ? v->just - (size_t)rows / 2 : 0;
    }
    if (t->data_top + (size_t)rows > n) {
        t->data_top = n > (size_t)rows ? n - (size_t)rows : 0;
    }
    v->rows = rows;
}

/* Micro-steps: which rows are in the batch, which terms are added, the one just added. */
static void data_batch(data_view *v)
{
    session *s = v->s;
    size_t n = v->d->n;
    session_batch(s, &v->brows, &v->bm);
    v->pending = s->pending;
    v->just = (size_t)-1;
    if (v->pending > 0) {
        v->just = v->brows ? v->brows[v->pending - 1] : v->pending - 1;
    }
    v->partial_batch = v->brows != NULL && v->bm < n;
    if ((v->partial_batch || v->pending > 0) && in_batch_n < n) {
        free(in_batch);
        in_batch = malloc(n);
        in_batch_n = in_batch ? n : 0;
    }
    if (in_batch && (v->partial_batch || v->pending > 0)) {
        /* 0: not in the batch, 1: to come, 2: added */
        memset(in_batch, v->partial_batch ? 0 : 1, n);
        for (size_t r = 0; r < v->bm; r++) {
            size_t row = v->brows ? v->brows[r] : r;
            if (row < n) {
                in_batch[row] = r < v->pending ? 2 : 1;
            }
        }
    }
}

/* The box with the dataset's name, and which rows and input columns are shown. */
static void data_title(data_view *v)
{
    tui *t = v->t;
    size_t n = v->d->n, k = v->d->k;
    char title[128], right[128];
    snprintf(title, sizeof title, "Data: %s  n=%zu", v->d->name ? v->d->name : "?", n);
    right[0] = '\0';
    if (n > (size_t)v->rows || v->sh.nx < k) {
        int used = 0;
        if (n > (size_t)v->rows) {
            size_t last = t->data_top + (size_t)v->rows;
            used += snprintf(right, sizeof right, "rows %zu-%zu of %zu", t->data_top + 1,
                             last > n ? n : last, n);
        }
        if (v->sh.nx < k) {
            snprintf(right + used, sizeof right - (size_t)used, "%sx%zu-x%zu of %zu %s%s",
                     used ? "  " : "", v->sh.first_x + 1, v->sh.first_x + v->sh.nx, k, t->g->left, t->g->right);
        }
    }
    tui_box(t, v->w, title, right, 0);
}

/* The header line: x, the inputs shown, the target, the computed columns (their x kept). */
static void data_header(data_view *v)
{
    tui *t = v->t;
    WINDOW *w = v->w;
    const table_shape *sh = &v->sh;
    attr_t hdr = tui_attr(t, TUI_R_HEADER);
    attr_t bord = tui_attr(t, TUI_R_BORDER);
    int x = 3, y = 1;
    tui_put_right(w, y, x + sh->idx_w, sh->idx_w, "x", hdr);
    x += sh->idx_w;
    tui_put(w, y, x + 1, 1, t->g->v, bord);
    x += 3;
    v->xcol0 = x;
    for (size_t c = 0; c < sh->nx; c++) {
        size_t j = sh->first_x + c;
        char name[32];
        tui_sub(t, name, sizeof name, "x", (unsigned long)(j + 1));
        attr_t a = j == v->s->focus_j ? tui_attr(t, TUI_R_FOCUS) : hdr;
        tui_put_right(w, y, x + sh->xw[j], sh->xw[j], name, a);
        x += sh->xw[j] + 2;
    }
    x -= 2;
    tui_put(w, y, x + 1, 1, t->g->v, bord);
    x += 3;
    const char *tn = v->d->target_name;
    tui_put_right(w, y, x + sh->y_w, sh->y_w, tn && strlen(tn) <= (size_t)sh->y_w ? tn : "y", hdr);
    x += sh->y_w;
    tui_put(w, y, x + 1, 1, t->g->v, bord);
    x += 3;
    char tbuf[64];
    for (int c = 0; c < sh->ncol; c++) {
        v->ccol[c] = x;
        attr_t a = sh->kind[c] == COL_TERM ? tui_attr(t, TUI_R_FOCUS) : hdr;
        tui_put_right(w, y, x + sh->cw[c], sh->cw[c], col_header(t, sh->kind[c], tbuf, sizeof tbuf), a);
        x += sh->cw[c] + 2;
    }
}

/* Row i's marks, number, inputs and target at line y (state: 0 not in the batch, 1 to come,
 * 2 added). */
static void data_row_inputs(data_view *v, size_t i, int y, int state)
{
    tui *t = v->t;
    WINDOW *w = v->w;
    session *s = v->s;
    const table_shape *sh = &v->sh;
    const double *xi = v->d->x + i * v->d->k;
    attr_t bord = tui_attr(t, TUI_R_BORDER);
    int focused = i == s->focus_i;
    if (focused) {
        tui_put(w, y, 1, 1, t->g->focus, tui_attr(t, TUI_R_FOCUS));
    }
    /* column 2, beside the focus marker: + the term just added, * (•) a row of the batch */
    if (i == v->just) {
        tui_put(w, y, 2, 1, "+", tui_attr(t, TUI_R_ADDED));
    } else if (v->partial_batch && state != 0) {
        tui_put(w, y, 2, 1, t->g->ascii ? "*" : "•", tui_attr(t, state == 2 ? TUI_R_DIM : TUI_R_FOCUS));
    }
    char buf[NUMW];
    snprintf(buf, sizeof buf, "%zu", i + 1);
    attr_t ia = focused ? tui_attr(t, TUI_R_FOCUS) : state == 0 ? tui_attr(t, TUI_R_DIM) : A_NORMAL;
    tui_put_right(w, y, 3 + sh->idx_w, sh->idx_w, buf, ia);
    tui_put(w, y, 3 + sh->idx_w + 1, 1, t->g->v, bord);
    int x = v->xcol0;
    for (size_t c = 0; c < sh->nx; c++) {
        size_t j = sh->first_x + c;
        fmt_num(buf, sizeof buf, xi[j], x_dec ? x_dec[j] : v->digits, 0);
        attr_t a = (focused && j == s->focus_j) ? tui_attr(t, TUI_R_SELECT) : A_NORMAL;
        if (focused && j == s->focus_j) {
            tui_fill(w, y, x - 1, sh->xw[j] + 2, a);
        }
        tui_put_right(w, y, x + sh->xw[j], sh->xw[j], buf, a);
        x += sh->xw[j] + 2;
    }
    x -= 2;
    tui_put(w, y, x + 1, 1, t->g->v, bord);
    x += 3;
    fmt_num(buf, sizeof buf, v->d->y[i], y_dec, 0);
    tui_put_right(w, y, x + sh->y_w, sh->y_w, buf, A_NORMAL);
    x += sh->y_w;
    tui_put(w, y, x + 1, 1, t->g->v, bord);
}

/* Row i's computed columns at line y: marked where the last update changed them as shown; the
 * term column dim for rows outside the batch or still to come, highlighted for the one just added. */
static void data_row_columns(data_view *v, size_t i, int y, int state)
{
    tui *t = v->t;
    session *s = v->s;
    const dataset *d = v->d;
    const table_shape *sh = &v->sh;
    const double *xi = d->x + i * d->k;
    const model_example e = session_example(s, i);
    model_example pe;
    if (v->have_prev) {
        model_eval_example(v->prev_w, v->prev_b, xi, d->k, d->y[i], s->cost, &pe);
    }
    for (int c = 0; c < sh->ncol; c++) {
        double val = col_value(s, sh->kind[c], &e, d->y[i], xi);
        int sign = col_signed(sh->kind[c]);
        int is_term = sh->kind[c] == COL_TERM;
        attr_t a = A_NORMAL;
        if (v->have_prev) {
            char now[NUMW], before[NUMW];
            fmt_num(now, sizeof now, val, v->digits, sign ? FMT_SIGN : 0);
            fmt_num(before, sizeof before, col_value(s, sh->kind[c], &pe, d->y[i], xi), v->digits,
                    sign ? FMT_SIGN : 0);
            if (strcmp(now, before) != 0) {
                a |= tui_attr(t, TUI_R_CHANGED);
            }
        }
        if (is_term) {
            if (i == v->just) {
                a = tui_attr(t, TUI_R_ADDED);
            } else if ((state == 1 && v->pending > 0) || state == 0) {
                a |= tui_attr(t, TUI_R_DIM);
            }
            if (i == s->focus_i) {
                a |= A_BOLD;
            }
        }
        if (is_term && i == v->just) {
            char nb[NUMW];
            fmt_num(nb, sizeof nb, val, v->digits, FMT_SIGN);
            tui_put_right(v->w, y, v->ccol[c] + sh->cw[c], sh->cw[c], nb, a);
        } else {
            put_num(t, v->w, y, v->ccol[c], sh->cw[c], val, v->digits, sign, a);
        }
    }
}

void pane_data_draw(tui *t)
{
    WINDOW *w = t->win[TUI_DATA];
    if (!w) {
        return;
    }
    if (t->app->s.net.on) {
        pane_net_data_draw(t);
        return;
    }
    data_view v;
    memset(&v, 0, sizeof v);
    v.t = t;
    v.w = w;
    v.s = &t->app->s;
    v.d = &v.s->data;
    size_t n = v.d->n, k = v.d->k;
    int H, W;
    getmaxyx(w, H, W);
    werase(w);
    const session_eval *ev = session_evaluate(v.s);
    int *xw = calloc(k ? k : 1, sizeof(int));
    v.prev_w = calloc(k ? k : 1, sizeof(double));
    if (!ev || !xw || !v.prev_w) {
        free(xw);
        free(v.prev_w);
        tui_box(t, w, "Data", NULL, 0);
        tui_put(w, 1, 2, W - 4, "out of memory", tui_attr(t, TUI_R_ERROR));
        return;
    }
    v.sh.xw = xw;
    v.digits = t->digits;  /* the one `digits` setting: never fewer here than elsewhere */
    shape_columns(t, v.digits, &v.sh);
    choose_x_window(t, &v.sh, W);
    data_batch(&v);
    data_scroll(&v, H);
    /* the parameters before the last update, to mark what it changed */
    v.have_prev = v.s->step > 0;
    if (v.have_prev) {
        for (size_t j = 0; j < k; j++) {
            v.prev_w[j] = session_param_at(v.s, v.s->step - 1, j);
        }
        v.prev_b = session_param_at(v.s, v.s->step - 1, k);
    }
    data_title(&v);
    data_header(&v);
    for (int r = 0; r < v.rows && t->data_top + (size_t)r < n; r++) {
        size_t i = t->data_top + (size_t)r;
        int state = (in_batch && (v.partial_batch || v.pending > 0)) ? in_batch[i] : 1;
        data_row_inputs(&v, i, 2 + r, state);
        data_row_columns(&v, i, 2 + r, state);
    }
    if (n > (size_t)v.rows) {
        if (t->data_top > 0) {
            tui_put(w, 0, W - 2, 1, t->g->more_up, tui_attr(t, TUI_R_FOCUS));
        }
        if (t->data_top + (size_t)v.rows < n) {
            tui_put(w, H - 1, W - 2, 1, t->g->more_down, tui_attr(t, TUI_R_FOCUS));
        }
    }
    free(xw);
    free(v.prev_w);
}

int pane_data_hit(tui *t, int y, int x, size_t *i, size_t *j)
{
    tui_rect r = t->rect[TUI_DATA];
    if (r.h == 0 || y < r.y + 2 || y >= r.y + r.h - 1 || x <= r.x || x >= r.x + r.w - 1) {
        return 0;
    }
    session *s = &t->app->s;
    size_t row = t->data_top + (size_t)(y - r.y - 2);
    if (row >= s->data.n) {
        return 0;
    }
    *i = row;
    *j = (size_t)-1;
    /* a click on an input column also focuses that input */
    size_t k = s->data.k;
    int *xw = calloc(k ? k : 1, sizeof(int));
    if (!xw) {
        return 1;
    }
    table_shape sh;
    sh.xw = xw;
    shape_columns(t, t->digits, &sh);
    choose_x_window(t, &sh, r.w);
    int cx = r.x + 1 + 2 + sh.idx_w + 3;
    for (size_t c = 0; c < sh.nx; c++) {
        size_t jj = sh.first_x + c;
        if (x >= cx - 1 && x <= cx + xw[jj]) {
            *j = jj;
        }
        cx += xw[jj] + 2;
    }
    free(xw);
    return 1;
}
