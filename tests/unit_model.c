/* unit_model.c: model.c against independent references: long-double formulas, finite differences, the book's numbers. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"
#include "model.h"
#include "rng.h"

/* Reference sigma in long double, written the textbook way. */
static long double ref_sigma(long double z)
{
    return 1.0L / (1.0L + expl(-z));
}

/* Reference cross-entropy: -[y ln a + (1-y) ln(1-a)] with a and 1-a in long double; valid for
 * moderate z where neither underflows. */
static long double ref_ce(long double z, long double y)
{
    /* ln a = -ln(1 + e^-z) and ln(1 - a) = -ln(1 + e^z), kept apart so neither cancels. */
    long double ln_a = -log1pl(expl(-z));
    long double ln_1ma = -log1pl(expl(z));
    return -(y * ln_a + (1.0L - y) * ln_1ma);
}

/* Mean cost over rows (all when rows NULL) plus the L2 term, in long double, the book's way. */
static long double ref_cost(const double *X, const double *Y, size_t k, const size_t *rows, size_t m,
                            size_t n, const double *w, double b, model_cost cost, double lambda)
{
    long double sum = 0.0L;
    for (size_t r = 0; r < m; r++) {
        size_t i = rows ? rows[r] : r;
        long double z = b;
        for (size_t j = 0; j < k; j++) {
            z += (long double)w[j] * X[i * k + j];
        }
        if (cost == MODEL_COST_CE) {
            sum += ref_ce(z, Y[i]);
        } else {
            long double d = Y[i] - ref_sigma(z);
            sum += 0.5L * d * d;
        }
    }
    long double sq = 0.0L;
    for (size_t j = 0; j < k; j++) {
        sq += (long double)w[j] * w[j];
    }
    return sum / m + lambda / (2.0L * n) * sq;
}

static void test_sigmoid(void)
{
    CHECK(model_sigmoid(0.0) == 0.5, "sigma(0)");
    double zs[] = { -30, -5, -1, -0.25, 0.25, 1, 5, 30 };
    for (size_t i = 0; i < sizeof zs / sizeof zs[0]; i++) {
        CHECK_REL(model_sigmoid(zs[i]), (double)ref_sigma(zs[i]), 1e-15);
        /* sigma'(z) = sigma(z)(1 - sigma(z)) = sigma(z) sigma(-z), the second avoiding 1 - a. */
        CHECK_REL(model_sigmoid_prime(zs[i]), (double)(ref_sigma(zs[i]) * ref_sigma(-zs[i])), 1e-13);
    }
    CHECK(model_sigmoid(800) == 1.0 && model_sigmoid(-800) == 0.0, "saturates without NaN");
    CHECK(isfinite(model_sigmoid_prime(800)) && model_sigmoid_prime(800) >= 0, "sigma' finite at 800");
    /* sigma'(z) = sigma(z) sigma(-z): a second formula. */
    CHECK_REL(model_sigmoid_prime(-3.5), model_sigmoid(-3.5) * model_sigmoid(3.5), 1e-15);
}

static void test_cross_entropy(void)
{
    /* Moderate z: the long-double textbook formula. */
    double zs[] = { -20, -3, -0.5, 0, 0.5, 3, 20 };
    double ys[] = { 0, 0.25, 1 };
    for (size_t i = 0; i < sizeof zs / sizeof zs[0]; i++) {
        for (size_t j = 0; j < 3; j++) {
            CHECK_REL(model_cost_ce(zs[i], ys[j]), (double)ref_ce(zs[i], ys[j]), 1e-13);
        }
    }
    /* C = ln 2 at z = 0 for y in {0,1}. */
    CHECK(model_cost_ce(0, 0) == log(2.0) && model_cost_ce(0, 1) == log(2.0), "ln 2 at z = 0");
    /* z = +-800: sigma(z) is exactly 0 or 1 in double, yet the cost stays finite and exact.
     * For |z| = 800, ln(1 + e^-800) is far below the last bit of 800, so by hand:
     *   y=0, z=800: C = 800;   y=1, z=-800: C = 800;   y=0.3, z=800: C = 0.7*800 = 560;
     *   y=0.3, z=-800: C = 0.3*800 = 240;   y=1, z=800 and y=0, z=-800: C = e^-800 (rounds to 0). */
    CHECK_REL(model_cost_ce(800, 0), 800.0, 1e-12);
    CHECK_REL(model_cost_ce(-800, 1), 800.0, 1e-12);
    CHECK_REL(model_cost_ce(800, 0.3), 0.7 * 800, 1e-12);
    CHECK_REL(model_cost_ce(-800, 0.3), 0.3 * 800, 1e-12);
    CHECK(model_cost_ce(800, 1) >= 0 && model_cost_ce(800, 1) < 1e-300, "tiny cost, not NaN");
    CHECK(model_cost_ce(-800, 0) >= 0 && model_cost_ce(-800, 0) < 1e-300, "tiny cost, not NaN");
    /* z = 40, y = 1: C = ln(1 + e^-40) = e^-40 to within e^-80. */
    CHECK_REL(model_cost_ce(40, 1), exp(-40.0), 1e-12);
    CHECK(isfinite(model_cost_ce(1e300, 0.5)) || isinf(model_cost_ce(1e300, 0.5)), "no NaN at 1e300");
}

static void test_quadratic(void)
{
    /* Nielsen's neuron: x = 1, w = 0.6, b = 0.9: a = sigma(1.5) = 0.8176 (the book's 0.82). */
    double w = 0.6, b = 0.9, x = 1.0;
    model_example ex;
    model_eval_example(&w, b, &x, 1, 0.0, MODEL_COST_QUAD, &ex);
    CHECK(fabs(ex.a - 0.82) < 0.005, "a = %g", ex.a);
    CHECK_REL(ex.cost, 0.5 * (double)(ref_sigma(1.5L) * ref_sigma(1.5L)), 1e-14);
    long double a = ref_sigma(1.5L);
    CHECK_REL(ex.delta, (double)(a * a * (1.0L - a)), 1e-14);
    /* 300 quadratic-cost steps with eta = 0.15 bring the output to about 0.09 (the book). */
    for (int t = 0; t < 300; t++) {
        double gw, gb;
        model_accumulate(&x, (double[]){ 0.0 }, 1, NULL, 1, &w, b, MODEL_COST_QUAD, &gw, &gb, NULL);
        model_finish_gradient(&gw, &gb, 1, 1, 1, 0.0, &w);
        model_apply_update(&w, &b, 1, 0.15, &gw, gb);
    }
    model_eval_example(&w, b, &x, 1, 0.0, MODEL_COST_QUAD, &ex);
    CHECK(fabs(ex.a - 0.09) < 0.01, "a after 300 steps = %g", ex.a);
}

/* Gradients against a central difference of the long-double reference cost. */
static void test_gradients(void)
{
    uint64_t st = 12345;
    size_t shapes[][2] = { { 1, 1 }, { 4, 2 }, { 7, 3 }, { 25, 5 }, { 60, 8 } };
    double scales[] = { 1.0, 0.01, 30.0 };
    int checked = 0, bad = 0;
    for (size_t sh = 0; sh < 5; sh++) {
        size_t n = shapes[sh][0], k = shapes[sh][1];
        double *X = malloc(n * k * sizeof(double)), *Y = malloc(n * sizeof(double));
        double *w = malloc(k * sizeof(double)), *g = malloc(k * sizeof(double));
        size_t *rows = malloc(n * sizeof(size_t));
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < k; j++) {
                X[i * k + j] = rng_normal(&st) * scales[(i + j) % 3];
            }
            Y[i] = (i % 3 == 0) ? 0.4 : (double)(rng_next(&st) & 1);
            rows[i] = n - 1 - i;
        }
        for (int cost = 0; cost < 2; cost++) {
            for (int reg = 0; reg < 2; reg++) {
                for (int mini = 0; mini < 2; mini++) {
                    double lambda = reg ? 0.7 : 0.0;
                    size_t m = mini ? (n + 1) / 2 : n;
                    const size_t *rw = mini ? rows : NULL;
                    for (size_t j = 0; j < k; j++) {
                        w[j] = rng_normal(&st) * 0.3 / scales[j % 3];
                    }
                    double b = rng_normal(&st) * 0.5, gb;
                    model_accumulate(X, Y, k, rw, m, w, b, (model_cost)cost, g, &gb, NULL);
                    model_finish_gradient(g, &gb, k, m, n, lambda, w);
                    for (size_t j = 0; j <= k; j++) {
                        double *theta = j < k ? &w[j] : &b;
                        double keep = *theta;
                        /* The reference is long double, so a small step keeps truncation error
                         * (h^2 times the third derivative) far below 1e-6 even for inputs of 30. */
                        double h = 1e-7 * (fabs(keep) > 1 ? fabs(keep) : 1);
                        *theta = keep + h;
                        double hi = *theta;
                        long double up = ref_cost(X, Y, k, rw, m, n, w, b, (model_cost)cost, lambda);
                        *theta = keep - h;
                        double lo = *theta;
                        long double down = ref_cost(X, Y, k, rw, m, n, w, b, (model_cost)cost, lambda);
                        *theta = keep;
                        double fd = (double)((up - down) / ((long double)hi - lo));
                        double an = j < k ? g[j] : gb;
                        double denom = fabs(fd) > fabs(an) ? fabs(fd) : fabs(an);
                        double rel = denom > 1e-12 ? fabs(fd - an) / denom : fabs(fd - an);
                        checked++;
                        if (rel > 1e-6) {
                            bad++;
                            fprintf(stderr, "n=%zu k=%zu cost=%d lambda=%g m=%zu param %zu: analytic %.12g fd %.12g\n",
                                    n, k, cost, lambda, m, j, an, fd);
                        }
                    }
                }
            }
        }
        free(X);
        free(Y);
        free(w);
        free(g);
        free(rows);
    }
    CHECK(bad == 0, "%d of %d partial derivatives disagree with finite differences", bad, checked);
    CHECK(checked > 100, "checked %d", checked);
}

static void test_ln2_at_zero(void)
{
    /* Any dataset with labels in {0,1}: at all-zero parameters C = ln 2. */
    double X[] = { 3, -1, 0.5, 2, 7, 7, -4, 0 };
    double Y[] = { 0, 1, 1, 0 };
    double w[2] = { 0, 0 }, g[2], gb;
    double sum = model_accumulate(X, Y, 2, NULL, 4, w, 0.0, MODEL_COST_CE, g, &gb, NULL);
    CHECK_REL(model_total_cost(sum, 4, 0.0, w, 2), log(2.0), 1e-15);
    /* and dC/db = mean(0.5 - y) = 0; dC/dw1 = (1/4) sum x1 (0.5 - y)
     *   = (1/4)(3*0.5 + 0.5*(-0.5) + 7*(-0.5) + (-4)*0.5) = (1/4)(1.5 - 0.25 - 3.5 - 2) by hand. */
    model_finish_gradient(g, &gb, 2, 4, 4, 0.0, w);
    CHECK_NEAR(gb, 0.0, 1e-15);
    CHECK_NEAR(g[0], (1.5 - 0.25 - 3.5 - 2.0) / 4.0, 1e-15);
}

static void test_l2(void)
{
    /* lambda term: C gains (lambda/2n) sum w^2; dC/dw_j gains (lambda/n) w_j; b is not regularized.
     * n = 2, lambda = 4, w = (1, -2): extra cost 4/(2*2) * 5 = 5; extra gradient (2, -4). */
    double X[] = { 0, 0, 0, 0 }, Y[] = { 0, 1 }, w[] = { 1, -2 }, g[2], gb;
    double sum = model_accumulate(X, Y, 2, NULL, 2, w, 0.0, MODEL_COST_CE, g, &gb, NULL);
    CHECK_REL(model_total_cost(sum, 2, 4.0, w, 2) - model_total_cost(sum, 2, 0.0, w, 2), 5.0, 1e-14);
    model_finish_gradient(g, &gb, 2, 2, 2, 4.0, w);
    CHECK_REL(g[0], 2.0, 1e-15);
    CHECK_REL(g[1], -4.0, 1e-15);
    CHECK_NEAR(gb, 0.0, 1e-15);
    /* Mini-batch of m = 1 out of n = 2: the data term divides by m, the lambda term keeps n (eq. 93). */
    size_t row = 1;
    model_accumulate(X, Y, 2, &row, 1, w, 0.0, MODEL_COST_CE, g, &gb, NULL);
    model_finish_gradient(g, &gb, 2, 1, 2, 4.0, w);
    CHECK_REL(g[0], 2.0, 1e-15);
    CHECK_REL(gb, -0.5, 1e-15);
}

/* model_activation and model_delta_at give model_example_at's a and dC_x/dz bit for bit, and that a
 * is sigma(z) to rounding. */
static void test_activation(void)
{
    const double zs[] = { 0.0, -0.0, 1e-300, -1e-300, 1e-17, -1e-17, 0.5, -0.5, 3.0, -3.0, 36.0, -36.0,
                          700.0, -700.0, 745.5, -745.5, 1e300, -1e300, INFINITY, -INFINITY };
    int same = 1, close = 1, same_delta = 1;
    for (size_t i = 0; i < sizeof zs / sizeof zs[0] + 2000; i++) {
        double z = i < sizeof zs / sizeof zs[0] ? zs[i] : -40.0 + 0.04 * (double)(i - sizeof zs / sizeof zs[0]);
        model_example e;
        model_example_at(z, 1.0, MODEL_COST_CE, &e);
        double a = model_activation(z);
        same &= memcmp(&a, &e.a, sizeof a) == 0;
        for (int c = 0; c < 2; c++) {
            for (double y = 0.0; y <= 1.0; y += 0.25) {
                model_example ec;
                model_example_at(z, y, (model_cost)c, &ec);
                double d = model_delta_at(z, y, (model_cost)c);
                same_delta &= memcmp(&d, &ec.delta, sizeof d) == 0;
            }
        }
        long double ref = 1.0L / (1.0L + expl(-(long double)z));
        close &= fabsl((long double)a - ref) <= 4.5e-16L * ref + 1e-323L; /* three roundings; absolute where subnormal */
    }
    CHECK(same, "model_activation has model_example_at's bits");
    CHECK(same_delta, "model_delta_at has model_example_at's dC_x/dz bits for both costs");
    CHECK(close, "model_activation is sigma(z) within two units in the last place");
    CHECK(isnan(model_activation(NAN)), "NaN in, NaN out");
}

/* gradstep's own e^x (x <= 0) against long double, and at its edges. */
static void test_exp(void)
{
    uint64_t st = 12345;
    double worst = 0.0, worst_x = 0.0, sub_x = 0.0;
    int sub_bad = 0;
    for (int i = 0; i < 400000; i++) {
        /* spread over the whole range, the small arguments, and the subnormal results */
        double u = (double)(rng_next(&st) >> 11) * 0x1p-53;
        double x = i % 4 == 0 ? -745.0 * u : i % 4 == 1 ? -2.0 * u : i % 4 == 2 ? -40.0 * u : -708.0 - 37.0 * u;
        double e = model_exp_nonpos(x);
        long double ref = expl((long double)x);
        if (ref < DBL_MIN) {
            if (!(fabsl((long double)e - ref) <= 0x1p-1074L)) {
                sub_bad++;
                sub_x = x;
            }
            continue;
        }
        int ex;
        frexpl(ref, &ex);
        double ulps = (double)(fabsl((long double)e - ref) / ldexpl(1.0L, ex - 53));
        if (ulps > worst) {
            worst = ulps;
            worst_x = x;
        }
    }
    CHECK(worst < 1.0, "within one unit in the last place: %.3f at x = %a", worst, worst_x);
    CHECK(sub_bad == 0, "%d subnormal results off by more than one step (e.g. x = %a)", sub_bad, sub_x);
    CHECK(model_exp_nonpos(0.0) == 1.0 && model_exp_nonpos(-0.0) == 1.0, "e^0 = 1");
    CHECK(model_exp_nonpos(-1e-300) == 1.0, "e^-1e-300 = 1");
    CHECK(model_exp_nonpos(-INFINITY) == 0.0 && model_exp_nonpos(-1e300) == 0.0, "e^-inf = 0");
    CHECK(model_exp_nonpos(-745.1) == 0x1p-1074 && model_exp_nonpos(-745.3) == 0.0,
          "the smallest subnormal at -745.1, 0 below -745.2");
    CHECK(isnan(model_exp_nonpos(NAN)), "NaN in, NaN out");
    CHECK(fabs(model_exp_nonpos(-0x1.62e42fefa39efp-1) - 0.5) <= 0x1p-53, "e^-ln2 = 1/2");
}

/* The output error sigma(z) - y keeps full relative accuracy where sigma(z) rounds to 1: for
 * y = 1 it is -e^-z/(1 + e^-z), computed here in long double, in model_error, in the delta of
 * one example and in every path of the sums (the four-lane blocks, the rows after them, the
 * pass that keeps z), for z from 1 to 700. */
static void test_error_near_saturation(void)
{
    static const double zs[] = {1.0, 5.0, 20.0, 37.0, 40.0, 100.0, 700.0};
    for (size_t q = 0; q < sizeof zs / sizeof zs[0]; q++) {
        double z = zs[q];
        long double e = expl(-(long double)z);
        double want = (double)(-e / (1.0L + e));
        model_example ex;
        model_example_at(z, 1.0, MODEL_COST_CE, &ex);
        CHECK_REL(ex.delta, want, 4e-16);
        CHECK_REL(model_error(&ex, 1.0), want, 4e-16);
        CHECK_REL(model_delta_at(z, 1.0, MODEL_COST_CE), want, 4e-16);
        /* 70 rows (one lean block of 64 and six rows after it) of x = 1, y = 1 at w = 0, b = z */
        double X[70], Y[70], w = 0.0, g = 0.0, gb = 0.0, zk[70];
        for (int r = 0; r < 70; r++) {
            X[r] = 1.0;
            Y[r] = 1.0;
        }
        model_accumulate_grad(X, Y, 1, NULL, 70, &w, z, MODEL_COST_CE, &g, &gb, NULL);
        CHECK_REL(gb, 70.0 * want, 1e-14);
        CHECK_REL(g, 70.0 * want, 1e-14);
        model_accumulate(X, Y, 1, NULL, 70, &w, z, MODEL_COST_CE, &g, &gb, zk);
        CHECK_REL(gb, 70.0 * want, 1e-14);
        /* y = 0 keeps sigma(z) itself */
        CHECK_REL(model_delta_at(z, 0.0, MODEL_COST_CE), (double)(1.0L / (1.0L + e)), 2.3e-16);
    }
}

int main(void)
{
    test_exp();
    test_activation();
    test_sigmoid();
    test_cross_entropy();
    test_quadratic();
    test_gradients();
    test_ln2_at_zero();
    test_l2();
    test_error_near_saturation();
    return harness_finish();
}
