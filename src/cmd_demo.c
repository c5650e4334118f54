/* cmd_demo.c: prepared demonstrations: `source FILE` runs a file of commands, `play FILE` runs one
 * command per key press, showing the next before it runs (README "Demonstrations"). */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "save.h"
#include "xmem.h"

/* A file of commands: its lines without blank and comment lines, and their line numbers. */
typedef struct {
    char **lines;
    int *lineno;
    size_t n;
} cmd_file;

static void cmd_file_free(cmd_file *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->lines[i]);
    }
    free(f->lines);
    free(f->lineno);
    memset(f, 0, sizeof *f);
}

/* Reads path into f. Returns 0, or -1 with "PATH: REASON" in err. */
static int cmd_file_read(const char *path, cmd_file *f, char *err, size_t errlen)
{
    char *text = NULL;
    size_t len = 0;
    memset(f, 0, sizeof *f);
    if (file_read_all(path, &text, &len, err, errlen) != 0) {
        return -1;
    }
    if (memchr(text, '\0', len)) {
        snprintf(err, errlen, "%s: looks like a binary file (a NUL byte), not commands", path);
        free(text);
        return -1;
    }
    size_t cap = 0;
    int lineno = 0;
    for (char *p = text; p < text + len;) {
        char *nl = memchr(p, '\n', (size_t)(text + len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(text + len - p);
        lineno++;
        while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t')) {
            n--;
        }
        size_t s = 0;
        while (s < n && (p[s] == ' ' || p[s] == '\t')) {
            s++;
        }
        if (s < n && p[s] != '#') {
            if (f->n == cap) {
                cap = cap ? cap * 2 : 16;
                f->lines = xrealloc(f->lines, cap * sizeof *f->lines);
                f->lineno = xrealloc(f->lineno, cap * sizeof *f->lineno);
            }
            f->lines[f->n] = xstrndup(p + s, n - s);
            f->lineno[f->n++] = lineno;
        }
        p = nl ? nl + 1 : text + len;
    }
    free(text);
    return 0;
}

/* ---------- source ---------- */

/* How deep `source` may nest (a file that sources itself stops here). */
#define SOURCE_DEPTH 8

static int source_depth;

static int exec_source(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    if (source_depth >= SOURCE_DEPTH) {
        snprintf(err, errlen, "source: files nested %d deep (does a file source itself?)", SOURCE_DEPTH);
        return -1;
    }
    cmd_file f;
    if (cmd_file_read(argv[0], &f, err, errlen) != 0) {
        return -1;
    }
    source_depth++;
    int rc = 0;
    for (size_t i = 0; i < f.n && rc == 0; i++) {
        char e2[900] = "";
        rc = cmd_execute(app, f.lines[i], out, e2, sizeof e2);
        if (rc < 0) {
            snprintf(err, errlen, "%s:%d: %s", argv[0], f.lineno[i], e2);
        }
    }
    source_depth--;
    cmd_file_free(&f);
    return rc;
}

/* ---------- play ---------- */

struct play_state {
    cmd_file f;
    char *path;
    size_t next;      /* the next line to run */
    char *start;      /* commands that rebuild the session as it was when the play began */
};

static void play_free(struct play_state *p)
{
    if (!p) {
        return;
    }
    cmd_file_free(&p->f);
    free(p->path);
    free(p->start);
    free(p);
}

/* "play 2/3, next: step 10" or the end, after what a play command did. */
static void play_status(const struct play_state *p, strbuf *out)
{
    if (p->next < p->f.n) {
        sb_printf(out, "play %zu/%zu, next: %s\n", p->next + 1, p->f.n, p->f.lines[p->next]);
    } else {
        sb_printf(out, "play: all %zu commands of %s ran (play back undoes the last, play stop ends)\n",
                  p->f.n, p->path);
    }
}

/* Runs lines silently: no animation, no output kept. Returns 0, or -1 with "FILE:LINE: why". */
static int run_quietly(cmd_app *app, char **lines, const int *lineno, size_t n, const char *where,
                       char *err, size_t errlen)
{
    session_progress_fn progress = app->progress;
    int interactive = app->interactive;
    app->progress = NULL;
    app->interactive = 0;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        strbuf junk = {0};
        char e2[900] = "";
        rc = cmd_execute(app, lines[i], &junk, e2, sizeof e2) < 0 ? -1 : 0;
        if (rc < 0) {
            snprintf(err, errlen, "%s:%d: %s", where, lineno ? lineno[i] : (int)i + 1, e2);
        }
        sb_free(&junk);
    }
    app->progress = progress;
    app->interactive = interactive;
    return rc;
}

/* Runs the next line of the play and shows it first. */
static int play_next(cmd_app *app, strbuf *out, char *err, size_t errlen)
{
    struct play_state *p = app->play;
    if (p->next >= p->f.n) {
        play_status(p, out);
        return 0;
    }
    size_t i = p->next++;
    sb_printf(out, "gradstep> %s\n", p->f.lines[i]);
    char e2[900] = "";
    int rc = cmd_execute(app, p->f.lines[i], out, e2, sizeof e2);
    if (rc < 0) {
        p->next--;  /* the same line again on the next key, once fixed */
        snprintf(err, errlen, "%s:%d: %s", p->path, p->f.lineno[i], e2);
        return -1;
    }
    if (app->play == p) {
        play_status(p, out);
    }
    return rc;
}

/* Undoes the last line run: the session as the play began, then the lines before it again. */
static int play_back(cmd_app *app, strbuf *out, char *err, size_t errlen)
{
    struct play_state *p = app->play;
    if (p->next == 0) {
        snprintf(err, errlen, "play back: no command of %s has run yet", p->path);
        return -1;
    }
    cmd_file start;
    memset(&start, 0, sizeof start);
    /* the start script is a list of lines */
    size_t cap = 0;
    for (char *s = p->start; *s;) {
        char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if (n > 0 && s[0] != '#') {
            if (start.n == cap) {
                cap = cap ? cap * 2 : 16;
                start.lines = xrealloc(start.lines, cap * sizeof *start.lines);
            }
            start.lines[start.n++] = xstrndup(s, n);
        }
        s = nl ? nl + 1 : s + n;
    }
    int rc = run_quietly(app, start.lines, NULL, start.n, "play back", err, errlen);
    if (rc == 0) {
        rc = run_quietly(app, p->f.lines, p->f.lineno, p->next - 1, p->path, err, errlen);
    }
    cmd_file_free(&start);
    if (rc != 0) {
        return -1;
    }
    p->next--;
    sb_printf(out, "play back: undid %s\n", p->f.lines[p->next]);
    play_status(p, out);
    return 0;
}

/* cmd_app.play_step: an empty line (Enter; Space in the full screen) runs the play's next line. */
static int play_step(cmd_app *app, strbuf *out, char *err, size_t errlen)
{
    return play_next(app, out, err, errlen);
}

static int exec_play(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    const char *what = argv[0];
    if (strcmp(what, "next") == 0 || strcmp(what, "back") == 0 || strcmp(what, "stop") == 0) {
        if (!app->play) {
            snprintf(err, errlen, "play %s: no play is running (play FILE starts one)", what);
            return -1;
        }
        if (what[0] == 'n') {
            return play_next(app, out, err, errlen);
        }
        if (what[0] == 'b') {
            return play_back(app, out, err, errlen);
        }
        play_free(app->play);
        app->play = NULL;
        sb_puts(out, "play stopped; the session stays as it is\n");
        return 0;
    }
    struct play_state *p = xcalloc(1, sizeof *p);
    if (cmd_file_read(what, &p->f, err, errlen) != 0) {
        free(p);
        return -1;
    }
    if (p->f.n == 0) {
        snprintf(err, errlen, "%s: no commands in it", what);
        play_free(p);
        return -1;
    }
    p->path = xstrdup(what);
    strbuf start = {0};
    save_session_text(&app->s, &start);
    p->start = xstrdup(sb_str(&start));
    sb_free(&start);
    play_free(app->play);
    app->play = p;
    app->play_free = play_free;
    app->play_step = play_step;
    const char *base = strrchr(what, '/') ? strrchr(what, '/') + 1 : what;
    sb_printf(out, "play %s: %zu commands, %s runs each; play 1/%zu, next: %s\n", base, p->f.n,
              app->ui ? "Space or Enter" : "Enter", p->f.n, p->f.lines[0]);
    return 0;
}

const cmd_entry cmd_demo_table[] = {
    {
        .name = "source",
        .args = "FILE",
        .summary = "run a file of commands, one a line",
        .help = "Runs every command of FILE in order (# starts a comment, blank lines are skipped), in any\n"
                "mode; the first failing command stops it with FILE:LINE: MESSAGE. A lesson cannot run it.",
        .example = "source demo.txt",
        .min_args = 1,
        .max_args = 1,
        .exec = exec_source,
    },
    {
        .name = "play",
        .args = "FILE|next|back|stop",
        .summary = "present a file of commands one command per key press",
        .help = "play FILE shows the first command of FILE; then each Enter on an empty line (Space too in\n"
                "the full screen) runs the next command and shows the one after it, so a rehearsed demo\n"
                "is presented with one key. play back undoes the last command (the session as the play\n"
                "began, and the commands before it again), play next runs one, play stop ends the play.",
        .example = "play demo.txt",
        .min_args = 1,
        .max_args = 1,
        .exec = exec_play,
    },
    { .name = NULL },
};
