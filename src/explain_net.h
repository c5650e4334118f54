/* explain_net.h: network mode's worked formulas (eq. 67, BP1-BP4) from a session's numbers. */
#ifndef GRADSTEP_EXPLAIN_NET_H
#define GRADSTEP_EXPLAIN_NET_H

#include <stddef.h>

#include "session.h"
#include "strbuf.h"
#include "text.h"

/* Every function here formats the session's numbers (session_net_example, session_net_gradient,
 * net.h) into text wrapped to width columns, appended to out; each returns 0, or -1 with a
 * one-line reason in err and nothing appended. The session must be in network mode. */

/* dC/d(parameter i, trace order) over the whole dataset: eq. 67 for an output weight (with the
 * sentence that maps it onto eq. 61), BP4/BP3 below, every example's term (the 12 largest when more
 * than 20), the sum, 1/n, the lambda part, and which examples push it down or pull it up. */
int explain_net_param(session *s, size_t i, int width, strbuf *out, char *err, size_t errlen);

/* The Formula pane's text in network mode, height lines at most (the table of terms is cut to fit): the
 * formula of parameter i (eq. 67, BP4 or BP3), the focused example's numbers behind its term (BP2 with
 * each w^(l+1)_qj delta^(l+1)_q below the output; a - y at it, with softmax's normalising sum, eq. 78),
 * the sum of the next update's terms (this batch of m with mini-batches) and the gradient the update
 * uses, the terms around the focused example, and for an output weight the sentence that maps it onto
 * eq. 61 when it fits. During micro-steps: the term just added, the running sum, and the forward then
 * the backward pass of the example being added, layer by layer. */
int explain_net_pane(session *s, size_t i, int width, int height, strbuf *out, char *err, size_t errlen);

/* delta^l_j (l from 2, j from 1) of example ex (0-based): eq. 66/84 or BP1 at the output, BP2 with
 * every term of its sum below. */
int explain_net_delta(session *s, int l, size_t j, size_t ex, int width, strbuf *out, char *err, size_t errlen);

/* The chain rule for example ex (0-based) from C_x down to parameter i through every layer: the
 * output deltas, BP2 layer by layer, then BP4 (or BP3); where sigma'(z) cancels and where not. */
int explain_net_derive(session *s, size_t ex, size_t i, int width, strbuf *out, char *err, size_t errlen);

#endif
