/* net_fast.c: a network's gradient sums over a batch in blocks, for the cache and the vector unit, with
 * exactly the operations of net_forward, net_backward and net_add_terms in their order (README
 * "Performance"). No I/O, no allocation: the caller's work space holds everything.
 *
 * A block is up to NF_BLOCK examples whose inputs and targets are gathered once into rows of padded,
 * contiguous memory. Each layer's products are tiles of up to four examples by eight neurons: a weight
 * row loaded once serves four examples, and every lane adds its products in the scalar loop's order
 * starting from 0, so each z, each BP2 sum and each gradient sum has the bits of the example-by-example
 * sweep. The gradient sums keep their examples in batch order: a tile of four weight rows by eight
 * inputs stays in registers over the whole block. e^-|z| is computed four lanes at a time by the
 * exponential of model_lanes.h and gives a and sigma'(z) together. Sizes are padded to multiples of
 * four; padded lanes compute on zeros and are never read back. No fused multiply-add (C11 mode, and
 * the pragma for Clang), so the AVX2 and the plain builds give the same bits. */
#include "net_int.h"

#include "model_lanes.h"
#include "pool.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#include <math.h>
#include <string.h>

#define NF_BLOCK 32 /* examples per block */
#define NF_MIN 8    /* batches from this size on take the blocked sweep in the caller's work space */
#define NF_STACK 2048 /* smaller batches take it on the stack when it fits in this many doubles */

double net_output_cost(const net_shape *s, const double *zL, const double *y, model_cost cost)
{
    size_t m = s->size[s->L];
    double c = 0.0;
    if (s->out == NET_OUT_SOFTMAX) {
        /* -ln a_j = ln sum_i e^(z_i - max) + (max - z_j): no cancellation, finite for finite z */
        double top = zL[0], sum = 0.0;
        for (size_t j = 1; j < m; j++) {
            top = zL[j] > top ? zL[j] : top;
        }
        for (size_t j = 0; j < m; j++) {
            sum += model_exp_nonpos(zL[j] - top);
        }
        double lse = log(sum);
        for (size_t j = 0; j < m; j++) {
            if (y[j] != 0.0) {
                c += y[j] * ((top - zL[j]) + lse);
            }
        }
        return c;
    }
    for (size_t j = 0; j < m; j++) {
        model_example e;
        model_example_at(zL[j], y[j], cost, &e);
        c += e.cost;
    }
    return c;
}

static size_t pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

/* Where everything lives in the work space, in doubles from its 32-byte aligned start: the weights
 * padded (shared by the parts), then each part's block arrays and padded sums. */
typedef struct {
    size_t cp[NET_MAX_LAYERS + 1];               /* padded layer sizes */
    size_t nb;                                   /* examples per block */
    size_t wt[NET_MAX_LAYERS + 1];               /* w^l transposed: size[l-1] rows of cp[l] */
    size_t wp[NET_MAX_LAYERS + 1];               /* w^l padded: size[l] rows of cp[l-1] (l >= 3) */
    size_t bp[NET_MAX_LAYERS + 1];               /* b^l padded: cp[l] */
    size_t shared;                               /* doubles of the above */
    size_t xb, yb;                               /* a part's gathered rows: nb x cp[1], nb x cp[L] */
    size_t z[NET_MAX_LAYERS + 1], a[NET_MAX_LAYERS + 1], sp[NET_MAX_LAYERS + 1], d[NET_MAX_LAYERS + 1];
    size_t gp[NET_MAX_LAYERS + 1];               /* padded sums of w^l: cp[l] rows of cp[l-1] */
    size_t gbp[NET_MAX_LAYERS + 1];              /* padded sums of b^l: cp[l] */
    size_t part;                                 /* doubles of one part */
} nf_layout;

static void nf_layout_of(const net_shape *s, size_t m, nf_layout *o)
{
    o->nb = m < NF_BLOCK ? m : NF_BLOCK;
    for (int l = 1; l <= s->L; l++) {
        o->cp[l] = pad4(s->size[l]);
    }
    size_t at = 0;
    for (int l = 2; l <= s->L; l++) {
        o->wt[l] = at;
        at += s->size[l - 1] * o->cp[l];
        o->wp[l] = at;
        at += l >= 3 ? s->size[l] * o->cp[l - 1] : 0;
        o->bp[l] = at;
        at += o->cp[l];
    }
    o->shared = pad4(at);
    size_t q = 0;
    o->xb = q;
    q += o->nb * o->cp[1];
    o->yb = q;
    q += o->nb * o->cp[s->L];
    for (int l = 2; l <= s->L; l++) {
        size_t blk = o->nb * o->cp[l];
        o->z[l] = q;
        o->a[l] = q + blk;
        o->sp[l] = q + 2 * blk;
        o->d[l] = q + 3 * blk;
        q += 4 * blk;
        o->gp[l] = q;
        q += o->cp[l] * o->cp[l - 1];
        o->gbp[l] = q;
        q += o->cp[l];
    }
    o->part = pad4(q);
}

/* 1 when a batch of m examples is small enough to be swept in NF_STACK doubles on the stack. */
static int nf_on_stack(const net_shape *s, size_t m)
{
    if (m >= NF_MIN) {
        return 0;
    }
    nf_layout o;
    nf_layout_of(s, m, &o);
    return o.shared + o.part <= NF_STACK;
}

int net_fast_applies(const net_shape *s, size_t m)
{
#ifdef ACC_VECTOR
    return m > 0 && !net_is_single(s) && (m >= NF_MIN || nf_on_stack(s, m));
#else
    (void)s;
    (void)m;
    return 0;
#endif
}

size_t net_fast_work_len(const net_shape *s, size_t m, int nparts)
{
    if (nf_on_stack(s, m)) {
        return 0;
    }
    nf_layout o;
    nf_layout_of(s, m, &o);
    return 4 + o.shared + (size_t)nparts * o.part + (size_t)(nparts - 1) * s->nparams;
}

#ifdef ACC_VECTOR

#define LD(v, ptr) memcpy(&(v), (ptr), sizeof(acc_v4))
#define ST(ptr, v) memcpy((ptr), &(v), sizeof(acc_v4))
#define AI static inline __attribute__((always_inline))
/* The tiles' loops over their few examples, lanes and rows are unrolled so that the sums stay in registers. */
#define NF_UNROLL _Pragma("GCC unroll 8")

/* out[r][c] = sum over q < Q, in q order from 0, of M[q][c] * in[r][q], for NR examples r and the
 * 4 NV columns from c = 0 (the caller offsets M and out): z of model_z before its bias, or the sum of
 * BP2 before its sigma'. */
AI void nf_tile(const double *M, size_t ms, const double *in, size_t is, size_t Q, double *out, size_t os,
                const int NR, const int NV)
{
    acc_v4 acc[4][2];
    NF_UNROLL
    for (int r = 0; r < NR; r++) {
        NF_UNROLL
        for (int v = 0; v < NV; v++) {
            acc[r][v] = (acc_v4)ACC_V4(0.0);
        }
    }
    for (size_t q = 0; q < Q; q++) {
        acc_v4 mv[2];
        NF_UNROLL
        for (int v = 0; v < NV; v++) {
            LD(mv[v], M + q * ms + 4 * (size_t)v);
        }
        NF_UNROLL
        for (int r = 0; r < NR; r++) {
            double x = in[(size_t)r * is + q];
            acc_v4 xv = ACC_V4(x);
            NF_UNROLL
            for (int v = 0; v < NV; v++) {
                acc[r][v] = acc[r][v] + mv[v] * xv;
            }
        }
    }
    NF_UNROLL
    for (int r = 0; r < NR; r++) {
        NF_UNROLL
        for (int v = 0; v < NV; v++) {
            ST(out + (size_t)r * os + 4 * (size_t)v, acc[r][v]);
        }
    }
}

/* nf_tile over rows examples and C (a multiple of 4) columns. */
AI void nf_product(const double *M, size_t ms, size_t C, const double *in, size_t is, size_t Q, size_t rows,
                   double *out, size_t os)
{
    for (size_t r = 0; r < rows; r += 4) {
        size_t nr = rows - r >= 4 ? 4 : rows - r;
        const double *ir = in + r * is;
        double *orow = out + r * os;
        for (size_t c = 0; c < C; c += 8) {
            int two = C - c >= 8;
#define NF_TILE(NR_) \
    (two ? nf_tile(M + c, ms, ir, is, Q, orow + c, os, NR_, 2) : nf_tile(M + c, ms, ir, is, Q, orow + c, os, NR_, 1))
            switch (nr) {
            case 4: NF_TILE(4); break;
            case 3: NF_TILE(3); break;
            case 2: NF_TILE(2); break;
            default: NF_TILE(1); break;
            }
#undef NF_TILE
        }
    }
}

/* G[j][c] += A[r][c] * D[r][j] for r = 0..rows-1 in order (BP4, net_add_terms' additions), for four
 * rows j of G and the 4 NV columns from c = 0 (the caller offsets G, A and D). */
AI void nf_grad_tile(double *G, size_t gs, const double *A, size_t as, const double *D, size_t ds, size_t rows,
                     const int NV, int first)
{
    acc_v4 acc[4][2];
    NF_UNROLL
    for (int j = 0; j < 4; j++) {
        NF_UNROLL
        for (int v = 0; v < NV; v++) {
            if (first) {
                acc[j][v] = (acc_v4)ACC_V4(0.0); /* the part's first block: the sums start from 0 */
            } else {
                LD(acc[j][v], G + (size_t)j * gs + 4 * (size_t)v);
            }
        }
    }
    for (size_t r = 0; r < rows; r++) {
        acc_v4 av[2];
        NF_UNROLL
        for (int v = 0; v < NV; v++) {
            LD(av[v], A + r * as + 4 * (size_t)v);
        }
        NF_UNROLL
        for (int j = 0; j < 4; j++) {
            double dj = D[r * ds + (size_t)j];
            acc_v4 dv = ACC_V4(dj);
            NF_UNROLL
            for (int v = 0; v < NV; v++) {
                acc[j][v] = acc[j][v] + av[v] * dv;
            }
        }
    }
    NF_UNROLL
    for (int j = 0; j < 4; j++) {
        NF_UNROLL
        for (int v = 0; v < NV; v++) {
            ST(G + (size_t)j * gs + 4 * (size_t)v, acc[j][v]);
        }
    }
}

/* The sums of one layer over a block: G (cp rows of C) and the bias sums gb (cp), each in example order;
 * first: the part's first block, whose sums start from 0. */
AI void nf_grad(double *G, size_t C, double *gb, size_t cp, const double *A, size_t as, const double *D,
                size_t rows, int first)
{
    for (size_t j = 0; j < cp; j += 4) {
        for (size_t c = 0; c < C; c += 8) {
            if (C - c >= 8) {
                nf_grad_tile(G + j * C + c, C, A + c, as, D + j, cp, rows, 2, first);
            } else {
                nf_grad_tile(G + j * C + c, C, A + c, as, D + j, cp, rows, 1, first);
            }
        }
    }
    for (size_t c = 0; c < cp; c += 4) {
        acc_v4 s = ACC_V4(0.0);
        if (!first) {
            LD(s, gb + c);
        }
        for (size_t r = 0; r < rows; r++) {
            acc_v4 dv;
            LD(dv, D + r * cp + c);
            s = s + dv;
        }
        ST(gb + c, s);
    }
}

/* z = sum + b, then a and sigma'(z) of a sigmoid layer from one e^-|z| (model_activation's and
 * model_sigmoid_prime's operations), for rows examples of cp values. */
AI void nf_sigmoid_layer(double *Z, double *A, double *SP, const double *bp, size_t cp, size_t rows)
{
    const acc_v4 one = ACC_V4(1.0), zero = ACC_V4(0.0);
    const acc_i4 sign = ACC_V4(INT64_MIN);
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < cp; c += 4) {
            acc_v4 z, b, e;
            LD(z, Z + r * cp + c);
            LD(b, bp + c);
            z = z + b;
            ST(Z + r * cp + c, z);
            acc_v4 x = (acc_v4)((acc_i4)z | sign);
            exp_nonpos_v4(&x, &e);
            acc_v4 d = one + e, inv = one / d, ei = e * inv;
            acc_i4 pos = z >= zero;
            acc_v4 a = (acc_v4)(((acc_i4)inv & pos) | ((acc_i4)ei & ~pos));
            acc_v4 sp = e / (d * d);
            ST(A + r * cp + c, a);
            ST(SP + r * cp + c, sp);
        }
    }
}

/* The output layer of sigmoids: z = sum + b, a, and delta^L (model_delta_at's operations: sigma(z) - y for
 * cross-entropy, BP1 for the quadratic cost) against the targets Yb. */
AI void nf_sigmoid_output(double *Z, double *A, double *D, const double *Yb, const double *bp, size_t cp,
                          size_t rows, model_cost cost)
{
    const acc_v4 one = ACC_V4(1.0), zero = ACC_V4(0.0), half = ACC_V4(0.5);
    const acc_i4 sign = ACC_V4(INT64_MIN);
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < cp; c += 4) {
            acc_v4 z, b, e, y;
            LD(z, Z + r * cp + c);
            LD(b, bp + c);
            LD(y, Yb + r * cp + c);
            z = z + b;
            ST(Z + r * cp + c, z);
            acc_v4 x = (acc_v4)((acc_i4)z | sign);
            exp_nonpos_v4(&x, &e);
            acc_v4 d1 = one + e, inv = one / d1, ei = e * inv;
            acc_i4 pos = z >= zero;
            acc_v4 a = (acc_v4)(((acc_i4)inv & pos) | ((acc_i4)ei & ~pos));
            acc_v4 delta;
            if (cost == MODEL_COST_CE) {
                acc_v4 lo = a - y, hi = (one - y) - ei;
                acc_i4 upper = pos & (y >= half);
                delta = (acc_v4)(((acc_i4)hi & upper) | ((acc_i4)lo & ~upper));
            } else {
                acc_v4 f = e / d1, gp = (y - one) + f, gn = y - f;
                acc_v4 gap = (acc_v4)(((acc_i4)gp & pos) | ((acc_i4)gn & ~pos));
                delta = -gap * (ei * inv);
            }
            ST(A + r * cp + c, a);
            ST(D + r * cp + c, delta);
        }
    }
}

/* The softmax output layer: z = sum + b, a = e^(z_j - max) / sum (net.c's softmax), delta^L = a - y
 * (the softmax output error). */
AI void nf_softmax_output(double *Z, double *A, double *D, const double *Yb, const double *bp, size_t m,
                          size_t cp, size_t rows)
{
    for (size_t r = 0; r < rows; r++) {
        double *z = Z + r * cp, *a = A + r * cp;
        for (size_t c = 0; c < cp; c += 4) {
            acc_v4 zv, b;
            LD(zv, z + c);
            LD(b, bp + c);
            zv = zv + b;
            ST(z + c, zv);
        }
        double top = z[0], sum = 0.0;
        for (size_t j = 1; j < m; j++) {
            top = z[j] > top ? z[j] : top;
        }
        acc_v4 tv = ACC_V4(top);
        for (size_t c = 0; c < cp; c += 4) {
            acc_v4 zv, e;
            LD(zv, z + c);
            zv = zv - tv;
            exp_nonpos_v4(&zv, &e);
            ST(a + c, e);
        }
        for (size_t j = 0; j < m; j++) {
            sum += a[j];
        }
        acc_v4 sv = ACC_V4(sum);
        for (size_t c = 0; c < cp; c += 4) {
            acc_v4 av, y;
            LD(av, a + c);
            LD(y, Yb + r * cp + c);
            av = av / sv;
            ST(a + c, av);
            av = av - y;
            ST(D + r * cp + c, av);
        }
    }
}

/* delta^l = (BP2 sum) * sigma'(z^l), in place over rows examples of cp values. */
AI void nf_times(double *D, const double *SP, size_t n)
{
    for (size_t i = 0; i < n; i += 4) {
        acc_v4 d, s;
        LD(d, D + i);
        LD(s, SP + i);
        d = d * s;
        ST(D + i, d);
    }
}

#endif /* ACC_VECTOR */

#ifdef ACC_VECTOR
/* g[i] = g[i] / m, then + (lambda / n) p[i] where add is set, for i < count: net_finish_gradient's
 * operations, four lanes at a time. */
AI void nf_finish_body(double *g, const double *p, size_t count, double m, double c, int add)
{
    const acc_v4 mv = ACC_V4(m), cv = ACC_V4(c);
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        acc_v4 gv, pv;
        LD(gv, g + i);
        gv = gv / mv;
        if (add) {
            LD(pv, p + i);
            gv = gv + cv * pv;
        }
        ST(g + i, gv);
    }
    for (; i < count; i++) {
        g[i] = g[i] / m;
        if (add) {
            g[i] += c * p[i];
        }
    }
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) static void nf_finish_avx2(double *g, const double *p, size_t count, double m,
                                                            double c, int add)
{
    nf_finish_body(g, p, count, m, c, add);
}
#endif

static void nf_finish_base(double *g, const double *p, size_t count, double m, double c, int add)
{
    nf_finish_body(g, p, count, m, c, add);
}
#endif /* ACC_VECTOR */

void net_fast_finish(double *g, const double *p, size_t count, size_t m, size_t n, double lambda, int weights)
{
    double md = (double)m, c = lambda / (double)n;
    int add = weights && lambda != 0.0;
#ifdef ACC_VECTOR
#if defined(__x86_64__) || defined(__i386__)
    if (model_simd_name()[0] == 'a') {
        nf_finish_avx2(g, p, count, md, c, add);
        return;
    }
#endif
    nf_finish_base(g, p, count, md, c, add);
#else
    for (size_t i = 0; i < count; i++) {
        g[i] = g[i] / md;
        if (add) {
            g[i] += c * p[i];
        }
    }
#endif
}

/* One part of a batch: rows lo..hi-1, and where its sums go. */
typedef struct {
    const net_shape *s;
    const nf_layout *o;
    const double *X, *Y, *shared;
    const size_t *rows;
    size_t lo, hi;
    model_cost cost;
    int want_cost;
    double *mine;      /* the part's block arrays and padded sums */
    double *g;         /* P sums out */
    double cost_sum;
    size_t *correct;   /* NULL, or the examples of the part classified right */
    const net_tap *tap; /* NULL, or what to record of one parameter */
    size_t r0;         /* the batch position of the block being swept */
} nf_part;

/* Gathers the block's inputs and targets (rows r0..r0+nr-1 of the batch) into padded rows. */
static void nf_gather(const nf_part *q, size_t r0, size_t nr, double *Xb, double *Yb)
{
    const net_shape *s = q->s;
    size_t k = s->size[1], m = s->size[s->L], cx = q->o->cp[1], cy = q->o->cp[s->L];
    for (size_t r = 0; r < nr; r++) {
        size_t i = q->rows ? q->rows[r0 + r] : r0 + r;
        memcpy(Xb + r * cx, q->X + i * k, k * sizeof(double));
        memcpy(Yb + r * cy, q->Y + i * m, m * sizeof(double));
    }
}

#ifdef ACC_VECTOR
/* Records the tapped parameter's factors of the block's nr examples (net_accumulate_tap). */
static void nf_tap(const nf_part *q, size_t nr)
{
    const net_shape *s = q->s;
    const nf_layout *o = q->o;
    const double *w = q->mine;
    int l;
    size_t j, k;
    net_param_place(s, q->tap->param, &l, &j, &k);
    const double *in = l == 2 ? w + o->xb : w + o->a[l - 1];
    for (size_t r = 0; r < nr; r++) {
        size_t at = q->r0 + r;
        q->tap->in[at] = k == 0 ? 1.0 : in[r * o->cp[l - 1] + k - 1];
        q->tap->delta[at] = w[o->d[l] + r * o->cp[l] + j - 1];
        q->tap->out[at] = w[o->a[l] + r * o->cp[l] + j - 1];
    }
}

/* One block of nr examples: forward, cost, backward and the sums, each layer at once. */
AI void nf_block(nf_part *q, size_t nr, int first)
{
    const net_shape *s = q->s;
    const nf_layout *o = q->o;
    const double *W = q->shared;
    double *w = q->mine;
    int L = s->L;
    for (int l = 2; l <= L; l++) {
        const double *in = l == 2 ? w + o->xb : w + o->a[l - 1];
        nf_product(W + o->wt[l], o->cp[l], o->cp[l], in, o->cp[l - 1], s->size[l - 1], nr, w + o->z[l], o->cp[l]);
        if (l < L) {
            nf_sigmoid_layer(w + o->z[l], w + o->a[l], w + o->sp[l], W + o->bp[l], o->cp[l], nr);
        } else if (s->out == NET_OUT_SOFTMAX) {
            nf_softmax_output(w + o->z[l], w + o->a[l], w + o->d[l], w + o->yb, W + o->bp[l], s->size[l], o->cp[l], nr);
        } else {
            nf_sigmoid_output(w + o->z[l], w + o->a[l], w + o->d[l], w + o->yb, W + o->bp[l], o->cp[l], nr, q->cost);
        }
    }
    for (size_t r = 0; q->correct && r < nr; r++) {
        size_t m = s->size[L];
        *q->correct += net_class(w + o->a[L] + r * o->cp[L], m) == net_class(w + o->yb + r * o->cp[L], m);
    }
    if (q->want_cost) {
        for (size_t r = 0; r < nr; r++) {
            q->cost_sum += net_output_cost(s, w + o->z[L] + r * o->cp[L], w + o->yb + r * o->cp[L], q->cost);
        }
    }
    for (int l = L - 1; l >= 2; l--) {
        nf_product(W + o->wp[l + 1], o->cp[l], o->cp[l], w + o->d[l + 1], o->cp[l + 1], s->size[l + 1], nr,
                   w + o->d[l], o->cp[l]);
        nf_times(w + o->d[l], w + o->sp[l], nr * o->cp[l]);
    }
    if (q->tap) {
        nf_tap(q, nr);
    }
    for (int l = 2; l <= L; l++) {
        const double *in = l == 2 ? w + o->xb : w + o->a[l - 1];
        nf_grad(w + o->gp[l], o->cp[l - 1], w + o->gbp[l], o->cp[l], in, o->cp[l - 1], w + o->d[l], nr, first);
    }
}

AI void nf_sweep_body(nf_part *q)
{
    const nf_layout *o = q->o;
    double *w = q->mine;
    /* zero what is read before it is written: the pads of the gathered rows (the sums start from 0 in
     * the first block) */
    memset(w + o->xb, 0, (o->z[2] - o->xb) * sizeof(double));
    q->cost_sum = 0.0;
    for (size_t r0 = q->lo; r0 < q->hi; r0 += o->nb) {
        size_t nr = q->hi - r0 < o->nb ? q->hi - r0 : o->nb;
        nf_gather(q, r0, nr, w + o->xb, w + o->yb);
        q->r0 = r0;
        nf_block(q, nr, r0 == q->lo);
    }
}

#if defined(__x86_64__) || defined(__i386__)
#define NF_AVX2 1
/* The sweep compiled for AVX2: four lanes a register, no fused multiply-add, the same bits as below. */
__attribute__((target("avx2"))) static void nf_sweep_avx2(nf_part *q)
{
    nf_sweep_body(q);
}
#endif

static void nf_sweep_base(nf_part *q)
{
    nf_sweep_body(q);
}
#endif /* ACC_VECTOR */

/* The part's padded sums into its P sums in trace order. */
static void nf_unpad(const nf_part *q)
{
    const net_shape *s = q->s;
    const nf_layout *o = q->o;
    for (int l = 2; l <= s->L; l++) {
        size_t nin = s->size[l - 1], nl = s->size[l];
        const double *G = q->mine + o->gp[l];
        for (size_t j = 0; j < nl; j++) {
            memcpy(q->g + s->woff[l] + j * nin, G + j * o->cp[l - 1], nin * sizeof(double));
        }
        memcpy(q->g + s->boff[l], q->mine + o->gbp[l], nl * sizeof(double));
    }
}

static void nf_run_part(void *ctx, int part)
{
    nf_part *q = (nf_part *)ctx + part;
#ifdef ACC_VECTOR
#ifdef NF_AVX2
    if (model_simd_name()[0] == 'a') {
        nf_sweep_avx2(q);
    } else {
        nf_sweep_base(q);
    }
#else
    nf_sweep_base(q);
#endif
#endif
    nf_unpad(q);
}

/* w^l transposed into wt (cp columns, the pads 0): rows of w are nl by nin. Blocks of four by four. */
static void nf_transpose(const double *w, size_t nl, size_t nin, double *wt, size_t cp)
{
    size_t j = 0;
    for (; j + 4 <= nl; j += 4) {
        const double *r0 = w + j * nin, *r1 = r0 + nin, *r2 = r1 + nin, *r3 = r2 + nin;
        for (size_t k = 0; k < nin; k++) {
            double *t = wt + k * cp + j;
            t[0] = r0[k];
            t[1] = r1[k];
            t[2] = r2[k];
            t[3] = r3[k];
        }
    }
    for (size_t k = 0; k < nin; k++) {
        for (size_t i = j; i < cp; i++) {
            wt[k * cp + i] = i < nl ? w[i * nin + k] : 0.0;
        }
    }
}

/* w^l transposed and padded, w^l padded, b^l padded: what the tiles read. */
static void nf_weights(const net_shape *s, const nf_layout *o, const double *p, double *W)
{
    for (int l = 2; l <= s->L; l++) {
        size_t nin = s->size[l - 1], nl = s->size[l], cin = o->cp[l - 1];
        const double *w = p + s->woff[l];
        nf_transpose(w, nl, nin, W + o->wt[l], o->cp[l]);
        if (l >= 3) {
            double *wp = W + o->wp[l];
            for (size_t j = 0; j < nl; j++) {
                memcpy(wp + j * cin, w + j * nin, nin * sizeof(double));
                for (size_t k = nin; k < cin; k++) {
                    wp[j * cin + k] = 0.0;
                }
            }
        }
        double *bp = W + o->bp[l];
        memcpy(bp, p + s->boff[l], nl * sizeof(double));
        for (size_t j = nl; j < o->cp[l]; j++) {
            bp[j] = 0.0;
        }
    }
}

double net_fast_accumulate(const net_shape *s, const double *X, const double *Y, const size_t *rows, size_t m,
                           const double *p, model_cost cost, int want_cost, double *g, double *work, int nparts,
                           size_t *correct, const net_tap *tap)
{
    nf_layout o;
    nf_layout_of(s, m, &o);
    double stack[NF_STACK + 4];
    if (m < NF_MIN) {
        work = stack; /* net_fast_applies found that it fits */
    }
    /* the work space from its first 32-byte boundary */
    double *base = work + ((32 - ((uintptr_t)work & 31)) & 31) / sizeof(double);
    nf_weights(s, &o, p, base);
    double *parts_at = base + o.shared, *extra = parts_at + (size_t)nparts * o.part;
    nf_part parts[POOL_MAX_PARTS];
    size_t counts[POOL_MAX_PARTS] = { 0 };
    for (int q = 0; q < nparts; q++) {
        nf_part *pt = &parts[q];
        *pt = (nf_part){ s, &o, X, Y, base, rows, 0, 0, cost, want_cost, parts_at + (size_t)q * o.part, NULL, 0.0,
                         correct ? &counts[q] : NULL, tap, 0 };
        pt->lo = m / (size_t)nparts * (size_t)q;
        pt->hi = q + 1 == nparts ? m : m / (size_t)nparts * (size_t)(q + 1);
        pt->g = q == 0 ? g : extra + (size_t)(q - 1) * s->nparams;
    }
    if (nparts == 1) {
        nf_run_part(parts, 0);
    } else {
        pool_run(nparts, pool_threads(nparts), nf_run_part, parts);
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
    return want_cost ? cs : 0.0;
}
