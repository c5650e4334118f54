/* explain.c: the explanations of explain (w J, b, cost, z, sigma, update) and help symbols, from a
 * session's numbers; every number comes from the session or model.c. */
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

/* ---- explain w J | b ---- */

/* The first words under explain_param: what the symbols are, and under the quadratic cost
 * what σ'(z) does to each term. */
static void param_symbol_words(session *s, const upd *u, size_t j, int width, strbuf *out)
{
    size_t k = s->data.k, m = u->m;
    int full = is_full_batch(s, u);
    char P[32], X[32], col[256];
    pname(s, j, P, sizeof P);
    if (j < k) {
        xname(j, X, sizeof X);
        column_words(s, j, col, sizeof col);
        wrapf(out, width, 0,
              "In words: %s is the weight on input %zu (%s), one number shared by every "
              "example. %s is input %zu of each example in turn, σ(z) is that example's output "
              "a and y its target; the sum runs over the %s = %zu example%s%s.",
              P, j + 1, col, X, j + 1, full ? "n" : "m", m, PL(m),
              full ? "" : " of the next mini-batch");
    } else {
        wrapf(out, width, 0,
              "In words: b is the bias, one number added to every example's z; since ∂z/∂b = 1, "
              "each example's term is its σ(z) − y alone (σ(z) its output, y its target). The "
              "sum runs over the %s = %zu example%s%s.",
              full ? "n" : "m", m, PL(m), full ? "" : " of the next mini-batch");
    }
    if (s->cost == MODEL_COST_QUAD) {
        wrap(out, "Under the quadratic cost each term also carries σ'(z), the slope of σ at that "
                  "example's z: near 0 when σ(z) is close to 0 or 1, however wrong the output.",
             width, 0);
    }
}

/* What a positive and a negative term do to parameter P (X: its input's name). */
static void sign_intro(strbuf *para, const session *s, size_t j, const char *X, const char *P)
{
    size_t k = s->data.k;
    if (j < k) {
        sb_printf(para, "A term %s(σ(z) − y)%s is positive when the output is above its target "
                         "with %s > 0, or below it with %s < 0; a positive term pushes %s down, "
                         "because the update subtracts η times the gradient, and a negative term "
                         "pulls it up.", X, s->cost == MODEL_COST_QUAD ? "σ'(z)" : "", X, X, P);
    } else {
        sb_printf(para, "A term σ(z) − y%s is positive when the output is above its target; a "
                         "positive term pushes b down, because the update subtracts η times the "
                         "gradient, and a negative term pulls it up.",
                  s->cost == MODEL_COST_QUAD ? " (times σ'(z) > 0)" : "");
    }
}

/* The examples of the update by the sign of their term t[r]: who pushes the parameter down,
 * who pulls it up, who adds nothing, and the largest contributor. */
static void param_sign_words(session *s, const upd *u, size_t j, const double *t, int width, strbuf *out)
{
    size_t k = s->data.k, m = u->m;
    char P[32], X[32] = "", a[NUMLEN];
    pname(s, j, P, sizeof P);
    if (j < k) {
        xname(j, X, sizeof X);
    }
    size_t *pos = xcalloc(m, sizeof *pos), *neg = xcalloc(m, sizeof *neg);
    size_t *zer = xcalloc(m, sizeof *zer);
    double *pv = xcalloc(m, sizeof *pv), *nv = xcalloc(m, sizeof *nv);
    size_t np = 0, nn = 0, nz = 0, big = 0;
    for (size_t r = 0; r < m; r++) {
        if (t[r] > 0) {
            pv[np] = t[r];
            pos[np++] = u->rows[r];
        } else if (t[r] < 0) {
            nv[nn] = t[r];
            neg[nn++] = u->rows[r];
        } else {
            zer[nz++] = u->rows[r];
        }
        if (fabs(t[r]) > fabs(t[big])) {
            big = r;
        }
    }
    strbuf para = {0};
    sign_intro(&para, s, j, X, P);
    char names[512];
    const char *sep = " Here";
    if (np) {
        name_examples(names, sizeof names, pos, np);
        sb_printf(&para, "%s %s %s %s down", sep, names, np == 1 ? "pushes" : "push", P);
        sign_group(&para, s, j, pos, pv, np, 1, X);
        sep = ";";
    }
    if (nn) {
        name_examples(names, sizeof names, neg, nn);
        sb_printf(&para, "%s %s %s it up", sep, names, nn == 1 ? "pulls" : "pull");
        sign_group(&para, s, j, neg, nv, nn, -1, X);
        sep = ";";
    }
    if (nz) {
        name_examples(names, sizeof names, zer, nz);
        sb_printf(&para, "%s %s %s nothing", sep, names, nz == 1 ? "adds" : "add");
        size_t xzero = 0;
        for (size_t q = 0; q < nz && j < k; q++) {
            xzero += s->data.x[zer[q] * k + j] == 0.0;
        }
        if (j < k && xzero == nz) {
            sb_printf(&para, " (%s = 0)", X);
        } else if (xzero == 0) {
            sb_puts(&para, " (σ(z) = y)");
        } else {
            sb_printf(&para, " (%s = 0 or σ(z) = y)", X);
        }
    }
    if (m > 1 && t[big] != 0) {
        sb_printf(&para, ". The largest contributor is example %zu (%s).", u->rows[big] + 1,
                  snum(a, s, t[big]));
    } else {
        sb_puts(&para, ".");
    }
    wrap(out, sb_str(&para), width, 0);
    sb_free(&para);
    free(pos);
    free(neg);
    free(zer);
    free(pv);
    free(nv);
}

/* The outcome under explain_param: the λ term when there is one, the gradient's sign and what
 * the update does to the parameter. */
static void param_outcome_words(session *s, const upd *u, size_t j, int width, strbuf *out)
{
    size_t k = s->data.k;
    int full = is_full_batch(s, u);
    char P[32], a[NUMLEN], b[NUMLEN], c[NUMLEN];
    pname(s, j, P, sizeof P);
    strbuf para = {0};
    double g = u->grad[j];
    num(a, s, u->old[j]);
    num(b, s, u->next[j]);
    num(c, s, fabs(u->move[j]));
    if (j < k && s->lambda > 0) {
        l2_words(&para, s, u, j, full);
    }
    if (g > 0) {
        sb_printf(&para, "So ∂C/∂%s is positive and this update lowers %s by %s: from %s to %s.",
                  P, P, c, a, b);
    } else if (g < 0) {
        sb_printf(&para, "So ∂C/∂%s is negative and this update raises %s by %s: from %s to %s.",
                  P, P, c, a, b);
    } else {
        sb_printf(&para, "So ∂C/∂%s is zero and this update leaves %s at %s.", P, P, a);
    }
    wrap(out, sb_str(&para), width, 0);
    sb_free(&para);
}

/* The words under explain_param: what the symbols are, who pushes which way, the outcome. */
static void param_words(session *s, const upd *u, size_t j, const double *t, int width,
                        strbuf *out)
{
    param_symbol_words(s, u, j, width, out);
    param_sign_words(s, u, j, t, width, out);
    param_outcome_words(s, u, j, width, out);
}

/* explain_param's first lines: the formula, the cost and the batch it is over, the progress of
 * an update being built. */
static void param_heading(session *s, const upd *u, size_t j, int width, strbuf *out)
{
    size_t k = s->data.k, n = s->data.n, m = u->m;
    int full = is_full_batch(s, u);
    int quad = s->cost == MODEL_COST_QUAD;
    int isb = j == k;
    char P[32], X[32] = "";
    pname(s, j, P, sizeof P);
    if (!isb) {
        xname(j, X, sizeof X);
    }
    const char *cnt = full ? "n" : "m";
    wrapf(out, width, 4, "∂C/∂%s = (1/%s) Σₓ %s%s(σ(z) − y)%s%s%s", P, cnt, X, isb ? "" : " ",
          quad ? " σ'(z)" : "", (!isb && s->lambda > 0) ? " + (λ/n) " : "",
          (!isb && s->lambda > 0) ? P : "");
    if (full) {
        wrapf(out, width, 2, "  %s cost%s, n = %zu example%s, step %ld", cost_words(s->cost),
              quad ? "" : (isb ? " (eq." NB "62)" : (s->lambda > 0 ? " (eqs." NB "61 and 88)"
                                                                 : " (eq." NB "61)")),
              n, PL(n), s->step);
    } else {
        wrapf(out, width, 2, "  %s cost, over the m = %zu example%s of the next mini-batch "
              "(n = %zu in all), step %ld", cost_words(s->cost), m, PL(m), n, s->step);
    }
    if (s->pending > 0) {
        wrapf(out, width, 2, "  (next has added %zu of these %zu terms so far; the update is "
              "applied after the last)", s->pending, m);
    }

}

/* explain_param's table: one row per example shown (idx[0..shown)), the factors of its term t[r]. */
static void param_table(session *s, const upd *u, size_t j, const double *t, const size_t *idx,
                        size_t shown, strbuf *out)
{
    size_t k = s->data.k;
    int quad = s->cost == MODEL_COST_QUAD;
    int isb = j == k;
    char X[32] = "", a[NUMLEN];
    if (!isb) {
        xname(j, X, sizeof X);
    }
    size_t ncol = 4 + (isb ? 0 : 1) + ((quad || !isb) ? 1 : 0) + (quad ? 1 : 0);
    table tb;
    tbl_init(&tb, ncol);
    char align[16] = "";
    tbl_put(&tb, "x");
    strcat(align, "r");
    if (!isb) {
        tbl_put(&tb, X);
        strcat(align, "r");
    }
    tbl_put(&tb, "σ(z)");
    tbl_put(&tb, "y");
    strcat(align, "rr");
    if (quad || !isb) {
        tbl_put(&tb, "σ(z)−y");
        strcat(align, "r");
    }
    if (quad) {
        tbl_put(&tb, "σ'(z)");
        strcat(align, "r");
    }
    if (isb) {
        tbl_put(&tb, quad ? "(σ(z)−y)σ'(z)" : "σ(z)−y");
    } else {
        tbl_putf(&tb, "%s(σ(z)−y)%s", X, quad ? "σ'(z)" : "");
    }
    strcat(align, "r");
    for (size_t q = 0; q < shown; q++) {
        size_t r = idx[q], row = u->rows[r];
        model_chain ch;
        model_chain_rule(u->z[r], s->data.y[row], s->cost, &ch);
        tbl_putf(&tb, "%zu", row + 1);
        if (!isb) {
            tbl_put(&tb, num(a, s, s->data.x[row * k + j]));
        }
        tbl_put(&tb, num(a, s, ch.a));
        tbl_put(&tb, short_num(a, s, s->data.y[row]));
        if (quad || !isb) {
            tbl_put(&tb, snum(a, s, ch.gap));
        }
        if (quad) {
            tbl_put(&tb, num(a, s, ch.da_dz));
        }
        tbl_put(&tb, snum(a, s, t[r]));
    }
    tbl_render(&tb, out, 2, align);
    tbl_free(&tb);
}

/* explain_param's sum, mean, λ term, gradient and update, as flowing formulas. */
static void param_update(session *s, const upd *u, size_t j, int width, strbuf *out)
{
    size_t k = s->data.k, n = s->data.n, m = u->m;
    int full = is_full_batch(s, u);
    int isb = j == k;
    const session_eval *ev = session_evaluate(s);
    char P[32], a[NUMLEN], b[NUMLEN], c[NUMLEN], d[NUMLEN], e[NUMLEN];
    pname(s, j, P, sizeof P);
    /* the sum, the mean, the λ term, the gradient and the update */
    snum(a, s, u->sum[j]);
    wrapf(out, width, 4, "  sum of the %zu term%s = %s", m, PL(m), a);
    flow f;
    char lead[160];
    snprintf(lead, sizeof lead, "  ∂C/∂%s = ", P);
    flow_start(&f, out, width, lead);
    paren(d, a);
    flow_addf(&f, "(1/%zu) × %s", m, d);
    if (!isb && s->lambda > 0) {
        flow_addf(&f, " + (%s/%zu) × %s", short_num(b, s, s->lambda), n, paren(d, num(c, s, u->old[j])));
        flow_addf(&f, " = %s", snum(b, s, u->mean[j]));
        flow_addf(&f, " + %s", paren(d, snum(c, s, u->l2[j])));
    }
    flow_addf(&f, " = %s", snum(b, s, u->grad[j]));
    flow_end(&f);
    snprintf(lead, sizeof lead, "  %s ← %s − η ∂C/∂%s = ", P, P, P);
    flow_start(&f, out, width, lead);
    flow_addf(&f, "%s − %s × %s", paren(d, num(a, s, u->old[j])), short_num(b, s, s->eta),
              paren(e, snum(c, s, u->grad[j])));
    flow_addf(&f, " = %s", num(a, s, u->next[j]));
    flow_end(&f);
    if (!full) {
        double g = isb ? ev->grad_b : ev->grad_w[j];
        wrapf(out, width, 4, "  (over the whole dataset ∂C/∂%s = %s)", P, snum(a, s, g));
    }
}

int explain_param(session *s, size_t j, int width, strbuf *out, char *err, size_t errlen)
{
    size_t k = s->data.k;
    if (j > k) {
        snprintf(err, errlen, "no parameter %zu: the parameters are w1..w%zu and b", j + 1, k);
        return -1;
    }
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    upd u;
    upd_present(s, &u);
    size_t m = u.m;
    char a[NUMLEN];
    param_heading(s, &u, j, width, out);

    /* one row per example: the terms and the factors they are made of */
    double *t = xcalloc(m, sizeof *t);
    for (size_t r = 0; r < m; r++) {
        t[r] = upd_term(s, &u, r, j);
    }
    size_t *idx = xcalloc(m, sizeof *idx);
    size_t shown = pick_rows(t, m, ROWS_ALL, ROWS_TOP, idx);
    if (shown < m) {
        wrapf(out, width, 2, "  the %zu largest of the %zu terms, largest first:", shown, m);
    }
    param_table(s, &u, j, t, idx, shown, out);
    if (shown < m) {
        size_t nr = 0;
        double rest = rest_sum(t, m, idx, shown, &nr);
        wrapf(out, width, 4, "  … %zu more terms not shown, adding up to %s", nr,
              snum(a, s, rest));
    }
    param_update(s, &u, j, width, out);
    sb_puts(out, "\n");
    param_words(s, &u, j, t, width, out);
    free(idx);
    free(t);
    upd_free(&u);
    return 0;
}

/* ---- explain cost | z | sigma | update ---- */



/* C_x of example i under cross-entropy, worked out with its logarithms, and in words. */
static void cost_one_ce(session *s, size_t i, const model_example *ex, int width, strbuf *out)
{
    size_t n = s->data.n;
    double y = s->data.y[i];
    char a[NUMLEN], b[NUMLEN], c[NUMLEN], d[NUMLEN];
    flow f;
    double la = model_ln_sigmoid(ex->z), l1a = model_ln_sigmoid(-ex->z);
    char ys[NUMLEN], y1[NUMLEN];
    short_num(ys, s, y);
    short_num(y1, s, 1.0 - y);
    flow_start(&f, out, width, "  C_x = ");
    flow_addf(&f, "−[%s × ln(%s)", ys, num(a, s, ex->a));
    flow_addf(&f, " + %s × ln(%s)]", y1, num(b, s, model_sigmoid(-ex->z)));
    flow_end(&f);
    flow_start(&f, out, width, "      = ");
    flow_addf(&f, "−[%s × (%s)", ys, num(a, s, la));
    flow_addf(&f, " + %s × (%s)]", y1, num(b, s, l1a));
    flow_addf(&f, " = %s", num(c, s, ex->cost));
    flow_end(&f);
    sb_puts(out, "\n");
    if (y == 0.0 || y == 1.0) {
        wrapf(out, width, 0,
              "In words: C_x is how wrong the output a is for this example. With y = %s "
              "only the %s term counts: C_x = −ln(%s) = %s. It is 0 when a equals y and "
              "grows without bound as a moves to the wrong end (ln 2 = 0.6931 at "
              "a = 0.5). C is the mean of C_x over the n = %zu example%s (`explain "
              "cost`).",
              ys, y >= 0.5 ? "ln a" : "ln(1 − a)",
              y >= 0.5 ? num(a, s, ex->a) : num(b, s, model_sigmoid(-ex->z)),
              num(d, s, y >= 0.5 ? -la : -l1a), n, PL(n));
    } else {
        wrapf(out, width, 0,
              "In words: C_x is how wrong the output a is for this example. With a "
              "target y = %s strictly between 0 and 1 both terms count, and C_x is "
              "smallest (but not 0) at a = y. C is the mean of C_x over the n = %zu "
              "example%s (`explain cost`).", ys, n, PL(n));
    }
}

/* C_x of example i under the quadratic cost, worked out, and in words. */
static void cost_one_quad(session *s, size_t i, const model_example *ex, int width, strbuf *out)
{
    size_t n = s->data.n;
    double y = s->data.y[i];
    char a[NUMLEN], b[NUMLEN], c[NUMLEN], d[NUMLEN];
    flow f;
    model_chain ch;
    model_chain_rule(ex->z, y, s->cost, &ch);
    flow_start(&f, out, width, "  C_x = ");
    flow_addf(&f, "½(%s − %s)²", short_num(a, s, y), num(b, s, ex->a));
    flow_addf(&f, " = ½ × (%s)²", snum(c, s, ch.gap));
    flow_addf(&f, " = %s", num(d, s, ex->cost));
    flow_end(&f);
    sb_puts(out, "\n");
    wrapf(out, width, 0,
          "In words: C_x is half the squared distance between the output a and the "
          "target y; it is at most ½, however wrong a is. Its gradient (a − y)σ'(z) "
          "can be tiny for a badly wrong output because of the factor σ'(z), which is "
          "near 0 when σ(z) is near 0 or 1 (`derive`). C is the mean over the n = %zu "
          "example%s (`explain cost`).", n, PL(n));
}

/* C_x of example i: the formula, the example, z and a, then the cost's own working. */
static void cost_one(session *s, size_t i, int width, strbuf *out)
{
    const model_example ex_val = session_example(s, i);
    const model_example *ex = &ex_val;
    char a[NUMLEN], b[NUMLEN], c[NUMLEN];
    int ce = s->cost == MODEL_COST_CE;
    if (ce) {
        wrapf(out, width, 4, "C_x for example %zu (cross-entropy, eq." NB "57): "
              "C_x = −[y ln a + (1 − y) ln(1 − a)], a = σ(z)", i + 1);
    } else {
        wrapf(out, width, 4, "C_x for example %zu (quadratic cost): C_x = ½(y − a)², "
              "a = σ(z)", i + 1);
    }
    example_line(s, i, width, out);
    wrapf(out, width, 4, "  z = %s, a = σ(z) = %s, 1 − a = %s", snum(a, s, ex->z),
          num(b, s, ex->a), num(c, s, model_sigmoid(-ex->z)));
    if (ce) {
        cost_one_ce(s, i, ex, width, out);
    } else {
        cost_one_quad(s, i, ex, width, out);
    }
}

/* C as the mean of every C_x (the largest listed), the λ term, and in words. */
static void cost_all(session *s, const session_eval *ev, int width, strbuf *out)
{
    size_t n = s->data.n, k = s->data.k;
    char a[NUMLEN], b[NUMLEN], c[NUMLEN];
    double *cx = xcalloc(n, sizeof *cx);
    for (size_t r = 0; r < n; r++) {
        cx[r] = session_example(s, r).cost;
    }
    wrapf(out, width, 4, "C = (1/n) Σₓ C_x%s   (%s cost, n = %zu, step %ld)",
          s->lambda > 0 ? " + (λ/2n)" NB "Σ_j" NB "w_j²" : "", cost_words(s->cost), n, s->step);
    size_t *idx = xcalloc(n, sizeof *idx);
    size_t shown = pick_rows(cx, n, ROWS_ALL, ROWS_TOP, idx);
    if (shown < n) {
        wrapf(out, width, 2, "  the %zu largest of the %zu costs, largest first:", shown, n);
    }
    table tb;
    text_table_header(&tb, cell_copy, "x", "y", "z", "σ(z)", "C_x", NULL);
    for (size_t q = 0; q < shown; q++) {
        size_t r = idx[q];
        tbl_putf(&tb, "%zu", r + 1);
        tbl_put(&tb, short_num(a, s, s->data.y[r]));
        tbl_put(&tb, snum(a, s, session_z(s, r)));
        tbl_put(&tb, num(a, s, model_activation(session_z(s, r))));
        tbl_put(&tb, num(a, s, cx[r]));
    }
    tbl_render(&tb, out, 2, "rrrrr");
    tbl_free(&tb);
    if (shown < n) {
        size_t nr = 0;
        double rest = rest_sum(cx, n, idx, shown, &nr);
        wrapf(out, width, 4, "  … %zu more not shown, adding up to %s", nr, num(a, s, rest));
    }
    double sum = model_sum(cx, n);
    double mean = model_total_cost(sum, n, 0.0, s->w, k);
    wrapf(out, width, 4, "  sum of the %zu cost%s = %s", n, PL(n), num(a, s, sum));
    flow f;
    flow_start(&f, out, width, "  C = ");
    flow_addf(&f, "(1/%zu) × %s", n, num(a, s, sum));
    if (s->lambda > 0) {
        double l2 = model_l2_cost(s->lambda, n, s->w, k);
        flow_addf(&f, " + (%s/%zu) × Σ_j w_j²", short_num(b, s, s->lambda), 2 * n);
        flow_addf(&f, " = %s + %s", num(a, s, mean), num(b, s, l2));
    }
    flow_addf(&f, " = %s", num(c, s, ev->cost));
    flow_end(&f);
    sb_puts(out, "\n");
    wrapf(out, width, 0,
          "In words: each C_x measures how wrong the output σ(z) is for one example; C is "
          "their mean, the number gradient descent lowers%s. `explain cost I` works one C_x "
          "out.", s->lambda <= 0 ? "" : (s->cost == MODEL_COST_QUAD
                                            ? ", plus the weight penalty (λ/2n)" NB "Σ" NB "w_j² (eq." NB "86)"
                                            : ", plus the weight penalty (λ/2n)" NB "Σ" NB "w_j² (eq." NB "85)"));
    free(idx);
    free(cx);
}

int explain_cost(session *s, size_t i, int width, strbuf *out, char *err, size_t errlen)
{
    if (i != EXPLAIN_ALL && check_example(s, i, err, errlen) < 0) {
        return -1;
    }
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    if (i != EXPLAIN_ALL) {
        cost_one(s, i, width, out);
    } else {
        cost_all(s, ev, width, out);
    }
    return 0;
}

int explain_z(session *s, size_t i, int width, strbuf *out, char *err, size_t errlen)
{
    size_t k = s->data.k;
    if (check_example(s, i, err, errlen) < 0) {
        return -1;
    }
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    char a[NUMLEN], b[NUMLEN], P[32], X[32];
    const double *x = s->data.x + i * k;
    wrapf(out, width, 4, "z for example %zu: z = Σ_j w_j x_j + b", i + 1);
    example_line(s, i, width, out);
    double *prod = xcalloc(k + 1, sizeof *prod);
    for (size_t j = 0; j < k; j++) {
        prod[j] = model_term(x, k, j, s->w[j]);
    }
    size_t *idx = xcalloc(k + 1, sizeof *idx);
    size_t shown = pick_rows(prod, k, ROWS_ALL, ROWS_TOP, idx);
    flow f;
    flow_start(&f, out, width, "  z = ");
    for (size_t q = 0; q < shown; q++) {
        size_t j = idx[q];
        flow_addf(&f, "%s%s%s", q ? " + " : "", pname(s, j, P, sizeof P), xname(j, X, sizeof X));
    }
    flow_addf(&f, "%sb", shown ? " + " : "");
    if (shown < k) {
        flow_add(&f, " + …");
    }
    flow_end(&f);
    flow_start(&f, out, width, "    = ");
    for (size_t q = 0; q < shown; q++) {
        size_t j = idx[q];
        flow_addf(&f, "%s%s × %s", q ? " + " : "", paren(a, num(a, s, s->w[j])),
                  num(b, s, x[j]));
    }
    flow_addf(&f, "%s%s", shown ? " + " : "", paren(a, num(a, s, s->b)));
    flow_end(&f);
    flow_start(&f, out, width, "    = ");
    for (size_t q = 0; q < shown; q++) {
        flow_addf(&f, "%s%s", q ? " + " : "", paren(a, num(a, s, prod[idx[q]])));
    }
    if (shown < k) {
        size_t nr = 0;
        double rest = rest_sum(prod, k, idx, shown, &nr);
        flow_addf(&f, " + %s", paren(a, num(a, s, rest)));
        flow_addf(&f, " (the other %zu products)", nr);
    }
    flow_addf(&f, "%s%s", shown ? " + " : "", paren(a, num(a, s, s->b)));
    flow_addf(&f, " = %s", snum(b, s, session_z(s, i)));
    flow_end(&f);
    sb_puts(out, "\n");
    wrapf(out, width, 0,
          "In words: z is the neuron's weighted input for example %zu: each input x_j times "
          "its weight w_j, plus the bias b. The weights and b are shared by every example; "
          "the inputs are this example's. z > 0 gives σ(z) > 0.5, a prediction of 1.", i + 1);
    free(idx);
    free(prod);
    return 0;
}

int explain_sigma(session *s, size_t i, int width, strbuf *out, char *err, size_t errlen)
{
    if (check_example(s, i, err, errlen) < 0) {
        return -1;
    }
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    char a[NUMLEN], b[NUMLEN], c[NUMLEN];
    const model_example ex_val = session_example(s, i);
    const model_example *ex = &ex_val;
    model_chain ch;
    model_chain_rule(ex->z, s->data.y[i], s->cost, &ch);
    wrapf(out, width, 4, "σ(z) for example %zu: a = σ(z) = 1/(1 + e^(−z)) (eq." NB "3)", i + 1);
    wrapf(out, width, 4, "  z = %s", snum(a, s, ex->z));
    wrapf(out, width, 4, "  σ(z) = 1/(1 + e^(%s)) = %s", snum(a, s, -ex->z), num(b, s, ex->a));
    wrapf(out, width, 4, "  σ'(z) = σ(z)(1 − σ(z)) = %s × %s = %s", num(a, s, ex->a),
          num(b, s, model_sigmoid(-ex->z)), num(c, s, ch.da_dz));
    sb_puts(out, "\n");
    wrapf(out, width, 0,
          "In words: σ squashes z into an output between 0 and 1; example %zu's output is %s "
          "against its target y = %s, so the neuron %s it as %s. σ'(z) is the slope of σ at "
          "this z: at most 0.25 (at z = 0) and smaller the further z is from 0. The quadratic "
          "cost's gradient is multiplied by it, which slows learning when σ(z) is near 0 or 1; "
          "the cross-entropy's is not (see `derive %zu`).",
          i + 1, num(a, s, ex->a), short_num(b, s, s->data.y[i]),
          ((ex->a >= 0.5) == (s->data.y[i] >= 0.5)) ? "classifies" : "misclassifies",
          ex->a >= 0.5 ? "1" : "0", i + 1);
    return 0;
}

int explain_update(session *s, int width, strbuf *out, char *err, size_t errlen)
{
    size_t k = s->data.k;
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    upd u;
    upd_present(s, &u);
    int full = is_full_batch(s, &u);
    char a[NUMLEN], P[32];
    wrapf(out, width, 4, "Update %ld: θ ← θ − η ∂C/∂θ for every parameter θ, with η = %s "
          "(%s cost, %s)", s->step + 1, short_num(a, s, s->eta), cost_words(s->cost),
          full ? "full batch" : "mini-batch");
    if (!full) {
        wrapf(out, width, 4, "  gradient over the m = %zu example%s of the next mini-batch",
              u.m, PL(u.m));
    }
    table tb;
    text_table_header(&tb, cell_copy, "", "old value", "∂C/∂θ", "−η ∂C/∂θ", "new value", NULL);
    for (size_t j = 0; j <= k; j++) {
        tbl_put(&tb, pname(s, j, P, sizeof P));
        tbl_put(&tb, num(a, s, u.old[j]));
        tbl_put(&tb, snum(a, s, u.grad[j]));
        tbl_put(&tb, snum(a, s, u.move[j]));
        tbl_put(&tb, num(a, s, u.next[j]));
    }
    tbl_render(&tb, out, 2, "lrrrr");
    tbl_free(&tb);
    sb_puts(out, "\n");
    wrapf(out, width, 0,
          "In words: every parameter moves against its partial derivative, by η times it: a "
          "positive ∂C/∂θ lowers θ, a negative one raises it, and the cost falls if η is small "
          "enough. `explain w J` and `explain b` show where each ∂C/∂θ comes from%s.",
          s->lambda > 0 ? "; with λ > 0 each weight's includes the decay (λ/n) w_j" : "");
    upd_free(&u);
    return 0;
}

/* Appends text word by word to a flow: a paragraph with a hanging indent under the lead. */
static void flow_words(flow *f, const char *text)
{
    const char *p = text;
    int first = 1;
    while (*p) {
        while (*p == ' ') {
            p++;
        }
        if (!*p) {
            break;
        }
        const char *e = p;
        while (*e && *e != ' ') {
            e++;
        }
        char word[256];
        snprintf(word, sizeof word, "%s%.*s", first ? "" : " ", (int)(e - p), p);
        flow_add(f, word);
        first = 0;
        p = e;
    }
}

/* ---- help symbols ---- */

void explain_symbols(strbuf *out, int width)
{
    static const char *const rows[][2] = {
        {"n", "the number of training examples (rows of the dataset)"},
        {"x", "one training example, a row; Σₓ sums over the examples"},
        {"x_j", "input j of an example (column j); there are k inputs"},
        {"y", "the desired output (target) of an example: 0 or 1 for the two classes, or any "
              "value in [0,1] as a soft target"},
        {"w_j", "the weight on input j, one number shared by every example"},
        {"b", "the bias, added to every example's z"},
        {"z", "the weighted input Σ_j w_j x_j + b, one per example"},
        {"a", "the output a = σ(z), between 0 and 1"},
        {"σ", "the sigmoid σ(z) = 1/(1 + e^(−z)) (eq." NB "3)"},
        {"σ'", "its slope σ'(z) = σ(z)(1 − σ(z)), at most 0.25"},
        {"C_x", "one example's cost: −[y ln a + (1 − y) ln(1 − a)] (eq." NB "57), or ½(y − a)² "
                "under the quadratic cost"},
        {"C", "the cost: the mean of C_x over the examples, plus (λ/2n) Σ_j w_j² when λ > 0"},
        {"∂C/∂w_j", "(1/n) Σₓ x_j (σ(z) − y) (eq." NB "61); ∂C/∂b = (1/n) Σₓ (σ(z) − y) (eq." NB "62)"},
        {"η", "the learning rate: w_j ← w_j − η ∂C/∂w_j, b ← b − η ∂C/∂b"},
        {"λ", "the L2 regularization strength: adds (λ/2n) Σ_j w_j² to C (eq." NB "87) and "
              "(λ/n) w_j to ∂C/∂w_j (eq." NB "88)"},
        {"m", "the mini-batch size: the sums run over m examples and 1/n becomes 1/m"},
    };
    width = clamp_width(width);
    wrap(out, "Symbols, as in chapter 3 of Nielsen's \"Neural Networks and Deep Learning\":",
         width, 0);
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        char lead[64];
        int pad = 10 - dwidth(rows[r][0]);
        snprintf(lead, sizeof lead, "  %s%*s", rows[r][0], pad > 1 ? pad : 1, "");
        flow f;
        flow_start(&f, out, width, lead);
        flow_words(&f, rows[r][1]);
        flow_end(&f);
    }
}
