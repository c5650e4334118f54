/* explain.h: worked formulas and words from a session's numbers: explain, derive, check, compare, micro-steps. */
#ifndef GRADSTEP_EXPLAIN_H
#define GRADSTEP_EXPLAIN_H

#include <stddef.h>

#include "session.h"
#include "strbuf.h"
#include "text.h"

/*
 * Every function here formats; the numbers come from session_evaluate() and model.h.
 * Text is UTF-8 (σ Σ ∂ η λ, subscript digits), lines end with '\n', and prose is wrapped so
 * that no line is wider than `width` display columns (tables and formulas wrap at term
 * boundaries; a single number wider than the width is never split). Every function appends
 * to `out`; those that return int give 0, or -1 with a one-line reason in err (out of memory,
 * an index out of range) and nothing appended.
 *
 * Highlight marks: only explain_formula_pane() writes them. The text between
 * EXPLAIN_MARK_ON and EXPLAIN_MARK_OFF (on one line, never nested) is the term to highlight:
 * during micro-steps the term just added, otherwise the focused example's term. The marks take
 * no columns; a view that cannot highlight removes them with explain_strip_marks().
 */
#define EXPLAIN_MARK_ON TEXT_MARK_ON
#define EXPLAIN_MARK_OFF TEXT_MARK_OFF

/* explain_cost's example index that asks for the whole cost C instead of one C_x. */
#define EXPLAIN_ALL ((size_t)-1)

/* ∂C/∂w_{j+1} (j < k) or ∂C/∂b (j == k) over the next update's batch: the formula, one line per
 * example (x_j, σ(z), y, σ(z)−y, its term), the sum, 1/n or 1/m, the λ term, the update, and
 * in words what each symbol is and which examples push the parameter down or pull it up.
 * More than 20 examples: the 12 largest terms, and how many are not shown and their sum. */
int explain_param(session *s, size_t j, int width, strbuf *out, char *err, size_t errlen);

/* C_x of example i (0-based) with its ln values, or, for i == EXPLAIN_ALL, C as the mean of
 * every C_x plus the λ term. */
int explain_cost(session *s, size_t i, int width, strbuf *out, char *err, size_t errlen);

/* z = Σ_j w_j x_j + b for example i (0-based), term by term. */
int explain_z(session *s, size_t i, int width, strbuf *out, char *err, size_t errlen);

/* σ(z) and σ'(z) = σ(z)(1 − σ(z)) for example i (0-based), and what they mean. */
int explain_sigma(session *s, size_t i, int width, strbuf *out, char *err, size_t errlen);

/* The next update: every parameter's old value, its gradient, η times it, and the new value. */
int explain_update(session *s, int width, strbuf *out, char *err, size_t errlen);

/* The chain rule ∂C_x/∂θ = ∂C_x/∂a · ∂a/∂z · ∂z/∂θ for example i and parameter j (k means b),
 * under cross-entropy and under the quadratic cost, showing that σ'(z) cancels only for the
 * first and how many times smaller the quadratic term is. */
int explain_derive(session *s, size_t i, size_t j, int width, strbuf *out,
                   char *err, size_t errlen);

/* What `check` checks and reports besides its text (explain_check). */
typedef struct {
    int all;                       /* in: check every parameter, even on wide data */
    session_progress_fn progress;  /* in: called between chunks of rows; nonzero stops (may be NULL) */
    void *progress_ctx;
    const double *analytic;        /* in, test hook: k+1 values checked instead of the gradient (NULL: the session's) */
    double *tolerance;             /* out when not NULL: k+1 values, each checked parameter's allowed |a − f| (NaN if not checked) */
    double worst;                  /* out: the largest relative error among the rows above the difference's resolution */
    size_t checked;                /* out: parameters checked */
    size_t disagree;               /* out: of those, how many differ by more than allowed */
    int stopped;                   /* out: 1 when progress stopped it */
} explain_check_opts;

/* Parameters `check` checks at most without `check all`; wider data is sampled evenly. */
#define EXPLAIN_CHECK_MAX 40

/* Every analytic ∂C/∂w_j and ∂C/∂b (full dataset, the session's cost and λ), or an even sample of
 * EXPLAIN_CHECK_MAX on wide data, against a central finite difference (model_fd_partial_z: O(n)
 * per parameter from the rows' z), each with the difference it allows (10⁻⁶ relative plus
 * model_fd_floor) and a verdict computed from the rows shown. Progress and Ctrl-C through o;
 * stopped, it reports the rows done. Returns 0, or -1 with err (out of memory). */
int explain_check(session *s, int width, explain_check_opts *o, strbuf *out, char *err, size_t errlen);

/* Cross-entropy against quadratic gradients at the present parameters with each example's
 * σ'(z); with steps > 0, two copies of the parameters trained that many full-batch steps
 * (the session is not changed), their costs and the focused example's σ(z) at intervals.
 * progress (may be NULL) hears the steps done; when it returns nonzero the training stops there
 * and the output says so. */
int explain_compare(session *s, long steps, int width, session_progress_fn progress, void *ctx, strbuf *out,
                    char *err, size_t errlen);

/* The largest number of steps explain_compare trains. */
#define EXPLAIN_COMPARE_MAX 100000L

/* The glossary of `help symbols`: n, x, x_j, y, w_j, b, z, a, σ, σ', C_x, C, η, λ, m. */
void explain_symbols(strbuf *out, int width);

/* What `next` has done: after a term was added, the terms added so far for every parameter,
 * their partial sums and the examples still to come; after the update was applied (pending
 * is 0 and step > 0), the completed gradient and the update. */
int explain_microstep(session *s, int width, strbuf *out, char *err, size_t errlen);

/* The Formula pane for parameter j (k means b), at most `height` lines of at most `width`
 * columns: the formula, the bracket with the numbers substituted (the running sum during
 * micro-steps, "…" for what is to come), the result and the update, then the symbols in
 * words. Contains highlight marks (see above). Never fails: out of memory gives a short line. */
void explain_formula_pane(session *s, size_t j, int width, int height, strbuf *out);

/* The Formula pane's title for parameter j: "Formula: ∂C/∂w₂ (eq. 61)". */
void explain_formula_title(const session *s, size_t j, char *buf, size_t len);

/* Removes the highlight marks from text in place. */
void explain_strip_marks(char *text);

#endif
