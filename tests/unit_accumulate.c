/* unit_accumulate.c: the fast sweep: same bits on every path and thread count, fixed parts, lazy costs. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "model.h"
#include "rng.h"
#include "session.h"

#define MAX_PARTS 16
#define SPLIT_ROWS 512   /* from here on a sum is cut into parts */
#define PART_ROWS 256    /* each part at least this many rows */
#define SPLIT_MAX_K 256  /* above this many inputs a sum is never cut */
#define LARGE_ROWS 65536 /* big enough for 16 parts of many rows */

static int same(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* Equal bits in grad (k) and gb against want (k + 1). */
static int same_grad(const double *g, double gb, const double *want, size_t k)
{
    for (size_t j = 0; j < k; j++) {
        if (!same(g[j], want[j])) {
            return 0;
        }
    }
    return same(gb, want[k]);
}

typedef struct {
    size_t n, k;
    double *X, *Y, *w, b;
    size_t *rows; /* a permutation of 0..n-1 */
} fixture;

static void make_fixture(fixture *f, size_t n, size_t k, uint64_t seed)
{
    uint64_t st = rng_stream(seed, 3);
    f->n = n;
    f->k = k;
    f->X = malloc(n * k * sizeof(double));
    f->Y = malloc(n * sizeof(double));
    f->w = malloc(k * sizeof(double));
    f->rows = malloc(n * sizeof(size_t));
    for (size_t i = 0; i < n * k; i++) {
        f->X[i] = rng_normal(&st) * 2.0;
    }
    for (size_t i = 0; i < n; i++) {
        f->Y[i] = i % 5 == 0 ? 0.25 : (double)(rng_next(&st) & 1);
        f->rows[i] = i;
    }
    for (size_t i = n - 1; i > 0; i--) {
        size_t r = (size_t)rng_below(&st, (uint64_t)i + 1), t = f->rows[i];
        f->rows[i] = f->rows[r];
        f->rows[r] = t;
    }
    for (size_t j = 0; j < k; j++) {
        f->w[j] = rng_normal(&st) * 0.7;
    }
    f->b = seed % 2 ? 0.0 : 0.3;
    /* Rows whose z is exactly 0 exercise the sign selection in the cost. */
    for (size_t j = 0; j < k; j++) {
        f->X[j] = 0.0;
    }
    if (n > 1) {
        f->X[k] = 0.0;
    }
}

static void free_fixture(fixture *f)
{
    free(f->X);
    free(f->Y);
    free(f->w);
    free(f->rows);
}

/* Row by row with model_eval_example, in batch order: the order the contract names. */
static double reference_sequential(const fixture *f, const size_t *rows, size_t lo, size_t hi, model_cost c,
                                   double *g, model_example *per)
{
    size_t k = f->k;
    double cs = 0.0, gb = 0.0;
    for (size_t j = 0; j < k; j++) {
        g[j] = 0.0;
    }
    for (size_t r = lo; r < hi; r++) {
        size_t row = rows ? rows[r] : r;
        model_example ex;
        model_eval_example(f->w, f->b, f->X + row * k, k, f->Y[row], c, &ex);
        cs += ex.cost;
        gb += ex.delta;
        for (size_t j = 0; j < k; j++) {
            g[j] += f->X[row * k + j] * ex.delta;
        }
        if (per) {
            per[r - lo] = ex;
        }
    }
    g[k] = gb;
    return cs;
}

/* ln(1 + e^t) in long double without overflow. */
static long double softplusl(long double t)
{
    return t > 0 ? t + log1pl(expl(-t)) : log1pl(expl(t));
}

/* The documented number of parts: 1 below SPLIT_ROWS rows or above SPLIT_MAX_K inputs, else
 * 2^floor(log2(m / PART_ROWS)), at most MAX_PARTS. */
static int documented_parts(size_t m, size_t k)
{
    if (m < SPLIT_ROWS || k > SPLIT_MAX_K) {
        return 1;
    }
    int e;
    frexp((double)m / PART_ROWS, &e); /* m / PART_ROWS = f 2^e with f in [0.5, 1) */
    int parts = 1 << (e - 1);
    return parts > MAX_PARTS ? MAX_PARTS : parts;
}

/* The documented order for m rows: each part's rows in sequence, then the parts in order. */
static double reference(const fixture *f, const size_t *rows, size_t m, model_cost c, double *g)
{
    size_t k = f->k;
    int parts = documented_parts(m, k);
    if (parts == 1) {
        return reference_sequential(f, rows, 0, m, c, g, NULL);
    }
    double *part = malloc((k + 1) * sizeof(double)), cs = 0.0;
    for (int q = 0; q < parts; q++) {
        size_t lo = m / (size_t)parts * (size_t)q, hi = q + 1 == parts ? m : m / (size_t)parts * (size_t)(q + 1);
        double pc = reference_sequential(f, rows, lo, hi, c, part, NULL);
        if (q == 0) {
            memcpy(g, part, (k + 1) * sizeof(double));
            cs = pc;
        } else {
            for (size_t j = 0; j <= k; j++) {
                g[j] += part[j];
            }
            cs += pc;
        }
    }
    free(part);
    return cs;
}

/* Every path (with and without cost, per-example values, 1..8 threads) gives the documented bits. */
static void check_shape(size_t n, size_t k, uint64_t seed)
{
    fixture f;
    make_fixture(&f, n, k, seed);
    double *want = malloc((k + 1) * sizeof(double)), *g = malloc(k * sizeof(double)), gb;
    double *zs = malloc(n * sizeof(double)), *zs_nocost = malloc(n * sizeof(double));
    model_example *per_ref = malloc(n * sizeof(model_example));
    for (int c = 0; c < 2; c++) {
        for (int mini = 0; mini < 2; mini++) {
            const size_t *rows = mini ? f.rows : NULL;
            size_t m = mini ? n - n / 7 : n;
            double cs_want = reference(&f, rows, m, (model_cost)c, want);
            const char *threads[] = { "1", "2", "3", "16" };
            for (int t = 0; t < 4; t++) {
                setenv("GRADSTEP_THREADS", threads[t], 1);
                double cs = model_accumulate(f.X, f.Y, k, rows, m, f.w, f.b, (model_cost)c, g, &gb, NULL);
                CHECK(same_grad(g, gb, want, k) && same(cs, cs_want),
                      "n=%zu k=%zu cost=%d mini=%d threads=%s: sums differ from the documented order", n, k, c,
                      mini, threads[t]);
                model_accumulate_grad(f.X, f.Y, k, rows, m, f.w, f.b, (model_cost)c, g, &gb, NULL);
                CHECK(same_grad(g, gb, want, k), "n=%zu k=%zu cost=%d mini=%d threads=%s: gradient-only sums differ",
                      n, k, c, mini, threads[t]);
                for (size_t r = 0; r < m; r++) {
                    zs_nocost[r] = NAN;
                }
                model_accumulate_grad(f.X, f.Y, k, rows, m, f.w, f.b, (model_cost)c, g, &gb, zs_nocost);
                int z_ok = same_grad(g, gb, want, k);
                for (size_t r = 0; r < m && z_ok; r++) {
                    size_t row = rows ? rows[r] : r;
                    double zr = model_z(f.w, f.b, f.X + row * k, k);
                    z_ok = same(zs_nocost[r], zr);
                }
                CHECK(z_ok, "n=%zu k=%zu cost=%d mini=%d threads=%s: gradient-only sums with z kept differ",
                      n, k, c, mini, threads[t]);
                cs = model_accumulate(f.X, f.Y, k, rows, m, f.w, f.b, (model_cost)c, g, &gb, zs);
                CHECK(same_grad(g, gb, want, k) && same(cs, cs_want),
                      "n=%zu k=%zu cost=%d mini=%d threads=%s: sums with each row's z kept differ", n, k, c,
                      mini, threads[t]);
            }
            unsetenv("GRADSTEP_THREADS");
            reference_sequential(&f, rows, 0, m, (model_cost)c, want, per_ref);
            int per_ok = 1;
            for (size_t r = 0; r < m && per_ok; r++) {
                model_example e;
                model_example_at(zs[r], f.Y[rows ? rows[r] : r], (model_cost)c, &e);
                per_ok = same(zs[r], per_ref[r].z) && same(e.a, per_ref[r].a) &&
                         same(e.cost, per_ref[r].cost) && same(e.delta, per_ref[r].delta);
            }
            CHECK(per_ok, "n=%zu k=%zu cost=%d mini=%d: the kept z, through model_example_at, gives "
                  "model_eval_example's values", n, k, c, mini);
            /* And the sums are right, not only consistent: against a long double reference. */
            long double lw0 = 0, lb = 0, lc = 0;
            for (size_t r = 0; r < m; r++) {
                size_t row = rows ? rows[r] : r;
                long double z = f.b;
                for (size_t j = 0; j < k; j++) {
                    z += (long double)f.w[j] * f.X[row * k + j];
                }
                long double a = 1.0L / (1.0L + expl(-z));
                long double d = c == 0 ? a - f.Y[row] : (a - f.Y[row]) * a * (1.0L - a);
                lw0 += f.X[row * k] * d;
                lb += d;
                /* -[y ln a + (1-y) ln(1-a)] as y softplus(-z) + (1-y) softplus(z), finite even where a
                 * rounds to 1 in long double (as it can with 257 inputs). */
                lc += c == 0 ? f.Y[row] * softplusl(-z) + (1.0L - f.Y[row]) * softplusl(z)
                             : 0.5L * (f.Y[row] - a) * (f.Y[row] - a);
            }
            double cs = model_accumulate(f.X, f.Y, k, rows, m, f.w, f.b, (model_cost)c, g, &gb, NULL);
            CHECK_REL(g[0], (double)lw0, 1e-9);
            CHECK_REL(gb, (double)lb, 1e-9);
            CHECK_REL(cs, (double)lc, 1e-9);
        }
    }
    free(want);
    free(g);
    free(zs);
    free(zs_nocost);
    free(per_ref);
    free_fixture(&f);
}

/* Loads a fixture's rows into s as its dataset. */
static void load_fixture(session *s, size_t n, size_t k, uint64_t seed)
{
    char err[256];
    fixture f;
    make_fixture(&f, n, k, seed);
    dataset d = { 0 };
    d.name = strdup("t");
    d.source = strdup("t");
    d.description = strdup("");
    d.target_name = strdup("y");
    d.n = n;
    d.k = k;
    d.x = f.X;
    d.y = f.Y;
    d.input_names = calloc(k, sizeof(char *));
    for (size_t j = 0; j < k; j++) {
        d.input_names[j] = strdup("x");
    }
    f.X = f.Y = NULL;
    CHECK(session_load(s, &d, err, sizeof err) == 0, "load: %s", err);
    free_fixture(&f);
}

/* Each example's values, whether the evaluation kept its z (k >= SESSION_KEEP_Z_MIN_K) or not,
 * and whether or not an evaluation is current, have the bits of evaluating the row afresh. */
static void check_session_examples(size_t n, size_t k)
{
    session s;
    char err[256];
    CHECK(session_init(&s, err, sizeof err) == 0, "init: %s", err);
    load_fixture(&s, n, k, 13);
    CHECK(session_set_eta(&s, 0.3, err, sizeof err) == 0, "%s", err);
    CHECK(session_step(&s, 3, NULL, NULL, err, sizeof err) == 3, "%s", err);
    for (int pass = 0; pass < 2; pass++) {
        const session_eval *ev = pass == 0 ? session_evaluate(&s) : NULL;
        if (pass == 0) {
            CHECK(ev != NULL, "evaluate");
            CHECK((s.ev.z != NULL) == (k >= SESSION_KEEP_Z_MIN_K),
                  "k=%zu: the evaluation keeps z exactly when k >= %d", k, SESSION_KEEP_Z_MIN_K);
        } else {
            /* An update leaves the evaluation stale: the values must follow the new parameters. */
            CHECK(session_step(&s, 1, NULL, NULL, err, sizeof err) == 1, "%s", err);
        }
        int ok = 1;
        for (size_t i = 0; i < n; i++) {
            model_example want, got = session_example(&s, i);
            model_eval_example(s.w, s.b, s.data.x + i * k, k, s.data.y[i], s.cost, &want);
            ok &= same(got.z, want.z) && same(got.a, want.a) && same(got.cost, want.cost) &&
                  same(got.delta, want.delta) && same(session_z(&s, i), want.z);
        }
        CHECK(ok, "n=%zu k=%zu pass %d: session_example has model_eval_example's bits", n, k, pass);
    }
    session_free(&s);
}

/* Costs skipped by small updates are computed later with the bits an evaluation gives. */
static void check_lazy_costs(size_t n, size_t k)
{
    session s;
    char err[256];
    CHECK(session_init(&s, err, sizeof err) == 0, "init: %s", err);
    load_fixture(&s, n, k, 11);
    CHECK(session_set_eta(&s, 0.1, err, sizeof err) == 0, "%s", err);
    long steps = 5;
    CHECK(session_step(&s, steps, NULL, NULL, err, sizeof err) == steps, "%s", err);
    double *scratch = malloc(k * sizeof(double));
    int ok = 1;
    for (long t = 0; t <= steps; t++) {
        double want = model_cost_at(s.data.x, s.data.y, n, k, &s.hist[(size_t)t * (k + 1)],
                                    s.hist[(size_t)t * (k + 1) + k], s.cost, s.lambda, scratch);
        ok &= same(session_cost_at(&s, t), want);
    }
    CHECK(ok, "n=%zu: session_cost_at gives model_cost_at's bits at every step", n);
    const session_eval *ev = session_evaluate(&s);
    CHECK(ev && same(ev->cost, session_cost_at(&s, steps)), "n=%zu: evaluation and history agree", n);
    free(scratch);
    session_free(&s);
}

/* A large batch: an update built term by term with next equals one step bit for bit. */
static void check_next_large(void)
{
    session a, b;
    char err[256];
    size_t n = LARGE_ROWS + 3, k = 2;
    CHECK(session_init(&a, err, sizeof err) == 0 && session_init(&b, err, sizeof err) == 0, "init: %s", err);
    for (int which = 0; which < 2; which++) {
        session *s = which ? &b : &a;
        load_fixture(s, n, k, 5);
    }
    CHECK(session_step(&a, 1, NULL, NULL, err, sizeof err) == 1, "%s", err);
    int r = 0;
    for (size_t t = 0; t < n && r == 0; t++) {
        r = session_next(&b, err, sizeof err);
    }
    CHECK(r == 1 && b.step == 1, "the last term applies the update");
    int ok = same(a.b, b.b);
    for (size_t j = 0; j < k; j++) {
        ok &= same(a.w[j], b.w[j]);
    }
    CHECK(ok, "n=%zu: micro-steps give the update of a step bit for bit", n);
    session_free(&a);
    session_free(&b);
}

int main(void)
{
    /* Every shape on the sweep the processor picks (AVX2 where it has it) and on the plain one:
     * both must give the documented bits. */
    const char *simd[] = { NULL, "base" };
    for (int v = 0; v < 2; v++) {
        if (simd[v]) {
            setenv("GRADSTEP_SIMD", simd[v], 1);
        }
        model_simd_reset();
        CHECK(!simd[v] || strcmp(model_simd_name(), "base") == 0, "GRADSTEP_SIMD=base picks the plain sweep");
        check_shape(1, 3, 1);
        check_shape(5, 1, 2);
        check_shape(67, 3, 13); /* one block of 64 rows and 3 rows after it */
        check_shape(1001, 8, 3);
        check_shape(SPLIT_ROWS - 1, 3, 4);
        check_shape(SPLIT_ROWS, 4, 7);
        check_shape(4 * PART_ROWS - 1, 6, 8);
        check_shape(4 * PART_ROWS, 2, 9);
        check_shape(16 * PART_ROWS - 1, 3, 10);
        check_shape(16 * PART_ROWS, 1, 11);
        check_shape(1000, SPLIT_MAX_K + 1, 12);
        check_shape(LARGE_ROWS + 7, 5, 5);
        check_shape(3 * LARGE_ROWS + 1, 2, 6);
    }
    unsetenv("GRADSTEP_SIMD");
    model_simd_reset();
    check_session_examples(50, 2);
    check_session_examples(50, SESSION_KEEP_Z_MIN_K - 1);
    check_session_examples(50, SESSION_KEEP_Z_MIN_K);
    check_session_examples(LARGE_ROWS + 5, 9);
    check_lazy_costs(40, 3);
    check_lazy_costs(LARGE_ROWS + 10, 2);
    check_next_large();
    return harness_finish();
}
