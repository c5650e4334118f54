/* cmd.h: the command layer (README "Commands"): the entry type, splitting, lookup, execution, argument
 * helpers and progress, used by every mode; it knows no module (cmd_table.c lists their tables). */
#ifndef GRADSTEP_CMD_H
#define GRADSTEP_CMD_H

#include <stddef.h>

#include "session.h"
#include "strbuf.h"

typedef struct cmd_app cmd_app;

/* Flags of a command table entry. */
enum {
    CMD_REPEATS = 1  /* an empty line in an interactive mode repeats it (step, next, back, run) */
};

/* The long work a mode's progress function hears about (cmd_app.progress_kind):
 * RUN animates and any key stops it; STEP and LOAD stay quiet until they have taken a while,
 * then say how far they are, and only Ctrl-C stops them. done and total count updates for RUN
 * and STEP, bytes for LOAD. */
enum { CMD_PROGRESS_RUN = 0, CMD_PROGRESS_STEP, CMD_PROGRESS_LOAD, CMD_PROGRESS_STEPS, CMD_PROGRESS_PARAMS };
/* (CMD_PROGRESS_STEPS: work on each step of the history, such as C at every step for a plot or a
 * trace; done and total count steps, and cmd_app.progress_what names the command.
 * CMD_PROGRESS_PARAMS: work on each parameter, such as `check`; done and total count parameters.) */

/* Seconds that quiet progress (STEP, LOAD) waits before it shows anything. */
#define CMD_PROGRESS_QUIET_SECONDS 0.25

/* done as a whole percentage of total (0 when total is 0), for progress messages. */
long cmd_progress_percent(long done, long total);

/* Tells the mode's progress function that work of the given kind starts now; what names the
 * command for CMD_PROGRESS_STEPS (may be NULL otherwise). */
void cmd_progress_begin(cmd_app *app, int kind, const char *what);

/* Computes C at every step of the history that is not known yet, with the mode's progress.
 * Returns 0, or -1 with "WHAT: stopped ..." in err when Ctrl-C stopped it. */
int cmd_fill_costs(cmd_app *app, const char *what, char *err, size_t errlen);

/* `save plot VIEW [log|L [J]|I] FILE.svg` (argv[0] is "plot"): writes the view as SVG (cmd_plot.c). */
int cmd_save_plot(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen);

/* What cmd_execute returns besides 0 (done) and -1 (failed, err set, session unchanged). */
enum { CMD_QUIT = 1 };

/* Completion candidates being gathered for the word being typed (cmd_complete). */
typedef struct cmd_cands {
    char **list;       /* malloc'd, NULL-ended */
    size_t count, cap;
    const char *word;  /* the start of the word: only candidates it begins are kept */
} cmd_cands;

/* Adds s to c when it begins with c->word and is not there yet. */
void cmd_cand_add(cmd_cands *c, const char *s);

/* Adds each of a NULL-ended list of words (as cmd_cand_add). */
void cmd_cand_words(cmd_cands *c, const char *const *words);

/* Adds "; did you mean "NAME"?" to the message in err when one of names (NULL-ended) is near
 * the mistyped word (suggest_nearest). */
void cmd_suggest_word(char *err, size_t errlen, const char *word, const char *const *names);

/* Completion offers at most this many weights (w1..) or numbers; a longer list helps no one. */
#define CMD_CAND_MAX_WEIGHTS 64

/* Adds the parameter names w1..wk (k up to CMD_CAND_MAX_WEIGHTS) and b (as cmd_cand_add). */
void cmd_cand_params(const cmd_app *app, cmd_cands *c);

/* Adds the numbers lo..hi (at most CMD_CAND_MAX_WEIGHTS of them) as words. */
void cmd_cand_range(cmd_cands *c, size_t lo, size_t hi);

/* The full-screen UI's colour themes: AUTO picks LIGHT when the terminal says its background is
 * light, else DARK; MONO uses attributes only (bold, underline, reverse). */
enum { CMD_THEME_AUTO = 0, CMD_THEME_DARK, CMD_THEME_LIGHT, CMD_THEME_MONO };

/* The theme named NAME (dark, light, mono, auto), or -1. */
int cmd_theme_parse(const char *name);
/* The name of theme t. */
const char *cmd_theme_name(int t);

/* One command: its name, usage, help and the function that runs it. exec gets the words
 * after the name (argv[0] is the first argument) already checked against min/max_args;
 * it appends its result to out, or returns -1 with a one-line reason in err.
 * Tables are written with designated initialisers: { .name = "step", .args = "[N]", ... }. */
typedef struct cmd_entry {
    const char *name;
    const char *args;      /* usage after the name, e.g. "[N]" */
    const char *summary;   /* one line for `help` */
    const char *help;      /* a few lines for `help CMD` */
    const char *example;   /* one example line */
    int min_args;
    int max_args;          /* -1: no limit */
    unsigned flags;
    int (*exec)(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen);
    /* Completes argument number argc (argv: the words before it, argv[0] the first argument)
     * into c; returns 1 when file names should be completed instead, else 0. May be NULL. */
    int (*complete)(cmd_app *app, int argc, char **argv, cmd_cands *c);
    /* Appends help generated from data after `help` text (the settings for `help set`). May be NULL. */
    void (*more_help)(strbuf *out);
} cmd_entry;

struct lesson_state;
struct play_state;

/* Everything a command may read or change: the session and the state of the modes around it. */
struct cmd_app {
    session s;
    int interactive;                 /* 1 in the plain REPL and the full-screen UI */
    int ascii;                       /* 1: write ASCII names instead of UTF-8 glyphs (fmt.h) */
    int no_color;                    /* 1: --no-color or NO_COLOR */
    int theme;                       /* full-screen colours: CMD_THEME_* (--theme, set theme) */
    int quit;                        /* set by `quit` */
    int plot_view;                   /* the plot pane's view (plot.h), chosen by `plot` */
    unsigned plot_flags;             /* PLOT_LOG when `plot cost log` asked for it */
    int plot_layer;                  /* `plot weights L J` in the full screen: L (0: layer 2) */
    size_t plot_neuron;              /* ... and J (0: every neuron of the layer) */
    session_progress_fn progress;    /* set by the mode: shows long work's progress, may stop it */
    void *progress_ctx;
    int progress_kind;               /* what progress is called for (CMD_PROGRESS_*) */
    double progress_started;         /* when that work began, in seconds (clock_seconds) */
    const char *progress_what;       /* the command doing CMD_PROGRESS_STEPS work */
    struct lesson_state *lesson;     /* the running lesson, or NULL */
    const char *lesson_dir_running;  /* while a lesson page's command runs: that lesson's directory
                                        (absolute); the lesson rule applies (cmd_lesson_allows) */
    void (*lesson_free)(struct lesson_state *st);  /* frees it (set with it by cmd_lesson.c) */
    /* A line that names no command while a lesson runs: the answer to its waiting question
     * (set with the lesson by cmd_lesson.c). Returns as cmd_execute does, or -2 when no
     * question waits (the line is then an unknown command). */
    int (*lesson_take)(cmd_app *app, const char *line, strbuf *out, char *err, size_t errlen);
    struct play_state *play;         /* the running `play`, or NULL (cmd_demo.c) */
    void (*play_free)(struct play_state *p);  /* frees it (set with it by cmd_demo.c) */
    /* An empty line while a play runs: its next command (set with it by cmd_demo.c). */
    int (*play_step)(cmd_app *app, strbuf *out, char *err, size_t errlen);
    void *ui;                        /* the full-screen UI when it is up, else NULL */
    char *last_repeat;               /* the last command line with CMD_REPEATS, or NULL */
};

/* Sets up the app with a fresh session on the default dataset. Returns 0 or -1 with err. */
int cmd_app_init(cmd_app *app, char *err, size_t errlen);

/* Frees what the app owns. */
void cmd_app_free(cmd_app *app);

/* Runs one command line (leading/trailing space, "#" comments and blank lines allowed).
 * Returns 0 on success (output appended to out), -1 with one line in err on failure
 * (the session left as it was), CMD_QUIT when the command asks to quit. */
int cmd_execute(cmd_app *app, const char *line, strbuf *out, char *err, size_t errlen);

/* Finds a command by its name or a unique prefix; NULL with "unknown command: X" or
 * "ambiguous command: st, could be: step, stats" in err. */
const cmd_entry *cmd_lookup(const char *name, char *err, size_t errlen);

/* The tables every program has, in the order `help` lists them, ended by NULL (cmd_table.c). */
extern const cmd_entry *const cmd_tables[];

/* The lesson rule (README "What a lesson may do"), judged on the command e that a lesson page's
 * line resolved to (after unquoting and prefix matching): a lesson never runs lesson or quit, and
 * does not save, source, play, or load a file outside its own directory (app->lesson_dir_running)
 * and the bundled datasets. cmd_execute asks while lesson_dir_running is set. Returns 1 when e
 * with its arguments may run, else 0 with one line in err. */
int cmd_lesson_allows(const cmd_app *app, const cmd_entry *e, int argc, char **argv, char *err, size_t errlen);

/* Adds a table of commands (ended by an entry with a NULL name) after cmd_tables; used by optional
 * modules such as the full-screen UI. The table must outlive the program's use of commands.
 * Adding the same table twice does nothing; more tables than there is room for abort the program
 * with a message (a programming error, caught by any run). */
void cmd_register_table(const cmd_entry *table);

/* Calls fn for every command in table order (for help and completion). */
void cmd_each(void (*fn)(const cmd_entry *e, void *ctx), void *ctx);

/* Splits line into words (whitespace-separated; "double quotes" group, and inside them \" \\
 * \n \t \r and \xHH stand for a quote, a backslash, a newline, a tab, a carriage return and
 * the byte HH, so that any file name can be written on one line; another backslash is itself);
 * returns the count and a NULL-ended malloc'd array in *argv (free with cmd_free_words),
 * or -1 with err for an unterminated quote. A "#" at the start of a word starts a comment. */
int cmd_split(const char *line, char ***argv, char *err, size_t errlen);

/* Frees what cmd_split allocated. */
void cmd_free_words(char **argv);

/* Quotes text for a message into buf: at most 40 bytes (longer text is cut with "..."), control
 * characters shown as '?', so that the message stays one line. Returns buf. */
const char *cmd_quote(const char *text, char *buf, size_t len);

/* Parses a finite double for argument `what`; -1 with "WHAT: "X" is not a number" in err. */
/* predict's k input values (k the dataset's inputs) parsed from argv as a malloc'd array, or NULL
 * with one line in err (a wrong count, a value that is not a finite number, out of memory). */
double *cmd_parse_inputs(const session *s, int argc, char **argv, char *err, size_t errlen);

int cmd_parse_double(const char *text, const char *what, double *v, char *err, size_t errlen);

/* Parses a whole number in [lo, hi] for argument `what`; -1 with a message in err. */
int cmd_parse_long(const char *text, const char *what, long lo, long hi, long *v,
                   char *err, size_t errlen);

/* Parses an example number I (1..n) into a 0-based index; -1 with a message in err. */
int cmd_parse_example(const session *s, const char *text, size_t *i, char *err, size_t errlen);

/* Parses a parameter name (w1..wk, b, or J as a number 1..k) into 0..k (k is b). */
int cmd_parse_param(const session *s, const char *text, size_t *j, char *err, size_t errlen);

/* Completion candidates for the word being typed: line is the text before that word, word its
 * start. Returns a malloc'd NULL-ended array of malloc'd strings (commands, or what the command's
 * complete function offers), or NULL when file names should be completed instead. */
char **cmd_complete(cmd_app *app, const char *line, const char *word);

/* A cmd_entry.complete that offers command names for the first argument (help CMD). */
int cmd_complete_commands(cmd_app *app, int argc, char **argv, cmd_cands *c);

#endif
