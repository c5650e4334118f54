/* unit_gen.c: tests the synthetic datasets: determinism, sizes, balance, and one geometric property per kind. */
#include "dataset.h"
#include "gen.h"
#include "harness.h"
#include "rng.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PI 3.14159265358979323846

static char tmpdir[1024];

static dataset make(const char *kind, size_t n, double noise, uint64_t seed)
{
    dataset d = {0};
    char err[256] = "";
    int rc = gen_make(kind, n, noise, seed, &d, err, sizeof err);
    CHECK(rc == 0, "gen %s: %s", kind, err);
    return d;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)sz + 1);
    *len = fread(buf, 1, (size_t)sz, f);
    fclose(f);
    return buf;
}

static double mean_y(const dataset *d)
{
    double s = 0;
    for (size_t i = 0; i < d->n; i++) {
        s += d->y[i];
    }
    return s / (double)d->n;
}

/* The value in thousandths; clears *on_grid when v is not a whole number of thousandths. */
static long milli(double v, int *on_grid)
{
    long m = lround(v * 1000.0);
    if ((double)m / 1000.0 != v) {
        *on_grid = 0;
    }
    return m;
}

static void test_determinism(void)
{
    char err[256], p1[1100], p2[1100], p3[1100];
    snprintf(p1, sizeof p1, "%s/a.csv", tmpdir);
    snprintf(p2, sizeof p2, "%s/b.csv", tmpdir);
    snprintf(p3, sizeof p3, "%s/c.csv", tmpdir);
    for (int i = 0; gen_kinds[i]; i++) {
        dataset a = make(gen_kinds[i], 500, 0.2, 42), b = make(gen_kinds[i], 500, 0.2, 42),
                c = make(gen_kinds[i], 500, 0.2, 43);
        CHECK(dataset_write_csv(&a, p1, err, sizeof err) == 0, "%s", err);
        CHECK(dataset_write_csv(&b, p2, err, sizeof err) == 0, "%s", err);
        CHECK(dataset_write_csv(&c, p3, err, sizeof err) == 0, "%s", err);
        size_t l1 = 0, l2 = 0, l3 = 0;
        char *f1 = slurp(p1, &l1), *f2 = slurp(p2, &l2), *f3 = slurp(p3, &l3);
        CHECK(f1 && f2 && l1 == l2 && memcmp(f1, f2, l1) == 0, "%s: same seed, same bytes", gen_kinds[i]);
        CHECK(f1 && f3 && (l1 != l3 || memcmp(f1, f3, l1) != 0), "%s: another seed, other bytes",
              gen_kinds[i]);
        free(f1);
        free(f2);
        free(f3);
        dataset_free(&a);
        dataset_free(&b);
        dataset_free(&c);
    }

    /* The construction is the documented one: circle's first point is drawn from
     * rng_stream(seed, 1) on the grid of thousandths. */
    dataset d = make("circle", 3, 0, 9);
    uint64_t st = rng_stream(9, 1);
    long a = (long)rng_below(&st, 2001) - 1000, b = (long)rng_below(&st, 2001) - 1000;
    CHECK(d.x[0] == a / 1000.0 && d.x[1] == b / 1000.0, "first point (%g,%g), want (%g,%g)", d.x[0], d.x[1],
          a / 1000.0, b / 1000.0);
    dataset_free(&d);
}

static void test_shape(void)
{
    int kinds = 0;
    for (int i = 0; gen_kinds[i]; i++) {
        kinds++;
        dataset d = make(gen_kinds[i], GEN_DEFAULT_N, GEN_DEFAULT_NOISE, GEN_DEFAULT_SEED);
        char want[128];
        snprintf(want, sizeof want, "gen %s n=100 noise=0.1 seed=1", gen_kinds[i]);
        CHECK(d.n == 100 && d.k == 2, "%s: n=%zu k=%zu", gen_kinds[i], d.n, d.k);
        CHECK_STR(d.source, want);
        CHECK_STR(d.name, gen_kinds[i]);
        CHECK_STR(d.input_names[0], "x1");
        CHECK_STR(d.input_names[1], "x2");
        CHECK_STR(d.target_name, "y");
        CHECK(d.description && d.description[0] && !strchr(d.description, '\n'), "%s: one-line description",
              gen_kinds[i]);
        int finite = 1, labels = 1;
        for (size_t r = 0; r < d.n; r++) {
            finite &= isfinite(d.x[2 * r]) && isfinite(d.x[2 * r + 1]);
            labels &= d.y[r] == 0 || d.y[r] == 1 || (d.nclasses == 3 && d.y[r] == 2);
        }
        CHECK(finite && labels, "%s: finite inputs, labels 0 or 1 (or class 2 of three)", gen_kinds[i]);
        int three = d.nclasses == 3;
        dataset_free(&d);
        if (three) {
            continue; /* the three-class kinds' balance: unit_gen_classes.c */
        }

        /* Roughly balanced classes (linear's line leaves 45% above it). */
        d = make(gen_kinds[i], 4000, 0.1, 5);
        double m = mean_y(&d), want_m = strcmp(gen_kinds[i], "linear") == 0 ? 0.46 : 0.5;
        CHECK(fabs(m - want_m) < 0.04, "%s: share of y=1 is %g, want about %g", gen_kinds[i], m, want_m);
        dataset_free(&d);
    }
    CHECK(kinds == 7 && gen_kinds[7] == NULL, "seven kinds, NULL-ended");

    dataset d = make("gauss", 1, 0, 18446744073709551615ULL);
    CHECK(d.n == 1, "n=1");
    CHECK_STR(d.source, "gen gauss n=1 noise=0 seed=18446744073709551615");
    dataset_free(&d);
    d = make("xor", 7, 0.30000000000000004, 0);
    CHECK_STR(d.source, "gen xor n=7 noise=0.30000000000000004 seed=0");
    dataset_free(&d);
}

static void test_linear(void)
{
    /* noise 0: every label says which side of x2 = 0.5 x1 + 0.1 the point is on. */
    dataset d = make("linear", 3000, 0, 2);
    int grid = 1, agree = 1, inside = 1;
    for (size_t i = 0; i < d.n; i++) {
        long a = milli(d.x[2 * i], &grid), b = milli(d.x[2 * i + 1], &grid);
        inside &= labs(a) <= 1000 && labs(b) <= 1000;
        agree &= d.y[i] == (2 * b > a + 200 ? 1.0 : 0.0);
    }
    CHECK(grid && inside, "linear points on the thousandths grid of [-1,1]^2");
    CHECK(agree, "linear labels agree with the line when noise is 0");
    dataset_free(&d);

    /* noise 0.1: exactly a tenth of the labels disagree with the line. */
    for (size_t n = 100; n <= 1000; n *= 10) {
        d = make("linear", n, 0.1, 3);
        size_t wrong = 0;
        for (size_t i = 0; i < d.n; i++) {
            double above = d.x[2 * i + 1] > 0.5 * d.x[2 * i] + 0.1 + 1e-12 ? 1.0 : 0.0;
            wrong += d.y[i] != above;
        }
        CHECK(wrong == n / 10, "n=%zu: %zu labels flipped, want %zu", n, wrong, n / 10);
        dataset_free(&d);
    }
    /* noise 1: all of them. */
    d = make("linear", 200, 1, 4);
    size_t wrong = 0;
    for (size_t i = 0; i < d.n; i++) {
        wrong += d.y[i] != (d.x[2 * i + 1] > 0.5 * d.x[2 * i] + 0.1 + 1e-12 ? 1.0 : 0.0);
    }
    CHECK(wrong == 200, "noise 1 flips every label: %zu", wrong);
    dataset_free(&d);
}

static void test_circle(void)
{
    /* noise 0: y = 1 exactly inside the circle of radius sqrt(2/pi). */
    dataset d = make("circle", 3000, 0, 6);
    int agree = 1;
    for (size_t i = 0; i < d.n; i++) {
        double r2 = d.x[2 * i] * d.x[2 * i] + d.x[2 * i + 1] * d.x[2 * i + 1];
        agree &= d.y[i] == (r2 < 2.0 / PI ? 1.0 : 0.0);
    }
    CHECK(agree, "circle labels agree with the radius when noise is 0");
    dataset_free(&d);
    /* with noise, points move and some cross the circle */
    d = make("circle", 3000, 0.2, 6);
    size_t cross = 0;
    for (size_t i = 0; i < d.n; i++) {
        double r2 = d.x[2 * i] * d.x[2 * i] + d.x[2 * i + 1] * d.x[2 * i + 1];
        cross += d.y[i] != (r2 < 2.0 / PI ? 1.0 : 0.0);
    }
    CHECK(cross > 100 && cross < 1500, "noise 0.2 moves %zu of 3000 across", cross);
    dataset_free(&d);
}

static void test_gauss(void)
{
    for (int pass = 0; pass < 2; pass++) {
        double noise = pass ? 1.0 : 0.0, sd_want = sqrt(0.25 + noise * noise);
        dataset d = make("gauss", 8000, noise, 8);
        double s[2][2] = {{0}}, ss[2][2] = {{0}}, cnt[2] = {0};
        for (size_t i = 0; i < d.n; i++) {
            int c = (int)d.y[i];
            cnt[c]++;
            for (int j = 0; j < 2; j++) {
                s[c][j] += d.x[2 * i + j];
                ss[c][j] += d.x[2 * i + j] * d.x[2 * i + j];
            }
        }
        for (int c = 0; c < 2; c++) {
            for (int j = 0; j < 2; j++) {
                double mean = s[c][j] / cnt[c], sd = sqrt(ss[c][j] / cnt[c] - mean * mean);
                CHECK(fabs(mean - (c ? 1.0 : -1.0)) < 0.06, "noise %g class %d x%d mean %g", noise, c, j + 1, mean);
                CHECK(fabs(sd - sd_want) < 0.05 * sd_want + 0.01, "noise %g class %d x%d sd %g, want %g", noise, c,
                      j + 1, sd, sd_want);
            }
        }
        dataset_free(&d);
    }
}

static void test_xor(void)
{
    dataset d = make("xor", 3000, 0, 10);
    int agree = 1, off_axes = 1;
    size_t quad[4] = {0};
    for (size_t i = 0; i < d.n; i++) {
        double a = d.x[2 * i], b = d.x[2 * i + 1];
        off_axes &= a != 0 && b != 0;
        agree &= d.y[i] == (a * b < 0 ? 1.0 : 0.0);
        quad[(a > 0) + 2 * (b > 0)]++;
    }
    CHECK(off_axes && agree, "xor labels say whether x1 and x2 differ in sign when noise is 0");
    for (int q = 0; q < 4; q++) {
        CHECK(quad[q] > 600 && quad[q] < 900, "quadrant %d holds %zu of 3000", q, quad[q]);
    }
    dataset_free(&d);
}

static void test_spiral(void)
{
    /* noise 0: a point at radius r lies at angle 3 pi (r - 0.05) + y pi. */
    dataset d = make("spiral", 3000, 0, 12);
    int on = 1;
    double rmax = 0;
    for (size_t i = 0; i < d.n; i++) {
        double a = d.x[2 * i], b = d.x[2 * i + 1], r = hypot(a, b);
        rmax = r > rmax ? r : rmax;
        if (r < 0.1) {
            continue;
        }
        double want = 3.0 * PI * (r - 0.05) + d.y[i] * PI;
        double c = cos(atan2(b, a) - want);
        if (c < 0.999) {
            on = 0;
        }
    }
    CHECK(on, "spiral points lie on their arm");
    CHECK(rmax <= 1.06 && rmax > 0.95, "spiral radius up to %g", rmax);
    dataset_free(&d);
}

static void test_errors(void)
{
    dataset keep = make("gauss", 5, 0.1, 1), out = keep;
    char err[256];
    struct {
        const char *kind;
        size_t n;
        double noise;
        const char *msg;
    } bad[] = {
        {"blob", 10, 0.1, "unknown kind \"blob\": try gauss, circle, xor, spiral, linear, blobs or spiral3"},
        {"", 10, 0.1, "unknown kind \"\": try gauss, circle, xor, spiral, linear, blobs or spiral3"},
        {"gauss", 0, 0.1, "n must be at least 1"},
        {"gauss", GEN_MAX_N + 1, 0.1, "n=10000001 is too large (at most 10000000)"},
        {"circle", 10, -1, "noise=-1: noise must be a finite number, 0 or more"},
        {"circle", 10, NAN, "noise=nan: noise must be a finite number, 0 or more"},
        {"spiral", 10, INFINITY, "noise=inf: noise must be a finite number, 0 or more"},
        {"linear", 10, 1.5, "noise=1.5: for linear, noise is the fraction of labels flipped, from 0 to 1"},
        {"xor", 10, 1000, "noise=1000 is too large (at most 100)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(gen_make(bad[i].kind, bad[i].n, bad[i].noise, 1, &out, err, sizeof err) == -1, "%s should fail",
              bad[i].msg);
        CHECK_STR(err, bad[i].msg);
        CHECK(memcmp(&out, &keep, sizeof out) == 0, "a failed gen changed *out");
    }
    CHECK(gen_make(NULL, 10, 0.1, 1, &out, err, sizeof err) == -1, "NULL kind");
    dataset_free(&keep);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/gradstep-unit-gen.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_determinism();
    test_shape();
    test_linear();
    test_circle();
    test_gauss();
    test_xor();
    test_spiral();
    test_errors();
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return harness_finish();
}
