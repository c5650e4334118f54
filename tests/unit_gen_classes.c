/* unit_gen_classes.c: tests gen's three-class kinds (blobs, spiral3): their shape, class labels, balance, geometry, and reproducibility from the seed. */
#include "gen.h"
#include "harness.h"
#include "rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static dataset make(const char *kind, size_t n, double noise, uint64_t seed)
{
    dataset d = {0};
    char err[256] = "";
    int rc = gen_make(kind, n, noise, seed, &d, err, sizeof err);
    CHECK(rc == 0, "gen %s: %s", kind, err);
    return d;
}

/* The classes, their names and the size of each. */
static void test_labels(const char *kind)
{
    dataset d = make(kind, 3000, 0.1, 7);
    CHECK(d.n == 3000 && d.k == 2, "%s: n = %zu, k = %zu", kind, d.n, d.k);
    CHECK(d.nclasses == 3, "%s: %zu classes", kind, d.nclasses);
    if (d.nclasses == 3) {
        CHECK_STR(d.class_names[0], "1");
        CHECK_STR(d.class_names[1], "2");
        CHECK_STR(d.class_names[2], "3");
    }
    size_t count[3] = {0, 0, 0};
    int whole = 1;
    for (size_t i = 0; i < d.n; i++) {
        whole &= d.y[i] == 0 || d.y[i] == 1 || d.y[i] == 2;
        if (whole) {
            count[(int)d.y[i]]++;
        }
    }
    CHECK(whole, "%s: every y is a class 0, 1 or 2", kind);
    for (int c = 0; c < 3; c++) {
        /* 1000 expected of each; a binomial's standard deviation is about 26 */
        CHECK(count[c] > 880 && count[c] < 1120, "%s: class %d has %zu of 3000", kind, c + 1, count[c]);
    }
    char want[96];
    snprintf(want, sizeof want, "gen %s n=3000 noise=0.1 seed=7", kind);
    CHECK_STR(d.source, want);
    CHECK(d.description && strstr(d.description, "classes 1, 2, 3"), "%s: description names the classes", kind);
    dataset_free(&d);
}

/* Blobs: the class means lie near the three documented centres, 120 degrees apart on the unit circle. */
static void test_blobs(void)
{
    dataset d = make("blobs", 6000, 0, 3);
    double sx[3] = {0}, sy[3] = {0}, cnt[3] = {0};
    for (size_t i = 0; i < d.n; i++) {
        int c = (int)d.y[i];
        sx[c] += d.x[2 * i];
        sy[c] += d.x[2 * i + 1];
        cnt[c]++;
    }
    const double cx[3] = {0, -sqrt(3.0) / 2, sqrt(3.0) / 2}, cy[3] = {1, -0.5, -0.5};
    for (int c = 0; c < 3; c++) {
        /* the mean of about 2000 points with sd 0.3 is within 0.03 (4.5 standard errors) */
        CHECK(fabs(sx[c] / cnt[c] - cx[c]) < 0.03 && fabs(sy[c] / cnt[c] - cy[c]) < 0.03,
              "blobs class %d centred at (%g,%g), want (%g,%g)", c + 1, sx[c] / cnt[c], sy[c] / cnt[c], cx[c], cy[c]);
    }
    dataset_free(&d);
}

/* spiral3 without noise: every point lies on its arm, r = 0.05 + t at angle 2 pi t + class * 2 pi / 3,
 * up to the rounding to three decimals. */
static void test_spiral3(void)
{
    dataset d = make("spiral3", 2000, 0, 11);
    int on_arm = 1;
    for (size_t i = 0; i < d.n; i++) {
        double x = d.x[2 * i], y = d.x[2 * i + 1], r = hypot(x, y), t = r - 0.05;
        double th = 2 * M_PI * t + d.y[i] * 2 * M_PI / 3;
        double ex = r * cos(th), ey = r * sin(th);
        if (fabs(ex - x) > 0.01 || fabs(ey - y) > 0.01 || r < 0.045 || r > 1.055) {
            on_arm = 0;
            fprintf(stderr, "spiral3 row %zu (%g,%g) class %g is off its arm\n", i + 1, x, y, d.y[i] + 1);
            break;
        }
    }
    CHECK(on_arm, "spiral3: every clean point on its arm");
    dataset_free(&d);

    /* The first point follows the documented draw: the class, then t, from rng_stream(seed, 6). */
    d = make("spiral3", 1, 0, 5);
    uint64_t st = rng_stream(5, 6);
    int c = (int)rng_below(&st, 3);
    double t = rng_uniform(&st), r = 0.05 + t, th = 2.0 * M_PI * t + c * (2.0 * M_PI / 3.0);
    CHECK(d.y[0] == c, "first class %g, want %d", d.y[0], c);
    CHECK(d.x[0] == round(r * cos(th) * 1000) / 1000 && d.x[1] == round(r * sin(th) * 1000) / 1000,
          "first point (%g,%g)", d.x[0], d.x[1]);
    dataset_free(&d);
}

/* Same seed, same data; another seed, other data; and a written file reads back with its classes. */
static void test_reproducible(const char *kind)
{
    dataset a = make(kind, 300, 0.2, 42), b = make(kind, 300, 0.2, 42), c = make(kind, 300, 0.2, 43);
    CHECK(memcmp(a.x, b.x, 600 * sizeof(double)) == 0 && memcmp(a.y, b.y, 300 * sizeof(double)) == 0,
          "%s: same seed, same data", kind);
    CHECK(memcmp(a.x, c.x, 600 * sizeof(double)) != 0, "%s: another seed, other data", kind);
    char path[] = "/tmp/gradstep-unit-gen-classes.XXXXXX", err[256] = "";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    if (fd >= 0) {
        close(fd);
        dataset back = {0};
        CHECK(dataset_write_csv(&a, path, err, sizeof err) == 0, "%s", err);
        CHECK(dataset_load_file(path, &back, err, sizeof err) == 0, "%s", err);
        CHECK(back.nclasses == 3 && back.n == 300, "%s: read back %zu classes, n = %zu", kind, back.nclasses, back.n);
        CHECK(back.y && memcmp(back.y, a.y, 300 * sizeof(double)) == 0 && memcmp(back.x, a.x, 600 * sizeof(double)) == 0,
              "%s: read back bit for bit", kind);
        dataset_free(&back);
        unlink(path);
    }
    dataset_free(&a);
    dataset_free(&b);
    dataset_free(&c);
}

int main(void)
{
    test_labels("blobs");
    test_labels("spiral3");
    test_blobs();
    test_spiral3();
    test_reproducible("blobs");
    test_reproducible("spiral3");
    return harness_finish();
}
