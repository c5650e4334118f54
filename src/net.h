/* net.h: the mathematics of a layered network (Nielsen ch. 2-3): forward pass, output error, backpropagation. */
#ifndef GRADSTEP_NET_H
#define GRADSTEP_NET_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

#define NET_MAX_HIDDEN 4                     /* hidden layers, at most */
#define NET_MAX_WIDTH 256                    /* neurons in one hidden layer, at most */
#define NET_MAX_LAYERS (NET_MAX_HIDDEN + 2)  /* L, the input layer and the output layer included */

typedef enum { NET_OUT_SIGMOID = 0, NET_OUT_SOFTMAX = 1 } net_output;

/* The sizes of a network and where each layer lives in the vectors below. Layers are numbered as
 * in the book: l = 1 is the input (a^1 = x), l = L the output. Every array is indexed by l.
 * Parameters form one vector in trace order: for l = 2..L, w^l row by row (row j is neuron j's
 * weights w^l_j1..w^l_jn), then b^l. Per-example values (z, a, delta) of the layers 2..L form one
 * vector of `units` numbers, layer l from uoff[l] on. */
typedef struct {
    int L;                                /* layers, 2..NET_MAX_LAYERS */
    size_t size[NET_MAX_LAYERS + 1];      /* size[l]: neurons of layer l (size[1] = k inputs) */
    net_output out;                       /* the output layer's activation */
    size_t nparams;                       /* P: every weight and bias */
    size_t woff[NET_MAX_LAYERS + 1];      /* offset of w^l in the parameter vector */
    size_t boff[NET_MAX_LAYERS + 1];      /* offset of b^l in the parameter vector */
    size_t units;                         /* neurons of the layers 2..L */
    size_t uoff[NET_MAX_LAYERS + 1];      /* offset of layer l in a per-example vector */
} net_shape;

/* Fills *s for k inputs, hidden layers of sizes hidden[0..h-1] and m outputs. Returns 0, or -1
 * with a one-line reason in err (h > 4, a hidden size outside 1..256, k or m of 0, softmax with
 * fewer than 2 outputs). */
int net_shape_init(net_shape *s, size_t k, const size_t *hidden, size_t h, size_t m, net_output out,
                   char *err, size_t errlen);

/* 1 when the network is the single sigmoid neuron of model.h: no hidden layer, one sigmoid output. */
int net_is_single(const net_shape *s);

/* The index in the parameter vector of w^l_jk (j, k from 1) and of b^l_j. */
size_t net_w_index(const net_shape *s, int l, size_t j, size_t k);
size_t net_b_index(const net_shape *s, int l, size_t j);

/* Where parameter i lives: its layer, neuron j and input k (k = 0 for a bias). */
void net_param_place(const net_shape *s, size_t i, int *l, size_t *j, size_t *k);

/* Writes parameter i's name ("w3_1_2" for w^3_12, "b2_1" for b^2_1) into buf. */
void net_param_name(const net_shape *s, size_t i, char *buf, size_t len);

/* 1 when parameter i is a weight (regularized), 0 for a bias. */
int net_param_is_weight(const net_shape *s, size_t i);

/* Forward pass of one example x: z and a of every neuron of the layers 2..L (units values each). */
void net_forward(const net_shape *s, const double *p, const double *x, double *z, double *a);

/* C_x of an example whose forward pass is z, a with targets y (size[L] values): cross-entropy
 * summed over sigmoid outputs (softplus form), quadratic 1/2 sum_j (y_j - a_j)^2, or for softmax
 * the log-likelihood -sum_j y_j ln a_j by log-sum-exp; finite for every finite z. */
double net_example_cost(const net_shape *s, const double *z, const double *a, const double *y,
                        model_cost cost);

/* The output error delta^L (eq. 66, eq. 84 for softmax, BP1 for the quadratic cost), then BP2 for
 * every hidden layer: fills d (units values) from the forward pass z, a and the targets y. */
void net_backward(const net_shape *s, const double *p, const double *z, const double *a,
                  const double *y, model_cost cost, double *d);

/* One example's terms of BP3 and BP4 added to the sums g (P values): g[w^l_jk] += a^(l-1)_k
 * delta^l_j, g[b^l_j] += delta^l_j, for l = 2..L in trace order. */
void net_add_terms(const net_shape *s, const double *x, const double *a, const double *d, double *g);

/* Doubles of work space net_accumulate needs for a batch of m examples. */
size_t net_work_len(const net_shape *s, size_t m);

/* One sweep over the batch rows[0..m-1] (rows 0..m-1 when rows is NULL) of the row-major inputs X
 * (k a row) and targets Y (size[L] a row): writes the unregularized gradient sums (not yet divided
 * by m) into g (P values) and returns the sum of C_x (0 when want_cost is 0). work holds
 * net_work_len(s, m) doubles; no allocation. Summation order: example by example in batch order;
 * from 512 examples on the batch is cut into fixed parts (the rule of model_accumulate), each summed
 * in order and the parts added in part order, so the bits never depend on the thread count. The
 * single neuron (net_is_single) is model_accumulate itself, with its bits. */
double net_accumulate(const net_shape *s, const double *X, const double *Y, const size_t *rows, size_t m,
                      const double *p, model_cost cost, int want_cost, double *g, double *work);

/* net_accumulate, and *correct: how many examples of the batch the network classifies right (the
 * net_class of their outputs is the net_class of their targets), counted in the same sweep from its own
 * forward pass. The sums and the cost have net_accumulate's bits. */
double net_accumulate_counted(const net_shape *s, const double *X, const double *Y, const size_t *rows, size_t m,
                              const double *p, model_cost cost, int want_cost, double *g, double *work,
                              size_t *correct);

/* What a sweep records of one parameter for each example of its batch, by position r in the batch
 * (net_accumulate_tap): the factors of the example's term in BP3/BP4 and the neuron's output. */
typedef struct {
    size_t param;   /* the parameter, in trace order */
    double *in;     /* m values: a^(l-1)_k (x_k when l = 2) for the weight w^l_jk; 1 for a bias */
    double *delta;  /* m values: delta^l_j */
    double *out;    /* m values: a^l_j */
} net_tap;

/* net_accumulate_counted (correct may be NULL), and when tap is not NULL it records tap->param's
 * factors for every example of the batch in the same sweep: no second pass. The sums, the cost and
 * the count have net_accumulate's bits. */
double net_accumulate_tap(const net_shape *s, const double *X, const double *Y, const size_t *rows, size_t m,
                          const double *p, model_cost cost, int want_cost, double *g, double *work,
                          size_t *correct, const net_tap *tap);

/* Every example's term of the tapped parameter into term (m values: in x delta for a weight, delta for
 * a bias, the products net_add_terms adds) and their sum in net_accumulate's order (example by example
 * within each of its fixed parts, then the parts in order): the bits of net_accumulate's g[param] for
 * every network that is not net_is_single. */
double net_tap_terms(const net_shape *s, const net_tap *tap, size_t m, double *term);

/* The softmax of m output values z, as the forward pass computes it (eq. 78, stably): *top = the largest
 * z, e[j] = e^(z_j - top), and the return value is their sum, so that a_j = e[j] / sum with the
 * forward pass's bits. */
double net_softmax_parts(const double *z, size_t m, double *e, double *top);

/* The class of m outputs or targets v: the index of the largest (the first of equals; net_argmax), or
 * for one value, 1 when v[0] >= 0.5. */
size_t net_class(const double *v, size_t m);

/* The class the network gives input x (k values): a forward pass into work (2 * units doubles),
 * then net_class of the outputs. The decision regions of `plot boundary` come from here. */
size_t net_classify(const net_shape *s, const double *p, const double *x, double *work);

/* net_accumulate's sums example by example (net_forward, net_backward, net_add_terms, one example
 * at a time): the reference the blocked sweep is tested against, with the same bits. */
double net_accumulate_reference(const net_shape *s, const double *X, const double *Y, const size_t *rows,
                                size_t m, const double *p, model_cost cost, int want_cost, double *g,
                                double *work);

/* Turns the sums of a batch of m examples (n in all) into the gradient: g/m, plus (lambda/n) w on
 * the weights only (eq. 93). */
void net_finish_gradient(const net_shape *s, double *g, size_t m, size_t n, double lambda, const double *p);

/* The L2 part of C: (lambda/2n) times the sum of the squared weights (biases excluded). */
double net_l2_cost(const net_shape *s, const double *p, double lambda, size_t n);

/* C over all n rows with the lambda term; work holds net_work_len(s, n) + P doubles. */
double net_cost_at(const net_shape *s, const double *X, const double *Y, size_t n, const double *p,
                   model_cost cost, double lambda, double *work);

/* The book's improved initializer from *rng: w^l_jk ~ N(0, 1/size[l-1]), b^l_j ~ N(0, 1), drawn in
 * trace order (for the single neuron: today's random initial parameters). */
void net_init_random(const net_shape *s, double *p, uint64_t *rng);

/* Central difference of C in parameter i with step h: (C(p+h) - C(p-h)) / (t+ - t-), the
 * per-example differences summed so that precision survives large n. p is restored before return;
 * work holds 2 * units doubles. */
double net_fd_partial(const net_shape *s, const double *X, const double *Y, size_t n, double *p,
                      model_cost cost, double lambda, size_t i, double h, double *work);

/* The index of the largest output (the first of equals): the predicted class for several outputs. */
size_t net_argmax(const double *a, size_t m);

/* One example's term of parameter i in BP3 and BP4, as net_add_terms adds it: a^(l-1)_k delta^l_j
 * for the weight w^l_jk (a^1 = x), delta^l_j for the bias b^l_j; a and d from its forward and
 * backward pass. */
double net_param_term(const net_shape *s, const double *x, const double *a, const double *d, size_t i);

/* BP2's weighted sum for neuron j (from 1) of hidden layer l (2..L-1): sum_q w^(l+1)_qj delta^(l+1)_q
 * in the order net_backward adds it, so that times sigma'(z^l_j) it is exactly delta^l_j. */
double net_bp2_sum(const net_shape *s, const double *p, const double *d, int l, size_t j);

#endif
