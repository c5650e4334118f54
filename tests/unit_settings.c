/* unit_settings.c: the settings table behind `set`: every setting parses its valid values, refuses
 * invalid ones with one line and no change, prints back what it parsed, and completes; names and
 * word values accept unique prefixes, ambiguous ones list their candidates, typos get a suggestion. */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd_set.h"
#include "harness.h"

static cmd_app app;
static strbuf out;
static char err[1024];

static int run(const char *line)
{
    sb_clear(&out);
    err[0] = '\0';
    return cmd_execute(&app, line, &out, err, sizeof err);
}

/* The line "NAME = VALUE" that `set` alone prints for name, without "NAME = ", or NULL. */
static char *listed(const char *name)
{
    static char value[256];
    if (run("set") != 0) {
        return NULL;
    }
    size_t n = strlen(name);
    for (const char *p = sb_str(&out); *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len > n + 3 && strncmp(p, name, n) == 0 && strncmp(p + n, " = ", 3) == 0) {
            snprintf(value, sizeof value, "%.*s", (int)(len - n - 3), p + n + 3);
            return value;
        }
        p += len + (nl ? 1 : 0);
    }
    return NULL;
}

/* One setting's test: a valid value and what `set` alone must print after it (NULL: the
 * setting is not listed), a second valid value written as a prefix or alias and its print,
 * and an invalid value with the exact refusal. */
typedef struct {
    const char *name;
    const char *valid, *printed;
    const char *other, *other_printed;
    const char *invalid, *refusal;
} case_t;

static const case_t cases[] = {
    { "eta", "0.25", "0.25", "1e-3", "0.001", "abc", "eta: \"abc\" is not a number" },
    { "lambda", "0.125", "0.125", "0", "0", "-1", "lambda must be a finite number of at least 0, not -1" },
    { "cost", "quadratic", "quadratic", "cr", "ce", "hinge", "cost: \"hinge\" is not a cost (ce or quadratic)" },
    { "batch", "2", "2", "f", "full", "0", "batch: 0 is out of range (1 to 4)" },
    { "seed", "42", "42", "18446744073709551615", "18446744073709551615", "-1",
      "seed: \"-1\" is not a whole number from 0 to 18446744073709551615" },
    { "init", "0.5 0.25 -1", "0.5 0.25 -1", "r", "random", "1", "init: expected 3 values (w1..w2 then b), got 1" },
    { "scale", "standardize", "standardize", "n", "none", "x", "scale: \"x\" is not a scaling (none or standardize)" },
    { "digits", "6", "6", "17", "17", "0", "digits: 0 is out of range (1 to 17)" },
    { "history", "100", "100", "u", "unlimited", "1", "history: 1 is out of range (3 to 9223372036854775807)" },
    { "theme", "light", "light", "m", "mono", "pink", "theme: \"pink\" is not a theme (dark, light, mono or auto)" },
    { "hidden", "3 2", "3 2", "n", "none", "0", "set hidden: layer 1's neurons: 0 is out of range (1 to 256)" },
    { "output", "sigmoid", "sigmoid", "sig", "sigmoid", "softmax",
      "softmax needs a target column of class labels; the dataset \"and\" has targets in [0,1]" },
    { "w", "0.5 -0.25", NULL, "2", NULL, "1 2 3", "set w: expected 2 values (w1..w2) or one for all, got 3" },
    { "b", "0.75", NULL, "-2", NULL, "nan", "b: \"nan\" is not a number" },
};

static const case_t *case_for(const char *name)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (strcmp(cases[i].name, name) == 0) {
            return &cases[i];
        }
    }
    return NULL;
}

/* The session's settings and parameters, to see that a refusal changes nothing. */
typedef struct {
    double eta, lambda, w0, w1, b;
    int cost, scale, digits, init;
    size_t batch;
    unsigned long long seed;
    long step;
} snap;

static snap take(void)
{
    const session *s = &app.s;
    snap n = { s->eta, s->lambda, s->w[0], s->w[1], s->b, (int)s->cost, (int)s->scale, s->digits,
               (int)s->init_kind, s->batch, (unsigned long long)s->seed, s->step };
    return n;
}

static void test_every_setting(void)
{
    char line[256];
    for (const setting *st = cmd_settings; st->name; st++) {
        const case_t *c = case_for(st->name);
        CHECK(c != NULL, "setting %s has no test case: add one to cases[]", st->name);
        if (!c) {
            continue;
        }
        CHECK(st->help && *st->help && st->values && *st->values, "%s has help and a usage", st->name);
        snprintf(line, sizeof line, "set %s %s", st->name, c->valid);
        CHECK(run(line) == 0, "%s: %s", line, err);
        if (c->printed) {
            CHECK_STR(listed(st->name), c->printed);
            /* What `set` prints, given back to `set`, sets the same. */
            snprintf(line, sizeof line, "set %s %s", st->name, c->printed);
            CHECK(run(line) == 0, "%s: %s", line, err);
            CHECK_STR(listed(st->name), c->printed);
        } else {
            CHECK(listed(st->name) == NULL, "%s is not listed by set alone", st->name);
        }
        snprintf(line, sizeof line, "set %s %s", st->name, c->other);
        CHECK(run(line) == 0, "%s: %s", line, err);
        if (c->other_printed) {
            CHECK_STR(listed(st->name), c->other_printed);
        }
        snap before = take();
        snprintf(line, sizeof line, "set %s %s", st->name, c->invalid);
        CHECK(run(line) == -1, "%s is refused", line);
        CHECK_STR(err, c->refusal);
        CHECK(strchr(err, '\n') == NULL, "%s: the refusal is one line", line);
        snap after = take();
        CHECK(memcmp(&before, &after, sizeof before) == 0, "%s changed the session", line);
        run("set init zeros");
        run("set batch full");
        run("set scale none");
    }
}

static void test_values_of_parameters(void)
{
    CHECK(run("set w 0.5 -0.25") == 0 && app.s.w[0] == 0.5 && app.s.w[1] == -0.25, "set w: %s", err);
    CHECK(run("set w 3") == 0 && app.s.w[0] == 3 && app.s.w[1] == 3, "set w one for all: %s", err);
    CHECK(run("set w2 -1.5") == 0 && app.s.w[1] == -1.5 && app.s.w[0] == 3, "set w2: %s", err);
    CHECK_STR(sb_str(&out), "w2 = -1.5\n");
    CHECK(run("set b 0.75") == 0 && app.s.b == 0.75, "set b: %s", err);
    CHECK_STR(sb_str(&out), "b = 0.75\n");
    CHECK(run("set w2 1 2") == -1, "set w2 takes one value");
    CHECK_STR(err, "set w2: expected one value, got 2");
}

static void test_prefixes(void)
{
    CHECK(run("set e 0.5") == 0 && app.s.eta == 0.5, "set e is eta: %s", err);
    CHECK_STR(sb_str(&out), "eta = 0.5\n");
    CHECK(run("set la 0.25") == 0 && app.s.lambda == 0.25, "set la is lambda: %s", err);
    CHECK(run("set ba 2") == 0 && app.s.batch == 2, "set ba is batch: %s", err);
    CHECK(run("set b 1") == 0 && app.s.b == 1 && app.s.batch == 2, "set b is the bias, not batch: %s", err);
    CHECK(run("set s 1") == -1, "set s is ambiguous");
    CHECK_STR(err, "set: ambiguous name \"s\", could be: seed, scale");
    CHECK(run("set cost q") == 0 && app.s.cost == MODEL_COST_QUAD, "cost q is quadratic: %s", err);
    CHECK_STR(sb_str(&out), "cost = quadratic\n");
    CHECK(run("set cost c") == 0 && app.s.cost == MODEL_COST_CE, "c begins ce and cross-entropy, one value: %s", err);
    CHECK(run("set sc st") == 0 && app.s.scale == SESSION_SCALE_STANDARDIZE, "set sc st: %s", err);
    CHECK_STR(sb_str(&out), "scale = standardize; inputs rescaled, back to step 0\n");
    run("set scale none");
    CHECK(run("set i z") == 0 && app.s.init_kind == SESSION_INIT_ZEROS, "set i z is init zeros: %s", err);
    CHECK(run("set e") == -1, "a name without a value");
    CHECK_STR(err, "set eta: missing value (usage: set NAME VALUE...)");
    CHECK(run("set eta 1 2") == -1, "two values for eta");
    CHECK_STR(err, "set eta: expected one value, got 2");
}

static void test_suggestions(void)
{
    CHECK(run("set lamda 1") == -1, "lamda is unknown");
    CHECK_STR(err, "set: unknown name \"lamda\" (eta, lambda, cost, batch, seed, init, scale, digits, history, theme, hidden, output, w, w1..w2, b)"
                   "; did you mean lambda?");
    CHECK(run("set xyzzy 1") == -1, "xyzzy is unknown");
    CHECK_STR(err, "set: unknown name \"xyzzy\" (eta, lambda, cost, batch, seed, init, scale, digits, history, theme, hidden, output, w, w1..w2, b)");
    CHECK(run("set cost quadratc") == -1, "quadratc is no cost");
    CHECK_STR(err, "cost: \"quadratc\" is not a cost (ce or quadratic); did you mean quadratic?");
}

/* A made-up setting whose words share a prefix but stand for different values. */
static void test_ambiguous_word(void)
{
    static const setting_word words[] = { { "slow", 1, 0 }, { "slower", 2, 0 }, { "fast", 3, 0 },
                                          { "quick", 3, 1 }, { NULL, 0, 0 } };
    setting st = { .name = "pace", .values = "slow|slower|fast", .help = "h", .words = words,
                   .what = "a pace", .min_values = 1, .max_values = 1 };
    int v = 0;
    CHECK(setting_match_word(&st, "slow", &v, err, sizeof err) == 1 && v == 1, "an exact word wins over a longer one");
    CHECK(setting_match_word(&st, "slowe", &v, err, sizeof err) == 1 && v == 2, "a unique prefix");
    CHECK(setting_match_word(&st, "sl", &v, err, sizeof err) == -1, "sl is ambiguous");
    CHECK_STR(err, "pace: \"sl\" is ambiguous, could be: slow, slower");
    CHECK(setting_match_word(&st, "q", &v, err, sizeof err) == 1 && v == 3, "an alias is accepted");
    CHECK(setting_match_word(&st, "", &v, err, sizeof err) == 0, "an empty word matches nothing");
    CHECK(setting_match_word(&st, "fats", &v, err, sizeof err) == 0, "fats is no pace");
    CHECK_STR(err, "pace: \"fats\" is not a pace (slow, slower or fast); did you mean fast?");
}

static int has(char **list, const char *word)
{
    for (char **p = list; p && *p; p++) {
        if (strcmp(*p, word) == 0) {
            return 1;
        }
    }
    return 0;
}

static void free_list(char **list)
{
    for (char **p = list; p && *p; p++) {
        free(*p);
    }
    free(list);
}

static void test_completion(void)
{
    for (const setting *st = cmd_settings; st->name; st++) {
        char start[2] = { st->name[0], '\0' };
        char **c = cmd_complete(&app, "set ", start);
        CHECK(has(c, st->name), "set %s... completes to %s", start, st->name);
        free_list(c);
        char line[64];
        snprintf(line, sizeof line, "set %s ", st->name);
        c = cmd_complete(&app, line, "");
        size_t n = 0;
        for (const setting_word *w = st->words; w && w->word; w++) {
            CHECK(has(c, w->word) == !w->alias, "set %s offers %s unless it is an alias", st->name, w->word);
            n += !w->alias;
        }
        size_t got = 0;
        while (c && c[got]) {
            got++;
        }
        CHECK(got == n, "set %s completes to its %zu words, got %zu", st->name, n, got);
        free_list(c);
    }
    char **c = cmd_complete(&app, "set ", "w");
    CHECK(has(c, "w") && has(c, "w1") && has(c, "w2") && !has(c, "w3"), "w, w1, w2 for k = 2");
    free_list(c);
    c = cmd_complete(&app, "set sc ", "s");
    CHECK(has(c, "standardize") && !has(c, "none"), "a prefixed name completes its words");
    free_list(c);
}

static void test_help(void)
{
    CHECK(run("help set") == 0, "help set: %s", err);
    for (const setting *st = cmd_settings; st->name; st++) {
        char usage[96];
        snprintf(usage, sizeof usage, "  %s %s", st->name, st->values);
        CHECK(strstr(sb_str(&out), usage) != NULL, "help set names %s", usage);
    }
    CHECK(strstr(sb_str(&out), "init zeros|random|W1..Wk B") && strstr(sb_str(&out), "(back to step 0)"),
          "help set says which settings go back to step 0");
}

int main(void)
{
    if (cmd_app_init(&app, err, sizeof err) != 0) {
        fprintf(stderr, "cmd_app_init: %s\n", err);
        return 1;
    }
    test_every_setting();
    test_values_of_parameters();
    test_prefixes();
    test_suggestions();
    test_ambiguous_word();
    test_completion();
    test_help();
    cmd_app_free(&app);
    sb_free(&out);
    return harness_finish();
}
