/* fuzz_commands.c: libFuzzer target for the command language: each input line runs through cmd_execute
 * on a fresh session; a failing command must leave the session as it was, and no parameter may become
 * non-finite. save, source, play and lesson run against files of an empty temporary directory (paths
 * outside it are filtered out, as are computations too long for a fuzzer); after each input no temporary
 * file of a save may be left there, and what a command printed must be made safe by text_safe in one pass. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "text.h"

#define MAX_LINES 48
#define MAX_LINE 4096
#define MAX_UPDATES 400     /* whole updates one input may ask for, over all its lines */
#define MAX_PLOT_CELLS 20000

/* What a failing command must not change. */
typedef struct {
    long step;
    size_t pending, n, k, batch, focus_i, focus_j;
    double eta, lambda, b;
    model_cost cost;
    uint64_t seed;
    session_scale scale;
    int digits;
    double w[64];
    int net_on, out, init_kind;
    size_t nhidden, hidden[NET_MAX_HIDDEN], nparams;
    double p[64];      /* the first parameters of a network */
} snapshot;

static void take(const session *s, snapshot *p)
{
    memset(p, 0, sizeof *p);
    p->step = s->step;
    p->pending = s->pending;
    p->n = s->data.n;
    p->k = s->data.k;
    p->batch = s->batch;
    p->focus_i = s->focus_i;
    p->focus_j = s->focus_j;
    p->eta = s->eta;
    p->lambda = s->lambda;
    p->b = s->b;
    p->cost = s->cost;
    p->seed = s->seed;
    p->scale = s->scale;
    p->digits = s->digits;
    for (size_t j = 0; j < s->data.k && j < 64; j++) {
        p->w[j] = s->w[j];
    }
    p->net_on = s->net.on;
    p->out = (int)s->net.out;
    p->init_kind = (int)s->init_kind;
    p->nhidden = s->net.nhidden;
    memcpy(p->hidden, s->net.hidden, sizeof p->hidden);
    p->nparams = session_nparams(s);
    for (size_t j = 0; s->net.on && j < p->nparams && j < 64; j++) {
        p->p[j] = s->net.p[j];
    }
}

/* The run-out tree the fuzzer works in: an empty directory, with the bundled data found by name. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char top[PATH_MAX], path[PATH_MAX + 32];
    if (!getcwd(top, sizeof top)) {
        return 0;
    }
    snprintf(path, sizeof path, "%s/datasets", top);
    if (!getenv("GRADSTEP_DATADIR")) {
        setenv("GRADSTEP_DATADIR", path, 1);
    }
    snprintf(path, sizeof path, "%s/lessons", top);
    if (!getenv("GRADSTEP_LESSONDIR")) {
        setenv("GRADSTEP_LESSONDIR", path, 1);
    }
    char tmpl[] = "/tmp/gradstep-fuzz.XXXXXX";
    if (mkdtemp(tmpl) && chdir(tmpl) != 0) {
        return 0;
    }
    return 0;
}

static long number_in(const char *a)
{
    const char *p = a;
    while (*p && (*p < '0' || *p > '9')) {
        p++;
    }
    return *p ? strtol(p, NULL, 10) : 0;
}

/* 1 when the line may run: no file is written, no long computation is started. */
static int allowed(char **argv, int argc, long *updates)
{
    if (argc == 0) {
        return 1;
    }
    const char *name = argv[0];
    char err[256];
    const cmd_entry *e = cmd_lookup(name, err, sizeof err);
    if (!e) {
        return 1; /* the error path runs */
    }
    for (int i = 1; i < argc; i++) {
        /* Files only in the temporary working directory: NAME or ./NAME (bundled names too). */
        const char *a = strncmp(argv[i], "./", 2) == 0 ? argv[i] + 2 : argv[i];
        if (strchr(a, '/') || strcmp(a, "..") == 0) {
            return 0;
        }
    }
    for (int i = 1; i < argc; i++) {
        long v = number_in(argv[i]);
        if (v < 0 || v > 100000000L) {
            v = 0; /* out of every range: the command fails at once */
        }
        if (strcmp(e->name, "step") == 0 || strcmp(e->name, "run") == 0) {
            *updates += v;
        } else if (strcmp(e->name, "gen") == 0 && v > 2000) {
            return 0;
        } else if (strcmp(e->name, "plot") == 0 && strchr(argv[i], 'x')) {
            long h = number_in(strchr(argv[i], 'x'));
            if (v > MAX_PLOT_CELLS || h > MAX_PLOT_CELLS || (h > 0 && v > MAX_PLOT_CELLS / h)) {
                return 0;
            }
        }
    }
    if ((strcmp(e->name, "step") == 0 || strcmp(e->name, "run") == 0) && *updates > MAX_UPDATES) {
        return 0;
    }
    return 1;
}

/* Empties the working directory after an input; a save's temporary file found there is a fault. */
static void sweep(void)
{
    DIR *d = opendir(".");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        if (strncmp(e->d_name, ".gradstep-", 10) == 0) {
            fprintf(stderr, "a save left its temporary file %s\n", e->d_name);
            abort();
        }
        if (unlink(e->d_name) != 0) {
            rmdir(e->d_name);
        }
    }
    if (d) {
        closedir(d);
    }
}

/* What a command printed must come out of one pass of text_safe safe for good. */
static void check_safe(const char *text, size_t len, unsigned flags)
{
    strbuf once = { 0 };
    text_safe(&once, text, len, flags);
    if (!text_is_safe(sb_str(&once), once.len, flags)) {
        fprintf(stderr, "text_safe: its output is not safe: \"%s\"\n", sb_str(&once));
        abort();
    }
    sb_free(&once);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cmd_app app;
    char err[512];
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        fprintf(stderr, "cmd_app_init: %s\n", err);
        abort();
    }
    app.interactive = size > 0 && (data[0] & 1);
    app.ascii = size > 0 && (data[0] & 2);
    strbuf out = { 0 };
    char line[MAX_LINE + 1];
    size_t pos = 0;
    long updates = 0;
    for (int l = 0; l < MAX_LINES && pos < size; l++) {
        size_t end = pos;
        while (end < size && data[end] != '\n') {
            end++;
        }
        size_t len = end - pos < MAX_LINE ? end - pos : MAX_LINE;
        memcpy(line, data + pos, len);
        line[len] = '\0';
        pos = end + 1;

        /* In an interactive mode an empty line repeats the last step, next, back or run: judge that command. */
        const char *judged = line;
        size_t blank = strspn(line, " \t\r\f\v");
        if (app.interactive && line[blank] == '\0' && app.last_repeat) {
            judged = app.last_repeat;
        }
        char **argv = NULL;
        int argc = cmd_split(judged, &argv, err, sizeof err);
        int ok = argc < 0 || allowed(argv, argc, &updates);
        const char *cmd_name = argc > 0 ? argv[0] : "";
        char name[64];
        const cmd_entry *e = argc > 0 ? cmd_lookup(cmd_name, err, sizeof err) : NULL;
        snprintf(name, sizeof name, "%s", e ? e->name : "");
        cmd_free_words(argv);
        if (!ok) {
            continue;
        }

        /* Completion on a prefix of the line, as Tab would ask for it. */
        size_t cut = len / 2;
        char *space = strrchr(line, ' ');
        char saved = line[cut];
        line[cut] = '\0';
        char **c = cmd_complete(&app, line, space && (size_t)(space - line) < cut ? space + 1 : line);
        line[cut] = saved;
        for (size_t i = 0; c && c[i]; i++) {
            free(c[i]);
        }
        free(c);

        snapshot before, after;
        take(&app.s, &before);
        sb_clear(&out);
        err[0] = '\0';
        int r = cmd_execute(&app, line, &out, err, sizeof err);
        check_safe(sb_str(&out), out.len, TEXT_SAFE_NL | TEXT_SAFE_TAB);
        check_safe(err, strlen(err), 0);
        if (r < 0) {
            if (!err[0] || strchr(err, '\n')) {
                fprintf(stderr, "cmd_execute(\"%s\"): error message \"%s\" is empty or not one line\n", line, err);
                abort();
            }
            take(&app.s, &after);
            int partial = strcmp(name, "step") == 0 || strcmp(name, "run") == 0 || strcmp(name, "lesson") == 0 ||
                          strcmp(name, "source") == 0 || strcmp(name, "play") == 0;
            if (!partial && memcmp(&before, &after, sizeof before) != 0) {
                fprintf(stderr, "cmd_execute(\"%s\") failed (%s) but changed the session\n", line, err);
                abort();
            }
        }
        const session *s = &app.s;
        for (size_t j = 0; s->net.on && j < s->net.shape.nparams; j++) {
            if (!isfinite(s->net.p[j])) {
                fprintf(stderr, "after \"%s\": network parameter %zu is not finite\n", line, j + 1);
                abort();
            }
        }
        for (size_t j = 0; j < s->data.k; j++) {
            if (!isfinite(s->w[j])) {
                fprintf(stderr, "after \"%s\": w%zu is not finite\n", line, j + 1);
                abort();
            }
        }
        if (!isfinite(s->b) || !(s->eta > 0) || !isfinite(s->eta) || !(s->lambda >= 0) || !isfinite(s->lambda)) {
            fprintf(stderr, "after \"%s\": b, eta or lambda out of range\n", line);
            abort();
        }
        if (s->focus_i >= s->data.n || s->focus_j > s->data.k) {
            fprintf(stderr, "after \"%s\": focus (%zu, %zu) outside the data\n", line, s->focus_i, s->focus_j);
            abort();
        }
        (void)session_evaluate(&app.s);
        if (r == CMD_QUIT) {
            break;
        }
    }
    sb_free(&out);
    cmd_app_free(&app);
    sweep();
    return 0;
}
