/* cmd_net.c: the commands and names of network mode: set hidden/output, layered names, show net/example, predict, check. */
#include "cmd_net.h"
#include "plot.h"

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "net.h"

#define NET_UNITS_MAX (NET_MAX_HIDDEN * NET_MAX_WIDTH + 256) /* neurons of layers 2..L, at most */
#define CHECK_SAMPLE 300   /* parameters `check` compares at most */
#define CHECK_TOL 1e-6     /* relative error below which a partial derivative counts as right */
#define COLS_SHOWN 8       /* weight columns `show net` prints before "..." */

/* A parsed layered name: kind 'w', 'b', 'z', 'a', 'd' (delta) or 'C', with grad_ for parameters. */
typedef struct {
    char kind;
    int grad;
    long l, j, k;
    long ex;      /* example number after @, 0 when none */
} lname;

/* Reads digits at *p into *v (no sign, at least one digit). */
static int read_count(const char **p, long *v)
{
    if (!isdigit((unsigned char)**p)) {
        return -1;
    }
    long x = 0;
    while (isdigit((unsigned char)**p)) {
        x = x > 100000000L ? x : x * 10 + (**p - '0');
        (*p)++;
    }
    *v = x;
    return 0;
}

/* Splits a layered name by its syntax alone: 0, or -1 when it is not one. */
static int parse_lname(const char *s, lname *n)
{
    memset(n, 0, sizeof *n);
    if (strncmp(s, "grad_", 5) == 0) {
        n->grad = 1;
        s += 5;
    }
    if (strncmp(s, "C@", 2) == 0 && !n->grad) {
        n->kind = 'C';
        s += 2;
        return read_count(&s, &n->ex) == 0 && *s == '\0' ? 0 : -1;
    }
    if (strncmp(s, "delta", 5) == 0) {
        n->kind = 'd';
        s += 5;
    } else if (*s == 'w' || *s == 'b' || *s == 'z' || *s == 'a') {
        n->kind = *s++;
    } else {
        return -1;
    }
    if (read_count(&s, &n->l) != 0 || *s++ != '_' || read_count(&s, &n->j) != 0) {
        return -1;
    }
    if (n->kind == 'w' && (*s++ != '_' || read_count(&s, &n->k) != 0)) {
        return -1;
    }
    int per_example = n->kind == 'z' || n->kind == 'a' || n->kind == 'd';
    if (per_example && (n->grad || *s++ != '@' || read_count(&s, &n->ex) != 0)) {
        return -1;
    }
    if (n->grad && n->kind != 'w' && n->kind != 'b') {
        return -1;
    }
    return *s == '\0' ? 0 : -1;
}

/* The shape names refer to: the network, or the single neuron as the network (k, 1). */
static void name_shape(const session *s, net_shape *sh)
{
    if (s->net.on) {
        *sh = s->net.shape;
    } else {
        char e[8];
        net_shape_init(sh, s->data.k, NULL, 0, 1, NET_OUT_SIGMOID, e, sizeof e);
    }
}

/* Checks a parsed name against the shape and the data; -1 with err naming what is past the end. */
static int check_lname(const session *s, const net_shape *sh, const lname *n, const char *what, char *err,
                       size_t errlen)
{
    if (n->kind != 'C') {
        if (n->l < 2 || n->l > sh->L) {
            snprintf(err, errlen, "%s: there is no layer %ld with neurons (layers 2..%d; layer 1 is the input)", what,
                     n->l, sh->L);
            return -1;
        }
        if (n->j < 1 || (size_t)n->j > sh->size[n->l]) {
            snprintf(err, errlen, "%s: layer %ld has neurons 1..%zu", what, n->l, sh->size[n->l]);
            return -1;
        }
        if (n->kind == 'w' && (n->k < 1 || (size_t)n->k > sh->size[n->l - 1])) {
            snprintf(err, errlen, "%s: layer %ld has inputs 1..%zu (the neurons of layer %ld)", what, n->l,
                     sh->size[n->l - 1], n->l - 1);
            return -1;
        }
    }
    if (n->ex && (n->ex < 1 || (size_t)n->ex > s->data.n)) {
        snprintf(err, errlen, "%s: there are examples 1..%zu", what, s->data.n);
        return -1;
    }
    if ((n->kind == 'C' || n->kind == 'z' || n->kind == 'a' || n->kind == 'd') && n->ex == 0) {
        snprintf(err, errlen, "%s: name the example with @I", what);
        return -1;
    }
    return 0;
}

/* The parameter index of a parsed w or b name (already checked). */
static size_t lname_index(const net_shape *sh, const lname *n)
{
    return n->kind == 'w' ? net_w_index(sh, (int)n->l, (size_t)n->j, (size_t)n->k)
                          : net_b_index(sh, (int)n->l, (size_t)n->j);
}

int cmd_net_param_index(const session *s, const char *word, const char *what, size_t *i, char *err, size_t errlen)
{
    lname n;
    if (parse_lname(word, &n) != 0 || n.grad || (n.kind != 'w' && n.kind != 'b')) {
        snprintf(err, errlen, "%s: \"%.40s\" is not a parameter of this network (w{l}_{j}_{k} or b{l}_{j}, such as "
                 "w%d_1_1)", what, word, s->net.shape.L);
        return -1;
    }
    if (check_lname(s, &s->net.shape, &n, what, err, errlen) != 0) {
        return -1;
    }
    *i = lname_index(&s->net.shape, &n);
    return 0;
}

const char *cmd_net_class_name(const session *s, size_t c)
{
    if (s->data.nclasses && c < s->data.nclasses) {
        return s->data.class_names[c];
    }
    return c ? "1" : "0";
}

void cmd_net_sizes(const session *s, char *buf, size_t len)
{
    net_shape sh;
    name_shape(s, &sh);
    size_t o = 0;
    buf[0] = '\0';
    for (int l = 1; l <= sh.L && o < len; l++) {
        o += (size_t)snprintf(buf + o, len - o, "%s%zu", l > 1 ? "-" : "", sh.size[l]);
    }
}

/* One example's z, a, delta of every neuron (units values each) and C_x, in either mode. */
static double example_values(session *s, size_t i, double *z, double *a, double *d)
{
    if (s->net.on) {
        return session_net_example(s, i, z, a, d);
    }
    model_example e = session_example(s, i);
    z[0] = e.z;
    a[0] = e.a;
    d[0] = e.delta;
    return e.cost;
}

int cmd_net_print(cmd_app *app, const char *name, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    lname n;
    char buf[64];
    if (parse_lname(name, &n) != 0) {
        if (s->net.on && (strcmp(name, "b") == 0 || strcmp(name, "grad_b") == 0 ||
                          ((name[0] == 'w' || name[0] == 'z' || name[0] == 'a' || name[0] == 'C') &&
                           isdigit((unsigned char)name[1])) || strncmp(name, "grad_w", 6) == 0)) {
            snprintf(err, errlen, "print: %s names the single neuron; a network's are w{l}_{j}_{k}, b{l}_{j}, "
                     "grad_..., z{l}_{j}@I, a{l}_{j}@I, delta{l}_{j}@I, C@I", name);
            return -1;
        }
        return 0;
    }
    net_shape sh;
    name_shape(s, &sh);
    char what[80];
    snprintf(what, sizeof what, "print %.40s", name);
    if (check_lname(s, &sh, &n, what, err, errlen) != 0) {
        return -1;
    }
    double v;
    if (n.kind == 'w' || n.kind == 'b') {
        size_t idx = lname_index(&sh, &n);
        if (n.grad) {
            const session_eval *ev = session_evaluate(s);
            const double *g = s->net.on ? session_net_gradient(s) : NULL;
            if (!ev || (s->net.on && !g)) {
                snprintf(err, errlen, "print: out of memory");
                return -1;
            }
            v = s->net.on ? g[idx] : (idx < s->data.k ? ev->grad_w[idx] : ev->grad_b);
        } else {
            v = session_param(s, idx);
        }
    } else {
        static double z[NET_UNITS_MAX], a[NET_UNITS_MAX], d[NET_UNITS_MAX];
        double c = example_values(s, (size_t)n.ex - 1, z, a, d);
        size_t u = n.kind == 'C' ? 0 : sh.uoff[n.l] + (size_t)n.j - 1;
        v = n.kind == 'C' ? c : n.kind == 'z' ? z[u] : n.kind == 'a' ? a[u] : d[u];
    }
    sb_printf(out, "%s = %s\n", name, fmt_exact(buf, sizeof buf, v));
    return 1;
}

/* "2 hidden layers (3, 2): network 2-3-2-1, P = 20 parameters" */
static void describe_net(const session *s, strbuf *out)
{
    char sizes[96];
    cmd_net_sizes(s, sizes, sizeof sizes);
    size_t m = s->net.on ? s->net.shape.size[s->net.shape.L] : 1;
    sb_printf(out, "network %s: %zu input%s, ", sizes, s->data.k, s->data.k == 1 ? "" : "s");
    if (s->net.nhidden == 0) {
        sb_puts(out, "no hidden layer, ");
    } else {
        sb_printf(out, "%zu hidden layer%s of sigmoid neurons, ", s->net.nhidden, s->net.nhidden == 1 ? "" : "s");
    }
    sb_printf(out, "%zu %s output%s; P = %zu parameters\n", m,
              s->net.on && s->net.out == NET_OUT_SOFTMAX ? "softmax" : "sigmoid", m == 1 ? "" : "s",
              session_nparams(s));
}

int cmd_net_set_hidden(cmd_app *app, const size_t *sizes, size_t h, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    long before = s->step;
    if (session_set_hidden(s, sizes, h, err, errlen) != 0) {
        return -1;
    }
    describe_net(s, out);
    sb_printf(out, "back to step 0");
    if (before > 0) {
        sb_printf(out, " (was step %ld)", before);
    }
    sb_puts(out, "\n");
    if (s->net.values_dropped) {
        sb_puts(out, "init values did not fit the new network; starting from zeros\n");
        s->net.values_dropped = 0;
    }
    if (h > 0 && s->init_kind == SESSION_INIT_ZEROS) {
        sb_puts(out, "init zeros: every hidden neuron of a layer starts identical, gets identical gradients "
                     "and stays identical; set init random breaks the symmetry\n");
    }
    return 0;
}

int cmd_net_set_output(cmd_app *app, net_output o, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    if (session_set_output(s, o, err, errlen) != 0) {
        return -1;
    }
    describe_net(s, out);
    sb_puts(out, "back to step 0\n");
    return 0;
}

void cmd_net_load_message(cmd_app *app, strbuf *out)
{
    session *s = &app->s;
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
}

/* set wL_J_K V / set bL_J V: one parameter by its layered name (in single neuron mode, an alias). */
static int set_layered(cmd_app *app, const lname *n, const char *name, const char *val, strbuf *out, char *err,
                       size_t errlen)
{
    session *s = &app->s;
    char what[80], buf[64];
    snprintf(what, sizeof what, "set %.40s", name);
    net_shape sh;
    name_shape(s, &sh);
    if (check_lname(s, &sh, n, what, err, errlen) != 0) {
        return -1;
    }
    double v;
    if (cmd_parse_double(val, name, &v, err, errlen) != 0) {
        return -1;
    }
    size_t P = session_nparams(s);
    double *vals = malloc(P * sizeof(double));
    if (!vals) {
        snprintf(err, errlen, "%s: out of memory", what);
        return -1;
    }
    for (size_t q = 0; q < P; q++) {
        vals[q] = session_param(s, q);
    }
    vals[lname_index(&sh, n)] = v;
    char why[256];
    int r = session_try_params(s, vals, why, sizeof why);
    free(vals);
    if (r != 0) {
        snprintf(err, errlen, "%s: %s", what, why);
        return -1;
    }
    sb_printf(out, "%s = %s\n", name, fmt_exact(buf, sizeof buf, v));
    return 1;
}

int cmd_net_set(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    if (argc < 1) {
        return 0;
    }
    const char *name = argv[0];
    lname n;
    if (parse_lname(name, &n) == 0 && !n.grad && (n.kind == 'w' || n.kind == 'b')) {
        if (argc != 2) {
            snprintf(err, errlen, "set %.40s: expected one value, got %d", name, argc - 1);
            return -1;
        }
        return set_layered(app, &n, name, argv[1], out, err, errlen);
    }
    if (!s->net.on) {
        return 0;
    }
    if (strcmp(name, "w") == 0 || strcmp(name, "b") == 0 || (name[0] == 'w' && isdigit((unsigned char)name[1]))) {
        snprintf(err, errlen, "set %.40s: in network mode parameters are w{l}_{j}_{k} and b{l}_{j} (e.g. w2_1_1), "
                 "or all of them with set init VALUES", name);
        return -1;
    }
    return 0;
}

/* The outputs of layer L of example values a (units values): "0.1234 0.5678". */
static void put_outputs(const session *s, const net_shape *sh, const double *a, strbuf *out)
{
    char buf[48];
    for (size_t j = 0; j < sh->size[sh->L]; j++) {
        sb_printf(out, "%s%s", j ? " " : "", fmt_num(buf, sizeof buf, a[sh->uoff[sh->L] + j], s->digits, 0));
    }
}

/* The class the outputs predict (argmax, or a >= 0.5 for one output). */
static size_t predicted(const net_shape *sh, const double *a)
{
    size_t m = sh->size[sh->L];
    return m == 1 ? a[sh->uoff[sh->L]] >= 0.5 : net_argmax(a + sh->uoff[sh->L], m);
}

/* show data in network mode: inputs, target class, outputs, predicted class, C_x per row. */
static void show_net_data(cmd_app *app, strbuf *out)
{
    session *s = &app->s;
    const net_shape *sh = &s->net.shape;
    static double z[NET_UNITS_MAX], a[NET_UNITS_MAX], d[NET_UNITS_MAX];
    char buf[48];
    if (sh->size[sh->L] == 1) {
        sb_printf(out, "    x | inputs | y (class) | output a%d_1 | predicted | C_x\n", sh->L);
    } else {
        sb_printf(out, "    x | inputs | y (class) | outputs a%d_1..a%d_%zu | predicted | C_x\n", sh->L, sh->L,
                  sh->size[sh->L]);
    }
    for (size_t i = 0; i < s->data.n; i++) {
        double c = session_net_example(s, i, z, a, d);
        sb_printf(out, "%5zu |", i + 1);
        for (size_t q = 0; q < s->data.k && q < COLS_SHOWN; q++) {
            sb_printf(out, " %s", fmt_num(buf, sizeof buf, s->data.x[i * s->data.k + q], s->digits, 0));
        }
        sb_printf(out, "%s | %s | ", s->data.k > COLS_SHOWN ? " ..." : "", cmd_net_class_name(s, session_class_of(s, i)));
        put_outputs(s, sh, a, out);
        sb_printf(out, " | %s | %s\n", cmd_net_class_name(s, predicted(sh, a)), fmt_num(buf, sizeof buf, c, s->digits, 0));
    }
}

/* show net [L]: sizes, settings, and each layer's (or layer L's) weights and biases with their partials. */
static int show_net(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    net_shape sh;
    name_shape(s, &sh);
    const session_eval *ev = session_evaluate(s);
    const double *g = s->net.on ? session_net_gradient(s) : NULL;
    if (!ev || (s->net.on && !g)) {
        snprintf(err, errlen, "show: out of memory");
        return -1;
    }
    long only = 0;
    if (argc == 2 && cmd_parse_long(argv[1], "show net: layer", 2, sh.L, &only, err, errlen) != 0) {
        return -1;
    }
    describe_net(s, out);
    char buf[48], nm[48];
    sb_printf(out, "step %ld  C = %s  accuracy %zu/%zu\n", s->step, fmt_num(buf, sizeof buf, ev->cost, s->digits, 0),
              ev->correct, s->data.n);
    for (int l = 2; l <= sh.L; l++) {
        if (only && l != only) {
            continue;
        }
        size_t nin = sh.size[l - 1];
        sb_printf(out, "layer %d: %zu neuron%s, each with %zu weight%s from layer %d (row j: w%d_j_1..w%d_j_%zu, "
                  "b%d_j; then dC/d of each)\n", l, sh.size[l], sh.size[l] == 1 ? "" : "s", nin, nin == 1 ? "" : "s",
                  l - 1, l, l, nin, l);
        for (size_t j = 1; j <= sh.size[l]; j++) {
            sb_printf(out, "  j=%zu  w:", j);
            for (size_t k = 1; k <= nin && k <= COLS_SHOWN; k++) {
                sb_printf(out, " %s", fmt_num(buf, sizeof buf, session_param(s, net_w_index(&sh, l, j, k)), s->digits, FMT_SIGN));
            }
            size_t bi = net_b_index(&sh, l, j);
            sb_printf(out, "%s  b: %s  |  dC/dw:", nin > COLS_SHOWN ? " ..." : "",
                      fmt_num(buf, sizeof buf, session_param(s, bi), s->digits, FMT_SIGN));
            for (size_t k = 1; k <= nin && k <= COLS_SHOWN; k++) {
                size_t wi = net_w_index(&sh, l, j, k);
                double gv = g ? g[wi] : (wi < s->data.k ? ev->grad_w[wi] : ev->grad_b);
                sb_printf(out, " %s", fmt_num(buf, sizeof buf, gv, s->digits, FMT_SIGN));
            }
            double gb = g ? g[bi] : ev->grad_b;
            sb_printf(out, "%s  dC/db: %s\n", nin > COLS_SHOWN ? " ..." : "", fmt_num(buf, sizeof buf, gb, s->digits, FMT_SIGN));
        }
    }
    (void)nm;
    return 1;
}

/* show example I: the forward pass (z, a per layer) and the backward pass (delta per layer). */
static int show_example(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    size_t i;
    if (argc != 2) {
        snprintf(err, errlen, "show example: expected one example number I (1..%zu)", s->data.n);
        return -1;
    }
    if (cmd_parse_example(s, argv[1], &i, err, errlen) != 0) {
        return -1;
    }
    net_shape sh;
    name_shape(s, &sh);
    static double z[NET_UNITS_MAX], a[NET_UNITS_MAX], d[NET_UNITS_MAX];
    double c = example_values(s, i, z, a, d);
    char b1[48], b2[48], b3[48];
    sb_printf(out, "example %zu: x =", i + 1);
    for (size_t q = 0; q < s->data.k; q++) {
        sb_printf(out, " %s", fmt_num(b1, sizeof b1, s->data.x[i * s->data.k + q], s->digits, 0));
    }
    sb_printf(out, "; y = %s (class %s)\n", fmt_num(b1, sizeof b1, s->data.y[i], s->digits, 0),
              cmd_net_class_name(s, session_class_of(s, i)));
    sb_puts(out, "forward pass, then the error delta carried back (BP1/eq. 66 at the output, BP2 below):\n");
    for (int l = 2; l <= sh.L; l++) {
        for (size_t j = 0; j < sh.size[l]; j++) {
            size_t u = sh.uoff[l] + j;
            sb_printf(out, "  z%d_%zu@%zu = %s  a%d_%zu@%zu = %s  delta%d_%zu@%zu = %s\n", l, j + 1, i + 1,
                      fmt_num(b1, sizeof b1, z[u], s->digits, FMT_SIGN), l, j + 1, i + 1,
                      fmt_num(b2, sizeof b2, a[u], s->digits, 0), l, j + 1, i + 1,
                      fmt_num(b3, sizeof b3, d[u], s->digits, FMT_SIGN));
        }
    }
    sb_printf(out, "  C@%zu = %s; predicted class %s\n", i + 1, fmt_num(b1, sizeof b1, c, s->digits, 0),
              cmd_net_class_name(s, predicted(&sh, a)));
    return 1;
}

int cmd_net_show(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    const char *what = argc ? argv[0] : "all";
    if (strcmp(what, "net") == 0) {
        if (argc > 2) {
            snprintf(err, errlen, "show net: expected at most a layer number");
            return -1;
        }
        return show_net(app, argc, argv, out, err, errlen);
    }
    if (strcmp(what, "example") == 0) {
        return show_example(app, argc, argv, out, err, errlen);
    }
    if (!app->s.net.on) {
        return 0;
    }
    if (!session_evaluate(&app->s)) {
        snprintf(err, errlen, "show: out of memory");
        return -1;
    }
    if (strcmp(what, "data") == 0 || strcmp(what, "all") == 0) {
        show_net_data(app, out);
    }
    if (strcmp(what, "all") == 0) {
        sb_puts(out, "\n");
    }
    if (strcmp(what, "params") == 0 || strcmp(what, "all") == 0) {
        return show_net(app, 0, argv, out, err, errlen);
    }
    if (strcmp(what, "data") != 0) {
        snprintf(err, errlen, "show: unknown view \"%.40s\" (data, params, all, net or example I)", what);
        return -1;
    }
    return 1;
}

int cmd_net_predict(cmd_app *app, int argc, char **argv, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    if (!s->net.on) {
        return 0;
    }
    double *x = cmd_parse_inputs(&app->s, argc, argv, err, errlen);
    if (!x) {
        return -1;
    }
    static double z[NET_UNITS_MAX], a[NET_UNITS_MAX];
    size_t c = session_net_predict(s, x, z, a);
    free(x);
    const net_shape *sh = &s->net.shape;
    char b1[48], b2[48];
    for (size_t j = 0; j < sh->size[sh->L]; j++) {
        size_t u = sh->uoff[sh->L] + j;
        sb_printf(out, "z%d_%zu = %s  a%d_%zu = %s", sh->L, j + 1, fmt_num(b1, sizeof b1, z[u], s->digits, FMT_SIGN),
                  sh->L, j + 1, fmt_num(b2, sizeof b2, a[u], s->digits, 0));
        if (sh->size[sh->L] > 1) {
            sb_printf(out, "  (class %s)", cmd_net_class_name(s, j));
        }
        sb_puts(out, "\n");
    }
    sb_printf(out, "predicted class: %s (%s)\n", cmd_net_class_name(s, c),
              sh->size[sh->L] > 1 ? "the largest output" : "a >= 0.5");
    return 1;
}

/* The finite-difference step of parameter i: cbrt(eps) moves z by about 6e-6; a first-layer weight
 * is divided by its input's largest |x| (as the single neuron's check does), deeper ones see a in (0,1).
 * Never more than max(1, |theta|), so that theta +- h keeps theta's digits. */
static double check_step(const session *s, const net_shape *sh, size_t i)
{
    int l;
    size_t j, k;
    net_param_place(sh, i, &l, &j, &k);
    double top = 0.0;
    if (l == 2 && k > 0) {
        for (size_t r = 0; r < s->data.n; r++) {
            top = fmax(top, fabs(s->data.x[r * s->data.k + k - 1]));
        }
    }
    double h = cbrt(DBL_EPSILON) / (top > 0.0 ? top : 1.0), cap = fmax(1.0, fabs(s->net.p[i]));
    return h < cap ? h : cap;
}

/* One compared parameter of a network's check. */
typedef struct {
    size_t i;
    double g, fd, h, diff, allowed, floor;
} net_check_row;

/* Compares parameter r->i: the difference at h and at 2h (their gap estimates the truncation and
 * the noise of the difference), plus rounding 8 L eps max(C, 1) / 2h; allowed: 1e-6 relative
 * plus that floor. */
static void net_check_one(session *s, const net_shape *sh, const double *Y, double *p, double *work,
                          double C, net_check_row *r)
{
    size_t n = s->data.n;
    r->h = check_step(s, sh, r->i);
    r->fd = net_fd_partial(sh, s->data.x, Y, n, p, s->cost, s->lambda, r->i, r->h, work);
    double fd2 = net_fd_partial(sh, s->data.x, Y, n, p, s->cost, s->lambda, r->i, 2.0 * r->h, work);
    r->floor = fabs(r->fd - fd2) + 8.0 * (double)sh->L * DBL_EPSILON * fmax(C, 1.0) / (2.0 * r->h);
    r->diff = fabs(r->g - r->fd);
    r->allowed = CHECK_TOL * fmax(fabs(r->g), fabs(r->fd)) + r->floor;
}

/* The verdict from the rows shown, naming those that disagree and those whose relative error
 * says little (the floor exceeds 1e-6 of their values). */
static void net_check_verdict(const net_shape *sh, const net_check_row *rows, size_t done, strbuf *out)
{
    char nm[48];
    strbuf bad = {0}, low = {0};
    size_t nbad = 0, nlow = 0;
    double worst = 0.0;
    for (size_t q = 0; q < done; q++) {
        const net_check_row *r = &rows[q];
        net_param_name(sh, r->i, nm, sizeof nm);
        double big = fmax(fabs(r->g), fabs(r->fd)), rel = model_rel_error(r->g, r->fd);
        if (!(r->diff <= r->allowed)) {
            sb_printf(&bad, "%s%s (relative error %.1e)", nbad++ ? ", " : "", nm, rel);
        }
        if (!(r->floor <= CHECK_TOL * big)) {
            if (nlow++ < 12) {
                sb_printf(&low, "%s%s", nlow > 1 ? ", " : "", nm);
            }
        } else if (rel > worst || isnan(rel)) {
            worst = rel;
        }
    }
    if (nbad == 0) {
        sb_printf(out, "All %zu partial derivatives compared agree: each difference is within what it allows", done);
        if (nlow < done) {
            sb_printf(out, " (largest relative error %.1e)", worst);
        }
        sb_puts(out, ".\n");
    } else {
        sb_printf(out, "%zu of %zu partial derivatives DISAGREE with the finite difference by more than they "
                  "allow: %s.\n", nbad, done, sb_str(&bad));
    }
    if (nlow > 0) {
        sb_printf(out, "Left out of the largest relative error: %s%s, where what the difference cannot resolve "
                  "exceeds 1e-6 of the values.\n", sb_str(&low), nlow > 12 ? " and others" : "");
    }
    sb_puts(out, "Allowed: 1e-6 of the larger value, plus the gap between the differences at h and 2h (their "
            "truncation and noise) and their rounding, 8 L eps max(C, 1) / 2h.\n");
    sb_free(&bad);
    sb_free(&low);
}

int cmd_net_check(cmd_app *app, int all, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    const net_shape *sh = &s->net.shape;
    const double *g = session_net_gradient(s);
    const session_eval *ev = session_evaluate(s);
    size_t P = sh->nparams, n = s->data.n, checked = P < CHECK_SAMPLE || all ? P : CHECK_SAMPLE;
    double *p = malloc(P * sizeof(double)), *work = malloc(2 * sh->units * sizeof(double));
    net_check_row *rows = calloc(checked, sizeof *rows);
    if (!g || !ev || !p || !work || !rows) {
        free(p);
        free(work);
        free(rows);
        snprintf(err, errlen, "check: out of memory");
        return -1;
    }
    memcpy(p, s->net.p, P * sizeof(double));
    const double *Y = session_net_targets(s, 0);
    char buf[48], b2[48], nm[48];
    sb_printf(out, "Gradient check at step %ld (%s cost, lambda = %g, n = %zu): backpropagation's dC/dtheta against "
              "the central difference (C(theta + h) - C(theta - h)) / 2h\n", s->step,
              s->cost == MODEL_COST_CE ? (sh->out == NET_OUT_SOFTMAX ? "log-likelihood" : "cross-entropy") : "quadratic",
              s->lambda, n);
    if (checked < P) {
        sb_printf(out, "%zu parameters: a sample of %zu, evenly spaced in trace order, is compared (check all: "
                  "every one)\n", P, checked);
    }
    cmd_progress_begin(app, CMD_PROGRESS_PARAMS, "check");
    size_t done = 0;
    int stopped = 0;
    for (; done < checked; done++) {
        if (app->progress && app->progress(app->progress_ctx, (long)done, (long)checked)) {
            stopped = 1;
            break;
        }
        rows[done].i = checked < P ? done * P / checked : done;
        rows[done].g = g[rows[done].i];
        net_check_one(s, sh, Y, p, work, ev->cost, &rows[done]);
    }
    cmd_progress_begin(app, CMD_PROGRESS_RUN, NULL);
    sb_printf(out, "  %-12s %16s %16s %9s %8s %8s  %s\n", "theta", "backprop", "finite diff.", "h", "|a - f|",
              "allowed", "verdict");
    for (size_t q = 0; q < done; q++) {
        const net_check_row *r = &rows[q];
        net_param_name(sh, r->i, nm, sizeof nm);
        sb_printf(out, "  %-12s %16s %16s %9.2e %8.1e %8.1e  %s\n", nm, fmt_num(buf, sizeof buf, r->g, 8, FMT_SIGN),
                  fmt_num(b2, sizeof b2, r->fd, 8, FMT_SIGN), r->h, r->diff, r->allowed,
                  r->diff <= r->allowed ? "ok" : "DISAGREE");
    }
    if (done > 0) {
        net_check_verdict(sh, rows, done, out);
    }
    if (stopped) {
        sb_printf(out, "Stopped (Ctrl-C) after %zu of %zu parameters; the verdict covers those %zu.\n", done,
                  checked, done);
    }
    free(p);
    free(work);
    free(rows);
    return 1;
}

/* The full-dataset gradient (P values, with lambda) and C of the network at p under cost c. */
static double net_grad_cost(const session *s, const double *p, model_cost c, double *g, double *work)
{
    const net_shape *sh = &s->net.shape;
    size_t n = s->data.n;
    const double *Y = session_net_targets(s, 0);
    double cs = net_accumulate(sh, s->data.x, Y, NULL, n, p, c, 1, g, work);
    net_finish_gradient(sh, g, n, n, s->lambda, p);
    return cs / (double)n + (s->lambda != 0.0 ? net_l2_cost(sh, p, s->lambda, n) : 0.0);
}

/* Examples the network at p classifies right. */
static size_t net_right(const session *s, const double *p, double *za)
{
    const net_shape *sh = &s->net.shape;
    size_t right = 0, k = s->data.k;
    for (size_t i = 0; i < s->data.n; i++) {
        net_forward(sh, p, s->data.x + i * k, za, za + sh->units);
        right += predicted(sh, za + sh->units) == session_class_of(s, i);
    }
    return right;
}

int cmd_net_compare(cmd_app *app, long steps, strbuf *out, char *err, size_t errlen)
{
    session *s = &app->s;
    const net_shape *sh = &s->net.shape;
    if (sh->out == NET_OUT_SOFTMAX) {
        snprintf(err, errlen, "compare: softmax outputs go with the log-likelihood cost alone; set output sigmoid to "
                 "compare cross-entropy with the quadratic cost");
        return -1;
    }
    size_t P = sh->nparams, n = s->data.n, wl = net_work_len(sh, n);
    double *buf = calloc(4 * P + wl + 2 * sh->units, sizeof(double));
    if (!buf) {
        snprintf(err, errlen, "compare: out of memory");
        return -1;
    }
    double *pc = buf, *pq = pc + P, *gc = pq + P, *gq = gc + P, *work = gq + P, *za = work + wl;
    for (size_t j = 0; j < P; j++) {
        pc[j] = pq[j] = session_param(s, j);
    }
    char b1[48], b2[48], nm[48];
    double cc = net_grad_cost(s, pc, MODEL_COST_CE, gc, work), cq = net_grad_cost(s, pq, MODEL_COST_QUAD, gq, work);
    sb_printf(out, "At step %ld: dC/dtheta under each cost (the quadratic cost keeps sigma'(z) at the output, eq. 66 "
              "against BP1)\n  %-12s %16s %16s\n", s->step, "theta", "cross-entropy", "quadratic");
    for (size_t j = 0; j < P && j < 24; j++) {
        net_param_name(sh, j, nm, sizeof nm);
        sb_printf(out, "  %-12s %16s %16s\n", nm, fmt_num(b1, sizeof b1, gc[j], s->digits, FMT_SIGN),
                  fmt_num(b2, sizeof b2, gq[j], s->digits, FMT_SIGN));
    }
    if (P > 24) {
        sb_printf(out, "  (%zu more parameters; print grad_NAME after set cost shows any of them)\n", P - 24);
    }
    long every = steps > 10 ? steps / 10 : 1;
    if (steps > 0) {
        sb_printf(out, "Two copies trained %ld full-batch steps from here (eta = %g), the session unchanged:\n"
                  "  %8s %14s %8s %14s %8s\n", steps, s->eta, "step", "C (ce)", "right", "C (quadratic)", "right");
        sb_printf(out, "  %8d %14s %8zu %14s %8zu\n", 0, fmt_num(b1, sizeof b1, cc, s->digits, 0), net_right(s, pc, za),
                  fmt_num(b2, sizeof b2, cq, s->digits, 0), net_right(s, pq, za));
    }
    for (long t = 1; t <= steps; t++) {
        for (size_t j = 0; j < P; j++) {
            pc[j] -= s->eta * gc[j];
            pq[j] -= s->eta * gq[j];
        }
        cc = net_grad_cost(s, pc, MODEL_COST_CE, gc, work);
        cq = net_grad_cost(s, pq, MODEL_COST_QUAD, gq, work);
        if (!isfinite(cc) || !isfinite(cq)) {
            sb_printf(out, "  stopped at step %ld: a cost is no longer finite (eta = %g too large?)\n", t, s->eta);
            break;
        }
        if (t % every == 0 || t == steps) {
            sb_printf(out, "  %8ld %14s %8zu %14s %8zu\n", t, fmt_num(b1, sizeof b1, cc, s->digits, 0),
                      net_right(s, pc, za), fmt_num(b2, sizeof b2, cq, s->digits, 0), net_right(s, pq, za));
        }
        if (app->progress && app->progress(app->progress_ctx, t, steps)) {
            sb_printf(out, "  stopped at step %ld of %ld\n", t, steps);
            break;
        }
    }
    free(buf);
    return 1;
}

int cmd_net_next(cmd_app *app, int r, strbuf *out)
{
    session *s = &app->s;
    if (!s->net.on) {
        return 0;
    }
    if (r == 1) {
        sb_printf(out, "last term added: update applied (step %ld)\n", s->step);
        return 1;
    }
    size_t row = s->batch_rows ? s->batch_rows[s->pending - 1] : s->pending - 1;
    const net_shape *sh = &s->net.shape;
    char b1[48];
    sb_printf(out, "term %zu of %zu: example %zu's a^(l-1)_k delta^l_j added to every running sum", s->pending,
              s->batch_m, row + 1);
    sb_printf(out, " (sum of delta%d_1 so far: %s)\n", sh->L,
              fmt_num(b1, sizeof b1, s->net.pend[sh->boff[sh->L]], s->digits, FMT_SIGN));
    return 1;
}

int cmd_net_refuse(cmd_app *app, const char *cmd, int argc, char **argv, char *err, size_t errlen)
{
    if (!app->s.net.on || strcmp(cmd, "plot") != 0 || argc == 0) {
        return 0;
    }
    /* every view but the sigma curves draws a network (README "Plots") */
    int v = plot_view_parse(argv[0]);
    return v >= 0 ? plot_view_check(&app->s, v, err, errlen) : 0;
}
