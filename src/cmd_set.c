/* cmd_set.c: the settings table and the `set` command generated from it (names and word values
 * accept unique prefixes, as commands do). */
#include "cmd_set.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_net.h"
#include "fmt.h"
#include "suggest.h"
#include "xmem.h"
#include "errbuf.h"

/* ---- printing values ---- */

const char *cmd_cost_name(model_cost c)
{
    return c == MODEL_COST_CE ? "cross-entropy" : "quadratic";
}

void cmd_batch_text(const session *s, char *buf, size_t len)
{
    if (s->batch == 0) {
        snprintf(buf, len, "full");
    } else {
        snprintf(buf, len, "%zu", s->batch);
    }
}

void cmd_status_line(cmd_app *app, strbuf *out)
{
    session *s = &app->s;
    const session_eval *ev = session_evaluate(s);
    char c[48], d[48];
    sb_printf(out, "step %ld  C = %s", s->step, fmt_num(c, sizeof c, ev->cost, s->digits, 0));
    if (s->step > 0) {
        double before = session_cost_at(s, s->step - 1);
        sb_printf(out, " (%s)", fmt_num(d, sizeof d, ev->cost - before, s->digits, FMT_SIGN));
    }
    sb_printf(out, "  accuracy %zu/%zu\n", ev->correct, s->data.n);
}

static void print_eta(const cmd_app *app, strbuf *out)
{
    char a[64];
    sb_puts(out, fmt_exact(a, sizeof a, app->s.eta));
}

static void print_lambda(const cmd_app *app, strbuf *out)
{
    char a[64];
    sb_puts(out, fmt_exact(a, sizeof a, app->s.lambda));
}

static void print_cost(const cmd_app *app, strbuf *out)
{
    sb_puts(out, app->s.cost == MODEL_COST_CE ? "ce" : "quadratic");
}

static void print_batch(const cmd_app *app, strbuf *out)
{
    char bt[32];
    cmd_batch_text(&app->s, bt, sizeof bt);
    sb_puts(out, bt);
}

static void print_seed(const cmd_app *app, strbuf *out)
{
    sb_printf(out, "%llu", (unsigned long long)app->s.seed);
}

static void print_init(const cmd_app *app, strbuf *out)
{
    const session *s = &app->s;
    char a[64];
    if (s->init_kind != SESSION_INIT_VALUES) {
        sb_puts(out, s->init_kind == SESSION_INIT_ZEROS ? "zeros" : "random");
        return;
    }
    const double *iv = s->net.on && s->net.init_values ? s->net.init_values : s->init_values;
    for (size_t j = 0; j < session_nparams(s); j++) {
        sb_printf(out, "%s%s", j ? " " : "", fmt_exact(a, sizeof a, iv[j]));
    }
}

static void print_scale(const cmd_app *app, strbuf *out)
{
    sb_puts(out, app->s.scale == SESSION_SCALE_NONE ? "none" : "standardize");
}

static void print_digits(const cmd_app *app, strbuf *out)
{
    sb_printf(out, "%d", app->s.digits);
}

static void print_history(const cmd_app *app, strbuf *out)
{
    if (app->s.hist_limit > 0) {
        sb_printf(out, "%ld", app->s.hist_limit);
    } else {
        sb_puts(out, "unlimited");
    }
}

static void print_theme(const cmd_app *app, strbuf *out)
{
    sb_puts(out, cmd_theme_name(app->theme));
}

/* ---- applying values ---- */

static int apply_rate(cmd_app *app, const setting *st, const char *name, int argc, char **argv,
                      strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    (void)st;
    double v;
    char a[64];
    if (cmd_parse_double(argv[0], name, &v, err, errlen) != 0) {
        return -1;
    }
    int r = name[0] == 'e' ? session_set_eta(&app->s, v, err, errlen) : session_set_lambda(&app->s, v, err, errlen);
    if (r != 0) {
        return -1;
    }
    sb_printf(out, "%s = %s\n", name, fmt_exact(a, sizeof a, v));
    return 0;
}

static int apply_cost(cmd_app *app, const setting *st, const char *name, int argc, char **argv,
                      strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    (void)name;
    int c;
    if (setting_match_word(st, argv[0], &c, err, errlen) != 1) {
        return -1;
    }
    if (session_set_cost(&app->s, (model_cost)c, err, errlen) != 0) {
        return -1;
    }
    sb_printf(out, "cost = %s\n", cmd_cost_name((model_cost)c));
    return 0;
}

static int apply_batch(cmd_app *app, const setting *st, const char *name, int argc, char **argv,
                       strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    (void)name;
    session *s = &app->s;
    int full;
    long m = 0;
    if (setting_match_word(st, argv[0], &full, err, errlen) != 1 &&
        cmd_parse_long(argv[0], "batch", 1, (long)s->data.n, &m, err, errlen) != 0) {
        return -1;
    }
    if (session_set_batch(s, (size_t)m, err, errlen) != 0) {
        return -1;
    }
    char a[32];
    cmd_batch_text(s, a, sizeof a);
    sb_printf(out, "batch = %s\n", a);
    return 0;
}

static int apply_seed(cmd_app *app, const setting *st, const char *name, int argc, char **argv,
                      strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    (void)st;
    (void)name;
    session *s = &app->s;
    const char *val = argv[0];
    char *end, q[48];
    errno = 0;
    unsigned long long sd = strtoull(val, &end, 10);
    if (end == val || *end || errno || val[0] == '-') {
        snprintf(err, errlen, "seed: \"%s\" is not a whole number from 0 to %llu", cmd_quote(val, q, sizeof q),
                 (unsigned long long)UINT64_MAX);
        return -1;
    }
    long before = s->step;
    session_set_seed(s, (uint64_t)sd, err, errlen);
    sb_printf(out, "seed = %llu\n", sd);
    if (s->init_kind == SESSION_INIT_RANDOM) {
        sb_printf(out, "new random initial parameters: back to step 0 (was step %ld)\n", before);
    }
    return 0;
}

/* Parses argc numbers for `what` into a new array (free it); NULL with err when one is not. */
static double *parse_numbers(int argc, char **argv, const char *what, char *err, size_t errlen)
{
    double *vals = xmalloc((size_t)argc * sizeof(double));
    for (int i = 0; i < argc; i++) {
        if (cmd_parse_double(argv[i], what, &vals[i], err, errlen) != 0) {
            free(vals);
            return NULL;
        }
    }
    return vals;
}

static int apply_init(cmd_app *app, const setting *st, const char *name, int argc, char **argv,
                      strbuf *out, char *err, size_t errlen)
{
    (void)name;
    session *s = &app->s;
    long before = s->step;
    int kind;
    int w = setting_match_word(st, argv[0], &kind, err, errlen);
    if (w < 0) {
        return -1;
    }
    if (w == 1) {
        if (argc != 1) {
            snprintf(err, errlen, "set init %s: takes no further values", kind == SESSION_INIT_ZEROS ? "zeros" : "random");
            return -1;
        }
        session_set_init(s, (session_init_kind)kind, NULL, 0, err, errlen);
    } else {
        double *vals = parse_numbers(argc, argv, "init", err, errlen);
        if (!vals) {
            return -1;
        }
        int r = session_set_init(s, SESSION_INIT_VALUES, vals, (size_t)argc, err, errlen);
        free(vals);
        if (r != 0) {
            return -1;
        }
    }
    sb_printf(out, "initial parameters set; back to step 0");
    if (before > 0) {
        sb_printf(out, " (was step %ld)", before);
    }
    sb_puts(out, "\n");
    cmd_status_line(app, out);
    return 0;
}

static int apply_scale(cmd_app *app, const setting *st, const char *name, int argc, char **argv,
                       strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    (void)name;
    int sc;
    if (setting_match_word(st, argv[0], &sc, err, errlen) != 1) {
        return -1;
    }
    int changed = (session_scale)sc != app->s.scale;
    if (session_set_scale(&app->s, (session_scale)sc, err, errlen) != 0) {
        return -1;
    }
    sb_printf(out, "scale = %s%s\n", sc == SESSION_SCALE_NONE ? "none" : "standardize",
              changed ? "; inputs rescaled, back to step 0" : "");
    return 0;
}

static int apply_digits(cmd_app *app, const setting *st, const char *name, int argc, char **argv,
                        strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    (void)st;
    (void)name;
    long d;
    if (cmd_parse_long(argv[0], "digits", 1, 17, &d, err, errlen) != 0 ||
        session_set_digits(&app->s, (int)d, err, errlen) != 0) {
        return -1;
    }
    sb_printf(out, "digits = %ld\n", d);
    return 0;
}

static int apply_history(cmd_app *app, const setting *st, const char *name, int argc, char **argv,
                         strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    (void)name;
    int word;
    long n = 0;
    int w = setting_match_word(st, argv[0], &word, err, errlen);
    if (w < 0 || (w == 0 && cmd_parse_long(argv[0], "history", 3, LONG_MAX, &n, err, errlen) != 0)) {
        return -1;
    }
    long first = session_first_step(&app->s);
    if (session_set_history(&app->s, n, err, errlen) != 0) {
        return -1;
    }
    if (n == 0) {
        sb_puts(out, "history = unlimited\n");
    } else {
        sb_printf(out, "history = %ld: the parameters of the last %ld steps are kept\n", n, n);
    }
    if (session_first_step(&app->s) > first) {
        sb_printf(out, "steps before %ld dropped: back stops there, a trace starts there\n",
                  session_first_step(&app->s));
        app->s.hist_dropped = 2;
    }
    return 0;
}

static int apply_theme(cmd_app *app, const setting *st, const char *name, int argc, char **argv,
                       strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    (void)name;
    int th;
    if (setting_match_word(st, argv[0], &th, err, errlen) != 1) {
        return -1;
    }
    app->theme = th;  /* the full screen recolours itself after the command */
    sb_printf(out, "theme = %s%s\n", cmd_theme_name(th),
              app->ui ? "" : " (the full screen's colours; nothing changes here)");
    return 0;
}

/* Tries the parameters vals (w1..wk then b); -1 with "set NAME: why" when they do not fit. */
static int try_params(cmd_app *app, const char *name, const double *vals, char *err, size_t errlen)
{
    if (session_try_params(&app->s, vals, err, errlen) != 0) {
        err_prefix(err, errlen, "set %s: ", name);
        return -1;
    }
    return 0;
}

/* set w F..F: one value for every weight, or one for all. */
static int set_all_weights(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    size_t k = s->data.k;
    if ((size_t)argc != k && argc != 1) {
        snprintf(err, errlen, "set w: expected %zu value%s (w1..w%zu) or one for all, got %d", k,
                 k == 1 ? "" : "s", k, argc);
        return -1;
    }
    double *vals = xmalloc((k + 1) * sizeof(double));
    for (size_t c = 0; c < k; c++) {
        if (cmd_parse_double(argv[argc == 1 ? 0 : c], "w", &vals[c], err, errlen) != 0) {
            free(vals);
            return -1;
        }
    }
    vals[k] = s->b;
    int r = try_params(app, "w", vals, err, errlen);
    free(vals);
    if (r == 0) {
        cmd_status_line(app, out);
    }
    return r;
}

/* set b F and set wJ F: one parameter; set w F..F: every weight. */
static int apply_param(cmd_app *app, const setting *st, const char *name, int argc, char **argv,
                       strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    if ((st->flags & SETTING_INDEXED) && strcmp(name, st->name) == 0) {
        return set_all_weights(app, argc, argv, out, err, errlen);
    }
    if (argc != 1) {
        snprintf(err, errlen, "set %s: expected one value, got %d", name, argc);
        return -1;
    }
    size_t j;
    double v;
    char a[64];
    if (cmd_parse_param(s, name, &j, err, errlen) != 0 || cmd_parse_double(argv[0], name, &v, err, errlen) != 0) {
        return -1;
    }
    double *vals = xmalloc((s->data.k + 1) * sizeof(double));
    memcpy(vals, s->w, s->data.k * sizeof(double));
    vals[s->data.k] = s->b;
    vals[j] = v;
    int r = try_params(app, name, vals, err, errlen);
    free(vals);
    if (r == 0) {
        sb_printf(out, "%s = %s\n", name, fmt_exact(a, sizeof a, v));
    }
    return r;
}

/* set hidden H1 [H2 ...] | none */
static int apply_hidden(cmd_app *app, const setting *st, const char *name, int argc, char **argv, strbuf *out,
                        char *err, size_t errlen)
{
    (void)name;
    size_t sizes[NET_MAX_HIDDEN], h = 0;
    int v0;
    char e2[8];
    if (argc == 1 && !isdigit((unsigned char)argv[0][0]) && setting_match_word(st, argv[0], &v0, e2, sizeof e2) == 1) {
        return cmd_net_set_hidden(app, sizes, 0, out, err, errlen);
    }
    if (argc > NET_MAX_HIDDEN) {
        snprintf(err, errlen, "set hidden: at most %d hidden layers, not %d", NET_MAX_HIDDEN, argc);
        return -1;
    }
    for (int q = 0; q < argc; q++) {
        long v;
        char what[48];
        snprintf(what, sizeof what, "set hidden: layer %d's neurons", q + 1);
        if (cmd_parse_long(argv[q], what, 1, NET_MAX_WIDTH, &v, err, errlen) != 0) {
            return -1;
        }
        sizes[h++] = (size_t)v;
    }
    return cmd_net_set_hidden(app, sizes, h, out, err, errlen);
}

static void print_hidden(const cmd_app *app, strbuf *out)
{
    if (app->s.net.nhidden == 0) {
        sb_puts(out, "none");
    }
    for (size_t q = 0; q < app->s.net.nhidden; q++) {
        sb_printf(out, "%s%zu", q ? " " : "", app->s.net.hidden[q]);
    }
}

/* set output sigmoid|softmax */
static int apply_output(cmd_app *app, const setting *st, const char *name, int argc, char **argv, strbuf *out,
                        char *err, size_t errlen)
{
    (void)name;
    (void)argc;
    int o;
    if (setting_match_word(st, argv[0], &o, err, errlen) != 1) {
        return -1;
    }
    return cmd_net_set_output(app, (net_output)o, out, err, errlen);
}

static void print_output(const cmd_app *app, strbuf *out)
{
    sb_puts(out, app->s.net.out == NET_OUT_SOFTMAX ? "softmax" : "sigmoid");
}

/* ---- the table ---- */

static const setting_word cost_words[] = {
    { "ce", MODEL_COST_CE, 0 }, { "cross-entropy", MODEL_COST_CE, 1 },
    { "quadratic", MODEL_COST_QUAD, 0 }, { "quad", MODEL_COST_QUAD, 1 }, { NULL, 0, 0 },
};
static const setting_word batch_words[] = { { "full", 0, 0 }, { NULL, 0, 0 } };
static const setting_word init_words[] = {
    { "zeros", SESSION_INIT_ZEROS, 0 }, { "random", SESSION_INIT_RANDOM, 0 }, { NULL, 0, 0 },
};
static const setting_word hidden_words[] = { { "none", 0, 0 }, { NULL, 0, 0 } };
static const setting_word output_words[] = {
    { "sigmoid", NET_OUT_SIGMOID, 0 }, { "softmax", NET_OUT_SOFTMAX, 0 }, { NULL, 0, 0 },
};
static const setting_word scale_words[] = {
    { "none", SESSION_SCALE_NONE, 0 }, { "standardize", SESSION_SCALE_STANDARDIZE, 0 }, { NULL, 0, 0 },
};

static const setting_word history_words[] = { { "unlimited", 0, 0 }, { NULL, 0, 0 } };

static const setting_word theme_words[] = {
    { "dark", CMD_THEME_DARK, 0 }, { "light", CMD_THEME_LIGHT, 0 }, { "mono", CMD_THEME_MONO, 0 },
    { "auto", CMD_THEME_AUTO, 0 }, { NULL, 0, 0 },
};

const setting cmd_settings[] = {
    { .name = "eta", .values = "F", .help = "the learning rate (greater than 0)",
      .min_values = 1, .max_values = 1, .apply = apply_rate, .print = print_eta },
    { .name = "lambda", .values = "F", .help = "the L2 regularisation strength (0 or more)",
      .min_values = 1, .max_values = 1, .apply = apply_rate, .print = print_lambda },
    { .name = "cost", .values = "ce|quadratic", .help = "the cost: cross-entropy or quadratic",
      .words = cost_words, .what = "a cost", .min_values = 1, .max_values = 1, .apply = apply_cost,
      .print = print_cost },
    { .name = "batch", .values = "full|M", .help = "examples per update: all of them, or M taken in turn",
      .words = batch_words, .what = "a batch size", .min_values = 1, .max_values = 1, .apply = apply_batch,
      .print = print_batch },
    { .name = "seed", .values = "S", .help = "the seed of init random",
      .min_values = 1, .max_values = 1, .flags = SETTING_RESETS, .apply = apply_seed, .print = print_seed },
    { .name = "init", .values = "zeros|random|W1..Wk B", .help = "the initial parameters",
      .words = init_words, .what = "an initialisation", .min_values = 1, .max_values = -1,
      .flags = SETTING_RESETS, .apply = apply_init, .print = print_init },
    { .name = "scale", .values = "none|standardize", .help = "the inputs as given, or standardized per column",
      .words = scale_words, .what = "a scaling", .min_values = 1, .max_values = 1, .flags = SETTING_RESETS,
      .apply = apply_scale, .print = print_scale },
    { .name = "digits", .values = "D", .help = "significant digits shown (1 to 17)",
      .min_values = 1, .max_values = 1, .apply = apply_digits, .print = print_digits },
    { .name = "history", .values = "unlimited|N",
      .help = "the steps whose parameters are kept for back and traces: all, or the last N (3 or more)",
      .words = history_words, .what = "a history length", .min_values = 1, .max_values = 1,
      .apply = apply_history, .print = print_history },
    { .name = "theme", .values = "dark|light|mono|auto",
      .help = "the full screen's colours: dark, light (for a white screen), mono, or auto",
      .words = theme_words, .what = "a theme", .min_values = 1, .max_values = 1, .apply = apply_theme,
      .print = print_theme },
    { .name = "hidden", .values = "H1 [H2 ...]|none", .help = "hidden layers of sigmoid neurons (1 to 4 layers of 1 to 256)",
      .words = hidden_words, .what = "a layer size", .min_values = 1, .max_values = -1,
      .flags = SETTING_RESETS, .apply = apply_hidden, .print = print_hidden },
    { .name = "output", .values = "sigmoid|softmax", .help = "the output layer: sigmoid, or softmax (needs classes)",
      .words = output_words, .what = "an output", .min_values = 1, .max_values = 1, .flags = SETTING_RESETS,
      .apply = apply_output, .print = print_output },
    { .name = "w", .values = "F..F", .help = "every weight (one value each, or one for all); wJ F: weight J",
      .min_values = 1, .max_values = -1, .flags = SETTING_INDEXED, .apply = apply_param },
    { .name = "b", .values = "F", .help = "the bias",
      .min_values = 1, .max_values = 1, .apply = apply_param },
    { .name = NULL },
};

/* ---- names and words ---- */

/* 1 when name is "w" followed by a digit: an indexed name of the setting named "w". */
static int is_indexed(const setting *st, const char *name)
{
    size_t n = strlen(st->name);
    return (st->flags & SETTING_INDEXED) && strncmp(name, st->name, n) == 0 &&
           isdigit((unsigned char)name[n]);
}

static void unknown_name(const session *s, const char *name, char *err, size_t errlen)
{
    const char *names[64];
    size_t count = 0;
    char q[48];
    strbuf list = {0};
    for (const setting *st = cmd_settings; st->name; st++) {
        sb_printf(&list, "%s%s", count ? ", " : "", st->name);
        if (st->flags & SETTING_INDEXED) {
            sb_printf(&list, ", %s1..%s%zu", st->name, st->name, s->data.k);
        }
        if (count < 64) {
            names[count++] = st->name;
        }
    }
    const char *near = suggest_nearest(name, names, count);
    snprintf(err, errlen, "set: unknown name \"%s\" (%s)%s%s%s", cmd_quote(name, q, sizeof q), sb_str(&list),
             near ? "; did you mean " : "", near ? near : "", near ? "?" : "");
    sb_free(&list);
}

const setting *setting_find(const session *s, const char *name, char *err, size_t errlen)
{
    const setting *found = NULL;
    size_t matches = 0, len = strlen(name);
    for (const setting *st = cmd_settings; st->name; st++) {
        if (strcmp(st->name, name) == 0 || is_indexed(st, name)) {
            return st;
        }
        if (len > 0 && strncmp(st->name, name, len) == 0) {
            found = st;
            matches++;
        }
    }
    if (matches == 1) {
        return found;
    }
    if (matches == 0) {
        unknown_name(s, name, err, errlen);
        return NULL;
    }
    char q[48];
    size_t used = (size_t)snprintf(err, errlen, "set: ambiguous name \"%s\", could be:", cmd_quote(name, q, sizeof q));
    const char *sep = " ";
    for (const setting *st = cmd_settings; st->name; st++) {
        if (strncmp(st->name, name, len) == 0 && used < errlen) {
            used += (size_t)snprintf(err + used, errlen - used, "%s%s", sep, st->name);
            sep = ", ";
        }
    }
    return NULL;
}

/* Writes "NAME: "X" is not WHAT (a or b)" and a suggestion when a word is close. */
static void unknown_word(const setting *st, const char *text, char *err, size_t errlen)
{
    const char *words[16];
    size_t count = 0;
    for (const setting_word *w = st->words; w->word && count < 16; w++) {
        if (!w->alias) {
            words[count++] = w->word;
        }
    }
    strbuf list = {0};
    for (size_t i = 0; i < count; i++) {
        sb_printf(&list, "%s%s", i == 0 ? "" : i + 1 == count ? " or " : ", ", words[i]);
    }
    const char *near = suggest_nearest(text, words, count);
    char q[48];
    snprintf(err, errlen, "%s: \"%s\" is not %s (%s)%s%s%s", st->name, cmd_quote(text, q, sizeof q), st->what,
             sb_str(&list), near ? "; did you mean " : "", near ? near : "", near ? "?" : "");
    sb_free(&list);
}

int setting_match_word(const setting *st, const char *text, int *value, char *err, size_t errlen)
{
    size_t len = strlen(text), matches = 0;
    const setting_word *found = NULL;
    int same = 1;
    for (const setting_word *w = st->words; w && w->word; w++) {
        if (strcmp(w->word, text) == 0) {
            *value = w->value;
            return 1;
        }
        if (len > 0 && strncmp(w->word, text, len) == 0) {
            same = same && (!found || found->value == w->value);
            found = found ? found : w;
            matches++;
        }
    }
    if (matches > 0 && same) {
        *value = found->value;
        return 1;
    }
    if (matches == 0) {
        if (st->words) {
            unknown_word(st, text, err, errlen);
        }
        return 0;
    }
    char q[48];
    size_t used = (size_t)snprintf(err, errlen, "%s: \"%s\" is ambiguous, could be:", st->name,
                                   cmd_quote(text, q, sizeof q));
    const char *sep = " ";
    for (const setting_word *w = st->words; w->word; w++) {
        if (strncmp(w->word, text, len) == 0 && used < errlen) {
            used += (size_t)snprintf(err + used, errlen - used, "%s%s", sep, w->word);
            sep = ", ";
        }
    }
    return -1;
}

/* ---- the command ---- */

/* `set` alone: every listed setting, one per line, in the form `set` accepts. */
static void list_settings(cmd_app *app, strbuf *out)
{
    for (const setting *st = cmd_settings; st->name; st++) {
        if (st->print) {
            sb_printf(out, "%s = ", st->name);
            st->print(app, out);
            sb_puts(out, "\n");
        }
    }
}

int cmd_set_exec(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    if (argc == 0) {
        list_settings(app, out);
        return 0;
    }
    int handled = cmd_net_set(app, argc, argv, out, err, errlen);
    if (handled != 0) {
        return handled < 0 ? -1 : 0;
    }
    const setting *st = setting_find(&app->s, argv[0], err, errlen);
    if (!st) {
        return -1;
    }
    const char *name = is_indexed(st, argv[0]) ? argv[0] : st->name;
    int nv = argc - 1;
    char q[48];
    if (nv == 0) {
        snprintf(err, errlen, "set %s: missing value (usage: set NAME VALUE...)", cmd_quote(name, q, sizeof q));
        return -1;
    }
    if (st->max_values >= 0 && nv > st->max_values && name == st->name) {
        snprintf(err, errlen, "set %s: expected one value, got %d", name, nv);
        return -1;
    }
    return st->apply(app, st, name, nv, argv + 1, out, err, errlen);
}

int cmd_set_complete(cmd_app *app, int argc, char **argv, cmd_cands *c)
{
    if (argc == 0) {
        char wn[32];
        for (const setting *st = cmd_settings; st->name; st++) {
            cmd_cand_add(c, st->name);
            for (size_t j = 0; (st->flags & SETTING_INDEXED) && j < app->s.data.k && j < 64; j++) {
                snprintf(wn, sizeof wn, "%s%zu", st->name, j + 1);
                cmd_cand_add(c, wn);
            }
        }
    } else if (argc == 1) {
        char err[ERR_LEN];
        const setting *st = setting_find(&app->s, argv[0], err, sizeof err);
        for (const setting_word *w = st ? st->words : NULL; w && w->word; w++) {
            if (!w->alias) {
                cmd_cand_add(c, w->word);
            }
        }
    }
    return 0;
}

void cmd_set_help(strbuf *out)
{
    sb_puts(out, "Names and word values may be shortened to any unique prefix (set e 0.1, set cost q).\n");
    for (const setting *st = cmd_settings; st->name; st++) {
        char usage[64];
        snprintf(usage, sizeof usage, "%s %s", st->name, st->values);
        sb_printf(out, "  %-26s %s%s\n", usage, st->help,
                  st->flags & SETTING_RESETS ? " (back to step 0)" : "");
    }
    sb_puts(out, "Alone, set lists every setting in the form it accepts.\n");
}
