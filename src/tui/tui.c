/* tui.c: the full-screen UI's life: terminal setup and restore, signals, the input loop, running commands, animated runs. */
#include "tui.h"
#include "tui_int.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "fmt.h"
#include "errbuf.h"
#include "lesson.h"

tui *tui_current;

/* Set by the signal handlers, so they live at file scope (everything else is in struct tui). */
static volatile sig_atomic_t got_int;
static volatile sig_atomic_t got_term;

static void on_int(int sig)
{
    (void)sig;
    got_int = 1;
}

static void on_term(int sig)
{
    got_term = sig;
}

/* ---- stderr: kept in a temporary file while the screen is up, written out afterwards ---- */

static void capture_stderr(tui *t)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/gradstep-stderr.XXXXXX", dir && *dir ? dir : "/tmp");
    fflush(stderr);
    t->capture_fd = mkstemp(path);
    if (t->capture_fd < 0) {
        /* nowhere to keep it: better lost than written over the screen */
        t->capture_fd = open("/dev/null", O_RDWR);
    } else {
        unlink(path);
    }
    t->saved_stderr = dup(STDERR_FILENO);
    if (t->capture_fd >= 0 && t->saved_stderr >= 0) {
        dup2(t->capture_fd, STDERR_FILENO);
    }
}

static void release_stderr(tui *t)
{
    fflush(stderr);
    if (t->saved_stderr >= 0) {
        dup2(t->saved_stderr, STDERR_FILENO);
        close(t->saved_stderr);
        t->saved_stderr = -1;
    }
    if (t->capture_fd >= 0) {
        if (lseek(t->capture_fd, 0, SEEK_SET) == 0) {
            char buf[4096];
            ssize_t n;
            while ((n = read(t->capture_fd, buf, sizeof buf)) > 0) {
                if (write(STDERR_FILENO, buf, (size_t)n) < 0) {
                    break;
                }
            }
        }
        close(t->capture_fd);
        t->capture_fd = -1;
    }
}

/* ---- drawing ---- */

void tui_mark(tui *t, unsigned panes)
{
    t->dirty |= panes;
}

void tui_message(tui *t, tui_role role, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char raw[sizeof t->msg];
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    /* one line only, and safe for the terminal (text_safe): it may quote anything typed or read */
    for (char *p = raw; *p; p++) {
        if (*p == '\n' || *p == '\t') {
            *p = ' ';
        }
    }
    strbuf safe = {0};
    text_safe(&safe, raw, strlen(raw), 0);
    snprintf(t->msg, sizeof t->msg, "%s", sb_str(&safe));
    sb_free(&safe);
    t->msg_role = role;
    tui_mark(t, 1u << TUI_MSG);
}

static void draw_plot(tui *t)
{
    pane_plot_draw(t, 0);
}

static void draw_plot2(tui *t)
{
    pane_plot_draw(t, 1);
}

/* The panes by id (tui_int.h's TUI_*): what draws each. */
static const struct {
    const char *name;
    void (*draw)(tui *t);
} panes[TUI_NPANES] = {
    [TUI_TITLE] = { "title", pane_title_draw },
    [TUI_DATA] = { "data", pane_data_draw },
    [TUI_PARAMS] = { "params", pane_params_draw },
    [TUI_FORMULA] = { "formula", pane_formula_draw },
    [TUI_PLOT] = { "plot", draw_plot },
    [TUI_PLOT2] = { "plot2", draw_plot2 },
    [TUI_LESSON] = { "lesson", pane_lesson_draw },
    [TUI_NETWORK] = { "network", pane_network_draw },
    [TUI_WEIGHTS] = { "weights", pane_weights_draw },
    [TUI_MSG] = { "msg", pane_msg_draw },
    [TUI_KEYS] = { "keys", pane_keys_draw },
    [TUI_CMD] = { "cmd", tui_rl_draw },
};

void tui_refresh(tui *t)
{
    if (t->too_small) {
        pane_small_draw(t);
        doupdate();
        t->dirty = 0;
        return;
    }
    if (t->clear_below) {
        werase(stdscr);
        wnoutrefresh(stdscr);
        t->clear_below = 0;
    }
    unsigned d = t->dirty;
    for (int id = 0; id < TUI_NPANES; id++) {
        if (!(d & (1u << id)) || !t->win[id]) {
            continue;
        }
        panes[id].draw(t);
        if (id != TUI_CMD) {
            wnoutrefresh(t->win[id]);
        }
    }
    if (t->pop_kind != TUI_POP_NONE && (d & ~(1u << TUI_CMD))) {
        tui_popup_draw(t);
    }
    if (t->win[TUI_CMD]) {
        wnoutrefresh(t->win[TUI_CMD]);
    }
    doupdate();
    t->dirty = 0;
}


static tui_layout_key key_of(tui *t)
{
    tui_layout_key k;
    memset(&k, 0, sizeof k);
    k.x = t->app->s.data.x;
    k.n = t->app->s.data.n;
    k.k = t->app->s.data.k;
    k.lesson = t->app->lesson != NULL;
    k.lesson_page = t->app->lesson ? t->app->lesson->page + 1 : 0;
    if (!k.lesson && t->zoom == TUI_LESSON + 1) {
        t->zoom = 0;  /* the lesson ended while its pane was zoomed */
    }
    if (!t->app->s.net.on && (t->zoom == TUI_NETWORK + 1 || t->zoom == TUI_WEIGHTS + 1)) {
        t->zoom = 0;  /* the network's panes were zoomed and the session went back to one neuron */
    }
    k.zoom = t->zoom;
    k.net = t->app->s.net.on;
    k.net_units = k.net ? t->app->s.net.shape.units : 0;
    k.net_params = k.net ? t->app->s.net.shape.nparams : 0;
    k.plot_boost = t->plot_boost;
    k.digits = t->app->s.digits;
    if (!t->too_small && t->cols > 0) {
        k.params_w = pane_params_width(t, k.digits);
        k.stacked = pane_data_width(t, k.digits) + k.params_w > t->cols;
        /* a figure that needs more room (0.00780 after 0.0000) widens the pane after the
         * command; a narrower one does not narrow it back, so the layout does not flicker */
        if (k.x == t->last_key.x && k.net == t->last_key.net && k.digits == t->last_key.digits &&
            k.params_w < t->last_key.params_w) {
            k.params_w = t->last_key.params_w;
        }
    }
    return k;
}

static void relayout(tui *t)
{
    tui_layout_key k = key_of(t);
    if (k.x != t->last_key.x || k.n != t->last_key.n || k.k != t->last_key.k) {
        t->data_top = t->data_left = t->params_top = 0;
        t->weights_top = t->weights_left = 0;
    }
    if (k.lesson != t->last_key.lesson || k.lesson_page != t->last_key.lesson_page) {
        t->lesson_top = 0;  /* every page opens at its first line */
    }
    t->last_key = k;
    tui_layout(t);
    t->clear_below = 1;
    if (t->cmd_mode) {
        curs_set(1);
    }
}

void tui_handle_resize(tui *t)
{
    clearok(curscr, TRUE);  /* repaint from a cleared screen: the old picture may be reflowed */
    relayout(t);
    tui_rl_resize(t);
    tui_refresh(t);
}

void tui_set_mode(tui *t, int cmd_mode)
{
    t->cmd_mode = cmd_mode;
    curs_set(cmd_mode ? 1 : 0);
    tui_mark(t, (1u << TUI_CMD) | (1u << TUI_KEYS));
}

/* ---- running commands ---- */

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++) {
        if (*s == '\n') {
            n++;
        }
    }
    return n;
}

/* After a command: `plot` gives the Plot pane room; commands about the formula or the panes
 * (explain, derive, focus, zoom, lesson...) give it back; stepping and settings keep it. */
static void follow_plot(tui *t, const char *line)
{
    char word[32];
    size_t n = 0;
    while (*line == ' ' || *line == '\t') {
        line++;
    }
    while (line[n] && line[n] != ' ' && line[n] != '\t' && n + 1 < sizeof word) {
        word[n] = line[n];
        n++;
    }
    word[n] = '\0';
    char err[128];
    const cmd_entry *e = n ? cmd_lookup(word, err, sizeof err) : NULL;
    if (!e) {
        return;
    }
    static const char *const keep[] = {"step", "next", "back", "run", "reset", "print", "set", "keys", "play", NULL};
    if (strcmp(e->name, "plot") == 0) {
        t->plot_boost = 1;
        return;
    }
    for (int i = 0; keep[i]; i++) {
        if (strcmp(e->name, keep[i]) == 0) {
            return;
        }
    }
    t->plot_boost = 0;
}

/* 1 for step, next, back and run (and an empty line, which repeats one), and during a lesson for
 * `lesson` and a typed answer: their output says what the panes already show, so a typed one
 * shows its first line, as a key does, not a popup. */
static int repeats(const cmd_app *app, const char *line)
{
    char word[32];
    size_t n = 0;
    while (*line == ' ' || *line == '\t') {
        line++;
    }
    while (line[n] && line[n] != ' ' && line[n] != '\t' && n + 1 < sizeof word) {
        word[n] = line[n];
        n++;
    }
    word[n] = '\0';
    if (n == 0) {
        return 1;
    }
    char err[128];
    const cmd_entry *e = cmd_lookup(word, err, sizeof err);
    if (app->lesson && (!e || strcmp(e->name, "lesson") == 0)) {
        return strcmp(line + n, " list") != 0 && strncmp(line + n, " list", 5) != 0;
    }
    return e && (e->flags & CMD_REPEATS);
}

/* Shows what a command printed (text, total bytes): on the message line when it is short or a
 * key ran it, in the output popup otherwise; `keys` in the help popup. */
static void show_output(tui *t, const char *shown, const char *line, const char *text, size_t total, int from_key)
{
    cmd_app *app = t->app;
    size_t len = total;
    while (len > 0 && text[len - 1] == '\n') {
        len--;
    }
    int lines = len ? count_lines(text) + (text[total - 1] != '\n') : 0;
    if (len > 0) {
        sb_clear(&t->last_out);
        sb_append(&t->last_out, text, total);
    }
    const char *nl = len ? memchr(text, '\n', len) : NULL;
    int first_w = len ? text_width_n(text, nl ? (size_t)(nl - text) : len, 0) : 0;
    if (len == 0) {
        tui_message(t, TUI_R_DIM, "%s", shown);
    } else if (strcmp(shown, "keys") == 0) {
        tui_popup_open(t, TUI_POP_HELP, "Keys", text);
        tui_message(t, TUI_R_DIM, "keys: ? or q closes the list");
    } else if (lines <= 1 && first_w < t->cols) {
        tui_message(t, TUI_R_NORMAL, "%.*s", (int)len, text);
    } else if (lines <= 3 && text_width_n(text, len, 0) + 3 * (lines - 1) < t->cols) {
        /* a few short lines fit joined on the message line */
        strbuf joined = {0};
        for (size_t i = 0; i < len; i++) {
            if (text[i] == '\n') {
                sb_puts(&joined, t->g->ascii ? "; " : " · ");
            } else {
                sb_append(&joined, text + i, 1);
            }
        }
        tui_message(t, TUI_R_NORMAL, "%s", sb_str(&joined));
        sb_free(&joined);
    } else if (strncmp(text, "gradstep> ", 10) == 0 && app->play) {
        /* a play's command: what ran, and the next one, on the message line */
        const char *last = text + len;
        while (last > text && last[-1] != '\n') {
            last--;
        }
        tui_message(t, TUI_R_NORMAL, "ran: %.*s   %.*s", (int)((nl ? nl : text + len) - text - 10), text + 10,
                    (int)(text + len - last), last);
    } else if (from_key || repeats(app, line)) {
        /* keys show the first line (the panes show the rest); o shows it all */
        tui_message(t, TUI_R_NORMAL, "%.*s%s", (int)(nl ? nl - text : (long)len), text,
                    lines > 1 ? (t->g->ascii ? "  ... (o: all)" : "  … (o: all)") : "");
    } else {
        tui_popup_open(t, TUI_POP_OUTPUT, shown, text);
        /* the count the popup's own "of N" shows: its lines as wrapped, not the text's newlines */
        tui_message(t, TUI_R_DIM, "%s: %zu lines (o shows them again)", shown, tui_popup_line_count(t));
    }
}

/* 1 when the error already begins with the command's first word ("plot boundary: ..." or
 * "plot: ..." for `plot boundary`), so the message line need not name the command again. */
static int err_names_command(const char *err, const char *shown)
{
    size_t word = strcspn(shown, " \t");
    return word > 0 && strncmp(err, shown, word) == 0 && (err[word] == ':' || err[word] == ' ');
}

void tui_exec(tui *t, const char *line, int from_key)
{
    cmd_app *app = t->app;
    strbuf out = {0};
    char err[ERR_LEN];
    const char *shown = *line ? line : (app->last_repeat ? app->last_repeat : "");
    snprintf(t->last_cmd, sizeof t->last_cmd, "%s", shown);
    got_int = 0;
    int r = cmd_execute(app, line, &out, err, sizeof err);
    t->running = 0;
    if (r == 0) {
        follow_plot(t, line);
    }
    strbuf safe = {0};  /* what commands print may quote a file or a name: made safe to show */
    text_safe(&safe, out.buf ? out.buf : "", out.len, TEXT_SAFE_NL | TEXT_SAFE_TAB);
    sb_free(&out);
    out = safe;
    if (r == CMD_QUIT || app->quit) {
        t->quit = 1;
    } else if (r < 0) {
        sb_clear(&t->last_out);
        sb_printf(&t->last_out, "error: %s\n", err);
        if (err_names_command(err, shown)) {
            tui_message(t, TUI_R_ERROR, "%s", err);
        } else {
            tui_message(t, TUI_R_ERROR, "%s: %s", shown, err);
        }
    } else {
        show_output(t, shown, line, sb_str(&out), out.len, from_key);
    }
    sb_free(&out);
    if (app->theme != t->theme_asked) {
        tui_theme_init(t, t->want_color, t->g->ascii);  /* `set theme` */
        clearok(curscr, TRUE);
    }
    tui_layout_key k = key_of(t);
    if (memcmp(&k, &t->last_key, sizeof k) != 0) {
        relayout(t);
    }
    tui_mark(t, TUI_ALL_PANES & ~(1u << TUI_CMD));
    tui_mark(t, 1u << TUI_CMD);
}

/* ---- animated runs ---- */

static long now_ms(void)
{
    return (long)(clock_seconds() * 1000.0);
}

/* The time between two progress redraws: at least want_ms, and long enough that redrawing takes
 * at most a fifth of the time (a redraw on a large dataset evaluates every example). */
static long progress_interval(const tui *t, long want_ms)
{
    return want_ms > 4 * t->last_draw_ms ? want_ms : 4 * t->last_draw_ms;
}

/* How often quiet progress (a long step or load) updates what it shows. */
#define QUIET_EVERY_MS 100

/* Progress of `step N`, `load` and work on every step (compare, save trace): nothing while it is
 * short; past CMD_PROGRESS_QUIET_SECONDS the message line says how far it is (and a step's panes
 * follow the step count). Keys wait for the work to finish; only Ctrl-C stops it. */
static int quiet_progress(tui *t, long done, long total)
{
    cmd_app *app = t->app;
    long now = now_ms();
    if (clock_seconds() - app->progress_started < CMD_PROGRESS_QUIET_SECONDS ||
        (now - t->last_draw < progress_interval(t, QUIET_EVERY_MS) && done != total)) {
        return 0;
    }
    if (app->progress_kind == CMD_PROGRESS_STEPS) {
        tui_message(t, TUI_R_FOCUS, "%s: step %ld of %ld  Ctrl-C stops", app->progress_what, done, total);
        tui_mark(t, 1u << TUI_MSG);
    } else if (app->progress_kind == CMD_PROGRESS_PARAMS) {
        tui_message(t, TUI_R_FOCUS, "%s: parameter %ld of %ld  Ctrl-C stops", app->progress_what,
                    done + 1, total);
        tui_mark(t, 1u << TUI_MSG);
    } else if (app->progress_kind == CMD_PROGRESS_LOAD) {
        tui_message(t, TUI_R_FOCUS, "loading: %ld%% (%.1f of %.1f MB)  Ctrl-C stops",
                    cmd_progress_percent(done, total), (double)done / 1e6,
                    (double)total / 1e6);
        tui_mark(t, 1u << TUI_MSG);
    } else {
        tui_message(t, TUI_R_FOCUS, "step: %ld of %ld updates (step %ld)  Ctrl-C stops", done, total,
                    app->s.step);
        tui_mark(t, TUI_CONTENT_PANES | (1u << TUI_MSG));
    }
    tui_refresh(t);
    t->last_draw = now;
    t->last_draw_ms = now_ms() - now;
    return 0;
}

static int tui_progress(void *ctx, long done, long total)
{
    tui *t = ctx;
    if (got_term) {
        return 1;
    }
    if (got_int) {
        got_int = 0;
        return 1;
    }
    if (t->app->progress_kind != CMD_PROGRESS_RUN) {
        return quiet_progress(t, done, total);
    }
    if (!t->running) {
        t->running = 1;
        t->fast_forward = 0;
        t->last_draw = 0;
        tui_mark(t, (1u << TUI_KEYS) | (1u << TUI_CMD));
    }
    t->run_done = done;
    t->run_total = total;
    if (t->fast_forward) {
        return 0;  /* a key asked the lesson's run to finish at once: no drawing, no waiting */
    }
    /* about two seconds for short runs, as fast as the screen allows for long ones */
    long delay = total > 0 ? 2000 / total : 0;
    if (delay > 40) {
        delay = 40;
    }
    long now = now_ms();
    if (now - t->last_draw >= progress_interval(t, 33) || done == total || delay >= 10) {
        tui_message(t, TUI_R_FOCUS, "run: %ld of %ld updates (step %ld)  %s", done, total, t->app->s.step,
                    t->app->lesson ? "a key finishes it at once, Ctrl-C stops" : "any key or Ctrl-C stops");
        tui_mark(t, TUI_CONTENT_PANES | (1u << TUI_MSG));
        tui_refresh(t);
        t->last_draw_ms = now_ms() - now;
        t->last_draw = now;
    }
    for (;;) {
        /* Looked up each time: a resize below replaces the windows. */
        WINDOW *w = t->win[TUI_CMD] ? t->win[TUI_CMD] : stdscr;
        wtimeout(w, (int)delay);
        wint_t ch;
        int r = wget_wch(w, &ch);
        if (r == ERR) {
            if (got_int) {
                got_int = 0;
                return 1;
            }
            return got_term ? 1 : 0;
        }
        if (r == KEY_CODE_YES && ch == KEY_RESIZE) {
            tui_handle_resize(t);
            continue;
        }
        if (r == KEY_CODE_YES && ch == KEY_MOUSE) {
            MEVENT ev;
            getmouse(&ev);
            continue;
        }
        if (t->app->lesson) {
            /* during a lesson a key finishes the run at once, so the numbers the lesson quotes hold */
            t->fast_forward = 1;
            tui_message(t, TUI_R_FOCUS, "run: finishing at once (the lesson's numbers need the whole run)");
            tui_mark(t, 1u << TUI_MSG);
            tui_refresh(t);
            return 0;
        }
        return 1;  /* any key stops the run */
    }
}

/* ---- idle work ---- */

/* Time spent computing missing costs between two looks at the keyboard. */
#define IDLE_SLICE_SECONDS 0.03

/* The idle fill computes the cost of every step of a history up to this long, and beyond it of
 * every (hist_top+1)/IDLE_COSTS-th step: enough for any plot's columns, without hours of
 * background work after a million steps on a large dataset. */
#define IDLE_COSTS 4096L

static long idle_finest(const session *s)
{
    long f = (s->hist_top + 1) / IDLE_COSTS;
    return f < 1 ? 1 : f;
}

/* 1 when a cost plot is on screen and the cost of a step it wants is not known yet (updates of more
 * than 512 rows skip it; the plot draws what is known). */
static int costs_missing(tui *t)
{
    session *s = &t->app->s;
    return pane_plot_shows_cost(t) && session_cost_unknown(s, idle_finest(s)) > 0;
}

/* Computes missing costs for a slice of time, coarse to fine, and redraws the plots. */
static void fill_costs(tui *t)
{
    session_cost_fill(&t->app->s, idle_finest(&t->app->s), IDLE_SLICE_SECONDS, NULL, NULL);
    tui_mark(t, (1u << TUI_PLOT) | (1u << TUI_PLOT2));
    tui_refresh(t);
}

/* ---- input ---- */

static void on_ctrl_c(tui *t)
{
    if (t->pop_kind != TUI_POP_NONE) {
        tui_popup_close(t);
    }
    if (t->cmd_mode && !tui_rl_line_empty()) {
        tui_rl_clear(t);
        tui_message(t, TUI_R_DIM, "line cleared");
    } else {
        tui_message(t, TUI_R_DIM, "Ctrl-C: nothing to stop (the quit command, or q in one-key mode, quits)");
    }
}

/* A click on a network's Parameters list (one parameter a row from params_top, in trace order)
 * focuses that parameter. */
static void net_params_click(tui *t, int y, int x)
{
    tui_rect r = t->rect[TUI_PARAMS];
    if (r.h == 0 || y < r.y + 2 || y >= r.y + r.h - 1 || x <= r.x || x >= r.x + r.w - 1) {
        return;
    }
    size_t j = t->params_top + (size_t)(y - r.y - 2);
    if (j < session_nparams(&t->app->s)) {
        char name[48], buf[80];
        session_param_name(&t->app->s, j, name, sizeof name);
        snprintf(buf, sizeof buf, "focus %s", name);
        tui_exec(t, buf, 1);
    }
}

static void on_mouse(tui *t)
{
    MEVENT ev;
    if (getmouse(&ev) != OK) {
        return;
    }
    char buf[64];
    size_t i, j;
    if (ev.bstate & (BUTTON4_PRESSED)) {
        tui_exec(t, "focus up", 1);
        return;
    }
#ifdef BUTTON5_PRESSED
    if (ev.bstate & (BUTTON5_PRESSED)) {
        tui_exec(t, "focus down", 1);
        return;
    }
#endif
    if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED))) {
        return;
    }
    if (pane_data_hit(t, ev.y, ev.x, &i, &j)) {
        if (j != (size_t)-1) {
            snprintf(buf, sizeof buf, "focus %zu w%zu", i + 1, j + 1);
        } else {
            snprintf(buf, sizeof buf, "focus %zu", i + 1);
        }
        tui_exec(t, buf, 1);
    } else if (pane_weights_hit(t, ev.y, ev.x, &j)) {
        char name[48];
        session_param_name(&t->app->s, j, name, sizeof name);
        snprintf(buf, sizeof buf, "focus %s", name);
        tui_exec(t, buf, 1);
    } else if (t->app->s.net.on) {
        net_params_click(t, ev.y, ev.x);
    } else if (pane_params_hit(t, ev.y, ev.x, &j)) {
        if (j < t->app->s.data.k) {
            snprintf(buf, sizeof buf, "focus w%zu", j + 1);
        } else {
            snprintf(buf, sizeof buf, "focus b");
        }
        tui_exec(t, buf, 1);
    }
}

static void take_line(tui *t)
{
    if (!t->line_ready) {
        return;
    }
    char *line = t->line;
    t->line = NULL;
    t->line_ready = 0;
    if (!line) {
        tui_exec(t, "quit", 1);  /* Ctrl-D on an empty line quits, as in the plain REPL */
        return;
    }
    tui_rl_history_add(line);
    tui_exec(t, line, 0);
    free(line);
}

static void handle_input(tui *t, int is_key, wint_t ch)
{
    if (is_key && ch == KEY_RESIZE) {
        tui_handle_resize(t);
        return;
    }
    if (t->too_small) {
        if (!is_key && (ch == 'q' || ch == 'Q')) {
            t->quit = 1;
        }
        return;
    }
    if (is_key && ch == KEY_MOUSE) {
        if (t->pop_kind == TUI_POP_COMPLETION) {
            tui_popup_close(t);
        }
        if (t->pop_kind == TUI_POP_NONE) {
            on_mouse(t);
        } else {
            MEVENT ev;
            getmouse(&ev);
        }
        return;
    }
    if (!is_key && ch == 3) {
        on_ctrl_c(t);
        return;
    }
    if (!is_key && ch == 12) {
        /* Ctrl-L: repaint the whole screen (after something else wrote over it) */
        clearok(curscr, TRUE);
        tui_mark(t, TUI_ALL_PANES);
        return;
    }
    if (tui_popup_key(t, is_key, ch)) {
        return;
    }
    if (tui_keys_nav(t, is_key, ch)) {
        return;
    }
    if (!t->cmd_mode) {
        return;
    }
    if (!is_key && ch == 27) {
        /* a lone Esc leaves the command line; Esc followed at once by a key is Alt+key */
        WINDOW *w = t->win[TUI_CMD];
        wtimeout(w, 0);
        wint_t next;
        int r = wget_wch(w, &next);
        if (r == ERR) {
            if (tui_rl_line_empty()) {
                tui_set_mode(t, 0);  /* Esc on an empty line: one-key mode */
            } else {
                tui_rl_clear(t);
            }
            return;
        }
        tui_rl_input(t, 0, 27);
        tui_rl_input(t, r == KEY_CODE_YES, next);
    } else {
        tui_rl_input(t, is_key, ch);
    }
    take_line(t);
}

/* ---- setup and teardown ---- */

static struct sigaction old_int, old_term, old_hup, old_quit, old_pipe;

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_int;
    sigaction(SIGINT, &sa, &old_int);
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    sigaction(SIGQUIT, &sa, &old_quit);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, &old_pipe);
}

static void restore_signals(void)
{
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    sigaction(SIGPIPE, &old_pipe, NULL);
}

static int locale_is_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0 || strcmp(cs, "UTF8") == 0);
}

/* Shows a startup message of one or more lines: joined by "; " on the message line, and kept
 * whole as the last output, which o shows when the line is too narrow for it. */
static void startup_lines(tui *t, const char *text)
{
    strbuf one = { 0 };
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        sb_printf(&one, "%s%.*s", one.len ? "; " : "", (int)n, p);
        p += n + (p[n] == '\n');
    }
    sb_clear(&t->last_out);
    sb_puts(&t->last_out, text);
    if (t->last_out.len && t->last_out.buf[t->last_out.len - 1] != '\n') {
        sb_puts(&t->last_out, "\n");
    }
    tui_message(t, TUI_R_NORMAL, "%s", sb_str(&one));
    sb_free(&one);
}

/* Puts the terminal in the modes the UI needs: keys one at a time, no echo, the mouse. */
static void start_curses(SCREEN *scr)
{
    set_term(scr);
    install_signals();
    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    mouseinterval(0);
    mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
              | BUTTON5_PRESSED
#endif
              , NULL);
}

/* Reads keys until the user quits or a termination signal arrives; between keys, redraws what
 * changed and computes the costs the plot is missing. */
static void event_loop(tui *t)
{
    while (!t->quit) {
        if (got_term) {
            break;
        }
        if (got_int) {
            got_int = 0;
            on_ctrl_c(t);
        }
        struct pollfd pf = { STDIN_FILENO, POLLIN, 0 };
        if (t->dirty && poll(&pf, 1, 0) <= 0) {  /* keys still waiting (a paste): draw once they are read */
            tui_refresh(t);
        }
        WINDOW *w = t->win[TUI_CMD] ? t->win[TUI_CMD] : stdscr;
        int idle_work = costs_missing(t);
        wtimeout(w, idle_work ? 0 : 250);  /* keys first; between them, the idle work */
        wint_t ch;
        int r = wget_wch(w, &ch);
        if (r == ERR) {
            if (idle_work) {
                fill_costs(t);
            }
            continue;
        }
        handle_input(t, r == KEY_CODE_YES, ch);
    }

}

/* Frees the windows, readline's state and the screen, and gives the terminal and stderr back. */
static void close_screen(tui *t, SCREEN *scr)
{
    tui_popup_close(t);
    tui_rl_free(t);
    for (int id = 0; id < TUI_NPANES; id++) {
        if (t->win[id]) {
            delwin(t->win[id]);
            t->win[id] = NULL;
        }
    }
    curs_set(1);
    endwin();
    delscreen(scr);
    restore_signals();
    release_stderr(t);
}

int tui_run(cmd_app *app, const char *startup_message, char *err, size_t errlen)
{
    static tui screen_state;
    tui *t = &screen_state;
    memset(t, 0, sizeof *t);
    t->app = app;
    t->saved_stderr = t->capture_fd = -1;
    int ascii = app->ascii || !locale_is_utf8();
    if (ascii) {
        fmt_set_ascii(1);
    }
    const char *nc = getenv("NO_COLOR");
    int want_color = !app->no_color && !(nc && *nc);

    got_int = 0;
    got_term = 0;
    const char *fgbg = getenv("COLORFGBG");
    if (app->theme == CMD_THEME_AUTO && want_color && !(fgbg && *fgbg)) {
        t->background_light = tui_theme_ask_background();
    }
    capture_stderr(t);
    SCREEN *scr = newterm(NULL, stdout, stdin);
    if (!scr) {
        release_stderr(t);
        const char *term = getenv("TERM");
        snprintf(err, errlen, "cannot start the full-screen UI on TERM=%s (try --plain)", term ? term : "(unset)");
        return -1;
    }
    start_curses(scr);
    t->want_color = want_color;
    tui_theme_init(t, want_color, ascii);

    tui_current = t;
    void *old_ui = app->ui;
    session_progress_fn old_progress = app->progress;
    void *old_ctx = app->progress_ctx;
    int old_interactive = app->interactive;
    app->ui = t;
    app->interactive = 1;
    app->progress = tui_progress;
    app->progress_ctx = t;
    tui_keys_register();

    t->cmd_mode = 1;  /* typing mode: what the user types is a command */
    if (app->s.digits == SESSION_DEFAULT_DIGITS) {
        /* the default precision, chosen once from the width: every pane then uses it */
        app->s.digits = COLS >= 180 ? SESSION_DEFAULT_DIGITS + 2 : COLS >= 140 ? SESSION_DEFAULT_DIGITS + 1
                                                                             : SESSION_DEFAULT_DIGITS;
    }
    t->last_key = key_of(t);
    relayout(t);
    int rc = 0;
    if (tui_rl_init(t, err, errlen) != 0) {
        rc = -1;
        t->quit = 1;
    }
    if (startup_message && *startup_message) {
        startup_lines(t, startup_message);
    } else if (app->lesson) {
        tui_message(t, TUI_R_NORMAL, "A lesson: ] next page, [ page back, answers typed at the prompt, z zooms.");
    } else {
        tui_message(t, TUI_R_NORMAL, "%s loaded (n=%zu, k=%zu). Lessons: type lesson list. Space steps; ? lists keys.",
                    app->s.data.name ? app->s.data.name : "data", app->s.data.n, app->s.data.k);
    }

    event_loop(t);

    int sig = got_term;
    close_screen(t, scr);
    free(t->line);
    sb_free(&t->last_out);
    app->ui = old_ui;
    app->progress = old_progress;
    app->progress_ctx = old_ctx;
    app->interactive = old_interactive;
    tui_current = NULL;
    if (sig && rc == 0) {
        snprintf(err, errlen, "stopped by signal %d (%s)", sig,
                 sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : sig == SIGQUIT ? "SIGQUIT" : "signal");
        rc = -1;
    }
    return rc;
}
