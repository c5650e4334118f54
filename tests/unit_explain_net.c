/* unit_explain_net.c: network mode's explain w/b/delta and derive print the numbers of an independent
 * backpropagation (long double, written here from BP1-BP4), each in its place. */
#include "harness.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "explain_net.h"
#include "fmt.h"
#include "session.h"

static const char *xor4 = "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n";
static const char *three = "a,b,kind\n0.5,1.0,p\n1.5,-0.5,r\n-1.0,0.25,q\n2.0,2.0,p\n0.0,-1.5,r\n";

enum { DIGITS = 6 };

/* The reference: a 2-H-1 (or 2-m softmax) network computed in long double straight from the book. */
typedef struct {
    long double z2[4], a2[4], z3[4], a3[4], d2[4], d3[4];
} ref_pass;

static long double sig(long double z)
{
    return 1.0L / (1.0L + expl(-z));
}

/* One hidden layer of H sigmoid neurons, one sigmoid output; p in trace order. */
static void ref_hidden(const long double *p, size_t H, const double *x, double y, int quad, ref_pass *r)
{
    const long double *w2 = p, *b2 = p + 2 * H, *w3 = b2 + H, *b3 = w3 + H;
    r->z3[0] = b3[0];
    for (size_t j = 0; j < H; j++) {
        r->z2[j] = w2[2 * j] * x[0] + w2[2 * j + 1] * x[1] + b2[j];
        r->a2[j] = sig(r->z2[j]);
        r->z3[0] += w3[j] * r->a2[j];
    }
    r->a3[0] = sig(r->z3[0]);
    r->d3[0] = r->a3[0] - y;                                     /* eq. 66 */
    if (quad) {
        r->d3[0] *= r->a3[0] * (1.0L - r->a3[0]);                /* BP1 */
    }
    for (size_t j = 0; j < H; j++) {
        r->d2[j] = w3[j] * r->d3[0] * r->a2[j] * (1.0L - r->a2[j]); /* BP2 */
    }
}

static char *f(char *buf, double v, unsigned flags)
{
    return fmt_num(buf, 48, v, DIGITS, flags);
}

/* 1 when some line of text has exactly the whitespace-separated words of want. */
static int has_line_words(const char *text, const char *want)
{
    char *copy = strdup(text), *save = NULL;
    int found = 0;
    for (char *ln = strtok_r(copy, "\n", &save); ln && !found; ln = strtok_r(NULL, "\n", &save)) {
        char a[512], b[512];
        size_t na = 0, nb = 0;
        for (const char *c = ln; *c && na + 1 < sizeof a; c++) {
            if (*c != ' ' || (na > 0 && a[na - 1] != ' ')) a[na++] = *c;
        }
        for (const char *c = want; *c && nb + 1 < sizeof b; c++) {
            if (*c != ' ' || (nb > 0 && b[nb - 1] != ' ')) b[nb++] = *c;
        }
        while (na && a[na - 1] == ' ') na--;
        while (nb && b[nb - 1] == ' ') nb--;
        a[na] = b[nb] = '\0';
        found = strcmp(a, b) == 0;
    }
    free(copy);
    return found;
}

static void start(session *s, const char *text, size_t H, const long double *p, size_t np, int quad, double lambda)
{
    char err[256];
    dataset d;
    CHECK(session_init(s, err, sizeof err) == 0, "%s", err);
    CHECK(dataset_parse(text, strlen(text), "t.csv", &d, err, sizeof err) == 0, "%s", err);
    CHECK(session_load(s, &d, err, sizeof err) == 0, "%s", err);
    if (H > 0) {
        CHECK(session_set_hidden(s, &H, 1, err, sizeof err) == 0, "%s", err);
    }
    double v[32];
    for (size_t q = 0; q < np; q++) {
        v[q] = (double)p[q];
    }
    if (np > 0) {
        CHECK(session_set_init(s, SESSION_INIT_VALUES, v, np, err, sizeof err) == 0, "%s", err);
    }
    if (quad) {
        CHECK(session_set_cost(s, MODEL_COST_QUAD, err, sizeof err) == 0, "%s", err);
    }
    CHECK(session_set_lambda(s, lambda, err, sizeof err) == 0, "%s", err);
    CHECK(session_set_digits(s, DIGITS, err, sizeof err) == 0, "%s", err);
}

/* explain w 3 1 2, explain w 2 1 2, explain b 3 1, explain delta 2 j, derive on a 2-2-1 network. */
static void check_2_2_1(int quad, double lambda)
{
    static const long double p[9] = { 0.7L, -1.3L, 0.45L, 2.1L, -0.2L, 0.35L, 1.6L, -0.9L, 0.15L };
    static const double X[4][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } }, Y[4] = { 0, 1, 1, 0 };
    session s;
    start(&s, xor4, 2, p, 9, quad, lambda);
    CHECK(s.net.on && s.net.shape.nparams == 9, "a 2-2-1 network");
    ref_pass r[4];
    long double sum_w312 = 0, sum_w212 = 0, sum_b31 = 0;
    for (int i = 0; i < 4; i++) {
        ref_hidden(p, 2, X[i], Y[i], quad, &r[i]);
        sum_w312 += r[i].a2[1] * r[i].d3[0];
        sum_w212 += X[i][1] * r[i].d2[0];
        sum_b31 += r[i].d3[0];
    }
    char err[256], a[48], b[48], c[48], d[48], e[48], want[512];
    strbuf out = {0};

    /* the output weight w3_1_2: eq. 67's terms, their sum, the gradient with its lambda part */
    CHECK(explain_net_param(&s, 7, 200, &out, err, sizeof err) == 0, "%s", err);
    const char *t = sb_str(&out);
    CHECK(strstr(t, quad ? "(BP4 with BP1)" : "(eq. 67)") != NULL, "w3_1_2 cites %s:\n%s", quad ? "BP1" : "eq. 67", t);
    CHECK(quad || strstr(t, "here x_j of eq. 61 is a2_2, the output of neuron 2 of layer 2") != NULL, "eq. 61 mapping:\n%s", t);
    for (int i = 0; i < 4; i++) {
        snprintf(want, sizeof want, "%d %s %s %s %s %s", i + 1, f(a, (double)r[i].a2[1], 0), f(b, (double)r[i].a3[0], 0),
                 f(c, Y[i], 0), f(d, (double)r[i].d3[0], FMT_SIGN), f(e, (double)(r[i].a2[1] * r[i].d3[0]), FMT_SIGN));
        CHECK(has_line_words(t, want), "w3_1_2 row %d: want \"%s\" in\n%s", i + 1, want, t);
    }
    long double g = sum_w312 / 4 + (long double)lambda / 4 * p[7];
    snprintf(want, sizeof want, "sum of the 4 terms = %s", f(a, (double)sum_w312, FMT_SIGN));
    CHECK(has_line_words(t, want), "want \"%s\" in\n%s", want, t);
    if (lambda > 0) {
        snprintf(want, sizeof want, "dC/dw3_1_2 = (1/4) * (%s) + (%s/4) * (%s) = %s", f(a, (double)sum_w312, FMT_SIGN),
                 f(b, lambda, 0), f(c, (double)p[7], FMT_SIGN), f(d, (double)g, FMT_SIGN));
    } else {
        snprintf(want, sizeof want, "dC/dw3_1_2 = (1/4) * (%s) = %s", f(a, (double)sum_w312, FMT_SIGN), f(d, (double)g, FMT_SIGN));
    }
    CHECK(has_line_words(t, want), "want \"%s\" in\n%s", want, t);
    if (lambda > 0) {
        long double data = sum_w312 / 4, l2 = (long double)lambda / 4 * p[7];
        const char *which = (data > 0) == (l2 > 0) ? "both have the gradient's sign"
                            : fabsl(l2) > fabsl(data) ? "the lambda part decides the sign" : "the data part decides the sign";
        snprintf(want, sizeof want, "The data part is %s and the lambda part (lambda/n) w3_1_2 is %s: %s.",
                 f(a, (double)data, FMT_SIGN), f(b, (double)l2, FMT_SIGN), which);
        CHECK(strstr(t, want) != NULL, "want \"%s\" in\n%s", want, t);
    }
    snprintf(want, sizeof want, "The gradient is %s, so a full-batch update %s w3_1_2.", g > 0 ? "positive" : "negative",
             g > 0 ? "lowers" : "raises");
    CHECK(strstr(t, want) != NULL, "want \"%s\" in\n%s", want, t);
    sb_clear(&out);

    /* the hidden weight w2_1_2: BP4 with delta2_1 from BP2 */
    CHECK(explain_net_param(&s, 1, 200, &out, err, sizeof err) == 0, "%s", err);
    t = sb_str(&out);
    CHECK(strstr(t, "(BP4)") && strstr(t, "(BP2)"), "w2_1_2 cites BP4 and BP2:\n%s", t);
    size_t pos = 0, neg = 0;
    for (int i = 0; i < 4; i++) {
        long double term = X[i][1] * r[i].d2[0];
        pos += term > 0;
        neg += term < 0;
        snprintf(want, sizeof want, "%d %s %s %s", i + 1, f(a, X[i][1], 0), f(b, (double)r[i].d2[0], FMT_SIGN),
                 f(c, (double)term, FMT_SIGN));
        CHECK(has_line_words(t, want), "w2_1_2 row %d: want \"%s\" in\n%s", i + 1, want, t);
    }
    snprintf(want, sizeof want, "%zu example%s give%s a positive term (pushing w2_1_2 down), %zu a negative one", pos,
             pos == 1 ? "" : "s", pos == 1 ? "s" : "", neg);
    CHECK(strstr(t, want) != NULL, "sign counts: want \"%s\" in\n%s", want, t);
    (void)sum_w212;
    sb_clear(&out);

    /* b3_1: BP3, no input factor */
    CHECK(explain_net_param(&s, 8, 200, &out, err, sizeof err) == 0, "%s", err);
    t = sb_str(&out);
    snprintf(want, sizeof want, "dC/db3_1 = (1/4) * (%s) = %s", f(a, (double)sum_b31, FMT_SIGN), f(b, (double)(sum_b31 / 4), FMT_SIGN));
    CHECK(has_line_words(t, want), "want \"%s\" in\n%s", want, t);
    CHECK(strstr(t, "BP3") != NULL, "b3_1 cites BP3:\n%s", t);
    sb_clear(&out);

    /* delta2_2 of example 3 by BP2, and derive 3 w2_2_1 down to BP4 */
    CHECK(explain_net_delta(&s, 2, 2, 2, 200, &out, err, sizeof err) == 0, "%s", err);
    t = sb_str(&out);
    long double bp2 = p[7] * r[2].d3[0], sp = r[2].a2[1] * (1 - r[2].a2[1]);
    snprintf(want, sizeof want, "delta2_2 = ((%s) * (%s)) * sigma'(z2_2) = (%s) * %s = %s", f(a, (double)p[7], FMT_SIGN),
             f(b, (double)r[2].d3[0], FMT_SIGN), f(c, (double)bp2, FMT_SIGN), f(d, (double)sp, 0), f(e, (double)r[2].d2[1], FMT_SIGN));
    CHECK(has_line_words(t, want), "want \"%s\" in\n%s", want, t);
    sb_clear(&out);
    CHECK(explain_net_derive(&s, 2, 2, 200, &out, err, sizeof err) == 0, "%s", err);
    t = sb_str(&out);
    snprintf(want, sizeof want, "3. dC_x/dw2_2_1 = x1 * delta2_2 = %s * (%s) = %s (BP4)", f(a, X[2][0], 0),
             f(b, (double)r[2].d2[1], FMT_SIGN), f(c, (double)(X[2][0] * r[2].d2[1]), FMT_SIGN));
    CHECK(has_line_words(t, want), "want \"%s\" in\n%s", want, t);
    CHECK(strstr(t, quad ? "keeps sigma'(z^L) (BP1)" : "sigma'(z^L) of dC_x/dz cancels") != NULL,
          "derive says where sigma' cancels:\n%s", t);
    CHECK(strstr(t, "it never cancels in a hidden layer") != NULL, "derive: hidden sigma' stays:\n%s", t);
    long double cx = quad ? 0.5L * (1.0L - r[2].a3[0]) * (1.0L - r[2].a3[0]) : -logl(r[2].a3[0]);
    if (quad) {
        snprintf(want, sizeof want, "0. C_x = 1/2 sum_j (y_j - a3_j)^2 = %s (the quadratic cost)", f(a, (double)cx, 0));
    } else {
        snprintf(want, sizeof want, "0. C_x = -sum_j [y_j ln a3_j + (1 - y_j) ln(1 - a3_j)] = %s (cross-entropy, one "
                 "example's part of eq. 63)", f(a, (double)cx, 0));
    }
    CHECK(has_line_words(t, want), "derive starts from C_x: want \"%s\" in\n%s", want, t);
    sb_free(&out);
    session_free(&s);
}

/* Softmax outputs with no hidden layer: delta = a - y (eq. 84), a from a log-sum-exp written here. */
static void check_softmax(void)
{
    static const long double p[9] = { 0.3L, -0.6L, -0.8L, 0.25L, 0.5L, 0.9L, 0.1L, -0.2L, 0.05L };
    session s;
    char err[256], a[48], b[48], c[48], want[512];
    start(&s, three, 0, p, 0, 0, 0.0);
    CHECK(session_set_output(&s, NET_OUT_SOFTMAX, err, sizeof err) == 0, "%s", err);
    double v[9];
    for (int q = 0; q < 9; q++) {
        v[q] = (double)p[q];
    }
    CHECK(session_set_init(&s, SESSION_INIT_VALUES, v, 9, err, sizeof err) == 0, "%s", err);
    CHECK(s.net.shape.L == 2 && s.net.shape.size[2] == 3, "a 2-3 softmax network");
    /* example 2: (1.5, -0.5), class r = 3 (p < q < r) */
    long double x0 = 1.5L, x1 = -0.5L, z[3], mx, den = 0;
    for (int j = 0; j < 3; j++) {
        z[j] = p[2 * j] * x0 + p[2 * j + 1] * x1 + p[6 + j];
    }
    mx = fmaxl(z[0], fmaxl(z[1], z[2]));
    for (int j = 0; j < 3; j++) {
        den += expl(z[j] - mx);
    }
    strbuf out = {0};
    for (int j = 0; j < 3; j++) {
        long double aj = expl(z[j] - mx) / den, yj = j == 2;
        CHECK(explain_net_delta(&s, 2, (size_t)j + 1, 1, 200, &out, err, sizeof err) == 0, "%s", err);
        snprintf(want, sizeof want, "delta2_%d = a2_%d - y%d = %s - %s = %s", j + 1, j + 1, j + 1, f(a, (double)aj, 0),
                 f(b, (double)yj, 0), f(c, (double)(aj - yj), FMT_SIGN));
        CHECK(has_line_words(sb_str(&out), want) || strstr(sb_str(&out), want), "want \"%s\" in\n%s", want, sb_str(&out));
        CHECK(strstr(sb_str(&out), "eq. 84") != NULL, "softmax delta cites eq. 84");
        sb_clear(&out);
    }
    /* derive 2: C_x = -ln a2_3 (eq. 80), with the normalising sum behind a2_3 */
    CHECK(explain_net_derive(&s, 1, 4, 600, &out, err, sizeof err) == 0, "%s", err);
    long double a3 = expl(z[2] - mx) / den;
    snprintf(want, sizeof want, "0. C_x = -ln a2_3 = -ln %s = %s (eq. 80: the log-likelihood of output 3, the target's class)",
             f(a, (double)a3, 0), f(b, (double)-logl(a3), 0));
    CHECK(has_line_words(sb_str(&out), want), "want \"%s\" in\n%s", want, sb_str(&out));
    CHECK(strstr(sb_str(&out), "the a2_q sum to 1 (eq. 79)") != NULL, "derive shows the normalising sum:\n%s", sb_str(&out));
    sb_clear(&out);
    CHECK(explain_net_param(&s, 1, 200, &out, err, sizeof err) == 0, "%s", err);
    CHECK(strstr(sb_str(&out), "with no hidden layer a^(L-1)_k is the input x2") != NULL,
          "no hidden layer: each output neuron is eq. 61's neuron:\n%s", sb_str(&out));
    sb_free(&out);
    session_free(&s);
}


/* ---- the cached terms: one sweep, the gradient's bits ---- */

/* A long-double forward and backward pass of any network straight from BP1-BP4 (softmax from its own
 * log-sum-exp), for example x: z, a and delta of every layer (layer 1's a is x). */
static long double ldz[NET_MAX_LAYERS + 1][NET_MAX_WIDTH], lda[NET_MAX_LAYERS + 1][NET_MAX_WIDTH],
    ldd[NET_MAX_LAYERS + 1][NET_MAX_WIDTH];

static void ld_pass(const net_shape *sh, const double *p, const double *x, const double *y, int quad)
{
    int L = sh->L;
    for (size_t q = 0; q < sh->size[1]; q++) {
        lda[1][q] = x[q];
    }
    for (int l = 2; l <= L; l++) {
        for (size_t j = 0; j < sh->size[l]; j++) {
            long double t = p[sh->boff[l] + j];
            for (size_t q = 0; q < sh->size[l - 1]; q++) {
                t += (long double)p[sh->woff[l] + j * sh->size[l - 1] + q] * lda[l - 1][q];
            }
            ldz[l][j] = t;
            lda[l][j] = 1.0L / (1.0L + expl(-t));
        }
    }
    size_t m = sh->size[L];
    if (sh->out == NET_OUT_SOFTMAX) {
        long double mx = ldz[L][0], den = 0;
        for (size_t j = 1; j < m; j++) mx = fmaxl(mx, ldz[L][j]);
        for (size_t j = 0; j < m; j++) den += expl(ldz[L][j] - mx);
        for (size_t j = 0; j < m; j++) lda[L][j] = expl(ldz[L][j] - mx) / den;
    }
    for (size_t j = 0; j < m; j++) {
        ldd[L][j] = lda[L][j] - y[j];
        if (quad) {
            ldd[L][j] *= lda[L][j] * (1.0L - lda[L][j]);
        }
    }
    for (int l = L - 1; l >= 2; l--) {
        for (size_t j = 0; j < sh->size[l]; j++) {
            long double t = 0;
            for (size_t q = 0; q < sh->size[l + 1]; q++) {
                t += (long double)p[sh->woff[l + 1] + q * sh->size[l] + j] * ldd[l + 1][q];
            }
            ldd[l][j] = t * lda[l][j] * (1.0L - lda[l][j]);
        }
    }
}

/* Example x's term of parameter i, from ld_pass. */
static long double ld_term(const net_shape *sh, const double *p, const double *x, const double *y, int quad, size_t i)
{
    ld_pass(sh, p, x, y, quad);
    int l;
    size_t j, k;
    net_param_place(sh, i, &l, &j, &k);
    return k == 0 ? ldd[l][j - 1] : lda[l - 1][k - 1] * ldd[l][j - 1];
}

/* A dataset of n rows, 3 inputs and 3 classes drawn from a fixed generator. */
static char *three_classes(size_t n)
{
    strbuf b = {0};
    sb_printf(&b, "u,v,w,kind\n");
    uint64_t st = 12345;
    for (size_t r = 0; r < n; r++) {
        double v[3];
        for (int q = 0; q < 3; q++) {
            st = st * 6364136223846793005ULL + 1442695040888963407ULL;
            v[q] = (double)(st >> 11) / 9007199254740992.0 * 4.0 - 2.0;
        }
        sb_printf(&b, "%.6f,%.6f,%.6f,%s\n", v[0], v[1], v[2], v[0] + v[1] > 0.5 ? "hi" : v[2] > 0 ? "mid" : "lo");
    }
    return b.buf;
}

/* session_net_terms' sum is net_accumulate's g[i] and its gradient session_net_gradient's, bit for bit, and
 * each term a long-double recomputation's; with mini-batches the gradient is what the update applies. */
static void check_cached_terms(size_t n, net_output out, int quad, size_t batch, double lambda)
{
    char err[256];
    session s;
    dataset d;
    char *csv = three_classes(n);
    CHECK(session_init(&s, err, sizeof err) == 0, "%s", err);
    CHECK(dataset_parse(csv, strlen(csv), "three.csv", &d, err, sizeof err) == 0, "%s", err);
    CHECK(session_load(&s, &d, err, sizeof err) == 0, "%s", err);
    size_t H[2] = { 5, 4 };
    CHECK(session_set_hidden(&s, H, 2, err, sizeof err) == 0, "%s", err);
    if (out == NET_OUT_SOFTMAX) {
        CHECK(session_set_output(&s, out, err, sizeof err) == 0, "%s", err);
    }
    if (quad) {
        CHECK(session_set_cost(&s, MODEL_COST_QUAD, err, sizeof err) == 0, "%s", err);
    }
    CHECK(session_set_init(&s, SESSION_INIT_RANDOM, NULL, 0, err, sizeof err) == 0, "%s", err);
    CHECK(session_set_lambda(&s, lambda, err, sizeof err) == 0, "%s", err);
    CHECK(session_step(&s, 2, NULL, NULL, err, sizeof err) == 2, "%s", err);
    CHECK(session_set_batch(&s, batch, err, sizeof err) == 0, "%s", err);
    CHECK(session_set_digits(&s, DIGITS, err, sizeof err) == 0, "%s", err);
    const net_shape *sh = &s.net.shape;
    size_t P = sh->nparams, m = sh->size[sh->L];
    const double *Y = s.net.Y ? s.net.Y : s.data.y;
    double *g = calloc(P, sizeof *g), *work = calloc(net_work_len(sh, n) + P, sizeof *work);
    net_accumulate(sh, s.data.x, Y, NULL, n, s.net.p, s.cost, 0, g, work);
    size_t pick[] = { 0, 7, net_w_index(sh, 3, 2, 3), net_w_index(sh, sh->L, 2, 1), net_b_index(sh, sh->L, 3), P - 1 };
    for (size_t q = 0; q < sizeof pick / sizeof pick[0]; q++) {
        size_t i = pick[q];
        s.focus_j = q % 2 ? i : 0; /* the evaluation taps the focused parameter; the others need a sweep */
        const session_terms *t = session_net_terms(&s, i, 1);
        CHECK(t && t->m == n && t->param == i, "terms of parameter %zu", i);
        CHECK(memcmp(&t->sum, &g[i], sizeof(double)) == 0, "n=%zu param %zu: the sum %.17g is net_accumulate's %.17g", n, i,
              t->sum, g[i]);
        const double *grad = session_net_gradient(&s);
        CHECK(memcmp(&t->grad, &grad[i], sizeof(double)) == 0, "param %zu: the gradient %.17g is the evaluation's %.17g",
              i, t->grad, grad[i]);
        long double ld = 0, mag = 0, worst = 0;
        for (size_t r = 0; r < n; r++) {
            long double e = ld_term(sh, s.net.p, s.data.x + r * s.data.k, Y + r * m, quad, i);
            worst = fmaxl(worst, fabsl(e - t->term[r]) / (fabsl(e) + 1e-300L));
            ld += e;
            mag += fabsl(e);
        }
        CHECK(worst < 1e-12L || mag == 0, "param %zu: each term within 1e-12 of long double (worst %Lg)", i, worst);
        CHECK(fabsl(ld - t->sum) <= 1e-13L * mag + 1e-300L, "param %zu: the sum %.17g against long double %.17Lg", i, t->sum, ld);
        if (batch > 0) {
            const session_terms *b = session_net_terms(&s, i, 0);
            CHECK(b && b->m == s.batch_m && !b->whole, "batch terms of parameter %zu", i);
            double want = b->grad;
            long before = s.step;
            strbuf pane = {0};
            char gs[48], ms[48], line[256];
            CHECK(explain_net_pane(&s, i, 300, 12, &pane, err, sizeof err) == 0, "%s", err);
            snprintf(line, sizeof line, "sum of the %zu terms = %s; dC/d", s.batch_m, f(ms, b->sum, FMT_SIGN));
            CHECK(strstr(sb_str(&pane), "(1/m) sum_(x in batch)") && strstr(sb_str(&pane), line),
                  "the pane sums this batch of m: want \"%s\" in\n%s", line, sb_str(&pane));
            snprintf(line, sizeof line, " = %s\n", f(gs, want, FMT_SIGN));
            CHECK(strstr(sb_str(&pane), line) != NULL, "the pane's gradient is the one applied: \"%s\" in\n%s", line,
                  sb_str(&pane));
            sb_free(&pane);
            CHECK(session_step(&s, 1, NULL, NULL, err, sizeof err) == 1, "%s", err);
            CHECK(memcmp(&s.net.last_grad[i], &want, sizeof want) == 0, "param %zu: the batch's gradient %.17g is the one "
                  "applied, %.17g", i, want, s.net.last_grad[i]);
            CHECK(session_back(&s, 1) == 1 && s.step == before, "back");
            net_accumulate(sh, s.data.x, Y, NULL, n, s.net.p, s.cost, 0, g, work);
        }
    }
    free(g);
    free(work);
    free(csv);
    session_free(&s);
}

/* The Formula pane's text on the 2-2-1 network: BP2 with its numbers for example 3 below the output,
 * a - y (eq. 66) at it, the sum and the gradient, the marked row, and during micro-steps the term just
 * added with the running sum and the example's forward and backward pass. */
static void check_pane_2_2_1(void)
{
    static const long double p[9] = { 0.7L, -1.3L, 0.45L, 2.1L, -0.2L, 0.35L, 1.6L, -0.9L, 0.15L };
    static const double X[4][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } }, Y[4] = { 0, 1, 1, 0 };
    session s;
    start(&s, xor4, 2, p, 9, 0, 0.0);
    ref_pass r[4];
    long double sum_w212 = 0, sum_w312 = 0;
    for (int i = 0; i < 4; i++) {
        ref_hidden(p, 2, X[i], Y[i], 0, &r[i]);
        sum_w212 += X[i][1] * r[i].d2[0];
        sum_w312 += r[i].a2[1] * r[i].d3[0];
    }
    char err[256], a[48], b[48], c[48], d[48], e[48], want[512];
    strbuf out = {0};
    s.focus_i = 2;
    CHECK(explain_net_pane(&s, 1, 300, 30, &out, err, sizeof err) == 0, "%s", err);
    const char *t = sb_str(&out);
    CHECK(strstr(t, "dC/dw2_1_2 = (1/n) sum_x x2 delta2_1 (BP4)") != NULL, "the pane's BP4 line:\n%s", t);
    snprintf(want, sizeof want, "example 3: delta2_1 = (sum_q w3_q_1 delta3_q) sigma'(z2_1) (BP2): delta2_1 = ((%s) * (%s)) * "
             "sigma'(z2_1) = (%s) * %s = %s", f(a, (double)p[6], FMT_SIGN), f(b, (double)r[2].d3[0], FMT_SIGN),
             f(c, (double)(p[6] * r[2].d3[0]), FMT_SIGN), f(d, (double)(r[2].a2[0] * (1 - r[2].a2[0])), 0),
             f(e, (double)r[2].d2[0], FMT_SIGN));
    CHECK(has_line_words(t, want), "want \"%s\" in\n%s", want, t);
    snprintf(want, sizeof want, "sum of the 4 terms = %s; dC/dw2_1_2 = (1/4) * (%s) = %s", f(a, (double)sum_w212, FMT_SIGN),
             f(b, (double)sum_w212, FMT_SIGN), f(c, (double)(sum_w212 / 4), FMT_SIGN));
    CHECK(has_line_words(t, want), "want \"%s\" in\n%s", want, t);
    snprintf(want, sizeof want, ">3 %s %s %s", f(a, X[2][1], 0), f(b, (double)r[2].d2[0], FMT_SIGN),
             f(c, (double)(X[2][1] * r[2].d2[0]), FMT_SIGN));
    CHECK(has_line_words(t, want), "the focused example's row is marked: want \"%s\" in\n%s", want, t);
    sb_clear(&out);

    CHECK(explain_net_pane(&s, 7, 300, 30, &out, err, sizeof err) == 0, "%s", err);
    t = sb_str(&out);
    CHECK(strstr(t, "(eq. 67)") && strstr(t, "here x_j of eq. 61 is a2_2"), "eq. 67 and its eq. 61 sentence:\n%s", t);
    snprintf(want, sizeof want, "example 3: delta3_1 = a3_1 - y1 = %s - %s = %s (eq. 66)", f(a, (double)r[2].a3[0], 0),
             f(b, 1.0, 0), f(c, (double)r[2].d3[0], FMT_SIGN));
    CHECK(has_line_words(t, want), "want \"%s\" in\n%s", want, t);
    snprintf(want, sizeof want, "sum of the 4 terms = %s; dC/dw3_1_2 = (1/4) * (%s) = %s", f(a, (double)sum_w312, FMT_SIGN),
             f(b, (double)sum_w312, FMT_SIGN), f(c, (double)(sum_w312 / 4), FMT_SIGN));
    CHECK(has_line_words(t, want), "want \"%s\" in\n%s", want, t);
    sb_clear(&out);
    CHECK(explain_net_pane(&s, 7, 300, 5, &out, err, sizeof err) == 0, "%s", err);
    t = sb_str(&out);
    int lines = 0;
    for (const char *q = t; *q; q++) lines += *q == '\n';
    CHECK(lines <= 5 && !strstr(t, "eq. 61"), "5 lines hold the formula, the example, the sum and a row (%d):\n%s", lines, t);
    sb_clear(&out);

    /* micro-steps: example 1 added */
    CHECK(session_next(&s, err, sizeof err) == 0, "%s", err);
    CHECK(explain_net_pane(&s, 1, 300, 30, &out, err, sizeof err) == 0, "%s", err);
    t = sb_str(&out);
    snprintf(want, sizeof want, "next added example 1 (term 1 of 4): dC_x/dw2_1_2 = x2 * delta2_1 = %s * (%s) = %s (BP4)",
             f(a, 0.0, 0), f(b, (double)r[0].d2[0], FMT_SIGN), f(c, 0.0 * (double)r[0].d2[0], FMT_SIGN));
    CHECK(has_line_words(t, want), "want \"%s\" in\n%s", want, t);
    snprintf(want, sizeof want, "running sum of the 1 term = %s; 3 to come, then times 1/4", f(a, 0.0, FMT_SIGN));
    CHECK(has_line_words(t, want), "want \"%s\" in\n%s", want, t);
    snprintf(want, sizeof want, "layer 2: z2_1 %s a2_1 %s, z2_2 %s a2_2 %s", f(a, (double)r[0].z2[0], FMT_SIGN),
             f(b, (double)r[0].a2[0], 0), f(c, (double)r[0].z2[1], FMT_SIGN), f(d, (double)r[0].a2[1], 0));
    CHECK(has_line_words(t, want), "forward pass: want \"%s\" in\n%s", want, t);
    snprintf(want, sizeof want, "layer 3: delta3_1 %s", f(a, (double)r[0].d3[0], FMT_SIGN));
    CHECK(has_line_words(t, want), "backward pass: want \"%s\" in\n%s", want, t);
    CHECK(strstr(t, "forward pass") < strstr(t, "backward pass"), "forward before backward:\n%s", t);
    sb_free(&out);
    session_free(&s);
}

/* The pane for a softmax output weight: eq. 78 with its normalising sum for the focused example. */
static void check_pane_softmax(void)
{
    static const long double p[9] = { 0.3L, -0.6L, -0.8L, 0.25L, 0.5L, 0.9L, 0.1L, -0.2L, 0.05L };
    session s;
    char err[256], a[48], b[48], c[48], d[48], e[48], g[48], h[48], want[512];
    start(&s, three, 0, p, 0, 0, 0.0);
    CHECK(session_set_output(&s, NET_OUT_SOFTMAX, err, sizeof err) == 0, "%s", err);
    double v[9];
    for (int q = 0; q < 9; q++) {
        v[q] = (double)p[q];
    }
    CHECK(session_set_init(&s, SESSION_INIT_VALUES, v, 9, err, sizeof err) == 0, "%s", err);
    long double x0 = 1.5L, x1 = -0.5L, z[3], mx, den = 0, ex[3];
    for (int j = 0; j < 3; j++) {
        z[j] = p[2 * j] * x0 + p[2 * j + 1] * x1 + p[6 + j];
    }
    mx = fmaxl(z[0], fmaxl(z[1], z[2]));
    for (int j = 0; j < 3; j++) {
        ex[j] = expl(z[j] - mx);
        den += ex[j];
    }
    s.focus_i = 1;
    strbuf out = {0};
    CHECK(explain_net_pane(&s, 2, 600, 30, &out, err, sizeof err) == 0, "%s", err);
    const char *t = sb_str(&out);
    snprintf(want, sizeof want, "with t = max_q z2_q = %s: e^(z2_2 - t) / sum_q e^(z2_q - t) = %s / (%s + %s + %s = %s) = %s; "
             "the a2_q sum to 1 (eq. 79)", f(a, (double)mx, FMT_SIGN), f(b, (double)ex[1], 0), f(c, (double)ex[0], 0),
             f(d, (double)ex[1], 0), f(e, (double)ex[2], 0), f(g, (double)den, 0), f(h, (double)(ex[1] / den), 0));
    CHECK(strstr(t, want) != NULL, "want \"%s\" in\n%s", want, t);
    CHECK(strstr(t, "(eq. 78)") && strstr(t, "(eq. 84)"), "softmax cites eq. 78 and eq. 84:\n%s", t);
    sb_free(&out);
    session_free(&s);
}

/* The pane for a hidden weight under softmax: BP2 with every w3_q_1 delta3_q of example 4, from ld_pass. */
static void check_pane_softmax_hidden(void)
{
    char err[256];
    session s;
    dataset d;
    char *csv = three_classes(30);
    CHECK(session_init(&s, err, sizeof err) == 0, "%s", err);
    CHECK(dataset_parse(csv, strlen(csv), "three.csv", &d, err, sizeof err) == 0, "%s", err);
    CHECK(session_load(&s, &d, err, sizeof err) == 0, "%s", err);
    size_t H = 2;
    CHECK(session_set_hidden(&s, &H, 1, err, sizeof err) == 0, "%s", err);
    CHECK(session_set_output(&s, NET_OUT_SOFTMAX, err, sizeof err) == 0, "%s", err);
    CHECK(session_set_init(&s, SESSION_INIT_RANDOM, NULL, 0, err, sizeof err) == 0, "%s", err);
    CHECK(session_step(&s, 3, NULL, NULL, err, sizeof err) == 3, "%s", err);
    CHECK(session_set_digits(&s, DIGITS, err, sizeof err) == 0, "%s", err);
    const net_shape *sh = &s.net.shape;
    size_t i = net_w_index(sh, 2, 1, 2), ex = 3;
    ld_pass(sh, s.net.p, s.data.x + ex * s.data.k, s.net.Y + ex * 3, 0);
    long double sum = 0;
    char want[1024], a[48], b[48];
    int at = snprintf(want, sizeof want, "example 4: delta2_1 = (sum_q w3_q_1 delta3_q) sigma'(z2_1) (BP2): delta2_1 = (");
    for (int q = 0; q < 3; q++) {
        long double w = s.net.p[net_w_index(sh, 3, (size_t)q + 1, 1)];
        sum += w * ldd[3][q];
        at += snprintf(want + at, sizeof want - (size_t)at, "%s(%s) * (%s)", q ? " + " : "", f(a, (double)w, FMT_SIGN),
                       f(b, (double)ldd[3][q], FMT_SIGN));
    }
    char c[48], e[48], g[48];
    snprintf(want + at, sizeof want - (size_t)at, ") * sigma'(z2_1) = (%s) * %s = %s", f(c, (double)sum, FMT_SIGN),
             f(e, (double)(lda[2][0] * (1 - lda[2][0])), 0), f(g, (double)ldd[2][0], FMT_SIGN));
    s.focus_i = ex;
    strbuf out = {0};
    CHECK(explain_net_pane(&s, i, 600, 20, &out, err, sizeof err) == 0, "%s", err);
    CHECK(has_line_words(sb_str(&out), want), "want \"%s\" in\n%s", want, sb_str(&out));
    CHECK(strstr(sb_str(&out), "sum_x x2 delta2_1 (BP4)") != NULL, "BP4 for the hidden weight:\n%s", sb_str(&out));
    sb_free(&out);
    free(csv);
    session_free(&s);
}

static void check_refusals(void)
{
    static const long double p[9] = { 0 };
    session s;
    char err[256] = "";
    strbuf out = {0};
    start(&s, xor4, 2, p, 9, 0, 0.0);
    CHECK(explain_net_param(&s, 9, 80, &out, err, sizeof err) == -1 && sb_str(&out)[0] == '\0', "parameter 10 of 9 refused");
    CHECK(explain_net_delta(&s, 1, 1, 0, 80, &out, err, sizeof err) == -1, "layer 1 has no delta");
    CHECK(strstr(err, "layers are 2..3") != NULL, "the message names the layers: %s", err);
    CHECK(explain_net_delta(&s, 3, 2, 0, 80, &out, err, sizeof err) == -1, "layer 3 has one neuron");
    CHECK(explain_net_delta(&s, 2, 1, 4, 80, &out, err, sizeof err) == -1, "example 5 of 4 refused");
    CHECK(explain_net_derive(&s, 4, 0, 80, &out, err, sizeof err) == -1, "derive: example 5 of 4 refused");
    CHECK(sb_str(&out)[0] == '\0', "a refusal appends nothing");
    sb_free(&out);
    session_free(&s);
}

int main(void)
{
    check_2_2_1(0, 0.0);
    check_2_2_1(0, 0.8);
    check_2_2_1(1, 0.0);
    check_softmax();
    check_pane_2_2_1();
    check_pane_softmax();
    check_pane_softmax_hidden();
    check_cached_terms(40, NET_OUT_SIGMOID, 0, 0, 0.0);
    check_cached_terms(1100, NET_OUT_SIGMOID, 0, 0, 0.6);
    check_cached_terms(1100, NET_OUT_SOFTMAX, 0, 0, 0.0);
    check_cached_terms(700, NET_OUT_SIGMOID, 1, 0, 0.0);
    check_cached_terms(300, NET_OUT_SOFTMAX, 0, 16, 0.3);
    check_refusals();
    return harness_finish();
}
