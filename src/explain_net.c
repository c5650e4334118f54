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

/* The formula line of parameter i: eq. 67 at the output, BP4/BP3 below. */
static void param_formula(const session *s, size_t i, int l, size_t j, size_t k, int width, strbuf *out)
{
    const net_shape *sh = &s->net.shape;
    char P[48], A[32];
    net_param_name(sh, i, P, sizeof P);
    int w = net_param_is_weight(sh, i), final = l == sh->L;
    const char *lam = (w && s->lambda > 0) ? " + (lambda/n) " : "";
    act_name(s, l - 1, k, A, sizeof A);
    if (final && s->cost != MODEL_COST_QUAD) {
        line(out, width, 4, "dC/d%s = (1/n) sum_x %s%s(a%d_%zu - y%zu)%s%s   (%s)", P, w ? A : "", w ? " " : "", l, j, j,
             lam, w && s->lambda > 0 ? P : "",
             w ? (s->net.out == NET_OUT_SOFTMAX ? "eq. 67 with eq. 84" : "eq. 67") : "BP3 with eq. 66");
    } else if (final) {
        line(out, width, 4, "dC/d%s = (1/n) sum_x %s%s(a%d_%zu - y%zu) sigma'(z%d_%zu)%s%s   (%s)", P, w ? A : "",
             w ? " " : "", l, j, j, l, j, lam, w && s->lambda > 0 ? P : "", w ? "BP4 with BP1" : "BP3 with BP1");
    } else {
        line(out, width, 4, "dC/d%s = (1/n) sum_x %s%sdelta%d_%zu%s%s   (%s), delta%d_%zu = (sum_q w%d_q_%zu delta%d_q) "
             "sigma'(z%d_%zu)   (BP2)", P, w ? A : "", w ? " " : "", l, j, lam, w && s->lambda > 0 ? P : "",
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

/* The table of every example's term (or the largest ones). */
static void term_table(session *s, size_t i, int l, size_t j, size_t k, const double *t, const size_t *idx,
                       size_t shown, strbuf *out)
{
    const net_shape *sh = &s->net.shape;
    int w = net_param_is_weight(sh, i), final = l == sh->L;
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
        size_t ex = idx[q];
        pass p;
        pass_init(&p, s, ex);
        snprintf(b, sizeof b, "%zu", ex + 1);
        text_table_put(&tb, b);
        if (w) {
            text_table_put(&tb, num(b, s, act_value(s, &p, ex, l - 1, k)));
        }
        if (final) {
            text_table_put(&tb, num(b, s, act_value(s, &p, ex, l, j)));
            text_table_put(&tb, num(b, s, session_net_targets(s, ex)[j - 1]));
        }
        text_table_put(&tb, snum(b, s, delta_value(s, &p, l, j)));
        text_table_put(&tb, snum(b, s, t[ex]));
        pass_free(&p);
    }
    char align[8] = "rrrrrr";
    align[col] = '\0';
    text_table_render(&tb, out, 2, align);
    text_table_free(&tb);
    (void)i;
}

/* Every example's term of parameter i, and their sum in example order. */
static double terms_of(session *s, size_t i, double *t)
{
    double sum = 0.0;
    for (size_t ex = 0; ex < s->data.n; ex++) {
        pass p;
        pass_init(&p, s, ex);
        t[ex] = net_param_term(&s->net.shape, s->data.x + ex * s->data.k, p.a, p.d, i);
        sum += t[ex];
        pass_free(&p);
    }
    return sum;
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
static void sign_words(const session *s, size_t i, const double *t, double data, double l2, double g, int width,
                       strbuf *out)
{
    size_t pos = 0, neg = 0;
    for (size_t ex = 0; ex < s->data.n; ex++) {
        pos += t[ex] > 0;
        neg += t[ex] < 0;
    }
    char P[48], a[32], b[32];
    net_param_name(&s->net.shape, i, P, sizeof P);
    line(out, width, 2, "%zu example%s give%s a positive term (pushing %s down), %zu a negative one (pulling it up)%s.",
         pos, pos == 1 ? "" : "s", pos == 1 ? "s" : "", P, neg, s->data.n - pos - neg ? ", the rest zero" : "");
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

/* explain_net_param's text; compact leaves out where the parameter sits and the cost line. */
static int param_text(session *s, size_t i, int compact, int width, strbuf *out, char *err, size_t errlen);

int explain_net_param(session *s, size_t i, int width, strbuf *out, char *err, size_t errlen)
{
    return param_text(s, i, 0, width, out, err, errlen);
}

int explain_net_pane(session *s, size_t i, int width, strbuf *out, char *err, size_t errlen)
{
    return param_text(s, i, 1, width, out, err, errlen);
}

static int param_text(session *s, size_t i, int compact, int width, strbuf *out, char *err, size_t errlen)
{
    const net_shape *sh = &s->net.shape;
    if (i >= sh->nparams) {
        snprintf(err, errlen, "no parameter %zu: the network has %zu", i + 1, sh->nparams);
        return -1;
    }
    const double *grad = session_net_gradient(s);
    if (!grad) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int l;
    size_t j, k, n = s->data.n;
    net_param_place(sh, i, &l, &j, &k);
    param_formula(s, i, l, j, k, width, out);
    if (!compact) {
        param_place_words(s, i, l, j, k, width, out);
    }
    double *t = xcalloc(n, sizeof *t);
    size_t *idx = xcalloc(n, sizeof *idx);
    double sum = terms_of(s, i, t);
    size_t shown = pick_terms(t, n, idx);
    if (shown < n) {
        line(out, width, 2, "  the %zu largest of the %zu terms, largest first:", shown, n);
    }
    term_table(s, i, l, j, k, t, idx, shown, out);
    char P[48], a[32], b[32], c[40], d[32];
    net_param_name(sh, i, P, sizeof P);
    double pv = session_param(s, i);
    double l2 = net_param_is_weight(sh, i) ? s->lambda / (double)n * pv : 0.0;
    line(out, width, 4, "  sum of the %zu terms = %s", n, snum(a, s, sum));
    if (l2 != 0.0) {
        line(out, width, 4, "  dC/d%s = (1/%zu) x %s + (%s/%zu) x %s = %s", P, n, pnum(c, s, sum), num(b, s, s->lambda), n,
             num(d, s, pv), snum(a, s, grad[i]));
    } else {
        line(out, width, 4, "  dC/d%s = (1/%zu) x %s = %s", P, n, pnum(c, s, sum), snum(a, s, grad[i]));
    }
    if (net_param_is_weight(sh, i) && l == sh->L) {
        eq61_words(l, j, k, width, out);
    } else if (l < sh->L) {
        line(out, width, 2, "Below the output layer, delta%d_%zu comes from the layer above by BP2 (explain delta %d %zu "
             "shows it for one example); the sigma'(z) of every hidden layer stays in it.", l, j, l, j);
    }
    sign_words(s, i, t, grad[i] - l2, l2, grad[i], width, out);
    free(idx);
    free(t);
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
        line(out, width, 4, "  delta%d_%zu = (a%d_%zu - y%zu) sigma'(z%d_%zu) = (%s - %s) x %s = %s   (BP1: the quadratic "
             "cost keeps sigma'(z))", L, j, L, j, j, L, j, A, Y, S, D);
    } else {
        line(out, width, 4, "  delta%d_%zu = a%d_%zu - y%zu = %s - %s = %s   (eq. 66: dC_x/da = (a - y)/(a(1 - a)) "
             "times sigma'(z) = a(1 - a); sigma'(z) cancels)", L, j, L, j, j, A, Y, D);
    }
}

/* delta^l_j of example ex in a hidden layer, by BP2 with every term of its sum. */
static void hidden_delta(session *s, const pass *p, int l, size_t j, int width, strbuf *out)
{
    const net_shape *sh = &s->net.shape;
    size_t nu = sh->size[l + 1];
    char a[32], b[40], c[40];
    strbuf f = {0};
    sb_printf(&f, "  delta%d_%zu = (", l, j);
    size_t shown = nu <= NET_NEIGHBOURS_MAX ? nu : NET_NEIGHBOURS_MAX;
    for (size_t q = 1; q <= shown; q++) {
        double w = session_param(s, net_w_index(sh, l + 1, q, j));
        sb_printf(&f, "%s%s x %s", q > 1 ? " + " : "", pnum(b, s, w), pnum(c, s, delta_value(s, p, l + 1, q)));
    }
    if (shown < nu) {
        sb_printf(&f, " + ... %zu more", nu - shown);
    }
    double sum = net_bp2_sum(sh, s->net.p, p->d, l, j);
    double sp = model_sigmoid_prime(p->z[sh->uoff[l] + j - 1]);
    sb_printf(&f, ") x sigma'(z%d_%zu) = %s", l, j, pnum(b, s, sum));
    sb_printf(&f, " x %s = %s", num(a, s, sp), snum(c, s, delta_value(s, p, l, j)));
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
        line(out, width, 4, "%d. dC_x/d%s = %s x delta%d_%zu = %s x %s = %s   (BP4)", step, P, A, l, j,
             num(a, s, act_value(s, &p, ex, l - 1, k)), pnum(b, s, delta_value(s, &p, l, j)), snum(c, s, term));
    } else {
        line(out, width, 4, "%d. dC_x/d%s = delta%d_%zu = %s   (BP3)", step, P, l, j, snum(c, s, term));
    }
    line(out, width, 2, "This is example %zu's term of dC/d%s: dC/d%s is the mean of such terms over the examples%s.",
         ex + 1, P, P, net_param_is_weight(sh, i) && s->lambda > 0 ? ", plus (lambda/n) times the weight" : "");
    pass_free(&p);
    return 0;
}
