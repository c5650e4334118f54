/* pool.c: worker threads kept between calls, which share the fixed parts of one large sum.
 *
 * An update of a mid-size dataset takes microseconds, far less than starting a thread, so the
 * workers stay: after a job each spins for a while on the job ticket, then sleeps on a condition
 * variable until the next job wakes it. A job is published as one 64-bit ticket, generation << 16 |
 * parts << 8 | next part; a thread claims a part by advancing "next" with a compare-and-swap, so a
 * claim can only succeed for the job the ticket names. The caller claims parts too, and waits until
 * every claimed part is done before it returns (and before the next job replaces fn and ctx). */
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#define POOL_MAX_WORKERS 15
/* Turns a worker spins on the ticket before it sleeps (about 0.1 ms on an EPYC): long enough to
 * catch the next update of a run of steps, short enough to leave the core alone between keys. */
#define WORKER_SPINS 2000
/* Turns the caller spins waiting for parts before it also yields the core. */
#define CALLER_SPINS 2000

static struct {
    _Atomic uint64_t ticket;   /* generation << 16 | parts << 8 | next part to claim */
    atomic_int done;           /* parts of the present job finished */
    atomic_int sleepers;       /* workers waiting on cv */
    pool_part_fn fn;           /* the present job, valid while it has unfinished parts */
    void *ctx;
    int workers;               /* started so far */
    pthread_mutex_t mu;
    pthread_cond_t cv;
} pool = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

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

/* Claims and runs parts of the job of generation gen until none is left unclaimed. */
static void run_parts(uint64_t gen)
{
    uint64_t t = atomic_load(&pool.ticket);
    for (;;) {
        if (ticket_gen(t) != gen || (t & 0xff) >= ((t >> 8) & 0xff)) {
            return;
        }
        if (!atomic_compare_exchange_weak(&pool.ticket, &t, t + 1)) {
            continue; /* t now holds the ticket as it is */
        }
        pool.fn(pool.ctx, (int)(t & 0xff));
        atomic_fetch_add(&pool.done, 1);
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
    for (int spins = 0; atomic_load(&pool.done) < parts; spins++) {
        if (spins < CALLER_SPINS) {
            relax();
        } else {
            sched_yield();
        }
    }
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
        }
    }
    return c < 1 ? 1 : c > max ? max : (int)c;
}
