/* model.c: every formula gradstep shows, computed in double precision; no I/O, no globals, no allocation. */
#include "model.h"

#include <float.h>
#include <math.h>

double model_sigmoid(double z)
{
    if (z >= 0) {
        return 1.0 / (1.0 + exp(-z));
    }
    double e = exp(z);
    return e / (1.0 + e);
}

double model_sigmoid_prime(double z)
{
    double e = exp(-fabs(z));
    double d = 1.0 + e;
    return e / (d * d);
}

double model_softplus(double t)
{
    /* ln(1 + e^t) = max(t, 0) + ln(1 + e^-|t|) */
    return (t > 0 ? t : 0.0) + log1p(exp(-fabs(t)));
}

double model_z(const double *w, double b, const double *x, size_t k)
{
    double z = 0.0;
    for (size_t j = 0; j < k; j++) {
        z += w[j] * x[j];
    }
    return z + b;
}

/* C_x for cross-entropy given e = e^-|z|: ln(1+e) + y max(-z,0) + (1-y) max(z,0). */
static double ce_from_e(double z, double y, double e)
{
    double l = log1p(e);
    double c = l;
    if (z > 0) {
        c += (1.0 - y) * z;
    } else if (z < 0) {
        c += y * -z;
    }
    return c;
}

double model_cost_ce(double z, double y)
{
    return ce_from_e(z, y, exp(-fabs(z)));
}

/* y - sigma(z), computed so that targets near 1 keep their precision for large z. */
static double target_gap(double z, double y, double e)
{
    if (z >= 0) {
        return (y - 1.0) + e / (1.0 + e);
    }
    return y - e / (1.0 + e);
}

double model_cost_quad(double z, double y)
{
    double g = target_gap(z, y, exp(-fabs(z)));
    return 0.5 * g * g;
}

/* Evaluates one row with e = e^-|z| computed once: a, C_x, dC_x/dz. */
static void eval_z(double z, double y, model_cost cost, model_example *out)
{
    double e = exp(-fabs(z));
    double inv = 1.0 / (1.0 + e);
    double a = z >= 0 ? inv : e * inv;
    out->z = z;
    out->a = a;
    if (cost == MODEL_COST_CE) {
        out->cost = ce_from_e(z, y, e);
        out->delta = a - y;
    } else {
        double g = target_gap(z, y, e);
        out->cost = 0.5 * g * g;
        out->delta = -g * (e * inv * inv);
    }
}

void model_eval_example(const double *w, double b, const double *x, size_t k, double y,
                        model_cost cost, model_example *out)
{
    eval_z(model_z(w, b, x, k), y, cost, out);
}

double model_accumulate(const double *X, const double *Y, size_t k, const size_t *rows, size_t m,
                        const double *w, double b, model_cost cost,
                        double *grad_w, double *grad_b, model_example *per)
{
    double cost_sum = 0.0, gb = 0.0;
    for (size_t j = 0; j < k; j++) {
        grad_w[j] = 0.0;
    }
    for (size_t r = 0; r < m; r++) {
        size_t row = rows ? rows[r] : r;
        const double *x = X + row * k;
        model_example ex;
        eval_z(model_z(w, b, x, k), Y[row], cost, &ex);
        cost_sum += ex.cost;
        gb += ex.delta;
        for (size_t j = 0; j < k; j++) {
            grad_w[j] += x[j] * ex.delta;
        }
        if (per) {
            per[r] = ex;
        }
    }
    *grad_b = gb;
    return cost_sum;
}

void model_finish_gradient(double *grad_w, double *grad_b, size_t k, size_t m, size_t n,
                           double lambda, const double *w)
{
    for (size_t j = 0; j < k; j++) {
        grad_w[j] = grad_w[j] / (double)m;
        if (lambda != 0.0) {
            grad_w[j] += lambda / (double)n * w[j];
        }
    }
    *grad_b = *grad_b / (double)m;
}

double model_total_cost(double cost_sum, size_t n, double lambda, const double *w, size_t k)
{
    double c = cost_sum / (double)n;
    if (lambda != 0.0) {
        double sq = 0.0;
        for (size_t j = 0; j < k; j++) {
            sq += w[j] * w[j];
        }
        c += lambda / (2.0 * (double)n) * sq;
    }
    return c;
}

void model_apply_update(double *w, double *b, size_t k, double eta,
                        const double *grad_w, double grad_b)
{
    for (size_t j = 0; j < k; j++) {
        w[j] -= eta * grad_w[j];
    }
    *b -= eta * grad_b;
}

void model_chain_rule(double z, double y, model_cost cost, model_chain *out)
{
    model_example ce;
    eval_z(z, y, MODEL_COST_CE, &ce);
    double sp = model_sigmoid_prime(z);
    out->a = ce.a;
    out->gap = ce.delta;
    out->da_dz = sp;
    out->ce_over_quad = 1.0 / sp;
    if (cost == MODEL_COST_CE) {
        out->dc_da = ce.delta / sp;
        out->dc_dz = ce.delta;
    } else {
        model_example q;
        eval_z(z, y, MODEL_COST_QUAD, &q);
        out->dc_da = ce.delta;
        out->dc_dz = q.delta;
    }
}

double model_term(const double *x, size_t k, size_t j, double delta)
{
    return j < k ? x[j] * delta : delta;
}

double model_sum(const double *v, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        s += v[i];
    }
    return s;
}

double model_ln_sigmoid(double z)
{
    return -model_softplus(-z);
}

double model_l2_grad(double lambda, size_t n, double w)
{
    return lambda / (double)n * w;
}

double model_l2_cost(double lambda, size_t n, const double *w, size_t k)
{
    double sq = 0.0;
    for (size_t j = 0; j < k; j++) {
        sq += w[j] * w[j];
    }
    return lambda / (2.0 * (double)n) * sq;
}

double model_cost_at(const double *X, const double *Y, size_t n, size_t k, const double *w,
                     double b, model_cost cost, double lambda, double *work)
{
    double gb;
    double sum = model_accumulate(X, Y, k, NULL, n, w, b, cost, work, &gb, NULL);
    return model_total_cost(sum, n, lambda, w, k);
}

double model_fd_step(const double *X, size_t n, size_t k, size_t j)
{
    double scale = 0.0;
    if (j < k) {
        for (size_t i = 0; i < n; i++) {
            double v = fabs(X[i * k + j]);
            if (v > scale) {
                scale = v;
            }
        }
    }
    if (!(scale > 0.0)) {
        scale = 1.0;
    }
    return cbrt(DBL_EPSILON) / scale;
}

double model_fd_partial(const double *X, const double *Y, size_t n, size_t k, const double *w,
                        double b, model_cost cost, double lambda, size_t j, double h,
                        double *work)
{
    /* Sums the per-example differences C_x(theta+h) - C_x(theta-h) rather than differencing two
     * sums over n rows, so that large datasets do not lose the difference to cancellation. */
    double *wt = work;
    for (size_t q = 0; q < k; q++) {
        wt[q] = w[q];
    }
    double theta = j < k ? w[j] : b;
    double tp = theta + h, tm = theta - h;
    double diff = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double *x = X + i * k;
        double zp, zm;
        if (j < k) {
            wt[j] = tp;
            zp = model_z(wt, b, x, k);
            wt[j] = tm;
            zm = model_z(wt, b, x, k);
        } else {
            zp = model_z(w, tp, x, k);
            zm = model_z(w, tm, x, k);
        }
        if (cost == MODEL_COST_CE) {
            diff += model_cost_ce(zp, Y[i]) - model_cost_ce(zm, Y[i]);
        } else {
            diff += model_cost_quad(zp, Y[i]) - model_cost_quad(zm, Y[i]);
        }
    }
    double d = diff / (double)n;
    if (j < k && lambda != 0.0) {
        d += lambda / (2.0 * (double)n) * (tp * tp - tm * tm);
    }
    return d / (tp - tm);
}

double model_rel_error(double a, double f)
{
    double d = fabs(a - f);
    double m = fabs(a) > fabs(f) ? fabs(a) : fabs(f);
    if (m == 0.0) {
        return 0.0;
    }
    return d / m;
}
