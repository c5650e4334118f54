/* repl.c: the plain REPL (readline's callback interface), script mode and -c, sharing one loop body. */
#include "repl.h"

#include "clock.h"
#include "fileio.h"
#include "text.h"
#include "xmem.h"
#include "errbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

volatile sig_atomic_t repl_interrupted;

static cmd_app *completion_app;

const char *repl_history_path(void)
{
    static char path[4096];
    return file_state_path("history", path, sizeof path);
}

void repl_put_safe(FILE *f, const char *text, unsigned flags)
{
    strbuf sb = { 0 };
    text_safe(&sb, text, strlen(text), flags);
    fwrite(sb_str(&sb), 1, sb.len, f);
    sb_free(&sb);
}

/* Prints an interactive error as "error: MESSAGE" made safe for a terminal; on a terminal,
 * wrapped at spaces to its width (later lines indented), so that a long list of names never
 * breaks inside a name. */
static void report_wrapped(const char *err)
{
    struct winsize ws;
    strbuf line = { 0 };
    sb_puts(&line, "error: ");
    text_safe(&line, err, strlen(err), 0);
    if (isatty(STDERR_FILENO) && ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20 &&
        text_width(sb_str(&line), 0) >= ws.ws_col) {
        strbuf wrapped = { 0 };
        text_wrap(&wrapped, sb_str(&line), ws.ws_col - 1, 4, 0);
        fputs(sb_str(&wrapped), stderr);
        sb_free(&wrapped);
    } else {
        fprintf(stderr, "%s\n", sb_str(&line));
    }
    sb_free(&line);
}

/* Prints a command's output, and its error with the place it came from, made safe for a
 * terminal (text_safe): a dataset's names or a file's name may hold anything. */
static int report(int r, strbuf *out, const char *err, const char *where)
{
    if (out->len) {
        repl_put_safe(stdout, sb_str(out), TEXT_SAFE_NL | TEXT_SAFE_TAB);
        if (out->buf[out->len - 1] != '\n') {
            fputc('\n', stdout);
        }
    }
    char failed[160];
    if (fflush(stdout) != 0 || ferror(stdout)) {
        /* Output that cannot be written (a full disk, a closed pipe) fails the command. */
        snprintf(failed, sizeof failed, "standard output: cannot write: %s", strerror(errno));
        clearerr(stdout);
        err = failed;
        r = -1;
    }
    if (r == -1 && !where) {
        report_wrapped(err);
    } else if (r == -1) {
        repl_put_safe(stderr, where, 0);
        fputs(": error: ", stderr);
        repl_put_safe(stderr, err, 0);
        fputc('\n', stderr);
    }
    return r;
}

int repl_run_line(cmd_app *app, const char *line, const char *where)
{
    strbuf out = { 0 };
    char err[ERR_LEN];
    int r = cmd_execute(app, line, &out, err, sizeof err);
    r = report(r, &out, err, where);
    sb_free(&out);
    return r;
}

/* Reads one line of f into *line (without its newline; a CR before it is dropped too).
 * Returns 1 for a line, 0 at the end, -1 for a read error, -2 when the line holds a NUL byte
 * (found as soon as it is read, so an endless stream of NULs such as /dev/zero stops at once). */
static int read_script_line(FILE *f, char **line, size_t *cap)
{
    size_t len = 0;
    int c;
    while ((c = getc(f)) != EOF && c != '\n') {
        if (c == '\0') {
            return -2;
        }
        if (len + 2 > *cap) {
            *cap = *cap ? *cap * 2 : 256;
            *line = xrealloc(*line, *cap);
        }
        (*line)[len++] = (char)c;
    }
    if (c == EOF && (ferror(f) || len == 0)) {
        return ferror(f) ? -1 : 0;
    }
    if (len > 0 && (*line)[len - 1] == '\r') {
        len--;
    }
    if (!*line) {
        *cap = 256;
        *line = xmalloc(*cap);
    }
    (*line)[len] = '\0';
    return 1;
}

int repl_run_script(cmd_app *app, FILE *f, const char *name)
{
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    int status = 0, got;
    char *shown = text_safe_dup(name);
    name = shown ? shown : "script";
    while ((got = read_script_line(f, &line, &cap)) == 1) {
        lineno++;
        char where[4200];
        snprintf(where, sizeof where, "%s:%ld", name, lineno);
        int r = repl_run_line(app, line, where);
        if (r == -1) {
            status = 1;
            break;
        }
        if (r == CMD_QUIT) {
            break;
        }
    }
    if (got == -2) {
        fprintf(stderr, "%s:%ld: error: the line holds a NUL byte\n", name, lineno + 1);
        status = 1;
    } else if (got == -1) {
        /* A directory or an unreadable device: say so rather than end as if the script were empty. */
        fprintf(stderr, "%s:%ld: error: cannot read: %s\n", name, lineno + 1, strerror(errno));
        status = 1;
    }
    free(line);
    free(shown);
    return status;
}

/* SIGTERM, SIGINT or SIGHUP in script or -c mode: the program ends as the signal asks, but
 * first removes the temporary file of a save under way. */
static void on_batch_signal(int sig)
{
    file_remove_pending();
    signal(sig, SIG_DFL);
    raise(sig);
}

void repl_batch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_batch_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* ---- the plain REPL ---- */

static int repl_done;
static cmd_app *repl_app;
static double progress_last;  /* when progress was last written (clock_seconds) */
static int progress_shown;  /* the present line's progress has been written to stderr */

static volatile sig_atomic_t repl_terminated;

static void on_sigint(int sig)
{
    (void)sig;
    repl_interrupted = 1;
}

/* SIGTERM and SIGHUP: leave the loop so that the terminal and the history are put right. */
static void on_terminate(int sig)
{
    (void)sig;
    repl_terminated = 1;
    repl_interrupted = 1;
}

/* Shows run progress on stderr about ten times a second; stops on Ctrl-C. */
static int plain_progress(void *ctx, long done, long total)
{
    (void)ctx;
    if (repl_interrupted) {
        repl_interrupted = 0;
        fputs("\r\033[K", stderr);
        return 1;
    }
    double now = clock_seconds(), dt = now - progress_last;
    /* `step N` and `load` show nothing until they have taken a while; `run N` shows its progress
     * from the start. */
    int kind = repl_app ? repl_app->progress_kind : CMD_PROGRESS_RUN;
    int quiet = kind != CMD_PROGRESS_RUN;
    if (quiet && (now - repl_app->progress_started < CMD_PROGRESS_QUIET_SECONDS ||
                  (done == total && !progress_shown))) {
        return 0;
    }
    if (dt > 0.1 || done == total) {
        progress_last = now;
        progress_shown = 1;
        if (kind == CMD_PROGRESS_STEPS) {
            fprintf(stderr, "\r%s: step %ld/%ld (Ctrl-C stops)", repl_app->progress_what, done, total);
        } else if (kind == CMD_PROGRESS_PARAMS) {
            fprintf(stderr, "\r%s: parameter %ld/%ld (Ctrl-C stops)", repl_app->progress_what, done + 1, total);
        } else if (kind == CMD_PROGRESS_LOAD) {
            fprintf(stderr, "\rloading: %ld%% (Ctrl-C stops)", cmd_progress_percent(done, total));
        } else {
            fprintf(stderr, "\r%s: %ld/%ld (Ctrl-C stops)", quiet ? "step" : "run", done, total);
        }
        if (done == total) {
            fputs("\r\033[K", stderr);
        }
        fflush(stderr);
    }
    return 0;
}

static void on_line(char *line)
{
    if (!line) {
        repl_done = 1;
        rl_callback_handler_remove();
        fputc('\n', stdout);
        return;
    }
    if (*line) {
        add_history(line);
        const char *hist = repl_history_path();
        if (hist && append_history(1, hist) != 0) {
            write_history(hist);  /* the first line: the file does not exist yet */
        }
    }
    repl_interrupted = 0;
    progress_last = clock_seconds();
    progress_shown = 0;
    if (repl_run_line(repl_app, line, NULL) == CMD_QUIT || repl_terminated) {
        repl_done = 1;
        /* Removed here, readline does not draw "gradstep> " again for a line that never comes. */
        rl_callback_handler_remove();
    }
    free(line);
}

static char **completion_list;
static size_t completion_index;

static char *completion_next(const char *text, int state)
{
    (void)text;
    if (state == 0) {
        completion_index = 0;
    }
    if (!completion_list || !completion_list[completion_index]) {
        return NULL;
    }
    return strdup(completion_list[completion_index++]);
}

static char **attempt_completion(const char *text, int start, int end)
{
    (void)end;
    char *before = strndup(rl_line_buffer, (size_t)start);
    if (!before) {
        return NULL;
    }
    char **list = cmd_complete(completion_app, before, text);
    free(before);
    if (!list) {
        return NULL;  /* file names */
    }
    rl_attempted_completion_over = 1;
    completion_list = list;
    char **matches = rl_completion_matches(text, completion_next);
    /* A unique word that asks for more (target=, n=, a directory's "/", a list's ",") takes no space. */
    size_t mlen = matches && matches[0] && !matches[1] ? strlen(matches[0]) : 0;
    if (mlen && strchr("=,/", matches[0][mlen - 1])) {
        rl_completion_append_character = '\0';
    }
    for (char **p = list; *p; p++) {
        free(*p);
    }
    free(list);
    completion_list = NULL;
    return matches;
}

void repl_install_completion(cmd_app *app)
{
    completion_app = app;
    rl_attempted_completion_function = attempt_completion;
    rl_basic_word_break_characters = " \t";
}

int repl_run_plain(cmd_app *app)
{
    repl_app = app;
    app->interactive = 1;
    app->progress = plain_progress;
    rl_readline_name = "gradstep";
    rl_catch_signals = 0;
    repl_install_completion(app);
    const char *hist = repl_history_path();
    if (hist) {
        read_history(hist);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_terminate;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    printf("gradstep: %s loaded (n = %zu, k = %zu). Type help for the commands, quit to leave.\n",
           app->s.data.name, app->s.data.n, app->s.data.k);
    rl_callback_handler_install("gradstep> ", on_line);
    repl_done = 0;
    while (!repl_done && !repl_terminated) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(fileno(rl_instream ? rl_instream : stdin), &fds);
        int r = select(fileno(rl_instream ? rl_instream : stdin) + 1, &fds, NULL, NULL, NULL);
        if (r < 0) {
            if (errno == EINTR && repl_interrupted) {
                /* Ctrl-C: clear the line, never exit. */
                repl_interrupted = 0;
                rl_free_line_state();
                rl_callback_sigcleanup();
                rl_replace_line("", 0);
                rl_crlf();
                rl_on_new_line();
                rl_redisplay();
            }
            continue;
        }
        rl_callback_read_char();
    }
    if (!repl_done) {
        rl_callback_handler_remove();
    }
    if (repl_terminated) {
        fputc('\n', stdout);
    }
    if (hist) {
        history_truncate_file(hist, 2000);
    }
    return 0;
}
