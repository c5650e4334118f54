/* cmd_plot.c: the `plot` command (README "Commands"); `save plot` is in cmd_core.c. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_net.h"
#include "errbuf.h"
#include "plot.h"
#include "plot_int.h"

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

/* What `plot` and `save plot` were asked for. */
typedef struct {
    int view;
    plot_sel sel;
    unsigned flags;
    long w, h;
    int sized;      /* 1 when a WIDTHxHEIGHT was given */
    int numbers;    /* numbers read after the view */
} plot_ask;

/* Takes one number after the view: weights L then J, input I. */
static int plot_number(plot_ask *a, const char *word, const char *who, char *err, size_t errlen)
{
    char *end;
    unsigned long v = strtoul(word, &end, 10);
    int max = a->view == PLOT_WEIGHTS ? 2 : a->view == PLOT_INPUT ? 1 : 0;
    if (a->numbers >= max) {
        snprintf(err, errlen, "%s: \"%.40s\": numbers follow weights (L J: layer and neuron) or input (I: example), "
                 "after the view", who, word);
        return -1;
    }
    if (*end || v == 0 || v > 1000000000UL) {
        snprintf(err, errlen, "%s: \"%.40s\" is not a %s (a whole number from 1)", who, word,
                 a->view == PLOT_INPUT ? "example number" : a->numbers ? "neuron number" : "layer number");
        return -1;
    }
    if (a->view == PLOT_INPUT) {
        a->sel.example = v;
    } else if (a->numbers == 0) {
        a->sel.layer = (int)v;
    } else {
        a->sel.neuron = v;
    }
    a->numbers++;
    return 0;
}

/* Reads the words after `plot` (sizes allowed) or `save plot` into *a; -1 with a reason in err. */
static int plot_words(int argc, char **argv, int sizes, plot_ask *a, const char *who, char *err, size_t errlen)
{
    for (int i = 0; i < argc; i++) {
        int v = plot_view_parse(argv[i]);
        if (v >= 0) {
            a->view = v;
            a->numbers = 0;
            memset(&a->sel, 0, sizeof a->sel);
        } else if (strcmp(argv[i], "log") == 0) {
            a->flags |= PLOT_LOG;
        } else if (sizes && parse_size(argv[i], &a->w, &a->h)) {
            if (a->w > 1000 || a->h > 500) {
                snprintf(err, errlen, "%s: size %s is too large; at most 1000x500", who, argv[i]);
                return -1;
            }
            a->sized = 1;
        } else if (argv[i][0] >= '0' && argv[i][0] <= '9') {
            if (plot_number(a, argv[i], who, err, errlen) < 0) {
                return -1;
            }
        } else {
            static const char *const words[] = { "cost", "sigmoid", "sigma'", "boundary", "weights", "input", "log", NULL };
            snprintf(err, errlen, "%s: \"%.40s\" is not a view (cost, sigmoid, sigma', boundary, weights, input), "
                     "\"log\"%s", who, argv[i], sizes ? " or a size such as 60x16" : "");
            cmd_suggest_word(err, errlen, argv[i], words);
            return -1;
        }
    }
    if ((a->flags & PLOT_LOG) && a->view != PLOT_COST) {
        snprintf(err, errlen, "%s: \"log\" applies to the cost view only", who);
        return -1;
    }
    return 0;
}

/* The size of a text plot nobody gave one: 60x16, but the weights and input views take the room
 * their images want (up to 80 columns and 60 rows). */
static void default_size(const session *s, plot_ask *a)
{
    if (a->sized || (a->view != PLOT_WEIGHTS && a->view != PLOT_INPUT)) {
        return;
    }
    size_t R = s->data.shape_rows, C = s->data.shape_cols;
    int image = a->view == PLOT_INPUT || (plot_net_is_image(s, a->sel.layer ? a->sel.layer : 2));
    a->w = 80;
    if (!image) {
        size_t n = a->sel.neuron ? 4 : plot_net_size(s, a->sel.layer ? a->sel.layer : 2);
        a->h = n < 9 ? 9 : n > 60 ? 60 : (long)n;
    } else if (a->view == PLOT_INPUT || a->sel.neuron) {
        a->h = R * 2 <= 40 ? (long)R * 2 : (long)R;
        a->h = a->h < 9 ? 9 : a->h;
    } else {
        size_t n = plot_net_size(s, a->sel.layer ? a->sel.layer : 2), across = 80 / (2 * C + 2);
        across = across ? across : 1;
        size_t down = (n + across - 1) / across;
        a->h = (long)(down * (R + 1) > 60 ? 60 : down * (R + 1));
        a->h = a->h < 8 ? 8 : a->h;
    }
}

static int do_plot(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    plot_ask a = { app->plot_view >= 0 && app->plot_view < PLOT_VIEW_COUNT ? app->plot_view : PLOT_COST,
                   { app->plot_layer, app->plot_neuron, 0 }, app->ascii ? PLOT_ASCII : 0, 60, 16, 0, 0 };
    char ignored[ERR_LEN];
    if (plot_sel_check(&app->s, a.view, &a.sel, ignored, sizeof ignored) < 0) {
        memset(&a.sel, 0, sizeof a.sel);  /* a layer or neuron the network no longer has: the default */
    }
    if (plot_words(argc, argv, 1, &a, "plot", err, errlen) < 0 || plot_sel_check(&app->s, a.view, &a.sel, err, errlen) < 0) {
        return -1;
    }
    if (app->ui) {
        app->plot_view = a.view;
        app->plot_flags = a.flags & PLOT_LOG;
        app->plot_layer = a.sel.layer;
        app->plot_neuron = a.sel.neuron;
        if (a.view == PLOT_INPUT && a.sel.example) {
            app->s.focus_i = a.sel.example - 1;  /* the pane draws the focused example */
        }
        return 0;
    }
    if (a.view == PLOT_COST && cmd_fill_costs(app, "plot cost", err, errlen) < 0) {
        return -1;
    }
    default_size(&app->s, &a);
    plot_grid g;
    if (plot_render_sel(&app->s, a.view, &a.sel, (int)a.w, (int)a.h, a.flags, &g, err, errlen) < 0) {
        return -1;
    }
    plot_text(&g, out);
    plot_grid_free(&g);
    app->plot_view = a.view;
    app->plot_flags = a.flags & PLOT_LOG;
    app->plot_layer = a.sel.layer;
    app->plot_neuron = a.sel.neuron;
    return 0;
}

int cmd_save_plot(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    if (argc < 3) {
        snprintf(err, errlen, "save plot: expected VIEW [log|L J|I] FILE (usage: save plot cost|sigmoid|boundary|"
                 "weights|input ... FILE.svg)");
        return -1;
    }
    plot_ask a = { -1, { 0, 0, 0 }, 0, 0, 0, 0, 0 };
    if (plot_view_parse(argv[1]) < 0) {
        snprintf(err, errlen, "save plot: \"%.40s\" is not a view (cost, sigmoid, sigma', boundary, weights, input)", argv[1]);
        return -1;
    }
    if (plot_words(argc - 2, argv + 1, 0, &a, "save plot", err, errlen) < 0 ||
        plot_sel_check(&app->s, a.view, &a.sel, err, errlen) < 0 ||
        (a.view == PLOT_COST && cmd_fill_costs(app, "save plot cost", err, errlen) < 0) ||
        plot_save_svg_sel(&app->s, a.view, &a.sel, a.flags, argv[argc - 1], err, errlen) != 0) {
        return -1;
    }
    sb_puts(out, "saved plot");
    for (int i = 1; i < argc - 1; i++) {
        sb_printf(out, " %s", argv[i]);
    }
    sb_printf(out, " to %s\n", argv[argc - 1]);
    return 0;
}

/* plot: the views that apply (plot_view_applies) and "log" (a size is a number). */
static int complete_plot(cmd_app *app, int argc, char **argv, cmd_cands *c)
{
    int have_view = 0, have_log = 0;
    for (int i = 0; i < argc; i++) {
        have_view |= plot_view_parse(argv[i]) >= 0;
        have_log |= strcmp(argv[i], "log") == 0;
    }
    for (int v = 0; v < PLOT_VIEW_COUNT && !have_view; v++) {
        if (plot_view_applies(&app->s, v)) {
            cmd_cand_add(c, plot_view_name(v));
        }
    }
    if (!have_log) {
        cmd_cand_add(c, "log");
    }
    return 0;
}

const cmd_entry cmd_plot_table[] = {
    {
        .name = "plot",
        .args = "[cost|sigmoid|sigma'|boundary|weights [L [J]]|input [I]] [log] [WIDTHxHEIGHT]",
        .summary = "draw the cost by step, the sigmoid, the decision boundary or regions, weights or an input as images",
        .help = "plot cost: C at every step from 0 to now, the present step marked (log: logarithmic C axis).\n"
                "plot sigmoid: sigma(z) with each example at its (z, sigma(z)), marked by its target y;\n"
                "  sigma' shows sigma'(z) instead (why the quadratic cost learns slowly).\n"
                "plot boundary: for 2 inputs, the examples in the (x1, x2) plane and the line z = 0; for a network\n"
                "  the regions of each class, the examples (! marks a wrong one) and each layer-2 neuron's line.\n"
                "plot weights [L [J]]: the weights into layer L (default 2) as heat maps, one per neuron, in the\n"
                "  image's shape when the inputs are pixels (# shape: in the dataset); with J, neuron J large.\n"
                "plot input [I]: example I (default: the focused one) as an image, for datasets with a shape.\n"
                "Prints the plot as text (default 60x16); in the full-screen UI it picks the plot pane's view.\n"
                "save plot VIEW ... FILE.svg writes the same picture as SVG (save plot weights 2 1 w.svg).",
        .example = "plot cost 72x18",
        .min_args = 0,
        .max_args = 4,
        .exec = do_plot,
        .complete = complete_plot,
    },
    { .name = NULL },
};
