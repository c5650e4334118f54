/* pane_bars.c: the one-line panes: the title bar, the message line, and the too-small notice. */
#include "tui_int.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"

void pane_title_draw(tui *t)
{
    WINDOW *w = t->win[TUI_TITLE];
    if (!w) {
        return;
    }
    session *s = &t->app->s;
    int W = getmaxx(w);
    werase(w);
    attr_t ta = tui_attr(t, TUI_R_TITLE);
    tui_fill(w, 0, 0, W, ta);
    const session_eval *ev = session_evaluate(s);
    char c[48], dc[48], eta[48], lam[48], buf[512];
    fmt_num(c, sizeof c, ev ? ev->cost : 0.0, t->digits, 0);
    dc[0] = '\0';
    if (s->step > 0) {
        char d[40];
        double before = session_cost_at(s, s->step - 1);
        fmt_num(d, sizeof d, (ev ? ev->cost : 0.0) - before, t->digits, FMT_SIGN);
        snprintf(dc, sizeof dc, " (%s)", d);
    }
    fmt_exact(eta, sizeof eta, s->eta);
    fmt_exact(lam, sizeof lam, s->lambda);
    char batch[32];
    if (s->batch == 0) {
        snprintf(batch, sizeof batch, "full");
    } else {
        snprintf(batch, sizeof batch, "%zu", s->batch);
    }
    /* the parts of the bar, dropped from the least important until the rest fits */
    char p_name[128], p_nk[64], p_step[48], p_c[128], p_eta[64], p_lam[80], p_cost[32], p_batch[48], p_acc[64];
    snprintf(p_name, sizeof p_name, "%s", s->data.name ? s->data.name : "?");
    snprintf(p_nk, sizeof p_nk, "n=%zu k=%zu", s->data.n, s->data.k);
    snprintf(p_step, sizeof p_step, "step %ld", s->step);
    snprintf(p_c, sizeof p_c, "C=%s%s", c, dc);
    snprintf(p_eta, sizeof p_eta, "%s=%s", t->g->eta, eta);
    snprintf(p_lam, sizeof p_lam, "%s=%s", t->g->lambda, lam);
    snprintf(p_cost, sizeof p_cost, "%s", s->cost == MODEL_COST_CE ? "cross-entropy" : "quadratic");
    snprintf(p_batch, sizeof p_batch, "batch: %s", batch);
    snprintf(p_acc, sizeof p_acc, "%zu/%zu right", ev ? ev->correct : 0, s->data.n);
    struct { const char *text; int prio; } parts[] = {
        {"gradstep", 2}, {p_name, 9}, {p_nk, 6}, {p_step, 10}, {p_c, 10}, {p_eta, 8},
        {p_lam, s->lambda > 0 ? 7 : 3}, {p_cost, 5}, {p_batch, 4}, {p_acc, 7},
    };
    enum { NPARTS = sizeof parts / sizeof parts[0] };
    int keep[NPARTS];
    for (int i = 0; i < NPARTS; i++) {
        keep[i] = 1;
    }
    for (int drop_prio = 0; drop_prio <= 10; drop_prio++) {
        int total = 1;
        for (int i = 0; i < NPARTS; i++) {
            if (keep[i]) {
                total += text_width(parts[i].text, 0) + 2;
            }
        }
        if (total <= W) {
            break;
        }
        for (int i = 0; i < NPARTS; i++) {
            if (parts[i].prio == drop_prio) {
                keep[i] = 0;
            }
        }
    }
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < NPARTS && used < sizeof buf; i++) {
        if (keep[i]) {
            used += (size_t)snprintf(buf + used, sizeof buf - used, " %s ", parts[i].text);
        }
    }
    tui_put(w, 0, 0, W, buf, ta | A_BOLD);
}

void pane_msg_draw(tui *t)
{
    WINDOW *w = t->win[TUI_MSG];
    if (!w) {
        return;
    }
    int W = getmaxx(w);
    werase(w);
    if (!t->msg[0]) {
        return;
    }
    attr_t a = tui_attr(t, (tui_role)t->msg_role);
    int wd = text_width(t->msg, 0);
    if (wd <= W - 1) {
        tui_put(w, 0, 0, W - 1, t->msg, a);
        return;
    }
    const char *more = t->g->ascii ? "... (o: all)" : "… (o: all)";
    int mw = text_width(more, 0);
    int used = tui_put(w, 0, 0, W - 1 - mw, t->msg, a);
    tui_put(w, 0, used, mw, more, tui_attr(t, TUI_R_DIM));
}

void pane_small_draw(tui *t)
{
    (void)t;
    werase(stdscr);
    const char *l1 = "gradstep needs a terminal of at least 80x24.";
    char l2[96];
    snprintf(l2, sizeof l2, "This one is %dx%d: please make it larger.", COLS, LINES);
    const char *l3 = "(q quits)";
    const char *lines[3] = {l1, l2, l3};
    int y0 = LINES / 2 - 1;
    for (int i = 0; i < 3; i++) {
        int wd = text_width(lines[i], 0);
        int x = (COLS - wd) / 2;
        if (x < 0) {
            x = 0;
        }
        if (y0 + i >= 0 && y0 + i < LINES) {
            tui_put(stdscr, y0 + i, x, COLS - x, lines[i], i == 0 ? A_BOLD : A_NORMAL);
        }
    }
    wnoutrefresh(stdscr);
}
