/* save.c: the trace CSV and the session file: exact numbers (%.17g), written atomically. */
#include "save.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"

/* Writes the trace's rows through f, one step at a time (the file is never whole in memory). */
static int trace_rows(session *s, file_out *f, double *g, session_progress_fn progress, void *ctx,
                      char *err, size_t errlen)
{
    size_t P = session_nparams(s);
    strbuf row = { 0 };
    int rc = 0;
    for (long t = session_first_step(s); t <= s->step && rc == 0; t++) {
        session_gradient_at(s, t, g);  /* also records C at step t: one pass for both */
        sb_clear(&row);
        sb_printf(&row, "%ld,%.17g", t, session_cost_at(s, t));
        for (size_t j = 0; j < P; j++) {
            sb_printf(&row, ",%.17g", session_param_at(s, t, j));
        }
        for (size_t j = 0; j < P; j++) {
            sb_printf(&row, ",%.17g", g[j]);
        }
        sb_puts(&row, "\n");
        if (file_out_write(f, sb_str(&row), row.len) != 0) {
            break;  /* the commit reports the error */
        }
        if (progress && progress(ctx, t + 1, s->step + 1)) {
            snprintf(err, errlen, "%s: not written: stopped at step %ld of %ld", f->path, t, s->step);
            rc = -1;
        }
    }
    sb_free(&row);
    return rc;
}

int save_trace(session *s, const char *path, session_progress_fn progress, void *ctx, char *err,
               size_t errlen)
{
    /* The parameters in trace order: w1..wk, b for the single neuron; for a network, for each layer
     * l = 2..L its weights w{l}_{j}_{k} row by row, then its biases b{l}_{j}. */
    size_t P = session_nparams(s);
    double *g = malloc(P * sizeof(double));
    if (!g) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    file_out f;
    if (file_out_open(&f, path, err, errlen) != 0) {
        free(g);
        return -1;
    }
    char name[48];
    file_out_write(&f, "step,cost", 9);
    for (size_t j = 0; j < 2 * P; j++) {   /* the header, name by name: P may be large */
        char pn[40];
        session_param_name(s, j < P ? j : j - P, pn, sizeof pn);
        snprintf(name, sizeof name, ",%s%s", j < P ? "" : "grad_", pn);
        file_out_write(&f, name, strlen(name));
    }
    file_out_write(&f, "\n", 1);
    int rc = trace_rows(s, &f, g, progress, ctx, err, errlen);
    free(g);
    if (rc != 0) {
        file_out_abort(&f);
        return -1;
    }
    return file_out_commit(&f, err, errlen);
}

/* Appends word for the command parser (cmd_split): bare when it is plain, else in double quotes
 * with \" \\ \n \t \r and \xHH for quotes, backslashes and control bytes, so that any path
 * (a newline or a tab in it included) reads back exactly. */
static void quoted(strbuf *out, const char *word)
{
    int plain = *word != '\0';
    for (const unsigned char *p = (const unsigned char *)word; *p && plain; p++) {
        plain = *p > ' ' && *p != 0x7F && *p != '"' && *p != '#' && *p != '\\';
    }
    if (plain) {
        sb_puts(out, word);
        return;
    }
    sb_puts(out, "\"");
    for (const unsigned char *p = (const unsigned char *)word; *p; p++) {
        if (*p == '"' || *p == '\\') {
            sb_printf(out, "\\%c", *p);
        } else if (*p == '\n') {
            sb_puts(out, "\\n");
        } else if (*p == '\t') {
            sb_puts(out, "\\t");
        } else if (*p == '\r') {
            sb_puts(out, "\\r");
        } else if (*p < 0x20 || *p == 0x7F) {
            sb_printf(out, "\\x%02X", *p);
        } else {
            sb_append(out, (const char *)p, 1);
        }
    }
    sb_puts(out, "\"");
}

/* Appends " KEYVALUE" as one quoted word when value is set (the columns a load chose). */
static void load_option(strbuf *out, const char *key, const char *value)
{
    if (!value) {
        return;
    }
    strbuf word = { 0 };
    sb_puts(&word, key);
    sb_puts(&word, value);
    sb_puts(out, " ");
    quoted(out, sb_str(&word));
    sb_free(&word);
}

void save_session_text(const session *s, strbuf *out)
{
    size_t k = s->data.k;
    const char *src = s->raw.source ? s->raw.source : "";
    sb_printf(out, "# gradstep session: run with gradstep --script FILE (saved at step %ld;\n", s->step);
    sb_puts(out, "# the history is not saved: the step count starts again at 0 from these parameters)\n");
    if (strncmp(src, "gen ", 4) == 0) {
        sb_printf(out, "%s\n", src);
    } else {
        char abs[PATH_MAX];
        sb_puts(out, "load ");
        if (strncmp(src, "builtin:", 8) == 0) {
            sb_puts(out, src + 8);
        } else {
            quoted(out, realpath(src, abs) ? abs : src);
        }
        load_option(out, "target=", s->raw.opt_target);
        load_option(out, "ignore=", s->raw.opt_ignore);
        sb_puts(out, "\n");
    }
    if (s->net.nhidden > 0 || s->net.out != NET_OUT_SIGMOID) {
        sb_puts(out, "set hidden");
        for (size_t q = 0; q < s->net.nhidden; q++) {
            sb_printf(out, " %zu", s->net.hidden[q]);
        }
        sb_printf(out, "%s\nset output %s\n", s->net.nhidden ? "" : " none",
                  s->net.out == NET_OUT_SOFTMAX ? "softmax" : "sigmoid");
    }
    sb_printf(out, "set scale %s\n", s->scale == SESSION_SCALE_NONE ? "none" : "standardize");
    sb_printf(out, "set cost %s\n", s->cost == MODEL_COST_CE ? "ce" : "quadratic");
    sb_printf(out, "set eta %.17g\n", s->eta);
    sb_printf(out, "set lambda %.17g\n", s->lambda);
    if (s->batch == 0) {
        sb_puts(out, "set batch full\n");
    } else {
        sb_printf(out, "set batch %zu\n", s->batch);
    }
    sb_printf(out, "set seed %llu\n", (unsigned long long)s->seed);
    sb_printf(out, "set digits %d\n", s->digits);
    if (s->hist_limit > 0) {
        sb_printf(out, "set history %ld\n", s->hist_limit);
    }
    if (s->init_kind == SESSION_INIT_VALUES) {
        const double *iv = s->net.on ? s->net.init_values : s->init_values;
        sb_puts(out, "set init");
        for (size_t j = 0; j < session_nparams(s); j++) {
            sb_printf(out, " %.17g", iv[j]);
        }
        sb_puts(out, "\n");
    } else {
        sb_printf(out, "set init %s\n", s->init_kind == SESSION_INIT_ZEROS ? "zeros" : "random");
    }
    if (s->net.on) {
        char name[48];
        for (size_t j = 0; j < session_nparams(s); j++) {
            session_param_name(s, j, name, sizeof name);
            sb_printf(out, "set %s %.17g\n", name, session_param(s, j));
        }
        return;
    }
    for (size_t j = 0; j < k; j++) {
        sb_printf(out, "set w%zu %.17g\n", j + 1, s->w[j]);
    }
    sb_printf(out, "set b %.17g\n", s->b);
}

int save_session(session *s, const char *path, char *err, size_t errlen)
{
    strbuf sb = { 0 };
    save_session_text(s, &sb);
    int r = file_write_atomic(path, sb_str(&sb), sb.len, err, errlen);
    sb_free(&sb);
    return r;
}
