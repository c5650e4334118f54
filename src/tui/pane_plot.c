/* pane_plot.c: the Plot pane: one of plot.c's views (cost by step, sigma curve, boundary or regions, weights, input) drawn with colours by role. */
#include "tui_int.h"

#include <stdio.h>
#include <string.h>

#include "canvas.h"
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

/* The view the pane shows: the chosen one (the cost when it does not apply, as the sigma curves in
 * network mode), or for the second plot a companion view: the cost (on a log scale in network mode
 * when the first shows the cost too), else the boundary or the sigma curve. */
static int view_for(tui *t, int which)
{
    const session *s = &t->app->s;
    int v = t->app->plot_view;
    if (v < 0 || v >= PLOT_VIEW_COUNT || (!plot_view_applies(s, v) && v != PLOT_WEIGHTS)) {
        v = PLOT_COST;
    }
    if (which == 0) {
        return v;
    }
    if (v != PLOT_COST || s->net.on) {
        return PLOT_COST;
    }
    return s->data.k == 2 ? PLOT_BOUNDARY : PLOT_SIGMOID;
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
    unsigned flags = (t->g->ascii ? PLOT_ASCII : 0) | (which && s->net.on ? PLOT_LOG : 0);
    if (view == PLOT_COST) {
        /* `plot cost log`; and never a wait for costs: the idle loop computes the missing ones */
        flags |= t->app->plot_flags | PLOT_KNOWN;
    }
    /* the legend line goes first when rows are few: the curve and its axes keep the room */
    int legend = H - 3 >= 8;
    int gw = W - 2, gh = legend ? H - 3 : H - 2;
    flags |= PLOT_PANE;
    /* `plot weights L J`; a choice the network no longer has (after set hidden) falls back to layer 2 */
    plot_sel sel = {t->app->plot_layer, t->app->plot_neuron, 0};
    if (view == PLOT_WEIGHTS && plot_sel_check(s, view, &sel, err, sizeof err) < 0) {
        memset(&sel, 0, sizeof sel);
    }
    if (plot_render_sel(s, view, &sel, gw, gh, flags, &g, err, sizeof err) < 0) {
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
    if (legend && g.legend[0]) {
        tui_put(w, H - 2, 2, W - 4, g.legend, tui_attr(t, TUI_R_DIM));
    }
    plot_grid_free(&g);
}
