/* explain_check.c: derive (the chain rule under both costs), check (every partial derivative against
 * a finite difference) and compare (cross-entropy against quadratic, now and over N steps). */
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

/* ---- derive ---- */

/* |z| beyond which σ'(z) is below the smallest normal double and 1/σ'(z) overflows: the chain
 * rule's factors are then written as powers of e from their logarithms. */
#define DERIVE_LOG_FORM(ch) ((ch)->da_dz < DBL_MIN)

/* sign × e^ln, written as a number when it is a normal double and as "+e^800.0000" beyond. */
static char *exp_num(char *buf, const session *s, double sign, double ln, int sign_always)
{
    if (sign == 0.0 || ln == -INFINITY) {
        return fmt_num(buf, NUMLEN, 0.0, s->digits, 0);
    }
    if (ln > log(DBL_MAX) || ln < log(DBL_MIN)) {
        char e[NUMLEN / 2];
        fmt_num(e, sizeof e, ln, s->digits, 0);
        snprintf(buf, NUMLEN, "%se^%s", sign < 0 ? "-" : (sign_always ? "+" : ""), e);
        return buf;
    }
    return fmt_num(buf, NUMLEN, sign * exp(ln), s->digits, sign_always ? FMT_SIGN : 0);
}

/* The three factors and their product for one cost, as a small table and a product line. Where
 * σ'(z) underflows, ∂C_x/∂a, σ'(z) and the product come from their logarithms (model_chain). */
static void derive_cost(session *s, size_t i, size_t j, model_cost cost, int width, strbuf *out)
{
    size_t k = s->data.k;
    session_evaluate(s);
    const double *x = s->data.x + i * k;
    double y = s->data.y[i];
    model_chain ch;
    model_chain_rule(session_z(s, i), y, cost, &ch);
    char a[NUMLEN], b[NUMLEN], c[NUMLEN], d[NUMLEN], P[32], X[32] = "";
    pname(s, j, P, sizeof P);
    if (j < k) {
        xname(j, X, sizeof X);
    }
    int ce = cost == MODEL_COST_CE, logs = DERIVE_LOG_FORM(&ch);
    double xj = j < k ? x[j] : 1.0;
    double ln_dcda = ce ? ch.ln_gap - ch.ln_da_dz : ch.ln_gap;
    double ln_prod = ch.ln_gap + (ce ? 0.0 : ch.ln_da_dz) + (xj != 0.0 ? log(fabs(xj)) : 0.0);
    double sign_prod = xj == 0.0 ? 0.0 : (xj > 0 ? ch.sign_gap : -ch.sign_gap);
    if (ce) {
        wrap(out, "Cross-entropy, C_x = −[y ln a + (1 − y) ln(1 − a)] (eq." NB "57):", width, 2);
    } else {
        wrap(out, "Quadratic, C_x = ½(y − a)² (eq." NB "54 for one example):", width, 2);
    }
    table tb;
    tbl_init(&tb, 4);
    char sym[64];
    tbl_put(&tb, "∂C_x/∂a");
    tbl_put(&tb, ce ? "(a − y)/(a(1 − a))" : "a − y");
    tbl_put(&tb, "=");
    tbl_put(&tb, logs ? exp_num(a, s, ch.sign_gap, ln_dcda, 1) : snum(a, s, ch.dc_da));
    tbl_put(&tb, "∂a/∂z");
    tbl_put(&tb, "σ'(z) = a(1 − a)");
    tbl_put(&tb, "=");
    tbl_put(&tb, logs ? exp_num(a, s, 1.0, ch.ln_da_dz, 0) : num(a, s, ch.da_dz));
    snprintf(sym, sizeof sym, "∂z/∂%s", P);
    tbl_put(&tb, sym);
    tbl_put(&tb, j < k ? X : "1");
    tbl_put(&tb, "=");
    tbl_put(&tb, num(a, s, xj));
    tbl_render(&tb, out, 2, "llll");
    tbl_free(&tb);
    double prod = model_term(x, k, j, ch.dc_dz);
    char lead[96];
    snprintf(lead, sizeof lead, "  ∂C_x/∂%s = ", P);
    flow f;
    flow_start(&f, out, width, lead);
    if (logs) {
        flow_addf(&f, "%s × %s × %s", paren(a, exp_num(a, s, ch.sign_gap, ln_dcda, 1)),
                  exp_num(b, s, 1.0, ch.ln_da_dz, 0), num(c, s, xj));
        flow_addf(&f, " = %s", exp_num(d, s, sign_prod, ln_prod, 1));
    } else {
        flow_addf(&f, "%s × %s × %s", paren(a, snum(a, s, ch.dc_da)), num(b, s, ch.da_dz),
                  num(c, s, xj));
        flow_addf(&f, " = %s", snum(d, s, prod));
    }
    if (ce) {
        flow_addf(&f, " = %s(a − y):", X);
        flow_add(&f, " σ'(z) cancels");
    } else {
        flow_addf(&f, " = %s(a − y)σ'(z):", X);
        flow_add(&f, " σ'(z) stays");
    }
    flow_end(&f);
}

int explain_derive(session *s, size_t i, size_t j, int width, strbuf *out,
                   char *err, size_t errlen)
{
    size_t k = s->data.k;
    if (check_example(s, i, err, errlen) < 0) {
        return -1;
    }
    if (j > k) {
        snprintf(err, errlen, "no parameter %zu: the parameters are w1..w%zu and b", j + 1, k);
        return -1;
    }
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    char a[NUMLEN], b[NUMLEN], c[NUMLEN], P[32], X[32] = "";
    pname(s, j, P, sizeof P);
    if (j < k) {
        xname(j, X, sizeof X);
    }
    const model_example ex_val = session_example(s, i);
    const model_example *ex = &ex_val;
    model_chain ch;
    model_chain_rule(ex->z, s->data.y[i], MODEL_COST_CE, &ch);
    wrapf(out, width, 4, "Chain rule for example %zu and %s: ∂C_x/∂%s = ∂C_x/∂a · ∂a/∂z · ∂z/∂%s",
          i + 1, P, P, P);
    example_line(s, i, width, out);
    wrapf(out, width, 4, "  z = %s, a = σ(z) = %s, a − y = %s", snum(a, s, ex->z),
          num(b, s, ex->a), snum(c, s, ch.gap));
    sb_puts(out, "\n");
    derive_cost(s, i, j, MODEL_COST_CE, width, out);
    sb_puts(out, "\n");
    derive_cost(s, i, j, MODEL_COST_QUAD, width, out);
    sb_puts(out, "\n");
    char ratio[NUMLEN];
    strbuf para = {0};
    if (DERIVE_LOG_FORM(&ch)) {
        char e[NUMLEN];
        fmt_num(e, sizeof e, -ch.ln_da_dz / log(10.0), 1, FMT_FIXED);  /* "about 10^x", a rough size */
        sb_printf(&para, "At z = %s the factors ∂C_x/∂a and σ'(z) lie beyond the range of a "
                         "double (about e^±709), so they are written as powers of e, from "
                         "ln σ'(z) = −|z| − 2 ln(1 + e^(−|z|)) and ln|a − y|; the "
                         "cross-entropy's product is a − y itself, computed directly. ",
                  snum(c, s, ex->z));
        sb_printf(&para, "For this example the quadratic term is σ'(z) = %s times the "
                         "cross-entropy term: %s (about 10^%s) times smaller.",
                  exp_num(a, s, 1.0, ch.ln_da_dz, 0), exp_num(ratio, s, 1.0, -ch.ln_da_dz, 0), e);
    } else {
        fmt_num(ratio, sizeof ratio, ch.ce_over_quad, 1, 0);
        sb_printf(&para, "For this example the quadratic term is σ'(z) = %s times the "
                         "cross-entropy term: %s times smaller.", num(a, s, ch.da_dz), ratio);
    }
    if (j < k && s->data.x[i * k + j] == 0.0) {
        sb_printf(&para, " (Here %s = 0, so both terms are 0 for %s; the factor holds for every "
                         "parameter this example touches.)", X, P);
    }
    sb_printf(&para, " Why: the cross-entropy's ∂C_x/∂a has a(1 − a) in its denominator, exactly "
                     "the σ'(z) that ∂a/∂z brings, so the two cancel and the term is the error "
                     "a − y%s (eq." NB "%s). The quadratic cost's ∂C_x/∂a = a − y has no such "
                     "denominator, so σ'(z) stays (eq." NB "%s): when σ(z) is near 0 or 1, σ'(z) "
                     "is tiny and a badly wrong output learns slowly.",
              j < k ? " times the input" : " itself, since ∂z/∂b = 1", j < k ? "61" : "62",
              j < k ? "55" : "56");
    wrap(out, sb_str(&para), width, 0);
    sb_free(&para);
    return 0;
}

/* ---- check ---- */

/* A relative error for people: "2.6e-07", or "< 1e-9" below the level where the digits are
 * rounding noise that changes with the order of additions. */
static void rel_text(char *buf, size_t len, double rel)
{
    if (rel < 1e-9) {
        snprintf(buf, len, "< 1e-9");
    } else {
        snprintf(buf, len, "%.1e", rel);
    }
}

/* The parameters `check` takes: all, or b and EXPLAIN_CHECK_MAX − 1 weights evenly spaced from
 * w₁ to w_k. Returns the count written to js (k + 1 entries allocated). */
static size_t check_params(size_t k, int all, size_t *js)
{
    if (all || k + 1 <= EXPLAIN_CHECK_MAX) {
        for (size_t j = 0; j <= k; j++) {
            js[j] = j;
        }
        return k + 1;
    }
    size_t m = EXPLAIN_CHECK_MAX - 1;
    for (size_t q = 0; q < m; q++) {
        js[q] = (size_t)((double)q * (double)(k - 1) / (double)(m - 1) + 0.5);
    }
    js[m] = k;
    return m + 1;
}

/* One checked parameter. */
typedef struct {
    size_t j;
    double g, fd, h, diff, allowed, floor, rel;
} check_row;

/* Computes row r of the check (r->j and r->g set); returns 1 when progress asked to stop. */
static int check_one(const session *s, const double *z, const double *zd, check_row *r,
                     explain_check_opts *o, long done, long total)
{
    size_t k = s->data.k, n = s->data.n, j = r->j, row = 0;
    double theta = j < k ? s->w[j] : s->b, sums[5] = {0};
    r->h = model_fd_step(s->data.x, n, k, j, theta);
    double fd = NAN;
    while (row < n) {
        fd = model_fd_partial_z(s->data.x, s->data.y, n, k, z, zd, theta, s->cost, s->lambda, j,
                                r->h, &row, sums);
        if (o->progress && o->progress(o->progress_ctx, done, total)) {
            return 1;
        }
    }
    r->fd = fd;
    r->floor = model_fd_floor(n, s->cost, r->h, sums);
    r->diff = fabs(r->g - r->fd);
    double big = fabs(r->g) > fabs(r->fd) ? fabs(r->g) : fabs(r->fd);
    r->allowed = CHECK_TOL * big + r->floor;
    r->rel = model_rel_error(r->g, r->fd);
    return 0;
}

/* A row whose allowed difference is mostly the difference's own error (more than 1e-6 of its
 * values): its relative error says little and is left out of the largest one. */
static int check_unresolved(const check_row *r)
{
    double big = fabs(r->g) > fabs(r->fd) ? fabs(r->g) : fabs(r->fd);
    return !(r->floor <= CHECK_TOL * big);
}

/* The sentences that close `check`: the verdict from the rows shown, naming the rows that
 * disagree and those left out of the largest relative error. */
static void check_verdict(const session *s, const check_row *rows, size_t count, int width,
                          explain_check_opts *o, strbuf *out)
{
    char P[32], w[NUMLEN], at[32] = "";
    strbuf bad = {0}, low = {0}, para = {0};
    size_t nres = 0, nbad = 0;
    double worst = 0.0;
    for (size_t q = 0; q < count; q++) {
        const check_row *r = &rows[q];
        pname(s, r->j, P, sizeof P);
        if (!(r->diff <= r->allowed)) {
            rel_text(w, sizeof w, r->rel);
            sb_printf(&bad, "%s%s (relative error %s)", nbad++ ? ", " : "", P, w);
        }
        if (check_unresolved(r)) {
            sb_printf(&low, "%s%s", nres++ ? ", " : "", P);
        } else if (r->rel > worst || isnan(r->rel)) {
            worst = r->rel;
            snprintf(at, sizeof at, "%s", P);
        }
    }
    o->worst = worst;
    o->disagree = nbad;
    rel_text(w, sizeof w, worst);
    if (nbad == 0) {
        sb_printf(&para, "All %zu partial derivative%s checked agree: each difference is within "
                         "what it allows", count, PL(count));
        if (nres < count && worst >= 1e-9) {
            sb_printf(&para, " (largest relative error %s, at %s)", w, at);
        } else if (nres < count) {
            sb_printf(&para, " (largest relative error %s)", w);
        }
        sb_puts(&para, ".");
    } else {
        sb_printf(&para, "%zu of %zu partial derivative%s DISAGREE with the finite difference by "
                         "more than they allow: %s.", nbad, count, PL(count), sb_str(&bad));
    }
    if (nres > 0) {
        sb_printf(&para, " Left out of the largest relative error: %s, where what the difference "
                         "cannot resolve exceeds 1e-6 of the values, so a relative error says "
                         "little; near a minimum, where the gradient is tiny, a central difference "
                         "can only show that it is small.", sb_str(&low));
    }
    wrap(out, sb_str(&para), width, 0);
    sb_free(&para);
    sb_free(&bad);
    sb_free(&low);
}

/* Each row's z and |∂C_x/∂z| at the present parameters (n each), in one O(n k) pass. */
static void check_rows_z(const session *s, double *z, double *zd)
{
    size_t n = s->data.n, k = s->data.k;
    double *g = xcalloc(k ? k : 1, sizeof *g), gb;
    model_accumulate_grad(s->data.x, s->data.y, k, NULL, n, s->w, s->b, s->cost, g, &gb, z);
    for (size_t i = 0; i < n; i++) {
        zd[i] = fabs(model_delta_at(z[i], s->data.y[i], s->cost));
    }
    free(g);
}

/* The table of the rows done. */
static void check_table(const session *s, const check_row *rows, size_t count, strbuf *out)
{
    int dg = s->digits > 8 ? s->digits : 8;
    char a[NUMLEN], P[32];
    table tb;
    tbl_init(&tb, 7);
    const char *head[] = {"θ", "analytic", "finite diff.", "h", "|a − f|", "allowed", "verdict"};
    for (size_t c = 0; c < 7; c++) {
        tbl_put(&tb, head[c]);
    }
    for (size_t q = 0; q < count; q++) {
        const check_row *r = &rows[q];
        tbl_put(&tb, pname(s, r->j, P, sizeof P));
        tbl_put(&tb, fmt_num(a, sizeof a, r->g, dg, FMT_SIGN));
        tbl_put(&tb, fmt_num(a, sizeof a, r->fd, dg, FMT_SIGN));
        tbl_putf(&tb, "%.2e", r->h);
        tbl_putf(&tb, "%.1e", r->diff);
        tbl_putf(&tb, "%.1e", r->allowed);
        tbl_put(&tb, r->diff <= r->allowed ? "ok" : "DISAGREE");
    }
    tbl_render(&tb, out, 2, "lrrrrrl");
    tbl_free(&tb);
}

int explain_check(session *s, int width, explain_check_opts *o, strbuf *out, char *err, size_t errlen)
{
    size_t k = s->data.k, n = s->data.n;
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    explain_check_opts none = {0};
    if (!o) {
        o = &none;
    }
    width = clamp_width(width);
    char a[NUMLEN], P[32], Q[32];
    size_t *js = xcalloc(k + 1, sizeof *js);
    size_t count = check_params(k, o->all, js);
    check_row *rows = xcalloc(count, sizeof *rows);
    double *z = xcalloc(n, sizeof *z), *zd = xcalloc(n, sizeof *zd);
    check_rows_z(s, z, zd);
    wrapf(out, width, 2, "Gradient check at step %ld (%s cost, λ = %s, n = %zu): each analytic "
          "∂C/∂θ against the central difference (C(θ + h) − C(θ − h)) / 2h", s->step,
          cost_words(s->cost), short_num(a, s, s->lambda), n);
    if (count < k + 1) {
        wrapf(out, width, 2, "  %zu parameters: %zu of them are checked, b and %zu weights spaced "
              "evenly from %s to %s (`check all` checks every one)", k + 1, count, count - 1,
              pname(s, 0, P, sizeof P), pname(s, k - 1, Q, sizeof Q));
    }
    if (o->tolerance) {
        for (size_t j = 0; j <= k; j++) {
            o->tolerance[j] = NAN;
        }
    }
    size_t done = 0;
    o->stopped = 0;
    for (; done < count; done++) {
        check_row *r = &rows[done];
        r->j = js[done];
        r->g = o->analytic ? o->analytic[r->j] : (r->j < k ? ev->grad_w[r->j] : ev->grad_b);
        if (check_one(s, z, zd, r, o, (long)done, (long)count)) {
            o->stopped = 1;
            break;
        }
        if (o->tolerance) {
            o->tolerance[r->j] = r->allowed;
        }
    }
    o->checked = done;
    if (done > 0) {
        check_table(s, rows, done, out);
        check_verdict(s, rows, done, width, o, out);
    }
    if (o->stopped) {
        wrapf(out, width, 0, "Stopped (Ctrl-C) after %zu of %zu parameters; the verdict covers "
              "those %zu.", done, count, done);
    }
    wrap(out, "Allowed: 1e-6 of the larger value, plus what the difference cannot resolve "
              "(its rounding, which grows as ε/h, its truncation, which grows as h², and the sum's own rounding). "
              "h = ∛ε / max|x_j| (∛ε for b, at most max(1, |θ|)) moves z by about 6e-6 for the "
              "example it moves most.", width, 0);
    free(z);
    free(zd);
    free(rows);
    free(js);
    return 0;
}

/* ---- compare ---- */

/* One copy of the parameters trained by full-batch gradient descent under one cost. */
typedef struct {
    model_cost cost;
    double *w;      /* k */
    double b;
    double *g;      /* k: gradient work space */
    double gb;
    double c;       /* C at w, b */
    double a;       /* σ(z) of the followed example at w, b */
    int broken;     /* a value stopped being finite */
} trainee;

/* Evaluates C and the followed example's output at the copy's parameters; leaves the gradient
 * in g, gb ready for an update. */
static void trainee_eval(const session *s, size_t follow, trainee *t)
{
    size_t n = s->data.n, k = s->data.k;
    double sum = model_accumulate(s->data.x, s->data.y, k, NULL, n, t->w, t->b, t->cost, t->g,
                                  &t->gb, NULL);
    model_finish_gradient(t->g, &t->gb, k, n, n, s->lambda, t->w);
    t->c = model_total_cost(sum, n, s->lambda, t->w, k);
    model_example ex;
    model_eval_example(t->w, t->b, s->data.x + follow * k, k, s->data.y[follow], t->cost, &ex);
    t->a = ex.a;
    if (!isfinite(t->c) || !isfinite(t->gb)) {
        t->broken = 1;
    }
}

/* Each example's ∂C_x/∂z under both costs with the σ'(z) that tells them apart (the largest
 * listed), then both gradients at the present parameters. */
static void compare_now(session *s, trainee tr[2], int width, strbuf *out)
{
    size_t n = s->data.n, k = s->data.k;
    char a[NUMLEN], P[32];
    double *ceterm = xcalloc(n, sizeof *ceterm);
    /* each example's ∂C_x/∂z under both costs, and σ'(z) that tells them apart */
    model_chain *chq = xcalloc(n, sizeof *chq);
    for (size_t r = 0; r < n; r++) {
        model_chain_rule(session_z(s, r), s->data.y[r], MODEL_COST_QUAD, &chq[r]);
        ceterm[r] = chq[r].gap;
    }
    size_t *idx = xcalloc(n, sizeof *idx);
    size_t shown = pick_rows(ceterm, n, ROWS_ALL, ROWS_TOP, idx);
    if (shown < n) {
        wrapf(out, width, 2, "  the %zu examples with the largest σ(z) − y of %zu:", shown, n);
    }
    table tb;
    text_table_header(&tb, cell_copy, "x", "y", "σ(z)", "σ'(z)", "CE: σ(z)−y", "quad: (σ(z)−y)σ'(z)", NULL);
    for (size_t q = 0; q < shown; q++) {
        size_t r = idx[q];
        tbl_putf(&tb, "%zu", r + 1);
        tbl_put(&tb, short_num(a, s, s->data.y[r]));
        tbl_put(&tb, num(a, s, chq[r].a));
        tbl_put(&tb, num(a, s, chq[r].da_dz));
        tbl_put(&tb, snum(a, s, chq[r].gap));
        tbl_put(&tb, snum(a, s, chq[r].dc_dz));
    }
    tbl_render(&tb, out, 2, "rrrrrr");
    tbl_free(&tb);
    if (shown < n) {
        wrapf(out, width, 4, "  … %zu more examples not shown", n - shown);
    }
    text_table_header(&tb, cell_copy, "", "∂C/∂θ cross-entropy", "∂C/∂θ quadratic", NULL);
    for (size_t j = 0; j <= k; j++) {
        tbl_put(&tb, pname(s, j, P, sizeof P));
        tbl_put(&tb, snum(a, s, j < k ? tr[0].g[j] : tr[0].gb));
        tbl_put(&tb, snum(a, s, j < k ? tr[1].g[j] : tr[1].gb));
    }
    sb_puts(out, "\n");
    tbl_render(&tb, out, 2, "lrr");
    tbl_free(&tb);

    free(idx);
    free(chq);
    free(ceterm);
}

/* How far compare's training went: the costs at every step, where it ended and why. */
typedef struct {
    long t;             /* steps made */
    long stopped;       /* the step where a value stopped being finite, else -1 */
    long interrupted;   /* the step where Ctrl-C ended it, else -1 */
    double *cost_ce, *cost_quad;  /* steps + 1 each */
} compare_run;

/* Trains both copies up to steps full-batch steps, a table row every `every` steps. */
static void compare_train(session *s, trainee tr[2], long steps, size_t follow, session_progress_fn progress,
                          void *ctx, table *tb, compare_run *run)
{
    size_t k = s->data.k;
    char a[NUMLEN];
    long every = steps <= 10 ? 1 : (steps + 9) / 10;
    long t = 0;
    run->stopped = run->interrupted = -1;
    for (;;) {
        run->cost_ce[t] = tr[0].c;
        run->cost_quad[t] = tr[1].c;
        /* Ctrl-C (through progress) ends the table and the chart at this step */
        int stop_here = t > 0 && t < steps && progress && progress(ctx, t, steps);
        if (t % every == 0 || t == steps || stop_here) {
            tbl_putf(tb, "%ld", s->step + t);
            tbl_put(tb, num(a, s, tr[0].c));
            tbl_put(tb, num(a, s, tr[0].a));
            tbl_put(tb, num(a, s, tr[1].c));
            tbl_put(tb, num(a, s, tr[1].a));
        }
        if (t == steps) {
            break;
        }
        if (stop_here) {
            run->interrupted = t;
            break;
        }
        for (int q = 0; q < 2; q++) {
            model_apply_update(tr[q].w, &tr[q].b, k, s->eta, tr[q].g, tr[q].gb);
            trainee_eval(s, follow, &tr[q]);
        }
        t++;
        if (tr[0].broken || tr[1].broken) {
            run->stopped = t;
            break;
        }
    }
    run->t = t;
}

/* The words after the trained table: where it stopped, or both outputs and why they differ. */
static void compare_outcome(session *s, trainee tr[2], long steps, size_t follow, const compare_run *run,
                            int width, strbuf *out)
{
    char a[NUMLEN], b[NUMLEN], P[32];
    long stopped = run->stopped, interrupted = run->interrupted;
    if (stopped >= 0) {
        wrapf(out, width, 0, "Stopped at step %ld: a value stopped being finite (η = %s is "
              "too large for this data).", s->step + stopped, short_num(a, s, s->eta));
    } else if (interrupted >= 0) {
        wrapf(out, width, 0, "Stopped by Ctrl-C at step %ld of %ld; the table and the chart end "
              "there.", s->step + interrupted, s->step + steps);
    } else {
        strbuf para = {0};
        sb_printf(&para, "After %ld steps example %zu's output is %s under cross-entropy and "
                         "%s under the quadratic cost (target %s).", steps, follow + 1,
                  num(a, s, tr[0].a), num(b, s, tr[1].a),
                  short_num(P, s, s->data.y[follow]));
        sb_puts(&para, " Each quadratic term carries σ'(z), which is small while σ(z) is "
                       "near 0 or 1: a neuron that starts badly wrong and saturated learns "
                       "slowly under the quadratic cost, at once under cross-entropy.");
        wrap(out, sb_str(&para), width, 0);
        sb_free(&para);
    }
}

/* Both copies trained steps steps from here: the table, the chart of both costs, the outcome. */
static void compare_steps(session *s, trainee tr[2], long steps, size_t follow, int width,
                          session_progress_fn progress, void *ctx, strbuf *out)
{
    char a[NUMLEN];
    sb_puts(out, "\n");
    wrapf(out, width, 2, "Both trained %ld full-batch steps from here with η = %s%s (the "
          "session is not changed); σ(z) is example %zu's output:", steps,
          short_num(a, s, s->eta), s->lambda > 0 ? " and the λ term" : "", follow + 1);
    table tb;
    text_table_header(&tb, cell_copy, "step", "C cross-entropy", "σ(z)", "C quadratic", "σ(z)", NULL);
    compare_run run;
    run.cost_ce = xcalloc((size_t)steps + 1, sizeof(double));
    run.cost_quad = xcalloc((size_t)steps + 1, sizeof(double));
    compare_train(s, tr, steps, follow, progress, ctx, &tb, &run);
    tbl_render(&tb, out, 2, "rrrrr");
    tbl_free(&tb);
    if (run.t > 0) {
        /* Both costs on one chart: the slowdown is the flat start of the quadratic curve. */
        char perr[256];
        int pw = width < 72 ? width : 72;
        sb_puts(out, "\n");
        plot_compare_text(run.cost_ce, run.cost_quad, (size_t)run.t + 1, s->step, "cross-entropy", "quadratic",
                          pw, 12, fmt_ascii() ? PLOT_ASCII : 0, out, perr, sizeof perr);
    }
    compare_outcome(s, tr, steps, follow, &run, width, out);
    free(run.cost_ce);
    free(run.cost_quad);
}

int explain_compare(session *s, long steps, int width, session_progress_fn progress, void *ctx, strbuf *out,
                    char *err, size_t errlen)
{
    size_t n = s->data.n, k = s->data.k;
    if (steps < 0 || steps > COMPARE_MAX) {
        snprintf(err, errlen, "compare: N must be 0..%ld", COMPARE_MAX);
        return -1;
    }
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    size_t follow = s->focus_i < n ? s->focus_i : 0;
    trainee tr[2];
    for (int q = 0; q < 2; q++) {
        memset(&tr[q], 0, sizeof tr[q]);
        tr[q].cost = q == 0 ? MODEL_COST_CE : MODEL_COST_QUAD;
        tr[q].w = xcalloc(k + 1, sizeof(double));
        tr[q].g = xcalloc(k + 1, sizeof(double));
        memcpy(tr[q].w, s->w, k * sizeof(double));
        tr[q].b = s->b;
        trainee_eval(s, follow, &tr[q]);
    }
    wrapf(out, width, 2, "Cross-entropy against quadratic cost at step %ld (full dataset, n = %zu%s):",
          s->step, n, s->lambda > 0 ? ", with the λ term" : "");
    compare_now(s, tr, width, out);
    if (steps > 0) {
        compare_steps(s, tr, steps, follow, width, progress, ctx, out);
    } else {
        sb_puts(out, "\n");
        wrap(out, "In words: the quadratic cost multiplies each example's σ(z) − y by σ'(z), at "
                  "most 0.25 and near 0 when σ(z) is near 0 or 1, so a saturated, badly wrong "
                  "output gives it a small gradient; cross-entropy's term is σ(z) − y itself. "
                  "`compare N` trains both N steps from here.", width, 0);
    }
    for (int q = 0; q < 2; q++) {
        free(tr[q].w);
        free(tr[q].g);
    }
    return 0;
}
