/* explain_int.h: what the explanation files share (explain.c, explain_check.c, explain_steps.c,
 * explain_common.c): layout helpers that write glyphs or their ASCII names, names and numbers
 * as explanations write them, and the update over a batch computed through model.c.
 * The helpers keep short names in the code (pname, wrap, flow_add...); the macros below give
 * them the module's prefix as external symbols. */
#ifndef GRADSTEP_EXPLAIN_INT_H
#define GRADSTEP_EXPLAIN_INT_H

#include <stddef.h>

#include "explain.h"
#include "model.h"
#include "session.h"
#include "strbuf.h"
#include "text.h"

#define NUMLEN 64
#define PL(n) ((n) == 1 ? "" : "s")  /* the plural ending for a count */
#define NB "\003"       /* TEXT_NB: a space where prose is never broken: "eq." NB "61" */
#define ROWS_ALL 20      /* up to this many examples are listed in full */
#define ROWS_TOP 12      /* beyond that, this many of the largest terms */
#define NAMES_MAX 8      /* up to this many example numbers are named in a sentence */
#define MIN_WIDTH 24     /* narrower widths are treated as this */
#define CHECK_TOL 1e-6   /* relative error below which `check` calls a partial derivative right */
#define COMPARE_MAX EXPLAIN_COMPARE_MAX

#define dwidth explain_dwidth
#define clamp_width explain_clamp_width
#define subscript explain_subscript
#define pname explain_pname
#define xname explain_xname
#define column_words explain_column_words
#define num explain_num
#define snum explain_snum
#define short_num explain_short_num
#define paren explain_paren
#define cost_words explain_cost_words
#define asciify explain_asciify
#define glyphs explain_glyphs
#define wrap explain_wrap
#define wrapf explain_wrapf
#define flow_start explain_flow_start
#define flow_add explain_flow_add
#define flow_addf explain_flow_addf
#define flow_end explain_flow_end
#define cell_copy explain_cell_copy
#define tbl_init explain_tbl_init
#define tbl_put explain_tbl_put
#define tbl_putf explain_tbl_putf
#define tbl_render explain_tbl_render
#define tbl_free explain_tbl_free
#define oom explain_oom
#define upd_compute explain_upd_compute
#define upd_present explain_upd_present
#define upd_free explain_upd_free
#define upd_delta explain_upd_delta
#define upd_term explain_upd_term
#define is_full_batch explain_is_full_batch
#define by_mag_cmp explain_by_mag_cmp
#define pick_rows explain_pick_rows
#define rest_sum explain_rest_sum
#define name_examples explain_name_examples
#define sign_group explain_sign_group
#define l2_words explain_l2_words
#define check_example explain_check_example
#define example_line explain_example_line

/* A formula that flows over several lines (text_flow), its pieces written with glyphs(). */
typedef text_flow flow;

/* A table of cells (text_table), written with glyphs(). */
typedef text_table table;

typedef struct {
    size_t k, m;
    size_t *rows;         /* m rows in adding order */
    double *z;            /* m: z of each batch row at the parameters (model.c derives the rest) */
    double *old;          /* k+1: parameters (w then b) */
    double *sum;          /* k+1: the sum of the terms */
    double *mean;         /* k+1: the sum over m */
    double *l2;           /* k+1: (λ/n) w_j; 0 for b */
    double *grad;         /* k+1: the gradient the update uses */
    double *move;         /* k+1: −η times the gradient */
    double *next;         /* k+1: the parameters after the update */
} upd;

/* Indices 0..m-1 ordered by |v| from largest to smallest (ties by index). */
typedef struct {
    double mag;
    size_t idx;
} by_mag;

/* Display columns of text as explanations count them: the marks take none. */
int dwidth(const char *s);

/* width, or MIN_WIDTH when it is narrower. */
int clamp_width(int width);

/* v written with subscript digits (₀..₉). */
char *subscript(char *buf, size_t len, size_t v);

/* "w₂" for j = 1 (0-based), "b" for j == k. */
char *pname(const session *s, size_t j, char *buf, size_t len);

/* "x₂" for input j (0-based). */
char *xname(size_t j, char *buf, size_t len);

/* How input j is called in the data file: `column "hours"`, or `column 2` without a header. */
void column_words(const session *s, size_t j, char *buf, size_t len);

/* A number with the session's decimals. */
char *num(char *buf, const session *s, double v);

/* A signed number (contributions, gradients) with the session's decimals. */
char *snum(char *buf, const session *s, double v);

/* A setting or target as the user would type it (0.5, 1, 0.01), or with the decimals when long. */
char *short_num(char *buf, const session *s, double v);

/* A number in parentheses when it is negative, so that "0.5 − (-0.1)" reads right. */
char *paren(char *buf, const char *v);

/* "cross-entropy" or "quadratic". */
const char *cost_words(model_cost c);

/* text with every glyph replaced by its ASCII name (subscript digits by digits); malloc'd. */
char *asciify(const char *text);

/* Text as it should be written: itself, or a malloc'd ASCII copy put in *tofree. */
const char *glyphs(const char *text, char **tofree);

/* Appends text as a paragraph wrapped to width; continuation lines start with indent spaces. */
void wrap(strbuf *out, const char *utext, int width, int indent);

/* printf into a paragraph wrapped to width (as wrap). */
void wrapf(strbuf *out, int width, int indent, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Starts a flowing formula appending to out, its first line beginning with ulead. */
void flow_start(flow *f, strbuf *out, int width, const char *ulead);

/* Adds a piece; a leading space is dropped when the piece starts a continued line. */
void flow_add(flow *f, const char *upiece);

/* printf into one piece of a flow (as flow_add). */
void flow_addf(flow *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Ends a flow: its last line is appended. */
void flow_end(flow *f);

/* A table cell as it is written: the text, or its ASCII names in --ascii mode; malloc'd. */
char *cell_copy(const char *text);

/* Starts a table of ncol columns whose cells are written with glyphs(). */
void tbl_init(table *t, size_t ncol);

/* Adds a cell; rows fill left to right. */
void tbl_put(table *t, const char *text);

/* printf into a cell (as tbl_put). */
void tbl_putf(table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Renders the table with `indent` spaces before each row; align holds 'l' or 'r' per column. */
void tbl_render(const table *t, strbuf *out, int indent, const char *align);

/* Frees a table's cells. */
void tbl_free(table *t);

/* Writes "out of memory" into err; returns -1. */
int oom(char *err, size_t errlen);

/* Evaluates the update at parameters (w, b) over rows[0..m-1] (all rows in order when NULL). */
void upd_compute(const session *s, const double *w, double b, const size_t *rows,
                 size_t m, upd *u);

/* The update the next `step` or the `next` micro-steps will make, at the present parameters. */
void upd_present(session *s, upd *u);

/* Frees what upd_compute allocated. */
void upd_free(upd *u);

/* Batch row r's dC_x/dz at the update's parameters, from the z its sweep computed (no logarithm). */
double upd_delta(const session *s, const upd *u, size_t r);

/* Example r of the batch's term for parameter j: x_j dC_x/dz, or dC_x/dz for b. */
double upd_term(const session *s, const upd *u, size_t r, size_t j);

/* 1 when the update's batch is the whole dataset. */
int is_full_batch(const session *s, const upd *u);

/* qsort order of by_mag: larger magnitude first, then smaller index. */
int by_mag_cmp(const void *pa, const void *pb);

/* Chooses which of m values to list: all in order when m <= limit, else the `top` largest
 * by magnitude, largest first. Returns the count written to idx (m entries allocated). */
size_t pick_rows(const double *v, size_t m, size_t limit, size_t top, size_t *idx);

/* The sum (through model.c) of the values v[r] whose r is not among shown[0..count-1]. */
double rest_sum(const double *v, size_t m, const size_t *shown, size_t count,
                size_t *rest_count);

/* "examples 2, 3 and 7" (1-based), or "27 examples" when there are more than NAMES_MAX. */
void name_examples(char *buf, size_t len, const size_t *ex, size_t count);

/* Appends " (together T, each with why)" or " (together T): why" for the count examples ex[] whose terms
 * for parameter j have the given sign (1 or -1) and add up to T (no "together" for one example).
 * Why: for a weight, how many have σ(z) above y with x_j > 0 and how many below with x_j < 0
 * (a term's sign is the sign of x_j times that of σ(z) − y); for b, σ(z) above or below y. */
void sign_group(strbuf *para, const session *s, size_t j, const size_t *ex,
                const double *v, size_t count, int sign, const char *X);

/* With λ > 0, the gradient of weight j as its data term and its λ term, and which one decides
 * its sign (naming the λ term when it flips the sign the examples alone would give). */
void l2_words(strbuf *para, session *s, const upd *u, size_t j, int full);

/* 0 when example i (0-based) exists; -1 with "no example I: the examples are 1..n" in err. */
int check_example(const session *s, size_t i, char *err, size_t errlen);

/* The line "example 3: x = (1.0000, 0.0000), y = 0" naming an example's inputs and target. */
void example_line(const session *s, size_t i, int width, strbuf *out);

#endif
