/* unit_netsession.c: network mode in a session: micro-steps equal a step bit for bit, back restores every
 * value, refusals leave the session as it was, and the network commands' names and counts. */
#include "harness.h"

#include <stdlib.h>

#include "cmd_net.h"
#include "cmd.h"
#include "session.h"

static const char *iris6 =
    "a,b,kind\n"
    "0.5,1.0,setosa\n1.5,-0.5,virginica\n-1.0,0.25,versicolor\n2.0,2.0,setosa\n"
    "0.0,-1.5,virginica\n-0.5,0.75,versicolor\n1.0,1.0,setosa\n";

/* A session on the text of a dataset. */
static void load_text(session *s, const char *text)
{
    char err[256];
    dataset d;
    CHECK(session_init(s, err, sizeof err) == 0, "%s", err);
    CHECK(dataset_parse(text, strlen(text), "t.csv", &d, err, sizeof err) == 0, "%s", err);
    CHECK(session_load(s, &d, err, sizeof err) == 0, "%s", err);
}

static int same(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof(double)) == 0;
}

/* next, batch size times, against step: the same parameters to the bit; the running sums after the
 * last term but one equal the sums of those terms computed here one by one. */
static void check_next_equals_step(int softmax, size_t batch)
{
    session a, b;
    char err[256];
    size_t hidden[] = { 3, 2 };
    load_text(&a, iris6);
    load_text(&b, iris6);
    session *both[2] = { &a, &b };
    for (int q = 0; q < 2; q++) {
        CHECK(session_set_hidden(both[q], hidden, 2, err, sizeof err) == 0, "%s", err);
        if (softmax) {
            CHECK(session_set_output(both[q], NET_OUT_SOFTMAX, err, sizeof err) == 0, "%s", err);
        }
        session_set_seed(both[q], 4, err, sizeof err);
        session_set_init(both[q], SESSION_INIT_RANDOM, NULL, 0, err, sizeof err);
        session_set_batch(both[q], batch, err, sizeof err);
        session_set_eta(both[q], 0.7, err, sizeof err);
        session_set_lambda(both[q], 0.2, err, sizeof err);
    }
    CHECK(a.net.on && a.net.shape.L == 4 && a.net.shape.size[4] == 3, "network 2-3-2-3");
    size_t P = a.net.shape.nparams;
    for (int round = 0; round < 3; round++) {
        size_t m = a.batch_m;
        for (size_t t = 0; t + 1 < m; t++) {
            CHECK(session_next(&a, err, sizeof err) == 0, "%s", err);
        }
        /* the running sums, recomputed here term by term in batch order */
        double *want = calloc(P, sizeof(double));
        double z[64], ac[64], d[64];
        for (size_t t = 0; t + 1 < m; t++) {
            size_t row = a.batch_rows ? a.batch_rows[t] : t;
            session_net_example(&a, row, z, ac, d);
            net_add_terms(&a.net.shape, a.data.x + row * a.data.k, ac, d, want);
        }
        CHECK(m == 1 || same(a.net.pend, want, P), "softmax %d batch %zu round %d: running sums differ from the terms' sums",
              softmax, batch, round);
        free(want);
        CHECK(session_next(&a, err, sizeof err) == 1, "the last term applies the update: %s", err);
        CHECK(session_step(&b, 1, NULL, NULL, err, sizeof err) == 1, "%s", err);
        CHECK(a.step == b.step && same(a.net.p, b.net.p, P), "round %d: next x %zu differs from step", round, m);
    }
    session_free(&a);
    session_free(&b);
}

static void test_next_and_back(void)
{
    check_next_equals_step(0, 0);
    check_next_equals_step(1, 0);
    check_next_equals_step(1, 3);
    check_next_equals_step(0, 2);
    /* back restores every value exactly, through pending terms and whole steps */
    session s;
    char err[256];
    size_t hidden[] = { 4 };
    load_text(&s, iris6);
    session_set_hidden(&s, hidden, 1, err, sizeof err);
    session_set_init(&s, SESSION_INIT_RANDOM, NULL, 0, err, sizeof err);
    session_set_batch(&s, 2, err, sizeof err);
    size_t P = s.net.shape.nparams;
    double *hist = malloc(6 * P * sizeof(double)), cost[6];
    for (int t = 0; t <= 5; t++) {
        memcpy(hist + (size_t)t * P, s.net.p, P * sizeof(double));
        cost[t] = session_evaluate(&s)->cost;
        if (t < 5) {
            session_step(&s, 1, NULL, NULL, err, sizeof err);
        }
    }
    session_next(&s, err, sizeof err);
    CHECK(s.pending == 1, "one term pending");
    CHECK(session_back(&s, 1) == 1 && s.pending == 0 && s.step == 5, "back drops the pending term");
    int ok = 1;
    for (int t = 5; t >= 0; t--) {
        const session_eval *ev = session_evaluate(&s);
        ok &= s.step == t && same(s.net.p, hist + (size_t)t * P, P) && memcmp(&ev->cost, &cost[t], sizeof(double)) == 0;
        session_back(&s, 1);
    }
    CHECK(ok, "back did not restore every step exactly");
    CHECK(session_param_at(&s, 5, P - 1) == hist[5 * P + P - 1], "undone steps stay in the history");
    free(hist);
    session_free(&s);
}

static void test_refusals(void)
{
    session s;
    char err[256];
    load_text(&s, iris6);
    CHECK(s.net.on && s.net.shape.L == 2 && s.net.shape.size[2] == 3, "three classes: one output per class");
    size_t P = s.net.shape.nparams;
    CHECK(P == 9, "P = %zu", P);
    double *before = malloc(P * sizeof(double));
    session_set_init(&s, SESSION_INIT_RANDOM, NULL, 0, err, sizeof err);
    memcpy(before, s.net.p, P * sizeof(double));
    size_t big[] = { 300 }, zero[] = { 0 }, five[] = { 2, 2, 2, 2, 2 };
    CHECK(session_set_hidden(&s, big, 1, err, sizeof err) == -1, "300 neurons accepted");
    CHECK(session_set_hidden(&s, zero, 1, err, sizeof err) == -1, "0 neurons accepted");
    CHECK(session_set_hidden(&s, five, 5, err, sizeof err) == -1, "5 layers accepted");
    CHECK_STR(err, "at most 4 hidden layers, not 5");
    double vals[3] = { 1, 2, 3 };
    CHECK(session_set_init(&s, SESSION_INIT_VALUES, vals, 3, err, sizeof err) == -1, "3 values for 9 accepted");
    CHECK_STR(err, "init: expected 9 values (w2_1_1 .. b2_3 in trace order), got 3");
    CHECK(session_set_output(&s, NET_OUT_SOFTMAX, err, sizeof err) == 0, "%s", err);
    CHECK(session_set_cost(&s, MODEL_COST_QUAD, err, sizeof err) == -1 && s.cost == MODEL_COST_CE,
          "quadratic accepted under softmax");
    session_set_output(&s, NET_OUT_SIGMOID, err, sizeof err);
    memcpy(before, s.net.p, P * sizeof(double));
    /* an update that overflows is refused, names the parameter and the step, and changes nothing */
    session_set_eta(&s, 1e308, err, sizeof err);
    session_set_param(&s, 0, 1e306);
    memcpy(before, s.net.p, P * sizeof(double));
    CHECK(session_step(&s, 1, NULL, NULL, err, sizeof err) == -1, "overflowing update applied");
    CHECK(strncmp(err, "step 1: ", 8) == 0 && strstr(err, "not applied") != NULL, "message: %s", err);
    CHECK(s.step == 0 && same(s.net.p, before, P), "a refused update changed the session");
    free(before);
    session_free(&s);
    /* softmax on a [0,1] target is refused */
    session t;
    load_text(&t, "x,y\n1,0\n2,1\n");
    CHECK(session_set_output(&t, NET_OUT_SOFTMAX, err, sizeof err) == -1 && !t.net.on, "softmax on [0,1]");
    CHECK(strstr(err, "class labels") != NULL, "%s", err);
    session_free(&t);
}

/* Runs a command line; returns its status and leaves the output in out. */
static int run(cmd_app *app, const char *line, strbuf *out, char *err, size_t errlen)
{
    sb_clear(out);
    return cmd_execute(app, line, out, err, errlen);
}

static void test_commands(void)
{
    cmd_app app;
    char err[512];
    strbuf out = { 0 };
    CHECK(cmd_app_init(&app, err, sizeof err) == 0, "%s", err);
    /* single neuron: layered names are aliases of w1, w2, b */
    CHECK(run(&app, "set w2_1_2 0.75", &out, err, sizeof err) == 0, "%s", err);
    CHECK(app.s.w[1] == 0.75, "w2_1_2 is w2");
    CHECK(run(&app, "print w2_1_2", &out, err, sizeof err) == 0, "%s", err);
    CHECK_STR(sb_str(&out), "w2_1_2 = 0.75\n");
    CHECK(run(&app, "print b2_1", &out, err, sizeof err) == 0 && strcmp(sb_str(&out), "b2_1 = 0\n") == 0,
          "%s", sb_str(&out));
    CHECK(run(&app, "print w3_1_1", &out, err, sizeof err) == -1, "layer 3 of a single neuron");
    static const char *bad[] = { "set hidden 0", "set hidden 300", "set hidden 2 2 2 2 2", "set hidden x",
                                 "set output softmax", "set output tanh", NULL };
    for (int q = 0; bad[q]; q++) {
        CHECK(run(&app, bad[q], &out, err, sizeof err) == -1 && !app.s.net.on && strchr(err, '\n') == NULL,
              "%s: accepted or not one line (%s)", bad[q], err);
    }
    CHECK(run(&app, "set hidden 2", &out, err, sizeof err) == 0 && app.s.net.on, "%s", err);
    CHECK(strstr(sb_str(&out), "stays identical") != NULL, "zeros warning: %s", sb_str(&out));
    static const char *bad2[] = { "print w4_1_1", "print w2_3_1", "print w2_1_3", "print z2_1@9", "print C@0",
                                  "set w2_1_1 abc", "set init 1 2 3", "set w 1", "print w1", "explain w 1",
                                  "show example 99", "set cost quadratic x", "plot sigmoid", "focus w1", NULL };
    size_t P = app.s.net.shape.nparams;
    double *keep = malloc(P * sizeof(double));
    memcpy(keep, app.s.net.p, P * sizeof(double));
    for (int q = 0; bad2[q]; q++) {
        CHECK(run(&app, bad2[q], &out, err, sizeof err) == -1 && strchr(err, '\n') == NULL, "%s: accepted (%s)",
              bad2[q], err);
    }
    CHECK(same(keep, app.s.net.p, P) && app.s.step == 0, "refused commands changed the parameters");
    free(keep);
    CHECK(run(&app, "set init 1 2 3 4 5 6 7 8 9", &out, err, sizeof err) == 0, "%s", err);
    CHECK(app.s.net.p[8] == 9 && app.s.net.p[0] == 1, "init values in trace order");
    CHECK(run(&app, "print b3_1", &out, err, sizeof err) == 0, "%s", err);
    CHECK_STR(sb_str(&out), "b3_1 = 9\n");
    /* check: agreement at a random start, and a wrong partial is caught */
    CHECK(run(&app, "set init random", &out, err, sizeof err) == 0, "%s", err);
    CHECK(run(&app, "check", &out, err, sizeof err) == 0 && strstr(sb_str(&out), "All 9 partial derivatives compared agree"),
          "check: %s", sb_str(&out));
    CHECK(session_net_gradient(&app.s) != NULL, "gradient");
    app.s.net.grad[4] *= 1.001;   /* dC/db2_1 off by 0.1%, as a wrong backpropagation would be */
    CHECK(run(&app, "check", &out, err, sizeof err) == 0 && strstr(sb_str(&out), "1 of 9 partial derivatives DISAGREE"),
          "a wrong partial passed: %s", sb_str(&out));
    CHECK(run(&app, "set hidden 100 100", &out, err, sizeof err) == 0, "%s", err);
    CHECK(run(&app, "check", &out, err, sizeof err) == 0 &&
          strstr(sb_str(&out), "10501 parameters: a sample of 300") && strstr(sb_str(&out), "All 300 partial"),
          "large network check: %.300s", sb_str(&out));
    CHECK(run(&app, "set hidden 2", &out, err, sizeof err) == 0, "%s", err);
    CHECK(run(&app, "set init 1 2 3 4 5 6 7 8 9", &out, err, sizeof err) == 0, "%s", err);
    CHECK(run(&app, "set hidden none", &out, err, sizeof err) == 0 && !app.s.net.on, "%s", err);
    CHECK(strstr(sb_str(&out), "init values did not fit") != NULL, "%s", sb_str(&out));
    cmd_app_free(&app);
    sb_free(&out);
}

int main(void)
{
    test_next_and_back();
    test_refusals();
    test_commands();
    return harness_finish();
}
