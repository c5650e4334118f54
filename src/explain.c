/* explain.c: turns a session's numbers into worked formulas and words; every number comes from the session or model.c. */
#include "explain.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "model.h"
#include "plot.h"
#include "text.h"
#include "xmem.h"

#define NUMLEN 64
#define PL(n) ((n) == 1 ? "" : "s")  /* the plural ending for a count */
#define NB "\003"       /* TEXT_NB: a space where prose is never broken: "eq." NB "61" */
#define ROWS_ALL 20      /* up to this many examples are listed in full */
#define ROWS_TOP 12      /* beyond that, this many of the largest terms */
#define NAMES_MAX 8      /* up to this many example numbers are named in a sentence */
#define MIN_WIDTH 24     /* narrower widths are treated as this */
#define CHECK_TOL 1e-6   /* relative error below which `check` calls a partial derivative right */
#define COMPARE_MAX EXPLAIN_COMPARE_MAX

/* ---- small helpers: memory, widths, names, numbers ---- */

/* Display columns of text as explanations count them: the marks take none. */
static int dwidth(const char *s)
{
    return text_width(s, TEXT_MARKS);
}

static int clamp_width(int width)
{
    return width < MIN_WIDTH ? MIN_WIDTH : width;
}

/* v written with subscript digits (₀..₉). */
static char *subscript(char *buf, size_t len, size_t v)
{
    char dec[32];
    snprintf(dec, sizeof dec, "%zu", v);
    size_t o = 0;
    for (const char *p = dec; *p && o + 4 < len; p++) {
        buf[o++] = (char)0xE2;
        buf[o++] = (char)0x82;
        buf[o++] = (char)(0x80 + (*p - '0'));
    }
    buf[o] = '\0';
    return buf;
}

/* "w₂" for j = 1 (0-based), "b" for j == k. */
static char *pname(const session *s, size_t j, char *buf, size_t len)
{
    if (j >= s->data.k) {
        snprintf(buf, len, "b");
    } else {
        char sub[32];
        snprintf(buf, len, "w%s", subscript(sub, sizeof sub, j + 1));
    }
    return buf;
}

/* "x₂" for input j (0-based). */
static char *xname(size_t j, char *buf, size_t len)
{
    char sub[32];
    snprintf(buf, len, "x%s", subscript(sub, sizeof sub, j + 1));
    return buf;
}

/* How input j is called in the data file: `column "hours"`, or `column 2` without a header. */
static void column_words(const session *s, size_t j, char *buf, size_t len)
{
    if (s->data.has_header && s->data.input_names && s->data.input_names[j]) {
        snprintf(buf, len, "column \"%s\"", s->data.input_names[j]);
    } else {
        snprintf(buf, len, "column %zu", j + 1);
    }
}

/* A number with the session's decimals. */
static char *num(char *buf, const session *s, double v)
{
    return fmt_num(buf, NUMLEN, v, s->digits, 0);
}

/* A signed number (contributions, gradients) with the session's decimals. */
static char *snum(char *buf, const session *s, double v)
{
    return fmt_num(buf, NUMLEN, v, s->digits, FMT_SIGN);
}

/* A setting or target as the user would type it (0.5, 1, 0.01), or with the decimals when long. */
static char *short_num(char *buf, const session *s, double v)
{
    fmt_exact(buf, NUMLEN, v);
    if ((int)strlen(buf) > s->digits + 4) {
        fmt_num(buf, NUMLEN, v, s->digits, 0);
    }
    return buf;
}

/* A number in parentheses when it is negative, so that "0.5 − (-0.1)" reads right. */
static char *paren(char *buf, const char *v)
{
    if (v[0] == '-' || v[0] == '+') {
        char tmp[NUMLEN];
        snprintf(tmp, sizeof tmp, "%s", v);
        snprintf(buf, NUMLEN, "(%.*s)", NUMLEN - 3, tmp);
    } else if (buf != v) {
        snprintf(buf, NUMLEN, "%s", v);
    }
    return buf;
}

static const char *cost_words(model_cost c)
{
    return c == MODEL_COST_CE ? "cross-entropy" : "quadratic";
}

/* ---- glyphs: UTF-8, or ASCII names when fmt_ascii() was chosen ---- */

static const char *const ascii_map[][2] = {
    {"Σₓ", "sum_x"}, {"Σ_j", "sum_j"}, {"Σ", "sum"}, {"σ", "sigma"}, {"∂", "d"}, {"η", "eta"},
    {"λ", "lambda"}, {"−", "-"}, {"←", "<-"}, {"×", "*"}, {"·", "*"}, {"½", "1/2"},
    {"²", "^2"}, {"…", "..."}, {"∛ε", "cbrt(eps)"}, {"ε", "eps"}, {"≈", "~"}, {"θ", "theta"},
    {"ₓ", "_x"}, {"≥", ">="}, {"≤", "<="}, {"³", "^3"}, {"±", "+-"},
};

/* text with every glyph replaced by its ASCII name (subscript digits by digits); malloc'd. */
static char *asciify(const char *text)
{
    strbuf sb = {0};
    const char *p = text;
    while (*p) {
        unsigned char c0 = (unsigned char)p[0];
        if (c0 == 0xE2 && (unsigned char)p[1] == 0x82 && (unsigned char)p[2] >= 0x80 &&
            (unsigned char)p[2] <= 0x89) {
            char d = (char)('0' + ((unsigned char)p[2] - 0x80));
            sb_append(&sb, &d, 1);
            p += 3;
            continue;
        }
        size_t q = 0, count = sizeof ascii_map / sizeof ascii_map[0];
        for (; q < count; q++) {
            size_t len = strlen(ascii_map[q][0]);
            if (strncmp(p, ascii_map[q][0], len) == 0) {
                sb_puts(&sb, ascii_map[q][1]);
                p += len;
                break;
            }
        }
        if (q == count) {
            sb_append(&sb, p, 1);
            p++;
        }
    }
    char *r = xstrdup(sb_str(&sb));
    sb_free(&sb);
    return r;
}

/* Text as it should be written: itself, or a malloc'd ASCII copy put in *tofree. */
static const char *glyphs(const char *text, char **tofree)
{
    *tofree = NULL;
    if (!fmt_ascii()) {
        return text;
    }
    *tofree = asciify(text);
    return *tofree;
}

/* ---- text layout: wrapped prose, flowing formulas, aligned tables ---- */

/* Appends text as a paragraph wrapped to width; continuation lines start with indent spaces. */
static void wrap(strbuf *out, const char *utext, int width, int indent)
{
    char *tofree;
    const char *text = glyphs(utext, &tofree);
    text_wrap(out, text, clamp_width(width), indent, TEXT_MARKS);
    free(tofree);
}

/* printf into a paragraph wrapped to width. */
static void wrapf(strbuf *out, int width, int indent, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void wrapf(strbuf *out, int width, int indent, const char *fmt, ...)
{
    strbuf tmp = {0};
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (len >= (int)sizeof buf) {
        char *big = xcalloc((size_t)len + 1, 1);
        va_start(ap, fmt);
        vsnprintf(big, (size_t)len + 1, fmt, ap);
        va_end(ap);
        sb_puts(&tmp, big);
        free(big);
    } else {
        sb_puts(&tmp, buf);
    }
    wrap(out, sb_str(&tmp), width, indent);
    sb_free(&tmp);
}

/* A formula that flows over several lines (text_flow), its pieces written with glyphs(). */
typedef text_flow flow;

static void flow_start(flow *f, strbuf *out, int width, const char *ulead)
{
    char *tofree;
    text_flow_start(f, out, clamp_width(width), glyphs(ulead, &tofree));
    free(tofree);
}

/* Adds a piece; a leading space is dropped when the piece starts a continued line. */
static void flow_add(flow *f, const char *upiece)
{
    char *tofree;
    text_flow_add(f, glyphs(upiece, &tofree));
    free(tofree);
}

static void flow_addf(flow *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void flow_addf(flow *f, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    flow_add(f, buf);
}

static void flow_end(flow *f)
{
    text_flow_end(f);
}

/* A table of cells (text_table), written with glyphs(). */
typedef text_table table;

/* A table cell as it is written: the text, or its ASCII names in --ascii mode; malloc'd. */
static char *cell_copy(const char *text)
{
    return fmt_ascii() ? asciify(text) : xstrdup(text);
}

static void tbl_init(table *t, size_t ncol)
{
    text_table_init(t, ncol, cell_copy);
}

static void tbl_put(table *t, const char *text)
{
    text_table_put(t, text);
}

static void tbl_putf(table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tbl_putf(table *t, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    tbl_put(t, buf);
}

/* Renders the table with `indent` spaces before each row; align holds 'l' or 'r' per column. */
static void tbl_render(const table *t, strbuf *out, int indent, const char *align)
{
    text_table_render(t, out, indent, align);
}

static void tbl_free(table *t)
{
    text_table_free(t);
}

static int oom(char *err, size_t errlen)
{
    snprintf(err, errlen, "out of memory");
    return -1;
}

/* ---- one update over a batch, every number through model.c ---- */

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

/* Evaluates the update at parameters (w, b) over rows[0..m-1] (all rows in order when NULL). */
static void upd_compute(const session *s, const double *w, double b, const size_t *rows,
                        size_t m, upd *u)
{
    size_t k = s->data.k, n = s->data.n;
    memset(u, 0, sizeof *u);
    u->k = k;
    u->m = m;
    u->rows = xcalloc(m, sizeof *u->rows);
    for (size_t r = 0; r < m; r++) {
        u->rows[r] = rows ? rows[r] : r;
    }
    u->z = xcalloc(m, sizeof *u->z);
    double **arr[] = {&u->old, &u->sum, &u->mean, &u->l2, &u->grad, &u->move, &u->next};
    for (size_t a = 0; a < sizeof arr / sizeof arr[0]; a++) {
        *arr[a] = xcalloc(k + 1, sizeof(double));
    }
    for (size_t j = 0; j < k; j++) {
        u->old[j] = w[j];
    }
    u->old[k] = b;
    model_accumulate_grad(s->data.x, s->data.y, k, u->rows, m, w, b, s->cost, u->sum, &u->sum[k], u->z);
    memcpy(u->mean, u->sum, (k + 1) * sizeof(double));
    model_finish_gradient(u->mean, &u->mean[k], k, m, n, 0.0, w);
    memcpy(u->grad, u->sum, (k + 1) * sizeof(double));
    model_finish_gradient(u->grad, &u->grad[k], k, m, n, s->lambda, w);
    for (size_t j = 0; j < k; j++) {
        u->l2[j] = model_l2_grad(s->lambda, n, w[j]);
    }
    memcpy(u->next, u->old, (k + 1) * sizeof(double));
    model_apply_update(u->next, &u->next[k], k, s->eta, u->grad, u->grad[k]);
    model_apply_update(u->move, &u->move[k], k, s->eta, u->grad, u->grad[k]);
}

/* The update the next `step` or the `next` micro-steps will make, at the present parameters. */
static void upd_present(session *s, upd *u)
{
    const size_t *rows = NULL;
    size_t m = 0;
    session_batch(s, &rows, &m);
    if (m == 0) {
        rows = NULL;
        m = s->data.n;
    }
    upd_compute(s, s->w, s->b, rows, m, u);
}

static void upd_free(upd *u)
{
    free(u->rows);
    free(u->z);
    free(u->old);
    free(u->sum);
    free(u->mean);
    free(u->l2);
    free(u->grad);
    free(u->move);
    free(u->next);
    memset(u, 0, sizeof *u);
}

/* Batch row r's dC_x/dz at the update's parameters, from the z its sweep computed (no logarithm). */
static double upd_delta(const session *s, const upd *u, size_t r)
{
    return model_delta_at(u->z[r], s->data.y[u->rows[r]], s->cost);
}

/* Example r of the batch's term for parameter j: x_j dC_x/dz, or dC_x/dz for b. */
static double upd_term(const session *s, const upd *u, size_t r, size_t j)
{
    return model_term(s->data.x + u->rows[r] * s->data.k, s->data.k, j, upd_delta(s, u, r));
}

static int is_full_batch(const session *s, const upd *u)
{
    return u->m == s->data.n && (s->batch == 0 || s->batch >= s->data.n);
}

/* Indices 0..m-1 ordered by |v| from largest to smallest (ties by index). */
typedef struct {
    double mag;
    size_t idx;
} by_mag;

static int by_mag_cmp(const void *pa, const void *pb)
{
    const by_mag *a = pa, *b = pb;
    if (a->mag != b->mag) {
        return a->mag > b->mag ? -1 : 1;
    }
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Chooses which of m values to list: all in order when m <= limit, else the `top` largest
 * by magnitude, largest first. Returns the count written to idx (m entries allocated). */
static size_t pick_rows(const double *v, size_t m, size_t limit, size_t top, size_t *idx)
{
    if (m <= limit) {
        for (size_t r = 0; r < m; r++) {
            idx[r] = r;
        }
        return m;
    }
    by_mag *bm = xcalloc(m, sizeof *bm);
    for (size_t r = 0; r < m; r++) {
        bm[r].mag = isnan(v[r]) ? INFINITY : fabs(v[r]);
        bm[r].idx = r;
    }
    qsort(bm, m, sizeof *bm, by_mag_cmp);
    for (size_t r = 0; r < top; r++) {
        idx[r] = bm[r].idx;
    }
    free(bm);
    return top;
}

/* The sum (through model.c) of the values v[r] whose r is not among shown[0..count-1]. */
static double rest_sum(const double *v, size_t m, const size_t *shown, size_t count,
                       size_t *rest_count)
{
    char *skip = xcalloc(m, 1);
    for (size_t c = 0; c < count; c++) {
        skip[shown[c]] = 1;
    }
    double *rest = xcalloc(m, sizeof *rest);
    size_t nr = 0;
    for (size_t r = 0; r < m; r++) {
        if (!skip[r]) {
            rest[nr++] = v[r];
        }
    }
    double total = model_sum(rest, nr);
    *rest_count = nr;
    free(rest);
    free(skip);
    return total;
}

/* "examples 2, 3 and 7" (1-based), or "27 examples" when there are more than NAMES_MAX. */
static void name_examples(char *buf, size_t len, const size_t *ex, size_t count)
{
    if (count > NAMES_MAX) {
        snprintf(buf, len, "%zu examples", count);
        return;
    }
    size_t o = (size_t)snprintf(buf, len, count == 1 ? "example" : "examples");
    for (size_t c = 0; c < count && o < len; c++) {
        const char *sep = c == 0 ? " " : (c + 1 == count ? " and " : ", ");
        o += (size_t)snprintf(buf + o, len - o, "%s%zu", sep, ex[c] + 1);
    }
}

/* Appends " (together T, each with why)" or " (together T): why" for the count examples ex[] whose terms
 * for parameter j have the given sign (1 or -1) and add up to T (no "together" for one example).
 * Why: for a weight, how many have σ(z) above y with x_j > 0 and how many below with x_j < 0
 * (a term's sign is the sign of x_j times that of σ(z) − y); for b, σ(z) above or below y. */
static void sign_group(strbuf *para, const session *s, size_t j, const size_t *ex,
                       const double *v, size_t count, int sign, const char *X)
{
    size_t k = s->data.k, xpos = 0;
    const char *rel = sign > 0 ? "above" : "below", *inv = sign > 0 ? "below" : "above";
    char tot[NUMLEN + 16] = "", a[NUMLEN];
    if (count > 1) {
        snprintf(tot, sizeof tot, "together %s", snum(a, s, model_sum(v, count)));
    }
    const char *each = count > 1 ? ", each with " : "";
    if (j == k) {
        sb_printf(para, " (%s%sσ(z) %s y)", tot, each, rel);
        return;
    }
    for (size_t q = 0; q < count; q++) {
        xpos += s->data.x[ex[q] * k + j] > 0;
    }
    if (xpos == count) {
        sb_printf(para, " (%s%sσ(z) %s y and %s > 0)", tot, each, rel, X);
    } else if (xpos == 0) {
        sb_printf(para, " (%s%sσ(z) %s y and %s < 0)", tot, each, inv, X);
    } else {
        sb_printf(para, " (%s): %zu with σ(z) %s y and %s > 0, %zu with σ(z) %s y and %s < 0",
                  tot, xpos, rel, X, count - xpos, inv, X);
    }
}

/* With λ > 0, the gradient of weight j as its data term and its λ term, and which one decides
 * its sign (naming the λ term when it flips the sign the examples alone would give). */
static void l2_words(strbuf *para, session *s, const upd *u, size_t j, int full)
{
    char P[32], a[NUMLEN], b[NUMLEN];
    pname(s, j, P, sizeof P);
    double d = u->mean[j], l = u->l2[j];
    sb_printf(para, "∂C/∂%s has two parts: the data term (1/%s) Σₓ … = %s and the λ term "
                    "(λ/n)" NB "%s = %s. ", P, full ? "n" : "m", snum(a, s, d), P, snum(b, s, l));
    if (l == 0.0) {
        sb_puts(para, "The λ term is 0 here, so the data term alone sets the sign. ");
    } else if (d == 0.0) {
        sb_puts(para, "The data term is 0 here, so the λ term alone sets the sign. ");
    } else if ((d > 0) == (l > 0)) {
        sb_puts(para, "Both have the same sign, so they agree on the direction. ");
    } else if (fabs(l) > fabs(d)) {
        sb_printf(para, "They have opposite signs and the λ term is larger, so it decides the "
                        "sign: the examples alone would %s %s, the weight decay %s it. ",
                  d > 0 ? "lower" : "raise", P, l > 0 ? "lowers" : "raises");
    } else {
        sb_puts(para, "They have opposite signs and the data term is larger, so it decides the "
                      "sign; the λ term only shrinks the step. ");
    }
}

/* ---- explain w J | b ---- */

/* The words under explain_param: what the symbols are, who pushes which way, the outcome. */
static void param_words(session *s, const upd *u, size_t j, const double *t, int width,
                        strbuf *out)
{
    size_t k = s->data.k, m = u->m;
    int full = is_full_batch(s, u);
    char P[32], X[32], col[256], a[NUMLEN], b[NUMLEN], c[NUMLEN];
    pname(s, j, P, sizeof P);
    if (j < k) {
        xname(j, X, sizeof X);
        column_words(s, j, col, sizeof col);
        wrapf(out, width, 0,
              "In words: %s is the weight on input %zu (%s), one number shared by every "
              "example. %s is input %zu of each example in turn, σ(z) is that example's output "
              "a and y its target; the sum runs over the %s = %zu example%s%s.",
              P, j + 1, col, X, j + 1, full ? "n" : "m", m, PL(m),
              full ? "" : " of the next mini-batch");
    } else {
        wrapf(out, width, 0,
              "In words: b is the bias, one number added to every example's z; since ∂z/∂b = 1, "
              "each example's term is its σ(z) − y alone (σ(z) its output, y its target). The "
              "sum runs over the %s = %zu example%s%s.",
              full ? "n" : "m", m, PL(m), full ? "" : " of the next mini-batch");
    }
    if (s->cost == MODEL_COST_QUAD) {
        wrap(out, "Under the quadratic cost each term also carries σ'(z), the slope of σ at that "
                  "example's z: near 0 when σ(z) is close to 0 or 1, however wrong the output.",
             width, 0);
    }

    size_t *pos = xcalloc(m, sizeof *pos), *neg = xcalloc(m, sizeof *neg);
    size_t *zer = xcalloc(m, sizeof *zer);
    double *pv = xcalloc(m, sizeof *pv), *nv = xcalloc(m, sizeof *nv);
    size_t np = 0, nn = 0, nz = 0, big = 0;
    for (size_t r = 0; r < m; r++) {
        if (t[r] > 0) {
            pv[np] = t[r];
            pos[np++] = u->rows[r];
        } else if (t[r] < 0) {
            nv[nn] = t[r];
            neg[nn++] = u->rows[r];
        } else {
            zer[nz++] = u->rows[r];
        }
        if (fabs(t[r]) > fabs(t[big])) {
            big = r;
        }
    }
    strbuf para = {0};
    if (j < k) {
        sb_printf(&para, "A term %s(σ(z) − y)%s is positive when the output is above its target "
                         "with %s > 0, or below it with %s < 0; a positive term pushes %s down, "
                         "because the update subtracts η times the gradient, and a negative term "
                         "pulls it up.", X, s->cost == MODEL_COST_QUAD ? "σ'(z)" : "", X, X, P);
    } else {
        sb_printf(&para, "A term σ(z) − y%s is positive when the output is above its target; a "
                         "positive term pushes b down, because the update subtracts η times the "
                         "gradient, and a negative term pulls it up.",
                  s->cost == MODEL_COST_QUAD ? " (times σ'(z) > 0)" : "");
    }
    char names[512];
    const char *sep = " Here";
    if (np) {
        name_examples(names, sizeof names, pos, np);
        sb_printf(&para, "%s %s %s %s down", sep, names, np == 1 ? "pushes" : "push", P);
        sign_group(&para, s, j, pos, pv, np, 1, X);
        sep = ";";
    }
    if (nn) {
        name_examples(names, sizeof names, neg, nn);
        sb_printf(&para, "%s %s %s it up", sep, names, nn == 1 ? "pulls" : "pull");
        sign_group(&para, s, j, neg, nv, nn, -1, X);
        sep = ";";
    }
    if (nz) {
        name_examples(names, sizeof names, zer, nz);
        sb_printf(&para, "%s %s %s nothing", sep, names, nz == 1 ? "adds" : "add");
        size_t xzero = 0;
        for (size_t q = 0; q < nz && j < k; q++) {
            xzero += s->data.x[zer[q] * k + j] == 0.0;
        }
        if (j < k && xzero == nz) {
            sb_printf(&para, " (%s = 0)", X);
        } else if (xzero == 0) {
            sb_puts(&para, " (σ(z) = y)");
        } else {
            sb_printf(&para, " (%s = 0 or σ(z) = y)", X);
        }
    }
    if (m > 1 && t[big] != 0) {
        sb_printf(&para, ". The largest contributor is example %zu (%s).", u->rows[big] + 1,
                  snum(a, s, t[big]));
    } else {
        sb_puts(&para, ".");
    }
    wrap(out, sb_str(&para), width, 0);
    sb_clear(&para);

    double g = u->grad[j];
    num(a, s, u->old[j]);
    num(b, s, u->next[j]);
    num(c, s, fabs(u->move[j]));
    if (j < k && s->lambda > 0) {
        l2_words(&para, s, u, j, full);
    }
    if (g > 0) {
        sb_printf(&para, "So ∂C/∂%s is positive and this update lowers %s by %s: from %s to %s.",
                  P, P, c, a, b);
    } else if (g < 0) {
        sb_printf(&para, "So ∂C/∂%s is negative and this update raises %s by %s: from %s to %s.",
                  P, P, c, a, b);
    } else {
        sb_printf(&para, "So ∂C/∂%s is zero and this update leaves %s at %s.", P, P, a);
    }
    wrap(out, sb_str(&para), width, 0);
    sb_free(&para);
    free(pos);
    free(neg);
    free(zer);
    free(pv);
    free(nv);
}

int explain_param(session *s, size_t j, int width, strbuf *out, char *err, size_t errlen)
{
    size_t k = s->data.k, n = s->data.n;
    if (j > k) {
        snprintf(err, errlen, "no parameter %zu: the parameters are w1..w%zu and b", j + 1, k);
        return -1;
    }
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    upd u;
    upd_present(s, &u);
    size_t m = u.m;
    int full = is_full_batch(s, &u);
    int quad = s->cost == MODEL_COST_QUAD;
    int isb = j == k;
    char P[32], X[32] = "", a[NUMLEN], b[NUMLEN], c[NUMLEN], d[NUMLEN], e[NUMLEN];

    pname(s, j, P, sizeof P);
    if (!isb) {
        xname(j, X, sizeof X);
    }
    const char *cnt = full ? "n" : "m";
    wrapf(out, width, 4, "∂C/∂%s = (1/%s) Σₓ %s%s(σ(z) − y)%s%s%s", P, cnt, X, isb ? "" : " ",
          quad ? " σ'(z)" : "", (!isb && s->lambda > 0) ? " + (λ/n) " : "",
          (!isb && s->lambda > 0) ? P : "");
    if (full) {
        wrapf(out, width, 2, "  %s cost%s, n = %zu example%s, step %ld", cost_words(s->cost),
              quad ? "" : (isb ? " (eq." NB "62)" : (s->lambda > 0 ? " (eqs." NB "61 and 88)"
                                                                 : " (eq." NB "61)")),
              n, PL(n), s->step);
    } else {
        wrapf(out, width, 2, "  %s cost, over the m = %zu example%s of the next mini-batch "
              "(n = %zu in all), step %ld", cost_words(s->cost), m, PL(m), n, s->step);
    }
    if (s->pending > 0) {
        wrapf(out, width, 2, "  (next has added %zu of these %zu terms so far; the update is "
              "applied after the last)", s->pending, m);
    }

    /* one row per example: the terms and the factors they are made of */
    double *t = xcalloc(m, sizeof *t);
    for (size_t r = 0; r < m; r++) {
        t[r] = upd_term(s, &u, r, j);
    }
    size_t *idx = xcalloc(m, sizeof *idx);
    size_t shown = pick_rows(t, m, ROWS_ALL, ROWS_TOP, idx);
    if (shown < m) {
        wrapf(out, width, 2, "  the %zu largest of the %zu terms, largest first:", shown, m);
    }
    size_t ncol = 4 + (isb ? 0 : 1) + ((quad || !isb) ? 1 : 0) + (quad ? 1 : 0);
    table tb;
    tbl_init(&tb, ncol);
    char align[16] = "";
    tbl_put(&tb, "x");
    strcat(align, "r");
    if (!isb) {
        tbl_put(&tb, X);
        strcat(align, "r");
    }
    tbl_put(&tb, "σ(z)");
    tbl_put(&tb, "y");
    strcat(align, "rr");
    if (quad || !isb) {
        tbl_put(&tb, "σ(z)−y");
        strcat(align, "r");
    }
    if (quad) {
        tbl_put(&tb, "σ'(z)");
        strcat(align, "r");
    }
    if (isb) {
        tbl_put(&tb, quad ? "(σ(z)−y)σ'(z)" : "σ(z)−y");
    } else {
        tbl_putf(&tb, "%s(σ(z)−y)%s", X, quad ? "σ'(z)" : "");
    }
    strcat(align, "r");
    for (size_t q = 0; q < shown; q++) {
        size_t r = idx[q], row = u.rows[r];
        model_chain ch;
        model_chain_rule(u.z[r], s->data.y[row], s->cost, &ch);
        tbl_putf(&tb, "%zu", row + 1);
        if (!isb) {
            tbl_put(&tb, num(a, s, s->data.x[row * k + j]));
        }
        tbl_put(&tb, num(a, s, ch.a));
        tbl_put(&tb, short_num(a, s, s->data.y[row]));
        if (quad || !isb) {
            tbl_put(&tb, snum(a, s, ch.gap));
        }
        if (quad) {
            tbl_put(&tb, num(a, s, ch.da_dz));
        }
        tbl_put(&tb, snum(a, s, t[r]));
    }
    tbl_render(&tb, out, 2, align);
    tbl_free(&tb);
    if (shown < m) {
        size_t nr = 0;
        double rest = rest_sum(t, m, idx, shown, &nr);
        wrapf(out, width, 4, "  … %zu more terms not shown, adding up to %s", nr,
              snum(a, s, rest));
    }

    /* the sum, the mean, the λ term, the gradient and the update */
    snum(a, s, u.sum[j]);
    wrapf(out, width, 4, "  sum of the %zu term%s = %s", m, PL(m), a);
    flow f;
    char lead[160];
    snprintf(lead, sizeof lead, "  ∂C/∂%s = ", P);
    flow_start(&f, out, width, lead);
    paren(d, a);
    flow_addf(&f, "(1/%zu) × %s", m, d);
    if (!isb && s->lambda > 0) {
        flow_addf(&f, " + (%s/%zu) × %s", short_num(b, s, s->lambda), n, paren(d, num(c, s, u.old[j])));
        flow_addf(&f, " = %s", snum(b, s, u.mean[j]));
        flow_addf(&f, " + %s", paren(d, snum(c, s, u.l2[j])));
    }
    flow_addf(&f, " = %s", snum(b, s, u.grad[j]));
    flow_end(&f);
    snprintf(lead, sizeof lead, "  %s ← %s − η ∂C/∂%s = ", P, P, P);
    flow_start(&f, out, width, lead);
    flow_addf(&f, "%s − %s × %s", paren(d, num(a, s, u.old[j])), short_num(b, s, s->eta),
              paren(e, snum(c, s, u.grad[j])));
    flow_addf(&f, " = %s", num(a, s, u.next[j]));
    flow_end(&f);
    if (!full) {
        double g = isb ? ev->grad_b : ev->grad_w[j];
        wrapf(out, width, 4, "  (over the whole dataset ∂C/∂%s = %s)", P, snum(a, s, g));
    }
    sb_puts(out, "\n");
    param_words(s, &u, j, t, width, out);
    free(idx);
    free(t);
    upd_free(&u);
    return 0;
}

/* ---- explain cost | z | sigma | update ---- */

static int check_example(const session *s, size_t i, char *err, size_t errlen)
{
    if (i >= s->data.n) {
        snprintf(err, errlen, "no example %zu: the examples are 1..%zu", i + 1, s->data.n);
        return -1;
    }
    return 0;
}

/* The line "example 3: x = (1.0000, 0.0000), y = 0" naming an example's inputs and target. */
static void example_line(const session *s, size_t i, int width, strbuf *out)
{
    size_t k = s->data.k;
    char a[NUMLEN], lead[64];
    snprintf(lead, sizeof lead, "  example %zu: ", i + 1);
    flow f;
    flow_start(&f, out, width, lead);
    for (size_t j = 0; j < k; j++) {
        char X[32];
        flow_addf(&f, "%s = %s%s", xname(j, X, sizeof X), num(a, s, s->data.x[i * k + j]),
                  j + 1 < k ? ", " : "");
    }
    flow_addf(&f, "%sy = %s", k ? "; " : "", short_num(a, s, s->data.y[i]));
    flow_end(&f);
}

int explain_cost(session *s, size_t i, int width, strbuf *out, char *err, size_t errlen)
{
    size_t n = s->data.n, k = s->data.k;
    if (i != EXPLAIN_ALL && check_example(s, i, err, errlen) < 0) {
        return -1;
    }
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    char a[NUMLEN], b[NUMLEN], c[NUMLEN], d[NUMLEN];
    int ce = s->cost == MODEL_COST_CE;
    if (i != EXPLAIN_ALL) {
        const model_example ex_val = session_example(s, i);
        const model_example *ex = &ex_val;
        double y = s->data.y[i];
        if (ce) {
            wrapf(out, width, 4, "C_x for example %zu (cross-entropy, eq." NB "57): "
                  "C_x = −[y ln a + (1 − y) ln(1 − a)], a = σ(z)", i + 1);
        } else {
            wrapf(out, width, 4, "C_x for example %zu (quadratic cost): C_x = ½(y − a)², "
                  "a = σ(z)", i + 1);
        }
        example_line(s, i, width, out);
        wrapf(out, width, 4, "  z = %s, a = σ(z) = %s, 1 − a = %s", snum(a, s, ex->z),
              num(b, s, ex->a), num(c, s, model_sigmoid(-ex->z)));
        flow f;
        if (ce) {
            double la = model_ln_sigmoid(ex->z), l1a = model_ln_sigmoid(-ex->z);
            char ys[NUMLEN], y1[NUMLEN];
            short_num(ys, s, y);
            short_num(y1, s, 1.0 - y);
            flow_start(&f, out, width, "  C_x = ");
            flow_addf(&f, "−[%s × ln(%s)", ys, num(a, s, ex->a));
            flow_addf(&f, " + %s × ln(%s)]", y1, num(b, s, model_sigmoid(-ex->z)));
            flow_end(&f);
            flow_start(&f, out, width, "      = ");
            flow_addf(&f, "−[%s × (%s)", ys, num(a, s, la));
            flow_addf(&f, " + %s × (%s)]", y1, num(b, s, l1a));
            flow_addf(&f, " = %s", num(c, s, ex->cost));
            flow_end(&f);
            sb_puts(out, "\n");
            if (y == 0.0 || y == 1.0) {
                wrapf(out, width, 0,
                      "In words: C_x is how wrong the output a is for this example. With y = %s "
                      "only the %s term counts: C_x = −ln(%s) = %s. It is 0 when a equals y and "
                      "grows without bound as a moves to the wrong end (ln 2 = 0.6931 at "
                      "a = 0.5). C is the mean of C_x over the n = %zu example%s (`explain "
                      "cost`).",
                      ys, y >= 0.5 ? "ln a" : "ln(1 − a)",
                      y >= 0.5 ? num(a, s, ex->a) : num(b, s, model_sigmoid(-ex->z)),
                      num(d, s, y >= 0.5 ? -la : -l1a), n, PL(n));
            } else {
                wrapf(out, width, 0,
                      "In words: C_x is how wrong the output a is for this example. With a "
                      "target y = %s strictly between 0 and 1 both terms count, and C_x is "
                      "smallest (but not 0) at a = y. C is the mean of C_x over the n = %zu "
                      "example%s (`explain cost`).", ys, n, PL(n));
            }
        } else {
            model_chain ch;
            model_chain_rule(ex->z, y, s->cost, &ch);
            flow_start(&f, out, width, "  C_x = ");
            flow_addf(&f, "½(%s − %s)²", short_num(a, s, y), num(b, s, ex->a));
            flow_addf(&f, " = ½ × (%s)²", snum(c, s, ch.gap));
            flow_addf(&f, " = %s", num(d, s, ex->cost));
            flow_end(&f);
            sb_puts(out, "\n");
            wrapf(out, width, 0,
                  "In words: C_x is half the squared distance between the output a and the "
                  "target y; it is at most ½, however wrong a is. Its gradient (a − y)σ'(z) "
                  "can be tiny for a badly wrong output because of the factor σ'(z), which is "
                  "near 0 when σ(z) is near 0 or 1 (`derive`). C is the mean over the n = %zu "
                  "example%s (`explain cost`).", n, PL(n));
        }
        return 0;
    }

    /* C as the mean of every C_x */
    double *cx = xcalloc(n, sizeof *cx);
    for (size_t r = 0; r < n; r++) {
        cx[r] = session_example(s, r).cost;
    }
    wrapf(out, width, 4, "C = (1/n) Σₓ C_x%s   (%s cost, n = %zu, step %ld)",
          s->lambda > 0 ? " + (λ/2n)" NB "Σ_j" NB "w_j²" : "", cost_words(s->cost), n, s->step);
    size_t *idx = xcalloc(n, sizeof *idx);
    size_t shown = pick_rows(cx, n, ROWS_ALL, ROWS_TOP, idx);
    if (shown < n) {
        wrapf(out, width, 2, "  the %zu largest of the %zu costs, largest first:", shown, n);
    }
    table tb;
    text_table_header(&tb, cell_copy, "x", "y", "z", "σ(z)", "C_x", NULL);
    for (size_t q = 0; q < shown; q++) {
        size_t r = idx[q];
        tbl_putf(&tb, "%zu", r + 1);
        tbl_put(&tb, short_num(a, s, s->data.y[r]));
        tbl_put(&tb, snum(a, s, session_z(s, r)));
        tbl_put(&tb, num(a, s, model_activation(session_z(s, r))));
        tbl_put(&tb, num(a, s, cx[r]));
    }
    tbl_render(&tb, out, 2, "rrrrr");
    tbl_free(&tb);
    if (shown < n) {
        size_t nr = 0;
        double rest = rest_sum(cx, n, idx, shown, &nr);
        wrapf(out, width, 4, "  … %zu more not shown, adding up to %s", nr, num(a, s, rest));
    }
    double sum = model_sum(cx, n);
    double mean = model_total_cost(sum, n, 0.0, s->w, k);
    wrapf(out, width, 4, "  sum of the %zu cost%s = %s", n, PL(n), num(a, s, sum));
    flow f;
    flow_start(&f, out, width, "  C = ");
    flow_addf(&f, "(1/%zu) × %s", n, num(a, s, sum));
    if (s->lambda > 0) {
        double l2 = model_l2_cost(s->lambda, n, s->w, k);
        flow_addf(&f, " + (%s/%zu) × Σ_j w_j²", short_num(b, s, s->lambda), 2 * n);
        flow_addf(&f, " = %s + %s", num(a, s, mean), num(b, s, l2));
    }
    flow_addf(&f, " = %s", num(c, s, ev->cost));
    flow_end(&f);
    sb_puts(out, "\n");
    wrapf(out, width, 0,
          "In words: each C_x measures how wrong the output σ(z) is for one example; C is "
          "their mean, the number gradient descent lowers%s. `explain cost I` works one C_x "
          "out.", s->lambda <= 0 ? "" : (s->cost == MODEL_COST_QUAD
                                            ? ", plus the weight penalty (λ/2n)" NB "Σ" NB "w_j² (eq." NB "86)"
                                            : ", plus the weight penalty (λ/2n)" NB "Σ" NB "w_j² (eq." NB "85)"));
    free(idx);
    free(cx);
    return 0;
}

int explain_z(session *s, size_t i, int width, strbuf *out, char *err, size_t errlen)
{
    size_t k = s->data.k;
    if (check_example(s, i, err, errlen) < 0) {
        return -1;
    }
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    char a[NUMLEN], b[NUMLEN], P[32], X[32];
    const double *x = s->data.x + i * k;
    wrapf(out, width, 4, "z for example %zu: z = Σ_j w_j x_j + b", i + 1);
    example_line(s, i, width, out);
    double *prod = xcalloc(k + 1, sizeof *prod);
    for (size_t j = 0; j < k; j++) {
        prod[j] = model_term(x, k, j, s->w[j]);
    }
    size_t *idx = xcalloc(k + 1, sizeof *idx);
    size_t shown = pick_rows(prod, k, ROWS_ALL, ROWS_TOP, idx);
    flow f;
    flow_start(&f, out, width, "  z = ");
    for (size_t q = 0; q < shown; q++) {
        size_t j = idx[q];
        flow_addf(&f, "%s%s%s", q ? " + " : "", pname(s, j, P, sizeof P), xname(j, X, sizeof X));
    }
    flow_addf(&f, "%sb", shown ? " + " : "");
    if (shown < k) {
        flow_add(&f, " + …");
    }
    flow_end(&f);
    flow_start(&f, out, width, "    = ");
    for (size_t q = 0; q < shown; q++) {
        size_t j = idx[q];
        flow_addf(&f, "%s%s × %s", q ? " + " : "", paren(a, num(a, s, s->w[j])),
                  num(b, s, x[j]));
    }
    flow_addf(&f, "%s%s", shown ? " + " : "", paren(a, num(a, s, s->b)));
    flow_end(&f);
    flow_start(&f, out, width, "    = ");
    for (size_t q = 0; q < shown; q++) {
        flow_addf(&f, "%s%s", q ? " + " : "", paren(a, num(a, s, prod[idx[q]])));
    }
    if (shown < k) {
        size_t nr = 0;
        double rest = rest_sum(prod, k, idx, shown, &nr);
        flow_addf(&f, " + %s", paren(a, num(a, s, rest)));
        flow_addf(&f, " (the other %zu products)", nr);
    }
    flow_addf(&f, "%s%s", shown ? " + " : "", paren(a, num(a, s, s->b)));
    flow_addf(&f, " = %s", snum(b, s, session_z(s, i)));
    flow_end(&f);
    sb_puts(out, "\n");
    wrapf(out, width, 0,
          "In words: z is the neuron's weighted input for example %zu: each input x_j times "
          "its weight w_j, plus the bias b. The weights and b are shared by every example; "
          "the inputs are this example's. z > 0 gives σ(z) > 0.5, a prediction of 1.", i + 1);
    free(idx);
    free(prod);
    return 0;
}

int explain_sigma(session *s, size_t i, int width, strbuf *out, char *err, size_t errlen)
{
    if (check_example(s, i, err, errlen) < 0) {
        return -1;
    }
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    char a[NUMLEN], b[NUMLEN], c[NUMLEN];
    const model_example ex_val = session_example(s, i);
    const model_example *ex = &ex_val;
    model_chain ch;
    model_chain_rule(ex->z, s->data.y[i], s->cost, &ch);
    wrapf(out, width, 4, "σ(z) for example %zu: a = σ(z) = 1/(1 + e^(−z)) (eq." NB "3)", i + 1);
    wrapf(out, width, 4, "  z = %s", snum(a, s, ex->z));
    wrapf(out, width, 4, "  σ(z) = 1/(1 + e^(%s)) = %s", snum(a, s, -ex->z), num(b, s, ex->a));
    wrapf(out, width, 4, "  σ'(z) = σ(z)(1 − σ(z)) = %s × %s = %s", num(a, s, ex->a),
          num(b, s, model_sigmoid(-ex->z)), num(c, s, ch.da_dz));
    sb_puts(out, "\n");
    wrapf(out, width, 0,
          "In words: σ squashes z into an output between 0 and 1; example %zu's output is %s "
          "against its target y = %s, so the neuron %s it as %s. σ'(z) is the slope of σ at "
          "this z: at most 0.25 (at z = 0) and smaller the further z is from 0. The quadratic "
          "cost's gradient is multiplied by it, which slows learning when σ(z) is near 0 or 1; "
          "the cross-entropy's is not (see `derive %zu`).",
          i + 1, num(a, s, ex->a), short_num(b, s, s->data.y[i]),
          ((ex->a >= 0.5) == (s->data.y[i] >= 0.5)) ? "classifies" : "misclassifies",
          ex->a >= 0.5 ? "1" : "0", i + 1);
    return 0;
}

int explain_update(session *s, int width, strbuf *out, char *err, size_t errlen)
{
    size_t k = s->data.k;
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    upd u;
    upd_present(s, &u);
    int full = is_full_batch(s, &u);
    char a[NUMLEN], P[32];
    wrapf(out, width, 4, "Update %ld: θ ← θ − η ∂C/∂θ for every parameter θ, with η = %s "
          "(%s cost, %s)", s->step + 1, short_num(a, s, s->eta), cost_words(s->cost),
          full ? "full batch" : "mini-batch");
    if (!full) {
        wrapf(out, width, 4, "  gradient over the m = %zu example%s of the next mini-batch",
              u.m, PL(u.m));
    }
    table tb;
    text_table_header(&tb, cell_copy, "", "old value", "∂C/∂θ", "−η ∂C/∂θ", "new value", NULL);
    for (size_t j = 0; j <= k; j++) {
        tbl_put(&tb, pname(s, j, P, sizeof P));
        tbl_put(&tb, num(a, s, u.old[j]));
        tbl_put(&tb, snum(a, s, u.grad[j]));
        tbl_put(&tb, snum(a, s, u.move[j]));
        tbl_put(&tb, num(a, s, u.next[j]));
    }
    tbl_render(&tb, out, 2, "lrrrr");
    tbl_free(&tb);
    sb_puts(out, "\n");
    wrapf(out, width, 0,
          "In words: every parameter moves against its partial derivative, by η times it: a "
          "positive ∂C/∂θ lowers θ, a negative one raises it, and the cost falls if η is small "
          "enough. `explain w J` and `explain b` show where each ∂C/∂θ comes from%s.",
          s->lambda > 0 ? "; with λ > 0 each weight's includes the decay (λ/n) w_j" : "");
    upd_free(&u);
    return 0;
}

/* Appends text word by word to a flow: a paragraph with a hanging indent under the lead. */
static void flow_words(flow *f, const char *text)
{
    const char *p = text;
    int first = 1;
    while (*p) {
        while (*p == ' ') {
            p++;
        }
        if (!*p) {
            break;
        }
        const char *e = p;
        while (*e && *e != ' ') {
            e++;
        }
        char word[256];
        snprintf(word, sizeof word, "%s%.*s", first ? "" : " ", (int)(e - p), p);
        flow_add(f, word);
        first = 0;
        p = e;
    }
}

/* ---- derive ---- */

/* |z| beyond which σ'(z) is below the smallest normal double and 1/σ'(z) overflows: the chain
 * rule's factors are then written as powers of e from their logarithms. */
#define DERIVE_LOG_FORM(ch) ((ch)->da_dz < DBL_MIN)

/* sign × e^ln, written as a number when it is a normal double and as "+e^800.0000" beyond. */
static char *exp_num(char *buf, const session *s, double sign, double ln, int sign_always)
{
    if (sign == 0.0 || ln == -INFINITY) {
        return fmt_num(buf, NUMLEN, 0.0, s->digits, 0);
    }
    if (ln > log(DBL_MAX) || ln < log(DBL_MIN)) {
        char e[NUMLEN / 2];
        fmt_num(e, sizeof e, ln, s->digits, 0);
        snprintf(buf, NUMLEN, "%se^%s", sign < 0 ? "-" : (sign_always ? "+" : ""), e);
        return buf;
    }
    return fmt_num(buf, NUMLEN, sign * exp(ln), s->digits, sign_always ? FMT_SIGN : 0);
}

/* The three factors and their product for one cost, as a small table and a product line. Where
 * σ'(z) underflows, ∂C_x/∂a, σ'(z) and the product come from their logarithms (model_chain). */
static void derive_cost(session *s, size_t i, size_t j, model_cost cost, int width, strbuf *out)
{
    size_t k = s->data.k;
    session_evaluate(s);
    const double *x = s->data.x + i * k;
    double y = s->data.y[i];
    model_chain ch;
    model_chain_rule(session_z(s, i), y, cost, &ch);
    char a[NUMLEN], b[NUMLEN], c[NUMLEN], d[NUMLEN], P[32], X[32] = "";
    pname(s, j, P, sizeof P);
    if (j < k) {
        xname(j, X, sizeof X);
    }
    int ce = cost == MODEL_COST_CE, logs = DERIVE_LOG_FORM(&ch);
    double xj = j < k ? x[j] : 1.0;
    double ln_dcda = ce ? ch.ln_gap - ch.ln_da_dz : ch.ln_gap;
    double ln_prod = ch.ln_gap + (ce ? 0.0 : ch.ln_da_dz) + (xj != 0.0 ? log(fabs(xj)) : 0.0);
    double sign_prod = xj == 0.0 ? 0.0 : (xj > 0 ? ch.sign_gap : -ch.sign_gap);
    if (ce) {
        wrap(out, "Cross-entropy, C_x = −[y ln a + (1 − y) ln(1 − a)] (eq." NB "57):", width, 2);
    } else {
        wrap(out, "Quadratic, C_x = ½(y − a)² (eq." NB "54 for one example):", width, 2);
    }
    table tb;
    tbl_init(&tb, 4);
    char sym[64];
    tbl_put(&tb, "∂C_x/∂a");
    tbl_put(&tb, ce ? "(a − y)/(a(1 − a))" : "a − y");
    tbl_put(&tb, "=");
    tbl_put(&tb, logs ? exp_num(a, s, ch.sign_gap, ln_dcda, 1) : snum(a, s, ch.dc_da));
    tbl_put(&tb, "∂a/∂z");
    tbl_put(&tb, "σ'(z) = a(1 − a)");
    tbl_put(&tb, "=");
    tbl_put(&tb, logs ? exp_num(a, s, 1.0, ch.ln_da_dz, 0) : num(a, s, ch.da_dz));
    snprintf(sym, sizeof sym, "∂z/∂%s", P);
    tbl_put(&tb, sym);
    tbl_put(&tb, j < k ? X : "1");
    tbl_put(&tb, "=");
    tbl_put(&tb, num(a, s, xj));
    tbl_render(&tb, out, 2, "llll");
    tbl_free(&tb);
    double prod = model_term(x, k, j, ch.dc_dz);
    char lead[96];
    snprintf(lead, sizeof lead, "  ∂C_x/∂%s = ", P);
    flow f;
    flow_start(&f, out, width, lead);
    if (logs) {
        flow_addf(&f, "%s × %s × %s", paren(a, exp_num(a, s, ch.sign_gap, ln_dcda, 1)),
                  exp_num(b, s, 1.0, ch.ln_da_dz, 0), num(c, s, xj));
        flow_addf(&f, " = %s", exp_num(d, s, sign_prod, ln_prod, 1));
    } else {
        flow_addf(&f, "%s × %s × %s", paren(a, snum(a, s, ch.dc_da)), num(b, s, ch.da_dz),
                  num(c, s, xj));
        flow_addf(&f, " = %s", snum(d, s, prod));
    }
    if (ce) {
        flow_addf(&f, " = %s(a − y):", X);
        flow_add(&f, " σ'(z) cancels");
    } else {
        flow_addf(&f, " = %s(a − y)σ'(z):", X);
        flow_add(&f, " σ'(z) stays");
    }
    flow_end(&f);
}

int explain_derive(session *s, size_t i, size_t j, int width, strbuf *out,
                   char *err, size_t errlen)
{
    size_t k = s->data.k;
    if (check_example(s, i, err, errlen) < 0) {
        return -1;
    }
    if (j > k) {
        snprintf(err, errlen, "no parameter %zu: the parameters are w1..w%zu and b", j + 1, k);
        return -1;
    }
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    char a[NUMLEN], b[NUMLEN], c[NUMLEN], P[32], X[32] = "";
    pname(s, j, P, sizeof P);
    if (j < k) {
        xname(j, X, sizeof X);
    }
    const model_example ex_val = session_example(s, i);
    const model_example *ex = &ex_val;
    model_chain ch;
    model_chain_rule(ex->z, s->data.y[i], MODEL_COST_CE, &ch);
    wrapf(out, width, 4, "Chain rule for example %zu and %s: ∂C_x/∂%s = ∂C_x/∂a · ∂a/∂z · ∂z/∂%s",
          i + 1, P, P, P);
    example_line(s, i, width, out);
    wrapf(out, width, 4, "  z = %s, a = σ(z) = %s, a − y = %s", snum(a, s, ex->z),
          num(b, s, ex->a), snum(c, s, ch.gap));
    sb_puts(out, "\n");
    derive_cost(s, i, j, MODEL_COST_CE, width, out);
    sb_puts(out, "\n");
    derive_cost(s, i, j, MODEL_COST_QUAD, width, out);
    sb_puts(out, "\n");
    char ratio[NUMLEN];
    strbuf para = {0};
    if (DERIVE_LOG_FORM(&ch)) {
        char e[NUMLEN];
        fmt_num(e, sizeof e, -ch.ln_da_dz / log(10.0), 1, 0);
        sb_printf(&para, "At z = %s the factors ∂C_x/∂a and σ'(z) lie beyond the range of a "
                         "double (about e^±709), so they are written as powers of e, from "
                         "ln σ'(z) = −|z| − 2 ln(1 + e^(−|z|)) and ln|a − y|; the "
                         "cross-entropy's product is a − y itself, computed directly. ",
                  snum(c, s, ex->z));
        sb_printf(&para, "For this example the quadratic term is σ'(z) = %s times the "
                         "cross-entropy term: %s (about 10^%s) times smaller.",
                  exp_num(a, s, 1.0, ch.ln_da_dz, 0), exp_num(ratio, s, 1.0, -ch.ln_da_dz, 0), e);
    } else {
        fmt_num(ratio, sizeof ratio, ch.ce_over_quad, 1, 0);
        sb_printf(&para, "For this example the quadratic term is σ'(z) = %s times the "
                         "cross-entropy term: %s times smaller.", num(a, s, ch.da_dz), ratio);
    }
    if (j < k && s->data.x[i * k + j] == 0.0) {
        sb_printf(&para, " (Here %s = 0, so both terms are 0 for %s; the factor holds for every "
                         "parameter this example touches.)", X, P);
    }
    sb_printf(&para, " Why: the cross-entropy's ∂C_x/∂a has a(1 − a) in its denominator, exactly "
                     "the σ'(z) that ∂a/∂z brings, so the two cancel and the term is the error "
                     "a − y%s (eq." NB "%s). The quadratic cost's ∂C_x/∂a = a − y has no such "
                     "denominator, so σ'(z) stays (eq." NB "%s): when σ(z) is near 0 or 1, σ'(z) "
                     "is tiny and a badly wrong output learns slowly.",
              j < k ? " times the input" : " itself, since ∂z/∂b = 1", j < k ? "61" : "62",
              j < k ? "55" : "56");
    wrap(out, sb_str(&para), width, 0);
    sb_free(&para);
    return 0;
}

/* ---- check ---- */

/* A relative error for people: "2.6e-07", or "< 1e-9" below the level where the digits are
 * rounding noise that changes with the order of additions. */
static void rel_text(char *buf, size_t len, double rel)
{
    if (rel < 1e-9) {
        snprintf(buf, len, "< 1e-9");
    } else {
        snprintf(buf, len, "%.1e", rel);
    }
}

/* The parameters `check` takes: all, or b and EXPLAIN_CHECK_MAX − 1 weights evenly spaced from
 * w₁ to w_k. Returns the count written to js (k + 1 entries allocated). */
static size_t check_params(size_t k, int all, size_t *js)
{
    if (all || k + 1 <= EXPLAIN_CHECK_MAX) {
        for (size_t j = 0; j <= k; j++) {
            js[j] = j;
        }
        return k + 1;
    }
    size_t m = EXPLAIN_CHECK_MAX - 1;
    for (size_t q = 0; q < m; q++) {
        js[q] = (size_t)((double)q * (double)(k - 1) / (double)(m - 1) + 0.5);
    }
    js[m] = k;
    return m + 1;
}

/* One checked parameter. */
typedef struct {
    size_t j;
    double g, fd, h, diff, allowed, floor, rel;
} check_row;

/* Computes row r of the check (r->j and r->g set); returns 1 when progress asked to stop. */
static int check_one(const session *s, const double *z, const double *zd, check_row *r,
                     explain_check_opts *o, long done, long total)
{
    size_t k = s->data.k, n = s->data.n, j = r->j, row = 0;
    double theta = j < k ? s->w[j] : s->b, sums[5] = {0};
    r->h = model_fd_step(s->data.x, n, k, j, theta);
    double fd = NAN;
    while (row < n) {
        fd = model_fd_partial_z(s->data.x, s->data.y, n, k, z, zd, theta, s->cost, s->lambda, j,
                                r->h, &row, sums);
        if (o->progress && o->progress(o->progress_ctx, done, total)) {
            return 1;
        }
    }
    r->fd = fd;
    r->floor = model_fd_floor(n, s->cost, r->h, sums);
    r->diff = fabs(r->g - r->fd);
    double big = fabs(r->g) > fabs(r->fd) ? fabs(r->g) : fabs(r->fd);
    r->allowed = CHECK_TOL * big + r->floor;
    r->rel = model_rel_error(r->g, r->fd);
    return 0;
}

/* A row whose allowed difference is mostly the difference's own error (more than 1e-6 of its
 * values): its relative error says little and is left out of the largest one. */
static int check_unresolved(const check_row *r)
{
    double big = fabs(r->g) > fabs(r->fd) ? fabs(r->g) : fabs(r->fd);
    return !(r->floor <= CHECK_TOL * big);
}

/* The sentences that close `check`: the verdict from the rows shown, naming the rows that
 * disagree and those left out of the largest relative error. */
static void check_verdict(const session *s, const check_row *rows, size_t count, int width,
                          explain_check_opts *o, strbuf *out)
{
    char P[32], w[NUMLEN], at[32] = "";
    strbuf bad = {0}, low = {0}, para = {0};
    size_t nres = 0, nbad = 0;
    double worst = 0.0;
    for (size_t q = 0; q < count; q++) {
        const check_row *r = &rows[q];
        pname(s, r->j, P, sizeof P);
        if (!(r->diff <= r->allowed)) {
            rel_text(w, sizeof w, r->rel);
            sb_printf(&bad, "%s%s (relative error %s)", nbad++ ? ", " : "", P, w);
        }
        if (check_unresolved(r)) {
            sb_printf(&low, "%s%s", nres++ ? ", " : "", P);
        } else if (r->rel > worst || isnan(r->rel)) {
            worst = r->rel;
            snprintf(at, sizeof at, "%s", P);
        }
    }
    o->worst = worst;
    o->disagree = nbad;
    rel_text(w, sizeof w, worst);
    if (nbad == 0) {
        sb_printf(&para, "All %zu partial derivative%s checked agree: each difference is within "
                         "what it allows", count, PL(count));
        if (nres < count && worst >= 1e-9) {
            sb_printf(&para, " (largest relative error %s, at %s)", w, at);
        } else if (nres < count) {
            sb_printf(&para, " (largest relative error %s)", w);
        }
        sb_puts(&para, ".");
    } else {
        sb_printf(&para, "%zu of %zu partial derivative%s DISAGREE with the finite difference by "
                         "more than they allow: %s.", nbad, count, PL(count), sb_str(&bad));
    }
    if (nres > 0) {
        sb_printf(&para, " Left out of the largest relative error: %s, where what the difference "
                         "cannot resolve exceeds 1e-6 of the values, so a relative error says "
                         "little; near a minimum, where the gradient is tiny, a central difference "
                         "can only show that it is small.", sb_str(&low));
    }
    wrap(out, sb_str(&para), width, 0);
    sb_free(&para);
    sb_free(&bad);
    sb_free(&low);
}

/* Each row's z and |∂C_x/∂z| at the present parameters (n each), in one O(n k) pass. */
static void check_rows_z(const session *s, double *z, double *zd)
{
    size_t n = s->data.n, k = s->data.k;
    double *g = xcalloc(k ? k : 1, sizeof *g), gb;
    model_accumulate_grad(s->data.x, s->data.y, k, NULL, n, s->w, s->b, s->cost, g, &gb, z);
    for (size_t i = 0; i < n; i++) {
        zd[i] = fabs(model_delta_at(z[i], s->data.y[i], s->cost));
    }
    free(g);
}

/* The table of the rows done. */
static void check_table(const session *s, const check_row *rows, size_t count, strbuf *out)
{
    int dg = s->digits > 8 ? s->digits : 8;
    char a[NUMLEN], P[32];
    table tb;
    tbl_init(&tb, 7);
    const char *head[] = {"θ", "analytic", "finite diff.", "h", "|a − f|", "allowed", "verdict"};
    for (size_t c = 0; c < 7; c++) {
        tbl_put(&tb, head[c]);
    }
    for (size_t q = 0; q < count; q++) {
        const check_row *r = &rows[q];
        tbl_put(&tb, pname(s, r->j, P, sizeof P));
        tbl_put(&tb, fmt_num(a, sizeof a, r->g, dg, FMT_SIGN));
        tbl_put(&tb, fmt_num(a, sizeof a, r->fd, dg, FMT_SIGN));
        tbl_putf(&tb, "%.2e", r->h);
        tbl_putf(&tb, "%.1e", r->diff);
        tbl_putf(&tb, "%.1e", r->allowed);
        tbl_put(&tb, r->diff <= r->allowed ? "ok" : "DISAGREE");
    }
    tbl_render(&tb, out, 2, "lrrrrrl");
    tbl_free(&tb);
}

int explain_check(session *s, int width, explain_check_opts *o, strbuf *out, char *err, size_t errlen)
{
    size_t k = s->data.k, n = s->data.n;
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    explain_check_opts none = {0};
    if (!o) {
        o = &none;
    }
    width = clamp_width(width);
    char a[NUMLEN], P[32], Q[32];
    size_t *js = xcalloc(k + 1, sizeof *js);
    size_t count = check_params(k, o->all, js);
    check_row *rows = xcalloc(count, sizeof *rows);
    double *z = xcalloc(n, sizeof *z), *zd = xcalloc(n, sizeof *zd);
    check_rows_z(s, z, zd);
    wrapf(out, width, 2, "Gradient check at step %ld (%s cost, λ = %s, n = %zu): each analytic "
          "∂C/∂θ against the central difference (C(θ + h) − C(θ − h)) / 2h", s->step,
          cost_words(s->cost), short_num(a, s, s->lambda), n);
    if (count < k + 1) {
        wrapf(out, width, 2, "  %zu parameters: %zu of them are checked, b and %zu weights spaced "
              "evenly from %s to %s (`check all` checks every one)", k + 1, count, count - 1,
              pname(s, 0, P, sizeof P), pname(s, k - 1, Q, sizeof Q));
    }
    if (o->tolerance) {
        for (size_t j = 0; j <= k; j++) {
            o->tolerance[j] = NAN;
        }
    }
    size_t done = 0;
    o->stopped = 0;
    for (; done < count; done++) {
        check_row *r = &rows[done];
        r->j = js[done];
        r->g = o->analytic ? o->analytic[r->j] : (r->j < k ? ev->grad_w[r->j] : ev->grad_b);
        if (check_one(s, z, zd, r, o, (long)done, (long)count)) {
            o->stopped = 1;
            break;
        }
        if (o->tolerance) {
            o->tolerance[r->j] = r->allowed;
        }
    }
    o->checked = done;
    if (done > 0) {
        check_table(s, rows, done, out);
        check_verdict(s, rows, done, width, o, out);
    }
    if (o->stopped) {
        wrapf(out, width, 0, "Stopped (Ctrl-C) after %zu of %zu parameters; the verdict covers "
              "those %zu.", done, count, done);
    }
    wrap(out, "Allowed: 1e-6 of the larger value, plus what the difference cannot resolve "
              "(its rounding, which grows as ε/h, its truncation, which grows as h², and the sum's own rounding). "
              "h = ∛ε / max|x_j| (∛ε for b, at most max(1, |θ|)) moves z by about 6e-6 for the "
              "example it moves most.", width, 0);
    free(z);
    free(zd);
    free(rows);
    free(js);
    return 0;
}

/* ---- compare ---- */

/* One copy of the parameters trained by full-batch gradient descent under one cost. */
typedef struct {
    model_cost cost;
    double *w;      /* k */
    double b;
    double *g;      /* k: gradient work space */
    double gb;
    double c;       /* C at w, b */
    double a;       /* σ(z) of the followed example at w, b */
    int broken;     /* a value stopped being finite */
} trainee;

/* Evaluates C and the followed example's output at the copy's parameters; leaves the gradient
 * in g, gb ready for an update. */
static void trainee_eval(const session *s, size_t follow, trainee *t)
{
    size_t n = s->data.n, k = s->data.k;
    double sum = model_accumulate(s->data.x, s->data.y, k, NULL, n, t->w, t->b, t->cost, t->g,
                                  &t->gb, NULL);
    model_finish_gradient(t->g, &t->gb, k, n, n, s->lambda, t->w);
    t->c = model_total_cost(sum, n, s->lambda, t->w, k);
    model_example ex;
    model_eval_example(t->w, t->b, s->data.x + follow * k, k, s->data.y[follow], t->cost, &ex);
    t->a = ex.a;
    if (!isfinite(t->c) || !isfinite(t->gb)) {
        t->broken = 1;
    }
}

int explain_compare(session *s, long steps, int width, session_progress_fn progress, void *ctx, strbuf *out,
                    char *err, size_t errlen)
{
    size_t n = s->data.n, k = s->data.k;
    if (steps < 0 || steps > COMPARE_MAX) {
        snprintf(err, errlen, "compare: N must be 0..%ld", COMPARE_MAX);
        return -1;
    }
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    char a[NUMLEN], b[NUMLEN], P[32];
    size_t follow = s->focus_i < n ? s->focus_i : 0;

    trainee tr[2];
    for (int q = 0; q < 2; q++) {
        memset(&tr[q], 0, sizeof tr[q]);
        tr[q].cost = q == 0 ? MODEL_COST_CE : MODEL_COST_QUAD;
        tr[q].w = xcalloc(k + 1, sizeof(double));
        tr[q].g = xcalloc(k + 1, sizeof(double));
        memcpy(tr[q].w, s->w, k * sizeof(double));
        tr[q].b = s->b;
        trainee_eval(s, follow, &tr[q]);
    }

    wrapf(out, width, 2, "Cross-entropy against quadratic cost at step %ld (full dataset, n = %zu%s):",
          s->step, n, s->lambda > 0 ? ", with the λ term" : "");
    double *ceterm = xcalloc(n, sizeof *ceterm);
    /* each example's ∂C_x/∂z under both costs, and σ'(z) that tells them apart */
    model_chain *chq = xcalloc(n, sizeof *chq);
    for (size_t r = 0; r < n; r++) {
        model_chain_rule(session_z(s, r), s->data.y[r], MODEL_COST_QUAD, &chq[r]);
        ceterm[r] = chq[r].gap;
    }
    size_t *idx = xcalloc(n, sizeof *idx);
    size_t shown = pick_rows(ceterm, n, ROWS_ALL, ROWS_TOP, idx);
    if (shown < n) {
        wrapf(out, width, 2, "  the %zu examples with the largest σ(z) − y of %zu:", shown, n);
    }
    table tb;
    text_table_header(&tb, cell_copy, "x", "y", "σ(z)", "σ'(z)", "CE: σ(z)−y", "quad: (σ(z)−y)σ'(z)", NULL);
    for (size_t q = 0; q < shown; q++) {
        size_t r = idx[q];
        tbl_putf(&tb, "%zu", r + 1);
        tbl_put(&tb, short_num(a, s, s->data.y[r]));
        tbl_put(&tb, num(a, s, chq[r].a));
        tbl_put(&tb, num(a, s, chq[r].da_dz));
        tbl_put(&tb, snum(a, s, chq[r].gap));
        tbl_put(&tb, snum(a, s, chq[r].dc_dz));
    }
    tbl_render(&tb, out, 2, "rrrrrr");
    tbl_free(&tb);
    if (shown < n) {
        wrapf(out, width, 4, "  … %zu more examples not shown", n - shown);
    }
    text_table_header(&tb, cell_copy, "", "∂C/∂θ cross-entropy", "∂C/∂θ quadratic", NULL);
    for (size_t j = 0; j <= k; j++) {
        tbl_put(&tb, pname(s, j, P, sizeof P));
        tbl_put(&tb, snum(a, s, j < k ? tr[0].g[j] : tr[0].gb));
        tbl_put(&tb, snum(a, s, j < k ? tr[1].g[j] : tr[1].gb));
    }
    sb_puts(out, "\n");
    tbl_render(&tb, out, 2, "lrr");
    tbl_free(&tb);

    if (steps > 0) {
        long every = steps <= 10 ? 1 : (steps + 9) / 10;
        sb_puts(out, "\n");
        wrapf(out, width, 2, "Both trained %ld full-batch steps from here with η = %s%s (the "
              "session is not changed); σ(z) is example %zu's output:", steps,
              short_num(a, s, s->eta), s->lambda > 0 ? " and the λ term" : "", follow + 1);
        text_table_header(&tb, cell_copy, "step", "C cross-entropy", "σ(z)", "C quadratic", "σ(z)", NULL);
        long t = 0;
        long stopped = -1, interrupted = -1;
        double *cost_ce = xcalloc((size_t)steps + 1, sizeof(double));
        double *cost_quad = xcalloc((size_t)steps + 1, sizeof(double));
        for (;;) {
            cost_ce[t] = tr[0].c;
            cost_quad[t] = tr[1].c;
            /* Ctrl-C (through progress) ends the table and the chart at this step */
            int stop_here = t > 0 && t < steps && progress && progress(ctx, t, steps);
            if (t % every == 0 || t == steps || stop_here) {
                tbl_putf(&tb, "%ld", s->step + t);
                tbl_put(&tb, num(a, s, tr[0].c));
                tbl_put(&tb, num(a, s, tr[0].a));
                tbl_put(&tb, num(a, s, tr[1].c));
                tbl_put(&tb, num(a, s, tr[1].a));
            }
            if (t == steps) {
                break;
            }
            if (stop_here) {
                interrupted = t;
                break;
            }
            for (int q = 0; q < 2; q++) {
                model_apply_update(tr[q].w, &tr[q].b, k, s->eta, tr[q].g, tr[q].gb);
                trainee_eval(s, follow, &tr[q]);
            }
            t++;
            if (tr[0].broken || tr[1].broken) {
                stopped = t;
                break;
            }
        }
        tbl_render(&tb, out, 2, "rrrrr");
        tbl_free(&tb);
        if (t > 0) {
            /* Both costs on one chart: the slowdown is the flat start of the quadratic curve. */
            char perr[256];
            int pw = width < 72 ? width : 72;
            sb_puts(out, "\n");
            plot_compare_text(cost_ce, cost_quad, (size_t)t + 1, s->step, "cross-entropy", "quadratic",
                              pw, 12, fmt_ascii() ? PLOT_ASCII : 0, out, perr, sizeof perr);
        }
        free(cost_ce);
        free(cost_quad);
        if (stopped >= 0) {
            wrapf(out, width, 0, "Stopped at step %ld: a value stopped being finite (η = %s is "
                  "too large for this data).", s->step + stopped, short_num(a, s, s->eta));
        } else if (interrupted >= 0) {
            wrapf(out, width, 0, "Stopped by Ctrl-C at step %ld of %ld; the table and the chart end "
                  "there.", s->step + interrupted, s->step + steps);
        } else {
            strbuf para = {0};
            sb_printf(&para, "After %ld steps example %zu's output is %s under cross-entropy and "
                             "%s under the quadratic cost (target %s).", steps, follow + 1,
                      num(a, s, tr[0].a), num(b, s, tr[1].a),
                      short_num(P, s, s->data.y[follow]));
            sb_puts(&para, " Each quadratic term carries σ'(z), which is small while σ(z) is "
                           "near 0 or 1: a neuron that starts badly wrong and saturated learns "
                           "slowly under the quadratic cost, at once under cross-entropy.");
            wrap(out, sb_str(&para), width, 0);
            sb_free(&para);
        }
    } else {
        sb_puts(out, "\n");
        wrap(out, "In words: the quadratic cost multiplies each example's σ(z) − y by σ'(z), at "
                  "most 0.25 and near 0 when σ(z) is near 0 or 1, so a saturated, badly wrong "
                  "output gives it a small gradient; cross-entropy's term is σ(z) − y itself. "
                  "`compare N` trains both N steps from here.", width, 0);
    }
    for (int q = 0; q < 2; q++) {
        free(tr[q].w);
        free(tr[q].g);
    }
    free(idx);
    free(chq);
    free(ceterm);
    return 0;
}

/* ---- help symbols ---- */

void explain_symbols(strbuf *out, int width)
{
    static const char *const rows[][2] = {
        {"n", "the number of training examples (rows of the dataset)"},
        {"x", "one training example, a row; Σₓ sums over the examples"},
        {"x_j", "input j of an example (column j); there are k inputs"},
        {"y", "the desired output (target) of an example: 0 or 1 for the two classes, or any "
              "value in [0,1] as a soft target"},
        {"w_j", "the weight on input j, one number shared by every example"},
        {"b", "the bias, added to every example's z"},
        {"z", "the weighted input Σ_j w_j x_j + b, one per example"},
        {"a", "the output a = σ(z), between 0 and 1"},
        {"σ", "the sigmoid σ(z) = 1/(1 + e^(−z)) (eq." NB "3)"},
        {"σ'", "its slope σ'(z) = σ(z)(1 − σ(z)), at most 0.25"},
        {"C_x", "one example's cost: −[y ln a + (1 − y) ln(1 − a)] (eq." NB "57), or ½(y − a)² "
                "under the quadratic cost"},
        {"C", "the cost: the mean of C_x over the examples, plus (λ/2n) Σ_j w_j² when λ > 0"},
        {"∂C/∂w_j", "(1/n) Σₓ x_j (σ(z) − y) (eq." NB "61); ∂C/∂b = (1/n) Σₓ (σ(z) − y) (eq." NB "62)"},
        {"η", "the learning rate: w_j ← w_j − η ∂C/∂w_j, b ← b − η ∂C/∂b"},
        {"λ", "the L2 regularization strength: adds (λ/2n) Σ_j w_j² to C (eq." NB "87) and "
              "(λ/n) w_j to ∂C/∂w_j (eq." NB "88)"},
        {"m", "the mini-batch size: the sums run over m examples and 1/n becomes 1/m"},
    };
    width = clamp_width(width);
    wrap(out, "Symbols, as in chapter 3 of Nielsen's \"Neural Networks and Deep Learning\":",
         width, 0);
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        char lead[64];
        int pad = 10 - dwidth(rows[r][0]);
        snprintf(lead, sizeof lead, "  %s%*s", rows[r][0], pad > 1 ? pad : 1, "");
        flow f;
        flow_start(&f, out, width, lead);
        flow_words(&f, rows[r][1]);
        flow_end(&f);
    }
}

/* ---- micro-steps: the update being built by `next` ---- */

#define MICRO_TERMS 6    /* terms shown in full per parameter before the middle is elided */

/* Adds to f the bracketed terms of positions 0..added-1 for parameter j (x_j·(δ), or (δ) for
 * b) with xd and dd decimals. More than cap terms: the first, the marked one and the last ones
 * up to cap, each run left out written "… N more …". Ends with "+ …" when added < m. Position
 * mark (or none: (size_t)-1) is wrapped in the highlight marks when marks is set. */
static void bracket_terms(flow *f, const session *s, size_t j, const size_t *rows,
                          const double *delta, const double *zq, size_t added, size_t m, size_t mark,
                          int marks, size_t cap, int xd, int dd)
{
    size_t k = s->data.k;
    char xv[NUMLEN], dv[NUMLEN], sv[NUMLEN];
    char *show = xcalloc(added + 1, 1);
    if (cap < 2) {
        cap = 2;
    }
    if (added <= cap) {
        memset(show, 1, added);
    } else {
        size_t left = cap;
        show[0] = 1;
        left--;
        if (mark < added && !show[mark]) {
            show[mark] = 1;
            left--;
        }
        for (size_t r = added; r-- > 1 && left > 0;) {
            if (!show[r]) {
                show[r] = 1;
                left--;
            }
        }
    }
    for (size_t r = 1; r + 1 < added; r++) {
        if (!show[r] && show[r - 1] && show[r + 1]) {
            show[r] = 1;  /* one term takes less room than "… 1 more …" */
        }
    }
    flow_add(f, "[");
    int first = 1;
    for (size_t r = 0; r < added; r++) {
        if (!show[r]) {
            size_t e = r;
            while (e < added && !show[e]) {
                e++;
            }
            flow_addf(f, " + … %zu more …", e - r);
            r = e - 1;
            continue;
        }
        fmt_num(dv, sizeof dv, delta[r], dd, FMT_SIGN);
        char term[3 * NUMLEN + 24];
        if (zq) {
            /* the quadratic cost: (σ(z) − y) and σ'(z) as two numbers, not their product */
            double a = model_sigmoid(zq[r]);
            fmt_num(dv, sizeof dv, a - s->data.y[rows[r]], dd, FMT_SIGN);
            fmt_num(sv, sizeof sv, model_sigmoid_prime(zq[r]), dd, 0);
        }
        if (j < k) {
            double x = s->data.x[rows[r] * k + j];
            fmt_num(xv, sizeof xv, x, xd, 0);
            snprintf(term, sizeof term, x < 0 ? "(%s)·(%s)" : "%s·(%s)", xv, dv);
        } else {
            snprintf(term, sizeof term, "(%s)", dv);
        }
        if (zq) {
            size_t used = strlen(term);
            snprintf(term + used, sizeof term - used, "·%s", sv);
        }
        if (marks && r == mark) {
            flow_addf(f, "%s%c%s%c", first ? " " : " + ", EXPLAIN_MARK_ON, term, EXPLAIN_MARK_OFF);
        } else {
            flow_addf(f, "%s%s", first ? " " : " + ", term);
        }
        first = 0;
    }
    if (added < m) {
        flow_add(f, first ? " … ]" : " + … ]");
    } else {
        flow_add(f, " ]");
    }
    free(show);
}

/* The rows 0..m-1 of a batch as an owned array (NULL rows: 0..m-1). */
static size_t *own_rows(const size_t *rows, size_t m)
{
    size_t *r = xcalloc(m, sizeof *r);
    for (size_t q = 0; q < m; q++) {
        r[q] = rows ? rows[q] : q;
    }
    return r;
}

/* The update applied into the present step, recomputed at the previous step's parameters over
 * the batch it used; returns 0 when it matches the gradient the session recorded bit for bit
 * (then *u holds it), -1 otherwise (settings changed since: nothing to show but the gradient). */
static int upd_last(session *s, upd *u)
{
    size_t k = s->data.k, n = s->data.n;
    const double *g = session_last_gradient(s);
    if (!g || s->step < 1) {
        return -1;
    }
    double *w = xcalloc(k + 1, sizeof *w);
    for (size_t j = 0; j < k; j++) {
        w[j] = session_param_at(s, s->step - 1, j);
    }
    double b = session_param_at(s, s->step - 1, k);
    size_t *rows = xcalloc(n, sizeof *rows);
    size_t m = session_batch_rows_at(s, s->step - 1, rows);
    upd_compute(s, w, b, rows, m, u);
    free(rows);
    free(w);
    for (size_t j = 0; j <= k; j++) {
        if (memcmp(&u->grad[j], &g[j], sizeof(double)) != 0 ||
            session_param_at(s, s->step, j) != u->next[j]) {
            upd_free(u);
            return -1;
        }
    }
    return 0;
}

int explain_microstep(session *s, int width, strbuf *out, char *err, size_t errlen)
{
    size_t k = s->data.k, n = s->data.n;
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        return oom(err, errlen);
    }
    width = clamp_width(width);
    char a[NUMLEN], b[NUMLEN], c[NUMLEN], P[32], lead[96];
    int quad = s->cost == MODEL_COST_QUAD;
    const char *dname = quad ? "(σ(z) − y)σ'(z)" : "σ(z) − y";
    size_t kshow = k + 1 > ROWS_ALL ? ROWS_ALL : k + 1;

    if (s->pending > 0) {
        const size_t *brows = NULL;
        size_t m = 0;
        session_batch(s, &brows, &m);
        size_t *rows = own_rows(brows, m);
        size_t added = s->pending, row = rows[added - 1];
        double *delta = xcalloc(m, sizeof *delta);
        for (size_t r = 0; r < added; r++) {
            delta[r] = session_delta(s, rows[r]);
        }
        wrapf(out, width, 4, "next: term %zu of %zu added, example %zu: %s = %s", added, m,
              row + 1, dname, snum(a, s, delta[added - 1]));
        wrapf(out, width, 4, "  running sums for update %ld, each term x_j·(%s):", s->step + 1,
              dname);
        for (size_t q = 0; q < kshow; q++) {
            size_t j = q + 1 == kshow ? k : q;
            pname(s, j, P, sizeof P);
            snprintf(lead, sizeof lead, "  Σ for %s%s = ", P, j < k ? "" : " ");
            flow f;
            flow_start(&f, out, width, lead);
            bracket_terms(&f, s, j, rows, delta, NULL, added, m, added - 1, 0, MICRO_TERMS,
                          s->digits, s->digits);
            flow_addf(&f, " = %s so far", snum(a, s, j < k ? s->pend_w[j] : s->pend_b));
            flow_end(&f);
        }
        if (kshow < k + 1) {
            wrapf(out, width, 4, "  (… %zu more weights; `explain w J` shows any one)",
                  k + 1 - kshow);
        }
        char names[512];
        name_examples(names, sizeof names, rows + added, m - added);
        wrapf(out, width, 2, "Still to add: %s. With the last one each sum is divided by %s" NB "="
              NB "%zu%s and the update θ ← θ − η ∂C/∂θ is applied.", names,
              m == n ? "n" : "m", m, s->lambda > 0 ? ", the weights get (λ/n) w_j," : "");
        free(delta);
        free(rows);
        return 0;
    }

    upd u;
    if (s->step < 1 || upd_last(s, &u) != 0) {
        const double *g = session_last_gradient(s);
        if (!g) {
            wrapf(out, width, 0, "No update in progress at step %ld: `next` adds the next "
                  "example's term to the update being built.", s->step);
            return 0;
        }
        wrapf(out, width, 4, "next: update %ld applied; its gradient:", s->step);
        for (size_t j = 0; j <= k; j++) {
            wrapf(out, width, 4, "  ∂C/∂%s = %s", pname(s, j, P, sizeof P), snum(a, s, g[j]));
        }
        return 0;
    }
    size_t m = u.m;
    double *delta = xcalloc(m, sizeof *delta);
    for (size_t r = 0; r < m; r++) {
        delta[r] = upd_delta(s, &u, r);
    }
    wrapf(out, width, 4, "next: term %zu of %zu added, example %zu: the update is complete and "
          "applied, now" NB "step" NB "%ld", m, m, u.rows[m - 1] + 1, s->step);
    for (size_t q = 0; q < kshow; q++) {
        size_t j = q + 1 == kshow ? k : q;
        pname(s, j, P, sizeof P);
        snprintf(lead, sizeof lead, "  ∂C/∂%s = (1/%zu) ", P, m);
        flow f;
        flow_start(&f, out, width, lead);
        bracket_terms(&f, s, j, u.rows, delta, NULL, m, m, m - 1, 0, MICRO_TERMS, s->digits,
                      s->digits);
        flow_addf(&f, " = (1/%zu) × %s", m, paren(a, snum(a, s, u.sum[j])));
        if (j < k && s->lambda > 0) {
            flow_addf(&f, " + (%s/%zu) × %s", short_num(b, s, s->lambda), n,
                      paren(c, num(c, s, u.old[j])));
        }
        flow_addf(&f, " = %s", snum(c, s, u.grad[j]));
        flow_end(&f);
        snprintf(lead, sizeof lead, "      %s ← ", P);
        flow_start(&f, out, width, lead);
        flow_addf(&f, "%s − %s × %s", paren(a, num(a, s, u.old[j])), short_num(b, s, s->eta),
                  paren(c, snum(c, s, u.grad[j])));
        flow_addf(&f, " = %s", num(a, s, u.next[j]));
        flow_end(&f);
    }
    if (kshow < k + 1) {
        wrapf(out, width, 4, "  (… %zu more weights; `explain update` lists them all)",
              k + 1 - kshow);
    }
    free(delta);
    upd_free(&u);
    return 0;
}

/* ---- the Formula pane ---- */

/* Number of lines in text. */
static int count_lines(const char *text)
{
    int c = 0;
    for (const char *p = text; *p; p++) {
        c += *p == '\n';
    }
    return c;
}

/* Appends the lines of src to out while the total stays within *left lines; returns 1 when
 * all of src fitted. */
static int take_lines(strbuf *out, const char *src, int *left)
{
    int need = count_lines(src);
    if (need > *left) {
        return 0;
    }
    sb_puts(out, src);
    *left -= need;
    return 1;
}

void explain_formula_title(const session *s, size_t j, char *buf, size_t len)
{
    size_t k = s->data.k;
    char P[32];
    if (j > k) {
        j = k;
    }
    pname(s, j, P, sizeof P);
    const char *eq = s->cost == MODEL_COST_QUAD ? "quadratic cost"
                     : (j < k ? (s->lambda > 0 ? "eqs. 61, 88" : "eq. 61") : "eq. 62");
    char *tofree;
    char title[128];
    snprintf(title, sizeof title, "Formula: ∂C/∂%s (%s)", P, eq);
    snprintf(buf, len, "%s", glyphs(title, &tofree));
    free(tofree);
}

void explain_formula_pane(session *s, size_t j, int width, int height, strbuf *out)
{
    size_t k = s->data.k;
    if (height < 1) {
        return;
    }
    if (width < 20) {
        width = 20;
    }
    const session_eval *ev = session_evaluate(s);
    if (!ev) {
        sb_puts(out, "(out of memory)\n");
        return;
    }
    if (j > k) {
        j = k;
    }
    int quad = s->cost == MODEL_COST_QUAD;
    int micro = s->pending > 0;
    int dg = s->digits, xd = dg < 2 ? dg : 2, dd = dg < 3 ? dg : 3;
    char a[NUMLEN], b[NUMLEN], c[NUMLEN], P[32], X[32] = "", lead[96];
    pname(s, j, P, sizeof P);
    if (j < k) {
        xname(j, X, sizeof X);
    }
    upd u;
    upd_present(s, &u);
    size_t m = u.m;
    int full = is_full_batch(s, &u);
    double *delta = xcalloc(m, sizeof *delta);
    for (size_t r = 0; r < m; r++) {
        delta[r] = upd_delta(s, &u, r);
    }
    size_t added = micro ? s->pending : m;
    size_t mark = (size_t)-1;
    if (micro) {
        mark = added - 1;
    } else {
        for (size_t r = 0; r < m; r++) {
            if (u.rows[r] == s->focus_i) {
                mark = r;
            }
        }
    }
    int left = height;
    strbuf part = {0};

    /* the formula */
    snprintf(lead, sizeof lead, "∂C/∂%s = ", P);
    int indent = dwidth(lead) - 2;
    flow f;
    flow_start(&f, &part, width, lead);
    if (quad) {
        /* three factors, written as the bracket below writes each term's three numbers */
        flow_addf(&f, "(1/%s) Σₓ %s%s(σ(z) − y)·σ'(z)", full ? "n" : "m", X, j < k ? "·" : "");
    } else {
        flow_addf(&f, "(1/%s) Σₓ %s%s(σ(z) − y)", full ? "n" : "m", X, j < k ? " " : "");
    }
    if (j < k && s->lambda > 0) {
        flow_addf(&f, " + (λ/n) %s", P);
    }
    flow_end(&f);
    take_lines(out, sb_str(&part), &left);
    sb_clear(&part);

    /* the bracket with the numbers: fewer terms until it fits beside the result line */
    /* a small batch shows every term, keeping one line for words; a large one keeps three */
    int keep_words = m <= 12 ? 1 : 3;
    int words = left - 2 < keep_words ? left - 2 : keep_words;
    int budget = left - 1 - (words > 0 ? words : 0);
    if (budget < 1) {
        budget = 1;
    }
    snprintf(lead, sizeof lead, "%*s= (1/%zu) ", indent, "", m);
    /* no term is narrower than 6 columns, so more than budget * width / 6 can never fit */
    size_t most = (size_t)budget * (size_t)width / 6 + 2;
    for (size_t cap = m < most ? (m > 2 ? m : 2) : most;; cap = cap > 8 ? cap * 2 / 3 : cap - 1) {
        sb_clear(&part);
        flow_start(&f, &part, width, lead);
        bracket_terms(&f, s, j, u.rows, delta, quad ? u.z : NULL, added, m, mark, 1, cap, xd, dd);
        flow_end(&f);
        if (count_lines(sb_str(&part)) <= budget || cap <= 2) {
            break;
        }
    }
    take_lines(out, sb_str(&part), &left);
    sb_clear(&part);

    /* the result and the update, or the running sum */
    snprintf(lead, sizeof lead, "%*s= ", indent, "");
    flow_start(&f, &part, width, lead);
    if (micro) {
        flow_addf(&f, "%s so far (%zu of %zu terms;", snum(a, s, j < k ? s->pend_w[j] : s->pend_b),
                  added, m);
        flow_add(&f, " the update comes with the last)");
    } else {
        flow_addf(&f, "(1/%zu) × %s", m, paren(a, snum(a, s, u.sum[j])));
        if (j < k && s->lambda > 0) {
            flow_addf(&f, " + %s", paren(b, snum(b, s, u.l2[j])));
        }
        flow_addf(&f, " = %s", snum(a, s, u.grad[j]));
        char d[NUMLEN];
        flow_addf(&f, "      %s ← %s", P, num(a, s, u.old[j]));
        flow_addf(&f, " − %s × %s", short_num(b, s, s->eta), paren(c, snum(c, s, u.grad[j])));
        flow_addf(&f, " = %s", num(d, s, u.next[j]));
    }
    flow_end(&f);
    take_lines(out, sb_str(&part), &left);
    sb_clear(&part);

    /* the words, most useful first, as many as fit */
    char col[256], names[3][512], brief[3][512];
    if (j < k) {
        column_words(s, j, col, sizeof col);
        snprintf(brief[0], sizeof brief[0], "%s: the weight on input %s (%s).", P, X, col);
        snprintf(names[0], sizeof names[0], "%s is the weight on input %s (%s); %s is input %zu "
                 "of each example x in turn.", P, X, col, X, j + 1);
    } else {
        snprintf(brief[0], sizeof brief[0], "b: the bias, added to every z.");
        snprintf(names[0], sizeof names[0], "b is the bias, added to every example's z; its "
                 "term is each example's %s (∂z/∂b = 1).", quad ? "(σ(z) − y)σ'(z)" : "σ(z) − y");
    }
    snprintf(names[1], sizeof names[1], "σ(z) is that example's output, y its target%s; the sum "
             "runs over the %s = %zu example%s%s.", quad ? ", σ'(z) the slope of σ" : "",
             full ? "n" : "m", m, PL(m), full ? "" : " of the mini-batch");
    snprintf(brief[1], sizeof brief[1], "σ(z): output, y: target, %s = %zu example%s.",
             full ? "n" : "m", m, PL(m));
    if (micro) {
        size_t row = u.rows[added - 1];
        double t = model_term(s->data.x + row * k, k, j, delta[added - 1]);
        fmt_num(b, sizeof b, delta[added - 1], dd, FMT_SIGN);
        if (j < k) {
            fmt_num(c, sizeof c, s->data.x[row * k + j], xd, 0);
            snprintf(names[2], sizeof names[2], "Just added: example %zu, %s(%s) = %s × (%s) = %s.",
                     row + 1, X, quad ? "σ(z) − y)σ'(z" : "σ(z) − y", c, b,
                     fmt_num(a, sizeof a, t, dg, FMT_SIGN));
        } else {
            snprintf(names[2], sizeof names[2], "Just added: example %zu, %s = %s.", row + 1,
                     quad ? "(σ(z) − y)σ'(z)" : "σ(z) − y", fmt_num(a, sizeof a, t, dg, FMT_SIGN));
        }
        snprintf(brief[2], sizeof brief[2], "Just added: example %zu.", row + 1);
    } else {
        size_t up = m, down = m;
        double tu = 0, td = 0;
        for (size_t r = 0; r < m; r++) {
            double t = model_term(s->data.x + u.rows[r] * k, k, j, delta[r]);
            if (t > td) {
                td = t;
                down = r;
            }
            if (t < tu) {
                tu = t;
                up = r;
            }
        }
        names[2][0] = '\0';
        size_t o = 0;
        if (down < m) {
            o += (size_t)snprintf(names[2], sizeof names[2], "Example %zu pushes %s down the most "
                                  "(%s)", u.rows[down] + 1, P, snum(a, s, td));
        }
        if (up < m) {
            snprintf(names[2] + o, sizeof names[2] - o, "%sxample %zu pulls it up the most (%s)",
                     o ? "; e" : "E", u.rows[up] + 1, snum(a, s, tu));
        }
        if (down == m && up == m) {
            snprintf(names[2], sizeof names[2], "No example moves %s: every term is 0", P);
        }
        size_t len = strlen(names[2]);
        snprintf(names[2] + len, sizeof names[2] - len, ".");
        brief[2][0] = '\0';
        if (down < m) {
            snprintf(brief[2], sizeof brief[2], "Example %zu pushes %s down the most.",
                     u.rows[down] + 1, P);
        }
    }
    for (int q = 0; q < 3 && left > 0; q++) {
        int which = (q + 2) % 3;  /* which example moves it (or was just added) first */
        sb_clear(&part);
        wrap(&part, names[which], width, 0);
        if (!take_lines(out, sb_str(&part), &left) && brief[which][0]) {
            sb_clear(&part);
            wrap(&part, brief[which], width, 0);
            take_lines(out, sb_str(&part), &left);
        }
    }
    sb_free(&part);
    free(delta);
    upd_free(&u);
}

void explain_strip_marks(char *text)
{
    char *w = text;
    for (char *r = text; *r; r++) {
        if (*r != EXPLAIN_MARK_ON && *r != EXPLAIN_MARK_OFF) {
            *w++ = *r;
        }
    }
    *w = '\0';
}
