/* explain_steps.c: micro-steps (the update `next` builds term by term) and the Formula pane's text. */
#include "explain.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain_int.h"
#include "fmt.h"
#include "model.h"
#include "plot.h"
#include "text.h"
#include "xmem.h"

/* ---- micro-steps: the update being built by `next` ---- */

#define MICRO_TERMS 6    /* terms shown in full per parameter before the middle is elided */

/* Adds to f the bracketed terms of positions 0..added-1 for parameter j (x_j·(δ), or (δ) for
 * b) with xd and dd decimals. More than cap terms: the first, the marked one and the last ones
 * up to cap, each run left out written "… N more …". Ends with "+ …" when added < m. Position
 * mark (or none: (size_t)-1) is wrapped in the highlight marks when marks is set. */
static void bracket_terms(flow *f, const session *s, size_t j, const size_t *rows,
                          const double *delta, const double *zq, size_t added, size_t m, size_t mark,
                          int marks, size_t cap, int xd, int dd)
{
    size_t k = s->data.k;
    char xv[NUMLEN], dv[NUMLEN], sv[NUMLEN];
    char *show = xcalloc(added + 1, 1);
    if (cap < 2) {
        cap = 2;
    }
    if (added <= cap) {
        memset(show, 1, added);
    } else {
        size_t left = cap;
        show[0] = 1;
        left--;
        if (mark < added && !show[mark]) {
            show[mark] = 1;
            left--;
        }
        for (size_t r = added; r-- > 1 && left > 0;) {
            if (!show[r]) {
                show[r] = 1;
                left--;
            }
        }
    }
    for (size_t r = 1; r + 1 < added; r++) {
        if (!show[r] && show[r - 1] && show[r + 1]) {
            show[r] = 1;  /* one term takes less room than "… 1 more …" */
        }
    }
    flow_add(f, "[");
    int first = 1;
    for (size_t r = 0; r < added; r++) {
        if (!show[r]) {
            size_t e = r;
            while (e < added && !show[e]) {
                e++;
            }
            flow_addf(f, " + … %zu more …", e - r);
            r = e - 1;
            continue;
        }
        fmt_num(dv, sizeof dv, delta[r], dd, FMT_SIGN);
        char term[3 * NUMLEN + 24];
        if (zq) {
            /* the quadratic cost: (σ(z) − y) and σ'(z) as two numbers, not their product */
            double a = model_sigmoid(zq[r]);
            fmt_num(dv, sizeof dv, a - s->data.y[rows[r]], dd, FMT_SIGN);
            fmt_num(sv, sizeof sv, model_sigmoid_prime(zq[r]), dd, 0);
        }
        if (j < k) {
            double x = s->data.x[rows[r] * k + j];
            fmt_num(xv, sizeof xv, x, xd, 0);
            snprintf(term, sizeof term, x < 0 ? "(%s)·(%s)" : "%s·(%s)", xv, dv);
        } else {
            snprintf(term, sizeof term, "(%s)", dv);
        }
        if (zq) {
            size_t used = strlen(term);
            snprintf(term + used, sizeof term - used, "·%s", sv);
        }
        if (marks && r == mark) {
            flow_addf(f, "%s%c%s%c", first ? " " : " + ", EXPLAIN_MARK_ON, term, EXPLAIN_MARK_OFF);
        } else {
            flow_addf(f, "%s%s", first ? " " : " + ", term);
        }
        first = 0;
    }
    if (added < m) {
        flow_add(f, first ? " … ]" : " + … ]");
    } else {
        flow_add(f, " ]");
    }
    free(show);
}

/* The rows 0..m-1 of a batch as an owned array (NULL rows: 0..m-1). */
static size_t *own_rows(const size_t *rows, size_t m)
{
    size_t *r = xcalloc(m, sizeof *r);
    for (size_t q = 0; q < m; q++) {
        r[q] = rows ? rows[q] : q;
    }
    return r;
}

/* The update applied into the present step, recomputed at the previous step's parameters over
 * the batch it used; returns 0 when it matches the gradient the session recorded bit for bit
 * (then *u holds it), -1 otherwise (settings changed since: nothing to show but the gradient). */
static int upd_last(session *s, upd *u)
{
    size_t k = s->data.k, n = s->data.n;
    const double *g = session_last_gradient(s);
    if (!g || s->step < 1) {
        return -1;
    }
    double *w = xcalloc(k + 1, sizeof *w);
    for (size_t j = 0; j < k; j++) {
        w[j] = session_param_at(s, s->step - 1, j);
    }
    double b = session_param_at(s, s->step - 1, k);
    size_t *rows = xcalloc(n, sizeof *rows);
    size_t m = session_batch_rows_at(s, s->step - 1, rows);
    upd_compute(s, w, b, rows, m, u);
    free(rows);
    free(w);
    for (size_t j = 0; j <= k; j++) {
        if (memcmp(&u->grad[j], &g[j], sizeof(double)) != 0 ||
            session_param_at(s, s->step, j) != u->next[j]) {
            upd_free(u);
            return -1;
        }
    }
    return 0;
}

/* An update being built: the term just added, the running sums and the examples to come. */
static void micro_pending(session *s, int width, strbuf *out)
{
    size_t k = s->data.k, n = s->data.n;
    char a[NUMLEN], P[32], lead[96];
    int quad = s->cost == MODEL_COST_QUAD;
    const char *dname = quad ? "(σ(z) − y)σ'(z)" : "σ(z) − y";
    size_t kshow = k + 1 > ROWS_ALL ? ROWS_ALL : k + 1;
    const size_t *brows = NULL;
    size_t m = 0;
    session_batch(s, &brows, &m);
    size_t *rows = own_rows(brows, m);
    size_t added = s->pending, row = rows[added - 1];
    double *delta = xcalloc(m, sizeof *delta);
    for (size_t r = 0; r < added; r++) {
        delta[r] = session_delta(s, rows[r]);
    }
    wrapf(out, width, 4, "next: term %zu of %zu added, example %zu: %s = %s", added, m,
          row + 1, dname, snum(a, s, delta[added - 1]));
    wrapf(out, width, 4, "  running sums for update %ld, each term x_j·(%s):", s->step + 1,
          dname);
    for (size_t q = 0; q < kshow; q++) {
        size_t j = q + 1 == kshow ? k : q;
        pname(s, j, P, sizeof P);
        snprintf(lead, sizeof lead, "  Σ for %s%s = ", P, j < k ? "" : " ");
        flow f;
        flow_start(&f, out, width, lead);
        bracket_terms(&f, s, j, rows, delta, NULL, added, m, added - 1, 0, MICRO_TERMS,
                      s->digits, s->digits);
        flow_addf(&f, " = %s so far", snum(a, s, j < k ? s->pend_w[j] : s->pend_b));
        flow_end(&f);
    }
    if (kshow < k + 1) {
        wrapf(out, width, 4, "  (… %zu more weights; `explain w J` shows any one)",
              k + 1 - kshow);
    }
    char names[512];
    name_examples(names, sizeof names, rows + added, m - added);
    wrapf(out, width, 2, "Still to add: %s. With the last one each sum is divided by %s" NB "="
          NB "%zu%s and the update θ ← θ − η ∂C/∂θ is applied.", names,
          m == n ? "n" : "m", m, s->lambda > 0 ? ", the weights get (λ/n) w_j," : "");
    free(delta);
    free(rows);
}

/* The update the last `next` completed: each gradient from its terms, and each parameter's move. */
static void micro_applied(session *s, upd *u, int width, strbuf *out)
{
    size_t k = s->data.k, n = s->data.n;
    char a[NUMLEN], b[NUMLEN], c[NUMLEN], P[32], lead[96];
    size_t kshow = k + 1 > ROWS_ALL ? ROWS_ALL : k + 1;
    size_t m = u->m;
    double *delta = xcalloc(m, sizeof *delta);
    for (size_t r = 0; r < m; r++) {
        delta[r] = upd_delta(s, u, r);
    }
    wrapf(out, width, 4, "next: term %zu of %zu added, example %zu: the update is complete and "
          "applied, now" NB "step" NB "%ld", m, m, u->rows[m - 1] + 1, s->step);
    for (size_t q = 0; q < kshow; q++) {
        size_t j = q + 1 == kshow ? k : q;
        pname(s, j, P, sizeof P);
        snprintf(lead, sizeof lead, "  ∂C/∂%s = (1/%zu) ", P, m);
        flow f;
        flow_start(&f, out, width, lead);
        bracket_terms(&f, s, j, u->rows, delta, NULL, m, m, m - 1, 0, MICRO_TERMS, s->digits,
                      s->digits);
        flow_addf(&f, " = (1/%zu) × %s", m, paren(a, snum(a, s, u->sum[j])));
        if (j < k && s->lambda > 0) {
            flow_addf(&f, " + (%s/%zu) × %s", short_num(b, s, s->lambda), n,
                      paren(c, num(c, s, u->old[j])));
        }
        flow_addf(&f, " = %s", snum(c, s, u->grad[j]));
        flow_end(&f);
        snprintf(lead, sizeof lead, "      %s ← ", P);
        flow_start(&f, out, width, lead);
        flow_addf(&f, "%s − %s × %s", paren(a, num(a, s, u->old[j])), short_num(b, s, s->eta),
                  paren(c, snum(c, s, u->grad[j])));
        flow_addf(&f, " = %s", num(a, s, u->next[j]));
        flow_end(&f);
    }
    if (kshow < k + 1) {
        wrapf(out, width, 4, "  (… %zu more weights; `explain update` lists them all)",
              k + 1 - kshow);
    }
    free(delta);
}

int explain_microstep(session *s, int width, strbuf *out, char *err, size_t errlen)
{
    size_t k = s->data.k;
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    char a[NUMLEN], P[32];
    if (s->pending > 0) {
        micro_pending(s, width, out);
        return 0;
    }
    upd u;
    if (s->step < 1 || upd_last(s, &u) != 0) {
        const double *g = session_last_gradient(s);
        if (!g) {
            wrapf(out, width, 0, "No update in progress at step %ld: `next` adds the next "
                  "example's term to the update being built.", s->step);
            return 0;
        }
        wrapf(out, width, 4, "next: update %ld applied; its gradient:", s->step);
        for (size_t j = 0; j <= k; j++) {
            wrapf(out, width, 4, "  ∂C/∂%s = %s", pname(s, j, P, sizeof P), snum(a, s, g[j]));
        }
        return 0;
    }
    micro_applied(s, &u, width, out);
    upd_free(&u);
    return 0;
}

/* ---- the Formula pane ---- */

/* Number of lines in text. */
static int count_lines(const char *text)
{
    int c = 0;
    for (const char *p = text; *p; p++) {
        c += *p == '\n';
    }
    return c;
}

/* Appends the lines of src to out while the total stays within *left lines; returns 1 when
 * all of src fitted. */
static int take_lines(strbuf *out, const char *src, int *left)
{
    int need = count_lines(src);
    if (need > *left) {
        return 0;
    }
    sb_puts(out, src);
    *left -= need;
    return 1;
}

void explain_formula_title(const session *s, size_t j, char *buf, size_t len)
{
    size_t k = s->data.k;
    char P[32];
    if (j > k) {
        j = k;
    }
    pname(s, j, P, sizeof P);
    const char *eq = s->cost == MODEL_COST_QUAD ? "quadratic cost"
                     : (j < k ? (s->lambda > 0 ? "eqs. 61, 88" : "eq. 61") : "eq. 62");
    char *tofree;
    char title[128];
    snprintf(title, sizeof title, "Formula: ∂C/∂%s (%s)", P, eq);
    snprintf(buf, len, "%s", glyphs(title, &tofree));
    free(tofree);
}

/* What the Formula pane's parts share while it is written. */
typedef struct {
    session *s;
    size_t j, k, m;
    upd u;
    double *delta;        /* m: each term's δ */
    size_t added, mark;   /* terms added so far; the term to highlight ((size_t)-1: none) */
    int micro, quad, full;
    int dg, xd, dd;       /* decimals: numbers, inputs, deltas */
    int width, indent;
    char P[32], X[32];
} pane_ctx;

/* The formula: ∂C/∂θ = (1/n) Σₓ x_j (σ(z) − y) [σ'(z)] [+ (λ/n) w_j]. */
static void pane_formula(pane_ctx *c, strbuf *out, int *left)
{
    strbuf part = {0};
    char lead[96];
    snprintf(lead, sizeof lead, "∂C/∂%s = ", c->P);
    c->indent = dwidth(lead) - 2;
    flow f;
    flow_start(&f, &part, c->width, lead);
    if (c->quad) {
        /* three factors, written as the bracket below writes each term's three numbers */
        flow_addf(&f, "(1/%s) Σₓ %s%s(σ(z) − y)·σ'(z)", c->full ? "n" : "m", c->X, c->j < c->k ? "·" : "");
    } else {
        flow_addf(&f, "(1/%s) Σₓ %s%s(σ(z) − y)", c->full ? "n" : "m", c->X, c->j < c->k ? " " : "");
    }
    if (c->j < c->k && c->s->lambda > 0) {
        flow_addf(&f, " + (λ/n) %s", c->P);
    }
    flow_end(&f);
    take_lines(out, sb_str(&part), left);
    sb_free(&part);
}

/* The bracket with the numbers: fewer terms until it fits beside the result line. */
static void pane_bracket(pane_ctx *c, strbuf *out, int *left)
{
    /* a small batch shows every term, keeping one line for words; a large one keeps three */
    int keep_words = c->m <= 12 ? 1 : 3;
    int words = *left - 2 < keep_words ? *left - 2 : keep_words;
    int budget = *left - 1 - (words > 0 ? words : 0);
    if (budget < 1) {
        budget = 1;
    }
    char lead[96];
    snprintf(lead, sizeof lead, "%*s= (1/%zu) ", c->indent, "", c->m);
    /* no term is narrower than 6 columns, so more than budget * width / 6 can never fit */
    size_t m = c->m, most = (size_t)budget * (size_t)c->width / 6 + 2;
    strbuf part = {0};
    flow f;
    for (size_t cap = m < most ? (m > 2 ? m : 2) : most;; cap = cap > 8 ? cap * 2 / 3 : cap - 1) {
        sb_clear(&part);
        flow_start(&f, &part, c->width, lead);
        bracket_terms(&f, c->s, c->j, c->u.rows, c->delta, c->quad ? c->u.z : NULL, c->added, m, c->mark, 1,
                      cap, c->xd, c->dd);
        flow_end(&f);
        if (count_lines(sb_str(&part)) <= budget || cap <= 2) {
            break;
        }
    }
    take_lines(out, sb_str(&part), left);
    sb_free(&part);
}

/* The result and the update, or the running sum during micro-steps. */
static void pane_result(pane_ctx *c, strbuf *out, int *left)
{
    session *s = c->s;
    size_t j = c->j, k = c->k;
    char a[NUMLEN], b[NUMLEN], d[NUMLEN], e[NUMLEN], lead[96];
    strbuf part = {0};
    snprintf(lead, sizeof lead, "%*s= ", c->indent, "");
    flow f;
    flow_start(&f, &part, c->width, lead);
    if (c->micro) {
        flow_addf(&f, "%s so far (%zu of %zu terms;", snum(a, s, j < k ? s->pend_w[j] : s->pend_b),
                  c->added, c->m);
        flow_add(&f, " the update comes with the last)");
    } else {
        flow_addf(&f, "(1/%zu) × %s", c->m, paren(a, snum(a, s, c->u.sum[j])));
        if (j < k && s->lambda > 0) {
            flow_addf(&f, " + %s", paren(b, snum(b, s, c->u.l2[j])));
        }
        flow_addf(&f, " = %s", snum(a, s, c->u.grad[j]));
        flow_addf(&f, "      %s ← %s", c->P, num(a, s, c->u.old[j]));
        flow_addf(&f, " − %s × %s", short_num(b, s, s->eta), paren(e, snum(e, s, c->u.grad[j])));
        flow_addf(&f, " = %s", num(d, s, c->u.next[j]));
    }
    flow_end(&f);
    take_lines(out, sb_str(&part), left);
    sb_free(&part);
}

/* The sentence about the term just added during micro-steps (full, and brief). */
static void pane_just_added(pane_ctx *c, char *full, char *brief, size_t len)
{
    session *s = c->s;
    size_t k = c->k, row = c->u.rows[c->added - 1];
    char a[NUMLEN], b[NUMLEN], x[NUMLEN];
    double t = model_term(s->data.x + row * k, k, c->j, c->delta[c->added - 1]);
    fmt_num(b, sizeof b, c->delta[c->added - 1], c->dd, FMT_SIGN);
    if (c->j < k) {
        fmt_num(x, sizeof x, s->data.x[row * k + c->j], c->xd, 0);
        snprintf(full, len, "Just added: example %zu, %s(%s) = %s × (%s) = %s.", row + 1, c->X,
                 c->quad ? "σ(z) − y)σ'(z" : "σ(z) − y", x, b, fmt_num(a, sizeof a, t, c->dg, FMT_SIGN));
    } else {
        snprintf(full, len, "Just added: example %zu, %s = %s.", row + 1,
                 c->quad ? "(σ(z) − y)σ'(z)" : "σ(z) − y", fmt_num(a, sizeof a, t, c->dg, FMT_SIGN));
    }
    snprintf(brief, len, "Just added: example %zu.", row + 1);
}

/* The sentence about the examples that move the parameter most (full, and brief). */
static void pane_movers(pane_ctx *c, char *full, char *brief, size_t len)
{
    session *s = c->s;
    size_t m = c->m, up = m, down = m;
    char a[NUMLEN];
    double tu = 0, td = 0;
    for (size_t r = 0; r < m; r++) {
        double t = model_term(s->data.x + c->u.rows[r] * c->k, c->k, c->j, c->delta[r]);
        if (t > td) {
            td = t;
            down = r;
        }
        if (t < tu) {
            tu = t;
            up = r;
        }
    }
    full[0] = '\0';
    size_t o = 0;
    if (down < m) {
        o += (size_t)snprintf(full, len, "Example %zu pushes %s down the most (%s)", c->u.rows[down] + 1, c->P,
                              snum(a, s, td));
    }
    if (up < m) {
        snprintf(full + o, len - o, "%sxample %zu pulls it up the most (%s)", o ? "; e" : "E",
                 c->u.rows[up] + 1, snum(a, s, tu));
    }
    if (down == m && up == m) {
        snprintf(full, len, "No example moves %s: every term is 0", c->P);
    }
    size_t l = strlen(full);
    snprintf(full + l, len - l, ".");
    brief[0] = '\0';
    if (down < m) {
        snprintf(brief, len, "Example %zu pushes %s down the most.", c->u.rows[down] + 1, c->P);
    }
}

/* The words, most useful first, as many as fit (each shortened when the full one does not). */
static void pane_words(pane_ctx *c, strbuf *out, int *left)
{
    session *s = c->s;
    size_t j = c->j, m = c->m;
    char col[256], names[3][512], brief[3][512];
    if (j < c->k) {
        column_words(s, j, col, sizeof col);
        snprintf(brief[0], sizeof brief[0], "%s: the weight on input %s (%s).", c->P, c->X, col);
        snprintf(names[0], sizeof names[0], "%s is the weight on input %s (%s); %s is input %zu "
                 "of each example x in turn.", c->P, c->X, col, c->X, j + 1);
    } else {
        snprintf(brief[0], sizeof brief[0], "b: the bias, added to every z.");
        snprintf(names[0], sizeof names[0], "b is the bias, added to every example's z; its "
                 "term is each example's %s (∂z/∂b = 1).", c->quad ? "(σ(z) − y)σ'(z)" : "σ(z) − y");
    }
    snprintf(names[1], sizeof names[1], "σ(z) is that example's output, y its target%s; the sum "
             "runs over the %s = %zu example%s%s.", c->quad ? ", σ'(z) the slope of σ" : "",
             c->full ? "n" : "m", m, PL(m), c->full ? "" : " of the mini-batch");
    snprintf(brief[1], sizeof brief[1], "σ(z): output, y: target, %s = %zu example%s.",
             c->full ? "n" : "m", m, PL(m));
    if (c->micro) {
        pane_just_added(c, names[2], brief[2], sizeof names[2]);
    } else {
        pane_movers(c, names[2], brief[2], sizeof names[2]);
    }
    strbuf part = {0};
    for (int q = 0; q < 3 && *left > 0; q++) {
        int which = (q + 2) % 3;  /* which example moves it (or was just added) first */
        sb_clear(&part);
        wrap(&part, names[which], c->width, 0);
        if (!take_lines(out, sb_str(&part), left) && brief[which][0]) {
            sb_clear(&part);
            wrap(&part, brief[which], c->width, 0);
            take_lines(out, sb_str(&part), left);
        }
    }
    sb_free(&part);
}

void explain_formula_pane(session *s, size_t j, int width, int height, strbuf *out)
{
    size_t k = s->data.k;
    if (height < 1) {
        return;
    }
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        sb_puts(out, "(out of memory)\n");
        return;
    }
    pane_ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.k = k;
    c.j = j > k ? k : j;
    c.width = width < 20 ? 20 : width;
    c.quad = s->cost == MODEL_COST_QUAD;
    c.micro = s->pending > 0;
    c.dg = s->digits;
    c.xd = c.dg < 2 ? c.dg : 2;
    c.dd = c.dg < 3 ? c.dg : 3;
    pname(s, c.j, c.P, sizeof c.P);
    if (c.j < k) {
        xname(c.j, c.X, sizeof c.X);
    }
    upd_present(s, &c.u);
    c.m = c.u.m;
    c.full = is_full_batch(s, &c.u);
    c.delta = xcalloc(c.m, sizeof *c.delta);
    for (size_t r = 0; r < c.m; r++) {
        c.delta[r] = upd_delta(s, &c.u, r);
    }
    c.added = c.micro ? s->pending : c.m;
    c.mark = c.micro ? c.added - 1 : (size_t)-1;
    for (size_t r = 0; !c.micro && r < c.m; r++) {
        if (c.u.rows[r] == s->focus_i) {
            c.mark = r;
        }
    }
    int left = height;
    pane_formula(&c, out, &left);
    pane_bracket(&c, out, &left);
    pane_result(&c, out, &left);
    pane_words(&c, out, &left);
    free(c.delta);
    upd_free(&c.u);
}

void explain_strip_marks(char *text)
{
    char *w = text;
    for (char *r = text; *r; r++) {
        if (*r != EXPLAIN_MARK_ON && *r != EXPLAIN_MARK_OFF) {
            *w++ = *r;
        }
    }
    *w = '\0';
}
