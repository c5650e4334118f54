/* model.c: every formula gradstep shows, computed in double precision; no I/O, no allocation, no
 * state but the remembered choice of SIMD code (large sums may share their fixed parts among threads). */
#include "model.h"

#include "pool.h"

#ifdef __clang__
/* No fused multiply-adds, whatever -march says: they would change the bits (GCC keeps them off
 * in ISO C mode). */
#pragma STDC FP_CONTRACT OFF
#endif

#include <float.h>
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- e^x for x <= 0 ----
 * Every exponential here is e^x of some x <= 0 (e^-|z|). gradstep computes it itself, by one
 * sequence of operations written twice: a scalar function for single values and a four-lane
 * function for the sweep's blocks, so that both give the same bits, on every x86-64 (no fused
 * multiply-add anywhere). glibc's exp was a call per row and half the time of an update.
 * Method: x = n ln2 + r with n = round(x / ln2) and |r| <= ln2/2 (ln2 in two parts, the first
 * exact when multiplied by n, and the rounding of r kept as rl); e^r = 1 + (r + (r^2 q(r) + rl))
 * with q the Taylor series of (e^r - 1 - r)/r^2 to r^11 (truncation below 2^-60), evaluated by
 * Estrin's scheme; e^x = e^r 2^n, scaled in two exact steps so that results below the smallest
 * normal double round once. Error under one unit in the last place (unit_model measures it
 * against long double); e^x = 0 below -745.2, NaN stays NaN. */
#include "model_lanes.h"

static inline double pick(int c, double u, double v);

static double exp_nonpos(double x)
{
    double xc = pick(x > EXP_CLAMP, x, EXP_CLAMP);
    double t = xc * EXP_LOG2E + EXP_ROUND;
    double n = t - EXP_ROUND;
    uint64_t tb, rb;
    double round = EXP_ROUND;
    memcpy(&tb, &t, sizeof tb);
    memcpy(&rb, &round, sizeof rb);
    int64_t ni = (int64_t)(tb - rb);
    double rh = xc - n * EXP_LN2_HI; /* exact */
    double r = rh - n * EXP_LN2_LO;
    double rl = (rh - r) - n * EXP_LN2_LO; /* what rounding r lost, added back at the end */
    /* q(r) by Estrin's scheme: pairs, then pairs of pairs (a short chain of dependent operations) */
    double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    double a0 = EXP_Q0 + EXP_Q1 * r, a1 = EXP_Q2 + EXP_Q3 * r, a2 = EXP_Q4 + EXP_Q5 * r;
    double a3 = EXP_Q6 + EXP_Q7 * r, a4 = EXP_Q8 + EXP_Q9 * r, a5 = EXP_Q10 + EXP_Q11 * r;
    double b0 = a0 + a1 * r2, b1 = a2 + a3 * r2, b2 = a4 + a5 * r2;
    double q = (b0 + b1 * r4) + b2 * r8;
    double p = 1.0 + (r + (r2 * q + rl));
    uint64_t sb = (uint64_t)(ni + EXP_SCALE_BIAS) << 52;
    double s;
    memcpy(&s, &sb, sizeof s);
    double v = p * s * 0x1p-54;
    v = pick(x >= EXP_UNDERFLOW, v, 0.0);
    return pick(x != x, x, v);
}

double model_exp_nonpos(double x)
{
    return exp_nonpos(x);
}

double model_sigmoid(double z)
{
    if (z >= 0) {
        return 1.0 / (1.0 + exp_nonpos(-z));
    }
    double e = exp_nonpos(z);
    return e / (1.0 + e);
}

double model_sigmoid_prime(double z)
{
    double e = exp_nonpos(-fabs(z));
    double d = 1.0 + e;
    return e / (d * d);
}

double model_softplus(double t)
{
    /* ln(1 + e^t) = max(t, 0) + ln(1 + e^-|t|) */
    return (t > 0 ? t : 0.0) + log1p(exp_nonpos(-fabs(t)));
}

double model_z(const double *w, double b, const double *x, size_t k)
{
    double z = 0.0;
    for (size_t j = 0; j < k; j++) {
        z += w[j] * x[j];
    }
    return z + b;
}

/* c ? u : v by masking the bits, so that no branch is taken: the sign of z, which decides most
 * selections here, is unpredictable from row to row and a mispredicted branch costs more than
 * computing both sides. */
static inline double pick(int c, double u, double v)
{
    uint64_t bu, bv, mask = (uint64_t)0 - (uint64_t)(c != 0);
    memcpy(&bu, &u, sizeof bu);
    memcpy(&bv, &v, sizeof bv);
    bu = (bu & mask) | (bv & ~mask);
    memcpy(&u, &bu, sizeof u);
    return u;
}

/* C_x for cross-entropy given e = e^-|z|: ln(1+e) + y max(-z,0) + (1-y) max(z,0). */
static double ce_from_e(double z, double y, double e)
{
    /* At z = 0 the second term is a signed zero, which leaves ln(1+e) > 0 unchanged. A term whose weight
     * (1-y or y) is 0 counts 0 even when z overflowed to +-inf, where 0 * inf would make C_x NaN. */
    return log1p(e) + pick(z > 0, pick(y < 1.0, (1.0 - y) * z, 0.0), pick(y > 0.0, y * -z, 0.0));
}

double model_cost_ce(double z, double y)
{
    return ce_from_e(z, y, exp_nonpos(-fabs(z)));
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
    double g = target_gap(z, y, exp_nonpos(-fabs(z)));
    return 0.5 * g * g;
}

/* The output error sigma(z) - y from e = e^-|z| and inv = 1/(1+e), with full relative accuracy:
 * for z >= 0 and y >= 1/2 (where sigma(z) and y can both be near 1) it is (1 - y) - sigma(-z),
 * whose parts are exact or accurate to the last place, so that y = 1 and z = 40 gives -e^-40 and
 * not 0; everywhere else sigma(z) - y loses nothing and is taken as it reads. */
static inline double ce_gap_from_e(double z, double y, double e, double inv)
{
    double a = pick(z >= 0, inv, e * inv);
    return pick(z >= 0 && y >= 0.5, (1.0 - y) - e * inv, a - y);
}

/* sigma(z) from e = e^-|z| and inv = 1/(1+e): inv for z >= 0, e inv below. */
static inline double activation_from_e(double z, double e, double inv)
{
    return pick(z >= 0, inv, e * inv);
}

double model_activation(double z)
{
    double e = exp_nonpos(-fabs(z));
    return activation_from_e(z, e, 1.0 / (1.0 + e));
}

/* Evaluates one row from z and e = e^-|z|: a, C_x, dC_x/dz. */
static inline void eval_from_e(double z, double y, double e, model_cost cost, model_example *out)
{
    double inv = 1.0 / (1.0 + e);
    double a = activation_from_e(z, e, inv);
    out->z = z;
    out->a = a;
    if (cost == MODEL_COST_CE) {
        out->cost = ce_from_e(z, y, e);
        out->delta = ce_gap_from_e(z, y, e, inv);
    } else {
        double g = target_gap(z, y, e);
        out->cost = 0.5 * g * g;
        out->delta = -g * (e * inv * inv);
    }
}

/* Evaluates one row with e = e^-|z| computed once: a, C_x, dC_x/dz. */
static void eval_z(double z, double y, model_cost cost, model_example *out)
{
    eval_from_e(z, y, exp_nonpos(-fabs(z)), cost, out);
}

void model_example_at(double z, double y, model_cost cost, model_example *out)
{
    eval_z(z, y, cost, out);
}

/* dC_x/dz alone from z and e = e^-|z|, with eval_from_e's operations for it (no logarithm). */
static inline double delta_from_e(double z, double y, double e, model_cost cost)
{
    double inv = 1.0 / (1.0 + e);
    if (cost == MODEL_COST_CE) {
        return ce_gap_from_e(z, y, e, inv);
    }
    return -target_gap(z, y, e) * (e * inv * inv);
}

static double delta_z(double z, double y, model_cost cost)
{
    return delta_from_e(z, y, exp_nonpos(-fabs(z)), cost);
}

double model_delta_at(double z, double y, model_cost cost)
{
    return delta_z(z, y, cost);
}

double model_error(const model_example *e, double y)
{
    double ex = exp_nonpos(-fabs(e->z));
    return ce_gap_from_e(e->z, y, ex, 1.0 / (1.0 + ex));
}

void model_eval_example(const double *w, double b, const double *x, size_t k, double y,
                        model_cost cost, model_example *out)
{
    eval_z(model_z(w, b, x, k), y, cost, out);
}


/* A sum of m rows is cut into fixed parts that threads can share: one part below ACC_SPLIT_ROWS
 * rows (or when k > ACC_SPLIT_MAX_K), else the largest power of two of at most m / ACC_PART_ROWS
 * parts, and at most ACC_PARTS. The parts depend on m and k alone, never on the thread count. */
#define ACC_SPLIT_ROWS 512
#define ACC_PART_ROWS 256
#define ACC_PARTS 16
#define ACC_SPLIT_MAX_K 256

static int acc_parts(size_t m, size_t k)
{
    if (m < ACC_SPLIT_ROWS || k > ACC_SPLIT_MAX_K) {
        return 1;
    }
    int parts = 1;
    while (parts < ACC_PARTS && (size_t)parts * 2 * ACC_PART_ROWS <= m) {
        parts *= 2;
    }
    return parts;
}

/* One contiguous range of the batch, r = lo..hi-1, and its sums. */
typedef struct {
    const double *X, *Y;
    size_t k;
    const size_t *rows;
    size_t lo, hi;
    const double *w;
    double b;
    model_cost cost;
    int want_cost;
    double *zs;       /* z of each row of the range, by batch position (NULL: not kept) */
    double *g;        /* k sums of x_j delta */
    double gb;        /* sum of delta */
    double cost_sum;  /* sum of C_x (0 when not wanted) */
} acc_part;

/* Rows taken per turn of the sweep: independent sums of z that the processor overlaps. */
#define ACC_TURN 4

#ifdef ACC_VECTOR
/* Cross-entropy dC_x/dz = sigma(z) - y for four rows, with ce_gap_from_e's operations in each lane. */
static inline __attribute__((always_inline)) void ce_delta4(const double *z, const double *y, double *out)
{
    const acc_v4 one = ACC_V4(1.0), zero = ACC_V4(0.0);
    const acc_i4 sign = ACC_V4(INT64_MIN);
    acc_v4 zv, yv, e;
    memcpy(&zv, z, sizeof zv);
    memcpy(&yv, y, sizeof yv);
    acc_v4 x = (acc_v4)((acc_i4)zv | sign); /* -|z| */
    double xs[4], es[4];
    memcpy(xs, &x, sizeof xs);
    exp_nonpos4(xs, es);
    memcpy(&e, es, sizeof e);
    acc_v4 inv = one / (one + e);
    acc_i4 pos = zv >= zero;
    acc_v4 ei = e * inv;
    acc_v4 lo = (acc_v4)(((acc_i4)inv & pos) | ((acc_i4)ei & ~pos)) - yv;
    acc_v4 hi = (one - yv) - ei;
    acc_i4 upper = pos & (yv >= (acc_v4)ACC_V4(0.5));
    acc_v4 d = (acc_v4)(((acc_i4)hi & upper) | ((acc_i4)lo & ~upper));
    memcpy(out, &d, sizeof d);
}
#endif

/* Rows per block of the lean sweep: their z, then their dC_x/dz, then their terms, each phase a
 * tight loop (the calls to exp in a row, with nothing else kept across them). */
#define ACC_BLOCK 64

/* The lean sweep (cross-entropy, no cost, no z kept) over whole blocks of rows from
 * *r on: the same operations in the same order as acc_sweep's row-by-row loop. */
static inline __attribute__((always_inline)) void acc_lean_blocks_body(const acc_part *p, size_t *r,
                                                                      double *gb)
{
    const double *restrict X = p->X, *restrict Y = p->Y, *restrict w = p->w;
    const size_t *rows = p->rows;
    double *restrict g = p->g;
    size_t k = p->k;
    double b = p->b, d[ACC_BLOCK];
    size_t idx[ACC_BLOCK];
    /* Blocks of ACC_BLOCK rows, the last one shorter (a multiple of ACC_TURN): fewer than
     * ACC_TURN rows are left to acc_sweep's row-by-row loop. */
    for (size_t blk; (blk = p->hi - *r < ACC_BLOCK ? (p->hi - *r) / ACC_TURN * ACC_TURN : ACC_BLOCK) > 0;
         *r += blk) {
        for (size_t q = 0; q < blk; q++) {
            idx[q] = rows ? rows[*r + q] : *r + q;
        }
        for (size_t q = 0; q < blk; q += 4) {
            const double *x0 = X + idx[q] * k, *x1 = X + idx[q + 1] * k;
            const double *x2 = X + idx[q + 2] * k, *x3 = X + idx[q + 3] * k;
#ifdef ACC_VECTOR
            /* Two rows per lane pair: each lane does the scalar loop's multiply and add. */
            acc_v2 za = { 0.0, 0.0 }, zb = { 0.0, 0.0 };
            for (size_t j = 0; j < k; j++) {
                acc_v2 wj = { w[j], w[j] }, xa = { x0[j], x1[j] }, xb = { x2[j], x3[j] };
                za += wj * xa;
                zb += wj * xb;
            }
            double z0 = za[0], z1 = za[1], z2 = zb[0], z3 = zb[1];
#else
            double z0 = 0.0, z1 = 0.0, z2 = 0.0, z3 = 0.0;
            for (size_t j = 0; j < k; j++) {
                z0 += w[j] * x0[j];
                z1 += w[j] * x1[j];
                z2 += w[j] * x2[j];
                z3 += w[j] * x3[j];
            }
#endif
            d[q] = z0 + b;
            d[q + 1] = z1 + b;
            d[q + 2] = z2 + b;
            d[q + 3] = z3 + b;
        }
#ifdef ACC_VECTOR
        for (size_t q = 0; q < blk; q += 4) {
            double y4[4] = { Y[idx[q]], Y[idx[q + 1]], Y[idx[q + 2]], Y[idx[q + 3]] };
            ce_delta4(d + q, y4, d + q);
        }
#else
        for (size_t q = 0; q < blk; q++) {
            d[q] = delta_z(d[q], Y[idx[q]], MODEL_COST_CE);
        }
#endif
        for (size_t q = 0; q < blk; q++) {
            *gb += d[q];
        }
        for (size_t q = 0; q < blk; q += 4) {
            const double *x0 = X + idx[q] * k, *x1 = X + idx[q + 1] * k;
            const double *x2 = X + idx[q + 2] * k, *x3 = X + idx[q + 3] * k;
            double d0 = d[q], d1 = d[q + 1], d2 = d[q + 2], d3 = d[q + 3];
            size_t j = 0;
#ifdef ACC_VECTOR
            /* Two weights per lane pair, each lane the scalar loop's operations in its order. */
            acc_v2 v0 = { d0, d0 }, v1 = { d1, d1 }, v2 = { d2, d2 }, v3 = { d3, d3 };
            for (; j + 2 <= k; j += 2) {
                acc_v2 gj, a0, a1, a2, a3;
                memcpy(&gj, g + j, sizeof gj);
                memcpy(&a0, x0 + j, sizeof a0);
                memcpy(&a1, x1 + j, sizeof a1);
                memcpy(&a2, x2 + j, sizeof a2);
                memcpy(&a3, x3 + j, sizeof a3);
                gj = gj + a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3;
                memcpy(g + j, &gj, sizeof gj);
            }
#endif
            for (; j < k; j++) {
                g[j] = g[j] + x0[j] * d0 + x1[j] * d1 + x2[j] * d2 + x3[j] * d3;
            }
        }
    }
}

#if defined(ACC_VECTOR) && (defined(__x86_64__) || defined(__i386__))
#define ACC_AVX2 1
#endif

/* 1 when the AVX2 sweep is used: the processor has it and $GRADSTEP_SIMD is not "base"; read
 * once (model_simd_reset reads it again). */
static atomic_int simd_choice = -1;

static int acc_use_avx2(void)
{
    int c = atomic_load(&simd_choice);
    if (c < 0) {
        const char *env = getenv("GRADSTEP_SIMD");
        c = 0;
#ifdef ACC_AVX2
        __builtin_cpu_init();
        c = __builtin_cpu_supports("avx2") && !(env && strcmp(env, "base") == 0);
#else
        (void)env;
#endif
        atomic_store(&simd_choice, c);
    }
    return c;
}

void model_simd_reset(void)
{
    atomic_store(&simd_choice, -1);
}

const char *model_simd_name(void)
{
    return acc_use_avx2() ? "avx2" : "base";
}

/* The rows from r to the end of the part, one at a time (fewer than ACC_TURN of them, or all of
 * a part too short for a turn), added to *gb and *cs in order. */
static inline __attribute__((always_inline)) void acc_rest_rows(acc_part *p, size_t r, double *gb, double *cs)
{
    const double *restrict X = p->X, *restrict Y = p->Y, *restrict w = p->w;
    const size_t *rows = p->rows;
    double *restrict g = p->g;
    size_t k = p->k;
    double b = p->b;
    for (; r < p->hi; r++) {
        size_t i = rows ? rows[r] : r;
        const double *xi = X + i * k;
        model_example ex;
        if (p->want_cost) {
            eval_z(model_z(w, b, xi, k), Y[i], p->cost, &ex);
        } else {
            ex.z = model_z(w, b, xi, k);
            ex.delta = delta_z(ex.z, Y[i], p->cost);
            ex.cost = 0.0;
        }
        *cs += ex.cost;
        *gb += ex.delta;
        for (size_t j = 0; j < k; j++) {
            g[j] += xi[j] * ex.delta;
        }
        if (p->zs) {
            p->zs[r] = ex.z;
        }
    }
}

/* Sums one part row by row in order. Rows are taken ACC_TURN per turn for instruction-level
 * parallelism, with exactly the additions of a row-by-row loop in the same order, so the sums
 * have the same bits whichever path computed them. Without cost and without keeping z, the
 * cross-entropy case skips the logarithm (ce_delta4, delta_z). */
static inline __attribute__((always_inline)) void acc_sweep_body(acc_part *p)
{
    const double *restrict X = p->X, *restrict Y = p->Y, *restrict w = p->w;
    const size_t *rows = p->rows;
    double *restrict g = p->g;
    double *zs = p->zs;
    size_t k = p->k, r = p->lo;
    double b = p->b, gb = 0.0, cs = 0.0;
    int lean = !zs && !p->want_cost && p->cost == MODEL_COST_CE;
    for (size_t j = 0; j < k; j++) {
        g[j] = 0.0;
    }
    if (lean) {
        acc_lean_blocks_body(p, &r, &gb);
    }
    for (; r + ACC_TURN <= p->hi; r += ACC_TURN) {
        size_t i0 = rows ? rows[r] : r, i1 = rows ? rows[r + 1] : r + 1;
        size_t i2 = rows ? rows[r + 2] : r + 2, i3 = rows ? rows[r + 3] : r + 3;
        const double *x0 = X + i0 * k, *x1 = X + i1 * k, *x2 = X + i2 * k, *x3 = X + i3 * k;
        double z0 = 0.0, z1 = 0.0, z2 = 0.0, z3 = 0.0, d0, d1, d2, d3;
        for (size_t j = 0; j < k; j++) {
            z0 += w[j] * x0[j];
            z1 += w[j] * x1[j];
            z2 += w[j] * x2[j];
            z3 += w[j] * x3[j];
        }
        /* e^-|z| of the four rows at once, then each row's values from it (a lean sweep's blocks
         * leave fewer than ACC_TURN rows, so this loop serves the others) */
        double zz[ACC_TURN] = { z0 + b, z1 + b, z2 + b, z3 + b }, ee[ACC_TURN];
#ifdef ACC_VECTOR
        double xx[ACC_TURN] = { -fabs(zz[0]), -fabs(zz[1]), -fabs(zz[2]), -fabs(zz[3]) };
        exp_nonpos4(xx, ee);
#else
        for (int t = 0; t < ACC_TURN; t++) {
            ee[t] = exp_nonpos(-fabs(zz[t]));
        }
#endif
        if (zs) {
            memcpy(&zs[r], zz, sizeof zz);
        }
        if (!p->want_cost) {
            /* the rows' z kept, no C_x: dC_x/dz alone, without the logarithm */
            d0 = delta_from_e(zz[0], Y[i0], ee[0], p->cost);
            d1 = delta_from_e(zz[1], Y[i1], ee[1], p->cost);
            d2 = delta_from_e(zz[2], Y[i2], ee[2], p->cost);
            d3 = delta_from_e(zz[3], Y[i3], ee[3], p->cost);
        } else {
            model_example e[ACC_TURN];
            eval_from_e(zz[0], Y[i0], ee[0], p->cost, &e[0]);
            eval_from_e(zz[1], Y[i1], ee[1], p->cost, &e[1]);
            eval_from_e(zz[2], Y[i2], ee[2], p->cost, &e[2]);
            eval_from_e(zz[3], Y[i3], ee[3], p->cost, &e[3]);
            cs += e[0].cost;
            cs += e[1].cost;
            cs += e[2].cost;
            cs += e[3].cost;
            d0 = e[0].delta;
            d1 = e[1].delta;
            d2 = e[2].delta;
            d3 = e[3].delta;
        }
        gb += d0;
        gb += d1;
        gb += d2;
        gb += d3;
        for (size_t j = 0; j < k; j++) {
            g[j] = g[j] + x0[j] * d0 + x1[j] * d1 + x2[j] * d2 + x3[j] * d3;
        }
    }
    acc_rest_rows(p, r, &gb, &cs);
    p->gb = gb;
    p->cost_sum = lean ? 0.0 : cs;
}

#ifdef ACC_AVX2
/* The sweep compiled for AVX2: four lanes, no fused multiply-add, so the same bits as below. */
__attribute__((target("avx2"))) static void acc_sweep_avx2(acc_part *p)
{
    acc_sweep_body(p);
}
#endif

static void acc_sweep_base(acc_part *p)
{
    acc_sweep_body(p);
}

static void acc_sweep(acc_part *p)
{
#ifdef ACC_AVX2
    if (acc_use_avx2()) {
        acc_sweep_avx2(p);
        return;
    }
#endif
    acc_sweep_base(p);
}

static void acc_run_part(void *ctx, int q)
{
    acc_sweep((acc_part *)ctx + q);
}

static double accumulate(const double *X, const double *Y, size_t k, const size_t *rows, size_t m,
                         const double *w, double b, model_cost cost, int want_cost,
                         double *grad_w, double *grad_b, double *zs)
{
    acc_part base = { X, Y, k, rows, 0, m, w, b, cost, want_cost, zs, grad_w, 0.0, 0.0 };
    int nparts = acc_parts(m, k);
    if (nparts == 1) {
        acc_sweep(&base);
        *grad_b = base.gb;
        return base.cost_sum;
    }
    /* Fixed parts summed each in row order, then added in part order: the same bits whether one
     * thread or several do the parts, and in whatever order they finish. */
    double buf[ACC_PARTS - 1][ACC_SPLIT_MAX_K];
    acc_part parts[ACC_PARTS];
    for (int q = 0; q < nparts; q++) {
        parts[q] = base;
        parts[q].lo = m / (size_t)nparts * (size_t)q;
        parts[q].hi = q + 1 == nparts ? m : m / (size_t)nparts * (size_t)(q + 1);
        parts[q].g = q == 0 ? grad_w : buf[q - 1];
    }
    pool_run(nparts, pool_threads(nparts), acc_run_part, parts);
    double gb = parts[0].gb, cs = parts[0].cost_sum;
    for (int q = 1; q < nparts; q++) {
        for (size_t j = 0; j < k; j++) {
            grad_w[j] += parts[q].g[j];
        }
        gb += parts[q].gb;
        cs += parts[q].cost_sum;
    }
    *grad_b = gb;
    return cs;
}

double model_accumulate(const double *X, const double *Y, size_t k, const size_t *rows, size_t m,
                        const double *w, double b, model_cost cost,
                        double *grad_w, double *grad_b, double *zs)
{
    return accumulate(X, Y, k, rows, m, w, b, cost, 1, grad_w, grad_b, zs);
}

void model_accumulate_grad(const double *X, const double *Y, size_t k, const size_t *rows, size_t m,
                           const double *w, double b, model_cost cost, double *grad_w, double *grad_b,
                           double *zs)
{
    accumulate(X, Y, k, rows, m, w, b, cost, 0, grad_w, grad_b, zs);
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

/* ln|sigma(z) - y| and its sign, right where sigma(z) - y underflows: then y is 0 or 1 and
 * |sigma(z) - y| is sigma(z) or sigma(-z), whose logarithms stay finite. */
static double ln_abs_gap(double z, double y, double gap, double *sign)
{
    *sign = gap > 0 ? 1.0 : (gap < 0 ? -1.0 : 0.0);
    if (fabs(gap) >= DBL_MIN) {
        return log(fabs(gap));
    }
    if (y == 1.0) {
        *sign = -1.0;
        return model_ln_sigmoid(-z);
    }
    if (y == 0.0) {
        *sign = 1.0;
        return model_ln_sigmoid(z);
    }
    return gap == 0.0 ? -INFINITY : log(fabs(gap));
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
    out->ln_da_dz = -fabs(z) - 2.0 * model_softplus(-fabs(z));
    out->ln_gap = ln_abs_gap(z, y, ce.delta, &out->sign_gap);
    if (cost == MODEL_COST_CE) {
        out->dc_da = sp >= DBL_MIN ? ce.delta / sp
                                   : out->sign_gap * exp(out->ln_gap - out->ln_da_dz);
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

double model_fd_step(const double *X, size_t n, size_t k, size_t j, double theta)
{
    double scale = 0.0;
    if (j < k) {
        for (size_t i = 0; i < n; i++) {
            double v = fabs(X[i * k + j]);
            if (v > scale) {
                scale = v;
            }
        }
    } else {
        scale = 1.0;
    }
    if (!(scale > 0.0)) {
        return cbrt(DBL_EPSILON);
    }
    double cap = fabs(theta) > 1.0 ? fabs(theta) : 1.0;
    double h = cbrt(DBL_EPSILON) / scale;
    return h < cap ? h : cap;
}

/* Bounds on the second and third derivatives of C_x in z, over all z: cross-entropy
 * C'' = sigma' <= 1/4 and C''' = sigma'' <= 1/(6 sqrt 3) < 0.1; quadratic
 * C''' = 3 sigma' sigma'' + (a - y) sigma''' < 3/4 * 0.0963 + 1/8 < 0.2. */
#define FD_C3_CE 0.1
#define FD_C3_QUAD 0.2

double model_fd_partial_z(const double *X, const double *Y, size_t n, size_t k, const double *z,
                          const double *zd, double theta, model_cost cost, double lambda, size_t j,
                          double h, size_t *row, double *sums)
{
    /* sums: [0] of C_x(z + hx) - C_x(z - hx), [1] of C_x(z + hx) + C_x(z - hx), [2] of
     * (|z + hx| + |z - hx|) |dC_x/dz| (what rounding z + hx can move C_x), [3] of |hx|^3, [4] of
     * |x dC_x/dz| (what rounding can do to the analytic sum) */
    size_t i = *row, end = n - i > FD_CHUNK ? i + FD_CHUNK : n;
    for (; i < end; i++) {
        double x = j < k ? X[i * k + j] : 1.0;
        double hx = h * x;
        double zp = z[i] + hx, zm = z[i] - hx, cp, cm;
        if (cost == MODEL_COST_CE) {
            cp = model_cost_ce(zp, Y[i]);
            cm = model_cost_ce(zm, Y[i]);
        } else {
            cp = model_cost_quad(zp, Y[i]);
            cm = model_cost_quad(zm, Y[i]);
        }
        sums[0] += cp - cm;
        sums[1] += cp + cm;
        sums[2] += (fabs(zp) + fabs(zm)) * zd[i];
        sums[3] += fabs(hx) * hx * hx;
        sums[4] += fabs(x) * zd[i];
    }
    *row = i;
    if (i < n) {
        return NAN;
    }
    double nn = (double)n;
    /* The penalty's difference (lambda/2n)((theta + h)^2 - (theta - h)^2) / 2h is (lambda/n) theta
     * exactly: a central difference is exact for a quadratic. */
    double l2 = j < k && lambda != 0.0 ? lambda / nn * theta : 0.0;
    return sums[0] / nn / (2.0 * h) + l2;
}

double model_fd_floor(size_t n, model_cost cost, double h, const double *sums)
{
    /* Rounding: each C_x is within a few units in the last place of itself, and rounding z + hx
     * moves C_x by up to |dC_x/dz| |z| eps: 8 eps (the sums [1] and [2]) / (n 2h). Truncation: a
     * central difference is off by h^2/6 times the third derivative along the parameter, at most
     * max|C'''| mean|x|^3, taken as mean|hx|^3 / h so that huge x and tiny h stay finite. The analytic gradient's sum of n terms, added one by one, is within
     * (n - 1) eps sum|term| of exact, so within eps sum|x dC_x/dz| once divided by n. */
    double nn = (double)n, c3 = cost == MODEL_COST_CE ? FD_C3_CE : FD_C3_QUAD;
    double round = 8.0 * DBL_EPSILON * (sums[1] + sums[2]) / (nn * 2.0 * h);
    double trunc = c3 / 6.0 * sums[3] / (nn * h);
    double analytic = DBL_EPSILON * sums[4];
    return round + trunc + analytic;
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
