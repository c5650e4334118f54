/* pane_net.c: the Data, Parameters and Formula panes in network mode: outputs and classes per example, every weight and bias with its partial derivative, and the focused parameter's eq. 67 or BP4. */
#include "tui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_net.h"
#include "errbuf.h"
#include "explain_net.h"
#include "fmt.h"
#include "net.h"
#include "xmem.h"

/* Outputs shown per row at most, before "…". */
enum { NET_PANE_OUTPUTS = 10 };

/* The parameter the Formula and Parameters panes focus: the focused one, else w^L_11. */
static size_t focused_param(const session *s)
{
    const net_shape *sh = &s->net.shape;
    return s->focus_j < sh->nparams ? s->focus_j : net_w_index(sh, sh->L, 1, 1);
}

/* Keeps first so that the row `focus` is among `rows` rows shown of `count`. */
static size_t scroll_to(size_t first, size_t focus, size_t rows, size_t count)
{
    if (rows == 0) {
        return 0;
    }
    if (focus < first) {
        first = focus;
    }
    if (focus >= first + rows) {
        first = focus - rows + 1;
    }
    if (first + rows > count) {
        first = count > rows ? count - rows : 0;
    }
    return first;
}

/* The output columns of the Data pane: how many fit and how wide each is (header and rows alike). */
typedef struct {
    size_t shown;  /* outputs shown, from a^L_1 */
    int cw;        /* columns per output, its separating space included */
    int klass;     /* columns of the predicted class's name (4 to 9) */
} out_cols;

/* Chooses the outputs' column width from the header labels and the values of the rows shown
 * (a holds rows x units activations), and how many columns fit in W. */
static out_cols output_columns(const tui *t, const double *a, const double *cx, size_t rows, int W)
{
    session *s = &t->app->s;
    const net_shape *sh = &s->net.shape;
    size_t m = sh->size[sh->L];
    out_cols c = {0, snprintf(NULL, 0, "a%d_%zu", sh->L, m < NET_PANE_OUTPUTS ? m : (size_t)NET_PANE_OUTPUTS) + 1, 4};
    int cxw = 3;
    for (size_t r = 0; r < rows; r++) {
        const double *aL = a + r * sh->units + sh->uoff[sh->L];
        for (size_t j = 0; j < m && j < NET_PANE_OUTPUTS; j++) {
            char v[32];
            int wd = (int)strlen(fmt_num(v, sizeof v, aL[j], t->digits, 0)) + 1;
            c.cw = wd > c.cw ? wd : c.cw;
        }
        char v[32];
        int wd = (int)strlen(fmt_num(v, sizeof v, cx[r], t->digits, 0));
        cxw = wd > cxw ? wd : cxw;
        int kw = (int)strlen(cmd_net_class_name(s, net_class(aL, m)));
        c.klass = kw > c.klass ? (kw > 9 ? 9 : kw) : c.klass;
    }
    /* 15: the example number and the target's class; then the mark, the predicted class, C_x */
    int room = W - 2 - 15 - (2 + c.klass + 1 + cxw);
    /* each output shown, then 1 column, or 4 with the "…" of outputs left out */
    while (c.shown < m && c.shown < NET_PANE_OUTPUTS && (int)(c.shown + 1) * c.cw + (c.shown + 1 < m ? 4 : 1) <= room) {
        c.shown++;
    }
    return c;
}

/* One example's row: number, class, the outputs shown, predicted class, C_x. */
static void data_row(tui *t, WINDOW *w, int y, int W, size_t i, const double *a, double cx, out_cols oc)
{
    session *s = &t->app->s;
    const net_shape *sh = &s->net.shape;
    size_t m = sh->size[sh->L];
    const double *aL = a + sh->uoff[sh->L];
    char cell[48];
    int x = 1, focus = i == s->focus_i;
    attr_t base = focus ? tui_attr(t, TUI_R_FOCUS) : A_NORMAL;
    snprintf(cell, sizeof cell, "%s%3zu ", focus ? t->g->focus : " ", i + 1);
    x += tui_put(w, y, x, W - x - 1, cell, base);
    size_t want = session_class_of(s, i), got = net_class(aL, m);
    snprintf(cell, sizeof cell, "%-8.8s ", cmd_net_class_name(s, want));
    x += tui_put(w, y, x, W - x - 1, cell, base);
    for (size_t j = 0; j < oc.shown; j++) {
        char v[32];
        fmt_num(v, sizeof v, aL[j], t->digits, 0);
        tui_put_right(w, y, x + oc.cw - 1, oc.cw - 1, v, j == got ? tui_attr(t, TUI_R_HEADER) | base : base);
        x += oc.cw;
    }
    x += oc.shown < m ? 4 : 1;
    char v[32];
    fmt_num(v, sizeof v, cx, t->digits, 0);
    snprintf(cell, sizeof cell, "%s%-*.*s %s", got == want ? "  " : (t->g->ascii ? "! " : "≠ "), oc.klass, oc.klass,
             cmd_net_class_name(s, got), v);
    tui_put(w, y, x, W - x - 1, cell, got == want ? base : tui_attr(t, TUI_R_NEG) | base);
}

/* The header over data_row's columns. */
static void data_header(tui *t, WINDOW *w, int W, out_cols oc)
{
    const net_shape *sh = &t->app->s.net.shape;
    size_t m = sh->size[sh->L];
    attr_t h = tui_attr(t, TUI_R_HEADER);
    int x = 1 + tui_put(w, 1, 1, W - 2, "   x target   ", h);
    for (size_t j = 0; j < oc.shown; j++) {
        char label[24];
        snprintf(label, sizeof label, "a%d_%zu", sh->L, j + 1);
        tui_put_right(w, 1, x + oc.cw - 1, oc.cw - 1, label, h);
        x += oc.cw;
    }
    x += oc.shown < m ? 4 : 1;
    if (oc.shown < m) {
        tui_put(w, 1, x - 4, 3, t->g->ascii ? "..." : "…", h);
    }
    char tail[32];
    snprintf(tail, sizeof tail, "  %-*s C_x", oc.klass, oc.klass >= 9 ? "predicted" : "pred");
    tui_put(w, 1, x, W - x - 1, tail, h);
}

void pane_net_data_draw(tui *t)
{
    WINDOW *w = t->win[TUI_DATA];
    session *s = &t->app->s;
    const net_shape *sh = &s->net.shape;
    int H, W;
    getmaxyx(w, H, W);
    werase(w);
    char title[96], sizes[64];
    cmd_net_sizes(s, sizes, sizeof sizes);
    snprintf(title, sizeof title, "Data: %s  n=%zu  network %s", s->data.name, s->data.n, sizes);
    tui_box(t, w, title, "", 0);
    if (H < 4 || W < 20) {
        return;
    }
    size_t rows = (size_t)(H - 3), n = s->data.n;
    t->data_top = scroll_to(t->data_top, s->focus_i < n ? s->focus_i : 0, rows, n);
    rows = t->data_top + rows > n ? n - t->data_top : rows;
    double *a = xcalloc(rows * sh->units + 1, sizeof *a), *cx = xcalloc(rows + 1, sizeof *cx);
    for (size_t r = 0; r < rows; r++) {
        cx[r] = session_net_example(s, t->data_top + r, NULL, a + r * sh->units, NULL);
    }
    out_cols oc = output_columns(t, a, cx, rows, W);
    data_header(t, w, W, oc);
    for (size_t r = 0; r < rows; r++) {
        data_row(t, w, 2 + (int)r, W, t->data_top + r, a + r * sh->units, cx[r], oc);
    }
    free(a);
    free(cx);
}

/* The widest parameter name: the last weight of some layer. */
static int name_width(const session *s)
{
    const net_shape *sh = &s->net.shape;
    int widest = 0;
    for (int l = 2; l <= sh->L; l++) {
        char name[32];
        session_param_name(s, net_w_index(sh, l, sh->size[l], sh->size[l - 1]), name, sizeof name);
        int len = (int)strlen(name);
        widest = len > widest ? len : widest;
    }
    return widest;
}

void pane_net_params_draw(tui *t)
{
    WINDOW *w = t->win[TUI_PARAMS];
    session *s = &t->app->s;
    const net_shape *sh = &s->net.shape;
    int H, W;
    getmaxyx(w, H, W);
    werase(w);
    size_t P = sh->nparams, focus = focused_param(s);
    size_t rows = H > 3 ? (size_t)(H - 3) : 0;
    t->params_top = scroll_to(t->params_top, focus, rows, P);
    char right[48] = "";
    if (P > rows) {
        size_t last = t->params_top + rows;
        snprintf(right, sizeof right, "%zu-%zu of %zu", t->params_top + 1, last > P ? P : last, P);
    }
    tui_box(t, w, t->g->ascii ? "Parameters: dC/d* of all data" : "Parameters: ∂C/∂· of all data", right, 0);
    if (H < 4 || W < 16) {
        return;
    }
    const double *g = session_net_gradient(s);
    char head[96];
    int nw = name_width(s);
    /* "∂C/∂·" is 5 columns in 9 bytes: pad it by columns, as "dC/d*" */
    /* columns wide enough for a small value's 3 significant digits (README, "set digits": up to
     * max(digits, 4) + 2 decimals after a sign and "0."), and a space */
    int vw = (t->digits > 4 ? t->digits : 4) + 6;
    snprintf(head, sizeof head, "  %-*s %*s %*s%s", nw, "name", vw, "value",
             vw - 5, "", t->g->ascii ? "dC/d*" : "∂C/∂·");
    tui_put(w, 1, 1, W - 2, head, tui_attr(t, TUI_R_HEADER));
    for (size_t r = 0; r < rows && t->params_top + r < P; r++) {
        size_t i = t->params_top + r;
        char name[32], v[32], d[32], row[128];
        session_param_name(s, i, name, sizeof name);
        fmt_num(v, sizeof v, session_param(s, i), t->digits, FMT_SIGN);
        fmt_num(d, sizeof d, g ? g[i] : 0.0, t->digits, FMT_SIGN);
        snprintf(row, sizeof row, "%s %-*s %*s %*s", i == focus ? t->g->focus : " ", nw, name, vw, v, vw, g ? d : "?");
        tui_put(w, 2 + (int)r, 1, W - 2, row, i == focus ? tui_attr(t, TUI_R_FOCUS) : A_NORMAL);
    }
}

void pane_net_formula_draw(tui *t)
{
    WINDOW *w = t->win[TUI_FORMULA];
    session *s = &t->app->s;
    int H, W;
    getmaxyx(w, H, W);
    werase(w);
    size_t i = focused_param(s);
    char name[32], title[128], right[64] = "";
    session_param_name(s, i, name, sizeof name);
    const size_t *rows;
    size_t m;
    session_batch(s, &rows, &m);
    char batch[48] = " over all data";
    if (m < s->data.n) {
        snprintf(batch, sizeof batch, " over this batch of m=%zu", m);  /* (1/m), not (1/n) */
    }
    snprintf(title, sizeof title, "Formula: dC/d%s%s%s", name, batch, s->pending > 0 ? "  (update being built)" : "");
    if (s->pending > 0) {
        snprintf(right, sizeof right, "%zu of %zu terms added", s->pending, m);
    } else {
        snprintf(right, sizeof right, "explain %s: in words", name);
    }
    tui_box(t, w, title, right, 0);
    if (H < 3 || W < 12) {
        return;
    }
    strbuf out = {0};
    char err[ERR_LEN];
    if (explain_net_pane(s, i, W - 4, H - 2, &out, err, sizeof err) != 0) {
        tui_put(w, 1, 2, W - 4, err, tui_attr(t, TUI_R_ERROR));
        sb_free(&out);
        return;
    }
    const char *text = sb_str(&out);
    for (int y = 1; *text && y < H - 1; y++) {
        const char *nl = strchr(text, '\n');
        size_t len = nl ? (size_t)(nl - text) : strlen(text);
        char line[1024];
        size_t n = len < sizeof line - 1 ? len : sizeof line - 1;
        memcpy(line, text, n);
        line[n] = '\0';
        size_t lead = strspn(line, " ");
        /* the focused (or just added) example's row of the table starts with ">" */
        tui_put(w, y, 2, W - 4, line, lead >= 2 && line[lead] == '>' ? tui_attr(t, TUI_R_FOCUS) : A_NORMAL);
        text = nl ? nl + 1 : text + len;
    }
    sb_free(&out);
}
