/* cmd_explain.c: the commands explain, derive, check and compare (README "Commands"). */
#include "cmd.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd_net.h"
#include "explain.h"
#include "explain_net.h"

/* ---- the commands ---- */

/* The single neuron's explain subjects, as usage shows them. */
#define EXPLAIN_ARGS "w J|b|cost [I]|z I|sigma I|update"

/* Columns for command output: the terminal's in the plain REPL (less the borders of the output
 * window in the full-screen UI), else 80, so that scripts print the same everywhere. */
static int out_width(const cmd_app *app)
{
    if (app->interactive && isatty(STDOUT_FILENO)) {
        struct winsize ws;
        if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
            int w = ws.ws_col - (app->ui ? 8 : 1);
            return w < 40 ? 40 : (w > 160 ? 160 : w);
        }
    }
    return 80;
}

/* 1 when word is a prefix (at least one letter) of name. */
static int is_prefix(const char *word, const char *name)
{
    size_t len = strlen(word);
    return len > 0 && strncmp(word, name, len) == 0;
}

/* ---- network mode: explain w L J K | b L J | delta L J [I] | NAME, derive [I] [NAME] ---- */

/* Parses the whole number word (from 1) named what into *v. */
static int net_index(const char *word, const char *what, long max, long *v, char *err, size_t errlen)
{
    return cmd_parse_long(word, what, 1, max, v, err, errlen);
}

/* The parameter explain and derive take when none is named: the focused one, else w^L_11. */
static size_t net_default_param(const session *s)
{
    const net_shape *sh = &s->net.shape;
    return s->focus_j < sh->nparams ? s->focus_j : net_w_index(sh, sh->L, 1, 1);
}

/* Reads "w L J K" or "b L J" from argv into the parameter index *i. */
static int net_param_words(const session *s, int argc, char **argv, size_t *i, char *err, size_t errlen)
{
    const net_shape *sh = &s->net.shape;
    int weight = strcmp(argv[0], "w") == 0;
    long l, j, k = 0;
    if (argc != (weight ? 4 : 3)) {
        snprintf(err, errlen, "explain %s: expected %s", argv[0], weight ? "w L J K (explain w 3 1 2 is w3_1_2)"
                                                                        : "b L J (explain b 2 1 is b2_1)");
        return -1;
    }
    if (net_index(argv[1], "explain: L", sh->L, &l, err, errlen) != 0 || l < 2) {
        if (l < 2) {
            snprintf(err, errlen, "explain: layer 1 is the input and has no %s; L is 2..%d", weight ? "weights" : "biases",
                     sh->L);
        }
        return -1;
    }
    if (net_index(argv[2], "explain: J", (long)sh->size[l], &j, err, errlen) != 0 ||
        (weight && net_index(argv[3], "explain: K", (long)sh->size[l - 1], &k, err, errlen) != 0)) {
        return -1;
    }
    *i = weight ? net_w_index(sh, (int)l, (size_t)j, (size_t)k) : net_b_index(sh, (int)l, (size_t)j);
    return 0;
}

static int net_explain(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    int width = out_width(app);
    size_t i;
    if (argc == 0) {
        return explain_net_param(s, net_default_param(s), width, out, err, errlen);
    }
    if (strcmp(argv[0], "w") == 0 || strcmp(argv[0], "b") == 0) {
        if (net_param_words(s, argc, argv, &i, err, errlen) != 0) {
            return -1;
        }
        return explain_net_param(s, i, width, out, err, errlen);
    }
    if (is_prefix(argv[0], "delta")) {
        long l = 0, j = 0;
        size_t ex = s->focus_i < s->data.n ? s->focus_i : 0;
        if (argc < 3 || argc > 4) {
            snprintf(err, errlen, "explain delta: expected L J [I] (explain delta 2 1 is delta2_1)");
            return -1;
        }
        if (net_index(argv[1], "explain delta: L", s->net.shape.L, &l, err, errlen) != 0 ||
            net_index(argv[2], "explain delta: J", 1L << 20, &j, err, errlen) != 0 ||
            (argc == 4 && cmd_parse_example(s, argv[3], &ex, err, errlen) != 0)) {
            return -1;
        }
        return explain_net_delta(s, (int)l, (size_t)j, ex, width, out, err, errlen);
    }
    if (argc == 1 && (argv[0][0] == 'w' || argv[0][0] == 'b') && isdigit((unsigned char)argv[0][1])) {
        if (cmd_net_param_index(s, argv[0], "explain", &i, err, errlen) != 0) {
            return -1;
        }
        return explain_net_param(s, i, width, out, err, errlen);
    }
    snprintf(err, errlen, "explain: in network mode, explain w L J K, b L J, delta L J [I] or a name such as w%d_1_1",
             s->net.shape.L);
    return -1;
}

static int net_derive(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    size_t ex = s->focus_i < s->data.n ? s->focus_i : 0, i = net_default_param(s);
    if (argc >= 1 && cmd_parse_example(s, argv[0], &ex, err, errlen) != 0) {
        return -1;
    }
    if (argc >= 2 && cmd_net_param_index(s, argv[1], "derive", &i, err, errlen) != 0) {
        return -1;
    }
    return explain_net_derive(s, ex, i, out_width(app), out, err, errlen);
}

static int do_explain(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    int width = out_width(app);
    size_t k = s->data.k, j, i;
    if (s->net.on) {
        return net_explain(app, argc, argv, out, err, errlen);
    }
    if (argc > 2) {
        snprintf(err, errlen, "explain: too many arguments (usage: explain %s)", EXPLAIN_ARGS);
        return -1;
    }
    if (argc == 0) {
        return explain_param(s, s->focus_j <= k ? s->focus_j : k, width, out, err, errlen);
    }
    const char *what = argv[0];
    if (strcmp(what, "w") == 0) {
        if (argc < 2) {
            snprintf(err, errlen, "explain w: which weight? (explain w J, J = 1..%zu)", k);
            return -1;
        }
        if (cmd_parse_param(s, argv[1], &j, err, errlen) != 0) {
            return -1;
        }
        return explain_param(s, j, width, out, err, errlen);
    }
    if (is_prefix(what, "cost")) {
        if (argc == 2) {
            if (cmd_parse_example(s, argv[1], &i, err, errlen) != 0) {
                return -1;
            }
            return explain_cost(s, i, width, out, err, errlen);
        }
        return explain_cost(s, EXPLAIN_ALL, width, out, err, errlen);
    }
    if (strcmp(what, "z") == 0 || is_prefix(what, "sigma")) {
        if (argc < 2) {
            snprintf(err, errlen, "explain %s: which example? (explain %s I, I = 1..%zu)",
                     what, what, s->data.n);
            return -1;
        }
        if (cmd_parse_example(s, argv[1], &i, err, errlen) != 0) {
            return -1;
        }
        return what[0] == 'z' ? explain_z(s, i, width, out, err, errlen)
                              : explain_sigma(s, i, width, out, err, errlen);
    }
    if (is_prefix(what, "update")) {
        if (argc > 1) {
            snprintf(err, errlen, "explain update: takes no argument");
            return -1;
        }
        return explain_update(s, width, out, err, errlen);
    }
    if (argc == 1 && cmd_parse_param(s, what, &j, err, errlen) == 0) {
        return explain_param(s, j, width, out, err, errlen);
    }
    static const char *const subjects[] = { "cost", "sigma", "update", NULL };
    snprintf(err, errlen, "explain: \"%s\" is not w J, b, cost [I], z I, sigma I or update", what);
    cmd_suggest_word(err, errlen, what, subjects);
    return -1;
}

static int do_derive(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    size_t k = s->data.k;
    size_t i = s->focus_i < s->data.n ? s->focus_i : 0;
    size_t j = s->focus_j <= k ? s->focus_j : k;
    if (s->net.on) {
        if (argc > 2) {
            snprintf(err, errlen, "derive: expected [I] [NAME]");
            return -1;
        }
        return net_derive(app, argc, argv, out, err, errlen);
    }
    if (argc >= 1 && cmd_parse_example(s, argv[0], &i, err, errlen) != 0) {
        return -1;
    }
    if (argc >= 2 && cmd_parse_param(s, argv[1], &j, err, errlen) != 0) {
        return -1;
    }
    return explain_derive(s, i, j, out_width(app), out, err, errlen);
}

static int do_check(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    explain_check_opts o = {0};
    if (argc == 1) {
        if (strcmp(argv[0], "all") != 0) {
            snprintf(err, errlen, "check: expected \"all\" or nothing, not \"%.40s\"", argv[0]);
            return -1;
        }
        o.all = 1;
    }
    if (app->s.net.on) {
        return cmd_net_check(app, o.all, out, err, errlen) < 0 ? -1 : 0;
    }
    o.progress = app->progress;
    o.progress_ctx = app->progress_ctx;
    cmd_progress_begin(app, CMD_PROGRESS_PARAMS, "check");
    int rc = explain_check(&app->s, out_width(app), &o, out, err, errlen);
    cmd_progress_begin(app, CMD_PROGRESS_RUN, NULL);
    return rc;
}

static int do_compare(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    long steps = 0;
    if (argc == 1 && cmd_parse_long(argv[0], "compare: N", 0, EXPLAIN_COMPARE_MAX, &steps, err, errlen) != 0) {
        return -1;
    }
    if (app->s.net.on) {
        cmd_progress_begin(app, CMD_PROGRESS_STEPS, "compare");
        int r = cmd_net_compare(app, steps, out, err, errlen);
        cmd_progress_begin(app, CMD_PROGRESS_RUN, NULL);
        return r < 0 ? -1 : 0;
    }
    cmd_progress_begin(app, CMD_PROGRESS_STEPS, "compare");
    int rc = explain_compare(&app->s, steps, out_width(app), app->progress, app->progress_ctx, out, err, errlen);
    cmd_progress_begin(app, CMD_PROGRESS_RUN, NULL);
    return rc;
}

/* ---- completion of arguments ---- */

/* Adds the example numbers 1..n when they are few enough to list. */
static void cand_examples(const cmd_app *app, cmd_cands *c)
{
    if (app->s.data.n <= CMD_CAND_MAX_WEIGHTS) {
        cmd_cand_range(c, 1, app->s.data.n);
    }
}

/* explain: the subjects and the parameters; then J after w, I after cost, z and sigma. */
static int complete_explain(cmd_app *app, int argc, char **argv, cmd_cands *c)
{
    static const char *const subjects[] = { "w", "b", "cost", "z", "sigma", "update", NULL };
    if (argc == 0) {
        cmd_cand_words(c, subjects);
        cmd_cand_params(app, c);
    } else if (argc == 1 && strcmp(argv[0], "w") == 0) {
        cmd_cand_range(c, 1, app->s.data.k);
    } else if (argc == 1 && (is_prefix(argv[0], "cost") || strcmp(argv[0], "z") == 0 || is_prefix(argv[0], "sigma"))) {
        cand_examples(app, c);
    }
    return 0;
}

/* derive: an example, then a parameter. */
static int complete_derive(cmd_app *app, int argc, char **argv, cmd_cands *c)
{
    (void)argv;
    if (argc == 0) {
        cand_examples(app, c);
    } else if (argc == 1) {
        cmd_cand_params(app, c);
    }
    return 0;
}

const cmd_entry cmd_explain_table[] = {
    {
        .name = "explain",
        .args = EXPLAIN_ARGS,
        .summary = "a formula with this dataset's numbers, term by term, and its symbols in words",
        .help = "w J (or wJ): dC/dw_J: one line per example, the sum, 1/n, the update, who pushes it which way.\n"
                "b: dC/db. cost: C as the mean of every C_x; cost I: example I's C_x with its ln values.\n"
                "z I: z = sum_j w_j x_j + b for example I. sigma I: sigma(z) and sigma'(z).\n"
                "update: every parameter's old value, gradient, -eta times it, new value.\n"
                "Alone: the focused parameter. `help symbols` explains every symbol.\n"
                "Network mode: w L J K (eq. 67 at the output, BP4 below), b L J, delta L J [I] (BP1/BP2),\n"
                "or a name such as w3_1_2.",
        .example = "explain w 2",
        .min_args = 0,
        .max_args = 4,
        .exec = do_explain,
        .complete = complete_explain,
    },
    {
        .name = "derive",
        .args = "[I] [wJ|b]",
        .summary = "the chain rule for example I, cross-entropy against quadratic",
        .help = "dC_x/dw_j = dC_x/da * da/dz * dz/dw_j with each factor's form and value, for both costs:\n"
                "sigma'(z) cancels for cross-entropy and stays for the quadratic cost.\n"
                "Defaults: the focused example and parameter.\n"
                "Network mode: derive [I] [NAME] follows delta from C_x down through every layer to NAME.",
        .example = "derive 2 w1",
        .min_args = 0,
        .max_args = 2,
        .exec = do_derive,
        .complete = complete_derive,
    },
    {
        .name = "check",
        .args = "[all]",
        .summary = "every analytic partial derivative against a central finite difference",
        .help = "Each row: both values, h, their difference and the difference allowed (1e-6 relative plus\n"
                "what the difference cannot resolve); the verdict is computed from the rows shown. The step\n"
                "h moves z by about cbrt(eps) = 6e-6. With more than 40 parameters, 40 evenly spaced are\n"
                "checked; `check all` checks every one. Uses the session's cost and lambda; a long check\n"
                "shows its progress and Ctrl-C stops it, with the rows done.",
        .example = "check",
        .min_args = 0,
        .max_args = 1,
        .exec = do_check,
    },
    {
        .name = "compare",
        .args = "[N]",
        .summary = "cross-entropy against quadratic: gradients now, and N steps of each",
        .help = "Each example's sigma'(z) and both costs' terms and gradients at the present parameters;\n"
                "with N, two copies trained N full-batch steps from here (the session is unchanged),\n"
                "their costs and the focused example's output at intervals.\n"
                "A long compare shows how far it is; Ctrl-C ends it there, with the table and chart so far.",
        .example = "compare 300",
        .min_args = 0,
        .max_args = 1,
        .exec = do_compare,
    },
    { .name = NULL },
};
