/* keys.c: the key bindings (each a command string run through the command table), the key bar, and the `keys` command. */
#include "tui_int.h"

#include <stdio.h>
#include <string.h>

#include "plot.h"

/* One binding: a key (a character, or a curses KEY_ code when is_key), the command it runs,
 * and what the key bar and the help call it. */
typedef struct {
    int is_key;
    wint_t ch;
    const char *command;   /* NULL: a UI action handled in tui_keys_nav */
    const char *label;     /* key name as shown */
    const char *what;      /* what it does */
    int bar;               /* 1..9: shown in the key bar, most important first; 0: help only */
} binding;

/* The commands the keys run; "plot next" is turned into the next view's name. */
static const binding bindings[] = {
    {0, ' ', "step", "Space", "step: one whole update", 1},
    {0, 'n', "next", "n", "next term: add one example's term (micro-step)", 2},
    {0, 'b', "back", "b", "back: undo one term or one update", 3},
    {0, 'r', "run 100", "r", "run 100 updates, animated (any key stops)", 5},
    {1, KEY_UP, "focus up", "Up", "focus the example above", 0},
    {1, KEY_DOWN, "focus down", "Down", "focus the example below", 0},
    {1, KEY_LEFT, "focus left", "Left", "focus the parameter before (w1..wk, b)", 0},
    {1, KEY_RIGHT, "focus right", "Right", "focus the next parameter", 0},
    {0, 'p', "plot next", "p", "plot: show the next view (cost, sigmoid, sigma', boundary)", 6},
    {0, 'o', NULL, "o", "output: show the last command's whole output again", 0},
    {0, '?', "keys", "?", "help: this list (again to close)", 7},
    {0, ':', NULL, ":", "command: type a command (any other letter starts one too)", 8},
    {0, '\n', NULL, "Enter", "repeat the last step, next, back or run", 0},
    {0, 'q', "quit", "q", "quit gradstep", 9},
    {0, ']', "lesson next", "]", "lesson: next page (while a lesson runs)", 0},
    {0, '[', "lesson back", "[", "lesson: page before", 0},
    {1, KEY_F(1), "keys", "F1", "help (also while typing)", 0},
    {1, KEY_F(5), "step", "F5", "step (also while typing)", 0},
    {1, KEY_F(6), "next", "F6", "next term (also while typing)", 0},
    {1, KEY_F(7), "back", "F7", "back (also while typing)", 0},
    {1, KEY_F(8), "run 100", "F8", "run 100 (also while typing)", 0},
    {1, KEY_F(9), "plot next", "F9", "next plot view (also while typing)", 0},
    {1, KEY_F(10), "quit", "F10", "quit (also while typing)", 0},
};
#define NBIND (sizeof bindings / sizeof bindings[0])

/* Builds "plot VIEW" for the view after the present one (skipping the boundary when k != 2). */
static void next_plot(tui *t, char *buf, size_t len)
{
    int v = t->app->plot_view;
    for (int tries = 0; tries < PLOT_VIEW_COUNT; tries++) {
        v = (v + 1 + PLOT_VIEW_COUNT) % PLOT_VIEW_COUNT;
        if (v == PLOT_BOUNDARY && t->app->s.data.k != 2) {
            continue;
        }
        break;
    }
    snprintf(buf, len, "plot %s", plot_view_name(v));
}

static void run_binding(tui *t, const binding *b)
{
    if (b->command && strcmp(b->command, "plot next") == 0) {
        char buf[64];
        next_plot(t, buf, sizeof buf);
        tui_exec(t, buf, 1);
    } else if (b->command) {
        tui_exec(t, b->command, 1);
    }
}

/* Function keys work in both modes; they return 1 when handled. */
static int function_key(tui *t, wint_t ch)
{
    for (size_t i = 0; i < NBIND; i++) {
        if (bindings[i].is_key && bindings[i].ch == ch && ch >= KEY_F(1) && ch <= KEY_F(12)) {
            run_binding(t, &bindings[i]);
            return 1;
        }
    }
    return 0;
}

int tui_keys_nav(tui *t, int is_key, wint_t ch)
{
    if (is_key && function_key(t, ch)) {
        return 1;
    }
    if (t->cmd_mode) {
        return 0;
    }
    session *s = &t->app->s;
    if (is_key) {
        char buf[64];
        size_t n = s->data.n;
        int page = t->rect[TUI_DATA].h > 4 ? t->rect[TUI_DATA].h - 4 : 1;
        switch (ch) {
        case KEY_PPAGE:
        case KEY_NPAGE:
            if (t->app->lesson && t->rect[TUI_LESSON].h > 0) {
                int lp = t->rect[TUI_LESSON].h - 3;
                t->lesson_top += ch == KEY_NPAGE ? lp : -lp;
                if (t->lesson_top < 0) {
                    t->lesson_top = 0;
                }
                tui_mark(t, 1u << TUI_LESSON);
                return 1;
            }
            if (ch == KEY_NPAGE) {
                size_t i = s->focus_i + (size_t)page < n ? s->focus_i + (size_t)page : n - 1;
                snprintf(buf, sizeof buf, "focus %zu", i + 1);
            } else {
                size_t i = s->focus_i > (size_t)page ? s->focus_i - (size_t)page : 0;
                snprintf(buf, sizeof buf, "focus %zu", i + 1);
            }
            tui_exec(t, buf, 1);
            return 1;
        case KEY_HOME:
            tui_exec(t, "focus 1", 1);
            return 1;
        case KEY_END:
            snprintf(buf, sizeof buf, "focus %zu", n);
            tui_exec(t, buf, 1);
            return 1;
        case KEY_ENTER:
            ch = '\n';
            is_key = 0;
            break;
        default:
            break;
        }
    }
    if (!is_key && ch == '\r') {
        ch = '\n';
    }
    for (size_t i = 0; i < NBIND; i++) {
        const binding *b = &bindings[i];
        if (b->is_key != is_key || b->ch != ch) {
            continue;
        }
        if (b->command) {
            if ((ch == '[' || ch == ']') && !t->app->lesson) {
                break;  /* without a lesson these start a command like any other character */
            }
            run_binding(t, b);
            return 1;
        }
        switch (ch) {
        case ':':
            tui_set_mode(t, 1);
            return 1;
        case 'o':
            if (t->last_out.len > 0) {
                tui_popup_open(t, TUI_POP_OUTPUT, t->last_cmd, sb_str(&t->last_out));
            } else {
                tui_message(t, TUI_R_DIM, "no output yet");
            }
            return 1;
        case '\n':
            if (t->app->last_repeat) {
                tui_exec(t, "", 1);
            } else {
                tui_message(t, TUI_R_DIM, "Enter repeats the last step, next, back or run: none yet (Space steps)");
            }
            return 1;
        default:
            return 1;
        }
    }
    if (is_key) {
        if (ch == KEY_RESIZE || ch == KEY_MOUSE) {
            return 0;
        }
        return 1;  /* other special keys do nothing here */
    }
    if (ch == 27) {
        return 1;  /* Esc: already in key mode */
    }
    if (ch == 3) {
        return 1;
    }
    /* any other character starts a command with it */
    if (ch >= 32 && ch != 127) {
        tui_set_mode(t, 1);
        return 0;
    }
    return 1;
}

void tui_keys_help(tui *t, strbuf *out)
{
    (void)t;
    sb_puts(out, "Keys (when the command line is not open):\n");
    for (size_t i = 0; i < NBIND; i++) {
        sb_printf(out, "  %-6s %s\n", bindings[i].label, bindings[i].what);
    }
    sb_puts(out, "\nOn the command line (opened by : or by typing any other letter):\n"
                 "  Enter  run the command (empty: repeat the last step, next, back or run)\n"
                 "  Esc    close the command line     Ctrl-C  clear it\n"
                 "  Tab    complete                   Up/Down history      Ctrl-R  search history\n"
                 "\nWhile `run` animates, any key or Ctrl-C stops it.\n"
                 "Mouse: a click on a Data or Parameters row focuses it (Shift+drag selects text).\n"
                 "Every key runs a command through the same table as typed commands: `help` lists\n"
                 "them, `help CMD` explains one.\n");
}

static int exec_keys(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    (void)argv;
    (void)err;
    (void)errlen;
    if (!app->ui) {
        sb_puts(out, "keys: the key bindings belong to the full-screen UI\n");
        return 0;
    }
    tui_keys_help((tui *)app->ui, out);
    return 0;
}

static const cmd_entry ui_cmds[] = {
    {
        .name = "keys",
        .summary = "list the keys of the full-screen UI and the commands they run",
        .help = "Shows which key runs which command (Space step, n next, b back, r run 100, arrows focus...).",
        .example = "keys",
        .min_args = 0,
        .max_args = 0,
        .exec = exec_keys,
    },
    { .name = NULL },
};

void tui_keys_register(void)
{
    static int done;
    if (done) {
        return;
    }
    char err[128];
    const cmd_entry *e = cmd_lookup("keys", err, sizeof err);
    if (!e || strcmp(e->name, "keys") != 0) {
        cmd_register_table(ui_cmds);
    }
    done = 1;
}

/* Key bar entries: the key, what it does, and a shorter word for narrow terminals. */
typedef struct {
    const char *key, *what, *brief;
} bar_item;

static int items_width(const bar_item *items, size_t n, int brief)
{
    int x = 1;
    for (size_t i = 0; i < n; i++) {
        const char *what = brief && items[i].brief ? items[i].brief : items[i].what;
        x += tui_width(items[i].key) + 1 + tui_width(what) + 2;
    }
    return x - 2;
}

static void draw_items(tui *t, WINDOW *w, const bar_item *items, size_t n)
{
    int W = getmaxx(w);
    int brief = items_width(items, n, 0) > W;
    int x = 1;
    for (size_t i = 0; i < n; i++) {
        const char *what = brief && items[i].brief ? items[i].brief : items[i].what;
        int need = tui_width(items[i].key) + 1 + tui_width(what);
        if (x + need > W) {
            break;
        }
        x += tui_put(w, 0, x, W - x, items[i].key, tui_attr(t, TUI_R_KEY));
        x += tui_put(w, 0, x, W - x, " ", A_NORMAL);
        x += tui_put(w, 0, x, W - x, what, A_NORMAL);
        x += tui_put(w, 0, x, W - x, "  ", A_NORMAL);
    }
}

void pane_keys_draw(tui *t)
{
    WINDOW *w = t->win[TUI_KEYS];
    if (!w) {
        return;
    }
    werase(w);
    const int a = t->g->ascii;
    if (t->running) {
        bar_item items[] = {{"any key", "or", NULL}, {"Ctrl-C", "stops the run", NULL}};
        draw_items(t, w, items, 2);
        return;
    }
    if (t->pop_kind == TUI_POP_OUTPUT || t->pop_kind == TUI_POP_HELP) {
        bar_item items[] = {{a ? "up/down" : "↑↓", "scroll", NULL}, {"PgUp PgDn", "page", NULL},
                            {"q Esc Enter", "close", NULL}, {"other keys", "close and act", NULL}};
        draw_items(t, w, items, 4);
        return;
    }
    if (t->cmd_mode) {
        bar_item items[] = {{"Enter", "run", NULL}, {"Esc", "back to keys", "keys"}, {"Tab", "complete", NULL},
                            {a ? "up/down" : "↑↓", "history", NULL}, {"Ctrl-R", "search", NULL},
                            {"Ctrl-C", "clear", NULL}, {"F5", "step", NULL}};
        draw_items(t, w, items, 7);
        return;
    }
    if (t->app->lesson) {
        bar_item items[] = {{"Space", "step", NULL}, {"n", "next term", "next"}, {"b", "back", NULL},
                            {"]", "next page", "page"}, {"[", "page back", "back"},
                            {a ? "arrows" : "←↑↓→", "focus", NULL}, {"?", "help", NULL},
                            {":", "command", "cmd"}, {"q", "quit", NULL}};
        draw_items(t, w, items, 9);
        return;
    }
    bar_item items[] = {{"Space", "step", NULL}, {"n", "next term", "next"}, {"b", "back", NULL},
                        {"r", "run", NULL}, {a ? "arrows" : "←↑↓→", "focus", NULL}, {"p", "plot", NULL},
                        {"?", "help", NULL}, {":", "command", "cmd"}, {"q", "quit", NULL},
                        {"o", "output", NULL}, {"Enter", "repeat", NULL}};
    draw_items(t, w, items, 11);
}
