/* pane_formula.c: the Formula pane: the focused partial derivative with the numbers substituted (explain.c's text). */
#include "tui_int.h"

#include <stdio.h>
#include <string.h>

#include "explain.h"

/* Draws one line of explain text, showing the marked term in `mark`. Returns nothing. */
static void draw_marked(WINDOW *w, int y, int x, int maxw, const char *line, size_t len, attr_t mark)
{
    char piece[1024];
    attr_t a = A_NORMAL;
    size_t i = 0;
    int used = 0;
    while (i < len && used < maxw) {
        size_t j = i;
        while (j < len && line[j] != EXPLAIN_MARK_ON && line[j] != EXPLAIN_MARK_OFF) {
            j++;
        }
        size_t n = j - i < sizeof piece - 1 ? j - i : sizeof piece - 1;
        memcpy(piece, line + i, n);
        piece[n] = '\0';
        used += tui_put(w, y, x + used, maxw - used, piece, a);
        if (j < len) {
            a = line[j] == EXPLAIN_MARK_ON ? mark : A_NORMAL;
            j++;
        }
        i = j;
    }
}

void pane_formula_draw(tui *t)
{
    WINDOW *w = t->win[TUI_FORMULA];
    if (!w) {
        return;
    }
    if (t->app->s.net.on) {
        pane_net_formula_draw(t);
        return;
    }
    session *s = &t->app->s;
    int H, W;
    getmaxyx(w, H, W);
    werase(w);
    char name[32], title[96];
    tui_param_name(t, s->focus_j, name, sizeof name);
    const size_t *rows;
    size_t m;
    session_batch(s, &rows, &m);
    char batch[48] = "";
    if (m < s->data.n) {
        snprintf(batch, sizeof batch, " over this batch of m=%zu", m);  /* (1/m), not (1/n) */
    }
    snprintf(title, sizeof title, "Formula: %sC/%s%s%s%s", t->g->d, t->g->d, name, batch,
             s->pending > 0 ? "  (update being built)" : "");
    char right[64] = "";
    if (s->pending > 0) {
        snprintf(right, sizeof right, "%zu of %zu terms added", s->pending, m);
    }
    tui_box(t, w, title, right, 0);
    if (H < 3 || W < 6) {
        return;
    }
    strbuf out = {0};
    explain_formula_pane(s, s->focus_j, W - 4, H - 2, &out);
    const char *text = sb_str(&out);
    attr_t mark = tui_attr(t, s->pending > 0 ? TUI_R_ADDED : TUI_R_FOCUS);
    int y = 1;
    while (*text && y < H - 1) {
        const char *nl = strchr(text, '\n');
        size_t len = nl ? (size_t)(nl - text) : strlen(text);
        draw_marked(w, y, 2, W - 4, text, len, mark);
        y++;
        text = nl ? nl + 1 : text + len;
    }
    sb_free(&out);
}
