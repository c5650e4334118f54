/* cmd_core.c: the core commands every mode runs (load, step, show, set...) and their completion. */
#include "cmd.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd_set.h"
#include "cmd_net.h"
#include "dataset.h"
#include "explain.h"
#include "fileio.h"
#include "fmt.h"
#include "gen.h"
#include "plot.h"
#include "save.h"
#include "text.h"
#include "errbuf.h"
#include "xmem.h"

#define MAX_STEPS_PER_COMMAND 10000000L

/* ---- output helpers ---- */

/* The name of parameter j for tables: "w1" or "b". */
static void pname(const session *s, size_t j, char *buf, size_t len)
{
    if (j == s->data.k) {
        snprintf(buf, len, "b");
    } else {
        snprintf(buf, len, "w%zu", j + 1);
    }
}
/* Appends " " and text right-aligned in width display columns. */
static void pad_right(strbuf *out, const char *text, int width)
{
    int pad = width - text_width(text, 0);
    sb_printf(out, " %*s%s", pad > 0 ? pad : 0, "", text);
}

static void show_params(cmd_app *app, strbuf *out)
{
    session *s = &app->s;
    const session_eval *ev = session_evaluate(s);
    size_t k = s->data.k;
    int dg = s->digits;
    char a[64], b[64], c[64], name[32], bt[32];
    cmd_batch_text(s, bt, sizeof bt);
    sb_printf(out, "step %ld  C = %s  %s = %s  %s = %s  cost %s  batch %s  n = %zu\n", s->step,
              fmt_num(a, sizeof a, ev->cost, dg, 0), fmt_glyph("η", "eta"),
              fmt_exact(b, sizeof b, s->eta), fmt_glyph("λ", "lambda"),
              fmt_exact(c, sizeof c, s->lambda), cmd_cost_name(s->cost), bt, s->data.n);
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
    int w = (dg > 2 ? dg : 2) + 7;  /* "-0.000123" and "-1.23e-05" fit at any digits (README) */
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

/* Appends the lines of text to out; in the plain REPL on a terminal a line wider than it is
 * wrapped between words (later lines indented), so that no name is cut by the terminal.
 * Scripts and the full screen get the lines as they are. */
static void put_lines_wrapped(const cmd_app *app, const char *text, strbuf *out)
{
    struct winsize ws;
    int width = app->interactive && !app->ui && isatty(STDOUT_FILENO) &&
                ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20 ? ws.ws_col - 1 : 0;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        char *line = xstrndup(p, n);
        if (width && text_width(line, 0) > width) {
            text_wrap(out, line, width, 4, 0);
        } else {
            sb_printf(out, "%s\n", line);
        }
        free(line);
        p += n + (p[n] == '\n');
    }
}

/* Appends the load message: counts and names, what was read specially, the dataset's notes. */
static void load_message(const cmd_app *app, strbuf *out)
{
    const dataset *d = &app->s.data;
    strbuf msg = { 0 };
    sb_printf(&msg, "loaded %s: n = %zu example%s, k = %zu input%s (", d->name, d->n,
              d->n == 1 ? "" : "s", d->k, d->k == 1 ? "" : "s");
    for (size_t j = 0; j < d->k && j < 8; j++) {
        sb_printf(&msg, "%s%s", j ? ", " : "", d->input_names[j]);
    }
    if (d->k > 8) {
        sb_printf(&msg, ", ...");
    }
    sb_printf(&msg, "; target %s%s)\n", d->target_name, d->decimal_comma ? "; decimal comma" : "");
    if (d->description && *d->description) {
        sb_printf(&msg, "%s\n", d->description);
    }
    if (d->notes) {
        sb_puts(&msg, d->notes);
    }
    put_lines_wrapped(app, sb_str(&msg), out);
    sb_free(&msg);
}

/* Takes load's words after NAME|PATH (target=COL, ignore=COL,...) into *opt. Returns 0 or -1. */
static int load_options(int argc, char **argv, dataset_options *opt, char *err, size_t errlen)
{
    for (int i = 1; i < argc; i++) {
        char why[256], q[48];
        int r = dataset_options_take(opt, argv[i], why, sizeof why);
        if (r > 0) {
            snprintf(err, errlen, "load: unknown option \"%s\" (target=COL, ignore=COL,...)",
                     cmd_quote(argv[i], q, sizeof q));
        } else if (r < 0) {
            snprintf(err, errlen, "load: %s", why);
        }
        if (r != 0) {
            return -1;
        }
    }
    return 0;
}

static int do_load(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    dataset_options opt = { 0 };
    dataset d;
    int rc = load_options(argc, argv, &opt, err, errlen);
    if (rc == 0) {
        cmd_progress_begin(app, CMD_PROGRESS_LOAD, NULL);
        rc = dataset_load_with_progress(argv[0], &opt, &d, app->progress, app->progress_ctx, err, errlen);
        cmd_progress_begin(app, CMD_PROGRESS_RUN, NULL);
    }
    dataset_options_free(&opt);
    if (rc != 0) {
        return -1;
    }
    int kept_values = app->s.init_kind == SESSION_INIT_VALUES;
    if (session_load(&app->s, &d, err, errlen) != 0) {
        dataset_free(&d);
        return -1;
    }
    load_message(app, out);
    cmd_net_load_message(app, out);
    if (kept_values && app->s.init_kind != SESSION_INIT_VALUES) {
        sb_printf(out, "init values did not fit k = %zu; starting from zeros\n", app->s.data.k);
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
                snprintf(err, errlen, "gen: seed: \"%s\" is not a whole number", cmd_quote(a + 5, q, sizeof q));
                return -1;
            }
            seed = (uint64_t)sd;
        } else {
            snprintf(err, errlen, "gen: unknown option \"%s\" (n=N, noise=F, seed=S)", cmd_quote(a, q, sizeof q));
            return -1;
        }
    }
    dataset d;
    if (gen_make(argv[0], n, noise, seed, &d, err, errlen) != 0) {
        err_prefix(err, errlen, "gen: ");
        cmd_suggest_word(err, errlen, argv[0], gen_kinds);
        return -1;
    }
    if (session_load(&app->s, &d, err, errlen) != 0) {
        dataset_free(&d);
        return -1;
    }
    sb_printf(out, "generated %s: n = %zu examples, k = %zu inputs (%s)\n", app->s.data.name, app->s.data.n,
              app->s.data.k, app->s.raw.source);
    cmd_net_load_message(app, out);
    return 0;
}

static void list_one(const dataset *d, void *ctx)
{
    char classes[32] = "";
    if (d->nclasses) {
        snprintf(classes, sizeof classes, "classes = %zu", d->nclasses);
    }
    sb_printf((strbuf *)ctx, "  %-12s n = %-6zu k = %-3zu %-13s %s\n", d->name, d->n, d->k, classes, d->description);
}

static int do_datasets(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    (void)app;
    (void)argc;
    (void)argv;
    int count = dataset_each(list_one, out, err, errlen);
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
        static const char *const views[] = { "data", "params", "all", "net", "example", NULL };
        snprintf(err, errlen, "show: unknown view \"%s\" (data, params, all, net or example I)", what);
        cmd_suggest_word(err, errlen, what, views);
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
            snprintf(err, errlen, "print: %s: there are examples 1..%zu", cmd_quote(name, q, sizeof q), s->data.n);
        } else {
            snprintf(err, errlen,
                     "print: unknown value \"%s\" (w1..w%zu, b, C, step, eta, lambda, grad_w1.., grad_b, zI, aI, CI, yI)",
                     cmd_quote(name, q, sizeof q), s->data.k);
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
            err_append(err, errlen, " (after %ld good update%s, now at step %ld)", made, made == 1 ? "" : "s",
                       s->step);
        }
        return -1;
    }
    if (done < n) {
        sb_printf(out, "stopped after %ld of %ld updates\n", done, n);
    }
    cmd_status_line(app, out);
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
    long n;
    if (count_arg(argc, argv, "next", &n, err, errlen) != 0) {
        return -1;
    }
    session *s = &app->s;
    int applied = 0, r = 0;
    for (long i = 0; i < n; i++) {
        r = session_next(s, err, errlen);
        if (r < 0) {
            session_back(s, i);  /* a failing `next N` takes back the terms it added */
            return -1;
        }
        applied |= r == 1;
    }
    if (cmd_net_next(app, r, out)) {
        if (applied) {
            cmd_status_line(app, out);
        }
        return 0;
    }
    if (explain_microstep(s, 80, out, err, errlen) != 0) {
        return -1;
    }
    if (applied) {
        cmd_status_line(app, out);
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
    long first = session_first_step(s);
    if (s->step == first && s->pending == 0) {
        if (first > 0) {
            snprintf(err, errlen, "back: step %ld is the oldest step kept (set history), nothing to undo", first);
        } else {
            snprintf(err, errlen, "back: already at step 0, nothing to undo");
        }
        return -1;
    }
    long done = session_back(s, n);
    if (done < n && first > 0) {
        sb_printf(out, "undid %ld (step %ld reached: older steps are not kept, set history)\n", done, first);
    } else if (done < n) {
        sb_printf(out, "undid %ld (step 0 reached)\n", done);
    }
    if (s->pending > 0) {
        sb_printf(out, "update in progress: %zu of %zu terms added\n", s->pending, s->batch_m);
    }
    cmd_status_line(app, out);
    return 0;
}

static int do_reset(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    (void)argc;
    (void)argv;
    (void)err;
    (void)errlen;
    session_reset(&app->s);
    cmd_status_line(app, out);
    return 0;
}
static int do_predict(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    int handled = cmd_net_predict(app, argc, argv, out, err, errlen);
    if (handled != 0) {
        return handled < 0 ? -1 : 0;
    }
    double *x = cmd_parse_inputs(&app->s, argc, argv, err, errlen);
    if (!x) {
        return -1;
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

static int save_kind(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen);

/* `save KIND ... FILE [force]`: a last word "force" lets the save replace a read-only FILE
 * (README "Saving files"); the kinds below never see it. */
static int do_save(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    int force = argc >= 3 && strcmp(argv[argc - 1], "force") == 0;
    if (force) {
        argc--;
        file_force_next(strcmp(argv[0], "plot") == 0 ? argv[argc - 1] : argv[1]);  /* the FILE */
    }
    int r = save_kind(app, argc, argv, out, err, errlen);
    file_force_next(NULL);
    return r;
}

static int save_kind(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
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
        return cmd_save_plot(app, argc, argv, out, err, errlen);
    }
    if (strcmp(what, "data") == 0) {
        int comma = 0;
        if (argc == 3 && (strcmp(argv[2], "decimal=comma") == 0 || strcmp(argv[2], "decimal=point") == 0)) {
            comma = argv[2][8] == 'c';
        } else if (argc != 2) {
            snprintf(err, errlen, "save data: expected FILE [decimal=comma] (usage: save data FILE [decimal=point|comma])");
            return -1;
        }
        if (dataset_write_text(&app->s.raw, argv[1], comma, err, errlen) != 0) {
            return -1;
        }
        sb_printf(out, "saved data (%zu rows%s) to %s\n", app->s.raw.n,
                  comma ? ", semicolons and decimal commas" : "", argv[1]);
        return 0;
    }
    char q[48];
    static const char *const kinds[] = { "trace", "session", "data", "plot", NULL };
    snprintf(err, errlen, "save: unknown kind \"%s\" (trace, session, data or plot)", cmd_quote(what, q, sizeof q));
    cmd_suggest_word(err, errlen, what, kinds);
    return -1;
}

/* The parameter `focus in|out|above|below` moves to from parameter i of a network, or i itself at
 * an edge: in and out follow the focused weight's path (w^l_jk: in goes to neuron k of layer l-1,
 * w^(l-1)_k1; out goes from neuron j of layer l on, w^(l+1)_1j; a bias's in is its neuron's first
 * weight); above and below move along the rows j of w^l (and of b^l) in the same column. */
static size_t focus_net_move(const net_shape *sh, size_t i, const char *dir)
{
    int l;
    size_t j, k;
    net_param_place(sh, i, &l, &j, &k);
    if (strcmp(dir, "above") == 0 || strcmp(dir, "below") == 0) {
        int up = dir[0] == 'a';
        if ((up && j == 1) || (!up && j == sh->size[l])) {
            return i;
        }
        j = up ? j - 1 : j + 1;
        return k == 0 ? net_b_index(sh, l, j) : net_w_index(sh, l, j, k);
    }
    if (strcmp(dir, "in") == 0) {
        if (k == 0) {
            return net_w_index(sh, l, j, 1);
        }
        return l > 2 ? net_w_index(sh, l - 1, k, 1) : i;
    }
    if (l < sh->L) {
        return net_w_index(sh, l + 1, 1, j);
    }
    return i;
}

/* Moves the focus one example up or down, or one parameter left or right (last: the last
 * parameter's index); 1 when d is one of those four words. */
static int focus_arrow(session *s, const char *d, size_t last)
{
    size_t n = s->data.n;
    if (strcmp(d, "up") == 0) {
        s->focus_i = s->focus_i > 0 ? s->focus_i - 1 : 0;
    } else if (strcmp(d, "down") == 0) {
        s->focus_i = s->focus_i + 1 < n ? s->focus_i + 1 : n - 1;
    } else if (strcmp(d, "left") == 0) {
        s->focus_j = s->focus_j > 0 ? s->focus_j - 1 : 0;
    } else if (strcmp(d, "right") == 0) {
        s->focus_j = s->focus_j < last ? s->focus_j + 1 : last;
    } else {
        return 0;
    }
    return 1;
}

/* 1 for the words that move the focus between a network's layers and neurons. */
static int is_layer_move(const char *d)
{
    return strcmp(d, "in") == 0 || strcmp(d, "out") == 0 || strcmp(d, "above") == 0 || strcmp(d, "below") == 0;
}

/* focus in network mode: examples as for the single neuron, parameters by their layered names and
 * left/right through the parameters in trace order. */
static int focus_net(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    size_t P = s->net.shape.nparams, i, j;
    if (s->focus_j >= P) {
        s->focus_j = net_w_index(&s->net.shape, s->net.shape.L, 1, 1);
    }
    const char *d = argc > 0 ? argv[0] : "";
    if (argc == 1 && focus_arrow(s, d, P - 1)) {
        /* moved */
    } else if (argc == 1 && is_layer_move(d)) {
        size_t to = focus_net_move(&s->net.shape, s->focus_j, d);
        if (to == s->focus_j) {
            char name[48];
            session_param_name(s, to, name, sizeof name);
            snprintf(err, errlen, "focus %s: %s is already at the %s", d, name,
                     d[0] == 'i' ? "input side (layer 2's weights take the inputs x)"
                     : d[0] == 'o' ? "output layer" : d[0] == 'a' ? "first row (neuron 1)" : "last row");
            return -1;
        }
        s->focus_j = to;
    } else if (argc == 2) {
        if (cmd_parse_example(s, argv[0], &i, err, errlen) != 0 || cmd_net_param_index(s, argv[1], "focus", &j, err, errlen) != 0) {
            return -1;
        }
        s->focus_i = i;
        s->focus_j = j;
    } else if (argc == 1 && isdigit((unsigned char)d[0])) {
        if (cmd_parse_example(s, d, &i, err, errlen) != 0) {
            return -1;
        }
        s->focus_i = i;
    } else if (argc == 1) {
        if (cmd_net_param_index(s, d, "focus", &j, err, errlen) != 0) {
            return -1;
        }
        s->focus_j = j;
    }
    if (argc == 0 || !app->interactive) {
        char name[48];
        session_param_name(s, s->focus_j, name, sizeof name);
        sb_printf(out, "focus: example %zu, %s\n", s->focus_i + 1, name);
    }
    return 0;
}

static int do_focus(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    size_t n = s->data.n, k = s->data.k;
    if (s->net.on) {
        return focus_net(app, argc, argv, out, err, errlen);
    }
    if (argc == 0) {
        char name[32];
        pname(s, s->focus_j, name, sizeof name);
        sb_printf(out, "focus: example %zu, %s\n", s->focus_i + 1, name);
        return 0;
    }
    const char *d = argv[0];
    if (argc == 1 && focus_arrow(s, d, k)) {
        /* moved */
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
        } else if (is_layer_move(d)) {
            snprintf(err, errlen, "focus %s: moves between the layers and neurons of a network; one neuron has "
                     "one layer (set hidden 2 makes a network)", d);
            return -1;
        } else {
            static const char *const dirs[] = { "up", "down", "left", "right", NULL };
            snprintf(err, errlen, "focus: \"%s\" is not up, down, left, right, an example 1..%zu or a parameter",
                     d, n);
            cmd_suggest_word(err, errlen, d, dirs);
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
    if (e->more_help) {
        e->more_help(out);
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

/* ---- completion of arguments ---- */

static void cand_dataset(const char *name, size_t n, size_t k, const char *desc, void *ctx)
{
    (void)n;
    (void)k;
    (void)desc;
    cmd_cand_add(ctx, name);
}

/* Columns offered after load's target= or ignore=: the word's start up to its last '=' or ','
 * and each column name that can stand in a word (no blanks, quotes or commas). */
typedef struct {
    cmd_cands *c;
    char prefix[256];
} column_cands;

static void cand_column(const char *column, void *ctx)
{
    column_cands *cc = ctx;
    char word[512];
    if (strpbrk(column, " \t\",#\\") || !*column) {
        return;
    }
    snprintf(word, sizeof word, "%s%s", cc->prefix, column);
    cmd_cand_add(cc->c, word);
}

/* load: the bundled dataset names (file names for a path, or when no name fits); then the options
 * target= and ignore=, whose values complete from the file's header. */
static int complete_load(cmd_app *app, int argc, char **argv, cmd_cands *c)
{
    (void)app;
    char err[256];
    if (argc == 0) {
        dataset_list(cand_dataset, c, err, sizeof err);
        return c->count == 0 || strchr(c->word, '/') || c->word[0] == '.';
    }
    if (strncmp(c->word, "target=", 7) != 0 && strncmp(c->word, "ignore=", 7) != 0) {
        static const char *const options[] = { "target=", "ignore=", NULL };
        cmd_cand_words(c, options);
        return 0;
    }
    column_cands cc = { c, "" };
    const char *cut = c->word[0] == 'i' ? strrchr(c->word, ',') : NULL;
    size_t keep = (size_t)((cut ? cut : c->word + 6) - c->word) + 1;
    if (keep < sizeof cc.prefix) {
        memcpy(cc.prefix, c->word, keep);
        cc.prefix[keep] = '\0';
        dataset_columns(argv[0], cand_column, &cc);
    }
    return 0;
}

/* save: the kinds; then a file, but for a plot's view and "log", and data's decimal=. */
static int complete_save(cmd_app *app, int argc, char **argv, cmd_cands *c)
{
    static const char *const kinds[] = { "trace", "session", "data", "plot", NULL };
    static const char *const marks[] = { "decimal=comma", "decimal=point", NULL };
    if (argc == 0) {
        cmd_cand_words(c, kinds);
        return 0;
    }
    if (strcmp(argv[0], "plot") == 0 && argc == 1) {
        for (int v = 0; v < PLOT_VIEW_COUNT; v++) {
            if (plot_view_applies(&app->s, v)) {
                cmd_cand_add(c, plot_view_name(v));
            }
        }
        return 0;
    }
    if (strcmp(argv[0], "plot") == 0 && argc == 2 && *c->word) {
        cmd_cand_add(c, "log");
    } else if (strcmp(argv[0], "data") == 0 && argc == 2) {
        cmd_cand_words(c, marks);
    }
    return c->count == 0;
}

/* gen: the kinds; then the options not given yet. */
static int complete_gen(cmd_app *app, int argc, char **argv, cmd_cands *c)
{
    (void)app;
    static const char *const options[] = { "n=", "noise=", "seed=", NULL };
    if (argc == 0) {
        cmd_cand_words(c, gen_kinds);
        return 0;
    }
    for (const char *const *o = options; *o; o++) {
        int given = 0;
        for (int i = 1; i < argc && !given; i++) {
            given = strncmp(argv[i], *o, strlen(*o)) == 0;
        }
        if (!given) {
            cmd_cand_add(c, *o);
        }
    }
    return 0;
}

static int complete_show(cmd_app *app, int argc, char **argv, cmd_cands *c)
{
    (void)app;
    (void)argv;
    static const char *const views[] = { "data", "params", "all", "net", "example", NULL };
    if (argc == 0) {
        cmd_cand_words(c, views);
    }
    return 0;
}

static int complete_print(cmd_app *app, int argc, char **argv, cmd_cands *c)
{
    (void)argv;
    static const char *const names[] = { "C", "b", "step", "eta", "lambda", "grad_b", NULL };
    if (argc != 0) {
        return 0;
    }
    cmd_cand_words(c, names);
    char wn[32];
    for (size_t j = 0; j < app->s.data.k && j < CMD_CAND_MAX_WEIGHTS; j++) {
        snprintf(wn, sizeof wn, "w%zu", j + 1);
        cmd_cand_add(c, wn);
        snprintf(wn, sizeof wn, "grad_w%zu", j + 1);
        cmd_cand_add(c, wn);
    }
    return 0;
}

/* focus: the directions and the parameters (an example is a number). */
static int complete_focus(cmd_app *app, int argc, char **argv, cmd_cands *c)
{
    (void)argv;
    static const char *const dirs[] = { "up", "down", "left", "right", NULL };
    static const char *const net_dirs[] = { "in", "out", "above", "below", NULL };
    if (argc == 0) {
        cmd_cand_words(c, dirs);
        if (session_is_net(&app->s)) {
            cmd_cand_words(c, net_dirs);
        }
    }
    if (argc <= 1 && session_is_net(&app->s)) {
        /* a network's layered names (Tab after a prefix narrows them) */
        size_t P = session_nparams(&app->s);
        for (size_t j = 0; j < P && j < 1000; j++) {
            char name[48];
            session_param_name(&app->s, j, name, sizeof name);
            cmd_cand_add(c, name);
        }
    } else if (argc <= 1) {
        cmd_cand_params(app, c);
    }
    return 0;
}

/* help: the commands and the symbols page. */
static int complete_help(cmd_app *app, int argc, char **argv, cmd_cands *c)
{
    if (argc == 0) {
        cmd_cand_add(c, "symbols");
    }
    return cmd_complete_commands(app, argc, argv, c);
}

const cmd_entry cmd_core_table[] = {
    {
        .name = "load",
        .args = "NAME|PATH [target=COL] [ignore=COL,...]",
        .summary = "load a dataset (a bundled name or a file) and reset the parameters",
        .help = "Bundled datasets are listed by `datasets`. A file is comma, semicolon, tab or space separated\n"
                "(decimal commas with semicolons or tabs); an optional header names the columns. The target y\n"
                "(numbers in [0,1], or true/false, yes/no) is the last column, or target=COL; ignore=COL,...\n"
                "drops columns (COL: a header name or a number from 1). A load that fails changes nothing.\n"
                "A long load shows how far it is; Ctrl-C abandons it.",
        .example = "load students.csv target=passed ignore=id",
        .min_args = 1,
        .max_args = -1,
        .exec = do_load,
        .complete = complete_load,
    },
    {
        .name = "gen",
        .args = "KIND [n=N] [noise=F] [seed=S]",
        .summary = "make a synthetic dataset: gauss, circle, xor, spiral, linear, blobs, spiral3",
        .help = "Two inputs x1, x2; the same seed gives the same data on every machine.\n"
                "noise: the spread added to the inputs (linear: the fraction of labels flipped).\n"
                "save data FILE keeps the result.",
        .example = "gen circle n=200 seed=7",
        .min_args = 1,
        .max_args = 4,
        .exec = do_gen,
        .complete = complete_gen,
    },
    {
        .name = "datasets",
        .summary = "list the bundled datasets with n, k, their classes and a description",
        .example = "datasets",
        .min_args = 0,
        .max_args = 0,
        .exec = do_datasets,
    },
    {
        .name = "show",
        .args = "data|params|all|net [L]|example I",
        .summary = "print the data table, the parameters or the network (default: all)",
        .help = "data: one row per example: x_j, y, z, sigma(z), sigma(z)-y, C_x.\n"
                "params: w_j, b, their partial derivatives, the change at the last update, eta, lambda, C.\n"
                "net [L]: layer sizes, P, each layer's (or layer L's) weights and biases with their partials.\n"
                "example I: example I's forward pass (z, a per layer) and backward pass (delta per layer).",
        .example = "show data",
        .min_args = 0,
        .max_args = 2,
        .exec = do_show,
        .complete = complete_show,
    },
    {
        .name = "print",
        .args = "NAME",
        .summary = "print one value exactly: w1.., b, C, step, eta, lambda, grad_w1.., grad_b, zI, aI, CI, yI",
        .help = "Values are printed with as many digits as it takes to read them back exactly.\n"
                "zI, aI, CI and yI are example I's z, sigma(z), C_x and target.",
        .example = "print grad_w1",
        .min_args = 1,
        .max_args = 1,
        .exec = do_print,
        .complete = complete_print,
    },
    {
        .name = "step",
        .args = "[N]",
        .summary = "apply N whole gradient updates (default 1)",
        .help = "Each update computes dC/dw_j and dC/db over the batch and moves every parameter by -eta times it.\n"
                "An update in progress (next) is completed first.\n"
                "A step that takes longer than a quarter of a second shows how far it is; Ctrl-C stops it.",
        .example = "step 10",
        .min_args = 0,
        .max_args = 1,
        .flags = CMD_REPEATS,
        .exec = do_step,
    },
    {
        .name = "next",
        .args = "[N]",
        .summary = "add the next N examples' terms (default 1) to the update being built; the last one applies it",
        .help = "Micro-steps build one update term by term: x_j (sigma(z) - y) for each example of the batch.\n"
                "next 3 adds three terms, as three nexts do.",
        .example = "next 3",
        .min_args = 0,
        .max_args = 1,
        .flags = CMD_REPEATS,
        .exec = do_next,
    },
    {
        .name = "back",
        .args = "[N]",
        .summary = "undo N actions (a term in progress or a whole update), down to step 0",
        .help = "Every value is restored exactly as it was.",
        .example = "back 3",
        .min_args = 0,
        .max_args = 1,
        .flags = CMD_REPEATS,
        .exec = do_back,
    },
    {
        .name = "run",
        .args = "N",
        .summary = "apply N updates with progress shown; interruptible with Ctrl-C",
        .help = "Stops with a message at an update that would make a value non-finite.",
        .example = "run 300",
        .min_args = 1,
        .max_args = 1,
        .flags = CMD_REPEATS,
        .exec = do_run,
    },
    {
        .name = "reset",
        .summary = "back to the initial parameters at step 0",
        .help = "The history is cleared.",
        .example = "reset",
        .min_args = 0,
        .max_args = 0,
        .exec = do_reset,
    },
    {
        .name = "set",
        .args = "[NAME VALUE...]",
        .summary = "change a setting or a parameter; alone, list the settings",
        .example = "set eta 0.15",
        .min_args = 0,
        .max_args = -1,
        .exec = cmd_set_exec,
        .complete = cmd_set_complete,
        .more_help = cmd_set_help,
    },
    {
        .name = "predict",
        .args = "X1..Xk",
        .summary = "z and sigma(z) for a new input",
        .help = "Inputs are raw values; scaling is applied.",
        .example = "predict 1 1",
        .min_args = 0,
        .max_args = -1,
        .exec = do_predict,
    },
    {
        .name = "save",
        .args = "trace|session FILE [force] | data FILE [decimal=comma] [force] | plot VIEW [log|L J|I] FILE.svg [force]",
        .summary = "write the trace CSV, a session file, the data, or a plot as SVG",
        .help = "trace: step,cost,w1..wk,b,grad_w1..grad_wk,grad_b for every step 0..now (%.17g).\n"
                "session: a script for --script that restores dataset, settings and parameters.\n"
                "data: the dataset as loaded or generated, as CSV that reads back exactly\n"
                "(decimal=comma: semicolons between fields and decimal commas, for spreadsheets that want them).\n"
                "plot cost|sigmoid|sigma'|boundary|weights [L [J]]|input [I]: the plot as a self-contained SVG image.\n"
                "Files are written atomically: a failed save leaves the old file. A save never replaces a link,\n"
                "a device, a FIFO or a directory; force as the last word replaces a read-only file.",
        .example = "save trace run.csv",
        .min_args = 1,
        .max_args = 6,
        .exec = do_save,
        .complete = complete_save,
    },
    {
        .name = "focus",
        .args = "[up|down|left|right|in|out|above|below|I|wJ|b|I wJ]",
        .summary = "move the focus: the example and parameter explanations follow",
        .example = "focus 2 w1",
        .min_args = 0,
        .max_args = 2,
        .exec = do_focus,
        .complete = complete_focus,
    },
    { .name = NULL },
};

/* Listed last by `help`. */
const cmd_entry cmd_closing_table[] = {
    {
        .name = "help",
        .args = "[CMD|symbols]",
        .summary = "list the commands, show one command's usage and an example, or the symbols",
        .help = "help symbols explains n, x, x_j, y, w_j, b, z, a, sigma, C_x, C, eta, lambda and m.",
        .example = "help step",
        .min_args = 0,
        .max_args = 1,
        .exec = do_help,
        .complete = complete_help,
    },
    {
        .name = "quit",
        .summary = "leave gradstep",
        .example = "quit",
        .min_args = 0,
        .max_args = 0,
        .exec = do_quit,
    },
    { .name = NULL },
};
