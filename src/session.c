/* session.c: the state of one training session and every way it changes: load, step, next, back, set. */
#include "session.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "rng.h"
#include "errbuf.h"

#define HIST_MIN 64

/* Up to this many rows a full-batch update also computes C, which costs little there. */
#define EAGER_COST_ROWS 512

/* Pointer to the k+1 stored parameters of step t. */
static double *hist_at(const session *s, long t)
{
    return s->hist + (size_t)t * (s->data.k + 1);
}

/* The arrays sized by k or n that belong to one dataset; built whole before any is installed. */
typedef struct {
    dataset data;
    double *col_mean, *col_sd;
    double *w, *init_values, *pend_w, *grad_w, *scratch, *hist, *hist_cost, *last_grad;
    size_t hist_cap;
} sized_parts;

static void free_parts(sized_parts *p, int data_is_raw)
{
    if (!data_is_raw) {
        dataset_free(&p->data);
    }
    free(p->col_mean);
    free(p->col_sd);
    free(p->w);
    free(p->init_values);
    free(p->pend_w);
    free(p->grad_w);
    free(p->scratch);
    free(p->hist);
    free(p->hist_cost);
    free(p->last_grad);
    memset(p, 0, sizeof *p);
}

/* Standardizes column j of raw into p with every value first divided by the column's largest |x|, for columns
 * whose sums would overflow (values near 1e308) or whose squared deviations would underflow (near 1e-300). */
static void standardize_scaled(const dataset *raw, size_t j, sized_parts *p)
{
    size_t n = raw->n, k = raw->k;
    double top = 0.0;
    for (size_t i = 0; i < n; i++) {
        top = fmax(top, fabs(raw->x[i * k + j]));
    }
    double mean = 0.0, var = 0.0;
    for (size_t i = 0; i < n; i++) {
        mean += raw->x[i * k + j] / top;
    }
    mean /= (double)n;
    for (size_t i = 0; i < n; i++) {
        double d = raw->x[i * k + j] / top - mean;
        var += d * d;
    }
    double sd = sqrt(var / (double)n);
    if (!(sd > 0.0)) {
        sd = 1.0 / top;
    }
    p->col_mean[j] = mean * top;
    p->col_sd[j] = sd * top;
    for (size_t i = 0; i < n; i++) {
        p->data.x[i * k + j] = (raw->x[i * k + j] / top - mean) / sd;
    }
}

/* Builds the standardized copy of raw into p (mean 0, population sd 1 per column;
 * a constant column is only centred). Returns 0 or -1 when out of memory. */
static int standardize(const dataset *raw, sized_parts *p)
{
    size_t n = raw->n, k = raw->k;
    if (dataset_copy(&p->data, raw) != 0) {
        return -1;
    }
    p->col_mean = calloc(k, sizeof(double));
    p->col_sd = calloc(k, sizeof(double));
    if (!p->col_mean || !p->col_sd) {
        return -1;
    }
    for (size_t j = 0; j < k; j++) {
        double mean = 0.0;
        for (size_t i = 0; i < n; i++) {
            mean += raw->x[i * k + j];
        }
        mean /= (double)n;
        double var = 0.0;
        int spread = 0;
        for (size_t i = 0; i < n; i++) {
            double d = raw->x[i * k + j] - mean;
            var += d * d;
            spread |= d != 0.0;
        }
        if (!isfinite(mean) || !isfinite(var) || (spread && var / (double)n < DBL_MIN / DBL_EPSILON)) {
            standardize_scaled(raw, j, p);
            continue;
        }
        double sd = sqrt(var / (double)n);
        if (!(sd > 0.0) || !isfinite(sd)) {
            sd = 1.0;
        }
        p->col_mean[j] = mean;
        p->col_sd[j] = sd;
        for (size_t i = 0; i < n; i++) {
            p->data.x[i * k + j] = (raw->x[i * k + j] - mean) / sd;
        }
    }
    return 0;
}

/* Allocates everything sized by the dataset raw under scaling `scale`. */
static int build_parts(const dataset *raw, session_scale scale, sized_parts *p, int *data_is_raw)
{
    size_t k = raw->k;
    memset(p, 0, sizeof *p);
    if (scale == SESSION_SCALE_STANDARDIZE) {
        *data_is_raw = 0;
        if (standardize(raw, p) != 0) {
            free_parts(p, 0);
            return -1;
        }
    } else {
        *data_is_raw = 1;
        p->data = *raw;
    }
    p->w = calloc(k, sizeof(double));
    p->init_values = calloc(k + 1, sizeof(double));
    p->pend_w = calloc(k, sizeof(double));
    p->grad_w = calloc(k, sizeof(double));
    p->scratch = calloc(k, sizeof(double));
    p->last_grad = calloc(k + 1, sizeof(double));
    p->hist_cap = HIST_MIN;
    p->hist = calloc(p->hist_cap * (k + 1), sizeof(double));
    p->hist_cost = calloc(p->hist_cap, sizeof(double));
    if (!p->w || !p->init_values || !p->pend_w || !p->grad_w || !p->scratch || !p->last_grad || !p->hist ||
        !p->hist_cost) {
        free_parts(p, *data_is_raw);
        return -1;
    }
    return 0;
}

/* Installs parts into s (the old ones must have been taken out). */
static void install_parts(session *s, sized_parts *p, int data_is_raw)
{
    s->data = p->data;
    s->x_absmax = 0.0;
    for (size_t i = 0; i < p->data.n * p->data.k; i++) {
        s->x_absmax = fmax(s->x_absmax, fabs(p->data.x[i]));
    }
    s->col_mean = p->col_mean;
    s->col_sd = p->col_sd;
    s->w = p->w;
    s->pend_w = p->pend_w;
    s->ev.grad_w = p->grad_w;
    s->scratch = p->scratch;
    s->last_grad = p->last_grad;
    s->last_grad_step = 0;
    s->hist = p->hist;
    s->hist_cost = p->hist_cost;
    s->hist_cap = p->hist_cap;
    s->data_is_raw = data_is_raw;
}

/* Takes the sized parts out of s (init_values excluded: it is handled by the caller). */
static void take_parts(session *s, sized_parts *p)
{
    memset(p, 0, sizeof *p);
    p->data = s->data;
    p->col_mean = s->col_mean;
    p->col_sd = s->col_sd;
    p->w = s->w;
    p->pend_w = s->pend_w;
    p->grad_w = s->ev.grad_w;
    p->scratch = s->scratch;
    p->last_grad = s->last_grad;
    p->hist = s->hist;
    p->hist_cost = s->hist_cost;
}

/* Drops what depends on the rows (evaluation cache, permutation), to be rebuilt lazily. */
static void drop_row_caches(session *s)
{
    free(s->ev.z);
    s->ev.z = NULL;
    free(s->perm);
    s->perm = NULL;
    s->perm_epoch = -1;
    s->ev_valid = 0;
}

/* Fills params (k+1) with the initial parameters the settings ask for. */
static void initial_params(const session *s, double *params)
{
    size_t k = s->data.k;
    switch (s->init_kind) {
    case SESSION_INIT_RANDOM: {
        /* Weights N(0, 1/k) and bias N(0, 1): Nielsen's improved initialization (ch. 3). */
        uint64_t st = rng_stream(s->seed, 0);
        for (size_t j = 0; j < k; j++) {
            params[j] = rng_normal(&st) / sqrt((double)k);
        }
        params[k] = rng_normal(&st);
        break;
    }
    case SESSION_INIT_VALUES:
        memcpy(params, s->init_values, (k + 1) * sizeof(double));
        break;
    default:
        memset(params, 0, (k + 1) * sizeof(double));
        break;
    }
}

/* Makes the present parameters those stored for step s->step. */
static void restore_params(session *s)
{
    const double *p = hist_at(s, s->step);
    memcpy(s->w, p, s->data.k * sizeof(double));
    s->b = p[s->data.k];
    s->ev_valid = 0;
}

/* Recomputes the running sums of the first s->pending terms, in adding order. */
static void recompute_pending(session *s);

/* Sets batch_rows/batch_m for the update that follows step s->step. */
static int prepare_batch(session *s);

void session_reset(session *s)
{
    double *p = hist_at(s, 0);
    initial_params(s, p);
    s->step = 0;
    s->hist_top = 0;
    s->hist_cost[0] = NAN;
    s->pending = 0;
    restore_params(s);
    s->last_grad_step = 0;
    prepare_batch(s);
}

int session_init(session *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->eta = 0.5;
    s->lambda = 0.0;
    s->cost = MODEL_COST_CE;
    s->batch = 0;
    s->seed = 1;
    s->init_kind = SESSION_INIT_ZEROS;
    s->scale = SESSION_SCALE_NONE;
    s->digits = SESSION_DEFAULT_DIGITS;
    s->perm_epoch = -1;
    dataset d;
    if (dataset_load_default(&d, err, errlen) != 0) {
        return -1;
    }
    if (session_load(s, &d, err, errlen) != 0) {
        dataset_free(&d);
        return -1;
    }
    return 0;
}

void session_free(session *s)
{
    sized_parts p;
    take_parts(s, &p);
    free_parts(&p, s->data_is_raw);
    dataset_free(&s->raw);
    free(s->init_values);
    drop_row_caches(s);
    memset(s, 0, sizeof *s);
}

int session_load(session *s, dataset *d, char *err, size_t errlen)
{
    sized_parts p;
    int data_is_raw;
    if (build_parts(d, s->scale, &p, &data_is_raw) != 0) {
        snprintf(err, errlen, "%s: out of memory", d->name ? d->name : "dataset");
        return -1;
    }
    /* Keep initial values when they fit the new k; otherwise start from zeros. */
    if (s->init_kind == SESSION_INIT_VALUES && s->data.k == d->k && s->init_values) {
        memcpy(p.init_values, s->init_values, (d->k + 1) * sizeof(double));
    } else if (s->init_kind == SESSION_INIT_VALUES) {
        s->init_kind = SESSION_INIT_ZEROS;
    }
    double *new_init = p.init_values;
    p.init_values = NULL;

    /* From here on nothing can fail: swap the old dataset out. */
    sized_parts old;
    take_parts(s, &old);
    free_parts(&old, s->data_is_raw);
    dataset_free(&s->raw);
    free(s->init_values);
    drop_row_caches(s);

    s->raw = *d;
    memset(d, 0, sizeof *d);
    if (data_is_raw) {
        p.data = s->raw;
    }
    install_parts(s, &p, data_is_raw);
    s->init_values = new_init;
    if (s->batch >= s->data.n) {
        s->batch = 0;
    }
    s->focus_i = 0;
    s->focus_j = 0;
    session_reset(s);
    return 0;
}

/* Grows the history so that step t can be stored. Returns 0 or -1 when out of memory. */
static int hist_reserve(session *s, long t)
{
    if ((size_t)t < s->hist_cap) {
        return 0;
    }
    size_t k1 = s->data.k + 1;
    size_t cap = s->hist_cap + s->hist_cap / 2 + HIST_MIN;
    double *h = realloc(s->hist, cap * k1 * sizeof(double));
    if (!h) {
        return -1;
    }
    s->hist = h;
    double *c = realloc(s->hist_cost, cap * sizeof(double));
    if (!c) {
        return -1;
    }
    s->hist_cost = c;
    s->hist_cap = cap;
    return 0;
}

/* Fisher-Yates shuffle of 0..n-1 for one epoch, from the seed alone. */
static void shuffle_epoch(size_t *perm, size_t n, uint64_t seed, long epoch)
{
    for (size_t i = 0; i < n; i++) {
        perm[i] = i;
    }
    uint64_t st = rng_stream(seed, (uint64_t)epoch + 1);
    for (size_t i = n - 1; i > 0; i--) {
        size_t r = (size_t)rng_below(&st, (uint64_t)i + 1);
        size_t t = perm[i];
        perm[i] = perm[r];
        perm[r] = t;
    }
}

static int prepare_batch(session *s)
{
    size_t n = s->data.n;
    if (s->batch == 0 || s->batch >= n) {
        s->batch_rows = NULL;
        s->batch_m = n;
        return 0;
    }
    size_t m = s->batch;
    long per_epoch = (long)((n + m - 1) / m);
    long epoch = s->step / per_epoch;
    size_t index = (size_t)(s->step % per_epoch);
    if (!s->perm) {
        s->perm = malloc(n * sizeof(size_t));
        if (!s->perm) {
            return -1;
        }
        s->perm_epoch = -1;
    }
    if (s->perm_epoch != epoch) {
        shuffle_epoch(s->perm, n, s->seed, epoch);
        s->perm_epoch = epoch;
    }
    size_t start = index * m;
    s->batch_rows = s->perm + start;
    s->batch_m = start + m <= n ? m : n - start;
    return 0;
}

void session_batch(session *s, const size_t **rows, size_t *m)
{
    *rows = s->batch_rows;
    *m = s->batch_m;
}

/* Names parameter j for messages: "w2" or "b". */
static void param_name(const session *s, size_t j, char *buf, size_t len)
{
    if (j == s->data.k) {
        snprintf(buf, len, "b");
    } else {
        snprintf(buf, len, "w%zu", j + 1);
    }
}

/* Whether every z and C stay finite at params (k+1). |z| <= |b| + max|x| sum|w_j| and
 * C_x <= |z| + ln 2 settle it at once unless the parameters are astronomically large; only then
 * is C computed (every z along with it). Returns 0, or -1 with what overflows ("z3 non-finite
 * (beyond the largest number)" or "the cost C non-finite") in why. */
static int params_stay_finite(session *s, const double *params, char *why, size_t len)
{
    size_t k = s->data.k, n = s->data.n;
    double zmax = fabs(params[k]), l2 = 0.0;
    for (size_t j = 0; j < k; j++) {
        zmax += s->x_absmax * fabs(params[j]);
        l2 += params[j] * params[j];
    }
    if (zmax < 1e300 / (double)n && s->lambda * l2 < 1e300) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(model_z(params, params[k], s->data.x + i * k, k))) {
            snprintf(why, len, "z%zu non-finite (beyond the largest number)", i + 1);
            return -1;
        }
    }
    double c = model_cost_at(s->data.x, s->data.y, n, k, params, params[k], s->cost, s->lambda, s->ev.grad_w);
    s->ev_valid = 0; /* its gradient array was the work space */
    if (!isfinite(c)) {
        snprintf(why, len, "the cost C non-finite");
        return -1;
    }
    return 0;
}

/* Applies one whole update from the present parameters. Returns 0, or -1 with err
 * (nothing changed) when a value would stop being finite. */
static int apply_one(session *s, char *err, size_t errlen)
{
    size_t k = s->data.k, n = s->data.n;
    if (prepare_batch(s) != 0 || hist_reserve(s, s->step + 1) != 0) {
        snprintf(err, errlen, "step %ld: out of memory", s->step + 1);
        return -1;
    }
    double *g = s->scratch, gb;
    int full = s->batch_rows == NULL;
    if (full && s->ev_valid) {
        memcpy(g, s->ev.grad_w, k * sizeof(double));
        gb = s->ev.grad_b;
        s->hist_cost[s->step] = s->ev.cost;
    } else if (full && n <= EAGER_COST_ROWS) {
        /* Small data: the cost comes with the same pass (same gradient bits), so the cost plot
         * never has to go back over the history. */
        double cost_sum = model_accumulate(s->data.x, s->data.y, k, NULL, n, s->w, s->b, s->cost, g, &gb, NULL);
        model_finish_gradient(g, &gb, k, n, n, s->lambda, s->w);
        s->hist_cost[s->step] = model_total_cost(cost_sum, n, s->lambda, s->w, k);
    } else {
        /* Large data: the update skips the logarithm per row that C_x needs: hist_cost stays NaN
         * until session_cost_at computes it (same bits) for whatever shows it. */
        model_accumulate_grad(s->data.x, s->data.y, k, s->batch_rows, s->batch_m, s->w, s->b, s->cost, g, &gb,
                              NULL);
        model_finish_gradient(g, &gb, k, s->batch_m, n, s->lambda, s->w);
    }
    char name[32];
    for (size_t j = 0; j <= k; j++) {
        double gj = j < k ? g[j] : gb;
        if (!isfinite(gj)) {
            param_name(s, j, name, sizeof name);
            snprintf(err, errlen, "step %ld: dC/d%s is not finite; update not applied (inputs or parameters too large?)",
                     s->step + 1, name);
            return -1;
        }
    }
    double *next = hist_at(s, s->step + 1);
    memcpy(next, s->w, k * sizeof(double));
    next[k] = s->b;
    model_apply_update(next, &next[k], k, s->eta, g, gb);
    for (size_t j = 0; j <= k; j++) {
        if (!isfinite(next[j])) {
            param_name(s, j, name, sizeof name);
            snprintf(err, errlen, "step %ld: the update would make %s non-finite; not applied (eta = %g too large?)",
                     s->step + 1, name, s->eta);
            return -1;
        }
    }
    if (params_stay_finite(s, next, err, errlen) != 0) {
        err_prefix(err, errlen, "step %ld: the update would make ", s->step + 1);
        err_append(err, errlen, "; not applied (eta = %g too large?)", s->eta);
        return -1;
    }
    memcpy(s->last_grad, g, k * sizeof(double));
    s->last_grad[k] = gb;
    s->step++;
    s->last_grad_step = s->step;
    s->hist_top = s->step;
    s->hist_cost[s->step] = NAN;
    s->pending = 0;
    memcpy(s->w, next, k * sizeof(double));
    s->b = next[k];
    s->ev_valid = 0;
    prepare_batch(s);
    return 0;
}

long session_step(session *s, long n, session_progress_fn progress, void *ctx,
                  char *err, size_t errlen)
{
    long done = 0;
    while (done < n) {
        if (apply_one(s, err, errlen) != 0) {
            return -1;
        }
        done++;
        if (progress && progress(ctx, done, n)) {
            break;
        }
    }
    return done;
}

double session_z(const session *s, size_t i)
{
    size_t k = s->data.k;
    return s->ev_valid && s->ev.z ? s->ev.z[i] : model_z(s->w, s->b, s->data.x + i * k, k);
}

model_example session_example(const session *s, size_t i)
{
    model_example e;
    model_example_at(session_z(s, i), s->data.y[i], s->cost, &e);
    return e;
}

double session_delta(const session *s, size_t i)
{
    return model_delta_at(session_z(s, i), s->data.y[i], s->cost);
}

const session_eval *session_evaluate(session *s)
{
    if (s->ev_valid) {
        return &s->ev;
    }
    size_t n = s->data.n, k = s->data.k;
    if (!s->ev.z && k >= SESSION_KEEP_Z_MIN_K) {
        s->ev.z = malloc(n * sizeof(double));
        if (!s->ev.z) {
            return NULL;
        }
    }
    double cost_sum = model_accumulate(s->data.x, s->data.y, k, NULL, n, s->w, s->b, s->cost,
                                       s->ev.grad_w, &s->ev.grad_b, s->ev.z);
    model_finish_gradient(s->ev.grad_w, &s->ev.grad_b, k, n, n, s->lambda, s->w);
    s->ev.cost = model_total_cost(cost_sum, n, s->lambda, s->w, k);
    s->ev_valid = 1;
    size_t correct = 0;
    for (size_t i = 0; i < n; i++) {
        if ((model_activation(session_z(s, i)) >= 0.5) == (s->data.y[i] >= 0.5)) {
            correct++;
        }
    }
    s->ev.correct = correct;
    if (isnan(s->hist_cost[s->step])) {
        s->hist_cost[s->step] = s->ev.cost;
    }
    return &s->ev;
}

static void recompute_pending(session *s)
{
    size_t k = s->data.k;
    memset(s->pend_w, 0, k * sizeof(double));
    s->pend_b = 0.0;
    if (s->pending == 0) {
        return;
    }
    session_evaluate(s);
    for (size_t r = 0; r < s->pending; r++) {
        size_t row = s->batch_rows ? s->batch_rows[r] : r;
        double d = session_delta(s, row);
        const double *x = s->data.x + row * k;
        for (size_t j = 0; j < k; j++) {
            s->pend_w[j] += x[j] * d;
        }
        s->pend_b += d;
    }
}

int session_next(session *s, char *err, size_t errlen)
{
    if (prepare_batch(s) != 0 || !session_evaluate(s)) {
        snprintf(err, errlen, "next: out of memory");
        return -1;
    }
    if (s->pending + 1 >= s->batch_m) {
        if (apply_one(s, err, errlen) != 0) {
            return -1;
        }
        return 1;
    }
    if (s->pending == 0) {
        memset(s->pend_w, 0, s->data.k * sizeof(double));
        s->pend_b = 0.0;
    }
    size_t row = s->batch_rows ? s->batch_rows[s->pending] : s->pending;
    double d = session_delta(s, row);
    if (!isfinite(d)) {
        snprintf(err, errlen, "next: example %zu's term is not finite", row + 1);
        return -1;
    }
    const double *x = s->data.x + row * s->data.k;
    for (size_t j = 0; j < s->data.k; j++) {
        s->pend_w[j] += x[j] * d;
    }
    s->pend_b += d;
    s->pending++;
    return 0;
}

long session_back(session *s, long n)
{
    long done = 0;
    while (done < n) {
        if (s->pending > 0) {
            s->pending--;
            recompute_pending(s);
        } else if (s->step > 0) {
            s->step--;
            restore_params(s);
            prepare_batch(s);
        } else {
            break;
        }
        done++;
    }
    return done;
}

double session_param_at(const session *s, long t, size_t j)
{
    return hist_at(s, t)[j];
}

double session_cost_at(session *s, long t)
{
    if (isnan(s->hist_cost[t])) {
        size_t k = s->data.k, n = s->data.n;
        const double *p = hist_at(s, t);
        double gb;
        double sum = model_accumulate(s->data.x, s->data.y, k, NULL, n, p, p[k], s->cost,
                                      s->scratch, &gb, NULL);
        s->hist_cost[t] = model_total_cost(sum, n, s->lambda, p, k);
    }
    return s->hist_cost[t];
}

double session_cost_known(const session *s, long t)
{
    return s->hist_cost[t];
}

long session_cost_unknown(const session *s, long finest)
{
    long unknown = 0;
    finest = finest < 1 ? 1 : finest;
    for (long t = 0; t <= s->hist_top; t += finest) {
        unknown += isnan(s->hist_cost[t]);
    }
    return unknown;
}

long session_cost_fill(session *s, long finest, double budget_s, session_progress_fn progress, void *ctx)
{
    finest = finest < 1 ? 1 : finest;
    long top = s->hist_top, unknown = session_cost_unknown(s, finest);
    long total = unknown, done = 0;
    double start = budget_s > 0 ? clock_seconds() : 0.0;
    long stride = finest;
    while (stride <= top / 2) {
        stride *= 2;
    }
    for (; stride >= finest && unknown > 0; stride /= 2) {
        for (long t = 0; t <= top && unknown > 0; t += stride) {
            if (!isnan(s->hist_cost[t])) {
                continue;
            }
            session_cost_at(s, t);
            unknown--;
            done++;
            if (progress && progress(ctx, done, total)) {
                return unknown;
            }
            if (budget_s > 0 && clock_seconds() - start >= budget_s) {
                return unknown;
            }
        }
    }
    return unknown;
}

void session_gradient_at(session *s, long t, double *g)
{
    size_t k = s->data.k, n = s->data.n;
    const double *p = hist_at(s, t);
    double sum = model_accumulate(s->data.x, s->data.y, k, NULL, n, p, p[k], s->cost, g, &g[k], NULL);
    if (isnan(s->hist_cost[t])) {
        s->hist_cost[t] = model_total_cost(sum, n, s->lambda, p, k);  /* session_cost_at's very call */
    }
    model_finish_gradient(g, &g[k], k, n, n, s->lambda, p);
}

int session_try_params(session *s, const double *params, char *err, size_t errlen)
{
    size_t k = s->data.k;
    for (size_t j = 0; j <= k; j++) {
        if (!isfinite(params[j])) {
            snprintf(err, errlen, "a parameter must be finite");
            return -1;
        }
    }
    if (params_stay_finite(s, params, err, errlen) != 0) {
        err_prefix(err, errlen, "those values would make ");
        err_append(err, errlen, "; nothing set");
        return -1;
    }
    for (size_t j = 0; j <= k; j++) {
        double now = j < k ? s->w[j] : s->b;
        if (memcmp(&now, &params[j], sizeof now) != 0) {
            session_set_param(s, j, params[j]);
        }
    }
    return 0;
}

void session_set_param(session *s, size_t j, double v)
{
    if (j < s->data.k) {
        s->w[j] = v;
    } else {
        s->b = v;
    }
    hist_at(s, s->step)[j] = v;
    s->hist_cost[s->step] = NAN;
    s->hist_top = s->step;
    s->pending = 0;
    s->ev_valid = 0;
}

/* Forgets every stored cost, for a change of the cost function or lambda. */
static void invalidate_costs(session *s)
{
    for (long t = 0; t <= s->hist_top; t++) {
        s->hist_cost[t] = NAN;
    }
    s->ev_valid = 0;
}

int session_set_eta(session *s, double v, char *err, size_t errlen)
{
    if (!isfinite(v) || v <= 0.0) {
        snprintf(err, errlen, "eta must be a finite number greater than 0, not %g", v);
        return -1;
    }
    s->eta = v;
    return 0;
}

int session_set_lambda(session *s, double v, char *err, size_t errlen)
{
    if (!isfinite(v) || v < 0.0) {
        snprintf(err, errlen, "lambda must be a finite number of at least 0, not %g", v);
        return -1;
    }
    s->lambda = v;
    invalidate_costs(s);
    return 0;
}

int session_set_cost(session *s, model_cost c, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    if (c != s->cost) {
        s->cost = c;
        s->pending = 0;
        invalidate_costs(s);
    }
    return 0;
}

int session_set_batch(session *s, size_t m, char *err, size_t errlen)
{
    if (m > s->data.n) {
        snprintf(err, errlen, "batch %zu is larger than the dataset (n = %zu); use 1..%zu or full",
                 m, s->data.n, s->data.n);
        return -1;
    }
    if (m == s->data.n) {
        m = 0;
    }
    if (m != s->batch) {
        s->batch = m;
        s->pending = 0;
        s->perm_epoch = -1;
        prepare_batch(s);
    }
    return 0;
}

int session_set_seed(session *s, uint64_t seed, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    s->seed = seed;
    s->perm_epoch = -1;
    s->pending = 0;
    if (s->init_kind == SESSION_INIT_RANDOM) {
        session_reset(s);
    } else {
        prepare_batch(s);
    }
    return 0;
}

int session_set_init(session *s, session_init_kind kind, const double *values, size_t count,
                     char *err, size_t errlen)
{
    size_t k = s->data.k;
    if (kind == SESSION_INIT_VALUES) {
        if (count != k + 1) {
            snprintf(err, errlen, "init: expected %zu values (w1..w%zu then b), got %zu", k + 1, k, count);
            return -1;
        }
        for (size_t j = 0; j <= k; j++) {
            if (!isfinite(values[j])) {
                snprintf(err, errlen, "init: value %zu is not finite", j + 1);
                return -1;
            }
        }
        memcpy(s->init_values, values, (k + 1) * sizeof(double));
    }
    s->init_kind = kind;
    session_reset(s);
    return 0;
}

int session_set_scale(session *s, session_scale scale, char *err, size_t errlen)
{
    if (scale == s->scale) {
        return 0;
    }
    sized_parts p;
    int data_is_raw;
    if (build_parts(&s->raw, scale, &p, &data_is_raw) != 0) {
        snprintf(err, errlen, "scale: out of memory");
        return -1;
    }
    memcpy(p.init_values, s->init_values, (s->data.k + 1) * sizeof(double));
    sized_parts old;
    take_parts(s, &old);
    old.init_values = s->init_values;
    free_parts(&old, s->data_is_raw);
    drop_row_caches(s);
    install_parts(s, &p, data_is_raw);
    s->init_values = p.init_values;
    s->scale = scale;
    session_reset(s);
    return 0;
}

int session_set_digits(session *s, int digits, char *err, size_t errlen)
{
    if (digits < 1 || digits > 17) {
        snprintf(err, errlen, "digits must be a whole number from 1 to 17, not %d", digits);
        return -1;
    }
    s->digits = digits;
    return 0;
}

void session_predict(session *s, const double *x, double *z, double *a)
{
    size_t k = s->data.k;
    for (size_t j = 0; j < k; j++) {
        s->scratch[j] = s->scale == SESSION_SCALE_STANDARDIZE ? (x[j] - s->col_mean[j]) / s->col_sd[j]
                                                              : x[j];
    }
    *z = model_z(s->w, s->b, s->scratch, k);
    *a = model_sigmoid(*z);
}

const double *session_last_gradient(const session *s)
{
    return s->step > 0 && s->last_grad_step == s->step ? s->last_grad : NULL;
}

size_t session_batch_rows_at(const session *s, long t, size_t *rows)
{
    size_t n = s->data.n;
    if (s->batch == 0 || s->batch >= n || t < 0) {
        for (size_t i = 0; i < n; i++) {
            rows[i] = i;
        }
        return n;
    }
    size_t m = s->batch;
    long per_epoch = (long)((n + m - 1) / m);
    shuffle_epoch(rows, n, s->seed, t / per_epoch);
    size_t start = (size_t)(t % per_epoch) * m;
    size_t count = start + m <= n ? m : n - start;
    memmove(rows, rows + start, count * sizeof(size_t));
    return count;
}
