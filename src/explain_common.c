/* explain_common.c: what every explanation uses: names and numbers as explanations write them,
 * glyphs or their ASCII names, wrapped prose, flowing formulas, tables, and one update over a batch. */
#include "explain.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain_int.h"
#include "fmt.h"
#include "model.h"
#include "plot.h"
#include "text.h"
#include "xmem.h"

/* ---- small helpers: memory, widths, names, numbers ---- */

/* Display columns of text as explanations count them: the marks take none. */
int dwidth(const char *s)
{
    return text_width(s, TEXT_MARKS);
}

int clamp_width(int width)
{
    return width < MIN_WIDTH ? MIN_WIDTH : width;
}

/* v written with subscript digits (₀..₉). */
char *subscript(char *buf, size_t len, size_t v)
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
char *pname(const session *s, size_t j, char *buf, size_t len)
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
char *xname(size_t j, char *buf, size_t len)
{
    char sub[32];
    snprintf(buf, len, "x%s", subscript(sub, sizeof sub, j + 1));
    return buf;
}

/* How input j is called in the data file: `column "hours"`, or `column 2` without a header. */
void column_words(const session *s, size_t j, char *buf, size_t len)
{
    if (s->data.has_header && s->data.input_names && s->data.input_names[j]) {
        snprintf(buf, len, "column \"%s\"", s->data.input_names[j]);
    } else {
        snprintf(buf, len, "column %zu", j + 1);
    }
}

/* A number with the session's decimals. */
char *num(char *buf, const session *s, double v)
{
    return fmt_num(buf, NUMLEN, v, s->digits, 0);
}

/* A signed number (contributions, gradients) with the session's decimals. */
char *snum(char *buf, const session *s, double v)
{
    return fmt_num(buf, NUMLEN, v, s->digits, FMT_SIGN);
}

/* A setting or target as the user would type it (0.5, 1, 0.01), or with the decimals when long. */
char *short_num(char *buf, const session *s, double v)
{
    fmt_exact(buf, NUMLEN, v);
    if ((int)strlen(buf) > s->digits + 4) {
        fmt_num(buf, NUMLEN, v, s->digits, 0);
    }
    return buf;
}

/* A number in parentheses when it is negative, so that "0.5 − (-0.1)" reads right. */
char *paren(char *buf, const char *v)
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

const char *cost_words(model_cost c)
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
char *asciify(const char *text)
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
const char *glyphs(const char *text, char **tofree)
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
void wrap(strbuf *out, const char *utext, int width, int indent)
{
    char *tofree;
    const char *text = glyphs(utext, &tofree);
    text_wrap(out, text, clamp_width(width), indent, TEXT_MARKS);
    free(tofree);
}

/* printf into a paragraph wrapped to width. */
void wrapf(strbuf *out, int width, int indent, const char *fmt, ...)
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


void flow_start(flow *f, strbuf *out, int width, const char *ulead)
{
    char *tofree;
    text_flow_start(f, out, clamp_width(width), glyphs(ulead, &tofree));
    free(tofree);
}

/* Adds a piece; a leading space is dropped when the piece starts a continued line. */
void flow_add(flow *f, const char *upiece)
{
    char *tofree;
    text_flow_add(f, glyphs(upiece, &tofree));
    free(tofree);
}

void flow_addf(flow *f, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    flow_add(f, buf);
}

void flow_end(flow *f)
{
    text_flow_end(f);
}


/* A table cell as it is written: the text, or its ASCII names in --ascii mode; malloc'd. */
char *cell_copy(const char *text)
{
    return fmt_ascii() ? asciify(text) : xstrdup(text);
}

void tbl_init(table *t, size_t ncol)
{
    text_table_init(t, ncol, cell_copy);
}

void tbl_put(table *t, const char *text)
{
    text_table_put(t, text);
}

void tbl_putf(table *t, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    tbl_put(t, buf);
}

/* Renders the table with `indent` spaces before each row; align holds 'l' or 'r' per column. */
void tbl_render(const table *t, strbuf *out, int indent, const char *align)
{
    text_table_render(t, out, indent, align);
}

void tbl_free(table *t)
{
    text_table_free(t);
}

int oom(char *err, size_t errlen)
{
    snprintf(err, errlen, "out of memory");
    return -1;
}

/* ---- one update over a batch, every number through model.c ---- */


/* Evaluates the update at parameters (w, b) over rows[0..m-1] (all rows in order when NULL). */
void upd_compute(const session *s, const double *w, double b, const size_t *rows,
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
void upd_present(session *s, upd *u)
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

void upd_free(upd *u)
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
double upd_delta(const session *s, const upd *u, size_t r)
{
    return model_delta_at(u->z[r], s->data.y[u->rows[r]], s->cost);
}

/* Example r of the batch's term for parameter j: x_j dC_x/dz, or dC_x/dz for b. */
double upd_term(const session *s, const upd *u, size_t r, size_t j)
{
    return model_term(s->data.x + u->rows[r] * s->data.k, s->data.k, j, upd_delta(s, u, r));
}

int is_full_batch(const session *s, const upd *u)
{
    return u->m == s->data.n && (s->batch == 0 || s->batch >= s->data.n);
}


int by_mag_cmp(const void *pa, const void *pb)
{
    const by_mag *a = pa, *b = pb;
    if (a->mag != b->mag) {
        return a->mag > b->mag ? -1 : 1;
    }
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Chooses which of m values to list: all in order when m <= limit, else the `top` largest
 * by magnitude, largest first. Returns the count written to idx (m entries allocated). */
size_t pick_rows(const double *v, size_t m, size_t limit, size_t top, size_t *idx)
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
double rest_sum(const double *v, size_t m, const size_t *shown, size_t count,
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
void name_examples(char *buf, size_t len, const size_t *ex, size_t count)
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
void sign_group(strbuf *para, const session *s, size_t j, const size_t *ex,
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
void l2_words(strbuf *para, session *s, const upd *u, size_t j, int full)
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

int check_example(const session *s, size_t i, char *err, size_t errlen)
{
    if (i >= s->data.n) {
        snprintf(err, errlen, "no example %zu: the examples are 1..%zu", i + 1, s->data.n);
        return -1;
    }
    return 0;
}

/* The line "example 3: x = (1.0000, 0.0000), y = 0" naming an example's inputs and target. */
void example_line(const session *s, size_t i, int width, strbuf *out)
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
