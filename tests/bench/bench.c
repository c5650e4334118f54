/* bench.c: `make bench`: gradstep's update rate against NumPy, bandwidth use, start-up, memory, load and redraw cost. */
#define _GNU_SOURCE
#include <errno.h>
#include <float.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

#include "dataset.h"
#include "model.h"
#include "rng.h"
#include "session.h"

#define MAXRUNS 15

/* What one run of the benchmark measures, and how hard. */
typedef struct {
    int quick;              /* tiny sizes, few runs: the check in `make check` */
    int threads_only;       /* only the thread figures (bench --threads) */
    int runs;               /* runs per figure (the median is shown) */
    double seconds;         /* length of one timed run of updates */
    size_t mid_n, mid_k;    /* the middle dataset */
    size_t big_n, big_k;    /* the large dataset */
    size_t csv_bytes;       /* size of the generated CSV file */
    long back_depth;        /* history depth for the deep `back` figure */
    int tui_steps;          /* step keys sent to the full-screen UI */
    const char *gradstep;   /* the binary for start-up and the full-screen figures */
    const char *python;     /* an interpreter to try first for NumPy */
    const char *script;     /* numpy_bench.py */
    const char *net_script; /* numpy_net_bench.py */
    const char *data_dir;   /* where digits.csv and iris.csv are looked for first (NULL: datasets, ../shared/data) */
    int net_only;           /* only the network figures (bench --net) */
} bench_opts;

/* ---------------------------------------------------------------- small helpers */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median of v[0..n-1] (sorts v). */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* "met" or "NOT met" for a figure against a lower bound. */
static const char *verdict(double got, double want)
{
    return got >= want ? "met" : "NOT met";
}

static void *xmalloc(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (!p) {
        fprintf(stderr, "bench: out of memory (%zu bytes)\n", bytes);
        exit(1);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    char *p = xmalloc(strlen(s) + 1);
    strcpy(p, s);
    return p;
}

/* ---------------------------------------------------------------- the results file */

/* Where figures are written (bench --results FILE writes FILE.part and renames it when the run ends; the
 * memory child appends to the same .part file); NULL: figures are only printed. */
static const char *results_part;

/* Writes one figure as a "key TAB value TAB unit" line: the value exactly as README.md shows it
 * (tools/bench_readme.sh copies it there), the unit saying what it is. */
static void fig(const char *key, const char *value, const char *unit)
{
    if (!results_part) {
        return;
    }
    FILE *f = fopen(results_part, "a");
    if (!f || fprintf(f, "%s\t%s\t%s\n", key, value, unit) < 0 || fclose(f) != 0) {
        fprintf(stderr, "bench: cannot write %s: %s\n", results_part, strerror(errno));
        exit(1);
    }
}

/* Copies the decimal number num to out with its integer part grouped by commas (11250000.5 -> 11,250,000.5). */
static void group_digits(const char *num, char *out, size_t len)
{
    size_t digits = strspn(num, "0123456789"), o = 0;
    for (size_t i = 0; i < digits && o + 2 < len; i++) {
        if (i > 0 && (digits - i) % 3 == 0) {
            out[o++] = ',';
        }
        out[o++] = num[i];
    }
    snprintf(out + o, len - o, "%s", num + digits);
}

/* A figure rounded to `sig` significant digits (168.9, 0.514, 11,250,000), or "skipped" when v <= 0. */
static void fig_sig(const char *key, double v, int sig, const char *unit)
{
    if (!(v > 0) || !isfinite(v)) {
        fig(key, "skipped", unit);
        return;
    }
    char e[64], plain[64], grouped[96];
    snprintf(e, sizeof e, "%.*e", sig - 1, v);
    double r = strtod(e, NULL);
    int decimals = sig - 1 - (int)floor(log10(r));
    snprintf(plain, sizeof plain, "%.*f", decimals > 0 ? decimals : 0, r);
    group_digits(plain, grouped, sizeof grouped);
    fig(key, grouped, unit);
}

/* A figure with a fixed number of decimals (1.25, 78), or "skipped" when v < 0. */
static void fig_fixed(const char *key, double v, int decimals, const char *unit)
{
    if (!(v >= 0) || !isfinite(v)) {
        fig(key, "skipped", unit);
        return;
    }
    char plain[64], grouped[96];
    snprintf(plain, sizeof plain, "%.*f", decimals, v);
    group_digits(plain, grouped, sizeof grouped);
    fig(key, grouped, unit);
}

/* Writes "skipped" for each key of the NULL-terminated list: a figure that could not be measured here. */
static void fig_skipped(const char *const *keys)
{
    for (; *keys; keys++) {
        fig(*keys, "skipped", "not measured in this run (the benchmark's output says why)");
    }
}

static const char *const memory_keys[] = { "rss_mb", "mem_data_mb", "mem_step_mb", "mem_step_ratio", "mem_eval_mb",
                                           "mem_eval_ratio", "mem_met", NULL };
static const char *const tui_keys[] = { "tui_ms", "tui_bytes", "tui_met", NULL };
static const char *const csv_keys[] = { "csv_mb", "csv_mbs", "csv_met", NULL };
static const char *const startup_keys[] = { "startup_ms", "startup_c_ms", NULL };

/* "yes" or "no": whether a target was met or the bits agreed. */
static void fig_yes(const char *key, int yes, const char *unit)
{
    fig(key, yes ? "yes" : "no", unit);
}

/* Kilobytes from a "Name:   123 kB" line of /proc/self/status, or -1. */
static long status_kb(const char *name)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) {
        return -1;
    }
    char line[256];
    long kb = -1;
    size_t len = strlen(name);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, name, len) == 0 && line[len] == ':') {
            kb = strtol(line + len + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return kb;
}

/* ---------------------------------------------------------------- datasets */

/* An n-by-k dataset with inputs N(0,1) and targets from a fixed random plane plus noise,
 * built directly in memory (the way the loader would leave it). */
static void make_dataset(dataset *d, size_t n, size_t k, uint64_t seed)
{
    memset(d, 0, sizeof *d);
    char buf[64];
    snprintf(buf, sizeof buf, "bench%zux%zu", n, k);
    d->name = xstrdup(buf);
    d->source = xstrdup(buf);
    d->description = xstrdup("generated by the benchmark");
    d->target_name = xstrdup("y");
    d->n = n;
    d->k = k;
    d->x = xmalloc(n * k * sizeof(double));
    d->y = xmalloc(n * sizeof(double));
    d->input_names = xmalloc(k * sizeof(char *));
    for (size_t j = 0; j < k; j++) {
        snprintf(buf, sizeof buf, "x%zu", j + 1);
        d->input_names[j] = xstrdup(buf);
    }
    uint64_t st = rng_stream(seed, 7);
    double *plane = xmalloc(k * sizeof(double));
    for (size_t j = 0; j < k; j++) {
        plane[j] = rng_normal(&st);
    }
    for (size_t i = 0; i < n; i++) {
        double z = 0.5 * rng_normal(&st);
        for (size_t j = 0; j < k; j++) {
            double v = rng_normal(&st);
            d->x[i * k + j] = v;
            z += plane[j] * v;
        }
        d->y[i] = z > 0 ? 1.0 : 0.0;
    }
    free(plane);
}

/* A session on the n-by-k generated dataset (n == 0: the default `and` dataset). */
static void make_session(session *s, size_t n, size_t k)
{
    char err[512];
    if (session_init(s, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        exit(1);
    }
    if (n > 0) {
        dataset d;
        make_dataset(&d, n, k, 42);
        if (session_load(s, &d, err, sizeof err) != 0) {
            fprintf(stderr, "bench: %s\n", err);
            exit(1);
        }
    }
}

/* ---------------------------------------------------------------- update rate */

/* Seconds for `steps` full-batch updates through session_step from step 0. */
static double time_steps(session *s, long steps)
{
    char err[512];
    session_reset(s);
    double t0 = now();
    long done = session_step(s, steps, NULL, NULL, err, sizeof err);
    double t = now() - t0;
    if (done != steps) {
        fprintf(stderr, "bench: session_step: %s\n", done < 0 ? err : "stopped early");
        exit(1);
    }
    return t;
}

/* Median updates per second over o->runs runs of about o->seconds each. */
/* Steps a run of about o->seconds takes on the default threads. */
static long calibrate_steps(session *s, const bench_opts *o)
{
    long steps = 1;
    double t;
    for (;;) {
        t = time_steps(s, steps);
        if (t >= o->seconds / 4 || steps >= (1L << 30)) {
            break;
        }
        steps *= t < o->seconds / 32 ? 4 : 2;
    }
    steps = (long)((double)steps * o->seconds / (t > 1e-9 ? t : 1e-9));
    return steps < 1 ? 1 : steps;
}

static double update_rate(session *s, const bench_opts *o)
{
    long steps = calibrate_steps(s, o);
    double r[MAXRUNS];
    for (int i = 0; i < o->runs; i++) {
        r[i] = (double)steps / time_steps(s, steps);
    }
    session_reset(s);
    return median(r, o->runs);
}

/* Update rates on one thread (*one) and on the default threads (*many), each the median of its
 * runs, and *ratio, the median of many / one over pairs of runs taken back to back: the runs are
 * short and alternate, so that a change in the machine's load touches both alike. */
static void thread_rates(session *s, const bench_opts *o, double *one, double *many, double *ratio)
{
    int pairs = 3 * o->runs > MAXRUNS ? MAXRUNS : 3 * o->runs;
    bench_opts shorter = *o;
    shorter.seconds = o->seconds * o->runs / pairs;
    long steps = calibrate_steps(s, &shorter);
    double r1[MAXRUNS], rn[MAXRUNS], q[MAXRUNS];
    for (int i = 0; i < pairs; i++) {
        for (int side = 0; side < 2; side++) {
            /* the first of each pair alternates, so neither side always follows the other */
            int single = side == (i % 2);
            if (single) {
                setenv("GRADSTEP_THREADS", "1", 1);
                r1[i] = (double)steps / time_steps(s, steps);
            } else {
                unsetenv("GRADSTEP_THREADS");
                rn[i] = (double)steps / time_steps(s, steps);
            }
        }
        q[i] = rn[i] / r1[i];
    }
    unsetenv("GRADSTEP_THREADS");
    session_reset(s);
    *one = median(r1, pairs);
    *many = median(rn, pairs);
    *ratio = median(q, pairs);
}

/* Whether the parameters after a few updates have the same bits on one thread and on the
 * default threads. */
static int same_bits_threads(session *s)
{
    size_t k = s->data.k;
    double *p1 = xmalloc((k + 1) * sizeof(double));
    setenv("GRADSTEP_THREADS", "1", 1);
    time_steps(s, 3);
    memcpy(p1, s->w, k * sizeof(double));
    p1[k] = s->b;
    unsetenv("GRADSTEP_THREADS");
    time_steps(s, 3);
    int same = memcmp(p1, s->w, k * sizeof(double)) == 0 && memcmp(&p1[k], &s->b, sizeof(double)) == 0;
    free(p1);
    session_reset(s);
    return same;
}

/* A busy loop never runs longer than this, even if the benchmark is stopped before it ends it. */
#define BUSY_MAX_SECONDS 120

/* Starts n child processes that each spin (other work keeping every core busy); returns how many
 * started. They end at stop_busy, when the benchmark exits, or after BUSY_MAX_SECONDS. */
static int start_busy(pid_t *pids, int n)
{
    int started = 0;
    for (int i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            break;
        }
        if (pid == 0) {
#ifdef __linux__
            prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
            alarm(BUSY_MAX_SECONDS);
            volatile unsigned long spin = 0;
            for (;;) {
                spin++;
            }
        }
        pids[started++] = pid;
    }
    return started;
}

static void stop_busy(pid_t *pids, int n)
{
    for (int i = 0; i < n; i++) {
        kill(pids[i], SIGKILL);
    }
    for (int i = 0; i < n; i++) {
        waitpid(pids[i], NULL, 0);
    }
}

/* The thread lines for the n-by-k dataset: one thread against the default threads, on the machine
 * as it is and with a busy loop on every core, and whether the bits agree. */
static void bench_threads(const bench_opts *o, size_t n, size_t k, int large)
{
    session s;
    make_session(&s, n, k);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = cores < 1 ? 1 : cores > 16 ? 16 : (int)cores;
    double one, many, ratio;
    thread_rates(&s, o, &one, &many, &ratio);
    double load[1] = { -1 };
    getloadavg(load, 1);
    printf("threads %zux%zu quiet (load average %.2f): %.4g updates/s on 1 thread, %.4g on up to %d, ratio %.2fx", n, k,
           load[0], one, many, threads, ratio);
    if (large) {
        printf(" (target > 1x: %s)", ratio > 1 ? "met" : "NOT met");
    }
    int same = same_bits_threads(&s);
    printf("; parameters after 3 updates %s\n",
           same ? "identical bit for bit" : "DIFFER (a bug: the sums must not depend on the threads)");
    const char *size = large ? "big" : "mid";
    char key[64];
    snprintf(key, sizeof key, "thr_%s_quiet_load", size);
    fig_fixed(key, load[0], 2, "load average (1 minute) when the quiet figures were taken");
    snprintf(key, sizeof key, "thr_%s_quiet_one", size);
    fig_sig(key, one, 4, "updates/s on 1 thread, quiet");
    snprintf(key, sizeof key, "thr_%s_quiet_many", size);
    fig_sig(key, many, 4, "updates/s on the threads left to gradstep, quiet");
    snprintf(key, sizeof key, "thr_%s_quiet_ratio", size);
    fig_fixed(key, ratio, 2, "x: median of many/one over pairs of runs, quiet");
    if (large) {
        fig_yes("thr_big_quiet_met", ratio > 1, "ratio > 1x");
    }
    snprintf(key, sizeof key, "thr_%s_bits", size);
    fig_yes(key, same, "same bits on 1 thread and on several");
    pid_t pids[64];
    int busy = start_busy(pids, cores < 1 ? 1 : cores > 64 ? 64 : (int)cores);
    thread_rates(&s, o, &one, &many, &ratio);
    stop_busy(pids, busy);
    printf("threads %zux%zu busy (a busy loop on each of %d cores): %.4g updates/s on 1 thread, %.4g on up to %d,"
           " ratio %.2fx (target >= 0.9x: %s)\n",
           n, k, busy, one, many, threads, ratio, verdict(ratio, 0.9));
    snprintf(key, sizeof key, "thr_%s_busy_one", size);
    fig_sig(key, one, 4, "updates/s on 1 thread, a busy loop on each core");
    snprintf(key, sizeof key, "thr_%s_busy_many", size);
    fig_sig(key, many, 4, "updates/s on the threads left to gradstep, a busy loop on each core");
    snprintf(key, sizeof key, "thr_%s_busy_ratio", size);
    fig_fixed(key, ratio, 2, "x: median of many/one over pairs of runs, busy");
    snprintf(key, sizeof key, "thr_%s_busy_met", size);
    fig_yes(key, ratio >= 0.9, "ratio >= 0.9x");
    session_free(&s);
}

/* ---------------------------------------------------------------- NumPy */

/* Finds a python3 that imports numpy: o->python, /usr/bin/python3, then python3 on PATH.
 * Writes it into out and returns 1, or returns 0 with the reason in why. */
static int find_numpy(const bench_opts *o, char *out, size_t len, char *why, size_t whylen)
{
    const char *cands[3] = { o->python, "/usr/bin/python3", "python3" };
    snprintf(why, whylen, "no python3 with numpy found (tried /usr/bin/python3 and python3 on PATH;"
                          " Debian: apt-get install python3-numpy)");
    for (int i = 0; i < 3; i++) {
        if (!cands[i]) {
            continue;
        }
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "'%s' -c 'import numpy' >/dev/null 2>&1", cands[i]);
        if (system(cmd) == 0) {
            snprintf(out, len, "%s", cands[i]);
            return 1;
        }
    }
    return 0;
}

/* Runs numpy_bench.py for the three datasets; fills rates (0 when absent). Returns 1 when it ran. */
static int numpy_rates(const bench_opts *o, const char *python, double rates[3])
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' '%s' %d %g and %zux%zu %zux%zu", python, o->script, o->runs, o->seconds,
             o->mid_n, o->mid_k, o->big_n, o->big_k);
    FILE *p = popen(cmd, "r");
    if (!p) {
        return 0;
    }
    char line[256];
    int got = 0;
    rates[0] = rates[1] = rates[2] = 0;
    while (fgets(line, sizeof line, p) && got < 3) {
        char name[64];
        double r;
        if (sscanf(line, "%63s %lf", name, &r) == 2) {
            rates[got++] = r;
        }
    }
    int st = pclose(p);
    return got == 3 && st == 0;
}

/* ---------------------------------------------------------------- bandwidth */

typedef struct {
    const double *a;
    size_t len;
    double sum;
} read_job;

typedef double v2d __attribute__((vector_size(16)));

/* Sums a[0..len-1] with eight independent two-lane accumulators: a plain streaming read. */
static void *read_sum(void *arg)
{
    read_job *j = arg;
    const double *a = j->a;
    size_t len = j->len, i = 0;
    v2d acc[8] = { { 0, 0 } };
    for (; i + 16 <= len; i += 16) {
        for (int q = 0; q < 8; q++) {
            v2d v;
            memcpy(&v, a + i + 2 * q, sizeof v);
            acc[q] += v;
        }
    }
    double s = 0;
    for (int q = 0; q < 8; q++) {
        s += acc[q][0] + acc[q][1];
    }
    for (; i < len; i++) {
        s += a[i];
    }
    j->sum = s;
    return NULL;
}

#include <pthread.h>

/* Seconds for one read of a[0..len-1] split over `threads` threads. */
static double time_read(const double *a, size_t len, int threads, double *sink)
{
    read_job jobs[8];
    pthread_t tid[8];
    double t0 = now();
    for (int t = 0; t < threads; t++) {
        size_t lo = len * (size_t)t / (size_t)threads, hi = len * (size_t)(t + 1) / (size_t)threads;
        jobs[t].a = a + lo;
        jobs[t].len = hi - lo;
        if (t > 0 && pthread_create(&tid[t], NULL, read_sum, &jobs[t]) != 0) {
            read_sum(&jobs[t]);
            tid[t] = 0;
        }
    }
    read_sum(&jobs[0]);
    for (int t = 1; t < threads; t++) {
        if (tid[t]) {
            pthread_join(tid[t], NULL);
        }
    }
    double t = now() - t0;
    for (int q = 0; q < threads; q++) {
        *sink += jobs[q].sum;
    }
    return t;
}

/* ---------------------------------------------------------------- child processes */

/* Runs argv with stdout and stderr to /dev/null; returns the wall seconds, or -1. */
static double time_exec(char *const argv[])
{
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) {
        return -1;
    }
    if (pid == 0) {
        int fd = open("/dev/null", O_RDWR);
        if (fd >= 0) {
            dup2(fd, 0);
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execv(argv[0], argv);
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        return -1;
    }
    return now() - t0;
}

/* The memory figures, run in a fresh process (bench --memory-child N K) so that nothing else
 * the benchmark allocated counts: prints the two memory lines. */
static int memory_child(size_t n, size_t k, const char *part)
{
    results_part = part[0] ? part : NULL;
    session s;
    make_session(&s, 0, 0);
    long base = status_kb("VmRSS");
    double data_mb = (double)n * (double)(k + 1) * 8.0 / 1e6;
    dataset d;
    make_dataset(&d, n, k, 42);
    char err[512];
    if (session_load(&s, &d, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        return 1;
    }
    if (session_step(&s, 10, NULL, NULL, err, sizeof err) != 10) {
        fprintf(stderr, "bench: %s\n", err);
        return 1;
    }
    double hist_mb = (double)s.hist_cap * (double)(k + 2) * 8.0 / 1e6;
    long after_step = status_kb("VmHWM");
    if (!session_evaluate(&s)) {
        fprintf(stderr, "bench: out of memory\n");
        return 1;
    }
    long after_eval = status_kb("VmHWM");
    if (base < 0 || after_step < 0 || after_eval < 0) {
        printf("peak RSS %zux%zu: skipped: /proc/self/status has no VmRSS/VmHWM\n", n, k);
        printf("dataset memory %zux%zu: skipped: /proc/self/status has no VmRSS/VmHWM\n", n, k);
        fig_skipped(memory_keys);
        return 0;
    }
    double step_mb = (double)(after_step - base) * 1024 / 1e6 - hist_mb;
    double eval_mb = (double)(after_eval - base) * 1024 / 1e6 - hist_mb;
    printf("peak RSS %zux%zu: %.1f MB for the whole process after stepping and evaluating (%.1f MB before loading)\n",
           n, k, (double)after_eval * 1024 / 1e6, (double)base * 1024 / 1e6);
    double worst = (step_mb > eval_mb ? step_mb : eval_mb) / data_mb;
    printf("dataset memory %zux%zu: %.1f MB while stepping = %.2f x n(k+1)8 = %.1f MB; %.1f MB = %.2f x after an"
           " evaluation, which keeps each example's z (target <= 1.20x: %s)\n",
           n, k, step_mb, step_mb / data_mb, data_mb, eval_mb, eval_mb / data_mb, verdict(1.2, worst));
    fig_fixed("rss_mb", (double)after_eval * 1024 / 1e6, 1, "MB: peak RSS of the process, large dataset");
    fig_fixed("mem_data_mb", data_mb, 1, "MB: n(k+1)8, the large dataset's numbers");
    fig_fixed("mem_step_mb", step_mb, 1, "MB: dataset memory while stepping");
    fig_fixed("mem_step_ratio", step_mb / data_mb, 2, "x n(k+1)8 while stepping");
    fig_fixed("mem_eval_mb", eval_mb, 1, "MB: dataset memory after an evaluation");
    fig_fixed("mem_eval_ratio", eval_mb / data_mb, 2, "x n(k+1)8 after an evaluation");
    fig_yes("mem_met", worst <= 1.2, "both ratios <= 1.2x");
    fflush(stdout);
    session_free(&s);
    return 0;
}

/* ---------------------------------------------------------------- the full-screen UI under a pty */

/* Reads from fd until it has been quiet for quiet_ms (or total_ms passed); returns bytes read. */
static long drain(int fd, int quiet_ms, int total_ms, char *seen, size_t seenlen, size_t *seenused)
{
    long bytes = 0;
    double end = now() + total_ms / 1000.0;
    char buf[65536];
    for (;;) {
        struct pollfd p = { fd, POLLIN, 0 };
        int r = poll(&p, 1, quiet_ms);
        if (r <= 0 || now() > end) {
            break;
        }
        ssize_t got = read(fd, buf, sizeof buf);
        if (got <= 0) {
            break;
        }
        if (seen && *seenused < seenlen) {
            size_t c = (size_t)got < seenlen - *seenused ? (size_t)got : seenlen - *seenused;
            memcpy(seen + *seenused, buf, c);
            *seenused += c;
        }
        bytes += got;
    }
    return bytes;
}

/* Runs gradstep at 200x60 on a pty (with the dataset argument when not NULL, and the command lines of
 * setup typed first when not NULL), sends `steps` space keys (one step each, waiting for each
 * redraw), then q. Gives CPU seconds of the child and bytes it wrote after start-up.
 * Returns 1 when measured, 0 when the full-screen UI did not start, -1 on a failure. */
static int tui_run_with(const char *gradstep, const char *dataset, const char *setup, int steps, double *cpu,
                        long *bytes);

static int tui_run_once(const char *gradstep, int steps, double *cpu, long *bytes)
{
    return tui_run_with(gradstep, NULL, NULL, steps, cpu, bytes);
}

static int tui_run_with(const char *gradstep, const char *dataset, const char *setup, int steps, double *cpu,
                        long *bytes)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) != 0 || unlockpt(m) != 0) {
        return -1;
    }
    struct winsize ws = { 60, 200, 0, 0 };
    ioctl(m, TIOCSWINSZ, &ws);
    char *slave = ptsname(m);
    if (!slave) {
        close(m);
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(m);
        return -1;
    }
    if (pid == 0) {
        setsid();
        int sfd = open(slave, O_RDWR);
        if (sfd < 0) {
            _exit(127);
        }
        ioctl(sfd, TIOCSCTTY, 0);
        ioctl(sfd, TIOCSWINSZ, &ws);
        dup2(sfd, 0);
        dup2(sfd, 1);
        dup2(sfd, 2);
        close(m);
        setenv("TERM", "xterm-256color", 1);
        setenv("COLORFGBG", "15;0", 1); /* a dark background: no colour query waits for a reply the pty never sends */
        setenv("LINES", "60", 1);
        setenv("COLUMNS", "200", 1);
        unsetenv("NO_COLOR");
        execl(gradstep, gradstep, dataset, (char *)NULL);
        _exit(127);
    }
    char seen[8192];
    size_t used = 0;
    drain(m, 300, 5000, seen, sizeof seen, &used);
    if (memmem(seen, used, "\033[c", 3)) {
        /* gradstep asks the terminal for its background colour and its attributes before it draws;
         * answer as a dark xterm does, so that it does not wait for the answer */
        static const char reply[] = "\033]11;rgb:0000/0000/0000\033\\\033[?62;22c";
        if (write(m, reply, sizeof reply - 1) < 0) {
            /* without the answer gradstep draws after its own timeout; the drain below waits for it */
        }
        drain(m, 300, 5000, seen, sizeof seen, &used);
    }
    int fullscreen = 0;
    for (size_t i = 0; i + 8 <= used; i++) {
        if (memcmp(seen + i, "\033[?1049h", 8) == 0 || memcmp(seen + i, "\033[?47h", 6) == 0) {
            fullscreen = 1;
            break;
        }
    }
    long total = 0;
    for (const char *c = setup; fullscreen && c && *c;) {
        const char *nl = strchr(c, '\n');
        size_t len = nl ? (size_t)(nl - c) + 1 : strlen(c);
        if (write(m, c, len) != (ssize_t)len) {
            break;
        }
        drain(m, 200, 5000, NULL, 0, NULL);
        c += len;
    }
    if (fullscreen) {
        for (int i = 0; i < steps; i++) {
            if (write(m, " ", 1) != 1) {
                break;
            }
            total += drain(m, 15, 2000, NULL, 0, NULL);
        }
    }
    if (write(m, fullscreen ? "q" : "quit\n", fullscreen ? 1 : 5) < 0) {
        /* the child is killed below if it does not leave */
    }
    drain(m, 100, 2000, NULL, 0, NULL);
    int st;
    struct rusage ru;
    pid_t w = 0;
    for (int tries = 0; tries < 50 && w == 0; tries++) {
        w = wait4(pid, &st, WNOHANG, &ru);
        if (w == 0) {
            drain(m, 20, 100, NULL, 0, NULL);
        }
    }
    if (w == 0) {
        kill(pid, SIGKILL);
        wait4(pid, &st, 0, &ru);
    }
    close(m);
    if (!fullscreen) {
        return 0;
    }
    *cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec * 1e-6;
    *bytes = total;
    return 1;
}

static void bench_tui(const bench_opts *o)
{
    double cpu_n[MAXRUNS], cpu_0[MAXRUNS], per_bytes[MAXRUNS];
    int runs = o->quick ? 1 : 3;
    for (int i = 0; i < runs; i++) {
        long b0 = 0, bn = 0;
        int r0 = tui_run_once(o->gradstep, 0, &cpu_0[i], &b0);
        int rn = r0 == 1 ? tui_run_once(o->gradstep, o->tui_steps, &cpu_n[i], &bn) : r0;
        if (rn == 0) {
            printf("step + redraw 200x60: skipped: full-screen UI not built (gradstep on a pty did not switch"
                   " to the full screen)\n");
            fig_skipped(tui_keys);
            return;
        }
        if (rn < 0) {
            printf("step + redraw 200x60: skipped: could not run gradstep on a pseudo-terminal\n");
            fig_skipped(tui_keys);
            return;
        }
        cpu_n[i] = (cpu_n[i] - cpu_0[i]) / o->tui_steps;
        per_bytes[i] = (double)bn / o->tui_steps;
    }
    double c = median(cpu_n, runs), b = median(per_bytes, runs);
    fig_fixed("tui_ms", c * 1e3, 2, "ms CPU per step key with every pane redrawn, 200x60");
    fig_fixed("tui_bytes", b, 0, "bytes written to the terminal per step key, 200x60");
    fig_yes("tui_met", c < 2e-3, "< 2 ms CPU");
    printf("step + redraw 200x60: %.1f us CPU and %.0f bytes written per step key (median of %d runs of %d keys,"
           " start-up subtracted)\n",
           c * 1e6, b, runs, o->tui_steps);
}

/* ---------------------------------------------------------------- CSV loading */

static void bench_load(const bench_opts *o)
{
    const char *tmp = getenv("TMPDIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/gradstep-bench-%ld.csv", tmp && *tmp ? tmp : "/tmp", (long)getpid());
    FILE *f = fopen(path, "w");
    if (!f) {
        printf("CSV load: skipped: cannot write %s: %s\n", path, strerror(errno));
        fig_skipped(csv_keys);
        return;
    }
    size_t k = 8;
    uint64_t st = rng_stream(99, 1);
    fprintf(f, "# generated by the benchmark\n");
    for (size_t j = 0; j < k; j++) {
        fprintf(f, "x%zu,", j + 1);
    }
    fprintf(f, "y\n");
    size_t rows = 0;
    while ((size_t)ftell(f) < o->csv_bytes) {
        for (size_t j = 0; j < k; j++) {
            fprintf(f, "%.17g,", rng_normal(&st));
        }
        fprintf(f, "%d\n", (int)(rng_next(&st) & 1));
        rows++;
    }
    long size = ftell(f);
    if (fclose(f) != 0) {
        printf("CSV load: skipped: cannot write %s\n", path);
        fig_skipped(csv_keys);
        remove(path);
        return;
    }
    double r[MAXRUNS];
    int runs = o->quick ? 1 : 3;
    for (int i = 0; i < runs; i++) {
        dataset d;
        char err[512];
        double t0 = now();
        int rc = dataset_load_file(path, &d, err, sizeof err);
        double t = now() - t0;
        if (rc != 0) {
            printf("CSV load: failed: %s\n", err);
            fig_skipped(csv_keys);
            remove(path);
            return;
        }
        if (d.n != rows || d.k != k) {
            printf("CSV load: failed: read %zux%zu, wrote %zux%zu\n", d.n, d.k, rows, k);
        }
        dataset_free(&d);
        r[i] = (double)size / 1e6 / t;
    }
    remove(path);
    double mbs = median(r, runs);
    fig_fixed("csv_mb", (double)size / 1e6, 0, "MB: size of the generated CSV file");
    fig_fixed("csv_mbs", mbs, 1, "MB/s: dataset_load_file");
    fig_yes("csv_met", mbs >= 50, ">= 50 MB/s");
    printf("CSV load: %.1f MB (%zu rows x %zu numbers at 17 digits) at %.1f MB/s (target >= 50 MB/s: %s)\n",
           (double)size / 1e6, rows, k + 1, mbs, verdict(mbs, 50));
}

/* ---------------------------------------------------------------- back */

/* Nanoseconds per `back 1` at history depth `depth` on the `and` dataset. */
static double back_cost(session *s, long depth, int undo)
{
    char err[512];
    session_reset(s);
    if (session_step(s, depth, NULL, NULL, err, sizeof err) != depth) {
        fprintf(stderr, "bench: %s\n", err);
        exit(1);
    }
    double t0 = now();
    for (int i = 0; i < undo; i++) {
        session_back(s, 1);
    }
    return (now() - t0) / undo * 1e9;
}

static void bench_back(const bench_opts *o)
{
    session s;
    make_session(&s, 0, 0);
    int undo = 1000;
    double shallow[MAXRUNS], deep[MAXRUNS];
    for (int i = 0; i < o->runs; i++) {
        shallow[i] = back_cost(&s, 1000, undo);
        deep[i] = back_cost(&s, o->back_depth, undo);
    }
    double a = median(shallow, o->runs), b = median(deep, o->runs);
    printf("back per undone step: %.0f ns at depth 1000, %.0f ns at depth %ld (ratio %.2f; O(k) per step,"
           " independent of depth)\n",
           a, b, o->back_depth, b / a);
    fig_fixed("back_ns_1000", a, 0, "ns per undone step at depth 1000");
    fig_fixed("back_ns_deep", b, 0, "ns per undone step at the deep depth");
    fig_fixed("back_depth", (double)o->back_depth, 0, "steps: the deep depth");
    fig_fixed("back_ratio", b / a, 2, "deep over shallow");
    fig_yes("back_met", b / a < 2, "deep < 2 x shallow: O(k), not O(steps)");
    session_free(&s);
}

/* ---------------------------------------------------------------- e^x */

/* gradstep's own e^x (model_exp_nonpos) on arguments spread over [-745, 0]: its worst error against
 * long double, in units in the last place, and the share of results with the C library's exp's bits. */
static void bench_exp(const bench_opts *o)
{
    uint64_t st = rng_stream(2718, 1);
    long count = o->quick ? 40000 : 400000, normal = 0, same = 0;
    double worst = 0;
    for (long i = 0; i < count; i++) {
        double u = (double)(rng_next(&st) >> 11) * 0x1p-53;
        double x = i % 4 == 0 ? -745.0 * u : i % 4 == 1 ? -2.0 * u : i % 4 == 2 ? -40.0 * u : -708.0 * u;
        double e = model_exp_nonpos(x);
        long double ref = expl((long double)x);
        if (ref < DBL_MIN) {
            continue;
        }
        int ex;
        frexpl(ref, &ex);
        double ulps = (double)(fabsl((long double)e - ref) / ldexpl(1.0L, ex - 53));
        worst = ulps > worst ? ulps : worst;
        same += e == exp(x);
        normal++;
    }
    double pct = 100.0 * (double)same / (double)(normal > 0 ? normal : 1);
    printf("exp: worst %.2f ulp against long double over %ld arguments in [-745, 0], %.0f%% with the bits of the"
           " C library's exp\n",
           worst, normal, pct);
    fig_fixed("exp_worst_ulp", worst, 2, "units in the last place: model_exp_nonpos's worst error against expl");
    fig_fixed("exp_glibc_pct", pct, 0, "% of model_exp_nonpos's results with the C library's exp's bits");
}

/* ---------------------------------------------------------------- networks */

#include "bench_net.c"

/* ---------------------------------------------------------------- main */

static void machine_line(void)
{
    char model[256] = "unknown CPU";
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f) {
        char line[512];
        while (fgets(line, sizeof line, f)) {
            if (strncmp(line, "model name", 10) == 0) {
                char *c = strchr(line, ':');
                if (c) {
                    c++;
                    while (*c == ' ' || *c == '\t') {
                        c++;
                    }
                    c[strcspn(c, "\n")] = 0;
                    snprintf(model, sizeof model, "%s", c);
                }
                break;
            }
        }
        fclose(f);
    }
    printf("machine: %s, %ld cores online, compiler %s\n", model, sysconf(_SC_NPROCESSORS_ONLN), __VERSION__);
    fig("run_cpu", model, "the processor, from /proc/cpuinfo");
    fig_fixed("run_nproc", (double)sysconf(_SC_NPROCESSORS_ONLN), 0, "cores online");
    __builtin_cpu_init();
    fig_yes("run_avx2", __builtin_cpu_supports("avx2"), "whether the processor has AVX2");
#if defined(__clang__)
    fig("run_compiler", "Clang " __clang_version__, "the compiler of the benchmark and of gradstep's library");
#elif defined(__GNUC__)
    fig("run_compiler", "GCC " __VERSION__, "the compiler of the benchmark and of gradstep's library");
#else
    fig("run_compiler", "unknown", "the compiler of the benchmark and of gradstep's library");
#endif
#ifdef __GLIBC__
    fig("run_glibc", gnu_get_libc_version(), "the C library's version");
#else
    fig("run_glibc", "not glibc", "the C library's version");
#endif
}

/* When the run started or ended, in UTC, and the load average then: the figures depend on both. */
static void fig_when(const char *which)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[64], key[64];
    strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    snprintf(key, sizeof key, "run_%s_date", which);
    fig(key, buf, "UTC date");
    strftime(buf, sizeof buf, "%H:%M", &tm);
    snprintf(key, sizeof key, "run_%s_time", which);
    fig(key, buf, "UTC time");
    double load[3] = { -1, -1, -1 };
    getloadavg(load, 3);
    snprintf(key, sizeof key, "run_%s_load", which);
    fig_fixed(key, load[0], 2, "load average over the last minute");
}

/* NumPy's version through the interpreter found, into the results. */
static void fig_numpy(const char *python)
{
    char cmd[1200], v[64] = "";
    snprintf(cmd, sizeof cmd, "'%s' -c 'import numpy; print(numpy.__version__)' 2>/dev/null", python);
    FILE *p = python ? popen(cmd, "r") : NULL;
    if (p) {
        if (!fgets(v, sizeof v, p)) {
            v[0] = 0;
        }
        pclose(p);
    }
    v[strcspn(v, "\n")] = 0;
    fig("run_numpy", v[0] ? v : "skipped", "NumPy's version (skipped: no NumPy found)");
}

/* Starts the results file: FILE.part, empty, with a header saying what the lines are. Returns 0 or -1. */
static int start_results(const char *path)
{
    static char part[4096];
    snprintf(part, sizeof part, "%s.part", path);
    FILE *f = fopen(part, "w");
    if (!f || fprintf(f, "# %s: gradstep's measured figures, written by `make bench` (tests/bench/bench.c);\n"
                         "# tools/bench_readme.sh copies each value into README.md wherever it is marked\n"
                         "# <!--bench:KEY-->VALUE<!--/bench-->. One figure a line: KEY TAB VALUE TAB UNIT.\n",
                      path) < 0 || fclose(f) != 0) {
        fprintf(stderr, "bench: cannot write %s: %s\n", part, strerror(errno));
        return -1;
    }
    results_part = part;
    return 0;
}

/* Ends the results file: the end time and load, the run's length, then FILE.part renamed to FILE. Returns 0 or 1. */
static int end_results(const char *path, double started)
{
    fig_when("end");
    fig_sig("run_minutes", (now() - started) / 60, 2, "minutes the whole run took");
    if (path && rename(results_part, path) != 0) {
        fprintf(stderr, "bench: cannot rename %s to %s: %s\n", results_part, path, strerror(errno));
        return 1;
    }
    if (path) {
        printf("figures written to %s\n", path);
    }
    return 0;
}

static void usage(void)
{
    fputs("usage: bench [--quick] [--threads] [--net] [--tui] [--gradstep PATH] [--python PATH] [--numpy-script PATH]\n"
          "             [--numpy-net-script PATH] [--data DIR] [--results FILE]\n"
          "Prints gradstep's speed and memory figures; --quick uses tiny sizes (for make check),\n"
          "--threads prints only the figures of one thread against several, --net only the network figures,\n"
          "--tui only the full screen's step and redraw figures;\n"
          "--data DIR is where digits.csv and iris.csv are looked for before datasets/ and ../shared/data/;\n"
          "--results FILE also writes every figure of a whole run as a \"key TAB value TAB unit\" line\n"
          "(FILE.part until the run ends; not with --threads or --net).\n",
          stderr);
}

int main(int argc, char **argv)
{
    bench_opts o = { 0, 0, 5, 0.25, 1000, 8, 1000000, 16, 100000000, 1000000, 200, "./gradstep", NULL,
                     "tests/bench/numpy_bench.py", "tests/bench/numpy_net_bench.py", NULL, 0 };
    int tui_only = 0;
    const char *results = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            o.quick = 1;
        } else if (strcmp(argv[i], "--tui") == 0) {
            tui_only = 1;
        } else if (strcmp(argv[i], "--threads") == 0) {
            o.threads_only = 1;
        } else if (strcmp(argv[i], "--net") == 0) {
            o.net_only = 1;
        } else if (strcmp(argv[i], "--numpy-net-script") == 0 && i + 1 < argc) {
            o.net_script = argv[++i];
        } else if (strcmp(argv[i], "--results") == 0 && i + 1 < argc) {
            results = argv[++i];
        } else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
            o.data_dir = argv[++i];
        } else if (strcmp(argv[i], "--memory-child") == 0 && i + 2 < argc) {
            return memory_child((size_t)strtoul(argv[i + 1], NULL, 10), (size_t)strtoul(argv[i + 2], NULL, 10),
                                i + 3 < argc ? argv[i + 3] : "");
        } else if (strcmp(argv[i], "--gradstep") == 0 && i + 1 < argc) {
            o.gradstep = argv[++i];
        } else if (strcmp(argv[i], "--python") == 0 && i + 1 < argc) {
            o.python = argv[++i];
        } else if (strcmp(argv[i], "--numpy-script") == 0 && i + 1 < argc) {
            o.script = argv[++i];
        } else {
            usage();
            return 2;
        }
    }
    if (o.quick) {
        o.runs = 3;
        o.seconds = 0.01;
        o.big_n = 20000;
        o.csv_bytes = 1000000;
        o.back_depth = 10000;
        o.tui_steps = 5;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (results && (o.threads_only || o.net_only || tui_only)) {
        /* the results file holds every figure of one run: a part of a run would drop the others */
        fputs("bench: --results needs the whole run, not --threads, --net or --tui\n", stderr);
        return 2;
    }
    if (results && start_results(results) != 0) {
        return 1;
    }
    double started = now();
    fig_when("start");
    printf("gradstep bench%s: each figure is the median of %d runs\n", o.quick ? " --quick (tiny sizes)" : "",
           o.runs);
    machine_line();
    if (o.threads_only) {
        bench_threads(&o, o.mid_n, o.mid_k, 0);
        bench_threads(&o, o.big_n, o.big_k, 1);
        return end_results(results, started);
    }
    if (tui_only) {
        bench_tui(&o);
        bench_tui_net(&o);
        return end_results(results, started);
    }
    if (o.net_only) {
        char py[1024], why_net[2048];
        int found = find_numpy(&o, py, sizeof py, why_net, sizeof why_net);
        if (!found) {
            printf("numpy: skipped: %s\n", why_net);
        }
        fig_numpy(found ? py : NULL);
        bench_networks(&o, found ? py : NULL);
        return end_results(results, started);
    }

    /* Update rates through session_step, the path `step N` takes. */
    double rate[3];
    size_t sizes[3][2] = { { 0, 0 }, { o.mid_n, o.mid_k }, { o.big_n, o.big_k } };
    for (int d = 0; d < 3; d++) {
        session s;
        make_session(&s, sizes[d][0], sizes[d][1]);
        rate[d] = update_rate(&s, &o);
        session_free(&s);
    }
    char python[1024], why[2048];
    double np[3] = { 0, 0, 0 };
    int have_np = find_numpy(&o, python, sizeof python, why, sizeof why);
    if (have_np && !numpy_rates(&o, python, np)) {
        snprintf(why, sizeof why, "%s %s did not run", python, o.script);
        have_np = 0;
    }
    if (have_np) {
        printf("numpy: %s (the loop z = X @ w + b; a = 1/(1+exp(-z)); grad = X.T @ (a - y) / n; w -= eta*grad)\n",
               python);
    } else {
        printf("numpy: skipped: %s\n", why);
    }
    fig_numpy(have_np ? python : NULL);
    const double target[3] = { 30, 3, 1.5 };
    for (int d = 0; d < 3; d++) {
        char name[64];
        if (d == 0) {
            snprintf(name, sizeof name, "and 4x2");
        } else {
            snprintf(name, sizeof name, "%zux%zu", sizes[d][0], sizes[d][1]);
        }
        printf("updates/s %s: gradstep %.4g", name, rate[d]);
        const char *size = d == 0 ? "and" : d == 1 ? "mid" : "big";
        char key[64];
        snprintf(key, sizeof key, "ups_%s", size);
        fig_sig(key, rate[d], 4, "updates/s, gradstep");
        if (have_np) {
            double ratio = rate[d] / np[d];
            printf(", numpy %.4g, ratio %.2fx (target >= %gx: %s)\n", np[d], ratio, target[d],
                   verdict(ratio, target[d]));
        } else {
            printf(", numpy skipped\n");
        }
        snprintf(key, sizeof key, "ups_%s_numpy", size);
        fig_sig(key, have_np ? np[d] : 0, 4, "updates/s, NumPy");
        snprintf(key, sizeof key, "ups_%s_ratio", size);
        fig_sig(key, have_np ? rate[d] / np[d] : 0, 3, "x NumPy");
        snprintf(key, sizeof key, "ups_%s_met", size);
        fig(key, !have_np ? "skipped" : rate[d] / np[d] >= target[d] ? "yes" : "no", "ratio at least the target");
    }
    fig_fixed("row_ns_mid", 1e9 / (rate[1] * (double)o.mid_n), 1, "ns per row of the middle dataset in an update");
    fig_fixed("row_ns_big", 1e9 / (rate[2] * (double)o.big_n), 1, "ns per row of the large dataset in an update");

    bench_threads(&o, o.mid_n, o.mid_k, 0);
    bench_threads(&o, o.big_n, o.big_k, 1);
    {
        char py[1024], why_net[2048];
        int found = find_numpy(&o, py, sizeof py, why_net, sizeof why_net);
        bench_networks(&o, found ? py : NULL);
    }

    /* Bandwidth: gradstep's bytes per second on the large dataset against a plain read. */
    size_t len = o.big_n * (o.big_k + 1);
    double *arr = xmalloc(len * sizeof(double));
    for (size_t i = 0; i < len; i++) {
        arr[i] = (double)(i & 1023);
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int maxt = cores > 8 ? 8 : cores < 1 ? 1 : (int)cores;
    double best = 0, sink = 0;
    int best_t = 1;
    for (int t = 1; t <= maxt; t *= 2) {
        double r[MAXRUNS];
        for (int i = 0; i < o.runs; i++) {
            r[i] = (double)len * 8 / time_read(arr, len, t, &sink);
        }
        double m = median(r, o.runs);
        if (m > best) {
            best = m;
            best_t = t;
        }
    }
    free(arr);
    double bytes = (double)len * 8, got = rate[2] * bytes;
    printf("read bandwidth %zux%zu: gradstep reads %.2f GB/s (%.1f MB per update), plain read %.2f GB/s"
           " (%d thread%s), %.0f%% (target >= 60%%: %s)%s\n",
           o.big_n, o.big_k, got / 1e9, bytes / 1e6, best / 1e9, best_t, best_t > 1 ? "s" : "", 100 * got / best,
           verdict(got / best, 0.6), sink == 1.5 ? " " : "");
    fig_fixed("read_gbs", got / 1e9, 2, "GB/s: the bytes of X and y an update reads, times the update rate");
    fig_fixed("read_plain_gbs", best / 1e9, 2, "GB/s: the fastest plain read of as many bytes");
    fig_fixed("read_pct", 100 * got / best, 0, "% of the plain read");
    fig_yes("read_met", got / best >= 0.6, ">= 60%");

    /* Start-up to the first prompt in script mode. */
    char empty[1024];
    const char *tmp = getenv("TMPDIR");
    snprintf(empty, sizeof empty, "%s/gradstep-bench-empty-%ld.gs", tmp && *tmp ? tmp : "/tmp", (long)getpid());
    FILE *ef = fopen(empty, "w");
    if (ef) {
        fclose(ef);
    }
    char *argv_s[] = { (char *)o.gradstep, "-s", empty, NULL };
    char *argv_c[] = { (char *)o.gradstep, "-c", "print step", NULL };
    double ts[MAXRUNS], tc[MAXRUNS];
    int ok = 1, sruns = o.quick ? 3 : 11;
    for (int i = 0; i < sruns && ok; i++) {
        ts[i] = time_exec(argv_s);
        tc[i] = time_exec(argv_c);
        ok = ts[i] >= 0 && tc[i] >= 0;
    }
    remove(empty);
    if (ok) {
        printf("start-up to first prompt: %.2f ms (gradstep -s EMPTY), %.2f ms (gradstep -c \"print step\")\n",
               median(ts, sruns) * 1e3, median(tc, sruns) * 1e3);
        fig_fixed("startup_ms", median(ts, sruns) * 1e3, 2, "ms from fork to exit, gradstep -s EMPTY");
        fig_fixed("startup_c_ms", median(tc, sruns) * 1e3, 2, "ms from fork to exit, gradstep -c \"print step\"");
    } else {
        printf("start-up to first prompt: skipped: %s did not run\n", o.gradstep);
        fig_skipped(startup_keys);
    }

    /* Memory, in a fresh process. */
    char sn[32], sk[32];
    snprintf(sn, sizeof sn, "%zu", o.big_n);
    snprintf(sk, sizeof sk, "%zu", o.big_k);
    char *argv_m[] = { "/proc/self/exe", "--memory-child", sn, sk, (char *)(results_part ? results_part : ""), NULL };
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv_m[0], argv_m);
        _exit(127);
    }
    int st = 0;
    if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        printf("peak RSS %zux%zu: skipped: the measuring process failed\n", o.big_n, o.big_k);
        printf("dataset memory %zux%zu: skipped: the measuring process failed\n", o.big_n, o.big_k);
        fig_skipped(memory_keys);
    }

    bench_back(&o);
    bench_exp(&o);
    bench_load(&o);
    bench_tui(&o);
    bench_tui_net(&o);
    return end_results(results, started);
}
