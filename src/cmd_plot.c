/* cmd_plot.c: the `plot` command (README "Commands"); `save plot` is in cmd_core.c. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_net.h"
#include "plot.h"

/* ---- the `plot` command ---- */

/* Reads "WIDTHxHEIGHT"; returns 1 when text has that shape (values checked by the caller). */
static int parse_size(const char *text, long *w, long *h)
{
    char *end;
    if (*text < '0' || *text > '9') {
        return 0;
    }
    *w = strtol(text, &end, 10);
    if (*end != 'x' && *end != 'X') {
        return 0;
    }
    const char *p = end + 1;
    if (*p < '0' || *p > '9') {
        return 0;
    }
    *h = strtol(p, &end, 10);
    return *end == '\0';
}

static int do_plot(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    if (cmd_net_refuse(app, "plot", argc, argv, err, errlen) != 0) {
        return -1;
    }
    int view = app->plot_view >= 0 && app->plot_view < PLOT_VIEW_COUNT ? app->plot_view : PLOT_COST;
    unsigned flags = app->ascii ? PLOT_ASCII : 0;
    long w = 60, h = 16;
    for (int i = 0; i < argc; i++) {
        int v = plot_view_parse(argv[i]);
        if (v >= 0) {
            view = v;
        } else if (strcmp(argv[i], "log") == 0) {
            flags |= PLOT_LOG;
        } else if (parse_size(argv[i], &w, &h)) {
            if (w > 1000 || h > 500) {
                snprintf(err, errlen, "plot: size %s is too large; at most 1000x500", argv[i]);
                return -1;
            }
        } else {
            static const char *const words[] = { "cost", "sigmoid", "sigma'", "boundary", "log", NULL };
            snprintf(err, errlen, "plot: \"%.40s\" is not a view (cost, sigmoid, sigma', boundary), \"log\" "
                                  "or a size such as 60x16", argv[i]);
            cmd_suggest_word(err, errlen, argv[i], words);
            return -1;
        }
    }
    if ((flags & PLOT_LOG) && view != PLOT_COST) {
        snprintf(err, errlen, "plot: \"log\" applies to the cost view only");
        return -1;
    }
    if (app->ui) {
        if (view == PLOT_BOUNDARY && plot_view_check(&app->s, view, err, errlen) < 0) {
            return -1;
        }
        app->plot_view = view;
        app->plot_flags = flags & PLOT_LOG;
        return 0;
    }
    if (view == PLOT_COST && cmd_fill_costs(app, "plot cost", err, errlen) < 0) {
        return -1;
    }
    plot_grid g;
    if (plot_render(&app->s, view, (int)w, (int)h, flags, &g, err, errlen) < 0) {
        return -1;
    }
    plot_text(&g, out);
    plot_grid_free(&g);
    app->plot_view = view;
    app->plot_flags = flags & PLOT_LOG;
    return 0;
}

/* plot: the views and "log" (a size is a number). */
static int complete_plot(cmd_app *app, int argc, char **argv, cmd_cands *c)
{
    (void)app;
    int have_view = 0, have_log = 0;
    for (int i = 0; i < argc; i++) {
        have_view |= plot_view_parse(argv[i]) >= 0;
        have_log |= strcmp(argv[i], "log") == 0;
    }
    for (int v = 0; v < PLOT_VIEW_COUNT && !have_view; v++) {
        cmd_cand_add(c, plot_view_name(v));
    }
    if (!have_log) {
        cmd_cand_add(c, "log");
    }
    return 0;
}

const cmd_entry cmd_plot_table[] = {
    {
        .name = "plot",
        .args = "[cost|sigmoid|sigma'|boundary] [log] [WIDTHxHEIGHT]",
        .summary = "draw the cost by step, the sigmoid with the examples on it, or the decision boundary",
        .help = "plot cost: C at every step from 0 to now, the present step marked (log: logarithmic C axis).\n"
                "plot sigmoid: sigma(z) with each example at its (z, sigma(z)), marked by its target y;\n"
                "  sigma' shows sigma'(z) instead (why the quadratic cost learns slowly).\n"
                "plot boundary: for 2 inputs, the examples in the (x1, x2) plane and the line z = 0.\n"
                "Prints the plot as text (default 60x16); in the full-screen UI it picks the plot pane's view.\n"
                "save plot VIEW FILE.svg writes the same picture as SVG.",
        .example = "plot cost 72x18",
        .min_args = 0,
        .max_args = 3,
        .exec = do_plot,
        .complete = complete_plot,
    },
    { .name = NULL },
};
