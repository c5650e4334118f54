/* popup.c: the scrollable popup over the panes: long command output, the key help, completion lists. */
#include "tui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One wrapped line: where it starts in the text and how many bytes it takes. */
typedef struct {
    const char *start;
    size_t len;
    int indent;  /* columns of hanging indent (continuation lines) */
} wline;

/* The hanging indent for continuation lines of a line: where the text after its last gap of
 * two spaces starts (tables such as `help`), else its own indent plus two. */
static int hanging_indent(const char *line, size_t len, int width)
{
    int lead = 0;
    while ((size_t)lead < len && line[lead] == ' ') {
        lead++;
    }
    int best = lead + 2;
    for (size_t i = (size_t)lead; i + 2 < len; i++) {
        if (line[i] == ' ' && line[i + 1] == ' ' && line[i + 2] != ' ') {
            int col = text_width_n(line, i + 2, 0);
            if (col <= width / 2) {
                best = col;
            }
        }
    }
    return best < width / 2 ? best : width / 2;
}

/* Splits text into lines no wider than width columns (breaking at spaces when it can).
 * Returns the count; fills out[0..max-1] when out is not NULL. */
static size_t wrap(const char *text, int width, wline *out, size_t max)
{
    size_t n = 0;
    const char *p = text;
    if (width < 4) {
        width = 4;
    }
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        const char *seg = p;
        size_t left = len;
        int indent = 0;
        int hang = -1;
        do {
            size_t take = left;
            int room = width - indent;
            if (text_width_n(seg, left, 0) > room) {
                if (hang < 0) {
                    hang = hanging_indent(p, len, width);
                }
                /* at a space in the right half of the line, else as much as fits */
                take = text_break(seg, left, room, room / 2 + 1, 0);
            }
            if (out && n < max) {
                out[n] = (wline){seg, take, indent};
            }
            n++;
            seg += take;
            left -= take;
            indent = hang > 0 ? hang : 0;
            while (left > 0 && *seg == ' ') {
                seg++;
                left--;
            }
        } while (left > 0);
        p = nl ? nl + 1 : p + len;
    }
    return n;
}

void tui_popup_open(tui *t, int kind, const char *title, const char *text)
{
    free(t->pop_text);
    t->pop_text = strdup(text ? text : "");
    if (!t->pop_text) {
        t->pop_kind = TUI_POP_NONE;
        return;
    }
    size_t tl = strlen(t->pop_text);
    while (tl > 0 && t->pop_text[tl - 1] == '\n') {
        t->pop_text[--tl] = '\0';
    }
    t->pop_kind = kind;
    t->pop_top = 0;
    snprintf(t->pop_title, sizeof t->pop_title, "%s", title ? title : "");
    tui_mark(t, TUI_ALL_PANES);
}

void tui_popup_close(tui *t)
{
    if (t->pop_kind == TUI_POP_NONE) {
        return;
    }
    if (strstr(t->msg, "closes the list")) {
        tui_message(t, TUI_R_DIM, "%s", "");  /* it spoke of the popup, which is gone */
    }
    t->pop_kind = TUI_POP_NONE;
    free(t->pop_text);
    t->pop_text = NULL;
    if (t->pop_win) {
        delwin(t->pop_win);
        t->pop_win = NULL;
    }
    tui_mark(t, TUI_ALL_PANES);
}

/* The popup's size and the lines it holds at the present terminal size. */
static void geometry(tui *t, int *h, int *w, int *y, int *x, size_t *nlines, int *inner_h)
{
    int maxw = COLS - 2, maxh = LINES - 4;
    if (t->pop_kind == TUI_POP_COMPLETION) {
        maxh = LINES / 2;
    }
    /* widest line, up to the screen */
    int widest = text_width(t->pop_title, 0) + 4;
    const char *p = t->pop_text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        int wd = text_width_n(p, len, 0);
        if (wd > widest) {
            widest = wd;
        }
        p = nl ? nl + 1 : p + len;
    }
    *w = widest + 4 < maxw ? widest + 4 : maxw;
    if (*w < 40 && maxw >= 40) {
        *w = 40;
    }
    *nlines = wrap(t->pop_text, *w - 4, NULL, 0);
    *h = (int)*nlines + 2 < maxh ? (int)*nlines + 2 : maxh;
    if (*h < 3) {
        *h = 3;
    }
    *inner_h = *h - 2;
    if (t->pop_kind == TUI_POP_COMPLETION) {
        *y = LINES - 3 - *h;
        *x = 0;
    } else {
        *y = (LINES - 3 - *h) / 2;
        *x = (COLS - *w) / 2;
    }
    if (*y < 0) {
        *y = 0;
    }
}

size_t tui_popup_line_count(tui *t)
{
    int h, w, y, x, inner_h;
    size_t nlines;
    geometry(t, &h, &w, &y, &x, &nlines, &inner_h);
    return nlines;
}

void tui_popup_draw(tui *t)
{
    if (t->pop_kind == TUI_POP_NONE || t->too_small) {
        return;
    }
    int h, w, y, x, inner;
    size_t n;
    geometry(t, &h, &w, &y, &x, &n, &inner);
    if (t->pop_win) {
        delwin(t->pop_win);
    }
    t->pop_win = newwin(h, w, y, x);
    if (!t->pop_win) {
        return;
    }
    WINDOW *pw = t->pop_win;
    leaveok(pw, TRUE);
    if (t->pop_top > (int)n - inner) {
        t->pop_top = (int)n - inner;
    }
    if (t->pop_top < 0) {
        t->pop_top = 0;
    }
    wline *lines = calloc(n ? n : 1, sizeof(wline));
    if (!lines) {
        return;
    }
    wrap(t->pop_text, w - 4, lines, n);
    werase(pw);
    char right[96] = "";
    if ((int)n > inner) {
        snprintf(right, sizeof right, "%d-%d of %zu", t->pop_top + 1, t->pop_top + inner, n);
    }
    tui_box(t, pw, t->pop_title, right, 1);
    for (int r = 0; r < inner && t->pop_top + r < (int)n; r++) {
        wline *l = &lines[t->pop_top + r];
        char buf[2048];
        size_t len = l->len < sizeof buf - 1 ? l->len : sizeof buf - 1;
        memcpy(buf, l->start, len);
        buf[len] = '\0';
        attr_t a = A_NORMAL;
        if (strncmp(buf, "error:", 6) == 0) {
            a = tui_attr(t, TUI_R_ERROR);
        }
        tui_put(pw, 1 + r, 2 + l->indent, w - 4 - l->indent, buf, a);
    }
    const char *foot = t->pop_kind == TUI_POP_COMPLETION
                           ? " Tab: complete  any key: close "
                           : (int)n > inner ? (t->g->ascii ? " up/down PgUp PgDn scroll  q, Esc or Enter: close "
                                                          : " ↑↓ PgUp PgDn scroll  q, Esc or Enter: close ")
                                            : " q, Esc or Enter: close ";
    int fw = text_width(foot, 0);
    if (fw < w - 2) {
        tui_put(pw, h - 1, w - 2 - fw, fw, foot, tui_attr(t, TUI_R_KEY));
    }
    free(lines);
    wnoutrefresh(pw);
}

int tui_popup_key(tui *t, int is_key, wint_t ch)
{
    if (t->pop_kind == TUI_POP_NONE) {
        return 0;
    }
    if (t->pop_kind == TUI_POP_COMPLETION) {
        tui_popup_close(t);
        return 0;
    }
    int h, w, y, x, inner;
    size_t n;
    geometry(t, &h, &w, &y, &x, &n, &inner);
    int page = inner > 1 ? inner - 1 : 1;
    if (is_key) {
        switch (ch) {
        case KEY_UP: t->pop_top--; break;
        case KEY_DOWN: t->pop_top++; break;
        case KEY_PPAGE: t->pop_top -= page; break;
        case KEY_NPAGE: t->pop_top += page; break;
        case KEY_HOME: t->pop_top = 0; break;
        case KEY_END: t->pop_top = (int)n; break;
        case KEY_ENTER: tui_popup_close(t); return 1;
        case KEY_RESIZE: return 0;
        case KEY_MOUSE: return 0;
        default: tui_popup_close(t); return 0;
        }
        tui_mark(t, TUI_ALL_PANES);
        return 1;
    }
    if (t->cmd_mode && ch > ' ' && ch != 127 && ch != 27) {
        /* typing mode: a typed character closes the popup and goes on to the command line,
         * so the next command is typed as it is (even one that starts with q, j or k) */
        tui_popup_close(t);
        return 0;
    }
    switch (ch) {
    case ' ':
        t->pop_top += page;
        break;
    case 'k':
        t->pop_top--;
        break;
    case 'j':
        t->pop_top++;
        break;
    case 'q': case 27: case '\n': case '\r':
        tui_popup_close(t);
        return 1;
    case '?':
        if (t->pop_kind == TUI_POP_HELP) {
            tui_popup_close(t);
            return 1;
        }
        tui_popup_close(t);
        return 0;
    default:
        tui_popup_close(t);
        return 0;
    }
    tui_mark(t, TUI_ALL_PANES);
    return 1;
}
