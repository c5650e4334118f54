/* unit_lesson.c: tests the lesson parser (malformed files, pages), answer checking and the runner. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "fileio.h"
#include "harness.h"
#include "lesson.h"
#include "text.h"

/* The directory of test data beside this file. */
static char data_dir[1024];

static void find_data_dir(void)
{
    const char *f = __FILE__;
    const char *slash = strrchr(f, '/');
    if (slash) {
        snprintf(data_dir, sizeof data_dir, "%.*s/data/lessons", (int)(slash - f), f);
    } else {
        snprintf(data_dir, sizeof data_dir, "data/lessons");
    }
}

static int parse_str(const char *text, const char *where, lesson *l, char *err, size_t errlen)
{
    return lesson_parse(text, strlen(text), where, l, err, errlen);
}

/* Every tests/data/lessons/bad/NAME.txt fails with exactly the line in NAME.err. */
static void test_malformed(void)
{
    static const char *names[] = {
        "empty", "blank", "no-title", "sep-first", "title-only", "empty-page", "trailing-sep",
        "no-equals", "empty-answer", "empty-question", "directive", "directive2", "empty-cmd",
        "nested", "quit", "nul", "hint-alone", "hint-empty", "hint-twice",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[1200], where[64], err[512] = "", e2[256];
        char *text = NULL, *want = NULL;
        size_t len = 0, wlen = 0;
        snprintf(path, sizeof path, "%s/bad/%s.txt", data_dir, names[i]);
        CHECK(file_read_all(path, &text, &len, e2, sizeof e2) == 0, "%s", e2);
        snprintf(path, sizeof path, "%s/bad/%s.err", data_dir, names[i]);
        CHECK(file_read_all(path, &want, &wlen, e2, sizeof e2) == 0, "%s", e2);
        if (!text || !want) {
            free(text);
            free(want);
            continue;
        }
        if (wlen > 0 && want[wlen - 1] == '\n') {
            want[wlen - 1] = '\0';
        }
        snprintf(where, sizeof where, "%s.txt", names[i]);
        lesson l;
        memset(&l, 0x5a, sizeof l);
        lesson probe = l;
        int rc = lesson_parse(text, len, where, &l, err, sizeof err);
        CHECK(rc == -1, "%s parsed", where);
        CHECK_STR(err, want);
        CHECK(memcmp(&l, &probe, sizeof l) == 0, "%s: *out touched on failure", where);
        free(text);
        free(want);
    }
}

static void test_structure(void)
{
    char err[512] = "";
    lesson l;
    const char *text =
        "\xEF\xBB\xBF# comment before the title\r\n"
        "\r\n"
        "  The title  \r\n"
        "-----\r\n"
        "\r\n"
        "First page.\r\n"
        "# a comment inside\r\n"
        "    z = w x + b   \r\n"
        "> step 3\r\n"
        "\r\n"
        "---\r\n"
        "? What is a when z = 0? = 0.5\r\n"
        "\r\n"
        "Last words.\r\n"
        "\r\n";
    int rc = parse_str(text, "lessons/05-slowdown.txt", &l, err, sizeof err);
    CHECK(rc == 0, "%s", err);
    if (rc != 0) {
        return;
    }
    CHECK_STR(l.title, "The title");
    CHECK_STR(l.name, "slowdown");
    CHECK_STR(l.where, "lessons/05-slowdown.txt");
    CHECK(l.number == 5, "number %d", l.number);
    CHECK(l.npages == 2, "npages %zu", l.npages);
    if (l.npages == 2) {
        const lesson_page *p = &l.pages[0];
        CHECK(p->nitems == 3, "page 1 items %zu", p->nitems);   /* blank top and bottom dropped */
        if (p->nitems == 3) {
            CHECK(p->items[0].kind == LESSON_TEXT && p->items[0].line == 6, "item 0");
            CHECK_STR(p->items[0].text, "First page.");
            CHECK_STR(p->items[1].text, "    z = w x + b");
            CHECK(p->items[2].kind == LESSON_CMD && p->items[2].line == 9, "item 2");
            CHECK_STR(p->items[2].text, "step 3");
        }
        p = &l.pages[1];
        CHECK(p->line == 11, "page 2 starts at its ---, line %d", p->line);
        CHECK(p->nitems == 3, "page 2 items %zu", p->nitems);
        if (p->nitems == 3) {
            CHECK(p->items[0].kind == LESSON_QUESTION, "question");
            CHECK_STR(p->items[0].text, "What is a when z = 0?");
            CHECK_STR(p->items[0].answer, "0.5");
            CHECK_STR(p->items[1].text, "");
            CHECK_STR(p->items[2].text, "Last words.");
        }
    }
    lesson_free(&l);
    CHECK(l.pages == NULL && l.title == NULL, "lesson_free zeroes");

    /* a hint belongs to the question above it and is no item of its own */
    rc = parse_str("Title\n? What is a when z = 0? = 0.5\n!   Look at the sigma(z) column.  \nAfter.", "h.txt",
                   &l, err, sizeof err);
    CHECK(rc == 0, "%s", err);
    if (rc == 0) {
        CHECK(l.npages == 1 && l.pages[0].nitems == 2, "a hint adds no item");
        CHECK_STR(l.pages[0].items[0].hint, "Look at the sigma(z) column.");
        CHECK_STR(l.pages[0].items[1].text, "After.");
        CHECK(l.pages[0].items[1].hint == NULL, "prose has no hint");
        lesson_free(&l);
    }

    /* no separator after the title: page 1 starts on the next line; a name without a number */
    rc = parse_str("Title\nOne.\n---\nTwo.\n---\nThree.", "dir/notes.txt", &l, err, sizeof err);
    CHECK(rc == 0, "%s", err);
    if (rc == 0) {
        CHECK(l.npages == 3, "npages %zu", l.npages);
        CHECK(l.number == 0, "number %d", l.number);
        CHECK_STR(l.name, "notes");
        CHECK_STR(l.pages[2].items[0].text, "Three.");
        lesson_free(&l);
    }
    /* two dashes are prose, a dash line with text after it is prose too */
    rc = parse_str("T\n-- not a break\n--- not a break either\n", "x.txt", &l, err, sizeof err);
    CHECK(rc == 0 && l.npages == 1 && l.pages[0].nitems == 2, "dashes as prose: %s", err);
    if (rc == 0) {
        lesson_free(&l);
    }
    /* "lesson" must not be runnable from a lesson even abbreviated; "l" alone names load too */
    rc = parse_str("T\n> les list\n", "x.txt", &l, err, sizeof err);
    CHECK(rc == -1, "les accepted");
    CHECK_STR(err, "x.txt:2: a lesson cannot run \"les\"");
    rc = parse_str("T\n> load and\n> lambda\n", "x.txt", &l, err, sizeof err);
    CHECK(rc == 0, "load refused: %s", err);
    if (rc == 0) {
        lesson_free(&l);
    }
}

static void test_answers(void)
{
    /* numbers: within half a unit of the last decimal written in the expected answer */
    CHECK(lesson_answer_ok("0.82", "0.82"), "exact");
    CHECK(lesson_answer_ok("0.82", "0.8199"), "0.8199");
    CHECK(lesson_answer_ok("0.82", "0.8176"), "0.8176 rounds to 0.82");
    CHECK(lesson_answer_ok("0.82", " .82 "), "leading dot, blanks");
    CHECK(lesson_answer_ok("0.82", "0.825"), "the edge 0.825 is in");
    CHECK(lesson_answer_ok("0.82", "0.815"), "the edge 0.815 is in");
    CHECK(!lesson_answer_ok("0.82", "0.826"), "0.826 is out");
    CHECK(!lesson_answer_ok("0.82", "0.814"), "0.814 is out");
    CHECK(!lesson_answer_ok("0.82", "0.8"), "0.8 is too coarse");
    CHECK(!lesson_answer_ok("0.82", "abc"), "text for a number");
    CHECK(!lesson_answer_ok("0.82", ""), "empty");
    CHECK(!lesson_answer_ok("0.82", "0.82x"), "trailing junk");
    CHECK(lesson_answer_ok("0.820", "0.8204"), "three decimals: 0.8204");
    CHECK(!lesson_answer_ok("0.820", "0.8206"), "three decimals: 0.8206");
    /* a whole number must be exact: a near miss is wrong */
    CHECK(!lesson_answer_ok("2", "2.4"), "integer: 2.4 is not 2");
    CHECK(lesson_answer_ok("2", "+2"), "integer: +2");
    CHECK(lesson_answer_ok("2", "2.0"), "integer: 2.0 is 2");
    CHECK(!lesson_answer_ok("2", "2.6"), "integer: 2.6");
    CHECK(!lesson_answer_ok("7", "7.4"), "integer: 7.4 is not 7");
    CHECK(!lesson_answer_ok("0", "0.4"), "integer: 0.4 is not 0");
    CHECK(lesson_answer_ok("0", "-0"), "integer: -0 is 0");
    CHECK(!lesson_answer_ok("50", "50.000001"), "integer: no tolerance at all");
    CHECK(lesson_answer_ok("-0.5", "-0.54"), "negative");
    CHECK(!lesson_answer_ok("-0.5", "0.5"), "sign matters");
    CHECK(lesson_answer_ok("1.5e-7", "1.54e-7"), "scientific in");
    CHECK(lesson_answer_ok("1.5e-7", "0.000000149"), "scientific vs plain");
    CHECK(!lesson_answer_ok("1.5e-7", "1.56e-7"), "scientific out");
    CHECK(lesson_answer_ok("5e3", "5400"), "5e3 is written to the thousands");
    CHECK(!lesson_answer_ok("5e3", "5600"), "5600 rounds to 6e3");
    CHECK(!lesson_answer_ok("0.5", "nan"), "nan");
    CHECK(!lesson_answer_ok("1", "inf"), "inf");
    /* text: trimmed, case and inner blank runs ignored */
    CHECK(lesson_answer_ok("Cross-entropy", "  cross-ENTROPY "), "case");
    CHECK(lesson_answer_ok("weight decay", "Weight   decay"), "inner blanks");
    CHECK(!lesson_answer_ok("weight decay", "weightdecay"), "blanks are not nothing");
    CHECK(!lesson_answer_ok("yes", "yess"), "longer");
    CHECK(!lesson_answer_ok("yes", "ye"), "shorter");
    CHECK(!lesson_answer_ok("no", "0"), "no vs 0");
}

static void test_width(void)
{
    CHECK(text_width_n("abc", 3, 0) == 3, "ascii");
    const char *s = "σ(z) − y";
    CHECK(text_width_n(s, strlen(s), 0) == 8, "σ(z) − y is 8 columns");
    const char *c = "x\xCC\x84";   /* x with a combining macron */
    CHECK(text_width_n(c, strlen(c), 0) == 1, "combining mark");
}

/* Runs one command line; returns its status, output in out (cleared first), error in err. */
static int run(cmd_app *app, const char *line, strbuf *out, char *err, size_t errlen)
{
    sb_clear(out);
    err[0] = '\0';
    return cmd_execute(app, line, out, err, errlen);
}

static int has(const strbuf *out, const char *s)
{
    return strstr(sb_str(out), s) != NULL;
}

/* Every rendered line fits in `width` display columns. */
static int fits(const char *text, int width)
{
    while (*text) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text) : strlen(text);
        if (text_width_n(text, n, 0) > width) {
            return 0;
        }
        text += n + (nl ? 1 : 0);
    }
    return 1;
}

static void test_runner(void)
{
    char dir[1200], err[1024];
    snprintf(dir, sizeof dir, "%s/good", data_dir);
    setenv("GRADSTEP_LESSONDIR", dir, 1);
    CHECK_STR(lesson_dir(), dir);

    cmd_app app;
    memset(&app, 0, sizeof app);
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        CHECK(0, "cmd_app_init: %s", err);
        return;
    }
    app.interactive = 1;
    strbuf out = {0};

    CHECK(run(&app, "lesson list", &out, err, sizeof err) == 0, "%s", err);
    CHECK(has(&out, "  1  basics") && has(&out, "Basics of the runner"), "list: %s", sb_str(&out));
    CHECK(has(&out, " 10  basic-extra"), "list 10: %s", sb_str(&out));
    CHECK(has(&out, "  3  bad-format      (cannot be read: "), "list bad: %s", sb_str(&out));
    CHECK(!has(&out, "notes"), "a file without a number is not listed");

    CHECK(run(&app, "lesson bas", &out, err, sizeof err) == -1, "ambiguous prefix accepted");
    CHECK_STR(err, "ambiguous lesson name: bas, could be: basics, basic-extra");
    CHECK(run(&app, "lesson nosuch", &out, err, sizeof err) == -1, "unknown accepted");
    CHECK(strncmp(err, "no lesson \"nosuch\" in ", 22) == 0, "%s", err);
    CHECK(run(&app, "lesson 3", &out, err, sizeof err) == -1, "malformed lesson started");
    CHECK(strstr(err, "03-bad-format.txt:2: a question needs") != NULL, "%s", err);
    CHECK(app.lesson == NULL, "no lesson after failures");

    /* starting a lesson starts from a fresh session */
    CHECK(run(&app, "step 4", &out, err, sizeof err) == 0, "%s", err);
    CHECK(run(&app, "lesson 1", &out, err, sizeof err) == 0, "%s", err);
    CHECK(app.lesson != NULL && app.s.step == 0, "fresh session at step %ld", app.s.step);
    CHECK(has(&out, "Lesson 1 · Basics of the runner · 1/3"), "heading: %s", sb_str(&out));
    CHECK(has(&out, "gradstep> print step\n"), "echo: %s", sb_str(&out));
    CHECK(has(&out, "    C = (1/n) Σ_x C_x\n"), "formula line kept: %s", sb_str(&out));
    CHECK(has(&out, "-- lesson next: page 2/3 --"), "footer: %s", sb_str(&out));

    /* width-limited rendering for a pane */
    strbuf r = {0};
    lesson_render(app.lesson, 20, 0, &r);
    CHECK(fits(sb_str(&r), 20), "render(20) too wide:\n%s", sb_str(&r));
    CHECK(strncmp(sb_str(&r), "The first page has\nprose that is long\n", 38) == 0, "wrapped: %s",
          sb_str(&r));
    sb_free(&r);

    /* page 2 stops at its question */
    CHECK(run(&app, "lesson next", &out, err, sizeof err) == 0, "%s", err);
    CHECK(app.s.step == 2, "step %ld after page 2 opens", app.s.step);
    CHECK(lesson_pending_question(app.lesson) != NULL, "question pending");
    CHECK(!has(&out, "After the question"), "ran past the question: %s", sb_str(&out));
    CHECK(has(&out, "? What is the step now?\n  (type your answer; lesson reveal shows it)"), "%s", sb_str(&out));
    r = (strbuf){0};
    lesson_render(app.lesson, 0, LESSON_RENDER_NO_OUTPUT, &r);
    CHECK(has(&r, "gradstep> step 2\ngradstep> print step\n?"), "no output: %s", sb_str(&r));
    sb_free(&r);

    CHECK(run(&app, "lesson next", &out, err, sizeof err) == 0, "%s", err);
    CHECK(has(&out, "A question is waiting"), "reminder: %s", sb_str(&out));
    CHECK(app.lesson->page == 1 && app.s.step == 2, "moved on");
    CHECK(run(&app, "lesson answer 3", &out, err, sizeof err) == 0, "%s", err);
    CHECK(has(&out, "Not quite"), "wrong: %s", sb_str(&out));
    CHECK(lesson_pending_question(app.lesson) != NULL, "still pending");
    CHECK(has(&out, "Hint: ") && has(&out, "lesson reveal shows the answer"), "a hint: %s", sb_str(&out));
    /* typed at the prompt as it is: no command is named 2.4, so it is the answer */
    CHECK(run(&app, "2.4", &out, err, sizeof err) == 0, "%s", err);
    CHECK(has(&out, "Not quite"), "a near miss of a whole number is wrong: %s", sb_str(&out));
    CHECK(run(&app, "lesson next", &out, err, sizeof err) == 0, "%s", err);
    CHECK(has(&out, "A question is waiting") && !has(&out, "The answer"), "next never reveals: %s",
          sb_str(&out));
    CHECK(run(&app, "lesson next", &out, err, sizeof err) == 0, "%s", err);
    CHECK(!has(&out, "The answer") && lesson_pending_question(app.lesson) != NULL, "nor twice: %s",
          sb_str(&out));
    CHECK(run(&app, "stpe", &out, err, sizeof err) == -1, "a misspelt command is no answer");
    CHECK(strstr(err, "did you mean step?") != NULL, "it keeps its suggestion: %s", err);
    CHECK(run(&app, "lesson a 7", &out, err, sizeof err) == 0, "lesson a is lesson answer: %s", err);
    CHECK(has(&out, "Not quite: \"7\""), "lesson a: %s", sb_str(&out));
    CHECK(run(&app, "2", &out, err, sizeof err) == 0, "%s", err);
    CHECK(has(&out, "Right: 2."), "right: %s", sb_str(&out));
    CHECK(has(&out, "After the question."), "rest of the page: %s", sb_str(&out));
    CHECK(app.s.step == 3, "step %ld after the rest of page 2", app.s.step);
    CHECK(lesson_pending_question(app.lesson) == NULL, "answered");
    CHECK(run(&app, "lesson answer 2", &out, err, sizeof err) == -1, "answer with none waiting");
    CHECK(run(&app, "2", &out, err, sizeof err) == -1, "a number with no question waiting");
    CHECK(strstr(err, "unknown command: 2") != NULL, "is an unknown command: %s", err);

    /* back shows page 1 without re-running; next shows page 2 again without re-running */
    CHECK(run(&app, "lesson back", &out, err, sizeof err) == 0, "%s", err);
    CHECK(app.lesson->page == 0 && app.s.step == 3, "back re-ran");
    CHECK(has(&out, "not run again"), "back says so: %s", sb_str(&out));
    CHECK(run(&app, "lesson back", &out, err, sizeof err) == -1, "back past page 1");
    CHECK(run(&app, "lesson next", &out, err, sizeof err) == 0, "%s", err);
    CHECK(app.lesson->page == 1 && app.s.step == 3, "next re-ran page 2");
    CHECK(has(&out, "  answer: 2\n") && has(&out, "After the question."), "%s", sb_str(&out));
    CHECK(run(&app, "lesson", &out, err, sizeof err) == 0, "%s", err);
    CHECK(has(&out, "· 2/3") && has(&out, "After the question."), "lesson alone: %s", sb_str(&out));

    /* page 3: a text answer; next reveals after a reminder */
    CHECK(run(&app, "lesson next", &out, err, sizeof err) == 0, "%s", err);
    CHECK(lesson_pending_question(app.lesson) != NULL, "page 3 question");
    CHECK(run(&app, "lesson answer  SIGMOID ", &out, err, sizeof err) == 0, "%s", err);
    CHECK(has(&out, "Right: Sigmoid."), "text answer: %s", sb_str(&out));
    CHECK(has(&out, "the last page"), "last footer: %s", sb_str(&out));
    CHECK(run(&app, "lesson next", &out, err, sizeof err) == 0, "%s", err);
    CHECK(has(&out, "That was the last page"), "%s", sb_str(&out));
    CHECK(run(&app, "lesson end", &out, err, sizeof err) == 0, "%s", err);
    CHECK(app.lesson == NULL && app.s.step == 3, "end keeps the session");
    CHECK(run(&app, "lesson next", &out, err, sizeof err) == -1, "next without a lesson");
    CHECK_STR(err, "no lesson is running (lesson list shows the lessons)");

    /* reveal: only lesson reveal shows the answer */
    CHECK(run(&app, "lesson basics", &out, err, sizeof err) == 0, "%s", err);
    CHECK(run(&app, "lesson reveal", &out, err, sizeof err) == -1, "reveal with none waiting");
    run(&app, "lesson next", &out, err, sizeof err);
    CHECK(run(&app, "lesson reveal", &out, err, sizeof err) == 0, "%s", err);
    CHECK(has(&out, "The answer: 2") && has(&out, "After the question."), "reveal: %s", sb_str(&out));
    CHECK(app.s.step == 3, "step %ld", app.s.step);

    /* progress: a lesson left at page 2 resumes there, its pages before run again unseen */
    CHECK(run(&app, "lesson end", &out, err, sizeof err) == 0, "%s", err);
    CHECK(run(&app, "lesson basics", &out, err, sizeof err) == 0, "%s", err);
    CHECK(has(&out, "Resuming at page 2 of 3"), "resumed: %s", sb_str(&out));
    CHECK(app.lesson->page == 1 && lesson_pending_question(app.lesson) != NULL, "at page 2's question");
    CHECK(app.s.step == 2, "page 2 ran once on a fresh session: step %ld", app.s.step);
    CHECK(run(&app, "lesson restart basics", &out, err, sizeof err) == 0, "%s", err);
    CHECK(!has(&out, "Resuming") && app.lesson->page == 0 && app.s.step == 0, "restart: page %zu step %ld",
          app.lesson->page, app.s.step);
    CHECK(run(&app, "lesson end", &out, err, sizeof err) == 0, "%s", err);
    CHECK(run(&app, "lesson basics", &out, err, sizeof err) == 0, "%s", err);
    CHECK(!has(&out, "Resuming"), "restart reset the progress: %s", sb_str(&out));

    /* a failing command stops the page with FILE:LINE: error: */
    CHECK(run(&app, "lesson broken", &out, err, sizeof err) == -1, "broken lesson ran");
    char want[1400];
    snprintf(want, sizeof want, "%s/02-broken.txt:4: eta", dir);
    CHECK(strncmp(err, want, strlen(want)) == 0, "got %s", err);
    CHECK(has(&out, "gradstep> set eta -1\nerror: "), "%s", sb_str(&out));
    CHECK(app.lesson != NULL && app.lesson->run[0].failed, "interactive lesson stays on the page");
    CHECK(run(&app, "lesson next", &out, err, sizeof err) == 0, "%s", err);
    CHECK(app.lesson->page == 1, "next after a failure");
    CHECK(run(&app, "lesson end", &out, err, sizeof err) == 0, "%s", err);

    /* script mode: every page, questions with their answers, the lesson ends */
    app.interactive = 0;
    CHECK(run(&app, "lesson basics", &out, err, sizeof err) == 0, "%s", err);
    CHECK(app.lesson == NULL, "script lesson still running");
    CHECK(app.s.step == 3, "step %ld after the script lesson", app.s.step);
    CHECK(has(&out, "Lesson 1: Basics of the runner\n\n— page 1/3 —\n"), "%s", sb_str(&out));
    CHECK(has(&out, "? What is the step now?\n  answer: 2\nAfter the question.\n"), "%s", sb_str(&out));
    CHECK(has(&out, "— page 3/3 —\nThird page, the last.\n? Type the word sigmoid\n  answer: Sigmoid\n"),
          "%s", sb_str(&out));
    CHECK(has(&out, "— end of the lesson —"), "%s", sb_str(&out));
    CHECK(run(&app, "lesson broken", &out, err, sizeof err) == -1, "broken ran in script mode");
    CHECK(app.lesson == NULL, "script lesson left running after a failure");
    CHECK(!has(&out, "Never reached"), "%s", sb_str(&out));

    /* a path */
    char path[1400];
    snprintf(path, sizeof path, "lesson %s/10-basic-extra.txt", dir);
    CHECK(run(&app, path, &out, err, sizeof err) == 0, "%s", err);
    CHECK(has(&out, "Lesson 10: Another lesson"), "%s", sb_str(&out));

    sb_free(&out);
    cmd_app_free(&app);
}

/* The lesson rule on the command a line resolves to, checked again when a page's command runs
 * (cmd_execute with lesson_dir_running set), whatever the parser let through. */
static void test_rule(void)
{
    cmd_app app;
    char err[512];
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        CHECK(0, "init: %s", err);
        return;
    }
    app.lesson_dir_running = "/nonexistent-lesson-dir";
    struct {
        const char *line, *want;
    } refused[] = {
        {"\"le\"sson 1", "a lesson cannot run \"lesson\""},
        {"les list", "a lesson cannot run \"lesson\""},
        {"\"q\"", "a lesson cannot run \"quit\""},
        {"qu\"it\"", "a lesson cannot run \"quit\""},
        {"sa session /tmp/gradstep-never-written", "a lesson may not write files"},
        {"\"save\" data /tmp/gradstep-never-written", "a lesson may not write files"},
        {"save trace /tmp/gradstep-never-written force", "a lesson may not write files"},
        {"lo /etc/passwd", "a lesson may load only bundled datasets"},
        {"\"load\" /dev/null", "a lesson may load only bundled datasets"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        strbuf out = {0};
        err[0] = '\0';
        int r = cmd_execute(&app, refused[i].line, &out, err, sizeof err);
        CHECK(r == -1 && strncmp(err, refused[i].want, strlen(refused[i].want)) == 0,
              "%s: returned %d, err \"%s\"", refused[i].line, r, err);
        CHECK(!app.quit && app.lesson == NULL, "%s changed the app", refused[i].line);
        sb_free(&out);
    }
    CHECK(access("/tmp/gradstep-never-written", F_OK) != 0, "a refused save wrote its file");
    const char *allowed[] = {"load hours", "step 2", "show data", "set eta 0.3", "help save"};
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        strbuf out = {0};
        CHECK(cmd_execute(&app, allowed[i], &out, err, sizeof err) == 0, "%s: %s", allowed[i], err);
        sb_free(&out);
    }
    /* A lesson with a line that resolves to lesson or quit, quoted or shortened, is refused before
     * anything of it runs. */
    app.lesson_dir_running = NULL;
    const char *never[] = {"T\n---\n> step\n> \"le\"sson 1\n", "T\n---\n> step\n> \"lesson\" x.txt\n",
                           "T\n---\n> step\n> \"q\"\n", "T\n---\n> step\n> le\"ss\"on end\n"};
    const char *path = "/tmp/gradstep-unit-never.txt";
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
        FILE *f = fopen(path, "w");
        if (!f) {
            continue;
        }
        fputs(never[i], f);
        fclose(f);
        strbuf out = {0};
        char line[128];
        snprintf(line, sizeof line, "lesson %s", path);
        long step_before = app.s.step;
        int r = cmd_execute(&app, line, &out, err, sizeof err);
        CHECK(r == -1 && strstr(err, "gradstep-unit-never.txt:4: a lesson cannot run") && app.s.step == step_before &&
              !app.lesson, "%s: returned %d (%s), step %ld", never[i], r, err, app.s.step);
        sb_free(&out);
    }
    remove(path);
    app.lesson_dir_running = NULL;
    cmd_app_free(&app);
}

int main(void)
{
    find_data_dir();
    /* lesson progress goes to a state directory of this run's own */
    char state[] = "/tmp/gradstep-unit-lesson.XXXXXX";
    if (mkdtemp(state)) {
        setenv("XDG_STATE_HOME", state, 1);
    }
    test_malformed();
    test_structure();
    test_answers();
    test_width();
    test_runner();
    test_rule();
    char rm[256];
    snprintf(rm, sizeof rm, "rm -rf '%s'", state);
    if (system(rm) != 0) {
        fprintf(stderr, "could not remove %s\n", state);
    }
    return harness_finish();
}
