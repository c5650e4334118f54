/* commands.c: the command table, the line parser and the core commands every mode runs. */
#include "commands.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmd_net.h"
#include "dataset.h"
#include "suggest.h"
#include "explain.h"
#include "fmt.h"
#include "gen.h"
#include "lesson.h"
#include "plot.h"
#include "save.h"

#define MAX_STEPS_PER_COMMAND 10000000L

static const cmd_entry core_cmds[];
static const cmd_entry closing_cmds[];

/* Tables of commands in the order `help` lists them; optional modules add theirs. */
#define MAX_TABLES 16
static const cmd_entry *tables[MAX_TABLES] = { core_cmds, explain_cmds, plot_cmds, lesson_cmds, closing_cmds };
static size_t table_count = 5;

void cmd_register_table(const cmd_entry *table)
{
    for (size_t i = 0; i < table_count; i++) {
        if (tables[i] == table) {
            return;
        }
    }
    if (table_count < MAX_TABLES) {
        tables[table_count++] = table;
    }
}

void cmd_each(void (*fn)(const cmd_entry *e, void *ctx), void *ctx)
{
    for (size_t t = 0; t < table_count; t++) {
        for (const cmd_entry *e = tables[t]; e->name; e++) {
            fn(e, ctx);
        }
    }
}

/* Quotes text for a message, shortened so that the message stays one line. */
static const char *shown(const char *text, char *buf, size_t len)
{
    size_t n = strlen(text);
    if (n + 1 <= len && n <= 40) {
        snprintf(buf, len, "%s", text);
    } else {
        snprintf(buf, len, "%.37s...", text);
    }
    for (char *p = buf; *p; p++) {
        if ((unsigned char)*p < 32 || *p == 127) {
            *p = '?';
        }
    }
    return buf;
}

typedef struct {
    const char *names[128];
    size_t n;
} name_list;

static void add_name(const cmd_entry *e, void *ctx)
{
    name_list *l = ctx;
    if (l->n < sizeof l->names / sizeof l->names[0]) {
        l->names[l->n++] = e->name;
    }
}

/* The command whose name is nearest to a mistyped one ("explian": explain), or NULL. */
static const char *cmd_suggest(const char *name)
{
    name_list l;
    l.n = 0;
    cmd_each(add_name, &l);
    return suggest_nearest(name, l.names, l.n);
}

const cmd_entry *cmd_lookup(const char *name, char *err, size_t errlen)
{
    const cmd_entry *found = NULL;
    size_t matches = 0, len = strlen(name);
    for (size_t t = 0; t < table_count; t++) {
        for (const cmd_entry *e = tables[t]; e->name; e++) {
            if (strcmp(e->name, name) == 0) {
                return e;
            }
            if (strncmp(e->name, name, len) == 0) {
                found = e;
                matches++;
            }
        }
    }
    if (matches == 1) {
        return found;
    }
    if (matches == 0) {
        char q[48];
        const char *near = cmd_suggest(name);
        if (near) {
            snprintf(err, errlen, "unknown command: %s: did you mean %s?", shown(name, q, sizeof q), near);
        } else {
            snprintf(err, errlen, "unknown command: %s (type help for the list)", shown(name, q, sizeof q));
        }
        return NULL;
    }
    char q[48];
    size_t used = (size_t)snprintf(err, errlen, "ambiguous command: %s, could be:", shown(name, q, sizeof q));
    const char *sep = " ";
    for (size_t t = 0; t < table_count; t++) {
        for (const cmd_entry *e = tables[t]; e->name; e++) {
            if (strncmp(e->name, name, len) == 0 && used < errlen) {
                used += (size_t)snprintf(err + used, errlen - used, "%s%s", sep, e->name);
                sep = ", ";
            }
        }
    }
    return NULL;
}

/* ---- words ---- */

int cmd_split(const char *line, char ***argv_out, char *err, size_t errlen)
{
    size_t cap = 8, count = 0;
    char **argv = malloc(cap * sizeof(char *));
    size_t len = strlen(line);
    char *word = malloc(len + 1);
    if (!argv || !word) {
        free(argv);
        free(word);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    const char *p = line;
    for (;;) {
        while (*p && isspace((unsigned char)*p)) {
            p++;
        }
        if (!*p || *p == '#') {
            break;
        }
        size_t w = 0;
        while (*p && !isspace((unsigned char)*p)) {
            if (*p == '"') {
                p++;
                while (*p && *p != '"') {
                    if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) {
                        p++;
                    }
                    word[w++] = *p++;
                }
                if (*p != '"') {
                    snprintf(err, errlen, "unterminated quote");
                    for (size_t i = 0; i < count; i++) {
                        free(argv[i]);
                    }
                    free(argv);
                    free(word);
                    return -1;
                }
                p++;
            } else {
                word[w++] = *p++;
            }
        }
        word[w] = '\0';
        if (count + 2 > cap) {
            cap *= 2;
            char **na = realloc(argv, cap * sizeof(char *));
            if (!na) {
                break;
            }
            argv = na;
        }
        argv[count] = strdup(word);
        if (!argv[count]) {
            break;
        }
        count++;
    }
    free(word);
    argv[count] = NULL;
    *argv_out = argv;
    return (int)count;
}

void cmd_free_words(char **argv)
{
    if (!argv) {
        return;
    }
    for (char **a = argv; *a; a++) {
        free(*a);
    }
    free(argv);
}


int cmd_parse_double(const char *text, const char *what, double *v, char *err, size_t errlen)
{
    char q[48];
    char *end;
    errno = 0;
    double d = strtod(text, &end);
    int hex = strchr(text, 'x') || strchr(text, 'X');
    if (end == text || *end || hex || isnan(d)) {
        snprintf(err, errlen, "%s: \"%s\" is not a number", what, shown(text, q, sizeof q));
        return -1;
    }
    if (errno == ERANGE && fabs(d) > 1.0) {
        snprintf(err, errlen, "%s: \"%s\" is too large (the largest number is about 1.8e308)", what,
                 shown(text, q, sizeof q));
        return -1;
    }
    if (!isfinite(d)) {
        snprintf(err, errlen, "%s: %s is not a finite number", what, shown(text, q, sizeof q));
        return -1;
    }
    *v = d;
    return 0;
}

int cmd_parse_long(const char *text, const char *what, long lo, long hi, long *v,
                   char *err, size_t errlen)
{
    char q[48];
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (end == text || *end) {
        snprintf(err, errlen, "%s: \"%s\" is not a whole number", what, shown(text, q, sizeof q));
        return -1;
    }
    if (errno == ERANGE || n < lo || n > hi) {
        snprintf(err, errlen, "%s: %s is out of range (%ld to %ld)", what, shown(text, q, sizeof q), lo, hi);
        return -1;
    }
    *v = n;
    return 0;
}

int cmd_parse_example(const session *s, const char *text, size_t *i, char *err, size_t errlen)
{
    long v;
    char what[64];
    snprintf(what, sizeof what, "example number (1..%zu)", s->data.n);
    if (cmd_parse_long(text, what, 1, (long)s->data.n, &v, err, errlen) != 0) {
        return -1;
    }
    *i = (size_t)v - 1;
    return 0;
}

int cmd_parse_param(const session *s, const char *text, size_t *j, char *err, size_t errlen)
{
    size_t k = s->data.k;
    char q[48];
    if (strcmp(text, "b") == 0) {
        *j = k;
        return 0;
    }
    if (cmd_net_alias(s, text, j) == 0) {
        return 0;
    }
    const char *num = text[0] == 'w' ? text + 1 : text;
    char *end;
    errno = 0;
    long v = strtol(num, &end, 10);
    if (*num && !*end && errno == 0 && v >= 1 && (size_t)v <= k) {
        *j = (size_t)v - 1;
        return 0;
    }
    /* An input's header name names its weight too. */
    for (size_t c = 0; c < k; c++) {
        if (s->data.input_names && strcmp(s->data.input_names[c], text) == 0) {
            *j = c;
            return 0;
        }
    }
    snprintf(err, errlen, "\"%s\" is not a parameter: use w1..w%zu or b", shown(text, q, sizeof q), k);
    return -1;
}

/* ---- output helpers ---- */

static const char *cost_name(model_cost c)
{
    return c == MODEL_COST_CE ? "cross-entropy" : "quadratic";
}

/* Writes "full (n = 4)" or "2 of 4" for the batch setting. */
static void batch_text(const session *s, char *buf, size_t len)
{
    if (s->batch == 0) {
        snprintf(buf, len, "full");
    } else {
        snprintf(buf, len, "%zu", s->batch);
    }
}

/* The name of parameter j for tables: "w1" or "b". */
static void pname(const session *s, size_t j, char *buf, size_t len)
{
    if (j == s->data.k) {
        snprintf(buf, len, "b");
    } else {
        snprintf(buf, len, "w%zu", j + 1);
    }
}

/* One line: "step 3  C = 0.5632 (-0.0456)". */
static void status_line(cmd_app *app, strbuf *out)
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

/* Appends " " and text right-aligned in width display columns. */
static void pad_right(strbuf *out, const char *text, int width)
{
    int pad = width - fmt_width(text);
    sb_printf(out, " %*s%s", pad > 0 ? pad : 0, "", text);
}

static void show_params(cmd_app *app, strbuf *out)
{
    session *s = &app->s;
    const session_eval *ev = session_evaluate(s);
    size_t k = s->data.k;
    int dg = s->digits;
    char a[64], b[64], c[64], name[32], bt[32];
    batch_text(s, bt, sizeof bt);
    sb_printf(out, "step %ld  C = %s  %s = %s  %s = %s  cost %s  batch %s  n = %zu\n", s->step,
              fmt_num(a, sizeof a, ev->cost, dg, 0), fmt_glyph("η", "eta"),
              fmt_exact(b, sizeof b, s->eta), fmt_glyph("λ", "lambda"),
              fmt_exact(c, sizeof c, s->lambda), cost_name(s->cost), bt, s->data.n);
    int width = dg + 8;
    sb_printf(out, "%-6s", "param");
    pad_right(out, "value", width);
    pad_right(out, fmt_glyph("∂C/∂·", "dC/d."), width);
    pad_right(out, "last change", width);
    sb_puts(out, "\n");
    for (size_t j = 0; j <= k; j++) {
        pname(s, j, name, sizeof name);
        double v = j < k ? s->w[j] : s->b;
        double g = j < k ? ev->grad_w[j] : ev->grad_b;
        sb_printf(out, "%-6s %*s %*s", name, width, fmt_num(a, sizeof a, v, dg, FMT_SIGN), width,
                  fmt_num(b, sizeof b, g, dg, FMT_SIGN));
        if (s->step > 0) {
            double prev = session_param_at(s, s->step - 1, j);
            sb_printf(out, " %*s", width, fmt_num(c, sizeof c, v - prev, dg, FMT_SIGN));
        } else {
            sb_printf(out, " %*s", width, "-");
        }
        char dflt[32];
        snprintf(dflt, sizeof dflt, "x%zu", j + 1);
        if (j < k && strcmp(s->data.input_names[j], dflt) != 0) {
            sb_printf(out, "   weight on %s", s->data.input_names[j]);
        }
        sb_puts(out, "\n");
    }
    sb_printf(out, "accuracy %zu/%zu at %s >= 0.5\n", ev->correct, s->data.n, fmt_glyph("σ(z)", "sigma(z)"));
}

#define SHOW_ROWS_MAX 1000


static void show_data(cmd_app *app, strbuf *out)
{
    session *s = &app->s;
    session_evaluate(s);
    size_t k = s->data.k, n = s->data.n;
    int dg = s->digits;
    int w = dg + 7;
    char v[64];
    const char *sig = fmt_glyph("σ(z)", "sigma(z)");
    const char *gap = fmt_glyph("σ(z)−y", "sigma(z)-y");
    sb_printf(out, "%5s |", "x");
    for (size_t j = 0; j < k; j++) {
        pad_right(out, s->data.input_names[j], w);
    }
    sb_puts(out, " |");
    pad_right(out, s->data.target_name, w);
    sb_puts(out, " |");
    pad_right(out, "z", w);
    pad_right(out, sig, w);
    pad_right(out, gap, w);
    pad_right(out, "C_x", w);
    sb_puts(out, "\n");
    size_t limit = n <= SHOW_ROWS_MAX ? n : SHOW_ROWS_MAX;
    for (size_t i = 0; i < limit; i++) {
        sb_printf(out, "%5zu |", i + 1);
        for (size_t j = 0; j < k; j++) {
            sb_printf(out, " %*s", w, fmt_num(v, sizeof v, s->data.x[i * k + j], dg, 0));
        }
        sb_printf(out, " | %*s |", w, fmt_num(v, sizeof v, s->data.y[i], dg, 0));
        model_example e = session_example(s, i);
        sb_printf(out, " %*s", w, fmt_num(v, sizeof v, e.z, dg, FMT_SIGN));
        sb_printf(out, " %*s", w, fmt_num(v, sizeof v, e.a, dg, 0));
        sb_printf(out, " %*s", w, fmt_num(v, sizeof v, model_error(&e, s->data.y[i]), dg, FMT_SIGN));
        sb_printf(out, " %*s\n", w, fmt_num(v, sizeof v, e.cost, dg, 0));
    }
    if (limit < n) {
        sb_printf(out, "(%zu more rows not shown)\n", n - limit);
    }
}

/* ---- the core commands ---- */

void cmd_progress_begin(cmd_app *app, int kind, const char *what)
{
    app->progress_kind = kind;
    app->progress_what = what ? what : "";
    app->progress_started = clock_seconds();
}

long cmd_progress_percent(long done, long total)
{
    return total > 0 ? (long)(100.0 * (double)done / (double)total) : 0;
}

int cmd_fill_costs(cmd_app *app, const char *what, char *err, size_t errlen)
{
    cmd_progress_begin(app, CMD_PROGRESS_STEPS, what);
    long left = session_cost_fill(&app->s, 1, 0, app->progress, app->progress_ctx);
    cmd_progress_begin(app, CMD_PROGRESS_RUN, NULL);
    if (left > 0) {
        snprintf(err, errlen, "%s: stopped; C is computed at %ld of the %ld steps so far", what,
                 app->s.hist_top + 1 - left, app->s.hist_top + 1);
        return -1;
    }
    return 0;
}

static int do_load(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    dataset d;
    cmd_progress_begin(app, CMD_PROGRESS_LOAD, NULL);
    int rc = dataset_load_with_progress(argv[0], &d, app->progress, app->progress_ctx, err, errlen);
    cmd_progress_begin(app, CMD_PROGRESS_RUN, NULL);
    if (rc != 0) {
        return -1;
    }
    int kept_values = app->s.init_kind == SESSION_INIT_VALUES;
    if (session_load(&app->s, &d, err, errlen) != 0) {
        dataset_free(&d);
        return -1;
    }
    session *s = &app->s;
    sb_printf(out, "loaded %s: n = %zu example%s, k = %zu input%s (", s->data.name, s->data.n,
              s->data.n == 1 ? "" : "s", s->data.k, s->data.k == 1 ? "" : "s");
    for (size_t j = 0; j < s->data.k && j < 8; j++) {
        sb_printf(out, "%s%s", j ? ", " : "", s->data.input_names[j]);
    }
    if (s->data.k > 8) {
        sb_printf(out, ", ...");
    }
    sb_printf(out, "; target %s)\n", s->data.target_name);
    if (s->data.description && *s->data.description) {
        sb_printf(out, "%s\n", s->data.description);
    }
    if (s->data.nclasses) {
        char classes[1024];
        dataset_class_message(&s->data, classes, sizeof classes);
        sb_printf(out, "%s\n", classes);
    }
    if (s->net.softmax_dropped) {
        sb_puts(out, "output = sigmoid: softmax needs a target column of class labels\n");
        s->net.softmax_dropped = 0;
    }
    if (s->net.on) {
        char sizes[96];
        cmd_net_sizes(s, sizes, sizeof sizes);
        sb_printf(out, "network %s, P = %zu parameters\n", sizes, session_nparams(s));
    }
    if (kept_values && s->init_kind != SESSION_INIT_VALUES) {
        sb_printf(out, "init values did not fit k = %zu; starting from zeros\n", s->data.k);
    }
    return 0;
}

static int do_gen(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    size_t n = GEN_DEFAULT_N;
    double noise = GEN_DEFAULT_NOISE;
    uint64_t seed = GEN_DEFAULT_SEED;
    char q[48];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        long v;
        if (strncmp(a, "n=", 2) == 0) {
            if (cmd_parse_long(a + 2, "gen: n", 1, GEN_MAX_N, &v, err, errlen) != 0) {
                return -1;
            }
            n = (size_t)v;
        } else if (strncmp(a, "noise=", 6) == 0) {
            if (cmd_parse_double(a + 6, "gen: noise", &noise, err, errlen) != 0) {
                return -1;
            }
        } else if (strncmp(a, "seed=", 5) == 0) {
            char *end;
            errno = 0;
            unsigned long long sd = strtoull(a + 5, &end, 10);
            if (end == a + 5 || *end || errno || a[5] == '-') {
                snprintf(err, errlen, "gen: seed: \"%s\" is not a whole number", shown(a + 5, q, sizeof q));
                return -1;
            }
            seed = (uint64_t)sd;
        } else {
            snprintf(err, errlen, "gen: unknown option \"%s\" (n=N, noise=F, seed=S)", shown(a, q, sizeof q));
            return -1;
        }
    }
    dataset d;
    char why[512];
    if (gen_make(argv[0], n, noise, seed, &d, why, sizeof why) != 0) {
        snprintf(err, errlen, "gen: %s", why);
        return -1;
    }
    if (session_load(&app->s, &d, err, errlen) != 0) {
        dataset_free(&d);
        return -1;
    }
    sb_printf(out, "generated %s: n = %zu examples, k = %zu inputs (%s)\n", app->s.data.name, app->s.data.n,
              app->s.data.k, app->s.raw.source);
    return 0;
}

static void list_one(const char *name, size_t n, size_t k, const char *desc, void *ctx)
{
    sb_printf((strbuf *)ctx, "  %-12s n = %-6zu k = %-3zu %s\n", name, n, k, desc);
}

static int do_datasets(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    (void)app;
    (void)argc;
    (void)argv;
    int count = dataset_list(list_one, out, err, errlen);
    if (count < 0) {
        return -1;
    }
    if (count == 0) {
        sb_printf(out, "no bundled datasets found in %s\n", dataset_dir());
    }
    return 0;
}

static int do_show(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    const char *what = argc ? argv[0] : "all";
    int handled = cmd_net_show(app, argc, argv, out, err, errlen);
    if (handled != 0) {
        return handled < 0 ? -1 : 0;
    }
    if (argc > 1) {
        snprintf(err, errlen, "show %s: takes no further words", what);
        return -1;
    }
    if (!session_evaluate(&app->s)) {
        snprintf(err, errlen, "show: out of memory");
        return -1;
    }
    if (strcmp(what, "data") == 0) {
        show_data(app, out);
    } else if (strcmp(what, "params") == 0) {
        show_params(app, out);
    } else if (strcmp(what, "all") == 0) {
        show_data(app, out);
        sb_puts(out, "\n");
        show_params(app, out);
    } else {
        snprintf(err, errlen, "show: unknown view \"%s\" (data, params, all, net or example I)", what);
        return -1;
    }
    return 0;
}

/* Reads an example index after a prefix letter(s): "z3" -> 2. */
static int suffix_example(const session *s, const char *name, size_t skip, size_t *i)
{
    const char *num = name + skip;
    if (!*num) {
        return -1;
    }
    for (const char *p = num; *p; p++) {
        if (!isdigit((unsigned char)*p)) {
            return -1;
        }
    }
    long v = strtol(num, NULL, 10);
    if (v < 1 || (size_t)v > s->data.n) {
        return -2;
    }
    *i = (size_t)v - 1;
    return 0;
}

static int do_print(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    session *s = &app->s;
    const session_eval *ev = session_evaluate(s);
    const char *name = argv[0];
    char buf[64], q[48];
    size_t i, j;
    double v;
    int handled = cmd_net_print(app, name, out, err, errlen);
    if (handled != 0) {
        return handled < 0 ? -1 : 0;
    }
    if (strcmp(name, "C") == 0) {
        v = ev->cost;
    } else if (strcmp(name, "step") == 0) {
        sb_printf(out, "step = %ld\n", s->step);
        return 0;
    } else if (strcmp(name, "n") == 0 || strcmp(name, "k") == 0) {
        sb_printf(out, "%s = %zu\n", name, name[0] == 'n' ? s->data.n : s->data.k);
        return 0;
    } else if (strcmp(name, "eta") == 0) {
        v = s->eta;
    } else if (strcmp(name, "lambda") == 0) {
        v = s->lambda;
    } else if (strcmp(name, "b") == 0) {
        v = s->b;
    } else if (strcmp(name, "grad_b") == 0) {
        v = ev->grad_b;
    } else if (strncmp(name, "grad_w", 6) == 0 && cmd_parse_param(s, name + 5, &j, err, errlen) == 0 &&
               j < s->data.k) {
        v = ev->grad_w[j];
    } else if (name[0] == 'w' && cmd_parse_param(s, name, &j, err, errlen) == 0 && j < s->data.k) {
        v = s->w[j];
    } else if (name[0] == 'z' && suffix_example(s, name, 1, &i) == 0) {
        v = session_example(s, i).z;
    } else if (name[0] == 'a' && suffix_example(s, name, 1, &i) == 0) {
        v = session_example(s, i).a;
    } else if (name[0] == 'C' && suffix_example(s, name, 1, &i) == 0) {
        v = session_example(s, i).cost;
    } else if (name[0] == 'y' && suffix_example(s, name, 1, &i) == 0) {
        v = s->data.y[i];
    } else {
        int range = (name[0] == 'z' || name[0] == 'a' || name[0] == 'C' || name[0] == 'y') &&
                    suffix_example(s, name, 1, &i) == -2;
        if (range) {
            snprintf(err, errlen, "print: %s: there are examples 1..%zu", shown(name, q, sizeof q), s->data.n);
        } else {
            snprintf(err, errlen,
                     "print: unknown value \"%s\" (w1..w%zu, b, C, step, eta, lambda, grad_w1.., grad_b, zI, aI, CI, yI)",
                     shown(name, q, sizeof q), s->data.k);
        }
        return -1;
    }
    sb_printf(out, "%s = %s\n", name, fmt_exact(buf, sizeof buf, v));
    return 0;
}

/* Parses an optional count argument N >= 1 (default 1). */
static int count_arg(int argc, char **argv, const char *cmd, long *n, char *err, size_t errlen)
{
    *n = 1;
    if (argc == 0) {
        return 0;
    }
    char what[32];
    snprintf(what, sizeof what, "%s: N", cmd);
    return cmd_parse_long(argv[0], what, 1, MAX_STEPS_PER_COMMAND, n, err, errlen);
}

/* Runs n updates through the session; a failure after some updates keeps them and says so. */
static int run_updates(cmd_app *app, long n, int show_progress, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    long before = s->step;
    /* step is quiet where run animates, but a long step still says how far it is and stops on
     * Ctrl-C or a termination signal. */
    cmd_progress_begin(app, show_progress ? CMD_PROGRESS_RUN : CMD_PROGRESS_STEP, NULL);
    long done = session_step(s, n, app->progress, app->progress_ctx, err, errlen);
    cmd_progress_begin(app, CMD_PROGRESS_RUN, NULL);
    if (done < 0) {
        long made = s->step - before;
        if (made > 0) {
            /* Keep the updates that were fine: report where it stopped. */
            char reason[512];
            snprintf(reason, sizeof reason, "%s", err);
            snprintf(err, errlen, "%s (after %ld good update%s, now at step %ld)", reason, made,
                     made == 1 ? "" : "s", s->step);
        }
        return -1;
    }
    if (done < n) {
        sb_printf(out, "stopped after %ld of %ld updates\n", done, n);
    }
    status_line(app, out);
    return 0;
}

static int do_step(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    long n;
    if (count_arg(argc, argv, "step", &n, err, errlen) != 0) {
        return -1;
    }
    return run_updates(app, n, 0, out, err, errlen);
}

static int do_run(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    long n;
    if (cmd_parse_long(argv[0], "run: N", 1, MAX_STEPS_PER_COMMAND, &n, err, errlen) != 0) {
        return -1;
    }
    (void)argc;
    return run_updates(app, n, 1, out, err, errlen);
}

static int do_next(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    (void)argv;
    session *s = &app->s;
    int r = session_next(s, err, errlen);
    if (r < 0) {
        return -1;
    }
    if (cmd_net_next(app, r, out)) {
        if (r == 1) {
            status_line(app, out);
        }
        return 0;
    }
    if (explain_microstep(s, 80, out, err, errlen) != 0) {
        return -1;
    }
    if (r == 1) {
        status_line(app, out);
    }
    return 0;
}

static int do_back(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    long n;
    if (count_arg(argc, argv, "back", &n, err, errlen) != 0) {
        return -1;
    }
    session *s = &app->s;
    if (s->step == 0 && s->pending == 0) {
        snprintf(err, errlen, "back: already at step 0, nothing to undo");
        return -1;
    }
    long done = session_back(s, n);
    if (done < n) {
        sb_printf(out, "undid %ld (step 0 reached)\n", done);
    }
    if (s->pending > 0) {
        sb_printf(out, "update in progress: %zu of %zu terms added\n", s->pending, s->batch_m);
    }
    status_line(app, out);
    return 0;
}

static int do_reset(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    (void)argv;
    (void)err;
    (void)errlen;
    session_reset(&app->s);
    status_line(app, out);
    return 0;
}

const char *const cmd_set_names[] = {
    "eta", "lambda", "cost", "batch", "seed", "init", "scale", "digits", "w", "b", "hidden", "output", NULL
};

/* Prints every setting, one per line, in the form `set` accepts. */
static void list_settings(cmd_app *app, strbuf *out)
{
    session *s = &app->s;
    char a[64], bt[32];
    batch_text(s, bt, sizeof bt);
    sb_printf(out, "eta = %s\n", fmt_exact(a, sizeof a, s->eta));
    sb_printf(out, "lambda = %s\n", fmt_exact(a, sizeof a, s->lambda));
    sb_printf(out, "cost = %s\n", s->cost == MODEL_COST_CE ? "ce" : "quadratic");
    sb_printf(out, "batch = %s\n", bt);
    sb_printf(out, "seed = %llu\n", (unsigned long long)s->seed);
    sb_printf(out, "init = %s", s->init_kind == SESSION_INIT_ZEROS ? "zeros"
                                : s->init_kind == SESSION_INIT_RANDOM ? "random" : "");
    if (s->init_kind == SESSION_INIT_VALUES) {
        const double *iv = s->net.on && s->net.init_values ? s->net.init_values : s->init_values;
        for (size_t j = 0; j < session_nparams(s); j++) {
            sb_printf(out, "%s%s", j ? " " : "", fmt_exact(a, sizeof a, iv[j]));
        }
    }
    sb_puts(out, "\n");
    if (s->net.nhidden > 0 || s->net.out != NET_OUT_SIGMOID) {
        sb_puts(out, "hidden =");
        for (size_t q = 0; q < s->net.nhidden; q++) {
            sb_printf(out, " %zu", s->net.hidden[q]);
        }
        sb_printf(out, "%s\noutput = %s\n", s->net.nhidden ? "" : " none",
                  s->net.out == NET_OUT_SOFTMAX ? "softmax" : "sigmoid");
    }
    sb_printf(out, "scale = %s\n", s->scale == SESSION_SCALE_NONE ? "none" : "standardize");
    sb_printf(out, "digits = %d\n", s->digits);
}

static int do_set(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    if (argc == 0) {
        list_settings(app, out);
        return 0;
    }
    int handled = cmd_net_set(app, argc, argv, out, err, errlen);
    if (handled != 0) {
        return handled < 0 ? -1 : 0;
    }
    const char *name = argv[0];
    int nv = argc - 1;
    char a[64], q[48];
    size_t j;
    if (nv == 0) {
        snprintf(err, errlen, "set %s: missing value (usage: set NAME VALUE...)", shown(name, q, sizeof q));
        return -1;
    }
    int single = strcmp(name, "init") != 0 && strcmp(name, "w") != 0;
    if (single && nv != 1) {
        snprintf(err, errlen, "set %s: expected one value, got %d", shown(name, q, sizeof q), nv);
        return -1;
    }
    const char *val = argv[1];
    double v;
    if (strcmp(name, "eta") == 0 || strcmp(name, "lambda") == 0) {
        if (cmd_parse_double(val, name, &v, err, errlen) != 0) {
            return -1;
        }
        int r = name[0] == 'e' ? session_set_eta(s, v, err, errlen) : session_set_lambda(s, v, err, errlen);
        if (r != 0) {
            return -1;
        }
        sb_printf(out, "%s = %s\n", name, fmt_exact(a, sizeof a, v));
    } else if (strcmp(name, "cost") == 0) {
        model_cost c;
        if (strcmp(val, "ce") == 0 || strcmp(val, "cross-entropy") == 0) {
            c = MODEL_COST_CE;
        } else if (strcmp(val, "quadratic") == 0 || strcmp(val, "quad") == 0) {
            c = MODEL_COST_QUAD;
        } else {
            snprintf(err, errlen, "cost: \"%s\" is not a cost (ce or quadratic)", shown(val, q, sizeof q));
            return -1;
        }
        if (session_set_cost(s, c, err, errlen) != 0) {
            return -1;
        }
        sb_printf(out, "cost = %s\n", cost_name(c));
    } else if (strcmp(name, "batch") == 0) {
        long m = 0;
        if (strcmp(val, "full") != 0 &&
            cmd_parse_long(val, "batch", 1, (long)s->data.n, &m, err, errlen) != 0) {
            return -1;
        }
        if (session_set_batch(s, (size_t)m, err, errlen) != 0) {
            return -1;
        }
        batch_text(s, a, sizeof a);
        sb_printf(out, "batch = %s\n", a);
    } else if (strcmp(name, "seed") == 0) {
        char *end;
        errno = 0;
        unsigned long long sd = strtoull(val, &end, 10);
        if (end == val || *end || errno || val[0] == '-') {
            snprintf(err, errlen, "seed: \"%s\" is not a whole number from 0 to %llu", shown(val, q, sizeof q),
                     (unsigned long long)UINT64_MAX);
            return -1;
        }
        long before = s->step;
        session_set_seed(s, (uint64_t)sd, err, errlen);
        sb_printf(out, "seed = %llu\n", sd);
        if (s->init_kind == SESSION_INIT_RANDOM) {
            sb_printf(out, "new random initial parameters: back to step 0 (was step %ld)\n", before);
        }
    } else if (strcmp(name, "init") == 0) {
        long before = s->step;
        if (strcmp(val, "zeros") == 0 || strcmp(val, "random") == 0) {
            if (nv != 1) {
                snprintf(err, errlen, "set init %s: takes no further values", val);
                return -1;
            }
            session_set_init(s, val[0] == 'z' ? SESSION_INIT_ZEROS : SESSION_INIT_RANDOM, NULL, 0, err, errlen);
        } else {
            double *vals = malloc((size_t)nv * sizeof(double));
            if (!vals) {
                snprintf(err, errlen, "init: out of memory");
                return -1;
            }
            for (int i = 0; i < nv; i++) {
                if (cmd_parse_double(argv[1 + i], "init", &vals[i], err, errlen) != 0) {
                    free(vals);
                    return -1;
                }
            }
            int r = session_set_init(s, SESSION_INIT_VALUES, vals, (size_t)nv, err, errlen);
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
        status_line(app, out);
    } else if (strcmp(name, "scale") == 0) {
        session_scale sc;
        if (strcmp(val, "none") == 0) {
            sc = SESSION_SCALE_NONE;
        } else if (strcmp(val, "standardize") == 0) {
            sc = SESSION_SCALE_STANDARDIZE;
        } else {
            snprintf(err, errlen, "scale: \"%s\" is not a scaling (none or standardize)", shown(val, q, sizeof q));
            return -1;
        }
        int changed = sc != s->scale;
        if (session_set_scale(s, sc, err, errlen) != 0) {
            return -1;
        }
        sb_printf(out, "scale = %s%s\n", val, changed ? "; inputs rescaled, back to step 0" : "");
    } else if (strcmp(name, "digits") == 0) {
        long d;
        if (cmd_parse_long(val, "digits", 1, 17, &d, err, errlen) != 0 ||
            session_set_digits(s, (int)d, err, errlen) != 0) {
            return -1;
        }
        sb_printf(out, "digits = %ld\n", d);
    } else if (strcmp(name, "w") == 0) {
        size_t k = s->data.k;
        if ((size_t)nv != k && nv != 1) {
            snprintf(err, errlen, "set w: expected %zu value%s (w1..w%zu) or one for all, got %d", k,
                     k == 1 ? "" : "s", k, nv);
            return -1;
        }
        double *vals = malloc((k + 1) * sizeof(double));
        if (!vals) {
            snprintf(err, errlen, "set w: out of memory");
            return -1;
        }
        for (size_t c = 0; c < k; c++) {
            if (cmd_parse_double(argv[1 + (nv == 1 ? 0 : c)], "w", &vals[c], err, errlen) != 0) {
                free(vals);
                return -1;
            }
        }
        vals[k] = s->b;
        char why[256];
        int r = session_try_params(s, vals, why, sizeof why);
        free(vals);
        if (r != 0) {
            snprintf(err, errlen, "set w: %s", why);
            return -1;
        }
        status_line(app, out);
    } else if (strcmp(name, "b") == 0 || (name[0] == 'w' && isdigit((unsigned char)name[1]))) {
        if (cmd_parse_param(s, name, &j, err, errlen) != 0) {
            return -1;
        }
        if (cmd_parse_double(val, name, &v, err, errlen) != 0) {
            return -1;
        }
        double *vals = malloc((s->data.k + 1) * sizeof(double));
        if (!vals) {
            snprintf(err, errlen, "set %s: out of memory", name);
            return -1;
        }
        memcpy(vals, s->w, s->data.k * sizeof(double));
        vals[s->data.k] = s->b;
        vals[j] = v;
        char why[256];
        int r = session_try_params(s, vals, why, sizeof why);
        free(vals);
        if (r != 0) {
            snprintf(err, errlen, "set %s: %s", name, why);
            return -1;
        }
        sb_printf(out, "%s = %s\n", name, fmt_exact(a, sizeof a, v));
    } else {
        snprintf(err, errlen,
                 "set: unknown name \"%s\" (eta, lambda, cost, batch, seed, init, scale, digits, w, w1..w%zu, b)",
                 shown(name, q, sizeof q), s->data.k);
        return -1;
    }
    return 0;
}

static int do_predict(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    size_t k = s->data.k;
    int handled = cmd_net_predict(app, argc, argv, out, err, errlen);
    if (handled != 0) {
        return handled < 0 ? -1 : 0;
    }
    if ((size_t)argc != k) {
        snprintf(err, errlen, "predict: expected %zu input value%s (x1..x%zu), got %d", k, k == 1 ? "" : "s", k, argc);
        return -1;
    }
    double *x = malloc(k * sizeof(double));
    if (!x) {
        snprintf(err, errlen, "predict: out of memory");
        return -1;
    }
    for (size_t j = 0; j < k; j++) {
        char what[32];
        snprintf(what, sizeof what, "predict: x%zu", j + 1);
        if (cmd_parse_double(argv[j], what, &x[j], err, errlen) != 0) {
            free(x);
            return -1;
        }
    }
    double z, a;
    session_predict(s, x, &z, &a);
    free(x);
    char zb[64], ab[64];
    sb_printf(out, "z = %s  %s = %s  (class %d at %s >= 0.5)\n", fmt_num(zb, sizeof zb, z, s->digits, FMT_SIGN),
              fmt_glyph("σ(z)", "sigma(z)"), fmt_num(ab, sizeof ab, a, s->digits, 0), a >= 0.5,
              fmt_glyph("σ(z)", "sigma(z)"));
    return 0;
}

static int do_save(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    const char *what = argv[0];
    if (strcmp(what, "trace") == 0 || strcmp(what, "session") == 0) {
        if (argc != 2) {
            snprintf(err, errlen, "save %s: expected one FILE (usage: save %s FILE)", what, what);
            return -1;
        }
        int r;
        if (what[0] == 't') {
            cmd_progress_begin(app, CMD_PROGRESS_STEPS, "save trace");
            r = save_trace(&app->s, argv[1], app->progress, app->progress_ctx, err, errlen);
            cmd_progress_begin(app, CMD_PROGRESS_RUN, NULL);
        } else {
            r = save_session(&app->s, argv[1], err, errlen);
        }
        if (r != 0) {
            return -1;
        }
        sb_printf(out, "saved %s to %s\n", what, argv[1]);
        return 0;
    }
    if (strcmp(what, "plot") == 0) {
        if (argc < 3 || argc > 4) {
            snprintf(err, errlen, "save plot: expected VIEW [log] FILE (usage: save plot cost|sigmoid|boundary FILE.svg)");
            return -1;
        }
        char view[64];
        snprintf(view, sizeof view, "%.30s%s%.30s", argv[1], argc == 4 ? " " : "", argc == 4 ? argv[2] : "");
        if (plot_save_svg(app, view, argv[argc - 1], err, errlen) != 0) {
            return -1;
        }
        sb_printf(out, "saved plot %s to %s\n", view, argv[argc - 1]);
        return 0;
    }
    if (strcmp(what, "data") == 0) {
        if (argc != 2) {
            snprintf(err, errlen, "save data: expected one FILE (usage: save data FILE)");
            return -1;
        }
        if (dataset_write_csv(&app->s.raw, argv[1], err, errlen) != 0) {
            return -1;
        }
        sb_printf(out, "saved data (%zu rows) to %s\n", app->s.raw.n, argv[1]);
        return 0;
    }
    char q[48];
    snprintf(err, errlen, "save: unknown kind \"%s\" (trace, session, data or plot)", shown(what, q, sizeof q));
    return -1;
}

static int do_focus(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    size_t n = s->data.n, k = s->data.k;
    if (argc == 0) {
        char name[32];
        pname(s, s->focus_j, name, sizeof name);
        sb_printf(out, "focus: example %zu, %s\n", s->focus_i + 1, name);
        return 0;
    }
    const char *d = argv[0];
    if (argc == 1 && strcmp(d, "up") == 0) {
        s->focus_i = s->focus_i > 0 ? s->focus_i - 1 : 0;
    } else if (argc == 1 && strcmp(d, "down") == 0) {
        s->focus_i = s->focus_i + 1 < n ? s->focus_i + 1 : n - 1;
    } else if (argc == 1 && strcmp(d, "left") == 0) {
        s->focus_j = s->focus_j > 0 ? s->focus_j - 1 : 0;
    } else if (argc == 1 && strcmp(d, "right") == 0) {
        s->focus_j = s->focus_j < k ? s->focus_j + 1 : k;
    } else if (argc == 2) {
        size_t i, j;
        if (cmd_parse_example(s, argv[0], &i, err, errlen) != 0 ||
            cmd_parse_param(s, argv[1], &j, err, errlen) != 0) {
            return -1;
        }
        s->focus_i = i;
        s->focus_j = j;
    } else if (argc == 1) {
        size_t i;
        if (isdigit((unsigned char)d[0]) && cmd_parse_example(s, d, &i, err, errlen) == 0) {
            s->focus_i = i;
        } else if (!isdigit((unsigned char)d[0]) && cmd_parse_param(s, d, &i, err, errlen) == 0) {
            s->focus_j = i;
        } else {
            snprintf(err, errlen, "focus: \"%s\" is not up, down, left, right, an example 1..%zu or a parameter",
                     d, n);
            return -1;
        }
    }
    if (!app->interactive) {
        char name[32];
        pname(s, s->focus_j, name, sizeof name);
        sb_printf(out, "focus: example %zu, %s\n", s->focus_i + 1, name);
    }
    return 0;
}

typedef struct {
    strbuf *out;
    int width;
} help_ctx;

static void help_line(const cmd_entry *e, void *ctx)
{
    help_ctx *h = ctx;
    char usage[96];
    snprintf(usage, sizeof usage, "%s %s", e->name, e->args ? e->args : "");
    if (strlen(usage) > 34) {
        /* A long usage gets its own line; the summary goes under it, aligned. */
        sb_printf(h->out, "  %s\n  %-34s %s\n", usage, "", e->summary);
    } else {
        sb_printf(h->out, "  %-34s %s\n", usage, e->summary);
    }
}

static int do_help(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    (void)app;
    if (argc == 0) {
        sb_puts(out, "Commands (any unique prefix works; help CMD for details):\n");
        help_ctx h = { out, 80 };
        cmd_each(help_line, &h);
        if (app->interactive) {
            sb_puts(out, "An empty line repeats the last step, next, back or run.\n");
        }
        return 0;
    }
    if (strcmp(argv[0], "symbols") == 0) {
        explain_symbols(out, 80);
        return 0;
    }
    const cmd_entry *e = cmd_lookup(argv[0], err, errlen);
    if (!e) {
        return -1;
    }
    sb_printf(out, "usage: %s %s\n%s\n", e->name, e->args ? e->args : "", e->summary);
    if (e->help && *e->help) {
        sb_printf(out, "%s\n", e->help);
    }
    if (e->example && *e->example) {
        sb_printf(out, "example: %s\n", e->example);
    }
    return 0;
}

static int do_quit(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    (void)argv;
    (void)out;
    (void)err;
    (void)errlen;
    app->quit = 1;
    return CMD_QUIT;
}

static const cmd_entry core_cmds[] = {
    { "load", "NAME|PATH", "load a dataset (a bundled name or a file) and reset the parameters",
      "Bundled datasets are listed by `datasets`. A file is comma, semicolon, tab or space separated;\n"
      "an optional header names the inputs; the last column is the target y in [0,1].\n"
      "A load that fails changes nothing. A long load shows how far it is; Ctrl-C abandons it.",
      "load hours", 1, 1, 0, do_load },
    { "gen", "KIND [n=N] [noise=F] [seed=S]", "make a synthetic dataset: gauss, circle, xor, spiral, linear",
      "Two inputs x1, x2; the same seed gives the same data on every machine.\n"
      "noise: the spread added to the inputs (linear: the fraction of labels flipped).\n"
      "save data FILE keeps the result.", "gen circle n=200 seed=7", 1, 4, 0, do_gen },
    { "datasets", "", "list the bundled datasets with n, k and a description", "", "datasets", 0, 0, 0, do_datasets },
    { "show", "data|params|all|net [L]|example I", "print the data table, the parameters or the network (default: all)",
      "data: one row per example: x_j, y, z, sigma(z), sigma(z)-y, C_x.\n"
      "params: w_j, b, their partial derivatives, the change at the last update, eta, lambda, C.\n"
      "net [L]: layer sizes, P, and each layer's (or layer L's) weights and biases with their partials.\n"
      "example I: example I's forward pass (z, a per layer) and backward pass (delta per layer).",
      "show data", 0, 2, 0, do_show },
    { "print", "NAME", "print one value exactly: w1.., b, C, step, eta, lambda, grad_w1.., grad_b, zI, aI, CI",
      "Values are printed with as many digits as it takes to read them back exactly.\n"
      "zI, aI, CI and yI are example I's z, sigma(z), C_x and target.", "print grad_w1", 1, 1, 0, do_print },
    { "step", "[N]", "apply N whole gradient updates (default 1)",
      "Each update computes dC/dw_j and dC/db over the batch and moves every parameter by -eta times it.\n"
      "An update in progress (next) is completed first.\n"
      "A step that takes longer than a quarter of a second shows how far it is; Ctrl-C stops it.",
      "step 10", 0, 1, CMD_REPEATS, do_step },
    { "next", "", "add the next example's term to the update being built; the last one applies it",
      "Micro-steps build one update term by term: x_j (sigma(z) - y) for each example of the batch.",
      "next", 0, 0, CMD_REPEATS, do_next },
    { "back", "[N]", "undo N actions (a term in progress or a whole update), down to step 0",
      "Every value is restored exactly as it was.", "back 3", 0, 1, CMD_REPEATS, do_back },
    { "run", "N", "apply N updates with progress shown; interruptible with Ctrl-C",
      "Stops with a message at an update that would make a value non-finite.", "run 300", 1, 1, CMD_REPEATS,
      do_run },
    { "reset", "", "back to the initial parameters at step 0", "The history is cleared.", "reset", 0, 0, 0,
      do_reset },
    { "set", "[NAME VALUE...]", "change a setting or a parameter; alone, list the settings",
      "eta F | lambda F | cost ce|quadratic | batch full|M | seed S | init zeros|random|W1..Wk B\n"
      "| scale none|standardize | digits D | w1..wk F | b F | w F..F\n"
      "init, scale, and seed under random init go back to step 0.", "set eta 0.15", 0, -1, 0, do_set },
    { "predict", "X1..Xk", "z and sigma(z) for a new input", "Inputs are raw values; scaling is applied.",
      "predict 1 1", 0, -1, 0, do_predict },
    { "save", "trace|session|data FILE | plot VIEW [log] FILE.svg",
      "write the trace CSV, a session file, the data, or a plot as SVG",
      "trace: step,cost,w1..wk,b,grad_w1..grad_wk,grad_b for every step 0..now (%.17g).\n"
      "session: a script for --script that restores dataset, settings and parameters.\n"
      "data: the dataset as loaded or generated, as CSV that reads back exactly.\n"
      "plot cost|sigmoid|sigma'|boundary: the plot as a self-contained SVG image.\n"
      "Files are written atomically: a failed save leaves the old file.", "save trace run.csv", 1, 4, 0, do_save },
    { "focus", "[up|down|left|right|I|wJ|b|I wJ]", "move the focus: the example and parameter explanations follow",
      "", "focus 2 w1", 0, 2, 0, do_focus },
    { NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL },
};

/* Listed last by `help`. */
static const cmd_entry closing_cmds[] = {
    { "help", "[CMD|symbols]", "list the commands, show one command's usage and an example, or the symbols",
      "help symbols explains n, x, x_j, y, w_j, b, z, a, sigma, C_x, C, eta, lambda and m.", "help step", 0, 1, 0,
      do_help },
    { "quit", "", "leave gradstep", "", "quit", 0, 0, 0, do_quit },
    { NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL },
};

/* ---- running a line ---- */

int cmd_execute(cmd_app *app, const char *line, strbuf *out, char *err, size_t errlen)
{
    char **argv;
    err[0] = '\0';
    int argc = cmd_split(line, &argv, err, errlen);
    if (argc < 0) {
        return -1;
    }
    if (argc == 0) {
        cmd_free_words(argv);
        if (app->interactive && app->last_repeat) {
            char *again = strdup(app->last_repeat);
            if (!again) {
                return 0;
            }
            int r = cmd_execute(app, again, out, err, errlen);
            free(again);
            return r;
        }
        return 0;
    }
    const cmd_entry *e = cmd_lookup(argv[0], err, errlen);
    if (!e) {
        cmd_free_words(argv);
        return -1;
    }
    int nargs = argc - 1;
    if (nargs < e->min_args || (e->max_args >= 0 && nargs > e->max_args)) {
        snprintf(err, errlen, "%s: %s (usage: %s%s%s)", e->name,
                 nargs < e->min_args ? "missing argument" : e->max_args == 0 ? "takes no arguments" : "too many arguments",
                 e->name, e->args && *e->args ? " " : "", e->args ? e->args : "");
        cmd_free_words(argv);
        return -1;
    }
    int r;
    if (cmd_net_refuse(app, e->name, nargs, argv + 1, err, errlen) != 0) {
        r = -1;
    } else if (app->s.net.on && strcmp(e->name, "check") == 0) {
        r = cmd_net_check(app, out, err, errlen) < 0 ? -1 : 0;
    } else {
        r = e->exec(app, nargs, argv + 1, out, err, errlen);
    }
    if (r == -1 && !err[0]) {
        snprintf(err, errlen, "%s failed", e->name);
    }
    if (r == 0 && (e->flags & CMD_REPEATS)) {
        char *copy = strdup(line);
        if (copy) {
            free(app->last_repeat);
            app->last_repeat = copy;
        }
    }
    cmd_free_words(argv);
    return r;
}

int cmd_app_init(cmd_app *app, char *err, size_t errlen)
{
    memset(app, 0, sizeof *app);
    return session_init(&app->s, err, errlen);
}

void cmd_app_free(cmd_app *app)
{
    lesson_state_free(app->lesson);
    app->lesson = NULL;
    session_free(&app->s);
    free(app->last_repeat);
    app->last_repeat = NULL;
}

static const char *const theme_names[] = {"auto", "dark", "light", "mono"};

int cmd_theme_parse(const char *name)
{
    for (int i = 0; i < 4; i++) {
        if (strcmp(name, theme_names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

const char *cmd_theme_name(int t)
{
    return t >= 0 && t < 4 ? theme_names[t] : "auto";
}

/* ---- completion ---- */

typedef struct {
    char **list;
    size_t count, cap;
    const char *word;
} cands;

static void cand_add(cands *c, const char *s)
{
    if (strncmp(s, c->word, strlen(c->word)) != 0) {
        return;
    }
    if (c->count + 2 > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        char **l = realloc(c->list, cap * sizeof(char *));
        if (!l) {
            return;
        }
        c->list = l;
        c->cap = cap;
    }
    char *d = strdup(s);
    if (d) {
        c->list[c->count++] = d;
        c->list[c->count] = NULL;
    }
}

static void cand_cmd(const cmd_entry *e, void *ctx)
{
    cand_add(ctx, e->name);
}

static void cand_dataset(const char *name, size_t n, size_t k, const char *desc, void *ctx)
{
    (void)n;
    (void)k;
    (void)desc;
    cand_add(ctx, name);
}

/* Adds each of a NULL-ended list of words. */
static void cand_words(cands *c, const char *const *words)
{
    for (; *words; words++) {
        cand_add(c, *words);
    }
}

char **cmd_complete(cmd_app *app, const char *line, const char *word)
{
    cands c = { NULL, 0, 0, word };
    char **argv;
    char err[256];
    int argc = cmd_split(line, &argv, err, sizeof err);
    if (argc < 0) {
        return NULL;
    }
    if (argc == 0) {
        cmd_each(cand_cmd, &c);
    } else {
        const cmd_entry *e = cmd_lookup(argv[0], err, sizeof err);
        const char *name = e ? e->name : "";
        if (strcmp(name, "load") == 0 && argc == 1) {
            dataset_list(cand_dataset, &c, err, sizeof err);
            if (c.count == 0 || strchr(word, '/') || word[0] == '.') {
                for (size_t i = 0; i < c.count; i++) {
                    free(c.list[i]);
                }
                free(c.list);
                cmd_free_words(argv);
                return NULL;
            }
        } else if (strcmp(name, "save") == 0) {
            if (argc == 1) {
                static const char *const kinds[] = { "trace", "session", "plot", NULL };
                cand_words(&c, kinds);
            } else {
                cmd_free_words(argv);
                return NULL;
            }
        } else if (strcmp(name, "set") == 0 && argc == 1) {
            cand_words(&c, cmd_set_names);
            char wn[32];
            for (size_t j = 0; j < app->s.data.k && j < 64; j++) {
                snprintf(wn, sizeof wn, "w%zu", j + 1);
                cand_add(&c, wn);
            }
        } else if (strcmp(name, "set") == 0 && argc == 2) {
            static const char *const cost[] = { "ce", "quadratic", NULL };
            static const char *const batch[] = { "full", NULL };
            static const char *const init[] = { "zeros", "random", NULL };
            static const char *const scale[] = { "none", "standardize", NULL };
            const char *v = argv[1];
            cand_words(&c, strcmp(v, "cost") == 0 ? cost : strcmp(v, "batch") == 0 ? batch
                         : strcmp(v, "init") == 0 ? init : strcmp(v, "scale") == 0 ? scale : init + 2);
        } else if (strcmp(name, "gen") == 0 && argc == 1) {
            cand_words(&c, gen_kinds);
        } else if (strcmp(name, "show") == 0 && argc == 1) {
            static const char *const views[] = { "data", "params", "all", NULL };
            cand_words(&c, views);
        } else if (strcmp(name, "print") == 0 && argc == 1) {
            static const char *const names[] = { "C", "b", "step", "eta", "lambda", "grad_b", NULL };
            cand_words(&c, names);
            char wn[32];
            for (size_t j = 0; j < app->s.data.k && j < 64; j++) {
                snprintf(wn, sizeof wn, "w%zu", j + 1);
                cand_add(&c, wn);
                snprintf(wn, sizeof wn, "grad_w%zu", j + 1);
                cand_add(&c, wn);
            }
        } else if (strcmp(name, "help") == 0 && argc == 1) {
            cmd_each(cand_cmd, &c);
        } else if (strcmp(name, "focus") == 0 && argc == 1) {
            static const char *const dirs[] = { "up", "down", "left", "right", NULL };
            cand_words(&c, dirs);
        }
    }
    cmd_free_words(argv);
    if (!c.list) {
        c.list = calloc(1, sizeof(char *));
    }
    return c.list;
}
