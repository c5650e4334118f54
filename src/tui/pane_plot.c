/* pane_plot.c: the Plot pane: one of plot.c's views (cost by step, sigma curve, boundary) drawn with colours by role. */
#include "tui_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "canvas.h"
#include "fmt.h"
#include "plot.h"
#include "errbuf.h"

static attr_t role_attr(tui *t, int role)
{
    switch (role) {
    case CANVAS_ROLE_DIM: return tui_attr(t, TUI_R_DIM);
    case CANVAS_ROLE_SHADE: return tui_attr(t, TUI_R_DIM);
    case CANVAS_ROLE_AXIS: return tui_attr(t, TUI_R_BORDER);
    case CANVAS_ROLE_LABEL: return A_NORMAL;
    case CANVAS_ROLE_NEGATIVE: return tui_attr(t, TUI_R_NEG) | A_BOLD;
    case CANVAS_ROLE_POSITIVE: return tui_attr(t, TUI_R_POS) | A_BOLD;
    case CANVAS_ROLE_MARK: return tui_attr(t, TUI_R_FOCUS);
    case CANVAS_ROLE_FOCUS: return tui_attr(t, TUI_R_FOCUS) | A_REVERSE;
    default: return tui_attr(t, TUI_R_KEY) & ~(attr_t)A_BOLD;
    }
}

/* C at step st if known, else the known cost nearest to it within radius steps (0..last), else NaN:
 * a column stands for the steps around it, and the idle fill reaches some of them early. */
static double known_near(const session *s, long st, long radius, long last)
{
    for (long d = 0; d <= radius; d++) {
        if (st - d >= 0 && !isnan(session_cost_known(s, st - d))) {
            return session_cost_known(s, st - d);
        }
        if (d > 0 && st + d <= last && !isnan(session_cost_known(s, st + d))) {
            return session_cost_known(s, st + d);
        }
    }
    return NAN;
}

/* A compact bar chart of C against step for panes too small for plot.c's views. */
static void draw_cost_bars(tui *t, WINDOW *w, int H, int W)
{
    static const char *const blocks[9] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    static const char *const ascii_blocks[9] = {" ", ".", ".", ".", "+", "+", "+", "+", "#"};
    const char *const *bl = t->g->ascii ? ascii_blocks : blocks;
    session *s = &t->app->s;
    long steps = s->step;
    char a[40], b[40], line[160];
    /* C at steps 0 and now, and of the rest only what is known: the UI fills in the others when idle */
    fmt_num(a, sizeof a, session_cost_at(s, 0), t->digits, 0);
    fmt_num(b, sizeof b, session_cost_at(s, steps), t->digits, 0);
    snprintf(line, sizeof line, "C %s at step 0, %s at step %ld", a, b, steps);
    tui_box(t, w, "Cost C by step", "p: next view", 0);
    tui_put(w, 1, 2, W - 4, line, A_NORMAL);
    int rows = H - 3, cols = W - 4;
    if (rows < 1 || cols < 2) {
        return;
    }
    if (steps + 1 < cols) {
        cols = (int)steps + 1;
    }
    double lo = NAN, hi = NAN;
    long radius = cols > 1 ? steps / (2L * (cols - 1)) : 0;
    for (int c = 0; c < cols; c++) {
        long st = cols > 1 ? (long)((double)c * (double)steps / (double)(cols - 1) + 0.5) : 0;
        double v = known_near(s, st, radius, steps);
        if (!isnan(v) && (isnan(lo) || v < lo)) lo = v;
        if (!isnan(v) && (isnan(hi) || v > hi)) hi = v;
    }
    for (int c = 0; c < cols; c++) {
        long st = cols > 1 ? (long)((double)c * (double)steps / (double)(cols - 1) + 0.5) : 0;
        double v = known_near(s, st, radius, steps);
        if (isnan(v)) {
            continue;  /* not computed yet */
        }
        /* the lowest cost still gets a sliver, so that every step shows */
        int eighths = hi > lo ? 1 + (int)((v - lo) / (hi - lo) * (rows * 8 - 1) + 0.5) : rows * 4;
        for (int r = 0; r < rows; r++) {
            int fill = eighths - (rows - 1 - r) * 8;
            fill = fill < 0 ? 0 : fill > 8 ? 8 : fill;
            if (fill > 0) {
                tui_put(w, 2 + r, 2 + c, 1, bl[fill], c == cols - 1 ? tui_attr(t, TUI_R_FOCUS)
                                                                  : tui_attr(t, TUI_R_KEY) & ~(attr_t)A_BOLD);
            }
        }
    }
}

/* The view the pane shows: the chosen one, or for the second plot a companion view. */
static int view_for(tui *t, int which)
{
    int v = t->app->plot_view;
    if (v < 0 || v >= PLOT_VIEW_COUNT) {
        v = PLOT_COST;
    }
    if (which == 0) {
        return v;
    }
    if (v != PLOT_COST) {
        return PLOT_COST;
    }
    return t->app->s.data.k == 2 ? PLOT_BOUNDARY : PLOT_SIGMOID;
}

int pane_plot_shows_cost(tui *t)
{
    return (t->win[TUI_PLOT] && view_for(t, 0) == PLOT_COST) || (t->win[TUI_PLOT2] && view_for(t, 1) == PLOT_COST);
}

void pane_plot_draw(tui *t, int which)
{
    int id = which ? TUI_PLOT2 : TUI_PLOT;
    WINDOW *w = t->win[id];
    if (!w) {
        return;
    }
    session *s = &t->app->s;
    int H, W;
    getmaxyx(w, H, W);
    werase(w);
    int view = view_for(t, which);
    plot_grid g;
    char err[ERR_LEN];
    unsigned flags = t->g->ascii ? PLOT_ASCII : 0;
    if (view == PLOT_COST) {
        /* `plot cost log`; and never a wait for costs: the idle loop computes the missing ones */
        flags |= t->app->plot_flags | PLOT_KNOWN;
    }
    int gw = W - 2, gh = H - 3;
    if ((gw < PLOT_MIN_WIDTH || gh < PLOT_MIN_HEIGHT) && view == PLOT_COST) {
        draw_cost_bars(t, w, H, W);
        return;
    }
    if (plot_render(s, view, gw, gh, flags, &g, err, sizeof err) < 0) {
        /* a view that cannot be drawn here (too small, or boundary with k != 2): say why */
        char title[64];
        snprintf(title, sizeof title, "Plot: %s", plot_view_name(view));
        tui_box(t, w, title, NULL, 0);
        tui_put(w, 1, 2, W - 4, err, tui_attr(t, TUI_R_DIM));
        if (!which) {
            tui_put(w, 2, 2, W - 4, "p shows the next view", tui_attr(t, TUI_R_DIM));
        }
        return;
    }
    tui_box(t, w, g.title, which ? NULL : "p: next view", 0);
    for (int r = 0; r < g.height && r + 1 < H - 1; r++) {
        for (int c = 0; c < g.width && c + 1 < W - 1; c++) {
            const canvas_cell *cell = plot_grid_cell(&g, r, c);
            if (!cell || !cell->glyph[0] || (cell->glyph[0] == ' ' && !cell->glyph[1])) {
                continue;
            }
            tui_put(w, 1 + r, 1 + c, 1, cell->glyph, role_attr(t, cell->role));
        }
    }
    if (g.legend[0] && H >= 3) {
        tui_put(w, H - 2, 2, W - 4, g.legend, tui_attr(t, TUI_R_DIM));
    }
    plot_grid_free(&g);
}
