/* rlglue.c: GNU readline's callback interface inside the curses command line: input queue, redisplay, completion list, history. */
#include "tui_int.h"

#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/readline.h>
#include <readline/history.h>

#include "repl.h"

static const char *const PROMPT = "gradstep> ";
static FILE *rl_null;

/* Queues bytes for readline. */
static void push(tui *t, const char *bytes, size_t n)
{
    for (size_t i = 0; i < n && t->inq_len < sizeof t->inq; i++) {
        t->inq[(t->inq_head + t->inq_len) % sizeof t->inq] = (unsigned char)bytes[i];
        t->inq_len++;
    }
}

/* readline reads its bytes from the queue; it only asks when we said input is there, except
 * in the middle of a multibyte character, where it waits for the next key. */
static int rl_getc_queue(FILE *f)
{
    (void)f;
    tui *t = tui_current;
    while (t && t->inq_len == 0) {
        wint_t ch;
        WINDOW *w = t->win[TUI_CMD] ? t->win[TUI_CMD] : stdscr;
        wtimeout(w, -1);
        int r = wget_wch(w, &ch);
        if (r == ERR) {
            return EOF;
        }
        if (r == OK) {
            char mb[MB_LEN_MAX];
            mbstate_t st;
            memset(&st, 0, sizeof st);
            size_t n = wcrtomb(mb, (wchar_t)ch, &st);
            if (n != (size_t)-1) {
                push(t, mb, n);
            }
        }
    }
    if (!t) {
        return EOF;
    }
    unsigned char c = t->inq[t->inq_head];
    t->inq_head = (t->inq_head + 1) % sizeof t->inq;
    t->inq_len--;
    return c;
}

static int rl_input_ready(void)
{
    return tui_current && tui_current->inq_len > 0;
}

/* Draws the prompt and the line, scrolled sideways so that the cursor is always in view;
 * the cursor column counts display width, not bytes. */
static void rl_draw(void)
{
    tui *t = tui_current;
    if (!t) {
        return;
    }
    /* While a paste is still arriving, the line is drawn once at its end (the main loop's refresh) instead of
     * once per character, which made a long pasted line take time quadratic in its length. */
    struct pollfd pf = { STDIN_FILENO, POLLIN, 0 };
    if (poll(&pf, 1, 0) > 0) {
        t->dirty |= 1u << TUI_CMD;
        return;
    }
    tui_rl_draw(t);
}

/* Draws the prompt and the line from display column off on: a control character as ^X, an
 * invalid byte or a character the terminal cannot show as '?'. */
static void draw_line_from(tui *t, WINDOW *w, int W, int off, const char *prompt, const char *line, size_t len)
{
    int col = 0;
    wmove(w, 0, 0);
    for (int part = 0; part < 2; part++) {
        const char *s = part ? line : prompt;
        size_t n = part ? len : strlen(prompt);
        attr_t a = part ? A_NORMAL : tui_attr(t, TUI_R_KEY);
        size_t i = 0;
        while (i < n) {
            unsigned long wc;
            size_t r = text_decode(s + i, n - i, &wc);
            int wd;
            char one[8];
            size_t take;
            if (wc == 0xFFFD && r == 1) {
                one[0] = '?';
                one[1] = '\0';
                wd = 1;
                take = 1;
            } else if (wc < 32 || wc == 127) {
                one[0] = '^';
                one[1] = (char)(wc == 127 ? '?' : wc + 64);
                one[2] = '\0';
                wd = 2;
                take = r;
            } else {
                wd = text_char_width(wc);
                if (wc >= 0x80 && wcwidth((wchar_t)wc) < 0) {
                    one[0] = '?';
                    one[1] = '\0';
                } else {
                    memcpy(one, s + i, r);
                    one[r] = '\0';
                }
                take = r;
            }
            if (col >= off && col + wd - off <= W - 1) {
                tui_put(w, 0, col - off, wd, one, a);
            }
            col += wd;
            i += take;
        }
    }
}

void tui_rl_draw(tui *t)
{
    WINDOW *w = t->win[TUI_CMD];
    if (!w) {
        return;
    }
    int W = getmaxx(w);
    werase(w);
    const char *prompt = rl_display_prompt ? rl_display_prompt : PROMPT;
    const char *line = rl_line_buffer ? rl_line_buffer : "";
    size_t point = rl_point > 0 ? (size_t)rl_point : 0;
    size_t len = strlen(line);
    if (point > len) {
        point = len;
    }
    t->dirty |= 1u << TUI_KEYS;  /* the key bar says what the keys do on an empty line */
    if (!t->cmd_mode) {
        int used = tui_put(w, 0, 0, W - 1, "keys>", tui_attr(t, TUI_R_SELECT));
        used += tui_put(w, 0, used, W - 1 - used, " ", A_NORMAL);
        const char *hint = t->running ? "running: any key or Ctrl-C stops"
                                      : "one-key mode: letters below are keys; Esc or : to type commands";
        tui_put(w, 0, used, W - 1 - used, hint, tui_attr(t, TUI_R_DIM));
        wmove(w, 0, used);
        return;
    }
    if (len == 0 && !RL_ISSTATE(RL_STATE_ISEARCH | RL_STATE_NSEARCH)) {
        int used = tui_put(w, 0, 0, W - 1, PROMPT, tui_attr(t, TUI_R_KEY));
        const char *hint = t->running ? (t->app->lesson ? "running: a key finishes it, Ctrl-C stops"
                                                        : "running: any key or Ctrl-C stops")
                                      : "type a command (help lists them); Space steps; Esc: one-key mode";
        tui_put(w, 0, used, W - 1 - used, hint, tui_attr(t, TUI_R_DIM));
        wmove(w, 0, used);
        return;
    }
    int pw = text_width(prompt, 0);
    int cur = pw + text_width_n(line, point, 0);
    int total = pw + text_width_n(line, len, 0);
    int off = 0;
    if (cur >= W - 1) {
        off = cur - (W - 1) + W / 4;
        if (off > total) {
            off = total;
        }
    }
    draw_line_from(t, w, W, off, prompt, line, len);
    wmove(w, 0, cur - off < W - 1 ? cur - off : W - 1);
    t->dirty |= 1u << TUI_CMD;
}

/* The completion list goes into a popup above the command line, never to the terminal. */
static void rl_show_matches(char **matches, int num, int max_len)
{
    (void)max_len;
    tui *t = tui_current;
    if (!t) {
        return;
    }
    strbuf sb = {0};
    int cols = (COLS - 6) / (max_len + 2);
    if (cols < 1) {
        cols = 1;
    }
    for (int i = 1; i <= num; i++) {
        sb_printf(&sb, "%-*s", (i % cols == 0 || i == num) ? 0 : max_len + 2, matches[i]);
        if (i % cols == 0 || i == num) {
            sb_puts(&sb, "\n");
        }
    }
    char title[64];
    snprintf(title, sizeof title, "%d completions", num);
    tui_popup_open(t, TUI_POP_COMPLETION, title, sb_str(&sb));
    sb_free(&sb);
}

static void on_line(char *line)
{
    tui *t = tui_current;
    if (!t) {
        free(line);
        return;
    }
    free(t->line);
    t->line = line;  /* NULL on end of input (Ctrl-D on an empty line) */
    t->line_ready = 1;
}

int tui_rl_init(tui *t, char *err, size_t errlen)
{
    rl_readline_name = "gradstep";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;
    rl_prep_term_function = NULL;
    rl_deprep_term_function = NULL;
    rl_null = fopen("/dev/null", "w");
    if (!rl_null) {
        snprintf(err, errlen, "cannot open /dev/null for readline's output");
        return -1;
    }
    rl_outstream = rl_null;
    rl_getc_function = rl_getc_queue;
    rl_input_available_hook = rl_input_ready;
    rl_redisplay_function = rl_draw;
    rl_completion_display_matches_hook = rl_show_matches;
    rl_completion_query_items = -1;
    repl_install_completion(t->app);
    rl_variable_bind("bell-style", "none");
    rl_variable_bind("show-all-if-ambiguous", "on");
    rl_variable_bind("page-completions", "off");
    rl_variable_bind("horizontal-scroll-mode", "on");
    const char *hist = repl_history_path();
    if (hist) {
        read_history(hist);
    }
    rl_callback_handler_install(PROMPT, on_line);
    tui_rl_resize(t);
    return 0;
}

void tui_rl_free(tui *t)
{
    (void)t;
    rl_callback_handler_remove();
    const char *hist = repl_history_path();
    if (hist) {
        history_truncate_file(hist, 2000);
    }
    rl_outstream = NULL;
    rl_getc_function = rl_getc;
    rl_input_available_hook = NULL;
    rl_redisplay_function = rl_redisplay;
    rl_completion_display_matches_hook = NULL;
    if (rl_null) {
        fclose(rl_null);
        rl_null = NULL;
    }
}

void tui_rl_history_add(const char *line)
{
    if (!line || !*line) {
        return;
    }
    add_history(line);
    const char *hist = repl_history_path();
    if (hist && append_history(1, hist) != 0) {
        write_history(hist);
    }
}

void tui_rl_resize(tui *t)
{
    (void)t;
    rl_set_screen_size(1, COLS > 1 ? COLS : 80);
}

void tui_rl_clear(tui *t)
{
    /* cancels a search or completion in progress and starts an empty line */
    rl_callback_sigcleanup();
    rl_free_line_state();
    rl_callback_handler_remove();
    t->inq_len = 0;
    rl_callback_handler_install(PROMPT, on_line);
    rl_replace_line("", 1);
    rl_point = rl_end = 0;
    tui_rl_draw(t);
}

/* Turns a curses key into the bytes readline's default bindings expect. */
static const char *key_sequence(wint_t key)
{
    switch (key) {
    case KEY_UP: return "\033[A";
    case KEY_DOWN: return "\033[B";
    case KEY_RIGHT: return "\033[C";
    case KEY_LEFT: return "\033[D";
    case KEY_HOME: return "\033[H";
    case KEY_END: return "\033[F";
    case KEY_DC: return "\033[3~";
    case KEY_BACKSPACE: return "\177";
    case KEY_ENTER: return "\r";
    default: return NULL;
    }
}

void tui_rl_input(tui *t, int is_key, wint_t ch)
{
    if (is_key) {
        const char *seq = key_sequence(ch);
        if (!seq) {
            return;
        }
        push(t, seq, strlen(seq));
    } else {
        char mb[MB_LEN_MAX];
        mbstate_t st;
        memset(&st, 0, sizeof st);
        size_t n = wcrtomb(mb, (wchar_t)ch, &st);
        if (n == (size_t)-1) {
            return;
        }
        push(t, mb, n);
    }
    while (t->inq_len > 0 && !t->line_ready) {
        rl_callback_read_char();
    }
}

int tui_rl_line_empty(void)
{
    return rl_end == 0 && !RL_ISSTATE(RL_STATE_ISEARCH | RL_STATE_NSEARCH | RL_STATE_COMPLETING |
                                      RL_STATE_NUMERICARG | RL_STATE_MULTIKEY);
}
