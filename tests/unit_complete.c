/* unit_complete.c: tab completion of every command's arguments, through readline's own completion function as the plain REPL and the full screen install it; and "did you mean" for mistyped names. */
#include "cmd.h"
#include "harness.h"
#include "repl.h"
#include "tui/tui_int.h"

#include <readline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cmd_app app;
static char err[1024];
static char tmpdir[1024];

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What Tab at the end of line offers, as readline computes it: the candidates sorted and joined
 * by spaces ("" when there are none), or "FILES" when readline is left to complete file names.
 * *space says whether a unique candidate gets a space after it. */
static const char *tab(const char *line, int *space)
{
    static char got[4096];
    rl_replace_line(line, 0);
    rl_point = rl_end;
    int start = rl_point;
    while (start > 0 && line[start - 1] != ' ') {
        start--;
    }
    char text[512];
    snprintf(text, sizeof text, "%.*s", rl_point - start, line + start);
    rl_completion_append_character = ' ';
    rl_attempted_completion_over = 0;
    char **m = rl_attempted_completion_function(text, start, rl_point);
    if (space) {
        *space = rl_completion_append_character == ' ';
    }
    if (!m) {
        return rl_attempted_completion_over ? "" : "FILES";
    }
    size_t n = 0;
    while (m[n]) {
        n++;
    }
    char **list = n > 1 ? m + 1 : m; /* with several, m[0] is their common start */
    size_t count = n > 1 ? n - 1 : n;
    qsort(list, count, sizeof *list, cmp_str);
    got[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? " " : "", list[i]);
    }
    for (size_t i = 0; i < n; i++) {
        free(m[i]);
    }
    free(m);
    return got;
}

#define OFFERS(line, want) CHECK_STR(tab(line, NULL), want)

static char bundled[2048]; /* the bundled datasets' names, in order, as `load ` should offer them */

static void add_bundled(const char *name, size_t n, size_t k, const char *desc, void *ctx)
{
    (void)n;
    (void)k;
    (void)desc;
    (void)ctx;
    snprintf(bundled + strlen(bundled), sizeof bundled - strlen(bundled), "%s%s", *bundled ? " " : "", name);
}

static void test_commands_and_core(void)
{
    CHECK(dataset_list(add_bundled, NULL, err, sizeof err) >= 10 && strstr(bundled, "hours"), "%s", bundled);
    OFFERS("ste", "step");
    OFFERS("loa", "load");
    CHECK_STR(tab("load ", NULL), bundled);
    OFFERS("load h", "hours");
    OFFERS("load ./", "FILES");
    OFFERS("load nosuch", "FILES");
    OFFERS("load hours ", "ignore= target=");
    OFFERS("load hours target=", "target=hours target=pass");
    OFFERS("load hours ignore=hours,p", "ignore=hours,pass");
    OFFERS("gen ", "blobs circle gauss linear spiral spiral3 xor");
    OFFERS("gen gauss n=5 ", "noise= seed=");
    OFFERS("show ", "all data example net params");
    OFFERS("print w", "w1 w2");
    OFFERS("print grad", "grad_b grad_w1 grad_w2");
    OFFERS("save ", "data plot session trace");
    OFFERS("save d", "data");
    OFFERS("save trace ", "FILES");
    OFFERS("save plot ", "boundary cost sigma' sigmoid");
    OFFERS("save plot cost l", "log");
    OFFERS("save plot cost ", "FILES");
    OFFERS("save data x.csv ", "decimal=comma decimal=point");
    OFFERS("save data ", "FILES");
    OFFERS("focus ", "b down left right up w1 w2");
    OFFERS("focus 2 ", "b w1 w2");
    OFFERS("help st", "step");
    OFFERS("help sy", "symbols");
    OFFERS("step ", "");
    OFFERS("datasets ", "");
}

static void test_set(void)
{
    OFFERS("set et", "eta");
    OFFERS("set cost ", "ce quadratic");
    OFFERS("set cost q", "quadratic");
    OFFERS("set scale ", "none standardize");
    OFFERS("set init ", "random zeros");
    OFFERS("set w", "w w1 w2");
}

static void test_explain_plot_lesson(void)
{
    OFFERS("explain ", "b cost sigma update w w1 w2 z");
    OFFERS("explain w ", "1 2");
    OFFERS("explain z ", "1 2 3 4");
    OFFERS("explain sigma 1", "1");
    OFFERS("explain update ", "");
    OFFERS("derive ", "1 2 3 4");
    OFFERS("derive 2 ", "b w1 w2");
    OFFERS("plot ", "boundary cost log sigma' sigmoid");
    OFFERS("plot cost ", "log");
    OFFERS("plot log s", "sigma' sigmoid");
    const char *got = tab("lesson ", NULL);
    CHECK(strstr(got, "answer back") && strstr(got, "end") && strstr(got, "list") && strstr(got, "next"),
          "lesson subcommands: %s", got);
    CHECK(strstr(got, "symbols") && strstr(got, "gradient-check"), "lesson names: %s", got);
    OFFERS("lesson ./", "FILES");
    OFFERS("zoom ", "data formula lesson next off params plot");
}

/* A word that asks for more (target=, n=) takes no space after it; a finished word does. */
static void test_spaces(void)
{
    int space = -1;
    CHECK_STR(tab("load hours ta", &space), "target=");
    CHECK(space == 0, "no space after target=");
    CHECK_STR(tab("gen gauss no", &space), "noise=");
    CHECK(space == 0, "no space after noise=");
    CHECK_STR(tab("plot sigmo", &space), "sigmoid");
    CHECK(space == 1, "a space after sigmoid");
}

/* Columns come from the file's own header, found as load finds it; names with blanks are left out. */
static void test_file_columns(void)
{
    char path[1200], line[1400];
    snprintf(path, sizeof path, "%s/grades.csv", tmpdir);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return;
    }
    fputs("\xEF\xBB\xBF# grades\n\nid;\"first name\";hours;passed\n1;Ann;0,5;TRUE\n", f);
    fclose(f);
    snprintf(line, sizeof line, "load %s ignore=", path);
    OFFERS(line, "ignore=hours ignore=id ignore=passed");
    snprintf(line, sizeof line, "load %s target=p", path);
    OFFERS(line, "target=passed");
    snprintf(path, sizeof path, "%s/plain.txt", tmpdir);
    f = fopen(path, "w");
    if (f) {
        fputs("1 2 0\n", f);
        fclose(f);
    }
    snprintf(line, sizeof line, "load %s target=", path);
    OFFERS(line, "target=1 target=2 target=3");
}

/* Runs line, which must fail with exactly want and change nothing. */
static void fails(const char *line, const char *want)
{
    strbuf out = { 0 };
    long step = app.s.step;
    CHECK(cmd_execute(&app, line, &out, err, sizeof err) == -1, "%s should fail", line);
    CHECK_STR(err, want);
    CHECK(app.s.step == step && out.len == 0, "%s changed something", line);
    sb_free(&out);
}

static void test_suggestions(void)
{
    fails("show dta", "show: unknown view \"dta\" (data, params, all, net or example I); did you mean \"data\"?");
    fails("save trcae x", "save: unknown kind \"trcae\" (trace, session, data or plot); did you mean \"trace\"?");
    fails("gen gaus", "gen: unknown kind \"gaus\": try gauss, circle, xor, spiral, linear, blobs or spiral3; did you mean \"gauss\"?");
    fails("gen foo", "gen: unknown kind \"foo\": try gauss, circle, xor, spiral, linear, blobs or spiral3");
    fails("explain cots", "explain: \"cots\" is not w J, b, cost [I], z I, sigma I or update; did you mean \"cost\"?");
    fails("plot sigmod", "plot: \"sigmod\" is not a view (cost, sigmoid, sigma', boundary, weights, input), \"log\" or a size such "
                         "as 60x16; did you mean \"sigmoid\"?");
    fails("focus lfet", "focus: \"lfet\" is not up, down, left, right, an example 1..4 or a parameter; did you mean \"left\"?");
    fails("zoom plto", "zoom: panes belong to the full-screen UI");
}

/* In network mode zoom offers the network's panes and focus its directions between layers and neurons. */
static void test_network_words(void)
{
    strbuf out = { 0 };
    CHECK(cmd_execute(&app, "set hidden 2", &out, err, sizeof err) == 0, "set hidden 2: %s", err);
    OFFERS("zoom ", "data formula lesson network next off params plot weights");
    OFFERS("focus w3", "w3_1_1 w3_1_2");
    const char *got = tab("focus ", NULL);
    CHECK(strstr(got, "above ") && strstr(got, " below ") && strstr(got, " in ") && strstr(got, " out ") &&
          strstr(got, " w3_1_2") && !strstr(got, " w1 "),
          "focus in network mode: %s", got);
    /* the plot views that apply to a network of two inputs: no sigma curves, no input (no shape) */
    OFFERS("plot ", "boundary cost log weights");
    OFFERS("save plot ", "boundary cost weights");
    CHECK(cmd_execute(&app, "set hidden none", &out, err, sizeof err) == 0, "set hidden none: %s", err);
    OFFERS("zoom ", "data formula lesson next off params plot");
    sb_free(&out);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/gradstep-unit-complete.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        fprintf(stderr, "init: %s\n", err);
        return 1;
    }
    tui_keys_register();
    FILE *null = fopen("/dev/null", "r+");
    rl_instream = null;
    rl_outstream = null;
    rl_initialize();
    repl_install_completion(&app);
    test_commands_and_core();
    test_set();
    test_explain_plot_lesson();
    test_spaces();
    test_file_columns();
    test_suggestions();
    test_network_words();
    cmd_app_free(&app);
    if (null) {
        fclose(null);
    }
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return harness_finish();
}
