/* unit_net.c: the network mathematics (net.c) against independent computations: long-double finite
 * differences, a second backpropagation written here from BP1-BP4, values worked by hand, XOR. */
#include "harness.h"

#include <float.h>
#include <stdint.h>
#include <stdlib.h>

#include "dataset.h"
#include "model.h"
#include "net.h"
#include "rng.h"

/* ---- an independent network in long double: fixed arrays, scalar loops, the book's equations ---- */
#define MAXN 8

typedef struct {
    int L;
    size_t n[NET_MAX_LAYERS + 1];
    long double w[NET_MAX_LAYERS + 1][MAXN][MAXN]; /* w[l][j][k] */
    long double b[NET_MAX_LAYERS + 1][MAXN];
    int softmax;
} ref_net;

/* Reads the parameter vector in trace order into r. */
static void ref_from_vector(ref_net *r, const net_shape *s, const double *p)
{
    size_t i = 0;
    r->L = s->L;
    r->softmax = s->out == NET_OUT_SOFTMAX;
    for (int l = 1; l <= s->L; l++) {
        r->n[l] = s->size[l];
    }
    for (int l = 2; l <= r->L; l++) {
        for (size_t j = 0; j < r->n[l]; j++) {
            for (size_t k = 0; k < r->n[l - 1]; k++) {
                r->w[l][j][k] = p[i++];
            }
        }
        for (size_t j = 0; j < r->n[l]; j++) {
            r->b[l][j] = p[i++];
        }
    }
}

static long double ref_sigma(long double z)
{
    return 1.0L / (1.0L + expl(-z));
}

/* Forward pass: a[l][j] for l = 1..L, z likewise. */
static void ref_forward(const ref_net *r, const double *x, long double z[][MAXN], long double a[][MAXN])
{
    for (size_t k = 0; k < r->n[1]; k++) {
        a[1][k] = x[k];
    }
    for (int l = 2; l <= r->L; l++) {
        for (size_t j = 0; j < r->n[l]; j++) {
            long double t = r->b[l][j];
            for (size_t k = 0; k < r->n[l - 1]; k++) {
                t += r->w[l][j][k] * a[l - 1][k];
            }
            z[l][j] = t;
            a[l][j] = ref_sigma(t);
        }
    }
    if (r->softmax) {
        long double sum = 0.0L;
        for (size_t j = 0; j < r->n[r->L]; j++) {
            sum += expl(z[r->L][j]);
        }
        for (size_t j = 0; j < r->n[r->L]; j++) {
            a[r->L][j] = expl(z[r->L][j]) / sum;
        }
    }
}

/* C_x straight from the definitions (eq. 63, the quadratic cost, eq. 80). */
static long double ref_cost_x(const ref_net *r, const double *x, const double *y, int quad)
{
    long double z[NET_MAX_LAYERS + 1][MAXN], a[NET_MAX_LAYERS + 1][MAXN], c = 0.0L;
    ref_forward(r, x, z, a);
    for (size_t j = 0; j < r->n[r->L]; j++) {
        long double aj = a[r->L][j];
        if (r->softmax) {
            c -= y[j] * logl(aj);
        } else if (quad) {
            c += 0.5L * (y[j] - aj) * (y[j] - aj);
        } else {
            c -= y[j] * logl(aj) + (1.0L - y[j]) * logl(1.0L - aj);
        }
    }
    return c;
}

/* Batch cost (1/m) sum C_x + (lambda/2n) sum w^2 over rows[0..m-1]. */
static long double ref_cost(const ref_net *r, const double *X, const double *Y, const size_t *rows, size_t m,
                            size_t n, double lambda, int quad)
{
    long double c = 0.0L, sq = 0.0L;
    size_t k = r->n[1], o = r->n[r->L];
    for (size_t q = 0; q < m; q++) {
        c += ref_cost_x(r, X + rows[q] * k, Y + rows[q] * o, quad);
    }
    for (int l = 2; l <= r->L; l++) {
        for (size_t j = 0; j < r->n[l]; j++) {
            for (size_t kk = 0; kk < r->n[l - 1]; kk++) {
                sq += r->w[l][j][kk] * r->w[l][j][kk];
            }
        }
    }
    return c / (long double)m + (long double)lambda / (2.0L * (long double)n) * sq;
}

/* The gradient by BP1-BP4 in scalar loops (a second backpropagation), in trace order into g. */
static void ref_gradient(const ref_net *r, const double *X, const double *Y, const size_t *rows, size_t m,
                         size_t n, double lambda, int quad, long double *g)
{
    static long double gw[NET_MAX_LAYERS + 1][MAXN][MAXN], gb[NET_MAX_LAYERS + 1][MAXN];
    memset(gw, 0, sizeof gw);
    memset(gb, 0, sizeof gb);
    size_t k = r->n[1], o = r->n[r->L];
    for (size_t q = 0; q < m; q++) {
        const double *x = X + rows[q] * k, *y = Y + rows[q] * o;
        long double z[NET_MAX_LAYERS + 1][MAXN], a[NET_MAX_LAYERS + 1][MAXN], d[NET_MAX_LAYERS + 1][MAXN];
        ref_forward(r, x, z, a);
        for (size_t j = 0; j < o; j++) {
            long double aj = a[r->L][j];
            d[r->L][j] = aj - y[j];                  /* eq. 66 and eq. 84 */
            if (quad) {
                d[r->L][j] *= aj * (1.0L - aj);      /* BP1 with sigma'(z) = a(1-a) */
            }
        }
        for (int l = r->L - 1; l >= 2; l--) {       /* BP2 */
            for (size_t kk = 0; kk < r->n[l]; kk++) {
                long double t = 0.0L;
                for (size_t j = 0; j < r->n[l + 1]; j++) {
                    t += r->w[l + 1][j][kk] * d[l + 1][j];
                }
                d[l][kk] = t * a[l][kk] * (1.0L - a[l][kk]);
            }
        }
        for (int l = 2; l <= r->L; l++) {           /* BP3, BP4 */
            for (size_t j = 0; j < r->n[l]; j++) {
                gb[l][j] += d[l][j];
                for (size_t kk = 0; kk < r->n[l - 1]; kk++) {
                    gw[l][j][kk] += a[l - 1][kk] * d[l][j];
                }
            }
        }
    }
    size_t i = 0;
    for (int l = 2; l <= r->L; l++) {
        for (size_t j = 0; j < r->n[l]; j++) {
            for (size_t kk = 0; kk < r->n[l - 1]; kk++) {
                g[i++] = gw[l][j][kk] / (long double)m + (long double)lambda / (long double)n * r->w[l][j][kk];
            }
        }
        for (size_t j = 0; j < r->n[l]; j++) {
            g[i++] = gb[l][j] / (long double)m;
        }
    }
}

/* ---- random networks: net.c against the second backpropagation and against finite differences ---- */
typedef struct {
    size_t k, h, hidden[NET_MAX_HIDDEN], m;
    net_output out;
} shape_case;

/* One random network, dataset and batch; compares every partial three ways. */
static void check_random_case(const shape_case *c, model_cost cost, double lambda, size_t batch, uint64_t seed)
{
    net_shape s;
    char err[128];
    CHECK(net_shape_init(&s, c->k, c->hidden, c->h, c->m, c->out, err, sizeof err) == 0, "%s", err);
    size_t n = 13, P = s.nparams, o = c->m;
    uint64_t st = rng_stream(seed, 7);
    double *X = malloc(n * c->k * sizeof(double)), *Y = calloc(n * o, sizeof(double));
    double *p = malloc(P * sizeof(double)), *g = malloc(P * sizeof(double));
    double *work = malloc((net_work_len(&s, n) + P) * sizeof(double));
    long double *rg = malloc(P * sizeof(long double));
    size_t rows[13];
    for (size_t i = 0; i < n * c->k; i++) {
        X[i] = 2.0 * rng_uniform(&st) - 1.0;
    }
    for (size_t i = 0; i < n; i++) {
        if (c->out == NET_OUT_SOFTMAX || o > 1) {
            Y[i * o + rng_below(&st, o)] = 1.0;     /* one-hot */
        } else {
            Y[i] = rng_uniform(&st);                /* any target in [0,1] */
        }
    }
    net_init_random(&s, p, &st);
    for (size_t q = 0; q < n; q++) {
        rows[q] = (q * 5 + 3) % n;                  /* a batch in a shuffled order */
    }
    net_accumulate(&s, X, Y, rows, batch, p, cost, 1, g, work);
    net_finish_gradient(&s, g, batch, n, lambda, p);
    ref_net r;
    ref_from_vector(&r, &s, p);
    int quad = cost == MODEL_COST_QUAD;
    ref_gradient(&r, X, Y, rows, batch, n, lambda, quad, rg);
    int bad_bp = 0, bad_fd = 0;
    for (size_t i = 0; i < P; i++) {
        double want = (double)rg[i];
        if (fabs(g[i] - want) > 1e-13 * fmax(1.0, fabs(want))) {
            bad_bp++;
            fprintf(stderr, "param %zu: net %.17g, second backprop %.17g\n", i, g[i], want);
        }
        /* central difference in long double with a step of 1e-6: error ~1e-12 relative */
        long double h = 1e-6L;
        ref_net rp = r, rm = r;
        int l;
        size_t j, kk;
        net_param_place(&s, i, &l, &j, &kk);
        if (kk) {
            rp.w[l][j - 1][kk - 1] += h;
            rm.w[l][j - 1][kk - 1] -= h;
        } else {
            rp.b[l][j - 1] += h;
            rm.b[l][j - 1] -= h;
        }
        long double fd = (ref_cost(&rp, X, Y, rows, batch, n, lambda, quad) -
                          ref_cost(&rm, X, Y, rows, batch, n, lambda, quad)) / (2.0L * h);
        if (fabsl((long double)g[i] - fd) > 1e-8L * fmaxl(1e-3L, fabsl(fd))) {
            bad_fd++;
            fprintf(stderr, "param %zu: net %.17g, finite difference %.17Lg\n", i, g[i], fd);
        }
    }
    CHECK(bad_bp == 0, "L=%d out=%d cost=%d lambda=%g batch=%zu: %d partials differ from BP1-BP4",
          s.L, (int)c->out, (int)cost, lambda, batch, bad_bp);
    CHECK(bad_fd == 0, "L=%d out=%d cost=%d lambda=%g batch=%zu: %d partials differ from differences",
          s.L, (int)c->out, (int)cost, lambda, batch, bad_fd);
    /* the cost: net.c's stable forms against the definitions */
    long double rc = ref_cost(&r, X, Y, rows, n, n, lambda, quad);
    double cs = net_cost_at(&s, X, Y, n, p, cost, lambda, work);
    CHECK(fabsl((long double)cs - rc) <= 1e-13L * fmaxl(1.0L, fabsl(rc)), "cost %.17g, want %.17Lg", cs, rc);
    free(X);
    free(Y);
    free(p);
    free(g);
    free(work);
    free(rg);
}

static void test_random_networks(void)
{
    static const shape_case cases[] = {
        { 3, 0, { 0 }, 1, NET_OUT_SIGMOID },
        { 2, 1, { 2 }, 1, NET_OUT_SIGMOID },
        { 3, 1, { 4 }, 3, NET_OUT_SIGMOID },
        { 4, 2, { 3, 5 }, 2, NET_OUT_SIGMOID },
        { 2, 4, { 3, 2, 4, 3 }, 1, NET_OUT_SIGMOID },
        { 3, 0, { 0 }, 3, NET_OUT_SOFTMAX },
        { 2, 1, { 4 }, 2, NET_OUT_SOFTMAX },
        { 4, 3, { 5, 3, 4 }, 4, NET_OUT_SOFTMAX },
    };
    static const double lambdas[] = { 0.0, 0.7 };
    static const size_t batches[] = { 13, 4, 1 };
    uint64_t seed = 1;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (int cost = 0; cost < 2; cost++) {
            if (cost == MODEL_COST_QUAD && cases[c].out == NET_OUT_SOFTMAX) {
                continue;   /* softmax goes with the log-likelihood only */
            }
            for (size_t q = 0; q < 2; q++) {
                for (size_t b = 0; b < 3; b++) {
                    check_random_case(&cases[c], (model_cost)cost, lambdas[q], batches[b], seed++);
                }
            }
        }
    }
}

/* ---- a 2-2-1 network on one example, every number worked by hand ---- */
static void test_by_hand(void)
{
    /* x = (1, 2), y = 1; w^2 = [[0.1, 0.2], [0.3, -0.4]], b^2 = (0.5, -0.5); w^3 = [0.5, -0.5], b^3 = 0.25 */
    static const double p[] = { 0.1, 0.2, 0.3, -0.4, 0.5, -0.5, 0.5, -0.5, 0.25 };
    static const double x[] = { 1.0, 2.0 }, y[] = { 1.0 };
    size_t hidden[] = { 2 };
    net_shape s;
    char err[128];
    CHECK(net_shape_init(&s, 2, hidden, 1, 1, NET_OUT_SIGMOID, err, sizeof err) == 0, "%s", err);
    CHECK(s.nparams == 9 && s.units == 3, "P %zu, units %zu", s.nparams, s.units);
    double z[3], a[3], d[3], g[9] = { 0 };
    net_forward(&s, p, x, z, a);
    /* z^2_1 = 0.1*1 + 0.2*2 + 0.5 = 1; z^2_2 = 0.3*1 - 0.4*2 - 0.5 = -1 */
    CHECK_NEAR(z[0], 1.0, 1e-15);
    CHECK_NEAR(z[1], -1.0, 1e-15);
    long double s1 = 1.0L / (1.0L + expl(-1.0L)); /* sigma(1) = 0.7310585786300049 */
    CHECK_NEAR(a[0], (double)s1, 1e-15);
    CHECK_NEAR(a[1], (double)(1.0L - s1), 1e-15);
    /* z^3 = 0.5 sigma(1) - 0.5 (1 - sigma(1)) + 0.25 = sigma(1) - 0.25 */
    long double z3 = s1 - 0.25L, a3 = 1.0L / (1.0L + expl(-z3));
    CHECK_NEAR(z[2], (double)z3, 1e-15);
    CHECK_NEAR(a[2], (double)a3, 1e-15);
    /* C_x = -ln a^3 (y = 1) */
    CHECK_NEAR(net_example_cost(&s, z, a, y, MODEL_COST_CE), (double)-logl(a3), 1e-15);
    net_backward(&s, p, z, a, y, MODEL_COST_CE, d);
    /* delta^3 = a^3 - 1; delta^2_1 = 0.5 delta^3 sigma'(1); delta^2_2 = -0.5 delta^3 sigma'(-1);
     * sigma'(1) = sigma'(-1) = s1 (1 - s1) */
    long double d3 = a3 - 1.0L, sp = s1 * (1.0L - s1);
    CHECK_NEAR(d[2], (double)d3, 1e-15);
    CHECK_NEAR(d[0], (double)(0.5L * d3 * sp), 1e-15);
    CHECK_NEAR(d[1], (double)(-0.5L * d3 * sp), 1e-15);
    net_add_terms(&s, x, a, d, g);
    long double want[9] = {
        0.5L * d3 * sp * 1.0L, 0.5L * d3 * sp * 2.0L,    /* dC/dw^2_11 = x_1 delta^2_1, dC/dw^2_12 = x_2 delta^2_1 */
        -0.5L * d3 * sp * 1.0L, -0.5L * d3 * sp * 2.0L,  /* dC/dw^2_21, dC/dw^2_22 */
        0.5L * d3 * sp, -0.5L * d3 * sp,                 /* dC/db^2_1, dC/db^2_2 */
        s1 * d3, (1.0L - s1) * d3,                       /* dC/dw^3_11 = a^2_1 delta^3, dC/dw^3_12 */
        d3,                                              /* dC/db^3 */
    };
    for (int i = 0; i < 9; i++) {
        CHECK_NEAR(g[i], (double)want[i], 1e-15);
    }
    /* the quadratic cost multiplies delta^3 by sigma'(z^3) (BP1) */
    net_backward(&s, p, z, a, y, MODEL_COST_QUAD, d);
    CHECK_NEAR(d[2], (double)(d3 * a3 * (1.0L - a3)), 1e-15);
    char name[32];
    net_param_name(&s, 3, name, sizeof name);
    CHECK_STR(name, "w2_2_2");
    net_param_name(&s, 5, name, sizeof name);
    CHECK_STR(name, "b2_2");
    net_param_name(&s, 7, name, sizeof name);
    CHECK_STR(name, "w3_1_2");
    CHECK(net_w_index(&s, 3, 1, 2) == 7 && net_b_index(&s, 3, 1) == 8 && net_b_index(&s, 2, 1) == 4, "indices");
}

/* ---- the single neuron through the network code: model.c's bits ---- */
static void single_neuron_bits(const dataset *d, int *checked, int *same)
{
    size_t k = d->k, n = d->n, P = k + 1;
    net_shape s;
    char err[128];
    net_shape_init(&s, k, NULL, 0, 1, NET_OUT_SIGMOID, err, sizeof err);
    double *p = malloc(P * sizeof(double)), *g = malloc(P * sizeof(double)), *h = calloc(P, sizeof(double));
    double *mw = malloc(k * sizeof(double)), *work = malloc((net_work_len(&s, n) + P) * sizeof(double));
    uint64_t st = rng_stream(5, 0);
    net_init_random(&s, p, &st);
    for (int cost = 0; cost < 2; cost++) {
        double mb, cs = net_accumulate(&s, d->x, d->y, NULL, n, p, (model_cost)cost, 1, g, work);
        double ms = model_accumulate(d->x, d->y, k, NULL, n, p, p[k], (model_cost)cost, mw, &mb, NULL);
        *checked += 1;
        *same += memcmp(g, mw, k * sizeof(double)) == 0 && memcmp(&g[k], &mb, sizeof mb) == 0 &&
                 memcmp(&cs, &ms, sizeof cs) == 0;
        if (n < 512) {
            /* the general per-example functions, summed in order, give the same bits too */
            double z[1], a[1], dd[1], c = 0.0;
            memset(h, 0, P * sizeof(double));
            for (size_t i = 0; i < n; i++) {
                net_forward(&s, p, d->x + i * k, z, a);
                c += net_example_cost(&s, z, a, d->y + i, (model_cost)cost);
                net_backward(&s, p, z, a, d->y + i, (model_cost)cost, dd);
                net_add_terms(&s, d->x + i * k, a, dd, h);
            }
            *checked += 1;
            *same += memcmp(h, mw, k * sizeof(double)) == 0 && memcmp(&h[k], &mb, sizeof mb) == 0 &&
                     memcmp(&c, &ms, sizeof c) == 0;
        }
    }
    free(p);
    free(g);
    free(h);
    free(mw);
    free(work);
}

static void collect_name(const char *name, size_t n, size_t k, const char *desc, void *ctx)
{
    (void)n;
    (void)k;
    (void)desc;
    char (*names)[64] = ctx;
    for (int i = 0; i < 32; i++) {
        if (names[i][0] == '\0') {
            snprintf(names[i], sizeof names[i], "%s", name);
            return;
        }
    }
}

static void test_single_neuron(void)
{
    char names[32][64];
    memset(names, 0, sizeof names);
    char err[256];
    int count = dataset_list(collect_name, names, err, sizeof err);
    CHECK(count >= 5, "bundled datasets: %d (%s)", count, err);
    int checked = 0, same = 0;
    for (int i = 0; i < 32 && names[i][0]; i++) {
        dataset d;
        if (dataset_load(names[i], &d, err, sizeof err) == 0) {
            single_neuron_bits(&d, &checked, &same);
            dataset_free(&d);
        }
    }
    CHECK(checked >= 2 * count && same == checked, "%d of %d single-neuron sums bit-identical", same, checked);
}

/* ---- XOR with a 2-2-1 network ---- */
static const double xor_x[] = { 0, 0, 0, 1, 1, 0, 1, 1 }, xor_y[] = { 0, 1, 1, 0 };

/* Trains full-batch cross-entropy gradient descent for `steps` updates at eta; returns examples right. */
static int xor_train(const net_shape *s, double *p, int steps, double eta)
{
    double g[9], work[64], z[3], a[3];
    for (int t = 0; t < steps; t++) {
        net_accumulate(s, xor_x, xor_y, NULL, 4, p, MODEL_COST_CE, 0, g, work);
        net_finish_gradient(s, g, 4, 4, 0.0, p);
        for (size_t i = 0; i < s->nparams; i++) {
            p[i] -= eta * g[i];
        }
    }
    int right = 0;
    for (int i = 0; i < 4; i++) {
        net_forward(s, p, xor_x + 2 * i, z, a);
        right += (a[2] >= 0.5) == (xor_y[i] >= 0.5);
    }
    return right;
}

static void test_xor(void)
{
    size_t hidden[] = { 2 };
    net_shape s;
    char err[128];
    net_shape_init(&s, 2, hidden, 1, 1, NET_OUT_SIGMOID, err, sizeof err);
    CHECK(net_work_len(&s, 4) <= 64, "work %zu", net_work_len(&s, 4));
    /* seed 1, stream 0 (what `set seed 1` and `set init random` draw): 4/4 after 2000 steps at eta 2 */
    double p[9];
    uint64_t st = rng_stream(1, 0);
    net_init_random(&s, p, &st);
    int right = xor_train(&s, p, 2000, 2.0);
    CHECK(right == 4, "XOR from seed 1: %d of 4 right", right);
    /* from zeros the two hidden neurons start identical, get identical gradients and stay identical,
     * so the network is no better than one hidden neuron, which cannot represent XOR */
    double q[9] = { 0 };
    right = xor_train(&s, q, 2000, 2.0);
    CHECK(right < 4, "XOR from zeros: %d of 4 right", right);
    CHECK(memcmp(&q[0], &q[2], 2 * sizeof(double)) == 0 && memcmp(&q[4], &q[5], sizeof(double)) == 0 &&
          memcmp(&q[6], &q[7], sizeof(double)) == 0,
          "hidden neurons differ: w2_1 (%g %g) w2_2 (%g %g) b (%g %g) w3 (%g %g)", q[0], q[1], q[2], q[3], q[4],
          q[5], q[6], q[7]);
}

/* net_classify on XOR built by hand: hidden neuron 1 is OR (20 x1 + 20 x2 - 10), neuron 2 NAND
 * (-20 x1 - 20 x2 + 30), the output AND of both (20 a1 + 20 a2 - 30); a softmax layer of two
 * outputs z = (x1, -x1) picks class 1 for x1 < 0 and class 0 for x1 > 0. */
static void test_classify(void)
{
    size_t hidden[] = { 2 };
    net_shape s;
    char err[128];
    net_shape_init(&s, 2, hidden, 1, 1, NET_OUT_SIGMOID, err, sizeof err);
    static const double p[] = { 20, 20, -20, -20, -10, 30, 20, 20, -30 };
    static const double pts[4][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
    static const size_t want[4] = { 0, 1, 1, 0 };
    double work[16];
    for (int i = 0; i < 4; i++) {
        size_t c = net_classify(&s, p, pts[i], work);
        CHECK(c == want[i], "XOR by hand at (%g, %g): class %zu, want %zu", pts[i][0], pts[i][1], c, want[i]);
    }
    net_shape t;
    net_shape_init(&t, 2, NULL, 0, 2, NET_OUT_SOFTMAX, err, sizeof err);
    static const double q[] = { 1, 0, -1, 0, 0, 0 };
    double left[2] = { -0.5, 3 }, right[2] = { 0.25, -3 };
    CHECK(net_classify(&t, q, left, work) == 1, "softmax at x1 = -0.5: want class 1");
    CHECK(net_classify(&t, q, right, work) == 0, "softmax at x1 = 0.25: want class 0");
}

/* ---- large batches: fixed parts, the same bits whatever the thread count ---- */
static void test_threads(void)
{
    size_t hidden[] = { 5, 3 }, n = 1500, k = 3, m = 3;
    net_shape s;
    char err[128];
    net_shape_init(&s, k, hidden, 2, m, NET_OUT_SOFTMAX, err, sizeof err);
    double *X = malloc(n * k * sizeof(double)), *Y = calloc(n * m, sizeof(double));
    double *p = malloc(s.nparams * sizeof(double)), *g1 = malloc(s.nparams * sizeof(double));
    double *g4 = malloc(s.nparams * sizeof(double)), *work = malloc(net_work_len(&s, n) * sizeof(double));
    long double *rg = malloc(s.nparams * sizeof(long double));
    size_t *rows = malloc(n * sizeof(size_t));
    uint64_t st = rng_stream(3, 3);
    for (size_t i = 0; i < n * k; i++) {
        X[i] = rng_normal(&st);
    }
    for (size_t i = 0; i < n; i++) {
        Y[i * m + rng_below(&st, m)] = 1.0;
        rows[i] = i;
    }
    net_init_random(&s, p, &st);
    setenv("GRADSTEP_THREADS", "1", 1);
    double c1 = net_accumulate(&s, X, Y, NULL, n, p, MODEL_COST_CE, 1, g1, work);
    setenv("GRADSTEP_THREADS", "4", 1);
    double c4 = net_accumulate(&s, X, Y, NULL, n, p, MODEL_COST_CE, 1, g4, work);
    unsetenv("GRADSTEP_THREADS");
    CHECK(memcmp(g1, g4, s.nparams * sizeof(double)) == 0 && memcmp(&c1, &c4, sizeof c1) == 0,
          "1 and 4 threads give different bits");
    net_finish_gradient(&s, g1, n, n, 0.0, p);
    ref_net r;
    ref_from_vector(&r, &s, p);
    ref_gradient(&r, X, Y, rows, n, n, 0.0, 0, rg);
    int bad = 0;
    for (size_t i = 0; i < s.nparams; i++) {
        bad += fabs(g1[i] - (double)rg[i]) > 1e-12 * fmax(1e-3, fabs((double)rg[i]));
    }
    CHECK(bad == 0, "%d of %zu partials of a split batch differ from BP1-BP4", bad, s.nparams);
    free(X);
    free(Y);
    free(p);
    free(g1);
    free(g4);
    free(work);
    free(rg);
    free(rows);
}

/* ---- stability and shapes ---- */
static void test_edges(void)
{
    net_shape s;
    char err[128];
    size_t big[] = { 300 }, zero[] = { 0 }, five[] = { 2, 2, 2, 2, 2 }, ok[] = { 256 };
    CHECK(net_shape_init(&s, 2, big, 1, 1, NET_OUT_SIGMOID, err, sizeof err) == -1, "300 neurons accepted");
    CHECK(net_shape_init(&s, 2, zero, 1, 1, NET_OUT_SIGMOID, err, sizeof err) == -1, "0 neurons accepted");
    CHECK(net_shape_init(&s, 2, five, 5, 1, NET_OUT_SIGMOID, err, sizeof err) == -1, "5 layers accepted");
    CHECK(net_shape_init(&s, 2, NULL, 0, 1, NET_OUT_SOFTMAX, err, sizeof err) == -1, "softmax of 1 accepted");
    CHECK(net_shape_init(&s, 2, ok, 1, 3, NET_OUT_SOFTMAX, err, sizeof err) == 0, "%s", err);
    CHECK(s.nparams == 256 * 3 + 3 * 257, "P %zu", s.nparams);
    /* softmax log-likelihood at huge z: finite and equal to the exact value */
    net_shape t;
    net_shape_init(&t, 1, NULL, 0, 3, NET_OUT_SOFTMAX, err, sizeof err);
    double z[3] = { 800.0, -900.0, 799.0 }, a[3], y[3] = { 0, 0, 1 };
    double p[6] = { 800, -900, 799, 0, 0, 0 }, x[1] = { 1.0 };
    net_forward(&t, p, x, z, a);
    double c = net_example_cost(&t, z, a, y, MODEL_COST_CE);
    CHECK_NEAR(c, (double)log1pl(expl(-1.0L)) + 1.0, 1e-15);   /* -ln a_3 = ln(1 + e) */
    CHECK(isfinite(a[0]) && a[1] == 0.0 && fabs(a[0] + a[1] + a[2] - 1.0) < 1e-15, "softmax %g %g %g", a[0], a[1], a[2]);
    /* sigmoid cross-entropy at huge z stays finite (softplus form) */
    net_shape u;
    size_t h1[] = { 1 };
    net_shape_init(&u, 1, h1, 1, 1, NET_OUT_SIGMOID, err, sizeof err);
    double pu[4] = { 1.0, 0.0, -1e6, 0.0 }, zu[2], au[2], yu[1] = { 1.0 };
    net_forward(&u, pu, x, zu, au);
    CHECK(isfinite(net_example_cost(&u, zu, au, yu, MODEL_COST_CE)), "cost not finite at z = %g", zu[1]);
    /* the finite difference helper agrees with the analytic gradient */
    size_t h2[] = { 3 };
    net_shape v;
    net_shape_init(&v, 2, h2, 1, 2, NET_OUT_SIGMOID, err, sizeof err);
    double X[] = { 0.5, -1.0, 1.5, 0.25, -0.75, 2.0 }, Y[] = { 1, 0, 0, 1, 1, 0 };
    double pv[17], gv[17], wv[64];
    uint64_t st = rng_stream(9, 0);
    net_init_random(&v, pv, &st);
    CHECK(net_work_len(&v, 3) + v.nparams <= 64, "work");
    net_accumulate(&v, X, Y, NULL, 3, pv, MODEL_COST_CE, 0, gv, wv);
    net_finish_gradient(&v, gv, 3, 3, 0.3, pv);
    int bad = 0;
    for (size_t i = 0; i < v.nparams; i++) {
        double before = pv[i];
        double fd = net_fd_partial(&v, X, Y, 3, pv, MODEL_COST_CE, 0.3, i, 1e-5, wv);
        bad += fabs(fd - gv[i]) > 1e-8 * fmax(1.0, fabs(gv[i])) || pv[i] != before;
    }
    CHECK(bad == 0, "%d finite differences disagree (or a parameter was not restored)", bad);
    double probe[3] = { 0.2, 0.9, 0.9 };
    CHECK(net_argmax(probe, 3) == 1, "argmax takes the first of equals");
}

int main(void)
{
    test_by_hand();
    test_random_networks();
    test_single_neuron();
    test_xor();
    test_classify();
    test_threads();
    test_edges();
    return harness_finish();
}
