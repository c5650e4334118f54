/* unit_load.c: the load command with target= and ignore=, its messages, failures that change nothing, and session and data files that keep the columns chosen. */
#include "cmd.h"
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cmd_app app;
static strbuf out;
static char err[1024];
static char tmpdir[1024];

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Runs a formatted command line with out cleared first; returns cmd_execute's result. */
static int run(const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    sb_clear(&out);
    err[0] = '\0';
    return cmd_execute(&app, line, &out, err, sizeof err);
}

/* Writes text to tmpdir/name and returns the path (static until the next call). */
static const char *file(const char *name, const char *text)
{
    static char path[1200];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
    return path;
}

/* Reads tmpdir/name into a static buffer. */
static const char *slurp(const char *name)
{
    static char buf[8192];
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    buf[n] = '\0';
    if (f) {
        fclose(f);
    }
    return buf;
}

static const char *students = "# students\nid,hours,age,pass\n1,0.5,20,FALSE\n2,1.75,22,TRUE\n3,2.5,21,TRUE\n"
                              "4,1,23,FALSE\n5,3,20,TRUE\n";

static void test_load_options(void)
{
    const char *p = file("students.csv", students);
    CHECK(run("load %s", p) == 0, "%s", err);
    CHECK_STR(sb_str(&out), "loaded students.csv: n = 5 examples, k = 3 inputs (id, hours, age; target pass)\n"
                            "students\n"
                            "column 1 (id) looks like an identifier; `ignore=id` drops it\n"
                            "target pass: FALSE = 0, TRUE = 1\n");
    CHECK(app.s.data.k == 3 && app.s.data.y[1] == 1 && app.s.data.y[3] == 0, "TRUE/FALSE as 1/0");

    CHECK(run("load %s ignore=id target=pass", p) == 0, "%s", err);
    CHECK_STR(sb_str(&out), "loaded students.csv: n = 5 examples, k = 2 inputs (hours, age; target pass)\n"
                            "students\n"
                            "target pass: FALSE = 0, TRUE = 1\n");
    CHECK(app.s.data.k == 2 && app.s.data.x[0] == 0.5 && app.s.data.x[1] == 20, "hours, age");

    /* Failures: one line, and the session stays as it was (dataset, parameters, step). */
    CHECK(run("set w1 0.25") == 0 && run("step 2") == 0, "%s", err);
    double w1 = app.s.w[0], b = app.s.b;
    struct {
        const char *args, *want;
    } bad[] = {
        { "ignore=idd", "students.csv: ignore=idd: no column \"idd\"; did you mean \"id\"?" },
        { "target=9", "students.csv: target=9: no column 9 (the file has 4 columns)" },
        { "target=grade", "students.csv: target=grade: no column \"grade\" (columns: id, hours, age, pass)" },
        { "ignore=pass", "students.csv: ignore=pass: column 4 is the target; choose another with target=" },
        { "target=hours target=age", "load: target= is given twice" },
        { "ignore=", "load: ignore= needs a column: a header name or a number from 1" },
        { "n=5", "load: unknown option \"n=5\" (target=COL, ignore=COL,...)" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char want[1400];
        CHECK(run("load %s %s", p, bad[i].args) == -1, "%s should fail", bad[i].args);
        if (strncmp(bad[i].want, "load:", 5) == 0) {
            snprintf(want, sizeof want, "%s", bad[i].want);
        } else {
            snprintf(want, sizeof want, "%s/%s", tmpdir, bad[i].want);
        }
        CHECK_STR(err, want);
        CHECK(strchr(err, '\n') == NULL, "one line");
        CHECK(app.s.step == 2 && app.s.data.k == 2 && app.s.w[0] == w1 && app.s.b == b && app.s.data.n == 5,
              "%s changed the session", bad[i].args);
    }
}

static void test_decimal_comma_files(void)
{
    const char *p = file("eu.csv", "Stunden;Bestanden\n0,5;0\n1,75;1\n2,25;1\n");
    CHECK(run("load %s", p) == 0, "%s", err);
    CHECK_STR(sb_str(&out), "loaded eu.csv: n = 3 examples, k = 1 input (Stunden; target Bestanden; decimal comma)\n");
    CHECK(app.s.data.x[1] == 1.75, "1,75");

    /* save data writes points unless asked; decimal=comma writes what the file had. */
    char path[1200];
    snprintf(path, sizeof path, "%s/back.csv", tmpdir);
    CHECK(run("save data %s", path) == 0, "%s", err);
    CHECK(strstr(slurp("back.csv"), "Stunden,Bestanden\n0.5,0\n1.75,1\n2.25,1\n") != NULL, "points: %s", slurp("back.csv"));
    CHECK(run("save data %s decimal=comma", path) == 0, "%s", err);
    CHECK(strncmp(sb_str(&out), "saved data (3 rows, semicolons and decimal commas) to ", 54) == 0, "%s", sb_str(&out));
    CHECK(strstr(slurp("back.csv"), "Stunden;Bestanden\n0,5;0\n1,75;1\n2,25;1\n") != NULL, "commas: %s", slurp("back.csv"));
    CHECK(run("save data %s decimal=tab", path) == -1, "bad decimal=");
    CHECK_STR(err, "save data: expected FILE [decimal=comma] (usage: save data FILE [decimal=point|comma])");
}

/* A session file repeats the columns a load chose, so running it rebuilds the same dataset. */
static void test_session_keeps_columns(void)
{
    const char *p = file("students.csv", students);
    CHECK(run("load \"%s\" target=4 ignore=id,2", p) == 0, "%s", err);
    CHECK(app.s.data.k == 1, "k = 1 (age)");
    char path[1200];
    snprintf(path, sizeof path, "%s/s.gs", tmpdir);
    CHECK(run("save session %s", path) == 0, "%s", err);
    char want[1400];
    snprintf(want, sizeof want, "load %s target=4 ignore=id,2\n", p);
    CHECK(strstr(slurp("s.gs"), want) != NULL, "session file: %s", slurp("s.gs"));
    CHECK(run("load and") == 0, "%s", err);
    char session_text[8192];
    snprintf(session_text, sizeof session_text, "%s", slurp("s.gs"));
    for (char *line = strtok(session_text, "\n"); line; line = strtok(NULL, "\n")) {
        CHECK(run("%s", line) == 0, "%s: %s", line, err);
    }
    CHECK(app.s.data.k == 1 && strcmp(app.s.data.target_name, "pass") == 0 &&
              strcmp(app.s.data.input_names[0], "age") == 0,
          "rebuilt: k=%zu target %s", app.s.data.k, app.s.data.target_name);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/gradstep-unit-load.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        fprintf(stderr, "init: %s\n", err);
        return 1;
    }
    test_load_options();
    test_decimal_comma_files();
    test_session_keeps_columns();
    cmd_app_free(&app);
    sb_free(&out);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return harness_finish();
}
