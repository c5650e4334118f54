/* save.c: the trace CSV and the session file: exact numbers (%.17g), written atomically. */
#include "save.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"

int save_trace(session *s, const char *path, session_progress_fn progress, void *ctx, char *err,
               size_t errlen)
{
    size_t k = s->data.k;
    strbuf sb = { 0 };
    double *g = malloc((k + 1) * sizeof(double));
    if (!g) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    sb_puts(&sb, "step,cost");
    for (size_t j = 0; j < k; j++) {
        sb_printf(&sb, ",w%zu", j + 1);
    }
    sb_puts(&sb, ",b");
    for (size_t j = 0; j < k; j++) {
        sb_printf(&sb, ",grad_w%zu", j + 1);
    }
    sb_puts(&sb, ",grad_b\n");
    for (long t = 0; t <= s->step; t++) {
        session_gradient_at(s, t, g);  /* also records C at step t: one pass for both */
        sb_printf(&sb, "%ld,%.17g", t, session_cost_at(s, t));
        for (size_t j = 0; j <= k; j++) {
            sb_printf(&sb, ",%.17g", session_param_at(s, t, j));
        }
        for (size_t j = 0; j <= k; j++) {
            sb_printf(&sb, ",%.17g", g[j]);
        }
        sb_puts(&sb, "\n");
        if (progress && progress(ctx, t + 1, s->step + 1)) {
            snprintf(err, errlen, "%s: not written: stopped at step %ld of %ld", path, t, s->step);
            free(g);
            sb_free(&sb);
            return -1;
        }
    }
    free(g);
    int r = file_write_atomic(path, sb_str(&sb), sb.len, err, errlen);
    sb_free(&sb);
    return r;
}

/* Appends word quoted for the command parser when it holds spaces, quotes or '#'. */
static void quoted(strbuf *out, const char *word)
{
    if (!strpbrk(word, " \t\"#\\") && *word) {
        sb_puts(out, word);
        return;
    }
    sb_puts(out, "\"");
    for (const char *p = word; *p; p++) {
        if (*p == '"' || *p == '\\') {
            sb_puts(out, "\\");
        }
        sb_append(out, p, 1);
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
    if (s->init_kind == SESSION_INIT_VALUES) {
        sb_puts(out, "set init");
        for (size_t j = 0; j <= k; j++) {
            sb_printf(out, " %.17g", s->init_values[j]);
        }
        sb_puts(out, "\n");
    } else {
        sb_printf(out, "set init %s\n", s->init_kind == SESSION_INIT_ZEROS ? "zeros" : "random");
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
