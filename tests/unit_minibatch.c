/* unit_minibatch.c: a mini-batch run reproduced from the README's description alone (its own
 * splitmix64, shuffle, batches and updates in long double), against the session's parameters. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "harness.h"
#include "session.h"

/* splitmix64, as the README writes it. */
static uint64_t mix_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* The order of the rows in epoch e for seed `seed`: the README's Fisher-Yates shuffle. */
static void readme_order(size_t *order, size_t n, uint64_t seed, long e)
{
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
    }
    uint64_t s = seed ^ ((uint64_t)(e + 1) * 0xD1B54A32D192ED03ULL);
    mix_next(&s); /* the first output is discarded */
    for (size_t i = n - 1; i > 0; i--) {
        uint64_t bound = (uint64_t)i + 1, r;
        uint64_t limit = UINT64_MAX - UINT64_MAX % bound; /* 2^64 - (2^64 mod (i+1)), as UINT64_MAX + 1 overflows */
        if ((UINT64_MAX % bound) + 1 == bound) {
            limit = 0; /* bound divides 2^64: every output is kept */
        }
        do {
            r = mix_next(&s);
        } while (limit != 0 && r >= limit);
        size_t j = (size_t)(r % bound), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
}

/* Runs `steps` mini-batch updates of size m from the session's present parameters, as the README
 * says, in long double; compares each step's parameters with the session stepping alongside. */
static void reproduce(const char *csv, size_t m, uint64_t seed, double eta, double lambda,
                      int standardize, long steps)
{
    session s;
    char err[256];
    dataset d;
    CHECK(session_init(&s, err, sizeof err) == 0, "init: %s", err);
    CHECK(dataset_parse(csv, strlen(csv), "t", &d, err, sizeof err) == 0, "parse: %s", err);
    CHECK(session_load(&s, &d, err, sizeof err) == 0, "load: %s", err);
    const dataset *raw = &s.raw; /* the session owns the data now */
    CHECK(session_set_batch(&s, m, err, sizeof err) == 0, "%s", err);
    CHECK(session_set_seed(&s, seed, err, sizeof err) == 0, "%s", err);
    CHECK(session_set_eta(&s, eta, err, sizeof err) == 0, "%s", err);
    CHECK(session_set_lambda(&s, lambda, err, sizeof err) == 0, "%s", err);
    size_t n = s.data.n, k = s.data.k;
    if (standardize) {
        CHECK(session_set_scale(&s, SESSION_SCALE_STANDARDIZE, err, sizeof err) == 0, "%s", err);
    }
    /* the data the README says the neuron sees: each column minus its mean, over the population
     * standard deviation (sqrt of the mean squared deviation), a constant column mapped to 0 */
    long double *x = calloc(n * k, sizeof *x), *w = calloc(k, sizeof *w), b = 0.0L;
    for (size_t j = 0; j < k; j++) {
        long double mean = 0, var = 0;
        for (size_t i = 0; i < n; i++) {
            mean += raw->x[i * k + j];
        }
        mean /= n;
        for (size_t i = 0; i < n; i++) {
            var += (raw->x[i * k + j] - mean) * (raw->x[i * k + j] - mean);
        }
        long double sd = sqrtl(var / n);
        for (size_t i = 0; i < n; i++) {
            x[i * k + j] = !standardize ? (long double)raw->x[i * k + j]
                                        : (sd > 0 ? (raw->x[i * k + j] - mean) / sd : 0.0L);
            CHECK(fabsl(x[i * k + j] - s.data.x[i * k + j]) <= 1e-13L * (1 + fabsl(x[i * k + j])),
                  "standardized x[%zu][%zu] = %.17g, README gives %.17Lg", i, j, s.data.x[i * k + j],
                  x[i * k + j]);
        }
    }
    size_t E = (n + m - 1) / m, *order = calloc(n, sizeof *order);
    long double *g = calloc(k, sizeof *g);
    for (long t = 0; t < steps; t++) {
        long e = t / (long)E;
        size_t batch = (size_t)(t % (long)E), start = batch * m;
        size_t size = start + m <= n ? m : n - start; /* the last batch takes what is left */
        readme_order(order, n, seed, e);
        long double gb = 0;
        for (size_t j = 0; j < k; j++) {
            g[j] = 0;
        }
        for (size_t p = start; p < start + size; p++) {
            size_t i = order[p];
            long double z = b;
            for (size_t j = 0; j < k; j++) {
                z += w[j] * x[i * k + j];
            }
            long double delta = 1.0L / (1.0L + expl(-z)) - s.data.y[i];
            for (size_t j = 0; j < k; j++) {
                g[j] += x[i * k + j] * delta;
            }
            gb += delta;
        }
        for (size_t j = 0; j < k; j++) {
            w[j] -= eta * (g[j] / size + lambda / n * w[j]); /* its own size; λ keeps n */
        }
        b -= eta * gb / size;
        CHECK(session_step(&s, 1, NULL, NULL, err, sizeof err) == 1, "step: %s", err);
        for (size_t j = 0; j < k; j++) {
            CHECK(fabsl(s.w[j] - w[j]) <= 1e-9L * (1 + fabsl(w[j])), "step %ld: w%zu = %.17g, README gives %.17Lg",
                  t + 1, j + 1, s.w[j], w[j]);
        }
        CHECK(fabsl(s.b - b) <= 1e-9L * (1 + fabsl(b)), "step %ld: b = %.17g, README gives %.17Lg", t + 1, s.b, b);
    }
    free(x);
    free(w);
    free(g);
    free(order);
    session_free(&s);
}

int main(void)
{
    /* 7 rows in batches of 3: epochs of 3 batches, the last of 1 row; a constant column */
    const char *csv = "a,b,c,y\n0.5,2,7,0\n-1,3,7,1\n2,-0.5,7,1\n0.25,1,7,0\n-2,-1,7,0\n1.5,0,7,1\n3,2.5,7,0\n";
    reproduce(csv, 3, 1, 0.5, 0.0, 0, 20);
    reproduce(csv, 3, 12345, 0.3, 0.2, 1, 20);
    reproduce(csv, 1, 7, 0.5, 0.0, 1, 15);
    reproduce(csv, 4, 0xFFFFFFFFFFFFFFFFULL, 1.0, 0.05, 0, 12);
    return harness_finish();
}
