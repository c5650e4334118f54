/* gen.c: makes the synthetic datasets of the `gen` command (two classes, or three for blobs and spiral3) from a seed, identically on every machine. */
#include "gen.h"

#include "fmt.h"
#include "rng.h"
#include "xmem.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const gen_kinds[] = {"gauss", "circle", "xor", "spiral", "linear", "blobs", "spiral3", NULL};

enum { KIND_GAUSS, KIND_CIRCLE, KIND_XOR, KIND_SPIRAL, KIND_LINEAR, KIND_BLOBS, KIND_SPIRAL3 };

/* The kinds from KIND_BLOBS on make three classes, named as the labels "1", "2" and "3" of a file. */
#define FIRST_CLASS_KIND KIND_BLOBS
#define GEN_CLASSES 3
static const char *const class_label[GEN_CLASSES] = {"1", "2", "3"};

#define PI 3.14159265358979323846
#define GAUSS_SD 0.5   /* spread of each gauss cloud before noise */
#define XOR_SD 0.35    /* spread of each xor cloud before noise (kept inside its quadrant) */
#define BLOBS_SD 0.3   /* spread of each of the three blobs before noise */
#define SQRT3_2 0.86602540378443864676 /* sqrt(3)/2: the blobs' centres are 120 degrees apart on the unit circle */
#define NOISE_MAX 100.0
/* circle: y = 1 inside radius sqrt(2/pi) (half the square's area), in thousandths squared */
#define CIRCLE_R2_MILLI 636619

/* Rounds to 3 decimals: exact IEEE operations, so the same on every machine. */
static double r3(double v)
{
    return round(v * 1000.0) / 1000.0;
}

/* A uniform coordinate in [-1,1] on a grid of thousandths, as an integer count of thousandths. */
static long uniform_milli(uint64_t *st)
{
    return (long)rng_below(st, 2001) - 1000;
}

/* Adds noise * N(0,1) to v and rounds; untouched when noise is 0. */
static double jitter(double v, double noise, uint64_t *st)
{
    return noise > 0 ? r3(v + noise * rng_normal(st)) : r3(v);
}

/* The shortest text that reads back as exactly v, with whole numbers written out ("100", not
 * "1e+02") so that the source command reads naturally. */
static void noise_text(char *buf, size_t len, double v)
{
    if (isfinite(v) && v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, len, "%.0f", v == 0 ? 0.0 : v);
        return;
    }
    fmt_exact(buf, len, v);
}


/* Fills x (n*2) and y (n, the class 0..2) for the three-class kinds. */
static void fill_classes(int kind, size_t n, double noise, uint64_t *st, double *x, double *y)
{
    static const double cx[GEN_CLASSES] = {0.0, -SQRT3_2, SQRT3_2}, cy[GEN_CLASSES] = {1.0, -0.5, -0.5};
    for (size_t i = 0; i < n; i++) {
        double *p = x + 2 * i;
        int c = (int)rng_below(st, GEN_CLASSES);
        y[i] = c;
        if (kind == KIND_BLOBS) { /* centres (0,1), (-sqrt3/2,-1/2), (sqrt3/2,-1/2) */
            double sd = sqrt(BLOBS_SD * BLOBS_SD + noise * noise);
            p[0] = r3(cx[c] + sd * rng_normal(st));
            p[1] = r3(cy[c] + sd * rng_normal(st));
        } else { /* spiral3: one turn from radius 0.05 to 1.05; arm c turned by c * 120 degrees */
            double t = rng_uniform(st), r = 0.05 + t, th = 2.0 * PI * t + c * (2.0 * PI / 3.0);
            p[0] = jitter(r * cos(th), noise, st);
            p[1] = jitter(r * sin(th), noise, st);
        }
    }
}

/* Fills x (n*2) and y (n) for the kind. */
static void fill(int kind, size_t n, double noise, uint64_t *st, double *x, double *y)
{
    for (size_t i = 0; i < n; i++) {
        double *p = x + 2 * i;
        switch (kind) {
        case KIND_GAUSS: {
            int c = (int)rng_below(st, 2);
            double centre = c ? 1.0 : -1.0, sd = sqrt(GAUSS_SD * GAUSS_SD + noise * noise);
            p[0] = r3(centre + sd * rng_normal(st));
            p[1] = r3(centre + sd * rng_normal(st));
            y[i] = c;
            break;
        }
        case KIND_CIRCLE: {
            long a = uniform_milli(st), b = uniform_milli(st);
            y[i] = a * a + b * b <= CIRCLE_R2_MILLI ? 1.0 : 0.0;
            p[0] = jitter(a / 1000.0, noise, st);
            p[1] = jitter(b / 1000.0, noise, st);
            break;
        }
        case KIND_XOR: {
            int q = (int)rng_below(st, 4);
            double sx = (q & 1) ? 1.0 : -1.0, sy = (q & 2) ? 1.0 : -1.0, u, v;
            do { /* a clean point stays strictly inside its quadrant */
                u = r3(sx + XOR_SD * rng_normal(st));
                v = r3(sy + XOR_SD * rng_normal(st));
            } while (u * sx <= 0 || v * sy <= 0);
            y[i] = sx != sy ? 1.0 : 0.0;
            p[0] = jitter(u, noise, st);
            p[1] = jitter(v, noise, st);
            break;
        }
        case KIND_SPIRAL: {
            int c = (int)rng_below(st, 2);
            double t = rng_uniform(st), r = 0.05 + t, th = 3.0 * PI * t + c * PI;
            y[i] = c;
            p[0] = jitter(r * cos(th), noise, st);
            p[1] = jitter(r * sin(th), noise, st);
            break;
        }
        default: { /* linear: y = 1 above x2 = 0.5 x1 + 0.1, i.e. 2 X2 > X1 + 200 in thousandths */
            long a = uniform_milli(st), b = uniform_milli(st);
            y[i] = 2 * b > a + 200 ? 1.0 : 0.0;
            p[0] = a / 1000.0;
            p[1] = b / 1000.0;
            break;
        }
        }
    }
    if (kind == KIND_LINEAR) {
        /* Flip exactly round(noise*n) labels, chosen uniformly (selection sampling). */
        size_t m = (size_t)llround(noise * (double)n), chosen = 0;
        for (size_t i = 0; i < n && chosen < m; i++) {
            if (rng_below(st, n - i) < m - chosen) {
                y[i] = 1.0 - y[i];
                chosen++;
            }
        }
    }
}

/* Checks kind, n and noise; returns the kind's index, or -1 with a one-line reason in err. */
static int check_request(const char *kind, size_t n, double noise, const char *nz, char *err, size_t errlen)
{
    int kd = -1;
    for (int i = 0; kind && gen_kinds[i]; i++) {
        if (strcmp(kind, gen_kinds[i]) == 0) {
            kd = i;
        }
    }
    if (kd < 0) {
        snprintf(err, errlen, "unknown kind \"%s\": try gauss, circle, xor, spiral, linear, blobs or spiral3",
                 kind ? kind : "");
        return -1;
    }
    if (n == 0) {
        snprintf(err, errlen, "n must be at least 1");
        return -1;
    }
    if (n > GEN_MAX_N) {
        snprintf(err, errlen, "n=%zu is too large (at most %d)", n, GEN_MAX_N);
        return -1;
    }
    if (!isfinite(noise) || noise < 0) {
        snprintf(err, errlen, "noise=%s: noise must be a finite number, 0 or more", nz);
        return -1;
    }
    if (kd == KIND_LINEAR && noise > 1) {
        snprintf(err, errlen,
                 "noise=%s: for linear, noise is the fraction of labels flipped, from 0 to 1", nz);
        return -1;
    }
    if (noise > NOISE_MAX) {
        snprintf(err, errlen, "noise=%s is too large (at most %g)", nz, NOISE_MAX);
        return -1;
    }
    return kd;
}

/* The description of a generated dataset of kind kd. */
static void describe(int kd, size_t n, double noise, const char *nz, char *desc, size_t len)
{
    switch (kd) {
    case KIND_GAUSS:
        snprintf(desc, len,
                 "Two Gaussian clouds, y=0 around (-1,-1) and y=1 around (1,1), spread 0.5 plus noise %s",
                 nz);
        break;
    case KIND_CIRCLE:
        snprintf(desc, len,
                 "Points in the square [-1,1]x[-1,1], y=1 inside a circle of radius 0.798, noise %s: no line separates them",
                 nz);
        break;
    case KIND_XOR:
        snprintf(desc, len,
                 "Four clouds, one per quadrant, y=1 where x1 and x2 differ in sign, noise %s: no line separates them",
                 nz);
        break;
    case KIND_SPIRAL:
        snprintf(desc, len,
                 "Two interleaved spirals of 1.5 turns (y=0 and y=1), noise %s: no line separates them",
                 nz);
        break;
    case KIND_BLOBS:
        snprintf(desc, len,
                 "Three Gaussian blobs, classes 1, 2, 3 around (0,1), (-0.866,-0.5) and (0.866,-0.5), spread 0.3 plus noise %s",
                 nz);
        break;
    case KIND_SPIRAL3:
        snprintf(desc, len,
                 "Three interleaved spiral arms of one turn (classes 1, 2, 3), noise %s: no line separates them",
                 nz);
        break;
    default:
        snprintf(desc, len,
                 "Uniform points in [-1,1]x[-1,1], y=1 above the line x2 = 0.5 x1 + 0.1, %zu of %zu labels flipped",
                 (size_t)llround(noise * (double)n), n);
        break;
    }
}

int gen_make(const char *kind, size_t n, double noise, uint64_t seed, dataset *out, char *err,
             size_t errlen)
{
    char nz[40];
    noise_text(nz, sizeof nz, noise);
    int kd = check_request(kind, n, noise, nz, err, errlen);
    if (kd < 0) {
        return -1;
    }

    dataset d = {0};
    d.n = n;
    d.k = 2;
    d.has_header = 1;
    d.x = malloc(n * 2 * sizeof(double));
    d.y = malloc(n * sizeof(double));
    d.input_names = calloc(2, sizeof *d.input_names);
    if (!d.x || !d.y || !d.input_names) {
        dataset_free(&d);
        snprintf(err, errlen, "out of memory for %zu examples", n);
        return -1;
    }

    uint64_t st = rng_stream(seed, (uint64_t)kd);
    if (kd >= FIRST_CLASS_KIND) {
        fill_classes(kd, n, noise, &st, d.x, d.y);
        d.nclasses = GEN_CLASSES;
        d.class_names = xmalloc(GEN_CLASSES * sizeof *d.class_names);
        for (size_t c = 0; c < GEN_CLASSES; c++) {
            d.class_names[c] = xstrdup(class_label[c]);
        }
    } else {
        fill(kd, n, noise, &st, d.x, d.y);
    }

    char src[160], desc[240];
    snprintf(src, sizeof src, "gen %s n=%zu noise=%s seed=%" PRIu64, gen_kinds[kd], n, nz, seed);
    describe(kd, n, noise, nz, desc, sizeof desc);
    d.name = xstrdup(gen_kinds[kd]);
    d.source = xstrdup(src);
    d.description = xstrdup(desc);
    d.input_names[0] = xstrdup("x1");
    d.input_names[1] = xstrdup("x2");
    d.target_name = xstrdup("y");
    *out = d;
    return 0;
}
