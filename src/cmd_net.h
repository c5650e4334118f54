/* cmd_net.h: the commands and names of network mode (layers, classes, softmax), as the README's "Network mode" describes. */
#ifndef GRADSTEP_CMD_NET_H
#define GRADSTEP_CMD_NET_H

#include <stddef.h>

#include "cmd.h"

/* Each cmd_net_* command hook returns 1 when it handled the command (its output in out), 0 when the
 * command is not network mode's to handle (the single neuron's code runs), or -1 with one line in
 * err and the session unchanged. */

/* print NAME for layered names (w3_1_2, b2_1, grad_..., z2_1@I, a2_1@I, delta2_1@I, C@I) in both
 * modes, and for every parameter-dependent name in network mode. */
int cmd_net_print(cmd_app *app, const char *name, strbuf *out, char *err, size_t errlen);

/* set wL_J_K / bL_J (in single neuron mode as aliases), and refusals of single-neuron parameter
 * names in network mode. */
int cmd_net_set(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen);

/* set hidden (h layers of the given sizes, 0 for none) and set output, with their messages: 0, or
 * -1 with err and nothing changed. */
int cmd_net_set_hidden(cmd_app *app, const size_t *sizes, size_t h, strbuf *out, char *err, size_t errlen);
int cmd_net_set_output(cmd_app *app, net_output o, strbuf *out, char *err, size_t errlen);

/* What load adds about classes and the network: "classes: a=1 b=2 c=3", a softmax turned back to
 * sigmoid, the network's sizes. */
void cmd_net_load_message(cmd_app *app, strbuf *out);

/* show net, show example I, and in network mode show data|params|all. */
int cmd_net_show(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen);

/* predict X1..Xk in network mode: every output and the predicted class by name. */
int cmd_net_predict(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen);

/* check in network mode: every partial (a sample of 300 on large networks unless all) against a
 * central difference. */
int cmd_net_check(cmd_app *app, int all, strbuf *out, char *err, size_t errlen);

/* compare [N] in network mode with sigmoid outputs: both costs' gradients now, and with N > 0 two
 * copies trained N full-batch steps from here, one per cost (the session is unchanged). */
int cmd_net_compare(cmd_app *app, long steps, strbuf *out, char *err, size_t errlen);

/* What next prints in network mode after a term was added (r = 0) or the update applied (r = 1). */
int cmd_net_next(cmd_app *app, int r, strbuf *out);

/* Refuses, in network mode, a command that works on the single neuron only (the plot views sigmoid
 * and sigma'). Returns -1 with err, or 0. */
int cmd_net_refuse(cmd_app *app, const char *cmd, int argc, char **argv, char *err, size_t errlen);

/* The index (trace order) of the network parameter named word (w3_1_2, b2_1), or -1 with one line in
 * err that starts with what and says which layers, neurons or inputs exist. */
int cmd_net_param_index(const session *s, const char *word, const char *what, size_t *i, char *err, size_t errlen);

/* The name of class c for views: the label as written, or "0"/"1" for a [0,1] target. */
const char *cmd_net_class_name(const session *s, size_t c);

/* Writes "2-3-1" (layer sizes) into buf. */
void cmd_net_sizes(const session *s, char *buf, size_t len);

#endif
