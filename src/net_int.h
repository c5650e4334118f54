/* net_int.h: the network module's private part: the blocked sweep behind net_accumulate (net_fast.c); net.h is the contract. */
#ifndef GRADSTEP_NET_INT_H
#define GRADSTEP_NET_INT_H

#include "net.h"

/* 1 when net_accumulate takes the blocked sweep for a batch of m examples of network s. */
int net_fast_applies(const net_shape *s, size_t m);

/* Doubles of work space the blocked sweep needs for a batch of m examples cut into nparts parts. */
size_t net_fast_work_len(const net_shape *s, size_t m, int nparts);

/* net_accumulate's sums by the blocked sweep, the batch cut into nparts parts (net_accumulate's
 * rule) that threads share; the same bits as the example-by-example sweep. Adds to *correct (when not
 * NULL) the examples classified right (net_accumulate_counted), and records tap (when not NULL) as
 * net_accumulate_tap says. */
double net_fast_accumulate(const net_shape *s, const double *X, const double *Y, const size_t *rows, size_t m,
                           const double *p, model_cost cost, int want_cost, double *g, double *work, int nparts,
                           size_t *correct, const net_tap *tap);

/* net_finish_gradient for count values of one kind: g[i] = g[i] / m, then for weights (when lambda is
 * not 0) g[i] += (lambda / n) p[i]; the same bits, four lanes at a time. */
void net_fast_finish(double *g, const double *p, size_t count, size_t m, size_t n, double lambda, int weights);

/* C_x of one example from its output layer's z (size[L] values) and targets y: net_example_cost's sum. */
double net_output_cost(const net_shape *s, const double *zL, const double *y, model_cost cost);

#endif
