/* cmd.c: the command layer: splitting a line into words, finding its command in the tables,
 * checking its arguments and running it; argument parsers, progress and completion for every module. */
#include "cmd.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "errbuf.h"
#include "suggest.h"
#include "xmem.h"
#include "errbuf.h"

/* Tables added by cmd_register_table after cmd_tables, in the order they were added. */
#define MAX_EXTRA_TABLES 8
static const cmd_entry *extra[MAX_EXTRA_TABLES];
static size_t extra_count;

/* The t-th table: cmd_tables first, then the registered ones; NULL past the last. */
static const cmd_entry *table_at(size_t t)
{
    size_t fixed = 0;
    while (cmd_tables[fixed]) {
        fixed++;
    }
    if (t < fixed) {
        return cmd_tables[t];
    }
    return t - fixed < extra_count ? extra[t - fixed] : NULL;
}

void cmd_register_table(const cmd_entry *table)
{
    for (size_t t = 0; table_at(t); t++) {
        if (table_at(t) == table) {
            return;
        }
    }
    if (extra_count == MAX_EXTRA_TABLES) {
        fprintf(stderr, "gradstep: too many command tables (at most %d can be added)\n", MAX_EXTRA_TABLES);
        abort();
    }
    extra[extra_count++] = table;
}

void cmd_each(void (*fn)(const cmd_entry *e, void *ctx), void *ctx)
{
    const cmd_entry *table;
    for (size_t t = 0; (table = table_at(t)) != NULL; t++) {
        for (const cmd_entry *e = table; e->name; e++) {
            fn(e, ctx);
        }
    }
}

const char *cmd_quote(const char *text, char *buf, size_t len)
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
    const cmd_entry *table;
    for (size_t t = 0; (table = table_at(t)) != NULL; t++) {
        for (const cmd_entry *e = table; e->name; e++) {
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
            snprintf(err, errlen, "unknown command: %s: did you mean %s?", cmd_quote(name, q, sizeof q), near);
        } else {
            snprintf(err, errlen, "unknown command: %s (type help for the list)", cmd_quote(name, q, sizeof q));
        }
        return NULL;
    }
    char q[48];
    size_t used = (size_t)snprintf(err, errlen, "ambiguous command: %s, could be:", cmd_quote(name, q, sizeof q));
    const char *sep = " ";
    for (size_t t = 0; (table = table_at(t)) != NULL; t++) {
        for (const cmd_entry *e = table; e->name; e++) {
            if (strncmp(e->name, name, len) == 0 && used < errlen) {
                used += (size_t)snprintf(err + used, errlen - used, "%s%s", sep, e->name);
                sep = ", ";
            }
        }
    }
    return NULL;
}

/* ---- words ---- */

/* The value of a hex digit, or -1. */
static int hex_value(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* An escape inside double quotes at p: \" \\ \n \t \r or \xHH (not \x00), written to *out.
 * Returns the bytes it takes, or 0 when p holds no escape (a backslash then stands for itself). */
static size_t quoted_escape(const char *p, char *out)
{
    if (p[0] != '\\') {
        return 0;
    }
    switch (p[1]) {
    case '"': case '\\': *out = p[1]; return 2;
    case 'n': *out = '\n'; return 2;
    case 't': *out = '\t'; return 2;
    case 'r': *out = '\r'; return 2;
    case 'x': {
        int hi = hex_value(p[2]), lo = hi < 0 ? -1 : hex_value(p[3]);
        if (lo < 0 || (hi == 0 && lo == 0)) {
            return 0;
        }
        *out = (char)(hi * 16 + lo);
        return 4;
    }
    default: return 0;
    }
}

int cmd_split(const char *line, char ***argv_out, char *err, size_t errlen)
{
    size_t cap = 8, count = 0;
    char **argv = xmalloc(cap * sizeof(char *));
    char *word = xmalloc(strlen(line) + 1);
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
                    size_t used = quoted_escape(p, &word[w]);
                    if (used) {
                        p += used;
                        w++;
                        continue;
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
            argv = xrealloc(argv, cap * sizeof(char *));
        }
        argv[count++] = xstrdup(word);
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


double *cmd_parse_inputs(const session *s, int argc, char **argv, char *err, size_t errlen)
{
    size_t k = s->data.k;
    if ((size_t)argc != k) {
        snprintf(err, errlen, "predict: expected %zu input value%s (x1..x%zu), got %d", k, k == 1 ? "" : "s", k, argc);
        return NULL;
    }
    double *x = malloc(k * sizeof(double));
    if (!x) {
        snprintf(err, errlen, "predict: out of memory");
        return NULL;
    }
    for (size_t j = 0; j < k; j++) {
        char what[32];
        snprintf(what, sizeof what, "predict: x%zu", j + 1);
        if (cmd_parse_double(argv[j], what, &x[j], err, errlen) != 0) {
            free(x);
            return NULL;
        }
    }
    return x;
}

int cmd_parse_double(const char *text, const char *what, double *v, char *err, size_t errlen)
{
    char q[48];
    char *end;
    errno = 0;
    double d = strtod(text, &end);
    int hex = strchr(text, 'x') || strchr(text, 'X');
    if (end == text || *end || hex || isnan(d)) {
        snprintf(err, errlen, "%s: \"%s\" is not a number", what, cmd_quote(text, q, sizeof q));
        return -1;
    }
    if (errno == ERANGE && fabs(d) > 1.0) {
        snprintf(err, errlen, "%s: \"%s\" is too large (the largest number is about 1.8e308)", what,
                 cmd_quote(text, q, sizeof q));
        return -1;
    }
    if (!isfinite(d)) {
        snprintf(err, errlen, "%s: %s is not a finite number", what, cmd_quote(text, q, sizeof q));
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
        snprintf(err, errlen, "%s: \"%s\" is not a whole number", what, cmd_quote(text, q, sizeof q));
        return -1;
    }
    if (errno == ERANGE || n < lo || n > hi) {
        snprintf(err, errlen, "%s: %s is out of range (%ld to %ld)", what, cmd_quote(text, q, sizeof q), lo, hi);
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

/* The layered names of the single neuron, seen as the network (k, 1): w2_1_J is wJ and b2_1 is b
 * (README "Network mode"). 0 with *j, or -1. */
static int layered_alias(const session *s, const char *text, size_t *j)
{
    size_t k = s->data.k;
    unsigned long v = 0;
    int used = 0;
    if (s->net.on) {
        return -1;
    }
    if (strcmp(text, "b2_1") == 0) {
        *j = k;
        return 0;
    }
    if (sscanf(text, "w2_1_%lu%n", &v, &used) == 1 && text[used] == '\0' && isdigit((unsigned char)text[5]) &&
        v >= 1 && v <= k) {
        *j = (size_t)v - 1;
        return 0;
    }
    return -1;
}

int cmd_parse_param(const session *s, const char *text, size_t *j, char *err, size_t errlen)
{
    size_t k = s->data.k;
    char q[48];
    if (strcmp(text, "b") == 0) {
        *j = k;
        return 0;
    }
    if (layered_alias(s, text, j) == 0) {
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
    snprintf(err, errlen, "\"%s\" is not a parameter: use w1..w%zu or b", cmd_quote(text, q, sizeof q), k);
    return -1;
}

/* ---- progress ---- */

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
        if (app->interactive && app->play && app->play_step && !app->lesson) {
            return app->play_step(app, out, err, errlen);  /* Enter: the play's next command */
        }
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
        if (app->lesson && app->lesson_take && app->interactive && !strstr(err, "did you mean")) {
            /* (a misspelt command, "stpe", keeps its suggestion rather than count as a wrong answer) */
            /* "0.82" typed while a lesson's question waits is its answer */
            char e2[512] = "";
            int r = app->lesson_take(app, line, out, e2, sizeof e2);
            if (r != -2) {
                snprintf(err, errlen, "%s", e2);
                return r;
            }
        }
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
    if (app->lesson_dir_running && !cmd_lesson_allows(app, e, nargs, argv + 1, err, errlen)) {
        cmd_free_words(argv);
        return -1;
    }
    int r = e->exec(app, nargs, argv + 1, out, err, errlen);
    if (app->s.hist_dropped == 1) {   /* said once a session (README "Commands": set history) */
        app->s.hist_dropped = 2;
        sb_printf(out, "history: only the last %ld steps are kept (set history); back stops at step %ld, "
                       "a trace starts there\n", app->s.hist_limit, session_first_step(&app->s));
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
    if (app->lesson && app->lesson_free) {
        app->lesson_free(app->lesson);
    }
    if (app->play && app->play_free) {
        app->play_free(app->play);
    }
    app->play = NULL;
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

void cmd_cand_add(cmd_cands *c, const char *s)
{
    if (strncmp(s, c->word, strlen(c->word)) != 0) {
        return;
    }
    for (size_t i = 0; i < c->count; i++) {
        if (strcmp(c->list[i], s) == 0) {
            return;
        }
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

void cmd_cand_words(cmd_cands *c, const char *const *words)
{
    for (; *words; words++) {
        cmd_cand_add(c, *words);
    }
}

void cmd_suggest_word(char *err, size_t errlen, const char *word, const char *const *names)
{
    size_t n = 0;
    while (names[n]) {
        n++;
    }
    const char *near = suggest_nearest(word, names, n);
    if (near) {
        err_append(err, errlen, "; did you mean \"%s\"?", near);
    }
}

void cmd_cand_params(const cmd_app *app, cmd_cands *c)
{
    char wn[32];
    for (size_t j = 0; j < app->s.data.k && j < CMD_CAND_MAX_WEIGHTS; j++) {
        snprintf(wn, sizeof wn, "w%zu", j + 1);
        cmd_cand_add(c, wn);
    }
    cmd_cand_add(c, "b");
}

void cmd_cand_range(cmd_cands *c, size_t lo, size_t hi)
{
    char num[32];
    for (size_t v = lo; v <= hi && v - lo < CMD_CAND_MAX_WEIGHTS; v++) {
        snprintf(num, sizeof num, "%zu", v);
        cmd_cand_add(c, num);
    }
}

static void cand_cmd(const cmd_entry *e, void *ctx)
{
    cmd_cand_add(ctx, e->name);
}

char **cmd_complete(cmd_app *app, const char *line, const char *word)
{
    cmd_cands c = { NULL, 0, 0, word };
    char **argv;
    char err[ERR_LEN];
    int argc = cmd_split(line, &argv, err, sizeof err);
    if (argc < 0) {
        return NULL;
    }
    int files = 0;
    if (argc == 0) {
        cmd_each(cand_cmd, &c);
    } else {
        const cmd_entry *e = cmd_lookup(argv[0], err, sizeof err);
        if (e && e->complete) {
            files = e->complete(app, argc - 1, argv + 1, &c);
        }
    }
    cmd_free_words(argv);
    if (files) {
        for (size_t i = 0; i < c.count; i++) {
            free(c.list[i]);
        }
        free(c.list);
        return NULL;
    }
    if (!c.list) {
        c.list = calloc(1, sizeof(char *));
    }
    return c.list;
}

/* Completes command names (for `help CMD`). */
int cmd_complete_commands(cmd_app *app, int argc, char **argv, cmd_cands *c)
{
    (void)app;
    (void)argv;
    if (argc == 0) {
        cmd_each(cand_cmd, c);
    }
    return 0;
}
