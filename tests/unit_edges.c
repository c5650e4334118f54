/* unit_edges.c: numbers at the edges and bad commands: finite results wherever the maths is finite, divergence
 * caught at the step that causes it, and every failing command leaving the whole session bit for bit as it was. */
#include <errno.h>
#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "harness.h"

static char tmpdir[64];

/* ---- helpers ---- */

/* Runs one command that must succeed. */
static void run_ok(cmd_app *app, const char *line)
{
    strbuf out = { 0 };
    char err[1024];
    int r = cmd_execute(app, line, &out, err, sizeof err);
    CHECK(r == 0, "\"%s\" failed: %s", line, err);
    sb_free(&out);
}

/* Loads CSV text into the app's session. */
static void load_text(cmd_app *app, const char *text)
{
    dataset d;
    char err[512];
    int r = dataset_parse(text, strlen(text), "edge.csv", &d, err, sizeof err);
    CHECK(r == 0, "parse: %s", err);
    if (r == 0) {
        r = session_load(&app->s, &d, err, sizeof err);
        CHECK(r == 0, "load: %s", err);
        if (r != 0) {
            dataset_free(&d);
        }
    }
}

static void put_bytes(strbuf *sb, const void *p, size_t n)
{
    sb_append(sb, (const char *)p, n);
}

static void put_str(strbuf *sb, const char *s)
{
    put_bytes(sb, s ? s : "(null)", s ? strlen(s) + 1 : 7);
}

static void put_dataset(strbuf *sb, const dataset *d)
{
    put_bytes(sb, &d->n, sizeof d->n);
    put_bytes(sb, &d->k, sizeof d->k);
    put_bytes(sb, d->x, d->n * d->k * sizeof(double));
    put_bytes(sb, d->y, d->n * sizeof(double));
    put_str(sb, d->name);
    put_str(sb, d->source);
    put_str(sb, d->description);
    put_str(sb, d->target_name);
    for (size_t j = 0; j < d->k; j++) {
        put_str(sb, d->input_names[j]);
    }
}

/* Every byte of state a command could change, in one buffer: what "the session as it was" means. */
static void snapshot(const cmd_app *app, strbuf *sb)
{
    const session *s = &app->s;
    size_t k = s->data.k, k1 = k + 1;
    sb_clear(sb);
    put_dataset(sb, &s->raw);
    put_dataset(sb, &s->data);
    if (s->scale == SESSION_SCALE_STANDARDIZE) {
        put_bytes(sb, s->col_mean, k * sizeof(double));
        put_bytes(sb, s->col_sd, k * sizeof(double));
    }
    put_bytes(sb, &s->eta, sizeof s->eta);
    put_bytes(sb, &s->lambda, sizeof s->lambda);
    put_bytes(sb, &s->cost, sizeof s->cost);
    put_bytes(sb, &s->batch, sizeof s->batch);
    put_bytes(sb, &s->seed, sizeof s->seed);
    put_bytes(sb, &s->init_kind, sizeof s->init_kind);
    if (s->init_kind == SESSION_INIT_VALUES) {
        put_bytes(sb, s->init_values, k1 * sizeof(double));
    }
    put_bytes(sb, &s->scale, sizeof s->scale);
    put_bytes(sb, &s->digits, sizeof s->digits);
    put_bytes(sb, s->w, k * sizeof(double));
    put_bytes(sb, &s->b, sizeof s->b);
    put_bytes(sb, &s->step, sizeof s->step);
    put_bytes(sb, &s->hist_top, sizeof s->hist_top);
    put_bytes(sb, s->hist, (size_t)(s->hist_top + 1) * k1 * sizeof(double));
    put_bytes(sb, &s->last_grad_step, sizeof s->last_grad_step);
    if (s->last_grad_step) {
        put_bytes(sb, s->last_grad, k1 * sizeof(double));
    }
    put_bytes(sb, &s->pending, sizeof s->pending);
    put_bytes(sb, s->pend_w, k * sizeof(double));
    put_bytes(sb, &s->pend_b, sizeof s->pend_b);
    put_bytes(sb, &s->focus_i, sizeof s->focus_i);
    put_bytes(sb, &s->focus_j, sizeof s->focus_j);
    put_bytes(sb, &app->plot_view, sizeof app->plot_view);
    put_bytes(sb, &app->lesson, sizeof app->lesson);
    put_bytes(sb, &app->quit, sizeof app->quit);
    /* What the session would show: the evaluation at the present parameters. */
    session *ms = (session *)s;
    const session_eval *ev = session_evaluate(ms);
    if (ev) {
        put_bytes(sb, &ev->cost, sizeof ev->cost);
        put_bytes(sb, ev->grad_w, k * sizeof(double));
        put_bytes(sb, &ev->grad_b, sizeof ev->grad_b);
    }
}

/* Runs a command that must fail with one line and leave the whole state bit for bit as it was. */
static void bad_command(cmd_app *app, const char *line, const char *want_prefix)
{
    strbuf before = { 0 }, after = { 0 }, out = { 0 };
    char err[1024];
    snapshot(app, &before);
    err[0] = '\0';
    int r = cmd_execute(app, line, &out, err, sizeof err);
    snapshot(app, &after);
    char shown[80];
    snprintf(shown, sizeof shown, "%.70s", line);
    CHECK(r == -1, "\"%s\" should fail, returned %d", shown, r);
    CHECK(err[0] && !strchr(err, '\n'), "\"%s\": error \"%s\" is not one line", shown, err);
    if (want_prefix) {
        CHECK(strncmp(err, want_prefix, strlen(want_prefix)) == 0, "\"%s\": error \"%s\", want \"%s...\"", shown,
              err, want_prefix);
    }
    CHECK(before.len == after.len && memcmp(before.buf, after.buf, before.len) == 0,
          "\"%s\" failed (%s) but changed the session", shown, err);
    sb_free(&before);
    sb_free(&after);
    sb_free(&out);
}

static char *path_in_tmp(const char *name)
{
    static char buf[4][256];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", tmpdir, name);
    return p;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL, "cannot create %s", path);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        return NULL;
    }
    strbuf sb = { 0 };
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        sb_append(&sb, buf, n);
    }
    fclose(f);
    if (!sb.buf) {
        sb_puts(&sb, "");
    }
    return sb.buf;
}

/* ---- the bad-command corpus, on several states ---- */

static const char *const bad_lines[] = {
    "frobnicate", "\"unterminated", "set eta inf", "set eta -inf", "set eta nan", "set eta -nan", "set eta 1e400",
    "set eta 0x1p3", "set eta 0", "set eta -1", "set eta", "set lambda -1", "set lambda inf", "set lambda 1e999",
    "set batch 0", "set batch 99999", "set batch -1", "set batch x", "set digits 0", "set digits 18",
    "set seed -1", "set seed 18446744073709551616", "set init 1", "set init 1 2 3 4 5", "set init bogus",
    "set init 1 nan 2", "set w1 inf", "set w1 1e999", "set w9 1", "set w0 1", "set b nan", "set b", "set w 1 2 3",
    "set w inf", "set cost cubic", "set scale log", "set foo 1", "step 99999999999", "step -1", "step 0",
    "step 1.5", "step abc", "step 1 2", "step 0x10", "run", "run 0", "run -5", "back 0", "back -1",
    "back 99999999999", "next 0", "reset now", "print", "print zz", "print z0", "print z99", "print w0",
    "print grad_w9", "print C0", "show nothing", "focus 99", "focus w99", "focus 0", "predict",
    "predict 1 2 3", "predict inf 1", "predict nan 1", "load", "load /nonexistent/file.csv",
    "load no-such-dataset", "gen", "gen foo", "gen spiral n=0", "gen spiral n=-5", "gen xor noise=inf",
    "gen xor seed=-1", "gen xor bogus=1", "plot 0x0", "plot 100000x100000", "plot nonsense", "plot log sigmoid",
    "explain w 9", "explain z 0", "derive 99", "compare -1", "compare 99999999999", "lesson next",
    "lesson back", "lesson answer 3", "lesson end", "lesson no-such-lesson", "help nosuch", "datasets x",
    "save", "save trace", "save bogus file", "save trace /nonexistent-dir/t.csv",
    "save session /nonexistent-dir/s.gs",
};

static void bad_corpus_on(cmd_app *app, const char *state)
{
    for (size_t i = 0; i < sizeof bad_lines / sizeof bad_lines[0]; i++) {
        bad_command(app, bad_lines[i], NULL);
    }
    /* Lines too long or too many for a person to type. */
    strbuf big = { 0 };
    sb_puts(&big, "set w");
    for (int i = 0; i < 10000; i++) {
        sb_printf(&big, " %d", i);
    }
    bad_command(app, sb_str(&big), "set w: expected");
    sb_clear(&big);
    sb_puts(&big, "step");
    for (int i = 0; i < 10000; i++) {
        sb_puts(&big, " 1");
    }
    bad_command(app, sb_str(&big), "step: too many arguments");
    sb_clear(&big);
    sb_puts(&big, "print ");
    for (int i = 0; i < 1000000; i++) {
        sb_puts(&big, "w");
    }
    bad_command(app, sb_str(&big), "print: unknown value");
    sb_clear(&big);
    sb_puts(&big, "set eta 0.");
    for (int i = 0; i < 100000; i++) {
        sb_puts(&big, "0");
    }
    bad_command(app, sb_str(&big), "eta must be");
    sb_free(&big);
    /* Bad files, through load: the dataset stays. */
    static const char *const files[][2] = {
        { "label2.csv", "x,y\n1,2\n" },           { "labelneg.csv", "x,y\n1,-0.5\n" },
        { "nan.csv", "x,y\n-nan,1\n" },          { "big.csv", "x,y\n1e400,1\n" },
        { "hex.csv", "x,y\n0x1p3,1\n" },         { "header.csv", "x1,x2,y\n" },
        { "ragged.csv", "x1,x2,y\n1,2,0\n3,1\n" }, { "empty.csv", "" },
        { "utf8.csv", "x,y\n1\xc3,0\n" },
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char line[300];
        write_file(path_in_tmp(files[i][0]), files[i][1]);
        snprintf(line, sizeof line, "load %s", path_in_tmp(files[i][0]));
        bad_command(app, line, path_in_tmp(files[i][0]));
    }
    char line[300];
    snprintf(line, sizeof line, "load %s", tmpdir);
    bad_command(app, line, tmpdir);
    fprintf(stderr, "bad commands on %s: done\n", state);
}

static void test_bad_commands(void)
{
    cmd_app app;
    char err[256];
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        CHECK(0, "init: %s", err);
        return;
    }
    bad_corpus_on(&app, "step 0");
    run_ok(&app, "step 3");
    run_ok(&app, "next");
    bad_corpus_on(&app, "step 3 with a term pending");
    run_ok(&app, "load hours");
    run_ok(&app, "set scale standardize");
    run_ok(&app, "set batch 3");
    run_ok(&app, "set lambda 0.5");
    run_ok(&app, "set cost quadratic");
    run_ok(&app, "step 4");
    run_ok(&app, "next");
    run_ok(&app, "back 2");
    run_ok(&app, "focus 3 w1");
    bad_corpus_on(&app, "hours, standardized, batches of 3, after back");
    /* back beyond step 0 stops there and says so; at step 0 it fails and changes nothing. */
    strbuf out = { 0 };
    long before = app.s.step;
    CHECK(cmd_execute(&app, "back 999", &out, err, sizeof err) == 0, "back 999: %s", err);
    CHECK(app.s.step == 0 && app.s.pending == 0, "back 999 from step %ld left step %ld", before, app.s.step);
    bad_command(&app, "back", "back: already at step 0");
    sb_free(&out);
    cmd_app_free(&app);
}

/* ---- numbers at the edges ---- */

/* ln(1 + e^t) computed independently of model.c: exact for large |t|. */
static double softplus_ref(double t)
{
    return t > 0 ? t + log1p(exp(-t)) : log1p(exp(t));
}

static void test_saturated_z(void)
{
    cmd_app app;
    char err[256];
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        CHECK(0, "set-up: cmd_app_init: %s", err);
        return;
    }
    load_text(&app, "x,y\n1,0\n1,1\n");
    session *s = &app.s;
    for (int sign = -1; sign <= 1; sign += 2) {
        double z = sign * 1e4;
        session_set_param(s, 0, z);
        const session_eval *ev = session_evaluate(s);
        CHECK(ev != NULL, "evaluate");
        if (!ev) {
            break;
        }
        CHECK(session_example(s, 0).z == z && session_example(s, 1).z == z, "z = %g", z);
        /* C = (1/2)[softplus(z) + softplus(-z)] for y = 0 and y = 1: one term is |z|, the other e^-|z| = 0. */
        double want = 0.5 * (softplus_ref(z) + softplus_ref(-z));
        CHECK_REL(ev->cost, want, 1e-14);
        CHECK_REL(ev->cost, 5000.0, 1e-14);
        /* dC/dw = (1/2)[(a - 0) + (a - 1)] with a = 1 or 0: +-1/2 exactly. */
        CHECK(ev->grad_w[0] == 0.5 * sign && ev->grad_b == 0.5 * sign, "grad at z = %g: %.17g %.17g", z,
              ev->grad_w[0], ev->grad_b);
        /* The quadratic cost there: (1/2)(1/2)^... each example costs 0 or 1/2, and sigma'(z) = 0 stops learning. */
        CHECK(session_set_cost(s, MODEL_COST_QUAD, err, sizeof err) == 0, "%s", err);
        ev = session_evaluate(s);
        CHECK_REL(ev->cost, 0.25, 1e-15);
        CHECK(fabs(ev->grad_w[0]) < 1e-300, "quadratic grad at z = %g: %g", z, ev->grad_w[0]);
        CHECK(session_set_cost(s, MODEL_COST_CE, err, sizeof err) == 0, "%s", err);
        /* A step from there is finite and moves w toward 0 by eta/2. */
        long r = session_step(s, 1, NULL, NULL, err, sizeof err);
        CHECK(r == 1, "step at z = %g: %s", z, err);
        CHECK(s->w[0] == z - s->eta * 0.5 * sign, "w after the step: %.17g", s->w[0]);
        session_reset(s);
    }
    cmd_app_free(&app);
}

static void test_huge_eta(void)
{
    cmd_app app;
    char err[256];
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        CHECK(0, "set-up: cmd_app_init: %s", err);
        return;
    }
    session *s = &app.s;
    /* The AND data with eta = 1e6: |grad| <= 1 keeps every value finite; the cost stays finite and >= 0. */
    CHECK(session_set_eta(s, 1e6, err, sizeof err) == 0, "%s", err);
    long r = session_step(s, 200, NULL, NULL, err, sizeof err);
    CHECK(r == 200, "200 steps at eta 1e6: %ld (%s)", r, err);
    for (long t = 0; t <= s->step; t++) {
        double c = session_cost_at(s, t);
        CHECK(isfinite(c) && c >= 0, "C at step %ld = %g", t, c);
    }
    for (size_t j = 0; j <= s->data.k; j++) {
        CHECK(isfinite(session_param_at(s, s->step, j)), "param %zu not finite", j);
    }
    cmd_app_free(&app);
}

/* Runs updates until one fails; checks the failure names its step, nothing non-finite was kept, and back works. */
static void check_divergence(cmd_app *app, const char *what, long max_steps)
{
    session *s = &app->s;
    char err[512];
    long r = session_step(s, max_steps, NULL, NULL, err, sizeof err);
    CHECK(r == -1, "%s: expected divergence within %ld steps (at step %ld)", what, max_steps, s->step);
    if (r != -1) {
        return;
    }
    char want[32];
    snprintf(want, sizeof want, "step %ld:", s->step + 1);
    CHECK(strncmp(err, want, strlen(want)) == 0, "%s: error \"%s\" does not start with \"%s\"", what, err, want);
    for (long t = 0; t <= s->step; t++) {
        double c = session_cost_at(s, t);
        CHECK(isfinite(c), "%s: C at step %ld is %g", what, t, c);
        for (size_t j = 0; j <= s->data.k; j++) {
            CHECK(isfinite(session_param_at(s, t, j)), "%s: parameter %zu at step %ld not finite", what, j, t);
        }
    }
    const session_eval *ev = session_evaluate(s);
    for (size_t i = 0; ev && i < s->data.n; i++) {
        model_example e = session_example(s, i);
        CHECK(isfinite(e.z) && !isnan(e.cost), "%s: example %zu: z = %g, C_x = %g", what, i + 1, e.z, e.cost);
    }
    /* The state is the last finite one; back goes one further, bit for bit. */
    long at = s->step;
    if (at > 0) {
        double w_before = session_param_at(s, at - 1, 0);
        CHECK(session_back(s, 1) == 1, "%s: back", what);
        CHECK(s->step == at - 1 && s->w[0] == w_before, "%s: back gave step %ld", what, s->step);
    }
}

static void test_divergence(void)
{
    cmd_app app;
    char err[256];
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        CHECK(0, "set-up: cmd_app_init: %s", err);
        return;
    }
    session *s = &app.s;
    /* Huge inputs: the first update throws z past the largest double. */
    load_text(&app, "x,y\n1e300,0\n-1e300,1\n");
    CHECK(session_set_eta(s, 1.0, err, sizeof err) == 0, "%s", err);
    check_divergence(&app, "inputs 1e300, eta 1", 10);
    CHECK(s->step == 0, "inputs 1e300: the first update must be refused, at step %ld", s->step);
    /* A huge lambda makes w oscillate with growing amplitude until C overflows. */
    cmd_app_free(&app);
    cmd_app_init(&app, err, sizeof err);
    s = &app.s;
    CHECK(session_set_lambda(s, 1e6, err, sizeof err) == 0, "%s", err);
    CHECK(session_set_eta(s, 1.0, err, sizeof err) == 0, "%s", err);
    check_divergence(&app, "lambda 1e6", 1000);
    cmd_app_free(&app);
    cmd_app_init(&app, err, sizeof err);
    s = &app.s;
    CHECK(session_set_lambda(s, 1e300, err, sizeof err) == 0, "%s", err);
    check_divergence(&app, "lambda 1e300", 1000);
    cmd_app_free(&app);
}

static void test_tiny_and_huge_inputs(void)
{
    cmd_app app;
    char err[256];
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        CHECK(0, "set-up: cmd_app_init: %s", err);
        return;
    }
    session *s = &app.s;
    /* Inputs of 1e-300: at w = b = 0, a = 1/2, dC/dw = (1/2)[1e-300 (1/2) + 2e-300 (-1/2)] = -2.5e-301. */
    load_text(&app, "x,y\n1e-300,0\n2e-300,1\n");
    const session_eval *ev = session_evaluate(s);
    CHECK_REL(ev->grad_w[0], -2.5e-301, 1e-14);
    CHECK(ev->grad_b == 0.0, "grad_b = %g", ev->grad_b);
    CHECK_REL(ev->cost, log(2.0), 1e-15);
    CHECK(session_step(s, 50, NULL, NULL, err, sizeof err) == 50, "%s", err);
    ev = session_evaluate(s);
    CHECK(isfinite(ev->cost) && isfinite(s->w[0]) && isfinite(s->b), "after 50 steps: C %g", ev->cost);
    /* Inputs of 1e300 with a tiny eta: z stays finite, the cost is tiny but never NaN. */
    load_text(&app, "x,y\n1e300,0\n-1e300,1\n");
    CHECK(session_set_eta(s, 1e-300, err, sizeof err) == 0, "%s", err);
    ev = session_evaluate(s);
    CHECK_REL(ev->grad_w[0], 5e299, 1e-14);
    CHECK(session_step(s, 1, NULL, NULL, err, sizeof err) == 1, "%s", err);
    CHECK_REL(s->w[0], -0.5, 1e-14);
    ev = session_evaluate(s);
    CHECK(ev->cost >= 0 && ev->cost < 1e-300, "C = %g after the step", ev->cost);
    CHECK(ev->correct == 2, "accuracy %zu/2", ev->correct);
    cmd_app_free(&app);
}

static void test_standardize_extremes(void)
{
    cmd_app app;
    char err[256];
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        CHECK(0, "set-up: cmd_app_init: %s", err);
        return;
    }
    session *s = &app.s;
    /* Inputs of 1e-300 standardized become -1 and +1 as the maths says (mean 1.5e-300, sd 0.5e-300):
     * the squares of the deviations must not underflow to 0. */
    load_text(&app, "x,y\n1e-300,0\n2e-300,1\n");
    CHECK(session_set_scale(s, SESSION_SCALE_STANDARDIZE, err, sizeof err) == 0, "%s", err);
    CHECK_NEAR(s->data.x[0], -1.0, 1e-12);
    CHECK_NEAR(s->data.x[1], 1.0, 1e-12);
    /* Inputs near the largest double, standardized: the mean and spread must not overflow. */
    load_text(&app, "x,y\n1e308,0\n1.7e308,1\n");
    CHECK(session_set_scale(s, SESSION_SCALE_STANDARDIZE, err, sizeof err) == 0, "%s", err);
    CHECK_NEAR(s->data.x[0], -1.0, 1e-12);
    CHECK_NEAR(s->data.x[1], 1.0, 1e-12);
    const session_eval *ev = session_evaluate(s);
    CHECK(ev && isfinite(ev->cost) && !isnan(session_example(s, 0).z), "standardized 1e308: C = %g", ev ? ev->cost : NAN);
    CHECK(session_step(s, 10, NULL, NULL, err, sizeof err) == 10, "%s", err);
    cmd_app_free(&app);
}

static void test_shapes(void)
{
    cmd_app app, dup;
    char err[256];
    if (cmd_app_init(&app, err, sizeof err) != 0 || cmd_app_init(&dup, err, sizeof err) != 0) {
        CHECK(0, "set-up: cmd_app_init: %s", err);
        return;
    }
    /* Duplicated rows: the mean over the copies equals the mean over the originals. */
    load_text(&app, "x1,x2,y\n0.5,-1,0\n2,0.25,1\n-1,3,1\n");
    load_text(&dup, "x1,x2,y\n0.5,-1,0\n2,0.25,1\n-1,3,1\n0.5,-1,0\n2,0.25,1\n-1,3,1\n");
    for (int t = 0; t < 5; t++) {
        const session_eval *a = session_evaluate(&app.s), *b = session_evaluate(&dup.s);
        CHECK_REL(b->cost, a->cost, 1e-14);
        CHECK_NEAR(b->grad_w[0], a->grad_w[0], 1e-14);
        CHECK_NEAR(b->grad_w[1], a->grad_w[1], 1e-14);
        CHECK_NEAR(b->grad_b, a->grad_b, 1e-14);
        session_step(&app.s, 1, NULL, NULL, err, sizeof err);
        session_step(&dup.s, 1, NULL, NULL, err, sizeof err);
    }
    /* A single row: dC/dw = x (a - y) = 2 (1/2 - 1) = -1, dC/db = -1/2; with eta 1, w = 1 and b = 1/2. */
    load_text(&app, "x,y\n2,1\n");
    session *s = &app.s;
    CHECK(session_set_eta(s, 1.0, err, sizeof err) == 0, "%s", err);
    CHECK(session_step(s, 1, NULL, NULL, err, sizeof err) == 1, "%s", err);
    CHECK(s->w[0] == 1.0 && s->b == 0.5, "single row: w = %.17g, b = %.17g", s->w[0], s->b);
    CHECK(session_set_batch(s, 1, err, sizeof err) == 0, "batch 1 of 1: %s", err);
    CHECK(session_next(s, err, sizeof err) == 1, "one micro-step applies the update: %s", err);
    /* z = 1*2 + 0.5 = 2.5, a = sigma(2.5): dC/dw = 2 (a - 1). */
    double a = 1.0 / (1.0 + exp(-2.5));
    CHECK_REL(s->w[0], 1.0 - 2.0 * (a - 1.0), 1e-14);
    /* Standardizing a single row: the spread is 0, the input is centred to 0, and everything stays finite. */
    CHECK(session_set_scale(s, SESSION_SCALE_STANDARDIZE, err, sizeof err) == 0, "%s", err);
    CHECK(s->data.x[0] == 0.0, "single row standardized: %g", s->data.x[0]);
    CHECK(session_step(s, 3, NULL, NULL, err, sizeof err) == 3, "%s", err);
    /* All labels equal: the cost falls toward 0 and stays finite and >= 0; nothing is NaN. */
    for (int label = 0; label <= 1; label++) {
        load_text(&app, label ? "x,y\n0,1\n1,1\n2,1\n" : "x,y\n0,0\n1,0\n2,0\n");
        CHECK(session_set_eta(s, 5.0, err, sizeof err) == 0, "%s", err);
        double c0 = session_evaluate(s)->cost;
        CHECK(session_step(s, 2000, NULL, NULL, err, sizeof err) == 2000, "%s", err);
        double c1 = session_evaluate(s)->cost;
        CHECK(isfinite(c1) && c1 >= 0 && c1 < c0 / 100, "labels all %d: C from %g to %g", label, c0, c1);
        CHECK(session_evaluate(s)->correct == 3, "labels all %d: accuracy", label);
    }
    cmd_app_free(&app);
    cmd_app_free(&dup);
}

/* ---- nothing lost ---- */

static void test_failed_save_keeps_old_file(void)
{
    cmd_app app;
    char err[512];
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        CHECK(0, "set-up: cmd_app_init: %s", err);
        return;
    }
    run_ok(&app, "step 2");
    const char *keep = path_in_tmp("keep.csv");
    write_file(keep, "old contents\n");
    /* A file size limit makes the write fail half-way: the old file stays, no temporary file is left. */
    struct rlimit old_limit, small = { 64, 64 };
    getrlimit(RLIMIT_FSIZE, &old_limit);
    small.rlim_max = old_limit.rlim_max;
    void (*old_xfsz)(int) = signal(SIGXFSZ, SIG_IGN);
    CHECK(setrlimit(RLIMIT_FSIZE, &small) == 0, "setrlimit: %s", strerror(errno));
    char line[400];
    snprintf(line, sizeof line, "save trace %s", keep);
    bad_command(&app, line, keep);
    char *text = read_file(keep);
    CHECK_STR(text, "old contents\n");
    free(text);
    snprintf(line, sizeof line, "save data %s", keep);
    bad_command(&app, line, keep);
    text = read_file(keep);
    CHECK_STR(text, "old contents\n");
    free(text);
    setrlimit(RLIMIT_FSIZE, &old_limit);
    signal(SIGXFSZ, old_xfsz);
    DIR *d = opendir(tmpdir);
    int leftovers = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        leftovers += strstr(e->d_name, ".tmp") != NULL;
    }
    if (d) {
        closedir(d);
    }
    CHECK(leftovers == 0, "a failed save left %d temporary files in %s", leftovers, tmpdir);
    /* Into a missing directory: says why. */
    snprintf(line, sizeof line, "save trace %s/missing/t.csv", tmpdir);
    strbuf out = { 0 };
    CHECK(cmd_execute(&app, line, &out, err, sizeof err) == -1, "save into a missing directory");
    CHECK(strstr(err, "No such file or directory") != NULL, "reason: %s", err);
    /* A good save replaces the file whole and leaves no temporary file. */
    snprintf(line, sizeof line, "save trace %s", keep);
    CHECK(cmd_execute(&app, line, &out, err, sizeof err) == 0, "save: %s", err);
    text = read_file(keep);
    CHECK(text && strncmp(text, "step,cost,w1,w2,b,", 18) == 0, "trace: %.40s", text ? text : "(none)");
    size_t rows = 0;
    for (const char *p = text; p && *p; p++) {
        rows += *p == '\n';
    }
    CHECK(rows == 4, "trace has %zu lines, want a header and steps 0..2", rows);
    free(text);
    sb_free(&out);
    cmd_app_free(&app);
}

/* Runs a command that must succeed and returns its output (static buffer, valid until the next call). */
static const char *output_of(cmd_app *app, const char *line)
{
    static strbuf out;
    char err[1024];
    sb_clear(&out);
    int r = cmd_execute(app, line, &out, err, sizeof err);
    CHECK(r == 0, "\"%s\" failed: %s", line, err);
    return sb_str(&out);
}

/* The less travelled paths of good commands: listings, partial runs, long tables, kept settings. */
static void test_command_paths(void)
{
    cmd_app app;
    char err[512];
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        CHECK(0, "set-up: cmd_app_init: %s", err);
        return;
    }
    /* datasets/and.csv has 4 rows of 2 inputs. */
    const char *o = output_of(&app, "datasets");
    CHECK(strstr(o, "and ") && strstr(o, "n = 4 ") && strstr(o, "k = 2 "), "datasets: %.200s", o);
    o = output_of(&app, "set");
    CHECK(strstr(o, "eta = 0.5\n") && strstr(o, "lambda = 0\n") && strstr(o, "digits = 4\n"), "set: %s", o);
    CHECK_STR(output_of(&app, "print n"), "n = 4\n");
    CHECK_STR(output_of(&app, "print k"), "k = 2\n");
    CHECK_STR(output_of(&app, "print lambda"), "lambda = 0\n");
    output_of(&app, "set b 0.25");
    CHECK_STR(output_of(&app, "print b"), "b = 0.25\n");
    /* Two terms of four, one undone: one left in progress. */
    output_of(&app, "reset");
    output_of(&app, "next");
    output_of(&app, "next");
    o = output_of(&app, "back");
    CHECK(strstr(o, "1 of 4 terms") != NULL, "back with terms pending: %s", o);
    /* A run that diverges after some good updates keeps them and says where it stopped. */
    output_of(&app, "reset");
    output_of(&app, "set lambda 1e6");
    output_of(&app, "set eta 1");
    strbuf out = { 0 };
    CHECK(cmd_execute(&app, "step 1000", &out, err, sizeof err) == -1, "lambda 1e6: step 1000 should stop");
    char want[96];
    snprintf(want, sizeof want, "good updates, now at step %ld)", app.s.step);
    CHECK(app.s.step > 0 && strstr(err, want) != NULL, "partial run: \"%s\" (step %ld)", err, app.s.step);
    snprintf(want, sizeof want, "step %ld: ", app.s.step + 1);
    CHECK(strncmp(err, want, strlen(want)) == 0, "partial run names the failing step: %s", err);
    sb_free(&out);
    /* Initial values that do not fit the new dataset's k are dropped, and the user is told. */
    output_of(&app, "set lambda 0");
    output_of(&app, "set init 1 2 3");
    o = output_of(&app, "load hours");
    CHECK(strstr(o, "init values did not fit k = 1; starting from zeros") != NULL, "load: %s", o);
    CHECK(app.s.w[0] == 0.0 && app.s.b == 0.0, "starting from zeros: w1 = %g", app.s.w[0]);
    /* A new seed under random init draws new parameters and returns to step 0. */
    output_of(&app, "set init random");
    output_of(&app, "step 2");
    o = output_of(&app, "set seed 99");
    CHECK(strstr(o, "back to step 0 (was step 2)") != NULL, "set seed: %s", o);
    /* More than 1,000 rows: the table stops at 1,000 and counts the rest. */
    output_of(&app, "gen gauss n=1234");
    o = output_of(&app, "show data");
    CHECK(strstr(o, "(234 more rows not shown)") != NULL, "show data on 1234 rows: ...%s", o + (strlen(o) > 80 ? strlen(o) - 80 : 0));
    cmd_app_free(&app);
}

/* z past the largest double: the example whose target agrees costs 0, never NaN. */
static void test_overflowed_z(void)
{
    CHECK(model_cost_ce(INFINITY, 1.0) == 0.0, "C_x(z = inf, y = 1) = %g", model_cost_ce(INFINITY, 1.0));
    CHECK(model_cost_ce(-INFINITY, 0.0) == 0.0, "C_x(z = -inf, y = 0) = %g", model_cost_ce(-INFINITY, 0.0));
    CHECK(isinf(model_cost_ce(INFINITY, 0.0)), "C_x(z = inf, y = 0) = %g", model_cost_ce(INFINITY, 0.0));
    CHECK(isinf(model_cost_ce(-INFINITY, 1.0)), "C_x(z = -inf, y = 1) = %g", model_cost_ce(-INFINITY, 1.0));
    CHECK(!isnan(model_cost_ce(INFINITY, 0.5)), "C_x(z = inf, y = 0.5) is NaN");
    cmd_app app;
    char err[256];
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        CHECK(0, "set-up: cmd_app_init: %s", err);
        return;
    }
    /* AND row 4 is (1, 1): z = 1e308 + 1e308 would overflow, so set refuses the values whole. */
    strbuf out = {0};
    CHECK(cmd_execute(&app, "set w 1e308 1e308", &out, err, sizeof err) == -1, "overflowing weights refused");
    CHECK(app.s.w[0] == 0.0 && app.s.w[1] == 0.0, "and nothing set");
    sb_free(&out);
    /* One of them alone keeps every z finite (z4 = 1e308): allowed, and C4 (y = 1) is e^-1e308 = 0. */
    output_of(&app, "set w1 1e308");
    CHECK_STR(output_of(&app, "print C4"), "C4 = 0\n");
    cmd_app_free(&app);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/gradstep-edges.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) {
        snprintf(tmpdir, sizeof tmpdir, "/tmp");
    }
    test_bad_commands();
    test_saturated_z();
    test_huge_eta();
    test_divergence();
    test_standardize_extremes();
    test_tiny_and_huge_inputs();
    test_shapes();
    test_failed_save_keeps_old_file();
    test_command_paths();
    test_overflowed_z();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (strcmp(tmpdir, "/tmp") != 0 && system(cmd) != 0) {
        fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return harness_finish();
}
