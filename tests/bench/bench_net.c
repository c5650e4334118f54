/* bench_net.c: the network figures of `make bench` (included by bench.c, whose helpers it uses): seconds per
 * epoch of gradient descent through net_accumulate and the update, against NumPy written two ways. */
#include "net.h"

/* A network being trained the way a session steps it: the batch's sums (net_accumulate), the gradient
 * (net_finish_gradient), the update, and the new parameters written to a history of (P+1) doubles a
 * step, as a session keeps them (here a ring of 256 steps; the parameters are checked for finite
 * values after each timed run). */
typedef struct {
    net_shape s;
    size_t n;
    double *X, *Y;        /* n rows of k inputs, n rows of size[L] targets */
    double *p, *p0, *g, *work, *hist;
    size_t *perm;
    size_t hist_steps;    /* steps the history holds (it wraps) */
    size_t step;
    uint64_t st;
} nb_net;

/* A labelled dataset: inputs scaled into [-1, 1] by their largest magnitude, one-hot targets. */
typedef struct {
    size_t n, k, classes;
    double *X, *Y;
    char source[1100];    /* the file read, or how the stand-in was made */
    int synthetic;
} nb_data;

/* Reads a CSV with a header whose last column is a class label (numbers or names). Returns 0 or -1. */
static int nb_read_csv(const char *path, nb_data *d)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        return -1;
    }
    char line[8192], names[64][64];
    size_t cap = 256, nnames = 0;
    int header = 1;
    memset(d, 0, sizeof *d);
    double *X = NULL;
    size_t *lab = xmalloc(cap * sizeof(size_t));
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (line[0] == 0 || line[0] == '#') {
            continue;
        }
        if (header) {
            header = 0;
            d->k = 0;
            for (char *c = line; *c; c++) {
                d->k += *c == ',';
            }
            X = xmalloc(cap * d->k * sizeof(double));
            continue;
        }
        if (d->n == cap) {
            cap *= 2;
            X = realloc(X, cap * d->k * sizeof(double));
            lab = realloc(lab, cap * sizeof(size_t));
            if (!X || !lab) {
                fprintf(stderr, "bench: out of memory\n");
                exit(1);
            }
        }
        char *c = line;
        for (size_t j = 0; j < d->k; j++) {
            X[d->n * d->k + j] = strtod(c, &c);
            c += *c == ',';
        }
        size_t q = 0;
        while (q < nnames && strcmp(names[q], c) != 0) {
            q++;
        }
        if (q == nnames && nnames < 64) {
            snprintf(names[nnames++], sizeof names[0], "%s", c);
        }
        lab[d->n++] = q;
    }
    fclose(f);
    d->classes = nnames;
    d->X = X;
    d->Y = calloc(d->n * nnames, sizeof(double));
    for (size_t i = 0; i < d->n; i++) {
        d->Y[i * nnames + lab[i]] = 1.0;
    }
    free(lab);
    snprintf(d->source, sizeof d->source, "%s", path);
    return d->n > 0 && d->k > 0 && nnames > 1 ? 0 : -1;
}

/* A stand-in of the same shape when the file is not there: inputs 0..16, classes in turn. */
static void nb_synthetic(nb_data *d, size_t n, size_t k, size_t classes, const char *name)
{
    memset(d, 0, sizeof *d);
    d->n = n;
    d->k = k;
    d->classes = classes;
    d->X = xmalloc(n * k * sizeof(double));
    d->Y = calloc(n * classes, sizeof(double));
    uint64_t st = rng_stream(17, 3);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < k; j++) {
            d->X[i * k + j] = (double)rng_below(&st, 17);
        }
        d->Y[i * classes + i % classes] = 1.0;
    }
    d->synthetic = 1;
    snprintf(d->source, sizeof d->source, "a random stand-in of %s's shape", name);
}

/* name.csv from the first directory that has it (datadir, datasets, ../shared/data), else a stand-in. */
static void nb_load(const char *datadir, const char *name, size_t n, size_t k, size_t classes, nb_data *d)
{
    const char *dirs[3] = { datadir, "datasets", "../shared/data" };
    for (int i = 0; i < 3; i++) {
        char path[1024];
        if (!dirs[i]) {
            continue;
        }
        snprintf(path, sizeof path, "%s/%s.csv", dirs[i], name);
        if (nb_read_csv(path, d) == 0 && d->k == k && d->classes == classes) {
            break;
        }
        d->n = 0;
    }
    if (d->n == 0) {
        nb_synthetic(d, n, k, classes, name);
    }
    double top = 1.0;
    for (size_t i = 0; i < d->n * d->k; i++) {
        top = fabs(d->X[i]) > top ? fabs(d->X[i]) : top;
    }
    for (size_t i = 0; i < d->n * d->k; i++) {
        d->X[i] /= top;
    }
}

/* Writes d as a CSV (for NumPy to read the same numbers). Returns 0 or -1. */
static int nb_write_csv(const nb_data *d, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        return -1;
    }
    for (size_t j = 0; j < d->k; j++) {
        fprintf(f, "x%zu,", j + 1);
    }
    fprintf(f, "class\n");
    for (size_t i = 0; i < d->n; i++) {
        size_t c = 0;
        for (size_t j = 0; j < d->k; j++) {
            fprintf(f, "%.17g,", d->X[i * d->k + j]);
        }
        while (c + 1 < d->classes && d->Y[i * d->classes + c] == 0.0) {
            c++;
        }
        fprintf(f, "c%zu\n", c);
    }
    return fclose(f);
}

/* Sets up training of k-hidden-m (h hidden layers) on rows of d repeated `times` times. */
static void nb_net_init(nb_net *t, const nb_data *d, size_t times, const size_t *hidden, size_t h, net_output out,
                        size_t outputs)
{
    char err[256];
    memset(t, 0, sizeof *t);
    if (net_shape_init(&t->s, d->k, hidden, h, outputs, out, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        exit(1);
    }
    size_t k = d->k, m = outputs, P = t->s.nparams;
    t->n = d->n * times;
    t->X = xmalloc(t->n * k * sizeof(double));
    t->Y = xmalloc(t->n * m * sizeof(double));
    for (size_t i = 0; i < t->n; i++) {
        size_t r = i % d->n;
        memcpy(t->X + i * k, d->X + r * k, k * sizeof(double));
        /* one output: the first class against the others (XOR's 0/1 targets) */
        for (size_t j = 0; j < m; j++) {
            t->Y[i * m + j] = m == 1 ? d->Y[r * d->classes + 1] : d->Y[r * d->classes + j];
        }
    }
    t->p = xmalloc(P * sizeof(double));
    t->p0 = xmalloc(P * sizeof(double));
    t->g = xmalloc(P * sizeof(double));
    t->work = xmalloc(net_work_len(&t->s, t->n) * sizeof(double));
    t->hist_steps = 256;
    t->hist = xmalloc(t->hist_steps * (P + 1) * sizeof(double));
    memset(t->hist, 0, t->hist_steps * (P + 1) * sizeof(double)); /* its pages in place before timing */
    t->perm = xmalloc(t->n * sizeof(size_t));
    for (size_t i = 0; i < t->n; i++) {
        t->perm[i] = i;
    }
    uint64_t st = rng_stream(1, 0);
    net_init_random(&t->s, t->p0, &st);
    memcpy(t->p, t->p0, P * sizeof(double));
    t->st = rng_stream(1, 1);
}

static void nb_net_free(nb_net *t)
{
    free(t->X);
    free(t->Y);
    free(t->p);
    free(t->p0);
    free(t->g);
    free(t->work);
    free(t->hist);
    free(t->perm);
}

/* One update from the batch rows[0..m-1] (NULL: every row). */
static void nb_update(nb_net *t, const size_t *rows, size_t m, double eta)
{
    size_t P = t->s.nparams;
    net_accumulate(&t->s, t->X, t->Y, rows, m, t->p, MODEL_COST_CE, 0, t->g, t->work);
    net_finish_gradient(&t->s, t->g, m, t->n, 0.0, t->p);
    double *restrict next = t->hist + (t->step % t->hist_steps) * (P + 1);
    const double *restrict p = t->p, *restrict g = t->g;
    for (size_t j = 0; j < P; j++) {
        next[j] = p[j] - eta * g[j];
    }
    next[P] = NAN; /* the cost at that step, computed when a view asks */
    memcpy(t->p, next, P * sizeof(double));
    t->step++;
}

/* One epoch: batches of `batch` rows in a fresh random order (0: one full-batch update). */
static void nb_epoch(nb_net *t, size_t batch, double eta)
{
    if (batch == 0) {
        nb_update(t, NULL, t->n, eta);
        return;
    }
    for (size_t i = t->n; i > 1; i--) {
        size_t j = rng_below(&t->st, i), v = t->perm[i - 1];
        t->perm[i - 1] = t->perm[j];
        t->perm[j] = v;
    }
    for (size_t s = 0; s < t->n; s += batch) {
        nb_update(t, t->perm + s, t->n - s < batch ? t->n - s : batch, eta);
    }
}

/* Seconds for `epochs` epochs from the initial parameters. */
static double nb_time(nb_net *t, size_t batch, long epochs)
{
    memcpy(t->p, t->p0, t->s.nparams * sizeof(double));
    double t0 = now();
    for (long e = 0; e < epochs; e++) {
        nb_epoch(t, batch, 0.5);
    }
    double secs = now() - t0;
    for (size_t j = 0; j < t->s.nparams; j++) {
        if (!isfinite(t->p[j])) {
            fprintf(stderr, "bench: the network's parameters stopped being finite\n");
            exit(1);
        }
    }
    return secs;
}

/* Epochs a run of about `seconds` takes. */
static long nb_calibrate(nb_net *t, size_t batch, double seconds)
{
    long epochs = 1;
    double t1;
    for (;;) {
        t1 = nb_time(t, batch, epochs);
        if (t1 >= seconds / 4 || epochs >= (1L << 26)) {
            break;
        }
        epochs *= t1 < seconds / 32 ? 4 : 2;
    }
    epochs = (long)((double)epochs * seconds / (t1 > 1e-9 ? t1 : 1e-9));
    return epochs < 1 ? 1 : epochs;
}

/* Median seconds per epoch over o->runs runs. */
static double nb_per_epoch(nb_net *t, size_t batch, const bench_opts *o)
{
    long epochs = nb_calibrate(t, batch, o->seconds);
    double r[MAXRUNS];
    for (int i = 0; i < o->runs; i++) {
        r[i] = nb_time(t, batch, epochs) / (double)epochs;
    }
    return median(r, o->runs);
}

/* One NumPy case through numpy_net_bench.py: seconds per epoch, or 0 when it did not run. */
static double nb_numpy(const bench_opts *o, const char *python, const char *script, const char *csase)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' '%s' %d %g '%s'", python, script, o->runs, o->seconds, csase);
    FILE *pp = popen(cmd, "r");
    if (!pp) {
        return 0;
    }
    char line[512], name[128], form[64];
    double secs = 0, v;
    while (fgets(line, sizeof line, pp)) {
        if (sscanf(line, "%127s %63s %lf", name, form, &v) == 3) {
            secs = v;
        }
    }
    return pclose(pp) == 0 ? secs : 0;
}

/* Pretty epoch time. */
static void nb_fmt(double s, char *buf, size_t len)
{
    if (s >= 1e-3) {
        snprintf(buf, len, "%.3g ms", s * 1e3);
    } else {
        snprintf(buf, len, "%.3g us", s * 1e6);
    }
}

/* One-thread against default-threads epochs of full-batch updates, quiet and with every core busy. */
static void nb_threads(nb_net *t, const bench_opts *o, const char *label)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = cores < 1 ? 1 : cores > 16 ? 16 : (int)cores;
    for (int busy_case = 0; busy_case < 2; busy_case++) {
        pid_t pids[64];
        int busy = 0;
        if (busy_case) {
            busy = start_busy(pids, cores < 1 ? 1 : cores > 64 ? 64 : (int)cores);
        }
        int pairs = 3 * o->runs > MAXRUNS ? MAXRUNS : 3 * o->runs;
        long epochs = nb_calibrate(t, 0, o->seconds * o->runs / pairs);
        double r1[MAXRUNS], rn[MAXRUNS], q[MAXRUNS];
        for (int i = 0; i < pairs; i++) {
            for (int side = 0; side < 2; side++) {
                int single = side == (i % 2);
                if (single) {
                    setenv("GRADSTEP_THREADS", "1", 1);
                    r1[i] = (double)epochs / nb_time(t, 0, epochs);
                } else {
                    unsetenv("GRADSTEP_THREADS");
                    rn[i] = (double)epochs / nb_time(t, 0, epochs);
                }
            }
            q[i] = rn[i] / r1[i];
        }
        unsetenv("GRADSTEP_THREADS");
        if (busy_case) {
            stop_busy(pids, busy);
        }
        double load[1] = { -1 };
        getloadavg(load, 1);
        double one = median(r1, pairs), many = median(rn, pairs), ratio = median(q, pairs);
        const char *when = busy_case ? "busy" : "quiet";
        char key[64];
        snprintf(key, sizeof key, "net_thr_%s_one", when);
        fig_sig(key, one, 4, "full-batch updates/s on 1 thread");
        snprintf(key, sizeof key, "net_thr_%s_many", when);
        fig_sig(key, many, 4, "full-batch updates/s on the threads left to gradstep");
        snprintf(key, sizeof key, "net_thr_%s_ratio", when);
        fig_fixed(key, ratio, 2, "x: median of many/one over pairs of runs");
        snprintf(key, sizeof key, "net_thr_%s_met", when);
        fig_yes(key, busy_case ? ratio >= 0.9 : ratio > 1, busy_case ? "ratio >= 0.9x" : "ratio > 1x");
        if (!busy_case) {
            fig_fixed("net_thr_quiet_load", load[0], 2, "load average (1 minute) after the quiet figures");
        }
        if (busy_case) {
            printf("network threads %s busy (a busy loop on each of %d cores): %.4g updates/s on 1 thread, %.4g on up"
                   " to %d, ratio %.2fx (target >= 0.9x: %s)\n",
                   label, busy, one, many, threads, ratio, verdict(ratio, 0.9));
        } else {
            printf("network threads %s quiet (load average %.2f): %.4g updates/s on 1 thread, %.4g on up to %d,"
                   " ratio %.2fx\n",
                   label, load[0], one, many, threads, ratio);
        }
    }
}

/* Whether the parameters after 3 full-batch updates have the same bits on one thread and on several. */
static int nb_same_bits(nb_net *t)
{
    size_t P = t->s.nparams;
    double *p1 = xmalloc(P * sizeof(double));
    setenv("GRADSTEP_THREADS", "1", 1);
    nb_time(t, 0, 3);
    memcpy(p1, t->p, P * sizeof(double));
    setenv("GRADSTEP_THREADS", "2", 1);
    nb_time(t, 0, 3);
    unsetenv("GRADSTEP_THREADS");
    int same = memcmp(p1, t->p, P * sizeof(double)) == 0;
    free(p1);
    return same;
}

/* NumPy's seconds per epoch for one case, or 0 (skipped) without NumPy. */
static double nb_np(const bench_opts *o, const char *python, const char *name, const char *form, const char *path,
                    const char *sizes, const char *out, int batch)
{
    if (!python) {
        return 0;
    }
    char c[1400];
    snprintf(c, sizeof c, "%s:%s:%s:%s:%s:%d", name, form, path, sizes, out, batch);
    return nb_numpy(o, python, o->net_script, c);
}

/* Writes KEY_numpy_UNIT (NumPy's time in `unit`, "ms" or "us"), KEY_ratio and KEY_met for one comparison. */
static void nb_fig_vs(const char *key, const char *unit, double mine, double theirs, double want)
{
    char k[96];
    snprintf(k, sizeof k, "%s_numpy_%s", key, unit);
    fig_sig(k, theirs * (unit[0] == 'm' ? 1e3 : 1e6), 3, unit[0] == 'm' ? "ms per epoch, NumPy" : "us per epoch, NumPy");
    snprintf(k, sizeof k, "%s_ratio", key);
    fig_sig(k, theirs > 0 ? theirs / mine : 0, 3, "x: NumPy's time over gradstep's");
    snprintf(k, sizeof k, "%s_met", key);
    fig(k, theirs <= 0 ? "skipped" : theirs / mine >= want ? "yes" : "no", "ratio at least the target");
}

/* "numpy FORM T (ratio Rx, target >= Wx: met)" or "numpy skipped". */
static void nb_vs(const char *form, double mine, double theirs, double want)
{
    char b[32];
    if (theirs <= 0) {
        printf("numpy %s skipped", form);
        return;
    }
    nb_fmt(theirs, b, sizeof b);
    printf("numpy %s %s (ratio %.1fx, target >= %gx: %s)", form, b, theirs / mine, want, verdict(theirs / mine, want));
}

/* Per-epoch time at n = 1,797 and ten times that, hidden 30 and 100: linear in n and in the weights.
 * 64-30-10 on digits once was measured already (d10 with m = 10, dfull full batch): those figures are
 * given again rather than measured twice, so that one case has one figure. */
static void nb_growth(const bench_opts *o, const nb_data *digits, double d10, double dfull)
{
    size_t hs[2] = { 30, 100 }, times[2] = { 1, 10 };
    for (int b = 0; b < 2; b++) {
        for (int hi = 0; hi < 2; hi++) {
            for (int ti = 0; ti < 2; ti++) {
                nb_net t;
                nb_net_init(&t, digits, times[ti], &hs[hi], 1, NET_OUT_SIGMOID, 10);
                double s = hi == 0 && ti == 0 ? (b ? dfull : d10) : nb_per_epoch(&t, b ? 0 : 10, o);
                char f[32];
                nb_fmt(s, f, sizeof f);
                printf("network growth 64-%zu-10 %s, n = %zu: %s per epoch, %.2f ns per example and weight (P = %zu)\n",
                       hs[hi], b ? "full batch" : "m = 10", t.n, f, s / (double)t.n / (double)t.s.nparams * 1e9,
                       t.s.nparams);
                char key[64];
                if (hi > 0 || ti > 0) { /* 64-30-10 on digits once: net_d10_ms and net_dfull_ms */
                    snprintf(key, sizeof key, "net_g%zu_%s_n%zu_ms", hs[hi], b ? "full" : "m10", t.n);
                    fig_sig(key, s * 1e3, 3, "ms per epoch");
                }
                snprintf(key, sizeof key, "net_g%zu_%s_n%zu_ns", hs[hi], b ? "full" : "m10", t.n);
                fig_fixed(key, s / (double)t.n / (double)t.s.nparams * 1e9, 2, "ns per example and parameter");
                nb_net_free(&t);
            }
        }
    }
}

/* A session in network mode on d (written to a CSV and read back by the loader, class labels and all),
 * with hidden layer h, mini-batches of m (0: full) and eta 0.5. Returns 0, or -1 with a reason. */
static int nb_session(session *s, const nb_data *d, size_t h, size_t m, char *why, size_t len)
{
    const char *tmp = getenv("TMPDIR");
    char path[1100];
    snprintf(path, sizeof path, "%s/gradstep-bench-net-%ld.csv", tmp && *tmp ? tmp : "/tmp", (long)getpid());
    dataset ds;
    int bad = nb_write_csv(d, path) != 0 || session_init(s, why, len) != 0;
    if (!bad && dataset_load_file(path, &ds, why, len) != 0) {
        session_free(s);
        bad = 1;
    } else if (!bad && session_load(s, &ds, why, len) != 0) {
        dataset_free(&ds);
        session_free(s);
        bad = 1;
    }
    remove(path);
    if (bad) {
        return -1;
    }
    if (session_set_hidden(s, &h, 1, why, len) != 0 || session_set_batch(s, m, why, len) != 0 ||
        session_set_eta(s, 0.5, why, len) != 0) {
        session_free(s);
        return -1;
    }
    return 0;
}

/* Steps through session_step (what `step N` runs); seconds, or -1 with why. */
static double nb_session_steps(session *s, long steps, char *why, size_t len)
{
    session_reset(s);
    double t0 = now();
    long done = session_step(s, steps, NULL, NULL, why, len);
    return done == steps ? now() - t0 : -1;
}

/* "skipped" for the session figures of 64-h-10 (and the depth, for the first). */
static void nb_session_skipped(size_t h, int first)
{
    const char *names[] = { "ms", "p", "hist_bytes", "back_1000_ns", "back_deep_ns" };
    char key[64];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(key, sizeof key, "net_s%zu_%s", h, names[i]);
        const char *one[] = { key, NULL };
        fig_skipped(one);
    }
    if (first) {
        const char *depth[] = { "net_s_back_depth", NULL };
        fig_skipped(depth);
    }
}

/* The session's own figures in network mode: an epoch through session_step, the history's bytes a
 * step, and the cost of `back` at two depths. */
static void nb_session_figures(const bench_opts *o, const nb_data *digits)
{
    size_t hs[2] = { 30, 100 };
    for (int hi = 0; hi < 2; hi++) {
        session s;
        char why[512];
        if (nb_session(&s, digits, hs[hi], 10, why, sizeof why) != 0) {
            printf("network session 64-%zu-10: skipped: %s\n", hs[hi], why);
            nb_session_skipped(hs[hi], hi == 0);
            continue;
        }
        size_t P = session_nparams(&s);
        long per_epoch = (long)((digits->n + 9) / 10), epochs = o->quick ? 1 : 10;
        double r[MAXRUNS];
        int ok = 1;
        for (int i = 0; i < o->runs && ok; i++) {
            double t = nb_session_steps(&s, per_epoch * epochs, why, sizeof why);
            ok = t >= 0;
            r[i] = t / (double)epochs;
        }
        if (!ok) {
            printf("network session 64-%zu-10: failed: %s\n", hs[hi], why);
            nb_session_skipped(hs[hi], hi == 0);
            session_free(&s);
            continue;
        }
        double ep = median(r, o->runs);
        long deep = o->quick ? 2000 : 20000, undo = 500;
        double back[2];
        long depth[2] = { 1000, deep };
        for (int d = 0; d < 2 && ok; d++) {
            ok = nb_session_steps(&s, depth[d], why, sizeof why) >= 0;
            double t0 = now();
            for (long u = 0; u < undo; u++) {
                session_back(&s, 1);
            }
            back[d] = (now() - t0) / (double)undo;
        }
        double per_step = (double)s.hist_cap * (double)(P + 1) * 8.0 / (double)s.hist_cap;
        char f[32];
        nb_fmt(ep, f, sizeof f);
        printf("network session 64-%zu-10 m = 10 (session_step, as `step` runs it): %s per epoch; history %.0f bytes"
               " a step = (P+1)8 with P = %zu; back %.0f ns per undone step at depth 1000, %.0f ns at depth %ld"
               " (%.2f ns per parameter)\n",
               hs[hi], f, per_step, P, back[0] * 1e9, back[1] * 1e9, deep, back[1] * 1e9 / (double)P);
        char key[64];
        snprintf(key, sizeof key, "net_s%zu_ms", hs[hi]);
        fig_sig(key, ep * 1e3, 3, "ms per epoch through session_step");
        snprintf(key, sizeof key, "net_s%zu_p", hs[hi]);
        fig_fixed(key, (double)P, 0, "parameters P");
        snprintf(key, sizeof key, "net_s%zu_hist_bytes", hs[hi]);
        fig_fixed(key, per_step, 0, "bytes of history a step");
        snprintf(key, sizeof key, "net_s%zu_back_1000_ns", hs[hi]);
        fig_fixed(key, back[0] * 1e9, 0, "ns per undone step at depth 1000");
        snprintf(key, sizeof key, "net_s%zu_back_deep_ns", hs[hi]);
        fig_fixed(key, back[1] * 1e9, 0, "ns per undone step at the deep depth");
        if (hi == 0) {
            fig_fixed("net_s_back_depth", (double)deep, 0, "steps: the deep depth");
        }
        session_free(&s);
    }
}

/* The network figures: speed against NumPy, growth, threads. */
static void bench_networks(const bench_opts *o, const char *python)
{
    nb_data digits, iris, xor = { 4, 2, 2, NULL, NULL, "the four rows of XOR", 0 };
    double xx[8] = { 0, 0, 0, 1, 1, 0, 1, 1 }, xy[8] = { 1, 0, 0, 1, 0, 1, 1, 0 };
    xor.X = xx;
    xor.Y = xy;
    nb_load(o->data_dir, "digits", 1797, 64, 10, &digits);
    nb_load(o->data_dir, "iris", 150, 4, 3, &iris);
    printf("network data: digits from %s (%zu rows), iris from %s (%zu rows), inputs divided by their largest"
           " magnitude; cross-entropy, eta 0.5, one thread's code path as `step` takes it (net_accumulate and the"
           " update, history kept)\n",
           digits.source, digits.n, iris.source, iris.n);
    const char *tmp = getenv("TMPDIR");
    char dpath[1200], ipath[1200];
    snprintf(dpath, sizeof dpath, "%s", digits.source);
    snprintf(ipath, sizeof ipath, "%s", iris.source);
    if (digits.synthetic || iris.synthetic) {
        snprintf(dpath, sizeof dpath, "%s/gradstep-bench-digits-%ld.csv", tmp && *tmp ? tmp : "/tmp", (long)getpid());
        snprintf(ipath, sizeof ipath, "%s/gradstep-bench-iris-%ld.csv", tmp && *tmp ? tmp : "/tmp", (long)getpid());
        if (nb_write_csv(&digits, dpath) != 0 || nb_write_csv(&iris, ipath) != 0) {
            python = NULL;
        }
    }
    size_t h30 = 30, h5 = 5, h2 = 2;
    nb_net dn, in, xn;
    nb_net_init(&dn, &digits, 1, &h30, 1, NET_OUT_SIGMOID, 10);
    nb_net_init(&in, &iris, 1, &h5, 1, NET_OUT_SOFTMAX, 3);
    nb_net_init(&xn, &xor, 1, &h2, 1, NET_OUT_SIGMOID, 1);
    double d10 = nb_per_epoch(&dn, 10, o), dfull = nb_per_epoch(&dn, 0, o);
    double i10 = nb_per_epoch(&in, 10, o), xfull = nb_per_epoch(&xn, 0, o);
    double np_book = nb_np(o, python, "digits", "book", dpath, "64-30-10", "sigmoid", 10);
    double np_d10 = nb_np(o, python, "digits", "matrix", dpath, "64-30-10", "sigmoid", 10);
    double np_dfull = nb_np(o, python, "digits", "matrix", dpath, "64-30-10", "sigmoid", 0);
    double np_i10 = nb_np(o, python, "iris", "matrix", ipath, "4-5-3", "softmax", 10);
    double np_x = nb_np(o, python, "xor", "matrix", "xor", "2-2-1", "sigmoid", 0);
    if (digits.synthetic || iris.synthetic) {
        remove(dpath);
        remove(ipath);
    }
    fig("net_digits_from", digits.synthetic ? "stand-in" : digits.source, "digits.csv read (stand-in: random)");
    fig_fixed("net_digits_rows", (double)digits.n, 0, "rows of digits");
    fig("net_iris_from", iris.synthetic ? "stand-in" : iris.source, "iris.csv read (stand-in: random)");
    fig_sig("net_d10_ms", d10 * 1e3, 3, "ms per epoch, digits 64-30-10, m = 10");
    nb_fig_vs("net_d10_book", "ms", d10, np_book, 20);
    nb_fig_vs("net_d10_matrix", "ms", d10, np_d10, 5);
    fig_sig("net_dfull_ms", dfull * 1e3, 3, "ms per epoch, digits 64-30-10, full batch");
    nb_fig_vs("net_dfull", "ms", dfull, np_dfull, 2);
    fig_sig("net_i10_us", i10 * 1e6, 3, "us per epoch, iris 4-5-3 softmax, m = 10");
    nb_fig_vs("net_i10", "us", i10, np_i10, 20);
    fig_sig("net_xor_ups", 1 / xfull, 4, "updates/s, XOR 2-2-1");
    fig_sig("net_xor_numpy_ups", np_x > 0 ? 1 / np_x : 0, 4, "updates/s, XOR 2-2-1, NumPy");
    fig_sig("net_xor_ratio", np_x > 0 ? np_x / xfull : 0, 3, "x NumPy");
    fig("net_xor_met", np_x <= 0 ? "skipped" : np_x / xfull >= 50 ? "yes" : "no", "ratio >= 50x");
    char f[32];
    nb_fmt(d10, f, sizeof f);
    printf("network digits 64-30-10 sigmoid m = 10: gradstep %s per epoch; ", f);
    nb_vs("book form", d10, np_book, 20);
    printf("; ");
    nb_vs("matrix form", d10, np_d10, 5);
    nb_fmt(dfull, f, sizeof f);
    printf("\nnetwork digits 64-30-10 sigmoid full batch: gradstep %s per epoch; ", f);
    nb_vs("matrix form", dfull, np_dfull, 2);
    nb_fmt(i10, f, sizeof f);
    printf("\nnetwork iris 4-5-3 softmax m = 10: gradstep %s per epoch; ", f);
    nb_vs("matrix form", i10, np_i10, 20);
    printf("\nnetwork XOR 2-2-1 full batch: gradstep %.4g updates/s; ", 1.0 / xfull);
    if (np_x > 0) {
        printf("numpy matrix form %.4g updates/s (ratio %.1fx, target >= 50x: %s)\n", 1.0 / np_x, np_x / xfull,
               verdict(np_x / xfull, 50));
    } else {
        printf("numpy matrix form skipped\n");
    }
    nb_growth(o, &digits, d10, dfull);
    nb_session_figures(o, &digits);
    nb_net big;
    nb_net_init(&big, &digits, 10, &h30, 1, NET_OUT_SIGMOID, 10);
    char label[64];
    snprintf(label, sizeof label, "64-30-10 full batch n = %zu", big.n);
    nb_threads(&big, o, label);
    int same = nb_same_bits(&big);
    printf("network threads %s: parameters after 3 updates %s\n", label,
           same ? "identical bit for bit on 1 and 2 threads" : "DIFFER (a bug: the sums must not depend on the threads)");
    fig_yes("net_thr_bits", same, "same bits on 1 and 2 threads");
    fig_fixed("net_thr_rows", (double)big.n, 0, "rows of the threads figure (digits repeated)");
    nb_net_free(&big);
    nb_net_free(&dn);
    nb_net_free(&in);
    nb_net_free(&xn);
    free(digits.X);
    free(digits.Y);
    free(iris.X);
    free(iris.Y);
}

/* One step key with every pane redrawn at 200x60 in network mode: digits (1,797 rows) through a 64-30-10
 * network, the Formula pane on w2_1_1 with its 1,797 terms. Start-up and the setup are subtracted. */
static void bench_tui_net(const bench_opts *o)
{
    const char *setup = "set hidden 30\rset init random\r";
    struct stat st;
    if (stat("datasets/digits.csv", &st) == 0) {
        setenv("GRADSTEP_DATADIR", "datasets", 0);
    }
    double cpu_n[MAXRUNS], cpu_0[MAXRUNS];
    int runs = o->quick ? 1 : 3, steps = o->quick ? 5 : 100;
    for (int i = 0; i < runs; i++) {
        long b0 = 0, bn = 0;
        int r0 = tui_run_with(o->gradstep, "digits", setup, 0, &cpu_0[i], &b0);
        int rn = r0 == 1 ? tui_run_with(o->gradstep, "digits", setup, steps, &cpu_n[i], &bn) : r0;
        if (rn != 1) {
            printf("network step + redraw 200x60: skipped: %s\n",
                   rn == 0 ? "full-screen UI not built" : "could not run gradstep on a pseudo-terminal");
            fig("tui_net_ms", "skipped", "ms CPU per step key with every pane redrawn, network 64-30-10 on digits, 200x60");
            fig("tui_net_met", "skipped", "< 5 ms CPU");
            return;
        }
        cpu_n[i] = (cpu_n[i] - cpu_0[i]) / steps;
    }
    double c = median(cpu_n, runs);
    fig_fixed("tui_net_ms", c * 1e3, 2, "ms CPU per step key with every pane redrawn, network 64-30-10 on digits, 200x60");
    fig_yes("tui_net_met", c < 5e-3, "< 5 ms CPU");
    printf("network step + redraw 200x60: %.2f ms CPU per step key, digits 64-30-10 (1,797 rows), full batch"
           " (median of %d runs of %d keys, start-up subtracted; target < 5 ms: %s)\n",
           c * 1e3, runs, steps, c < 5e-3 ? "met" : "NOT met");
}
