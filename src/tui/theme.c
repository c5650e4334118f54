/* theme.c: colours by role (with a monochrome scheme), the UTF-8 and ASCII glyph tables, and text helpers. */
#include "tui_int.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "clock.h"
#include "fmt.h"

static const tui_glyphs glyphs_utf8 = {
    "─", "│", "┌", "┐", "└", "┘",
    "▸", "σ(z)", "σ(z)−y", "Cₓ", "∂",
    "η", "λ", "Δ", "−", "…", "≥", "▴", "▾",
    "◂", "▸", "↑↓",
    0
};

static const tui_glyphs glyphs_ascii = {
    "-", "|", "+", "+", "+", "+",
    ">", "sigma(z)", "sigma-y", "C_x", "d",
    "eta", "lambda", "change", "-", "...", ">=", "^", "v",
    "<", ">", "up/down",
    1
};

/* Colour pair numbers of the colour schemes. */
enum { P_TITLE = 1, P_BORDER, P_POS, P_NEG, P_FOCUS, P_ERROR, P_KEY, P_ADDED, P_HEADER };

static attr_t role_attr[TUI_R_COUNT];

/* 1 when the terminal says its background is light: COLORFGBG ("fg;bg", set by rxvt, Konsole
 * and others) with background 7 (white) or 9..15 other than 8 (bright colours). */
static int background_is_light(void)
{
    const char *v = getenv("COLORFGBG");
    const char *semi = v ? strrchr(v, ';') : NULL;
    if (!semi || !semi[1]) {
        return 0;
    }
    char *end;
    long bg = strtol(semi + 1, &end, 10);
    return *end == '\0' && (bg == 7 || (bg >= 9 && bg <= 15));
}

/* 1 when buf (n bytes) holds the end of a primary device attributes answer, ESC [ ? ... c. */
static int has_da1(const char *buf, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++) {
        if (buf[i] == '\033' && buf[i + 1] == '[' && buf[i + 2] == '?') {
            for (size_t j = i + 3; j < n; j++) {
                if (buf[j] == 'c') {
                    return 1;
                }
            }
        }
    }
    return 0;
}

/* Asks the terminal for its background colour (OSC 11), followed by a device attributes query
 * that every terminal answers: answers come in order, so once that one is in nothing of the
 * first can arrive late and be read as keys. Waits at most a second (a slow ssh link); returns
 * 1 for a light background (luminance above one half), 0 for dark or no answer. */
int tui_theme_ask_background(void)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        return 0;
    }
    struct termios old, raw;
    if (tcgetattr(STDIN_FILENO, &old) != 0) {
        return 0;
    }
    raw = old;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) != 0) {
        return 0;
    }
    static const char q[] = "\033]11;?\033\\\033[c";
    int light = 0;
    if (write(STDOUT_FILENO, q, sizeof q - 1) == (ssize_t)(sizeof q - 1)) {
        char buf[256];
        size_t n = 0;
        double until = clock_seconds() + 1.0;
        while (n + 1 < sizeof buf && clock_seconds() < until && !has_da1(buf, n)) {
            struct pollfd pf = {STDIN_FILENO, POLLIN, 0};
            if (poll(&pf, 1, 20) <= 0) {
                continue;
            }
            ssize_t r = read(STDIN_FILENO, buf + n, sizeof buf - 1 - n);
            if (r <= 0) {
                break;
            }
            n += (size_t)r;
        }
        buf[n] = '\0';
        unsigned rr, gg, bb;
        const char *rgb = strstr(buf, "rgb:");
        if (rgb && sscanf(rgb, "rgb:%x/%x/%x", &rr, &gg, &bb) == 3) {
            /* 4 hex digits a channel as xterm answers (2 from some) */
            double scale = strchr(rgb, '/') - rgb - 4 <= 2 ? 255.0 : 65535.0;
            double lum = (0.2126 * rr + 0.7152 * gg + 0.0722 * bb) / scale;
            light = lum > 0.5;
        }
    }
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    return light;
}

/* Dark (the default): yellow focus and cyan headers on a dark background. Light: nothing
 * yellow or cyan on the background, which a white projector screen washes out. */
static void init_pairs(int light, int bg)
{
    if (light) {
        init_pair(P_TITLE, COLOR_WHITE, COLOR_BLUE);
        init_pair(P_BORDER, COLOR_BLUE, bg);
        init_pair(P_POS, COLOR_GREEN, bg);
        init_pair(P_NEG, COLOR_RED, bg);
        init_pair(P_FOCUS, COLOR_MAGENTA, bg);
        init_pair(P_ERROR, COLOR_RED, bg);
        init_pair(P_KEY, COLOR_BLUE, bg);
        init_pair(P_ADDED, COLOR_WHITE, COLOR_MAGENTA);
        init_pair(P_HEADER, COLOR_BLUE, bg);
    } else {
        init_pair(P_TITLE, COLOR_BLACK, COLOR_CYAN);
        init_pair(P_BORDER, COLOR_BLUE, bg);
        init_pair(P_POS, COLOR_GREEN, bg);
        init_pair(P_NEG, COLOR_RED, bg);
        init_pair(P_FOCUS, COLOR_YELLOW, bg);
        init_pair(P_ERROR, COLOR_RED, bg);
        init_pair(P_KEY, COLOR_CYAN, bg);
        init_pair(P_ADDED, COLOR_BLACK, COLOR_YELLOW);
        init_pair(P_HEADER, COLOR_CYAN, bg);
    }
}

static void mono_attrs(void)
{
    role_attr[TUI_R_NORMAL] = A_NORMAL;
    role_attr[TUI_R_TITLE] = A_REVERSE;
    role_attr[TUI_R_BORDER] = A_NORMAL;
    role_attr[TUI_R_HEADER] = A_BOLD;
    role_attr[TUI_R_POS] = A_NORMAL;
    role_attr[TUI_R_NEG] = A_NORMAL;
    role_attr[TUI_R_FOCUS] = A_BOLD;
    role_attr[TUI_R_SELECT] = A_REVERSE;
    role_attr[TUI_R_CHANGED] = A_UNDERLINE;
    role_attr[TUI_R_DIM] = A_DIM;
    role_attr[TUI_R_ERROR] = A_BOLD;
    role_attr[TUI_R_KEY] = A_BOLD;
    role_attr[TUI_R_ADDED] = A_REVERSE;
}

static void color_attrs(void)
{
    role_attr[TUI_R_NORMAL] = A_NORMAL;
    role_attr[TUI_R_TITLE] = COLOR_PAIR(P_TITLE);
    role_attr[TUI_R_BORDER] = COLOR_PAIR(P_BORDER);
    role_attr[TUI_R_HEADER] = COLOR_PAIR(P_HEADER) | A_BOLD;
    role_attr[TUI_R_POS] = COLOR_PAIR(P_POS);
    role_attr[TUI_R_NEG] = COLOR_PAIR(P_NEG);
    role_attr[TUI_R_FOCUS] = COLOR_PAIR(P_FOCUS) | A_BOLD;
    role_attr[TUI_R_SELECT] = A_REVERSE;
    role_attr[TUI_R_CHANGED] = A_UNDERLINE;
    role_attr[TUI_R_DIM] = A_DIM;
    role_attr[TUI_R_ERROR] = COLOR_PAIR(P_ERROR) | A_BOLD;
    role_attr[TUI_R_KEY] = COLOR_PAIR(P_KEY) | A_BOLD;
    role_attr[TUI_R_ADDED] = COLOR_PAIR(P_ADDED);
}

void tui_theme_init(tui *t, int want_color, int ascii)
{
    t->g = ascii ? &glyphs_ascii : &glyphs_utf8;
    t->color = 0;
    int theme = t->app->theme;
    if (theme == CMD_THEME_AUTO) {
        theme = background_is_light() || t->background_light ? CMD_THEME_LIGHT : CMD_THEME_DARK;
    }
    t->theme = theme;
    t->theme_asked = t->app->theme;
    if (theme != CMD_THEME_MONO && want_color && has_colors() &&
        (t->color_started || start_color() == OK) && COLORS >= 8 && COLOR_PAIRS >= 16) {
        t->color = 1;
        int bg = -1;
        if (!t->color_started && use_default_colors() != OK) {
            t->default_bg_missing = 1;
        }
        t->color_started = 1;
        if (t->default_bg_missing) {
            bg = theme == CMD_THEME_LIGHT ? COLOR_WHITE : COLOR_BLACK;
        }
        init_pairs(theme == CMD_THEME_LIGHT, bg);
    }
    if (t->color) {
        color_attrs();
    } else {
        mono_attrs();
    }
}

const char *tui_theme_name(const tui *t)
{
    return cmd_theme_name(t->theme);
}

attr_t tui_attr(const tui *t, tui_role r)
{
    (void)t;
    return (r >= 0 && r < TUI_R_COUNT) ? role_attr[r] : A_NORMAL;
}

/* Decodes one character of s (at most len bytes): its byte length (>= 1) and display width
 * (text.h); valid is 0 for an invalid byte or a character the terminal cannot show ('?'). */
static size_t next_char(const char *s, size_t len, int *width, int *valid)
{
    unsigned long cp;
    size_t n = text_decode(s, len, &cp);
    *width = text_char_width(cp);
    *valid = !(cp == 0xFFFD && n == 1) && (cp < 0x80 || wcwidth((wchar_t)cp) >= 0);
    return n;
}

/* Whether c can be part of a written number ("-0.125", "1.23e-05"). */
static int number_char(char c)
{
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == '+' || c == '-';
}

/* Where text cut at byte `cut` should end so that no number is cut short: a cut inside a run of
 * number characters holding a digit moves to the run's start (0.1250 must never read 0.1). */
static size_t keep_numbers_whole(const char *s, size_t cut)
{
    if (cut == 0 || !s[cut] || !number_char(s[cut]) || !number_char(s[cut - 1])) {
        return cut;
    }
    size_t from = cut, to = cut;
    while (from > 0 && number_char(s[from - 1])) {
        from--;
    }
    while (number_char(s[to])) {
        to++;
    }
    for (size_t i = from; i < to; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            return from;
        }
    }
    return cut;
}

int tui_put(WINDOW *w, int y, int x, int maxw, const char *s, attr_t a)
{
    /* never past the window's right edge: curses would wrap onto the next line */
    int room = getmaxx(w) - x;
    if (maxw > room) {
        maxw = room;
    }
    if (maxw <= 0 || !s || y < 0 || x < 0 || y >= getmaxy(w)) {
        return 0;
    }
    /* the bytes that fit; text cut short ends before a number it would cut, marked by an ellipsis */
    size_t len = strlen(s), fit = 0;
    int fit_w = 0;
    while (fit < len) {
        int wd, valid;
        size_t n = next_char(s + fit, len - fit, &wd, &valid);
        if (fit_w + wd > maxw) {
            break;
        }
        fit_w += wd;
        fit += n;
    }
    size_t end = keep_numbers_whole(s, fit);
    wmove(w, y, x);
    wattr_set(w, a, PAIR_NUMBER(a), NULL);
    int used = 0;
    for (size_t i = 0; i < end;) {
        int wd, valid;
        size_t n = next_char(s + i, end - i, &wd, &valid);
        if (!valid || (unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
            waddch(w, '?');
        } else if (wd > 0 || used > 0) {
            waddnstr(w, s + i, (int)n);
        }
        used += wd;
        i += n;
    }
    if (end < fit) {
        waddstr(w, fmt_glyph("…", "~"));
        used++;
    }
    wattr_set(w, A_NORMAL, 0, NULL);
    return used;
}

int tui_put_right(WINDOW *w, int y, int xend, int maxw, const char *s, attr_t a)
{
    int wd = text_width(s, 0);
    if (wd > maxw) {
        wd = maxw;
    }
    return tui_put(w, y, xend - wd, maxw, s, a);
}

void tui_fill(WINDOW *w, int y, int x, int n, attr_t a)
{
    wmove(w, y, x);
    wattr_set(w, a, PAIR_NUMBER(a), NULL);
    for (int i = 0; i < n; i++) {
        waddch(w, ' ');
    }
    wattr_set(w, A_NORMAL, 0, NULL);
}

void tui_box(const tui *t, WINDOW *w, const char *title, const char *right_title, int focused)
{
    int h, wd;
    getmaxyx(w, h, wd);
    if (h < 2 || wd < 2) {
        return;
    }
    attr_t b = tui_attr(t, TUI_R_BORDER);
    const tui_glyphs *g = t->g;
    for (int x = 1; x < wd - 1; x++) {
        tui_put(w, 0, x, 1, g->h, b);
        tui_put(w, h - 1, x, 1, g->h, b);
    }
    for (int y = 1; y < h - 1; y++) {
        tui_put(w, y, 0, 1, g->v, b);
        tui_put(w, y, wd - 1, 1, g->v, b);
    }
    tui_put(w, 0, 0, 1, g->tl, b);
    tui_put(w, 0, wd - 1, 1, g->tr, b);
    tui_put(w, h - 1, 0, 1, g->bl, b);
    tui_put(w, h - 1, wd - 1, 1, g->br, b);
    int used = 0;
    /* The right title (a scroll position, a hint) keeps its place: a long title is cut first. */
    int rw_keep = right_title && *right_title ? text_width(right_title, 0) + 4 : 0;
    int title_room = wd - 4 - rw_keep >= 12 ? wd - 4 - rw_keep : wd - 4;
    if (title && *title && wd > 6) {
        tui_put(w, 0, 1, 1, " ", b);
        used = tui_put(w, 0, 2, title_room, title, tui_attr(t, focused ? TUI_R_FOCUS : TUI_R_HEADER));
        tui_put(w, 0, 2 + used, 1, " ", b);
        used += 3;
    }
    if (right_title && *right_title) {
        int rw = text_width(right_title, 0);
        if (used + rw + 4 < wd) {
            tui_put(w, 0, wd - rw - 3, 1, " ", b);
            tui_put(w, 0, wd - rw - 2, rw, right_title, tui_attr(t, TUI_R_DIM));
            tui_put(w, 0, wd - 2, 1, " ", b);
        }
    }
}

void tui_sub(const tui *t, char *buf, size_t len, const char *base, unsigned long num)
{
    static const char *const subs[10] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
    if (t->g->ascii) {
        snprintf(buf, len, "%s%lu", base, num);
        return;
    }
    char digits[32];
    snprintf(digits, sizeof digits, "%lu", num);
    size_t used = (size_t)snprintf(buf, len, "%s", base);
    for (const char *p = digits; *p && used + 4 < len; p++) {
        const char *sd = subs[*p - '0'];
        memcpy(buf + used, sd, strlen(sd));
        used += strlen(sd);
    }
    if (used < len) {
        buf[used] = '\0';
    }
}

void tui_param_name(const tui *t, size_t j, char *buf, size_t len)
{
    if (j >= t->app->s.data.k) {
        snprintf(buf, len, "b");
    } else {
        tui_sub(t, buf, len, "w", (unsigned long)(j + 1));
    }
}
