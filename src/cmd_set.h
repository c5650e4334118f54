/* cmd_set.h: the settings table behind `set` (README "Commands", the set command in the man page). */
#ifndef GRADSTEP_CMD_SET_H
#define GRADSTEP_CMD_SET_H

#include <stddef.h>

#include "cmd.h"

/* Flags of a setting. */
enum {
    SETTING_RESETS = 1,   /* changing it goes back to step 0 (seed: only under init random) */
    SETTING_INDEXED = 2   /* NAME1..NAMEk also name it, one per input (w1..wk) */
};

/* A word a setting accepts as its value, and the number it stands for. An alias is accepted
 * but not offered by completion nor named in messages. */
typedef struct setting_word {
    const char *word;
    int value;
    int alias;
} setting_word;

/* One setting. To add one, write its apply and print functions and add an entry to
 * cmd_settings[] (cmd_set.c): `set`, `set` alone, `help set`, the messages and completion
 * follow from the entry. */
typedef struct setting {
    const char *name;
    const char *values;          /* usage of the value(s): "F", "ce|quadratic" */
    const char *help;            /* one line for `help set` */
    const setting_word *words;   /* its word values, ended by a NULL word; NULL when it has none */
    const char *what;            /* what a word value is, for refusals: "a cost" */
    int min_values, max_values;  /* how many values it takes (max -1: no limit) */
    unsigned flags;              /* SETTING_* */
    /* Parses argv[0..argc) (argc within min/max_values) and applies it to the session,
     * appending the confirmation to out; -1 with one line in err and nothing changed.
     * name is the name as the learner gave it after prefix resolution ("w2" for an indexed
     * name, else the setting's own name). */
    int (*apply)(cmd_app *app, const struct setting *st, const char *name, int argc, char **argv,
                 strbuf *out, char *err, size_t errlen);
    /* Appends the present value as `set` accepts it, without a newline; NULL: `set` alone does
     * not list it (the parameters, shown by `show params`). */
    void (*print)(const cmd_app *app, strbuf *out);
} setting;

/* Every setting in the order `set` alone and `help set` list them, ended by a NULL name. */
extern const setting cmd_settings[];

/* Finds a setting by its name, a unique prefix of one, or an indexed name (w2). Returns it, or
 * NULL with one line in err: "set: ambiguous name "s", could be: seed, scale" or
 * "set: unknown name "X" (eta, ..., b)" with "; did you mean seed?" when one is close. */
const setting *setting_find(const session *s, const char *name, char *err, size_t errlen);

/* Matches text against st's word values: exactly, or as a prefix of words that all stand for
 * one value. Returns 1 with *value set, 0 when no word matches (err: "NAME: "X" is not WHAT
 * (a or b)", with "; did you mean a?" when one is close), or -1 with err when the prefix is
 * ambiguous. */
int setting_match_word(const setting *st, const char *text, int *value, char *err, size_t errlen);

/* The `set` command (cmd_entry exec) and its completion (cmd_entry complete). */
int cmd_set_exec(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen);
int cmd_set_complete(cmd_app *app, int argc, char **argv, cmd_cands *c);

/* Appends `help set`'s list of settings, generated from the table. */
void cmd_set_help(strbuf *out);

/* One line after a change: "step 3  C = 0.5632 (-0.0456)  accuracy 3/4". */
void cmd_status_line(cmd_app *app, strbuf *out);

/* "full" or the batch size M, as `set batch` accepts it. */
void cmd_batch_text(const session *s, char *buf, size_t len);

/* "cross-entropy" or "quadratic". */
const char *cmd_cost_name(model_cost c);

#endif
