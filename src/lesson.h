/* lesson.h: reading, finding and rendering lessons (README "Lessons"): pages of prose, commands and questions. */
#ifndef GRADSTEP_LESSON_H
#define GRADSTEP_LESSON_H

#include <stddef.h>

#include "strbuf.h"

/* The lesson file format, for instructors (README "Lessons" says the same in words):
 *   line 1        the title (blank lines and "#" comment lines before it are skipped)
 *   ---           a line of three or more dashes ends one page and starts the next
 *   > COMMAND     runs COMMAND when the page opens; the learner sees "gradstep> COMMAND" and its output
 *   ? QUESTION = ANSWER   asks QUESTION; the text after the last "=" is the answer
 *   ! HINT        right after a question: said after a wrong answer (which value to look at)
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
    char *hint;        /* a question's hint ("! HINT" after it), else NULL */
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

/* A running lesson: the one cmd_app.lesson points to (cmd_lesson.c runs it). */
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
 * either; a NAME containing "/", or naming a file in the present directory, is a path.
 * Returns 0 with *out filled, or -1 with err. */
int lesson_load(const char *name, lesson *out, char *err, size_t errlen);

/* 1 when `given` is an acceptable answer to `expected`: a whole number (digits only) exactly;
 * a decimal judged to the digits `expected` shows, numbers within the precision
 * `expected` is written with (half a unit in its last decimal: "0.82" accepts [0.815, 0.825]),
 * other text equal after trimming, ignoring case. */
int lesson_answer_ok(const char *expected, const char *given);






/* The present page's text, wrapped to `width` display columns (width <= 0: no wrapping):
 * prose, the commands as run with their output (unless LESSON_RENDER_NO_OUTPUT), questions
 * with their result so far. No header line (see lesson_header). */
void lesson_render(const struct lesson_state *st, int width, unsigned flags, strbuf *out);

/* "Lesson 5 · The learning slowdown · 2/5" for a pane's title. */
void lesson_header(const struct lesson_state *st, strbuf *out);

/* Appends text wrapped at width display columns, as the pages' prose is wrapped. */
void lesson_wrap(const char *text, int width, strbuf *out);

/* The first unanswered question of the present page, or NULL when none is waiting. */
const char *lesson_pending_question(const struct lesson_state *st);

/* Makes the state of a lesson about to run, taking what *l owns (*l is zeroed). Never fails. */
struct lesson_state *lesson_state_new(lesson *l);

/* Appends items [from, to) of page p as the learner sees them, wrapped to width (<= 0: not
 * wrapped); interactive adds the "(answer with: ...)" hint under an unanswered question. */
void lesson_render_items(const struct lesson_state *st, size_t p, size_t from, size_t to,
                         int width, unsigned flags, int interactive, strbuf *out);

/* Appends what comes after the present page: how to go on, or nothing while a question waits. */
void lesson_footer(const struct lesson_state *st, strbuf *out);

/* Frees a lesson state (NULL is fine). cmd_app_free calls it. */
void lesson_state_free(struct lesson_state *st);


#endif
