/* unit_netfast.c: the blocked sweep of net_accumulate gives the bits of the example-by-example sweep
 * (net_accumulate_reference) for several shapes, batch sizes, costs, thread counts and both SIMD paths;
 * and both agree with a sum of per-example terms written here from net_forward and net_backward. */
#include "harness.h"

#include <stdint.h>
#include <stdlib.h>

#include "model.h"
#include "net.h"
#include "rng.h"

typedef struct {
    size_t k, hidden[NET_MAX_HIDDEN], h, m;
    net_output out;
} shape_case;

/* Random inputs, targets (one-hot for softmax, 0/1 or fractions for sigmoids) and parameters. */
static void fill(const net_shape *s, size_t n, double *X, double *Y, double *p, uint64_t *st)
{
    size_t k = s->size[1], m = s->size[s->L];
    for (size_t i = 0; i < n * k; i++) {
        X[i] = 2.0 * rng_normal(st);
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < m; j++) {
            Y[i * m + j] = s->out == NET_OUT_SOFTMAX ? 0.0 : (double)rng_below(st, 5) / 4.0;
        }
        if (s->out == NET_OUT_SOFTMAX) {
            Y[i * m + rng_below(st, m)] = 1.0;
        }
    }
    net_init_random(s, p, st);
    for (size_t i = 0; i < s->nparams; i++) {
        p[i] *= 3.0; /* large enough that some z pass 20 and saturate */
    }
}

/* The sums written out here: per example net_forward, net_backward, then each term added in batch order. */
static double direct_sums(const net_shape *s, const double *X, const double *Y, const size_t *rows, size_t m,
                          const double *p, model_cost cost, double *g)
{
    size_t k = s->size[1], o = s->size[s->L], U = s->units;
    double *z = malloc(3 * U * sizeof(double)), *a = z + U, *d = a + U, cs = 0.0;
    memset(g, 0, s->nparams * sizeof(double));
    for (size_t r = 0; r < m; r++) {
        size_t i = rows ? rows[r] : r;
        net_forward(s, p, X + i * k, z, a);
        cs += net_example_cost(s, z, a, Y + i * o, cost);
        net_backward(s, p, z, a, Y + i * o, cost, d);
        for (int l = 2; l <= s->L; l++) {
            const double *in = l == 2 ? X + i * k : a + s->uoff[l - 1];
            for (size_t j = 1; j <= s->size[l]; j++) {
                double dj = d[s->uoff[l] + j - 1];
                for (size_t q = 1; q <= s->size[l - 1]; q++) {
                    g[net_w_index(s, l, j, q)] += in[q - 1] * dj;
                }
                g[net_b_index(s, l, j)] += dj;
            }
        }
    }
    free(z);
    return cs;
}

static int run_case(const shape_case *c, size_t n, size_t m, int shuffled, model_cost cost, const char *threads,
                    uint64_t seed)
{
    net_shape s;
    char err[128];
    if (net_shape_init(&s, c->k, c->hidden, c->h, c->m, c->out, err, sizeof err) != 0) {
        CHECK(0, "shape: %s", err);
        return 0;
    }
    size_t P = s.nparams, o = c->m;
    double *X = malloc(n * c->k * sizeof(double)), *Y = malloc(n * o * sizeof(double));
    double *p = malloc(P * sizeof(double)), *g1 = malloc(P * sizeof(double)), *g2 = malloc(P * sizeof(double));
    double *g3 = malloc(P * sizeof(double)), *work = malloc((net_work_len(&s, m) + 1) * sizeof(double));
    size_t *rows = malloc(n * sizeof(size_t));
    uint64_t st = rng_stream(seed, 5);
    fill(&s, n, X, Y, p, &st);
    for (size_t i = 0; i < n; i++) {
        rows[i] = i;
    }
    for (size_t i = n; shuffled && i > 1; i--) {
        size_t j = rng_below(&st, i), t = rows[i - 1];
        rows[i - 1] = rows[j];
        rows[j] = t;
    }
    const size_t *rr = shuffled ? rows : NULL;
    setenv("GRADSTEP_THREADS", threads, 1);
    /* an odd start of the work space: the sweep aligns for itself */
    double c1 = net_accumulate(&s, X, Y, rr, m, p, cost, 1, g1, work + 1);
    double c2 = net_accumulate_reference(&s, X, Y, rr, m, p, cost, 1, g2, work + 1);
    double c0 = net_accumulate(&s, X, Y, rr, m, p, cost, 0, g3, work + 1);
    unsetenv("GRADSTEP_THREADS");
    int same = memcmp(g1, g2, P * sizeof(double)) == 0 && memcmp(&c1, &c2, sizeof c1) == 0 &&
               memcmp(g1, g3, P * sizeof(double)) == 0 && c0 == 0.0;
    CHECK(same, "k %zu, %zu hidden, m %zu outputs %s, batch %zu%s, cost %d, threads %s: blocked and reference differ",
          c->k, c->h, c->m, c->out == NET_OUT_SOFTMAX ? "softmax" : "sigmoid", m, shuffled ? " shuffled" : "",
          (int)cost, threads);
    /* the count of examples classified right, against one taken here from net_forward */
    size_t counted = 99999, want = 0, U = s.units;
    net_accumulate_counted(&s, X, Y, rr, m, p, cost, 0, g3, work + 1, &counted);
    double *za = malloc(2 * U * sizeof(double));
    for (size_t r = 0; r < m; r++) {
        size_t i = rr ? rr[r] : r, pred, cls;
        net_forward(&s, p, X + i * c->k, za, za + U);
        const double *aL = za + U + s.uoff[s.L], *y = Y + i * o;
        pred = o == 1 ? aL[0] >= 0.5 : net_argmax(aL, o);
        cls = 0;
        for (size_t j = 1; j < o; j++) {
            cls = y[j] > y[cls] ? j : cls;
        }
        cls = o == 1 ? y[0] >= 0.5 : cls;
        want += pred == cls;
    }
    free(za);
    CHECK(counted == want && memcmp(g1, g3, P * sizeof(double)) == 0, "batch %zu: %zu counted right, want %zu", m,
          counted, want);
    if (m < 512) {
        /* below the split the sums are the plain example-by-example ones written out here */
        double cd = direct_sums(&s, X, Y, rr, m, p, cost, g2);
        CHECK(memcmp(g1, g2, P * sizeof(double)) == 0 && memcmp(&c1, &cd, sizeof c1) == 0,
              "batch %zu: blocked sums differ from the direct sums", m);
    }
    free(X);
    free(Y);
    free(p);
    free(g1);
    free(g2);
    free(g3);
    free(work);
    free(rows);
    return same;
}

static void test_shapes(void)
{
    const shape_case cases[] = {
        { 64, { 30 }, 1, 10, NET_OUT_SIGMOID },   /* digits */
        { 4, { 5 }, 1, 3, NET_OUT_SOFTMAX },      /* iris */
        { 2, { 2 }, 1, 1, NET_OUT_SIGMOID },      /* XOR */
        { 7, { 9, 6 }, 2, 2, NET_OUT_SIGMOID },   /* odd sizes, two hidden layers */
        { 13, { 17, 3, 5 }, 3, 4, NET_OUT_SOFTMAX },
        { 3, { 1 }, 1, 2, NET_OUT_SOFTMAX },
        { 5, { 33 }, 1, 1, NET_OUT_SIGMOID },
        { 6, { 0 }, 0, 3, NET_OUT_SOFTMAX },       /* no hidden layer, several outputs */
    };
    const size_t batches[] = { 1, 7, 8, 10, 13, 32, 33, 100, 600, 1300 };
    const char *threads[] = { "1", "2", "3" };
    int all = 1, count = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (size_t b = 0; b < sizeof batches / sizeof batches[0]; b++) {
            size_t m = batches[b];
            for (int cost = 0; cost < 2; cost++) {
                if (cost == 1 && cases[c].out == NET_OUT_SOFTMAX) {
                    continue;
                }
                const char *t = threads[(c + b) % 3];
                all &= run_case(&cases[c], m + 5, m, (int)(b % 2), (model_cost)cost, t, 10 * c + b);
                count++;
            }
        }
    }
    CHECK(all && count > 100, "%d cases", count);
}

/* The same sums whichever SIMD code runs: AVX2 (where the processor has it) and the plain build. */
static void test_simd(void)
{
    shape_case c = { 64, { 30 }, 1, 10, NET_OUT_SIGMOID };
    const char *was = getenv("GRADSTEP_SIMD");
    setenv("GRADSTEP_SIMD", "base", 1);
    model_simd_reset();
    CHECK(strcmp(model_simd_name(), "base") == 0, "GRADSTEP_SIMD=base gives %s", model_simd_name());
    run_case(&c, 700, 600, 1, MODEL_COST_CE, "2", 77);
    run_case(&c, 40, 10, 0, MODEL_COST_QUAD, "1", 78);
    if (was) {
        setenv("GRADSTEP_SIMD", was, 1);
    } else {
        unsetenv("GRADSTEP_SIMD");
    }
    model_simd_reset();
    /* the two paths against each other directly */
    net_shape s;
    char err[128];
    size_t hid[] = { 30 };
    net_shape_init(&s, 64, hid, 1, 10, NET_OUT_SIGMOID, err, sizeof err);
    size_t n = 50, P = s.nparams;
    double *X = malloc(n * 64 * sizeof(double)), *Y = malloc(n * 10 * sizeof(double)), *p = malloc(P * sizeof(double));
    double *ga = malloc(P * sizeof(double)), *gb = malloc(P * sizeof(double));
    double *work = malloc(net_work_len(&s, n) * sizeof(double));
    uint64_t st = rng_stream(4, 4);
    fill(&s, n, X, Y, p, &st);
    double ca = net_accumulate(&s, X, Y, NULL, n, p, MODEL_COST_CE, 1, ga, work);
    setenv("GRADSTEP_SIMD", "base", 1);
    model_simd_reset();
    double cb = net_accumulate(&s, X, Y, NULL, n, p, MODEL_COST_CE, 1, gb, work);
    unsetenv("GRADSTEP_SIMD");
    model_simd_reset();
    CHECK(memcmp(ga, gb, P * sizeof(double)) == 0 && memcmp(&ca, &cb, sizeof ca) == 0, "AVX2 and base differ");
    free(X);
    free(Y);
    free(p);
    free(ga);
    free(gb);
    free(work);
}

/* net_finish_gradient gives g/m, plus (lambda/n) w on the weights only, with the bits of those operations
 * done one at a time here, in both SIMD paths. */
static void test_finish(void)
{
    size_t hid[] = { 7 };
    net_shape s;
    char err[128];
    net_shape_init(&s, 5, hid, 1, 3, NET_OUT_SIGMOID, err, sizeof err);
    size_t P = s.nparams;
    double g0[128], p[128], g[128], want[128];
    CHECK(P == 66, "P %zu", P);
    uint64_t st = rng_stream(8, 8);
    for (size_t i = 0; i < P; i++) {
        g0[i] = rng_normal(&st) * 37.0;
        p[i] = rng_normal(&st);
    }
    for (int simd = 0; simd < 2; simd++) {
        if (simd) {
            setenv("GRADSTEP_SIMD", "base", 1);
        }
        model_simd_reset();
        for (int lam = 0; lam < 2; lam++) {
            double lambda = lam ? 0.37 : 0.0;
            for (size_t i = 0; i < P; i++) {
                want[i] = g0[i] / 10.0;
                if (net_param_is_weight(&s, i) && lambda != 0.0) {
                    want[i] = want[i] + (lambda / 1797.0) * p[i];
                }
            }
            memcpy(g, g0, P * sizeof(double));
            net_finish_gradient(&s, g, 10, 1797, lambda, p);
            CHECK(memcmp(g, want, P * sizeof(double)) == 0, "finish (lambda %g, %s) differs", lambda,
                  model_simd_name());
        }
    }
    unsetenv("GRADSTEP_SIMD");
    model_simd_reset();
}

int main(void)
{
    test_finish();
    test_shapes();
    test_simd();
    return harness_finish();
}
