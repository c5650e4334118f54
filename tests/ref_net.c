/* ref_net.c: an independent reference network for the lesson tests, written apart from gradstep's src/net.c: reads a CSV, trains by gradient descent in long double and prints every value a network lesson quotes. */
/*
 * Usage: ref_net FILE.csv [hidden=H1,H2] [output=sigmoid|softmax] [cost=ce|quad] [scale=none|std]
 *                [init=zeros|PARAMFILE] [eta=F] [lambda=F] [batch=M] [seed=S] [steps=T] [example=I] [trace=1]
 *
 * The network follows Nielsen's chapter 2 as written: z^l = w^l a^(l-1) + b^l, a^l = sigma(z^l)
 * (softmax at the output when asked), delta^L = a^L - y (cross-entropy or log-likelihood) or
 * (a^L - y) sigma'(z^L) (quadratic), delta^l = (w^(l+1))^T delta^(l+1) * sigma'(z^l), and the
 * gradient is the batch mean of a^(l-1)_k delta^l_j (and delta^l_j), plus (lambda/n) w.
 *
 * The target column: numbers all in [0,1] are one output; anything else is classes, ordered by
 * value (numbers) or by bytes (text); two classes are one sigmoid output (the first is 0) unless the
 * output is softmax, more are one output per class with one-hot targets.
 *
 * Mini-batches follow gradstep's documented rule (README, "Mini-batches"): each epoch is a
 * Fisher-Yates shuffle drawn from splitmix64 seeded by the seed and the epoch, cut into batches.
 *
 * Prints, after the steps: "C V", "acc N", "P NAME V" for each parameter, "G NAME V" for the
 * full-dataset gradient, with trace=1 "C@t V" after every step, for example I "z{l}_{j}@I V", "a..", "delta..",
 * "Cx@I V", the predicted class "class@I C", "conf T P N": N examples of class T predicted P, and
 * "miss I T P" for each example I of class T predicted P (classes counted from 0 in their order).
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXL 6

typedef long double real;

static size_t n, k, m;          /* examples, inputs, outputs */
static int L;                   /* layers */
static size_t sz[MAXL + 1];     /* sz[l]: neurons of layer l */
static real *X;                 /* n*k inputs */
static real *Y;                 /* n*m targets */
static size_t *cls;             /* n classes (or 0/1) */
static size_t ncls;             /* classes, or 0 for a [0,1] target */
static int softmax, quad;
static real *W[MAXL + 1], *B[MAXL + 1], *GW[MAXL + 1], *GB[MAXL + 1];
static real *Z[MAXL + 1], *A[MAXL + 1], *D[MAXL + 1];

static void *xalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size);
    if (!p) {
        fprintf(stderr, "ref_net: out of memory\n");
        exit(2);
    }
    return p;
}

static real sig(real z)
{
    return z >= 0 ? 1 / (1 + expl(-z)) : expl(z) / (1 + expl(z));
}

/* ---------------------------------------------------------------- reading the data */

static char **labels;
static size_t nlabels;

static int is_number(const char *s)
{
    char *end;
    if (!*s) {
        return 0;
    }
    strtod(s, &end);
    return *end == '\0';
}

static int cmp_label(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    if (is_number(x) && is_number(y)) {
        double u = strtod(x, NULL), v = strtod(y, NULL);
        return u < v ? -1 : u > v;
    }
    return strcmp(x, y);
}

static void read_csv(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(2);
    }
    char line[65536];
    size_t cap = 1024, rows = 0;
    int header_seen = 0;
    char **tgt = xalloc(cap, sizeof *tgt);
    X = NULL;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0') {
            continue;
        }
        size_t fields = 1;
        for (char *p = line; *p; p++) {
            fields += *p == ',';
        }
        if (!header_seen) {
            header_seen = 1;
            k = fields - 1;
            X = xalloc(cap * k, sizeof *X);
            if (!is_number(strtok(strdup(line), ","))) {
                continue;
            }
        }
        if (rows == cap) {
            cap *= 2;
            X = realloc(X, cap * k * sizeof *X);
            tgt = realloc(tgt, cap * sizeof *tgt);
            if (!X || !tgt) {
                exit(2);
            }
        }
        char *p = line;
        for (size_t j = 0; j < k; j++) {
            char *c = strchr(p, ',');
            *c = '\0';
            X[rows * k + j] = strtold(p, NULL);
            p = c + 1;
        }
        tgt[rows++] = strdup(p);
    }
    fclose(f);
    n = rows;
    int unit = 1;
    for (size_t i = 0; i < n; i++) {
        unit &= is_number(tgt[i]) && strtod(tgt[i], NULL) >= 0 && strtod(tgt[i], NULL) <= 1;
    }
    int binary = 1;
    for (size_t i = 0; i < n; i++) {
        binary &= strcmp(tgt[i], "0") == 0 || strcmp(tgt[i], "1") == 0;
    }
    cls = xalloc(n, sizeof *cls);
    if (unit && !(binary && softmax)) {
        ncls = 0;
        m = 1;
        Y = xalloc(n, sizeof *Y);
        for (size_t i = 0; i < n; i++) {
            Y[i] = strtold(tgt[i], NULL);
            cls[i] = Y[i] >= 0.5;
        }
        return;
    }
    labels = xalloc(n, sizeof *labels);
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        while (c < nlabels && strcmp(labels[c], tgt[i]) != 0) {
            c++;
        }
        if (c == nlabels) {
            labels[nlabels++] = tgt[i];
        }
    }
    qsort(labels, nlabels, sizeof *labels, cmp_label);
    ncls = nlabels;
    m = (ncls == 2 && !softmax) ? 1 : ncls;
    Y = xalloc(n * m, sizeof *Y);
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        while (strcmp(labels[c], tgt[i]) != 0) {
            c++;
        }
        cls[i] = c;
        if (m == 1) {
            Y[i] = (real)c;
        } else {
            Y[i * m + c] = 1;
        }
    }
}

static void standardize(void)
{
    for (size_t j = 0; j < k; j++) {
        real mean = 0, var = 0;
        for (size_t i = 0; i < n; i++) {
            mean += X[i * k + j];
        }
        mean /= n;
        for (size_t i = 0; i < n; i++) {
            var += (X[i * k + j] - mean) * (X[i * k + j] - mean);
        }
        real sd = sqrtl(var / n);
        if (!(sd > 0)) {
            sd = 1;
        }
        for (size_t i = 0; i < n; i++) {
            X[i * k + j] = (X[i * k + j] - mean) / sd;
        }
    }
}

/* ---------------------------------------------------------------- the network */

static void forward(const real *x)
{
    for (int l = 2; l <= L; l++) {
        const real *in = l == 2 ? x : A[l - 1];
        for (size_t j = 0; j < sz[l]; j++) {
            real z = B[l][j];
            for (size_t q = 0; q < sz[l - 1]; q++) {
                z += W[l][j * sz[l - 1] + q] * in[q];
            }
            Z[l][j] = z;
            A[l][j] = sig(z);
        }
    }
    if (softmax) {
        real top = Z[L][0], s = 0;
        for (size_t j = 1; j < m; j++) {
            top = Z[L][j] > top ? Z[L][j] : top;
        }
        for (size_t j = 0; j < m; j++) {
            s += expl(Z[L][j] - top);
        }
        for (size_t j = 0; j < m; j++) {
            A[L][j] = expl(Z[L][j] - top) / s;
        }
    }
}

/* softplus(t) = ln(1 + e^t), without overflow. */
static real softplus(real t)
{
    return (t > 0 ? t : 0) + log1pl(expl(-fabsl(t)));
}

/* C_x of the last forward pass against targets y, from z (so that it stays finite when a output
 * rounds to 0 or 1): ln(1 - sigma(z)) = -softplus(z), ln sigma(z) = -softplus(-z), and for softmax
 * ln a_j = z_j - ln sum_k e^(z_k). */
static real example_cost(const real *y)
{
    real c = 0, top = Z[L][0], s = 0;
    for (size_t j = 1; j < m; j++) {
        top = Z[L][j] > top ? Z[L][j] : top;
    }
    for (size_t j = 0; j < m; j++) {
        s += expl(Z[L][j] - top);
    }
    for (size_t j = 0; j < m; j++) {
        real z = Z[L][j], a = A[L][j];
        if (softmax) {
            c -= y[j] * (z - top - logl(s));
        } else if (quad) {
            c += (y[j] - a) * (y[j] - a) / 2;
        } else {
            c += y[j] * softplus(-z) + (1 - y[j]) * softplus(z);
        }
    }
    return c;
}

static void backward(const real *y)
{
    for (size_t j = 0; j < m; j++) {
        real a = A[L][j];
        D[L][j] = quad ? (a - y[j]) * a * (1 - a) : a - y[j];
    }
    for (int l = L - 1; l >= 2; l--) {
        for (size_t q = 0; q < sz[l]; q++) {
            real s = 0;
            for (size_t j = 0; j < sz[l + 1]; j++) {
                s += W[l + 1][j * sz[l] + q] * D[l + 1][j];
            }
            D[l][q] = s * A[l][q] * (1 - A[l][q]);
        }
    }
}

static size_t predicted(void)
{
    if (m == 1) {
        return A[L][0] >= 0.5;
    }
    size_t best = 0;
    for (size_t j = 1; j < m; j++) {
        if (A[L][j] > A[L][best]) {
            best = j;
        }
    }
    return best;
}

/* Gradient over rows[0..cnt-1] (all rows when rows is NULL) into GW, GB; returns the mean cost. */
static real gradient(const size_t *rows, size_t cnt, real lambda)
{
    for (int l = 2; l <= L; l++) {
        memset(GW[l], 0, sz[l] * sz[l - 1] * sizeof(real));
        memset(GB[l], 0, sz[l] * sizeof(real));
    }
    real c = 0;
    for (size_t t = 0; t < cnt; t++) {
        size_t i = rows ? rows[t] : t;
        forward(X + i * k);
        c += example_cost(Y + i * m);
        backward(Y + i * m);
        for (int l = 2; l <= L; l++) {
            const real *in = l == 2 ? X + i * k : A[l - 1];
            for (size_t j = 0; j < sz[l]; j++) {
                for (size_t q = 0; q < sz[l - 1]; q++) {
                    GW[l][j * sz[l - 1] + q] += in[q] * D[l][j];
                }
                GB[l][j] += D[l][j];
            }
        }
    }
    real sq = 0;
    for (int l = 2; l <= L; l++) {
        for (size_t q = 0; q < sz[l] * sz[l - 1]; q++) {
            GW[l][q] = GW[l][q] / cnt + lambda / n * W[l][q];
            sq += W[l][q] * W[l][q];
        }
        for (size_t j = 0; j < sz[l]; j++) {
            GB[l][j] /= cnt;
        }
    }
    return c / cnt + lambda / (2 * n) * sq;
}

/* ---------------------------------------------------------------- gradstep's documented shuffle */

static uint64_t next64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void shuffle(size_t *perm, uint64_t seed, uint64_t epoch)
{
    for (size_t i = 0; i < n; i++) {
        perm[i] = i;
    }
    uint64_t s = seed ^ ((epoch + 1) * 0xD1B54A32D192ED03ULL);
    next64(&s);
    for (size_t i = n - 1; i > 0; i--) {
        uint64_t bound = (uint64_t)i + 1, limit = UINT64_MAX - UINT64_MAX % bound, r;
        do {
            r = next64(&s);
        } while (r >= limit);
        size_t q = (size_t)(r % bound), t = perm[i];
        perm[i] = perm[q];
        perm[q] = t;
    }
}

/* ---------------------------------------------------------------- main */

static const char *arg(int argc, char **argv, const char *key, const char *dflt)
{
    size_t len = strlen(key);
    for (int i = 2; i < argc; i++) {
        if (strncmp(argv[i], key, len) == 0 && argv[i][len] == '=') {
            return argv[i] + len + 1;
        }
    }
    return dflt;
}

static void print_params(const char *tag, real **w, real **b)
{
    for (int l = 2; l <= L; l++) {
        for (size_t j = 0; j < sz[l]; j++) {
            for (size_t q = 0; q < sz[l - 1]; q++) {
                printf("%s w%d_%zu_%zu %.17Lg\n", tag, l, j + 1, q + 1, w[l][j * sz[l - 1] + q]);
            }
        }
        for (size_t j = 0; j < sz[l]; j++) {
            printf("%s b%d_%zu %.17Lg\n", tag, l, j + 1, b[l][j]);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: ref_net FILE.csv [key=value...]\n");
        return 2;
    }
    softmax = strcmp(arg(argc, argv, "output", "sigmoid"), "softmax") == 0;
    quad = strcmp(arg(argc, argv, "cost", "ce"), "quad") == 0;
    read_csv(argv[1]);
    if (strcmp(arg(argc, argv, "scale", "none"), "std") == 0) {
        standardize();
    }
    L = 1;
    sz[1] = k;
    char *hid = strdup(arg(argc, argv, "hidden", ""));
    for (char *t = strtok(hid, ","); t; t = strtok(NULL, ",")) {
        sz[++L] = strtoul(t, NULL, 10);
    }
    sz[++L] = m;
    for (int l = 2; l <= L; l++) {
        W[l] = xalloc(sz[l] * sz[l - 1], sizeof(real));
        GW[l] = xalloc(sz[l] * sz[l - 1], sizeof(real));
        B[l] = xalloc(sz[l], sizeof(real));
        GB[l] = xalloc(sz[l], sizeof(real));
        Z[l] = xalloc(sz[l], sizeof(real));
        A[l] = xalloc(sz[l], sizeof(real));
        D[l] = xalloc(sz[l], sizeof(real));
    }
    const char *init = arg(argc, argv, "init", "zeros");
    if (strcmp(init, "zeros") != 0) {
        FILE *f = fopen(init, "r");
        if (!f) {
            perror(init);
            return 2;
        }
        for (int l = 2; l <= L; l++) {
            for (size_t q = 0; q < sz[l] * sz[l - 1] + sz[l]; q++) {
                double v;
                if (fscanf(f, "%lf", &v) != 1) {
                    fprintf(stderr, "ref_net: %s has too few parameters\n", init);
                    return 2;
                }
                if (q < sz[l] * sz[l - 1]) {
                    W[l][q] = v;
                } else {
                    B[l][q - sz[l] * sz[l - 1]] = v;
                }
            }
        }
        fclose(f);
    }
    real eta = strtold(arg(argc, argv, "eta", "0.5"), NULL);
    real lambda = strtold(arg(argc, argv, "lambda", "0"), NULL);
    size_t batch = strtoul(arg(argc, argv, "batch", "0"), NULL, 10);
    uint64_t seed = strtoull(arg(argc, argv, "seed", "1"), NULL, 10);
    long steps = strtol(arg(argc, argv, "steps", "0"), NULL, 10);
    size_t ex = strtoul(arg(argc, argv, "example", "1"), NULL, 10);
    int trace = strcmp(arg(argc, argv, "trace", "0"), "1") == 0;
    size_t *perm = xalloc(n, sizeof *perm);
    if (batch == 0 || batch >= n) {
        batch = n;
    }
    long per_epoch = (long)((n + batch - 1) / batch);
    for (long t = 0; t < steps; t++) {
        size_t start = 0, cnt = n;
        if (batch < n) {
            shuffle(perm, seed, (uint64_t)(t / per_epoch));
            start = (size_t)(t % per_epoch) * batch;
            cnt = start + batch <= n ? batch : n - start;
        }
        gradient(batch < n ? perm + start : NULL, cnt, lambda);
        for (int l = 2; l <= L; l++) {
            for (size_t q = 0; q < sz[l] * sz[l - 1]; q++) {
                W[l][q] -= eta * GW[l][q];
            }
            for (size_t j = 0; j < sz[l]; j++) {
                B[l][j] -= eta * GB[l][j];
            }
        }
        if (trace) {
            printf("C@%ld %.17Lg\n", t + 1, gradient(NULL, n, lambda));
        }
    }
    real c = gradient(NULL, n, lambda);
    printf("C %.17Lg\n", c);
    print_params("P", W, B);
    print_params("G", GW, GB);
    size_t correct = 0, nc = ncls ? ncls : 2;
    size_t *conf = xalloc(nc * nc, sizeof *conf);
    for (size_t i = 0; i < n; i++) {
        forward(X + i * k);
        size_t p = predicted();
        correct += p == cls[i];
        conf[cls[i] * nc + p]++;
        if (p != cls[i]) {
            printf("miss %zu %zu %zu\n", i + 1, cls[i], p);
        }
    }
    printf("acc %zu\n", correct);
    for (size_t t = 0; t < nc; t++) {
        for (size_t p = 0; p < nc; p++) {
            printf("conf %zu %zu %zu\n", t, p, conf[t * nc + p]);
        }
    }
    if (ex >= 1 && ex <= n) {
        size_t i = ex - 1;
        forward(X + i * k);
        printf("Cx@%zu %.17Lg\n", ex, example_cost(Y + i * m));
        backward(Y + i * m);
        for (int l = 2; l <= L; l++) {
            for (size_t j = 0; j < sz[l]; j++) {
                printf("z%d_%zu@%zu %.17Lg\na%d_%zu@%zu %.17Lg\ndelta%d_%zu@%zu %.17Lg\n", l, j + 1, ex, Z[l][j],
                       l, j + 1, ex, A[l][j], l, j + 1, ex, D[l][j]);
            }
        }
        printf("class@%zu %zu\n", ex, predicted());
    }
    return 0;
}
