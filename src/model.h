/* model.h: the mathematics of one sigmoid neuron (Nielsen ch. 3): sigma, z, costs, gradients, updates. */
#ifndef GRADSTEP_MODEL_H
#define GRADSTEP_MODEL_H

#include <stddef.h>

typedef enum { MODEL_COST_CE = 0, MODEL_COST_QUAD = 1 } model_cost;

/* The numbers one example gives at given parameters. */
typedef struct {
    double z;      /* z = sum_j w_j x_j + b */
    double a;      /* a = sigma(z) */
    double cost;   /* C_x under the chosen cost */
    double delta;  /* dC_x/dz: (a - y) for cross-entropy, (a - y) sigma'(z) for quadratic */
} model_example;

/* e^x for x <= 0 (NaN gives NaN), within one unit in the last place: the exponential every
 * formula here uses, with the same bits in every view and in the vectorized sweep. */
double model_exp_nonpos(double x);

/* Which code the sweep's blocks run: "avx2" (four lanes) when the processor has it and
 * $GRADSTEP_SIMD is not "base", else "base"; the results have the same bits either way. */
const char *model_simd_name(void);

/* Forgets the choice above so that the next sum reads $GRADSTEP_SIMD again (for tests). */
void model_simd_reset(void);

/* sigma(z) = 1/(1+e^-z), accurate and finite for every z (no overflow warning for large |z|). */
double model_sigmoid(double z);

/* sigma'(z) = sigma(z)(1 - sigma(z)), computed without cancellation for large |z|. */
double model_sigmoid_prime(double z);

/* softplus(t) = ln(1 + e^t), finite for every finite t and exact to rounding. */
double model_softplus(double t);

/* z = sum_j w[j] x[j] + b, summed in index order. */
double model_z(const double *w, double b, const double *x, size_t k);

/* Cross-entropy C_x = -[y ln a + (1-y) ln(1-a)] with a = sigma(z), in softplus form:
 * y softplus(-z) + (1-y) softplus(z); finite for every finite z and y in [0,1]. */
double model_cost_ce(double z, double y);

/* Quadratic cost C_x = (y - a)^2 / 2 with a = sigma(z). */
double model_cost_quad(double z, double y);

/* The output error sigma(z) - y of an evaluated example with target y (the factor of every
 * cross-entropy term; the quadratic cost's dC_x/dz multiplies it by sigma'(z)), accurate to a
 * few units in the last place of its own size even where sigma(z) rounds to 1 (y = 1, z = 40
 * gives -e^-40), with the bits of the delta every sum and view uses. */
double model_error(const model_example *e, double y);

/* a = sigma(z) with exactly the bits of model_example_at's a (which differ from model_sigmoid's
 * in the last place for some negative z): for counting or drawing many examples without C_x. */
double model_activation(double z);

/* Fills *out with z, a, C_x and dC_x/dz for an example whose z is known and whose target is y:
 * the same bits model_eval_example and model_accumulate compute from that z. */
void model_example_at(double z, double y, model_cost cost, model_example *out);

/* dC_x/dz alone for an example whose z is known: model_example_at's delta, without the
 * logarithm C_x takes. */
double model_delta_at(double z, double y, model_cost cost);

/* Fills *out with z, a, C_x and dC_x/dz for input x (k values) and target y. */
void model_eval_example(const double *w, double b, const double *x, size_t k, double y,
                        model_cost cost, model_example *out);

/* One pass over the rows rows[0..m-1] (all n rows in order when rows is NULL, m = n)
 * of the row-major n-by-k matrix X with targets Y. Writes the unregularized sums
 * sum_x x_j delta_x into grad_w[0..k-1] and sum_x delta_x into *grad_b (not yet divided),
 * and each row's z into zs[0..m-1] (by batch position) when zs is not NULL: model_example_at
 * turns such a z into the row's a, C_x and dC_x/dz.
 * Returns the sum of C_x over the rows. No allocation.
 * Summation order: row by row in batch order; from 512 rows on (k <= 256) the batch is cut into
 * P fixed parts, P the largest power of two <= m / 256 and at most 16, each summed row by row,
 * and the part sums are added in part order. The parts depend on m and k alone, so the bits
 * never depend on how many threads share them. */
double model_accumulate(const double *X, const double *Y, size_t k, const size_t *rows, size_t m,
                        const double *w, double b, model_cost cost,
                        double *grad_w, double *grad_b, double *zs);

/* model_accumulate without C_x: the same gradient sums and z bit for bit, faster (no logarithm
 * per row), for updates and views that do not need the cost. zs may be NULL. */
void model_accumulate_grad(const double *X, const double *Y, size_t k, const size_t *rows, size_t m,
                           const double *w, double b, model_cost cost, double *grad_w, double *grad_b,
                           double *zs);

/* Turns sums from model_accumulate over a batch of m examples (of n in all) into the
 * gradient of README "How the numbers are computed": grad_w[j] = sum_w[j]/m + (lambda/n) w[j]; grad_b = sum_b/m. */
void model_finish_gradient(double *grad_w, double *grad_b, size_t k, size_t m, size_t n,
                           double lambda, const double *w);

/* Cost C = cost_sum/n + (lambda/2n) sum_j w_j^2, for cost_sum the sum of C_x over all n rows. */
double model_total_cost(double cost_sum, size_t n, double lambda, const double *w, size_t k);

/* The update w_j <- w_j - eta grad_w[j], b <- b - eta grad_b, in place. */
void model_apply_update(double *w, double *b, size_t k, double eta,
                        const double *grad_w, double grad_b);

/* The factors of the chain rule dC_x/dw_j = dC_x/da * da/dz * dz/dw_j for one example. */
typedef struct {
    double a;            /* a = sigma(z) */
    double gap;          /* a - y */
    double dc_da;        /* dC_x/da: (a-y)/(a(1-a)) for cross-entropy, (a-y) for quadratic */
    double da_dz;        /* sigma'(z) = a(1-a) */
    double dc_dz;        /* dC_x/dz, equal to model_eval_example's delta: (a-y), or (a-y) sigma'(z) */
    double ce_over_quad; /* 1/sigma'(z): how many times the cross-entropy term exceeds the quadratic one */
    double ln_gap;       /* ln|a - y|, right even where a - y underflows (-inf only when a = y) */
    double ln_da_dz;     /* ln sigma'(z) = -|z| - 2 ln(1 + e^-|z|), finite for every finite z */
    double sign_gap;     /* the sign of a - y (+1, -1, or 0 when a = y) */
} model_chain;

/* Fills *out with the chain-rule factors at z for target y under the given cost. Where sigma'(z)
 * underflows (|z| above about 708) dc_da and ce_over_quad overflow or lose their digits: the
 * logarithms ln_gap and ln_da_dz stay exact, and the cross-entropy's dc_da is taken from them. */
void model_chain_rule(double z, double y, model_cost cost, model_chain *out);

/* One example's term of the summed gradient: x[j] * delta for a weight (j < k), delta for b (j == k). */
double model_term(const double *x, size_t k, size_t j, double delta);

/* The sum of v[0..n-1] in index order (0 when n is 0). */
double model_sum(const double *v, size_t n);

/* ln sigma(z) = -softplus(-z), finite for every finite z; ln(1 - sigma(z)) is model_ln_sigmoid(-z). */
double model_ln_sigmoid(double z);

/* The regularization part of dC/dw_j: (lambda/n) w_j, as model_finish_gradient adds it. */
double model_l2_grad(double lambda, size_t n, double w);

/* The regularization part of C: (lambda/2n) sum_j w_j^2, as model_total_cost adds it. */
double model_l2_cost(double lambda, size_t n, const double *w, size_t k);

/* C (with lambda) over all n rows at parameters (w, b); work holds k doubles. No allocation. */
double model_cost_at(const double *X, const double *Y, size_t n, size_t k, const double *w,
                     double b, model_cost cost, double lambda, double *work);

/* A finite-difference step for parameter j (k means b) at its value theta: cbrt(DBL_EPSILON) /
 * max_i |x_ij| (1 for b), so that the step moves z by about 6e-6 for the example it moves most,
 * which balances truncation (~h^2) against rounding (~eps/h); never more than max(1, |theta|),
 * and cbrt(DBL_EPSILON) for an all-zero column. Always finite and > 0. */
double model_fd_step(const double *X, size_t n, size_t k, size_t j, double theta);

/* Rows model_fd_partial_z takes per call, so that a caller can show progress and stop. */
#define FD_CHUNK 65536

/* The central difference (C(theta + h) - C(theta - h)) / 2h of C in parameter j (k means b) at
 * value theta, from each row's z (z[i]) moved by +-h x_ij: O(n) where recomputing z is O(n k).
 * zd[i] is |dC_x/dz| at z_i (it bounds what rounding z + h x can do). Adds, row by row, C_x(z +
 * hx) - C_x(z - hx) (so that large n loses nothing to cancellation) and the error terms into
 * sums[0..3] (zeroed by the caller) for rows *row on, at most FD_CHUNK per call, and advances
 * *row: returns NaN while rows remain, then the difference (with the lambda term's difference,
 * exact for a quadratic). sums holds 5 doubles. No allocation. */
double model_fd_partial_z(const double *X, const double *Y, size_t n, size_t k, const double *z,
                          const double *zd, double theta, model_cost cost, double lambda, size_t j,
                          double h, size_t *row, double *sums);

/* The absolute difference a right gradient and model_fd_partial_z's difference may show, from
 * its 5 sums: the difference's rounding (eps times the costs and |z dC_x/dz|, over 2h) and
 * truncation (h^2/6 times the largest third derivative along the parameter), and the analytic
 * sum's rounding (eps sum|x dC_x/dz|). Finite for finite sums. */
double model_fd_floor(size_t n, model_cost cost, double h, const double *sums);

/* Relative error |a - f| / max(|a|, |f|); 0 when both are 0. */
double model_rel_error(double a, double f);

#endif
