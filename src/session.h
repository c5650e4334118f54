/* session.h: one training session: dataset, parameters, settings, step count, undo history, micro-steps. */
#ifndef GRADSTEP_SESSION_H
#define GRADSTEP_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "dataset.h"
#include "model.h"
#include "net.h"

typedef enum { SESSION_INIT_ZEROS = 0, SESSION_INIT_RANDOM, SESSION_INIT_VALUES } session_init_kind;
typedef enum { SESSION_SCALE_NONE = 0, SESSION_SCALE_STANDARDIZE } session_scale;

/* From this many inputs on, an evaluation keeps each example's z (8 bytes a row, at most a fifth
 * of the row's k + 1 numbers); with fewer, recomputing z from the row costs at most as much as
 * reading it back, and the memory would not stay within 1.2 times the data. */
#define SESSION_KEEP_Z_MIN_K 4

/* Everything known at the present parameters over the whole dataset (computed on demand). */
typedef struct {
    double *z;          /* n values of z when k >= SESSION_KEEP_Z_MIN_K, else NULL (see session_example) */
    double *grad_w;     /* k: full-dataset dC/dw_j, with the lambda term */
    double grad_b;      /* dC/db */
    double cost;        /* C, with the lambda term */
    size_t correct;     /* examples with (a >= 0.5) == (y >= 0.5) */
} session_eval;

/* One parameter's term a^(l-1)_k delta^l_j (or delta^l_j for a bias) of every example of a sweep, and
 * their sum: what the Formula pane, explain and the Parameters pane read (session_net_terms). */
typedef struct {
    int valid;              /* 0 after any change of the parameters, data or settings */
    int whole;              /* 1: every row 0..n-1; 0: the next update's mini-batch */
    size_t param;           /* the parameter, trace order */
    size_t m;               /* examples swept */
    const size_t *rows;     /* their rows in batch order; NULL for 0..m-1 */
    long step;              /* the step whose parameters were swept */
    net_tap tap;            /* per example (by position): a^(l-1)_k, delta^l_j, a^l_j (n values each) */
    double *term;           /* n: each example's term, the product the sweep adds */
    double sum;             /* the terms summed in the sweep's order: its gradient sum, bit for bit */
    double grad;            /* the gradient the update uses: sum/m, plus (lambda/n) w for a weight */
} session_terms;

/* Network mode: the settings that shape the network, and its state while it is on (hidden layers,
 * softmax outputs, or more than two classes). The single neuron keeps the fields of session. */
typedef struct {
    size_t hidden[NET_MAX_HIDDEN]; /* setting: hidden layer sizes */
    size_t nhidden;         /* setting: hidden layers, 0 for none */
    net_output out;         /* setting: output activation */
    int on;                 /* 1 when the session trains the network below */
    net_shape shape;        /* sizes and offsets */
    double *Y;              /* n rows of size[L] targets (one-hot for several outputs), or data.y itself */
    double *p;              /* P parameters now, in trace order */
    double *hist;           /* P parameters of each step 0..hist_top (hist_cap steps of room) */
    double *grad;           /* P: full-dataset gradient at p (valid with ev_valid) */
    double *last_grad;      /* P: the gradient the last update applied */
    double *pend;           /* P: running sums of the micro-step terms */
    double *init_values;    /* P values for set init VALUES in network mode, or NULL */
    double *work;           /* net_work_len(n) + P doubles of work space */
    double *ex;             /* 3 units: one example's z, a and delta */
    session_terms terms;    /* the focused parameter's terms, cached until anything changes */
    int softmax_dropped;    /* set when a load without classes turned softmax back to sigmoid */
    int values_dropped;     /* set when init values stopped fitting the network and zeros took over */
} session_net;

typedef struct {
    /* data */
    dataset raw;            /* as loaded */
    dataset data;           /* what the neuron sees: raw, or standardized (scale) */
    double *col_mean;       /* k, when scale is standardize */
    double *col_sd;         /* k, when scale is standardize (1 where a column is constant) */
    double x_absmax;        /* the largest |x_ij| of data: bounds |z| for the check that refuses divergent updates */

    /* settings */
    double eta;             /* learning rate, > 0 */
    double lambda;          /* L2 regularization, >= 0 */
    model_cost cost;
    size_t batch;           /* mini-batch size m; 0 means the full batch */
    uint64_t seed;
    session_init_kind init_kind;
    double *init_values;    /* k+1 (w1..wk, b) for SESSION_INIT_VALUES */
    session_scale scale;
    int digits;             /* decimals shown, 1..17 */

    /* parameters now */
    double *w;              /* k weights */
    double b;
    long step;              /* updates applied */

    /* history: the parameters of steps hist_first..hist_top (k+1 each, w then b, at
     * hist[(t - hist_first)*(k+1)]; steps before hist_first were dropped under `set history`),
     * and C at every step 0..hist_top */
    double *hist;
    double *hist_cost;      /* C at step t; NaN where not yet computed (or invalidated by a cost/lambda change) */
    size_t hist_cap;        /* steps of parameters hist holds, counted from hist_first */
    size_t cost_cap;        /* steps hist_cost holds, counted from 0 */
    long hist_top;          /* steps step+1..hist_top are undone updates, kept until the next update */
    long hist_first;        /* the oldest step whose parameters are kept (0 unless steps were dropped) */
    long hist_limit;        /* the most steps of parameters kept (`set history N`); 0: no limit */
    int hist_dropped;       /* 1: steps were dropped and nobody was told yet; 2: told (once a session) */

    /* the gradient (k+1: w then b) the update into step last_grad_step applied */
    double *last_grad;
    long last_grad_step;    /* 0 when no update is recorded */

    /* evaluation at the present parameters */
    session_eval ev;
    int ev_valid;

    /* mini-batch order: a permutation of the rows per epoch, drawn from the seed */
    size_t *perm;           /* n, allocated only for mini-batches */
    long perm_epoch;        /* the epoch perm belongs to, -1 when none */
    double *scratch;        /* k doubles of work space */
    int data_is_raw;        /* 1 when data shares raw's arrays (scale none) */

    /* the update being built by micro-steps (`next`) */
    const size_t *batch_rows; /* rows of the present update's batch in adding order; NULL: all rows 0..n-1 */
    size_t batch_m;         /* examples in that batch */
    size_t pending;         /* terms added so far, 0..batch_m-1 */
    double *pend_w;         /* k: running sums of x_j dC_x/dz over the added terms */
    double pend_b;          /* running sum of dC_x/dz over the added terms */

    /* focus shared by every view: example index (0-based) and parameter (k means b) */
    size_t focus_i;
    size_t focus_j;

    session_net net;        /* network mode */
} session;

/* Called during long runs after each update; a nonzero return stops the run. */
typedef int (*session_progress_fn)(void *ctx, long done, long total);

/* Sets default settings and loads the compiled-in default dataset. Returns 0 or -1 with err. */
int session_init(session *s, char *err, size_t errlen);

/* Frees everything the session owns. */
void session_free(session *s);

/* Replaces the dataset (taking ownership of *d, which is zeroed) and resets to step 0.
 * On failure (-1) the session is unchanged and *d still belongs to the caller. */
int session_load(session *s, dataset *d, char *err, size_t errlen);

/* Back to the initial parameters at step 0 (history cleared). */
void session_reset(session *s);

/* Applies n whole updates (a pending micro-step update is completed as the first).
 * progress may be NULL. Returns updates applied (>= 0), or -1 with err when an update
 * would make a value non-finite: that update is not applied. */
long session_step(session *s, long n, session_progress_fn progress, void *ctx,
                  char *err, size_t errlen);

/* Adds the next example's term to the update being built; after the batch's last example
 * the update is applied exactly as session_step would. Returns 1 when it applied the update,
 * 0 when a term was added, -1 with err on a non-finite value. */
int session_next(session *s, char *err, size_t errlen);

/* Undoes n actions: first the pending micro-step terms one at a time, then whole updates,
 * restoring every value bit-exactly. Returns the number undone (fewer when step 0 is reached). */
long session_back(session *s, long n);

/* The evaluation at the present parameters, computed if needed. NULL only when out of memory. */
const session_eval *session_evaluate(session *s);

/* Example i's z, a = sigma(z), C_x and dC_x/dz at the present parameters, with the bits the
 * update's sweep computes: from the evaluation's stored z when there is one, else from the row. */
model_example session_example(const session *s, size_t i);

/* Example i's z at the present parameters: session_example's z alone. */
double session_z(const session *s, size_t i);

/* Example i's dC_x/dz at the present parameters: session_example's delta, without the logarithm. */
double session_delta(const session *s, size_t i);

/* Rows and size of the batch the next update uses, in adding order; *rows is NULL for the full
 * batch (rows 0..n-1 in order). */
void session_batch(session *s, const size_t **rows, size_t *m);

/* The rows, in adding order, of the batch the update from step t to t+1 uses under the present
 * batch and seed settings, written into rows (room for n); returns how many. */
size_t session_batch_rows_at(const session *s, long t, size_t *rows);

/* The gradient (k+1 values, w then b) of the update that produced the present step, or NULL
 * when unknown (step 0, or after back). */
const double *session_last_gradient(const session *s);

/* The oldest step that back reaches and a trace starts at: 0 unless `set history` dropped older
 * steps (then the step before it is kept too, so that every step shown has its predecessor). The
 * accessors below give NaN for the parameters of dropped steps, and their costs only when known. */
long session_first_step(const session *s);

/* Keeps the parameters of at most limit steps (>= 3; 0: no limit), dropping the oldest ones now
 * and as updates come (the present step and the one before are always kept). Returns 0, or -1
 * with err. */
int session_set_history(session *s, long limit, char *err, size_t errlen);

/* Parameter j (0..k-1 is w_{j+1}, k is b) at step t (0..s->hist_top; past s->step: undone steps). */
double session_param_at(const session *s, long t, size_t j);

/* C (with lambda, under the present cost setting) at step t (0..s->hist_top), computed and
 * cached if needed. */
double session_cost_at(session *s, long t);

/* C at step t (0..s->hist_top) when it is already known, else NaN: never computes it (a view that
 * must stay quick draws what is known and lets session_cost_fill complete the rest). */
double session_cost_known(const session *s, long t);

/* Computes the unknown costs of the steps 0..s->hist_top that are multiples of finest (>= 1; 1:
 * every step) coarse to fine: every 2^j-th step before the steps between them, so that a partial
 * series already spans the run. Stops when they are all known, when budget_s seconds have passed
 * (budget_s > 0), or when progress (may be NULL; done and total count the costs this call
 * computes) returns nonzero. Returns how many of them are still unknown. */
long session_cost_fill(session *s, long finest, double budget_s, session_progress_fn progress, void *ctx);

/* How many of the steps 0..s->hist_top that are multiples of finest (>= 1) have no known cost. */
long session_cost_unknown(const session *s, long finest);

/* Writes the full-dataset gradient (k+1 values, w then b, with the lambda term) at the
 * parameters of step t (0..s->hist_top) into g, and records C at step t from the same pass. */
void session_gradient_at(session *s, long t, double *g);

/* Sets the present parameters to params (k+1: w1..wk, b) when every z and C stay finite with
 * them; otherwise returns -1 with the reason in err and changes nothing. */
int session_try_params(session *s, const double *params, char *err, size_t errlen);

/* Sets parameter j (k means b) of the present step to v (finite). */
void session_set_param(session *s, size_t j, double v);

/* Setters with checks; each returns 0, or -1 with err and no change. Those that define the
 * starting point (init, scale, and seed under random init) reset to step 0. */
int session_set_eta(session *s, double v, char *err, size_t errlen);
int session_set_lambda(session *s, double v, char *err, size_t errlen);
int session_set_cost(session *s, model_cost c, char *err, size_t errlen);
int session_set_batch(session *s, size_t m, char *err, size_t errlen);
int session_set_seed(session *s, uint64_t seed, char *err, size_t errlen);
int session_set_init(session *s, session_init_kind kind, const double *values, size_t count,
                     char *err, size_t errlen);
int session_set_scale(session *s, session_scale scale, char *err, size_t errlen);
int session_set_digits(session *s, int digits, char *err, size_t errlen);

/* The decimals shown until `set digits` (the full screen starts wider terminals with more). */
enum { SESSION_DEFAULT_DIGITS = 4 };

/* Output a = sigma(z) and z for a new raw input x (k values), applying the session's scaling. */
void session_predict(session *s, const double *x, double *z, double *a);

/* ---- network mode ---- */

/* 1 when the session trains a network (hidden layers, softmax, or more than two classes). */
int session_is_net(const session *s);

/* Sets the hidden layers (h sizes, h = 0 for none) and returns to step 0. Returns 0, or -1 with err
 * and no change (more than 4 layers, a size outside 1..256). */
int session_set_hidden(session *s, const size_t *sizes, size_t h, char *err, size_t errlen);

/* Sets the output activation and returns to step 0; softmax needs a class column and the
 * cross-entropy (log-likelihood) cost. Returns 0, or -1 with err and no change. */
int session_set_output(session *s, net_output out, char *err, size_t errlen);

/* Parameters the session trains: k+1 for the single neuron, P for a network. */
size_t session_nparams(const session *s);

/* Parameter j's name: "w2" or "b" for the single neuron, "w3_1_2" or "b2_1" for a network. */
void session_param_name(const session *s, size_t j, char *buf, size_t len);

/* Parameter j's present value (j < session_nparams). */
double session_param(const session *s, size_t j);

/* Example i's targets in network mode (size[L] values: one-hot for several outputs). */
const double *session_net_targets(const session *s, size_t i);

/* Example i's forward and backward pass at the present parameters in network mode: z, a and delta
 * of every neuron of the layers 2..L (units values each; NULL for any not wanted); returns C_x. */
double session_net_example(session *s, size_t i, double *z, double *a, double *d);

/* The full-dataset gradient (P values, with the lambda term) at the present parameters in network
 * mode, computed with the evaluation; NULL when out of memory. */
const double *session_net_gradient(session *s);

/* Parameter i's term of every example and their sum, from one sweep cached until anything changes:
 * over all n rows (whole = 1, the sweep of the evaluation, so that grad is session_net_gradient's
 * value bit for bit) or over the next update's batch (whole = 0; the same as whole for the full
 * batch), so that grad is the gradient the update applies. NULL when out of memory. */
const session_terms *session_net_terms(session *s, size_t i, int whole);

/* The forward pass (z and a, units values each) of a new raw input x in network mode, with the
 * session's scaling. Returns the predicted class (argmax, or a >= 0.5 for one output). */
size_t session_net_predict(session *s, const double *x, double *z, double *a);

/* Class of example i (0-based): its class index for a class column, else y >= 0.5. */
size_t session_class_of(const session *s, size_t i);

#endif
