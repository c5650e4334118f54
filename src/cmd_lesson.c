/* cmd_lesson.c: running lessons page by page through the command language, and the `lesson` command
 * (README "Lessons"). */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dataset.h"
#include "fileio.h"
#include "errbuf.h"
#include "lesson.h"
#include "text.h"
#include "xmem.h"

/* ---- what a lesson may do (README "What a lesson may do") ---- */

/* 1 when the real path of file lies inside directory dir (both resolved, links followed). */
static int inside(const char *file, const char *dir)
{
    char *rf = realpath(file, NULL), *rd = realpath(dir, NULL);
    size_t n = rd ? strlen(rd) : 0;
    int in = rf && rd && strncmp(rf, rd, n) == 0 && (rf[n] == '/' || (n == 1 && rd[0] == '/'));
    free(rf);
    free(rd);
    return in;
}

/* 1 when `load arg` would read a bundled dataset or a file in the lesson's directory. */
static int load_allowed(const char *arg, const char *own_dir)
{
    struct stat st;
    if (stat(arg, &st) != 0) {
        return 1;   /* no such file: a bundled name, or a load that fails and says so */
    }
    return inside(arg, own_dir) || inside(arg, dataset_dir());
}

/* "lesson" or "quit" when e is one of them: no lesson may ever run them (NULL otherwise). */
static const char *never_allowed(const cmd_entry *e)
{
    return strcmp(e->name, "lesson") == 0 || strcmp(e->name, "quit") == 0 ? e->name : NULL;
}

int cmd_lesson_allows(const cmd_app *app, const cmd_entry *e, int argc, char **argv, char *err, size_t errlen)
{
    const char *n = e->name, *why = NULL;
    if (never_allowed(e)) {
        snprintf(err, errlen, "a lesson cannot run \"%s\": %s", n,
                 n[0] == 'q' ? "only you can leave gradstep" : "a lesson never starts, ends or moves a lesson");
        return 0;
    }
    if (strcmp(n, "save") == 0) {
        why = "a lesson may not write files";
    } else if (strcmp(n, "source") == 0 || strcmp(n, "play") == 0) {
        why = "a lesson may not run files of commands";
    } else if (strcmp(n, "load") == 0 && argc >= 1 && !load_allowed(argv[0], app->lesson_dir_running)) {
        why = "a lesson may load only bundled datasets and files in its own directory";
    }
    if (!why) {
        return 1;
    }
    strbuf cmd = {0};
    sb_puts(&cmd, n);
    for (int i = 0; i < argc && cmd.len < 120; i++) {
        sb_printf(&cmd, " %s", argv[i]);
    }
    snprintf(err, errlen, "%s: \"%.160s\" was not run (type it yourself to run it)", why, sb_str(&cmd));
    sb_free(&cmd);
    return 0;
}

/* Refuses a lesson with a command line that resolves to lesson or quit (quoted, shortened: judged
 * as cmd_execute would run it), naming its place. Returns 0, or -1 with "FILE:LINE: ..." in err. */
static int check_never(const lesson *l, char *err, size_t errlen)
{
    for (size_t p = 0; p < l->npages; p++) {
        for (size_t i = 0; i < l->pages[p].nitems; i++) {
            const lesson_item *it = &l->pages[p].items[i];
            char **argv = NULL;
            char e2[256];
            const cmd_entry *e = NULL;
            if (it->kind == LESSON_CMD && cmd_split(it->text, &argv, e2, sizeof e2) > 0) {
                e = cmd_lookup(argv[0], e2, sizeof e2);
            }
            cmd_free_words(argv);
            if (e && never_allowed(e)) {
                snprintf(err, errlen, "%s:%d: a lesson cannot run \"%s\"", l->where, it->line, e->name);
                return -1;
            }
        }
    }
    return 0;
}

/* What a command printed, as the lesson keeps it to show: made safe for a terminal (text_safe). */
static char *safe_copy(const strbuf *cap)
{
    strbuf sb = {0};
    text_safe(&sb, sb_str(cap), cap->len, TEXT_SAFE_NL | TEXT_SAFE_TAB);
    char *d = xstrdup(sb_str(&sb));
    sb_free(&sb);
    return d;
}

/* Runs the items of page p from where it stopped: commands through cmd_execute, questions
 * answered at once when not interactive, else stopping after an unanswered one.
 * Returns 0, or -1 with "FILE:LINE: MESSAGE" when a command fails. */
static int advance(cmd_app *app, struct lesson_state *st, size_t p, char *err, size_t errlen)
{
    const lesson_page *pg = &st->l.pages[p];
    lesson_page_run *run = &st->run[p];
    while (run->shown < pg->nitems && !run->failed) {
        const lesson_item *it = &pg->items[run->shown];
        size_t i = run->shown++;
        if (it->kind == LESSON_CMD) {
            strbuf cap = {0};
            char e2[ERR_LEN] = "";
            const char *outer = app->lesson_dir_running;
            app->lesson_dir_running = st->dir;   /* the lesson rule applies to what the page runs */
            int rc = cmd_execute(app, it->text, &cap, e2, sizeof e2);
            app->lesson_dir_running = outer;
            if (rc < 0) {
                sb_printf(&cap, "error: %s\n", e2);
                run->outputs[i] = safe_copy(&cap);
                sb_free(&cap);
                run->failed = 1;
                snprintf(err, errlen, "%s:%d: %s", st->l.where, it->line, e2);
                return -1;
            }
            if (cap.len && cap.buf[cap.len - 1] != '\n') {
                sb_puts(&cap, "\n");
            }
            run->outputs[i] = safe_copy(&cap);
            sb_free(&cap);
        } else if (it->kind == LESSON_QUESTION) {
            if (!app->interactive) {
                run->answered[i] = 1;
            } else if (!run->answered[i]) {
                st->tried = 0;
                return 0;
            }
        }
    }
    return 0;
}

static int lesson_take(cmd_app *app, const char *line, strbuf *out, char *err, size_t errlen);

/* ---------- progress: the furthest page opened, kept per lesson in the state directory ---------- */

/* The progress file of lesson l: lesson-NAME in the state directory (NAME made safe). */
static const char *progress_path(const lesson *l, char *buf, size_t len)
{
    char name[128] = "lesson-";
    size_t n = strlen(name);
    for (const char *p = l->name ? l->name : "lesson"; *p && n + 1 < sizeof name; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                 c == '_';
        name[n++] = ok ? c : '_';
    }
    name[n] = '\0';
    return file_state_path(name, buf, len);
}

/* Records that pages up to st->opened were opened; the last page reached clears the record. */
static void progress_save(const struct lesson_state *st)
{
    char path[4200], err[256], text[64];
    if (!progress_path(&st->l, path, sizeof path)) {
        return;
    }
    if (st->opened >= st->l.npages) {
        remove(path);  /* finished: the next start begins at page 1 */
        return;
    }
    int n = snprintf(text, sizeof text, "page %zu\n", st->opened);
    file_write_atomic(path, text, (size_t)n, err, sizeof err);  /* progress is a convenience */
}

/* The page (1-based) the learner had reached in lesson l, or 0 when none is recorded. */
static size_t progress_load(const lesson *l)
{
    char path[4200], err[256];
    char *text = NULL;
    size_t len = 0, page = 0;
    if (!progress_path(l, path, sizeof path) || file_read_all(path, &text, &len, err, sizeof err) != 0) {
        return 0;
    }
    if (sscanf(text, "page %zu", &page) != 1 || page > l->npages) {
        page = 0;
    }
    free(text);
    return page;
}

static void page_heading(const struct lesson_state *st, strbuf *out)
{
    lesson_header(st, out);
    sb_puts(out, "\n\n");
}

/* Opens page p (running its commands) and appends it with a heading and footer. */
static int open_present(cmd_app *app, struct lesson_state *st, strbuf *out, char *err, size_t errlen)
{
    size_t p = st->page;
    page_heading(st, out);
    size_t from = st->run[p].shown;
    int rc = advance(app, st, p, err, errlen);
    lesson_render_items(st, p, from, st->run[p].shown, 0, 0, 1, out);
    if (st->opened < p + 1) {
        st->opened = p + 1;
    }
    if (app->interactive) {
        progress_save(st);
    }
    lesson_footer(st, out);
    return rc;
}

/* Runs pages 0..upto-1 again without showing them (their questions count as answered and a
 * `run` does not animate), so that a resumed lesson has the session it had. */
static int replay_pages(cmd_app *app, struct lesson_state *st, size_t upto, char *err, size_t errlen)
{
    int interactive = app->interactive;
    session_progress_fn progress = app->progress;
    app->interactive = 0;
    app->progress = NULL;
    int rc = 0;
    for (size_t p = 0; p < upto && rc == 0; p++) {
        st->page = p;
        rc = advance(app, st, p, err, errlen);
        st->opened = p + 1;
    }
    app->interactive = interactive;
    app->progress = progress;
    return rc;
}

/* Starts lesson `name` on a fresh session (default dataset and settings; `digits` kept).
 * Interactive apps open page 1 (its commands run); otherwise every page runs in order and the
 * lesson ends, the whole transcript appended to out. A failing command stops the lesson there
 * with "FILE:LINE: MESSAGE" in err (-1; the modes print it after their "error: "), and what
 * ran before it, ending with "error: MESSAGE" under the command, in out. */
static int lesson_start(cmd_app *app, const char *name, int restart, strbuf *out, char *err, size_t errlen)
{
    lesson l;
    if (lesson_load(name, &l, err, errlen) != 0) {
        return -1;
    }
    if (check_never(&l, err, errlen) != 0) {
        lesson_free(&l);
        return -1;
    }
    session fresh;
    if (session_init(&fresh, err, errlen) != 0) {
        lesson_free(&l);
        return -1;
    }
    fresh.digits = app->s.digits;
    session_free(&app->s);
    app->s = fresh;
    lesson_state_free(app->lesson);
    app->lesson = NULL;
    app->lesson_free = lesson_state_free;
    struct lesson_state *st = lesson_state_new(&l);

    if (app->interactive) {
        app->lesson = st;
        app->lesson_take = lesson_take;
        size_t reached = restart ? 0 : progress_load(&st->l);
        if (reached > 1) {
            if (replay_pages(app, st, reached - 1, err, errlen) != 0) {
                return -1;
            }
            st->page = reached - 1;
            sb_printf(out, "Resuming at page %zu of %zu, where you left this lesson "
                      "(lesson restart %s starts again from page 1).\n", reached, st->l.npages, name);
        }
        return open_present(app, st, out, err, errlen);
    }
    if (st->l.number > 0) {
        sb_printf(out, "Lesson %d: %s\n", st->l.number, st->l.title);
    } else {
        sb_printf(out, "Lesson: %s\n", st->l.title);
    }
    int rc = 0;
    for (size_t p = 0; p < st->l.npages && rc == 0; p++) {
        st->page = p;
        st->opened = p + 1;
        sb_printf(out, "\n— page %zu/%zu —\n", p + 1, st->l.npages);
        rc = advance(app, st, p, err, errlen);
        lesson_render_items(st, p, 0, st->run[p].shown, 0, 0, 0, out);
    }
    if (rc == 0) {
        sb_puts(out, "\n— end of the lesson —\n");
    }
    lesson_state_free(st);
    return rc;
}

static int need_lesson(cmd_app *app, char *err, size_t errlen)
{
    if (!app->lesson) {
        snprintf(err, errlen, "no lesson is running (lesson list shows the lessons)");
        return -1;
    }
    return 0;
}

/* Moves to the next page and runs its commands (a page already opened is shown again, not
 * re-run). With a question pending it reminds: only `lesson reveal` shows the answer.
 * Returns 0, or -1 with err (no lesson, or a failing command as above). */
static int lesson_next(cmd_app *app, strbuf *out, char *err, size_t errlen)
{
    if (need_lesson(app, err, errlen) != 0) {
        return -1;
    }
    struct lesson_state *st = app->lesson;
    lesson_page_run *run = &st->run[st->page];
    (void)run;
    if (lesson_pending_question(st)) {
        sb_printf(out, "A question is waiting: %s; lesson reveal shows the answer.\n",
                  app->ui ? "type your answer at the prompt" : "type your answer (or lesson answer TEXT)");
        return 0;
    }
    if (st->page + 1 >= st->l.npages) {
        sb_puts(out, "That was the last page: lesson end closes the lesson, lesson list shows the others.\n");
        return 0;
    }
    st->page++;
    if (st->page < st->opened) {
        page_heading(st, out);
        lesson_render(st, 0, 0, out);
        sb_puts(out, "(shown again as it was: its commands ran before and are not run again)\n");
        lesson_footer(st, out);
        return 0;
    }
    return open_present(app, st, out, err, errlen);
}

/* Shows the previous page again as it was when it ran, without re-running its commands. */
static int lesson_back(cmd_app *app, strbuf *out, char *err, size_t errlen)
{
    if (need_lesson(app, err, errlen) != 0) {
        return -1;
    }
    struct lesson_state *st = app->lesson;
    if (st->page == 0) {
        snprintf(err, errlen, "lesson back: this is the first page");
        return -1;
    }
    st->page--;
    page_heading(st, out);
    lesson_render(st, 0, 0, out);
    sb_puts(out, "(shown again as it was: its commands are not run again, "
                 "the session stays as it is now)\n");
    lesson_footer(st, out);
    return 0;
}

/* Shows the answer of the waiting question and goes on with the page. Returns 0, or -1 with err
 * when no question is waiting (or a command after it fails). */
static int lesson_reveal(cmd_app *app, strbuf *out, char *err, size_t errlen)
{
    if (need_lesson(app, err, errlen) != 0) {
        return -1;
    }
    struct lesson_state *st = app->lesson;
    if (!lesson_pending_question(st)) {
        snprintf(err, errlen, "lesson reveal: no question is waiting on this page");
        return -1;
    }
    lesson_page_run *run = &st->run[st->page];
    size_t i = run->shown - 1;
    run->answered[i] = 1;
    st->tried = 0;
    sb_printf(out, "The answer: %s\n", st->l.pages[st->page].items[i].answer);
    size_t from = run->shown;
    int rc = advance(app, st, st->page, err, errlen);
    lesson_render_items(st, st->page, from, run->shown, 0, 0, 1, out);
    lesson_footer(st, out);
    return rc;
}

/* Checks `text` against the first unanswered question of the present page and says whether it
 * is right; a wrong answer gets the question's hint (which value on screen to look at).
 * Returns 0 (right or wrong), or -1 with err when no question is waiting. */
static int lesson_answer(cmd_app *app, const char *text, strbuf *out, char *err, size_t errlen)
{
    if (need_lesson(app, err, errlen) != 0) {
        return -1;
    }
    struct lesson_state *st = app->lesson;
    if (!lesson_pending_question(st)) {
        snprintf(err, errlen, "lesson answer: no question is waiting on this page");
        return -1;
    }
    lesson_page_run *run = &st->run[st->page];
    size_t i = run->shown - 1;
    const lesson_item *it = &st->l.pages[st->page].items[i];
    if (!lesson_answer_ok(it->answer, text)) {
        st->tried++;
        sb_printf(out, "Not quite: \"%s\" is not the answer.", text);
        if (it->hint) {
            sb_printf(out, " Hint: %s", it->hint);
        } else {
            sb_puts(out, " Hint: look again at the numbers this page's commands printed.");
        }
        sb_puts(out, " Try again; lesson reveal shows the answer.\n");
        return 0;
    }
    run->answered[i] = 1;
    st->tried = 0;
    sb_printf(out, "Right: %s.\n", it->answer);
    size_t from = run->shown;
    int rc = advance(app, st, st->page, err, errlen);
    lesson_render_items(st, st->page, from, run->shown, 0, 0, 1, out);
    lesson_footer(st, out);
    return rc;
}

/* cmd_app.lesson_take: a line that is no command answers the waiting question, if any. */
static int lesson_take(cmd_app *app, const char *line, strbuf *out, char *err, size_t errlen)
{
    if (!app->lesson || !lesson_pending_question(app->lesson)) {
        return -2;
    }
    while (*line == ' ' || *line == '\t') {
        line++;
    }
    return lesson_answer(app, line, out, err, errlen);
}

/* Ends the running lesson, keeping the session as the lesson left it. */
static int lesson_end(cmd_app *app, strbuf *out, char *err, size_t errlen)
{
    if (need_lesson(app, err, errlen) != 0) {
        return -1;
    }
    lesson_state_free(app->lesson);
    app->lesson = NULL;
    sb_puts(out, "The lesson is closed; the session stays as the lesson left it.\n");
    return 0;
}

/* ---------- the command ---------- */

static void list_one(int number, const char *name, const char *title, void *ctx)
{
    sb_printf(ctx, "%3d  %-14s  %s\n", number, name, title);
}

static int lesson_show_list(strbuf *out, char *err, size_t errlen)
{
    int n = lesson_list(list_one, out, err, errlen);
    if (n < 0) {
        return -1;
    }
    if (n == 0) {
        sb_printf(out, "no lessons in %s\n", lesson_dir());
    }
    return 0;
}

static int exec_lesson(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    if (argc == 0) {
        if (!app->lesson) {
            return lesson_show_list(out, err, errlen);
        }
        page_heading(app->lesson, out);
        lesson_render(app->lesson, 0, 0, out);
        lesson_footer(app->lesson, out);
        return 0;
    }
    const char *sub = argv[0];
    size_t sublen = strlen(sub);
    if (strcmp(sub, "answer") == 0 || (argc >= 2 && sublen >= 1 && strncmp(sub, "answer", sublen) == 0)) {
        if (argc < 2) {
            snprintf(err, errlen, "lesson answer: give the answer, e.g. lesson answer 0.82");
            return -1;
        }
        strbuf t = {0};
        for (int i = 1; i < argc; i++) {
            sb_printf(&t, "%s%s", i > 1 ? " " : "", argv[i]);
        }
        int rc = lesson_answer(app, sb_str(&t), out, err, errlen);
        sb_free(&t);
        return rc;
    }
    if (strcmp(sub, "restart") == 0 && argc == 2) {
        return lesson_start(app, argv[1], 1, out, err, errlen);
    }
    if (argc > 1) {
        snprintf(err, errlen, "lesson %s: too many arguments", sub);
        return -1;
    }
    if (strcmp(sub, "list") == 0) {
        return lesson_show_list(out, err, errlen);
    }
    if (strcmp(sub, "next") == 0) {
        return lesson_next(app, out, err, errlen);
    }
    if (strcmp(sub, "back") == 0) {
        return lesson_back(app, out, err, errlen);
    }
    if (strcmp(sub, "end") == 0) {
        return lesson_end(app, out, err, errlen);
    }
    if (strcmp(sub, "reveal") == 0) {
        return lesson_reveal(app, out, err, errlen);
    }
    return lesson_start(app, sub, 0, out, err, errlen);
}

static void cand_lesson(int number, const char *name, const char *title, void *ctx)
{
    (void)number;
    (void)title;
    cmd_cand_add(ctx, name);
}

/* lesson: the subcommands and the bundled lessons' names; a path completes as a file name. */
static int complete_lesson(cmd_app *app, int argc, char **argv, cmd_cands *c)
{
    (void)app;
    (void)argv;
    static const char *const subs[] = { "list", "next", "back", "answer", "end", NULL };
    if (argc != 0) {
        return 0;
    }
    if (strchr(c->word, '/') || c->word[0] == '.') {
        return 1;
    }
    char err[256];
    cmd_cand_words(c, subs);
    lesson_list(cand_lesson, c, err, sizeof err);
    return 0;
}

const cmd_entry cmd_lesson_table[] = {
    {
        .name = "lesson",
        .args = "[list|NAME|N|FILE|restart NAME|next|back|answer TEXT|reveal|end]",
        .summary = "run a lesson: pages of prose and commands",
        .help = "lesson list shows the lessons; lesson NAME or lesson N starts one (a unique prefix of its\n"
                "name is enough). In the REPL and the full-screen UI a lesson shows one page at a time:\n"
                "lesson next runs the next page's commands, lesson back shows the page before again\n"
                "(without re-running it). A question waiting on the page is answered by typing the answer\n"
                "at the prompt as it is (0.82, 7, exam), or with lesson answer TEXT; a wrong answer gets a\n"
                "hint, and only lesson reveal shows the answer. lesson alone shows the present page,\n"
                "lesson end closes it. lesson FILE (a path) runs a lesson file from anywhere. Progress is\n"
                "saved: lesson NAME resumes at the page reached before, lesson restart NAME starts again.\n"
                "In a script, lesson NAME runs every page.",
        .example = "lesson 5",
        .min_args = 0,
        .max_args = -1,
        .exec = exec_lesson,
        .complete = complete_lesson,
    },
    { .name = NULL },
};
