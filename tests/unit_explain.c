/* unit_explain.c: every number the explanations print, recomputed here by hand formulas and found in the text. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmd.h"
#include "explain.h"
#include "fmt.h"
#include "harness.h"
#include "rng.h"
#include "session.h"
#include "strbuf.h"

/* A session on the dataset in text (CSV), with weights w[0..k-1] and bias b. */
static void make_session(session *s, const char *text, const double *w, double b)
{
    char err[256];
    dataset d;
    CHECK(session_init(s, err, sizeof err) == 0, "session_init: %s", err);
    CHECK(dataset_parse(text, strlen(text), "test", &d, err, sizeof err) == 0, "parse: %s", err);
    CHECK(session_load(s, &d, err, sizeof err) == 0, "load: %s", err);
    for (size_t j = 0; j < s->data.k; j++) {
        session_set_param(s, j, w[j]);
    }
    session_set_param(s, s->data.k, b);
}

/* The hand formula for sigma, written out here rather than taken from model.c. */
static double sig(double z)
{
    return 1.0 / (1.0 + exp(-z));
}

/* 1 when the number v, formatted with `digits` decimals (and a sign when flags say so), stands
 * in its place: on a line of text after `label` (a label starting with "\n" must begin a line,
 * after its indent), as a whole number (not part of a longer one). */
static int has_num_at(const char *text, const char *label, double v, int digits, unsigned flags)
{
    char buf[64];
    fmt_num(buf, sizeof buf, v, digits, flags);
    int at_start = label[0] == '\n';
    const char *lab = at_start ? label + 1 : label;
    size_t ll = strlen(lab), bl = strlen(buf);
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *p = line, *after = NULL;
        if (at_start) {
            while (*p == ' ') {
                p++;
            }
            after = (size_t)(p - line) + ll <= len && strncmp(p, lab, ll) == 0 ? p + ll : NULL;
        } else {
            for (const char *q = line; q + ll <= line + len; q++) {
                if (strncmp(q, lab, ll) == 0) {
                    after = q + ll;
                    break;
                }
            }
        }
        for (const char *q = after; q && q + bl <= line + len; q++) {
            if (strncmp(q, buf, bl) == 0) {
                char before = q > line ? q[-1] : ' ', next = q[bl];
                int digit_before = (before >= '0' && before <= '9') || before == '.';
                int digit_after = (next >= '0' && next <= '9') || next == '.' || next == 'e';
                if (!digit_before && !digit_after && !((before == '-' || before == '+') && buf[0] != '-' && buf[0] != '+')) {
                    return 1;
                }
            }
        }
        line = end ? end + 1 : line + len;
    }
    return 0;
}

/* The number v (formatted as the text writes it) must stand after `label` on one line. */
#define CHECK_NUM_AT(text, label, v, digits, flags)                          \
    do {                                                                     \
        char b_[64];                                                         \
        fmt_num(b_, sizeof b_, (v), (digits), (flags));                      \
        CHECK(has_num_at((text), (label), (v), (digits), (flags)), "\"%s\" (%.10g) not after \"%s\" in:\n%s", \
              b_, (double)(v), (label), (text));                             \
    } while (0)

/* Display columns of one line (code points; no marks). */
static int columns(const char *p, const char *end)
{
    int w = 0;
    for (; p < end; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c & 0xC0) != 0x80 && c != 1 && c != 2) {
            w++;
        }
    }
    return w;
}

/* The widest line of text, in columns, and the number of lines. */
static int widest(const char *text, int *lines)
{
    int most = 0, count = 0;
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        if (!e) {
            e = p + strlen(p);
        }
        int w = columns(p, e);
        if (w > most) {
            most = w;
        }
        count++;
        p = *e ? e + 1 : e;
    }
    if (lines) {
        *lines = count;
    }
    return most;
}

static const char *and_csv = "x1,x2,y\n0,0,0\n0,1,0\n1,0,0\n1,1,1\n";

/* explain w J: every number recomputed, the printed terms summing to the printed gradient. */
static void test_explain_param(void)
{
    session s;
    double w[2] = {0.7512, 0.5683};
    double b = -0.629;
    make_session(&s, and_csv, w, b);
    s.eta = 0.5;
    const double X[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    const double Y[4] = {0, 0, 0, 1};
    char err[256];
    for (size_t j = 0; j < 3; j++) {
        strbuf out = {0};
        CHECK(explain_param(&s, j, 80, &out, err, sizeof err) == 0, "explain_param: %s", err);
        const char *t = sb_str(&out);
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            double z = w[0] * X[i][0] + w[1] * X[i][1] + b;
            double a = sig(z);
            double xj = j < 2 ? X[i][j] : 1.0;
            double term = xj * (a - Y[i]);
            sum += term;
            char rowlab[16];
            snprintf(rowlab, sizeof rowlab, "\n%d ", i + 1);
            CHECK_NUM_AT(t, rowlab, a, 4, 0);
            CHECK_NUM_AT(t, rowlab, a - Y[i], 4, FMT_SIGN);
            CHECK_NUM_AT(t, rowlab, term, 4, FMT_SIGN);
        }
        double grad = sum / 4;
        double old = j < 2 ? w[j] : b;
        CHECK_NUM_AT(t, "sum of the 4 terms = ", sum, 4, FMT_SIGN);
        CHECK_NUM_AT(t, "(1/4) × ", grad, 4, FMT_SIGN);
        CHECK_NUM_AT(t, "η ∂C/∂", old - 0.5 * grad, 4, 0);
        CHECK(strstr(t, "(1/4)") != NULL, "no (1/4) in:\n%s", t);
        CHECK(strstr(t, "In words") != NULL, "no words in:\n%s", t);
        if (j < 2) {
            CHECK(strstr(t, "weight on input") != NULL, "w_j not named in:\n%s", t);
            CHECK(strstr(t, j == 0 ? "column \"x1\"" : "column \"x2\"") != NULL,
                  "header name missing in:\n%s", t);
        } else {
            CHECK(strstr(t, "b is the bias") != NULL, "b not named in:\n%s", t);
        }

        /* the printed terms (last column of the table rows) over n give the printed gradient */
        double printed_sum = 0;
        int rows = 0;
        const char *p = t;
        while ((p = strchr(p, '\n')) != NULL) {
            p++;
            int idx;
            if (sscanf(p, " %d ", &idx) == 1 && p[0] == ' ' && p[1] == ' ' && p[2] >= '1' &&
                p[2] <= '4') {
                const char *e = strchr(p, '\n');
                const char *q = e;
                while (q > p && q[-1] != ' ') {
                    q--;
                }
                printed_sum += strtod(q, NULL);
                rows++;
            }
        }
        CHECK(rows == 4, "found %d table rows in:\n%s", rows, t);
        char want[64];
        fmt_num(want, sizeof want, grad, 4, FMT_SIGN);
        char line[128];
        snprintf(line, sizeof line, "= %s\n", want);
        CHECK(strstr(t, line) != NULL, "gradient line \"%s\" not in:\n%s", want, t);
        CHECK(fabs(printed_sum / 4 - strtod(want, NULL)) <= 0.5e-4 * 2, "printed terms sum %g / 4 vs %s",
              printed_sum, want);
        sb_free(&out);
    }
    /* a bad index fails with a reason and appends nothing */
    strbuf out = {0};
    CHECK(explain_param(&s, 3, 80, &out, err, sizeof err) == -1, "j = 3 must fail");
    CHECK(out.len == 0 && strstr(err, "w1..w2") != NULL, "err: %s", err);
    sb_free(&out);
    session_free(&s);
}

/* λ > 0: the λ term, and the quadratic cost's σ'(z) column. */
static void test_explain_param_lambda_quad(void)
{
    session s;
    double w[2] = {0.3, -0.8};
    double b = 0.2;
    make_session(&s, and_csv, w, b);
    char err[256];
    s.eta = 0.25;
    CHECK(session_set_lambda(&s, 0.4, err, sizeof err) == 0, "%s", err);
    CHECK(session_set_cost(&s, MODEL_COST_QUAD, err, sizeof err) == 0, "%s", err);
    const double X[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    const double Y[4] = {0, 0, 0, 1};
    strbuf out = {0};
    /* wide enough that the gradient's line is not wrapped: each number is checked on its line */
    CHECK(explain_param(&s, 1, 200, &out, err, sizeof err) == 0, "%s", err);
    const char *t = sb_str(&out);
    double sum = 0;
    for (int i = 0; i < 4; i++) {
        double a = sig(w[0] * X[i][0] + w[1] * X[i][1] + b);
        double sp = a * (1 - a);
        char rowlab[16];
        snprintf(rowlab, sizeof rowlab, "\n%d ", i + 1);
        CHECK_NUM_AT(t, rowlab, sp, 4, 0);
        double term = X[i][1] * (a - Y[i]) * sp;
        CHECK_NUM_AT(t, rowlab, term, 4, FMT_SIGN);
        sum += term;
    }
    double l2 = 0.4 / 4 * w[1];
    double grad = sum / 4 + l2;
    CHECK_NUM_AT(t, "(1/4) × ", sum / 4, 4, FMT_SIGN);
    CHECK_NUM_AT(t, "(0.4/4) × ", l2, 4, FMT_SIGN);
    CHECK_NUM_AT(t, "(1/4) × ", grad, 4, FMT_SIGN);
    CHECK_NUM_AT(t, "η ∂C/∂", w[1] - 0.25 * grad, 4, 0);
    CHECK(strstr(t, "σ'(z)") != NULL && strstr(t, "(λ/n)") != NULL, "formula in:\n%s", t);
    sb_free(&out);
    session_free(&s);
}

/* A dataset larger than the space: the largest terms, and the rest counted and summed. */
static void test_explain_param_large(void)
{
    strbuf csv = {0};
    sb_puts(&csv, "a,b,y\n");
    uint64_t st = 12345;
    double X[500][2], Y[500];
    for (int i = 0; i < 500; i++) {
        X[i][0] = (double)(rng_next(&st) % 2001) / 1000.0 - 1.0;
        X[i][1] = (double)(rng_next(&st) % 2001) / 1000.0 - 1.0;
        Y[i] = (double)(rng_next(&st) % 2);
        sb_printf(&csv, "%.3f,%.3f,%g\n", X[i][0], X[i][1], Y[i]);
    }
    session s;
    double w[2] = {1.5, -0.5};
    make_session(&s, sb_str(&csv), w, 0.1);
    char err[256];
    strbuf out = {0};
    CHECK(explain_param(&s, 0, 80, &out, err, sizeof err) == 0, "%s", err);
    const char *t = sb_str(&out);
    double term[500], total = 0;
    int used[500] = {0};
    for (int i = 0; i < 500; i++) {
        double a = sig(w[0] * X[i][0] + w[1] * X[i][1] + 0.1);
        term[i] = X[i][0] * (a - Y[i]);
        total += term[i];
    }
    double top = 0;
    for (int q = 0; q < 12; q++) {
        int best = -1;
        for (int i = 0; i < 500; i++) {
            if (!used[i] && (best < 0 || fabs(term[i]) > fabs(term[best]))) {
                best = i;
            }
        }
        used[best] = 1;
        top += term[best];
        char toplab[16];
        snprintf(toplab, sizeof toplab, "\n%d ", best + 1);
        CHECK_NUM_AT(t, toplab, term[best], 4, FMT_SIGN);
    }
    CHECK(strstr(t, "488 more terms not shown") != NULL, "no count of hidden terms in:\n%s", t);
    CHECK_NUM_AT(t, "more terms not shown, adding up to ", total - top, 4, FMT_SIGN);
    CHECK_NUM_AT(t, "(1/500) × ", total / 500, 4, FMT_SIGN);
    CHECK(strstr(t, "column \"a\"") != NULL, "header name missing");
    int lines;
    CHECK(widest(t, &lines) <= 80, "wider than 80:\n%s", t);
    CHECK(lines < 40, "%d lines for 500 examples", lines);
    sb_free(&out);
    sb_free(&csv);
    session_free(&s);
}

/* derive on a hand-worked example. */
static void test_derive(void)
{
    /* One example x = 2, y = 1, with w = 0.5, b = 0. By hand:
     *   z = 0.5·2 + 0 = 1;  a = σ(1) = 1/(1 + e^-1) = 1/1.367879 = 0.731059;  a − y = −0.268941
     *   σ'(z) = a(1 − a) = 0.731059 × 0.268941 = 0.196612
     *   cross-entropy: ∂C_x/∂a = (a − y)/(a(1 − a)) = −1/a = −1.367879
     *                  product −1.367879 × 0.196612 × 2 = −0.537883 = 2(a − y)
     *   quadratic:     ∂C_x/∂a = a − y = −0.268941
     *                  product −0.268941 × 0.196612 × 2 = −0.105754
     *   ratio 1/σ'(z) = 1/0.196612 = 5.086, so "5.09 times smaller" (3 significant digits). */
    session s;
    double w[1] = {0.5};
    make_session(&s, "x,y\n2,1\n", w, 0.0);
    char err[256];
    strbuf out = {0};
    CHECK(explain_derive(&s, 0, 0, 80, &out, err, sizeof err) == 0, "%s", err);
    const char *t = sb_str(&out);
    const char *want[] = {"+1.0000", "0.7311", "-0.2689", "-1.3679", "0.1966", "2.0000",
                          "-0.5379", "-0.1058", "5.09 times smaller", "σ'(z) cancels",
                          "σ'(z) stays"};
    for (size_t q = 0; q < sizeof want / sizeof want[0]; q++) {
        CHECK(strstr(t, want[q]) != NULL, "\"%s\" not in:\n%s", want[q], t);
    }
    sb_clear(&out);
    CHECK(explain_derive(&s, 0, 1, 80, &out, err, sizeof err) == 0, "%s", err);
    CHECK(strstr(sb_str(&out), "∂z/∂b") != NULL && strstr(sb_str(&out), "-0.2689") != NULL,
          "bias derivation:\n%s", sb_str(&out));
    sb_clear(&out);
    CHECK(explain_derive(&s, 1, 0, 80, &out, err, sizeof err) == -1 && out.len == 0,
          "example 2 of 1 must fail");
    sb_free(&out);
    session_free(&s);
}

/* The exact gradient of the session's cost at its parameters, in long double (k+1 values). */
static void exact_gradient(const session *s, long double *g)
{
    size_t n = s->data.n, k = s->data.k;
    for (size_t j = 0; j <= k; j++) {
        g[j] = 0;
    }
    for (size_t i = 0; i < n; i++) {
        const double *x = s->data.x + i * k;
        long double z = s->b;
        for (size_t j = 0; j < k; j++) {
            z += (long double)s->w[j] * x[j];
        }
        long double a = 1.0L / (1.0L + expl(-z)), d = a - s->data.y[i];
        if (s->cost == MODEL_COST_QUAD) {
            d *= a * (1.0L - a);
        }
        for (size_t j = 0; j < k; j++) {
            g[j] += x[j] * d;
        }
        g[k] += d;
    }
    for (size_t j = 0; j < k; j++) {
        g[j] = g[j] / n + (long double)s->lambda / n * s->w[j];
    }
    g[k] /= n;
}

/* Property of check: on random datasets (negative inputs, two scales, both costs, λ or not) at
 * random steps, from the start to near the optimum, the analytic gradient never DISAGREEs, the
 * finite difference is within the tolerance stated for it of the exact gradient (long double),
 * and a gradient moved by ten times the stated tolerance always DISAGREEs (the analytic hook). */
static void test_check(void)
{
    uint64_t st = 99;
    static const long steps[] = {0, 3, 200, 5000, 40000};
    for (int trial = 0; trial < 40; trial++) {
        int n = 3 + (int)(rng_next(&st) % 30), k = 1 + (int)(rng_next(&st) % 4);
        double scale = trial % 2 ? 50.0 : 0.5;
        strbuf csv = {0};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double v = ((double)(rng_next(&st) % 20001) / 10000.0 - 1.0) * scale * (j + 1);
                sb_printf(&csv, "%.6g,", v);
            }
            sb_printf(&csv, "%g\n", (double)(rng_next(&st) % 5) / 4.0);
        }
        double w[8];
        for (int j = 0; j < k; j++) {
            w[j] = ((double)(rng_next(&st) % 2001) / 1000.0 - 1.0) / scale;
        }
        session s;
        make_session(&s, sb_str(&csv), w, 0.3);
        char err[256];
        int c = trial % 4 == 3, l = trial % 3 == 1;
        CHECK(session_set_cost(&s, c ? MODEL_COST_QUAD : MODEL_COST_CE, err, sizeof err) == 0, "%s", err);
        CHECK(session_set_lambda(&s, l ? 0.7 : 0.0, err, sizeof err) == 0, "%s", err);
        CHECK(session_set_eta(&s, scale > 1 ? 1e-4 : 1.0, err, sizeof err) == 0, "%s", err);
        long t = steps[rng_next(&st) % 5];
        CHECK(session_step(&s, t, NULL, NULL, err, sizeof err) == t, "step: %s", err);
        strbuf out = {0};
        double tol[8];
        explain_check_opts o = {0};
        o.tolerance = tol;
        CHECK(explain_check(&s, 80, &o, &out, err, sizeof err) == 0, "%s", err);
        CHECK(o.disagree == 0 && o.checked == (size_t)k + 1 && strstr(sb_str(&out), "DISAGREE") == NULL,
              "trial %d (step %ld, cost %d, lambda %d): the right gradient disagrees:\n%s", trial, t, c,
              l, sb_str(&out));
        CHECK(strstr(sb_str(&out), "nan") == NULL && strstr(sb_str(&out), "inf") == NULL, "%s", sb_str(&out));
        /* each finite difference printed is within its stated tolerance of the exact gradient */
        long double g[8];
        exact_gradient(&s, g);
        const session_eval *ev = session_evaluate(&s);
        for (int j = 0; j <= k; j++) {
            double an = j < k ? ev->grad_w[j] : ev->grad_b;
            CHECK(fabsl(an - g[j]) <= tol[j], "trial %d: analytic %d off the exact gradient", trial, j);
        }
        /* moved by ten times the stated tolerance, every parameter disagrees */
        double wrong[8];
        for (int j = 0; j <= k; j++) {
            double an = j < k ? ev->grad_w[j] : ev->grad_b;
            wrong[j] = an + ((rng_next(&st) & 1) ? 10.0 : -10.0) * tol[j];
        }
        explain_check_opts o2 = {0};
        o2.analytic = wrong;
        strbuf out2 = {0};
        CHECK(explain_check(&s, 80, &o2, &out2, err, sizeof err) == 0, "%s", err);
        CHECK(o2.disagree == (size_t)k + 1, "trial %d: %zu of %d perturbed gradients caught:\n%s", trial,
              o2.disagree, k + 1, sb_str(&out2));
        CHECK(strstr(sb_str(&out2), "DISAGREE") != NULL, "%s", sb_str(&out2));
        sb_free(&out2);
        sb_free(&out);
        sb_free(&csv);
        session_free(&s);
    }
}

/* The cases the old check got wrong: near the minimum of `hours` (a false DISAGREE; a verdict of
 * "< 1e-9" under rows of relative error 1), and tiny columns with λ > 0 (h = 3e294 and NaN). */
static void test_check_cases(void)
{
    char err[256];
    const char *hours = "h,y\n0.5,0\n0.75,0\n1,0\n1.25,0\n1.5,0\n1.75,0\n1.75,1\n2,0\n2.25,1\n2.5,0\n"
                        "2.75,1\n3,0\n3.25,1\n3.5,0\n4,1\n4.25,1\n4.5,1\n4.75,1\n5,1\n5.5,1\n";
    double w0[1] = {0.0};
    static const long at[] = {800, 1000, 5000};
    for (int q = 0; q < 3; q++) {
        session s;
        make_session(&s, hours, w0, 0.0);
        CHECK(session_set_eta(&s, q == 0 ? 1.0 : 0.5, err, sizeof err) == 0, "%s", err);
        CHECK(session_step(&s, at[q], NULL, NULL, err, sizeof err) == at[q], "%s", err);
        strbuf out = {0};
        explain_check_opts o = {0};
        CHECK(explain_check(&s, 80, &o, &out, err, sizeof err) == 0, "%s", err);
        const char *t = sb_str(&out);
        CHECK(o.disagree == 0 && strstr(t, "DISAGREE") == NULL, "step %ld:\n%s", at[q], t);
        /* the verdict names the rows it leaves out, and "< 1e-9" only when a row shown has it */
        if (strstr(t, "largest relative error") == NULL) {
            CHECK(strstr(t, "Left out of the largest relative error: w₁, b") != NULL, "%s", t);
        }
        sb_free(&out);
        session_free(&s);
    }
    const char *tiny[] = {"a,b,y\n1e-300,1,0\n2e-300,2,1\n-1e-300,-1,1\n",
                          "a,b,y\n1e-16,1,0\n2e-16,2,1\n-1e-16,-1,1\n",
                          "a,b,y\n1e300,1,0\n2e300,2,1\n-1e300,-1,1\n"};
    for (int q = 0; q < 3; q++) {
        session s;
        double w[2] = {q == 2 ? 3e-301 : 0.3, 0.2};
        make_session(&s, tiny[q], w, 0.1);
        CHECK(session_set_lambda(&s, 1.0, err, sizeof err) == 0, "%s", err);
        strbuf out = {0};
        double tol[3];
        explain_check_opts o = {0};
        o.tolerance = tol;
        CHECK(explain_check(&s, 80, &o, &out, err, sizeof err) == 0, "%s", err);
        const char *t = sb_str(&out);
        CHECK(o.disagree == 0 && strstr(t, "nan") == NULL && strstr(t, "inf") == NULL, "%s", t);
        long double g[3];
        exact_gradient(&s, g);
        CHECK(q == 2 || fabsl(g[0] - (long double)s.lambda / 3 * w[0]) <= 1e-15L, "λ term");
        for (int j = 0; j < 3; j++) {
            CHECK(isfinite(tol[j]) && tol[j] > 0, "tolerance %d = %g", j, tol[j]);
        }
        sb_free(&out);
        session_free(&s);
    }
}

/* Wide data: 40 parameters sampled evenly (saying so), `all` checks every one; the check takes
 * O(n) per parameter, so 50 rows of 20,000 columns are checked in well under a second. */
static void test_check_wide(void)
{
    size_t n = 50, k = 20000;
    strbuf csv = {0};
    uint64_t st = 5;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < k; j++) {
            sb_printf(&csv, "%d,", (int)(rng_next(&st) % 7) - 3);
        }
        sb_printf(&csv, "%d\n", (int)(rng_next(&st) % 2));
    }
    double *w = calloc(k, sizeof *w);
    for (size_t j = 0; j < k; j++) {
        w[j] = ((double)(rng_next(&st) % 2001) / 1000.0 - 1.0) * 0.01;
    }
    session s;
    make_session(&s, sb_str(&csv), w, 0.1);
    char err[256];
    strbuf out = {0};
    explain_check_opts o = {0};
    CHECK(explain_check(&s, 80, &o, &out, err, sizeof err) == 0, "%s", err);
    CHECK(o.checked == 40 && o.disagree == 0, "checked %zu, disagree %zu", o.checked, o.disagree);
    CHECK(strstr(sb_str(&out), "20001 parameters: 40 of them are checked") != NULL, "%.600s", sb_str(&out));
    CHECK(strstr(sb_str(&out), "w₂₀₀₀₀ ") != NULL || strstr(sb_str(&out), "w₂₀₀₀₀\n") != NULL, "last weight");
    sb_clear(&out);
    explain_check_opts all = {0};
    all.all = 1;
    double t0 = clock_seconds();
    CHECK(explain_check(&s, 80, &all, &out, err, sizeof err) == 0, "%s", err);
    double dt = clock_seconds() - t0;
    CHECK(all.checked == k + 1 && all.disagree == 0, "all: checked %zu, disagree %zu", all.checked, all.disagree);
    CHECK(dt < 5.0, "check all of 50 x 20000 took %.2f s (it took 39 s when each parameter recomputed z)", dt);
    sb_free(&out);
    sb_free(&csv);
    free(w);
    session_free(&s);
}

/* A progress function that stops at its 6th call and notes when. */
typedef struct {
    int calls;
    double stopped_at;
} stopper;

static int stop_6th(void *ctx, long done, long total)
{
    stopper *p = ctx;
    (void)done;
    (void)total;
    if (++p->calls == 6) {
        p->stopped_at = clock_seconds();
        return 1;
    }
    return 0;
}

/* Ctrl-C during check: it returns within 0.5 s of the request, says where it stopped, and the
 * rows it shows are right (within their tolerance of the exact gradient). 200,000 rows: four
 * chunks per parameter, so the 6th call falls inside the second parameter. */
static void test_check_interrupt(void)
{
    size_t n = 200000;
    strbuf csv = {0};
    sb_puts(&csv, "a,b,y\n");
    uint64_t st = 17;
    for (size_t i = 0; i < n; i++) {
        sb_printf(&csv, "%d,%d,%d\n", (int)(rng_next(&st) % 9) - 4, (int)(rng_next(&st) % 5) - 2,
                  (int)(rng_next(&st) % 2));
    }
    double w[2] = {0.25, -0.5};
    session s;
    make_session(&s, sb_str(&csv), w, 0.1);
    char err[256];
    strbuf out = {0};
    stopper p = {0, 0};
    double tol[3];
    explain_check_opts o = {0};
    o.progress = stop_6th;
    o.progress_ctx = &p;
    o.tolerance = tol;
    CHECK(explain_check(&s, 80, &o, &out, err, sizeof err) == 0, "%s", err);
    double dt = clock_seconds() - p.stopped_at;
    CHECK(p.calls == 6 && dt < 0.5, "stopped %.3f s after the request (calls %d)", dt, p.calls);
    CHECK(o.stopped == 1 && o.checked == 1, "stopped %d checked %zu", o.stopped, o.checked);
    CHECK(strstr(sb_str(&out), "Stopped (Ctrl-C) after 1 of 3 parameters") != NULL, "%s", sb_str(&out));
    long double g[3];
    exact_gradient(&s, g);
    CHECK(fabsl(s.ev.grad_w[0] - g[0]) <= tol[0], "w1 analytic");
    CHECK_NUM_AT(sb_str(&out), "\nw₁ ", (double)g[0], 8, FMT_SIGN);
    CHECK(isnan(tol[1]) && isnan(tol[2]), "unchecked parameters have no tolerance");
    sb_free(&out);
    sb_free(&csv);
    session_free(&s);
}

/* A progress function that stops at step 40 and counts its calls. */
static int stop_at_40(void *ctx, long done, long total)
{
    (void)total;
    ++*(long *)ctx;
    return done >= 40;
}

/* compare N on Nielsen's neuron from w = b = 2, η = 0.15: the slowdown, number for number. */
static void test_compare(void)
{
    session s;
    double w[1] = {2.0};
    make_session(&s, "x,y\n1,0\n", w, 2.0);
    s.eta = 0.15;
    char err[256];
    strbuf out = {0};
    CHECK(explain_compare(&s, 300, 80, NULL, NULL, &out, err, sizeof err) == 0, "%s", err);
    const char *t = sb_str(&out);
    /* by hand: x = 1, y = 0, so both parameters move alike. Cross-entropy: w, b -= η a;
     * quadratic: w, b -= η a · a(1 − a). */
    double wc = 2, bc = 2, wq = 2, bq = 2;
    for (int step = 0; step <= 300; step++) {
        double ac = sig(wc + bc), aq = sig(wq + bq);
        if (step % 30 == 0) {
            char row[160], c1[32], a1[32], c2[32], a2[32];
            fmt_num(c1, sizeof c1, -log(1 - ac), 4, 0);
            fmt_num(a1, sizeof a1, ac, 4, 0);
            fmt_num(c2, sizeof c2, 0.5 * aq * aq, 4, 0);
            fmt_num(a2, sizeof a2, aq, 4, 0);
            snprintf(row, sizeof row, "%d", step);
            const char *p = strstr(t, "step  C cross-entropy");
            CHECK(p != NULL, "no table in:\n%s", t);
            /* find the row starting with the step number */
            int found = 0;
            while (p && (p = strchr(p, '\n')) != NULL) {
                p++;
                long v;
                char r1[32], r2[32], r3[32], r4[32];
                if (sscanf(p, "%ld %31s %31s %31s %31s", &v, r1, r2, r3, r4) == 5 && v == step) {
                    found = 1;
                    CHECK(strcmp(r1, c1) == 0 && strcmp(r2, a1) == 0 && strcmp(r3, c2) == 0 &&
                          strcmp(r4, a2) == 0, "step %d: got %s %s %s %s, want %s %s %s %s", step,
                          r1, r2, r3, r4, c1, a1, c2, a2);
                    break;
                }
            }
            CHECK(found, "no row for step %d in:\n%s", step, t);
            if (step == 30) {
                CHECK(aq > 0.97 && ac < 0.3, "the slowdown: quadratic %g, cross-entropy %g", aq, ac);
            }
        }
        double gc = ac, gq = aq * aq * (1 - aq);
        wc -= 0.15 * gc;
        bc -= 0.15 * gc;
        wq -= 0.15 * gq;
        bq -= 0.15 * gq;
    }
    /* the session is untouched */
    CHECK(s.w[0] == 2.0 && s.b == 2.0 && s.step == 0, "compare changed the session");
    /* Stopped at step 40 of 300 (Ctrl-C): the table ends there and says so; still no change. */
    strbuf cut = {0};
    long calls = 0;
    CHECK(explain_compare(&s, 300, 80, stop_at_40, &calls, &cut, err, sizeof err) == 0, "%s", err);
    CHECK(strstr(sb_str(&cut), "Stopped by Ctrl-C at step 40 of 300") != NULL && calls == 40,
          "stop reported after %ld calls:\n%s", calls, sb_str(&cut));
    CHECK(strstr(sb_str(&cut), "\n    30 ") != NULL && strstr(sb_str(&cut), "\n    40 ") != NULL &&
          strstr(sb_str(&cut), "\n    60 ") == NULL, "the table ends with the step it stopped at:\n%s", sb_str(&cut));
    /* and the chart's last point is that step's cost, not a zero: its lowest label is above 0 */
    CHECK(strstr(sb_str(&cut), "0.0 ┤") == NULL, "no cost of 0 drawn after the stop:\n%s", sb_str(&cut));
    CHECK(s.w[0] == 2.0 && s.b == 2.0 && s.step == 0, "a stopped compare changed the session");
    sb_free(&cut);
    /* the side-by-side gradients at step 0: 0.9820 against 0.9820 × σ'(4) */
    double a0 = sig(4.0);
    CHECK_NUM_AT(t, "\n1 ", a0, 4, FMT_SIGN);
    CHECK_NUM_AT(t, "\n1 ", a0 * a0 * (1 - a0), 4, FMT_SIGN);
    CHECK_NUM_AT(t, "\n1 ", a0 * (1 - a0), 4, 0);
    sb_free(&out);
    session_free(&s);
}

/* explain cost, z, sigma, update against hand formulas. */
static void test_cost_z_sigma_update(void)
{
    session s;
    double w[2] = {0.9, 0.7};
    make_session(&s, and_csv, w, -0.1);
    s.eta = 0.5;
    char err[256];
    strbuf out = {0};
    /* example 4: z = 0.9 + 0.7 − 0.1 = 1.5, a = σ(1.5), y = 1: C_x = −ln a */
    double a4 = sig(1.5);
    CHECK(explain_cost(&s, 3, 80, &out, err, sizeof err) == 0, "%s", err);
    CHECK_NUM_AT(sb_str(&out), "a = σ(z) = ", a4, 4, 0);
    CHECK_NUM_AT(sb_str(&out), "= −[1 × ", log(a4), 4, 0);
    CHECK_NUM_AT(sb_str(&out), "] = ", -log(a4), 4, 0);
    sb_clear(&out);
    CHECK(explain_z(&s, 3, 80, &out, err, sizeof err) == 0, "%s", err);
    CHECK_NUM_AT(sb_str(&out), "= 0.9000 + 0.7000 + ", 1.5, 4, FMT_SIGN);
    CHECK(strstr(sb_str(&out), "0.9000 × 1.0000 + 0.7000 × 1.0000 + (-0.1000)") != NULL, "z:\n%s",
          sb_str(&out));
    sb_clear(&out);
    CHECK(explain_sigma(&s, 3, 80, &out, err, sizeof err) == 0, "%s", err);
    CHECK_NUM_AT(sb_str(&out), "σ(z) = 1/(1 + e^(", a4, 4, 0);
    CHECK_NUM_AT(sb_str(&out), "σ'(z) = σ(z)(1 − σ(z)) = ", a4 * (1 - a4), 4, 0);
    sb_clear(&out);
    /* C over all four examples: z = −0.1, 0.6, 0.8, 1.5 */
    const double z[4] = {-0.1, 0.6, 0.8, 1.5};
    double total = 0;
    for (int i = 0; i < 3; i++) {
        total += -log(1 - sig(z[i]));
    }
    total += -log(sig(z[3]));
    CHECK(explain_cost(&s, EXPLAIN_ALL, 80, &out, err, sizeof err) == 0, "%s", err);
    CHECK_NUM_AT(sb_str(&out), "sum of the 4 costs = ", total, 4, 0);
    CHECK_NUM_AT(sb_str(&out), "C = (1/4) × ", total / 4, 4, 0);
    sb_clear(&out);
    /* update: ∂C/∂b = mean of a − y */
    double gb = (sig(z[0]) + sig(z[1]) + sig(z[2]) + sig(z[3]) - 1) / 4;
    double gw1 = (sig(z[2]) + sig(z[3]) - 1) / 4;
    CHECK(explain_update(&s, 80, &out, err, sizeof err) == 0, "%s", err);
    CHECK_NUM_AT(sb_str(&out), "\nb ", gb, 4, FMT_SIGN);
    CHECK_NUM_AT(sb_str(&out), "\nb ", -0.5 * gb, 4, FMT_SIGN);
    CHECK_NUM_AT(sb_str(&out), "\nb ", -0.1 - 0.5 * gb, 4, 0);
    CHECK_NUM_AT(sb_str(&out), "\nw₁ ", 0.9 - 0.5 * gw1, 4, 0);
    sb_free(&out);
    session_free(&s);

    /* a target between 0 and 1: both ln terms count. z = 0.5·2 − 0.2 = 0.8, y = 0.3:
     * C_x = −[0.3 ln σ(0.8) + 0.7 ln(1 − σ(0.8))] */
    double w1[1] = {0.5};
    make_session(&s, "x,y\n2,0.3\n", w1, -0.2);
    strbuf o2 = {0};
    CHECK(explain_cost(&s, 0, 80, &o2, err, sizeof err) == 0, "%s", err);
    double a = sig(0.8);
    CHECK_NUM_AT(sb_str(&o2), "] = ", -(0.3 * log(a) + 0.7 * log(1 - a)), 4, 0);
    CHECK(strstr(sb_str(&o2), "both terms count") != NULL && strstr(sb_str(&o2), "only the") == NULL,
          "fractional target:\n%s", sb_str(&o2));
    CHECK(strstr(sb_str(&o2), "n = 1 example ") != NULL, "singular:\n%s", sb_str(&o2));
    sb_free(&o2);
    session_free(&s);
}

/* micro-steps: the running sums, then the completed gradient and update. */
static void test_microstep(void)
{
    session s;
    double w[2] = {0.9, 0.7};
    make_session(&s, and_csv, w, -0.1);
    s.eta = 0.5;
    char err[256];
    const double z[4] = {-0.1, 0.6, 0.8, 1.5};
    const double Y[4] = {0, 0, 0, 1};
    strbuf out = {0};
    CHECK(session_next(&s, err, sizeof err) == 0, "%s", err);
    CHECK(session_next(&s, err, sizeof err) == 0, "%s", err);
    CHECK(explain_microstep(&s, 80, &out, err, sizeof err) == 0, "%s", err);
    const char *t = sb_str(&out);
    double d0 = sig(z[0]), d1 = sig(z[1]);
    CHECK(strstr(t, "term 2 of 4") != NULL, "progress:\n%s", t);
    CHECK(strstr(t, "0.0000·(+") != NULL && strstr(t, "1.0000·(+") != NULL, "terms:\n%s", t);
    CHECK_NUM_AT(t, "Σ for b", d0, 4, FMT_SIGN);
    CHECK_NUM_AT(t, "Σ for b", d1, 4, FMT_SIGN);
    CHECK_NUM_AT(t, "Σ for b", d0 + d1, 4, FMT_SIGN);  /* b's partial sum */
    CHECK(strstr(t, "… ]") != NULL && strstr(t, "examples 3 and 4") != NULL, "what remains:\n%s", t);
    sb_clear(&out);
    CHECK(session_next(&s, err, sizeof err) == 0, "%s", err);
    CHECK(session_next(&s, err, sizeof err) == 1, "%s", err);
    CHECK(explain_microstep(&s, 80, &out, err, sizeof err) == 0, "%s", err);
    t = sb_str(&out);
    double gb = 0, gw2 = 0;
    for (int i = 0; i < 4; i++) {
        gb += sig(z[i]) - Y[i];
    }
    gw2 = sig(z[1]) - Y[1] + sig(z[3]) - Y[3];
    CHECK(strstr(t, "complete and applied") != NULL, "completion:\n%s", t);
    CHECK_NUM_AT(t, "(1/4) × ", gb, 4, FMT_SIGN);
    CHECK_NUM_AT(t, "(1/4) × ", gb / 4, 4, FMT_SIGN);
    CHECK_NUM_AT(t, "(1/4) × ", gw2 / 4, 4, FMT_SIGN);
    CHECK_NUM_AT(t, "b ← ", -0.1 - 0.5 * gb / 4, 4, 0);
    CHECK_NUM_AT(t, "w₂ ← ", 0.7 - 0.5 * gw2 / 4, 4, 0);
    sb_free(&out);
    session_free(&s);
}

/* The Formula pane: fits its box, marks one term, follows micro-steps. */
static void test_formula_pane(void)
{
    session s;
    double w[2] = {0.9, 0.7};
    make_session(&s, and_csv, w, -0.1);
    s.eta = 0.5;
    s.focus_i = 1;
    char err[256];
    const int sizes[][2] = {{94, 6}, {76, 5}, {60, 4}, {40, 8}, {120, 3}};
    for (size_t q = 0; q < sizeof sizes / sizeof sizes[0]; q++) {
        strbuf out = {0};
        explain_formula_pane(&s, 1, sizes[q][0], sizes[q][1], &out);
        int lines;
        int wd = widest(sb_str(&out), &lines);
        CHECK(wd <= sizes[q][0] && lines <= sizes[q][1], "%dx%d: %d columns, %d lines:\n%s",
              sizes[q][0], sizes[q][1], wd, lines, sb_str(&out));
        const char *on = strchr(sb_str(&out), EXPLAIN_MARK_ON);
        CHECK(on && strchr(on, EXPLAIN_MARK_OFF) && strstr(on, "1.00·(+0.646)") == on + 1,
              "focused term of example 2 not marked:\n%s", sb_str(&out));
        sb_free(&out);
    }
    strbuf out = {0};
    explain_formula_pane(&s, 1, 94, 6, &out);
    CHECK(strstr(sb_str(&out), "weight on input x₂") != NULL, "words:\n%s", sb_str(&out));
    CHECK(strstr(sb_str(&out), "n = 4") != NULL, "n in words:\n%s", sb_str(&out));
    CHECK(strstr(sb_str(&out), "Example 3 pushes w₂ down") == NULL, "x₂ = 0 row cannot push");
    sb_clear(&out);
    CHECK(session_next(&s, err, sizeof err) == 0, "%s", err);
    explain_formula_pane(&s, 2, 94, 6, &out);
    char *text = strdup(sb_str(&out));
    const char *on = strchr(text, EXPLAIN_MARK_ON);
    CHECK(on && strncmp(on + 1, "(+0.475)", 8) == 0, "the term just added is not marked:\n%s", text);
    CHECK(strstr(text, "so far") != NULL, "running sum:\n%s", text);
    explain_strip_marks(text);
    CHECK(strchr(text, EXPLAIN_MARK_ON) == NULL && strchr(text, EXPLAIN_MARK_OFF) == NULL,
          "marks left after strip");
    free(text);
    sb_free(&out);
    session_free(&s);
}

/* Every text fits 80 columns at the default digits; the glossary names every symbol. */
static void test_widths_and_symbols(void)
{
    strbuf out = {0};
    explain_symbols(&out, 80);
    const char *syms[] = {"n ", "x ", "x_j", "y ", "w_j", "b ", "z ", "a ", "σ ", "σ'", "C_x", "C ",
                          "η", "λ", "m ", "eq. 57", "eq. 61", "eq. 62"};
    for (size_t q = 0; q < sizeof syms / sizeof syms[0]; q++) {
        CHECK(strstr(sb_str(&out), syms[q]) != NULL, "glossary lacks \"%s\"", syms[q]);
    }
    CHECK(widest(sb_str(&out), NULL) <= 80, "glossary wider than 80");
    sb_clear(&out);
    explain_symbols(&out, 50);
    CHECK(widest(sb_str(&out), NULL) <= 50, "glossary wider than 50:\n%s", sb_str(&out));
    sb_free(&out);

    session s;
    double w[2] = {0.9, 0.7};
    make_session(&s, and_csv, w, -0.1);
    char err[256];
    strbuf all = {0};
    explain_param(&s, 0, 80, &all, err, sizeof err);
    explain_cost(&s, EXPLAIN_ALL, 80, &all, err, sizeof err);
    explain_cost(&s, 1, 80, &all, err, sizeof err);
    explain_z(&s, 1, 80, &all, err, sizeof err);
    explain_sigma(&s, 1, 80, &all, err, sizeof err);
    explain_update(&s, 80, &all, err, sizeof err);
    explain_derive(&s, 1, 0, 80, &all, err, sizeof err);
    explain_check(&s, 80, NULL, &all, err, sizeof err);
    explain_compare(&s, 20, 80, NULL, NULL, &all, err, sizeof err);
    CHECK(widest(sb_str(&all), NULL) <= 80, "some line is wider than 80:\n%s", sb_str(&all));
    CHECK(strstr(sb_str(&all), "-0.0000") == NULL && strstr(sb_str(&all), "+0.0000") == NULL,
          "a signed zero was printed");
    sb_free(&all);
    session_free(&s);
}

/* --ascii: no byte outside ASCII, and the same numbers. */
static void test_ascii(void)
{
    session s;
    double w[2] = {0.9, 0.7};
    make_session(&s, and_csv, w, -0.1);
    char err[256];
    fmt_set_ascii(1);
    strbuf out = {0};
    explain_symbols(&out, 80);
    explain_param(&s, 1, 80, &out, err, sizeof err);
    explain_derive(&s, 1, 1, 80, &out, err, sizeof err);
    explain_check(&s, 80, NULL, &out, err, sizeof err);
    explain_compare(&s, 5, 80, NULL, NULL, &out, err, sizeof err);
    explain_formula_pane(&s, 0, 60, 6, &out);
    size_t high = 0;
    for (const char *p = sb_str(&out); *p; p++) {
        high += (unsigned char)*p >= 0x80;
    }
    CHECK(high == 0, "%zu non-ASCII bytes in:\n%s", high, sb_str(&out));
    CHECK(strstr(sb_str(&out), "dC/dw2 = (1/n) sum_x x2 (sigma(z) - y)") != NULL, "ASCII formula:\n%s",
          sb_str(&out));
    CHECK_NUM_AT(sb_str(&out), "\n2 ", sig(0.6), 4, 0);
    fmt_set_ascii(0);
    sb_free(&out);
    session_free(&s);
}

/* The commands: arguments checked, one clear line on failure, nothing printed then. */
static void test_commands(void)
{
    cmd_app app;
    char err[256];
    CHECK(cmd_app_init(&app, err, sizeof err) == 0, "%s", err);
    const char *bad[] = {"explain w", "explain w 3", "explain foo", "explain z", "explain z 5",
                         "explain sigma 0", "explain cost 9", "explain update 2", "derive 5",
                         "derive 1 w9", "compare -1", "compare 1000001", "compare x", "check 1"};
    for (size_t q = 0; q < sizeof bad / sizeof bad[0]; q++) {
        strbuf out = {0};
        err[0] = '\0';
        CHECK(cmd_execute(&app, bad[q], &out, err, sizeof err) == -1, "\"%s\" did not fail", bad[q]);
        CHECK(out.len == 0 && err[0] && !strchr(err, '\n'), "\"%s\": out \"%s\", err \"%s\"", bad[q],
              sb_str(&out), err);
        sb_free(&out);
    }
    const char *good[] = {"explain", "explain w 1", "explain w2", "explain b", "explain cost",
                          "explain cost 3", "explain z 2", "explain sig 2", "explain up", "derive",
                          "derive 3", "derive 3 b", "check", "compare", "compare 4", "help symbols",
                          "next"};
    for (size_t q = 0; q < sizeof good / sizeof good[0]; q++) {
        strbuf out = {0};
        CHECK(cmd_execute(&app, good[q], &out, err, sizeof err) == 0, "\"%s\": %s", good[q], err);
        CHECK(out.len > 0, "\"%s\" printed nothing", good[q]);
        sb_free(&out);
    }
    /* the explanations leave the session as it was (next is the one that changes it) */
    CHECK(app.s.step == 0 && app.s.pending == 1, "step %ld pending %zu", app.s.step, app.s.pending);
    cmd_app_free(&app);
}

/* The paragraph of explain_param's words that starts with "Here " (newlines read as spaces),
 * up to ". The largest" or its end, into buf. */
static void here_paragraph(const char *text, char *buf, size_t len)
{
    char *flat = strdup(text);
    for (char *p = flat; *p; p++) {
        if (*p == '\n') {
            *p = ' ';
        }
    }
    const char *h = strstr(flat, " Here ");
    buf[0] = '\0';
    if (h) {
        snprintf(buf, len, "%s", h + 6);
        char *e = strstr(buf, ". The largest");
        if (!e) {
            e = strstr(buf, ". ");
        }
        if (e) {
            *e = '\0';
        }
    }
    free(flat);
}

/* Reads one group of the "Here" sentence at *p ("examples 2, 3 and 7 push w₁ down (...)" or
 * "27 examples pull it up ..."), to the next "; ". Writes the 1-based examples named into ex
 * (count into *nex, 0 when only a count is given), the count into *count and the verb's sign
 * (+1 push, -1 pull, 0 add) into *sign. Returns 0, or -1 at the end. */
static char group_text[2048]; /* the last group read_group read, whole */

static int read_group(const char **p, size_t *ex, size_t *nex, size_t *count, int *sign)
{
    const char *g = *p;
    while (*g == ' ' || *g == ';') {
        g++;
    }
    if (!*g) {
        return -1;
    }
    const char *end = strstr(g, "; ");
    size_t glen = end ? (size_t)(end - g) : strlen(g);
    char grp[2048];
    snprintf(grp, sizeof grp, "%.*s", (int)glen, g);
    snprintf(group_text, sizeof group_text, "%s", grp);
    *p = g + glen;
    char *verb = strstr(grp, " push");
    *sign = 1;
    if (!verb) {
        verb = strstr(grp, " pull");
        *sign = -1;
    }
    if (!verb) {
        verb = strstr(grp, " add");
        *sign = 0;
    }
    if (!verb) {
        return -1;
    }
    *verb = '\0';
    *nex = 0;
    if (strncmp(grp, "example", 7) == 0) {
        for (char *q = grp; *q;) {
            if (*q >= '0' && *q <= '9') {
                ex[(*nex)++] = strtoul(q, &q, 10);
            } else {
                q++;
            }
        }
        *count = *nex;
    } else {
        *count = strtoul(grp, NULL, 10);
    }
    return 0;
}

/* Property of the sign words: on random datasets with negative inputs, at random parameters,
 * every example explain_param says pushes w_j (or b) down has a positive term x_j(σ(z) − y)
 * (computed here in long double), every one said to pull it up a negative term, every one said
 * to add nothing a zero term, and the counts equal the counts of positive and negative terms. */
static void test_sign_words(void)
{
    uint64_t st = 2024;
    for (int trial = 0; trial < 60; trial++) {
        int n = trial < 40 ? 2 + (int)(rng_next(&st) % 7) : 10 + (int)(rng_next(&st) % 40);
        int k = 1 + (int)(rng_next(&st) % 3);
        double X[64 * 3], Y[64];
        strbuf csv = {0};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                X[i * k + j] = (double)((long)(rng_next(&st) % 4001) - 2000) / 1000.0;
                if (rng_next(&st) % 9 == 0) {
                    X[i * k + j] = 0.0;
                }
                sb_printf(&csv, "%.17g,", X[i * k + j]);
            }
            Y[i] = (double)(rng_next(&st) % 2);
            sb_printf(&csv, "%g\n", Y[i]);
        }
        double w[3], b = (double)((long)(rng_next(&st) % 2001) - 1000) / 500.0;
        for (int j = 0; j < k; j++) {
            w[j] = (double)((long)(rng_next(&st) % 2001) - 1000) / 500.0;
        }
        session s;
        make_session(&s, sb_str(&csv), w, b);
        char err[256];
        if (trial % 3 == 2) {
            CHECK(session_set_cost(&s, MODEL_COST_QUAD, err, sizeof err) == 0, "%s", err);
        }
        for (int j = 0; j <= k; j++) {
            strbuf out = {0};
            CHECK(explain_param(&s, (size_t)j, 80, &out, err, sizeof err) == 0, "%s", err);
            long double term[64];
            size_t npos = 0, nneg = 0;
            for (int i = 0; i < n; i++) {
                long double z = b;
                for (int q = 0; q < k; q++) {
                    z += (long double)w[q] * X[i * k + q];
                }
                long double a = 1.0L / (1.0L + expl(-z));
                long double d = a - Y[i];
                if (trial % 3 == 2) {
                    d *= a * (1.0L - a);
                }
                term[i] = j < k ? X[i * k + j] * d : d;
                npos += term[i] > 0;
                nneg += term[i] < 0;
            }
            char para[4096];
            here_paragraph(sb_str(&out), para, sizeof para);
            CHECK(para[0] != '\0', "no \"Here\" sentence:\n%s", sb_str(&out));
            const char *p = para;
            size_t ex[64], nex, count, said_pos = 0, said_neg = 0;
            int sign;
            while (read_group(&p, ex, &nex, &count, &sign) == 0) {
                for (size_t q = 0; q < nex; q++) {
                    long double t = term[ex[q] - 1];
                    CHECK(sign > 0 ? t > 0 : (sign < 0 ? t < 0 : t == 0),
                          "trial %d j %d: example %zu has term %Lg but the words say %s:\n%s",
                          trial, j, ex[q], t, sign > 0 ? "down" : (sign < 0 ? "up" : "nothing"),
                          sb_str(&out));
                }
                /* the reason: σ(z) above or below y, and for a weight the sign of x_j */
                size_t above_xpos = 0, below_xneg = 0; /* for a push; swapped for a pull */
                for (size_t q = 0; q < nex; q++) {
                    double xv = j < k ? X[(ex[q] - 1) * k + j] : 1.0;
                    above_xpos += xv > 0;
                    below_xneg += xv < 0;
                }
                char X1[16], want[256];
                snprintf(X1, sizeof X1, "x%s", j == 0 ? "₁" : (j == 1 ? "₂" : "₃"));
                if (sign != 0 && j == k) {
                    snprintf(want, sizeof want, "σ(z) %s y)", sign > 0 ? "above" : "below");
                    CHECK(strstr(group_text, want) != NULL, "no \"%s\" in: %s", want, group_text);
                } else if (sign != 0 && nex > 0 && below_xneg == 0) {
                    snprintf(want, sizeof want, "σ(z) %s y and %s > 0)", sign > 0 ? "above" : "below", X1);
                    CHECK(strstr(group_text, want) != NULL, "no \"%s\" in: %s", want, group_text);
                } else if (sign != 0 && nex > 0 && above_xpos == 0) {
                    snprintf(want, sizeof want, "σ(z) %s y and %s < 0)", sign > 0 ? "below" : "above", X1);
                    CHECK(strstr(group_text, want) != NULL, "no \"%s\" in: %s", want, group_text);
                } else if (sign != 0 && nex > 0) {
                    snprintf(want, sizeof want, ": %zu with σ(z) %s y and %s > 0, %zu with σ(z) %s y and %s < 0",
                             above_xpos, sign > 0 ? "above" : "below", X1, below_xneg,
                             sign > 0 ? "below" : "above", X1);
                    CHECK(strstr(group_text, want) != NULL, "no \"%s\" in: %s", want, group_text);
                }
                said_pos += sign > 0 ? count : 0;
                said_neg += sign < 0 ? count : 0;
            }
            CHECK(said_pos == npos && said_neg == nneg,
                  "trial %d j %d: words count %zu down and %zu up, the terms %zu and %zu:\n%s",
                  trial, j, said_pos, said_neg, npos, nneg, sb_str(&out));
            sb_free(&out);
        }
        sb_free(&csv);
        session_free(&s);
    }
}

/* With λ > 0 the words name the data term and the λ term and say which decides the sign. AND
 * gate, w = (0.1, 0.1), b = -2, λ = 3 (n = 4), by hand for w₂: rows 2 and 4 have x₂ = 1;
 *   z₂ = 0.1 − 2 = −1.9, σ = 0.130108;  z₄ = 0.2 − 2 = −1.8, σ = 0.141851 − 1 = −0.858149
 *   data term (1/4)(0.130108 − 0.858149) = −0.182010; λ term (3/4)(0.1) = +0.075
 * so the data term decides (a raise); with λ = 10 the λ term is 0.25 and flips it. */
static void test_lambda_words(void)
{
    session s;
    double w[2] = {0.1, 0.1};
    make_session(&s, and_csv, w, -2.0);
    char err[256];
    CHECK(session_set_lambda(&s, 3.0, err, sizeof err) == 0, "%s", err);
    strbuf out = {0};
    CHECK(explain_param(&s, 1, 1000, &out, err, sizeof err) == 0, "%s", err);
    double data = (sig(-1.9) + sig(-1.8) - 1.0) / 4.0;
    CHECK_NUM_AT(sb_str(&out), "(1/4) × ", data, 4, FMT_SIGN);
    CHECK(strstr(sb_str(&out), "the data term is larger, so it decides") != NULL, "%s", sb_str(&out));
    sb_clear(&out);
    CHECK(session_set_lambda(&s, 10.0, err, sizeof err) == 0, "%s", err);
    CHECK(explain_param(&s, 1, 1000, &out, err, sizeof err) == 0, "%s", err);
    CHECK(strstr(sb_str(&out), "the λ term is larger, so it decides the sign: the examples alone "
                               "would raise w₂, the weight decay lowers it") != NULL, "%s", sb_str(&out));
    CHECK(strstr(sb_str(&out), "= +0.2500") != NULL, "λ term 10/4 × 0.1:\n%s", sb_str(&out));
    sb_free(&out);
    session_free(&s);
}

/* derive at |z| beyond 710: no inf, no "0.0000" for σ'(z), the factors as powers of e whose
 * exponents are computed here: ln σ'(800) = −800 − 2 ln(1 + e^−800) = −800.0000, and the
 * product of the cross-entropy factors is a − y = 1. And derive for b cites eqs. 62 and 56. */
static void test_derive_extremes(void)
{
    session s;
    double w[1] = {0.0};
    make_session(&s, "x,y\n1,0\n", w, 800.0);
    char err[256];
    strbuf out = {0};
    CHECK(explain_derive(&s, 0, 0, 200, &out, err, sizeof err) == 0, "%s", err);
    const char *t = sb_str(&out);
    CHECK(strstr(t, "inf") == NULL && strstr(t, "nan") == NULL, "non-finite words:\n%s", t);
    CHECK(strstr(t, "e^-800.0000") != NULL && strstr(t, "+e^800.0000") != NULL, "%s", t);
    CHECK(strstr(t, "= +1.0000 = x₁(a − y)") != NULL, "%s", t);
    CHECK(strstr(t, "about 10^347.4") != NULL, "800/ln 10 = 347.44:\n%s", t);
    sb_clear(&out);
    session_free(&s);
    make_session(&s, "x,y\n1,1\n", w, 720.0);
    CHECK(explain_derive(&s, 0, 1, 200, &out, err, sizeof err) == 0, "%s", err);
    t = sb_str(&out);
    CHECK(strstr(t, "inf") == NULL && strstr(t, "nan") == NULL, "non-finite words:\n%s", t);
    /* y = 1, z = 720: a − y = −e^−720/(1 + e^−720); the cross-entropy's ∂C_x/∂a is −1 */
    CHECK(strstr(t, "=  -1.0000") != NULL, "%s", t);
    CHECK(strstr(t, "-e^-720.0000") != NULL, "%s", t);
    CHECK(strstr(t, "(eq. 62)") != NULL && strstr(t, "(eq. 56)") != NULL, "b cites 62 and 56:\n%s", t);
    CHECK(strstr(t, "(eq. 61)") == NULL && strstr(t, "(eq. 55)") == NULL && strstr(t, "times the input") == NULL,
          "b cites the weight equations:\n%s", t);
    sb_free(&out);
    session_free(&s);
}

int main(void)
{
    test_explain_param();
    test_explain_param_lambda_quad();
    test_explain_param_large();
    test_derive();
    test_sign_words();
    test_lambda_words();
    test_derive_extremes();
    test_check();
    test_check_cases();
    test_check_wide();
    test_check_interrupt();
    test_compare();
    test_cost_z_sigma_update();
    test_microstep();
    test_formula_pane();
    test_widths_and_symbols();
    test_ascii();
    test_commands();
    return harness_finish();
}
