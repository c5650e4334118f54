/* unit_commands.c: the command language: prefixes, ambiguity, arity, bad numbers, and failures that change nothing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "harness.h"

static cmd_app app;
static strbuf out;
static char err[1024];

/* Runs a line; returns cmd_execute's result with out cleared first. */
static int run(const char *line)
{
    sb_clear(&out);
    return cmd_execute(&app, line, &out, err, sizeof err);
}

/* Runs a line that must fail with exactly `want` and leave the parameters and step as they were. */
static void fails(const char *line, const char *want)
{
    size_t k = app.s.data.k;
    double *before = malloc((k + 1) * sizeof(double));
    memcpy(before, app.s.w, k * sizeof(double));
    before[k] = app.s.b;
    long step = app.s.step;
    double eta = app.s.eta;
    int r = run(line);
    CHECK(r == -1, "\"%s\" should fail", line);
    CHECK_STR(err, want);
    CHECK(memcmp(before, app.s.w, k * sizeof(double)) == 0 && memcmp(&before[k], &app.s.b, sizeof(double)) == 0 &&
              step == app.s.step && eta == app.s.eta,
          "\"%s\" changed the session", line);
    free(before);
}

static void test_lookup(void)
{
    const cmd_entry *e = cmd_lookup("ste", err, sizeof err);
    CHECK(e && strcmp(e->name, "step") == 0, "ste is step");
    CHECK(cmd_lookup("s", err, sizeof err) == NULL, "s is ambiguous");
    CHECK_STR(err, "ambiguous command: s, could be: show, step, set, save, source");
    CHECK(cmd_lookup("frobnicate", err, sizeof err) == NULL, "unknown");
    CHECK_STR(err, "unknown command: frobnicate (type help for the list)");
    e = cmd_lookup("back", err, sizeof err);
    CHECK(e && strcmp(e->name, "back") == 0, "exact name");
    CHECK(run("rese") == 0 && app.s.step == 0, "rese runs reset: %s", err);
}

static void test_words(void)
{
    char **argv;
    int n = cmd_split("  load  \"my data.csv\"  # a comment", &argv, err, sizeof err);
    CHECK(n == 2 && strcmp(argv[1], "my data.csv") == 0, "quoted word");
    cmd_free_words(argv);
    n = cmd_split("print \"a\\\"b\"", &argv, err, sizeof err);
    CHECK(n == 2 && strcmp(argv[1], "a\"b") == 0, "escaped quote");
    cmd_free_words(argv);
    CHECK(cmd_split("load \"open", &argv, err, sizeof err) == -1, "unterminated quote");
    CHECK(run("   ") == 0 && out.len == 0, "a blank line does nothing");
    CHECK(run("# only a comment") == 0, "a comment line does nothing");
}

static void test_arity_and_numbers(void)
{
    fails("step 1 2", "step: too many arguments (usage: step [N])");
    fails("load", "load: missing argument (usage: load NAME|PATH [target=COL] [ignore=COL,...])");
    fails("run", "run: missing argument (usage: run N)");
    fails("step x", "step: N: \"x\" is not a whole number");
    fails("step 0", "step: N: 0 is out of range (1 to 10000000)");
    fails("step 99999999999", "step: N: 99999999999 is out of range (1 to 10000000)");
    fails("back -1", "back: N: -1 is out of range (1 to 10000000)");
    fails("set eta abc", "eta: \"abc\" is not a number");
    fails("set eta inf", "eta: inf is not a finite number");
    fails("set eta nan", "eta: \"nan\" is not a number");
    fails("set eta 1e400", "eta: \"1e400\" is too large (the largest number is about 1.8e308)");
    fails("next 0", "next: N: 0 is out of range (1 to 10000000)");
    fails("set w 1e308 1e308", "set w: those values would make z4 non-finite (beyond the largest number); nothing set");
    fails("set eta 0x1p3", "eta: \"0x1p3\" is not a number");
    fails("set eta -0.5", "eta must be a finite number greater than 0, not -0.5");
    fails("set eta", "set eta: missing value (usage: set NAME VALUE...)");
    fails("set eta 1 2", "set eta: expected one value, got 2");
    fails("set cost hinge", "cost: \"hinge\" is not a cost (ce or quadratic)");
    fails("set init 1 2", "init: expected 3 values (w1..w2 then b), got 2");
    fails("set w9 1", "\"w9\" is not a parameter: use w1..w2 or b");
    fails("set speed 3", "set: unknown name \"speed\" (eta, lambda, cost, batch, seed, init, scale, digits, history, theme, hidden, output, w, w1..w2, b); did you mean seed?");
    fails("set digits 40", "digits: 40 is out of range (1 to 17)");
    fails("set batch 9", "batch: 9 is out of range (1 to 4)");
    fails("print z9", "print: z9: there are examples 1..4");
    fails("print q", "print: unknown value \"q\" (w1..w2, b, C, step, eta, lambda, grad_w1.., grad_b, zI, aI, CI, yI)");
    fails("predict 1", "predict: expected 2 input values (x1..x2), got 1");
    fails("show nothing", "show: unknown view \"nothing\" (data, params, all, net or example I)");
    fails("load /nonexistent/x.csv", "/nonexistent/x.csv: no such file");
    CHECK(strcmp(app.s.data.name, "and") == 0 && app.s.data.n == 4, "a failed load keeps the dataset");
    fails("save trace", "save trace: expected one FILE (usage: save trace FILE)");
    fails("save trace /nonexistent-dir/t.csv", "/nonexistent-dir/t.csv: cannot write: No such file or directory");
}

static void test_values(void)
{
    CHECK(run("reset") == 0, "%s", err);
    CHECK(run("set init 0.9 0.7 -0.1") == 0, "%s", err);
    /* AND data, w = (0.9, 0.7), b = -0.1: example 3 is x = (1, 0), so z3 = 0.8 and a3 = sigma(0.8). */
    CHECK(run("print z3") == 0, "%s", err);
    CHECK(strncmp(sb_str(&out), "z3 = ", 5) == 0, "form NAME = VALUE");
    CHECK_NEAR(strtod(sb_str(&out) + 5, NULL), 0.9 * 1 + 0.7 * 0 - 0.1, 1e-15);
    run("print a3");
    CHECK_NEAR(strtod(sb_str(&out) + 5, NULL), 1 / (1 + exp(-0.8)), 1e-15);
    run("print C4");
    CHECK_NEAR(strtod(sb_str(&out) + 5, NULL), log(1 + exp(-1.5)), 1e-15);
    /* dC/db = mean(a - y) over the four examples, z = -0.1, 0.6, 0.8, 1.5; y = 0, 0, 0, 1. */
    double zs[4] = { -0.1, 0.6, 0.8, 1.5 }, ys[4] = { 0, 0, 0, 1 }, gb = 0, gw2 = 0;
    double x2[4] = { 0, 1, 0, 1 };
    for (int i = 0; i < 4; i++) {
        double a = 1 / (1 + exp(-zs[i]));
        gb += (a - ys[i]) / 4;
        gw2 += x2[i] * (a - ys[i]) / 4;
    }
    run("print grad_b");
    CHECK_NEAR(strtod(sb_str(&out) + 9, NULL), gb, 1e-15);
    run("print grad_w2");
    CHECK_NEAR(strtod(sb_str(&out) + 10, NULL), gw2, 1e-15);
    /* One step with eta = 0.5 moves w2 by -0.5 * dC/dw2. */
    run("step");
    run("print w2");
    CHECK_NEAR(strtod(sb_str(&out) + 5, NULL), 0.7 - 0.5 * gw2, 1e-15);
    run("print step");
    CHECK_STR(sb_str(&out), "step = 1\n");
    /* Exact printing: 0.1 prints as 0.1, not 0.10000000000000001. */
    run("set eta 0.1");
    run("print eta");
    CHECK_STR(sb_str(&out), "eta = 0.1\n");
    run("predict 1 1");
    CHECK(strstr(sb_str(&out), "class") != NULL, "predict says the class");
}

static void test_repeat(void)
{
    run("reset");
    app.interactive = 1;
    run("step 2");
    CHECK(app.s.step == 2, "step 2");
    run("");
    CHECK(app.s.step == 4, "an empty line repeats step 2: step %ld", app.s.step);
    run("print C");
    run("");
    CHECK(app.s.step == 6, "print does not replace the repeated command");
    app.interactive = 0;
    run("");
    CHECK(app.s.step == 6, "no repeat in scripts");
    CHECK(run("quit") == CMD_QUIT && app.quit, "quit");
}

static void test_complete(void)
{
    char **c = cmd_complete(&app, "", "st");
    CHECK(c && c[0] && strcmp(c[0], "step") == 0 && c[1] == NULL, "st completes to step");
    for (char **p = c; p && *p; p++) {
        free(*p);
    }
    free(c);
    c = cmd_complete(&app, "set ", "la");
    CHECK(c && c[0] && strcmp(c[0], "lambda") == 0, "set la completes to lambda");
    for (char **p = c; p && *p; p++) {
        free(*p);
    }
    free(c);
    c = cmd_complete(&app, "set cost ", "q");
    CHECK(c && c[0] && strcmp(c[0], "quadratic") == 0, "set cost q completes to quadratic");
    for (char **p = c; p && *p; p++) {
        free(*p);
    }
    free(c);
    CHECK(cmd_complete(&app, "save trace ", "/tm") == NULL, "file names after save trace");
}

int main(void)
{
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        fprintf(stderr, "init: %s\n", err);
        return 1;
    }
    test_lookup();
    test_words();
    test_arity_and_numbers();
    test_values();
    test_repeat();
    test_complete();
    cmd_app_free(&app);
    sb_free(&out);
    return harness_finish();
}
