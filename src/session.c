/* session.c: the state of one training session and every way it changes: load, step, next, back, set. */
#include "session.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "net.h"
#include "rng.h"
#include "errbuf.h"

/* The history starts small and doubles: room for HIST_START_DOUBLES doubles of parameters (at
 * least 2 steps, at most 64), so that a very wide dataset reserves no more than it uses. */
#define HIST_START_DOUBLES 65536
#define HIST_MIN 64

/* Steps the history holds at first for k+1 parameters per step. */
static size_t hist_start_cap(size_t k1)
{
    size_t cap = HIST_START_DOUBLES / k1;
    return cap < 2 ? 2 : cap > HIST_MIN ? HIST_MIN : cap;
}

/* Up to this many rows a full-batch update also computes C, which costs little there. */
#define EAGER_COST_ROWS 512

/* Forgets everything computed at the present parameters (the evaluation and the cached terms). */
static void invalidate(session *s)
{
    s->ev_valid = 0;
    s->net.terms.valid = 0;
}

/* Pointer to the k+1 stored parameters of step t (hist_first..hist_top). */
static double *hist_at(const session *s, long t)
{
    return s->hist + (size_t)(t - s->hist_first) * (s->data.k + 1);
}

/* Pointer to the network's stored parameters of step t (hist_first..hist_top). */
static double *net_hist_at(const session *s, long t)
{
    return s->net.hist + (size_t)(t - s->hist_first) * s->net.shape.nparams;
}

/* Numbers stored per step: the network's parameters in network mode, else k+1. */
static size_t hist_width(const session *s)
{
    return s->net.on ? s->net.shape.nparams : s->data.k + 1;
}

/* The array that holds the parameter history now. */
static double **hist_array(session *s)
{
    return s->net.on ? &s->net.hist : &s->hist;
}

/* The arrays sized by k or n that belong to one dataset; built whole before any is installed. */
typedef struct {
    dataset data;
    double *col_mean, *col_sd;
    double *w, *init_values, *pend_w, *grad_w, *scratch, *hist, *hist_cost, *last_grad;
    size_t hist_cap, cost_cap;
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
    p->hist_cap = hist_start_cap(k + 1);
    p->cost_cap = HIST_MIN;
    p->hist = calloc(p->hist_cap * (k + 1), sizeof(double));
    p->hist_cost = calloc(p->cost_cap, sizeof(double));
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
    s->cost_cap = p->cost_cap;
    s->hist_first = 0;
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
    invalidate(s);
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
    if (s->net.on) {
        size_t P = s->net.shape.nparams;
        memcpy(s->net.p, net_hist_at(s, s->step), P * sizeof(double));
        invalidate(s);
        return;
    }
    const double *p = hist_at(s, s->step);
    memcpy(s->w, p, s->data.k * sizeof(double));
    s->b = p[s->data.k];
    invalidate(s);
}

/* Recomputes the running sums of the first s->pending terms, in adding order. */
static void recompute_pending(session *s);

/* Sets batch_rows/batch_m for the update that follows step s->step. */
static int prepare_batch(session *s);

static int hist_reserve(session *s, long t);

/* ---------------------------------------------------------------- network mode */

/* The arrays of network mode for one dataset and shape; built whole before any is installed. */
typedef struct {
    int on;
    net_shape shape;
    double *Y, *p, *hist, *grad, *last_grad, *pend, *work, *ex;
    double *terms;          /* 4n: the cached terms' in, delta, out and term arrays */
} net_parts;

static void net_parts_free(net_parts *np)
{
    free(np->Y);
    free(np->p);
    free(np->hist);
    free(np->grad);
    free(np->last_grad);
    free(np->pend);
    free(np->work);
    free(np->ex);
    free(np->terms);
    memset(np, 0, sizeof *np);
}

/* Outputs for data d: one per class with more than two classes or softmax, else one. */
static size_t net_outputs(const dataset *d, net_output out)
{
    return d->nclasses > 2 || out == NET_OUT_SOFTMAX ? d->nclasses : 1;
}

/* Builds the arrays network mode needs for data d under hidden/h/out, with room for hist_cap steps.
 * Leaves np->on 0 (and allocates nothing) when the settings give the single neuron. */
static int net_build(const dataset *d, const size_t *hidden, size_t h, net_output out, size_t hist_cap,
                     net_parts *np, char *err, size_t errlen)
{
    memset(np, 0, sizeof *np);
    if (out == NET_OUT_SOFTMAX && d->nclasses < 2) {
        snprintf(err, errlen, "softmax needs a target column of class labels; the dataset \"%s\" has targets in [0,1]",
                 d->name ? d->name : "");
        return -1;
    }
    np->on = h > 0 || out == NET_OUT_SOFTMAX || d->nclasses > 2;
    if (!np->on) {
        return 0;
    }
    size_t m = net_outputs(d, out), n = d->n;
    if (net_shape_init(&np->shape, d->k, hidden, h, m, out, err, errlen) != 0) {
        return -1;
    }
    size_t P = np->shape.nparams;
    if (m > 1) {
        np->Y = calloc(n * m, sizeof(double));
        for (size_t i = 0; np->Y && i < n; i++) {
            np->Y[i * m + (size_t)d->y[i]] = 1.0;
        }
    }
    np->p = calloc(P, sizeof(double));
    np->hist = calloc(hist_cap * P, sizeof(double));
    np->grad = calloc(P, sizeof(double));
    np->last_grad = calloc(P, sizeof(double));
    np->pend = calloc(P, sizeof(double));
    np->work = calloc(net_work_len(&np->shape, n) + P, sizeof(double));
    np->ex = calloc(3 * np->shape.units, sizeof(double));
    np->terms = calloc(4 * n, sizeof(double));
    if ((m > 1 && !np->Y) || !np->p || !np->hist || !np->grad || !np->last_grad || !np->pend || !np->work ||
        !np->ex || !np->terms) {
        net_parts_free(np);
        snprintf(err, errlen, "network: out of memory");
        return -1;
    }
    return 0;
}

/* Replaces the session's network arrays with np's (which then belong to the session). */
static void net_install(session *s, net_parts *np)
{
    session_net *nt = &s->net;
    free(nt->Y);
    free(nt->p);
    free(nt->hist);
    free(nt->grad);
    free(nt->last_grad);
    free(nt->pend);
    free(nt->work);
    free(nt->ex);
    free(nt->terms.tap.in);
    nt->on = np->on;
    nt->shape = np->shape;
    nt->Y = np->Y;
    nt->p = np->p;
    nt->hist = np->hist;
    nt->grad = np->grad;
    nt->last_grad = np->last_grad;
    nt->pend = np->pend;
    nt->work = np->work;
    nt->ex = np->ex;
    memset(&nt->terms, 0, sizeof nt->terms);
    if (np->terms) {
        size_t n = s->data.n;
        nt->terms.tap.in = np->terms;
        nt->terms.tap.delta = np->terms + n;
        nt->terms.tap.out = np->terms + 2 * n;
        nt->terms.term = np->terms + 3 * n;
    }
    memset(np, 0, sizeof *np);
    if (s->init_kind == SESSION_INIT_VALUES && nt->init_values) {
        /* values given for another network do not fit this one */
        free(nt->init_values);
        nt->init_values = NULL;
        s->init_kind = SESSION_INIT_ZEROS;
        nt->values_dropped = 1;
    }
}

int session_is_net(const session *s)
{
    return s->net.on;
}

const double *session_net_targets(const session *s, size_t i)
{
    size_t m = s->net.shape.size[s->net.shape.L];
    return s->net.Y ? s->net.Y + i * m : s->data.y + i;
}

/* Fills p (P) with the network's initial parameters. */
static void net_initial_params(const session *s, double *p)
{
    const session_net *nt = &s->net;
    size_t P = nt->shape.nparams;
    if (s->init_kind == SESSION_INIT_RANDOM) {
        uint64_t st = rng_stream(s->seed, 0);
        net_init_random(&nt->shape, p, &st);
    } else if (s->init_kind == SESSION_INIT_VALUES && nt->init_values) {
        memcpy(p, nt->init_values, P * sizeof(double));
    } else {
        memset(p, 0, P * sizeof(double));
    }
}

/* Applies a new network shape (or the single neuron) to the present data and returns to step 0. */
static int net_reshape(session *s, const size_t *sizes, size_t h, net_output out, char *err, size_t errlen)
{
    net_parts np;
    if (net_build(&s->data, sizes, h, out, s->hist_cap, &np, err, errlen) != 0) {
        return -1;
    }
    if (!np.on && s->net.on) {
        /* back to the single neuron: its history must hold hist_cap steps again */
        double *hh = realloc(s->hist, s->hist_cap * (s->data.k + 1) * sizeof(double));
        if (!hh) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        s->hist = hh;
    }
    int was_values = s->init_kind == SESSION_INIT_VALUES && s->net.init_values;
    memcpy(s->net.hidden, sizes, h * sizeof(size_t));
    s->net.nhidden = h;
    s->net.out = out;
    net_install(s, &np);
    if (!was_values) {
        s->net.values_dropped = 0;
    }
    s->perm_epoch = -1;
    invalidate(s);
    session_reset(s);
    return 0;
}

int session_set_hidden(session *s, const size_t *sizes, size_t h, char *err, size_t errlen)
{
    return net_reshape(s, sizes, h, s->net.out, err, errlen);
}

int session_set_output(session *s, net_output out, char *err, size_t errlen)
{
    if (out == NET_OUT_SOFTMAX && s->cost == MODEL_COST_QUAD) {
        snprintf(err, errlen, "softmax outputs go with the log-likelihood cost; set cost ce first");
        return -1;
    }
    return net_reshape(s, s->net.hidden, s->net.nhidden, out, err, errlen);
}

size_t session_nparams(const session *s)
{
    return s->net.on ? s->net.shape.nparams : s->data.k + 1;
}

void session_param_name(const session *s, size_t j, char *buf, size_t len)
{
    if (s->net.on) {
        net_param_name(&s->net.shape, j, buf, len);
    } else if (j == s->data.k) {
        snprintf(buf, len, "b");
    } else {
        snprintf(buf, len, "w%zu", j + 1);
    }
}

double session_param(const session *s, size_t j)
{
    if (s->net.on) {
        return s->net.p[j];
    }
    return j < s->data.k ? s->w[j] : s->b;
}

double session_net_example(session *s, size_t i, double *z, double *a, double *d)
{
    session_net *nt = &s->net;
    size_t U = nt->shape.units, k = s->data.k;
    double *zz = nt->ex, *aa = zz + U, *dd = aa + U;
    const double *x = s->data.x + i * k, *y = session_net_targets(s, i);
    net_forward(&nt->shape, nt->p, x, zz, aa);
    double c = net_example_cost(&nt->shape, zz, aa, y, s->cost);
    net_backward(&nt->shape, nt->p, zz, aa, y, s->cost, dd);
    if (z) {
        memcpy(z, zz, U * sizeof(double));
    }
    if (a) {
        memcpy(a, aa, U * sizeof(double));
    }
    if (d) {
        memcpy(d, dd, U * sizeof(double));
    }
    return c;
}

size_t session_class_of(const session *s, size_t i)
{
    if (s->data.nclasses > 2 || (s->net.on && s->net.out == NET_OUT_SOFTMAX)) {
        return (size_t)s->data.y[i];
    }
    return s->data.y[i] >= 0.5;
}

/* The class the outputs a (size[L] values) predict. */
static size_t net_predicted(const net_shape *sh, const double *aL)
{
    size_t m = sh->size[sh->L];
    return m == 1 ? aL[0] >= 0.5 : net_argmax(aL, m);
}

/* The parameter whose terms an evaluation records: the focused one, else the one recorded last. */
static size_t net_tap_param(const session *s)
{
    return s->focus_j < s->net.shape.nparams ? s->focus_j : s->net.terms.param;
}

/* Evaluates the network over every row: C, the gradient, the examples classified right, and in the
 * same sweep every example's term of one parameter (param) for session_net_terms. */
static void net_evaluate_tap(session *s, size_t param)
{
    session_net *nt = &s->net;
    const net_shape *sh = &nt->shape;
    session_terms *t = &nt->terms;
    size_t n = s->data.n, correct = 0;
    t->tap.param = param < sh->nparams ? param : 0;
    /* the examples classified right come from the sweep's own forward pass (the targets' class is
     * session_class_of's: the one-hot row's 1, or y >= 0.5 for one output) */
    double cs = net_accumulate_tap(sh, s->data.x, nt->Y ? nt->Y : s->data.y, NULL, n, nt->p, s->cost, 1,
                                   nt->grad, nt->work, &correct, t->tap.in ? &t->tap : NULL);
    net_finish_gradient(sh, nt->grad, n, n, s->lambda, nt->p);
    s->ev.cost = cs / (double)n + (s->lambda != 0.0 ? net_l2_cost(sh, nt->p, s->lambda, n) : 0.0);
    s->ev.correct = correct;
    s->ev_valid = 1;
    if (isnan(s->hist_cost[s->step])) {
        s->hist_cost[s->step] = s->ev.cost;
    }
    if (t->tap.in) {
        t->param = t->tap.param;
        t->whole = 1;
        t->m = n;
        t->rows = NULL;
        t->step = s->step;
        t->sum = net_tap_terms(sh, &t->tap, n, t->term);
        t->grad = nt->grad[t->param];
        t->valid = 1;
    }
}

static void net_evaluate(session *s)
{
    net_evaluate_tap(s, net_tap_param(s));
}

const double *session_net_gradient(session *s)
{
    if (!session_evaluate(s)) {
        return NULL;
    }
    return s->net.grad;
}

/* The terms of parameter i over the next update's mini-batch, in one sweep of the batch. */
static void net_batch_terms(session *s, size_t i)
{
    session_net *nt = &s->net;
    const net_shape *sh = &nt->shape;
    session_terms *t = &nt->terms;
    size_t n = s->data.n, m = s->batch_m;
    double *g = nt->work + net_work_len(sh, n);
    t->tap.param = i;
    net_accumulate_tap(sh, s->data.x, nt->Y ? nt->Y : s->data.y, s->batch_rows, m, nt->p, s->cost, 0, g, nt->work,
                       NULL, &t->tap);
    t->param = i;
    t->whole = 0;
    t->m = m;
    t->rows = s->batch_rows;
    t->step = s->step;
    t->sum = net_tap_terms(sh, &t->tap, m, t->term);
    /* net_finish_gradient's operations on this one value */
    double grad = t->sum / (double)m;
    if (s->lambda != 0.0 && net_param_is_weight(sh, i)) {
        grad += s->lambda / (double)n * nt->p[i];
    }
    t->grad = grad;
    t->valid = 1;
}

const session_terms *session_net_terms(session *s, size_t i, int whole)
{
    session_terms *t = &s->net.terms;
    if (!s->net.on || i >= s->net.shape.nparams || !t->tap.in) {
        return NULL;
    }
    whole = whole || s->batch_rows == NULL;
    if (t->valid && t->param == i && t->whole == whole && t->step == s->step && (!whole || s->ev_valid) &&
        (whole || (t->rows == s->batch_rows && t->m == s->batch_m))) {
        return t;
    }
    if (whole) {
        net_evaluate_tap(s, i);
    } else {
        net_batch_terms(s, i);
    }
    return t;
}

size_t session_net_predict(session *s, const double *x, double *z, double *a)
{
    const net_shape *sh = &s->net.shape;
    size_t k = s->data.k;
    for (size_t j = 0; j < k; j++) {
        s->scratch[j] = s->scale == SESSION_SCALE_STANDARDIZE ? (x[j] - s->col_mean[j]) / s->col_sd[j] : x[j];
    }
    net_forward(sh, s->net.p, s->scratch, z, a);
    return net_predicted(sh, a + sh->uoff[sh->L]);
}

/* Whether every z and C stay finite at the network parameters params: |z^l_j| is at most
 * |b^l_j| + (largest input) sum_k |w^l_jk|, the largest input being max|x| for l = 2 and 1 above (a
 * sigmoid's output); only when that bound is astronomical is C computed. */
static int net_params_stay_finite(session *s, const double *params, char *why, size_t len)
{
    session_net *nt = &s->net;
    const net_shape *sh = &nt->shape;
    double top = 0.0, l2 = 0.0;
    for (int l = 2; l <= sh->L; l++) {
        size_t nin = sh->size[l - 1];
        double in = l == 2 ? s->x_absmax : 1.0;
        for (size_t j = 0; j < sh->size[l]; j++) {
            double zb = fabs(params[sh->boff[l] + j]);
            for (size_t q = 0; q < nin; q++) {
                double w = params[sh->woff[l] + j * nin + q];
                zb += in * fabs(w);
                l2 += w * w;
            }
            top = fmax(top, zb);
        }
    }
    if (top < 1e300 / (double)s->data.n && s->lambda * l2 < 1e300) {
        return 0;
    }
    size_t n = s->data.n;
    double cs = net_accumulate(sh, s->data.x, nt->Y ? nt->Y : s->data.y, NULL, n, params, s->cost, 1, nt->grad,
                               nt->work);
    invalidate(s); /* its gradient array was the work space */
    if (!isfinite(cs) || !isfinite(cs / (double)n + net_l2_cost(sh, params, s->lambda, n))) {
        snprintf(why, len, "the cost C non-finite");
        return -1;
    }
    return 0;
}

/* One whole update of the network from the present parameters; -1 with err (nothing changed) when a
 * value would stop being finite. */
static int net_apply_one(session *s, char *err, size_t errlen)
{
    session_net *nt = &s->net;
    const net_shape *sh = &nt->shape;
    size_t n = s->data.n, P = sh->nparams;
    const double *Y = nt->Y ? nt->Y : s->data.y;
    if (prepare_batch(s) != 0 || hist_reserve(s, s->step + 1) != 0) {
        snprintf(err, errlen, "step %ld: out of memory", s->step + 1);
        return -1;
    }
    double *g = nt->work + net_work_len(sh, n);
    if (s->batch_rows == NULL && s->ev_valid) {
        memcpy(g, nt->grad, P * sizeof(double));
        s->hist_cost[s->step] = s->ev.cost;
    } else if (s->batch_rows == NULL && n <= EAGER_COST_ROWS) {
        double cs = net_accumulate(sh, s->data.x, Y, NULL, n, nt->p, s->cost, 1, g, nt->work);
        net_finish_gradient(sh, g, n, n, s->lambda, nt->p);
        s->hist_cost[s->step] = cs / (double)n + (s->lambda != 0.0 ? net_l2_cost(sh, nt->p, s->lambda, n) : 0.0);
    } else {
        net_accumulate(sh, s->data.x, Y, s->batch_rows, s->batch_m, nt->p, s->cost, 0, g, nt->work);
        net_finish_gradient(sh, g, s->batch_m, n, s->lambda, nt->p);
    }
    char name[48];
    double *next = net_hist_at(s, s->step + 1);
    for (size_t j = 0; j < P; j++) {
        if (!isfinite(g[j])) {
            net_param_name(sh, j, name, sizeof name);
            snprintf(err, errlen, "step %ld: dC/d%s is not finite; update not applied (inputs or parameters too large?)",
                     s->step + 1, name);
            return -1;
        }
        next[j] = nt->p[j] - s->eta * g[j];
        if (!isfinite(next[j])) {
            net_param_name(sh, j, name, sizeof name);
            snprintf(err, errlen, "step %ld: the update would make %s non-finite; not applied (eta = %g too large?)",
                     s->step + 1, name, s->eta);
            return -1;
        }
    }
    char why[160];
    if (net_params_stay_finite(s, next, why, sizeof why) != 0) {
        snprintf(err, errlen, "step %ld: the update would make %s; not applied (eta = %g too large?)", s->step + 1,
                 why, s->eta);
        return -1;
    }
    memcpy(nt->last_grad, g, P * sizeof(double));
    s->step++;
    s->last_grad_step = s->step;
    s->hist_top = s->step;
    s->hist_cost[s->step] = NAN;
    s->pending = 0;
    memcpy(nt->p, next, P * sizeof(double));
    invalidate(s);
    prepare_batch(s);
    return 0;
}

/* Adds the network's term of the batch's next example to the running sums (`next`). */
static int net_next_term(session *s, char *err, size_t errlen)
{
    session_net *nt = &s->net;
    const net_shape *sh = &nt->shape;
    size_t U = sh->units, P = sh->nparams;
    if (s->pending == 0) {
        memset(nt->pend, 0, P * sizeof(double));
    }
    size_t row = s->batch_rows ? s->batch_rows[s->pending] : s->pending;
    session_net_example(s, row, NULL, NULL, NULL);
    for (size_t u = 0; u < U; u++) {
        if (!isfinite(nt->ex[2 * U + u])) {
            snprintf(err, errlen, "next: example %zu's term is not finite", row + 1);
            return -1;
        }
    }
    net_add_terms(sh, s->data.x + row * s->data.k, nt->ex + U, nt->ex + 2 * U, nt->pend);
    s->pending++;
    return 0;
}

/* Recomputes the network's running sums of the first s->pending terms, in adding order. */
static void net_recompute_pending(session *s)
{
    session_net *nt = &s->net;
    size_t U = nt->shape.units;
    memset(nt->pend, 0, nt->shape.nparams * sizeof(double));
    for (size_t r = 0; r < s->pending; r++) {
        size_t row = s->batch_rows ? s->batch_rows[r] : r;
        session_net_example(s, row, NULL, NULL, NULL);
        net_add_terms(&nt->shape, s->data.x + row * s->data.k, nt->ex + U, nt->ex + 2 * U, nt->pend);
    }
}

/* C at step t of the network (computed, not cached). */
static double net_cost_of_step(session *s, long t)
{
    session_net *nt = &s->net;
    return net_cost_at(&nt->shape, s->data.x, nt->Y ? nt->Y : s->data.y, s->data.n,
                       net_hist_at(s, t), s->cost, s->lambda, nt->work);
}

/* The network's full-dataset gradient at step t into g (P), recording C at t from the same pass. */
static void net_gradient_at(session *s, long t, double *g)
{
    session_net *nt = &s->net;
    const net_shape *sh = &nt->shape;
    size_t n = s->data.n;
    const double *p = net_hist_at(s, t);
    double cs = net_accumulate(sh, s->data.x, nt->Y ? nt->Y : s->data.y, NULL, n, p, s->cost, 1, g, nt->work);
    if (isnan(s->hist_cost[t])) {
        s->hist_cost[t] = cs / (double)n + (s->lambda != 0.0 ? net_l2_cost(sh, p, s->lambda, n) : 0.0);
    }
    net_finish_gradient(sh, g, n, n, s->lambda, p);
}

void session_reset(session *s)
{
    s->hist_first = 0;
    if (s->net.on) {
        net_initial_params(s, s->net.hist);
    } else {
        initial_params(s, hist_at(s, 0));
    }
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
    net_parts np = { 0 };
    net_install(s, &np);
    free(s->net.init_values);
    memset(s, 0, sizeof *s);
}

int session_load(session *s, dataset *d, char *err, size_t errlen)
{
    sized_parts p;
    int data_is_raw;
    net_parts np;
    /* softmax needs classes: a dataset without them turns the outputs back to sigmoid */
    net_output out = s->net.out == NET_OUT_SOFTMAX && d->nclasses < 2 ? NET_OUT_SIGMOID : s->net.out;
    if (net_build(d, s->net.hidden, s->net.nhidden, out, HIST_MIN, &np, err, errlen) != 0) {
        return -1;
    }
    if (build_parts(d, s->scale, &p, &data_is_raw) != 0) {
        net_parts_free(&np);
        snprintf(err, errlen, "%s: out of memory", d->name ? d->name : "dataset");
        return -1;
    }
    s->net.softmax_dropped = out != s->net.out;
    s->net.out = out;
    s->net.values_dropped = 0;
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
    net_install(s, &np);
    s->init_values = new_init;
    if (s->batch >= s->data.n) {
        s->batch = 0;
    }
    s->focus_i = 0;
    s->focus_j = 0;
    session_reset(s);
    return 0;
}

/* Grows the array *a of *cap slots of `each` doubles (doubling) so that slot i exists. */
static int grow_slots(double **a, size_t *cap, size_t i, size_t each)
{
    if (i < *cap) {
        return 0;
    }
    size_t cap2 = *cap * 2 > i ? *cap * 2 : i + 1;
    if (cap2 > SIZE_MAX / sizeof(double) / each) {
        return -1;
    }
    double *b = realloc(*a, cap2 * each * sizeof(double));
    if (!b) {
        return -1;
    }
    *a = b;
    *cap = cap2;
    return 0;
}

/* Drops the parameters of the steps before first (<= s->step): the kept ones move to the front. */
static void hist_drop_before(session *s, long first)
{
    if (first <= s->hist_first) {
        return;
    }
    size_t w = hist_width(s);
    double *h = *hist_array(s);
    memmove(h, h + (size_t)(first - s->hist_first) * w, (size_t)(s->hist_top - first + 1) * w * sizeof(double));
    s->hist_first = first;
    if (!s->hist_dropped) {
        s->hist_dropped = 1;
    }
}

/* Makes room for step t's parameters and cost, dropping the oldest steps first when a history
 * limit asks for it (a quarter of the limit at a time, so that steps stay cheap). Returns 0 or -1
 * when out of memory. */
static int hist_reserve(session *s, long t)
{
    if (grow_slots(&s->hist_cost, &s->cost_cap, (size_t)t, 1) != 0) {
        return -1;
    }
    if (s->hist_limit > 0 && t - s->hist_first + 1 > s->hist_limit) {
        long first = t + 1 - s->hist_limit + s->hist_limit / 4;
        hist_drop_before(s, first < s->step - 1 ? first : s->step - 1);  /* the step before stays */
    }
    return grow_slots(hist_array(s), &s->hist_cap, (size_t)(t - s->hist_first), hist_width(s));
}

long session_first_step(const session *s)
{
    /* After a drop the oldest stored step only serves as the step before the next one: every
     * step shown has its predecessor (the change at the last update is always known). */
    return s->hist_first > 0 ? s->hist_first + 1 : 0;
}

int session_set_history(session *s, long limit, char *err, size_t errlen)
{
    if (limit != 0 && limit < 3) {
        snprintf(err, errlen, "history: keep 3 steps or more (or unlimited), not %ld", limit);
        return -1;
    }
    s->hist_limit = limit;
    if (limit > 0 && s->step > 0 && s->hist_top - s->hist_first + 1 > limit) {
        long first = s->hist_top + 1 - limit;
        hist_drop_before(s, first < s->step - 1 ? first : s->step - 1);
    }
    size_t keep = (size_t)(s->hist_top - s->hist_first + 1);
    size_t want = (size_t)limit > keep ? (size_t)limit : keep;
    if (limit > 0 && s->hist_cap > want) {
        /* never more room than the limit: the dropped steps' memory goes back */
        double *h = realloc(*hist_array(s), want * hist_width(s) * sizeof(double));
        if (h) {
            *hist_array(s) = h;
            s->hist_cap = want;
        }
    }
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
    if (!s->net.terms.whole) {
        s->net.terms.valid = 0; /* cached terms of a batch belong to the batch before */
    }
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
    invalidate(s); /* its gradient array was the work space */
    if (!isfinite(c)) {
        snprintf(why, len, "the cost C non-finite");
        return -1;
    }
    return 0;
}

/* session_try_params for a network: P values. */
static int net_try_params(session *s, const double *params, char *err, size_t errlen)
{
    size_t P = s->net.shape.nparams;
    for (size_t j = 0; j < P; j++) {
        if (!isfinite(params[j])) {
            snprintf(err, errlen, "a parameter must be finite");
            return -1;
        }
    }
    char why[160];
    if (net_params_stay_finite(s, params, why, sizeof why) != 0) {
        snprintf(err, errlen, "those values would make %s; nothing set", why);
        return -1;
    }
    for (size_t j = 0; j < P; j++) {
        if (memcmp(&s->net.p[j], &params[j], sizeof(double)) != 0) {
            session_set_param(s, j, params[j]);
        }
    }
    return 0;
}

/* session_set_init for a network: VALUES lists every parameter in trace order. */
static int net_set_init(session *s, session_init_kind kind, const double *values, size_t count, char *err,
                        size_t errlen)
{
    size_t P = s->net.shape.nparams;
    if (kind == SESSION_INIT_VALUES) {
        if (count != P) {
            char first[48], last[48];
            net_param_name(&s->net.shape, 0, first, sizeof first);
            net_param_name(&s->net.shape, P - 1, last, sizeof last);
            snprintf(err, errlen, "init: expected %zu values (%s .. %s in trace order), got %zu", P, first, last,
                     count);
            return -1;
        }
        for (size_t j = 0; j < P; j++) {
            if (!isfinite(values[j])) {
                snprintf(err, errlen, "init: value %zu is not finite", j + 1);
                return -1;
            }
        }
        double *v = malloc(P * sizeof(double));
        if (!v) {
            snprintf(err, errlen, "init: out of memory");
            return -1;
        }
        memcpy(v, values, P * sizeof(double));
        free(s->net.init_values);
        s->net.init_values = v;
    }
    s->init_kind = kind;
    session_reset(s);
    return 0;
}

/* Applies one whole update from the present parameters. Returns 0, or -1 with err
 * (nothing changed) when a value would stop being finite. */
static int apply_one(session *s, char *err, size_t errlen)
{
    if (s->net.on) {
        return net_apply_one(s, err, errlen);
    }
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
    invalidate(s);
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
    if (s->net.on) {
        net_evaluate(s);
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
    if (s->net.on) {
        net_recompute_pending(s);
        return;
    }
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
    if (s->net.on) {
        return net_next_term(s, err, errlen);
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
        } else if (s->step > session_first_step(s)) {
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
    if (t < s->hist_first) {
        return NAN;
    }
    if (s->net.on) {
        return net_hist_at(s, t)[j];
    }
    return hist_at(s, t)[j];
}

double session_cost_at(session *s, long t)
{
    if (t < s->hist_first) {
        return s->hist_cost[t];   /* a dropped step: its cost when it was known, else NaN */
    }
    if (isnan(s->hist_cost[t]) && s->net.on) {
        s->hist_cost[t] = net_cost_of_step(s, t);
    } else if (isnan(s->hist_cost[t])) {
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
        unknown += isnan(s->hist_cost[t]) && t >= s->hist_first;  /* a dropped step's stays unknown */
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
            if (!isnan(s->hist_cost[t]) || t < s->hist_first) {
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
    if (t < s->hist_first) {   /* a dropped step (set history): no parameters to take it at */
        for (size_t j = 0; j < hist_width(s); j++) {
            g[j] = NAN;
        }
        return;
    }
    if (s->net.on) {
        net_gradient_at(s, t, g);
        return;
    }
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
    if (s->net.on) {
        return net_try_params(s, params, err, errlen);
    }
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
    if (s->net.on) {
        s->net.p[j] = v;
        net_hist_at(s, s->step)[j] = v;
    } else if (j < s->data.k) {
        s->w[j] = v;
    } else {
        s->b = v;
    }
    if (!s->net.on) {
        hist_at(s, s->step)[j] = v;
    }
    s->hist_cost[s->step] = NAN;
    s->hist_top = s->step;
    s->pending = 0;
    invalidate(s);
}

/* Forgets every stored cost, for a change of the cost function or lambda. */
static void invalidate_costs(session *s)
{
    for (long t = 0; t <= s->hist_top; t++) {
        s->hist_cost[t] = NAN;
    }
    invalidate(s);
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
    if (c == MODEL_COST_QUAD && s->net.on && s->net.out == NET_OUT_SOFTMAX) {
        snprintf(err, errlen, "softmax outputs use the log-likelihood cost, not the quadratic one; set output sigmoid first");
        return -1;
    }
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
    if (s->net.on) {
        return net_set_init(s, kind, values, count, err, errlen);
    }
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
    if (s->step == 0 || s->last_grad_step != s->step) {
        return NULL;
    }
    return s->net.on ? s->net.last_grad : s->last_grad;
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
