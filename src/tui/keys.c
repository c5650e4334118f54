/* keys.c: the key bindings (each a command string run through the command table), the key bar, and the `keys` command. */
#include "tui_int.h"

#include <stdio.h>
#include <string.h>

#include "plot.h"
#include "errbuf.h"

/* One binding: a key (a character, or a curses KEY_ code when is_key), the command it runs,
 * and what the key bar and the help call it. */
typedef struct {
    int is_key;
    wint_t ch;
    const char *command;   /* NULL: a UI action handled in tui_keys_nav */
    const char *label;     /* key name as shown; NULL: not listed on its own */
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
    {1, KEY_LEFT, "focus left", "Left", "focus the parameter before (w1..wk, b; a network: along k, row by row)", 0},
    {1, KEY_RIGHT, "focus right", "Right", "focus the next parameter", 0},
    {0, '<', "focus in", "<", "network: the layer toward the input (Shift-Left too)", 0},
    {0, '>', "focus out", ">", "network: the layer toward the output (Shift-Right too)", 0},
    {0, ',', "focus above", ",", "network: the neuron above, row j-1 of w^l (Shift-Up too)", 0},
    {0, '.', "focus below", ".", "network: the neuron below, row j+1 of w^l (Shift-Down too)", 0},
    {1, KEY_SLEFT, "focus in", NULL, NULL, 0},
    {1, KEY_SRIGHT, "focus out", NULL, NULL, 0},
    {1, KEY_SR, "focus above", NULL, NULL, 0},
    {1, KEY_SF, "focus below", NULL, NULL, 0},
    {0, 'p', "plot next", "p", "plot: show the next view that applies (cost, sigmoid, sigma', boundary, weights, input)", 6},
    {0, 'o', NULL, "o", "output: show the last command's whole output again", 0},
    {0, '?', "keys", "?", "help: this list (again to close)", 7},
    {0, ':', NULL, ":", "back to typing commands (Esc too; any other letter starts one)", 8},
    {0, '\n', NULL, "Enter", "repeat the last step, next, back or run", 0},
    {0, 'z', "zoom next", "z", "zoom: show the next pane on the whole screen (Esc: back)", 0},
    {0, 'q', NULL, "q", "quit gradstep (asks first when there are steps to lose)", 9},
    {0, ']', "lesson next", "]", "lesson: next page (while a lesson runs)", 0},
    {0, '[', "lesson back", "[", "lesson: page before", 0},
    {1, KEY_F(1), "keys", "F1", "help (also while typing)", 0},
    {1, KEY_F(2), "zoom next", "F2", "zoom the next pane (also while typing)", 0},
    {1, KEY_F(5), "step", "F5", "step (also while typing)", 0},
    {1, KEY_F(6), "next", "F6", "next term (also while typing)", 0},
    {1, KEY_F(7), "back", "F7", "back (also while typing)", 0},
    {1, KEY_F(8), "run 100", "F8", "run 100 (also while typing)", 0},
    {1, KEY_F(9), "plot next", "F9", "next plot view (also while typing)", 0},
    {1, KEY_F(10), NULL, "F10", "quit, asking first as q does (also while typing)", 0},
};
#define NBIND (sizeof bindings / sizeof bindings[0])

/* Builds "plot VIEW" for the view after the present one, skipping those that do not apply
 * (plot_view_applies: the boundary when k != 2, the sigma curves in network mode, ...). */
static void next_plot(tui *t, char *buf, size_t len)
{
    int v = t->app->plot_view;
    for (int tries = 0; tries < PLOT_VIEW_COUNT; tries++) {
        v = (v + 1 + PLOT_VIEW_COUNT) % PLOT_VIEW_COUNT;
        if (plot_view_applies(&t->app->s, v)) {
            break;
        }
    }
    snprintf(buf, len, "plot %s", plot_view_name(v));
}

static void run_binding(tui *t, const binding *b)
{
    if (t->app->play && !b->is_key && b->ch == ' ') {
        tui_exec(t, "play next", 1);  /* a play runs its next command on Space */
        return;
    }
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
            if (!bindings[i].command) {
                tui_keys_ask_quit(t);
                return 1;
            }
            run_binding(t, &bindings[i]);
            return 1;
        }
    }
    return 0;
}

int tui_has_history(const tui *t)
{
    const session *s = &t->app->s;
    return s->step > 0 || s->hist_top > 0 || s->pending > 0;
}

void tui_keys_ask_quit(tui *t)
{
    if (!tui_has_history(t)) {
        tui_exec(t, "quit", 1);
        return;
    }
    t->confirm_quit = 1;
    tui_message(t, TUI_R_FOCUS, "Quit and lose the history of %ld step%s? y quits, n (or any other key) stays",
                t->app->s.hist_top, t->app->s.hist_top == 1 ? "" : "s");
    tui_mark(t, 1u << TUI_KEYS);
}

/* The answer to "Quit ...?": y quits, anything else keeps the session. */
static int confirm_key(tui *t, int is_key, wint_t ch)
{
    t->confirm_quit = 0;
    tui_mark(t, 1u << TUI_KEYS);
    if (!is_key && (ch == 'y' || ch == 'Y')) {
        tui_exec(t, "quit", 1);
    } else {
        tui_message(t, TUI_R_DIM, "not quitting: the session stays as it was");
    }
    return 1;
}

/* PgUp/PgDn scroll the lesson page while a lesson shows, else move the focus a page;
 * Home/End focus the first or last example. */
static int page_key(tui *t, wint_t ch)
{
    session *s = &t->app->s;
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
    default:
        return 0;
    }
}

static void enter_key(tui *t)
{
    if (t->app->play && !t->app->lesson) {
        tui_exec(t, "play next", 1);
    } else if (t->app->last_repeat) {
        tui_exec(t, "", 1);
    } else {
        tui_message(t, TUI_R_DIM, "Enter repeats the last step, next, back or run: none yet (Space steps)");
    }
}

/* Typing mode: only keys that cannot begin a command act, and only on an empty line:
 * Space, Enter, ?, ] and [ (during a lesson), PgUp/PgDn/Home/End. Everything else is typed. */
static int typing_key(tui *t, int is_key, wint_t ch)
{
    if (!tui_rl_line_empty()) {
        return 0;
    }
    if (is_key) {
        if (ch == KEY_ENTER) {
            enter_key(t);
            return 1;
        }
        return page_key(t, ch);
    }
    switch (ch) {
    case ' ':
        tui_exec(t, t->app->play ? "play next" : "step", 1);
        return 1;
    case '\r':
    case '\n':
        enter_key(t);
        return 1;
    case '?':
        tui_exec(t, "keys", 1);
        return 1;
    case ':':
        return 1;  /* the old way to open the command line: it is always open here */
    case ']':
    case '[':
        if (t->app->lesson) {
            tui_exec(t, ch == ']' ? "lesson next" : "lesson back", 1);
            return 1;
        }
        return 0;
    default:
        return 0;
    }
}

/* One-key mode: every binding acts; `:` or Esc goes back to typing, and any other character
 * goes back to typing with that character. */
static int one_key(tui *t, int is_key, wint_t ch)
{
    if (is_key) {
        if (ch == KEY_ENTER) {
            enter_key(t);
            return 1;
        }
        if (page_key(t, ch)) {
            return 1;
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
        if ((ch == '[' || ch == ']') && !t->app->lesson) {
            break;  /* without a lesson these are typed like any other character */
        }
        if (!is_key && strchr("<>,.", (int)ch) && !t->app->s.net.on) {
            break;  /* the network's focus keys: for one neuron they are typed */
        }
        if (b->command) {
            run_binding(t, b);
            return 1;
        }
        switch (ch) {
        case ':':
            tui_set_mode(t, 1);
            return 1;
        case 'q':
            tui_keys_ask_quit(t);
            return 1;
        case 'o':
            if (t->last_out.len > 0) {
                tui_popup_open(t, TUI_POP_OUTPUT, t->last_cmd, sb_str(&t->last_out));
            } else {
                tui_message(t, TUI_R_DIM, "no output yet");
            }
            return 1;
        case '\n':
            enter_key(t);
            return 1;
        default:
            return 1;
        }
    }
    if (is_key) {
        return (ch == KEY_RESIZE || ch == KEY_MOUSE) ? 0 : 1;
    }
    if (ch == 27) {
        if (t->zoom) {
            tui_exec(t, "zoom off", 1);
        } else {
            tui_set_mode(t, 1);
        }
        return 1;
    }
    if (ch >= 32 && ch != 127) {
        tui_set_mode(t, 1);  /* not a key: it starts a command */
        return 0;
    }
    return 1;
}

int tui_keys_nav(tui *t, int is_key, wint_t ch)
{
    if (t->confirm_quit && !(is_key && (ch == KEY_RESIZE || ch == KEY_MOUSE))) {
        return confirm_key(t, is_key, ch);
    }
    if (is_key && function_key(t, ch)) {
        return 1;
    }
    return t->cmd_mode ? typing_key(t, is_key, ch) : one_key(t, is_key, ch);
}

void tui_keys_help(tui *t, strbuf *out)
{
    (void)t;
    sb_puts(out, "Typing mode (the prompt reads gradstep>): what you type is a command.\n"
                 "On an empty line these keys act at once (no command begins with them):\n"
                 "  Space  step            Enter  repeat the last step, next, back or run\n"
                 "  ?      this list       ] [    lesson: next page, page back (while a lesson runs)\n"
                 "  PgUp PgDn  scroll the lesson page, or move the focus a page\n"
                 "  Home End   focus the first or last example\n"
                 "  Esc    one-key mode (letters below act as keys)\n"
                 "While typing: Enter runs the line, Tab completes, Up/Down walk the history,\n"
                 "Ctrl-R searches it, Ctrl-C clears the line, Esc clears it, Ctrl-D on an empty\n"
                 "line quits, Ctrl-L repaints the screen.\n"
                 "\nOne-key mode (the prompt reads keys>; Esc or : goes back to typing):\n");
    for (size_t i = 0; i < NBIND; i++) {
        if (bindings[i].label) {  /* the Shift-arrows are named with the keys they double */
            sb_printf(out, "  %-6s %s\n", bindings[i].label, bindings[i].what);
        }
    }
    sb_puts(out, "  PgUp PgDn Home End  as in typing mode\n"
                 "\nWhile `run` animates, any key or Ctrl-C stops it; during a lesson a key\n"
                 "finishes the run at once instead, so the lesson's numbers hold.\n"
                 "When q asks whether to quit, y quits and any other key stays.\n"
                 "Ctrl-L repaints the screen. Colours: set theme light (a white screen), dark, mono.\n"
                 "Network mode: Left/Right walk the weights in trace order (along k, row by row),\n"
                 "< > (or Shift-Left/Right) the layer toward the input/output, , . (or Shift-Up/Down)\n"
                 "the neuron above/below (row j of w^l); Up/Down the example whose a and delta show.\n"
                 "zoom PANE (plot, formula, data, params, lesson, network, weights) or z/F2 shows one\n"
                 "pane on the whole screen; Esc or zoom off puts them all back.\n"
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

/* The panes `zoom` can show alone, in the order `zoom next` (the z key) goes through them. */
static const struct {
    const char *name;
    int id;
} zoomable[] = {
    {"plot", TUI_PLOT}, {"formula", TUI_FORMULA}, {"data", TUI_DATA}, {"params", TUI_PARAMS},
    {"lesson", TUI_LESSON}, {"network", TUI_NETWORK}, {"weights", TUI_WEIGHTS},
};
#define NZOOM (sizeof zoomable / sizeof zoomable[0])

/* The zoom index after the present one: the next pane, or 0 (no zoom) after the last. */
static int zoom_after(const tui *t)
{
    size_t at = 0;
    for (size_t i = 0; i < NZOOM; i++) {
        if (t->zoom == zoomable[i].id + 1) {
            at = i + 1;
        }
    }
    for (size_t i = at; i < NZOOM; i++) {
        int id = zoomable[i].id;
        if ((id != TUI_LESSON || t->app->lesson) && ((id != TUI_NETWORK && id != TUI_WEIGHTS) || t->app->s.net.on)) {
            return id + 1;
        }
    }
    return 0;
}

static int exec_zoom(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    tui *t = app->ui;
    if (!t) {
        snprintf(err, errlen, "zoom: panes belong to the full-screen UI");
        return -1;
    }
    const char *what = argc > 0 ? argv[0] : "next";
    int z = -1;
    if (strcmp(what, "next") == 0) {
        z = zoom_after(t);
    } else if (strcmp(what, "off") == 0) {
        z = 0;
    } else {
        for (size_t i = 0; i < NZOOM; i++) {
            if (strncmp(zoomable[i].name, what, strlen(what)) == 0) {
                z = zoomable[i].id + 1;
                break;
            }
        }
    }
    if (z < 0) {
        static const char *const panes[] = { "plot", "formula", "data", "params", "lesson", "network", "weights",
                                             "next", "off", NULL };
        snprintf(err, errlen, "zoom: \"%s\" is not a pane: write plot, formula, data, params, lesson, network, "
                 "weights, next or off", what);
        cmd_suggest_word(err, errlen, what, panes);
        return -1;
    }
    if (z == TUI_LESSON + 1 && !app->lesson) {
        snprintf(err, errlen, "zoom: no lesson is running (lesson list shows them)");
        return -1;
    }
    if ((z == TUI_NETWORK + 1 || z == TUI_WEIGHTS + 1) && !app->s.net.on) {
        snprintf(err, errlen, "zoom: the network and weights panes show a network (set hidden 2 makes one)");
        return -1;
    }
    t->zoom = z;  /* the UI lays the panes out again after the command */
    if (z) {
        for (size_t i = 0; i < NZOOM; i++) {
            if (zoomable[i].id + 1 == z) {
                sb_printf(out, "zoom: the %s pane on the whole screen (z: next, Esc or zoom off: back)\n",
                          zoomable[i].name);
            }
        }
    } else {
        sb_puts(out, "zoom off: every pane back in its place\n");
    }
    return 0;
}

/* zoom: the panes (network and weights in network mode), next and off. */
static int complete_zoom(cmd_app *app, int argc, char **argv, cmd_cands *c)
{
    (void)argv;
    if (argc == 0) {
        for (size_t i = 0; i < NZOOM; i++) {
            if ((zoomable[i].id != TUI_NETWORK && zoomable[i].id != TUI_WEIGHTS) || app->s.net.on) {
                cmd_cand_add(c, zoomable[i].name);  /* the network's panes only for a network */
            }
        }
        cmd_cand_add(c, "next");
        cmd_cand_add(c, "off");
    }
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
    {
        .name = "zoom",
        .args = "[next|plot|formula|data|params|lesson|network|weights|off]",
        .summary = "show one pane on the whole screen, or all again",
        .help = "zoom PANE shows that pane alone on the whole screen (readable on a projector at 80x24);\n"
                "zoom next (the z key in one-key mode, F2 anywhere) goes to the next pane, and after\n"
                "the last back to every pane; zoom off (or Esc in one-key mode) puts them all back.\n"
                "network and weights are the panes of network mode (the drawn layers, the matrix w^l).",
        .example = "zoom plot",
        .min_args = 0,
        .max_args = 1,
        .exec = exec_zoom,
        .complete = complete_zoom,
    },
    { .name = NULL },
};

void tui_keys_register(void)
{
    static int done;
    if (done) {
        return;
    }
    char err[ERR_LEN];
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
        x += text_width(items[i].key, 0) + 1 + text_width(what, 0) + 2;
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
        int need = text_width(items[i].key, 0) + 1 + text_width(what, 0);
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
        if (t->app->lesson) {
            bar_item items[] = {{"any key", "finishes the run at once", NULL}, {"Ctrl-C", "stops it", NULL}};
            draw_items(t, w, items, 2);
            return;
        }
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
    if (t->confirm_quit) {
        bar_item items[] = {{"y", "quit and lose the history", "quit"}, {"n", "stay", NULL},
                            {"any other key", "stay", NULL}};
        draw_items(t, w, items, 3);
        return;
    }
    if (t->cmd_mode && !tui_rl_line_empty()) {
        bar_item items[] = {{"Enter", "run", NULL}, {"Tab", "complete", NULL},
                            {a ? "up/down" : "↑↓", "history", NULL}, {"Ctrl-R", "search", NULL},
                            {"Ctrl-C", "clear", NULL}, {"Esc", "clear", NULL}};
        draw_items(t, w, items, 6);
        return;
    }
    if (t->app->play && !t->app->lesson) {
        bar_item items[] = {{"Space/Enter", "run the next command of the play", "next"},
                            {"play back", "undo the last", "back"}, {"play stop", "end", NULL},
                            {"Esc", t->cmd_mode ? "one-key mode" : "type", NULL}};
        draw_items(t, w, items, 4);
        return;
    }
    if (t->cmd_mode && t->app->lesson) {
        bar_item items[] = {{"typing:", "commands and answers", "commands"}, {"Space", "step", NULL},
                            {"]", "next page", "page"}, {"[", "page back", "back"},
                            {"PgDn PgUp", "scroll", NULL}, {"?", "keys", NULL}, {"Esc", "one-key mode", "keys"}};
        draw_items(t, w, items, 7);
        return;
    }
    if (t->cmd_mode) {
        bar_item items[] = {{"typing:", "commands", NULL}, {"Space", "step", NULL},
                            {"Enter", "repeat", NULL}, {"?", "keys", NULL},
                            {"Esc", t->app->s.net.on ? "one-key mode (n b < > , . z q)" : "one-key mode (n b r p z q)",
                             "one-key mode"}, {"F2", "zoom", NULL},
                            {"Tab", "complete", NULL}};
        draw_items(t, w, items, 7);
        return;
    }
    if (t->app->lesson) {
        bar_item items[] = {{"Space", "step", NULL}, {"n", "next term", "next"}, {"b", "back", NULL},
                            {"]", "next page", "page"}, {"[", "page back", "back"}, {"z", "zoom", NULL},
                            {"?", "help", NULL}, {"Esc", "type", NULL}, {"q", "quit", NULL}};
        draw_items(t, w, items, 9);
        return;
    }
    if (t->app->s.net.on) {
        bar_item items[] = {{"Space", "step", NULL}, {"n", "next term", "next"}, {"b", "back", NULL},
                            {a ? "up/down" : "↑↓", "example", NULL}, {a ? "left/right" : "←→", "weight", NULL},
                            {"< >", "layer", NULL}, {", .", "neuron", NULL}, {"?", "help", NULL},
                            {"q", "quit", NULL}, {"z", "zoom", NULL}, {"Esc", "type", NULL},
                            {"r", "run", NULL}, {"p", "plot", NULL}};
        draw_items(t, w, items, 13);
        return;
    }
    bar_item items[] = {{"Space", "step", NULL}, {"n", "next term", "next"}, {"b", "back", NULL},
                        {"r", "run", NULL}, {a ? "arrows" : "←↑↓→", "focus", NULL}, {"p", "plot", NULL},
                        {"z", "zoom", NULL}, {"q", "quit", NULL}, {"?", "help", NULL},
                        {"Esc", "type", NULL}, {"o", "output", NULL}};
    draw_items(t, w, items, 11);
}
