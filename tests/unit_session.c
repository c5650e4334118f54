/* unit_session.c: the session: bit-exact undo, micro-steps equal to steps, seeded batches, settings, saves. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cmd.h"
#include "harness.h"
#include "rng.h"
#include "save.h"
#include "session.h"

/* Loads CSV text into s; fails the test run if it does not parse. */
static void load_text(session *s, const char *text)
{
    dataset d;
    char err[256];
    int r = dataset_parse(text, strlen(text), "test.csv", &d, err, sizeof err);
    CHECK(r == 0, "parse: %s", err);
    if (r == 0) {
        r = session_load(s, &d, err, sizeof err);
        CHECK(r == 0, "load: %s", err);
    }
}

/* A random dataset of n rows and k inputs as CSV text (caller frees). */
static char *random_csv(size_t n, size_t k, uint64_t seed)
{
    strbuf sb = { 0 };
    uint64_t st = seed;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < k; j++) {
            sb_printf(&sb, "%.6f,", rng_normal(&st) * (j + 1));
        }
        sb_printf(&sb, "%d\n", (int)(rng_next(&st) & 1));
    }
    return sb.buf;
}

/* Copies the present parameters (k+1). */
static double *snapshot(const session *s)
{
    double *p = malloc((s->data.k + 1) * sizeof(double));
    memcpy(p, s->w, s->data.k * sizeof(double));
    p[s->data.k] = s->b;
    return p;
}

static int same_params(const session *s, const double *p)
{
    for (size_t j = 0; j < s->data.k; j++) {
        if (memcmp(&s->w[j], &p[j], sizeof(double)) != 0) {
            return 0;
        }
    }
    return memcmp(&s->b, &p[s->data.k], sizeof(double)) == 0;
}

static void test_undo(void)
{
    char err[256];
    session s;
    CHECK(session_init(&s, err, sizeof err) == 0, "init: %s", err);
    char *csv = random_csv(30, 3, 7);
    load_text(&s, csv);
    free(csv);
    struct { model_cost cost; size_t batch; double lambda; } cases[] = {
        { MODEL_COST_CE, 0, 0.0 }, { MODEL_COST_QUAD, 0, 0.3 }, { MODEL_COST_CE, 7, 0.1 }, { MODEL_COST_QUAD, 1, 0.0 },
    };
    for (size_t c = 0; c < 4; c++) {
        session_set_cost(&s, cases[c].cost, err, sizeof err);
        CHECK(session_set_batch(&s, cases[c].batch, err, sizeof err) == 0, "%s", err);
        session_set_lambda(&s, cases[c].lambda, err, sizeof err);
        session_set_init(&s, SESSION_INIT_RANDOM, NULL, 0, err, sizeof err);
        double *p0 = snapshot(&s);
        CHECK(session_step(&s, 17, NULL, NULL, err, sizeof err) == 17, "%s", err);
        double *p17 = snapshot(&s);
        CHECK(session_step(&s, 40, NULL, NULL, err, sizeof err) == 40, "%s", err);
        CHECK(session_back(&s, 40) == 40, "back 40");
        CHECK(same_params(&s, p17), "case %zu: back to step 17 is bit-exact", c);
        CHECK(s.step == 17, "step %ld", s.step);
        CHECK(session_back(&s, 100) == 17, "back stops at step 0");
        CHECK(same_params(&s, p0) && s.step == 0, "case %zu: back to step 0 is bit-exact", c);
        /* Stepping again after back gives the same path (same batches, same numbers). */
        session_step(&s, 17, NULL, NULL, err, sizeof err);
        CHECK(same_params(&s, p17), "case %zu: the same 17 steps again", c);
        free(p0);
        free(p17);
    }
    session_free(&s);
}

static void test_next_equals_step(void)
{
    char err[256];
    session a, b;
    session_init(&a, err, sizeof err);
    session_init(&b, err, sizeof err);
    char *csv = random_csv(11, 2, 3);
    load_text(&a, csv);
    load_text(&b, csv);
    free(csv);
    for (int round = 0; round < 2; round++) {
        size_t m = round ? 4 : 0;
        session_set_batch(&a, m, err, sizeof err);
        session_set_batch(&b, m, err, sizeof err);
        for (int u = 0; u < 5; u++) {
            session_step(&a, 1, NULL, NULL, err, sizeof err);
            size_t terms = b.batch_m;
            int applied = 0;
            for (size_t t = 0; t < terms; t++) {
                int r = session_next(&b, err, sizeof err);
                CHECK(r == (t + 1 == terms ? 1 : 0), "next returns %d at term %zu of %zu", r, t + 1, terms);
                applied += r == 1;
            }
            CHECK(applied == 1, "one update per batch");
            double *pa = snapshot(&a);
            CHECK(same_params(&b, pa), "micro-steps give the same update bit for bit (round %d, update %d)", round, u);
            free(pa);
        }
    }
    /* Partial sums after two terms are the first two examples' terms, by hand from the evaluation. */
    session_set_batch(&b, 0, err, sizeof err);
    CHECK(session_evaluate(&b) != NULL, "evaluate");
    double d0 = session_example(&b, 0).delta, d1 = session_example(&b, 1).delta;
    double want_w1 = b.data.x[0] * d0 + b.data.x[2] * d1;
    session_next(&b, err, sizeof err);
    session_next(&b, err, sizeof err);
    CHECK(b.pending == 2, "two terms pending");
    CHECK_NEAR(b.pend_w[0], want_w1, 1e-15);
    CHECK_NEAR(b.pend_b, d0 + d1, 1e-15);
    /* back removes one term at a time, then whole updates. */
    long step = b.step;
    CHECK(session_back(&b, 1) == 1 && b.pending == 1 && b.step == step, "back removes the last term");
    CHECK_NEAR(b.pend_b, d0, 1e-15);
    CHECK(session_back(&b, 2) == 2 && b.pending == 0 && b.step == step - 1, "then the previous update");
    session_free(&a);
    session_free(&b);
}

static void test_batches(void)
{
    char err[256];
    session s;
    session_init(&s, err, sizeof err);
    char *csv = random_csv(10, 1, 5);
    load_text(&s, csv);
    free(csv);
    session_set_batch(&s, 3, err, sizeof err);
    /* One epoch is ceil(10/3) = 4 updates of 3, 3, 3, 1 rows covering every row once. */
    int seen[10] = { 0 };
    size_t sizes[4];
    for (int u = 0; u < 4; u++) {
        const size_t *rows;
        size_t m;
        session_batch(&s, &rows, &m);
        sizes[u] = m;
        for (size_t r = 0; r < m; r++) {
            seen[rows[r]]++;
        }
        session_step(&s, 1, NULL, NULL, err, sizeof err);
    }
    CHECK(sizes[0] == 3 && sizes[1] == 3 && sizes[2] == 3 && sizes[3] == 1, "batch sizes 3,3,3,1");
    int once = 1;
    for (int i = 0; i < 10; i++) {
        once &= seen[i] == 1;
    }
    CHECK(once, "every row once per epoch");
    /* Same seed, same run; another seed, another order. */
    double *p = snapshot(&s);
    session_back(&s, 4);
    session_step(&s, 4, NULL, NULL, err, sizeof err);
    CHECK(same_params(&s, p), "same seed, same run");
    session_reset(&s);
    session_set_seed(&s, 99, err, sizeof err);
    session_step(&s, 4, NULL, NULL, err, sizeof err);
    CHECK(!same_params(&s, p), "another seed, another run");
    free(p);
    CHECK(session_set_batch(&s, 11, err, sizeof err) == -1, "batch larger than n refused");
    CHECK_STR(err, "batch 11 is larger than the dataset (n = 10); use 1..10 or full");
    session_free(&s);
}

static void test_history_memory(void)
{
    char err[256];
    session s;
    session_init(&s, err, sizeof err);
    long n = 1000000;
    CHECK(session_step(&s, n, NULL, NULL, err, sizeof err) == n, "a million steps: %s", err);
    size_t bytes = s.hist_cap * (s.data.k + 2) * sizeof(double);
    CHECK(bytes <= 64u * 1024 * 1024, "history of 1e6 steps takes %zu bytes", bytes);
    /* The whole process, not only the history: its peak resident size stays under 64 MiB
     * (not measurable under Address- or ThreadSanitizer, whose shadow memory counts too). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif
#ifndef UNDER_SANITIZER
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    CHECK(ru.ru_maxrss <= 64L * 1024, "peak RSS after a million steps: %ld KiB", (long)ru.ru_maxrss);
#endif
    double *p = snapshot(&s);
    CHECK(session_back(&s, n) == n && s.step == 0 && s.w[0] == 0.0 && s.b == 0.0, "back to step 0");
    session_step(&s, n, NULL, NULL, err, sizeof err);
    CHECK(same_params(&s, p), "the same million steps again");
    free(p);
    session_free(&s);
}

static void test_non_finite(void)
{
    char err[256];
    session s;
    session_init(&s, err, sizeof err);
    load_text(&s, "1e300,0\n-1e300,1\n");
    session_set_eta(&s, 1e300, err, sizeof err);
    session_set_init(&s, SESSION_INIT_VALUES, (double[]){ 1e-300, 0 }, 2, err, sizeof err);
    double *p = snapshot(&s);
    CHECK(session_step(&s, 5, NULL, NULL, err, sizeof err) == -1, "a non-finite update is refused");
    CHECK(strncmp(err, "step 1: ", 8) == 0, "names the step: %s", err);
    CHECK(same_params(&s, p) && s.step == 0, "and is not applied");
    free(p);
    CHECK(session_set_eta(&s, INFINITY, err, sizeof err) == -1 && s.eta == 1e300, "eta inf refused");
    CHECK(session_set_lambda(&s, -1, err, sizeof err) == -1, "negative lambda refused");
    session_free(&s);
}

static void test_standardize(void)
{
    char err[256];
    session s;
    session_init(&s, err, sizeof err);
    load_text(&s, "a,b,y\n1,100,0\n2,300,1\n3,500,1\n6,100,0\n");
    CHECK(session_set_scale(&s, SESSION_SCALE_STANDARDIZE, err, sizeof err) == 0, "%s", err);
    /* Column a: mean 3, population sd sqrt((4+1+0+9)/4) = sqrt(3.5). Column b: mean 250, sd sqrt(27500). */
    CHECK_NEAR(s.data.x[0], (1 - 3) / sqrt(3.5), 1e-15);
    CHECK_NEAR(s.data.x[3 * 2 + 1], (100 - 250) / sqrt(27500.0), 1e-15);
    CHECK(s.raw.x[0] == 1.0, "raw data kept");
    double z, a;
    session_set_param(&s, 0, 2.0);
    session_set_param(&s, 1, -1.0);
    session_set_param(&s, 2, 0.5);
    session_predict(&s, (double[]){ 4, 200 }, &z, &a);
    double want = 2.0 * (4 - 3) / sqrt(3.5) - 1.0 * (200 - 250) / sqrt(27500.0) + 0.5;
    CHECK_NEAR(z, want, 1e-14);
    CHECK_NEAR(a, 1.0 / (1.0 + exp(-want)), 1e-15);
    session_free(&s);
}

/* Reads a whole small file into a malloc'd string. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    char *buf = calloc(1, 1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Stops a progress run after `stop_after` calls (0: never) and counts the calls. */
typedef struct {
    long calls, stop_after, last_done, last_total;
} stopper;

static int stop_progress(void *ctx, long done, long total)
{
    stopper *st = ctx;
    st->calls++;
    st->last_done = done;
    st->last_total = total;
    return st->stop_after && st->calls >= st->stop_after;
}

static void test_trace_and_session_files(void)
{
    char err[512];
    cmd_app app;
    cmd_app_init(&app, err, sizeof err);
    session *s = &app.s;
    session_set_init(s, SESSION_INIT_VALUES, (double[]){ 0.9, 0.7, -0.1 }, 3, err, sizeof err);
    session_step(s, 3, NULL, NULL, err, sizeof err);
    char dir[] = "/tmp/gradstep-unit-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "temp dir");
    char trace[600], sess[600];
    snprintf(trace, sizeof trace, "%s/trace.csv", dir);
    snprintf(sess, sizeof sess, "%s/s.gs", dir);
    CHECK(save_trace(s, trace, NULL, NULL, err, sizeof err) == 0, "%s", err);
    char *text = slurp(trace);
    CHECK(text && strncmp(text, "step,cost,w1,w2,b,grad_w1,grad_w2,grad_b\n", 41) == 0, "trace header");
    /* Row t holds the parameters after t updates, exactly; check every row against the history,
     * and row 0's cost against the AND data by hand: z = 0.9x1 + 0.7x2 - 0.1. */
    int rows = 0, exact = 1;
    char *line = text ? strchr(text, '\n') : NULL;
    while (line && line[1]) {
        line++;
        double v[8];
        char *p = line;
        for (int c = 0; c < 8; c++) {
            v[c] = strtod(p, &p);
            if (*p == ',') {
                p++;
            }
        }
        long t = (long)v[0];
        for (size_t j = 0; j < 3; j++) {
            exact &= v[2 + j] == session_param_at(s, t, j);
        }
        if (t == 0) {
            double zs[4] = { -0.1, 0.6, 0.8, 1.5 }, ys[4] = { 0, 0, 0, 1 }, c = 0, gb = 0;
            for (int i = 0; i < 4; i++) {
                double a = 1 / (1 + exp(-zs[i]));
                c += -(ys[i] * log(a) + (1 - ys[i]) * log(1 - a)) / 4;
                gb += (a - ys[i]) / 4;
            }
            CHECK_NEAR(v[1], c, 1e-14);
            CHECK_NEAR(v[7], gb, 1e-14);
        }
        rows++;
        line = strchr(line, '\n');
    }
    CHECK(rows == 4, "steps 0..3: %d rows", rows);
    CHECK(exact, "trace parameters read back exactly");
    free(text);

    /* A session file rebuilds the parameters bit-exactly in a fresh app. */
    session_set_param(s, 1, 1.0 / 3.0);
    CHECK(save_session(s, sess, err, sizeof err) == 0, "%s", err);
    double *p = snapshot(s);
    cmd_app other;
    cmd_app_init(&other, err, sizeof err);
    strbuf out = { 0 };
    cmd_execute(&other, "load or", &out, err, sizeof err);
    FILE *f = fopen(sess, "r");
    char buf[512];
    int ok = 1;
    while (f && fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = '\0';
        if (cmd_execute(&other, buf, &out, err, sizeof err) == -1) {
            ok = 0;
            fprintf(stderr, "session line failed: %s: %s\n", buf, err);
        }
    }
    if (f) {
        fclose(f);
    }
    sb_free(&out);
    CHECK(ok, "every session line runs");
    CHECK(same_params(&other.s, p), "session file restores parameters bit-exactly");
    CHECK(other.s.eta == s->eta && other.s.init_kind == SESSION_INIT_VALUES && other.s.init_values[0] == 0.9,
          "settings restored");
    CHECK(strcmp(other.s.data.name, "and") == 0, "dataset restored");
    free(p);
    /* A failed save leaves the old file. */
    char bad[700];
    snprintf(bad, sizeof bad, "%s/missing-dir/trace.csv", dir);
    CHECK(save_trace(s, bad, NULL, NULL, err, sizeof err) == -1, "save into a missing directory fails");
    CHECK(strstr(err, "missing-dir/trace.csv: cannot write:") != NULL, "says why: %s", err);
    /* A save stopped part way (Ctrl-C) writes nothing and leaves the old file as it was. */
    char *before = slurp(trace);
    session_step(s, 2, NULL, NULL, err, sizeof err);
    stopper st = { 0, 2, 0, 0 };
    CHECK(save_trace(s, trace, stop_progress, &st, err, sizeof err) == -1 && st.calls == 2,
          "a stopped trace fails (%ld progress calls)", st.calls);
    CHECK(strstr(err, "trace.csv: not written: stopped at step 1 of 5") != NULL, "says where it stopped: %s", err);
    char *after = slurp(trace);
    CHECK(before && after && strcmp(before, after) == 0, "the old trace is untouched");
    free(before);
    free(after);
    unlink(trace);
    unlink(sess);
    rmdir(dir);
    cmd_app_free(&other);
    cmd_app_free(&app);
}

/* The hours dataset trained by full-batch gradient descent reaches the published
 * maximum-likelihood fit (Wikipedia, "Logistic regression": intercept -4.0777, hours 1.5046). */
static void test_hours_fit(void)
{
    char err[256];
    session s;
    session_init(&s, err, sizeof err);
    dataset d;
    int r = dataset_load("hours", &d, err, sizeof err);
    CHECK(r == 0, "hours: %s", err);
    if (r == 0) {
        session_load(&s, &d, err, sizeof err);
        session_set_eta(&s, 0.5, err, sizeof err);
        CHECK(session_step(&s, 20000, NULL, NULL, err, sizeof err) == 20000, "%s", err);
        CHECK(fabs(s.w[0] - 1.5046) < 1e-3, "w1 = %.6f", s.w[0]);
        CHECK(fabs(s.b - -4.0777) < 1e-3, "b = %.6f", s.b);
    }
    session_free(&s);
}

/* Costs an update over many rows leaves unknown are filled coarse to fine with the bits
 * session_cost_at gives; a view that must stay quick sees only what is known. */
static void test_cost_fill(void)
{
    char err[256];
    session a, b;
    CHECK(session_init(&a, err, sizeof err) == 0 && session_init(&b, err, sizeof err) == 0, "init");
    char *csv = random_csv(2000, 3, 77);
    load_text(&a, csv);
    load_text(&b, csv);
    free(csv);
    long steps = 40;
    CHECK(session_step(&a, steps, NULL, NULL, err, sizeof err) == steps, "%s", err);
    CHECK(session_step(&b, steps, NULL, NULL, err, sizeof err) == steps, "%s", err);
    long unknown = 0;
    for (long t = 0; t <= steps; t++) {
        unknown += isnan(session_cost_known(&a, t));
    }
    CHECK(unknown >= steps - 1, "updates of 2,000 rows leave the costs unknown (%ld of %ld)", unknown, steps + 1);

    /* Stopped after 3 costs: the first ones computed are the coarsest: steps 0, 32 and then 16
     * (every 32nd step, then every 16th), unless an evaluation already knew them. */
    stopper st = { 0, 3, 0, 0 };
    long left = session_cost_fill(&a, 1, 0, stop_progress, &st);
    CHECK(st.calls == 3 && left == unknown - 3, "stopped after 3 costs: %ld calls, %ld left of %ld", st.calls, left,
          unknown);
    int coarse = 1;
    for (long t = 0; t <= steps; t++) {
        int known = !isnan(session_cost_known(&a, t));
        int want = !isnan(session_cost_known(&b, t)) || t == 0 || t == 32 || t == 16;
        coarse &= known == want;
    }
    CHECK(coarse, "the first costs filled are steps 0, 32 and 16");

    /* With no limit every cost is filled, with session_cost_at's bits on the other session. */
    st = (stopper){ 0, 0, 0, 0 };
    CHECK(session_cost_fill(&a, 1, 0, stop_progress, &st) == 0, "all costs filled");
    CHECK(st.last_done == st.last_total && st.last_total == unknown - 3, "progress counts the costs it computes: %ld of %ld",
          st.last_done, st.last_total);
    int same = 1;
    for (long t = 0; t <= steps; t++) {
        double ca = session_cost_known(&a, t), cb = session_cost_at(&b, t);
        same &= memcmp(&ca, &cb, sizeof ca) == 0;
    }
    CHECK(same, "filled costs have session_cost_at's bits");
    CHECK(session_cost_fill(&a, 1, 0, NULL, NULL) == 0, "nothing left to fill");

    /* With finest = 8 only every 8th step is filled (and counted). */
    session_set_cost(&a, MODEL_COST_QUAD, err, sizeof err);  /* forgets every cost */
    CHECK(session_cost_unknown(&a, 8) == 6 && session_cost_fill(&a, 8, 0, NULL, NULL) == 0,
          "steps 0, 8, .., 40 filled");
    int eighths = 1;
    for (long t = 0; t <= steps; t++) {
        eighths &= isnan(session_cost_known(&a, t)) == (t % 8 != 0 && t != steps);
    }
    CHECK(eighths && session_cost_unknown(&a, 1) == steps + 1 - 6 - 0, "only every 8th step's cost is known");
    session_set_cost(&a, MODEL_COST_CE, err, sizeof err);

    /* A time budget stops the fill early but never leaves it half done: what it returns is known. */
    session_set_cost(&a, MODEL_COST_QUAD, err, sizeof err);  /* forgets every cost */
    long budget_left = session_cost_fill(&a, 1, 1e-9, NULL, NULL);
    long still = 0;
    for (long t = 0; t <= steps; t++) {
        still += isnan(session_cost_known(&a, t));
    }
    CHECK(budget_left == still && budget_left < steps + 1, "a tiny budget computes at least one cost: %ld left",
          budget_left);
    session_free(&a);
    session_free(&b);
}

/* The history starts small for wide data, and `set history N` keeps at most N steps of
 * parameters: the kept ones bit for bit those of an unlimited run, the dropped ones NaN, back
 * stopping at the oldest kept step. */
static void test_history_limit(void)
{
    char err[256];
    size_t k = 200000;
    strbuf sb = { 0 };
    for (size_t j = 0; j < k; j++) {
        sb_puts(&sb, "1,");
    }
    sb_puts(&sb, "1\n");
    session wide;
    session_init(&wide, err, sizeof err);
    load_text(&wide, sb.buf);
    sb_free(&sb);
    CHECK(wide.data.k == k && wide.hist_cap * (k + 1) * sizeof(double) <= 8u * 1024 * 1024,
          "a 200,000-column dataset reserves %zu steps of history up front", wide.hist_cap);
    CHECK(session_step(&wide, 3, NULL, NULL, err, sizeof err) == 3 && wide.hist_cap >= 4, "wide steps: %s", err);
    session_free(&wide);

    session a, b;
    session_init(&a, err, sizeof err);
    session_init(&b, err, sizeof err);
    CHECK(session_set_history(&b, 2, err, sizeof err) == -1, "a history of two steps is refused");
    CHECK(session_set_history(&b, 10, err, sizeof err) == 0, "%s", err);
    session_step(&a, 100, NULL, NULL, err, sizeof err);
    session_step(&b, 100, NULL, NULL, err, sizeof err);
    long first = session_first_step(&b);
    CHECK(first > 0 && b.step - first + 1 <= 10 && b.hist_cap <= 10, "kept %ld..%ld in %zu slots", first, b.step,
          b.hist_cap);
    CHECK(b.hist_dropped == 1, "the drop waits to be told");
    int same = 1;
    for (long t = first; t <= 100; t++) {
        for (size_t j = 0; j <= a.data.k; j++) {
            double x = session_param_at(&a, t, j), y = session_param_at(&b, t, j);
            same &= memcmp(&x, &y, sizeof x) == 0;
        }
        double ca = session_cost_at(&a, t), cb = session_cost_at(&b, t);
        same &= memcmp(&ca, &cb, sizeof ca) == 0;
    }
    CHECK(same, "the kept steps differ from an unlimited run");
    CHECK(isnan(session_param_at(&b, b.hist_first - 1, 0)) && !isnan(session_param_at(&b, first - 1, 0)) && isfinite(session_cost_at(&b, 0)), "a dropped step: NaN parameters, its cost kept");
    CHECK(session_cost_unknown(&b, 1) == 0 || session_cost_fill(&b, 1, 0, NULL, NULL) == 0, "costs fill");
    double g[3];
    session_gradient_at(&b, 0, g);
    CHECK(isnan(g[0]) && isnan(g[2]), "no gradient for a dropped step");
    CHECK(session_back(&b, 1000) == 100 - first && b.step == first, "back stops at step %ld: %ld", first, b.step);
    CHECK(memcmp(&b.b, &(double){ session_param_at(&a, first, a.data.k) }, sizeof b.b) == 0, "back restores step %ld",
          first);
    CHECK(session_set_history(&b, 0, err, sizeof err) == 0, "unlimited again");
    session_step(&b, 200, NULL, NULL, err, sizeof err);
    CHECK(session_first_step(&b) == first, "no drop without a limit");
    /* A limit set on a long history drops at once and gives the memory back. */
    session_step(&a, 100, NULL, NULL, err, sizeof err);
    CHECK(session_set_history(&a, 5, err, sizeof err) == 0 && session_first_step(&a) == 197 && a.hist_cap == 5,
          "set history 5 at step 200: first %ld, %zu slots", session_first_step(&a), a.hist_cap);
    session_reset(&a);
    CHECK(session_first_step(&a) == 0 && a.step == 0, "reset starts the history again");
    session_free(&a);
    session_free(&b);
}

int main(void)
{
    test_cost_fill();
    test_undo();
    test_next_equals_step();
    test_batches();
    test_history_memory();
    test_history_limit();
    test_non_finite();
    test_standardize();
    test_trace_and_session_files();
    test_hours_fit();
    return harness_finish();
}
