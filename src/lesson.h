/* lesson.h: reading and running lessons (SPEC section 6): pages of prose, commands and questions. */
#ifndef GRADSTEP_LESSON_H
#define GRADSTEP_LESSON_H

#include <stddef.h>

#include "commands.h"
#include "strbuf.h"

/* The lesson file format, for instructors (README "Lessons" says the same in words):
 *   line 1        the title (blank lines and "#" comment lines before it are skipped)
 *   ---           a line of three or more dashes ends one page and starts the next
 *   > COMMAND     runs COMMAND when the page opens; the learner sees "gradstep> COMMAND" and its output
 *   ? QUESTION = ANSWER   asks QUESTION; the text after the last "=" is the answer
 *   # ...         a comment, never shown
 *   anything else prose; a line that starts with a space or tab is kept as written
 *                 (formulas), other lines are joined into paragraphs when wrapped to a pane. */

typedef enum { LESSON_TEXT = 0, LESSON_CMD, LESSON_QUESTION } lesson_item_kind;

/* One line of a page. */
typedef struct {
    lesson_item_kind kind;
    int line;          /* line number in the file (1-based) */
    char *text;        /* the prose line ("" for a blank line), the command, or the question */
    char *answer;      /* the expected answer of a question, else NULL */
} lesson_item;

typedef struct {
    lesson_item *items;
    size_t nitems;
    int line;          /* line where the page starts */
} lesson_page;

/* A parsed lesson file. */
typedef struct {
    char *where;       /* the name used in messages: the path as found */
    char *name;        /* the slug ("slowdown" for 05-slowdown.txt), or the base name */
    int number;        /* NN of NN-slug.txt, or 0 */
    char *title;
    lesson_page *pages;
    size_t npages;
} lesson;

/* What has happened on one page of a running lesson. */
typedef struct {
    char **outputs;    /* outputs[i]: what command item i printed, once it ran (else NULL) */
    int *answered;     /* answered[i]: 1 once question item i is answered or its answer shown */
    size_t shown;      /* items processed so far: the page stops after an unanswered question */
    int failed;        /* 1 when a command failed: the items after it did not run */
} lesson_page_run;

/* A running lesson: the one cmd_app.lesson points to. */
struct lesson_state {
    lesson l;
    lesson_page_run *run;  /* one per page */
    size_t page;       /* the present page, 0-based */
    size_t opened;     /* pages opened so far (their commands ran): 0..opened-1 */
    int tried;         /* wrong answers or `lesson next` reminders for the pending question */
    char *dir;         /* the absolute directory of the lesson file (the lesson rule's own directory) */
};

/* Flags for lesson_render. */
enum {
    LESSON_RENDER_NO_OUTPUT = 1  /* show the commands ("gradstep> step 3") but not what they printed */
};

/* Parses a lesson from text (len bytes, need not be NUL-terminated) named `where` in messages;
 * the base name of `where` gives its number and name ("lessons/05-slowdown.txt": 5, "slowdown").
 * Returns 0 and fills *out (free with lesson_free), or -1 with "WHERE:LINE: MESSAGE" in err
 * and *out untouched. */
int lesson_parse(const char *text, size_t len, const char *where, lesson *out,
                 char *err, size_t errlen);

/* Frees what *l owns and zeroes it. Safe on a zeroed lesson. */
void lesson_free(lesson *l);

/* The directory lessons are found in: $GRADSTEP_LESSONDIR if set, else ./lessons when it is a
 * directory, else lessons/ beside the binary, else the installed GRADSTEP_DATADIR "/lessons". */
const char *lesson_dir(void);

/* Calls fn for each lesson file NN-slug.txt in lesson_dir(), in order of NN. Lessons that do not
 * parse are listed with their error as the title. Returns the count, or -1 with err. */
int lesson_list(void (*fn)(int number, const char *name, const char *title, void *ctx),
                void *ctx, char *err, size_t errlen);

/* Finds and parses a lesson by number ("5"), slug or file base name, or a unique prefix of
 * either; a NAME containing "/" is a path. Returns 0 with *out filled, or -1 with err. */
int lesson_load(const char *name, lesson *out, char *err, size_t errlen);

/* 1 when `given` is an acceptable answer to `expected`: numbers within the precision
 * `expected` is written with (half a unit in its last decimal: "0.82" accepts [0.815, 0.825]),
 * other text equal after trimming, ignoring case. */
int lesson_answer_ok(const char *expected, const char *given);

/* Starts lesson `name` on a fresh session (default dataset and settings; `digits` kept).
 * Interactive apps open page 1 (its commands run); otherwise every page runs in order and the
 * lesson ends, the whole transcript appended to out. A failing command stops the lesson there
 * with "FILE:LINE: MESSAGE" in err (-1; the modes print it after their "error: "), and what
 * ran before it, ending with "error: MESSAGE" under the command, in out. */
int lesson_start(cmd_app *app, const char *name, strbuf *out, char *err, size_t errlen);

/* Moves to the next page and runs its commands (a page already opened is shown again, not
 * re-run). With a question pending, the first call reminds and the second reveals the answer
 * and moves on. Returns 0, or -1 with err (no lesson, or a failing command as above). */
int lesson_next(cmd_app *app, strbuf *out, char *err, size_t errlen);

/* Shows the previous page again as it was when it ran, without re-running its commands. */
int lesson_back(cmd_app *app, strbuf *out, char *err, size_t errlen);

/* Checks `text` against the first unanswered question of the present page and says whether it
 * is right. Returns 0 (right or wrong), or -1 with err when no question is waiting. */
int lesson_answer(cmd_app *app, const char *text, strbuf *out, char *err, size_t errlen);

/* Ends the running lesson, keeping the session as the lesson left it. */
int lesson_end(cmd_app *app, strbuf *out, char *err, size_t errlen);

/* The present page's text, wrapped to `width` display columns (width <= 0: no wrapping):
 * prose, the commands as run with their output (unless LESSON_RENDER_NO_OUTPUT), questions
 * with their result so far. No header line (see lesson_header). */
void lesson_render(const struct lesson_state *st, int width, unsigned flags, strbuf *out);

/* "Lesson 5 · The learning slowdown · 2/5" for a pane's title. */
void lesson_header(const struct lesson_state *st, strbuf *out);

/* The first unanswered question of the present page, or NULL when none is waiting. */
const char *lesson_pending_question(const struct lesson_state *st);

/* Frees a lesson state (NULL is fine). cmd_app_free calls it. */
void lesson_state_free(struct lesson_state *st);

/* Display columns of UTF-8 text (combining marks count 0, wide characters 2). */
size_t lesson_text_width(const char *s, size_t len);

/* The lesson rule (README "What a lesson may do"), checked on the command a page line resolves
 * to (after unquoting and prefix matching): a lesson may not run lesson, quit, source, play or
 * save, nor load a file outside its own directory (app->lesson_dir_running) and the bundled
 * datasets. Returns 1 when e with its arguments may run, else 0 with one line in err. */
int lesson_allows(const cmd_app *app, const cmd_entry *e, int argc, char **argv, char *err, size_t errlen);

/* The `lesson` command, for the command table (ended by an entry with a NULL name). */
extern const cmd_entry lesson_cmds[];

#endif
