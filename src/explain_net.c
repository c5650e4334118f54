/* explain_net.c: network mode's worked formulas: eq. 67 and BP1-BP4 with a session's numbers (explain, derive). */
#include "explain_net.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "net.h"
#include "xmem.h"

/* Example rows shown at most before the largest terms are picked. */
enum { NET_ROWS_ALL = 20, NET_ROWS_TOP = 12, NET_NEIGHBOURS_MAX = 12 };

/* One example's forward and backward pass (units values each), read from the session. */
typedef struct {
    double *z, *a, *d;
    double cost;
} pass;

static void pass_init(pass *p, session *s, size_t i)
{
    size_t U = s->net.shape.units;
    p->z = xcalloc(3 * U, sizeof(double));
    p->a = p->z + U;
    p->d = p->a + U;
    p->cost = session_net_example(s, i, p->z, p->a, p->d);
}

static void pass_free(pass *p)
{
    free(p->z);
    memset(p, 0, sizeof *p);
}

static char *num(char *buf, const session *s, double v)
{
    return fmt_num(buf, 32, v, s->digits, 0);
}

static char *snum(char *buf, const session *s, double v)
{
    return fmt_num(buf, 32, v, s->digits, FMT_SIGN);
}

/* A signed number in parentheses when negative-capable: "(+0.1234)". */
static char *pnum(char *buf, const session *s, double v)
{
    char t[32];
    snprintf(buf, 40, "(%s)", snum(t, s, v));
    return buf;
}

static void line(strbuf *out, int width, int indent, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void line(strbuf *out, int width, int indent, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    text_wrap(out, buf, width, indent, 0);
}

/* The name of neuron j's activation in layer l: "x2" (or the input's header name) in layer 1. */
static void act_name(const session *s, int l, size_t j, char *buf, size_t len)
{
    (void)s;
    if (l == 1) {
        snprintf(buf, len, "x%zu", j);
    } else {
        snprintf(buf, len, "a%d_%zu", l, j);
    }
}

static double act_value(const session *s, const pass *p, size_t ex, int l, size_t j)
{
    if (l == 1) {
        return s->data.x[ex * s->data.k + j - 1];
    }
    return p->a[s->net.shape.uoff[l] + j - 1];
}

static double delta_value(const session *s, const pass *p, int l, size_t j)
{
    return p->d[s->net.shape.uoff[l] + j - 1];
}

static const char *cost_words(const session *s)
{
    if (s->net.out == NET_OUT_SOFTMAX) {
        return "softmax outputs with the log-likelihood cost";
    }
    return s->cost == MODEL_COST_QUAD ? "sigmoid outputs with the quadratic cost"
                                      : "sigmoid outputs with the cross-entropy cost";
}

/* The output error's formula and where it comes from. */
static const char *output_error_words(const session *s)
{
    if (s->net.out == NET_OUT_SOFTMAX) {
        return "a - y (eq. 84)";
    }
    return s->cost == MODEL_COST_QUAD ? "(a - y) sigma'(z) (BP1)" : "a - y (eq. 66)";
}

/* ---- explain w L J K, explain b L J ---- */

static const double *sort_terms;

static int by_mag_cmp(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    double ma = fabs(sort_terms[a]), mb = fabs(sort_terms[b]);
    if (ma != mb) {
        return ma > mb ? -1 : 1;
    }
    return a < b ? -1 : a > b;
}

/* Indices 0..n-1 of the terms to show: all when few, else the largest by magnitude. */
static size_t pick_terms(const double *t, size_t n, size_t *idx)
{
    for (size_t i = 0; i < n; i++) {
        idx[i] = i;
    }
    if (n <= NET_ROWS_ALL) {
        return n;
    }
    sort_terms = t;
    qsort(idx, n, sizeof *idx, by_mag_cmp);
    return NET_ROWS_TOP;
}

/* The formula line of parameter i: eq. 67 at the output, BP4/BP3 below (with BP2's formula when bp2 is set);
 * batch: the mean is over a mini-batch of m, not over the n examples. */
static void param_formula(const session *s, size_t i, int l, size_t j, size_t k, int bp2, int batch, int width,
                          strbuf *out)
{
    const char *mean = batch ? "(1/m) sum_(x in batch)" : "(1/n) sum_x";
    const net_shape *sh = &s->net.shape;
    char P[48], A[32];
    net_param_name(sh, i, P, sizeof P);
    int w = net_param_is_weight(sh, i), final = l == sh->L;
    const char *lam = (w && s->lambda > 0) ? " + (lambda/n) " : "";
    act_name(s, l - 1, k, A, sizeof A);
    if (final && s->cost != MODEL_COST_QUAD) {
        line(out, width, 4, "dC/d%s = %s %s%s(a%d_%zu - y%zu)%s%s   (%s)", P, mean, w ? A : "", w ? " " : "", l, j, j,
             lam, w && s->lambda > 0 ? P : "",
             w ? (s->net.out == NET_OUT_SOFTMAX ? "eq. 67 with eq. 84" : "eq. 67")
               : (s->net.out == NET_OUT_SOFTMAX ? "BP3 with eq. 84" : "BP3 with eq. 66"));
    } else if (final) {
        line(out, width, 4, "dC/d%s = %s %s%s(a%d_%zu - y%zu) sigma'(z%d_%zu)%s%s   (%s)", P, mean, w ? A : "",
             w ? " " : "", l, j, j, l, j, lam, w && s->lambda > 0 ? P : "", w ? "BP4 with BP1" : "BP3 with BP1");
    } else if (!bp2) {
        line(out, width, 4, "dC/d%s = %s %s%sdelta%d_%zu%s%s   (%s)", P, mean, w ? A : "", w ? " " : "", l, j, lam,
             w && s->lambda > 0 ? P : "", w ? "BP4" : "BP3");
    } else {
        line(out, width, 4, "dC/d%s = %s %s%sdelta%d_%zu%s%s   (%s), delta%d_%zu = (sum_q w%d_q_%zu delta%d_q) "
             "sigma'(z%d_%zu)   (BP2)", P, mean, w ? A : "", w ? " " : "", l, j, lam, w && s->lambda > 0 ? P : "",
             w ? "BP4" : "BP3", l, j, l + 1, j, l + 1, l, j);
    }
}

/* Where the parameter sits, in the book's words. */
static void param_place_words(const session *s, size_t i, int l, size_t j, size_t k, int width, strbuf *out)
{
    const net_shape *sh = &s->net.shape;
    char P[48];
    net_param_name(sh, i, P, sizeof P);
    if (net_param_is_weight(sh, i)) {
        line(out, width, 2, "  %s is the book's w^%d_%zu%zu: the weight from neuron %zu of layer %d to neuron %zu of "
             "layer %d, row %zu, column %zu of the matrix w%d (row %zu holds neuron %zu's weights).", P, l, j, k, k,
             l - 1, j, l, j, k, l, j, j);
    } else {
        line(out, width, 2, "  %s is the book's b^%d_%zu: the bias of neuron %zu of layer %d.", P, l, j, j, l);
    }
    line(out, width, 2, "  %s, n = %zu examples, step %ld, over the whole dataset%s", cost_words(s), s->data.n,
         s->step, s->batch > 0 && s->batch < s->data.n ? " (each update uses one mini-batch of it)" : "");
}

/* The table of the cached terms at batch positions pos[0..shown-1]: example, the input factor, the
 * output and target (final layer), delta and the term; the example at position mark is marked ">". */
static void term_table(session *s, const session_terms *t, const size_t *pos, size_t shown, size_t mark, strbuf *out)
{
    const net_shape *sh = &s->net.shape;
    int l;
    size_t j, k;
    net_param_place(sh, t->param, &l, &j, &k);
    int w = k != 0, final = l == sh->L;
    char A[32], h[6][48];
    act_name(s, l - 1, k, A, sizeof A);
    text_table tb;
    size_t col = 0;
    snprintf(h[col++], 48, "x");
    if (w) {
        snprintf(h[col++], 48, "%s", A);
    }
    if (final) {
        snprintf(h[col++], 48, "a%d_%zu", l, j);
        snprintf(h[col++], 48, "y%zu", j);
    }
    snprintf(h[col++], 48, "delta%d_%zu", l, j);
    snprintf(h[col++], 48, "term");
    text_table_init(&tb, col, NULL);
    for (size_t c = 0; c < col; c++) {
        text_table_put(&tb, h[c]);
    }
    char b[48];
    for (size_t q = 0; q < shown; q++) {
        size_t r = pos[q], ex = t->rows ? t->rows[r] : r;
        snprintf(b, sizeof b, "%s%zu", r == mark ? ">" : "", ex + 1);
        text_table_put(&tb, b);
        if (w) {
            text_table_put(&tb, num(b, s, t->tap.in[r]));
        }
        if (final) {
            text_table_put(&tb, num(b, s, t->tap.out[r]));
            text_table_put(&tb, num(b, s, session_net_targets(s, ex)[j - 1]));
        }
        text_table_put(&tb, snum(b, s, t->tap.delta[r]));
        text_table_put(&tb, snum(b, s, t->term[r]));
    }
    char align[8] = "rrrrrr";
    align[col] = '\0';
    text_table_render(&tb, out, 2, align);
    text_table_free(&tb);
}

/* The sentence that maps an output weight onto eq. 61. */
static void eq61_words(int l, size_t j, size_t k, int width, strbuf *out)
{
    if (l == 2) {
        line(out, width, 2, "This is eq. 61 for output neuron %zu: with no hidden layer a^(L-1)_k is the input x%zu "
             "of one example, and a%d_%zu is output %zu of that example; the weights of output neuron %zu are row %zu "
             "of the matrix w%d, one row per output neuron.", j, k, l, j, j, j, j, l);
    } else {
        line(out, width, 2, "This is eq. 61 with x_j replaced: here x_j of eq. 61 is a%d_%zu, the output of neuron %zu "
             "of layer %d (the layer below) for one example, and sigma(z) is a%d_%zu, output %zu of that example; "
             "this weight is row %zu, column %zu of w%d, whose row %zu holds output neuron %zu's weights.",
             l - 1, k, k, l - 1, l, j, j, j, k, l, j, j);
    }
}

/* Which examples push the parameter down (positive term) or pull it up, and what λ does. */
static void sign_words(const session *s, size_t i, const double *t, size_t n, double data, double l2, double g,
                       int width, strbuf *out)
{
    size_t pos = 0, neg = 0;
    for (size_t ex = 0; ex < n; ex++) {
        pos += t[ex] > 0;
        neg += t[ex] < 0;
    }
    char P[48], a[32], b[32];
    net_param_name(&s->net.shape, i, P, sizeof P);
    line(out, width, 2, "%zu example%s give%s a positive term (pushing %s down), %zu a negative one (pulling it up)%s.",
         pos, pos == 1 ? "" : "s", pos == 1 ? "s" : "", P, neg, n - pos - neg ? ", the rest zero" : "");
    if (l2 != 0.0) {
        const char *which = (data > 0) == (l2 > 0) && data != 0.0 ? "both have the gradient's sign"
                            : fabs(l2) > fabs(data) ? "the lambda part decides the sign"
                                                    : "the data part decides the sign";
        line(out, width, 2, "The data part is %s and the lambda part (lambda/n) %s is %s: %s.", snum(a, s, data), P,
             snum(b, s, l2), which);
    }
    if (g != 0.0) {
        line(out, width, 2, "The gradient is %s, so a full-batch update %s %s.", g > 0 ? "positive" : "negative",
             g > 0 ? "lowers" : "raises", P);
    }
}

/* The sum of the terms and the gradient it gives: (1/m) * sum, plus the lambda part for a weight. */
static void sum_lines(session *s, const session_terms *t, int one, int width, strbuf *out)
{
    const net_shape *sh = &s->net.shape;
    char P[48], a[32], b[32], c[40], d[40];
    net_param_name(sh, t->param, P, sizeof P);
    double pv = session_param(s, t->param);
    int l2 = net_param_is_weight(sh, t->param) && s->lambda != 0.0;
    char sum[64];
    snprintf(sum, sizeof sum, "sum of the %zu terms = %s", t->m, snum(a, s, t->sum));
    if (!one) {
        line(out, width, 4, "  %s", sum);
    }
    if (l2) {
        line(out, width, 4, "  %s%sdC/d%s = (1/%zu) * %s + (%s/%zu) * %s = %s", one ? sum : "", one ? "; " : "", P, t->m,
             pnum(c, s, t->sum), num(b, s, s->lambda), s->data.n, pnum(d, s, pv), snum(a, s, t->grad));
    } else {
        line(out, width, 4, "  %s%sdC/d%s = (1/%zu) * %s = %s", one ? sum : "", one ? "; " : "", P, t->m,
             pnum(c, s, t->sum), snum(a, s, t->grad));
    }
}

int explain_net_param(session *s, size_t i, int width, strbuf *out, char *err, size_t errlen)
{
    const net_shape *sh = &s->net.shape;
    if (i >= sh->nparams) {
        snprintf(err, errlen, "no parameter %zu: the network has %zu", i + 1, sh->nparams);
        return -1;
    }
    const session_terms *t = session_net_terms(s, i, 1);
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int l;
    size_t j, k, n = t->m;
    net_param_place(sh, i, &l, &j, &k);
    param_formula(s, i, l, j, k, 1, 0, width, out);
    param_place_words(s, i, l, j, k, width, out);
    size_t *idx = xcalloc(n, sizeof *idx);
    size_t shown = pick_terms(t->term, n, idx);
    if (shown < n) {
        line(out, width, 2, "  the %zu largest of the %zu terms, largest first:", shown, n);
    }
    term_table(s, t, idx, shown, n, out);
    sum_lines(s, t, 0, width, out);
    if (k != 0 && l == sh->L) {
        eq61_words(l, j, k, width, out);
    } else if (l < sh->L) {
        line(out, width, 2, "Below the output layer, delta%d_%zu comes from the layer above by BP2 (explain delta %d %zu "
             "shows it for one example); the sigma'(z) of every hidden layer stays in it.", l, j, l, j);
    }
    double l2 = k != 0 ? s->lambda / (double)s->data.n * session_param(s, i) : 0.0;
    sign_words(s, i, t->term, n, t->grad - l2, l2, t->grad, width, out);
    free(idx);
    return 0;
}

/* ---- explain delta L J [I] ---- */

/* delta^L_j of example ex at the output layer, in words and numbers. */
static void output_delta(session *s, const pass *p, size_t ex, size_t j, int width, strbuf *out)
{
    const net_shape *sh = &s->net.shape;
    int L = sh->L;
    double a = act_value(s, p, ex, L, j), y = session_net_targets(s, ex)[j - 1];
    double zv = p->z[sh->uoff[L] + j - 1], d = delta_value(s, p, L, j);
    char A[32], Y[32], D[32], S[32];
    num(A, s, a);
    num(Y, s, y);
    snum(D, s, d);
    if (s->net.out == NET_OUT_SOFTMAX) {
        line(out, width, 4, "  delta%d_%zu = a%d_%zu - y%zu = %s - %s = %s   (eq. 84: softmax with the log-likelihood; "
             "a%d_%zu = e^z%d_%zu / sum_q e^z%d_q)", L, j, L, j, j, A, Y, D, L, j, L, j, L);
    } else if (s->cost == MODEL_COST_QUAD) {
        num(S, s, model_sigmoid_prime(zv));
        line(out, width, 4, "  delta%d_%zu = (a%d_%zu - y%zu) sigma'(z%d_%zu) = (%s - %s) * %s = %s   (BP1: the quadratic "
             "cost keeps sigma'(z))", L, j, L, j, j, L, j, A, Y, S, D);
    } else {
        line(out, width, 4, "  delta%d_%zu = a%d_%zu - y%zu = %s - %s = %s   (eq. 66: dC_x/da = (a - y)/(a(1 - a)) "
             "times sigma'(z) = a(1 - a); sigma'(z) cancels)", L, j, L, j, j, A, Y, D);
    }
}

/* BP2 with the numbers of example p for neuron j of hidden layer l, into f: "((w) * (delta) + ...) *
 * sigma'(zl_j) = (sum) * sigma' = delta" (the first NET_NEIGHBOURS_MAX terms of the sum). */
static void bp2_numbers(const session *s, const pass *p, int l, size_t j, strbuf *f)
{
    const net_shape *sh = &s->net.shape;
    size_t nu = sh->size[l + 1];
    char a[32], b[40], c[40];
    sb_printf(f, "delta%d_%zu = (", l, j);
    size_t shown = nu <= NET_NEIGHBOURS_MAX ? nu : NET_NEIGHBOURS_MAX;
    for (size_t q = 1; q <= shown; q++) {
        double w = session_param(s, net_w_index(sh, l + 1, q, j));
        sb_printf(f, "%s%s * %s", q > 1 ? " + " : "", pnum(b, s, w), pnum(c, s, delta_value(s, p, l + 1, q)));
    }
    if (shown < nu) {
        sb_printf(f, " + ... %zu more", nu - shown);
    }
    double sum = net_bp2_sum(sh, s->net.p, p->d, l, j);
    double sp = model_sigmoid_prime(p->z[sh->uoff[l] + j - 1]);
    sb_printf(f, ") * sigma'(z%d_%zu) = %s", l, j, pnum(b, s, sum));
    sb_printf(f, " * %s = %s", num(a, s, sp), snum(c, s, delta_value(s, p, l, j)));
}

/* delta^l_j of example ex in a hidden layer, by BP2 with every term of its sum. */
static void hidden_delta(session *s, const pass *p, int l, size_t j, int width, strbuf *out)
{
    const net_shape *sh = &s->net.shape;
    (void)sh;
    strbuf f = {0};
    sb_printf(&f, "  ");
    bp2_numbers(s, p, l, j, &f);
    line(out, width, 6, "  delta%d_%zu = (sum_q w%d_q_%zu delta%d_q) sigma'(z%d_%zu)   (BP2)", l, j, l + 1, j, l + 1, l, j);
    text_wrap(out, f.buf ? f.buf : "", width, 6, 0);
    sb_free(&f);
}

static int check_layer_neuron(const session *s, int l, size_t j, char *err, size_t errlen)
{
    const net_shape *sh = &s->net.shape;
    if (l < 2 || l > sh->L) {
        snprintf(err, errlen, "no layer %d with a delta: the layers are 2..%d (layer 1 is the input)", l, sh->L);
        return -1;
    }
    if (j < 1 || j > sh->size[l]) {
        snprintf(err, errlen, "no neuron %zu in layer %d: its neurons are 1..%zu", j, l, sh->size[l]);
        return -1;
    }
    return 0;
}

int explain_net_delta(session *s, int l, size_t j, size_t ex, int width, strbuf *out, char *err, size_t errlen)
{
    if (check_layer_neuron(s, l, j, err, errlen) != 0) {
        return -1;
    }
    if (ex >= s->data.n) {
        snprintf(err, errlen, "no example %zu: the examples are 1..%zu", ex + 1, s->data.n);
        return -1;
    }
    pass p;
    pass_init(&p, s, ex);
    line(out, width, 2, "delta%d_%zu for example %zu: dC_x/dz%d_%zu, how much C_x changes with neuron %zu's weighted "
         "input; %s, step %ld", l, j, ex + 1, l, j, j, cost_words(s), s->step);
    if (l == s->net.shape.L) {
        output_delta(s, &p, ex, j, width, out);
    } else {
        hidden_delta(s, &p, l, j, width, out);
        line(out, width, 2, "The sum carries the errors of layer %d back through the weights that leave neuron %zu "
             "(column %zu of w%d, transposed in BP2); sigma'(z%d_%zu) does not cancel in a hidden layer.",
             l + 1, j, j, l + 1, l, j);
    }
    pass_free(&p);
    return 0;
}

/* ---- derive I [param] ---- */

static void softmax_line(const session *s, const pass *p, size_t ex, size_t j, int width, strbuf *out);

/* C_x of example p, where the chain rule starts: its formula and value (for softmax, the log-likelihood of
 * the target's output with the normalising sum behind it). */
static void cost_line(const session *s, const pass *p, size_t ex, int width, strbuf *out)
{
    int L = s->net.shape.L;
    char a[32], c[32];
    if (s->net.out == NET_OUT_SOFTMAX) {
        size_t y = session_class_of(s, ex) + 1;
        line(out, width, 4, "0. C_x = -ln a%d_%zu = -ln %s = %s   (eq. 80: the log-likelihood of output %zu, the "
             "target's class)", L, y, num(a, s, act_value(s, p, ex, L, y)), num(c, s, p->cost), y);
        softmax_line(s, p, ex, y, width, out);
    } else if (s->cost == MODEL_COST_QUAD) {
        line(out, width, 4, "0. C_x = 1/2 sum_j (y_j - a%d_j)^2 = %s   (the quadratic cost)", L, num(c, s, p->cost));
    } else {
        line(out, width, 4, "0. C_x = -sum_j [y_j ln a%d_j + (1 - y_j) ln(1 - a%d_j)] = %s   (cross-entropy, one "
             "example's part of eq. 63)", L, L, num(c, s, p->cost));
    }
}

int explain_net_derive(session *s, size_t ex, size_t i, int width, strbuf *out, char *err, size_t errlen)
{
    const net_shape *sh = &s->net.shape;
    if (ex >= s->data.n) {
        snprintf(err, errlen, "no example %zu: the examples are 1..%zu", ex + 1, s->data.n);
        return -1;
    }
    if (i >= sh->nparams) {
        snprintf(err, errlen, "no parameter %zu: the network has %zu", i + 1, sh->nparams);
        return -1;
    }
    int l;
    size_t j, k;
    net_param_place(sh, i, &l, &j, &k);
    char P[48], A[32], a[32], b[32], c[32];
    net_param_name(sh, i, P, sizeof P);
    pass p;
    pass_init(&p, s, ex);
    line(out, width, 2, "The chain rule for example %zu, from C_x down to %s (%s, step %ld):", ex + 1, P, cost_words(s),
         s->step);
    cost_line(s, &p, ex, width, out);
    line(out, width, 2, "1. At the output layer %d, delta = %s for every output neuron:", sh->L, output_error_words(s));
    size_t mL = sh->size[sh->L];
    for (size_t q = 1; q <= mL && q <= NET_NEIGHBOURS_MAX; q++) {
        output_delta(s, &p, ex, q, width, out);
    }
    if (s->net.out == NET_OUT_SOFTMAX || s->cost != MODEL_COST_QUAD) {
        line(out, width, 2, "   %s", s->net.out == NET_OUT_SOFTMAX
             ? "With softmax and the log-likelihood no sigma'(z^L) appears at all (eq. 84)."
             : "With cross-entropy the sigma'(z^L) of dC_x/dz cancels: no learning slowdown at the output.");
    } else {
        line(out, width, 2, "   The quadratic cost keeps sigma'(z^L) (BP1): a saturated output learns slowly.");
    }
    int step = 2;
    for (int q = sh->L - 1; q >= l; q--) {
        line(out, width, 2, "%d. Layer %d by BP2, each keeping its sigma'(z%d) (it never cancels in a hidden layer):",
             step++, q, q);
        size_t nq = sh->size[q];
        for (size_t r = 1; r <= nq && r <= NET_NEIGHBOURS_MAX; r++) {
            if (q == l && r != j && nq > NET_NEIGHBOURS_MAX) {
                continue;
            }
            hidden_delta(s, &p, q, r, width, out);
        }
    }
    double term = net_param_term(sh, s->data.x + ex * s->data.k, p.a, p.d, i);
    if (net_param_is_weight(sh, i)) {
        act_name(s, l - 1, k, A, sizeof A);
        line(out, width, 4, "%d. dC_x/d%s = %s * delta%d_%zu = %s * %s = %s   (BP4)", step, P, A, l, j,
             num(a, s, act_value(s, &p, ex, l - 1, k)), pnum(b, s, delta_value(s, &p, l, j)), snum(c, s, term));
    } else {
        line(out, width, 4, "%d. dC_x/d%s = delta%d_%zu = %s   (BP3)", step, P, l, j, snum(c, s, term));
    }
    line(out, width, 2, "This is example %zu's term of dC/d%s: dC/d%s is the mean of such terms over the examples%s.",
         ex + 1, P, P, net_param_is_weight(sh, i) && s->lambda > 0 ? ", plus (lambda/n) times the weight" : "");
    pass_free(&p);
    return 0;
}

/* ---- the Formula pane ---- */

/* Lines in out from byte `from` on. */
static int lines_since(const strbuf *out, size_t from)
{
    int n = 0;
    for (size_t q = from; out->buf && q < out->len; q++) {
        n += out->buf[q] == '\n';
    }
    return n;
}

/* The batch position of example ex among t's rows, or m when it is not among them. */
static size_t position_of(const session_terms *t, size_t ex)
{
    if (!t->rows) {
        return ex < t->m ? ex : t->m;
    }
    for (size_t r = 0; r < t->m; r++) {
        if (t->rows[r] == ex) {
            return r;
        }
    }
    return t->m;
}

/* a^L_j of example p by eq. 78 with its normalising sum, computed as the forward pass does (net_softmax_parts). */
static void softmax_line(const session *s, const pass *p, size_t ex, size_t j, int width, strbuf *out)
{
    const net_shape *sh = &s->net.shape;
    int L = sh->L;
    size_t m = sh->size[L];
    double e[NET_MAX_WIDTH], top;
    double sum = net_softmax_parts(p->z + sh->uoff[L], m, e, &top);
    char a[32], b[32];
    strbuf f = {0};
    sb_printf(&f, "  example %zu: a%d_%zu = e^z%d_%zu / sum_q e^z%d_q (eq. 78), with t = max_q z%d_q = %s: e^(z%d_%zu - t) / "
              "sum_q e^(z%d_q - t) = %s / (", ex + 1, L, j, L, j, L, L, snum(a, s, top), L, j, L, num(b, s, e[j - 1]));
    for (size_t q = 0; q < m && q < NET_NEIGHBOURS_MAX; q++) {
        sb_printf(&f, "%s%s", q ? " + " : "", num(a, s, e[q]));
    }
    sb_printf(&f, "%s = %s) = %s; the a%d_q sum to 1 (eq. 79)", m > NET_NEIGHBOURS_MAX ? " + ..." : "",
              num(a, s, sum), num(b, s, act_value(s, p, ex, L, j)), L);
    text_wrap(out, f.buf, width, 6, 0);
    sb_free(&f);
}

/* The focused example's own numbers behind its term: delta^l_j by BP2 below the output, a - y (with the
 * softmax's normalising sum, or sigma'(z) for the quadratic cost) at the output. */
static void focus_lines(session *s, size_t ex, int l, size_t j, int width, strbuf *out)
{
    pass p;
    pass_init(&p, s, ex);
    if (l < s->net.shape.L) {
        strbuf f = {0};
        sb_printf(&f, "  example %zu: delta%d_%zu = (sum_q w%d_q_%zu delta%d_q) sigma'(z%d_%zu) (BP2): ", ex + 1, l, j, l + 1,
                  j, l + 1, l, j);
        bp2_numbers(s, &p, l, j, &f);
        text_wrap(out, f.buf, width, 6, 0);
        sb_free(&f);
    } else {
        if (s->net.out == NET_OUT_SOFTMAX) {
            softmax_line(s, &p, ex, j, width, out);
        }
        char A[32], Y[32], D[32], S[32];
        double a = act_value(s, &p, ex, l, j), y = session_net_targets(s, ex)[j - 1], d = delta_value(s, &p, l, j);
        num(A, s, a);
        num(Y, s, y);
        snum(D, s, d);
        if (s->net.out != NET_OUT_SOFTMAX && s->cost == MODEL_COST_QUAD) {
            num(S, s, model_sigmoid_prime(p.z[s->net.shape.uoff[l] + j - 1]));
            line(out, width, 6, "  example %zu: delta%d_%zu = (a%d_%zu - y%zu) sigma'(z%d_%zu) = (%s - %s) * %s = %s   (BP1)",
                 ex + 1, l, j, l, j, j, l, j, A, Y, S, D);
        } else {
            line(out, width, 6, "  example %zu: delta%d_%zu = a%d_%zu - y%zu = %s - %s = %s   (%s)", ex + 1, l, j, l, j, j,
                 A, Y, D, s->net.out == NET_OUT_SOFTMAX ? "eq. 84" : "eq. 66");
        }
    }
    pass_free(&p);
}

/* The rows of the table that fit in `rows` lines (header included), around batch position at. */
static size_t window(size_t m, size_t at, int rows, size_t *pos)
{
    size_t fit = rows > 1 ? (size_t)(rows - 1) : 0, first = 0;
    if (fit == 0) {
        return 0;
    }
    if (fit < m && at < m) {
        first = at >= fit / 2 ? at - fit / 2 : 0;
        first = first + fit > m ? m - fit : first;
    }
    size_t shown = 0;
    for (size_t r = first; r < m && shown < fit; r++) {
        pos[shown++] = r;
    }
    return shown;
}

/* One layer's values of example p as "name value" pairs, as many as fit in width (neuron j always). */
static void layer_values(const session *s, const pass *p, int l, int backward, size_t j, int width, strbuf *out)
{
    const net_shape *sh = &s->net.shape;
    size_t nl = sh->size[l], o = sh->uoff[l];
    strbuf f = {0};
    char a[32], b[32];
    sb_printf(&f, "    layer %d:", l);
    size_t each = backward ? (size_t)s->digits + 14 : 2 * (size_t)s->digits + 19;
    size_t fit = width > 20 ? ((size_t)width - 14) / each : 1;
    fit = fit < 1 ? 1 : fit;
    for (size_t q = 1; q <= nl; q++) {
        if (q > fit && q != j) {
            continue;
        }
        if (q > fit && q == j) {
            sb_printf(&f, " ...");
        }
        if (backward) {
            sb_printf(&f, " delta%d_%zu %s", l, q, snum(a, s, p->d[o + q - 1]));
        } else {
            sb_printf(&f, " z%d_%zu %s a%d_%zu %s", l, q, snum(a, s, p->z[o + q - 1]), l, q, num(b, s, p->a[o + q - 1]));
        }
        sb_printf(&f, "%s", q < nl && (q < fit || q < j) ? "," : "");
    }
    if (nl > fit && (j <= fit || j < nl)) {
        sb_printf(&f, " ... (%zu neurons)", nl);
    }
    text_wrap(out, f.buf, width, 6, 0);
    sb_free(&f);
}

/* The micro-step view: the term just added to parameter i's running sum, then the example's forward pass and
 * backward pass layer by layer, then the terms added so far. */
static void pane_micro(session *s, size_t i, int width, int height, strbuf *out)
{
    const net_shape *sh = &s->net.shape;
    size_t from = out->len;
    size_t at = s->pending - 1, row = s->batch_rows ? s->batch_rows[at] : at;
    int l;
    size_t j, k;
    net_param_place(sh, i, &l, &j, &k);
    char P[48], A[48], a[32], b[40], c[32];
    net_param_name(sh, i, P, sizeof P);
    pass p;
    pass_init(&p, s, row);
    double term = net_param_term(sh, s->data.x + row * s->data.k, p.a, p.d, i);
    if (k != 0) {
        act_name(s, l - 1, k, A, sizeof A);
        line(out, width, 4, "next added example %zu (term %zu of %zu): dC_x/d%s = %s * delta%d_%zu = %s * %s = %s   (BP4)",
             row + 1, s->pending, s->batch_m, P, A, l, j, num(a, s, act_value(s, &p, row, l - 1, k)),
             pnum(b, s, delta_value(s, &p, l, j)), snum(c, s, term));
    } else {
        line(out, width, 4, "next added example %zu (term %zu of %zu): dC_x/d%s = delta%d_%zu = %s   (BP3)", row + 1,
             s->pending, s->batch_m, P, l, j, snum(c, s, term));
    }
    line(out, width, 4, "  running sum of the %zu term%s = %s; %zu to come, then times 1/%zu", s->pending,
         s->pending == 1 ? "" : "s", snum(a, s, s->net.pend[i]), s->batch_m - s->pending, s->batch_m);
    line(out, width, 4, "  forward pass of example %zu (z = w a + b, a = %s):", row + 1,
         s->net.out == NET_OUT_SOFTMAX ? "sigma(z), softmax at the output" : "sigma(z)");
    for (int q = 2; q <= sh->L; q++) {
        layer_values(s, &p, q, 0, q == l ? j : q == l - 1 ? k : 1, width, out);
    }
    line(out, width, 4, "  backward pass (delta = dC_x/dz): at the output delta = %s, below it BP2:", output_error_words(s));
    for (int q = sh->L; q >= 2; q--) {
        layer_values(s, &p, q, 1, q == l ? j : 1, width, out);
        if (q == l && l < sh->L) {
            strbuf f = {0};
            sb_printf(&f, "      ");
            bp2_numbers(s, &p, l, j, &f);
            text_wrap(out, f.buf, width, 8, 0);
            sb_free(&f);
        }
    }
    pass_free(&p);
    const session_terms *t = session_net_terms(s, i, 0);
    size_t *pos = t ? xcalloc(t->m, sizeof *pos) : NULL;
    size_t shown = t ? window(s->pending, at, height - lines_since(out, from), pos) : 0;
    if (shown > 0) {
        term_table(s, t, pos, shown, at, out);
    }
    free(pos);
}

int explain_net_pane(session *s, size_t i, int width, int height, strbuf *out, char *err, size_t errlen)
{
    const net_shape *sh = &s->net.shape;
    if (i >= sh->nparams) {
        snprintf(err, errlen, "no parameter %zu: the network has %zu", i + 1, sh->nparams);
        return -1;
    }
    if (s->pending > 0) {
        pane_micro(s, i, width, height, out);
        return 0;
    }
    const session_terms *t = session_net_terms(s, i, 0);
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    size_t from = out->len, j, k;
    int l;
    net_param_place(sh, i, &l, &j, &k);
    param_formula(s, i, l, j, k, 0, !t->whole, width, out);
    size_t at = position_of(t, s->focus_i < s->data.n ? s->focus_i : 0);
    at = at < t->m ? at : 0;
    strbuf focus = {0}, sum = {0};
    focus_lines(s, t->rows ? t->rows[at] : at, l, j, width, &focus);
    sum_lines(s, t, 1, width, &sum);
    /* on a short pane the sum and the gradient come before the example's numbers */
    int short_pane = lines_since(out, from) + lines_since(&focus, 0) + lines_since(&sum, 0) > height;
    sb_printf(out, "%s%s", short_pane ? sb_str(&sum) : sb_str(&focus), short_pane ? sb_str(&focus) : sb_str(&sum));
    sb_free(&focus);
    sb_free(&sum);
    size_t *pos = xcalloc(t->m, sizeof *pos);
    size_t shown = window(t->m, at, height - lines_since(out, from), pos);
    term_table(s, t, pos, shown, at, out);
    free(pos);
    strbuf tail = {0};
    if (k != 0 && l == sh->L) {
        eq61_words(l, j, k, width, &tail);
    }
    if (tail.len > 0 && lines_since(out, from) + lines_since(&tail, 0) <= height) {
        sb_printf(out, "%s", tail.buf);
    }
    sb_free(&tail);
    return 0;
}
