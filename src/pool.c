/* pool.c: worker threads kept between calls, which share the fixed parts of one large sum.
 *
 * An update of a mid-size dataset takes microseconds, far less than starting a thread, so the
 * workers stay: after a job each spins for a while on the job ticket, then sleeps on a condition
 * variable until the next job wakes it. A job is published as one 64-bit ticket, generation << 16 |
 * parts << 8 | next part; a thread claims a part by advancing "next" with a compare-and-swap, so a
 * claim can only succeed for the job the ticket names. The caller claims parts too, so a worker
 * that is not running when the job comes simply does no part of it; the caller then waits (a short
 * spin, then asleep) until every claimed part is done, before it returns and before the next job
 * replaces fn and ctx.
 *
 * Threads must never make a sum slower. When other programs keep the cores busy, a worker may be
 * descheduled in the middle of its part and the caller waits for it; when two "cores" share one
 * physical core or the memory bus, each thread runs slower while the other works. So the caller
 * measures, for each kind of job it is given (the same fn and number of parts): a probe times a
 * window of jobs shared with the workers against a window of jobs run alone, and the next jobs
 * run the way that was faster (shared only when at least PAYOFF times faster). The choice holds
 * for a few windows (STAY_MIN, doubling up to STAY_MAX while probes confirm it), or until shared
 * jobs become much slower than the probe found them; then the next probe. A probe's shared window
 * that clearly loses ends early. So the time spent
 * the slower way stays a few percent, and a change in the machine's load changes the choice
 * within about a second. Which thread runs which part never changes the results: each part writes
 * only its own sums. */
#include "pool.h"

#include "clock.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#define POOL_MAX_WORKERS 15
/* Turns a worker spins on the ticket before it sleeps (about 0.1 ms on an EPYC): long enough to
 * catch the next update of a run of steps, short enough to leave the core alone between keys. */
#define WORKER_SPINS 2000
/* Turns the caller spins waiting for the workers' parts before it sleeps. */
#define CALLER_SPINS 2000
/* Jobs are shared only when that makes them at least PAYOFF times faster than running alone. */
#define PAYOFF 1.05
/* A window (jobs run one way, timed together) ends after WINDOW_MIN seconds of jobs and at least
 * WINDOW_JOBS jobs, or after WINDOW_MAX seconds. A descheduled thread costs a few milliseconds at
 * a time, so a window must be long enough to see such events at their usual rate. */
#define WINDOW_JOBS 2
#define WINDOW_MIN 0.02
#define WINDOW_MAX 0.1
/* The fewest and the most windows a choice holds before the next probe. */
#define STAY_MIN 2
#define STAY_MAX 32
/* A window of shared jobs this much slower than the last probe measured them starts a probe. */
#define SLOWER 1.5
/* A probe's shared window ends early (after a quarter of WINDOW_MIN) once its jobs take LOSING
 * times as long as the last jobs run alone: the probe costs little when sharing loses. */
#define LOSING 2.0

static struct {
    _Atomic uint64_t ticket;   /* generation << 16 | parts << 8 | next part to claim */
    atomic_int done;           /* parts of the present job finished */
    atomic_int sleepers;       /* workers waiting on cv */
    atomic_int caller_asleep;  /* the caller waits on done_cv for the last part */
    atomic_int fixed;          /* GRADSTEP_THREADS set the thread count: no adapting */
    pool_part_fn fn;           /* the present job, valid while it has unfinished parts */
    void *ctx;
    int workers;               /* started so far */
    pthread_mutex_t mu;
    pthread_cond_t cv;         /* a new job (workers wait on it) */
    pthread_cond_t done_cv;    /* the last part is done (the caller waits on it) */
} pool = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER,
           .done_cv = PTHREAD_COND_INITIALIZER };

/* How jobs of one kind (the same fn and number of parts) run, touched by the calling thread alone.
 * A probe is two windows back to back, one each way (in alternating order, so that a load that
 * grows or falls favours neither); the log of their ratio, limited to [1/4, 4] so that one window
 * that lost the processor for a long time weighs little, is averaged over the probes. */
typedef struct {
    pool_part_fn fn;           /* the kind of job: its function */
    int parts;                 /* and its number of parts */
    unsigned long used;        /* when a job of this kind last ran (a count of jobs) */
    int shared;                /* how the present window's jobs run: 1 shared, 0 alone */
    int probing;               /* windows of the present probe still to run (0: none) */
    int first_shared;          /* the present probe began with the shared window */
    double probe_mean[2];      /* the present probe's seconds per job alone [0] and shared [1] */
    double log_ratio;          /* average of ln(shared / alone) over the probes */
    int probes;                /* probes so far */
    int best;                  /* the way chosen: 1 shared */
    int stay;                  /* windows the choice holds after a probe */
    int stay_left;             /* windows left before the next probe */
    double win_time;           /* the present window's jobs: their seconds */
    int win_jobs;              /* and their number */
} job_kind;

/* The kinds of job met lately: a caller that alternates a few kinds keeps each one's choice. */
#define KINDS 4
static job_kind kinds[KINDS];
static unsigned long jobs_run;

static inline void relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static inline uint64_t ticket_gen(uint64_t t)
{
    return t >> 16;
}

/* Claims and runs parts of the job of generation gen until none is left unclaimed; returns how
 * many this thread ran. The thread that finishes the last part wakes a sleeping caller. */
static int run_parts(uint64_t gen)
{
    int ran = 0;
    uint64_t t = atomic_load(&pool.ticket);
    for (;;) {
        int parts = (int)((t >> 8) & 0xff);
        if (ticket_gen(t) != gen || (int)(t & 0xff) >= parts) {
            return ran;
        }
        if (!atomic_compare_exchange_weak(&pool.ticket, &t, t + 1)) {
            continue; /* t now holds the ticket as it is */
        }
        pool.fn(pool.ctx, (int)(t & 0xff));
        ran++;
        if (atomic_fetch_add(&pool.done, 1) + 1 == parts && atomic_load(&pool.caller_asleep)) {
            pthread_mutex_lock(&pool.mu);
            pthread_cond_signal(&pool.done_cv);
            pthread_mutex_unlock(&pool.mu);
        }
        t = atomic_load(&pool.ticket);
    }
}

static void *worker_main(void *arg)
{
    (void)arg;
    uint64_t seen = ticket_gen(atomic_load(&pool.ticket));
    for (;;) {
        uint64_t gen;
        int spins = 0;
        while ((gen = ticket_gen(atomic_load(&pool.ticket))) == seen) {
            if (++spins < WORKER_SPINS) {
                relax();
                continue;
            }
            pthread_mutex_lock(&pool.mu);
            atomic_fetch_add(&pool.sleepers, 1);
            while (ticket_gen(atomic_load(&pool.ticket)) == seen) {
                pthread_cond_wait(&pool.cv, &pool.mu);
            }
            atomic_fetch_sub(&pool.sleepers, 1);
            pthread_mutex_unlock(&pool.mu);
            spins = 0;
        }
        seen = gen;
        run_parts(gen);
    }
    return NULL;
}

/* Starts workers until there are want of them (at most POOL_MAX_WORKERS), with every signal
 * blocked so that signals keep going to the main thread. Returns how many there are. */
static int start_workers(int want)
{
    if (want > POOL_MAX_WORKERS) {
        want = POOL_MAX_WORKERS;
    }
    if (pool.workers >= want) {
        return pool.workers;
    }
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    while (pool.workers < want) {
        pthread_t tid;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        int rc = pthread_create(&tid, &attr, worker_main, NULL);
        pthread_attr_destroy(&attr);
        if (rc != 0) {
            break;
        }
        pool.workers++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return pool.workers;
}

/* Waits until all parts of the present job are done: a short spin, then asleep on done_cv. The
 * caller raises caller_asleep before it looks at done, and the last part's thread adds to done
 * before it looks at caller_asleep, so one of them always sees the other. */
static void wait_parts(int parts)
{
    for (int spins = 0; spins < CALLER_SPINS; spins++) {
        if (atomic_load(&pool.done) >= parts) {
            return;
        }
        relax();
    }
    pthread_mutex_lock(&pool.mu);
    atomic_store(&pool.caller_asleep, 1);
    while (atomic_load(&pool.done) < parts) {
        pthread_cond_wait(&pool.done_cv, &pool.mu);
    }
    atomic_store(&pool.caller_asleep, 0);
    pthread_mutex_unlock(&pool.mu);
}

/* Starts a probe: the next two windows run one way each. */
static void probe_start(job_kind *c)
{
    c->probing = 2;
    c->first_shared = !c->first_shared;
    c->shared = c->first_shared;
}

/* The entry for jobs of fn with this many parts; a new kind takes the least recently used entry
 * and starts with a probe. */
static job_kind *kind_of(pool_part_fn fn, int parts)
{
    job_kind *c = &kinds[0];
    for (int i = 0; i < KINDS; i++) {
        if (kinds[i].fn == fn && kinds[i].parts == parts) {
            c = &kinds[i];
            c->used = ++jobs_run;
            return c;
        }
        if (kinds[i].used < c->used) {
            c = &kinds[i];
        }
    }
    *c = (job_kind){ .fn = fn, .parts = parts, .used = ++jobs_run, .stay = STAY_MIN };
    probe_start(c);
    return c;
}

/* Ends a probe: folds its ratio into the average and chooses the way of the next windows. */
static void probe_end(job_kind *c)
{
    double r = c->probe_mean[1] / c->probe_mean[0];
    r = r < 0.25 ? 0.25 : r > 4.0 ? 4.0 : r;
    c->log_ratio = c->probes == 0 ? log(r) : 0.5 * (c->log_ratio + log(r));
    c->probes++;
    int best = c->log_ratio < -log(PAYOFF);
    c->stay = c->probes > 1 && best == c->best ? (c->stay * 2 > STAY_MAX ? STAY_MAX : c->stay * 2) : STAY_MIN;
    c->best = best;
    c->stay_left = c->stay;
    c->shared = best;
}

/* Adds one job of secs seconds, run the present window's way; at a window's end, goes on with the
 * probe or the chosen way, and probes again when the choice's windows are used up, or at once when
 * sharing was chosen and has become much slower than the last probe measured it (other programs
 * started to keep the cores busy; running alone, a slowdown touches both ways alike). */
static void kind_add(job_kind *c, double secs)
{
    c->win_time += secs;
    c->win_jobs++;
    /* a probe's shared window that already loses by LOSING ends early: its ratio is clear */
    int losing = c->probing && c->shared && c->probe_mean[0] > 0.0 && c->win_time >= WINDOW_MIN / 4 &&
                 c->win_time > LOSING * c->probe_mean[0] * c->win_jobs;
    if (!losing && c->win_time < WINDOW_MAX && (c->win_jobs < WINDOW_JOBS || c->win_time < WINDOW_MIN)) {
        return;
    }
    double mean = c->win_time / c->win_jobs;
    c->win_time = 0.0;
    c->win_jobs = 0;
    if (c->probing > 0) {
        c->probe_mean[c->shared] = mean;
        if (--c->probing > 0) {
            c->shared = !c->shared;
        } else {
            probe_end(c);
        }
        return;
    }
    if (--c->stay_left <= 0 || (c->best && mean > SLOWER * c->probe_mean[1])) {
        probe_start(c);
    }
}

/* Runs the job on the workers and the calling thread; returns when every part is done. */
static void run_shared(int parts, pool_part_fn fn, void *ctx)
{
    pool.fn = fn;
    pool.ctx = ctx;
    atomic_store(&pool.done, 0);
    uint64_t gen = ticket_gen(atomic_load(&pool.ticket)) + 1;
    atomic_store(&pool.ticket, gen << 16 | (uint64_t)parts << 8);
    if (atomic_load(&pool.sleepers) > 0) {
        pthread_mutex_lock(&pool.mu);
        pthread_cond_broadcast(&pool.cv);
        pthread_mutex_unlock(&pool.mu);
    }
    run_parts(gen);
    wait_parts(parts);
}

void pool_run(int parts, int threads, pool_part_fn fn, void *ctx)
{
    if (parts > POOL_MAX_PARTS) {
        parts = POOL_MAX_PARTS;
    }
    if (threads <= 1 || parts <= 1 || start_workers(threads - 1) == 0) {
        for (int p = 0; p < parts; p++) {
            fn(ctx, p);
        }
        return;
    }
    if (atomic_load(&pool.fixed)) {
        run_shared(parts, fn, ctx);
        return;
    }
    job_kind *c = kind_of(fn, parts);
    double t0 = clock_seconds();
    if (c->shared) {
        run_shared(parts, fn, ctx);
    } else {
        for (int p = 0; p < parts; p++) {
            fn(ctx, p);
        }
    }
    kind_add(c, clock_seconds() - t0);
}

int pool_threads(int max)
{
    /* The CPU count is read once: sysconf reads a file under /sys, which costs as much as a
     * small update. */
    static atomic_long cpus;
    long c = atomic_load(&cpus);
    if (c == 0) {
        c = sysconf(_SC_NPROCESSORS_ONLN);
        c = c < 1 ? 1 : c;
        atomic_store(&cpus, c);
    }
    const char *env = getenv("GRADSTEP_THREADS");
    if (env && *env) {
        char *end;
        long v = strtol(env, &end, 10);
        if (*end == '\0' && v >= 1) {
            c = v;
            atomic_store(&pool.fixed, 1);
        } else {
            atomic_store(&pool.fixed, 0);
        }
    } else {
        atomic_store(&pool.fixed, 0);
    }
    return c < 1 ? 1 : c > max ? max : (int)c;
}
