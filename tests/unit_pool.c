/* unit_pool.c: the worker pool runs every part of a job exactly once, on several threads at once,
 * returns only when all are done (also when the caller had to sleep), and keeps doing so while it
 * switches between sharing jobs and running them alone. */
#define _GNU_SOURCE
#include "harness.h"
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* One job's record: how often each part ran, on which thread, and a sum each part computes. */
typedef struct {
    atomic_int runs[POOL_MAX_PARTS];
    pthread_t who[POOL_MAX_PARTS];
    double sums[POOL_MAX_PARTS];
    int work;                  /* terms each part adds */
} job;

/* Part p adds the terms (p*work + i) for i < work: its sum is known in closed form. */
static void count_part(void *ctx, int p)
{
    job *j = ctx;
    atomic_fetch_add(&j->runs[p], 1);
    j->who[p] = pthread_self();
    double s = 0;
    for (int i = 0; i < j->work; i++) {
        s += (double)p * j->work + i;
    }
    j->sums[p] = s;
}

/* Runs one job of `parts` parts on `threads` threads; returns 1 when every part ran exactly once
 * and left the sum it should (by the formula for an arithmetic series). */
static int run_job(job *j, int parts, int threads, pool_part_fn fn)
{
    for (int p = 0; p < POOL_MAX_PARTS; p++) {
        atomic_store(&j->runs[p], 0);
        j->sums[p] = -1;
    }
    pool_run(parts, threads, fn, j);
    for (int p = 0; p < parts; p++) {
        double w = j->work, want = w * ((double)p * w) + w * (w - 1) / 2;
        if (atomic_load(&j->runs[p]) != 1 || j->sums[p] != want) {
            return 0;
        }
    }
    for (int p = parts; p < POOL_MAX_PARTS; p++) {
        if (atomic_load(&j->runs[p]) != 0) {
            return 0;
        }
    }
    return 1;
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* With GRADSTEP_THREADS fixed: every part once, for many part and thread counts, many times. */
static void test_exactly_once(void)
{
    static job j;
    j.work = 200;
    const char *threads[] = { "1", "2", "3", "8" };
    const int parts[] = { 1, 2, 3, 7, 16, 64 };
    for (int t = 0; t < 4; t++) {
        setenv("GRADSTEP_THREADS", threads[t], 1);
        int n = pool_threads(16);
        CHECK(n == atoi(threads[t]), "GRADSTEP_THREADS=%s gives %d threads", threads[t], n);
        for (int q = 0; q < 6; q++) {
            int ok = 1;
            for (int rep = 0; rep < 200 && ok; rep++) {
                ok = run_job(&j, parts[q], n, count_part);
            }
            CHECK(ok, "%d parts on %d threads: a part ran twice, never, or left a wrong sum", parts[q], n);
        }
    }
    setenv("GRADSTEP_THREADS", "1", 1);
    pool_run(8, pool_threads(16), count_part, &j);
    int caller_only = 1;
    for (int p = 0; p < 8; p++) {
        caller_only &= pthread_equal(j.who[p], pthread_self()) != 0;
    }
    CHECK(caller_only, "GRADSTEP_THREADS=1: every part runs on the calling thread");
}

/* Part 0 waits (at most 10 s) until part 1 has started; part 1 then sleeps 30 ms, longer than the
 * caller spins, so that the caller goes to sleep and must be woken by the last part. */
typedef struct {
    atomic_int started1;
    int saw1;
    pthread_t who[2];
} meet;

static void meet_part(void *ctx, int p)
{
    meet *m = ctx;
    m->who[p] = pthread_self();
    if (p == 1) {
        atomic_store(&m->started1, 1);
        struct timespec ts = { 0, 30 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        return;
    }
    double end = seconds() + 10;
    while (!atomic_load(&m->started1) && seconds() < end) {
    }
    m->saw1 = atomic_load(&m->started1);
}

static void test_two_at_once(void)
{
    setenv("GRADSTEP_THREADS", "2", 1);
    for (int rep = 0; rep < 3; rep++) {
        meet m = { 0 };
        double t0 = seconds();
        pool_run(2, pool_threads(16), meet_part, &m);
        double t = seconds() - t0;
        CHECK(m.saw1, "part 1 started while part 0 ran (two threads at once)");
        CHECK(!pthread_equal(m.who[0], m.who[1]), "the two parts ran on two threads");
        CHECK(t >= 0.03 && t < 10, "the job returned after its slow part and soon: %.3f s", t);
    }
}

/* Two kinds of job in turn, with the thread count left to the pool (it measures, and shares or
 * runs alone): every job still runs each part exactly once. Long enough for several of its
 * measuring windows. */
static void other_part(void *ctx, int p)
{
    count_part(ctx, p);
}

static void test_adapting(void)
{
    unsetenv("GRADSTEP_THREADS");
    static job a, b;
    a.work = 3000;
    b.work = 500;
    int ok = 1, jobs = 0;
    double end = seconds() + 0.4;
    while ((seconds() < end || jobs < 200) && ok) {
        ok = run_job(&a, 4, pool_threads(16), count_part) && run_job(&b, 2, pool_threads(16), other_part);
        jobs++;
    }
    CHECK(ok, "after %d jobs of two kinds left to the pool: a part ran twice, never, or left a wrong sum", jobs);
}

int main(void)
{
    alarm(120); /* a lost wake-up would hang: end the test instead */
    test_exactly_once();
    test_two_at_once();
    test_adapting();
    return harness_finish();
}
