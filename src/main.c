/* main.c: options, locale and the choice of mode: full-screen, plain REPL, script or -c. */
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "cmd.h"
#include "dataset.h"
#include "fmt.h"
#include "repl.h"

#include "tui/tui.h"
#include "xmem.h"
#include "errbuf.h"

#define GRADSTEP_VERSION "0.1.0"

static void usage(FILE *f)
{
    fputs("usage: gradstep [OPTIONS] [DATASET]\n"
          "Step a sigmoid neuron through gradient descent on the cross-entropy cost and see every term of\n"
          "  dC/dw_j = (1/n) sum_x x_j (sigma(z) - y)\n"
          "with a real dataset's numbers.\n\n"
          "  DATASET            a file or the name of a bundled dataset (default: and)\n"
          "      --target COL   DATASET's target column: a header name or a number from 1\n"
          "      --ignore COLS  drop DATASET's columns COLS (names or numbers, comma-separated)\n"
          "  -p, --plain        line-oriented REPL instead of the full-screen UI\n"
          "  -s, --script FILE  run the commands in FILE (- for stdin), print results, exit\n"
          "  -c CMD             run CMD (repeatable), print results, exit\n"
          "  -i, --interactive  after -c or -s, stay interactive (the full screen on a terminal)\n"
          "  -l, --lesson NAME|FILE  start a lesson (a bundled name or a lesson file)\n"
          "      --theme dark|light|mono|auto  the full screen's colours (auto: light on a light\n"
          "                     background when the terminal says so, else dark)\n"
          "      --ascii        ASCII instead of UTF-8 glyphs\n"
          "      --no-color     no colour (also when NO_COLOR is set; the mono theme)\n"
          "  -h, --help         this help\n"
          "  -V, --version      the version\n\n"
          "Exit status: 0 success, 1 a command failed (script or -c), 2 bad options or DATASET.\n"
          "Type help inside gradstep for the commands; man gradstep for the manual.\n",
          f);
}

/* The dataset named on the command line loads before any mode starts: a long load says how far
 * it is on stderr when that is a terminal (startup_load clears the line). */
typedef struct {
    double started;
    int shown;
} startup_load_state;

static int startup_progress(void *ctx, long done, long total)
{
    startup_load_state *st = ctx;
    if (clock_seconds() - st->started >= CMD_PROGRESS_QUIET_SECONDS && done < total) {
        fprintf(stderr, "\rgradstep: loading: %ld%%", cmd_progress_percent(done, total));
        st->shown = 1;
    }
    return 0;
}

/* dataset_load for the command line's DATASET and its columns, with progress on a terminal. */
static int startup_load(const char *name, const dataset_options *opt, dataset *d, char *err,
                        size_t errlen)
{
    startup_load_state st = { clock_seconds(), 0 };
    int rc = dataset_load_with_progress(name, opt, d, isatty(STDERR_FILENO) ? startup_progress : NULL,
                                        &st, err, errlen);
    if (st.shown) {
        fputs("\r\033[K", stderr);
    }
    return rc;
}

/* What the command line asked for. */
typedef struct {
    int plain, ascii, no_color, stay, theme;
    const char *script, *lesson, *dataset;
    char **cmds;   /* the -c commands, in order */
    int ncmds;
    dataset_options columns;  /* --target and --ignore */
} options;

/* Writes "gradstep: TEXT" on stderr made safe for a terminal (README "Text on the terminal"):
 * messages quote file names and arguments, which may hold anything. */
static void complain(const char *text)
{
    fputs("gradstep: ", stderr);
    repl_put_safe(stderr, text, 0);
    fputc('\n', stderr);
}

/* complain with a printf format. */
static void complainf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void complainf(const char *fmt, ...)
{
    char text[4400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    complain(text);
}

/* status, or 1 when what was printed could not all be written (a full disk, a closed pipe). */
static int stdout_status(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        complainf("standard output: cannot write: %s", strerror(errno));
        return status ? status : 1;
    }
    return status;
}

/* Says what is wrong with an option getopt refused, on stderr. */
static void option_error(char **argv)
{
    if (optopt == 'G' || optopt == 'I') {
        complainf("option --%s needs a value (gradstep --help)", optopt == 'G' ? "target" : "ignore");
    } else if (optopt == 'T') {
        complain("option --theme needs a value: dark, light, mono or auto (gradstep --help)");
    } else if (optopt && strchr("scl", optopt)) {
        const char *lng = optopt == 's' ? " (--script)" : optopt == 'l' ? " (--lesson)" : "";
        complainf("option -%c%s needs a value (gradstep --help)", optopt, lng);
    } else if (optopt) {
        complainf("unknown option -%c (gradstep --help)", optopt);
    } else {
        complainf("unknown option %.4096s (gradstep --help)", argv[optind - 1]);
    }
}

/* The command line that starts lesson name: the name in quotes, its quotes and backslashes
 * escaped (README "Commands"). */
static void lesson_line(char *line, size_t len, const char *name)
{
    size_t o = (size_t)snprintf(line, len, "lesson \"");
    for (const char *p = name; *p && o + 4 < len; p++) {
        if (*p == '"' || *p == '\\') {
            line[o++] = '\\';
        }
        line[o++] = *p;
    }
    snprintf(line + o, len - o, "\"");
}

/* Reads the options into *o (o->cmds malloc'd: free it). Returns -1 to go on, else the exit
 * status main should return at once (0 after --help or --version, 2 after a bad option). */
static int parse_options(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->theme = CMD_THEME_AUTO;
    o->cmds = xcalloc((size_t)argc + 1, sizeof(char *));
    static const struct option longopts[] = {
        { "plain", no_argument, NULL, 'p' },
        { "script", required_argument, NULL, 's' },
        { "lesson", required_argument, NULL, 'l' },
        { "ascii", no_argument, NULL, 'A' },
        { "no-color", no_argument, NULL, 'N' },
        { "no-colour", no_argument, NULL, 'N' },
        { "theme", required_argument, NULL, 'T' },
        { "interactive", no_argument, NULL, 'i' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { "target", required_argument, NULL, 'G' },
        { "ignore", required_argument, NULL, 'I' },
        { NULL, 0, NULL, 0 },
    };
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "ps:c:l:ihV", longopts, NULL)) != -1) {
        switch (c) {
        case 'p': o->plain = 1; break;
        case 's': o->script = optarg; break;
        case 'c': o->cmds[o->ncmds++] = optarg; break;
        case 'l': o->lesson = optarg; break;
        case 'A': o->ascii = 1; break;
        case 'N': o->no_color = 1; break;
        case 'i': o->stay = 1; break;
        case 'T':
            o->theme = cmd_theme_parse(optarg);
            if (o->theme < 0) {
                complainf("--theme %.4096s: write dark, light, mono or auto (gradstep --help)", optarg);
                return 2;
            }
            break;
        case 'G':
        case 'I': {
            char err[ERR_LEN];
            if (dataset_options_add(&o->columns, c == 'G' ? "target" : "ignore", optarg, err, sizeof err) != 0) {
                complainf("--%s: %s", c == 'G' ? "target" : "ignore", err);
                return 2;
            }
            break;
        }
        case 'h': usage(stdout); return stdout_status(0);
        case 'V': printf("gradstep %s\n", GRADSTEP_VERSION); return stdout_status(0);
        default:
            option_error(argv);
            return 2;
        }
    }
    if (argc - optind > 1) {
        fprintf(stderr, "gradstep: one DATASET at most, got %d (gradstep --help)\n", argc - optind);
        return 2;
    }
    o->dataset = optind < argc ? argv[optind] : NULL;
    if (!o->dataset && (o->columns.target || o->columns.ignore)) {
        fprintf(stderr, "gradstep: --%s chooses columns of a DATASET, and none is given (gradstep --help)\n",
                o->columns.target ? "target" : "ignore");
        return 2;
    }
    return -1;
}

/* Sets up the app as the options and the terminal ask (glyphs, colours, the DATASET).
 * Returns 0, or -1 after saying why on stderr. */
static int start_app(cmd_app *app, options *o)
{
    const char *codeset = nl_langinfo(CODESET);
    int utf8 = codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc) {
        o->no_color = 1;
    }
    fmt_set_ascii(o->ascii || !utf8);
    char err[ERR_LEN];
    if (cmd_app_init(app, err, sizeof err) != 0) {
        complain(err);
        return -1;
    }
    app->ascii = o->ascii || !utf8;
    app->no_color = o->no_color;
    app->theme = o->theme;
    if (o->dataset) {
        dataset d;
        if (startup_load(o->dataset, &o->columns, &d, err, sizeof err) != 0 ||
            session_load(&app->s, &d, err, sizeof err) != 0) {
            complain(err);
            cmd_app_free(app);
            return -1;
        }
    }
    return 0;
}

/* Runs --lesson in a script or -c run, then the -c commands, then the script (or stdin).
 * Returns the exit status so far. */
static int run_batch(cmd_app *app, const options *o, int then_interactive)
{
    int status = 0;
    repl_batch_signals();
    if (o->lesson) {
        char line[4400];
        lesson_line(line, sizeof line, o->lesson);
        if (repl_run_line(app, line, "--lesson") == -1) {
            status = 1;
        }
    }
    for (int i = 0; i < o->ncmds && status == 0; i++) {
        char where[32];
        snprintf(where, sizeof where, "-c:%d", i + 1);
        int r = repl_run_line(app, o->cmds[i], where);
        if (r == -1) {
            status = 1;
        }
        if (r == CMD_QUIT) {
            break;
        }
    }
    if (status == 0 && !app->quit && (o->script || (o->ncmds == 0 && !then_interactive))) {
        const char *name = o->script ? o->script : "-";
        FILE *f = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
        if (!f) {
            complainf("%.4096s: cannot open: %s", name, strerror(errno));
            return 2;
        }
        status = repl_run_script(app, f, strcmp(name, "-") == 0 ? "stdin" : name);
        if (f != stdin) {
            fclose(f);
        }
    }
    return status;
}

/* Writes what loading the command line's DATASET tells (notes: "\n"-ended lines, or NULL) to f,
 * line by line, with "gradstep: " before each on stderr. */
static void startup_notes(const char *notes, FILE *f)
{
    for (const char *p = notes; p && *p;) {
        size_t n = strcspn(p, "\n");
        fprintf(f, "%s%.*s\n", f == stderr ? "gradstep: " : "", (int)n, p);
        p += n + (p[n] == '\n');
    }
}

/* Runs an interactive mode: --lesson's first page, then the full-screen UI on a capable
 * terminal, else the plain REPL. notes (may be NULL) are what the DATASET's load tells, not
 * yet shown. Returns the exit status. */
static int run_interactive(cmd_app *app, const options *o, const char *lesson, const char *notes)
{
    if (lesson) {
        char line[4400];
        lesson_line(line, sizeof line, lesson);
        app->interactive = 1;
        repl_run_line(app, line, "--lesson");
    }
    const char *term = getenv("TERM");
    int tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    if (o->plain || !tty || !term || strcmp(term, "dumb") == 0) {
        startup_notes(notes, stdout);
        return repl_run_plain(app);
    }
    char err[ERR_LEN];
    if (tui_run(app, notes, err, sizeof err) != 0) {
        if (err[0]) {
            complain(err);
        }
        return 1;  /* no usable terminal, or stopped by SIGTERM/SIGHUP */
    }
    return 0;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");  /* numbers are read and written with a decimal point in every locale */
    options o;
    int status = parse_options(argc, argv, &o);
    if (status >= 0) {
        free(o.cmds);
        dataset_options_free(&o.columns);
        return status;
    }
    cmd_app app;
    int started = start_app(&app, &o);
    dataset_options_free(&o.columns);
    if (started != 0) {
        free(o.cmds);
        return 2;
    }
    const char *notes = app.s.raw.notes;
    status = 0;
    int batch = o.ncmds > 0 || o.script != NULL || !isatty(STDIN_FILENO);
    /* -i: the -c commands and the script prepare a state, then the user takes over */
    int then_interactive = o.stay && (o.ncmds > 0 || o.script != NULL) && isatty(STDIN_FILENO) &&
                           !(o.script && strcmp(o.script, "-") == 0);
    const char *lesson = o.lesson;
    if (batch) {
        startup_notes(notes, stderr);
        notes = NULL;
        status = run_batch(&app, &o, then_interactive);
    }
    if (then_interactive && status == 0 && !app.quit) {
        batch = 0;
        lesson = NULL;  /* it ran above */
    }
    if (!batch) {
        status = run_interactive(&app, &o, lesson, notes);
    }
    cmd_app_free(&app);
    free(o.cmds);
    return stdout_status(status);
}
