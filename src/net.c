/* net.c: a layered network's forward pass, output error, backpropagation and gradient sums; no I/O, no
 * allocation, no state (large batches share their fixed parts among threads). */
#include "net.h"

#include "net_int.h"
#include "pool.h"
#include "rng.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The rule of model_accumulate: from 512 examples on, P parts, P the largest power of two
 * <= m / 256 and at most 16; fewer examples are one part. */
#define NET_SPLIT_MIN 512
#define NET_PARTS 16

static int net_parts(size_t m)
{
    if (m < NET_SPLIT_MIN) {
        return 1;
    }
    int p = 1;
    while (p * 2 <= NET_PARTS && (size_t)(p * 2) * 256 <= m) {
        p *= 2;
    }
    return p;
}

int net_shape_init(net_shape *s, size_t k, const size_t *hidden, size_t h, size_t m, net_output out,
                   char *err, size_t errlen)
{
    if (h > NET_MAX_HIDDEN) {
        snprintf(err, errlen, "at most %d hidden layers, not %zu", NET_MAX_HIDDEN, h);
        return -1;
    }
    for (size_t q = 0; q < h; q++) {
        if (hidden[q] < 1 || hidden[q] > NET_MAX_WIDTH) {
            snprintf(err, errlen, "hidden layer %zu: 1 to %d neurons, not %zu", q + 1, NET_MAX_WIDTH, hidden[q]);
            return -1;
        }
    }
    if (k < 1 || m < 1) {
        snprintf(err, errlen, "a network needs at least one input and one output");
        return -1;
    }
    if (out == NET_OUT_SOFTMAX && m < 2) {
        snprintf(err, errlen, "softmax needs at least two outputs");
        return -1;
    }
    memset(s, 0, sizeof *s);
    s->L = (int)h + 2;
    s->size[1] = k;
    for (size_t q = 0; q < h; q++) {
        s->size[q + 2] = hidden[q];
    }
    s->size[s->L] = m;
    s->out = out;
    size_t po = 0, uo = 0;
    for (int l = 2; l <= s->L; l++) {
        s->woff[l] = po;
        po += s->size[l] * s->size[l - 1];
        s->boff[l] = po;
        po += s->size[l];
        s->uoff[l] = uo;
        uo += s->size[l];
    }
    s->nparams = po;
    s->units = uo;
    return 0;
}

int net_is_single(const net_shape *s)
{
    return s->L == 2 && s->size[2] == 1 && s->out == NET_OUT_SIGMOID;
}

size_t net_w_index(const net_shape *s, int l, size_t j, size_t k)
{
    return s->woff[l] + (j - 1) * s->size[l - 1] + (k - 1);
}

size_t net_b_index(const net_shape *s, int l, size_t j)
{
    return s->boff[l] + (j - 1);
}

void net_param_place(const net_shape *s, size_t i, int *l, size_t *j, size_t *k)
{
    int q = 2;
    while (q < s->L && i >= s->woff[q + 1]) {
        q++;
    }
    *l = q;
    if (i >= s->boff[q]) {
        *j = i - s->boff[q] + 1;
        *k = 0;
    } else {
        size_t r = i - s->woff[q];
        *j = r / s->size[q - 1] + 1;
        *k = r % s->size[q - 1] + 1;
    }
}

void net_param_name(const net_shape *s, size_t i, char *buf, size_t len)
{
    int l;
    size_t j, k;
    net_param_place(s, i, &l, &j, &k);
    if (k == 0) {
        snprintf(buf, len, "b%d_%zu", l, j);
    } else {
        snprintf(buf, len, "w%d_%zu_%zu", l, j, k);
    }
}

int net_param_is_weight(const net_shape *s, size_t i)
{
    int l;
    size_t j, k;
    net_param_place(s, i, &l, &j, &k);
    return k != 0;
}

double net_softmax_parts(const double *z, size_t m, double *e, double *top)
{
    double t = z[0], sum = 0.0;
    for (size_t j = 1; j < m; j++) {
        t = z[j] > t ? z[j] : t;
    }
    for (size_t j = 0; j < m; j++) {
        e[j] = model_exp_nonpos(z[j] - t);
        sum += e[j];
    }
    *top = t;
    return sum;
}

/* Softmax of the output layer's z (m values) into a: e^(z_j - max) / sum, with the exponential
 * model.c uses everywhere. */
static void softmax(const double *z, double *a, size_t m)
{
    double top;
    double sum = net_softmax_parts(z, m, a, &top);
    for (size_t j = 0; j < m; j++) {
        a[j] = a[j] / sum;
    }
}

void net_forward(const net_shape *s, const double *p, const double *x, double *z, double *a)
{
    const double *in = x;
    for (int l = 2; l <= s->L; l++) {
        size_t nin = s->size[l - 1], nl = s->size[l];
        const double *w = p + s->woff[l], *b = p + s->boff[l];
        double *zl = z + s->uoff[l], *al = a + s->uoff[l];
        for (size_t j = 0; j < nl; j++) {
            /* model_z's order: the products in input order, then the bias */
            zl[j] = model_z(w + j * nin, b[j], in, nin);
        }
        if (l == s->L && s->out == NET_OUT_SOFTMAX) {
            softmax(zl, al, nl);
        } else {
            for (size_t j = 0; j < nl; j++) {
                al[j] = model_activation(zl[j]);
            }
        }
        in = al;
    }
}

double net_example_cost(const net_shape *s, const double *z, const double *a, const double *y,
                        model_cost cost)
{
    (void)a;
    return net_output_cost(s, z + s->uoff[s->L], y, cost);
}

void net_backward(const net_shape *s, const double *p, const double *z, const double *a,
                  const double *y, model_cost cost, double *d)
{
    int L = s->L;
    size_t m = s->size[L], o = s->uoff[L];
    for (size_t j = 0; j < m; j++) {
        if (s->out == NET_OUT_SOFTMAX) {
            d[o + j] = a[o + j] - y[j];                      /* eq. 84 */
        } else {
            d[o + j] = model_delta_at(z[o + j], y[j], cost); /* eq. 66, or BP1 for quadratic */
        }
    }
    for (int l = L - 1; l >= 2; l--) {
        /* BP2: delta^l = ((w^(l+1))^T delta^(l+1)) . sigma'(z^l), each sum in row order */
        size_t nl = s->size[l], nu = s->size[l + 1];
        const double *w = p + s->woff[l + 1], *du = d + s->uoff[l + 1];
        double *dl = d + s->uoff[l];
        const double *zl = z + s->uoff[l];
        for (size_t k = 0; k < nl; k++) {
            double t = 0.0;
            for (size_t j = 0; j < nu; j++) {
                t += w[j * nl + k] * du[j];
            }
            dl[k] = t * model_sigmoid_prime(zl[k]);
        }
    }
}

void net_add_terms(const net_shape *s, const double *x, const double *a, const double *d, double *g)
{
    const double *in = x;
    for (int l = 2; l <= s->L; l++) {
        size_t nin = s->size[l - 1], nl = s->size[l];
        double *gw = g + s->woff[l], *gb = g + s->boff[l];
        const double *dl = d + s->uoff[l];
        for (size_t j = 0; j < nl; j++) {
            double dj = dl[j];
            double *row = gw + j * nin;
            for (size_t k = 0; k < nin; k++) {
                row[k] += in[k] * dj;                        /* BP4 */
            }
        }
        for (size_t j = 0; j < nl; j++) {
            gb[j] += dl[j];                                  /* BP3 */
        }
        in = a + s->uoff[l];
    }
}

size_t net_work_len(const net_shape *s, size_t m)
{
    size_t parts = (size_t)net_parts(m);
    size_t ref = parts * 3 * s->units + (parts - 1) * s->nparams;
    if (!net_fast_applies(s, m)) {
        return ref;
    }
    size_t fast = net_fast_work_len(s, m, (int)parts);
    return fast > ref ? fast : ref;
}

/* One part of a batch: the rows lo..hi-1 of the batch, summed example by example. */
typedef struct {
    const net_shape *s;
    const double *X, *Y, *p;
    const size_t *rows;
    size_t lo, hi;
    model_cost cost;
    int want_cost;
    double *g, *work;
    double cost_sum;
    size_t *correct;        /* NULL, or where the part counts the examples classified right */
    const net_tap *tap;     /* NULL, or what to record of one parameter */
} net_part;

/* Records tap->param's factors of the example at batch position r from its forward and backward pass. */
static void net_tap_record(const net_shape *s, const net_tap *tap, size_t r, const double *x, const double *a,
                           const double *d)
{
    int l;
    size_t j, k;
    net_param_place(s, tap->param, &l, &j, &k);
    tap->in[r] = k == 0 ? 1.0 : l == 2 ? x[k - 1] : a[s->uoff[l - 1] + k - 1];
    tap->delta[r] = d[s->uoff[l] + j - 1];
    tap->out[r] = a[s->uoff[l] + j - 1];
}

static void net_sweep(net_part *q)
{
    const net_shape *s = q->s;
    size_t k = s->size[1], m = s->size[s->L], U = s->units;
    double *z = q->work, *a = z + U, *d = a + U;
    double cs = 0.0;
    memset(q->g, 0, s->nparams * sizeof(double));
    for (size_t r = q->lo; r < q->hi; r++) {
        size_t i = q->rows ? q->rows[r] : r;
        const double *x = q->X + i * k, *y = q->Y + i * m;
        net_forward(s, q->p, x, z, a);
        if (q->correct) {
            *q->correct += net_class(a + s->uoff[s->L], m) == net_class(y, m);
        }
        if (q->want_cost) {
            cs += net_example_cost(s, z, a, y, q->cost);
        }
        net_backward(s, q->p, z, a, y, q->cost, d);
        if (q->tap) {
            net_tap_record(s, q->tap, r, x, a, d);
        }
        net_add_terms(s, x, a, d, q->g);
    }
    q->cost_sum = cs;
}

static void net_run_part(void *ctx, int part)
{
    net_sweep((net_part *)ctx + part);
}

/* The sweep example by example, counting into *correct when it is not NULL. */
static double accumulate_ref(const net_shape *s, const double *X, const double *Y, const size_t *rows, size_t m,
                             const double *p, model_cost cost, int want_cost, double *g, double *work,
                             size_t *correct, const net_tap *tap)
{
    size_t k = s->size[1];
    if (net_is_single(s)) {
        for (size_t r = 0; tap && r < m; r++) {
            size_t i = rows ? rows[r] : r;
            double *z = work, *a = z + s->units, *d = a + s->units;
            net_forward(s, p, X + i * k, z, a);
            net_backward(s, p, z, a, Y + i, cost, d);
            net_tap_record(s, tap, r, X + i * k, a, d);
        }
        double cs = want_cost ? model_accumulate(X, Y, k, rows, m, p, p[k], cost, g, &g[k], NULL) : 0.0;
        if (!want_cost) {
            model_accumulate_grad(X, Y, k, rows, m, p, p[k], cost, g, &g[k], NULL);
        }
        for (size_t r = 0; correct && r < m; r++) {
            size_t i = rows ? rows[r] : r;
            double a = model_activation(model_z(p, p[k], X + i * k, k));
            *correct += net_class(&a, 1) == net_class(Y + i, 1);
        }
        return cs;
    }
    int nparts = net_parts(m);
    net_part parts[NET_PARTS];
    size_t counts[NET_PARTS] = { 0 };
    for (int q = 0; q < nparts; q++) {
        net_part *pt = &parts[q];
        pt->s = s;
        pt->X = X;
        pt->Y = Y;
        pt->p = p;
        pt->rows = rows;
        pt->lo = m / (size_t)nparts * (size_t)q;
        pt->hi = q + 1 == nparts ? m : m / (size_t)nparts * (size_t)(q + 1);
        pt->cost = cost;
        pt->want_cost = want_cost;
        pt->work = work + (size_t)q * 3 * s->units;
        pt->g = q == 0 ? g : work + (size_t)nparts * 3 * s->units + (size_t)(q - 1) * s->nparams;
        pt->correct = correct ? &counts[q] : NULL;
        pt->tap = tap;
    }
    if (nparts == 1) {
        net_sweep(&parts[0]);
    } else {
        pool_run(nparts, pool_threads(nparts), net_run_part, parts);
    }
    double cs = parts[0].cost_sum;
    for (int q = 1; q < nparts; q++) {
        for (size_t i = 0; i < s->nparams; i++) {
            g[i] += parts[q].g[i];
        }
        cs += parts[q].cost_sum;
    }
    for (int q = 0; correct && q < nparts; q++) {
        *correct += counts[q];
    }
    return cs;
}

double net_accumulate(const net_shape *s, const double *X, const double *Y, const size_t *rows, size_t m,
                      const double *p, model_cost cost, int want_cost, double *g, double *work)
{
    return net_accumulate_counted(s, X, Y, rows, m, p, cost, want_cost, g, work, NULL);
}

double net_accumulate_counted(const net_shape *s, const double *X, const double *Y, const size_t *rows, size_t m,
                              const double *p, model_cost cost, int want_cost, double *g, double *work,
                              size_t *correct)
{
    return net_accumulate_tap(s, X, Y, rows, m, p, cost, want_cost, g, work, correct, NULL);
}

double net_accumulate_tap(const net_shape *s, const double *X, const double *Y, const size_t *rows, size_t m,
                          const double *p, model_cost cost, int want_cost, double *g, double *work,
                          size_t *correct, const net_tap *tap)
{
    if (correct) {
        *correct = 0;
    }
    if (net_fast_applies(s, m)) {
        return net_fast_accumulate(s, X, Y, rows, m, p, cost, want_cost, g, work, net_parts(m), correct, tap);
    }
    return accumulate_ref(s, X, Y, rows, m, p, cost, want_cost, g, work, correct, tap);
}

double net_tap_terms(const net_shape *s, const net_tap *tap, size_t m, double *term)
{
    int weight = net_param_is_weight(s, tap->param), nparts = net_parts(m);
    double total = 0.0;
    for (int q = 0; q < nparts; q++) {
        size_t lo = m / (size_t)nparts * (size_t)q, hi = q + 1 == nparts ? m : m / (size_t)nparts * (size_t)(q + 1);
        double part = 0.0;
        for (size_t r = lo; r < hi; r++) {
            term[r] = weight ? tap->in[r] * tap->delta[r] : tap->delta[r];
            part += term[r];
        }
        total = q == 0 ? part : total + part;
    }
    return total;
}

double net_accumulate_reference(const net_shape *s, const double *X, const double *Y, const size_t *rows,
                                size_t m, const double *p, model_cost cost, int want_cost, double *g,
                                double *work)
{
    return accumulate_ref(s, X, Y, rows, m, p, cost, want_cost, g, work, NULL, NULL);
}

size_t net_class(const double *v, size_t m)
{
    return m == 1 ? v[0] >= 0.5 : net_argmax(v, m);
}

size_t net_classify(const net_shape *s, const double *p, const double *x, double *work)
{
    net_forward(s, p, x, work, work + s->units);
    return net_class(work + s->units + s->uoff[s->L], s->size[s->L]);
}

void net_finish_gradient(const net_shape *s, double *g, size_t m, size_t n, double lambda, const double *p)
{
    for (int l = 2; l <= s->L; l++) {
        size_t nw = s->size[l] * s->size[l - 1];
        /* g/m, plus (lambda/n) w on the weights only, four at a time */
        net_fast_finish(g + s->woff[l], p + s->woff[l], nw, m, n, lambda, 1);
        net_fast_finish(g + s->boff[l], p + s->boff[l], s->size[l], m, n, lambda, 0);
    }
}

double net_l2_cost(const net_shape *s, const double *p, double lambda, size_t n)
{
    double sq = 0.0;
    for (int l = 2; l <= s->L; l++) {
        size_t nw = s->size[l] * s->size[l - 1];
        for (size_t i = s->woff[l]; i < s->woff[l] + nw; i++) {
            sq += p[i] * p[i];
        }
    }
    return lambda / (2.0 * (double)n) * sq;
}

double net_cost_at(const net_shape *s, const double *X, const double *Y, size_t n, const double *p,
                   model_cost cost, double lambda, double *work)
{
    double *g = work + net_work_len(s, n);
    double sum = net_accumulate(s, X, Y, NULL, n, p, cost, 1, g, work);
    double c = sum / (double)n;
    if (lambda != 0.0) {
        c += net_l2_cost(s, p, lambda, n);
    }
    return c;
}

void net_init_random(const net_shape *s, double *p, uint64_t *rng)
{
    for (int l = 2; l <= s->L; l++) {
        size_t nw = s->size[l] * s->size[l - 1];
        double scale = sqrt((double)s->size[l - 1]);
        for (size_t i = s->woff[l]; i < s->woff[l] + nw; i++) {
            p[i] = rng_normal(rng) / scale;
        }
        for (size_t i = s->boff[l]; i < s->boff[l] + s->size[l]; i++) {
            p[i] = rng_normal(rng);
        }
    }
}

double net_fd_partial(const net_shape *s, const double *X, const double *Y, size_t n, double *p,
                      model_cost cost, double lambda, size_t i, double h, double *work)
{
    size_t k = s->size[1], m = s->size[s->L], U = s->units;
    double *z = work, *a = work + U;
    double theta = p[i], tp = theta + h, tm = theta - h, diff = 0.0;
    for (size_t r = 0; r < n; r++) {
        const double *x = X + r * k, *y = Y + r * m;
        p[i] = tp;
        net_forward(s, p, x, z, a);
        double cp = net_example_cost(s, z, a, y, cost);
        p[i] = tm;
        net_forward(s, p, x, z, a);
        double cm = net_example_cost(s, z, a, y, cost);
        diff += cp - cm;
    }
    p[i] = theta;
    double dlt = diff / (double)n;
    double d = dlt / (tp - tm);
    if (lambda != 0.0 && net_param_is_weight(s, i)) {
        /* (lambda/2n)(tp^2 - tm^2)/(tp - tm), factored: no cancellation when h is small */
        d += lambda / (2.0 * (double)n) * (tp + tm);
    }
    return d;
}

size_t net_argmax(const double *a, size_t m)
{
    size_t best = 0;
    for (size_t j = 1; j < m; j++) {
        if (a[j] > a[best]) {
            best = j;
        }
    }
    return best;
}

double net_param_term(const net_shape *s, const double *x, const double *a, const double *d, size_t i)
{
    int l;
    size_t j, k;
    net_param_place(s, i, &l, &j, &k);
    double dj = d[s->uoff[l] + j - 1];
    if (!net_param_is_weight(s, i)) {
        return dj;
    }
    const double *in = l == 2 ? x : a + s->uoff[l - 1];
    return in[k - 1] * dj;
}

double net_bp2_sum(const net_shape *s, const double *p, const double *d, int l, size_t j)
{
    size_t nl = s->size[l], nu = s->size[l + 1];
    const double *w = p + s->woff[l + 1], *du = d + s->uoff[l + 1];
    double t = 0.0;
    for (size_t q = 0; q < nu; q++) {
        t += w[q * nl + (j - 1)] * du[q];
    }
    return t;
}
